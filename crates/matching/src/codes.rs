//! Compact codes for the descriptive fields of a record, through the nomenclature: a make, a calibre,
//! a type or a country is stored as a small integer, so that comparing a reading with a record is an
//! integer comparison and a million records cost a few bytes each.
//!
//! Code 0 always means "not known". Makes and calibres in the nomenclature take their table position
//! plus one; names the nomenclature does not know get codes after those, by their folded text, so that
//! two records of the same unknown maker still agree.

use armstrace_domain::fasthash::FastMap;
use armstrace_domain::nomenclature::text::fold_key;
use armstrace_domain::nomenclature::{nomenclature, Nomenclature};
use std::sync::OnceLock;

/// Lookups from the nomenclature's identifiers to codes, built once per process.
pub(crate) struct Static {
    pub mfr_by_id: FastMap<&'static str, u16>,
    pub cal_by_id: FastMap<&'static str, u16>,
    pub type_by_code: FastMap<&'static str, u8>,
    pub country_by_alpha3: FastMap<&'static str, u8>,
    /// Calibre code → bore diameter in hundredths of a millimetre (0 when unknown).
    pub cal_diameter: Vec<u16>,
}

pub(crate) fn statics() -> &'static Static {
    static S: OnceLock<Static> = OnceLock::new();
    S.get_or_init(|| {
        let n = nomenclature();
        let mut s = Static {
            mfr_by_id: FastMap::default(),
            cal_by_id: FastMap::default(),
            type_by_code: FastMap::default(),
            country_by_alpha3: FastMap::default(),
            cal_diameter: vec![0],
        };
        for (i, m) in n.manufacturers.iter().enumerate() {
            s.mfr_by_id.insert(m.id.as_str(), clamp16(i + 1));
        }
        for (i, c) in n.calibres.iter().enumerate() {
            s.cal_by_id.insert(c.id.as_str(), clamp16(i + 1));
            s.cal_diameter.push(c.diameter_mm.map(|d| (d * 100.0).round().clamp(0.0, 65535.0) as u16).unwrap_or(0));
        }
        for (i, t) in n.firearm_types.iter().enumerate() {
            s.type_by_code.insert(t.code.as_str(), clamp8(i + 1));
        }
        for (i, c) in n.countries.iter().enumerate() {
            s.country_by_alpha3.insert(c.alpha3.as_str(), clamp8(i + 1));
        }
        s
    })
}

fn clamp16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
fn clamp8(i: usize) -> u8 {
    u8::try_from(i).unwrap_or(u8::MAX)
}

/// Key of a model name: case, accents, spaces and punctuation do not matter ("CZ 75" = "cz75").
pub(crate) fn model_key(s: &str) -> String {
    fold_key(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A code table for names outside the nomenclature (and for models and statuses): folded key → code.
#[derive(Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    by_key: FastMap<Box<str>, u32>,
}

impl Interner {
    pub fn get(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }
    /// The code of `key`, adding it when new; `None` once `limit` codes are taken.
    pub fn intern(&mut self, key: &str, display: &str, limit: usize) -> Option<u32> {
        if let Some(&c) = self.by_key.get(key) {
            return Some(c);
        }
        if self.names.len() >= limit {
            return None;
        }
        let c = u32::try_from(self.names.len()).ok()?;
        self.names.push(display.into());
        self.by_key.insert(key.into(), c);
        Some(c)
    }
    pub fn name(&self, code: u32) -> Option<&str> {
        self.names.get(code as usize).map(|s| &**s)
    }
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self.names.iter().map(|s| 2 * s.len()).sum();
        strings + self.names.capacity() * 16 + self.by_key.capacity() * (16 + 4 + 1)
    }
}

/// Codes of a record's descriptive fields; 12 bytes a record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Attrs {
    pub mfr: u16,
    pub model: u16,
    pub calibre: u16,
    pub year: u16,
    pub ty: u8,
    pub coo: u8,
    pub country: u8,
    /// `DEAD` once the record is removed.
    pub status: u8,
}

pub(crate) const DEAD: u8 = u8::MAX;

/// Turns the text of records into codes, remembering what it resolved so that a million records
/// with a few hundred distinct spellings cost a few hundred resolutions.
#[derive(Default)]
pub(crate) struct Codebook {
    extra_mfr: Interner,
    extra_cal: Interner,
    models: Interner,
    statuses: Interner,
    mfr_cache: FastMap<Box<str>, u16>,
    /// Type code → calibre text → code (nested so that a lookup needs no allocation).
    cal_cache: FastMap<u8, FastMap<Box<str>, u16>>,
    type_cache: FastMap<Box<str>, u8>,
    country_cache: FastMap<Box<str>, u8>,
    /// Make code → model text → code.
    model_cache: FastMap<u16, FastMap<Box<str>, u16>>,
    /// Statuses as written → code: a registry repeats a handful of spellings, and folding each
    /// record's status was a noticeable part of a build.
    status_cache: FastMap<Box<str>, u8>,
}

/// Codes above the nomenclature's for makes and calibres it does not know.
fn extra_base(len: usize) -> usize {
    len + 1
}

impl Codebook {
    pub fn heap_bytes(&self) -> usize {
        fn cache<K, V>(m: &FastMap<K, V>, key: usize) -> usize {
            m.capacity() * (std::mem::size_of::<K>() + std::mem::size_of::<V>() + 1) + m.len() * key
        }
        self.extra_mfr.heap_bytes()
            + self.extra_cal.heap_bytes()
            + self.models.heap_bytes()
            + self.statuses.heap_bytes()
            + cache(&self.mfr_cache, 16)
            + self.cal_cache.values().map(|m| cache(m, 16)).sum::<usize>()
            + cache(&self.type_cache, 12)
            + cache(&self.country_cache, 8)
            + self.model_cache.values().map(|m| cache(m, 12)).sum::<usize>()
            + cache(&self.status_cache, 12)
    }

    pub fn manufacturer(&mut self, raw: &str) -> u16 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        let st = statics();
        if let Some(&c) = st.mfr_by_id.get(raw) {
            return c;
        }
        if let Some(&c) = self.mfr_cache.get(raw) {
            return c;
        }
        let n = nomenclature();
        let code = match n.resolve_manufacturer(raw, None).and_then(|r| st.mfr_by_id.get(r.id.as_str()).copied()) {
            Some(c) => c,
            None => {
                let base = extra_base(n.manufacturers.len());
                self.extra_mfr
                    .intern(&fold_key(raw), raw, usize::from(u16::MAX) - base)
                    .and_then(|c| u16::try_from(c as usize + base).ok())
                    .unwrap_or(0)
            }
        };
        self.mfr_cache.insert(raw.into(), code);
        code
    }

    pub fn calibre(&mut self, raw: &str, ty: u8) -> u16 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        let st = statics();
        if let Some(&c) = st.cal_by_id.get(raw) {
            return c;
        }
        if let Some(&c) = self.cal_cache.get(&ty).and_then(|m| m.get(raw)) {
            return c;
        }
        let n = nomenclature();
        let hint = type_code(ty);
        let code = match n.resolve_calibre(raw, hint).and_then(|r| st.cal_by_id.get(r.id.as_str()).copied()) {
            Some(c) => c,
            None => {
                let base = extra_base(n.calibres.len());
                self.extra_cal
                    .intern(&fold_key(raw), raw, usize::from(u16::MAX) - base)
                    .and_then(|c| u16::try_from(c as usize + base).ok())
                    .unwrap_or(0)
            }
        };
        self.cal_cache.entry(ty).or_default().insert(raw.into(), code);
        code
    }

    pub fn firearm_type(&mut self, raw: &str) -> u8 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        let st = statics();
        if let Some(&c) = st.type_by_code.get(raw) {
            return c;
        }
        if let Some(&c) = self.type_cache.get(raw) {
            return c;
        }
        let code = resolve_type_code(raw);
        self.type_cache.insert(raw.into(), code);
        code
    }

    pub fn country(&mut self, raw: &str) -> u8 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        let st = statics();
        if let Some(&c) = st.country_by_alpha3.get(raw) {
            return c;
        }
        if let Some(&c) = self.country_cache.get(raw) {
            return c;
        }
        let code = nomenclature().resolve_country(raw).and_then(|r| st.country_by_alpha3.get(r.id.as_str()).copied()).unwrap_or(0);
        self.country_cache.insert(raw.into(), code);
        code
    }

    /// The model code within the make: the nomenclature's model when it knows it for this make, else
    /// the folded name. Code 0 when empty or when the table is full.
    pub fn model(&mut self, raw: &str, mfr: u16) -> u16 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        if let Some(&c) = self.model_cache.get(&mfr).and_then(|m| m.get(raw)) {
            return c;
        }
        let key = model_identity(raw, mfr);
        let code = self.models.intern(&key, raw, usize::from(u16::MAX) - 1).and_then(|c| u16::try_from(c + 1).ok()).unwrap_or(0);
        self.model_cache.entry(mfr).or_default().insert(raw.into(), code);
        code
    }

    /// The code of a model as read, without adding it: `Some(0)`-like "unseen" is `u16::MAX`.
    pub fn model_lookup(&self, raw: &str, mfr: u16) -> u16 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        match self.models.get(&model_identity(raw, mfr)) {
            Some(c) => u16::try_from(c + 1).unwrap_or(u16::MAX),
            None => u16::MAX,
        }
    }

    pub fn model_name(&self, code: u16) -> Option<&str> {
        if code == 0 || code == u16::MAX {
            return None;
        }
        self.models.name(u32::from(code) - 1)
    }

    pub fn status(&mut self, raw: &str) -> u8 {
        if let Some(&c) = self.status_cache.get(raw) {
            return c;
        }
        let k = fold_key(raw);
        let code = if k.is_empty() {
            0
        } else {
            self.statuses.intern(&k, raw.trim(), usize::from(DEAD) - 2).and_then(|c| u8::try_from(c + 1).ok()).unwrap_or(0)
        };
        // Bounded like the interner: statuses are a short list, free text must not grow this.
        if self.status_cache.len() < 1024 {
            self.status_cache.insert(raw.into(), code);
        }
        code
    }

    pub fn status_name(&self, code: u8) -> Option<&str> {
        if code == 0 || code == DEAD {
            return None;
        }
        self.statuses.name(u32::from(code) - 1)
    }

    pub fn manufacturer_name(&self, code: u16) -> Option<&str> {
        let n = nomenclature();
        let c = usize::from(code);
        if c == 0 {
            return None;
        }
        if let Some(m) = n.manufacturers.get(c - 1) {
            return Some(&m.name);
        }
        self.extra_mfr.name(u32::try_from(c - extra_base(n.manufacturers.len())).ok()?)
    }

    pub fn calibre_name(&self, code: u16) -> Option<&str> {
        let n = nomenclature();
        let c = usize::from(code);
        if c == 0 {
            return None;
        }
        if let Some(m) = n.calibres.get(c - 1) {
            return Some(&m.name);
        }
        self.extra_cal.name(u32::try_from(c - extra_base(n.calibres.len())).ok()?)
    }

    /// The make code of a name, without adding unknown names (for readings).
    pub fn manufacturer_lookup_extra(&self, raw: &str) -> u16 {
        let base = extra_base(nomenclature().manufacturers.len());
        self.extra_mfr.get(&fold_key(raw)).and_then(|c| u16::try_from(c as usize + base).ok()).unwrap_or(0)
    }

    pub fn calibre_lookup_extra(&self, raw: &str) -> u16 {
        let base = extra_base(nomenclature().calibres.len());
        self.extra_cal.get(&fold_key(raw)).and_then(|c| u16::try_from(c as usize + base).ok()).unwrap_or(0)
    }
}

/// The identity of a model: the folded canonical name when the nomenclature knows the model (so that
/// "Model 1300", "model1300" and an alias agree), else the folded name as written. The maker is not
/// part of it: a reading may name the model under another maker's name, and the make is compared on
/// its own.
fn model_identity(raw: &str, mfr: u16) -> String {
    let n = nomenclature();
    match n.resolve_model(raw, mfr_id(n, mfr)) {
        Some(r) => model_key(&r.name),
        None => model_key(raw),
    }
}

pub(crate) fn mfr_id(n: &'static Nomenclature, code: u16) -> Option<&'static str> {
    usize::from(code).checked_sub(1).and_then(|i| n.manufacturers.get(i)).map(|m| m.id.as_str())
}

pub(crate) fn type_code(code: u8) -> Option<&'static str> {
    usize::from(code).checked_sub(1).and_then(|i| nomenclature().firearm_types.get(i)).map(|t| t.code.as_str())
}

pub(crate) fn type_name(code: u8) -> Option<&'static str> {
    usize::from(code).checked_sub(1).and_then(|i| nomenclature().firearm_types.get(i)).map(|t| t.en.as_str())
}

pub(crate) fn resolve_type_code(raw: &str) -> u8 {
    nomenclature().resolve_type(raw).and_then(|r| statics().type_by_code.get(r.id.as_str()).copied()).unwrap_or(0)
}
