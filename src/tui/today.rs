//! Today: the day as a timeline across the workday (gaps visible), the list
//! of entries, gaps and the running timer, and the activity keys.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::state::{Row, State, workday_bounds};
use super::theme::{GAP, glyph};
use crate::format::{hours, percent, row_span};
use crate::text::clean;

const HEAD: u16 = 4;

/// The activity keys laid out in lines of `width` columns: `start:`, each
/// key with its name (never split across lines), `S any`.
fn key_lines(s: &State, width: u16) -> Vec<Line<'static>> {
    let t = s.theme;
    let mut items: Vec<Vec<Span<'static>>> = vec![vec![Span::styled("start:", t.dim())]];
    for a in &s.data.config.activities {
        // A key kept for a command starts nothing: not listed.
        if let Some(k) = a.key.filter(|k| super::keymap::reserved(*k).is_none()) {
            items.push(vec![
                Span::styled(clean(&k.to_string()).into_owned(), t.accent()),
                Span::styled(format!(" {}", clean(&a.name)), t.side(a.side)),
            ]);
        }
    }
    items.push(vec![Span::styled("S any", t.dim())]);
    let width = usize::from(width.max(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut used = 0;
    for (i, item) in items.into_iter().enumerate() {
        // "start: c coding  r review": one space after the label.
        let gap = if i == 1 { 1 } else { 2 };
        let w: usize = item.iter().map(Span::width).sum();
        if used > 0 && used + gap + w > width {
            used = 0;
        }
        if used == 0 {
            lines.push(Line::from(item));
        } else if let Some(l) = lines.last_mut() {
            l.spans.push(Span::raw(" ".repeat(gap)));
            l.spans.extend(item);
            used += gap;
        }
        used += w;
    }
    lines
}

/// Rows the activity keys take across the whole width (one line on a wide
/// terminal, wrapped on a narrow one); the list keeps three rows at least.
fn keys_height(s: &State, body: Rect) -> u16 {
    let rows = key_lines(s, body.width).len() as u16;
    rows.min(body.height.saturating_sub(HEAD + 3))
}

/// Where the list of rows is drawn (the mouse needs it too).
pub fn list_area(s: &State, body: Rect) -> Rect {
    let top = HEAD.min(body.height);
    let h = body
        .height
        .saturating_sub(top)
        .saturating_sub(keys_height(s, body));
    Rect::new(body.x, body.y + top, body.width, h)
}

/// The first row shown when `selected` must be visible in `height` rows.
pub fn first_visible(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}

pub fn draw(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let t = s.theme;
    let d = &s.data;
    let sums = s.day_totals();
    let today = if d.day == s.today() { " (today)" } else { "" };
    let off = match &d.day_off {
        None => String::new(),
        Some(None) => " · day off".to_string(),
        Some(Some(note)) => format!(" · day off: {}", crate::text::clean(note)),
    };
    // The day's parts, named in full where they fit, else by their letters
    // (as the Week screen's columns): never cut.
    let side = |side: crate::model::Side, long: &str, secs: i64, full: bool| {
        let name = if full { long } else { &long[..1] };
        let name = if full {
            name.to_string()
        } else {
            name.to_ascii_uppercase()
        };
        Span::styled(format!("{name} {}", hours(secs)), t.side(side))
    };
    let head_of = |full: bool| {
        use crate::model::Side::*;
        Line::from(vec![
            Span::styled(
                format!("{}{today}{off}", d.day.format("%a %-d %b %Y")),
                t.title(),
            ),
            Span::raw(format!("  {}: ", hours(sums.total()))),
            side(Technical, "technical", sums.technical, full),
            Span::raw(", "),
            side(Management, "management", sums.management, full),
            Span::raw(", "),
            side(Other, "other", sums.other, full),
            Span::raw(format!(", share {}", percent(sums.share()))),
        ])
    };
    let head = match head_of(true) {
        l if l.width() <= usize::from(area.width) => l,
        _ => head_of(false),
    };
    buf.set_line(area.x, area.y, &head, area.width);
    if area.height > 2 {
        timeline(s, Rect::new(area.x, area.y + 1, area.width, 2), buf);
    }
    let list = list_area(s, area);
    draw_list(s, list, buf);
    let kh = keys_height(s, area);
    activity_keys(
        s,
        Rect::new(area.x, list.y + list.height, area.width, kh),
        buf,
    );
}

/// The day across the workday (widened to cover entries outside it).
fn timeline(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let d = &s.data;
    let zone = &d.config.zone;
    let now = zone.localize(s.now);
    let mut blocks: Vec<(
        DateTime<FixedOffset>,
        DateTime<FixedOffset>,
        crate::model::Side,
    )> = d
        .entries
        .iter()
        .map(|e| (e.start, e.end, d.config.side_of(&e.activity)))
        .collect();
    if let Some(run) = &d.running
        && now > run.start
    {
        blocks.push((run.start, now, d.config.side_of(&run.activity)));
    }
    let work = workday_bounds(d);
    let day_start = zone.day_start(d.day).with_timezone(&now.timezone());
    let (mut from, mut to) = work.unwrap_or((
        day_start + chrono::Duration::hours(9),
        day_start + chrono::Duration::hours(18),
    ));
    for (a, b, _) in &blocks {
        if b > &day_start {
            from = from.min((*a).max(day_start));
        }
        if a < &(day_start + chrono::Duration::days(1)) {
            to = to.max((*b).min(day_start + chrono::Duration::days(1)));
        }
    }
    let label_w = 0u16;
    let w = r.width.saturating_sub(label_w) as i64;
    if w < 4 {
        return;
    }
    let span = (to - from).num_seconds().max(1);
    let at = |i: i64| from + chrono::Duration::seconds(span * i / w + span / (2 * w));
    // Hour ticks.
    let mut last_label_end = 0i64;
    for i in 0..w {
        let t0 = from + chrono::Duration::seconds(span * i / w);
        let t1 = from + chrono::Duration::seconds(span * (i + 1) / w);
        let h0 = zone.localize(t0.to_utc());
        let h1 = zone.localize(t1.to_utc());
        let crosses = h0.hour() != h1.hour() || (h0.minute() == 0 && h0.second() == 0);
        if crosses && i >= last_label_end {
            let label = format!("{:02}", h1.hour());
            buf.set_string(r.x + i as u16, r.y, "╷", t.dim());
            if i + 3 < w {
                buf.set_string(r.x + i as u16 + 1, r.y, &label, t.dim());
            }
            last_label_end = i + 4;
        }
    }
    if r.height < 2 {
        return;
    }
    for i in 0..w {
        let mid = at(i);
        let x = r.x + i as u16;
        let cell = blocks.iter().find(|(a, b, _)| *a <= mid && mid < *b);
        let in_work = work.is_some_and(|(a, b)| a <= mid && mid < b && mid <= now);
        let booked = d.booked.iter().find(|b| {
            let (a, z) = (b.start, b.end);
            a <= mid.to_utc() && mid.to_utc() < z
        });
        let (ch, style) = match (cell, booked) {
            (Some((_, _, side)), _) => (glyph(*side), t.side(*side)),
            (None, Some(b)) => (
                super::forecast::glyph(b.side),
                super::forecast::style(t, b.side),
            ),
            (None, None) if in_work => (GAP, t.gap()),
            (None, None) => (' ', t.dim()),
        };
        buf.set_string(x, r.y + 1, ch.to_string(), style);
    }
}

fn draw_list(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let d = &s.data;
    let rows = s.rows();
    if r.height == 0 {
        return;
    }
    if rows.is_empty() {
        let msg = if d.day.weekday().number_from_monday() > 5 {
            "Nothing logged — a day off. n adds an entry; an activity key starts a timer."
        } else {
            "Nothing logged yet. Press an activity key to start a timer, or n to add an entry."
        };
        Paragraph::new(msg)
            .style(t.dim())
            .wrap(Wrap { trim: true })
            .render(
                Rect::new(
                    r.x + 2,
                    r.y + 1,
                    r.width.saturating_sub(2),
                    r.height.saturating_sub(1),
                ),
                buf,
            );
        return;
    }
    let full = r;
    let r = shown_rect(s, full);
    let (first, more) = window(s, r);
    let mut y = r.y;
    let mut last = first;
    for (i, row) in rows.iter().enumerate().skip(first) {
        if y >= r.y + r.height {
            break;
        }
        last = i;
        let sel = i == s.selected && s.tab == super::state::Tab::Today;
        let line = row_line(s, *row, sel);
        let (cut, rest) = if sel {
            overflow(&line, r.width)
        } else {
            (r.width, Vec::new())
        };
        buf.set_line(r.x, y, &line, cut);
        if sel {
            buf.set_style(Rect::new(r.x, y, r.width, 1), t.selected());
            // The selected row shows whole: what the width cuts off (a
            // long note, tags) follows on lines of its own.
            for rest in rest.into_iter().take(more) {
                y += 1;
                if y >= r.y + r.height {
                    break;
                }
                buf.set_line(r.x, y, &rest, r.width);
            }
        }
        y += 1;
    }
    if r.height < full.height {
        // Rows out of sight are counted, as the Week screen counts its own.
        let below = rows.len().saturating_sub(last + 1);
        let mut parts = Vec::new();
        if first > 0 {
            parts.push(format!("↑ {first} more"));
        }
        if below > 0 {
            parts.push(format!("↓ {below} more"));
        }
        parts.push("j/k move".to_string());
        buf.set_stringn(
            full.x,
            full.y + full.height - 1,
            parts.join(" · "),
            usize::from(full.width),
            t.accent(),
        );
    }
}

/// The rows' part of the list `r`: all of it, or all but its last line
/// when the rows do not fit (that line then says how many are out of
/// sight).
fn shown_rect(s: &State, r: Rect) -> Rect {
    if r.height > 2 && s.rows().len() + selected_extra(s, r.width) > usize::from(r.height) {
        Rect {
            height: r.height - 1,
            ..r
        }
    } else {
        r
    }
}

/// Where the note column starts: under it, a cut-off row goes on.
const OVERFLOW_INDENT: usize = 23;

/// Where to cut `line` to fit `width` columns (at a space, when one is
/// past the note column), and the rest wrapped under the note column.
fn overflow(line: &Line<'static>, width: u16) -> (u16, Vec<Line<'static>>) {
    use unicode_width::UnicodeWidthChar;
    let w = usize::from(width);
    if line.width() <= w || w <= OVERFLOW_INDENT + 8 {
        return (width, Vec::new());
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    // Columns at each char, to cut at the last space that fits.
    let mut col = 0;
    let mut cut = (w, text.len());
    for (b, c) in text.char_indices() {
        let cw = c.width().unwrap_or(0);
        if col + cw > w {
            if cut.1 == text.len() {
                cut = (col, b);
            }
            break;
        }
        if c == ' ' && col > OVERFLOW_INDENT + 12 {
            cut = (col, b);
        }
        col += cw;
    }
    let rest = super::layout::wrap(text[cut.1..].trim(), w - OVERFLOW_INDENT)
        .into_iter()
        .map(|l| Line::raw(format!("{}{l}", " ".repeat(OVERFLOW_INDENT))))
        .collect();
    (cut.0 as u16, rest)
}

/// The first row shown and how many extra lines the selected row takes:
/// the selected row, whole, stays in sight.
fn window(s: &State, r: Rect) -> (usize, usize) {
    let extra = selected_extra(s, r.width).min(usize::from(r.height).saturating_sub(1));
    let first = first_visible(s.selected, usize::from(r.height) - extra);
    (first, extra)
}

/// The lines the selected row takes below its own at `width` (what the
/// width cuts off it, shown whole); none off Today.
fn selected_extra(s: &State, width: u16) -> usize {
    s.rows()
        .get(s.selected)
        .filter(|_| s.tab == super::state::Tab::Today)
        .map_or(0, |row| overflow(&row_line(s, *row, true), width).1.len())
}

/// The row drawn at screen line `y` of the list `r` (for the mouse).
pub fn row_at(s: &State, r: Rect, y: u16) -> Option<usize> {
    let r = shown_rect(s, r);
    if y < r.y || y >= r.y + r.height {
        return None;
    }
    let (first, extra) = window(s, r);
    let k = usize::from(y - r.y);
    let i = first + k;
    let i = if i <= s.selected {
        i
    } else if i <= s.selected + extra {
        // A continuation line belongs to the selected row.
        s.selected
    } else {
        i - extra
    };
    (i < s.rows().len()).then_some(i)
}

fn row_line(s: &State, row: Row, sel: bool) -> Line<'static> {
    let t = s.theme;
    let d = &s.data;
    let mark = if sel { "▸ " } else { "  " };
    match row {
        Row::Entry(i) => {
            let e = &d.entries[i];
            let side = d.config.side_of(&e.activity);
            let (from, to, secs) = row_span(e.start, e.end);
            let mut spans = vec![
                Span::raw(mark),
                Span::raw(format!(
                    "{}–{} {:>6}  ",
                    from.format("%H:%M"),
                    to.format("%H:%M"),
                    hours(secs)
                )),
                Span::styled(
                    format!("{} {:<12}", glyph(side), clean(&e.activity)),
                    t.side(side),
                ),
            ];
            // An entry across midnight says which other day it touches
            // (its times alone would read as this day's).
            let last = to - chrono::Duration::seconds(1);
            if from.date_naive() != d.day {
                spans.push(Span::styled(
                    format!(" (from {})", from.format("%a")),
                    t.dim(),
                ));
            } else if to > from && last.date_naive() != d.day {
                spans.push(Span::styled(format!(" (to {})", to.format("%a")), t.dim()));
            }
            if d.entries
                .iter()
                .any(|o| !std::ptr::eq(o, e) && o.overlaps(e))
            {
                spans.push(Span::styled(" ⚠ overlaps (O settles)", t.error()));
            }
            if let Some(n) = &e.note {
                spans.push(Span::raw(format!(" {}", clean(n))));
            }
            for tag in &e.tags {
                spans.push(Span::styled(format!(" #{}", clean(tag)), t.dim()));
            }
            Line::from(spans)
        }
        Row::Gap(a, b) => {
            // Rounded as the entries around it are, so that the rows meet.
            let (a, b, secs) = row_span(a, b);
            Line::from(vec![
                Span::raw(mark),
                Span::styled(
                    format!(
                        "{}–{} {:>6}  {GAP} unlogged  (f + activity key fills it)",
                        a.format("%H:%M"),
                        b.format("%H:%M"),
                        hours(secs)
                    ),
                    t.gap(),
                ),
            ])
        }
        Row::Booked(i, a, b) => {
            let ev = &d.ended[i];
            let side = d.config.side_of(&ev.activity);
            let (a, b, secs) = row_span(a, b);
            Line::from(vec![
                Span::raw(mark),
                Span::styled(
                    format!(
                        "{}–{} {:>6}  {} {:<12} ",
                        a.format("%H:%M"),
                        b.format("%H:%M"),
                        hours(secs),
                        super::forecast::glyph(side),
                        clean(&ev.activity)
                    ),
                    super::forecast::style(t, side),
                ),
                Span::styled(
                    format!(
                        "booked: {}  (f takes it)",
                        clean(ev.note.as_deref().unwrap_or(""))
                    ),
                    t.dim(),
                ),
            ])
        }
        Row::Running => {
            let r = d.running.as_ref().expect("a running row has a timer");
            let side = d.config.side_of(&r.activity);
            let since = if d.config.zone.date_of(r.start.to_utc()) == d.day {
                r.start.format("%H:%M").to_string()
            } else {
                r.start.format("%a %H:%M").to_string()
            };
            Line::from(vec![
                Span::raw(mark),
                Span::styled(
                    format!(
                        "{since}–now   {:>6}  ",
                        hours(r.elapsed(s.now).num_seconds())
                    ),
                    t.accent(),
                ),
                Span::styled(
                    format!("{} {:<12}", glyph(side), clean(&r.activity)),
                    t.side(side),
                ),
                Span::styled(" ● running (s stops)", t.accent()),
            ])
        }
    }
}

fn activity_keys(s: &State, r: Rect, buf: &mut Buffer) {
    for (i, l) in key_lines(s, r.width)
        .iter()
        .take(usize::from(r.height))
        .enumerate()
    {
        buf.set_line(r.x, r.y + i as u16, l, r.width);
    }
}
