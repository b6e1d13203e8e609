//! The Community of Practitioners in the service layer: joining and vetting, suspension,
//! coordinators, "find an expert" with each member's visibility choices, and the audit of profile
//! reads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::audit::Auditor;
use armstrace_app::community::member::{Decision, ExpertQuery};
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::community::{MemberDraft, MemberStatus};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;

fn principal(name: &str, country: &str, role: Role) -> Principal {
    Principal {
        user: RecordId::new(),
        username: name.into(),
        agency: format!("{country}-POL"),
        country: CountryCode::from_alpha3(country).unwrap(),
        role,
        clearance: HandlingCode::Red,
    }
}

fn draft(name: &str, country: &str, expertise: &str, visibility: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        agency: "Prosecutor's office".into(),
        country: country.into(),
        position: "prosecutor".into(),
        languages: "en, es".into(),
        expertise: expertise.into(),
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        contact: "email".into(),
        visibility: visibility.into(),
        newsletter: "on".into(),
        ..Default::default()
    }
}

#[test]
fn joining_vetting_suspension_and_finding_an_expert() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0);
    let admin: &'static Principal = Box::leak(Box::new(principal("root", "HRV", Role::SystemAdmin)));
    let ana: &'static Principal = Box::leak(Box::new(principal("ana", "HRV", Role::Investigator)));
    let ben: &'static Principal = Box::leak(Box::new(principal("ben", "MEX", Role::Analyst)));
    let cleo: &'static Principal = Box::leak(Box::new(principal("cleo", "AUT", Role::Officer)));
    fn ctx<'a>(
        store: &'a dyn armstrace_store::Store,
        audit: &'a Auditor,
        checks: &'a CrossCheck,
        who: &'a Principal,
        now: Timestamp,
    ) -> Ctx<'a> {
        Ctx { store, audit, who, source: "test", now, checks }
    }
    let ctx = |who: &'static Principal| ctx(store.as_ref(), &audit, &checks, who, now);

    // Nobody reads the Community before joining; a bad application names every bad field.
    assert_eq!(ctx(ana).find_experts(&ExpertQuery::default()).unwrap_err().code.as_str(), "forbidden");
    let bad = ctx(ana).apply_to_join(&MemberDraft { country: "Atlantis".into(), ..Default::default() }).unwrap_err();
    assert!(bad.message.contains("country") && bad.message.contains("expertise"), "{}", bad.message);
    let a = ctx(ana).apply_to_join(&draft("Ana Kovač", "HRV", "prosecution, tracing", "community")).unwrap();
    assert_eq!(a.status, MemberStatus::Applied);
    assert!(ctx(ana).community_member().unwrap_err().message.contains("waits"));
    // Only a coordinator (or the node's administrator, who appoints the first) decides.
    assert_eq!(ctx(ben).member_applications().unwrap_err().code.as_str(), "forbidden");
    assert_eq!(ctx(admin).member_applications().unwrap().len(), 1);
    ctx(admin).decide_member(a.id, Decision::Approve, "").unwrap();
    ctx(admin).decide_member(a.id, Decision::MakeCoordinator, "").unwrap();
    assert!(ctx(ana).community_member().unwrap().coordinator);
    // Ana, now a coordinator, vets the others; a refusal needs a reason.
    let b = ctx(ben).apply_to_join(&draft("Ben Ortiz", "MEX", "ballistics, tracing", "region")).unwrap();
    let c = ctx(cleo).apply_to_join(&draft("Cleo Huber", "AUT", "customs", "community")).unwrap();
    assert_eq!(ctx(ana).decide_member(c.id, Decision::Decline, " ").unwrap_err().code.as_str(), "invalid_input");
    ctx(ana).decide_member(b.id, Decision::Approve, "").unwrap();
    ctx(ana).decide_member(c.id, Decision::Approve, "").unwrap();
    assert_eq!(ctx(ana).decide_member(a.id, Decision::Suspend, "x").unwrap_err().code.as_str(), "forbidden", "not about oneself");
    assert_eq!(ctx(ana).decide_member(b.id, Decision::Approve, "").unwrap_err().code.as_str(), "conflict", "approved already");

    // Find an expert: Ben shows his profile only to his region (the Americas) and the coordinators.
    let names =
        |who: &'static Principal, q: ExpertQuery| ctx(who).find_experts(&q).unwrap().into_iter().map(|m| m.name).collect::<Vec<_>>();
    assert_eq!(names(cleo, ExpertQuery { expertise: "tracing".into(), ..Default::default() }), vec!["Ana Kovač"]);
    assert_eq!(names(ana, ExpertQuery { expertise: "tracing".into(), ..Default::default() }), vec!["Ana Kovač", "Ben Ortiz"]);
    assert_eq!(names(cleo, ExpertQuery { region: "europe".into(), ..Default::default() }), vec!["Ana Kovač", "Cleo Huber"]);
    assert_eq!(names(cleo, ExpertQuery { country: "Croatia".into(), language: "Spanish".into(), ..Default::default() }), vec!["Ana Kovač"]);
    assert_eq!(names(cleo, ExpertQuery { q: "kovac".into(), ..Default::default() }), vec!["Ana Kovač"], "without diacritics");
    assert_eq!(ctx(cleo).member(b.id).unwrap_err().code.as_str(), "not_found", "hidden from outside his region");
    assert!(ctx(cleo).member(a.id).unwrap().motivation.is_empty(), "the vetting text is the coordinators'");
    assert!(ctx(cleo).find_experts(&ExpertQuery { expertise: "juggling".into(), ..Default::default() }).is_err());

    // Suspension: Cleo reads nothing of the Community until reinstated, and cannot rejoin around it.
    ctx(ana).decide_member(c.id, Decision::Suspend, "shared a restricted case outside the Community").unwrap();
    assert!(ctx(cleo).community_member().unwrap_err().message.contains("suspended"));
    assert!(ctx(cleo).apply_to_join(&draft("Cleo Huber", "AUT", "customs", "community")).is_err());
    assert!(!names(ana, ExpertQuery::default()).contains(&"Cleo Huber".to_string()));
    ctx(ana).decide_member(c.id, Decision::Reinstate, "").unwrap();
    assert!(ctx(cleo).community_member().is_ok());

    // Profile reads and searches are audited.
    audit.flush(store.as_ref()).unwrap();
    let log = store.audit_entries(0, 10_000).unwrap();
    assert!(log.iter().any(|e| e.action == "search" && e.record_type == "member" && e.username == "cleo"));
    assert!(log.iter().any(|e| e.action == "read" && e.record == Some(a.id)));
    assert!(log.iter().any(|e| e.action == "suspend" && e.record == Some(c.id) && e.detail.contains("restricted")));
}
