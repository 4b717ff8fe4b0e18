//! Overlapping entries. keel never writes one on its own, but a merge of two
//! machines' logs can leave some (each side logged the same hour, or edited
//! the same entry differently): the month stays readable, both entries are
//! counted and said to be, and `keel resolve` settles each pair.

use std::cmp::Ordering;
use std::path::Path;

use crate::error::Problem;
use crate::model::Entry;

/// The order of entries in a month file: start, end, then every other field,
/// so that two records differing anywhere have one place each, whichever
/// side of a merge they came from.
pub fn order(a: &Entry, b: &Entry) -> Ordering {
    let off = |t: &chrono::DateTime<chrono::FixedOffset>| t.offset().local_minus_utc();
    a.start
        .cmp(&b.start)
        .then(a.end.cmp(&b.end))
        .then_with(|| off(&a.start).cmp(&off(&b.start)))
        .then_with(|| off(&a.end).cmp(&off(&b.end)))
        .then_with(|| a.activity.cmp(&b.activity))
        .then_with(|| a.note.cmp(&b.note))
        .then_with(|| a.tags.cmp(&b.tags))
        .then_with(|| a.source.cmp(&b.source))
}

/// Every overlapping pair `(i, j)`, `i < j`, of items sorted by start.
pub fn pairs_by<T>(sorted: &[T], entry: impl Fn(&T) -> &Entry) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // The entries seen so far that are still open at the current start.
    let mut open: Vec<usize> = Vec::new();
    for (j, item) in sorted.iter().enumerate() {
        let e = entry(item);
        open.retain(|&i| entry(&sorted[i]).end > e.start);
        out.extend(open.iter().map(|&i| (i, j)));
        open.push(j);
    }
    out
}

/// Every overlapping pair of entries sorted by start.
pub fn pairs(sorted: &[Entry]) -> Vec<(usize, usize)> {
    pairs_by(sorted, |e| e)
}

/// One entry in words: `coding 2026-11-23 09:00–10:30`.
pub fn name(e: &Entry) -> String {
    let end = if e.end.date_naive() == e.start.date_naive() {
        e.end.format("%H:%M")
    } else {
        e.end.format("%Y-%m-%d %H:%M")
    };
    format!(
        "{} {}–{end}",
        crate::text::clean(&e.activity),
        e.start.format("%Y-%m-%d %H:%M")
    )
}

/// The command that settles the pair `(a, b)` (a sorted first).
pub fn command(a: &Entry, b: &Entry) -> String {
    format!(
        "keel resolve --overlap {} --with {} --keep first|second|both",
        crate::store::month::stamp(&a.start),
        crate::store::month::stamp(&b.start)
    )
}

/// `keel check`'s report of each pair in a month file, located at the
/// later entry.
pub fn problems(path: &Path, text: &str, sorted: &[(Entry, usize)]) -> Vec<Problem> {
    pairs_by(sorted, |(e, _)| e)
        .into_iter()
        .map(|(i, j)| {
            let (a, b) = (&sorted[i].0, &sorted[j].0);
            Problem::at(
                path,
                text,
                sorted[j].1,
                format!(
                    "the entry {} (first) overlaps {} (second), probably kept from two machines by a merge; both are counted until you keep one or trim one: {}",
                    name(a),
                    name(b),
                    command(a, b)
                ),
            )
        })
        .collect()
}

/// What a report says when the entries it counts overlap.
pub fn warnings(sorted: &[Entry]) -> Vec<String> {
    pairs(sorted)
        .into_iter()
        .map(|(i, j)| {
            format!(
                "the entries {} and {} overlap (from a merge?) and both are counted; `keel check` lists every overlap and `keel resolve` settles it",
                name(&sorted[i]),
                name(&sorted[j])
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(from: &str, to: &str) -> Entry {
        let t = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(&format!("2026-11-23T{s}:00+01:00")).unwrap()
        };
        Entry::new(t(from), t(to), "coding")
    }

    #[test]
    fn every_overlapping_pair_is_found_and_touching_ones_are_not() {
        let es = vec![
            e("09:00", "12:00"),
            e("10:00", "10:30"),
            e("10:30", "11:00"),
            e("12:00", "13:00"),
            e("12:30", "13:30"),
        ];
        assert_eq!(pairs(&es), vec![(0, 1), (0, 2), (3, 4)]);
        assert!(pairs(&[e("09:00", "10:00"), e("10:00", "11:00")]).is_empty());
    }

    #[test]
    fn the_order_is_total_over_every_field() {
        let a = e("09:00", "10:00");
        let mut b = a.clone();
        b.note = Some("x".into());
        assert_eq!(order(&a, &b), Ordering::Less);
        let mut c = a.clone();
        c.start = c
            .start
            .with_timezone(&chrono::FixedOffset::east_opt(0).unwrap());
        assert_eq!(a, c, "chrono compares instants");
        assert_ne!(
            order(&a, &c),
            Ordering::Equal,
            "the offset is part of the record"
        );
    }
}
