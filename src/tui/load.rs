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
    // Shown in the zone the user is in now, wherever they were logged.
    let entries: Vec<_> = loaded.entries.into_iter().map(|e| ctx.shown(e)).collect();
    let running = ctx.store.running()?.map(|r| r.shown_in(&cfg.zone));
    let this_week = ctx.this_week();

    let (view, week_warnings) = app::week_view(ctx, week)?;
    // An activity key that would hide a command is left unbound: said first.
    let mut warnings: Vec<String> = super::keymap::unbound_warning(cfg).into_iter().collect();
    warnings.extend(week_warnings);
    let forecast = if week >= this_week {
        Some(app::plan::forecast_for_screen(ctx, week, &mut warnings)?)
    } else {
        None
    };
    let booked = booked_on(ctx, day, week, forecast.as_ref(), &mut warnings)?;
    let mut ended = app::plan::ended_on(ctx, day, &mut warnings);
    // An event already imported (and moved since) is not offered twice.
    ended.retain(|e| {
        !entries
            .iter()
            .any(|x| x.source.is_some() && x.source == e.source)
    });
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
        entries,
        running,
        booked,
        ended,
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

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use crate::app::Ctx;
    use crate::config::Config;
    use crate::model::{Entry, Zone};
    use crate::store::Store;

    /// Issue 10 item 5: after a flight from New York to Berlin, the day's
    /// entries and the running timer read in Berlin time on Today.
    #[test]
    fn today_shows_entries_logged_elsewhere_in_the_zone_the_user_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let mut config = Config::builtin();
        config.zone = Zone::parse("Europe/Berlin").unwrap();
        let ctx = Ctx {
            config,
            store: Store::new(dir.path().join("data")),
            config_path: dir.path().join("config.toml"),
            now: t("2026-11-27T10:00:00+01:00").to_utc(),
        };
        let ny = Entry::new(
            t("2026-11-26T20:00:00-05:00"),
            t("2026-11-26T21:00:00-05:00"),
            "coding",
        );
        crate::app::log(&ctx, ny).unwrap();
        crate::app::start(
            &ctx,
            "review",
            None,
            Vec::new(),
            Some(t("2026-11-27T02:30:00-05:00")),
        )
        .unwrap();
        let s = crate::tui::initial_state(&ctx).unwrap();
        assert_eq!(
            s.data.entries[0].start.to_rfc3339(),
            "2026-11-27T02:00:00+01:00"
        );
        let screen = crate::tui::tests::screen(&s, 120, 35);
        assert!(screen.contains("02:00–03:00"), "{screen}");
        assert!(screen.contains("08:30–now"), "{screen}");
        assert!(!screen.contains("20:00"), "{screen}");
    }
}
