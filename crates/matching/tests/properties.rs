//! Properties over a random registry: an intact reading finds its record first and alerts; each kind
//! of damage alone still finds it among the first ten.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::sync::OnceLock;

use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::rng::SeededRng;
use armstrace_matching::{Index, Query, Record};
use proptest::prelude::*;

struct Rec {
    serial: String,
    manufacturer: String,
    model: String,
    calibre: String,
    ty: String,
}

struct World {
    records: Vec<Rec>,
    index: Index<u32>,
}

const RECORDS: usize = 3000;

/// A registry with serials of several shapes, the traps of real ones (same serial under another make,
/// same make one digit away), and unique serials within a make.
fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let n = nomenclature();
        let models: Vec<_> = n.models.iter().filter(|m| !m.calibres.is_empty()).collect();
        let mut rng = SeededRng::new(4);
        let mut seen = HashSet::new();
        let mut records = Vec::new();
        while records.len() < RECORDS {
            let m = models[rng.below(models.len() as u64) as usize];
            let letters = rng.below(4) as usize;
            let digits = 4 + rng.below(5) as usize;
            let mut s: String = (0..letters).map(|_| char::from(b'A' + rng.below(26) as u8)).collect();
            s.extend((0..digits).map(|_| char::from(b'0' + rng.below(10) as u8)));
            let trap = rng.below(10);
            let (serial, maker_model) = if trap == 0 && !records.is_empty() {
                // Same serial, another make.
                let base: &Rec = &records[rng.below(records.len() as u64) as usize];
                (base.serial.clone(), m)
            } else if trap == 1 && !records.is_empty() {
                // Same make, one digit away.
                let base: &Rec = &records[rng.below(records.len() as u64) as usize];
                let mut b = base.serial.clone().into_bytes();
                let last = b.len() - 1;
                b[last] = if b[last] == b'9' { b'0' } else { b[last] + 1 };
                let bm = n.models.iter().find(|x| x.name == base.model && x.manufacturer == base.manufacturer).unwrap_or(m);
                (String::from_utf8(b).unwrap(), bm)
            } else {
                (s, m)
            };
            if !seen.insert((serial.clone(), maker_model.manufacturer.clone())) {
                continue;
            }
            records.push(Rec {
                serial,
                manufacturer: maker_model.manufacturer.clone(),
                model: maker_model.name.clone(),
                calibre: maker_model.calibres[0].clone(),
                ty: maker_model.type_code.clone(),
            });
        }
        let index = Index::build(records.iter().enumerate().map(|(i, r)| {
            (
                i as u32,
                Record {
                    serial: &r.serial,
                    manufacturer: &r.manufacturer,
                    model: &r.model,
                    firearm_type: &r.ty,
                    calibre: &r.calibre,
                    ..Record::default()
                },
            )
        }));
        World { records, index }
    })
}

/// The reading of record `i` with its serial as given, the make by its name.
fn read(i: usize, serial: &str) -> Vec<u32> {
    let w = world();
    let r = &w.records[i];
    let name = nomenclature().manufacturer(&r.manufacturer).map(|m| m.name.clone()).unwrap_or_default();
    let q = Query { serial, manufacturer: &name, model: &r.model, calibre: &r.calibre, ..Query::default() };
    w.index.query(&q, 10).into_iter().map(|c| c.id).collect()
}

/// General look-alikes of stamped characters.
fn look_alike(c: u8) -> Option<u8> {
    Some(match c {
        b'0' => b'O',
        b'1' => b'I',
        b'2' => b'Z',
        b'5' => b'S',
        b'6' => b'G',
        b'8' => b'B',
        b'O' => b'0',
        b'S' => b'5',
        b'B' => b'8',
        _ => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn intact_reading_finds_its_record_first_and_alerts(i in 0..RECORDS) {
        let w = world();
        let r = &w.records[i];
        let name = nomenclature().manufacturer(&r.manufacturer).map(|m| m.name.clone()).unwrap_or_default();
        let q = Query { serial: &r.serial, manufacturer: &name, model: &r.model, calibre: &r.calibre, ..Query::default() };
        let hits = w.index.query(&q, 10);
        prop_assert!(!hits.is_empty());
        prop_assert_eq!(hits[0].id, i as u32, "{:?}", hits);
        prop_assert!(hits[0].confidence.alerts(), "{:?}", hits[0]);
    }

    #[test]
    fn each_kind_of_damage_alone_is_found(i in 0..RECORDS, kind in 0..9usize, pos in 0..64usize, ch in 0..36u8) {
        let w = world();
        let s = w.records[i].serial.clone().into_bytes();
        let n = s.len();
        let p = pos % n;
        let mut b = s.clone();
        let damaged: Option<String> = match kind {
            // Misread character.
            0 => (0..n).map(|k| (p + k) % n).find(|&k| look_alike(s[k]).is_some()).map(|k| {
                b[k] = look_alike(s[k]).unwrap();
                String::from_utf8(b).unwrap()
            }),
            // Separators and case.
            1 => {
                let mut t = String::from_utf8(s.clone()).unwrap().to_lowercase();
                t.insert(p.max(1).min(n), '-');
                Some(t)
            }
            // Doubled character.
            2 => {
                b.insert(p, s[p]);
                Some(String::from_utf8(b).unwrap())
            }
            // Dropped character.
            3 => {
                b.remove(p);
                Some(String::from_utf8(b).unwrap())
            }
            // Adjacent characters swapped.
            4 => (0..n - 1).map(|k| (p + k) % (n - 1)).find(|&k| s[k] != s[k + 1]).map(|k| {
                b.swap(k, k + 1);
                String::from_utf8(b).unwrap()
            }),
            // Leading letter block omitted.
            5 => {
                let l = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                (l > 0).then(|| String::from_utf8(s[l..].to_vec()).unwrap())
            }
            // One or two illegible characters.
            6 => {
                b[p] = b'?';
                if n >= 7 {
                    b[(p + 1) % n] = b'?';
                }
                Some(String::from_utf8(b).unwrap())
            }
            // An inserted character.
            7 => {
                let c = if ch < 10 { b'0' + ch } else { b'A' + ch - 10 };
                b.insert(p, c);
                Some(String::from_utf8(b).unwrap())
            }
            // Typed with spaces and slashes.
            _ => {
                let t = String::from_utf8(s.clone()).unwrap();
                let (a, z) = t.split_at(p);
                Some(format!(" {a} / {z} "))
            }
        };
        if let Some(d) = damaged {
            let ids = read(i, &d);
            prop_assert!(ids.contains(&(i as u32)), "{:?} read as {:?}: {:?}", w.records[i].serial, d, ids);
        }
    }
}

#[test]
fn writes_keep_the_index_current() {
    let mut ix: Index<String> = Index::new();
    fn rec(serial: &str) -> Record<'_> {
        Record { serial, manufacturer: "Glock", calibre: "9×19mm Parabellum", ..Record::default() }
    }
    fn q(serial: &str) -> Query<'_> {
        Query { serial, manufacturer: "Glock", ..Query::default() }
    }
    ix.insert("a".into(), &rec("ABC12345"));
    ix.insert("b".into(), &rec("XYZ98765"));
    assert_eq!(ix.query(&q("ABC12345"), 10)[0].id, "a");
    assert!(ix.update(&"a".to_string(), &rec("ABC55555")));
    assert!(ix.query(&q("ABC12345"), 10).iter().all(|c| c.id != "a" || !c.confidence.alerts()));
    assert_eq!(ix.query(&q("ABC55555"), 10)[0].id, "a");
    assert!(ix.remove(&"b".to_string()));
    assert!(ix.query(&q("XYZ98765"), 10).is_empty());
    assert!(!ix.remove(&"b".to_string()));
    assert_eq!(ix.len(), 1);
    ix.compact();
    assert_eq!(ix.query(&q("ABC55555"), 10)[0].id, "a");
    assert_eq!(ix.query(&q("ABC5?5?5"), 10)[0].id, "a");
    // Many writes pass the compaction threshold and nothing is lost.
    for i in 0..10_000u32 {
        let serial = format!("K{:07}", i * 7);
        ix.insert(format!("r{i}"), &rec(&serial));
    }
    for i in (0..10_000u32).step_by(3) {
        ix.remove(&format!("r{i}"));
    }
    for i in (1..10_000u32).step_by(3) {
        let serial = format!("K{:07}", i * 7);
        let hits = ix.query(&q(&serial), 10);
        assert_eq!(hits[0].id, format!("r{i}"));
    }
    assert!(ix.query(&q("K0000000"), 10).iter().all(|c| c.id != "r0"));
}

#[test]
fn explanations_name_the_damage() {
    let mut ix: Index<u32> = Index::new();
    ix.insert(1, &Record { serial: "AB801234", manufacturer: "Smith & Wesson", calibre: ".38 Special", ..Record::default() });
    ix.compact();
    let hits = ix.query(&Query { serial: "A8-8O1234", manufacturer: "S&W", calibre: "38 SPL", ..Query::default() }, 10);
    let e = &hits[0].explanation;
    assert!(e.contains("8↔B (common misreading)"), "{e}");
    assert!(e.contains("O↔0 (common misreading)"), "{e}");
    assert!(e.contains("make alias 'S&W' → Smith & Wesson"), "{e}");
    assert!(e.contains("calibre"), "{e}");
    assert!(hits[0].confidence.alerts(), "{:?}", hits[0]);
}

/// The same gun on two lists (a registration and a theft report of the same serial and make) is
/// one gun: neither record makes the other uncertain, and both are as sure.
#[test]
fn the_same_gun_on_two_lists_is_not_its_own_rival() {
    let mut ix: armstrace_matching::Index<u32> = armstrace_matching::Index::new();
    let rec = |status| armstrace_matching::Record {
        serial: "GLK48817",
        manufacturer: "Glock",
        model: "17",
        firearm_type: "pistol",
        calibre: "9×19mm Parabellum",
        status,
        ..armstrace_matching::Record::default()
    };
    ix.insert(1, &rec("registered"));
    ix.insert(2, &rec("stolen"));
    ix.compact();
    let found = ix.query(&armstrace_matching::Query { serial: "GLK-4B817", manufacturer: "Glock", ..Default::default() }, 5);
    assert!(found.len() >= 2);
    assert!(found[0].confidence.alerts() && found[1].confidence.alerts(), "{found:?}");
    assert!(!found[0].explanation.contains("fits about as well"), "{}", found[0].explanation);
}

/// The record next door in a maker's sequence: a swapped reading of another model or year is
/// shown but never alerts; the same swap with model and year agreeing does.
#[test]
fn a_neighbour_of_another_model_or_year_never_alerts() {
    let mut ix: armstrace_matching::Index<u32> = armstrace_matching::Index::new();
    ix.insert(
        1,
        &armstrace_matching::Record {
            serial: "C00712345",
            manufacturer: "CZ",
            model: "75",
            firearm_type: "pistol",
            calibre: "9×19mm Parabellum",
            year: Some(2004),
            status: "registered",
            ..armstrace_matching::Record::default()
        },
    );
    ix.compact();
    let q = |model, year| armstrace_matching::Query { serial: "C00712354", manufacturer: "CZ", model, year, ..Default::default() };
    assert!(ix.query(&q("75", Some(2004)), 3)[0].confidence.alerts());
    let other_model = ix.query(&q("Scorpion", Some(2004)), 3);
    assert_eq!(other_model[0].id, 1, "still shown");
    assert!(!other_model[0].confidence.alerts());
    assert!(!ix.query(&q("75", Some(1991)), 3)[0].confidence.alerts());
}
