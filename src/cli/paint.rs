//! Colour for human output: on when stdout is a terminal and `NO_COLOR` is
//! unset or empty (`crate::text::colour` decides), plain text otherwise.

use crate::balance::Status;
use crate::format::Tone;

#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    pub fn detect() -> Paint {
        Paint {
            on: crate::text::colour(&std::io::stdout()),
        }
    }

    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    pub fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    pub fn magenta(&self, s: &str) -> String {
        self.wrap("35", s)
    }

    /// A verdict's colour, as `format` decides it.
    pub fn tone(&self, t: Tone, s: &str) -> String {
        match t {
            Tone::Good => self.green(s),
            Tone::DriftTechnical => self.cyan(s),
            Tone::Flagged => self.yellow(s),
            Tone::Quiet => self.dim(s),
        }
    }

    pub fn status(&self, st: Status, s: &str) -> String {
        match st {
            Status::Balanced => self.green(s),
            Status::DriftTechnical => self.cyan(s),
            Status::DriftManagement => self.yellow(s),
            Status::NoData | Status::Off | Status::Incomplete => self.dim(s),
        }
    }
}

/// A plain-text table: columns padded to their widest cell (by display
/// width), numbers right-aligned.
pub struct Table {
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
}

impl Table {
    pub fn new(header: &[&str], right: &[bool]) -> Table {
        Table {
            rows: vec![header.iter().map(|s| s.to_string()).collect()],
            right: right.to_vec(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Render; `style(row, col, text)` may colour a padded cell.
    pub fn render(&self, paint: &Paint, indent: &str) -> String {
        use unicode_width::UnicodeWidthStr;
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width: Vec<usize> = (0..cols)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for (i, r) in self.rows.iter().enumerate() {
            let mut line = String::from(indent);
            for (c, cell) in r.iter().enumerate() {
                let pad = " ".repeat(width[c].saturating_sub(cell.width()));
                let last = c + 1 == r.len();
                let text = if self.right.get(c).copied().unwrap_or(false) {
                    format!("{pad}{cell}")
                } else if last {
                    cell.clone()
                } else {
                    format!("{cell}{pad}")
                };
                line.push_str(&if i == 0 { paint.dim(&text) } else { text });
                if !last {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
