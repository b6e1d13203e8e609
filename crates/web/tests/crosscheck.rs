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

    // Checks and hits are audited.
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
    let audit = app.state.store.audit_entries(0, 10_000).unwrap();
    assert!(audit.iter().any(|e| e.action == "check" && e.record_type == "file" && e.detail.contains("operation-7.csv")));
}
