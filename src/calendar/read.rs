//! One calendar file into [`CalEvent`]s: the importer's reader (recurrence,
//! zones, which copy counts, cancelled/declined/tentative/free skipped the
//! importer's way) and its classification by `[import.calendar]`.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::files::Listing;
use super::{CalEvent, Class, label};
use crate::config::{CalendarSource, Config};
use crate::import::ics::{self, Settings};
use crate::import::plan::Classifier;
use crate::{Error, Result};

/// What reading needs, compiled once for all the files of a call.
pub struct Prepared {
    settings: Settings,
    classifier: Classifier,
    off: Vec<regex::Regex>,
    zone: crate::model::Zone,
}

impl Prepared {
    pub fn new(cfg: &Config) -> std::result::Result<Prepared, String> {
        let c = &cfg.calendar;
        let mut settings = Settings::new(cfg.zone);
        settings.me = c.me.iter().map(|m| m.to_lowercase()).collect();
        settings.tentative = c.tentative;
        settings.free = c.free;
        let off = c
            .off
            .iter()
            .map(|s| {
                regex::Regex::new(s).map_err(|e| {
                    format!("`import.calendar.off` has an invalid regex \"{s}\": {e}")
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        Ok(Prepared {
            settings,
            classifier: Classifier::new(c)?,
            off,
            zone: cfg.zone,
        })
    }
}

/// Every event of a calendar's files that overlaps `[lo, hi)`.
pub(super) fn source(
    p: &mut Prepared,
    src: &CalendarSource,
    listing: &Listing,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> Result<Vec<CalEvent>> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // By name, so that of one event kept in two files the same one counts.
    for f in listing.sorted() {
        for e in file(p, src, f, lo, hi)? {
            // One event kept in two files of a directory counts once.
            if seen.insert((e.source.clone(), e.start)) {
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// The text of a calendar file, or an error naming it (exit 1).
pub(super) fn text(src: &CalendarSource, path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| super::io_error(src, path, "read", &e))?;
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(b).into_owned())
}

/// The timed and all-day events of one file overlapping `[lo, hi)`.
fn file(
    p: &mut Prepared,
    src: &CalendarSource,
    path: &Path,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> Result<Vec<CalEvent>> {
    let text = text(src, path)?;
    // A timed event that began before the window may reach into it.
    let reach = Duration::days(crate::model::MAX_ENTRY_DAYS + 1);
    p.settings.days = Some((
        p.zone.date_of(lo) - Duration::days(1),
        p.zone.date_of(hi - Duration::seconds(1)),
    ));
    let settings = &p.settings;
    let found = std::panic::catch_unwind(|| ics::instances(&text, settings, lo - reach, hi))
        .map_err(|_| Error::invalid("the iCalendar reader failed on it".to_string()))
        .and_then(|r| r)
        .map_err(|e| unparseable(src, path, &e.message))?;
    let mut out = Vec::new();
    for i in found.instances {
        let (start, end) = (i.start.to_utc(), i.end.to_utc());
        if end <= lo || start >= hi {
            continue;
        }
        let class = match p.classifier.classify(&i.title, i.one_on_one) {
            Ok(a) => Class::Activity(a),
            Err(why) if why.starts_with("title matches skip") => Class::Skipped(why),
            Err(_) => Class::Unclassified,
        };
        out.push(CalEvent {
            start,
            end,
            title: i.title,
            source: i.source,
            class,
            side: None,
            all_day: false,
            days: None,
            day_off: false,
            one_on_one: i.one_on_one,
            calendar: src.name.clone(),
            off_calendar: src.off,
        });
    }
    for a in found.all_day {
        let (start, end) = (
            p.zone.day_start(a.from),
            p.zone.day_start(a.to + Duration::days(1)),
        );
        if end <= lo || start >= hi {
            continue;
        }
        let day_off = src.off || (a.mine && p.off.iter().any(|r| r.is_match(&a.title)));
        out.push(CalEvent {
            start,
            end,
            title: a.title,
            source: a.source,
            class: Class::Unclassified,
            side: None,
            all_day: true,
            days: Some((a.from, a.to)),
            day_off,
            one_on_one: false,
            calendar: src.name.clone(),
            off_calendar: src.off,
        });
    }
    Ok(out)
}

/// Whether a file is a calendar keel can read, for `keel check`.
pub(super) fn check_file(src: &CalendarSource, path: &Path) -> Result<()> {
    let text = text(src, path)?;
    let (roots, _) = ics::content::parse(&text);
    if roots.iter().any(|c| c.is("VCALENDAR")) {
        Ok(())
    } else {
        Err(unparseable(
            src,
            path,
            "not an iCalendar file: it has no BEGIN:VCALENDAR",
        ))
    }
}

/// A file that does not parse: exit 2, naming the calendar and the file.
pub(crate) fn unparseable(src: &CalendarSource, path: &Path, why: &str) -> Error {
    let shown = crate::text::clean(&path.display().to_string()).into_owned();
    let label = crate::text::clean(&label(src)).into_owned();
    let what = if path == src.path {
        format!("{label} does not parse")
    } else {
        format!("{label}: {shown} does not parse")
    };
    let fix = if src.given {
        "fix it, or leave out that --calendar"
    } else {
        "fix or remove it, or take the [[calendar]] table out of the config"
    };
    Error::invalid(format!("{what}: {why}; {fix}"))
}
