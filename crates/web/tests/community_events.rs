//! Events and activities of the Community through the real app: who may see and write them, the
//! list, the month calendar (a meeting of several days on each of its days), an activity's page
//! and "I take part", the coordinators' form, and the iCalendar files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::Role;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::time::civil_from_days;
use common::*;
use serde_json::json;

/// A user who applied and was approved (by the node's administrator); `coordinator` too if asked.
fn member(app: &TestApp, root: &Auth, name: &str, agency: &str, coordinator: bool) -> Auth {
    let u = app.user(name, agency, Role::Investigator, HandlingCode::Red);
    let token = app.token(&u);
    let r = app.send_json(
        "POST",
        "/api/v1/community/membership",
        &token,
        &json!({ "name": name, "agency": agency, "country": &agency[..3], "languages": "en", "expertise": "tracing" }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let decide = |d: &str| app.send_json("POST", &format!("/api/v1/community/members/{id}/decision"), root, &json!({ "decision": d }));
    assert_eq!(decide("approve").status, 200);
    if coordinator {
        assert_eq!(decide("make_coordinator").status, 200);
    }
    token
}

/// A GET with the content type of the answer.
fn get_typed(app: &TestApp, path: &str, auth: &Auth) -> (u16, String, String) {
    let mut req = app.agent.get(format!("{}{path}", app.base));
    if let Some(b) = &auth.bearer {
        req = req.header("Authorization", format!("Bearer {b}"));
    }
    if let Some(c) = &auth.cookie {
        req = req.header("Cookie", c);
    }
    let mut r = req.call().unwrap();
    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (r.status().as_u16(), ct, r.body_mut().read_to_string().unwrap_or_default())
}

#[test]
fn members_see_the_calendar_take_part_and_download_it() {
    let app = spawn_app();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    let coord = member(&app, &root, "ana", "HRV-POL", true);
    let ben_token = member(&app, &root, "ben", "MEX-FGR", false);
    app.user("dan", "SRB-POL", Role::Investigator, HandlingCode::Red);
    let (_, ben) = app.sign_in("ben", PASSWORD);
    let (_, dan) = app.sign_in("dan", PASSWORD);
    let (_, ana) = app.sign_in("ana", PASSWORD);
    let dan_token = app.token(&app.state.store.user_by_name("dan").unwrap().unwrap());

    // A four-day meeting next year across the end of March: 30 and 31 March, 1 and 2 April.
    let (year, _, _) = civil_from_days(now().unix_millis().div_euclid(86_400_000));
    let next = year + 1;
    let body = json!({
        "title": "Regional meeting on diverted firearms, Panama",
        "start": format!("{next}-03-30"),
        "end": format!("{next}-04-02"),
        "city": "Panama City",
        "country": "Panama",
        "description": "Practitioners present real cases; a Digest entry comes out of each.",
        "types": ["expert_meeting"],
        "focus": ["tracing", "Transit and trans-shipment controls"],
        "partners": ["Panama"],
        "donors": "European Union (EU)",
        "budget": "120,000.00",
        "currency": "EUR",
        "participating_countries": ["MEX", "Colombia", "the Niger"],
        "language": "es"
    });
    // Only a coordinator writes: a member, a non-member and the node's administrator are refused.
    assert_eq!(app.send_json("POST", "/api/v1/community/activities", &ben_token, &body).status, 403);
    assert_eq!(app.send_json("POST", "/api/v1/community/activities", &dan_token, &body).status, 403);
    assert_eq!(app.send_json("POST", "/api/v1/community/activities", &root, &body).status, 403);
    let bad = app.send_json(
        "POST",
        "/api/v1/community/activities",
        &coord,
        &json!({ "title": "x", "start": "2030-02-30", "currency": "XYZ", "budget": "1", "language": "en" }),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("start") && bad.body.contains("currency"), "{}", bad.body);
    let r = app.send_json("POST", "/api/v1/community/activities", &coord, &body);
    assert_eq!(r.status, 201, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["budget"], json!({ "cents": 12_000_000, "currency": "EUR" }));
    assert_eq!(created["participating_countries"], json!(["MEX", "COL", "NER"]));

    // A non-member reads nothing: pages, files and API.
    for path in [
        "/community/events",
        "/community/events/calendar",
        "/community/events.ics",
        &format!("/community/events/{id}"),
        &format!("/community/events/{id}.ics"),
    ] {
        assert_eq!(app.get(path, &dan).status, 403, "{path}");
    }
    assert_eq!(app.get("/api/v1/community/activities", &dan_token).status, 403);
    assert_eq!(app.get(&format!("/api/v1/community/activities/{id}"), &dan_token).status, 403);

    // The list: upcoming, with its filters.
    let list = app.get("/community/events", &ben);
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Regional meeting on diverted firearms") && list.body.contains("id=\"upcoming\""));
    assert!(!list.body.contains("id=\"new-activity\""), "a member is not offered the form");
    assert!(app.get("/community/events", &ana).body.contains("id=\"new-activity\""));
    assert!(!app.get("/community/events?when=past", &ben).body.contains("diverted firearms"));
    assert!(app.get("/community/events?country=Niger&type=expert_meeting&focus=tracing&q=panama", &ben).body.contains("diverted firearms"));
    assert!(!app.get("/community/events?focus=border_controls", &ben).body.contains("diverted firearms"));
    assert_eq!(app.get("/community/events?year=nineteen", &ben).status, 422);
    let api = app.get(&format!("/api/v1/community/activities?when=upcoming&year={next}"), &ben_token).json();
    assert_eq!(api["total"], 1);

    // The calendar of March: the meeting on the 30th and 31st, and on 1 and 2 April of the last week.
    let march = app.get(&format!("/community/events/calendar?month={next}-03"), &ben);
    assert_eq!(march.status, 200);
    let cell = |page: &str, date: &str| -> String {
        let start = page.find(&format!("data-date=\"{date}\"")).unwrap_or_else(|| panic!("no cell {date}"));
        let rest = &page[start..];
        rest[..rest.find("</td>").unwrap()].to_string()
    };
    for d in ["03-30", "03-31"] {
        assert!(cell(&march.body, &format!("{next}-{d}")).contains("diverted firearms"), "{d}");
    }
    assert!(!cell(&march.body, &format!("{next}-03-29")).contains("diverted firearms"));
    let april = app.get(&format!("/community/events/calendar?month={next}-04"), &ben);
    for d in ["04-01", "04-02"] {
        assert!(cell(&april.body, &format!("{next}-{d}")).contains("diverted firearms"), "{d}");
    }
    assert!(!cell(&april.body, &format!("{next}-04-03")).contains("diverted firearms"));
    assert!(
        march.body.contains(&format!("month={next}-04\"")) && march.body.contains(&format!("month={next}-02\"")),
        "previous and next month"
    );
    assert!(app.get(&format!("/community/events/calendar?month={next}-12"), &ben).body.contains(&format!("month={}-01\"", next + 1)));
    assert_eq!(app.get("/community/events/calendar?month=2019-13", &ben).status, 422);

    // The activity's page, and "I take part" with the form (its token checked).
    let page = app.get(&format!("/community/events/{id}"), &ben);
    assert_eq!(page.status, 200);
    for text in ["Panama City", "120,000.00 EUR", "Colombia", "Niger", "id=\"take-part\"", "Transit and trans-shipment controls"] {
        assert!(page.body.contains(text), "{text}");
    }
    let (ben_cookie, ben_csrf) = (ben.cookie.clone().unwrap(), ben.csrf.clone().unwrap());
    let part = format!("/community/events/{id}/participation");
    assert_eq!(app.post_form(&part, Some(&ben_cookie), &[("csrf", "forged"), ("take_part", "yes")]).status, 403);
    assert_eq!(app.post_form(&part, Some(&ben_cookie), &[("csrf", &ben_csrf), ("take_part", "yes")]).status, 303);
    let page = app.get(&format!("/community/events/{id}"), &ben);
    assert!(page.body.contains("id=\"withdraw\"") && page.body.contains(">ben</a>"), "{}", page.body);
    let v = app
        .send_json("POST", &format!("/api/v1/community/activities/{id}/participation"), &ben_token, &json!({ "take_part": false }))
        .json();
    assert_eq!(v["taking_part"], false);
    assert_eq!(v["activity"]["participating_members"], json!([]));
    assert_eq!(
        app.send_json("POST", &format!("/api/v1/community/activities/{id}/participation"), &dan_token, &json!({ "take_part": true }))
            .status,
        403
    );

    // iCalendar: the whole list and one activity, as text/calendar with an exclusive end date.
    let (status, ct, ics) = get_typed(&app, "/community/events.ics", &ben);
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/calendar"), "{ct}");
    for line in [
        "BEGIN:VCALENDAR\r\n".to_string(),
        "VERSION:2.0\r\n".into(),
        format!("UID:{id}@armstrace\r\n"),
        format!("DTSTART;VALUE=DATE:{next}0330\r\n"),
        format!("DTEND;VALUE=DATE:{next}0403\r\n"),
        "SUMMARY:Regional meeting on diverted firearms\\, Panama\r\n".into(),
        "LOCATION:Panama City\\, Panama\r\n".into(),
        "END:VCALENDAR\r\n".into(),
    ] {
        assert!(ics.contains(&line), "{line:?} in {ics}");
    }
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    let (status, ct, one) = get_typed(&app, &format!("/community/events/{id}.ics"), &ben_token);
    assert_eq!((status, ct.starts_with("text/calendar")), (200, true));
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);

    // The coordinators' form: checkboxes for type and focus; errors shown next to what was typed.
    let (ana_cookie, ana_csrf) = (ana.cookie.clone().unwrap(), ana.csrf.clone().unwrap());
    assert_eq!(app.get("/community/events/new", &ben).status, 403);
    assert_eq!(app.get("/community/events/new", &ana).status, 200);
    let mut fields = vec![
        ("csrf", ana_csrf.as_str()),
        ("title", "Training on marking and record-keeping"),
        ("start", "2030-05-12"),
        ("end", "2030-05-10"),
        ("city", "Vienna"),
        ("country", "AUT"),
        ("types", "training"),
        ("types", "technical_assistance"),
        ("focus", "tracing"),
        ("language", "en"),
    ];
    let r = app.post_form("/community/events", Some(&ana_cookie), &fields);
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"form-errors\"") && r.body.contains("Training on marking"), "{}", r.body);
    assert!(r.body.contains("value=\"technical_assistance\" checked"), "the ticked boxes stay ticked");
    fields[3] = ("end", "2030-05-14");
    let r = app.post_form("/community/events", Some(&ana_cookie), &fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let new_id = r.location.trim_start_matches("/community/events/").split('?').next().unwrap().to_string();
    let saved = app.get(&format!("/api/v1/community/activities/{new_id}"), &ben_token).json();
    assert_eq!(saved["activity"]["types"], json!(["training", "technical_assistance"]));
    assert_eq!(saved["may_edit"], false);
    assert_eq!(app.post_form(&format!("/community/events/{new_id}/delete"), Some(&ben_cookie), &[("csrf", &ben_csrf)]).status, 403);
    assert_eq!(app.post_form(&format!("/community/events/{new_id}/delete"), Some(&ana_cookie), &[("csrf", &ana_csrf)]).status, 303);
    assert_eq!(app.get(&format!("/api/v1/community/activities/{new_id}"), &ben_token).status, 404);
}

#[test]
fn the_seeds_meetings_are_in_the_calendar() {
    let app = spawn_app();
    armstrace_app::community::activity::create_demo_activities(app.state.store.as_ref(), now()).unwrap();
    let admin = app.user("root", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let root = app.token(&admin);
    member(&app, &root, "ana", "HRV-POL", false);
    let (_, ana) = app.sign_in("ana", PASSWORD);
    // November 2019: the two regional meetings in Mexico City, each on its three days.
    let nov = app.get("/community/events/calendar?month=2019-11", &ana);
    assert_eq!(nov.status, 200);
    assert!(nov.body.contains("2 activities this month"), "{}", nov.body);
    for (days, title) in [(5..=7, "(Central America and the Caribbean)"), (13..=15, "(South America)")] {
        for d in days {
            let at = nov.body.find(&format!("data-date=\"2019-11-{d:02}\"")).unwrap();
            let cell = &nov.body[at..at + nov.body[at..].find("</td>").unwrap()];
            assert!(cell.contains(title), "{d} November: {title}");
        }
    }
    // Seed 004's page: the header's dates, the record's words, the discrepancy noted.
    let list = app.get("/community/events?year=2021", &ana);
    let at = list.body.find("<h3><a href=\"/community/events/").unwrap() + "<h3><a href=\"/community/events/".len();
    let id = &list.body[at..at + 36];
    let page = app.get(&format!("/community/events/{id}"), &ana);
    for text in [
        "2021-12-13 – 2021-12-14",
        "organised on 13 and 14 December 2022 in Panama City",
        "id=\"note\"",
        "3,248,537.00 EUR",
        "Simonetta Grassi",
        "(+43-1) 26060",
        "Small arms and light weapons (SALW) controls",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(!page.body.contains("id=\"take-part\""), "a past meeting takes no more participants");
}
