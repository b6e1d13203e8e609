//! Events and activities of the Community: approved members read them and say they take part; the
//! coordinators record, correct and remove them. The meetings the seeds name are the demo's
//! activities ([`seed_activities`]), as written there.

use armstrace_domain::community::activity::{parse_country, Activity, ActivityDraft, ActivityType, Focus};
use armstrace_domain::community::{Member, MemberStatus};
use armstrace_domain::country::CountryCode;
use armstrace_domain::id::RecordId;
use armstrace_domain::time::Timestamp;
use armstrace_store::{CommunityQuery, Page, Store};
use serde::{Deserialize, Serialize};

use super::{list, load, save, words, Columns, CommunityRecord, Headline, Reader};
use crate::error::ServiceError;
use crate::records::Ctx;

impl CommunityRecord for Activity {
    const KIND: &'static str = "activity";
    fn id(&self) -> RecordId {
        self.id
    }
    fn columns(&self) -> Columns {
        Columns {
            parent: String::new(),
            owner: String::new(),
            status: String::new(),
            country: self.place.country.map(|c| c.to_string()).unwrap_or_default(),
            language: self.language.to_string(),
            day: self.first_day(),
            search: self.search_text(),
        }
    }
}

/// Which activities a list shows. Every set field must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityQuery {
    /// `upcoming` (not over yet), `past`, or empty: all.
    pub when: String,
    /// Taking place (at least one day) in this year.
    pub year: String,
    /// Hosting or taking part (a code or a name).
    pub country: String,
    /// A type of activity (code or words).
    #[serde(rename = "type")]
    pub kind: String,
    pub focus: String,
    /// Words of the title, place, description, participants, partners, project ...
    pub q: String,
    /// `en`, `es`, `fr` ...: the language the record is written in.
    pub language: String,
    /// Only those taking place on a day from `from_day` to `to_day` (days since 1970-01-01; the
    /// calendar's month).
    #[serde(skip)]
    pub from_day: Option<i64>,
    #[serde(skip)]
    pub to_day: Option<i64>,
}

/// An activity as a member reads it: who of the Community takes part (those whose profile the
/// reader may see, by name; the others counted), and what the reader may do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActivityView {
    pub activity: Activity,
    /// Members taking part whom the reader may see: (member id, name, country).
    pub members: Vec<MemberName>,
    /// Members taking part whose profile the reader may not see.
    pub other_members: usize,
    /// The reader said they take part.
    pub taking_part: bool,
    /// The reader may still say they take part or withdraw (until the last day).
    pub may_take_part: bool,
    /// The reader is a coordinator and may correct or remove it.
    pub may_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberName {
    pub id: RecordId,
    pub name: String,
    pub country: CountryCode,
}

fn draft_errors(errors: Vec<(&'static str, armstrace_domain::error::DomainError)>) -> ServiceError {
    ServiceError::invalid(errors.iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join("; "))
}

fn today(now: Timestamp) -> i64 {
    now.unix_millis().div_euclid(86_400_000)
}

impl Ctx<'_> {
    /// A coordinator who is a member of the Community: activities are the Community's own record,
    /// written by its coordinators (the node's administrator appoints them and does no more).
    fn activity_editor(&self) -> Result<Member, ServiceError> {
        match self.community_coordinator()? {
            Reader::Member(m) => Ok(*m),
            Reader::NodeAdministrator => Err(ServiceError::forbidden(
                "activities are recorded by the Community's coordinators; as the node's administrator, appoint one (or join and be appointed)",
            )),
        }
    }

    /// Activities matching `q`, in the order they take place (soonest first for upcoming ones, most
    /// recent first for past ones, by first day for all).
    pub fn activities(&self, q: &ActivityQuery) -> Result<Vec<Activity>, ServiceError> {
        self.community_member()?;
        let bad = |e: armstrace_domain::error::DomainError| ServiceError::invalid(e.to_string());
        let country = Some(q.country.trim()).filter(|c| !c.is_empty()).map(parse_country).transpose().map_err(bad)?;
        let kind = Some(q.kind.trim()).filter(|c| !c.is_empty()).map(ActivityType::parse).transpose().map_err(bad)?;
        let focus = Some(q.focus.trim()).filter(|c| !c.is_empty()).map(Focus::parse).transpose().map_err(bad)?;
        let language = Some(q.language.trim())
            .filter(|c| !c.is_empty())
            .map(armstrace_domain::directory::LanguageCode::parse)
            .transpose()
            .map_err(bad)?;
        let year = match q.year.trim() {
            "" => None,
            y => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1800..=2100).contains(y))
                    .ok_or_else(|| ServiceError::invalid(format!("year: \"{y}\" is not a year; write it with four digits, e.g. 2019")))?,
            ),
        };
        let (mut from, mut to) = (q.from_day, q.to_day);
        if let Some(y) = year {
            let (a, b) =
                (armstrace_domain::time::days_from_civil(y as i64, 1, 1), armstrace_domain::time::days_from_civil(y as i64, 12, 31));
            from = Some(from.map_or(a, |f| f.max(a)));
            to = Some(to.map_or(b, |t| t.min(b)));
        }
        let today = today(self.now);
        let upcoming = match q.when.trim() {
            "" | "all" => None,
            "upcoming" => Some(true),
            "past" => Some(false),
            other => return Err(ServiceError::invalid(format!("when: \"{other}\" is not one; use upcoming, past or leave it empty"))),
        };
        // The store filters on the first day; an activity that began up to MAX_DAYS before the
        // window may still run into it.
        let store_q = CommunityQuery {
            words: words(&q.q),
            language: language.map(|l| l.to_string()),
            from_day: from.map(|f| f - armstrace_domain::community::activity::MAX_DAYS),
            to_day: to,
            ..Default::default()
        };
        let mut out: Vec<Activity> = list::<Activity>(self.store, store_q, Page::all())?
            .into_iter()
            .filter(|a| from.is_none_or(|f| a.last_day() >= f) && to.is_none_or(|t| a.first_day() <= t))
            .filter(|a| country.is_none_or(|c| a.involves(c)))
            .filter(|a| kind.is_none_or(|k| a.types.contains(&k)))
            .filter(|a| focus.is_none_or(|f| a.focus.contains(&f)))
            .filter(|a| upcoming.is_none_or(|u| a.is_upcoming(today) == u))
            .collect();
        out.sort_by_key(|a| (a.first_day(), a.last_day(), a.title.clone()));
        if upcoming == Some(false) {
            out.reverse();
        }
        Ok(out)
    }

    fn activity_view(&self, a: Activity, me: &Member) -> Result<ActivityView, ServiceError> {
        let rows = self.store.community_by_ids(&a.participating_members)?;
        let mut members = Vec::new();
        let mut other_members = 0;
        for r in &rows {
            let m: Member = super::from_row(r)?;
            if m.status == MemberStatus::Approved && m.visible_to(me) {
                members.push(MemberName { id: m.id, name: m.name.clone(), country: m.country });
            } else {
                other_members += 1;
            }
        }
        members.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ActivityView {
            taking_part: a.participating_members.contains(&me.id),
            may_take_part: a.is_upcoming(today(self.now)),
            may_edit: me.coordinator,
            members,
            other_members,
            activity: a,
        })
    }

    /// One activity with who of the Community takes part.
    pub fn activity(&self, id: RecordId) -> Result<ActivityView, ServiceError> {
        let me = self.community_member()?;
        let a = load::<Activity>(self.store, id)?.ok_or_else(|| ServiceError::not_found("activity"))?;
        self.activity_view(a, &me)
    }

    /// Records an activity (a coordinator).
    pub fn create_activity(&self, draft: &ActivityDraft) -> Result<Activity, ServiceError> {
        let me = self.activity_editor()?;
        let fields = draft.parse().map_err(draft_errors)?;
        let a = Activity::new(fields, &me.name, self.now);
        save(self.store, &[&a])?;
        self.log("create", "activity", Some(a.id), a.title.clone())?;
        Ok(a)
    }

    /// Corrects an activity (a coordinator); who takes part stays.
    pub fn update_activity(&self, id: RecordId, draft: &ActivityDraft) -> Result<Activity, ServiceError> {
        let me = self.activity_editor()?;
        let fields = draft.parse().map_err(draft_errors)?;
        let mut a = load::<Activity>(self.store, id)?.ok_or_else(|| ServiceError::not_found("activity"))?;
        a.set(fields, &me.name, self.now);
        save(self.store, &[&a])?;
        self.log("update", "activity", Some(a.id), a.title.clone())?;
        Ok(a)
    }

    /// Removes an activity (a coordinator): one recorded twice, or one that did not happen.
    pub fn delete_activity(&self, id: RecordId) -> Result<(), ServiceError> {
        self.activity_editor()?;
        let a = load::<Activity>(self.store, id)?.ok_or_else(|| ServiceError::not_found("activity"))?;
        self.store.delete_community(id)?;
        self.log("delete", "activity", Some(id), a.title)?;
        Ok(())
    }

    /// "I take part" (`true`) or "I withdraw" (`false`), for the reader themselves, until the
    /// activity's last day (afterwards the list is what happened; a coordinator corrects it).
    pub fn take_part(&self, id: RecordId, yes: bool) -> Result<ActivityView, ServiceError> {
        let me = self.community_member()?;
        let mut a = load::<Activity>(self.store, id)?.ok_or_else(|| ServiceError::not_found("activity"))?;
        if !a.is_upcoming(today(self.now)) {
            return Err(ServiceError::conflict(format!(
                "this activity ended on {}; who took part can no longer be changed here (ask a coordinator)",
                a.end
            )));
        }
        let was = a.participating_members.contains(&me.id);
        if yes && !was {
            a.participating_members.push(me.id);
        } else if !yes && was {
            a.participating_members.retain(|m| *m != me.id);
        }
        if yes != was {
            save(self.store, &[&a])?;
            self.log(if yes { "take_part" } else { "withdraw" }, "activity", Some(a.id), String::new())?;
        }
        self.activity_view(a, &me)
    }

    /// Activities added, or taking place, from `from_day` to `to_day` (days since 1970-01-01): the
    /// Community's front page and the newsletter's draft. Soonest first.
    pub fn activity_headlines(&self, from_day: i64, to_day: i64) -> Result<Vec<Headline>, ServiceError> {
        if let Err(e) = self.community_member() {
            self.community_coordinator().map_err(|_| e)?;
        }
        let added = |a: &Activity| {
            let d = a.created_at.unix_millis().div_euclid(86_400_000);
            (from_day..=to_day).contains(&d).then_some(d)
        };
        let mut out: Vec<Headline> = list::<Activity>(self.store, CommunityQuery::default(), Page::all())?
            .into_iter()
            .filter_map(|a| {
                let day = if a.overlaps(from_day, to_day) { Some(a.first_day().max(from_day)) } else { added(&a) }?;
                let place = a.place.describe();
                Some(Headline {
                    kind: "activity".into(),
                    id: a.id,
                    title: a.title.clone(),
                    summary: [a.dates(), place].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
                        + &Some(a.summary()).filter(|s| !s.is_empty()).map(|s| format!(": {s}")).unwrap_or_default(),
                    link: format!("/community/events/{}", a.id),
                    language: a.language.to_string(),
                    day,
                })
            })
            .collect();
        out.sort_by_key(|h| (h.day, h.title.clone()));
        Ok(out)
    }
}

// ---- the meetings the seeds name ------------------------------------------------------------

/// One meeting as a source writes it.
struct Written {
    title: &'static str,
    start: &'static str,
    end: &'static str,
    city: &'static str,
    venue: &'static str,
    country: &'static str,
    /// The source's words about the meeting, verbatim.
    description: &'static str,
    types: &'static str,
    focus: &'static str,
    implementers: &'static str,
    /// Countries as the source names them, with their ISO code (the source's spelling is kept in
    /// [`SEED_COUNTRIES`] for the test that checks them).
    countries: &'static [&'static str],
    participants: &'static str,
    source: &'static str,
    created: (i64, u32, u32),
}

/// How the seeds name the countries of their meetings, and the ISO 3166-1 alpha-3 code of each.
pub const SEED_COUNTRIES: &[(&str, &str)] = &[
    ("Algeria", "DZA"),
    ("Mali", "MLI"),
    ("Morocco", "MAR"),
    ("Mauritania", "MRT"),
    ("the Niger", "NER"),
    ("Portugal", "PRT"),
    ("Italy", "ITA"),
    ("the United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("Burkina Faso", "BFA"),
    ("Nigeria", "NGA"),
    ("Argentina", "ARG"),
    ("Brazil", "BRA"),
    ("Colombia", "COL"),
    ("Mexico", "MEX"),
    ("Costa Rica", "CRI"),
    ("Cuba", "CUB"),
    ("Dominican Republic", "DOM"),
    ("El Salvador", "SLV"),
    ("Guatemala", "GTM"),
    ("Honduras", "HND"),
    ("the United States of America", "USA"),
    ("Chile", "CHL"),
    ("Ecuador", "ECU"),
    ("Guyana", "GUY"),
    ("Paraguay", "PRY"),
    ("Peru", "PER"),
    ("Uruguay", "URY"),
];

const WG_2020: &str = "Conference of the Parties to UNTOC, Working Group on Firearms, background paper by the Secretariat \
\"Investigative and prosecutorial approaches in countering illicit firearms trafficking and related forms of crime within and across jurisdictions\" (28 January 2020)";
const GFP_2020: &str = "UNODC Global Programme on Firearms";

const SEED_002: &[Written] = &[
    Written {
        title: "Regional meeting of the Community of Practitioners, Algiers",
        start: "2017-12-05",
        end: "2017-12-07",
        city: "Algiers",
        venue: "",
        country: "DZA",
        description: "regional meeting held in Algiers from 5 to 7 December 2017, with practitioners from Algeria, Mali, Morocco, Mauritania, the Niger and Portugal",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &["Algeria", "Mali", "Morocco", "Mauritania", "the Niger", "Portugal"],
        participants: "practitioners from Algeria, Mali, Morocco, Mauritania, the Niger and Portugal",
        source: "para. 6 (a)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Regional meeting of the Community of Practitioners, Belgrade",
        start: "2017-12-12",
        end: "2017-12-13",
        city: "Belgrade",
        venue: "",
        country: "SRB",
        description: "regional meeting held in Belgrade on 12 and 13 December 2017, with criminal justice practitioners from the Western Balkan region",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &[],
        participants: "criminal justice practitioners from the Western Balkan region",
        source: "para. 6 (b)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Regional meeting of the Community of Practitioners, Vienna (prosecutors)",
        start: "2018-05-29",
        end: "2018-05-30",
        city: "Vienna",
        venue: "",
        country: "AUT",
        description: "regional meeting held in Vienna on 29 and 30 May 2018, with prosecutors from the Western Balkan region, Italy and the United Kingdom of Great Britain and Northern Ireland",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &["Italy", "the United Kingdom of Great Britain and Northern Ireland"],
        participants: "prosecutors from the Western Balkan region, Italy and the United Kingdom of Great Britain and Northern Ireland",
        source: "para. 6 (c)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Subregional meeting of the Community of Practitioners, Niamey",
        start: "2018-07-02",
        end: "2018-07-04",
        city: "Niamey",
        venue: "",
        country: "NER",
        description: "subregional meeting held in Niamey from 2 to 4 July 2018, with criminal justice practitioners from Algeria, Burkina Faso, Mali, the Niger and Nigeria and Italian experts",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &["Algeria", "Burkina Faso", "Mali", "the Niger", "Nigeria"],
        participants: "criminal justice practitioners from Algeria, Burkina Faso, Mali, the Niger and Nigeria and Italian experts",
        source: "para. 6 (d)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Quadrilateral meeting on strengthening regional cooperation in Latin America to prevent and combat the trafficking in firearms and related crimes",
        start: "2019-06-05",
        end: "2019-06-07",
        city: "Mexico City",
        venue: "",
        country: "MEX",
        description: "quadrilateral meeting on strengthening regional cooperation in Latin America to prevent and combat the trafficking in firearms and related crimes, held in Mexico City from 5 to 7 June 2019, with practitioners from Argentina, Brazil, Colombia and Mexico",
        types: "expert_meeting",
        focus: "regional_cooperation",
        implementers: GFP_2020,
        countries: &["Argentina", "Brazil", "Colombia", "Mexico"],
        participants: "practitioners from Argentina, Brazil, Colombia and Mexico",
        source: "para. 6 (e)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Regional meeting of the Community of Practitioners, Mexico City (Central America and the Caribbean)",
        start: "2019-11-05",
        end: "2019-11-07",
        city: "Mexico City",
        venue: "",
        country: "MEX",
        description: "regional meeting held in Mexico City from 5 to 7 November 2019, with practitioners from Central America and the Caribbean (Costa Rica, Cuba, Dominican Republic, El Salvador, Guatemala and Honduras), Mexico and the United States of America",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &["Costa Rica", "Cuba", "Dominican Republic", "El Salvador", "Guatemala", "Honduras", "Mexico", "the United States of America"],
        participants: "practitioners from Central America and the Caribbean (Costa Rica, Cuba, Dominican Republic, El Salvador, Guatemala and Honduras), Mexico and the United States of America",
        source: "para. 6 (f)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Regional meeting of the Community of Practitioners, Mexico City (South America)",
        start: "2019-11-13",
        end: "2019-11-15",
        city: "Mexico City",
        venue: "",
        country: "MEX",
        description: "regional meeting held in Mexico City from 13 to 15 November 2019, with practitioners from Argentina, Brazil, Chile, Colombia, Ecuador, Guyana, Mexico, Paraguay, Peru and Uruguay",
        types: "expert_meeting",
        focus: "",
        implementers: GFP_2020,
        countries: &["Argentina", "Brazil", "Chile", "Colombia", "Ecuador", "Guyana", "Mexico", "Paraguay", "Peru", "Uruguay"],
        participants: "practitioners from Argentina, Brazil, Chile, Colombia, Ecuador, Guyana, Mexico, Paraguay, Peru and Uruguay",
        source: "para. 6 (g)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Regional meeting on firearms data collection and analysis on monitoring illicit firearms trafficking flows",
        start: "2018-07-17",
        end: "2018-07-18",
        city: "Vienna",
        venue: "",
        country: "AUT",
        description: "regional meeting on firearms data collection and analysis for south-east European, Eastern European and neighbouring Member States on monitoring illicit firearms trafficking flows, held in Vienna on 17 and 18 July 2018",
        types: "expert_meeting",
        focus: "",
        implementers: "",
        countries: &[],
        participants: "south-east European, Eastern European and neighbouring Member States",
        source: "para. 7 (a)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Addressing illicit trafficking and access to firearms in the context of organized crime and terrorism: towards a new paradigm",
        start: "2019-01-23",
        end: "2019-01-26",
        city: "",
        venue: "Wilton Park",
        country: "GBR",
        description: "international conference on “Addressing illicit trafficking and access to firearms in the context of organized crime and terrorism: towards a new paradigm”, held at Wilton Park, United Kingdom, from 23 to 26 January 2019",
        types: "conference",
        focus: "",
        implementers: "",
        countries: &[],
        participants: "",
        source: "para. 7 (b)",
        created: (2020, 1, 28),
    },
    Written {
        title: "Cross-regional meeting on the illicit trafficking in firearms, their parts and components and ammunition from, to and across the European Union",
        start: "2019-10-07",
        end: "2019-10-08",
        city: "Vienna",
        venue: "",
        country: "AUT",
        description: "cross-regional meeting on the illicit trafficking in firearms, their parts and components and ammunition from, to and across the European Union, held in Vienna on 7 and 8 October 2019",
        types: "expert_meeting",
        focus: "",
        implementers: "",
        countries: &[],
        participants: "",
        source: "para. 7 (c)",
        created: (2020, 1, 28),
    },
];

/// Seed 003, verbatim.
const SEED_003_TEXT: &str = "UNODC Global Firearms Programme (GFP) participated to the Law Enforcement Training Net conference jointly organized by the National Commission of Security of Mexico, the Federal Police (as the current president of Ameripol) and the Mexican Ministry of Foreign Affairs. The conference was held in Mexico City, Mexico between 30 August and 1st September 2017 and brought together 200 LE officers from 35 countries. On 31 August 2017, the fifth session of the conference was dedicated to Monitoring, Criminalization and Investigation of Firearms Trafficking.

The seminar was started by GFP with a comprehensive overview of the complex and multidimensional aspects of Firearms Trafficking. The presentation addressed issues such as the flow of firearms from licit to illicit markets, the investigative process and its common challenges and the international responses. GFP presented its integrated approach, focusing on two main initiatives: the Firearms Training Curriculum and the UNODC Data Collection on Firearms and its linkages to the monitoring of the Sustainable Development Goal 16.4.

The session continued with a more detailed explanation of the international instruments on firearms and their applicability. Specific reference was made to the international legal framework, in particular the three global legally binding instruments, UNTOC and its Firearms Protocol, the Arms Trade Treaty. The session further provided practical examples of investigative cooperation between law enforcement agencies from Mexico and United States. During the Q&A session, the panel further discussed the strategic and operational use of the firearms data collected by UNODC, the use of new technologies for firearms tracing and the threat represented by the manufacturing of 3D weapons and the methods through which this threat can be prevented and countered. The activity is part of GFP's efforts to raise awareness and promote information and knowledge exchange between the community of firearms control and criminal justice practitioners to prevent and combat firearms trafficking and related crimes.";

/// Seed 004's title, header dates and activity description, verbatim.
const SEED_004_TITLE: &str = "Regional meeting for the Community of Practitioners against Firearms Trafficking and Related Offences in Latin America by the UNODC Global Firearms Programme";
const SEED_004_DESCRIPTION: &str = "In the framework of the project “Countering transnational illicit arms trafficking through the implementation of the United Nations Convention Against Transnational Organised Crime and its Firearms Protocol”, the UNODC Global Firearms Programme organised a regional meeting for criminal justice practitioners from Latin American countries in charge of preventing, detecting, investigating and prosecuting firearms trafficking. The regional meeting was organised on 13 and 14 December 2022 in Panama City. The focus was on supporting the development of a Digest of Illicit Firearms Cases (to be published by the UNODC Global Firearms Programme in 2022). The aim of the Digest will be to illustrate through practical cases and examples the implementation of the Firearms Protocol and to provide good practices and lessons learned to practitioners in the investigation, prosecution, and adjudication of these cases. This meeting in particular aimed to enhance the common understanding among practitioners in the region of investigative strategies and approaches, best practices and common obstacles when dealing with illicit manufacturing of and trafficking in firearms, their parts and components and ammunition as well as related crimes. The interactive discussions were based on the exchange and analysis of real-life cases presented by the national practitioners and thereby contributed to a peer-to-peer learning process.";
const SEED_004_PROJECT: &str = "Countering transnational illicit arms trafficking through the implementation of the United Nations Convention Against Transnational Organized Crime and its Firearms Protocol";
const SEED_004_PROJECT_DESCRIPTION: &str = "The project “Countering transnational illicit arms trafficking through the implementation of the United Nations Convention Against Transnational Organized Crime and its Firearms Protocol” has as its overall objective to prevent and counter the illicit manufacturing of and trafficking in firearms, and their links to transnational organised crime and terrorism, through the ratification and implementation of the Protocol against the Illicit Manufacturing of and Trafficking in Firearms, their parts and Components and Ammunition, supplementing the United Nations Convention Against Transnational Organized Crime (UNTOC). The project is implemented by the Global Firearms Programme (GFP), established by the first project funded by the European Union (EU) (IFS /2010 /259-204), which builds upon five interconnected pillars, including: (1) adequate policy and legislative frameworks, (2) implementation of comprehensive firearms control and regulatory frameworks, (3) effective criminal justice responses to illicit trafficking and related crimes, (4) broad international cooperation and regular exchanges of information and expertise through communities of practitioners, and (5) enhanced knowledge and intelligence on firearms trafficking to monitor illicit trafficking flows.

The project’s outcomes aim at supporting these interconnected building blocks, and the activities programmed in order to achieve them include four outputs, namely: (1) increase awareness of the firearms issue and its international responses, and adequate policy and legislative frameworks in place, in line with relevant international and regional instruments; (2) increase capacities of countries and sub-regions to implement effective firearms control regimes in line with the Firearms Protocol and other relevant instruments, and to prevent, investigate and prosecute firearms trafficking and related offences through effective national response and international law enforcement and judicial cooperation; (3) support effective cooperation and sharing of information and good practices among communities of firearms and organised crime/terrorism practitioners, through regular contacts and use of specialised cooperation networks and platforms and taking advantage of existing initiatives; and (4) improve capacity to monitor, analyse and identify synergies for firearms legislation and case-law with and amongst other forms of transnational organised crime, including cybercrime, money laundering, illicit drug trafficking, smuggling of migrants, or terrorism, inter alia.";

fn seed_id(created: Timestamp, n: u128) -> RecordId {
    // Deterministic, so that loading the demo twice corrects the same records instead of doubling them.
    RecordId::from_parts(created.unix_millis().max(0) as u64, (0xAC71_u128 << 64) | ((n + 1) << 48))
}

fn built(d: ActivityDraft, created: Timestamp, n: u128) -> Result<Activity, armstrace_domain::error::DomainError> {
    let f = d.parse().map_err(|mut e| e.remove(0).1)?;
    let mut a = Activity::new(f, "UNODC Global Firearms Programme", created);
    a.id = seed_id(created, n);
    Ok(a)
}

/// The meetings and conferences the seeds name — seed 002 §§ 6 (a)–(g) and 7 (a)–(c), seed 003
/// and seed 004 — with their dates, places and participating countries as written there. Where a
/// seed names a region rather than countries, the region stays in words and no country is listed.
pub fn seed_activities() -> Result<Vec<Activity>, armstrace_domain::error::DomainError> {
    let mut out = Vec::new();
    for (n, w) in SEED_002.iter().enumerate() {
        let code = |name: &'static str| SEED_COUNTRIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).unwrap_or(name);
        let d = ActivityDraft {
            title: w.title.into(),
            start: w.start.into(),
            end: w.end.into(),
            city: w.city.into(),
            venue: w.venue.into(),
            country: w.country.into(),
            description: w.description.into(),
            types: w.types.into(),
            focus: w.focus.into(),
            implementers: w.implementers.into(),
            participating_countries: w.countries.iter().map(|c| code(c)).collect::<Vec<_>>().join("\n"),
            participants: w.participants.into(),
            language: "en".into(),
            source: format!("{WG_2020}, {}", w.source),
            ..Default::default()
        };
        out.push(built(d, Timestamp::from_ymd_hms(w.created.0, w.created.1, w.created.2, 0, 0, 0), n as u128)?);
    }
    let d003 = ActivityDraft {
        title: "Law Enforcement Training Net conference".into(),
        start: "2017-08-30".into(),
        end: "2017-09-01".into(),
        city: "Mexico City".into(),
        country: "MEX".into(),
        description: SEED_003_TEXT.into(),
        types: "conference\nsensitization_outreach".into(),
        implementers: "National Commission of Security of Mexico\nFederal Police (as the current president of Ameripol)\nMexican Ministry of Foreign Affairs"
            .into(),
        partners: "UNODC Global Firearms Programme (GFP)".into(),
        participants: "200 LE officers from 35 countries".into(),
        programme: "2017-08-31 | Monitoring, Criminalization and Investigation of Firearms Trafficking (the fifth session of the conference)".into(),
        language: "en".into(),
        source: "UNODC Global Firearms Programme, report of the 2017 Law Enforcement Training Net conference".into(),
        ..Default::default()
    };
    out.push(built(d003, Timestamp::from_ymd_hms(2017, 9, 1, 0, 0, 0), 100)?);
    let d004 = ActivityDraft {
        title: SEED_004_TITLE.into(),
        start: "13/12/2021".into(),
        end: "14/12/2021".into(),
        city: "Panama City".into(),
        country: "PAN".into(),
        description: SEED_004_DESCRIPTION.into(),
        types: "Institutional capacity-building\nSensitization and outreach".into(),
        focus: Focus::ALL.iter().map(|f| f.label()).collect::<Vec<_>>().join("\n"),
        partners: "Panama".into(),
        implementers: "Interpol\nUnited Nations Office on Drugs and Crime (UNODC)".into(),
        donors: "European Union (EU)".into(),
        budget: "3248537.00".into(),
        currency: "EUR".into(),
        contact_person: "Simonetta Grassi".into(),
        contact_role: "Chief of Firearms Trafficking Section".into(),
        contact_organisation: "United Nations Office on Drugs and Crime – UNODC, Firearms Trafficking Section, Organised Crime and Illicit Trafficking Branch, Division for Treaty Affairs".into(),
        contact_phone: "(+43-1) 26060".into(),
        contact_email: "simonetta.grassi@un.org".into(),
        participants: "criminal justice practitioners from Latin American countries in charge of preventing, detecting, investigating and prosecuting firearms trafficking".into(),
        language: "en".into(),
        project: SEED_004_PROJECT.into(),
        project_description: SEED_004_PROJECT_DESCRIPTION.into(),
        source: "UNODC Global Firearms Programme, activity record".into(),
        note: "The record's header dates the meeting 13/12/2021 – 14/12/2021 and the dates here are those; its description says \"organised on 13 and 14 December 2022 in Panama City\". Both are kept as the record writes them: check with the organisers before quoting the year.".into(),
        ..Default::default()
    };
    out.push(built(d004, Timestamp::from_ymd_hms(2021, 12, 14, 0, 0, 0), 200)?);
    Ok(out)
}

/// Puts the seeds' meetings in the store (the demo world). Loading them again corrects the same
/// records; who takes part is kept.
pub fn create_demo_activities(store: &dyn Store, now: Timestamp) -> Result<Vec<Activity>, ServiceError> {
    let mut seeds = seed_activities().map_err(|e| ServiceError::new(crate::error::ErrorCode::Internal, e.to_string()))?;
    for a in &mut seeds {
        if let Some(old) = load::<Activity>(store, a.id)? {
            a.participating_members = old.participating_members;
        }
        a.updated_at = now;
    }
    save(store, &seeds.iter().collect::<Vec<_>>())?;
    Ok(seeds)
}
