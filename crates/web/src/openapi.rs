//! The OpenAPI 3.1 document of `/api/v1`, built from [`OPERATIONS`] (the table the router is made
//! from) and from examples the code itself serializes, so that the document
//! shows what the API really sends.

use serde_json::{json, Map, Value};

use armstrace_app::error::ERROR_TABLE;
use armstrace_domain::access::{allowed_roles, Role};

use crate::api::{Operation, OPERATIONS};
use armstrace_app::seizure::{ItemLine, PersonLine, SeizureForm};

/// Who may call an operation, in the users' words, from the roles table of the access policy.
pub fn who(op: &Operation) -> String {
    if op.needs.is_empty() {
        return if op.path == "/errors" { "anyone".into() } else { "anyone signed in, within the sharing rules".into() };
    }
    let mut roles: Vec<Role> = op.needs.iter().flat_map(|a| allowed_roles(*a).iter().copied()).collect();
    roles.sort();
    roles.dedup();
    roles.iter().map(|r| r.label().to_lowercase()).collect::<Vec<_>>().join(", ")
}

/// Example bodies, serialized by the code from sample values.
fn examples() -> Map<String, Value> {
    let form = SeizureForm {
        reference: "HR-2026-0042".into(),
        date: "2026-11-20".into(),
        country: "HRV".into(),
        locality: "Slavonski Brod".into(),
        contexts: "illicit_trafficking".into(),
        handling: "AMBER+STRICT".into(),
        items: vec![ItemLine {
            firearm_type: "pistol".into(),
            manufacturer: "Zastava".into(),
            model: "M70".into(),
            calibre: "7.65 Browning".into(),
            serial: "A12?45".into(),
            country_of_manufacture: "SRB".into(),
            ..Default::default()
        }],
        persons: vec![PersonLine { name: "Ivan Horvat".into(), role: "courier".into(), ..Default::default() }],
        ..Default::default()
    };
    let mut m = Map::new();
    m.insert("SeizureForm".into(), serde_json::to_value(&form).unwrap_or(Value::Null));
    m.insert("Checked".into(), json!({ "errors": [], "warnings": [{ "field": "items.0.import_country", "message": "made in Serbia but found in Croatia: a lawfully imported firearm carries an import marking (Firearms Protocol art. 8(1)(b), ITI §8(b)); record it, or its absence is itself a lead" }] }));
    m.insert("Recorded".into(), json!({ "checked": { "errors": [], "warnings": [] }, "incident": "019b76da-ab87-7fa2-a3de-4e2a07820000", "items": ["019b76da-ab87-7fa2-a3de-4e2a07820001"] }));
    m.insert("ErrorTable".into(), Value::Array(ERROR_TABLE.iter().map(|(_, c, s)| json!({ "code": c, "http_status": s })).collect()));
    m.insert("TraceView".into(), json!({
        "item": { "meta": { "id": "019b76da-ab87-7fa2-a3de-4e2a07820001" }, "markings": { "serial": { "as_marked": "M70-004512" } } },
        "history": [{ "id": "019b76da-ab87-7fa2-a3de-4e2a07820020", "item": "019b76da-ab87-7fa2-a3de-4e2a07820001", "seq": 0, "kind": "manufactured", "date": "2009", "country": "SRB" }],
        "trace": {
            "item": "019b76da-ab87-7fa2-a3de-4e2a07820001",
            "manufacturer": "Zastava Arms",
            "country_of_manufacture": "SRB",
            "steps": [{ "event": "019b76da-ab87-7fa2-a3de-4e2a07820020", "kind": "manufactured", "date": "2009", "country": "SRB" }],
            "last_legal_holder": { "event": "019b76da-ab87-7fa2-a3de-4e2a07820022", "kind": "registered", "date": "2014-03-02", "country": "HRV", "to": { "id": "019b76da-ab87-7fa2-a3de-4e2a07820030", "name": "Ivan Horvat", "state_entity": false, "dealer": false } },
            "diversion": { "outcome": "established", "kind": "theft", "event": "019b76da-ab87-7fa2-a3de-4e2a07820023", "date": "2019-11-02", "country": "HRV", "reason": { "code": "reported", "stolen": true, "by": "Ivan Horvat", "date": "2019-11-02", "country": "HRV" }, "why": "reported stolen by Ivan Horvat on 2019-11-02 in HRV" },
            "recovery": { "event": "019b76da-ab87-7fa2-a3de-4e2a07820024", "kind": "seized", "date": "2021-06-01", "country": "SRB" },
            "time_to_crime_days": 2648
        }
    }));
    m.insert(
        "Indicator".into(),
        json!({
            "from": "2025", "to": "2025",
            "indicator": {
                "total": { "established": 412, "recovered": 530 },
                "by_type": { "pistol": { "established": 301, "recovered": 377 } },
                "by_context": { "drug_trafficking": { "established": 88, "recovered": 120 } },
                "by_country_of_manufacture": { "AUT": { "established": 97, "recovered": 110 } },
                "time_to_crime": { "count": 350, "p25": 610, "median": 1880, "p75": 4020, "bands": [40, 71, 160, 79] },
                "short_time_to_crime": { "established": 111, "recovered": 350 }
            }
        }),
    );
    m.insert("Share".into(), json!({ "agency": "SRB-POL" }));
    m.insert("Deleted".into(), json!({ "deleted": "019b76da-ab87-7fa2-a3de-4e2a07820001" }));
    m.insert("Grants".into(), json!([{ "record": "019b76da-ab87-7fa2-a3de-4e2a07820001", "agency": "SRB-POL", "user": null }]));
    m.insert("Suggestions".into(), json!([{ "value": "Glock", "label": "Glock (Austria)" }]));
    m.insert("Me".into(), json!({ "id": "019b76da-ab87-7fa2-a3de-4e2a07820002", "username": "ana.horvat", "display_name": "Ana Horvat", "agency": "HRV-POL", "country": "HRV", "role": "officer", "clearance": "AMBER+STRICT", "language": "en" }));
    for (name, v) in record_examples()
        .into_iter()
        .chain(crate::directory::examples())
        .chain(crate::community::members::examples())
        .chain(crate::community::events::examples())
        .chain(crate::community::cases::examples())
        .chain(crate::community::newsletter::examples())
        .chain(crate::community::library::examples())
    {
        m.insert(name.into(), v);
    }
    for (name, v) in crate::community::discussion::examples() {
        m.insert(name.into(), v);
    }
    m.insert("Error".into(), json!({ "error": { "code": "not_found", "message": "no item with that id is visible to you; check the link, or ask the owning agency for a grant" } }));
    m
}

/// The document served at `/api/v1/openapi.json`.
pub fn document() -> Value {
    let examples = examples();
    let mut paths = Map::new();
    for e in OPERATIONS {
        let mut op = json!({
            "summary": e.summary,
            "description": format!("Who: {}.", who(e)),
            "responses": {
                "200": { "description": "OK", "content": { "application/json": example(&examples, e.response) } },
                "default": { "description": "An error of the error table (GET /api/v1/errors)", "content": { "application/json": example(&examples, "Error") } }
            }
        });
        let mut params: Vec<Value> = e
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        params.extend(
            e.query.iter().map(
                |(name, d)| json!({ "name": name, "in": "query", "required": false, "description": d, "schema": { "type": "string" } }),
            ),
        );
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if let Some(req) = e.request {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": example(&examples, req) } });
        }
        let entry = paths.entry(format!("/api/v1{}", e.path)).or_insert_with(|| json!({}));
        entry[e.method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "armstrace API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Records, checks and tracing of firearms. Every call goes through the same access policy as the pages (roles, agencies, countries, TLP 2.0 handling codes, need-to-know grants) and reads of case or personal data are audited. Authenticate with `Authorization: Bearer at_...` (an API token) or the browser's session cookie plus `X-CSRF-Token` on writes."
        },
        "components": { "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } } },
        "security": [{ "token": [] }],
        "paths": paths,
    })
}

fn example(examples: &Map<String, Value>, name: &str) -> Value {
    match examples.get(name) {
        Some(v) => json!({ "schema": { "title": name }, "example": v }),
        None => json!({ "schema": { "title": name } }),
    }
}

/// One endpoint as the readable page shows it.
pub struct EndpointView {
    pub method: String,
    pub path: String,
    pub summary: &'static str,
    pub who: String,
    pub query: Vec<String>,
    pub request: String,
    pub response: String,
}

/// The endpoints with their example bodies pretty-printed, for the readable page.
pub fn views() -> Vec<EndpointView> {
    let ex = examples();
    let pretty = |name: Option<&str>| name.and_then(|n| ex.get(n)).and_then(|v| serde_json::to_string_pretty(v).ok()).unwrap_or_default();
    OPERATIONS
        .iter()
        .map(|e| EndpointView {
            method: e.method.to_uppercase(),
            path: format!("/api/v1{}", e.path),
            summary: e.summary,
            who: format!("Who: {}.", who(e)),
            query: e.query.iter().map(|(n, d)| format!("{n}: {d}")).collect(),
            request: pretty(e.request),
            response: pretty(Some(e.response)),
        })
        .collect()
}

const EXAMPLE_META: &str = r#"{"id":"019b76da-ab87-7fa2-a3de-4e2a07820010","agency":"HRV-POL","country":"HRV","handling":"AMBER","created_at":"2026-11-20T09:30:00Z","created_by":"ana.horvat","updated_at":"2026-11-20T09:30:00Z","updated_by":"ana.horvat"}"#;

/// Examples of the records other than items: as sent (`New...`, no `meta`: the server sets it)
/// and as answered. A test reads each back into its type, so they cannot drift from the code.
pub fn record_examples() -> Vec<(&'static str, Value)> {
    let meta: Value = serde_json::from_str(EXAMPLE_META).unwrap_or(Value::Null);
    let incident = json!({ "kind": "seizure", "reference": "HR-2026-0042", "date": "2026-11-20", "place": { "country": "HRV", "locality": "Slavonski Brod" }, "contexts": ["illicit_trafficking"], "concealment": "spare wheel", "summary": "Two pistols found in a car at the border crossing" });
    let party = json!({ "kind": "person", "name": "Ivan Horvat", "nationality": "HRV", "birth_date": "1984" });
    let licence = json!({ "kind": "export", "number": "EXP-2026-117", "issuing_authority": "Ministry of Interior", "issuing_country": "SRB", "issued": "2026-01-10", "expires": "2026-07-10", "exporting_country": "SRB", "importing_country": "HRV", "final_recipient": "Sport shooting club Osijek", "lines": [{ "description": "pistols", "firearm_type": "pistol", "calibre": "9x19mm", "quantity": 20 }], "temporary": false });
    let exhibit = json!({ "kind": "cartridge_case", "reference": "LAB-2026-0815", "calibre": "9x19mm" });
    let hit = json!({ "exhibit_a": "019b76da-ab87-7fa2-a3de-4e2a07820011", "exhibit_b": "019b76da-ab87-7fa2-a3de-4e2a07820012", "system": "IBIS", "system_reference": "IB-HR-2026-33", "date": "2026-11-18", "confirmed": true });
    let event =
        json!({ "kind": "reported_stolen", "date": "2026-10-02", "country": "HRV", "place": "Osijek", "note": "reported by the holder" });
    let request = json!({
        "kind": "tracing", "direction": "outgoing", "status": "draft", "urgency": "routine",
        "requesting_country": "HRV", "requesting_authority": "HRV-NFP", "requested_country": "SRB", "requested_authority": "Ministry of Interior, firearms focal point",
        "case_reference": "HR-2026-0042", "subject": "trace of a pistol Zastava M70, serial M70-004512",
        "firearm": { "serial": "M70-004512", "manufacturer": "Zastava Arms", "model": "M70", "firearm_type": "pistol", "calibre": "7.65mm Browning", "country_of_manufacture": "SRB" },
        "circumstances": "seized on 2026-11-20 at the Bajakovo border crossing, in a car's spare wheel",
        "legal_basis": "Criminal Procedure Act art. 206; Firearms Protocol art. 12(4)",
        "intended_use": "criminal investigation of illicit trafficking"
    });
    let stored = |v: &Value| {
        let mut v = v.clone();
        v["meta"] = meta.clone();
        v
    };
    vec![
        ("NewIncident", json!({ "record": incident, "handling": "AMBER" })),
        ("Incident", stored(&incident)),
        ("Incidents", Value::Array(vec![stored(&incident)])),
        ("NewParty", json!({ "record": party, "handling": "AMBER" })),
        ("Party", stored(&party)),
        ("Parties", Value::Array(vec![stored(&party)])),
        ("NewLicence", json!({ "record": licence, "handling": "GREEN" })),
        ("Licence", stored(&licence)),
        ("Licences", Value::Array(vec![stored(&licence)])),
        ("NewExhibit", json!({ "record": exhibit, "handling": "AMBER" })),
        ("Exhibit", stored(&exhibit)),
        ("Exhibits", Value::Array(vec![stored(&exhibit)])),
        ("NewHit", json!({ "record": hit, "handling": "AMBER" })),
        ("Hit", stored(&hit)),
        ("Hits", Value::Array(vec![stored(&hit)])),
        ("HistoryEvent", event),
        ("NewRequest", json!({ "record": request, "handling": "AMBER" })),
        ("CooperationRequest", stored(&request)),
        ("CooperationRequests", Value::Array(vec![stored(&request)])),
        (
            "RequestView",
            json!({ "request": stored(&request), "missing": [{ "field": "intended_use", "why": "what the information will be used for (ITI § 17)" }], "overdue": false }),
        ),
        (
            "Pending",
            json!({ "drafts": [], "outgoing": [{ "request": stored(&request), "missing": [], "acknowledge_by": "2026-11-27T09:30:00Z", "answer_by": "2027-01-19T09:30:00Z", "overdue": false }], "incoming": [], "overdue": 0 }),
        ),
        (
            "RequestStatistics",
            json!({ "SRB": { "sent": 12, "answered": 9, "traced": 7, "not_traced": 2, "median_days_to_answer": 21, "overdue": 1 } }),
        ),
        (
            "Move",
            json!({ "step": "answer", "outcome": { "outcome": "not_traced", "reason": "no record of this serial number" }, "answer": "" }),
        ),
        (
            "AnswerDraft",
            json!([{ "outcome": "traced" }, "2009 manufactured SRB\n2010-03-02 exported SRB (licence EXP-2010-117)\npoint of diversion: exported from SRB on 2010-03-02 ... no import recorded"]),
        ),
        (
            "CheckRequest",
            json!({ "serial": "A8-1234567", "manufacturer": "S&W", "model": "M&P9", "firearm_type": "pistol", "calibre": "9 mm Para" }),
        ),
        (
            "CheckAnswers",
            json!([{ "rank": 1, "confidence": "confirmed", "score": 0.97, "agency": "HRV-POL", "explanation": "serial differs at 1 position: 8↔B (common misreading); make alias 'S&W' → Smith & Wesson; calibre agrees" }, { "rank": 2, "confidence": "possible", "score": 0.41, "agency": "SRB-POL" }]),
        ),
        (
            "FirearmsFile",
            json!("reference,serial,manufacturer,model,calibre\nOP-7/1,A8-1234567,S&W,M&P9,9 mm Para\nOP-7/2,GLK4?817,Glock,17,9x19"),
        ),
        (
            "FileChecked",
            json!({ "file": "operation-7.csv", "checked": 2, "with_alert": 1, "answers": [{ "row": 2, "reference": "OP-7/1", "serial": "A8-1234567", "candidates": [{ "rank": 1, "confidence": "confirmed", "score": 0.97, "agency": "HRV-POL", "explanation": "serial differs at 1 position: 8↔B (common misreading)" }] }], "skipped": [] }),
        ),
        (
            "CheckHits",
            json!([{ "id": "019b76da-ab87-7fa2-a3de-4e2a07820020", "status": "new", "confidence": "probable", "score": 0.88, "created_at": "2026-11-20T09:31:00Z", "item": { "agency": "HRV-CUS" }, "matched": { "agency": "SRB-POL" }, "can_decide": false }]),
        ),
        (
            "CheckHit",
            json!({ "id": "019b76da-ab87-7fa2-a3de-4e2a07820020", "status": "confirmed", "confidence": "probable", "score": 0.88, "created_at": "2026-11-20T09:31:00Z", "item": { "agency": "HRV-CUS" }, "matched": { "agency": "SRB-POL" }, "reason": "", "decided_by": "ana.horvat", "can_decide": false }),
        ),
        ("Decision", json!({ "confirm": false, "reason": "different model: the registry's is a revolver" })),
        ("Agencies", json!([{ "code": "HRV-POL", "name": "Ministry of Interior — Police", "country": "HRV" }])),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit};
    use armstrace_domain::incident::Incident;
    use armstrace_domain::licence::Licence;
    use armstrace_domain::party::Party;

    #[test]
    fn examples_are_what_the_code_reads() {
        let ex: Map<String, Value> = examples();
        fn reads<T: serde::de::DeserializeOwned>(ex: &Map<String, Value>, name: &str) {
            serde_json::from_value::<T>(ex[name].clone()).unwrap_or_else(|e| panic!("example {name}: {e}"));
        }
        reads::<Incident>(&ex, "Incident");
        reads::<Party>(&ex, "Party");
        reads::<Licence>(&ex, "Licence");
        reads::<BallisticExhibit>(&ex, "Exhibit");
        reads::<BallisticHit>(&ex, "Hit");
        reads::<SeizureForm>(&ex, "SeizureForm");
        reads::<armstrace_domain::request::CooperationRequest>(&ex, "CooperationRequest");
        reads::<armstrace_app::requests::Move>(&ex, "Move");
        reads::<armstrace_app::directory::ContactDraft>(&ex, "NewContactPoint");
        reads::<armstrace_domain::directory::ContactPoint>(&ex, "ContactPoint");
        reads::<armstrace_domain::community::ActivityDraft>(&ex, "NewActivity");
        reads::<armstrace_domain::community::Activity>(&ex, "Activity");
        reads::<armstrace_app::community::activity::ActivityView>(&ex, "ActivityView");
        reads::<armstrace_domain::community::ResourceDraft>(&ex, "NewResourceLink");
        reads::<armstrace_domain::community::Resource>(&ex, "Resource");
        reads::<armstrace_app::community::resource::Library>(&ex, "Library");
        let mut event = ex["HistoryEvent"].clone();
        event["id"] = json!("019b76da-ab87-7fa2-a3de-4e2a07820013");
        event["item"] = json!("019b76da-ab87-7fa2-a3de-4e2a07820014");
        event["seq"] = json!(0);
        serde_json::from_value::<armstrace_domain::history::HistoryEvent>(event).unwrap();
        for op in OPERATIONS {
            for name in op.request.iter().chain([&op.response]) {
                assert!(
                    ex.contains_key(*name) || ["ItemList", "ItemView", "Item", "NewItem"].contains(name),
                    "{} {}: no example {name}",
                    op.method,
                    op.path
                );
            }
        }
    }
}
