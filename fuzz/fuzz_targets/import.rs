#![no_main]
use armstrace_app::import::{import_file, ImportError, ImportKind, ImportOptions};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::time::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&k, body)) = data.split_first() else { return };
    let kind = [ImportKind::Registry, ImportKind::LostStolen, ImportKind::Seizures, ImportKind::Licensees, ImportKind::Items, ImportKind::Events][k as usize % 6];
    // Bit 6 of the first byte picks the reader: CSV or XLSX.
    let ext = if k & 0x40 != 0 { "xlsx" } else { "csv" };
    let path = std::env::temp_dir().join(format!("armstrace-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let Ok(country) = CountryCode::from_alpha3("FRA") else { return };
    let opts = ImportOptions {
        kind,
        agency: "F".into(),
        country,
        handling: HandlingCode::Amber,
        user: "fuzz".into(),
        partial: k & 0x80 != 0,
        rejects: None,
        mapping: None,
        sheet: None,
        now: Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0),
        chunk: 2,
        // The web application's imports (one owner, a clearance) are parsed by the same code.
        owner_only: (k & 0x40 != 0).then_some(HandlingCode::Amber),
    };
    let Ok(store) = armstrace_store::open("sqlite::memory:") else { return };
    if let Err(ImportError::Rows { .. }) = import_file(store.as_ref(), &path, &opts, &mut |_| {}) {
        let c = store.counts().map(|c| c.items + c.events + c.parties).unwrap_or(0);
        assert_eq!(c, 0, "a refused import wrote data");
    }
});
