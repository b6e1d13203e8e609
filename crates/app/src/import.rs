//! Bulk import of the spreadsheets authorities have: registry extracts, lost and stolen reports,
//! seizures with their items, licensees — and armstrace's own exports, which re-import to the same
//! data.
//!
//! All-or-nothing by default: one bad row and nothing is written; the report lists every bad row as
//! `file:row:column: what is wrong, what was expected`. With `partial`, good rows are written and bad
//! ones go to a rejects file with their reasons. Never a silent skip.

use std::collections::HashMap;

use armstrace_domain::fasthash::FastMap;
use std::fmt;
use std::path::{Path, PathBuf};

use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, EventKind, EventParty, EventRole, HistoryEvent, ItemStatus};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind, IncidentParty, Place, Route};
use armstrace_domain::item::{
    parse_year, AmmunitionLot, Classification, Conversion, ImportMark, Item, ItemClass, Markings, OtherMark, OtherMarkKind, PartKind,
    PrivatelyMade, Resolved,
};
use armstrace_domain::licence::{Licence, LicenceKind};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::nomenclature::{nomenclature, Resolution};
use armstrace_domain::party::{Address, Identifier, Party, PartyKind, PartyRole};
use armstrace_domain::serial::{SerialNumber, SerialStatus};
use armstrace_domain::time::Timestamp;
use armstrace_domain::DomainError;
use armstrace_store::{Store, StoreError, WriteBatch};

use crate::fields::{Catalog, Field};
use crate::sheet::{open_sheet, Row, Sheet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Firearms registered to holders (registry extracts).
    Registry,
    /// Reports of lost and stolen firearms.
    LostStolen,
    /// Seized, found and surrendered items, grouped into incidents.
    Seizures,
    /// Licensed persons and organisations with their licences.
    Licensees,
    /// armstrace's own item export.
    Items,
    /// armstrace's own event export.
    Events,
}

impl ImportKind {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "registry" | "register" | "registered" => Ok(Self::Registry),
            "lost_stolen" | "lost" | "stolen" | "lost_and_stolen" => Ok(Self::LostStolen),
            "seizures" | "seizure" | "seized" => Ok(Self::Seizures),
            "licensees" | "licensee" | "licences" | "licenses" => Ok(Self::Licensees),
            "items" => Ok(Self::Items),
            "events" | "history" => Ok(Self::Events),
            _ => Err(format!("unknown import kind '{s}': use registry, lost_stolen, seizures, licensees, items or events (or afmer for ATF AFMER workbooks)")),
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Registry => "registry",
            Self::LostStolen => "lost_stolen",
            Self::Seizures => "seizures",
            Self::Licensees => "licensees",
            Self::Items => "items",
            Self::Events => "events",
        }
    }
    /// Columns without which a row of this kind means nothing.
    fn required(&self) -> &'static [Field] {
        match self {
            Self::Registry | Self::LostStolen | Self::Seizures => &[Field::Serial],
            Self::Licensees => &[Field::Holder],
            Self::Items => &[Field::Id, Field::Serial],
            Self::Events => &[Field::Id, Field::ItemId, Field::EventKind],
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: ImportKind,
    /// Owning agency of records whose row does not name one.
    pub agency: String,
    pub country: CountryCode,
    pub handling: HandlingCode,
    pub user: String,
    pub partial: bool,
    pub rejects: Option<PathBuf>,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub now: Timestamp,
    /// Rows per write chunk inside the one transaction.
    pub chunk: usize,
    /// For imports on behalf of a signed-in user (the web application): every record belongs to
    /// `agency` in `country`, no row may name another owner or an id of its own (an upsert would
    /// overwrite someone else's record), and no handling code above this clearance is accepted.
    pub owner_only: Option<HandlingCode>,
}

/// One refused row (or cell), said the way a person can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub file: String,
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.row, self.column, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}:{row}: header: {message}")]
    Header { file: String, row: usize, message: String },
    #[error("{} bad row(s), nothing was written (use --partial to write the good rows and get the bad ones in a rejects file):\n{}", .errors.len(), .errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Rows { errors: Vec<RowError> },
    #[error("{0}")]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub file: String,
    pub rows_read: u64,
    pub rows_written: u64,
    pub rows_rejected: u64,
    pub items: u64,
    pub events: u64,
    pub parties: u64,
    pub incidents: u64,
    pub licences: u64,
    /// Columns the import did not recognise (not imported).
    pub ignored_columns: Vec<String>,
    /// Combinations flagged by the nomenclature and unresolved values, as `file:row:column: ...`.
    pub warnings: Vec<String>,
    pub warning_count: u64,
    #[serde(skip)]
    pub rejected: Vec<RowError>,
}

const MAX_WARNINGS_KEPT: usize = 200;

/// Reads a mapping file: CSV or TSV lines `field,column header` (a header line is allowed).
pub fn read_mapping(path: &Path, catalog: &Catalog) -> Result<HashMap<String, Field>, ImportError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::File { file: file.clone(), message: e.to_string() })?;
    let mut map = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (field, column) = line
            .split_once(['\t', ',', '='])
            .map(|(a, b)| (a.trim().trim_matches('"'), b.trim().trim_matches('"')))
            .ok_or_else(|| ImportError::File { file: file.clone(), message: format!("line {}: expected 'field,column header'", i + 1) })?;
        if i == 0 && field.eq_ignore_ascii_case("field") {
            continue;
        }
        let f = catalog.by_name(field).ok_or_else(|| ImportError::File {
            file: file.clone(),
            message: format!(
                "line {}: '{field}' is not a field armstrace knows; fields are: {}",
                i + 1,
                Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
            ),
        })?;
        map.insert(crate::fields::header_key(column), f);
    }
    Ok(map)
}

/// Which field each column holds.
pub struct Columns {
    pub by_index: Vec<Option<Field>>,
    pub headers: Vec<String>,
    /// Column of each field, indexed by the field's position in `Field::ALL` (read for every cell).
    index: Vec<Option<usize>>,
}

impl Columns {
    pub fn recognise(sheet: &Sheet, mapping: &HashMap<String, Field>, kind: ImportKind) -> Result<(Columns, Vec<String>), ImportError> {
        let catalog = Catalog::new();
        let mut by_index = Vec::with_capacity(sheet.headers.len());
        let mut index: Vec<Option<usize>> = vec![None; Field::ALL.len()];
        let mut ignored = Vec::new();
        for (i, h) in sheet.headers.iter().enumerate() {
            let f = mapping.get(&crate::fields::header_key(h)).copied().or_else(|| catalog.recognise(h));
            if let Some(f) = f {
                if let Some(prev) = index[f as usize] {
                    return Err(ImportError::Header {
                        file: sheet.file.clone(),
                        row: sheet.header_row,
                        message: format!(
                            "columns '{}' and '{}' are both read as {}: rename one or name the right one in a mapping file (--mapping)",
                            sheet.headers[prev].trim(),
                            h.trim(),
                            f.name()
                        ),
                    });
                }
                index[f as usize] = Some(i);
            } else if !h.trim().is_empty() {
                ignored.push(h.trim().to_string());
            }
            by_index.push(f);
        }
        let missing: Vec<&str> = kind.required().iter().filter(|f| index[**f as usize].is_none()).map(|f| f.name()).collect();
        if !missing.is_empty() {
            return Err(ImportError::Header {
                file: sheet.file.clone(),
                row: sheet.header_row,
                message: format!(
                    "no column for {} (found: {}); name the column in a mapping file (--mapping) if it has another header",
                    missing.join(", "),
                    sheet.headers.iter().map(|h| format!("'{}'", h.trim())).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok((Columns { by_index, headers: sheet.headers.clone(), index }, ignored))
    }
    pub fn has(&self, f: Field) -> bool {
        self.index[f as usize].is_some()
    }
}

/// The cells of one row, read by field.
struct Cells<'a> {
    cols: &'a Columns,
    cells: &'a [String],
    file: &'a str,
    row: usize,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
}

impl<'a> Cells<'a> {
    fn get(&self, f: Field) -> &'a str {
        self.cols.index[f as usize]
            .and_then(|i| self.cells.get(i))
            .map(|s| s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}'))
            .unwrap_or("")
    }
    fn column(&self, f: Field) -> String {
        self.cols.index[f as usize]
            .and_then(|i| self.cols.headers.get(i))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| f.name().to_string())
    }
    fn fail(&mut self, f: Field, message: impl Into<String>) {
        let column = self.column(f);
        self.errors.push(RowError { file: self.file.to_string(), row: self.row, column, message: message.into() });
    }
    fn warn(&mut self, f: Field, message: impl Into<String>) {
        let column = self.column(f);
        self.warnings.push(RowError { file: self.file.to_string(), row: self.row, column, message: message.into() });
    }
    fn domain<T>(&mut self, f: Field, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(f, explain(&e));
                None
            }
        }
    }
}

fn explain(e: &DomainError) -> String {
    match e {
        DomainError::Invalid { value, expected, .. } => format!("'{value}' is not valid; expected {expected}"),
        DomainError::Missing { expected, .. } => format!("missing; expected {expected}"),
    }
}

/// Confidence of an entry named by id: the resolver's when it reaches the same entry from the text
/// (so that re-imported exports keep their confidence), else 1.0 (a person chose it).
fn same_choice(r: Option<Resolution>, id: &str) -> f32 {
    r.filter(|r| r.id == id).map(|r| r.confidence).unwrap_or(1.0)
}

/// A memo keyed by several texts, looked up without allocating a key (a million rows repeat the
/// same few hundred makes and calibres).
struct Memo<V> {
    map: FastMap<String, V>,
    key: String,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { map: FastMap::default(), key: String::new() }
    }
}

impl<V: Clone> Memo<V> {
    fn get_or(&mut self, parts: &[&str], f: impl FnOnce() -> V) -> V {
        self.key.clear();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.key.push('\u{1f}');
            }
            self.key.push_str(p);
        }
        if let Some(v) = self.map.get(self.key.as_str()) {
            return v.clone();
        }
        let v = f();
        self.map.insert(self.key.clone(), v.clone());
        v
    }
}

/// A resolution as the import keeps it: the alternatives are for people choosing, not for rows.
fn slim(r: Option<Resolution>) -> Option<Resolution> {
    r.map(|mut r| {
        r.alternatives.clear();
        r
    })
}

/// Resolutions are cached per distinct text: real files repeat the same makes and calibres.
#[derive(Default)]
struct Caches {
    manufacturer: Memo<Option<Resolution>>,
    calibre: Memo<Option<Resolution>>,
    firearm_type: Memo<Option<Resolution>>,
    country: Memo<Result<CountryCode, DomainError>>,
    model: Memo<Option<Resolution>>,
    combination: Memo<Vec<armstrace_domain::nomenclature::Warning>>,
}

/// Turns rows into records. Keeps the parties and incidents met so far, so that rows naming the same
/// holder or the same case share one record.
pub struct Converter {
    opts: ImportOptions,
    caches: Caches,
    parties: FastMap<String, RecordId>,
    holder_key: String,
    incidents: FastMap<String, Incident>,
    incident_order: Vec<String>,
    current_year: i32,
}

#[derive(Default)]
struct RowOut {
    items: Vec<Item>,
    events: Vec<HistoryEvent>,
    parties: Vec<Party>,
    licences: Vec<Licence>,
}

impl Converter {
    pub fn new(opts: ImportOptions) -> Converter {
        let current_year = opts.now.date().0 as i32;
        Converter {
            opts,
            caches: Caches::default(),
            parties: FastMap::default(),
            holder_key: String::new(),
            incidents: FastMap::default(),
            incident_order: Vec::new(),
            current_year,
        }
    }

    fn country(&mut self, c: &mut Cells<'_>, f: Field) -> Option<CountryCode> {
        let raw = c.get(f);
        if raw.is_empty() {
            return None;
        }
        let r = self.caches.country.get_or(&[raw], || CountryCode::parse(raw));
        c.domain(f, r)
    }

    fn countries(&mut self, c: &mut Cells<'_>, f: Field) -> Vec<CountryCode> {
        let raw = c.get(f);
        let mut out = Vec::new();
        for part in raw.split([';', '|', ',', '>', '→']).map(str::trim).filter(|p| !p.is_empty()) {
            let r = self.caches.country.get_or(&[part], || CountryCode::parse(part));
            if let Some(code) = c.domain(f, r) {
                out.push(code);
            }
        }
        out
    }

    fn date(&mut self, c: &mut Cells<'_>, f: Field) -> Option<PartialDate> {
        let raw = c.get(f);
        if raw.is_empty() {
            return None;
        }
        c.domain(f, PartialDate::parse(raw))
    }

    fn meta(&mut self, c: &mut Cells<'_>) -> RecordMeta {
        let id = match c.get(Field::Id) {
            "" => RecordId::new(),
            s => c.domain(Field::Id, RecordId::parse(s)).unwrap_or_default(),
        };
        let agency = match c.get(Field::Agency) {
            "" => self.opts.agency.clone(),
            a => a.to_string(),
        };
        let country = self.country(c, Field::OwnerCountry).unwrap_or(self.opts.country);
        let handling = match c.get(Field::Handling) {
            "" => self.opts.handling,
            h => c.domain(Field::Handling, HandlingCode::parse(h)).unwrap_or(self.opts.handling),
        };
        if let Some(clearance) = self.opts.owner_only {
            if !c.get(Field::Id).is_empty() {
                c.fail(Field::Id, "ids are given by armstrace when records are created: remove the id column (re-imports of exports go through the command line)");
            }
            if agency != self.opts.agency {
                c.fail(
                    Field::Agency,
                    format!(
                        "this file records for agency '{agency}', but you import for {}: remove the column or import as that agency",
                        self.opts.agency
                    ),
                );
            }
            if country != self.opts.country {
                c.fail(
                    Field::OwnerCountry,
                    format!("records of {} cannot be imported by {} ({})", country.as_str(), self.opts.agency, self.opts.country.as_str()),
                );
            }
            if handling > clearance {
                c.fail(Field::Handling, format!("{handling} is above your clearance ({clearance})"));
            }
        }
        let time = |c: &mut Cells<'_>, f: Field, default: Timestamp| match c.get(f) {
            "" => default,
            t => c.domain(f, Timestamp::parse(t)).unwrap_or(default),
        };
        let created_at = time(c, Field::CreatedAt, self.opts.now);
        let updated_at = time(c, Field::UpdatedAt, created_at);
        let who = |c: &Cells<'_>, f: Field, d: &str| match c.get(f) {
            "" => d.to_string(),
            u => u.to_string(),
        };
        let created_by = who(c, Field::CreatedBy, &self.opts.user);
        let updated_by = who(c, Field::UpdatedBy, &created_by);
        RecordMeta { id, agency, country, handling, created_at, created_by, updated_at, updated_by }
    }

    /// The item described by the marking and classification columns of a row.
    fn item(&mut self, c: &mut Cells<'_>) -> Item {
        let n = nomenclature();
        let meta = self.meta(c);
        let class = c.domain(Field::Class, ItemClass::parse(c.get(Field::Class))).unwrap_or(ItemClass::Firearm);
        let part_kind = match c.get(Field::PartKind) {
            "" => None,
            p => c.domain(Field::PartKind, PartKind::parse(p)),
        };
        // Type first: it is the context for the calibre ("12" on a shotgun is the gauge).
        let type_raw = c.get(Field::FirearmType).to_string();
        let type_id_given = c.get(Field::TypeId).to_string();
        let firearm_type = if !type_id_given.is_empty() {
            match n.firearm_type(&type_id_given) {
                Some(t) => Resolved {
                    raw: type_raw.clone(),
                    id: Some(t.code.clone()),
                    canonical: Some(t.en.clone()),
                    confidence: same_choice(self.caches.firearm_type.get_or(&[&type_raw], || slim(n.resolve_type(&type_raw))), &t.code),
                },
                None => {
                    c.fail(Field::TypeId, format!("'{type_id_given}' is not a firearm type code"));
                    Resolved::from(&type_raw, None)
                }
            }
        } else if type_raw.is_empty() {
            Resolved::default()
        } else {
            let r = self.caches.firearm_type.get_or(&[&type_raw], || slim(n.resolve_type(&type_raw)));
            if r.is_none() && class == ItemClass::Firearm {
                c.fail(Field::FirearmType, format!("'{type_raw}' is not a firearm type; expected one of pistol, revolver, rifle, shotgun, submachine gun, machine gun, light weapon, other firearm (or the same in Spanish or French)"));
            }
            Resolved::from(&type_raw, r)
        };
        let model_raw = c.get(Field::Model).to_string();
        let mfr_raw = c.get(Field::Manufacturer).to_string();
        let manufacturer = match c.get(Field::ManufacturerId) {
            "" => {
                let r = if mfr_raw.is_empty() {
                    None
                } else {
                    self.caches.manufacturer.get_or(&[&mfr_raw, &model_raw], || slim(n.resolve_manufacturer(&mfr_raw, Some(&model_raw))))
                };
                if r.is_none() && !mfr_raw.is_empty() {
                    c.warn(Field::Manufacturer, format!("'{mfr_raw}' is not in the nomenclature; kept as written"));
                }
                Resolved::from(&mfr_raw, r)
            }
            id => match n.manufacturer(id) {
                Some(m) => Resolved {
                    raw: mfr_raw.clone(),
                    id: Some(m.id.clone()),
                    canonical: Some(m.name.clone()),
                    confidence: same_choice(
                        self.caches
                            .manufacturer
                            .get_or(&[&mfr_raw, &model_raw], || slim(n.resolve_manufacturer(&mfr_raw, Some(&model_raw)))),
                        &m.id,
                    ),
                },
                None => {
                    c.fail(Field::ManufacturerId, format!("'{id}' is not a manufacturer id of the nomenclature"));
                    Resolved::from(&mfr_raw, None)
                }
            },
        };
        let cal_raw = c.get(Field::Calibre).to_string();
        let calibre = match c.get(Field::CalibreId) {
            "" => {
                let tid = firearm_type.id.clone().unwrap_or_default();
                let r = if cal_raw.is_empty() {
                    None
                } else {
                    self.caches
                        .calibre
                        .get_or(&[&cal_raw, &tid], || slim(n.resolve_calibre(&cal_raw, (!tid.is_empty()).then_some(tid.as_str()))))
                };
                if r.is_none() && !cal_raw.is_empty() {
                    c.warn(Field::Calibre, format!("'{cal_raw}' is not in the nomenclature; kept as written"));
                }
                Resolved::from(&cal_raw, r)
            }
            id => match n.calibre(id) {
                Some(cal) => Resolved {
                    raw: cal_raw.clone(),
                    id: Some(cal.id.clone()),
                    canonical: Some(cal.name.clone()),
                    confidence: {
                        let tid = firearm_type.id.as_deref().unwrap_or("");
                        same_choice(
                            self.caches
                                .calibre
                                .get_or(&[&cal_raw, tid], || slim(n.resolve_calibre(&cal_raw, (!tid.is_empty()).then_some(tid)))),
                            &cal.id,
                        )
                    },
                },
                None => {
                    c.fail(Field::CalibreId, format!("'{id}' is not a calibre id of the nomenclature"));
                    Resolved::from(&cal_raw, None)
                }
            },
        };
        let model = match c.get(Field::ModelCanonical) {
            "" if model_raw.is_empty() => Resolved::default(),
            "" => {
                let mid = manufacturer.id.as_deref().unwrap_or("");
                let r =
                    self.caches.model.get_or(&[&model_raw, mid], || slim(n.resolve_model(&model_raw, (!mid.is_empty()).then_some(mid))));
                Resolved::from(&model_raw, r)
            }
            m => {
                // The resolver's own answer when it agrees with the stored choice (re-imports keep
                // their confidence); a person's choice otherwise.
                let r = n.resolve_model(&model_raw, manufacturer.id.as_deref()).filter(|r| r.name == m);
                Resolved {
                    raw: model_raw.clone(),
                    id: r.as_ref().map(|r| r.id.clone()),
                    canonical: Some(m.to_string()),
                    confidence: r.map(|r| r.confidence).unwrap_or(1.0),
                }
            }
        };
        let combo_key = [
            firearm_type.id.as_deref().unwrap_or(""),
            calibre.id.as_deref().unwrap_or(""),
            manufacturer.id.as_deref().unwrap_or(""),
            model_raw.as_str(),
        ];
        let warnings = self.caches.combination.get_or(&combo_key, || {
            n.check_combination(
                firearm_type.id.as_deref(),
                calibre.id.as_deref(),
                manufacturer.id.as_deref(),
                (!model_raw.is_empty()).then_some(model_raw.as_str()),
            )
        });
        for w in warnings {
            let f = match w.field {
                "calibre" => Field::Calibre,
                "model" => Field::Model,
                _ => Field::FirearmType,
            };
            c.warn(f, w.message);
        }
        let status = match c.get(Field::SerialStatus) {
            "" => None,
            s => c.domain(Field::SerialStatus, SerialStatus::parse(s)),
        };
        let serial = c.domain(Field::Serial, SerialNumber::parse(c.get(Field::Serial), status)).unwrap_or_else(SerialNumber::none);
        let year = c
            .domain(Field::YearOfManufacture, parse_year(c.get(Field::YearOfManufacture), "year of manufacture", self.current_year))
            .flatten();
        let country_of_manufacture = self.country(c, Field::CountryOfManufacture).or_else(|| {
            manufacturer.id.as_deref().and_then(|id| n.manufacturer(id)).and_then(|m| CountryCode::from_alpha3(&m.country).ok())
        });
        let mut import_marks = Vec::new();
        if let Some(ic) = self.country(c, Field::ImportCountry) {
            let y = c.domain(Field::ImportYear, parse_year(c.get(Field::ImportYear), "import year", self.current_year)).flatten();
            import_marks.push(ImportMark { country: ic, year: y, text: String::new() });
        }
        let other_marks = c
            .get(Field::OtherMarks)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|t| OtherMark { kind: OtherMarkKind::FreeText, text: t.to_string() })
            .collect();
        let converted = c.domain(Field::Converted, Conversion::parse(c.get(Field::Converted))).flatten();
        let privately_made = c.domain(Field::PrivatelyMade, PrivatelyMade::parse(c.get(Field::PrivatelyMade))).flatten();
        let action = match c.get(Field::Action) {
            "" => None,
            a => match n.resolve_code("action", a) {
                Some(r) => Some(r.id),
                None => {
                    c.fail(Field::Action, format!("'{a}' is not a known action; expected semi-automatic, automatic, bolt action, pump action, lever action, break action, single shot, revolver or other"));
                    None
                }
            },
        };
        let ammunition = if class == ItemClass::Ammunition {
            let q = c.get(Field::Quantity);
            let quantity = match q.replace([' ', '\u{a0}', ','], "").parse::<u64>() {
                Ok(v) => v,
                Err(_) => {
                    c.fail(Field::Quantity, format!("'{q}' is not a number of rounds; expected a whole number such as 250"));
                    0
                }
            };
            Some(AmmunitionLot { quantity, headstamp: c.get(Field::Headstamp).to_string(), lot: c.get(Field::Lot).to_string() })
        } else {
            None
        };
        let status = match c.get(Field::Status) {
            "" => ItemStatus::Unknown,
            s => c.domain(Field::Status, ItemStatus::parse(s)).unwrap_or(ItemStatus::Unknown),
        };
        Item {
            meta,
            class,
            part_kind,
            markings: Markings { manufacturer, country_of_manufacture, serial, year_of_manufacture: year, import_marks, other_marks },
            classification: Classification { firearm_type, model, calibre, action, converted, privately_made },
            ammunition,
            status,
            description: c.get(Field::Description).to_string(),
        }
    }

    /// The holder or licensee of a row, created once per identifier (or name) per import.
    fn holder(&mut self, c: &mut Cells<'_>, out: &mut RowOut, role: Option<PartyRole>) -> Option<RecordId> {
        let (name, hid) = (c.get(Field::Holder), c.get(Field::HolderId));
        if name.is_empty() && hid.is_empty() {
            return None;
        }
        // Most rows name a holder met before: the key is built in a reused buffer.
        self.holder_key.clear();
        if hid.is_empty() {
            self.holder_key.push_str("name:");
            self.holder_key.push_str(&armstrace_domain::nomenclature::text::fold_key(name));
        } else {
            self.holder_key.push_str("id:");
            self.holder_key.push_str(hid);
        }
        if let Some(id) = self.parties.get(self.holder_key.as_str()) {
            return Some(*id);
        }
        let key = self.holder_key.clone();
        let (name, hid) = (name.to_string(), hid.to_string());
        let kind = match armstrace_domain::nomenclature::text::fold_key(c.get(Field::HolderKind)).as_str() {
            "person" | "persona" | "personne" | "individual" | "natural person" => PartyKind::Person,
            "organisation" | "organization" | "company" | "empresa" | "societe" | "business" | "legal person" => PartyKind::Organisation,
            "" => {
                if self.opts.kind == ImportKind::Licensees {
                    PartyKind::Organisation
                } else {
                    PartyKind::Person
                }
            }
            other => {
                let other = other.to_string();
                c.fail(Field::HolderKind, format!("'{other}' is neither person nor organisation"));
                PartyKind::Person
            }
        };
        let mut meta = self.meta(c);
        meta.id = RecordId::new();
        // Persons' records are case data: at least AMBER whatever the row says.
        if kind == PartyKind::Person && meta.handling < HandlingCode::Amber {
            meta.handling = HandlingCode::Amber;
        }
        let country = self.country(c, Field::Country);
        let mut roles: Vec<PartyRole> = role.into_iter().collect();
        for r in c.get(Field::Roles).split([';', ',', '|']).map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(pr) = c.domain(Field::Roles, PartyRole::parse(r)) {
                if !roles.contains(&pr) {
                    roles.push(pr);
                }
            }
        }
        let identifiers = if hid.is_empty() {
            vec![]
        } else {
            vec![Identifier { kind: "licence".into(), value: hid.clone(), issuer: Some(self.opts.country) }]
        };
        let address = Address {
            street: c.get(Field::Street).to_string(),
            city: c.get(Field::City).to_string(),
            region: c.get(Field::Region).to_string(),
            postal_code: c.get(Field::PostalCode).to_string(),
            country: country.or(Some(self.opts.country)),
        };
        let has_address =
            !(address.street.is_empty() && address.city.is_empty() && address.region.is_empty() && address.postal_code.is_empty());
        let manufacturer_id = if roles.contains(&PartyRole::Manufacturer) {
            nomenclature().resolve_manufacturer(&name, None).filter(|r| r.confidence >= 0.9).map(|r| r.id)
        } else {
            None
        };
        let party = Party {
            meta,
            kind,
            name: if name.is_empty() { hid.clone() } else { name },
            roles,
            identifiers,
            addresses: if has_address { vec![address] } else { vec![] },
            nationality: None,
            birth_date: None,
            manufacturer_id,
        };
        let id = party.meta.id;
        self.parties.insert(key, id);
        out.parties.push(party);
        Some(id)
    }

    fn event(&self, item: &Item, seq: u32, kind: EventKind, date: Option<PartialDate>, country: Option<CountryCode>) -> HistoryEvent {
        HistoryEvent {
            id: RecordId::new(),
            item: item.meta.id,
            seq,
            kind,
            date,
            country,
            place: String::new(),
            parties: vec![],
            licence: None,
            incident: None,
            documents: vec![],
            note: String::new(),
        }
    }

    fn convert(&mut self, c: &mut Cells<'_>) -> RowOut {
        let mut out = RowOut::default();
        match self.opts.kind {
            ImportKind::Registry | ImportKind::LostStolen => {
                let mut item = self.item(c);
                // Manufacture and import are in the markings (FP 8(1)(a)-(b)); the history starts with
                // what the row records.
                let mut events: Vec<HistoryEvent> = Vec::new();
                let holder = self.holder(c, &mut out, Some(PartyRole::LicensedHolder));
                let date = self.date(c, Field::Date);
                let country = self.country(c, Field::Country).or(Some(self.opts.country));
                let place = c.get(Field::Place).to_string();
                let listed = item.status;
                let report = match (self.opts.kind, listed) {
                    (ImportKind::LostStolen, ItemStatus::Lost) => Some(EventKind::ReportedLost),
                    (ImportKind::LostStolen, ItemStatus::Stolen) => Some(EventKind::ReportedStolen),
                    (ImportKind::LostStolen, _) => {
                        c.fail(Field::Status, "a lost or stolen report needs the status lost or stolen (perdida/robada, perdue/volée)");
                        None
                    }
                    (_, ItemStatus::Unknown | ItemStatus::Registered) => None,
                    (_, s) => Some(match s {
                        ItemStatus::Lost => EventKind::ReportedLost,
                        ItemStatus::Stolen => EventKind::ReportedStolen,
                        ItemStatus::Seized => EventKind::Seized,
                        ItemStatus::Found => EventKind::Found,
                        ItemStatus::Surrendered => EventKind::Surrendered,
                        ItemStatus::Recovered => EventKind::Recovered,
                        ItemStatus::Deactivated => EventKind::Deactivated,
                        ItemStatus::Destroyed => EventKind::Destroyed,
                        ItemStatus::Exported => EventKind::Exported,
                        ItemStatus::Imported => EventKind::Imported,
                        _ => EventKind::Registered,
                    }),
                };
                let mut reg =
                    self.event(&item, events.len() as u32, EventKind::Registered, if report.is_none() { date } else { None }, country);
                reg.place = place.clone();
                if let Some(h) = holder {
                    reg.parties.push(EventParty { party: h, role: EventRole::Holder });
                }
                if holder.is_some() || report.is_none() {
                    events.push(reg);
                }
                if let Some(k) = report {
                    let mut e = self.event(&item, events.len() as u32, k, date, country);
                    e.place = place;
                    if let Some(h) = holder {
                        e.parties.push(EventParty { party: h, role: EventRole::Holder });
                    }
                    events.push(e);
                }
                item.status = derive_status(&events);
                out.items.push(item);
                out.events.extend(events);
            }
            ImportKind::Seizures => {
                let mut item = self.item(c);
                // Manufacture and import are in the markings (FP 8(1)(a)-(b)); the history starts with
                // what the row records.
                let mut events: Vec<HistoryEvent> = Vec::new();
                let kind = c.domain(Field::IncidentKind, IncidentKind::parse(c.get(Field::IncidentKind))).unwrap_or(IncidentKind::Seizure);
                let date = self.date(c, Field::Date);
                let country = self.country(c, Field::Country).or(Some(self.opts.country));
                let place = c.get(Field::Place).to_string();
                let reference = match c.get(Field::IncidentRef) {
                    "" => format!(
                        "{}/{}/{}",
                        date.map(|d| d.to_string()).unwrap_or_default(),
                        country.map(|c| c.to_string()).unwrap_or_default(),
                        place
                    ),
                    r => r.to_string(),
                };
                let incident_id = self.incident_for(c, &reference, kind, date, country, &place, &mut out);
                let ek = match kind {
                    IncidentKind::Found => EventKind::Found,
                    IncidentKind::Surrender => EventKind::Surrendered,
                    IncidentKind::Seizure | IncidentKind::Crime => EventKind::Seized,
                };
                let mut e = self.event(&item, events.len() as u32, ek, date, country);
                e.place = place;
                e.incident = Some(incident_id);
                events.push(e);
                item.status = derive_status(&events);
                if let Some(inc) = self.incidents.get_mut(&reference) {
                    inc.items.push(item.meta.id);
                }
                out.items.push(item);
                out.events.extend(events);
            }
            ImportKind::Licensees => {
                let role = match c.get(Field::LicenceKind) {
                    "" => None,
                    k => match LicenceKind::parse(k) {
                        Ok(LicenceKind::Manufacturing) => Some(PartyRole::Manufacturer),
                        Ok(LicenceKind::Dealing) => Some(PartyRole::Dealer),
                        Ok(LicenceKind::Export) => Some(PartyRole::Exporter),
                        Ok(LicenceKind::Import) => Some(PartyRole::Importer),
                        Ok(LicenceKind::Brokering) => Some(PartyRole::Broker),
                        _ => Some(PartyRole::LicensedHolder),
                    },
                };
                let before = out.parties.len();
                let Some(holder) = self.holder(c, &mut out, role) else {
                    c.fail(Field::Holder, "a licensee needs a name or a licence number");
                    return out;
                };
                if out.parties.len() == before {
                    c.fail(Field::HolderId, "this licence number was already on an earlier row of the file; one row per licensee");
                }
                let number = c.get(Field::HolderId).to_string();
                if !number.is_empty() {
                    let kind = c
                        .domain(
                            Field::LicenceKind,
                            LicenceKind::parse(if c.get(Field::LicenceKind).is_empty() { "possession" } else { c.get(Field::LicenceKind) }),
                        )
                        .unwrap_or(LicenceKind::Possession);
                    let mut meta = self.meta(c);
                    meta.id = RecordId::new();
                    let issued = self.date(c, Field::IssueDate);
                    let expires = self.date(c, Field::ExpiryDate);
                    let licence = Licence {
                        meta,
                        kind,
                        number,
                        issuing_authority: c.get(Field::IssuingAuthority).to_string(),
                        issuing_country: self.opts.country,
                        issued,
                        expires,
                        holder: Some(holder),
                        exporting_country: None,
                        importing_country: None,
                        transit_countries: vec![],
                        final_recipient: String::new(),
                        lines: vec![],
                        temporary: false,
                    };
                    if let Err(e) = licence.check() {
                        c.fail(Field::ExpiryDate, explain(&e));
                    }
                    out.licences.push(licence);
                }
            }
            ImportKind::Items => {
                let item = self.item(c);
                out.items.push(item);
            }
            ImportKind::Events => {
                let id = c.domain(Field::Id, RecordId::parse(c.get(Field::Id)));
                let item = c.domain(Field::ItemId, RecordId::parse(c.get(Field::ItemId)));
                let kind = c.domain(Field::EventKind, EventKind::parse(c.get(Field::EventKind)));
                let seq = match c.get(Field::Seq).parse::<u32>() {
                    Ok(s) => s,
                    Err(_) => {
                        let raw = c.get(Field::Seq).to_string();
                        c.fail(Field::Seq, format!("'{raw}' is not an event order number; expected 0, 1, 2, ..."));
                        0
                    }
                };
                let date = self.date(c, Field::Date);
                let country = self.country(c, Field::Country);
                let opt_id = |c: &mut Cells<'_>, f: Field| match c.get(f) {
                    "" => None,
                    s => c.domain(f, RecordId::parse(s)),
                };
                let licence = opt_id(c, Field::LicenceId);
                let incident = opt_id(c, Field::IncidentRef);
                let parties: Vec<EventParty> = match c.get(Field::Parties) {
                    "" => vec![],
                    p => match serde_json::from_str(p) {
                        Ok(v) => v,
                        Err(e) => {
                            c.fail(Field::Parties, format!("not a list of parties as armstrace exports it: {e}"));
                            vec![]
                        }
                    },
                };
                if let (Some(id), Some(item), Some(kind)) = (id, item, kind) {
                    out.events.push(HistoryEvent {
                        id,
                        item,
                        seq,
                        kind,
                        date,
                        country,
                        place: c.get(Field::Place).to_string(),
                        parties,
                        licence,
                        incident,
                        documents: vec![],
                        note: c.get(Field::Description).to_string(),
                    });
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn incident_for(
        &mut self,
        c: &mut Cells<'_>,
        reference: &str,
        kind: IncidentKind,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
        place: &str,
        out: &mut RowOut,
    ) -> RecordId {
        if let Some(inc) = self.incidents.get(reference) {
            let id = inc.meta.id;
            // Persons named on later rows of the same incident join it.
            if let Some(pid) = self.person(c, out) {
                let role = self.person_role(c);
                if let Some(inc) = self.incidents.get_mut(reference) {
                    if !inc.persons.iter().any(|p| p.party == pid && p.role == role) {
                        inc.persons.push(IncidentParty { party: pid, role });
                    }
                }
            }
            return id;
        }
        let mut meta = self.meta(c);
        meta.id = RecordId::new();
        let (lat, lon) =
            c.domain(Field::Latitude, Place::parse_coordinates(c.get(Field::Latitude), c.get(Field::Longitude))).unwrap_or((None, None));
        let contexts: Vec<String> = c
            .get(Field::Context)
            .split([';', '|', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
            .into_iter()
            .filter_map(|raw| match nomenclature().resolve_code("criminal_context", &raw) {
                Some(r) => Some(r.id),
                None => {
                    c.fail(Field::Context, format!("'{raw}' is not a criminal context; expected illicit trafficking, illicit possession, illicit manufacturing, violent crime, drug trafficking, organized crime, terrorism or other"));
                    None
                }
            })
            .collect();
        let conveyance = match c.get(Field::Conveyance) {
            "" => None,
            raw => match nomenclature().resolve_code("conveyance", raw) {
                Some(r) => Some(r.id),
                None => {
                    let raw = raw.to_string();
                    c.fail(Field::Conveyance, format!("'{raw}' is not a conveyance; expected land, sea, air or postal"));
                    None
                }
            },
        };
        let route = Route {
            origin: self.countries(c, Field::RouteOrigin),
            transit: self.countries(c, Field::RouteTransit),
            destination: self.countries(c, Field::RouteDestination),
        };
        let mut persons = Vec::new();
        if let Some(pid) = self.person(c, out) {
            persons.push(IncidentParty { party: pid, role: self.person_role(c) });
        }
        let inc = Incident {
            meta,
            kind,
            reference: reference.to_string(),
            date,
            place: Place { country, admin_area: c.get(Field::AdminArea).to_string(), locality: place.to_string(), lat, lon },
            contexts,
            persons,
            route,
            concealment: c.get(Field::Concealment).to_string(),
            conveyance,
            items: vec![],
            summary: String::new(),
        };
        let id = inc.meta.id;
        self.incident_order.push(reference.to_string());
        self.incidents.insert(reference.to_string(), inc);
        id
    }

    fn person_role(&self, c: &mut Cells<'_>) -> String {
        match c.get(Field::PersonRole) {
            "" => "suspect".to_string(),
            raw => match nomenclature().resolve_code("role", raw) {
                Some(r) => r.id,
                None => {
                    let raw = raw.to_string();
                    c.fail(Field::PersonRole, format!("'{raw}' is not a role; expected suspect, owner, buyer, seller, courier or witness"));
                    "suspect".to_string()
                }
            },
        }
    }

    fn person(&mut self, c: &mut Cells<'_>, out: &mut RowOut) -> Option<RecordId> {
        let name = c.get(Field::Person).to_string();
        if name.is_empty() {
            return None;
        }
        let key = format!("person:{}", armstrace_domain::nomenclature::text::fold_key(&name));
        if let Some(id) = self.parties.get(&key) {
            return Some(*id);
        }
        let mut meta = self.meta(c);
        meta.id = RecordId::new();
        meta.handling = meta.handling.max(HandlingCode::AmberStrict);
        let p = Party {
            meta,
            kind: PartyKind::Person,
            name,
            roles: vec![],
            identifiers: vec![],
            addresses: vec![],
            nationality: None,
            birth_date: None,
            manufacturer_id: None,
        };
        let id = p.meta.id;
        self.parties.insert(key, id);
        out.parties.push(p);
        Some(id)
    }

    /// Incidents are complete only at the end of the file (their items come from many rows).
    fn take_incidents(&mut self) -> Vec<Incident> {
        let order = std::mem::take(&mut self.incident_order);
        order.into_iter().filter_map(|r| self.incidents.remove(&r)).collect()
    }
}

/// A rejects file: the refused rows as they were, with the reasons in a last column.
struct Rejects {
    writer: csv::Writer<std::fs::File>,
}

impl Rejects {
    fn create(path: &Path, headers: &[String]) -> Result<Rejects, ImportError> {
        let mut writer =
            csv::Writer::from_path(path).map_err(|e| ImportError::File { file: path.display().to_string(), message: e.to_string() })?;
        let mut h: Vec<String> = vec!["row".into()];
        h.extend(headers.iter().cloned());
        h.push("errors".into());
        writer.write_record(&h).map_err(|e| ImportError::File { file: path.display().to_string(), message: e.to_string() })?;
        Ok(Rejects { writer })
    }
    fn write(&mut self, row: usize, cells: &[String], errors: &[RowError]) -> Result<(), ImportError> {
        let mut r: Vec<String> = vec![row.to_string()];
        r.extend(cells.iter().cloned());
        r.push(errors.iter().map(|e| format!("{}: {}", e.column, e.message)).collect::<Vec<_>>().join("; "));
        self.writer.write_record(&r).map_err(|e| ImportError::File { file: "rejects".into(), message: e.to_string() })
    }
}

/// What the reading thread hands to the writing one.
enum Chunk {
    /// Rows already turned into table rows on the reading thread.
    Batch(armstrace_store::Prepared, u64),
    /// Abandon the transaction: nothing may be written.
    Abort(String),
}

struct Produced {
    report: ImportReport,
    errors: Vec<RowError>,
    fatal: Option<ImportError>,
    rejects: Option<Rejects>,
}

/// Reads and converts rows, sending write batches; runs on its own thread while the store writes.
#[allow(clippy::too_many_arguments)]
fn produce(
    mut rows: Box<dyn Iterator<Item = Result<Row, ImportError>> + Send>,
    cols: Columns,
    file: String,
    opts: ImportOptions,
    mut rejects: Option<Rejects>,
    mut report: ImportReport,
    tx: std::sync::mpsc::SyncSender<Chunk>,
    written: std::sync::mpsc::Receiver<armstrace_store::Prepared>,
) -> Produced {
    let mut conv = Converter::new(opts.clone());
    let mut errors: Vec<RowError> = Vec::new();
    let chunk = opts.chunk.max(1);

    // Rows of these kinds create records with new ids; exports re-imported keep theirs.
    let fresh = !matches!(opts.kind, ImportKind::Items | ImportKind::Events);
    // Reserved up front: growing vectors of large records by doubling copied them over and over
    // (a tenth of an import's time).
    let new_batch = || WriteBatch {
        fresh,
        items: Vec::with_capacity(chunk),
        events: Vec::with_capacity(chunk),
        parties: Vec::with_capacity(chunk / 2),
        ..Default::default()
    };
    let mut batch = new_batch();
    let mut n = 0usize;
    let finish = |report: ImportReport, errors: Vec<RowError>, fatal: Option<ImportError>, rejects: Option<Rejects>| Produced {
        report,
        errors,
        fatal,
        rejects,
    };
    for next in rows.by_ref() {
        let (row_no, cells) = match next {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send(Chunk::Abort("the file could not be read to the end".into()));
                return finish(report, errors, Some(e), rejects);
            }
        };
        report.rows_read += 1;
        let mut c = Cells { cols: &cols, cells: &cells, file: &file, row: row_no, errors: vec![], warnings: vec![] };
        // A row with more or fewer cells than the header has lost or gained a separator: every
        // value after the slip would land in the wrong column, so the row is refused whole.
        let width = cols.headers.len();
        let used = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
        let out = if used > width || cells.len() < width {
            c.errors.push(RowError {
                file: file.clone(),
                row: row_no,
                column: "(row)".into(),
                message: format!(
                    "{} cells where the header has {width}; a separator is missing or extra (quote values that contain the separator)",
                    cells.len().max(used)
                ),
            });
            RowOut::default()
        } else {
            conv.convert(&mut c)
        };
        report.warning_count += c.warnings.len() as u64;
        for w in c.warnings.drain(..) {
            if report.warnings.len() < MAX_WARNINGS_KEPT {
                report.warnings.push(w.to_string());
            }
        }
        if !c.errors.is_empty() {
            report.rows_rejected += 1;
            if let Some(r) = rejects.as_mut() {
                if let Err(e) = r.write(row_no, &cells, &c.errors) {
                    let _ = tx.send(Chunk::Abort("the rejects file could not be written".into()));
                    return finish(report, errors, Some(e), rejects);
                }
            }
            errors.extend(c.errors);
            continue;
        }
        if !errors.is_empty() && !opts.partial {
            // Keep validating to report every bad row, but stop preparing writes.
            continue;
        }
        report.rows_written += 1;
        report.items += out.items.len() as u64;
        report.events += out.events.len() as u64;
        report.parties += out.parties.len() as u64;
        report.licences += out.licences.len() as u64;
        batch.items.extend(out.items);
        batch.events.extend(out.events);
        batch.parties.extend(out.parties);
        batch.licences.extend(out.licences);
        n += 1;
        if n >= chunk {
            n = 0;
            // Batches the store has written come back to be freed here, where they were allocated.
            while let Ok(done) = written.try_recv() {
                drop(done);
            }
            let prepared = armstrace_store::Prepared::from_batch(&batch);
            // Dropped here, on the thread that allocated it: cross-thread frees were costly.
            batch = new_batch();
            if tx.send(Chunk::Batch(prepared, report.rows_read)).is_err() {
                // The writer stopped (a store error): it reports why.
                return finish(report, errors, None, rejects);
            }
        }
    }
    // Incidents are complete only now: their items come from many rows.
    batch.incidents = conv.take_incidents();
    report.incidents = batch.incidents.len() as u64;
    if !errors.is_empty() && !opts.partial {
        // All-or-nothing: any bad row abandons the one transaction, so nothing is written.
        let _ = tx.send(Chunk::Abort(format!("{} bad row(s)", errors.len())));
    } else {
        let _ = tx.send(Chunk::Batch(armstrace_store::Prepared::from_batch(&batch), report.rows_read));
    }
    finish(report, errors, None, rejects)
}

/// Imports one file into the store. `progress` is called with the number of rows read so far.
///
/// Reading and converting rows runs on a second thread while the store writes the previous batch:
/// both cores work on a large import. Everything is still one transaction.
pub fn import_file(
    store: &dyn Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let sheet = open_sheet(path, opts.sheet.as_deref())?;
    let mapping = match &opts.mapping {
        Some(m) => read_mapping(m, &Catalog::new())?,
        None => HashMap::new(),
    };
    let (cols, ignored) = Columns::recognise(&sheet, &mapping, opts.kind)?;
    let file = sheet.file.clone();
    let rejects = match (&opts.rejects, opts.partial) {
        (Some(p), true) => Some(Rejects::create(p, &cols.headers)?),
        _ => None,
    };
    let report = ImportReport { file: file.clone(), ignored_columns: ignored, ..Default::default() };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(2);
    let (written_tx, written_rx) = std::sync::mpsc::channel::<armstrace_store::Prepared>();
    let producer_opts = opts.clone();
    let rows = sheet.rows;
    let producer = std::thread::Builder::new()
        .name("import-reader".into())
        .spawn(move || produce(rows, cols, file, producer_opts, rejects, report, tx, written_rx))
        .map_err(|e| ImportError::File { file: path.display().to_string(), message: format!("could not start the reader: {e}") })?;
    let result = {
        let mut stream = rx.iter().map(|chunk| match chunk {
            Chunk::Batch(b, read) => {
                progress(read);
                Ok(b)
            }
            Chunk::Abort(why) => Err(StoreError::Aborted(why)),
        });
        store.write_prepared_stream(&mut stream, &mut |done| {
            // The reader may have finished; then this thread frees it.
            let _ = written_tx.send(done);
        })
    };
    drop(rx);
    let mut produced = producer
        .join()
        .map_err(|_| ImportError::File { file: path.display().to_string(), message: "the reader stopped unexpectedly".into() })?;
    if let Some(e) = produced.fatal.take() {
        return Err(e);
    }
    if !produced.errors.is_empty() && !opts.partial {
        return Err(ImportError::Rows { errors: produced.errors });
    }
    result?;
    if let Some(r) = produced.rejects.as_mut() {
        r.writer.flush().map_err(|e| ImportError::File { file: "rejects".into(), message: e.to_string() })?;
    }
    let mut report = produced.report;
    report.rejected = produced.errors;
    Ok(report)
}
