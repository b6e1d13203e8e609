//! The national trace as a service (ITI § 17 and after, Firearms Protocol art. 12(4)): reads what the
//! rules of `armstrace_domain::trace` need within the reader's scope, runs them, audits the read.
//! Parties and licences of other agencies' records the reader may not see stay in the trace as
//! steps, without their names: the trace says that a holder exists and which agency to ask.

use std::collections::HashMap;

use armstrace_domain::access::Action;
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::indicator::{compute, Indicator, Recovered};
use armstrace_domain::item::Item;
use armstrace_domain::party::PartyRole;
use armstrace_domain::trace::{
    acquisitions_in, last_holder, trace, Acquisition, Diversion, DiversionKind, LicenceFacts, PartyFacts, Trace, TraceInput,
};
use serde::Serialize;

use crate::error::ServiceError;
use crate::records::Ctx;

/// Other firearms of the last holder read as evidence of a straw purchase, at most (within the
/// window around the purchase: a dealer receives hundreds in three months).
const MAX_ACQUISITIONS: u64 = 200;

/// SDG indicator 16.4.2 for a period, as the reader's scope holds it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub from: String,
    pub to: String,
    pub indicator: Indicator,
}

/// Ids read per statement.
const CHUNK: usize = 500;

#[derive(Debug, Clone, Serialize)]
pub struct TraceView {
    pub item: Item,
    pub history: Vec<HistoryEvent>,
    pub trace: Trace,
    /// For each country to ask (`trace.ask`), its tracing point of contact from the directory
    /// (empty when it has named none).
    pub contacts: Vec<String>,
}

impl Ctx<'_> {
    /// The national trace of an item the reader may see.
    pub fn trace(&self, id: RecordId) -> Result<TraceView, ServiceError> {
        if !self.who.may(Action::Trace) {
            return Err(ServiceError::forbidden(format!(
                "a {} does not trace firearms; ask an investigator or the point of contact of your agency",
                self.who.role.label()
            )));
        }
        let item = self.store.item(id)?.ok_or_else(|| ServiceError::not_found("item"))?;
        if !self.readable(&item.meta)? {
            return Err(ServiceError::not_found("item"));
        }
        let history = self.store.history(id)?;
        let scope = armstrace_domain::access::Scope::of(self.who);
        let mut party_ids: Vec<RecordId> = history.iter().flat_map(|e| e.parties.iter().map(|p| p.party)).collect();
        party_ids.sort();
        party_ids.dedup();
        let mut parties = Vec::with_capacity(party_ids.len());
        for p in self.store.parties_by_ids(&party_ids)? {
            let visible = self.readable_in(&scope, &p.meta)?;
            parties.push(PartyFacts { name: if visible { p.name.clone() } else { String::new() }, ..party_facts(&p) });
        }
        let mut licence_ids: Vec<RecordId> = history.iter().filter_map(|e| e.licence).collect();
        licence_ids.sort();
        licence_ids.dedup();
        let mut licences = Vec::with_capacity(licence_ids.len());
        for l in self.store.licences_by_ids(&licence_ids)? {
            let visible = self.readable_in(&scope, &l.meta)?;
            licences.push(LicenceFacts {
                id: l.meta.id,
                number: if visible { l.number.clone() } else { format!("(a licence of {})", l.meta.agency) },
                importing_country: l.importing_country,
            });
        }
        let input = |acquisitions: &[Acquisition]| {
            trace(&TraceInput {
                item: id,
                manufacturer: item.markings.manufacturer.canonical.as_deref().unwrap_or(&item.markings.manufacturer.raw),
                country_of_manufacture: item.markings.country_of_manufacture,
                home: Some(self.who.country),
                history: &history,
                parties: &parties,
                licences: &licences,
                holder_acquisitions: acquisitions,
            })
        };
        let mut t = input(&[]);
        // The holder's other purchases matter only to tell a straw purchase from a transfer without
        // record: read them only then, and only around the purchase.
        if let Diversion::Established { kind: DiversionKind::UnrecordedTransfer, date: Some(bought), .. } = &t.diversion {
            if let Some(holder) = last_holder(&history) {
                let acquisitions = self.acquisitions_of(holder, bought.earliest_day(), id, &history)?;
                t = input(&acquisitions);
            }
        }
        let outcome = match &t.diversion {
            Diversion::Established { kind, .. } => kind.code(),
            Diversion::NotEstablished { .. } => "not_established",
            Diversion::None { .. } => "none",
        };
        self.log_read("trace", "item", Some(id), format!("point of diversion: {outcome}"))?;
        let mut contacts = Vec::with_capacity(t.ask.len());
        for a in &t.ask {
            contacts.push(self.tracing_contact(a.country)?);
        }
        Ok(TraceView { item, history, trace: t, contacts })
    }

    /// What the holder acquired around a purchase day, from the records the reader may see (a trace
    /// must not let counts of hidden records through any more than the records).
    fn acquisitions_of(
        &self,
        holder: RecordId,
        bought: i64,
        traced: RecordId,
        history: &[HistoryEvent],
    ) -> Result<Vec<Acquisition>, ServiceError> {
        let window = armstrace_domain::trace::STRAW_WINDOW_DAYS;
        let mut received = self.store.items_received_by(holder, bought - window, bought + window, MAX_ACQUISITIONS)?;
        received.retain(|i| *i != traced);
        let items: Vec<RecordId> = self.readable_items(&received)?.iter().map(|i| i.meta.id).collect();
        let mut by_item = self.histories_of(&items)?;
        by_item.insert(traced, history.to_vec());
        Ok(by_item.values().flat_map(|h| acquisitions_in(h)).filter(|(p, _)| *p == holder).map(|(_, a)| a).collect())
    }
}

fn party_facts(p: &armstrace_domain::party::Party) -> PartyFacts {
    PartyFacts {
        id: p.meta.id,
        name: String::new(),
        state_entity: p.roles.contains(&PartyRole::StateEntity),
        dealer: p.roles.contains(&PartyRole::Dealer),
    }
}

impl Ctx<'_> {
    /// Items of these ids the reader may see.
    fn readable_items(&self, ids: &[RecordId]) -> Result<Vec<Item>, ServiceError> {
        let scope = armstrace_domain::access::Scope::of(self.who);
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            for it in self.store.items_by_ids(chunk)? {
                if self.readable_in(&scope, &it.meta)? {
                    out.push(it);
                }
            }
        }
        Ok(out)
    }

    fn histories_of(&self, ids: &[RecordId]) -> Result<HashMap<RecordId, Vec<HistoryEvent>>, ServiceError> {
        let mut by_item: HashMap<RecordId, Vec<HistoryEvent>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            for e in self.store.histories(chunk)? {
                by_item.entry(e.item).or_default().push(e);
            }
        }
        Ok(by_item)
    }

    /// SDG indicator 16.4.2 over the items recovered between two days (inclusive), with the same
    /// rules as the trace of each, read in bulk: a few statements per five hundred items.
    pub fn sdg_16_4_2(
        &self,
        from: armstrace_domain::date::PartialDate,
        to: armstrace_domain::date::PartialDate,
    ) -> Result<IndicatorView, ServiceError> {
        let (from_day, to_day) = (from.earliest_day(), to.latest_day());
        if to_day < from_day {
            return Err(ServiceError::invalid(format!("to: {to} is before from: {from}; give the period's first and last day")));
        }
        let items = self.readable_items(&self.store.recovered_between(from_day, to_day)?)?;
        let ids: Vec<RecordId> = items.iter().map(|i| i.meta.id).collect();
        let histories = self.histories_of(&ids)?;
        // Parties of those histories (holders' kinds decide leakage and the retail sale).
        let mut party_ids: Vec<RecordId> = histories.values().flatten().flat_map(|e| e.parties.iter().map(|p| p.party)).collect();
        party_ids.sort();
        party_ids.dedup();
        let mut parties = Vec::with_capacity(party_ids.len());
        for chunk in party_ids.chunks(CHUNK) {
            parties.extend(self.store.parties_by_ids(chunk)?.iter().map(party_facts));
        }
        let party_index: HashMap<RecordId, usize> = parties.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        // The holders' other acquisitions, within the reader's scope.
        let holders: HashMap<RecordId, RecordId> = histories.iter().filter_map(|(item, h)| last_holder(h).map(|p| (*item, p))).collect();
        let mut holder_list: Vec<RecordId> = holders.values().copied().collect();
        holder_list.sort();
        holder_list.dedup();
        let received = self.store.received_by_any(&holder_list)?;
        let mut other: Vec<RecordId> = received.iter().map(|(_, i)| *i).filter(|i| !histories.contains_key(i)).collect();
        other.sort();
        other.dedup();
        let other_ids: Vec<RecordId> = self.readable_items(&other)?.iter().map(|i| i.meta.id).collect();
        let other_histories = self.histories_of(&other_ids)?;
        let mut acquisitions: HashMap<RecordId, Vec<Acquisition>> = HashMap::new();
        for h in histories.values().chain(other_histories.values()) {
            for (p, a) in acquisitions_in(h) {
                acquisitions.entry(p).or_default().push(a);
            }
        }
        // Criminal contexts of the recoveries' incidents.
        let mut incident_ids: Vec<RecordId> =
            histories.values().flatten().filter(|e| e.kind.is_recovery()).filter_map(|e| e.incident).collect();
        incident_ids.sort();
        incident_ids.dedup();
        let mut contexts: HashMap<RecordId, Vec<String>> = HashMap::new();
        for chunk in incident_ids.chunks(CHUNK) {
            for i in self.store.incidents_by_ids(chunk)? {
                contexts.insert(i.meta.id, i.contexts);
            }
        }
        let mut rows = Vec::with_capacity(items.len());
        for item in &items {
            let Some(history) = histories.get(&item.meta.id) else { continue };
            let mine: Vec<PartyFacts> = history
                .iter()
                .flat_map(|e| e.parties.iter())
                .filter_map(|p| party_index.get(&p.party).and_then(|&i| parties.get(i)).cloned())
                .collect();
            let acq = holders.get(&item.meta.id).and_then(|h| acquisitions.get(h)).map(|v| v.as_slice()).unwrap_or(&[]);
            let t = trace(&TraceInput {
                item: item.meta.id,
                manufacturer: "",
                country_of_manufacture: item.markings.country_of_manufacture,
                home: Some(self.who.country),
                history,
                parties: &mine,
                licences: &[],
                holder_acquisitions: acq,
            });
            let recovery_incident = t.recovery.as_ref().and_then(|r| history.iter().find(|e| e.id == r.event)).and_then(|e| e.incident);
            rows.push(Recovered {
                firearm_type: item.classification.firearm_type.id.clone().unwrap_or_default(),
                contexts: recovery_incident.and_then(|i| contexts.get(&i)).cloned().unwrap_or_default(),
                country_of_manufacture: item.markings.country_of_manufacture.map(|c| c.as_str().to_string()).unwrap_or_default(),
                established: matches!(t.diversion, Diversion::Established { .. } | Diversion::None { .. }),
                time_to_crime_days: t.time_to_crime_days,
            });
        }
        self.log_read("indicator", "sdg_16_4_2", None, format!("{from} to {to}: {} items", rows.len()))?;
        Ok(IndicatorView { from: from.to_string(), to: to.to_string(), indicator: compute(&rows) })
    }
}
