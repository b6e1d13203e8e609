//! Benchmarks printed as ratios against baselines measured in the same run, on the same data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use armstrace_app::import::{import_file, ImportKind, ImportOptions};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::rng::SeededRng;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Import of a registry CSV (validation and normalization included) against `sqlite3 .import` of
    /// the same file into a plain table; PostgreSQL rows per second when a URL is given.
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Working directory for the generated CSV and databases.
        #[arg(long, default_value = "target/bench")]
        dir: PathBuf,
        /// An admin URL of a PostgreSQL server to measure too (a fresh database is created and dropped).
        #[arg(long, env = "ARMSTRACE_BENCH_POSTGRES_URL")]
        postgres: Option<String>,
        /// Runs of each SQLite measurement; the median is reported (disks and page caches are noisy).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// The pages and the API under load over a demo world: p50/p95/p99 and requests per second, against
    /// `GET /healthz` measured in the same run.
    Web {
        #[arg(long, default_value_t = 1_000_000)]
        firearms: u64,
        #[arg(long, default_value = "target/bench")]
        dir: PathBuf,
        #[arg(long, env = "ARMSTRACE_BENCH_POSTGRES_URL")]
        postgres: Option<String>,
        /// Clients sending requests at once.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// Seconds per scenario.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Reuse the SQLite demo database of an earlier run with the same number of firearms.
        #[arg(long)]
        reuse: bool,
    },
    /// The cross-checking engine on a generated registry with damaged readings, against exact lookup
    /// of the normalized serial.
    Match(crate::bench_match::MatchBench),
    /// A single check through the HTTP API at a fixed rate over N firearms in the store: p99 against
    /// `GET /healthz` at the same rate (target < 5 ms at 1,000 req/s over 10,000,000 records).
    Check(crate::bench_check::CheckBench),
    /// The national trace of recovered firearms (against reading the item) and SDG indicator 16.4.2
    /// for a year (against listing the year's recoveries), on SQLite and PostgreSQL.
    Trace(crate::bench_trace::TraceBench),
    /// Demo world generated and stored in SQLite, against generation alone.
    Demo {
        #[arg(long, default_value_t = 1_000_000)]
        firearms: u64,
        #[arg(long, default_value = "target/bench")]
        dir: PathBuf,
    },
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A registry extract as authorities export it: makes and calibres written many ways, serials with
/// separators, holders with licence numbers, day-first dates.
/// The holder of row `i`: a fixed scattering of rows over `rows / 2.5` holders.
fn holder_of(i: u64, rows: u64) -> u64 {
    let holders = (rows * 2 / 5).max(1);
    i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % holders
}

pub fn write_registry_csv(path: &Path, rows: u64, seed: u64, holders: bool) -> Result<(), String> {
    let n = nomenclature();
    let mut rng = SeededRng::new(seed);
    let f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    let err = |e: std::io::Error| e.to_string();
    let header = if holders {
        "Serial Number,Make,Model,Type,Calibre,Year,Country of manufacture,Owner,Licence number,Registration date,Town"
    } else {
        "Serial Number,Make,Model,Type,Calibre,Year,Country of manufacture,Registration date"
    };
    writeln!(w, "{header}").map_err(err)?;
    let makers: Vec<_> = n.manufacturers.iter().filter(|m| n.models_of(&m.id).next().is_some()).collect();
    if makers.is_empty() {
        return Err("the nomenclature has no manufacturers with models".into());
    }
    let first = ["Ana", "Ivan", "Maria", "José", "Fatima", "Jean", "Luka", "Amina", "Carlos", "Sofia", "Mehmet", "Olga"];
    let last = ["Horvat", "García", "Diallo", "Kovač", "Silva", "Dubois", "Yilmaz", "Petrov", "Mensah", "Rossi", "Novak", "Santos"];
    let towns = ["Zagreb", "Split", "Rijeka", "Osijek", "Zadar", "Pula"];
    for i in 0..rows {
        let m = makers[rng.below(makers.len() as u64) as usize];
        let models: Vec<_> = n.models_of(&m.id).collect();
        let model = models[rng.below(models.len() as u64) as usize];
        let make = if !m.aliases.is_empty() && rng.chance(0.3) { &m.aliases[rng.below(m.aliases.len() as u64) as usize] } else { &m.name };
        let cal = model.calibres.first().and_then(|c| n.calibre(c));
        let cal_text = match cal {
            Some(c) if !c.aliases.is_empty() && rng.chance(0.5) => c.aliases[rng.below(c.aliases.len() as u64) as usize].clone(),
            Some(c) => c.name.clone(),
            None => String::new(),
        };
        let ty = n.firearm_type(&model.type_code).map(|t| if rng.chance(0.5) { t.es.clone() } else { t.en.clone() }).unwrap_or_default();
        let serial = match rng.below(3) {
            0 => format!("{:07}", rng.below(10_000_000)),
            1 => format!("{}{}-{:05}", (b'A' + rng.below(26) as u8) as char, (b'A' + rng.below(26) as u8) as char, rng.below(100_000)),
            _ => format!("{}{:06}", (b'A' + rng.below(26) as u8) as char, rng.below(1_000_000)),
        };
        let year = 1970 + rng.below(55);
        let q = |s: &str| {
            if s.contains([',', '"']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let date = format!("{:02}/{:02}/{}", 1 + rng.below(28), 1 + rng.below(12), (year + rng.below(3)).min(2025));
        let h = holder_of(i, rows);
        let town = towns[rng.below(towns.len() as u64) as usize];
        let marks = [q(&serial), q(make), q(&model.name), q(&ty), q(&cal_text), year.to_string(), m.country.clone()].join(",");
        if holders {
            // Holders own 2.5 firearms on average, as in registries.
            let owner =
                format!("{} {}", first[(h % first.len() as u64) as usize], last[(h / first.len() as u64 % last.len() as u64) as usize]);
            writeln!(w, "{marks},{owner},HR-{h:08},{date},{town}").map_err(err)?;
        } else {
            writeln!(w, "{marks},{date}").map_err(err)?;
        }
    }
    w.flush().map_err(err)
}

fn import_opts(now: armstrace_domain::time::Timestamp) -> Result<ImportOptions, String> {
    Ok(ImportOptions {
        kind: ImportKind::Registry,
        agency: "HRV-POL".into(),
        country: CountryCode::from_alpha3("HRV").map_err(|e| e.to_string())?,
        handling: HandlingCode::Amber,
        user: "bench".into(),
        partial: false,
        rejects: None,
        mapping: None,
        sheet: None,
        now,
        chunk: 10_000,
        owner_only: None,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn bench_import_file(csv: &Path, rows: u64, dir: &Path, postgres: Option<&str>, runs: usize) -> Result<(), String> {
    let now = armstrace_domain::time::Timestamp::from_ymd_hms(2026, 11, 22, 0, 0, 0);
    let mut raw_times = Vec::new();
    let mut our_times = Vec::new();
    let mut report = None;
    // Baseline and armstrace alternate, so that both meet the same state of the machine.
    for _ in 0..runs {
        // Baseline: the sqlite3 shell's own CSV import into a plain table, same journal settings.
        let raw_db = dir.join("raw.db");
        remove_db(&raw_db);
        let t = Instant::now();
        let out = Command::new("sqlite3")
            .arg(&raw_db)
            .args([
                "-cmd",
                "PRAGMA journal_mode=WAL;",
                "-cmd",
                "PRAGMA synchronous=NORMAL;",
                "-cmd",
                ".mode csv",
                &format!(".import {} raw", csv.display()),
            ])
            .output()
            .map_err(|e| format!("could not run sqlite3 (apt-get install sqlite3): {e}"))?;
        if !out.status.success() {
            return Err(format!("sqlite3 .import failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        raw_times.push(ms(t));

        let db = dir.join("import.db");
        remove_db(&db);
        let store = armstrace_store::open(&format!("sqlite://{}", db.display())).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let r = import_file(store.as_ref(), csv, &import_opts(now)?, &mut |_| {}).map_err(|e| e.to_string())?;
        our_times.push(ms(t));
        report = Some(r);
    }
    let raw_s = median(raw_times.clone());
    let raw_rate = rows as f64 / raw_s;
    println!("baseline  sqlite3 .import (plain table, no checks): median {raw_s:.2} s of {raw_times:.2?}, {raw_rate:.0} rows/s");
    let ours_s = median(our_times.clone());
    let ours_rate = rows as f64 / ours_s;
    let (items, events, parties) = report.map(|r| (r.items, r.events, r.parties)).unwrap_or_default();
    println!("armstrace import (SQLite, validated + normalized; {items} items, {events} events, {parties} holders): median {ours_s:.2} s of {our_times:.2?}, {ours_rate:.0} rows/s");
    println!("RATIO import/raw = {:.3} (target >= 0.300)", ours_rate / raw_rate);

    if let Some(admin) = postgres.filter(|s| !s.is_empty()) {
        let name = format!("armstrace_bench_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).map_err(|e| e.to_string())?;
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).map_err(|e| e.to_string())?;
        c.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| e.to_string())?;
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin).to_string();
        let result = (|| -> Result<f64, String> {
            let store = armstrace_store::open(&format!("{base}/{name}")).map_err(|e| e.to_string())?;
            let t = Instant::now();
            import_file(store.as_ref(), csv, &import_opts(now)?, &mut |_| {}).map_err(|e| e.to_string())?;
            Ok(ms(t))
        })();
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        let pg_s = result?;
        println!(
            "armstrace import (PostgreSQL): {pg_s:.2} s, {:.0} rows/s; RATIO postgres/raw-sqlite = {:.2}",
            rows as f64 / pg_s,
            (rows as f64 / pg_s) / raw_rate
        );
    } else {
        println!("PostgreSQL not measured: pass --postgres postgres://USER@HOST:PORT/postgres");
    }
    Ok(())
}

pub fn run(which: BenchCommand) -> Result<(), String> {
    match which {
        BenchCommand::Match(args) => crate::bench_match::run(args),
        BenchCommand::Check(args) => crate::bench_check::run(args),
        BenchCommand::Trace(args) => crate::bench_trace::run(args),
        BenchCommand::Web { firearms, dir, postgres, concurrency, seconds, reuse } => crate::bench_web::run(crate::bench_web::WebBench {
            firearms,
            dir: &dir,
            postgres: postgres.as_deref(),
            concurrency,
            seconds,
            reuse,
        }),
        BenchCommand::Import { rows, dir, postgres, runs } => {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for holders in [true, false] {
                let what = if holders {
                    "registry extract with holders (owner, licence number)"
                } else {
                    "firearms only (markings and registration date)"
                };
                println!("== {rows} rows: {what}");
                let csv = dir.join(format!("registry-{rows}{}.csv", if holders { "" } else { "-firearms" }));
                let t = Instant::now();
                write_registry_csv(&csv, rows, 42, holders)?;
                println!("generated in {:.1} s ({})", ms(t), csv.display());
                bench_import_file(&csv, rows, &dir, postgres.as_deref(), runs.max(1))?;
            }
            Ok(())
        }
        BenchCommand::Demo { firearms, dir } => {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let cfg = armstrace_app::demo::DemoConfig { seed: 2026, firearms };
            // Baseline in the same run: generating the world without storing it.
            let t = Instant::now();
            let mut world = armstrace_app::demo::DemoWorld::new(&cfg).map_err(|e| e.to_string())?;
            let mut records = 0usize;
            for b in world.by_ref() {
                records += b.map_err(|e| e.to_string())?.len();
            }
            let gen_s = ms(t);
            println!("baseline  generation only: {gen_s:.2} s ({records} records)");
            let db = dir.join("demo.db");
            remove_db(&db);
            let store = armstrace_store::open(&format!("sqlite://{}", db.display())).map_err(|e| e.to_string())?;
            let t = Instant::now();
            armstrace_app::demo::build(store.as_ref(), &cfg).map_err(|e| e.to_string())?;
            let total_s = ms(t);
            println!("demo world of {firearms} firearms generated and stored (SQLite): {total_s:.2} s");
            println!(
                "RATIO stored/generation-only = {:.2}; RATIO 60 s budget/total = {:.2} (target >= 1.0)",
                total_s / gen_s,
                60.0 / total_s
            );
            Ok(())
        }
    }
}
