//! The Community's discussion through the real app: threads and replies by form and API, mentions
//! as links and notifications (and e-mail through a local SMTP sink), reports, moderation by a
//! coordinator, who may do what, and the pages in English, Spanish and French.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::account::{Language, UserAccount};
use armstrace_domain::handling::HandlingCode;
use common::*;
use serde_json::{json, Value};

/// A member of the Community (applied through the API, approved by the node's administrator);
/// returns the member's record id.
fn join(app: &TestApp, root: &Auth, u: &UserAccount, name: &str, coordinator: bool) -> String {
    let t = app.token(u);
    let r = app.send_json(
        "POST",
        "/api/v1/community/membership",
        &t,
        &json!({ "name": name, "agency": "National police", "country": u.country.as_str(), "languages": "en", "expertise": "tracing", "email": format!("{}@police.example", u.username), "contact": "email" }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let decide = |d: &str| {
        let r = app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), root, &json!({ "decision": d }));
        assert_eq!(r.status, 200, "{}", r.body);
    };
    decide("approve");
    if coordinator {
        decide("make_coordinator");
    }
    id
}

fn session(app: &TestApp, username: &str) -> (String, String) {
    let (_, a) = app.sign_in(username, PASSWORD);
    (a.cookie.unwrap(), a.csrf.unwrap())
}

fn as_cookie(cookie: &str) -> Auth {
    Auth { cookie: Some(cookie.to_string()), ..Default::default() }
}

#[test]
fn members_discuss_and_coordinators_moderate_through_pages_and_the_api() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let ana = app.user("ana.kovac", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let ben = app.user("ben.ortiz", "MEX-POL", Role::Analyst, HandlingCode::Amber);
    let cleo = app.user("cleo", "AUT-POL", Role::Officer, HandlingCode::Amber);
    let zed = app.user("zed", "SRB-POL", Role::Officer, HandlingCode::Amber);
    let root = app.token(&admin);
    join(&app, &root, &ana, "Ana Kovač", true);
    join(&app, &root, &ben, "Ben Ortiz", false);
    let cleo_member = join(&app, &root, &cleo, "Cleo Huber", false);
    let (ana_t, ben_t, cleo_t, zed_t) = (app.token(&ana), app.token(&ben), app.token(&cleo), app.token(&zed));

    // Non-members reach nothing of the discussion.
    let (zed_cookie, _) = session(&app, "zed");
    assert_eq!(app.get("/community/discussion", &as_cookie(&zed_cookie)).status, 403);
    assert_eq!(app.get("/community/discussion/new", &as_cookie(&zed_cookie)).status, 403);
    assert_eq!(app.get("/community/notifications", &as_cookie(&zed_cookie)).status, 403);
    assert_eq!(app.get("/api/v1/community/threads", &zed_t).status, 403);
    let draft = json!({ "title": "x", "topic": "general", "region": "global", "language": "en", "body": "x" });
    assert_eq!(app.send_json("POST", "/api/v1/community/threads", &zed_t, &draft).status, 403);

    // Ben opens a thread with the form: the form's token is needed, a bad field keeps what he typed.
    let (ben_cookie, ben_csrf) = session(&app, "ben.ortiz");
    let form = app.get("/community/discussion/new", &as_cookie(&ben_cookie));
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"ballistics_forensics\""));
    let body = "Has anyone traced a converted alarm pistol?\n@Cleo, @zed and @nobody: <script>alert(1)</script>";
    let mut fields = vec![
        ("csrf", ben_csrf.as_str()),
        ("title", "Converted alarm pistols"),
        ("topic", "gossip"),
        ("region", "europe"),
        ("language", "en"),
        ("body", body),
    ];
    let r = app.post_form("/community/discussion", Some(&ben_cookie), &fields);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("topic") && r.body.contains("Converted alarm pistols"), "{}", r.body);
    fields[2] = ("topic", "tracing");
    let forged: Vec<(&str, &str)> = fields.iter().map(|(k, v)| if *k == "csrf" { (*k, "forged") } else { (*k, *v) }).collect();
    assert_eq!(app.post_form("/community/discussion", Some(&ben_cookie), &forged).status, 403);
    let r = app.post_form("/community/discussion", Some(&ben_cookie), &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let thread = r.location.trim_start_matches("/community/discussion/").to_string();

    // The page: plain text escaped, line breaks kept, the member named links to her profile, the
    // others stay text.
    let (cleo_cookie, cleo_csrf) = session(&app, "cleo");
    assert_eq!(app.get("/api/v1/community/notifications", &cleo_t).json()["unread"], 1);
    let list = app.get("/community/discussion", &as_cookie(&cleo_cookie));
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Converted alarm pistols") && list.body.contains("id=\"unread-count\""), "{}", list.body);
    let notes = app.get("/community/notifications", &as_cookie(&cleo_cookie));
    assert!(notes.body.contains("Ben Ortiz") && notes.body.contains(&format!("/community/discussion/{thread}#post-")), "{}", notes.body);
    let page = app.get(&format!("/community/discussion/{thread}"), &as_cookie(&cleo_cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("<a href=\"/community/members/{cleo_member}\" class=\"mention\">@Cleo</a>")), "{}", page.body);
    assert!(page.body.contains("pistol?<br>"));
    assert!(page.body.contains("&#60;script&#62;alert(1)") && !page.body.contains("<script>alert"), "escaped: {}", page.body);
    assert!(page.body.contains("@zed and @nobody"));
    assert_eq!(app.get("/api/v1/community/notifications", &cleo_t).json()["unread"], 0, "opening the thread read the notification");
    assert_eq!(app.get("/api/v1/community/notifications", &app.token(&zed)).status, 403);

    // Replies by form and by API; an edit by the author only.
    let r = app.post_form(
        &format!("/community/discussion/{thread}/reply"),
        Some(&cleo_cookie),
        &[("csrf", &cleo_csrf), ("body", "Yes. @ana.kovac has the report.")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(app.get("/api/v1/community/notifications", &ana_t).json()["unread"], 1, "Ana was named");
    let r = app.send_json(
        "POST",
        &format!("/api/v1/community/threads/{thread}/posts"),
        &ana_t,
        &json!({ "body": "The suspect lives at Ilica 12." }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let bad_post = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(app.send_json("PUT", &format!("/api/v1/community/posts/{bad_post}"), &ben_t, &json!({ "body": "mine" })).status, 403);
    let r = app.send_json(
        "PUT",
        &format!("/api/v1/community/posts/{bad_post}"),
        &ana_t,
        &json!({ "body": "The suspect lives at Ilica 12, Zagreb." }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json()["edited_at"].is_string());
    assert_eq!(app.send_json("POST", &format!("/api/v1/community/threads/{thread}/posts"), &ana_t, &json!({})).status, 422);
    let v = app.get(&format!("/api/v1/community/threads/{thread}"), &ben_t).json();
    assert_eq!(v["thread"]["replies"], 2);
    assert_eq!(v["posts"].as_array().unwrap().len(), 3);

    // Cleo reports Ana's post with the form; the coordinators' queue has it, others may not see it.
    let r = app.post_form(
        &format!("/community/discussion/posts/{bad_post}/report"),
        Some(&cleo_cookie),
        &[("csrf", &cleo_csrf), ("reason", "a suspect's address")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("done=reported"));
    assert_eq!(app.get("/community/discussion/reports", &as_cookie(&cleo_cookie)).status, 403);
    assert_eq!(app.get("/api/v1/community/reports", &cleo_t).status, 403);
    let (ana_cookie, ana_csrf) = session(&app, "ana.kovac");
    let queue = app.get("/community/discussion/reports", &as_cookie(&ana_cookie));
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("a suspect&#39;s address") || queue.body.contains("a suspect&#x27;s address"), "{}", queue.body);
    let reports = app.get("/api/v1/community/reports", &ana_t).json();
    assert_eq!(reports["reports"].as_array().unwrap().len(), 1);

    // Ana hides the post from the queue (a reason is needed); members read that it was hidden.
    let hide = [("csrf", ana_csrf.as_str()), ("action", "hide"), ("id", bad_post.as_str()), ("from", "reports"), ("reason", "")];
    assert_eq!(app.post_form("/community/discussion/moderate", Some(&ana_cookie), &hide).status, 422);
    assert_eq!(
        app.post_form(
            "/community/discussion/moderate",
            Some(&cleo_cookie),
            &[("csrf", &cleo_csrf), ("action", "hide"), ("id", &bad_post), ("reason", "x")]
        )
        .status,
        403
    );
    let mut hide = hide.to_vec();
    hide[4] = ("reason", "personal data of a suspect");
    let r = app.post_form("/community/discussion/moderate", Some(&ana_cookie), &hide);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/community/discussion/reports");
    assert!(app.get("/community/discussion/reports", &as_cookie(&ana_cookie)).body.contains("id=\"no-reports\""));
    let seen = app.get(&format!("/community/discussion/{thread}"), &as_cookie(&cleo_cookie)).body;
    assert!(seen.contains("Hidden by a coordinator") && !seen.contains("Ilica"), "{seen}");
    let seen = app.get(&format!("/community/discussion/{thread}"), &as_cookie(&ana_cookie)).body;
    assert!(seen.contains("Ilica 12, Zagreb") && seen.contains("personal data of a suspect"));
    let api_seen = app.get(&format!("/api/v1/community/threads/{thread}"), &ben_t).json();
    let hidden: Vec<&Value> = api_seen["posts"].as_array().unwrap().iter().filter(|p| p["hidden"].is_object()).collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0]["body"], "", "the API hides the text as the page does");

    // Lock through the API: no more replies, no reply form.
    let m = app.send_json("POST", "/api/v1/community/moderation", &ben_t, &json!({ "action": "lock", "id": thread, "reason": "done" }));
    assert_eq!(m.status, 403);
    let m = app.send_json("POST", "/api/v1/community/moderation", &ana_t, &json!({ "action": "lock", "id": thread, "reason": "answered" }));
    assert_eq!(m.status, 200, "{}", m.body);
    assert_eq!(m.json()["record_type"], "thread");
    assert_eq!(
        app.send_json("POST", "/api/v1/community/moderation", &ana_t, &json!({ "action": "burn", "id": thread, "reason": "x" })).status,
        422
    );
    let r = app.send_json("POST", &format!("/api/v1/community/threads/{thread}/posts"), &cleo_t, &json!({ "body": "late" }));
    assert_eq!(r.status, 409, "{}", r.body);
    let page = app.get(&format!("/community/discussion/{thread}"), &as_cookie(&cleo_cookie)).body;
    assert!(page.contains("id=\"locked\"") && !page.contains("id=\"reply-form\""));

    // The list's filters, through the API.
    let r = app.send_json("POST", "/api/v1/community/threads", &cleo_t, &json!({ "title": "Deactivation standards", "topic": "legislation", "region": "global", "language": "fr", "body": "Quelle norme appliquez-vous ? @ana.kovac" }));
    assert_eq!(r.status, 201, "{}", r.body);
    let ids = |q: &str| -> Vec<String> {
        let r = app.get(&format!("/api/v1/community/threads{q}"), &ben_t);
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["records"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(""), vec!["Deactivation standards", "Converted alarm pistols"], "newest activity first");
    assert_eq!(ids("?topic=tracing"), vec!["Converted alarm pistols"]);
    assert_eq!(ids("?region=global"), vec!["Deactivation standards"]);
    assert_eq!(ids("?language=fr"), vec!["Deactivation standards"]);
    assert_eq!(ids("?q=report"), vec!["Converted alarm pistols"]);
    assert!(ids("?q=ilica").is_empty(), "a hidden post is not found by its words");
    assert_eq!(app.get("/api/v1/community/threads?topic=gossip", &ben_t).status, 422);

    // Notifications: Ana was named again; she marks them read through the API.
    let n = app.get("/api/v1/community/notifications", &ana_t).json();
    assert_eq!(n["unread"], 1);
    let r = app.send_json("POST", "/api/v1/community/notifications/read", &ana_t, &json!({}));
    assert_eq!(r.json()["marked"], 1);
    assert_eq!(app.get("/api/v1/community/notifications", &ana_t).json()["unread"], 0);

    // Every decision is in the audit log with its reason.
    app.state.flush_audit().unwrap();
    let log = app.state.store.audit_entries(0, 100_000).unwrap();
    assert!(log.iter().any(|e| e.action == "hide" && e.detail == "personal data of a suspect" && e.username == "ana.kovac"));
    assert!(log.iter().any(|e| e.action == "lock" && e.detail == "answered"));
    assert!(log.iter().any(|e| e.action == "report" && e.detail == "a suspect's address" && e.username == "cleo"));
}

#[test]
fn the_discussion_speaks_english_spanish_and_french() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    for (name, lang, title, topic) in [
        ("eva", Language::En, "Discussion", "Ballistics and forensics"),
        ("eli", Language::Es, "Debate", "Balística y ciencia forense"),
        ("eve", Language::Fr, "Discussion", "Balistique et criminalistique"),
    ] {
        let mut u = app.user(name, "HRV-POL", Role::Officer, HandlingCode::Amber);
        u.language = lang;
        app.state.store.save_user(&u).unwrap();
        join(&app, &root, &u, name, false);
        let (cookie, _) = session(&app, name);
        let page = app.get("/community/discussion", &as_cookie(&cookie));
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("<h1>{title}</h1>")), "{name}: {}", page.body);
        assert!(page.body.contains(topic), "{name}");
        assert!(!page.body.contains("??"), "{name}: a text is missing");
        let form = app.get("/community/discussion/new", &as_cookie(&cookie));
        assert!(!form.body.contains("??"), "{name}: a text is missing");
    }
    // Labels picked by code (topics, regions, report statuses) have all three languages too.
    let codes = armstrace_domain::community::discussion::Topic::ALL
        .iter()
        .map(|t| format!("comm.disc.topic.{}", t.code()))
        .chain(armstrace_domain::community::discussion::Region::ALL.iter().map(|r| format!("comm.disc.region.{}", r.code())))
        .chain(["open", "dismissed", "acted"].iter().map(|s| format!("comm.disc.report.{s}")));
    for key in codes {
        let found = armstrace_web::i18n::TEXTS.iter().find(|(k, ..)| *k == key);
        let (_, en, es, fr) = found.unwrap_or_else(|| panic!("no texts for {key}"));
        assert!(!en.is_empty() && !es.is_empty() && !fr.is_empty(), "{key}");
    }
}

/// A mention is mailed to the member named, through the node's relay: who, which thread, the link;
/// nothing of the post.
#[test]
fn a_mention_is_mailed_to_the_member_named_without_the_post() {
    let (port, sink) = smtp_sink();
    let app = spawn_app();
    let cfg = armstrace_app::mail::SmtpConfig::parse(&format!("smtp://127.0.0.1:{port}"), "armstrace@mup.example").unwrap();
    app.state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), "https://armstrace.mup.example/");
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    let ana = app.user("ana.kovac", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let mut ben = app.user("ben.ortiz", "MEX-POL", Role::Analyst, HandlingCode::Amber);
    ben.language = Language::Es;
    app.state.store.save_user(&ben).unwrap();
    let zed = app.user("zed", "SRB-POL", Role::Officer, HandlingCode::Amber);
    let mut z = app.state.store.user(zed.id).unwrap().unwrap();
    z.email = Some("zed@police.example".into());
    app.state.store.save_user(&z).unwrap();
    join(&app, &root, &ana, "Ana Kovač", false);
    join(&app, &root, &ben, "Ben Ortiz", false);
    let r = app.send_json(
        "POST",
        "/api/v1/community/threads",
        &app.token(&ana),
        &json!({ "title": "Darknet test purchases", "topic": "online_darknet", "region": "global", "language": "en", "body": "@ben.ortiz, @zed: the vendor M70-004512 ships from Ilica 12." }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let thread = r.json()["thread"]["id"].as_str().unwrap().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sink.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Give a second (wrong) message the time to arrive, if one were sent.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "one mail, to the member only (zed is no member): {got:?}");
    assert_eq!(got[0].0, ["ben.ortiz@police.example"], "the address the member gave");
    let raw = &got[0].1;
    let body = decode_base64(raw.split("\n\n").nth(1).unwrap_or(""));
    assert!(body.contains("Ana Kovač") && body.contains("Darknet test purchases"), "{body}");
    assert!(body.contains(&format!("https://armstrace.mup.example/community/discussion/{thread}#post-")), "{body}");
    assert!(body.contains("le mencionó"), "in the member's language: {body}");
    assert!(!raw.contains("M70") && !body.contains("M70") && !body.contains("Ilica"), "nothing of the post: {body}");
}
