//! Timewarrior's `timew export` JSON: intervals with UTC starts like
//! `20261123T080000Z`, tags and an optional annotation. The activity comes
//! from the tags (see [`super::plan::resolve`]).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

use super::{Candidate, Naming, Parsed, Skipped, text};
use crate::model::Zone;
use crate::{Error, Result};

#[derive(Deserialize)]
struct Interval {
    start: String,
    end: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    annotation: Option<String>,
}

fn stamp(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|n| n.and_utc())
}

pub fn parse(bytes: &[u8], zone: &Zone) -> Result<Parsed> {
    let t = text(bytes, "Timewarrior")?;
    let items: Vec<Interval> = serde_json::from_str(&t).map_err(|e| {
        Error::invalid(format!(
            "not the JSON of `timew export` (an array of {{start, end, tags}}): {e}"
        ))
    })?;
    let mut p = Parsed::default();
    let mut errors = Vec::new();
    for (i, it) in items.into_iter().enumerate() {
        let Some(start) = stamp(&it.start) else {
            errors.push(format!(
                "interval {}: start `{}` is not YYYYMMDDTHHMMSSZ",
                i + 1,
                it.start
            ));
            continue;
        };
        let Some(end) = it.end.as_deref() else {
            p.skipped.push(Skipped {
                what: format!(
                    "interval started {}",
                    zone.localize(start).format("%Y-%m-%d %H:%M")
                ),
                why: "still open in Timewarrior (stop it there first)".into(),
            });
            continue;
        };
        let Some(end) = stamp(end) else {
            errors.push(format!(
                "interval {}: end `{end}` is not YYYYMMDDTHHMMSSZ",
                i + 1
            ));
            continue;
        };
        let mut c = Candidate::new(
            zone.localize(start),
            zone.localize(end),
            Naming::Names {
                project: None,
                tags: it.tags,
            },
        );
        c.note = it.annotation;
        c.source = Some(format!("timew:{}", it.start));
        p.candidates.push(c);
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(Error::invalid(errors.join("\n")))
    }
}
