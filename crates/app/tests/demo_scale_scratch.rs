#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! SCRATCH: timing of a large demo world; deleted after measuring.
use armstrace_app::demo::{build, DemoConfig, DemoWorld};
use std::time::Instant;

#[test]
fn scale() {
    let n: u64 = std::env::var("DEMO_N").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let cfg = DemoConfig { seed: 2026, firearms: n };
    if std::env::var("DEMO_GEN_ONLY").is_ok() {
        let t = Instant::now();
        let mut w = DemoWorld::new(&cfg).unwrap();
        let mut rows = 0usize;
        for b in w.by_ref() {
            rows += b.unwrap().len();
        }
        eprintln!("generation only: {:?}, {rows} records; {:?}", t.elapsed(), w.summary());
        return;
    }
    let path = format!("/tmp/demo_scale/demo-{n}.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let t = Instant::now();
    let store = armstrace_store::open(&format!("sqlite://{path}")).unwrap();
    let summary = build(store.as_ref(), &cfg).unwrap();
    let el = t.elapsed();
    eprintln!("build of {n} firearms: {el:?}");
    eprintln!("{}", serde_json::to_string_pretty(&summary).unwrap());
    eprintln!("{:?}", store.counts().unwrap());
}
