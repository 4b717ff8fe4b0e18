//! `dismissed.toml`: the sources of imported items the user threw away —
//! deleted, or whose import was undone — which no sync or import brings
//! back (`keel sync --restore SOURCE` does). It travels between machines
//! like the entries (a set, merged as one by the merge driver).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::month::quote;
use crate::error::Problem;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sources: Vec<String>,
}

pub fn parse(text: &str, path: &Path) -> Result<BTreeSet<String>, Vec<Problem>> {
    if let Some(at) = super::sync::markers::first(text) {
        return Err(vec![super::sync::markers::problem(path, text, at)]);
    }
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![Problem::from_toml(path, text, &e)])?;
    Ok(raw.sources.into_iter().collect())
}

pub fn serialize(sources: &BTreeSet<String>) -> String {
    let mut out = String::from(
        "# Imported items you deleted or whose import you undid: `keel sync` and\n\
         # `keel import` do not bring them back (`keel sync --restore SOURCE` does).\n\
         sources = [\n",
    );
    for s in sources {
        let _ = writeln!(out, "    {},", quote(s));
    }
    out.push_str("]\n");
    out
}

/// The sources that `before` holds and `after` does not: what a change
/// (an undone import) takes out of a month file or `time_off.toml`.
pub fn gone(file: &str, before: Option<&str>, after: Option<&str>) -> BTreeSet<String> {
    let sources = |text: Option<&str>| -> BTreeSet<String> {
        let Some(t) = text else {
            return BTreeSet::new();
        };
        let p = Path::new(file);
        if file == "time_off.toml" {
            super::time_off::parse(t, p)
                .map(|rs| rs.into_iter().filter_map(|r| r.source).collect())
                .unwrap_or_default()
        } else if file.starts_with("entries/") {
            super::month::parse(t, p, None)
                .map(|es| es.into_iter().filter_map(|e| e.source).collect())
                .unwrap_or_default()
        } else {
            BTreeSet::new()
        }
    };
    let (b, a) = (sources(before), sources(after));
    b.difference(&a).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_located_problem() {
        let set: BTreeSet<String> = ["ics:a@1".to_string(), "ics:\"b\"".to_string()].into();
        let text = serialize(&set);
        assert_eq!(parse(&text, Path::new("d")).unwrap(), set);
        assert_eq!(parse("", Path::new("d")).unwrap(), BTreeSet::new());
        let ps = parse("sources = [1]\n", Path::new("dismissed.toml")).unwrap_err();
        assert_eq!(ps[0].line, 1, "{ps:?}");
    }
}
