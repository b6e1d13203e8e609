//! A reading as an officer records it, resolved once through the nomenclature: the serial normalized
//! and folded, the make, model, type and calibre turned into the codes the index stores, each with the
//! words that say how it was understood.

use armstrace_domain::fasthash::FastMap;
use armstrace_domain::nomenclature::nomenclature;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_domain::serial::{SerialNumber, MAX_SERIAL_LEN};

use crate::codes::{resolve_type_code, statics, type_code, Codebook};
use crate::misread::fold_into;

/// What was recorded of a seized, found or surrendered firearm. Every field is text as written;
/// empty means not recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    pub serial: &'a str,
    pub manufacturer: &'a str,
    pub model: &'a str,
    pub firearm_type: &'a str,
    pub calibre: &'a str,
    pub country_of_manufacture: &'a str,
    pub year: Option<u16>,
}

/// The serial as the index compares it: upper case, separators removed, look-alike scripts folded,
/// illegible positions as `?`. Text the domain refuses (stray symbols) keeps its letters and digits.
pub(crate) fn normalize_serial(raw: &str) -> Vec<u8> {
    // Plain ASCII that cannot start with a label ("S/N", "No.", "serial") is normalized here; the
    // domain's parser (labels, other scripts, full-width forms) handles everything else, so both
    // agree on every input.
    let t = raw.trim_start().as_bytes();
    let label_possible = t.first().is_some_and(|c| matches!(c.to_ascii_lowercase(), b's' | b'n'));
    if !label_possible
        && t.len() <= MAX_SERIAL_LEN
        && t.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b' ' | b'.' | b'/' | b'?'))
    {
        return t.iter().filter(|&&c| c != b'-' && c != b' ' && c != b'.' && c != b'/').map(|c| c.to_ascii_uppercase()).collect();
    }
    match SerialNumber::parse(raw, None) {
        Ok(s) => s.normalized().as_bytes().to_vec(),
        Err(_) => raw
            .chars()
            .filter_map(|c| {
                if c == '?' {
                    Some(b'?')
                } else if c.is_ascii_alphanumeric() {
                    Some(c.to_ascii_uppercase() as u8)
                } else {
                    None
                }
            })
            .take(MAX_SERIAL_LEN)
            .collect(),
    }
}

/// How the make of a reading was understood.
#[derive(Debug, Clone, Default)]
pub(crate) struct MakeRead {
    /// 0 when not given or not understood.
    pub code: u16,
    /// Other makes the text may name (a shared alias, a close typing slip).
    pub alternatives: Vec<u16>,
    /// The resolution in words, for the explanation ("make alias 'S&W' → Smith & Wesson").
    pub note: Option<String>,
    /// The make was not written; the model named it.
    pub from_model: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CalibreRead {
    pub code: u16,
    pub alternatives: Vec<u16>,
    pub note: Option<String>,
}

/// A reading ready for the index.
#[derive(Debug, Clone, Default)]
pub struct PreparedQuery {
    pub(crate) serial: Vec<u8>,
    pub(crate) folded: Vec<u8>,
    /// The serial as written differed from its normalized form only by separators or case.
    pub(crate) reformatted: bool,
    pub(crate) make: MakeRead,
    /// 0: not given; `u16::MAX`: a model no record carries.
    pub(crate) model: u16,
    pub(crate) ty: u8,
    pub(crate) calibre: CalibreRead,
    pub(crate) coo: u8,
    pub(crate) year: u16,
}

impl PreparedQuery {
    /// The normalized serial that will be compared.
    pub fn normalized_serial(&self) -> &str {
        std::str::from_utf8(&self.serial).unwrap_or("")
    }
}

/// Remembers resolutions of the texts of readings: officers write the same few hundred spellings of
/// makes and calibres, and the fuzzy resolution of one costs far more than the search itself.
#[derive(Default)]
pub(crate) struct ResolveCache {
    makes: FastMap<(Box<str>, Box<str>), MakeRead>,
    calibres: FastMap<(Box<str>, u8), CalibreRead>,
    types: FastMap<Box<str>, u8>,
}

/// Past this many remembered texts the cache starts again: free text from users must not grow it
/// without bound.
const CACHE_LIMIT: usize = 50_000;

impl ResolveCache {
    pub fn heap_bytes(&self) -> usize {
        (self.makes.capacity() + self.calibres.capacity() + self.types.capacity()) * 96
    }

    pub fn prepare(&mut self, codes: &Codebook, q: &Query<'_>) -> PreparedQuery {
        if self.makes.len() + self.calibres.len() + self.types.len() > CACHE_LIMIT {
            *self = ResolveCache::default();
        }
        let serial = normalize_serial(q.serial);
        let mut folded = Vec::with_capacity(serial.len());
        fold_into(&serial, &mut folded);
        let reformatted = q.serial.trim().as_bytes() != serial.as_slice();
        let ty = {
            let raw = q.firearm_type.trim();
            if raw.is_empty() {
                0
            } else if let Some(&t) = self.types.get(raw) {
                t
            } else {
                let t = statics().type_by_code.get(raw).copied().unwrap_or_else(|| resolve_type_code(raw));
                self.types.insert(raw.into(), t);
                t
            }
        };
        let mk = (Box::<str>::from(q.manufacturer.trim()), Box::<str>::from(q.model.trim()));
        let make = match self.makes.get(&mk) {
            Some(m) => m.clone(),
            None => {
                let m = resolve_make(codes, q.manufacturer.trim(), q.model.trim());
                self.makes.insert(mk, m.clone());
                m
            }
        };
        let ck = (Box::<str>::from(q.calibre.trim()), ty);
        let calibre = match self.calibres.get(&ck) {
            Some(c) => c.clone(),
            None => {
                let c = resolve_calibre(codes, q.calibre.trim(), ty);
                self.calibres.insert(ck, c.clone());
                c
            }
        };
        let model = codes.model_lookup(q.model, make.code);
        let coo = {
            let raw = q.country_of_manufacture.trim();
            if raw.is_empty() {
                0
            } else {
                statics().country_by_alpha3.get(raw).copied().unwrap_or_else(|| {
                    nomenclature().resolve_country(raw).and_then(|r| statics().country_by_alpha3.get(r.id.as_str()).copied()).unwrap_or(0)
                })
            }
        };
        PreparedQuery { serial, folded, reformatted, make, model, ty, calibre, coo, year: q.year.unwrap_or(0) }
    }
}

fn same_text(raw: &str, canonical: &str) -> bool {
    fold_key(raw) == fold_key(canonical)
}

fn resolve_make(codes: &Codebook, raw: &str, model: &str) -> MakeRead {
    let n = nomenclature();
    let st = statics();
    if !raw.is_empty() {
        let hint = if model.is_empty() { None } else { Some(model) };
        if let Some(r) = n.resolve_manufacturer(raw, hint) {
            if let Some(&code) = st.mfr_by_id.get(r.id.as_str()) {
                let alternatives = r.alternatives.iter().filter_map(|a| st.mfr_by_id.get(a.id.as_str()).copied()).collect();
                let note = if same_text(raw, &r.name) {
                    None
                } else if r.how == "name or alias" {
                    Some(format!("make alias '{raw}' → {}", r.name))
                } else {
                    Some(format!("make '{raw}' read as {} ({})", r.name, r.how))
                };
                return MakeRead { code, alternatives, note, from_model: false };
            }
        }
        let extra = codes.manufacturer_lookup_extra(raw);
        if extra != 0 {
            return MakeRead { code: extra, ..MakeRead::default() };
        }
    }
    // No make written (or none understood): a model only one maker makes names it.
    if !model.is_empty() {
        if let Some(r) = n.resolve_model(model, None) {
            if let Some(m) = n.models.iter().find(|m| m.id == r.id) {
                if let Some(&code) = st.mfr_by_id.get(m.manufacturer.as_str()) {
                    let name = n.manufacturer(&m.manufacturer).map(|x| x.name.as_str()).unwrap_or("");
                    return MakeRead {
                        code,
                        alternatives: vec![],
                        note: Some(format!("make inferred from model '{model}' → {name}")),
                        from_model: true,
                    };
                }
            }
        }
    }
    MakeRead { note: (!raw.is_empty()).then(|| format!("make '{raw}' not recognised")), ..MakeRead::default() }
}

fn resolve_calibre(codes: &Codebook, raw: &str, ty: u8) -> CalibreRead {
    if raw.is_empty() {
        return CalibreRead::default();
    }
    let st = statics();
    if let Some(r) = nomenclature().resolve_calibre(raw, type_code(ty)) {
        if let Some(&code) = st.cal_by_id.get(r.id.as_str()) {
            let alternatives = r.alternatives.iter().filter_map(|a| st.cal_by_id.get(a.id.as_str()).copied()).collect();
            let note = (!same_text(raw, &r.name)).then(|| format!("calibre '{raw}' → {}", r.name));
            return CalibreRead { code, alternatives, note };
        }
    }
    CalibreRead { code: codes.calibre_lookup_extra(raw), alternatives: vec![], note: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_normalization_agrees_with_the_domain(s in "[A-Za-z0-9 ./?-]{0,30}") {
            if let Ok(d) = SerialNumber::parse(&s, None) {
                prop_assert_eq!(normalize_serial(&s), d.normalized().as_bytes().to_vec());
            }
        }
    }
}
