//! The forecast on screen: booked time as its own glyphs (never mistaken
//! for logged time), and the Week screen's lines on what the week can
//! still become — the pace, the free focus windows, the booked conflicts.
//! Every figure is `balance::forecast`'s; the words are `format`'s.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::state::State;
use super::theme::Theme;
use crate::balance::forecast::Forecast;
use crate::format::{hours, pace_words, percent};
use crate::model::Side;
use crate::text::clean;

/// The glyph of booked time of a side: apart from the logged glyphs
/// (█ ▒ ░) without colour too.
pub fn glyph(s: Side) -> char {
    match s {
        Side::Technical => '▪',
        Side::Management => '▫',
        Side::Other => '◦',
    }
}

/// Booked time: its side's colour, dimmed.
pub fn style(t: Theme, s: Side) -> Style {
    t.side(s).add_modifier(Modifier::DIM)
}

/// The Week screen's line on the week ahead, the widest that fits
/// `width`: the booked glyphs (when something is booked), the best share,
/// the pace; nothing for a past week.
pub fn pace_line(s: &State, width: u16) -> Option<Line<'static>> {
    let t = s.theme;
    let f = s.data.week.as_ref()?.forecast.as_ref()?;
    let legend = [
        Span::raw(" · booked "),
        Span::styled(
            format!("{} tech ", glyph(Side::Technical)),
            style(t, Side::Technical),
        ),
        Span::styled(
            format!("{} mgmt", glyph(Side::Management)),
            style(t, Side::Management),
        ),
    ];
    let best = f
        .best_share
        .map(|b| Span::raw(format!(" · at best {} technical", percent(Some(b)))));
    let pace = pace_words(&f.pace()).map(|p| {
        let st = if f.reachable { t.ok() } else { t.error() };
        vec![Span::raw(" · "), Span::styled(p, st)]
    });
    let with_legend = !f.booked.is_empty();
    let tries = [
        (with_legend, true),
        (with_legend, false),
        (false, true),
        (false, false),
    ];
    for (legend_on, best_on) in tries {
        let mut spans = vec![Span::styled("Ahead", t.title())];
        if legend_on {
            spans.extend(legend.iter().cloned());
        }
        if best_on {
            spans.extend(best.iter().cloned());
        }
        spans.extend(pace.iter().flatten().cloned());
        let line = Line::from(spans);
        if line.width() <= usize::from(width) {
            return Some(line);
        }
    }
    let mut spans = vec![Span::styled("Ahead", t.title())];
    spans.extend(pace.into_iter().flatten());
    Some(Line::from(spans))
}

/// The free focus windows and the booked conflicts, after the broken
/// rules; nothing for a past week.
pub fn detail_lines(s: &State) -> Vec<Line<'static>> {
    let t = s.theme;
    let Some(f) = s.data.week.as_ref().and_then(|w| w.forecast.as_ref()) else {
        return Vec::new();
    };
    let mut out = vec![windows(t, f, s)];
    for c in &f.conflicts {
        out.push(Line::from(vec![
            Span::styled("⚠ booked: ", t.accent()),
            Span::raw(clean(&c.message).into_owned()),
        ]));
    }
    out
}

fn windows(t: Theme, f: &Forecast, s: &State) -> Line<'static> {
    let mins = s.data.config.boundaries_on(f.from).focus_block_minutes;
    if f.focus_windows.is_empty() {
        return Line::styled(format!("no free stretch of {mins}m left"), t.dim());
    }
    let list: Vec<String> = f
        .focus_windows
        .iter()
        .map(|w| {
            format!(
                "{} {}–{}",
                w.date.format("%a"),
                w.from.format("%H:%M"),
                w.to.format("%H:%M")
            )
        })
        .collect();
    let need = match f.focus_blocks_needed {
        0 => String::new(),
        n => format!(" ({n} block{} needed)", if n == 1 { "" } else { "s" }),
    };
    Line::from(vec![
        Span::styled(format!("Free for focus{need}: "), t.title()),
        Span::raw(list.join(", ")),
    ])
}

/// A day's booked time still ahead, for the figures column.
pub fn day_booked(f: &Forecast, date: chrono::NaiveDate) -> (i64, i64) {
    f.by_day
        .iter()
        .find(|d| d.date == date)
        .map_or((0, 0), |d| (d.booked_technical, d.booked_management))
}

/// "7h booked" for a day with booked time and nothing logged.
pub fn booked_figure(tech: i64, mgmt: i64) -> String {
    format!("{:>6}  booked", hours(tech + mgmt))
}
