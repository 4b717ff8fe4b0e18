//! Beyond one week: the rolling status over the last `window_weeks` weeks and
//! the streak of weeks that drifted the same way.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::{Period, Status, status_of, totals};
use crate::config::Config;
use crate::model::Entry;

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
