//! `update(&mut State, Action) -> Vec<Effect>`: the only place the state
//! changes. Pure: no files, no terminal, no clock (time arrives as `Tick`).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::action::{Action, Cmd, Effect};
use super::form::{self, EntryForm, Field};
use super::input::{Edit, Input};
use super::layout;
use super::state::{Mode, Notice, Row, State, Tab};
use crate::app::{EntryChanges, RunningChanges};
use crate::config::edit::{ProtectChange, parse_change};
use crate::config::keys::KEYS;
use crate::model::parse;

/// A timer older than this is pointed out at start-up.
pub const LONG_TIMER_HOURS: i64 = 12;

pub fn update(s: &mut State, a: Action) -> Vec<Effect> {
    let effects = apply(s, a);
    // A form shows what its fields read now: read here, never in drawing.
    let (cfg, day) = (&s.data.config, s.day);
    if let Mode::Form(f) = &mut s.mode {
        let around = form::Around {
            entries: &s.data.entries,
            running: s.data.running.as_ref(),
            now: s.now,
        };
        f.recheck(cfg, day, &around);
    }
    if let Mode::LongTimer(i, _) = &s.mode {
        let started = s.data.running.as_ref().map(|r| r.start.date_naive());
        let read = long_timer_end(s, started, &i.text);
        if let Mode::LongTimer(_, r) = &mut s.mode {
            *r = read;
        }
    }
    effects
}

fn apply(s: &mut State, a: Action) -> Vec<Effect> {
    match a {
        Action::Tick(now) => {
            let minute = |t: chrono::DateTime<chrono::Utc>| t.timestamp() / 60;
            let new_minute = minute(now) != minute(s.now);
            let was_today = s.day == s.today();
            s.now = now;
            // Follow midnight when looking at today.
            if was_today && s.day != s.today() {
                s.day = s.today();
                s.week = s.this_week();
            }
            if new_minute { vec![reload(s)] } else { vec![] }
        }
        Action::Loaded(d) => {
            let first = s.data.status.is_none();
            let old = std::mem::replace(&mut s.data, *d);
            if s.data.trend.is_empty() {
                s.data.trend = old.trend;
                s.data.longest = old.longest;
            }
            let n = s.rows().len();
            s.selected = s.selected.min(n.saturating_sub(1));
            if first {
                check_long_timer(s);
            }
            vec![]
        }
        Action::Done(r) => {
            // A form that was saving closes on success and stays open,
            // its input kept, with the reason on failure.
            if let Mode::Form(f) = &mut s.mode
                && f.saving
            {
                f.saving = false;
                match r {
                    Ok(m) => {
                        s.mode = Mode::Normal;
                        s.notice = Some(Notice::Info(m));
                    }
                    Err(m) => f.failed = Some(m),
                }
                return vec![reload(s)];
            }
            // A prompt whose save failed opens again, its input kept.
            let reopen = s.reopen.take();
            if r.is_err()
                && let Some(m) = reopen
                && s.mode == Mode::Normal
            {
                s.mode = m;
            }
            s.notice = Some(match r {
                Ok(m) => Notice::Info(m),
                Err(m) => Notice::Error(m),
            });
            vec![reload(s)]
        }
        Action::LoadFailed(m) => {
            s.notice = Some(Notice::Error(m));
            vec![]
        }
        Action::Resize(w, h) => {
            s.size = (w, h);
            vec![]
        }
        Action::Click { col, row } => click(s, col, row),
        Action::Scroll(d) => {
            if matches!(s.mode, Mode::Normal | Mode::Help) {
                let c = if d > 0 { Cmd::Down } else { Cmd::Up };
                return command(s, c);
            }
            vec![]
        }
        Action::Start(name) => start(s, name),
        Action::Edit(e) => {
            edit_text(s, e);
            vec![]
        }
        Action::Cmd(c) => {
            s.notice = None;
            let was = (s.tab, s.week, std::mem::discriminant(&s.mode));
            let effects = command(s, c);
            if was != (s.tab, s.week, std::mem::discriminant(&s.mode)) {
                s.scroll = 0;
            }
            effects
        }
    }
}

fn reload(s: &State) -> Effect {
    Effect::Reload {
        day: s.day,
        week: s.week,
        full: true,
    }
}

/// After moving between days or weeks: the data did not change.
fn navigate(s: &State) -> Effect {
    Effect::Reload {
        day: s.day,
        week: s.week,
        full: false,
    }
}

fn check_long_timer(s: &mut State) {
    if long_running(s) && s.mode == Mode::Normal {
        s.mode = Mode::LongTimer(Input::default(), Err(String::new()));
    }
}

/// The running timer has run over [`LONG_TIMER_HOURS`]: stopping it (or
/// switching from it) now would log one block that long, so the UI asks
/// for its real end first, as the CLI asks for `--at` or `--long`.
fn long_running(s: &State) -> bool {
    s.data
        .running
        .as_ref()
        .is_some_and(|r| r.elapsed(s.now) > Duration::hours(LONG_TIMER_HOURS))
}

fn start(s: &mut State, name: String) -> Vec<Effect> {
    match std::mem::replace(&mut s.mode, Mode::Normal) {
        Mode::Fill(from, to) => fill(s, from, to, &name),
        Mode::Normal
            if long_running(s) && s.data.running.as_ref().is_some_and(|r| r.activity != name) =>
        {
            s.mode = Mode::LongTimer(Input::default(), Err(String::new()));
            vec![]
        }
        Mode::Normal => vec![Effect::Start(name)],
        other => {
            s.mode = other;
            vec![]
        }
    }
}

/// Log the gap `from`–`to` as `name`; a gap over 12 hours goes through
/// the form, which asks before saving such a block.
fn fill(
    s: &mut State,
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
    name: &str,
) -> Vec<Effect> {
    let e = crate::model::Entry::new(from, to, name);
    if !e.is_long() {
        return vec![Effect::Log(e)];
    }
    let mut f = EntryForm::new_at(&hm(from, s.day), &hm(to, s.day));
    f.inputs[Field::Activity.index()] = Input::new(name);
    s.mode = Mode::Form(Box::new(f));
    vec![]
}

/// Take the part `a`–`b` of ended booked event `i` as an entry: its
/// classified activity, its title as the note, its calendar source (so
/// `keel sync` never imports it again).
fn take_booked(
    s: &State,
    i: usize,
    a: DateTime<FixedOffset>,
    b: DateTime<FixedOffset>,
) -> Vec<Effect> {
    let ev = &s.data.ended[i];
    let mut e = crate::model::Entry::new(a, b, &ev.activity);
    e.note = ev.note.clone();
    e.source = ev.source.clone();
    vec![Effect::Log(e)]
}

/// A time as the form reads it on `day`: `HH:MM`, with the date when it
/// falls on another day.
fn hm(t: DateTime<FixedOffset>, day: NaiveDate) -> String {
    if t.date_naive() == day {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// What `n` proposes on Today: the selected gap; else the time after the
/// day's last entry, up to now (or an hour on a day that has passed); on a
/// day with nothing logged, the first hour of the workday.
fn proposal(s: &State) -> (String, String) {
    if let Some(Row::Gap(a, b)) = selected_row(s) {
        return (hm(a, s.day), hm(b, s.day));
    }
    let now = s.config().zone.localize(s.now);
    let last = s.data.entries.iter().map(|e| e.end).max();
    // A running timer holds the time from its start on.
    let until = s.data.running.as_ref().map_or(now, |r| r.start.min(now));
    if let Some(end) = last
        && until - end >= Duration::minutes(1)
        && s.day == s.today()
    {
        return (hm(end, s.day), hm(until, s.day));
    }
    // Else the day's last unlogged gap, else an hour after the last entry.
    let gap = s.rows().into_iter().rev().find_map(|r| match r {
        Row::Gap(a, b) => Some((a, b)),
        _ => None,
    });
    match (gap, last) {
        (Some((a, b)), _) => (hm(a, s.day), hm(b, s.day)),
        (None, Some(end)) => (hm(end, s.day), "1h".into()),
        (None, None) => {
            let start = s.config().workday.start.format("%H:%M").to_string();
            (start, "1h".into())
        }
    }
}

fn selected_row(s: &State) -> Option<Row> {
    s.rows().get(s.selected).copied()
}

fn command(s: &mut State, c: Cmd) -> Vec<Effect> {
    match (&s.mode, c) {
        (_, Cmd::Quit) => {
            s.quit = true;
            return vec![];
        }
        (Mode::Help, Cmd::Down | Cmd::Up) => {
            scroll(s, c, super::help::scroll_max(s));
            return vec![];
        }
        (Mode::Help, _) | (Mode::Normal, Cmd::Help) => {
            s.mode = if s.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
            return vec![];
        }
        (Mode::Normal, _) => {}
        (_, Cmd::Cancel | Cmd::No) => {
            s.mode = Mode::Normal;
            return vec![];
        }
        (Mode::ConfirmDelete(e), Cmd::Yes) => {
            let start = e.start;
            s.mode = Mode::Normal;
            return vec![Effect::Delete(start)];
        }
        (Mode::ConfirmUnprotect(n), Cmd::Yes) => {
            let n = *n;
            s.mode = Mode::Normal;
            return vec![Effect::SetProtected(ProtectChange::Remove(n))];
        }
        (Mode::Overlap(a, b), Cmd::KeepFirst | Cmd::KeepSecond | Cmd::KeepBoth) => {
            use crate::app::sync::Keep;
            let keep = match c {
                Cmd::KeepFirst => Keep::First,
                Cmd::KeepSecond => Keep::Second,
                _ => Keep::Both,
            };
            let e = Effect::ResolveOverlap(a.start, b.start, keep);
            s.mode = Mode::Normal;
            return vec![e];
        }
        (Mode::Fill(a, b), Cmd::Picker) => {
            s.mode = Mode::Picker {
                filter: Input::default(),
                pick: 0,
                fill: Some((*a, *b)),
            };
            return vec![];
        }
        (_, Cmd::Submit) => return submit(s),
        (Mode::Review(_), Cmd::Newline | Cmd::Up | Cmd::Down) => {
            let e = match c {
                Cmd::Up => Edit::Up,
                Cmd::Down => Edit::Down,
                _ => Edit::Newline,
            };
            edit_text(s, e);
            return vec![];
        }
        (_, Cmd::NextField | Cmd::PrevField | Cmd::Down | Cmd::Up) => {
            move_in_field(s, c);
            return vec![];
        }
        _ => return vec![],
    }
    // Normal mode.
    let rows = s.rows().len();
    match c {
        Cmd::Tab(t) => s.tab = t,
        Cmd::NextTab => s.tab = s.tab.next(),
        Cmd::PrevTab => s.tab = s.tab.prev(),
        Cmd::Down | Cmd::Up if s.tab == Tab::Week => {
            scroll(s, c, super::week::scroll_max(s, body(s)));
        }
        Cmd::Down => match s.tab {
            // Past the last row, j reads on into the history.
            Tab::Boundaries if s.boundary_row + 1 >= boundary_rows(s) => {
                scroll(s, c, super::boundaries::window(s, body(s)).1);
            }
            Tab::Boundaries => {
                s.boundary_row = (s.boundary_row + 1).min(boundary_rows(s) - 1);
            }
            _ => s.selected = (s.selected + 1).min(rows.saturating_sub(1)),
        },
        Cmd::Up => match s.tab {
            Tab::Boundaries if s.scroll > 0 => s.scroll -= 1,
            Tab::Boundaries => s.boundary_row = s.boundary_row.saturating_sub(1),
            _ => s.selected = s.selected.saturating_sub(1),
        },
        Cmd::Top => s.selected = 0,
        Cmd::Bottom => s.selected = rows.saturating_sub(1),
        Cmd::Prev | Cmd::Next => {
            let d = if c == Cmd::Next { 1 } else { -1 };
            match s.tab {
                Tab::Week => s.week += Duration::weeks(d),
                Tab::Today => {
                    s.day += Duration::days(d);
                    s.selected = 0;
                    s.week = s.config().week_start.week_of(s.day);
                }
                // Trends always end with this week; Boundaries are this week's.
                Tab::Trends | Tab::Boundaries => return vec![],
            }
            return vec![navigate(s)];
        }
        Cmd::Now => {
            s.day = s.today();
            s.week = s.this_week();
            return vec![navigate(s)];
        }
        Cmd::Undo => return vec![Effect::Undo],
        Cmd::SyncCalendars => return vec![Effect::SyncCalendars],
        Cmd::DayOff => return vec![Effect::DayOff(s.data.day, s.data.day_off.is_none())],
        Cmd::Stop => {
            if long_running(s) {
                s.mode = Mode::LongTimer(Input::default(), Err(String::new()));
                return vec![];
            }
            if s.data.running.is_some() {
                return vec![Effect::Stop(None)];
            }
            s.notice = Some(Notice::Error("no timer is running".into()));
        }
        Cmd::Picker => {
            s.mode = Mode::Picker {
                filter: Input::default(),
                pick: 0,
                fill: None,
            }
        }
        Cmd::Add if s.tab == Tab::Boundaries => {
            let input = Input::default();
            let check = protect_change(s, &input.text).map(|_| ());
            s.mode = Mode::Protect { input, check };
        }
        Cmd::Delete if s.tab == Tab::Boundaries => match s.boundary_row.checked_sub(KEYS.len()) {
            Some(i) if i < protected_count(s) => s.mode = Mode::ConfirmUnprotect(i + 1),
            _ => {
                s.notice = Some(Notice::Error(
                    "select a protected block to let go of (a rule is changed with Enter)".into(),
                ))
            }
        },
        Cmd::Add => {
            let (start, end) = proposal(s);
            s.mode = Mode::Form(Box::new(EntryForm::new_at(&start, &end)));
        }
        Cmd::Edit if s.tab == Tab::Boundaries && s.boundary_row >= KEYS.len() => {
            s.notice = Some(Notice::Error(
                "a protected block is let go of with D, and a new one added with n".into(),
            ));
        }
        Cmd::Edit if s.tab == Tab::Boundaries => {
            let key = &KEYS[s.boundary_row.min(KEYS.len() - 1)];
            let input = Input::new(key.typed(s.config().boundaries_on(s.this_week())));
            let check = boundary_change(s, key.name, &input.text).map(|_| ());
            s.mode = Mode::Boundary {
                key: key.name,
                input,
                check,
            };
        }
        Cmd::Edit => match selected_row(s) {
            Some(Row::Entry(i)) => {
                s.mode = Mode::Form(Box::new(EntryForm::edit(&s.data.entries[i])));
            }
            Some(Row::Gap(a, b)) => {
                let f = EntryForm::new_at(
                    &a.format("%H:%M").to_string(),
                    &b.format("%H:%M").to_string(),
                );
                s.mode = Mode::Form(Box::new(f));
            }
            Some(Row::Running) => {
                if let Some(r) = &s.data.running {
                    s.mode = Mode::Form(Box::new(EntryForm::running(r, s.day)));
                }
            }
            Some(Row::Booked(i, a, b)) => {
                let mut f = EntryForm::new_at(&hm(a, s.day), &hm(b, s.day));
                f.inputs[Field::Activity.index()] = Input::new(&s.data.ended[i].activity);
                s.mode = Mode::Form(Box::new(f));
            }
            None => {}
        },
        Cmd::Fill => match selected_row(s) {
            Some(Row::Gap(a, b)) => s.mode = Mode::Fill(a, b),
            Some(Row::Booked(i, a, b)) => return take_booked(s, i, a, b),
            _ => s.notice = Some(Notice::Error("select an unlogged gap first (j/k)".into())),
        },
        Cmd::Delete => match selected_row(s) {
            Some(Row::Entry(i)) => s.mode = Mode::ConfirmDelete(s.data.entries[i].clone()),
            _ => s.notice = Some(Notice::Error("select an entry to delete".into())),
        },
        Cmd::Overlap => match selected_row(s) {
            Some(Row::Entry(i)) => {
                let e = &s.data.entries[i];
                match s
                    .data
                    .entries
                    .iter()
                    .find(|o| !std::ptr::eq(*o, e) && o.overlaps(e))
                {
                    Some(o) => {
                        let (a, b) = if crate::store::sync::overlap::order(e, o).is_le() {
                            (e.clone(), o.clone())
                        } else {
                            (o.clone(), e.clone())
                        };
                        s.mode = Mode::Overlap(a, b);
                    }
                    None => {
                        s.notice = Some(Notice::Error("this entry overlaps no other".into()));
                    }
                }
            }
            _ => s.notice = Some(Notice::Error("select an entry marked ⚠ first".into())),
        },
        Cmd::Review => {
            let text = s
                .data
                .week
                .as_ref()
                .and_then(|w| w.review.clone())
                .unwrap_or_default();
            s.mode = Mode::Review(Input::new(text));
        }
        _ => {}
    }
    vec![]
}

/// The body of the screen as last drawn (the terminal's size, the notice's
/// rows).
fn body(s: &State) -> ratatui::layout::Rect {
    let rows = super::widgets::notice_rows(s, s.size.0);
    layout::areas_with(s.size.0, s.size.1, rows).body
}

/// Scroll a screen longer than the terminal by a line, within `max`.
fn scroll(s: &mut State, c: Cmd, max: u16) {
    s.scroll = match c {
        Cmd::Down => (s.scroll + 1).min(max),
        _ => s.scroll.saturating_sub(1).min(max),
    };
}

/// Tab moves between a form's fields; ↑/↓ choose among the matching
/// activities (in the activity field and the picker), else move fields too.
fn move_in_field(s: &mut State, c: Cmd) {
    let forward = matches!(c, Cmd::NextField | Cmd::Down);
    let step = |i: usize, n: usize| {
        if forward {
            (i + 1).min(n.saturating_sub(1))
        } else {
            i.saturating_sub(1)
        }
    };
    let cfg = &s.data.config;
    match &mut s.mode {
        Mode::Form(f) if f.field == Field::Activity && matches!(c, Cmd::Down | Cmd::Up) => {
            f.pick = step(f.pick, f.matches(cfg).len());
        }
        Mode::Form(f) => {
            let step = |x: Field| if forward { x.next() } else { x.prev() };
            f.field = step(f.field);
            // The running timer has no end to type.
            if f.running && f.field == Field::End {
                f.field = step(f.field);
            }
        }
        Mode::Picker { filter, pick, .. } => {
            *pick = step(*pick, form::matching(cfg, &filter.text).len());
        }
        _ => {}
    }
}

fn edit_text(s: &mut State, e: Edit) {
    match &mut s.mode {
        Mode::Form(f) => {
            let field = f.field;
            let before = f.inputs[field.index()].text.clone();
            f.inputs[field.index()].apply(e);
            if field == Field::Activity {
                f.pick = 0;
            }
            // A changed block is asked about again; an old failure is stale.
            if f.inputs[field.index()].text != before {
                f.long_asked = false;
                f.failed = None;
            }
        }
        Mode::Picker { filter, pick, .. } => {
            filter.apply(e);
            *pick = 0;
        }
        Mode::Review(i) | Mode::LongTimer(i, _) => i.apply(e),
        Mode::Boundary { input, .. } => input.apply(e),
        Mode::Protect { input, .. } => input.apply(e),
        _ => {}
    }
    if let Mode::Protect { input, .. } = &s.mode {
        let result = protect_change(s, &input.text).map(|_| ());
        if let Mode::Protect { check, .. } = &mut s.mode {
            *check = result;
        }
    }
    // The value is checked once per change of the text, not per frame.
    if let Mode::Boundary { key, input, .. } = &s.mode {
        let result = boundary_change(s, key, &input.text).map(|_| ());
        if let Mode::Boundary { check, .. } = &mut s.mode {
            *check = result;
        }
    }
}

fn submit(s: &mut State) -> Vec<Effect> {
    let mode = std::mem::replace(&mut s.mode, Mode::Normal);
    // What to open again should the save fail (the entry form stays open
    // by itself).
    let reopen = matches!(
        mode,
        Mode::Review(_) | Mode::Boundary { .. } | Mode::Protect { .. }
    )
    .then(|| mode.clone());
    let (effects, back) = match mode {
        Mode::Form(f) => submit_form(f),
        Mode::Picker { filter, pick, fill } => {
            let found = form::matching(&s.data.config, &filter.text);
            match (found.get(pick), fill) {
                (Some(a), None) => (vec![Effect::Start(a.name.clone())], None),
                (Some(a), Some((from, to))) => (
                    vec![Effect::Log(crate::model::Entry::new(from, to, &a.name))],
                    None,
                ),
                (None, _) => (vec![], Some(Mode::Picker { filter, pick, fill })),
            }
        }
        Mode::Review(i) => (
            vec![Effect::SetReview(s.week, i.text.trim().to_string())],
            None,
        ),
        Mode::Protect { input, check } => match protect_change(s, &input.text) {
            Ok(c) => (vec![Effect::SetProtected(c)], None),
            Err(_) => (vec![], Some(Mode::Protect { input, check })),
        },
        Mode::Boundary { key, input, check } => match boundary_change(s, key, &input.text) {
            Ok(c) => (vec![Effect::SetBoundary(c)], None),
            Err(_) => (vec![], Some(Mode::Boundary { key, input, check })),
        },
        // Nothing typed: stop now, keeping the whole block the prompt named.
        Mode::LongTimer(i, _) if i.text.trim().is_empty() => (vec![Effect::Stop(None)], None),
        Mode::LongTimer(i, read) => {
            let r = s.data.running.as_ref().map(|r| r.start.date_naive());
            match long_timer_end(s, r, &i.text) {
                Ok(at) => (vec![Effect::Stop(Some(at))], None),
                Err(_) => (vec![], Some(Mode::LongTimer(i, read))),
            }
        }
        other => (vec![], Some(other)),
    };
    if let Some(m) = back {
        s.mode = m;
    }
    s.reopen = reopen.filter(|_| !effects.is_empty());
    effects
}

/// Save the form when it reads as an entry that clashes with nothing; it
/// stays open until the outcome comes back (`Done`). A block over 12 hours
/// is asked about first: Enter again saves it.
fn submit_form(mut f: Box<EntryForm>) -> (Vec<Effect>, Option<Mode>) {
    let Some(e) = f.checked.entry.clone() else {
        return (vec![], Some(Mode::Form(f)));
    };
    if f.saving {
        return (vec![], Some(Mode::Form(f)));
    }
    if f.needs_long_confirmation(&e) {
        f.long_asked = true;
        return (vec![], Some(Mode::Form(f)));
    }
    let effect = if f.running {
        Effect::EditRunning(RunningChanges {
            activity: Some(e.activity),
            start: Some(e.start),
            note: Some(e.note),
            tags: Some(e.tags),
        })
    } else if let Some(start) = f.editing {
        Effect::Edit(
            start,
            EntryChanges {
                activity: Some(e.activity),
                start: Some(e.start),
                end: Some(e.end),
                note: Some(e.note),
                tags: Some(e.tags),
                // Asked about above when it grew past 12 hours.
                long: true,
            },
        )
    } else if e.is_long() {
        Effect::LogLong(e)
    } else {
        Effect::Log(e)
    };
    f.saving = true;
    f.failed = None;
    (vec![effect], Some(Mode::Form(f)))
}

/// A boundary value as typed, checked against its key and by the same edit
/// that will save it (which reads the result back as a config). The error
/// reads without the file position (the file is not what was typed): the
/// first located problem's own words.
pub fn boundary_change(
    s: &State,
    key: &str,
    value: &str,
) -> Result<crate::config::edit::Change, String> {
    let c = parse_change(&format!("{key}={value}")).map_err(|e| e.headline())?;
    let since = s.this_week();
    let cfg = s.config();
    let path = std::path::Path::new("config");
    crate::config::edit::set_boundaries(
        &s.data.config_text,
        path,
        since,
        cfg.boundaries_on(since),
        std::slice::from_ref(&c),
    )
    .map_err(|e| e.headline())?;
    Ok(c)
}

/// The protected blocks of this week's set.
fn protected_count(s: &State) -> usize {
    s.config().boundaries_on(s.this_week()).protected.len()
}

/// The Boundaries screen's rows: every key, then every protected block.
pub fn boundary_rows(s: &State) -> usize {
    KEYS.len() + protected_count(s)
}

/// A protected block as typed (`tue,thu 09:00-12:00 technical`), checked
/// by the same edit that will save it.
pub fn protect_change(s: &State, text: &str) -> Result<ProtectChange, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (days, span, side) = match words[..] {
        [d, sp] => (d, sp, None),
        [d, sp, side] => (d, sp, Some(side)),
        _ => return Err("days, a span and a side, like tue,thu 09:00-12:00 technical".into()),
    };
    let p = crate::config::edit::parse_protected(days, span, side).map_err(|e| e.headline())?;
    let since = s.this_week();
    let change = ProtectChange::Add(p);
    crate::config::edit::set_protected(
        &s.data.config_text,
        std::path::Path::new("config"),
        since,
        s.config().boundaries_on(since),
        &change,
    )
    .map_err(|e| e.headline())?;
    Ok(change)
}

/// The real end of a long timer: `HH:MM` on the day it started, or a full
/// time; empty means "keep it running".
pub fn long_timer_end(
    s: &State,
    started: Option<NaiveDate>,
    text: &str,
) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let day = started.unwrap_or(s.day);
    parse::time(text, day, &s.data.config.zone)
}

fn click(s: &mut State, col: u16, row: u16) -> Vec<Effect> {
    let rows = super::widgets::notice_rows(s, s.size.0);
    let l = layout::areas_with(s.size.0, s.size.1, rows);
    if row == l.tabs.y {
        if let Some(t) = layout::tab_at(col) {
            s.tab = t;
            s.mode = Mode::Normal;
        }
        return vec![];
    }
    if s.tab == Tab::Boundaries && s.mode == Mode::Normal {
        // The rules are listed from the second line of the screen's lines.
        let (offset, _) = super::boundaries::window(s, l.body);
        let line = offset + usize::from(row.saturating_sub(l.body.y));
        if row >= l.body.y && line >= 1 && line - 1 < boundary_rows(s) {
            s.boundary_row = line - 1;
            s.scroll = 0;
        }
    }
    if s.tab == Tab::Today && s.mode == Mode::Normal {
        let list = super::today::list_area(s, l.body);
        if let Some(i) = super::today::row_at(s, list, row) {
            s.selected = i;
        }
    }
    vec![]
}
