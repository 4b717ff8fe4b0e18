//! The forecast both faces show: `keel plan`, the pacing of `keel status`
//! and the TUI. Reads the week's log and the events booked in calendars,
//! and hands them to [`balance::forecast`]. Writes nothing.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Ctx, entries_with_running};
use crate::Result;
use crate::balance::Period;
use crate::balance::forecast::{self, Booked, Forecast, Pace};
use crate::calendar;
use crate::model::Entry;
use crate::model::off::{DaysOff, Off};

/// The forecast of the week starting `week`, with the events booked in the
/// configured calendars and the calendar files (or directories of .ics
/// files) `extra`; and warnings about what was read.
pub fn plan(ctx: &Ctx, week: NaiveDate, extra: &[PathBuf]) -> Result<(Forecast, Vec<String>)> {
    let period = Period::week(week, ctx.config.week_start);
    let (wfrom, wto) = period.bounds(&ctx.config.zone);
    let cal = booked_in(ctx, extra, ahead(ctx, wfrom, wto), wto)?;
    let (entries, warnings) = entries_with_running(ctx, period.from, period.to)?;
    let off = days_off(ctx, &cal.days_off)?;
    let f = forecast::forecast(&entries, &cal.booked, &ctx.config, &off, period, ctx.now);
    Ok((f, warnings))
}

/// The pacing of the week starting `week` from entries already read, with
/// the configured calendars; when one cannot be read, a warning and the
/// pacing without calendars (free time is then the workday time left).
pub fn pace(
    ctx: &Ctx,
    entries: &[Entry],
    off: &DaysOff,
    week: NaiveDate,
    warnings: &mut Vec<String>,
) -> Pace {
    lenient(ctx, entries, off, week, warnings).pace()
}

/// The forecast of the week starting `week` for a screen: the log read
/// here, and a calendar that cannot be read is a warning, the forecast
/// going on without calendars.
pub fn forecast_for_screen(
    ctx: &Ctx,
    week: NaiveDate,
    warnings: &mut Vec<String>,
) -> Result<Forecast> {
    let period = Period::week(week, ctx.config.week_start);
    let (entries, w) = entries_with_running(ctx, period.from, period.to)?;
    warnings.extend(w);
    let off = ctx.days_off()?;
    Ok(lenient(ctx, &entries, &off, week, warnings))
}

fn lenient(
    ctx: &Ctx,
    entries: &[Entry],
    off: &DaysOff,
    week: NaiveDate,
    warnings: &mut Vec<String>,
) -> Forecast {
    let period = Period::week(week, ctx.config.week_start);
    let mut booked = Vec::new();
    let mut with_cal = None;
    if !ctx.config.calendars.is_empty() {
        let (wfrom, wto) = period.bounds(&ctx.config.zone);
        match booked_in(ctx, &[], ahead(ctx, wfrom, wto), wto) {
            Ok(cal) => {
                booked = cal.booked;
                if !cal.days_off.is_empty() {
                    with_cal = days_off(ctx, &cal.days_off).ok();
                }
            }
            Err(e) => warnings.push(calendar_warning(&e)),
        }
    }
    let off = with_cal.as_ref().unwrap_or(off);
    forecast::forecast(entries, &booked, &ctx.config, off, period, ctx.now)
}

/// What the calendars hold for a window: the timed events booked (with a
/// side), and the all-day events that are days off.
pub struct Calendars {
    pub booked: Vec<Booked>,
    pub days_off: Vec<Off>,
}

/// The events of the configured calendars and of `extra` that touch
/// `[from, to)`, through `crate::calendar` (classified by
/// `[import.calendar]`; tentative and free events as the import settings
/// say). A calendar that cannot be read fails (exit 1), one that does not
/// parse is invalid input (exit 2), each naming the calendar and the file.
pub fn booked_in(
    ctx: &Ctx,
    extra: &[PathBuf],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Calendars> {
    let cfg = &ctx.config;
    let mut events = calendar::events(cfg, from, to)?;
    if !extra.is_empty() {
        events.extend(calendar::events_in_files(cfg, extra, from, to)?);
    }
    let zone = &cfg.zone;
    let mut out = Calendars {
        booked: Vec::new(),
        days_off: Vec::new(),
    };
    for e in events {
        if e.all_day {
            if let (true, Some((a, b))) = (e.day_off, e.days) {
                out.days_off.push(Off {
                    from: a,
                    to: b,
                    note: Some(e.title),
                    source: Some(e.source),
                });
            }
            continue;
        }
        if let Some(side) = e.side {
            out.booked.push(Booked {
                start: zone.localize(e.start),
                end: zone.localize(e.end),
                side,
                title: e.title,
            });
        }
    }
    Ok(out)
}

/// The days off recorded in the data directory and those the calendars hold.
fn days_off(ctx: &Ctx, from_calendars: &[Off]) -> Result<DaysOff> {
    if from_calendars.is_empty() {
        return ctx.days_off();
    }
    let mut all = ctx.store.time_off()?;
    all.extend(from_calendars.iter().cloned());
    Ok(DaysOff::new(&all))
}

/// The booked events of `day` in the configured calendars that have ended,
/// as the entries they would be (classified activity, the title as note,
/// the calendar source), sorted by start: for a screen to offer the ones
/// nothing was logged in. Dismissed sources are left out. A calendar that
/// cannot be read leaves none, said once in `warnings`.
pub fn ended_on(ctx: &Ctx, day: NaiveDate, warnings: &mut Vec<String>) -> Vec<Entry> {
    let cfg = &ctx.config;
    if cfg.calendars.is_empty() || day > ctx.today() {
        return Vec::new();
    }
    let (from, to) = Period::day(day).bounds(&cfg.zone);
    let events = match calendar::events(cfg, from, to.min(ctx.now)) {
        Ok(e) => e,
        Err(e) => {
            let w = calendar_warning(&e);
            if !warnings.contains(&w) {
                warnings.push(w);
            }
            return Vec::new();
        }
    };
    // What the user deleted after an import, or whose import they undid,
    // is not offered again (as `keel sync` does not take it again).
    let dismissed = ctx.store.dismissed().unwrap_or_default();
    let mut out: Vec<Entry> = events
        .into_iter()
        .filter(|e| !e.all_day && e.end <= ctx.now && e.end > from && e.start < to)
        .filter(|e| !dismissed.contains(&e.source))
        .filter_map(|e| {
            let activity = e.activity()?.to_string();
            let mut x = Entry::new(
                cfg.zone.localize(e.start),
                cfg.zone.localize(e.end),
                &activity,
            );
            x.note = Some(e.title).filter(|t| !t.is_empty());
            x.source = Some(e.source);
            Some(x)
        })
        .collect();
    out.sort_by_key(|e| e.start);
    out
}

/// What a face says when a configured calendar cannot be read: the same
/// words from the pace and from Today, so it is said once.
fn calendar_warning(e: &crate::Error) -> String {
    format!(
        "the pace leaves the calendars out ({}; `keel check` says more)",
        e.headline()
    )
}

/// Where the calendars are read from: only the time after now counts as
/// booked (the whole week before it begins), so nothing earlier is read —
/// for `keel status`, half the cache on most days of the week. (A day off
/// earlier in the week that only a calendar holds, never synced, is then
/// not seen; it has no free time left to take anyway.)
fn ahead(ctx: &Ctx, wfrom: DateTime<Utc>, wto: DateTime<Utc>) -> DateTime<Utc> {
    ctx.now.clamp(wfrom, wto)
}
