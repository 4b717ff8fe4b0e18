//! What can happen (actions, from keys, the mouse, the clock and the loop)
//! and what the loop is asked to do in return (effects: every one a call
//! into `crate::app` or a reload).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::input::Edit;
use super::state::{Data, Tab};
use crate::app::{EntryChanges, RunningChanges};
use crate::config::edit::Change;
use crate::model::Entry;

/// A command a key is bound to (the keymap's vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Quit,
    Help,
    Tab(Tab),
    NextTab,
    PrevTab,
    Up,
    Down,
    Top,
    Bottom,
    Prev,
    Next,
    Now,
    Add,
    Edit,
    Delete,
    Undo,
    Stop,
    Picker,
    Fill,
    Review,
    /// Settle the overlap of the selected entry (a merge left it).
    Overlap,
    /// Mark the shown day off, or back to a workday.
    DayOff,
    /// Sync the configured calendars now.
    SyncCalendars,
    KeepFirst,
    KeepSecond,
    KeepBoth,
    // In forms, pickers and prompts.
    Submit,
    /// A line break in a multi-line field (the reflection).
    Newline,
    Cancel,
    NextField,
    PrevField,
    Yes,
    No,
}

#[derive(Debug, Clone)]
pub enum Action {
    Cmd(Cmd),
    /// Start (or switch to) an activity by its key.
    Start(String),
    /// Typing into the focused text field.
    Edit(Edit),
    Click {
        col: u16,
        row: u16,
    },
    Scroll(i32),
    Resize(u16, u16),
    Tick(DateTime<Utc>),
    Loaded(Box<Data>),
    /// The outcome of a change, to show (the view is then read again).
    Done(Result<String, String>),
    /// Reading the view failed (a file that does not parse): shown, and
    /// the last good data kept until the files change again.
    LoadFailed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the view again (day, week and trend).
    Reload {
        day: NaiveDate,
        week: NaiveDate,
        /// Also the trend (after a change); moving between days and weeks
        /// keeps the trend already read.
        full: bool,
    },
    Start(String),
    Stop(Option<DateTime<FixedOffset>>),
    Log(Entry),
    /// Log a block over 12 hours the user confirmed.
    LogLong(Entry),
    Edit(DateTime<FixedOffset>, EntryChanges),
    /// Correct the running timer.
    EditRunning(RunningChanges),
    Delete(DateTime<FixedOffset>),
    Undo,
    /// Mark the day off, or (`false`) back to a workday.
    DayOff(NaiveDate, bool),
    SetReview(NaiveDate, String),
    SetBoundary(Change),
    /// Add or let go of a protected block, from this week.
    SetProtected(crate::config::edit::ProtectChange),
    /// Sync the configured calendars (the loop hands it to the background
    /// thread; `perform` alone does it in place).
    SyncCalendars,
    /// Settle the overlapping pair whose entries start at these instants.
    ResolveOverlap(
        DateTime<FixedOffset>,
        DateTime<FixedOffset>,
        crate::app::sync::Keep,
    ),
}
