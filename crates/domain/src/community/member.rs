//! Members of the Community and their expertise (seed 000: "get connected with local and
//! international experts"). Joining is by request and vetting: a coordinator approves; a membership
//! can be suspended. Each member chooses who sees their profile and their contact details.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::directory::{Email, LanguageCode, Phone};
use crate::error::DomainError;
use crate::id::RecordId;
use crate::time::Timestamp;

/// Longest free text of a profile field.
pub const MAX_TEXT: usize = 2_000;

/// Areas of expertise: the stages of a firearms case the Community covers (seed 000: "legislative
/// frameworks, regulatory and control measures, investigations, prosecution and adjudication") and
/// the technical fields of the Firearms Protocol and the ITI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expertise {
    Detection,
    Investigation,
    Prosecution,
    Adjudication,
    Tracing,
    BallisticsForensics,
    LicensingTransferControls,
    BorderCustoms,
    FinancialInvestigation,
    OnlineDarknet,
    Legislation,
    DataCollectionAnalysis,
    MarkingRecordKeeping,
    StockpileManagement,
    DeactivationDestruction,
    InternationalCooperation,
    TerrorismLinks,
    OrganizedCrimeLinks,
    Training,
}

impl Expertise {
    pub const ALL: [Expertise; 19] = [
        Self::Detection,
        Self::Investigation,
        Self::Prosecution,
        Self::Adjudication,
        Self::Tracing,
        Self::BallisticsForensics,
        Self::LicensingTransferControls,
        Self::BorderCustoms,
        Self::FinancialInvestigation,
        Self::OnlineDarknet,
        Self::Legislation,
        Self::DataCollectionAnalysis,
        Self::MarkingRecordKeeping,
        Self::StockpileManagement,
        Self::DeactivationDestruction,
        Self::InternationalCooperation,
        Self::TerrorismLinks,
        Self::OrganizedCrimeLinks,
        Self::Training,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Detection => "detection",
            Self::Investigation => "investigation",
            Self::Prosecution => "prosecution",
            Self::Adjudication => "adjudication",
            Self::Tracing => "tracing",
            Self::BallisticsForensics => "ballistics_forensics",
            Self::LicensingTransferControls => "licensing_transfer_controls",
            Self::BorderCustoms => "border_customs",
            Self::FinancialInvestigation => "financial_investigation",
            Self::OnlineDarknet => "online_darknet",
            Self::Legislation => "legislation",
            Self::DataCollectionAnalysis => "data_collection_analysis",
            Self::MarkingRecordKeeping => "marking_record_keeping",
            Self::StockpileManagement => "stockpile_management",
            Self::DeactivationDestruction => "deactivation_destruction",
            Self::InternationalCooperation => "international_cooperation",
            Self::TerrorismLinks => "terrorism_links",
            Self::OrganizedCrimeLinks => "organized_crime_links",
            Self::Training => "training",
        }
    }
    /// A code, or the English words of one ("ballistics", "customs", "dark web" ...).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim().to_lowercase().replace(['-', ' '], "_");
        if let Some(e) = Self::ALL.into_iter().find(|e| e.code() == t) {
            return Ok(e);
        }
        let found = match t.as_str() {
            "ballistics" | "forensics" | "forensic" => Some(Self::BallisticsForensics),
            "licensing" | "transfer_controls" | "export_controls" => Some(Self::LicensingTransferControls),
            "border" | "customs" | "border_control" => Some(Self::BorderCustoms),
            "financial" | "money_laundering" => Some(Self::FinancialInvestigation),
            "online" | "darknet" | "dark_web" | "cybercrime" => Some(Self::OnlineDarknet),
            "law" | "legal" | "legislative" => Some(Self::Legislation),
            "data" | "analysis" | "data_collection" => Some(Self::DataCollectionAnalysis),
            "marking" | "record_keeping" => Some(Self::MarkingRecordKeeping),
            "stockpile" | "pssm" => Some(Self::StockpileManagement),
            "deactivation" | "destruction" => Some(Self::DeactivationDestruction),
            "cooperation" | "mutual_legal_assistance" => Some(Self::InternationalCooperation),
            "terrorism" => Some(Self::TerrorismLinks),
            "organized_crime" | "organised_crime" => Some(Self::OrganizedCrimeLinks),
            _ => None,
        };
        found.ok_or_else(|| {
            DomainError::invalid("expertise", s, "an area such as tracing, investigation, prosecution, ballistics_forensics")
        })
    }
}

/// Where a membership stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Asked to join; a coordinator has not decided.
    Applied,
    Approved,
    Declined,
    /// Was a member; reads nothing of the Community until reinstated.
    Suspended,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 4] = [Self::Applied, Self::Approved, Self::Declined, Self::Suspended];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Suspended => "suspended",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Who may find a member's profile ("results respect each member's visibility choices").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Every member of the Community.
    #[default]
    Community,
    /// Members of the same UN M49 region, and the coordinators.
    Region,
    /// Only the coordinators (who put people in touch).
    Coordinators,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Self::Community, Self::Region, Self::Coordinators];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Community => "community",
            Self::Region => "region",
            Self::Coordinators => "coordinators",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// How a member prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    /// Through the platform's discussion (a mention or a message); no address shown.
    #[default]
    Platform,
    Email,
    Phone,
}

impl ContactPreference {
    pub const ALL: [ContactPreference; 3] = [Self::Platform, Self::Email, Self::Phone];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// A practitioner's profile and membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: RecordId,
    /// The account of the node the member signs in with.
    pub user: RecordId,
    pub name: String,
    pub agency: String,
    pub country: CountryCode,
    /// Their function in words (prosecutor, customs officer, forensic examiner ...).
    pub position: String,
    pub languages: Vec<LanguageCode>,
    pub expertise: Vec<Expertise>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    pub contact: ContactPreference,
    pub visibility: Visibility,
    /// A few lines on experience, cases and what they can help with.
    #[serde(default)]
    pub about: String,
    /// Why they ask to join (read by the coordinators when vetting).
    #[serde(default)]
    pub motivation: String,
    /// Receives the e-newsletter by e-mail.
    pub newsletter: bool,
    pub status: MemberStatus,
    /// Approves members and digest cases, moderates discussion, sends the newsletter.
    pub coordinator: bool,
    pub applied_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    #[serde(default)]
    pub decided_by: String,
    /// The coordinators' note on the decision (reason of a suspension or a refusal).
    #[serde(default)]
    pub decision_note: String,
    pub updated_at: Timestamp,
}

/// What a practitioner writes about themselves, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub position: String,
    /// Comma- or semicolon-separated codes or names.
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub expertise: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub motivation: String,
    /// `on`, `true`, `1`, `yes` (a checkbox).
    #[serde(default)]
    pub newsletter: String,
}

/// A profile's checked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub agency: String,
    pub country: CountryCode,
    pub position: String,
    pub languages: Vec<LanguageCode>,
    pub expertise: Vec<Expertise>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub contact: ContactPreference,
    pub visibility: Visibility,
    pub about: String,
    pub motivation: String,
    pub newsletter: bool,
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '\n']).map(str::trim).filter(|x| !x.is_empty())
}

fn text(field: &'static str, s: &str, errors: &mut Vec<(&'static str, DomainError)>) -> String {
    let t = s.trim();
    if t.chars().count() > MAX_TEXT {
        errors.push((field, DomainError::invalid(field, &t.chars().take(40).collect::<String>(), "at most 2,000 characters")));
    }
    t.to_string()
}

impl MemberDraft {
    /// Checks every field; all errors at once, each with its field.
    pub fn parse(&self) -> Result<Profile, Vec<(&'static str, DomainError)>> {
        let mut errors = Vec::new();
        let name = text("name", &self.name, &mut errors);
        if name.is_empty() {
            errors.push(("name", DomainError::invalid("name", "", "your name as colleagues know it")));
        }
        let agency = text("agency", &self.agency, &mut errors);
        if agency.is_empty() {
            errors.push(("agency", DomainError::invalid("agency", "", "the authority you work for")));
        }
        let country = CountryCode::parse(&self.country).map_err(|e| errors.push(("country", e))).ok();
        let mut languages = Vec::new();
        for l in split(&self.languages) {
            match LanguageCode::parse(l) {
                Ok(c) if !languages.contains(&c) => languages.push(c),
                Ok(_) => {}
                Err(e) => errors.push(("languages", e)),
            }
        }
        if languages.is_empty() && !errors.iter().any(|(f, _)| *f == "languages") {
            errors.push(("languages", DomainError::invalid("languages", "", "the languages you work in, e.g. en, es")));
        }
        let mut expertise = Vec::new();
        for x in split(&self.expertise) {
            match Expertise::parse(x) {
                Ok(e) if !expertise.contains(&e) => expertise.push(e),
                Ok(_) => {}
                Err(e) => errors.push(("expertise", e)),
            }
        }
        if expertise.is_empty() && !errors.iter().any(|(f, _)| *f == "expertise") {
            errors.push(("expertise", DomainError::invalid("expertise", "", "at least one area of expertise")));
        }
        let email = Some(self.email.trim())
            .filter(|s| !s.is_empty())
            .map(Email::parse)
            .transpose()
            .map_err(|e| errors.push(("email", e)))
            .ok()
            .flatten();
        let phone = Some(self.phone.trim())
            .filter(|s| !s.is_empty())
            .map(Phone::parse)
            .transpose()
            .map_err(|e| errors.push(("phone", e)))
            .ok()
            .flatten();
        let contact = match self.contact.trim() {
            "" => ContactPreference::Platform,
            c => ContactPreference::from_code(c).unwrap_or_else(|| {
                errors.push(("contact", DomainError::invalid("contact", c, "platform, email or phone")));
                ContactPreference::Platform
            }),
        };
        match contact {
            ContactPreference::Email if email.is_none() && !errors.iter().any(|(f, _)| *f == "email") => {
                errors.push(("email", DomainError::invalid("email", "", "an address, since you prefer e-mail")))
            }
            ContactPreference::Phone if phone.is_none() && !errors.iter().any(|(f, _)| *f == "phone") => {
                errors.push(("phone", DomainError::invalid("phone", "", "a number, since you prefer the phone")))
            }
            _ => {}
        }
        let visibility = match self.visibility.trim() {
            "" => Visibility::Community,
            v => Visibility::from_code(v).unwrap_or_else(|| {
                errors.push(("visibility", DomainError::invalid("visibility", v, "community, region or coordinators")));
                Visibility::Community
            }),
        };
        let about = text("about", &self.about, &mut errors);
        let motivation = text("motivation", &self.motivation, &mut errors);
        let newsletter = matches!(self.newsletter.trim().to_lowercase().as_str(), "on" | "true" | "1" | "yes");
        match (errors.is_empty(), country) {
            (true, Some(country)) => Ok(Profile {
                name,
                agency,
                country,
                position: text("position", &self.position, &mut Vec::new()),
                languages,
                expertise,
                email,
                phone,
                contact,
                visibility,
                about,
                motivation,
                newsletter,
            }),
            _ => Err(errors),
        }
    }

    pub fn of(m: &Member) -> MemberDraft {
        let join = |v: Vec<String>| v.join(", ");
        MemberDraft {
            name: m.name.clone(),
            agency: m.agency.clone(),
            country: m.country.as_str().to_string(),
            position: m.position.clone(),
            languages: join(m.languages.iter().map(|l| l.to_string()).collect()),
            expertise: join(m.expertise.iter().map(|e| e.code().to_string()).collect()),
            email: m.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
            phone: m.phone.as_ref().map(|p| p.to_string()).unwrap_or_default(),
            contact: m.contact.code().to_string(),
            visibility: m.visibility.code().to_string(),
            about: m.about.clone(),
            motivation: m.motivation.clone(),
            newsletter: if m.newsletter { "on".into() } else { String::new() },
        }
    }
}

impl Member {
    /// A new application from a user's profile.
    pub fn apply(user: RecordId, p: Profile, now: Timestamp) -> Member {
        let mut m = Member {
            id: RecordId::new(),
            user,
            name: String::new(),
            agency: String::new(),
            country: p.country,
            position: String::new(),
            languages: vec![],
            expertise: vec![],
            email: None,
            phone: None,
            contact: ContactPreference::Platform,
            visibility: Visibility::Community,
            about: String::new(),
            motivation: String::new(),
            newsletter: false,
            status: MemberStatus::Applied,
            coordinator: false,
            applied_at: now,
            decided_at: None,
            decided_by: String::new(),
            decision_note: String::new(),
            updated_at: now,
        };
        m.set_profile(p, now);
        m
    }

    pub fn set_profile(&mut self, p: Profile, now: Timestamp) {
        self.name = p.name;
        self.agency = p.agency;
        self.country = p.country;
        self.position = p.position;
        self.languages = p.languages;
        self.expertise = p.expertise;
        self.email = p.email;
        self.phone = p.phone;
        self.contact = p.contact;
        self.visibility = p.visibility;
        self.about = p.about;
        self.motivation = p.motivation;
        self.newsletter = p.newsletter;
        self.updated_at = now;
    }

    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Approved
    }

    /// Whether `reader` (an active member, `coordinator` or not) may find this profile.
    pub fn visible_to(&self, reader: &Member) -> bool {
        if reader.id == self.id || reader.coordinator {
            return true;
        }
        if !self.is_active() {
            return false;
        }
        match self.visibility {
            Visibility::Community => true,
            Visibility::Region => {
                let r = self.country.m49_region();
                !r.is_empty() && r == reader.country.m49_region()
            }
            Visibility::Coordinators => false,
        }
    }

    /// The member as `reader` sees them: contact details only where the member prefers to be reached
    /// that way (the coordinators see all, to put people in touch).
    pub fn as_seen_by(&self, reader: &Member) -> Member {
        let mut m = self.clone();
        if !(reader.coordinator || reader.id == self.id) {
            if self.contact != ContactPreference::Email {
                m.email = None;
            }
            if self.contact != ContactPreference::Phone {
                m.phone = None;
            }
            m.motivation.clear();
            m.decision_note.clear();
            m.decided_by.clear();
        }
        m
    }

    /// Folded words that "find an expert" searches.
    pub fn search_text(&self) -> String {
        crate::nomenclature::text::fold_key(&format!(
            "{} {} {} {} {} {}",
            self.name,
            self.agency,
            self.position,
            self.about,
            self.country.name(),
            self.expertise.iter().map(|e| e.code().replace('_', " ")).collect::<Vec<_>>().join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MemberDraft {
        MemberDraft {
            name: "Ana Kovač".into(),
            agency: "Državno odvjetništvo".into(),
            country: "Croatia".into(),
            position: "Deputy state attorney".into(),
            languages: "hr, English; es".into(),
            expertise: "prosecution, tracing, dark web".into(),
            email: "ana.kovac@dorh.hr".into(),
            contact: "email".into(),
            newsletter: "on".into(),
            ..Default::default()
        }
    }

    fn member(country: &str, visibility: Visibility) -> Member {
        let mut d = draft();
        d.country = country.into();
        d.visibility = visibility.code().into();
        let mut m = Member::apply(RecordId::new(), d.parse().unwrap(), Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0));
        m.status = MemberStatus::Approved;
        m
    }

    #[test]
    fn a_profile_is_parsed_as_people_write_it() {
        let p = draft().parse().unwrap();
        assert_eq!(p.country.as_str(), "HRV");
        assert_eq!(p.languages.len(), 3);
        assert_eq!(p.expertise, vec![Expertise::Prosecution, Expertise::Tracing, Expertise::OnlineDarknet]);
        assert!(p.newsletter);
        assert_eq!(
            MemberDraft::of(&Member::apply(RecordId::new(), p.clone(), Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 0))).parse().unwrap(),
            p
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let d = MemberDraft { country: "Atlantis".into(), expertise: "juggling".into(), contact: "phone".into(), ..Default::default() };
        let fields: Vec<&str> = d.parse().unwrap_err().into_iter().map(|(f, _)| f).collect();
        for f in ["name", "agency", "country", "languages", "expertise", "phone"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn visibility_and_contact_choices_are_respected() {
        let reader = member("SRB", Visibility::Community);
        let far = member("MEX", Visibility::Community);
        assert!(member("MEX", Visibility::Community).visible_to(&reader));
        assert!(member("AUT", Visibility::Region).visible_to(&reader), "Austria and Serbia are both in Europe");
        assert!(!member("MEX", Visibility::Region).visible_to(&reader));
        assert!(!member("AUT", Visibility::Coordinators).visible_to(&reader));
        let mut coordinator = far.clone();
        coordinator.coordinator = true;
        assert!(member("AUT", Visibility::Coordinators).visible_to(&coordinator));
        let mut suspended = member("AUT", Visibility::Community);
        suspended.status = MemberStatus::Suspended;
        assert!(!suspended.visible_to(&reader));
        // Contact details only as the member prefers to be reached.
        let mut m = member("AUT", Visibility::Community);
        m.phone = Some(Phone::parse("+43 1 26060").unwrap());
        let seen = m.as_seen_by(&reader);
        assert!(seen.email.is_some() && seen.phone.is_none() && seen.motivation.is_empty());
        assert!(m.as_seen_by(&coordinator).phone.is_some());
    }
}
