//! The pieces every screen shares: tab bar, status line, notices, text
//! fields, the help overlay and the pop-ups (form, picker, prompts).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::form::{self, EntryForm, Field};
use super::input::Input;
use super::layout::{centered, tab_label};
use super::state::{Mode, Notice, State, Tab};
use super::theme::Theme;
use crate::format::{hours, week_flag};
use crate::text::clean;

/// A text field with its cursor drawn as a reversed cell.
pub fn input_line(t: Theme, i: &Input, focus: bool) -> Line<'static> {
    let chars: Vec<char> = i.text.chars().collect();
    let before: String = chars[..i.cursor.min(chars.len())].iter().collect();
    let at: String = chars.get(i.cursor).map_or(" ".into(), |c| c.to_string());
    let after: String = chars
        .get(i.cursor + 1..)
        .map_or(String::new(), |r| r.iter().collect());
    if !focus {
        return Line::raw(clean(&i.text).into_owned());
    }
    // What is typed or pasted shows as it will be shown once saved.
    Line::from(vec![
        Span::raw(clean(&before).into_owned()),
        Span::styled(clean(&at).into_owned(), t.selected()),
        Span::raw(clean(&after).into_owned()),
    ])
}

pub fn tab_bar(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let mut x = r.x;
    for tab in Tab::ALL {
        let label = tab_label(tab);
        let st = if tab == s.tab {
            t.selected().patch(t.title())
        } else {
            Style::new()
        };
        if x >= r.x + r.width {
            break;
        }
        buf.set_stringn(x, r.y, &label, (r.x + r.width - x) as usize, st);
        x += label.chars().count() as u16;
        buf.set_stringn(
            x,
            r.y,
            "│",
            (r.x + r.width).saturating_sub(x) as usize,
            t.dim(),
        );
        x += 1;
    }
    let hint = "? help  q quit";
    let hw = hint.chars().count() as u16;
    if r.x + r.width > x + hw + 1 {
        buf.set_string(r.x + r.width - hw, r.y, hint, t.dim());
    }
}

pub fn status_line(s: &State, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let mut spans = Vec::new();
    match &s.data.running {
        Some(run) => {
            let secs = run.elapsed(s.now).num_seconds().max(0);
            spans.push(Span::styled(
                format!(
                    "● {} {}:{:02}:{:02} ",
                    clean(&run.activity),
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                ),
                t.accent(),
            ));
        }
        None => spans.push(Span::styled("○ no timer ", t.dim())),
    }
    spans.push(Span::styled("│ ", t.dim()));
    match &s.data.status {
        Some(st) => {
            let flag = week_flag(st.week_number, &st.week, st.streak.weeks);
            let used: usize = spans.iter().map(|s| s.width()).sum();
            let room = usize::from(r.width).saturating_sub(used);
            // The pace after the verdict: the verdict gives up its target
            // and its count of broken rules for it, never its drift, streak
            // or "flagged"; where that and the pace do not fit, the verdict
            // alone.
            let width = |t: &str| unicode_width::UnicodeWidthStr::width(t);
            let (text, pace) = match crate::format::pace_words(&st.pace).map(|p| format!(" · {p}"))
            {
                Some(p) if width(&p) + width(&flag.essential()) <= room => {
                    (flag.fit(room - width(&p)), Some(p))
                }
                _ => (flag.fit(room), None),
            };
            spans.push(Span::styled(text, t.tone(flag.tone)));
            if let Some(p) = pace {
                let st = if st.pace.reachable {
                    t.dim()
                } else {
                    t.error()
                };
                spans.push(Span::styled(p, st));
            }
        }
        None => spans.push(Span::styled("loading…", t.dim())),
    }
    buf.set_line(r.x, r.y, &Line::from(spans), r.width);
}

/// The notice (or the hint), wrapped to `r`: a long message takes more
/// rows ([`notice_rows`]) rather than being cut.
pub fn notice_line(s: &State, r: Rect, buf: &mut Buffer) {
    Paragraph::new(notice(s, r.width))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}

/// The rows the notice needs at `width`, at most [`NOTICE_MAX_ROWS`].
pub fn notice_rows(s: &State, width: u16) -> u16 {
    // The hint of a screen is a line of keys: it never takes more.
    if s.notice.is_none() && s.data.warnings.is_empty() {
        return 1;
    }
    let w = notice(s, width).width();
    let rows = w.max(1).div_ceil(usize::from(width.max(1)));
    u16::try_from(rows).unwrap_or(u16::MAX).min(NOTICE_MAX_ROWS)
}

/// The most rows a notice takes from the screen.
pub const NOTICE_MAX_ROWS: u16 = 3;

fn notice(s: &State, width: u16) -> Line<'static> {
    let t = s.theme;
    match (&s.notice, &s.mode) {
        (Some(Notice::Error(m)), _) => Line::styled(format!("✗ {}", first_line(m)), t.error()),
        (Some(Notice::Info(m)), _) => Line::styled(format!("✓ {}", first_line(m)), t.ok()),
        (None, Mode::Fill(..)) => Line::styled(
            "fill the gap: press an activity's key, or Enter for the list (Esc cancels)",
            t.accent(),
        ),
        (None, _) if !s.data.warnings.is_empty() => {
            Line::styled(format!("! {}", first_line(&s.data.warnings[0])), t.accent())
        }
        (None, _) => Line::styled(hint(s.tab, width), t.dim()),
    }
}

/// A message's first line, its control characters escaped.
fn first_line(m: &str) -> String {
    clean(m.lines().next().unwrap_or("")).into_owned()
}

/// The screen's main keys, as many as fit `width`; when some do not,
/// the line ends with `? all keys`.
fn hint(tab: Tab, width: u16) -> String {
    let items: &[&str] = match tab {
        Tab::Today => &[
            "j/k select",
            "←/→ day",
            "t today",
            "n add",
            "e edit",
            "D delete",
            "s stop",
            "f fill",
            "u undo",
        ],
        Tab::Week => &[
            "←/→ week",
            "t this week",
            "r reflection",
            "j/k scroll",
            "u undo",
        ],
        Tab::Trends => &["the share and hours of recent weeks, as many as the width holds"],
        Tab::Boundaries => &[
            "j/k select",
            "Enter change a rule (adds a set from this week)",
            "n protect a block",
            "u undo",
        ],
    };
    let width = usize::from(width);
    let all = items.join(" · ");
    if all.chars().count() <= width {
        return all;
    }
    let more = " · ? all keys";
    let mut out = String::new();
    for item in items {
        let next = if out.is_empty() {
            item.to_string()
        } else {
            format!("{out} · {item}")
        };
        if next.chars().count() + more.chars().count() > width {
            break;
        }
        out = next;
    }
    format!("{out}{more}")
}

pub(super) fn popup(r: Rect, w: u16, h: u16, title: &str, buf: &mut Buffer) -> Rect {
    let area = centered(r, w, h);
    Clear.render(area, buf);
    let block = Block::bordered().title(format!(" {title} "));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub fn entry_form(s: &State, f: &EntryForm, r: Rect, buf: &mut Buffer) {
    let title = if f.running {
        "the running timer"
    } else if f.editing.is_some() {
        "edit entry"
    } else {
        "add entry"
    };
    let lines = form_lines(s, f);
    // Messages wrap rather than being cut: the box grows to hold them.
    let width = 72u16.min(r.width);
    let inner_w = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w))
        .sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).max(16);
    let inner = popup(r, width, height, title, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The form's lines: its fields with their errors, then what saving would
/// do, or why it cannot.
fn form_lines(s: &State, f: &EntryForm) -> Vec<Line<'static>> {
    let t = s.theme;
    let checked = &f.checked;
    let mut lines = vec![Line::styled(
        format!(
            "on {} · Tab/↓ next field · Enter saves · Esc cancels",
            f.day_or(s.day).format("%a %-d %b")
        ),
        t.dim(),
    )];
    for field in Field::ALL {
        let i = field.index();
        let focus = f.field == field;
        let mut spans = vec![Span::styled(
            format!("{}{:<16}", if focus { "▸" } else { " " }, field.label()),
            if focus { t.title() } else { Style::new() },
        )];
        if f.running && field == Field::End {
            spans.push(Span::styled("running (s on Today stops it)", t.dim()));
        } else {
            spans.extend(input_line(t, &f.inputs[i], focus).spans);
        }
        lines.push(Line::from(spans));
        if field == Field::Activity {
            let found = f.matches(&s.data.config);
            let mut m = vec![Span::raw("                 ")];
            // Six of the matches at a time, always with the one picked.
            let first = super::today::first_visible(f.pick, 6);
            for (j, a) in found.iter().enumerate().skip(first).take(6) {
                let st = if j == f.pick {
                    t.selected()
                } else {
                    t.side(a.side)
                };
                m.push(Span::styled(clean(&a.name).into_owned(), st));
                m.push(Span::raw(" "));
            }
            lines.push(Line::from(m));
        }
        match &checked.errors[i] {
            Some(e) if !f.inputs[i].text.is_empty() || focus => {
                lines.push(Line::styled(
                    format!("                 ✗ {}", clean(e)),
                    t.error(),
                ));
            }
            _ => {}
        }
    }
    if let Some(c) = &checked.clash {
        lines.push(Line::styled(format!("✗ {}", clean(c)), t.error()));
    }
    if let Some(e) = &checked.entry {
        // The dates are said whenever the entry is not within the day shown
        // (overnight, or kept on its own date when edited from the next).
        let within = e.start.date_naive() == s.day && e.end.date_naive() == s.day;
        let at = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.format(if within { "%H:%M" } else { "%a %-d %b %H:%M" })
        };
        let dash = if within { "–" } else { " – " };
        let what = if f.running {
            format!(
                "✓ {} running since {} ({} so far)",
                clean(&e.activity),
                e.start.format("%H:%M"),
                hours(e.seconds())
            )
        } else {
            format!(
                "✓ {} {}{dash}{} ({})",
                clean(&e.activity),
                at(e.start),
                at(e.end),
                hours(e.seconds())
            )
        };
        lines.push(Line::styled(what, t.ok()));
        if f.long_asked {
            lines.push(Line::styled(
                format!(
                    "⚠ {} in one block is longer than {} hours. Is that right? Enter saves it; change a field otherwise",
                    hours(e.seconds()),
                    crate::model::LONG_ENTRY_HOURS
                ),
                t.error(),
            ));
        } else if f.needs_long_confirmation(e) {
            lines.push(Line::styled(
                format!(
                    "⚠ longer than {} hours: Enter asks you to confirm it",
                    crate::model::LONG_ENTRY_HOURS
                ),
                t.accent(),
            ));
        }
    }
    if f.saving {
        lines.push(Line::styled("saving…", t.dim()));
    }
    if let Some(m) = &f.failed {
        for l in m.lines() {
            lines.push(Line::styled(format!("✗ {}", clean(l)), t.error()));
        }
        lines.push(Line::styled(
            "nothing was saved; change the fields and Enter again, or Esc",
            t.dim(),
        ));
    }
    lines
}

pub fn picker(s: &State, filter: &Input, pick: usize, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let inner = popup(r, 44, 18, "start which activity? (type to filter)", buf);
    let found = form::matching(&s.data.config, &filter.text);
    let pick = pick.min(found.len().saturating_sub(1));
    // The filter, the window of matches that holds the choice, and a line
    // saying how many are out of sight.
    let rows = usize::from(inner.height.saturating_sub(2)).max(1);
    let first = super::today::first_visible(pick, rows);
    let mut lines = vec![input_line(t, filter, true)];
    for (i, a) in found.iter().enumerate().skip(first).take(rows) {
        let key = a
            .key
            .map_or("  ".to_string(), |k| format!("{} ", clean(&k.to_string())));
        let (mark, st) = if i == pick {
            ("▸ ", t.selected().patch(t.title()))
        } else {
            ("  ", t.side(a.side))
        };
        lines.push(Line::styled(
            format!("{mark}{key}{} ({})", clean(&a.name), a.side.as_str()),
            st,
        ));
    }
    if found.is_empty() {
        lines.push(Line::styled("no activity matches", t.error()));
    } else {
        let (above, below) = (first, found.len().saturating_sub(first + rows));
        let foot = match (above, below) {
            (0, 0) => "↑/↓ choose · Enter starts · Esc cancels".to_string(),
            (0, b) => format!("↓ {b} more · Enter starts"),
            (a, 0) => format!("↑ {a} more · Enter starts"),
            (a, b) => format!("↑ {a} more · ↓ {b} more · Enter starts"),
        };
        lines.push(Line::styled(foot, t.dim()));
    }
    Paragraph::new(lines).render(inner, buf);
}

pub fn confirm_delete(s: &State, e: &crate::model::Entry, r: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let inner = popup(r, 50, 5, "delete?", buf);
    let lines = vec![
        Line::raw(format!(
            "Delete {} {}–{} ({})?",
            clean(&e.activity),
            e.start.format("%H:%M"),
            e.end.format("%H:%M"),
            hours(e.seconds())
        )),
        Line::styled("y / Enter deletes (u undoes) · n / Esc keeps it", t.dim()),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

pub fn confirm_overlap(
    s: &State,
    a: &crate::model::Entry,
    b: &crate::model::Entry,
    r: Rect,
    buf: &mut Buffer,
) {
    let t = s.theme;
    let inner = popup(r, 64, 7, "two entries overlap", buf);
    let show = |e: &crate::model::Entry| {
        format!(
            "{}–{} {}",
            e.start.format("%H:%M"),
            e.end.format("%H:%M"),
            crate::text::clean(&e.activity)
        )
    };
    let lines = vec![
        Line::raw(format!("1  {}", show(a))),
        Line::raw(format!("2  {}", show(b))),
        Line::styled(
            "1 keeps the first · 2 the second · b both, one trimmed · n / Esc leaves them (u undoes)",
            t.dim(),
        ),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

pub fn long_timer(
    s: &State,
    i: &Input,
    read: &Result<chrono::DateTime<chrono::FixedOffset>, String>,
    r: Rect,
    buf: &mut Buffer,
) {
    let t = s.theme;
    let inner = popup(r, 66, 9, "a timer has been running a long time", buf);
    let Some(run) = &s.data.running else { return };
    let mut lines = vec![
        Line::raw(format!(
            "The {} timer has run since {} ({}).",
            clean(&run.activity),
            run.start.format("%a %-d %b %H:%M"),
            hours(run.elapsed(s.now).num_seconds())
        )),
        Line::raw("When did you really stop? (HH:MM on its first day, or YYYY-MM-DD HH:MM)"),
    ];
    let mut l = vec![Span::raw("stopped at ")];
    l.extend(input_line(t, i, true).spans);
    lines.push(Line::from(l));
    if !i.text.is_empty() {
        match read {
            Ok(at) => lines.push(Line::styled(
                format!("✓ stops at {} — Enter", at.format("%a %-d %b %H:%M")),
                t.ok(),
            )),
            Err(e) => lines.push(Line::styled(format!("✗ {}", clean(e)), t.error())),
        }
    }
    lines.push(Line::styled(
        format!(
            "Enter stops it then (nothing typed: now, keeping all {}) · Esc keeps it running",
            hours(run.elapsed(s.now).num_seconds())
        ),
        t.dim(),
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
