//! Ballistic exhibits and hits: links between firearms and incidents made by a ballistic
//! identification system (seed 001 §23: tracing and ballistic centre). No image comparison here:
//! the hit is recorded with a reference to the system that made it.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::id::RecordId;
use crate::meta::RecordMeta;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExhibitKind {
    CartridgeCase,
    Bullet,
    /// Test-fired from a recovered firearm.
    TestFire,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallisticExhibit {
    pub meta: RecordMeta,
    pub kind: ExhibitKind,
    /// Laboratory reference of the exhibit.
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibre: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallisticHit {
    pub meta: RecordMeta,
    pub exhibit_a: RecordId,
    pub exhibit_b: RecordId,
    /// The system that made the correlation (e.g. IBIS, Evofinder) and its reference.
    pub system: String,
    pub system_reference: String,
    pub date: Option<PartialDate>,
    /// Confirmed by an examiner under the microscope, not only proposed by the system.
    pub confirmed: bool,
}
