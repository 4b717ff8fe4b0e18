//! `time_off.toml`: the days off, as `[[off]]` records with `from`, `to`
//! (both included), an optional `note` and `source`.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::month::quote;
use crate::error::Problem;
use crate::model::off::{self, Off};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    off: Vec<RawOff>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOff {
    from: Spanned<Datetime>,
    to: Option<Spanned<Datetime>>,
    note: Option<String>,
    source: Option<String>,
}

fn date(d: &Spanned<Datetime>, path: &Path, text: &str, key: &str) -> Result<NaiveDate, Problem> {
    let v = d.get_ref();
    match NaiveDate::parse_from_str(&v.to_string(), "%Y-%m-%d") {
        Ok(day) if v.time.is_none() && v.offset.is_none() => Ok(day),
        _ => Err(Problem::at(
            path,
            text,
            d.span().start,
            format!("`{key}` must be a date, like 2026-12-24"),
        )),
    }
}

pub fn parse(text: &str, path: &Path) -> Result<Vec<Off>, Vec<Problem>> {
    if let Some(at) = super::sync::markers::first(text) {
        return Err(vec![super::sync::markers::problem(path, text, at)]);
    }
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![Problem::from_toml(path, text, &e)])?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for r in raw.off {
        let from = date(&r.from, path, text, "from");
        let to = match &r.to {
            Some(t) => date(t, path, text, "to").map(Some),
            None => Ok(None),
        };
        match (from, to) {
            (Ok(from), Ok(to)) => {
                let to = to.unwrap_or(from);
                if to < from {
                    problems.push(Problem::at(
                        path,
                        text,
                        r.to.as_ref().map_or(0, |t| t.span().start),
                        format!("`to` ({to}) is before `from` ({from}); swap them"),
                    ));
                    continue;
                }
                out.push(Off {
                    from,
                    to,
                    note: r.note,
                    source: r.source,
                });
            }
            (a, b) => problems.extend(a.err().into_iter().chain(b.err())),
        }
    }
    if problems.is_empty() {
        off::sort(&mut out);
        Ok(out)
    } else {
        Err(problems)
    }
}

pub fn serialize(records: &[Off]) -> String {
    let mut out = String::from(
        "# Days off: whole days that do not count (`keel off` adds and removes them).\n",
    );
    for r in records {
        let _ = write!(
            out,
            "\n[[off]]\nfrom = {}\nto = {}\n",
            r.from.format("%Y-%m-%d"),
            r.to.format("%Y-%m-%d")
        );
        if let Some(n) = &r.note {
            let _ = writeln!(out, "note = {}", quote(n));
        }
        if let Some(s) = &r.source {
            let _ = writeln!(out, "source = {}", quote(s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_located_problems() {
        let text = "[[off]]\nfrom = 2026-12-24\nto = 2026-12-26\nnote = \"holidays \\\"x\\\"\"\n\n[[off]]\nfrom = 2026-08-03\n";
        let rs = parse(text, Path::new("time_off.toml")).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].from.to_string(), "2026-08-03");
        assert_eq!(rs[0].to, rs[0].from);
        let again = parse(&serialize(&rs), Path::new("t")).unwrap();
        assert_eq!(again, rs);

        let bad =
            "[[off]]\nfrom = 2026-12-24\nto = 2026-12-20\n\n[[off]]\nfrom = 2026-12-24T10:00:00\n";
        let ps = parse(bad, Path::new("time_off.toml")).unwrap_err();
        assert_eq!(ps.len(), 2, "{ps:?}");
        assert_eq!((ps[0].line, ps[1].line), (3, 6), "{ps:?}");
    }
}
