//! The directory of competent national authorities and single points of contact (FP art. 13(2),
//! ATT art. 5(6), UNTOC art. 18(13); seed 001 §§32–35) as people reach it: reference data every
//! signed-in user reads, changed and imported by points of contact and system administrators
//! (`Action::ManageDirectory`), every write audited.

use std::collections::{BTreeSet, HashMap};

use armstrace_domain::access::Action;
use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::directory::{
    best_for, coverage, parse_text, parse_time_zone, parse_verified, ContactKind, ContactPoint, CountryCoverage, Covered, Email, Function,
    Instrument, LanguageCode, Phone, STALE_AFTER_DAYS,
};
use armstrace_domain::id::RecordId;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_domain::time::{civil_from_days, Timestamp};
use armstrace_domain::DomainError;
use armstrace_store::{ContactFilter, Page};
use serde::{Deserialize, Serialize};

use crate::error::ServiceError;
use crate::fields::header_key;
use crate::import::{ImportError, RowError};
use crate::records::{Ctx, Listed, MAX_PAGE};
use crate::sheet::csv_from_bytes;

/// The most rows one directory file may have: the world has fewer than 200 States, each with a few
/// entries; a larger file is not a directory.
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// An entry as sent by a client or a form, before the server gives it an id and a stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub country: CountryCode,
    pub authority: String,
    pub kind: ContactKind,
    pub instruments: BTreeSet<Instrument>,
    #[serde(default)]
    pub functions: BTreeSet<Function>,
    #[serde(default)]
    pub languages: Vec<LanguageCode>,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub email: Option<Email>,
    #[serde(default)]
    pub phone: Option<Phone>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub time_zone: String,
    pub last_verified: PartialDate,
    #[serde(default)]
    pub note: String,
}

impl ContactDraft {
    fn into_point(self, id: RecordId, now: Timestamp, by: &str) -> ContactPoint {
        ContactPoint {
            id,
            country: self.country,
            authority: self.authority.trim().to_string(),
            kind: self.kind,
            instruments: self.instruments,
            functions: self.functions,
            languages: self.languages,
            contact_person: self.contact_person.trim().to_string(),
            email: self.email,
            phone: self.phone,
            address: self.address.trim().to_string(),
            hours: self.hours.trim().to_string(),
            time_zone: parse_time_zone(&self.time_zone).unwrap_or(self.time_zone),
            last_verified: self.last_verified,
            note: self.note.trim().to_string(),
            updated_at: now,
            updated_by: by.to_string(),
        }
    }
}

/// The columns of a directory file (and the fields of the form), with the header names people give
/// them in English, Spanish and French.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Id,
    Country,
    Authority,
    Kind,
    Instruments,
    Functions,
    Languages,
    ContactPerson,
    Email,
    Phone,
    Address,
    Hours,
    TimeZone,
    LastVerified,
    Note,
}

const COLUMNS: &[(Column, &str, &[&str])] = &[
    (Column::Id, "id", &["record id", "armstrace id", "uuid"]),
    (Column::Country, "country", &["state", "country code", "pais", "estado", "pays", "etat"]),
    (
        Column::Authority,
        "authority",
        &[
            "authority name",
            "name of authority",
            "competent authority",
            "competent national authority",
            "institution",
            "organisation",
            "organization",
            "body",
            "autoridad",
            "nombre de la autoridad",
            "autoridad competente",
            "institucion",
            "organismo",
            "autorite",
            "nom de l autorite",
            "autorite competente",
            "organisme",
        ],
    ),
    (Column::Kind, "kind", &["type", "entry type", "category", "designation", "tipo", "categoria", "type d entree", "categorie"]),
    (
        Column::Instruments,
        "instruments",
        &["instrument", "designated under", "instruments designated", "instrumentos", "instrumento", "instruments vises"],
    ),
    (
        Column::Functions,
        "functions",
        &["function", "tasks", "competences", "funciones", "funcion", "fonctions", "fonction", "attributions"],
    ),
    (
        Column::Languages,
        "languages",
        &["language", "working languages", "idiomas", "idioma", "lenguas", "langues", "langue", "langues de travail"],
    ),
    (
        Column::ContactPerson,
        "contact_person",
        &[
            "contact",
            "contact name",
            "name of contact",
            "focal point",
            "persona de contacto",
            "contacto",
            "personne de contact",
            "interlocuteur",
        ],
    ),
    (
        Column::Email,
        "email",
        &["e mail", "mail", "email address", "e mail address", "correo", "correo electronico", "courriel", "adresse electronique", "mel"],
    ),
    (
        Column::Phone,
        "phone",
        &["telephone", "tel", "phone number", "telephone number", "telefono", "numero de telefono", "numero de telephone"],
    ),
    (Column::Address, "address", &["postal address", "mailing address", "direccion", "direccion postal", "adresse", "adresse postale"]),
    (
        Column::Hours,
        "hours",
        &["office hours", "opening hours", "working hours", "horario", "horario de atencion", "horaires", "heures d ouverture"],
    ),
    (Column::TimeZone, "time_zone", &["timezone", "tz", "zona horaria", "huso horario", "fuseau horaire"]),
    (
        Column::LastVerified,
        "last_verified",
        &[
            "verified",
            "verified on",
            "date verified",
            "last verification",
            "last updated",
            "fecha de verificacion",
            "ultima verificacion",
            "verificado",
            "verifie le",
            "date de verification",
            "derniere verification",
        ],
    ),
    (Column::Note, "note", &["notes", "remarks", "comments", "nota", "observaciones", "remarques", "commentaires"]),
];

impl Column {
    pub fn name(&self) -> &'static str {
        COLUMNS.iter().find(|(c, ..)| c == self).map(|(_, n, _)| *n).unwrap_or("")
    }
    /// The column a header names, in any of the three languages, any case, with or without accents.
    pub fn recognise(header: &str) -> Option<Column> {
        // Without spaces: "Vérifié le" and "verifie le" agree, and so do "d'entrée" (folded to
        // "dentree") and "d entree".
        let key = |h: &str| header_key(h).replace(' ', "");
        let k = key(header);
        COLUMNS.iter().find(|(_, name, aliases)| key(name) == k || aliases.iter().any(|a| key(a) == k)).map(|(c, ..)| *c)
    }
}

/// An entry as text, field by field: a form, or one row of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactText {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub instruments: String,
    #[serde(default)]
    pub functions: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub last_verified: String,
    #[serde(default)]
    pub note: String,
}

impl ContactText {
    fn set(&mut self, c: Column, v: String) {
        let slot = match c {
            Column::Id => &mut self.id,
            Column::Country => &mut self.country,
            Column::Authority => &mut self.authority,
            Column::Kind => &mut self.kind,
            Column::Instruments => &mut self.instruments,
            Column::Functions => &mut self.functions,
            Column::Languages => &mut self.languages,
            Column::ContactPerson => &mut self.contact_person,
            Column::Email => &mut self.email,
            Column::Phone => &mut self.phone,
            Column::Address => &mut self.address,
            Column::Hours => &mut self.hours,
            Column::TimeZone => &mut self.time_zone,
            Column::LastVerified => &mut self.last_verified,
            Column::Note => &mut self.note,
        };
        *slot = v;
    }

    /// The entry, or every field that is wrong (with what was expected).
    pub fn parse(&self, now: Timestamp) -> Result<ContactDraft, Vec<(Column, DomainError)>> {
        let mut errors = Vec::new();
        macro_rules! take {
            ($c:expr, $r:expr $(,)?) => {
                match $r {
                    Ok(v) => Some(v),
                    Err(e) => {
                        errors.push(($c, e));
                        None
                    }
                }
            };
        }
        let required = |field: &'static str, v: &str, expected: &str| {
            if v.trim().is_empty() {
                Err(DomainError::missing(field, expected))
            } else {
                Ok(())
            }
        };
        let country = take!(
            Column::Country,
            required("country", &self.country, "an ISO 3166-1 code (HRV, HR) or a country name")
                .and_then(|_| CountryCode::parse(&self.country)),
        );
        let authority = take!(
            Column::Authority,
            required("authority", &self.authority, "the name of the authority").and_then(|_| parse_text("authority", &self.authority)),
        );
        let kind = take!(
            Column::Kind,
            required("kind", &self.kind, "single_point_of_contact, competent_authority or central_authority")
                .and_then(|_| ContactKind::parse(&self.kind)),
        );
        let instruments = take!(Column::Instruments, Instrument::parse_list(&self.instruments));
        let functions = take!(Column::Functions, Function::parse_list(&self.functions));
        let languages = take!(Column::Languages, LanguageCode::parse_list(&self.languages));
        let contact_person = take!(Column::ContactPerson, parse_text("contact_person", &self.contact_person));
        let email = take!(Column::Email, opt(&self.email, Email::parse));
        let phone = take!(Column::Phone, opt(&self.phone, Phone::parse));
        let address = take!(Column::Address, parse_text("address", &self.address));
        let hours = take!(Column::Hours, parse_text("hours", &self.hours));
        let time_zone = take!(Column::TimeZone, parse_time_zone(&self.time_zone));
        let last_verified = take!(
            Column::LastVerified,
            required("last_verified", &self.last_verified, "the day the entry was last confirmed, as YYYY-MM-DD")
                .and_then(|_| parse_verified(&self.last_verified, now)),
        );
        let note = take!(Column::Note, parse_text("note", &self.note));
        if matches!((&email, &phone), (Some(None), Some(None))) {
            errors.push((
                Column::Email,
                DomainError::missing("email", "an e-mail address or a telephone number: a contact nobody can reach is no contact"),
            ));
        }
        match (
            country,
            authority,
            kind,
            instruments,
            functions,
            languages,
            contact_person,
            email,
            phone,
            address,
            hours,
            time_zone,
            last_verified,
            note,
        ) {
            (
                Some(country),
                Some(authority),
                Some(kind),
                Some(instruments),
                Some(functions),
                Some(languages),
                Some(contact_person),
                Some(email),
                Some(phone),
                Some(address),
                Some(hours),
                Some(time_zone),
                Some(last_verified),
                Some(note),
            ) if errors.is_empty() => Ok(ContactDraft {
                country,
                authority,
                kind,
                instruments,
                functions,
                languages,
                contact_person,
                email,
                phone,
                address,
                hours,
                time_zone,
                last_verified,
                note,
            }),
            _ => Err(errors),
        }
    }

    /// The text of an entry (to fill the form that changes it).
    pub fn of(p: &ContactPoint) -> ContactText {
        ContactText {
            id: p.id.to_string(),
            country: p.country.as_str().to_string(),
            authority: p.authority.clone(),
            kind: p.kind.code().to_string(),
            instruments: p.instruments.iter().map(|i| i.code()).collect::<Vec<_>>().join("; "),
            functions: p.functions.iter().map(|f| f.code()).collect::<Vec<_>>().join("; "),
            languages: p.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
            contact_person: p.contact_person.clone(),
            email: p.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
            phone: p.phone.as_ref().map(|e| e.to_string()).unwrap_or_default(),
            address: p.address.clone(),
            hours: p.hours.clone(),
            time_zone: p.time_zone.clone(),
            last_verified: p.last_verified.to_string(),
            note: p.note.clone(),
        }
    }
}

fn opt<T>(s: &str, parse: fn(&str) -> Result<T, DomainError>) -> Result<Option<T>, DomainError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

/// An entry as lists and pages show it: with its staleness worked out.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    #[serde(flatten)]
    pub point: ContactPoint,
    pub stale: bool,
    pub days_since_verified: i64,
}

impl ContactView {
    pub fn of(point: ContactPoint, now: Timestamp) -> ContactView {
        ContactView { stale: point.is_stale(now), days_since_verified: point.days_since_verified(now), point }
    }
}

/// The filters of the directory as people give them (empty: no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub instrument: String,
    #[serde(default)]
    pub function: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub q: String,
    /// Only entries not verified for more than a year.
    #[serde(default)]
    pub stale: bool,
}

impl DirectoryQuery {
    /// The store's filter; an unknown value is refused with the field it came from.
    pub fn filter(&self, now: Timestamp) -> Result<ContactFilter, ServiceError> {
        let invalid = |e: DomainError| ServiceError::invalid(e.to_string());
        let t = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let instrument = match t(&self.instrument) {
            None => None,
            Some(i) if fold_key(&i) == "regional" => Some("regional".to_string()),
            Some(i) => Some(Instrument::parse(&i).map_err(invalid)?.code()),
        };
        Ok(ContactFilter {
            country: t(&self.country).map(|c| CountryCode::parse(&c).map(|c| c.as_str().to_string())).transpose().map_err(invalid)?,
            instrument,
            function: t(&self.function).map(|f| Function::parse(&f).map(|f| f.code().to_string())).transpose().map_err(invalid)?,
            kind: t(&self.kind).map(|k| ContactKind::parse(&k).map(|k| k.code().to_string())).transpose().map_err(invalid)?,
            search: t(&self.q),
            verified_before: self.stale.then(|| stale_before(now)),
        })
    }
}

/// The day (YYYY-MM-DD) before which an entry's verification makes it stale.
fn stale_before(now: Timestamp) -> String {
    let (y, m, d) = civil_from_days(now.unix_millis().div_euclid(86_400_000) - STALE_AFTER_DAYS);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Which countries have named the contacts the global instruments ask for.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Instrument codes, in the order of each country's `instruments`.
    pub instruments: Vec<String>,
    /// Per instrument: countries with no entry of the kind it asks for.
    pub without: Vec<u64>,
    /// Per instrument: countries whose only entries are stale.
    pub only_stale: Vec<u64>,
    /// Countries with no entry at all for any of the instruments.
    pub with_none: u64,
    pub countries: Vec<CountryCoverage>,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DirectoryImport {
    pub file: String,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
}

impl Ctx<'_> {
    fn may_manage_directory(&self) -> Result<(), ServiceError> {
        if self.who.may(Action::ManageDirectory) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(format!(
                "a {} does not change the directory; ask your single point of contact or a system administrator",
                self.who.role.label()
            )))
        }
    }

    /// Entries of the directory, by country, kind and authority. Contact persons are personal
    /// data: the listing is audited with its filter.
    pub fn list_contact_points(&self, q: &DirectoryQuery, offset: u64, limit: u64) -> Result<Listed<ContactView>, ServiceError> {
        let filter = q.filter(self.now)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let total = self.store.count_contact_points(&filter)?;
        let records =
            self.store.contact_points(&filter, Page { offset, limit })?.into_iter().map(|p| ContactView::of(p, self.now)).collect();
        self.log_read("list", "contact_point", None, serde_json::to_string(&filter).unwrap_or_default())?;
        Ok(Listed { total, total_capped: false, offset, limit, records })
    }

    pub fn contact_point(&self, id: RecordId) -> Result<ContactView, ServiceError> {
        let p = self.store.contact_point(id)?.ok_or_else(|| ServiceError::not_found("directory entry"))?;
        self.log_read("read", "contact_point", Some(id), String::new())?;
        Ok(ContactView::of(p, self.now))
    }

    pub fn create_contact_point(&self, draft: ContactDraft) -> Result<ContactView, ServiceError> {
        self.may_manage_directory()?;
        let p = draft.into_point(RecordId::new(), self.now, &self.who.username);
        p.check(self.now).map_err(|e| ServiceError::invalid(e.to_string()))?;
        self.store.save_contact_points(std::slice::from_ref(&p))?;
        self.log("create", "contact_point", Some(p.id), format!("{} {}", p.country, p.authority))?;
        Ok(ContactView::of(p, self.now))
    }

    pub fn update_contact_point(&self, id: RecordId, draft: ContactDraft) -> Result<ContactView, ServiceError> {
        self.may_manage_directory()?;
        if self.store.contact_point(id)?.is_none() {
            return Err(ServiceError::not_found("directory entry"));
        }
        let p = draft.into_point(id, self.now, &self.who.username);
        p.check(self.now).map_err(|e| ServiceError::invalid(e.to_string()))?;
        self.store.save_contact_points(std::slice::from_ref(&p))?;
        self.log("update", "contact_point", Some(id), format!("{} {}", p.country, p.authority))?;
        Ok(ContactView::of(p, self.now))
    }

    pub fn delete_contact_point(&self, id: RecordId) -> Result<(), ServiceError> {
        self.may_manage_directory()?;
        if !self.store.delete_contact_point(id)? {
            return Err(ServiceError::not_found("directory entry"));
        }
        self.log("delete", "contact_point", Some(id), String::new())
    }

    /// Entries not confirmed with their authority for more than [`STALE_AFTER_DAYS`], oldest first.
    pub fn stale_contact_points(&self) -> Result<Vec<ContactView>, ServiceError> {
        let filter = ContactFilter { verified_before: Some(stale_before(self.now)), ..Default::default() };
        let mut out: Vec<ContactView> =
            self.store.contact_points(&filter, Page::all())?.into_iter().map(|p| ContactView::of(p, self.now)).collect();
        out.sort_by_key(|v| (v.point.last_verified, v.point.country));
        self.log_read("list", "contact_point", None, "stale".into())?;
        Ok(out)
    }

    /// For every country of the nomenclature, whether it has named the contact each global
    /// instrument asks for (seed 001 §34: 66 of 122 States parties had named one).
    pub fn directory_coverage(&self) -> Result<Coverage, ServiceError> {
        let points = self.store.contact_points(&ContactFilter::default(), Page::all())?;
        let countries: Vec<CountryCode> =
            nomenclature().countries.iter().filter_map(|c| CountryCode::from_alpha3(&c.alpha3).ok()).collect();
        let rows = coverage(&points, &countries, self.now);
        let n = Instrument::GLOBAL.len();
        let count = |i: usize, what: Covered| rows.iter().filter(|r| r.instruments.get(i) == Some(&what)).count() as u64;
        let cov = Coverage {
            instruments: Instrument::GLOBAL.iter().map(|i| i.code()).collect(),
            without: (0..n).map(|i| count(i, Covered::None)).collect(),
            only_stale: (0..n).map(|i| count(i, Covered::Stale)).collect(),
            with_none: rows.iter().filter(|r| r.has_none()).count() as u64,
            countries: rows,
        };
        self.log_read("coverage", "contact_point", None, String::new())?;
        Ok(cov)
    }

    /// Where to send a request of another country that needs `function` (tracing, licence
    /// verification, ...): the country's single point of contact serving it, most recently
    /// confirmed; another authority serving it when the country named no single point for it.
    pub fn point_of_contact(&self, country: CountryCode, function: Function) -> Result<Option<ContactPoint>, ServiceError> {
        let filter = ContactFilter {
            country: Some(country.as_str().to_string()),
            function: Some(function.code().to_string()),
            ..Default::default()
        };
        let points = self.store.contact_points(&filter, Page::all())?;
        let best = best_for(&points, country, function).cloned();
        self.log_read("point_of_contact", "contact_point", best.as_ref().map(|p| p.id), format!("{country} {}", function.code()))?;
        Ok(best)
    }

    /// Imports a directory file (CSV; headers in English, Spanish or French). All or nothing: one
    /// bad row and nothing is written, every bad cell reported as `file:row:column: ...`. A row
    /// updates the entry its `id` names, else the entry of the same country, kind and authority,
    /// else it is a new entry.
    pub fn import_contact_points(&self, bytes: Vec<u8>, file: &str) -> Result<DirectoryImport, ImportError> {
        let service = |e: ServiceError| ImportError::File { file: file.to_string(), message: e.message };
        self.may_manage_directory().map_err(service)?;
        let parsed = parse_directory_file(bytes, file, self.now)?;
        let existing = self.store.contact_points(&ContactFilter::default(), Page::all())?;
        let by_key: HashMap<(CountryCode, ContactKind, String), RecordId> =
            existing.iter().map(|p| ((p.country, p.kind, fold_key(&p.authority)), p.id)).collect();
        let known: std::collections::HashSet<RecordId> = existing.iter().map(|p| p.id).collect();
        let mut report = DirectoryImport { file: file.to_string(), rows: parsed.len() as u64, ..Default::default() };
        let mut points = Vec::with_capacity(parsed.len());
        for (id, draft) in parsed {
            let id = id.or_else(|| by_key.get(&(draft.country, draft.kind, fold_key(&draft.authority))).copied());
            match id {
                Some(id) if known.contains(&id) => report.updated += 1,
                _ => report.created += 1,
            }
            points.push(draft.into_point(id.unwrap_or_else(RecordId::new), self.now, &self.who.username));
        }
        self.store.save_contact_points(&points)?;
        for p in &points {
            let action = if known.contains(&p.id) { "update" } else { "create" };
            self.log(action, "contact_point", Some(p.id), format!("import {file}: {} {}", p.country, p.authority))
                .map_err(|e| ImportError::File { file: file.to_string(), message: e.message })?;
        }
        Ok(report)
    }
}

/// The entries of a directory file with the id a row gives, or every bad row. No store needed: the
/// fuzz targets call it directly.
pub fn parse_directory_file(bytes: Vec<u8>, file: &str, now: Timestamp) -> Result<Vec<(Option<RecordId>, ContactDraft)>, ImportError> {
    let sheet = csv_from_bytes(bytes, file)?;
    let header_row = sheet.header_row;
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(sheet.headers.len());
    for h in &sheet.headers {
        if h.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let c = Column::recognise(h).ok_or_else(|| ImportError::Header {
            file: file.to_string(),
            row: header_row,
            message: format!(
                "column '{}' is not understood: expected {} (or their Spanish or French names)",
                h.chars().take(60).collect::<String>(),
                COLUMNS.iter().map(|(_, n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        })?;
        if columns.contains(&Some(c)) {
            return Err(ImportError::Header {
                file: file.to_string(),
                row: header_row,
                message: format!("two columns name '{}'", c.name()),
            });
        }
        columns.push(Some(c));
    }
    let missing: Vec<&str> = [Column::Country, Column::Authority, Column::Kind, Column::Instruments, Column::LastVerified]
        .iter()
        .filter(|c| !columns.contains(&Some(**c)))
        .map(|c| c.name())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Header {
            file: file.to_string(),
            row: header_row,
            message: format!(
                "missing column(s) {}: every entry needs a country, authority, kind, instruments and last_verified",
                missing.join(", ")
            ),
        });
    }
    if !columns.contains(&Some(Column::Email)) && !columns.contains(&Some(Column::Phone)) {
        return Err(ImportError::Header {
            file: file.to_string(),
            row: header_row,
            message: "missing column email or phone: a contact nobody can reach is no contact".into(),
        });
    }
    let header_of = |c: Column| -> String {
        columns.iter().position(|x| *x == Some(c)).and_then(|i| sheet.headers.get(i)).cloned().unwrap_or_else(|| c.name().to_string())
    };
    let mut errors: Vec<RowError> = Vec::new();
    let mut out = Vec::new();
    let mut seen_ids: HashMap<RecordId, usize> = HashMap::new();
    let mut seen_keys: HashMap<(CountryCode, ContactKind, String), usize> = HashMap::new();
    for (n, row) in sheet.rows.enumerate() {
        let (row_no, cells) = row?;
        if n >= MAX_IMPORT_ROWS {
            return Err(ImportError::File {
                file: file.to_string(),
                message: format!("more than {MAX_IMPORT_ROWS} rows: a directory file has one row per authority; split the file"),
            });
        }
        let mut text = ContactText::default();
        for (i, cell) in cells.into_iter().enumerate() {
            if let Some(Some(c)) = columns.get(i) {
                text.set(*c, cell);
            }
        }
        let err = |c: Column, message: String| RowError { file: file.to_string(), row: row_no, column: header_of(c), message };
        let id = if text.id.trim().is_empty() {
            None
        } else {
            match RecordId::parse(text.id.trim()) {
                Ok(id) => Some(id),
                Err(e) => {
                    errors.push(err(Column::Id, format!("{e}; leave it empty for a new entry")));
                    None
                }
            }
        };
        match text.parse(now) {
            Ok(d) => {
                if let Some(id) = id {
                    if let Some(first) = seen_ids.insert(id, row_no) {
                        errors.push(err(Column::Id, format!("the same id as row {first}: one row per entry")));
                    }
                }
                let key = (d.country, d.kind, fold_key(&d.authority));
                if let Some(first) = seen_keys.insert(key, row_no) {
                    errors.push(err(Column::Authority, format!("the same country, kind and authority as row {first}: one row per entry")));
                }
                out.push((id, d));
            }
            Err(es) => errors.extend(es.into_iter().map(|(c, e)| err(c, e.to_string()))),
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows { errors });
    }
    if out.is_empty() {
        return Err(ImportError::File {
            file: file.to_string(),
            message: "no entry in the file: expected a header row and data rows".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        Timestamp::from_ymd_hms(2026, 11, 23, 10, 0, 0)
    }

    #[test]
    fn headers_in_three_languages() {
        let csv = "País;Autoridad;Tipo;Instrumentos;Funciones;Idiomas;Correo electrónico;Teléfono;Fecha de verificación\n\
                   Croacia;Ministerio del Interior;punto de contacto;fp, att;rastreo;es, en;spoc@mup.hr;+385 1 6122 111;2026-05-01\n";
        let rows = parse_directory_file(csv.as_bytes().to_vec(), "d.csv", now()).unwrap();
        assert_eq!(rows.len(), 1);
        let d = &rows[0].1;
        assert_eq!(d.country.as_str(), "HRV");
        assert_eq!(d.kind, ContactKind::SinglePointOfContact);
        assert_eq!(d.instruments.len(), 2);
        let fr = "Pays,Autorité,Type,Instruments,Courriel,Vérifié le\nFrance,Ministère de l'Intérieur,autorite competente,poa,pfa@interieur.gouv.fr,01/03/2026\n";
        assert_eq!(parse_directory_file(fr.as_bytes().to_vec(), "f.csv", now()).unwrap()[0].1.kind, ContactKind::CompetentAuthority);
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let csv = "country,authority,kind,instruments,email,last_verified\n\
                   HRV,MUP,single_point_of_contact,fp,spoc@mup.hr,2026-05-01\n\
                   Atlantis,MUP,spoc,fp,not-an-address,2026-05-01\n\
                   SRB,MUP,spoc,wassenaar,a@b.rs,2099-01-01\n";
        let Err(ImportError::Rows { errors }) = parse_directory_file(csv.as_bytes().to_vec(), "d.csv", now()) else { panic!() };
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].starts_with("d.csv:3:country: country: 'Atlantis' is not valid"), "{}", lines[0]);
        assert!(lines[1].starts_with("d.csv:3:email:"), "{}", lines[1]);
        assert!(lines[2].starts_with("d.csv:4:instruments:"), "{}", lines[2]);
        assert!(lines[3].starts_with("d.csv:4:last_verified:") && lines[3].contains("not in the future"), "{}", lines[3]);
    }

    #[test]
    fn headers_that_cannot_make_an_entry_are_refused() {
        let no_contact = "country,authority,kind,instruments,last_verified\nHRV,MUP,spoc,fp,2026-01-01\n";
        assert!(matches!(parse_directory_file(no_contact.into(), "d.csv", now()), Err(ImportError::Header { .. })));
        let unknown = "country,authority,kind,instruments,email,last_verified,shoe size\n";
        let e = parse_directory_file(unknown.into(), "d.csv", now()).unwrap_err().to_string();
        assert!(e.contains("shoe size"), "{e}");
        let dup = "country,pays,authority,kind,instruments,email,last_verified\n";
        assert!(parse_directory_file(dup.into(), "d.csv", now()).unwrap_err().to_string().contains("two columns"));
        let twice = "country,authority,kind,instruments,email,last_verified\nHRV,MUP,spoc,fp,a@mup.hr,2026-01-01\nHR,mup,spoc,att,b@mup.hr,2026-01-01\n";
        let e = parse_directory_file(twice.into(), "d.csv", now()).unwrap_err().to_string();
        assert!(e.contains("d.csv:3:authority: the same country, kind and authority as row 2"), "{e}");
    }

    #[test]
    fn stale_before_is_a_year_back() {
        assert_eq!(stale_before(now()), "2025-11-23");
    }

    proptest! {
        /// Whatever the bytes, a directory file parses or fails with an error, never a panic; an
        /// accepted entry passes the entry's own check.
        #[test]
        fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Ok(rows) = parse_directory_file(body, "x.csv", now()) {
                for (_, d) in rows {
                    let p = d.into_point(RecordId::new(), now(), "t");
                    prop_assert!(p.check(now()).is_ok());
                }
            }
        }

        #[test]
        fn rows_of_plausible_cells_never_panic(cells in proptest::collection::vec(
            prop_oneof![
                Just(String::new()), Just("HRV".to_string()), Just("fp; att".to_string()), Just("spoc".to_string()),
                Just("a@b.hr".to_string()), Just("2026-01-01".to_string()), Just("+385 1 234 567".to_string()),
                "\\PC{0,20}",
            ], 0..30)) {
            let mut csv = String::from("country,authority,kind,instruments,functions,languages,email,phone,time_zone,last_verified\n");
            for chunk in cells.chunks(10) {
                csv.push_str(&chunk.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(","));
                csv.push('\n');
            }
            if let Ok(rows) = parse_directory_file(csv.into_bytes(), "x.csv", now()) {
                for (_, d) in rows {
                    prop_assert!(d.into_point(RecordId::new(), now(), "t").check(now()).is_ok());
                }
            }
        }
    }
}
