//! Alignment of a serial as read against a serial as recorded, weighing each difference by the kind of
//! damage that explains it: a known misreading costs less than a different character, a doubled
//! character less than an arbitrary extra one, and an illegible position (`?`) costs nothing but
//! proves nothing either.

use std::sync::OnceLock;

use crate::misread::{sub_kind, SubKind};

/// Costs in hundredths. They order the explanations (the cheapest explanation of the difference is
/// the one reported) and feed the score; the alert rules look at the kinds, not only at the sum.
pub(crate) const SUB_COMMON: u16 = 20;
pub(crate) const SUB_LETTERS: u16 = 30;
pub(crate) const SUB_DIGITS: u16 = 45;
pub(crate) const SUB_OTHER: u16 = 100;
pub(crate) const TRANSPOSE: u16 = 45;
pub(crate) const DOUBLED: u16 = 30;
pub(crate) const EXTRA: u16 = 70;
pub(crate) const DROPPED: u16 = 55;
pub(crate) const PREFIX_OMITTED: u16 = 40;

/// Longest serial aligned; the domain caps normalized serials at 40 characters.
const MAX: usize = 40;
/// Operations kept for the explanation; more than this many differences is no match anyway.
const MAX_OPS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// `q` was read where `r` is recorded.
    Sub(SubKind),
    /// `q` `r` read as `r` `q`.
    Transpose,
    /// `q` appears twice where the record has it once.
    Doubled,
    /// `q` is in the reading but not in the record.
    Extra,
    /// `r` of the record is missing from the reading.
    Dropped,
    /// The record's leading letter block (`r` is its length) is missing from the reading.
    PrefixOmitted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    pub kind: OpKind,
    pub q: u8,
    pub r: u8,
}

/// The cheapest explanation of the differences between a reading and a record.
#[derive(Debug, Clone, Copy)]
pub struct Alignment {
    pub cost: u16,
    ops: [Op; MAX_OPS],
    n_ops: u8,
    /// Differences beyond those kept in `ops`.
    pub more_ops: u8,
    /// Illegible positions of the reading that fell on a character of the record.
    pub wildcards: u8,
    /// Characters of the reading that agree with the record exactly.
    pub matched: u8,
    /// The omitted leading block, if any (bytes and length).
    pub prefix: [u8; 4],
    pub prefix_len: u8,
}

impl Alignment {
    pub fn ops(&self) -> &[Op] {
        &self.ops[..self.n_ops as usize]
    }
    pub fn op_count(&self) -> usize {
        self.n_ops as usize + self.more_ops as usize
    }
    fn push(&mut self, op: Op) {
        if (self.n_ops as usize) < MAX_OPS {
            self.ops[self.n_ops as usize] = op;
            self.n_ops += 1;
        } else {
            self.more_ops = self.more_ops.saturating_add(1);
        }
    }
}

fn sub_cost(k: SubKind) -> u16 {
    match k {
        SubKind::Common => SUB_COMMON,
        SubKind::Letters => SUB_LETTERS,
        SubKind::Digits => SUB_DIGITS,
        SubKind::Other => SUB_OTHER,
    }
}

/// Back-pointers of the table.
const FROM_DIAG: u8 = 0;
const FROM_UP: u8 = 1; // extra character in the reading
const FROM_LEFT: u8 = 2; // character of the record missing
const FROM_SWAP: u8 = 3;

/// Aligns `q` (the reading, normalized, `?` illegible) with `r` (the record, normalized).
pub fn align(q: &[u8], r: &[u8]) -> Alignment {
    let plain = align_plain(q, r);
    // A leading letter block dropped by the reader ("018433" for "HT018433"): the block is letters
    // only and the record goes on with a digit.
    let block = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if (1..=4).contains(&block) && r.len() > block && q.len() + block <= r.len() + 1 && q.first().is_some_and(|c| c.is_ascii_digit()) {
        if let Some(rest) = r.get(block..) {
            let mut alt = align_plain(q, rest);
            if alt.cost + PREFIX_OMITTED < plain.cost {
                alt.cost += PREFIX_OMITTED;
                let mut p = [0u8; 4];
                p[..block].copy_from_slice(&r[..block]);
                alt.prefix = p;
                alt.prefix_len = block as u8;
                // The omission goes first in the explanation.
                let kept: Vec<Op> = alt.ops().to_vec();
                alt.n_ops = 0;
                alt.push(Op { kind: OpKind::PrefixOmitted, q: 0, r: block as u8 });
                for op in kept {
                    alt.push(op);
                }
                return alt;
            }
        }
    }
    plain
}

/// The cost of [`align`] alone, in two rows of the table: most candidates of a reading are ranked by
/// it and only the best few are aligned in full.
#[cfg(test)]
pub fn align_cost(q: &[u8], r: &[u8]) -> u16 {
    align_cost_within(q, r, COST_LIMIT)
}

/// [`align_cost`] when only costs up to `limit` matter: the exact cost when it is at most `limit`,
/// otherwise some value above `limit` (the table is abandoned as soon as it cannot come back under).
pub fn align_cost_within(q: &[u8], r: &[u8], limit: u16) -> u16 {
    let plain = cost_plain(q, r, limit);
    let block = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if (1..=4).contains(&block) && r.len() > block && q.len() + block <= r.len() + 1 && q.first().is_some_and(|c| c.is_ascii_digit()) {
        if let (Some(rest), Some(l)) = (r.get(block..), limit.checked_sub(PREFIX_OMITTED)) {
            return plain.min(cost_plain(q, rest, l).saturating_add(PREFIX_OMITTED));
        }
    }
    plain
}

/// Substitution costs of every pair of serial bytes, computed once (most cells of every table
/// compare two different characters).
fn sub_table() -> &'static [[u8; 128]; 128] {
    static T: OnceLock<Box<[[u8; 128]; 128]>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Box::new([[0u8; 128]; 128]);
        for (q, row) in t.iter_mut().enumerate() {
            for (r, cell) in row.iter_mut().enumerate() {
                let (qb, rb) = (q as u8, r as u8);
                *cell = if qb == rb || qb == b'?' || rb == b'?' { 0 } else { u8::try_from(sub_cost(sub_kind(qb, rb))).unwrap_or(u8::MAX) };
            }
        }
        t
    })
}

/// Above this cost a record is too far from the reading to be shown, whatever its description says.
pub const COST_LIMIT: u16 = 220;

fn cost_plain(q: &[u8], r: &[u8], limit: u16) -> u16 {
    let q = &q[..q.len().min(MAX)];
    let r = &r[..r.len().min(MAX)];
    let m = r.len();
    let t = sub_table();
    let mut prev2 = [0u16; MAX + 1];
    let mut prev = [0u16; MAX + 1];
    let mut cur = [0u16; MAX + 1];
    for j in 1..=m {
        prev[j] = prev[j - 1] + DROPPED;
    }
    let mut prev_min = 0u16;
    for i in 1..=q.len() {
        let qc = q[i - 1];
        let row = &t[usize::from(qc & 0x7f)];
        let extra = if (i >= 2 && q[i - 2] == qc) || q.get(i) == Some(&qc) { DOUBLED } else { EXTRA };
        cur[0] = prev[0] + extra;
        let mut row_min = cur[0];
        for j in 1..=m {
            let rc = r[j - 1];
            let sub = u16::from(row[usize::from(rc & 0x7f)]);
            let mut best = (prev[j - 1] + sub).min(prev[j] + extra).min(cur[j - 1] + DROPPED);
            if i >= 2 && j >= 2 && qc == r[j - 2] && q[i - 2] == rc && qc != rc {
                best = best.min(prev2[j - 2] + TRANSPOSE);
            }
            cur[j] = best;
            row_min = row_min.min(best);
        }
        // Costs never fall along the table: once two whole rows (a swap reaches back two) are past
        // the limit, so is the end.
        if row_min > limit && prev_min > limit {
            return limit.saturating_add(1);
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

fn align_plain(q: &[u8], r: &[u8]) -> Alignment {
    let q = &q[..q.len().min(MAX)];
    let r = &r[..r.len().min(MAX)];
    let (n, m) = (q.len(), r.len());
    let mut d = [[0u16; MAX + 1]; MAX + 1];
    let mut from = [[0u8; MAX + 1]; MAX + 1];
    for j in 1..=m {
        d[0][j] = d[0][j - 1] + DROPPED;
        from[0][j] = FROM_LEFT;
    }
    for i in 1..=n {
        let qc = q[i - 1];
        let extra = if (i >= 2 && q[i - 2] == qc) || q.get(i) == Some(&qc) { DOUBLED } else { EXTRA };
        d[i][0] = d[i - 1][0] + extra;
        from[i][0] = FROM_UP;
        for j in 1..=m {
            let rc = r[j - 1];
            let sub = if qc == rc || qc == b'?' || rc == b'?' { 0 } else { sub_cost(sub_kind(qc, rc)) };
            let mut best = d[i - 1][j - 1] + sub;
            let mut f = FROM_DIAG;
            let up = d[i - 1][j] + extra;
            if up < best {
                best = up;
                f = FROM_UP;
            }
            let left = d[i][j - 1] + DROPPED;
            if left < best {
                best = left;
                f = FROM_LEFT;
            }
            if i >= 2 && j >= 2 && qc == r[j - 2] && q[i - 2] == rc && qc != rc {
                let sw = d[i - 2][j - 2] + TRANSPOSE;
                if sw < best {
                    best = sw;
                    f = FROM_SWAP;
                }
            }
            d[i][j] = best;
            from[i][j] = f;
        }
    }
    let mut a = Alignment {
        cost: d[n][m],
        ops: [Op { kind: OpKind::Extra, q: 0, r: 0 }; MAX_OPS],
        n_ops: 0,
        more_ops: 0,
        wildcards: 0,
        matched: 0,
        prefix: [0; 4],
        prefix_len: 0,
    };
    // Walk back, collecting the operations in reverse, then restore reading order.
    let mut rev: [Op; MAX * 2] = [Op { kind: OpKind::Extra, q: 0, r: 0 }; MAX * 2];
    let mut k = 0usize;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let f = if i == 0 {
            FROM_LEFT
        } else if j == 0 {
            FROM_UP
        } else {
            from[i][j]
        };
        match f {
            FROM_DIAG => {
                let (qc, rc) = (q[i - 1], r[j - 1]);
                if qc == b'?' || rc == b'?' {
                    a.wildcards += 1;
                } else if qc == rc {
                    a.matched += 1;
                } else if k < rev.len() {
                    rev[k] = Op { kind: OpKind::Sub(sub_kind(qc, rc)), q: qc, r: rc };
                    k += 1;
                }
                i -= 1;
                j -= 1;
            }
            FROM_UP => {
                let qc = q[i - 1];
                let doubled = (i >= 2 && q[i - 2] == qc) || q.get(i) == Some(&qc);
                if k < rev.len() {
                    rev[k] = Op { kind: if doubled { OpKind::Doubled } else { OpKind::Extra }, q: qc, r: 0 };
                    k += 1;
                }
                i -= 1;
            }
            FROM_LEFT => {
                if k < rev.len() {
                    rev[k] = Op { kind: OpKind::Dropped, q: 0, r: r[j - 1] };
                    k += 1;
                }
                j -= 1;
            }
            _ => {
                if k < rev.len() {
                    rev[k] = Op { kind: OpKind::Transpose, q: q[i - 2], r: q[i - 1] };
                    k += 1;
                }
                a.matched += 2;
                i -= 2;
                j -= 2;
            }
        }
    }
    for op in rev[..k].iter().rev() {
        a.push(*op);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str, r: &str) -> (u16, Vec<OpKind>) {
        let a = align(q.as_bytes(), r.as_bytes());
        (a.cost, a.ops().iter().map(|o| o.kind).collect())
    }

    #[test]
    fn each_kind_of_damage_is_named() {
        assert_eq!(kinds("AB123", "AB123"), (0, vec![]));
        assert_eq!(kinds("A8123", "AB123"), (SUB_COMMON, vec![OpKind::Sub(SubKind::Common)]));
        assert_eq!(kinds("AB183", "AB123"), (SUB_OTHER, vec![OpKind::Sub(SubKind::Other)]));
        assert_eq!(kinds("AB213", "AB123"), (TRANSPOSE, vec![OpKind::Transpose]));
        assert_eq!(kinds("AB1223", "AB123"), (DOUBLED, vec![OpKind::Doubled]));
        assert_eq!(kinds("AB13", "AB123"), (DROPPED, vec![OpKind::Dropped]));
        assert_eq!(kinds("AB1293", "AB123"), (EXTRA, vec![OpKind::Extra]));
        assert_eq!(kinds("018433", "HT018433"), (PREFIX_OMITTED, vec![OpKind::PrefixOmitted]));
        for (q, r) in [("A8123", "AB123"), ("AB1223", "AB123"), ("018433", "HT018433"), ("X9Y", "AB123"), ("", "A1"), ("AB213", "AB123")] {
            assert_eq!(
                align_cost(q.as_bytes(), r.as_bytes()).min(COST_LIMIT + 1),
                align(q.as_bytes(), r.as_bytes()).cost.min(COST_LIMIT + 1),
                "{q} {r}"
            );
        }
        let a = align(b"AB?2?", b"AB123");
        assert_eq!((a.cost, a.wildcards, a.matched), (0, 2, 3));
    }
}
