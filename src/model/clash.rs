//! What a clash between two blocks of time is called, in one place: the
//! store refusing a write, `app` refusing a timer, and the TUI's form
//! checking as you type all say the same words.

use chrono::{DateTime, FixedOffset};

use super::time::to_minute;
use super::{Entry, Running};

/// An instant as messages name it: the date and the minute it rounds to.
fn at(t: DateTime<FixedOffset>) -> String {
    to_minute(t).format("%Y-%m-%d %H:%M").to_string()
}

/// The end of a block that began at `start`: the time alone on the same
/// day, with its date when the block runs into another day.
fn until(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> String {
    let (s, e) = (to_minute(start), to_minute(end));
    if s.date_naive() == e.date_naive() {
        e.format("%H:%M").to_string()
    } else {
        e.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A new (or changed) entry `e` overlaps the logged entry `o`.
pub fn with_entry(e: &Entry, o: &Entry) -> String {
    format!(
        "{}–{} overlaps the {} entry from {} to {}; pick another time, or edit or delete that entry first",
        at(e.start),
        until(e.start, e.end),
        o.activity,
        at(o.start),
        until(o.start, o.end)
    )
}

/// A new (or changed) entry `e` overlaps the running timer `r`.
pub fn with_running(e: &Entry, r: &Running) -> String {
    format!(
        "{}–{} overlaps the running {} timer (started {}); stop it first or pick another time",
        at(e.start),
        until(e.start, e.end),
        r.activity,
        at(r.start)
    )
}

/// A timer that starts (or would start) at `at` runs over the logged
/// entry `o`.
pub fn timer_over(at: DateTime<FixedOffset>, o: &Entry) -> String {
    format!(
        "a timer from {} would run over the {} entry from {} to {}; start it after {}",
        self::at(at),
        o.activity,
        self::at(o.start),
        until(o.start, o.end),
        until(o.start, o.end)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_block_into_another_day_is_named_with_its_end_date() {
        let long = Entry::new(
            t("2026-11-25T10:30:00+01:00"),
            t("2026-11-26T16:30:00+01:00"),
            "coding",
        );
        let new = Entry::new(
            t("2026-11-25T12:00:00+01:00"),
            t("2026-11-25T13:00:00+01:00"),
            "review",
        );
        assert_eq!(
            with_entry(&new, &long),
            "2026-11-25 12:00–13:00 overlaps the coding entry from 2026-11-25 10:30 to \
             2026-11-26 16:30; pick another time, or edit or delete that entry first"
        );
        assert!(with_entry(&long, &new).starts_with("2026-11-25 10:30–2026-11-26 16:30 overlaps"));
    }

    #[test]
    fn times_are_rounded_as_rows_show_them() {
        // `keel entries` shows 11:15:40–11:34:20 as 11:16–11:34.
        let o = Entry::new(
            t("2026-11-26T11:15:40+01:00"),
            t("2026-11-26T11:34:20+01:00"),
            "coding",
        );
        let e = Entry::new(
            t("2026-11-26T11:00:00+01:00"),
            t("2026-11-26T11:20:00+01:00"),
            "review",
        );
        assert!(
            with_entry(&e, &o).contains("the coding entry from 2026-11-26 11:16 to 11:34;"),
            "{}",
            with_entry(&e, &o)
        );
        assert!(timer_over(t("2026-11-26T11:00:00+01:00"), &o).ends_with("start it after 11:34"));
    }
}
