//! iCalendar (.ics) as Google, Outlook, Apple and Thunderbird export it.
//! [`content`] reads the text into components, `reader` the VEVENTs into
//! events (with [`zones`] and [`values`]), `expand` each event into its
//! instances within the window (recurrence by `rrule` through [`recur`],
//! which also bounds the work). This module ties them together and decides
//! which copy of an event counts: the latest; overridden and moved
//! instances (RECURRENCE-ID, THISANDFUTURE) replace the series' own.

mod all_day;
pub mod content;
mod expand;
mod reader;
pub mod recur;
pub mod values;
pub mod zones;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use content::Component;
use expand::{Expander, Future};
use reader::Reader;

pub use all_day::AllDay;

use super::{Candidate, Naming, Options, Parsed, Skipped};
use crate::model::Zone;
use crate::{Error, Result};
use values::{Length, Value};
use zones::EventZone;

/// Days before today read when `--from` is not given. The window ends
/// today: what has not happened yet is not time spent.
pub const DEFAULT_PAST_DAYS: i64 = 90;
/// Days off may lie ahead: all-day events are read this far past today
/// unless `--to` says otherwise; `--as-off` also reads a year back.
pub const OFF_AHEAD_DAYS: i64 = 730;
pub const OFF_PAST_DAYS: i64 = 365;
/// Instances of one series read at most within the window.
const MAX_INSTANCES: usize = 5000;

/// The local days a calendar import covers, and a note when defaulted.
pub fn window(opts: &Options) -> (NaiveDate, NaiveDate, Option<String>) {
    if opts.as_off {
        let (from, to) = off_window(opts);
        let note = (opts.from.is_none() || opts.to.is_none()).then(|| {
            format!(
                "all-day events read from {from} to {to} as days off (set --from/--to for another range)"
            )
        });
        return (from, to, note);
    }
    let from = opts
        .from
        .unwrap_or(opts.today - Duration::days(DEFAULT_PAST_DAYS));
    let to = opts
        .to
        .unwrap_or_else(|| opts.from.map_or(opts.today, |f| f.max(opts.today)));
    let note = (opts.from.is_none() || opts.to.is_none()).then(|| {
        format!(
            "calendar events read from {from} to {to}, all-day days off up to {} (set --from/--to for another range)",
            off_window(opts).1
        )
    });
    (from, to, note)
}

/// The local days all-day events are read in: days off may lie ahead.
fn off_window(opts: &Options) -> (NaiveDate, NaiveDate) {
    let past = if opts.as_off {
        OFF_PAST_DAYS
    } else {
        DEFAULT_PAST_DAYS
    };
    let from = opts.from.unwrap_or(opts.today - Duration::days(past));
    let to = opts
        .to
        .unwrap_or_else(|| from.max(opts.today) + Duration::days(OFF_AHEAD_DAYS));
    (from, to)
}

/// One instance found in a calendar, before classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub title: String,
    pub source: String,
    /// Only me and one other person who accepted attend.
    pub one_on_one: bool,
}

/// What a calendar is read with, besides the window.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The zone of floating times, and of the times in messages.
    pub zone: Zone,
    /// My addresses, lower-cased.
    pub me: BTreeSet<String>,
    /// Take STATUS:TENTATIVE events.
    pub tentative: bool,
    /// Take TRANSP:TRANSPARENT (free) events.
    pub free: bool,
    /// How much recurrence work the import may do.
    pub budget: recur::Budget,
    /// The local days all-day events are read in (both included); `None`:
    /// the days of the window.
    pub days: Option<(NaiveDate, NaiveDate)>,
}

impl Settings {
    pub fn new(zone: Zone) -> Settings {
        Settings {
            zone,
            me: BTreeSet::new(),
            tentative: false,
            free: false,
            budget: recur::Budget::new(),
            days: None,
        }
    }
}

pub fn parse(bytes: &[u8], opts: &Options) -> Result<Parsed> {
    let (from, to, note) = window(opts);
    let lo = opts.zone.day_start(from);
    let hi = opts.zone.day_start(to + Duration::days(1));
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let mut settings = Settings::new(opts.zone);
    settings.me = opts.calendar.me.iter().map(|m| m.to_lowercase()).collect();
    settings.tentative = opts.calendar.tentative;
    settings.free = opts.calendar.free;
    settings.days = Some(off_window(opts));
    // The parsing crates are not ours to vouch for: a panic inside them on
    // some odd input becomes a clear error, never a crash.
    let found =
        std::panic::catch_unwind(|| instances(&text, &settings, lo, hi)).map_err(|_| {
            Error::invalid("the calendar could not be read (the iCalendar reader failed on it)")
        })??;
    let mut p = Parsed::default();
    p.notes.extend(note);
    p.notes.extend(found.notes);
    p.skipped = found.skipped;
    days_off(&mut p, found.all_day, opts)?;
    if opts.as_off {
        let n = found.instances.len();
        if n > 0 {
            p.notes.push(format!(
                "{n} timed event(s) left out: --as-off reads only all-day events"
            ));
        }
        return Ok(p);
    }
    for i in found.instances {
        let naming = if i.one_on_one {
            Naming::OneOnOne(i.title.clone())
        } else {
            Naming::Title(i.title.clone())
        };
        let mut c = Candidate::new(i.start, i.end, naming);
        c.note = Some(i.title);
        c.source = Some(i.source);
        p.candidates.push(c);
    }
    Ok(p)
}

/// The all-day events that are days off: every one with `--as-off`, else
/// my own whose title matches `[import.calendar] off`. The rest are
/// skipped, said with the reason when they lie within the window of
/// entries (a calendar's birthdays two years ahead are not news).
fn days_off(p: &mut Parsed, all_day: Vec<AllDay>, opts: &Options) -> Result<()> {
    let patterns = off_patterns(&opts.calendar.off)?;
    let (_, last, _) = window(opts);
    for a in all_day {
        let why = if opts.as_off {
            None
        } else if !patterns.iter().any(|r| r.is_match(&a.title)) {
            Some("all-day (a day off only when its title matches `[import.calendar] off`)")
        } else if !a.mine {
            Some("all-day, someone else's (neither organized nor attended by an address in `[import.calendar] me`)")
        } else {
            None
        };
        match why {
            Some(_) if a.from > last => {}
            Some(why) => p.skipped.push(Skipped {
                what: format!("{} \"{}\"", a.from, a.title),
                why: why.into(),
            }),
            None => p.days_off.push(crate::model::off::Off {
                from: a.from,
                to: a.to,
                note: Some(a.title),
                source: Some(a.source),
            }),
        }
    }
    Ok(())
}

/// `[import.calendar] off` compiled, once for all the files of a sync (a
/// directory of thousands of one-event files is parsed file by file, and
/// compiling six Unicode-aware patterns each time was most of the work).
fn off_patterns(patterns: &[String]) -> Result<std::sync::Arc<Vec<regex::Regex>>> {
    type Compiled = (Vec<String>, std::sync::Arc<Vec<regex::Regex>>);
    static LAST: std::sync::Mutex<Option<Compiled>> = std::sync::Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((p, c)) = last.as_ref()
        && p.as_slice() == patterns
    {
        return Ok(std::sync::Arc::clone(c));
    }
    let compiled: Vec<regex::Regex> = patterns
        .iter()
        .map(|s| {
            regex::Regex::new(s).map_err(|e| {
                Error::invalid(format!(
                    "`import.calendar.off` has an invalid regex \"{s}\": {e}"
                ))
            })
        })
        .collect::<Result<_>>()?;
    let c = std::sync::Arc::new(compiled);
    *last = Some((patterns.to_vec(), std::sync::Arc::clone(&c)));
    Ok(c)
}

#[derive(Debug, Default)]
pub struct Found {
    pub instances: Vec<Instance>,
    /// All-day events, in the all-day window.
    pub all_day: Vec<AllDay>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
}

/// A time property: its value and the zone it is in.
#[derive(Debug, Clone)]
struct Time {
    value: Value,
    zone: EventZone,
}

impl Time {
    fn instant(&self) -> Option<DateTime<FixedOffset>> {
        match self.value {
            Value::Date(_) => None,
            Value::Utc(n) => Some(n.and_utc().fixed_offset()),
            Value::Floating(n) => self.zone.instant(n),
        }
    }
}

struct Event {
    /// Which VCALENDAR of the file it is in: copies are compared within one.
    calendar: usize,
    uid: String,
    title: String,
    cancelled: bool,
    declined: bool,
    tentative: bool,
    free: bool,
    one_on_one: bool,
    /// I organize or attend it, or it has neither organizer nor attendees.
    mine: bool,
    sequence: i64,
    stamp: Option<NaiveDateTime>,
    start: Time,
    end: Option<Time>,
    duration: Option<Length>,
    rrules: Vec<String>,
    rdates: Vec<Time>,
    exdates: Vec<Time>,
    recurrence_id: Option<Time>,
    /// RANGE=THISANDFUTURE on the RECURRENCE-ID.
    this_and_future: bool,
    /// RDATE periods (`start/end`, `start/duration`): their own lengths.
    rdate_lengths: BTreeMap<DateTime<Utc>, Length>,
}

impl Event {
    /// How long each instance lasts: DTEND gives an exact length, DURATION
    /// a nominal one; neither, none (RFC 5545 §3.6.1).
    fn length(&self) -> Option<Length> {
        match (&self.end, self.duration) {
            (Some(end), _) => {
                let s = self.start.instant()?;
                let e = match end.value {
                    // A DATE end on a timed start (invalid, but written):
                    // that day's midnight where the event starts.
                    Value::Date(d) => self.start.zone.instant(d.and_time(chrono::NaiveTime::MIN)),
                    _ => end.instant(),
                };
                Some(Length::exact(e? - s))
            }
            (None, Some(d)) => Some(d),
            (None, None) => Some(Length::default()),
        }
    }
}

fn key(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// Every component named `name`, inside VCALENDARs (with the calendar's
/// number) or at the top level.
fn collect<'a>(roots: &'a [Component], name: &str, out: &mut Vec<(usize, &'a Component)>) {
    for (i, c) in roots.iter().enumerate() {
        if c.is(name) {
            out.push((usize::MAX, c));
        } else if c.is("VCALENDAR") {
            out.extend(c.components.iter().filter(|x| x.is(name)).map(|x| (i, x)));
        }
    }
}

/// Keep the latest copy of each event (same calendar, UID and
/// RECURRENCE-ID): the highest SEQUENCE, then the latest DTSTAMP, then the
/// last in the file. Returns how many copies were dropped.
fn latest_copies(events: &mut Vec<Event>) -> usize {
    let mut best: BTreeMap<(usize, String, Option<String>), usize> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let k = (
            e.calendar,
            e.uid.clone(),
            e.recurrence_id.as_ref().and_then(rid_key),
        );
        match best.get(&k) {
            Some(&j) if (events[j].sequence, events[j].stamp) > (e.sequence, e.stamp) => {}
            _ => {
                best.insert(k, i);
            }
        }
    }
    let keep: BTreeSet<usize> = best.into_values().collect();
    let before = events.len();
    let mut i = 0;
    events.retain(|_| {
        i += 1;
        keep.contains(&(i - 1))
    });
    before - events.len()
}

/// The timed instances of every event starting in `[lo, hi)`.
pub fn instances(
    text: &str,
    settings: &Settings,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> Result<Found> {
    let (roots, unread) = content::parse(text);
    if !roots.iter().any(|c| c.is("VCALENDAR")) {
        return Err(Error::invalid(
            "not an iCalendar file: it has no BEGIN:VCALENDAR",
        ));
    }
    let (mut tzs, mut evs) = (Vec::new(), Vec::new());
    collect(&roots, "VTIMEZONE", &mut tzs);
    collect(&roots, "VEVENT", &mut evs);
    let tzs: Vec<&Component> = tzs.into_iter().map(|(_, c)| c).collect();
    let mut r = Reader {
        zones: zones::table(&tzs),
        floating: EventZone::Floating(settings.zone),
        unknown_zones: BTreeSet::new(),
        me: &settings.me,
    };
    let mut found = Found::default();
    if unread > 0 {
        found.notes.push(format!(
            "{unread} line(s) of the calendar could not be read (not a property, or an END that does not match its BEGIN); the events around them were read"
        ));
    }
    let mut events = Vec::new();
    for (cal, c) in evs {
        match r.event(cal, c) {
            Ok(e) => events.push(e),
            Err(m) => found.skipped.push(Skipped {
                what: "an event".into(),
                why: m,
            }),
        }
    }
    let dropped = latest_copies(&mut events);
    if dropped > 0 {
        found.notes.push(format!(
            "{dropped} older copy(ies) of an event left out: the one with the highest SEQUENCE (then the latest DTSTAMP) was read"
        ));
    }
    // Overridden instances by (UID, original start).
    let overridden: BTreeSet<(String, String)> = events
        .iter()
        .filter_map(|e| {
            let rid = e.recurrence_id.as_ref()?;
            Some((e.uid.clone(), rid_key(rid)?))
        })
        .collect();
    let mut futures: BTreeMap<String, Vec<Future>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.this_and_future) {
        let (Some(rid), Some(start)) = (
            e.recurrence_id.as_ref().and_then(Time::instant),
            e.start.instant(),
        ) else {
            continue;
        };
        futures.entry(e.uid.clone()).or_default().push(Future {
            from: rid.to_utc(),
            shift: start - rid,
            length: e.length().unwrap_or_default(),
            title: e.title.clone(),
        });
    }
    for f in futures.values_mut() {
        f.sort_by_key(|x| x.from);
    }
    let mut x = Expander {
        overridden: &overridden,
        lo,
        hi,
        settings,
        budget: settings.budget.clone(),
        cut_by_import: Vec::new(),
        found,
        days: settings.days.unwrap_or((
            settings.zone.date_of(lo),
            settings.zone.date_of(hi - Duration::seconds(1)),
        )),
    };
    for e in &events {
        x.expand(e, futures.get(&e.uid));
    }
    if let Some(first) = x.cut_by_import.first() {
        let n = x.cut_by_import.len();
        x.found.notes.push(format!(
            "the import took its limit of {} recurrence steps: {n} series (\"{first}\"{}) were read only in part; import this calendar in shorter --from/--to ranges",
            settings.budget.left,
            if n > 1 { " and others" } else { "" }
        ));
    }
    let mut found = x.found;
    if !r.unknown_zones.is_empty() {
        found.notes.push(format!(
            "unknown time zone(s) {} read as your own zone",
            r.unknown_zones
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    found.instances.sort_by_key(|a| a.start);
    Ok(found)
}

fn rid_key(t: &Time) -> Option<String> {
    match t.value {
        Value::Date(d) => Some(d.format("%Y%m%d").to_string()),
        _ => t.instant().map(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Found {
        let text = format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n");
        let z = crate::model::Zone::parse("Europe/Berlin").unwrap();
        let d = |y, m, d| z.day_start(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let mut s = Settings::new(z);
        s.me = BTreeSet::from(["ana@example.com".to_string()]);
        instances(&text, &s, d(2026, 1, 1), d(2027, 1, 1)).unwrap()
    }

    #[test]
    fn declined_by_me_in_the_value_or_the_email_parameter() {
        let f = run(
            "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:20261102T090000Z\nDURATION:PT1H\n\
                     ATTENDEE;EMAIL=Ana@example.com;PARTSTAT=DECLINED:urn:uuid:1234\nEND:VEVENT\n\
                     BEGIN:VEVENT\nUID:b\nSUMMARY:y\nDTSTART:20261103T090000Z\nDURATION:PT1H\n\
                     ATTENDEE;PARTSTAT=DECLINED:mailto:other@example.com\nEND:VEVENT",
        );
        assert_eq!(starts(&f), ["20261103T090000Z 60"]);
        assert_eq!(f.skipped[0].why, "declined");
    }

    fn starts(f: &Found) -> Vec<String> {
        f.instances
            .iter()
            .map(|i| format!("{} {}", key(i.start), (i.end - i.start).num_minutes()))
            .collect()
    }

    fn days(f: &Found) -> Vec<String> {
        f.all_day
            .iter()
            .map(|a| format!("{}..{} {} {}", a.from, a.to, a.title, a.mine))
            .collect()
    }

    #[test]
    fn all_day_events_are_whole_days_with_an_exclusive_end() {
        let f = run(
            "BEGIN:VEVENT\nUID:a\nSUMMARY:three\nDTSTART;VALUE=DATE:20261207\nDTEND;VALUE=DATE:20261210\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:b\nSUMMARY:two\nDTSTART;VALUE=DATE:20261214\nDURATION:P2D\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:c\nSUMMARY:one\nDTSTART;VALUE=DATE:20261221\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:d\nSUMMARY:weekly\nDTSTART;VALUE=DATE:20261102\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE;VALUE=DATE:20261109\nEND:VEVENT",
        );
        assert_eq!(
            days(&f),
            [
                "2026-12-07..2026-12-09 three true",
                "2026-12-14..2026-12-15 two true",
                "2026-12-21..2026-12-21 one true",
                "2026-11-02..2026-11-02 weekly true",
                "2026-11-16..2026-11-16 weekly true",
            ]
        );
        assert_eq!(f.all_day[4].source, "ics:d@20261116");
        assert!(f.instances.is_empty());
    }

    #[test]
    fn an_all_day_event_is_mine_when_i_organize_or_attend_it_or_nobody_does() {
        let ev = |uid: &str, who: &str| {
            format!(
                "BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART;VALUE=DATE:20261207\n{who}END:VEVENT\n"
            )
        };
        let f = run(&[
            ev("organizer", "ORGANIZER:mailto:ANA@example.com\n"),
            ev("attendee", "ORGANIZER:mailto:bo@example.com\nATTENDEE:mailto:ana@example.com\n"),
            ev("private", ""),
            ev("colleague", "ORGANIZER:mailto:bo@example.com\n"),
            ev("team", "ATTENDEE:mailto:team@example.com\n"),
            ev("declined", "ORGANIZER:mailto:bo@example.com\nATTENDEE;PARTSTAT=DECLINED:mailto:ana@example.com\n"),
        ]
        .concat());
        let mine: Vec<(&str, bool)> = f
            .all_day
            .iter()
            .map(|a| (a.title.as_str(), a.mine))
            .collect();
        assert_eq!(
            mine,
            [
                ("organizer", true),
                ("attendee", true),
                ("private", true),
                ("colleague", false),
                ("team", false),
            ]
        );
        assert_eq!(f.skipped[0].why, "declined");
    }

    #[test]
    fn an_rdate_period_has_its_own_length() {
        let f = run(
            "BEGIN:VEVENT\nUID:p\nSUMMARY:x\nDTSTART:20261102T090000Z\nDURATION:PT1H\n\
                     RDATE;VALUE=PERIOD:20261103T090000Z/20261103T093000Z,20261104T090000Z/PT2H\nEND:VEVENT",
        );
        assert_eq!(
            starts(&f),
            [
                "20261102T090000Z 60",
                "20261103T090000Z 30",
                "20261104T090000Z 120"
            ]
        );
    }

    #[test]
    fn this_and_future_moves_the_rest_of_the_series() {
        let f = run(
            "BEGIN:VEVENT\nUID:s\nSUMMARY:a\nDTSTART:20261102T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=4\nEND:VEVENT\n\
                     BEGIN:VEVENT\nUID:s\nSUMMARY:b\nRECURRENCE-ID;RANGE=THISANDFUTURE:20261104T090000Z\nDTSTART:20261104T100000Z\nDURATION:PT30M\nEND:VEVENT",
        );
        assert_eq!(
            starts(&f),
            [
                "20261102T090000Z 60",
                "20261103T090000Z 60",
                "20261104T100000Z 30",
                "20261105T100000Z 30"
            ]
        );
        assert_eq!(f.instances[3].title, "b");
        assert_eq!(f.instances[3].source, "ics:s@20261105T090000Z");
    }

    #[test]
    fn a_date_end_on_a_timed_start_is_that_midnight_in_the_start_zone() {
        let f = run(
            "BEGIN:VEVENT\nUID:d\nSUMMARY:x\nDTSTART;TZID=Europe/Berlin:20261102T180000\nDTEND;VALUE=DATE:20261103\nEND:VEVENT",
        );
        assert_eq!(starts(&f), ["20261102T170000Z 360"]);
    }

    #[test]
    fn the_import_budget_cut_is_said_once_for_every_series_it_cut() {
        let series = |uid: &str| {
            format!(
                "BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:20200101T000000Z\nDURATION:PT1M\n\
                 RRULE:FREQ=MINUTELY;COUNT=900000\nEND:VEVENT\n"
            )
        };
        let text = format!(
            "BEGIN:VCALENDAR\n{}{}{}END:VCALENDAR\n",
            series("a"),
            series("b"),
            series("c")
        );
        let z = crate::model::Zone::parse("Europe/Berlin").unwrap();
        let mut s = Settings::new(z);
        s.budget = recur::Budget {
            per_series: 1000,
            left: 1500,
        };
        let d = |y, m, d| z.day_start(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let f = instances(&text, &s, d(2026, 1, 1), d(2027, 1, 1)).unwrap();
        assert!(f.instances.is_empty());
        let cut: Vec<&String> = f
            .notes
            .iter()
            .filter(|n| n.contains("recurrence steps"))
            .collect();
        assert_eq!(cut.len(), 1, "{:?}", f.notes);
        assert!(
            cut[0].contains("limit of 1500 recurrence steps: 2 series (\"b\" and others)"),
            "{cut:?}"
        );
        assert!(
            f.notes.iter().any(|n| n.contains(
                "\"a\" was read only before the range: its rule took more than 1000 steps"
            )),
            "{:?}",
            f.notes
        );
    }

    #[test]
    fn an_unknown_tzid_is_read_in_the_own_zone_and_said() {
        let f = run(
            "BEGIN:VEVENT\nUID:u\nSUMMARY:x\nDTSTART;TZID=Mars/Base:20261102T090000\nDTEND;TZID=Mars/Base:20261102T100000\nEND:VEVENT",
        );
        assert_eq!(starts(&f), ["20261102T080000Z 60"]);
        assert!(f.notes[0].contains("Mars/Base"), "{:?}", f.notes);
    }

    #[test]
    fn hostile_values_are_skipped_not_panicked_on() {
        for body in [
            "BEGIN:VEVENT\nUID:a\nDTSTART:20261102T090000Z\nDTEND:99991231T235959Z\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:b\nDTSTART:20261102T090000Z\nDURATION:P366D\nRRULE:FREQ=DAILY\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:c\nDTSTART:-2621430101T000000\nDURATION:PT1H\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:d\nDTSTART:20261102T090000Z\nDURATION:PT1M\nRRULE:FREQ=SECONDLY;BYSETPOS=400\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:e\nDTSTART;TZID=Europe/Berlin:20261102T090000\nDURATION:PT1H\nRRULE:FREQ=YEARLY;BYWEEKNO=60;UNTIL=x\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:f\nDTSTART:20261102T090000Z\nDURATION:PT1H\nRRULE:FREQ=MINUTELY;INTERVAL=0\nEND:VEVENT",
            "BEGIN:VEVENT\nUID:g\nRECURRENCE-ID;RANGE=THISANDFUTURE:20261102T090000Z\nDTSTART:99991102T090000Z\nDURATION:PT1H\nEND:VEVENT",
        ] {
            let _ = run(body);
        }
        let f = run(
            "BEGIN:VEVENT\nUID:h\nDTSTART:20261102T090000Z\nDURATION:PT1M\nRRULE:FREQ=MINUTELY\nEND:VEVENT",
        );
        assert_eq!(f.instances.len(), MAX_INSTANCES);
        assert!(f.notes[0].contains("only the first 5000"), "{:?}", f.notes);
    }
}
