//! A read event into its instances within the window: the recurrence
//! walked within the budget, RDATE/EXDATE, moved and THISANDFUTURE
//! instances applied, and each skip said with its reason.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use super::values::{Length, Value};
use super::zones::EventZone;
use super::{Event, Found, Instance, MAX_INSTANCES, Settings, Skipped, key, recur, rid_key};

/// `l` after `s`, days on the wall clock of `z`.
fn add(s: DateTime<FixedOffset>, l: Length, z: &EventZone) -> Option<DateTime<FixedOffset>> {
    let s = if l.days == 0 {
        s
    } else {
        z.instant(z.wall(s).checked_add_signed(Duration::days(l.days))?)?
    };
    s.checked_add_signed(l.exact)
}

/// A THISANDFUTURE override: later instances move by `shift` and take its
/// length and title.
pub(super) struct Future {
    pub(super) from: DateTime<Utc>,
    pub(super) shift: Duration,
    pub(super) length: Length,
    pub(super) title: String,
}

fn in_window(t: DateTime<FixedOffset>, lo: DateTime<Utc>, hi: DateTime<Utc>) -> bool {
    let u = t.to_utc();
    u >= lo && u < hi
}

/// Expands events into instances within `[lo, hi)`, within the budget.
pub(super) struct Expander<'a> {
    pub(super) overridden: &'a BTreeSet<(String, String)>,
    pub(super) lo: DateTime<Utc>,
    pub(super) hi: DateTime<Utc>,
    pub(super) settings: &'a Settings,
    pub(super) budget: recur::Budget,
    /// Series the import's budget ran out on, said once at the end.
    pub(super) cut_by_import: Vec<String>,
    pub(super) found: Found,
    /// The local days all-day events are read in, both included.
    pub(super) days: (NaiveDate, NaiveDate),
}

impl Expander<'_> {
    /// `2026-11-23 09:00 "Title"` in the user's zone (a day for all-day).
    fn what(&self, e: &Event) -> String {
        let when = match (e.start.value, e.start.instant()) {
            (Value::Date(d), _) => d.to_string(),
            (_, Some(t)) => self
                .settings
                .zone
                .localize(t.to_utc())
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            (v, None) => v.naive().format("%Y-%m-%d %H:%M").to_string(),
        };
        let series = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
        format!(
            "{when} \"{}\"{}",
            e.title,
            if series { " (a series)" } else { "" }
        )
    }

    pub(super) fn skip(&mut self, e: &Event, why: &str) {
        let what = self.what(e);
        self.found.skipped.push(Skipped {
            what,
            why: why.into(),
        });
    }

    pub(super) fn expand(&mut self, e: &Event, futures: Option<&Vec<Future>>) {
        let (lo, hi) = (self.lo, self.hi);
        let recurring = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
        let first = e.start.instant();
        let near = first.is_some_and(|t| in_window(t, lo, hi) || (recurring && t.to_utc() < hi));
        if let Value::Date(d) = e.start.value {
            self.all_day(e, d);
            return;
        }
        let Some(start) = first else {
            return;
        };
        let status = if e.cancelled {
            Some("cancelled")
        } else if e.declined {
            Some("declined")
        } else if e.tentative && !self.settings.tentative {
            Some("tentative (`tentative = true` in [import.calendar] takes them)")
        } else if e.free && !self.settings.free {
            Some("marked free (`free = true` in [import.calendar] takes such holds)")
        } else {
            None
        };
        if let Some(why) = status {
            if near {
                self.skip(e, why);
            }
            return;
        }
        let Some(length) = e.length() else {
            if near {
                self.skip(e, "its end cannot be read");
            }
            return;
        };
        let periods = !e.rdate_lengths.is_empty();
        if length.nominal() < Duration::zero() {
            if near {
                self.skip(e, "it ends before it starts");
            }
            return;
        }
        if length.nominal() == Duration::zero() && !periods {
            if near {
                self.skip(e, "no duration (it ends when it starts)");
            }
            return;
        }
        let max = Duration::days(crate::model::MAX_ENTRY_DAYS);
        if length.nominal() > max {
            if near {
                self.skip(
                    e,
                    &format!(
                        "lasts longer than the {} days an entry may span",
                        crate::model::MAX_ENTRY_DAYS
                    ),
                );
            }
            return;
        }
        let z = &e.start.zone;
        if !recurring {
            let source = match &e.recurrence_id {
                Some(rid) => format!("ics:{}@{}", e.uid, rid_key(rid).unwrap_or_default()),
                None => format!("ics:{}", e.uid),
            };
            self.push(e, start, length, futures, source);
            return;
        }
        let wall0 = e.start.value.naive();
        let wlo = z.wall(lo.fixed_offset()) - length.nominal() - Duration::days(1);
        let whi = z.wall(hi.fixed_offset()) + Duration::days(1);
        let mut walls: BTreeSet<NaiveDateTime> = BTreeSet::new();
        walls.insert(wall0);
        for rule in &e.rrules {
            let to_wall = |n: NaiveDateTime| z.wall(n.and_utc().fixed_offset());
            match recur::walk(
                wall0,
                rule,
                wlo,
                whi,
                MAX_INSTANCES,
                &mut self.budget,
                &to_wall,
            ) {
                Ok(w) => {
                    if let Some(cut) = w.cut {
                        let reached = w.dates.last().map_or_else(
                            || "before the range".to_string(),
                            |d| format!("up to {}", d.format("%Y-%m-%d")),
                        );
                        match cut {
                            recur::Cut::Instances => self.found.notes.push(format!(
                                "\"{}\" repeats more than {MAX_INSTANCES} times in the range; only the first {MAX_INSTANCES} were read",
                                e.title
                            )),
                            recur::Cut::Series => self.found.notes.push(format!(
                                "\"{}\" was read only {reached}: its rule took more than {} steps from its start; give a --from/--to closer to its start",
                                e.title,
                                self.budget.per_series
                            )),
                            recur::Cut::Import => self.cut_by_import.push(e.title.clone()),
                        }
                    }
                    walls.extend(w.dates);
                }
                Err(m) => {
                    if near {
                        self.skip(e, &format!("its recurrence rule cannot be read ({m})"));
                    }
                    return;
                }
            }
        }
        let mut day_rdates = Vec::new();
        for rd in &e.rdates {
            match (rd.value, rd.instant()) {
                (Value::Date(d), _) => day_rdates.push(d),
                (_, Some(t)) => {
                    walls.insert(z.wall(t));
                }
                _ => {}
            }
        }
        let in_range: Vec<&NaiveDate> = day_rdates
            .iter()
            .filter(|d| {
                let t = self.settings.zone.day_start(**d);
                t >= lo && t < hi
            })
            .collect();
        if !in_range.is_empty() {
            let days: Vec<String> = in_range.iter().map(|d| d.to_string()).collect();
            self.skip(
                e,
                &format!(
                    "RDATE;VALUE=DATE {} names days, not times, in a series of timed meetings: those instances were not read",
                    days.join(",")
                ),
            );
        }
        let mut ex_instants = BTreeSet::new();
        let mut ex_dates = BTreeSet::new();
        for x in &e.exdates {
            match x.value {
                Value::Date(d) => {
                    ex_dates.insert(d);
                }
                _ => {
                    if let Some(t) = x.instant() {
                        ex_instants.insert(t.to_utc());
                    }
                }
            }
        }
        for w in walls {
            let Some(s) = z.instant(w) else { continue };
            if ex_instants.contains(&s.to_utc()) || ex_dates.contains(&w.date()) {
                continue;
            }
            let k = key(s);
            if self.overridden.contains(&(e.uid.clone(), k.clone())) {
                continue;
            }
            self.push(e, s, length, futures, format!("ics:{}@{k}", e.uid));
        }
    }

    /// One instance starting at `s` (before a THISANDFUTURE move).
    fn push(
        &mut self,
        e: &Event,
        s: DateTime<FixedOffset>,
        length: Length,
        futures: Option<&Vec<Future>>,
        source: String,
    ) {
        let length = e.rdate_lengths.get(&s.to_utc()).copied().unwrap_or(length);
        let future = futures
            .and_then(|f| f.iter().rev().find(|f| f.from <= s.to_utc()))
            .filter(|_| e.recurrence_id.is_none());
        let (s, length, title) = match future {
            Some(f) if f.length.nominal() > Duration::zero() => {
                match s.checked_add_signed(f.shift) {
                    Some(moved) => (moved, f.length, &f.title),
                    None => return,
                }
            }
            _ => (s, length, &e.title),
        };
        let Some(end) = add(s, length, &e.start.zone) else {
            return;
        };
        if in_window(s, self.lo, self.hi) && end > s {
            self.found.instances.push(Instance {
                start: s,
                end,
                title: title.clone(),
                source,
                one_on_one: e.one_on_one,
            });
        }
    }
}
