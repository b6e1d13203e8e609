//! Licences and authorizations (Firearms Protocol art. 10; record-keeping art. 7(b)): what was
//! authorized, by whom, between which countries, for which final recipient.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::id::RecordId;
use crate::meta::RecordMeta;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    Export,
    Import,
    Transit,
    Possession,
    Dealing,
    Manufacturing,
    /// FP 15(1)(b).
    Brokering,
}

impl LicenceKind {
    pub const ALL: [LicenceKind; 7] =
        [Self::Export, Self::Import, Self::Transit, Self::Possession, Self::Dealing, Self::Manufacturing, Self::Brokering];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Export => "export",
            Self::Import => "import",
            Self::Transit => "transit",
            Self::Possession => "possession",
            Self::Dealing => "dealing",
            Self::Manufacturing => "manufacturing",
            Self::Brokering => "brokering",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = crate::nomenclature::text::fold_key(s);
        Self::ALL
            .into_iter()
            .find(|x| x.code() == k)
            .or(match k.as_str() {
                "exportacion" | "exportation" => Some(Self::Export),
                "importacion" | "importation" => Some(Self::Import),
                "transito" | "transit licence" => Some(Self::Transit),
                "tenencia" | "porte" | "detention" | "firearm licence" | "gun licence" => Some(Self::Possession),
                "dealer" | "comercio" | "commerce" | "armurier" => Some(Self::Dealing),
                "manufacture" | "fabricacion" | "fabrication" | "manufacturer" => Some(Self::Manufacturing),
                "broker" | "intermediacion" | "courtage" => Some(Self::Brokering),
                _ => None,
            })
            .ok_or_else(|| {
                DomainError::invalid("licence kind", s, "export, import, transit, possession, dealing, manufacturing or brokering")
            })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceLine {
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firearm_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibre: Option<String>,
    pub quantity: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Licence {
    pub meta: RecordMeta,
    pub kind: LicenceKind,
    pub number: String,
    pub issuing_authority: String,
    pub issuing_country: CountryCode,
    pub issued: Option<PartialDate>,
    pub expires: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exporting_country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importing_country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_countries: Vec<CountryCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub final_recipient: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LicenceLine>,
    /// FP 10(6): temporary movements for hunting, sport, evaluation, exhibition or repair.
    #[serde(default)]
    pub temporary: bool,
}

impl Licence {
    /// FP 10(3) requires issue and expiry dates; a licence that expires before it is issued is wrong.
    pub fn check(&self) -> Result<(), DomainError> {
        if let (Some(i), Some(e)) = (self.issued, self.expires) {
            if e < i {
                return Err(DomainError::invalid("expires", &e.to_string(), format!("a date after the issue date {i}")));
            }
        }
        if matches!(self.kind, LicenceKind::Export | LicenceKind::Import | LicenceKind::Transit)
            && (self.exporting_country.is_none() || self.importing_country.is_none())
        {
            return Err(DomainError::missing(
                "exporting_country",
                "the exporting and importing countries of an export, import or transit licence (FP 10(3))",
            ));
        }
        Ok(())
    }
}
