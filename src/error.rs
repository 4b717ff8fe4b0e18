//! The one error type of the library. An error keeps what caused it — the
//! `io::ErrorKind` of a failed read or write, the located [`Problem`]s of a
//! file that does not parse — beside the sentence a person reads, so that
//! the exit code, a broken pipe and a short form for the TUI are decided
//! from the value, never by reading the message back.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::text;

/// What went wrong, in the terms of the exit codes of SPEC §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad arguments, unknown activity, overlap, invalid config or data file: exit 2.
    Invalid,
    /// An operation failed (I/O, lock timeout): exit 1.
    Failed,
}

/// An error: its kind, the sentence shown, and its source.
///
/// `message` is the whole text a person reads (for an error made of
/// problems, one located problem a line). Add to it with [`Error::context`]
/// and [`Error::hint`] rather than by editing it, so the source stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    source: Source,
}

/// What caused an error, kept for the code that decides what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// Nothing below keel's own judgement (an overlap, a bad argument).
    Keel,
    /// A failed read or write, by kind.
    Io(io::ErrorKind),
    /// Located problems in a file the user can fix.
    Problems(Vec<Problem>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Invalid input: exit 2.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Invalid,
            message: message.into(),
            source: Source::Keel,
        }
    }

    /// A failed operation: exit 1.
    pub fn failed(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Failed,
            message: message.into(),
            source: Source::Keel,
        }
    }

    /// An I/O failure on a named file.
    pub fn io(path: &Path, what: &str, err: &io::Error) -> Self {
        Error {
            kind: Kind::Failed,
            message: format!(
                "{}: could not {what}: {err}",
                text::clean(&path.display().to_string())
            ),
            source: Source::Io(err.kind()),
        }
    }

    /// An I/O failure writing keel's own output (stdout).
    pub fn output(err: &io::Error) -> Self {
        Error {
            kind: Kind::Failed,
            message: format!("could not write the output: {err}"),
            source: Source::Io(err.kind()),
        }
    }

    /// A JSON serialisation failure; an I/O failure beneath it keeps its kind.
    pub fn json(err: &serde_json::Error) -> Self {
        match err.io_error_kind() {
            Some(kind) => Error::output(&io::Error::new(kind, err.to_string())),
            None => Error::failed(format!("could not write JSON: {err}")),
        }
    }

    /// Located problems in one or more files, one a line: exit 2.
    pub fn problems(problems: Vec<Problem>) -> Self {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Error {
            kind: Kind::Invalid,
            message: lines.join("\n"),
            source: Source::Problems(problems),
        }
    }

    /// The same error with `what` said first: "`what`: message".
    #[must_use]
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    /// The same error with a line of advice after it.
    #[must_use]
    pub fn hint(mut self, advice: impl fmt::Display) -> Self {
        self.message = format!("{}\n{advice}", self.message);
        self
    }

    /// The kind of the I/O failure behind this error, if it is one.
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self.source {
            Source::Io(k) => Some(k),
            _ => None,
        }
    }

    /// A reader went away (`keel entries | head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.io_kind() == Some(io::ErrorKind::BrokenPipe)
    }

    /// The located problems behind this error (empty when it has none).
    pub fn located(&self) -> &[Problem] {
        match &self.source {
            Source::Problems(ps) => ps,
            _ => &[],
        }
    }

    /// The error in a few words, for a place with one short line (the
    /// TUI's inline check): the first problem without its location, or the
    /// first line of the message.
    pub fn headline(&self) -> String {
        match self.located().first() {
            Some(p) => p.message.clone(),
            None => self.message.lines().next().unwrap_or("").to_string(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Invalid => 2,
            Kind::Failed => 1,
        }
    }
}

/// Safe for a terminal: control characters in the message (which may echo
/// user input) are shown escaped; its own line breaks stay.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text::clean_multiline(&self.message))
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
    pub path: PathBuf,
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

    /// A TOML syntax or type error, located where the parser stopped.
    pub fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> Problem {
        let at = e.span().map_or(0, |s| s.start);
        Problem::at(path, text, at, e.message().trim().replace('\n', " "))
    }

    /// Bytes that are not UTF-8, located by line, column and byte offset.
    pub fn not_utf8(path: &Path, bytes: &[u8], e: &std::str::Utf8Error) -> Problem {
        let at = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, col) = line_col(valid, at);
        Problem {
            path: path.to_path_buf(),
            line,
            col,
            message: format!(
                "byte {at} (0x{:02x}) is not UTF-8: save the file as UTF-8",
                bytes[at]
            ),
        }
    }
}

/// One line, safe for a terminal: the path and the message may hold text
/// from the file, so control characters are shown escaped.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            text::clean(&self.path.display().to_string()),
            self.line,
            self.col,
            text::clean(&self.message)
        )
    }
}

impl From<Vec<Problem>> for Error {
    fn from(problems: Vec<Problem>) -> Error {
        Error::problems(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_known_by_kind_not_by_text() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(Error::output(&pipe).is_broken_pipe());
        assert!(Error::io(Path::new("x"), "write", &pipe).is_broken_pipe());
        // A message that merely says so is not one.
        assert!(!Error::invalid("unknown activity `Broken pipe`").is_broken_pipe());
        assert!(!Error::failed("Broken pipe").is_broken_pipe());
    }

    #[test]
    fn problems_are_kept_and_located() {
        let p = Problem::at(Path::new("c.toml"), "a = 1\nb = x\n", 10, "bad `b`");
        let e = Error::from(vec![p.clone()]).hint("Fix it.");
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.located(), &[p]);
        assert_eq!(e.headline(), "bad `b`");
        assert_eq!(e.to_string(), "c.toml:2:5: bad `b`\nFix it.");
    }

    #[test]
    fn context_and_hint_keep_the_source() {
        let e = Error::io(
            Path::new("m.toml"),
            "read",
            &io::Error::from(io::ErrorKind::PermissionDenied),
        )
        .context("importing")
        .hint("check its permissions");
        assert_eq!(e.io_kind(), Some(io::ErrorKind::PermissionDenied));
        assert_eq!(e.exit_code(), 1);
        assert!(
            e.to_string()
                .starts_with("importing: m.toml: could not read")
        );
        assert!(e.to_string().ends_with("\ncheck its permissions"));
    }

    #[test]
    fn display_escapes_control_characters() {
        let e = Error::invalid("unknown activity `\u{1b}]0;PWNED\u{7}`\nsecond line");
        assert_eq!(
            e.to_string(),
            "unknown activity `\\e]0;PWNED\\u{7}`\nsecond line"
        );
        let p = Problem::at(Path::new("a\u{1b}.toml"), "", 0, "x\ny\u{7}");
        assert_eq!(p.to_string(), "a\\e.toml:1:1: x\\ny\\u{7}");
    }

    #[test]
    fn not_utf8_names_line_and_byte() {
        let bytes = b"week_start = \"monday\"\nname = \"caf\xe9\"\n".to_vec();
        let e = String::from_utf8(bytes).unwrap_err();
        let p = Problem::not_utf8(Path::new("c.toml"), e.as_bytes(), &e.utf8_error());
        assert_eq!((p.line, p.col), (2, 12));
        assert!(p.message.contains("byte 33 (0xe9)"), "{}", p.message);
    }
}
