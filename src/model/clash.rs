//! What a clash between two blocks of time is called, in one place: the
//! store refusing a write, `app` refusing a timer, and the TUI's form
//! checking as you type all say the same words. Times are given as the user
//! reads them: `show` turns a stored time into the zone they are in now.

use chrono::{DateTime, FixedOffset};

use super::{Entry, Running};

/// How a stored time reads to the user (`Zone::show`, or as stored).
pub type Show<'a> = &'a dyn Fn(DateTime<FixedOffset>) -> DateTime<FixedOffset>;

/// A new (or changed) entry `e` overlaps the logged entry `o`.
pub fn with_entry(e: &Entry, o: &Entry, show: Show) -> String {
    format!(
        "{}–{} overlaps the {} entry from {} to {}; pick another time, or edit or delete that entry first",
        show(e.start).format("%Y-%m-%d %H:%M"),
        show(e.end).format("%H:%M"),
        o.activity,
        show(o.start).format("%Y-%m-%d %H:%M"),
        show(o.end).format("%H:%M")
    )
}

/// A new (or changed) entry `e` overlaps the running timer `r`.
pub fn with_running(e: &Entry, r: &Running, show: Show) -> String {
    format!(
        "{}–{} overlaps the running {} timer (started {}); stop it first or pick another time",
        show(e.start).format("%Y-%m-%d %H:%M"),
        show(e.end).format("%H:%M"),
        r.activity,
        show(r.start).format("%Y-%m-%d %H:%M")
    )
}

/// A timer that starts (or would start) at `at` runs over the logged
/// entry `o`.
pub fn timer_over(at: DateTime<FixedOffset>, o: &Entry, show: Show) -> String {
    format!(
        "a timer from {} would run over the {} entry from {} to {}; start it after {}",
        show(at).format("%Y-%m-%d %H:%M"),
        o.activity,
        show(o.start).format("%H:%M"),
        show(o.end).format("%H:%M"),
        show(o.end).format("%H:%M")
    )
}
