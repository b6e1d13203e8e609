//! The kinds of record besides items — incidents, persons and organisations, licences, ballistic
//! exhibits and hits — as the service layer reads, lists, creates and changes them: one generic path
//! (`Ctx::get`, `Ctx::list`, `Ctx::create`, `Ctx::update` in `records`) through the same policy and
//! audit, with what differs between kinds (who changes them, who reads them, what they link to)
//! said here once per kind.

use armstrace_domain::access::{Action, Scope};
use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit, ExhibitKind};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind};
use armstrace_domain::licence::{Licence, LicenceKind};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::party::{Party, PartyKind};
use armstrace_store::{ListFilter, Page, Store, StoreError, WriteBatch};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A record another one points at; the writer must be able to read it (no linking to what one
/// cannot see, which would also confirm that it exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Item(RecordId),
    Party(RecordId),
    Incident(RecordId),
    Licence(RecordId),
    Exhibit(RecordId),
}

pub trait RecordKind: Clone + Serialize + DeserializeOwned + Send + 'static {
    /// The record type in the audit log.
    const TYPE: &'static str;
    /// In the users' words, for messages.
    const WHAT: &'static str;
    /// Who records and changes this kind (any one of these, within their own agency).
    const CHANGE: &'static [Action];
    /// Who reads this kind (any one of these); empty: everyone, within the handling rules.
    const READ: &'static [Action];
    /// The kinds a list can be filtered by (stored codes); `None`: this record has no kind.
    type Kind: DeserializeOwned + Serialize;
    /// Whether a list can be filtered by country.
    const BY_COUNTRY: bool;

    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;
    fn fetch(store: &dyn Store, id: RecordId) -> Result<Option<Self>, StoreError>;
    fn list(store: &dyn Store, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Self>, StoreError>;
    fn add_to(self, batch: &mut WriteBatch);
    /// What the database cannot check: a message that names the field and says what to do.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
    fn links(&self) -> Vec<Link> {
        vec![]
    }
    /// On a change: keep what only the server sets (a workflow's state), or refuse the change.
    fn revise(&mut self, _old: &Self) -> Result<(), String> {
        Ok(())
    }
}

/// The kind filter of a list, checked against the kinds of the record (`filter.kind` as stored).
pub fn kind_code<K: RecordKind>(raw: &str) -> Result<String, String> {
    let parsed: Result<K::Kind, _> = serde_json::from_value(serde_json::Value::String(raw.trim().to_lowercase()));
    match parsed.ok().and_then(|k| serde_json::to_value(k).ok()) {
        Some(serde_json::Value::String(s)) => Ok(s),
        _ => Err(format!("'{raw}' is not a kind of {}", K::WHAT)),
    }
}

/// The accessors every kind has alike.
macro_rules! meta_fields {
    () => {
        fn meta(&self) -> &RecordMeta {
            &self.meta
        }
        fn meta_mut(&mut self) -> &mut RecordMeta {
            &mut self.meta
        }
    };
}

/// Where a kind is kept: the store's read and scoped list, and the write batch's list.
macro_rules! stored_as {
    ($one:ident, $list:ident, $batch:ident) => {
        fn fetch(store: &dyn Store, id: RecordId) -> Result<Option<Self>, StoreError> {
            store.$one(id)
        }
        fn list(store: &dyn Store, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Self>, StoreError> {
            store.$list(scope, filter, page)
        }
        fn add_to(self, batch: &mut WriteBatch) {
            batch.$batch.push(self);
        }
    };
}

/// Records that have no kind to filter by.
#[derive(Serialize, serde::Deserialize)]
pub enum NoKind {}

impl RecordKind for Incident {
    const TYPE: &'static str = "incident";
    const WHAT: &'static str = "incident";
    // Officers record what they seized; investigators complete the case.
    const CHANGE: &'static [Action] = &[Action::RecordSeizure, Action::EditRecords];
    const READ: &'static [Action] = &[];
    type Kind = IncidentKind;
    const BY_COUNTRY: bool = true;
    meta_fields!();
    stored_as!(incident, incidents_in, incidents);
    fn check(&self) -> Result<(), String> {
        if self.reference.trim().is_empty() {
            return Err("reference: give the case or seizure reference of your agency".into());
        }
        Ok(())
    }
    fn links(&self) -> Vec<Link> {
        self.items.iter().map(|i| Link::Item(*i)).chain(self.persons.iter().map(|p| Link::Party(p.party))).collect()
    }
}

impl RecordKind for Party {
    const TYPE: &'static str = "party";
    const WHAT: &'static str = "person or organisation";
    // Persons are personal data: recorded by those who read them (investigators) and by
    // licensing officers for licence holders (FP art. 10).
    const CHANGE: &'static [Action] = &[Action::EditRecords, Action::ManageLicences];
    const READ: &'static [Action] = &[Action::ReadPersons];
    type Kind = PartyKind;
    const BY_COUNTRY: bool = true;
    meta_fields!();
    stored_as!(party, parties_in, parties);
    fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("name: give the person's or organisation's name".into());
        }
        Ok(())
    }
}

impl RecordKind for Licence {
    const TYPE: &'static str = "licence";
    const WHAT: &'static str = "licence";
    const CHANGE: &'static [Action] = &[Action::ManageLicences];
    // Licences name their holders (personal data).
    const READ: &'static [Action] = &[Action::ReadPersons, Action::ManageLicences];
    type Kind = LicenceKind;
    const BY_COUNTRY: bool = true;
    meta_fields!();
    stored_as!(licence, licences_in, licences);
    fn check(&self) -> Result<(), String> {
        if self.number.trim().is_empty() {
            return Err("number: give the licence number as the issuing authority wrote it".into());
        }
        Licence::check(self).map_err(|e| e.to_string())
    }
    fn links(&self) -> Vec<Link> {
        self.holder.map(Link::Party).into_iter().collect()
    }
}

impl RecordKind for BallisticExhibit {
    const TYPE: &'static str = "ballistic_exhibit";
    const WHAT: &'static str = "ballistic exhibit";
    const CHANGE: &'static [Action] = &[Action::EditRecords];
    const READ: &'static [Action] = &[];
    type Kind = ExhibitKind;
    const BY_COUNTRY: bool = false;
    meta_fields!();
    stored_as!(exhibit, exhibits_in, exhibits);
    fn check(&self) -> Result<(), String> {
        if self.reference.trim().is_empty() {
            return Err("reference: give the laboratory's reference of the exhibit".into());
        }
        Ok(())
    }
    fn links(&self) -> Vec<Link> {
        self.incident.map(Link::Incident).into_iter().chain(self.item.map(Link::Item)).collect()
    }
}

impl RecordKind for BallisticHit {
    const TYPE: &'static str = "ballistic_hit";
    const WHAT: &'static str = "ballistic hit";
    const CHANGE: &'static [Action] = &[Action::EditRecords];
    const READ: &'static [Action] = &[];
    type Kind = NoKind;
    const BY_COUNTRY: bool = false;
    meta_fields!();
    stored_as!(hit, hits_in, hits);
    fn check(&self) -> Result<(), String> {
        if self.exhibit_a == self.exhibit_b {
            return Err("exhibit_b: a hit links two different exhibits".into());
        }
        if self.system.trim().is_empty() {
            return Err("system: name the system that made the correlation (e.g. IBIS, Evofinder)".into());
        }
        Ok(())
    }
    fn links(&self) -> Vec<Link> {
        vec![Link::Exhibit(self.exhibit_a), Link::Exhibit(self.exhibit_b)]
    }
}
