//! PostgreSQL backend: the server database for national scale. Bulk writes go through COPY into a
//! session-local staging table, then one `INSERT ... ON CONFLICT` per table, inside one transaction.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use postgres::types::ToSql;
use postgres::{Client, NoTls};

use crate::backend::{Backend, TableWrite};
use crate::rows::{Kind, Table, Val};
use crate::{StoreError, POSTGRES_MIGRATIONS};

pub struct PgStore {
    /// Writes, transactions and migrations.
    client: Mutex<Client>,
    url: String,
    /// Reads, from a few more connections opened at the first read: one connection served every
    /// request of the web application in turn.
    readers: std::sync::OnceLock<Vec<Mutex<Client>>>,
    next_reader: std::sync::atomic::AtomicUsize,
    /// Record writes committed by this store (caches of lists compare it).
    writes: std::sync::atomic::AtomicU64,
    id_cache: crate::backend::IdCache,
}

const READERS: usize = 4;

fn boxed(params: &[Val], kinds: Option<&[Kind]>) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .enumerate()
        .map(|(i, v)| -> Box<dyn ToSql + Sync> {
            match v {
                Val::Int(x) => Box::new(*x),
                Val::Real(x) => Box::new(*x),
                Val::Text(s) => Box::new(s.to_string()),
                Val::Shared(s) => Box::new(s.to_string()),
                Val::Bytes(b) => Box::new(b.clone()),
                Val::Id(id) => Box::new(id.to_string()),
                Val::Null => match kinds.and_then(|k| k.get(i)) {
                    Some(Kind::Int) => Box::new(None::<i64>),
                    Some(Kind::Real) => Box::new(None::<f64>),
                    _ => Box::new(None::<String>),
                },
            }
        })
        .collect()
}

/// COPY text format: backslash escapes, `\N` for NULL.
fn copy_field(out: &mut Vec<u8>, v: &Val) {
    match v {
        Val::Null => out.extend_from_slice(b"\\N"),
        Val::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Val::Real(r) => out.extend_from_slice(format!("{r:?}").as_bytes()),
        Val::Id(id) => out.extend_from_slice(id.as_uuid().hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()).as_bytes()),
        // COPY text format of bytea: \\x and hex digits.
        Val::Bytes(b) => {
            out.extend_from_slice(b"\\\\x");
            for byte in b {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
        Val::Text(_) | Val::Shared(_) => {
            for b in v.as_str().unwrap_or("").bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    other => out.push(other),
                }
            }
        }
    }
}

fn key_of(table: &Table, row: &[Val]) -> String {
    table
        .key
        .iter()
        .filter_map(|k| table.columns.iter().position(|(c, _)| c == k))
        .map(|i| format!("{:?}", row.get(i)))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

impl PgStore {
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::connect(url, NoTls).map_err(|e| StoreError::Open { url: redact(url), reason: e.to_string() })?;
        let store = PgStore {
            client: Mutex::new(client),
            url: url.to_string(),
            readers: std::sync::OnceLock::new(),
            next_reader: std::sync::atomic::AtomicUsize::new(0),
            writes: std::sync::atomic::AtomicU64::new(0),
            id_cache: Default::default(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Client>, StoreError> {
        self.client
            .lock()
            .map_err(|_| StoreError::Database("the database connection was poisoned by an earlier failure; restart armstrace".into()))
    }

    /// Runs `f` on a read connection (a free one if any), or on the writer when none could open.
    fn with_reader<T>(&self, f: impl FnOnce(&mut Client) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let readers =
            self.readers.get_or_init(|| (0..READERS).filter_map(|_| Client::connect(&self.url, NoTls).ok().map(Mutex::new)).collect());
        if readers.is_empty() {
            let mut writer = self.lock()?;
            return f(&mut writer);
        }
        let start = self.next_reader.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for i in 0..readers.len() {
            if let Ok(mut c) = readers[(start + i) % readers.len()].try_lock() {
                return f(&mut c);
            }
        }
        let mut c = readers[start % readers.len()]
            .lock()
            .map_err(|_| StoreError::Database("a database connection was poisoned by an earlier failure; restart armstrace".into()))?;
        f(&mut c)
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut c = self.lock()?;
        c.batch_execute("SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")?;
        for (version, sql) in POSTGRES_MIGRATIONS {
            let mut tx = c.transaction()?;
            // Serialises concurrent first starts of several processes on one database.
            tx.batch_execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")?;
            let done: i64 = tx.query_one("SELECT COUNT(*) FROM schema_migrations WHERE version = $1", &[version])?.get(0);
            if done == 0 {
                tx.batch_execute(sql)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])?;
            }
            tx.commit()?;
        }
        Ok(())
    }
}

/// The URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

impl Backend for PgStore {
    fn name(&self) -> &'static str {
        "postgres"
    }
    fn id_cache(&self) -> &crate::backend::IdCache {
        &self.id_cache
    }
    fn write_count(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
    }

    fn query(&self, sql: &str, params: &[Val], kinds: &[Kind]) -> Result<Vec<Vec<Val<'static>>>, StoreError> {
        self.with_reader(|c| read_rows(c, sql, params, kinds))
    }

    fn run_batch(&self, sql: &str) -> Result<(), StoreError> {
        self.lock()?.batch_execute(sql).map_err(Into::into)
    }

    fn execute(&self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        let mut c = self.lock()?;
        let owned = boxed(params, None);
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        Ok(c.execute(sql, &refs)?)
    }

    fn execute_all(&self, sql: &str, rows: &[Vec<Val>]) -> Result<bool, StoreError> {
        let mut c = self.lock()?;
        let mut tx = c.transaction()?;
        let stmt = tx.prepare(sql)?;
        for row in rows {
            let owned = boxed(row, None);
            let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
            if tx.execute(&stmt, &refs)? != 1 {
                return Ok(false);
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
        let mut c = self.lock()?;
        let mut tx = c.transaction()?;
        for writes in stream {
            let writes = writes?;
            for w in &writes {
                let t = w.table;
                if let Some((col, ids)) = &w.replace_by {
                    if !ids.is_empty() {
                        let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                        tx.execute(&format!("DELETE FROM {} WHERE {col} = ANY($1)", t.name), &[&ids])?;
                    }
                }
                if w.rows.is_empty() {
                    continue;
                }
                // One row per key, the last one winning, as sequential upserts would leave it.
                let mut last: HashMap<String, usize> = HashMap::with_capacity(w.rows.len());
                for (i, r) in w.rows.iter().enumerate() {
                    last.insert(key_of(t, r), i);
                }
                let mut keep: Vec<usize> = last.into_values().collect();
                keep.sort_unstable();
                let kinds: Vec<Kind> = t.columns.iter().map(|(_, k)| *k).collect();
                if keep.len() <= 16 {
                    let stmt = tx.prepare(&t.upsert_sql())?;
                    for &i in &keep {
                        let owned = boxed(&w.rows[i], Some(&kinds));
                        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
                        tx.execute(&stmt, &refs)?;
                    }
                    continue;
                }
                let staging = format!("staging_{}", t.name);
                tx.batch_execute(&format!(
                    "CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {} ) ON COMMIT DELETE ROWS; TRUNCATE {staging}",
                    t.name
                ))?;
                let mut writer = tx.copy_in(&format!("COPY {staging} ({}) FROM STDIN", t.column_list()))?;
                let mut buf = Vec::with_capacity(1 << 20);
                for &i in &keep {
                    for (j, v) in w.rows[i].iter().enumerate() {
                        if j > 0 {
                            buf.push(b'\t');
                        }
                        copy_field(&mut buf, v);
                    }
                    buf.push(b'\n');
                    if buf.len() > (1 << 20) {
                        writer.write_all(&buf).map_err(|e| StoreError::Database(e.to_string()))?;
                        buf.clear();
                    }
                }
                writer.write_all(&buf).map_err(|e| StoreError::Database(e.to_string()))?;
                writer.finish()?;
                let cols = t.column_list();
                tx.batch_execute(&format!("INSERT INTO {} ({cols}) SELECT {cols} FROM {staging} {}", t.name, t.conflict_clause()))?;
            }
            done(writes);
        }
        tx.commit()?;
        self.writes.fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(())
    }
}

fn read_rows(c: &mut Client, sql: &str, params: &[Val], kinds: &[Kind]) -> Result<Vec<Vec<Val<'static>>>, StoreError> {
    let owned = boxed(params, None);
    let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
    let rows = c.query(sql, &refs)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut vals = Vec::with_capacity(kinds.len());
        for (i, k) in kinds.iter().enumerate() {
            vals.push(match k {
                Kind::Int => row.try_get::<_, Option<i64>>(i)?.map(Val::Int).unwrap_or(Val::Null),
                Kind::Real => row.try_get::<_, Option<f64>>(i)?.map(Val::Real).unwrap_or(Val::Null),
                Kind::Text => row.try_get::<_, Option<String>>(i)?.map(Val::owned).unwrap_or(Val::Null),
                Kind::Bytes => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Val::Bytes).unwrap_or(Val::Null),
                Kind::Id => row
                    .try_get::<_, Option<String>>(i)?
                    .map(|s| armstrace_domain::id::RecordId::parse(&s).map(Val::Id).unwrap_or(Val::owned(s)))
                    .unwrap_or(Val::Null),
            });
        }
        out.push(vals);
    }
    Ok(out)
}
