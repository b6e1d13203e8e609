//! Record identifiers. UUIDv7: time-ordered (good index locality) and random enough that records
//! created on different national nodes never collide when they are exchanged (DESIGN: identifiers).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// A fresh identifier from the clock and a per-thread generator seeded once from the OS random
    /// source. Bulk imports create millions of ids: one system call per id was a tenth of the time.
    pub fn new() -> Self {
        use std::cell::Cell;
        use std::hash::{BuildHasher, Hasher};
        thread_local! {
            static STATE: Cell<u64> = Cell::new({
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_u64(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0));
                h.finish()
            });
        }
        let next = || {
            STATE.with(|s| {
                // SplitMix64 step.
                let x = s.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
                s.set(x);
                let mut z = x;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            })
        };
        let random = ((next() as u128) << 64) | next() as u128;
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        RecordId::from_parts(ms, random)
    }
    /// A deterministic identifier for seeded worlds and tests: the same inputs give the same id.
    pub fn from_parts(unix_millis: u64, random: u128) -> Self {
        let bytes = random.to_be_bytes();
        let mut r = [0u8; 10];
        r.copy_from_slice(&bytes[..10]);
        RecordId(uuid::Builder::from_unix_timestamp_millis(unix_millis, &r).into_uuid())
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        uuid::Uuid::parse_str(s.trim())
            .map(RecordId)
            .map_err(|_| DomainError::invalid("id", s, "a UUID such as 0190f3c2-7b1e-7cc0-8a5e-3f1d2c4b5a69"))
    }
    pub fn as_uuid(&self) -> uuid::Uuid {
        self.0
    }
}

impl Default for RecordId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ids_roundtrip_and_are_time_ordered() {
        let a = RecordId::from_parts(1_000, 7);
        let b = RecordId::from_parts(2_000, 3);
        assert!(a < b);
        assert_eq!(RecordId::parse(&a.to_string()), Ok(a));
        assert!(RecordId::parse("not-an-id").is_err());
        let many: std::collections::HashSet<RecordId> = (0..10_000).map(|_| RecordId::new()).collect();
        assert_eq!(many.len(), 10_000);
        assert_eq!(RecordId::new().as_uuid().get_version_num(), 7);
    }
}
