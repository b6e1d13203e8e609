//! The real server driven by a real headless Chromium (Debian's `chromium` and `chromium-driver`),
//! through the W3C WebDriver protocol spoken directly over HTTP. `.ci/run` installs both and sets
//! `ARMSTRACE_BROWSER_TESTS=1`, which makes a missing browser a failure; without it the test says
//! plainly that it did not run. A screenshot of every failure is kept in `target/browser-failures/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use armstrace_app::accounts::{base32_encode, totp_now};
use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use armstrace_store::WriteBatch;
use common::*;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_driver() -> Option<String> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].iter().find(|p| std::path::Path::new(p).exists()).map(|p| p.to_string())
}

impl Driver {
    fn start(path: &str) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(path).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let d = Driver { child, base: format!("http://127.0.0.1:{port}"), agent };
        let ready = wait(Duration::from_secs(20), || {
            d.agent
                .get(format!("{}/status", d.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true)
        });
        assert!(ready, "chromedriver did not start");
        d
    }

    fn session(&self) -> Session<'_> {
        let profile =
            std::env::temp_dir().join(format!("armstrace-chromium-{}-{}", std::process::id(), armstrace_domain::id::RecordId::new()));
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                         format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let mut r = self.agent.post(format!("{}/session", self.base)).send_json(&caps).unwrap();
        let v: Value = r.body_mut().read_json().unwrap();
        let id = v["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        Session { driver: self, id }
    }
}

fn wait(timeout: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ok()
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self.driver.agent.delete(format!("{}/session/{}", self.driver.base, self.id)).call();
    }
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.driver.base, self.id);
        let mut r = match (method, body) {
            ("GET", _) => self.driver.agent.get(url).call().unwrap(),
            (_, b) => self.driver.agent.post(url).send_json(b.unwrap_or(json!({}))).unwrap(),
        };
        r.body_mut().read_json::<Value>().unwrap()["value"].clone()
    }
    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }
    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap_or("").to_string()
    }
    fn source(&self) -> String {
        self.call("GET", "/source", None).as_str().unwrap_or("").to_string()
    }
    fn find(&self, css: &str) -> Option<String> {
        self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })))[ELEMENT].as_str().map(String::from)
    }
    fn el(&self, css: &str) -> String {
        let mut found = None;
        wait(Duration::from_secs(5), || {
            found = self.find(css);
            found.is_some()
        });
        found.unwrap_or_else(|| self.fail(&format!("no element {css}")))
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.el(css);
        self.call("POST", &format!("/element/{e}/clear"), None);
        self.call("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
    }
    fn click(&self, css: &str) {
        let e = self.el(css);
        self.call("POST", &format!("/element/{e}/click"), None);
    }
    /// Accepts the page's confirmation dialog (forms that remove or send ask first).
    fn accept_dialog(&self) {
        let ok = wait(Duration::from_secs(5), || {
            let v = self.call("GET", "/alert/text", None);
            v.is_string()
        });
        if !ok {
            self.fail("no confirmation dialog");
        }
        self.call("POST", "/alert/accept", None);
    }
    fn script(&self, js: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": js, "args": [] })))
    }
    fn until(&self, what: &str, mut ok: impl FnMut(&Self) -> bool) {
        if !wait(Duration::from_secs(10), || ok(self)) {
            self.fail(what);
        }
    }
    /// Keeps a screenshot and the page, then fails.
    fn fail(&self, what: &str) -> ! {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let name = what.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(60).collect::<String>();
        if let Some(png) = self.call("GET", "/screenshot", None).as_str().and_then(base64_decode) {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
        let _ = std::fs::write(dir.join(format!("{name}.html")), self.source());
        panic!("{what} (at {}; screenshot in target/browser-failures/{name}.png)", self.url());
    }
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= val(*c)? << (18 - 6 * i);
        }
        let n = chunk.len();
        out.push((acc >> 16) as u8);
        if n > 2 {
            out.push((acc >> 8) as u8);
        }
        if n > 3 {
            out.push(acc as u8);
        }
    }
    Some(out)
}

fn sign_in(b: &Session, base: &str, user: &str) {
    b.go(&format!("{base}/login"));
    b.type_into("#username", user);
    b.type_into("#password", PASSWORD);
    b.click("form[action='/login'] button[type=submit]");
}

#[test]
fn in_a_real_browser() {
    let required = std::env::var("ARMSTRACE_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let Some(path) = find_driver() else {
        assert!(!required, "ARMSTRACE_BROWSER_TESTS=1 but chromedriver is not installed (apt-get install chromium chromium-driver)");
        eprintln!("NOTE: chromedriver is not installed, so the browser tests did NOT run (bash .ci/run installs it and runs them)");
        return;
    };
    let app = spawn_app();
    let driver = Driver::start(&path);
    let base = app.base.clone();

    // --- Sign in with a second factor (TOTP).
    let mut admin = app.user("marko.admin", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red);
    let secret = base32_encode(b"browser test secret!");
    admin.totp_secret = Some(secret.clone());
    app.state.store.save_user(&admin).unwrap();
    {
        let b = driver.session();
        sign_in(&b, &base, "marko.admin");
        b.until("the second-factor page", |b| b.url().contains("/login/second-factor"));
        b.type_into("#code", &totp_now(&secret, now()).unwrap());
        b.click("form[action='/login/second-factor'] button[type=submit]");
        b.until("the dashboard after the second factor", |b| b.url().ends_with('/') && b.source().contains("Items you can see"));
    }

    // --- Record a seizure with autocomplete and inline checks, then find it in the list.
    app.user("ana.officer", "HRV-POL", Role::Officer, HandlingCode::AmberStrict);
    let b = driver.session();
    sign_in(&b, &base, "ana.officer");
    b.until("the dashboard", |b| b.source().contains("Record a seizure"));
    b.go(&format!("{base}/seizures/new"));
    b.type_into("#reference", "HR-BROWSER-1");
    b.type_into("#date", "2026-11-01");
    b.type_into("[id='items.0.manufacturer']", "glo");
    b.until("suggestions for 'glo' from the nomenclature", |b| {
        b.script("var d = document.getElementById('dl-makes'); return Array.prototype.some.call(d.options, function (o) { return o.value === 'Glock'; });") == json!(true)
    });
    b.type_into("[id='items.0.manufacturer']", "Glock");
    b.type_into("[id='items.0.firearm_type']", "pistol");
    b.type_into("[id='items.0.model']", "17");
    b.type_into("[id='items.0.calibre']", "9x19");
    b.type_into("[id='items.0.serial']", "BRW123");
    b.type_into("[id='items.0.country_of_manufacture']", "Austria");
    b.until("the inline check about the missing import marking", |b| {
        b.script("var n = document.querySelector(\".note.warn[data-for='items.0.import_country']\"); return n ? n.textContent : '';")
            .as_str()
            .is_some_and(|t| t.contains("import marking"))
    });
    b.click("button[value=save]");
    b.until("the request to confirm the warnings", |b| b.find("input[name=warnings_checked]").is_some());
    b.click("input[name=warnings_checked]");
    b.click("button[value=save]");
    b.until("the incident page", |b| b.url().contains("/incidents/") && b.source().contains("HR-BROWSER-1"));
    b.go(&format!("{base}/items?status=seized"));
    b.until("the seized item in the list", |b| b.source().contains("BRW123"));

    // --- Switch to Spanish.
    let lang = b.el("#lang");
    b.call("POST", &format!("/element/{lang}/value"), Some(json!({ "text": "Español" })));
    b.click("form[action='/language'] button[type=submit]");
    b.until("the pages in Spanish", |b| b.source().contains("Artículos incautados") || b.source().contains("Armas y artículos"));
    drop(b);

    // --- Import a CSV with one bad row and read the report.
    app.user("iva.analyst", "HRV-NFP", Role::Analyst, HandlingCode::Amber);
    let csv = std::env::temp_dir().join(format!("armstrace-browser-{}.csv", std::process::id()));
    std::fs::write(&csv, "Serial Number,Make,Type,Year\nC1,Glock,Pistol,2015\nC2,Glock,Pistol,3015\n").unwrap();
    let b = driver.session();
    sign_in(&b, &base, "iva.analyst");
    b.until("the dashboard", |b| b.source().contains("Import a file"));
    b.go(&format!("{base}/imports/new"));
    let file = b.el("#file");
    b.call("POST", &format!("/element/{file}/value"), Some(json!({ "text": csv.display().to_string() })));
    b.click("form[action='/imports'] button[type=submit]");
    b.until("the import report", |b| b.source().contains("Nothing was written"));
    let report = b.source();
    let name = csv.file_name().unwrap().to_string_lossy().to_string();
    if !(report.contains(&format!("{name}:3")) && report.contains("3015")) {
        b.fail("the report names the bad row and its value");
    }
    let _ = std::fs::remove_file(&csv);
    drop(b);

    // --- An officer of another agency and country cannot open an AMBER record nor list it.
    let it = item("HRV-POL", HandlingCode::Amber, "AMB777");
    app.state.store.write(&WriteBatch { items: vec![it.clone()], ..Default::default() }).unwrap();
    app.user("srb.officer", "SRB-POL", Role::Officer, HandlingCode::Red);
    let b = driver.session();
    sign_in(&b, &base, "srb.officer");
    b.until("the dashboard", |b| b.source().contains("Record a seizure"));
    b.go(&format!("{base}/items/{}", it.meta.id));
    b.until("a refusal that looks like a missing record", |b| b.source().contains("no item with that id is visible to you"));
    b.go(&format!("{base}/items"));
    b.until("the list", |b| b.source().contains("Firearms and items"));
    if b.source().contains("AMB777") {
        b.fail("the AMBER record of another country is listed");
    }
    b.go(&format!("{base}/items?serial=AMB777"));
    b.until("the search", |b| b.source().contains("No record matches."));
    drop(b);

    // --- The point of contact traces a seized pistol whose record stops at manufacture abroad,
    // prepares the tracing request from the trace, completes it, sends it, and records the answer.
    use armstrace_domain::country::CountryCode;
    use armstrace_domain::date::PartialDate;
    use armstrace_domain::history::{EventKind, HistoryEvent};
    let mut seized = item("HRV-NFP", HandlingCode::Amber, "TRC4711");
    seized.markings.country_of_manufacture = CountryCode::from_alpha3("AUT").ok();
    let event = |seq: u32, kind: EventKind, date: &str, country: &str| HistoryEvent {
        id: armstrace_domain::id::RecordId::new(),
        item: seized.meta.id,
        seq,
        kind,
        date: PartialDate::parse(date).ok(),
        country: CountryCode::from_alpha3(country).ok(),
        place: "Slavonski Brod".into(),
        parties: vec![],
        licence: None,
        incident: None,
        documents: vec![],
        note: String::new(),
    };
    let events = vec![event(0, EventKind::Manufactured, "2015", "AUT"), event(1, EventKind::Seized, "2026-10-01", "HRV")];
    app.state.store.write(&WriteBatch { items: vec![seized.clone()], events, ..Default::default() }).unwrap();
    app.user("hrv.poc", "HRV-NFP", Role::PointOfContact, HandlingCode::Red);
    let b = driver.session();
    sign_in(&b, &base, "hrv.poc");
    b.until("the dashboard", |b| b.source().contains("Requests"));
    b.go(&format!("{base}/items/{}", seized.meta.id));
    b.click("#trace-link");
    b.until("the trace: not established, ask Austria", |b| b.source().contains("Not established") && b.source().contains("Austria"));
    b.click("#prepare-request");
    b.until("the draft tracing request", |b| b.url().contains("/requests/") && b.find("#missing").is_some());
    if !b.source().contains("TRC4711") {
        b.fail("the request carries the serial number");
    }
    b.type_into("#legal_basis", "Criminal Procedure Act art. 206; Firearms Protocol art. 12(4)");
    b.type_into("#intended_use", "criminal investigation of illicit trafficking");
    b.click("#save-request");
    b.until("the completed draft", |b| b.find("#missing").is_none() && b.find("#send-request").is_some());
    b.click("#send-request");
    b.until("the request sent", |b| b.find("#acknowledge-request").is_some());
    b.type_into("#their_reference", "AT-BK-2026-88");
    b.click("#acknowledge-request");
    b.until("the acknowledgment recorded", |b| b.find("#acknowledge-request").is_none() && b.find("#answer-request").is_some());
    b.type_into("#answer-text", "Sold in 2016 to a dealer in Graz; exported to Croatia under licence AT-EX-16-221");
    b.click("#answer-request");
    b.until("the answer recorded", |b| b.find("#request-outcome").is_some_and(|_| b.source().contains("traced")));
    b.go(&format!("{base}/requests"));
    b.until("the statistics count the answered request", |b| b.source().contains("Austria"));
}

/// The Community in the browser: a practitioner joins and is approved by a coordinator, finds an
/// expert, turns a case record into a digest case that another member reads without any personal
/// data of the record, and a coordinator publishes a newsletter edition that members read in the
/// archive.
#[test]
fn the_community_in_a_real_browser() {
    let required = std::env::var("ARMSTRACE_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let Some(path) = find_driver() else {
        assert!(!required, "ARMSTRACE_BROWSER_TESTS=1 but chromedriver is not installed (apt-get install chromium chromium-driver)");
        eprintln!("NOTE: chromedriver is not installed, so the browser tests did NOT run (bash .ci/run installs it and runs them)");
        return;
    };
    let (port, sink) = smtp_sink();
    let app = spawn_app();
    let cfg = armstrace_app::mail::SmtpConfig::parse(&format!("smtp://127.0.0.1:{port}"), "community@unodc.example").unwrap();
    app.state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), &app.base);
    let driver = Driver::start(&path);
    let base = app.base.clone();
    // A coordinator, appointed by the node's administrator.
    let root = app.token(&app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red));
    let cora = app.user("cora", "AUT-POL", Role::Analyst, HandlingCode::Amber);
    let r = app.send_json("POST", "/api/v1/community/membership", &app.token(&cora), &json!({ "name": "Cora Gruber", "agency": "BKA", "country": "AUT", "languages": "de, en", "expertise": "ballistics_forensics, tracing", "email": "cora@bka.example", "newsletter": "on" }));
    let cora_id = r.json()["id"].as_str().unwrap().to_string();
    for d in ["approve", "make_coordinator"] {
        app.send_json("POST", &format!("/api/v1/community/members/{cora_id}/decision"), &root, &json!({ "decision": d }));
    }
    let ana = app.user("ana", "HRV-POL", Role::Investigator, HandlingCode::Red);

    // --- Ana asks to join.
    let b = driver.session();
    sign_in(&b, &base, "ana");
    b.until("the dashboard", |b| b.source().contains("Community"));
    b.go(&format!("{base}/community"));
    b.click("#join-link");
    b.until("the application form", |b| b.find("#profile-form").is_some());
    b.type_into("#name", "Ana Kovač");
    b.type_into("#country", "Croatia");
    b.type_into("#position", "Investigator");
    b.type_into("#languages", "hr, en, es");
    b.click("input[name=expertise][value=investigation]");
    b.click("input[name=expertise][value=online_darknet]");
    b.type_into("#email", "ana@mup.example");
    b.type_into("#motivation", "Dark web sales of converted pistols");
    b.click("#send-profile");
    b.until("the application waits", |b| b.find("#membership-status").is_some());

    // --- Cora approves her.
    let c = driver.session();
    sign_in(&c, &base, "cora");
    c.until("the dashboard", |b| b.source().contains("Community"));
    c.go(&format!("{base}/community/applications"));
    c.until("the application listed", |b| b.source().contains("Ana Kovač"));
    c.click("#applications a");
    c.click("#decide-approve");
    c.until("Ana approved", |b| b.find("#member-status").is_some() && !b.source().contains("id=\"decide-approve\""));

    // --- Ana finds an expert in ballistics.
    b.go(&format!("{base}/community/members"));
    b.until("find an expert", |b| b.find("#expertise").is_some());
    b.script("document.getElementById('expertise').value = 'ballistics_forensics';");
    b.click("form[role=search] button[type=submit]");
    b.until("Cora found", |b| b.find("#experts").is_some() && b.source().contains("Cora Gruber"));

    // --- Ana turns a seizure record into a digest case; Cora approves; no personal data comes through.
    let a = app.token(&ana);
    let person = app.send_json(
        "POST",
        "/api/v1/parties",
        &a,
        &json!({ "record": { "kind": "person", "name": "Marko Marić", "nationality": "HRV" }, "handling": "AMBER" }),
    );
    let person_id = person.json()["meta"]["id"].as_str().unwrap().to_string();
    let it = app.send_json(
        "POST",
        "/api/v1/items",
        &a,
        &json!({ "item": item("HRV-POL", HandlingCode::Amber, "ZP123456"), "handling": "AMBER" }),
    );
    let item_id = it.json()["item"]["meta"]["id"].as_str().unwrap().to_string();
    let inc = app.send_json(
        "POST",
        "/api/v1/incidents",
        &a,
        &json!({ "record": { "kind": "seizure", "reference": "OS-2026-117", "date": "2026-11-02",
        "place": { "country": "HRV", "locality": "Osijek" }, "items": [item_id], "persons": [{ "party": person_id, "role": "suspect" }],
        "summary": "Marko Marić offered pistol ZP123456 on a dark web market and was arrested in Osijek." }, "handling": "AMBER" }),
    );
    let incident_id = inc.json()["meta"]["id"].as_str().unwrap().to_string();
    b.go(&format!("{base}/incidents/{incident_id}"));
    b.click("#draft-digest-case");
    b.until("the draft with its review", |b| b.find("#review").is_some());
    if !b.source().contains("[person]") || !b.source().contains("Marko Marić") {
        b.fail("the editor sees each change side by side");
    }
    b.click("#submit-case");
    b.until("sent for approval", |b| b.find("#submit-case").is_none());
    let case_url = b.url();
    c.go(&case_url);
    c.click("#approve-case");
    c.until("the case published", |b| b.find("#approve-case").is_none() && b.source().contains("published"));
    c.go(&format!("{base}/community/cases"));
    c.until("the digest lists it", |b| b.source().contains("Seizure of 1 firearm(s), Croatia, 2026"));
    c.go(&case_url);
    c.until("the case", |b| b.source().contains("[person]") || b.source().contains("Seizure of 1 firearm"));
    for secret in ["Marko", "Marić", "Osijek", "OS-2026-117", "ZP123456", &incident_id, &person_id] {
        if c.source().contains(secret) {
            c.fail(&format!("{secret} reached another member"));
        }
    }

    // --- Cora composes the newsletter, adds a story, previews it, sends it; Ana reads it in the archive.
    c.go(&format!("{base}/community/newsletter"));
    c.click("#compose-edition");
    c.until("the draft edition", |b| b.find("#edition-form").is_some() && b.source().contains("Seizure of 1 firearm"));
    c.type_into("#stories", "legislation: A new firearms act\nParts and components now need a licence.");
    c.click("#save-edition");
    c.until("saved", |b| b.source().contains("A new firearms act"));
    let edition_url = c.url();
    c.click("#preview-edition");
    c.until("the e-mail preview", |b| b.source().contains("A new firearms act") && b.url().ends_with("/preview"));
    c.go(&edition_url);
    c.click("#send-edition");
    c.accept_dialog();
    c.until("the edition sent", |b| b.find("#edition-sent").is_some());
    let deadline = Instant::now() + Duration::from_secs(10);
    while sink.lock().unwrap().len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(sink.lock().unwrap().len(), 2, "one message to each subscribed member");
    b.go(&format!("{base}/community/newsletter"));
    b.click("#editions a");
    b.until("Ana reads the edition", |b| b.find("#edition-sent").is_some() && b.source().contains("A new firearms act"));
}
