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
