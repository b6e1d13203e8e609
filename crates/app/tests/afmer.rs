#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Tests of the AFMER reader against the real ATF workbooks in `shared/data/real/`, with totals
//! computed independently of `read_afmer` (calamine read directly, columns chosen by a different
//! rule), and against small workbooks written here for the damaged and unusual cases.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use armstrace_app::afmer::{read_afmer, AfmerCategory, AfmerError, AfmerFlow, AfmerReport};
use calamine::{open_workbook_auto, Data, Reader};

mod common;

const FLOWS: [AfmerFlow; 2] = [AfmerFlow::Manufactured, AfmerFlow::Exported];

fn data_dir() -> PathBuf {
    let shared = common::shared_dir();
    let dir = shared.join("data/real");
    assert!(
        dir.join("AFMER-2021.xlsx").is_file(),
        "the real AFMER workbooks are missing: expected AFMER-2010.xlsx, AFMER-2012.xlsx and \
         AFMER-2021.xlsx in {} (shared/data/real beside the repository)",
        dir.display()
    );
    dir
}

fn real(name: &str) -> PathBuf {
    let path = data_dir().join(name);
    assert!(path.is_file(), "missing real data file {}", path.display());
    path
}

fn read_timed(path: &Path) -> AfmerReport {
    let start = Instant::now();
    let report = read_afmer(path).unwrap_or_else(|e| panic!("read_afmer failed: {e}"));
    println!("read_afmer({}) took {:?}", path.file_name().unwrap().to_string_lossy(), start.elapsed());
    report
}

// ---------------------------------------------------------------------------------------------
// The independent reference: a deliberately different and simpler rule than read_afmer's.
//
// Header: the first row having a cell whose letters and digits, upper-cased, contain "RDSKEY".
// Count columns: headers squeezed to letters and digits; category by substring (PISTOL/PSTL,
// RVLR/REVOLVER, RIFLE, SHOTGUN, MIS…), flow by "EXP". For pistols and revolvers manufactured
// only the total column (its header contains "TOT") is summed; every other count column is.
// A row belongs to a licensee when its key cell is not blank; numeric cells are summed.

#[derive(Default, Debug)]
struct Reference {
    totals: BTreeMap<(u8, AfmerCategory), u64>,
    band_totals: BTreeMap<AfmerCategory, u64>,
    keys: BTreeSet<String>,
    /// Sums ATF wrote itself in rows without a key: (sheet, flow, category) → value.
    atf_total_rows: Vec<(String, u8, AfmerCategory, u64)>,
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase()
}

fn ref_category(h: &str) -> Option<AfmerCategory> {
    if h.contains("PISTOL") || h.starts_with("PSTL") {
        Some(AfmerCategory::Pistol)
    } else if h.contains("RVLR") || h.contains("REVOLVER") {
        Some(AfmerCategory::Revolver)
    } else if h.contains("RIFLE") {
        Some(AfmerCategory::Rifle)
    } else if h.contains("SHOTGUN") {
        Some(AfmerCategory::Shotgun)
    } else if h.starts_with("MIS") {
        Some(AfmerCategory::Misc)
    } else {
        None
    }
}

fn flow_index(flow: AfmerFlow) -> u8 {
    match flow {
        AfmerFlow::Manufactured => 0,
        AfmerFlow::Exported => 1,
    }
}

fn num(c: &Data) -> u64 {
    match c {
        Data::Int(i) => u64::try_from(*i).unwrap(),
        Data::Float(f) => {
            assert!(*f >= 0.0 && f.fract() == 0.0, "unexpected count {f}");
            *f as u64
        }
        Data::Empty => 0,
        Data::String(s) if s.trim().is_empty() => 0,
        other => panic!("unexpected count cell {other:?}"),
    }
}

fn reference(path: &Path) -> Reference {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Reference::default();
    for sheet in wb.sheet_names() {
        let range = wb.worksheet_range(&sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(h) = rows.iter().position(|r| r.iter().any(|c| matches!(c, Data::String(s) if squeeze(s).contains("RDSKEY")))) else {
            continue;
        };
        let header: Vec<String> = rows[h]
            .iter()
            .map(|c| match c {
                Data::String(s) => squeeze(s),
                _ => String::new(),
            })
            .collect();
        // (column, flow, category, summed-as-figure)
        let mut cols = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let Some(cat) = ref_category(name) else {
                continue;
            };
            let flow = if name.contains("EXP") { 1u8 } else { 0u8 };
            let banded = matches!(cat, AfmerCategory::Pistol | AfmerCategory::Revolver);
            let figure = flow == 1 || !banded || name.contains("TOT");
            cols.push((i, flow, cat, figure));
        }
        for row in &rows[h + 1..] {
            let key = match row.first() {
                Some(Data::String(s)) => s.trim_matches(|c: char| c.is_whitespace()).to_string(),
                Some(Data::Int(i)) => i.to_string(),
                Some(Data::Float(f)) => format!("{f:.0}"),
                _ => String::new(),
            };
            if key.is_empty() {
                for &(i, flow, cat, figure) in &cols {
                    if figure {
                        if let Some(c @ (Data::Int(_) | Data::Float(_))) = row.get(i) {
                            out.atf_total_rows.push((sheet.clone(), flow, cat, num(c)));
                        }
                    }
                }
                continue;
            }
            out.keys.insert(key);
            for &(i, flow, cat, figure) in &cols {
                let v = row.get(i).map(num).unwrap_or(0);
                if figure {
                    *out.totals.entry((flow, cat)).or_insert(0) += v;
                } else {
                    *out.band_totals.entry(cat).or_insert(0) += v;
                }
            }
        }
    }
    out
}

fn check_against_reference(file: &str, year: u16, distinct_keys: usize) -> AfmerReport {
    let path = real(file);
    let report = read_timed(&path);
    let reference = reference(&path);

    assert_eq!(report.year, year, "{file}: year");
    assert_eq!(report.file, file);
    assert_eq!(reference.keys.len(), distinct_keys, "{file}: reference key count");
    assert_eq!(report.licensees.len(), distinct_keys, "{file}: licensees");
    let keys: BTreeSet<String> = report.licensees.iter().map(|l| l.licence_key.clone()).collect();
    assert_eq!(keys.len(), report.licensees.len(), "{file}: keys are unique");
    assert_eq!(keys, reference.keys, "{file}: same keys as the reference");

    for l in &report.licensees {
        assert!(!l.licence_key.is_empty(), "{file}: empty key in {l:?}");
        assert!(!l.licence_key.contains(|c: char| c.is_whitespace()), "{file}: untrimmed key {:?}", l.licence_key);
        assert!(!l.name.is_empty(), "{file}: empty name for {}", l.licence_key);
        assert!(!l.state.is_empty(), "{file}: empty state for {}", l.licence_key);
        assert!(!l.sources.is_empty());
        for s in &l.sources {
            assert!(s.starts_with(&format!("{file}:")), "{file}: source {s}");
        }
    }

    println!("{file} (year {}): {} licensees", report.year, report.licensees.len());
    for flow in FLOWS {
        for cat in AfmerCategory::ALL {
            let expected = reference.totals.get(&(flow_index(flow), cat)).copied().unwrap_or(0);
            let got = report.total(flow, cat);
            println!("  {file} {flow:?} {}: {got}", cat.code());
            assert_eq!(got, expected, "{file}: {flow:?} {cat:?}");
        }
    }
    // Calibre bands: their sum matches the reference's band columns.
    for cat in [AfmerCategory::Pistol, AfmerCategory::Revolver] {
        let prefix = format!("{}:", cat.code());
        let bands: u64 =
            report.licensees.iter().flat_map(|l| l.bands.iter()).filter(|(k, _)| k.starts_with(&prefix)).map(|(_, v)| *v).sum();
        assert_eq!(bands, reference.band_totals.get(&cat).copied().unwrap_or(0), "{file}: {cat:?} bands");
    }
    // Where ATF wrote a total row, it agrees with what was read.
    for (sheet, flow, cat, value) in &reference.atf_total_rows {
        let flow = if *flow == 0 { AfmerFlow::Manufactured } else { AfmerFlow::Exported };
        assert_eq!(report.total(flow, *cat), *value, "{file}: ATF's total row in sheet {sheet} for {flow:?} {cat:?}");
    }
    report
}

fn figures(report: &AfmerReport) -> Vec<u64> {
    FLOWS.iter().flat_map(|f| AfmerCategory::ALL.iter().map(|c| report.total(*f, *c))).collect()
}

#[test]
fn afmer_2010() {
    let report = check_against_reference("AFMER-2010.xlsx", 2010, 977);
    // Manufactured pistol, revolver, rifle, shotgun, misc; then exported.
    assert_eq!(figures(&report), vec![2258450, 558927, 1830556, 743378, 67929, 80041, 25286, 76518, 43361, 16771]);
    assert!(report.band_mismatches().is_empty());

    // One licensee merged from six sheets.
    let l = report.licensee("57101188").unwrap();
    assert_eq!(l.name, "NIGHTHAWK CUSTOM LLC");
    assert_eq!(l.state, "AR");
    assert_eq!(l.count(AfmerFlow::Manufactured, AfmerCategory::Pistol), 1439);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Pistol), 34);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Revolver), 80);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Rifle), 1);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Shotgun), 11);
    assert_eq!(l.bands.get("pistol:9mm"), Some(&136));
    assert_eq!(l.bands.get("pistol:50"), Some(&1303));
    assert_eq!(l.count(AfmerFlow::Manufactured, AfmerCategory::Rifle), 30);
    assert_eq!(
        l.sources,
        vec![
            "AFMER-2010.xlsx:Pistol EXP:2",
            "AFMER-2010.xlsx:Pistol MFG:8",
            "AFMER-2010.xlsx:Rev EXP:2",
            "AFMER-2010.xlsx:Rifle EXP:2",
            "AFMER-2010.xlsx:Rifle MFG:21",
            "AFMER-2010.xlsx:Shotgun EXP:2",
        ]
    );
    assert_eq!(l.licence_type, None);
}

#[test]
fn afmer_2012() {
    let report = check_against_reference("AFMER-2012.xlsx", 2012, 1496);
    assert_eq!(figures(&report), vec![3487883, 667357, 3168206, 949010, 306154, 128313, 19643, 81355, 42858, 15385]);
    assert!(report.band_mismatches().is_empty());
    // Keys written as numbers on one sheet and as text on another are one licensee.
    let l = report.licensee("57134716").unwrap();
    assert_eq!(l.name, "WILSONS GUN SHOP INC");
    assert_eq!(l.count(AfmerFlow::Manufactured, AfmerCategory::Shotgun), 226);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Shotgun), 17);
    assert_eq!(l.count(AfmerFlow::Exported, AfmerCategory::Pistol), 83);
    // Text cells with line breaks are collapsed.
    let l = report.licensee("57304035").unwrap();
    assert_eq!(l.street, "420 SOUTH MAIN STREET MAYO BUILDING #703");
}

#[test]
fn afmer_2021() {
    let report = check_against_reference("AFMER-2021.xlsx", 2021, 3251);
    assert_eq!(figures(&report), vec![6751919, 1159918, 3934374, 675426, 1283282, 237194, 25367, 160294, 27487, 8342]);
    let l = report.licensee("58303091").unwrap();
    assert_eq!(l.name, "FREEDOM ARMS INC");
    assert_eq!(l.licence_type.as_deref(), Some("07"));
    assert_eq!(l.count(AfmerFlow::Manufactured, AfmerCategory::Revolver), 339);
    assert_eq!(l.bands.get("revolver:357"), Some(&54));
    // Five places where ATF's *_TOTL column and its calibre bands disagree.
    let mismatches: Vec<(String, AfmerCategory, u64, u64)> =
        report.band_mismatches().into_iter().map(|m| (m.licence_key, m.category, m.bands_sum, m.reported_total)).collect();
    assert_eq!(mismatches.len(), 5, "{mismatches:?}");
    assert!(mismatches.contains(&("43811414".to_string(), AfmerCategory::Revolver, 6, 0)));
    assert!(mismatches.contains(&("15955086".to_string(), AfmerCategory::Pistol, 28, 25)));
}

// ---------------------------------------------------------------------------------------------
// Damaged and unusual workbooks.

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("armstrace-afmer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A cell to write in a synthetic workbook.
enum C {
    S(&'static str),
    N(f64),
    E,
}

fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                match cell {
                    C::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn header() -> Vec<C> {
    vec![
        C::S("\u{a0}RDS\u{a0}KEY\u{a0}\u{a0}\u{a0} "),
        C::S("LICENSE\u{a0}NAME\u{a0}\u{a0}"),
        C::S("STREET"),
        C::S("CITY"),
        C::S("\u{a0}ST\u{a0}"),
        C::S("pistol\n22"),
        C::S("PISTOL  9MM"),
        C::S("PISTOL TOTAL"),
        C::S("RIFLE\u{a0}MFG"),
    ]
}

fn row(key: C, name: &'static str, counts: Vec<C>) -> Vec<C> {
    let mut r = vec![key, C::S(name), C::S("1 MAIN ST"), C::S("TOWN"), C::S("VA")];
    r.extend(counts);
    r
}

#[test]
fn synthetic_workbook_with_titles_totals_blanks_and_floats() {
    let dir = TempDir::new("good");
    let path = dir.path("mfg.xlsx");
    write_book(
        &path,
        &[
            (
                "Manufacturing",
                vec![
                    vec![C::S("Annual Firearms Manufacturing and Export Report")],
                    vec![C::S("Calendar year 2019 (interim)")],
                    vec![],
                    header(),
                    row(C::N(12345678.0), "ACME ARMS", vec![C::N(1.0), C::N(2.0), C::N(3.0), C::N(12.0)]),
                    vec![],
                    row(C::S(" 9-86-001-07-1A-00001\u{a0}"), "  SMITH,\u{a0}JOHN ", vec![C::E, C::S(" 1,204 "), C::N(1204.0), C::E]),
                    row(C::S("12345678"), "ACME ARMS", vec![C::N(0.0), C::N(1.0), C::N(1.0), C::N(5.0)]),
                    header(),
                    vec![C::E, C::S("TOTAL"), C::E, C::E, C::E, C::N(1.0), C::N(1207.0), C::N(1208.0), C::N(17.0)],
                    vec![C::E, C::E, C::E, C::E, C::E, C::N(99.0)],
                    vec![C::S("Source: ATF")],
                ],
            ),
            (
                "Exports",
                vec![
                    vec![C::S("RDS KEY"), C::S("LICENSE NAME"), C::S("ST"), C::S("PISTOLS")],
                    vec![C::N(12345678.0), C::S("ACME ARMS INC"), C::S("VA"), C::N(7.0)],
                ],
            ),
            ("Empty", vec![]),
        ],
    );
    let report = read_afmer(&path).unwrap();
    assert_eq!(report.year, 2019, "year from the title rows");
    assert_eq!(report.file, "mfg.xlsx");
    assert_eq!(report.licensees.len(), 2);
    let acme = &report.licensees[0];
    assert_eq!(acme.licence_key, "12345678");
    assert_eq!(acme.name, "ACME ARMS", "first row's name is kept");
    assert_eq!(acme.count(AfmerFlow::Manufactured, AfmerCategory::Pistol), 4);
    assert_eq!(acme.count(AfmerFlow::Manufactured, AfmerCategory::Rifle), 17);
    assert_eq!(acme.count(AfmerFlow::Exported, AfmerCategory::Pistol), 7, "flow taken from the sheet name 'Exports'");
    assert_eq!(acme.bands.get("pistol:22"), Some(&1));
    assert_eq!(acme.bands.get("pistol:9mm"), Some(&3));
    assert_eq!(acme.sources, vec!["mfg.xlsx:Manufacturing:5", "mfg.xlsx:Manufacturing:8", "mfg.xlsx:Exports:2"]);
    let smith = &report.licensees[1];
    assert_eq!(smith.licence_key, "9-86-001-07-1A-00001");
    assert_eq!(smith.name, "SMITH, JOHN");
    assert_eq!(smith.count(AfmerFlow::Manufactured, AfmerCategory::Pistol), 1204);
    assert_eq!(smith.bands.get("pistol:9mm"), Some(&1204));
    assert_eq!(smith.count(AfmerFlow::Manufactured, AfmerCategory::Rifle), 0);
    assert_eq!(report.total(AfmerFlow::Manufactured, AfmerCategory::Pistol), 1208);
    assert!(report.band_mismatches().is_empty());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["licensees"][0]["manufactured"]["pistol"], 4);
}

fn bad_count_error(count: C) -> AfmerError {
    let dir = TempDir::new("bad-count");
    let path = dir.path("AFMER-2015.xlsx");
    write_book(
        &path,
        &[(
            "Pistol MFG",
            vec![
                header(),
                row(C::N(11111111.0), "GOOD LLC", vec![C::N(1.0), C::E, C::N(1.0), C::E]),
                row(C::N(22222222.0), "BAD LLC", vec![C::N(1.0), count, C::N(1.0), C::E]),
            ],
        )],
    );
    read_afmer(&path).unwrap_err()
}

#[test]
fn non_numeric_negative_and_fractional_counts_are_errors_naming_the_cell() {
    for (cell, words) in [(C::S("twelve"), "text \"twelve\""), (C::N(-3.0), "negative"), (C::N(12.5), "fractional")] {
        let err = bad_count_error(cell);
        let msg = err.to_string();
        assert!(matches!(err, AfmerError::BadCount { .. }), "{msg}");
        let at = err.cell().unwrap();
        assert_eq!(at.file, "AFMER-2015.xlsx");
        assert_eq!(at.sheet, "Pistol MFG");
        assert_eq!(at.row, 3);
        assert_eq!(at.column, "G");
        assert_eq!(at.header, "PISTOL 9MM");
        assert!(msg.contains("AFMER-2015.xlsx, sheet 'Pistol MFG', row 3, column G ('PISTOL 9MM')"), "{msg}");
        assert!(msg.contains(words), "{msg}");
        assert!(msg.contains("expected"), "{msg}");
    }
}

#[test]
fn a_row_with_name_and_counts_but_no_key_is_an_error() {
    let dir = TempDir::new("no-key");
    let path = dir.path("AFMER-2015.xlsx");
    write_book(&path, &[("Pistol MFG", vec![header(), row(C::E, "KEYLESS LLC", vec![C::N(1.0), C::E, C::N(1.0), C::E])])]);
    let err = read_afmer(&path).unwrap_err();
    assert!(matches!(err, AfmerError::MissingKey { .. }), "{err}");
    assert!(err.to_string().contains("row 2, column A"), "{err}");
    assert!(err.to_string().contains("KEYLESS LLC"), "{err}");
}

#[test]
fn a_sheet_without_header_is_an_error() {
    let dir = TempDir::new("no-header");
    let path = dir.path("AFMER-2015.xlsx");
    write_book(&path, &[("Notes", vec![vec![C::S("Nothing"), C::S("to see")], vec![C::N(1.0), C::N(2.0)]])]);
    let err = read_afmer(&path).unwrap_err();
    assert!(matches!(err, AfmerError::NoHeader { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("AFMER-2015.xlsx, sheet 'Notes'"), "{msg}");
    assert!(msg.contains("RDS KEY"), "{msg}");
}

#[test]
fn duplicate_columns_and_missing_year_are_errors() {
    let dir = TempDir::new("dup");
    let path = dir.path("afmer.xlsx");
    let mut h = header();
    h.push(C::S("RIFLE MFG"));
    write_book(&path, &[("Sheet1", vec![h])]);
    let err = read_afmer(&path).unwrap_err();
    assert!(matches!(err, AfmerError::DuplicateColumn { .. }), "{err}");
    assert!(err.to_string().contains("column J ('RIFLE MFG')"), "{err}");
    assert!(err.to_string().contains("column I ('RIFLE MFG')"), "{err}");

    let path = dir.path("afmer-undated.xlsx");
    write_book(&path, &[("Sheet1", vec![header(), row(C::N(1.0), "A", vec![C::N(1.0)])])]);
    let err = read_afmer(&path).unwrap_err();
    assert!(matches!(err, AfmerError::NoYear { .. }), "{err}");
}

#[test]
fn missing_and_damaged_files_are_errors_not_panics() {
    let dir = TempDir::new("damaged");

    let missing = dir.path("AFMER-1999.xlsx");
    let err = read_afmer(&missing).unwrap_err();
    assert!(matches!(err, AfmerError::Open { .. }), "{err}");
    assert!(err.to_string().contains("AFMER-1999.xlsx"), "{err}");

    let text = dir.path("AFMER-2000.xlsx");
    std::fs::write(&text, "RDS KEY,LICENSE NAME\n1,ACME\n").unwrap();
    let err = read_afmer(&text).unwrap_err();
    assert!(matches!(err, AfmerError::Open { .. }), "{err}");
    assert!(err.to_string().contains("AFMER-2000.xlsx"), "{err}");

    let empty = dir.path("AFMER-2001.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert!(read_afmer(&empty).is_err());

    // A real workbook cut in half.
    let bytes = std::fs::read(real("AFMER-2010.xlsx")).unwrap();
    for cut in [bytes.len() / 2, 100, bytes.len() - 10] {
        let truncated = dir.path("AFMER-2002.xlsx");
        std::fs::write(&truncated, &bytes[..cut]).unwrap();
        assert!(read_afmer(&truncated).is_err(), "cut at {cut}");
    }

    // A zip that is not a workbook.
    let zip = dir.path("AFMER-2003.xlsx");
    let mut fake = b"PK\x05\x06".to_vec();
    fake.extend([0u8; 18]);
    std::fs::write(&zip, fake).unwrap();
    assert!(read_afmer(&zip).is_err());

    // A directory is not a workbook.
    let err = read_afmer(&dir.0).unwrap_err();
    assert!(matches!(err, AfmerError::Open { .. }), "{err}");

    // A workbook with no cell at all.
    let blank = dir.path("AFMER-2004.xlsx");
    write_book(&blank, &[("Sheet1", vec![])]);
    let err = read_afmer(&blank).unwrap_err();
    assert!(matches!(err, AfmerError::Empty { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Hand-made workbooks: a minimal zip writer (stored entries) to craft xlsx internals that no
// spreadsheet program would write.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn write_stored_zip(path: &Path, files: &[(&str, String)]) {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in files {
        let data = content.as_bytes();
        let crc = crc32(data);
        let size = u32::try_from(data.len()).unwrap();
        let name_len = u16::try_from(name.len()).unwrap();
        let offset = u32::try_from(out.len()).unwrap();
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend([20u8, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date
        out.extend(crc.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(data);

        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend([20u8, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // made by, needed, flags, method, time, date
        central.extend(crc.to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(name_len.to_le_bytes());
        central.extend([0u8; 12]); // extra, comment, disk, internal attrs, external attrs
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).unwrap();
    let central_size = u32::try_from(central.len()).unwrap();
    let count = u16::try_from(files.len()).unwrap();
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_size.to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

/// A one-sheet xlsx whose first row holds shared strings 0..n by the given indices.
fn write_raw_xlsx(path: &Path, strings: &[&str], indices: &[usize]) {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let sst: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    let cells: String = indices
        .iter()
        .enumerate()
        .map(|(i, idx)| {
            let col = char::from(b'A' + u8::try_from(i).unwrap());
            format!("<c r=\"{col}1\" t=\"s\"><v>{idx}</v></c>")
        })
        .collect();
    write_stored_zip(
        path,
        &[
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                    .to_string(),
            ),
            (
                "xl/workbook.xml",
                format!(
                    "<?xml version=\"1.0\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\">\
                     <sheets><sheet name=\"Pistol MFG\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                     <Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                     </Relationships>"
                ),
            ),
            ("xl/sharedStrings.xml", format!("<?xml version=\"1.0\"?><sst xmlns=\"{MAIN}\">{sst}</sst>")),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    "<?xml version=\"1.0\"?><worksheet xmlns=\"{MAIN}\"><sheetData>\
                     <row r=\"1\">{cells}</row></sheetData></worksheet>"
                ),
            ),
        ],
    );
}

#[test]
fn a_cell_pointing_past_the_shared_strings_is_an_error_not_a_panic() {
    let dir = TempDir::new("raw");
    // The hand-made workbook is readable when it is well formed...
    let good = dir.path("AFMER-2016.xlsx");
    write_raw_xlsx(&good, &["hello", "world"], &[0, 1]);
    let err = read_afmer(&good).unwrap_err();
    assert!(matches!(err, AfmerError::NoHeader { .. }), "{err}");
    // ... and calamine 0.31 panics inside on a shared-string index out of range.
    let bad = dir.path("AFMER-2017.xlsx");
    write_raw_xlsx(&bad, &["hello"], &[0, 4489]);
    let err = read_afmer(&bad).unwrap_err();
    assert!(matches!(err, AfmerError::Open { .. }), "{err}");
    assert!(err.to_string().contains("malformed workbook"), "{err}");
}

/// The three workbooks imported into a store: one organisation per licence key across the years,
/// and production figures per year, flow and type equal to the sums the test computes from the files.
#[test]
fn afmer_into_the_store_totals_per_type_and_year() {
    use armstrace_app::production::import_afmer;
    use armstrace_domain::time::Timestamp;
    use armstrace_store::Page;
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let now = Timestamp::from_ymd_hms(2026, 11, 22, 0, 0, 0);
    let mut all_keys = std::collections::BTreeSet::new();
    let mut expected: BTreeMap<(i32, String, String), u64> = BTreeMap::new();
    for (file, year) in [("AFMER-2010.xlsx", 2010), ("AFMER-2012.xlsx", 2012), ("AFMER-2021.xlsx", 2021)] {
        let path = real(file);
        let r = import_afmer(store.as_ref(), &path, "USA-ATF", "test", now).unwrap();
        assert_eq!(r.year as i32, year);
        let reference = reference(&path);
        all_keys.extend(reference.keys.iter().cloned());
        for ((flow, cat), v) in reference.totals {
            let flow = if flow == 1 { "exported" } else { "manufactured" };
            *expected.entry((year, flow.to_string(), cat.firearm_type().to_string())).or_insert(0) += v;
        }
    }
    let mut got: BTreeMap<(i32, String, String), u64> = BTreeMap::new();
    for p in store.production(Page::all()).unwrap() {
        *got.entry((p.year, p.flow.clone(), p.firearm_type.clone())).or_insert(0) += p.quantity;
    }
    expected.retain(|_, v| *v > 0);
    got.retain(|_, v| *v > 0);
    assert_eq!(got, expected);
    let orgs = store.counts().unwrap().parties;
    assert_eq!(orgs as usize, all_keys.len(), "one organisation per licence key across years");
    // Importing a year again changes nothing.
    import_afmer(store.as_ref(), &real("AFMER-2012.xlsx"), "USA-ATF", "test", now).unwrap();
    assert_eq!(store.counts().unwrap().parties, orgs);
    let again: u64 = store.production(Page::all()).unwrap().iter().map(|p| p.quantity).sum();
    assert_eq!(again, got.values().sum::<u64>());
    let some = store.parties(Page::first(1)).unwrap();
    assert!(some[0].identifiers.iter().any(|i| i.kind == armstrace_app::production::RDS_KEY));
    assert!(!some[0].addresses.is_empty());
}
