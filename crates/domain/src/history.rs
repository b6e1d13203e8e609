//! The history of an item: its life from manufacture to destruction. The current status is derived
//! from it, never typed in (ITI: tracing follows the lines of supply to the point of diversion).

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::id::RecordId;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Manufactured,
    Exported,
    Imported,
    Transferred,
    Registered,
    ReportedLost,
    ReportedStolen,
    Seized,
    Found,
    Surrendered,
    Recovered,
    Deactivated,
    Destroyed,
}

impl EventKind {
    pub const ALL: [EventKind; 13] = [
        Self::Manufactured,
        Self::Exported,
        Self::Imported,
        Self::Transferred,
        Self::Registered,
        Self::ReportedLost,
        Self::ReportedStolen,
        Self::Seized,
        Self::Found,
        Self::Surrendered,
        Self::Recovered,
        Self::Deactivated,
        Self::Destroyed,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Manufactured => "manufactured",
            Self::Exported => "exported",
            Self::Imported => "imported",
            Self::Transferred => "transferred",
            Self::Registered => "registered",
            Self::ReportedLost => "reported_lost",
            Self::ReportedStolen => "reported_stolen",
            Self::Seized => "seized",
            Self::Found => "found",
            Self::Surrendered => "surrendered",
            Self::Recovered => "recovered",
            Self::Deactivated => "deactivated",
            Self::Destroyed => "destroyed",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    /// Accepts the codes and the words of the nomenclature in English, Spanish and French.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        crate::nomenclature::nomenclature()
            .resolve_code("event_kind", s)
            .filter(|r| r.confidence >= 0.75)
            .and_then(|r| Self::from_code(&r.id))
            .ok_or_else(|| DomainError::invalid("event", s, "one of manufactured, exported, imported, transferred, registered, reported_lost, reported_stolen, seized, found, surrendered, recovered, deactivated, destroyed"))
    }
    /// The status an item has right after this event.
    pub fn resulting_status(&self) -> ItemStatus {
        match self {
            Self::Manufactured => ItemStatus::Manufactured,
            Self::Exported => ItemStatus::Exported,
            Self::Imported => ItemStatus::Imported,
            Self::Transferred | Self::Registered => ItemStatus::Registered,
            Self::ReportedLost => ItemStatus::Lost,
            Self::ReportedStolen => ItemStatus::Stolen,
            Self::Seized => ItemStatus::Seized,
            Self::Found => ItemStatus::Found,
            Self::Surrendered => ItemStatus::Surrendered,
            Self::Recovered => ItemStatus::Recovered,
            Self::Deactivated => ItemStatus::Deactivated,
            Self::Destroyed => ItemStatus::Destroyed,
        }
    }
    /// Events that put the item in the hands of the authorities (the SDG 16.4.2 denominator).
    pub fn is_recovery(&self) -> bool {
        matches!(self, Self::Seized | Self::Found | Self::Surrendered | Self::Recovered)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Unknown,
    Manufactured,
    Exported,
    Imported,
    Registered,
    Lost,
    Stolen,
    Seized,
    Found,
    Surrendered,
    Recovered,
    Deactivated,
    Destroyed,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 13] = [
        Self::Unknown,
        Self::Manufactured,
        Self::Exported,
        Self::Imported,
        Self::Registered,
        Self::Lost,
        Self::Stolen,
        Self::Seized,
        Self::Found,
        Self::Surrendered,
        Self::Recovered,
        Self::Deactivated,
        Self::Destroyed,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Manufactured => "manufactured",
            Self::Exported => "exported",
            Self::Imported => "imported",
            Self::Registered => "registered",
            Self::Lost => "lost",
            Self::Stolen => "stolen",
            Self::Seized => "seized",
            Self::Found => "found",
            Self::Surrendered => "surrendered",
            Self::Recovered => "recovered",
            Self::Deactivated => "deactivated",
            Self::Destroyed => "destroyed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    /// Accepts a status code or an event word ("stolen", "reported stolen", "robado").
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = crate::nomenclature::text::fold_key(s).replace(' ', "_");
        if let Some(st) = Self::from_code(&k) {
            return Ok(st);
        }
        EventKind::parse(s).map(|e| e.resulting_status()).map_err(|_| {
            DomainError::invalid(
                "status",
                s,
                "one of registered, lost, stolen, seized, found, surrendered, recovered, exported, imported, deactivated, destroyed",
            )
        })
    }
}

/// How a party took part in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventRole {
    /// Manufacturer, exporter, seller, previous holder.
    From,
    /// Importer, buyer, new holder.
    To,
    /// Holder to whom the item is registered, or who reported it lost or stolen.
    Holder,
    /// Broker, carrier, agency that seized.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventParty {
    pub party: RecordId,
    pub role: EventRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub id: RecordId,
    pub item: RecordId,
    /// Order of recording among the item's events; breaks ties between equal or partial dates.
    pub seq: u32,
    pub kind: EventKind,
    pub date: Option<PartialDate>,
    pub country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<EventParty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Events in the order they happened: by date (partial dates at their earliest day), then by the
/// order they were recorded. Undated events keep their recorded place.
pub fn chronological(events: &[HistoryEvent]) -> Vec<&HistoryEvent> {
    let mut v: Vec<&HistoryEvent> = events.iter().collect();
    v.sort_by_key(|e| e.seq);
    // A stable sort on dates that leaves undated events after the dated event recorded before them.
    let mut last_day = i64::MIN;
    let mut keyed: Vec<(i64, u32, &HistoryEvent)> = Vec::with_capacity(v.len());
    for e in v {
        if let Some(d) = e.date {
            last_day = d.earliest_day();
        }
        keyed.push((last_day, e.seq, e));
    }
    keyed.sort_by_key(|(d, s, _)| (*d, *s));
    keyed.into_iter().map(|(_, _, e)| e).collect()
}

/// The status that follows from the history. Destruction is final: later events do not undo it.
pub fn derive_status(events: &[HistoryEvent]) -> ItemStatus {
    let mut status = ItemStatus::Unknown;
    for e in chronological(events) {
        if status == ItemStatus::Destroyed {
            break;
        }
        status = e.kind.resulting_status();
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ev(seq: u32, kind: EventKind, date: Option<&str>) -> HistoryEvent {
        HistoryEvent {
            id: RecordId::from_parts(seq as u64, seq as u128),
            item: RecordId::from_parts(0, 0),
            seq,
            kind,
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            country: None,
            place: String::new(),
            parties: vec![],
            licence: None,
            incident: None,
            documents: vec![],
            note: String::new(),
        }
    }

    #[test]
    fn status_follows_dates_not_entry_order() {
        let events = vec![
            ev(0, EventKind::Seized, Some("2021-06-01")),
            ev(1, EventKind::Manufactured, Some("2010")),
            ev(2, EventKind::ReportedStolen, Some("2020-03")),
        ];
        assert_eq!(derive_status(&events), ItemStatus::Seized);
        assert_eq!(derive_status(&[]), ItemStatus::Unknown);
        let destroyed = vec![ev(0, EventKind::Destroyed, Some("2015")), ev(1, EventKind::Registered, Some("2016"))];
        assert_eq!(derive_status(&destroyed), ItemStatus::Destroyed);
        assert_eq!(EventKind::parse("reported stolen"), Ok(EventKind::ReportedStolen));
        assert_eq!(ItemStatus::parse("stolen"), Ok(ItemStatus::Stolen));
    }

    proptest! {
        #[test]
        fn status_is_that_of_the_latest_event(kinds in proptest::collection::vec(0usize..13, 1..8)) {
            // Distinct increasing years, recorded in reverse: the latest year decides (no destruction).
            let n = kinds.len();
            let events: Vec<HistoryEvent> = kinds.iter().enumerate().map(|(i, k)| ev((n - i) as u32, EventKind::ALL[*k], Some(&format!("{}", 2000 + i)))).collect();
            let last = EventKind::ALL[kinds[n - 1]];
            let has_destroyed_before = kinds[..n - 1].iter().any(|&k| EventKind::ALL[k] == EventKind::Destroyed);
            if !has_destroyed_before {
                prop_assert_eq!(derive_status(&events), last.resulting_status());
            } else {
                prop_assert_eq!(derive_status(&events), ItemStatus::Destroyed);
            }
        }
    }
}
