//! The in-memory index of firearm records.
//!
//! Layout (for ten million records in a few gigabytes, and a lookup in microseconds):
//! - per record: the caller's id, 12 bytes of codes ([`Attrs`]), a 4-byte offset of its normalized
//!   serial in one byte arena (length-prefixed);
//! - the deletion neighbourhood of every folded serial (the serial and each serial with one character
//!   removed) and the serial without its leading letter block, as 8-byte postings (32-bit key
//!   fingerprint, 32-bit slot) in hash buckets of a flat array: a reading one edit away from a record
//!   shares a key with it, so a lookup probes one bucket per character of the reading;
//! - the slots sorted by (length, folded serial) and by (length, reversed folded serial), for readings
//!   with several illegible positions, found by their legible beginning or end;
//! - an open-addressing table from the caller's id to the slot (4 bytes a bucket).
//!
//! Writes after the build go to small delta structures; a removed or re-serialled record keeps its
//! slot as dead (so that the sorted arrays stay sorted) until [`Index::compact`] rebuilds everything
//! densely, which inserts trigger by themselves once the garbage passes a quarter of the records.
//! Every candidate is checked against the record's current serial, so a stale posting can only cost
//! time, never a wrong answer.

use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hash};
use std::sync::Mutex;

use armstrace_domain::fasthash::{FastBuild, FastMap};

use crate::align::{align_cost_within, COST_LIMIT};
use crate::codes::{Attrs, Codebook, DEAD};
use crate::misread::{digit_twin, fold_byte};
use crate::query::{normalize_serial, PreparedQuery, Query, ResolveCache};
use crate::score::{assess, confidence, explain, field_points, score_of, serial_base_points, Assessment, Confidence, SHOW_FLOOR};

/// A firearm record as the registry holds it. Fields are nomenclature identifiers or names as written
/// (both are understood); empty means not recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Record<'a> {
    pub serial: &'a str,
    pub manufacturer: &'a str,
    pub model: &'a str,
    pub firearm_type: &'a str,
    pub calibre: &'a str,
    pub country_of_manufacture: &'a str,
    pub year: Option<u16>,
    /// The country whose registry or report holds the record.
    pub country: &'a str,
    /// registered, lost, stolen, exported, seized ...
    pub status: &'a str,
}

/// One record that may be the reading's gun.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<K> {
    pub id: K,
    /// The record's slot in the index (valid until the next compaction).
    pub slot: u32,
    /// 0..1; orders the candidates of one reading.
    pub score: f32,
    pub confidence: Confidence,
    /// Why, in plain words: the serial's differences and what the make, model and calibre say.
    pub explanation: String,
}

/// What the index stores of one record, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub serial: String,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub calibre: Option<String>,
    pub status: Option<String>,
    pub year: Option<u16>,
}

const NONE: u32 = u32::MAX;
/// Key spaces of the postings.
const TAG_SERIAL: u8 = 0;
const TAG_STRIPPED: u8 = 1;
/// Deletion keys only for serials of at least this length: shorter ones would post every short
/// serial under two-character keys.
const MIN_DELETION_LEN: usize = 4;
/// Entries of a sorted array read for one reading with several illegible positions.
const SCAN_CAP: usize = 200_000;
/// Candidates scored for one reading at most (pathologically short serials in huge registries).
const CANDIDATE_CAP: usize = 50_000;

fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_hashes_are_the_hashes_of_the_deleted_keys() {
        for s in ["AB1234", "1122334", "X", "ABCDEFGHIJKLMNOP", "7777"] {
            let b = s.as_bytes();
            let mut got = Vec::new();
            for_each_deletion(b, |h| got.push(h));
            let mut want = Vec::new();
            for i in 0..b.len() {
                if i == 0 || b[i] != b[i - 1] {
                    let mut d = b.to_vec();
                    d.remove(i);
                    want.push(key_hash(TAG_SERIAL, &d));
                }
            }
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn two_illegible_positions_find_what_the_scan_finds() {
        // Serials from a small alphabet so that many share a pattern; some written after the build
        // (the delta) and one removed.
        let mut x = 12345u64;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let alphabet = b"AB0O18S5";
        let serial = |next: &mut dyn FnMut() -> usize| -> String {
            let n = 4 + next() % 4;
            (0..n).map(|_| char::from(alphabet[next() % alphabet.len()])).collect()
        };
        let built: Vec<String> = (0..3000).map(|_| serial(&mut next)).collect();
        let mut ix: Index<u32> = Index::build(built.iter().enumerate().map(|(i, s)| (i as u32, Record { serial: s, ..Record::default() })));
        for i in 0..200u32 {
            let s = serial(&mut next);
            ix.insert(10_000 + i, &Record { serial: &s, ..Record::default() });
        }
        ix.remove(&7);
        for _ in 0..300 {
            let mut f: Vec<u8> = serial(&mut next).bytes().map(fold_byte).collect();
            let a = next() % f.len();
            let mut b = next() % f.len();
            while b == a {
                b = next() % f.len();
            }
            f[a] = b'?';
            f[b] = b'?';
            let (mut got, mut want) = (Vec::new(), Vec::new());
            ix.gather_two_illegible(&f, &mut got);
            ix.scan_pattern(&f, &mut want);
            got.sort_unstable();
            got.dedup();
            want.sort_unstable();
            want.dedup();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(&f));
        }
    }

    #[test]
    fn key_count_counts_the_keys() {
        for s in ["AB1234", "1122334", "X", "AB1", "ABC12345", "ABCDE1234", "7777", "A1234", ""] {
            let n = s.as_bytes();
            let mut f = Vec::new();
            crate::misread::fold_into(n, &mut f);
            let mut k = 0;
            for_each_key(n, &f, |_| k += 1);
            assert_eq!(key_count(n, &f), k, "{s}");
        }
    }
}

/// Multiplier of the polynomial key hash (odd, so that it permutes 64-bit values).
const POLY: u64 = 0x9E37_79B9_7F4A_7C15 | 1;

/// The polynomial value Σ b[k]·POLY^(n−1−k) of a key; its final mix adds the key space and length.
fn poly(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |h, &b| h.wrapping_mul(POLY).wrapping_add(u64::from(b)))
}

fn finish(tag: u8, len: usize, p: u64) -> u64 {
    fmix(p ^ ((len as u64) << 56) ^ (u64::from(tag) << 48).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

fn key_hash(tag: u8, bytes: &[u8]) -> u64 {
    finish(tag, bytes.len(), poly(bytes))
}

/// Calls `f` with the hash of `folded` without its character `i`, for each `i` that gives a new key
/// (deleting any character of a run gives the same key). Polynomial hashing gives every deletion in
/// one pass: the value without `i` is the prefix's value shifted by the rest, plus the rest's value.
fn for_each_deletion(folded: &[u8], mut f: impl FnMut(u64)) {
    let n = folded.len();
    if n == 0 || n > 64 {
        return;
    }
    let mut pow = [1u64; 65];
    for k in 1..=n {
        pow[k] = pow[k - 1].wrapping_mul(POLY);
    }
    // suf[i] = Σ_{k≥i} b[k]·POLY^(n−1−k): the tail's part of the whole serial's value.
    let mut suf = [0u64; 65];
    for i in (0..n).rev() {
        suf[i] = suf[i + 1].wrapping_add(u64::from(folded[i]).wrapping_mul(pow[n - 1 - i]));
    }
    let mut pre = 0u64;
    for i in 0..n {
        if i == 0 || folded[i] != folded[i - 1] {
            // Without i the characters before it move down one power; those after keep theirs.
            f(finish(TAG_SERIAL, n - 1, pre.wrapping_mul(pow[n - 1 - i]).wrapping_add(suf[i + 1])));
        }
        pre = pre.wrapping_mul(POLY).wrapping_add(u64::from(folded[i]));
    }
}

/// Calls `f` with the hash of every key of a serial (normalized and folded): the serial, each
/// deletion (for serials long enough) and the serial without its leading letter block.
fn for_each_key(normalized: &[u8], folded: &[u8], mut f: impl FnMut(u64)) {
    if folded.is_empty() {
        return;
    }
    f(key_hash(TAG_SERIAL, folded));
    if folded.len() >= MIN_DELETION_LEN {
        for_each_deletion(folded, &mut f);
    }
    if let Some(n) = letter_block(normalized) {
        if let Some(rest) = folded.get(n..) {
            f(key_hash(TAG_STRIPPED, rest));
        }
    }
}

/// The length of a normalized serial's leading letter block (1 to 4 letters followed by a digit and
/// at least three characters more), if it has one.
fn letter_block(normalized: &[u8]) -> Option<usize> {
    let n = normalized.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    ((1..=4).contains(&n) && normalized.get(n).is_some_and(|b| b.is_ascii_digit()) && normalized.len() - n >= 3).then_some(n)
}

/// How many hashes [`for_each_key`] gives for a serial, without hashing.
fn key_count(normalized: &[u8], folded: &[u8]) -> usize {
    if folded.is_empty() {
        return 0;
    }
    let mut k = 1;
    if folded.len() >= MIN_DELETION_LEN && folded.len() <= 64 {
        k += folded.iter().enumerate().filter(|&(i, b)| i == 0 || folded[i - 1] != *b).count();
    }
    if letter_block(normalized).is_some_and(|n| n <= folded.len()) {
        k += 1;
    }
    k
}

/// Postings of the built part: hash buckets over one flat array.
#[derive(Default)]
struct Postings {
    shift: u32,
    dir: Vec<u32>,
    entries: Vec<u64>,
}

impl Postings {
    /// Empty postings with buckets for `keys` entries; then [`Postings::count`] every key,
    /// [`Postings::start_placing`], [`Postings::place`] every key again in the same order, and
    /// [`Postings::finish_placing`].
    fn with_buckets_for(keys: usize) -> Postings {
        // About four entries a bucket: one cache line read per probe, a byte of directory per entry.
        let mut bits = 4u32;
        while (1usize << bits) * 4 < keys && bits < 31 {
            bits += 1;
        }
        let nb = 1usize << bits;
        Postings { shift: 64 - bits, dir: vec![0u32; nb + 1], entries: Vec::new() }
    }

    fn count(&mut self, h: u64) {
        if let Some(c) = self.dir.get_mut((h >> self.shift) as usize + 1) {
            *c += 1;
        }
    }

    /// Turns the counts into bucket starts; `dir[b]` then moves along bucket `b` as it fills, until
    /// [`Postings::finish_placing`] puts the starts back.
    fn start_placing(&mut self) {
        let nb = self.dir.len() - 1;
        for i in 0..nb {
            self.dir[i + 1] += self.dir[i];
        }
        self.entries = vec![0u64; self.dir[nb] as usize];
    }

    fn place(&mut self, h: u64, slot: u32) {
        let b = (h >> self.shift) as usize;
        let Some(at) = self.dir.get_mut(b) else {
            return;
        };
        let pos = *at as usize;
        *at += 1;
        if let Some(e) = self.entries.get_mut(pos) {
            *e = ((h as u32 as u64) << 32) | u64::from(slot);
        }
    }

    /// After placing, `dir[b]` holds the end of bucket `b`, that is the start of `b + 1`: shifting
    /// the directory up by one restores the starts.
    fn finish_placing(&mut self) {
        let nb = self.dir.len() - 1;
        for i in (1..=nb).rev() {
            self.dir[i] = self.dir[i - 1];
        }
        if let Some(d) = self.dir.first_mut() {
            *d = 0;
        }
    }

    fn lookup(&self, h: u64, out: &mut Vec<u32>) {
        if self.dir.len() < 2 {
            return;
        }
        let b = (h >> self.shift) as usize;
        let (Some(&lo), Some(&hi)) = (self.dir.get(b), self.dir.get(b + 1)) else {
            return;
        };
        let fp = h as u32;
        if let Some(range) = self.entries.get(lo as usize..hi as usize) {
            for &e in range {
                if (e >> 32) as u32 == fp {
                    out.push(e as u32);
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        self.dir.capacity() * 4 + self.entries.capacity() * 8
    }
}

/// Postings written since the last build: chains of (slot, next) from a hash map of heads.
#[derive(Default)]
struct DeltaPostings {
    heads: FastMap<u64, u32>,
    links: Vec<(u32, u32)>,
}

impl DeltaPostings {
    fn add(&mut self, h: u64, slot: u32) {
        let Ok(at) = u32::try_from(self.links.len()) else {
            return;
        };
        let next = self.heads.insert(h, at).unwrap_or(NONE);
        self.links.push((slot, next));
    }
    fn lookup(&self, h: u64, out: &mut Vec<u32>) {
        let mut at = self.heads.get(&h).copied().unwrap_or(NONE);
        while let Some(&(slot, next)) = self.links.get(at as usize) {
            out.push(slot);
            at = next;
        }
    }
    fn heap_bytes(&self) -> usize {
        self.heads.capacity() * (8 + 4 + 1) + self.links.capacity() * 8
    }
}

/// The records of the registry, searchable by damaged readings. `K` is the caller's record id.
pub struct Index<K> {
    ids: Vec<K>,
    attrs: Vec<Attrs>,
    serial_off: Vec<u32>,
    arena: Vec<u8>,
    /// Open addressing over slots, keyed by the hash of the id; `NONE` is empty.
    id_table: Vec<u32>,
    live: usize,
    dead: usize,
    codes: Codebook,
    main: Postings,
    delta: DeltaPostings,
    delta_records: usize,
    fwd: Vec<u32>,
    rev: Vec<u32>,
    delta_fwd: BTreeSet<(Box<[u8]>, u32)>,
    delta_rev: BTreeSet<(Box<[u8]>, u32)>,
    /// The folded symbols of every serial ever written (a bit each): what an illegible position
    /// may hide.
    symbols: [u64; 4],
    /// Resolutions of readings' texts; behind a lock so that searches take `&self`.
    cache: Mutex<ResolveCache>,
}

impl<K: Clone + Eq + Hash> Default for Index<K> {
    fn default() -> Self {
        Self::new()
    }
}

/// Memory of the index by part, in bytes.
#[derive(Debug, Clone, Default)]
pub struct MemoryReport {
    pub records: usize,
    pub serials: usize,
    pub ids: usize,
    pub id_table: usize,
    pub postings: usize,
    pub sorted: usize,
    pub delta: usize,
    pub codes: usize,
}

impl MemoryReport {
    pub fn total(&self) -> usize {
        self.records + self.serials + self.ids + self.id_table + self.postings + self.sorted + self.delta + self.codes
    }
}

impl<K: Clone + Eq + Hash> Index<K> {
    pub fn new() -> Self {
        Index {
            ids: Vec::new(),
            attrs: Vec::new(),
            serial_off: Vec::new(),
            arena: Vec::new(),
            id_table: Vec::new(),
            live: 0,
            dead: 0,
            codes: Codebook::default(),
            main: Postings::default(),
            delta: DeltaPostings::default(),
            delta_records: 0,
            fwd: Vec::new(),
            rev: Vec::new(),
            delta_fwd: BTreeSet::new(),
            delta_rev: BTreeSet::new(),
            symbols: [0; 4],
            cache: Mutex::new(ResolveCache::default()),
        }
    }

    /// Builds the index from every record at once (the start of the product, a bulk check). A
    /// repeated id keeps its last record.
    pub fn build<'a, I>(records: I) -> Self
    where
        I: IntoIterator<Item = (K, Record<'a>)>,
    {
        let mut ix = Index::new();
        let it = records.into_iter();
        let (lo, _) = it.size_hint();
        ix.ids.reserve(lo);
        ix.attrs.reserve(lo);
        ix.serial_off.reserve(lo);
        ix.arena.reserve(lo * 9);
        ix.grow_id_table(lo);
        for (id, r) in it {
            ix.write(id, &r, false);
        }
        ix.compact();
        ix
    }

    /// Records in the index.
    pub fn len(&self) -> usize {
        self.live
    }
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Adds a record, or replaces the record with this id.
    pub fn insert(&mut self, id: K, record: &Record<'_>) {
        self.write(id, record, true);
        if self.dead + self.delta_records > self.live / 4 + 4096 {
            self.compact();
        }
    }

    /// Replaces the record with this id; false when there is none (nothing is added).
    pub fn update(&mut self, id: &K, record: &Record<'_>) -> bool {
        if self.find(id).is_none() {
            return false;
        }
        self.insert(id.clone(), record);
        true
    }

    /// Removes the record with this id; false when there is none.
    pub fn remove(&mut self, id: &K) -> bool {
        let Some((pos, slot)) = self.find(id) else {
            return false;
        };
        self.table_remove(pos);
        if let Some(a) = self.attrs.get_mut(slot as usize) {
            a.status = DEAD;
        }
        self.live -= 1;
        self.dead += 1;
        true
    }

    pub fn contains(&self, id: &K) -> bool {
        self.find(id).is_some()
    }

    /// The record with this id as the index holds it.
    pub fn get(&self, id: &K) -> Option<StoredRecord> {
        let (_, slot) = self.find(id)?;
        let a = self.attrs.get(slot as usize)?;
        Some(StoredRecord {
            serial: String::from_utf8_lossy(self.serial(slot)).into_owned(),
            manufacturer: self.codes.manufacturer_name(a.mfr).map(String::from),
            model: self.codes.model_name(a.model).map(String::from),
            calibre: self.codes.calibre_name(a.calibre).map(String::from),
            status: self.codes.status_name(a.status).map(String::from),
            year: (a.year != 0).then_some(a.year),
        })
    }

    fn write(&mut self, id: K, r: &Record<'_>, index_now: bool) {
        let serial = normalize_serial(r.serial);
        let mfr = self.codes.manufacturer(r.manufacturer);
        let ty = self.codes.firearm_type(r.firearm_type);
        let attrs = Attrs {
            mfr,
            model: self.codes.model(r.model, mfr),
            calibre: self.codes.calibre(r.calibre, ty),
            year: r.year.unwrap_or(0),
            ty,
            coo: self.codes.country(r.country_of_manufacture),
            country: self.codes.country(r.country),
            status: self.codes.status(r.status),
        };
        if let Some((pos, slot)) = self.find(&id) {
            if self.serial(slot) == serial.as_slice() {
                if let Some(a) = self.attrs.get_mut(slot as usize) {
                    *a = attrs;
                }
                return;
            }
            // A new serial takes a new slot: the old one stays, dead, where the sorted arrays expect it.
            if let Some(a) = self.attrs.get_mut(slot as usize) {
                a.status = DEAD;
            }
            self.dead += 1;
            let Some(new) = self.push_slot(id, attrs, &serial) else {
                return;
            };
            if let Some(p) = self.id_table.get_mut(pos) {
                *p = new;
            }
            if index_now {
                self.index_delta(new);
            }
            return;
        }
        let Some(slot) = self.push_slot(id, attrs, &serial) else {
            return;
        };
        self.live += 1;
        self.table_insert(slot);
        if index_now {
            self.index_delta(slot);
        }
    }

    fn push_slot(&mut self, id: K, attrs: Attrs, serial: &[u8]) -> Option<u32> {
        let slot = u32::try_from(self.ids.len()).ok().filter(|&s| s != NONE)?;
        let off = u32::try_from(self.arena.len()).ok()?;
        self.ids.push(id);
        self.attrs.push(attrs);
        self.serial_off.push(off);
        self.arena.push(serial.len() as u8);
        self.arena.extend_from_slice(serial);
        for &b in serial {
            let c = fold_byte(b);
            self.symbols[usize::from(c >> 6)] |= 1u64 << (c & 63);
        }
        Some(slot)
    }

    fn serial(&self, slot: u32) -> &[u8] {
        let Some(&off) = self.serial_off.get(slot as usize) else {
            return &[];
        };
        let off = off as usize;
        let len = self.arena.get(off).copied().unwrap_or(0) as usize;
        self.arena.get(off + 1..off + 1 + len).unwrap_or(&[])
    }

    fn folded(&self, slot: u32, out: &mut Vec<u8>) {
        out.clear();
        out.extend(self.serial(slot).iter().map(|&b| fold_byte(b)));
    }

    fn index_delta(&mut self, slot: u32) {
        let mut f = Vec::with_capacity(16);
        self.folded(slot, &mut f);
        let off = self.serial_off.get(slot as usize).copied().unwrap_or(0) as usize;
        let len = self.arena.get(off).copied().unwrap_or(0) as usize;
        let normalized = self.arena.get(off + 1..off + 1 + len).unwrap_or(&[]);
        let delta = &mut self.delta;
        for_each_key(normalized, &f, |h| delta.add(h, slot));
        self.delta_fwd.insert((fwd_key(&f).into(), slot));
        self.delta_rev.insert((rev_key(&f).into(), slot));
        self.delta_records += 1;
    }

    // --- the id table -------------------------------------------------------------------------

    fn id_hash(id: &K) -> u64 {
        fmix(FastBuild::default().hash_one(id))
    }

    fn grow_id_table(&mut self, want: usize) {
        let need = (want.max(self.live) + 1) * 4 / 3 + 1;
        if self.id_table.len() >= need {
            return;
        }
        let cap = need.next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.id_table, vec![NONE; cap]);
        for s in old.into_iter().filter(|&s| s != NONE) {
            self.table_place(s);
        }
    }

    fn table_place(&mut self, slot: u32) {
        let Some(id) = self.ids.get(slot as usize) else {
            return;
        };
        let mask = self.id_table.len() - 1;
        let mut pos = Self::id_hash(id) as usize & mask;
        while self.id_table[pos] != NONE {
            pos = (pos + 1) & mask;
        }
        self.id_table[pos] = slot;
    }

    fn table_insert(&mut self, slot: u32) {
        self.grow_id_table(self.live + 1);
        self.table_place(slot);
    }

    /// (position in the table, slot) of a live id.
    fn find(&self, id: &K) -> Option<(usize, u32)> {
        if self.id_table.is_empty() {
            return None;
        }
        let mask = self.id_table.len() - 1;
        let mut pos = Self::id_hash(id) as usize & mask;
        loop {
            let s = *self.id_table.get(pos)?;
            if s == NONE {
                return None;
            }
            if self.ids.get(s as usize) == Some(id) {
                return Some((pos, s));
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Backward-shift deletion: linear probing stays correct without tombstones.
    fn table_remove(&mut self, mut hole: usize) {
        let mask = self.id_table.len() - 1;
        self.id_table[hole] = NONE;
        let mut pos = (hole + 1) & mask;
        loop {
            let s = self.id_table[pos];
            if s == NONE {
                return;
            }
            let Some(id) = self.ids.get(s as usize) else {
                return;
            };
            let home = Self::id_hash(id) as usize & mask;
            // Move the entry into the hole unless its home lies cyclically in (hole, pos].
            let dist_home = pos.wrapping_sub(home) & mask;
            let dist_hole = pos.wrapping_sub(hole) & mask;
            if dist_home >= dist_hole {
                self.id_table[hole] = s;
                self.id_table[pos] = NONE;
                hole = pos;
            }
            pos = (pos + 1) & mask;
        }
    }

    // --- building ---------------------------------------------------------------------------

    /// Rebuilds every structure densely from the live records: dead slots and the delta disappear.
    /// Slots change.
    pub fn compact(&mut self) {
        if self.dead > 0 {
            let n = self.live;
            let mut ids = Vec::with_capacity(n);
            let mut attrs = Vec::with_capacity(n);
            let mut offs = Vec::with_capacity(n);
            let mut arena = Vec::with_capacity(self.arena.len());
            for (slot, a) in self.attrs.iter().enumerate() {
                if a.status == DEAD {
                    continue;
                }
                let s = self.serial(slot as u32);
                let (Some(id), Ok(off)) = (self.ids.get(slot), u32::try_from(arena.len())) else {
                    continue;
                };
                ids.push(id.clone());
                attrs.push(*a);
                offs.push(off);
                arena.push(s.len() as u8);
                arena.extend_from_slice(s);
            }
            self.ids = ids;
            self.attrs = attrs;
            self.serial_off = offs;
            self.arena = arena;
            self.dead = 0;
            self.id_table = Vec::new();
            self.grow_id_table(self.live);
            for s in 0..self.ids.len() {
                self.table_place(s as u32);
            }
        }
        self.ids.shrink_to_fit();
        self.attrs.shrink_to_fit();
        self.serial_off.shrink_to_fit();
        self.arena.shrink_to_fit();
        let n = self.ids.len();
        // The postings are placed straight into their buckets in two passes over the records (count,
        // then place), hashing every key twice: a temporary array of (hash, slot) pairs would be
        // ten times the records in 16-byte entries, and the kernel's zeroing of its fresh pages
        // cost more than a third of the build.
        let mut f = Vec::with_capacity(16);
        let mut total = 0usize;
        for slot in 0..n as u32 {
            self.folded(slot, &mut f);
            total += key_count(self.serial(slot), &f);
        }
        let mut postings = Postings::with_buckets_for(total);
        for slot in 0..n as u32 {
            self.folded(slot, &mut f);
            for_each_key(self.serial(slot), &f, |h| postings.count(h));
        }
        postings.start_placing();
        for slot in 0..n as u32 {
            self.folded(slot, &mut f);
            for_each_key(self.serial(slot), &f, |h| postings.place(h, slot));
        }
        postings.finish_placing();
        self.main = postings;
        // One buffer of packed (key prefix, slot) numbers serves both sorted arrays in turn.
        let mut buf: Vec<u128> = Vec::with_capacity(n);
        for slot in 0..n as u32 {
            self.folded(slot, &mut f);
            buf.push(pack_slot(f.len(), f.iter().copied(), slot));
        }
        self.fwd = self.sorted(&mut buf, fwd_key);
        buf.clear();
        for slot in 0..n as u32 {
            self.folded(slot, &mut f);
            buf.push(pack_slot(f.len(), f.iter().rev().copied(), slot));
        }
        self.rev = self.sorted(&mut buf, rev_key);
        self.delta = DeltaPostings::default();
        self.delta_records = 0;
        self.delta_fwd.clear();
        self.delta_rev.clear();
    }

    /// The slots of `v` (from [`pack_slot`]) ordered by their whole key, then slot.
    fn sorted(&self, v: &mut [u128], key: fn(&[u8]) -> Vec<u8>) -> Vec<u32> {
        let mut fa = Vec::new();
        let mut fb = Vec::new();
        v.sort_unstable_by(|&a, &b| {
            let (ka, kb) = (a >> 32, b >> 32);
            if ka != kb || (a >> 120) as usize <= PACKED_CHARS {
                // Different prefixes, or whole keys that are equal: the number's order is the key's
                // order, then the slot's.
                return a.cmp(&b);
            }
            // Only serials longer than the packed prefix and sharing it get here.
            self.folded(a as u32, &mut fa);
            self.folded(b as u32, &mut fb);
            key(&fa).cmp(&key(&fb)).then((a as u32).cmp(&(b as u32)))
        });
        v.iter().map(|&x| x as u32).collect()
    }

    // --- searching --------------------------------------------------------------------------

    /// Resolves a reading's texts through the nomenclature (remembered across calls).
    pub fn prepare(&self, q: &Query<'_>) -> PreparedQuery {
        match self.cache.lock() {
            Ok(mut c) => c.prepare(&self.codes, q),
            Err(poisoned) => poisoned.into_inner().prepare(&self.codes, q),
        }
    }

    /// The records that may be the reading's gun, best first, at most `limit`.
    pub fn query(&self, q: &Query<'_>, limit: usize) -> Vec<Candidate<K>> {
        let p = self.prepare(q);
        self.search(&p, limit)
    }

    /// As [`Index::query`] for a reading prepared before.
    pub fn search(&self, q: &PreparedQuery, limit: usize) -> Vec<Candidate<K>> {
        let mut slots: Vec<u32> = Vec::with_capacity(32);
        self.gather(q, &mut slots);
        slots.sort_unstable();
        slots.dedup();
        slots.truncate(CANDIDATE_CAP);
        let mut best = TopK::new(limit.saturating_add(4));
        self.quick_rank(q, &slots, &mut best);
        let first = self.assess_best(q, &best, limit);
        if first.first().is_some_and(|c| c.confidence.alerts()) {
            return first;
        }
        // Nothing certain: a look-alike digit (3/8, 1/7) may hide a second difference that one
        // probe per key cannot reach. Look again from each reading with one such digit changed.
        let mut more: Vec<u32> = Vec::with_capacity(64);
        if !self.gather_digit_twins(q, &mut more) {
            return first;
        }
        // Only the records not ranked yet are ranked, into the same best few: the best of a union
        // is the best of (the best of one part and the other part).
        more.sort_unstable();
        more.dedup();
        more.retain(|s| slots.binary_search(s).is_err());
        more.truncate(CANDIDATE_CAP.saturating_sub(slots.len()));
        if more.is_empty() {
            return first;
        }
        self.quick_rank(q, &more, &mut best);
        self.assess_best(q, &best, limit)
    }

    /// Adds the candidates of the readings with one look-alike digit changed; false when there are
    /// none to try.
    fn gather_digit_twins(&self, q: &PreparedQuery, out: &mut Vec<u32>) -> bool {
        if q.folded.contains(&b'?') {
            return false;
        }
        let mut tried = false;
        let mut v = q.folded.clone();
        for i in 0..v.len() {
            let Some(twin) = digit_twin(q.serial.get(i).copied().unwrap_or(0)) else {
                continue;
            };
            let was = v[i];
            v[i] = fold_byte(twin);
            self.gather_plain(&v, &q.serial, out);
            v[i] = was;
            tried = true;
        }
        tried
    }

    /// Ranks candidates by the serial's cost and the fields (no traceback) into `best`.
    ///
    /// The fields are looked at first: with the serial's best case (read intact) they bound the
    /// points a record can reach, and the serial is then aligned only as far as a record could
    /// still enter the best few or be shown at all. Most candidates of a busy key (short serials
    /// in a large registry, another make) are dropped after a few cells of the table or without
    /// one. The ranking is the same as with every candidate scored in full.
    fn quick_rank(&self, q: &PreparedQuery, slots: &[u32], best: &mut TopK) {
        let base = serial_base_points(q);
        for &s in slots {
            let Some(a) = self.attrs.get(s as usize) else {
                continue;
            };
            if a.status == DEAD {
                continue;
            }
            let ub = base + field_points(q, a);
            let need = best.worst().map_or(SHOW_FLOOR, |w| w.max(SHOW_FLOOR));
            let Ok(limit) = u16::try_from(ub - need) else {
                continue;
            };
            let limit = limit.min(COST_LIMIT);
            let cost = align_cost_within(&q.serial, self.serial(s), limit);
            if cost > limit {
                continue;
            }
            best.offer(ub - i32::from(cost), s);
        }
    }

    /// Assesses the best few in full (alignment with its explanation): the shown candidates and a
    /// few more, as the rivals of the first.
    fn assess_best(&self, q: &PreparedQuery, best: &TopK, limit: usize) -> Vec<Candidate<K>> {
        let mut scored: Vec<(Assessment, u32)> = Vec::with_capacity(best.items.len());
        for &(_, s) in &best.items {
            if let Some(a) = self.attrs.get(s as usize) {
                scored.push((assess(q, self.serial(s), a), s));
            }
        }
        scored.sort_unstable_by(|a, b| b.0.points.cmp(&a.0.points).then(a.1.cmp(&b.1)));
        let take = scored.len().min(limit);
        let mut out = Vec::with_capacity(take);
        // Records of the same serial and make as the best are the same gun on two lists (a
        // registration and another agency's theft report): not rivals of the best, and as sure.
        let same_gun = |s: u32| {
            let (Some(&(_, first)), Some(a)) = (scored.first(), self.attrs.get(s as usize)) else { return false };
            s != first && self.serial(s) == self.serial(first) && self.attrs.get(first as usize).is_some_and(|b| b.mfr == a.mfr)
        };
        let mut first_confidence = None;
        for i in 0..take {
            let (a, slot) = &scored[i];
            let others: Vec<&Assessment> =
                scored.iter().enumerate().filter(|&(j, (_, s))| j != i && !(i == 0 && same_gun(*s))).map(|(_, (o, _))| o).collect();
            let (conf, ambiguous) = match (i, first_confidence) {
                (0, _) => confidence(a, &others),
                (_, Some(c)) if same_gun(*slot) => (c, false),
                _ => (capped(confidence(a, &others).0), false),
            };
            if i == 0 {
                first_confidence = Some(conf);
            }
            let (Some(id), Some(rec)) = (self.ids.get(*slot as usize), self.attrs.get(*slot as usize)) else {
                continue;
            };
            out.push(Candidate {
                id: id.clone(),
                slot: *slot,
                score: score_of(a.points),
                confidence: conf,
                explanation: explain(q, a, rec, &self.codes, ambiguous),
            });
        }
        out
    }

    fn gather(&self, q: &PreparedQuery, out: &mut Vec<u32>) {
        let f = &q.folded;
        if f.is_empty() {
            return;
        }
        let wild = f.iter().filter(|&&b| b == b'?').count();
        let mut buf = Vec::with_capacity(f.len());
        let probe = |h: u64, out: &mut Vec<u32>| {
            self.main.lookup(h, out);
            self.delta.lookup(h, out);
        };
        match wild {
            0 => self.gather_plain(f, &q.serial, out),
            1 => {
                if let Some(i) = f.iter().position(|&b| b == b'?') {
                    buf.extend_from_slice(&f[..i]);
                    buf.extend_from_slice(&f[i + 1..]);
                    probe(key_hash(TAG_SERIAL, &buf), out);
                }
            }
            2 if f.len() >= MIN_DELETION_LEN => self.gather_two_illegible(f, out),
            _ => self.scan_pattern(f, out),
        }
    }

    /// Candidates of a fully legible reading (`f` folded, `normalized` as read).
    fn gather_plain(&self, f: &[u8], normalized: &[u8], out: &mut Vec<u32>) {
        let probe = |h: u64, out: &mut Vec<u32>| {
            self.main.lookup(h, out);
            self.delta.lookup(h, out);
        };
        {
            {
                probe(key_hash(TAG_SERIAL, f), out);
                if f.len() >= MIN_DELETION_LEN {
                    for_each_deletion(f, |h| probe(h, out));
                }
                // The reader dropped the record's leading letter block.
                if f.len() >= 3 {
                    probe(key_hash(TAG_STRIPPED, f), out);
                }
                // The reading has a leading letter block the record lacks.
                if let Some(rest) = letter_block(normalized).and_then(|n| f.get(n..)) {
                    probe(key_hash(TAG_SERIAL, rest), out);
                }
            }
        }
    }

    /// Readings with two illegible positions: for each symbol the first one may hide, the records
    /// posted under the reading with that symbol in place and the second position deleted (a
    /// deletion key), kept when they have the reading's length and agree at every legible position.
    /// Some thirty bucket reads instead of scanning every record of that length that shares a short
    /// legible beginning or end (tens of thousands at ten million records); the same records come
    /// out as from [`Index::scan_pattern`].
    fn gather_two_illegible(&self, f: &[u8], out: &mut Vec<u32>) {
        let (Some(i), Some(j)) = (f.iter().position(|&b| b == b'?'), f.iter().rposition(|&b| b == b'?')) else {
            return;
        };
        let mut key: Vec<u8> = f.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, &b)| b).collect();
        let start = out.len();
        for c in 0..=255u8 {
            if !self.has_symbol(c) {
                continue;
            }
            if let Some(slot) = key.get_mut(i) {
                *slot = c;
            }
            let h = key_hash(TAG_SERIAL, &key);
            self.main.lookup(h, out);
            self.delta.lookup(h, out);
        }
        let mut fb = Vec::with_capacity(f.len());
        let mut kept = start;
        for k in start..out.len() {
            let slot = out[k];
            self.folded(slot, &mut fb);
            if fb.len() == f.len() && fb.iter().zip(f).all(|(&r, &q)| q == b'?' || r == q) {
                out[kept] = slot;
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    fn has_symbol(&self, c: u8) -> bool {
        self.symbols[usize::from(c >> 6)] & (1u64 << (c & 63)) != 0
    }

    /// Readings with several illegible positions: the records of the same length that agree with the
    /// legible beginning (or end, whichever is rarer), checked position by position.
    fn scan_pattern(&self, f: &[u8], out: &mut Vec<u32>) {
        let (Some(first), Some(last)) = (f.iter().position(|&b| b == b'?'), f.iter().rposition(|&b| b == b'?')) else {
            return;
        };
        let Ok(len) = u8::try_from(f.len()) else {
            return;
        };
        let mut pre = vec![len];
        pre.extend_from_slice(&f[..first]);
        let mut suf = vec![len];
        suf.extend(f[last + 1..].iter().rev());
        let (a0, a1) = self.range(&self.fwd, &pre, fwd_key);
        let (b0, b1) = self.range(&self.rev, &suf, rev_key);
        let pick = if a1 - a0 <= b1 - b0 { self.fwd.get(a0..a1) } else { self.rev.get(b0..b1) };
        let mut fb = Vec::with_capacity(f.len());
        let matches = |fb: &[u8]| fb.len() == f.len() && fb.iter().zip(f).all(|(&r, &q)| q == b'?' || r == q);
        for &slot in pick.unwrap_or(&[]).iter().take(SCAN_CAP) {
            self.folded(slot, &mut fb);
            if matches(&fb) {
                out.push(slot);
            }
        }
        for (key, slot) in self.delta_fwd.range((Box::<[u8]>::from(pre.as_slice()), 0)..) {
            if !key.starts_with(&pre) {
                break;
            }
            self.folded(*slot, &mut fb);
            if matches(&fb) {
                out.push(*slot);
            }
        }
    }

    /// The entries of a sorted array whose key starts with `prefix`.
    fn range(&self, arr: &[u32], prefix: &[u8], key: fn(&[u8]) -> Vec<u8>) -> (usize, usize) {
        let mut fb = Vec::with_capacity(16);
        let mut key_of = |slot: u32| {
            self.folded(slot, &mut fb);
            key(&fb)
        };
        let lo = arr.partition_point(|&s| key_of(s).as_slice() < prefix);
        let hi = lo + arr.get(lo..).unwrap_or(&[]).partition_point(|&s| key_of(s).starts_with(prefix));
        (lo, hi)
    }

    /// Memory held by the index, by part. `id_heap` adds what one id owns on the heap (0 for plain
    /// numbers and UUIDs).
    pub fn memory(&self, id_heap: impl Fn(&K) -> usize) -> MemoryReport {
        let btree = |s: &BTreeSet<(Box<[u8]>, u32)>| s.iter().map(|(k, _)| k.len() + 16 + 24).sum::<usize>();
        MemoryReport {
            records: self.attrs.capacity() * std::mem::size_of::<Attrs>() + self.serial_off.capacity() * 4,
            serials: self.arena.capacity(),
            ids: self.ids.capacity() * std::mem::size_of::<K>() + self.ids.iter().map(id_heap).sum::<usize>(),
            id_table: self.id_table.capacity() * 4,
            postings: self.main.heap_bytes(),
            sorted: (self.fwd.capacity() + self.rev.capacity()) * 4,
            delta: self.delta.heap_bytes() + btree(&self.delta_fwd) + btree(&self.delta_rev),
            codes: self.codes.heap_bytes() + self.cache.lock().map(|c| c.heap_bytes()).unwrap_or(0),
        }
    }
}

/// The best few candidates by quick points (ties: the lower slot), as (points, slot).
struct TopK {
    cap: usize,
    items: Vec<(i32, u32)>,
}

impl TopK {
    fn new(cap: usize) -> TopK {
        TopK { cap, items: Vec::with_capacity(cap) }
    }

    /// Points a newcomer must reach to have a chance to enter, once full.
    fn worst(&self) -> Option<i32> {
        if self.items.len() < self.cap {
            return None;
        }
        self.items.iter().map(|&(p, _)| p).min()
    }

    fn offer(&mut self, p: i32, slot: u32) {
        if self.cap == 0 {
            return;
        }
        if self.items.len() < self.cap {
            self.items.push((p, slot));
            return;
        }
        // The worst entry: lowest points, then highest slot.
        let Some((at, &(wp, ws))) = self.items.iter().enumerate().min_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))) else {
            return;
        };
        if p > wp || (p == wp && slot < ws) {
            self.items[at] = (p, slot);
        }
    }
}

/// Candidates below the first can be shown but never alert: the alert is about the best fit.
fn capped(c: Confidence) -> Confidence {
    if c.alerts() {
        Confidence::Possible
    } else {
        c
    }
}

fn fwd_key(folded: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(folded.len() + 1);
    k.push(folded.len().min(255) as u8);
    k.extend_from_slice(folded);
    k
}

fn rev_key(folded: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(folded.len() + 1);
    k.push(folded.len().min(255) as u8);
    k.extend(folded.iter().rev());
    k
}

/// Characters of a key packed with its length into the top 96 bits of a sort entry.
const PACKED_CHARS: usize = 11;

/// A sort entry: the key's length and first [`PACKED_CHARS`] characters (shorter keys pad with zeros,
/// which sort before every serial character) in the top 96 bits, so that numbers order as keys do,
/// and the slot in the low 32 bits.
fn pack_slot(len: usize, chars: impl Iterator<Item = u8>, slot: u32) -> u128 {
    let mut b = [0u8; 16];
    b[0] = len.min(255) as u8;
    for (d, s) in b.iter_mut().skip(1).take(PACKED_CHARS).zip(chars) {
        *d = s;
    }
    u128::from_be_bytes(b) | u128::from(slot)
}
