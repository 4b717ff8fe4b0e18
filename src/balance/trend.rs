//! Beyond one week: the rolling status over the last `window_weeks` weeks,
//! the streak of weeks that drifted the same way, the week-by-week trend and
//! its longest drifting runs.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::{Period, SideSeconds, Status, status_of, totals};
use crate::config::Config;
use crate::model::Entry;
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
/// starts `week` (the window ends with that week).
pub fn rolling(entries: &[Entry], cfg: &Config, week: NaiveDate) -> Rolling {
    let set = cfg.boundaries_on(week);
    let weeks = set.window_weeks.max(1);
    let from = week - Duration::weeks(i64::from(weeks) - 1);
    let (sum, _, _) = totals(entries, cfg, Period::new(from, week + Duration::days(6)));
    let share = sum.share();
    Rolling {
        status: status_of(share, set),
        technical_share: share.map(|s| (s * 10_000.0).round() / 10_000.0),
        weeks,
    }
}

/// The status of the week starting `week`, judged by its own set.
pub fn week_status(entries: &[Entry], cfg: &Config, week: NaiveDate) -> Status {
    let (sum, _, _) = totals(entries, cfg, Period::new(week, week + Duration::days(6)));
    status_of(sum.share(), cfg.boundaries_on(week))
}

/// The streak from week statuses, newest (the current week) first.
pub fn streak(statuses: impl IntoIterator<Item = Status>) -> Streak {
    let mut it = statuses.into_iter();
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
    week: NaiveDate,
    max_weeks: u32,
) -> (Streak, bool) {
    let statuses: Vec<Status> = (0..max_weeks)
        .map(|i| week_status(entries, cfg, week - Duration::weeks(i64::from(i))))
        .collect();
    let s = streak(statuses.iter().copied());
    (s, s.weeks >= max_weeks)
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
pub fn weeks(sorted: &[Entry], cfg: &Config, first: NaiveDate, last: NaiveDate) -> Vec<WeekPoint> {
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
            status: status_of(sums.share(), set),
            band: (set.low(), set.high()),
        });
        w += Duration::weeks(1);
    }
    out
}

/// The longest run of weeks drifting each way (the latest of equal runs).
pub fn longest_runs(points: &[WeekPoint]) -> Vec<Run> {
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
