//! SQLite backend: the embedded default. One writing connection behind a mutex in WAL mode; bulk
//! writes use cached prepared statements inside one transaction. Reads go to a small pool of
//! read-only connections (WAL lets them read while the writer writes), opened at the first read so
//! that a bulk load into a new file still has the database to itself.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection, ToSql};

use crate::backend::{Backend, TableWrite};
use crate::rows::{Kind, Val};
use crate::{StoreError, SQLITE_MIGRATIONS};

pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// File path (None for `:memory:`, which one connection must serve alone).
    path: Option<String>,
    readers: OnceLock<Vec<Mutex<Connection>>>,
    next_reader: AtomicUsize,
    /// Record writes committed by this store (caches of lists compare it).
    writes: std::sync::atomic::AtomicU64,
    id_cache: crate::backend::IdCache,
    /// Set when the store is dropped: the checkpointer thread stops.
    closed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

/// Moves the write-ahead log into the database once a second, on a connection of its own, so that
/// no request pays for it: SQLite's automatic checkpoint runs inside whichever commit crosses the
/// threshold, and its copying and syncing put that request's time in the tens of milliseconds (the
/// p99 of a single check through the API went from 7.3 ms to 3.9 ms at 300 req/s without it).
/// A passive checkpoint never waits for readers or writers; the connection is opened for each
/// pass and closed again, so that a bulk load can still take the file for itself.
fn start_checkpointer(path: String, closed: std::sync::Arc<std::sync::atomic::AtomicBool>) {
    std::thread::spawn(move || {
        while !closed.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if closed.load(Ordering::Relaxed) {
                break;
            }
            if let Ok(c) =
                Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)
            {
                let _ = c.busy_timeout(std::time::Duration::ZERO);
                let _ = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        }
    });
}

/// Read connections: enough for the requests a small server answers at once on a few cores.
const READERS: usize = 4;

impl ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Owned(SqlValue::Null),
            Val::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
            Val::Real(r) => ToSqlOutput::Owned(SqlValue::Real(*r)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Shared(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Val::Id(id) => ToSqlOutput::Borrowed(ValueRef::Blob(id.as_bytes())),
        })
    }
}

/// `$n` placeholders (PostgreSQL style, used by the shared query text) as SQLite's `?n`.
pub(crate) fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

impl SqliteStore {
    /// `path` is a file path or `:memory:`.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open { url: format!("sqlite://{path}"), reason: e.to_string() };
        if path.is_empty() {
            return Err(StoreError::Open { url: "sqlite://".into(), reason: "no file name: use sqlite://PATH or sqlite::memory:".into() });
        }
        let conn = Connection::open(path).map_err(open_err)?;
        // The page size only applies to a new file, before WAL is enabled: 16 KiB pages suit rows of a
        // few hundred bytes and halve the page operations of bulk imports.
        conn.execute_batch("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;").map_err(open_err)?;
        let memory = path == ":memory:" || path.starts_with("file::memory:") || path.contains("mode=memory");
        if !memory {
            // Checkpoints are the checkpointer's (see `start_checkpointer`).
            conn.execute_batch("PRAGMA wal_autocheckpoint = 0;").map_err(open_err)?;
        }
        let store = SqliteStore {
            conn: Mutex::new(conn),
            path: (!memory).then(|| path.to_string()),
            readers: OnceLock::new(),
            next_reader: AtomicUsize::new(0),
            writes: std::sync::atomic::AtomicU64::new(0),
            id_cache: Default::default(),
            closed: Default::default(),
        };
        store.migrate()?;
        if let Some(p) = &store.path {
            start_checkpointer(p.clone(), store.closed.clone());
        }
        Ok(store)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn
            .lock()
            .map_err(|_| StoreError::Database("the database connection was poisoned by an earlier failure; restart armstrace".into()))
    }

    fn readers(&self) -> &[Mutex<Connection>] {
        self.readers.get_or_init(|| {
            let Some(path) = &self.path else { return Vec::new() };
            (0..READERS)
                .filter_map(|_| {
                    let c = Connection::open(path).ok()?;
                    c.execute_batch(
                        "PRAGMA query_only = ON; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                    )
                    .ok()?;
                    Some(Mutex::new(c))
                })
                .collect()
        })
    }

    /// Runs `f` on a read connection (a free one if any), or on the writer when there are none.
    fn with_reader<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let readers = self.readers();
        if readers.is_empty() {
            return f(&*self.lock()?);
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..readers.len() {
            if let Ok(c) = readers[(start + i) % readers.len()].try_lock() {
                return f(&c);
            }
        }
        let c = readers[start % readers.len()]
            .lock()
            .map_err(|_| StoreError::Database("a database connection was poisoned by an earlier failure; restart armstrace".into()))?;
        f(&c)
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.lock()?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        )?;
        for (version, sql) in SQLITE_MIGRATIONS {
            let done: i64 = conn.query_row("SELECT COUNT(*) FROM schema_migrations WHERE version = ?1", [version], |r| r.get(0))?;
            if done == 0 {
                let tx = conn.transaction()?;
                tx.execute_batch(sql)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES (?1)", [version])?;
                tx.commit()?;
            }
        }
        Ok(())
    }
}

impl Backend for SqliteStore {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn id_cache(&self) -> &crate::backend::IdCache {
        &self.id_cache
    }
    fn write_count(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    fn query(&self, sql: &str, params: &[Val], kinds: &[Kind]) -> Result<Vec<Vec<Val<'static>>>, StoreError> {
        self.with_reader(|conn| read_rows(conn, sql, params, kinds))
    }

    fn run_batch(&self, sql: &str) -> Result<(), StoreError> {
        self.lock()?.execute_batch(sql).map_err(Into::into)
    }
    fn execute(&self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        let conn = self.lock()?;
        let mut stmt = conn.prepare_cached(&sqlite_placeholders(sql))?;
        Ok(stmt.execute(params_from_iter(params.iter()))? as u64)
    }

    fn execute_all(&self, sql: &str, rows: &[Vec<Val>]) -> Result<bool, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(&sqlite_placeholders(sql))?;
            for row in rows {
                if stmt.execute(params_from_iter(row.iter()))? != 1 {
                    return Ok(false);
                }
            }
        }
        tx.commit()?;
        Ok(true)
    }

    fn write_tables<'b>(
        &self,
        stream: &mut dyn Iterator<Item = Result<Vec<TableWrite<'b>>, StoreError>>,
        done: &mut dyn FnMut(Vec<TableWrite<'b>>),
    ) -> Result<(), StoreError> {
        let mut conn = self.lock()?;
        let first = match stream.next() {
            None => return Ok(()),
            Some(f) => f?,
        };
        let direct =
            first.iter().map(|w| w.rows.len()).sum::<usize>() >= BULK_ROWS && into_empty_tables(&conn, &first)? && leave_wal(&conn)?;
        let result = (|| -> Result<(), StoreError> {
            let tx = conn.transaction()?;
            let deferred = if direct { defer_indexes(&tx)? } else { Vec::new() };
            let mut chunk = Some(first);
            loop {
                let writes = match chunk.take() {
                    Some(w) => w,
                    None => match stream.next() {
                        None => break,
                        Some(w) => w?,
                    },
                };
                for w in &writes {
                    if let Some((col, ids)) = &w.replace_by {
                        let mut del = tx.prepare_cached(&format!("DELETE FROM {} WHERE {col} = ?1", w.table.name))?;
                        for id in ids {
                            del.execute([Val::Id(*id)])?;
                        }
                    }
                    let mut stmt = tx.prepare_cached(&sqlite_placeholders(&w.table.upsert_sql()))?;
                    for row in &w.rows {
                        stmt.execute(params_from_iter(row.iter()))?;
                    }
                }
                done(writes);
            }
            // Built again by sorting, inside the same transaction: a failure restores them with
            // everything else.
            for sql in &deferred {
                tx.execute_batch(sql)?;
            }
            tx.commit()?;
            self.writes.fetch_add(1, Ordering::Release);
            Ok(())
        })();
        if direct {
            // Back to WAL whatever happened, so that readers and the next writes work as before. Should
            // it fail, the next open of the store sets WAL again; the load itself stands.
            let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        }
        result
    }
}

/// Indexes whose keys arrive in random order during a bulk load (serial numbers, statuses, holder
/// identifiers): inserting a million keys one by one at random places costs more than sorting them
/// once at the end. Indexes in id order (appends) are kept.
const DEFERRED_ON_BULK_LOAD: &[&str] = &["items_serial", "items_status", "party_identifiers_value"];

/// Drops the indexes of [`DEFERRED_ON_BULK_LOAD`] and returns the statements that build them again.
fn defer_indexes(tx: &rusqlite::Transaction<'_>) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    for name in DEFERRED_ON_BULK_LOAD {
        let sql: Option<String> =
            tx.query_row("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", [name], |r| r.get(0)).ok();
        if let Some(sql) = sql {
            tx.execute_batch(&format!("DROP INDEX {name}"))?;
            out.push(sql);
        }
    }
    Ok(out)
}

/// Rows in the first chunk of a stream from which a load into empty tables counts as bulk.
const BULK_ROWS: usize = 5_000;

/// Whether every table the chunk writes to is still empty (a first load of a national registry).
fn into_empty_tables(conn: &Connection, writes: &[TableWrite<'_>]) -> Result<bool, StoreError> {
    for w in writes.iter().filter(|w| !w.rows.is_empty()) {
        if conn.prepare(&format!("SELECT 1 FROM {} LIMIT 1", w.table.name))?.query([])?.next()?.is_some() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Switches a bulk load into empty tables to the rollback journal. In WAL mode every page is written
/// twice (to the log, then to the database by the checkpoint); with a rollback journal, pages that
/// did not exist when the transaction began are written once and need no journal, and a failure still
/// rolls everything back. Only possible while no other connection has the database open; otherwise the
/// load stays in WAL mode.
fn leave_wal(conn: &Connection) -> Result<bool, StoreError> {
    // With other connections open (a server's readers), SQLite refuses ("database is locked"): the
    // load then runs in WAL mode, as any other write.
    match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0)) {
        Ok(mode) => Ok(mode.eq_ignore_ascii_case("delete")),
        Err(_) => Ok(false),
    }
}

fn read_rows(conn: &Connection, sql: &str, params: &[Val], kinds: &[Kind]) -> Result<Vec<Vec<Val<'static>>>, StoreError> {
    let mut stmt = conn.prepare_cached(&sqlite_placeholders(sql))?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut vals = Vec::with_capacity(kinds.len());
        for i in 0..kinds.len() {
            vals.push(match row.get_ref(i)? {
                ValueRef::Null => Val::Null,
                ValueRef::Integer(x) => Val::Int(x),
                ValueRef::Real(x) => Val::Real(x),
                ValueRef::Blob(b) if kinds.get(i) == Some(&Kind::Bytes) => Val::Bytes(b.to_vec()),
                // Other blobs are ids: 16 bytes (see `Val::Id`).
                ValueRef::Blob(b) => match armstrace_domain::id::RecordId::from_slice(b) {
                    Ok(id) => Val::Id(id),
                    Err(_) => Val::owned(String::from_utf8_lossy(b).into_owned()),
                },
                ValueRef::Text(t) => Val::owned(String::from_utf8_lossy(t).into_owned()),
            });
        }
        out.push(vals);
    }
    Ok(out)
}
