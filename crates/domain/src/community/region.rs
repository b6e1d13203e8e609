//! The regions the Community's content is about: worldwide or a UN M49 region (as countries are
//! grouped throughout the node and as UNODC reports them). Threads and resources share it.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Worldwide, or a UN M49 region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    #[default]
    Global,
    Africa,
    Americas,
    Asia,
    Europe,
    Oceania,
}

impl Region {
    pub const ALL: [Region; 6] = [Self::Global, Self::Africa, Self::Americas, Self::Asia, Self::Europe, Self::Oceania];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Africa => "africa",
            Self::Americas => "americas",
            Self::Asia => "asia",
            Self::Europe => "europe",
            Self::Oceania => "oceania",
        }
    }
    /// The UN M49 name (as `CountryCode::m49_region` gives it), or "Global".
    pub fn english(&self) -> &'static str {
        match self {
            Self::Global => "Global",
            Self::Africa => "Africa",
            Self::Americas => "Americas",
            Self::Asia => "Asia",
            Self::Europe => "Europe",
            Self::Oceania => "Oceania",
        }
    }
    /// A code, or the English, Spanish or French name ("Europa", "Amériques", "mundial" ...); empty
    /// is global.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = crate::nomenclature::text::fold_key(s);
        let found = match k.as_str() {
            "" | "global" | "world" | "worldwide" | "all" | "mundial" | "monde" | "international" => Some(Self::Global),
            "africa" | "afrique" => Some(Self::Africa),
            "americas" | "america" | "americas region" | "ameriques" | "amerique" => Some(Self::Americas),
            "asia" | "asie" => Some(Self::Asia),
            "europe" | "europa" => Some(Self::Europe),
            "oceania" | "oceanie" => Some(Self::Oceania),
            _ => None,
        };
        found.ok_or_else(|| DomainError::invalid("region", s, "global, africa, americas, asia, europe or oceania (UN M49)"))
    }
    /// The region of an M49 region name (`Europe`), if it is one.
    pub fn of_m49(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| *r != Self::Global && r.english().eq_ignore_ascii_case(name.trim()))
    }
}
