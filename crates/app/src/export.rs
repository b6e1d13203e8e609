//! Export of any list to CSV, XLSX or JSON. CSV and XLSX use the column names the importer
//! recognises, so an item or event export re-imports to the same data; JSON carries the complete
//! records of every list and re-imports exactly (`import --kind json`).

use std::io::Write;
use std::path::Path;

use armstrace_domain::history::HistoryEvent;
use armstrace_domain::item::{Item, OtherMarkKind};
use armstrace_store::{ItemFilter, Page, Store, StoreError, WriteBatch};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "xlsx" => Ok(Self::Xlsx),
            "json" => Ok(Self::Json),
            _ => Err(format!("unknown format '{s}': use csv, xlsx or json")),
        }
    }
    pub fn from_path(p: &Path) -> Option<Self> {
        p.extension().and_then(|e| e.to_str()).and_then(|e| Self::parse(e).ok())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportList {
    Items,
    Events,
    Parties,
    Incidents,
    Licences,
    Production,
    Agencies,
    Exhibits,
    Hits,
}

impl ExportList {
    pub fn parse(s: &str) -> Result<Self, String> {
        serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase())).map_err(|_| {
            format!("unknown list '{s}': use items, events, parties, incidents, licences, production, agencies, exhibits or hits")
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{0}")]
    Store(#[from] StoreError),
}

pub const ITEM_COLUMNS: &[&str] = &[
    "id",
    "class",
    "part_kind",
    "manufacturer",
    "manufacturer_id",
    "model",
    "model_canonical",
    "type",
    "type_id",
    "calibre",
    "calibre_id",
    "serial",
    "serial_status",
    "country_of_manufacture",
    "year_of_manufacture",
    "import_country",
    "import_year",
    "other_marks",
    "action",
    "converted",
    "privately_made",
    "quantity",
    "headstamp",
    "lot",
    "status",
    "description",
    "agency",
    "owner_country",
    "handling",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];
pub const EVENT_COLUMNS: &[&str] =
    &["id", "item_id", "seq", "event", "date", "country", "place", "licence_id", "incident", "parties", "description"];

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

pub fn item_cells(it: &Item) -> Vec<String> {
    let m = &it.markings;
    let c = &it.classification;
    let imp = m.import_marks.first();
    let marks = m
        .other_marks
        .iter()
        .map(|o| match o.kind {
            OtherMarkKind::FreeText => o.text.clone(),
            k => format!("{}: {}", code(&k), o.text),
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        it.meta.id.to_string(),
        it.class.code().into(),
        it.part_kind.map(|p| code(&p)).unwrap_or_default(),
        m.manufacturer.raw.clone(),
        m.manufacturer.id.clone().unwrap_or_default(),
        c.model.raw.clone(),
        c.model.canonical.clone().unwrap_or_default(),
        c.firearm_type.raw.clone(),
        c.firearm_type.id.clone().unwrap_or_default(),
        c.calibre.raw.clone(),
        c.calibre.id.clone().unwrap_or_default(),
        m.serial.raw().to_string(),
        m.serial.status().code().into(),
        m.country_of_manufacture.map(|c| c.to_string()).unwrap_or_default(),
        m.year_of_manufacture.map(|y| y.to_string()).unwrap_or_default(),
        imp.map(|i| i.country.to_string()).unwrap_or_default(),
        imp.and_then(|i| i.year).map(|y| y.to_string()).unwrap_or_default(),
        marks,
        c.action.clone().unwrap_or_default(),
        c.converted.map(|x| code(&x)).unwrap_or_default(),
        c.privately_made.map(|x| code(&x)).unwrap_or_default(),
        it.ammunition.as_ref().map(|a| a.quantity.to_string()).unwrap_or_default(),
        it.ammunition.as_ref().map(|a| a.headstamp.clone()).unwrap_or_default(),
        it.ammunition.as_ref().map(|a| a.lot.clone()).unwrap_or_default(),
        it.status.code().into(),
        it.description.clone(),
        it.meta.agency.clone(),
        it.meta.country.to_string(),
        it.meta.handling.as_str().into(),
        it.meta.created_at.to_string(),
        it.meta.created_by.clone(),
        it.meta.updated_at.to_string(),
        it.meta.updated_by.clone(),
    ]
}

pub fn event_cells(e: &HistoryEvent) -> Vec<String> {
    vec![
        e.id.to_string(),
        e.item.to_string(),
        e.seq.to_string(),
        e.kind.code().into(),
        e.date.map(|d| d.to_string()).unwrap_or_default(),
        e.country.map(|c| c.to_string()).unwrap_or_default(),
        e.place.clone(),
        e.licence.map(|l| l.to_string()).unwrap_or_default(),
        e.incident.map(|l| l.to_string()).unwrap_or_default(),
        if e.parties.is_empty() { String::new() } else { serde_json::to_string(&e.parties).unwrap_or_default() },
        e.note.clone(),
    ]
}

/// The JSON export envelope.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonExport {
    pub armstrace_export: ExportList,
    pub nomenclature_version: String,
    pub records: Vec<serde_json::Value>,
}

enum Sink {
    Csv(Box<csv::Writer<std::fs::File>>),
    Xlsx { wb: Box<rust_xlsxwriter::Workbook>, row: u32, path: String },
    Json { out: std::io::BufWriter<std::fs::File>, first: bool },
}

const PAGE: u64 = 10_000;
/// XLSX sheets end at 1,048,576 rows (one is the header).
const XLSX_MAX_ROWS: u64 = 1_048_575;

fn ferr(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError::File { file: path.display().to_string(), message: e.to_string() }
}

impl Sink {
    fn open(path: &Path, format: ExportFormat, list: ExportList, headers: &[&str]) -> Result<Sink, ExportError> {
        match format {
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_path(path).map_err(|e| ferr(path, e))?;
                if !headers.is_empty() {
                    w.write_record(headers).map_err(|e| ferr(path, e))?;
                }
                Ok(Sink::Csv(Box::new(w)))
            }
            ExportFormat::Xlsx => {
                let mut wb = Box::new(rust_xlsxwriter::Workbook::new());
                let ws = wb.add_worksheet_with_constant_memory();
                ws.set_name(code(&list)).map_err(|e| ferr(path, e))?;
                for (i, h) in headers.iter().enumerate() {
                    ws.write_string(0, i as u16, *h).map_err(|e| ferr(path, e))?;
                }
                Ok(Sink::Xlsx { wb, row: 1, path: path.display().to_string() })
            }
            ExportFormat::Json => {
                let f = std::fs::File::create(path).map_err(|e| ferr(path, e))?;
                let mut out = std::io::BufWriter::new(f);
                write!(
                    out,
                    "{{\"armstrace_export\":\"{}\",\"nomenclature_version\":\"{}\",\"records\":[",
                    code(&list),
                    armstrace_domain::nomenclature::NOMENCLATURE_VERSION
                )
                .map_err(|e| ferr(path, e))?;
                Ok(Sink::Json { out, first: true })
            }
        }
    }

    fn row(&mut self, path: &Path, cells: &[String]) -> Result<(), ExportError> {
        match self {
            Sink::Csv(w) => w.write_record(cells).map_err(|e| ferr(path, e)),
            Sink::Xlsx { wb, row, .. } => {
                if *row as u64 > XLSX_MAX_ROWS {
                    return Err(ferr(path, "more rows than an XLSX sheet holds (1,048,575): export to CSV or JSON, or filter the list"));
                }
                let ws = wb.worksheets_mut().iter_mut().next().ok_or_else(|| ferr(path, "no worksheet"))?;
                for (i, c) in cells.iter().enumerate() {
                    if !c.is_empty() {
                        ws.write_string(*row, i as u16, c).map_err(|e| ferr(path, e))?;
                    }
                }
                *row += 1;
                Ok(())
            }
            Sink::Json { .. } => Err(ferr(path, "internal: a table row sent to a JSON export")),
        }
    }

    fn record(&mut self, path: &Path, v: &impl Serialize) -> Result<(), ExportError> {
        match self {
            Sink::Json { out, first } => {
                if !*first {
                    out.write_all(b",").map_err(|e| ferr(path, e))?;
                }
                *first = false;
                out.write_all(b"\n").map_err(|e| ferr(path, e))?;
                serde_json::to_writer(&mut *out, v).map_err(|e| ferr(path, e))
            }
            _ => Err(ferr(path, "internal: a record sent to a table export")),
        }
    }

    fn finish(self, path: &Path) -> Result<(), ExportError> {
        match self {
            Sink::Csv(mut w) => w.flush().map_err(|e| ferr(path, e)),
            Sink::Xlsx { mut wb, path: p, .. } => wb.save(&p).map_err(|e| ferr(path, e)),
            Sink::Json { mut out, .. } => {
                out.write_all(b"\n]}\n").map_err(|e| ferr(path, e))?;
                out.flush().map_err(|e| ferr(path, e))
            }
        }
    }
}

/// Pages through a list, handing every page to `f`.
fn pages<T>(
    mut fetch: impl FnMut(Page) -> Result<Vec<T>, StoreError>,
    mut f: impl FnMut(&[T]) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let mut offset = 0;
    loop {
        let page = fetch(Page { offset, limit: PAGE })?;
        if page.is_empty() {
            return Ok(offset);
        }
        f(&page)?;
        offset += page.len() as u64;
        if (page.len() as u64) < PAGE {
            return Ok(offset);
        }
    }
}

/// Exports a list; returns the number of records written.
pub fn export(
    store: &dyn Store,
    list: ExportList,
    filter: &ItemFilter,
    format: ExportFormat,
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ExportError> {
    let tabular = format != ExportFormat::Json;
    let headers: &[&str] = match (list, tabular) {
        (ExportList::Items, true) => ITEM_COLUMNS,
        (ExportList::Events, true) => EVENT_COLUMNS,
        (ExportList::Production, true) => &["party_id", "year", "flow", "type", "quantity", "source"],
        (_, true) => &["id", "record"],
        (_, false) => &[],
    };
    let mut sink = Sink::open(path, format, list, headers)?;
    macro_rules! emit {
        ($fetch:expr, $cells:expr) => {{
            let mut done = 0u64;
            pages($fetch, |page| {
                for r in page {
                    if tabular {
                        sink.row(path, &$cells(r))?;
                    } else {
                        sink.record(path, r)?;
                    }
                }
                done += page.len() as u64;
                progress(done);
                Ok(())
            })?
        }};
    }
    // Lists without a flat layout go to CSV/XLSX as id + the JSON record.
    fn generic<T: Serialize>(id: String, r: &T) -> Vec<String> {
        vec![id, serde_json::to_string(r).unwrap_or_default()]
    }
    let n = match list {
        ExportList::Items => emit!(|p| store.items(filter, p), item_cells),
        ExportList::Events => emit!(|p| store.events(p), event_cells),
        ExportList::Parties => emit!(|p| store.parties(p), |r: &armstrace_domain::party::Party| generic(r.meta.id.to_string(), r)),
        ExportList::Incidents => {
            emit!(|p| store.incidents(p), |r: &armstrace_domain::incident::Incident| generic(r.meta.id.to_string(), r))
        }
        ExportList::Licences => emit!(|p| store.licences(p), |r: &armstrace_domain::licence::Licence| generic(r.meta.id.to_string(), r)),
        ExportList::Production => emit!(|p| store.production(p), |r: &armstrace_domain::party::ProductionFigure| generic(
            format!("{}/{}/{}/{}", r.party, r.year, r.flow, r.firearm_type),
            r
        )),
        ExportList::Agencies => emit!(
            |_p: Page| if _p.offset == 0 { store.agencies() } else { Ok(vec![]) },
            |r: &armstrace_store::Agency| generic(r.code.clone(), r)
        ),
        ExportList::Exhibits => {
            emit!(|p| store.exhibits(p), |r: &armstrace_domain::ballistic::BallisticExhibit| generic(r.meta.id.to_string(), r))
        }
        ExportList::Hits => emit!(|p| store.hits(p), |r: &armstrace_domain::ballistic::BallisticHit| generic(r.meta.id.to_string(), r)),
    };
    sink.finish(path)?;
    Ok(n)
}

/// Re-imports a JSON export: every record exactly as exported, in one transaction.
pub fn import_json(store: &dyn Store, path: &Path) -> Result<u64, ExportError> {
    let f = std::fs::File::open(path).map_err(|e| ferr(path, e))?;
    let export: JsonExport =
        serde_json::from_reader(std::io::BufReader::new(f)).map_err(|e| ferr(path, format!("not an armstrace JSON export: {e}")))?;
    let mut batch = WriteBatch::default();
    let n = export.records.len() as u64;
    fn all<T: for<'de> Deserialize<'de>>(path: &Path, recs: Vec<serde_json::Value>) -> Result<Vec<T>, ExportError> {
        recs.into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::from_value(v).map_err(|e| ferr(path, format!("record {}: {e}", i + 1))))
            .collect()
    }
    match export.armstrace_export {
        ExportList::Items => batch.items = all(path, export.records)?,
        ExportList::Events => batch.events = all(path, export.records)?,
        ExportList::Parties => batch.parties = all(path, export.records)?,
        ExportList::Incidents => batch.incidents = all(path, export.records)?,
        ExportList::Licences => batch.licences = all(path, export.records)?,
        ExportList::Production => batch.production = all(path, export.records)?,
        ExportList::Agencies => batch.agencies = all(path, export.records)?,
        ExportList::Exhibits => batch.exhibits = all(path, export.records)?,
        ExportList::Hits => batch.hits = all(path, export.records)?,
    }
    store.write(&batch)?;
    Ok(n)
}
