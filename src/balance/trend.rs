//! Beyond one week: the rolling status over the last `window_weeks` weeks,
//! the streak of weeks that drifted the same way, the week-by-week trend and
//! its longest drifting runs.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::frame::{self, frame};
use super::{Period, SideSeconds, Status, status_of, totals};
use crate::config::Config;
use crate::model::Entry;
use crate::model::off::DaysOff;
use crate::model::time::week_number;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rolling {
    pub status: Status,
    pub technical_share: Option<f64>,
    pub weeks: u32,
}

/// How many consecutive weeks, up to the current one, drifted the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub weeks: u32,
    pub status: Status,
}

/// The rolling status over the window of the set in force in the week that
/// starts `week`: the last `window_weeks` weeks that are not off, ending
/// with that week (looking back at most a year past the window).
pub fn rolling(entries: &[Entry], cfg: &Config, off: &DaysOff, week: NaiveDate) -> Rolling {
    let set = cfg.boundaries_on(week);
    let weeks = set.window_weeks.max(1);
    let mut sum = SideSeconds::default();
    let mut counted = 0;
    let mut w = week;
    let oldest = week - Duration::weeks(i64::from(weeks) + 52);
    while counted < weeks && w > oldest {
        let period = Period::new(w, w + Duration::days(6));
        if !frame(cfg, off, period).all_off() {
            let (s, _, _) = totals(entries, cfg, period);
            sum.technical += s.technical;
            sum.management += s.management;
            sum.other += s.other;
            counted += 1;
        }
        w -= Duration::weeks(1);
    }
    let share = sum.share();
    Rolling {
        status: status_of(share, set),
        technical_share: share.map(|s| (s * 10_000.0).round() / 10_000.0),
        weeks,
    }
}

/// The status of the week starting `week`, judged by its own set.
pub fn week_status(entries: &[Entry], cfg: &Config, off: &DaysOff, week: NaiveDate) -> Status {
    let period = Period::new(week, week + Duration::days(6));
    let (sum, _, _) = totals(entries, cfg, period);
    frame::week_status(&sum, &frame(cfg, off, period), cfg, week)
}

/// The streak from week statuses, newest (the current week) first. Weeks
/// that are `off` or `incomplete` are skipped: they neither extend nor
/// break a streak.
pub fn streak(statuses: impl IntoIterator<Item = Status>) -> Streak {
    let mut it = statuses.into_iter().filter(|s| s.is_judged());
    let Some(first) = it.next() else {
        return Streak {
            weeks: 0,
            status: Status::NoData,
        };
    };
    if !first.is_drift() {
        return Streak {
            weeks: 0,
            status: first,
        };
    }
    let n = 1 + it.take_while(|s| *s == first).count() as u32;
    Streak {
        weeks: n,
        status: first,
    }
}

/// The streak counted over `entries`, looking back at most `max_weeks`.
/// Returns the streak and whether it reached that limit (the caller may then
/// load more history and ask again).
pub fn streak_over(
    entries: &[Entry],
    cfg: &Config,
    off: &DaysOff,
    week: NaiveDate,
    max_weeks: u32,
) -> (Streak, bool) {
    let statuses: Vec<Status> = (0..max_weeks)
        .map(|i| week_status(entries, cfg, off, week - Duration::weeks(i64::from(i))))
        .collect();
    let s = streak(statuses.iter().copied());
    // The streak may go on past the weeks looked at when every judged week
    // among them drifted its way.
    let judged = statuses.iter().filter(|s| s.is_judged()).count() as u32;
    (s, s.weeks > 0 && s.weeks >= judged)
}

/// A week's first day for `now`, in the config's zone and week start.
pub fn current_week(cfg: &Config, now: DateTime<Utc>) -> NaiveDate {
    cfg.week_start.week_of(cfg.zone.date_of(now))
}

/// The furthest back a streak is counted, in weeks (ten years). Both faces
/// count with this one limit.
pub const MAX_STREAK_WEEKS: u32 = 520;

/// One week of the trend: its totals and its status by its own set.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPoint {
    pub start: NaiveDate,
    pub number: u32,
    pub seconds: SideSeconds,
    pub status: Status,
    /// The band of the set in force that week.
    pub band: (f64, f64),
}

/// The longest run of weeks that drifted one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub status: Status,
    pub weeks: u32,
    pub from: NaiveDate,
}

/// Totals and status of each week from `first` to `last` (first days),
/// over entries sorted by start.
pub fn weeks(
    sorted: &[Entry],
    cfg: &Config,
    off: &DaysOff,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<WeekPoint> {
    let mut out = Vec::new();
    let mut w = first;
    while w <= last {
        let period = Period::new(w, w + Duration::days(6));
        let (lo, hi) = period.bounds(&cfg.zone);
        // No entry lasts longer than MAX_ENTRY_DAYS: start from those that
        // began that long before the week.
        let reach = Duration::days(crate::model::MAX_ENTRY_DAYS + 1);
        let a = sorted.partition_point(|e| e.start_utc() < lo - reach);
        let b = sorted.partition_point(|e| e.start_utc() < hi);
        let (sums, _, _) = totals(&sorted[a..b], cfg, period);
        let set = cfg.boundaries_on(w);
        out.push(WeekPoint {
            start: w,
            number: week_number(w, cfg.week_start),
            seconds: sums,
            status: frame::week_status(&sums, &frame(cfg, off, period), cfg, w),
            band: (set.low(), set.high()),
        });
        w += Duration::weeks(1);
    }
    out
}

/// The longest run of weeks drifting each way (the latest of equal runs).
/// Weeks that are `off` or `incomplete` neither extend nor break a run.
pub fn longest_runs(points: &[WeekPoint]) -> Vec<Run> {
    let judged: Vec<&WeekPoint> = points.iter().filter(|p| p.status.is_judged()).collect();
    let points = judged.as_slice();
    let mut out = Vec::new();
    for status in [Status::DriftManagement, Status::DriftTechnical] {
        let mut best: Option<Run> = None;
        let mut i = 0;
        while i < points.len() {
            if points[i].status != status {
                i += 1;
                continue;
            }
            let j = (i..points.len())
                .find(|&j| points[j].status != status)
                .unwrap_or(points.len());
            let run = Run {
                status,
                weeks: (j - i) as u32,
                from: points[i].start,
            };
            if best.is_none_or(|b| run.weeks >= b.weeks) {
                best = Some(run);
            }
            i = j;
        }
        out.extend(best);
    }
    out
}
