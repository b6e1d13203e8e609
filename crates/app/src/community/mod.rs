//! The Community of Practitioners' services (seed 000): membership and "find an expert" (`member`),
//! and the record store every part of the Community shares. Who may do what is decided here: an
//! approved member reads the Community; a coordinator (or a system administrator, who appoints the
//! first coordinators) vets members, approves digest cases, moderates and sends the newsletter.

pub mod activity;
pub mod demo;
pub mod digest;
pub mod discussion;
pub mod member;
pub mod newsletter;
pub mod resource;

use armstrace_domain::community::Member;
use armstrace_domain::id::RecordId;
use armstrace_store::{CommunityQuery, CommunityRow, Page, Store};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ServiceError;

/// The columns a Community record is found by (see `armstrace_store::CommunityRow`).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub parent: String,
    pub owner: String,
    pub status: String,
    pub country: String,
    pub language: String,
    pub day: i64,
    /// Folded text searched (`fold_key`).
    pub search: String,
}

/// A kind of Community record, kept whole as JSON.
pub trait CommunityRecord: Serialize + DeserializeOwned {
    const KIND: &'static str;
    fn id(&self) -> RecordId;
    fn columns(&self) -> Columns;
}

pub fn to_row<T: CommunityRecord>(r: &T) -> Result<CommunityRow, ServiceError> {
    let c = r.columns();
    let doc = serde_json::to_string(r).map_err(|e| ServiceError::new(crate::error::ErrorCode::Internal, e.to_string()))?;
    Ok(CommunityRow {
        id: r.id(),
        kind: T::KIND.to_string(),
        parent: c.parent,
        owner: c.owner,
        status: c.status,
        country: c.country,
        language: c.language,
        day: c.day,
        search: c.search,
        doc,
    })
}

pub fn from_row<T: CommunityRecord>(r: &CommunityRow) -> Result<T, ServiceError> {
    if r.kind != T::KIND {
        return Err(ServiceError::not_found(T::KIND));
    }
    serde_json::from_str(&r.doc)
        .map_err(|e| ServiceError::new(crate::error::ErrorCode::Internal, format!("the stored {} {} cannot be read: {e}", T::KIND, r.id)))
}

/// Saves records of one kind, all or nothing.
pub fn save<T: CommunityRecord>(store: &dyn Store, records: &[&T]) -> Result<(), ServiceError> {
    let rows = records.iter().map(|r| to_row(*r)).collect::<Result<Vec<_>, _>>()?;
    Ok(store.save_community(&rows)?)
}

pub fn load<T: CommunityRecord>(store: &dyn Store, id: RecordId) -> Result<Option<T>, ServiceError> {
    match store.community(id)? {
        Some(r) if r.kind == T::KIND => Ok(Some(from_row(&r)?)),
        _ => Ok(None),
    }
}

/// Records of `T`'s kind matching `q` (its `kind` is set here).
pub fn list<T: CommunityRecord>(store: &dyn Store, q: CommunityQuery, page: Page) -> Result<Vec<T>, ServiceError> {
    let q = CommunityQuery { kind: T::KIND.to_string(), ..q };
    store.community_list(&q, page)?.iter().map(from_row).collect()
}

pub fn count<T: CommunityRecord>(store: &dyn Store, q: CommunityQuery) -> Result<u64, ServiceError> {
    Ok(store.count_community(&CommunityQuery { kind: T::KIND.to_string(), ..q })?)
}

/// Folded search words of what someone typed.
pub fn words(q: &str) -> Vec<String> {
    armstrace_domain::nomenclature::text::fold_key(q).split_whitespace().map(str::to_string).collect()
}

/// The reader of Community content: an approved member, or a system administrator who is not one
/// (who may vet members and appoint coordinators, and nothing else).
#[derive(Debug, Clone)]
pub enum Reader {
    Member(Box<Member>),
    NodeAdministrator,
}

/// One line of "what is new" in the Community (the dashboard of the Community and the newsletter's
/// draft are made of these): every kind of content gives its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Headline {
    /// `activity`, `case`, `resource`, `thread`, ...
    pub kind: String,
    pub id: RecordId,
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The page of the node that shows it (`/community/...`).
    pub link: String,
    /// `en`, `es`, `fr` ... (empty when not said).
    pub language: String,
    /// The day it became new (days since 1970-01-01).
    pub day: i64,
}
