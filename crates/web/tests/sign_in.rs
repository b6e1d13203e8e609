//! Signing in and out through the real pages: password, second factor, lockout, anti-forgery
//! tokens, language, security headers, and the audit trail all of it leaves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_app::accounts::{base32_encode, totp_now, MAX_FAILED_SIGN_INS};
use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use armstrace_store::WriteBatch;
use common::*;

#[test]
fn a_user_signs_in_reads_switches_language_and_signs_out() {
    let app = spawn_app();
    app.user("ana.horvat", "HRV-POL", Role::Officer, HandlingCode::Red);
    let it = item("HRV-POL", HandlingCode::Amber, "ZA123456");
    app.state.store.write(&WriteBatch { items: vec![it.clone()], ..Default::default() }).unwrap();

    let (r, auth) = app.sign_in("Ana.Horvat", PASSWORD);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/");
    let cookie = r.set_cookies.iter().find(|c| c.starts_with("armstrace_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let page = app.get(&format!("/items/{}", it.meta.id), &auth);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ZA123456") && page.body.contains("Markings"));

    // Forms need the session's token.
    let r = app.post_form("/language", auth.cookie.as_deref(), &[("csrf", "forged"), ("language", "es")]);
    assert_eq!(r.status, 403);
    let r = app.post_form("/language", auth.cookie.as_deref(), &[("csrf", auth.csrf.as_deref().unwrap()), ("language", "es")]);
    assert_eq!(r.status, 303);
    let page = app.get(&format!("/items/{}", it.meta.id), &auth);
    assert!(page.body.contains("Marcas") && page.body.contains("lang=\"es\""), "the page is in Spanish now");

    // JSON writes with the browser's cookie need the token in a header.
    let body = serde_json::json!({ "item": item("HRV-POL", HandlingCode::Green, "NEW1") });
    let no_token = Auth { cookie: auth.cookie.clone(), ..Default::default() };
    let r = app.send_json("POST", "/api/v1/items", &no_token, &body);
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"]["code"], "csrf_failed");
    assert_eq!(app.send_json("POST", "/api/v1/items", &auth, &body).status, 201);

    let r = app.post_form("/logout", auth.cookie.as_deref(), &[("csrf", auth.csrf.as_deref().unwrap())]);
    assert_eq!(r.status, 303);
    assert_eq!(app.get("/", &auth).status, 303, "the session ended");

    // Everything above is in the audit log, and the chain holds.
    app.state.flush_audit().unwrap();
    let entries = app.state.store.audit_entries(0, 1000).unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in ["create", "sign_in", "read", "sign_out"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    assert!(entries.iter().any(|e| e.action == "read" && e.record == Some(it.meta.id) && e.username == "ana.horvat"));
    assert_eq!(armstrace_app::audit::verify(app.state.store.as_ref()).unwrap(), Ok(entries.len() as u64));
}

#[test]
fn wrong_passwords_lock_the_account_and_say_nothing_about_who_exists() {
    let app = spawn_app();
    app.user("ivo.kovac", "HRV-CUS", Role::Officer, HandlingCode::Amber);
    let (unknown, _) = app.sign_in("nobody.here", PASSWORD);
    let (wrong, _) = app.sign_in("ivo.kovac", "not the password at all");
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.status, 401);
    assert!(unknown.body.contains("user name or password is not right"));
    assert!(wrong.body.contains("user name or password is not right"));
    for _ in 1..MAX_FAILED_SIGN_INS {
        app.sign_in("ivo.kovac", "not the password at all");
    }
    let (locked, auth) = app.sign_in("ivo.kovac", PASSWORD);
    assert_eq!(locked.status, 423, "locked even with the right password");
    assert!(locked.body.contains("locked"));
    assert!(auth.cookie.is_none());
}

#[test]
fn administrators_sign_in_with_a_second_factor() {
    let app = spawn_app();
    let mut admin = app.user("marko.admin", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red);
    let secret = base32_encode(b"a test secret of twenty");
    admin.totp_secret = Some(secret.clone());
    app.state.store.save_user(&admin).unwrap();

    let (r, pending) = app.sign_in("marko.admin", PASSWORD);
    assert_eq!(r.status, 303);
    assert!(r.location.starts_with("/login/second-factor"), "{}", r.location);
    let cookie = pending.cookie.clone().unwrap();
    // The pending session opens nothing but the second-factor page.
    let pending_only = Auth { cookie: Some(cookie.clone()), ..Default::default() };
    assert_eq!(app.get("/admin/users", &pending_only).status, 303);
    assert_eq!(app.get("/api/v1/me", &pending_only).status, 401);

    let form = app.get("/login/second-factor", &pending_only);
    assert_eq!(form.status, 200);
    let csrf = form.field("csrf");
    let r = app.post_form("/login/second-factor", Some(&cookie), &[("csrf", &csrf), ("code", "000000"), ("next", "/admin/users")]);
    assert_eq!(r.status, 401);
    let code = totp_now(&secret, now()).unwrap();
    let r = app.post_form("/login/second-factor", Some(&cookie), &[("csrf", &csrf), ("code", &code), ("next", "/admin/users")]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/admin/users");
    let session = format!("armstrace_session={}", r.cookie("armstrace_session").unwrap());
    assert_ne!(session, cookie, "a new session token once signed in");
    let full = Auth { cookie: Some(session), ..Default::default() };
    let users = app.get("/admin/users", &full);
    assert_eq!(users.status, 200);
    assert!(users.body.contains("marko.admin"));
    assert_eq!(app.get("/api/v1/me", &pending_only).status, 401, "the pending token is gone");
}

#[test]
fn an_administrator_without_a_second_factor_sets_one_up_at_first_sign_in() {
    let app = spawn_app();
    app.user("new.admin", "SRB-POL", Role::AgencyAdmin, HandlingCode::Red);
    let (r, pending) = app.sign_in("new.admin", PASSWORD);
    assert!(r.location.starts_with("/login/second-factor"));
    let cookie = pending.cookie.unwrap();
    let form = app.get("/login/second-factor", &Auth { cookie: Some(cookie.clone()), ..Default::default() });
    let secret = form.field("setup_secret");
    assert!(form.body.contains("otpauth://totp/"));
    let code = totp_now(&secret, now()).unwrap();
    let r =
        app.post_form("/login/second-factor", Some(&cookie), &[("csrf", &form.field("csrf")), ("code", &code), ("setup_secret", &secret)]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(app.state.store.user_by_name("new.admin").unwrap().unwrap().totp_secret, Some(secret));
}

#[test]
fn pages_carry_security_headers_and_assets_are_local() {
    let app = spawn_app();
    let mut req = app.agent.get(format!("{}/login", app.base)).call().unwrap();
    let h = req.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("referrer-policy").is_some());
    let body = req.body_mut().read_to_string().unwrap();
    assert!(!body.contains("http://") && !body.contains("https://"), "no asset from elsewhere");
    assert!(!body.contains("<script>") && !body.contains("style=\""), "no inline script or style");
    assert_eq!(app.get("/assets/style.css", &Auth::default()).status, 200);
}

#[test]
fn an_open_redirect_after_sign_in_goes_home_instead() {
    let app = spawn_app();
    app.user("eva.novak", "HRV-POL", Role::Viewer, HandlingCode::Green);
    let form = app.get("/login?next=//evil.example/x", &Auth::default());
    let login_csrf = form.cookie("armstrace_login_csrf").unwrap();
    let r = app.post_form(
        "/login",
        Some(&format!("armstrace_login_csrf={login_csrf}")),
        &[("username", "eva.novak"), ("password", PASSWORD), ("csrf", &form.field("csrf")), ("next", "//evil.example/x")],
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.location, "/");
}

#[test]
fn people_change_their_password_set_up_a_second_factor_and_use_recovery_codes() {
    let app = spawn_app();
    app.user("ana.horvat", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let (_, auth) = app.sign_in("ana.horvat", PASSWORD);
    let (cookie, csrf) = (auth.cookie.clone().unwrap(), auth.csrf.clone().unwrap());
    let page = app.get("/account", &auth);
    assert_eq!(page.status, 200);
    let secret = page.field("secret");

    // A second factor, set up from the account page.
    let r = app.post_form("/account/second-factor", Some(&cookie), &[("csrf", &csrf), ("secret", &secret), ("code", "000000")]);
    assert_eq!(r.status, 422);
    let code = totp_now(&secret, now()).unwrap();
    let r = app.post_form("/account/second-factor", Some(&cookie), &[("csrf", &csrf), ("secret", &secret), ("code", &code)]);
    assert_eq!(r.status, 200, "{}", r.body);
    // Recovery codes, shown once.
    let r = app.post_form("/account/recovery-codes", Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!(r.status, 200);
    let start = r.body.find("id=\"recovery-codes\"").unwrap();
    let first_code = r.body[start..].split("<code>").nth(1).unwrap().split("</code>").next().unwrap().to_string();
    assert_eq!(first_code.len(), 10);

    // The password: the current one first, then every session ends.
    let r = app.post_form(
        "/account/password",
        Some(&cookie),
        &[("csrf", &csrf), ("current", "wrong wrong wrong"), ("new", "a brand new pass phrase")],
    );
    assert_eq!(r.status, 422);
    let r =
        app.post_form("/account/password", Some(&cookie), &[("csrf", &csrf), ("current", PASSWORD), ("new", "a brand new pass phrase")]);
    assert_eq!(r.status, 303);
    assert_eq!(app.get("/", &auth).status, 303, "signed out everywhere");

    // Signing in now needs the new password and the second factor; a recovery code works once.
    let (r, _) = app.sign_in("ana.horvat", PASSWORD);
    assert_eq!(r.status, 401);
    let form = app.get("/login", &Auth::default());
    let login_csrf = form.cookie("armstrace_login_csrf").unwrap();
    let r = app.post_form(
        "/login",
        Some(&format!("armstrace_login_csrf={login_csrf}")),
        &[("username", "ana.horvat"), ("password", "a brand new pass phrase"), ("csrf", &form.field("csrf"))],
    );
    assert!(r.location.starts_with("/login/second-factor"), "{}", r.location);
    let pending = format!("armstrace_session={}", r.cookie("armstrace_session").unwrap());
    let f = app.get("/login/second-factor", &Auth { cookie: Some(pending.clone()), ..Default::default() });
    let r = app.post_form("/login/second-factor", Some(&pending), &[("csrf", &f.field("csrf")), ("code", &first_code)]);
    assert_eq!(r.status, 303, "a recovery code opens the sign-in: {}", r.body);
    assert_eq!(app.state.store.user_by_name("ana.horvat").unwrap().unwrap().recovery_codes.len(), 9, "and is used up");
}

#[test]
fn agency_administrators_disable_and_reset_their_own_agencys_users_only() {
    let app = spawn_app();
    let mut admin = app.user("hrv.admin", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red);
    let secret = base32_encode(b"admin secret for test");
    admin.totp_secret = Some(secret.clone());
    app.state.store.save_user(&admin).unwrap();
    let ivo = app.user("ivo.officer", "HRV-POL", Role::Officer, HandlingCode::Amber);
    let srb = app.user("srb.officer", "SRB-POL", Role::Officer, HandlingCode::Amber);
    let token = app.token(&admin);
    let (_, ivo_auth) = app.sign_in("ivo.officer", PASSWORD);
    assert_eq!(app.get("/", &ivo_auth).status, 200);

    // With a token there is no session, so no form token either.
    let r = app.post_form(&format!("/admin/users/{}/disabled", ivo.id), None, &[("csrf", ""), ("disabled", "yes")]);
    assert_eq!(r.status, 303, "no credentials: to the sign-in page");
    let post = |path: String, form: &[(&str, &str)]| {
        let mut req =
            app.agent.post(format!("{}{path}", app.base)).header("Authorization", format!("Bearer {}", token.bearer.clone().unwrap()));
        req = req.header("Content-Type", "application/x-www-form-urlencoded");
        let body: String = form.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect::<Vec<_>>().join("&");
        req.send(body.as_bytes()).unwrap().status().as_u16()
    };
    assert_eq!(post(format!("/admin/users/{}/disabled", ivo.id), &[("csrf", ""), ("disabled", "yes")]), 303);
    assert!(app.state.store.user(ivo.id).unwrap().unwrap().disabled);
    assert_eq!(app.get("/", &ivo_auth).status, 303, "a disabled user's session ends");
    assert_eq!(post(format!("/admin/users/{}/disabled", srb.id), &[("csrf", ""), ("disabled", "yes")]), 403, "not another agency's user");
    assert!(!app.state.store.user(srb.id).unwrap().unwrap().disabled);
    assert_eq!(post(format!("/admin/users/{}/password", ivo.id), &[("csrf", ""), ("password", "short")]), 422);
    assert_eq!(post(format!("/admin/users/{}/password", ivo.id), &[("csrf", ""), ("password", "another fine pass phrase")]), 303);
    assert_eq!(post(format!("/admin/users/{}/password", srb.id), &[("csrf", ""), ("password", "another fine pass phrase")]), 403);
}

/// Every page's <title> is plain text: a template slip that put markup there showed up nowhere else.
#[test]
fn page_titles_hold_no_markup() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(i) = text.find("{% block title %}") {
            let rest = &text[i..];
            let end = rest.find("{% endblock %}").unwrap();
            assert!(!rest[..end].contains('<'), "{}: markup in the title block", path.display());
        }
    }
}

#[test]
fn an_agency_policy_asks_every_user_of_the_agency_for_a_second_factor() {
    let app = spawn_app();
    let admin = app.user("pol.admin", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red);
    app.user("pol.officer", "HRV-POL", Role::Officer, HandlingCode::Amber);
    app.user("cus.officer", "HRV-CUS", Role::Officer, HandlingCode::Amber);
    let token = app.token(&admin);
    let set = |ticked: bool| {
        let body = if ticked { "csrf=&second_factor=yes" } else { "csrf=" };
        app.agent
            .post(format!("{}/admin/policy", app.base))
            .header("Authorization", format!("Bearer {}", token.bearer.clone().unwrap()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body.as_bytes())
            .unwrap()
            .status()
            .as_u16()
    };
    let (r, _) = app.sign_in("pol.officer", PASSWORD);
    assert_eq!(r.location, "/", "no policy: an officer signs in with a password");
    assert_eq!(set(true), 303);
    let (r, _) = app.sign_in("pol.officer", PASSWORD);
    assert!(r.location.starts_with("/login/second-factor"), "the policy asks for a second factor: {}", r.location);
    let (r, _) = app.sign_in("cus.officer", PASSWORD);
    assert_eq!(r.location, "/", "another agency's users are not affected");
    let page = app.get("/admin/users", &token);
    assert!(page.body.contains("name=\"second_factor\" value=\"yes\" checked"), "the page shows the policy");
    assert_eq!(set(false), 303);
    let (r, _) = app.sign_in("pol.officer", PASSWORD);
    assert_eq!(r.location, "/");
    let officer = app.user("pol.officer2", "HRV-POL", Role::Officer, HandlingCode::Amber);
    let officer_token = app.token(&officer);
    let r = app
        .agent
        .post(format!("{}/admin/policy", app.base))
        .header("Authorization", format!("Bearer {}", officer_token.bearer.clone().unwrap()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("csrf=&second_factor=yes".as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "an officer does not set the policy");
    app.state.flush_audit().unwrap();
    assert!(app.state.store.audit_entries(0, 1000).unwrap().iter().any(|e| e.action == "set_policy"));
}

#[test]
fn one_address_trying_many_sign_ins_is_slowed_down() {
    let app = spawn_app();
    app.user("ana.officer", "HRV-POL", Role::Officer, HandlingCode::Amber);
    // Many accounts guessed from one machine: each account's own lockout never triggers.
    for n in 0..armstrace_web::auth::SIGN_IN_ATTEMPTS {
        let (r, _) = app.sign_in(&format!("guess{n}"), "wrong password");
        assert_eq!(r.status, 401, "attempt {n}");
    }
    let (r, _) = app.sign_in("ana.officer", PASSWORD);
    assert_eq!(r.status, 429, "the right password too waits: the address is throttled, not the account");
    assert!(r.body.contains("Too many sign-in attempts"), "{}", r.body);
    assert!(app.state.store.user_by_name("ana.officer").unwrap().unwrap().locked_until.is_none(), "the account is not locked");

    // Behind a proxy on this machine, the address the proxy appended counts, not the proxy's.
    let proxied = spawn_app_with(armstrace_web::AppState::behind_proxy(armstrace_store::open("sqlite::memory:").unwrap()));
    let throttle = &proxied.state.sign_in_throttle;
    let state = &proxied.state;
    let peer: std::net::SocketAddr = "127.0.0.1:5000".parse().unwrap();
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("x-forwarded-for", "10.9.9.9, 192.0.2.7".parse().unwrap());
    assert_eq!(armstrace_web::auth::client_address(state, &headers, peer), "192.0.2.7", "the proxy's own entry, not the forgeable first");
    for _ in 0..armstrace_web::auth::SIGN_IN_ATTEMPTS {
        throttle.attempt("192.0.2.7").unwrap();
    }
    assert!(throttle.attempt("192.0.2.7").is_err());
    assert!(throttle.attempt("192.0.2.8").is_ok(), "another client behind the same proxy is not affected");
    let remote: std::net::SocketAddr = "198.51.100.1:5000".parse().unwrap();
    assert_eq!(armstrace_web::auth::client_address(state, &headers, remote), "198.51.100.1", "only a local proxy is believed");
}
