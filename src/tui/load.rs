//! Reading what the screens show, through the library (`app`, `balance`,
//! `store`): the status line, the day, the viewed week and the trend. Called
//! by the event loop only; the result goes into the state as `Loaded`.
//! Every figure here is the balance engine's; nothing is summed on the way.

use chrono::{Duration, NaiveDate};

use super::state::{Data, WeekData};
use crate::Result;
use crate::app::{self, Ctx};
use crate::balance::forecast::{Forecast, Slot};
use crate::balance::trend;

/// Weeks of trend read: enough for a 300-column terminal.
pub const TREND_WEEKS: i64 = 104;

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

    let (view, mut warnings) = app::week_view(ctx, week)?;
    let forecast = if week >= this_week {
        Some(app::plan::forecast_for_screen(ctx, week, &mut warnings)?)
    } else {
        None
    };
    let booked = booked_on(ctx, day, week, forecast.as_ref(), &mut warnings)?;
    let week_data = WeekData {
        summary: view.summary,
        number: view.number,
        rolling: view.rolling,
        streak: view.streak,
        review: ctx.store.reviews()?.get(&week).cloned(),
        forecast,
    };

    let mut points = Vec::new();
    let mut w2 = Vec::new();
    if depth == Depth::Full {
        let first = this_week - Duration::weeks(TREND_WEEKS - 1);
        let all;
        (all, w2) = app::entries_with_running(ctx, first, this_week + Duration::days(6))?;
        let mut all = all;
        crate::model::sort(&mut all);
        points = trend::weeks(&all, cfg, &ctx.days_off()?, first, this_week);
    }
    for w in w2.into_iter().chain(loaded.warnings) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    let longest = trend::longest_runs(&points);
    let config_text = match std::fs::read_to_string(&ctx.config_path) {
        Ok(t) => t,
        Err(_) => crate::config::DEFAULT_TOML.to_string(),
    };
    let day_off = ctx
        .store
        .time_off()?
        .into_iter()
        .find(|r| r.from <= day && day <= r.to)
        .map(|r| r.note);
    Ok(Data {
        config: cfg.clone(),
        config_text,
        status: Some(status),
        day,
        entries: loaded.entries,
        running,
        booked,
        day_off,
        week: Some(week_data),
        trend: points,
        longest,
        warnings,
    })
}

/// The booked time of `day` still ahead: from the viewed week's forecast
/// when the day is in it, else from its own week's (nothing for a past day).
fn booked_on(
    ctx: &Ctx,
    day: NaiveDate,
    week: NaiveDate,
    forecast: Option<&Forecast>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Slot>> {
    if day < ctx.today() || ctx.config.calendars.is_empty() {
        return Ok(Vec::new());
    }
    let day_week = ctx.config.week_start.week_of(day);
    let own;
    let f = match forecast {
        Some(f) if day_week == week => f,
        _ => {
            own = app::plan::forecast_for_screen(ctx, day_week, warnings)?;
            &own
        }
    };
    let (from, to) = crate::balance::Period::day(day).bounds(&ctx.config.zone);
    Ok(f.booked
        .iter()
        .filter(|b| b.end > from && b.start < to)
        .cloned()
        .collect())
}
