//! Reading other tools' history: each format is a parser from bytes to
//! [`Candidate`]s and nothing else — no files written, no store. What to do
//! with the candidates (name activities, leave out overlaps, skip what was
//! imported before) is decided once, in [`plan`], for every format.

pub mod ics;
pub(crate) mod keel;
pub(crate) mod plan;
mod timewarrior;
mod watson;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};

use crate::config::CalendarRules;
use crate::model::Zone;
use crate::{Error, Result};

/// The formats `keel import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Timewarrior,
    Watson,
    Ics,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Json,
        Format::Timewarrior,
        Format::Watson,
        Format::Ics,
    ];

    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "timewarrior" | "timew" => Some(Format::Timewarrior),
            "watson" => Some(Format::Watson),
            "ics" | "ical" | "icalendar" => Some(Format::Ics),
            _ => None,
        }
    }

    /// The format a file's name implies: `.json`, `.csv`, `.ics`/`.ical`,
    /// Watson's `frames`. Timewarrior's export is JSON too, so it is told
    /// apart by its content in [`Format::sniff`].
    pub fn from_path(p: &Path) -> Option<Format> {
        let name = p.file_name()?.to_str()?.to_ascii_lowercase();
        if name == "frames" {
            return Some(Format::Watson);
        }
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "ics" | "ical" | "ifb" | "icalendar" => Some(Format::Ics),
            other => Format::parse(other),
        }
    }

    /// Refine a guess from the content: a JSON array whose first element is
    /// an array is Watson's; one whose objects carry `20260101T090000Z`
    /// starts and no activity is Timewarrior's.
    pub fn sniff(self, bytes: &[u8]) -> Format {
        if self != Format::Json {
            return self;
        }
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return self;
        };
        let Some(first) = v.as_array().and_then(|a| a.first()) else {
            return self;
        };
        if first.is_array() {
            return Format::Watson;
        }
        let basic = first
            .get("start")
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.len() == 16 && s.ends_with('Z') && !s.contains('-'));
        if basic && first.get("activity").is_none() {
            Format::Timewarrior
        } else {
            self
        }
    }

    /// A guess from the content alone (for stdin): a calendar, JSON
    /// (refined by [`Format::sniff`]) or CSV.
    pub fn guess(bytes: &[u8]) -> Option<Format> {
        let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
        let b = &b[start..];
        if b.len() >= 15 && b[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
            Some(Format::Ics)
        } else if b[0] == b'[' || b[0] == b'{' {
            Some(Format::Json)
        } else if b.contains(&b',') {
            Some(Format::Csv)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Timewarrior => "timewarrior",
            Format::Watson => "watson",
            Format::Ics => "ics",
        }
    }
}

/// How an item names its activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    /// keel's own files and spreadsheets: the activity, which must exist.
    Activity(String),
    /// Timewarrior and Watson: a project and tags, exactly one of which must
    /// name an activity; the others stay as tags.
    Names {
        project: Option<String>,
        tags: Vec<String>,
    },
    /// Calendars: a meeting title, classified by `[import.calendar]`.
    Title(String),
    /// A meeting of me and one other person: `[import.calendar] one_on_one`
    /// names its activity, else its title is classified.
    OneOnOne(String),
}

/// One item read from a file, before it is checked against the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub naming: Naming,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Identifies the item across imports, so a second import skips it.
    pub source: Option<String>,
}

impl Candidate {
    /// Whole seconds, as the files keep them.
    pub fn new(
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        naming: Naming,
    ) -> Candidate {
        Candidate {
            start: whole(start),
            end: whole(end),
            naming,
            note: None,
            tags: Vec::new(),
            source: None,
        }
    }

    /// A short description for the summary, its times in `zone`.
    pub fn label(&self, zone: &Zone) -> String {
        let what = match &self.naming {
            Naming::Activity(a) => a.clone(),
            Naming::Title(t) | Naming::OneOnOne(t) => format!("\"{t}\""),
            Naming::Names { project, tags } => {
                let mut v: Vec<&str> = project.iter().map(String::as_str).collect();
                v.extend(tags.iter().map(String::as_str));
                if v.is_empty() {
                    "(no project or tags)".into()
                } else {
                    v.join(" ")
                }
            }
        };
        let (s, e) = (
            zone.localize(self.start.to_utc()),
            zone.localize(self.end.to_utc()),
        );
        format!("{} {what}", span_text(s, e))
    }
}

pub fn whole(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_nanosecond(0).unwrap_or(t)
}

/// `2026-11-23 09:00–10:30` (with the end's date when it differs).
pub fn span_text(s: DateTime<FixedOffset>, e: DateTime<FixedOffset>) -> String {
    if s.date_naive() == e.date_naive() {
        format!("{}–{}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else {
        format!(
            "{}–{}",
            s.format("%Y-%m-%d %H:%M"),
            e.format("%Y-%m-%d %H:%M")
        )
    }
}

/// Something in the input that will not become an entry, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub what: String,
    pub why: String,
}

/// What a parser found.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Things the user should know (the calendar window used, …).
    pub notes: Vec<String>,
    /// Items left out because they have not ended yet.
    pub future: usize,
    /// Days off: a calendar's all-day events (`--as-off`, or my own that
    /// `[import.calendar] off` names), or those of keel's JSON export.
    pub days_off: Vec<crate::model::off::Off>,
    /// Weekly reflections of keel's JSON export, by the week's first day.
    pub reflections: Vec<(NaiveDate, String)>,
    /// Sources thrown away on the machine that exported (keel's JSON).
    pub dismissed: Vec<String>,
    /// The file is keel's own export (its JSON, or its CSV by the header
    /// `keel export` writes): a block over [`LONG_HOURS`] in it was
    /// confirmed when it was logged, so it needs no `--long` to come back.
    pub keels_own: bool,
}

/// What the parsers need to know.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// Where floating times and plain `YYYY-MM-DD HH:MM` cells are read.
    pub zone: Zone,
    /// Only items starting on these local days (both optional).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Today, for the default calendar window.
    pub today: NaiveDate,
    /// Now: nothing that ends after it is imported.
    pub now: DateTime<Utc>,
    /// Take items longer than [`LONG_HOURS`] (`--long`).
    pub long: bool,
    /// A calendar's all-day events become days off and nothing else is
    /// read (`--as-off`).
    pub as_off: bool,
    pub calendar: &'a CalendarRules,
}

/// An imported item longer than this is left out unless `--long`: a
/// forgotten timer or a week-long "On-call rota" hold is not time worked.
pub const LONG_HOURS: i64 = crate::model::LONG_ENTRY_HOURS;

/// How far past now an entry may end (SPEC §4: nothing in the log lies in
/// the future); a calendar event counts once it has ended.
const FUTURE_SLACK_SECONDS: i64 = 60;

/// Read `bytes` as `format`.
pub fn parse(format: Format, bytes: &[u8], opts: &Options) -> Result<Parsed> {
    let mut parsed = match format {
        Format::Json => keel::parse_json(bytes, &opts.zone)?,
        Format::Csv => keel::parse_csv(bytes, &opts.zone)?,
        Format::Timewarrior => timewarrior::parse(bytes, &opts.zone)?,
        Format::Watson => watson::parse(bytes, &opts.zone)?,
        Format::Ics => ics::parse(bytes, opts)?,
    };
    if format != Format::Ics {
        filter_window(&mut parsed, opts);
    }
    let slack = if format == Format::Ics {
        chrono::Duration::zero()
    } else {
        chrono::Duration::seconds(FUTURE_SLACK_SECONDS)
    };
    let before = parsed.candidates.len();
    parsed
        .candidates
        .retain(|c| c.end.to_utc() <= opts.now + slack);
    parsed.future = before - parsed.candidates.len();
    if !opts.long && !parsed.keels_own {
        leave_out_long(&mut parsed, &opts.zone);
    }
    Ok(parsed)
}

/// Move the items longer than [`LONG_HOURS`] to the skipped ones.
fn leave_out_long(p: &mut Parsed, zone: &Zone) {
    let limit = chrono::Duration::hours(LONG_HOURS);
    let (long, keep): (Vec<Candidate>, Vec<Candidate>) = std::mem::take(&mut p.candidates)
        .into_iter()
        .partition(|c| c.end - c.start > limit);
    p.candidates = keep;
    p.skipped.extend(long.into_iter().map(|c| Skipped {
        why: format!(
            "lasts {}, longer than {LONG_HOURS} hours (add --long to import such items)",
            crate::format::hours((c.end - c.start).num_seconds())
        ),
        what: c.label(zone),
    }));
}

/// Keep the candidates starting within `--from/--to` (local days).
fn filter_window(p: &mut Parsed, opts: &Options) {
    if opts.from.is_none() && opts.to.is_none() {
        return;
    }
    let before = p.candidates.len();
    p.candidates.retain(|c| {
        let d = opts.zone.date_of(c.start.to_utc());
        opts.from.is_none_or(|f| d >= f) && opts.to.is_none_or(|t| d <= t)
    });
    let out = before - p.candidates.len();
    if out > 0 {
        p.notes
            .push(format!("{out} item(s) outside --from/--to were not read"));
    }
    // Days off: the days within the range.
    let (lo, hi) = (
        opts.from.unwrap_or(NaiveDate::MIN),
        opts.to.unwrap_or(NaiveDate::MAX),
    );
    p.days_off.retain(|o| o.to >= lo && o.from <= hi);
    for o in &mut p.days_off {
        (o.from, o.to) = (o.from.max(lo), o.to.min(hi));
    }
    // Reflections: the weeks that begin within the range (as exported).
    p.reflections.retain(|(w, _)| *w >= lo && *w <= hi);
}

/// `--map NAME=ACTIVITY` pairs, names lower-cased.
pub fn parse_maps(maps: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for m in maps {
        let Some((n, a)) = m.split_once('=') else {
            return Err(Error::invalid(format!(
                "--map `{m}` should be NAME=ACTIVITY, like --map payments=coding"
            )));
        };
        let (n, a) = (n.trim(), a.trim());
        if n.is_empty() || a.is_empty() {
            return Err(Error::invalid(format!(
                "--map `{m}` should be NAME=ACTIVITY, like --map payments=coding"
            )));
        }
        out.insert(n.to_lowercase(), a.to_string());
    }
    Ok(out)
}

/// The input read as UTF-8 (a BOM is dropped), or a clear error.
pub(crate) fn text(bytes: &[u8], what: &str) -> Result<String> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(b.to_vec())
        .map_err(|e| Error::invalid(format!("the {what} input is not UTF-8 text ({e})")))
}
