//! Accuracy bar of the nomenclature resolver, measured with the project's evaluation sets and their
//! own scorer (`shared/eval/score_normalize.py`): the raw value and the expected name must resolve to
//! the same entry for manufacturer >= 98 %, calibre >= 98 %, type >= 99 % of rows with a raw value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use armstrace_app::cleaning::{resolve_file, ResolveColumns};

mod common;
use common::shared_dir;

fn split(set: &str, tmp: &Path) -> (PathBuf, PathBuf) {
    let src = shared_dir().join(format!("eval/matching/{set}/normalize.csv"));
    let mut rdr = csv::Reader::from_path(&src).unwrap();
    let raw = tmp.join("raw.csv");
    let exp = tmp.join("expected.csv");
    let mut wr = csv::Writer::from_path(&raw).unwrap();
    let mut we = csv::Writer::from_path(&exp).unwrap();
    wr.write_record(["manufacturer", "calibre", "type"]).unwrap();
    we.write_record(["manufacturer", "calibre", "type"]).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (rm, m, rc, c, rt, t) =
        (col("raw_manufacturer"), col("manufacturer"), col("raw_calibre"), col("calibre"), col("raw_type"), col("type"));
    for r in rdr.records() {
        let r = r.unwrap();
        wr.write_record([&r[rm], &r[rc], &r[rt]]).unwrap();
        we.write_record([&r[m], &r[c], &r[t]]).unwrap();
    }
    wr.flush().unwrap();
    we.flush().unwrap();
    (raw, exp)
}

fn score(set: &str) -> (f64, f64, f64) {
    let tmp = std::env::temp_dir().join(format!("armstrace-resolver-{set}-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let (raw, exp) = split(set, &tmp);
    let (raw_out, exp_out) = (tmp.join("raw.resolved.csv"), tmp.join("expected.resolved.csv"));
    resolve_file(&raw, &raw_out, &ResolveColumns::default()).unwrap();
    resolve_file(&exp, &exp_out, &ResolveColumns::default()).unwrap();
    let out = Command::new("python3")
        .arg(shared_dir().join("eval/score_normalize.py"))
        .arg(&exp_out)
        .arg(&raw_out)
        .output()
        .expect("python3 runs the scorer");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{set}:\n{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "scorer failed: {text}");
    let summary = text.lines().find(|l| l.starts_with("SUMMARY")).unwrap();
    let get = |k: &str| -> f64 { summary.split_whitespace().find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap().parse().unwrap() };
    let _ = std::fs::remove_dir_all(&tmp);
    (get("manufacturer"), get("calibre"), get("type"))
}

#[test]
fn resolver_meets_the_accuracy_bar_on_dev_and_dev_hard() {
    for set in ["dev", "dev-hard"] {
        let (m, c, t) = score(set);
        assert!(m >= 0.98, "{set}: manufacturer {m:.4} < 0.98");
        assert!(c >= 0.98, "{set}: calibre {c:.4} < 0.98");
        assert!(t >= 0.99, "{set}: type {t:.4} < 0.99");
    }
}
