//! keel's own export (JSON and CSV, both ways: what `keel export` writes is
//! read back losslessly), and CSV from a spreadsheet whose header names its
//! columns.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Candidate, Naming, Parsed, text};
use crate::model::off::Off;
use crate::model::{Entry, Zone, parse as mparse};
use crate::{Error, Result};

/// The CSV header `keel export` writes.
pub const CSV_HEADER: [&str; 7] = ["start", "end", "activity", "side", "note", "tags", "source"];

/// One entry as exported: every field, times in RFC 3339 with their offset.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: String,
    pub end: String,
    pub activity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl Row {
    pub fn of(e: &Entry, side: &str) -> Row {
        Row {
            start: crate::store::month::stamp(&e.start),
            end: crate::store::month::stamp(&e.end),
            activity: e.activity.clone(),
            side: Some(side.to_string()),
            note: e.note.clone(),
            tags: e.tags.clone(),
            source: e.source.clone(),
        }
    }
}

/// One record of days off as exported: `from` and `to` (both included) as
/// `YYYY-MM-DD`, with its note and source.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OffRow {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl OffRow {
    pub fn of(o: &Off) -> OffRow {
        OffRow {
            from: o.from.to_string(),
            to: o.to.to_string(),
            note: o.note.clone(),
            source: o.source.clone(),
        }
    }

    fn read(self) -> std::result::Result<Off, String> {
        let day = |k: &str, s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| format!("`{k}` = \"{s}\" is not a date like 2026-12-24"))
        };
        let (from, to) = (day("from", &self.from)?, day("to", &self.to)?);
        if to < from {
            return Err(format!("`to` {to} is before `from` {from}"));
        }
        Ok(Off {
            from,
            to,
            note: self.note.filter(|n| !n.trim().is_empty()),
            source: self.source,
        })
    }
}

/// One week's reflection as exported: the week's first day as
/// `YYYY-MM-DD`, and the text exactly as written.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReflectionRow {
    pub week: String,
    pub text: String,
}

impl ReflectionRow {
    fn read(self) -> std::result::Result<(NaiveDate, String), String> {
        let week = NaiveDate::parse_from_str(&self.week, "%Y-%m-%d").map_err(|_| {
            format!(
                "`week` = \"{}\" is not a date like 2026-11-23",
                self.week
            )
        })?;
        Ok((week, self.text))
    }
}

/// The JSON export: `{"entries": [...], "days_off": [...], "reflections":
/// [...]}`. The import also reads exports without days off or reflections,
/// and the plain array of entries that keel wrote before.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Export {
    #[serde(default)]
    pub entries: Vec<Row>,
    #[serde(default)]
    pub days_off: Vec<OffRow>,
    #[serde(default)]
    pub reflections: Vec<ReflectionRow>,
    /// The sources of imported items thrown away (`dismissed.toml`), so
    /// that a restored backup does not bring them back either.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AnyExport {
    Entries(Vec<Row>),
    Both(Export),
}

/// Entries, days off and reflections as keel's JSON export.
pub fn to_json(
    rows: &[Row],
    days_off: &[Off],
    reflections: &[(NaiveDate, String)],
    dismissed: &[String],
) -> String {
    let e = Export {
        dismissed: dismissed.to_vec(),
        entries: rows.to_vec(),
        days_off: days_off.iter().map(OffRow::of).collect(),
        reflections: reflections
            .iter()
            .map(|(w, t)| ReflectionRow {
                week: w.to_string(),
                text: t.clone(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&e).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Entries as RFC 4180 CSV with a header row; tags joined by `;` (a `;` or
/// `\` inside a tag is escaped with `\`).
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    for r in rows {
        let tags = r
            .tags
            .iter()
            .map(|t| t.replace('\\', "\\\\").replace(';', "\\;"))
            .collect::<Vec<_>>()
            .join(";");
        let _ = w.write_record([
            r.start.as_str(),
            r.end.as_str(),
            r.activity.as_str(),
            r.side.as_deref().unwrap_or(""),
            r.note.as_deref().unwrap_or(""),
            tags.as_str(),
            r.source.as_deref().unwrap_or(""),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn split_tags(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cur.extend(chars.next()),
            ';' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    // Tags as they were written: spaces inside a tag are part of it.
    out.retain(|t| !t.is_empty());
    out
}

fn instant(s: &str, zone: &Zone) -> std::result::Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return mparse::wall(n, zone);
        }
    }
    Err(format!(
        "`{s}` is not a time (RFC 3339, or YYYY-MM-DD HH:MM in your zone)"
    ))
}

fn candidate(r: Row, zone: &Zone) -> std::result::Result<Candidate, String> {
    let start = instant(&r.start, zone).map_err(|m| format!("start {m}"))?;
    let end = instant(&r.end, zone).map_err(|m| format!("end {m}"))?;
    let mut c = Candidate::new(start, end, Naming::Activity(r.activity.trim().to_string()));
    c.note = r.note.filter(|n| !n.is_empty());
    c.tags = r.tags;
    c.source = r.source.filter(|s| !s.is_empty());
    Ok(c)
}

/// keel's JSON export (and `keel entries --format json`).
pub fn parse_json(bytes: &[u8], zone: &Zone) -> Result<Parsed> {
    let t = text(bytes, "JSON")?;
    let all: AnyExport = serde_json::from_str(&t).map_err(|e| {
        Error::invalid(format!(
            "not keel's JSON export ({{\"entries\": [{{start, end, activity, note, tags, source}}], \"days_off\": [{{from, to, note, source}}], \"reflections\": [{{week, text}}]}}, or an array of entries): {e}"
        ))
    })?;
    let (rows, offs, reflections, dismissed) = match all {
        AnyExport::Entries(rows) => (rows, Vec::new(), Vec::new(), Vec::new()),
        AnyExport::Both(e) => (e.entries, e.days_off, e.reflections, e.dismissed),
    };
    let mut p = Parsed {
        dismissed,
        keels_own: true,
        ..Parsed::default()
    };
    let mut errors = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        match candidate(r, zone) {
            Ok(c) => p.candidates.push(c),
            Err(m) => errors.push(format!("entry {}: {m}", i + 1)),
        }
    }
    for (i, o) in offs.into_iter().enumerate() {
        match o.read() {
            Ok(o) => p.days_off.push(o),
            Err(m) => errors.push(format!("days_off item {}: {m}", i + 1)),
        }
    }
    for (i, r) in reflections.into_iter().enumerate() {
        match r.read() {
            Ok(r) => p.reflections.push(r),
            Err(m) => errors.push(format!("reflections item {}: {m}", i + 1)),
        }
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(Error::invalid(errors.join("\n")))
    }
}

/// Column positions found in a CSV header.
struct Columns {
    start: usize,
    end: Option<usize>,
    date: Option<usize>,
    duration: Option<usize>,
    activity: usize,
    note: Option<usize>,
    tags: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let pos = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
        let start = pos(&["start", "from", "begin", "start time"]);
        let activity = pos(&["activity", "category", "kind"]);
        let (Some(start), Some(activity)) = (start, activity) else {
            return Err(Error::invalid(format!(
                "the CSV header ({}) needs a `start` and an `activity` column, and an `end` or `duration` one",
                names.join(", ")
            )));
        };
        let end = pos(&["end", "to", "stop", "end time"]);
        let duration = pos(&["duration", "hours"]);
        if end.is_none() && duration.is_none() {
            return Err(Error::invalid(
                "the CSV header needs an `end` or a `duration` column",
            ));
        }
        Ok(Columns {
            start,
            end,
            date: pos(&["date", "day"]),
            duration,
            activity,
            note: pos(&["note", "notes", "description", "comment"]),
            tags: pos(&["tags", "tag"]),
            source: pos(&["source", "id"]),
        })
    }
}

/// keel's CSV export, or a spreadsheet's: columns are found by their header
/// names; a `date` column lets `start`/`end` be plain `HH:MM` (an end before
/// the start is the next day); `duration` (`1h30m`, `1.5`) may replace `end`.
pub fn parse_csv(bytes: &[u8], zone: &Zone) -> Result<Parsed> {
    let t = text(bytes, "CSV")?;
    // Nothing is trimmed: a note or tag keeps its spaces and newlines (the
    // fields that are times, days or names are trimmed where they are read).
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(t.as_bytes());
    let header = rd
        .headers()
        .map_err(|e| Error::invalid(format!("the CSV has no readable header: {e}")))?
        .clone();
    let cols = Columns::find(&header)?;
    // keel's own export, not a spreadsheet's: exactly the header it writes.
    let keels_own = header.iter().map(str::trim).eq(CSV_HEADER);
    let mut p = Parsed {
        keels_own,
        ..Parsed::default()
    };
    let mut errors = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match csv_row(&rec, &cols, zone) {
            Ok(c) => p.candidates.push(c),
            Err(m) => errors.push(format!("line {line}: {m}")),
        }
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(Error::invalid(errors.join("\n")))
    }
}

fn csv_row(
    rec: &csv::StringRecord,
    c: &Columns,
    zone: &Zone,
) -> std::result::Result<Candidate, String> {
    let exact = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("");
    let get = |i: Option<usize>| exact(i).trim();
    let day = match get(c.date) {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("date `{d}` is not YYYY-MM-DD"))?,
        ),
    };
    let at = |s: &str, day: Option<NaiveDate>| match (mparse::clock(s), day) {
        (Some(t), Some(d)) => mparse::wall(d.and_time(t), zone),
        _ => instant(s, zone),
    };
    let start = at(get(Some(c.start)), day).map_err(|m| format!("start: {m}"))?;
    let end = match get(c.end) {
        "" => {
            let d = get(c.duration);
            let dur = match d.parse::<f64>() {
                Ok(h) if h.is_finite() && h > 0.0 && h < 1000.0 => {
                    chrono::Duration::seconds((h * 3600.0).round() as i64)
                }
                _ => mparse::duration(d).map_err(|m| format!("duration `{d}`: {m}"))?,
            };
            // The sheet gives no offset for the end: the zone's at that
            // instant, so an end across a DST change shows its own.
            zone.localize((start + dur).to_utc())
        }
        e => {
            let mut end =
                at(e, day.or(Some(start.date_naive()))).map_err(|m| format!("end: {m}"))?;
            if end <= start && mparse::clock(e).is_some() {
                end = at(e, start.date_naive().succ_opt()).map_err(|m| format!("end: {m}"))?;
            }
            end
        }
    };
    let activity = get(Some(c.activity));
    if activity.is_empty() {
        return Err("no activity".into());
    }
    let row = Row {
        start: crate::store::month::stamp(&start),
        end: crate::store::month::stamp(&end),
        activity: activity.to_string(),
        side: None,
        note: Some(exact(c.note).to_string()),
        tags: split_tags(exact(c.tags)),
        source: Some(exact(c.source).to_string()),
    };
    candidate(row, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn csv_export_reads_back_with_quotes_and_tags() {
        let r = Row {
            start: "2026-11-23T09:00:00+01:00".into(),
            end: "2026-11-23T10:30:00+01:00".into(),
            activity: "coding".into(),
            side: Some("technical".into()),
            note: Some("say \"hi\", then\nleave".into()),
            tags: vec!["a;b".into(), "c\\d".into(), "e".into()],
            source: Some("ics:x@y".into()),
        };
        let csv = to_csv(std::slice::from_ref(&r));
        assert!(csv.starts_with("start,end,activity,side,note,tags,source\r\n"));
        let p = parse_csv(csv.as_bytes(), &z()).unwrap();
        let c = &p.candidates[0];
        assert_eq!(c.note.as_deref(), r.note.as_deref());
        assert_eq!(c.tags, r.tags);
        assert_eq!(c.source.as_deref(), Some("ics:x@y"));
        assert_eq!(c.start.to_rfc3339(), "2026-11-23T09:00:00+01:00");
    }

    #[test]
    fn a_spreadsheet_with_date_and_clock_columns() {
        let csv = "Date,Start,End,Activity,Notes\n2026-11-23,23:00,01:00,oncall,pager\n2026-11-24,09:00,,coding,\n";
        assert!(
            parse_csv(csv.as_bytes(), &z()).is_err(),
            "a row without end or duration"
        );
        let csv = "Date,Start,Duration,Activity\n2026-11-23,09:00,1.5,coding\n2026-11-23,11:00,45m,review\n";
        let p = parse_csv(csv.as_bytes(), &z()).unwrap();
        assert_eq!(
            p.candidates[0].end.to_rfc3339(),
            "2026-11-23T10:30:00+01:00"
        );
        assert_eq!(
            p.candidates[1].end.to_rfc3339(),
            "2026-11-23T11:45:00+01:00"
        );
        let csv = "date,start,end,activity\n2026-11-23,23:00,01:00,oncall\n";
        let p = parse_csv(csv.as_bytes(), &z()).unwrap();
        assert_eq!(
            p.candidates[0].end.to_rfc3339(),
            "2026-11-24T01:00:00+01:00"
        );
    }

    #[test]
    fn notes_and_tags_keep_their_spaces_and_newlines() {
        let r = Row {
            start: "2026-11-23T09:00:00+01:00".into(),
            end: "2026-11-23T10:30:00+01:00".into(),
            activity: "coding".into(),
            side: Some("technical".into()),
            note: Some("  indented\nsecond line \n".into()),
            tags: vec![" lead".into(), "trail ".into(), "in side".into()],
            source: None,
        };
        let csv = to_csv(std::slice::from_ref(&r));
        let c = &parse_csv(csv.as_bytes(), &z()).unwrap().candidates[0];
        assert_eq!(c.note.as_deref(), r.note.as_deref());
        assert_eq!(c.tags, r.tags);
    }

    #[test]
    fn a_duration_across_a_dst_change_ends_in_its_own_offset() {
        // 01:30 CEST + 2h is 02:30 CET: the clocks went back at 03:00.
        let csv = "date,start,duration,activity\n2026-10-25,01:30,2h,oncall\n";
        let c = &parse_csv(csv.as_bytes(), &z()).unwrap().candidates[0];
        assert_eq!(c.start.to_rfc3339(), "2026-10-25T01:30:00+02:00");
        assert_eq!(c.end.to_rfc3339(), "2026-10-25T02:30:00+01:00");
        // And the spring change: 01:30 CET + 2h is 04:30 CEST.
        let csv = "date,start,duration,activity\n2026-03-29,01:30,2h,oncall\n";
        let c = &parse_csv(csv.as_bytes(), &z()).unwrap().candidates[0];
        assert_eq!(c.end.to_rfc3339(), "2026-03-29T04:30:00+02:00");
    }

    #[test]
    fn a_header_without_needed_columns_is_refused() {
        let e = parse_csv(b"when,what\n1,2\n", &z()).unwrap_err();
        assert!(e.message.contains("`start`"), "{}", e.message);
    }
}
