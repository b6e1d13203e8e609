//! Recording a seizure on the standard template, through the plain form (no JavaScript) and the API,
//! with the nomenclature suggestions and the checks the form shows while typing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use common::*;

#[test]
fn an_officer_records_a_seizure_with_the_plain_form_and_sees_it_listed() {
    let app = spawn_app();
    app.user("ana.officer", "HRV-POL", Role::Officer, HandlingCode::AmberStrict);
    let (_, auth) = app.sign_in("ana.officer", PASSWORD);
    let cookie = auth.cookie.clone().unwrap();
    let csrf = auth.csrf.clone().unwrap();

    let form = app.get("/seizures/new", &auth);
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"items.2.serial\""), "three item lines to start with");
    assert!(form.body.contains("src=\"/assets/app.js\""));

    // More lines without JavaScript: the server re-renders with the values kept.
    let more = app.post_multipart(
        "/seizures",
        Some(&cookie),
        &[("csrf", &csrf), ("action", "more"), ("reference", "HR-1"), ("item_lines", "3"), ("person_lines", "2")],
        ("items.0.photos", "", b""),
    );
    assert_eq!(more.status, 200);
    assert!(more.body.contains("name=\"items.5.serial\"") && more.body.contains("value=\"HR-1\""));

    let fields = [
        ("csrf", csrf.as_str()),
        ("action", "save"),
        ("reference", "HR-2026-0042"),
        ("date", "2026-11-20"),
        ("country", "Croatia"),
        ("locality", "Slavonski Brod"),
        ("contexts", "illicit trafficking"),
        ("handling", "AMBER"),
        ("items.0.firearm_type", "pistol"),
        ("items.0.manufacturer", "Crvena Zastava"),
        ("items.0.model", "M70"),
        ("items.0.calibre", "7.65 Browning"),
        ("items.0.serial", "A1B2?4"),
        ("items.0.country_of_manufacture", "Serbia"),
        ("items.1.firearm_type", "rifle"),
        ("items.1.manufacturer", "Zastava"),
        ("items.1.calibre", "12 gauge"),
        ("items.1.serial", "778812"),
        ("items.1.import_country", "HRV"),
        ("items.1.import_year", "2001"),
        ("persons.0.name", "Ivan Horvat"),
        ("persons.0.role", "courier"),
        ("item_lines", "3"),
        ("person_lines", "2"),
    ];
    // Warnings first: the import marking of item 0, the misreadable serial, the shotgun calibre on a rifle.
    let r = app.post_multipart("/seizures", Some(&cookie), &fields, ("items.0.photos", "", b""));
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("warnings_checked"), "asks to confirm the warnings");
    assert!(r.body.contains("import marking"), "{}", r.body);
    assert!(r.body.contains("value=\"A1B2?4\""), "values are kept");
    let mut confirmed = fields.to_vec();
    confirmed.push(("warnings_checked", "yes"));
    let r = app.post_multipart("/seizures", Some(&cookie), &confirmed, ("items.0.photos", "", b""));
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.starts_with("/incidents/"), "{}", r.location);
    let incident = app.get(&r.location, &auth);
    assert_eq!(incident.status, 200);
    assert!(incident.body.contains("HR-2026-0042") && incident.body.contains("A1B2?4") && incident.body.contains("778812"));

    let list = app.get("/items?status=seized", &auth);
    assert!(list.body.contains("A1B2?4"), "the seized item is in the list");
    let api = app.get("/api/v1/items?status=seized", &auth);
    let items = api.json()["records"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["meta"]["agency"] == "HRV-POL" && i["meta"]["handling"] == "AMBER"));
    let partial = items.iter().find(|i| i["markings"]["serial"]["raw"] == "A1B2?4").unwrap();
    assert_eq!(partial["markings"]["serial"]["status"], "partially_legible");
    assert_eq!(partial["markings"]["manufacturer"]["id"], "zastava");
}

#[test]
fn errors_keep_the_form_and_name_the_fields() {
    let app = spawn_app();
    app.user("ana.officer", "HRV-POL", Role::Officer, HandlingCode::AmberStrict);
    let (_, auth) = app.sign_in("ana.officer", PASSWORD);
    let r = app.post_multipart(
        "/seizures",
        auth.cookie.as_deref(),
        &[
            ("csrf", auth.csrf.as_deref().unwrap()),
            ("action", "save"),
            ("date", "2031-01-01"),
            ("items.0.firearm_type", "pistol"),
            ("handling", "RED"),
        ],
        ("items.0.photos", "", b""),
    );
    assert_eq!(r.status, 422);
    for msg in ["case or seizure reference", "in the future", "serial number as marked", "above your clearance"] {
        assert!(r.body.contains(msg), "{msg} missing");
    }
    assert_eq!(app.get("/api/v1/items", &auth).json()["total"], 0, "nothing saved");
    // A forged form is refused.
    let r = app.post_multipart("/seizures", auth.cookie.as_deref(), &[("csrf", "forged"), ("action", "save")], ("items.0.photos", "", b""));
    assert_eq!(r.status, 403);
}

#[test]
fn suggestions_checks_and_the_api_record_a_seizure() {
    let app = spawn_app();
    let officer = app.user("srb.officer", "SRB-POL", Role::Officer, HandlingCode::AmberStrict);
    let viewer = app.user("srb.viewer", "SRB-POL", Role::Viewer, HandlingCode::AmberStrict);
    let auth = app.token(&officer);
    let s = app.get("/api/v1/nomenclature/makes?q=glo", &auth);
    assert_eq!(s.status, 200);
    assert!(s.json().as_array().unwrap().iter().any(|m| m["value"] == "Glock"));
    assert_eq!(app.get("/api/v1/nomenclature/spaceships?q=x", &auth).status, 404);

    let form = serde_json::json!({
        "reference": "RS-7", "date": "2026-10-01", "country": "SRB",
        "items": [{ "firearm_type": "pistol", "manufacturer": "Glock", "model": "17", "calibre": "9x19", "serial": "BDZ123", "country_of_manufacture": "AUT" }],
        "persons": [{ "name": "Petar P.", "role": "suspect" }]
    });
    let checked = app.send_json("POST", "/api/v1/seizures/check", &auth, &form);
    assert_eq!(checked.status, 200);
    let warnings: Vec<String> =
        checked.json()["warnings"].as_array().unwrap().iter().map(|w| w["field"].as_str().unwrap().to_string()).collect();
    assert!(warnings.contains(&"items.0.import_country".to_string()), "{warnings:?}");
    assert!(warnings.contains(&"items.0.serial".to_string()), "{warnings:?}");

    let r = app.send_json("POST", "/api/v1/seizures", &auth, &form);
    assert_eq!(r.status, 422, "warnings stop the save until confirmed");
    let mut confirmed = form.clone();
    confirmed["warnings_checked"] = serde_json::json!(true);
    let r = app.send_json("POST", "/api/v1/seizures", &auth, &confirmed);
    assert_eq!(r.status, 201, "{}", r.body);
    let incident = r.json()["incident"].as_str().unwrap().to_string();
    assert_eq!(app.get(&format!("/api/v1/incidents/{incident}"), &auth).json()["reference"], "RS-7");

    let v = app.token(&viewer);
    assert_eq!(app.send_json("POST", "/api/v1/seizures", &v, &confirmed).status, 403, "a viewer does not record");
    assert_eq!(app.get("/seizures/new", &v).status, 403);
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn photos_go_with_the_seizure_and_only_images_are_accepted() {
    let app = spawn_app();
    app.user("ana.officer", "HRV-POL", Role::Officer, HandlingCode::AmberStrict);
    app.user("srb.officer", "SRB-POL", Role::Officer, HandlingCode::Red);
    let (_, auth) = app.sign_in("ana.officer", PASSWORD);
    let (cookie, csrf) = (auth.cookie.clone().unwrap(), auth.csrf.clone().unwrap());
    let fields = [
        ("csrf", csrf.as_str()),
        ("action", "save"),
        ("reference", "HR-PHOTO-1"),
        ("date", "2026-11-02"),
        ("items.0.firearm_type", "pistol"),
        ("items.0.manufacturer", "Zastava"),
        ("items.0.serial", "778812"),
        ("items.0.country_of_manufacture", "Croatia"),
        ("warnings_checked", "yes"),
    ];
    let bad = app.post_multipart("/seizures", Some(&cookie), &fields, ("items.0.photos", "notes.html", b"<script>alert(1)</script>"));
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a JPEG, PNG or WebP photo"));
    assert_eq!(app.get("/api/v1/items", &auth).json()["total"], 0, "nothing saved for a wrong file");

    let r = app.post_multipart("/seizures", Some(&cookie), &fields, ("items.0.photos", "serial.png", PNG));
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app.get("/api/v1/items", &auth).json()["records"][0]["meta"]["id"].as_str().unwrap().to_string();
    let page = app.get(&format!("/items/{id}"), &auth);
    let src = page.body.split("<img src=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let img = app.get(&src, &auth);
    assert_eq!(img.status, 200);
    assert_eq!(img.bytes, PNG);
    // Another country's officer can see neither the record nor its photos (it is AMBER+STRICT).
    let (_, other) = app.sign_in("srb.officer", PASSWORD);
    assert_eq!(app.get(&src, &other).status, 404);
    // More photos from the item page; still images only.
    let more = app.post_multipart(&format!("/items/{id}/photos"), Some(&cookie), &[("csrf", &csrf)], ("photo", "second.png", PNG));
    assert_eq!(more.status, 303);
    let wrong = app.post_multipart(&format!("/items/{id}/photos"), Some(&cookie), &[("csrf", &csrf)], ("photo", "x.svg", b"<svg/>"));
    assert_eq!(wrong.status, 422);
    let page = app.get(&format!("/items/{id}"), &auth).body;
    assert_eq!(page.matches("<img src=").count(), 2, "{page}");
    let forged = app.post_multipart(&format!("/items/{id}/photos"), Some(&cookie), &[("csrf", "forged")], ("photo", "s.png", PNG));
    assert_eq!(forged.status, 403);
}
