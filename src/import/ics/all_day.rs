//! All-day events (DTSTART;VALUE=DATE): whole days, never entries. They
//! become days off when the import asks for them (`--as-off`) or when they
//! are my own and their title says so (`[import.calendar] off`); the rest
//! are skipped as before.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::expand::Expander;
use super::values::Value;
use super::{Event, MAX_INSTANCES, recur};

/// One all-day instance: the days `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllDay {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub title: String,
    pub source: String,
    /// I organize or attend it, or it has no organizer and no attendees.
    pub mine: bool,
}

/// How many days an all-day event lasts: DTEND is exclusive (RFC 5545
/// §3.6.1); DURATION counts whole days; neither, one day.
fn days(e: &Event, start: NaiveDate) -> Option<i64> {
    let n = match (&e.end, e.duration) {
        (Some(end), _) => match end.value {
            Value::Date(d) => (d - start).num_days(),
            // A timed end on a date start: up to the day it falls on.
            other => (other.naive().date() - start).num_days().max(1),
        },
        (None, Some(l)) => l.days + (l.exact.num_seconds() + 86_399) / 86_400,
        (None, None) => 1,
    };
    (1..=3660).contains(&n).then_some(n)
}

impl Expander<'_> {
    /// The all-day event `e` (starting on `d`) into its instances that
    /// touch the all-day window.
    pub(super) fn all_day(&mut self, e: &Event, d: NaiveDate) {
        let (lo, hi) = self.days;
        let recurring = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
        let near = recurring || (d <= hi && d >= lo - Duration::days(1));
        let why = if e.cancelled {
            Some("cancelled".to_string())
        } else if e.declined {
            Some("declined".to_string())
        } else {
            days(e, d)
                .is_none()
                .then(|| "all-day, but its end cannot be read".to_string())
        };
        if let Some(why) = why {
            if near {
                self.skip(e, &why);
            }
            return;
        }
        let n = days(e, d).unwrap_or(1);
        let mut starts = vec![d];
        if recurring {
            let wall0 = d.and_time(NaiveTime::MIN);
            let wlo = (lo - Duration::days(n)).and_time(NaiveTime::MIN);
            let whi = (hi + Duration::days(1)).and_time(NaiveTime::MIN);
            for rule in &e.rrules {
                match recur::walk(wall0, rule, wlo, whi, MAX_INSTANCES, &mut self.budget, &|w| w) {
                    Ok(w) => starts.extend(w.dates.iter().map(|w| w.date())),
                    Err(m) => {
                        self.skip(e, &format!("its recurrence rule cannot be read ({m})"));
                        return;
                    }
                }
            }
            starts.extend(e.rdates.iter().map(|r| r.value.naive().date()));
            let ex: Vec<NaiveDate> = e.exdates.iter().map(|x| x.value.naive().date()).collect();
            starts.retain(|s| !ex.contains(s));
            starts.sort();
            starts.dedup();
        }
        for s in starts {
            let to = s + Duration::days(n - 1);
            if to < lo || s > hi {
                continue;
            }
            let key = s.format("%Y%m%d").to_string();
            if recurring && self.overridden.contains(&(e.uid.clone(), key.clone())) {
                continue;
            }
            let source = match &e.recurrence_id {
                Some(rid) => format!("ics:{}@{}", e.uid, super::rid_key(rid).unwrap_or_default()),
                None if recurring => format!("ics:{}@{key}", e.uid),
                None => format!("ics:{}", e.uid),
            };
            self.found.all_day.push(AllDay {
                from: s,
                to,
                title: e.title.clone(),
                source,
                mine: e.mine,
            });
        }
    }
}
