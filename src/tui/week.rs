//! Week: a stacked bar per day, totals by activity, the share against the
//! band, every broken rule, the rolling status and streak, the reflection.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
    if s.week == s.this_week() && area.width >= 120 {
        head.push(Span::styled(" (this week)", t.dim()));
    }
    buf.set_line(area.x, area.y, &Line::from(head), area.width);

    let review_h = if area.height > 30 { 4 } else { 2 };
    let pace = super::forecast::pace_line(s, area.width);
    let [_, days, gauge, ahead, rest, review] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Length(if area.height > 30 { 3 } else { 1 }),
        Constraint::Length(u16::from(pace.is_some())),
        Constraint::Min(0),
        Constraint::Length(review_h),
    ])
    .areas(area);
    if let Some(p) = pace {
        buf.set_line(ahead.x, ahead.y, &p, ahead.width);
    }
    day_bars(s, days, buf);
    share_gauge(
        t,
        sm.technical_share,
        (sm.target.technical_share, sm.target.tolerance),
        gauge,
        buf,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest);
    by_activity(s, left, buf);
    rules(s, right, buf);
    reflection(s, review, buf);
}

fn day_bars(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let Some(w) = &s.data.week else { return };
    let label = 8u16;
    let figures = 24u16;
    let width = r.width.saturating_sub(label + figures) as i64;
    let booked_of = |date| {
        w.forecast
            .as_ref()
            .map_or((0, 0), |f| super::forecast::day_booked(f, date))
    };
    let max = w
        .summary
        .by_day
        .iter()
        .map(|d| {
            let (bt, bm) = booked_of(d.date);
            d.sides().total() + bt + bm
        })
        .max()
        .unwrap_or(0)
        .max(8 * 3600);
    for (y, d) in (r.y..r.y + r.height).zip(&w.summary.by_day) {
        let sides = d.sides();
        let today = d.date == s.today();
        let style = if today { t.title() } else { Style::new() };
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
        let (bt, bm) = booked_of(d.date);
        let off = w.summary.days_off.contains(&d.date);
        let fig = if sides.total() == 0 && bt + bm > 0 {
            super::forecast::booked_figure(bt, bm)
        } else if sides.total() == 0 {
            if off { "off" } else { "—" }.to_string()
        } else if off {
            // Time logged on a day off counts; the bar shows its sides.
            format!("{:>6}  day off", hours(sides.total()))
        } else {
            format!(
                "{:>6}  T {} M {}",
                hours(sides.total()),
                hours(sides.technical),
                hours(sides.management)
            )
        };
        buf.set_stringn(
            r.x + label + width.max(0) as u16 + 1,
            y,
            fig,
            figures as usize,
            Style::new(),
        );
    }
}

/// `0% ──░░░▓▓▓░░── 100%`: the band shaded, the share marked.
pub fn share_gauge(t: Theme, share: Option<f64>, target: (f64, f64), r: Rect, buf: &mut Buffer) {
    if r.height == 0 || r.width < 16 {
        return;
    }
    let (x0, w) = (r.x + 8, r.width.saturating_sub(14));
    let label = format!("{:>4}", percent(share));
    buf.set_string(r.x, r.y, format!("{label} 0%"), t.title());
    let (lo, hi) = (target.0 - target.1, target.0 + target.1);
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
        if r.height > 1 {
            let label = format!("{} technical", percent(Some(sh)));
            let lx = (x0 + col(sh))
                .saturating_sub(label.len() as u16 / 2)
                .max(x0);
            buf.set_stringn(lx, r.y + 1, &label, (r.x + r.width - lx) as usize, st);
        }
    }
}

fn by_activity(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let Some(w) = &s.data.week else { return };
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
    for a in &w.summary.by_activity {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {:<12}", glyph(a.side), clean(&a.activity)),
                t.side(a.side),
            ),
            Span::raw(format!("{:>7}", hours(a.seconds))),
        ]));
    }
    if w.summary.by_activity.is_empty() {
        lines.push(Line::styled("nothing logged", t.dim()));
    }
    let SideSeconds {
        technical,
        management,
        other,
    } = w.summary.seconds;
    lines.push(Line::styled(
        format!(
            "total {}: T {} M {} O {}",
            hours(technical + management + other),
            hours(technical),
            hours(management),
            hours(other)
        ),
        t.dim(),
    ));
    Paragraph::new(lines).render(r, buf);
}

fn rules(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let Some(w) = &s.data.week else { return };
    let mut lines = vec![Line::from(vec![
        Span::styled("Rolling ", t.title()),
        Span::raw(format!(
            "{} weeks: {} ",
            w.rolling.weeks,
            percent(w.rolling.technical_share)
        )),
        Span::styled(status_words(w.rolling.status), t.status(w.rolling.status)),
    ])];
    if w.streak.weeks > 0 {
        lines.push(Line::styled(
            format!(
                "{} week in a row {}",
                ordinal(w.streak.weeks),
                status_words(w.streak.status)
            ),
            t.status(w.streak.status),
        ));
    }
    lines.push(Line::from(vec![
        Span::styled("Focus blocks ", t.title()),
        Span::raw(w.summary.focus_blocks.to_string()),
    ]));
    if w.summary.violations.is_empty() {
        lines.push(Line::styled("No rule broken.", t.ok()));
    } else {
        lines.push(Line::styled(
            format!("{} rules broken:", w.summary.violations.len()),
            t.error(),
        ));
        for v in &w.summary.violations {
            lines.push(Line::from(vec![
                Span::styled("✗ ", t.error()),
                Span::raw(clean(&v.message).into_owned()),
            ]));
        }
    }
    lines.extend(super::forecast::detail_lines(s));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(r, buf);
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
