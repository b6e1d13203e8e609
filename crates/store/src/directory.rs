//! The directory of competent national authorities: its table and the filter of its lists, for both
//! backends.

use armstrace_domain::directory::ContactPoint;
use armstrace_domain::nomenclature::text::fold_key;

use crate::rows::{Kind, Table, Val};
use crate::{ContactFilter, StoreError};

use Kind::{Id, Text};

pub const CONTACT_POINTS: Table = Table {
    name: "contact_points",
    columns: &[
        ("id", Id),
        ("country", Text),
        ("kind", Text),
        ("authority", Text),
        ("instruments", Text),
        ("functions", Text),
        ("search", Text),
        ("last_verified", Text),
        ("doc", Text),
    ],
    key: &["id"],
};

/// Codes between bars, so that `LIKE '%|code|%'` finds exactly one code.
fn barred(codes: impl Iterator<Item = String>) -> String {
    let mut s = String::from("|");
    for c in codes {
        s.push_str(&c);
        s.push('|');
    }
    s
}

pub fn row(p: &ContactPoint) -> Vec<Val<'static>> {
    // A regional instrument is also found as `regional`, whatever its name.
    let instruments = barred(p.instruments.iter().flat_map(|i| match i {
        armstrace_domain::directory::Instrument::Regional(name) => vec!["regional".to_string(), format!("regional:{}", fold_key(name))],
        other => vec![other.code()],
    }));
    vec![
        Val::Id(p.id),
        Val::owned(p.country.as_str().to_string()),
        Val::owned(p.kind.code().to_string()),
        Val::owned(fold_key(&p.authority)),
        Val::owned(instruments),
        Val::owned(barred(p.functions.iter().map(|f| f.code().to_string()))),
        Val::owned(p.search_text()),
        Val::owned(p.last_verified.to_string()),
        Val::owned(serde_json::to_string(p).unwrap_or_else(|_| "null".to_string())),
    ]
}

pub fn from(row: &[Val]) -> Result<ContactPoint, StoreError> {
    let text = row.get(8).and_then(Val::as_str).unwrap_or("");
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        table: "contact_points",
        id: format!("{:?}", row.first()),
        reason: e.to_string(),
    })
}

fn like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// ` WHERE ...` (or nothing) with `$n` parameters from 1.
pub fn filter_sql(f: &ContactFilter) -> (String, Vec<Val<'static>>) {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Val<'static>> = Vec::new();
    let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    if let Some(c) = nonempty(&f.country) {
        params.push(Val::owned(c.to_uppercase()));
        conds.push(format!("country = ${}", params.len()));
    }
    if let Some(k) = nonempty(&f.kind) {
        params.push(Val::owned(k));
        conds.push(format!("kind = ${}", params.len()));
    }
    if let Some(i) = nonempty(&f.instrument) {
        let code = match i.split_once(':') {
            Some((head, name)) if head.trim() == "regional" => format!("regional:{}", fold_key(name)),
            _ => i,
        };
        params.push(Val::owned(format!("%|{}|%", like(&code))));
        conds.push(format!("instruments LIKE ${} ESCAPE '\\'", params.len()));
    }
    if let Some(func) = nonempty(&f.function) {
        params.push(Val::owned(format!("%|{}|%", like(&func))));
        conds.push(format!("functions LIKE ${} ESCAPE '\\'", params.len()));
    }
    if let Some(q) = nonempty(&f.search) {
        let q = fold_key(&q);
        if !q.trim().is_empty() {
            params.push(Val::owned(format!("%{}%", like(q.trim()))));
            conds.push(format!("search LIKE ${} ESCAPE '\\'", params.len()));
        }
    }
    if let Some(d) = nonempty(&f.verified_before) {
        params.push(Val::owned(d));
        conds.push(format!("last_verified < ${}", params.len()));
    }
    let w = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    (w, params)
}
