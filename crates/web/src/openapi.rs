//! The OpenAPI 3.1 document of `/api/v1`, built from [`ENDPOINTS`] (the same table the router is
//! checked against by a test) and from examples the code itself serializes, so that the document
//! shows what the API really sends.

use serde_json::{json, Map, Value};

use armstrace_app::error::ERROR_TABLE;
use armstrace_app::seizure::{ItemLine, PersonLine, SeizureForm};

/// One operation of the API.
pub struct Endpoint {
    pub method: &'static str,
    /// Under `/api/v1`, with `{id}`-style parameters.
    pub path: &'static str,
    pub summary: &'static str,
    /// Who may call it, in the users' words.
    pub who: &'static str,
    /// Name of the example request body, if any.
    pub request: Option<&'static str>,
    /// Name of the example response body.
    pub response: &'static str,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/me",
        summary: "The signed-in user",
        who: "anyone signed in",
        request: None,
        response: "Me",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/errors",
        summary: "The table of error codes and their HTTP status",
        who: "anyone",
        request: None,
        response: "ErrorTable",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/items",
        summary: "Items (firearms, parts, ammunition) the caller may read, newest rules of TLP applied; counted up to 1,000",
        who: "anyone signed in",
        request: None,
        response: "ItemList",
        query: &[
            ("serial", "serial number as marked (normalized before matching)"),
            ("status", "seized, stolen, lost, registered, ..."),
            ("type", "firearm type code"),
            ("offset", "records to skip"),
            ("limit", "records to return, at most 500"),
        ],
    },
    Endpoint {
        method: "post",
        path: "/items",
        summary: "Record an item for the caller's agency (Firearms Protocol art. 7 records)",
        who: "officer, investigator, point of contact, agency administrator",
        request: Some("NewItem"),
        response: "ItemView",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/items/{id}",
        summary: "An item with its history; a record the caller may not read answers 404, like a missing one",
        who: "anyone signed in, within the sharing rules",
        request: None,
        response: "ItemView",
        query: &[],
    },
    Endpoint {
        method: "put",
        path: "/items/{id}",
        summary: "Change an item of the caller's agency",
        who: "officer, investigator, agency administrator of the owning agency",
        request: Some("Item"),
        response: "ItemView",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/parties/{id}",
        summary: "A person or organisation (personal data: every read is audited)",
        who: "investigator, point of contact, licensing officer, agency administrator",
        request: None,
        response: "Party",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/incidents/{id}",
        summary: "An incident (seizure, find, surrender, crime)",
        who: "anyone signed in, within the sharing rules",
        request: None,
        response: "Incident",
        query: &[],
    },
    Endpoint {
        method: "get",
        path: "/nomenclature/{list}",
        summary: "Nomenclature entries matching what has been typed: types, makes, models, calibres, countries, contexts, roles",
        who: "anyone signed in",
        request: None,
        response: "Suggestions",
        query: &[("q", "what has been typed"), ("make", "for models: the make"), ("limit", "at most 50")],
    },
    Endpoint {
        method: "post",
        path: "/seizures/check",
        summary: "Check a seizure on the standard template without saving it",
        who: "officer, investigator, point of contact, agency administrator",
        request: Some("SeizureForm"),
        response: "Checked",
        query: &[],
    },
    Endpoint {
        method: "post",
        path: "/seizures",
        summary: "Record a seizure: incident, items, persons in one transaction (warnings need warnings_checked)",
        who: "officer, investigator, point of contact, agency administrator",
        request: Some("SeizureForm"),
        response: "Recorded",
        query: &[],
    },
];

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
    m.insert("Error".into(), json!({ "error": { "code": "not_found", "message": "no item with that id is visible to you; check the link, or ask the owning agency for a grant" } }));
    m
}

/// The document served at `/api/v1/openapi.json`.
pub fn document() -> Value {
    let examples = examples();
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let mut op = json!({
            "summary": e.summary,
            "description": format!("Who: {}.", e.who),
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
    ENDPOINTS
        .iter()
        .map(|e| EndpointView {
            method: e.method.to_uppercase(),
            path: format!("/api/v1{}", e.path),
            summary: e.summary,
            who: format!("Who: {}.", e.who),
            query: e.query.iter().map(|(n, d)| format!("{n}: {d}")).collect(),
            request: pretty(e.request),
            response: pretty(Some(e.response)),
        })
        .collect()
}
