//! Reader for the US ATF Annual Firearms Manufacturing and Export Report (AFMER) workbooks.
//!
//! AFMER lists, for every federal firearms licensee that manufactured or exported firearms in a
//! calendar year, the counts by firearm type. ATF publishes it as PDF and as spreadsheets whose
//! layout changes from year to year. What the files in `shared/data/real/` look like (inspected
//! cell by cell):
//!
//! ## AFMER-2010.xlsx
//! Ten sheets, one per firearm type and flow, in alphabetical order: `Misc EXP`, `Misc MFG`,
//! `Pistol EXP`, `Pistol MFG`, `Rev EXP`, `Rev MFG`, `Rifle EXP`, `Rifle MFG`, `Shotgun EXP`,
//! `Shotgun MFG`. Row 1 is the header, data from row 2, no title rows, no total rows, no blank
//! rows. Headers: `RDS\u{a0}KEY`, `LICENSE\u{a0}NAME`, `STREET`, `CITY`, `ST`, then the counts:
//! `PISTOL 22`, `PISTOL 25`, `PISTOL 32`, `PISTOL 380`, `PISTOL 9MM`, `PISTOL 50`, `PISTOL TOTAL`
//! (pistol calibre bands), `RVLR 22`, `RVLR 32`, `RVLR 357`, `RVLR 38`, `RVLR 44`, `RVLR 50`,
//! `RVLR TOTL` (revolver bands), or a single column `RIFLE MFG`, `SHOTGUN\u{a0}MFG`,
//! `MISC FA MFG`, `PISTOL EXP`, `RVLR EXP`, `RIFLE EXP`, `SHOTGUN EXP`, `MISC FA EXP`. Some
//! sheets have trailing empty columns in their used range. RDS keys are numeric cells
//! (8 digits, e.g. 57101188). No year anywhere in the content: the year comes from the file name.
//!
//! ## AFMER-2012.xlsx
//! Ten sheets, manufacture then export per type: `Pistols MFG`, `Pistols EXP`, `Revolvers MFG`,
//! `Revolvers EXP`, `Shotgun MFG`, `Shotguns EXP`, `Rifle MFG`, `Rifles EXP`, `Misc FA MFG`,
//! `Misc FA EXP`. Same columns as 2010, but headers are padded with runs of NBSP
//! (`RDS\u{a0}KEY\u{a0}\u{a0}…`, `\u{a0}ST\u{a0}\u{a0}\u{a0}\u{a0}`), the pistol band headers
//! contain a line break (`PISTOL\n22`), and some text cells too. RDS keys are numeric cells on
//! the manufacture sheets and text cells (`'57134716'`) on the export sheets and on `Misc FA MFG`.
//! `Revolvers MFG` (row 28) and `Shotgun MFG` (row 71) end with a total row: no key, no name,
//! only the column sums. `Misc FA EXP` has 41 empty rows after its last data row. No year in the
//! content (the document title property says `afm_mfg.pdf`): the year comes from the file name.
//!
//! ## AFMER-2021.xlsx
//! One sheet, `AFMER 2021` (the year is read from this name), one row per licensee, header in
//! row 1 with column codes: `APP_RDS_KEY` (text, 8 digits), `APP_LIC_TYPE` (text, `07`),
//! `APP_LICENSE_NAME`, `APP_PREMISE_STREET`, `APP_PREMISE_CITY`, `APP_PREMISE_STATE`,
//! `PSTL_22` … `PSTL_50`, `PSTL_TOTL`, `RVLR_22`, `RVLR_32`, `RVLR_38`, `RVLR_357` (note: 38
//! before 357, unlike 2010/2012), `RVLR_44`, `RVLR_50`, `RVLR_TOTL`, `RIFLE_MFG`,
//! `SHOTGUN_MFG`, `MIS_FAM` (miscellaneous firearms manufactured), `PISTOL_EXP`,
//! `REVOLVER_EXP`, `RIFLE_EXP`, `SHOTGUN_EXP`, `MISC_FA_EXP`. The last row (3253) is a total
//! row without key or name. In five rows the `*_TOTL` cell differs from the sum of the calibre
//! bands (e.g. row 1284: pistol bands sum to 6, `PSTL_TOTL` is 0); ATF's own total row sums the
//! `*_TOTL` column (pistols 6,751,919; the bands add up to 6,751,906).
//!
//! ## How the reader treats them
//! - Headers are compared after trimming spaces and NBSP, collapsing internal whitespace
//!   (including line breaks), upper-casing, and reading `_` as a space. The header row is the
//!   first row (within the first 50) that has a licence key column, a name column and at least
//!   one count column; rows above it are title rows (their text is searched for the year).
//! - A count column is recognised by its firearm word (PISTOL/PSTL, RVLR/REVOLVER, RIFLE,
//!   SHOTGUN, MISC/MIS), its flow (EXP → exported; MFG/FAM or nothing → the sheet name's flow,
//!   manufactured by default), and whether it is a total (TOTAL/TOTL, or no other word) or a
//!   calibre band (any other word, e.g. `22`, `9MM`, `357`).
//! - The category figure of a row is its total column when the sheet has one (that is what ATF
//!   publishes and sums), otherwise the sum of its band columns. Bands are kept in
//!   [`AfmerLicensee::bands`]; [`AfmerReport::band_mismatches`] lists where they disagree.
//! - A row with a licence key is a data row; its count cells must be empty (0) or whole numbers
//!   ≥ 0 (integral floats such as `12.0` and numeric text such as `"1,204"` are accepted),
//!   anything else is an error naming file, sheet, row and column. Blank rows, total rows (no key
//!   and no name, or a key/name cell that says TOTAL) and repeated header rows are skipped. A row
//!   with a name and counts but no key is an error: it would otherwise be lost.
//! - Rows of the same licence key are merged across sheets; counts are added up. A category is
//!   present in a licensee's maps when one of its rows had a column for it (even with 0).
//! - Sheets with no cell at all, and chart/dialog/macro sheets, are skipped; a worksheet with
//!   content but no recognisable header is an error.
//! - The year is the first 4-digit year (1950–2100) found in a sheet name or a title cell above
//!   a header, sheet by sheet; failing that, the one in the file name. 2021 takes it from the
//!   sheet name `AFMER 2021`; 2010 and 2012 from the file name.
//! - calamine 0.31 panics on some malformed workbooks (a cell pointing past the shared strings);
//!   the reader catches that panic and returns [`AfmerError::Open`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader, SheetType};

/// How many rows from the top of a sheet are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 50;

/// What a header row must contain, said in errors.
const EXPECTED_HEADER: &str = "a header row with a licence key column (RDS KEY or APP_RDS_KEY), \
a licence name column (LICENSE NAME) and at least one count column (PISTOL…, RVLR…, RIFLE…, \
SHOTGUN…, MISC…)";

/// Firearm category as AFMER reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfmerCategory {
    Pistol,
    Revolver,
    Rifle,
    Shotgun,
    Misc,
}

impl AfmerCategory {
    /// All categories, in report order.
    pub const ALL: [AfmerCategory; 5] =
        [AfmerCategory::Pistol, AfmerCategory::Revolver, AfmerCategory::Rifle, AfmerCategory::Shotgun, AfmerCategory::Misc];

    /// Short code: "pistol", "revolver", "rifle", "shotgun", "misc".
    pub fn code(self) -> &'static str {
        match self {
            AfmerCategory::Pistol => "pistol",
            AfmerCategory::Revolver => "revolver",
            AfmerCategory::Rifle => "rifle",
            AfmerCategory::Shotgun => "shotgun",
            AfmerCategory::Misc => "misc",
        }
    }

    /// The armstrace firearm type this category maps to.
    pub fn firearm_type(self) -> &'static str {
        match self {
            AfmerCategory::Pistol => "pistol",
            AfmerCategory::Revolver => "revolver",
            AfmerCategory::Rifle => "rifle",
            AfmerCategory::Shotgun => "shotgun",
            AfmerCategory::Misc => "other_firearm",
        }
    }
}

impl fmt::Display for AfmerCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Manufactured or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AfmerFlow {
    Manufactured,
    Exported,
}

impl fmt::Display for AfmerFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AfmerFlow::Manufactured => "manufactured",
            AfmerFlow::Exported => "exported",
        })
    }
}

/// One licensee (one RDS key) of one AFMER file, all its sheets merged.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AfmerLicensee {
    /// RDS key as written, trimmed of spaces and NBSP (numeric cells are written as integers).
    pub licence_key: String,
    /// Licence type (e.g. "07"), where the file has the column (2021).
    pub licence_type: Option<String>,
    pub name: String,
    pub street: String,
    pub city: String,
    pub state: String,
    /// Manufactured counts per category (the sheet's total column when it has one).
    pub manufactured: BTreeMap<AfmerCategory, u64>,
    /// Exported counts per category.
    pub exported: BTreeMap<AfmerCategory, u64>,
    /// Calibre-band detail of manufactured pistols and revolvers, keyed `"<category>:<band>"` with
    /// the band as the header says it, lower case: "pistol:22", "pistol:9mm", "revolver:357".
    /// A band is the calibre up to which the firearm is counted (ATF: "to .22", "to .357 mag").
    /// Bands of an export column, should a file have them, are keyed `"export:<category>:<band>"`.
    pub bands: BTreeMap<String, u64>,
    /// Where this licensee was read from: "AFMER-2012.xlsx:Pistols MFG:17" style references,
    /// first row first.
    pub sources: Vec<String>,
}

impl AfmerLicensee {
    /// Count of one flow and category (0 when absent).
    pub fn count(&self, flow: AfmerFlow, cat: AfmerCategory) -> u64 {
        let map = match flow {
            AfmerFlow::Manufactured => &self.manufactured,
            AfmerFlow::Exported => &self.exported,
        };
        map.get(&cat).copied().unwrap_or(0)
    }
}

/// A licensee whose calibre bands do not add up to the category total the file reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AfmerBandMismatch {
    pub licence_key: String,
    pub category: AfmerCategory,
    pub bands_sum: u64,
    pub reported_total: u64,
    pub sources: Vec<String>,
}

/// One AFMER workbook.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AfmerReport {
    pub year: u16,
    /// File name of the workbook (without directories).
    pub file: String,
    /// Licensees in order of first appearance (sheet order, then row order).
    pub licensees: Vec<AfmerLicensee>,
}

impl AfmerReport {
    /// Sum over all licensees of one flow and category.
    pub fn total(&self, kind: AfmerFlow, cat: AfmerCategory) -> u64 {
        self.licensees.iter().map(|l| l.count(kind, cat)).fold(0u64, u64::saturating_add)
    }

    /// The licensee with this licence key.
    pub fn licensee(&self, licence_key: &str) -> Option<&AfmerLicensee> {
        self.licensees.iter().find(|l| l.licence_key == licence_key)
    }

    /// Licensees whose manufactured calibre bands do not add up to the reported category total.
    pub fn band_mismatches(&self) -> Vec<AfmerBandMismatch> {
        let mut out = Vec::new();
        for l in &self.licensees {
            for cat in AfmerCategory::ALL {
                let prefix = format!("{}:", cat.code());
                let mut any = false;
                let mut sum = 0u64;
                for (k, v) in &l.bands {
                    if k.starts_with(&prefix) {
                        any = true;
                        sum = sum.saturating_add(*v);
                    }
                }
                let total = l.count(AfmerFlow::Manufactured, cat);
                if any && sum != total {
                    out.push(AfmerBandMismatch {
                        licence_key: l.licence_key.clone(),
                        category: cat,
                        bands_sum: sum,
                        reported_total: total,
                        sources: l.sources.clone(),
                    });
                }
            }
        }
        out
    }
}

/// A cell of a workbook, as an error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfmerCell {
    /// File name of the workbook.
    pub file: String,
    pub sheet: String,
    /// 1-based row number, as a spreadsheet shows it.
    pub row: usize,
    /// Column letter, as a spreadsheet shows it ("F").
    pub column: String,
    /// The column's header, whitespace collapsed ("PISTOL 22").
    pub header: String,
}

impl fmt::Display for AfmerCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, sheet '{}', row {}, column {} ('{}')", self.file, self.sheet, self.row, self.column, self.header)
    }
}

impl AfmerError {
    /// The cell the error is about, when it is about one.
    pub fn cell(&self) -> Option<&AfmerCell> {
        match self {
            AfmerError::DuplicateColumn { at, .. }
            | AfmerError::BadCount { at, .. }
            | AfmerError::BadKey { at, .. }
            | AfmerError::MissingName { at, .. }
            | AfmerError::MissingKey { at, .. }
            | AfmerError::Overflow { at } => Some(at),
            _ => None,
        }
    }
}

/// Everything that can go wrong reading an AFMER workbook. Each message says where (file, sheet,
/// 1-based row as a spreadsheet shows it, column letter and header), what is wrong and what was
/// expected.
#[derive(Debug, thiserror::Error)]
pub enum AfmerError {
    #[error("{file}: cannot open the workbook: {reason}; expected a readable Excel workbook (.xlsx, .xls, .xlsb or .ods)")]
    Open { file: String, reason: String },

    #[error("{file}, sheet '{sheet}': cannot read the sheet: {reason}")]
    Sheet { file: String, sheet: String, reason: String },

    #[error("{file}, sheet '{sheet}': no header row found in the first {searched} rows; expected {expected}")]
    NoHeader { file: String, sheet: String, searched: usize, expected: &'static str },

    #[error("{at}: this column means {meaning}, like {first}; expected one column for it")]
    DuplicateColumn {
        at: Box<AfmerCell>,
        meaning: String,
        /// The first column with that meaning: "column B ('LICENSE NAME')".
        first: String,
    },

    #[error("{at}: {problem}; expected an empty cell or a whole number of firearms (0 or more)")]
    BadCount { at: Box<AfmerCell>, problem: String },

    #[error("{at}: {problem}; expected an RDS licence key (digits, letters and dashes, e.g. 57101188)")]
    BadKey { at: Box<AfmerCell>, problem: String },

    #[error("{at}: the licensee name is empty; expected the name of licence {licence_key}")]
    MissingName { at: Box<AfmerCell>, licence_key: String },

    #[error("{at}: the licence key is empty on a row with name '{name}' and counts; expected the licensee's RDS key (a total row has neither key nor name)")]
    MissingKey { at: Box<AfmerCell>, name: String },

    #[error("{at}: adding this count to the licensee's total overflows; expected counts below 2^64")]
    Overflow { at: Box<AfmerCell> },

    #[error("{file}: no year found in the sheet names, the title rows or the file name; expected a 4-digit year such as 2021")]
    NoYear { file: String },

    #[error("{file}: no sheet has any cell; expected at least one AFMER sheet")]
    Empty { file: String },
}

/// Reads one AFMER workbook. The year is taken from the workbook's content (title cells, sheet
/// names) or, failing that, from a 4-digit year in the file name.
pub fn read_afmer(path: &Path) -> Result<AfmerReport, AfmerError> {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    if !path.is_file() {
        return Err(AfmerError::Open {
            file: path.display().to_string(),
            reason: if path.exists() { "not a file".to_string() } else { "no such file".to_string() },
        });
    }
    let sheets = load_sheets(path, &file)?;
    if sheets.iter().all(|(_, range)| range_is_blank(range)) {
        return Err(AfmerError::Empty { file });
    }

    let mut builder = Builder::default();
    let mut year_from_content: Option<u16> = None;
    for (sheet, range) in &sheets {
        if year_from_content.is_none() {
            year_from_content = find_year(sheet);
        }
        if range_is_blank(range) {
            continue;
        }
        let ctx = SheetCtx {
            file: &file,
            sheet,
            range,
            row0: range.start().map_or(0, |(r, _)| r as usize),
            col0: range.start().map_or(0, |(_, c)| c as usize),
        };
        let layout = find_layout(&ctx)?;
        if year_from_content.is_none() {
            year_from_content = year_in_title_rows(range, layout.header_index);
        }
        read_rows(&ctx, &layout, &mut builder)?;
    }

    let year = match year_from_content.or_else(|| find_year(&file)) {
        Some(y) => y,
        None => return Err(AfmerError::NoYear { file }),
    };
    Ok(AfmerReport { year, file, licensees: builder.licensees })
}

/// Opens the workbook and reads every sheet. A crash inside the spreadsheet library on a
/// malformed file is reported as an error, not propagated: calamine 0.31 indexes its shared
/// strings without a bounds check, so a cell pointing past them panics inside the library (the
/// default panic hook still prints that panic's message on standard error).
fn load_sheets(path: &Path, file: &str) -> Result<Vec<(String, Range<Data>)>, AfmerError> {
    let open = || -> Result<Vec<(String, Range<Data>)>, AfmerError> {
        let mut wb = open_workbook_auto(path).map_err(|e| AfmerError::Open { file: file.to_string(), reason: e.to_string() })?;
        // Chart, dialog and macro sheets hold no AFMER rows.
        let names: Vec<String> = wb.sheets_metadata().iter().filter(|m| m.typ == SheetType::WorkSheet).map(|m| m.name.clone()).collect();
        let mut out = Vec::new();
        for name in names {
            let range = wb.worksheet_range(&name).map_err(|e| AfmerError::Sheet {
                file: file.to_string(),
                sheet: name.clone(),
                reason: e.to_string(),
            })?;
            out.push((name, range));
        }
        Ok(out)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(open)) {
        Ok(r) => r,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the spreadsheet library crashed".to_string());
            Err(AfmerError::Open { file: file.to_string(), reason: format!("malformed workbook ({reason})") })
        }
    }
}

fn range_is_blank(range: &Range<Data>) -> bool {
    range.rows().all(|row| row.iter().all(cell_is_blank))
}

// ---------------------------------------------------------------------------------------------
// Text helpers

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}' || c == '\u{200b}'
}

/// Trims spaces and NBSP at both ends.
fn trim_spaces(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Trims and collapses internal whitespace (line breaks, NBSP runs) to one space.
fn collapse(s: &str) -> String {
    s.split(is_space).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Header words: upper case, `_` read as a space, whitespace collapsed.
fn header_tokens(s: &str) -> Vec<String> {
    s.to_uppercase().replace('_', " ").split(is_space).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

fn column_letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        let rem = u8::try_from(col % 26).unwrap_or(0);
        out.push(char::from(b'A' + rem));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.iter().rev().collect()
}

/// 4-digit years between 1950 and 2100 standing alone (not part of a longer number).
fn find_year(s: &str) -> Option<u16> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_some_and(char::is_ascii_digit) {
            let start = i;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            if i - start == 4 {
                let digits: String = chars.get(start..i).unwrap_or_default().iter().collect();
                if let Ok(y) = digits.parse::<u16>() {
                    if (1950..=2100).contains(&y) {
                        return Some(y);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

fn year_in_title_rows(range: &Range<Data>, header_index: usize) -> Option<u16> {
    range.rows().take(header_index).find_map(|row| {
        row.iter().find_map(|c| match c {
            Data::String(s) => find_year(s),
            _ => None,
        })
    })
}

fn cell_is_blank(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => trim_spaces(s).is_empty(),
        _ => false,
    }
}

/// Text of a cell as a person reads it: numbers as integers when integral.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => collapse(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

fn describe(c: &Data) -> String {
    match c {
        Data::Empty => "an empty cell".to_string(),
        Data::String(s) => format!("text \"{}\"", collapse(s)),
        Data::Int(i) => format!("the number {i}"),
        Data::Float(f) => format!("the number {f}"),
        Data::Bool(b) => format!("the boolean {b}"),
        Data::DateTime(d) => format!("a date ({d})"),
        Data::DateTimeIso(s) => format!("a date ({s})"),
        Data::DurationIso(s) => format!("a duration ({s})"),
        Data::Error(e) => format!("the error value {e}"),
    }
}

/// A total/summary label in the name column: "TOTAL", "TOTALS", "GRAND TOTAL", "TOTAL:" … (a
/// company called "TOTAL ARMS LLC" is not one).
fn is_total_label(s: &str) -> bool {
    let t = collapse(s).to_uppercase();
    let t = t.trim_end_matches([':', '.', ' ']);
    matches!(t, "TOTAL" | "TOTALS" | "GRAND TOTAL" | "GRAND TOTALS" | "SUBTOTAL" | "SUB TOTAL" | "SUM")
        || t.starts_with("GRAND TOTAL ")
        || t.strip_prefix("TOTAL ").is_some_and(|rest| !rest.chars().any(char::is_alphabetic))
}

/// A total/summary label in the licence key column, where no company name can stand:
/// anything starting with TOTAL, GRAND TOTAL, SUBTOTAL.
fn is_total_key_label(s: &str) -> bool {
    let t = collapse(s).to_uppercase();
    t.starts_with("TOTAL") || t.starts_with("GRAND TOTAL") || t.starts_with("SUBTOTAL") || t.starts_with("SUB TOTAL")
}

// ---------------------------------------------------------------------------------------------
// Header recognition

#[derive(Debug, Clone, PartialEq, Eq)]
enum CountKind {
    Total,
    Band(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Key,
    LicType,
    Name,
    Street,
    City,
    State,
    Count { flow: AfmerFlow, cat: AfmerCategory, kind: CountKind },
}

impl Role {
    fn meaning(&self) -> String {
        match self {
            Role::Key => "the licence key".to_string(),
            Role::LicType => "the licence type".to_string(),
            Role::Name => "the licence name".to_string(),
            Role::Street => "the street".to_string(),
            Role::City => "the city".to_string(),
            Role::State => "the state".to_string(),
            Role::Count { flow, cat, kind } => match kind {
                CountKind::Total => format!("{cat} {flow} (total)"),
                CountKind::Band(b) => format!("{cat} {flow}, band {b}"),
            },
        }
    }
}

fn flow_of_tokens(tokens: &[String]) -> Option<AfmerFlow> {
    if tokens.iter().any(|t| matches!(t.as_str(), "EXP" | "EXPORT" | "EXPORTS" | "EXPORTED")) {
        Some(AfmerFlow::Exported)
    } else if tokens.iter().any(|t| matches!(t.as_str(), "MFG" | "FAM" | "MANUFACTURE" | "MANUFACTURED" | "MANUFACTURING")) {
        Some(AfmerFlow::Manufactured)
    } else {
        None
    }
}

fn category_of_token(t: &str) -> Option<AfmerCategory> {
    match t {
        "PISTOL" | "PISTOLS" | "PSTL" => Some(AfmerCategory::Pistol),
        "REVOLVER" | "REVOLVERS" | "RVLR" | "REV" => Some(AfmerCategory::Revolver),
        "RIFLE" | "RIFLES" => Some(AfmerCategory::Rifle),
        "SHOTGUN" | "SHOTGUNS" => Some(AfmerCategory::Shotgun),
        "MISC" | "MIS" | "MISCELLANEOUS" => Some(AfmerCategory::Misc),
        _ => None,
    }
}

fn classify_header(text: &str, sheet_flow: Option<AfmerFlow>) -> Option<Role> {
    let tokens = header_tokens(text);
    if tokens.is_empty() {
        return None;
    }
    let has = |w: &str| tokens.iter().any(|t| t == w);
    let lic = has("LICENSE") || has("LICENCE") || has("LIC");
    if has("RDS") || (has("KEY") && lic) {
        return Some(Role::Key);
    }
    if lic && has("TYPE") {
        return Some(Role::LicType);
    }
    if has("NAME") {
        return Some(Role::Name);
    }
    if has("STREET") || has("ADDRESS") {
        return Some(Role::Street);
    }
    if has("CITY") {
        return Some(Role::City);
    }
    if tokens.last().is_some_and(|t| t == "ST" || t == "STATE") {
        return Some(Role::State);
    }
    let (pos, cat) = tokens.iter().enumerate().find_map(|(i, t)| category_of_token(t).map(|c| (i, c)))?;
    let flow = flow_of_tokens(&tokens).or(sheet_flow).unwrap_or(AfmerFlow::Manufactured);
    let is_total = tokens.iter().any(|t| matches!(t.as_str(), "TOTAL" | "TOTL" | "TOT"));
    let rest: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != pos)
        .map(|(_, t)| t.as_str())
        .filter(|t| {
            !matches!(
                *t,
                "EXP"
                    | "EXPORT"
                    | "EXPORTS"
                    | "EXPORTED"
                    | "MFG"
                    | "FAM"
                    | "MANUFACTURE"
                    | "MANUFACTURED"
                    | "MANUFACTURING"
                    | "FA"
                    | "FIREARM"
                    | "FIREARMS"
            )
        })
        .collect();
    let kind = if is_total || rest.is_empty() { CountKind::Total } else { CountKind::Band(rest.join(" ").to_lowercase()) };
    Some(Role::Count { flow, cat, kind })
}

struct Column {
    index: usize,
    header: String,
}

struct CountColumn {
    col: Column,
    flow: AfmerFlow,
    cat: AfmerCategory,
    kind: CountKind,
}

struct Layout {
    /// Index of the header row within the range.
    header_index: usize,
    key: Column,
    lic_type: Option<Column>,
    name: Column,
    street: Option<Column>,
    city: Option<Column>,
    state: Option<Column>,
    counts: Vec<CountColumn>,
    /// (flow, category) pairs whose figure comes from a total column.
    has_total: Vec<(AfmerFlow, AfmerCategory)>,
}

struct SheetCtx<'a> {
    file: &'a str,
    sheet: &'a str,
    range: &'a Range<Data>,
    /// Absolute 0-based row and column of the range's first cell.
    row0: usize,
    col0: usize,
}

impl SheetCtx<'_> {
    fn row_number(&self, index: usize) -> usize {
        self.row0 + index + 1
    }
    fn column_name(&self, index: usize) -> String {
        column_letter(self.col0 + index)
    }
    /// The cell at a row index and column index of the range.
    fn cell(&self, index: usize, col: usize, header: &str) -> Box<AfmerCell> {
        Box::new(AfmerCell {
            file: self.file.to_string(),
            sheet: self.sheet.to_string(),
            row: self.row_number(index),
            column: self.column_name(col),
            header: header.to_string(),
        })
    }
}

fn sheet_flow(sheet: &str) -> Option<AfmerFlow> {
    flow_of_tokens(&header_tokens(sheet))
}

/// Roles of one row's cells, if it is a header row.
fn header_roles(row: &[Data], sheet_flow: Option<AfmerFlow>) -> Vec<(usize, String, Role)> {
    row.iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Data::String(s) => classify_header(s, sheet_flow).map(|role| (i, collapse(s), role)),
            _ => None,
        })
        .collect()
}

fn is_header_row(roles: &[(usize, String, Role)]) -> bool {
    roles.iter().any(|(_, _, r)| *r == Role::Key)
        && roles.iter().any(|(_, _, r)| *r == Role::Name)
        && roles.iter().any(|(_, _, r)| matches!(r, Role::Count { .. }))
}

fn find_layout(ctx: &SheetCtx<'_>) -> Result<Layout, AfmerError> {
    let flow = sheet_flow(ctx.sheet);
    let found = ctx.range.rows().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, row)| {
        let roles = header_roles(row, flow);
        is_header_row(&roles).then_some((i, roles))
    });
    let Some((header_index, roles)) = found else {
        return Err(AfmerError::NoHeader {
            file: ctx.file.to_string(),
            sheet: ctx.sheet.to_string(),
            searched: HEADER_SEARCH_ROWS,
            expected: EXPECTED_HEADER,
        });
    };

    let mut seen: Vec<(Role, usize, String)> = Vec::new();
    let mut layout_key = None;
    let mut lic_type = None;
    let mut name = None;
    let mut street = None;
    let mut city = None;
    let mut state = None;
    let mut counts = Vec::new();
    for (index, header, role) in roles {
        if let Some((_, first_index, first_header)) = seen.iter().find(|(r, _, _)| *r == role) {
            return Err(AfmerError::DuplicateColumn {
                at: ctx.cell(header_index, index, &header),
                meaning: role.meaning(),
                first: format!("column {} ('{first_header}')", ctx.column_name(*first_index)),
            });
        }
        seen.push((role.clone(), index, header.clone()));
        let col = Column { index, header };
        match role {
            Role::Key => layout_key = Some(col),
            Role::LicType => lic_type = Some(col),
            Role::Name => name = Some(col),
            Role::Street => street = Some(col),
            Role::City => city = Some(col),
            Role::State => state = Some(col),
            Role::Count { flow, cat, kind } => counts.push(CountColumn { col, flow, cat, kind }),
        }
    }
    let (Some(key), Some(name)) = (layout_key, name) else {
        return Err(AfmerError::NoHeader {
            file: ctx.file.to_string(),
            sheet: ctx.sheet.to_string(),
            searched: HEADER_SEARCH_ROWS,
            expected: EXPECTED_HEADER,
        });
    };
    let mut has_total = Vec::new();
    for c in &counts {
        if c.kind == CountKind::Total && !has_total.contains(&(c.flow, c.cat)) {
            has_total.push((c.flow, c.cat));
        }
    }
    Ok(Layout { header_index, key, lic_type, name, street, city, state, counts, has_total })
}

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Default)]
struct Builder {
    licensees: Vec<AfmerLicensee>,
    index: HashMap<String, usize>,
}

/// What one data row says.
struct RowData {
    key: String,
    lic_type: Option<String>,
    name: String,
    street: String,
    city: String,
    state: String,
    /// Per (flow, category): the figure (total column, else sum of bands).
    figures: Vec<(AfmerFlow, AfmerCategory, u64, usize)>,
    bands: Vec<(String, u64, usize)>,
    source: String,
}

fn get(row: &[Data], col: &Column) -> Data {
    row.get(col.index).cloned().unwrap_or(Data::Empty)
}

fn opt_text(row: &[Data], col: Option<&Column>) -> String {
    col.map(|c| cell_text(&get(row, c))).unwrap_or_default()
}

/// Parses a count cell: empty → 0; whole numbers ≥ 0 (integral floats, numeric text).
fn parse_count(c: &Data) -> Result<u64, String> {
    match c {
        Data::Empty => Ok(0),
        Data::Int(i) => u64::try_from(*i).map_err(|_| format!("found the negative number {i}")),
        Data::Float(f) => float_count(*f),
        Data::String(s) => {
            let t = trim_spaces(s);
            if t.is_empty() {
                return Ok(0);
            }
            let plain: String = t.chars().filter(|c| *c != ',' && !is_space(*c)).collect();
            if let Ok(n) = plain.parse::<u64>() {
                return Ok(n);
            }
            match plain.parse::<f64>() {
                Ok(f) if f.is_finite() => float_count(f).map_err(|e| format!("{e} (written as text \"{t}\")")),
                _ => Err(format!("found {}", describe(c))),
            }
        }
        other => Err(format!("found {}", describe(other))),
    }
}

fn float_count(f: f64) -> Result<u64, String> {
    if !f.is_finite() {
        Err(format!("found the non-finite number {f}"))
    } else if f < 0.0 {
        Err(format!("found the negative number {f}"))
    } else if f.fract() != 0.0 {
        Err(format!("found the fractional number {f}"))
    } else if f >= 9.0e15 {
        Err(format!("found the number {f}, too large to be a count"))
    } else {
        // Integral, non-negative and below 2^53: the conversion is exact.
        Ok(format!("{f:.0}").parse::<u64>().unwrap_or(0))
    }
}

/// A licence key as written: trimmed; numeric cells as integers.
fn parse_key(c: &Data) -> Result<String, String> {
    match c {
        Data::Int(i) if *i > 0 => Ok(i.to_string()),
        Data::Float(f) if f.is_finite() && *f > 0.0 && f.fract() == 0.0 && *f < 9.0e15 => Ok(float_text(*f)),
        Data::String(s) => {
            let t = trim_spaces(s);
            let ok = !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if ok {
                Ok(t.to_string())
            } else {
                Err(format!("found {}", describe(c)))
            }
        }
        other => Err(format!("found {}", describe(other))),
    }
}

fn read_rows(ctx: &SheetCtx<'_>, layout: &Layout, builder: &mut Builder) -> Result<(), AfmerError> {
    let flow = sheet_flow(ctx.sheet);
    for (index, row) in ctx.range.rows().enumerate().skip(layout.header_index + 1) {
        if let Some(data) = read_row(ctx, layout, flow, index, row)? {
            builder.add(ctx, layout, index, data)?;
        }
    }
    Ok(())
}

/// Reads one row below the header: `None` for rows that carry no licensee (blank, total,
/// repeated header, note).
fn read_row(
    ctx: &SheetCtx<'_>,
    layout: &Layout,
    flow: Option<AfmerFlow>,
    index: usize,
    row: &[Data],
) -> Result<Option<RowData>, AfmerError> {
    if row.iter().all(cell_is_blank) {
        return Ok(None);
    }
    let key_cell = get(row, &layout.key);
    let name = cell_text(&get(row, &layout.name));
    let has_counts = layout.counts.iter().any(|c| !cell_is_blank(&get(row, &c.col)));
    let row_number = ctx.row_number(index);

    if cell_is_blank(&key_cell) {
        if name.is_empty() || is_total_label(&name) || !has_counts {
            // A total row (no key, no name, only sums) or a note.
            return Ok(None);
        }
        return Err(AfmerError::MissingKey { at: ctx.cell(index, layout.key.index, &layout.key.header), name });
    }
    let key_text = cell_text(&key_cell);
    if is_total_key_label(&key_text) || is_total_label(&name) {
        return Ok(None);
    }
    if is_header_row(&header_roles(row, flow)) {
        // The header repeated (e.g. at a page break of the PDF the sheet came from).
        return Ok(None);
    }
    let key = match parse_key(&key_cell) {
        Ok(k) => k,
        Err(problem) => {
            if !has_counts && name.is_empty() && matches!(key_cell, Data::String(_)) {
                // A note or footnote written in the key column.
                return Ok(None);
            }
            return Err(AfmerError::BadKey { at: ctx.cell(index, layout.key.index, &layout.key.header), problem });
        }
    };
    if name.is_empty() {
        return Err(AfmerError::MissingName { at: ctx.cell(index, layout.name.index, &layout.name.header), licence_key: key });
    }

    let mut figures: Vec<(AfmerFlow, AfmerCategory, u64, usize)> = Vec::new();
    let mut bands = Vec::new();
    for c in &layout.counts {
        let value = parse_count(&get(row, &c.col))
            .map_err(|problem| AfmerError::BadCount { at: ctx.cell(index, c.col.index, &c.col.header), problem })?;
        let overflow = || AfmerError::Overflow { at: ctx.cell(index, c.col.index, &c.col.header) };
        let counts_as_figure = match &c.kind {
            CountKind::Total => true,
            CountKind::Band(band) => {
                let key = match c.flow {
                    AfmerFlow::Manufactured => format!("{}:{band}", c.cat.code()),
                    AfmerFlow::Exported => format!("export:{}:{band}", c.cat.code()),
                };
                bands.push((key, value, c.col.index));
                !layout.has_total.contains(&(c.flow, c.cat))
            }
        };
        if counts_as_figure {
            match figures.iter_mut().find(|(f, k, _, _)| *f == c.flow && *k == c.cat) {
                Some(entry) => entry.2 = entry.2.checked_add(value).ok_or_else(overflow)?,
                None => figures.push((c.flow, c.cat, value, c.col.index)),
            }
        }
    }

    Ok(Some(RowData {
        key,
        lic_type: layout.lic_type.as_ref().map(|c| cell_text(&get(row, c))).filter(|s| !s.is_empty()),
        name,
        street: opt_text(row, layout.street.as_ref()),
        city: opt_text(row, layout.city.as_ref()),
        state: opt_text(row, layout.state.as_ref()),
        figures,
        bands,
        source: format!("{}:{}:{}", ctx.file, ctx.sheet, row_number),
    }))
}

impl Builder {
    fn add(&mut self, ctx: &SheetCtx<'_>, layout: &Layout, index: usize, row: RowData) -> Result<(), AfmerError> {
        let position = match self.index.get(&row.key) {
            Some(p) => *p,
            None => {
                self.licensees.push(AfmerLicensee {
                    licence_key: row.key.clone(),
                    licence_type: None,
                    name: String::new(),
                    street: String::new(),
                    city: String::new(),
                    state: String::new(),
                    manufactured: BTreeMap::new(),
                    exported: BTreeMap::new(),
                    bands: BTreeMap::new(),
                    sources: Vec::new(),
                });
                let p = self.licensees.len() - 1;
                self.index.insert(row.key.clone(), p);
                p
            }
        };
        let Some(l) = self.licensees.get_mut(position) else {
            return Ok(());
        };
        // The first row that says something wins for the descriptive fields.
        fill(&mut l.name, row.name);
        fill(&mut l.street, row.street);
        fill(&mut l.city, row.city);
        fill(&mut l.state, row.state);
        if l.licence_type.is_none() {
            l.licence_type = row.lic_type;
        }
        let overflow = |col: usize| {
            let header = layout.counts.iter().find(|c| c.col.index == col).map(|c| c.col.header.clone()).unwrap_or_default();
            AfmerError::Overflow { at: ctx.cell(index, col, &header) }
        };
        for (flow, cat, value, col) in row.figures {
            let map = match flow {
                AfmerFlow::Manufactured => &mut l.manufactured,
                AfmerFlow::Exported => &mut l.exported,
            };
            let entry = map.entry(cat).or_insert(0);
            *entry = entry.checked_add(value).ok_or_else(|| overflow(col))?;
        }
        for (band, value, col) in row.bands {
            let entry = l.bands.entry(band).or_insert(0);
            *entry = entry.checked_add(value).ok_or_else(|| overflow(col))?;
        }
        l.sources.push(row.source);
        Ok(())
    }
}

fn fill(field: &mut String, value: String) {
    if field.is_empty() {
        *field = value;
    }
}
