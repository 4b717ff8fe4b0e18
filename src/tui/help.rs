//! The help overlay (`?`), and the key reference the README carries: both
//! drawn from the keymap's own tables (the ones `keymap::resolve` reads),
//! the config's activity keys and the mouse, so they list every key. The
//! overlay fills the terminal's width in up to three columns and scrolls
//! (j/k, arrows, wheel) when it is taller than the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::action::Cmd;
use super::keymap::{self, Binding};
use super::layout::wrap;
use super::state::{State, Tab};
use super::widgets::popup;
use crate::config::Config;
use crate::text::clean;

/// One line of a section: keys and what they do, or a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Key(String, String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// Every key, section by section, in the order the help shows them.
pub fn sections(cfg: &Config) -> Vec<Section> {
    let keys = |table: &[Binding]| -> Vec<Item> {
        let mut out = Vec::new();
        for b in table {
            // The four tab keys read better as one line.
            if let Cmd::Tab(tab) = b.cmd {
                if tab == Tab::Today {
                    out.push(Item::Key("1-4".into(), "tabs (Today … Boundaries)".into()));
                }
                continue;
            }
            match paired(table, b) {
                Pair::Second => {}
                Pair::First(label, help) => out.push(Item::Key(label, help)),
                Pair::Alone => out.push(Item::Key(b.label.into(), b.help.into())),
            }
        }
        out
    };
    let section = |title, items| Section { title, items };
    // A key kept for a command starts nothing: said apart, with the fix.
    let activities: Vec<String> = cfg
        .activities
        .iter()
        .filter_map(|a| {
            let k = a.key.filter(|k| keymap::reserved(*k).is_none())?;
            Some(format!("{} {}", clean(&k.to_string()), clean(&a.name)))
        })
        .collect();
    let mut activity_items = vec![Item::Text(if activities.is_empty() {
        "none set: give an [[activity]] a key in the config".to_string()
    } else {
        activities.join(" · ")
    })];
    for (a, k, command) in keymap::unbound(cfg) {
        activity_items.push(Item::Text(format!(
            "{} {}: unbound, the key of \"{command}\"; give it another key in the config",
            clean(&k.to_string()),
            clean(&a.name)
        )));
    }
    let mut fill = vec![Item::Text(
        "f on an unlogged gap, then an activity's key: the gap is logged as it".into(),
    )];
    fill.extend(keys(keymap::FILL));
    let mut field: Vec<Item> = keymap::FIELD
        .iter()
        .map(|f| Item::Key(f.label.into(), f.help.into()))
        .collect();
    field.push(Item::Text("any other key types itself".into()));
    let mut reflection = keys(keymap::REFLECTION);
    reflection.push(Item::Text(
        "Esc cancels and ↓↑ move between its lines, as in forms".into(),
    ));
    vec![
        section("Everywhere", keys(keymap::GLOBAL)),
        section("Today", keys(keymap::TODAY)),
        section("Week", keys(keymap::WEEK)),
        section("Writing the reflection (r)", reflection),
        section("Boundaries", keys(keymap::BOUNDARIES)),
        section("Activity keys (Today; win over h, l)", activity_items),
        section("Filling a gap", fill),
        section("Forms and prompts", keys(keymap::INPUT)),
        section("Typing in a field", field),
        section("Asked to confirm (delete, let go)", keys(keymap::CONFIRM)),
        section("Two entries overlap (O)", keys(keymap::OVERLAP)),
        section(
            "Mouse",
            vec![
                Item::Key("click".into(), "a tab opens it; a row selects it".into()),
                Item::Key(
                    "wheel".into(),
                    "moves the selection; scrolls Week and this help".into(),
                ),
            ],
        ),
        section("This help", keys(keymap::HELP)),
    ]
}

/// How a binding shows: alone, or as one line with its opposite (↓ with
/// ↑, ← with →).
enum Pair {
    Alone,
    First(String, String),
    Second,
}

fn paired(table: &[Binding], b: &Binding) -> Pair {
    let partner = |c: Cmd| table.iter().find(|x| x.cmd == c);
    let (first, second) = match b.cmd {
        Cmd::Down => (Some(b), partner(Cmd::Up)),
        Cmd::Up => (partner(Cmd::Down), Some(b)),
        Cmd::Prev => (Some(b), partner(Cmd::Next)),
        Cmd::Next => (partner(Cmd::Prev), Some(b)),
        _ => return Pair::Alone,
    };
    let (Some(f), Some(s)) = (first, second) else {
        return Pair::Alone;
    };
    let label = pair_label(f.label, s.label);
    if label.chars().count() > 8 {
        return Pair::Alone;
    }
    if std::ptr::eq(b, s) {
        return Pair::Second;
    }
    Pair::First(label, pair_help(f.help, s.help))
}

/// "↓ j" and "↑ k" as "↓↑ j k".
fn pair_label(first: &str, second: &str) -> String {
    let (fa, fk) = first.split_once(' ').unwrap_or((first, ""));
    let (sa, sk) = second.split_once(' ').unwrap_or((second, ""));
    format!("{fa}{sa} {fk} {sk}").trim_end().to_string()
}

/// "next row" and "previous row" as "next / previous row" (either order).
fn pair_help(first: &str, second: &str) -> String {
    for (a, b) in [("next ", "previous "), ("previous ", "next ")] {
        if let (Some(x), Some(y)) = (first.strip_prefix(a), second.strip_prefix(b))
            && x == y
        {
            return format!("{}/ {}{x}", a, b);
        }
    }
    if let (Some(x), Some(y)) = (
        first.strip_prefix("scroll "),
        second.strip_prefix("scroll "),
    ) {
        return format!("scroll {x} / {y}");
    }
    format!("{first} / {second}")
}

/// The width of the keys column of a section.
fn label_width(sec: &Section) -> usize {
    sec.items
        .iter()
        .filter_map(|i| match i {
            Item::Key(l, _) => Some(l.width()),
            Item::Text(_) => None,
        })
        .max()
        .unwrap_or(0)
        .max(7)
}

/// A section as lines `width` columns wide (help text wrapped under itself).
fn section_lines(s: &State, sec: &Section, width: usize) -> Vec<Line<'static>> {
    let t = s.theme;
    let mut out = vec![Line::styled(sec.title.to_string(), t.title())];
    let lw = label_width(sec);
    for item in &sec.items {
        match item {
            Item::Key(label, help) => {
                let rest = width.saturating_sub(lw + 2).max(8);
                for (i, l) in wrap(help, rest).into_iter().enumerate() {
                    let keys = if i == 0 { label.as_str() } else { "" };
                    out.push(Line::from(vec![
                        Span::styled(format!(" {keys:<lw$} "), t.accent()),
                        Span::raw(l),
                    ]));
                }
            }
            Item::Text(text) => {
                for l in wrap(text, width.saturating_sub(1).max(8)) {
                    out.push(Line::raw(format!(" {l}")));
                }
            }
        }
    }
    out
}

/// The overlay's box in the screen `r`, and its columns' lines.
struct Layout {
    inner: Rect,
    columns: Vec<Vec<Line<'static>>>,
    col_width: u16,
}

impl Layout {
    fn of(s: &State, r: Rect, buf: Option<&mut Buffer>) -> Layout {
        let w = if r.width >= 160 {
            r.width.min(180)
        } else {
            r.width.min(100)
        };
        let inner_w = w.saturating_sub(2);
        let n = match inner_w {
            0..70 => 1,
            70..150 => 2,
            _ => 3,
        };
        let col_width = inner_w / n;
        let secs: Vec<Vec<Line<'static>>> = sections(s.config())
            .iter()
            .map(|sec| section_lines(s, sec, usize::from(col_width.saturating_sub(1))))
            .collect();
        // Sections in order, a column filled up to an even share of the
        // lines before the next begins.
        let total: usize = secs.iter().map(Vec::len).sum();
        let target = total.div_ceil(usize::from(n));
        let mut columns: Vec<Vec<Line<'static>>> = vec![Vec::new()];
        for sec in secs {
            let room = columns.len() < usize::from(n);
            let cur = columns.last_mut().expect("one column at least");
            if room && !cur.is_empty() && cur.len() + sec.len() > target {
                columns.push(sec);
            } else {
                cur.extend(sec);
            }
        }
        // As tall as the keys need, at most the terminal.
        let lines = columns.iter().map(Vec::len).max().unwrap_or(0);
        let h = (lines as u16).saturating_add(2).min(r.height);
        let title = "keys (? or Esc closes, j/k scroll)";
        let area = super::layout::centered(r, w, h);
        let inner = match buf {
            Some(buf) => popup(r, w, h, title, buf),
            None => Rect::new(
                area.x + 1,
                area.y + 1,
                area.width.saturating_sub(2),
                area.height.saturating_sub(2),
            ),
        };
        Layout {
            inner,
            columns,
            col_width,
        }
    }

    fn lines(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// How far the help can scroll on the terminal (`State::size`).
pub fn scroll_max(s: &State) -> u16 {
    let l = Layout::of(s, Rect::new(0, 0, s.size.0, s.size.1), None);
    let rows = usize::from(l.inner.height);
    if l.lines() <= rows {
        0
    } else {
        (l.lines() - rows.saturating_sub(1).max(1)) as u16
    }
}

pub fn draw(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let l = Layout::of(s, r, Some(buf));
    let inner = l.inner;
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let total = l.lines();
    let rows = usize::from(inner.height);
    let (shown, max) = if total <= rows {
        (rows, 0)
    } else {
        let shown = rows.saturating_sub(1).max(1);
        (shown, total - shown)
    };
    let from = usize::from(s.scroll).min(max);
    for (c, lines) in l.columns.iter().enumerate() {
        let x = inner.x + c as u16 * l.col_width;
        for (i, line) in lines.iter().skip(from).take(shown).enumerate() {
            buf.set_line(x, inner.y + i as u16, line, l.col_width);
        }
    }
    if max > 0 {
        let below = total - from - shown;
        let text = if below > 0 {
            format!("↓ {below} more lines · j/k or the wheel scroll")
        } else {
            "↑ the first lines are above · k scrolls back".to_string()
        };
        buf.set_stringn(
            inner.x,
            inner.y + inner.height - 1,
            text,
            usize::from(inner.width),
            t.accent(),
        );
    }
}

/// The same keys as a Markdown reference, for the README (`docs/keys.md`,
/// kept current by a test).
#[cfg(test)]
pub fn markdown(cfg: &Config) -> String {
    let mut out = String::new();
    for sec in sections(cfg) {
        out.push_str(&format!("**{}**\n\n", sec.title));
        let mut table = false;
        for item in &sec.items {
            match item {
                Item::Key(label, help) => {
                    if !table {
                        out.push_str("| keys | what they do |\n|---|---|\n");
                        table = true;
                    }
                    let keys: Vec<String> = label
                        .split(' ')
                        .map(|k| format!("`{}`", k.replace('|', "\\|")))
                        .collect();
                    out.push_str(&format!("| {} | {} |\n", keys.join(" "), help));
                }
                Item::Text(text) => {
                    if table {
                        out.push('\n');
                        table = false;
                    }
                    out.push_str(&format!("{text}\n\n"));
                }
            }
        }
        if table {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    /// How a key is written in the help's key column.
    fn name(k: KeyCode) -> String {
        match k {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Bksp".into(),
            other => format!("{other:?}"),
        }
    }

    /// The keys a label names: "↓↑ j k" names ↓, ↑, j and k; "1-4" the
    /// four digits.
    fn named(label: &str) -> Vec<String> {
        let mut out = Vec::new();
        for tok in label.split(' ') {
            if tok == "1-4" {
                out.extend(["1", "2", "3", "4"].map(String::from));
            } else if tok.chars().count() > 1 && tok.chars().all(|c| "←→↑↓".contains(c)) {
                out.extend(tok.chars().map(String::from));
            } else {
                out.push(tok.to_string());
            }
        }
        out
    }

    #[test]
    fn every_key_of_every_table_is_in_the_help_with_what_it_does() {
        let secs = sections(&Config::builtin());
        let rows: Vec<(&str, &str)> = secs
            .iter()
            .flat_map(|s| &s.items)
            .filter_map(|i| match i {
                Item::Key(l, h) => Some((l.as_str(), h.as_str())),
                Item::Text(_) => None,
            })
            .collect();
        for (place, table) in keymap::TABLES {
            for b in *table {
                // The row that names all of this binding's keys, and says
                // what it does (alone, or paired with its opposite).
                let found = rows.iter().any(|(label, help)| {
                    let keys = named(label);
                    b.keys.iter().all(|k| keys.contains(&name(*k)))
                        && (help.contains(b.help)
                            || matches!(b.cmd, Cmd::Tab(_))
                            || b.help
                                .split(' ')
                                .filter(|w| !["next", "previous"].contains(w))
                                .all(|w| help.contains(w)))
                });
                assert!(
                    found,
                    "{place}: `{}` ({}) is not in the help",
                    b.label, b.help
                );
                for k in b.keys {
                    assert!(
                        named(b.label).contains(&name(*k)),
                        "{place}: the label `{}` does not name {}",
                        b.label,
                        name(*k)
                    );
                }
            }
        }
        for f in keymap::FIELD {
            assert!(
                rows.contains(&(f.label, f.help)),
                "the field key {} is not in the help",
                f.label
            );
        }
        // The config's activity keys, the mouse, and fill mode's keys.
        let all = markdown(&Config::builtin());
        for a in Config::builtin().activities {
            if let Some(k) = a.key {
                assert!(all.contains(&format!("{k} {}", a.name)), "{}", a.name);
            }
        }
        assert!(all.contains("| `click` |") && all.contains("| `wheel` |"));
        assert!(all.contains("| `Enter` `Space` | choose the activity from a list |"));
        assert!(all.contains("| `Ctrl-U` | clear the field |"));
    }
}
