//! Cross-checking in the product: a seizure recorded with a misread serial raises a hit against
//! the stolen record at once; the hit shows each side only to those who may read it, says whom to
//! contact otherwise, and is confirmed or rejected by someone entitled to both records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, EventKind, HistoryEvent};
use armstrace_domain::id::RecordId;
use armstrace_domain::item::{Item, Resolved};
use armstrace_domain::serial::SerialNumber;
use armstrace_store::WriteBatch;
use common::*;
use serde_json::json;

fn event(kind: EventKind, country: &str) -> HistoryEvent {
    HistoryEvent {
        id: RecordId::new(),
        item: RecordId::new(),
        seq: 0,
        kind,
        date: None,
        country: Some(CountryCode::from_alpha3(country).unwrap()),
        place: String::new(),
        parties: vec![],
        licence: None,
        incident: None,
        documents: vec![],
        note: String::new(),
    }
}

fn pistol(agency: &str, handling: HandlingCode, serial: &str, make: &str, kind: EventKind) -> (Item, HistoryEvent) {
    let mut it = item(agency, handling, serial);
    it.markings.manufacturer = Resolved { raw: make.into(), id: None, canonical: None, confidence: 0.0 };
    it.classification.calibre = Resolved { raw: "9x19mm".into(), id: None, canonical: None, confidence: 0.0 };
    it.markings.serial = SerialNumber::parse(serial, None).unwrap();
    // Realistic pairs: the model and country of manufacture agree with the make.
    let (model, made_in) = match make {
        "Smith & Wesson" | "S&W" => ("M&P9", "USA"),
        "Glock" => ("17", "AUT"),
        "Zastava" => ("CZ99", "SRB"),
        _ => ("75", "CZE"),
    };
    it.classification.model = Resolved { raw: model.into(), id: None, canonical: None, confidence: 0.0 };
    it.markings.country_of_manufacture = Some(CountryCode::from_alpha3(made_in).unwrap());
    let mut e = event(kind, &agency[..3]);
    e.item = it.meta.id;
    it.status = derive_status(std::slice::from_ref(&e));
    (it, e)
}

#[test]
fn a_misread_seizure_raises_a_hit_that_each_side_sees_as_far_as_it_may() {
    // The registry is in the store before the server starts: the index is loaded from it.
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let (stolen, stolen_event) = pistol("HRV-POL", HandlingCode::Amber, "SW12345678", "Smith & Wesson", EventKind::ReportedStolen);
    let (registered, reg_event) = pistol("SRB-POL", HandlingCode::Red, "GLK48817", "Glock", EventKind::Registered);
    let (trap, trap_event) = pistol("SRB-POL", HandlingCode::Green, "SW12345678", "Zastava", EventKind::Registered);
    store
        .write(&WriteBatch {
            items: vec![stolen.clone(), registered.clone(), trap.clone()],
            events: vec![stolen_event, reg_event, trap_event],
            ..Default::default()
        })
        .unwrap();
    let app = spawn_app_with(armstrace_web::AppState::new(store, false));
    assert_eq!(app.state.checks.len(), 3, "the index holds every item with a serial");
    let srb_officer = app.user("srb.officer", "SRB-CUS", Role::Officer, HandlingCode::Red);
    let hrv_inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let hrv_viewer = app.user("hrv.viewer", "HRV-POL", Role::Viewer, HandlingCode::Red);
    let (s, h) = (app.token(&srb_officer), app.token(&hrv_inv));

    // Serbian customs seize a pistol whose serial was read with S→5 and written with separators.
    let (mut seized, mut seized_event) = pistol("SRB-CUS", HandlingCode::Green, "5W-1234-5678", "S&W", EventKind::Seized);
    seized.markings.serial = SerialNumber::parse("5W-1234-5678", None).unwrap();
    seized_event.item = seized.meta.id;
    let created = app.send_json("POST", "/api/v1/items", &s, &json!({ "item": seized, "history": [seized_event], "handling": "GREEN" }));
    assert_eq!(created.status, 201, "{}", created.body);
    let seized_id = created.json()["item"]["meta"]["id"].as_str().unwrap().to_string();

    // The officer's agency is told at once: a match exists, with whom (HRV-POL), nothing more.
    let hits = app.get("/api/v1/checks/hits", &s).json();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "one hit, against the stolen record and not the same-serial trap of another make: {hits:?}");
    let hit = &hits[0];
    assert_eq!(hit["matched"]["agency"], "HRV-POL");
    assert!(hit["matched"].get("item").is_none(), "the AMBER record of another country is not shown");
    assert!(hit.get("explanation").is_none(), "the explanation would describe the other record's serial");
    assert!(hit.get("matched_status").is_none());
    assert_eq!(hit["item"]["item"]["meta"]["id"], seized_id.as_str(), "its own seizure is shown");
    assert_eq!(hit["can_decide"], false);
    assert!(["confirmed", "probable"].contains(&hit["confidence"].as_str().unwrap()));
    let hit_id = hit["id"].as_str().unwrap().to_string();

    // The owner of the stolen record sees both sides (the seizure is GREEN), and why.
    let seen = app.get(&format!("/api/v1/checks/hits/{hit_id}"), &h).json();
    assert_eq!(seen["matched"]["item"]["meta"]["id"], stolen.meta.id.to_string());
    assert_eq!(seen["matched_status"], "stolen");
    let why = seen["explanation"].as_str().unwrap();
    assert!(why.contains('5') && why.to_lowercase().contains("misread"), "{why}");
    assert_eq!(seen["can_decide"], true);

    // Deciding: a viewer may not; a rejection needs a reason; a decision is made once.
    let decide =
        |auth: &Auth, body: serde_json::Value| app.send_json("POST", &format!("/api/v1/checks/hits/{hit_id}/decision"), auth, &body);
    assert_eq!(decide(&app.token(&hrv_viewer), json!({ "confirm": true })).status, 403);
    assert_eq!(decide(&s, json!({ "confirm": true })).status, 403, "the seizing officer cannot read the stolen record");
    let no_reason = decide(&h, json!({ "confirm": false }));
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("reason"));
    let confirmed = decide(&h, json!({ "confirm": true, "reason": "markings photo matches" }));
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert_eq!(confirmed.json()["status"], "confirmed");
    assert_eq!(confirmed.json()["decided_by"], "hrv.inv");
    assert_eq!(decide(&h, json!({ "confirm": false, "reason": "second thoughts" })).status, 409);
    assert_eq!(app.get("/api/v1/checks/hits?status=new", &h).json().as_array().unwrap().len(), 0);
    assert_eq!(app.get("/api/v1/checks/hits?status=confirmed", &h).json().as_array().unwrap().len(), 1);
    assert_eq!(app.get("/api/v1/checks/hits?status=maybe", &h).status, 422);

    // Recording the same item again raises no second hit for the same pair.
    let again = app.get(&format!("/api/v1/items/{seized_id}"), &s).json()["item"].clone();
    assert_eq!(app.send_json("PUT", &format!("/api/v1/items/{seized_id}"), &s, &again).status, 200);
    assert_eq!(app.get("/api/v1/checks/hits", &h).json().as_array().unwrap().len(), 1);

    // An ad-hoc check: the RED Serbian registration is found through an obliterated character, but
    // shown to a Croatian investigator only as "a record of SRB-POL".
    let check = json!({ "serial": "GLK4?817", "manufacturer": "Glock", "firearm_type": "pistol" });
    let answers = app.send_json("POST", "/api/v1/checks", &h, &check);
    assert_eq!(answers.status, 200, "{}", answers.body);
    let first = &answers.json()[0];
    assert_eq!(first["agency"], "SRB-POL");
    assert!(first.get("record").is_none() && first.get("explanation").is_none(), "{first}");
    let srb_pol = app.user("srb.inv", "SRB-POL", Role::Investigator, HandlingCode::Red);
    let own = app.send_json("POST", "/api/v1/checks", &app.token(&srb_pol), &check).json();
    assert_eq!(own[0]["record"]["meta"]["id"], registered.meta.id.to_string());
    assert!(own[0]["explanation"].as_str().unwrap().len() > 5);
    assert_eq!(app.send_json("POST", "/api/v1/checks", &h, &json!({ "serial": " " })).status, 422);

    // Checks and hits are audited; the entries of reads are stored within moments of the answer,
    // without anyone flushing them.
    let stored = |action: &str| app.state.store.audit_entries(0, 10_000).unwrap().iter().filter(|e| e.action == action).count();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while stored("check") < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(stored("check"), 2, "the server's timer stores the entries of the checks");
    app.state.flush_audit().unwrap();
    let audit = app.state.store.audit_entries(0, 10_000).unwrap();
    for (action, kind) in [("create", "check_hit"), ("confirmed", "check_hit"), ("check", "item"), ("read", "check_hit")] {
        assert!(audit.iter().any(|e| e.action == action && e.record_type == kind), "no audit entry {action} {kind}");
    }
}

#[test]
fn a_theft_reported_after_the_seizure_finds_the_seizure() {
    let app = spawn_app();
    let officer = app.user("hrv.officer", "HRV-POL", Role::Officer, HandlingCode::Red);
    let a = app.token(&officer);
    let (seized, mut e) = pistol("HRV-POL", HandlingCode::Amber, "CZ0O77812", "CZ", EventKind::Seized);
    e.item = seized.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &a, &json!({ "item": seized, "history": [e] })).status, 201);
    assert!(app.get("/api/v1/checks/hits", &a).json().as_array().unwrap().is_empty(), "nothing to match yet");
    // The owner reports the theft later, serial read correctly.
    let (stolen, mut e) = pistol("HRV-POL", HandlingCode::Amber, "CZ0077812", "Česká zbrojovka", EventKind::ReportedStolen);
    e.item = stolen.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &a, &json!({ "item": stolen, "history": [e] })).status, 201);
    let hits = app.get("/api/v1/checks/hits", &a).json();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    let dashboard = app.get("/", &a);
    assert!(dashboard.body.contains("<strong>1</strong> cross-check hits waiting"), "the dashboard counts the open hit");
    assert_eq!(hits[0]["matched_status"], "seized");
}

#[test]
fn the_hit_pages_show_both_records_side_by_side_and_take_the_decision() {
    let app = spawn_app();
    let inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let srb = app.user("srb.officer", "SRB-CUS", Role::Officer, HandlingCode::Red);
    let (h, s) = (app.token(&inv), app.token(&srb));
    let (stolen, mut e) = pistol("HRV-POL", HandlingCode::Amber, "GLK48817", "Glock", EventKind::ReportedStolen);
    e.item = stolen.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &h, &json!({ "item": stolen, "history": [e], "handling": "AMBER" })).status, 201);
    let (seized, mut e) = pistol("SRB-CUS", HandlingCode::Green, "GLK-4B817", "Glock", EventKind::Seized);
    e.item = seized.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &s, &json!({ "item": seized, "history": [e], "handling": "GREEN" })).status, 201);
    let hit_id = app.get("/api/v1/checks/hits", &h).json()[0]["id"].as_str().unwrap().to_string();

    let list = app.get("/hits", &h);
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&format!("/hits/{hit_id}")));
    assert!(list.body.contains("waiting for a decision"));
    // The investigator who owns the stolen record sees both sides, the differing serial marked.
    let page = app.get(&format!("/hits/{hit_id}"), &h);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("GLK-4B817") && page.body.contains("GLK48817"));
    assert!(page.body.contains("class=\"differs\""), "the serial rows differ");
    assert!(page.body.contains("/hits/") && page.body.contains("name=\"decision\""), "a decision form");
    // The Serbian officer sees their seizure and only whom to contact for the other record.
    let theirs = app.get(&format!("/hits/{hit_id}"), &s);
    assert_eq!(theirs.status, 200);
    assert!(!theirs.body.contains("GLK48817"), "the AMBER record of another country stays hidden");
    assert!(theirs.body.contains("not yours to see") && theirs.body.contains("HRV-POL"));
    assert!(!theirs.body.contains("name=\"decision\""));
    // Rejecting without a reason comes back with the message; with one, it is recorded.
    let csrf = page.field("csrf");
    let (_, session) = app.sign_in("hrv.inv", PASSWORD);
    let cookie = session.cookie.clone().unwrap();
    let csrf = session.csrf.clone().unwrap_or(csrf);
    let r = app.post_form(&format!("/hits/{hit_id}/decision"), Some(&cookie), &[("csrf", &csrf), ("decision", "reject"), ("reason", "")]);
    assert_eq!(r.status, 422);
    assert!(r.body.contains("reason"));
    let r = app.post_form(
        &format!("/hits/{hit_id}/decision"),
        Some(&cookie),
        &[("csrf", &csrf), ("decision", "reject"), ("reason", "other frame number under the grip")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(app.get(&format!("/api/v1/checks/hits/{hit_id}"), &h).json()["status"], "rejected");
    assert_eq!(
        app.post_form(&format!("/hits/{hit_id}/decision"), None, &[("csrf", ""), ("decision", "confirm")]).status,
        303,
        "no credentials: sign in"
    );

    // The check page: a described firearm, nothing recorded.
    let form = app.get("/checks", &s);
    assert_eq!(form.status, 200);
    let (_, officer) = app.sign_in("srb.officer", PASSWORD);
    let r = app.post_form(
        "/checks",
        officer.cookie.as_deref(),
        &[
            ("csrf", officer.csrf.as_deref().unwrap()),
            ("serial", "GLK48?17"),
            ("manufacturer", "Glock"),
            ("model", ""),
            ("firearm_type", ""),
            ("calibre", ""),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("HRV-POL") && r.body.contains("a record you may not see"), "{}", r.body);
    assert!(!r.body.contains("GLK48817"));
}

#[test]
fn an_operations_spreadsheet_is_checked_in_one_go() {
    let app = spawn_app();
    let inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let srb = app.user("srb.officer", "SRB-CUS", Role::Officer, HandlingCode::Red);
    let (h, s) = (app.token(&inv), app.token(&srb));
    for (serial, make, kind) in [("GLK48817", "Glock", EventKind::ReportedStolen), ("SW12345678", "Smith & Wesson", EventKind::Registered)]
    {
        let (it, mut e) = pistol("HRV-POL", HandlingCode::Amber, serial, make, kind);
        e.item = it.meta.id;
        assert_eq!(app.send_json("POST", "/api/v1/items", &h, &json!({ "item": it, "history": [e], "handling": "AMBER" })).status, 201);
    }
    let csv = "reference;marca;número de serie\nOP-7/1;Glock;GLK-4B817\nOP-7/2;S&W;5W12345678\nOP-7/3;Beretta;\nOP-7/4;Beretta;ZZ0000001\n";
    let post = |auth: &Auth| {
        let mut req = app.agent.post(format!("{}/api/v1/checks/file?name=operation-7.csv", app.base)).header("Content-Type", "text/csv");
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        req.send(csv.as_bytes()).unwrap().into_body().read_to_string().unwrap()
    };
    let mine: serde_json::Value = serde_json::from_str(&post(&h)).unwrap();
    assert_eq!(mine["checked"], 3, "{mine}");
    assert_eq!(mine["with_alert"], 2, "{mine}");
    assert_eq!(mine["skipped"][0]["row"], 4, "the row without a serial is named: {mine}");
    assert!(mine["skipped"][0]["file"].as_str().unwrap().contains("operation-7.csv"));
    assert_eq!(mine["answers"][0]["candidates"][0]["record"]["markings"]["serial"]["normalized"], "GLK48817");
    // Another country's officer learns that matches exist and whom to ask, nothing of the records.
    let theirs = post(&s);
    assert!(!theirs.contains("GLK48817") && !theirs.contains("SW12345678\""), "{theirs}");
    let theirs: serde_json::Value = serde_json::from_str(&theirs).unwrap();
    assert_eq!(theirs["answers"][0]["candidates"][0]["agency"], "HRV-POL");
    assert!(theirs["answers"][0]["candidates"][0].get("explanation").is_none());

    // The same from the page.
    let (_, session) = app.sign_in("hrv.inv", PASSWORD);
    let r = app.post_multipart(
        "/checks/file",
        session.cookie.as_deref(),
        &[("csrf", session.csrf.as_deref().unwrap())],
        ("file", "operation-7.csv", csv.as_bytes()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("OP-7/1") && r.body.contains("GLK48817") && r.body.contains("operation-7.csv"));
    assert!(r.body.contains("class=\"alert\""));
    let forged = app.post_multipart("/checks/file", session.cookie.as_deref(), &[("csrf", "forged")], ("file", "x.csv", csv.as_bytes()));
    assert_eq!(forged.status, 403);
    app.state.flush_audit().unwrap();
    let audit = app.state.store.audit_entries(0, 10_000).unwrap();
    assert!(audit.iter().any(|e| e.action == "check" && e.record_type == "file" && e.detail.contains("operation-7.csv")));
}

#[test]
fn new_hits_are_mailed_to_who_decides_them_without_record_details() {
    let (port, sink) = smtp_sink();
    let app = spawn_app();
    let cfg = armstrace_app::mail::SmtpConfig::parse(&format!("smtp://notify:secret@127.0.0.1:{port}"), "armstrace@mup.example").unwrap();
    app.state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), "https://armstrace.mup.example/");
    let inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    app.user("hrv.viewer", "HRV-POL", Role::Viewer, HandlingCode::Red);
    let srb = app.user("srb.officer", "SRB-CUS", Role::Officer, HandlingCode::Red);
    // Addresses: the investigator sets theirs on the account page; a viewer's is never used.
    let (_, session) = app.sign_in("hrv.inv", PASSWORD);
    let r = app.post_form(
        "/account/email",
        session.cookie.as_deref(),
        &[("csrf", session.csrf.as_deref().unwrap()), ("email", "ivan@mup.example")],
    );
    assert_eq!(r.status, 303);
    let bad = app.post_form(
        "/account/email",
        session.cookie.as_deref(),
        &[("csrf", session.csrf.as_deref().unwrap()), ("email", "ivan@mup\r\nRCPT TO:<x@y.z>")],
    );
    assert_eq!(bad.status, 422);
    for name in ["hrv.viewer", "srb.officer"] {
        let mut u = app.state.store.user_by_name(name).unwrap().unwrap();
        u.email = Some(format!("{name}@example.org"));
        if name == "srb.officer" {
            u.language = armstrace_domain::account::Language::Es;
        }
        app.state.store.save_user(&u).unwrap();
    }
    let (stolen, mut e) = pistol("HRV-POL", HandlingCode::Amber, "GLK48817", "Glock", EventKind::ReportedStolen);
    e.item = stolen.meta.id;
    assert_eq!(
        app.send_json("POST", "/api/v1/items", &app.token(&inv), &json!({ "item": stolen, "history": [e], "handling": "AMBER" })).status,
        201
    );
    let (seized, mut e) = pistol("SRB-CUS", HandlingCode::Green, "GLK-4B817", "Glock", EventKind::Seized);
    e.item = seized.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &app.token(&srb), &json!({ "item": seized, "history": [e] })).status, 201);
    let hit_id = app.get("/api/v1/checks/hits", &app.token(&inv)).json()[0]["id"].as_str().unwrap().to_string();

    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sink.lock().unwrap().len() < 2 && std::time::Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mails = sink.lock().unwrap().clone();
    let mut to: Vec<String> = mails.iter().flat_map(|(r, _)| r.clone()).collect();
    to.sort();
    assert_eq!(to, vec!["ivan@mup.example".to_string(), "srb.officer@example.org".to_string()], "both agencies' deciders, not the viewer");
    for (rcpt, raw) in &mails {
        let body_b64: String = raw.split("\n\n").nth(1).unwrap().to_string();
        let body = decode_base64(&body_b64);
        assert!(body.contains(&format!("https://armstrace.mup.example/hits/{hit_id}")), "{body}");
        for secret in ["GLK", "48817", "4B817", "Glock"] {
            assert!(!raw.contains(secret) && !body.contains(secret), "the e-mail carries no record detail: {body}");
        }
        if rcpt[0].starts_with("srb") {
            assert!(
                body.contains("coincidencia") && raw.contains("Subject: armstrace: una coincidencia"),
                "in the recipient's language: {body}"
            );
        } else {
            assert!(raw.contains("Subject: armstrace: a cross-check hit concerns your agency"), "{raw}");
        }
    }
    let sent = || app.state.checks.outbox().unwrap().sent.load(std::sync::atomic::Ordering::Relaxed);
    while sent() < 2 && std::time::Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(sent(), 2);
}

#[test]
fn an_imported_list_of_seizures_is_checked_as_it_lands() {
    let app = spawn_app();
    let inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    app.user("iva.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber);
    let (stolen, mut e) = pistol("HRV-POL", HandlingCode::Green, "GLK48817", "Glock", EventKind::ReportedStolen);
    e.item = stolen.meta.id;
    let created = app.send_json("POST", "/api/v1/items", &app.token(&inv), &json!({ "item": stolen, "history": [e], "handling": "GREEN" }));
    assert_eq!(created.status, 201);
    let stolen_id = created.json()["item"]["meta"]["id"].as_str().unwrap().to_string();
    // An operation's seizures, imported as a list: one of them is the stolen pistol, misread.
    let csv = "Serial Number,Make,Model,Type,Calibre,Seizure date,Reference\nGLK-4B817,Glock,17,Pistol,9x19,02/11/2026,OP-7/1\nZZ0000001,Beretta,92,Pistol,9x19,02/11/2026,OP-7/2\n";
    let (_, auth) = app.sign_in("iva.analyst", PASSWORD);
    let r = app.post_multipart(
        "/imports",
        auth.cookie.as_deref(),
        &[("csrf", auth.csrf.as_deref().unwrap()), ("kind", "seizures"), ("handling", "GREEN")],
        ("file", "operation-7.csv", csv.as_bytes()),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let report = app.import_result(&r.location, &auth);
    assert_eq!(report.status, 200, "{}", report.body);
    let hits = app.get("/api/v1/checks/hits", &app.token(&inv)).json();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["item"]["agency"], "HRV-NFP");
    assert_eq!(hits[0]["matched"]["item"]["meta"]["id"], stolen_id.as_str());
}

#[test]
fn a_near_serial_on_another_model_or_year_is_shown_but_raises_no_hit() {
    let app = spawn_app();
    let inv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let a = app.token(&inv);
    // A maker numbering in sequence: the registered CZ 75 and the seized CZ pistol differ by a swap.
    let (registered, mut e) = pistol("HRV-POL", HandlingCode::Green, "C00712345", "CZ", EventKind::Registered);
    e.item = registered.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &a, &json!({ "item": registered, "history": [e] })).status, 201);
    let (mut seized, mut e) = pistol("HRV-POL", HandlingCode::Green, "C00712354", "CZ", EventKind::Seized);
    seized.classification.model = Resolved { raw: "Scorpion".into(), id: None, canonical: Some("Scorpion".into()), confidence: 1.0 };
    e.item = seized.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &a, &json!({ "item": seized, "history": [e] })).status, 201);
    assert!(app.get("/api/v1/checks/hits", &a).json().as_array().unwrap().is_empty(), "another model: no alert");
    // Asked directly, the near record is still shown.
    let answers = app.send_json("POST", "/api/v1/checks", &a, &json!({ "serial": "C00712354", "manufacturer": "CZ" })).json();
    assert!(answers.as_array().unwrap().iter().any(|x| x["record"]["markings"]["serial"]["normalized"] == "C00712345"), "{answers}");
    // The same swap on the same model and year is worth the agencies' look.
    let (same, mut e) = pistol("HRV-POL", HandlingCode::Green, "C00712354", "CZ", EventKind::Seized);
    e.item = same.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &a, &json!({ "item": same, "history": [e] })).status, 201);
    let hits = app.get("/api/v1/checks/hits", &a).json();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
}

#[test]
fn the_same_gun_on_two_lists_alerts_both_owners() {
    let app = spawn_app();
    let srb = app.user("srb.inv", "SRB-POL", Role::Investigator, HandlingCode::Red);
    let hrv = app.user("hrv.inv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let cus = app.user("hrv.customs", "HRV-CUS", Role::Officer, HandlingCode::Red);
    // Registered in Serbia; reported stolen in Croatia as a record of its own.
    for (u, kind) in [(&srb, EventKind::Registered), (&hrv, EventKind::ReportedStolen)] {
        let (it, mut e) = pistol(&u.agency, HandlingCode::Green, "GLK48817", "Glock", kind);
        e.item = it.meta.id;
        assert_eq!(app.send_json("POST", "/api/v1/items", &app.token(u), &json!({ "item": it, "history": [e] })).status, 201);
    }
    let (seized, mut e) = pistol("HRV-CUS", HandlingCode::Green, "GLK-4B817", "Glock", EventKind::Seized);
    e.item = seized.meta.id;
    assert_eq!(app.send_json("POST", "/api/v1/items", &app.token(&cus), &json!({ "item": seized, "history": [e] })).status, 201);
    let hits = app.get("/api/v1/checks/hits", &app.token(&cus)).json();
    let mut owners: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["matched"]["agency"].as_str().unwrap()).collect();
    owners.sort();
    assert_eq!(owners, vec!["HRV-POL", "SRB-POL"], "both records of the gun alert, neither hides the other: {hits}");
}

/// A request whose deadline comes near is mailed to the points of contact of the agency that holds
/// it (once a day), naming the request and the deadline and nothing of the case.
#[test]
fn request_deadlines_are_mailed_to_the_points_of_contact() {
    let (port, sink) = smtp_sink();
    let app = spawn_app();
    let cfg = armstrace_app::mail::SmtpConfig::parse(&format!("smtp://127.0.0.1:{port}"), "armstrace@mup.example").unwrap();
    app.state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), "https://armstrace.mup.example/");
    let poc = app.user("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red);
    let mut u = app.state.store.user_by_name("hrv.poc").unwrap().unwrap();
    u.email = Some("spoc@mup.example".into());
    app.state.store.save_user(&u).unwrap();
    let t = app.token(&poc);
    let request = json!({ "record": {
        "kind": "tracing", "direction": "outgoing", "status": "draft", "urgency": "routine",
        "requesting_country": "HRV", "requesting_authority": "HRV-NFP", "requested_country": "SRB",
        "case_reference": "HR-2026-0077", "subject": "trace",
        "firearm": { "serial": "M70-004512", "manufacturer": "Zastava Arms", "firearm_type": "pistol", "calibre": "7.62x25mm" },
        "circumstances": "seized at the border", "legal_basis": "Criminal Procedure Act", "intended_use": "investigation",
        "requested_authority": "Tracing Secretary Ivan Petrović, MUP RS" } });
    let created = app.send_json("POST", "/api/v1/requests", &t, &request);
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["meta"]["id"].as_str().unwrap().to_string();
    let sent = app.send_json("POST", &format!("/api/v1/requests/{id}/steps"), &t, &json!({ "step": "send" }));
    assert_eq!(sent.status, 200, "{}", sent.body);
    let now = armstrace_domain::time::Timestamp::parse(&chrono_like_now()).unwrap();
    let remind = |days: i64| {
        let at = armstrace_domain::time::Timestamp::from_unix_millis(now.unix_millis() + days * 86_400_000);
        armstrace_app::requests::remind_requests(app.state.store.as_ref(), &app.state.audit, &app.state.checks, at).unwrap()
    };
    assert_eq!(remind(1), 0, "a week to acknowledge: nothing yet");
    assert_eq!(remind(6), 1, "two days before the acknowledgment is due");
    assert_eq!(remind(6), 0, "once a day");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sink.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["spoc@mup.example"]);
    let raw = &got[0].1;
    let body = decode_base64(raw.split("\n\n").nth(1).unwrap_or(""));
    let message = format!("{raw}\n{body}");
    assert!(message.contains("HR-2026-0077") && body.contains("https://armstrace.mup.example/requests/"), "{message}");
    assert!(!message.contains("M70-004512") && !message.contains("Petrovi"), "no case detail in the mail: {message}");
}

fn chrono_like_now() -> String {
    armstrace_domain::time::Timestamp::from_unix_millis(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64,
    )
    .to_string()
}

/// A tracing request received from another country about one of our firearms is matched to its
/// record, and its page offers the answer the national trace gives, for the point of contact to review.
#[test]
fn an_incoming_tracing_request_comes_with_the_answer_from_our_records() {
    let app = spawn_app();
    let inv = app.user("hrv.inv", "HRV-NFP", Role::Investigator, HandlingCode::Red);
    let poc = app.user("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red);
    let (stolen, mut e) = pistol("HRV-NFP", HandlingCode::Amber, "GLK77120", "Glock", EventKind::ReportedStolen);
    e.item = stolen.meta.id;
    let created = app.send_json("POST", "/api/v1/items", &app.token(&inv), &json!({ "item": stolen, "history": [e], "handling": "AMBER" }));
    assert_eq!(created.status, 201, "{}", created.body);
    let t = app.token(&poc);
    let incoming = json!({
        "kind": "tracing", "direction": "incoming", "status": "draft", "urgency": "urgent",
        "requesting_country": "SRB", "requesting_authority": "MUP RS", "requested_country": "HRV",
        "case_reference": "RS-2026-31", "subject": "trace",
        "firearm": { "serial": "GLK-77I20", "manufacturer": "Glock", "firearm_type": "pistol", "calibre": "9mm" } });
    let received = app.send_json("POST", "/api/v1/requests/incoming", &t, &incoming);
    assert_eq!(received.status, 201, "{}", received.body);
    let r = received.json();
    assert_eq!(r["request"]["item"], created.json()["item"]["meta"]["id"], "matched despite the misread serial: {}", received.body);
    assert_eq!(r["request"]["meta"]["handling"], "AMBER", "a request from abroad is not public");
    let id = r["request"]["meta"]["id"].as_str().unwrap().to_string();
    let page = app.get(&format!("/requests/{id}"), &t);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("point of diversion: reported stolen"), "{}", page.body);
    // The investigator reads it but does not answer it.
    let as_inv = app.get(&format!("/requests/{id}"), &app.token(&inv));
    assert!(as_inv.status == 200 && !as_inv.body.contains("answer-request"), "{}", as_inv.body);
}
