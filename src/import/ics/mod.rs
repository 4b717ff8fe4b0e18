//! iCalendar (.ics) as Google, Outlook, Apple and Thunderbird export it.
//! [`content`] reads the text into components; `rrule` expands recurrence
//! rules (see [`recur`]); this module decides which meetings become
//! candidates: recurring series expanded within the window with RDATE,
//! EXDATE and overridden or cancelled instances (RECURRENCE-ID) applied;
//! all-day, cancelled and declined events skipped.

mod content;
mod recur;
mod values;
mod zones;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use content::{Component, Property};

use super::{Candidate, Naming, Options, Parsed, Skipped};
use crate::{Error, Result};
use values::Value;
use zones::EventZone;

/// Days before and after today read when `--from`/`--to` are not given.
pub const DEFAULT_PAST_DAYS: i64 = 90;
pub const DEFAULT_FUTURE_DAYS: i64 = 30;
/// Instances of one series read at most within the window.
const MAX_INSTANCES: u16 = 5000;

/// The local days a calendar import covers, and a note when defaulted.
pub fn window(opts: &Options) -> (NaiveDate, NaiveDate, Option<String>) {
    let from = opts
        .from
        .unwrap_or(opts.today - Duration::days(DEFAULT_PAST_DAYS));
    let to = opts.to.unwrap_or_else(|| {
        opts.from.map_or(opts.today, |f| f.max(opts.today)) + Duration::days(DEFAULT_FUTURE_DAYS)
    });
    let note = (opts.from.is_none() || opts.to.is_none()).then(|| {
        format!("calendar events read from {from} to {to} (set --from/--to for another range)")
    });
    (from, to, note)
}

/// One instance found in a calendar, before classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub title: String,
    pub source: String,
}

pub fn parse(bytes: &[u8], opts: &Options) -> Result<Parsed> {
    let (from, to, note) = window(opts);
    let lo = opts.zone.day_start(from);
    let hi = opts.zone.day_start(to + Duration::days(1));
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let me: BTreeSet<String> = opts.calendar.me.iter().map(|m| m.to_lowercase()).collect();
    let zone = opts.zone;
    // The parsing crates are not ours to vouch for: a panic inside them on
    // some odd input becomes a clear error, never a crash.
    let found =
        std::panic::catch_unwind(|| instances(&text, zone, &me, lo, hi)).map_err(|_| {
            Error::invalid("the calendar could not be read (the iCalendar reader failed on it)")
        })??;
    let mut p = Parsed::default();
    p.notes.extend(note);
    p.notes.extend(found.notes);
    p.skipped = found.skipped;
    for i in found.instances {
        let mut c = Candidate::new(i.start, i.end, Naming::Title(i.title.clone()));
        c.note = Some(i.title);
        c.source = Some(i.source);
        p.candidates.push(c);
    }
    Ok(p)
}

#[derive(Debug, Default)]
pub struct Found {
    pub instances: Vec<Instance>,
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
    uid: String,
    title: String,
    cancelled: bool,
    declined: bool,
    start: Time,
    end: Option<Time>,
    duration: Option<Duration>,
    rrules: Vec<String>,
    rdates: Vec<Time>,
    exdates: Vec<Time>,
    recurrence_id: Option<Time>,
    /// RANGE=THISANDFUTURE on the RECURRENCE-ID.
    this_and_future: bool,
    /// RDATE periods (`start/end`, `start/duration`): their own lengths.
    rdate_lengths: BTreeMap<DateTime<Utc>, Duration>,
}

/// A THISANDFUTURE override: later instances move by `shift` and take its
/// length and title.
struct Future {
    from: DateTime<Utc>,
    shift: Duration,
    length: Duration,
    title: String,
}

struct Reader<'a> {
    zones: BTreeMap<String, EventZone>,
    floating: EventZone,
    unknown_zones: BTreeSet<String>,
    me: &'a BTreeSet<String>,
}

impl Reader<'_> {
    fn zone_of(&mut self, p: &Property) -> EventZone {
        let Some(id) = p.param("TZID") else {
            return self.floating.clone();
        };
        let id = id.trim().trim_matches('"').to_string();
        if let Some(z) = self.zones.get(&id) {
            return z.clone();
        }
        match zones::known(&id) {
            Some(tz) => EventZone::Named(tz),
            None => {
                self.unknown_zones.insert(id);
                self.floating.clone()
            }
        }
    }

    fn times(&mut self, c: &Component, name: &str) -> Vec<Time> {
        let mut out = Vec::new();
        for p in c.props(name) {
            let zone = self.zone_of(p);
            for v in p.value.split(',') {
                if let Some(value) = values::parse(v) {
                    let zone = if matches!(value, Value::Utc(_)) {
                        EventZone::Utc
                    } else {
                        zone.clone()
                    };
                    out.push(Time { value, zone });
                }
            }
        }
        out
    }

    fn rdate_lengths(&mut self, c: &Component) -> BTreeMap<DateTime<Utc>, Duration> {
        let mut out = BTreeMap::new();
        for p in c.props("RDATE") {
            let zone = self.zone_of(p);
            for v in p.value.split(',') {
                let Some((a, b)) = v.split_once('/') else {
                    continue;
                };
                let t = |v: Value| Time {
                    zone: if matches!(v, Value::Utc(_)) {
                        EventZone::Utc
                    } else {
                        zone.clone()
                    },
                    value: v,
                };
                let Some(s) = values::parse(a).map(t).and_then(|x| x.instant()) else {
                    continue;
                };
                let len = match values::parse(b).map(t).and_then(|x| x.instant()) {
                    Some(e) => Some(e - s),
                    None => values::duration(b),
                };
                if let Some(l) = len {
                    out.insert(s.to_utc(), l);
                }
            }
        }
        out
    }

    fn event(&mut self, c: &Component) -> std::result::Result<Event, String> {
        let get = |k: &str| c.value(k).map(String::from);
        let title = unescape(&get("SUMMARY").unwrap_or_default());
        let title = if title.trim().is_empty() {
            "(no title)".to_string()
        } else {
            title.trim().to_string()
        };
        let Some(start) = self.times(c, "DTSTART").into_iter().next() else {
            return Err(format!("\"{title}\" has no readable DTSTART"));
        };
        let declined = c.props("ATTENDEE").any(|p| {
            let addr = p.value.trim().to_lowercase();
            let addr = addr.strip_prefix("mailto:").unwrap_or(&addr);
            // Apple writes the address in EMAIL= and a urn in the value.
            let email = p.param("EMAIL").map(str::to_lowercase);
            (self.me.contains(addr) || email.is_some_and(|e| self.me.contains(&e)))
                && p.param("PARTSTAT")
                    .is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"))
        });
        Ok(Event {
            uid: get("UID").unwrap_or_else(|| format!("{}-{title}", start.value.naive())),
            cancelled: get("STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")),
            declined,
            end: self.times(c, "DTEND").into_iter().next(),
            duration: get("DURATION").and_then(|d| values::duration(&d)),
            rrules: c.props("RRULE").map(|p| p.value.clone()).collect(),
            rdates: self.times(c, "RDATE"),
            exdates: self.times(c, "EXDATE"),
            recurrence_id: self.times(c, "RECURRENCE-ID").into_iter().next(),
            this_and_future: c
                .prop("RECURRENCE-ID")
                .and_then(|p| p.param("RANGE"))
                .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
            rdate_lengths: self.rdate_lengths(c),
            title,
            start,
        })
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n' | 'N') => out.push(' '),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn key(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// Every component named `name`, inside VCALENDARs or at the top level.
fn collect<'a>(roots: &'a [Component], name: &str, out: &mut Vec<&'a Component>) {
    for c in roots {
        if c.is(name) {
            out.push(c);
        } else if c.is("VCALENDAR") {
            collect(&c.components, name, out);
        }
    }
}

/// The timed instances of every event starting in `[lo, hi)`.
pub fn instances(
    text: &str,
    zone: crate::model::Zone,
    me: &BTreeSet<String>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> Result<Found> {
    let (roots, _) = content::parse(text);
    if !roots.iter().any(|c| c.is("VCALENDAR")) {
        return Err(Error::invalid(
            "not an iCalendar file: it has no BEGIN:VCALENDAR",
        ));
    }
    let (mut tzs, mut evs) = (Vec::new(), Vec::new());
    collect(&roots, "VTIMEZONE", &mut tzs);
    collect(&roots, "VEVENT", &mut evs);
    let mut r = Reader {
        zones: zones::table(&tzs),
        floating: EventZone::Floating(zone),
        unknown_zones: BTreeSet::new(),
        me,
    };
    let mut found = Found::default();
    let mut events = Vec::new();
    for c in evs {
        match r.event(c) {
            Ok(e) => events.push(e),
            Err(m) => found.skipped.push(Skipped {
                what: "an event".into(),
                why: m,
            }),
        }
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
        let length = match (&e.end, e.duration) {
            (Some(end), _) => end.instant().map(|x| x - start),
            (None, d) => d,
        };
        futures.entry(e.uid.clone()).or_default().push(Future {
            from: rid.to_utc(),
            shift: start - rid,
            length: length.unwrap_or_default(),
            title: e.title.clone(),
        });
    }
    for f in futures.values_mut() {
        f.sort_by_key(|x| x.from);
    }
    for e in &events {
        expand(e, &overridden, futures.get(&e.uid), lo, hi, &mut found);
    }
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

fn in_window(t: DateTime<FixedOffset>, lo: DateTime<Utc>, hi: DateTime<Utc>) -> bool {
    let u = t.to_utc();
    u >= lo && u < hi
}

fn expand(
    e: &Event,
    overridden: &BTreeSet<(String, String)>,
    futures: Option<&Vec<Future>>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
    found: &mut Found,
) {
    let recurring = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
    let first = e.start.instant();
    let near = |t: Option<DateTime<FixedOffset>>| {
        t.is_some_and(|t| in_window(t, lo, hi) || (recurring && t.to_utc() < hi))
    };
    let what = || match e.start.value {
        Value::Date(d) => format!("{d} \"{}\"", e.title),
        v => format!("{} \"{}\"", v.naive().format("%Y-%m-%d %H:%M"), e.title),
    };
    let skip = |why: &str, found: &mut Found| {
        found.skipped.push(Skipped {
            what: what() + if recurring { " (a series)" } else { "" },
            why: why.into(),
        });
    };
    if let Value::Date(d) = e.start.value {
        let t = d.and_time(chrono::NaiveTime::MIN).and_utc();
        if t < hi && (recurring || t >= lo - Duration::days(1)) {
            skip("all-day", found);
        }
        return;
    }
    let Some(start) = first else {
        return;
    };
    if e.cancelled {
        if near(first) {
            skip("cancelled", found);
        }
        return;
    }
    if e.declined {
        if near(first) {
            skip("declined", found);
        }
        return;
    }
    let length = match (&e.end, e.duration) {
        (Some(end), _) => end.instant().map(|x| x - start),
        (None, Some(d)) => Some(d),
        (None, None) => Some(Duration::zero()),
    };
    let Some(length) = length.filter(|l| *l > Duration::zero()) else {
        if near(first) {
            skip("no duration (it ends when it starts)", found);
        }
        return;
    };
    if length > Duration::days(crate::model::MAX_ENTRY_DAYS) {
        if near(first) {
            skip(
                &format!(
                    "lasts longer than the {} days an entry may span",
                    crate::model::MAX_ENTRY_DAYS
                ),
                found,
            );
        }
        return;
    }
    let push = |s: DateTime<FixedOffset>, source: String, found: &mut Found| {
        let length = e.rdate_lengths.get(&s.to_utc()).copied().unwrap_or(length);
        let future = futures
            .and_then(|f| f.iter().rev().find(|f| f.from <= s.to_utc()))
            .filter(|_| e.recurrence_id.is_none());
        let (s, length, title) = match future {
            Some(f) if f.length > Duration::zero() => match s.checked_add_signed(f.shift) {
                Some(moved) => (moved, f.length, &f.title),
                None => return,
            },
            _ => (s, length, &e.title),
        };
        let Some(end) = s.checked_add_signed(length) else {
            return;
        };
        if in_window(s, lo, hi) && length > Duration::zero() {
            found.instances.push(Instance {
                start: s,
                end,
                title: title.clone(),
                source,
            });
        }
    };
    if !recurring {
        let source = match &e.recurrence_id {
            Some(rid) => format!("ics:{}@{}", e.uid, rid_key(rid).unwrap_or_default()),
            None => format!("ics:{}", e.uid),
        };
        push(start, source, found);
        return;
    }
    let z = &e.start.zone;
    let wall0 = e.start.value.naive();
    let wlo = z.wall(lo.fixed_offset()) - length - Duration::days(1);
    let whi = z.wall(hi.fixed_offset()) + Duration::days(1);
    let mut walls: BTreeSet<NaiveDateTime> = BTreeSet::new();
    walls.insert(wall0);
    for rule in &e.rrules {
        let to_wall = |n: NaiveDateTime| z.wall(n.and_utc().fixed_offset());
        match recur::naive_instances_with(wall0, rule, wlo, whi, MAX_INSTANCES, &to_wall) {
            Ok(v) => {
                if v.len() >= usize::from(MAX_INSTANCES) {
                    found.notes.push(format!(
                        "\"{}\" repeats more than {MAX_INSTANCES} times in the range; only the first {MAX_INSTANCES} were read",
                        e.title
                    ));
                }
                walls.extend(v);
            }
            Err(m) => {
                if near(first) {
                    skip(&format!("its recurrence rule cannot be read ({m})"), found);
                }
                return;
            }
        }
    }
    for rd in &e.rdates {
        if let Some(t) = rd.instant() {
            walls.insert(z.wall(t));
        }
    }
    let mut ex_instants = BTreeSet::new();
    let mut ex_dates = BTreeSet::new();
    for x in &e.exdates {
        match x.value {
            Value::Date(d) => {
                ex_dates.insert(d);
            }
            _ => {
                if let Some(t) = x.instant() {
                    ex_instants.insert(t.to_utc());
                }
            }
        }
    }
    for w in walls {
        let Some(s) = z.instant(w) else { continue };
        if ex_instants.contains(&s.to_utc()) || ex_dates.contains(&w.date()) {
            continue;
        }
        let k = key(s);
        if overridden.contains(&(e.uid.clone(), k.clone())) {
            continue;
        }
        push(s, format!("ics:{}@{k}", e.uid), found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Found {
        let text = format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n");
        let z = crate::model::Zone::parse("Europe/Berlin").unwrap();
        let d = |y, m, d| z.day_start(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let me = BTreeSet::from(["ana@example.com".to_string()]);
        instances(&text, z, &me, d(2026, 1, 1), d(2027, 1, 1)).unwrap()
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
        assert_eq!(f.instances.len(), usize::from(MAX_INSTANCES));
        assert!(f.notes[0].contains("only the first 5000"), "{:?}", f.notes);
    }
}
