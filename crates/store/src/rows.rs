//! The mapping between domain records and table rows, written once for both backends.
//!
//! High-volume tables (items, events) are stored as columns with a small JSON `extra` for the rare
//! fields, so that a national registry of millions of firearms stays compact. Low-volume records keep
//! their full JSON in `doc` beside the columns used to filter them.

use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit};
use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{EventKind, EventParty, HistoryEvent, ItemStatus};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::Incident;
use armstrace_domain::item::{
    AmmunitionLot, Classification, Conversion, ImportMark, Item, ItemClass, Markings, OtherMark, PartKind, PrivatelyMade, Resolved,
};
use armstrace_domain::licence::Licence;
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::nomenclature::{nomenclature, text::fold_key};
use armstrace_domain::party::{Address, Identifier, Party, PartyKind, PartyRole, ProductionFigure};
use armstrace_domain::serial::{SerialNumber, SerialStatus};
use armstrace_domain::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::{Agency, GroundTruth, StoreError};

/// A cell value. Text borrows from the record being written where it can: a bulk import writes
/// millions of cells, and copying each string once more was a third of the time.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
    /// A record id: 16 bytes in SQLite (a key of 16 bytes instead of 36 characters makes the key
    /// b-trees a third smaller and their comparisons cheaper), text in PostgreSQL.
    Id(RecordId),
    /// Text shared by many rows of one write (the agency, the recording time, a status): one
    /// allocation for all of them (see [`crate::Prepared::from_batch`]).
    Shared(std::sync::Arc<str>),
    /// File content (BLOB in SQLite, BYTEA in PostgreSQL).
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Id,
    Bytes,
}

impl<'a> Val<'a> {
    fn text(s: impl Into<Cow<'a, str>>) -> Val<'a> {
        Val::Text(s.into())
    }
    fn opt_text(s: Option<impl Into<Cow<'a, str>>>) -> Val<'a> {
        s.map(|s| Val::Text(s.into())).unwrap_or(Val::Null)
    }
    fn opt_id(id: Option<RecordId>) -> Val<'a> {
        id.map(Val::Id).unwrap_or(Val::Null)
    }
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Int(i) => Val::Int(i),
            Val::Real(r) => Val::Real(r),
            Val::Text(t) => Val::Text(Cow::Owned(t.into_owned())),
            Val::Id(id) => Val::Id(id),
            Val::Shared(s) => Val::Shared(s),
            Val::Bytes(b) => Val::Bytes(b),
        }
    }
    pub fn owned(s: String) -> Val<'static> {
        Val::Text(Cow::Owned(s))
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s.as_ref()),
            Val::Shared(s) => Some(s),
            _ => None,
        }
    }
    fn as_i64(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            Val::Real(r) => Some(*r as i64),
            _ => None,
        }
    }
    fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Real(r) => Some(*r),
            Val::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

/// A table: its name, columns with their kinds, and its key columns (for upserts).
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    pub key: &'static [&'static str],
}

use Kind::{Id, Int, Real, Text};

/// The columns a list filters on (`ListFilter`): kind, searched text, country.
pub fn list_columns(t: &Table) -> (Option<&'static str>, Option<&'static str>, Option<&'static str>) {
    match t.name {
        "incidents" => (Some("kind"), Some("reference"), Some("country")),
        "parties" => (Some("kind"), Some("name_key"), Some("country")),
        "licences" => (Some("kind"), Some("number"), Some("issuing_country")),
        "ballistic_exhibits" => (Some("kind"), Some("reference"), None),
        "ballistic_hits" => (None, Some("system"), None),
        "cooperation_requests" => (Some("kind"), Some("case_reference"), Some("requested_country")),
        _ => (None, None, None),
    }
}

pub const AGENCIES: Table = Table { name: "agencies", columns: &[("code", Text), ("name", Text), ("country", Text)], key: &["code"] };
pub const PARTIES: Table = Table {
    name: "parties",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("name", Text),
        ("name_key", Text),
        ("country", Text),
        ("manufacturer_id", Text),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("created_at", Text),
        ("created_by", Text),
        ("updated_at", Text),
        ("updated_by", Text),
        ("doc", Text),
    ],
    key: &["id"],
};
pub const PARTY_IDENTIFIERS: Table =
    Table { name: "party_identifiers", columns: &[("party_id", Id), ("kind", Text), ("value", Text)], key: &["party_id", "kind", "value"] };
pub const LICENCES: Table = Table {
    name: "licences",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("number", Text),
        ("issuing_country", Text),
        ("holder_id", Id),
        ("issued", Text),
        ("expires", Text),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("created_at", Text),
        ("updated_at", Text),
        ("doc", Text),
    ],
    key: &["id"],
};
pub const ITEMS: Table = Table {
    name: "items",
    columns: &[
        ("id", Id),
        ("class", Text),
        ("part_kind", Text),
        ("firearm_type", Text),
        ("type_raw", Text),
        ("manufacturer_id", Text),
        ("manufacturer_raw", Text),
        ("manufacturer_confidence", Real),
        ("model", Text),
        ("model_raw", Text),
        ("calibre_id", Text),
        ("calibre_raw", Text),
        ("calibre_confidence", Real),
        ("serial_raw", Text),
        ("serial_norm", Text),
        ("serial_status", Text),
        ("country_of_manufacture", Text),
        ("year_of_manufacture", Int),
        ("status", Text),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("created_at", Text),
        ("created_by", Text),
        ("updated_at", Text),
        ("updated_by", Text),
        ("extra", Text),
    ],
    key: &["id"],
};
pub const EVENTS: Table = Table {
    name: "item_events",
    columns: &[
        ("id", Id),
        ("item_id", Id),
        ("seq", Int),
        ("kind", Text),
        ("date", Text),
        ("day", Int),
        ("country", Text),
        ("place", Text),
        ("licence_id", Id),
        ("incident_id", Id),
        ("parties", Text),
        ("extra", Text),
        ("holder_id", Id),
    ],
    key: &["id"],
};
pub const INCIDENTS: Table = Table {
    name: "incidents",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("reference", Text),
        ("date", Text),
        ("day", Int),
        ("country", Text),
        ("admin_area", Text),
        ("lat", Real),
        ("lon", Real),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("created_at", Text),
        ("updated_at", Text),
        ("doc", Text),
    ],
    key: &["id"],
};
pub const INCIDENT_ITEMS: Table =
    Table { name: "incident_items", columns: &[("incident_id", Id), ("item_id", Id)], key: &["incident_id", "item_id"] };
pub const INCIDENT_PERSONS: Table = Table {
    name: "incident_persons",
    columns: &[("incident_id", Id), ("party_id", Id), ("role", Text)],
    key: &["incident_id", "party_id", "role"],
};
pub const EXHIBITS: Table = Table {
    name: "ballistic_exhibits",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("reference", Text),
        ("incident_id", Id),
        ("item_id", Id),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("doc", Text),
    ],
    key: &["id"],
};
pub const HITS: Table = Table {
    name: "ballistic_hits",
    columns: &[
        ("id", Id),
        ("exhibit_a", Id),
        ("exhibit_b", Id),
        ("system", Text),
        ("confirmed", Int),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("doc", Text),
    ],
    key: &["id"],
};
pub const PRODUCTION: Table = Table {
    name: "production",
    columns: &[("party_id", Id), ("year", Int), ("flow", Text), ("firearm_type", Text), ("quantity", Int), ("source", Text)],
    key: &["party_id", "year", "flow", "firearm_type"],
};
pub const GROUND_TRUTH: Table =
    Table { name: "ground_truth", columns: &[("item_id", Id), ("diversion", Text), ("event_id", Id), ("detail", Text)], key: &["item_id"] };

pub const ALL_TABLES: &[&Table] = &[
    &AGENCIES,
    &PARTIES,
    &PARTY_IDENTIFIERS,
    &LICENCES,
    &ITEMS,
    &EVENTS,
    &INCIDENTS,
    &INCIDENT_ITEMS,
    &INCIDENT_PERSONS,
    &EXHIBITS,
    &HITS,
    &PRODUCTION,
    &GROUND_TRUTH,
    &REQUESTS,
    &crate::directory::CONTACT_POINTS,
    &crate::community::COMMUNITY,
];

pub const REQUESTS: Table = Table {
    name: "cooperation_requests",
    columns: &[
        ("id", Id),
        ("kind", Text),
        ("direction", Text),
        ("status", Text),
        ("requesting_country", Text),
        ("requested_country", Text),
        ("case_reference", Text),
        ("item_id", Id),
        ("agency", Text),
        ("owner_country", Text),
        ("handling", Text),
        ("updated_at", Text),
        ("doc", Text),
    ],
    key: &["id"],
};

pub fn request_row(r: &armstrace_domain::request::CooperationRequest) -> Vec<Val<'_>> {
    vec![
        Val::Id(r.meta.id),
        Val::text(r.kind.code()),
        Val::text(match r.direction {
            armstrace_domain::request::Direction::Outgoing => "outgoing",
            armstrace_domain::request::Direction::Incoming => "incoming",
        }),
        Val::text(r.status.code()),
        Val::text(r.requesting_country.as_str()),
        Val::text(r.requested_country.as_str()),
        Val::text(&r.case_reference),
        Val::opt_id(r.item),
        Val::text(&r.meta.agency),
        Val::text(r.meta.country.as_str()),
        Val::text(r.meta.handling.as_str()),
        Val::text(r.meta.updated_at.to_string()),
        json(r),
    ]
}

pub fn request_from(row: &[Val]) -> Result<armstrace_domain::request::CooperationRequest, StoreError> {
    let r = RowReader::new("cooperation_requests", row);
    r.json(12)
}

impl Table {
    pub fn column_list(&self) -> String {
        self.columns.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
    }
    /// `INSERT ... ON CONFLICT (key) DO UPDATE` with `$n` placeholders (both backends accept the
    /// statement; SQLite after [`crate::sqlite`] rewrites `$n` to `?n`).
    pub fn upsert_sql(&self) -> String {
        let placeholders: Vec<String> = (1..=self.columns.len()).map(|i| format!("${i}")).collect();
        format!("INSERT INTO {} ({}) VALUES ({}) {}", self.name, self.column_list(), placeholders.join(", "), self.conflict_clause())
    }
    pub fn conflict_clause(&self) -> String {
        let updates: Vec<String> =
            self.columns.iter().filter(|(c, _)| !self.key.contains(c)).map(|(c, _)| format!("{c} = excluded.{c}")).collect();
        if updates.is_empty() {
            format!("ON CONFLICT ({}) DO NOTHING", self.key.join(", "))
        } else {
            format!("ON CONFLICT ({}) DO UPDATE SET {}", self.key.join(", "), updates.join(", "))
        }
    }
    pub fn select_sql(&self) -> String {
        format!("SELECT {} FROM {}", self.column_list(), self.name)
    }
}

fn corrupt(table: &'static str, id: &str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt { table, id: id.to_string(), reason: reason.to_string() }
}

struct RowReader<'a> {
    table: &'static str,
    row: &'a [Val<'a>],
    id: String,
}

impl<'a> RowReader<'a> {
    fn new(table: &'static str, row: &'a [Val<'a>]) -> Self {
        let id = match row.first() {
            Some(Val::Id(id)) => id.to_string(),
            v => v.and_then(|v| v.as_str()).unwrap_or("?").to_string(),
        };
        RowReader { table, row, id }
    }
    fn text(&self, i: usize) -> Result<&'a str, StoreError> {
        self.row.get(i).and_then(|v| v.as_str()).ok_or_else(|| corrupt(self.table, &self.id, format!("column {i} is not text")))
    }
    fn opt_text(&self, i: usize) -> Option<&'a str> {
        self.row.get(i).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
    }
    fn id(&self, i: usize) -> Result<RecordId, StoreError> {
        self.opt_id(i)?.ok_or_else(|| corrupt(self.table, &self.id, format!("column {i} has no id")))
    }
    fn opt_id(&self, i: usize) -> Result<Option<RecordId>, StoreError> {
        match self.row.get(i) {
            Some(Val::Id(id)) => Ok(Some(*id)),
            _ => self.opt_text(i).map(|s| RecordId::parse(s).map_err(|e| corrupt(self.table, &self.id, e))).transpose(),
        }
    }
    fn country(&self, i: usize) -> Result<Option<CountryCode>, StoreError> {
        self.opt_text(i).map(|s| CountryCode::from_alpha3(s).map_err(|e| corrupt(self.table, &self.id, e))).transpose()
    }
    fn int(&self, i: usize) -> Option<i64> {
        self.row.get(i).and_then(Val::as_i64)
    }
    fn real(&self, i: usize) -> Option<f64> {
        self.row.get(i).and_then(Val::as_f64)
    }
    fn json<T: for<'de> Deserialize<'de>>(&self, i: usize) -> Result<T, StoreError> {
        serde_json::from_str(self.text(i)?).map_err(|e| corrupt(self.table, &self.id, e))
    }
    fn time(&self, i: usize) -> Result<Timestamp, StoreError> {
        Timestamp::parse(self.text(i)?).map_err(|e| corrupt(self.table, &self.id, e))
    }
    fn date(&self, i: usize) -> Result<Option<PartialDate>, StoreError> {
        self.opt_text(i).map(|s| PartialDate::parse(s).map_err(|e| corrupt(self.table, &self.id, e))).transpose()
    }
}

fn json(v: &impl Serialize) -> Val<'static> {
    Val::owned(serde_json::to_string(v).unwrap_or_else(|_| "null".to_string()))
}

pub fn agency_row(a: &Agency) -> Vec<Val<'_>> {
    vec![Val::text(&a.code), Val::text(&a.name), Val::text(&a.country)]
}
pub fn agency_from(row: &[Val]) -> Result<Agency, StoreError> {
    let r = RowReader::new("agencies", row);
    Ok(Agency { code: r.text(0)?.to_string(), name: r.text(1)?.to_string(), country: r.text(2)?.to_string() })
}

pub fn party_row(p: &Party) -> Vec<Val<'_>> {
    let country = p.addresses.iter().find_map(|a| a.country.as_ref()).or(p.nationality.as_ref());
    vec![
        Val::Id(p.meta.id),
        Val::text(match p.kind {
            armstrace_domain::party::PartyKind::Person => "person",
            armstrace_domain::party::PartyKind::Organisation => "organisation",
        }),
        Val::text(&p.name),
        Val::text(fold_key(&p.name)),
        Val::opt_text(country.as_ref().map(|c| c.as_str())),
        Val::opt_text(p.manufacturer_id.as_deref()),
        Val::text(&p.meta.agency),
        Val::text(p.meta.country.as_str()),
        Val::text(p.meta.handling.as_str()),
        Val::text(p.meta.created_at.to_string()),
        Val::text(&p.meta.created_by),
        // Unchanged records keep no second copy of their creation stamp.
        if p.meta.updated_at == p.meta.created_at { Val::Null } else { Val::text(p.meta.updated_at.to_string()) },
        if p.meta.updated_by == p.meta.created_by { Val::Null } else { Val::text(&p.meta.updated_by) },
        json(&PartyBody::of(p)),
    ]
}

/// A party without what the columns hold (meta, kind, name): the body is a third of the row otherwise.
#[derive(Serialize)]
struct PartyBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    roles: &'a [PartyRole],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    identifiers: &'a [Identifier],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    addresses: &'a [Address],
    #[serde(skip_serializing_if = "Option::is_none")]
    nationality: Option<CountryCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_date: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer_id: Option<&'a str>,
}

impl<'a> PartyBody<'a> {
    fn of(p: &'a Party) -> Self {
        PartyBody {
            roles: &p.roles,
            identifiers: &p.identifiers,
            addresses: &p.addresses,
            nationality: p.nationality,
            birth_date: p.birth_date,
            manufacturer_id: p.manufacturer_id.as_deref(),
        }
    }
}

#[derive(Deserialize)]
struct PartyBodyOwned {
    #[serde(default)]
    roles: Vec<PartyRole>,
    #[serde(default)]
    identifiers: Vec<Identifier>,
    #[serde(default)]
    addresses: Vec<Address>,
    #[serde(default)]
    nationality: Option<CountryCode>,
    #[serde(default)]
    birth_date: Option<PartialDate>,
    #[serde(default)]
    manufacturer_id: Option<String>,
}
pub fn party_identifier_rows(p: &Party) -> Vec<Vec<Val<'_>>> {
    p.identifiers.iter().map(|i| vec![Val::Id(p.meta.id), Val::text(&i.kind), Val::text(&i.value)]).collect()
}
pub fn party_from(row: &[Val]) -> Result<Party, StoreError> {
    let r = RowReader::new("parties", row);
    let b: PartyBodyOwned = r.json(13)?;
    Ok(Party {
        meta: RecordMeta {
            id: r.id(0)?,
            agency: r.text(6)?.to_string(),
            country: CountryCode::from_alpha3(r.text(7)?).map_err(|e| corrupt("parties", &r.id, e))?,
            handling: HandlingCode::parse(r.text(8)?).map_err(|e| corrupt("parties", &r.id, e))?,
            created_at: r.time(9)?,
            created_by: r.text(10)?.to_string(),
            updated_at: if r.opt_text(11).is_some() { r.time(11)? } else { r.time(9)? },
            updated_by: r.opt_text(12).unwrap_or(r.text(10)?).to_string(),
        },
        kind: match r.text(1)? {
            "organisation" => PartyKind::Organisation,
            "person" => PartyKind::Person,
            other => return Err(corrupt("parties", &r.id, format!("kind '{other}'"))),
        },
        name: r.text(2)?.to_string(),
        roles: b.roles,
        identifiers: b.identifiers,
        addresses: b.addresses,
        nationality: b.nationality,
        birth_date: b.birth_date,
        manufacturer_id: b.manufacturer_id,
    })
}

pub fn licence_row(l: &Licence) -> Vec<Val<'_>> {
    vec![
        Val::Id(l.meta.id),
        Val::text(l.kind.code()),
        Val::text(&l.number),
        Val::text(l.issuing_country.as_str()),
        Val::opt_id(l.holder),
        Val::opt_text(l.issued.map(|d| d.to_string())),
        Val::opt_text(l.expires.map(|d| d.to_string())),
        Val::text(&l.meta.agency),
        Val::text(l.meta.country.as_str()),
        Val::text(l.meta.handling.as_str()),
        Val::text(l.meta.created_at.to_string()),
        Val::text(l.meta.updated_at.to_string()),
        json(l),
    ]
}
pub fn licence_from(row: &[Val]) -> Result<Licence, StoreError> {
    RowReader::new("licences", row).json(12)
}

/// The rare fields of an item, kept as JSON.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ItemExtra {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    import_marks: Vec<ImportMark>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    other_marks: Vec<OtherMark>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    converted: Option<Conversion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    privately_made: Option<PrivatelyMade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ammunition: Option<AmmunitionLot>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    type_confidence: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model_confidence: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model_id: Option<String>,
}

impl ItemExtra {
    fn is_empty(&self) -> bool {
        self.import_marks.is_empty()
            && self.other_marks.is_empty()
            && self.action.is_none()
            && self.converted.is_none()
            && self.privately_made.is_none()
            && self.ammunition.is_none()
            && self.description.is_empty()
            && self.type_confidence.is_none()
            && self.model_confidence.is_none()
            && self.model_id.is_none()
    }
}

fn serde_code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}
fn from_code<T: for<'de> Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// The model id the nomenclature gives a model name of a make: the model of that make with exactly
/// that name (without a make, the resolver's unambiguous answer).
fn derived_model_id(model: Option<&str>, manufacturer: Option<&str>) -> Option<&'static str> {
    let model = model?;
    let n = nomenclature();
    match manufacturer {
        Some(m) => n.model_named(m, model).map(|x| x.id.as_str()),
        None => n
            .resolve_model(model, None)
            .filter(|r| r.name == model && r.confidence >= 1.0)
            .and_then(|r| n.models.iter().find(|x| x.id == r.id))
            .map(|x| x.id.as_str()),
    }
}

pub fn item_row(it: &Item) -> Vec<Val<'_>> {
    let c = &it.classification;
    let m = &it.markings;
    let type_conf = (c.firearm_type.id.is_some() && c.firearm_type.confidence < 1.0).then_some(c.firearm_type.confidence);
    let extra = ItemExtra {
        import_marks: m.import_marks.clone(),
        other_marks: m.other_marks.clone(),
        action: c.action.clone(),
        converted: c.converted,
        privately_made: c.privately_made,
        ammunition: it.ammunition.clone(),
        description: it.description.clone(),
        type_confidence: type_conf,
        model_confidence: (c.model.canonical.is_some() && c.model.confidence < 1.0).then_some(c.model.confidence),
        // The model id follows from the model and the make; it is stored only when it does not.
        model_id: {
            let derived = derived_model_id(c.model.canonical.as_deref(), m.manufacturer.id.as_deref());
            (c.model.id.as_deref() != derived).then(|| c.model.id.clone().unwrap_or_default())
        },
    };
    vec![
        Val::Id(it.meta.id),
        Val::text(it.class.code()),
        Val::opt_text(it.part_kind.map(|p| serde_code(&p))),
        Val::opt_text(c.firearm_type.id.as_deref()),
        Val::text(&c.firearm_type.raw),
        Val::opt_text(m.manufacturer.id.as_deref()),
        Val::text(&m.manufacturer.raw),
        Val::Real(m.manufacturer.confidence as f64),
        Val::opt_text(c.model.canonical.as_deref()),
        Val::text(&c.model.raw),
        Val::opt_text(c.calibre.id.as_deref()),
        Val::text(&c.calibre.raw),
        Val::Real(c.calibre.confidence as f64),
        Val::text(m.serial.raw()),
        Val::text(m.serial.normalized()),
        Val::text(m.serial.status().code()),
        Val::opt_text(m.country_of_manufacture.as_ref().map(|c| c.as_str())),
        m.year_of_manufacture.map(|y| Val::Int(y as i64)).unwrap_or(Val::Null),
        Val::text(it.status.code()),
        Val::text(&it.meta.agency),
        Val::text(it.meta.country.as_str()),
        Val::text(it.meta.handling.as_str()),
        Val::text(it.meta.created_at.to_string()),
        Val::text(&it.meta.created_by),
        // Unchanged records (most of a registry) keep no second copy of their creation.
        if it.meta.updated_at == it.meta.created_at { Val::Null } else { Val::text(it.meta.updated_at.to_string()) },
        if it.meta.updated_by == it.meta.created_by { Val::Null } else { Val::text(&it.meta.updated_by) },
        if extra.is_empty() { Val::Null } else { json(&extra) },
    ]
}

fn resolved(raw: &str, id: Option<&str>, name: Option<String>, confidence: f32) -> Resolved {
    Resolved {
        raw: raw.to_string(),
        id: id.map(String::from),
        canonical: name,
        confidence: if id.is_some() || confidence > 0.0 { confidence } else { 0.0 },
    }
}

pub fn item_from(row: &[Val]) -> Result<Item, StoreError> {
    let r = RowReader::new("items", row);
    let n = nomenclature();
    let extra: ItemExtra = match r.opt_text(26) {
        Some(s) => serde_json::from_str(s).map_err(|e| corrupt("items", &r.id, e))?,
        None => ItemExtra::default(),
    };
    let serial_status: SerialStatus = from_code(r.text(15)?).ok_or_else(|| corrupt("items", &r.id, "serial status"))?;
    // The stored normalized form is authoritative; re-parsing the raw form would apply today's
    // normalization rules to yesterday's record.
    let serial = if serial_status == SerialStatus::None && r.text(14)?.is_empty() {
        SerialNumber::none()
    } else {
        SerialNumber::from_stored(r.text(13)?, r.text(14)?, serial_status)
    };
    let type_id = r.opt_text(3);
    let mfr_id = r.opt_text(5);
    let cal_id = r.opt_text(10);
    let handling = HandlingCode::parse(r.text(21)?).map_err(|e| corrupt("items", &r.id, e))?;
    let country = CountryCode::from_alpha3(r.text(20)?).map_err(|e| corrupt("items", &r.id, e))?;
    Ok(Item {
        meta: RecordMeta {
            id: r.id(0)?,
            agency: r.text(19)?.to_string(),
            country,
            handling,
            created_at: r.time(22)?,
            created_by: r.text(23)?.to_string(),
            updated_at: if r.opt_text(24).is_some() { r.time(24)? } else { r.time(22)? },
            updated_by: r.opt_text(25).unwrap_or(r.text(23)?).to_string(),
        },
        class: ItemClass::parse(r.text(1)?).map_err(|e| corrupt("items", &r.id, e))?,
        part_kind: r.opt_text(2).and_then(from_code::<PartKind>),
        markings: Markings {
            manufacturer: resolved(
                r.text(6)?,
                mfr_id,
                mfr_id.and_then(|i| n.manufacturer(i)).map(|m| m.name.clone()),
                r.real(7).unwrap_or(0.0) as f32,
            ),
            country_of_manufacture: r.country(16)?,
            serial,
            year_of_manufacture: r.int(17).map(|y| y as i32),
            import_marks: extra.import_marks,
            other_marks: extra.other_marks,
        },
        classification: Classification {
            firearm_type: resolved(
                r.text(4)?,
                type_id,
                type_id.and_then(|t| n.firearm_type(t)).map(|t| t.en.clone()),
                if type_id.is_some() { extra.type_confidence.unwrap_or(1.0) } else { 0.0 },
            ),
            model: Resolved {
                raw: r.text(9)?.to_string(),
                id: match extra.model_id {
                    None => derived_model_id(r.opt_text(8), mfr_id).map(String::from),
                    Some(id) if id.is_empty() => None,
                    Some(id) => Some(id),
                },
                canonical: r.opt_text(8).map(String::from),
                confidence: if r.opt_text(8).is_some() { extra.model_confidence.unwrap_or(1.0) } else { 0.0 },
            },
            calibre: resolved(
                r.text(11)?,
                cal_id,
                cal_id.and_then(|c| n.calibre(c)).map(|c| c.name.clone()),
                r.real(12).unwrap_or(0.0) as f32,
            ),
            action: extra.action,
            converted: extra.converted,
            privately_made: extra.privately_made,
        },
        ammunition: extra.ammunition,
        status: ItemStatus::from_code(r.text(18)?).ok_or_else(|| corrupt("items", &r.id, "status"))?,
        description: extra.description,
    })
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct EventExtra {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    documents: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

pub fn event_row(e: &HistoryEvent) -> Vec<Val<'_>> {
    let extra = EventExtra { documents: e.documents.clone(), note: e.note.clone() };
    vec![
        Val::Id(e.id),
        Val::Id(e.item),
        Val::Int(e.seq as i64),
        Val::text(e.kind.code()),
        Val::opt_text(e.date.map(|d| d.to_string())),
        e.date.map(|d| Val::Int(d.earliest_day())).unwrap_or(Val::Null),
        Val::opt_text(e.country.as_ref().map(|c| c.as_str())),
        Val::text(&e.place),
        Val::opt_id(e.licence),
        Val::opt_id(e.incident),
        if e.parties.is_empty() { Val::Null } else { Val::owned(encode_event_parties(&e.parties)) },
        if extra.documents.is_empty() && extra.note.is_empty() { Val::Null } else { json(&extra) },
        Val::opt_id(armstrace_domain::trace::receiver(e)),
    ]
}

/// Parties of an event as `role:id` pairs separated by `;` (`holder:0190…`): a million registrations
/// each carry one, and JSON was a quarter of the row.
fn encode_event_parties(parties: &[EventParty]) -> String {
    let mut out = String::with_capacity(parties.len() * 44);
    for (i, p) in parties.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&serde_code(&p.role));
        out.push(':');
        out.push_str(&p.party.to_string());
    }
    out
}

fn decode_event_parties(s: &str) -> Result<Vec<EventParty>, String> {
    s.split(';')
        .map(|pair| {
            let (role, id) = pair.split_once(':').ok_or_else(|| format!("event party '{pair}' is not role:id"))?;
            Ok(EventParty {
                party: RecordId::parse(id).map_err(|e| e.to_string())?,
                role: from_code(role).ok_or_else(|| format!("unknown event role '{role}'"))?,
            })
        })
        .collect()
}

pub fn event_from(row: &[Val]) -> Result<HistoryEvent, StoreError> {
    let r = RowReader::new("item_events", row);
    let parties: Vec<EventParty> = match r.opt_text(10) {
        Some(s) => decode_event_parties(s).map_err(|e| corrupt("item_events", &r.id, e))?,
        None => vec![],
    };
    let extra: EventExtra = match r.opt_text(11) {
        Some(s) => serde_json::from_str(s).map_err(|e| corrupt("item_events", &r.id, e))?,
        None => EventExtra::default(),
    };
    Ok(HistoryEvent {
        id: r.id(0)?,
        item: r.id(1)?,
        seq: r.int(2).unwrap_or(0) as u32,
        kind: EventKind::from_code(r.text(3)?).ok_or_else(|| corrupt("item_events", &r.id, "event kind"))?,
        date: r.date(4)?,
        country: r.country(6)?,
        place: r.text(7)?.to_string(),
        licence: r.opt_id(8)?,
        incident: r.opt_id(9)?,
        parties,
        documents: extra.documents,
        note: extra.note,
    })
}

pub fn incident_row(i: &Incident) -> Vec<Val<'_>> {
    vec![
        Val::Id(i.meta.id),
        Val::text(i.kind.code()),
        Val::text(&i.reference),
        Val::opt_text(i.date.map(|d| d.to_string())),
        i.date.map(|d| Val::Int(d.earliest_day())).unwrap_or(Val::Null),
        Val::opt_text(i.place.country.as_ref().map(|c| c.as_str())),
        Val::text(&i.place.admin_area),
        i.place.lat.map(Val::Real).unwrap_or(Val::Null),
        i.place.lon.map(Val::Real).unwrap_or(Val::Null),
        Val::text(&i.meta.agency),
        Val::text(i.meta.country.as_str()),
        Val::text(i.meta.handling.as_str()),
        Val::text(i.meta.created_at.to_string()),
        Val::text(i.meta.updated_at.to_string()),
        json(i),
    ]
}
pub fn incident_from(row: &[Val]) -> Result<Incident, StoreError> {
    RowReader::new("incidents", row).json(14)
}
pub fn incident_item_rows(i: &Incident) -> Vec<Vec<Val<'_>>> {
    i.items.iter().map(|it| vec![Val::Id(i.meta.id), Val::Id(*it)]).collect()
}
pub fn incident_person_rows(i: &Incident) -> Vec<Vec<Val<'_>>> {
    i.persons.iter().map(|p| vec![Val::Id(i.meta.id), Val::Id(p.party), Val::text(&p.role)]).collect()
}

pub fn exhibit_row(e: &BallisticExhibit) -> Vec<Val<'_>> {
    vec![
        Val::Id(e.meta.id),
        Val::text(serde_code(&e.kind)),
        Val::text(&e.reference),
        Val::opt_id(e.incident),
        Val::opt_id(e.item),
        Val::text(&e.meta.agency),
        Val::text(e.meta.country.as_str()),
        Val::text(e.meta.handling.as_str()),
        json(e),
    ]
}
pub fn exhibit_from(row: &[Val]) -> Result<BallisticExhibit, StoreError> {
    RowReader::new("ballistic_exhibits", row).json(8)
}
pub fn hit_row(h: &BallisticHit) -> Vec<Val<'_>> {
    vec![
        Val::Id(h.meta.id),
        Val::Id(h.exhibit_a),
        Val::Id(h.exhibit_b),
        Val::text(&h.system),
        Val::Int(h.confirmed as i64),
        Val::text(&h.meta.agency),
        Val::text(h.meta.country.as_str()),
        Val::text(h.meta.handling.as_str()),
        json(h),
    ]
}
pub fn hit_from(row: &[Val]) -> Result<BallisticHit, StoreError> {
    RowReader::new("ballistic_hits", row).json(8)
}

pub fn production_row(p: &ProductionFigure) -> Vec<Val<'_>> {
    vec![
        Val::Id(p.party),
        Val::Int(p.year as i64),
        Val::text(&p.flow),
        Val::text(&p.firearm_type),
        Val::Int(p.quantity.min(i64::MAX as u64) as i64),
        Val::text(&p.source),
    ]
}
pub fn production_from(row: &[Val]) -> Result<ProductionFigure, StoreError> {
    let r = RowReader::new("production", row);
    Ok(ProductionFigure {
        party: r.id(0)?,
        year: r.int(1).unwrap_or(0) as i32,
        flow: r.text(2)?.to_string(),
        firearm_type: r.text(3)?.to_string(),
        quantity: r.int(4).unwrap_or(0).max(0) as u64,
        source: r.text(5)?.to_string(),
    })
}

pub fn truth_row(g: &GroundTruth) -> Vec<Val<'_>> {
    vec![Val::Id(g.item), Val::text(&g.diversion), Val::opt_id(g.event), Val::text(&g.detail)]
}
pub fn truth_from(row: &[Val]) -> Result<GroundTruth, StoreError> {
    let r = RowReader::new("ground_truth", row);
    Ok(GroundTruth { item: r.id(0)?, diversion: r.text(1)?.to_string(), event: r.opt_id(2)?, detail: r.text(3)?.to_string() })
}

/// `WHERE` clause and parameters for an item filter, with `$n` placeholders from `$1`.
pub fn item_filter_sql(f: &crate::ItemFilter) -> (String, Vec<Val<'static>>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    for (col, v) in [
        ("status", &f.status),
        ("class", &f.class),
        ("firearm_type", &f.firearm_type),
        ("manufacturer_id", &f.manufacturer),
        ("calibre_id", &f.calibre),
        ("country_of_manufacture", &f.country_of_manufacture),
        ("agency", &f.agency),
        ("serial_norm", &f.serial),
    ] {
        if let Some(v) = v {
            params.push(Val::owned(v.clone()));
            clauses.push(format!("{col} = ${}", params.len()));
        }
    }
    if let Some(scope) = &f.scope {
        let (cond, p) = crate::accounts::scope_sql(scope, params.len() + 1);
        clauses.push(cond);
        params.extend(p);
    }
    let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (sql, params)
}
