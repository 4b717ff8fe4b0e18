//! Boundaries: the set in force this week, each value editable in place
//! (checked by the config's own reader as you type), and the history of sets.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::state::{Mode, State};
use super::update::boundary_change;
use crate::config::Boundaries;
use crate::config::edit::KEYS;
use crate::format::hours_f;
use crate::model::time::weekday_short;

/// A rule's value as typed in the config.
pub fn value_text(b: &Boundaries, key: &str) -> String {
    let opt = |v: Option<f64>| v.map_or_else(|| "none".to_string(), trim);
    match key {
        "technical_share" => trim(b.technical_share),
        "tolerance" => trim(b.tolerance),
        "window_weeks" => b.window_weeks.to_string(),
        "min_technical_hours" => opt(b.min_technical_hours),
        "max_technical_hours" => opt(b.max_technical_hours),
        "max_management_hours_per_day" => opt(b.max_management_hours_per_day),
        "focus_block_minutes" => b.focus_block_minutes.to_string(),
        "min_focus_blocks" => opt(b.min_focus_blocks.map(f64::from)),
        _ => String::new(),
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

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
        Constraint::Length(KEYS.len() as u16 + 4),
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
    for (i, (key, accepts)) in KEYS.iter().enumerate() {
        let sel = i == s.boundary_row;
        let mark = if sel { "▸ " } else { "  " };
        let value = match (&s.mode, sel) {
            (Mode::Boundary { input, .. }, true) => {
                let mut spans = vec![Span::raw(format!("{mark}{key:<30}"))];
                spans.extend(super::widgets::input_line(t, input, true).spans);
                match boundary_change(s, key, &input.text) {
                    Ok(_) => spans.push(Span::styled("  ✓ Enter saves", t.ok())),
                    Err(e) => spans.push(Span::styled(format!("  ✗ {}", e.headline()), t.error())),
                }
                lines.push(Line::from(spans));
                continue;
            }
            _ => value_text(set, key),
        };
        let mut line = Line::from(vec![
            Span::raw(format!("{mark}{key:<30}")),
            Span::styled(format!("{value:<8}"), t.accent()),
            Span::styled(format!(" {accepts}"), t.dim()),
        ]);
        if sel && s.mode == Mode::Normal {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    let blocks: Vec<String> = set
        .protected
        .iter()
        .map(|p| {
            let days: Vec<&str> = p.days.iter().map(|d| weekday_short(*d)).collect();
            format!(
                "{} {}–{} kept for {}",
                days.join(","),
                p.from.format("%H:%M"),
                p.to.format("%H:%M"),
                p.side.as_str()
            )
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled("protected  ", t.title()),
        Span::raw(if blocks.is_empty() {
            "none (add [[boundaries.protected]] in the config)".to_string()
        } else {
            blocks.join("; ")
        }),
    ]));
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
