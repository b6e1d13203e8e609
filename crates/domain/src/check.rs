//! Hits of the cross-check: a recorded item that may be the same firearm as another record (a
//! registered, lost, stolen, exported or earlier seized one). A hit is a record with a workflow:
//! new, then confirmed or rejected (with a reason) by someone entitled to both records. The
//! Firearms Protocol art. 12(4) and the ITI §§ 17–19 make this the first step of every trace.

use serde::{Deserialize, Serialize};

use crate::id::RecordId;
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitStatus {
    New,
    Confirmed,
    Rejected,
}

impl HitStatus {
    pub fn code(&self) -> &'static str {
        match self {
            HitStatus::New => "new",
            HitStatus::Confirmed => "confirmed",
            HitStatus::Rejected => "rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckHit {
    pub id: RecordId,
    /// The item whose recording raised the hit (a seizure, or a new loss or theft report).
    pub item: RecordId,
    /// The record it may be.
    pub matched: RecordId,
    pub item_agency: String,
    pub matched_agency: String,
    /// What the matched record says of the firearm: registered, stolen, lost, exported, seized ...
    pub matched_status: String,
    pub score: f32,
    /// confirmed or probable (both alert), possible (shown only).
    pub confidence: String,
    /// Why, in plain words: the serial's differences, make, model, calibre.
    pub explanation: String,
    pub status: HitStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decided_by: String,
}

impl CheckHit {
    /// Confirmed and probable hits alert the owning agencies; possible ones are only shown.
    pub fn alerts(&self) -> bool {
        self.confidence == "confirmed" || self.confidence == "probable"
    }
}
