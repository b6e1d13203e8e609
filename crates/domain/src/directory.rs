//! The directory of competent national authorities and single points of contact (DESIGN: cooperation;
//! seed 001 §§32–35): who, per country and per instrument, receives tracing requests, verifies
//! licences, answers mutual legal assistance and exchanges information.
//!
//! - Firearms Protocol art. 13(2): each State party designates a national body or a single point of
//!   contact to liaise with other States parties; distinct from the UNTOC art. 18(13) central
//!   authority for mutual legal assistance.
//! - Arms Trade Treaty art. 5(6): one or more national points of contact, notified to the Secretariat
//!   and kept updated.
//! - Programme of Action / International Tracing Instrument: national point(s) of contact (the
//!   paragraph number is unconfirmed in `reference/instruments.md`, so it is not cited here).
//! - UNTOC art. 18(13): the central authority that receives requests for mutual legal assistance.
//! - Regional instruments (ECOWAS Convention, Nairobi Protocol, CIFTA, the MERCOSUR memorandum of
//!   seed 001 §32, ...), named as written.
//!
//! Seed 001 §34: only 66 of 122 States parties to the Protocol had named a single point of contact,
//! which is why [`coverage`] shows the countries that have none.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::id::RecordId;
use crate::nomenclature::text::fold_key;
use crate::time::Timestamp;
use crate::DomainError;

/// A value kept as text, read only through its `parse` (serde goes through it too) and shown as
/// its `as_str`.
macro_rules! text_value {
    ($t:ident) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl TryFrom<String> for $t {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, DomainError> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.as_str().to_string()
            }
        }
    };
}

/// An entry not confirmed with its authority for longer than this is flagged as stale. ATT art. 5(6)
/// asks States to keep their entry updated and the Conference of the Parties to UNTOC urges "full
/// and up-to-date" entries (seed 001 §34); a yearly confirmation matches the yearly cycle of the
/// reports the same contacts answer (the UNODC Illicit Arms Flows Questionnaire, the ATT annual
/// report due 31 May, ATT art. 13(3)). Beyond a year, a request sent to the entry may reach nobody.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Longest free text kept in one field of an entry (names, addresses, notes).
pub const MAX_TEXT: usize = 2_000;

/// What the entry is, in the words of the instruments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// FP art. 13(2) single point of contact; ATT art. 5(6) and PoA/ITI national point of contact.
    SinglePointOfContact,
    /// Another competent national authority (licensing authority, customs, forensic laboratory).
    CompetentAuthority,
    /// UNTOC art. 18(13) central authority for mutual legal assistance.
    CentralAuthority,
}

impl ContactKind {
    pub const ALL: [ContactKind; 3] = [Self::SinglePointOfContact, Self::CompetentAuthority, Self::CentralAuthority];
    pub fn code(&self) -> &'static str {
        match self {
            Self::SinglePointOfContact => "single_point_of_contact",
            Self::CompetentAuthority => "competent_authority",
            Self::CentralAuthority => "central_authority",
        }
    }
    /// Codes, and what people write in English, Spanish and French.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = squash(s);
        Self::ALL
            .into_iter()
            .find(|x| squash(x.code()) == k)
            .or(match k.as_str() {
                "spoc"
                | "pointofcontact"
                | "nationalpointofcontact"
                | "contactpoint"
                | "puntodecontacto"
                | "puntodecontactounico"
                | "puntodecontactonacional"
                | "pointdecontact"
                | "pointdecontactunique"
                | "pointdecontactnational" => Some(Self::SinglePointOfContact),
                "authority" | "competentnationalauthority" | "autoridadcompetente" | "autoritecompetente" => Some(Self::CompetentAuthority),
                "mla" | "mlacentralauthority" | "autoridadcentral" | "autoritecentrale" => Some(Self::CentralAuthority),
                _ => None,
            })
            .ok_or_else(|| DomainError::invalid("kind", s, "single_point_of_contact, competent_authority or central_authority"))
    }
}

/// An instrument an entry is designated under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Instrument {
    /// Firearms Protocol art. 13(2).
    FirearmsProtocol,
    /// Arms Trade Treaty art. 5(6).
    ArmsTradeTreaty,
    /// Programme of Action on small arms and the International Tracing Instrument.
    ProgrammeOfAction,
    /// UNTOC art. 18(13) (mutual legal assistance).
    Untoc,
    /// A regional instrument, by its name as written (trimmed, at most 120 characters).
    Regional(String),
}

impl Instrument {
    /// The instruments every country is expected to name a contact for (the coverage page's columns).
    pub const GLOBAL: [Instrument; 4] = [Self::FirearmsProtocol, Self::ArmsTradeTreaty, Self::ProgrammeOfAction, Self::Untoc];

    pub fn code(&self) -> String {
        match self {
            Self::FirearmsProtocol => "firearms_protocol".into(),
            Self::ArmsTradeTreaty => "att".into(),
            Self::ProgrammeOfAction => "poa_iti".into(),
            Self::Untoc => "untoc".into(),
            Self::Regional(name) => format!("regional:{name}"),
        }
    }
    /// The article that asks for the designation.
    pub fn article(&self) -> &'static str {
        match self {
            Self::FirearmsProtocol => "Firearms Protocol art. 13(2)",
            Self::ArmsTradeTreaty => "Arms Trade Treaty art. 5(6)",
            Self::ProgrammeOfAction => "Programme of Action / International Tracing Instrument",
            Self::Untoc => "UNTOC art. 18(13)",
            Self::Regional(_) => "regional instrument",
        }
    }
    /// The kind of entry the instrument asks for: a country "has one" when an entry of this kind
    /// lists the instrument (UNTOC asks for a central authority, the others for a point of contact).
    pub fn designates(&self) -> ContactKind {
        match self {
            Self::Untoc => ContactKind::CentralAuthority,
            _ => ContactKind::SinglePointOfContact,
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        let bad = || {
            DomainError::invalid(
                "instruments",
                s,
                "firearms_protocol, att, poa_iti, untoc or regional:NAME (e.g. regional:ECOWAS Convention)",
            )
        };
        if let Some((head, name)) = t.split_once(':') {
            if fold_key(head) == "regional" || fold_key(head) == "regional instrument" || fold_key(head) == "instrument regional" {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > 120 || name.chars().any(|c| c.is_control() || c == '|' || c == ';') {
                    return Err(bad());
                }
                return Ok(Self::Regional(name.to_string()));
            }
            return Err(bad());
        }
        match squash(t).as_str() {
            "firearmsprotocol"
            | "fp"
            | "protocol"
            | "firearmsprotocolart13"
            | "protocolosobrearmasdefuego"
            | "protocolo"
            | "protocolesurlesarmesafeu"
            | "protocole" => Ok(Self::FirearmsProtocol),
            "att" | "armstradetreaty" | "tca" | "tratadosobreelcomerciodearmas" | "traitesurlecommercedesarmes" => {
                Ok(Self::ArmsTradeTreaty)
            }
            "poaiti"
            | "poa"
            | "iti"
            | "poaanditi"
            | "programmeofaction"
            | "internationaltracinginstrument"
            | "programadeaccion"
            | "instrumentointernacionaldelocalizacion"
            | "programmedaction"
            | "instrumentinternationaldetracage" => Ok(Self::ProgrammeOfAction),
            "untoc"
            | "untoc1813"
            | "organizedcrimeconvention"
            | "palermoconvention"
            | "mla"
            | "unctoc"
            | "convencioncontraladelincuenciaorganizada"
            | "conventioncontrelacriminaliteorganisee" => Ok(Self::Untoc),
            _ => Err(bad()),
        }
    }
    /// A list separated by `;`, `,` or `|`; at least one.
    pub fn parse_list(s: &str) -> Result<BTreeSet<Self>, DomainError> {
        let set = split_list(s).map(Self::parse).collect::<Result<BTreeSet<_>, _>>()?;
        if set.is_empty() {
            return Err(DomainError::missing("instruments", "at least one of firearms_protocol, att, poa_iti, untoc or regional:NAME"));
        }
        Ok(set)
    }
}

impl fmt::Display for Instrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}
impl TryFrom<String> for Instrument {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}
impl From<Instrument> for String {
    fn from(i: Instrument) -> String {
        i.code()
    }
}

/// What the entry does for other countries (seed 001 §35).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// FP art. 12(4), ITI tracing cooperation.
    Tracing,
    /// UNTOC art. 18.
    MutualLegalAssistance,
    /// FP art. 10(2), 10(4) and 10(5): import licences, transit no-objections, receipt, authenticity.
    LicenceVerification,
    /// FP art. 12(1)–(3).
    InformationExchange,
    /// FP art. 11(b): border controls, police and customs transborder cooperation.
    BorderControlCooperation,
    /// The UNODC Illicit Arms Flows Questionnaire and the reports of the instruments.
    Reporting,
}

impl Function {
    pub const ALL: [Function; 6] = [
        Self::Tracing,
        Self::MutualLegalAssistance,
        Self::LicenceVerification,
        Self::InformationExchange,
        Self::BorderControlCooperation,
        Self::Reporting,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Tracing => "tracing",
            Self::MutualLegalAssistance => "mutual_legal_assistance",
            Self::LicenceVerification => "licence_verification",
            Self::InformationExchange => "information_exchange",
            Self::BorderControlCooperation => "border_control_cooperation",
            Self::Reporting => "reporting",
        }
    }
    pub fn article(&self) -> &'static str {
        match self {
            Self::Tracing => "FP art. 12(4); ITI",
            Self::MutualLegalAssistance => "UNTOC art. 18",
            Self::LicenceVerification => "FP art. 10(2), 10(4), 10(5)",
            Self::InformationExchange => "FP art. 12(1)–(3)",
            Self::BorderControlCooperation => "FP art. 11(b)",
            Self::Reporting => "UNODC IAFQ (seed 001 §35)",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = squash(s);
        Self::ALL
            .into_iter()
            .find(|x| squash(x.code()) == k)
            .or(match k.as_str() {
                "trace" | "rastreo" | "localizacion" | "tracage" => Some(Self::Tracing),
                "mla" | "legalassistance" | "asistenciajudicial" | "asistenciajudicialreciproca" | "entraidejudiciaire" => {
                    Some(Self::MutualLegalAssistance)
                }
                "licenceverification" | "licenseverification" | "licensing" | "verificaciondelicencias" | "verificationdeslicences" => {
                    Some(Self::LicenceVerification)
                }
                "information" | "intercambiodeinformacion" | "echangedinformations" | "echangedinformation" => {
                    Some(Self::InformationExchange)
                }
                "bordercontrol" | "bordercooperation" | "customscooperation" | "controlfronterizo" | "controleauxfrontieres" => {
                    Some(Self::BorderControlCooperation)
                }
                "iafq" | "report" | "informes" | "rapports" => Some(Self::Reporting),
                _ => None,
            })
            .ok_or_else(|| {
                DomainError::invalid(
                    "functions",
                    s,
                    "tracing, mutual_legal_assistance, licence_verification, information_exchange, border_control_cooperation or reporting",
                )
            })
    }
    /// A list separated by `;`, `,` or `|` (may be empty).
    pub fn parse_list(s: &str) -> Result<BTreeSet<Self>, DomainError> {
        split_list(s).map(Self::parse).collect()
    }
}

/// A folded key without spaces or underscores: "d'action" (folded to "daction"), "d action" and
/// "d_action" are one key.
fn squash(s: &str) -> String {
    fold_key(s).replace([' ', '_'], "")
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', ',', '|', '\n']).map(str::trim).filter(|p| !p.is_empty())
}

/// ISO 639-1 codes (two letters), as the ISO 639 Registration Authority lists them.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz \
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj \
kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or \
os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug \
uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A language an authority works in: an ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode([u8; 2]);

impl LanguageCode {
    /// A code (`fr`, `FR`, `fr-CA`), or the English, Spanish or French name of a common language of
    /// international cooperation.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("languages", s, "ISO 639-1 codes such as en, fr, es, ar, ru, zh, pt");
        let k = fold_key(s);
        let named = match k.as_str() {
            "english" | "ingles" | "anglais" => Some("en"),
            "spanish" | "espanol" | "espagnol" | "castellano" => Some("es"),
            "french" | "frances" | "francais" => Some("fr"),
            "arabic" | "arabe" => Some("ar"),
            "russian" | "ruso" | "russe" => Some("ru"),
            "chinese" | "chino" | "chinois" => Some("zh"),
            "portuguese" | "portugues" | "portugais" => Some("pt"),
            "german" | "aleman" | "allemand" => Some("de"),
            "italian" | "italiano" | "italien" => Some("it"),
            _ => None,
        };
        let code = match named {
            Some(c) => c.to_string(),
            None => {
                let t = s.trim().to_ascii_lowercase();
                let head = t.split(['-', '_']).next().unwrap_or("").to_string();
                head
            }
        };
        let b = code.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_lowercase) || !ISO_639_1.split_whitespace().any(|c| c == code) {
            return Err(bad());
        }
        Ok(LanguageCode([b[0], b[1]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
    /// A list separated by `;`, `,`, `|` or spaces; duplicates dropped, order kept.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, DomainError> {
        let mut out: Vec<Self> = Vec::new();
        for part in s.split([';', ',', '|', '\n', '/']).flat_map(|p| {
            // "en fr" as well as "French, English" (a name has no inner spaces in this list).
            p.split_whitespace()
        }) {
            let l = Self::parse(part)?;
            if !out.contains(&l) {
                out.push(l);
            }
        }
        Ok(out)
    }
}

text_value!(LanguageCode);

/// An e-mail address: one `@`, a local part and a domain of dot-separated labels with a top-level
/// domain; the domain kept in lower case. What the address accepts is for the mail server to say;
/// this refuses what cannot be an address (the usual typing and spreadsheet errors).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().trim_start_matches("mailto:");
        let bad = || DomainError::invalid("email", s, "an e-mail address such as spoc@interior.gov.hr");
        if t.len() > 254 {
            return Err(bad());
        }
        let (local, domain) = t.rsplit_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"));
        if !local_ok || !domain_ok {
            return Err(bad());
        }
        Ok(Email(format!("{local}@{domain}")))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_value!(Email);

/// A telephone number as dialled from abroad: digits with the usual separators, 6 to 20 digits,
/// an optional extension (`ext. 12`). Spacing is kept as written; people copy it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        let bad = || DomainError::invalid("phone", s, "a telephone number such as +385 1 6122 111 (digits, spaces, + ( ) - . /, ext.)");
        // ASCII lower case keeps byte offsets, so an offset found in `lower` is one in `t`.
        let lower = t.to_ascii_lowercase();
        let (main, ext) = match lower.find("ext") {
            Some(i) => (&t[..i], Some(lower[i + 3..].trim_start_matches(['.', ':', ' ']))),
            None => (t, None),
        };
        let digits = main.chars().filter(char::is_ascii_digit).count();
        let main_ok = (6..=20).contains(&digits)
            && main.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c))
            && main.chars().filter(|&c| c == '+').count() <= 1
            && (!main.contains('+') || main.trim_start().starts_with('+'));
        let ext_ok = ext.is_none_or(|e| (1..=6).contains(&e.len()) && e.chars().all(|c| c.is_ascii_digit()));
        if !main_ok || !ext_ok {
            return Err(bad());
        }
        Ok(Phone(t.split_whitespace().collect::<Vec<_>>().join(" ")))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_value!(Phone);

/// One entry of the directory. Reference data of the node: not owned by an agency and visible to
/// every signed-in user, so it carries no handling code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPoint {
    pub id: RecordId,
    pub country: CountryCode,
    /// The authority's name, e.g. "Ministry of the Interior — National Firearms Focal Point".
    pub authority: String,
    pub kind: ContactKind,
    pub instruments: BTreeSet<Instrument>,
    #[serde(default)]
    pub functions: BTreeSet<Function>,
    #[serde(default)]
    pub languages: Vec<LanguageCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact_person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Office hours as written ("Mon–Fri 08:00–16:00").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hours: String,
    /// An IANA time zone name ("Europe/Zagreb") or a UTC offset ("UTC+01:00").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time_zone: String,
    /// The day the entry was last confirmed with the authority (a full date).
    pub last_verified: PartialDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// The days between 1970-01-01 and the day of `t` (UTC).
fn day_of(t: Timestamp) -> i64 {
    t.unix_millis().div_euclid(86_400_000)
}

/// A verification date: a full day, not after `today`.
pub fn parse_verified(s: &str, now: Timestamp) -> Result<PartialDate, DomainError> {
    let expected = "the day the entry was last confirmed, as YYYY-MM-DD (or DD/MM/YYYY), not in the future";
    let d = PartialDate::parse(s).map_err(|_| DomainError::invalid("last_verified", s, expected))?;
    if d.day_value().is_none() || d.earliest_day() > day_of(now) {
        return Err(DomainError::invalid("last_verified", s, expected));
    }
    Ok(d)
}

/// A time zone as people write it: an IANA name (`Europe/Zagreb`) or `UTC±HH[:MM]`.
pub fn parse_time_zone(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let bad = || DomainError::invalid("time_zone", s, "an IANA time zone such as Europe/Zagreb, or UTC+01:00");
    if t.is_empty() {
        return Ok(String::new());
    }
    let upper = t.to_ascii_uppercase();
    if let Some(off) = upper.strip_prefix("UTC").or_else(|| upper.strip_prefix("GMT")) {
        if off.is_empty() {
            return Ok("UTC".into());
        }
        let Some(sign) = off.chars().next() else { return Err(bad()) };
        let rest = &off[sign.len_utf8()..];
        let sign = sign.to_string();
        let (h, m) = rest.split_once(':').unwrap_or((rest, "00"));
        let ok = (sign == "+" || sign == "-")
            && (1..=2).contains(&h.len())
            && h.chars().all(|c| c.is_ascii_digit())
            && m.len() == 2
            && m.chars().all(|c| c.is_ascii_digit())
            && h.parse::<u8>().is_ok_and(|h| h <= 14)
            && m.parse::<u8>().is_ok_and(|m| m < 60);
        return if ok { Ok(format!("UTC{sign}{:0>2}:{m}", h)) } else { Err(bad()) };
    }
    let ok = t.len() <= 64
        && t.contains('/')
        && t.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c)));
    if ok {
        Ok(t.to_string())
    } else {
        Err(bad())
    }
}

/// Free text of an entry: trimmed, no control characters but line breaks, at most [`MAX_TEXT`].
pub fn parse_text(field: &'static str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.chars().count() > MAX_TEXT || t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(DomainError::invalid(field, s, format!("text of at most {MAX_TEXT} characters, without control characters")));
    }
    Ok(t.to_string())
}

impl ContactPoint {
    /// What the types alone cannot say: a name, at least one instrument, a way to reach the entry,
    /// a verification day that is a full date and not in the future, texts within bounds.
    pub fn check(&self, now: Timestamp) -> Result<(), DomainError> {
        if self.authority.trim().is_empty() {
            return Err(DomainError::missing("authority", "the name of the authority"));
        }
        for (field, v) in [
            ("authority", &self.authority),
            ("contact_person", &self.contact_person),
            ("address", &self.address),
            ("hours", &self.hours),
            ("note", &self.note),
        ] {
            parse_text(field, v)?;
        }
        if self.instruments.is_empty() {
            return Err(DomainError::missing("instruments", "at least one of firearms_protocol, att, poa_iti, untoc or regional:NAME"));
        }
        if self.email.is_none() && self.phone.is_none() {
            return Err(DomainError::missing("email", "an e-mail address or a telephone number: a contact nobody can reach is no contact"));
        }
        parse_time_zone(&self.time_zone)?;
        parse_verified(&self.last_verified.to_string(), now)?;
        Ok(())
    }

    /// Days since the entry was last confirmed (negative if the date is after `now`).
    pub fn days_since_verified(&self, now: Timestamp) -> i64 {
        day_of(now) - self.last_verified.earliest_day()
    }

    /// Not confirmed for more than [`STALE_AFTER_DAYS`].
    pub fn is_stale(&self, now: Timestamp) -> bool {
        self.days_since_verified(now) > STALE_AFTER_DAYS
    }

    pub fn serves(&self, f: Function) -> bool {
        self.functions.contains(&f)
    }

    /// The text a search looks in, folded as the nomenclature folds names.
    pub fn search_text(&self) -> String {
        let mut parts = vec![self.authority.as_str(), self.contact_person.as_str(), self.address.as_str(), self.note.as_str()];
        if let Some(e) = &self.email {
            parts.push(e.as_str());
        }
        let mut s = fold_key(&parts.join(" "));
        s.push(' ');
        s.push_str(&self.country.as_str().to_ascii_lowercase());
        s
    }
}

/// The best entry to send a request needing `function` to, among one country's entries: a single
/// point of contact before other authorities (FP art. 13(2) names it for liaising with other
/// States), then the most recently confirmed.
pub fn best_for(points: &[ContactPoint], country: CountryCode, function: Function) -> Option<&ContactPoint> {
    points
        .iter()
        .filter(|p| p.country == country && p.serves(function))
        .max_by_key(|p| (p.kind == ContactKind::SinglePointOfContact, p.last_verified.earliest_day(), std::cmp::Reverse(p.id)))
}

/// Whether a country has named the contact an instrument asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Covered {
    /// No entry of the kind the instrument asks for.
    None,
    /// Only entries not confirmed for more than [`STALE_AFTER_DAYS`].
    Stale,
    Current,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryCoverage {
    pub country: CountryCode,
    /// One per [`Instrument::GLOBAL`], in that order.
    pub instruments: Vec<Covered>,
}

impl CountryCoverage {
    /// No current entry for at least one instrument.
    pub fn has_gap(&self) -> bool {
        self.instruments.iter().any(|c| *c != Covered::Current)
    }
    pub fn has_none(&self) -> bool {
        self.instruments.iter().all(|c| *c == Covered::None)
    }
}

/// For each country, whether it has an entry of the kind each global instrument asks for.
pub fn coverage(points: &[ContactPoint], countries: &[CountryCode], now: Timestamp) -> Vec<CountryCoverage> {
    countries
        .iter()
        .map(|&country| CountryCoverage {
            country,
            instruments: Instrument::GLOBAL
                .iter()
                .map(|inst| {
                    let mut found = Covered::None;
                    for p in points.iter().filter(|p| p.country == country && p.kind == inst.designates() && p.instruments.contains(inst)) {
                        if p.is_stale(now) {
                            found = found.max_with(Covered::Stale);
                        } else {
                            found = Covered::Current;
                        }
                    }
                    found
                })
                .collect(),
        })
        .collect()
}

impl Covered {
    fn max_with(self, other: Covered) -> Covered {
        match (self, other) {
            (Covered::Current, _) | (_, Covered::Current) => Covered::Current,
            (Covered::Stale, _) | (_, Covered::Stale) => Covered::Stale,
            _ => Covered::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0)
    }
    fn cc(s: &str) -> CountryCode {
        CountryCode::from_alpha3(s).unwrap()
    }
    fn point(country: &str, kind: ContactKind, inst: &[Instrument], funcs: &[Function], verified: &str) -> ContactPoint {
        ContactPoint {
            id: RecordId::new(),
            country: cc(country),
            authority: "Ministry of the Interior".into(),
            kind,
            instruments: inst.iter().cloned().collect(),
            functions: funcs.iter().copied().collect(),
            languages: vec![LanguageCode::parse("en").unwrap()],
            contact_person: String::new(),
            email: Some(Email::parse("spoc@mup.hr").unwrap()),
            phone: None,
            address: String::new(),
            hours: String::new(),
            time_zone: String::new(),
            last_verified: PartialDate::parse(verified).unwrap(),
            note: String::new(),
            updated_at: now(),
            updated_by: "t".into(),
        }
    }

    #[test]
    fn instruments_parse_from_codes_names_and_regional_names() {
        assert_eq!(Instrument::parse("Firearms Protocol").unwrap(), Instrument::FirearmsProtocol);
        assert_eq!(Instrument::parse("ATT").unwrap(), Instrument::ArmsTradeTreaty);
        assert_eq!(Instrument::parse("Programme d'action").unwrap(), Instrument::ProgrammeOfAction);
        assert_eq!(Instrument::parse("regional: ECOWAS Convention").unwrap(), Instrument::Regional("ECOWAS Convention".into()));
        assert!(Instrument::parse("regional:").is_err());
        assert!(Instrument::parse("Wassenaar").is_err());
        let set = Instrument::parse_list("fp; att | regional:Nairobi Protocol").unwrap();
        assert_eq!(set.len(), 3);
        assert_eq!(Instrument::parse_list(" ; ").unwrap_err().field(), "instruments");
        for i in Instrument::GLOBAL {
            assert_eq!(Instrument::parse(&i.code()).unwrap(), i);
        }
    }

    #[test]
    fn functions_kinds_and_languages_parse() {
        for f in Function::ALL {
            assert_eq!(Function::parse(f.code()).unwrap(), f);
        }
        assert_eq!(Function::parse("Rastreo").unwrap(), Function::Tracing);
        assert_eq!(Function::parse("entraide judiciaire").unwrap(), Function::MutualLegalAssistance);
        assert_eq!(Function::parse("teleport").unwrap_err().field(), "functions");
        for k in ContactKind::ALL {
            assert_eq!(ContactKind::parse(k.code()).unwrap(), k);
        }
        assert_eq!(ContactKind::parse("Punto de contacto").unwrap(), ContactKind::SinglePointOfContact);
        assert_eq!(
            LanguageCode::parse_list("en, FR; Español pt-BR").unwrap().iter().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
            ["en", "fr", "es", "pt"]
        );
        assert!(LanguageCode::parse("xx").is_err());
        assert!(LanguageCode::parse("eng").is_err());
        assert_eq!(LanguageCode::parse("klingon").unwrap_err().field(), "languages");
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(Email::parse(" SPOC@Interior.GOV.hr ").unwrap().as_str(), "SPOC@interior.gov.hr");
        for bad in ["", "a", "a@b", "@x.org", "a@@x.org", "a b@x.org", "a@x..org", "a@-x.org", "a.@x.org", "a@x.1"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Phone::parse("+385  1 6122 111").unwrap().as_str(), "+385 1 6122 111");
        assert!(Phone::parse("+385 1 6122 111 ext. 42").is_ok());
        for bad in ["", "12345", "call me", "+385+1 612 2111", "385 + 1 6122111", "+385 1 6122 111 ext. 1234567"] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn verification_dates_and_time_zones() {
        assert!(parse_verified("2026-11-23", now()).is_ok());
        assert!(parse_verified("2026-11-24", now()).is_err(), "not in the future");
        assert!(parse_verified("2026-11", now()).is_err(), "a full day");
        assert_eq!(parse_time_zone("utc+1").unwrap(), "UTC+01:00");
        assert_eq!(parse_time_zone("Europe/Zagreb").unwrap(), "Europe/Zagreb");
        assert!(parse_time_zone("Zagreb time").is_err());
        assert!(parse_time_zone("UTC+15").is_err());
    }

    #[test]
    fn stale_after_a_year_exactly() {
        let p = point("HRV", ContactKind::SinglePointOfContact, &[Instrument::FirearmsProtocol], &[], "2025-11-23");
        assert_eq!(p.days_since_verified(now()), 365);
        assert!(!p.is_stale(now()));
        let q = ContactPoint { last_verified: PartialDate::parse("2025-11-22").unwrap(), ..p };
        assert!(q.is_stale(now()));
    }

    #[test]
    fn check_names_the_field() {
        let mut p = point("HRV", ContactKind::SinglePointOfContact, &[Instrument::FirearmsProtocol], &[], "2026-01-05");
        assert!(p.check(now()).is_ok());
        p.email = None;
        assert_eq!(p.check(now()).unwrap_err().field(), "email");
        p.phone = Some(Phone::parse("+385 1 6122 111").unwrap());
        p.instruments.clear();
        assert_eq!(p.check(now()).unwrap_err().field(), "instruments");
        p.instruments.insert(Instrument::Untoc);
        p.authority = "  ".into();
        assert_eq!(p.check(now()).unwrap_err().field(), "authority");
    }

    #[test]
    fn the_best_point_of_contact_is_a_single_point_then_the_freshest() {
        use Function::*;
        let fp = [Instrument::FirearmsProtocol];
        let a = point("HRV", ContactKind::CompetentAuthority, &fp, &[Tracing], "2026-10-01");
        let b = point("HRV", ContactKind::SinglePointOfContact, &fp, &[Tracing], "2024-01-01");
        let c = point("HRV", ContactKind::SinglePointOfContact, &fp, &[Tracing, Reporting], "2025-06-01");
        let d = point("SRB", ContactKind::SinglePointOfContact, &fp, &[Tracing], "2026-11-01");
        let all = [a.clone(), b, c.clone(), d];
        assert_eq!(best_for(&all, cc("HRV"), Tracing).map(|p| p.id), Some(c.id));
        assert_eq!(best_for(&all, cc("HRV"), LicenceVerification), None);
        assert_eq!(
            best_for(std::slice::from_ref(&a), cc("HRV"), Tracing).map(|p| p.id),
            Some(a.id),
            "another authority when no single point serves"
        );
    }

    #[test]
    fn coverage_by_instrument() {
        let pts = [
            point(
                "HRV",
                ContactKind::SinglePointOfContact,
                &[Instrument::FirearmsProtocol, Instrument::ArmsTradeTreaty],
                &[],
                "2026-05-01",
            ),
            point("HRV", ContactKind::CentralAuthority, &[Instrument::Untoc], &[], "2020-01-01"),
            point("SRB", ContactKind::CompetentAuthority, &[Instrument::FirearmsProtocol], &[], "2026-05-01"),
        ];
        let cov = coverage(&pts, &[cc("HRV"), cc("SRB")], now());
        assert_eq!(cov[0].instruments, [Covered::Current, Covered::Current, Covered::None, Covered::Stale]);
        assert!(cov[0].has_gap());
        assert!(cov[1].has_none(), "a competent authority is not the single point of contact the Protocol asks for");
    }

    fn instrument() -> impl Strategy<Value = Instrument> {
        prop_oneof![
            Just(Instrument::FirearmsProtocol),
            Just(Instrument::ArmsTradeTreaty),
            Just(Instrument::ProgrammeOfAction),
            Just(Instrument::Untoc),
            "[A-Za-z][A-Za-z0-9 ()-]{0,40}[A-Za-z)]".prop_map(Instrument::Regional),
        ]
    }

    proptest! {
        /// Whatever the text, parsers answer Ok or an error naming their field, never a panic.
        #[test]
        fn parsers_never_panic(s in "\\PC{0,80}") {
            let _ = Instrument::parse_list(&s);
            let _ = Function::parse_list(&s);
            let _ = LanguageCode::parse_list(&s);
            let _ = ContactKind::parse(&s);
            let _ = parse_time_zone(&s);
            let _ = parse_verified(&s, now());
            if let Err(e) = Email::parse(&s) { prop_assert_eq!(e.field(), "email"); }
            if let Err(e) = Phone::parse(&s) { prop_assert_eq!(e.field(), "phone"); }
        }

        /// What a parser accepts, it accepts again from its own output (what is stored reads back).
        #[test]
        fn parsed_values_round_trip(i in instrument(), local in "[a-z0-9._%+-]{1,20}", dom in "[a-z0-9-]{1,20}", tld in "[a-z]{2,6}", digits in "[0-9 ]{6,20}") {
            prop_assert_eq!(Instrument::parse(&i.code()).unwrap(), i.clone());
            let json = serde_json::to_string(&i).unwrap();
            prop_assert_eq!(serde_json::from_str::<Instrument>(&json).unwrap(), i);
            if let Ok(e) = Email::parse(&format!("{local}@{dom}.{tld}")) {
                prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
            if let Ok(p) = Phone::parse(&format!("+{digits}")) {
                prop_assert_eq!(Phone::parse(p.as_str()).unwrap(), p);
            }
        }

        /// Staleness is monotone in time: once stale, an entry stays stale.
        #[test]
        fn once_stale_always_stale(days in 0i64..3000, later in 0i64..3000) {
            let p = point("HRV", ContactKind::SinglePointOfContact, &[Instrument::FirearmsProtocol], &[], "2020-01-01");
            let t = |d: i64| Timestamp::from_unix_millis((p.last_verified.earliest_day() + d) * 86_400_000);
            if p.is_stale(t(days)) { prop_assert!(p.is_stale(t(days + later))); }
            prop_assert_eq!(p.is_stale(t(days)), days > STALE_AFTER_DAYS);
        }
    }
}
