//! Accounts, sessions, API tokens, need-to-know grants and the audit log: tables and row mapping,
//! and the queries the [`crate::Store`] trait answers for them.

use armstrace_domain::access::{Grant, Scope};
use armstrace_domain::account::{ApiToken, AuditEntry, Session, UserAccount};
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;

use crate::rows::{Kind, Table, Val};
use crate::StoreError;

use Kind::{Id, Int, Text};

pub const USERS: Table = Table {
    name: "users",
    columns: &[("id", Id), ("username", Text), ("agency", Text), ("role", Text), ("disabled", Int), ("doc", Text)],
    key: &["id"],
};
pub const AGENCY_POLICIES: Table = Table {
    name: "agency_policies",
    columns: &[("agency", Text), ("second_factor_required", Int), ("updated_at", Text), ("updated_by", Text)],
    key: &["agency"],
};

pub fn agency_policy_row(p: &crate::AgencyPolicy) -> Vec<Val<'static>> {
    vec![
        Val::owned(p.agency.clone()),
        Val::Int(p.second_factor_required as i64),
        Val::owned(p.updated_at.to_string()),
        Val::owned(p.updated_by.clone()),
    ]
}

pub fn agency_policy_from(r: &[Val]) -> Result<crate::AgencyPolicy, StoreError> {
    let text = |i: usize| {
        r[i].as_str().map(String::from).ok_or_else(|| StoreError::Corrupt {
            table: "agency_policies",
            id: String::new(),
            reason: format!("column {i} is not text"),
        })
    };
    let agency = text(0)?;
    let updated_at = Timestamp::parse(&text(2)?).map_err(|e| StoreError::Corrupt {
        table: "agency_policies",
        id: agency.clone(),
        reason: e.to_string(),
    })?;
    Ok(crate::AgencyPolicy { second_factor_required: matches!(r[1], Val::Int(1..)), updated_at, updated_by: text(3)?, agency })
}

pub const SESSIONS: Table = Table {
    name: "sessions",
    columns: &[("token_hash", Text), ("user_id", Id), ("expires_at", Text), ("doc", Text)],
    key: &["token_hash"],
};
pub const API_TOKENS: Table =
    Table { name: "api_tokens", columns: &[("id", Id), ("token_hash", Text), ("user_id", Id), ("doc", Text)], key: &["id"] };
pub const GRANTS: Table = Table {
    name: "grants",
    columns: &[("record_id", Id), ("grantee", Text), ("granted_by", Text), ("created_at", Text)],
    key: &["record_id", "grantee"],
};
pub const AUDIT: Table = Table {
    name: "audit_log",
    columns: &[
        ("seq", Int),
        ("at", Text),
        ("user_id", Id),
        ("username", Text),
        ("agency", Text),
        ("source", Text),
        ("action", Text),
        ("record_type", Text),
        ("record_id", Id),
        ("detail", Text),
        ("prev_hash", Text),
        ("hash", Text),
    ],
    key: &["seq"],
};

pub const ACCOUNT_TABLES: &[&Table] = &[&USERS, &SESSIONS, &API_TOKENS, &GRANTS, &AUDIT];

fn json(v: &impl serde::Serialize) -> Val<'static> {
    Val::owned(serde_json::to_string(v).unwrap_or_else(|_| "null".to_string()))
}

fn doc<T: for<'de> serde::Deserialize<'de>>(table: &'static str, row: &[Val], i: usize) -> Result<T, StoreError> {
    let text = row.get(i).and_then(Val::as_str).unwrap_or("");
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt { table, id: format!("{:?}", row.first()), reason: e.to_string() })
}

pub fn user_row(u: &UserAccount) -> Vec<Val<'static>> {
    vec![
        Val::Id(u.id),
        Val::owned(u.username.to_string()),
        Val::owned(u.agency.clone()),
        Val::owned(u.role.code().to_string()),
        Val::Int(u.disabled as i64),
        json(u),
    ]
}
pub fn user_from(row: &[Val]) -> Result<UserAccount, StoreError> {
    doc("users", row, 5)
}

pub fn session_row(s: &Session) -> Vec<Val<'static>> {
    vec![Val::owned(s.token_hash.clone()), Val::Id(s.user), Val::owned(s.expires_at.to_string()), json(s)]
}
pub fn session_from(row: &[Val]) -> Result<Session, StoreError> {
    doc("sessions", row, 3)
}

pub fn token_row(t: &ApiToken) -> Vec<Val<'static>> {
    vec![Val::Id(t.id), Val::owned(t.token_hash.clone()), Val::Id(t.user), json(t)]
}
pub fn token_from(row: &[Val]) -> Result<ApiToken, StoreError> {
    doc("api_tokens", row, 3)
}

/// `agency:CODE` or `user:UUID`: one column that the visibility condition matches with one `IN`.
pub fn grantee_of_agency(agency: &str) -> String {
    format!("agency:{agency}")
}
pub fn grantee_of_user(user: RecordId) -> String {
    format!("user:{user}")
}

pub fn grant_row(g: &Grant, by: &str, at: Timestamp) -> Vec<Val<'static>> {
    let grantee = match (&g.agency, g.user) {
        (_, Some(u)) => grantee_of_user(u),
        (Some(a), None) => grantee_of_agency(a),
        (None, None) => String::new(),
    };
    vec![Val::Id(g.record), Val::owned(grantee), Val::owned(by.to_string()), Val::owned(at.to_string())]
}
pub fn grant_from(row: &[Val]) -> Result<Grant, StoreError> {
    let record = match row.first() {
        Some(Val::Id(id)) => *id,
        other => RecordId::parse(other.and_then(Val::as_str).unwrap_or("")).map_err(|e| StoreError::Corrupt {
            table: "grants",
            id: format!("{other:?}"),
            reason: e.to_string(),
        })?,
    };
    let grantee = row.get(1).and_then(Val::as_str).unwrap_or("");
    let corrupt = || StoreError::Corrupt { table: "grants", id: record.to_string(), reason: format!("grantee '{grantee}'") };
    if let Some(a) = grantee.strip_prefix("agency:") {
        Ok(Grant { record, agency: Some(a.to_string()), user: None })
    } else if let Some(u) = grantee.strip_prefix("user:") {
        Ok(Grant { record, agency: None, user: Some(RecordId::parse(u).map_err(|_| corrupt())?) })
    } else {
        Err(corrupt())
    }
}

pub fn audit_row(e: &AuditEntry) -> Vec<Val<'static>> {
    vec![
        Val::Int(e.seq.min(i64::MAX as u64) as i64),
        Val::owned(e.at.to_string()),
        e.user.map(Val::Id).unwrap_or(Val::Null),
        Val::owned(e.username.clone()),
        Val::owned(e.agency.clone()),
        Val::owned(e.source.clone()),
        Val::owned(e.action.clone()),
        Val::owned(e.record_type.clone()),
        e.record.map(Val::Id).unwrap_or(Val::Null),
        Val::owned(e.detail.clone()),
        Val::owned(e.prev_hash.clone()),
        Val::owned(e.hash.clone()),
    ]
}
pub fn audit_from(row: &[Val]) -> Result<AuditEntry, StoreError> {
    let seq = match row.first() {
        Some(Val::Int(i)) => *i as u64,
        _ => 0,
    };
    let corrupt = |reason: String| StoreError::Corrupt { table: "audit_log", id: seq.to_string(), reason };
    let text = |i: usize| row.get(i).and_then(Val::as_str).unwrap_or("").to_string();
    let id = |i: usize| -> Result<Option<RecordId>, StoreError> {
        match row.get(i) {
            Some(Val::Id(id)) => Ok(Some(*id)),
            Some(Val::Text(t)) if !t.is_empty() => RecordId::parse(t).map(Some).map_err(|e| corrupt(e.to_string())),
            _ => Ok(None),
        }
    };
    Ok(AuditEntry {
        seq,
        at: Timestamp::parse(&text(1)).map_err(|e| corrupt(e.to_string()))?,
        user: id(2)?,
        username: text(3),
        agency: text(4),
        source: text(5),
        action: text(6),
        record_type: text(7),
        record: id(8)?,
        detail: text(9),
        prev_hash: text(10),
        hash: text(11),
    })
}

/// The condition a [`Scope`] puts on a table of records (columns `id`, `handling`, `agency`,
/// `owner_country`), with its parameters numbered from `first`. The rules are the domain's
/// ([`armstrace_domain::access`]); this only writes them as SQL, and a store test checks that
/// both answer alike for every combination.
pub fn scope_sql(scope: &Scope, first: usize) -> (String, Vec<Val<'static>>) {
    let mut params: Vec<Val<'static>> = Vec::new();
    let next = |v: Val<'static>, params: &mut Vec<Val<'static>>| {
        params.push(v);
        format!("${}", first + params.len() - 1)
    };
    let mut parts = Vec::new();
    let list = |codes: &[armstrace_domain::handling::HandlingCode]| {
        codes.iter().map(|h| format!("'{}'", h.as_str())).collect::<Vec<_>>().join(", ")
    };
    if !scope.node.is_empty() {
        parts.push(format!("handling IN ({})", list(&scope.node)));
    }
    if !scope.country_wide.is_empty() {
        let c = next(Val::owned(scope.country.as_str().to_string()), &mut params);
        let ga = next(Val::owned(grantee_of_agency(&scope.agency)), &mut params);
        let gu = next(Val::owned(grantee_of_user(scope.user)), &mut params);
        parts.push(format!(
            "(handling IN ({}) AND (owner_country = {c} OR id IN (SELECT record_id FROM grants WHERE grantee IN ({ga}, {gu}))))",
            list(&scope.country_wide)
        ));
    }
    if !scope.agency_only.is_empty() {
        let a = next(Val::owned(scope.agency.clone()), &mut params);
        let gu = next(Val::owned(grantee_of_user(scope.user)), &mut params);
        parts.push(format!(
            "(handling IN ({}) AND (agency = {a} OR id IN (SELECT record_id FROM grants WHERE grantee = {gu})))",
            list(&scope.agency_only)
        ));
    }
    if parts.is_empty() {
        return ("1 = 0".into(), params);
    }
    (format!("({})", parts.join(" OR ")), params)
}

pub const CHECK_HITS: Table = Table {
    name: "check_hits",
    columns: &[
        ("id", Id),
        ("item_id", Id),
        ("matched_id", Id),
        ("item_agency", Text),
        ("matched_agency", Text),
        ("status", Text),
        ("doc", Text),
    ],
    key: &["id"],
};

pub fn check_hit_row(h: &armstrace_domain::check::CheckHit) -> Vec<Val<'static>> {
    vec![
        Val::Id(h.id),
        Val::Id(h.item),
        Val::Id(h.matched),
        Val::owned(h.item_agency.clone()),
        Val::owned(h.matched_agency.clone()),
        Val::owned(h.status.code().to_string()),
        json(h),
    ]
}

pub fn check_hit_from(row: &[Val]) -> Result<armstrace_domain::check::CheckHit, StoreError> {
    doc("check_hits", row, 6)
}
