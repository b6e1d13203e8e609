#![no_main]
//! The directory import's parser (`armstrace_app::directory::parse_directory_file`): whatever the
//! bytes, an answer or an error, never a panic; every accepted entry passes the entry's own check.
use armstrace_app::directory::parse_directory_file;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
    if let Ok(rows) = parse_directory_file(data.to_vec(), "fuzz.csv", now) {
        for (id, draft) in rows {
            let json = serde_json::to_value(&draft).unwrap_or_default();
            let mut v = json;
            v["id"] = serde_json::json!(id.unwrap_or_else(RecordId::new));
            v["updated_at"] = serde_json::json!("2026-11-23T00:00:00Z");
            v["updated_by"] = serde_json::json!("fuzz");
            let point: armstrace_domain::directory::ContactPoint = serde_json::from_value(v).expect("an accepted entry reads back");
            assert!(point.check(now).is_ok(), "an accepted entry fails its own check");
        }
    }
});
