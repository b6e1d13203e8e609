//! SDG indicator 16.4.2: "proportion of seized, found or surrendered arms whose illicit origin or
//! context has been traced or established by a competent authority in line with international
//! instruments" (UNODC is custodian; the Illicit Arms Flows Questionnaire collects it).
//!
//! Denominator: the arms seized, found or surrendered in the period (each item once, at its first
//! recovery in the period). Numerator: those whose origin is established — a point of diversion
//! named by the national trace, or a lawful origin shown (surrendered by its registered holder) —
//! or for which an international tracing request was answered "traced". Breakdowns by type of
//! firearm, criminal context and country of manufacture; the time-to-crime distribution of the
//! traced ones. Pure: the service gathers the rows.

use std::collections::BTreeMap;

use serde::Serialize;

/// One recovered item, as the indicator counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub firearm_type: String,
    /// Criminal context codes of the recovery's incident (none: "not recorded").
    pub contexts: Vec<String>,
    /// ISO alpha-3, or empty when the markings do not say.
    pub country_of_manufacture: String,
    pub established: bool,
    pub time_to_crime_days: Option<i64>,
}

/// Numerator and denominator of one part of the breakdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub established: u64,
    pub recovered: u64,
}

impl Share {
    pub fn proportion(&self) -> Option<f64> {
        (self.recovered > 0).then(|| self.established as f64 / self.recovered as f64)
    }
    fn add(&mut self, established: bool) {
        self.recovered += 1;
        self.established += u64::from(established);
    }
}

/// The indicator for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Indicator {
    pub total: Share,
    pub by_type: BTreeMap<String, Share>,
    pub by_context: BTreeMap<String, Share>,
    pub by_country_of_manufacture: BTreeMap<String, Share>,
    /// Time-to-crime of the items whose first retail sale is recorded, in days: count, quartiles.
    pub time_to_crime: TimeToCrime,
    /// Share of the traced ones with a time-to-crime under three years (ATF's "short").
    pub short_time_to_crime: Share,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TimeToCrime {
    pub count: u64,
    pub p25: Option<i64>,
    pub median: Option<i64>,
    pub p75: Option<i64>,
    /// Counts by band: under 1 year, 1–3 years, 3–10 years, 10 years or more.
    pub bands: [u64; 4],
}

/// Context label for items whose incident records none.
pub const NO_CONTEXT: &str = "not_recorded";
/// Country label for items whose markings do not say.
pub const UNKNOWN_COUNTRY: &str = "unknown";

pub fn compute(rows: &[Recovered]) -> Indicator {
    let mut out = Indicator::default();
    let mut days = Vec::new();
    for r in rows {
        out.total.add(r.established);
        let ty = if r.firearm_type.is_empty() { UNKNOWN_COUNTRY.to_string() } else { r.firearm_type.clone() };
        out.by_type.entry(ty).or_default().add(r.established);
        if r.contexts.is_empty() {
            out.by_context.entry(NO_CONTEXT.to_string()).or_default().add(r.established);
        }
        // An item recovered in a drug-trafficking and organised-crime case counts under both.
        for c in &r.contexts {
            out.by_context.entry(c.clone()).or_default().add(r.established);
        }
        let coo = if r.country_of_manufacture.is_empty() { UNKNOWN_COUNTRY.to_string() } else { r.country_of_manufacture.clone() };
        out.by_country_of_manufacture.entry(coo).or_default().add(r.established);
        if let Some(d) = r.time_to_crime_days {
            days.push(d);
            out.short_time_to_crime.add(d < 3 * 365);
        }
    }
    days.sort_unstable();
    let q = |p: f64| -> Option<i64> { (!days.is_empty()).then(|| days[((days.len() - 1) as f64 * p).round() as usize]) };
    let mut bands = [0u64; 4];
    for d in &days {
        let b = match *d {
            d if d < 365 => 0,
            d if d < 3 * 365 => 1,
            d if d < 10 * 365 => 2,
            _ => 3,
        };
        bands[b] += 1;
    }
    out.time_to_crime = TimeToCrime { count: days.len() as u64, p25: q(0.25), median: q(0.5), p75: q(0.75), bands };
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(ty: &str, ctx: &[&str], coo: &str, established: bool, ttc: Option<i64>) -> Recovered {
        Recovered {
            firearm_type: ty.into(),
            contexts: ctx.iter().map(|c| c.to_string()).collect(),
            country_of_manufacture: coo.into(),
            established,
            time_to_crime_days: ttc,
        }
    }

    #[test]
    fn numerator_denominator_and_breakdowns() {
        let rows = vec![
            row("pistol", &["drug_trafficking", "organized_crime"], "AUT", true, Some(200)),
            row("pistol", &[], "SRB", false, None),
            row("rifle", &["drug_trafficking"], "", true, Some(2000)),
            row("rifle", &["terrorism"], "SRB", false, None),
        ];
        let i = compute(&rows);
        assert_eq!(i.total, Share { established: 2, recovered: 4 });
        assert_eq!(i.total.proportion(), Some(0.5));
        assert_eq!(i.by_type["pistol"], Share { established: 1, recovered: 2 });
        assert_eq!(i.by_context["drug_trafficking"], Share { established: 2, recovered: 2 });
        assert_eq!(i.by_context[NO_CONTEXT], Share { established: 0, recovered: 1 });
        assert_eq!(i.by_country_of_manufacture[UNKNOWN_COUNTRY], Share { established: 1, recovered: 1 });
        assert_eq!(i.time_to_crime.count, 2);
        assert_eq!(i.time_to_crime.bands, [1, 0, 1, 0]);
        assert_eq!(i.short_time_to_crime, Share { established: 1, recovered: 2 });
        assert_eq!(compute(&[]).total.proportion(), None);
    }

    proptest! {
        #[test]
        fn every_part_of_a_breakdown_adds_up_to_the_total(flags in proptest::collection::vec((0usize..3, 0usize..3, any::<bool>()), 0..60)) {
            let types = ["pistol", "rifle", "shotgun"];
            let coos = ["AUT", "", "SRB"];
            let rows: Vec<Recovered> = flags.iter().map(|(t, c, e)| row(types[*t], &[], coos[*c], *e, None)).collect();
            let i = compute(&rows);
            let sum = |m: &BTreeMap<String, Share>| m.values().fold((0, 0), |(a, b), s| (a + s.established, b + s.recovered));
            prop_assert_eq!(sum(&i.by_type), (i.total.established, i.total.recovered));
            prop_assert_eq!(sum(&i.by_country_of_manufacture), (i.total.established, i.total.recovered));
            prop_assert!(i.total.established <= i.total.recovered);
        }
    }
}
