#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Requests between countries through the services: a tracing request prepared from a seized
//! item's trace, completed, sent, acknowledged and answered; an incoming request answered from the
//! national trace; who may do what; the queue and the statistics.

use armstrace_app::audit::Auditor;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::demo::{build, DemoConfig};
use armstrace_app::records::Ctx;
use armstrace_app::requests::Move;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::request::{CooperationRequest, Direction, Outcome, Status};
use armstrace_domain::time::Timestamp;
use armstrace_domain::trace::Diversion;
use armstrace_store::{ItemFilter, Page};

fn principal(agency: &str, country: armstrace_domain::country::CountryCode, role: Role) -> Principal {
    Principal {
        user: RecordId::new(),
        username: format!("{agency}.{}", role.code()),
        agency: agency.into(),
        country,
        role,
        clearance: HandlingCode::Red,
    }
}

#[test]
fn a_tracing_request_from_trace_to_answer() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    build(store.as_ref(), &DemoConfig { seed: 2026, firearms: 4_000 }).unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 9, 0, 0);
    // A seized item whose record stops before any holder: someone abroad must be asked.
    let items = store.items(&ItemFilter::default(), Page { offset: 0, limit: 100_000 }).unwrap();
    let (item, poc) = items
        .iter()
        .find_map(|it| {
            let poc = principal(&it.meta.agency, it.meta.country, Role::PointOfContact);
            let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &poc, source: "test", now, checks: &checks };
            let t = ctx.trace(it.meta.id).ok()?;
            (matches!(t.trace.diversion, Diversion::NotEstablished { .. }) && t.trace.ask.iter().any(|a| a.country != it.meta.country))
                .then_some((it.clone(), poc))
        })
        .expect("the demo world has seized firearms traced to another country");
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &poc, source: "test", now, checks: &checks };
    let draft = ctx.draft_trace_request(item.meta.id).unwrap();
    let r = &draft.request;
    assert_eq!(r.status, Status::Draft);
    assert_ne!(r.requested_country, poc.country, "addressed abroad");
    assert_eq!(r.firearm.serial, item.markings.serial.raw());
    assert!(!r.circumstances.is_empty(), "the circumstances come from the recovery");
    let missing: Vec<&str> = draft.missing.iter().map(|m| m.field).collect();
    assert!(missing.contains(&"legal_basis") && missing.contains(&"intended_use"), "{missing:?}");
    let id = r.meta.id;
    // It cannot go out incomplete.
    let refused = ctx.move_request(id, Move::Send).unwrap_err();
    assert!(refused.message.contains("before sending"), "{}", refused.message);
    let mut completed = r.clone();
    completed.legal_basis = "Criminal Procedure Act; Firearms Protocol art. 12(4)".into();
    completed.intended_use = "criminal investigation of illicit trafficking".into();
    completed.status = Status::Answered; // ignored: the lifecycle moves only through steps
    ctx.update(id, completed, None).unwrap();
    assert_eq!(ctx.request_view(id).unwrap().request.status, Status::Draft);
    // An investigator prepares, only the point of contact sends.
    let inv = principal(&poc.agency, poc.country, Role::Investigator);
    let as_inv = Ctx { store: store.as_ref(), audit: &audit, who: &inv, source: "test", now, checks: &checks };
    assert_eq!(as_inv.move_request(id, Move::Send).unwrap_err().code, armstrace_app::error::ErrorCode::Forbidden);
    let sent = ctx.move_request(id, Move::Send).unwrap();
    assert_eq!(sent.request.status, Status::Sent);
    assert!(sent.acknowledge_by.is_some() && sent.answer_by.is_some());
    let pending = ctx.pending_requests().unwrap();
    assert!(pending.outgoing.iter().any(|v| v.request.meta.id == id));
    // Overdue once the acknowledgment is late.
    let later = Ctx {
        now: Timestamp::from_ymd_hms(2026, 12, 15, 9, 0, 0),
        ..Ctx { store: store.as_ref(), audit: &audit, who: &poc, source: "test", now, checks: &checks }
    };
    assert!(later.pending_requests().unwrap().overdue >= 1);
    ctx.move_request(id, Move::Acknowledge { their_reference: "SRB-T-77".into() }).unwrap();
    let refused = ctx.move_request(id, Move::Answer { outcome: Outcome::NotTraced { reason: " ".into() }, answer: String::new() });
    assert!(refused.is_err(), "a 'not traced' needs its reason");
    let answered = ctx.move_request(id, Move::Answer { outcome: Outcome::Traced, answer: "sold to a dealer in 2012".into() }).unwrap();
    assert_eq!(answered.request.status, Status::Answered);
    assert_eq!(answered.request.log.len(), 3);
    let stats = ctx.request_statistics().unwrap();
    let s = &stats[answered.request.requested_country.as_str()];
    assert_eq!((s.sent, s.answered, s.traced), (1, 1, 1));
    assert_eq!(s.median_days_to_answer, Some(0));
    let entries = store.audit_entries(0, 1_000_000).unwrap();
    for action in ["create", "update", "send", "acknowledge", "answer"] {
        assert!(entries.iter().any(|e| e.action == action && e.record_type == "cooperation_request"), "{action} audited");
    }

    // The other side: the requested country records it as incoming and answers from its trace.
    let other = principal("THEIR-NFP", answered.request.requested_country, Role::PointOfContact);
    let theirs = Ctx { store: store.as_ref(), audit: &audit, who: &other, source: "test", now, checks: &checks };
    let incoming = CooperationRequest { item: None, ..answered.request.clone() };
    let received = theirs.record_incoming(incoming).unwrap();
    assert_eq!(received.request.direction, Direction::Incoming);
    assert_eq!(received.request.status, Status::Sent);
    let (outcome, _) = theirs.compose_answer(received.request.meta.id).unwrap();
    assert!(matches!(outcome, Outcome::NotTraced { .. }), "no record of theirs is named: not traced, with the reason");
    assert!(theirs.move_request(received.request.meta.id, Move::Send).is_err(), "incoming requests are answered, not sent");
    // A request from abroad about our own seized pistol finds our record through the cross-check,
    // even with the serial written with separators and a misread character.
    checks.refresh(store.as_ref()).unwrap();
    let mut asked = answered.request.clone();
    asked.requesting_country = answered.request.requested_country;
    asked.item = None;
    let serial = item.markings.serial.raw().to_string();
    let mut chars: Vec<char> = serial.chars().collect();
    if let Some(c) = chars.iter_mut().find(|c| **c == '0' || **c == '1' || **c == '5' || **c == '8') {
        *c = match *c {
            '0' => 'O',
            '1' => 'I',
            '5' => 'S',
            _ => 'B',
        };
    }
    asked.firearm.serial = chars.into_iter().collect();
    let ours = ctx.record_incoming(asked).unwrap();
    assert_eq!(ours.request.item, Some(item.meta.id), "{} read as {}", serial, ours.request.firearm.serial);
    let (_, answer) = ctx.compose_answer(ours.request.meta.id).unwrap();
    assert!(!answer.is_empty());
    // A requesting point of contact of another agency cannot touch it.
    assert!(ctx.move_request(received.request.meta.id, Move::Withdraw { reason: String::new() }).is_err());
}

/// Another country asks whether an export licence is genuine and whether the shipment arrived; the
/// licensing officer answers from the licence registry (FP 10(4)–(5)).
#[test]
fn a_licence_verification_is_answered_from_the_registry() {
    use armstrace_domain::request::{RequestKind, Urgency};
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    build(store.as_ref(), &DemoConfig { seed: 2026, firearms: 3_000 }).unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 9, 0, 0);
    // An export licence of the demo with firearms exported under it.
    let licences = store.licences(Page { offset: 0, limit: 100_000 }).unwrap();
    let (licence, exported) = licences
        .iter()
        .filter(|l| l.exporting_country.is_some())
        .find_map(|l| {
            let ev = store.events_under_licence(l.meta.id, 1000).unwrap();
            ev.iter().any(|e| e.kind == armstrace_domain::history::EventKind::Exported).then(|| (l.clone(), ev.len()))
        })
        .expect("the demo world exports under licences");
    assert!(exported > 0);
    let officer = Principal {
        user: RecordId::new(),
        username: "lic".into(),
        agency: licence.meta.agency.clone(),
        country: licence.meta.country,
        role: Role::LicensingOfficer,
        clearance: HandlingCode::Red,
    };
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &officer, source: "test", now, checks: &checks };
    let other =
        armstrace_domain::country::CountryCode::from_alpha3(if licence.meta.country.as_str() == "DEU" { "FRA" } else { "DEU" }).unwrap();
    let asked = CooperationRequest {
        direction: Direction::Incoming,
        urgency: Urgency::Urgent,
        requesting_authority: "Customs".into(),
        case_reference: "CUST-2026-9".into(),
        subject: "is this export licence genuine, and did the shipment arrive?".into(),
        licence_number: format!(" {} ", licence.number.to_lowercase()),
        ..CooperationRequest::draft(
            armstrace_domain::meta::RecordMeta::new(RecordId::new(), "X", other, HandlingCode::Amber, now, "x"),
            RequestKind::LicenceVerification,
            other,
            licence.meta.country,
        )
    };
    let received = ctx.record_incoming(asked.clone()).unwrap();
    let id = received.request.meta.id;
    let (outcome, answer) = ctx.verify_licence(id).unwrap();
    assert_eq!(outcome, Outcome::Answered);
    assert!(answer.contains(&licence.number) && answer.contains("exported"), "{answer}");
    let done = ctx.move_request(id, Move::Answer { outcome, answer }).unwrap();
    assert_eq!(done.request.status, Status::Answered);
    // A number the registry does not hold: not found, with the reason.
    let unknown = ctx.record_incoming(CooperationRequest { licence_number: "NO-SUCH-1".into(), ..asked }).unwrap();
    assert!(matches!(ctx.verify_licence(unknown.request.meta.id).unwrap().0, Outcome::NotTraced { .. }));
    // The licensing officer answers licence verifications only.
    let poc = Principal { role: Role::Officer, ..officer.clone() };
    let as_officer = Ctx { store: store.as_ref(), audit: &audit, who: &poc, source: "test", now, checks: &checks };
    assert!(as_officer.verify_licence(id).is_err());
}
