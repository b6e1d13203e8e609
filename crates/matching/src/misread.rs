//! Which characters of a stamped serial are read for one another, and how much a confusion costs.
//!
//! The domain's [`fold_confusables`] is the source of the letter/digit classes (O/0, I/1, S/5, B/8,
//! Z/2, G/6); this module adds the look-alikes of worn or hand-copied stampings it leaves out (A/4,
//! T/7, M/N, U/V) and the digit pairs that are confused with each other (3/8, 1/7). Digits are never
//! folded together: a digit pair is only a *possible* misreading, and a registry holds many serials
//! one digit apart, so folding them would merge distinct guns.

use armstrace_domain::serial::fold_confusables;
use std::sync::OnceLock;

/// How two different characters relate when one was written for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubKind {
    /// A letter and a digit that look alike on metal (O/0, S/5, B/8, A/4, T/7 ...).
    Common,
    /// Two letters that look alike (O/Q/D, I/L/J, M/N, U/V).
    Letters,
    /// Two digits that look alike (3/8, 1/7): a misreading, or another gun one digit away.
    Digits,
    /// Nothing in common: a different character.
    Other,
}

/// Pairs outside the domain's classes. Each pair joins two symbols of the same folding class.
const EXTRA_CLASS: &[(u8, u8)] = &[(b'A', b'4'), (b'T', b'7'), (b'N', b'M'), (b'V', b'U')];
pub(crate) const DIGIT_PAIRS: &[(u8, u8)] = &[(b'3', b'8'), (b'1', b'7')];

/// The digit a digit is misread for, if it has a look-alike digit.
pub fn digit_twin(b: u8) -> Option<u8> {
    DIGIT_PAIRS.iter().find_map(|&(x, y)| {
        if x == b {
            Some(y)
        } else if y == b {
            Some(x)
        } else {
            None
        }
    })
}

struct Tables {
    fold: [u8; 256],
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut fold = [0u8; 256];
        for (b, slot) in fold.iter_mut().enumerate() {
            *slot = b as u8;
        }
        for c in (b'A'..=b'Z').chain(b'0'..=b'9') {
            let s = (c as char).to_string();
            let f = fold_confusables(&s);
            if let [one] = f.as_bytes() {
                fold[c as usize] = *one;
            }
        }
        for &(a, b) in EXTRA_CLASS {
            let target = fold[b as usize];
            fold[a as usize] = target;
        }
        Tables { fold }
    })
}

/// The folded symbol of one normalized serial byte: look-alikes share one symbol.
#[inline]
pub fn fold_byte(b: u8) -> u8 {
    tables().fold[b as usize]
}

/// Folds a normalized serial (upper case, `?` for illegible) into `out`.
pub fn fold_into(normalized: &[u8], out: &mut Vec<u8>) {
    let t = &tables().fold;
    out.clear();
    out.extend(normalized.iter().map(|&b| t[b as usize]));
}

/// The kind of confusion between two different normalized characters `q` (as read) and `r` (as
/// recorded).
pub fn sub_kind(q: u8, r: u8) -> SubKind {
    if q == r {
        return SubKind::Common;
    }
    if fold_byte(q) == fold_byte(r) {
        return if q.is_ascii_digit() != r.is_ascii_digit() { SubKind::Common } else { SubKind::Letters };
    }
    if DIGIT_PAIRS.iter().any(|&(a, b)| (a, b) == (q, r) || (b, a) == (q, r)) {
        return SubKind::Digits;
    }
    SubKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(fold_byte(b'O'), fold_byte(b'0'));
        assert_eq!(fold_byte(b'B'), fold_byte(b'8'));
        assert_eq!(fold_byte(b'A'), fold_byte(b'4'));
        assert_eq!(fold_byte(b'T'), fold_byte(b'7'));
        assert_ne!(fold_byte(b'3'), fold_byte(b'8'));
        assert_ne!(fold_byte(b'1'), fold_byte(b'7'));
        assert_eq!(sub_kind(b'O', b'0'), SubKind::Common);
        assert_eq!(sub_kind(b'0', b'D'), SubKind::Common);
        assert_eq!(sub_kind(b'M', b'N'), SubKind::Letters);
        assert_eq!(sub_kind(b'8', b'3'), SubKind::Digits);
        assert_eq!(sub_kind(b'4', b'9'), SubKind::Other);
        assert_eq!(fold_byte(b'?'), b'?');
    }
}
