//! The words of evenkeel: sides, activities, entries and the running timer,
//! with the rules every entry keeps. No files, no terminals, no clock: "now"
//! is always passed in.

pub(crate) mod clash;
pub(crate) mod off;
pub(crate) mod parse;
pub(crate) mod time;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

pub use time::{WeekStart, Zone};

/// The longest entry keel accepts. A timer forgotten over a long weekend still
/// fits; anything longer is a mistake to correct with `--at`.
pub const MAX_ENTRY_DAYS: i64 = 7;

/// A block longer than this is most likely a mistake (a forgotten timer, a
/// typo in a span): logging or editing one to such a length asks for
/// `--long` in the CLI and a confirmation in the TUI; an import leaves such
/// items out unless `--long`.
pub const LONG_ENTRY_HOURS: i64 = 12;

/// The years keel can write and read back (RFC 3339 and TOML have four
/// digits for the year).
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Whether keel can store `t` and read it back: its year, in its own offset
/// and in UTC, within [`YEARS`].
pub fn storable(t: &chrono::DateTime<chrono::FixedOffset>) -> Result<(), String> {
    use chrono::Datelike;
    if YEARS.contains(&t.year()) && YEARS.contains(&t.naive_utc().year()) {
        Ok(())
    } else {
        Err(format!(
            "in the year {}, outside the years keel can store ({} to {})",
            t.year(),
            YEARS.start(),
            YEARS.end()
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Technical,
    Management,
    Other,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Technical, Side::Management, Side::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Technical => "technical",
            Side::Management => "management",
            Side::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "technical" => Some(Side::Technical),
            "management" => Some(Side::Management),
            "other" => Some(Side::Other),
            _ => None,
        }
    }

    /// The side whose time inside a block protected for `self` breaks it.
    pub fn opposite(self) -> Option<Side> {
        match self {
            Side::Technical => Some(Side::Management),
            Side::Management => Some(Side::Technical),
            Side::Other => None,
        }
    }
}

/// A named kind of work with its side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub name: String,
    pub side: Side,
    /// One-key start in the TUI.
    pub key: Option<char>,
}

/// One block of logged time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub activity: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Where an imported entry came from.
    pub source: Option<String>,
}

/// The one running entry: no end yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub start: DateTime<FixedOffset>,
    pub activity: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
}

impl Running {
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        now.signed_duration_since(self.start)
    }

    /// The timer as it is shown to someone in `zone` now: the same start
    /// in the zone's offset at that instant (the file keeps its own).
    pub fn shown_in(&self, zone: &Zone) -> Running {
        Running {
            start: zone.show(self.start),
            ..self.clone()
        }
    }

    /// The entry this timer becomes when stopped at `end`.
    pub fn finish(&self, end: DateTime<FixedOffset>) -> Entry {
        Entry {
            start: self.start,
            end,
            activity: self.activity.clone(),
            note: self.note.clone(),
            tags: self.tags.clone(),
            source: None,
        }
    }
}

impl Entry {
    pub fn new(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>, activity: &str) -> Self {
        Entry {
            start,
            end,
            activity: activity.to_string(),
            note: None,
            tags: Vec::new(),
            source: None,
        }
    }

    /// The entry as it is shown to someone in `zone` now: the same instants
    /// in the zone's offsets (an entry logged in New York reads as Friday
    /// 02:00 in Berlin). For showing and addressing only: the file keeps
    /// the offset it was logged in, and the month it belongs to.
    pub fn shown_in(&self, zone: &Zone) -> Entry {
        Entry {
            start: zone.show(self.start),
            end: zone.show(self.end),
            ..self.clone()
        }
    }

    /// Absolute duration: a DST night neither adds nor loses an hour.
    pub fn duration(&self) -> Duration {
        self.end.signed_duration_since(self.start)
    }

    pub fn seconds(&self) -> i64 {
        self.duration().num_seconds()
    }

    /// Longer than [`LONG_ENTRY_HOURS`]: kept only when the user says so.
    pub fn is_long(&self) -> bool {
        self.duration() > Duration::hours(LONG_ENTRY_HOURS)
    }

    pub fn start_utc(&self) -> DateTime<Utc> {
        self.start.with_timezone(&Utc)
    }

    pub fn end_utc(&self) -> DateTime<Utc> {
        self.end.with_timezone(&Utc)
    }

    /// Whether two entries share any instant (touching ends do not).
    pub fn overlaps(&self, other: &Entry) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Seconds of this entry inside `[from, to)`.
    pub fn seconds_within(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let s = self.start_utc().max(from);
        let e = self.end_utc().min(to);
        (e - s).num_seconds().max(0)
    }

    /// The month file the entry belongs to: its start's month in its own offset.
    pub fn month(&self) -> Month {
        Month::of(self.start.date_naive())
    }

    /// The shape rules of a single entry.
    pub fn check_shape(&self) -> Result<(), String> {
        storable(&self.start).map_err(|m| format!("starts {m}"))?;
        storable(&self.end).map_err(|m| format!("ends {m}"))?;
        if self.end <= self.start {
            // As the rest of keel writes times; a caller that knows the
            // user's zone checks the entry shown in it (see `store::Tx::add`).
            return Err(format!(
                "ends at {}, not after its start {}",
                self.end.format("%Y-%m-%d %H:%M"),
                self.start.format("%Y-%m-%d %H:%M")
            ));
        }
        // Seven calendar days: across a DST change they hold an hour more
        // or less (a weekly on-call rota from Saturday noon to Saturday noon).
        let days = Duration::days(MAX_ENTRY_DAYS);
        let on_the_clock = self.end.naive_local() - self.start.naive_local();
        if self.duration() > days
            && (on_the_clock > days || self.duration() > days + Duration::hours(3))
        {
            return Err(format!(
                "lasts {}, longer than the {MAX_ENTRY_DAYS} days an entry may span",
                time::hours(self.seconds())
            ));
        }
        if self.activity.trim().is_empty() {
            return Err("has no activity".into());
        }
        Ok(())
    }

    /// Split at local midnights: one piece per local day the entry touches,
    /// with the seconds that fall on that day.
    pub fn split_days(&self, zone: &Zone) -> Vec<(NaiveDate, i64)> {
        let (s, e) = (self.start_utc(), self.end_utc());
        let mut out = Vec::new();
        let mut day = zone.date_of(s);
        loop {
            let next = zone.day_start(day.succ_opt().unwrap_or(day));
            let secs = self.seconds_within(zone.day_start(day), next);
            if secs > 0 {
                out.push((day, secs));
            }
            if next >= e || next <= zone.day_start(day) {
                break;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        out
    }
}

/// A calendar month, the unit of the data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        use chrono::Datelike;
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let m = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        (1..=12).contains(&m.month).then_some(m)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Months from `a` to `b`, both included.
    pub fn range(a: Month, b: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(a), |m| Some(m.next())).take_while(move |m| *m <= b)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Sort entries by start (then end) — the order of the files and of reports.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn seven_calendar_days_across_a_dst_change_fit_an_entry() {
        // Saturday noon to Saturday noon over the October change: 169 hours.
        let rota = Entry::new(
            t("2026-10-24T12:00:00+02:00"),
            t("2026-10-31T12:00:00+01:00"),
            "oncall",
        );
        assert_eq!(rota.seconds(), 169 * 3600);
        assert_eq!(rota.check_shape(), Ok(()));
        // 169 hours without a change is more than seven days.
        let long = Entry::new(
            t("2026-11-07T12:00:00+01:00"),
            t("2026-11-14T13:00:00+01:00"),
            "oncall",
        );
        assert!(
            long.check_shape()
                .unwrap_err()
                .contains("longer than the 7 days")
        );
    }

    #[test]
    fn only_years_keel_can_read_back_are_storable() {
        let ok = Entry::new(
            t("9999-12-31T22:00:00+01:00"),
            t("9999-12-31T23:30:00+01:00"),
            "coding",
        );
        assert_eq!(ok.check_shape(), Ok(()));
        let past_9999 = Entry::new(
            t("9999-12-31T23:00:00+01:00"),
            t("9999-12-31T23:00:00+01:00") + Duration::hours(2),
            "coding",
        );
        let e = past_9999.check_shape().unwrap_err();
        assert!(e.starts_with("ends in the year 10000"), "{e}");
        // Local 9999, but already year 10000 in UTC.
        let utc_over = t("9999-12-31T23:30:00-05:00");
        assert!(storable(&utc_over).is_err());
        let first = t("0001-01-01T00:00:00+00:00");
        assert!(storable(&first).is_ok());
        assert!(storable(&(first - Duration::seconds(1))).is_err());
        let east = t("0001-01-01T00:30:00+01:00");
        assert!(storable(&east).is_err(), "year 0 in UTC");
    }

    #[test]
    fn an_entry_across_midnight_splits_into_two_days() {
        let z = Zone::parse("Europe/Berlin").unwrap();
        let e = Entry::new(
            t("2026-11-23T22:00:00+01:00"),
            t("2026-11-24T01:30:00+01:00"),
            "oncall",
        );
        let parts = e.split_days(&z);
        assert_eq!(
            parts,
            vec![
                (NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 7200),
                (NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), 5400)
            ]
        );
    }

    #[test]
    fn a_dst_night_counts_absolute_time() {
        let z = Zone::parse("Europe/Berlin").unwrap();
        // 00:00 to 06:00 local on the night clocks go back is 7 real hours.
        let e = Entry::new(
            t("2026-10-25T00:00:00+02:00"),
            t("2026-10-25T06:00:00+01:00"),
            "oncall",
        );
        assert_eq!(e.seconds(), 7 * 3600);
        assert_eq!(
            e.split_days(&z),
            vec![(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(), 7 * 3600)]
        );
    }

    #[test]
    fn touching_entries_do_not_overlap() {
        let a = Entry::new(
            t("2026-11-23T09:00:00+01:00"),
            t("2026-11-23T10:00:00+01:00"),
            "coding",
        );
        let b = Entry::new(
            t("2026-11-23T10:00:00+01:00"),
            t("2026-11-23T11:00:00+01:00"),
            "coding",
        );
        let c = Entry::new(
            t("2026-11-23T09:59:00+01:00"),
            t("2026-11-23T10:01:00+01:00"),
            "coding",
        );
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && b.overlaps(&c));
    }

    #[test]
    fn shape_rules() {
        let mut e = Entry::new(
            t("2026-11-23T09:00:00+01:00"),
            t("2026-11-23T09:00:00+01:00"),
            "coding",
        );
        assert!(e.check_shape().is_err());
        e.end = t("2026-12-23T09:00:00+01:00");
        assert!(e.check_shape().is_err());
        e.end = t("2026-11-23T09:00:01+01:00");
        assert!(e.check_shape().is_ok());
    }

    #[test]
    fn months_step_over_years() {
        let d = Month::parse("2026-12").unwrap();
        assert_eq!(d.next().to_string(), "2027-01");
        assert_eq!(d.prev().prev().to_string(), "2026-10");
        assert_eq!(Month::range(d.prev(), d.next()).count(), 3);
        assert_eq!(d.last_day(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!(Month::parse("2026-13").is_none());
    }
}
