//! Boundaries: the set in force this week, each value editable in place
//! (checked in `update` as you type, by the same edit that saves it), its
//! protected blocks (added with n, let go of with D), and the history of
//! sets. On a short terminal the screen scrolls: the selected rule stays in
//! sight, and j/k past the last row read the rest of the history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::layout::wrap;
use super::state::{Mode, State};
use crate::config::Boundaries;
use crate::config::keys::{self, KEYS};
use crate::model::time::weekday_short;
use crate::text::clean;

/// Where the screen's lines start in a body of `body`, and the most that
/// j/k can scroll past the selection: the first line shown keeps the
/// selected row in sight, then adds `State::scroll`.
pub fn window(s: &State, body: Rect) -> (usize, u16) {
    let total = lines(s, body.width).len();
    let rows = usize::from(body.height);
    if total <= rows {
        return (0, 0);
    }
    let shown = rows.saturating_sub(1).max(1);
    let max = total - shown;
    // The rules start on the second line.
    let base = super::today::first_visible(s.boundary_row + 1, shown).min(max);
    let offset = (base + usize::from(s.scroll)).min(max);
    (offset, (max - base) as u16)
}

pub fn draw(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height < 2 || area.width < 20 {
        return;
    }
    let all = lines(s, area.width);
    let (offset, _) = window(s, area);
    let rows = usize::from(area.height);
    let shown = if all.len() > rows { rows - 1 } else { rows };
    for (i, l) in all.iter().skip(offset).take(shown).enumerate() {
        buf.set_line(area.x, area.y + i as u16, l, area.width);
    }
    if all.len() > rows {
        let below = all.len() - offset - shown;
        let text = if below > 0 {
            format!("↓ {below} more lines · j/k past the last rule scroll")
        } else {
            "↑ the rules are above · k scrolls back".to_string()
        };
        buf.set_stringn(
            area.x,
            area.y + area.height - 1,
            text,
            usize::from(area.width),
            s.theme.accent(),
        );
    }
}

/// What the edited value reads as, under its row: "✓ Enter saves", or the
/// whole message, wrapped (never cut at the screen's edge).
fn check_lines(
    t: super::theme::Theme,
    check: &Result<(), String>,
    width: u16,
) -> Vec<Line<'static>> {
    match check {
        Ok(()) => vec![Line::styled("    ✓ Enter saves", t.ok())],
        Err(e) => {
            let text = format!("✗ {}", clean(e));
            wrap(&text, usize::from(width.max(20)) - 4)
                .into_iter()
                .map(|l| Line::styled(format!("    {l}"), t.error()))
                .collect()
        }
    }
}

/// Every line of the screen at `width` columns: the set in force, its
/// protected blocks, a blank line, the history (wrapped).
fn lines(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let week = s.this_week();
    let cfg = s.config();
    let set = cfg.boundaries_on(week);
    let mut lines = vec![Line::from(vec![
        Span::styled("In force this week", t.title()),
        Span::styled(
            format!(" (set since {}; a change applies from {week})", set.since),
            t.dim(),
        ),
    ])];
    for (i, key) in KEYS.iter().enumerate() {
        let sel = i == s.boundary_row;
        let mark = if sel { "▸ " } else { "  " };
        let name = key.name;
        if let (Mode::Boundary { input, check, .. }, true) = (&s.mode, sel) {
            let mut spans = vec![Span::raw(format!("{mark}{name:<30}"))];
            spans.extend(super::widgets::input_line(t, input, true).spans);
            lines.push(Line::from(spans));
            lines.extend(check_lines(t, check, width));
            continue;
        }
        let mut line = Line::from(vec![
            Span::raw(format!("{mark}{name:<30}")),
            Span::styled(format!("{:<8}", key.typed(set)), t.accent()),
            Span::styled(format!(" {}", key.accepts()), t.dim()),
        ]);
        if sel && s.mode == Mode::Normal {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    for (j, p) in set.protected.iter().enumerate() {
        let sel = KEYS.len() + j == s.boundary_row;
        let mark = if sel { "▸ " } else { "  " };
        let days: Vec<&str> = p.days.iter().map(|d| weekday_short(*d)).collect();
        let what = format!(
            "{} {}–{}",
            days.join(","),
            p.from.format("%H:%M"),
            p.to.format("%H:%M")
        );
        let mut line = Line::from(vec![
            Span::raw(format!("{mark}{:<30}", format!("protected {}", j + 1))),
            Span::styled(format!("{what:<20}"), t.accent()),
            Span::styled(format!(" kept for {} time", p.side.as_str()), t.dim()),
        ]);
        if sel && s.mode == Mode::ConfirmUnprotect(j + 1) {
            line = Line::from(vec![
                Span::raw(format!("{mark}{:<30}", format!("protected {}", j + 1))),
                Span::styled(format!("{what:<20}"), t.accent()),
                Span::styled(" let go of it from this week? y / n", t.error()),
            ]);
        } else if sel && s.mode == Mode::Normal {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    match &s.mode {
        Mode::Protect { input, check } => {
            let mut spans = vec![Span::raw(format!("  {:<30}", "new protected block"))];
            spans.extend(super::widgets::input_line(t, input, true).spans);
            lines.push(Line::from(spans));
            lines.extend(check_lines(t, check, width));
        }
        _ => lines.push(Line::styled(
            if set.protected.is_empty() {
                "  no protected blocks · n protects one (tue,thu 09:00-12:00 technical)"
            } else {
                "  n protects another block of time · D lets go of the selected one"
            },
            t.dim(),
        )),
    }
    lines.push(Line::raw(""));
    let mut hist = vec![Line::styled(
        "History (a week is judged by the set in force on its first day)",
        t.title(),
    )];
    let sets = &cfg.boundaries;
    for (i, b) in sets.iter().enumerate().rev() {
        let now = std::ptr::eq(b, set);
        // What the set changed, key by key from the table.
        let before = match i {
            0 => Boundaries::fallback(b.since),
            _ => sets[i - 1].clone(),
        };
        let changed = keys::changes(&before, b);
        let mut words = if changed.is_empty() {
            "nothing changed".to_string()
        } else {
            changed.join(", ")
        };
        if i == 0 {
            words = format!("from the built-in rules: {words}");
        }
        let head = format!("{} since {}: ", if now { "●" } else { " " }, b.since);
        let text = format!("{head}{words}");
        // Wrapped a column short: the mark's column is not counted by wrap.
        let width = usize::from(width.max(20)) - 1;
        for l in wrap(text.trim_start(), width) {
            match l.strip_prefix(head.trim_start()) {
                Some(rest) => hist.push(Line::from(vec![
                    Span::styled(head.clone(), if now { t.accent() } else { t.dim() }),
                    Span::raw(rest.to_string()),
                ])),
                None => hist.push(Line::raw(l)),
            }
        }
    }
    lines.extend(hist);
    lines
}
