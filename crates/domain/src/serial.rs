//! Serial numbers as they are read off real firearms: with separators, in either case, partly
//! illegible, altered or obliterated (Firearms Protocol art. 5(1)(c) makes obliterating or altering
//! markings an offence, so the status is evidence, not a detail).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::DomainError;

/// What can be said of the serial number as found on the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SerialStatus {
    Intact,
    /// Tampered with: characters changed or added (FP 5(1)(c)).
    Altered,
    /// Removed or ground off; nothing or almost nothing readable (FP 5(1)(c)).
    Obliterated,
    /// Recovered by a forensic laboratory after obliteration.
    Restored,
    /// Some characters could not be read; they are recorded as `?`.
    PartiallyLegible,
    /// The item never had a serial (craft or privately made firearms, some ammunition, parts).
    None,
}

impl SerialStatus {
    pub const ALL: [SerialStatus; 6] = [Self::Intact, Self::Altered, Self::Obliterated, Self::Restored, Self::PartiallyLegible, Self::None];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Intact => "intact",
            Self::Altered => "altered",
            Self::Obliterated => "obliterated",
            Self::Restored => "restored",
            Self::PartiallyLegible => "partially_legible",
            Self::None => "none",
        }
    }
    /// Accepts the codes and the words officers use in English, Spanish and French.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = crate::nomenclature::text::fold_key(s);
        Ok(match t.as_str() {
            "intact" | "legible" | "ok" | "readable" | "intacto" | "legible ok" | "lisible" => Self::Intact,
            "altered" | "tampered" | "modified" | "alterado" | "modificado" | "altere" | "modifie" => Self::Altered,
            "obliterated" | "removed" | "erased" | "ground off" | "filed off" | "defaced" | "borrado" | "limado" | "obliterado"
            | "efface" | "oblitere" | "lime" => Self::Obliterated,
            "restored" | "recovered" | "restaurado" | "recuperado" | "restaure" | "revele" => Self::Restored,
            "partially legible"
            | "partial"
            | "partly legible"
            | "partially readable"
            | "parcialmente legible"
            | "partiellement lisible" => Self::PartiallyLegible,
            "none" | "no serial" | "unmarked" | "not marked" | "sin numero" | "sin serie" | "sans numero" | "non marque" => Self::None,
            _ => {
                return Err(DomainError::invalid(
                    "serial status",
                    s,
                    "one of intact, altered, obliterated, restored, partially_legible, none",
                ))
            }
        })
    }
}

impl fmt::Display for SerialStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A serial number: what was written, its normalized form for matching, and its status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SerialNumber {
    raw: String,
    normalized: String,
    status: SerialStatus,
}

/// The longest normalized serial accepted; real serials are far shorter, longer text is a wrong column.
pub const MAX_SERIAL_LEN: usize = 40;

/// Characters that mark an illegible position.
fn is_illegible_mark(c: char) -> bool {
    matches!(c, '?' | '*' | '¿' | '□' | '_' | '…')
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐'
                | '‑'
                | '–'
                | '—'
                | '/'
                | '\\'
                | '.'
                | ','
                | ':'
                | ';'
                | '\''
                | '"'
                | '('
                | ')'
                | '['
                | ']'
                | '|'
                | '·'
                | '°'
                | 'º'
                | '#'
        )
}

/// Maps look-alike letters from Cyrillic and Greek keyboards and full-width forms to the Latin letters
/// stamped on the metal, so that `АК123` typed on a Russian keyboard matches `AK123`.
fn fold_char(c: char) -> Option<char> {
    let c = match c {
        'А' | 'а' | 'Α' | 'α' => 'A',
        'В' | 'в' | 'Β' | 'β' => 'B',
        'С' | 'с' => 'C',
        'Е' | 'е' | 'Ε' | 'ε' => 'E',
        'Н' | 'н' | 'Η' => 'H',
        'І' | 'і' | 'Ι' => 'I',
        'К' | 'к' | 'Κ' | 'κ' => 'K',
        'М' | 'м' | 'Μ' => 'M',
        'О' | 'о' | 'Ο' | 'ο' => 'O',
        'Р' | 'р' | 'Ρ' | 'ρ' => 'P',
        'Т' | 'т' | 'Τ' | 'τ' => 'T',
        'Х' | 'х' | 'Χ' | 'χ' => 'X',
        'У' | 'у' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        'Ν' => 'N',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32)?,
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'A' as u32)?,
        'Ø' | 'ø' => '0',
        _ => c,
    };
    if c.is_ascii_alphanumeric() {
        Some(c.to_ascii_uppercase())
    } else {
        None
    }
}

/// Strips a leading label such as `S/N:`, `SN `, `No.`, `Nr.`, `N°` that people copy with the number.
fn strip_label(s: &str) -> &str {
    let t = s.trim_start();
    let lower = t.to_lowercase();
    for label in ["s/n", "serial no", "serial number", "serial", "ser. no", "n° de serie", "no de serie", "no.", "nr.", "n°", "nº"] {
        if lower.starts_with(label) {
            let Some(rest) = t.get(label.len()..) else {
                continue;
            };
            // A word label only counts when a separator follows ("Serial12" may be the serial
            // itself); an abbreviation ending in a point or a degree sign is a label as it stands.
            let abbreviated = label.ends_with(['.', '°', 'º']);
            if abbreviated || rest.starts_with([' ', ':', '.', '#', '-']) {
                return rest.trim_start_matches([' ', ':', '.', '#', '-']);
            }
        }
    }
    t
}

impl SerialNumber {
    /// Parses a serial as written. `declared` is the status the officer chose, if any; when absent it
    /// is derived (illegible marks make it partially legible, all-illegible makes it obliterated).
    pub fn parse(raw: &str, declared: Option<SerialStatus>) -> Result<Self, DomainError> {
        let body = strip_label(raw);
        let mut normalized = String::with_capacity(body.len());
        for c in body.chars() {
            if is_illegible_mark(c) {
                normalized.push('?');
            } else if is_separator(c) {
                continue;
            } else if let Some(f) = fold_char(c) {
                normalized.push(f);
            } else {
                return Err(DomainError::invalid(
                    "serial",
                    raw,
                    format!("letters and digits only (separators are ignored, write an unreadable character as ?); '{c}' is neither"),
                ));
            }
        }
        if normalized.chars().count() > MAX_SERIAL_LEN {
            return Err(DomainError::invalid(
                "serial",
                raw,
                format!("at most {MAX_SERIAL_LEN} letters and digits: is this the right column?"),
            ));
        }
        let legible = normalized.chars().filter(|&c| c != '?').count();
        let status = match declared {
            Some(SerialStatus::None) if !normalized.is_empty() => {
                return Err(DomainError::invalid(
                    "serial",
                    raw,
                    "no serial when the serial status is none; clear the serial or change the status",
                ));
            }
            Some(SerialStatus::Intact) if normalized.contains('?') => SerialStatus::PartiallyLegible,
            Some(SerialStatus::Intact) | Some(SerialStatus::Restored) if normalized.is_empty() => {
                return Err(DomainError::missing(
                    "serial",
                    "the serial as read; if there is none, set the serial status to none or obliterated",
                ));
            }
            Some(s) => s,
            None if normalized.is_empty() => SerialStatus::None,
            None if legible == 0 => SerialStatus::Obliterated,
            None if normalized.contains('?') => SerialStatus::PartiallyLegible,
            None => SerialStatus::Intact,
        };
        Ok(SerialNumber { raw: raw.trim().to_string(), normalized, status })
    }

    /// A serial as the store kept it. The stored normalized form is authoritative: re-parsing the raw
    /// form would apply today's normalization rules to yesterday's record.
    pub fn from_stored(raw: &str, normalized: &str, status: SerialStatus) -> Self {
        SerialNumber { raw: raw.to_string(), normalized: normalized.to_string(), status }
    }

    pub fn none() -> Self {
        SerialNumber { raw: String::new(), normalized: String::new(), status: SerialStatus::None }
    }
    pub fn raw(&self) -> &str {
        &self.raw
    }
    /// Upper case, separators removed, look-alike scripts folded, illegible positions as `?`.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
    pub fn status(&self) -> SerialStatus {
        self.status
    }
    /// Positions (0-based, in the normalized form) that could not be read.
    pub fn illegible_positions(&self) -> Vec<usize> {
        self.normalized.chars().enumerate().filter(|(_, c)| *c == '?').map(|(i, _)| i).collect()
    }
    /// The number of characters that could be read.
    pub fn legible_len(&self) -> usize {
        self.normalized.chars().filter(|&c| c != '?').count()
    }
    /// Misreading-aware key: characters that are commonly confused when reading worn stampings
    /// (O/0/Q/D, I/1/L, S/5, B/8, Z/2, G/6) collapse to one symbol, so that a misread serial lands on
    /// the same key as the true one. Used by candidate generation, never shown to users.
    pub fn folded(&self) -> String {
        fold_confusables(&self.normalized)
    }
}

/// See [`SerialNumber::folded`].
pub fn fold_confusables(normalized: &str) -> String {
    normalized
        .chars()
        .map(|c| match c {
            'O' | 'Q' | 'D' => '0',
            'I' | 'L' | 'J' => '1',
            'S' => '5',
            'B' => '8',
            'Z' => '2',
            'G' => '6',
            other => other,
        })
        .collect()
}

impl fmt::Display for SerialNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators_case_and_labels() {
        let s = SerialNumber::parse("s/n: ab-12 34", None).unwrap();
        assert_eq!(s.normalized(), "AB1234");
        assert_eq!(s.raw(), "s/n: ab-12 34");
        assert_eq!(s.status(), SerialStatus::Intact);
        // Letters before the digits are part of the serial, not a label.
        assert_eq!(SerialNumber::parse("SN 12345", None).unwrap().normalized(), "SN12345");
        assert_eq!(SerialNumber::parse("No.4711", None).unwrap().normalized(), "4711");
        assert_eq!(SerialNumber::parse("N° 4711", None).unwrap().normalized(), "4711");
        assert_eq!(SerialNumber::parse("АК-47 123", None).unwrap().normalized(), "AK47123");
    }

    #[test]
    fn illegible_and_obliterated() {
        let s = SerialNumber::parse("AB1?3*5", None).unwrap();
        assert_eq!(s.normalized(), "AB1?3?5");
        assert_eq!(s.status(), SerialStatus::PartiallyLegible);
        assert_eq!(s.illegible_positions(), vec![3, 5]);
        assert_eq!(SerialNumber::parse("???", None).unwrap().status(), SerialStatus::Obliterated);
        assert_eq!(SerialNumber::parse("", None).unwrap().status(), SerialStatus::None);
        assert_eq!(SerialNumber::parse("A1?", Some(SerialStatus::Intact)).unwrap().status(), SerialStatus::PartiallyLegible);
        assert!(SerialNumber::parse("", Some(SerialStatus::Intact)).is_err());
        assert!(SerialNumber::parse("123", Some(SerialStatus::None)).is_err());
        assert!(SerialNumber::parse("12½", None).is_err());
        assert!(SerialNumber::parse(&"1".repeat(41), None).is_err());
    }

    #[test]
    fn folding_collapses_misreadings() {
        let a = SerialNumber::parse("BO1S", None).unwrap();
        let b = SerialNumber::parse("8015", None).unwrap();
        assert_eq!(a.folded(), b.folded());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,60}") { let _ = SerialNumber::parse(&s, None); }

        #[test]
        fn normalization_is_idempotent(s in "[A-Za-z0-9 ./?-]{0,30}") {
            if let Ok(a) = SerialNumber::parse(&s, None) {
                let b = SerialNumber::parse(a.normalized(), None).unwrap();
                prop_assert_eq!(a.normalized(), b.normalized());
            }
        }

        #[test]
        fn separators_and_case_do_not_matter(s in "[A-Z0-9]{1,20}", cuts in proptest::collection::vec((0usize..20, prop::sample::select(vec![" ", "-", ".", "/"])), 0..4)) {
            let mut with = s.to_lowercase();
            for (pos, sep) in cuts {
                let p = pos.min(with.len());
                with.insert_str(p, sep);
            }
            let a = SerialNumber::parse(&s, None).unwrap();
            let b = SerialNumber::parse(&with, None).unwrap();
            prop_assert_eq!(a.normalized(), b.normalized());
            prop_assert_eq!(a.folded(), b.folded());
        }
    }
}
