//! What every record carries: its owner, its handling code and who made and changed it.

use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::handling::HandlingCode;
use crate::id::RecordId;
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMeta {
    pub id: RecordId,
    /// Code of the owning agency (unique within the node), e.g. `DEU-BKA`.
    pub agency: String,
    pub country: CountryCode,
    pub handling: HandlingCode,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

impl RecordMeta {
    pub fn new(id: RecordId, agency: &str, country: CountryCode, handling: HandlingCode, at: Timestamp, by: &str) -> Self {
        RecordMeta {
            id,
            agency: agency.to_string(),
            country,
            handling,
            created_at: at,
            created_by: by.to_string(),
            updated_at: at,
            updated_by: by.to_string(),
        }
    }
}
