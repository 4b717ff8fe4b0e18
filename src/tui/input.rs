//! A one-line text field: the text and a cursor (in chars).

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

    pub fn apply(&mut self, e: Edit) {
        let len = self.text.chars().count();
        match e {
            Edit::Char(c) => {
                let b = self.byte(self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
            }
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
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
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
}
