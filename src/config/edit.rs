//! Changing boundaries in a config text with its comments and layout kept:
//! a change adds a `[[boundaries]]` set dated `since`, or edits the set that
//! already starts then, so past weeks keep being judged by their own set.

use std::path::Path;

use chrono::NaiveDate;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::keys::{self, KEYS, Key, Kind};
use super::{Boundaries, Protected, load};
use crate::model::Side;
use crate::model::time::weekday_short;
use crate::{Error, Result};

/// One change: a key and its new value (`None` removes an optional rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: String,
    pub value: Option<f64>,
}

/// Read `KEY=VALUE` as typed on the command line (or the Boundaries
/// screen). A value out of the key's range is refused here, against what
/// was typed, before any file is read.
pub fn parse_change(s: &str) -> Result<Change> {
    let Some((k, v)) = s.split_once('=') else {
        return Err(Error::invalid(format!(
            "`{s}` is not KEY=VALUE, like technical_share=0.4"
        )));
    };
    let name = k.trim().replace('-', "_");
    let Some(key) = keys::find(&name) else {
        let hint =
            keys::close_to(&name).map_or(String::new(), |c| format!("did you mean `{}`? ", c.name));
        return Err(Error::invalid(format!(
            "unknown boundary `{k}`: {hint}the keys are {}",
            keys::names()
        )));
    };
    let v = v.trim();
    let key_name = key.name.to_string();
    if ["none", "off", ""].contains(&v.to_ascii_lowercase().as_str()) {
        if key.optional {
            return Ok(Change {
                key: key_name,
                value: None,
            });
        }
        return Err(Error::invalid(format!(
            "`{}` cannot be removed: it takes {}",
            key.name,
            key.accepts()
        )));
    }
    let (text, pct) = match v.strip_suffix('%') {
        Some(p) => (p.trim(), true),
        None => (v, false),
    };
    let Ok(mut n) = text.parse::<f64>() else {
        return Err(Error::invalid(format!(
            "`{}={v}`: the value must be {}",
            key.name,
            key.accepts()
        )));
    };
    if pct && key.kind == Kind::Share {
        n /= 100.0;
    } else if pct {
        return Err(Error::invalid(format!(
            "`{}={v}`: only shares take a percentage; this one takes {}",
            key.name,
            key.accepts()
        )));
    }
    let n = key.check(n).map_err(Error::invalid)?;
    Ok(Change {
        key: key_name,
        value: Some(n),
    })
}

/// Apply changes to a config text as a set starting `since`. `current` is
/// the set in force on `since` (the base of a new set). The result is
/// validated; an out-of-range value names its key.
pub fn set_boundaries(
    text: &str,
    path: &Path,
    since: NaiveDate,
    current: &Boundaries,
    changes: &[Change],
) -> Result<String> {
    edit_set(text, path, since, current, |table| {
        apply(table, changes);
        Ok(())
    })
}

/// What a protected-block edit does.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtectChange {
    /// Keep this block too.
    Add(Protected),
    /// Let go of the block listed `n`th (from 1) in the set.
    Remove(usize),
}

/// Add or remove a protected block in the set starting `since` (added, a
/// copy of `current`, when none starts then), by the same dated-set rule
/// as [`set_boundaries`].
pub fn set_protected(
    text: &str,
    path: &Path,
    since: NaiveDate,
    current: &Boundaries,
    change: &ProtectChange,
) -> Result<String> {
    // The same block twice would break (and be reported) twice.
    if let ProtectChange::Add(p) = change
        && let Some(n) = current.protected.iter().position(|q| same_block(q, p))
    {
        let days: Vec<&str> = current.protected[n]
            .days
            .iter()
            .map(|d| crate::model::time::weekday_short(*d))
            .collect();
        return Err(Error::invalid(format!(
            "{} {}–{} is already protected for {} time (block {}); nothing was changed",
            days.join(","),
            p.from.format("%H:%M"),
            p.to.format("%H:%M"),
            p.side.as_str(),
            n + 1
        )));
    }
    edit_set(text, path, since, current, |table| {
        if !table.contains_key("protected") {
            table.insert("protected", Item::ArrayOfTables(ArrayOfTables::new()));
        }
        let Some(blocks) = table
            .get_mut("protected")
            .and_then(Item::as_array_of_tables_mut)
        else {
            return Err(Error::invalid(format!(
                "{}: this set's `protected` is not written as [[boundaries.protected]] tables; change it by hand",
                path.display()
            )));
        };
        match change {
            ProtectChange::Add(p) => blocks.push(protected_table(p)),
            ProtectChange::Remove(n) if (1..=blocks.len()).contains(n) => {
                blocks.remove(n - 1);
            }
            ProtectChange::Remove(n) => {
                return Err(Error::invalid(format!(
                    "there is no protected block {n}: this set has {} (`keel boundaries show` numbers them)",
                    blocks.len()
                )));
            }
        }
        if blocks.is_empty() {
            table.remove("protected");
        }
        Ok(())
    })
}

/// Whether two blocks keep the same time for the same side (days in any
/// order).
fn same_block(a: &Protected, b: &Protected) -> bool {
    let days = |p: &Protected| {
        let mut d: Vec<u32> = p.days.iter().map(|w| w.num_days_from_monday()).collect();
        d.sort_unstable();
        d
    };
    (a.from, a.to, a.side) == (b.from, b.to, b.side) && days(a) == days(b)
}

/// Read `DAYS FROM-TO [SIDE]` as typed: `tue,thu 09:00-12:00 technical`.
pub fn parse_protected(days: &str, span: &str, side: Option<&str>) -> Result<Protected> {
    let mut ds = Vec::new();
    for d in days.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        match crate::model::time::parse_weekday(d) {
            Some(w) if !ds.contains(&w) => ds.push(w),
            Some(_) => {}
            None => {
                return Err(Error::invalid(format!(
                    "`{d}` is not a day: write days like tue,thu (mon … sun)"
                )));
            }
        }
    }
    if ds.is_empty() {
        return Err(Error::invalid("give the days, like tue,thu"));
    }
    let bad = || {
        Error::invalid(format!(
            "`{span}` is not a time span: write HH:MM-HH:MM, like 09:00-12:00"
        ))
    };
    let (a, b) = span.split_once('-').ok_or_else(bad)?;
    let (from, to) = (
        crate::model::parse::clock(a.trim()).ok_or_else(bad)?,
        crate::model::parse::clock(b.trim()).ok_or_else(bad)?,
    );
    if to <= from {
        return Err(Error::invalid(format!(
            "`{span}`: a protected block ends after it starts, on the same day"
        )));
    }
    let side = match side {
        None => Side::Technical,
        Some(s) => match Side::parse(s) {
            Some(Side::Other) | None => {
                return Err(Error::invalid(format!(
                    "`{s}`: a block is kept for technical or management time"
                )));
            }
            Some(side) => side,
        },
    };
    Ok(Protected {
        days: ds,
        from,
        to,
        side,
    })
}

/// Open the set starting `since` in a config text (adding it as a copy of
/// `current` when none starts then), let `f` change it, and check the result
/// reads as a config.
fn edit_set(
    text: &str,
    path: &Path,
    since: NaiveDate,
    current: &Boundaries,
    f: impl FnOnce(&mut Table) -> Result<()>,
) -> Result<String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        Error::invalid(format!(
            "{}: the config does not parse, so it was not changed: {e}",
            path.display()
        ))
    })?;
    let since_str = since.format("%Y-%m-%d").to_string();
    let root = doc.as_table_mut();
    if !root.contains_key("boundaries") {
        root.insert("boundaries", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(sets) = root
        .get_mut("boundaries")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Err(Error::invalid(format!(
            "{}: `boundaries` is not written as [[boundaries]] tables, so keel cannot add a set to it",
            path.display()
        )));
    };
    let existing = sets.iter().position(|t| {
        let since = match t.get("since").and_then(Item::as_value) {
            Some(toml_edit::Value::Datetime(d)) => d.value().to_string(),
            Some(toml_edit::Value::String(s)) => s.value().clone(),
            _ => String::new(),
        };
        since == since_str
    });
    let table = match existing {
        Some(i) => sets.get_mut(i).expect("index from position"),
        None => {
            sets.push(table_for(current, since));
            let n = sets.len();
            let t = sets.get_mut(n - 1).expect("just pushed");
            t.decor_mut().set_prefix(format!(
                "\n# Added by keel on {since_str}: in force from this date; earlier weeks keep their own set.\n"
            ));
            t
        }
    };
    f(table)?;
    let out = doc.to_string();
    load::parse(&out, path).map_err(Error::from)?;
    Ok(out)
}

/// Set or remove scalar keys in a set's table, keeping each value's comment.
fn apply(table: &mut Table, changes: &[Change]) {
    for c in changes {
        match c.value {
            None => {
                table.remove(&c.key);
            }
            Some(v) => {
                let item = match keys::find(&c.key) {
                    Some(k) => item_for(k, v),
                    None => value(round4(v)),
                };
                match table.get_mut(&c.key) {
                    Some(old) if old.is_value() => {
                        // Keep the comment that follows the old value.
                        let decor = old.as_value().map(|v| v.decor().clone());
                        *old = item;
                        if let (Some(d), Some(v)) = (decor, old.as_value_mut()) {
                            *v.decor_mut() = d;
                        }
                    }
                    _ => {
                        table.insert(&c.key, item);
                    }
                }
            }
        }
    }
}

fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// A value as the config writes it: whole numbers without a point (but a
/// share always as a fraction, `0.5`), others to four places.
fn item_for(k: &Key, v: f64) -> Item {
    if k.kind.whole() || (v.fract() == 0.0 && k.kind != Kind::Share) {
        value(v as i64)
    } else {
        value(round4(v))
    }
}

/// A `[[boundaries.protected]]` table for `p`.
fn protected_table(p: &Protected) -> Table {
    let mut pt = Table::new();
    let mut days = toml_edit::Array::new();
    for d in &p.days {
        days.push(weekday_short(*d));
    }
    pt.insert("days", value(days));
    pt.insert("from", value(p.from.format("%H:%M").to_string()));
    pt.insert("to", value(p.to.format("%H:%M").to_string()));
    pt.insert("side", value(p.side.as_str()));
    pt
}

/// A fresh `[[boundaries]]` table with the values of `b`, dated `since`.
fn table_for(b: &Boundaries, since: NaiveDate) -> Table {
    let mut t = Table::new();
    let date: toml_edit::Datetime = since
        .format("%Y-%m-%d")
        .to_string()
        .parse()
        .expect("a date");
    t.insert("since", value(date));
    for k in KEYS {
        if let Some(v) = k.get(b) {
            t.insert(k.name, item_for(k, v));
        }
    }
    if !b.protected.is_empty() {
        let mut arr = ArrayOfTables::new();
        for p in &b.protected {
            arr.push(protected_table(p));
        }
        t.insert("protected", Item::ArrayOfTables(arr));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DEFAULT_TOML};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_same_block_is_not_protected_twice() {
        let c = Config::builtin();
        let since = d("2026-11-23");
        let add = |days: &str, span: &str, side: Option<&str>| {
            let p = parse_protected(days, span, side).unwrap();
            set_protected(
                DEFAULT_TOML,
                Path::new("c.toml"),
                since,
                c.boundaries_on(since),
                &ProtectChange::Add(p),
            )
        };
        let e = add("thu,tue", "09:00-12:00", Some("technical")).unwrap_err();
        assert!(e.message.contains("already protected"), "{}", e.message);
        assert!(add("tue,thu", "09:00-12:00", Some("management")).is_ok());
        assert!(add("tue", "09:00-12:00", None).is_ok());
    }

    #[test]
    fn a_change_adds_a_dated_set_and_keeps_comments() {
        let c = Config::builtin();
        let since = d("2026-11-23");
        let ch = [
            parse_change("technical_share=50%").unwrap(),
            parse_change("min_focus_blocks=none").unwrap(),
        ];
        let out = set_boundaries(
            DEFAULT_TOML,
            Path::new("c.toml"),
            since,
            c.boundaries_on(since),
            &ch,
        )
        .unwrap();
        assert!(out.contains("# Activities: a name, the side it counts to"));
        let c2 = load::parse(&out, Path::new("c.toml")).unwrap();
        assert_eq!(c2.boundaries.len(), 2);
        let new = c2.boundaries_on(since);
        assert_eq!(new.technical_share, 0.5);
        assert_eq!(new.min_focus_blocks, None);
        assert_eq!(new.protected, c.boundaries[0].protected);
        assert_eq!(c2.boundaries_on(d("2026-11-22")), &c.boundaries[0]);
    }

    #[test]
    fn a_second_change_the_same_week_edits_that_set() {
        let c = Config::builtin();
        let since = d("2026-11-23");
        let one = set_boundaries(
            DEFAULT_TOML,
            Path::new("c"),
            since,
            c.boundaries_on(since),
            &[parse_change("tolerance=0.05").unwrap()],
        )
        .unwrap();
        let c1 = load::parse(&one, Path::new("c")).unwrap();
        let two = set_boundaries(
            &one,
            Path::new("c"),
            since,
            c1.boundaries_on(since),
            &[parse_change("window_weeks=6").unwrap()],
        )
        .unwrap();
        let c2 = load::parse(&two, Path::new("c")).unwrap();
        assert_eq!(c2.boundaries.len(), 2);
        assert_eq!(c2.boundaries_on(since).tolerance, 0.05);
        assert_eq!(c2.boundaries_on(since).window_weeks, 6);
    }

    #[test]
    fn a_change_dated_like_a_commented_set_edits_that_set() {
        let c = Config::builtin();
        let since = d("2026-01-05"); // the default set's date, written with a trailing comment
        let out = set_boundaries(
            DEFAULT_TOML,
            Path::new("c"),
            since,
            c.boundaries_on(since),
            &[parse_change("tolerance=0.05").unwrap()],
        )
        .unwrap();
        let c2 = load::parse(&out, Path::new("c")).unwrap();
        assert_eq!(c2.boundaries.len(), 1);
        assert_eq!(c2.boundaries[0].tolerance, 0.05);
        assert!(out.contains("# balanced while the share is within target ± tolerance"));
    }

    #[test]
    fn out_of_range_names_the_key_and_changes_nothing() {
        let c = Config::builtin();
        let since = d("2026-11-23");
        let e = set_boundaries(
            DEFAULT_TOML,
            Path::new("c"),
            since,
            c.boundaries_on(since),
            &[Change {
                key: "tolerance".into(),
                value: Some(0.9),
            }],
        )
        .unwrap_err();
        assert!(e.message.contains("tolerance"), "{}", e.message);
        let e = parse_change("tolerance=0.9").unwrap_err();
        assert!(e.message.contains("0 to 0.5"), "{}", e.message);
        assert!(parse_change("colour=red").is_err());
        assert!(parse_change("window_weeks=2.5").is_err());
        assert!(parse_change("tolerance=none").is_err());
        // Refused against the argument, with the hint to write a share.
        let e = parse_change("technical_share=45").unwrap_err();
        assert!(e.message.contains("45%"), "{}", e.message);
        assert!(!e.message.contains("c.toml"), "{}", e.message);
        assert_eq!(
            parse_change("technical_share=45%").unwrap().value,
            Some(0.45)
        );
        assert!(parse_change("window_weeks=4%").is_err());
    }
}
