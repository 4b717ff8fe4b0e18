//! Everything the UI shows and remembers. `Data` is what the loop read from
//! the library; the rest is where the user is and what they are typing.
//! Drawing only reads this; `update` is the only writer.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::form::EntryForm;
use super::input::Input;
use super::theme::Theme;
use crate::app::StatusReport;
use crate::balance::forecast::{Forecast, Slot};
use crate::balance::trend::{Run, WeekPoint};
use crate::balance::{Period, Rolling, SideSeconds, Streak, Summary};
use crate::config::Config;
use crate::model::{Entry, Running};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Today,
    Week,
    Trends,
    Boundaries,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Today, Tab::Week, Tab::Trends, Tab::Boundaries];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Today => "Today",
            Tab::Week => "Week",
            Tab::Trends => "Trends",
            Tab::Boundaries => "Boundaries",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

/// The viewed week, with its trend figures.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekData {
    pub summary: Summary,
    pub number: u32,
    pub rolling: Rolling,
    pub streak: Streak,
    pub review: Option<String>,
    /// What the week can still become (this week and weeks ahead).
    pub forecast: Option<Forecast>,
}

/// What the loop read for the current view.
#[derive(Debug, Clone)]
pub struct Data {
    pub config: Config,
    /// The config file's text (the default when absent), so a boundary
    /// change can be checked as it is typed, by the same edit that saves it.
    pub config_text: String,
    pub status: Option<StatusReport>,
    pub day: NaiveDate,
    /// The day's entries (the running timer not among them).
    pub entries: Vec<Entry>,
    pub running: Option<Running>,
    /// The shown day's booked time still ahead (from the calendars).
    pub booked: Vec<Slot>,
    /// The shown day's booked events that have ended, classified, sorted by
    /// start: where they fall in a gap, the list offers them.
    pub ended: Vec<Entry>,
    /// The shown day is a day off (with its note, if any).
    pub day_off: Option<Option<String>>,
    pub week: Option<WeekData>,
    pub trend: Vec<WeekPoint>,
    pub longest: Vec<Run>,
    pub warnings: Vec<String>,
}

impl Data {
    pub fn empty(config: Config, day: NaiveDate) -> Data {
        Data {
            config,
            config_text: crate::config::DEFAULT_TOML.to_string(),
            status: None,
            day,
            entries: Vec::new(),
            running: None,
            booked: Vec::new(),
            ended: Vec::new(),
            day_off: None,
            week: None,
            trend: Vec::new(),
            longest: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A row of the Today list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Entry(usize),
    Gap(DateTime<FixedOffset>, DateTime<FixedOffset>),
    Running,
    /// The part of ended booked event `Data::ended[i]` that lies in a gap:
    /// `f` takes it as an entry.
    Booked(usize, DateTime<FixedOffset>, DateTime<FixedOffset>),
}

/// What the user is in the middle of.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    /// The add/edit form.
    Form(Box<EntryForm>),
    /// Choosing an activity to start (or to fill the gap `fill`).
    Picker {
        filter: Input,
        pick: usize,
        fill: Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
    },
    /// `f` was pressed on a gap: the next activity key fills it.
    Fill(DateTime<FixedOffset>, DateTime<FixedOffset>),
    ConfirmDelete(Entry),
    /// `O` on an entry that overlaps another: which to keep (first, second
    /// in file order).
    Overlap(Entry, Entry),
    /// Writing the week's reflection.
    Review(Input),
    /// Editing one boundary value; `check` is what saving it would do,
    /// worked out in `update` each time the text changes.
    Boundary {
        key: &'static str,
        input: Input,
        check: Result<(), String>,
    },
    /// Typing a protected block to add (`tue,thu 09:00-12:00 technical`);
    /// `check` is worked out in `update` as the text changes.
    Protect {
        input: Input,
        check: Result<(), String>,
    },
    /// Let go of protected block `n` (from 1)?
    ConfirmUnprotect(usize),
    /// A timer ran more than 12 hours: when did it really end? With the
    /// text as `update` last read it.
    LongTimer(Input, Result<DateTime<FixedOffset>, String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

#[derive(Debug, Clone)]
pub struct State {
    pub tab: Tab,
    pub mode: Mode,
    pub now: DateTime<Utc>,
    /// The day shown on Today and the first day of the week shown on Week.
    pub day: NaiveDate,
    pub week: NaiveDate,
    /// Selected row of Today's list and of the Boundaries keys.
    pub selected: usize,
    pub boundary_row: usize,
    /// Lines scrolled on a screen longer than the terminal (the Week
    /// screen's activities and rules, the help); back to 0 when the tab,
    /// the week or the mode changes.
    pub scroll: u16,
    pub notice: Option<Notice>,
    pub data: Data,
    /// The terminal's size, for mouse hits.
    pub size: (u16, u16),
    pub theme: Theme,
    pub quit: bool,
    /// A prompt (reflection, boundary, protected block) whose save is
    /// under way: opened again with its input if the save fails.
    pub reopen: Option<Mode>,
}

impl State {
    pub fn new(data: Data, now: DateTime<Utc>) -> State {
        let day = data.config.zone.date_of(now);
        let week = data.config.week_start.week_of(day);
        State {
            tab: Tab::Today,
            mode: Mode::Normal,
            now,
            day,
            week,
            selected: 0,
            boundary_row: 0,
            scroll: 0,
            notice: None,
            data,
            size: (80, 24),
            theme: Theme { color: true },
            quit: false,
            reopen: None,
        }
    }

    pub fn config(&self) -> &Config {
        &self.data.config
    }

    pub fn today(&self) -> NaiveDate {
        self.config().zone.date_of(self.now)
    }

    pub fn this_week(&self) -> NaiveDate {
        self.config().week_start.week_of(self.today())
    }

    /// The rows of the Today list: entries, the running timer and the
    /// unlogged gaps of the workday, in time order.
    pub fn rows(&self) -> Vec<Row> {
        rows(&self.data, self.now)
    }

    /// The shown day's time by side: the balance engine's totals of the
    /// day's entries and the running timer up to now, split at midnight.
    pub fn day_totals(&self) -> SideSeconds {
        let d = &self.data;
        let mut counted = d.entries.clone();
        let now = d.config.zone.localize(self.now);
        crate::balance::count_running(&mut counted, d.running.as_ref(), now);
        crate::balance::totals(&counted, &d.config, Period::day(d.day)).0
    }

    /// The running timer's elapsed time now.
    pub fn elapsed(&self) -> Option<Duration> {
        self.data.running.as_ref().map(|r| r.elapsed(self.now))
    }
}

/// The instants of the workday on the data's day, when it is a workday.
pub fn workday_bounds(data: &Data) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    use chrono::Datelike;
    let cfg = &data.config;
    if !cfg.workday.days.contains(&data.day.weekday()) {
        return None;
    }
    let s = cfg
        .zone
        .resolve(data.day.and_time(cfg.workday.start))
        .ok()?;
    let e = cfg.zone.resolve(data.day.and_time(cfg.workday.end)).ok()?;
    Some((s, e))
}

fn rows(data: &Data, now: DateTime<Utc>) -> Vec<Row> {
    let zone = &data.config.zone;
    let mut blocks: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>, Row)> = data
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.start, e.end, Row::Entry(i)))
        .collect();
    if let Some(r) = &data.running
        && zone.date_of(r.start.to_utc()) <= data.day
        && zone.date_of(now) >= data.day
    {
        blocks.push((r.start, zone.localize(now), Row::Running));
    }
    blocks.sort_by_key(|b| b.0);
    let mut out = Vec::new();
    let Some((ws, we)) = workday_bounds(data) else {
        return blocks.into_iter().map(|b| b.2).collect();
    };
    let we = we.min(zone.localize(now).max(ws));
    let mut cursor = ws;
    for (s, e, row) in blocks {
        if s > cursor && cursor < we && s.min(we) - cursor >= Duration::minutes(1) {
            gap(data, cursor, s.min(we), &mut out);
        }
        out.push(row);
        cursor = cursor.max(e);
    }
    if we - cursor >= Duration::minutes(1) {
        gap(data, cursor, we, &mut out);
    }
    out
}

/// The rows of the gap `a`–`b`: the parts of ended booked events inside it
/// (an earlier-starting one keeps time they share), and what is left
/// unlogged around them.
fn gap(data: &Data, a: DateTime<FixedOffset>, b: DateTime<FixedOffset>, out: &mut Vec<Row>) {
    let mut cursor = a;
    for (i, e) in data.ended.iter().enumerate() {
        let (s, t) = (e.start.max(cursor), e.end.min(b));
        if t - s < Duration::minutes(1) {
            continue;
        }
        if s - cursor >= Duration::minutes(1) {
            out.push(Row::Gap(cursor, s));
        }
        out.push(Row::Booked(i, s, t));
        cursor = t;
    }
    if b - cursor >= Duration::minutes(1) {
        out.push(Row::Gap(cursor, b));
    }
}

#[cfg(test)]
mod tab_tests {
    use super::Tab;

    #[test]
    fn tabs_cycle_through_every_tab_both_ways() {
        let mut t = Tab::Today;
        for want in Tab::ALL.iter().cycle().skip(1).take(Tab::ALL.len()) {
            t = t.next();
            assert_eq!(t, *want);
        }
        for x in Tab::ALL {
            assert_eq!(x.next().prev(), x);
        }
        assert_eq!(Tab::Today.prev(), Tab::Boundaries);
    }
}
