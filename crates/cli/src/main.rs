//! `armstrace`: the command line of a national firearms focal point.

mod bench;
mod bench_check;
mod bench_match;
mod bench_trace;
mod bench_web;

use std::path::PathBuf;
use std::process::ExitCode;

use armstrace_app::cleaning::{resolve_file, ResolveColumns};
use armstrace_app::export::{export, import_json, ExportFormat, ExportList};
use armstrace_app::import::{import_file, ImportKind, ImportOptions};
use armstrace_app::production::import_afmer;
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::time::Timestamp;
use armstrace_store::{ItemFilter, Store};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

/// mimalloc instead of the system allocator: imports and the demo world allocate on one thread and
/// free on another, which the system allocator serialises behind arena locks (a third of an import's
/// time went there).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_DATABASE: &str = "sqlite://armstrace.db";

#[derive(Parser)]
#[command(name = "armstrace", version, about = "armstrace: records, cross-checks and tracing for a national firearms focal point")]
struct Cli {
    /// Database URL: sqlite://PATH (default sqlite://armstrace.db) or postgres://USER@HOST:PORT/DB.
    /// Also read from ARMSTRACE_DATABASE_URL.
    #[arg(long, global = true, env = "ARMSTRACE_DATABASE_URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a realistic, deterministic demo world (countries, makers, licences, registry, diversions,
    /// seizures) into a fresh database.
    Demo {
        /// Number of firearms in the world.
        #[arg(long, default_value_t = 20_000)]
        firearms: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Database of the demo world (replaced if it exists).
        #[arg(long, default_value = "sqlite://armstrace-demo.db")]
        demo_database: String,
        /// Build the world and stop, without serving it.
        #[arg(long)]
        build_only: bool,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Serve the web application and the JSON API.
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Users at the terminal (the first administrator; password resets). The password is read from
    /// the first line of standard input.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Import CSV or XLSX files: registry records, lost/stolen reports, seizures, licensees; ATF AFMER
    /// workbooks (--kind afmer); armstrace JSON exports (--kind json).
    Import {
        /// registry, lost_stolen, seizures, licensees, items, events, afmer or json.
        #[arg(long)]
        kind: String,
        files: Vec<PathBuf>,
        /// Owning agency of records whose rows do not name one.
        #[arg(long, default_value = "NFP")]
        agency: String,
        /// Country of the records (ISO alpha-3 or name).
        #[arg(long, default_value = "USA")]
        country: String,
        /// Handling code of records whose rows do not give one.
        #[arg(long, default_value = "AMBER")]
        handling: String,
        #[arg(long, default_value = "import")]
        user: String,
        /// Write the good rows and put the bad ones in the rejects file (default: all or nothing).
        #[arg(long)]
        partial: bool,
        /// Rejects file for --partial (default: FILE.rejects.csv).
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Mapping file: lines `field,column header` for headers armstrace does not recognise.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Worksheet of an XLSX file (default: the first).
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Export a list to CSV, XLSX or JSON.
    Export {
        /// items, events, parties, incidents, licences, production, agencies, exhibits or hits.
        #[arg(long, default_value = "items")]
        list: String,
        /// csv, xlsx or json (default: from the file extension).
        #[arg(long)]
        format: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        status: Option<String>,
        #[arg(long = "type")]
        firearm_type: Option<String>,
        #[arg(long)]
        manufacturer: Option<String>,
        #[arg(long)]
        agency: Option<String>,
    },
    /// Clean a spreadsheet: add canonical manufacturer, model, type, calibre and country columns.
    Resolve {
        #[arg(long = "in")]
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        manufacturer: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long = "type")]
        firearm_type: Option<String>,
        #[arg(long)]
        calibre: Option<String>,
        #[arg(long)]
        country: Option<String>,
    },
    /// Check firearms against a registry file: misread, damaged and obliterated serials found, each
    /// candidate with its confidence and why (nothing is written to the database).
    Check {
        /// The registry (CSV or XLSX; a serial column, and id, manufacturer, model, type, calibre,
        /// country_of_manufacture, year, country, status where known).
        #[arg(long)]
        registry: PathBuf,
        /// The firearms to check (CSV or XLSX; a serial column, and qid/reference, manufacturer, ...).
        #[arg(long)]
        queries: PathBuf,
        /// Results: qid,rank,record_id,score,confidence,explanation.
        #[arg(long)]
        out: PathBuf,
        /// Candidates per firearm.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Check every seized, found, surrendered, lost and stolen item of the database again against the
    /// whole node (after an upgrade of the matching engine, or a restored backup); new hits are raised.
    Recheck,
    /// Counts of the records in the database.
    Counts,
    /// Benchmarks that print ratios against baselines measured in the same run.
    Bench {
        #[command(subcommand)]
        which: bench::BenchCommand,
    },
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ARMSTRACE_LISTEN")]
    listen: String,
    /// Mark cookies Secure and send HSTS: set when armstrace sits behind a TLS-terminating proxy.
    #[arg(long, env = "ARMSTRACE_BEHIND_TLS")]
    behind_tls: bool,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "ARMSTRACE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "ARMSTRACE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// An SMTP relay of your network for notifications of new hits:
    /// smtp://HOST[:PORT] or smtp://USER:PASSWORD@HOST[:PORT]. Needs --mail-from.
    #[arg(long, env = "ARMSTRACE_SMTP_URL", requires = "mail_from")]
    smtp: Option<String>,
    /// The sender address of notifications, e.g. armstrace@police.example.
    #[arg(long, env = "ARMSTRACE_MAIL_FROM")]
    mail_from: Option<String>,
    /// The address users reach this server at, for links in e-mails (default: the listen address).
    #[arg(long, env = "ARMSTRACE_PUBLIC_URL")]
    public_url: Option<String>,
}

/// Notifications by e-mail when an SMTP relay is configured.
fn start_mail(state: &armstrace_web::AppState, args: &ServeArgs, default_url: &str) -> Result<(), String> {
    let (Some(url), Some(from)) = (&args.smtp, &args.mail_from) else { return Ok(()) };
    let cfg = armstrace_app::mail::SmtpConfig::parse(url, from)?;
    println!("notifications of new hits by e-mail through {}:{} from {}", cfg.host, cfg.port, cfg.from);
    state.checks.set_mail(armstrace_app::mail::Outbox::start(cfg), args.public_url.as_deref().unwrap_or(default_url));
    Ok(())
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user (e.g. the first system administrator).
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        name: String,
        /// Agency code, e.g. HRV-NFP.
        #[arg(long)]
        agency: String,
        /// Country of the agency (ISO alpha-3 or name).
        #[arg(long)]
        country: String,
        /// viewer, officer, investigator, analyst, point_of_contact, licensing_officer, agency_admin, system_admin.
        #[arg(long)]
        role: String,
        /// Narrowest handling code the user may read: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.
        #[arg(long, default_value = "AMBER")]
        clearance: String,
        #[arg(long, default_value = "en")]
        language: String,
        /// Require a second factor (administrators always need one).
        #[arg(long)]
        second_factor: bool,
    },
    /// Set a new password (ends the user's sessions and lifts a lockout).
    Reset {
        #[arg(long)]
        username: String,
    },
    /// Disable a user (ends their sessions).
    Disable {
        #[arg(long)]
        username: String,
    },
    /// List the users.
    List,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain from the first entry; names the first changed, removed or reordered entry.
    Verify,
}

fn read_password() -> Result<String, String> {
    eprintln!("password (first line of standard input):");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| format!("could not read the password: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn serve(store: Box<dyn Store>, args: &ServeArgs, banner: &str) -> Result<(), String> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("could not start the server: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen).await.map_err(|e| {
            format!("could not listen on {}: {e} (is another server using the port? pick another with --listen)", args.listen)
        })?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => {
                let read = |p: &PathBuf| std::fs::read(p).map_err(|e| format!("could not read {}: {e}", p.display()));
                let config = armstrace_web::tls_config(&armstrace_web::Tls { cert_pem: read(cert)?, key_pem: read(key)? })
                    .map_err(|e| format!("{} / {}: {e}", cert.display(), key.display()))?;
                println!("{banner}armstrace serving on https://{addr}/ (Ctrl-C stops)");
                let state = armstrace_web::AppState::new(store, true);
                start_mail(&state, args, &format!("https://{addr}"))?;
                armstrace_web::serve_tls(listener, state, config).await.map_err(|e| format!("the server stopped: {e}"))
            }
            _ => {
                println!("{banner}armstrace serving on http://{addr}/ (Ctrl-C stops)");
                let state =
                    if args.behind_tls { armstrace_web::AppState::behind_proxy(store) } else { armstrace_web::AppState::new(store, false) };
                start_mail(&state, args, &format!("http://{addr}"))?;
                armstrace_web::serve(listener, state).await.map_err(|e| format!("the server stopped: {e}"))
            }
        }
    })
}

/// A full re-check as the command line runs it: as the node's maintenance, audited under `cli`.
fn recheck(store: &dyn Store, audit: &armstrace_app::audit::Auditor) -> Result<armstrace_app::crosscheck::Rechecked, String> {
    let checks = armstrace_app::crosscheck::CrossCheck::new();
    checks.refresh(store).map_err(|e| e.to_string())?;
    let who = armstrace_domain::access::Principal {
        user: armstrace_domain::id::RecordId::new(),
        username: "cli".into(),
        agency: String::new(),
        // A check reads no record for the principal; any country of the node will do.
        country: match store.agencies().map_err(|e| e.to_string())?.first() {
            Some(a) => armstrace_domain::country::CountryCode::parse(&a.country).map_err(|e| e.to_string())?,
            None => return Ok(armstrace_app::crosscheck::Rechecked::default()),
        },
        role: armstrace_domain::access::Role::SystemAdmin,
        clearance: armstrace_domain::handling::HandlingCode::Red,
    };
    let ctx = armstrace_app::records::Ctx { store, audit, who: &who, source: "cli", now: now(), checks: &checks };
    ctx.recheck_all().map_err(|e| e.to_string())
}

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    Timestamp::from_unix_millis(ms)
}

fn progress(label: &str) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_message(label.to_string());
    pb
}

fn open_store(url: &Option<String>) -> Result<Box<dyn Store>, String> {
    let url = url.clone().unwrap_or_else(|| DEFAULT_DATABASE.to_string());
    armstrace_store::open(&url).map_err(|e| e.to_string())
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Demo { firearms, seed, demo_database, build_only, serve: args } => {
            let url = cli.database.clone().unwrap_or(demo_database);
            if let Some(path) = url.strip_prefix("sqlite://") {
                for suffix in ["", "-wal", "-shm"] {
                    let p = format!("{path}{suffix}");
                    if std::path::Path::new(&p).exists() {
                        std::fs::remove_file(&p).map_err(|e| format!("could not replace the demo database {p}: {e}"))?;
                    }
                }
            }
            let store = armstrace_store::open(&url).map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            let summary = armstrace_app::demo::build(store.as_ref(), &armstrace_app::demo::DemoConfig { seed, firearms })
                .map_err(|e| e.to_string())?;
            println!("demo world built in {:.1} s into {url}", started.elapsed().as_secs_f64());
            println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
            println!("{}", serde_json::to_string_pretty(&store.counts().map_err(|e| e.to_string())?).unwrap_or_default());
            let audit = armstrace_app::audit::Auditor::new();
            let accounts = armstrace_app::demo::create_demo_accounts(store.as_ref(), &audit, now()).map_err(|e| e.to_string())?;
            // The world was written without the services: check its seizures and reports as the
            // services would have when they were recorded.
            let r = recheck(store.as_ref(), &audit)?;
            println!("cross-check of the demo world: {} items checked, {} hits raised", r.items_checked, r.hits_raised);
            let n = armstrace_app::demo::create_demo_requests(store.as_ref(), &audit, now()).map_err(|e| e.to_string())?;
            println!("requests between countries of the demo's points of contact: {n}");
            let c = armstrace_app::community::demo::create_demo_community(store.as_ref(), &audit, now()).map_err(|e| e.to_string())?;
            println!(
                "Community of Practitioners: {} members, {} activities, {} resources, {} discussion posts, {} digest cases",
                c.members, c.activities, c.resources, c.posts, c.cases
            );
            let mut banner = format!("demo accounts (password for all: \"{}\"; demo only):\n", armstrace_app::demo::DEMO_PASSWORD);
            for a in &accounts {
                banner.push_str(&format!("  {:<18} {:<18} {:<8} clearance {}", a.username, a.role, a.agency, a.clearance));
                if let Some(s) = &a.totp_secret {
                    banner.push_str(&format!("  (second factor: TOTP key {s})"));
                }
                banner.push('\n');
            }
            if build_only {
                print!("{banner}");
                return Ok(());
            }
            serve(store, &args, &banner)
        }
        Command::Serve { serve: args } => {
            let store = open_store(&cli.database)?;
            serve(store, &args, "")
        }
        Command::User { action } => {
            let store = open_store(&cli.database)?;
            let audit = armstrace_app::audit::Auditor::new();
            let accounts = armstrace_app::accounts::Accounts { store: store.as_ref(), audit: &audit };
            let find = |name: &str| -> Result<armstrace_domain::account::UserAccount, String> {
                store.user_by_name(name).map_err(|e| e.to_string())?.ok_or_else(|| format!("no user named '{name}'"))
            };
            match action {
                UserCommand::Add { username, name, agency, country, role, clearance, language, second_factor } => {
                    let password = read_password()?;
                    let u = accounts
                        .create(
                            None,
                            armstrace_app::accounts::NewUser {
                                username,
                                display_name: name,
                                agency,
                                country,
                                role: armstrace_domain::access::Role::parse(&role).map_err(|e| e.to_string())?,
                                clearance: HandlingCode::parse(&clearance).map_err(|e| e.to_string())?,
                                language: armstrace_domain::account::Language::parse(&language).map_err(|e| e.to_string())?,
                                password,
                                second_factor_required: second_factor,
                            },
                            now(),
                            "cli",
                        )
                        .map_err(|e| e.to_string())?;
                    println!("user {} added ({}, {}, clearance {})", u.username, u.agency, u.role, u.clearance.as_str());
                    if u.needs_second_factor() {
                        println!("{} sets up a second factor (TOTP) at the first sign-in", u.username);
                    }
                }
                UserCommand::Reset { username } => {
                    let u = find(&username)?;
                    let password = read_password()?;
                    accounts.reset_password(None, u.id, &password, now(), "cli").map_err(|e| e.to_string())?;
                    println!("password of {} set; their sessions ended", u.username);
                }
                UserCommand::Disable { username } => {
                    let u = find(&username)?;
                    accounts.set_disabled(None, u.id, true, now(), "cli").map_err(|e| e.to_string())?;
                    println!("{} disabled; their sessions ended", u.username);
                }
                UserCommand::List => {
                    for u in store.users(None).map_err(|e| e.to_string())? {
                        println!(
                            "{:<24} {:<10} {:<18} {:<12} {}",
                            u.username,
                            u.agency,
                            u.role,
                            u.clearance.as_str(),
                            if u.disabled { "disabled" } else { "" }
                        );
                    }
                }
            }
            Ok(())
        }
        Command::Audit { action: AuditCommand::Verify } => {
            let store = open_store(&cli.database)?;
            match armstrace_app::audit::verify(store.as_ref()).map_err(|e| e.to_string())? {
                Ok(n) => {
                    println!("audit log intact: {n} entries, each linked to the one before");
                    Ok(())
                }
                Err(b) => Err(format!("the audit log is broken at {b}")),
            }
        }
        Command::Import { kind, files, agency, country, handling, user, partial, rejects, mapping, sheet } => {
            if files.is_empty() {
                return Err("name at least one file to import".into());
            }
            let store = open_store(&cli.database)?;
            for file in &files {
                match kind.as_str() {
                    "afmer" => {
                        let r = import_afmer(store.as_ref(), file, &agency, &user, now()).map_err(|e| e.to_string())?;
                        println!("{}", serde_json::to_string(&r).unwrap_or_default());
                    }
                    "json" => {
                        let n = import_json(store.as_ref(), file).map_err(|e| e.to_string())?;
                        println!("{}: {n} records imported", file.display());
                    }
                    k => {
                        let opts = ImportOptions {
                            kind: ImportKind::parse(k)?,
                            agency: agency.clone(),
                            country: CountryCode::parse(&country).map_err(|e| e.to_string())?,
                            handling: HandlingCode::parse(&handling).map_err(|e| e.to_string())?,
                            user: user.clone(),
                            partial,
                            rejects: Some(rejects.clone().unwrap_or_else(|| file.with_extension("rejects.csv"))),
                            mapping: mapping.clone(),
                            sheet: sheet.clone(),
                            now: now(),
                            chunk: 10_000,
                            owner_only: None,
                        };
                        let pb = progress(&format!("importing {}", file.display()));
                        let r = import_file(store.as_ref(), file, &opts, &mut |n| pb.set_position(n));
                        pb.finish_and_clear();
                        let r = r.map_err(|e| e.to_string())?;
                        for w in r.warnings.iter().take(20) {
                            eprintln!("warning: {w}");
                        }
                        if r.warning_count > 20 {
                            eprintln!("… {} warnings in all", r.warning_count);
                        }
                        if !r.ignored_columns.is_empty() {
                            eprintln!("columns not imported (not recognised): {}", r.ignored_columns.join(", "));
                        }
                        if r.rows_rejected > 0 {
                            eprintln!(
                                "{} row(s) refused, written to {}",
                                r.rows_rejected,
                                opts.rejects.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
                            );
                            for e in r.rejected.iter().take(20) {
                                eprintln!("  {e}");
                            }
                        }
                        println!("{}", serde_json::to_string(&r).unwrap_or_default());
                    }
                }
            }
            Ok(())
        }
        Command::Export { list, format, out, status, firearm_type, manufacturer, agency } => {
            let store = open_store(&cli.database)?;
            let format = match format {
                Some(f) => ExportFormat::parse(&f)?,
                None => ExportFormat::from_path(&out)
                    .ok_or("say --format csv, xlsx or json, or give the output file one of those extensions")?,
            };
            let filter = ItemFilter { status, firearm_type, manufacturer, agency, ..Default::default() };
            let pb = progress(&format!("exporting {list}"));
            let n = export(store.as_ref(), ExportList::parse(&list)?, &filter, format, &out, &mut |n| pb.set_position(n));
            pb.finish_and_clear();
            let n = n.map_err(|e| e.to_string())?;
            println!("{n} {list} exported to {}", out.display());
            Ok(())
        }
        Command::Resolve { input, out, manufacturer, model, firearm_type, calibre, country } => {
            let r = resolve_file(&input, &out, &ResolveColumns { manufacturer, model, firearm_type, calibre, country })
                .map_err(|e| e.to_string())?;
            for (f, present, resolved) in &r.resolved {
                eprintln!("{f}: {resolved} of {present} values resolved");
            }
            println!("{} rows written to {}", r.rows, out.display());
            Ok(())
        }
        Command::Check { registry, queries, out, limit } => {
            let r = armstrace_app::bulkcheck::check_files(&registry, &queries, &out, limit).map_err(|e| e.to_string())?;
            for e in &r.skipped {
                eprintln!("skipped {e}");
            }
            println!(
                "{} firearms checked against {} records: {} with an alert, {} candidates written to {} (index built in {:.2} s, checks in {:.2} s){}",
                r.queries,
                r.registry_records,
                r.with_alert,
                r.candidates_written,
                out.display(),
                r.build_seconds,
                r.check_seconds,
                if r.skipped.is_empty() { String::new() } else { format!("; {} rows skipped (above)", r.skipped.len()) }
            );
            Ok(())
        }
        Command::Recheck => {
            let store = open_store(&cli.database)?;
            let audit = armstrace_app::audit::Auditor::new();
            let t = std::time::Instant::now();
            let r = recheck(store.as_ref(), &audit)?;
            println!("{} items checked, {} hits raised in {:.1} s", r.items_checked, r.hits_raised, t.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Counts => {
            let store = open_store(&cli.database)?;
            println!("{}", serde_json::to_string_pretty(&store.counts().map_err(|e| e.to_string())?).unwrap_or_default());
            Ok(())
        }
        Command::Bench { which } => bench::run(which),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
