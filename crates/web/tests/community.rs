//! The Community of Practitioners through the real app: joining with the form, vetting by a
//! coordinator, find an expert, the API, and who may enter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use common::*;
use serde_json::json;

#[test]
fn a_practitioner_joins_is_vetted_and_finds_an_expert() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    app.user("ana", "HRV-POL", Role::Investigator, HandlingCode::Red);
    app.user("ben", "SRB-POL", Role::Officer, HandlingCode::Amber);
    let root = app.token(&admin);

    // Ana asks to join with the form (expertise as checkboxes); a bad form keeps what was typed.
    let (_, ana) = app.sign_in("ana", PASSWORD);
    let (ana_cookie, ana_csrf) = (ana.cookie.clone().unwrap(), ana.csrf.clone().unwrap());
    let front = app.get("/community", &ana);
    assert_eq!(front.status, 200);
    assert!(front.body.contains("id=\"join-link\""), "a non-member is shown how to join");
    assert_eq!(app.get("/community/members", &ana).status, 403, "find an expert is for members");
    let form = app.get("/community/join", &ana);
    assert!(form.body.contains("value=\"prosecution\""));
    let mut fields = vec![
        ("csrf", ana_csrf.as_str()),
        ("name", "Ana Kovač"),
        ("agency", "Državno odvjetništvo"),
        ("country", "Atlantis"),
        ("position", "Deputy state attorney"),
        ("languages", "hr, en, es"),
        ("expertise", "prosecution"),
        ("expertise", "tracing"),
        ("email", "ana.kovac@dorh.hr"),
        ("contact", "email"),
        ("visibility", "community"),
        ("motivation", "Cases with Serbia and Slovenia"),
        ("newsletter", "on"),
    ];
    let r = app.post_form("/community/join", Some(&ana_cookie), &fields);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("country") && r.body.contains("Cases with Serbia"), "{}", r.body);
    fields[3] = ("country", "Croatia");
    let forged: Vec<(&str, &str)> = fields.iter().map(|(k, v)| if *k == "csrf" { (*k, "forged") } else { (*k, *v) }).collect();
    assert_eq!(app.post_form("/community/join", Some(&ana_cookie), &forged).status, 403);
    let r = app.post_form("/community/join", Some(&ana_cookie), &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get("/community", &ana).body.contains("id=\"membership-status\""), "the application waits");
    let mine = app.get("/api/v1/community/membership", &app.token(&app.state.store.user_by_name("ana").unwrap().unwrap())).json();
    assert_eq!(mine["membership"]["status"], "applied");
    assert_eq!(mine["membership"]["expertise"], json!(["prosecution", "tracing"]));
    let ana_id = mine["membership"]["id"].as_str().unwrap().to_string();

    // The node's administrator (the first coordinator's appointer) sees the queue and decides.
    assert_eq!(app.get("/api/v1/community/applications", &root).json()["applications"].as_array().unwrap().len(), 1);
    let ben_token = app.token(&app.state.store.user_by_name("ben").unwrap().unwrap());
    assert_eq!(app.get("/api/v1/community/applications", &ben_token).status, 403);
    let r = app.send_json("POST", &format!("/api/v1/community/members/{ana_id}/decision"), &root, &json!({ "decision": "approve" }));
    assert_eq!(r.status, 200, "{}", r.body);
    let r =
        app.send_json("POST", &format!("/api/v1/community/members/{ana_id}/decision"), &root, &json!({ "decision": "make_coordinator" }));
    assert_eq!(r.json()["coordinator"], true);

    // Ben applies through the API; Ana, now a coordinator, approves him with the form.
    let r = app.send_json(
        "POST",
        "/api/v1/community/membership",
        &ben_token,
        &json!({ "name": "Ben Petrović", "agency": "MUP Srbije", "country": "SRB", "languages": "sr, en", "expertise": "border, ballistics", "visibility": "region" }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let ben_id = r.json()["id"].as_str().unwrap().to_string();
    let queue = app.get("/community/applications", &ana);
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Ben Petrović"));
    let page = app.get(&format!("/community/members/{ben_id}"), &ana);
    assert!(page.body.contains("id=\"decide-approve\""), "{}", page.body);
    let r = app.post_form(
        &format!("/community/members/{ben_id}/decision"),
        Some(&ana_cookie),
        &[("csrf", &ana_csrf), ("decision", "decline"), ("note", "")],
    );
    assert_eq!(r.status, 422, "a refusal needs a reason");
    let r = app.post_form(
        &format!("/community/members/{ben_id}/decision"),
        Some(&ana_cookie),
        &[("csrf", &ana_csrf), ("decision", "approve"), ("note", "")],
    );
    assert_eq!(r.status, 303, "{}", r.body);

    // Find an expert, on the page and through the API.
    let found = app.get("/community/members?expertise=ballistics_forensics", &ana);
    assert!(found.body.contains("Ben Petrović") && !found.body.contains(">Ana Kovač<"), "{}", found.body);
    let api = app.get("/api/v1/community/members?region=Europe&language=Spanish", &ben_token).json();
    assert_eq!(api["total"], 1);
    assert_eq!(api["members"][0]["name"], "Ana Kovač");
    assert_eq!(api["members"][0]["email"], "ana.kovac@dorh.hr", "she prefers e-mail");
    assert!(api["members"][0].get("motivation").is_none_or(|m| m == ""), "the vetting text stays with the coordinators");
    assert_eq!(app.get("/api/v1/community/members?expertise=juggling", &ben_token).status, 422);
    // Profile edits.
    let r = app.post_form("/community/profile", Some(&ana_cookie), &fields);
    assert_eq!(r.status, 303, "{}", r.body);
}

/// A case record becomes an approved digest case through the pages; no personal data comes
/// through to another member, on the page, in the list or in the search.
#[test]
fn a_case_record_becomes_an_approved_digest_case_through_the_pages() {
    let app = spawn_app();
    let admin = app.token(&app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red));
    let inv = app.user("inv.hr", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let coord = app.user("coord", "AUT-POL", Role::Analyst, HandlingCode::Amber);
    let reader = app.user("reader", "MEX-POL", Role::Officer, HandlingCode::Amber);
    let a = app.token(&inv);
    for (u, name) in [(&inv, "Ivo Investigator"), (&coord, "Cora Coordinator"), (&reader, "Rita Reader")] {
        let t = app.token(u);
        let r = app.send_json(
            "POST",
            "/api/v1/community/membership",
            &t,
            &json!({ "name": name, "agency": u.agency, "country": &u.agency[..3], "languages": "en", "expertise": "investigation" }),
        );
        let id = r.json()["id"].as_str().unwrap().to_string();
        app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), &admin, &json!({ "decision": "approve" }));
        if name.starts_with("Cora") {
            app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), &admin, &json!({ "decision": "make_coordinator" }));
        }
    }
    // A seizure with a suspect, a firearm and a narrative naming them.
    let person = app.send_json(
        "POST",
        "/api/v1/parties",
        &a,
        &json!({ "record": { "kind": "person", "name": "Marko Marić", "nationality": "HRV" }, "handling": "AMBER" }),
    );
    let person_id = person.json()["meta"]["id"].as_str().unwrap().to_string();
    let item = app.send_json(
        "POST",
        "/api/v1/items",
        &a,
        &json!({ "item": item("HRV-POL", HandlingCode::Amber, "ZP123456"), "handling": "AMBER" }),
    );
    let item_id = item.json()["item"]["meta"]["id"].as_str().unwrap().to_string();
    let incident = app.send_json(
        "POST",
        "/api/v1/incidents",
        &a,
        &json!({ "record": { "kind": "seizure", "reference": "OS-2026-117", "date": "2026-11-02", "place": { "country": "HRV", "locality": "Osijek" }, "items": [item_id], "persons": [{ "party": person_id, "role": "suspect" }],
                 "summary": "Marko Marić was stopped in Osijek with pistol ZP123456 in his car; Marić said he bought it online." }, "handling": "AMBER" }),
    );
    assert_eq!(incident.status, 201, "{}", incident.body);
    let incident_id = incident.json()["meta"]["id"].as_str().unwrap().to_string();

    // The investigator, a member, drafts from the incident page.
    let (_, ivo) = app.sign_in("inv.hr", PASSWORD);
    let (cookie, csrf) = (ivo.cookie.clone().unwrap(), ivo.csrf.clone().unwrap());
    let page = app.get(&format!("/incidents/{incident_id}"), &ivo);
    assert!(page.body.contains("id=\"draft-digest-case\""));
    let r = app.post_form("/community/cases/from-incident", Some(&cookie), &[("csrf", &csrf), ("incident", &incident_id)]);
    assert_eq!(r.status, 303, "{}", r.body);
    let case_url = r.location.clone();
    let case_id = case_url.rsplit('/').next().unwrap().to_string();
    let draft = app.get(&case_url, &ivo);
    assert!(draft.body.contains("id=\"review\"") && draft.body.contains("Marko Marić"), "the editor sees what was removed");
    assert!(draft.body.contains("[person]"));
    // Nobody else reads the draft.
    assert_eq!(app.get(&case_url, &app.token(&reader)).status, 404);
    let r = app.post_form(&format!("{case_url}/submit"), Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!(r.status, 303, "{}", r.body);
    // The coordinator approves through the API; the editor may not.
    assert_eq!(
        app.send_json("POST", &format!("/api/v1/community/cases/{case_id}/review"), &a, &json!({ "decision": "approve" })).status,
        403
    );
    let seen = app.get(&format!("/api/v1/community/cases/{case_id}"), &app.token(&coord));
    assert!(seen.json()["case"].get("review").is_none(), "{}", seen.body);
    let r =
        app.send_json("POST", &format!("/api/v1/community/cases/{case_id}/review"), &app.token(&coord), &json!({ "decision": "approve" }));
    assert_eq!(r.status, 200, "{}", r.body);
    // Another member reads it: nothing of the record's persons, place, reference or serial.
    let rt = app.token(&reader);
    let mut reachable = app.get(&case_url, &rt).body;
    reachable.push_str(&app.get("/community/cases", &rt).body);
    reachable.push_str(&app.get(&format!("/api/v1/community/cases/{case_id}"), &rt).body);
    reachable.push_str(&app.get("/api/v1/community/cases", &rt).body);
    assert!(reachable.contains("Seizure of 1 firearm(s), Croatia, 2026"), "{reachable}");
    for secret in ["Marko", "Marić", "Maric", "Osijek", "OS-2026-117", "ZP123456", &incident_id, &person_id, &item_id] {
        assert!(!reachable.contains(secret), "{secret} reached a member");
        assert_eq!(
            app.get(&format!("/api/v1/community/cases?q={}", secret.replace(' ', "+")), &rt).json()["total"],
            0,
            "{secret} is searchable"
        );
    }
    // A non-member reads nothing of the digest.
    let outsider = app.token(&app.user("outsider", "HRV-POL", Role::Officer, HandlingCode::Amber));
    assert_eq!(app.get("/api/v1/community/cases", &outsider).status, 403);
    assert_eq!(app.get(&case_url, &outsider).status, 403);
}
