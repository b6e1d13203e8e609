//! Accuracy on the shared evaluation sets, scored by the project's scorer (`../shared/eval`).
//! The sets are a yardstick: nothing in the engine names a value from them.
//!
//! The data must be there: a missing set fails the test rather than skipping it.
//! `ARMSTRACE_SHARED` points elsewhere than `../shared` of the workspace;
//! `ARMSTRACE_MATCH_DEBUG=1` prints the queries the engine gets wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use armstrace_matching::{Index, Query, Record};

fn shared_dir() -> PathBuf {
    if let Ok(d) = std::env::var("ARMSTRACE_SHARED") {
        return PathBuf::from(d);
    }
    // crates/matching → workspace root → its sibling `shared`.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn read_csv(path: &PathBuf) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("evaluation data missing: {}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|row| {
            let row = row.unwrap();
            headers.iter().zip(row.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

struct Summary {
    values: HashMap<String, f64>,
}

fn run_set(name: &str) -> Summary {
    let root = shared_dir();
    let dir = root.join("eval/matching").join(name);
    let registry = read_csv(&dir.join("registry.csv"));
    let queries = read_csv(&dir.join("queries.csv"));
    let truth_path = dir.join("truth.csv");
    assert!(truth_path.exists(), "evaluation data missing: {}", truth_path.display());
    let g = |r: &HashMap<String, String>, k: &str| r.get(k).cloned().unwrap_or_default();
    let index: Index<String> = Index::build(registry.iter().map(|r| {
        (
            g(r, "id"),
            Record {
                serial: r.get("serial").map(|s| s.as_str()).unwrap_or(""),
                manufacturer: r.get("manufacturer").map(|s| s.as_str()).unwrap_or(""),
                model: r.get("model").map(|s| s.as_str()).unwrap_or(""),
                firearm_type: r.get("type").map(|s| s.as_str()).unwrap_or(""),
                calibre: r.get("calibre").map(|s| s.as_str()).unwrap_or(""),
                country_of_manufacture: r.get("country_of_manufacture").map(|s| s.as_str()).unwrap_or(""),
                year: r.get("year").and_then(|y| y.parse().ok()),
                country: r.get("country").map(|s| s.as_str()).unwrap_or(""),
                status: r.get("status").map(|s| s.as_str()).unwrap_or(""),
            },
        )
    }));
    assert_eq!(index.len(), registry.len());
    let out = std::env::temp_dir().join(format!("armstrace-matching-{name}-{}.csv", std::process::id()));
    let mut w = csv::Writer::from_path(&out).unwrap();
    w.write_record(["qid", "rank", "record_id", "score", "confidence"]).unwrap();
    let debug = std::env::var("ARMSTRACE_MATCH_DEBUG").is_ok();
    let truth: HashMap<String, (String, String)> =
        read_csv(&truth_path).into_iter().map(|r| (g(&r, "qid"), (g(&r, "record_id"), g(&r, "error")))).collect();
    for q in &queries {
        let qid = g(q, "qid");
        let query = Query {
            serial: q.get("serial").map(|s| s.as_str()).unwrap_or(""),
            manufacturer: q.get("manufacturer").map(|s| s.as_str()).unwrap_or(""),
            model: q.get("model").map(|s| s.as_str()).unwrap_or(""),
            firearm_type: q.get("type").map(|s| s.as_str()).unwrap_or(""),
            calibre: q.get("calibre").map(|s| s.as_str()).unwrap_or(""),
            ..Query::default()
        };
        let hits = index.query(&query, 10);
        for (rank, h) in hits.iter().enumerate() {
            w.write_record([qid.as_str(), &(rank + 1).to_string(), &h.id, &format!("{:.4}", h.score), h.confidence.code()]).unwrap();
        }
        if debug {
            let (want, err) = truth.get(&qid).cloned().unwrap_or_default();
            let top = hits.first();
            let alert_wrong = top.is_some_and(|t| t.confidence.alerts() && t.id != want);
            let missed = !want.is_empty() && top.is_none_or(|t| t.id != want || !t.confidence.alerts());
            if alert_wrong || missed {
                let kind = if alert_wrong { "FALSE ALERT" } else { "MISSED" };
                println!(
                    "{kind} {qid} [{err}] want={want:?} q=({} | {} | {} | {} | {})",
                    query.manufacturer, query.model, query.firearm_type, query.calibre, query.serial
                );
                for h in hits.iter().take(3) {
                    let rec = index.get(&h.id).unwrap();
                    println!(
                        "    {} {} {:.3} {} [{} {:?} {:?}] {}",
                        if h.id == want { "*" } else { " " },
                        h.id,
                        h.score,
                        h.confidence,
                        rec.serial,
                        rec.manufacturer,
                        rec.model,
                        h.explanation
                    );
                }
                if let Some(pos) = hits.iter().position(|h| h.id == want) {
                    if pos >= 3 {
                        println!("    (true record at rank {})", pos + 1);
                    }
                } else if !want.is_empty() {
                    println!("    (true record not among the candidates)");
                }
            }
        }
    }
    w.flush().unwrap();
    drop(w);
    let scorer = root.join("eval/score_matching.py");
    assert!(scorer.exists(), "scorer missing: {}", scorer.display());
    let res = Command::new("python3").arg(&scorer).arg(&truth_path).arg(&out).output().expect("python3 runs");
    let _ = std::fs::remove_file(&out);
    let text = String::from_utf8_lossy(&res.stdout).into_owned();
    println!("== {name}\n{text}{}", String::from_utf8_lossy(&res.stderr));
    assert!(res.status.success(), "scorer failed");
    let line = text.lines().find(|l| l.starts_with("SUMMARY")).expect("scorer prints SUMMARY");
    let values = line
        .split_whitespace()
        .skip(1)
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.parse::<f64>().unwrap()))
        .collect();
    Summary { values }
}

impl Summary {
    fn get(&self, k: &str) -> f64 {
        *self.values.get(k).unwrap_or_else(|| panic!("SUMMARY has no {k}"))
    }
}

#[test]
fn dev_set_meets_the_targets() {
    let s = run_set("dev");
    assert!(s.get("recall@1") >= 0.98, "recall@1 {}", s.get("recall@1"));
    assert!(s.get("recall@10") >= 0.995, "recall@10 {}", s.get("recall@10"));
    assert!(s.get("alert_recall") >= 0.95, "alert recall {}", s.get("alert_recall"));
    assert!(s.get("alert_precision") >= 0.99, "alert precision {}", s.get("alert_precision"));
    assert!(s.get("false_alert_rate") <= 0.005, "false alert rate {}", s.get("false_alert_rate"));
}

#[test]
fn dev_hard_set_meets_the_targets() {
    let s = run_set("dev-hard");
    assert!(s.get("recall@10") >= 0.98, "recall@10 {}", s.get("recall@10"));
    assert!(s.get("alert_precision") >= 0.98, "alert precision {}", s.get("alert_precision"));
}
