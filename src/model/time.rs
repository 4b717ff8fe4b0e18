//! Time zones and calendar arithmetic: turning wall-clock times into instants
//! (refusing ones a DST change skips), local midnights, and weeks.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime,
    NaiveTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// The zone in which days, weeks and wall-clock times are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// The system's zone (honours `TZ`).
    Local,
    /// A named IANA zone, from the config's `timezone` key.
    Named(Tz),
}

/// Why a wall-clock time names no instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonexistent {
    pub local: NaiveDateTime,
}

impl Zone {
    pub fn parse(name: &str) -> Option<Zone> {
        name.parse::<Tz>().ok().map(Zone::Named)
    }

    /// The system's zone as a named zone when it can be told (`TZ` holding
    /// an IANA name, or /etc/localtime), which is exact and much faster to
    /// query than the libc-style `Local`; `Local` otherwise (e.g. a POSIX
    /// `TZ` rule string).
    pub fn system() -> Zone {
        match std::env::var("TZ") {
            Ok(tz) if !tz.is_empty() => {
                Zone::parse(tz.trim_start_matches(':')).unwrap_or(Zone::Local)
            }
            _ => iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| Zone::parse(&n))
                .unwrap_or(Zone::Local),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Zone::Local => "local".into(),
            Zone::Named(tz) => tz.name().into(),
        }
    }

    /// The instant a wall-clock time names: the first of two when a DST change
    /// repeats it, an error when a DST change skips it.
    pub fn resolve(&self, local: NaiveDateTime) -> Result<DateTime<FixedOffset>, Nonexistent> {
        fn pick<T: TimeZone>(r: LocalResult<DateTime<T>>) -> Option<DateTime<FixedOffset>> {
            match r {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.fixed_offset()),
                LocalResult::None => None,
            }
        }
        let r = match self {
            Zone::Local => local_first(local),
            Zone::Named(tz) => pick(tz.from_local_datetime(&local)),
        };
        r.ok_or(Nonexistent { local })
    }

    /// An instant shown in this zone's offset at that instant.
    pub fn localize(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => t.with_timezone(&Local).fixed_offset(),
            Zone::Named(tz) => {
                let off = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
                t.with_timezone(&off)
            }
        }
    }

    /// A time as it reads in this zone: the same instant, in the zone's
    /// offset then (20:00-05:00 reads as 02:00+01:00 the next day in Berlin).
    pub fn show(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        self.localize(t.to_utc())
    }

    pub fn date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        self.localize(t).date_naive()
    }

    /// The first instant of a local day. Where midnight itself is skipped by a
    /// DST change (some zones switch at 00:00), the first minute that exists.
    pub fn day_start(&self, date: NaiveDate) -> DateTime<Utc> {
        self.first_valid(date.and_time(NaiveTime::MIN))
    }

    /// A wall-clock time, or the first existing minute after it if a DST
    /// change skips it. For rules (protected blocks), not for user input.
    pub fn first_valid(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut t = local;
        for _ in 0..=180 {
            if let Ok(dt) = self.resolve(t) {
                return dt.with_timezone(&Utc);
            }
            t += Duration::minutes(1);
        }
        // No zone skips more than a few hours; fall back to reading as UTC.
        Utc.from_utc_datetime(&local)
    }
}

/// A wall-clock time in the system zone: the earliest instant it names.
/// chrono's `Local::from_local_datetime` gives the *second* occurrence of a
/// time a DST change repeats (02:30 on 2026-10-25 in Europe/Berlin comes back
/// as +01:00), so the candidates are found from UTC offsets, which it gets
/// right: an offset in force a day before or after that maps back to itself.
fn local_first(local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    let offset_at = |utc: NaiveDateTime| Local.offset_from_utc_datetime(&utc).fix();
    let mut first: Option<DateTime<FixedOffset>> = None;
    for o in [
        offset_at(local - Duration::days(1)),
        offset_at(local),
        offset_at(local + Duration::days(1)),
    ] {
        let utc = local - Duration::seconds(i64::from(o.local_minus_utc()));
        if offset_at(utc) == o {
            let t = o.from_utc_datetime(&utc);
            if first.is_none_or(|f| t < f) {
                first = Some(t);
            }
        }
    }
    first
}

/// The first day of a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

impl WeekStart {
    pub fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Mon,
            WeekStart::Sunday => Weekday::Sun,
        }
    }

    /// The first day of the week holding `date`.
    pub fn week_of(self, date: NaiveDate) -> NaiveDate {
        let back = match self {
            WeekStart::Monday => date.weekday().num_days_from_monday(),
            WeekStart::Sunday => date.weekday().num_days_from_sunday(),
        };
        date - Duration::days(i64::from(back))
    }
}

/// The ISO week number shown to users ("week 48"), taken from the week's
/// Thursday-anchored ISO numbering of its first day (+3 days for Sunday weeks
/// so that a Sunday-started week carries the number of most of its days).
pub fn week_number(first_day: NaiveDate, start: WeekStart) -> u32 {
    let probe = match start {
        WeekStart::Monday => first_day,
        WeekStart::Sunday => first_day + Duration::days(1),
    };
    probe.iso_week().week()
}

/// Days from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// Parse a weekday as written in the config ("mon", "monday", "Tue").
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let l = s.trim().to_ascii_lowercase();
    let w = match l.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let ok = l.len() == 3 || full.contains(&l.as_str());
    ok.then_some(w)
}

pub fn weekday_short(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Seconds as `7h30m`, `45m`, `0m`; negative values keep their sign.
pub fn hours(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let mins = (secs.abs() + 30) / 60;
    let (h, m) = (mins / 60, mins % 60);
    match (h, m) {
        (0, m) => format!("{sign}{m}m"),
        (h, 0) => format!("{sign}{h}h"),
        (h, m) => format!("{sign}{h}h{m:02}m"),
    }
}

/// Hours given as a float (from the config) in the same style.
pub fn hours_f(h: f64) -> String {
    hours((h * 3600.0).round() as i64)
}

/// An instant to the nearest minute (half a minute rounds up): how every
/// face shows a time, so that a row's times and duration agree.
pub fn to_minute(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let secs = (t.timestamp() + 30).div_euclid(60) * 60;
    DateTime::from_timestamp(secs, 0).map_or(t, |u| u.with_timezone(t.offset()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn gap_is_refused_and_ambiguity_takes_the_first() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert!(berlin().resolve(d.and_hms_opt(2, 30, 0).unwrap()).is_err());
        let d = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let t = berlin().resolve(d.and_hms_opt(2, 30, 0).unwrap()).unwrap();
        assert_eq!(t.offset().local_minus_utc(), 7200);
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let z = berlin();
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let len = z.day_start(d.succ_opt().unwrap()) - z.day_start(d);
        assert_eq!(len.num_hours(), 23);
        let d = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let len = z.day_start(d.succ_opt().unwrap()) - z.day_start(d);
        assert_eq!(len.num_hours(), 25);
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        let thu = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            WeekStart::Monday.week_of(thu),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            WeekStart::Sunday.week_of(thu),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(
            week_number(
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                WeekStart::Monday
            ),
            48
        );
    }

    #[test]
    fn weekdays_parse_short_and_long() {
        assert_eq!(parse_weekday("Tue"), Some(Weekday::Tue));
        assert_eq!(parse_weekday("thursday"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("thurs"), None);
        assert_eq!(parse_weekday("x"), None);
    }
}
