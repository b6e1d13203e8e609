//! The Digest of Illicit Firearms Cases (seed 004: "to illustrate through practical cases and
//! examples the implementation of the Firearms Protocol and to provide good practices and lessons
//! learned to practitioners in the investigation, prosecution, and adjudication of these cases").
//!
//! A case is written from scratch or drafted from a real case record. A real record carries
//! persons, exact places, references and serial numbers that must never reach the Community: the
//! draft made from it has them removed or generalised ([`anonymise`]), the editor sees each change
//! side by side, and a coordinator approves before members can read it. What is published is only
//! the case's own fields as approved: the review (the record's original texts and the words it
//! removed) is dropped at publication, and the case keeps no link to the record.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::directory::LanguageCode;
use crate::error::DomainError;
use crate::id::RecordId;
use crate::incident::Incident;
use crate::item::Item;
use crate::nomenclature::text::strip_diacritics;
use crate::serial::SerialStatus;
use crate::time::Timestamp;

/// Longest text of one field of a case.
pub const MAX_TEXT: usize = 20_000;

macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn code(&self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                let t = s.trim().to_lowercase().replace(['-', ' '], "_");
                Self::ALL.iter().copied().find(|x| x.code() == t)
            }
        }
    };
}

coded! {
    /// Crimes the case is linked to (UNTOC and its Protocols; seed 002 §1–3).
    CrimeLink {
        OrganizedCrime = "organized_crime",
        Terrorism = "terrorism",
        DrugTrafficking = "drug_trafficking",
        Cybercrime = "cybercrime",
        MoneyLaundering = "money_laundering",
        MigrantSmuggling = "migrant_smuggling",
        HumanTrafficking = "human_trafficking",
        Corruption = "corruption",
    }
}

coded! {
    /// Special investigative techniques and approaches (UNTOC art. 20; seed 002 §§ 24–50).
    Technique {
        ControlledDelivery = "controlled_delivery",
        UndercoverOperation = "undercover_operation",
        Interception = "interception",
        FinancialInvestigation = "financial_investigation",
        Tracing = "tracing",
        BallisticComparison = "ballistic_comparison",
        SerialRestoration = "serial_restoration",
        JointInvestigationTeam = "joint_investigation_team",
        OnlineInvestigation = "online_investigation",
        Informants = "informants",
        BorderInspection = "border_inspection",
    }
}

coded! {
    /// Where a case stands.
    CaseStatus {
        /// The editor's; nobody else reads it.
        Draft = "draft",
        /// Waiting for a coordinator's approval.
        Submitted = "submitted",
        /// Sent back by a coordinator with a note.
        Returned = "returned",
        /// Approved: members read it.
        Published = "published",
    }
}

/// Firearms of the case, by kind: no serial number, only the state of the markings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirearmLine {
    /// Type in words (pistol, assault rifle, converted alarm pistol, parts, ammunition).
    pub kind: String,
    #[serde(default)]
    pub calibre: String,
    pub count: u32,
    /// intact, altered, obliterated, restored, partially legible, unmarked.
    #[serde(default)]
    pub markings: String,
}

/// One field as the record had it and as the draft has it (the editor's side-by-side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What drafting from a record removed: shown to the editor, checked before approval, dropped at
/// publication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub changes: Vec<Change>,
    /// Names, places, references and serial numbers of the record that must not be published.
    pub secrets: Vec<String>,
}

/// A case of the digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCase {
    pub id: RecordId,
    pub status: CaseStatus,
    pub title: String,
    pub language: LanguageCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The year only: exact dates identify a case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    pub summary: String,
    #[serde(default)]
    pub facts: String,
    #[serde(default)]
    pub firearms: Vec<FirearmLine>,
    #[serde(default)]
    pub modus_operandi: String,
    /// Countries or regions of origin, transit and destination, in words.
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub investigation: String,
    #[serde(default)]
    pub techniques: Vec<Technique>,
    /// International cooperation used (mutual legal assistance, tracing requests, JIT ...).
    #[serde(default)]
    pub cooperation: String,
    /// Its legal basis (UNTOC art. 18, FP art. 12, a bilateral treaty ...).
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub charges: String,
    #[serde(default)]
    pub judgment: String,
    #[serde(default)]
    pub sentence: String,
    #[serde(default)]
    pub good_practices: String,
    #[serde(default)]
    pub lessons_learned: String,
    #[serde(default)]
    pub crime_links: Vec<CrimeLink>,
    /// Articles of the instruments the case illustrates ("FP art. 5(1)(c)", "UNTOC art. 18").
    #[serde(default)]
    pub instruments: Vec<String>,
    /// Drafted from a real case record (which one is not kept).
    #[serde(default)]
    pub from_case_record: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The member who wrote it.
    pub author: RecordId,
    pub author_name: String,
    #[serde(default)]
    pub coordinator_note: String,
    #[serde(default)]
    pub approved_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A case's fields as typed (a form, the API, or the anonymiser's proposal).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseDraft {
    pub title: String,
    pub language: String,
    pub country: String,
    pub year: String,
    pub summary: String,
    pub facts: String,
    /// One line per kind: `count × kind, calibre, markings` (e.g. `3 × pistol, 9x19mm, obliterated`).
    pub firearms: String,
    pub modus_operandi: String,
    pub route: String,
    pub investigation: String,
    /// Codes, comma-separated.
    pub techniques: String,
    pub cooperation: String,
    pub legal_basis: String,
    pub charges: String,
    pub judgment: String,
    pub sentence: String,
    pub good_practices: String,
    pub lessons_learned: String,
    pub crime_links: String,
    /// Article references, semicolon- or line-separated.
    pub instruments: String,
}

/// The checked fields of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFields {
    pub title: String,
    pub language: LanguageCode,
    pub country: Option<CountryCode>,
    pub year: Option<i32>,
    pub summary: String,
    pub facts: String,
    pub firearms: Vec<FirearmLine>,
    pub modus_operandi: String,
    pub route: String,
    pub investigation: String,
    pub techniques: Vec<Technique>,
    pub cooperation: String,
    pub legal_basis: String,
    pub charges: String,
    pub judgment: String,
    pub sentence: String,
    pub good_practices: String,
    pub lessons_learned: String,
    pub crime_links: Vec<CrimeLink>,
    pub instruments: Vec<String>,
}

fn parse_firearm_line(line: &str) -> Result<FirearmLine, String> {
    let (count, rest) = match line.split_once(['×', 'x', '*']) {
        Some((n, rest)) if n.trim().parse::<u32>().is_ok() => (n.trim().parse::<u32>().unwrap_or(1), rest),
        _ => (1, line),
    };
    let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    let kind = parts.first().copied().unwrap_or("").to_string();
    if kind.is_empty() {
        return Err(format!("\"{line}\": write `count × kind, calibre, markings`, e.g. `3 × pistol, 9x19mm, obliterated`"));
    }
    Ok(FirearmLine {
        kind,
        calibre: parts.get(1).copied().unwrap_or("").to_string(),
        count: count.max(1),
        markings: parts.get(2..).map(|p| p.join(", ")).unwrap_or_default(),
    })
}

impl CaseDraft {
    /// Checks every field; all errors at once, each with its field.
    pub fn parse(&self) -> Result<CaseFields, Vec<(&'static str, DomainError)>> {
        let mut errors: Vec<(&'static str, DomainError)> = Vec::new();
        let mut text = |field: &'static str, s: &str| {
            let t = s.trim().replace("\r\n", "\n");
            if t.chars().count() > MAX_TEXT {
                errors.push((field, DomainError::invalid(field, &t.chars().take(40).collect::<String>(), "at most 20,000 characters")));
            }
            t
        };
        let title = text("title", &self.title);
        let summary = text("summary", &self.summary);
        let facts = text("facts", &self.facts);
        let modus_operandi = text("modus_operandi", &self.modus_operandi);
        let route = text("route", &self.route);
        let investigation = text("investigation", &self.investigation);
        let cooperation = text("cooperation", &self.cooperation);
        let legal_basis = text("legal_basis", &self.legal_basis);
        let charges = text("charges", &self.charges);
        let judgment = text("judgment", &self.judgment);
        let sentence = text("sentence", &self.sentence);
        let good_practices = text("good_practices", &self.good_practices);
        let lessons_learned = text("lessons_learned", &self.lessons_learned);
        if title.is_empty() {
            errors.push(("title", DomainError::invalid("title", "", "a title that says what the case teaches")));
        }
        if summary.is_empty() {
            errors.push(("summary", DomainError::invalid("summary", "", "a few sentences on the case")));
        }
        let language = match self.language.trim() {
            "" => LanguageCode::parse("en"),
            l => LanguageCode::parse(l),
        }
        .map_err(|e| errors.push(("language", e)))
        .ok();
        let country = Some(self.country.trim())
            .filter(|c| !c.is_empty())
            .map(CountryCode::parse)
            .transpose()
            .map_err(|e| errors.push(("country", e)))
            .ok()
            .flatten();
        let year = match self.year.trim() {
            "" => None,
            y => match y.parse::<i32>() {
                Ok(v) if (1900..=2100).contains(&v) => Some(v),
                _ => {
                    errors.push((
                        "year",
                        DomainError::invalid("year", y, "a year such as 2019 (only the year: exact dates identify a case)"),
                    ));
                    None
                }
            },
        };
        let mut firearms = Vec::new();
        for line in self.firearms.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match parse_firearm_line(line) {
                Ok(f) => firearms.push(f),
                Err(m) => errors.push(("firearms", DomainError::invalid("firearms", line, &m))),
            }
        }
        let mut techniques = Vec::new();
        for t in self.techniques.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
            match Technique::from_code(t) {
                Some(x) if !techniques.contains(&x) => techniques.push(x),
                Some(_) => {}
                None => errors.push((
                    "techniques",
                    DomainError::invalid("techniques", t, "e.g. controlled_delivery, tracing, financial_investigation"),
                )),
            }
        }
        let mut crime_links = Vec::new();
        for t in self.crime_links.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
            match CrimeLink::from_code(t) {
                Some(x) if !crime_links.contains(&x) => crime_links.push(x),
                Some(_) => {}
                None => errors
                    .push(("crime_links", DomainError::invalid("crime_links", t, "e.g. organized_crime, terrorism, drug_trafficking"))),
            }
        }
        let instruments = self.instruments.split([';', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        match (errors.is_empty(), language) {
            (true, Some(language)) => Ok(CaseFields {
                title,
                language,
                country,
                year,
                summary,
                facts,
                firearms,
                modus_operandi,
                route,
                investigation,
                techniques,
                cooperation,
                legal_basis,
                charges,
                judgment,
                sentence,
                good_practices,
                lessons_learned,
                crime_links,
                instruments,
            }),
            _ => Err(errors),
        }
    }

    pub fn of(c: &DigestCase) -> CaseDraft {
        let codes = |v: Vec<&str>| v.join(", ");
        CaseDraft {
            title: c.title.clone(),
            language: c.language.to_string(),
            country: c.country.map(|x| x.as_str().to_string()).unwrap_or_default(),
            year: c.year.map(|y| y.to_string()).unwrap_or_default(),
            summary: c.summary.clone(),
            facts: c.facts.clone(),
            firearms: c.firearms.iter().map(firearm_text).collect::<Vec<_>>().join("\n"),
            modus_operandi: c.modus_operandi.clone(),
            route: c.route.clone(),
            investigation: c.investigation.clone(),
            techniques: codes(c.techniques.iter().map(|t| t.code()).collect()),
            cooperation: c.cooperation.clone(),
            legal_basis: c.legal_basis.clone(),
            charges: c.charges.clone(),
            judgment: c.judgment.clone(),
            sentence: c.sentence.clone(),
            good_practices: c.good_practices.clone(),
            lessons_learned: c.lessons_learned.clone(),
            crime_links: codes(c.crime_links.iter().map(|t| t.code()).collect()),
            instruments: c.instruments.join("; "),
        }
    }
}

pub fn firearm_text(f: &FirearmLine) -> String {
    let mut s = format!("{} × {}", f.count, f.kind);
    if !f.calibre.is_empty() || !f.markings.is_empty() {
        s.push_str(&format!(", {}", f.calibre));
    }
    if !f.markings.is_empty() {
        s.push_str(&format!(", {}", f.markings));
    }
    s
}

impl DigestCase {
    pub fn new(author: RecordId, author_name: &str, f: CaseFields, now: Timestamp) -> DigestCase {
        let mut c = DigestCase {
            id: RecordId::new(),
            status: CaseStatus::Draft,
            title: String::new(),
            language: f.language,
            country: None,
            year: None,
            summary: String::new(),
            facts: String::new(),
            firearms: vec![],
            modus_operandi: String::new(),
            route: String::new(),
            investigation: String::new(),
            techniques: vec![],
            cooperation: String::new(),
            legal_basis: String::new(),
            charges: String::new(),
            judgment: String::new(),
            sentence: String::new(),
            good_practices: String::new(),
            lessons_learned: String::new(),
            crime_links: vec![],
            instruments: vec![],
            from_case_record: false,
            review: None,
            author,
            author_name: author_name.to_string(),
            coordinator_note: String::new(),
            approved_by: String::new(),
            approved_at: None,
            created_at: now,
            updated_at: now,
        };
        c.set(f, now);
        c
    }

    pub fn set(&mut self, f: CaseFields, now: Timestamp) {
        self.title = f.title;
        self.language = f.language;
        self.country = f.country;
        self.year = f.year;
        self.summary = f.summary;
        self.facts = f.facts;
        self.firearms = f.firearms;
        self.modus_operandi = f.modus_operandi;
        self.route = f.route;
        self.investigation = f.investigation;
        self.techniques = f.techniques;
        self.cooperation = f.cooperation;
        self.legal_basis = f.legal_basis;
        self.charges = f.charges;
        self.judgment = f.judgment;
        self.sentence = f.sentence;
        self.good_practices = f.good_practices;
        self.lessons_learned = f.lessons_learned;
        self.crime_links = f.crime_links;
        self.instruments = f.instruments;
        self.updated_at = now;
    }

    /// Every text a member can read of the case: what is published, searched and mailed.
    pub fn published_text(&self) -> Vec<(&'static str, String)> {
        vec![
            ("title", self.title.clone()),
            ("summary", self.summary.clone()),
            ("facts", self.facts.clone()),
            ("firearms", self.firearms.iter().map(firearm_text).collect::<Vec<_>>().join("\n")),
            ("modus_operandi", self.modus_operandi.clone()),
            ("route", self.route.clone()),
            ("investigation", self.investigation.clone()),
            ("cooperation", self.cooperation.clone()),
            ("legal_basis", self.legal_basis.clone()),
            ("charges", self.charges.clone()),
            ("judgment", self.judgment.clone()),
            ("sentence", self.sentence.clone()),
            ("good_practices", self.good_practices.clone()),
            ("lessons_learned", self.lessons_learned.clone()),
            ("instruments", self.instruments.join("; ")),
        ]
    }

    /// The fields that still contain one of the record's secrets (names, places, references,
    /// serial numbers), whatever their case or diacritics. A coordinator sees which fields, not
    /// the secrets.
    pub fn leaks(&self) -> Vec<&'static str> {
        let Some(r) = &self.review else { return vec![] };
        self.published_text()
            .into_iter()
            .filter(|(_, text)| r.secrets.iter().any(|s| !find_all(text, s).is_empty()))
            .map(|(f, _)| f)
            .collect()
    }
}

// ---- anonymisation ----

/// What drafting reads of a real case record. The service fills it from records the editor may
/// read; persons' names are only used to remove them.
pub struct CaseRecord<'a> {
    pub incident: &'a Incident,
    pub items: &'a [Item],
    /// (name, role in the incident) of the persons of the incident.
    pub persons: &'a [(String, String)],
    /// Other names to remove (agencies' officers, companies) if known.
    pub other_names: &'a [String],
    /// Serial numbers of the incident's items the editor may not read: removed, never described.
    pub other_serials: &'a [String],
}

/// The draft proposed from a record, and the review of what changed.
pub struct Anonymised {
    pub draft: CaseDraft,
    pub review: Review,
}

/// Folds one character for matching: lower case, no diacritics.
fn fold_char(c: char, out: &mut Vec<char>) {
    let s = strip_diacritics(c);
    if s.is_empty() {
        out.extend(c.to_lowercase());
    } else {
        out.extend(s.chars());
    }
}

/// Byte spans of `text` where `needle` occurs as whole words, ignoring case and diacritics.
fn find_all(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut folded: Vec<char> = Vec::new();
    let mut span: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        for _ in before..folded.len() {
            span.push((i, i + c.len_utf8()));
        }
    }
    let mut n: Vec<char> = Vec::new();
    for c in needle.trim().chars() {
        fold_char(c, &mut n);
    }
    if n.is_empty() || n.len() > folded.len() {
        return vec![];
    }
    let word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i + n.len() <= folded.len() {
        if folded[i..i + n.len()] == n[..]
            && (i == 0 || !word(folded[i - 1]) || !word(n[0]))
            && (i + n.len() == folded.len() || !word(folded[i + n.len()]) || !n.last().is_some_and(|c| word(*c)))
        {
            out.push((span[i].0, span[i + n.len() - 1].1));
            i += n.len();
        } else {
            i += 1;
        }
    }
    out
}

fn replace_spans(text: &str, mut spans: Vec<(usize, usize, &str)>) -> String {
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (a, b, with) in spans {
        if a < at {
            continue;
        }
        out.push_str(&text[at..a]);
        out.push_str(with);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

fn is_calibre(t: &str) -> bool {
    // 9x19, 7.62x39mm, 5,56, .45, 12ga: numbers with a separator, short.
    let core = t.trim_end_matches("mm").trim_end_matches("ga").trim_start_matches('.');
    !core.is_empty()
        && core.len() <= 9
        && core.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'x' | 'X' | '×'))
        && core.chars().any(|c| matches!(c, '.' | ',' | 'x' | 'X' | '×'))
}

/// Removes from free text what identifies a person, a place or a case: the given secrets (as
/// whole words, any case, with or without diacritics), e-mail addresses, identifiers (tokens with
/// three or more digits, letters or not: serial numbers, plates, case and phone numbers) and exact
/// dates. Years, counts and calibres stay.
pub fn scrub(text: &str, secrets: &[(String, &'static str)]) -> String {
    let mut ordered: Vec<&(String, &'static str)> = secrets.iter().filter(|(s, _)| s.trim().chars().count() >= 2).collect();
    ordered.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for (s, with) in ordered {
        for (a, b) in find_all(text, s) {
            spans.push((a, b, with));
        }
    }
    let text = replace_spans(text, spans);
    // Identifiers, e-mail addresses and dates, token by token; runs of digit groups (phone numbers
    // written with spaces) as one.
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let tokens: Vec<(usize, &str)> = text.split_whitespace().map(|t| (t.as_ptr() as usize - text.as_ptr() as usize, t)).collect();
    fn trim(t: &str) -> &str {
        t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '«' | '»' | '!' | '?' | '.'))
    }
    let mut i = 0;
    while i < tokens.len() {
        let (at, raw) = tokens[i];
        let t = trim(raw);
        let start = at + raw.find(t).unwrap_or(0);
        let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
        let year = t.len() == 4 && digits == 4 && (t.starts_with("19") || t.starts_with("20"));
        if t.contains('@') && t.contains('.') {
            spans.push((start, start + t.len(), "[e-mail]"));
        } else if digits >= 1
            && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-'))
            && t.matches(['.', '/', '-']).count() == 2
            && digits >= 6
        {
            spans.push((start, start + t.len(), "[date]"));
        } else if digits >= 1
            && !year
            && !is_calibre(t)
            && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '/'))
        {
            // A run of digit groups: a phone number or an identifier written in parts.
            let mut j = i;
            let mut total = 0;
            let mut end = start + t.len();
            while j < tokens.len() {
                let u = trim(tokens[j].1);
                let year_u = u.len() == 4 && u.chars().all(|c| c.is_ascii_digit()) && (u.starts_with("19") || u.starts_with("20"));
                if u.is_empty() || year_u && j > i || !u.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '/')) {
                    break;
                }
                total += u.chars().filter(|c| c.is_ascii_digit()).count();
                end = tokens[j].0 + tokens[j].1.find(u).unwrap_or(0) + u.len();
                j += 1;
            }
            if total >= 5 {
                spans.push((start, end, "[number]"));
                i = j;
                continue;
            }
        } else if digits >= 3 && !year && !is_calibre(t) {
            spans.push((start, start + t.len(), "[number]"));
        }
        i += 1;
    }
    replace_spans(&text, spans)
}

fn markings_word(s: SerialStatus) -> &'static str {
    match s {
        SerialStatus::Intact => "intact",
        SerialStatus::Altered => "altered",
        SerialStatus::Obliterated => "obliterated",
        SerialStatus::Restored => "restored after obliteration",
        SerialStatus::PartiallyLegible => "partially legible",
        SerialStatus::None => "unmarked",
    }
}

/// Drafts a digest case from a real record: persons become their roles, the place its country,
/// the date its year, references and serial numbers disappear (the markings' state stays), and the
/// record's free text is scrubbed of all of them. The review lists each field before and after.
pub fn anonymise(r: &CaseRecord<'_>) -> Anonymised {
    let inc = r.incident;
    let mut secrets: Vec<(String, &'static str)> = Vec::new();
    for (name, _) in r.persons {
        secrets.push((name.clone(), "[person]"));
        // Surnames and given names alone ("Horvat was arrested"), when long enough to be a name.
        for part in name.split_whitespace().filter(|p| p.chars().count() >= 3) {
            secrets.push((part.to_string(), "[person]"));
        }
    }
    for n in r.other_names {
        secrets.push((n.clone(), "[name]"));
    }
    for place in [&inc.place.locality, &inc.place.admin_area] {
        if !place.trim().is_empty() {
            secrets.push((place.clone(), "[place]"));
        }
    }
    if !inc.reference.trim().is_empty() {
        secrets.push((inc.reference.clone(), "[reference]"));
    }
    for it in r.items {
        for s in [it.markings.serial.raw(), it.markings.serial.normalized()] {
            if s.chars().count() >= 2 {
                secrets.push((s.to_string(), "[serial number]"));
            }
        }
    }
    for s in r.other_serials.iter().filter(|s| s.chars().count() >= 2) {
        secrets.push((s.clone(), "[serial number]"));
    }
    let year = inc.date.map(|d| d.year_value());
    let country = inc.place.country;
    // Firearms by kind, calibre and state of the markings.
    let mut lines: Vec<FirearmLine> = Vec::new();
    for it in r.items {
        let kind = match it.classification.firearm_type.display() {
            "" => it.class.code().to_string(),
            k => k.to_string(),
        };
        let calibre = it.classification.calibre.display().to_string();
        let markings = markings_word(it.markings.serial.status()).to_string();
        match lines.iter_mut().find(|l| l.kind == kind && l.calibre == calibre && l.markings == markings) {
            Some(l) => l.count += 1,
            None => lines.push(FirearmLine { kind, calibre, count: 1, markings }),
        }
    }
    let names = |v: &[CountryCode]| v.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
    let mut route = Vec::new();
    if !inc.route.origin.is_empty() {
        route.push(format!("origin: {}", names(&inc.route.origin)));
    }
    if !inc.route.transit.is_empty() {
        route.push(format!("transit: {}", names(&inc.route.transit)));
    }
    if !inc.route.destination.is_empty() {
        route.push(format!("destination: {}", names(&inc.route.destination)));
    }
    let mut roles: Vec<(String, usize)> = Vec::new();
    for (_, role) in r.persons {
        let role = if role.trim().is_empty() { "person".to_string() } else { role.trim().to_string() };
        match roles.iter_mut().find(|(r, _)| *r == role) {
            Some((_, n)) => *n += 1,
            None => roles.push((role, 1)),
        }
    }
    let persons_after = roles.iter().map(|(r, n)| format!("{n} × {r}")).collect::<Vec<_>>().join(", ");
    let total: u32 = lines.iter().map(|l| l.count).sum();
    let what = match inc.kind.code() {
        "found" => "found",
        "surrender" => "surrendered",
        "crime" => "recovered in a criminal investigation",
        _ => "seized",
    };
    let mut facts = format!(
        "In {}, {} item(s) were {what} in {}.",
        year.map(|y| y.to_string()).unwrap_or_else(|| "a recent year".into()),
        total,
        country.map(|c| c.name()).unwrap_or("a country of the node")
    );
    if !persons_after.is_empty() {
        facts.push_str(&format!(" Persons involved: {persons_after}."));
    }
    if !inc.concealment.trim().is_empty() {
        facts.push_str(&format!(" Concealment: {}.", scrub(inc.concealment.trim(), &secrets)));
    }
    if let Some(c) = inc.conveyance.as_deref().filter(|c| !c.trim().is_empty()) {
        facts.push_str(&format!(" Conveyance: {}.", scrub(c.trim(), &secrets)));
    }
    let summary_after = scrub(&inc.summary, &secrets);
    let crime_links: Vec<&str> = inc
        .contexts
        .iter()
        .filter_map(|c| {
            CrimeLink::from_code(c).or(match c.as_str() {
                "organised_crime" | "gang" => Some(CrimeLink::OrganizedCrime),
                "drugs" => Some(CrimeLink::DrugTrafficking),
                _ => None,
            })
        })
        .map(|c| c.code())
        .collect();
    let title = format!(
        "{} of {} firearm(s){}{}",
        if what == "seized" { "Seizure" } else { "Recovery" },
        total,
        country.map(|c| format!(", {}", c.name())).unwrap_or_default(),
        year.map(|y| format!(", {y}")).unwrap_or_default()
    );
    let place_before = [inc.place.locality.as_str(), inc.place.admin_area.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .chain(country.as_ref().map(|c| c.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let coords = match (inc.place.lat, inc.place.lon) {
        (Some(a), Some(b)) => format!(" ({a}, {b})"),
        _ => String::new(),
    };
    let serials: Vec<String> = r.items.iter().map(|it| it.markings.serial.raw().to_string()).filter(|s| !s.is_empty()).collect();
    let changes = vec![
        Change { field: "reference".into(), before: inc.reference.clone(), after: String::new() },
        Change {
            field: "date".into(),
            before: inc.date.map(|d: PartialDate| d.to_string()).unwrap_or_default(),
            after: year.map(|y| y.to_string()).unwrap_or_default(),
        },
        Change {
            field: "place".into(),
            before: format!("{place_before}{coords}"),
            after: country.map(|c| c.name().to_string()).unwrap_or_default(),
        },
        Change {
            field: "persons".into(),
            before: r.persons.iter().map(|(n, role)| format!("{n} ({role})")).collect::<Vec<_>>().join(", "),
            after: persons_after,
        },
        Change {
            field: "serial numbers".into(),
            before: serials.join(", "),
            after: lines.iter().map(firearm_text).collect::<Vec<_>>().join("; "),
        },
        Change { field: "summary".into(), before: inc.summary.clone(), after: summary_after.clone() },
        Change { field: "concealment".into(), before: inc.concealment.clone(), after: scrub(&inc.concealment, &secrets) },
    ]
    .into_iter()
    .filter(|c| c.before != c.after)
    .collect();
    let mut secret_texts: Vec<String> = secrets.into_iter().map(|(s, _)| s).filter(|s| s.trim().chars().count() >= 2).collect();
    secret_texts.sort();
    secret_texts.dedup();
    Anonymised {
        draft: CaseDraft {
            title,
            language: "en".into(),
            country: country.map(|c| c.as_str().to_string()).unwrap_or_default(),
            year: year.map(|y| y.to_string()).unwrap_or_default(),
            summary: if summary_after.trim().is_empty() { facts.clone() } else { summary_after },
            facts,
            firearms: lines.iter().map(firearm_text).collect::<Vec<_>>().join("\n"),
            route: route.join("; "),
            crime_links: crime_links.join(", "),
            ..Default::default()
        },
        review: Review { changes, secrets: secret_texts },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secrets(v: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        v.iter().map(|(a, b)| (a.to_string(), *b)).collect()
    }

    #[test]
    fn names_places_numbers_and_dates_are_removed_years_counts_and_calibres_stay() {
        let s = secrets(&[("Marko Marić", "[person]"), ("Marić", "[person]"), ("Šid", "[place]")]);
        let out = scrub(
            "On 10.11.2026 MARKO MARIC was stopped near Šid (plate BG-123-XY, phone +381 11 123 4567, marko@example.rs) with 3 pistols 9x19 and a 7.62x39 rifle, serial ZA123456; Maric said he bought them in 2019.",
            &s,
        );
        for gone in ["MARKO", "MARIC", "Maric", "Šid", "123-XY", "4567", "marko@", "ZA123456", "10.11.2026"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        for kept in ["3 pistols", "9x19", "7.62x39", "2019", "[person]", "[place]", "[number]", "[e-mail]", "[date]"] {
            assert!(out.contains(kept), "{kept} missing in {out}");
        }
    }

    #[test]
    fn a_name_inside_another_word_is_not_touched() {
        let s = secrets(&[("Ana", "[person]")]);
        assert_eq!(scrub("Ana met the analyst in Banana", &s), "[person] met the analyst in Banana");
    }

    proptest! {
        #[test]
        fn scrubbing_never_panics_and_never_leaves_a_secret(text in "\\PC{0,200}", name in "[A-Za-zÀ-ž]{3,12}") {
            let s = vec![(name.clone(), "[person]")];
            let out = scrub(&format!("{text} {name} {text}"), &s);
            prop_assert!(find_all(&out, &name).is_empty(), "{} in {}", name, out);
        }
    }
}
