//! Countries by ISO 3166-1 alpha-3 (DESIGN: countries), checked against the embedded table and
//! grouped by UN M49 regions as UNODC reports them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::nomenclature::nomenclature;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Accepts an alpha-3 or alpha-2 code or a country name in English, Spanish or French.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let r = nomenclature().resolve_country(s).filter(|r| r.confidence >= 0.75).ok_or_else(|| {
            DomainError::invalid("country", s, "an ISO 3166-1 code (DEU, DE) or a country name in English, Spanish or French")
        })?;
        Self::from_alpha3(&r.id)
    }
    /// Exactly an alpha-3 code of the table.
    pub fn from_alpha3(s: &str) -> Result<Self, DomainError> {
        let up = s.trim().to_ascii_uppercase();
        let b = up.as_bytes();
        if b.len() != 3 || nomenclature().country(&up).is_none() {
            return Err(DomainError::invalid("country", s, "an ISO 3166-1 alpha-3 code such as DEU"));
        }
        Ok(CountryCode([b[0], b[1], b[2]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
    pub fn name(&self) -> &'static str {
        nomenclature().country(self.as_str()).map(|c| c.name_en.as_str()).unwrap_or("")
    }
    pub fn m49_region(&self) -> &'static str {
        nomenclature().country(self.as_str()).map(|c| c.region.as_str()).unwrap_or("")
    }
    pub fn m49_subregion(&self) -> &'static str {
        nomenclature().country(self.as_str()).map(|c| c.subregion.as_str()).unwrap_or("")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::from_alpha3(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn codes_and_names() {
        let deu = CountryCode::from_alpha3("DEU").unwrap();
        assert_eq!(CountryCode::parse("de").unwrap(), deu);
        assert_eq!(CountryCode::parse("Alemania").unwrap(), deu);
        assert_eq!(CountryCode::parse("Allemagne").unwrap(), deu);
        assert_eq!(deu.m49_region(), "Europe");
        assert!(CountryCode::parse("Atlantis").is_err());
        assert!(CountryCode::from_alpha3("XXX").is_err());
    }
}
