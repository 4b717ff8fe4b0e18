//! A text field: the text and a cursor (in chars). Most fields hold one
//! line; the reflection holds several (Enter inserts a newline there), so
//! Home, End, ↑ and ↓ work on the cursor's line.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    pub cursor: usize,
}

/// An edit to a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: clear the line.
    Clear,
    /// A line break (multi-line fields only).
    Newline,
    /// To the line above / below, at the same column where it has one.
    Up,
    Down,
}

impl Input {
    pub fn new(text: impl Into<String>) -> Input {
        let text = text.into();
        let cursor = text.chars().count();
        Input { text, cursor }
    }

    fn byte(&self, ci: usize) -> usize {
        self.text
            .char_indices()
            .nth(ci)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// The first and one-past-last char of the line holding char `at`.
    fn line_of(&self, at: usize) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let at = at.min(chars.len());
        let start = chars[..at]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        let end = chars[at..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |i| at + i);
        (start, end)
    }

    pub fn apply(&mut self, e: Edit) {
        let len = self.text.chars().count();
        let (start, end) = self.line_of(self.cursor);
        let column = self.cursor - start;
        match e {
            Edit::Char(c) => {
                let b = self.byte(self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
            }
            Edit::Newline => self.apply(Edit::Char('\n')),
            Edit::Up if start > 0 => {
                let (s, e) = self.line_of(start - 1);
                self.cursor = s + column.min(e - s);
            }
            Edit::Down if end < len => {
                let (s, e) = self.line_of(end + 1);
                self.cursor = s + column.min(e - s);
            }
            Edit::Up => self.cursor = 0,
            Edit::Down => self.cursor = len,
            Edit::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let b = self.byte(self.cursor);
                self.text.remove(b);
            }
            Edit::Delete if self.cursor < len => {
                let b = self.byte(self.cursor);
                self.text.remove(b);
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = start,
            Edit::End => self.cursor = end,
            Edit::Clear => *self = Input::default(),
            Edit::Backspace | Edit::Delete => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_work_on_chars_not_bytes() {
        let mut i = Input::new("né");
        i.apply(Edit::Left);
        i.apply(Edit::Char('x'));
        assert_eq!(i.text, "nxé");
        i.apply(Edit::End);
        i.apply(Edit::Backspace);
        assert_eq!(i.text, "nx");
        i.apply(Edit::Home);
        i.apply(Edit::Delete);
        assert_eq!((i.text.as_str(), i.cursor), ("x", 0));
        i.apply(Edit::Clear);
        assert_eq!(i, Input::default());
    }

    #[test]
    fn lines_are_edited_and_walked_by_column() {
        let mut i = Input::default();
        for c in "first".chars() {
            i.apply(Edit::Char(c));
        }
        i.apply(Edit::Newline);
        for c in "é2".chars() {
            i.apply(Edit::Char(c));
        }
        i.apply(Edit::Newline);
        for c in "third line".chars() {
            i.apply(Edit::Char(c));
        }
        assert_eq!(i.text, "first\né2\nthird line");
        // From column 10 of the third line up to the end of the short one.
        i.apply(Edit::Up);
        assert_eq!(i.cursor, 8);
        i.apply(Edit::Up);
        assert_eq!(i.cursor, 2, "column 2 of the first line");
        i.apply(Edit::Up);
        assert_eq!(i.cursor, 0, "above the first line: its start");
        i.apply(Edit::Down);
        assert_eq!(i.cursor, 6);
        i.apply(Edit::End);
        assert_eq!(i.cursor, 8, "End: the end of this line only");
        i.apply(Edit::Down);
        assert_eq!(i.cursor, 11);
        i.apply(Edit::Home);
        assert_eq!(i.cursor, 9, "Home: the start of this line only");
        i.apply(Edit::Down);
        assert_eq!(i.cursor, 19, "below the last line: its end");
        i.apply(Edit::Home);
        i.apply(Edit::Backspace);
        assert_eq!(i.text, "first\né2third line");
    }
}
