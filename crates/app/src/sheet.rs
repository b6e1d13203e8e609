//! Reading the spreadsheets authorities really have: CSV (comma, semicolon or tab; UTF-8 or the
//! Latin-1/Windows-1252 that spreadsheet programs export) and XLSX. Rows come out as text cells with
//! the row number a person sees in the file, so that every error can say where.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use crate::import::ImportError;

/// One row: its 1-based number as shown by a spreadsheet program (header included) and its cells.
pub type Row = (usize, Vec<String>);

pub struct Sheet {
    /// File name as given, for messages.
    pub file: String,
    pub headers: Vec<String>,
    pub header_row: usize,
    pub rows: Box<dyn Iterator<Item = Result<Row, ImportError>> + Send>,
}

fn io_err(file: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::File { file: file.to_string(), message: e.to_string() }
}

/// Text of a cell as people expect to see it: whole numbers without `.0`, dates as ISO dates.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as an ISO date, with the time when there is one.
fn excel_date(serial: f64) -> String {
    use armstrace_domain::time::{civil_from_days, days_from_civil};
    let days = serial.floor() as i64;
    let (y, m, d) = civil_from_days(days_from_civil(1899, 12, 30) + days);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, (secs / 60) % 60, secs % 60)
    }
}

/// Opens a CSV or XLSX file (by extension; `sheet` picks a worksheet, default the first).
pub fn open_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet, ImportError> {
    let file = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => open_workbook_sheet(path, &file, sheet),
        "csv" | "tsv" | "txt" => open_csv(path, &file),
        _ => Err(ImportError::File { file, message: "unknown file type: use a .csv, .tsv or .xlsx file".into() }),
    }
}

fn open_workbook_sheet(path: &Path, file: &str, sheet: Option<&str>) -> Result<Sheet, ImportError> {
    // calamine can panic on malformed shared strings; a bad file must be an error, not a crash.
    let opened = std::panic::catch_unwind(|| -> Result<Vec<Vec<String>>, String> {
        let mut wb = open_workbook_auto(path).map_err(|e| e.to_string())?;
        let names = wb.sheet_names().to_vec();
        let name = match sheet {
            Some(s) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(s))
                .cloned()
                .ok_or_else(|| format!("no sheet named '{s}'; the workbook has: {}", names.join(", ")))?,
            None => names.first().cloned().ok_or_else(|| "the workbook has no sheets".to_string())?,
        };
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        Ok(range.rows().map(|r| r.iter().map(cell_text).collect()).collect())
    });
    let rows = match opened {
        Ok(Ok(rows)) => rows,
        Ok(Err(m)) => return Err(io_err(file, format!("{m}; is this a valid .xlsx workbook?"))),
        Err(_) => {
            return Err(io_err(file, "the workbook is damaged and could not be read; open and save it again in a spreadsheet program"))
        }
    };
    let mut numbered = rows.into_iter().enumerate().map(|(i, r)| (i + 1, r)).skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
    let (header_row, headers) = numbered.next().ok_or_else(|| io_err(file, "the sheet is empty: expected a header row and data rows"))?;
    Ok(Sheet {
        file: file.to_string(),
        headers,
        header_row,
        rows: Box::new(numbered.filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(Ok)),
    })
}

/// Decodes bytes as UTF-8, or as Windows-1252/Latin-1 when they are not UTF-8.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80 => '€',
                0x8A => 'Š',
                0x8E => 'Ž',
                0x9A => 'š',
                0x9E => 'ž',
                0x91 | 0x92 => '\'',
                0x93 | 0x94 => '"',
                0x96 | 0x97 => '-',
                _ => b as char,
            })
            .collect(),
    }
}

fn open_csv(path: &Path, file: &str) -> Result<Sheet, ImportError> {
    let f = File::open(path).map_err(|e| io_err(file, e))?;
    read_csv(BufReader::with_capacity(1 << 20, f), file)
}

/// A CSV file already in memory (an upload read whole: the directory's files are small).
pub fn csv_from_bytes(bytes: Vec<u8>, file: &str) -> Result<Sheet, ImportError> {
    read_csv(std::io::Cursor::new(bytes), file)
}

fn read_csv(mut reader: impl BufRead + Send + 'static, file: &str) -> Result<Sheet, ImportError> {
    // Sniff the delimiter from the first line: the most frequent of , ; and tab.
    let mut first = Vec::new();
    {
        let buf = reader.fill_buf().map_err(|e| io_err(file, e))?;
        let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
        first.extend_from_slice(&buf[..end]);
    }
    let count = |c: u8| first.iter().filter(|&&b| b == c).count();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|&c| count(c)).unwrap_or(b',');
    let rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Box::new(reader) as Box<dyn Read + Send>);
    let mut records = rdr.into_byte_records();
    let mut row_no = 0usize;
    let header = loop {
        match records.next() {
            None => return Err(io_err(file, "the file is empty: expected a header row and data rows")),
            Some(Err(e)) => return Err(io_err(file, e)),
            Some(Ok(r)) => {
                row_no += 1;
                let cells: Vec<String> = r.iter().map(decode).collect();
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    break cells;
                }
            }
        }
    };
    let mut headers = header;
    if let Some(h) = headers.first_mut() {
        *h = h.trim_start_matches('\u{feff}').to_string();
    }
    let header_row = row_no;
    let file_name = file.to_string();
    let rows = records.filter_map(move |r| {
        row_no += 1;
        match r {
            Err(e) => Some(Err(ImportError::File { file: file_name.clone(), message: format!("row {row_no}: {e}") })),
            Ok(rec) => {
                // Rows are numbered by the CSV reader's line position so that quoted line breaks
                // don't shift the numbers people look up.
                let line = rec.position().map(|p| p.line() as usize).unwrap_or(row_no);
                let cells: Vec<String> = rec.iter().map(decode).collect();
                if cells.iter().all(|c| c.trim().is_empty()) {
                    None
                } else {
                    Some(Ok((line, cells)))
                }
            }
        }
    });
    Ok(Sheet { file: file.to_string(), headers, header_row, rows: Box::new(rows) })
}
