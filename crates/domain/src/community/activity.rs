//! Events and activities of the Community (seed 004: the activity record of the UNODC Global
//! Firearms Programme — type, focus, partners, implementers, donors, budget, contact; seeds 002
//! §§ 6–7 and 003: the meetings and conferences where practitioners shared their cases). A record
//! says what happened or will happen, where, with whom, and what came out of it; members say that
//! they take part.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::directory::{Email, LanguageCode};
use crate::error::DomainError;
use crate::id::RecordId;
use crate::nomenclature::text::fold_key;
use crate::time::Timestamp;

/// Longest text of a short field (a title, a name, a place).
pub const MAX_SHORT: usize = 300;
/// Longest text of a long field (a description, the outcomes). Seed 004's description and project
/// description are about 3,500 characters together.
pub const MAX_LONG: usize = 20_000;
/// Most entries in one list (partners, countries, documents ...).
pub const MAX_LIST: usize = 200;
/// Longest activity: a training course or a conference series is weeks, not years; a longer span is
/// almost always a mistyped year.
pub const MAX_DAYS: i64 = 366;

macro_rules! coded {
    ($(#[$m:meta])* $t:ident, $field:literal, $( $v:ident = $code:literal, $label:literal; )*) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $t { $($v,)* }

        impl $t {
            pub const ALL: &'static [$t] = &[$(Self::$v,)*];
            pub fn code(&self) -> &'static str {
                match self { $(Self::$v => $code,)* }
            }
            /// The English words of seed 004's activity record.
            pub fn label(&self) -> &'static str {
                match self { $(Self::$v => $label,)* }
            }
            /// A code, or the English words as the record writes them (any case, any accents).
            pub fn parse(s: &str) -> Result<Self, DomainError> {
                let k = fold_key(&s.replace(['_', '-'], " "));
                Self::ALL
                    .iter()
                    .copied()
                    .find(|x| fold_key(&x.code().replace('_', " ")) == k || fold_key(&x.label().replace('-', " ")) == k)
                    .ok_or_else(|| {
                        DomainError::invalid($field, s, format!("one of {}", Self::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")))
                    })
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

coded! {
    /// The type of an activity (seed 004's "Type of Activity", and the kinds of meetings seeds 002
    /// and 003 report).
    ActivityType, "types",
    InstitutionalCapacityBuilding = "institutional_capacity_building", "Institutional capacity-building";
    LegislativeAssistance = "legislative_assistance", "Legislative assistance";
    SensitizationOutreach = "sensitization_outreach", "Sensitization and outreach";
    TechnicalAssistance = "technical_assistance", "Technical assistance";
    Training = "training", "Training";
    ExpertMeeting = "expert_meeting", "Expert meeting";
    Conference = "conference", "Conference";
}

coded! {
    /// The focus of an activity: exactly seed 004's "Focus of Activity" list.
    Focus, "focus",
    BorderControls = "border_controls", "Border controls";
    Enforcement = "enforcement", "Enforcement";
    ImportControls = "import_controls", "Import controls";
    InternationalInstruments = "international_instruments", "International instruments";
    RegionalCooperation = "regional_cooperation", "Regional cooperation";
    RegionalInstruments = "regional_instruments", "Regional instruments";
    RiskAssessments = "risk_assessments", "Risk assessments";
    SalwControls = "salw_controls", "Small arms and light weapons (SALW) controls";
    Tracing = "tracing", "Tracing";
    TransferControls = "transfer_controls", "Transfer controls";
    TransitTransshipmentControls = "transit_transshipment_controls", "Transit and trans-shipment controls";
}

/// ISO 4217 codes of the currencies in use (and XDR, in which some donors budget).
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD \
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF \
IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU \
MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP \
SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF \
YER ZAR ZMW ZWG";

/// A currency: an ISO 4217 alphabetic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_ascii_uppercase();
        let t = match t.as_str() {
            "€" | "EURO" | "EUROS" => "EUR".to_string(),
            "US$" | "US DOLLAR" | "US DOLLARS" => "USD".to_string(),
            _ => t,
        };
        let b = t.as_bytes();
        if b.len() != 3 || !ISO_4217.split_whitespace().any(|c| c == t) {
            return Err(DomainError::invalid("currency", s, "an ISO 4217 code such as EUR, USD, GBP, MXN"));
        }
        Ok(Currency([b[0], b[1], b[2]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}
impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// A budget in hundredths of its currency (integers: no rounding of money through floats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub cents: i64,
    pub currency: Currency,
}

impl Budget {
    /// An amount as donors write it: `3248537.00`, `3,248,537.00`, `3 248 537`, `1.5`; at most two
    /// decimals, not negative. A comma followed by exactly two digits at the end is read as the
    /// decimal separator (`3.248.537,00`).
    pub fn parse(amount: &str, currency: &str) -> Result<Budget, DomainError> {
        let bad = || DomainError::invalid("budget", amount, "an amount such as 3248537.00 (at most two decimals)");
        let t: String = amount.trim().chars().filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{a0}').collect();
        let (int, frac) = match t.rfind([',', '.']) {
            Some(i) if (1..=2).contains(&(t.len() - i - 1)) => (&t[..i], &t[i + 1..]),
            _ => (t.as_str(), ""),
        };
        // Thousands separators, when used, separate groups of three digits.
        let groups: Vec<&str> = int.split([',', '.']).collect();
        if groups.len() > 1 && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
            return Err(bad());
        }
        let int: String = groups.concat();
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || int.len() > 15 {
            return Err(bad());
        }
        let whole: i64 = int.parse().map_err(|_| bad())?;
        let cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        Ok(Budget { cents: whole * 100 + cents, currency: Currency::parse(currency)? })
    }
    /// `3248537.00`
    pub fn amount(&self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }
    /// `3,248,537.00` (for reading).
    pub fn grouped(&self) -> String {
        let whole = (self.cents / 100).to_string();
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        format!("{out}.{:02}", self.cents % 100)
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.grouped(), self.currency)
    }
}

/// Where an activity takes place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default)]
    pub city: String,
    /// A venue named as written (Wilton Park), when the record names one.
    #[serde(default)]
    pub venue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
}

impl Place {
    /// `Panama City, PAN`; `Wilton Park, United Kingdom ...`.
    pub fn describe(&self) -> String {
        let country = self.country.map(|c| c.name().to_string()).unwrap_or_default();
        [self.venue.as_str(), self.city.as_str(), country.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
    }
}

/// Whom to ask about an activity (seed 004's "Contact Details").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub person: String,
    /// Their function, as written (Chief of Firearms Trafficking Section).
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    /// As written ("(+43-1) 26060"): digits and the usual separators.
    #[serde(default)]
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
}

/// A document of an activity (agenda, report, presentation): a title and where it is (a web
/// address, or a page of this node such as a resource of the library, `/community/...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// One session of an activity's programme (seed 003: "On 31 August 2017, the fifth session of the
/// conference was dedicated to ...").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub date: PartialDate,
    pub title: String,
}

/// An event or activity of the Community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: RecordId,
    pub title: String,
    /// First day.
    pub start: PartialDate,
    /// Last day (the same as `start` for a one-day activity).
    pub end: PartialDate,
    pub place: Place,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub types: Vec<ActivityType>,
    #[serde(default)]
    pub focus: Vec<Focus>,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub implementers: Vec<String>,
    #[serde(default)]
    pub donors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    #[serde(default)]
    pub contact: Contact,
    /// Countries named as taking part, as the record names them.
    #[serde(default)]
    pub participating_countries: Vec<CountryCode>,
    /// Who took part, in the record's words, where it names a region or a number rather than
    /// countries ("criminal justice practitioners from the Western Balkan region").
    #[serde(default)]
    pub participants: String,
    /// Members of the Community who said they take part.
    #[serde(default)]
    pub participating_members: Vec<RecordId>,
    #[serde(default)]
    pub programme: Vec<Session>,
    #[serde(default)]
    pub documents: Vec<Link>,
    #[serde(default)]
    pub outcomes: String,
    /// The language the record is written in.
    pub language: LanguageCode,
    /// The project the activity belongs to.
    #[serde(default)]
    pub project: String,
    /// What the project is for (its objective, pillars and outputs), as its record describes it.
    #[serde(default)]
    pub project_description: String,
    /// Where the record comes from (a report, a paragraph).
    #[serde(default)]
    pub source: String,
    /// What a reader should know about the record itself (a discrepancy in the source).
    #[serde(default)]
    pub note: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub created_by: String,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub updated_by: String,
}

/// A list field of a draft: one text (entries on lines or after `;`), or a JSON list of texts.
fn text_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum T {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<T>::deserialize(d)? {
        None => String::new(),
        Some(T::One(s)) => s,
        Some(T::Many(v)) => v.join("\n"),
    })
}

/// An activity as typed in the form or sent to the API: every field text. Lists are one entry a
/// line (or separated by `;`; codes and countries also by `,`), or JSON lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityDraft {
    pub title: String,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub start: String,
    /// Empty: a one-day activity.
    pub end: String,
    pub city: String,
    pub venue: String,
    pub country: String,
    pub description: String,
    #[serde(deserialize_with = "text_or_list")]
    pub types: String,
    #[serde(deserialize_with = "text_or_list")]
    pub focus: String,
    #[serde(deserialize_with = "text_or_list")]
    pub partners: String,
    #[serde(deserialize_with = "text_or_list")]
    pub implementers: String,
    #[serde(deserialize_with = "text_or_list")]
    pub donors: String,
    /// `3248537.00`; empty: not said.
    pub budget: String,
    pub currency: String,
    pub contact_person: String,
    pub contact_role: String,
    pub contact_organisation: String,
    pub contact_phone: String,
    pub contact_email: String,
    #[serde(deserialize_with = "text_or_list")]
    pub participating_countries: String,
    pub participants: String,
    /// Lines `YYYY-MM-DD | title`.
    #[serde(deserialize_with = "text_or_list")]
    pub programme: String,
    /// Lines `title | https://...`.
    #[serde(deserialize_with = "text_or_list")]
    pub documents: String,
    pub outcomes: String,
    /// `en`, `es`, `fr` ...
    pub language: String,
    pub project: String,
    pub project_description: String,
    pub source: String,
    pub note: String,
}

/// An activity's checked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFields {
    pub title: String,
    pub start: PartialDate,
    pub end: PartialDate,
    pub place: Place,
    pub description: String,
    pub types: Vec<ActivityType>,
    pub focus: Vec<Focus>,
    pub partners: Vec<String>,
    pub implementers: Vec<String>,
    pub donors: Vec<String>,
    pub budget: Option<Budget>,
    pub contact: Contact,
    pub participating_countries: Vec<CountryCode>,
    pub participants: String,
    pub programme: Vec<Session>,
    pub documents: Vec<Link>,
    pub outcomes: String,
    pub language: LanguageCode,
    pub project: String,
    pub project_description: String,
    pub source: String,
    pub note: String,
}

type Errors = Vec<(&'static str, DomainError)>;

fn text(field: &'static str, s: &str, max: usize, errors: &mut Errors) -> String {
    let t = s.trim();
    if t.chars().count() > max {
        errors.push((field, DomainError::invalid(field, t, format!("at most {max} characters"))));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        errors.push((field, DomainError::invalid(field, t, "text without control characters")));
    }
    t.replace("\r\n", "\n")
}

/// Entries on lines or after `;` (and `,` when `commas`), trimmed, empty ones dropped.
fn entries(s: &str, commas: bool) -> Vec<&str> {
    s.split(|c| c == '\n' || c == ';' || (commas && c == ',')).map(str::trim).filter(|x| !x.is_empty()).collect()
}

fn names(field: &'static str, s: &str, errors: &mut Errors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in entries(s, false) {
        let e = text(field, e, MAX_SHORT, errors);
        if !out.iter().any(|o| fold_key(o) == fold_key(&e)) {
            out.push(e);
        }
    }
    if out.len() > MAX_LIST {
        errors.push((field, DomainError::invalid(field, s, format!("at most {MAX_LIST} entries"))));
    }
    out
}

fn full_date(field: &'static str, s: &str, errors: &mut Errors) -> Option<PartialDate> {
    match PartialDate::parse(s) {
        Ok(d) if d.day_value().is_some() => Some(d),
        Ok(_) => {
            errors.push((field, DomainError::invalid(field, s, "a day: YYYY-MM-DD or DD/MM/YYYY (a calendar needs the day)")));
            None
        }
        Err(_) if s.trim().is_empty() => {
            errors.push((field, DomainError::missing(field, "the first day, YYYY-MM-DD or DD/MM/YYYY")));
            None
        }
        Err(_) => {
            errors.push((field, DomainError::invalid(field, s, "a day: YYYY-MM-DD or DD/MM/YYYY")));
            None
        }
    }
}

/// A country as the United Nations' documents name it ("the Niger", "the United Kingdom of Great
/// Britain and Northern Ireland"): the article is not part of the name the nomenclature knows.
pub fn parse_country(s: &str) -> Result<CountryCode, DomainError> {
    CountryCode::parse(s).or_else(|e| {
        let t = s.trim();
        match t.get(..4) {
            Some(head) if head.eq_ignore_ascii_case("the ") => CountryCode::parse(&t[4..]).map_err(|_| e),
            _ => Err(e),
        }
    })
}

/// A web address or a page of this node: what a link of an activity may point to. Anything else
/// (`javascript:`, `data:`, `file:`) is refused: the page shows links as they are.
pub fn check_url(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://")) && t.len() > 8 || (t.starts_with('/') && !t.starts_with("//"));
    if !ok || t.len() > 2_000 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(DomainError::invalid("documents", s, "a web address (https://...) or a page of this node (/community/...)"));
    }
    Ok(t.to_string())
}

fn check_phone(s: &str) -> Result<String, DomainError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) || !t.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c)) || t.matches('+').count() > 1 {
        return Err(DomainError::invalid("contact_phone", s, "a telephone number such as (+43-1) 26060 or +507 123 4567"));
    }
    Ok(t)
}

impl ActivityDraft {
    /// Checks every field; all errors at once, each with its field.
    pub fn parse(&self) -> Result<ActivityFields, Errors> {
        let mut errors = Errors::new();
        let title = text("title", &self.title, MAX_SHORT, &mut errors);
        if title.is_empty() {
            errors.push(("title", DomainError::missing("title", "the name of the activity")));
        }
        let start = full_date("start", &self.start, &mut errors);
        let end = if self.end.trim().is_empty() { start } else { full_date("end", &self.end, &mut errors) };
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errors.push(("end", DomainError::invalid("end", &self.end, format!("a day on or after the first day ({s})"))));
            } else if e.earliest_day() - s.earliest_day() >= MAX_DAYS {
                errors.push(("end", DomainError::invalid("end", &self.end, "within a year of the first day (check the year)")));
            }
        }
        let country = match self.country.trim() {
            "" => None,
            c => parse_country(c).map_err(|e| errors.push(("country", e))).ok(),
        };
        let place = Place {
            city: text("city", &self.city, MAX_SHORT, &mut errors),
            venue: text("venue", &self.venue, MAX_SHORT, &mut errors),
            country,
        };
        let description = text("description", &self.description, MAX_LONG, &mut errors);
        let mut types = Vec::new();
        for t in entries(&self.types, true) {
            match ActivityType::parse(t) {
                Ok(t) if !types.contains(&t) => types.push(t),
                Ok(_) => {}
                Err(e) => errors.push(("types", e)),
            }
        }
        let mut focus = Vec::new();
        for t in entries(&self.focus, true) {
            match Focus::parse(t) {
                Ok(t) if !focus.contains(&t) => focus.push(t),
                Ok(_) => {}
                Err(e) => errors.push(("focus", e)),
            }
        }
        let partners = names("partners", &self.partners, &mut errors);
        let implementers = names("implementers", &self.implementers, &mut errors);
        let donors = names("donors", &self.donors, &mut errors);
        let budget = match (self.budget.trim(), self.currency.trim()) {
            ("", "") => None,
            ("", _) => {
                errors.push(("budget", DomainError::missing("budget", "the amount, since a currency is given")));
                None
            }
            (_, "") => {
                errors.push(("currency", DomainError::missing("currency", "the ISO 4217 code of the budget, e.g. EUR")));
                None
            }
            (a, c) => match (Budget::parse(a, "EUR"), Currency::parse(c)) {
                (Ok(b), Ok(currency)) => Some(Budget { currency, ..b }),
                (a, c) => {
                    if let Err(e) = a {
                        errors.push(("budget", e));
                    }
                    if let Err(e) = c {
                        errors.push(("currency", e));
                    }
                    None
                }
            },
        };
        let contact = Contact {
            person: text("contact_person", &self.contact_person, MAX_SHORT, &mut errors),
            role: text("contact_role", &self.contact_role, MAX_SHORT, &mut errors),
            organisation: text("contact_organisation", &self.contact_organisation, MAX_SHORT, &mut errors),
            phone: match self.contact_phone.trim() {
                "" => String::new(),
                p => check_phone(p).map_err(|e| errors.push(("contact_phone", e))).unwrap_or_default(),
            },
            email: match self.contact_email.trim() {
                "" => None,
                e => Email::parse(e).map_err(|e| errors.push(("contact_email", e))).ok(),
            },
        };
        let mut participating_countries = Vec::new();
        for c in entries(&self.participating_countries, true) {
            match parse_country(c) {
                Ok(c) if !participating_countries.contains(&c) => participating_countries.push(c),
                Ok(_) => {}
                Err(e) => errors.push(("participating_countries", e)),
            }
        }
        let participants = text("participants", &self.participants, MAX_SHORT * 3, &mut errors);
        let mut programme = Vec::new();
        for line in entries(&self.programme, false) {
            let (d, t) = line.split_once('|').unwrap_or((line, ""));
            let title = text("programme", t, MAX_SHORT, &mut errors);
            match PartialDate::parse(d) {
                Ok(date) if !title.is_empty() => {
                    let inside =
                        start.zip(end).is_none_or(|(s, e)| date.earliest_day() >= s.earliest_day() && date.latest_day() <= e.latest_day());
                    if inside {
                        programme.push(Session { date, title })
                    } else {
                        errors.push((
                            "programme",
                            DomainError::invalid("programme", line, "a day between the first and the last day of the activity"),
                        ))
                    }
                }
                _ => errors.push(("programme", DomainError::invalid("programme", line, "a line: YYYY-MM-DD | what the session is about"))),
            }
        }
        let mut documents = Vec::new();
        for line in entries(&self.documents, false) {
            match line.rsplit_once('|') {
                Some((t, u)) if !t.trim().is_empty() => match check_url(u) {
                    Ok(url) => documents.push(Link { title: text("documents", t, MAX_SHORT, &mut errors), url }),
                    Err(e) => errors.push(("documents", e)),
                },
                _ => errors.push(("documents", DomainError::invalid("documents", line, "a line: title | https://..."))),
            }
        }
        for (field, n) in
            [("participating_countries", participating_countries.len()), ("programme", programme.len()), ("documents", documents.len())]
        {
            if n > MAX_LIST {
                errors.push((field, DomainError::invalid(field, "", format!("at most {MAX_LIST} entries"))));
            }
        }
        let outcomes = text("outcomes", &self.outcomes, MAX_LONG, &mut errors);
        let language = match self.language.trim() {
            "" => {
                errors.push(("language", DomainError::missing("language", "the language the record is written in: en, es, fr ...")));
                None
            }
            l => LanguageCode::parse(l).map_err(|e| errors.push(("language", e))).ok(),
        };
        let project = text("project", &self.project, MAX_SHORT * 2, &mut errors);
        let project_description = text("project_description", &self.project_description, MAX_LONG, &mut errors);
        let source = text("source", &self.source, MAX_SHORT * 2, &mut errors);
        let note = text("note", &self.note, MAX_LONG, &mut errors);
        match (errors.is_empty(), start, end, language) {
            (true, Some(start), Some(end), Some(language)) => Ok(ActivityFields {
                title,
                start,
                end,
                place,
                description,
                types,
                focus,
                partners,
                implementers,
                donors,
                budget,
                contact,
                participating_countries,
                participants,
                programme,
                documents,
                outcomes,
                language,
                project,
                project_description,
                source,
                note,
            }),
            _ => Err(errors),
        }
    }

    /// The draft of a record (to edit it).
    pub fn of(a: &Activity) -> ActivityDraft {
        let lines = |v: Vec<String>| v.join("\n");
        ActivityDraft {
            title: a.title.clone(),
            start: a.start.to_string(),
            end: if a.end == a.start { String::new() } else { a.end.to_string() },
            city: a.place.city.clone(),
            venue: a.place.venue.clone(),
            country: a.place.country.map(|c| c.to_string()).unwrap_or_default(),
            description: a.description.clone(),
            types: lines(a.types.iter().map(|t| t.code().to_string()).collect()),
            focus: lines(a.focus.iter().map(|t| t.code().to_string()).collect()),
            partners: lines(a.partners.clone()),
            implementers: lines(a.implementers.clone()),
            donors: lines(a.donors.clone()),
            budget: a.budget.map(|b| b.amount()).unwrap_or_default(),
            currency: a.budget.map(|b| b.currency.to_string()).unwrap_or_default(),
            contact_person: a.contact.person.clone(),
            contact_role: a.contact.role.clone(),
            contact_organisation: a.contact.organisation.clone(),
            contact_phone: a.contact.phone.clone(),
            contact_email: a.contact.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
            participating_countries: lines(a.participating_countries.iter().map(|c| c.to_string()).collect()),
            participants: a.participants.clone(),
            programme: lines(a.programme.iter().map(|s| format!("{} | {}", s.date, s.title)).collect()),
            documents: lines(a.documents.iter().map(|d| format!("{} | {}", d.title, d.url)).collect()),
            outcomes: a.outcomes.clone(),
            language: a.language.to_string(),
            project: a.project.clone(),
            project_description: a.project_description.clone(),
            source: a.source.clone(),
            note: a.note.clone(),
        }
    }
}

impl Activity {
    /// A new record from checked fields.
    pub fn new(f: ActivityFields, by: &str, now: Timestamp) -> Activity {
        let mut a = Activity {
            id: RecordId::new(),
            title: String::new(),
            start: f.start,
            end: f.end,
            place: Place::default(),
            description: String::new(),
            types: vec![],
            focus: vec![],
            partners: vec![],
            implementers: vec![],
            donors: vec![],
            budget: None,
            contact: Contact::default(),
            participating_countries: vec![],
            participants: String::new(),
            participating_members: vec![],
            programme: vec![],
            documents: vec![],
            outcomes: String::new(),
            language: f.language,
            project: String::new(),
            project_description: String::new(),
            source: String::new(),
            note: String::new(),
            created_at: now,
            created_by: by.to_string(),
            updated_at: now,
            updated_by: by.to_string(),
        };
        a.set(f, by, now);
        a
    }

    /// Replaces what the fields say; who takes part and when it was created stay.
    pub fn set(&mut self, f: ActivityFields, by: &str, now: Timestamp) {
        self.title = f.title;
        self.start = f.start;
        self.end = f.end;
        self.place = f.place;
        self.description = f.description;
        self.types = f.types;
        self.focus = f.focus;
        self.partners = f.partners;
        self.implementers = f.implementers;
        self.donors = f.donors;
        self.budget = f.budget;
        self.contact = f.contact;
        self.participating_countries = f.participating_countries;
        self.participants = f.participants;
        self.programme = f.programme;
        self.documents = f.documents;
        self.outcomes = f.outcomes;
        self.language = f.language;
        self.project = f.project;
        self.project_description = f.project_description;
        self.source = f.source;
        self.note = f.note;
        self.updated_at = now;
        self.updated_by = by.to_string();
    }

    /// Days since 1970-01-01 of the first day.
    pub fn first_day(&self) -> i64 {
        self.start.earliest_day()
    }
    /// Days since 1970-01-01 of the last day.
    pub fn last_day(&self) -> i64 {
        self.end.latest_day().max(self.first_day())
    }
    /// Whether it takes place on any day from `from` to `to` (inclusive).
    pub fn overlaps(&self, from: i64, to: i64) -> bool {
        self.first_day() <= to && self.last_day() >= from
    }
    /// Not over yet on `today`.
    pub fn is_upcoming(&self, today: i64) -> bool {
        self.last_day() >= today
    }
    /// `13–14 December 2021`-like dates, numerically: `2021-12-13 – 2021-12-14`.
    pub fn dates(&self) -> String {
        if self.first_day() == self.last_day() {
            self.start.to_string()
        } else {
            format!("{} – {}", self.start, self.end)
        }
    }
    /// Whether a country takes part or hosts it.
    pub fn involves(&self, c: CountryCode) -> bool {
        self.place.country == Some(c) || self.participating_countries.contains(&c)
    }
    /// Folded words that the list's search looks in.
    pub fn search_text(&self) -> String {
        fold_key(&format!(
            "{} {} {} {} {} {} {} {} {} {} {} {}",
            self.title,
            self.place.describe(),
            self.description,
            self.participants,
            self.partners.join(" "),
            self.implementers.join(" "),
            self.donors.join(" "),
            self.project,
            self.outcomes,
            self.programme.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join(" "),
            self.participating_countries.iter().map(|c| c.name()).collect::<Vec<_>>().join(" "),
            self.contact.organisation,
        ))
    }
    /// The first sentence or so of the description (for lists and headlines).
    pub fn summary(&self) -> String {
        let d = self.description.trim();
        let cut = d.find(". ").map(|i| i + 1).unwrap_or(d.len());
        let s: String = d[..cut].chars().take(300).collect();
        if s.is_empty() {
            [self.dates(), self.place.describe()].iter().filter(|x| !x.is_empty()).cloned().collect::<Vec<_>>().join(", ")
        } else {
            s
        }
    }
}

/// The weeks of a month as a calendar shows them: Monday first, each day as days since 1970-01-01
/// (the days of the neighbouring months fill the first and the last week).
pub fn month_weeks(year: i32, month: u8) -> Vec<[i64; 7]> {
    let first = crate::time::days_from_civil(year as i64, month as u32, 1);
    let last = first + crate::time::days_in_month(year as i64, month as u32) as i64 - 1;
    let monday = first - weekday(first);
    let mut out = Vec::new();
    let mut d = monday;
    while d <= last {
        out.push(std::array::from_fn(|i| d + i as i64));
        d += 7;
    }
    out
}

/// 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ActivityDraft {
        ActivityDraft {
            title: "Regional meeting".into(),
            start: "13/12/2021".into(),
            end: "14/12/2021".into(),
            city: "Panama City".into(),
            country: "Panama".into(),
            types: "Institutional capacity-building\nsensitization_outreach".into(),
            focus: "Small arms and light weapons (SALW) controls; tracing, Transit and trans-shipment controls".into(),
            implementers: "Interpol\nUnited Nations Office on Drugs and Crime (UNODC)".into(),
            budget: "3248537.00".into(),
            currency: "eur".into(),
            contact_phone: "(+43-1) 26060".into(),
            contact_email: "simonetta.grassi@un.org".into(),
            participating_countries: "Panama, Mexico; the Niger".into(),
            programme: "2021-12-14 | Cases of diverted firearms".into(),
            documents: "Agenda | https://www.unodc.org/agenda.pdf".into(),
            language: "en".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_seed_record_is_read_as_written() {
        let f = draft().parse().unwrap();
        assert_eq!(f.start.to_string(), "2021-12-13");
        assert_eq!(f.end.to_string(), "2021-12-14");
        assert_eq!(f.place.country.map(|c| c.to_string()), Some("PAN".into()));
        assert_eq!(f.types, vec![ActivityType::InstitutionalCapacityBuilding, ActivityType::SensitizationOutreach]);
        assert_eq!(f.focus, vec![Focus::SalwControls, Focus::Tracing, Focus::TransitTransshipmentControls]);
        assert_eq!(f.implementers.len(), 2);
        let b = f.budget.unwrap();
        assert_eq!((b.cents, b.currency.as_str(), b.amount()), (324_853_700, "EUR", "3248537.00".to_string()));
        assert_eq!(b.to_string(), "3,248,537.00 EUR");
        assert_eq!(f.contact.phone, "(+43-1) 26060");
        assert_eq!(f.participating_countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["PAN", "MEX", "NER"]);
        let a = Activity::new(f.clone(), "coord", Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0));
        assert_eq!(ActivityDraft::of(&a).parse().unwrap(), f, "a record's draft gives back the record");
        assert!(a.overlaps(a.last_day(), a.last_day() + 10) && !a.overlaps(a.last_day() + 1, a.last_day() + 10));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let d = ActivityDraft {
            start: "2021-12".into(),
            end: "2021-12-01".into(),
            country: "Atlantis".into(),
            types: "juggling".into(),
            focus: "space".into(),
            budget: "12,34,5x".into(),
            currency: "EURO DOLLARS".into(),
            contact_email: "nobody".into(),
            contact_phone: "call me".into(),
            participating_countries: "Mexico, Narnia".into(),
            documents: "Agenda | javascript:alert(1)".into(),
            programme: "someday | x".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = d.parse().unwrap_err().into_iter().map(|(f, _)| f).collect();
        for f in [
            "title",
            "start",
            "country",
            "types",
            "focus",
            "budget",
            "currency",
            "contact_email",
            "contact_phone",
            "participating_countries",
            "documents",
            "programme",
            "language",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let backwards = ActivityDraft { start: "2021-12-14".into(), end: "2021-12-13".into(), ..draft() };
        assert_eq!(backwards.parse().unwrap_err()[0].0, "end");
        let a_year = ActivityDraft { start: "2021-12-14".into(), end: "2022-12-16".into(), ..draft() };
        assert_eq!(a_year.parse().unwrap_err()[0].0, "end");
        let outside = ActivityDraft { programme: "2021-12-15 | after".into(), ..draft() };
        assert_eq!(outside.parse().unwrap_err()[0].0, "programme");
        let no_currency = ActivityDraft { currency: "".into(), ..draft() };
        assert_eq!(no_currency.parse().unwrap_err()[0].0, "currency");
    }

    #[test]
    fn budgets_as_donors_write_them() {
        let eur = |s: &str| Budget::parse(s, "EUR").map(|b| b.cents);
        assert_eq!(eur("3248537.00"), Ok(324_853_700));
        assert_eq!(eur("3,248,537.00"), Ok(324_853_700));
        assert_eq!(eur("3.248.537,00"), Ok(324_853_700));
        assert_eq!(eur("3 248 537"), Ok(324_853_700));
        assert_eq!(eur("1.5"), Ok(150));
        assert_eq!(eur("0"), Ok(0));
        assert_eq!(eur("1.234"), Ok(123_400), "a thousands separator, as in 3.248.537,00");
        for bad in ["", "-5", "1.2345", "12,34,5", "12e3", "abc", "9999999999999999"] {
            assert!(eur(bad).is_err(), "{bad}");
        }
        assert!(Budget::parse("1", "XYZ").is_err());
        assert_eq!(Currency::parse("€").unwrap().as_str(), "EUR");
        assert_eq!(serde_json::to_string(&Budget::parse("1", "usd").unwrap()).unwrap(), r#"{"cents":100,"currency":"USD"}"#);
        assert!(serde_json::from_str::<Currency>("\"ABC\"").is_err());
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(Focus::ALL.len(), 11, "seed 004's list");
        for f in Focus::ALL {
            assert_eq!(Focus::parse(f.code()), Ok(*f));
            assert_eq!(Focus::parse(f.label()), Ok(*f));
        }
        for t in ActivityType::ALL {
            assert_eq!(ActivityType::parse(&t.label().to_uppercase()), Ok(*t));
        }
    }

    #[test]
    fn drafts_take_json_lists_or_lines() {
        let d: ActivityDraft =
            serde_json::from_str(r#"{"title":"x","partners":["Panama","Mexico"],"donors":"European Union (EU)"}"#).unwrap();
        assert_eq!(d.partners, "Panama\nMexico");
        assert_eq!(d.donors, "European Union (EU)");
    }

    #[test]
    fn links_are_web_addresses_or_pages_of_the_node() {
        assert!(check_url("https://www.unodc.org/x").is_ok());
        assert!(check_url("/community/resources/1").is_ok());
        for bad in ["javascript:alert(1)", "//evil.example/x", "data:text/html,x", "https://", "ftp://x", "https://a b"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_month_is_whole_weeks_from_monday() {
        // December 2021: the 1st was a Wednesday, the 31st a Friday.
        let weeks = month_weeks(2021, 12);
        assert_eq!(weeks.len(), 5);
        let first = crate::time::days_from_civil(2021, 12, 1);
        assert_eq!(weeks[0][2], first);
        assert_eq!(weekday(first), 2);
        assert_eq!(weeks[4][4], crate::time::days_from_civil(2021, 12, 31));
        // February 2021 began on a Monday and has exactly four weeks.
        assert_eq!(month_weeks(2021, 2).len(), 4);
    }
}
