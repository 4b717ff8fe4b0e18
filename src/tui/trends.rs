//! Trends: the technical share week by week against each week's band,
//! from the first week with anything logged (as many weeks as fit, at least
//! 12 when there are that many, wider columns when there are fewer), hours
//! per week by side, the longest streaks, and a legend for every mark.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::state::State;
use super::theme::glyph;
use crate::balance::Status;
use crate::balance::trend::WeekPoint;
use crate::format::{hours, status_words};
use crate::model::Side;

const AXIS: u16 = 5;
const MIN_WEEKS: usize = 12;
/// The widest a week's column gets when few weeks are logged.
const MAX_COL: u16 = 8;

/// Columns per week for `n` weeks of data: all of them as wide as fits (up
/// to `MAX_COL`) when that is 3 or more; else 3 while 12 weeks fit, then 2,
/// then 1, showing the latest weeks.
fn col_width(width: u16, n: usize) -> u16 {
    let plot = width.saturating_sub(AXIS) as usize;
    let all = (plot / n.max(1)).min(usize::from(MAX_COL)) as u16;
    if all >= 3 {
        return all;
    }
    [3u16, 2]
        .into_iter()
        .find(|c| plot / usize::from(*c) >= MIN_WEEKS)
        .unwrap_or(1)
}

/// The legend: every mark of the chart and what it means, in lines of
/// `width` columns (an item is never split).
fn legend(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let items = [
        ("░", "band in force", t.band()),
        ("●", "balanced week", t.ok()),
        ("◆", "drifting out of the band", t.accent()),
        ("○", "too little logged to judge", t.dim()),
        ("⊘", "week off", t.dim()),
    ];
    let width = usize::from(width.max(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut used = 0;
    for (mark, words, st) in items {
        let w = 2 + unicode_width::UnicodeWidthStr::width(words);
        if used > 0 && used + 2 + w > width {
            used = 0;
        }
        let spans = [
            Span::styled(mark, st),
            Span::styled(format!(" {words}"), t.dim()),
        ];
        match lines.last_mut() {
            Some(l) if used > 0 => {
                l.spans.push(Span::raw("  "));
                l.spans.extend(spans);
                used += 2;
            }
            _ => lines.push(Line::from(spans.to_vec())),
        }
        used += w;
    }
    lines
}

pub fn draw(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height < 4 || area.width < AXIS + 4 {
        return;
    }
    let t = s.theme;
    if s.data.trend.is_empty() {
        buf.set_string(area.x, area.y, "reading the trend…", t.dim());
        return;
    }
    // Weeks before the first one with anything logged are not drawn.
    let all = &s.data.trend;
    let Some(first) = all.iter().position(|w| w.seconds.total() > 0) else {
        buf.set_string(
            area.x,
            area.y,
            format!(
                "Nothing logged in the last {} weeks: the trend starts with your first week.",
                all.len()
            ),
            t.dim(),
        );
        return;
    };
    let logged = &all[first..];
    let cw = col_width(area.width, logged.len());
    let fit = usize::from((area.width - AXIS) / cw);
    let weeks: &[WeekPoint] = &logged[logged.len().saturating_sub(fit)..];
    let key = legend(s, area.width);
    let key_h = (key.len() as u16).min(area.height.saturating_sub(8));
    let [head, key_r, chart, hours_r, axis, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(key_h),
        Constraint::Percentage(50),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let since = if first > 0 && weeks.len() == logged.len() {
        " (since the first week logged)"
    } else {
        ""
    };
    buf.set_line(
        head.x,
        head.y,
        &Line::from(vec![Span::styled(
            format!("Technical share, last {} weeks{since}", weeks.len()),
            t.title(),
        )]),
        head.width,
    );
    for (i, l) in key.iter().take(usize::from(key_r.height)).enumerate() {
        buf.set_line(key_r.x, key_r.y + i as u16, l, key_r.width);
    }
    share_chart(s, weeks, cw, chart, buf);
    hours_chart(s, weeks, cw, hours_r, buf);
    // Week numbers under the columns.
    let step = (6 / cw).max(1) as usize;
    for (i, w) in weeks.iter().enumerate() {
        if i % step == 0 {
            let x = axis.x + AXIS + i as u16 * cw;
            if x + 3 <= axis.x + axis.width {
                buf.set_string(x, axis.y, format!("w{}", w.number), t.dim());
            }
        }
    }
    let mut lines = Vec::new();
    for run in &s.data.longest {
        lines.push(Line::from(vec![
            Span::styled("longest ", t.title()),
            Span::styled(status_words(run.status), t.status(run.status)),
            Span::raw(format!(
                ": {} week{} from {}",
                run.weeks,
                if run.weeks == 1 { "" } else { "s" },
                run.from.format("%-d %b %Y")
            )),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("No drifting weeks in this range.", t.ok()));
    }
    for (i, l) in lines.iter().take(foot.height as usize).enumerate() {
        buf.set_line(foot.x, foot.y + i as u16, l, foot.width);
    }
}

fn share_chart(s: &State, weeks: &[WeekPoint], cw: u16, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    if r.height < 2 {
        return;
    }
    let h = r.height;
    let row_of = |v: f64| -> u16 { ((1.0 - v.clamp(0.0, 1.0)) * f64::from(h - 1)).round() as u16 };
    buf.set_string(r.x, r.y, "100%", t.dim());
    buf.set_string(r.x, r.y + row_of(0.5), " 50%", t.dim());
    buf.set_string(r.x, r.y + h - 1, "  0%", t.dim());
    for (i, w) in weeks.iter().enumerate() {
        let x = r.x + AXIS + i as u16 * cw;
        let (lo, hi) = (row_of(w.band.1), row_of(w.band.0));
        for y in lo..=hi {
            for dx in 0..cw.saturating_sub(1).max(1) {
                buf.set_string(x + dx, r.y + y, "░", t.band());
            }
        }
        if w.status == Status::Off {
            // A week off: no verdict, a mark where the band is.
            buf.set_string(x, r.y + row_of(0.5), "⊘", t.dim());
        } else if let Some(sh) = w.seconds.share() {
            let st = t.status(w.status);
            let mark = match w.status {
                s if s.is_drift() => "◆",
                Status::Incomplete => "○",
                _ => "●",
            };
            buf.set_string(x, r.y + row_of(sh), mark, st);
        }
    }
}

fn hours_chart(s: &State, weeks: &[WeekPoint], cw: u16, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    if r.height < 2 {
        return;
    }
    let max = weeks
        .iter()
        .map(|w| w.seconds.total())
        .max()
        .unwrap_or(0)
        .max(3600);
    buf.set_line(
        r.x,
        r.y,
        &Line::from(vec![
            Span::styled("Hours per week ", t.title()),
            Span::styled(
                format!("{} technical ", glyph(Side::Technical)),
                t.side(Side::Technical),
            ),
            Span::styled(
                format!("{} management ", glyph(Side::Management)),
                t.side(Side::Management),
            ),
            Span::styled(format!("{} other", glyph(Side::Other)), t.side(Side::Other)),
            Span::styled(format!("  (top {})", hours(max)), t.dim()),
        ]),
        r.width,
    );
    let r = Rect::new(r.x, r.y + 1, r.width, r.height - 1);
    let h = i64::from(r.height);
    for (i, w) in weeks.iter().enumerate() {
        let x = r.x + AXIS + i as u16 * cw;
        let mut y = r.y + r.height;
        for side in Side::ALL {
            let n = (w.seconds.get(side) * h + max / 2) / max;
            for _ in 0..n {
                if y == r.y {
                    break;
                }
                y -= 1;
                for dx in 0..cw.saturating_sub(1).max(1) {
                    buf.set_string(x + dx, y, glyph(side).to_string(), t.side(side));
                }
            }
        }
    }
}
