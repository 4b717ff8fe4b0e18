//! What a clash between two blocks of time is called, in one place: the
//! store refusing a write, `app` refusing a timer, and the TUI's form
//! checking as you type all say the same words.

use chrono::{DateTime, FixedOffset};

use super::{Entry, Running};

/// A new (or changed) entry `e` overlaps the logged entry `o`.
pub fn with_entry(e: &Entry, o: &Entry) -> String {
    format!(
        "{}–{} overlaps the {} entry from {} to {}; pick another time, or edit or delete that entry first",
        e.start.format("%Y-%m-%d %H:%M"),
        e.end.format("%H:%M"),
        o.activity,
        o.start.format("%Y-%m-%d %H:%M"),
        o.end.format("%H:%M")
    )
}

/// A new (or changed) entry `e` overlaps the running timer `r`.
pub fn with_running(e: &Entry, r: &Running) -> String {
    format!(
        "{}–{} overlaps the running {} timer (started {}); stop it first or pick another time",
        e.start.format("%Y-%m-%d %H:%M"),
        e.end.format("%H:%M"),
        r.activity,
        r.start.format("%Y-%m-%d %H:%M")
    )
}

/// A timer that starts (or would start) at `at` runs over the logged
/// entry `o`.
pub fn timer_over(at: DateTime<FixedOffset>, o: &Entry) -> String {
    format!(
        "a timer from {} would run over the {} entry from {} to {}; start it after {}",
        at.format("%Y-%m-%d %H:%M"),
        o.activity,
        o.start.format("%H:%M"),
        o.end.format("%H:%M"),
        o.end.format("%H:%M")
    )
}
