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
    m.insert("Share".into(), json!({ "agency": "SRB-POL" }));
    m.insert("Grants".into(), json!([{ "record": "019b76da-ab87-7fa2-a3de-4e2a07820001", "agency": "SRB-POL", "user": null }]));
    m.insert("Suggestions".into(), json!([{ "value": "Glock", "label": "Glock (Austria)" }]));
    m.insert("Me".into(), json!({ "id": "019b76da-ab87-7fa2-a3de-4e2a07820002", "username": "ana.horvat", "display_name": "Ana Horvat", "agency": "HRV-POL", "country": "HRV", "role": "officer", "clearance": "AMBER+STRICT", "language": "en" }));
    for (name, v) in record_examples().into_iter().chain(crate::directory::examples()) {
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
        reads::<armstrace_app::directory::ContactDraft>(&ex, "NewContactPoint");
        reads::<armstrace_domain::directory::ContactPoint>(&ex, "ContactPoint");
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
