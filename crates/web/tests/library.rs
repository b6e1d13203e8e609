//! The Community's resource library through the real app: uploading a PDF with the form, finding
//! it by a word of its text, downloading it with the right headers, who reads what (members,
//! signed-in non-members, the public page without sign-in), the API, and refused files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::extract::simple_pdf;
use armstrace_domain::handling::HandlingCode;
use common::*;
use serde_json::json;

/// A GET with the response's headers (the common helper keeps only a few).
fn get_with_headers(app: &TestApp, path: &str, auth: &Auth) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut req = app.agent.get(format!("{}{path}", app.base));
    if let Some(b) = &auth.bearer {
        req = req.header("Authorization", format!("Bearer {b}"));
    }
    if let Some(c) = &auth.cookie {
        req = req.header("Cookie", c);
    }
    let mut r = req.call().unwrap();
    let headers = r.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
    (r.status().as_u16(), headers, r.body_mut().read_to_vec().unwrap())
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> &'a str {
    h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Makes `username` an approved member through the API (the node's administrator decides).
fn member(app: &TestApp, root: &Auth, username: &str, coordinator: bool) -> Auth {
    let u = app.state.store.user_by_name(username).unwrap().unwrap();
    let token = app.token(&u);
    let applied = app.send_json(
        "POST",
        "/api/v1/community/membership",
        &token,
        &json!({ "name": username, "agency": "Police", "country": "HRV", "languages": "en", "expertise": "tracing" }),
    );
    assert_eq!(applied.status, 201, "{}", applied.body);
    let id = applied.json()["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/community/members/{id}/decision");
    assert_eq!(app.send_json("POST", &path, root, &json!({ "decision": "approve" })).status, 200);
    if coordinator {
        assert_eq!(app.send_json("POST", &path, root, &json!({ "decision": "make_coordinator" })).status, 200);
    }
    token
}

#[test]
fn upload_search_download_and_who_reads_what() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    app.user("ana", "HRV-POL", Role::Investigator, HandlingCode::Red);
    app.user("ben", "HRV-POL", Role::Analyst, HandlingCode::Red);
    let dan_account = app.user("dan", "SRB-POL", Role::Officer, HandlingCode::Amber);
    let ana_token = member(&app, &root, "ana", false);
    let ben_token = member(&app, &root, "ben", false);
    let dan_token = app.token(&dan_account);
    let (_, ana) = app.sign_in("ana", PASSWORD);
    let (_, ben) = app.sign_in("ben", PASSWORD);
    let (_, dan) = app.sign_in("dan", PASSWORD);

    // Ana uploads a PDF with the form; "etching" is only inside its compressed text.
    let pdf = simple_pdf(
        "Restoring obliterated serial numbers",
        &["Chemical etching reveals the deformed metal under the stamped digits.", "Record the restored number before tracing."],
    );
    let form = app.get("/community/library/new", &ana);
    assert_eq!(form.status, 200);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let csrf = ana.csrf.clone().unwrap();
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Forensic note on serial numbers"),
        ("kind", "guidance"),
        ("instrument", "firearms_protocol"),
        ("instrument", "poa_iti"),
        ("language", "en"),
        ("region", "europe"),
        ("date", "2025-06"),
        ("author", "Forensic Science Centre"),
        ("summary", "What the laboratory needs."),
        ("visibility", "community"),
    ];
    let r = app.post_multipart("/community/library", ana.cookie.as_deref(), &fields, ("file", "serials note.pdf", &pdf));
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.starts_with("/community/library/") && r.location.ends_with("?saved=1"), "{}", r.location);
    let id = r.location.trim_start_matches("/community/library/").trim_end_matches("?saved=1").to_string();

    // Another member finds it by that word, with a snippet around it, and opens it.
    let found = app.get("/community/library?q=Etching", &ben);
    assert_eq!(found.status, 200);
    assert!(found.body.contains("Forensic note on serial numbers"), "{}", found.body);
    assert!(found.body.contains("Chemical etching reveals"), "the snippet: {}", found.body);
    assert!(!app.get("/community/library?q=etching&kind=case_law", &ben).body.contains("Forensic note"));
    let page = app.get(&format!("/community/library/{id}?q=etching"), &ben);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"snippet\"") && page.body.contains("id=\"download\""));
    assert!(!page.body.contains("id=\"delete-resource\""), "only the adder and the coordinators remove it");

    // The download: the bytes as uploaded, the type told by content, as an attachment.
    let (status, headers, bytes) = get_with_headers(&app, &format!("/community/library/{id}/file"), &ben);
    assert_eq!(status, 200);
    assert_eq!(bytes, pdf);
    assert_eq!(header(&headers, "content-type"), "application/pdf");
    let disposition = header(&headers, "content-disposition");
    assert!(disposition.starts_with("attachment; filename=\"serials_note.pdf\""), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''serials%20note.pdf"), "{disposition}");
    assert_eq!(header(&headers, "cache-control"), "private, no-store");
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    let (status, _, api_bytes) = get_with_headers(&app, &format!("/api/v1/community/library/{id}/file"), &ben_token);
    assert_eq!((status, api_bytes.len()), (200, pdf.len()));

    // A signed-in non-member: not the Community-only resource, nor its file, nor in lists.
    assert_eq!(app.get(&format!("/community/library/{id}"), &dan).status, 403);
    assert_eq!(get_with_headers(&app, &format!("/community/library/{id}/file"), &dan).0, 403);
    assert_eq!(app.get(&format!("/api/v1/community/library/{id}"), &dan_token).status, 403);
    let dan_list = app.get("/community/library?q=etching", &dan);
    assert_eq!(dan_list.status, 200);
    assert!(!dan_list.body.contains("Forensic note"));
    assert!(dan_list.body.contains("/community/join"), "told how to see more");
    assert_eq!(app.get("/community/library/new", &dan).status, 403);
    let r = app.send_json(
        "POST",
        "/api/v1/community/library",
        &dan_token,
        &json!({ "title": "x", "kind": "tool", "language": "en", "url": "https://x.org/a" }),
    );
    assert_eq!(r.status, 403);

    // A public link through the API: everyone signed in reads it, and the public page lists it.
    let link = app.send_json(
        "POST",
        "/api/v1/community/library",
        &ana_token,
        &json!({ "title": "Arms Trade Treaty", "kind": "legislation", "instruments": ["att"], "language": "en", "visibility": "public", "url": "https://thearmstradetreaty.org/treaty-text.html" }),
    );
    assert_eq!(link.status, 201, "{}", link.body);
    let link_id = link.json()["id"].as_str().unwrap().to_string();
    assert!(app.get("/community/library", &dan).body.contains("Arms Trade Treaty"));
    assert_eq!(app.get(&format!("/api/v1/community/library/{link_id}"), &dan_token).status, 200);
    let public = app.get("/public/library", &Auth::default());
    assert_eq!(public.status, 200, "no sign-in needed");
    assert!(public.body.contains("Arms Trade Treaty") && public.body.contains("https://thearmstradetreaty.org/treaty-text.html"));
    assert!(!public.body.contains("Forensic note"), "Community-only resources are not public");
    assert_eq!(app.get(&format!("/public/library/{id}/file"), &Auth::default()).status, 404);
    assert!(app.get("/public/library?q=etching", &Auth::default()).body.contains(">0 "), "nothing public holds the word");

    // Made public by its adder, the file is on the public page and downloads without sign-in.
    let mut d = app.get(&format!("/api/v1/community/library/{id}"), &ana_token).json();
    d["visibility"] = json!("public");
    d["url"] = json!("");
    let r = app.send_json("PUT", &format!("/api/v1/community/library/{id}"), &ana_token, &d);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(app.get("/public/library?q=etching", &Auth::default()).body.contains("Forensic note"));
    let (status, headers, bytes) = get_with_headers(&app, &format!("/public/library/{id}/file"), &Auth::default());
    assert_eq!((status, bytes.len()), (200, pdf.len()));
    assert!(header(&headers, "content-disposition").starts_with("attachment"));

    // Ben may not change or remove Ana's resource; Ana may.
    assert_eq!(app.delete(&format!("/api/v1/community/library/{id}"), &ben_token).status, 403);
    let r = app.post_form(&format!("/community/library/{id}/delete"), ben.cookie.as_deref(), &[("csrf", ben.csrf.as_deref().unwrap())]);
    assert_eq!(r.status, 403);
    let r = app.post_form(&format!("/community/library/{id}/delete"), ana.cookie.as_deref(), &[("csrf", csrf.as_str())]);
    assert_eq!(r.status, 303);
    assert_eq!(app.get(&format!("/community/library/{id}"), &ben).status, 404);
}

#[test]
fn refused_files_and_the_api_for_documents() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    app.user("ana", "HRV-POL", Role::Investigator, HandlingCode::Red);
    app.user("cleo", "HRV-POL", Role::Officer, HandlingCode::Red);
    let ana_token = member(&app, &root, "ana", false);
    let cleo_token = member(&app, &root, "cleo", true);
    let (_, ana) = app.sign_in("ana", PASSWORD);
    let csrf = ana.csrf.clone().unwrap();
    let count = |t: &Auth| app.get("/api/v1/community/library", t).json()["total"].as_u64().unwrap();

    // An image sent as a PDF: the form comes back with the reason and what was typed.
    let fields =
        [("csrf", csrf.as_str()), ("title", "Photo of a marking"), ("kind", "tool"), ("language", "en"), ("visibility", "community")];
    let r =
        app.post_multipart("/community/library", ana.cookie.as_deref(), &fields, ("file", "marking.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("PNG image") && r.body.contains("Photo of a marking"), "{}", r.body);
    // A forged form is refused before its file is read.
    let forged = [("csrf", "forged"), ("title", "x"), ("kind", "tool"), ("language", "en")];
    assert_eq!(app.post_multipart("/community/library", ana.cookie.as_deref(), &forged, ("file", "a.txt", b"text")).status, 403);
    // Neither a file nor an address.
    let r = app.post_multipart("/community/library", ana.cookie.as_deref(), &fields, ("file", "", b""));
    assert_eq!(r.status, 422);
    assert!(r.body.contains("url"), "{}", r.body);
    assert_eq!(count(&ana_token), 0, "nothing was written");

    // The API takes a document as the body, described in the query string.
    let html = "<html><head><title>Guía</title><script>var hidden = 'zzsecret';</script></head><body><p>Marcaje &amp; registro de armas</p></body></html>";
    let r = app.post_body(
        "/api/v1/community/library/files?name=guia.html&title=Gu%C3%ADa%20de%20marcaje&kind=guidance&instruments=firearms_protocol&language=es&region=americas&visibility=community",
        &ana_token,
        "text/html",
        html.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let doc = r.json();
    assert_eq!(doc["source"]["format"], "html");
    let doc_id = doc["id"].as_str().unwrap().to_string();
    let listed = app.get("/api/v1/community/library?q=registro&language=es&region=americas", &ana_token).json();
    assert_eq!(listed["total"], 1);
    assert!(listed["records"][0]["snippet"].as_str().unwrap().contains("Marcaje & registro"), "{listed}");
    assert_eq!(app.get("/api/v1/community/library?q=zzsecret", &ana_token).json()["total"], 0, "script content is not text");
    // Bad bodies: empty, unreadable, too large; a bad description.
    let bad = |path: &str, body: &[u8]| app.post_body(path, &ana_token, "application/octet-stream", body);
    let ok_query = "/api/v1/community/library/files?name=a.pdf&title=A&kind=tool&language=en";
    assert!(bad(ok_query, b"").body.contains("empty"));
    let r = bad(ok_query, b"%PDF-1.4 nothing here");
    assert_eq!(r.status, 422);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("cannot be read"), "{}", r.body);
    let r = bad(ok_query, &vec![b'a'; 20 * 1024 * 1024 + 1]);
    assert_eq!(r.status, 422);
    assert!(r.body.contains("20 MB"), "{}", r.body);
    let r = bad("/api/v1/community/library/files?name=a.txt&kind=novel&language=en", b"text");
    assert!(r.body.contains("title") && r.body.contains("kind"), "{}", r.body);
    assert_eq!(count(&ana_token), 1);

    // A new file for the resource keeps its description; a coordinator may do it.
    let mut req =
        app.agent.put(format!("{}/api/v1/community/library/{doc_id}/file?name=v2.txt", app.base)).header("Content-Type", "text/plain");
    req = req.header("Authorization", format!("Bearer {}", cleo_token.bearer.clone().unwrap()));
    let mut resp = req.send(&b"Segunda edicion: trazabilidad"[..]).unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.body_mut().read_to_string().unwrap_or_default());
    let after = app.get(&format!("/api/v1/community/library/{doc_id}"), &ana_token).json();
    assert_eq!(after["title"], "Guía de marcaje");
    assert_eq!(after["source"]["format"], "text");
    assert_eq!(app.get("/api/v1/community/library?q=trazabilidad", &ana_token).json()["total"], 1);
    assert_eq!(app.get("/api/v1/community/library?q=registro", &ana_token).json()["total"], 0);
    assert_eq!(app.delete(&format!("/api/v1/community/library/{doc_id}"), &cleo_token).status, 200);
    assert_eq!(count(&ana_token), 0);
}
