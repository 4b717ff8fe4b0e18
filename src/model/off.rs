//! Days off: whole days that do not count (a vacation, a public holiday, a
//! sick day). A half day off is logged as time of the `other` side instead.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};

/// Days off from `from` to `to`, both included, as one record of
/// `time_off.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Off {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub note: Option<String>,
    /// Where an imported record came from (a calendar event), so that a
    /// second import adds nothing.
    pub source: Option<String>,
}

impl Off {
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        crate::model::time::days(self.from, self.to)
    }
}

/// The set of days off, for judging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaysOff(BTreeSet<NaiveDate>);

impl DaysOff {
    pub fn new(records: &[Off]) -> DaysOff {
        DaysOff(records.iter().flat_map(Off::days).collect())
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.0.contains(&d)
    }
}

/// Add days `from..=to` to `records`: days already off stay as they are
/// (with their own note), the rest become new records. A record whose
/// `source` is already present adds nothing. Returns the days added.
pub fn add(records: &mut Vec<Off>, new: Off) -> Vec<NaiveDate> {
    if new.source.is_some() && records.iter().any(|r| r.source == new.source) {
        return Vec::new();
    }
    let off = DaysOff::new(records);
    let added: Vec<NaiveDate> = new.days().filter(|d| !off.contains(*d)).collect();
    // Consecutive added days form one record each.
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in &added {
        match runs.last_mut() {
            Some(r) if r.1 + Duration::days(1) == *d => r.1 = *d,
            _ => runs.push((*d, *d)),
        }
    }
    for (from, to) in runs {
        records.push(Off {
            from,
            to,
            note: new.note.clone(),
            source: new.source.clone(),
        });
    }
    sort(records);
    added
}

/// Remove days `from..=to` from `records`, splitting a record where the
/// range cuts through it. Returns the days that were off and are no more.
pub fn remove(records: &mut Vec<Off>, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut removed = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records.drain(..) {
        if r.to < from || r.from > to {
            out.push(r);
            continue;
        }
        removed.extend(crate::model::time::days(r.from.max(from), r.to.min(to)));
        if r.from < from {
            out.push(Off {
                to: from - Duration::days(1),
                ..r.clone()
            });
        }
        if r.to > to {
            out.push(Off {
                from: to + Duration::days(1),
                ..r
            });
        }
    }
    *records = out;
    sort(records);
    removed.sort();
    removed.dedup();
    removed
}

pub fn sort(records: &mut [Off]) {
    records.sort_by(|a, b| (a.from, a.to, &a.source).cmp(&(b.from, b.to, &b.source)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn off(from: &str, to: &str) -> Off {
        Off {
            from: d(from),
            to: d(to),
            note: None,
            source: None,
        }
    }

    #[test]
    fn adding_skips_days_already_off() {
        let mut rs = vec![off("2026-12-24", "2026-12-26")];
        let added = add(&mut rs, off("2026-12-23", "2026-12-28"));
        assert_eq!(
            added,
            vec![d("2026-12-23"), d("2026-12-27"), d("2026-12-28")]
        );
        assert_eq!(
            rs,
            vec![
                off("2026-12-23", "2026-12-23"),
                off("2026-12-24", "2026-12-26"),
                off("2026-12-27", "2026-12-28")
            ]
        );
        assert!(add(&mut rs, off("2026-12-24", "2026-12-24")).is_empty());
    }

    #[test]
    fn a_known_source_adds_nothing() {
        let mut rs = Vec::new();
        let mut h = off("2026-12-25", "2026-12-25");
        h.source = Some("ics:xmas".into());
        assert_eq!(add(&mut rs, h.clone()).len(), 1);
        h.from = d("2026-12-24");
        assert!(add(&mut rs, h).is_empty());
    }

    #[test]
    fn removing_splits_a_range() {
        let mut rs = vec![off("2026-08-03", "2026-08-14")];
        let gone = remove(&mut rs, d("2026-08-07"), d("2026-08-10"));
        assert_eq!(gone.len(), 4);
        assert_eq!(
            rs,
            vec![
                off("2026-08-03", "2026-08-06"),
                off("2026-08-11", "2026-08-14")
            ]
        );
        assert!(remove(&mut rs, d("2026-08-08"), d("2026-08-09")).is_empty());
    }
}
