//! Records as people reach them: every read and write goes through the access policy
//! (`armstrace_domain::access`) and the audit log. Nothing above this layer touches the store for
//! records.

use armstrace_domain::access::{may_change, may_read, Action, Grant, Principal, Scope};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, HistoryEvent};
use armstrace_domain::id::RecordId;
use armstrace_domain::item::Item;
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::time::Timestamp;
use armstrace_store::{ItemFilter, ListFilter, Page, Store, WriteBatch};

use crate::kinds::{Link, RecordKind};

use crate::audit::{Auditor, Event};
use crate::error::ServiceError;
use crate::seizure::SeizureForm;

/// The largest page a list returns.
pub const MAX_PAGE: u64 = 500;
/// The largest photo accepted.
pub const MAX_PHOTO_BYTES: usize = 15_000_000;

/// The image type of a file, from its first bytes.
pub fn image_type(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Lists count their records up to this many; beyond, they say "or more". Counting further costs
/// every page view a longer index walk (at a million records, 10,000 put the list pages' p95 above
/// 60 ms under load); the analysis pages give exact figures.
pub const COUNT_CAP: u64 = 1_000;
/// The dashboard's figures count further: they are read once per visit, from the narrow indexes.
pub const DASHBOARD_CAP: u64 = 100_000;

/// Who asks, from where, when.
pub struct Ctx<'a> {
    pub store: &'a dyn Store,
    pub audit: &'a Auditor,
    pub who: &'a Principal,
    pub source: &'a str,
    pub now: Timestamp,
    /// The cross-check index: every item written through these services goes in, and is checked.
    pub checks: &'a crate::crosscheck::CrossCheck,
}

/// One page of a list and the number of records the whole list has (in the reader's scope).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed<T> {
    /// The number of records, counted up to [`COUNT_CAP`]; `total_capped` says the list has more.
    pub total: u64,
    pub total_capped: bool,
    pub offset: u64,
    pub limit: u64,
    pub records: Vec<T>,
}

/// What recording a seizure did: the checks, and the records when it saved them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Recorded {
    pub checked: crate::seizure::Checked,
    pub incident: Option<RecordId>,
    pub items: Vec<RecordId>,
}

/// An item with its history, as the detail page and the API show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ItemView {
    pub item: Item,
    pub history: Vec<HistoryEvent>,
}

impl Ctx<'_> {
    pub(crate) fn log(&self, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Result<(), ServiceError> {
        self.audit.record(self.store, Event::principal(self.who, self.source, action, record_type, record, detail), self.now)?;
        Ok(())
    }

    /// The entry of a read (a record, a list, a check): possibly stored just after the answer (see
    /// [`crate::audit::Auditor`]).
    pub(crate) fn log_read(&self, action: &str, record_type: &str, record: Option<RecordId>, detail: String) -> Result<(), ServiceError> {
        self.audit.record_read(self.store, Event::principal(self.who, self.source, action, record_type, record, detail), self.now)?;
        Ok(())
    }

    pub(crate) fn readable(&self, meta: &RecordMeta) -> Result<bool, ServiceError> {
        self.readable_in(&Scope::of(self.who), meta)
    }

    /// As [`Ctx::readable`], with the principal's scope already built (lists check many records).
    pub(crate) fn readable_in(&self, scope: &Scope, meta: &RecordMeta) -> Result<bool, ServiceError> {
        // Grants matter only where the handling code does not already decide.
        if scope.admits(meta, &[]) {
            return Ok(true);
        }
        let grants = self.store.grants(meta.id)?;
        Ok(!grants.is_empty() && may_read(self.who, meta, &grants))
    }

    /// Items in the reader's scope. Listing is audited with its filter: registry and case records
    /// are both items.
    pub fn list_items(&self, mut filter: ItemFilter, offset: u64, limit: u64) -> Result<Listed<Item>, ServiceError> {
        filter.scope = Some(Scope::of(self.who));
        let limit = limit.clamp(1, MAX_PAGE);
        // One walk of a narrow index gives the page and the count; pages beyond the cap ask again.
        let ids = self.store.item_ids(&filter, COUNT_CAP + 1)?;
        let counted = ids.len() as u64;
        let records = if offset < counted {
            let from = offset as usize;
            let to = (offset + limit).min(counted) as usize;
            // The ids may come from the store's cache of recent walks: each record is checked
            // against the policy again before it is shown.
            let mut shown = Vec::with_capacity(to - from);
            let scope = filter.scope.clone().unwrap_or_else(|| Scope::of(self.who));
            for item in self.store.items_by_ids(&ids[from..to])? {
                if self.readable_in(&scope, &item.meta)? {
                    shown.push(item);
                }
            }
            shown
        } else if counted > COUNT_CAP {
            self.store.items(&filter, Page { offset, limit })?
        } else {
            vec![]
        };
        self.log_read("list", "item", None, describe_filter(&filter, offset))?;
        Ok(Listed { total: counted.min(COUNT_CAP), total_capped: counted > COUNT_CAP, offset, limit, records })
    }

    /// Counts of the reader's items by status (up to [`COUNT_CAP`] each), for the dashboard.
    pub fn count_items(&self, filter: ItemFilter) -> Result<(u64, bool), ServiceError> {
        let filter = ItemFilter { scope: Some(Scope::of(self.who)), ..filter };
        let n = self.store.count_items_upto(&filter, DASHBOARD_CAP + 1)?;
        Ok((n.min(DASHBOARD_CAP), n > DASHBOARD_CAP))
    }

    pub fn item(&self, id: RecordId) -> Result<ItemView, ServiceError> {
        let item = self.store.item(id)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&item.meta)? {
            // Same answer as for a missing record: existence is itself information.
            return Err(ServiceError::not_found("item"));
        }
        let history = self.store.history(id)?;
        self.log_read("read", "item", Some(id), String::new())?;
        Ok(ItemView { item, history })
    }

    /// Records a new item for the principal's agency (a seizure, a found or surrendered firearm, a
    /// registration). The owner, times and status are set here, not taken from the request.
    pub fn create_item(
        &self,
        mut item: Item,
        history: Vec<HistoryEvent>,
        handling: Option<HandlingCode>,
    ) -> Result<ItemView, ServiceError> {
        if !self.who.may(Action::RecordSeizure) {
            return Err(ServiceError::forbidden(format!(
                "a {} does not record items; ask an officer or investigator of your agency",
                self.who.role.label()
            )));
        }
        let handling = handling.unwrap_or(item.meta.handling);
        if handling > self.who.clearance {
            return Err(ServiceError::forbidden(format!("you cannot mark a record {handling}: it is above your clearance")));
        }
        item.meta = RecordMeta::new(RecordId::new(), &self.who.agency, self.who.country, handling, self.now, &self.who.username);
        let history: Vec<HistoryEvent> = history
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e.id = RecordId::new();
                e.item = item.meta.id;
                e.seq = i as u32;
                e
            })
            .collect();
        item.status = derive_status(&history);
        self.store.write(&WriteBatch { items: vec![item.clone()], events: history.clone(), ..Default::default() })?;
        self.log("create", "item", Some(item.meta.id), item.markings.serial.normalized().to_string())?;
        self.cross_check(std::slice::from_ref(&item))?;
        Ok(ItemView { item, history })
    }

    /// Changes an item of the principal's agency. The owner and the creation stamp stay.
    pub fn update_item(&self, id: RecordId, mut item: Item) -> Result<ItemView, ServiceError> {
        let old = self.store.item(id)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&old.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        if !may_change(self.who, &old.meta, Action::EditRecords) {
            return Err(ServiceError::forbidden(format!(
                "only {} (officers, investigators, administrators) changes this record, within their clearance",
                old.meta.agency
            )));
        }
        let handling = item.meta.handling;
        if handling > self.who.clearance {
            return Err(ServiceError::forbidden(format!("you cannot mark a record {handling}: it is above your clearance")));
        }
        item.meta = RecordMeta { handling, updated_at: self.now, updated_by: self.who.username.clone(), ..old.meta.clone() };
        let history = self.store.history(id)?;
        item.status = derive_status(&history);
        self.store.write(&WriteBatch { items: vec![item.clone()], ..Default::default() })?;
        self.log("update", "item", Some(id), String::new())?;
        self.cross_check(std::slice::from_ref(&item))?;
        Ok(ItemView { item, history })
    }

    /// Records a seizure from the standard template: the incident, its items (each with a `seized`
    /// event) and its persons, in one transaction. Errors stop it; warnings stop it too until the
    /// officer confirms having checked them.
    pub fn record_seizure(&self, form: &SeizureForm, warnings_checked: bool) -> Result<Recorded, ServiceError> {
        if !self.who.may(Action::RecordSeizure) {
            return Err(ServiceError::forbidden(format!(
                "a {} does not record seizures; ask an officer or investigator of your agency",
                self.who.role.label()
            )));
        }
        let (checked, seizure) = crate::seizure::check(form, self.who, self.now);
        let Some(s) = seizure.filter(|_| checked.warnings.is_empty() || warnings_checked) else {
            return Ok(Recorded { checked, incident: None, items: vec![] });
        };
        let items: Vec<RecordId> = s.items.iter().map(|i| i.meta.id).collect();
        let incident = s.incident.meta.id;
        let written = s.items.clone();
        self.store.write(&WriteBatch {
            incidents: vec![s.incident],
            items: s.items,
            events: s.events,
            parties: s.persons,
            fresh: true,
            ..Default::default()
        })?;
        self.log("create", "incident", Some(incident), format!("seizure of {} item(s)", items.len()))?;
        self.cross_check(&written)?;
        Ok(Recorded { checked, incident: Some(incident), items })
    }

    /// Imports a registry extract, lost/stolen reports, seizures or licensees for the principal's
    /// agency (all or nothing unless `partial`). Every record belongs to the principal's agency; rows
    /// naming another owner, an id of their own, or a handling code above the clearance are refused.
    /// `shown_as` names the file in the report as the user knows it.
    pub fn import_file(
        &self,
        path: &std::path::Path,
        shown_as: &str,
        kind: crate::import::ImportKind,
        handling: HandlingCode,
        partial: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Result<crate::import::ImportReport, Vec<crate::import::RowError>>, ServiceError> {
        use crate::import::{ImportError, ImportKind, ImportOptions};
        if !self.who.may(Action::ImportFiles) {
            return Err(ServiceError::forbidden(format!("a {} does not import files", self.who.role.label())));
        }
        if matches!(kind, ImportKind::Items | ImportKind::Events) {
            return Err(ServiceError::invalid(
                "re-imports of armstrace exports keep their ids and owners: they go through the command line",
            ));
        }
        if handling > self.who.clearance {
            return Err(ServiceError::forbidden(format!("you cannot mark records {handling}: it is above your clearance")));
        }
        let opts = ImportOptions {
            kind,
            agency: self.who.agency.clone(),
            country: self.who.country,
            handling,
            user: self.who.username.clone(),
            partial,
            rejects: None,
            mapping: None,
            sheet: None,
            now: self.now,
            chunk: 5_000,
            owner_only: Some(self.who.clearance),
        };
        let real = path.display().to_string();
        let rename = |mut e: crate::import::RowError| {
            if e.file == real {
                e.file = shown_as.to_string();
            }
            e
        };
        let outcome = crate::import::import_file(self.store, path, &opts, progress);
        let detail = |what: &str| format!("{shown_as} ({}): {what}", kind.as_str());
        match outcome {
            Ok(mut report) => {
                // What the import wrote goes into the cross-check index, and is checked.
                for ids in self.checks.refresh(self.store)?.chunks(1_000) {
                    let items = self.store.items_by_ids(ids)?;
                    self.cross_check(&items)?;
                }
                report.file = shown_as.to_string();
                report.rejected = report.rejected.into_iter().map(rename).collect();
                report.warnings = report.warnings.into_iter().map(|w| w.replace(&real, shown_as)).collect();
                self.log(
                    "import",
                    "file",
                    None,
                    detail(&format!("{} rows written, {} refused", report.rows_written, report.rows_rejected)),
                )?;
                Ok(Ok(report))
            }
            Err(ImportError::Rows { errors }) => {
                self.log("import_refused", "file", None, detail(&format!("{} bad rows, nothing written", errors.len())))?;
                Ok(Err(errors.into_iter().map(rename).collect()))
            }
            Err(ImportError::Store(e)) => Err(e.into()),
            Err(other) => Err(ServiceError::invalid(other.to_string().replace(&real, shown_as))),
        }
    }

    /// Shares an item of the principal's agency with an agency or a named user (need to know). RED
    /// and AMBER+STRICT records are shared with named users only (TLP 2.0); the grantee still needs
    /// the clearance for the record's handling code.
    pub fn share_item(&self, id: RecordId, agency: Option<&str>, username: Option<&str>) -> Result<Vec<Grant>, ServiceError> {
        let item = self.store.item(id)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&item.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        if !may_change(self.who, &item.meta, Action::ShareRecords) {
            return Err(ServiceError::forbidden(format!(
                "only an investigator, point of contact or administrator of {} shares this record",
                item.meta.agency
            )));
        }
        let grant = match (agency.map(str::trim).filter(|a| !a.is_empty()), username.map(str::trim).filter(|u| !u.is_empty())) {
            (Some(_), Some(_)) | (None, None) => return Err(ServiceError::invalid("name either an agency or a user to share with")),
            (Some(a), None) => {
                if armstrace_domain::access::reach(item.meta.handling) == armstrace_domain::access::Reach::Agency {
                    return Err(ServiceError::invalid(format!(
                        "a {} record is shared with named users only (TLP 2.0): name the user",
                        item.meta.handling
                    )));
                }
                Grant { record: id, agency: Some(a.to_uppercase()), user: None }
            }
            (None, Some(u)) => {
                let user = self.store.user_by_name(u)?.ok_or_else(|| ServiceError::invalid(format!("no user named '{u}'")))?;
                Grant { record: id, agency: None, user: Some(user.id) }
            }
        };
        self.store.save_grant(&grant, &self.who.username, self.now)?;
        let to = grant.agency.clone().or(username.map(String::from)).unwrap_or_default();
        self.log("share", "item", Some(id), format!("shared with {to}"))?;
        Ok(self.store.grants(id)?)
    }

    /// The grants of an item, for its owning agency.
    pub fn item_grants(&self, id: RecordId) -> Result<Vec<Grant>, ServiceError> {
        let item = self.store.item(id)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&item.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        if item.meta.agency != self.who.agency {
            return Err(ServiceError::forbidden("only the owning agency sees with whom a record is shared"));
        }
        Ok(self.store.grants(id)?)
    }

    /// Attaches a photo to an item of the principal's agency (what the markings look like is
    /// evidence: worn, altered or obliterated serials above all). JPEG, PNG and WebP only, checked
    /// by their content, not their name, so that nothing else is ever served back as an image.
    pub fn attach_photo(&self, item: RecordId, name: &str, content: Vec<u8>) -> Result<armstrace_store::Attachment, ServiceError> {
        let it = self.store.item(item)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&it.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        if !(may_change(self.who, &it.meta, Action::RecordSeizure) || may_change(self.who, &it.meta, Action::EditRecords)) {
            return Err(ServiceError::forbidden(format!("only {} adds photos to this record", it.meta.agency)));
        }
        let content_type = image_type(&content).ok_or_else(|| {
            ServiceError::invalid(format!("'{name}' is not a JPEG, PNG or WebP photo; take or export the photo in one of those formats"))
        })?;
        if content.len() > MAX_PHOTO_BYTES {
            return Err(ServiceError::invalid(format!(
                "'{name}' has {} MB; a photo may have at most {} MB",
                content.len() / 1_000_000,
                MAX_PHOTO_BYTES / 1_000_000
            )));
        }
        use sha2::Digest;
        let a = armstrace_store::Attachment {
            id: RecordId::new(),
            record: item,
            name: name.chars().filter(|c| !c.is_control()).take(200).collect(),
            content_type: content_type.to_string(),
            size: content.len() as u64,
            sha256: armstrace_domain::account::hex(&sha2::Sha256::digest(&content)),
            created_at: self.now,
            created_by: self.who.username.clone(),
            content,
        };
        self.store.save_attachment(&a)?;
        self.log("attach", "item", Some(item), format!("{} ({} bytes, sha256 {})", a.name, a.size, a.sha256))?;
        Ok(a)
    }

    /// The photos of an item the reader may see (without their content).
    pub fn photos(&self, item: RecordId) -> Result<Vec<armstrace_store::Attachment>, ServiceError> {
        let it = self.store.item(item)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&it.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        Ok(self.store.attachments_of(item)?)
    }

    /// One photo of an item, with its content.
    pub fn photo(&self, item: RecordId, photo: RecordId) -> Result<armstrace_store::Attachment, ServiceError> {
        let it = self.store.item(item)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&it.meta)? {
            return Err(ServiceError::not_found("photo"));
        }
        let a = self.store.attachment(photo)?.filter(|a| a.record == item).ok_or_else(|| ServiceError::not_found("photo"))?;
        self.log_read("read", "attachment", Some(photo), format!("photo of item {item}"))?;
        Ok(a)
    }

    /// Whether the principal's role reads records of this kind at all.
    fn check_reader<K: RecordKind>(&self) -> Result<(), ServiceError> {
        if K::READ.is_empty() || K::READ.iter().any(|a| self.who.may(*a)) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(format!("a {} does not read records of this kind ({})", self.who.role.label(), K::WHAT)))
        }
    }

    /// One record of a kind (incident, person, licence, ballistic exhibit or hit); every read audited.
    pub fn get<K: RecordKind>(&self, id: RecordId) -> Result<K, ServiceError> {
        self.check_reader::<K>()?;
        let record = K::fetch(self.store, id)?.ok_or_else(|| ServiceError::not_found(K::WHAT))?;
        if !self.readable(record.meta())? {
            return Err(ServiceError::not_found(K::WHAT));
        }
        self.log_read("read", K::TYPE, Some(id), String::new())?;
        Ok(record)
    }

    /// One page of a kind of record in the reader's scope, newest first; the listing is audited
    /// with its filter.
    pub fn list<K: RecordKind>(&self, mut filter: ListFilter, offset: u64, limit: u64) -> Result<Vec<K>, ServiceError> {
        self.check_reader::<K>()?;
        if let Some(k) = filter.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            filter.kind = Some(crate::kinds::kind_code::<K>(k).map_err(ServiceError::invalid)?);
        } else {
            filter.kind = None;
        }
        match filter.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(_) if !K::BY_COUNTRY => return Err(ServiceError::invalid(format!("a list of {}s is not filtered by country", K::WHAT))),
            Some(c) => {
                let code = armstrace_domain::country::CountryCode::parse(c)
                    .map_err(|_| ServiceError::invalid(format!("country: '{c}' is not an ISO 3166 alpha-3 code such as HRV")))?;
                filter.country = Some(code.as_str().to_string());
            }
            None => filter.country = None,
        }
        let list = K::list(self.store, &Scope::of(self.who), &filter, Page { offset, limit: limit.clamp(1, MAX_PAGE) })?;
        let mut said = vec![format!("offset={offset}")];
        for (k, v) in [("kind", &filter.kind), ("search", &filter.search), ("country", &filter.country)] {
            if let Some(v) = v {
                said.push(format!("{k}={v}"));
            }
        }
        self.log_read("list", K::TYPE, None, said.join(" "))?;
        Ok(list)
    }

    /// Records a new record of a kind for the principal's agency. The owner, times and id are set
    /// here, not taken from the request; what it links to must be readable by the writer.
    pub fn create<K: RecordKind>(
        &self,
        mut record: K,
        handling: Option<armstrace_domain::handling::HandlingCode>,
    ) -> Result<K, ServiceError> {
        if !K::CHANGE.iter().any(|a| self.who.may(*a)) {
            return Err(ServiceError::forbidden(format!("a {} does not record a {}", self.who.role.label(), K::WHAT)));
        }
        self.check_reader::<K>()?;
        let handling = handling.unwrap_or(record.meta().handling);
        if handling > self.who.clearance {
            return Err(ServiceError::forbidden(format!("you cannot mark a record {handling}: it is above your clearance")));
        }
        record.check().map_err(ServiceError::invalid)?;
        self.check_links(&record.links())?;
        let id = RecordId::new();
        *record.meta_mut() = RecordMeta::new(id, &self.who.agency, self.who.country, handling, self.now, &self.who.username);
        let mut batch = WriteBatch { fresh: true, ..Default::default() };
        record.clone().add_to(&mut batch);
        self.store.write(&batch)?;
        self.log("create", K::TYPE, Some(id), String::new())?;
        Ok(record)
    }

    /// Changes a record of the principal's agency; owner and creation stamp stay. The handling code
    /// may change within the writer's clearance.
    /// `handling`: the new handling code; `None` keeps the record's.
    pub fn update<K: RecordKind>(
        &self,
        id: RecordId,
        mut record: K,
        handling: Option<armstrace_domain::handling::HandlingCode>,
    ) -> Result<K, ServiceError> {
        self.check_reader::<K>()?;
        let old = K::fetch(self.store, id)?.ok_or_else(|| ServiceError::not_found(K::WHAT))?;
        if !self.readable(old.meta())? {
            return Err(ServiceError::not_found(K::WHAT));
        }
        if !K::CHANGE.iter().any(|a| may_change(self.who, old.meta(), *a)) {
            return Err(ServiceError::forbidden(format!(
                "only {} changes this {}, within the clearance of the one who changes it",
                old.meta().agency,
                K::WHAT
            )));
        }
        let handling = handling.unwrap_or(old.meta().handling);
        if handling > self.who.clearance {
            return Err(ServiceError::forbidden(format!("you cannot mark a record {handling}: it is above your clearance")));
        }
        record.revise(&old).map_err(ServiceError::invalid)?;
        record.check().map_err(ServiceError::invalid)?;
        self.check_links(&record.links())?;
        *record.meta_mut() = RecordMeta { handling, updated_at: self.now, updated_by: self.who.username.clone(), ..old.meta().clone() };
        let mut batch = WriteBatch::default();
        record.clone().add_to(&mut batch);
        self.store.write(&batch)?;
        let detail =
            if handling != old.meta().handling { format!("handling {} → {handling}", old.meta().handling) } else { String::new() };
        self.log("update", K::TYPE, Some(id), detail)?;
        Ok(record)
    }

    /// Every linked record exists and is readable by the writer; the message names the link and
    /// does not tell a forbidden record from a missing one.
    fn check_links(&self, links: &[Link]) -> Result<(), ServiceError> {
        let scope = Scope::of(self.who);
        for link in links {
            let (what, meta) = match *link {
                Link::Item(id) => ("item", self.store.item(id)?.map(|r| r.meta)),
                Link::Party(id) => ("person or organisation", self.store.party(id)?.map(|r| r.meta)),
                Link::Incident(id) => ("incident", self.store.incident(id)?.map(|r| r.meta)),
                Link::Licence(id) => ("licence", self.store.licence(id)?.map(|r| r.meta)),
                Link::Exhibit(id) => ("ballistic exhibit", self.store.exhibit(id)?.map(|r| r.meta)),
            };
            let ok = match &meta {
                Some(m) => self.readable_in(&scope, m)?,
                None => false,
            };
            if !ok {
                let id = match *link {
                    Link::Item(i) | Link::Party(i) | Link::Incident(i) | Link::Licence(i) | Link::Exhibit(i) => i,
                };
                return Err(ServiceError::invalid(format!("the linked {what} {id} does not exist or is not yours to see")));
            }
        }
        Ok(())
    }

    /// Adds an event to an item's history (a transfer, an export, a theft report, a destruction…):
    /// the history is what tracing walks (ITI §§ 10–12 on record-keeping). The item's status
    /// follows from its history again.
    pub fn add_event(&self, item: RecordId, mut event: HistoryEvent) -> Result<ItemView, ServiceError> {
        let mut it = self.store.item(item)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&it.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        if !(may_change(self.who, &it.meta, Action::EditRecords) || may_change(self.who, &it.meta, Action::RecordSeizure)) {
            return Err(ServiceError::forbidden(format!("only {} adds to this item's history", it.meta.agency)));
        }
        let mut links: Vec<Link> = event.parties.iter().map(|p| Link::Party(p.party)).collect();
        links.extend(event.licence.map(Link::Licence));
        links.extend(event.incident.map(Link::Incident));
        self.check_links(&links)?;
        let mut history = self.store.history(item)?;
        event.id = RecordId::new();
        event.item = item;
        event.seq = history.iter().map(|e| e.seq + 1).max().unwrap_or(0);
        history.push(event.clone());
        it.status = derive_status(&history);
        it.meta.updated_at = self.now;
        it.meta.updated_by = self.who.username.clone();
        self.store.write(&WriteBatch { items: vec![it.clone()], events: vec![event.clone()], ..Default::default() })?;
        self.log("add_event", "item", Some(item), event.kind.code().to_string())?;
        self.cross_check(std::slice::from_ref(&it))?;
        Ok(ItemView { item: it, history })
    }
}

fn describe_filter(f: &ItemFilter, offset: u64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("status", &f.status),
        ("class", &f.class),
        ("type", &f.firearm_type),
        ("manufacturer", &f.manufacturer),
        ("calibre", &f.calibre),
        ("country", &f.country_of_manufacture),
        ("agency", &f.agency),
        ("serial", &f.serial),
    ] {
        if let Some(v) = v {
            parts.push(format!("{k}={v}"));
        }
    }
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    parts.join(" ")
}
