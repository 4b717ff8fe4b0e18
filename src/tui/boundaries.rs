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
use crate::config::keys::KEYS;
use crate::format::hours_f;
use crate::model::time::weekday_short;
use crate::text::clean;

/// One set in a line: "since 2026-01-05: 40% ±10%, 4 weeks, technical 8h–20h…".
pub fn set_words(b: &Boundaries) -> String {
    let mut s = format!(
        "{:.0}% ±{:.0}%, rolling {} weeks",
        b.technical_share * 100.0,
        b.tolerance * 100.0,
        b.window_weeks
    );
    match (b.min_technical_hours, b.max_technical_hours) {
        (Some(a), Some(z)) => {
            s.push_str(&format!(", technical {}–{}/week", hours_f(a), hours_f(z)))
        }
        (Some(a), None) => s.push_str(&format!(", technical ≥{}/week", hours_f(a))),
        (None, Some(z)) => s.push_str(&format!(", technical ≤{}/week", hours_f(z))),
        (None, None) => {}
    }
    if let Some(m) = b.max_management_hours_per_day {
        s.push_str(&format!(", management ≤{}/day", hours_f(m)));
    }
    if let Some(n) = b.min_focus_blocks {
        s.push_str(&format!(", {n}×{}m focus", b.focus_block_minutes));
    }
    s
}

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
        "History (each week is judged by the set in force on its first day)",
        t.title(),
    )];
    for b in cfg.boundaries.iter().rev() {
        let now = std::ptr::eq(b, set);
        hist.push(Line::from(vec![
            Span::styled(
                format!("{} since {}: ", if now { "●" } else { " " }, b.since),
                if now { t.accent() } else { t.dim() },
            ),
            Span::raw(set_words(b)),
        ]));
    }
    Paragraph::new(hist)
        .wrap(Wrap { trim: true })
        .render(bottom, buf);
}
