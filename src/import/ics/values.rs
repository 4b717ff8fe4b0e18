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

/// `PT1H30M`, `P1D`, `-PT15M`, `P1W`, `P1DT2H`.
pub fn duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    let mut total: i64 = 0;
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
                let secs = match (u, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(secs)?)?;
                any = true;
            }
        }
    }
    if !num.is_empty() || !any || total > 366 * 86_400 {
        return None;
    }
    Some(Duration::seconds(if neg { -total } else { total }))
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
        assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(duration("P1DT1H"), Some(Duration::hours(25)));
        assert_eq!(duration("P2W"), Some(Duration::days(14)));
        assert_eq!(duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(duration("PT"), None);
        assert_eq!(duration("P99999999999999D"), None);
    }
}
