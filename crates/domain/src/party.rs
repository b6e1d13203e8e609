//! Parties: persons and organisations — manufacturers, dealers, importers, exporters, brokers (FP 15),
//! carriers, licensed holders. Personal data is minimised; reads of it are audited by the services.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::meta::RecordMeta;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Manufacturer,
    Dealer,
    Importer,
    Exporter,
    Broker,
    Carrier,
    LicensedHolder,
    /// Armed forces, police and other holders of state stocks.
    StateEntity,
}

impl PartyRole {
    pub const ALL: [PartyRole; 8] = [
        Self::Manufacturer,
        Self::Dealer,
        Self::Importer,
        Self::Exporter,
        Self::Broker,
        Self::Carrier,
        Self::LicensedHolder,
        Self::StateEntity,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Manufacturer => "manufacturer",
            Self::Dealer => "dealer",
            Self::Importer => "importer",
            Self::Exporter => "exporter",
            Self::Broker => "broker",
            Self::Carrier => "carrier",
            Self::LicensedHolder => "licensed_holder",
            Self::StateEntity => "state_entity",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = crate::nomenclature::text::fold_key(s).replace(' ', "_");
        Self::ALL
            .into_iter()
            .find(|r| r.code() == k)
            .or(match k.as_str() {
                "holder" | "licensee" | "titular" | "titulaire" => Some(Self::LicensedHolder),
                "fabricante" | "fabricant" => Some(Self::Manufacturer),
                "armero" | "comerciante" | "armurier" | "gun_dealer" => Some(Self::Dealer),
                _ => None,
            })
            .ok_or_else(|| {
                DomainError::invalid(
                    "party role",
                    s,
                    "manufacturer, dealer, importer, exporter, broker, carrier, licensed_holder or state_entity",
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// e.g. `licence`, `national_id`, `passport`, `company_registration`, `atf_rds_key`.
    pub kind: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<CountryCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postal_code: String,
    #[serde(default)]
    pub country: Option<CountryCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub meta: RecordMeta,
    pub kind: PartyKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<PartyRole>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<PartialDate>,
    /// Nomenclature id when this organisation is a known manufacturer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_id: Option<String>,
}

impl Party {
    pub fn is_personal_data(&self) -> bool {
        self.kind == PartyKind::Person
    }
}

/// Yearly production or exports of a licensed manufacturer by firearm type (AFMER and national
/// equivalents), kept to set seizures against what was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductionFigure {
    pub party: crate::id::RecordId,
    pub year: i32,
    /// `manufactured` or `exported`.
    pub flow: String,
    /// Firearm type code, or `other_firearm` for AFMER's miscellaneous firearms.
    pub firearm_type: String,
    pub quantity: u64,
    pub source: String,
}
