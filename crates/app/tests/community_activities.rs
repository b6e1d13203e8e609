//! Events and activities of the Community in the service layer: who reads and who writes, taking
//! part and withdrawing, the list's filters, headlines, and the seeds' meetings as the seeds write
//! them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use armstrace_app::audit::Auditor;
use armstrace_app::community::activity::{create_demo_activities, seed_activities, ActivityQuery, SEED_COUNTRIES};
use armstrace_app::community::member::Decision;
use armstrace_app::crosscheck::CrossCheck;
use armstrace_app::records::Ctx;
use armstrace_domain::access::{Principal, Role};
use armstrace_domain::community::activity::{parse_country, ActivityType, Focus};
use armstrace_domain::community::{ActivityDraft, MemberDraft};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::{days_from_civil, Timestamp};

fn principal(name: &str, country: &str, role: Role) -> &'static Principal {
    Box::leak(Box::new(Principal {
        user: RecordId::new(),
        username: name.into(),
        agency: format!("{country}-POL"),
        country: CountryCode::from_alpha3(country).unwrap(),
        role,
        clearance: HandlingCode::Red,
    }))
}

fn profile(name: &str, country: &str, visibility: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        agency: "Prosecutor's office".into(),
        country: country.into(),
        languages: "en, es".into(),
        expertise: "prosecution".into(),
        visibility: visibility.into(),
        ..Default::default()
    }
}

fn meeting(title: &str, start: &str, end: &str) -> ActivityDraft {
    ActivityDraft {
        title: title.into(),
        start: start.into(),
        end: end.into(),
        city: "Panama City".into(),
        country: "PAN".into(),
        description: "Practitioners present real cases of diverted firearms.".into(),
        types: "training".into(),
        focus: "tracing".into(),
        participating_countries: "Mexico; Colombia".into(),
        language: "en".into(),
        ..Default::default()
    }
}

fn ctx<'a>(
    store: &'a dyn armstrace_store::Store,
    audit: &'a Auditor,
    checks: &'a CrossCheck,
    who: &'a Principal,
    now: Timestamp,
) -> Ctx<'a> {
    Ctx { store, audit, who, source: "test", now, checks }
}

#[test]
fn members_read_coordinators_write_members_take_part() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0);
    let admin = principal("root", "HRV", Role::SystemAdmin);
    let ana = principal("ana", "HRV", Role::Investigator);
    let ben = principal("ben", "MEX", Role::Analyst);
    let cleo = principal("cleo", "AUT", Role::Officer);
    let stranger = principal("dan", "SRB", Role::Investigator);
    let c = |who: &'static Principal| ctx(store.as_ref(), &audit, &checks, who, now);

    let a = c(ana).apply_to_join(&profile("Ana Kovač", "HRV", "community")).unwrap();
    let b = c(ben).apply_to_join(&profile("Ben Ortiz", "MEX", "region")).unwrap();
    let k = c(cleo).apply_to_join(&profile("Cleo Huber", "AUT", "community")).unwrap();
    for m in [a.id, b.id, k.id] {
        c(admin).decide_member(m, Decision::Approve, "").unwrap();
    }
    c(admin).decide_member(a.id, Decision::MakeCoordinator, "").unwrap();

    // Only a coordinator who is a member writes; the node's administrator appoints them and no more.
    let draft = meeting("Regional meeting on diverted firearms", "2026-12-01", "2026-12-03");
    assert_eq!(c(ben).create_activity(&draft).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(c(admin).create_activity(&draft).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(c(stranger).create_activity(&draft).unwrap_err().code.as_str(), "forbidden");
    let bad = c(ana).create_activity(&ActivityDraft { country: "Atlantis".into(), ..meeting("", "2026-13-01", "") }).unwrap_err();
    assert_eq!(bad.code.as_str(), "invalid_input");
    for field in ["title", "start", "country"] {
        assert!(bad.message.contains(field), "{field} in {}", bad.message);
    }
    let act = c(ana).create_activity(&draft).unwrap();
    let past = c(ana).create_activity(&meeting("Expert meeting on marking", "2025-03-10", "2025-03-11")).unwrap();

    // Members read; others are refused, however senior.
    assert_eq!(c(stranger).activities(&ActivityQuery::default()).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(c(stranger).activity(act.id).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(c(admin).activity(act.id).unwrap_err().code.as_str(), "forbidden");
    let v = c(cleo).activity(act.id).unwrap();
    assert!(!v.may_edit && v.may_take_part && !v.taking_part);
    assert!(c(ana).activity(act.id).unwrap().may_edit);

    // Taking part: oneself only, until the last day; withdrawing; twice is once.
    c(ben).take_part(act.id, true).unwrap();
    c(ben).take_part(act.id, true).unwrap();
    let v = c(cleo).take_part(act.id, true).unwrap();
    assert!(v.taking_part);
    assert_eq!(v.activity.participating_members.len(), 2);
    // Ben shows his profile to his region only: Cleo (Europe) sees her own name and counts him.
    assert_eq!(v.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["Cleo Huber"]);
    assert_eq!(v.other_members, 1);
    assert_eq!(c(ana).activity(act.id).unwrap().members.len(), 2, "the coordinators see everyone");
    let v = c(ben).take_part(act.id, false).unwrap();
    assert!(!v.taking_part && v.activity.participating_members == vec![k.id]);
    let late = c(cleo).take_part(past.id, true).unwrap_err();
    assert_eq!(late.code.as_str(), "conflict", "{}", late.message);
    assert_eq!(c(stranger).take_part(act.id, true).unwrap_err().code.as_str(), "forbidden");

    // A correction keeps who takes part; removal is for coordinators.
    let fixed = c(ana).update_activity(act.id, &ActivityDraft { city: "Ciudad de Panamá".into(), ..draft.clone() }).unwrap();
    assert_eq!(fixed.place.city, "Ciudad de Panamá");
    assert_eq!(fixed.participating_members, vec![k.id]);
    assert_eq!(fixed.created_by, "Ana Kovač");
    assert_eq!(c(cleo).update_activity(act.id, &draft).unwrap_err().code.as_str(), "forbidden");
    assert_eq!(c(cleo).delete_activity(past.id).unwrap_err().code.as_str(), "forbidden");
    c(ana).delete_activity(past.id).unwrap();
    assert_eq!(c(cleo).activity(past.id).unwrap_err().code.as_str(), "not_found");

    // Every change is in the audit log.
    audit.flush(store.as_ref()).unwrap();
    let log = store.audit_entries(0, 10_000).unwrap();
    for (action, who) in [("create", "ana"), ("take_part", "cleo"), ("withdraw", "ben"), ("update", "ana"), ("delete", "ana")] {
        assert!(log.iter().any(|e| e.action == action && e.record_type == "activity" && e.username == who), "{action} by {who}");
    }
}

#[test]
fn lists_filter_by_time_year_country_type_focus_and_words() {
    let store = armstrace_store::open("sqlite::memory:").unwrap();
    let (audit, checks) = (Auditor::new(), CrossCheck::new());
    let now = Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0);
    let admin = principal("root", "HRV", Role::SystemAdmin);
    let ana = principal("ana", "HRV", Role::Investigator);
    let c = |who: &'static Principal| ctx(store.as_ref(), &audit, &checks, who, now);
    let a = c(ana).apply_to_join(&profile("Ana Kovač", "HRV", "community")).unwrap();
    c(admin).decide_member(a.id, Decision::Approve, "").unwrap();
    create_demo_activities(store.as_ref(), now).unwrap();
    create_demo_activities(store.as_ref(), now).unwrap();
    let all = c(ana).activities(&ActivityQuery::default()).unwrap();
    assert_eq!(all.len(), 12, "the seeds' twelve meetings, once however often the demo is loaded");
    assert!(all.windows(2).all(|w| w[0].first_day() <= w[1].first_day()), "in the order they took place");
    let titles = |q: ActivityQuery| c(ana).activities(&q).unwrap().into_iter().map(|a| a.title).collect::<Vec<_>>();
    assert!(titles(ActivityQuery { when: "upcoming".into(), ..Default::default() }).is_empty());
    let past = titles(ActivityQuery { when: "past".into(), ..Default::default() });
    assert!(past[0].starts_with("Regional meeting for the Community of Practitioners"), "most recent first: {past:?}");
    assert_eq!(titles(ActivityQuery { year: "2019".into(), ..Default::default() }).len(), 5);
    // Hosting or taking part: Mexico hosted four and took part in three of them (and in none elsewhere).
    assert_eq!(titles(ActivityQuery { country: "Mexico".into(), ..Default::default() }).len(), 4);
    assert_eq!(titles(ActivityQuery { country: "the Niger".into(), ..Default::default() }).len(), 2);
    assert_eq!(
        titles(ActivityQuery { country: "GBR".into(), ..Default::default() }).len(),
        2,
        "Wilton Park and the Vienna meeting of prosecutors"
    );
    assert_eq!(titles(ActivityQuery { kind: "conference".into(), ..Default::default() }).len(), 2);
    assert_eq!(titles(ActivityQuery { focus: Focus::RiskAssessments.code().into(), ..Default::default() }).len(), 1);
    assert_eq!(titles(ActivityQuery { q: "wilton".into(), ..Default::default() }).len(), 1);
    assert_eq!(titles(ActivityQuery { q: "western balkan".into(), ..Default::default() }).len(), 2);
    // The calendar's window: a meeting that began before it still shows.
    let aug31 = days_from_civil(2017, 8, 31);
    assert_eq!(
        titles(ActivityQuery { from_day: Some(aug31), to_day: Some(aug31 + 30), ..Default::default() }),
        vec!["Law Enforcement Training Net conference"]
    );
    for bad in [
        ActivityQuery { year: "19".into(), ..Default::default() },
        ActivityQuery { country: "Narnia".into(), ..Default::default() },
        ActivityQuery { kind: "picnic".into(), ..Default::default() },
        ActivityQuery { when: "soon".into(), ..Default::default() },
    ] {
        assert_eq!(c(ana).activities(&bad).unwrap_err().code.as_str(), "invalid_input");
    }
    assert_eq!(ActivityType::parse("Conference").unwrap(), ActivityType::Conference);

    // Headlines: what takes place in the window, or was added in it.
    let dec2021 = days_from_civil(2021, 12, 1);
    let h = c(ana).activity_headlines(dec2021, dec2021 + 30).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, "activity");
    assert_eq!(h[0].link, format!("/community/events/{}", h[0].id));
    assert!(h[0].summary.starts_with("2021-12-13 – 2021-12-14, Panama City, Panama: In the framework of the project"), "{}", h[0].summary);
    let stranger = principal("dan", "SRB", Role::Investigator);
    assert!(c(stranger).activity_headlines(0, 100_000).is_err());
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn seed(prefix: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let dir = if dir.exists() { dir } else { std::path::PathBuf::from("/work/shared/seeds") };
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    squash(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn the_seeds_meetings_are_as_the_seeds_write_them() {
    let (s002, s003, s004) = (seed("002_"), seed("003_"), seed("004_"));
    let acts = seed_activities().unwrap();
    assert_eq!(acts, seed_activities().unwrap(), "deterministic");
    // (source text, how it writes the dates, first day, last day, city or venue, host, countries)
    type Expected<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a [&'a str]);
    let expected: &[Expected] = &[
        (&s002, "from 5 to 7 December 2017", "2017-12-05", "2017-12-07", "Algiers", "DZA", &["DZA", "MLI", "MAR", "MRT", "NER", "PRT"]),
        (&s002, "on 12 and 13 December 2017", "2017-12-12", "2017-12-13", "Belgrade", "SRB", &[]),
        (&s002, "on 29 and 30 May 2018", "2018-05-29", "2018-05-30", "Vienna", "AUT", &["ITA", "GBR"]),
        (&s002, "from 2 to 4 July 2018", "2018-07-02", "2018-07-04", "Niamey", "NER", &["DZA", "BFA", "MLI", "NER", "NGA"]),
        (&s002, "from 5 to 7 June 2019", "2019-06-05", "2019-06-07", "Mexico City", "MEX", &["ARG", "BRA", "COL", "MEX"]),
        (
            &s002,
            "from 5 to 7 November 2019",
            "2019-11-05",
            "2019-11-07",
            "Mexico City",
            "MEX",
            &["CRI", "CUB", "DOM", "SLV", "GTM", "HND", "MEX", "USA"],
        ),
        (
            &s002,
            "from 13 to 15 November 2019",
            "2019-11-13",
            "2019-11-15",
            "Mexico City",
            "MEX",
            &["ARG", "BRA", "CHL", "COL", "ECU", "GUY", "MEX", "PRY", "PER", "URY"],
        ),
        (&s002, "on 17 and 18 July 2018", "2018-07-17", "2018-07-18", "Vienna", "AUT", &[]),
        (&s002, "from 23 to 26 January 2019", "2019-01-23", "2019-01-26", "Wilton Park", "GBR", &[]),
        (&s002, "on 7 and 8 October 2019", "2019-10-07", "2019-10-08", "Vienna", "AUT", &[]),
        (&s003, "between 30 August and 1st September 2017", "2017-08-30", "2017-09-01", "Mexico City", "MEX", &[]),
        (&s004, "13/12/2021 - 14/12/2021", "2021-12-13", "2021-12-14", "Panama City", "PAN", &[]),
    ];
    assert_eq!(acts.len(), expected.len());
    for (a, (text, written, start, end, place, host, countries)) in acts.iter().zip(expected) {
        let description = squash(&a.description);
        // §7 (c) is cut by the footnotes of the page: its two halves are each in the seed.
        let parts: Vec<&str> = if description.starts_with("cross-regional") {
            description.split_inclusive("their parts and").map(str::trim).collect()
        } else {
            vec![description.as_str()]
        };
        for p in parts {
            assert!(text.contains(p), "{}: the description is the seed's words: {p}", a.title);
        }
        assert!(text.contains(written), "{written}");
        assert!(description.contains(written) || a.title.starts_with("Regional meeting for"), "{}: {written}", a.title);
        assert_eq!((a.start.to_string().as_str(), a.end.to_string().as_str()), (*start, *end), "{}", a.title);
        assert!(text.contains(place) && [a.place.city.as_str(), a.place.venue.as_str()].contains(place), "{}: {place}", a.title);
        assert_eq!(a.place.country.map(|c| c.to_string()).as_deref(), Some(*host), "{}", a.title);
        assert_eq!(a.participating_countries.iter().map(|c| c.to_string()).collect::<Vec<_>>(), *countries, "{}", a.title);
        // Every listed country is named in the meeting's own words, as the seed spells it.
        for code in a.participating_countries.iter() {
            let (name, _) = SEED_COUNTRIES.iter().find(|(_, c)| *c == code.as_str()).unwrap();
            assert!(description.contains(name), "{}: {name}", a.title);
        }
    }
    // A region named instead of countries stays in words, with no invented list.
    assert!(acts[1].participants.contains("Western Balkan region") && acts[1].participating_countries.is_empty());
    // Each seed name is that country, as the nomenclature reads the name as written.
    for (name, code) in SEED_COUNTRIES {
        assert_eq!(parse_country(name).map(|c| c.to_string()).as_deref(), Ok(*code), "{name}");
    }
    // Seed 003: 200 officers from 35 countries, the fifth session on 31 August 2017.
    let ltn = &acts[10];
    assert_eq!(ltn.participants, "200 LE officers from 35 countries");
    assert!(s003.contains(&ltn.participants) && s003.contains("On 31 August 2017, the fifth session"));
    assert_eq!(ltn.programme[0].date.to_string(), "2017-08-31");
    assert!(s003.contains(ltn.programme[0].title.split(" (").next().unwrap()));
    // Seed 004: the record as written, and its two years kept side by side.
    let p = &acts[11];
    assert!(s004.starts_with(&p.title));
    assert!(s004.contains("organised on 13 and 14 December 2022 in Panama City") && p.description.contains("13 and 14 December 2022"));
    assert!(p.note.contains("13/12/2021") && p.note.contains("2022"), "the discrepancy is recorded");
    assert_eq!(p.types, vec![ActivityType::InstitutionalCapacityBuilding, ActivityType::SensitizationOutreach]);
    assert_eq!(p.focus, Focus::ALL.to_vec());
    for f in Focus::ALL {
        assert!(s004.contains(f.label()), "{}", f.label());
    }
    for t in &p.types {
        assert!(s004.contains(t.label()), "{}", t.label());
    }
    assert_eq!((p.partners.clone(), p.donors.clone()), (vec!["Panama".to_string()], vec!["European Union (EU)".to_string()]));
    assert_eq!(p.implementers, vec!["Interpol", "United Nations Office on Drugs and Crime (UNODC)"]);
    let budget = p.budget.unwrap();
    assert!(s004.contains(&format!("Budget {} {}", budget.amount(), budget.currency)));
    assert_eq!(budget.cents, 324_853_700);
    let contact = &p.contact;
    assert!(s004.contains(&format!("{}, {}, {}", contact.person, contact.role, contact.email.as_ref().unwrap())));
    assert!(s004.contains(&format!("Organization {}", contact.organisation)) && s004.contains(&format!("Phone {}", contact.phone)));
    assert!(s004.contains(&squash(&p.project_description)) && s004.contains(&p.project));
}
