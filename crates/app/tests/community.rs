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

/// A real case record becomes a digest case: the editor sees what changed, a coordinator approves,
/// and nothing of the record that the editor did not approve is reachable by any member — not the
/// persons' names, the exact place, the reference, the serial numbers, nor the record's id — through
/// the list, the case, the search or the headlines.
#[test]
fn a_case_record_becomes_a_digest_case_without_its_personal_data() {
    use armstrace_app::community::digest::CaseQuery;
    use armstrace_domain::community::digest::{CaseDraft, CaseStatus};
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    armstrace_app::demo::build(store.as_ref(), &armstrace_app::demo::DemoConfig { seed: 7, firearms: 400 }).unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0);
    // A seizure with persons and firearms, and a narrative that names them, as officers write it.
    let all = store.incidents(armstrace_store::Page::all()).unwrap();
    let mut inc = all
        .into_iter()
        .find(|i| !i.persons.is_empty() && i.items.len() >= 2 && !i.place.locality.is_empty())
        .expect("a demo seizure with persons");
    let parties = store.parties_by_ids(&inc.persons.iter().map(|p| p.party).collect::<Vec<_>>()).unwrap();
    let items = store.items_by_ids(&inc.items).unwrap();
    let name = parties[0].name.clone();
    let surname = name.split_whitespace().last().unwrap().to_string();
    let serial = items[0].markings.serial.raw().to_string();
    inc.summary = format!(
        "On {} officers stopped {name} in {} (case {}); {surname} carried a pistol, serial {serial}, and called +385 91 555 1234.",
        inc.date.unwrap(),
        inc.place.locality,
        inc.reference
    );
    store.write(&armstrace_store::WriteBatch { incidents: vec![inc.clone()], ..Default::default() }).unwrap();
    let secrets = [
        name.clone(),
        surname.clone(),
        serial.clone(),
        inc.reference.clone(),
        inc.place.locality.clone(),
        inc.meta.id.to_string(),
        "555 1234".into(),
    ];

    let agency = inc.meta.agency.clone();
    let editor: &'static Principal = Box::leak(Box::new(Principal {
        user: RecordId::new(),
        username: "editor".into(),
        agency: agency.clone(),
        country: inc.meta.country,
        role: Role::Investigator,
        clearance: HandlingCode::Red,
    }));
    let coordinator: &'static Principal = Box::leak(Box::new(principal("coord", "AUT", Role::Analyst)));
    let reader: &'static Principal = Box::leak(Box::new(principal("reader", "MEX", Role::Officer)));
    let admin: &'static Principal = Box::leak(Box::new(principal("root", "HRV", Role::SystemAdmin)));
    let ctx = |who: &'static Principal| Ctx { store: store.as_ref(), audit: &audit, who, source: "test", now, checks: &checks };
    for (who, n) in [(editor, "Edi Tor"), (coordinator, "Coord Inator"), (reader, "Rea Der")] {
        let m = ctx(who).apply_to_join(&draft(n, who.country.as_str(), "investigation", "community")).unwrap();
        ctx(admin).decide_member(m.id, Decision::Approve, "").unwrap();
        if who.username == "coord" {
            ctx(admin).decide_member(m.id, Decision::MakeCoordinator, "").unwrap();
        }
    }

    // The editor drafts from the record: the side-by-side shows each change; the draft names no one.
    let v = ctx(editor).draft_case_from_incident(inc.meta.id).unwrap();
    let review = v.case.review.clone().unwrap();
    assert!(review.changes.iter().any(|c| c.field == "persons" && c.before.contains(&name) && !c.after.contains(&name)));
    let sch = review.changes.iter().find(|c| c.field == "summary").unwrap();
    assert!(sch.before.contains(&serial) && sch.after.contains("[serial number]"), "{sch:?} {serial}");
    assert!(v.leaks.is_empty(), "{:?}", v.leaks);
    let draft_text = serde_json::to_string(&CaseDraft::of(&v.case)).unwrap();
    for s in &secrets {
        assert!(!draft_text.to_lowercase().contains(&s.to_lowercase()), "{s} in the draft: {draft_text}");
    }
    // Nobody else reads a draft; the reader cannot draft from a record they may not read.
    assert_eq!(ctx(reader).digest_case(v.case.id).unwrap_err().code.as_str(), "not_found");
    assert!(ctx(reader).draft_case_from_incident(inc.meta.id).is_err());
    // The editor types the surname back into a field: sending is refused, naming the field.
    let mut d = CaseDraft::of(&v.case);
    d.lessons_learned = format!("Interview {surname} early.");
    ctx(editor).update_case(v.case.id, &d).unwrap();
    let e = ctx(editor).submit_case(v.case.id).unwrap_err();
    assert!(e.message.contains("lessons_learned") && !e.message.contains(&surname), "{}", e.message);
    d.lessons_learned = "Interview the courier early; trace every firearm, including those with obliterated serial numbers.".into();
    d.techniques = "tracing, serial_restoration".into();
    d.crime_links = "organized_crime".into();
    ctx(editor).update_case(v.case.id, &d).unwrap();
    ctx(editor).submit_case(v.case.id).unwrap();
    // The coordinator sees the submitted case without the record's words, and approves it.
    let seen = ctx(coordinator).digest_case(v.case.id).unwrap();
    assert!(seen.case.review.is_none() && seen.coordinator);
    assert_eq!(ctx(editor).review_case(v.case.id, true, "").unwrap_err().code.as_str(), "forbidden", "not the editor");
    let published = ctx(coordinator).review_case(v.case.id, true, "Good lessons").unwrap();
    assert_eq!(published.status, CaseStatus::Published);
    let stored = store.community(v.case.id).unwrap().unwrap();
    assert!(!stored.doc.contains("\"review\""), "the review is dropped at publication");

    // Every way a member reaches the case: nothing of the record beyond what the editor approved.
    let mut reachable = String::new();
    reachable.push_str(&serde_json::to_string(&ctx(reader).digest_case(v.case.id).unwrap()).unwrap());
    reachable.push_str(&serde_json::to_string(&ctx(reader).digest_cases(&CaseQuery::default()).unwrap()).unwrap());
    reachable.push_str(&serde_json::to_string(&ctx(reader).case_headlines(0, 1_000_000).unwrap()).unwrap());
    reachable.push_str(&stored.doc);
    reachable.push_str(&stored.search);
    for s in &secrets {
        assert!(!reachable.to_lowercase().contains(&s.to_lowercase()), "{s} is reachable: {reachable}");
        assert!(ctx(reader).digest_cases(&CaseQuery { q: s.clone(), ..Default::default() }).unwrap().is_empty(), "{s} is searchable");
    }
    assert_eq!(ctx(reader).digest_cases(&CaseQuery { technique: "serial_restoration".into(), ..Default::default() }).unwrap().len(), 1);
    assert_eq!(ctx(reader).digest_cases(&CaseQuery { q: "courier".into(), ..Default::default() }).unwrap().len(), 1);
}
