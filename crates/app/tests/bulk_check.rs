//! `armstrace check`: a file of firearms against a registry file, scored by the shared scorer, and
//! bad files answered with where and what.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use armstrace_app::bulkcheck::check_files;
use armstrace_app::import::ImportError;

#[test]
fn the_dev_set_checked_from_files_scores_as_the_engine_does() {
    let dev = common::shared_dir().join("eval/matching/dev");
    let out = std::env::temp_dir().join(format!("armstrace-check-{}.csv", std::process::id()));
    let r = check_files(&dev.join("registry.csv"), &dev.join("queries.csv"), &out, 10).unwrap();
    assert_eq!(r.queries, 2000);
    assert!(r.registry_records > 20_000);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let scored = std::process::Command::new("python3")
        .arg(common::shared_dir().join("eval/score_matching.py"))
        .arg(dev.join("truth.csv"))
        .arg(&out)
        .output()
        .expect("python3 runs the shared scorer");
    let text = String::from_utf8_lossy(&scored.stdout);
    assert!(scored.status.success(), "{text}{}", String::from_utf8_lossy(&scored.stderr));
    let summary = text.lines().find(|l| l.starts_with("SUMMARY")).expect("a SUMMARY line");
    let value = |k: &str| -> f64 { summary.split_whitespace().find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap().parse().unwrap() };
    assert!(value("recall@10") >= 0.995, "{summary}");
    assert!(value("alert_precision") >= 0.99, "{summary}");
    assert!(value("false_alert_rate") <= 0.005, "{summary}");
    std::fs::remove_file(&out).ok();
}

#[test]
fn bad_files_say_where_and_leave_no_results_behind() {
    let dir = std::env::temp_dir().join(format!("armstrace-check-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let registry = dir.join("registry.csv");
    std::fs::write(&registry, "id,make,serial number,year\nR1,Glock,GLK48817,2011\nR2,CZ,,2015\n").unwrap();
    let queries = dir.join("seized.csv");
    std::fs::write(&queries, "reference;marca;número de serie;año\nS-1;Glock;GLK-48B17;2011\nS-2;Glock;ABC123;nineteen\n").unwrap();
    let out = dir.join("results.csv");
    let r = check_files(&registry, &queries, &out, 5).unwrap();
    assert_eq!((r.registry_records, r.queries), (1, 1), "the rows that can be read are checked");
    let skipped: Vec<String> = r.skipped.iter().map(|e| e.to_string()).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].contains("registry.csv:3:serial number"), "{skipped:?}");
    assert!(skipped[1].contains("seized.csv:3:year") && skipped[1].contains("nineteen"), "{skipped:?}");
    let results = std::fs::read_to_string(&out).unwrap();
    assert!(results.lines().nth(1).unwrap().starts_with("S-1,1,R1,"), "{results}");

    // No serial column: an error naming the file and the header row; no results file.
    let no_serial = dir.join("no-serial.csv");
    std::fs::write(&no_serial, "reference,make\nS-1,Glock\n").unwrap();
    let out2 = dir.join("results2.csv");
    match check_files(&registry, &no_serial, &out2, 5) {
        Err(e @ ImportError::Header { .. }) => {
            assert!(e.to_string().contains("no-serial.csv:1") && e.to_string().contains("serial"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert!(!out2.exists());
    assert!(matches!(check_files(&dir.join("missing.csv"), &queries, &out2, 5), Err(ImportError::File { .. })));
    std::fs::remove_dir_all(&dir).ok();
}
