#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The trace service over a store holding the demo world: the same ground truth as
//! `trace_truth.rs`, read the way a point of contact reads it (their country's records, the
//! holder's other firearms from the index of event holders), with its permissions and audit.

use std::collections::HashMap;

use armstrace_app::audit::Auditor;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::demo::{build, DemoConfig};
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_domain::trace::Diversion;
use armstrace_store::{ItemFilter, Page};

fn principal(agency: &str, country: armstrace_domain::country::CountryCode, role: Role) -> Principal {
    Principal { user: RecordId::new(), username: "poc".into(), agency: agency.into(), country, role, clearance: HandlingCode::Red }
}

#[test]
fn a_point_of_contact_traces_the_demo_world_as_the_ground_truth_says() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    build(store.as_ref(), &DemoConfig { seed: 2026, firearms: 6_000 }).unwrap();
    let audit = Auditor::new();
    let checks = CrossCheck::new();
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
    let truth: HashMap<RecordId, _> =
        store.ground_truth(Page { offset: 0, limit: 1_000_000 }).unwrap().into_iter().map(|g| (g.item, g)).collect();
    let items = store.items(&ItemFilter::default(), Page { offset: 0, limit: 1_000_000 }).unwrap();
    let (mut recorded, mut right, mut cut, mut cut_right) = (0, 0, 0, 0);
    for item in items.iter().filter(|i| truth.contains_key(&i.meta.id)) {
        let g = &truth[&item.meta.id];
        let who = principal(&item.meta.agency, item.meta.country, Role::PointOfContact);
        let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &who, source: "test", now, checks: &checks };
        let view = ctx.trace(item.meta.id).unwrap();
        if !view.history.iter().any(|e| e.kind.is_recovery()) {
            continue;
        }
        if g.detail.starts_with("not_established") {
            cut += 1;
            cut_right += usize::from(matches!(view.trace.diversion, Diversion::NotEstablished { .. }));
            continue;
        }
        recorded += 1;
        if let Diversion::Established { kind, event, .. } = &view.trace.diversion {
            if kind.code() == g.diversion && Some(*event) == g.event {
                right += 1;
            }
        }
    }
    let share = right as f64 / recorded.max(1) as f64;
    println!("service: {right} of {recorded} named rightly ({share:.4}); {cut_right} of {cut} cut histories not established");
    assert!(recorded > 100);
    assert_eq!(cut_right, cut, "never a wrong answer where the record stops");
    assert!(share >= 0.95, "{share:.4}");
    let entries = store.audit_entries(0, 1_000_000).unwrap();
    assert!(entries.iter().any(|e| e.action == "trace" && e.detail.starts_with("point of diversion: ")), "every trace is audited");

    // Only investigators and points of contact trace; a record out of scope is not found.
    let item = items.iter().find(|i| truth.contains_key(&i.meta.id)).unwrap();
    let officer = principal(&item.meta.agency, item.meta.country, Role::Officer);
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &officer, source: "test", now, checks: &checks };
    assert_eq!(ctx.trace(item.meta.id).unwrap_err().code, armstrace_app::error::ErrorCode::Forbidden);
    let elsewhere = items.iter().find(|i| i.meta.country != item.meta.country && i.meta.handling >= HandlingCode::Amber).unwrap();
    let ctx = Ctx {
        store: store.as_ref(),
        audit: &audit,
        who: &principal(&item.meta.agency, item.meta.country, Role::Investigator),
        source: "test",
        now,
        checks: &checks,
    };
    assert_eq!(ctx.trace(elsewhere.meta.id).unwrap_err().code, armstrace_app::error::ErrorCode::NotFound);
}

/// The indicator reads in bulk what the trace page reads one item at a time: both must agree item
/// for item, or the figure reported to UNODC would not be the one an analyst can check.
#[test]
fn sdg_16_4_2_counts_what_the_traces_establish() {
    use armstrace_domain::date::PartialDate;
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    build(store.as_ref(), &DemoConfig { seed: 7, firearms: 4_000 }).unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 0, 0, 0);
    let items = store.items(&ItemFilter::default(), Page { offset: 0, limit: 1_000_000 }).unwrap();
    // The point of contact of the country with the most recovered items.
    let mut by_country: HashMap<_, usize> = HashMap::new();
    for it in &items {
        if !matches!(it.status.code(), "registered" | "manufactured" | "exported" | "imported" | "lost" | "stolen") {
            *by_country.entry((it.meta.country, it.meta.agency.clone())).or_default() += 1;
        }
    }
    let ((country, agency), _) = by_country.into_iter().max_by_key(|(_, n)| *n).unwrap();
    let who = principal(&agency, country, Role::PointOfContact);
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &who, source: "test", now, checks: &checks };
    let (from, to) = (PartialDate::parse("2015").unwrap(), PartialDate::parse("2026").unwrap());
    let view = ctx.sdg_16_4_2(from, to).unwrap();
    let scope = armstrace_domain::access::Scope::of(&who);
    let (mut recovered, mut established) = (0u64, 0u64);
    for it in items.iter().filter(|i| scope.admits(&i.meta, &[])) {
        let t = ctx.trace(it.meta.id).unwrap();
        let in_period = t.history.iter().any(|e| {
            e.kind.is_recovery() && e.date.is_some_and(|d| d.earliest_day() >= from.earliest_day() && d.earliest_day() <= to.latest_day())
        });
        if in_period {
            recovered += 1;
            established += u64::from(!matches!(t.trace.diversion, Diversion::NotEstablished { .. }));
        }
    }
    let total = view.indicator.total;
    println!("SDG 16.4.2 for {agency}: {} of {} ({:?})", total.established, total.recovered, total.proportion());
    assert!(recovered > 20, "{recovered}");
    assert_eq!((total.established, total.recovered), (established, recovered));
    assert!(total.established < total.recovered, "some origins are not established");
    assert!(view.indicator.time_to_crime.count > 0);
    assert!(ctx.sdg_16_4_2(to, from).is_err(), "a period that ends before it starts");
}
