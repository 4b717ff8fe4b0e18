//! What a period is judged against: its workdays, which of them are off,
//! and the time expected of it — and from those, the verdict on a week that
//! is off or holds too little to judge (SPEC §4).

use chrono::{Datelike, Duration, NaiveDate};

use super::{Period, SideSeconds, Status, status_of};
use crate::config::Config;
use crate::model::off::DaysOff;

/// The workdays of a period and the time expected of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    /// The period's workdays (by `[workday] days`).
    pub workdays: u32,
    /// Those of them that are off, in order.
    pub days_off: Vec<NaiveDate>,
    /// The time expected of the workdays not off: `expected_hours_per_day`
    /// (by default the workday's length) of the set in force each week.
    pub expected_seconds: i64,
}

impl Frame {
    /// Workdays that are not off.
    pub fn working(&self) -> u32 {
        self.workdays - self.days_off.len() as u32
    }

    /// Every workday is off (and there is at least one).
    pub fn all_off(&self) -> bool {
        self.workdays > 0 && self.working() == 0
    }

    /// The share of the workdays that are not off: what weekly minimums
    /// scale by. 1 when the period has no workdays at all.
    pub fn scale(&self) -> f64 {
        if self.workdays == 0 {
            1.0
        } else {
            f64::from(self.working()) / f64::from(self.workdays)
        }
    }
}

/// The workday's length in seconds, the default expected time of a day.
fn workday_seconds(cfg: &Config) -> i64 {
    (cfg.workday.end - cfg.workday.start).num_seconds().max(0)
}

pub fn frame(cfg: &Config, off: &DaysOff, period: Period) -> Frame {
    let ws = cfg.week_start;
    let mut f = Frame::default();
    for d in period.days() {
        if !cfg.workday.days.contains(&d.weekday()) {
            continue;
        }
        f.workdays += 1;
        if off.contains(d) {
            f.days_off.push(d);
            continue;
        }
        let set = cfg.boundaries_on(ws.week_of(d));
        f.expected_seconds += set
            .expected_hours_per_day
            .map_or_else(|| workday_seconds(cfg), |h| (h * 3600.0).round() as i64);
    }
    f
}

/// Whether `period` is exactly one week.
pub fn is_week(cfg: &Config, period: Period) -> bool {
    cfg.week_start.week_of(period.from) == period.from
        && period.to == period.from + Duration::days(6)
}

/// The verdict on the week starting `week` that logged `sum`: `off` when
/// its workdays are all off, `no-data` with no technical or management
/// time, `incomplete` below `min_logged_fraction` of its expected time,
/// else the share against the band.
pub fn week_status(sum: &SideSeconds, f: &Frame, cfg: &Config, week: NaiveDate) -> Status {
    let set = cfg.boundaries_on(week);
    let share = sum.share();
    if f.all_off() {
        Status::Off
    } else if share.is_none() {
        Status::NoData
    } else if (sum.total() as f64) < set.min_logged_fraction * f.expected_seconds as f64 {
        Status::Incomplete
    } else {
        status_of(share, set)
    }
}
