//! VEVENT components into [`Event`]s: times in their zones, lengths,
//! attendees (declined by me, a meeting of two), status and transparency.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::content::{Component, Property};
use super::values::{self, Length, Value};
use super::zones::{self, EventZone};
use super::{Event, Time};

pub(super) struct Reader<'a> {
    pub(super) zones: BTreeMap<String, EventZone>,
    pub(super) floating: EventZone,
    pub(super) unknown_zones: BTreeSet<String>,
    pub(super) me: &'a BTreeSet<String>,
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

    pub(super) fn event(
        &mut self,
        calendar: usize,
        c: &Component,
    ) -> std::result::Result<Event, String> {
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
        // My own: I organize or attend it (and did not decline), or it is a
        // private entry with no organizer and no attendees.
        let organizer = c.prop("ORGANIZER");
        let mine = !declined
            && (organizer.is_some_and(|p| self.is_me(p))
                || c.props("ATTENDEE").any(|p| self.is_me(p))
                || (organizer.is_none() && c.props("ATTENDEE").next().is_none()));
        let is = |k: &str, v: &str| get(k).is_some_and(|s| s.eq_ignore_ascii_case(v));
        Ok(Event {
            calendar,
            uid: get("UID").unwrap_or_else(|| format!("{}-{title}", start.value.naive())),
            cancelled: is("STATUS", "CANCELLED"),
            tentative: is("STATUS", "TENTATIVE"),
            free: is("TRANSP", "TRANSPARENT"),
            declined,
            one_on_one,
            mine,
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
