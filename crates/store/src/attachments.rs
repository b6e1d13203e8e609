//! Files attached to records (photos of seized firearms and their markings).

use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;

use crate::rows::{Kind, Table, Val};
use crate::{Attachment, StoreError};

use Kind::{Bytes, Id, Int, Text};

pub const ATTACHMENTS: Table = Table {
    name: "attachments",
    columns: &[
        ("id", Id),
        ("record_id", Id),
        ("name", Text),
        ("content_type", Text),
        ("size", Int),
        ("sha256", Text),
        ("created_at", Text),
        ("created_by", Text),
        ("content", Bytes),
    ],
    key: &["id"],
};

/// The columns without the content, for lists.
pub const LISTED: &str = "id, record_id, name, content_type, size, sha256, created_at, created_by";

pub fn row(a: &Attachment) -> Vec<Val<'static>> {
    vec![
        Val::Id(a.id),
        Val::Id(a.record),
        Val::owned(a.name.clone()),
        Val::owned(a.content_type.clone()),
        Val::Int(a.size.min(i64::MAX as u64) as i64),
        Val::owned(a.sha256.clone()),
        Val::owned(a.created_at.to_string()),
        Val::owned(a.created_by.clone()),
        Val::Bytes(a.content.clone()),
    ]
}

pub fn from(r: &[Val]) -> Result<Attachment, StoreError> {
    let corrupt = |why: &str| StoreError::Corrupt { table: "attachments", id: format!("{:?}", r.first()), reason: why.to_string() };
    let id = |i: usize| match r.get(i) {
        Some(Val::Id(id)) => Ok(*id),
        Some(v) => RecordId::parse(v.as_str().unwrap_or("")).map_err(|_| corrupt("id")),
        None => Err(corrupt("id")),
    };
    let text = |i: usize| r.get(i).and_then(Val::as_str).unwrap_or("").to_string();
    Ok(Attachment {
        id: id(0)?,
        record: id(1)?,
        name: text(2),
        content_type: text(3),
        size: match r.get(4) {
            Some(Val::Int(n)) => *n as u64,
            _ => 0,
        },
        sha256: text(5),
        created_at: Timestamp::parse(&text(6)).map_err(|_| corrupt("created_at"))?,
        created_by: text(7),
        content: match r.get(8) {
            Some(Val::Bytes(b)) => b.clone(),
            _ => Vec::new(),
        },
    })
}
