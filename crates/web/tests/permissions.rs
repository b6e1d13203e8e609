//! Every route × role × handling code × same agency / other agency of the country / other country,
//! with need-to-know grants and clearances: allowed or refused, as the sharing rules say. The
//! expectations are written here from the rules themselves (TLP 2.0 as armstrace applies it), not
//! taken from the policy code under test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_domain::access::{Grant, Role};
use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit, ExhibitKind};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind, Place, Route};
use armstrace_domain::licence::{Licence, LicenceKind};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::party::{Party, PartyKind};
use armstrace_store::WriteBatch;
use common::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    SameAgency,
    SameCountry,
    OtherCountry,
}

const OWNER: &str = "HRV-POL";

fn agency_of(p: Position) -> &'static str {
    match p {
        Position::SameAgency => "HRV-POL",
        Position::SameCountry => "HRV-CUS",
        Position::OtherCountry => "SRB-POL",
    }
}

/// Who may do what, as the issue and DESIGN.md describe the roles.
fn role_may(role: Role, what: &str) -> bool {
    use Role::*;
    let allowed: &[Role] = match what {
        "record" => &[Officer, Investigator, PointOfContact, AgencyAdmin],
        "edit" => &[Officer, Investigator, AgencyAdmin],
        "persons" => &[Investigator, PointOfContact, LicensingOfficer, AgencyAdmin],
        "users" => &[AgencyAdmin, SystemAdmin],
        "audit" => &[AgencyAdmin, SystemAdmin],
        "import" => &[Investigator, Analyst, LicensingOfficer, AgencyAdmin],
        "node" => &[SystemAdmin],
        "licences" => &[LicensingOfficer, AgencyAdmin],
        "trace" => &[Investigator, PointOfContact],
        "directory" => &[PointOfContact, SystemAdmin],
        other => panic!("unknown action {other}"),
    };
    allowed.contains(&role)
}

/// A record of OWNER with handling `h`: readable?
fn readable(h: HandlingCode, pos: Position, clearance: HandlingCode, grant_to_me: bool, grant_to_my_agency: bool) -> bool {
    if h > clearance {
        return false;
    }
    match h {
        HandlingCode::Clear | HandlingCode::Green => true,
        HandlingCode::Amber => pos != Position::OtherCountry || grant_to_me || grant_to_my_agency,
        HandlingCode::AmberStrict | HandlingCode::Red => pos == Position::SameAgency || grant_to_me,
    }
}

struct Record {
    item: RecordId,
    party: RecordId,
    incident: RecordId,
    /// The record of each other kind, as the API writes it: (path, id, body for a PUT).
    others: Vec<(&'static str, RecordId, serde_json::Value)>,
    handling: HandlingCode,
    /// Granted to the named user (the SRB-POL investigator) / to agency SRB-POL.
    to_user: bool,
    to_agency: bool,
}

#[test]
fn every_route_role_handling_code_and_position() {
    let app = spawn_app();
    let store = app.state.store.as_ref();

    // Users: every role in each position with full clearance, and viewers with AMBER clearance.
    let mut users = Vec::new();
    for pos in [Position::SameAgency, Position::SameCountry, Position::OtherCountry] {
        for role in Role::ALL {
            let name = format!("{}-{}", agency_of(pos).to_lowercase(), role.code().replace('_', "-"));
            users.push((app.user(&name, agency_of(pos), role, HandlingCode::Red), pos));
        }
        let name = format!("{}-low", agency_of(pos).to_lowercase());
        users.push((app.user(&name, agency_of(pos), Role::Officer, HandlingCode::Amber), pos));
    }
    let named = users.iter().find(|(u, _)| u.agency == "SRB-POL" && u.role == Role::Investigator).unwrap().0.id;

    // Records of OWNER: one of each handling code, and granted RED and AMBER+STRICT and AMBER ones.
    let mut records = Vec::new();
    let mut batch = WriteBatch::default();
    let plan: Vec<(HandlingCode, bool, bool)> = HandlingCode::ALL
        .iter()
        .map(|h| (*h, false, false))
        .chain([(HandlingCode::Red, true, false), (HandlingCode::AmberStrict, false, true), (HandlingCode::Amber, false, true)])
        .collect();
    for (n, (h, to_user, to_agency)) in plan.into_iter().enumerate() {
        let it = item(OWNER, h, &format!("PM{n:04}"));
        let meta = |id| RecordMeta::new(id, OWNER, it.meta.country, h, now(), "test");
        let party = Party {
            meta: meta(RecordId::new()),
            kind: PartyKind::Person,
            name: format!("Person {n}"),
            roles: vec![],
            identifiers: vec![],
            addresses: vec![],
            nationality: None,
            birth_date: None,
            manufacturer_id: None,
        };
        let incident = Incident {
            meta: meta(RecordId::new()),
            kind: IncidentKind::Seizure,
            reference: format!("CASE-{n}"),
            date: None,
            place: Place { country: Some(it.meta.country), admin_area: String::new(), locality: String::new(), lat: None, lon: None },
            contexts: vec![],
            persons: vec![],
            route: Route::default(),
            concealment: String::new(),
            conveyance: None,
            items: vec![it.meta.id],
            summary: String::new(),
        };
        let licence = Licence {
            meta: meta(RecordId::new()),
            kind: LicenceKind::Possession,
            number: format!("LIC-{n}"),
            issuing_authority: "MUP".into(),
            issuing_country: it.meta.country,
            issued: None,
            expires: None,
            holder: Some(party.meta.id),
            exporting_country: None,
            importing_country: None,
            transit_countries: vec![],
            final_recipient: String::new(),
            lines: vec![],
            temporary: false,
        };
        let exhibit = |r: &str| BallisticExhibit {
            meta: meta(RecordId::new()),
            kind: ExhibitKind::CartridgeCase,
            reference: r.to_string(),
            incident: Some(incident.meta.id),
            item: None,
            calibre: None,
        };
        let (ea, eb) = (exhibit(&format!("LAB-{n}-A")), exhibit(&format!("LAB-{n}-B")));
        let hit = BallisticHit {
            meta: meta(RecordId::new()),
            exhibit_a: ea.meta.id,
            exhibit_b: eb.meta.id,
            system: "IBIS".into(),
            system_reference: format!("IB-{n}"),
            date: None,
            confirmed: false,
        };
        let others = vec![
            ("incidents", incident.meta.id, serde_json::to_value(&incident).unwrap()),
            ("parties", party.meta.id, serde_json::to_value(&party).unwrap()),
            ("licences", licence.meta.id, serde_json::to_value(&licence).unwrap()),
            ("ballistics/exhibits", ea.meta.id, serde_json::to_value(&ea).unwrap()),
            ("ballistics/hits", hit.meta.id, serde_json::to_value(&hit).unwrap()),
        ];
        for id in [it.meta.id, party.meta.id, incident.meta.id, licence.meta.id, ea.meta.id, eb.meta.id, hit.meta.id] {
            if to_user {
                store.save_grant(&Grant { record: id, agency: None, user: Some(named) }, "test", now()).unwrap();
            }
            if to_agency {
                store.save_grant(&Grant { record: id, agency: Some("SRB-POL".into()), user: None }, "test", now()).unwrap();
            }
        }
        records.push(Record {
            item: it.meta.id,
            party: party.meta.id,
            incident: incident.meta.id,
            others,
            handling: h,
            to_user,
            to_agency,
        });
        batch.licences.push(licence);
        batch.exhibits.extend([ea, eb]);
        batch.hits.push(hit);
        batch.items.push(it);
        batch.parties.push(party);
        batch.incidents.push(incident);
    }
    store.write(&batch).unwrap();

    let mut cases = 0usize;
    let mut failures = Vec::new();
    let mut check = |what: String, got: u16, want: u16| {
        cases += 1;
        if got != want {
            failures.push(format!("{what}: got {got}, want {want}"));
        }
    };
    for (u, pos) in &users {
        let auth = app.token(u);
        let who = format!("{} ({:?}, {:?}, clearance {})", u.username, u.role, pos, u.clearance.as_str());
        let listed = app.get("/api/v1/items?limit=500", &auth);
        check(format!("{who} GET /api/v1/items"), listed.status, 200);
        let listed_ids: Vec<String> =
            listed.json()["records"].as_array().unwrap().iter().map(|r| r["meta"]["id"].as_str().unwrap().to_string()).collect();
        let page = app.get("/items", &auth);
        check(format!("{who} GET /items"), page.status, 200);
        let incidents_page = app.get("/incidents", &auth);
        check(format!("{who} GET /incidents"), incidents_page.status, 200);
        let incidents = app.get("/api/v1/incidents?limit=500", &auth);
        check(format!("{who} GET /api/v1/incidents"), incidents.status, 200);
        let parties = app.get("/api/v1/parties?limit=500", &auth);
        check(format!("{who} GET /api/v1/parties"), parties.status, if role_may(u.role, "persons") { 200 } else { 403 });
        let licence_reader = role_may(u.role, "persons") || u.role == Role::LicensingOfficer;
        check(format!("{who} GET /api/v1/licences"), app.get("/api/v1/licences", &auth).status, if licence_reader { 200 } else { 403 });
        let lists: Vec<(&str, Resp)> = ["incidents", "parties", "licences", "ballistics/exhibits", "ballistics/hits"]
            .into_iter()
            .map(|path| (path, app.get(&format!("/api/v1/{path}?limit=500"), &auth)))
            .collect();
        let mut visible = 0u64;
        for r in &records {
            let me = u.id == named;
            let my_agency = u.agency == "SRB-POL";
            let can_read = readable(r.handling, *pos, u.clearance, r.to_user && me, r.to_agency && my_agency);
            visible += can_read as u64;
            let rec = format!("{who} × {} item (grant to user {}, to agency {})", r.handling.as_str(), r.to_user, r.to_agency);
            let ok_or_hidden = if can_read { 200 } else { 404 };
            check(format!("{rec}: GET /api/v1/items/id"), app.get(&format!("/api/v1/items/{}", r.item), &auth).status, ok_or_hidden);
            check(format!("{rec}: GET /items/id"), app.get(&format!("/items/{}", r.item), &auth).status, ok_or_hidden);
            check(
                format!("{rec}: GET /api/v1/incidents/id"),
                app.get(&format!("/api/v1/incidents/{}", r.incident), &auth).status,
                ok_or_hidden,
            );
            check(format!("{rec}: GET /incidents/id"), app.get(&format!("/incidents/{}", r.incident), &auth).status, ok_or_hidden);
            let grants = if !can_read {
                404
            } else if *pos == Position::SameAgency {
                200
            } else {
                403
            };
            check(
                format!("{rec}: GET /api/v1/items/id/grants"),
                app.get(&format!("/api/v1/items/{}/grants", r.item), &auth).status,
                grants,
            );
            // The trace: a role question first (403 for every record), then the record's handling.
            let trace = if !role_may(u.role, "trace") { 403 } else { ok_or_hidden };
            check(format!("{rec}: GET /api/v1/items/id/trace"), app.get(&format!("/api/v1/items/{}/trace", r.item), &auth).status, trace);
            check(format!("{rec}: GET /items/id/trace"), app.get(&format!("/items/{}/trace", r.item), &auth).status, trace);
            let persons = if !role_may(u.role, "persons") { 403 } else { ok_or_hidden };
            check(format!("{rec}: GET /api/v1/parties/id"), app.get(&format!("/api/v1/parties/{}", r.party), &auth).status, persons);
            check(format!("{rec}: incident listed"), incidents.body.contains(&r.incident.to_string()) as u16, can_read as u16);
            check(
                format!("{rec}: incident on the list page"),
                incidents_page.body.contains(&r.incident.to_string()) as u16,
                can_read as u16,
            );
            if parties.status == 200 {
                check(format!("{rec}: person listed"), parties.body.contains(&r.party.to_string()) as u16, can_read as u16);
            }
            let in_list = listed_ids.contains(&r.item.to_string());
            check(format!("{rec}: listed"), in_list as u16, can_read as u16);
            check(format!("{rec}: on the list page"), page.body.contains(&r.item.to_string()) as u16, can_read as u16);
            // Every other kind of record: read, listed, changed, by the kind's own roles.
            for (path, id, body) in &r.others {
                let (readers, writers): (&[&str], &[&str]) = match *path {
                    "incidents" => (&[], &["record", "edit"]),
                    "parties" => (&["persons"], &["edit", "licences"]),
                    "licences" => (&["persons", "licences"], &["licences"]),
                    _ => (&[], &["edit"]),
                };
                let may = |acts: &[&str]| acts.is_empty() || acts.iter().any(|a| role_may(u.role, a));
                let read = if !may(readers) { 403 } else { ok_or_hidden };
                check(format!("{rec}: GET /api/v1/{path}/id"), app.get(&format!("/api/v1/{path}/{id}"), &auth).status, read);
                let (_, list) = lists.iter().find(|(p, _)| p == path).unwrap();
                check(format!("{rec}: GET /api/v1/{path}"), list.status, if may(readers) { 200 } else { 403 });
                if list.status == 200 {
                    check(format!("{rec}: {path} listed"), list.body.contains(&id.to_string()) as u16, can_read as u16);
                }
                let put = if !may(writers) || !may(readers) {
                    403
                } else if !can_read {
                    404
                } else if *pos != Position::SameAgency {
                    403
                } else {
                    200
                };
                check(
                    format!("{rec}: PUT /api/v1/{path}/id"),
                    app.send_json("PUT", &format!("/api/v1/{path}/{id}"), &auth, body).status,
                    put,
                );
            }
            // Changing: only the owning agency, by a role that edits, within the clearance.
            let current = app.get(&format!("/api/v1/items/{}", r.item), &auth);
            let body = if current.status == 200 {
                current.json()["item"].clone()
            } else {
                serde_json::to_value(item(OWNER, r.handling, "X1")).unwrap()
            };
            let edit = if !role_may(u.role, "edit") {
                403
            } else if !can_read {
                404
            } else if *pos != Position::SameAgency {
                403
            } else {
                200
            };
            check(
                format!("{rec}: PUT /api/v1/items/id"),
                app.send_json("PUT", &format!("/api/v1/items/{}", r.item), &auth, &body).status,
                edit,
            );
        }
        let total = listed.json()["total"].as_u64().unwrap();
        check(format!("{who}: list total {total} counts only visible records"), (total == visible) as u16, 1);
        check(format!("{who}: GET /admin/users"), app.get("/admin/users", &auth).status, if role_may(u.role, "users") { 200 } else { 403 });
        check(format!("{who}: GET /admin/audit"), app.get("/admin/audit", &auth).status, if role_may(u.role, "audit") { 200 } else { 403 });
        check(format!("{who}: GET /api/v1/me"), app.get("/api/v1/me", &auth).status, 200);
        let recorder = if role_may(u.role, "record") { 200 } else { 403 };
        check(format!("{who}: GET /seizures/new"), app.get("/seizures/new", &auth).status, recorder);
        check(
            format!("{who}: POST /api/v1/seizures/check"),
            app.send_json("POST", "/api/v1/seizures/check", &auth, &serde_json::json!({})).status,
            recorder,
        );
        check(format!("{who}: GET /api/v1/nomenclature/makes"), app.get("/api/v1/nomenclature/makes?q=za", &auth).status, 200);
        check(format!("{who}: GET /"), app.get("/", &auth).status, 200);
        check(format!("{who}: GET /account"), app.get("/account", &auth).status, 200);
        check(
            format!("{who}: GET /admin/agencies"),
            app.get("/admin/agencies", &auth).status,
            if role_may(u.role, "node") { 200 } else { 403 },
        );
        check(format!("{who}: GET /api/v1/agencies"), app.get("/api/v1/agencies", &auth).status, 200);
        check(format!("{who}: GET /hits"), app.get("/hits", &auth).status, 200);
        check(format!("{who}: GET /indicators/sdg-16-4-2"), app.get("/indicators/sdg-16-4-2?from=2019", &auth).status, 200);
        // Requests: prepared by those who trace, licence verifications answered by those who manage licences.
        let tracer = if role_may(u.role, "trace") || role_may(u.role, "licences") { 200 } else { 403 };
        check(format!("{who}: GET /requests"), app.get("/requests", &auth).status, tracer);
        check(
            format!("{who}: GET /requests/id"),
            app.get(&format!("/requests/{}", RecordId::new()), &auth).status,
            if tracer == 200 { 404 } else { 403 },
        );
        check(
            format!("{who}: POST /requests/id/steps"),
            app.post_form_as(&format!("/requests/{}/steps", RecordId::new()), &auth, &[("csrf", ""), ("step", "send")]).status,
            if u.role == Role::PointOfContact || role_may(u.role, "licences") { 404 } else { 403 },
        );
        check(format!("{who}: GET /api/v1/indicators/sdg-16-4-2"), app.get("/api/v1/indicators/sdg-16-4-2", &auth).status, 200);
        check(format!("{who}: GET /checks"), app.get("/checks", &auth).status, 200);
        check(format!("{who}: GET /hits/id"), app.get(&format!("/hits/{}", RecordId::new()), &auth).status, 404);
        let decider = [Role::Officer, Role::Investigator, Role::PointOfContact, Role::AgencyAdmin].contains(&u.role);
        check(
            format!("{who}: POST /hits/id/decision"),
            app.post_form_as(&format!("/hits/{}/decision", RecordId::new()), &auth, &[("csrf", ""), ("decision", "confirm")]).status,
            if decider { 404 } else { 403 },
        );
        check(format!("{who}: GET /api/v1/ballistics/exhibits"), app.get("/api/v1/ballistics/exhibits", &auth).status, 200);
        check(format!("{who}: GET /api/v1/ballistics/hits"), app.get("/api/v1/ballistics/hits", &auth).status, 200);
        check(
            format!("{who}: GET /imports/new"),
            app.get("/imports/new", &auth).status,
            if role_may(u.role, "import") { 200 } else { 403 },
        ); // The directory of competent authorities: reference data every signed-in user reads; changed by
           // points of contact and system administrators only.
        for path in ["/directory", "/directory/coverage", "/api/v1/directory", "/api/v1/directory/coverage", "/directory?stale=1"] {
            check(format!("{who}: GET {path}"), app.get(path, &auth).status, 200);
        }
        let missing = RecordId::new();
        check(format!("{who}: GET /directory/id"), app.get(&format!("/directory/{missing}"), &auth).status, 404);
        check(format!("{who}: GET /api/v1/directory/id"), app.get(&format!("/api/v1/directory/{missing}"), &auth).status, 404);
        let manager = if role_may(u.role, "directory") { 200 } else { 403 };
        check(format!("{who}: GET /directory/new"), app.get("/directory/new", &auth).status, manager);
        check(format!("{who}: GET /directory/import"), app.get("/directory/import", &auth).status, manager);
        check(
            format!("{who}: GET /directory/id/edit"),
            app.get(&format!("/directory/{missing}/edit"), &auth).status,
            if role_may(u.role, "directory") { 404 } else { 403 },
        );
        let entry = serde_json::json!({ "country": "HRV", "authority": format!("Authority of {}", u.username), "kind": "competent_authority",
            "instruments": ["firearms_protocol"], "email": "a@mup.hr", "last_verified": "2026-01-10" });
        let created = app.send_json("POST", "/api/v1/directory", &auth, &entry);
        check(format!("{who}: POST /api/v1/directory"), created.status, if role_may(u.role, "directory") { 201 } else { 403 });
        let csv = "country,authority,kind,instruments,email,last_verified\nSRB,MUP,spoc,fp,a@mup.gov.rs,2026-01-10\n";
        check(
            format!("{who}: POST /api/v1/directory/import"),
            app.post_body("/api/v1/directory/import", &auth, "text/csv", csv.as_bytes()).status,
            if role_may(u.role, "directory") { 200 } else { 403 },
        );
        check(
            format!("{who}: POST /directory (form)"),
            app.post_form_as("/directory", &auth, &[("csrf", ""), ("country", "HRV")]).status,
            if role_may(u.role, "directory") { 422 } else { 403 },
        );
        check(
            format!("{who}: POST /directory/id (form)"),
            app.post_form_as(&format!("/directory/{missing}"), &auth, &[("csrf", ""), ("country", "HRV")]).status,
            if role_may(u.role, "directory") { 422 } else { 403 },
        );
        let boundary = "----armstrace-permissions-7d1f";
        let upload = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
        );
        check(
            format!("{who}: POST /directory/import (upload form)"),
            app.post_body("/directory/import", &auth, &format!("multipart/form-data; boundary={boundary}"), upload.as_bytes()).status,
            if role_may(u.role, "directory") { 200 } else { 403 },
        );
        if created.status == 201 {
            let id = created.json()["id"].as_str().unwrap().to_string();
            check(
                format!("{who}: PUT /api/v1/directory/id"),
                app.send_json("PUT", &format!("/api/v1/directory/{id}"), &auth, &entry).status,
                200,
            );
            check(format!("{who}: GET /directory/id/edit"), app.get(&format!("/directory/{id}/edit"), &auth).status, 200);
        }
        let other = app.get("/api/v1/directory?q=authority+of", &auth).json();
        if let Some(first) = other["records"].as_array().and_then(|r| r.first()) {
            let id = first["id"].as_str().unwrap();
            check(format!("{who}: GET /directory/id of an entry"), app.get(&format!("/directory/{id}"), &auth).status, 200);
            check(
                format!("{who}: PUT /api/v1/directory/id of an entry"),
                app.send_json("PUT", &format!("/api/v1/directory/{id}"), &auth, &entry).status,
                if role_may(u.role, "directory") { 200 } else { 403 },
            );
            check(
                format!("{who}: POST /directory/id/delete (form) of an entry"),
                app.post_form_as(&format!("/directory/{id}/delete"), &auth, &[("csrf", "")]).status,
                if role_may(u.role, "directory") { 303 } else { 403 },
            );
            check(
                format!("{who}: DELETE /api/v1/directory/id of an entry"),
                app.delete(&format!("/api/v1/directory/{id}"), &auth).status,
                if role_may(u.role, "directory") { 404 } else { 403 },
            );
        }
    }
    // Recording comes last: new records would change what the lists above count.
    for (u, _) in &users {
        let auth = app.token(u);
        let who = format!("{} ({:?}, clearance {})", u.username, u.role, u.clearance.as_str());
        // Recording: the new record belongs to the user's own agency whatever the body says.
        let new = serde_json::json!({ "item": item("SRB-POL", HandlingCode::Green, &format!("NEW{}", u.username.as_str().len())), "handling": "AMBER" });
        let created = app.send_json("POST", "/api/v1/items", &auth, &new);
        let want = if role_may(u.role, "record") && u.clearance >= HandlingCode::Amber { 201 } else { 403 };
        check(format!("{who}: POST /api/v1/items"), created.status, want);
        if created.status == 201 {
            assert_eq!(created.json()["item"]["meta"]["agency"], u.agency.as_str(), "recorded for the user's own agency");
        }
        // Every other kind, linked to records of the CLEAR row (readable by all).
        let clear = &records[0];
        for (path, _, body) in &clear.others {
            let writers: &[&str] = match *path {
                "incidents" => &["record", "edit"],
                "parties" => &["edit", "licences"],
                "licences" => &["licences"],
                _ => &["edit"],
            };
            let readers_ok = match *path {
                "parties" => role_may(u.role, "persons"),
                "licences" => role_may(u.role, "persons") || role_may(u.role, "licences"),
                _ => true,
            };
            let want = if writers.iter().any(|a| role_may(u.role, a)) && readers_ok { 201 } else { 403 };
            let new = serde_json::json!({ "record": body, "handling": "AMBER" });
            let created = app.send_json("POST", &format!("/api/v1/{path}"), &auth, &new);
            check(format!("{who}: POST /api/v1/{path}"), created.status, want);
            if created.status == 201 {
                let c = created.json();
                assert_eq!(c["meta"]["agency"], u.agency.as_str(), "recorded for the user's own agency");
                assert_ne!(c["meta"]["id"], body["meta"]["id"], "a new id, never the caller's");
                assert_eq!(c["meta"]["handling"], "AMBER");
            }
        }
    }
    eprintln!("{cases} route x role x handling x position cases checked");
    assert!(failures.is_empty(), "{} of {cases} cases wrong:\n{}", failures.len(), failures.join("\n"));
    assert!(cases > 1500, "only {cases} cases");
}

#[test]
fn without_credentials_nothing_is_reachable() {
    let app = spawn_app();
    let none = Auth::default();
    for path in [
        "/api/v1/items",
        "/api/v1/me",
        "/api/v1/nomenclature/makes?q=gl",
        &format!("/api/v1/items/{}", RecordId::new()),
        &format!("/api/v1/parties/{}", RecordId::new()),
        &format!("/api/v1/incidents/{}", RecordId::new()),
    ] {
        let r = app.get(path, &none);
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(r.json()["error"]["code"], "unauthenticated");
    }
    for path in [
        "/",
        "/items",
        "/seizures/new",
        "/admin/users",
        "/admin/audit",
        &format!("/items/{}", RecordId::new()),
        &format!("/items/{}/trace", RecordId::new()),
        "/indicators/sdg-16-4-2",
        "/requests",
        &format!("/requests/{}", RecordId::new()),
        &format!("/incidents/{}", RecordId::new()),
    ] {
        let r = app.get(path, &none);
        assert_eq!(r.status, 303, "{path}");
        assert!(r.location.starts_with("/login?next="), "{path} -> {}", r.location);
    }
    // Every operation of the API but the error table.
    for op in armstrace_web::api::OPERATIONS.iter().filter(|op| op.path != "/errors") {
        let url = format!("/api/v1{}", op.path.replace("{id}", &RecordId::new().to_string()).replace("{list}", "makes"));
        let r = match op.method {
            "get" => app.get(&url, &none),
            "post" => app.send_json("POST", &url, &none, &serde_json::json!({})),
            "delete" => app.delete(&url, &none),
            _ => app.send_json("PUT", &url, &none, &serde_json::json!({})),
        };
        assert_eq!(r.status, 401, "{} {}", op.method, op.path);
    }
    for path in ["/directory", "/directory/coverage", "/directory/new", "/directory/import", &format!("/directory/{}", RecordId::new())] {
        let r = app.get(path, &none);
        assert_eq!(r.status, 303, "{path}");
    }
    for path in ["/directory", &format!("/directory/{}", RecordId::new())] {
        assert_eq!(app.post_form(path, None, &[("csrf", "x")]).status, 303, "POST {path} goes to sign-in");
    }
    for path in ["/incidents", "/hits", "/checks", &format!("/hits/{}", RecordId::new())] {
        let r = app.get(path, &none);
        assert_eq!(r.status, 303, "{path}");
    }
    for path in ["/checks", "/checks/file", &format!("/hits/{}/decision", RecordId::new()), "/admin/policy", "/account/email"] {
        assert_eq!(app.post_form(path, None, &[("csrf", "x")]).status, 303, "POST {path} goes to sign-in");
    }
    assert_eq!(app.post_form("/seizures", None, &[("action", "save")]).status, 303, "POST /seizures goes to sign-in");
    let some_item = RecordId::new();
    assert_eq!(app.post_form(&format!("/items/{some_item}/photos"), None, &[("csrf", "x")]).status, 303);
    assert_eq!(app.post_form(&format!("/items/{some_item}/share"), None, &[("csrf", "x")]).status, 303);
    assert_eq!(app.get(&format!("/items/{some_item}/photos/{}", RecordId::new()), &none).status, 303);
    let bad = Auth { bearer: Some("at_0000".into()), ..Default::default() };
    assert_eq!(app.get("/api/v1/items", &bad).status, 401);
    // Public: health and the error table.
    assert_eq!(app.get("/healthz", &none).status, 200);
    assert_eq!(app.get("/api/v1/errors", &none).status, 200);
}

#[test]
fn tokens_are_scoped_expiring_and_revocable() {
    let app = spawn_app();
    let u = app.user("officer.one", "HRV-POL", Role::Officer, HandlingCode::Red);
    let accounts = armstrace_app::accounts::Accounts { store: app.state.store.as_ref(), audit: &app.state.audit };
    let (read_only, _) = accounts.create_api_token(&u.principal(), "reader", &["read"], 30, now(), "test").unwrap();
    let auth = Auth { bearer: Some(read_only), ..Default::default() };
    assert_eq!(app.get("/api/v1/items", &auth).status, 200);
    let new = serde_json::json!({ "item": item("HRV-POL", HandlingCode::Green, "T1") });
    let r = app.send_json("POST", "/api/v1/items", &auth, &new);
    assert_eq!(r.status, 401, "a read token does not write: {}", r.body);
    let check = app.send_json("POST", "/api/v1/checks", &auth, &serde_json::json!({ "serial": "T1" }));
    assert_eq!(check.status, 200, "a check only reads: a read token makes it: {}", check.body);
    let decide =
        app.send_json("POST", &format!("/api/v1/checks/hits/{}/decision", RecordId::new()), &auth, &serde_json::json!({ "confirm": true }));
    assert_eq!(decide.status, 401, "deciding a hit writes");
    let (rw, t) = accounts.create_api_token(&u.principal(), "writer", &["read", "write"], 30, now(), "test").unwrap();
    let auth = Auth { bearer: Some(rw), ..Default::default() };
    assert_eq!(app.send_json("POST", "/api/v1/items", &auth, &new).status, 201);
    accounts.revoke_api_token(&u.principal(), t.id, now(), "test").unwrap();
    assert_eq!(app.get("/api/v1/items", &auth).status, 401, "revoked");
    assert!(accounts.create_api_token(&u.principal(), "x", &["admin"], 30, now(), "test").is_err());
}

#[test]
fn metrics_are_served_to_this_machine_by_route_template() {
    let app = spawn_app();
    let u = app.user("viewer.one", "HRV-POL", Role::Viewer, HandlingCode::Green);
    let auth = app.token(&u);
    let id = RecordId::new();
    app.get(&format!("/api/v1/items/{id}"), &auth);
    let m = app.get("/metrics", &Auth::default());
    assert_eq!(m.status, 200, "a scraper on the same machine needs no account");
    assert!(m.body.contains("route=\"/api/v1/items/{id}\""), "{}", m.body);
    assert!(!m.body.contains(&id.to_string()), "ids never reach the metrics");
}

/// The OpenAPI document lists every route of the API, and every route it lists answers (a missing
/// route would get the router's bare 404 or 405, not an error of the table).
#[test]
fn the_openapi_document_matches_the_router() {
    let app = spawn_app();
    let u = app.user("inv.one", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let auth = app.token(&u);
    let doc = app.get("/api/v1/openapi.json", &Auth::default());
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 9, "{paths:?}");
    for (path, ops) in paths {
        for (method, _) in ops.as_object().unwrap() {
            let url = path.replace("{id}", &RecordId::new().to_string()).replace("{list}", "makes");
            let r = match method.as_str() {
                "get" => app.get(&url, &auth),
                "post" => app.send_json("POST", &url, &auth, &serde_json::json!({})),
                "put" => app.send_json("PUT", &url, &auth, &serde_json::json!({})),
                "delete" => app.delete(&url, &auth),
                other => panic!("method {other}"),
            };
            assert_ne!(r.status, 405, "{method} {path} is not routed");
            if r.status == 404 {
                assert_eq!(r.json()["error"]["code"], "not_found", "{method} {path} answered the router's 404");
            }
        }
    }
    let page = app.get("/api/docs", &Auth::default());
    assert_eq!(page.status, 200);
    assert!(page.body.contains("POST /api/v1/seizures"));
}

#[test]
fn sharing_opens_a_record_to_exactly_whom_it_names() {
    let app = spawn_app();
    let owner = app.user("inv.hrv", "HRV-POL", Role::Investigator, HandlingCode::Red);
    let officer = app.user("off.hrv", "HRV-POL", Role::Officer, HandlingCode::Red);
    let srb = app.user("off.srb", "SRB-POL", Role::Officer, HandlingCode::Red);
    let srb2 = app.user("inv.srb", "SRB-POL", Role::Investigator, HandlingCode::Red);
    let amber = item("HRV-POL", HandlingCode::Amber, "SH1");
    let red = item("HRV-POL", HandlingCode::Red, "SH2");
    app.state.store.write(&armstrace_store::WriteBatch { items: vec![amber.clone(), red.clone()], ..Default::default() }).unwrap();
    let (o, off, s1, s2) = (app.token(&owner), app.token(&officer), app.token(&srb), app.token(&srb2));
    let grants = |id: RecordId| format!("/api/v1/items/{id}/grants");
    let read = |a: &Auth, id: RecordId| app.get(&format!("/api/v1/items/{id}"), a).status;

    assert_eq!(read(&s1, amber.meta.id), 404);
    assert_eq!(
        app.send_json("POST", &grants(amber.meta.id), &off, &serde_json::json!({ "agency": "SRB-POL" })).status,
        403,
        "an officer does not share"
    );
    assert_eq!(
        app.send_json("POST", &grants(amber.meta.id), &s2, &serde_json::json!({ "agency": "SRB-POL" })).status,
        404,
        "another agency cannot even see it"
    );
    let r = app.send_json("POST", &grants(amber.meta.id), &o, &serde_json::json!({ "agency": "SRB-POL" }));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(read(&s1, amber.meta.id), 200, "shared with the agency");
    assert_eq!(read(&s2, amber.meta.id), 200);
    assert!(app.get("/api/v1/items", &s1).body.contains(&amber.meta.id.to_string()), "and listed");

    let r = app.send_json("POST", &grants(red.meta.id), &o, &serde_json::json!({ "agency": "SRB-POL" }));
    assert_eq!(r.status, 422, "RED goes to named users only: {}", r.body);
    assert_eq!(app.send_json("POST", &grants(red.meta.id), &o, &serde_json::json!({ "user": "off.srb" })).status, 201);
    assert_eq!(read(&s1, red.meta.id), 200, "the named user");
    assert_eq!(read(&s2, red.meta.id), 404, "nobody else of that agency");
    let listed = app.get(&grants(red.meta.id), &o).json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    app.state.flush_audit().unwrap();
    assert!(app.state.store.audit_entries(0, 1000).unwrap().iter().any(|e| e.action == "share" && e.record == Some(red.meta.id)));
}

#[test]
fn behind_a_proxy_metrics_need_an_administrator() {
    let app = spawn_app_with(armstrace_web::AppState::behind_proxy(armstrace_store::open("sqlite::memory:").unwrap()));
    assert_eq!(app.get("/metrics", &Auth::default()).status, 303, "every request comes from the proxy's loopback address");
    let admin = app.user("node.admin", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    let viewer = app.user("node.viewer", "HRV-NFP", Role::Viewer, HandlingCode::Red);
    assert_eq!(app.get("/metrics", &app.token(&viewer)).status, 403);
    assert_eq!(app.get("/metrics", &app.token(&admin)).status, 200);
}

/// A list answered from the store's cache of recent walks still checks every record it shows: a
/// record narrowed by another process meanwhile does not appear.
#[test]
fn cached_lists_never_show_a_record_narrowed_meanwhile() {
    let app = spawn_app();
    let srb = app.user("srb.viewer", "SRB-POL", Role::Viewer, HandlingCode::Red);
    let auth = app.token(&srb);
    let it = item("HRV-POL", HandlingCode::Green, "GR1");
    app.state.store.write(&armstrace_store::WriteBatch { items: vec![it.clone()], ..Default::default() }).unwrap();
    assert!(app.get("/api/v1/items", &auth).body.contains("GR1"));
    // Another process (not through this store) makes it RED.
    app.state.store.execute_batch("UPDATE items SET handling = 'RED'").unwrap();
    let listed = app.get("/api/v1/items", &auth);
    assert!(!listed.body.contains("GR1"), "{}", listed.body);
    assert!(!app.get("/items", &auth).body.contains("GR1"));
}

#[test]
fn system_administrators_add_agencies_and_users_join_existing_ones() {
    let app = spawn_app();
    let mut admin = app.user("node.admin", "HRV-NFP", Role::SystemAdmin, HandlingCode::Red);
    admin.totp_secret = None;
    app.state.store.save_user(&admin).unwrap();
    let accounts = armstrace_app::accounts::Accounts { store: app.state.store.as_ref(), audit: &app.state.audit };
    let p = admin.principal();
    let a = accounts.add_agency(&p, "mne-pol", "Police of Montenegro", "Montenegro", now(), "test").unwrap();
    assert_eq!((a.code.as_str(), a.country.as_str()), ("MNE-POL", "MNE"));
    assert!(accounts.add_agency(&p, "MNE-POL", "again", "MNE", now(), "test").is_err(), "codes are unique");
    assert!(accounts.add_agency(&p, "bad code!", "x", "MNE", now(), "test").is_err());
    let officer = app.user("off.hrv", "HRV-POL", Role::AgencyAdmin, HandlingCode::Red);
    assert!(accounts.add_agency(&officer.principal(), "X-1", "x", "HRV", now(), "test").is_err(), "not an agency administrator's task");
    // In the application a user joins an agency that exists, in its country.
    let new = |agency: &str, country: &str| armstrace_app::accounts::NewUser {
        username: format!("u.{}", agency.to_lowercase()),
        display_name: String::new(),
        agency: agency.into(),
        country: country.into(),
        role: Role::Officer,
        clearance: HandlingCode::Amber,
        language: armstrace_domain::account::Language::En,
        password: PASSWORD.into(),
        second_factor_required: false,
    };
    assert!(accounts.create(Some(&p), new("NOPE-1", "HRV"), now(), "test").is_err(), "no such agency");
    assert!(accounts.create(Some(&p), new("MNE-POL", "HRV"), now(), "test").is_err(), "agency in another country");
    assert!(accounts.create(Some(&p), new("MNE-POL", "MNE"), now(), "test").is_ok());
    let listed = app.get("/api/v1/agencies", &app.token(&officer)).json();
    assert!(listed.as_array().unwrap().iter().any(|a| a["code"] == "MNE-POL"));
}

/// Each operation of the API refuses exactly the roles its entry in the table leaves out (the
/// table also writes the OpenAPI document's "Who").
#[test]
fn every_operation_refuses_exactly_the_roles_its_table_entry_leaves_out() {
    let app = spawn_app();
    let mut cases = 0;
    for role in Role::ALL {
        let u = app.user(&format!("op-{}", role.code().replace('_', "-")), "HRV-POL", role, HandlingCode::Red);
        let auth = app.token(&u);
        for op in armstrace_web::api::OPERATIONS {
            let url = format!("/api/v1{}", op.path.replace("{id}", &RecordId::new().to_string()).replace("{list}", "makes"));
            let r = match op.method {
                "get" => app.get(&url, &auth),
                "post" => app.send_json("POST", &url, &auth, &serde_json::json!({})),
                "put" => app.send_json("PUT", &url, &auth, &serde_json::json!({})),
                "delete" => app.delete(&url, &auth),
                other => panic!("method {other}"),
            };
            let allowed = op.needs.is_empty() || op.needs.iter().any(|a| armstrace_domain::access::allowed_roles(*a).contains(&role));
            let refused_by_role = r.status == 403 && r.body.contains("does not allow this");
            assert_eq!(!refused_by_role, allowed, "{role:?} {} {}: {} {}", op.method, op.path, r.status, r.body);
            assert_ne!(r.status, 405, "{} {} is not routed", op.method, op.path);
            cases += 1;
        }
    }
    assert!(cases >= 8 * 30, "{cases}");
}
