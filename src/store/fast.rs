//! A fast reader for the canonical form keel itself writes (see
//! `month::serialize`). It accepts only that exact shape — one `key = value`
//! per line, plain strings without escapes, `YYYY-MM-DDTHH:MM:SS+HH:MM`
//! stamps — and returns `None` for anything else, so the full TOML parser
//! reads every other file. Both paths feed the same validation, and a test
//! checks they agree. This is what keeps whole-history reports fast (SPEC §7).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use crate::model::Entry;

/// Entries with the byte offset of their `start` value, or `None` when the
/// text is not in canonical form.
pub fn parse(text: &str) -> Option<Vec<(Entry, usize)>> {
    if text.as_bytes().contains(&b'\r') {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 120);
    let mut cur: Option<Partial> = None;
    let mut line_start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        // Both ends sit on ASCII bytes ('\n' or the text's end): char boundaries.
        let line = &text[line_start..end];
        let this_start = line_start;
        line_start = end + 1;
        if line.is_empty() {
            continue;
        }
        if line == "[[entry]]" {
            if let Some(p) = cur.take() {
                out.push(p.finish()?);
            }
            cur = Some(Partial::default());
            continue;
        }
        let p = cur.as_mut()?;
        // `key = value`: keys never hold '=', so the first one splits.
        let eq = line.bytes().position(|b| b == b'=')?;
        let key = line[..eq].strip_suffix(' ')?;
        let value = line[eq + 1..].strip_prefix(' ')?;
        let value_at = this_start + eq + 2;
        match key {
            "start" if p.start.is_none() => p.start = Some((stamp(value)?, value_at)),
            "end" if p.end.is_none() => p.end = Some(stamp(value)?),
            "activity" if p.activity.is_none() => p.activity = Some(plain(value)?),
            "note" if p.note.is_none() => p.note = Some(plain(value)?),
            "source" if p.source.is_none() => p.source = Some(plain(value)?),
            "tags" if p.tags.is_none() => p.tags = Some(tags(value)?),
            _ => return None,
        }
    }
    if let Some(p) = cur.take() {
        out.push(p.finish()?);
    }
    Some(out)
}

#[derive(Default)]
struct Partial {
    start: Option<(DateTime<FixedOffset>, usize)>,
    end: Option<DateTime<FixedOffset>>,
    activity: Option<String>,
    note: Option<String>,
    tags: Option<Vec<String>>,
    source: Option<String>,
}

impl Partial {
    fn finish(self) -> Option<(Entry, usize)> {
        let (start, at) = self.start?;
        Some((
            Entry {
                start,
                end: self.end?,
                activity: self.activity?,
                note: self.note,
                tags: self.tags.unwrap_or_default(),
                source: self.source,
            },
            at,
        ))
    }
}

/// A basic string with nothing to unescape.
fn plain(v: &str) -> Option<String> {
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    plain_inner(inner).map(str::to_string)
}

fn plain_inner(s: &str) -> Option<&str> {
    let ok = s
        .bytes()
        .all(|b| b != b'"' && b != b'\\' && (b >= 0x20 || b == b'\t') && b != 0x7f);
    ok.then_some(s)
}

fn tags(v: &str) -> Option<Vec<String>> {
    if v == "[]" {
        return Some(Vec::new());
    }
    let inner = v.strip_prefix("[\"")?.strip_suffix("\"]")?;
    inner
        .split("\", \"")
        .map(|t| plain_inner(t).map(str::to_string))
        .collect()
}

fn num(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DDTHH:MM:SS±HH:MM`, exactly.
fn stamp(v: &str) -> Option<DateTime<FixedOffset>> {
    let b = v.as_bytes();
    if b.len() != 25
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[22] != b':'
    {
        return None;
    }
    let sign = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let (oh, om) = (num(&b[20..22])?, num(&b[23..25])?);
    if om >= 60 {
        return None;
    }
    let off = FixedOffset::east_opt(sign * (oh * 3600 + om * 60) as i32)?;
    let (h, m, s) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    // No leap seconds here: 23:59:60 goes to the full parser.
    if s >= 60 {
        return None;
    }
    let naive = date.and_hms_opt(h, m, s)?;
    off.from_local_datetime(&naive).single()
}

#[cfg(test)]
mod tests {
    //! The fast reader against the full TOML parser, over generated month
    //! files: keel's own output (any text in any field, any offset) and that
    //! output changed the way a hand or another tool might change it.

    use std::path::Path;

    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::parse;
    use crate::model::{Entry, Month};
    use crate::store::month::{parse_toml, serialize};

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9 ._:/@-]{0,12}",
            "[a-zé漢🙂 ,=#'\\[\\]\"\\\\\t\u{7f}\u{1}\u{202e}-]{0,10}",
            any::<String>(),
        ]
    }

    fn entries() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec(
            (
                0i64..36 * 3600,
                60i64..5 * 3600,
                -28i32..=28,
                "[a-z][a-z-]{0,9}",
                prop::option::of(text()),
                prop::collection::vec(text(), 0..3),
                prop::option::of(text()),
            ),
            0..12,
        )
        .prop_map(|items| {
            let mut t = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
            let mut out = Vec::new();
            for (gap, len, quarter_hours, activity, note, tags, source) in items {
                t += Duration::seconds(gap);
                let off = chrono::FixedOffset::east_opt(quarter_hours * 1800).unwrap();
                let mut e = Entry::new(
                    t.with_timezone(&off),
                    (t + Duration::seconds(len)).with_timezone(&off),
                    &activity,
                );
                e.note = note;
                e.tags = tags;
                e.source = source;
                t += Duration::seconds(len);
                out.push(e);
            }
            out.retain(|e| e.month() == Month::parse("2026-11").unwrap());
            out
        })
    }

    /// Change canonical text as a person or another tool might: `kind` 0
    /// leaves it as keel wrote it.
    fn mutate(text: &str, kind: u8, i: Index, j: Index) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.is_empty() {
            return text.to_string();
        }
        let (a, b) = (i.index(lines.len()), j.index(lines.len()));
        match kind {
            1 => lines.insert(a, "# a note by hand".into()),
            2 => return text.replace('\n', "\r\n"),
            3 => lines[a] = lines[a].replacen(" = ", "=", 1),
            4 => lines[a] = lines[a].replacen("+", "Z+", 1),
            5 => lines.swap(a, b),
            6 => {
                lines.remove(a);
            }
            7 => {
                let l = lines[a].clone();
                lines.insert(b, l);
            }
            8 => lines[a].push(' '),
            9 => lines[a] = lines[a].replacen('"', "'", 2),
            _ => {}
        }
        lines.join("\n") + "\n"
    }

    /// Whether every text field is written without escapes (keel escapes
    /// every control character, tab included).
    fn plain(es: &[Entry]) -> bool {
        let ok = |s: &str| s.chars().all(|c| c != '"' && c != '\\' && !c.is_control());
        es.iter().all(|e| {
            ok(&e.activity)
                && e.note.as_deref().is_none_or(ok)
                && e.source.as_deref().is_none_or(ok)
                && e.tags.iter().all(|t| ok(t))
        })
    }

    proptest! {
        // No regression file: the top level keeps only what the package
        // needs; a failure prints its minimal case.
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_fast_reader_agrees_with_the_full_parser(
            es in entries(),
            kind in 0u8..10,
            i in any::<Index>(),
            j in any::<Index>(),
        ) {
            let canonical = serialize(&es);
            let text = mutate(&canonical, kind, i, j);
            match parse(&text) {
                Some(fast) => {
                    let full = parse_toml(&text, Path::new("m.toml"));
                    prop_assert!(full.is_ok(), "the fast reader read what TOML refuses:\n{}", text);
                    let (slow, problems) = full.unwrap();
                    prop_assert!(problems.is_empty(), "{:?}\n{}", problems, text);
                    prop_assert_eq!(fast, slow, "text:\n{}", text);
                }
                // What keel writes takes the fast path unless a string
                // needs escapes.
                None => prop_assert!(
                    text != canonical || !plain(&es),
                    "canonical text missed the fast path:\n{}",
                    text
                ),
            }
        }
    }
}
