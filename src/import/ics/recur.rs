//! Recurrence expansion with the `rrule` crate, in wall-clock time: RFC 5545
//! repeats an event at the same local time in its own zone, so the rule runs
//! over naive times (written as UTC, which has no DST) and each instance is
//! placed in its zone afterwards.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};

use super::values;

fn utc(n: NaiveDateTime) -> DateTime<Tz> {
    Tz::UTC.from_utc_datetime(&n)
}

/// Rewrite `UNTIL` so it is a wall-clock time like the rest: given in UTC
/// it becomes the zone's wall clock (`to_wall`).
fn normalize(rule: &str, to_wall: &dyn Fn(NaiveDateTime) -> NaiveDateTime) -> String {
    rule.trim()
        .trim_end_matches(';')
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|part| {
            let Some((k, v)) = part.split_once('=') else {
                return part.to_string();
            };
            if !k.trim().eq_ignore_ascii_case("UNTIL") {
                return part.to_string();
            }
            let n = match values::parse(v) {
                Some(values::Value::Utc(n)) => to_wall(n),
                Some(values::Value::Floating(n)) => n,
                // Invalid with a DATE-TIME start (RFC 5545 §3.3.10); read as
                // that day's midnight, as the reference implementation does.
                Some(values::Value::Date(d)) => d.and_time(chrono::NaiveTime::MIN),
                None => return part.to_string(),
            };
            format!("UNTIL={}", n.format("%Y%m%dT%H%M%SZ"))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// How much recurrence work an import may do. The `rrule` crate walks a
/// series from its DTSTART, so a rule can cost far more than the instances
/// it keeps: every step is counted, per series and for the whole import.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Steps one series may take.
    pub per_series: u64,
    /// Steps the rest of the import may take.
    pub left: u64,
}

impl Budget {
    /// A series walks at most this many dates.
    pub const PER_SERIES: u64 = 200_000;
    /// An import walks at most this many dates over all its series.
    pub const PER_IMPORT: u64 = 2_000_000;

    pub fn new() -> Budget {
        Budget {
            per_series: Budget::PER_SERIES,
            left: Budget::PER_IMPORT,
        }
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new()
    }
}

/// Why a walk stopped before the end of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// More instances in the window than are kept.
    Instances,
    /// The series took its share of steps.
    Series,
    /// The import's steps ran out.
    Import,
}

/// The wall-clock starts of a rule within a window, and whether the walk
/// was cut short.
#[derive(Debug, Default)]
pub struct Walk {
    pub dates: Vec<NaiveDateTime>,
    pub cut: Option<Cut>,
    pub steps: u64,
}

/// The wall-clock starts of `rule` from `dtstart` within `[lo, hi]`, at most
/// `limit` of them (for VTIMEZONE rules: a generous budget of its own).
pub fn naive_instances(
    dtstart: NaiveDateTime,
    rule: &str,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
    limit: u16,
) -> Result<Vec<NaiveDateTime>, String> {
    let mut b = Budget::new();
    walk(dtstart, rule, lo, hi, usize::from(limit), &mut b, &|n| n).map(|w| w.dates)
}

/// Walk `rule` from `dtstart`, keeping the starts within `[lo, hi]` (at
/// most `keep`), spending at most the budget's steps. Rules that repeat
/// faster than every minute are refused: a calendar has no use for them and
/// they cost 60 times the work of a MINUTELY one.
pub fn walk(
    dtstart: NaiveDateTime,
    rule: &str,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
    keep: usize,
    budget: &mut Budget,
    until_to_wall: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Walk, String> {
    let mut out = Walk::default();
    if hi < lo {
        return Ok(out);
    }
    let rule = normalize(rule, until_to_wall);
    let r: RRule<Unvalidated> = rule.parse().map_err(|e| format!("RRULE `{rule}`: {e}"))?;
    if r.get_freq() == Frequency::Secondly {
        return Err(format!(
            "RRULE `{rule}` repeats every second; keel reads rules no finer than FREQ=MINUTELY"
        ));
    }
    let ahead = skip_ahead(&r, dtstart, lo);
    let (start, r) = match r.clone().validate(utc(ahead)) {
        Ok(v) if ahead != dtstart => (ahead, v),
        _ => (
            dtstart,
            r.validate(utc(dtstart))
                .map_err(|e| format!("RRULE `{rule}`: {e}"))?,
        ),
    };
    let set = RRuleSet::new(utc(start)).rrule(r).limit();
    let cap = budget.per_series.min(budget.left);
    for d in &set {
        if out.steps >= cap {
            out.cut = Some(if cap < budget.per_series {
                Cut::Import
            } else {
                Cut::Series
            });
            break;
        }
        out.steps += 1;
        let n = d.with_timezone(&Utc).naive_utc();
        if n > hi {
            break;
        }
        if n >= lo {
            if out.dates.len() >= keep {
                out.cut = Some(Cut::Instances);
                break;
            }
            out.dates.push(n);
        }
    }
    budget.left -= out.steps;
    Ok(out)
}

/// A later start for the walk that gives the same instances from `lo` on:
/// for a rule with no COUNT and a fixed period (MINUTELY to WEEKLY), whole
/// periods of INTERVAL can be skipped, so a daily meeting set up in 2009 or
/// a minutely rule from 1990 does not walk every day since.
fn skip_ahead(r: &RRule<Unvalidated>, dtstart: NaiveDateTime, lo: NaiveDateTime) -> NaiveDateTime {
    if r.get_count().is_some() || lo <= dtstart {
        return dtstart;
    }
    let unit = match r.get_freq() {
        Frequency::Minutely => chrono::Duration::minutes(1),
        Frequency::Hourly => chrono::Duration::hours(1),
        Frequency::Daily => chrono::Duration::days(1),
        Frequency::Weekly => chrono::Duration::weeks(1),
        _ => return dtstart,
    };
    let period = unit * i32::from(r.get_interval().max(1));
    // Stay a period and a week short of `lo`: BYxxx parts may place an
    // instance of a period before its start (a week by WKST).
    let gap = lo - dtstart - period - chrono::Duration::weeks(1);
    if gap <= chrono::Duration::zero() {
        return dtstart;
    }
    let periods = gap.num_seconds() / period.num_seconds();
    dtstart + period * i32::try_from(periods).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_series_is_cut_at_its_share_of_steps_and_says_so() {
        let mut b = Budget {
            per_series: 1000,
            left: 10_000,
        };
        // COUNT keeps the walk from skipping ahead: it must count from DTSTART.
        let w = walk(
            at("2020-01-01 09:00"),
            "FREQ=MINUTELY;COUNT=900000",
            at("2026-11-01 00:00"),
            at("2026-12-01 00:00"),
            5000,
            &mut b,
            &|n| n,
        )
        .unwrap();
        assert_eq!(w.cut, Some(Cut::Series));
        assert_eq!(w.steps, 1000);
        assert!(w.dates.is_empty());
        assert_eq!(b.left, 9000);
    }

    #[test]
    fn the_import_budget_is_shared_by_every_series() {
        let mut b = Budget {
            per_series: 1000,
            left: 1500,
        };
        let rule = "FREQ=MINUTELY;COUNT=900000";
        let (lo, hi) = (at("2026-11-01 00:00"), at("2026-12-01 00:00"));
        let one = walk(at("2020-01-01 09:00"), rule, lo, hi, 10, &mut b, &|n| n).unwrap();
        let two = walk(at("2020-01-01 09:00"), rule, lo, hi, 10, &mut b, &|n| n).unwrap();
        assert_eq!((one.cut, two.cut), (Some(Cut::Series), Some(Cut::Import)));
        assert_eq!(b.left, 0);
        let three = walk(at("2020-01-01 09:00"), rule, lo, hi, 10, &mut b, &|n| n).unwrap();
        assert_eq!((three.steps, three.cut), (0, Some(Cut::Import)));
    }

    #[test]
    fn secondly_is_refused_with_a_reason() {
        let mut b = Budget::new();
        let e = walk(
            at("2026-11-02 09:00"),
            "FREQ=SECONDLY",
            at("2026-11-01 00:00"),
            at("2026-12-01 00:00"),
            10,
            &mut b,
            &|n| n,
        )
        .unwrap_err();
        assert!(e.contains("no finer than FREQ=MINUTELY"), "{e}");
    }

    #[test]
    fn an_old_series_skips_ahead_to_the_same_instances() {
        // A weekly Mon/Wed rule every 2 weeks from 2009: the instances of
        // November 2026 are those the full walk finds, in a few steps.
        let rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE";
        let (lo, hi) = (at("2026-11-01 00:00"), at("2026-12-01 00:00"));
        let mut b = Budget::new();
        let fast = walk(at("2009-03-02 09:00"), rule, lo, hi, 100, &mut b, &|n| n).unwrap();
        let full = walk(
            at("2009-03-02 09:00"),
            &format!("{rule};COUNT=100000"),
            lo,
            hi,
            100,
            &mut Budget::new(),
            &|n| n,
        )
        .unwrap();
        assert_eq!(fast.dates, full.dates);
        assert!(fast.steps < 20, "{}", fast.steps);
        let want: Vec<NaiveDateTime> = [
            "2026-11-02",
            "2026-11-04",
            "2026-11-16",
            "2026-11-18",
            "2026-11-30",
        ]
        .iter()
        .map(|d| at(&format!("{d} 09:00")))
        .collect();
        assert_eq!(fast.dates, want);
    }
}
