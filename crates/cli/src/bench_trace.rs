//! `armstrace bench trace`: the national trace of recovered firearms and SDG indicator 16.4.2 for a
//! year, over a demo world of N firearms, on SQLite and (with `--postgres`) on PostgreSQL. Each
//! figure has a baseline measured in the same run on the same data: for the trace, reading the same
//! item with its history (the item page); for the indicator, only listing the items recovered that
//! year. Targets of issue 5: a trace under 10 ms at 10,000,000 items; the indicator for a year over
//! 1,000,000 events under 1 s on both databases.

use std::path::PathBuf;
use std::time::Instant;

use armstrace_app::audit::Auditor;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;

use crate::bench_web::pct;

#[derive(clap::Args)]
pub struct TraceBench {
    /// Firearms of the demo world (about 3.4 events each).
    #[arg(long, default_value_t = 300_000)]
    pub firearms: u64,
    /// Recovered firearms traced.
    #[arg(long, default_value_t = 2_000)]
    pub traces: usize,
    /// The year of the indicator (default: the last full year).
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, default_value = "target/bench")]
    pub dir: PathBuf,
    /// Use the demo database of an earlier run with the same number of firearms (SQLite; PostgreSQL
    /// when it was kept with `--keep-postgres`).
    #[arg(long)]
    pub reuse: bool,
    /// An admin URL of a PostgreSQL server to measure too (a fresh database is created and dropped).
    #[arg(long, env = "ARMSTRACE_BENCH_POSTGRES_URL")]
    pub postgres: Option<String>,
    /// Measure PostgreSQL only (a 10,000,000-firearm world takes ~18 GB on each database).
    #[arg(long, requires = "postgres")]
    pub skip_sqlite: bool,
    /// Keep the PostgreSQL database (`armstrace_tracebench_<firearms>`) for a later `--reuse`
    /// instead of dropping it.
    #[arg(long, requires = "postgres")]
    pub keep_postgres: bool,
}

pub fn run(b: TraceBench) -> Result<(), String> {
    std::fs::create_dir_all(&b.dir).map_err(|e| e.to_string())?;
    let path = b.dir.join(format!("trace-{}.db", b.firearms));
    let fresh = !(b.reuse && path.exists());
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let mut failed = Vec::new();
    if !b.skip_sqlite {
        measure("SQLite", &format!("sqlite://{}", path.display()), &b, fresh, &mut failed)?;
    }
    match b.postgres.as_deref().filter(|s| !s.is_empty()) {
        Some(admin) => {
            let name = if b.keep_postgres || b.reuse {
                format!("armstrace_tracebench_{}", b.firearms)
            } else {
                format!("armstrace_tracebench_{}", std::process::id())
            };
            let mut c = postgres::Client::connect(admin, postgres::NoTls).map_err(|e| e.to_string())?;
            let exists = !c.query("SELECT 1 FROM pg_database WHERE datname = $1", &[&name]).map_err(|e| e.to_string())?.is_empty();
            let build = !(b.reuse && exists);
            if build {
                c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).map_err(|e| e.to_string())?;
                c.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| e.to_string())?;
            }
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin).to_string();
            let r = measure("PostgreSQL", &format!("{base}/{name}"), &b, build, &mut failed);
            if !b.keep_postgres {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
            r?;
        }
        None => println!("PostgreSQL not measured: pass --postgres postgres://USER@HOST:PORT/postgres"),
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("targets missed: {}", failed.join("; ")))
    }
}

fn measure(backend: &str, url: &str, b: &TraceBench, build: bool, failed: &mut Vec<String>) -> Result<(), String> {
    let store = armstrace_store::open(url).map_err(|e| e.to_string())?;
    if build {
        let t = Instant::now();
        armstrace_app::demo::build(store.as_ref(), &armstrace_app::demo::DemoConfig { seed: 2026, firearms: b.firearms })
            .map_err(|e| e.to_string())?;
        store.execute_batch(if backend == "PostgreSQL" { "VACUUM ANALYZE" } else { "ANALYZE" }).map_err(|e| e.to_string())?;
        println!("{backend}: demo world of {} firearms built in {:.0} s", b.firearms, t.elapsed().as_secs_f64());
    }
    let counts = store.counts().map_err(|e| e.to_string())?;
    println!("== {backend}: {} items, {} events", counts.items, counts.events);
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = crate::now();
    let recovered = store.recovered_between(i64::MIN / 4, i64::MAX / 4).map_err(|e| e.to_string())?;
    // Spread over the whole registry, not the first few agencies' records.
    let step = (recovered.len() / b.traces.max(1)).max(1);
    let sample: Vec<RecordId> = recovered.iter().step_by(step).take(b.traces).copied().collect();
    let items = store.items_by_ids(&sample).map_err(|e| e.to_string())?;
    let who_for = |it: &armstrace_domain::item::Item| Principal {
        user: RecordId::new(),
        username: "bench.poc".into(),
        agency: it.meta.agency.clone(),
        country: it.meta.country,
        role: Role::PointOfContact,
        clearance: HandlingCode::Red,
    };
    let timed = |f: &dyn Fn(&Ctx<'_>, RecordId) -> Result<(), String>| -> Result<Vec<u64>, String> {
        let mut lat = Vec::with_capacity(items.len());
        for it in &items {
            let who = who_for(it);
            let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &who, source: "bench", now, checks: &checks };
            let t = Instant::now();
            f(&ctx, it.meta.id)?;
            lat.push(t.elapsed().as_micros() as u64);
        }
        lat.sort_unstable();
        Ok(lat)
    };
    // Warm the caches with one pass of each, as a server's would be.
    timed(&|c, id| c.item(id).map(|_| ()).map_err(|e| e.message))?;
    let base = timed(&|c, id| c.item(id).map(|_| ()).map_err(|e| e.message))?;
    let traced = timed(&|c, id| c.trace(id).map(|_| ()).map_err(|e| e.message))?;
    let line = |name: &str, lat: &[u64]| {
        println!(
            "{backend} {name:<34} {:>5} items  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms",
            lat.len(),
            pct(lat, 0.5),
            pct(lat, 0.95),
            pct(lat, 0.99)
        )
    };
    line("read item with history (baseline)", &base);
    line("national trace", &traced);
    let p99 = pct(&traced, 0.99);
    println!(
        "{backend} RATIO trace/read p50 {:.1}, p99 {:.1}; national trace at {} items: p99 {p99:.2} ms (target < 10 ms): {}",
        pct(&traced, 0.5) / pct(&base, 0.5).max(0.001),
        p99 / pct(&base, 0.99).max(0.001),
        counts.items,
        if p99 < 10.0 { "PASS" } else { "FAIL" }
    );
    if p99 >= 10.0 {
        failed.push(format!("{backend} trace p99 {p99:.2} ms"));
    }

    // The indicator for a year, read by the point of contact of the country with the most
    // recoveries that year.
    let year = b.year.unwrap_or_else(|| {
        let (y, _, _) = armstrace_domain::time::civil_from_days(now.unix_millis().div_euclid(86_400_000));
        y as i32 - 1
    });
    let period = PartialDate::year(year).map_err(|e| e.to_string())?;
    let (from, to) = (period.earliest_day(), period.latest_day());
    let in_year = store.recovered_between(from, to).map_err(|e| e.to_string())?;
    let mut by_agency: std::collections::HashMap<(String, armstrace_domain::country::CountryCode), usize> = Default::default();
    for chunk in in_year.chunks(500) {
        for it in store.items_by_ids(chunk).map_err(|e| e.to_string())? {
            *by_agency.entry((it.meta.agency.clone(), it.meta.country)).or_default() += 1;
        }
    }
    let Some(((agency, country), _)) = by_agency.into_iter().max_by_key(|(_, n)| *n) else {
        println!("{backend}: nothing recovered in {year}; no indicator to measure");
        return Ok(());
    };
    let who = Principal {
        user: RecordId::new(),
        username: "bench.poc".into(),
        agency: agency.clone(),
        country,
        role: Role::PointOfContact,
        clearance: HandlingCode::Red,
    };
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &who, source: "bench", now, checks: &checks };
    let mut base_s = Vec::new();
    let mut sdg_s = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        let n = store.recovered_between(from, to).map_err(|e| e.to_string())?.len();
        base_s.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let v = ctx.sdg_16_4_2(period, period).map_err(|e| e.message)?;
        sdg_s.push(t.elapsed().as_secs_f64());
        last = Some((n, v));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (base_m, sdg_m) = (median(&mut base_s), median(&mut sdg_s));
    if let Some((n, v)) = last {
        let t = v.indicator.total;
        println!(
            "{backend} SDG 16.4.2 for {year} as {agency}: {} of {} recovered items established ({:.3}); {n} recovered in the node that year",
            t.established,
            t.recovered,
            t.proportion().unwrap_or(0.0)
        );
    }
    // The target is set for a node of about a million events; larger runs are reported.
    let applies = counts.events <= 1_500_000;
    println!(
        "{backend} SDG 16.4.2 for a year over {} events: median of 3 {:.3} s (listing the year's recoveries alone {:.3} s, RATIO {:.1}) (target < 1 s at 1,000,000 events): {}",
        counts.events,
        sdg_m,
        base_m,
        sdg_m / base_m.max(1e-9),
        if !applies { "not applicable" } else if sdg_m < 1.0 { "PASS" } else { "FAIL" }
    );
    if applies && sdg_m >= 1.0 {
        failed.push(format!("{backend} SDG 16.4.2 {sdg_m:.3} s"));
    }
    Ok(())
}
