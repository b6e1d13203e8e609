#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The demo world: deterministic, complete, and coherent with the rules of the domain (status derived
//! from the history, ground truth pointing at the item's own events, incidents with routes, contexts
//! and persons who come back across cases).

use std::collections::{HashMap, HashSet};

use armstrace_app::demo::{build, DemoConfig, DemoSummary, DemoWorld};
use armstrace_domain::history::{derive_status, EventKind, HistoryEvent};
use armstrace_domain::incident::IncidentKind;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::party::PartyKind;
use armstrace_domain::serial::SerialStatus;
use armstrace_store::{ItemFilter, Page, Store, WriteBatch};

const FIREARMS: u64 = 5_000;

fn cfg(seed: u64) -> DemoConfig {
    DemoConfig { seed, firearms: FIREARMS }
}

fn json(b: &WriteBatch) -> String {
    serde_json::to_string(&(&b.agencies, &b.parties, &b.licences, &b.items, &b.events, &b.incidents, &b.exhibits, &b.hits, &b.ground_truth))
        .unwrap()
}

fn batches(seed: u64, n: usize) -> Vec<String> {
    DemoWorld::new(&cfg(seed)).unwrap().take(n).map(|b| json(&b.unwrap())).collect()
}

fn drain(seed: u64) -> DemoSummary {
    let mut w = DemoWorld::new(&cfg(seed)).unwrap();
    for b in w.by_ref() {
        b.unwrap();
    }
    w.summary().clone()
}

#[test]
fn same_seed_same_world_other_seed_other_world() {
    let a = batches(7, 2);
    let b = batches(7, 2);
    assert_eq!(a.len(), 2);
    assert_eq!(a, b, "the same seed must give the same batches");
    let c = batches(8, 2);
    assert_ne!(a[1], c[1], "another seed must give another world");
    let (sa, sb, sc) = (drain(7), drain(7), drain(8));
    assert_eq!(sa, sb);
    assert_ne!(sa, sc);
    assert_eq!(sa.firearms, FIREARMS);
    assert_eq!(DemoConfig::default().seed, 2026);
    assert_eq!(DemoConfig::default().firearms, 20_000);
}

#[test]
fn the_world_is_streamed_in_bounded_batches() {
    let w = DemoWorld::new(&DemoConfig { seed: 1, firearms: 45_000 }).unwrap();
    let mut firearms = 0;
    let mut n = 0;
    for b in w {
        let b = b.unwrap();
        assert!(b.items.len() as u64 <= armstrace_app::demo::CHUNK);
        firearms += b.items.len();
        n += 1;
    }
    assert_eq!(firearms, 45_000);
    assert_eq!(n, 1 + 3, "base records, then three batches of firearms");
}

struct World {
    store: Box<dyn Store>,
    summary: DemoSummary,
}

fn world() -> World {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let summary = build(store.as_ref(), &cfg(2026)).unwrap();
    World { store, summary }
}

#[test]
fn a_built_world_is_complete_and_coherent() {
    let World { store, summary: s } = world();
    let counts = store.counts().unwrap();
    assert_eq!(counts.items, FIREARMS);
    assert_eq!(s.firearms, FIREARMS);
    assert_eq!(counts.events, s.events);
    assert_eq!(counts.incidents, s.incidents);
    assert_eq!(counts.licences, s.licences);
    assert_eq!(counts.parties, s.persons + s.organisations);
    assert_eq!(counts.ground_truth, s.ground_truth);
    assert_eq!(counts.exhibits, s.exhibits);
    assert_eq!(counts.hits, s.hits);
    assert_eq!(counts.agencies as usize, s.agencies);

    // About forty countries, each with police, customs and a focal point.
    assert!((38..=48).contains(&s.countries), "{} countries", s.countries);
    let agencies = store.agencies().unwrap();
    assert_eq!(agencies.len(), 3 * s.countries);
    let agency_countries: HashSet<&str> = agencies.iter().map(|a| a.country.as_str()).collect();
    assert_eq!(agency_countries.len(), s.countries);
    let agency_codes: HashSet<&str> = agencies.iter().map(|a| a.code.as_str()).collect();
    for c in ["HRV-POL", "HRV-CUS", "HRV-NFP", "USA-NFP", "MLI-POL"] {
        assert!(agency_codes.contains(c), "{c}");
    }
    // M49 regions: all five.
    let regions: HashSet<&str> = agencies.iter().filter_map(|a| nomenclature().country(&a.country)).map(|c| c.region.as_str()).collect();
    assert!(regions.len() >= 5, "{regions:?}");

    // Diversion: about one in ten, every kind, a ground truth row for each.
    let share = s.diverted as f64 / s.firearms as f64;
    assert!((0.06..=0.15).contains(&share), "diverted share {share}");
    for kind in ["theft", "loss", "straw_purchase", "unrecorded_transfer", "export_diversion", "state_stock_leakage"] {
        assert!(s.by_diversion.get(kind).copied().unwrap_or(0) > 0, "no {kind}: {:?}", s.by_diversion);
    }
    assert!(s.not_established > 0);
    assert!(s.recovered > 0 && s.damaged_serials > 0);
    let truth = store.ground_truth(Page::all()).unwrap();
    assert_eq!(truth.len() as u64, s.diverted);
    let truth_items: HashSet<_> = truth.iter().map(|g| g.item).collect();
    assert_eq!(truth_items.len(), truth.len(), "one row per diverted firearm");

    // Every item: its stored status is the one its stored history gives; events are in date order.
    let items = store.items(&ItemFilter::default(), Page::all()).unwrap();
    assert_eq!(items.len() as u64, FIREARMS);
    let mut history: HashMap<_, Vec<HistoryEvent>> = HashMap::new();
    for e in store.events(Page::all()).unwrap() {
        history.entry(e.item).or_default().push(e);
    }
    let n = nomenclature();
    let mut damaged = 0;
    for it in &items {
        let h = history.get(&it.meta.id).cloned().unwrap_or_default();
        assert!(!h.is_empty(), "item {} has no history", it.meta.id);
        assert_eq!(it.status, derive_status(&h), "item {}", it.meta.id);
        let mut last = i64::MIN;
        for e in &h {
            let d = e.date.map(|d| d.earliest_day()).unwrap_or(last);
            assert!(d >= last, "item {}: events out of order", it.meta.id);
            last = d;
        }
        assert_eq!(h[0].kind, EventKind::Manufactured);
        // Real makers of the nomenclature, with their country.
        let mid = it.markings.manufacturer.id.as_deref().unwrap();
        let maker = n.manufacturer(mid).unwrap();
        assert_eq!(it.markings.country_of_manufacture.map(|c| c.to_string()), Some(maker.country.clone()));
        let cal = it.classification.calibre.id.as_deref().unwrap();
        assert!(n.calibre(cal).is_some(), "{cal}");
        assert!(n.firearm_type(it.classification.firearm_type.id.as_deref().unwrap()).is_some());
        assert!((1960..=2026).contains(&it.markings.year_of_manufacture.unwrap()));
        if matches!(it.markings.serial.status(), SerialStatus::PartiallyLegible | SerialStatus::Obliterated) {
            damaged += 1;
            assert!(truth_items.contains(&it.meta.id));
        }
    }
    assert_eq!(damaged, s.damaged_serials);

    // The ground truth points to an event of the item, of the kind the diversion implies.
    for g in &truth {
        let h = &history[&g.item];
        let ev = g.event.expect("a point of diversion");
        let e = h.iter().find(|e| e.id == ev).unwrap_or_else(|| panic!("ground truth of {} points to another item's event", g.item));
        let established = !g.detail.starts_with("not_established");
        if established {
            let expected: &[EventKind] = match g.diversion.as_str() {
                "theft" => &[EventKind::ReportedStolen],
                "loss" => &[EventKind::ReportedLost],
                "straw_purchase" | "unrecorded_transfer" | "state_stock_leakage" => &[EventKind::Registered],
                "export_diversion" => &[EventKind::Exported],
                other => panic!("unknown diversion {other}"),
            };
            assert!(expected.contains(&e.kind), "{}: {:?}", g.diversion, e.kind);
        } else {
            // The recorded history stops there: nothing after it but the recovery.
            let after: Vec<_> = h.iter().filter(|x| x.seq > e.seq).collect();
            assert!(after.iter().all(|x| x.kind.is_recovery()), "{:?}", after);
        }
        if g.diversion == "export_diversion" {
            assert!(h.iter().all(|e| e.kind != EventKind::Imported), "export diverted yet imported");
        }
    }

    // Licences satisfy FP 10(3).
    let licences = store.licences(Page::all()).unwrap();
    assert!(licences.iter().all(|l| l.check().is_ok()));
    assert!(licences.iter().any(|l| l.kind == armstrace_domain::licence::LicenceKind::Export));

    // Persons' data is never GREEN; registry items mostly GREEN.
    let parties = store.parties(Page::all()).unwrap();
    assert!(parties
        .iter()
        .filter(|p| p.kind == PartyKind::Person)
        .all(|p| p.meta.handling >= armstrace_domain::handling::HandlingCode::Amber));
    let green = items.iter().filter(|i| i.meta.handling == armstrace_domain::handling::HandlingCode::Green).count();
    assert!(green * 2 > items.len());
    assert!(parties.iter().any(|p| p.manufacturer_id.is_some()));

    // Incidents: seizures with routes, criminal contexts of the nomenclature and persons; items
    // recovered in them carry an event linked to the incident; persons come back across cases.
    let incidents = store.incidents(Page::all()).unwrap();
    assert!(!incidents.is_empty());
    let contexts: HashSet<&str> = n.criminal_contexts.iter().map(|c| c.code.as_str()).collect();
    let mut seen: HashMap<_, usize> = HashMap::new();
    let mut with_transit = 0;
    let mut kinds = HashSet::new();
    for inc in &incidents {
        kinds.insert(inc.kind);
        if inc.kind == IncidentKind::Seizure {
            assert!(!inc.contexts.is_empty(), "{}", inc.reference);
            assert!(!inc.persons.is_empty(), "{}", inc.reference);
            assert!(!inc.route.origin.is_empty() && !inc.route.destination.is_empty());
            assert!(inc.place.lat.is_some() && inc.place.country.is_some());
            assert!(!inc.items.is_empty());
        }
        if !inc.route.transit.is_empty() {
            with_transit += 1;
        }
        for c in &inc.contexts {
            assert!(contexts.is_empty() || contexts.contains(c.as_str()), "context {c}");
        }
        for p in &inc.persons {
            *seen.entry(p.party).or_default() += 1;
        }
        for item in &inc.items {
            assert!(
                history[item].iter().any(|e| e.incident == Some(inc.meta.id)),
                "item {item} of incident {} has no event for it",
                inc.reference
            );
        }
    }
    assert!(kinds.contains(&IncidentKind::Seizure) && kinds.contains(&IncidentKind::Found));
    assert!(with_transit > 0, "no trafficking route with transit countries");
    assert!(seen.values().any(|&n| n >= 2), "no person appears in two incidents");
    assert!(incidents.iter().any(|i| i.items.len() >= 3), "no larger trafficking case");

    // Ballistics link a seized firearm to earlier shootings.
    let exhibits = store.exhibits(Page::all()).unwrap();
    let hits = store.hits(Page::all()).unwrap();
    assert!(!hits.is_empty() && !exhibits.is_empty());
    let ex: HashSet<_> = exhibits.iter().map(|e| e.meta.id).collect();
    assert!(hits.iter().all(|h| ex.contains(&h.exhibit_a) && ex.contains(&h.exhibit_b)));
    let incident_day: HashMap<_, _> = incidents.iter().map(|i| (i.meta.id, i.date.map(|d| d.earliest_day()))).collect();
    let exhibit_day: HashMap<_, _> =
        exhibits.iter().map(|e| (e.meta.id, e.incident.and_then(|i| incident_day.get(&i).copied().flatten()))).collect();
    for h in &hits {
        let (scene, seizure) = (exhibit_day[&h.exhibit_a].unwrap(), exhibit_day[&h.exhibit_b].unwrap());
        assert!(scene < seizure, "the shooting comes before the seizure of the firearm");
    }
}
