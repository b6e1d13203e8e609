//! The national trace: from a seized, found or surrendered item back along its recorded lines of
//! supply to the last legal holder and the point of diversion.
//!
//! Tracing is "the systematic tracking of illicit firearms … from manufacturer to purchaser" (Firearms
//! Protocol art. 3(f)); the ITI aims it at the point of diversion. A trace answers what a reply to a
//! tracing request (ITI § 17 and after; FP 12(4) "prompt responses") needs: where the
//! item was manufactured, the lines of supply (export and import under which licences, each
//! transfer), the last legal holder, and where it left legal hands. This module decides only from
//! what it is given — no I/O — so that the same rules run for a page, a request's answer and the
//! indicator SDG 16.4.2, and can be scored against the demo world's ground truth.
//!
//! The rules never guess. A point of diversion is named only when the record shows it: a reported
//! theft or loss; an export with no import recorded after it (no delivery verification, FP art. 10
//! §4); the last registration of a state stock (leakage) or of a private holder (a transfer without a
//! record, or a straw purchase when the same buyer's other firearms turned up in crime soon after
//! purchase). When the recorded history stops before any holder — at manufacture or import — the
//! answer is "not established" and says whom to ask.

use serde::{Deserialize, Serialize};

use crate::account::Language;
use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::history::{chronological, EventKind, EventRole, HistoryEvent};
use crate::id::RecordId;

mod reason;
pub use reason::{AskReason, Reason};

/// How a firearm left legal hands (the diversion kinds of the SDG 16.4.2 metadata and of the UNODC
/// Illicit Arms Flows Questionnaire's "illicit origin").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiversionKind {
    Theft,
    Loss,
    StrawPurchase,
    UnrecordedTransfer,
    ExportDiversion,
    StateStockLeakage,
}

impl DiversionKind {
    pub const ALL: [DiversionKind; 6] =
        [Self::Theft, Self::Loss, Self::StrawPurchase, Self::UnrecordedTransfer, Self::ExportDiversion, Self::StateStockLeakage];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Theft => "theft",
            Self::Loss => "loss",
            Self::StrawPurchase => "straw_purchase",
            Self::UnrecordedTransfer => "unrecorded_transfer",
            Self::ExportDiversion => "export_diversion",
            Self::StateStockLeakage => "state_stock_leakage",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// What the trace knows of a party of the history (the service fills it from the records the reader
/// may see).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyFacts {
    pub id: RecordId,
    /// Empty when the reader may not see the party.
    pub name: String,
    /// Armed forces, police or another holder of state stocks.
    pub state_entity: bool,
    pub dealer: bool,
}

/// What the trace knows of a licence of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceFacts {
    pub id: RecordId,
    pub number: String,
    pub importing_country: Option<CountryCode>,
}

/// Another firearm the last legal holder acquired: the evidence of a straw purchase (ATF's "short
/// time-to-crime" indicator: several guns of one buyer recovered in crime soon after purchase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acquisition {
    pub item: RecordId,
    /// Day number of the acquisition (see [`PartialDate::earliest_day`]).
    pub day: i64,
    /// Day of its first recovery, if it was recovered.
    pub recovered: Option<i64>,
    /// The holder reported it lost or stolen before any recovery.
    pub reported: bool,
}

/// A straw purchaser buys several firearms within weeks ...
pub const STRAW_WINDOW_DAYS: i64 = 90;
/// ... of which at least this many (the traced one included) ...
pub const STRAW_MIN_BOUGHT: usize = 3;
/// ... and at least this many turn up in crime ...
pub const STRAW_MIN_RECOVERED: usize = 2;
/// ... within this many days of purchase, none reported lost or stolen: the three years under which
/// ATF counts a time-to-crime as short, an indicator of trafficking.
pub const STRAW_TIME_TO_CRIME_DAYS: i64 = 3 * 365;

/// Everything the trace reads.
#[derive(Debug, Clone, Copy)]
pub struct TraceInput<'a> {
    pub item: RecordId,
    pub manufacturer: &'a str,
    pub country_of_manufacture: Option<CountryCode>,
    /// The country whose records these are (the node's): a history that leaves it is asked about
    /// elsewhere.
    pub home: Option<CountryCode>,
    pub history: &'a [HistoryEvent],
    pub parties: &'a [PartyFacts],
    pub licences: &'a [LicenceFacts],
    /// Other firearms acquired by the last legal holder (the traced one may be among them).
    pub holder_acquisitions: &'a [Acquisition],
}

/// One step of the legal lines of supply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub event: RecordId,
    pub kind: EventKind,
    pub date: Option<PartialDate>,
    pub country: Option<CountryCode>,
    /// Manufacturer, exporter, seller, previous holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartyFacts>,
    /// Importer, buyer, holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PartyFacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// Where the item left legal hands, or why that cannot be said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Diversion {
    /// Named from the record: the event at which the item left legal hands.
    Established {
        kind: DiversionKind,
        event: RecordId,
        date: Option<PartialDate>,
        country: Option<CountryCode>,
        reason: Reason,
        /// `reason` in English, for the API's readers and the answers to other countries.
        why: String,
    },
    /// The record stops before a holder: someone else must be asked.
    NotEstablished { reason: Reason, why: String },
    /// The item never left legal hands (surrendered by its holder, or not recovered at all).
    None { reason: Reason, why: String },
}

impl Diversion {
    fn established(kind: DiversionKind, e: &HistoryEvent, reason: Reason) -> Self {
        let why = reason.text(Language::En);
        Diversion::Established { kind, event: e.id, date: e.date, country: e.country, reason, why }
    }
    fn not_established(reason: Reason) -> Self {
        Diversion::NotEstablished { why: reason.text(Language::En), reason }
    }
    fn none(reason: Reason) -> Self {
        Diversion::None { why: reason.text(Language::En), reason }
    }
    /// The reason, in English, whatever the outcome.
    pub fn why(&self) -> &str {
        match self {
            Diversion::Established { why, .. } | Diversion::NotEstablished { why, .. } | Diversion::None { why, .. } => why,
        }
    }
    pub fn reason(&self) -> &Reason {
        match self {
            Diversion::Established { reason, .. } | Diversion::NotEstablished { reason, .. } | Diversion::None { reason, .. } => reason,
        }
    }
}

/// Whom to ask where the record stops or leaves the country (ITI §§ 14, 17: the request goes to the
/// State of manufacture or of last import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskWhom {
    pub country: CountryCode,
    pub reason: AskReason,
    /// `reason` in English.
    pub why: String,
}

impl AskWhom {
    fn new(country: CountryCode, reason: AskReason) -> Self {
        AskWhom { country, reason, why: reason.text(Language::En).to_string() }
    }
}

/// The national trace of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub item: RecordId,
    pub manufacturer: String,
    pub country_of_manufacture: Option<CountryCode>,
    /// The legal lines of supply, in order, up to the point of diversion or the recovery.
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exporter: Option<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importer: Option<Step>,
    /// The last step that put the item in someone's lawful hands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_legal_holder: Option<Step>,
    pub diversion: Diversion,
    /// The recovery traced from (seizure, find, surrender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Step>,
    /// Days from the first retail sale (first registration to a holder that is neither a dealer nor
    /// a state entity) to the recovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_crime_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ask: Vec<AskWhom>,
}

fn is_legal_step(k: EventKind) -> bool {
    matches!(k, EventKind::Manufactured | EventKind::Exported | EventKind::Imported | EventKind::Transferred | EventKind::Registered)
}

fn party_with<'a>(e: &HistoryEvent, roles: &[EventRole], parties: &'a [PartyFacts]) -> Option<&'a PartyFacts> {
    roles.iter().find_map(|r| e.parties.iter().find(|p| p.role == *r)).and_then(|p| parties.iter().find(|f| f.id == p.party))
}

/// The party to whom an event gives the item (the holder of a registration, the buyer or importer).
pub fn receiver(e: &HistoryEvent) -> Option<RecordId> {
    [EventRole::Holder, EventRole::To].iter().find_map(|r| e.parties.iter().find(|p| p.role == *r)).map(|p| p.party)
}

fn step(e: &HistoryEvent, input: &TraceInput<'_>) -> Step {
    let from = party_with(e, &[EventRole::From], input.parties).cloned();
    let to = party_with(e, &[EventRole::Holder, EventRole::To], input.parties).cloned();
    Step {
        event: e.id,
        kind: e.kind,
        date: e.date,
        country: e.country,
        from,
        to,
        licence: e.licence.and_then(|l| input.licences.iter().find(|f| f.id == l)).map(|l| l.number.clone()),
    }
}

fn day(e: &HistoryEvent) -> Option<i64> {
    e.date.map(|d| d.earliest_day())
}

/// The acquisitions one item's history records: (the party that received it, the acquisition), with
/// the item's first recovery and whether a loss or theft was reported before it.
pub fn acquisitions_in(history: &[HistoryEvent]) -> Vec<(RecordId, Acquisition)> {
    let ordered = chronological(history);
    let recovered = ordered.iter().find(|e| e.kind.is_recovery()).and_then(|e| day(e));
    let reported =
        ordered.iter().take_while(|e| !e.kind.is_recovery()).any(|e| matches!(e.kind, EventKind::ReportedLost | EventKind::ReportedStolen));
    ordered
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Registered | EventKind::Transferred))
        .filter_map(|e| Some((receiver(e)?, Acquisition { item: e.item, day: day(e)?, recovered, reported })))
        .collect()
}

/// The party that lawfully held the item last before its recovery.
pub fn last_holder(history: &[HistoryEvent]) -> Option<RecordId> {
    let ordered = chronological(history);
    let end = ordered.iter().position(|e| e.kind.is_recovery()).unwrap_or(ordered.len());
    ordered[..end].iter().rev().find(|e| matches!(e.kind, EventKind::Registered | EventKind::Transferred)).and_then(|e| receiver(e))
}

/// Whether the holder's acquisitions show a straw purchase around `bought` (the traced item's day).
fn straw_purchase(acq: &[Acquisition], bought: i64) -> Option<(usize, usize)> {
    let near: Vec<&Acquisition> = acq.iter().filter(|a| (a.day - bought).abs() <= STRAW_WINDOW_DAYS).collect();
    let quick =
        near.iter().filter(|a| !a.reported && a.recovered.is_some_and(|r| r >= a.day && r - a.day <= STRAW_TIME_TO_CRIME_DAYS)).count();
    (near.len() >= STRAW_MIN_BOUGHT && quick >= STRAW_MIN_RECOVERED).then_some((near.len(), quick))
}

/// Traces one item.
pub fn trace(input: &TraceInput<'_>) -> Trace {
    let events = chronological(input.history);
    let recovery_at = events.iter().position(|e| e.kind.is_recovery());
    let before = &events[..recovery_at.unwrap_or(events.len())];
    let recovery = recovery_at.and_then(|i| events.get(i)).map(|e| step(e, input));
    let steps: Vec<Step> = before.iter().filter(|e| is_legal_step(e.kind)).map(|e| step(e, input)).collect();
    let last_legal = before.iter().rev().find(|e| is_legal_step(e.kind));
    let exporter = before.iter().rev().find(|e| e.kind == EventKind::Exported).map(|e| step(e, input));
    let importer = before.iter().rev().find(|e| e.kind == EventKind::Imported).map(|e| step(e, input));
    let holder_event = before.iter().rev().find(|e| matches!(e.kind, EventKind::Registered | EventKind::Transferred));
    let last_legal_holder = holder_event.map(|e| step(e, input));
    let retail = events
        .iter()
        .find(|e| {
            e.kind == EventKind::Registered
                && party_with(e, &[EventRole::Holder, EventRole::To], input.parties).is_some_and(|p| !p.dealer && !p.state_entity)
        })
        .and_then(|e| day(e));
    let recovered_day = recovery_at.and_then(|i| events.get(i)).and_then(|e| day(e));
    let time_to_crime_days = match (retail, recovered_day) {
        (Some(a), Some(b)) if b >= a => Some(b - a),
        _ => None,
    };
    let mut ask = Vec::new();
    let diversion = decide(input, before, recovery_at.and_then(|i| events.get(i).copied()), last_legal, holder_event, &mut ask);
    Trace {
        item: input.item,
        manufacturer: input.manufacturer.to_string(),
        country_of_manufacture: input.country_of_manufacture,
        steps,
        exporter,
        importer,
        last_legal_holder,
        diversion,
        recovery,
        time_to_crime_days,
        ask,
    }
}

fn decide(
    input: &TraceInput<'_>,
    before: &[&HistoryEvent],
    recovery: Option<&HistoryEvent>,
    last_legal: Option<&&HistoryEvent>,
    holder_event: Option<&&HistoryEvent>,
    ask: &mut Vec<AskWhom>,
) -> Diversion {
    // A theft or loss reported after the last lawful step is the point of diversion, recovered or not.
    let reported = before
        .iter()
        .rev()
        .take_while(|e| !is_legal_step(e.kind))
        .find(|e| matches!(e.kind, EventKind::ReportedStolen | EventKind::ReportedLost));
    if let Some(e) = reported {
        let stolen = e.kind == EventKind::ReportedStolen;
        let by = party_with(e, &[EventRole::Holder], input.parties).map(|p| p.name.clone()).filter(|n| !n.is_empty());
        let reason = Reason::Reported { stolen, by, date: e.date, country: e.country };
        return Diversion::established(if stolen { DiversionKind::Theft } else { DiversionKind::Loss }, e, reason);
    }
    let Some(recovery) = recovery else {
        return Diversion::none(Reason::NotRecovered);
    };
    let Some(last) = last_legal else {
        if let Some(c) = input.country_of_manufacture {
            ask.push(AskWhom::new(c, AskReason::ManufactureNoHistory));
        }
        return Diversion::not_established(Reason::NoHistory);
    };
    let holder = holder_event.and_then(|e| party_with(e, &[EventRole::Holder, EventRole::To], input.parties));
    // Surrendered by its own holder: a lawful end, not a diversion.
    if recovery.kind == EventKind::Surrendered {
        let by = recovery.parties.iter().find(|p| p.role == EventRole::From).map(|p| p.party);
        if by.is_some() && by == holder.map(|h| h.id) {
            return Diversion::none(Reason::SurrenderedByHolder { date: recovery.date });
        }
    }
    match last.kind {
        EventKind::Exported => {
            let licence = last.licence.and_then(|l| input.licences.iter().find(|f| f.id == l));
            let destination = licence.and_then(|l| l.importing_country);
            if let Some(d) = destination {
                ask.push(AskWhom::new(d, AskReason::Destination));
            }
            let reason = Reason::ExportedNotImported {
                from: last.country,
                date: last.date,
                licence: licence.map(|l| l.number.clone()),
                destination,
                recovered_in: recovery.country,
            };
            Diversion::established(DiversionKind::ExportDiversion, last, reason)
        }
        EventKind::Registered | EventKind::Transferred => {
            let name = holder.map(|h| h.name.clone()).filter(|n| !n.is_empty());
            let (date, country) = (last.date, last.country);
            if holder.is_some_and(|h| h.state_entity) {
                return Diversion::established(DiversionKind::StateStockLeakage, last, Reason::StateStock { holder: name, date, country });
            }
            if let Some((bought, recovered)) = day(last).and_then(|d| straw_purchase(input.holder_acquisitions, d)) {
                let reason = Reason::StrawPurchase { holder: name, date, country, bought, recovered };
                return Diversion::established(DiversionKind::StrawPurchase, last, reason);
            }
            Diversion::established(DiversionKind::UnrecordedTransfer, last, Reason::UnrecordedTransfer { holder: name, date, country })
        }
        EventKind::Imported => {
            if let Some(c) = last.country.or(input.home) {
                ask.push(AskWhom::new(c, AskReason::LastImport));
            }
            Diversion::not_established(Reason::StopsAtImport { country: last.country, date: last.date })
        }
        _ => {
            if let Some(c) = last.country.or(input.country_of_manufacture) {
                ask.push(AskWhom::new(c, AskReason::ManufacturerSales));
            }
            Diversion::not_established(Reason::StopsAtManufacture { country: last.country, date: last.date })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::EventParty;
    use proptest::prelude::*;

    fn id(n: u64) -> RecordId {
        RecordId::from_parts(n, n as u128)
    }

    fn ev(n: u32, kind: EventKind, date: &str, parties: &[(u64, EventRole)]) -> HistoryEvent {
        HistoryEvent {
            id: id(100 + n as u64),
            item: id(1),
            seq: n,
            kind,
            date: PartialDate::parse(date).ok(),
            country: CountryCode::from_alpha3("HRV").ok(),
            place: String::new(),
            parties: parties.iter().map(|(p, role)| EventParty { party: id(*p), role: *role }).collect(),
            licence: None,
            incident: None,
            documents: vec![],
            note: String::new(),
        }
    }

    fn facts() -> Vec<PartyFacts> {
        vec![
            PartyFacts { id: id(10), name: "Dealer Ltd".into(), state_entity: false, dealer: true },
            PartyFacts { id: id(11), name: "Ana Horvat".into(), state_entity: false, dealer: false },
            PartyFacts { id: id(12), name: "Ministry of Defence".into(), state_entity: true, dealer: false },
        ]
    }

    fn run(history: &[HistoryEvent], acq: &[Acquisition]) -> Trace {
        let parties = facts();
        trace(&TraceInput {
            item: id(1),
            manufacturer: "Zastava Arms",
            country_of_manufacture: CountryCode::from_alpha3("SRB").ok(),
            home: CountryCode::from_alpha3("HRV").ok(),
            history,
            parties: &parties,
            licences: &[],
            holder_acquisitions: acq,
        })
    }

    fn lawful() -> Vec<HistoryEvent> {
        vec![
            ev(0, EventKind::Manufactured, "2015-01-10", &[]),
            ev(1, EventKind::Transferred, "2015-03-01", &[(10, EventRole::To)]),
            ev(2, EventKind::Registered, "2016-05-02", &[(10, EventRole::From), (11, EventRole::Holder)]),
        ]
    }

    #[test]
    fn a_reported_theft_is_the_point_of_diversion_and_time_to_crime_runs_from_the_retail_sale() {
        let mut h = lawful();
        h.push(ev(3, EventKind::ReportedStolen, "2019-02-01", &[(11, EventRole::Holder)]));
        h.push(ev(4, EventKind::Seized, "2020-05-02", &[]));
        let t = run(&h, &[]);
        match &t.diversion {
            Diversion::Established { kind, event, why, .. } => {
                assert_eq!(*kind, DiversionKind::Theft);
                assert_eq!(*event, id(103));
                assert!(why.contains("Ana Horvat"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t.last_legal_holder.and_then(|s| s.to).map(|p| p.name), Some("Ana Horvat".to_string()));
        assert_eq!(t.time_to_crime_days, Some(1461), "2016-05-02 to 2020-05-02");
        assert_eq!(t.steps.len(), 3);
    }

    #[test]
    fn a_surrender_by_the_holder_is_no_diversion_and_an_unrecovered_gun_neither() {
        let mut h = lawful();
        assert!(matches!(run(&h, &[]).diversion, Diversion::None { .. }));
        h.push(ev(3, EventKind::Surrendered, "2021-01-01", &[(11, EventRole::From)]));
        assert!(matches!(run(&h, &[]).diversion, Diversion::None { .. }));
    }

    #[test]
    fn state_stocks_leak_and_straw_buyers_are_told_apart_from_a_transfer_without_record() {
        let mut state = lawful();
        state[2].parties = vec![EventParty { party: id(12), role: EventRole::Holder }];
        state.push(ev(3, EventKind::Seized, "2022-01-01", &[]));
        assert!(matches!(run(&state, &[]).diversion, Diversion::Established { kind: DiversionKind::StateStockLeakage, .. }));
        let mut h = lawful();
        h.push(ev(3, EventKind::Seized, "2016-11-01", &[]));
        let bought = PartialDate::parse("2016-05-02").map(|d| d.earliest_day()).unwrap_or(0);
        let quick = |n: u64, d: i64| Acquisition { item: id(n), day: bought + d, recovered: Some(bought + d + 200), reported: false };
        let straw = [quick(1, 0), quick(2, 10), Acquisition { recovered: None, ..quick(3, 20) }];
        assert!(matches!(run(&h, &straw).diversion, Diversion::Established { kind: DiversionKind::StrawPurchase, .. }));
        // Two purchases are not a pattern.
        assert!(matches!(run(&h, &straw[..2]).diversion, Diversion::Established { kind: DiversionKind::UnrecordedTransfer, .. }));
    }

    #[test]
    fn an_export_never_imported_is_an_export_diversion_and_a_history_stopping_at_import_is_not_established() {
        let mut h = vec![ev(0, EventKind::Manufactured, "2015-01-10", &[]), ev(1, EventKind::Exported, "2015-06-01", &[])];
        h.push(ev(2, EventKind::Seized, "2018-01-01", &[]));
        assert!(matches!(run(&h, &[]).diversion, Diversion::Established { kind: DiversionKind::ExportDiversion, .. }));
        h.insert(2, ev(3, EventKind::Imported, "2015-07-01", &[]));
        let t = run(&h, &[]);
        assert!(matches!(t.diversion, Diversion::NotEstablished { .. }), "{:?}", t.diversion);
        assert_eq!(t.ask.first().map(|a| a.country.as_str().to_string()), Some("HRV".to_string()));
        let t = run(&[ev(0, EventKind::Seized, "2020-01-01", &[])], &[]);
        assert!(matches!(t.diversion, Diversion::NotEstablished { .. }));
        assert_eq!(t.ask.first().map(|a| a.country.as_str().to_string()), Some("SRB".to_string()), "the country of manufacture");
    }

    proptest! {
        /// Whatever happened after the last lawful holder, a trace never names a point of diversion
        /// when the record stops before any holder (the ITI asks for facts, not guesses).
        #[test]
        fn no_holder_no_named_diversion(kinds in proptest::collection::vec(prop_oneof![Just(EventKind::Manufactured), Just(EventKind::Imported)], 1..4)) {
            let mut h: Vec<HistoryEvent> = kinds.iter().enumerate().map(|(i, k)| ev(i as u32, *k, &format!("{}", 2000 + i), &[])).collect();
            h.push(ev(9, EventKind::Seized, "2024", &[]));
            let t = run(&h, &[]);
            let not_established = matches!(t.diversion, Diversion::NotEstablished { .. });
            prop_assert!(not_established, "{:?}", t.diversion);
            prop_assert!(!t.ask.is_empty());
        }
    }
}
