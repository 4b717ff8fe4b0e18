//! Where things go on the screen: one function both drawing and mouse
//! hits use, so a click lands where the eye sees.

use ratatui::layout::{Constraint, Layout, Rect};

use super::state::Tab;

pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub notice: Rect,
    pub status: Rect,
}

/// The areas with a one-row notice.
#[cfg(test)]
pub fn areas(w: u16, h: u16) -> Areas {
    areas_with(w, h, 1)
}

/// As [`areas`], with `notice` rows for the notice line (a long message
/// wraps onto more rows, taken from the body).
pub fn areas_with(w: u16, h: u16, notice: u16) -> Areas {
    let [tabs, body, notice, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(notice.max(1)),
        Constraint::Length(1),
    ])
    .areas(Rect::new(0, 0, w, h));
    Areas {
        tabs,
        body,
        notice,
        status,
    }
}

pub fn tab_label(t: Tab) -> String {
    format!(" {} {} ", t.index() + 1, t.title())
}

/// The tab under column `col` of the tab bar.
pub fn tab_at(col: u16) -> Option<Tab> {
    let mut x = 0u16;
    for t in Tab::ALL {
        let w = tab_label(t).chars().count() as u16;
        if col >= x && col < x + w {
            return Some(t);
        }
        x += w + 1;
    }
    None
}

/// A box of at most `w`×`h` centred in `r`.
pub fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(r.width);
    let h = h.min(r.height);
    Rect::new(r.x + (r.width - w) / 2, r.y + (r.height - h) / 2, w, h)
}

/// `text` broken into lines of at most `width` columns, at spaces where it
/// can be (a word longer than a line is cut); a screen that must show all
/// of its text counts these lines to know whether it has to scroll.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            out.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    out.push(line);
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_only_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("✗ Mon 23 Nov", 6), ["✗ Mon", "23 Nov"]);
    }
}
