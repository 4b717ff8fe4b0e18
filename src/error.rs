//! The one error type of the library. Its kind decides the exit code; its
//! message says what was wrong and, where we can tell, how to fix it.

use std::fmt;
use std::path::Path;

/// What went wrong, in the terms of the exit codes of SPEC §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad arguments, unknown activity, overlap, invalid config or data file: exit 2.
    Invalid,
    /// An operation failed (I/O, lock timeout): exit 1.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Invalid,
            message: message.into(),
        }
    }

    pub fn failed(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Failed,
            message: message.into(),
        }
    }

    /// An I/O failure on a named file.
    pub fn io(path: &Path, what: &str, err: &std::io::Error) -> Self {
        Error::failed(format!("{}: could not {what}: {err}", path.display()))
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Invalid => 2,
            Kind::Failed => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Line and column (both 1-based) of a byte offset in a text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// One thing wrong in a file, located for the person who will fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: std::path::PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Problem {
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Problem {
        let (line, col) = line_col(text, offset);
        Problem {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }
}

impl Problem {
    /// A TOML syntax or type error, located where the parser stopped.
    pub fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> Problem {
        let at = e.span().map_or(0, |s| s.start);
        Problem::at(path, text, at, e.message().trim().replace('\n', " "))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

impl From<Vec<Problem>> for Error {
    fn from(problems: Vec<Problem>) -> Error {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Error::invalid(lines.join("\n"))
    }
}
