//! Cross-checking in the product: the matching index (`armstrace_matching`) over every item of the
//! store, kept current on every write through the services, and the hits it raises.
//!
//! Every seized, found or surrendered item is checked at once against registered, lost, stolen,
//! exported and earlier seized items; a new loss or theft report against earlier seizures (Firearms
//! Protocol art. 12(4), ITI §§ 17–19: the check is the first step of every trace). Confirmed and
//! probable candidates become hits for both owning agencies; possible ones are only shown to whoever
//! asked. A hit never shows a record its reader may not see: it says that a match exists and whom
//! to contact.

use std::sync::{Mutex, RwLock};

use armstrace_domain::check::{CheckHit, HitStatus};
use armstrace_domain::history::ItemStatus;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::{Item, Resolved};
use armstrace_matching::{Candidate, Index, Query, Record};
use armstrace_store::{Store, StoreError};

/// Items read from the store per page while the index is built.
const LOAD_PAGE: u64 = 20_000;
/// Hits raised per checked item at most (the best candidates).
pub const HITS_PER_ITEM: usize = 3;

/// The index of the node's items and where its loading got to.
#[derive(Default)]
pub struct CrossCheck {
    /// E-mail for new hits, when the node has an SMTP relay: the outbox and the address of the
    /// node as its users reach it (for the link).
    mail: std::sync::OnceLock<(crate::mail::Outbox, String)>,
    index: RwLock<Index<RecordId>>,
    /// The highest id loaded by [`CrossCheck::refresh`]: imports write new ids above it.
    loaded_upto: Mutex<Option<RecordId>>,
}

fn text(r: &Resolved) -> &str {
    r.id.as_deref().or(r.canonical.as_deref()).unwrap_or(&r.raw)
}

/// Whether an item's recording calls for a check, and against which statuses.
pub fn checked_against(status: ItemStatus) -> Option<&'static [ItemStatus]> {
    use ItemStatus::*;
    match status {
        Seized | Found | Surrendered | Recovered => {
            Some(&[Registered, Imported, Manufactured, Lost, Stolen, Exported, Seized, Found, Surrendered, Recovered, Unknown])
        }
        Lost | Stolen => Some(&[Seized, Found, Surrendered, Recovered]),
        _ => None,
    }
}

impl CrossCheck {
    pub fn new() -> CrossCheck {
        CrossCheck::default()
    }

    fn write_index(&self) -> std::sync::RwLockWriteGuard<'_, Index<RecordId>> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read_index(&self) -> std::sync::RwLockReadGuard<'_, Index<RecordId>> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.read_index().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Loads the items written since the last load (all of them the first time): at start, and
    /// after an import. Returns the ids of those loaded whose status calls for a check.
    pub fn refresh(&self, store: &dyn Store) -> Result<Vec<RecordId>, StoreError> {
        let mut upto = self.loaded_upto.lock().unwrap_or_else(|e| e.into_inner());
        let mut to_check = Vec::new();
        let mut loaded = 0usize;
        if upto.is_none() && self.is_empty() {
            // The first load builds the index in one pass (inserting one by one would rebuild it
            // again and again as it grows); the markings are held meanwhile (~350 MB a million).
            let mut all = Vec::new();
            loop {
                let page = store.markings_after(*upto, LOAD_PAGE)?;
                let Some(last) = page.last() else { break };
                *upto = Some(last.id);
                let full = page.len() as u64 == LOAD_PAGE;
                all.extend(page.into_iter().filter(|m| !m.serial.trim_matches('?').is_empty()));
                if !full {
                    break;
                }
            }
            let index = Index::build(all.iter().map(|m| (m.id, record_of(m))));
            *self.write_index() = index;
            // Everything was checked when it was written; nothing new to check at start.
            return Ok(vec![]);
        }
        loop {
            let page = store.markings_after(*upto, LOAD_PAGE)?;
            let Some(last) = page.last() else { break };
            *upto = Some(last.id);
            {
                let mut ix = self.write_index();
                for m in &page {
                    if m.serial.trim_matches('?').is_empty() {
                        continue;
                    }
                    let record = record_of(m);
                    // Items written through the services are in the index already, and were
                    // checked then; only what arrived another way (an import) is new here.
                    let known = ix.update(&m.id, &record);
                    if !known {
                        ix.insert(m.id, &record);
                    }
                    if !known && ItemStatus::parse(&m.status).ok().and_then(checked_against).is_some() {
                        to_check.push(m.id);
                    }
                }
            }
            loaded += page.len();
            if (page.len() as u64) < LOAD_PAGE {
                break;
            }
        }
        if loaded > 10_000 {
            self.write_index().compact();
        }
        Ok(to_check)
    }

    /// Sends new hits by e-mail too, through `outbox`; `public_url` is the node's address for links.
    pub fn set_mail(&self, outbox: crate::mail::Outbox, public_url: &str) {
        let _ = self.mail.set((outbox, public_url.trim_end_matches('/').to_string()));
    }

    pub fn outbox(&self) -> Option<&crate::mail::Outbox> {
        self.mail.get().map(|(o, _)| o)
    }

    /// The node's address for links in mail, when mail is configured.
    pub fn public_url(&self) -> Option<String> {
        self.mail.get().map(|(_, u)| u.clone())
    }

    pub fn remove(&self, id: RecordId) {
        self.write_index().remove(&id);
    }

    /// Puts a new or changed item in the index (or takes it out when it has no serial left).
    pub fn put(&self, item: &Item) {
        put(&mut self.write_index(), item);
    }

    /// The candidates for an item, without itself, of the statuses its own status is checked against.
    pub fn candidates_for(&self, item: &Item, limit: usize) -> Vec<Candidate<RecordId>> {
        let Some(against) = checked_against(item.status) else { return vec![] };
        let against: Vec<&str> = against.iter().map(|s| s.code()).collect();
        let ix = self.read_index();
        let q = query_of(item);
        ix.query(&q, limit + 1 + 8)
            .into_iter()
            .filter(|c| c.id != item.meta.id)
            .filter(|c| ix.get(&c.id).and_then(|r| r.status).is_some_and(|s| against.contains(&s.as_str())))
            .take(limit)
            .collect()
    }

    /// Candidates for a described firearm (a check before or without recording it).
    pub fn query(&self, q: &Query<'_>, limit: usize) -> Vec<Candidate<RecordId>> {
        self.read_index().query(q, limit)
    }
}

fn record_of(m: &armstrace_store::ItemMarkings) -> Record<'_> {
    Record {
        serial: &m.serial,
        manufacturer: &m.manufacturer,
        model: &m.model,
        firearm_type: &m.firearm_type,
        calibre: &m.calibre,
        country_of_manufacture: &m.country_of_manufacture,
        year: m.year,
        country: &m.country,
        status: &m.status,
    }
}

fn put(ix: &mut Index<RecordId>, item: &Item) {
    let serial = item.markings.serial.normalized();
    if serial.trim_matches('?').is_empty() {
        ix.remove(&item.meta.id);
        return;
    }
    let year = item.markings.year_of_manufacture.and_then(|y| u16::try_from(y).ok());
    let com = item.markings.country_of_manufacture.as_ref().map(|c| c.as_str()).unwrap_or("");
    let record = Record {
        serial,
        manufacturer: text(&item.markings.manufacturer),
        model: text(&item.classification.model),
        firearm_type: text(&item.classification.firearm_type),
        calibre: text(&item.classification.calibre),
        country_of_manufacture: com,
        year,
        country: item.meta.country.as_str(),
        status: item.status.code(),
    };
    if !ix.update(&item.meta.id, &record) {
        ix.insert(item.meta.id, &record);
    }
}

fn query_of(item: &Item) -> Query<'_> {
    Query {
        serial: item.markings.serial.normalized(),
        manufacturer: text(&item.markings.manufacturer),
        model: text(&item.classification.model),
        firearm_type: text(&item.classification.firearm_type),
        calibre: text(&item.classification.calibre),
        country_of_manufacture: item.markings.country_of_manufacture.as_ref().map(|c| c.as_str()).unwrap_or(""),
        year: item.markings.year_of_manufacture.and_then(|y| u16::try_from(y).ok()),
    }
}

/// A new hit between a checked item and a candidate record.
pub fn new_hit(item: &Item, matched: &Item, c: &Candidate<RecordId>, now: armstrace_domain::time::Timestamp) -> CheckHit {
    CheckHit {
        id: RecordId::new(),
        item: item.meta.id,
        matched: matched.meta.id,
        item_agency: item.meta.agency.clone(),
        matched_agency: matched.meta.agency.clone(),
        matched_status: matched.status.code().to_string(),
        score: c.score,
        confidence: c.confidence.code().to_string(),
        explanation: c.explanation.clone(),
        status: HitStatus::New,
        reason: String::new(),
        created_at: now,
        decided_at: None,
        decided_by: String::new(),
    }
}

use armstrace_domain::access::{Action, Scope};
use serde::{Deserialize, Serialize};

use crate::error::ServiceError;
use crate::records::Ctx;

/// One side of a hit as its reader sees it: the record when they may read it, else only whose
/// it is (whom to contact).
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub agency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HitView {
    pub id: RecordId,
    pub status: HitStatus,
    pub confidence: String,
    pub score: f32,
    pub created_at: armstrace_domain::time::Timestamp,
    /// The checked item (the seizure, or the loss or theft report).
    pub item: Side,
    /// The record it may be.
    pub matched: Side,
    /// Only when the reader may see both records: it describes the other record's serial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_status: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub decided_by: String,
    /// Whether the reader may confirm or reject it.
    pub can_decide: bool,
}

/// A firearm as described for a check (text as written, like the seizure template).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CheckRequest {
    pub serial: String,
    #[serde(default)]
    pub manufacturer: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub firearm_type: String,
    #[serde(default)]
    pub calibre: String,
    #[serde(default)]
    pub country_of_manufacture: String,
    #[serde(default)]
    pub year: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckAnswer {
    pub rank: usize,
    pub confidence: String,
    pub score: f32,
    /// The owning agency: whom to contact when the record itself is not the reader's to see.
    pub agency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Item>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl Ctx<'_> {
    /// Puts written items in the index and checks those whose status calls for it; confirmed and
    /// probable candidates become hits (once per pair), audited.
    pub(crate) fn cross_check(&self, items: &[Item]) -> Result<Vec<CheckHit>, ServiceError> {
        let mut raised = Vec::new();
        for item in items {
            // Checked before it goes in: in the index it would be its own best rival, and the
            // confidence of the true match is judged against the rivals.
            self.checks.remove(item.meta.id);
            let candidates: Vec<_> =
                self.checks.candidates_for(item, HITS_PER_ITEM).into_iter().filter(|c| c.confidence.alerts()).collect();
            self.checks.put(item);
            if candidates.is_empty() {
                continue;
            }
            let known: Vec<(RecordId, RecordId)> =
                self.store.check_hits_of_item(item.meta.id)?.iter().map(|h| (h.item, h.matched)).collect();
            for c in candidates {
                if known.iter().any(|(a, b)| (*a == item.meta.id && *b == c.id) || (*a == c.id && *b == item.meta.id)) {
                    continue;
                }
                let Some(matched) = self.store.item(c.id)? else { continue };
                let hit = new_hit(item, &matched, &c, self.now);
                self.store.save_check_hit(&hit)?;
                self.log(
                    "create",
                    "check_hit",
                    Some(hit.id),
                    format!("{} {} ↔ {} ({})", hit.confidence, item.meta.id, matched.meta.id, matched.meta.agency),
                )?;
                self.notify(&hit)?;
                raised.push(hit);
            }
        }
        Ok(raised)
    }

    /// E-mails a new hit to the users of both agencies who decide hits and gave an address: that a
    /// hit exists and where, nothing of the records (the e-mail leaves the node).
    fn notify(&self, hit: &CheckHit) -> Result<(), ServiceError> {
        let Some((outbox, base)) = self.checks.mail.get() else { return Ok(()) };
        let mut agencies = vec![hit.item_agency.as_str()];
        if hit.matched_agency != hit.item_agency {
            agencies.push(&hit.matched_agency);
        }
        for agency in agencies {
            for u in self.store.users(Some(agency))? {
                let p = u.principal();
                let decides = p.may(Action::EditRecords) || p.may(Action::Trace);
                let Some(email) = u.email.as_deref().filter(|e| crate::mail::valid_address(e) && decides && !u.disabled) else {
                    continue;
                };
                let (subject, text) =
                    notice_text(u.language, &hit.confidence, &hit.item_agency, &hit.matched_agency, &format!("{base}/hits/{}", hit.id));
                outbox.queue(crate::mail::Mail { to: vec![email.to_string()], subject, text, html: None });
            }
        }
        Ok(())
    }

    /// Checks a described firearm against every record of the node, without recording it. Records
    /// the reader may not see are named only by their owning agency.
    pub fn check(&self, req: &CheckRequest, limit: usize) -> Result<Vec<CheckAnswer>, ServiceError> {
        if req.serial.trim().is_empty() {
            return Err(ServiceError::invalid("serial: give the serial number as marked; write illegible characters as ?"));
        }
        let q = Query {
            serial: &req.serial,
            manufacturer: &req.manufacturer,
            model: &req.model,
            firearm_type: &req.firearm_type,
            calibre: &req.calibre,
            country_of_manufacture: &req.country_of_manufacture,
            year: req.year,
        };
        let scope = Scope::of(self.who);
        let candidates: Vec<Candidate<RecordId>> = self.checks.query(&q, limit.clamp(1, 50));
        let answers = self.answers(&scope, candidates)?;
        self.log_read("check", "item", None, format!("serial {}", req.serial.trim()))?;
        Ok(answers)
    }

    /// The candidates as the reader may see them, their records read in one query.
    fn answers(&self, scope: &Scope, candidates: Vec<Candidate<RecordId>>) -> Result<Vec<CheckAnswer>, ServiceError> {
        let ids: Vec<RecordId> = candidates.iter().map(|c| c.id).collect();
        let mut items: std::collections::HashMap<RecordId, Item> =
            self.store.items_by_ids(&ids)?.into_iter().map(|i| (i.meta.id, i)).collect();
        let mut answers = Vec::with_capacity(candidates.len());
        for (rank, c) in candidates.into_iter().enumerate() {
            let Some(item) = items.remove(&c.id) else { continue };
            let readable = self.readable_in(scope, &item.meta)?;
            answers.push(CheckAnswer {
                rank: rank + 1,
                confidence: c.confidence.code().to_string(),
                score: c.score,
                agency: item.meta.agency.clone(),
                explanation: readable.then_some(c.explanation),
                record: readable.then_some(item),
            });
        }
        Ok(answers)
    }

    fn hit_view(&self, scope: &Scope, hit: &CheckHit) -> Result<Option<HitView>, ServiceError> {
        let side = |id: RecordId, agency: &str| -> Result<(Side, bool), ServiceError> {
            let item = self.store.item(id)?;
            let readable = match &item {
                Some(i) => self.readable_in(scope, &i.meta)?,
                None => false,
            };
            Ok((Side { agency: agency.to_string(), item: if readable { item } else { None } }, readable))
        };
        let (item, read_item) = side(hit.item, &hit.item_agency)?;
        let (matched, read_matched) = side(hit.matched, &hit.matched_agency)?;
        let concerned = self.who.agency == hit.item_agency || self.who.agency == hit.matched_agency;
        if !(concerned || read_item || read_matched) {
            return Ok(None);
        }
        let both = read_item && read_matched;
        Ok(Some(HitView {
            id: hit.id,
            status: hit.status,
            confidence: hit.confidence.clone(),
            score: hit.score,
            created_at: hit.created_at,
            item,
            matched,
            explanation: both.then(|| hit.explanation.clone()),
            matched_status: read_matched.then(|| hit.matched_status.clone()),
            reason: hit.reason.clone(),
            decided_by: hit.decided_by.clone(),
            can_decide: both && concerned && (self.who.may(Action::EditRecords) || self.who.may(Action::Trace)),
        }))
    }

    /// The hits that concern the reader's agency, newest first (in-app notification).
    pub fn hits(&self, status: Option<HitStatus>, offset: u64, limit: u64) -> Result<Vec<HitView>, ServiceError> {
        let page = armstrace_store::Page { offset, limit: limit.clamp(1, crate::records::MAX_PAGE) };
        let list = self.store.check_hits_of_agency(&self.who.agency, status.map(|s| s.code()), page)?;
        let scope = Scope::of(self.who);
        let mut views = Vec::with_capacity(list.len());
        for h in &list {
            views.extend(self.hit_view(&scope, h)?);
        }
        self.log_read("list", "check_hit", None, format!("offset={offset}"))?;
        Ok(views)
    }

    pub fn hit(&self, id: RecordId) -> Result<HitView, ServiceError> {
        let hit = self.store.check_hit(id)?.ok_or_else(|| ServiceError::not_found("hit"))?;
        let view = self.hit_view(&Scope::of(self.who), &hit)?.ok_or_else(|| ServiceError::not_found("hit"))?;
        self.log_read("read", "check_hit", Some(id), String::new())?;
        Ok(view)
    }

    /// Confirms or rejects a hit: by an officer, investigator or point of contact of one of the two
    /// agencies who may read both records. A rejection needs a reason (it teaches the next reader).
    pub fn decide(&self, id: RecordId, confirm: bool, reason: &str) -> Result<HitView, ServiceError> {
        let mut hit = self.store.check_hit(id)?.ok_or_else(|| ServiceError::not_found("hit"))?;
        let scope = Scope::of(self.who);
        let view = self.hit_view(&scope, &hit)?.ok_or_else(|| ServiceError::not_found("hit"))?;
        if !view.can_decide {
            return Err(ServiceError::forbidden(format!(
                "only an officer, investigator or point of contact of {} or {} who may read both records decides this hit",
                hit.item_agency, hit.matched_agency
            )));
        }
        if hit.status != HitStatus::New {
            return Err(ServiceError::conflict(format!("this hit was already {} by {}", hit.status.code(), hit.decided_by)));
        }
        let reason = reason.trim();
        if !confirm && reason.is_empty() {
            return Err(ServiceError::invalid("reason: say why the two records are not the same firearm"));
        }
        hit.status = if confirm { HitStatus::Confirmed } else { HitStatus::Rejected };
        hit.reason = reason.chars().take(2000).collect();
        hit.decided_at = Some(self.now);
        hit.decided_by = self.who.username.clone();
        self.store.save_check_hit(&hit)?;
        self.log(hit.status.code(), "check_hit", Some(id), hit.reason.clone())?;
        self.hit_view(&scope, &hit)?.ok_or_else(|| ServiceError::not_found("hit"))
    }
}

/// One firearm of an uploaded file and its candidates among the node's records.
#[derive(Debug, Clone, Serialize)]
pub struct FileAnswer {
    pub row: usize,
    pub reference: String,
    pub serial: String,
    pub candidates: Vec<CheckAnswer>,
}

/// What a file check found: per firearm, and the rows that could not be checked.
#[derive(Debug, Clone, Serialize)]
pub struct FileChecked {
    pub file: String,
    pub checked: usize,
    pub with_alert: usize,
    pub answers: Vec<FileAnswer>,
    pub skipped: Vec<crate::import::RowError>,
}

/// The most firearms one uploaded file may hold (a bigger list goes through `armstrace check`).
pub const MAX_FILE_CHECKS: usize = 20_000;

impl Ctx<'_> {
    /// Checks every firearm of a spreadsheet (an operation's seizures) against the node's records,
    /// without recording anything. Candidates the reader may not see are named by agency only.
    pub fn check_file(&self, path: &std::path::Path, shown_as: &str, limit: usize) -> Result<FileChecked, ServiceError> {
        let (firearms, skipped) = crate::bulkcheck::read_firearms(path, shown_as).map_err(|e| ServiceError::invalid(e.to_string()))?;
        if firearms.len() > MAX_FILE_CHECKS {
            return Err(ServiceError::invalid(format!(
                "{shown_as} has {} firearms; check at most {MAX_FILE_CHECKS} at a time here, or use `armstrace check` at the terminal",
                firearms.len()
            )));
        }
        let scope = Scope::of(self.who);
        let mut answers = Vec::with_capacity(firearms.len());
        let mut with_alert = 0;
        for f in &firearms {
            let found: Vec<Candidate<RecordId>> = self.checks.query(&f.query(), limit.clamp(1, 10));
            let candidates = self.answers(&scope, found)?;
            if candidates.first().is_some_and(|c| c.confidence != "possible") {
                with_alert += 1;
            }
            answers.push(FileAnswer { row: f.row, reference: f.reference.clone(), serial: f.serial.clone(), candidates });
        }
        self.log(
            "check",
            "file",
            None,
            format!("{shown_as}: {} firearms, {with_alert} with an alert, {} rows skipped", firearms.len(), skipped.len()),
        )?;
        Ok(FileChecked { file: shown_as.to_string(), checked: firearms.len(), with_alert, answers, skipped })
    }
}

/// The notification of a new hit in the recipient's language.
fn notice_text(lang: armstrace_domain::account::Language, confidence: &str, a: &str, b: &str, link: &str) -> (String, String) {
    use armstrace_domain::account::Language;
    match lang {
        Language::Es => (
            "armstrace: una coincidencia del cotejo concierne a su agencia".into(),
            format!("Se encontró una coincidencia ({confidence}) entre un registro de {a} y un registro de {b}.\r\n\r\nÁbrala en armstrace para ver lo que le está permitido ver y decidir: {link}\r\n\r\nEste mensaje no contiene datos de los registros a propósito."),
        ),
        Language::Fr => (
            "armstrace : une concordance du contrôle concerne votre agence".into(),
            format!("Une concordance ({confidence}) a été trouvée entre un enregistrement de {a} et un enregistrement de {b}.\r\n\r\nOuvrez-la dans armstrace pour voir ce que vous pouvez voir et décider : {link}\r\n\r\nCe message ne contient volontairement aucune donnée des enregistrements."),
        ),
        Language::En => (
            "armstrace: a cross-check hit concerns your agency".into(),
            format!("A {confidence} match was found between a record of {a} and a record of {b}.\r\n\r\nOpen it in armstrace to see what you may see and to decide: {link}\r\n\r\nThis message carries no record details, on purpose."),
        ),
    }
}

/// What a full re-check did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rechecked {
    pub items_checked: usize,
    pub hits_raised: usize,
}

impl Ctx<'_> {
    /// Checks every item whose status calls for it again, against the whole node: after the engine
    /// changed, or for records that arrived without the services (a demo world, a restored backup).
    /// Hits already raised are kept; only new pairs are added. For system administrators.
    pub fn recheck_all(&self) -> Result<Rechecked, ServiceError> {
        if !self.who.may(Action::ManageNode) {
            return Err(ServiceError::forbidden("only a system administrator checks the whole node again"));
        }
        let mut done = Rechecked::default();
        let mut after = None;
        loop {
            let page = self.store.items_after(after, 5_000)?;
            let Some(last) = page.last() else { break };
            after = Some(last.meta.id);
            let due: Vec<Item> = page.into_iter().filter(|i| checked_against(i.status).is_some()).collect();
            done.items_checked += due.len();
            done.hits_raised += self.cross_check(&due)?.len();
        }
        self.log("recheck", "item", None, format!("{} items checked, {} hits raised", done.items_checked, done.hits_raised))?;
        Ok(done)
    }
}
