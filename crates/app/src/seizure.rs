//! Recording a seizure on the standard template (seed 002 §54–55): the incident, then the items,
//! then the persons. What the officer typed is kept beside what it resolves to; checks run while
//! typing (through the API) and again on saving: errors stop the save, warnings ask for a second
//! look (an impossible calibre for the type, a serial with characters often misread, a foreign-made
//! firearm without an import marking — Firearms Protocol art. 8(1)(b), ITI §8(b)).

use serde::{Deserialize, Serialize};

use armstrace_domain::access::Principal;
use armstrace_domain::country::CountryCode;
use armstrace_domain::date::PartialDate;
use armstrace_domain::handling::HandlingCode;
use armstrace_domain::history::{derive_status, EventKind, EventParty, EventRole, HistoryEvent};
use armstrace_domain::id::RecordId;
use armstrace_domain::incident::{Incident, IncidentKind, IncidentParty, Place, Route};
use armstrace_domain::item::{Classification, ImportMark, Item, ItemClass, Markings, Resolved};
use armstrace_domain::meta::RecordMeta;
use armstrace_domain::nomenclature::{nomenclature, Resolution};
use armstrace_domain::party::{Party, PartyKind};
use armstrace_domain::serial::{fold_confusables, SerialNumber, SerialStatus};
use armstrace_domain::time::Timestamp;

/// The template as typed: every value a string, as it came from the form or the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SeizureForm {
    pub reference: String,
    pub date: String,
    pub country: String,
    pub admin_area: String,
    pub locality: String,
    /// Criminal context codes or words, comma-separated.
    pub contexts: String,
    pub handling: String,
    pub summary: String,
    pub items: Vec<ItemLine>,
    pub persons: Vec<PersonLine>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ItemLine {
    pub firearm_type: String,
    pub manufacturer: String,
    pub model: String,
    pub calibre: String,
    pub serial: String,
    /// intact, altered, obliterated, restored, partially_legible, none (empty: intact, or partially
    /// legible when the serial has `?`).
    pub serial_status: String,
    pub year: String,
    pub country_of_manufacture: String,
    pub import_country: String,
    pub import_year: String,
    pub description: String,
}

impl ItemLine {
    pub fn is_blank(&self) -> bool {
        *self == ItemLine::default()
            || [&self.firearm_type, &self.manufacturer, &self.model, &self.calibre, &self.serial, &self.description]
                .iter()
                .all(|s| s.trim().is_empty())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PersonLine {
    pub name: String,
    /// suspect, owner, buyer, seller, courier, ... (codes or words of the nomenclature).
    pub role: String,
    pub nationality: String,
    pub birth_date: String,
}

/// A problem with one field: `field` is `reference`, `items.2.calibre`, `persons.0.role`, ...
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldNote {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Checked {
    pub errors: Vec<FieldNote>,
    pub warnings: Vec<FieldNote>,
}

/// The records a valid form becomes.
#[derive(Debug, Clone)]
pub struct Seizure {
    pub incident: Incident,
    pub items: Vec<Item>,
    pub events: Vec<HistoryEvent>,
    pub persons: Vec<Party>,
}

fn note(field: impl Into<String>, message: impl Into<String>) -> FieldNote {
    FieldNote { field: field.into(), message: message.into() }
}

fn resolved(raw: &str, r: Option<Resolution>) -> Resolved {
    match r {
        Some(r) => Resolved { raw: raw.trim().to_string(), id: Some(r.id), canonical: Some(r.name), confidence: r.confidence },
        None => Resolved { raw: raw.trim().to_string(), id: None, canonical: None, confidence: 0.0 },
    }
}

/// Characters that worn stampings make people misread (O/0, I/1, S/5, B/8, Z/2, G/6).
fn misread_prone(normalized: &str) -> Vec<char> {
    let mut out: Vec<char> = normalized
        .chars()
        .filter(|c| {
            fold_confusables(&c.to_string()) != c.to_string()
                || matches!(c, '0' | '1' | '5' | '8' | '2' | '6') && normalized.chars().any(|x| x.is_ascii_alphabetic())
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Checks the form and, when it has no errors, builds the records (owned by the principal's agency).
pub fn check(form: &SeizureForm, who: &Principal, now: Timestamp) -> (Checked, Option<Seizure>) {
    let n = nomenclature();
    let mut c = Checked::default();
    let year_now = now.date().0 as i32;

    if form.reference.trim().is_empty() {
        c.errors.push(note("reference", "give the case or seizure reference of your agency (e.g. the case file number)"));
    }
    let date = match form.date.trim() {
        "" => {
            c.errors.push(note("date", "give the date of the seizure (YYYY-MM-DD; YYYY-MM or YYYY when only that is known)"));
            None
        }
        d => match PartialDate::parse(d) {
            Ok(pd) if pd.earliest_day() > armstrace_domain::time::days_from_civil(now.date().0, now.date().1, now.date().2) => {
                c.errors.push(note("date", format!("{d} is in the future; check the date")));
                None
            }
            Ok(pd) => Some(pd),
            Err(e) => {
                c.errors.push(note("date", e.to_string()));
                None
            }
        },
    };
    let country = if form.country.trim().is_empty() {
        Some(who.country)
    } else {
        match CountryCode::parse(&form.country) {
            Ok(cc) => Some(cc),
            Err(_) => {
                c.errors
                    .push(note("country", format!("'{}' is not a country; use a name or an ISO code such as HRV", form.country.trim())));
                None
            }
        }
    };
    let handling = if form.handling.trim().is_empty() {
        HandlingCode::AmberStrict
    } else {
        match HandlingCode::parse(&form.handling) {
            Ok(h) => h,
            Err(e) => {
                c.errors.push(note("handling", e.to_string()));
                HandlingCode::AmberStrict
            }
        }
    };
    if handling > who.clearance {
        c.errors.push(note("handling", format!("{handling} is above your clearance ({})", who.clearance)));
    }
    let mut contexts = Vec::new();
    for word in form.contexts.split([',', ';']).map(str::trim).filter(|w| !w.is_empty()) {
        match n.resolve_code("criminal_context", word) {
            Some(r) => contexts.push(r.id),
            None => c.errors.push(note("contexts", format!("'{word}' is not a criminal context; choose from the list"))),
        }
    }

    let lines: Vec<(usize, &ItemLine)> = form.items.iter().enumerate().filter(|(_, l)| !l.is_blank()).collect();
    if lines.is_empty() {
        c.errors.push(note("items.0.serial", "record at least one seized item"));
    }
    let incident_id = RecordId::new();
    let meta = |id: RecordId| RecordMeta::new(id, &who.agency, country.unwrap_or(who.country), handling, now, &who.username);
    let mut items = Vec::new();
    let mut events = Vec::new();
    for (i, l) in &lines {
        let f = |name: &str| format!("items.{i}.{name}");
        let firearm_type = resolved(&l.firearm_type, n.resolve_type(&l.firearm_type));
        if !l.firearm_type.trim().is_empty() && firearm_type.id.is_none() {
            c.errors.push(note(f("firearm_type"), format!("'{}' is not a firearm type; choose one of the list", l.firearm_type.trim())));
        }
        let manufacturer = resolved(&l.manufacturer, n.resolve_manufacturer(&l.manufacturer, Some(&l.model)));
        if !l.manufacturer.trim().is_empty() && manufacturer.id.is_none() {
            c.warnings.push(note(
                f("manufacturer"),
                format!(
                    "'{}' is not in the nomenclature; it is kept as written — check the spelling on the firearm",
                    l.manufacturer.trim()
                ),
            ));
        } else if manufacturer.confidence > 0.0 && manufacturer.confidence < 0.9 {
            c.warnings.push(note(
                f("manufacturer"),
                format!(
                    "read as {} — check that this is the maker marked on the firearm",
                    manufacturer.canonical.clone().unwrap_or_default()
                ),
            ));
        }
        let calibre = resolved(&l.calibre, n.resolve_calibre(&l.calibre, firearm_type.id.as_deref()));
        if !l.calibre.trim().is_empty() && calibre.id.is_none() {
            c.warnings.push(note(f("calibre"), format!("'{}' is not in the nomenclature; it is kept as written", l.calibre.trim())));
        }
        let model = match n.resolve_model(&l.model, manufacturer.id.as_deref()) {
            Some(r) if !l.model.trim().is_empty() => {
                Resolved { raw: l.model.trim().into(), id: Some(r.id), canonical: Some(r.name), confidence: r.confidence }
            }
            _ => Resolved {
                raw: l.model.trim().into(),
                id: None,
                canonical: (!l.model.trim().is_empty()).then(|| l.model.trim().to_string()),
                confidence: 0.0,
            },
        };
        for w in
            n.check_combination(firearm_type.id.as_deref(), calibre.id.as_deref(), manufacturer.id.as_deref(), model.canonical.as_deref())
        {
            c.warnings.push(note(f(w.field), w.message));
        }
        let declared = match l.serial_status.trim() {
            "" => None,
            s => match SerialStatus::parse(s) {
                Ok(st) => Some(st),
                Err(e) => {
                    c.errors.push(note(f("serial_status"), e.to_string()));
                    None
                }
            },
        };
        let serial = if l.serial.trim().is_empty() && !matches!(declared, Some(SerialStatus::Obliterated) | Some(SerialStatus::None)) {
            c.errors.push(note(f("serial"), "give the serial number as marked, with ? for each character you cannot read; or set the serial status to obliterated or none"));
            None
        } else {
            match SerialNumber::parse(&l.serial, declared) {
                Ok(s) => Some(s),
                Err(e) => {
                    c.errors.push(note(f("serial"), e.to_string()));
                    None
                }
            }
        };
        if let Some(s) = &serial {
            let prone = misread_prone(s.normalized());
            if !prone.is_empty()
                && s.normalized().chars().any(|x| x.is_ascii_alphabetic())
                && s.normalized().chars().any(|x| x.is_ascii_digit())
            {
                c.warnings.push(note(
                    f("serial"),
                    format!(
                        "mixes letters and digits that worn stampings confuse ({}): check each character on the firearm; checks against lost and stolen records allow for such misreadings",
                        prone.iter().collect::<String>()
                    ),
                ));
            }
        }
        let year = match armstrace_domain::item::parse_year(&l.year, "year of manufacture", year_now) {
            Ok(y) => y,
            Err(e) => {
                c.errors.push(note(f("year"), e.to_string()));
                None
            }
        };
        let country_of_manufacture = match l.country_of_manufacture.trim() {
            "" => manufacturer.id.as_deref().and_then(|m| n.manufacturer(m)).and_then(|m| CountryCode::from_alpha3(&m.country).ok()),
            t => match CountryCode::parse(t) {
                Ok(cc) => Some(cc),
                Err(_) => {
                    c.errors.push(note(f("country_of_manufacture"), format!("'{t}' is not a country")));
                    None
                }
            },
        };
        let mut import_marks = Vec::new();
        if !l.import_country.trim().is_empty() || !l.import_year.trim().is_empty() {
            let ic = match CountryCode::parse(&l.import_country) {
                Ok(cc) => Some(cc),
                Err(_) => {
                    c.errors.push(note(f("import_country"), "give the country of the import marking"));
                    None
                }
            };
            let iy = armstrace_domain::item::parse_year(&l.import_year, "import year", year_now).unwrap_or_else(|e| {
                c.errors.push(note(f("import_year"), e.to_string()));
                None
            });
            if let Some(ic) = ic {
                import_marks.push(ImportMark { country: ic, year: iy, text: String::new() });
            }
        }
        if let (Some(made), Some(here)) = (country_of_manufacture, country) {
            if made != here && import_marks.is_empty() {
                c.warnings.push(note(
                    f("import_country"),
                    format!(
                        "made in {} but found in {}: a lawfully imported firearm carries an import marking (Firearms Protocol art. 8(1)(b), ITI §8(b)); record it, or its absence is itself a lead",
                        made.name(),
                        here.name()
                    ),
                ));
            }
        }
        if let Some(serial) = serial {
            let id = RecordId::new();
            let mut item = Item {
                meta: meta(id),
                class: ItemClass::Firearm,
                part_kind: None,
                markings: Markings {
                    manufacturer,
                    country_of_manufacture,
                    serial,
                    year_of_manufacture: year,
                    import_marks,
                    other_marks: vec![],
                },
                classification: Classification { firearm_type, model, calibre, action: None, converted: None, privately_made: None },
                ammunition: None,
                status: armstrace_domain::history::ItemStatus::Unknown,
                description: l.description.trim().to_string(),
            };
            let e = HistoryEvent {
                id: RecordId::new(),
                item: id,
                seq: 0,
                kind: EventKind::Seized,
                date,
                country,
                place: [form.locality.trim(), form.admin_area.trim()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                parties: vec![],
                licence: None,
                incident: Some(incident_id),
                documents: vec![],
                note: String::new(),
            };
            item.status = derive_status(std::slice::from_ref(&e));
            items.push(item);
            events.push(e);
        }
    }

    let mut persons = Vec::new();
    let mut incident_persons = Vec::new();
    for (i, p) in form.persons.iter().enumerate() {
        if p.name.trim().is_empty() && p.role.trim().is_empty() {
            continue;
        }
        let f = |name: &str| format!("persons.{i}.{name}");
        if p.name.trim().is_empty() {
            c.errors.push(note(f("name"), "give the person's name, or clear the role"));
            continue;
        }
        let role = match n.resolve_code("role", if p.role.trim().is_empty() { "suspect" } else { &p.role }) {
            Some(r) => r.id,
            None => {
                c.errors.push(note(f("role"), format!("'{}' is not a role; choose from the list", p.role.trim())));
                continue;
            }
        };
        let nationality = match p.nationality.trim() {
            "" => None,
            t => CountryCode::parse(t).map_err(|_| c.errors.push(note(f("nationality"), format!("'{t}' is not a country")))).ok(),
        };
        let birth_date = match p.birth_date.trim() {
            "" => None,
            t => PartialDate::parse(t).map_err(|e| c.errors.push(note(f("birth_date"), e.to_string()))).ok(),
        };
        let party = Party {
            meta: meta(RecordId::new()),
            kind: PartyKind::Person,
            name: p.name.trim().to_string(),
            roles: vec![],
            identifiers: vec![],
            addresses: vec![],
            nationality,
            birth_date,
            manufacturer_id: None,
        };
        incident_persons.push(IncidentParty { party: party.meta.id, role: role.clone() });
        for e in events.iter_mut() {
            e.parties.push(EventParty { role: if role == "owner" { EventRole::Holder } else { EventRole::From }, party: party.meta.id });
        }
        persons.push(party);
    }

    if !c.errors.is_empty() {
        return (c, None);
    }
    let incident = Incident {
        meta: meta(incident_id),
        kind: IncidentKind::Seizure,
        reference: form.reference.trim().to_string(),
        date,
        place: Place {
            country,
            admin_area: form.admin_area.trim().to_string(),
            locality: form.locality.trim().to_string(),
            lat: None,
            lon: None,
        },
        contexts,
        persons: incident_persons,
        route: Route::default(),
        concealment: String::new(),
        conveyance: None,
        items: items.iter().map(|i| i.meta.id).collect(),
        summary: form.summary.trim().to_string(),
    };
    (c, Some(Seizure { incident, items, events, persons }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use armstrace_domain::access::Role;

    fn officer() -> Principal {
        Principal {
            user: RecordId::new(),
            username: "ana".into(),
            agency: "HRV-POL".into(),
            country: CountryCode::from_alpha3("HRV").unwrap(),
            role: Role::Officer,
            clearance: HandlingCode::AmberStrict,
        }
    }
    fn now() -> Timestamp {
        Timestamp::parse("2026-11-22T10:00:00Z").unwrap()
    }

    fn good() -> SeizureForm {
        SeizureForm {
            reference: "HR-2026-0042".into(),
            date: "2026-11-20".into(),
            country: "Croatia".into(),
            locality: "Slavonski Brod".into(),
            contexts: "illicit trafficking".into(),
            items: vec![
                ItemLine {
                    firearm_type: "pistola".into(),
                    manufacturer: "Crvena Zastava".into(),
                    model: "M70".into(),
                    calibre: "7,65 mm".into(),
                    serial: "A12?45".into(),
                    country_of_manufacture: "SRB".into(),
                    import_country: "HRV".into(),
                    import_year: "1999".into(),
                    ..Default::default()
                },
                ItemLine::default(),
            ],
            persons: vec![PersonLine {
                name: "Ivan Horvat".into(),
                role: "courier".into(),
                nationality: "HRV".into(),
                birth_date: "1980".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_becomes_an_incident_its_items_and_persons() {
        let (c, s) = check(&good(), &officer(), now());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let s = s.unwrap();
        assert_eq!(s.items.len(), 1, "blank lines are skipped");
        let it = &s.items[0];
        assert_eq!(it.meta.agency, "HRV-POL");
        assert_eq!(it.meta.handling, HandlingCode::AmberStrict, "seizures default to AMBER+STRICT");
        assert_eq!(it.classification.firearm_type.id.as_deref(), Some("pistol"));
        assert_eq!(it.markings.manufacturer.id.as_deref(), Some("zastava"));
        assert_eq!(it.markings.serial.status(), SerialStatus::PartiallyLegible);
        assert_eq!(it.status, armstrace_domain::history::ItemStatus::Seized);
        assert_eq!(s.incident.items, vec![it.meta.id]);
        assert_eq!(s.persons.len(), 1);
        assert_eq!(s.incident.persons[0].role, "courier");
        assert_eq!(s.events[0].incident, Some(s.incident.meta.id));
    }

    #[test]
    fn errors_name_the_field_and_nothing_is_built() {
        let mut f = good();
        f.reference.clear();
        f.date = "2027-01-01".into();
        f.items[0].serial.clear();
        f.items[0].firearm_type = "spaceship".into();
        f.persons[0].role = "astronaut".into();
        let (c, s) = check(&f, &officer(), now());
        assert!(s.is_none());
        let fields: Vec<&str> = c.errors.iter().map(|e| e.field.as_str()).collect();
        for want in ["reference", "date", "items.0.serial", "items.0.firearm_type", "persons.0.role"] {
            assert!(fields.contains(&want), "{want} missing from {fields:?}");
        }
        let mut f = good();
        f.handling = "RED".into();
        assert!(check(&f, &officer(), now()).0.errors.iter().any(|e| e.field == "handling"), "RED is above this officer's clearance");
    }

    #[test]
    fn warnings_for_impossible_combinations_misreadable_serials_and_missing_import_marks() {
        let mut f = good();
        f.items[0].calibre = "12 gauge".into();
        f.items[0].serial = "B0S8Z1".into();
        f.items[0].import_country.clear();
        f.items[0].import_year.clear();
        let (c, s) = check(&f, &officer(), now());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert!(s.is_some(), "warnings do not stop the records");
        let fields: Vec<&str> = c.warnings.iter().map(|w| w.field.as_str()).collect();
        assert!(fields.contains(&"items.0.calibre"), "{:?}", c.warnings);
        assert!(fields.contains(&"items.0.serial"), "{:?}", c.warnings);
        assert!(fields.contains(&"items.0.import_country"), "{:?}", c.warnings);
    }
}
