//! Importing a file from the browser: the upload, the page that follows it, the row-by-row report,
//! and the owner rules of imports made on behalf of a signed-in user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use common::*;

const GOOD_AND_ONE_BAD: &str = "Serial Number,Make,Model,Type,Calibre,Year,Owner,Licence number,Registration date\n\
A100001,Glock,17,Pistol,9x19,2015,Ana Horvat,HR-1,03/04/2016\n\
A100002,CZ,75,Pistola,9mm Luger,2012,Ivan Kovač,HR-2,14/07/2013\n\
A100003,Beretta,92,Pistol,9x19,3015,Marko Marić,HR-3,01/02/2014\n";

#[test]
fn a_file_with_one_bad_row_writes_nothing_and_names_the_row() {
    let app = spawn_app();
    app.user("iva.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber);
    let (_, auth) = app.sign_in("iva.analyst", PASSWORD);
    let cookie = auth.cookie.clone().unwrap();
    let csrf = auth.csrf.clone().unwrap();
    assert_eq!(app.get("/imports/new", &auth).status, 200);

    let r = app.post_multipart(
        "/imports",
        Some(&cookie),
        &[("csrf", &csrf), ("kind", "registry"), ("handling", "AMBER")],
        ("file", "registro.csv", GOOD_AND_ONE_BAD.as_bytes()),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let report = app.import_result(&r.location, &auth);
    assert_eq!(report.status, 422, "{}", report.body);
    assert!(report.body.contains("registro.csv:4"), "the row is named by the file's own name: {}", report.body);
    assert!(report.body.contains("3015"), "{}", report.body);
    assert!(report.body.contains("Nothing was written"));
    assert_eq!(app.get("/api/v1/items", &auth).json()["total"], 0);

    // The same file, writing the good rows.
    let r = app.post_multipart(
        "/imports",
        Some(&cookie),
        &[("csrf", &csrf), ("kind", "registry"), ("handling", "AMBER"), ("partial", "yes")],
        ("file", "registro.csv", GOOD_AND_ONE_BAD.as_bytes()),
    );
    let report = app.import_result(&r.location, &auth);
    assert_eq!(report.status, 200, "{}", report.body);
    assert!(report.body.contains("2 rows written, 1 rows refused"), "{}", report.body);
    let items = app.get("/api/v1/items", &auth).json();
    assert_eq!(items["total"], 2);
    assert!(items["records"].as_array().unwrap().iter().all(|i| i["meta"]["agency"] == "HRV-NFP"), "imported for the user's agency");

    // The audit log has both imports.
    app.state.flush_audit().unwrap();
    let entries = app.state.store.audit_entries(0, 1000).unwrap();
    assert!(entries.iter().any(|e| e.action == "import_refused" && e.detail.contains("registro.csv")));
    assert!(entries.iter().any(|e| e.action == "import" && e.detail.contains("2 rows written")));
}

#[test]
fn imports_cannot_claim_another_owner_an_id_or_a_higher_handling_code() {
    let app = spawn_app();
    app.user("iva.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber);
    let (_, auth) = app.sign_in("iva.analyst", PASSWORD);
    let (cookie, csrf) = (auth.cookie.clone().unwrap(), auth.csrf.clone().unwrap());
    let csv = "Serial Number,Make,Type,Agency,Handling code,Id\n\
B1,Glock,Pistol,SRB-POL,AMBER,\n\
B2,Glock,Pistol,,RED,\n\
B3,Glock,Pistol,,,0190f3c2-7b1e-7cc0-8a5e-3f1d2c4b5a69\n";
    let r = app.post_multipart("/imports", Some(&cookie), &[("csrf", &csrf), ("kind", "registry")], ("file", "x.csv", csv.as_bytes()));
    let report = app.import_result(&r.location, &auth);
    assert_eq!(report.status, 422, "{}", report.body);
    for (row, what) in [("x.csv:2", "SRB-POL"), ("x.csv:3", "above your clearance"), ("x.csv:4", "ids are given by armstrace")] {
        assert!(report.body.contains(row) && report.body.contains(what), "{row} {what}: {}", report.body);
    }
    // A forged upload stores nothing; someone else's import report is not theirs to read.
    let forged =
        app.post_multipart("/imports", Some(&cookie), &[("csrf", "forged"), ("kind", "registry")], ("file", "x.csv", csv.as_bytes()));
    assert_eq!(forged.status, 403);
    app.user("other.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber);
    let (_, other) = app.sign_in("other.analyst", PASSWORD);
    assert_eq!(app.get(&r.location, &other).status, 404);
}
