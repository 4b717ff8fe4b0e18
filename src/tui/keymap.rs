//! The keymap as data: tables of bindings per context, resolved in order.
//! The help overlay is drawn from the same tables, so it lists every key.
//!
//! On Today an activity's configured key starts it, and wins over the
//! global keys it shares (`1`–`4`, `h`, `l`); Today's own keys (below) are
//! kept free of the default activity keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Cmd};
use super::input::Edit;
use super::state::{Mode, State, Tab};

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    pub label: &'static str,
    pub cmd: Cmd,
    pub help: &'static str,
}

const fn b(keys: &'static [KeyCode], label: &'static str, cmd: Cmd, help: &'static str) -> Binding {
    Binding {
        keys,
        label,
        cmd,
        help,
    }
}

use KeyCode::{BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, Right, Up};

pub const GLOBAL: &[Binding] = &[
    b(&[Char('q')], "q", Cmd::Quit, "quit (also Ctrl-C)"),
    b(&[Char('?')], "?", Cmd::Help, "this help"),
    b(&[Char('1')], "1", Cmd::Tab(Tab::Today), "Today"),
    b(&[Char('2')], "2", Cmd::Tab(Tab::Week), "Week"),
    b(&[Char('3')], "3", Cmd::Tab(Tab::Trends), "Trends"),
    b(&[Char('4')], "4", Cmd::Tab(Tab::Boundaries), "Boundaries"),
    b(&[KeyCode::Tab], "Tab", Cmd::NextTab, "next tab"),
    b(&[BackTab], "S-Tab", Cmd::PrevTab, "previous tab"),
    b(
        &[Left, Char('h'), Char('[')],
        "← h [",
        Cmd::Prev,
        "previous day / week",
    ),
    b(
        &[Right, Char('l'), Char(']')],
        "→ l ]",
        Cmd::Next,
        "next day / week",
    ),
    b(&[Char('t')], "t", Cmd::Now, "back to today / this week"),
    b(&[Char('u')], "u", Cmd::Undo, "undo the last change"),
    b(&[Char('y')], "y", Cmd::SyncCalendars, "sync calendars now"),
];

pub const TODAY: &[Binding] = &[
    b(&[Down, Char('j')], "↓ j", Cmd::Down, "next row"),
    b(&[Up, Char('k')], "↑ k", Cmd::Up, "previous row"),
    b(&[Home], "Home", Cmd::Top, "first row"),
    b(&[End, Char('G')], "End G", Cmd::Bottom, "last row"),
    b(&[Left, Char('[')], "← [", Cmd::Prev, "previous day"),
    b(&[Right, Char(']')], "→ ]", Cmd::Next, "next day"),
    b(
        &[Char('n'), Char('+')],
        "n +",
        Cmd::Add,
        "add an entry (a form)",
    ),
    b(
        &[Enter, Char('e')],
        "Enter e",
        Cmd::Edit,
        "edit entry / log the gap",
    ),
    b(
        &[Char('D'), KeyCode::Delete],
        "D Del",
        Cmd::Delete,
        "delete the entry (asks first)",
    ),
    b(&[Char('s')], "s", Cmd::Stop, "stop the timer"),
    b(
        &[Char('S'), Char(' ')],
        "S Space",
        Cmd::Picker,
        "start an activity from a list",
    ),
    b(&[Char('f')], "f", Cmd::Fill, "fill gap: f, activity key"),
    b(&[Char('O')], "O", Cmd::Overlap, "settle an overlap (⚠)"),
    b(
        &[Char('V')],
        "V",
        Cmd::DayOff,
        "mark the day off / a workday",
    ),
];

pub const WEEK: &[Binding] = &[b(
    &[Char('r'), Enter],
    "r Enter",
    Cmd::Review,
    "write the week's reflection",
)];

pub const BOUNDARIES: &[Binding] = &[
    b(&[Down, Char('j')], "↓ j", Cmd::Down, "next rule"),
    b(&[Up, Char('k')], "↑ k", Cmd::Up, "previous rule"),
    b(
        &[Enter, Char('e')],
        "Enter e",
        Cmd::Edit,
        "change it (from this week)",
    ),
    b(
        &[Char('n'), Char('+')],
        "n +",
        Cmd::Add,
        "protect a block of time",
    ),
    b(
        &[Char('D'), KeyCode::Delete],
        "D Del",
        Cmd::Delete,
        "let go of a protected block",
    ),
];

pub const INPUT: &[Binding] = &[
    b(&[Enter], "Enter", Cmd::Submit, "save"),
    b(&[Esc], "Esc", Cmd::Cancel, "cancel"),
    b(&[KeyCode::Tab], "Tab", Cmd::NextField, "next field"),
    b(&[BackTab], "S-Tab", Cmd::PrevField, "previous field"),
    b(&[Down], "↓", Cmd::Down, "next match or field"),
    b(&[Up], "↑", Cmd::Up, "previous match or field"),
];

pub const CONFIRM: &[Binding] = &[
    b(&[Char('y'), Enter], "y Enter", Cmd::Yes, "yes"),
    b(&[Char('n'), Esc], "n Esc", Cmd::No, "no"),
];

pub const OVERLAP: &[Binding] = &[
    b(&[Char('1')], "1", Cmd::KeepFirst, "keep the first"),
    b(&[Char('2')], "2", Cmd::KeepSecond, "keep the second"),
    b(&[Char('b')], "b", Cmd::KeepBoth, "keep both, one trimmed"),
    b(&[Char('n'), Esc], "n Esc", Cmd::No, "leave them"),
];

fn find(table: &[Binding], code: KeyCode) -> Option<Cmd> {
    table.iter().find(|b| b.keys.contains(&code)).map(|b| b.cmd)
}

/// The bindings of a screen, for the help overlay.
pub fn screen(tab: Tab) -> &'static [Binding] {
    match tab {
        Tab::Today => TODAY,
        Tab::Week => WEEK,
        Tab::Trends => &[],
        Tab::Boundaries => BOUNDARIES,
    }
}

/// What a key does in the current state, if anything.
pub fn resolve(s: &State, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == Char('c') {
        return Some(Action::Cmd(Cmd::Quit));
    }
    let code = key.code;
    match &s.mode {
        Mode::Help => match code {
            Char('q') | Char('?') | Esc | Enter => Some(Action::Cmd(Cmd::Help)),
            _ => None,
        },
        Mode::ConfirmDelete(_) | Mode::ConfirmUnprotect(_) => find(CONFIRM, code).map(Action::Cmd),
        Mode::Overlap(..) => find(OVERLAP, code).map(Action::Cmd),
        Mode::Fill(..) => match code {
            Esc => Some(Action::Cmd(Cmd::Cancel)),
            Enter | Char(' ') => Some(Action::Cmd(Cmd::Picker)),
            Char(c) => s
                .config()
                .activity_by_key(c)
                .map(|a| Action::Start(a.name.clone())),
            _ => None,
        },
        Mode::Form(_)
        | Mode::Picker { .. }
        | Mode::Review(_)
        | Mode::Boundary { .. }
        | Mode::Protect { .. }
        | Mode::LongTimer(..) => {
            if let Some(c) = find(INPUT, code) {
                return Some(Action::Cmd(c));
            }
            let e = match code {
                Char('u') if ctrl => Edit::Clear,
                Char(c) if !ctrl => Edit::Char(c),
                Backspace => Edit::Backspace,
                KeyCode::Delete => Edit::Delete,
                Left => Edit::Left,
                Right => Edit::Right,
                Home => Edit::Home,
                End => Edit::End,
                _ => return None,
            };
            Some(Action::Edit(e))
        }
        Mode::Normal => {
            if ctrl {
                return None;
            }
            if let Some(c) = find(screen(s.tab), code) {
                return Some(Action::Cmd(c));
            }
            if s.tab == Tab::Today
                && let Char(c) = code
                && let Some(a) = s.config().activity_by_key(c)
            {
                return Some(Action::Start(a.name.clone()));
            }
            find(GLOBAL, code).map(Action::Cmd)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::tui::state::Data;

    fn state(tab: Tab) -> State {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z")
            .unwrap()
            .to_utc();
        let mut s = State::new(Data::empty(Config::builtin(), now.date_naive()), now);
        s.tab = tab;
        s
    }

    fn show(a: Option<Action>) -> String {
        format!("{a:?}")
    }

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn activity_keys_start_on_today_and_win_over_global_keys() {
        let s = state(Tab::Today);
        assert_eq!(
            show(resolve(&s, key(Char('c')))),
            show(Some(Action::Start("coding".into())))
        );
        assert_eq!(
            show(resolve(&s, key(Char('1')))),
            show(Some(Action::Start("one-on-one".into())))
        );
        assert_eq!(
            show(resolve(&s, key(Char('h')))),
            show(Some(Action::Start("hiring".into())))
        );
        assert_eq!(
            show(resolve(&s, key(Char('2')))),
            show(Some(Action::Cmd(Cmd::Tab(Tab::Week))))
        );
        assert_eq!(
            show(resolve(&s, key(Char('j')))),
            show(Some(Action::Cmd(Cmd::Down)))
        );
        assert_eq!(
            show(resolve(&s, key(Char('q')))),
            show(Some(Action::Cmd(Cmd::Quit)))
        );
    }

    #[test]
    fn elsewhere_global_keys_apply() {
        let s = state(Tab::Week);
        assert_eq!(
            show(resolve(&s, key(Char('1')))),
            show(Some(Action::Cmd(Cmd::Tab(Tab::Today))))
        );
        assert_eq!(
            show(resolve(&s, key(Char('h')))),
            show(Some(Action::Cmd(Cmd::Prev)))
        );
        assert_eq!(show(resolve(&s, key(Char('c')))), show(None));
        assert_eq!(
            show(resolve(&s, key(Char('r')))),
            show(Some(Action::Cmd(Cmd::Review)))
        );
        // `y` syncs calendars on every screen (Today's default activity
        // keys leave it free).
        for tab in [Tab::Today, Tab::Week, Tab::Trends, Tab::Boundaries] {
            let mut s = state(tab);
            s.tab = tab;
            assert_eq!(
                show(resolve(&s, key(Char('y')))),
                show(Some(Action::Cmd(Cmd::SyncCalendars)))
            );
            assert_eq!(
                crate::tui::update(&mut s, Action::Cmd(Cmd::SyncCalendars)),
                vec![crate::tui::Effect::SyncCalendars]
            );
        }
    }

    #[test]
    fn text_fields_take_letters_and_ctrl_c_always_quits() {
        let mut s = state(Tab::Today);
        s.mode = Mode::Review(Default::default());
        assert_eq!(
            show(resolve(&s, key(Char('q')))),
            show(Some(Action::Edit(Edit::Char('q'))))
        );
        assert_eq!(
            show(resolve(&s, key(Esc))),
            show(Some(Action::Cmd(Cmd::Cancel)))
        );
        let c = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        assert_eq!(show(resolve(&s, c)), show(Some(Action::Cmd(Cmd::Quit))));
    }

    #[test]
    fn todays_own_keys_do_not_shadow_default_activity_keys() {
        let cfg = Config::builtin();
        for b in TODAY {
            for k in b.keys {
                if let Char(c) = k {
                    assert!(cfg.activity_by_key(*c).is_none(), "{c} is taken");
                }
            }
        }
    }
}
