//! UTC timestamps stored as RFC 3339 (DESIGN: times in UTC). A newtype over Unix milliseconds with
//! its own civil-calendar conversion keeps a date library out of the domain.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Timestamp {
    pub fn from_unix_millis(ms: i64) -> Self {
        Timestamp(ms)
    }
    pub fn unix_millis(&self) -> i64 {
        self.0
    }
    pub fn from_ymd_hms(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Self {
        let days = days_from_civil(y, mo, d);
        Timestamp(((days * 86_400) + (h as i64 * 3600) + (mi as i64 * 60) + s as i64) * 1000)
    }
    pub fn date(&self) -> (i64, u32, u32) {
        civil_from_days(self.0.div_euclid(86_400_000))
    }
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` or with a `+HH:MM` offset, as written by [`fmt::Display`]
    /// and by other systems.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("timestamp", s, "an RFC 3339 time such as 2024-05-01T12:00:00Z");
        let t = s.trim();
        let b = t.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        // Digits only: `parse` alone would take "-2" as an hour (found by fuzzing).
        let num = |r: std::ops::Range<usize>| {
            t.get(r).filter(|x| x.bytes().all(|b| b.is_ascii_digit())).and_then(|x| x.parse::<i64>().ok()).ok_or_else(bad)
        };
        let (y, mo, d, h, mi, sec) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo as u32) as i64 || h > 23 || mi > 59 || sec > 60 {
            return Err(bad());
        }
        let mut rest = &t[19..];
        let mut millis = 0i64;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits: String = frac.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.is_empty() {
                return Err(bad());
            }
            let mut padded = digits.clone();
            padded.truncate(3);
            while padded.len() < 3 {
                padded.push('0');
            }
            millis = padded.parse().map_err(|_| bad())?;
            rest = &frac[digits.len()..];
        }
        let offset_min: i64 = match rest {
            "Z" | "z" => 0,
            o if o.len() == 6
                && matches!(o.as_bytes()[0], b'+' | b'-')
                && o.as_bytes()[3] == b':'
                && [1, 2, 4, 5].iter().all(|&i| o.as_bytes()[i].is_ascii_digit()) =>
            {
                let hh: i64 = o[1..3].parse().map_err(|_| bad())?;
                let mm: i64 = o[4..6].parse().map_err(|_| bad())?;
                let v = hh * 60 + mm;
                if o.starts_with('-') {
                    -v
                } else {
                    v
                }
            }
            _ => return Err(bad()),
        };
        let base = Timestamp::from_ymd_hms(y, mo as u32, d as u32, h as u32, mi as u32, sec as u32);
        Ok(Timestamp(base.0 + millis - offset_min * 60_000))
    }
}

pub fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Records written together share their time: keep the last rendering (bulk imports format
        // the same instant millions of times).
        thread_local! {
            static LAST: std::cell::RefCell<(i64, String)> = const { std::cell::RefCell::new((i64::MIN, String::new())) };
        }
        let cached = LAST.with(|l| l.try_borrow().ok().filter(|l| l.0 == self.0).map(|l| l.1.clone()));
        if let Some(s) = cached {
            return f.write_str(&s);
        }
        let s = self.render();
        LAST.with(|l| {
            if let Ok(mut l) = l.try_borrow_mut() {
                *l = (self.0, s.clone());
            }
        });
        f.write_str(&s)
    }
}

impl Timestamp {
    fn render(&self) -> String {
        let days = self.0.div_euclid(86_400_000);
        let ms = self.0.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        let (h, mi, s, milli) = (ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000);
        if milli == 0 {
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        } else {
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(Timestamp::from_ymd_hms(1970, 1, 1, 0, 0, 0).unix_millis(), 0);
        assert_eq!(Timestamp::from_ymd_hms(2024, 2, 29, 12, 30, 5).to_string(), "2024-02-29T12:30:05Z");
        assert_eq!(Timestamp::parse("2024-02-29T14:30:05+02:00").map(|t| t.to_string()), Ok("2024-02-29T12:30:05Z".into()));
        assert!(Timestamp::parse("2023-02-29T00:00:00Z").is_err());
        assert!(Timestamp::parse("yesterday").is_err());
        // Found by the fuzzer: signs inside the fields.
        assert!(Timestamp::parse("1591-11-11T-2:22:-9z").is_err());
        assert!(Timestamp::parse("2020-01-01T00:00:00+00é0").is_err());
        assert!(Timestamp::parse("2020-01-01T00:00:00+-1:00").is_err());
    }

    proptest! {
        #[test]
        fn display_parse_roundtrip(ms in -2_000_000_000_000i64..5_000_000_000_000i64) {
            let t = Timestamp::from_unix_millis(ms);
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }
        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Timestamp::parse(&s);
        }
    }
}
