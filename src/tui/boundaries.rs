//! Boundaries: the set in force this week, each value editable in place
//! (checked in `update` as you type, by the same edit that saves it), its
//! protected blocks (added with n, let go of with D), and the history of
//! sets.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::state::{Mode, State};
use crate::config::Boundaries;
use crate::config::keys::{self, KEYS};
use crate::model::time::weekday_short;
use crate::text::clean;

pub fn draw(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height < 2 || area.width < 20 {
        return;
    }
    let t = s.theme;
    let week = s.this_week();
    let cfg = s.config();
    let set = cfg.boundaries_on(week);
    let [top, bottom] = Layout::vertical([
        Constraint::Length((KEYS.len() + set.protected.len()) as u16 + 3),
        Constraint::Min(0),
    ])
    .areas(area);
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
            match check {
                Ok(()) => spans.push(Span::styled("  ✓ Enter saves", t.ok())),
                Err(e) => spans.push(Span::styled(format!("  ✗ {}", clean(e)), t.error())),
            }
            lines.push(Line::from(spans));
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
            match check {
                Ok(()) => spans.push(Span::styled("  ✓ Enter saves", t.ok())),
                Err(e) => spans.push(Span::styled(format!("  ✗ {}", clean(e)), t.error())),
            }
            lines.push(Line::from(spans));
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
    Paragraph::new(lines).render(top, buf);
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
        hist.push(Line::from(vec![
            Span::styled(
                format!("{} since {}: ", if now { "●" } else { " " }, b.since),
                if now { t.accent() } else { t.dim() },
            ),
            Span::raw(words),
        ]));
    }
    Paragraph::new(hist)
        .wrap(Wrap { trim: true })
        .render(bottom, buf);
}
