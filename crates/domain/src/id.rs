//! Record identifiers. UUIDv7: time-ordered (good index locality) and random enough that records
//! created on different national nodes never collide when they are exchanged (DESIGN: identifiers).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// A fresh identifier: the clock's milliseconds, then random bits from a per-thread generator
    /// seeded once from the OS. Within one millisecond a thread's ids count up (RFC 9562 §6.2,
    /// method 2) so that they are strictly increasing: every insert appends to the end of the key
    /// b-trees instead of splitting pages in the middle, and one system call per id is avoided.
    pub fn new() -> Self {
        use std::cell::Cell;
        use std::hash::{BuildHasher, Hasher};
        thread_local! {
            static STATE: Cell<(u64, u64, u64)> = Cell::new({
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_u64(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0));
                (h.finish(), 0, 0)
            });
        }
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        let (counter, ms) = STATE.with(|s| {
            let (mut rng, last_ms, last_counter) = s.get();
            let mut next = || {
                // SplitMix64 step.
                rng = rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = rng;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            };
            let r = next();
            // The counter lives in the low 61 random bits (below the variant bits, with room to
            // count); a step of 1 to 256 keeps successive ids hard to guess.
            let (ms, counter) =
                if ms > last_ms || last_counter >= (1 << 61) - 512 { (ms, r >> 3) } else { (last_ms, last_counter + 1 + (r & 0xFF)) };
            s.set((rng, ms, counter));
            (counter, ms)
        });
        // from_parts takes the top 80 bits of `random`; the builder overwrites bits 124..128
        // (version) and 110..112 (variant). The counter sits below them, in bits 48..109.
        RecordId::from_parts(ms, (counter as u128) << 48)
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
    /// The 16 bytes, big-endian: ordered as the text form is, so a key of bytes sorts like one of text.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DomainError> {
        uuid::Uuid::from_slice(bytes).map(RecordId).map_err(|_| DomainError::invalid("id", &format!("{} bytes", bytes.len()), "16 bytes"))
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
        // One thread's ids are strictly increasing.
        let seq: Vec<RecordId> = (0..50_000).map(|_| RecordId::new()).collect();
        assert!(seq.windows(2).all(|w| w[0] < w[1]));
    }
}
