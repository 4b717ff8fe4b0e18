//! The reflection's editor: a pop-up over the Week screen where the text
//! is written on several lines, wrapped at words to the pop-up's width,
//! with the cursor kept in view. Drawing only; the keys are the keymap's
//! (`keymap::REFLECTION`) and the edits `input`'s.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::input::Input;
use super::state::State;
use super::theme::Theme;
use crate::model::time::week_number;
use crate::text::clean;

pub fn editor(s: &State, i: &Input, area: Rect, buf: &mut Buffer) {
    let t = s.theme;
    let title = format!(
        "reflection · week {}",
        week_number(s.week, s.config().week_start)
    );
    let w = area.width.min(78);
    let h = area.height.saturating_sub(2).clamp(3, 18);
    let inner = super::widgets::popup(area, w, h, &title, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let footer = Line::styled(
        "Enter new line · ↑↓ lines · Ctrl-S or Alt-Enter saves · Esc cancels",
        t.dim(),
    );
    let footer_h = u16::from(inner.height > 2);
    let text_h = inner.height - footer_h;
    let (lines, cursor) = rows(i, usize::from(inner.width), t);
    // Keep the cursor's row in view: scrolled no further than needed.
    let skip = (cursor + 1).saturating_sub(usize::from(text_h));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(skip)
        .take(usize::from(text_h))
        .collect();
    Paragraph::new(shown).render(Rect::new(inner.x, inner.y, inner.width, text_h), buf);
    if footer_h > 0 {
        Paragraph::new(footer).wrap(Wrap { trim: true }).render(
            Rect::new(inner.x, inner.y + text_h, inner.width, footer_h),
            buf,
        );
    }
}

/// A saved reflection as rows of at most `width` columns, wrapped as the
/// editor wraps it (for the Week screen).
pub(super) fn wrapped(text: &str, width: usize, t: Theme) -> Vec<Line<'static>> {
    let no_cursor = Input {
        text: text.to_string(),
        cursor: usize::MAX,
    };
    rows(&no_cursor, width, t).0
}

/// The text as rows of at most `width` columns, wrapped after spaces where
/// a line has them, the cursor drawn on its char (a space past a line's
/// end); with the row the cursor is on. User text goes through [`clean`],
/// as it will show once saved.
pub(super) fn rows(i: &Input, width: usize, t: Theme) -> (Vec<Line<'static>>, usize) {
    let width = width.max(1);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut cursor_row = 0;
    let mut at = 0;
    for line in i.text.split('\n') {
        let n = line.chars().count();
        let mut cells: Vec<(String, bool)> = line
            .chars()
            .enumerate()
            .map(|(k, c)| (clean(&c.to_string()).into_owned(), at + k == i.cursor))
            .collect();
        if i.cursor == at + n {
            cells.push((" ".into(), true));
        }
        for row in wrap(cells, width) {
            if row.iter().any(|c| c.1) {
                cursor_row = out.len();
            }
            out.push(Line::from(
                row.into_iter()
                    .map(|(text, cursor)| {
                        Span::styled(text, if cursor { t.selected() } else { Style::new() })
                    })
                    .collect::<Vec<_>>(),
            ));
        }
        at += n + 1;
    }
    (out, cursor_row)
}

/// Cells in rows no wider than `width`, breaking after the last space of a
/// row when it has one; an empty line is one empty row.
fn wrap(cells: Vec<(String, bool)>, width: usize) -> Vec<Vec<(String, bool)>> {
    let cw = |c: &(String, bool)| c.0.width().max(1);
    let mut rows = Vec::new();
    let mut row: Vec<(String, bool)> = Vec::new();
    let mut used = 0;
    for cell in cells {
        if used + cw(&cell) > width && !row.is_empty() {
            let rest = match row.iter().rposition(|c| c.0 == " ") {
                Some(j) if j + 1 < row.len() => row.split_off(j + 1),
                _ => Vec::new(),
            };
            rows.push(std::mem::replace(&mut row, rest));
            used = row.iter().map(cw).sum();
        }
        used += cw(&cell);
        row.push(cell);
    }
    rows.push(row);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Theme = Theme { color: false };

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn lines_wrap_at_words_and_the_cursor_row_is_known() {
        let mut i = Input::new("Too many 1:1s this week.\n\nNext: two focus mornings");
        let (lines, row) = rows(&i, 12, T);
        assert_eq!(
            plain(&lines),
            [
                "Too many ",
                "1:1s this ",
                "week.",
                "",
                "Next: two ",
                "focus ",
                "mornings "
            ]
        );
        assert_eq!(row, 6, "the cursor is past the end of the last line");
        i.cursor = 10; // the `1` of 1:1s
        let (lines, row) = rows(&i, 12, T);
        assert_eq!(row, 1);
        let cursor: Vec<&str> = lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.style == T.selected())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(cursor, [":"]);
    }

    #[test]
    fn a_long_word_is_cut_and_control_characters_are_escaped() {
        let i = Input::new("abcdefgh\u{1b}");
        let (lines, _) = rows(&i, 4, T);
        assert_eq!(plain(&lines), ["abcd", "efgh", "\\e "]);
    }
}

/// The editor driven through `update`, as keys reach it, and drawn.
#[cfg(test)]
mod update_tests {
    use crate::tui::action::{Action, Cmd, Effect};
    use crate::tui::input::Edit;
    use crate::tui::state::{Mode, Tab};
    use crate::tui::tests::{fixture, screen};
    use crate::tui::{initial_state, update};

    fn typ(s: &mut crate::tui::state::State, text: &str) {
        for c in text.chars() {
            let a = if c == '\n' {
                Action::Cmd(Cmd::Newline)
            } else {
                Action::Edit(Edit::Char(c))
            };
            update(s, a);
        }
    }

    #[test]
    fn a_reflection_of_several_lines_is_written_wrapped_and_saved() {
        let f = fixture("2026-11-26T14:20:00Z");
        let mut s = initial_state(&f.ctx).unwrap();
        s.tab = Tab::Week;
        update(&mut s, Action::Cmd(Cmd::Review));
        update(&mut s, Action::Edit(Edit::Clear));
        typ(
            &mut s,
            "Tuesday's protected morning went to the hiring loop again, the third week running.\n\nNext week: decline the Tuesday sync.",
        );
        // Back up to the first line and add to its start.
        for _ in 0..2 {
            update(&mut s, Action::Cmd(Cmd::Up));
        }
        update(&mut s, Action::Edit(Edit::Home));
        typ(&mut s, "1. ");
        assert!(matches!(s.mode, Mode::Review(_)), "Enter did not save");
        for (w, h) in [(80, 24), (160, 48)] {
            insta::assert_snapshot!(format!("reflection_editor_{w}x{h}"), screen(&s, w, h));
        }
        let effects = update(&mut s, Action::Cmd(Cmd::Submit));
        assert_eq!(
            effects,
            vec![Effect::SetReview(
                s.week,
                "1. Tuesday's protected morning went to the hiring loop again, the third week running.\n\nNext week: decline the Tuesday sync.".into()
            )]
        );
        assert_eq!(s.mode, Mode::Normal);
    }

    #[test]
    fn saving_an_emptied_reflection_says_it_was_removed_or_that_there_was_none() {
        use crate::tui::{Effect, perform};
        let mut f = fixture("2026-11-26T14:20:00Z");
        let week = f.ctx.this_week();
        crate::app::set_review(&f.ctx, week, "Kept for now").unwrap();
        let said = |a: Action| match a {
            Action::Done(Ok(m)) => m,
            other => panic!("{other:?}"),
        };
        let a = perform(&mut f.ctx, &f.clock, Effect::SetReview(week, String::new()));
        assert_eq!(
            said(a),
            format!("removed the reflection of the week of {week} — u undoes it")
        );
        assert!(!f.ctx.store.reviews().unwrap().contains_key(&week));
        let a = perform(&mut f.ctx, &f.clock, Effect::SetReview(week, String::new()));
        assert_eq!(
            said(a),
            format!("nothing to remove: the week of {week} has no reflection")
        );
    }

    #[test]
    fn a_saved_reflection_reads_on_the_week_screen_line_by_line() {
        let f = fixture("2026-11-26T14:20:00Z");
        let week = f.ctx.this_week();
        crate::app::set_review(&f.ctx, week, "First line.\nSecond line.").unwrap();
        let mut s = initial_state(&f.ctx).unwrap();
        s.tab = Tab::Week;
        let text = screen(&s, 160, 48);
        let first = text
            .lines()
            .position(|l| l.contains("First line."))
            .unwrap();
        assert!(
            text.lines()
                .nth(first + 1)
                .unwrap()
                .contains("Second line."),
            "{text}"
        );
        // At 80×24 a short reflection shows whole (the Week screen's lists
        // scroll instead).
        let small = screen(&s, 80, 24);
        assert!(
            small.contains("First line.") && small.contains("Second line."),
            "{small}"
        );
        assert!(small.contains("Reflection (r to write)"), "{small}");
        // Longer than the rows it may take: the title says what does not fit.
        let long: Vec<String> = (1..=8).map(|i| format!("Line {i}.")).collect();
        crate::app::set_review(&f.ctx, week, &long.join("\n")).unwrap();
        let mut s = initial_state(&f.ctx).unwrap();
        s.tab = Tab::Week;
        let small = screen(&s, 80, 24);
        assert!(
            small.contains("Reflection (3 more line(s): r shows all of it)"),
            "{small}"
        );
        assert!(
            small.contains("Line 5.") && !small.contains("Line 6."),
            "{small}"
        );
        crate::app::set_review(&f.ctx, week, "First line.\nSecond line.").unwrap();
        let mut s = initial_state(&f.ctx).unwrap();
        s.tab = Tab::Week;
        // Editing starts from the saved text, cursor at its end.
        update(&mut s, Action::Cmd(Cmd::Review));
        let Mode::Review(i) = &s.mode else { panic!() };
        assert_eq!(
            (i.text.as_str(), i.cursor),
            ("First line.\nSecond line.", 24)
        );
    }
}
