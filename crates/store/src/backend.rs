//! The store behaviour written once over the two databases: a backend only knows how to run a query
//! returning rows of [`Val`] and how to write a set of table rows in one transaction.

use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit};
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::Incident;
use armstrace_domain::item::Item;
use armstrace_domain::licence::Licence;
use armstrace_domain::party::{Party, ProductionFigure};

use crate::accounts;
use crate::rows::{self, Table, Val};
use crate::{Agency, AuditFilter, Counts, GroundTruth, ItemFilter, Page, Store, StoreError, WriteBatch};
use armstrace_domain::access::Grant;
use armstrace_domain::account::{ApiToken, AuditEntry, Session, UserAccount};
use armstrace_domain::time::Timestamp;

/// Rows for one table, and the link rows to clear first (owner column, owner ids) so that a record's
/// links are replaced, not accumulated.
pub struct TableWrite<'a> {
    pub table: &'static Table,
    pub rows: Vec<Vec<Val<'a>>>,
    pub replace_by: Option<(&'static str, Vec<RecordId>)>,
}

pub(crate) trait Backend: Send + Sync {
    fn name(&self) -> &'static str;
    fn write_count(&self) -> u64;
    fn id_cache(&self) -> &IdCache;
    /// Runs a query with `$n` placeholders; `kinds` says how to read each column.
    fn query(&self, sql: &str, params: &[Val], kinds: &[rows::Kind]) -> Result<Vec<Vec<Val<'static>>>, StoreError>;
    /// Writes every batch the stream yields in one transaction; an error rolls back.
    /// Writes every set of table rows the stream yields in one transaction; an error rolls back.
    /// `done` receives each chunk once written, so that the caller decides where its memory is freed.
    fn write_tables<'b>(
        &self,
        stream: &mut dyn Iterator<Item = Result<Vec<TableWrite<'b>>, StoreError>>,
        done: &mut dyn FnMut(Vec<TableWrite<'b>>),
    ) -> Result<(), StoreError>;
    fn run_batch(&self, sql: &str) -> Result<(), StoreError>;
    /// Runs one statement with `$n` placeholders; returns the number of rows changed.
    fn execute(&self, sql: &str, params: &[Val]) -> Result<u64, StoreError>;
    /// Runs one statement once per row in one transaction; keeps them only if each changed exactly
    /// one row (false, nothing written, otherwise).
    fn execute_all(&self, sql: &str, rows: &[Vec<Val>]) -> Result<bool, StoreError>;
}

/// Records of a table (with `id`, `handling`, `agency`, `owner_country` columns) that a scope may
/// read, newest first.
fn in_scope<B: Backend + ?Sized, T>(
    b: &B,
    t: &Table,
    scope: &armstrace_domain::access::Scope,
    filter: &crate::ListFilter,
    page: Page,
    from: fn(&[Val]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let (cond, mut params) = accounts::scope_sql(scope, 1);
    let mut conds = vec![cond];
    let (kind_col, search_col, country_col) = rows::list_columns(t);
    let mut add = |col: &str, op: &str, v: String, params: &mut Vec<Val<'static>>| {
        params.push(Val::owned(v));
        conds.push(format!("{col} {op} ${}", params.len()));
    };
    if let (Some(col), Some(k)) = (kind_col, &filter.kind) {
        add(col, "=", k.clone(), &mut params);
    }
    if let (Some(col), Some(c)) = (country_col, &filter.country) {
        add(col, "=", c.to_uppercase(), &mut params);
    }
    if let (Some(col), Some(q)) = (search_col, filter.search.as_deref().map(str::trim).filter(|q| !q.is_empty())) {
        // Names are searched as they are keyed (folded); references and numbers in lower case.
        let q = if col == "name_key" { armstrace_domain::nomenclature::text::fold_key(q) } else { q.to_lowercase() };
        let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let col = if col == "name_key" { col.to_string() } else { format!("LOWER({col})") };
        params.push(Val::owned(format!("%{escaped}%")));
        conds.push(format!("{col} LIKE ${} ESCAPE '\\'", params.len()));
    }
    let (p, pp) = page_sql(page, params.len() + 1);
    params.extend(pp);
    select(b, t, &format!("WHERE {} ORDER BY id DESC{p}", conds.join(" AND ")), &params, from)
}

/// The results of recent id walks of lists ([`Store::item_ids`]), good while no record was written
/// through this store and for [`IdCache::TTL`] at most (other processes' writes are not seen). A list
/// paged through, or a dashboard refreshed, walks its index once. Whoever shows the records checks
/// each one against the access policy again (`armstrace_app::records`), so a stale entry can hide a
/// new record for a few seconds but never show a forbidden one.
#[derive(Default)]
pub(crate) struct IdCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, CachedIds>>,
}

type CachedIds = (u64, std::time::Instant, std::sync::Arc<Vec<RecordId>>);

impl IdCache {
    const TTL: std::time::Duration = std::time::Duration::from_secs(20);
    const MAX_ENTRIES: usize = 512;

    fn get(&self, key: &str, writes: u64) -> Option<std::sync::Arc<Vec<RecordId>>> {
        let e = self.entries.lock().ok()?;
        e.get(key).filter(|(w, at, _)| *w == writes && at.elapsed() < Self::TTL).map(|(_, _, ids)| ids.clone())
    }
    fn put(&self, key: String, writes: u64, ids: std::sync::Arc<Vec<RecordId>>) {
        if let Ok(mut e) = self.entries.lock() {
            if e.len() >= Self::MAX_ENTRIES {
                e.retain(|_, (w, at, _)| *w == writes && at.elapsed() < Self::TTL);
                if e.len() >= Self::MAX_ENTRIES {
                    e.clear();
                }
            }
            e.insert(key, (writes, std::time::Instant::now(), ids));
        }
    }
}

/// Upserts rows of one table in one transaction.
fn upsert<B: Backend + ?Sized>(b: &B, table: &'static Table, rows: Vec<Vec<Val<'static>>>) -> Result<(), StoreError> {
    let mut one = std::iter::once(Ok(vec![TableWrite { table, rows, replace_by: None }]));
    b.write_tables(&mut one, &mut drop)
}

/// Rows of `t` matching `condition` (with `$n` parameters), read by `from`.
fn select<B: Backend + ?Sized, T>(
    b: &B,
    t: &Table,
    condition: &str,
    params: &[Val],
    from: fn(&[Val]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let sql = format!("{} {condition}", t.select_sql());
    b.query(&sql, params, &kinds(t))?.iter().map(|r| from(r)).collect()
}

fn kinds(t: &Table) -> Vec<rows::Kind> {
    t.columns.iter().map(|(_, k)| *k).collect()
}

fn page_sql(page: Page, first_param: usize) -> (String, Vec<Val<'static>>) {
    (
        format!(" LIMIT ${} OFFSET ${}", first_param, first_param + 1),
        vec![Val::Int(page.limit.min(i64::MAX as u64) as i64), Val::Int(page.offset.min(i64::MAX as u64) as i64)],
    )
}

fn list<B: Backend + ?Sized, T>(
    b: &B,
    t: &Table,
    order: &str,
    page: Page,
    from: fn(&[Val]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let (p, params) = page_sql(page, 1);
    let sql = format!("{} ORDER BY {order}{p}", t.select_sql());
    b.query(&sql, &params, &kinds(t))?.iter().map(|r| from(r)).collect()
}

fn by_id<B: Backend + ?Sized, T>(
    b: &B,
    t: &Table,
    id: RecordId,
    from: fn(&[Val]) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let sql = format!("{} WHERE id = $1", t.select_sql());
    b.query(&sql, &[Val::Id(id)], &kinds(t))?.first().map(|r| from(r)).transpose()
}

/// Rows of `t` with these ids, in statements of a few hundred (both databases take that many
/// parameters happily); unknown ids are left out.
fn by_ids<B: Backend + ?Sized, T>(
    b: &B,
    t: &Table,
    ids: &[RecordId],
    from: fn(&[Val]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let params: Vec<Val> = chunk.iter().map(|i| Val::Id(*i)).collect();
        let sql = format!("{} WHERE id IN ({})", t.select_sql(), marks.join(", "));
        for r in b.query(&sql, &params, &kinds(t))? {
            out.push(from(&r)?);
        }
    }
    Ok(out)
}

/// The table rows of a batch, borrowing its text.
pub(crate) fn batch_writes(batch: &WriteBatch) -> Vec<TableWrite<'_>> {
    let mut w = vec![
        TableWrite { table: &rows::AGENCIES, rows: batch.agencies.iter().map(rows::agency_row).collect(), replace_by: None },
        TableWrite { table: &rows::PARTIES, rows: batch.parties.iter().map(rows::party_row).collect(), replace_by: None },
        TableWrite {
            table: &rows::PARTY_IDENTIFIERS,
            rows: batch.parties.iter().flat_map(rows::party_identifier_rows).collect(),
            replace_by: (!batch.fresh).then(|| ("party_id", batch.parties.iter().map(|p| p.meta.id).collect())),
        },
        TableWrite { table: &rows::LICENCES, rows: batch.licences.iter().map(rows::licence_row).collect(), replace_by: None },
        TableWrite { table: &rows::ITEMS, rows: batch.items.iter().map(rows::item_row).collect(), replace_by: None },
        TableWrite { table: &rows::EVENTS, rows: batch.events.iter().map(rows::event_row).collect(), replace_by: None },
        TableWrite { table: &rows::INCIDENTS, rows: batch.incidents.iter().map(rows::incident_row).collect(), replace_by: None },
        TableWrite { table: &rows::REQUESTS, rows: batch.requests.iter().map(rows::request_row).collect(), replace_by: None },
        TableWrite {
            table: &rows::INCIDENT_ITEMS,
            rows: batch.incidents.iter().flat_map(rows::incident_item_rows).collect(),
            replace_by: (!batch.fresh).then(|| ("incident_id", batch.incidents.iter().map(|i| i.meta.id).collect())),
        },
        TableWrite {
            table: &rows::INCIDENT_PERSONS,
            rows: batch.incidents.iter().flat_map(rows::incident_person_rows).collect(),
            replace_by: (!batch.fresh).then(|| ("incident_id", batch.incidents.iter().map(|i| i.meta.id).collect())),
        },
        TableWrite { table: &rows::EXHIBITS, rows: batch.exhibits.iter().map(rows::exhibit_row).collect(), replace_by: None },
        TableWrite { table: &rows::HITS, rows: batch.hits.iter().map(rows::hit_row).collect(), replace_by: None },
        TableWrite { table: &rows::PRODUCTION, rows: batch.production.iter().map(rows::production_row).collect(), replace_by: None },
        TableWrite { table: &rows::GROUND_TRUTH, rows: batch.ground_truth.iter().map(rows::truth_row).collect(), replace_by: None },
    ];
    w.retain(|t| !t.rows.is_empty() || t.replace_by.as_ref().is_some_and(|(_, ids)| !ids.is_empty()));
    w
}

impl<B: Backend> Store for B {
    fn backend(&self) -> &'static str {
        self.name()
    }
    fn writes_committed(&self) -> u64 {
        self.write_count()
    }
    fn write(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut one = std::iter::once(Ok(batch_writes(batch)));
        self.write_tables(&mut one, &mut drop)
    }
    fn write_stream(&self, batches: &mut dyn Iterator<Item = Result<WriteBatch, StoreError>>) -> Result<(), StoreError> {
        let mut rows = batches.map(|b| b.map(|b| crate::Prepared::from_batch(&b).writes));
        self.write_tables(&mut rows, &mut drop)
    }
    fn write_prepared_stream(
        &self,
        batches: &mut dyn Iterator<Item = Result<crate::Prepared, StoreError>>,
        recycle: &mut dyn FnMut(crate::Prepared),
    ) -> Result<(), StoreError> {
        let mut rows = batches.map(|b| b.map(|p| p.writes));
        self.write_tables(&mut rows, &mut |writes| recycle(crate::Prepared { writes }))
    }
    fn ping(&self) -> Result<(), StoreError> {
        self.query("SELECT CAST(1 AS BIGINT)", &[], &[rows::Kind::Int]).map(drop)
    }
    fn counts(&self) -> Result<Counts, StoreError> {
        let mut c = Counts::default();
        for (t, slot) in [
            ("agencies", &mut c.agencies),
            ("parties", &mut c.parties),
            ("licences", &mut c.licences),
            ("items", &mut c.items),
            ("item_events", &mut c.events),
            ("incidents", &mut c.incidents),
            ("ballistic_exhibits", &mut c.exhibits),
            ("ballistic_hits", &mut c.hits),
            ("production", &mut c.production),
            ("ground_truth", &mut c.ground_truth),
        ] {
            let r = self.query(&format!("SELECT COUNT(*) FROM {t}"), &[], &[rows::Kind::Int])?;
            *slot = r.first().and_then(|r| r.first()).and_then(|v| if let Val::Int(i) = v { Some(*i as u64) } else { None }).unwrap_or(0);
        }
        Ok(c)
    }
    fn agencies(&self) -> Result<Vec<Agency>, StoreError> {
        list(self, &rows::AGENCIES, "code", Page::all(), rows::agency_from)
    }
    fn item(&self, id: RecordId) -> Result<Option<Item>, StoreError> {
        by_id(self, &rows::ITEMS, id, rows::item_from)
    }
    fn items(&self, filter: &ItemFilter, page: Page) -> Result<Vec<Item>, StoreError> {
        let (w, mut params) = rows::item_filter_sql(filter);
        let (p, pp) = page_sql(page, params.len() + 1);
        params.extend(pp);
        let order = if filter.newest_first { "id DESC" } else { "id" };
        let sql = format!("{}{w} ORDER BY {order}{p}", rows::ITEMS.select_sql());
        self.query(&sql, &params, &kinds(&rows::ITEMS))?.iter().map(|r| rows::item_from(r)).collect()
    }
    fn count_items(&self, filter: &ItemFilter) -> Result<u64, StoreError> {
        let (w, params) = rows::item_filter_sql(filter);
        let r = self.query(&format!("SELECT COUNT(*) FROM items{w}"), &params, &[rows::Kind::Int])?;
        Ok(r.first().and_then(|r| r.first()).and_then(|v| if let Val::Int(i) = v { Some(*i as u64) } else { None }).unwrap_or(0))
    }
    fn count_items_upto(&self, filter: &ItemFilter, cap: u64) -> Result<u64, StoreError> {
        let (w, mut params) = rows::item_filter_sql(filter);
        params.push(Val::Int(cap.min(i64::MAX as u64) as i64));
        let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM items{w} LIMIT ${}) AS capped", params.len());
        let r = self.query(&sql, &params, &[rows::Kind::Int])?;
        Ok(r.first().and_then(|r| r.first()).and_then(|v| if let Val::Int(i) = v { Some(*i as u64) } else { None }).unwrap_or(0))
    }
    fn item_ids(&self, filter: &ItemFilter, limit: u64) -> Result<Vec<RecordId>, StoreError> {
        let (w, mut params) = rows::item_filter_sql(filter);
        params.push(Val::Int(limit.min(i64::MAX as u64) as i64));
        let order = if filter.newest_first { "id DESC" } else { "id" };
        let sql = format!("SELECT id FROM items{w} ORDER BY {order} LIMIT ${}", params.len());
        let writes = self.write_count();
        let key = format!("{sql}\u{1f}{params:?}");
        if let Some(ids) = self.id_cache().get(&key, writes) {
            return Ok(ids.as_ref().clone());
        }
        let ids: Vec<RecordId> = self
            .query(&sql, &params, &[rows::Kind::Id])?
            .into_iter()
            .map(|r| match r.first() {
                Some(Val::Id(id)) => Ok(*id),
                other => RecordId::parse(other.and_then(|v| v.as_str()).unwrap_or("")).map_err(|e| StoreError::Corrupt {
                    table: "items",
                    id: format!("{other:?}"),
                    reason: e.to_string(),
                }),
            })
            .collect::<Result<_, _>>()?;
        self.id_cache().put(key, writes, std::sync::Arc::new(ids.clone()));
        Ok(ids)
    }
    fn items_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Item>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let params: Vec<Val> = ids.iter().map(|i| Val::Id(*i)).collect();
        let sql = format!("{} WHERE id IN ({})", rows::ITEMS.select_sql(), marks.join(", "));
        let mut found: std::collections::HashMap<RecordId, Item> = self
            .query(&sql, &params, &kinds(&rows::ITEMS))?
            .iter()
            .map(|r| rows::item_from(r).map(|i| (i.meta.id, i)))
            .collect::<Result<_, _>>()?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }
    fn history(&self, item: RecordId) -> Result<Vec<HistoryEvent>, StoreError> {
        let sql = format!("{} WHERE item_id = $1 ORDER BY seq, id", rows::EVENTS.select_sql());
        self.query(&sql, &[Val::Id(item)], &kinds(&rows::EVENTS))?.iter().map(|r| rows::event_from(r)).collect()
    }
    fn histories(&self, items: &[RecordId]) -> Result<Vec<HistoryEvent>, StoreError> {
        let mut out = Vec::new();
        // Bounded statements: PostgreSQL and SQLite both take a few hundred parameters happily.
        for chunk in items.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let params: Vec<Val> = chunk.iter().map(|i| Val::Id(*i)).collect();
            let sql = format!("{} WHERE item_id IN ({}) ORDER BY item_id, seq, id", rows::EVENTS.select_sql(), marks.join(", "));
            for r in self.query(&sql, &params, &kinds(&rows::EVENTS))? {
                out.push(rows::event_from(&r)?);
            }
        }
        Ok(out)
    }
    fn request(&self, id: RecordId) -> Result<Option<armstrace_domain::request::CooperationRequest>, StoreError> {
        by_id(self, &rows::REQUESTS, id, rows::request_from)
    }
    fn requests_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<armstrace_domain::request::CooperationRequest>, StoreError> {
        in_scope(self, &rows::REQUESTS, scope, filter, page, rows::request_from)
    }
    fn pending_requests(
        &self,
        scope: &armstrace_domain::access::Scope,
    ) -> Result<Vec<armstrace_domain::request::CooperationRequest>, StoreError> {
        let (cond, params) = accounts::scope_sql(scope, 1);
        select(
            self,
            &rows::REQUESTS,
            &format!("WHERE {cond} AND status IN ('draft', 'sent', 'acknowledged') ORDER BY id DESC"),
            &params,
            rows::request_from,
        )
    }
    fn events_under_licence(&self, licence: RecordId, limit: u64) -> Result<Vec<HistoryEvent>, StoreError> {
        let sql = format!("{} WHERE licence_id = $1 ORDER BY day, item_id, seq LIMIT $2", rows::EVENTS.select_sql());
        let p = [Val::Id(licence), Val::Int(limit.min(i64::MAX as u64) as i64)];
        self.query(&sql, &p, &kinds(&rows::EVENTS))?.iter().map(|r| rows::event_from(r)).collect()
    }
    fn licences_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Licence>, StoreError> {
        by_ids(self, &rows::LICENCES, ids, rows::licence_from)
    }
    fn items_received_by(&self, party: RecordId, from_day: i64, to_day: i64, limit: u64) -> Result<Vec<RecordId>, StoreError> {
        let sql = "SELECT item_id FROM item_events WHERE holder_id = $1 AND day >= $2 AND day <= $3 ORDER BY day DESC LIMIT $4";
        let p = [Val::Id(party), Val::Int(from_day), Val::Int(to_day), Val::Int(limit.min(i64::MAX as u64) as i64)];
        let mut ids = Vec::new();
        for r in self.query(sql, &p, &[rows::Kind::Id])? {
            if let Some(Val::Id(id)) = r.into_iter().next() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }
    fn received_by_any(&self, parties: &[RecordId]) -> Result<Vec<(RecordId, RecordId)>, StoreError> {
        let mut out = Vec::new();
        for chunk in parties.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let params: Vec<Val> = chunk.iter().map(|i| Val::Id(*i)).collect();
            let sql = format!("SELECT holder_id, item_id FROM item_events WHERE holder_id IN ({})", marks.join(", "));
            for r in self.query(&sql, &params, &[rows::Kind::Id, rows::Kind::Id])? {
                if let [Val::Id(p), Val::Id(i)] = r.as_slice() {
                    out.push((*p, *i));
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
    fn recovered_between(&self, from_day: i64, to_day: i64) -> Result<Vec<RecordId>, StoreError> {
        let sql = "SELECT DISTINCT item_id FROM item_events WHERE kind IN ('seized', 'found', 'surrendered', 'recovered') AND day >= $1 AND day <= $2";
        let mut ids = Vec::new();
        for r in self.query(sql, &[Val::Int(from_day), Val::Int(to_day)], &[rows::Kind::Id])? {
            if let Some(Val::Id(id)) = r.into_iter().next() {
                ids.push(id);
            }
        }
        Ok(ids)
    }
    fn parties_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Party>, StoreError> {
        by_ids(self, &rows::PARTIES, ids, rows::party_from)
    }
    fn incidents_by_ids(&self, ids: &[RecordId]) -> Result<Vec<Incident>, StoreError> {
        by_ids(self, &rows::INCIDENTS, ids, rows::incident_from)
    }
    fn events(&self, page: Page) -> Result<Vec<HistoryEvent>, StoreError> {
        list(self, &rows::EVENTS, "item_id, seq, id", page, rows::event_from)
    }
    fn party(&self, id: RecordId) -> Result<Option<Party>, StoreError> {
        by_id(self, &rows::PARTIES, id, rows::party_from)
    }
    fn parties(&self, page: Page) -> Result<Vec<Party>, StoreError> {
        list(self, &rows::PARTIES, "id", page, rows::party_from)
    }
    fn parties_by_identifier(&self, kind: &str, value: &str) -> Result<Vec<Party>, StoreError> {
        let sql = format!(
            "{} WHERE id IN (SELECT party_id FROM party_identifiers WHERE kind = $1 AND value = $2) ORDER BY id",
            rows::PARTIES.select_sql()
        );
        self.query(&sql, &[Val::owned(kind.into()), Val::owned(value.into())], &kinds(&rows::PARTIES))?
            .iter()
            .map(|r| rows::party_from(r))
            .collect()
    }
    fn licences(&self, page: Page) -> Result<Vec<Licence>, StoreError> {
        list(self, &rows::LICENCES, "id", page, rows::licence_from)
    }
    fn incident(&self, id: RecordId) -> Result<Option<Incident>, StoreError> {
        by_id(self, &rows::INCIDENTS, id, rows::incident_from)
    }
    fn incidents(&self, page: Page) -> Result<Vec<Incident>, StoreError> {
        list(self, &rows::INCIDENTS, "id", page, rows::incident_from)
    }
    fn incidents_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<Incident>, StoreError> {
        in_scope(self, &rows::INCIDENTS, scope, filter, page, rows::incident_from)
    }
    fn parties_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<Party>, StoreError> {
        in_scope(self, &rows::PARTIES, scope, filter, page, rows::party_from)
    }
    fn licences_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<Licence>, StoreError> {
        in_scope(self, &rows::LICENCES, scope, filter, page, rows::licence_from)
    }
    fn licence(&self, id: RecordId) -> Result<Option<Licence>, StoreError> {
        by_id(self, &rows::LICENCES, id, rows::licence_from)
    }
    fn exhibits_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<BallisticExhibit>, StoreError> {
        in_scope(self, &rows::EXHIBITS, scope, filter, page, rows::exhibit_from)
    }
    fn hits_in(
        &self,
        scope: &armstrace_domain::access::Scope,
        filter: &crate::ListFilter,
        page: Page,
    ) -> Result<Vec<BallisticHit>, StoreError> {
        in_scope(self, &rows::HITS, scope, filter, page, rows::hit_from)
    }
    fn exhibit(&self, id: RecordId) -> Result<Option<BallisticExhibit>, StoreError> {
        by_id(self, &rows::EXHIBITS, id, rows::exhibit_from)
    }
    fn hit(&self, id: RecordId) -> Result<Option<BallisticHit>, StoreError> {
        by_id(self, &rows::HITS, id, rows::hit_from)
    }
    fn save_attachment(&self, attachment: &crate::Attachment) -> Result<(), StoreError> {
        upsert(self, &crate::attachments::ATTACHMENTS, vec![crate::attachments::row(attachment)])
    }
    fn attachments_of(&self, record: RecordId) -> Result<Vec<crate::Attachment>, StoreError> {
        let kinds: Vec<rows::Kind> = crate::attachments::ATTACHMENTS.columns.iter().take(8).map(|(_, k)| *k).collect();
        let sql = format!("SELECT {} FROM attachments WHERE record_id = $1 ORDER BY id", crate::attachments::LISTED);
        self.query(&sql, &[Val::Id(record)], &kinds)?.iter().map(|r| crate::attachments::from(r)).collect()
    }
    fn attachment(&self, id: RecordId) -> Result<Option<crate::Attachment>, StoreError> {
        by_id(self, &crate::attachments::ATTACHMENTS, id, crate::attachments::from)
    }
    fn delete_attachments_of(&self, record: RecordId) -> Result<u64, StoreError> {
        self.execute("DELETE FROM attachments WHERE record_id = $1", &[Val::Id(record)])
    }
    fn exhibits(&self, page: Page) -> Result<Vec<BallisticExhibit>, StoreError> {
        list(self, &rows::EXHIBITS, "id", page, rows::exhibit_from)
    }
    fn hits(&self, page: Page) -> Result<Vec<BallisticHit>, StoreError> {
        list(self, &rows::HITS, "id", page, rows::hit_from)
    }
    fn production(&self, page: Page) -> Result<Vec<ProductionFigure>, StoreError> {
        list(self, &rows::PRODUCTION, "party_id, year, flow, firearm_type", page, rows::production_from)
    }
    fn ground_truth(&self, page: Page) -> Result<Vec<GroundTruth>, StoreError> {
        list(self, &rows::GROUND_TRUTH, "item_id", page, rows::truth_from)
    }
    fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        self.run_batch(sql)
    }

    fn save_user(&self, user: &UserAccount) -> Result<(), StoreError> {
        upsert(self, &accounts::USERS, vec![accounts::user_row(user)])
    }
    fn items_after(&self, after: Option<RecordId>, limit: u64) -> Result<Vec<Item>, StoreError> {
        let limit = Val::Int(limit.min(i64::MAX as u64) as i64);
        let sql = match after {
            Some(_) => format!("{} WHERE id > $1 ORDER BY id LIMIT $2", rows::ITEMS.select_sql()),
            None => format!("{} ORDER BY id LIMIT $1", rows::ITEMS.select_sql()),
        };
        let params: Vec<Val> = match after {
            Some(a) => vec![Val::Id(a), limit],
            None => vec![limit],
        };
        self.query(&sql, &params, &kinds(&rows::ITEMS))?.iter().map(|r| rows::item_from(r)).collect()
    }
    fn markings_after(&self, after: Option<RecordId>, limit: u64) -> Result<Vec<crate::ItemMarkings>, StoreError> {
        use rows::Kind::{Id, Int, Text};
        let cols = "SELECT id, serial_norm, COALESCE(manufacturer_id, manufacturer_raw), COALESCE(model, model_raw), \
                    COALESCE(firearm_type, type_raw), COALESCE(calibre_id, calibre_raw), COALESCE(country_of_manufacture, ''), \
                    year_of_manufacture, owner_country, status FROM items";
        let limit = Val::Int(limit.min(i64::MAX as u64) as i64);
        let (sql, params) = match after {
            Some(a) => (format!("{cols} WHERE id > $1 ORDER BY id LIMIT $2"), vec![Val::Id(a), limit]),
            None => (format!("{cols} ORDER BY id LIMIT $1"), vec![limit]),
        };
        let kinds = [Id, Text, Text, Text, Text, Text, Text, Int, Text, Text];
        let text = |v: &Val| v.as_str().unwrap_or("").to_string();
        self.query(&sql, &params, &kinds)?
            .iter()
            .map(|r| {
                let Val::Id(id) = r[0] else {
                    return Err(StoreError::Corrupt { table: "items", id: String::new(), reason: "an item without an id".into() });
                };
                Ok(crate::ItemMarkings {
                    id,
                    serial: text(&r[1]),
                    manufacturer: text(&r[2]),
                    model: text(&r[3]),
                    firearm_type: text(&r[4]),
                    calibre: text(&r[5]),
                    country_of_manufacture: text(&r[6]),
                    year: match r[7] {
                        Val::Int(y) => u16::try_from(y).ok(),
                        _ => None,
                    },
                    country: text(&r[8]),
                    status: text(&r[9]),
                })
            })
            .collect()
    }
    fn save_check_hit(&self, hit: &armstrace_domain::check::CheckHit) -> Result<(), StoreError> {
        upsert(self, &accounts::CHECK_HITS, vec![accounts::check_hit_row(hit)])
    }
    fn check_hit(&self, id: RecordId) -> Result<Option<armstrace_domain::check::CheckHit>, StoreError> {
        Ok(select(self, &accounts::CHECK_HITS, "WHERE id = $1", &[Val::Id(id)], accounts::check_hit_from)?.pop())
    }
    fn check_hits_of_item(&self, item: RecordId) -> Result<Vec<armstrace_domain::check::CheckHit>, StoreError> {
        select(self, &accounts::CHECK_HITS, "WHERE item_id = $1 OR matched_id = $1 ORDER BY id", &[Val::Id(item)], accounts::check_hit_from)
    }
    fn check_hits_of_agency(
        &self,
        agency: &str,
        status: Option<&str>,
        page: Page,
    ) -> Result<Vec<armstrace_domain::check::CheckHit>, StoreError> {
        let mut params = vec![Val::owned(agency.to_string())];
        let status_sql = match status {
            Some(st) => {
                params.push(Val::owned(st.to_string()));
                " AND status = $2"
            }
            None => "",
        };
        let (p, pp) = page_sql(page, params.len() + 1);
        params.extend(pp);
        let cond = format!("WHERE (item_agency = $1 OR matched_agency = $1){status_sql} ORDER BY id DESC{p}");
        select(self, &accounts::CHECK_HITS, &cond, &params, accounts::check_hit_from)
    }
    fn agency_policy(&self, agency: &str) -> Result<Option<crate::AgencyPolicy>, StoreError> {
        Ok(select(self, &accounts::AGENCY_POLICIES, "WHERE agency = $1", &[Val::owned(agency.to_string())], accounts::agency_policy_from)?
            .pop())
    }
    fn save_agency_policy(&self, policy: &crate::AgencyPolicy) -> Result<(), StoreError> {
        upsert(self, &accounts::AGENCY_POLICIES, vec![accounts::agency_policy_row(policy)])
    }
    fn user(&self, id: RecordId) -> Result<Option<UserAccount>, StoreError> {
        Ok(select(self, &accounts::USERS, "WHERE id = $1", &[Val::Id(id)], accounts::user_from)?.pop())
    }
    fn user_by_name(&self, username: &str) -> Result<Option<UserAccount>, StoreError> {
        let name = username.trim().to_lowercase();
        Ok(select(self, &accounts::USERS, "WHERE username = $1", &[Val::owned(name)], accounts::user_from)?.pop())
    }
    fn users(&self, agency: Option<&str>) -> Result<Vec<UserAccount>, StoreError> {
        match agency {
            Some(a) => select(self, &accounts::USERS, "WHERE agency = $1 ORDER BY username", &[Val::owned(a.into())], accounts::user_from),
            None => select(self, &accounts::USERS, "ORDER BY agency, username", &[], accounts::user_from),
        }
    }
    fn save_session(&self, session: &Session) -> Result<(), StoreError> {
        upsert(self, &accounts::SESSIONS, vec![accounts::session_row(session)])
    }
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        Ok(select(self, &accounts::SESSIONS, "WHERE token_hash = $1", &[Val::owned(token_hash.into())], accounts::session_from)?.pop())
    }
    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.execute("DELETE FROM sessions WHERE token_hash = $1", &[Val::owned(token_hash.into())]).map(drop)
    }
    fn delete_sessions_of(&self, user: RecordId) -> Result<(), StoreError> {
        self.execute("DELETE FROM sessions WHERE user_id = $1", &[Val::Id(user)]).map(drop)
    }
    fn save_api_token(&self, token: &ApiToken) -> Result<(), StoreError> {
        upsert(self, &accounts::API_TOKENS, vec![accounts::token_row(token)])
    }
    fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        Ok(select(self, &accounts::API_TOKENS, "WHERE token_hash = $1", &[Val::owned(token_hash.into())], accounts::token_from)?.pop())
    }
    fn api_tokens_of(&self, user: RecordId) -> Result<Vec<ApiToken>, StoreError> {
        select(self, &accounts::API_TOKENS, "WHERE user_id = $1 ORDER BY id", &[Val::Id(user)], accounts::token_from)
    }
    fn save_grant(&self, grant: &Grant, by: &str, at: Timestamp) -> Result<(), StoreError> {
        upsert(self, &accounts::GRANTS, vec![accounts::grant_row(grant, by, at)])
    }
    fn grants(&self, record: RecordId) -> Result<Vec<Grant>, StoreError> {
        select(self, &accounts::GRANTS, "WHERE record_id = $1 ORDER BY grantee", &[Val::Id(record)], accounts::grant_from)
    }
    fn audit_append(&self, entries: &[AuditEntry]) -> Result<bool, StoreError> {
        let t = &accounts::AUDIT;
        let placeholders: Vec<String> = (1..=t.columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (seq) DO NOTHING", t.name, t.column_list(), placeholders.join(", "));
        let rows: Vec<Vec<Val>> = entries.iter().map(accounts::audit_row).collect();
        self.execute_all(&sql, &rows)
    }
    fn audit_last(&self) -> Result<Option<AuditEntry>, StoreError> {
        Ok(select(self, &accounts::AUDIT, "ORDER BY seq DESC LIMIT 1", &[], accounts::audit_from)?.pop())
    }
    fn audit_entries(&self, after: u64, limit: u64) -> Result<Vec<AuditEntry>, StoreError> {
        let p = [Val::Int(after.min(i64::MAX as u64) as i64), Val::Int(limit.min(i64::MAX as u64) as i64)];
        select(self, &accounts::AUDIT, "WHERE seq > $1 ORDER BY seq LIMIT $2", &p, accounts::audit_from)
    }
    fn audit_search(&self, filter: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>, StoreError> {
        let mut clauses = Vec::new();
        let mut params: Vec<Val<'static>> = Vec::new();
        for (col, v) in [("agency", &filter.agency), ("username", &filter.username), ("action", &filter.action)] {
            if let Some(v) = v {
                params.push(Val::owned(v.clone()));
                clauses.push(format!("{col} = ${}", params.len()));
            }
        }
        if let Some(r) = filter.record {
            params.push(Val::Id(r));
            clauses.push(format!("record_id = ${}", params.len()));
        }
        let (p, pp) = page_sql(page, params.len() + 1);
        params.extend(pp);
        let w = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        select(self, &accounts::AUDIT, &format!("{w} ORDER BY seq DESC{p}"), &params, accounts::audit_from)
    }
    fn save_contact_points(&self, points: &[armstrace_domain::directory::ContactPoint]) -> Result<(), StoreError> {
        if points.is_empty() {
            return Ok(());
        }
        upsert(self, &crate::directory::CONTACT_POINTS, points.iter().map(crate::directory::row).collect())
    }
    fn contact_point(&self, id: RecordId) -> Result<Option<armstrace_domain::directory::ContactPoint>, StoreError> {
        by_id(self, &crate::directory::CONTACT_POINTS, id, crate::directory::from)
    }
    fn contact_points(
        &self,
        filter: &crate::ContactFilter,
        page: Page,
    ) -> Result<Vec<armstrace_domain::directory::ContactPoint>, StoreError> {
        let (w, mut params) = crate::directory::filter_sql(filter);
        let (p, pp) = page_sql(page, params.len() + 1);
        params.extend(pp);
        select(
            self,
            &crate::directory::CONTACT_POINTS,
            &format!("{w} ORDER BY country, kind, authority, id{p}"),
            &params,
            crate::directory::from,
        )
    }
    fn count_contact_points(&self, filter: &crate::ContactFilter) -> Result<u64, StoreError> {
        let (w, params) = crate::directory::filter_sql(filter);
        let r = self.query(&format!("SELECT COUNT(*) FROM contact_points{w}"), &params, &[rows::Kind::Int])?;
        Ok(r.first().and_then(|r| r.first()).and_then(|v| if let Val::Int(i) = v { Some(*i as u64) } else { None }).unwrap_or(0))
    }
    fn delete_contact_point(&self, id: RecordId) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM contact_points WHERE id = $1", &[Val::Id(id)])? > 0)
    }
    fn save_community(&self, rows: &[crate::CommunityRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        upsert(self, &crate::community::COMMUNITY, rows.iter().map(crate::community::row).collect())
    }
    fn community(&self, id: RecordId) -> Result<Option<crate::CommunityRow>, StoreError> {
        by_id(self, &crate::community::COMMUNITY, id, crate::community::from)
    }
    fn community_by_ids(&self, ids: &[RecordId]) -> Result<Vec<crate::CommunityRow>, StoreError> {
        by_ids(self, &crate::community::COMMUNITY, ids, crate::community::from)
    }
    fn community_list(&self, q: &crate::CommunityQuery, page: Page) -> Result<Vec<crate::CommunityRow>, StoreError> {
        let (w, mut params) = crate::community::filter_sql(q);
        let (p, pp) = page_sql(page, params.len() + 1);
        params.extend(pp);
        let order = if q.newest_first { "day DESC, id DESC" } else { "day, id" };
        select(self, &crate::community::COMMUNITY, &format!("{w} ORDER BY {order}{p}"), &params, crate::community::from)
    }
    fn count_community(&self, q: &crate::CommunityQuery) -> Result<u64, StoreError> {
        let (w, params) = crate::community::filter_sql(q);
        let r = self.query(&format!("SELECT COUNT(*) FROM community{w}"), &params, &[rows::Kind::Int])?;
        Ok(r.first().and_then(|r| r.first()).and_then(|v| if let Val::Int(i) = v { Some(*i as u64) } else { None }).unwrap_or(0))
    }
    fn delete_community(&self, id: RecordId) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM community WHERE id = $1", &[Val::Id(id)])? > 0)
    }
}
