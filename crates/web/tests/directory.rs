//! The directory of competent national authorities through the real app: import (all or nothing,
//! errors naming the row and the column), lists and filters, the stale flag, coverage, the pages
//! and forms, and who may change it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use common::*;

const GOOD: &str = "País;Autoridad;Tipo;Instrumentos;Funciones;Idiomas;Correo electrónico;Teléfono;Fecha de verificación\n\
Croacia;Ministerio del Interior;punto de contacto;fp|att|poa;rastreo|verificación de licencias;hr, en;spoc@mup.hr;+385 1 6122 111;2026-05-04\n\
Serbia;Ministry of Justice;central authority;untoc;mla;sr;mla@mpravde.gov.rs;;2023-02-01\n";

const ONE_BAD: &str = "country,authority,kind,instruments,email,last_verified\n\
HRV,Ministry of the Interior,single_point_of_contact,firearms_protocol,spoc@mup.hr,2026-05-04\n\
SRB,Ministry of the Interior,single_point_of_contact,firearms_protocol,not an address,2026-05-04\n";

#[test]
fn an_import_with_a_bad_row_writes_nothing_and_names_row_and_column() {
    let app = spawn_app();
    let poc = app.user("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red);
    let auth = app.token(&poc);
    let r = app.post_body("/api/v1/directory/import?name=spocs.csv", &auth, "text/csv", ONE_BAD.as_bytes());
    assert_eq!(r.status, 422, "{}", r.body);
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("spocs.csv:3:email: email: 'not an address' is not valid"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 0, "all or nothing");

    let r = app.post_body("/api/v1/directory/import?name=directorio.csv", &auth, "text/csv", GOOD.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["created"], 2);
    // The same file again updates the same entries (same country, kind and authority).
    let r = app.post_body("/api/v1/directory/import?name=directorio.csv", &auth, "text/csv", GOOD.as_bytes());
    assert_eq!((r.json()["created"].as_u64(), r.json()["updated"].as_u64()), (Some(0), Some(2)), "{}", r.body);

    let all = app.get("/api/v1/directory", &auth).json();
    assert_eq!(all["total"], 2);
    let srb = app.get("/api/v1/directory?country=Serbia", &auth).json();
    assert_eq!(srb["records"][0]["kind"], "central_authority");
    assert_eq!(srb["records"][0]["stale"], true, "verified in 2023");
    assert_eq!(app.get("/api/v1/directory?instrument=att", &auth).json()["total"], 1);
    assert_eq!(app.get("/api/v1/directory?function=tracing", &auth).json()["records"][0]["country"], "HRV");
    assert_eq!(app.get("/api/v1/directory?stale=1", &auth).json()["total"], 1);
    assert_eq!(app.get("/api/v1/directory?q=interior", &auth).json()["total"], 1);
    let bad = app.get("/api/v1/directory?function=teleport", &auth);
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("functions"), "{}", bad.body);

    // Every write is in the audit log.
    app.state.flush_audit().unwrap();
    let entries = app.state.store.audit_entries(0, 1000).unwrap();
    assert_eq!(entries.iter().filter(|e| e.record_type == "contact_point" && e.detail.contains("import directorio.csv")).count(), 4);
}

#[test]
fn entries_are_created_changed_and_shown_with_coverage() {
    let app = spawn_app();
    let poc = app.user("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red);
    let officer = app.user("hrv.officer", "HRV-POL", Role::Officer, HandlingCode::Red);
    let (auth, off) = (app.token(&poc), app.token(&officer));
    let body = serde_json::json!({
        "country": "HRV", "authority": "Ministry of the Interior, National Firearms Focal Point", "kind": "single_point_of_contact",
        "instruments": ["firearms_protocol", "att", "poa_iti"], "functions": ["tracing", "licence_verification"], "languages": ["hr", "en"],
        "email": "spoc@mup.hr", "last_verified": "2026-01-10"
    });
    assert_eq!(app.send_json("POST", "/api/v1/directory", &off, &body).status, 403, "an officer reads the directory, does not change it");
    let created = app.send_json("POST", "/api/v1/directory", &auth, &body);
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    let mut changed = body.clone();
    changed["email"] = serde_json::json!("not-an-address");
    let r = app.send_json("PUT", &format!("/api/v1/directory/{id}"), &auth, &changed);
    assert_eq!(r.status, 422);
    assert!(r.body.contains("email"), "the error names the field: {}", r.body);
    changed["email"] = serde_json::json!("nfp@mup.hr");
    assert_eq!(app.send_json("PUT", &format!("/api/v1/directory/{id}"), &auth, &changed).status, 200);
    let read = app.get(&format!("/api/v1/directory/{id}"), &off).json();
    assert_eq!(read["email"], "nfp@mup.hr");
    assert_eq!(read["stale"], false);

    // Coverage: Croatia has the Protocol's single point of contact, not a UNTOC central authority;
    // Serbia has nothing.
    let cov = app.get("/api/v1/directory/coverage", &off).json();
    let row = |c: &str| cov["countries"].as_array().unwrap().iter().find(|r| r["country"] == c).unwrap().clone();
    assert_eq!(row("HRV")["instruments"], serde_json::json!(["current", "current", "current", "none"]));
    assert_eq!(row("SRB")["instruments"], serde_json::json!(["none", "none", "none", "none"]));
    assert!(cov["with_none"].as_u64().unwrap() > 200, "most of the world is without an entry here");

    // The pages, for anyone signed in; the forms, for those who manage the directory.
    let page = app.get("/directory?country=HRV", &off);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ministry of the Interior, National Firearms Focal Point"));
    assert_eq!(app.get(&format!("/directory/{id}"), &off).status, 200);
    let coverage = app.get("/directory/coverage", &off);
    assert_eq!(coverage.status, 200);
    assert!(coverage.body.contains("Serbia"), "countries without are listed");
    assert!(coverage.body.contains("(HRV)"), "Croatia has a gap too: no UNTOC central authority");
    assert_eq!(app.get("/directory/new", &off).status, 403);
    assert_eq!(app.get("/directory/import", &off).status, 403);
}

#[test]
fn the_forms_save_an_entry_and_show_what_is_wrong() {
    let app = spawn_app();
    app.user("srb.poc", "SRB-NFP", Role::PointOfContact, HandlingCode::Red);
    let (_, auth) = app.sign_in("srb.poc", PASSWORD);
    let cookie = auth.cookie.clone().unwrap();
    let csrf = auth.csrf.clone().unwrap();
    assert_eq!(app.get("/directory/new", &auth).status, 200);
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("country", "Serbia"),
        ("authority", "Ministarstvo unutrašnjih poslova"),
        ("kind", "single_point_of_contact"),
        ("instruments", "firearms_protocol; att"),
        ("functions", "tracing"),
        ("languages", "sr, en"),
        ("email", "spoc@mup.gov.rs"),
        ("phone", ""),
        ("last_verified", "2099-01-01"),
    ];
    let r = app.post_form("/directory", Some(&cookie), &form);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("last_verified"), "the field is named");
    assert!(r.body.contains("spoc@mup.gov.rs"), "what was typed is kept");
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 0);
    form[9] = ("last_verified", "2026-02-01");
    let r = app.post_form("/directory", Some(&cookie), &form);
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.starts_with("/directory/"));
    let page = app.get(&r.location, &auth);
    assert!(page.body.contains("Ministarstvo unutrašnjih poslova"));
    assert!(page.body.contains("Firearms Protocol art. 13(2)"), "the legal basis is shown");
    // A forged form (no token) changes nothing.
    form[0] = ("csrf", "forged");
    assert_eq!(app.post_form("/directory", Some(&cookie), &form).status, 403);
    // The upload form: a bad file is refused with its rows.
    let r = app.post_multipart("/directory/import", Some(&cookie), &[("csrf", &csrf)], ("file", "d.csv", ONE_BAD.as_bytes()));
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("Nothing was written") && r.body.contains("not an address"), "{}", r.body);
    let r = app.post_multipart("/directory/import", Some(&cookie), &[("csrf", &csrf)], ("file", "d.csv", GOOD.as_bytes()));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 3);

    // Removing an entry: the entry page offers it to those who manage the directory, with the
    // session's token; a forged form removes nothing; the removal is audited.
    let serbian = app.get("/api/v1/directory?q=unutra", &auth).json()["records"][0]["id"].as_str().unwrap().to_string();
    let page = app.get(&format!("/directory/{serbian}"), &auth);
    assert!(page.body.contains(&format!("action=\"/directory/{serbian}/delete\"")), "{}", page.body);
    assert_eq!(app.post_form(&format!("/directory/{serbian}/delete"), Some(&cookie), &[("csrf", "forged")]).status, 403);
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 3);
    let r = app.post_form(&format!("/directory/{serbian}/delete"), Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!((r.status, r.location.as_str()), (303, "/directory?deleted=1"), "{}", r.body);
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 2);
    assert!(app.get(&r.location, &auth).body.contains("removed from the directory"));
    assert_eq!(app.get(&format!("/directory/{serbian}"), &auth).status, 404);
    assert_eq!(app.post_form(&format!("/directory/{serbian}/delete"), Some(&cookie), &[("csrf", &csrf)]).status, 404, "gone");
    let token = app.token(&app.state.store.user_by_name("srb.poc").unwrap().unwrap());
    let other = app.get("/api/v1/directory", &token).json()["records"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(app.delete(&format!("/api/v1/directory/{other}"), &token).json()["deleted"], other.as_str());
    assert_eq!(app.get("/api/v1/directory", &auth).json()["total"], 1);
    app.state.flush_audit().unwrap();
    let audit = app.state.store.audit_entries(0, 10_000).unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "delete" && e.record_type == "contact_point").count(), 2, "both removals audited");

    // The coverage page by region: Serbia is in Europe, not in Africa.
    let europe = app.get("/directory/coverage?region=Europe", &auth);
    assert!(europe.body.contains("(SRB)") && !europe.body.contains("(NGA)"), "{}", europe.body);
    let africa = app.get("/directory/coverage?region=africa", &auth);
    assert!(africa.body.contains("(NGA)") && !africa.body.contains("(SRB)"));
    assert!(africa.body.contains("<option value=\"Africa\" selected>"), "the chosen region stays selected");
}
