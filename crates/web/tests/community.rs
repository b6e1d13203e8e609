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

/// A coordinator composes an edition from what is new, edits it, previews it, sends it to the
/// subscribed members through the relay (one message each), and members read it in the archive.
#[test]
fn a_newsletter_edition_is_composed_sent_and_archived() {
    let (port, sink) = smtp_sink();
    let app = spawn_app();
    let cfg = armstrace_app::mail::SmtpConfig::parse(&format!("smtp://127.0.0.1:{port}"), "community@unodc.example").unwrap();
    app.state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), "https://cop.unodc.example/");
    let admin = app.token(&app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red));
    let mut tokens = Vec::new();
    for (user, name, email, news) in [
        ("coord", "Cora Coordinator", "cora@example.org", "on"),
        ("ana", "Ana Kovač", "ana@example.org", "on"),
        ("ben", "Ben Off", "ben@example.org", ""),
    ] {
        let u = app.user(user, "HRV-POL", Role::Investigator, HandlingCode::Amber);
        let t = app.token(&u);
        let r = app.send_json("POST", "/api/v1/community/membership", &t, &json!({ "name": name, "agency": "MUP", "country": "HRV", "languages": "en", "expertise": "tracing", "email": email, "newsletter": news }));
        let id = r.json()["id"].as_str().unwrap().to_string();
        app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), &admin, &json!({ "decision": "approve" }));
        if user == "coord" {
            app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), &admin, &json!({ "decision": "make_coordinator" }));
        }
        tokens.push(t);
    }
    let (coord, ana) = (&tokens[0], &tokens[1]);
    // Something new: a published case.
    let c = app.send_json("POST", "/api/v1/community/cases", ana, &json!({ "title": "Parts ordered online <and> assembled", "summary": "Frames & slides bought separately.", "country": "HRV", "year": "2025" }));
    let case_id = c.json()["id"].as_str().unwrap().to_string();
    app.send_json("POST", &format!("/api/v1/community/cases/{case_id}/submit"), ana, &json!({}));
    assert_eq!(
        app.send_json("POST", &format!("/api/v1/community/cases/{case_id}/review"), coord, &json!({ "decision": "approve" })).status,
        200
    );

    // Only coordinators compose; the draft lists the case.
    assert_eq!(app.send_json("POST", "/api/v1/community/editions", ana, &json!({})).status, 403);
    let e = app.send_json("POST", "/api/v1/community/editions", coord, &json!({}));
    assert_eq!(e.status, 201, "{}", e.body);
    let id = e.json()["id"].as_str().unwrap().to_string();
    assert_eq!(e.json()["items"][0]["id"], case_id.as_str());
    assert_eq!(app.get(&format!("/api/v1/community/editions/{id}"), ana).status, 404, "members read editions once sent");
    // Edit with the form: keep the case, add a success story.
    let (_, cs) = app.sign_in("coord", PASSWORD);
    let (cookie, csrf) = (cs.cookie.clone().unwrap(), cs.csrf.clone().unwrap());
    let r = app.post_form(
        &format!("/community/newsletter/{id}"),
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("title", "E-newsletter no. 1"),
            ("language", "en"),
            ("intro", "Welcome."),
            ("include", &case_id),
            ("stories", "legislation: A new firearms act\nParts and components are now licensed."),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let preview = app.get(&format!("/community/newsletter/{id}/preview"), &cs);
    assert!(preview.body.contains("Parts ordered online &#60;and&#62; assembled"), "escaped: {}", preview.body);
    assert!(preview.body.contains(&format!("https://cop.unodc.example/community/cases/{case_id}")));
    assert!(preview.body.contains("A new firearms act") && !preview.body.contains("<script"));
    // Send: one message to each subscribed member with an address (not to Ben).
    let r = app.post_form(&format!("/community/newsletter/{id}/send"), Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!(r.status, 303, "{}", r.body);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sink.lock().unwrap().len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let got = sink.lock().unwrap().clone();
    let mut to: Vec<String> = got.iter().flat_map(|(t, _)| t.clone()).collect();
    to.sort();
    assert_eq!(to, ["ana@example.org", "cora@example.org"], "one message each, subscribers only");
    let raw = &got[0].1;
    assert!(raw.contains("multipart/alternative") && raw.contains("text/html"), "{raw}");
    let raw = raw.replace("\r\n", "\n");
    let html_part = raw.split("Content-Type: text/html").nth(1).and_then(|p| p.split_once("\n\n")).map(|(_, b)| b).unwrap_or("");
    let html = decode_base64(&html_part.split("\n--").next().unwrap_or("").replace('\n', ""));
    assert!(html.contains("A new firearms act") && html.contains("E-newsletter no. 1"), "{html}");
    // The archive: members read it; a sent edition is not edited again.
    let archive = app.get("/api/v1/community/editions", ana).json();
    assert_eq!(archive["editions"][0]["recipients"], 2);
    assert_eq!(archive["editions"][0]["status"], "sent");
    let page = app.get(&format!("/community/newsletter/{id}"), &app.sign_in("ana", PASSWORD).1);
    assert!(page.body.contains("id=\"edition-sent\"") && page.body.contains("A new firearms act"));
    assert_eq!(app.send_json("POST", &format!("/api/v1/community/editions/{id}/send"), coord, &json!({})).status, 409);
}
