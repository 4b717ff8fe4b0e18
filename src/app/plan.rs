//! The forecast both faces show: `keel plan`, the pacing of `keel status`
//! and the TUI. Reads the week's log and the events booked in calendars,
//! and hands them to [`balance::forecast`]. Writes nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{Ctx, entries_with_running};
use crate::balance::forecast::{self, Booked, Forecast, Pace};
use crate::balance::{self, Period};
use crate::import::ics::{self, Settings};
use crate::import::plan::{NameRules, resolve};
use crate::import::{Candidate, Naming};
use crate::model::Entry;
use crate::model::off::DaysOff;
use crate::text::clean;
use crate::{Error, Result};

/// The forecast of the week starting `week`, with the events of the
/// calendar files (or directories of .ics files) `calendars`; and warnings
/// about what was read.
pub fn plan(ctx: &Ctx, week: NaiveDate, calendars: &[PathBuf]) -> Result<(Forecast, Vec<String>)> {
    let period = Period::week(week, ctx.config.week_start);
    let (wfrom, wto) = period.bounds(&ctx.config.zone);
    let (booked, mut warnings) = booked_in(ctx, calendars, wfrom, wto)?;
    let (entries, w) = entries_with_running(ctx, period.from, period.to)?;
    warnings.extend(w);
    let off = ctx.days_off()?;
    let f = forecast::forecast(&entries, &booked, &ctx.config, &off, period, ctx.now);
    Ok((f, warnings))
}

/// The pacing of the week starting `week` from entries already read,
/// without calendars: the free time is the workday time left.
pub fn pace(ctx: &Ctx, entries: &[Entry], off: &DaysOff, week: NaiveDate) -> Pace {
    let period = Period::week(week, ctx.config.week_start);
    balance::forecast::forecast(entries, &[], &ctx.config, off, period, ctx.now).pace()
}

/// The timed events of `calendars` that touch `[from, to)`, classified by
/// `[import.calendar]` (skip patterns, one-on-ones, rules, the default
/// activity; tentative and free events as the import settings say). A file
/// that cannot be read fails (exit 1), one that is not a calendar or names
/// an unknown activity is invalid input (exit 2), each naming the file.
pub fn booked_in(
    ctx: &Ctx,
    calendars: &[PathBuf],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(Vec<Booked>, Vec<String>)> {
    let cfg = &ctx.config;
    let mut settings = Settings::new(cfg.zone);
    settings.me = cfg.calendar.me.iter().map(|m| m.to_lowercase()).collect();
    settings.tentative = cfg.calendar.tentative;
    settings.free = cfg.calendar.free;
    // An event that starts the evening before may reach into the window.
    let lo = from - Duration::days(1);
    let mut booked = Vec::new();
    let mut warnings = Vec::new();
    for file in calendar_files(calendars)? {
        let shown = clean(&file.display().to_string()).into_owned();
        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, "read", &e))?;
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
        let found = std::panic::catch_unwind(|| ics::instances(&text, &settings, lo, to))
            .map_err(|_| Error::invalid("the iCalendar reader failed on it"))
            .and_then(|r| r)
            .map_err(|e| e.context(&shown))?;
        warnings.extend(found.notes.iter().map(|n| format!("{shown}: {n}")));
        let cands = found
            .instances
            .into_iter()
            .filter(|i| i.end.to_utc() > from && i.start.to_utc() < to)
            .map(|i| {
                let naming = if i.one_on_one {
                    Naming::OneOnOne(i.title.clone())
                } else {
                    Naming::Title(i.title.clone())
                };
                let mut c = Candidate::new(i.start, i.end, naming);
                c.note = Some(i.title);
                c
            })
            .collect();
        let (events, _skipped) =
            resolve(cands, cfg, &NameRules::default(), &cfg.zone).map_err(|errs| {
                Error::invalid(format!("{shown}: {}", errs.join("; ")))
                    .hint("fix `[import.calendar]` in the config (`keel config path`)")
            })?;
        booked.extend(events.into_iter().map(|e| Booked {
            side: cfg.side_of(&e.activity),
            title: e.note.unwrap_or_default(),
            start: e.start,
            end: e.end,
        }));
    }
    Ok((booked, warnings))
}

/// The .ics files named: a file as given, a directory's `*.ics` files (as
/// vdirsyncer and khal keep them) in name order.
fn calendar_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(ics_in(p)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn ics_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read the directory", &e))?;
    let mut files = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(dir, "read the directory", &e))?;
        let p = entry.path();
        if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ics")) && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}
