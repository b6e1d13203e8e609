//! Text folding shared by every lookup: what people type is compared in one canonical shape.

/// Strips diacritics from Latin letters (Česká → Ceska, Łucznik → Lucznik, Gázkészülék → Gazkeszulek).
pub fn strip_diacritics(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "i",
        'ł' | 'ľ' | 'ĺ' | 'Ł' | 'Ľ' | 'Ĺ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'ŕ' | 'Ř' | 'Ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => "",
    }
}

/// Lower case, no diacritics, apostrophes dropped (Colt's → colts), other punctuation as spaces except
/// `&`, `+`, `/` and `.` between digits, whitespace (including non-breaking spaces) collapsed.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let mapped = strip_diacritics(c);
        if !mapped.is_empty() {
            out.push_str(mapped);
        } else if c.is_alphanumeric() {
            // Lower-casing can produce a letter with a diacritic (the Ångström sign becomes å).
            for lc in c.to_lowercase() {
                let m = strip_diacritics(lc);
                if m.is_empty() {
                    out.push(lc);
                } else {
                    out.push_str(m);
                }
            }
        } else if matches!(c, '\'' | '’' | '`' | '´') {
            continue;
        } else if c == '&' || c == '+' {
            out.push(c);
        } else if (c == '.' || c == ',' || c == '/')
            && i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit()
        {
            out.push(if c == ',' { '.' } else { c });
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), giving up early
/// once it exceeds `limit` (then returns `limit + 1`).
pub fn edit_distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return limit + 1;
    }
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m].min(limit + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds() {
        assert_eq!(fold_key("  Česká  zbrojovka\u{a0}a.s. "), "ceska zbrojovka a s");
        assert_eq!(fold_key("Colt's Mfg. Co"), "colts mfg co");
        assert_eq!(fold_key("7,62 x 39"), "7.62 x 39");
        assert_eq!(fold_key("S&W"), "s&w");
        assert_eq!(edit_distance(b"beretta", b"berreta", 3), 2);
        assert_eq!(edit_distance(b"beretta", b"bereta", 3), 1);
        assert_eq!(edit_distance(b"beretta", b"berteta", 3), 1);
        assert_eq!(edit_distance(b"abc", b"xyzabc", 2), 3);
    }

    proptest! {
        #[test]
        fn fold_never_panics_and_is_idempotent(s in "\\PC{0,40}") {
            let a = fold_key(&s);
            prop_assert_eq!(fold_key(&a), a);
        }
        #[test]
        fn distance_symmetric(a in "[a-d]{0,8}", b in "[a-d]{0,8}") {
            prop_assert_eq!(edit_distance(a.as_bytes(), b.as_bytes(), 20), edit_distance(b.as_bytes(), a.as_bytes(), 20));
        }
    }
}
