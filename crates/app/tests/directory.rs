//! The directory of competent national authorities in the service layer: the demo's entries, where a
//! request goes (`Ctx::point_of_contact`), coverage, the stale list, and who may change it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::audit::Auditor;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::demo::contact_points;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::country::CountryCode;
use armstrace_domain::directory::{ContactKind, Covered, Function};
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;

fn principal(role: Role) -> Principal {
    Principal {
        user: RecordId::new(),
        username: "ana".into(),
        agency: "HRV-NFP".into(),
        country: CountryCode::from_alpha3("HRV").unwrap(),
        role,
        clearance: HandlingCode::Red,
    }
}

#[test]
fn the_demo_directory_is_deterministic_with_gaps_and_stale_entries() {
    let a = contact_points().unwrap();
    assert_eq!(a, contact_points().unwrap(), "no randomness");
    let at = Timestamp::from_ymd_hms(2026, 3, 31, 12, 0, 0);
    for p in &a {
        p.check(at).unwrap_or_else(|e| panic!("{} {}: {e}", p.country, p.authority));
    }
    let countries: std::collections::BTreeSet<_> = a.iter().map(|p| p.country).collect();
    assert!(countries.len() >= 30, "most demo countries have entries: {}", countries.len());
    assert!(a.iter().any(|p| p.is_stale(at)) && a.iter().any(|p| !p.is_stale(at)));
    assert!(a.iter().any(|p| p.kind == ContactKind::CentralAuthority));
}

#[test]
fn requests_go_to_the_freshest_single_point_serving_the_function() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    store.save_contact_points(&contact_points().unwrap()).unwrap();
    let audit = Auditor::new();
    let checks = CrossCheck::new();
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0);
    let viewer = principal(Role::Viewer);
    let ctx = Ctx { store: store.as_ref(), audit: &audit, who: &viewer, source: "test", now, checks: &checks };
    let hrv = CountryCode::from_alpha3("HRV").unwrap();
    let best = ctx.point_of_contact(hrv, Function::Tracing).unwrap().unwrap();
    assert_eq!((best.country, best.kind), (hrv, ContactKind::SinglePointOfContact));
    let mla = ctx.point_of_contact(hrv, Function::MutualLegalAssistance).unwrap();
    assert!(mla.is_none_or(|p| p.kind == ContactKind::CentralAuthority));
    // Coverage: every country of the nomenclature, the demo's gaps among those without.
    let cov = ctx.directory_coverage().unwrap();
    assert_eq!(cov.countries.len(), armstrace_domain::nomenclature::nomenclature().countries.len());
    assert!(cov.with_none > 200);
    let named: std::collections::BTreeSet<_> = contact_points().unwrap().iter().map(|p| p.country).collect();
    let fp_named = cov.countries.iter().filter(|c| c.instruments[0] != Covered::None).count();
    assert!(fp_named > 0 && fp_named <= named.len());
    assert!(!ctx.stale_contact_points().unwrap().is_empty(), "some demo entries are stale");
    // Reading is for everyone; changing is not.
    let csv = b"country,authority,kind,instruments,email,last_verified\nSRB,MUP,spoc,fp,a@mup.gov.rs,2026-01-10\n".to_vec();
    assert!(ctx.import_contact_points(csv.clone(), "d.csv").is_err(), "a viewer does not import");
    let poc = principal(Role::PointOfContact);
    let ctx = Ctx { who: &poc, ..ctx };
    let report = ctx.import_contact_points(csv, "d.csv").unwrap();
    assert_eq!(report.rows, 1);
    let entries = store.audit_entries(0, 1000).unwrap();
    assert!(entries.iter().any(|e| e.record_type == "contact_point" && e.action == "create" && e.detail.contains("d.csv")));
}
