//! Week: a stacked bar per day with its T/M/O figures and the week's
//! total, the share against the band, totals by activity, every broken
//! rule, the rolling status and streak, the reflection. The activities and
//! the rules scroll (j/k, arrows, wheel) when the terminal is too short to
//! show them all; nothing is cut off.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

use super::layout::wrap;
use super::state::{Mode, State};
use super::theme::{Theme, glyph};
use crate::balance::SideSeconds;
use crate::format::{flag_words, hours, ordinal, percent, status_words, tone};
use crate::model::Side;
use crate::text::clean;
use unicode_width::UnicodeWidthStr;

pub fn draw(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width < 10 {
        return;
    }
    let t = s.theme;
    let Some(w) = &s.data.week else {
        buf.set_string(area.x, area.y, "loading…", t.dim());
        return;
    };
    let sm = &w.summary;
    let title = format!(
        "Week {} · {}–{}",
        w.number,
        sm.from.format("%-d %b"),
        sm.to.format("%-d %b %Y")
    );
    let short_title = format!(
        "Week {} · {}–{}",
        w.number,
        sm.from.format("%-d"),
        sm.to.format("%-d %b")
    );
    let brief = sm.brief();
    let share = format!(" · technical {}", percent(sm.technical_share));
    let target = format!(
        ", target {:.0}% ±{:.0}%",
        sm.target.technical_share * 100.0,
        sm.target.tolerance * 100.0
    );
    let flag = flag_words(&brief).map_or_else(String::new, |f| format!(" · {f}"));
    let short_flag = if flag.is_empty() {
        ""
    } else {
        " · ⚑ flagged"
    };
    // The widest that fits: the target goes first, then the count of broken
    // rules, then the year; "flagged" stays whenever the week is.
    let verdict_w = status_words(sm.status).width() + 3;
    let (title, target, flag) = [
        (&title, target.as_str(), flag.as_str()),
        (&title, "", flag.as_str()),
        (&title, "", short_flag),
        (&short_title, "", short_flag),
    ]
    .into_iter()
    .find(|(a, b, c)| {
        a.width() + share.width() + b.width() + verdict_w + c.width() <= usize::from(area.width)
    })
    .unwrap_or((&short_title, "", short_flag));
    let mut head = vec![
        Span::styled(title.clone(), t.title()),
        Span::raw(format!("{share}{target} · ")),
        Span::styled(
            format!("{}{flag}", status_words(sm.status)),
            t.tone(tone(&brief)),
        ),
    ];
    let used: usize = head.iter().map(Span::width).sum();
    if s.week == s.this_week() && used + " (this week)".len() <= usize::from(area.width) {
        head.push(Span::styled(" (this week)", t.dim()));
    }
    buf.set_line(area.x, area.y, &Line::from(head), area.width);

    let l = Areas::of(s, area);
    for (i, p) in super::forecast::pace_lines(s, area.width)
        .iter()
        .enumerate()
    {
        if (i as u16) < l.ahead.height {
            buf.set_line(l.ahead.x, l.ahead.y + i as u16, p, l.ahead.width);
        }
    }
    day_bars(s, l.days, buf);
    share_gauge(
        t,
        sm.technical_share,
        (sm.target.technical_share, sm.target.tolerance),
        l.gauge,
        buf,
    );
    lower(s, l.lower, buf);
    reflection(s, l.review, buf);
}

/// The parts of the screen under the header.
struct Areas {
    days: Rect,
    gauge: Rect,
    /// The line on the week ahead (empty for a past week).
    ahead: Rect,
    lower: Rect,
    review: Rect,
}

impl Areas {
    fn of(s: &State, area: Rect) -> Areas {
        // The reflection shows whole, up to six rows (more: `r` shows all of
        // it), while the activities and rules keep at least three rows
        // (they scroll; it does not).
        let ahead_h = super::forecast::pace_lines(s, area.width).len() as u16;
        let text = review_lines(s, area.width) as u16;
        let room = area.height.saturating_sub(1 + 8 + 1 + ahead_h + 3);
        let review_h = (1 + text).clamp(2, 7).min(room.max(2));
        let [_, days, gauge, ahead, lower, review] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(8),
            Constraint::Length(1),
            Constraint::Length(ahead_h),
            Constraint::Min(0),
            Constraint::Length(review_h),
        ])
        .areas(area);
        Areas {
            days,
            gauge,
            ahead,
            lower,
            review,
        }
    }
}

/// A day's (or the week's) figures: total, then T, M and O, which add up
/// to it (`7h45m  T 2h  M 5h15m  O 30m`), in columns as wide as the widest.
fn figure_rows(rows: &[(SideSeconds, bool)]) -> Vec<String> {
    let cols: Vec<[String; 4]> = rows
        .iter()
        .map(|(x, _)| {
            [
                hours(x.total()),
                format!("T {}", hours(x.technical)),
                format!("M {}", hours(x.management)),
                format!("O {}", hours(x.other)),
            ]
        })
        .collect();
    let w = |i: usize| cols.iter().map(|c| c[i].width()).max().unwrap_or(0);
    let (w0, w1, w2) = (w(0), w(1), w(2));
    cols.iter()
        .zip(rows)
        .map(|(c, (x, off))| match (x.total(), off) {
            (0, true) => "off".to_string(),
            (0, false) => "—".to_string(),
            // Time logged on a day off counts; the figures say so.
            (_, off) => format!(
                "{:>w0$}  {:<w1$}  {:<w2$}  {}{}",
                c[0],
                c[1],
                c[2],
                c[3],
                if *off { "  day off" } else { "" }
            ),
        })
        .collect()
}

fn day_bars(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let Some(w) = &s.data.week else { return };
    let sm = &w.summary;
    let label = 8u16;
    let booked_of = |date| {
        w.forecast
            .as_ref()
            .map_or((0, 0), |f| super::forecast::day_booked(f, date))
    };
    let mut rows: Vec<(SideSeconds, bool)> = sm
        .by_day
        .iter()
        .map(|d| (d.sides(), sm.days_off.contains(&d.date)))
        .collect();
    rows.push((sm.seconds, false));
    let mut figs = figure_rows(&rows);
    // A day with nothing logged but time booked ahead says so.
    for (f, d) in figs.iter_mut().zip(&sm.by_day) {
        let (bt, bm) = booked_of(d.date);
        if d.sides().total() == 0 && bt + bm > 0 {
            *f = super::forecast::booked_figure(bt, bm);
        }
    }
    let fig_w = figs.iter().map(|f| f.width()).max().unwrap_or(0) as u16;
    let width = i64::from(r.width.saturating_sub(label + fig_w + 1));
    let max = sm
        .by_day
        .iter()
        .map(|d| {
            let (bt, bm) = booked_of(d.date);
            d.sides().total() + bt + bm
        })
        .max()
        .unwrap_or(0)
        .max(8 * 3600);
    for (i, y) in (r.y..r.y + r.height).enumerate() {
        let Some(fig) = figs.get(i) else { break };
        let x_fig = r.x + label + width.max(0) as u16 + 1;
        let Some(d) = sm.by_day.get(i) else {
            // The week's total, under the days' figures.
            buf.set_string(r.x, y, "week", t.title());
            buf.set_stringn(x_fig, y, fig, usize::from(fig_w), t.title());
            continue;
        };
        let sides = d.sides();
        let style = if d.date == s.today() {
            t.title()
        } else {
            Style::new()
        };
        buf.set_string(r.x, y, d.date.format("%a %-d").to_string(), style);
        let mut x = r.x + label;
        if width > 0 {
            for side in Side::ALL {
                let n = (sides.get(side) * width + max / 2) / max;
                let n = n.min(width - i64::from(x - r.x - label)).max(0) as u16;
                let bar: String = std::iter::repeat_n(glyph(side), n as usize).collect();
                buf.set_string(x, y, &bar, t.side(side));
                x += n;
            }
            // The booked time still ahead: its own lane after the logged.
            let (bt, bm) = booked_of(d.date);
            for (side, secs) in [(Side::Technical, bt), (Side::Management, bm)] {
                let n = (secs * width + max / 2) / max;
                let n = n.min(width - i64::from(x - r.x - label)).max(0) as u16;
                let g = super::forecast::glyph(side);
                let bar: String = std::iter::repeat_n(g, n as usize).collect();
                buf.set_string(x, y, &bar, super::forecast::style(t, side));
                x += n;
            }
        }
        buf.set_stringn(x_fig, y, fig, usize::from(fig_w), Style::new());
    }
}

/// `technical 25%  band 35–55%  0% ──┃──░░░░── 100%`: the share as one
/// figure with its meaning, the band shaded on a 0–100% scale, the share
/// marked on it.
pub fn share_gauge(t: Theme, share: Option<f64>, target: (f64, f64), r: Rect, buf: &mut Buffer) {
    if r.height == 0 || r.width < 24 {
        return;
    }
    let (lo, hi) = (
        (target.0 - target.1).max(0.0),
        (target.0 + target.1).min(1.0),
    );
    let label = format!("technical {}", percent(share));
    let band = format!("  band {:.0}–{:.0}%", lo * 100.0, hi * 100.0);
    let band = if r.width >= 60 { band } else { String::new() };
    let mut x = r.x;
    buf.set_string(x, r.y, &label, t.title());
    x += label.width() as u16;
    buf.set_string(x, r.y, &band, t.dim());
    x += band.width() as u16;
    buf.set_string(x, r.y, "  0%", t.dim());
    let x0 = x + 5;
    let w = (r.x + r.width).saturating_sub(x0 + 5);
    if w < 4 {
        return;
    }
    let col = |v: f64| ((v.clamp(0.0, 1.0) * f64::from(w - 1)).round()) as u16;
    for i in 0..w {
        let v = f64::from(i) / f64::from(w - 1);
        let in_band = v >= lo - 1e-9 && v <= hi + 1e-9;
        let (ch, st) = if in_band {
            ('░', t.band())
        } else {
            ('─', t.dim())
        };
        buf.set_string(x0 + i, r.y, ch.to_string(), st);
    }
    buf.set_string(x0 + w + 1, r.y, "100%", t.dim());
    if let Some(sh) = share {
        let st = if sh < lo - 1e-9 || sh > hi + 1e-9 {
            t.accent()
        } else {
            t.ok()
        };
        buf.set_string(x0 + col(sh), r.y, "┃", st);
    }
}

/// The activities (left) and the rolling status, focus blocks and rules
/// (right; under the activities on a narrow terminal), as whole lines.
struct Lower {
    left: Vec<Line<'static>>,
    right: Vec<Line<'static>>,
    /// Where the right column starts; `None`: one column.
    split: Option<u16>,
}

impl Lower {
    fn of(s: &State, r: Rect) -> Lower {
        let two = r.width >= 60;
        let lw = if two { r.width * 45 / 100 } else { r.width };
        let rw = if two { r.width - lw } else { r.width };
        let mut left = by_activity(s, lw);
        let mut right = rules(s, rw.saturating_sub(1));
        if two {
            Lower {
                left,
                right,
                split: Some(lw),
            }
        } else {
            left.push(Line::raw(""));
            left.append(&mut right);
            Lower {
                left,
                right,
                split: None,
            }
        }
    }

    fn len(&self) -> usize {
        self.left.len().max(self.right.len())
    }
}

/// Lines the lower part can show in `rows`, and how far it can scroll.
fn window(total: usize, rows: u16) -> (usize, usize) {
    let rows = usize::from(rows);
    if total <= rows {
        (rows, 0)
    } else {
        // One row says what is out of sight.
        let shown = rows.saturating_sub(1).max(1);
        (shown, total - shown)
    }
}

/// How far the Week screen's lower part can scroll in a body of `body`.
pub fn scroll_max(s: &State, body: Rect) -> u16 {
    if body.width < 10 || s.data.week.is_none() {
        return 0;
    }
    let l = Areas::of(s, body);
    let lower = Lower::of(s, l.lower);
    window(lower.len(), l.lower.height).1 as u16
}

fn lower(s: &State, r: Rect, buf: &mut Buffer) {
    if r.height == 0 {
        return;
    }
    let t = s.theme;
    let lo = Lower::of(s, r);
    let (shown, max) = window(lo.len(), r.height);
    let from = usize::from(s.scroll).min(max);
    let columns = match lo.split {
        Some(x) => vec![(&lo.left, r.x), (&lo.right, r.x + x + 1)],
        None => vec![(&lo.left, r.x)],
    };
    for (lines, x) in columns {
        let w = (r.x + r.width).saturating_sub(x);
        for (i, line) in lines.iter().skip(from).take(shown).enumerate() {
            buf.set_line(x, r.y + i as u16, line, w);
        }
    }
    if max > 0 {
        let below = lo.len() - from - shown;
        let text = match (from, below) {
            (0, n) => format!("↓ {n} more line{} · j/k scroll", plural(n)),
            (n, 0) => format!("↑ {n} line{} above · j/k scroll", plural(n)),
            (a, b) => format!("↑ {a} above · ↓ {b} below · j/k scroll"),
        };
        buf.set_stringn(
            r.x,
            r.y + r.height - 1,
            text,
            usize::from(r.width),
            t.accent(),
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn by_activity(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let Some(w) = &s.data.week else {
        return Vec::new();
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("By activity ", t.title()),
        Span::styled(
            format!("{}", glyph(Side::Technical)),
            t.side(Side::Technical),
        ),
        Span::styled(" tech ", t.dim()),
        Span::styled(
            format!("{}", glyph(Side::Management)),
            t.side(Side::Management),
        ),
        Span::styled(" mgmt ", t.dim()),
        Span::styled(format!("{}", glyph(Side::Other)), t.side(Side::Other)),
        Span::styled(" other", t.dim()),
    ])];
    let acts = &w.summary.by_activity;
    let names: Vec<String> = acts
        .iter()
        .map(|a| clean(&a.activity).into_owned())
        .collect();
    let name_w = names
        .iter()
        .map(|n| n.width())
        .max()
        .unwrap_or(0)
        .clamp(8, usize::from(width).saturating_sub(2 + 7).max(8));
    let top = acts.iter().map(|a| a.seconds).max().unwrap_or(0).max(1);
    // The rest of the row is a bar against the largest, where there is room.
    let bar_w = i64::from(width)
        .saturating_sub(name_w as i64 + 2 + 7 + 2)
        .min(60);
    for (a, name) in acts.iter().zip(names) {
        // Cut (and marked so) only when the column is narrower than it.
        let name = if name.width() > name_w {
            let mut cut: String = String::new();
            for c in name.chars() {
                if (cut.clone() + &c.to_string()).width() + 1 > name_w {
                    break;
                }
                cut.push(c);
            }
            format!("{cut}…")
        } else {
            name
        };
        let mut spans = vec![
            Span::styled(format!("{} {name:<name_w$}", glyph(a.side)), t.side(a.side)),
            Span::raw(format!("{:>7}", hours(a.seconds))),
        ];
        if bar_w >= 4 {
            let n = ((a.seconds * bar_w + top / 2) / top).max(1) as usize;
            spans.push(Span::styled(
                format!(" {}", glyph(a.side).to_string().repeat(n)),
                t.side(a.side),
            ));
        }
        lines.push(Line::from(spans));
    }
    if acts.is_empty() {
        lines.push(Line::styled("nothing logged", t.dim()));
    }
    lines
}

fn rules(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let Some(w) = &s.data.week else {
        return Vec::new();
    };
    let width = usize::from(width.max(10));
    let mut lines = Vec::new();
    let say = |text: String, st: Style, lines: &mut Vec<Line<'static>>| {
        for l in wrap(&text, width) {
            lines.push(Line::styled(l, st));
        }
    };
    say(
        format!(
            "Rolling {} weeks: {}, {}",
            w.rolling.weeks,
            percent(w.rolling.technical_share),
            status_words(w.rolling.status)
        ),
        t.status(w.rolling.status),
        &mut lines,
    );
    if w.streak.weeks > 0 {
        say(
            format!(
                "{} week in a row {}",
                ordinal(w.streak.weeks),
                status_words(w.streak.status)
            ),
            t.status(w.streak.status),
            &mut lines,
        );
    }
    let sm = &w.summary;
    let focus = match sm.focus_blocks_asked {
        Some(n) => format!("Focus blocks {} of {n}", sm.focus_blocks),
        None => format!("Focus blocks {} (no minimum set)", sm.focus_blocks),
    };
    let minutes = s.config().boundaries_on(sm.from).focus_block_minutes;
    say(
        format!("{focus} ({minutes}m+ of technical time)"),
        Style::new(),
        &mut lines,
    );
    if sm.violations.is_empty() {
        lines.push(Line::styled("No rule broken.", t.ok()));
    } else {
        let n = sm.violations.len();
        say(
            format!("{n} rule{} broken:", plural(n)),
            t.error(),
            &mut lines,
        );
        for v in &sm.violations {
            // "✗ " and a hanging indent, so each rule reads as one item.
            let text = clean(&v.message).into_owned();
            for (i, l) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
                let mark = if i == 0 { "✗ " } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(mark, t.error()),
                    Span::raw(l),
                ]));
            }
        }
    }
    for l in super::forecast::detail_lines(s) {
        lines.extend(wrap_line(l, width));
    }
    lines
}

/// A line as it shows in `width` columns: whole when it fits, else its
/// text wrapped (in the first span's style).
fn wrap_line(l: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if l.width() <= width {
        return vec![l];
    }
    let style = l.spans.first().map_or(Style::new(), |s| s.style);
    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
    wrap(&text, width)
        .into_iter()
        .map(|x| Line::styled(x, style))
        .collect()
}

/// The reflection as the Week screen draws it (wrapped as the editor wraps
/// it), one entry a row.
fn review_lines(s: &State, width: u16) -> usize {
    let text = s.data.week.as_ref().and_then(|w| w.review.clone());
    text.map_or(1, |x| {
        super::reflection::wrapped(&x, usize::from(width.max(1)), s.theme).len()
    })
}

fn reflection(s: &State, r: Rect, buf: &mut Buffer) {
    if r.height == 0 {
        return;
    }
    let t = s.theme;
    let text = s.data.week.as_ref().and_then(|w| w.review.clone());
    let room = usize::from(r.height - 1);
    // Wrapped as the editor wraps it.
    let lines = text.map(|x| super::reflection::wrapped(&x, usize::from(r.width), t));
    let hidden = lines.as_ref().map_or(0, |l| l.len().saturating_sub(room));
    // While it is written, the editor is a pop-up over this screen.
    let title = match &s.mode {
        Mode::Review(_) => "Reflection (being written)".to_string(),
        _ if hidden > 0 => format!("Reflection ({hidden} more line(s): r shows all of it)"),
        _ => "Reflection (r to write)".to_string(),
    };
    let body = match lines {
        Some(lines) => Text::from(lines),
        None => Text::styled("How did the week go? What will you change?", t.dim()),
    };
    buf.set_stringn(r.x, r.y, &title, usize::from(r.width), t.title());
    Paragraph::new(body).render(Rect::new(r.x, r.y + 1, r.width, r.height - 1), buf);
}
