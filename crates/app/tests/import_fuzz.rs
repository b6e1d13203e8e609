//! Random and hostile input to the import parsers, on the stable toolchain (the coverage-guided
//! targets are in `fuzz/`): whatever the bytes, an import ends in a report or a clear error, never a
//! panic, and a refused all-or-nothing import leaves the store empty.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::import::{import_file, ImportError, ImportKind, ImportOptions};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::time::Timestamp;
use proptest::prelude::*;

fn opts(kind: ImportKind) -> ImportOptions {
    ImportOptions {
        kind,
        agency: "X".into(),
        country: CountryCode::from_alpha3("FRA").unwrap(),
        handling: HandlingCode::Amber,
        user: "fuzz".into(),
        partial: false,
        rejects: None,
        mapping: None,
        sheet: None,
        now: Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0),
        chunk: 3,
        owner_only: None,
    }
}

const HEADERS: &[&str] = &[
    "serial",
    "make",
    "model",
    "type",
    "calibre",
    "year",
    "status",
    "date",
    "owner",
    "licence number",
    "case",
    "country",
    "person",
    "role",
    "origin",
    "lat",
    "lon",
    "class",
    "quantity",
    "id",
    "item_id",
    "event",
    "seq",
    "parties",
    "serial_status",
    "converted",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 ?*./-]{0,12}",
        Just(String::new()),
        Just("Glock".to_string()),
        Just("pistol".to_string()),
        Just("9mm".to_string()),
        Just("stolen".to_string()),
        Just("2020-02-30".to_string()),
        Just("\"quoted, with comma\"".to_string()),
        "\\PC{0,8}",
    ]
}

fn run(name: &str, bytes: &[u8], kind: ImportKind) {
    let dir = std::env::temp_dir().join(format!("armstrace-fuzz-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let r = import_file(store.as_ref(), &path, &opts(kind), &mut |_| {});
    if let Err(ImportError::Rows { errors }) = &r {
        assert!(!errors.is_empty());
        let c = store.counts().unwrap();
        assert_eq!((c.items, c.events, c.parties, c.incidents), (0, 0, 0, 0), "refused import wrote data");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn structured_csv_never_panics(headers in proptest::sample::subsequence(HEADERS.to_vec(), 1..10), rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..12), 0..6), kind in 0usize..6, sep in prop::sample::select(vec![",", ";", "\t"])) {
        let mut text = headers.join(sep);
        text.push('\n');
        for r in rows {
            text.push_str(&r.join(sep));
            text.push('\n');
        }
        let kind = [ImportKind::Registry, ImportKind::LostStolen, ImportKind::Seizures, ImportKind::Licensees, ImportKind::Items, ImportKind::Events][kind];
        run("f.csv", text.as_bytes(), kind);
    }

    #[test]
    fn arbitrary_bytes_as_csv_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        run("b.csv", &bytes, ImportKind::Registry);
    }

    #[test]
    fn arbitrary_bytes_as_xlsx_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        run("b.xlsx", &bytes, ImportKind::Seizures);
    }
}

#[test]
fn truncated_real_workbooks_never_panic() {
    // Cut a real workbook at many lengths: damaged files as they arrive by e-mail.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["serial", "make", "type"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, "x").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    for cut in (0..bytes.len()).step_by(97) {
        run("t.xlsx", &bytes[..cut], ImportKind::Registry);
    }
}
