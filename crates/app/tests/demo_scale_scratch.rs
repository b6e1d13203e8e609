#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! SCRATCH: timing of a large demo world; deleted after measuring.
use armstrace_app::demo::{build, DemoConfig, DemoWorld};
use std::time::Instant;

#[test]
fn scale() {
    let n: u64 = std::env::var("DEMO_N").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let cfg = DemoConfig { seed: 2026, firearms: n };
    let path = format!("/tmp/demo_scale/demo-{n}.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    if let Ok(only) = std::env::var("DEMO_ONLY") {
        // Write only some tables, to see where the time goes.
        let batches: Vec<_> = DemoWorld::new(&cfg).unwrap().map(|b| b.unwrap()).collect();
        let store = armstrace_store::open(&format!("sqlite://{path}")).unwrap();
        let t = Instant::now();
        let mut it = batches.into_iter().map(|mut b| {
            if !only.contains("items") {
                b.items.clear();
            }
            if !only.contains("events") {
                b.events.clear();
            }
            if !only.contains("parties") {
                b.parties.clear();
            }
            if !only.contains("licences") {
                b.licences.clear();
            }
            if !only.contains("incidents") {
                b.incidents.clear();
            }
            Ok(b)
        });
        store.write_stream(&mut it).unwrap();
        eprintln!("write of {only} for {n}: {:?}; {:?}", t.elapsed(), store.counts().unwrap());
        return;
    }
    if std::env::var("DEMO_GEN_ONLY").is_ok() {
        let t = Instant::now();
        let mut w = DemoWorld::new(&cfg).unwrap();
        let mut rows = 0usize;
        let mut kinds = std::collections::BTreeMap::new();
        let mut with_parties = 0;
        for b in w.by_ref() {
            let b = b.unwrap();
            rows += b.len();
            for e in &b.events {
                *kinds.entry(e.kind.code()).or_insert(0u64) += 1;
                if !e.parties.is_empty() {
                    with_parties += 1;
                }
            }
        }
        eprintln!("{kinds:?} with parties {with_parties}");
        eprintln!("generation only: {:?}, {rows} records; {}", t.elapsed(), serde_json::to_string(w.summary()).unwrap());
        return;
    }
    let t = Instant::now();
    let store = armstrace_store::open(&format!("sqlite://{path}")).unwrap();
    let summary = build(store.as_ref(), &cfg).unwrap();
    let el = t.elapsed();
    eprintln!("build of {n} firearms: {el:?}");
    eprintln!("{}", serde_json::to_string(&summary).unwrap());
    eprintln!("{:?}", store.counts().unwrap());
}

#[test]
fn show() {
    if std::env::var("DEMO_SHOW").is_err() {
        return;
    }
    let mut w = DemoWorld::new(&DemoConfig { seed: 2026, firearms: 3000 }).unwrap();
    let base = w.next().unwrap().unwrap();
    for p in base.parties.iter().step_by(60) {
        eprintln!("ORG {}", serde_json::to_string(p).unwrap());
    }
    for l in base.licences.iter().take(2) {
        eprintln!("LIC {}", serde_json::to_string(l).unwrap());
    }
    let b = w.next().unwrap().unwrap();
    let mut shown = std::collections::HashSet::new();
    for g in &b.ground_truth {
        if !shown.insert(g.diversion.clone()) {
            continue;
        }
        eprintln!("\nGT {}", serde_json::to_string(g).unwrap());
        let it = b.items.iter().find(|i| i.meta.id == g.item).unwrap();
        eprintln!("ITEM {}", serde_json::to_string(it).unwrap());
        for e in b.events.iter().filter(|e| e.item == g.item) {
            eprintln!("  EV {}", serde_json::to_string(e).unwrap());
        }
        for inc in b.incidents.iter().filter(|i| i.items.contains(&g.item)) {
            eprintln!("  INC {}", serde_json::to_string(inc).unwrap());
        }
    }
    for l in b.licences.iter().filter(|l| l.kind == armstrace_domain::licence::LicenceKind::Export).take(1) {
        eprintln!("\nEXPLIC {}", serde_json::to_string(l).unwrap());
    }
    for p in b.parties.iter().take(3) {
        eprintln!("PARTY {}", serde_json::to_string(p).unwrap());
    }
    let big = b.incidents.iter().max_by_key(|i| i.items.len()).unwrap();
    eprintln!("\nBIG {}", serde_json::to_string(big).unwrap());
    for x in b.exhibits.iter().take(2) {
        eprintln!("EXH {}", serde_json::to_string(x).unwrap());
    }
    for x in b.hits.iter().take(1) {
        eprintln!("HIT {}", serde_json::to_string(x).unwrap());
    }
}
