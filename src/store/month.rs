//! The month file `entries/YYYY-MM.toml`: parse (with every problem located
//! by line and column) and serialize (sorted, LF, canonical).

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::error::Problem;
use crate::model::{Entry, Month};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    start: Spanned<Datetime>,
    end: Spanned<Datetime>,
    activity: Spanned<String>,
    note: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    source: Option<String>,
}

/// Read an RFC 3339 instant written as a TOML offset date-time.
pub fn instant(d: &Datetime) -> Result<DateTime<FixedOffset>, String> {
    if d.date.is_none() || d.time.is_none() || d.offset.is_none() {
        return Err(format!(
            "`{d}` needs a date, a time and an offset, like 2026-11-23T09:00:00+01:00"
        ));
    }
    if d.time.and_then(|t| t.nanosecond).is_some_and(|n| n != 0) {
        return Err(format!(
            "`{d}` has fractions of a second; keel keeps whole seconds"
        ));
    }
    DateTime::parse_from_rfc3339(&d.to_string()).map_err(|e| format!("`{d}`: {e}"))
}

/// Parse a month file. `month` is the month its name says, if it has one:
/// an entry starting in another month is a problem (it would be missed).
/// Overlapping entries are read (a merge of two machines' logs can leave
/// some); [`super::sync::overlap::pairs`] finds them.
pub fn parse(text: &str, path: &Path, month: Option<Month>) -> Result<Vec<Entry>, Vec<Problem>> {
    parse_located(text, path, month).map(|es| es.into_iter().map(|(e, _)| e).collect())
}

/// [`parse`], with the byte offset of each entry's `start`, sorted.
pub fn parse_located(
    text: &str,
    path: &Path,
    month: Option<Month>,
) -> Result<Vec<(Entry, usize)>, Vec<Problem>> {
    match super::fast::parse(text) {
        Some(entries) => validate(entries, Vec::new(), text, path, month),
        None => {
            if let Some(at) = super::sync::markers::first(text) {
                return Err(vec![super::sync::markers::problem(path, text, at)]);
            }
            let (entries, problems) = parse_toml(text, path)?;
            validate(entries, problems, text, path, month)
        }
    }
}

/// The full TOML reader, for anything not in canonical form.
/// Entries read with the byte offset of their `start`, and the problems of
/// entries that could not be read.
type Read = (Vec<(Entry, usize)>, Vec<Problem>);

pub(super) fn parse_toml(text: &str, path: &Path) -> Result<Read, Vec<Problem>> {
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![Problem::from_toml(path, text, &e)])?;
    let mut problems = Vec::new();
    let mut entries: Vec<(Entry, usize)> = Vec::with_capacity(raw.entry.len());
    for r in raw.entry {
        let at = r.start.span().start;
        let start = instant(r.start.get_ref());
        let end = instant(r.end.get_ref());
        let (start, end) = match (start, end) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) => {
                problems.push(Problem::at(path, text, at, format!("start {m}")));
                continue;
            }
            (_, Err(m)) => {
                problems.push(Problem::at(
                    path,
                    text,
                    r.end.span().start,
                    format!("end {m}"),
                ));
                continue;
            }
        };
        entries.push((
            Entry {
                start,
                end,
                activity: r.activity.get_ref().clone(),
                note: r.note,
                tags: r.tags,
                source: r.source,
            },
            at,
        ));
    }
    Ok((entries, problems))
}

/// The rules every entry of a file keeps, whichever reader read it.
fn validate(
    read: Vec<(Entry, usize)>,
    mut problems: Vec<Problem>,
    text: &str,
    path: &Path,
    month: Option<Month>,
) -> Result<Vec<(Entry, usize)>, Vec<Problem>> {
    let mut entries: Vec<(Entry, usize)> = Vec::with_capacity(read.len());
    for (e, at) in read {
        let start = e.start;
        if let Err(m) = e.check_shape() {
            problems.push(Problem::at(
                path,
                text,
                at,
                format!(
                    "the entry starting {} {m}",
                    start.format("%Y-%m-%d %H:%M")
                ),
            ));
            continue;
        }
        if let Some(m) = month
            && e.month() != m
        {
            problems.push(Problem::at(
                path,
                text,
                at,
                format!(
                    "the entry starting {} belongs in {}.toml; move it there",
                    start.format("%Y-%m-%d %H:%M"),
                    e.month()
                ),
            ));
            continue;
        }
        entries.push((e, at));
    }
    entries.sort_by(|a, b| super::sync::overlap::order(&a.0, &b.0));
    if problems.is_empty() {
        Ok(entries)
    } else {
        // The file is refused anyway: name its overlaps too, in file order.
        problems.extend(super::sync::overlap::problems(path, text, &entries));
        problems.sort_by_key(|p| (p.line, p.col));
        Err(problems)
    }
}

/// A TOML basic string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn stamp(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The canonical text of a month: sorted by start, LF line endings.
pub fn serialize(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    // A total order: entries kept from both sides of a merge may share a
    // start and an end, and the text must not depend on which side was which.
    sorted.sort_by(|a, b| super::sync::overlap::order(a, b));
    let mut out = String::with_capacity(entries.len() * 130);
    for (i, e) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_entry(&mut out, e);
    }
    out
}

fn write_entry(out: &mut String, e: &Entry) {
    let _ = writeln!(
        out,
        "[[entry]]\nstart = {}\nend = {}\nactivity = {}",
        stamp(&e.start),
        stamp(&e.end),
        quote(&e.activity)
    );
    if let Some(n) = &e.note {
        let _ = writeln!(out, "note = {}", quote(n));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(out, "tags = [{}]", tags.join(", "));
    }
    if let Some(s) = &e.source {
        let _ = writeln!(out, "source = {}", quote(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Vec<Entry>, Vec<String>> {
        parse(text, Path::new("2026-11.toml"), Month::parse("2026-11"))
            .map_err(|v| v.iter().map(ToString::to_string).collect())
    }

    const ONE: &str = "[[entry]]\nstart = 2026-11-23T09:00:00+01:00\nend = 2026-11-23T10:30:00+01:00\nactivity = \"coding\"\n";

    #[test]
    fn canonical_text_round_trips() {
        let es = p(ONE).unwrap();
        assert_eq!(serialize(&es), ONE);
    }

    #[test]
    fn crlf_and_any_order_are_read() {
        let two = format!(
            "[[entry]]\r\nactivity = \"review\"\r\nend = 2026-11-23T12:00:00+01:00\r\nstart = 2026-11-23T11:00:00+01:00\r\n\r\n{}",
            ONE.replace('\n', "\r\n")
        );
        let es = p(&two).unwrap();
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].activity, "coding");
    }

    #[test]
    fn problems_are_located() {
        let bad = ONE.replace("10:30:00", "08:30:00");
        let e = p(&bad).unwrap_err();
        assert!(e[0].starts_with("2026-11.toml:2:9:"), "{e:?}");
        let e =
            p("[[entry]]\nstart = 2026-11-23T09:00:00+01:00\nend = \"soon\"\nactivity = \"x\"\n")
                .unwrap_err();
        assert!(e[0].starts_with("2026-11.toml:3:"), "{e:?}");
        let overlapping = format!(
            "{ONE}\n{}",
            ONE.replace("09:00:00", "10:00:00")
                .replace("10:30:00", "11:00:00")
        );
        // Overlaps (a merge can leave some) are read; `keel check` names them.
        assert_eq!(p(&overlapping).unwrap().len(), 2);
        let marked = format!("{ONE}<<<<<<< HEAD\n{ONE}=======\n>>>>>>> theirs\n");
        let e = p(&marked).unwrap_err();
        assert!(
            e[0].starts_with("2026-11.toml:5:1: an unfinished git merge"),
            "{e:?}"
        );
        let e = p(&ONE.replace("2026-11-23T", "2026-10-23T")).unwrap_err();
        assert!(e[0].contains("belongs in 2026-10.toml"), "{e:?}");
        let e = p(&ONE.replace("activity", "colour = 1\nactivity")).unwrap_err();
        assert!(e[0].contains("colour"), "{e:?}");
        let e = p("[[entry]]\nstart = 2026-11-23T09:00:00\nend = 2026-11-23T10:00:00+01:00\nactivity = \"x\"\n").unwrap_err();
        assert!(e[0].contains("offset"), "{e:?}");
    }

    #[test]
    fn notes_are_escaped() {
        let mut es = p(ONE).unwrap();
        es[0].note = Some("say \"hi\"\\ \u{1}\n\tünï 🚀".into());
        es[0].tags = vec!["a b".into(), "ç".into()];
        let text = serialize(&es);
        assert_eq!(p(&text).unwrap(), es);
    }

    /// What a merge leaves: entries sharing a start, overlapping ones. Both
    /// readers read them alike, the canonical order is total (the text does
    /// not depend on input order), and each pair is located for `keel check`.
    #[test]
    fn overlapping_entries_read_the_same_by_both_readers() {
        let a = p(ONE).unwrap().remove(0);
        let mut b = a.clone();
        b.start += chrono::Duration::minutes(30);
        b.end += chrono::Duration::minutes(30);
        b.activity = "review".into();
        let mut c = a.clone();
        c.note = Some("the other machine's edit".into());
        let text = serialize(&[b.clone(), c.clone(), a.clone()]);
        assert_eq!(text, serialize(&[a.clone(), b.clone(), c.clone()]));
        let fast = super::super::fast::parse(&text).expect("canonical");
        let (slow, problems) = parse_toml(&text, Path::new("x")).unwrap();
        assert!(problems.is_empty());
        assert_eq!(fast, slow);
        let read = p(&text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(serialize(&read), text);
        let path = Path::new("2026-11.toml");
        let located = parse_located(&text, path, Month::parse("2026-11")).unwrap();
        let pairs = super::super::sync::overlap::problems(path, &text, &located);
        assert_eq!(pairs.len(), 3, "{pairs:?}");
        assert!(
            pairs
                .iter()
                .all(|p| p.message.contains("keel resolve --overlap"))
        );
    }
}
