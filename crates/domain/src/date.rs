//! Dates of events, which are often known only to the year or the month (DESIGN: partial dates).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::time::days_in_month;
use crate::DomainError;

/// A calendar date known to the year, the month or the day. Ordered by its earliest possible day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

const EXPECTED: &str = "a date as YYYY, YYYY-MM or YYYY-MM-DD (or DD/MM/YYYY, DD.MM.YYYY) between 1800 and 2100";

impl PartialDate {
    pub fn year(year: i32) -> Result<Self, DomainError> {
        Self::new(year, None, None)
    }
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Self, DomainError> {
        Self::new(year, Some(month), Some(day))
    }
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, DomainError> {
        // The message is built only on failure: this runs once per imported row.
        let bad = || DomainError::invalid("date", &format!("{year}-{month:?}-{day:?}"), EXPECTED);
        if !(1800..=2100).contains(&year) {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(bad());
            }
            if let Some(d) = day {
                if d < 1 || d as u32 > days_in_month(year as i64, m as u32) {
                    return Err(bad());
                }
            }
        } else if day.is_some() {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        let bad = || DomainError::invalid("date", s, EXPECTED);
        let num = |x: &str| -> Result<i64, DomainError> {
            if x.is_empty() || x.len() > 4 || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            x.parse::<i64>().map_err(|_| bad())
        };
        // An RFC 3339 timestamp carries a date: keep the date part.
        let t = if t.len() > 10 && (t.as_bytes().get(10) == Some(&b'T') || t.as_bytes().get(10) == Some(&b' ')) { &t[..10] } else { t };
        let parts: Vec<&str> = if t.contains('-') {
            t.split('-').collect()
        } else if t.contains('/') || t.contains('.') {
            // Day first, as most of the world writes it; the year comes last.
            let mut p: Vec<&str> = t.split(['/', '.']).collect();
            p.reverse();
            p
        } else {
            vec![t]
        };
        let small = |v: i64| u8::try_from(v).map_err(|_| bad());
        match parts.as_slice() {
            [y] if y.len() == 4 => Self::new(num(y)? as i32, None, None).map_err(|_| bad()),
            [y, m] if y.len() == 4 => Self::new(num(y)? as i32, Some(small(num(m)?)?), None).map_err(|_| bad()),
            [y, m, d] if y.len() == 4 => Self::new(num(y)? as i32, Some(small(num(m)?)?), Some(small(num(d)?)?)).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
    pub fn year_value(&self) -> i32 {
        self.year
    }
    pub fn month_value(&self) -> Option<u8> {
        self.month
    }
    pub fn day_value(&self) -> Option<u8> {
        self.day
    }
    /// Days since 1970-01-01 of the earliest day this date may be.
    pub fn earliest_day(&self) -> i64 {
        crate::time::days_from_civil(self.year as i64, self.month.unwrap_or(1) as u32, self.day.unwrap_or(1) as u32)
    }
    /// Days since 1970-01-01 of the latest day this date may be (2025 → 2025-12-31).
    pub fn latest_day(&self) -> i64 {
        let m = self.month.unwrap_or(12);
        let d = self.day.map(u32::from).unwrap_or_else(|| crate::time::days_in_month(self.year as i64, m as u32));
        crate::time::days_from_civil(self.year as i64, m as u32, d)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_people_write() {
        assert_eq!(PartialDate::parse("2019").map(|d| d.to_string()), Ok("2019".into()));
        assert_eq!(PartialDate::parse("2019-03").map(|d| d.to_string()), Ok("2019-03".into()));
        assert_eq!(PartialDate::parse("05/03/2019").map(|d| d.to_string()), Ok("2019-03-05".into()));
        assert_eq!(PartialDate::parse("5.3.2019").map(|d| d.to_string()), Ok("2019-03-05".into()));
        assert_eq!(PartialDate::parse("2019-03-05T10:00:00Z").map(|d| d.to_string()), Ok("2019-03-05".into()));
        assert!(PartialDate::parse("2019-02-30").is_err());
        assert!(PartialDate::parse("19").is_err());
        assert!(PartialDate::parse("").is_err());
    }

    proptest! {
        #[test]
        fn roundtrip(y in 1800i32..=2100, m in proptest::option::of(1u8..=12), d in 1u8..=28, has_day: bool) {
            let day = if m.is_some() && has_day { Some(d) } else { None };
            let date = PartialDate::new(y, m, day).unwrap();
            prop_assert_eq!(PartialDate::parse(&date.to_string()), Ok(date));
        }
        #[test]
        fn never_panics(s in "\\PC{0,20}") { let _ = PartialDate::parse(&s); }
    }
}
