//! Calendars as a standing source: the `[[calendar]]` tables of the config
//! read into the events of a window, classified by `[import.calendar]` the
//! way `keel import` does it. `keel sync` takes the ended ones as entries,
//! `keel plan` and pacing the ones ahead. No faces here, and no data
//! directory: [`files`] lists a calendar's .ics files, [`read`] turns one
//! into events, [`cache`] keeps what was read in the user's cache
//! directory so that a command run every few seconds (`keel status`) does
//! not parse a calendar every time.

pub(crate) mod cache;
pub(crate) mod files;
mod read;

pub(crate) use read::unparseable;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{CalendarSource, Config};
use crate::model::Side;
use crate::{Error, Result};

pub use read::Prepared;

/// How a timed event is classified by `[import.calendar]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    /// The activity a rule (or `one_on_one`, or `default_activity`) gives.
    Activity(String),
    /// A `skip` pattern matches the title: not a meeting to count.
    Skipped(String),
    /// No rule matches and there is no `default_activity`.
    Unclassified,
}

/// One instance of an event in a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalEvent {
    /// The instant it starts and ends (an all-day event: the local
    /// midnights, in the config's zone, of its first day and of the day
    /// after its last).
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub title: String,
    /// What `keel import` records as the entry's `source`.
    pub source: String,
    pub class: Class,
    /// The side of the class's activity (filled in from the config when
    /// read; `None` for skipped and unclassified events).
    #[serde(skip)]
    pub side: Option<Side>,
    /// A whole-day event; never an entry.
    pub all_day: bool,
    /// For all-day events, the days `from..=to`.
    pub days: Option<(NaiveDate, NaiveDate)>,
    /// An all-day event that is a day off: every one of an `off = true`
    /// calendar, else my own whose title `[import.calendar] off` matches.
    pub day_off: bool,
    /// Only me and one other person who accepted attend.
    pub one_on_one: bool,
    /// The calendar it came from (its `name`, else the path as written).
    pub calendar: String,
    /// That calendar is `off = true` (holidays, vacations).
    pub off_calendar: bool,
}

impl CalEvent {
    /// The activity it would be logged as, if any.
    pub fn activity(&self) -> Option<&str> {
        match &self.class {
            Class::Activity(a) => Some(a),
            _ => None,
        }
    }
}

/// The events of every configured calendar that overlap `[from, to)`,
/// sorted by start. Through the cache: the files are listed and stat'ed
/// (never trusted less than the cache), and parsed only when they changed.
///
/// Errors name the calendar and the file: one that cannot be read (missing,
/// no permission) is a failed operation (exit 1), one that is not an
/// iCalendar file is invalid input (exit 2).
pub fn events(cfg: &Config, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CalEvent>> {
    events_of(cfg, &cfg.calendars, from, to)
}

/// The cache's place for this process, if any (see [`cache`]).
fn cache_root() -> Option<PathBuf> {
    cache::root()
}

/// The same for explicit files (`keel plan --calendar FILE`): each read as
/// a calendar that is not `off`, named by its path.
pub fn events_in_files(
    cfg: &Config,
    files: &[PathBuf],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CalEvent>> {
    let sources: Vec<CalendarSource> = files.iter().map(|p| source_of_file(p)).collect();
    events_of(cfg, &sources, from, to)
}

/// Where the user fixes a calendar that cannot be read: the config's
/// `[[calendar]]` table, or the `--calendar` argument.
pub(crate) fn where_to_fix(src: &CalendarSource) -> &'static str {
    if src.given {
        "Check the path given with --calendar (a relative one is read from the current directory)."
    } else {
        "Check the `path` of that [[calendar]] in the config (`keel check` lists every calendar problem)."
    }
}

/// A calendar file that could not be read or listed (exit 1), named once:
/// the calendar's label, and the file when it is one of a directory's.
pub(crate) fn io_error(src: &CalendarSource, path: &Path, what: &str, e: &std::io::Error) -> Error {
    let err = Error::io(path, what, e);
    if path == src.path {
        let mut err = err;
        // The label already names this path: keep the error's kind, say
        // the path once.
        err.message = format!(
            "{}: could not {what}: {e}",
            crate::text::clean(&label(src))
        );
        err
    } else {
        err.context(format_args!("{}", label(src)))
    }
}

/// A file given on the command line as a calendar.
pub fn source_of_file(p: &Path) -> CalendarSource {
    CalendarSource {
        path: std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
        name: p.display().to_string(),
        off: false,
        given: true,
    }
}

/// The events of `sources` overlapping `[from, to)`, sorted by start.
pub fn events_of(
    cfg: &Config,
    sources: &[CalendarSource],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CalEvent>> {
    events_cached_in(cache_root().as_deref(), cfg, sources, from, to)
}

/// [`events_of`] with the cache at `root` (none: no cache).
fn events_cached_in(
    root: Option<&Path>,
    cfg: &Config,
    sources: &[CalendarSource],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CalEvent>> {
    let mut out = Vec::new();
    let mut prepared = None;
    for src in sources {
        let listing = files::list(src)?;
        let cached = root.and_then(|r| cache::lookup(r, cfg, src, &listing, from, to));
        let mut got = match cached {
            Some(evs) => evs,
            None => {
                let p = match &mut prepared {
                    Some(p) => p,
                    None => prepared.insert(Prepared::new(cfg).map_err(Error::invalid)?),
                };
                // Looked at before reading: a file changed meanwhile
                // fails the next verification rather than hiding in it.
                let full = listing.full();
                let (lo, hi) = cache::build_window(from, to);
                let all = read::source(p, src, &listing, lo, hi)?;
                if let Some(r) = root {
                    cache::store(r, cfg, src, (&listing, full), (lo, hi), &all);
                }
                all.into_iter()
                    .filter(|e| e.end > from && e.start < to)
                    .collect()
            }
        };
        for e in &mut got {
            e.side = e.activity().map(|a| cfg.side_of(a));
        }
        out.append(&mut got);
    }
    out.sort_by(|a, b| (a.start, a.end, &a.source).cmp(&(b.start, b.end, &b.source)));
    Ok(out)
}

/// What `keel check` says about the configured calendars: one message per
/// calendar that is missing, unreadable or does not parse (each naming the
/// calendar and the file).
pub fn problems(cfg: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for src in &cfg.calendars {
        let listing = match files::list(src) {
            Ok(l) => l,
            Err(e) => {
                // The problem itself; the hint points back at `keel check`.
                out.push(e.message.lines().next().unwrap_or_default().to_string());
                continue;
            }
        };
        for f in listing.sorted() {
            if let Err(e) = read::check_file(src, f) {
                out.push(e.message);
            }
        }
    }
    out
}

/// The calendar's name as messages give it.
pub(crate) fn label(src: &CalendarSource) -> String {
    let shown = src.path.display().to_string();
    if src.given {
        format!("calendar {} (given with --calendar)", src.name)
    } else if src.name == shown {
        format!("calendar {shown}")
    } else {
        format!("calendar \"{}\" ({shown})", src.name)
    }
}

#[cfg(test)]
mod tests;
