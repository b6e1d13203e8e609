//! Loading of the embedded TSV tables. A malformed line is a defect of the shipped data: it is
//! recorded in [`Nomenclature::load_errors`] (a test asserts there are none) rather than panicking.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fasthash::FastMap;

#[derive(Debug, Clone)]
pub struct Country {
    pub alpha3: String,
    pub alpha2: String,
    pub numeric: String,
    pub name_en: String,
    pub name_es: String,
    pub name_fr: String,
    pub region_code: String,
    pub region: String,
    pub subregion_code: String,
    pub subregion: String,
    pub intermediate_code: String,
    pub intermediate: String,
    pub aliases: Vec<String>,
}

/// An entry of a code list (firearm types, criminal contexts, roles, conveyances, actions, event kinds).
#[derive(Debug, Clone)]
pub struct CodeEntry {
    pub code: String,
    pub en: String,
    pub es: String,
    pub fr: String,
    /// Only for firearm types: `small_arm` or `light_weapon` (SDG 16.4.2 metadata).
    pub class: String,
    pub aliases: Vec<String>,
}

impl CodeEntry {
    pub fn label(&self, lang: &str) -> &str {
        match lang {
            "es" => &self.es,
            "fr" => &self.fr,
            _ => &self.en,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Calibre {
    pub id: String,
    pub name: String,
    pub category: String,
    pub diameter_mm: Option<f32>,
    pub aliases: Vec<String>,
    /// Firearm type codes that plausibly chamber this calibre.
    pub types: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Manufacturer {
    pub id: String,
    pub name: String,
    pub country: String,
    pub town: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// `manufacturer/model key`: stable across spellings of the name.
    pub id: String,
    pub manufacturer: String,
    pub name: String,
    pub type_code: String,
    pub calibres: Vec<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Nomenclature {
    pub countries: Vec<Country>,
    pub firearm_types: Vec<CodeEntry>,
    pub criminal_contexts: Vec<CodeEntry>,
    pub roles: Vec<CodeEntry>,
    pub conveyances: Vec<CodeEntry>,
    pub actions: Vec<CodeEntry>,
    pub event_kinds: Vec<CodeEntry>,
    pub calibres: Vec<Calibre>,
    pub manufacturers: Vec<Manufacturer>,
    pub models: Vec<Model>,
    pub load_errors: Vec<String>,
    pub(crate) index: super::resolve::Index,
    country_by_alpha3: HashMap<String, usize>,
    calibre_by_id: HashMap<String, usize>,
    manufacturer_by_id: HashMap<String, usize>,
    /// Manufacturer id → model name as written in the table → model. Every stored item asks it.
    model_by_name: FastMap<String, FastMap<String, usize>>,
}

const COUNTRIES: &str = include_str!("../../data/countries.tsv");
const TYPES: &str = include_str!("../../data/firearm_types.tsv");
const CONTEXTS: &str = include_str!("../../data/criminal_contexts.tsv");
const ROLES: &str = include_str!("../../data/roles.tsv");
const CONVEYANCES: &str = include_str!("../../data/conveyances.tsv");
const ACTIONS: &str = include_str!("../../data/actions.tsv");
const EVENT_KINDS: &str = include_str!("../../data/event_kinds.tsv");
const CALIBRES: &str = include_str!("../../data/calibres.tsv");
/// Makers and models are kept in two files by region (Europe with Türkiye and the former USSR; the
/// rest of the world), loaded as one table.
const MANUFACTURERS: [(&str, &str); 2] = [
    ("manufacturers_eu.tsv", include_str!("../../data/manufacturers_eu.tsv")),
    ("manufacturers_row.tsv", include_str!("../../data/manufacturers_row.tsv")),
];
const MODELS: [(&str, &str); 2] =
    [("models_eu.tsv", include_str!("../../data/models_eu.tsv")), ("models_row.tsv", include_str!("../../data/models_row.tsv"))];

fn list(cell: &str) -> Vec<String> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// Rows of a TSV table as cell vectors with exactly `width` cells (trailing empty cells may be omitted).
fn rows<'a>(file: &str, text: &'a str, width: usize, errors: &mut Vec<String>) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    let header = text.lines().next().unwrap_or("");
    for (i, line) in text.lines().enumerate().skip(1) {
        // A header repeated where files were written in parts is not data.
        if line.trim().is_empty() || line == header || line.trim() == "header" {
            continue;
        }
        let mut cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() > width {
            errors.push(format!("{file}:{}: {} cells, expected {width}", i + 1, cells.len()));
            continue;
        }
        cells.resize(width, "");
        out.push(cells);
    }
    out
}

fn code_list(file: &str, text: &str, with_class: bool, errors: &mut Vec<String>) -> Vec<CodeEntry> {
    let width = if with_class { 6 } else { 5 };
    rows(file, text, width, errors)
        .into_iter()
        .map(|c| CodeEntry {
            code: c[0].to_string(),
            en: c[1].to_string(),
            es: c[2].to_string(),
            fr: c[3].to_string(),
            class: if with_class { c[4].to_string() } else { String::new() },
            aliases: list(c[width - 1]),
        })
        .collect()
}

impl Nomenclature {
    fn load() -> Nomenclature {
        let mut errors = Vec::new();
        let countries = rows("countries.tsv", COUNTRIES, 13, &mut errors)
            .into_iter()
            .map(|c| Country {
                alpha3: c[0].to_string(),
                alpha2: c[1].to_string(),
                numeric: c[2].to_string(),
                name_en: c[3].to_string(),
                name_es: c[4].to_string(),
                name_fr: c[5].to_string(),
                region_code: c[6].to_string(),
                region: c[7].to_string(),
                subregion_code: c[8].to_string(),
                subregion: c[9].to_string(),
                intermediate_code: c[10].to_string(),
                intermediate: c[11].to_string(),
                aliases: list(c[12]),
            })
            .collect::<Vec<_>>();
        let calibres = rows("calibres.tsv", CALIBRES, 6, &mut errors)
            .into_iter()
            .map(|c| Calibre {
                id: c[0].to_string(),
                name: c[1].to_string(),
                category: c[2].to_string(),
                diameter_mm: c[3].replace(',', ".").parse().ok(),
                aliases: list(c[4]),
                types: list(c[5]),
            })
            .collect::<Vec<_>>();
        let manufacturers = MANUFACTURERS
            .iter()
            .flat_map(|(file, text)| rows(file, text, 5, &mut errors))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|c| Manufacturer {
                id: c[0].to_string(),
                name: c[1].to_string(),
                country: c[2].to_string(),
                town: c[3].to_string(),
                aliases: list(c[4]),
            })
            .collect::<Vec<_>>();
        let models = MODELS
            .iter()
            .flat_map(|(file, text)| rows(file, text, 5, &mut errors))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|c| Model {
                id: format!("{}/{}", c[0], super::resolve::model_key(c[1])),
                manufacturer: c[0].to_string(),
                name: c[1].to_string(),
                type_code: c[2].to_string(),
                calibres: list(c[3]),
                aliases: list(c[4]),
            })
            .collect::<Vec<_>>();
        let mut n = Nomenclature {
            firearm_types: code_list("firearm_types.tsv", TYPES, true, &mut errors),
            criminal_contexts: code_list("criminal_contexts.tsv", CONTEXTS, false, &mut errors),
            roles: code_list("roles.tsv", ROLES, false, &mut errors),
            conveyances: code_list("conveyances.tsv", CONVEYANCES, false, &mut errors),
            actions: code_list("actions.tsv", ACTIONS, false, &mut errors),
            event_kinds: code_list("event_kinds.tsv", EVENT_KINDS, false, &mut errors),
            country_by_alpha3: countries.iter().enumerate().map(|(i, c)| (c.alpha3.clone(), i)).collect(),
            calibre_by_id: calibres.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
            manufacturer_by_id: manufacturers.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
            countries,
            calibres,
            manufacturers,
            models,
            load_errors: Vec::new(),
            index: Default::default(),
            model_by_name: FastMap::default(),
        };
        for (i, m) in n.models.iter().enumerate() {
            n.model_by_name.entry(m.manufacturer.clone()).or_default().entry(m.name.clone()).or_insert(i);
        }
        for m in &n.models {
            if !n.manufacturer_by_id.contains_key(&m.manufacturer) {
                errors.push(format!("models.tsv: model {} names unknown manufacturer {}", m.name, m.manufacturer));
            }
            for c in &m.calibres {
                if !n.calibre_by_id.contains_key(c) {
                    errors.push(format!("models.tsv: model {} names unknown calibre {c}", m.name));
                }
            }
        }
        for m in &n.manufacturers {
            if !m.country.is_empty() && !n.country_by_alpha3.contains_key(&m.country) {
                errors.push(format!("manufacturers.tsv: {} has unknown country {}", m.id, m.country));
            }
        }
        n.index = super::resolve::Index::build(&n, &mut errors);
        n.load_errors = errors;
        n
    }

    pub fn country(&self, alpha3: &str) -> Option<&Country> {
        self.country_by_alpha3.get(alpha3).and_then(|&i| self.countries.get(i))
    }
    pub fn calibre(&self, id: &str) -> Option<&Calibre> {
        self.calibre_by_id.get(id).and_then(|&i| self.calibres.get(i))
    }
    pub fn manufacturer(&self, id: &str) -> Option<&Manufacturer> {
        self.manufacturer_by_id.get(id).and_then(|&i| self.manufacturers.get(i))
    }
    pub fn firearm_type(&self, code: &str) -> Option<&CodeEntry> {
        self.firearm_types.iter().find(|t| t.code == code)
    }
    /// The model of this maker with exactly this name.
    pub fn model_named(&self, manufacturer_id: &str, name: &str) -> Option<&Model> {
        self.model_by_name.get(manufacturer_id).and_then(|m| m.get(name)).and_then(|&i| self.models.get(i))
    }
    pub fn models_of(&self, manufacturer_id: &str) -> impl Iterator<Item = &Model> {
        let id = manufacturer_id.to_string();
        self.models.iter().filter(move |m| m.manufacturer == id)
    }
}

static NOMENCLATURE: OnceLock<Nomenclature> = OnceLock::new();

/// The embedded nomenclature, parsed and indexed once per process.
pub fn nomenclature() -> &'static Nomenclature {
    NOMENCLATURE.get_or_init(Nomenclature::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load_cleanly_and_are_complete() {
        let n = nomenclature();
        assert!(n.load_errors.is_empty(), "{:#?}", n.load_errors);
        assert_eq!(n.countries.len(), 249);
        assert!(n.manufacturers.len() >= 150, "{}", n.manufacturers.len());
        assert!(n.models.len() >= 300, "{}", n.models.len());
        assert_eq!(n.firearm_types.len(), 8);
        for c in &n.countries {
            assert!(!c.name_en.is_empty() && !c.name_es.is_empty() && !c.name_fr.is_empty(), "{}", c.alpha3);
            assert!(c.alpha3 == "ATA" || !c.region_code.is_empty(), "{} has no M49 region", c.alpha3);
        }
    }
}
