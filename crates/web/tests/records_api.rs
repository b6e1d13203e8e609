//! The API over every kind of record: create, read, update, list with filters, search and paging,
//! history events; bad bodies named field by field; links only to what the writer can see.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use common::*;
use serde_json::json;

#[test]
fn every_kind_of_record_is_created_read_changed_and_found() {
    let app = spawn_app();
    let inv = app.user("inv.hr", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let lic = app.user("lic.hr", "HRV-POL", Role::LicensingOfficer, HandlingCode::Red);
    let (a, l) = (app.token(&inv), app.token(&lic));

    // A person, then a licence naming them, then a seized item and its incident, exhibits and a hit.
    let person = app.send_json(
        "POST",
        "/api/v1/parties",
        &a,
        &json!({ "record": { "kind": "person", "name": "Marko Marić", "nationality": "HRV" }, "handling": "AMBER" }),
    );
    assert_eq!(person.status, 201, "{}", person.body);
    let person_id = person.json()["meta"]["id"].as_str().unwrap().to_string();
    assert_eq!(person.json()["meta"]["agency"], "HRV-POL");
    assert_eq!(person.json()["meta"]["created_by"], "inv.hr");

    let licence = json!({ "record": { "kind": "possession", "number": "HR-PL-2026-0099", "issuing_authority": "PU Osječko-baranjska", "issuing_country": "HRV", "issued": "2026-01-05", "expires": "2031-01-05", "holder": person_id }, "handling": "AMBER" });
    let created = app.send_json("POST", "/api/v1/licences", &l, &licence);
    assert_eq!(created.status, 201, "{}", created.body);
    let licence_id = created.json()["meta"]["id"].as_str().unwrap().to_string();

    // A licence that expires before it is issued is refused, with the field named.
    let mut bad = licence.clone();
    bad["record"]["expires"] = json!("2020-01-01");
    let refused = app.send_json("POST", "/api/v1/licences", &l, &bad);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["error"]["code"], "invalid_input");
    // A body that is not a licence says which field is wrong.
    let mut wrong = licence.clone();
    wrong["record"]["kind"] = json!("permit to fly");
    let refused = app.send_json("POST", "/api/v1/licences", &l, &wrong);
    assert_eq!(refused.status, 422);
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("kind"), "{}", refused.body);

    let item = app.send_json(
        "POST",
        "/api/v1/items",
        &a,
        &json!({ "item": item("HRV-POL", HandlingCode::Amber, "ZP123456"), "handling": "AMBER" }),
    );
    assert_eq!(item.status, 201);
    let item_id = item.json()["item"]["meta"]["id"].as_str().unwrap().to_string();

    let incident = app.send_json(
        "POST",
        "/api/v1/incidents",
        &a,
        &json!({ "record": { "kind": "seizure", "reference": "OS-2026-117", "date": "2026-11-02", "place": { "country": "HRV", "locality": "Osijek" }, "items": [item_id], "persons": [{ "party": person_id, "role": "suspect" }] }, "handling": "AMBER" }),
    );
    assert_eq!(incident.status, 201, "{}", incident.body);
    let incident_id = incident.json()["meta"]["id"].as_str().unwrap().to_string();

    let exhibit = |r: &str| json!({ "record": { "kind": "cartridge_case", "reference": r, "incident": incident_id }, "handling": "AMBER" });
    let ea = app.send_json("POST", "/api/v1/ballistics/exhibits", &a, &exhibit("LAB-1"));
    let eb = app.send_json("POST", "/api/v1/ballistics/exhibits", &a, &exhibit("LAB-2"));
    assert_eq!((ea.status, eb.status), (201, 201), "{}", ea.body);
    let (ea, eb) = (ea.json()["meta"]["id"].clone(), eb.json()["meta"]["id"].clone());
    let hit = app.send_json("POST", "/api/v1/ballistics/hits", &a, &json!({ "record": { "exhibit_a": ea, "exhibit_b": eb, "system": "IBIS", "system_reference": "IB-7", "date": null, "confirmed": false } }));
    assert_eq!(hit.status, 201, "{}", hit.body);
    assert_eq!(hit.json()["meta"]["handling"], "CLEAR", "no handling code given: CLEAR");
    let hit_id = hit.json()["meta"]["id"].as_str().unwrap().to_string();
    let same = app.send_json("POST", "/api/v1/ballistics/hits", &a, &json!({ "record": { "exhibit_a": ea, "exhibit_b": ea, "system": "IBIS", "system_reference": "IB-8", "date": null, "confirmed": false } }));
    assert_eq!(same.status, 422);
    assert!(same.body.contains("exhibit_b"));

    // Changing: the examiner confirms the hit; the handling code stays unless the body names one.
    let mut h = app.get(&format!("/api/v1/ballistics/hits/{hit_id}"), &a).json();
    h["confirmed"] = json!(true);
    h.as_object_mut().unwrap().remove("meta");
    let changed = app.send_json("PUT", &format!("/api/v1/ballistics/hits/{hit_id}"), &a, &h);
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.json()["confirmed"], true);
    assert_eq!(changed.json()["meta"]["handling"], "CLEAR");
    assert_eq!(changed.json()["meta"]["updated_by"], "inv.hr");
    let mut p = app.get(&format!("/api/v1/parties/{person_id}"), &a).json();
    p["meta"]["handling"] = json!("RED");
    p["meta"]["agency"] = json!("SRB-POL");
    let changed = app.send_json("PUT", &format!("/api/v1/parties/{person_id}"), &a, &p);
    assert_eq!(changed.status, 200);
    assert_eq!(changed.json()["meta"]["handling"], "RED");
    assert_eq!(changed.json()["meta"]["agency"], "HRV-POL", "the owner is not the body's to change");

    // Lists: filter by kind, search, country; paging.
    let list = |path: &str, auth: &Auth| app.get(path, auth).json().as_array().unwrap().len();
    assert_eq!(list("/api/v1/incidents?kind=seizure", &a), 1);
    assert_eq!(list("/api/v1/incidents?kind=found", &a), 0);
    assert_eq!(list("/api/v1/incidents?q=os-2026", &a), 1);
    assert_eq!(list("/api/v1/incidents?country=hrv", &a), 1);
    assert_eq!(list("/api/v1/incidents?country=SRB", &a), 0);
    assert_eq!(list("/api/v1/parties?q=MARIC", &a), 1, "names are searched without diacritics");
    assert_eq!(list("/api/v1/licences?q=0099&kind=possession", &l), 1);
    assert_eq!(list("/api/v1/ballistics/exhibits?kind=cartridge_case", &a), 2);
    assert_eq!(list("/api/v1/ballistics/exhibits?limit=1", &a), 1);
    assert_eq!(list("/api/v1/ballistics/exhibits?limit=1&offset=1", &a), 1);
    assert_eq!(list("/api/v1/ballistics/hits?q=ibis", &a), 1);
    let bad_kind = app.get("/api/v1/incidents?kind=picnic", &a);
    assert_eq!(bad_kind.status, 422);
    assert!(bad_kind.body.contains("picnic"));
    assert_eq!(app.get("/api/v1/ballistics/hits?kind=x", &a).status, 422, "hits have no kind");
    assert_eq!(app.get("/api/v1/ballistics/exhibits?country=HRV", &a).status, 422);
    assert_eq!(app.get("/api/v1/incidents?country=Atlantis", &a).status, 422);
    assert_eq!(list("/api/v1/incidents?country=Croatia", &a), 1, "country names are understood");

    // History: a theft report recorded as an event turns the item stolen.
    let ev = app.send_json(
        "POST",
        &format!("/api/v1/items/{item_id}/events"),
        &a,
        &json!({ "kind": "reported_stolen", "date": "2026-11-10", "country": "HRV", "place": "Osijek", "parties": [{ "party": person_id, "role": "holder" }], "licence": licence_id }),
    );
    assert_eq!(ev.status, 201, "{}", ev.body);
    assert_eq!(ev.json()["item"]["status"], "stolen");
    assert_eq!(ev.json()["history"].as_array().unwrap().len(), 1);

    // Seized a year later: the national trace names the theft as the point of diversion, with its
    // holder, from the API and on the page.
    let seized = app.send_json(
        "POST",
        &format!("/api/v1/items/{item_id}/events"),
        &a,
        &json!({ "kind": "seized", "date": "2027-01-15", "country": "SRB", "place": "Šid" }),
    );
    assert_eq!(seized.status, 201, "{}", seized.body);
    let traced = app.get(&format!("/api/v1/items/{item_id}/trace"), &a);
    assert_eq!(traced.status, 200, "{}", traced.body);
    let d = &traced.json()["trace"]["diversion"];
    assert_eq!(d["outcome"], "established", "{d}");
    assert_eq!(d["kind"], "theft");
    assert!(d["why"].as_str().unwrap().contains("Marko Marić"), "{d}");
    assert_eq!(traced.json()["trace"]["recovery"]["kind"], "seized");
    let page = app.get(&format!("/items/{item_id}/trace"), &a);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("theft") && page.body.contains("Marko Marić"), "{}", page.body);
    assert_eq!(d["reason"]["code"], "reported", "{d}");
    assert_eq!(d["reason"]["by"], "Marko Marić", "{d}");
    // The reason is worded in the reader's language; the API keeps the English sentence.
    let mut spanish = inv.clone();
    spanish.language = armstrace_domain::account::Language::Es;
    app.state.store.save_user(&spanish).unwrap();
    let page = app.get(&format!("/items/{item_id}/trace"), &a);
    assert!(page.body.contains("denunciada como robada por Marko Marić el 2026-11-10 en HRV"), "{}", page.body);
    assert!(!page.body.contains("reported stolen"), "{}", page.body);
    spanish.language = armstrace_domain::account::Language::En;
    app.state.store.save_user(&spanish).unwrap();
    assert_eq!(app.get(&format!("/api/v1/items/{item_id}/trace"), &l).status, 403, "a licensing officer does not trace");
    // The indicator SDG 16.4.2 for 2027 counts it, origin established.
    let sdg = app.get("/api/v1/indicators/sdg-16-4-2?from=2027&to=2027", &a);
    assert_eq!(sdg.status, 200, "{}", sdg.body);
    assert_eq!(sdg.json()["indicator"]["total"], json!({ "established": 1, "recovered": 1 }));
    let bad = app.get("/api/v1/indicators/sdg-16-4-2?from=last%20year", &a);
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"]["message"].as_str().unwrap().starts_with("from:"), "{}", bad.body);
    let page = app.get("/indicators/sdg-16-4-2?from=2027", &a);
    assert!(page.body.contains("100.0 %") && page.body.contains("Illicit Arms Flows Questionnaire"), "{}", page.body);

    // Another country's officer: cannot link to the AMBER person, cannot change the incident.
    let srb = app.user("inv.rs", "SRB-POL", Role::Investigator, HandlingCode::Red);
    let s = app.token(&srb);
    let linked = app.send_json("POST", "/api/v1/incidents", &s, &json!({ "record": { "kind": "crime", "reference": "BG-1", "date": null, "place": {}, "persons": [{ "party": person_id, "role": "suspect" }] } }));
    assert_eq!(linked.status, 422, "{}", linked.body);
    assert!(linked.body.contains("does not exist or is not yours to see"));
    assert_eq!(app.get(&format!("/api/v1/incidents/{incident_id}"), &s).status, 404);
    let mut inc = app.get(&format!("/api/v1/incidents/{incident_id}"), &a).json();
    inc["summary"] = json!("changed");
    assert_eq!(app.send_json("PUT", &format!("/api/v1/incidents/{incident_id}"), &s, &inc).status, 404);
    assert_eq!(list("/api/v1/incidents", &s), 0);

    // Every read, list and write is in the audit log.
    app.state.flush_audit().unwrap();
    let audit = app.state.store.audit_entries(0, 10_000).unwrap();
    for (action, kind) in [
        ("create", "party"),
        ("create", "licence"),
        ("update", "ballistic_hit"),
        ("list", "incident"),
        ("read", "party"),
        ("add_event", "item"),
        ("trace", "item"),
    ] {
        assert!(audit.iter().any(|e| e.action == action && e.record_type == kind), "no audit entry {action} {kind}");
    }
}

#[test]
fn the_incidents_page_searches_filters_and_pages() {
    let app = spawn_app();
    let inv = app.user("inv.hr", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let a = app.token(&inv);
    for n in 0..55 {
        let kind = if n % 5 == 0 { "found" } else { "seizure" };
        let r = app.send_json("POST", "/api/v1/incidents", &a, &json!({ "record": { "kind": kind, "reference": format!("OS-2026-{n:03}"), "date": "2026-11-02", "place": { "country": "HRV", "locality": "Osijek" } } }));
        assert_eq!(r.status, 201);
    }
    let page = app.get("/incidents", &a);
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("<tr><td><a href=\"/incidents/").count(), 50, "a page holds 50");
    assert!(page.body.contains("OS-2026-054"), "newest first");
    assert!(page.body.contains("offset=50"), "a link to the next page");
    let next = app.get("/incidents?offset=50", &a);
    assert_eq!(next.body.matches("<tr><td><a href=\"/incidents/").count(), 5);
    let found = app.get("/incidents?kind=found", &a);
    assert_eq!(found.body.matches("<tr><td><a href=\"/incidents/").count(), 11);
    let one = app.get("/incidents?q=os-2026-017", &a);
    assert_eq!(one.body.matches("<tr><td><a href=\"/incidents/").count(), 1);
    assert_eq!(app.get("/incidents?country=SRB", &a).body.matches("<tr><td><a href=\"/incidents/").count(), 0);
    let bad = app.get("/incidents?country=Atlantis", &a);
    assert_eq!(bad.status, 422, "a wrong filter is an error on the page, not an empty list");
}
