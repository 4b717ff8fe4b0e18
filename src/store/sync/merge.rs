//! The merge of keel's record files as sets of records, not lines: what
//! git's merge driver (`keel merge-driver`) and `keel resolve` run.
//!
//! A month file is a set of entries (each keyed by its whole record);
//! `reviews.toml` maps a week to its reflection. Three-way, per key: a
//! record added on either side is kept, one deleted on one side and left
//! alone on the other is deleted, one changed on both sides is kept in both
//! edited versions (the base version goes) and reported. The result is
//! written in keel's canonical form, so both machines end with the same
//! bytes whichever side merged.
//!
//! Each kind of file is one [`RecordFile`]: how to read it into records,
//! how to write records back, and what to do when one record was changed
//! differently on both sides. A new record file is one more implementation
//! and one more arm in [`Kind`] (`time_off.toml` was added that way).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use super::overlap;
use crate::error::Problem;
use crate::model::off::Off;
use crate::model::{Entry, Month};
use crate::store::{dismissed, month, reviews, time_off};

/// The three-way merge of one keyed collection. `both` decides a key whose
/// value differs on both sides from the base (a missing value is a
/// deletion); it returns what to keep.
pub fn merge3<K: Ord + Clone, V: Clone + Eq>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    mut both: impl FnMut(&K, Option<&V>, Option<&V>, Option<&V>) -> Option<V>,
) -> BTreeMap<K, V> {
    let keys: BTreeSet<&K> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = BTreeMap::new();
    for k in keys {
        let (o, a, b) = (base.get(k), ours.get(k), theirs.get(k));
        let v = if a == b {
            a.cloned()
        } else if a == o {
            b.cloned()
        } else if b == o {
            a.cloned()
        } else {
            both(k, o, a, b)
        };
        if let Some(v) = v {
            out.insert(k.clone(), v);
        }
    }
    out
}

/// An entry as a set member: equal only when every field (offsets
/// included) is.
#[derive(Debug, Clone)]
pub struct Record(pub Entry);

impl Ord for Record {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        overlap::order(&self.0, &other.0)
    }
}
impl PartialOrd for Record {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Record {}

/// One kind of file keel merges.
pub trait RecordFile {
    type Key: Ord + Clone;
    type Value: Clone + Eq;
    fn read(
        &self,
        text: &str,
        path: &Path,
    ) -> Result<BTreeMap<Self::Key, Self::Value>, Vec<Problem>>;
    fn write(&self, records: &BTreeMap<Self::Key, Self::Value>) -> String;
    /// A key changed differently on both sides: what to keep (and say so).
    fn both_changed(
        &self,
        key: &Self::Key,
        ours: Option<&Self::Value>,
        theirs: Option<&Self::Value>,
        notes: &mut Vec<String>,
    ) -> Option<Self::Value>;
    /// What else the user must hear about a result (overlaps, both-side edits).
    fn notes(
        &self,
        base: &BTreeMap<Self::Key, Self::Value>,
        ours: &BTreeMap<Self::Key, Self::Value>,
        theirs: &BTreeMap<Self::Key, Self::Value>,
        result: &BTreeMap<Self::Key, Self::Value>,
        notes: &mut Vec<String>,
    );
}

/// A merge's result: the canonical text, and what the user must hear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub notes: Vec<String>,
    /// Records in the result, and in `ours` (a two-way union added the
    /// difference).
    pub records: usize,
    pub ours: usize,
}

/// One input: its text and the name to report problems under.
pub type Input<'a> = (&'a str, &'a Path);

/// Merge three versions (`base` absent: a two-way union, as for a conflict
/// copy). Every input that does not parse is reported; nothing is merged.
pub fn merge_texts<F: RecordFile>(
    f: &F,
    base: Option<Input<'_>>,
    ours: Input<'_>,
    theirs: Input<'_>,
) -> Result<Merged, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut read = |input: Option<Input<'_>>| match input {
        None => BTreeMap::new(),
        Some((text, path)) => f.read(text, path).unwrap_or_else(|ps| {
            problems.extend(ps);
            BTreeMap::new()
        }),
    };
    let (o, a, b) = (read(base), read(Some(ours)), read(Some(theirs)));
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut notes = Vec::new();
    let result = merge3(&o, &a, &b, |k, _, x, y| f.both_changed(k, x, y, &mut notes));
    f.notes(&o, &a, &b, &result, &mut notes);
    Ok(Merged {
        text: f.write(&result),
        notes,
        records: result.len(),
        ours: a.len(),
    })
}

/// A month file, `entries/YYYY-MM.toml`.
pub struct Months(pub Option<Month>);

impl RecordFile for Months {
    type Key = Record;
    type Value = ();

    fn read(&self, text: &str, path: &Path) -> Result<BTreeMap<Record, ()>, Vec<Problem>> {
        let es = month::parse(text, path, self.0)?;
        Ok(es.into_iter().map(|e| (Record(e), ())).collect())
    }

    fn write(&self, records: &BTreeMap<Record, ()>) -> String {
        let es: Vec<Entry> = records.keys().map(|r| r.0.clone()).collect();
        month::serialize(&es)
    }

    fn both_changed(
        &self,
        _: &Record,
        _: Option<&()>,
        _: Option<&()>,
        _: &mut Vec<String>,
    ) -> Option<()> {
        // Presence has two values: one side always equals the base or the other.
        unreachable!("a set member is never changed on both sides")
    }

    fn notes(
        &self,
        base: &BTreeMap<Record, ()>,
        ours: &BTreeMap<Record, ()>,
        theirs: &BTreeMap<Record, ()>,
        result: &BTreeMap<Record, ()>,
        notes: &mut Vec<String>,
    ) {
        let added = |side: &BTreeMap<Record, ()>| -> Vec<Entry> {
            side.keys()
                .filter(|r| !base.contains_key(r))
                .map(|r| r.0.clone())
                .collect()
        };
        let (ours_new, theirs_new) = (added(ours), added(theirs));
        for gone in base
            .keys()
            .filter(|r| !ours.contains_key(r) && !theirs.contains_key(r))
        {
            let a = ours_new.iter().find(|e| e.overlaps(&gone.0));
            let b = theirs_new.iter().find(|e| e.overlaps(&gone.0));
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                notes.push(format!(
                    "the entry {} was changed on both machines, differently: both versions are kept ({} and {})",
                    overlap::name(&gone.0),
                    overlap::name(a),
                    overlap::name(b)
                ));
            }
        }
        let es: Vec<Entry> = result.keys().map(|r| r.0.clone()).collect();
        for (i, j) in overlap::pairs(&es) {
            notes.push(format!(
                "the entries {} and {} overlap; both are kept until you settle them: {}",
                overlap::name(&es[i]),
                overlap::name(&es[j]),
                overlap::command(&es[i], &es[j])
            ));
        }
    }
}

/// `reviews.toml`: a reflection per week.
pub struct Reviews;

impl RecordFile for Reviews {
    type Key = NaiveDate;
    type Value = String;

    fn read(&self, text: &str, path: &Path) -> Result<BTreeMap<NaiveDate, String>, Vec<Problem>> {
        reviews::parse(text, path)
    }

    fn write(&self, records: &BTreeMap<NaiveDate, String>) -> String {
        reviews::serialize(records)
    }

    fn both_changed(
        &self,
        week: &NaiveDate,
        ours: Option<&String>,
        theirs: Option<&String>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        match (ours, theirs) {
            (Some(a), Some(b)) => {
                // In a fixed order, so the merge does not depend on the side.
                let (first, second) = if a <= b { (a, b) } else { (b, a) };
                notes.push(format!(
                    "the reflection of the week of {week} was changed on both machines: both versions are kept in it, one after the other; edit it to keep one"
                ));
                Some(format!("{first}\n\n{REVIEW_SEPARATOR}\n\n{second}"))
            }
            (Some(v), None) | (None, Some(v)) => {
                notes.push(format!(
                    "the reflection of the week of {week} was deleted on one machine and changed on the other: the changed one is kept"
                ));
                Some(v.clone())
            }
            (None, None) => None,
        }
    }

    fn notes(
        &self,
        _: &BTreeMap<NaiveDate, String>,
        _: &BTreeMap<NaiveDate, String>,
        _: &BTreeMap<NaiveDate, String>,
        _: &BTreeMap<NaiveDate, String>,
        _: &mut Vec<String>,
    ) {
    }
}

/// `time_off.toml`: a set of day ranges off, each keyed by its whole record.
/// Ranges that overlap after a merge are harmless (a day is off or not).
pub struct TimeOff;

/// A record of days off as a set member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffRecord(pub Off);

impl Ord for OffRecord {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |o: &Off| (o.from, o.to, o.note.clone(), o.source.clone());
        key(&self.0).cmp(&key(&other.0))
    }
}
impl PartialOrd for OffRecord {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl RecordFile for TimeOff {
    type Key = OffRecord;
    type Value = ();

    fn read(&self, text: &str, path: &Path) -> Result<BTreeMap<OffRecord, ()>, Vec<Problem>> {
        let rs = time_off::parse(text, path)?;
        Ok(rs.into_iter().map(|r| (OffRecord(r), ())).collect())
    }

    fn write(&self, records: &BTreeMap<OffRecord, ()>) -> String {
        let rs: Vec<Off> = records.keys().map(|r| r.0.clone()).collect();
        time_off::serialize(&rs)
    }

    fn both_changed(
        &self,
        _: &OffRecord,
        _: Option<&()>,
        _: Option<&()>,
        _: &mut Vec<String>,
    ) -> Option<()> {
        unreachable!("a set member is never changed on both sides")
    }

    fn notes(
        &self,
        _: &BTreeMap<OffRecord, ()>,
        _: &BTreeMap<OffRecord, ()>,
        _: &BTreeMap<OffRecord, ()>,
        _: &BTreeMap<OffRecord, ()>,
        _: &mut Vec<String>,
    ) {
    }
}

/// `dismissed.toml`: a set of sources. One restored on one machine and
/// left alone on the other is restored; one dismissed on either stays so.
pub struct Dismissed;

impl RecordFile for Dismissed {
    type Key = String;
    type Value = ();

    fn read(&self, text: &str, path: &Path) -> Result<BTreeMap<String, ()>, Vec<Problem>> {
        Ok(dismissed::parse(text, path)?
            .into_iter()
            .map(|s| (s, ()))
            .collect())
    }

    fn write(&self, records: &BTreeMap<String, ()>) -> String {
        dismissed::serialize(&records.keys().cloned().collect())
    }

    fn both_changed(
        &self,
        _: &String,
        _: Option<&()>,
        _: Option<&()>,
        _: &mut Vec<String>,
    ) -> Option<()> {
        unreachable!("a set member is never changed on both sides")
    }

    fn notes(
        &self,
        _: &BTreeMap<String, ()>,
        _: &BTreeMap<String, ()>,
        _: &BTreeMap<String, ()>,
        _: &BTreeMap<String, ()>,
        _: &mut Vec<String>,
    ) {
    }
}

/// The line between two versions of a reflection kept by a merge.
pub const REVIEW_SEPARATOR: &str = "— (the other machine's version) —";

/// The kinds of file keel merges, told by path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Month(Month),
    Reviews,
    TimeOff,
    Dismissed,
}

impl Kind {
    /// `entries/YYYY-MM.toml` (under any directory) or `reviews.toml`.
    pub fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?;
        match name {
            "reviews.toml" => return Some(Kind::Reviews),
            "time_off.toml" => return Some(Kind::TimeOff),
            "dismissed.toml" => return Some(Kind::Dismissed),
            _ => {}
        }
        let parent = path.parent()?.file_name()?.to_str()?;
        let m = Month::parse(name.strip_suffix(".toml")?)?;
        (parent == "entries").then_some(Kind::Month(m))
    }

    pub fn merge(
        self,
        base: Option<Input<'_>>,
        ours: Input<'_>,
        theirs: Input<'_>,
    ) -> Result<Merged, Vec<Problem>> {
        match self {
            Kind::Month(m) => merge_texts(&Months(Some(m)), base, ours, theirs),
            Kind::Reviews => merge_texts(&Reviews, base, ours, theirs),
            Kind::TimeOff => merge_texts(&TimeOff, base, ours, theirs),
            Kind::Dismissed => merge_texts(&Dismissed, base, ours, theirs),
        }
    }
}

#[cfg(test)]
mod tests;
