//! The keymap as data: tables of bindings per context, resolved in order.
//! The help overlay is drawn from the same tables, so it lists every key.
//!
//! On Today an activity's configured key starts it. The keys that work on
//! every screen and Today's own are reserved: an activity key among them is
//! left unbound (the UI says so, `keel check` reports it), so a config can
//! never hide a command. Only `h` and `l` yield to an activity key, since
//! `←`/`→` and `[`/`]` move between days there too.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Cmd};
use super::input::Edit;
use super::state::{Mode, State, Tab};
use crate::config::Config;
use crate::model::Activity;

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
        "edit entry or timer / log gap",
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

pub const WEEK: &[Binding] = &[
    b(
        &[Char('r'), Enter],
        "r Enter",
        Cmd::Review,
        "write the week's reflection",
    ),
    b(
        &[Down, Char('j')],
        "↓ j",
        Cmd::Down,
        "scroll down (when cut off)",
    ),
    b(&[Up, Char('k')], "↑ k", Cmd::Up, "scroll up"),
];

/// While the help is open.
pub const HELP: &[Binding] = &[
    b(
        &[Char('?'), Char('q'), Esc, Enter],
        "? q Esc Enter",
        Cmd::Help,
        "close the help",
    ),
    b(&[Down, Char('j')], "↓ j", Cmd::Down, "scroll down"),
    b(&[Up, Char('k')], "↑ k", Cmd::Up, "scroll up"),
];

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

/// After `f` on a gap: an activity's key fills it with that activity
/// (the keys of `[[activity]]`), or these.
pub const FILL: &[Binding] = &[
    b(
        &[Enter, Char(' ')],
        "Enter Space",
        Cmd::Picker,
        "choose the activity from a list",
    ),
    b(&[Esc], "Esc", Cmd::Cancel, "leave the gap unlogged"),
];

/// A key that edits the text field being typed in.
#[derive(Debug, Clone, Copy)]
pub struct FieldKey {
    pub key: KeyCode,
    pub ctrl: bool,
    pub edit: Edit,
    pub label: &'static str,
    pub help: &'static str,
}

const fn fk(
    key: KeyCode,
    ctrl: bool,
    edit: Edit,
    label: &'static str,
    help: &'static str,
) -> FieldKey {
    FieldKey {
        key,
        ctrl,
        edit,
        label,
        help,
    }
}

/// Editing keys of every text field (forms, the picker's filter, the
/// reflection, prompts); any other character is typed.
pub const FIELD: &[FieldKey] = &[
    fk(Left, false, Edit::Left, "←", "cursor left"),
    fk(Right, false, Edit::Right, "→", "cursor right"),
    fk(Home, false, Edit::Home, "Home", "to the start"),
    fk(End, false, Edit::End, "End", "to the end"),
    fk(
        Backspace,
        false,
        Edit::Backspace,
        "Bksp",
        "delete before the cursor",
    ),
    fk(
        KeyCode::Delete,
        false,
        Edit::Delete,
        "Del",
        "delete under the cursor",
    ),
    fk(Char('u'), true, Edit::Clear, "Ctrl-U", "clear the field"),
];

/// Writing the reflection, which has several lines: Enter breaks a line
/// and saving takes a modifier; the other keys are the forms' (`INPUT`:
/// Esc cancels, ↓↑ move between lines). The save row has no plain key:
/// Ctrl-S and Alt-Enter are matched with their modifiers in [`resolve`].
pub const REFLECTION: &[Binding] = &[
    b(&[Enter], "Enter", Cmd::Newline, "then: a new line in it"),
    b(&[], "C-s M-↵", Cmd::Submit, "save it (Ctrl-S, Alt-Enter)"),
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

/// Every table `resolve` reads, by where it applies: the help and the
/// README's key reference show each of them (a test holds them to it).
#[cfg(test)]
pub const TABLES: &[(&str, &[Binding])] = &[
    ("everywhere", GLOBAL),
    ("Today", TODAY),
    ("Week", WEEK),
    ("Boundaries", BOUNDARIES),
    ("forms and prompts", INPUT),
    ("the reflection", REFLECTION),
    ("filling a gap", FILL),
    ("confirming", CONFIRM),
    ("an overlap", OVERLAP),
    ("the help", HELP),
];

/// Global keys an activity key may take on Today: their commands keep
/// other keys there (`←`/`→`, `[`/`]`).
pub const YIELD_TO_ACTIVITIES: [char; 2] = ['h', 'l'];

/// The command a key is reserved for where activity keys act (every
/// screen's keys and Today's), in words: `Some("quit (also Ctrl-C)")` for
/// `q`, `None` for a key an activity may take.
pub fn reserved(c: char) -> Option<String> {
    if YIELD_TO_ACTIVITIES.contains(&c) {
        return None;
    }
    let b = TODAY
        .iter()
        .chain(GLOBAL)
        .find(|b| b.keys.contains(&Char(c)))?;
    Some(match b.cmd {
        Cmd::Tab(t) => format!("switch to the {} tab", t.title()),
        _ => b.help.to_string(),
    })
}

/// The activity a key starts on Today: none for a reserved key.
pub fn activity_key(cfg: &Config, c: char) -> Option<&Activity> {
    cfg.activity_by_key(c).filter(|_| reserved(c).is_none())
}

/// The activities whose key the UI leaves unbound, each with its key and
/// the command the key keeps: what the UI says at start-up.
pub fn unbound(cfg: &Config) -> Vec<(&Activity, char, String)> {
    cfg.activities
        .iter()
        .filter_map(|a| {
            let k = a.key?;
            reserved(k).map(|cmd| (a, k, cmd))
        })
        .collect()
}

/// What the UI says about the activity keys it leaves unbound, in one
/// line: `None` when there are none.
pub fn unbound_warning(cfg: &Config) -> Option<String> {
    let all = unbound(cfg);
    match all.as_slice() {
        [] => None,
        [(a, key, command)] => Some(format!(
            "the key \"{key}\" of {} is left unbound: it is the key of \"{command}\"; give {} another key in the config (`keel check` lists every clash)",
            a.name, a.name
        )),
        several => {
            let each: Vec<String> = several
                .iter()
                .map(|(a, key, command)| format!("\"{key}\" of {} ({command})", a.name))
                .collect();
            Some(format!(
                "keys of commands are left unbound: {}; give those activities other keys in the config (`keel check` lists every clash)",
                each.join(", ")
            ))
        }
    }
}

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
        Mode::Help => find(HELP, code).map(Action::Cmd),
        Mode::ConfirmDelete(_) | Mode::ConfirmUnprotect(_) => find(CONFIRM, code).map(Action::Cmd),
        Mode::Overlap(..) => find(OVERLAP, code).map(Action::Cmd),
        Mode::Fill(..) => match (find(FILL, code), code) {
            (Some(c), _) => Some(Action::Cmd(c)),
            (None, Char(c)) => activity_key(s.config(), c).map(|a| Action::Start(a.name.clone())),
            _ => None,
        },
        Mode::Review(_) => {
            let alt = key.modifiers.contains(KeyModifiers::ALT);
            if (ctrl && code == Char('s')) || (alt && code == Enter) {
                return Some(Action::Cmd(Cmd::Submit));
            }
            find(REFLECTION, code)
                .or_else(|| find(INPUT, code))
                .map(Action::Cmd)
                .or_else(|| text_edit(code, ctrl))
        }
        Mode::Form(_)
        | Mode::Picker { .. }
        | Mode::Boundary { .. }
        | Mode::Protect { .. }
        | Mode::LongTimer(..) => find(INPUT, code)
            .map(Action::Cmd)
            .or_else(|| text_edit(code, ctrl)),
        Mode::Normal => {
            if ctrl {
                return None;
            }
            if let Some(c) = find(screen(s.tab), code) {
                return Some(Action::Cmd(c));
            }
            if s.tab == Tab::Today
                && let Char(c) = code
                && let Some(a) = activity_key(s.config(), c)
            {
                return Some(Action::Start(a.name.clone()));
            }
            find(GLOBAL, code).map(Action::Cmd)
        }
    }
}

/// A key typed into a text field.
/// A key typed into a text field: an editing key of [`FIELD`], or a
/// character to insert.
fn text_edit(code: KeyCode, ctrl: bool) -> Option<Action> {
    if let Some(f) = FIELD.iter().find(|f| f.key == code && f.ctrl == ctrl) {
        return Some(Action::Edit(f.edit));
    }
    match code {
        Char(c) if !ctrl => Some(Action::Edit(Edit::Char(c))),
        _ => None,
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
            show(resolve(&s, key(Char('i')))),
            show(Some(Action::Start("one-on-one".into())))
        );
        assert_eq!(
            show(resolve(&s, key(Char('1')))),
            show(Some(Action::Cmd(Cmd::Tab(Tab::Today))))
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
    fn the_reflection_takes_enter_as_a_new_line_and_saves_with_a_modifier() {
        let mut s = state(Tab::Week);
        s.mode = Mode::Review(Default::default());
        let with = |c, m| KeyEvent::new(c, m);
        assert_eq!(
            show(resolve(&s, key(Enter))),
            show(Some(Action::Cmd(Cmd::Newline)))
        );
        for save in [
            with(Char('s'), KeyModifiers::CONTROL),
            with(Enter, KeyModifiers::ALT),
        ] {
            assert_eq!(
                show(resolve(&s, save)),
                show(Some(Action::Cmd(Cmd::Submit)))
            );
        }
        assert_eq!(
            show(resolve(&s, key(Char('s')))),
            show(Some(Action::Edit(Edit::Char('s'))))
        );
        assert_eq!(show(resolve(&s, key(Up))), show(Some(Action::Cmd(Cmd::Up))));
        assert_eq!(
            show(resolve(&s, key(Esc))),
            show(Some(Action::Cmd(Cmd::Cancel)))
        );
        // Other fields still save with Enter.
        s.mode = Mode::LongTimer(Default::default(), Err(String::new()));
        assert_eq!(
            show(resolve(&s, key(Enter))),
            show(Some(Action::Cmd(Cmd::Submit)))
        );
    }

    #[test]
    fn no_default_activity_key_is_reserved() {
        let cfg = Config::builtin();
        assert!(unbound(&cfg).is_empty(), "{:?}", unbound(&cfg));
        for b in TODAY.iter().chain(GLOBAL) {
            for k in b.keys {
                if let Char(c) = k
                    && !YIELD_TO_ACTIVITIES.contains(c)
                {
                    assert!(cfg.activity_by_key(*c).is_none(), "{c} is taken");
                    assert!(reserved(*c).is_some(), "{c} is not reserved");
                }
            }
        }
    }

    /// A config binding keys of commands: `q`, `1`, `s` keep their
    /// commands on Today (and in fill mode start nothing); `h` may be taken.
    #[test]
    fn a_key_of_a_command_stays_the_commands() {
        let text = crate::config::DEFAULT_TOML
            .replace("key = \"c\"", "key = \"q\"")
            .replace("key = \"i\"", "key = \"1\"")
            .replace("key = \"r\"", "key = \"s\"");
        let cfg = crate::config::load::parse(&text, std::path::Path::new("c")).unwrap();
        let mut s = state(Tab::Today);
        s.data.config = cfg;
        assert_eq!(
            show(resolve(&s, key(Char('q')))),
            show(Some(Action::Cmd(Cmd::Quit)))
        );
        assert_eq!(
            show(resolve(&s, key(Char('1')))),
            show(Some(Action::Cmd(Cmd::Tab(Tab::Today))))
        );
        assert_eq!(
            show(resolve(&s, key(Char('s')))),
            show(Some(Action::Cmd(Cmd::Stop)))
        );
        assert_eq!(
            show(resolve(&s, key(Char('h')))),
            show(Some(Action::Start("hiring".into())))
        );
        let names: Vec<(&str, char)> = unbound(s.config())
            .iter()
            .map(|(a, k, _)| (a.name.as_str(), *k))
            .collect();
        assert_eq!(
            names,
            [("coding", 'q'), ("review", 's'), ("one-on-one", '1')]
        );
        assert_eq!(reserved('1').as_deref(), Some("switch to the Today tab"));
        assert_eq!(reserved('q').as_deref(), Some("quit (also Ctrl-C)"));
        assert_eq!(reserved('h'), None);
        let w = unbound_warning(s.config()).unwrap();
        assert!(w.starts_with("keys of commands are left unbound: \"q\" of coding (quit (also Ctrl-C)), \"s\" of review (stop the timer)"), "{w}");
        let one = crate::config::DEFAULT_TOML.replace("key = \"c\"", "key = \"t\"");
        let one = crate::config::load::parse(&one, std::path::Path::new("c")).unwrap();
        assert_eq!(
            unbound_warning(&one).as_deref(),
            Some(
                "the key \"t\" of coding is left unbound: it is the key of \"back to today / this week\"; give coding another key in the config (`keel check` lists every clash)"
            )
        );
        assert_eq!(unbound_warning(&Config::builtin()), None);
        let now = s.now;
        let t = s.config().zone.localize(now);
        s.mode = Mode::Fill(t, t);
        assert_eq!(show(resolve(&s, key(Char('q')))), show(None));
    }

    /// The default config's comment names every reserved key.
    #[test]
    fn the_default_config_names_the_reserved_keys() {
        let comment = crate::config::DEFAULT_TOML
            .lines()
            .find(|l| l.contains("TUI's own commands"))
            .expect("the comment on activity keys");
        for c in ('!'..='~').filter(|c| reserved(*c).is_some()) {
            let named = comment.contains(&format!(" {c} "))
                || comment.contains(&format!("({c} "))
                || (('1'..='4').contains(&c) && comment.contains(" 1-4 "));
            assert!(named, "`{c}` is reserved but not named: {comment}");
        }
        assert!(reserved(' ').is_some() && comment.contains("space"));
    }
}
