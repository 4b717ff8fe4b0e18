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

pub fn serialize(reviews: &Reviews) -> String {
    let mut out = String::from("# Weekly reflections, by the first day of the week.\n");
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
