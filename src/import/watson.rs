//! Watson's `frames` file: a JSON array of
//! `[start, stop, project, id, tags, updated_at]` with Unix timestamps. The
//! activity comes from the project or a tag (see [`super::plan::resolve`]).

use chrono::DateTime;
use serde_json::Value;

use super::{Candidate, Naming, Parsed, text};
use crate::model::Zone;
use crate::{Error, Result};

pub fn parse(bytes: &[u8], zone: &Zone) -> Result<Parsed> {
    let t = text(bytes, "Watson")?;
    let frames: Vec<Vec<Value>> = serde_json::from_str(&t).map_err(|e| {
        Error::invalid(format!(
            "not Watson's frames file (an array of [start, stop, project, id, tags, updated]): {e}"
        ))
    })?;
    let mut p = Parsed::default();
    let mut errors = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let ts = |k: usize| {
            f.get(k)
                .and_then(Value::as_i64)
                .and_then(|s| DateTime::from_timestamp(s, 0))
        };
        let (Some(start), Some(stop)) = (ts(0), ts(1)) else {
            errors.push(format!(
                "frame {}: start and stop must be Unix timestamps",
                i + 1
            ));
            continue;
        };
        let project = f.get(2).and_then(Value::as_str).map(String::from);
        let id = f.get(3).and_then(Value::as_str).unwrap_or_default();
        let tags = f
            .get(4)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let mut c = Candidate::new(
            zone.localize(start),
            zone.localize(stop),
            Naming::Names { project, tags },
        );
        c.source = Some(if id.is_empty() {
            format!("watson:{}", start.timestamp())
        } else {
            format!("watson:{id}")
        });
        p.candidates.push(c);
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(Error::invalid(errors.join("\n")))
    }
}
