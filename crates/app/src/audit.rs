//! The audit log: every write, and every read of personal or case data, appends one entry to a hash
//! chain (see `armstrace_domain::account::AuditEntry`). `armstrace audit verify` walks the chain.

use std::sync::Mutex;

use armstrace_domain::access::Principal;
use armstrace_domain::account::{AuditEntry, ChainBreak, ChainVerifier, UserAccount, GENESIS_HASH};
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::{Store, StoreError};

/// What happened, before it gets its place in the chain.
#[derive(Debug, Clone)]
pub struct Event {
    pub user: Option<RecordId>,
    pub username: String,
    pub agency: String,
    pub source: String,
    pub action: String,
    pub record_type: String,
    pub record: Option<RecordId>,
    pub detail: String,
}

impl Event {
    pub fn principal(p: &Principal, source: &str, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Event {
        Event {
            user: Some(p.user),
            username: p.username.clone(),
            agency: p.agency.clone(),
            source: source.into(),
            action: action.into(),
            record_type: record_type.into(),
            record,
            detail,
        }
    }
    pub fn of(u: &UserAccount, source: &str, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Event {
        Event::principal(&u.principal(), source, action, record_type, record, detail)
    }
    /// By a principal, or by the command line when there is none.
    pub fn by(p: Option<&Principal>, source: &str, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Event {
        match p {
            Some(p) => Event::principal(p, source, action, record_type, record, detail),
            None => Event { username: "(command line)".into(), ..Event::anonymous(source, action, record_type, record, detail) },
        }
    }
    pub fn anonymous(source: &str, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Event {
        Event {
            user: None,
            username: String::new(),
            agency: String::new(),
            source: source.into(),
            action: action.into(),
            record_type: record_type.into(),
            record,
            detail,
        }
    }
}

/// Appends to the chain. Keeps the head (last number and hash) in memory; when another process
/// appended meanwhile, the store refuses the number and the head is read again.
#[derive(Default)]
pub struct Auditor {
    head: Mutex<Option<(u64, String)>>,
}

impl Auditor {
    pub fn new() -> Auditor {
        Auditor::default()
    }

    pub fn record(&self, store: &dyn Store, e: Event, now: Timestamp) -> Result<AuditEntry, StoreError> {
        let mut head = self.head.lock().map_err(|_| StoreError::Database("the audit log lock was poisoned; restart armstrace".into()))?;
        for _ in 0..8 {
            let (last_seq, last_hash) = match head.as_ref() {
                Some(h) => h.clone(),
                None => store.audit_last()?.map(|l| (l.seq, l.hash)).unwrap_or((0, GENESIS_HASH.to_string())),
            };
            let mut entry = AuditEntry {
                seq: last_seq + 1,
                at: now,
                user: e.user,
                username: e.username.clone(),
                agency: e.agency.clone(),
                source: e.source.clone(),
                action: e.action.clone(),
                record_type: e.record_type.clone(),
                record: e.record,
                detail: e.detail.clone(),
                prev_hash: last_hash,
                hash: String::new(),
            };
            entry.hash = entry.compute_hash();
            if store.audit_append(&entry)? {
                *head = Some((entry.seq, entry.hash.clone()));
                return Ok(entry);
            }
            // Someone else wrote that number: read the head again.
            *head = None;
        }
        Err(StoreError::Database("the audit log is being written by too many processes at once; try again".into()))
    }
}

/// Walks the whole chain from the first entry. Returns the number of entries, or the first bad one.
pub fn verify(store: &dyn Store) -> Result<Result<u64, ChainBreak>, StoreError> {
    const PAGE: u64 = 10_000;
    let mut v = ChainVerifier::default();
    loop {
        let page = store.audit_entries(v.count(), PAGE)?;
        if page.is_empty() {
            return Ok(Ok(v.count()));
        }
        for e in &page {
            if let Err(b) = v.push(e) {
                return Ok(Err(b));
            }
        }
    }
}
