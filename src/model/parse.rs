//! Reading what people type: times, dates, spans and durations. Pure: the
//! current date and zone are passed in.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use super::time::{Nonexistent, Zone, parse_weekday};

/// `YYYY-MM-DD`, `today`, `yesterday`, or a weekday name (the most recent
/// one, today included).
pub fn date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let l = s.trim().to_ascii_lowercase();
    match l.as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Some(w) = parse_weekday(&l) {
        let back = (7 + today.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
        return Ok(today - Duration::days(i64::from(back)));
    }
    NaiveDate::parse_from_str(&l, "%Y-%m-%d").map_err(|_| {
        format!("`{s}` is not a date: write YYYY-MM-DD (2026-11-23), today, yesterday or a weekday (mon)")
    })
}

/// `HH:MM` (24-hour clock), `HH:MM:SS`, or a whole hour without minutes
/// (`9`, `14`).
pub fn clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveTime::from_hms_opt(s.parse().ok()?, 0, 0);
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// A TIME: `HH:MM` (or `9`) on `day`, a DATE and a clock time
/// (`yesterday 23:55`, `mon 9:00`, `2026-11-23 09:30`; the day words count
/// from `today`), or RFC 3339 with an offset. A wall-clock time a DST
/// change skips is refused; a repeated one takes its first occurrence (give
/// an offset to pick the second).
pub fn time_on(
    s: &str,
    day: NaiveDate,
    today: NaiveDate,
    zone: &Zone,
) -> Result<DateTime<FixedOffset>, String> {
    let t = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt);
    }
    if let Some(c) = clock(t) {
        return wall(day.and_time(c), zone);
    }
    if let Some((d, c)) = t.split_once(char::is_whitespace)
        && let Some(c) = clock(c)
        && let Ok(d) = date(d, today)
    {
        return wall(d.and_time(c), zone);
    }
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return wall(n, zone);
        }
    }
    Err(format!(
        "`{s}` is not a time: write HH:MM (09:30 or 9), a day and a time (yesterday 23:55, mon 9:00, \
         2026-11-23 09:30), or RFC 3339 (2026-11-23T09:30:00+01:00)"
    ))
}

/// [`time_on`] where the day words count from `day` itself.
pub fn time(s: &str, day: NaiveDate, zone: &Zone) -> Result<DateTime<FixedOffset>, String> {
    time_on(s, day, day, zone)
}

/// A wall-clock time in the zone, with the DST-gap error worded for people.
pub fn wall(local: NaiveDateTime, zone: &Zone) -> Result<DateTime<FixedOffset>, String> {
    zone.resolve(local).map_err(|Nonexistent { local }| {
        format!(
            "{} on {} does not exist in {}: the clocks skip it for daylight saving time. \
             Give a time outside the gap, or an explicit offset",
            local.format("%H:%M"),
            local.format("%Y-%m-%d"),
            zone.name_for_humans()
        )
    })
}

/// A duration: `45m`, `1h30m`, `1.5h`, `2h`, `90s`, or a bare number of minutes.
pub fn duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("`{s}` is not a duration: write 45m, 1h30m or 1.5h");
    let t: String = s.trim().to_ascii_lowercase().split_whitespace().collect();
    if t.is_empty() {
        return Err(bad());
    }
    if let Ok(mins) = t.parse::<f64>() {
        return to_secs(mins * 60.0).ok_or_else(bad);
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut seen_unit = false;
    for ch in t.chars() {
        match ch {
            '0'..='9' | '.' => num.push(ch),
            'h' | 'm' | 's' => {
                let n: f64 = num.parse().map_err(|_| bad())?;
                total += n * match ch {
                    'h' => 3600.0,
                    'm' => 60.0,
                    _ => 1.0,
                };
                num.clear();
                seen_unit = true;
            }
            _ => return Err(bad()),
        }
    }
    if !num.is_empty() || !seen_unit {
        return Err(bad());
    }
    to_secs(total).ok_or_else(bad)
}

fn to_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs > 0.0 && secs < 1e9).then(|| Duration::seconds(secs.round() as i64))
}

/// A SPAN: `HH:MM-HH:MM` on `day` (an end before the start means the next
/// day; an end equal to the start is an empty span, refused later, not a
/// whole day), or a duration ending at `end`.
pub fn span(
    s: &str,
    day: NaiveDate,
    end: DateTime<FixedOffset>,
    zone: &Zone,
) -> Result<(DateTime<FixedOffset>, DateTime<FixedOffset>), String> {
    if let Some((a, b)) = s.split_once('-') {
        if let (Some(a), Some(b)) = (clock(a), clock(b)) {
            let start = wall(day.and_time(a), zone)?;
            let end_day = if b < a { day + Duration::days(1) } else { day };
            let end = wall(end_day.and_time(b), zone)?;
            return Ok((start, end));
        }
        return Err(format!(
            "`{s}` is not a span: write HH:MM-HH:MM (09:00-10:30, 9-9:45, 14-15) or a duration (45m, 1h30m)"
        ));
    }
    let d = duration(s)?;
    // The start in the offset in force then: across a DST change, `end - d`
    // would keep the end's offset and name a wall-clock time that never was.
    let start = zone.localize((end - d).with_timezone(&chrono::Utc));
    Ok((start, end))
}

impl Zone {
    /// The zone's name as a sentence can use it.
    pub fn name_for_humans(&self) -> String {
        match self {
            Zone::Local => std::env::var("TZ")
                .ok()
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_start_matches(':').to_string())
                .unwrap_or_else(|| "the local time zone".into()),
            Zone::Named(_) => self.name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn dates() {
        let today = d("2026-11-26"); // a Thursday
        assert_eq!(date("today", today).unwrap(), today);
        assert_eq!(date("yesterday", today).unwrap(), d("2026-11-25"));
        assert_eq!(date("mon", today).unwrap(), d("2026-11-23"));
        assert_eq!(date("thursday", today).unwrap(), today);
        assert_eq!(date("fri", today).unwrap(), d("2026-11-20"));
        assert_eq!(date("2026-01-05", today).unwrap(), d("2026-01-05"));
        assert!(date("2026-02-30", today).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration("45m").unwrap(), Duration::minutes(45));
        assert_eq!(duration("1h30m").unwrap(), Duration::minutes(90));
        assert_eq!(duration("1.5h").unwrap(), Duration::minutes(90));
        assert_eq!(duration("90").unwrap(), Duration::minutes(90));
        assert!(duration("h").is_err());
        assert!(duration("1h30").is_err());
        assert!(duration("0m").is_err());
        assert!(duration("-5m").is_err());
    }

    #[test]
    fn spans_wrap_past_midnight() {
        let z = berlin();
        let now = DateTime::parse_from_rfc3339("2026-11-26T12:00:00+01:00").unwrap();
        let (a, b) = span("23:00-01:00", d("2026-11-23"), now, &z).unwrap();
        assert_eq!(a.to_rfc3339(), "2026-11-23T23:00:00+01:00");
        assert_eq!(b.to_rfc3339(), "2026-11-24T01:00:00+01:00");
        // A duration back over a DST change starts in the offset of its start.
        let end = time("03:30", d("2026-03-29"), &z).unwrap();
        let (a, _) = span("1h", d("2026-03-29"), end, &z).unwrap();
        assert_eq!(a.to_rfc3339(), "2026-03-29T01:30:00+01:00");
        // Equal ends are a mistake, not 24 hours.
        let (a, b) = span("10:00-10:00", d("2026-11-23"), now, &z).unwrap();
        assert_eq!(a, b);
        let (a, b) = span("45m", d("2026-11-23"), now, &z).unwrap();
        assert_eq!((b - a).num_minutes(), 45);
        assert_eq!(b, now);
    }

    #[test]
    fn hours_without_minutes_and_day_words() {
        let z = berlin();
        let today = d("2026-11-26"); // a Thursday
        assert_eq!(clock("9"), NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(clock("14"), NaiveTime::from_hms_opt(14, 0, 0));
        assert_eq!(clock("24"), None);
        assert_eq!(clock("930"), None);
        let now = DateTime::parse_from_rfc3339("2026-11-26T16:00:00+01:00").unwrap();
        let (a, b) = span("9-9:45", today, now, &z).unwrap();
        assert_eq!(a.to_rfc3339(), "2026-11-26T09:00:00+01:00");
        assert_eq!(b.to_rfc3339(), "2026-11-26T09:45:00+01:00");
        let (a, b) = span("14-15", today, now, &z).unwrap();
        assert_eq!((a.to_rfc3339(), (b - a).num_minutes()), ("2026-11-26T14:00:00+01:00".into(), 60));
        let at = |s: &str| time_on(s, d("2026-11-01"), today, &z).map(|t| t.to_rfc3339());
        assert_eq!(at("yesterday 23:55").unwrap(), "2026-11-25T23:55:00+01:00");
        assert_eq!(at("mon 9:00").unwrap(), "2026-11-23T09:00:00+01:00");
        assert_eq!(at("Thu 9").unwrap(), "2026-11-26T09:00:00+01:00");
        assert_eq!(at("today 9:00").unwrap(), "2026-11-26T09:00:00+01:00");
        assert_eq!(at("2026-11-27 02:00").unwrap(), "2026-11-27T02:00:00+01:00");
        assert_eq!(at("2026-11-27T02:00").unwrap(), "2026-11-27T02:00:00+01:00");
        // A bare clock time stays on the given day.
        assert_eq!(at("9:30").unwrap(), "2026-11-01T09:30:00+01:00");
        for bad in ["someday 9:00", "mon 25:00", "mon", "9:00 mon"] {
            let e = at(bad).unwrap_err();
            assert!(e.contains("yesterday 23:55"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_time_in_the_dst_gap_is_refused_with_a_reason() {
        let e = time("02:30", d("2026-03-29"), &berlin()).unwrap_err();
        assert!(e.contains("does not exist in Europe/Berlin"), "{e}");
        let e = time("2026-03-29 02:30", d("2026-01-01"), &berlin()).unwrap_err();
        assert!(e.contains("daylight saving"), "{e}");
        // With an explicit offset the user says exactly which instant.
        assert!(time("2026-03-29T02:30:00+01:00", d("2026-01-01"), &berlin()).is_ok());
    }

    #[test]
    fn an_ambiguous_time_takes_the_first_occurrence() {
        let t = time("02:30", d("2026-10-25"), &berlin()).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T02:30:00+02:00");
    }
}
