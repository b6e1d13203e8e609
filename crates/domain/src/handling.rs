//! Handling codes: Traffic Light Protocol 2.0 (FIRST). Every record carries one, and every layer that
//! lets data out enforces it (DESIGN: federation and security).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::DomainError;

/// Ordered from the widest to the narrowest audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HandlingCode {
    #[serde(rename = "CLEAR")]
    Clear,
    #[serde(rename = "GREEN")]
    Green,
    #[serde(rename = "AMBER")]
    Amber,
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    #[serde(rename = "RED")]
    Red,
}

impl HandlingCode {
    pub const ALL: [HandlingCode; 5] = [Self::Clear, Self::Green, Self::Amber, Self::AmberStrict, Self::Red];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Clear => "CLEAR",
            Self::Green => "GREEN",
            Self::Amber => "AMBER",
            Self::AmberStrict => "AMBER+STRICT",
            Self::Red => "RED",
        }
    }

    /// Accepts `TLP:AMBER+STRICT`, `amber strict`, `tlp-red`, and TLP 1.0's `WHITE` (renamed CLEAR in 2.0).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t: String = s.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.strip_prefix("TLP:").or_else(|| t.strip_prefix("TLP-")).or_else(|| t.strip_prefix("TLP")).unwrap_or(&t);
        match t {
            "CLEAR" | "WHITE" => Ok(Self::Clear),
            "GREEN" => Ok(Self::Green),
            "AMBER" => Ok(Self::Amber),
            "AMBER+STRICT" | "AMBERSTRICT" | "AMBER-STRICT" | "AMBER_STRICT" => Ok(Self::AmberStrict),
            "RED" => Ok(Self::Red),
            _ => Err(DomainError::invalid("handling code", s, "one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED")),
        }
    }
}

impl fmt::Display for HandlingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TLP:{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parse_forms() {
        for c in HandlingCode::ALL {
            assert_eq!(HandlingCode::parse(&c.to_string()), Ok(c));
            assert_eq!(HandlingCode::parse(&c.as_str().to_lowercase()), Ok(c));
        }
        assert_eq!(HandlingCode::parse("white"), Ok(HandlingCode::Clear));
        assert_eq!(HandlingCode::parse("amber strict"), Ok(HandlingCode::AmberStrict));
        assert!(HandlingCode::parse("purple").is_err());
        assert!(HandlingCode::Red > HandlingCode::Amber);
    }
}
