//! iCalendar value types keel reads: DATE, DATE-TIME (UTC or local) and
//! DURATION.

use chrono::{Duration, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Date(NaiveDate),
    /// `…Z`
    Utc(NaiveDateTime),
    /// Local time: in the TZID's zone, or floating without one.
    Floating(NaiveDateTime),
}

impl Value {
    pub fn naive(self) -> NaiveDateTime {
        match self {
            Value::Date(d) => d.and_time(chrono::NaiveTime::MIN),
            Value::Utc(n) | Value::Floating(n) => n,
        }
    }
}

/// `20261123`, `20261123T090000`, `20261123T090000Z` (seconds optional, as
/// some clients write them).
pub fn parse(s: &str) -> Option<Value> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    // A PERIOD (RDATE): its start.
    let s = s.split('/').next()?;
    if s.len() == 8 {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok().map(Value::Date);
    }
    let (body, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(b) => (b, true),
        None => (s, false),
    };
    let n = NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M"))
        .ok()?;
    Some(if utc {
        Value::Utc(n)
    } else {
        Value::Floating(n)
    })
}

/// A DURATION as RFC 5545 §3.3.6 reads it: days and weeks are nominal
/// (a day is the same wall-clock time the next day, 23 or 25 hours across a
/// DST change), hours, minutes and seconds exact. Added days first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Length {
    pub days: i64,
    pub exact: Duration,
}

impl Length {
    pub fn exact(d: Duration) -> Length {
        Length { days: 0, exact: d }
    }

    /// Its length counting a day as 24 hours: what limits are checked on.
    pub fn nominal(self) -> Duration {
        Duration::days(self.days) + self.exact
    }
}

/// `PT1H30M`, `P1D`, `-PT15M`, `P1W`, `P1DT2H`.
pub fn duration(s: &str) -> Option<Length> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    let (mut days, mut secs): (i64, i64) = (0, 0);
    let mut num = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => num.push(d),
            u => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                match (u, in_time) {
                    ('W', false) => days = days.checked_add(n.checked_mul(7)?)?,
                    ('D', false) => days = days.checked_add(n)?,
                    ('H', true) => secs = secs.checked_add(n.checked_mul(3600)?)?,
                    ('M', true) => secs = secs.checked_add(n.checked_mul(60)?)?,
                    ('S', true) => secs = secs.checked_add(n)?,
                    _ => return None,
                }
                any = true;
            }
        }
    }
    if !num.is_empty() || !any || days > 366 || secs > 366 * 86_400 {
        return None;
    }
    let sign = if neg { -1 } else { 1 };
    Some(Length {
        days: sign * days,
        exact: Duration::seconds(sign * secs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_durations() {
        assert!(matches!(parse("20261123"), Some(Value::Date(_))));
        assert!(matches!(parse("20261123T090000Z"), Some(Value::Utc(_))));
        assert!(matches!(parse("20261123T0900"), Some(Value::Floating(_))));
        assert_eq!(parse("2026-11-23"), None);
        let n = |s| duration(s).map(Length::nominal);
        assert_eq!(n("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(n("P1DT1H"), Some(Duration::hours(25)));
        assert_eq!(n("P2W"), Some(Duration::days(14)));
        assert_eq!(n("-PT15M"), Some(Duration::minutes(-15)));
        let l = duration("P1DT2H").unwrap();
        assert_eq!((l.days, l.exact), (1, Duration::hours(2)));
        assert_eq!(duration("PT36H").unwrap().days, 0);
        assert_eq!(duration("PT"), None);
        assert_eq!(duration("P99999999999999D"), None);
    }
}
