//! The real app on port 0 with a fresh database, and typed request helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::accounts::{Accounts, NewUser};
use armstrace_domain::access::Role;
use armstrace_domain::account::{Language, UserAccount};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::{Classification, Item, ItemClass, Markings, Resolved};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::serial::SerialNumber;
use armstrace_domain::time::Timestamp;
use armstrace_web::{AppState, Shared};

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub base: String,
    pub state: Shared,
    pub agent: ureq::Agent,
}

pub fn spawn_app() -> TestApp {
    spawn_app_with(AppState::new(armstrace_store::open("sqlite::memory:").unwrap(), false))
}

pub fn spawn_app_with(state: Shared) -> TestApp {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let st = state.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            armstrace_web::serve(l, st).await.unwrap();
        });
    });
    // The socket is bound: connections queue until the server accepts them, no waiting needed.
    // A fresh connection per request: a server may close a kept-alive connection after refusing a
    // request whose body it did not read, and a pooled connection reused in that instant fails.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .build()
        .into();
    TestApp { base: format!("http://{addr}"), state, agent }
}

pub fn now() -> Timestamp {
    armstrace_web::now()
}

/// A plain response: status, headers we look at, body.
pub struct Resp {
    pub status: u16,
    pub location: String,
    pub set_cookies: Vec<String>,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies
            .iter()
            .find_map(|c| c.split(';').next().and_then(|kv| kv.split_once('=')).filter(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }
    /// A hidden form field's value.
    pub fn field(&self, name: &str) -> String {
        let pat = format!("name=\"{name}\" value=\"");
        let i = self.body.find(&pat).unwrap_or_else(|| panic!("no field {name} in {}", self.body));
        let rest = &self.body[i + pat.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

fn finish(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Resp {
    let mut r = r.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let set_cookies = r.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(String::from).collect();
    let bytes = r.body_mut().read_to_vec().unwrap_or_default();
    let body = String::from_utf8_lossy(&bytes).to_string();
    Resp { status, location, set_cookies, body, bytes }
}

/// How a request is authenticated.
#[derive(Clone, Default)]
pub struct Auth {
    pub bearer: Option<String>,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl TestApp {
    pub fn get(&self, path: &str, auth: &Auth) -> Resp {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        if let Some(c) = &auth.cookie {
            req = req.header("Cookie", c);
        }
        finish(req.call())
    }
    pub fn delete(&self, path: &str, auth: &Auth) -> Resp {
        let mut req = self.agent.delete(format!("{}{path}", self.base));
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        if let Some(c) = &auth.cookie {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &auth.csrf {
            req = req.header("X-CSRF-Token", t);
        }
        finish(req.call())
    }
    pub fn send_json(&self, method: &str, path: &str, auth: &Auth, body: &serde_json::Value) -> Resp {
        let url = format!("{}{path}", self.base);
        let mut req = if method == "PUT" { self.agent.put(url) } else { self.agent.post(url) };
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        if let Some(c) = &auth.cookie {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &auth.csrf {
            req = req.header("X-CSRF-Token", t);
        }
        finish(req.send_json(body))
    }
    /// A form posted with an API token (no session, so no form token either).
    pub fn post_form_as(&self, path: &str, auth: &Auth, form: &[(&str, &str)]) -> Resp {
        let mut req = self.agent.post(format!("{}{path}", self.base)).header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        let body: String = form.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect::<Vec<_>>().join("&");
        finish(req.send(body.as_bytes()))
    }

    pub fn post_form(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Resp {
        let mut req = self.agent.post(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        finish(req.send_form(form.iter().copied()))
    }

    pub fn user(&self, username: &str, agency: &str, role: Role, clearance: HandlingCode) -> UserAccount {
        let accounts = Accounts { store: self.state.store.as_ref(), audit: &self.state.audit };
        accounts
            .create(
                None,
                NewUser {
                    username: username.into(),
                    display_name: String::new(),
                    agency: agency.into(),
                    country: agency[..3].into(),
                    role,
                    clearance,
                    language: Language::En,
                    password: PASSWORD.into(),
                    second_factor_required: false,
                },
                now(),
                "test",
            )
            .unwrap()
    }

    /// A read-and-write API token for a user.
    pub fn token(&self, u: &UserAccount) -> Auth {
        let accounts = Accounts { store: self.state.store.as_ref(), audit: &self.state.audit };
        let (t, _) = accounts.create_api_token(&u.principal(), "test", &["read", "write"], 30, now(), "test").unwrap();
        Auth { bearer: Some(t), ..Default::default() }
    }

    /// Signs in through the real form; returns the session cookie header and the page's CSRF token.
    pub fn sign_in(&self, username: &str, password: &str) -> (Resp, Auth) {
        let form = self.get("/login", &Auth::default());
        let login_csrf = form.cookie("armstrace_login_csrf").unwrap();
        let r = self.post_form(
            "/login",
            Some(&format!("armstrace_login_csrf={login_csrf}")),
            &[("username", username), ("password", password), ("csrf", &form.field("csrf")), ("next", "/")],
        );
        let session = r.cookie("armstrace_session");
        let auth = match session {
            Some(s) => {
                let cookie = format!("armstrace_session={s}");
                let page = self.get("/", &Auth { cookie: Some(cookie.clone()), ..Default::default() });
                let csrf = (page.status == 200).then(|| page.field("csrf"));
                Auth { cookie: Some(cookie), csrf, bearer: None }
            }
            None => Auth::default(),
        };
        (r, auth)
    }
}

pub fn item(agency: &str, handling: HandlingCode, serial: &str) -> Item {
    Item {
        meta: RecordMeta::new(RecordId::new(), agency, CountryCode::from_alpha3(&agency[..3]).unwrap(), handling, now(), "test"),
        class: ItemClass::Firearm,
        part_kind: None,
        markings: Markings {
            manufacturer: Resolved {
                raw: "Zastava".into(),
                id: Some("zastava".into()),
                canonical: Some("Zastava".into()),
                confidence: 1.0,
            },
            country_of_manufacture: Some(CountryCode::from_alpha3("SRB").unwrap()),
            serial: SerialNumber::parse(serial, None).unwrap(),
            year_of_manufacture: Some(1990),
            import_marks: vec![],
            other_marks: vec![],
        },
        classification: Classification {
            firearm_type: Resolved { raw: "pistol".into(), id: Some("pistol".into()), canonical: Some("Pistol".into()), confidence: 1.0 },
            model: Resolved { raw: "M70".into(), id: None, canonical: Some("M70".into()), confidence: 1.0 },
            calibre: Resolved { raw: "7.65mm".into(), id: None, canonical: None, confidence: 0.0 },
            action: None,
            converted: None,
            privately_made: None,
        },
        ammunition: None,
        status: armstrace_domain::history::ItemStatus::Registered,
        description: String::new(),
    }
}

impl TestApp {
    /// A form with one file, sent as multipart/form-data (what a browser sends for an upload).
    pub fn post_multipart(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Resp {
        let boundary = "----armstrace-test-boundary-7d1f";
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
        }
        let (name, filename, bytes) = file;
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req =
            self.agent.post(format!("{}{path}", self.base)).header("Content-Type", format!("multipart/form-data; boundary={boundary}"));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        finish(req.send(&body[..]))
    }

    /// Follows an import page until the import has ended.
    pub fn import_result(&self, location: &str, auth: &Auth) -> Resp {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let r = self.get(location, auth);
            if !r.body.contains("http-equiv=\"refresh\"") || std::time::Instant::now() > end {
                return r;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl TestApp {
    /// A raw request body (a CSV file sent to the API).
    pub fn post_body(&self, path: &str, auth: &Auth, content_type: &str, body: &[u8]) -> Resp {
        let mut req = self.agent.post(format!("{}{path}", self.base)).header("Content-Type", content_type);
        if let Some(b) = &auth.bearer {
            req = req.header("Authorization", format!("Bearer {b}"));
        }
        if let Some(c) = &auth.cookie {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &auth.csrf {
            req = req.header("X-CSRF-Token", t);
        }
        finish(req.send(body))
    }
}

/// Messages a sink received: (recipients, raw message).
pub type Received = std::sync::Arc<std::sync::Mutex<Vec<(Vec<String>, String)>>>;

/// A local SMTP sink: accepts every message and keeps it.
pub fn smtp_sink() -> (u16, Received) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let mut w = stream.try_clone().unwrap();
            let mut r = BufReader::new(stream);
            let (mut rcpt, mut data, mut in_data) = (Vec::new(), String::new(), false);
            write!(w, "220 sink ESMTP\r\n").unwrap();
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                let l = line.trim_end().to_string();
                line.clear();
                if in_data {
                    if l == "." {
                        in_data = false;
                        keep.lock().unwrap().push((std::mem::take(&mut rcpt), std::mem::take(&mut data)));
                        let _ = write!(w, "250 queued\r\n");
                    } else {
                        data.push_str(&l);
                        data.push('\n');
                    }
                    continue;
                }
                let reply = match l.split_whitespace().next().unwrap_or("").to_uppercase().as_str() {
                    "EHLO" => "250-sink\r\n250 AUTH PLAIN",
                    "AUTH" => "235 ok",
                    "MAIL" => "250 ok",
                    "RCPT" => {
                        rcpt.push(l.trim_start_matches("RCPT TO:<").trim_end_matches('>').to_string());
                        "250 ok"
                    }
                    "DATA" => {
                        in_data = true;
                        "354 go on"
                    }
                    "QUIT" => "221 bye",
                    _ => "500 what",
                };
                if write!(w, "{reply}\r\n").is_err() {
                    break;
                }
            }
        }
    });
    (port, got)
}

pub fn decode_base64(s: &str) -> String {
    let t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        bits = (bits << 6) | t.find(c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).unwrap()
}
