//! A fast, non-cryptographic hasher for in-process lookup tables keyed by short texts (makes,
//! calibres, holder keys during an import). SipHash, the standard default, guards against
//! flooding by chosen keys; these tables are built by the program from one file at a time and a
//! million-row import spent a tenth of its reading time in SipHash. Never use it for maps whose
//! keys come from a network peer.

use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash mixing step (rustc's hasher): multiply-rotate over 8-byte words.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FastBuild = BuildHasherDefault<FxHasher>;
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;
pub type FastSet<K> = std::collections::HashSet<K, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn different_texts_hash_differently_and_equal_texts_alike() {
        let b = FastBuild::default();
        let h = |s: &str| b.hash_one(s);
        assert_eq!(h("Glock"), h("Glock"));
        assert_ne!(h("Glock"), h("glock"));
        // Same bytes split differently across the 8-byte words, and trailing zeros.
        assert_ne!(h("abcdefgh"), h("abcdefg"));
        assert_ne!(h("a\0"), h("a"));
        let mut m: FastMap<String, u32> = FastMap::default();
        for i in 0..10_000u32 {
            m.insert(format!("holder-{i}"), i);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get("holder-4242"), Some(&4242));
    }
}
