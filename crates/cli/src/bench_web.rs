//! `armstrace bench web`: the pages and the API under load, over a demo world of N firearms, with
//! a load generator in the same process (keep-alive HTTP/1.1 clients on their own threads). The
//! baseline measured in the same run is `GET /healthz` (the server's floor: routing, headers, one
//! store round trip); every scenario reports p50/p95/p99, requests per second, and its p95 against
//! the baseline's and against the 50 ms target.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use armstrace_app::accounts::Accounts;
use armstrace_app::audit::Auditor;
use armstrace_domain::rng::SeededRng;

/// A keep-alive HTTP/1.1 connection that sends requests and reads whole responses.
pub(crate) struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
    auth: String,
}

impl Client {
    pub(crate) fn connect(addr: &str, token: &str) -> Result<Client, String> {
        let s = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        s.set_nodelay(true).map_err(|e| e.to_string())?;
        let writer = s.try_clone().map_err(|e| e.to_string())?;
        Ok(Client { reader: BufReader::new(s), writer, host: addr.to_string(), auth: format!("Bearer {token}") })
    }

    /// Status and body length.
    pub(crate) fn get(&mut self, path: &str) -> Result<(u16, usize), String> {
        write!(self.writer, "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nAccept: */*\r\n\r\n", self.host, self.auth)
            .map_err(|e| e.to_string())?;
        self.response()
    }

    /// A JSON POST: status and body length.
    pub(crate) fn post_json(&mut self, path: &str, body: &str) -> Result<(u16, usize), String> {
        write!(
            self.writer,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            self.auth,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        self.response()
    }

    fn response(&mut self) -> Result<(u16, usize), String> {
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad status line '{line}'"))?;
        let mut length: Option<usize> = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(|e| e.to_string())?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().ok();
                } else if k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked") {
                    chunked = true;
                }
            }
        }
        let mut total = 0usize;
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).map_err(|e| e.to_string())?;
                let n = usize::from_str_radix(line.trim(), 16).map_err(|e| format!("bad chunk size '{line}': {e}"))?;
                let mut buf = vec![0u8; n + 2];
                self.reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
                total += n;
                if n == 0 {
                    break;
                }
            }
        } else {
            let n = length.unwrap_or(0);
            let mut buf = vec![0u8; n];
            self.reader.read_exact(&mut buf).map_err(|e| e.to_string())?;
            total = n;
        }
        Ok((status, total))
    }
}

struct Scenario {
    name: &'static str,
    paths: Vec<String>,
}

struct Outcome {
    latencies_us: Vec<u64>,
    errors: u64,
    elapsed: f64,
}

fn run_load(addr: &str, token: &str, s: &Scenario, concurrency: usize, duration: Duration) -> Result<Outcome, String> {
    let started = Instant::now();
    let mut handles = Vec::new();
    for t in 0..concurrency {
        let (addr, token, paths) = (addr.to_string(), token.to_string(), s.paths.clone());
        handles.push(std::thread::spawn(move || -> Result<(Vec<u64>, u64), String> {
            let mut c = Client::connect(&addr, &token)?;
            let mut lat = Vec::new();
            let mut errors = 0u64;
            let mut i = t * 7919;
            let end = Instant::now() + duration;
            while Instant::now() < end {
                let path = &paths[i % paths.len()];
                i += 1;
                let t0 = Instant::now();
                let (status, _) = c.get(path)?;
                lat.push(t0.elapsed().as_micros() as u64);
                if status != 200 {
                    errors += 1;
                }
            }
            Ok((lat, errors))
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().map_err(|_| "a load thread stopped".to_string())??;
        all.extend(l);
        errors += e;
    }
    all.sort_unstable();
    Ok(Outcome { latencies_us: all, errors, elapsed: started.elapsed().as_secs_f64() })
}

pub(crate) fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

pub struct WebBench<'a> {
    pub firearms: u64,
    pub dir: &'a Path,
    pub postgres: Option<&'a str>,
    pub concurrency: usize,
    pub seconds: u64,
    pub reuse: bool,
}

pub fn run(b: WebBench) -> Result<(), String> {
    std::fs::create_dir_all(b.dir).map_err(|e| e.to_string())?;
    let sqlite_path = b.dir.join(format!("web-{}.db", b.firearms));
    let sqlite_url = format!("sqlite://{}", sqlite_path.display());
    measure("SQLite", &sqlite_url, &b, || {
        if b.reuse && sqlite_path.exists() {
            return Ok(false);
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", sqlite_path.display()));
        }
        Ok(true)
    })?;
    match b.postgres.filter(|s| !s.is_empty()) {
        Some(admin) => {
            let name = format!("armstrace_webbench_{}", std::process::id());
            let mut c = postgres::Client::connect(admin, postgres::NoTls).map_err(|e| e.to_string())?;
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).map_err(|e| e.to_string())?;
            c.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| e.to_string())?;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin).to_string();
            let r = measure("PostgreSQL", &format!("{base}/{name}"), &b, || Ok(true));
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            r?;
        }
        None => println!("PostgreSQL not measured: pass --postgres postgres://USER@HOST:PORT/postgres"),
    }
    Ok(())
}

fn measure(backend: &str, url: &str, b: &WebBench, fresh: impl FnOnce() -> Result<bool, String>) -> Result<(), String> {
    println!("== {backend}: {} firearms, {} clients, {} s per scenario", b.firearms, b.concurrency, b.seconds);
    let build = fresh()?;
    let store = armstrace_store::open(url).map_err(|e| e.to_string())?;
    let audit = Auditor::new();
    if build {
        let t = Instant::now();
        armstrace_app::demo::build(store.as_ref(), &armstrace_app::demo::DemoConfig { seed: 2026, firearms: b.firearms })
            .map_err(|e| e.to_string())?;
        armstrace_app::demo::create_demo_accounts(store.as_ref(), &audit, crate::now()).map_err(|e| e.to_string())?;
        // Fresh statistics (and, on PostgreSQL, the visibility map that index-only scans need).
        store.execute_batch(if backend == "PostgreSQL" { "VACUUM ANALYZE" } else { "ANALYZE" }).map_err(|e| e.to_string())?;
        println!("demo world built in {:.1} s", t.elapsed().as_secs_f64());
    }
    // The reader: an investigator of the Croatian police, who sees GREEN records everywhere, AMBER
    // ones of Croatia and the police's own AMBER+STRICT and RED cases.
    let user =
        store.user_by_name("hrv.investigator").map_err(|e| e.to_string())?.ok_or("the demo accounts are missing: run without --reuse")?;
    let (token, _) = Accounts { store: store.as_ref(), audit: &audit }
        .create_api_token(&user.principal(), "bench", &["read"], 1, crate::now(), "bench")
        .map_err(|e| e.to_string())?;
    let visible = store
        .items(
            &armstrace_store::ItemFilter { scope: Some(armstrace_domain::access::Scope::of(&user.principal())), ..Default::default() },
            armstrace_store::Page { offset: 0, limit: 20_000 },
        )
        .map_err(|e| e.to_string())?;
    if visible.is_empty() {
        return Err("the bench user sees no item".into());
    }
    let mut rng = SeededRng::new(7);
    let ids: Vec<String> = (0..2_000).map(|_| visible[rng.below(visible.len() as u64) as usize].meta.id.to_string()).collect();
    let statuses = ["", "registered", "seized", "stolen", "lost"];

    let shared: Arc<armstrace_web::AppState> = armstrace_web::AppState::new(store, false);
    let (addr, stop_tx, server) = spawn_server(shared)?;

    let scenarios = vec![
        Scenario { name: "GET /healthz (baseline)", paths: vec!["/healthz".into()] },
        Scenario {
            name: "list page /items",
            paths: statuses.iter().flat_map(|s| (0..4).map(move |p| format!("/items?status={s}&offset={}", p * 50))).collect(),
        },
        Scenario { name: "detail page /items/{id}", paths: ids.iter().map(|i| format!("/items/{i}")).collect() },
        Scenario { name: "API list /api/v1/items", paths: statuses.iter().map(|s| format!("/api/v1/items?status={s}&limit=50")).collect() },
        Scenario { name: "API read /api/v1/items/{id}", paths: ids.iter().map(|i| format!("/api/v1/items/{i}")).collect() },
    ];
    // Warm the caches the way a running server has them.
    for s in &scenarios {
        run_load(&addr, &token, s, 1, Duration::from_millis(300))?;
    }
    let mut baseline_p95 = 0.0;
    let mut worst_page_p95: f64 = 0.0;
    for s in &scenarios {
        let o = run_load(&addr, &token, s, b.concurrency.max(1), Duration::from_secs(b.seconds.max(1)))?;
        let (p50, p95, p99) = (pct(&o.latencies_us, 0.50), pct(&o.latencies_us, 0.95), pct(&o.latencies_us, 0.99));
        let rps = o.latencies_us.len() as f64 / o.elapsed;
        if baseline_p95 == 0.0 {
            baseline_p95 = p95.max(0.001);
        }
        if s.name.contains("page") {
            worst_page_p95 = worst_page_p95.max(p95);
        }
        println!(
            "{backend:<10} {:<30} {:>7} req  {rps:>7.0} req/s  p50 {p50:>6.2} ms  p95 {p95:>6.2} ms  p99 {p99:>6.2} ms  errors {}  RATIO p95/baseline = {:.1}",
            s.name,
            o.latencies_us.len(),
            o.errors,
            p95 / baseline_p95
        );
    }
    println!("{backend}: worst page p95 {worst_page_p95:.2} ms (target < 50 ms): {}", if worst_page_p95 < 50.0 { "MET" } else { "MISSED" });
    let _ = stop_tx.send(());
    server.join().map_err(|_| "the server thread stopped".to_string())??;
    Ok(())
}

/// The real router on a port of this machine, in its own runtime; send on the channel to stop it.
pub(crate) type Server = (String, tokio::sync::oneshot::Sender<()>, std::thread::JoinHandle<Result<(), String>>);

pub(crate) fn spawn_server(shared: Arc<armstrace_web::AppState>) -> Result<Server, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?.to_string();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
            let app = armstrace_web::router(shared).into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(l, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await
                .map_err(|e| e.to_string())
        })
    });
    Ok((addr, stop_tx, server))
}
