//! Requests between countries: international tracing requests (ITI § 17 and after), information
//! requests (Firearms Protocol art. 12; UNTOC art. 27), mutual legal assistance (UNTOC art. 18) and
//! licence verification (Firearms Protocol art. 10 §§ 4–5). One record per request, outgoing or
//! incoming, with its lifecycle, deadlines and every change in its log — so that a point of contact
//! sees everything pending with other countries in one place.
//!
//! The state is kept so that a federation message can carry it later: a request has its own id,
//! both countries, and a log of steps each of which is one message (sent, acknowledged, answered).

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::id::RecordId;
use crate::meta::RecordMeta;
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// ITI § 17 and after: trace a firearm to its point of diversion.
    Tracing,
    /// Firearms Protocol art. 12; UNTOC art. 27: information on a case, a route, a group.
    Information,
    /// UNTOC art. 18 or a treaty: evidence, documents, hearings, searches.
    MutualLegalAssistance,
    /// Firearms Protocol art. 10 §§ 4–5: is this licence genuine, did the shipment arrive?
    LicenceVerification,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [Self::Tracing, Self::Information, Self::MutualLegalAssistance, Self::LicenceVerification];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Tracing => "tracing",
            Self::Information => "information",
            Self::MutualLegalAssistance => "mutual_legal_assistance",
            Self::LicenceVerification => "licence_verification",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// This node asks another country.
    Outgoing,
    /// Another country asks this node (recorded on receipt, or delivered by federation).
    Incoming,
}

/// A request says how urgent it is; the deadlines follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Routine,
    Urgent,
    /// A threat to life or an arrest pending.
    Immediate,
}

impl Urgency {
    /// Days to acknowledge receipt. The ITI asks for acknowledgment within a reasonable time and
    /// names no number: these are armstrace's defaults, a week for routine requests and days when urgent.
    pub fn acknowledge_days(&self) -> i64 {
        match self {
            Self::Routine => 7,
            Self::Urgent => 2,
            Self::Immediate => 1,
        }
    }
    /// Days to answer. The ITI asks for a prompt and reliable answer and names no number: two months for a
    /// routine trace (records held on paper must be searched), much less when lives are at stake.
    pub fn answer_days(&self) -> i64 {
        match self {
            Self::Routine => 60,
            Self::Urgent => 15,
            Self::Immediate => 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Sent,
    Acknowledged,
    Answered,
    Withdrawn,
}

impl Status {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Acknowledged => "acknowledged",
            Self::Answered => "answered",
            Self::Withdrawn => "withdrawn",
        }
    }
    /// Still waiting for the other side (or for us).
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Sent | Self::Acknowledged)
    }
}

/// The answer of a tracing request (ITI, cooperation in tracing); other requests are answered or refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The firearm was traced: the answer names what the records show.
    Traced,
    /// Not traced, with the reason (no record, markings insufficient, records destroyed …).
    NotTraced { reason: String },
    /// Answered (information, legal assistance, licence verification).
    Answered,
    /// Refused, with the ground (ITI: ongoing investigations, confidentiality, national security; UNTOC 18(21), with reasons 18(23)).
    Refused { reason: String },
}

/// The markings and description of the firearm, as the request carries them (ITI § 17).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirearmDescription {
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub manufacturer: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub firearm_type: String,
    #[serde(default)]
    pub calibre: String,
    #[serde(default)]
    pub country_of_manufacture: String,
    #[serde(default)]
    pub year_of_manufacture: String,
    /// Import marks, proof marks, other relevant marks.
    #[serde(default)]
    pub other_marks: String,
}

/// One change of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub at: Timestamp,
    pub by: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooperationRequest {
    pub meta: RecordMeta,
    pub kind: RequestKind,
    pub direction: Direction,
    pub status: Status,
    pub urgency: Urgency,
    pub requesting_country: CountryCode,
    #[serde(default)]
    pub requesting_authority: String,
    pub requested_country: CountryCode,
    /// The point of contact addressed (name and address from the directory).
    #[serde(default)]
    pub requested_authority: String,
    /// The requesting authority's case reference (ITI § 17).
    #[serde(default)]
    pub case_reference: String,
    /// The other side's reference, once known.
    #[serde(default)]
    pub their_reference: String,
    #[serde(default)]
    pub subject: String,
    /// The item the request is about, when it is one of this node's records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<RecordId>,
    #[serde(default)]
    pub firearm: FirearmDescription,
    /// ITI § 17: the circumstances in which the item was found.
    #[serde(default)]
    pub circumstances: String,
    /// ITI § 17: the legal justification (and for MLA the legal basis: UNTOC art. 18 or a treaty).
    #[serde(default)]
    pub legal_basis: String,
    /// ITI § 17: what the information will be used for.
    #[serde(default)]
    pub intended_use: String,
    /// Licence verification: the licence or authorization number and its issuing country.
    #[serde(default)]
    pub licence_number: String,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<Timestamp>,
    /// Incoming: who in this node works on it.
    #[serde(default)]
    pub assigned_to: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub log: Vec<Step>,
    /// When the node last reminded its handlers of this request's deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_at: Option<Timestamp>,
}

/// A field the request needs before it can be sent, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub field: &'static str,
    pub why: &'static str,
}

const DAY_MS: i64 = 86_400_000;

impl CooperationRequest {
    /// A draft from one country to another, with everything else still to be written.
    pub fn draft(meta: RecordMeta, kind: RequestKind, requesting_country: CountryCode, requested_country: CountryCode) -> Self {
        CooperationRequest {
            meta,
            kind,
            direction: Direction::Outgoing,
            status: Status::Draft,
            urgency: Urgency::Routine,
            requesting_country,
            requesting_authority: String::new(),
            requested_country,
            requested_authority: String::new(),
            case_reference: String::new(),
            their_reference: String::new(),
            subject: String::new(),
            item: None,
            firearm: FirearmDescription::default(),
            circumstances: String::new(),
            legal_basis: String::new(),
            intended_use: String::new(),
            licence_number: String::new(),
            documents: vec![],
            sent_at: None,
            acknowledged_at: None,
            answered_at: None,
            assigned_to: String::new(),
            answer: String::new(),
            outcome: None,
            log: vec![],
            reminded_at: None,
        }
    }
}
/// Handlers are reminded this many days before a deadline (and daily once it has passed).
pub const REMIND_BEFORE_DAYS: i64 = 2;

impl CooperationRequest {
    /// What the requested country needs and the request lacks (ITI § 17 for tracing; UNTOC
    /// 18(15) for legal assistance; art. 10 § 5 of the Protocol for licence verification).
    pub fn missing(&self) -> Vec<Missing> {
        let mut out = Vec::new();
        let mut need = |empty: bool, field: &'static str, why: &'static str| {
            if empty {
                out.push(Missing { field, why });
            }
        };
        let blank = |s: &str| s.trim().is_empty();
        need(self.requested_country == self.requesting_country, "requested_country", "the country asked must be another country");
        need(blank(&self.case_reference), "case_reference", "the requesting authority's case reference (ITI § 17)");
        need(blank(&self.requesting_authority), "requesting_authority", "who asks, for the answer to come back (ITI § 17)");
        match self.kind {
            RequestKind::Tracing => {
                need(
                    blank(&self.firearm.serial) && blank(&self.firearm.other_marks),
                    "firearm.serial",
                    "the markings: serial number as read, or other marks if it is obliterated (ITI § 17)",
                );
                need(blank(&self.firearm.manufacturer), "firearm.manufacturer", "the manufacturer as marked (ITI § 17)");
                need(blank(&self.firearm.firearm_type), "firearm.firearm_type", "the type of firearm (ITI § 17)");
                need(blank(&self.firearm.calibre), "firearm.calibre", "the calibre (ITI § 17)");
                need(blank(&self.circumstances), "circumstances", "where and how the firearm was found (ITI § 17)");
                need(blank(&self.legal_basis), "legal_basis", "the legal justification of the request (ITI § 17)");
                need(blank(&self.intended_use), "intended_use", "what the information will be used for (ITI § 17)");
            }
            RequestKind::MutualLegalAssistance => {
                need(blank(&self.legal_basis), "legal_basis", "the legal basis: UNTOC art. 18 or a treaty");
                need(blank(&self.subject), "subject", "the subject and nature of the proceedings (UNTOC 18(15)(b))");
                need(blank(&self.intended_use), "intended_use", "the purpose of the request (UNTOC 18(15)(f))");
                need(blank(&self.requested_authority), "requested_authority", "the central authority addressed (UNTOC 18(13))");
            }
            RequestKind::Information => {
                need(blank(&self.subject), "subject", "what is asked");
                need(blank(&self.intended_use), "intended_use", "what the information will be used for");
            }
            RequestKind::LicenceVerification => {
                need(
                    blank(&self.licence_number),
                    "licence_number",
                    "the licence or authorization to verify (Firearms Protocol art. 10 § 5)",
                );
                need(blank(&self.subject), "subject", "what to confirm: authenticity, or receipt of the shipment (art. 10 §§ 4–5)");
            }
        }
        out
    }

    /// When the other side must acknowledge, and answer (from the day it was sent or received).
    pub fn due(&self) -> Option<(Timestamp, Timestamp)> {
        let sent = self.sent_at?;
        let ack = Timestamp::from_unix_millis(sent.unix_millis() + self.urgency.acknowledge_days() * DAY_MS);
        let answer = Timestamp::from_unix_millis(sent.unix_millis() + self.urgency.answer_days() * DAY_MS);
        Some((ack, answer))
    }

    /// Past a deadline: not acknowledged in time, or not answered in time.
    pub fn overdue(&self, now: Timestamp) -> bool {
        match (self.status, self.due()) {
            (Status::Sent, Some((ack, answer))) => now > ack || now > answer,
            (Status::Acknowledged, Some((_, answer))) => now > answer,
            _ => false,
        }
    }

    /// The deadline to remind the handlers of, when it comes within [`REMIND_BEFORE_DAYS`] or has
    /// passed, at most once a day: ("acknowledgment" or "answer", the due time).
    pub fn reminder(&self, now: Timestamp) -> Option<(&'static str, Timestamp)> {
        if self.reminded_at.is_some_and(|t| now.unix_millis() - t.unix_millis() < DAY_MS) {
            return None;
        }
        let (ack, answer) = self.due()?;
        let near = |t: Timestamp| now.unix_millis() >= t.unix_millis() - REMIND_BEFORE_DAYS * DAY_MS;
        match self.status {
            Status::Sent if near(ack) => Some(("acknowledgment", ack)),
            Status::Sent | Status::Acknowledged if near(answer) => Some(("answer", answer)),
            _ => None,
        }
    }

    /// Days from sending to the answer, for the statistics.
    pub fn days_to_answer(&self) -> Option<i64> {
        Some((self.answered_at?.unix_millis() - self.sent_at?.unix_millis()).div_euclid(DAY_MS))
    }

    /// Moves the request on, recording who and when; refuses what the lifecycle does not allow.
    pub fn advance(&mut self, to: Status, now: Timestamp, by: &str, note: &str) -> Result<(), String> {
        use Status::*;
        let allowed = matches!(
            (self.status, to),
            (Draft, Sent)
                | (Sent, Acknowledged)
                | (Sent, Answered)
                | (Acknowledged, Answered)
                | (Draft, Withdrawn)
                | (Sent, Withdrawn)
                | (Acknowledged, Withdrawn)
        );
        if !allowed {
            return Err(format!("status: a request that is {} cannot become {}", self.status.code(), to.code()));
        }
        if to == Sent {
            if let Some(m) = self.missing().first() {
                return Err(format!("{}: {} — complete it before sending", m.field, m.why));
            }
            self.sent_at = Some(now);
        }
        if to == Acknowledged {
            self.acknowledged_at = Some(now);
        }
        if to == Answered {
            if self.outcome.is_none() {
                return Err("outcome: say whether the firearm was traced (or the request answered or refused)".into());
            }
            if self.acknowledged_at.is_none() {
                // An answer is also the acknowledgment (ITI, cooperation in tracing: receipt acknowledged within a reasonable time).
                self.acknowledged_at = Some(now);
            }
            self.answered_at = Some(now);
        }
        self.status = to;
        self.log.push(Step { at: now, by: by.to_string(), status: to, note: note.to_string() });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handling::HandlingCode;

    fn at(day: i64) -> Timestamp {
        Timestamp::from_unix_millis(1_790_000_000_000 + day * DAY_MS)
    }

    pub fn tracing_request() -> CooperationRequest {
        let hrv = CountryCode::from_alpha3("HRV").unwrap_or_else(|_| unreachable!());
        let srb = CountryCode::from_alpha3("SRB").unwrap_or_else(|_| unreachable!());
        CooperationRequest {
            requesting_authority: "Croatian national firearms focal point".into(),
            case_reference: "HR-2026-0042".into(),
            firearm: FirearmDescription {
                serial: "M70-004512".into(),
                manufacturer: "Zastava Arms".into(),
                firearm_type: "pistol".into(),
                calibre: "7.62×25mm Tokarev".into(),
                ..Default::default()
            },
            circumstances: "found in a car at the Bajakovo border crossing".into(),
            legal_basis: "Criminal Procedure Act art. 206; Firearms Protocol art. 12 §4".into(),
            intended_use: "criminal investigation of illicit trafficking".into(),
            ..CooperationRequest::draft(
                RecordMeta::new(RecordId::new(), "HRV-NFP", hrv, HandlingCode::Amber, at(0), "poc"),
                RequestKind::Tracing,
                hrv,
                srb,
            )
        }
    }

    #[test]
    fn a_tracing_request_goes_out_only_with_what_iti_17_asks_for() {
        let mut r = tracing_request();
        assert!(r.missing().is_empty(), "{:?}", r.missing());
        r.intended_use.clear();
        r.firearm.calibre = " ".into();
        let fields: Vec<&str> = r.missing().iter().map(|m| m.field).collect();
        assert_eq!(fields, ["firearm.calibre", "intended_use"]);
        let err = r.advance(Status::Sent, at(1), "poc", "").unwrap_err();
        assert!(err.starts_with("firearm.calibre:"), "{err}");
        assert_eq!(r.status, Status::Draft, "nothing changes on a refusal");
        r.firearm.calibre = "7.62×25mm".into();
        r.intended_use = "investigation".into();
        r.advance(Status::Sent, at(1), "poc", "").unwrap();
        assert_eq!(r.sent_at, Some(at(1)));
    }

    #[test]
    fn deadlines_follow_the_urgency_and_the_lifecycle_is_enforced() {
        let mut r = tracing_request();
        r.urgency = Urgency::Urgent;
        r.advance(Status::Sent, at(0), "poc", "").unwrap();
        assert!(!r.overdue(at(2)));
        assert!(r.overdue(at(3)), "not acknowledged within two days");
        r.advance(Status::Acknowledged, at(1), "srb.poc", "received").unwrap();
        assert!(!r.overdue(at(10)));
        assert!(r.overdue(at(16)), "not answered within fifteen days");
        assert!(r.advance(Status::Answered, at(12), "srb.poc", "").is_err(), "an answer says its outcome");
        r.outcome = Some(Outcome::Traced);
        r.advance(Status::Answered, at(12), "srb.poc", "sold in 2011 to ...").unwrap();
        assert_eq!(r.days_to_answer(), Some(12));
        assert!(!r.overdue(at(100)));
        assert!(r.advance(Status::Withdrawn, at(13), "poc", "").is_err(), "an answered request stays answered");
        assert_eq!(r.log.iter().map(|s| s.status).collect::<Vec<_>>(), [Status::Sent, Status::Acknowledged, Status::Answered]);
    }

    #[test]
    fn reminders_come_before_a_deadline_and_daily_after_it() {
        let mut r = tracing_request();
        assert_eq!(r.reminder(at(100)), None, "a draft has no deadline");
        r.advance(Status::Sent, at(0), "poc", "").unwrap();
        assert_eq!(r.reminder(at(4)), None, "acknowledgment due on day 7");
        assert_eq!(r.reminder(at(5)).map(|x| x.0), Some("acknowledgment"));
        r.reminded_at = Some(at(5));
        assert_eq!(r.reminder(at(5)), None, "once a day");
        r.advance(Status::Acknowledged, at(6), "srb", "").unwrap();
        assert_eq!(r.reminder(at(30)), None, "answer due on day 60");
        assert_eq!(r.reminder(at(61)).map(|x| x.0), Some("answer"), "and after it");
        r.outcome = Some(Outcome::Traced);
        r.advance(Status::Answered, at(62), "srb", "").unwrap();
        assert_eq!(r.reminder(at(90)), None);
    }

    #[test]
    fn legal_assistance_needs_its_legal_basis_and_licence_checks_their_licence() {
        let mut r = tracing_request();
        r.kind = RequestKind::MutualLegalAssistance;
        r.legal_basis.clear();
        let fields: Vec<&str> = r.missing().iter().map(|m| m.field).collect();
        assert_eq!(fields, ["legal_basis", "subject", "requested_authority"]);
        r.kind = RequestKind::LicenceVerification;
        assert_eq!(r.missing().iter().map(|m| m.field).collect::<Vec<_>>(), ["licence_number", "subject"]);
        r.requested_country = r.requesting_country;
        assert_eq!(r.missing()[0].field, "requested_country");
    }
}
