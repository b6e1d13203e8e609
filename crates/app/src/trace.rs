//! The national trace as a service (ITI §§ 17–23, Firearms Protocol art. 12 §4): reads what the
//! rules of `armstrace_domain::trace` need within the reader's scope, runs them, audits the read.
//! Parties and licences of other agencies' records the reader may not see stay in the trace as
//! steps, without their names: the trace says that a holder exists and which agency to ask.

use std::collections::{HashMap, HashSet};

use armstrace_domain::access::Action;
use armstrace_domain::history::HistoryEvent;
use armstrace_domain::id::RecordId;
use armstrace_domain::item::Item;
use armstrace_domain::party::PartyRole;
use armstrace_domain::trace::{acquisitions_in, last_holder, trace, Acquisition, Diversion, LicenceFacts, PartyFacts, Trace, TraceInput};
use serde::Serialize;

use crate::error::ServiceError;
use crate::records::Ctx;

/// Other firearms of the last holder read as evidence of a straw purchase, at most: a dealer or a
/// state armoury receives thousands, and the pattern is about weeks, not years.
const MAX_ACQUISITIONS: u64 = 200;

#[derive(Debug, Clone, Serialize)]
pub struct TraceView {
    pub item: Item,
    pub history: Vec<HistoryEvent>,
    pub trace: Trace,
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
        let mut party_ids: Vec<RecordId> = history.iter().flat_map(|e| e.parties.iter().map(|p| p.party)).collect();
        party_ids.sort();
        party_ids.dedup();
        let mut parties = Vec::with_capacity(party_ids.len());
        for pid in party_ids {
            if let Some(p) = self.store.party(pid)? {
                let visible = self.readable(&p.meta)?;
                parties.push(PartyFacts {
                    id: pid,
                    name: if visible { p.name.clone() } else { String::new() },
                    state_entity: p.roles.contains(&PartyRole::StateEntity),
                    dealer: p.roles.contains(&PartyRole::Dealer),
                });
            }
        }
        let mut licences = Vec::new();
        let licence_ids: HashSet<RecordId> = history.iter().filter_map(|e| e.licence).collect();
        for lid in licence_ids {
            if let Some(l) = self.store.licence(lid)? {
                let visible = self.readable(&l.meta)?;
                licences.push(LicenceFacts {
                    id: lid,
                    number: if visible { l.number.clone() } else { format!("(a licence of {})", l.meta.agency) },
                    importing_country: l.importing_country,
                });
            }
        }
        let acquisitions = match last_holder(&history) {
            Some(holder) => self.acquisitions_of(holder, id, &history)?,
            None => Vec::new(),
        };
        let t = trace(&TraceInput {
            item: id,
            manufacturer: item.markings.manufacturer.canonical.as_deref().unwrap_or(&item.markings.manufacturer.raw),
            country_of_manufacture: item.markings.country_of_manufacture,
            home: Some(self.who.country),
            history: &history,
            parties: &parties,
            licences: &licences,
            holder_acquisitions: &acquisitions,
        });
        let outcome = match &t.diversion {
            Diversion::Established { kind, .. } => kind.code(),
            Diversion::NotEstablished { .. } => "not_established",
            Diversion::None { .. } => "none",
        };
        self.log_read("trace", "item", Some(id), format!("point of diversion: {outcome}"))?;
        Ok(TraceView { item, history, trace: t })
    }

    /// What the holder acquired, from the records the reader may see (a trace must not let counts
    /// of hidden records through any more than the records).
    fn acquisitions_of(&self, holder: RecordId, traced: RecordId, history: &[HistoryEvent]) -> Result<Vec<Acquisition>, ServiceError> {
        let mut received = self.store.items_received_by(holder, MAX_ACQUISITIONS)?;
        received.retain(|i| *i != traced);
        let scope = armstrace_domain::access::Scope::of(self.who);
        let mut items = Vec::with_capacity(received.len());
        for it in self.store.items_by_ids(&received)? {
            if self.readable_in(&scope, &it.meta)? {
                items.push(it.meta.id);
            }
        }
        let mut by_item: HashMap<RecordId, Vec<HistoryEvent>> = HashMap::new();
        for e in self.store.histories(&items)? {
            by_item.entry(e.item).or_default().push(e);
        }
        by_item.insert(traced, history.to_vec());
        Ok(by_item.values().flat_map(|h| acquisitions_in(h)).filter(|(p, _)| *p == holder).map(|(_, a)| a).collect())
    }
}
