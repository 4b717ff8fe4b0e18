//! Colours and glyphs. With `NO_COLOR` set everything is drawn in the
//! terminal's own colours; sides stay apart by their glyphs, which are the
//! same in both modes.

use ratatui::style::{Color, Modifier, Style};

use crate::balance::Status;
use crate::format::Tone;
use crate::model::Side;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty), as
    /// `crate::text::colour` decides for the whole program.
    pub fn from_env() -> Theme {
        Theme {
            color: crate::text::colour(&std::io::stdout()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn side(self, s: Side) -> Style {
        self.fg(match s {
            Side::Technical => Color::Cyan,
            Side::Management => Color::Magenta,
            Side::Other => Color::DarkGray,
        })
    }

    pub fn status(self, s: Status) -> Style {
        match s {
            Status::Balanced => self.fg(Color::Green),
            Status::NoData | Status::Off | Status::Incomplete => self.dim(),
            Status::DriftTechnical | Status::DriftManagement => {
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
        }
    }

    /// A verdict's colour (the status line and the Week header).
    pub fn tone(self, t: Tone) -> Style {
        match t {
            Tone::Good => self.fg(Color::Green),
            Tone::Quiet => self.dim(),
            Tone::DriftTechnical | Tone::Flagged => {
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
            }
        }
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn gap(self) -> Style {
        self.fg(Color::Red)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn accent(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn band(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

/// The glyph that fills a side's share of a bar.
pub fn glyph(s: Side) -> char {
    match s {
        Side::Technical => '█',
        Side::Management => '▒',
        Side::Other => '░',
    }
}

pub const GAP: char = '·';
