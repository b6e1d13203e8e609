//! The audit log: every write, and every read of personal or case data, appends one entry to a hash
//! chain (see `armstrace_domain::account::AuditEntry`). `armstrace audit verify` walks the chain.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

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
/// appended meanwhile, the store refuses the numbers and the head is read again.
///
/// Group commit: requests that arrive while an append is being written wait, and the next one of
/// them writes all their entries in one transaction. A change is never answered before its entry
/// is stored.
///
/// A server may also write the entries of reads behind (`Auditor::write_behind`): a read is answered
/// at once and its entry stored with the others of the next few milliseconds, in one transaction.
/// At a thousand audited checks a second, one small transaction per check rewrote the log's pages
/// and, on SQLite, emptied every reader's page cache a thousand times a second: the p99 of a check
/// through the API was 7–14 ms, 2.9 ms without the entries. The price is a window: if the process
/// dies, the entries of the reads of its last few milliseconds are lost (a power cut loses more on
/// SQLite's synchronous=NORMAL anyway). Reads whose entries cannot be stored are refused once the
/// backlog is full: the log fails closed.
#[derive(Default)]
pub struct Auditor {
    head: Mutex<Option<(u64, String)>>,
    queue: Mutex<Queue>,
    written: Condvar,
    behind: Option<Duration>,
}

#[derive(Default)]
struct Queue {
    next_ticket: u64,
    /// In chain order; reads written behind have no ticket (nobody waits for them).
    waiting: VecDeque<(Option<u64>, Event, Timestamp)>,
    /// When the oldest entry nobody waits for was queued.
    oldest_behind: Option<Instant>,
    done: HashMap<u64, Result<AuditEntry, String>>,
    writing: bool,
}

/// Entries written in one transaction at most.
const MAX_BATCH: usize = 512;
/// Entries of reads waiting to be written at most; then reads are refused until the log is written.
const MAX_BEHIND: usize = 100_000;

fn poisoned() -> StoreError {
    StoreError::Database("the audit log lock was poisoned; restart armstrace".into())
}

impl Auditor {
    pub fn new() -> Auditor {
        Auditor::default()
    }

    /// An auditor that stores the entries of reads at most `window` after the answer (see above).
    /// Someone must call [`Auditor::flush_due`] about every `window`, and [`Auditor::flush`] at the end.
    pub fn write_behind(window: Duration) -> Auditor {
        Auditor { behind: Some(window), ..Auditor::default() }
    }

    /// Stores the entry of a change (or of anything, on an auditor that does not write behind) before
    /// returning it.
    pub fn record(&self, store: &dyn Store, e: Event, now: Timestamp) -> Result<AuditEntry, StoreError> {
        let mut q = self.lock()?;
        let ticket = q.next_ticket;
        q.next_ticket += 1;
        q.waiting.push_back((Some(ticket), e, now));
        loop {
            if let Some(done) = q.done.remove(&ticket) {
                return done.map_err(StoreError::Database);
            }
            if q.writing {
                q = self.written.wait(q).map_err(|_| poisoned())?;
                continue;
            }
            // Nobody is writing: this caller writes what is waiting (its own entry among it).
            q = self.write_some(store, q)?;
        }
    }

    /// The entry of a read: written behind when the auditor does so, else as [`Auditor::record`].
    pub fn record_read(&self, store: &dyn Store, e: Event, now: Timestamp) -> Result<(), StoreError> {
        let Some(window) = self.behind else { return self.record(store, e, now).map(|_| ()) };
        let mut q = self.lock()?;
        if q.waiting.len() >= MAX_BEHIND {
            return Err(StoreError::Database(
                "the audit log cannot be written (the store refuses it); nothing can be read until it is — see the server's log".into(),
            ));
        }
        q.waiting.push_back((None, e, now));
        let since = *q.oldest_behind.get_or_insert_with(Instant::now);
        if !q.writing && (q.waiting.len() >= MAX_BATCH || since.elapsed() >= window) {
            drop(self.write_some(store, q)?);
        }
        Ok(())
    }

    /// Writes the entries of reads queued for at least the window (the server's timer calls it).
    pub fn flush_due(&self, store: &dyn Store) -> Result<(), StoreError> {
        let window = self.behind.unwrap_or_default();
        let q = self.lock()?;
        if !q.writing && q.oldest_behind.is_some_and(|t| t.elapsed() >= window) {
            drop(self.write_some(store, q)?);
        }
        Ok(())
    }

    /// Writes every entry queued so far (before reading the log, and at the end).
    pub fn flush(&self, store: &dyn Store) -> Result<(), StoreError> {
        let mut q = self.lock()?;
        while !q.waiting.is_empty() {
            if q.writing {
                q = self.written.wait(q).map_err(|_| poisoned())?;
                continue;
            }
            let before = q.waiting.len();
            q = self.write_some(store, q)?;
            if q.waiting.len() >= before {
                return Err(StoreError::Database("the audit log could not be written; see the server's log".into()));
            }
        }
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Queue>, StoreError> {
        self.queue.lock().map_err(|_| poisoned())
    }

    /// Writes one batch from the front of the queue, outside the queue's lock; wakes the waiters.
    fn write_some<'a>(
        &'a self,
        store: &dyn Store,
        mut q: std::sync::MutexGuard<'a, Queue>,
    ) -> Result<std::sync::MutexGuard<'a, Queue>, StoreError> {
        q.writing = true;
        let take = q.waiting.len().min(MAX_BATCH);
        let batch: Vec<(Option<u64>, Event, Timestamp)> = q.waiting.drain(..take).collect();
        q.oldest_behind = None;
        drop(q);
        let written = self.append(store, &batch);
        let mut q = self.lock()?;
        q.writing = false;
        match written {
            Ok(entries) => {
                for ((t, _, _), entry) in batch.into_iter().zip(entries) {
                    if let Some(t) = t {
                        q.done.insert(t, Ok(entry));
                    }
                }
            }
            Err(err) => {
                eprintln!("armstrace: the audit log could not be written: {err}");
                // The reads' entries go back to the front, to be written by the next attempt.
                let mut back = Vec::new();
                for (t, e, at) in batch {
                    match t {
                        Some(t) => {
                            q.done.insert(t, Err(err.to_string()));
                        }
                        None => back.push((None, e, at)),
                    }
                }
                if !back.is_empty() {
                    for entry in back.into_iter().rev() {
                        q.waiting.push_front(entry);
                    }
                    q.oldest_behind = Some(Instant::now());
                }
            }
        }
        if q.oldest_behind.is_none() && q.waiting.iter().any(|(t, _, _)| t.is_none()) {
            q.oldest_behind = Some(Instant::now());
        }
        self.written.notify_all();
        Ok(q)
    }

    fn append(&self, store: &dyn Store, batch: &[(Option<u64>, Event, Timestamp)]) -> Result<Vec<AuditEntry>, StoreError> {
        let mut head = self.head.lock().map_err(|_| poisoned())?;
        for _ in 0..8 {
            let (mut seq, mut hash) = match head.as_ref() {
                Some(h) => h.clone(),
                None => store.audit_last()?.map(|l| (l.seq, l.hash)).unwrap_or((0, GENESIS_HASH.to_string())),
            };
            let mut entries = Vec::with_capacity(batch.len());
            for (_, e, at) in batch {
                seq += 1;
                let mut entry = AuditEntry {
                    seq,
                    at: *at,
                    user: e.user,
                    username: e.username.clone(),
                    agency: e.agency.clone(),
                    source: e.source.clone(),
                    action: e.action.clone(),
                    record_type: e.record_type.clone(),
                    record: e.record,
                    detail: e.detail.clone(),
                    prev_hash: hash,
                    hash: String::new(),
                };
                entry.hash = entry.compute_hash();
                hash = entry.hash.clone();
                entries.push(entry);
            }
            if store.audit_append(&entries)? {
                *head = Some((seq, hash));
                return Ok(entries);
            }
            // Someone else wrote those numbers: read the head again.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(detail: String) -> Event {
        Event::anonymous("test", "read", "item", None, detail)
    }

    #[test]
    fn callers_at_once_each_get_their_own_entry_in_one_unbroken_chain() {
        let store = armstrace_store::open("sqlite::memory:").unwrap();
        let audit = Auditor::new();
        let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
        std::thread::scope(|s| {
            for t in 0..8 {
                let (store, audit) = (store.as_ref(), &audit);
                s.spawn(move || {
                    for i in 0..50 {
                        let detail = format!("thread {t} entry {i}");
                        let entry = audit.record(store, event(detail.clone()), now).unwrap();
                        assert_eq!(entry.detail, detail, "a caller gets its own entry back");
                    }
                });
            }
        });
        assert_eq!(verify(store.as_ref()).unwrap(), Ok(400));
        let details: std::collections::HashSet<String> = store.audit_entries(0, 1000).unwrap().into_iter().map(|e| e.detail).collect();
        assert_eq!(details.len(), 400, "every entry once");
    }

    #[test]
    fn reads_written_behind_keep_their_place_in_the_chain() {
        let store = armstrace_store::open("sqlite::memory:").unwrap();
        let audit = Auditor::write_behind(Duration::from_millis(50));
        let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
        audit.record_read(store.as_ref(), event("read 1".into()), now).unwrap();
        audit.record_read(store.as_ref(), event("read 2".into()), now).unwrap();
        assert!(store.audit_last().unwrap().is_none(), "reads are answered before their entries are stored");
        // A change waits for its entry, and the reads before it are stored first.
        let change = audit.record(store.as_ref(), Event::anonymous("test", "update", "item", None, "change".into()), now).unwrap();
        assert_eq!(change.seq, 3);
        audit.record_read(store.as_ref(), event("read 3".into()), now).unwrap();
        audit.flush_due(store.as_ref()).unwrap();
        assert_eq!(store.audit_last().unwrap().unwrap().seq, 3, "not due yet");
        std::thread::sleep(Duration::from_millis(60));
        audit.flush_due(store.as_ref()).unwrap();
        let details: Vec<String> = store.audit_entries(0, 10).unwrap().into_iter().map(|e| e.detail).collect();
        assert_eq!(details, ["read 1", "read 2", "change", "read 3"]);
        assert_eq!(verify(store.as_ref()).unwrap(), Ok(4));
        // A plain auditor stores reads at once.
        let plain = Auditor::new();
        plain.record_read(store.as_ref(), event("read 4".into()), now).unwrap();
        assert_eq!(store.audit_last().unwrap().unwrap().detail, "read 4");
    }

    #[test]
    fn a_full_batch_of_reads_is_written_without_waiting_for_the_timer() {
        let store = armstrace_store::open("sqlite::memory:").unwrap();
        let audit = Auditor::write_behind(Duration::from_secs(3600));
        let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
        for i in 0..MAX_BATCH {
            audit.record_read(store.as_ref(), event(format!("read {i}")), now).unwrap();
        }
        assert_eq!(store.audit_last().unwrap().unwrap().seq, MAX_BATCH as u64);
        audit.record_read(store.as_ref(), event("one more".into()), now).unwrap();
        audit.flush(store.as_ref()).unwrap();
        assert_eq!(verify(store.as_ref()).unwrap(), Ok(MAX_BATCH as u64 + 1));
    }
}
