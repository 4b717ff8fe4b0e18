//! iCalendar (.ics) as Google, Outlook, Apple and Thunderbird export it.
//! [`content`] reads the text into components; `rrule` expands recurrence
//! rules (see [`recur`], which also bounds the work); this module decides
//! which meetings become candidates: recurring series expanded within the
//! window with RDATE, EXDATE and overridden or cancelled instances
//! (RECURRENCE-ID) applied, the latest copy of an event kept; all-day,
//! cancelled, declined, tentative and free events skipped.

pub mod content;
pub mod recur;
pub mod values;
pub mod zones;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use content::{Component, Property};

use super::{Candidate, Naming, Options, Parsed, Skipped};
use crate::model::Zone;
use crate::{Error, Result};
use values::{Length, Value};
use zones::EventZone;

/// Days before today read when `--from` is not given. The window ends
/// today: what has not happened yet is not time spent.
pub const DEFAULT_PAST_DAYS: i64 = 90;
/// Instances of one series read at most within the window.
const MAX_INSTANCES: usize = 5000;

/// The local days a calendar import covers, and a note when defaulted.
pub fn window(opts: &Options) -> (NaiveDate, NaiveDate, Option<String>) {
    let from = opts
        .from
        .unwrap_or(opts.today - Duration::days(DEFAULT_PAST_DAYS));
    let to = opts
        .to
        .unwrap_or_else(|| opts.from.map_or(opts.today, |f| f.max(opts.today)));
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
}

impl Settings {
    pub fn new(zone: Zone) -> Settings {
        Settings {
            zone,
            me: BTreeSet::new(),
            tentative: false,
            free: false,
        }
    }
}

pub fn parse(bytes: &[u8], opts: &Options) -> Result<Parsed> {
    let (from, to, note) = window(opts);
    let lo = opts.zone.day_start(from);
    let hi = opts.zone.day_start(to + Duration::days(1));
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let settings = Settings {
        zone: opts.zone,
        me: opts.calendar.me.iter().map(|m| m.to_lowercase()).collect(),
        tentative: opts.calendar.tentative,
        free: opts.calendar.free,
    };
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
    /// Which VCALENDAR of the file it is in: copies are compared within one.
    calendar: usize,
    uid: String,
    title: String,
    cancelled: bool,
    declined: bool,
    tentative: bool,
    free: bool,
    one_on_one: bool,
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

/// `l` after `s`, days on the wall clock of `z`.
fn add(s: DateTime<FixedOffset>, l: Length, z: &EventZone) -> Option<DateTime<FixedOffset>> {
    let s = if l.days == 0 {
        s
    } else {
        z.instant(z.wall(s).checked_add_signed(Duration::days(l.days))?)?
    };
    s.checked_add_signed(l.exact)
}

/// A THISANDFUTURE override: later instances move by `shift` and take its
/// length and title.
struct Future {
    from: DateTime<Utc>,
    shift: Duration,
    length: Length,
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

    fn rdate_lengths(&mut self, c: &Component) -> BTreeMap<DateTime<Utc>, Length> {
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
                    Some(e) => Some(Length::exact(e - s)),
                    None => values::duration(b),
                };
                if let Some(l) = len {
                    out.insert(s.to_utc(), l);
                }
            }
        }
        out
    }

    fn is_me(&self, p: &Property) -> bool {
        self.me.contains(&address(p))
            || p.param("EMAIL")
                .is_some_and(|e| self.me.contains(&e.trim().to_lowercase()))
    }

    fn event(&mut self, calendar: usize, c: &Component) -> std::result::Result<Event, String> {
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
            self.is_me(p)
                && p.param("PARTSTAT")
                    .is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"))
        });
        // Me and one other person who accepted, and nobody else.
        let attendees: BTreeMap<String, bool> = c
            .props("ATTENDEE")
            .map(|p| {
                let who = if self.is_me(p) {
                    "me".to_string()
                } else {
                    address(p)
                };
                let accepted = p
                    .param("PARTSTAT")
                    .is_some_and(|s| s.eq_ignore_ascii_case("ACCEPTED"));
                (who, accepted)
            })
            .collect();
        let one_on_one = attendees.len() == 2
            && attendees.contains_key("me")
            && attendees.iter().all(|(w, ok)| w == "me" || *ok);
        let is = |k: &str, v: &str| get(k).is_some_and(|s| s.eq_ignore_ascii_case(v));
        Ok(Event {
            calendar,
            uid: get("UID").unwrap_or_else(|| format!("{}-{title}", start.value.naive())),
            cancelled: is("STATUS", "CANCELLED"),
            tentative: is("STATUS", "TENTATIVE"),
            free: is("TRANSP", "TRANSPARENT"),
            declined,
            one_on_one,
            sequence: get("SEQUENCE")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0),
            stamp: get("DTSTAMP")
                .and_then(|s| values::parse(&s))
                .map(Value::naive),
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

/// An attendee's address, lower-cased, without `mailto:`.
fn address(p: &Property) -> String {
    let a = p.value.trim().to_lowercase();
    a.strip_prefix("mailto:").map(String::from).unwrap_or(a)
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
        budget: recur::Budget::new(),
        found,
    };
    for e in &events {
        x.expand(e, futures.get(&e.uid));
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

fn in_window(t: DateTime<FixedOffset>, lo: DateTime<Utc>, hi: DateTime<Utc>) -> bool {
    let u = t.to_utc();
    u >= lo && u < hi
}

/// Expands events into instances within `[lo, hi)`, within the budget.
struct Expander<'a> {
    overridden: &'a BTreeSet<(String, String)>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
    settings: &'a Settings,
    budget: recur::Budget,
    found: Found,
}

impl Expander<'_> {
    /// `2026-11-23 09:00 "Title"` in the user's zone (a day for all-day).
    fn what(&self, e: &Event) -> String {
        let when = match (e.start.value, e.start.instant()) {
            (Value::Date(d), _) => d.to_string(),
            (_, Some(t)) => self
                .settings
                .zone
                .localize(t.to_utc())
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            (v, None) => v.naive().format("%Y-%m-%d %H:%M").to_string(),
        };
        let series = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
        format!(
            "{when} \"{}\"{}",
            e.title,
            if series { " (a series)" } else { "" }
        )
    }

    fn skip(&mut self, e: &Event, why: &str) {
        let what = self.what(e);
        self.found.skipped.push(Skipped {
            what,
            why: why.into(),
        });
    }

    fn expand(&mut self, e: &Event, futures: Option<&Vec<Future>>) {
        let (lo, hi) = (self.lo, self.hi);
        let recurring = e.recurrence_id.is_none() && (!e.rrules.is_empty() || !e.rdates.is_empty());
        let first = e.start.instant();
        let near = first.is_some_and(|t| in_window(t, lo, hi) || (recurring && t.to_utc() < hi));
        if let Value::Date(d) = e.start.value {
            let t = d.and_time(chrono::NaiveTime::MIN).and_utc();
            if t < hi && (recurring || t >= lo - Duration::days(1)) {
                self.skip(e, "all-day");
            }
            return;
        }
        let Some(start) = first else {
            return;
        };
        let status = if e.cancelled {
            Some("cancelled")
        } else if e.declined {
            Some("declined")
        } else if e.tentative && !self.settings.tentative {
            Some("tentative (`tentative = true` in [import.calendar] takes them)")
        } else if e.free && !self.settings.free {
            Some("marked free (`free = true` in [import.calendar] takes such holds)")
        } else {
            None
        };
        if let Some(why) = status {
            if near {
                self.skip(e, why);
            }
            return;
        }
        let Some(length) = e.length() else {
            if near {
                self.skip(e, "its end cannot be read");
            }
            return;
        };
        let periods = !e.rdate_lengths.is_empty();
        if length.nominal() < Duration::zero() {
            if near {
                self.skip(e, "it ends before it starts");
            }
            return;
        }
        if length.nominal() == Duration::zero() && !periods {
            if near {
                self.skip(e, "no duration (it ends when it starts)");
            }
            return;
        }
        let max = Duration::days(crate::model::MAX_ENTRY_DAYS);
        if length.nominal() > max {
            if near {
                self.skip(
                    e,
                    &format!(
                        "lasts longer than the {} days an entry may span",
                        crate::model::MAX_ENTRY_DAYS
                    ),
                );
            }
            return;
        }
        let z = &e.start.zone;
        if !recurring {
            let source = match &e.recurrence_id {
                Some(rid) => format!("ics:{}@{}", e.uid, rid_key(rid).unwrap_or_default()),
                None => format!("ics:{}", e.uid),
            };
            self.push(e, start, length, futures, source);
            return;
        }
        let wall0 = e.start.value.naive();
        let wlo = z.wall(lo.fixed_offset()) - length.nominal() - Duration::days(1);
        let whi = z.wall(hi.fixed_offset()) + Duration::days(1);
        let mut walls: BTreeSet<NaiveDateTime> = BTreeSet::new();
        walls.insert(wall0);
        for rule in &e.rrules {
            let to_wall = |n: NaiveDateTime| z.wall(n.and_utc().fixed_offset());
            match recur::walk(
                wall0,
                rule,
                wlo,
                whi,
                MAX_INSTANCES,
                &mut self.budget,
                &to_wall,
            ) {
                Ok(w) => {
                    if let Some(cut) = w.cut {
                        let reached = w.dates.last().map_or_else(
                            || "before the range".to_string(),
                            |d| format!("up to {}", d.format("%Y-%m-%d")),
                        );
                        self.found.notes.push(match cut {
                            recur::Cut::Instances => format!(
                                "\"{}\" repeats more than {MAX_INSTANCES} times in the range; only the first {MAX_INSTANCES} were read",
                                e.title
                            ),
                            recur::Cut::Series => format!(
                                "\"{}\" was read only {reached}: its rule took more than {} steps from its start; give a --from/--to closer to its start",
                                e.title,
                                recur::Budget::PER_SERIES
                            ),
                            recur::Cut::Import => format!(
                                "\"{}\" was read only {reached}: the import took its limit of {} recurrence steps; import this calendar in shorter --from/--to ranges",
                                e.title,
                                recur::Budget::PER_IMPORT
                            ),
                        });
                    }
                    walls.extend(w.dates);
                }
                Err(m) => {
                    if near {
                        self.skip(e, &format!("its recurrence rule cannot be read ({m})"));
                    }
                    return;
                }
            }
        }
        let mut day_rdates = Vec::new();
        for rd in &e.rdates {
            match (rd.value, rd.instant()) {
                (Value::Date(d), _) => day_rdates.push(d),
                (_, Some(t)) => {
                    walls.insert(z.wall(t));
                }
                _ => {}
            }
        }
        let in_range: Vec<&NaiveDate> = day_rdates
            .iter()
            .filter(|d| {
                let t = self.settings.zone.day_start(**d);
                t >= lo && t < hi
            })
            .collect();
        if !in_range.is_empty() {
            let days: Vec<String> = in_range.iter().map(|d| d.to_string()).collect();
            self.skip(
                e,
                &format!(
                    "RDATE;VALUE=DATE {} names days, not times, in a series of timed meetings: those instances were not read",
                    days.join(",")
                ),
            );
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
            if self.overridden.contains(&(e.uid.clone(), k.clone())) {
                continue;
            }
            self.push(e, s, length, futures, format!("ics:{}@{k}", e.uid));
        }
    }

    /// One instance starting at `s` (before a THISANDFUTURE move).
    fn push(
        &mut self,
        e: &Event,
        s: DateTime<FixedOffset>,
        length: Length,
        futures: Option<&Vec<Future>>,
        source: String,
    ) {
        let length = e.rdate_lengths.get(&s.to_utc()).copied().unwrap_or(length);
        let future = futures
            .and_then(|f| f.iter().rev().find(|f| f.from <= s.to_utc()))
            .filter(|_| e.recurrence_id.is_none());
        let (s, length, title) = match future {
            Some(f) if f.length.nominal() > Duration::zero() => {
                match s.checked_add_signed(f.shift) {
                    Some(moved) => (moved, f.length, &f.title),
                    None => return,
                }
            }
            _ => (s, length, &e.title),
        };
        let Some(end) = add(s, length, &e.start.zone) else {
            return;
        };
        if in_window(s, self.lo, self.hi) && end > s {
            self.found.instances.push(Instance {
                start: s,
                end,
                title: title.clone(),
                source,
                one_on_one: e.one_on_one,
            });
        }
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
