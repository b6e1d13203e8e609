//! One storage suite, run against SQLite always and against PostgreSQL whenever
//! `ARMSTRACE_TEST_POSTGRES_URL` is set (e.g. `postgres://postgres@127.0.0.1:54329/postgres`). Each test
//! gets its own fresh database, dropped afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_domain::ballistic::{BallisticExhibit, BallisticHit, ExhibitKind};
use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, EventKind, EventParty, EventRole, HistoryEvent, ItemStatus};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind, IncidentParty, Place, Route};
use armstrace_domain::item::{Classification, ImportMark, Item, ItemClass, Markings, OtherMark, OtherMarkKind, Resolved};
use armstrace_domain::licence::{Licence, LicenceKind, LicenceLine};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::party::{Address, Identifier, Party, PartyKind, PartyRole, ProductionFigure};
use armstrace_domain::serial::SerialNumber;
use armstrace_domain::time::Timestamp;
use armstrace_store::{open, Agency, GroundTruth, ItemFilter, ListFilter, Page, Store, StoreError, WriteBatch};

struct TestDb {
    store: Box<dyn Store>,
    cleanup: Option<(String, String)>,
    file: Option<std::path::PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            self.store = open("sqlite::memory:").unwrap();
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", f.display()));
            }
        }
        if let Some((admin, name)) = self.cleanup.take() {
            // The store's connection must be closed before the database can be dropped.
            self.store = open("sqlite::memory:").unwrap();
            if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

fn backends(test: &str) -> Vec<TestDb> {
    // In memory (one connection), and in a file (a writer and a pool of readers).
    let file = std::env::temp_dir().join(format!("armstrace_t_{}_{}_{}.db", test, std::process::id(), RecordId::new()));
    let mut v = vec![
        TestDb { store: open("sqlite::memory:").unwrap(), cleanup: None, file: None },
        TestDb { store: open(&format!("sqlite://{}", file.display())).unwrap(), cleanup: None, file: Some(file) },
    ];
    match std::env::var("ARMSTRACE_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("armstrace_t_{}_{}", test, std::process::id());
            let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to ARMSTRACE_TEST_POSTGRES_URL");
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
            c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            let url = format!("{base}/{name}");
            v.push(TestDb { store: open(&url).unwrap(), cleanup: Some((admin.clone(), name)), file: None });
        }
        _ => eprintln!("ARMSTRACE_TEST_POSTGRES_URL is not set: store suite ran on SQLite only"),
    }
    v
}

fn meta(n: u64, handling: HandlingCode) -> RecordMeta {
    RecordMeta::new(
        RecordId::from_parts(1_700_000_000_000 + n, n as u128),
        "HRV-MUP",
        CountryCode::from_alpha3("HRV").unwrap(),
        handling,
        Timestamp::from_ymd_hms(2024, 5, 1, 12, 0, n as u32 % 60),
        "officer.horvat",
    )
}

fn item(n: u64, serial: &str) -> Item {
    Item {
        meta: meta(n, HandlingCode::Amber),
        class: ItemClass::Firearm,
        part_kind: None,
        markings: Markings {
            manufacturer: Resolved {
                raw: "Zastava".into(),
                id: Some("zastava".into()),
                canonical: Some("Zastava".into()),
                confidence: 1.0,
            },
            country_of_manufacture: Some(CountryCode::from_alpha3("SRB").unwrap()),
            serial: SerialNumber::parse(serial, None).unwrap(),
            year_of_manufacture: Some(1988),
            import_marks: vec![ImportMark { country: CountryCode::from_alpha3("HRV").unwrap(), year: Some(1995), text: "HR 95".into() }],
            other_marks: vec![OtherMark { kind: OtherMarkKind::ProofMark, text: "crown over B".into() }],
        },
        classification: Classification {
            firearm_type: Resolved { raw: "pistola".into(), id: Some("pistol".into()), canonical: None, confidence: 1.0 },
            model: Resolved { raw: "M70".into(), id: None, canonical: Some("M70".into()), confidence: 1.0 },
            calibre: Resolved { raw: "7,65".into(), id: None, canonical: None, confidence: 0.0 },
            action: Some("semi_automatic".into()),
            converted: None,
            privately_made: None,
        },
        ammunition: None,
        status: ItemStatus::Seized,
        description: String::new(),
    }
}

fn event(n: u64, item: RecordId, seq: u32, kind: EventKind, date: &str, party: Option<RecordId>) -> HistoryEvent {
    HistoryEvent {
        id: RecordId::from_parts(1_800_000_000_000 + n, n as u128),
        item,
        seq,
        kind,
        date: Some(PartialDate::parse(date).unwrap()),
        country: Some(CountryCode::from_alpha3("HRV").unwrap()),
        place: "Zagreb".into(),
        parties: party.map(|p| vec![EventParty { party: p, role: EventRole::Holder }]).unwrap_or_default(),
        licence: None,
        incident: None,
        documents: vec![],
        note: if n.is_multiple_of(2) { "note".into() } else { String::new() },
    }
}

fn party(n: u64) -> Party {
    Party {
        meta: meta(n, HandlingCode::Red),
        kind: PartyKind::Person,
        name: format!("Ivan Horvat {n}"),
        roles: vec![PartyRole::LicensedHolder],
        identifiers: vec![Identifier { kind: "licence".into(), value: format!("HR-{n}"), issuer: None }],
        addresses: vec![Address {
            street: "Ilica 1".into(),
            city: "Zagreb".into(),
            region: String::new(),
            postal_code: "10000".into(),
            country: Some(CountryCode::from_alpha3("HRV").unwrap()),
        }],
        nationality: None,
        birth_date: Some(PartialDate::parse("1970").unwrap()),
        manufacturer_id: None,
    }
}

fn world() -> (WriteBatch, Vec<RecordId>) {
    let mut b = WriteBatch::default();
    b.agencies.push(Agency { code: "HRV-MUP".into(), name: "Ministry of the Interior".into(), country: "HRV".into() });
    let p = party(1);
    let mut ids = vec![];
    for i in 0..40u64 {
        let mut it = item(100 + i, &format!("A{:05}", i));
        let events = vec![
            event(1000 + i * 3, it.meta.id, 0, EventKind::Manufactured, "1988", None),
            event(1001 + i * 3, it.meta.id, 1, EventKind::Registered, "1996-04", Some(p.meta.id)),
            event(1002 + i * 3, it.meta.id, 2, if i % 2 == 0 { EventKind::ReportedStolen } else { EventKind::Seized }, "2019-11-02", None),
        ];
        it.status = derive_status(&events);
        ids.push(it.meta.id);
        b.items.push(it);
        b.events.extend(events);
    }
    b.licences.push(Licence {
        meta: meta(5, HandlingCode::Green),
        kind: LicenceKind::Export,
        number: "EXP-2019-001".into(),
        issuing_authority: "Ministry of Economy".into(),
        issuing_country: CountryCode::from_alpha3("SRB").unwrap(),
        issued: Some(PartialDate::parse("2019-01-10").unwrap()),
        expires: Some(PartialDate::parse("2019-12-31").unwrap()),
        holder: None,
        exporting_country: Some(CountryCode::from_alpha3("SRB").unwrap()),
        importing_country: Some(CountryCode::from_alpha3("HRV").unwrap()),
        transit_countries: vec![CountryCode::from_alpha3("BIH").unwrap()],
        final_recipient: "Sport shooting club".into(),
        lines: vec![LicenceLine { description: "pistols M70".into(), firearm_type: Some("pistol".into()), calibre: None, quantity: 20 }],
        temporary: false,
    });
    let inc = Incident {
        meta: meta(6, HandlingCode::AmberStrict),
        kind: IncidentKind::Seizure,
        reference: "ZG-2019-77".into(),
        date: Some(PartialDate::parse("2019-11-02").unwrap()),
        place: Place {
            country: Some(CountryCode::from_alpha3("HRV").unwrap()),
            admin_area: "Grad Zagreb".into(),
            locality: "Zagreb".into(),
            lat: Some(45.815),
            lon: Some(15.982),
        },
        contexts: vec!["illicit_trafficking".into()],
        persons: vec![IncidentParty { party: p.meta.id, role: "suspect".into() }],
        route: Route {
            origin: vec![CountryCode::from_alpha3("SRB").unwrap()],
            transit: vec![],
            destination: vec![CountryCode::from_alpha3("DEU").unwrap()],
        },
        concealment: "spare wheel".into(),
        conveyance: Some("land".into()),
        items: ids[..3].to_vec(),
        summary: String::new(),
    };
    let ex_a = BallisticExhibit {
        meta: meta(7, HandlingCode::Red),
        kind: ExhibitKind::CartridgeCase,
        reference: "LAB-1".into(),
        incident: Some(inc.meta.id),
        item: None,
        calibre: None,
    };
    let ex_b = BallisticExhibit {
        meta: meta(8, HandlingCode::Red),
        kind: ExhibitKind::TestFire,
        reference: "LAB-2".into(),
        incident: None,
        item: Some(ids[0]),
        calibre: None,
    };
    b.hits.push(BallisticHit {
        meta: meta(9, HandlingCode::Red),
        exhibit_a: ex_a.meta.id,
        exhibit_b: ex_b.meta.id,
        system: "IBIS".into(),
        system_reference: "H-9".into(),
        date: None,
        confirmed: true,
    });
    b.exhibits.extend([ex_a, ex_b]);
    b.incidents.push(inc);
    b.production.push(ProductionFigure {
        party: p.meta.id,
        year: 2012,
        flow: "manufactured".into(),
        firearm_type: "pistol".into(),
        quantity: 1234,
        source: "test".into(),
    });
    b.ground_truth.push(GroundTruth { item: ids[0], diversion: "theft".into(), event: None, detail: "burglary".into() });
    b.parties.push(p);
    (b, ids)
}

#[test]
fn records_round_trip_unchanged() {
    for db in backends("roundtrip") {
        let s = &db.store;
        let (b, ids) = world();
        s.write(&b).unwrap();
        let back = s.item(ids[0]).unwrap().unwrap();
        let mut expected = b.items[0].clone();
        // Canonical names come from the nomenclature on the way back; compare what is stored.
        expected.markings.manufacturer.canonical = back.markings.manufacturer.canonical.clone();
        expected.classification.firearm_type.canonical = back.classification.firearm_type.canonical.clone();
        assert_eq!(back, expected, "{}", s.backend());
        assert_eq!(s.history(ids[0]).unwrap(), b.events[0..3].to_vec(), "{}", s.backend());
        assert_eq!(s.parties(Page::all()).unwrap(), b.parties, "{}", s.backend());
        assert_eq!(s.licences(Page::all()).unwrap(), b.licences);
        assert_eq!(s.incident(b.incidents[0].meta.id).unwrap().as_ref(), Some(&b.incidents[0]));
        assert_eq!(s.hits(Page::all()).unwrap(), b.hits);
        assert_eq!(s.production(Page::all()).unwrap(), b.production);
        assert_eq!(s.ground_truth(Page::all()).unwrap(), b.ground_truth);
        assert_eq!(s.agencies().unwrap(), b.agencies);
        let c = s.counts().unwrap();
        assert_eq!((c.items, c.events, c.parties, c.exhibits), (40, 120, 1, 2));
    }
}

#[test]
fn items_received_by_a_party_and_their_histories() {
    for db in backends("received") {
        let s = db.store.as_ref();
        let (b, ids) = world();
        s.write(&b).unwrap();
        let holder = b.parties[0].meta.id;
        let mut got = s.items_received_by(holder, i64::MIN / 4, i64::MAX / 4, 100).unwrap();
        got.sort();
        let mut want = ids.clone();
        want.sort();
        assert_eq!(got, want, "{}: every item registered to the party", s.backend());
        assert_eq!(s.items_received_by(holder, i64::MIN / 4, i64::MAX / 4, 5).unwrap().len(), 5);
        // Registered in 1996-04: a window around it finds them, one a year later none.
        let april = PartialDate::parse("1996-04").unwrap().earliest_day();
        assert_eq!(s.items_received_by(holder, april - 10, april + 10, 100).unwrap().len(), 40);
        assert!(s.items_received_by(holder, april + 300, april + 400, 100).unwrap().is_empty());
        assert!(s.items_received_by(RecordId::new(), i64::MIN / 4, i64::MAX / 4, 5).unwrap().is_empty());
        let h = s.histories(&ids[..3]).unwrap();
        assert_eq!(h.len(), 9);
        for id in &ids[..3] {
            assert_eq!(h.iter().filter(|e| e.item == *id).map(|e| e.seq).collect::<Vec<_>>(), vec![0, 1, 2]);
        }
    }
}

#[test]
fn cooperation_requests_round_trip_and_queue_within_a_scope() {
    use armstrace_domain::access::{Principal, Role, Scope};
    use armstrace_domain::request::*;
    for db in backends("requests") {
        let s = db.store.as_ref();
        let hrv = CountryCode::from_alpha3("HRV").unwrap();
        let srb = CountryCode::from_alpha3("SRB").unwrap();
        let mk = |n: u64, status: Status, kind: RequestKind| CooperationRequest {
            status,
            requesting_authority: "HRV NFP".into(),
            requested_authority: "SRB NFP".into(),
            case_reference: format!("HR-2026-{n:04}"),
            subject: "trace".into(),
            firearm: FirearmDescription { serial: "M70-1".into(), ..Default::default() },
            ..CooperationRequest::draft(meta(9_000 + n, HandlingCode::Amber), kind, hrv, srb)
        };
        let rs = vec![
            mk(1, Status::Sent, RequestKind::Tracing),
            mk(2, Status::Answered, RequestKind::Tracing),
            mk(3, Status::Draft, RequestKind::MutualLegalAssistance),
        ];
        s.write(&WriteBatch { requests: rs.clone(), ..Default::default() }).unwrap();
        assert_eq!(s.request(rs[0].meta.id).unwrap().as_ref(), Some(&rs[0]), "{}", s.backend());
        let mine = Principal {
            user: RecordId::new(),
            username: "poc".into(),
            agency: rs[0].meta.agency.clone(),
            country: rs[0].meta.country,
            role: Role::PointOfContact,
            clearance: HandlingCode::Red,
        };
        let scope = Scope::of(&mine);
        let pending = s.pending_requests(&scope).unwrap();
        assert_eq!(pending.len(), 2, "sent and draft, not answered");
        let tracing = ListFilter { kind: Some("tracing".into()), ..Default::default() };
        assert_eq!(s.requests_in(&scope, &tracing, Page { offset: 0, limit: 10 }).unwrap().len(), 2);
        let by_ref = ListFilter { search: Some("hr-2026-0003".into()), ..Default::default() };
        assert_eq!(s.requests_in(&scope, &by_ref, Page { offset: 0, limit: 10 }).unwrap()[0].meta.id, rs[2].meta.id);
        let elsewhere = Principal { country: CountryCode::from_alpha3("DEU").unwrap(), agency: "DEU-BKA".into(), ..mine };
        assert!(s.pending_requests(&Scope::of(&elsewhere)).unwrap().is_empty(), "AMBER stays in its country");
    }
}

#[test]
fn filters_and_paging() {
    for db in backends("filters") {
        let s = &db.store;
        let (b, _) = world();
        s.write(&b).unwrap();
        let stolen = ItemFilter { status: Some("stolen".into()), ..Default::default() };
        assert_eq!(s.count_items(&stolen).unwrap(), 20);
        let page1 = s.items(&stolen, Page { offset: 0, limit: 15 }).unwrap();
        let page2 = s.items(&stolen, Page { offset: 15, limit: 15 }).unwrap();
        assert_eq!((page1.len(), page2.len()), (15, 5));
        assert!(page1.iter().chain(&page2).all(|i| i.status == ItemStatus::Stolen));
        let by_serial = s.items(&ItemFilter { serial: Some("A00007".into()), ..Default::default() }, Page::all()).unwrap();
        assert_eq!(by_serial.len(), 1);
        assert_eq!(s.parties_by_identifier("licence", "HR-1").unwrap().len(), 1);
        assert!(s.parties_by_identifier("licence", "HR-2").unwrap().is_empty());
    }
}

#[test]
fn writes_are_upserts_and_idempotent() {
    for db in backends("upsert") {
        let s = &db.store;
        let (mut b, ids) = world();
        s.write(&b).unwrap();
        s.write(&b).unwrap();
        assert_eq!(s.counts().unwrap().items, 40);
        b.items[0].markings.year_of_manufacture = Some(1990);
        b.incidents[0].items = ids[..1].to_vec();
        s.write(&WriteBatch { items: vec![b.items[0].clone()], incidents: b.incidents.clone(), ..Default::default() }).unwrap();
        assert_eq!(s.item(ids[0]).unwrap().unwrap().markings.year_of_manufacture, Some(1990));
        assert_eq!(s.incident(b.incidents[0].meta.id).unwrap().unwrap().items.len(), 1);
        // Duplicate keys inside one batch: the last one wins, as on every backend.
        let mut dup = b.items[1].clone();
        dup.markings.year_of_manufacture = Some(2001);
        let many: Vec<Item> = std::iter::repeat_n(b.items[1].clone(), 30).chain([dup]).collect();
        s.write(&WriteBatch { items: many, ..Default::default() }).unwrap();
        assert_eq!(s.item(ids[1]).unwrap().unwrap().markings.year_of_manufacture, Some(2001));
    }
}

#[test]
fn a_failed_batch_writes_nothing() {
    for db in backends("atomic") {
        let s = &db.store;
        // A trigger makes the last table of the batch fail, after items and events were sent.
        let trigger = if s.backend() == "sqlite" {
            "CREATE TRIGGER boom BEFORE INSERT ON ground_truth WHEN NEW.detail = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;"
        } else {
            "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.detail = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER boom BEFORE INSERT ON ground_truth FOR EACH ROW EXECUTE FUNCTION boom();"
        };
        s.execute_batch(trigger).unwrap();
        let (mut b, _) = world();
        b.ground_truth[0].detail = "boom".into();
        assert!(s.write(&b).is_err(), "{}: the trigger must fail the batch", s.backend());
        let c = s.counts().unwrap();
        assert_eq!((c.items, c.events, c.parties, c.incidents), (0, 0, 0, 0), "{}: partial write after a failure", s.backend());
        b.ground_truth[0].detail = "fine".into();
        s.write(&b).unwrap();
        assert_eq!(s.counts().unwrap().items, 40);
    }
}

#[test]
fn bulk_loads_keep_their_indexes_and_roll_back_whole() {
    fn many(n: u64) -> WriteBatch {
        let mut b = WriteBatch::default();
        for i in 0..n {
            let it = item(10_000 + i, &format!("B{i:06}"));
            b.events.push(event(20_000 + i, it.meta.id, 0, EventKind::Registered, "2020", None));
            b.items.push(it);
        }
        b
    }
    for db in backends("bulk") {
        let s = &db.store;
        // A failing bulk load into empty tables leaves nothing, indexes included.
        let mut bad = many(6_000);
        bad.ground_truth.push(GroundTruth { item: bad.items[0].meta.id, diversion: "theft".into(), event: None, detail: "x".into() });
        let trigger = if s.backend() == "sqlite" {
            "CREATE TRIGGER boom BEFORE INSERT ON ground_truth BEGIN SELECT RAISE(ABORT, 'boom'); END;"
        } else {
            "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER boom BEFORE INSERT ON ground_truth FOR EACH ROW EXECUTE FUNCTION boom();"
        };
        s.execute_batch(trigger).unwrap();
        assert!(s.write(&bad).is_err());
        assert_eq!(s.counts().unwrap().items, 0);
        s.execute_batch("DROP TRIGGER boom ON ground_truth").or_else(|_| s.execute_batch("DROP TRIGGER boom")).unwrap();
        s.write(&many(6_000)).unwrap();
        assert_eq!(s.counts().unwrap().items, 6_000);
        // The serial index is there again and used.
        assert_eq!(s.items(&ItemFilter { serial: Some("B004321".into()), ..Default::default() }, Page::all()).unwrap().len(), 1);
        if s.backend() == "sqlite" {
            s.execute_batch("CREATE TABLE t_check AS SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name IN ('items_serial', 'item_events_item')").unwrap();
            s.execute_batch("SELECT CASE WHEN (SELECT n FROM t_check) = 2 THEN 1 ELSE abs(-9223372036854775808) END").unwrap();
        }
    }
}

/// A first bulk load into an empty SQLite file runs with the rollback journal (pages written once),
/// rolls back whole on failure, and leaves the file in WAL mode.
#[test]
fn sqlite_file_bulk_load_direct_and_atomic() {
    let dir = std::env::temp_dir().join(format!("armstrace-bulk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("bulk.db").display());
    let mut b = WriteBatch::default();
    for i in 0..6_000u64 {
        let it = item(30_000 + i, &format!("C{i:06}"));
        b.events.push(event(40_000 + i, it.meta.id, 0, EventKind::Registered, "2020", None));
        b.items.push(it);
    }
    {
        let s = open(&url).unwrap();
        s.execute_batch("CREATE TRIGGER boom BEFORE INSERT ON item_events WHEN NEW.seq = 0 AND NEW.item_id = (SELECT max(id) FROM items) BEGIN SELECT RAISE(ABORT, 'boom'); END;").unwrap();
        assert!(s.write(&b).is_err());
        assert_eq!(s.counts().unwrap().items, 0, "a failed bulk load leaves nothing");
        s.execute_batch("DROP TRIGGER boom").unwrap();
        s.write(&b).unwrap();
        assert_eq!(s.counts().unwrap().items, 6_000);
    }
    let conn = rusqlite::Connection::open(dir.join("bulk.db")).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let n: i64 = conn.query_row("SELECT count(*) FROM item_events", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 6_000);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_scheme_is_refused_not_a_new_file() {
    let dir = std::env::temp_dir().join(format!("armstrace-scheme-{}", std::process::id()));
    let path = dir.join("x.db");
    assert!(matches!(open(&format!("{}", path.display())), Err(StoreError::UnknownScheme(_))));
    assert!(matches!(open("mysql://localhost/x"), Err(StoreError::UnknownScheme(_))));
    assert!(!path.exists());
}

#[test]
fn both_migration_sets_define_the_same_tables() {
    fn tables(sql: &str) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        let mut cur: Option<(String, Vec<String>)> = None;
        for line in sql.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                cur = Some((rest.trim_end_matches(" (").to_string(), vec![]));
            } else if let Some((table, column)) = line.strip_prefix("ALTER TABLE ").and_then(|r| r.split_once(" ADD COLUMN ")) {
                let t = out.iter_mut().find(|(n, _): &&mut (String, Vec<String>)| n == table);
                t.unwrap_or_else(|| panic!("ALTER TABLE of unknown table {table}"))
                    .1
                    .push(column.split_whitespace().next().unwrap_or("").to_string());
            } else if line.starts_with(")") {
                out.extend(cur.take());
            } else if let Some((_, cols)) = cur.as_mut() {
                if let Some(first) = line.split_whitespace().next().filter(|w| *w != "PRIMARY") {
                    cols.push(first.to_string());
                }
            }
        }
        out
    }
    let all = |m: &[(&str, &str)]| m.iter().map(|(_, sql)| *sql).collect::<Vec<_>>().join("\n");
    assert_eq!(
        armstrace_store::SQLITE_MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>(),
        armstrace_store::POSTGRES_MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>()
    );
    let a = tables(&all(armstrace_store::SQLITE_MIGRATIONS));
    let b = tables(&all(armstrace_store::POSTGRES_MIGRATIONS));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    for t in armstrace_store::rows::ALL_TABLES {
        let cols: Vec<String> = t.columns.iter().map(|(c, _)| c.to_string()).collect();
        let found = a.iter().find(|(n, _)| n == t.name).unwrap_or_else(|| panic!("table {} missing", t.name));
        assert_eq!(found.1, cols, "columns of {}", t.name);
    }
}

mod accounts {
    use super::*;
    use armstrace_domain::access::{may_read, Grant, Principal, Role, Scope};
    use armstrace_domain::account::{verify_chain, ApiToken, AuditEntry, Language, Session, UserAccount, Username, GENESIS_HASH};
    use armstrace_store::AuditFilter;

    fn user(name: &str, agency: &str, country: &str, role: Role, clearance: HandlingCode) -> UserAccount {
        let at = Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0);
        UserAccount {
            id: RecordId::new(),
            username: Username::parse(name).unwrap(),
            display_name: name.to_uppercase(),
            agency: agency.into(),
            country: CountryCode::from_alpha3(country).unwrap(),
            role,
            clearance,
            language: Language::Es,
            email: Some(format!("{}@example.org", name.to_lowercase())),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            totp_secret: None,
            second_factor_required: false,
            recovery_codes: vec![],
            failed_logins: 0,
            locked_until: None,
            disabled: false,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn users_sessions_and_tokens_round_trip() {
        for db in backends("accounts") {
            let s = db.store.as_ref();
            let ana = user("Ana.Horvat", "HRV-MUP", "HRV", Role::Investigator, HandlingCode::Red);
            let ivo = user("ivo", "HRV-CUS", "HRV", Role::Officer, HandlingCode::Amber);
            assert_eq!(s.agency_policy("HRV-MUP").unwrap(), None);
            let mut policy = armstrace_store::AgencyPolicy {
                agency: "HRV-MUP".into(),
                second_factor_required: true,
                updated_at: Timestamp::parse("2026-11-01T10:00:00Z").unwrap(),
                updated_by: "admin".into(),
            };
            s.save_agency_policy(&policy).unwrap();
            assert_eq!(s.agency_policy("HRV-MUP").unwrap().as_ref(), Some(&policy));
            policy.second_factor_required = false;
            s.save_agency_policy(&policy).unwrap();
            assert_eq!(s.agency_policy("HRV-MUP").unwrap(), Some(policy));
            s.save_user(&ana).unwrap();
            s.save_user(&ivo).unwrap();
            assert_eq!(s.user(ana.id).unwrap().as_ref(), Some(&ana));
            assert_eq!(s.user_by_name("ANA.HORVAT ").unwrap().as_ref(), Some(&ana), "names are case-insensitive");
            assert_eq!(s.users(Some("HRV-CUS")).unwrap(), vec![ivo.clone()]);
            assert_eq!(s.users(None).unwrap().len(), 2);
            let mut changed = ana.clone();
            changed.failed_logins = 3;
            s.save_user(&changed).unwrap();
            assert_eq!(s.user(ana.id).unwrap().unwrap().failed_logins, 3);

            let at = Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0);
            let session = Session {
                token_hash: "abc".into(),
                user: ana.id,
                csrf: "csrf".into(),
                created_at: at,
                expires_at: Timestamp::from_ymd_hms(2026, 1, 2, 0, 0, 0),
                pending_second_factor: true,
                source: "127.0.0.1".into(),
            };
            s.save_session(&session).unwrap();
            assert_eq!(s.session("abc").unwrap(), Some(session.clone()));
            s.delete_session("abc").unwrap();
            assert_eq!(s.session("abc").unwrap(), None);
            s.save_session(&session).unwrap();
            s.delete_sessions_of(ana.id).unwrap();
            assert_eq!(s.session("abc").unwrap(), None);

            let token = ApiToken {
                id: RecordId::new(),
                token_hash: "t1".into(),
                user: ivo.id,
                name: "case system".into(),
                scopes: vec!["read".into()],
                created_at: at,
                expires_at: Timestamp::from_ymd_hms(2027, 1, 1, 0, 0, 0),
                revoked_at: None,
            };
            s.save_api_token(&token).unwrap();
            assert_eq!(s.api_token("t1").unwrap(), Some(token.clone()));
            assert_eq!(s.api_tokens_of(ivo.id).unwrap(), vec![token]);
        }
    }

    #[test]
    fn the_audit_chain_appends_once_per_number_and_verifies() {
        for db in backends("audit") {
            let s = db.store.as_ref();
            let mut prev = GENESIS_HASH.to_string();
            let mut entries = Vec::new();
            for seq in 1..=5u64 {
                let mut e = AuditEntry {
                    seq,
                    at: Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, seq as u32),
                    user: Some(RecordId::new()),
                    username: "ana".into(),
                    agency: if seq % 2 == 0 { "HRV-MUP".into() } else { "HRV-CUS".into() },
                    source: "10.0.0.1".into(),
                    action: "read".into(),
                    record_type: "item".into(),
                    record: (seq != 3).then(RecordId::new),
                    detail: format!("entry {seq}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                entries.push(e.clone());
                prev = e.hash;
            }
            // Several entries go in one transaction (the auditor's group commit), all or none.
            assert!(s.audit_append(&entries[..1]).unwrap());
            assert!(!s.audit_append(&entries[..1]).unwrap(), "a number is taken once");
            assert!(s.audit_append(&entries[1..3]).unwrap());
            assert!(!s.audit_append(&entries[2..5]).unwrap(), "one number taken: nothing of the batch is written");
            assert_eq!(s.audit_last().unwrap().unwrap().seq, 3);
            assert!(s.audit_append(&entries[3..5]).unwrap());
            assert_eq!(s.audit_last().unwrap().unwrap().seq, 5);
            assert_eq!(verify_chain(s.audit_entries(0, 100).unwrap()), Ok(5));
            assert_eq!(s.audit_entries(3, 100).unwrap().len(), 2);
            let mine = s
                .audit_search(&AuditFilter { agency: Some("HRV-MUP".into()), ..Default::default() }, Page { offset: 0, limit: 10 })
                .unwrap();
            assert_eq!(mine.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 2]);
            // A changed row is found by the verification.
            s.execute_batch("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 2").unwrap();
            assert_eq!(verify_chain(s.audit_entries(0, 100).unwrap()).unwrap_err().seq, 2);
        }
    }

    /// The store's list condition and the domain policy answer alike for every handling code, owner
    /// agency, owner country and grant, for principals of every clearance.
    #[test]
    fn list_scopes_admit_exactly_what_the_policy_admits() {
        for db in backends("scopes") {
            let s = db.store.as_ref();
            let owners = [("HRV-MUP", "HRV"), ("HRV-CUS", "HRV"), ("SRB-MUP", "SRB")];
            let mut items = Vec::new();
            let mut n = 0u64;
            for (agency, country) in owners {
                for h in HandlingCode::ALL {
                    for grant in 0..3 {
                        n += 1;
                        let mut it = super::item(n, &format!("S{n:05}"));
                        it.meta.agency = agency.into();
                        it.meta.country = CountryCode::from_alpha3(country).unwrap();
                        it.meta.handling = h;
                        items.push((it, grant));
                    }
                }
            }
            let viewers: Vec<Principal> = [("HRV-MUP", "HRV"), ("HRV-CUS", "HRV"), ("SRB-MUP", "SRB"), ("BIH-MUP", "BIH")]
                .iter()
                .flat_map(|(a, c)| {
                    HandlingCode::ALL.map(|clearance| Principal {
                        user: RecordId::new(),
                        username: "x".into(),
                        agency: a.to_string(),
                        country: CountryCode::from_alpha3(c).unwrap(),
                        role: Role::Viewer,
                        clearance,
                    })
                })
                .collect();
            // Grants: 1 = to the agency BIH-MUP, 2 = to the first BIH-MUP viewer with RED clearance.
            let named = viewers.iter().find(|v| v.agency == "BIH-MUP" && v.clearance == HandlingCode::Red).unwrap().user;
            let mut grants_of = std::collections::HashMap::new();
            for (it, g) in &items {
                let grant = match g {
                    1 => Some(Grant { record: it.meta.id, agency: Some("BIH-MUP".into()), user: None }),
                    2 => Some(Grant { record: it.meta.id, agency: None, user: Some(named) }),
                    _ => None,
                };
                if let Some(grant) = grant {
                    s.save_grant(&grant, "test", it.meta.created_at).unwrap();
                    grants_of.insert(it.meta.id, vec![grant]);
                }
            }
            s.write(&WriteBatch { items: items.iter().map(|(i, _)| i.clone()).collect(), ..Default::default() }).unwrap();
            let mut checked = 0;
            for v in &viewers {
                let filter = ItemFilter { scope: Some(Scope::of(v)), ..Default::default() };
                let mut listed: Vec<RecordId> =
                    s.items(&filter, Page { offset: 0, limit: 1000 }).unwrap().iter().map(|i| i.meta.id).collect();
                listed.sort();
                let mut expected: Vec<RecordId> = items
                    .iter()
                    .filter(|(i, _)| may_read(v, &i.meta, grants_of.get(&i.meta.id).map(|g| g.as_slice()).unwrap_or(&[])))
                    .map(|(i, _)| i.meta.id)
                    .collect();
                expected.sort();
                assert_eq!(listed, expected, "viewer {} {} {:?}", v.agency, v.country.as_str(), v.clearance);
                assert_eq!(s.count_items(&filter).unwrap(), expected.len() as u64, "counts obey the scope too");
                let ids = s.item_ids(&filter, 1000).unwrap();
                assert_eq!(ids, expected, "the id walk obeys the scope, in id order");
                let page = s.items_by_ids(&ids[..ids.len().min(7)]).unwrap();
                assert_eq!(page.iter().map(|i| i.meta.id).collect::<Vec<_>>(), ids[..ids.len().min(7)].to_vec());
                assert_eq!(s.count_items_upto(&filter, 3).unwrap(), expected.len().min(3) as u64);
                checked += items.len();
            }
            assert!(checked >= 900);
        }
    }
}

#[test]
fn incidents_parties_and_licences_are_listed_within_a_scope() {
    use armstrace_domain::access::{may_read, Principal, Role, Scope};
    for db in backends("scoped_lists") {
        let s = db.store.as_ref();
        let mut batch = WriteBatch::default();
        for (n, h) in HandlingCode::ALL.iter().enumerate() {
            for (agency, country) in [("HRV-MUP", "HRV"), ("SRB-MUP", "SRB")] {
                let mut m = meta(500 + n as u64 * 2 + (agency == "SRB-MUP") as u64, *h);
                m.id = RecordId::from_parts(1_750_000_000_000 + n as u64 * 2 + (agency == "SRB-MUP") as u64, 7);
                m.agency = agency.into();
                m.country = CountryCode::from_alpha3(country).unwrap();
                batch.incidents.push(Incident {
                    meta: m.clone(),
                    kind: IncidentKind::Seizure,
                    reference: format!("R{n}{agency}"),
                    date: None,
                    place: Place { country: Some(m.country), admin_area: String::new(), locality: String::new(), lat: None, lon: None },
                    contexts: vec![],
                    persons: vec![],
                    route: Route::default(),
                    concealment: String::new(),
                    conveyance: None,
                    items: vec![],
                    summary: String::new(),
                });
                let mut p = party(700 + n as u64 * 2 + (agency == "SRB-MUP") as u64);
                p.meta = RecordMeta {
                    id: RecordId::from_parts(1_800_000_000_000 + n as u64 * 2 + (agency == "SRB-MUP") as u64, 99),
                    ..m.clone()
                };
                batch.parties.push(p);
            }
        }
        s.write(&batch).unwrap();
        let viewer = Principal {
            user: RecordId::new(),
            username: "v".into(),
            agency: "HRV-MUP".into(),
            country: CountryCode::from_alpha3("HRV").unwrap(),
            role: Role::Investigator,
            clearance: HandlingCode::AmberStrict,
        };
        let scope = Scope::of(&viewer);
        let listed: Vec<RecordId> =
            s.incidents_in(&scope, &ListFilter::default(), Page::all()).unwrap().iter().map(|i| i.meta.id).collect();
        let expected: Vec<RecordId> = batch.incidents.iter().rev().filter(|i| may_read(&viewer, &i.meta, &[])).map(|i| i.meta.id).collect();
        let mut a = listed.clone();
        let mut b = expected.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(listed.windows(2).all(|w| w[0] > w[1]), "newest first");
        let parties: Vec<RecordId> = s.parties_in(&scope, &ListFilter::default(), Page::all()).unwrap().iter().map(|p| p.meta.id).collect();
        assert_eq!(parties.len(), batch.parties.iter().filter(|p| may_read(&viewer, &p.meta, &[])).count());
        assert!(s.licences_in(&scope, &ListFilter::default(), Page::all()).unwrap().is_empty());
        // Filters narrow within the scope, never widen it.
        let f = |kind: Option<&str>, search: Option<&str>, country: Option<&str>| ListFilter {
            kind: kind.map(String::from),
            search: search.map(String::from),
            country: country.map(String::from),
        };
        let refs = |filter: &ListFilter| -> Vec<String> {
            s.incidents_in(&scope, filter, Page::all()).unwrap().into_iter().map(|i| i.reference).collect()
        };
        assert_eq!(refs(&f(None, Some("r0hrv"), None)), vec!["R0HRV-MUP".to_string()], "search ignores case");
        assert!(refs(&f(None, Some("SRB-MUP"), None)).iter().all(|r| r.ends_with("SRB-MUP")));
        assert_eq!(refs(&f(None, Some("SRB-MUP"), None)).len(), expected.len() - refs(&f(None, Some("HRV-MUP"), None)).len());
        assert_eq!(refs(&f(None, None, Some("SRB"))), refs(&f(None, Some("SRB-MUP"), None)));
        assert!(refs(&f(Some("found"), None, None)).is_empty());
        assert_eq!(refs(&f(Some("seizure"), None, None)).len(), expected.len());
        assert!(refs(&f(None, Some("%"), None)).is_empty(), "LIKE wildcards are searched as text");
        assert!(refs(&f(None, Some("_"), None)).is_empty());
        let named = |q: &str| s.parties_in(&scope, &f(Some("person"), Some(q), None), Page::all()).unwrap().len();
        assert_eq!(named("HORVAT"), parties.len(), "names are searched folded");
        assert_eq!(named("ivan  horvat"), parties.len());
        assert_eq!(named("Marić"), 0);
    }
}

#[test]
fn attachments_keep_their_bytes() {
    for db in backends("attachments") {
        let s = db.store.as_ref();
        let record = RecordId::new();
        let mut saved = Vec::new();
        // 16 bytes exactly: the size of an id, which must not be read as one.
        for content in [
            vec![0xFFu8, 0xD8, 0xFF, 0xE0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            (0..70_000u32).map(|i| (i % 251) as u8).collect::<Vec<u8>>(),
        ] {
            let a = armstrace_store::Attachment {
                id: RecordId::new(),
                record,
                name: "serial side.jpg".into(),
                content_type: "image/jpeg".into(),
                size: content.len() as u64,
                sha256: "abc".into(),
                created_at: Timestamp::from_ymd_hms(2026, 11, 1, 10, 0, 0),
                created_by: "ana".into(),
                content,
            };
            s.save_attachment(&a).unwrap();
            saved.push(a);
        }
        for a in &saved {
            assert_eq!(s.attachment(a.id).unwrap().as_ref(), Some(a));
        }
        let listed = s.attachments_of(record).unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|a| a.content.is_empty()), "lists leave the content out");
        assert_eq!(listed[1].size, 70_000);
        assert!(s.attachments_of(RecordId::new()).unwrap().is_empty());
        // A record's attachments go with it (a library resource removed), and only its own.
        let other = RecordId::new();
        s.save_attachment(&armstrace_store::Attachment { id: RecordId::new(), record: other, ..saved[0].clone() }).unwrap();
        assert_eq!(s.delete_attachments_of(record).unwrap(), 2);
        assert!(s.attachments_of(record).unwrap().is_empty());
        assert!(s.attachment(saved[0].id).unwrap().is_none());
        assert_eq!(s.attachments_of(other).unwrap().len(), 1);
        assert_eq!(s.delete_attachments_of(record).unwrap(), 0);
    }
}

/// Lists walked again soon are answered from the store's cache until a write goes through the
/// store; after it, the walk sees the new records.
#[test]
fn list_walks_are_cached_until_a_write() {
    for db in backends("id_cache") {
        let s = db.store.as_ref();
        s.write(&WriteBatch { items: vec![item(9_001, "C1")], ..Default::default() }).unwrap();
        let filter = ItemFilter::default();
        let before = s.writes_committed();
        assert_eq!(s.item_ids(&filter, 100).unwrap().len(), 1);
        // A write by another process is not counted: the cached walk stands (for a few seconds).
        s.execute_batch("DELETE FROM items").unwrap();
        assert_eq!(s.item_ids(&filter, 100).unwrap().len(), 1, "cached");
        assert_eq!(s.writes_committed(), before);
        s.write(&WriteBatch { items: vec![item(9_002, "C2")], ..Default::default() }).unwrap();
        assert!(s.writes_committed() > before);
        assert_eq!(s.item_ids(&filter, 100).unwrap().len(), 1, "walked again after a write: only the new item is left");
    }
}

#[test]
fn items_are_walked_in_id_order_and_check_hits_keep_their_workflow() {
    use armstrace_domain::check::{CheckHit, HitStatus};
    for db in backends("check_hits") {
        let s = db.store.as_ref();
        let (b, _) = world();
        s.write(&b).unwrap();
        // The cross-check index loads the items in pages after the last id seen.
        let mut walked = Vec::new();
        let mut after = None;
        loop {
            let page = s.items_after(after, 7).unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.meta.id);
            walked.extend(page.into_iter().map(|i| i.meta.id));
        }
        let mut all: Vec<RecordId> = b.items.iter().map(|i| i.meta.id).collect();
        all.sort();
        assert_eq!(walked, all, "{}", s.backend());
        // The markings alone, as the cross-check index loads them, agree with the whole items.
        let first = s.markings_after(None, 1_000).unwrap();
        assert_eq!(first.iter().map(|m| m.id).collect::<Vec<_>>(), all, "{}", s.backend());
        for m in &first {
            let it = b.items.iter().find(|i| i.meta.id == m.id).unwrap();
            assert_eq!(m.serial, it.markings.serial.normalized());
            assert_eq!(m.status, it.status.code());
            assert_eq!(m.country, it.meta.country.as_str());
            assert_eq!(m.year, it.markings.year_of_manufacture.map(|y| y as u16));
            let resolved = |r: &armstrace_domain::item::Resolved| r.id.clone().unwrap_or_else(|| r.raw.clone());
            assert_eq!(m.manufacturer, resolved(&it.markings.manufacturer));
            assert_eq!(m.calibre, resolved(&it.classification.calibre));
        }
        assert_eq!(s.markings_after(Some(all[all.len() - 2]), 10).unwrap().len(), 1);

        let hit = |item: RecordId, matched: RecordId, agency: &str| CheckHit {
            id: RecordId::new(),
            item,
            matched,
            item_agency: "HRV-MUP".into(),
            matched_agency: agency.into(),
            matched_status: "stolen".into(),
            score: 0.93,
            confidence: "probable".into(),
            explanation: "serial differs at 1 position: O↔0 (common misreading)".into(),
            status: HitStatus::New,
            reason: String::new(),
            created_at: Timestamp::from_ymd_hms(2026, 11, 20, 9, 0, 0),
            decided_at: None,
            decided_by: String::new(),
        };
        let mut h1 = hit(all[0], all[1], "SRB-MUP");
        let h2 = hit(all[2], all[3], "HRV-MUP");
        s.save_check_hit(&h1).unwrap();
        s.save_check_hit(&h2).unwrap();
        assert_eq!(s.check_hit(h1.id).unwrap().as_ref(), Some(&h1));
        assert_eq!(s.check_hits_of_item(all[1]).unwrap(), vec![h1.clone()], "found from either side");
        assert_eq!(s.check_hits_of_agency("SRB-MUP", None, Page::all()).unwrap(), vec![h1.clone()]);
        assert_eq!(s.check_hits_of_agency("HRV-MUP", None, Page::all()).unwrap().len(), 2);
        h1.status = HitStatus::Rejected;
        h1.reason = "another model".into();
        h1.decided_by = "ana".into();
        s.save_check_hit(&h1).unwrap();
        assert_eq!(s.check_hits_of_agency("HRV-MUP", Some("new"), Page::all()).unwrap(), vec![h2.clone()]);
        assert_eq!(s.check_hits_of_agency("HRV-MUP", Some("rejected"), Page::all()).unwrap(), vec![h1.clone()]);
        // One hit per pair: a second one for the same pair is refused by the database.
        assert!(s.save_check_hit(&hit(all[0], all[1], "SRB-MUP")).is_err(), "{}", s.backend());
        assert_eq!(s.check_hits_of_item(all[0]).unwrap().len(), 1);
    }
}

/// The directory of competent national authorities: upserts in one transaction, filters by country,
/// instrument (regional ones by name or as a group), function, kind, searched text and verification
/// day, and deletes.
#[test]
fn contact_points_are_filtered_upserted_and_deleted() {
    use armstrace_domain::directory::{ContactKind, ContactPoint, Email, Function, Instrument, LanguageCode, Phone};
    use armstrace_store::ContactFilter;
    let point =
        |n: u64, country: &str, kind: ContactKind, inst: &[Instrument], funcs: &[Function], verified: &str, authority: &str| ContactPoint {
            id: RecordId::from_parts(1_700_000_000_000 + n, n as u128),
            country: CountryCode::from_alpha3(country).unwrap(),
            authority: authority.into(),
            kind,
            instruments: inst.iter().cloned().collect(),
            functions: funcs.iter().copied().collect(),
            languages: vec![LanguageCode::parse("en").unwrap(), LanguageCode::parse("hr").unwrap()],
            contact_person: "Ana Horvat".into(),
            email: Some(Email::parse(&format!("spoc{n}@mup.hr")).unwrap()),
            phone: Some(Phone::parse("+385 1 6122 111").unwrap()),
            address: "Ulica grada Vukovara 33, Zagreb".into(),
            hours: "Mon–Fri 08:00–16:00".into(),
            time_zone: "Europe/Zagreb".into(),
            last_verified: PartialDate::parse(verified).unwrap(),
            note: "100% of requests answered; under_score".into(),
            updated_at: Timestamp::from_ymd_hms(2026, 11, 20, 9, 0, 0),
            updated_by: "ana".into(),
        };
    use Function::*;
    use Instrument::*;
    for db in backends("contact_points") {
        let s = db.store.as_ref();
        let a = point(
            1,
            "HRV",
            ContactKind::SinglePointOfContact,
            &[FirearmsProtocol, ArmsTradeTreaty],
            &[Tracing, LicenceVerification],
            "2026-05-01",
            "Ministarstvo unutarnjih poslova",
        );
        let b = point(2, "HRV", ContactKind::CentralAuthority, &[Untoc], &[MutualLegalAssistance], "2023-02-01", "Ministarstvo pravosuđa");
        let c = point(
            3,
            "NGA",
            ContactKind::SinglePointOfContact,
            &[Regional("ECOWAS Convention".into()), ProgrammeOfAction],
            &[Tracing],
            "2026-01-10",
            "National Centre for the Control of Small Arms",
        );
        s.save_contact_points(&[a.clone(), b.clone(), c.clone()]).unwrap();
        assert_eq!(s.contact_point(a.id).unwrap().as_ref(), Some(&a), "{}", s.backend());
        assert_eq!(s.contact_point(RecordId::new()).unwrap(), None);
        let ids = |f: ContactFilter| s.contact_points(&f, Page::all()).unwrap().into_iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(ContactFilter::default()), vec![b.id, a.id, c.id], "by country, kind, authority");
        assert_eq!(ids(ContactFilter { country: Some("hrv".into()), ..Default::default() }), vec![b.id, a.id]);
        assert_eq!(ids(ContactFilter { instrument: Some("att".into()), ..Default::default() }), vec![a.id]);
        assert_eq!(ids(ContactFilter { instrument: Some("regional".into()), ..Default::default() }), vec![c.id]);
        assert_eq!(ids(ContactFilter { instrument: Some("regional:ecowas convention".into()), ..Default::default() }), vec![c.id]);
        assert_eq!(ids(ContactFilter { function: Some("tracing".into()), ..Default::default() }), vec![a.id, c.id]);
        assert_eq!(
            ids(ContactFilter { function: Some("tra%".into()), ..Default::default() }),
            Vec::<RecordId>::new(),
            "no wildcards from users"
        );
        assert_eq!(ids(ContactFilter { kind: Some("central_authority".into()), ..Default::default() }), vec![b.id]);
        assert_eq!(ids(ContactFilter { search: Some("PRAVOSUĐA".into()), ..Default::default() }), vec![b.id], "folded search");
        assert_eq!(ids(ContactFilter { search: Some("spoc3@".into()), ..Default::default() }), vec![c.id], "by e-mail");
        assert_eq!(ids(ContactFilter { verified_before: Some("2025-11-23".into()), ..Default::default() }), vec![b.id], "the stale ones");
        assert_eq!(s.count_contact_points(&ContactFilter { country: Some("HRV".into()), ..Default::default() }).unwrap(), 2);
        assert_eq!(s.contact_points(&ContactFilter::default(), Page { offset: 1, limit: 1 }).unwrap()[0].id, a.id);
        // An upsert changes the entry and the columns it is found by.
        let mut a2 = a.clone();
        a2.functions.insert(Reporting);
        a2.instruments.remove(&ArmsTradeTreaty);
        s.save_contact_points(&[a2.clone()]).unwrap();
        assert_eq!(s.contact_point(a.id).unwrap(), Some(a2.clone()));
        assert_eq!(ids(ContactFilter { instrument: Some("att".into()), ..Default::default() }), Vec::<RecordId>::new());
        assert_eq!(ids(ContactFilter { function: Some("reporting".into()), ..Default::default() }), vec![a.id]);
        assert!(s.delete_contact_point(b.id).unwrap());
        assert!(!s.delete_contact_point(b.id).unwrap());
        assert_eq!(s.count_contact_points(&ContactFilter::default()).unwrap(), 2);
    }
}

#[test]
fn community_records_are_found_by_kind_owner_parent_status_words_and_day() {
    use armstrace_store::{CommunityQuery, CommunityRow};
    for db in backends("community") {
        let s = &db.store;
        let rec = |kind: &str, parent: &str, owner: &str, status: &str, day: i64, search: &str| CommunityRow {
            id: RecordId::new(),
            kind: kind.into(),
            parent: parent.into(),
            owner: owner.into(),
            status: status.into(),
            country: "HRV".into(),
            language: "en".into(),
            day,
            search: search.into(),
            doc: format!("{{\"search\":\"{search}\"}}"),
        };
        let thread = rec("thread", "", "u1", "open", 20_000, "tracing of converted pistols");
        let p1 = rec("post", &thread.id.to_string(), "u1", "shown", 20_001, "first post 100% sure");
        let p2 = rec("post", &thread.id.to_string(), "u2", "hidden", 20_002, "second post");
        let other = rec("post", &RecordId::new().to_string(), "u1", "shown", 20_003, "elsewhere");
        s.save_community(&[thread.clone(), p1.clone(), p2.clone(), other.clone()]).unwrap();
        assert_eq!(s.community(thread.id).unwrap().as_ref(), Some(&thread), "{}", s.backend());
        assert_eq!(s.community(RecordId::new()).unwrap(), None);
        let ids = |q: CommunityQuery| s.community_list(&q, Page::all()).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
        let posts = CommunityQuery { kind: "post".into(), ..Default::default() };
        assert_eq!(ids(posts.clone()), vec![p1.id, p2.id, other.id], "oldest first");
        assert_eq!(ids(CommunityQuery { newest_first: true, ..posts.clone() }), vec![other.id, p2.id, p1.id]);
        assert_eq!(ids(CommunityQuery { parent: Some(thread.id.to_string()), ..posts.clone() }), vec![p1.id, p2.id]);
        assert_eq!(ids(CommunityQuery { owner: Some("u2".into()), ..posts.clone() }), vec![p2.id]);
        assert_eq!(ids(CommunityQuery { statuses: vec!["shown".into()], ..posts.clone() }), vec![p1.id, other.id]);
        assert_eq!(ids(CommunityQuery { words: vec!["post".into(), "first".into()], ..posts.clone() }), vec![p1.id]);
        assert_eq!(ids(CommunityQuery { words: vec!["100%".into()], ..posts.clone() }), vec![p1.id], "% is a character, not a wildcard");
        assert_eq!(ids(CommunityQuery { words: vec!["0%".into(), "zzz".into()], ..posts.clone() }), Vec::<RecordId>::new());
        assert_eq!(ids(CommunityQuery { from_day: Some(20_002), to_day: Some(20_002), ..posts.clone() }), vec![p2.id]);
        assert_eq!(s.count_community(&posts).unwrap(), 3);
        assert_eq!(s.community_list(&posts, Page { offset: 1, limit: 1 }).unwrap()[0].id, p2.id);
        assert_eq!(s.community_by_ids(&[p2.id, thread.id, RecordId::new()]).unwrap().len(), 2);
        // Upserts by id; removal.
        let p1b = CommunityRow { status: "hidden".into(), ..p1.clone() };
        s.save_community(std::slice::from_ref(&p1b)).unwrap();
        assert_eq!(s.community(p1.id).unwrap(), Some(p1b));
        assert!(s.delete_community(p2.id).unwrap());
        assert!(!s.delete_community(p2.id).unwrap());
        assert_eq!(s.count_community(&posts).unwrap(), 2);
    }
}
