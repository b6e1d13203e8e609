//! The Community of the demo world: members (the demo accounts of both countries, two of them
//! coordinators, and practitioners of other countries' nodes), an application waiting, the seeds'
//! meetings, resources, discussion, digest cases drafted from the demo's own seizures and approved,
//! and a draft edition of the newsletter.

use armstrace_domain::access::{Principal, Role};
use armstrace_domain::community::{Member, MemberDraft, MemberStatus};
use armstrace_domain::country::CountryCode;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::{Page, Store};

use super::member::Decision;
use super::save;
use crate::audit::Auditor;
use crate::crosscheck::CrossCheck;
use crate::error::ServiceError;
use crate::records::Ctx;

/// What the demo's Community holds.
#[derive(Debug, Default, serde::Serialize)]
pub struct DemoCommunity {
    pub members: usize,
    pub activities: usize,
    pub resources: usize,
    pub posts: usize,
    pub cases: usize,
}

/// (user name of a demo account, name, position, expertise, languages, visibility, coordinator)
type AccountMember = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, bool);
const ACCOUNT_MEMBERS: &[AccountMember] = &[
    (
        "hrv.poc",
        "Marija Kovačević",
        "Head of the national firearms focal point",
        "tracing, international_cooperation, data_collection_analysis",
        "hr, en, de",
        "community",
        true,
    ),
    (
        "srb.poc",
        "Dragan Jovanović",
        "Single point of contact, firearms",
        "tracing, international_cooperation, legislation",
        "sr, en, ru",
        "community",
        true,
    ),
    (
        "hrv.investigator",
        "Tomislav Babić",
        "Criminal investigator, organised crime",
        "investigation, online_darknet, financial_investigation",
        "hr, en",
        "community",
        false,
    ),
    ("hrv.analyst", "Ivana Perić", "Analyst, firearms focal point", "data_collection_analysis, tracing", "hr, en, fr", "region", false),
    ("hrv.customs", "Goran Šimić", "Customs officer, border crossing", "border_customs, detection", "hr, en, it", "community", false),
    (
        "srb.investigator",
        "Milica Stanković",
        "Investigator, weapons trafficking unit",
        "investigation, ballistics_forensics",
        "sr, en, fr",
        "community",
        false,
    ),
];

/// Practitioners of other countries' nodes (no account here): (name, agency, country, position,
/// expertise, languages, contact e-mail, visibility).
type OtherMember = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);
const OTHER_MEMBERS: &[OtherMember] = &[
    (
        "Lucía Fernández",
        "Fiscalía General de la Nación",
        "COL",
        "Fiscal especializada",
        "prosecution, organized_crime_links",
        "es, en",
        "lucia.fernandez@fiscalia.example",
        "community",
    ),
    ("Carlos Mendoza", "Ministerio Público", "PAN", "Fiscal de drogas y armas", "prosecution, adjudication", "es", "", "community"),
    (
        "Ana Paula Souza",
        "Polícia Federal",
        "BRA",
        "Delegada, tráfico de armas",
        "investigation, tracing",
        "pt, es, en",
        "ana.souza@pf.example",
        "region",
    ),
    (
        "Javier Ortega",
        "Fiscalía General de la República",
        "MEX",
        "Agente del Ministerio Público",
        "prosecution, international_cooperation",
        "es, en",
        "",
        "community",
    ),
    (
        "Aminata Traoré",
        "Office central des stupéfiants",
        "MLI",
        "Commissaire de police",
        "investigation, border_customs",
        "fr, bm",
        "",
        "community",
    ),
    (
        "Karim Benali",
        "Direction générale de la sûreté nationale",
        "DZA",
        "Expert en balistique",
        "ballistics_forensics",
        "ar, fr",
        "k.benali@dgsn.example",
        "community",
    ),
    (
        "Chinedu Okafor",
        "National Centre for the Control of Small Arms and Light Weapons",
        "NGA",
        "Programme officer",
        "stockpile_management, marking_record_keeping, legislation",
        "en",
        "c.okafor@nccsalw.example",
        "community",
    ),
    (
        "Giulia Romano",
        "Direzione Nazionale Antimafia e Antiterrorismo",
        "ITA",
        "Sostituto procuratore",
        "prosecution, terrorism_links",
        "it, en, fr",
        "",
        "coordinators",
    ),
    (
        "Pedro Alves",
        "Polícia Judiciária",
        "PRT",
        "Inspetor",
        "investigation, training",
        "pt, fr, en",
        "pedro.alves@pj.example",
        "community",
    ),
    (
        "Sarah Mitchell",
        "National Crime Agency",
        "GBR",
        "Firearms intelligence lead",
        "data_collection_analysis, online_darknet",
        "en",
        "",
        "community",
    ),
    (
        "Andreas Gruber",
        "Bundeskriminalamt",
        "AUT",
        "Firearms expert",
        "ballistics_forensics, deactivation_destruction",
        "de, en",
        "a.gruber@bka.example",
        "community",
    ),
];

fn principal(user: RecordId, username: &str, agency: &str, country: CountryCode, role: Role) -> Principal {
    Principal { user, username: username.into(), agency: agency.into(), country, role, clearance: HandlingCode::Red }
}

/// Fills the demo's Community; run after the demo accounts exist.
pub fn create_demo_community(store: &dyn Store, audit: &Auditor, now: Timestamp) -> Result<DemoCommunity, ServiceError> {
    let checks = CrossCheck::new();
    let day = 86_400_000;
    let at = |days_ago: i64| Timestamp::from_unix_millis(now.unix_millis() - days_ago * day);
    fn at_time<'a>(store: &'a dyn Store, audit: &'a Auditor, checks: &'a CrossCheck, who: &'a Principal, now: Timestamp) -> Ctx<'a> {
        Ctx { store, audit, who, source: "demo", now, checks }
    }
    let mut out = DemoCommunity::default();
    let admin = principal(
        RecordId::new(),
        "demo",
        "HRV-NFP",
        CountryCode::from_alpha3("HRV").map_err(|e| ServiceError::invalid(e.to_string()))?,
        Role::SystemAdmin,
    );
    let mut principals = Vec::new();
    for (username, name, position, expertise, languages, visibility, coordinator) in ACCOUNT_MEMBERS {
        let Some(u) = store.user_by_name(username)? else { continue };
        let who = principal(u.id, username, &u.agency, u.country, u.role);
        let draft = MemberDraft {
            name: name.to_string(),
            agency: u.agency.clone(),
            country: u.country.as_str().to_string(),
            position: position.to_string(),
            languages: languages.to_string(),
            expertise: expertise.to_string(),
            email: u.email.clone().unwrap_or_else(|| format!("{}@demo.armstrace.example", username.replace('.', "-"))),
            contact: "email".into(),
            visibility: visibility.to_string(),
            about: format!("{position}. Ask me about {}.", expertise.replace('_', " ")),
            motivation: "Peer exchange on cases across the region.".into(),
            newsletter: "on".into(),
            phone: String::new(),
        };
        let m = at_time(store, audit, &checks, &who, at(120)).apply_to_join(&draft)?;
        at_time(store, audit, &checks, &admin, at(118)).decide_member(m.id, Decision::Approve, "")?;
        if *coordinator {
            at_time(store, audit, &checks, &admin, at(118)).decide_member(m.id, Decision::MakeCoordinator, "")?;
        }
        principals.push((username.to_string(), who));
        out.members += 1;
    }
    for (i, (name, agency, country, position, expertise, languages, email, visibility)) in OTHER_MEMBERS.iter().enumerate() {
        let draft = MemberDraft {
            name: name.to_string(),
            agency: agency.to_string(),
            country: country.to_string(),
            position: position.to_string(),
            languages: languages.to_string(),
            expertise: expertise.to_string(),
            email: email.to_string(),
            contact: if email.is_empty() { "platform".into() } else { "email".into() },
            visibility: visibility.to_string(),
            about: format!("{position}, {agency}."),
            newsletter: "on".into(),
            ..Default::default()
        };
        let p = draft.parse().map_err(|e| ServiceError::invalid(format!("{name}: {e:?}")))?;
        let mut m = Member::apply(RecordId::new(), p, at(200 - i as i64 * 7));
        m.status = MemberStatus::Approved;
        m.decided_at = Some(at(199 - i as i64 * 7));
        m.decided_by = "hrv.poc".into();
        save(store, &[&m])?;
        out.members += 1;
    }
    // An application waiting for the coordinators.
    if let Some(u) = store.user_by_name("hrv.officer")? {
        let who = principal(u.id, "hrv.officer", &u.agency, u.country, u.role);
        at_time(store, audit, &checks, &who, at(2)).apply_to_join(&MemberDraft {
            name: "Luka Horvat".into(),
            agency: u.agency.clone(),
            country: "HRV".into(),
            position: "Police officer, border police station".into(),
            languages: "hr, en".into(),
            expertise: "detection, border_customs".into(),
            motivation: "We seize converted pistols at the border every month and want to learn how others trace them.".into(),
            newsletter: "on".into(),
            ..Default::default()
        })?;
    }
    out.activities = super::activity::create_demo_activities(store, now)?.len();
    out.resources = super::resource::create_demo_resources(store, now)?.len();
    out.posts = super::discussion::create_demo_discussion(store, now)?;
    // Digest cases drafted from the demo's own Croatian seizures by the investigator, approved by
    // the Serbian coordinator.
    let find = |name: &str| principals.iter().find(|(u, _)| u == name).map(|(_, p)| p.clone());
    if let (Some(editor), Some(coordinator)) = (find("hrv.investigator"), find("srb.poc")) {
        let seizures: Vec<_> = store
            .incidents(Page::first(5_000))?
            .into_iter()
            .filter(|i| i.meta.agency == editor.agency && !i.persons.is_empty() && i.items.len() >= 2)
            .take(2)
            .collect();
        let lessons = [
            (
                "Trace every firearm of a seizure, not only the one used in the crime: the other pistols led to the same straw purchaser.",
                "tracing, financial_investigation",
                "organized_crime, drug_trafficking",
                "FP art. 12(4); ITI § 17",
            ),
            (
                "Ask the country of manufacture early: the export licence number answered in days what the national records could not.",
                "tracing, controlled_delivery",
                "organized_crime",
                "FP art. 10; UNTOC art. 18",
            ),
        ];
        for (inc, (lesson, techniques, links, articles)) in seizures.iter().zip(lessons) {
            let v = at_time(store, audit, &checks, &editor, at(30)).draft_case_from_incident(inc.meta.id)?;
            let mut d = armstrace_domain::community::digest::CaseDraft::of(&v.case);
            d.lessons_learned = lesson.to_string();
            d.good_practices =
                "A single case file shared by customs and police from the first day; every firearm recorded with the standard template."
                    .into();
            d.investigation =
                "The seizure was followed by a national trace of each firearm and a tracing request to the country of manufacture.".into();
            d.techniques = techniques.into();
            d.crime_links = links.into();
            d.instruments = articles.into();
            if v.leaks.is_empty() {
                at_time(store, audit, &checks, &editor, at(29)).update_case(v.case.id, &d)?;
                at_time(store, audit, &checks, &editor, at(29)).submit_case(v.case.id)?;
                at_time(store, audit, &checks, &coordinator, at(28)).review_case(v.case.id, true, "Clear and useful for the region.")?;
                out.cases += 1;
            }
        }
        // One written from scratch, as practitioners present them at the regional meetings.
        let d = armstrace_domain::community::digest::CaseDraft {
            title: "Converted alarm pistols bought abroad and sold through a messaging channel".into(),
            language: "en".into(),
            country: "HRV".into(),
            year: "2024".into(),
            summary: "A small group bought blank-firing pistols legally abroad, converted them to fire live ammunition in a garage workshop and sold them through an encrypted messaging channel to buyers in three countries.".into(),
            facts: "Test purchases online led to a controlled delivery; 23 converted pistols, conversion tools and 1,400 rounds were seized.".into(),
            firearms: "23 × converted alarm pistol, 9mm P.A.K. converted to 9x17mm, intact\n1400 × ammunition, 9x17mm, unmarked".into(),
            modus_operandi: "Legal purchase of alarm pistols abroad, conversion by drilling the barrel obstruction, delivery by parcel services.".into(),
            route: "origin: Türkiye; transit: Bulgaria, Serbia; destination: Croatia, Slovenia, Austria".into(),
            investigation: "Online investigation and test purchases, then a controlled delivery; ballistic comparison linked two converted pistols to earlier shootings.".into(),
            techniques: "online_investigation, controlled_delivery, ballistic_comparison".into(),
            cooperation: "Information exchange through the single points of contact; mutual legal assistance for the parcel companies' records.".into(),
            legal_basis: "UNTOC art. 18; Firearms Protocol art. 12".into(),
            charges: "Illicit manufacturing (FP art. 5(1)(a)) and illicit trafficking (FP art. 5(1)(b)).".into(),
            judgment: "All three defendants convicted at first instance.".into(),
            sentence: "Three to six years' imprisonment".into(),
            good_practices: "Record converted alarm pistols as firearms with their conversion noted (seed 002 §14); share the conversion method with the Community.".into(),
            lessons_learned: "Parcel companies keep data for a short time: request it at once.".into(),
            crime_links: "organized_crime, cybercrime".into(),
            instruments: "FP art. 5(1)(a); FP art. 9; UNTOC art. 18".into(),
        };
        if let Some(author) = find("hrv.analyst") {
            let c = at_time(store, audit, &checks, &author, at(60)).create_case(&d)?;
            at_time(store, audit, &checks, &author, at(60)).submit_case(c.id)?;
            at_time(store, audit, &checks, &coordinator, at(59)).review_case(c.id, true, "")?;
            out.cases += 1;
        }
        // A draft edition of the newsletter with what is new, for a coordinator to send.
        if let Some(c) = find("hrv.poc") {
            at_time(store, audit, &checks, &c, now).compose_edition()?;
        }
    }
    audit.flush(store)?;
    Ok(out)
}
