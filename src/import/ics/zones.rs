//! Which zone an iCalendar time is in: IANA names (also behind the prefixes
//! some clients add), the Windows names Outlook writes, and VTIMEZONE
//! definitions that name no known zone, evaluated from their own rules.

use std::collections::BTreeMap;

use super::content::Component;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::values::{self, Value};
use crate::model::Zone;

/// Windows zone names (as Outlook/Exchange write them in TZID) to IANA, from
/// the CLDR windowsZones table: the common ones.
const WINDOWS: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Mexico Standard Time", "America/Mexico_City"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("GMT", "Etc/UTC"),
];

/// A zone an iCalendar time can be in.
#[derive(Debug, Clone)]
pub enum EventZone {
    Utc,
    Named(Tz),
    /// A VTIMEZONE that names no known zone, evaluated from its rules.
    Defined(std::rc::Rc<Defined>),
    /// No zone: the wall clock of the config zone.
    Floating(Zone),
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE.
#[derive(Debug, Clone)]
struct Observance {
    start: NaiveDateTime,
    from: FixedOffset,
    to: FixedOffset,
    rrule: Option<String>,
    rdates: Vec<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Defined {
    observances: Vec<Observance>,
    /// Every onset of every observance up to [`LAST_ONSET`], in local
    /// time, sorted, with the offset it brings: expanded once per import
    /// (Outlook's rules start in 1601; walking them at every lookup cost
    /// milliseconds per instance).
    onsets: Vec<(NaiveDateTime, FixedOffset)>,
}

/// Onsets after this are not expanded: the zone keeps the last offset.
const LAST_ONSET_YEAR: i32 = 2200;
/// Onsets read per observance at most (a yearly rule from 1601 has 600).
const MAX_ONSETS: u16 = 2000;

impl Defined {
    fn parse(c: &Component) -> Option<Defined> {
        let mut observances = Vec::new();
        for o in &c.components {
            if !o.is("STANDARD") && !o.is("DAYLIGHT") {
                continue;
            }
            let get = |k: &str| o.value(k).map(String::from);
            let start = match values::parse(&get("DTSTART")?)? {
                Value::Floating(n) | Value::Utc(n) => n,
                Value::Date(d) => d.and_time(chrono::NaiveTime::MIN),
            };
            let from = offset(&get("TZOFFSETFROM")?)?;
            let to = offset(&get("TZOFFSETTO")?)?;
            let rdates = o
                .props("RDATE")
                .flat_map(|p| {
                    p.value
                        .split(',')
                        .filter_map(values::parse)
                        .collect::<Vec<_>>()
                })
                .map(|v| v.naive())
                .collect();
            observances.push(Observance {
                start,
                from,
                to,
                rrule: get("RRULE"),
                rdates,
            });
        }
        if observances.is_empty() {
            return None;
        }
        let last = chrono::NaiveDate::from_ymd_opt(LAST_ONSET_YEAR, 1, 1)?
            .and_time(chrono::NaiveTime::MIN);
        let mut onsets = Vec::new();
        for o in &observances {
            onsets.push((o.start, o.to));
            onsets.extend(o.rdates.iter().map(|d| (*d, o.to)));
            if let Some(r) = &o.rrule
                && let Ok(found) =
                    super::recur::naive_instances(o.start, r, o.start, last, MAX_ONSETS)
            {
                onsets.extend(found.into_iter().map(|d| (d, o.to)));
            }
        }
        onsets.sort_by_key(|(t, _)| *t);
        Some(Defined {
            observances,
            onsets,
        })
    }

    /// The offset in force at local time `t`: that of the latest onset at
    /// or before `t`; before the first, the first observance's `from`.
    fn offset_at(&self, t: NaiveDateTime) -> FixedOffset {
        let i = self.onsets.partition_point(|(on, _)| *on <= t);
        match i.checked_sub(1).map(|i| self.onsets[i].1) {
            Some(off) => off,
            None => self
                .observances
                .iter()
                .min_by_key(|o| o.start)
                .map_or(FixedOffset::east_opt(0).expect("zero"), |o| o.from),
        }
    }
}

fn offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, s),
    };
    if rest.len() < 4 || !rest.is_ascii() {
        return None;
    }
    let h: i32 = rest[..2].parse().ok()?;
    let m: i32 = rest[2..4].parse().ok()?;
    let sec: i32 = rest.get(4..6).and_then(|x| x.parse().ok()).unwrap_or(0);
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + sec))
}

/// An IANA zone named by `tzid`, directly, behind a vendor prefix
/// (`/mozilla.org/20050126_1/Europe/Berlin`), or by its Windows name.
pub fn known(tzid: &str) -> Option<Tz> {
    let id = tzid.trim().trim_matches('"').trim();
    if let Ok(tz) = id.parse::<Tz>() {
        return Some(tz);
    }
    let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    // `/Europe/Stockholm` (a leading slash) is the whole path; a vendor
    // prefix is dropped part by part, longest name first.
    for k in (1..=parts.len()).rev() {
        if let Ok(tz) = parts[parts.len() - k..].join("/").parse::<Tz>() {
            return Some(tz);
        }
    }
    WINDOWS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(id))
        .and_then(|(_, i)| i.parse().ok())
}

/// The zones of a calendar's VTIMEZONE components, by TZID.
pub fn table(vtimezones: &[&Component]) -> BTreeMap<String, EventZone> {
    let mut out = BTreeMap::new();
    for c in vtimezones {
        let Some(id) = c.value("TZID").map(String::from) else {
            continue;
        };
        let lic = c.value("X-LIC-LOCATION").and_then(known);
        let z = match known(&id).or(lic) {
            Some(tz) => EventZone::Named(tz),
            None => match Defined::parse(c) {
                Some(d) => EventZone::Defined(std::rc::Rc::new(d)),
                None => continue,
            },
        };
        out.insert(id, z);
    }
    out
}

impl EventZone {
    /// The instant a wall-clock time in this zone names. A time a DST change
    /// skips is read with the offset before the gap (RFC 5545 §3.3.5); a
    /// repeated one is the first.
    pub fn instant(&self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            EventZone::Utc => Some(t.and_utc().fixed_offset()),
            EventZone::Named(tz) => Some(match tz.from_local_datetime(&t) {
                chrono::LocalResult::Single(x) | chrono::LocalResult::Ambiguous(x, _) => {
                    x.fixed_offset()
                }
                chrono::LocalResult::None => {
                    let probe = t.checked_sub_signed(Duration::hours(3))?;
                    let before = tz.offset_from_utc_datetime(&probe).fix();
                    before.from_local_datetime(&t).single()?
                }
            }),
            EventZone::Defined(d) => d.offset_at(t).from_local_datetime(&t).single(),
            EventZone::Floating(z) => Some(match z.resolve(t) {
                Ok(x) => x,
                Err(_) => z.first_valid(t).fixed_offset(),
            }),
        }
    }

    /// The wall-clock time an instant shows in this zone.
    pub fn wall(&self, t: DateTime<FixedOffset>) -> NaiveDateTime {
        match self {
            EventZone::Utc => t.naive_utc(),
            EventZone::Named(tz) => t.with_timezone(tz).naive_local(),
            EventZone::Defined(d) => {
                // The offset in force near that instant: try the offsets the
                // zone has and keep the one that maps back to it.
                for o in &d.observances {
                    for off in [o.to, o.from] {
                        let w = t.with_timezone(&off).naive_local();
                        if d.offset_at(w) == off {
                            return w;
                        }
                    }
                }
                t.naive_utc()
            }
            EventZone::Floating(z) => z.localize(t.to_utc()).naive_local(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_behind_prefixes_and_windows_names() {
        assert_eq!(known("Europe/Berlin"), Some(Tz::Europe__Berlin));
        assert_eq!(
            known("/mozilla.org/20050126_1/America/New_York"),
            Some(Tz::America__New_York)
        );
        assert_eq!(known("W. Europe Standard Time"), Some(Tz::Europe__Berlin));
        assert_eq!(
            known("\"Pacific Standard Time\""),
            Some(Tz::America__Los_Angeles)
        );
        assert_eq!(known("Mars/Olympus"), None);
        assert_eq!(known("/Europe/Stockholm"), Some(Tz::Europe__Stockholm));
        assert_eq!(
            known("/America/Argentina/Buenos_Aires"),
            Some(Tz::America__Argentina__Buenos_Aires)
        );
    }

    #[test]
    fn a_custom_vtimezone_is_expanded_once_and_right_for_decades() {
        // Outlook's "Customized Time Zone" for US Eastern, rules from 1601:
        // DST from the 2nd Sunday of March 02:00 to the 1st Sunday of
        // November 02:00 (hand-checked dates below).
        let (roots, _) = super::super::content::parse(
            "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\n\
             BEGIN:STANDARD\nDTSTART:16010101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n\
             RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\nEND:STANDARD\n\
             BEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n\
             RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
        );
        let d = Defined::parse(&roots[0]).unwrap();
        // 400 years of two onsets each, plus the two DTSTARTs.
        assert_eq!(d.onsets.len(), 2 * (LAST_ONSET_YEAR - 1601) as usize + 2);
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let h = |off: FixedOffset| off.local_minus_utc() / 3600;
        // 2031: 9 March and 2 November are the switching Sundays.
        assert_eq!(h(d.offset_at(at("2031-03-09 01:59"))), -5);
        assert_eq!(h(d.offset_at(at("2031-03-09 02:00"))), -4);
        assert_eq!(h(d.offset_at(at("2031-07-01 12:00"))), -4);
        assert_eq!(h(d.offset_at(at("2031-11-02 01:59"))), -4);
        assert_eq!(h(d.offset_at(at("2031-11-02 02:00"))), -5);
        assert_eq!(h(d.offset_at(at("1990-01-15 12:00"))), -5);
    }

    #[test]
    fn a_skipped_wall_time_uses_the_offset_before_the_gap() {
        let z = EventZone::Named(Tz::Europe__Berlin);
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        let i = z.instant(t).unwrap();
        assert_eq!(i.to_utc().to_rfc3339(), "2026-03-29T01:30:00+00:00");
    }
}
