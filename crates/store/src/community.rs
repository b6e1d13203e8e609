//! The Community of Practitioners' records: one table for its many low-volume kinds (members,
//! activities, digest cases, resources, newsletter editions, threads, posts, notifications), each
//! kept whole as JSON beside the columns its lists filter on, the same on both backends. The
//! application layer decides what a kind is and who may read it; the store only keeps and finds.

use armstrace_domain::id::RecordId;
use serde::{Deserialize, Serialize};

use crate::rows::{Kind, Table, Val};
use crate::StoreError;

use Kind::{Id, Int, Text};

pub const COMMUNITY: Table = Table {
    name: "community",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("parent", Text),
        ("owner", Text),
        ("status", Text),
        ("country", Text),
        ("language", Text),
        ("day", Int),
        ("search", Text),
        ("doc", Text),
    ],
    key: &["id"],
};

/// One record of the Community as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityRow {
    pub id: RecordId,
    /// `member`, `activity`, `case`, `resource`, `edition`, `thread`, `post`, `notification`, ...
    pub kind: String,
    /// The record this one belongs to (a post's thread), or empty.
    pub parent: String,
    /// The user it is about or by, or empty.
    pub owner: String,
    pub status: String,
    /// ISO 3166 alpha-3, or empty.
    pub country: String,
    /// `en`, `es`, `fr`, or empty.
    pub language: String,
    /// The day lists sort on (days since 1970-01-01).
    pub day: i64,
    /// Folded text that searches look in (see `fold_key`).
    pub search: String,
    /// The record, as JSON.
    pub doc: String,
}

/// What a list of Community records asks for. Every set field must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunityQuery {
    pub kind: String,
    pub parent: Option<String>,
    pub owner: Option<String>,
    /// Any of these statuses (none: any status).
    pub statuses: Vec<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    /// Each of these (folded) words must appear in `search`.
    pub words: Vec<String>,
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
    /// Newest (highest `day`) first; otherwise oldest first.
    pub newest_first: bool,
}

pub fn row(r: &CommunityRow) -> Vec<Val<'static>> {
    vec![
        Val::Id(r.id),
        Val::owned(r.kind.clone()),
        Val::owned(r.parent.clone()),
        Val::owned(r.owner.clone()),
        Val::owned(r.status.clone()),
        Val::owned(r.country.clone()),
        Val::owned(r.language.clone()),
        Val::Int(r.day),
        Val::owned(r.search.clone()),
        Val::owned(r.doc.clone()),
    ]
}

pub fn from(row: &[Val]) -> Result<CommunityRow, StoreError> {
    let text = |i: usize| row.get(i).and_then(Val::as_str).unwrap_or("").to_string();
    let id = match row.first() {
        Some(Val::Id(id)) => *id,
        other => {
            return Err(StoreError::Corrupt { table: "community", id: format!("{other:?}"), reason: "no id".into() });
        }
    };
    let day = match row.get(7) {
        Some(Val::Int(d)) => *d,
        _ => 0,
    };
    Ok(CommunityRow {
        id,
        kind: text(1),
        parent: text(2),
        owner: text(3),
        status: text(4),
        country: text(5),
        language: text(6),
        day,
        search: text(8),
        doc: text(9),
    })
}

fn like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// ` WHERE ...` with `$n` parameters from 1.
pub fn filter_sql(q: &CommunityQuery) -> (String, Vec<Val<'static>>) {
    let mut params: Vec<Val<'static>> = vec![Val::owned(q.kind.clone())];
    let mut conds = vec!["kind = $1".to_string()];
    for (col, v) in [("parent", &q.parent), ("owner", &q.owner), ("country", &q.country), ("language", &q.language)] {
        if let Some(v) = v {
            params.push(Val::owned(v.clone()));
            conds.push(format!("{col} = ${}", params.len()));
        }
    }
    if !q.statuses.is_empty() {
        let mut marks = Vec::new();
        for s in &q.statuses {
            params.push(Val::owned(s.clone()));
            marks.push(format!("${}", params.len()));
        }
        conds.push(format!("status IN ({})", marks.join(", ")));
    }
    for w in q.words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        params.push(Val::owned(format!("%{}%", like(w))));
        conds.push(format!("search LIKE ${} ESCAPE '\\'", params.len()));
    }
    if let Some(d) = q.from_day {
        params.push(Val::Int(d));
        conds.push(format!("day >= ${}", params.len()));
    }
    if let Some(d) = q.to_day {
        params.push(Val::Int(d));
        conds.push(format!("day <= ${}", params.len()));
    }
    (format!(" WHERE {}", conds.join(" AND ")), params)
}
