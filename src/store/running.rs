//! `running.toml`: the running timer, present only while one runs.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::month::{instant, quote, stamp};
use crate::error::Problem;
use crate::model::Running;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    activity: String,
    start: Spanned<Datetime>,
    note: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

pub fn parse(text: &str, path: &Path) -> Result<Running, Vec<Problem>> {
    let raw: Raw = toml::from_str(text).map_err(|e| vec![Problem::from_toml(path, text, &e)])?;
    let start = instant(raw.start.get_ref()).map_err(|m| {
        vec![Problem::at(
            path,
            text,
            raw.start.span().start,
            format!("start {m}"),
        )]
    })?;
    Ok(Running {
        start,
        activity: raw.activity,
        note: raw.note,
        tags: raw.tags,
    })
}

pub fn serialize(r: &Running) -> String {
    let mut out = format!(
        "# The running timer. `keel stop` ends it.\nactivity = {}\nstart = {}\n",
        quote(&r.activity),
        stamp(&r.start)
    );
    if let Some(n) = &r.note {
        let _ = writeln!(out, "note = {}", quote(n));
    }
    if !r.tags.is_empty() {
        let tags: Vec<String> = r.tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(out, "tags = [{}]", tags.join(", "));
    }
    out
}
