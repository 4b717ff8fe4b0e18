//! `reviews.toml`: the weekly reflections, one per week, keyed by the
//! week's first day.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::month::quote;
use crate::error::Problem;

pub type Reviews = BTreeMap<NaiveDate, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    review: Vec<RawReview>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    week: Spanned<Datetime>,
    text: String,
}

pub fn parse(text: &str, path: &Path) -> Result<Reviews, Vec<Problem>> {
    // Years of reflections are read by every week's report: the form keel
    // writes is read without the TOML parser (a test checks they agree).
    if let Some(all) = fast(text) {
        return Ok(all);
    }
    if let Some(at) = super::sync::markers::first(text) {
        return Err(vec![super::sync::markers::problem(path, text, at)]);
    }
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![Problem::from_toml(path, text, &e)])?;
    let mut out = Reviews::new();
    let mut problems = Vec::new();
    for r in raw.review {
        let at = r.week.span().start;
        let d = r.week.get_ref();
        match NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d") {
            Ok(week) if d.time.is_none() => {
                if out.insert(week, r.text).is_some() {
                    problems.push(Problem::at(
                        path,
                        text,
                        at,
                        format!("week {week} has two reviews; keep one"),
                    ));
                }
            }
            _ => problems.push(Problem::at(
                path,
                text,
                at,
                "`week` must be a date, like 2026-11-23",
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

const HEADER: &str = "# Weekly reflections, by the first day of the week.";

/// The canonical form [`serialize`] writes, and only that: its header,
/// blank lines, and for each week exactly `[[review]]`, `week = YYYY-MM-DD`
/// and `text = "…"` (one line, with the escapes [`quote`] writes).
/// `None` for anything else, which the TOML parser then reads (and
/// locates any problem in).
fn fast(text: &str) -> Option<Reviews> {
    let mut out = Reviews::new();
    let mut at = 0;
    // Lines by memchr: both ends sit on '\n' or the text's end.
    let mut lines = memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(|end| {
            let line = &text[at..end];
            at = end + 1;
            line
        });
    while let Some(line) = lines.next() {
        if line.is_empty() || line == HEADER {
            continue;
        }
        if line != "[[review]]" {
            return None;
        }
        let week = date(lines.next()?.strip_prefix("week = ")?)?;
        let quoted = lines.next()?.strip_prefix("text = \"")?.strip_suffix('"')?;
        if out.insert(week, unquote(quoted)?).is_some() {
            return None;
        }
    }
    Some(out)
}

/// `YYYY-MM-DD`, exactly.
fn date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// The inside of a string [`quote`] wrote; `None` for anything it would not
/// have written (a raw control character or quote, another escape). Runs of
/// plain text are copied whole.
fn unquote(s: &str) -> Option<String> {
    // Whole-text checks that compile to vector code: no raw control
    // character anywhere; then escapes (and stray quotes) found by memchr.
    let raw_control = s
        .bytes()
        .fold(false, |any, c| any | (c < 0x20) | (c == 0x7f));
    if raw_control {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr2(b'\\', b'"', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes();
        if b[i] != b'\\' {
            return None;
        }
        let (c, len) = match *b.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'n' => ('\n', 2),
            b't' => ('\t', 2),
            b'r' => ('\r', 2),
            b'u' => {
                let hex = rest.get(i + 2..i + 6)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 6)
            }
            _ => return None,
        };
        out.push(c);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    Some(out)
}

pub fn serialize(reviews: &Reviews) -> String {
    let mut out = format!("{HEADER}\n");
    for (week, text) in reviews {
        if text.trim().is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n[[review]]\nweek = {}\ntext = {}\n",
            week.format("%Y-%m-%d"),
            quote(text)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(text: &str) -> Reviews {
        // The TOML parser's reading, without the fast path.
        let raw: RawFile = toml::from_str(text).unwrap();
        raw.review
            .into_iter()
            .map(|r| {
                let d = r.week.get_ref().to_string();
                (NaiveDate::parse_from_str(&d, "%Y-%m-%d").unwrap(), r.text)
            })
            .collect()
    }

    #[test]
    fn the_fast_reader_agrees_with_toml_on_what_keel_writes() {
        let mut all = Reviews::new();
        let mut day = NaiveDate::from_ymd_opt(2016, 11, 28).unwrap();
        let mut texts: Vec<String> = (0u32..0x80)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b"))
            .collect();
        texts.extend(
            [
                "plain",
                "two\nlines\n\nand a gap",
                "quotes \" and \\ backslashes \\\"",
                "unicode: é 漢字 👍 \u{2028} \u{85}",
                "  leading and trailing  ",
                "ends with a backslash \\",
                "[[review]]\nweek = 2026-01-05\ntext = \"not a record\"",
            ]
            .map(String::from),
        );
        for t in texts {
            all.insert(day, t);
            day += chrono::Duration::weeks(1);
        }
        let text = serialize(&all);
        let fast = fast(&text).expect("keel's own form reads fast");
        assert_eq!(fast, full(&text));
        assert_eq!(parse(&text, Path::new("reviews.toml")).unwrap(), fast);
    }

    #[test]
    fn anything_else_goes_to_the_toml_parser() {
        let w = "[[review]]\nweek = 2026-11-23\n";
        for other in [
            format!("{w}text = 'literal'\n"),
            format!("{w}text = \"\"\"multi\nline\"\"\"\n"),
            "[[review]]\ntext = \"x\"\nweek = 2026-11-23\n".to_string(),
            format!("# my notes\n{w}text = \"x\"\n"),
            format!("{w}text = \"x\" # why\n"),
            format!("{w}text = \"tab\there\"\n"),
            format!("{w}text = \"\\U0001F600\"\n"),
            format!("{w}text = \"x\"\r\n"),
            format!("{w}text = \"x\"\n{w}text = \"y\"\n"),
        ] {
            assert_eq!(fast(&other), None, "{other}");
        }
        // Read all the same where TOML reads them, problems located.
        let hand = "[[review]]\ntext = 'literal'\nweek = 2026-11-23\n";
        let r = parse(hand, Path::new("reviews.toml")).unwrap();
        assert_eq!(r.values().next().unwrap(), "literal");
        let twice = format!("{w}text = \"x\"\n{w}text = \"y\"\n");
        let e = parse(&twice, Path::new("reviews.toml")).unwrap_err();
        assert!(e[0].to_string().contains("two reviews"), "{}", e[0]);
    }
}
