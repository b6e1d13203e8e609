//! Bulk cross-checks: a spreadsheet of firearms (the seizures of an operation, a registry extract
//! before it is imported) checked in one go, against a registry file (`armstrace check`) or against
//! every record of the node. Nothing is written; rows that cannot be checked are reported with their
//! file, row and column, and the other rows are still checked.

use std::io::Write;
use std::path::Path;

use armstrace_matching::{Index, Query, Record};

use crate::import::{ImportError, RowError};
use crate::sheet::open_sheet;

/// The accepted names of each column (after lower-casing and turning spaces and dashes into `_`).
const REFERENCE: &[&str] = &["qid", "id", "record_id", "reference", "ref", "item", "exhibit", "referencia", "reference_piece"];
const SERIAL: &[&str] = &["serial", "serial_number", "serial_no", "numero_de_serie", "numero_serie", "no_serie", "n_serie", "serie"];
const MAKE: &[&str] = &["manufacturer", "make", "marca", "fabricante", "fabricant", "marque"];
const MODEL: &[&str] = &["model", "modelo", "modele"];
const TYPE: &[&str] = &["type", "firearm_type", "tipo", "type_arme"];
const CALIBRE: &[&str] = &["calibre", "caliber", "calibre_mm"];
const MADE_IN: &[&str] = &["country_of_manufacture", "made_in", "pais_de_fabricacion", "pays_de_fabrication"];
const YEAR: &[&str] = &["year", "year_of_manufacture", "ano", "annee"];
const COUNTRY: &[&str] = &["country", "pais", "pays"];
const STATUS: &[&str] = &["status", "estado", "statut"];

/// One firearm of a file: as written.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FileFirearm {
    /// The row number a spreadsheet program shows.
    pub row: usize,
    pub reference: String,
    pub serial: String,
    pub manufacturer: String,
    pub model: String,
    pub firearm_type: String,
    pub calibre: String,
    pub country_of_manufacture: String,
    pub year: Option<u16>,
    pub country: String,
    pub status: String,
}

impl FileFirearm {
    pub fn query(&self) -> Query<'_> {
        Query {
            serial: &self.serial,
            manufacturer: &self.manufacturer,
            model: &self.model,
            firearm_type: &self.firearm_type,
            calibre: &self.calibre,
            country_of_manufacture: &self.country_of_manufacture,
            year: self.year,
        }
    }
    fn record(&self) -> Record<'_> {
        Record {
            serial: &self.serial,
            manufacturer: &self.manufacturer,
            model: &self.model,
            firearm_type: &self.firearm_type,
            calibre: &self.calibre,
            country_of_manufacture: &self.country_of_manufacture,
            year: self.year,
            country: &self.country,
            status: &self.status,
        }
    }
}

fn key(h: &str) -> String {
    crate::fields::header_key(h).replace(' ', "_")
}

/// Reads the firearms of a CSV or XLSX file. The serial column is required; a row without a
/// serial, or with a year that is not one, is reported and left out.
pub fn read_firearms(path: &Path, shown_as: &str) -> Result<(Vec<FileFirearm>, Vec<RowError>), ImportError> {
    let rename = |e: ImportError| match e {
        ImportError::File { message, .. } => ImportError::File { file: shown_as.to_string(), message },
        ImportError::Header { row, message, .. } => ImportError::Header { file: shown_as.to_string(), row, message },
        other => other,
    };
    let sheet = open_sheet(path, None).map_err(rename)?;
    let headers: Vec<String> = sheet.headers.iter().map(|h| key(h)).collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(serial_col) = col(SERIAL) else {
        return Err(ImportError::Header {
            file: shown_as.to_string(),
            row: sheet.header_row,
            message: format!(
                "no serial number column; name one of the columns {} (the others are optional: reference, manufacturer, model, type, calibre, country_of_manufacture, year)",
                SERIAL[..3].join(", ")
            ),
        });
    };
    let cols = [col(REFERENCE), col(MAKE), col(MODEL), col(TYPE), col(CALIBRE), col(MADE_IN), col(YEAR), col(COUNTRY), col(STATUS)];
    let mut firearms = Vec::new();
    let mut errors = Vec::new();
    for row in sheet.rows {
        let (n, cells) = row.map_err(rename)?;
        let cell = |c: Option<usize>| c.and_then(|i| cells.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let serial = cell(Some(serial_col));
        let bad = |column: &str, message: String| RowError { file: shown_as.to_string(), row: n, column: column.to_string(), message };
        if serial.is_empty() {
            errors.push(bad(
                &sheet.headers[serial_col],
                "no serial number: write the characters that can be read and ? for the others".into(),
            ));
            continue;
        }
        let year_text = cell(cols[6]);
        let year = if year_text.is_empty() {
            None
        } else {
            match year_text.parse::<u16>() {
                Ok(y) if (1800..=2100).contains(&y) => Some(y),
                _ => {
                    errors
                        .push(bad("year", format!("'{year_text}' is not a year of manufacture such as 1998; leave it empty when unknown")));
                    continue;
                }
            }
        };
        firearms.push(FileFirearm {
            row: n,
            reference: {
                let r = cell(cols[0]);
                if r.is_empty() {
                    format!("row {n}")
                } else {
                    r
                }
            },
            serial,
            manufacturer: cell(cols[1]),
            model: cell(cols[2]),
            firearm_type: cell(cols[3]),
            calibre: cell(cols[4]),
            country_of_manufacture: cell(cols[5]),
            year,
            country: cell(cols[7]),
            status: cell(cols[8]),
        });
    }
    Ok((firearms, errors))
}

/// What `armstrace check` did.
#[derive(Debug, Clone, Default)]
pub struct FileCheck {
    pub registry_records: usize,
    pub queries: usize,
    pub with_alert: usize,
    pub candidates_written: usize,
    pub skipped: Vec<RowError>,
    pub build_seconds: f64,
    pub check_seconds: f64,
}

/// Checks every firearm of `queries` against `registry` and writes the candidates (at most `limit`
/// per query, best first) as `qid,rank,record_id,score,confidence,explanation`.
pub fn check_files(registry: &Path, queries: &Path, out: &Path, limit: usize) -> Result<FileCheck, ImportError> {
    let (records, mut skipped) = read_firearms(registry, &registry.display().to_string())?;
    let (asked, bad) = read_firearms(queries, &queries.display().to_string())?;
    skipped.extend(bad);
    let started = std::time::Instant::now();
    let mut index: Index<u32> = Index::new();
    for (i, r) in records.iter().enumerate() {
        index.insert(i as u32, &r.record());
    }
    index.compact();
    let build_seconds = started.elapsed().as_secs_f64();
    let file_err = |e: std::io::Error| ImportError::File { file: out.display().to_string(), message: e.to_string() };
    let write_err = |e: csv::Error| ImportError::File { file: out.display().to_string(), message: e.to_string() };
    // Written to a temporary file and renamed: a failed run leaves no half-written results.
    let tmp = out.with_extension("partial");
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(file_err)?));
    w.write_record(["qid", "rank", "record_id", "score", "confidence", "explanation"]).map_err(write_err)?;
    let started = std::time::Instant::now();
    let (mut with_alert, mut written) = (0, 0);
    for q in &asked {
        let found = index.query(&q.query(), limit.max(1));
        if found.first().is_some_and(|c| c.confidence.alerts()) {
            with_alert += 1;
        }
        for (rank, c) in found.iter().enumerate() {
            let id = records.get(c.id as usize).map(|r| r.reference.as_str()).unwrap_or("");
            let (rank, score) = ((rank + 1).to_string(), format!("{:.4}", c.score));
            w.write_record([q.reference.as_str(), &rank, id, &score, c.confidence.code(), &c.explanation]).map_err(write_err)?;
            written += 1;
        }
    }
    let check_seconds = started.elapsed().as_secs_f64();
    let mut inner = w.into_inner().map_err(|e| ImportError::File { file: out.display().to_string(), message: e.to_string() })?;
    inner.flush().map_err(file_err)?;
    drop(inner);
    std::fs::rename(&tmp, out).map_err(file_err)?;
    Ok(FileCheck {
        registry_records: records.len(),
        queries: asked.len(),
        with_alert,
        candidates_written: written,
        skipped,
        build_seconds,
        check_seconds,
    })
}
