//! The balance engine: totals per side, activity and day for any period,
//! the technical share and its status, every broken rule, the rolling trend
//! and the streak. Pure functions of (entries, config, period, now).

pub mod forecast;
pub mod frame;
mod rules;
pub(crate) mod trend;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::config::{Boundaries, Config};
use crate::model::off::DaysOff;
use crate::model::{Entry, Month, Running, Side, WeekStart, Zone};

pub use rules::Violation;
pub use trend::{Rolling, Streak};

/// A range of local days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Period {
        Period { from, to }
    }

    pub fn day(d: NaiveDate) -> Period {
        Period { from: d, to: d }
    }

    /// The week holding `date`.
    pub fn week(date: NaiveDate, ws: WeekStart) -> Period {
        let from = ws.week_of(date);
        Period {
            from,
            to: from + Duration::days(6),
        }
    }

    pub fn month(m: Month) -> Period {
        Period {
            from: m.first_day(),
            to: m.last_day(),
        }
    }

    /// The instants the period covers: `[first midnight, midnight after)`.
    pub fn bounds(&self, zone: &Zone) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            zone.day_start(self.from),
            zone.day_start(self.to + Duration::days(1)),
        )
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        crate::model::time::days(self.from, self.to)
    }

    /// The whole weeks inside the period, by their first day.
    pub fn whole_weeks(&self, ws: WeekStart) -> Vec<NaiveDate> {
        let mut first = ws.week_of(self.from);
        if first < self.from {
            first += Duration::days(7);
        }
        std::iter::successors(Some(first), |w| Some(*w + Duration::days(7)))
            .take_while(|w| *w + Duration::days(6) <= self.to)
            .collect()
    }
}

/// Seconds per side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SideSeconds {
    pub technical: i64,
    pub management: i64,
    pub other: i64,
}

impl SideSeconds {
    pub fn add(&mut self, side: Side, secs: i64) {
        match side {
            Side::Technical => self.technical += secs,
            Side::Management => self.management += secs,
            Side::Other => self.other += secs,
        }
    }

    pub fn get(&self, side: Side) -> i64 {
        match side {
            Side::Technical => self.technical,
            Side::Management => self.management,
            Side::Other => self.other,
        }
    }

    pub fn total(&self) -> i64 {
        self.technical + self.management + self.other
    }

    /// technical / (technical + management); `None` when that sum is zero.
    pub fn share(&self) -> Option<f64> {
        let both = self.technical + self.management;
        (both > 0).then(|| self.technical as f64 / both as f64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A week whose workdays are all off: not judged.
    Off,
    /// A week holding too little of its expected time to judge its share.
    Incomplete,
    NoData,
    Balanced,
    DriftTechnical,
    DriftManagement,
}

impl Status {
    pub fn is_drift(self) -> bool {
        matches!(self, Status::DriftTechnical | Status::DriftManagement)
    }

    /// Whether a week with this status counts for a streak: `off` and
    /// `incomplete` weeks neither extend nor break one.
    pub fn is_judged(self) -> bool {
        !matches!(self, Status::Off | Status::Incomplete)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Off => "off",
            Status::Incomplete => "incomplete",
            Status::NoData => "no-data",
            Status::Balanced => "balanced",
            Status::DriftTechnical => "drift-technical",
            Status::DriftManagement => "drift-management",
        }
    }
}

/// The status of a share against a set: exactly at a band edge is balanced.
pub fn status_of(share: Option<f64>, b: &Boundaries) -> Status {
    // Compare with a little slack so that 0.3 is "at" 0.4 - 0.1 despite floats.
    const EPS: f64 = 1e-9;
    match share {
        None => Status::NoData,
        Some(s) if s > b.high() + EPS => Status::DriftTechnical,
        Some(s) if s < b.low() - EPS => Status::DriftManagement,
        Some(_) => Status::Balanced,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    pub technical_share: f64,
    pub tolerance: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityTotal {
    pub activity: String,
    pub side: Side,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayTotal {
    pub date: NaiveDate,
    pub technical: i64,
    pub management: i64,
    pub other: i64,
}

impl DayTotal {
    pub fn sides(&self) -> SideSeconds {
        SideSeconds {
            technical: self.technical,
            management: self.management,
            other: self.other,
        }
    }
}

/// Everything a report says about a period (the JSON of SPEC §5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub seconds: SideSeconds,
    pub technical_share: Option<f64>,
    pub target: Target,
    pub status: Status,
    pub flagged: bool,
    pub focus_blocks: u32,
    /// The focus blocks the week asks for (scaled by its days off), for a
    /// period that is one week with a minimum set: "5 of 3" on screen.
    #[serde(skip)]
    pub focus_blocks_asked: Option<u32>,
    pub violations: Vec<Violation>,
    pub by_activity: Vec<ActivityTotal>,
    pub by_day: Vec<DayTotal>,
    /// The time expected of the period's workdays that are not off.
    pub expected_seconds: i64,
    /// The period's workdays that are off.
    pub days_off: Vec<NaiveDate>,
}

/// Count the running timer as an entry that ends `now`, so every figure
/// includes it the same way (nothing when it starts later than `now`).
pub fn count_running(
    entries: &mut Vec<Entry>,
    running: Option<&Running>,
    now: DateTime<FixedOffset>,
) {
    if let Some(r) = running
        && now > r.start
    {
        entries.push(r.finish(now));
    }
}

/// A period's verdict in brief, for one-line status (`keel status`, the
/// TUI status line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub seconds: SideSeconds,
    pub technical_share: Option<f64>,
    pub status: Status,
    pub flagged: bool,
    pub violations: usize,
    /// The time expected of the period's workdays not off.
    pub expected_seconds: i64,
    #[serde(skip)]
    pub target: Target,
}

impl Summary {
    pub fn brief(&self) -> Brief {
        Brief {
            from: self.from,
            to: self.to,
            seconds: self.seconds,
            technical_share: self.technical_share,
            status: self.status,
            flagged: self.flagged,
            violations: self.violations.len(),
            expected_seconds: self.expected_seconds,
            target: self.target,
        }
    }
}

/// Totals of a period without the rules: cheap, for trends.
pub fn totals(
    entries: &[Entry],
    cfg: &Config,
    period: Period,
) -> (SideSeconds, Vec<DayTotal>, Vec<ActivityTotal>) {
    let zone = &cfg.zone;
    let dates: Vec<NaiveDate> = period.days().collect();
    // The local midnights bounding each day, computed once: an entry is then
    // split by searching these instants rather than asking the zone again.
    let mut edges: Vec<DateTime<Utc>> = dates.iter().map(|d| zone.day_start(*d)).collect();
    edges.push(zone.day_start(period.to + Duration::days(1)));
    let (from, to) = (edges[0], edges[edges.len() - 1]);
    let mut days = vec![SideSeconds::default(); dates.len()];
    let mut acts: BTreeMap<&str, i64> = BTreeMap::new();
    let mut sum = SideSeconds::default();
    for e in entries {
        let (s, t) = (e.start_utc(), e.end_utc());
        if t <= from || s >= to {
            continue;
        }
        let side = cfg.side_of(&e.activity);
        let mut i = edges.partition_point(|x| *x <= s).saturating_sub(1);
        let mut total = 0;
        while i < days.len() && edges[i] < t {
            let secs = (t.min(edges[i + 1]) - s.max(edges[i])).num_seconds().max(0);
            days[i].add(side, secs);
            total += secs;
            i += 1;
        }
        if total > 0 {
            sum.add(side, total);
            *acts.entry(e.activity.as_str()).or_default() += total;
        }
    }
    let by_day = dates
        .into_iter()
        .zip(days)
        .map(|(date, s)| DayTotal {
            date,
            technical: s.technical,
            management: s.management,
            other: s.other,
        })
        .collect();
    let mut by_activity: Vec<ActivityTotal> = acts
        .into_iter()
        .filter(|(_, s)| *s > 0)
        .map(|(a, seconds)| ActivityTotal {
            activity: a.to_string(),
            side: cfg.side_of(a),
            seconds,
        })
        .collect();
    by_activity.sort_by(|a, b| {
        b.seconds
            .cmp(&a.seconds)
            .then_with(|| a.activity.cmp(&b.activity))
    });
    (sum, by_day, by_activity)
}

/// The full account of a period: totals, share, status, violations.
/// `now` decides which weekly minimums can already be judged.
/// A week (a period from a week's first day to its last) is judged as a
/// week: `off`, `incomplete`, scaled minimums. `off` are the days off.
pub fn summarize(
    entries: &[Entry],
    cfg: &Config,
    off: &DaysOff,
    period: Period,
    now: DateTime<Utc>,
) -> Summary {
    let (seconds, by_day, by_activity) = totals(entries, cfg, period);
    let set = cfg.boundaries_on(period.from);
    let share = seconds.share();
    let fr = frame::frame(cfg, off, period);
    let week = frame::is_week(cfg, period);
    let status = if week {
        frame::week_status(&seconds, &fr, cfg, period.from)
    } else {
        status_of(share, set)
    };
    let (violations, focus_blocks) = rules::violations(entries, cfg, off, period, &by_day, now);
    Summary {
        from: period.from,
        to: period.to,
        seconds,
        technical_share: share.map(|s| (s * 10_000.0).round() / 10_000.0),
        target: Target {
            technical_share: set.technical_share,
            tolerance: set.tolerance,
        },
        status,
        flagged: status.is_drift() || !violations.is_empty(),
        focus_blocks,
        focus_blocks_asked: week.then(|| rules::focus_asked(set, &fr)).flatten(),
        violations,
        by_activity,
        by_day,
        expected_seconds: fr.expected_seconds,
        days_off: fr.days_off,
    }
}

#[cfg(test)]
mod tests;
