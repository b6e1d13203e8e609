//! Incidents: seizures, finds, surrenders and crimes, with place, criminal context, persons and the
//! trafficking route (seed 002: georeferenced seizure data and intelligence pictures).

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::id::RecordId;
use crate::meta::RecordMeta;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// Criminal seizure (counts for SDG 16.4.2).
    Seizure,
    Found,
    Surrender,
    Crime,
}

impl IncidentKind {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Seizure => "seizure",
            Self::Found => "found",
            Self::Surrender => "surrender",
            Self::Crime => "crime",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match crate::nomenclature::text::fold_key(s).as_str() {
            "" | "seizure" | "seized" | "incautacion" | "decomiso" | "saisie" => Ok(Self::Seizure),
            "found" | "find" | "hallazgo" | "encontrada" | "trouvee" | "decouverte" => Ok(Self::Found),
            "surrender" | "surrendered" | "entrega" | "entrega voluntaria" | "remise" | "remise volontaire" => Ok(Self::Surrender),
            "crime" | "delito" | "infraction" => Ok(Self::Crime),
            _ => Err(DomainError::invalid("incident kind", s, "seizure, found, surrender or crime")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Place {
    pub country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin_area: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub locality: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

impl Place {
    pub fn parse_coordinates(lat: &str, lon: &str) -> Result<(Option<f64>, Option<f64>), DomainError> {
        let (lat, lon) = (lat.trim(), lon.trim());
        if lat.is_empty() && lon.is_empty() {
            return Ok((None, None));
        }
        let la: f64 = lat
            .replace(',', ".")
            .parse()
            .map_err(|_| DomainError::invalid("latitude", lat, "decimal degrees between -90 and 90, e.g. 45.815"))?;
        let lo: f64 = lon
            .replace(',', ".")
            .parse()
            .map_err(|_| DomainError::invalid("longitude", lon, "decimal degrees between -180 and 180, e.g. 15.98"))?;
        if !(-90.0..=90.0).contains(&la) {
            return Err(DomainError::invalid("latitude", lat, "decimal degrees between -90 and 90"));
        }
        if !(-180.0..=180.0).contains(&lo) {
            return Err(DomainError::invalid("longitude", lon, "decimal degrees between -180 and 180"));
        }
        Ok((Some(la), Some(lo)))
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Route {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin: Vec<CountryCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit: Vec<CountryCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination: Vec<CountryCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentParty {
    pub party: RecordId,
    /// Role code of the nomenclature: suspect, owner, buyer, seller, courier, witness.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub meta: RecordMeta,
    pub kind: IncidentKind,
    pub reference: String,
    pub date: Option<PartialDate>,
    pub place: Place,
    /// Criminal context codes of the nomenclature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<IncidentParty>,
    #[serde(default)]
    pub route: Route,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub concealment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conveyance: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<RecordId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}
