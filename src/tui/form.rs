//! The add/edit entry form: fields, the activity picker's filter, and the
//! validation shown as the user types. Reading times and durations is the
//! model's (`model::parse`); this only puts the fields together.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::input::Input;
use crate::config::Config;
use crate::model::{Activity, Entry, Running, clash, parse};

/// The form's fields, in the order Tab moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    Activity,
    Start,
    /// An end time or a duration.
    End,
    Note,
    Tags,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Activity,
        Field::Start,
        Field::End,
        Field::Note,
        Field::Tags,
    ];
    pub const COUNT: usize = Field::ALL.len();

    pub fn label(self) -> &'static str {
        match self {
            Field::Activity => "activity",
            Field::Start => "start",
            Field::End => "end or duration",
            Field::Note => "note",
            Field::Tags => "tags",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Field {
        Field::ALL[(self.index() + 1) % Field::COUNT]
    }

    pub fn prev(self) -> Field {
        Field::ALL[(self.index() + Field::COUNT - 1) % Field::COUNT]
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntryForm {
    /// The start of the entry being edited; `None` adds a new one.
    pub editing: Option<DateTime<FixedOffset>>,
    /// The day a bare `HH:MM` start falls on: the edited entry's own date
    /// (whichever day it was opened from); `None` is the day shown.
    pub day: Option<NaiveDate>,
    pub field: Field,
    /// One per field, indexed by [`Field::index`].
    pub inputs: [Input; Field::COUNT],
    /// Which of the activities matching the filter is picked.
    pub pick: usize,
    /// The fields as last read by `update` ([`EntryForm::recheck`]): what
    /// the form shows, so drawing never validates.
    pub checked: Checked,
    /// The form corrects the running timer: no end (it runs until now).
    pub running: bool,
    /// The length of the entry being edited, in seconds: an edit that does
    /// not make it longer needs no confirmation of a long block.
    pub was_seconds: Option<i64>,
    /// The block is over 12 hours and the user was asked: Enter again
    /// saves it. Reset whenever a field changes.
    pub long_asked: bool,
    /// Saved and waiting for the outcome: the form closes when it is good
    /// and stays open with the message when not.
    pub saving: bool,
    /// Why the last save failed (the library's words), input kept.
    pub failed: Option<String>,
}

/// The form read: an entry, or an error per field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checked {
    pub entry: Option<Entry>,
    pub errors: [Option<String>; Field::COUNT],
    /// The entry would overlap a logged one or the running timer (the
    /// store's own words); then `entry` is `None`.
    pub clash: Option<String>,
}

/// What the form is checked against besides its own fields: the shown
/// day's entries, the running timer and now.
pub struct Around<'a> {
    pub entries: &'a [Entry],
    pub running: Option<&'a Running>,
    pub now: DateTime<Utc>,
}

impl EntryForm {
    pub fn new_at(start: &str, end: &str) -> EntryForm {
        let mut f = EntryForm::default();
        f.inputs[Field::Start.index()] = Input::new(start);
        f.inputs[Field::End.index()] = Input::new(end);
        f
    }

    pub fn edit(e: &Entry) -> EntryForm {
        EntryForm {
            editing: Some(e.start),
            day: Some(e.start.date_naive()),
            field: Field::Activity,
            inputs: [
                Input::new(e.activity.clone()),
                Input::new(e.start.format("%H:%M").to_string()),
                Input::new(e.end.format("%H:%M").to_string()),
                Input::new(e.note.clone().unwrap_or_default()),
                Input::new(e.tags.join(" ")),
            ],
            pick: 0,
            checked: Checked::default(),
            was_seconds: Some(e.seconds()),
            ..EntryForm::default()
        }
    }

    /// The form for the running timer: its activity, start (with its date
    /// when it began before `day`), note and tags.
    pub fn running(r: &Running, day: NaiveDate) -> EntryForm {
        let start = if r.start.date_naive() == day {
            r.start.format("%H:%M")
        } else {
            r.start.format("%Y-%m-%d %H:%M")
        };
        let mut f = EntryForm::new_at(&start.to_string(), "");
        f.inputs[Field::Activity.index()] = Input::new(r.activity.clone());
        f.inputs[Field::Note.index()] = Input::new(r.note.clone().unwrap_or_default());
        f.inputs[Field::Tags.index()] = Input::new(r.tags.join(" "));
        f.running = true;
        f
    }

    /// Whether saving must first be confirmed: a block over 12 hours (an
    /// edit only when it grows) that the user was not yet asked about.
    pub fn needs_long_confirmation(&self, e: &Entry) -> bool {
        !self.running
            && e.is_long()
            && self.was_seconds.is_none_or(|w| e.seconds() > w)
            && !self.long_asked
    }

    /// Activities whose name holds the typed text, exact match first.
    pub fn matches<'a>(&self, cfg: &'a Config) -> Vec<&'a Activity> {
        matching(cfg, &self.inputs[Field::Activity.index()].text)
    }

    /// Read the fields again into `checked`, and the entry they make
    /// against what is `around` it.
    pub fn recheck(&mut self, cfg: &Config, day: NaiveDate, around: &Around) {
        let mut c = if self.running {
            self.check_running(cfg, day, around.now)
        } else {
            self.check(cfg, day)
        };
        if let Some(e) = &c.entry {
            c.clash = self.clash(e, around);
            if c.clash.is_some() {
                c.entry = None;
            }
        }
        self.checked = c;
    }

    /// The first overlap of `e` with the day's entries (the one edited
    /// aside) or the running timer, in the words the store would refuse it
    /// with. All of them are read in the user's zone already.
    fn clash(&self, e: &Entry, around: &Around) -> Option<String> {
        let from = e.start_utc();
        // The entry edited is not in the way, nor is what overlapped it
        // already (a merge left the pair; `O` settles it), as in the store.
        let edited = around
            .entries
            .iter()
            .find(|o| Some(o.start) == self.editing);
        let others = around
            .entries
            .iter()
            .filter(|o| Some(o.start) != self.editing)
            .filter(|o| edited.is_none_or(|x| !x.overlaps(o)));
        if self.running {
            // The timer runs from its start until now.
            let until = around.now.max(from) + chrono::Duration::seconds(1);
            return others
                .filter(|o| o.end_utc() > from && o.start_utc() < until)
                .min_by_key(|o| o.start)
                .map(|o| clash::timer_over(e.start, o));
        }
        if let Some(o) = others.filter(|o| o.overlaps(e)).min_by_key(|o| o.start) {
            return Some(clash::with_entry(e, o));
        }
        around
            .running
            .filter(|r| e.end_utc() > r.start && from < around.now.max(r.start.to_utc()))
            .map(|r| clash::with_running(e, r))
    }

    /// The running timer's fields: a start that has passed, no end.
    fn check_running(&self, cfg: &Config, day: NaiveDate, now: DateTime<Utc>) -> Checked {
        let mut probe = self.clone();
        probe.running = false;
        // Read as a block up to now, then judged as a timer.
        let now_local = cfg.zone.localize(now);
        probe.inputs[Field::End.index()] = Input::new(now_local.to_rfc3339());
        let mut c = probe.check(cfg, day);
        c.errors[Field::End.index()] = None;
        let start = parse::time(&self.inputs[Field::Start.index()].text, day, &cfg.zone);
        if let Ok(s) = start
            && s.to_utc() > now + crate::app::MIN_TIMER
        {
            c.errors[Field::Start.index()] = Some(format!(
                "{} is in the future; a timer starts now or earlier",
                s.format("%Y-%m-%d %H:%M")
            ));
        }
        let found = self.matches(cfg);
        c.entry = match (
            start,
            found.get(self.pick.min(found.len().saturating_sub(1))),
        ) {
            (Ok(s), Some(a)) if c.errors.iter().all(Option::is_none) => {
                let mut e = Entry::new(s, now_local.max(s), &a.name);
                e.note = probe.checked_note();
                e.tags = tags(&self.inputs[Field::Tags.index()].text);
                Some(e)
            }
            _ => None,
        };
        c
    }

    fn checked_note(&self) -> Option<String> {
        let note = self.inputs[Field::Note.index()].text.trim();
        (!note.is_empty()).then(|| note.to_string())
    }

    /// The day the form's times are on: the edited entry's own, else `shown`.
    pub fn day_or(&self, shown: NaiveDate) -> NaiveDate {
        self.day.unwrap_or(shown)
    }

    /// Read every field: a bare `HH:MM` start on the form's day (the day
    /// `shown` for a new entry); a bare `HH:MM` end on the start's date, or
    /// the next day when it is before the start, as in `keel log`.
    pub fn check(&self, cfg: &Config, shown: NaiveDate) -> Checked {
        let day = self.day_or(shown);
        let mut errors: [Option<String>; Field::COUNT] = Default::default();
        let found = self.matches(cfg);
        let activity = found.get(self.pick.min(found.len().saturating_sub(1)));
        if activity.is_none() {
            errors[Field::Activity.index()] = Some(
                if self.inputs[Field::Activity.index()].text.trim().is_empty() {
                    "type to pick an activity".into()
                } else {
                    format!(
                        "no activity matches `{}`",
                        self.inputs[Field::Activity.index()].text.trim()
                    )
                },
            );
        }
        let start = parse::time(&self.inputs[Field::Start.index()].text, day, &cfg.zone);
        if let Err(e) = &start {
            errors[Field::Start.index()] = Some(e.clone());
        }
        let end_text = self.inputs[Field::End.index()].text.trim();
        let end = match &start {
            _ if end_text.is_empty() => Err("an end time (17:30) or a duration (45m)".to_string()),
            Ok(s) if parse::clock(end_text).is_some() => end_after(end_text, *s, cfg),
            _ if end_text.contains(':') => parse::time(end_text, day, &cfg.zone),
            Ok(s) => parse::duration(end_text).map(|d| *s + d),
            Err(_) => parse::duration(end_text).and(Err(String::new())),
        };
        match (&start, &end) {
            (_, Err(e)) if !e.is_empty() => errors[Field::End.index()] = Some(e.clone()),
            (Ok(s), Ok(e)) if e <= s => {
                errors[Field::End.index()] = Some("the end must be after the start".into())
            }
            _ => {}
        }
        let entry = match (activity, start, end) {
            (Some(a), Ok(s), Ok(e)) if errors.iter().all(Option::is_none) => {
                let mut entry = Entry::new(s, e, &a.name);
                let note = self.inputs[Field::Note.index()].text.trim();
                entry.note = (!note.is_empty()).then(|| note.to_string());
                entry.tags = tags(&self.inputs[Field::Tags.index()].text);
                match entry.check_shape() {
                    Ok(()) => Some(entry),
                    Err(m) => {
                        errors[Field::End.index()] = Some(format!("the entry {m}"));
                        None
                    }
                }
            }
            _ => None,
        };
        Checked {
            entry,
            errors,
            clash: None,
        }
    }
}

/// A bare `HH:MM` end: on the start's date, or the next day when that
/// would be before the start (an equal time is a mistake, not 24 hours).
fn end_after(
    text: &str,
    start: DateTime<FixedOffset>,
    cfg: &Config,
) -> Result<DateTime<FixedOffset>, String> {
    let on = start.date_naive();
    let end = parse::time(text, on, &cfg.zone)?;
    if end < start {
        return parse::time(text, on + chrono::Duration::days(1), &cfg.zone);
    }
    Ok(end)
}

/// Activities whose name holds `filter` (case-insensitive), exact first.
pub fn matching<'a>(cfg: &'a Config, filter: &str) -> Vec<&'a Activity> {
    let f = filter.trim().to_lowercase();
    let mut out: Vec<&Activity> = cfg
        .activities
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&f))
        .collect();
    out.sort_by_key(|a| {
        let n = a.name.to_lowercase();
        (n != f, !n.starts_with(&f))
    });
    out
}

fn tags(s: &str) -> Vec<String> {
    s.split([' ', ','])
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        let mut c = Config::builtin();
        c.zone = crate::model::Zone::parse("Europe/Berlin").unwrap();
        c
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn form(a: &str, s: &str, e: &str) -> EntryForm {
        let mut f = EntryForm::new_at(s, e);
        f.inputs[Field::Activity.index()] = Input::new(a);
        f
    }

    #[test]
    fn tab_moves_through_every_field_and_wraps() {
        let mut f = Field::Activity;
        let mut seen = Vec::new();
        for _ in 0..Field::COUNT {
            seen.push(f);
            f = f.next();
        }
        assert_eq!(seen, Field::ALL);
        assert_eq!(f, Field::Activity);
        assert_eq!(Field::Activity.prev(), Field::Tags);
        for x in Field::ALL {
            assert_eq!(x.next().prev(), x);
            assert_eq!(Field::ALL[x.index()], x);
        }
    }

    #[test]
    fn a_duration_or_an_end_time_both_work() {
        let c = form("cod", "09:00", "1h30m").check(&cfg(), day());
        let e = c.entry.unwrap();
        assert_eq!((e.activity.as_str(), e.seconds()), ("coding", 5400));
        let c = form("one-on-one", "09:00", "09:45").check(&cfg(), day());
        assert_eq!(c.entry.unwrap().seconds(), 2700);
    }

    #[test]
    fn errors_are_given_per_field() {
        let c = form("zzz", "9h", "08:00").check(&cfg(), day());
        assert!(c.entry.is_none());
        assert!(
            c.errors[Field::Activity.index()]
                .as_deref()
                .unwrap()
                .contains("no activity matches")
        );
        assert!(
            c.errors[Field::Start.index()]
                .as_deref()
                .unwrap()
                .contains("not a time")
        );
        let c = form("coding", "10:00", "10:00").check(&cfg(), day());
        assert_eq!(
            c.errors[Field::End.index()].as_deref(),
            Some("the end must be after the start")
        );
        let c = form("coding", "10:00", "").check(&cfg(), day());
        assert!(c.errors[Field::End.index()].is_some());
    }

    #[test]
    fn an_end_before_the_start_is_the_next_day_as_in_keel_log() {
        let e = form("design", "23:30", "00:45")
            .check(&cfg(), day())
            .entry
            .unwrap();
        assert_eq!(e.start.to_rfc3339(), "2026-11-24T23:30:00+01:00");
        assert_eq!(e.end.to_rfc3339(), "2026-11-25T00:45:00+01:00");
        // A full time is taken as written.
        let c = form("design", "23:30", "2026-11-24 00:45").check(&cfg(), day());
        assert!(c.errors[Field::End.index()].is_some());
    }

    #[test]
    fn an_edited_entry_keeps_its_own_date_from_any_day() {
        let start = DateTime::parse_from_rfc3339("2026-11-23T23:30:00+01:00").unwrap();
        let end = DateTime::parse_from_rfc3339("2026-11-24T00:45:00+01:00").unwrap();
        let mut f = EntryForm::edit(&Entry::new(start, end, "design"));
        // Opened from Tuesday, its second day: no error, the same entry.
        let c = f.check(&cfg(), day());
        assert_eq!(c.errors, Checked::default().errors);
        let e = c.entry.unwrap();
        assert_eq!((e.start, e.end), (start, end));
        // A new duration keeps the start and its date.
        f.inputs[Field::End.index()] = Input::new("2h");
        let e = f.check(&cfg(), day()).entry.unwrap();
        assert_eq!((e.start, e.seconds()), (start, 7200));
    }

    #[test]
    fn the_exact_name_wins_and_tags_split() {
        let mut f = form("review", "09:00", "30m");
        f.inputs[Field::Tags.index()] = Input::new("#payments, infra");
        let e = f.check(&cfg(), day()).entry.unwrap();
        assert_eq!(e.activity, "review");
        assert_eq!(e.tags, ["payments", "infra"]);
        assert_eq!(matching(&cfg(), "o")[0].name, "oncall");
    }
}
