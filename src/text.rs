//! How user-supplied text (notes, tags, activity names, calendar titles,
//! paths) is shown on a terminal: one function for both faces, so a note
//! reads the same in `keel entries`, an error message and the TUI.
//!
//! Control characters are never printed raw — an escape sequence in a
//! calendar invitation must not retitle or clear the user's terminal. They
//! are shown escaped instead: `\e` for ESC, `\n`, `\r`, `\t`, and `\u{7}`
//! style for the rest (C0, DEL, C1, and the bidirectional overrides that can
//! make text read backwards). JSON and CSV output stay exact: they do not
//! come through here.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        // Bidirectional embeddings, overrides and isolates (Trojan Source).
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

fn clean_with(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) && !keep(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for one line or one table cell: every control character escaped,
/// a newline included (it shows as `\n`).
pub fn clean(s: &str) -> Cow<'_, str> {
    clean_with(s, |_| false)
}

/// Text that is multi-line on its own (a reflection, an error message of
/// several lines): newlines stay, everything else is escaped as by [`clean`].
pub fn clean_multiline(s: &str) -> Cow<'_, str> {
    clean_with(s, |c| c == '\n')
}

/// Whether output to `stream` may be coloured: it is a terminal and
/// `NO_COLOR` is not set to a non-empty value (<https://no-color.org>: an
/// empty `NO_COLOR` is as if it were unset). The one place both faces ask.
pub fn colour(stream: &impl std::io::IsTerminal) -> bool {
    !no_colour(std::env::var_os("NO_COLOR").as_deref()) && stream.is_terminal()
}

/// `NO_COLOR`'s meaning: set and not empty.
fn no_colour(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_empty_means_unset() {
        use std::ffi::OsStr;
        assert!(!no_colour(None));
        assert!(!no_colour(Some(OsStr::new(""))));
        assert!(no_colour(Some(OsStr::new("1"))));
        assert!(no_colour(Some(OsStr::new("0"))));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(clean("retry logic for payouts"), Cow::Borrowed(_)));
        assert!(matches!(clean("naïve 日本 — ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(
            clean("\u{1b}]0;PWNED\u{7}\u{1b}[2J"),
            "\\e]0;PWNED\\u{7}\\e[2J"
        );
        assert_eq!(clean("a\nb\tc\rd"), "a\\nb\\tc\\rd");
        assert_eq!(clean("\u{7f}\u{9b}"), "\\u{7f}\\u{9b}");
        assert_eq!(clean("abc\u{202e}def"), "abc\\u{202e}def");
    }

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(clean_multiline("one\ntwo\u{1b}[2J"), "one\ntwo\\e[2J");
        assert_eq!(clean_multiline("a\r\nb"), "a\\r\nb");
    }
}
