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

/// The Week screen's lines on the week ahead at `width`: the booked
/// glyphs (when something is booked), the best share and the pace on one
/// line when they fit, else the pace on a second line, so that nothing is
/// lost (the glyphs give way only where even the first line is too
/// narrow); nothing for a past week.
pub fn pace_lines(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let Some(f) = s.data.week.as_ref().and_then(|w| w.forecast.as_ref()) else {
        return Vec::new();
    };
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
    let fits = |l: &Line| l.width() <= usize::from(width);
    let mut spans = vec![Span::styled("Ahead", t.title())];
    if with_legend {
        spans.extend(legend.iter().cloned());
    }
    spans.extend(best.iter().cloned());
    spans.extend(pace.iter().flatten().cloned());
    let line = Line::from(spans);
    if fits(&line) {
        return vec![line];
    }
    let mut first = vec![Span::styled("Ahead", t.title())];
    let with_glyphs: Vec<Span> = first
        .iter()
        .cloned()
        .chain(legend.iter().cloned())
        .chain(best.iter().cloned())
        .collect();
    if with_legend && fits(&Line::from(with_glyphs.clone())) {
        first = with_glyphs;
    } else {
        first.extend(best);
    }
    let mut out = vec![Line::from(first)];
    if let Some(mut p) = pace {
        // The second line's words start after "Ahead · ".
        p[0] = Span::raw("        ");
        out.push(Line::from(p));
    }
    out
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
