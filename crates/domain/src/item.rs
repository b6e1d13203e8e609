//! Items: firearms, parts and components, ammunition (Firearms Protocol art. 3(a)–(c)) with the
//! markings art. 8 and ITI §8 require. What was written is kept beside what it resolves to.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::history::ItemStatus;
use crate::meta::RecordMeta;
use crate::nomenclature::Resolution;
use crate::serial::SerialNumber;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemClass {
    Firearm,
    /// FP 3(b): barrel, frame or receiver, slide or cylinder, bolt or breech block, sound suppressor.
    Part,
    /// FP 3(c): complete rounds or their components.
    Ammunition,
}

impl ItemClass {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Firearm => "firearm",
            Self::Part => "part",
            Self::Ammunition => "ammunition",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match crate::nomenclature::text::fold_key(s).as_str() {
            "" | "firearm" | "firearms" | "arma" | "arma de fuego" | "arme" | "arme a feu" | "weapon" | "gun" => Ok(Self::Firearm),
            "part" | "parts" | "component" | "part or component" | "pieza" | "parte" | "piece" | "composant" => Ok(Self::Part),
            "ammunition" | "ammo" | "rounds" | "cartridges" | "municion" | "municiones" | "munition" | "munitions" | "cartouches" => {
                Ok(Self::Ammunition)
            }
            _ => Err(DomainError::invalid("item class", s, "firearm, part or ammunition")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Barrel,
    FrameOrReceiver,
    SlideOrCylinder,
    BoltOrBreechBlock,
    Suppressor,
    Other,
}

impl PartKind {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let k = crate::nomenclature::text::fold_key(s);
        Ok(match k.as_str() {
            "barrel" | "canon" | "cañon" | "canon de arma" => Self::Barrel,
            "frame" | "receiver" | "frame or receiver" | "lower receiver" | "upper receiver" | "armazon" | "carcasse" | "boitier" => {
                Self::FrameOrReceiver
            }
            "slide" | "cylinder" | "slide or cylinder" | "corredera" | "cilindro" | "tambor" | "culasse mobile" | "barillet" => {
                Self::SlideOrCylinder
            }
            "bolt" | "breech block" | "bolt or breech block" | "cerrojo" | "verrou" => Self::BoltOrBreechBlock,
            "suppressor" | "silencer" | "sound suppressor" | "silenciador" | "silencieux" | "moderator" => Self::Suppressor,
            "other" | "otro" | "autre" => Self::Other,
            _ => {
                return Err(DomainError::invalid(
                    "part kind",
                    s,
                    "barrel, frame_or_receiver, slide_or_cylinder, bolt_or_breech_block, suppressor or other",
                ))
            }
        })
    }
}

/// A value as written and, when the nomenclature knows it, what it resolves to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Resolved {
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    #[serde(default)]
    pub confidence: f32,
}

impl Resolved {
    pub fn from(raw: &str, r: Option<Resolution>) -> Self {
        match r {
            Some(r) => Resolved { raw: raw.trim().to_string(), id: Some(r.id), canonical: Some(r.name), confidence: r.confidence },
            None => Resolved { raw: raw.trim().to_string(), id: None, canonical: None, confidence: 0.0 },
        }
    }
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.id.is_none()
    }
    /// The canonical name when known, else what was written.
    pub fn display(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.raw)
    }
}

/// FP 8(1)(b), ITI §8(b): country of import and, where possible, year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportMark {
    pub country: CountryCode,
    pub year: Option<i32>,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherMarkKind {
    ProofMark,
    /// Unit or state-stock marks; FP 8(1)(c) marks of a transfer from state stocks to civilian use.
    StateStock,
    Unit,
    FreeText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherMark {
    pub kind: OtherMarkKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Markings {
    pub manufacturer: Resolved,
    pub country_of_manufacture: Option<CountryCode>,
    pub serial: SerialNumber,
    pub year_of_manufacture: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub import_marks: Vec<ImportMark>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_marks: Vec<OtherMark>,
}

/// Converted firearms: a frequent source of illicit guns in seizures (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    AlarmGasBlankSignal,
    DeactivatedReactivated,
    Flobert,
}

/// Privately made firearms: no manufacturer marking, so tracing starts from other evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivatelyMade {
    ThreeDPrinted,
    Craft,
    AssembledFromPartsKit,
}

impl Conversion {
    pub fn parse(s: &str) -> Result<Option<Self>, DomainError> {
        let k = crate::nomenclature::text::fold_key(s);
        Ok(match k.as_str() {
            "" | "no" | "none" | "false" | "0" => None,
            "alarm"
            | "gas"
            | "blank"
            | "signal"
            | "alarm gas blank signal"
            | "converted alarm"
            | "converted blank"
            | "alarm pistol"
            | "gas pistol"
            | "blank firing"
            | "traumatic" => Some(Self::AlarmGasBlankSignal),
            "deactivated" | "reactivated" | "deactivated reactivated" | "reactivated deactivated" => Some(Self::DeactivatedReactivated),
            "flobert" => Some(Self::Flobert),
            _ => return Err(DomainError::invalid("converted", s, "alarm_gas_blank_signal, deactivated_reactivated, flobert or empty")),
        })
    }
}

impl PrivatelyMade {
    pub fn parse(s: &str) -> Result<Option<Self>, DomainError> {
        let k = crate::nomenclature::text::fold_key(s);
        Ok(match k.as_str() {
            "" | "no" | "none" | "false" | "0" => None,
            "3d printed" | "3d" | "3d print" | "three d printed" | "printed" => Some(Self::ThreeDPrinted),
            "craft" | "craft made" | "home made" | "homemade" | "artisanal" | "artesanal" | "hechiza" | "artisanale" => Some(Self::Craft),
            "assembled from parts kit" | "parts kit" | "kit" | "ghost gun" | "80% lower" | "assembled" => Some(Self::AssembledFromPartsKit),
            _ => return Err(DomainError::invalid("privately made", s, "three_d_printed, craft, assembled_from_parts_kit or empty")),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Classification {
    /// Firearm type code of the nomenclature, with what was written.
    pub firearm_type: Resolved,
    pub model: Resolved,
    pub calibre: Resolved,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<Conversion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privately_made: Option<PrivatelyMade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmmunitionLot {
    pub quantity: u64,
    #[serde(default)]
    pub headstamp: String,
    #[serde(default)]
    pub lot: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub meta: RecordMeta,
    pub class: ItemClass,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_kind: Option<PartKind>,
    pub markings: Markings,
    pub classification: Classification,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ammunition: Option<AmmunitionLot>,
    /// Derived from the history; stored for listing and filtering.
    pub status: ItemStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Year of manufacture: nothing made after 1899 is an antique (FP 3(a)); the future is a typing slip.
pub fn parse_year(s: &str, field: &'static str, current_year: i32) -> Result<Option<i32>, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.strip_suffix(".0").unwrap_or(t);
    let y: i32 = t.parse().map_err(|_| DomainError::invalid(field, s, "a four-digit year such as 2015"))?;
    if !(1800..=current_year + 1).contains(&y) {
        return Err(DomainError::invalid(field, s, format!("a year between 1800 and {}", current_year + 1)));
    }
    Ok(Some(y))
}
