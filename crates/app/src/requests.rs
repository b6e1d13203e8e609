//! Requests between countries as a service: a tracing request prepared from an item's national
//! trace, other requests written by hand, incoming requests recorded on receipt, the lifecycle
//! (send, acknowledge, answer, withdraw) done by the point of contact only, the queue of what is
//! pending and overdue, and the statistics of answers by country. Every change is audited; the
//! request record keeps its own log of steps, which is what federation will carry (a later issue).

use std::collections::BTreeMap;

use armstrace_domain::access::{may_change, Action, Scope};
use armstrace_domain::country::CountryCode;
use armstrace_domain::history::EventKind;
use armstrace_domain::id::RecordId;
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::request::{CooperationRequest, Direction, FirearmDescription, Missing, Outcome, RequestKind, Status};
use armstrace_domain::trace::Diversion;
use armstrace_store::{ListFilter, Page, Store, StoreError, WriteBatch};
use serde::Serialize;

use crate::error::ServiceError;
use crate::kinds::{Link, RecordKind};
use crate::records::Ctx;

impl RecordKind for CooperationRequest {
    const TYPE: &'static str = "cooperation_request";
    const WHAT: &'static str = "request";
    // Investigators and points of contact prepare requests; only the point of contact moves them
    // on — and the licensing officer the verifications of licences (FP 10(4)–(5)), which is why
    // licensing officers read and record requests too.
    const CHANGE: &'static [Action] = &[Action::Trace, Action::Cooperate, Action::ManageLicences];
    const READ: &'static [Action] = &[Action::Trace, Action::Cooperate, Action::ManageLicences];
    type Kind = RequestKind;
    const BY_COUNTRY: bool = true;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn fetch(store: &dyn Store, id: RecordId) -> Result<Option<Self>, StoreError> {
        store.request(id)
    }
    fn list(store: &dyn Store, scope: &Scope, filter: &ListFilter, page: Page) -> Result<Vec<Self>, StoreError> {
        store.requests_in(scope, filter, page)
    }
    fn add_to(self, batch: &mut WriteBatch) {
        batch.requests.push(self);
    }
    fn check(&self) -> Result<(), String> {
        if self.case_reference.trim().is_empty() {
            return Err("case_reference: give your case reference; the answer comes back under it".into());
        }
        Ok(())
    }
    fn links(&self) -> Vec<Link> {
        self.item.map(Link::Item).into_iter().collect()
    }
    /// A request is edited while it is a draft (outgoing) or being worked on (incoming); its state,
    /// dates, outcome and log move only through the lifecycle (`Ctx::move_request`).
    fn revise(&mut self, old: &Self) -> Result<(), String> {
        let editable = old.status == Status::Draft || (old.direction == Direction::Incoming && old.status.is_open());
        if !editable {
            return Err(format!("status: a request that is {} is no longer edited; withdraw it and prepare another", old.status.code()));
        }
        self.direction = old.direction;
        self.status = old.status;
        self.sent_at = old.sent_at;
        self.acknowledged_at = old.acknowledged_at;
        self.answered_at = old.answered_at;
        self.outcome = old.outcome.clone();
        self.log = old.log.clone();
        if old.direction == Direction::Incoming {
            // What the other country asked is theirs; this node only assigns and prepares.
            let (assigned, answer, item) = (self.assigned_to.clone(), self.answer.clone(), self.item);
            *self = Self { assigned_to: assigned, answer, item, meta: self.meta.clone(), ..old.clone() };
        }
        Ok(())
    }
}

/// A request with what it still lacks and its deadlines, as pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub request: CooperationRequest,
    pub missing: Vec<Missing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledge_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_by: Option<String>,
    pub overdue: bool,
}

/// What is pending with other countries, in one place.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub drafts: Vec<RequestView>,
    pub outgoing: Vec<RequestView>,
    pub incoming: Vec<RequestView>,
    pub overdue: usize,
}

/// Outgoing requests by requested country: how many, how many answered, in how many days.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CountryStatistics {
    pub sent: u64,
    pub answered: u64,
    pub traced: u64,
    pub not_traced: u64,
    pub median_days_to_answer: Option<i64>,
    pub overdue: u64,
}

/// The change a point of contact makes to a request.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Move {
    Send,
    Acknowledge {
        #[serde(default)]
        their_reference: String,
    },
    Answer {
        outcome: Outcome,
        #[serde(default)]
        answer: String,
    },
    Withdraw {
        #[serde(default)]
        reason: String,
    },
    Assign {
        to: String,
    },
}

impl Ctx<'_> {
    fn view(&self, request: CooperationRequest) -> RequestView {
        let due = request.due();
        RequestView {
            missing: if request.status == Status::Draft { request.missing() } else { vec![] },
            acknowledge_by: due.filter(|_| request.status == Status::Sent).map(|(a, _)| a.to_string()),
            answer_by: due.filter(|_| request.status.is_open()).map(|(_, b)| b.to_string()),
            overdue: request.overdue(self.now),
            request,
        }
    }

    /// A request the reader may see, with what it lacks and its deadlines.
    pub fn request_view(&self, id: RecordId) -> Result<RequestView, ServiceError> {
        Ok(self.view(self.get::<CooperationRequest>(id)?))
    }

    /// A draft tracing request for an item, filled from its markings and its national trace (ITI
    /// § 17: markings, type, calibre, circumstances; the country to ask from where the record
    /// stops). The point of contact completes the legal justification and intended use.
    pub fn draft_trace_request(&self, item_id: RecordId) -> Result<RequestView, ServiceError> {
        let view = self.trace(item_id)?;
        let it = &view.item;
        let t = &view.trace;
        let asked: Option<CountryCode> = t.ask.first().map(|a| a.country).or(it.markings.country_of_manufacture);
        let requested = asked.filter(|c| *c != self.who.country).or(it.markings.country_of_manufacture).unwrap_or(self.who.country);
        let recovery = view.history.iter().find(|e| e.kind.is_recovery());
        let incident = match recovery.and_then(|e| e.incident) {
            Some(i) => self.store.incident(i)?.filter(|inc| Scope::of(self.who).admits(&inc.meta, &[])),
            None => None,
        };
        let circumstances = match recovery {
            Some(e) => format!(
                "{} on {} in {}{}{}",
                match e.kind {
                    EventKind::Found => "found",
                    EventKind::Surrendered => "surrendered",
                    _ => "seized",
                },
                e.date.map(|d| d.to_string()).unwrap_or_else(|| "an unrecorded date".into()),
                e.place.clone(),
                e.country.map(|c| format!(", {}", c.name())).unwrap_or_default(),
                incident.as_ref().map(|i| format!(" ({}: {})", i.reference, i.summary)).unwrap_or_default()
            ),
            None => String::new(),
        };
        let text = |r: &armstrace_domain::item::Resolved| r.canonical.clone().unwrap_or_else(|| r.raw.clone());
        let firearm = FirearmDescription {
            serial: it.markings.serial.raw().to_string(),
            manufacturer: text(&it.markings.manufacturer),
            model: text(&it.classification.model),
            firearm_type: text(&it.classification.firearm_type),
            calibre: text(&it.classification.calibre),
            country_of_manufacture: it.markings.country_of_manufacture.map(|c| c.as_str().to_string()).unwrap_or_default(),
            year_of_manufacture: it.markings.year_of_manufacture.map(|y| y.to_string()).unwrap_or_default(),
            other_marks: it
                .markings
                .import_marks
                .iter()
                .map(|m| format!("import mark {}", m.country.as_str()))
                .collect::<Vec<_>>()
                .join("; "),
        };
        let why = t.diversion.why();
        let contact = self.tracing_contact(requested)?;
        let request = CooperationRequest {
            requesting_authority: self.who.agency.clone(),
            requested_authority: contact,
            case_reference: incident.as_ref().map(|i| i.reference.clone()).unwrap_or_default(),
            subject: format!(
                "trace of a {} {} {}, serial {}: {why}",
                firearm.firearm_type, firearm.manufacturer, firearm.model, firearm.serial
            ),
            item: Some(item_id),
            firearm,
            circumstances,
            ..CooperationRequest::draft(
                RecordMeta::new(RecordId::new(), &self.who.agency, self.who.country, it.meta.handling, self.now, &self.who.username),
                RequestKind::Tracing,
                self.who.country,
                requested,
            )
        };
        // A draft may lack its case reference: the point of contact gives it before sending.
        let mut draft = request;
        if draft.case_reference.is_empty() {
            draft.case_reference = format!("{}-{}", self.who.agency, &item_id.to_string()[..8]);
        }
        let created = self.create(draft, None)?;
        Ok(self.view(created))
    }

    /// The addressee for a country from the directory of competent national authorities: its
    /// tracing point of contact, with the address to write to; empty when the country has named
    /// none (the coverage page lists them).
    pub(crate) fn tracing_contact(&self, country: CountryCode) -> Result<String, ServiceError> {
        Ok(match self.point_of_contact(country, armstrace_domain::directory::Function::Tracing)? {
            Some(p) => match &p.email {
                Some(e) => format!("{} <{}>", p.authority, e.as_str()),
                None => p.authority.clone(),
            },
            None => String::new(),
        })
    }

    /// A request received from another country (by letter, e-mail or INTERPOL channel), recorded
    /// by the point of contact: its deadlines run from now.
    pub fn record_incoming(&self, mut request: CooperationRequest) -> Result<RequestView, ServiceError> {
        let licensing = request.kind == RequestKind::LicenceVerification && self.who.may(Action::ManageLicences);
        if !(self.who.may(Action::Cooperate) || licensing) {
            return Err(ServiceError::forbidden("only the point of contact records requests from other countries"));
        }
        if request.kind == RequestKind::Tracing && request.item.is_none() {
            request.item = self.record_matching(&request.firearm)?;
        }
        request.direction = Direction::Incoming;
        request.status = Status::Sent;
        request.requested_country = self.who.country;
        request.sent_at = Some(self.now);
        request.acknowledged_at = None;
        request.answered_at = None;
        request.outcome = None;
        request.log = vec![armstrace_domain::request::Step {
            at: self.now,
            by: self.who.username.clone(),
            status: Status::Sent,
            note: "received".into(),
        }];
        let created = self.create(request, None)?;
        Ok(self.view(created))
    }

    /// The node's record of the firearm an incoming request describes: the cross-check's best
    /// candidate when it is sure enough to alert and the point of contact may read it (the
    /// markings of a request are as damaged or misread as any).
    fn record_matching(&self, f: &FirearmDescription) -> Result<Option<RecordId>, ServiceError> {
        if f.serial.trim().is_empty() {
            return Ok(None);
        }
        let q = armstrace_matching::Query {
            serial: &f.serial,
            manufacturer: &f.manufacturer,
            model: &f.model,
            firearm_type: &f.firearm_type,
            calibre: &f.calibre,
            country_of_manufacture: &f.country_of_manufacture,
            year: f.year_of_manufacture.trim().parse().ok(),
        };
        let Some(best) = self.checks.query(&q, 1).into_iter().next().filter(|c| c.confidence.alerts()) else { return Ok(None) };
        match self.store.item(best.id)? {
            Some(it) if self.readable(&it.meta)? => Ok(Some(best.id)),
            _ => Ok(None),
        }
    }

    /// Whether the reader moves this request on: the point of contact for every request; the
    /// licensing officer also for a verification of a licence received from another country
    /// (FP 10(4)–(5): the licensing authority answers from its licence registry).
    fn may_move(&self, r: &CooperationRequest) -> bool {
        may_change(self.who, &r.meta, Action::Cooperate)
            || (r.kind == RequestKind::LicenceVerification
                && r.direction == Direction::Incoming
                && may_change(self.who, &r.meta, Action::ManageLicences))
    }

    /// The answer to a licence verification, from the licence registry: whether a licence of that
    /// number exists, what it authorizes, and what was recorded under it (exports, imports — did
    /// the shipment arrive?). Outcome `answered` when found, `not_traced` with the reason when not.
    pub fn verify_licence(&self, id: RecordId) -> Result<(Outcome, String), ServiceError> {
        let r = self.get::<CooperationRequest>(id)?;
        if !(self.who.may(Action::ManageLicences) || self.who.may(Action::Cooperate)) {
            return Err(ServiceError::forbidden("licence verifications are answered by the licensing officer or the point of contact"));
        }
        let number = r.licence_number.trim();
        if number.is_empty() {
            return Err(ServiceError::invalid("licence_number: the request names no licence to verify"));
        }
        let scope = Scope::of(self.who);
        let filter = ListFilter { search: Some(number.to_string()), ..Default::default() };
        let found: Vec<armstrace_domain::licence::Licence> = self
            .store
            .licences_in(&scope, &filter, Page { offset: 0, limit: 50 })?
            .into_iter()
            .filter(|l| l.number.trim().eq_ignore_ascii_case(number))
            .collect();
        let Some(l) = found.first() else {
            self.log_read("verify_licence", "licence", None, format!("{number}: not found"))?;
            return Ok((
                Outcome::NotTraced { reason: format!("no licence numbered {number} is in the registry of {}", self.who.country.as_str()) },
                String::new(),
            ));
        };
        let date = |d: Option<armstrace_domain::date::PartialDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let mut lines = vec![format!(
            "licence {} ({}) issued by {} ({}) on {}, valid until {}",
            l.number,
            serde_json::to_value(l.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            l.issuing_authority,
            l.issuing_country.as_str(),
            date(l.issued),
            date(l.expires)
        )];
        if let (Some(from), Some(to)) = (l.exporting_country, l.importing_country) {
            lines.push(format!(
                "from {} to {}{}",
                from.as_str(),
                to.as_str(),
                if l.final_recipient.is_empty() { String::new() } else { format!(", final recipient {}", l.final_recipient) }
            ));
        }
        for line in &l.lines {
            lines.push(format!(
                "authorized: {} × {}{}",
                line.quantity,
                line.description,
                line.calibre.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
            ));
        }
        let events = self.store.events_under_licence(l.meta.id, 10_000)?;
        let count = |k: EventKind| events.iter().filter(|e| e.kind == k).map(|e| e.item).collect::<std::collections::BTreeSet<_>>().len();
        let (exported, imported) = (count(EventKind::Exported), count(EventKind::Imported));
        lines.push(format!("recorded under it: {exported} firearm(s) exported, {imported} imported"));
        if exported > imported && l.importing_country.is_some() {
            lines.push(format!("{} exported firearm(s) have no import recorded: delivery not confirmed (FP 10(4))", exported - imported));
        }
        self.log_read("verify_licence", "licence", Some(l.meta.id), format!("{number}: found"))?;
        Ok((Outcome::Answered, lines.join("\n")))
    }

    /// Moves a request of the reader's agency on (the point of contact only).
    pub fn move_request(&self, id: RecordId, step: Move) -> Result<RequestView, ServiceError> {
        let mut r = self.get::<CooperationRequest>(id)?;
        if !self.may_move(&r) {
            return Err(ServiceError::forbidden(
                "only the point of contact of the agency that holds the request sends, acknowledges, answers or withdraws it",
            ));
        }
        let by = self.who.username.clone();
        let (action, result) = match step {
            Move::Send => {
                if r.direction == Direction::Incoming {
                    return Err(ServiceError::invalid("step: an incoming request is acknowledged and answered, not sent"));
                }
                ("send", r.advance(Status::Sent, self.now, &by, ""))
            }
            Move::Acknowledge { their_reference } => {
                if !their_reference.trim().is_empty() {
                    r.their_reference = their_reference.trim().to_string();
                }
                ("acknowledge", r.advance(Status::Acknowledged, self.now, &by, ""))
            }
            Move::Answer { outcome, answer } => {
                if let Outcome::NotTraced { reason } | Outcome::Refused { reason } = &outcome {
                    if reason.trim().is_empty() {
                        return Err(ServiceError::invalid(
                            "outcome.reason: say why (no record, markings insufficient, grounds for refusal)",
                        ));
                    }
                }
                r.outcome = Some(outcome);
                r.answer = answer;
                ("answer", r.advance(Status::Answered, self.now, &by, ""))
            }
            Move::Withdraw { reason } => ("withdraw", r.advance(Status::Withdrawn, self.now, &by, &reason)),
            Move::Assign { to } => {
                r.assigned_to = to.trim().to_string();
                ("assign", Ok(()))
            }
        };
        result.map_err(ServiceError::invalid)?;
        r.meta.updated_at = self.now;
        r.meta.updated_by = by;
        self.store.write(&WriteBatch { requests: vec![r.clone()], ..Default::default() })?;
        self.log(
            action,
            CooperationRequest::TYPE,
            Some(id),
            format!("{} {} → {}", r.kind.code(), r.requested_country.as_str(), r.status.code()),
        )?;
        Ok(self.view(r))
    }

    /// The answer to an incoming tracing request, composed from the national trace of the item it
    /// is about (ITI: reply from the records held): the point of contact reviews it before answering.
    pub fn compose_answer(&self, id: RecordId) -> Result<(Outcome, String), ServiceError> {
        let r = self.get::<CooperationRequest>(id)?;
        let Some(item) = r.item else {
            return Ok((Outcome::NotTraced { reason: "no record of this node matches the markings given".into() }, String::new()));
        };
        let t = self.trace(item)?.trace;
        let mut lines: Vec<String> = t
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}{}{}",
                    s.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    s.kind.code(),
                    s.country.map(|c| c.as_str().to_string()).unwrap_or_default(),
                    s.to.as_ref().filter(|p| !p.name.is_empty()).map(|p| format!(" to {}", p.name)).unwrap_or_default(),
                    s.licence.as_ref().map(|l| format!(" (licence {l})")).unwrap_or_default()
                )
            })
            .collect();
        let outcome = match &t.diversion {
            Diversion::Established { why, .. } | Diversion::None { why, .. } => {
                lines.push(format!("point of diversion: {why}"));
                Outcome::Traced
            }
            Diversion::NotEstablished { why, .. } => {
                lines.push(why.clone());
                if t.steps.is_empty() {
                    Outcome::NotTraced { reason: why.clone() }
                } else {
                    Outcome::Traced
                }
            }
        };
        Ok((outcome, lines.join("\n")))
    }

    /// Drafts, pending outgoing and incoming requests of the reader's scope, overdue ones first.
    pub fn pending_requests(&self) -> Result<Pending, ServiceError> {
        if !(self.who.may(Action::Cooperate) || self.who.may(Action::Trace) || self.who.may(Action::ManageLicences)) {
            return Err(ServiceError::forbidden(
                "requests between countries are for points of contact, investigators and licensing officers",
            ));
        }
        let scope = Scope::of(self.who);
        let mut views: Vec<RequestView> = self.store.pending_requests(&scope)?.into_iter().map(|r| self.view(r)).collect();
        views.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.answer_by.cmp(&b.answer_by)));
        let overdue = views.iter().filter(|v| v.overdue).count();
        let (drafts, rest): (Vec<_>, Vec<_>) = views.into_iter().partition(|v| v.request.status == Status::Draft);
        let (outgoing, incoming) = rest.into_iter().partition(|v| v.request.direction == Direction::Outgoing);
        self.log_read("list", CooperationRequest::TYPE, None, "pending".into())?;
        Ok(Pending { drafts, outgoing, incoming, overdue })
    }

    /// Outgoing tracing requests by requested country: sent, answered, share traced, median days.
    pub fn request_statistics(&self) -> Result<BTreeMap<String, CountryStatistics>, ServiceError> {
        let scope = Scope::of(self.who);
        let filter = ListFilter { kind: Some(RequestKind::Tracing.code().into()), ..Default::default() };
        let mut all = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.store.requests_in(&scope, &filter, Page { offset, limit: 1000 })?;
            let n = page.len() as u64;
            all.extend(page);
            if n < 1000 {
                break;
            }
            offset += n;
        }
        let mut out: BTreeMap<String, (CountryStatistics, Vec<i64>)> = BTreeMap::new();
        for r in all.iter().filter(|r| r.direction == Direction::Outgoing && r.sent_at.is_some()) {
            let (s, days) = out.entry(r.requested_country.as_str().to_string()).or_default();
            s.sent += 1;
            s.overdue += u64::from(r.overdue(self.now));
            if r.status == Status::Answered {
                s.answered += 1;
                match r.outcome {
                    Some(Outcome::Traced) => s.traced += 1,
                    Some(Outcome::NotTraced { .. }) => s.not_traced += 1,
                    _ => {}
                }
                days.extend(r.days_to_answer());
            }
        }
        self.log_read("statistics", CooperationRequest::TYPE, None, String::new())?;
        Ok(out
            .into_iter()
            .map(|(c, (mut s, mut days))| {
                days.sort_unstable();
                s.median_days_to_answer = days.get(days.len() / 2).copied().filter(|_| !days.is_empty());
                (c, s)
            })
            .collect())
    }
}

/// Mails the handlers of every request whose deadline comes within two days or has passed (once a
/// day per request): the points of contact of the agency that holds it, and its licensing officers
/// for licence verifications. The node does this for its own requests, as maintenance: the mail
/// names the request, the other country and the deadline — no firearm, person or case detail.
/// Returns the number of requests reminded; nothing is sent when no SMTP server is configured.
pub fn remind_requests(
    store: &dyn Store,
    audit: &crate::audit::Auditor,
    checks: &crate::crosscheck::CrossCheck,
    now: armstrace_domain::time::Timestamp,
) -> Result<usize, ServiceError> {
    use armstrace_domain::handling::HandlingCode;
    let Some(outbox) = checks.outbox() else { return Ok(0) };
    let base = checks.public_url().unwrap_or_default();
    // The node reading its own queue: every handling code, every agency.
    let all = vec![HandlingCode::Clear, HandlingCode::Green, HandlingCode::Amber, HandlingCode::AmberStrict, HandlingCode::Red];
    let Some(agency) = store.agencies()?.into_iter().next() else { return Ok(0) };
    let country = CountryCode::parse(&agency.country).map_err(|e| ServiceError::invalid(e.to_string()))?;
    let scope = Scope { user: RecordId::new(), agency: String::new(), country, node: all, country_wide: vec![], agency_only: vec![] };
    let mut reminded = 0;
    for mut r in store.pending_requests(&scope)? {
        let Some((what, due)) = r.reminder(now) else { continue };
        let late = now > due;
        let other = if r.direction == Direction::Outgoing { r.requested_country } else { r.requesting_country };
        let link = format!("{}/requests/{}", base.trim_end_matches('/'), r.meta.id);
        for u in store.users(Some(&r.meta.agency))? {
            let p = u.principal();
            let handles = p.may(Action::Cooperate) || (r.kind == RequestKind::LicenceVerification && p.may(Action::ManageLicences));
            let Some(email) = u.email.as_deref().filter(|e| handles && !u.disabled && crate::mail::valid_address(e)) else { continue };
            let subject = format!(
                "armstrace: {} of request {} ({}) {} {}",
                what,
                r.case_reference,
                other.as_str(),
                if late { "was due" } else { "is due" },
                &due.to_string()[..10]
            );
            let text = format!(
                "The {what} of the {} request {} ({} {}) {} on {}.\n\n{link}\n",
                r.kind.code().replace('_', " "),
                r.case_reference,
                if r.direction == Direction::Outgoing { "sent to" } else { "received from" },
                other.name(),
                if late { "was due" } else { "is due" },
                &due.to_string()[..10]
            );
            outbox.queue(crate::mail::Mail { to: vec![email.to_string()], subject, text, html: None });
        }
        r.reminded_at = Some(now);
        store.write(&WriteBatch { requests: vec![r.clone()], ..Default::default() })?;
        audit.record_read(
            store,
            crate::audit::Event::anonymous(
                "reminder",
                "remind",
                CooperationRequest::TYPE,
                Some(r.meta.id),
                format!("{what} due {}", &due.to_string()[..10]),
            ),
            now,
        )?;
        reminded += 1;
    }
    Ok(reminded)
}
