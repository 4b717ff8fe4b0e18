//! Reading what the screens show, through the library (`app`, `balance`,
//! `store`): the status line, the day, the viewed week and the trend. Called
//! by the event loop only; the result goes into the state as `Loaded`.

use chrono::{Duration, NaiveDate};

use super::state::{Data, Run, WeekData, WeekPoint};
use crate::Result;
use crate::app::{self, Ctx};
use crate::balance::{self, Period, Status, trend};
use crate::model::Entry;
use crate::model::time::week_number;

/// Weeks of trend read: enough for a 300-column terminal.
pub const TREND_WEEKS: i64 = 104;
/// Weeks read before the viewed week for its rolling status and streak.
const LOOKBACK_WEEKS: i64 = 12;

/// What to read: the trend (two years of files) is left for after the
/// first frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The status line, the day and the viewed week.
    Quick,
    /// And the trend.
    Full,
}

pub fn load(ctx: &Ctx, day: NaiveDate, week: NaiveDate, depth: Depth) -> Result<Data> {
    let cfg = &ctx.config;
    let status = app::status(ctx)?;
    let loaded = ctx.store.load(day, day, &cfg.zone)?;
    let running = ctx.store.running()?;
    let this_week = ctx.this_week();

    let from = week - Duration::weeks(LOOKBACK_WEEKS - 1);
    let (entries, mut warnings) = app::entries_with_running(ctx, from, week + Duration::days(6))?;
    let period = Period::new(week, week + Duration::days(6));
    let week_data = WeekData {
        summary: balance::summarize(&entries, cfg, period, ctx.now),
        number: week_number(week, cfg.week_start),
        rolling: trend::rolling(&entries, cfg, week),
        streak: trend::streak_over(&entries, cfg, week, LOOKBACK_WEEKS as u32).0,
        review: ctx.store.reviews()?.get(&week).cloned(),
    };

    let mut trend = Vec::new();
    let mut w2 = Vec::new();
    if depth == Depth::Full {
        let first = this_week - Duration::weeks(TREND_WEEKS - 1);
        let all;
        (all, w2) = app::entries_with_running(ctx, first, this_week + Duration::days(6))?;
        let mut all = all;
        crate::model::sort(&mut all);
        trend = weeks(&all, ctx, first, this_week);
    }
    for w in w2.into_iter().chain(loaded.warnings) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    let longest = longest_runs(&trend);
    let config_text = match std::fs::read_to_string(&ctx.config_path) {
        Ok(t) => t,
        Err(_) => crate::config::DEFAULT_TOML.to_string(),
    };
    Ok(Data {
        config: cfg.clone(),
        config_text,
        status: Some(status),
        day,
        entries: loaded.entries,
        running,
        week: Some(week_data),
        trend,
        longest,
        warnings,
    })
}

/// Totals and status of each week from `first` to `last` (first days),
/// over entries sorted by start.
fn weeks(sorted: &[Entry], ctx: &Ctx, first: NaiveDate, last: NaiveDate) -> Vec<WeekPoint> {
    let cfg = &ctx.config;
    let mut out = Vec::new();
    let mut w = first;
    while w <= last {
        let period = Period::new(w, w + Duration::days(6));
        let (lo, hi) = period.bounds(&cfg.zone);
        // Entries last at most a week: start from those a week before.
        let a = sorted.partition_point(|e| e.start_utc() < lo - Duration::days(8));
        let b = sorted.partition_point(|e| e.start_utc() < hi);
        let (sums, _, _) = balance::totals(&sorted[a..b], cfg, period);
        let set = cfg.boundaries_on(w);
        out.push(WeekPoint {
            start: w,
            number: week_number(w, cfg.week_start),
            seconds: sums,
            status: balance::status_of(sums.share(), set),
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
