//! armstrace store: one interface, two databases. SQLite (embedded, WAL) by default; PostgreSQL when
//! the database URL says `postgres://`. The backend is chosen from the URL's scheme; an unknown scheme
//! is refused, never taken for a file name.
//!
//! Both backends share the table layout, the row mapping ([`rows`]) and the query text; they differ
//! only where the databases do (placeholders, bulk loading with COPY on PostgreSQL).

pub mod accounts;
pub mod attachments;
mod backend;
pub mod community;
pub mod directory;
pub use community::{CommunityQuery, CommunityRow};
pub mod postgres;
pub mod rows;
pub mod sqlite;

use armstrace_domain::access::{Grant, Scope};
use armstrace_domain::account::{ApiToken, AuditEntry, Session, UserAccount};
use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit};
use armstrace_domain::directory::ContactPoint;
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::Incident;
use armstrace_domain::item::Item;
use armstrace_domain::licence::Licence;
use armstrace_domain::party::{Party, ProductionFigure};
use armstrace_domain::time::Timestamp;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database URL '{0}' is not understood: use sqlite://PATH (e.g. sqlite://armstrace.db), sqlite::memory: or postgres://USER@HOST:PORT/DB")]
    UnknownScheme(String),
    #[error("could not open the database at {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("database error: {0}")]
    Database(String),
    /// The producer of a streamed write gave up (e.g. an import found bad rows): nothing was written.
    #[error("write abandoned, nothing was written: {0}")]
    Aborted(String),
    #[error("stored record {id} in {table} could not be read: {reason}")]
    Corrupt { table: &'static str, id: String, reason: String },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}
impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub country: String,
}

/// An item's markings as the cross-check index takes them: nomenclature ids where resolved, else
/// the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemMarkings {
    pub id: RecordId,
    pub serial: String,
    pub manufacturer: String,
    pub model: String,
    pub firearm_type: String,
    pub calibre: String,
    pub country_of_manufacture: String,
    pub year: Option<u16>,
    /// The owning country.
    pub country: String,
    pub status: String,
}

/// What an agency asks of its users beyond the node's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyPolicy {
    pub agency: String,
    /// Every user of the agency signs in with a second factor, whatever their role.
    pub second_factor_required: bool,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// Ground truth of a generated world: the real point of diversion of a diverted firearm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundTruth {
    pub item: RecordId,
    /// theft, loss, straw_purchase, unrecorded_transfer, export_diversion, state_stock_leakage
    pub diversion: String,
    pub event: Option<RecordId>,
    pub detail: String,
}

/// Everything one write changes. Written in one transaction: all of it or none of it. Records are
/// upserted by id, so writing the same batch twice leaves the same data.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    pub agencies: Vec<Agency>,
    pub parties: Vec<Party>,
    pub licences: Vec<Licence>,
    pub items: Vec<Item>,
    pub events: Vec<HistoryEvent>,
    pub incidents: Vec<Incident>,
    pub exhibits: Vec<BallisticExhibit>,
    pub hits: Vec<BallisticHit>,
    pub requests: Vec<armstrace_domain::request::CooperationRequest>,
    pub production: Vec<ProductionFigure>,
    pub ground_truth: Vec<GroundTruth>,
    /// Every record of the batch was created just now (fresh ids): the store may insert without
    /// first clearing links of earlier versions. Leave false when in doubt; upserts stay correct.
    pub fresh: bool,
}

impl WriteBatch {
    pub fn len(&self) -> usize {
        self.agencies.len()
            + self.parties.len()
            + self.licences.len()
            + self.items.len()
            + self.events.len()
            + self.incidents.len()
            + self.exhibits.len()
            + self.hits.len()
            + self.production.len()
            + self.ground_truth.len()
            + self.requests.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub agencies: u64,
    pub parties: u64,
    pub licences: u64,
    pub items: u64,
    pub events: u64,
    pub incidents: u64,
    pub exhibits: u64,
    pub hits: u64,
    pub production: u64,
    pub ground_truth: u64,
}

/// Filters of the lists of incidents, persons, licences and ballistic records (items have
/// [`ItemFilter`]). A filter a kind of record does not have is refused by the service layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilter {
    /// The record's kind as stored (`seizure`, `person`, `export`, `cartridge_case`, ...).
    pub kind: Option<String>,
    /// Part of the reference, name (persons and organisations, folded as the nomenclature folds
    /// names), licence number or ballistic system, in any case.
    pub search: Option<String>,
    /// Country (ISO alpha-3) of the incident, of the person's address or nationality, or issuing
    /// the licence.
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFilter {
    pub status: Option<String>,
    pub class: Option<String>,
    pub firearm_type: Option<String>,
    pub manufacturer: Option<String>,
    pub calibre: Option<String>,
    pub country_of_manufacture: Option<String>,
    pub agency: Option<String>,
    /// Normalized serial, exact.
    pub serial: Option<String>,
    /// Only records this scope may read (see `armstrace_domain::access`). `None` only for the
    /// command line and maintenance, never for a request.
    #[serde(skip)]
    pub scope: Option<armstrace_domain::access::Scope>,
    /// Newest records first (ids are time-ordered).
    #[serde(default)]
    pub newest_first: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

impl Page {
    pub fn first(limit: u64) -> Self {
        Page { offset: 0, limit }
    }
    pub fn all() -> Self {
        Page { offset: 0, limit: i64::MAX as u64 }
    }
}

/// The one store interface. Blocking calls: the web layer runs them on its blocking pool.
pub trait Store: Send + Sync {
    fn backend(&self) -> &'static str;
    /// How many writes of records (not of the audit log) this store has committed since it was
    /// opened: a cache of query results is good while this has not moved (writes by other
    /// processes are not counted: such caches must also expire).
    fn writes_committed(&self) -> u64;
    /// Writes the whole batch in one transaction.
    fn write(&self, batch: &WriteBatch) -> Result<(), StoreError>;
    /// Writes a stream of batches in ONE transaction: for imports and generated worlds too large to
    /// hold in memory at once. If the stream yields an error, everything is rolled back.
    fn write_stream(&self, batches: &mut dyn Iterator<Item = Result<WriteBatch, StoreError>>) -> Result<(), StoreError>;
    /// As [`Store::write_stream`], for batches already turned into table rows ([`Prepared`]), so that
    /// a producer thread can do that work while the store writes. Each written batch is handed to
    /// `recycle`: freeing memory on the thread that allocated it is much cheaper with the system
    /// allocator than freeing it on the writer's.
    fn write_prepared_stream(
        &self,
        batches: &mut dyn Iterator<Item = Result<Prepared, StoreError>>,
        recycle: &mut dyn FnMut(Prepared),
    ) -> Result<(), StoreError>;
    fn counts(&self) -> Result<Counts, StoreError>;
    /// A round trip to the database and nothing else (health checks).
    fn ping(&self) -> Result<(), StoreError>;

    fn agencies(&self) -> Result<Vec<Agency>, StoreError>;
    fn item(&self, id: RecordId) -> Result<Option<Item>, StoreError>;
    fn items(&self, filter: &ItemFilter, page: Page) -> Result<Vec<Item>, StoreError>;
    fn count_items(&self, filter: &ItemFilter) -> Result<u64, StoreError>;
    /// The count, but stopping at `cap`: a list page says "10,000 or more" instead of scanning a
    /// national registry for every page view.
    fn count_items_upto(&self, filter: &ItemFilter, cap: u64) -> Result<u64, StoreError>;
    /// The ids of the first `limit` matching items in list order: one narrow index walk that gives
    /// both a page and the (capped) count of a list.
    fn item_ids(&self, filter: &ItemFilter, limit: u64) -> Result<Vec<RecordId>, StoreError>;
    /// Items by id, in the order of `ids` (missing ones left out).
    fn items_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Item>, StoreError>;
    /// The item's events in recorded order.
    fn history(&self, item: RecordId) -> Result<Vec<HistoryEvent>, StoreError>;
    /// The events of several items, by item then recorded order.
    fn histories(&self, items: &[RecordId]) -> Result<Vec<HistoryEvent>, StoreError>;
    /// Items the party received (registered to it, transferred or imported to it) between two day
    /// numbers (inclusive), most recent acquisition first, at most `limit`: a trace's evidence of a
    /// straw purchase.
    fn items_received_by(&self, party: RecordId, from_day: i64, to_day: i64, limit: u64) -> Result<Vec<RecordId>, StoreError>;
    fn licences_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Licence>, StoreError>;
    /// Events made under a licence (exports, imports, transfers), at most `limit`.
    fn events_under_licence(&self, licence: RecordId, limit: u64) -> Result<Vec<HistoryEvent>, StoreError>;
    /// Requests between countries.
    fn request(&self, id: RecordId) -> Result<Option<armstrace_domain::request::CooperationRequest>, StoreError>;
    /// Requests in the scope (kind, case reference search, requested country), newest first.
    fn requests_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &ListFilter,
        page: Page,
    ) -> Result<Vec<armstrace_domain::request::CooperationRequest>, StoreError>;
    /// Every request in the scope still waiting (sent or acknowledged), and drafts: the queue.
    fn pending_requests(
        &self,
        scope: &armstrace_domain::access::Scope,
    ) -> Result<Vec<armstrace_domain::request::CooperationRequest>, StoreError>;
    /// (party, item) for every item any of these parties received: the straw-purchase evidence of
    /// many traces at once (the indicator SDG 16.4.2).
    fn received_by_any(&self, parties: &[RecordId]) -> Result<Vec<(RecordId, RecordId)>, StoreError>;
    /// Items seized, found, surrendered or recovered between two day numbers (inclusive).
    fn recovered_between(&self, from_day: i64, to_day: i64) -> Result<Vec<RecordId>, StoreError>;
    fn parties_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Party>, StoreError>;
    fn incidents_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Incident>, StoreError>;
    fn events(&self, page: Page) -> Result<Vec<HistoryEvent>, StoreError>;
    fn party(&self, id: RecordId) -> Result<Option<Party>, StoreError>;
    fn parties(&self, page: Page) -> Result<Vec<Party>, StoreError>;
    /// Parties holding an identifier (e.g. a licence key).
    fn parties_by_identifier(&self, kind: &str, value: &str) -> Result<Vec<Party>, StoreError>;
    fn licences(&self, page: Page) -> Result<Vec<Licence>, StoreError>;
    fn incident(&self, id: RecordId) -> Result<Option<Incident>, StoreError>;
    fn incidents(&self, page: Page) -> Result<Vec<Incident>, StoreError>;
    /// Newest first, within a reader's scope (see `armstrace_domain::access`).
    fn incidents_in(&self, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Incident>, StoreError>;
    fn parties_in(&self, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Party>, StoreError>;
    fn licences_in(&self, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Licence>, StoreError>;
    fn licence(&self, id: RecordId) -> Result<Option<Licence>, StoreError>;
    fn exhibits_in(&self, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<BallisticExhibit>, StoreError>;
    fn hits_in(&self, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<BallisticHit>, StoreError>;
    fn exhibit(&self, id: RecordId) -> Result<Option<BallisticExhibit>, StoreError>;
    fn hit(&self, id: RecordId) -> Result<Option<BallisticHit>, StoreError>;

    /// Files attached to records (photos).
    fn save_attachment(&self, attachment: &Attachment) -> Result<(), StoreError>;
    /// The attachments of a record, without their content.
    fn attachments_of(&self, record: RecordId) -> Result<Vec<Attachment>, StoreError>;
    /// One attachment with its content.
    fn attachment(&self, id: RecordId) -> Result<Option<Attachment>, StoreError>;
    /// Removes the attachments of a record (a library resource removed or given a new file);
    /// returns how many there were.
    fn delete_attachments_of(&self, record: RecordId) -> Result<u64, StoreError>;
    fn exhibits(&self, page: Page) -> Result<Vec<BallisticExhibit>, StoreError>;
    fn hits(&self, page: Page) -> Result<Vec<BallisticHit>, StoreError>;
    fn production(&self, page: Page) -> Result<Vec<ProductionFigure>, StoreError>;
    fn ground_truth(&self, page: Page) -> Result<Vec<GroundTruth>, StoreError>;
    /// Runs SQL statements as they are (maintenance, benchmarks, tests). Not for user input.
    fn execute_batch(&self, sql: &str) -> Result<(), StoreError>;

    // Accounts (see `armstrace_domain::account`).
    fn save_user(&self, user: &UserAccount) -> Result<(), StoreError>;
    /// Items in id order after `after` (all from the start when `None`): the cross-check index is
    /// built by walking them in pages, without OFFSET.
    fn items_after(&self, after: Option<RecordId>, limit: u64) -> Result<Vec<Item>, StoreError>;
    /// What the cross-check index keeps of each item, in id order after `after`: read from the
    /// columns alone, several times faster than whole items (the index loads millions at start).
    fn markings_after(&self, after: Option<RecordId>, limit: u64) -> Result<Vec<ItemMarkings>, StoreError>;
    fn save_check_hit(&self, hit: &armstrace_domain::check::CheckHit) -> Result<(), StoreError>;
    fn check_hit(&self, id: RecordId) -> Result<Option<armstrace_domain::check::CheckHit>, StoreError>;
    /// Hits naming an item on either side.
    fn check_hits_of_item(&self, item: RecordId) -> Result<Vec<armstrace_domain::check::CheckHit>, StoreError>;
    /// Hits that concern an agency (its item raised them, or its record was matched), newest first.
    fn check_hits_of_agency(
        &self,
        agency: &str,
        status: Option<&str>,
        page: Page,
    ) -> Result<Vec<armstrace_domain::check::CheckHit>, StoreError>;
    /// The agency's own rules (none recorded: the node's defaults).
    fn agency_policy(&self, agency: &str) -> Result<Option<AgencyPolicy>, StoreError>;
    fn save_agency_policy(&self, policy: &AgencyPolicy) -> Result<(), StoreError>;
    fn user(&self, id: RecordId) -> Result<Option<UserAccount>, StoreError>;
    fn user_by_name(&self, username: &str) -> Result<Option<UserAccount>, StoreError>;
    /// Users of one agency, or of the node.
    fn users(&self, agency: Option<&str>) -> Result<Vec<UserAccount>, StoreError>;
    fn save_session(&self, session: &Session) -> Result<(), StoreError>;
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;
    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends every session of a user (password reset, account disabled).
    fn delete_sessions_of(&self, user: RecordId) -> Result<(), StoreError>;
    fn save_api_token(&self, token: &ApiToken) -> Result<(), StoreError>;
    fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError>;
    fn api_tokens_of(&self, user: RecordId) -> Result<Vec<ApiToken>, StoreError>;
    /// Need-to-know grants.
    fn save_grant(&self, grant: &Grant, by: &str, at: Timestamp) -> Result<(), StoreError>;
    fn grants(&self, record: RecordId) -> Result<Vec<Grant>, StoreError>;
    /// Appends audit entries whose `seq` follow the last one, in one transaction. Returns false,
    /// writing nothing, when another writer took one of those numbers first: read the last entry
    /// again and retry.
    fn audit_append(&self, entries: &[AuditEntry]) -> Result<bool, StoreError>;
    fn audit_last(&self) -> Result<Option<AuditEntry>, StoreError>;
    /// Entries with `seq` after `after`, in order, at most `limit`.
    fn audit_entries(&self, after: u64, limit: u64) -> Result<Vec<AuditEntry>, StoreError>;
    /// The newest entries first, optionally of one agency, user name or record.
    fn audit_search(&self, filter: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>, StoreError>;

    // The directory of competent national authorities (see `armstrace_domain::directory`).
    /// Upserts the entries by id, all in one transaction.
    fn save_contact_points(&self, points: &[ContactPoint]) -> Result<(), StoreError>;
    fn contact_point(&self, id: RecordId) -> Result<Option<ContactPoint>, StoreError>;
    /// Entries matching the filter, by country, kind and authority.
    fn contact_points(&self, filter: &ContactFilter, page: Page) -> Result<Vec<ContactPoint>, StoreError>;
    fn count_contact_points(&self, filter: &ContactFilter) -> Result<u64, StoreError>;
    /// Removes an entry; false if there was none.
    fn delete_contact_point(&self, id: RecordId) -> Result<bool, StoreError>;

    // The Community of Practitioners (see `community`).
    /// Upserts the records by id, all in one transaction.
    fn save_community(&self, rows: &[CommunityRow]) -> Result<(), StoreError>;
    fn community(&self, id: RecordId) -> Result<Option<CommunityRow>, StoreError>;
    fn community_by_ids(&self, ids: &[RecordId]) -> Result<Vec<CommunityRow>, StoreError>;
    /// Records matching the query, by day (then id).
    fn community_list(&self, q: &CommunityQuery, page: Page) -> Result<Vec<CommunityRow>, StoreError>;
    fn count_community(&self, q: &CommunityQuery) -> Result<u64, StoreError>;
    /// Removes a record; false if there was none.
    fn delete_community(&self, id: RecordId) -> Result<bool, StoreError>;
}

/// Filters of the directory. Codes as stored (`firearms_protocol`, `tracing`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFilter {
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
    /// An instrument code; `regional` for any regional instrument.
    pub instrument: Option<String>,
    pub function: Option<String>,
    pub kind: Option<String>,
    /// Part of the authority, contact person, address, note or e-mail (folded), or the country code.
    pub search: Option<String>,
    /// Only entries last verified before this day (YYYY-MM-DD): the stale ones.
    pub verified_before: Option<String>,
}

/// A file attached to a record. `content` is empty when listed without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: RecordId,
    pub record: RecordId,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub created_at: Timestamp,
    pub created_by: String,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub agency: Option<String>,
    pub username: Option<String>,
    pub record: Option<RecordId>,
    pub action: Option<String>,
}

/// A batch turned into table rows, owning its values: built on one thread, written on another.
pub struct Prepared {
    pub(crate) writes: Vec<backend::TableWrite<'static>>,
}

impl Prepared {
    pub fn from_batch(batch: &WriteBatch) -> Prepared {
        let writes: Vec<backend::TableWrite<'static>> = backend::batch_writes(batch)
            .into_iter()
            .map(|w| {
                // Consecutive rows of an import repeat many values (agency, country, handling code,
                // recording time and user, status): a value equal to the same column's in the row
                // before shares its allocation instead of copying the text again.
                let width = w.table.columns.len();
                let mut last: Vec<Option<std::sync::Arc<str>>> = vec![None; width];
                let rows = w
                    .rows
                    .into_iter()
                    .map(|r| {
                        r.into_iter()
                            .enumerate()
                            .map(|(j, v)| match v {
                                rows::Val::Text(t) if t.len() <= 64 => {
                                    let slot = &mut last[j.min(width.saturating_sub(1))];
                                    match slot {
                                        Some(a) if **a == *t => rows::Val::Shared(a.clone()),
                                        _ => {
                                            let a: std::sync::Arc<str> = std::sync::Arc::from(t.as_ref());
                                            *slot = Some(a.clone());
                                            rows::Val::Shared(a)
                                        }
                                    }
                                }
                                other => other.into_owned(),
                            })
                            .collect()
                    })
                    .collect();
                backend::TableWrite { table: w.table, rows, replace_by: w.replace_by }
            })
            .collect();
        Prepared { writes }
    }
    /// Number of table rows.
    pub fn len(&self) -> usize {
        self.writes.iter().map(|w| w.rows.len()).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Opens the store named by a database URL and brings its schema up to date.
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    let u = url.trim();
    if let Some(rest) = u.strip_prefix("sqlite://").or_else(|| u.strip_prefix("sqlite:")) {
        return Ok(Box::new(sqlite::SqliteStore::open(rest)?));
    }
    if u.starts_with("postgres://") || u.starts_with("postgresql://") {
        return Ok(Box::new(postgres::PgStore::open(u)?));
    }
    Err(StoreError::UnknownScheme(url.to_string()))
}

/// Migrations, in order, per backend. Both lists must describe the same tables (tested).
pub const SQLITE_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_records", include_str!("../migrations/sqlite/0001_records.sql")),
    ("0002_accounts", include_str!("../migrations/sqlite/0002_accounts.sql")),
    ("0003_item_lists", include_str!("../migrations/sqlite/0003_item_lists.sql")),
    ("0004_attachments", include_str!("../migrations/sqlite/0004_attachments.sql")),
    ("0005_agency_policies", include_str!("../migrations/sqlite/0005_agency_policies.sql")),
    ("0006_check_hits", include_str!("../migrations/sqlite/0006_check_hits.sql")),
    ("0007_contact_points", include_str!("../migrations/sqlite/0007_contact_points.sql")),
    ("0008_event_holders", include_str!("../migrations/sqlite/0008_event_holders.sql")),
    ("0009_recoveries_by_day", include_str!("../migrations/sqlite/0009_recoveries_by_day.sql")),
    ("0010_cooperation_requests", include_str!("../migrations/sqlite/0010_cooperation_requests.sql")),
    ("0011_events_by_licence", include_str!("../migrations/sqlite/0011_events_by_licence.sql")),
    ("0012_community", include_str!("../migrations/sqlite/0012_community.sql")),
];
pub const POSTGRES_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_records", include_str!("../migrations/postgres/0001_records.sql")),
    ("0002_accounts", include_str!("../migrations/postgres/0002_accounts.sql")),
    ("0003_item_lists", include_str!("../migrations/postgres/0003_item_lists.sql")),
    ("0004_attachments", include_str!("../migrations/postgres/0004_attachments.sql")),
    ("0005_agency_policies", include_str!("../migrations/postgres/0005_agency_policies.sql")),
    ("0006_check_hits", include_str!("../migrations/postgres/0006_check_hits.sql")),
    ("0007_contact_points", include_str!("../migrations/postgres/0007_contact_points.sql")),
    ("0008_event_holders", include_str!("../migrations/postgres/0008_event_holders.sql")),
    ("0009_recoveries_by_day", include_str!("../migrations/postgres/0009_recoveries_by_day.sql")),
    ("0010_cooperation_requests", include_str!("../migrations/postgres/0010_cooperation_requests.sql")),
    ("0011_events_by_licence", include_str!("../migrations/postgres/0011_events_by_licence.sql")),
    ("0012_community", include_str!("../migrations/postgres/0012_community.sql")),
];
