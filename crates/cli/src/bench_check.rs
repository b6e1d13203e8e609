//! `armstrace bench check`: the single check through the HTTP API (`POST /api/v1/checks`) over a
//! store of N generated firearms (the registry generator of `bench match`, with its traps and
//! damaged readings), at a fixed request rate. Open loop: each request is timed from when it was
//! due, not from when the client got round to sending it, so a slow server cannot hide its queue.
//! The baseline measured in the same run at the same rate is `GET /healthz` (routing, headers, one
//! store round trip). Prints p50/p95/p99, the rate achieved, and p99 against the baseline and the
//! 5 ms target of issue 4.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use armstrace_app::accounts::{Accounts, NewUser};
use armstrace_domain::access::Role;
use armstrace_domain::account::Language;
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::ItemStatus;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::{Classification, Item, ItemClass, Markings, Resolved};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::serial::SerialNumber;
use armstrace_store::{Agency, Store, WriteBatch};

use crate::bench_match::{generate_queries, generate_registry, GenRecord};
use crate::bench_web::{pct, spawn_server, Client};

#[derive(clap::Args)]
pub struct CheckBench {
    /// Firearms in the store.
    #[arg(long, default_value_t = 1_000_000)]
    pub records: usize,
    /// Requests per second, spread over the clients.
    #[arg(long, default_value_t = 1_000)]
    pub rate: u64,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Client connections.
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Candidates asked for per check (the API's default is 10).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Where the database goes.
    #[arg(long, default_value = "target/bench")]
    pub dir: PathBuf,
    /// Use the database of an earlier run with the same --records.
    #[arg(long)]
    pub reuse: bool,
}

const AGENCIES: [(&str, &str); 4] = [("HRV-POL", "HRV"), ("SRB-POL", "SRB"), ("DEU-BKA", "DEU"), ("MEX-FGR", "MEX")];

fn resolved(id: &str, canonical: &str) -> Resolved {
    Resolved { raw: canonical.to_string(), id: Some(id.to_string()), canonical: Some(canonical.to_string()), confidence: 1.0 }
}

fn item_of(n: usize, r: &GenRecord, now: armstrace_domain::time::Timestamp) -> Option<Item> {
    let (agency, country) = AGENCIES[n % AGENCIES.len()];
    // Most of a node's registry is shared within it; some records stay with their country.
    let handling = if n.is_multiple_of(5) { HandlingCode::Amber } else { HandlingCode::Green };
    let country = CountryCode::from_alpha3(country).ok()?;
    Some(Item {
        meta: RecordMeta::new(RecordId::new(), agency, country, handling, now, "bench"),
        class: ItemClass::Firearm,
        part_kind: None,
        markings: Markings {
            manufacturer: resolved(&r.model.manufacturer, &r.model.manufacturer),
            country_of_manufacture: CountryCode::from_alpha3(r.coo).ok(),
            serial: SerialNumber::parse(&r.serial, None).ok()?,
            year_of_manufacture: Some(i32::from(r.year)),
            import_marks: vec![],
            other_marks: vec![],
        },
        classification: Classification {
            firearm_type: resolved(&r.model.type_code, &r.model.type_code),
            model: Resolved { raw: r.model.name.clone(), id: None, canonical: Some(r.model.name.clone()), confidence: 1.0 },
            calibre: resolved(r.calibre, r.calibre),
            action: None,
            converted: None,
            privately_made: None,
        },
        ammunition: None,
        status: ItemStatus::parse(r.status).unwrap_or(ItemStatus::Registered),
        description: String::new(),
    })
}

fn build(store: &dyn Store, records: usize) -> Result<(), String> {
    let t = Instant::now();
    let registry = generate_registry(records, 20_260_401);
    let now = crate::now();
    let agencies: Vec<Agency> =
        AGENCIES.iter().map(|(code, c)| Agency { code: code.to_string(), name: code.to_string(), country: c.to_string() }).collect();
    store.write(&WriteBatch { agencies, ..Default::default() }).map_err(|e| e.to_string())?;
    let mut batches = registry.chunks(50_000).enumerate().map(|(b, chunk)| {
        let items = chunk.iter().enumerate().filter_map(|(i, r)| item_of(b * 50_000 + i, r, now)).collect();
        Ok(WriteBatch { items, fresh: true, ..Default::default() })
    });
    store.write_stream(&mut batches).map_err(|e| e.to_string())?;
    store.execute_batch("ANALYZE").map_err(|e| e.to_string())?;
    println!("{records} firearms written in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// Sends `bodies` (or GETs `path` when there are none) at `rate` per second for `seconds`, each
/// client on its own schedule; latencies are from each request's due time.
fn open_loop(
    addr: &str,
    token: &str,
    path: &str,
    bodies: &[String],
    rate: u64,
    seconds: u64,
    clients: usize,
) -> Result<(Vec<u64>, u64, f64), String> {
    let clients = clients.max(1);
    let per_client = Duration::from_secs_f64(clients as f64 / rate.max(1) as f64);
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds.max(1));
    let bodies = Arc::new(bodies.to_vec());
    let mut handles = Vec::new();
    for c in 0..clients {
        let (addr, token, path, bodies) = (addr.to_string(), token.to_string(), path.to_string(), bodies.clone());
        handles.push(std::thread::spawn(move || -> Result<(Vec<u64>, u64), String> {
            let mut client = Client::connect(&addr, &token)?;
            // Clients start staggered so that the requests are spread evenly.
            let mut due = started + per_client.mul_f64(c as f64 / clients as f64);
            let (mut lat, mut errors, mut i) = (Vec::new(), 0u64, c * 7919);
            while due < end {
                let now = Instant::now();
                if due > now {
                    std::thread::sleep(due - now);
                }
                let (status, _) =
                    if bodies.is_empty() { client.get(&path)? } else { client.post_json(&path, &bodies[i % bodies.len()])? };
                lat.push(due.elapsed().as_micros() as u64);
                if status != 200 {
                    errors += 1;
                }
                i += 1;
                due += per_client;
            }
            Ok((lat, errors))
        }));
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    for h in handles {
        let (l, e) = h.join().map_err(|_| "a load thread stopped".to_string())??;
        all.extend(l);
        errors += e;
    }
    all.sort_unstable();
    Ok((all, errors, started.elapsed().as_secs_f64()))
}

/// Where a check's time goes, one reading at a time in this process (no HTTP, no other load):
/// the index lookup, the read of the candidates' records, the audit entry (queued to be written
/// behind, as the server does; a twentieth of them pay for writing a batch).
fn stages(state: &armstrace_web::AppState, queries: &[crate::bench_match::GenQuery], limit: usize) -> Result<(), String> {
    use armstrace_matching::Query;
    let (mut index, mut read, mut audit) = (Vec::new(), Vec::new(), Vec::new());
    for q in queries {
        let query = Query {
            serial: &q.serial,
            manufacturer: &q.manufacturer,
            model: &q.model,
            firearm_type: &q.firearm_type,
            calibre: &q.calibre,
            country_of_manufacture: "",
            year: None,
        };
        let t = Instant::now();
        let found = state.checks.query(&query, limit);
        index.push(t.elapsed().as_micros() as u64);
        let ids: Vec<RecordId> = found.iter().map(|c| c.id).collect();
        let t = Instant::now();
        state.store.items_by_ids(&ids).map_err(|e| e.to_string())?;
        read.push(t.elapsed().as_micros() as u64);
        let t = Instant::now();
        let event = armstrace_app::audit::Event::by(None, "bench", "check", "item", None, format!("serial {}", q.serial));
        state.audit.record_read(state.store.as_ref(), event, crate::now()).map_err(|e| e.to_string())?;
        audit.push(t.elapsed().as_micros() as u64);
    }
    for (name, lat) in [("index lookup", &mut index), ("read candidates", &mut read), ("audit entry", &mut audit)] {
        lat.sort_unstable();
        println!(
            "stage {name:<16} {} readings  p50 {:>6.3} ms  p95 {:>6.3} ms  p99 {:>6.3} ms  max {:>6.3} ms",
            lat.len(),
            pct(lat, 0.5),
            pct(lat, 0.95),
            pct(lat, 0.99),
            pct(lat, 1.0)
        );
    }
    Ok(())
}

pub fn run(b: CheckBench) -> Result<(), String> {
    std::fs::create_dir_all(&b.dir).map_err(|e| e.to_string())?;
    let path = b.dir.join(format!("check-{}.db", b.records));
    let fresh = !(b.reuse && path.exists());
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let store = armstrace_store::open(&format!("sqlite://{}", path.display())).map_err(|e| e.to_string())?;
    if fresh {
        build(store.as_ref(), b.records)?;
    }
    let audit = armstrace_app::audit::Auditor::new();
    let accounts = Accounts { store: store.as_ref(), audit: &audit };
    let user = match store.user_by_name("bench.officer").map_err(|e| e.to_string())? {
        Some(u) => u,
        None => accounts
            .create(
                None,
                NewUser {
                    username: "bench.officer".into(),
                    display_name: "Bench officer".into(),
                    agency: "HRV-POL".into(),
                    country: "HRV".into(),
                    role: Role::Officer,
                    clearance: HandlingCode::Amber,
                    language: Language::En,
                    password: "bench pass phrase 2026".into(),
                    second_factor_required: false,
                },
                crate::now(),
                "bench",
            )
            .map_err(|e| e.to_string())?,
    };
    let (token, _) =
        accounts.create_api_token(&user.principal(), "bench", &["read"], 1, crate::now(), "bench").map_err(|e| e.to_string())?;
    // A server that has run a while has its database in the OS's cache; a fresh run may not (the
    // file was written long ago, or another program pushed it out): read it once, so that the
    // figures are of the server and not of the disk.
    let t = Instant::now();
    let mut file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
    let bytes = std::io::copy(&mut file, &mut std::io::sink()).map_err(|e| e.to_string())?;
    println!("database file read into the OS cache: {:.0} MB in {:.1} s", bytes as f64 / 1e6, t.elapsed().as_secs_f64());
    let t = Instant::now();
    let state = armstrace_web::AppState::new(store, false);
    let load_s = t.elapsed().as_secs_f64();
    println!(
        "cross-check index loaded from the store at start: {} records in {load_s:.1} s ({:.2} s per million)",
        state.checks.len(),
        load_s / (state.checks.len().max(1) as f64 / 1e6)
    );
    // Readings of the same registry, with its kinds of damage, as request bodies.
    let registry = generate_registry(b.records.min(200_000), 20_260_401);
    // The same readings go through HTTP and, afterwards, through the stages one by one.
    let stage_queries = generate_queries(&registry, 5_000, 7);
    let bodies: Vec<String> = stage_queries
        .iter()
        .map(|q| {
            serde_json::json!({ "serial": q.serial, "manufacturer": q.manufacturer, "model": q.model, "firearm_type": q.firearm_type, "calibre": q.calibre })
                .to_string()
        })
        .collect();
    drop(registry);
    let (addr, stop, server) = spawn_server(state.clone())?;
    // Warm up the connections and caches.
    open_loop(&addr, &token, "/api/v1/checks", &bodies, 200, 1, b.clients)?;
    let mut base_p99 = 0.0;
    let mut check_p99 = 0.0;
    let check_path = format!("/api/v1/checks?limit={}", b.limit);
    for (name, path, bodies) in
        [("GET /healthz (baseline)", "/healthz", &[][..]), ("POST /api/v1/checks", check_path.as_str(), &bodies[..])]
    {
        let (lat, errors, elapsed) = open_loop(&addr, &token, path, bodies, b.rate, b.seconds, b.clients)?;
        let (p50, p95, p99) = (pct(&lat, 0.50), pct(&lat, 0.95), pct(&lat, 0.99));
        if base_p99 == 0.0 {
            base_p99 = p99.max(0.001);
        } else {
            check_p99 = p99;
        }
        println!(
            "{:<26} {} records  {:>6} req  {:>6.0} req/s  p50 {p50:>6.2} ms  p95 {p95:>6.2} ms  p99 {p99:>6.2} ms  errors {errors}  RATIO p99/baseline = {:.1}",
            name,
            b.records,
            lat.len(),
            lat.len() as f64 / elapsed,
            p99 / base_p99
        );
    }
    println!(
        "single check through the API at {} req/s over {} records, {} candidates asked: p99 {check_p99:.2} ms (target < 5 ms): {}",
        b.rate,
        b.records,
        b.limit,
        if check_p99 < 5.0 { "PASS" } else { "FAIL" }
    );
    let _ = stop.send(());
    server.join().map_err(|_| "the server thread stopped".to_string())??;
    stages(&state, &stage_queries, b.limit)?;
    Ok(())
}
