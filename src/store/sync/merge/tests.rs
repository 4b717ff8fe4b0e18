use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;

use super::*;

/// A pool of distinct records in November 2026: some share a start, some
/// overlap, some differ only in a note or an offset — what two machines
/// editing one month produce.
fn pool() -> Vec<Entry> {
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let base = t("2026-11-23T09:00:00+01:00");
    let mut out = Vec::new();
    for i in 0..12i64 {
        let start = base + Duration::minutes(45 * (i / 2));
        let mut e = Entry::new(
            start,
            start + Duration::minutes(30 + 15 * (i % 3)),
            "coding",
        );
        match i % 4 {
            1 => e.note = Some(format!("note {i}")),
            2 => e.activity = "review".into(),
            3 => {
                let utc = FixedOffset::east_opt(0).unwrap();
                e.start = e.start.with_timezone(&utc);
                e.end = e.end.with_timezone(&utc);
                e.tags = vec!["x".into()];
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

fn set(mask: u16) -> BTreeMap<Record, ()> {
    pool()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, e)| (Record(e), ()))
        .collect()
}

fn merge_sets(
    o: &BTreeMap<Record, ()>,
    a: &BTreeMap<Record, ()>,
    b: &BTreeMap<Record, ()>,
) -> BTreeMap<Record, ()> {
    merge3(o, a, b, |_, _, _, _| unreachable!())
}

fn text(m: &BTreeMap<Record, ()>) -> String {
    Months(None).write(m)
}

const NOV: &str = "entries/2026-11.toml";

fn kind() -> Kind {
    Kind::of(Path::new(NOV)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_set_merge_is_commutative_idempotent_and_keeps_every_addition(
        o in 0u16..4096, a in 0u16..4096, b in 0u16..4096
    ) {
        let (o, a, b) = (set(o), set(a), set(b));
        let m = merge_sets(&o, &a, &b);
        prop_assert_eq!(&m, &merge_sets(&o, &b, &a));
        prop_assert_eq!(&merge_sets(&o, &a, &a), &a);
        prop_assert_eq!(&merge_sets(&m, &m, &m), &m);
        // Merging the result again with either side changes nothing.
        prop_assert_eq!(&merge_sets(&o, &m, &a), &m);
        prop_assert_eq!(&merge_sets(&o, &m, &b), &m);
        for (r, ()) in a.iter().chain(b.iter()) {
            if !o.contains_key(r) {
                prop_assert!(m.contains_key(r), "an addition was lost: {:?}", r.0);
            }
        }
        for (r, ()) in &o {
            let kept = a.contains_key(r) && b.contains_key(r);
            prop_assert_eq!(m.contains_key(r), kept, "{:?}", r.0);
        }
    }

    /// Through the real files: both sides merge to the same bytes, which read
    /// back as the merged set and are canonical (merging them again with
    /// themselves gives them back).
    #[test]
    fn month_files_merge_to_the_same_canonical_text_either_way(
        o in 0u16..4096, a in 0u16..4096, b in 0u16..4096
    ) {
        let (o, a, b) = (set(o), set(a), set(b));
        let p = Path::new(NOV);
        let (to, ta, tb) = (text(&o), text(&a), text(&b));
        let ab = kind().merge(Some((&to, p)), (&ta, p), (&tb, p)).unwrap();
        let ba = kind().merge(Some((&to, p)), (&tb, p), (&ta, p)).unwrap();
        prop_assert_eq!(&ab.text, &ba.text);
        prop_assert_eq!(&ab.text, &text(&merge_sets(&o, &a, &b)));
        let again = kind().merge(None, (&ab.text, p), (&ab.text, p)).unwrap();
        prop_assert_eq!(&again.text, &ab.text);
        let read = Months(Month::parse("2026-11")).read(&ab.text, p).unwrap();
        prop_assert_eq!(read, merge_sets(&o, &a, &b));
    }

    /// `keel resolve` of a conflict copy: the union, whichever side is the
    /// copy, every record of both kept.
    #[test]
    fn a_two_way_merge_is_the_union(a in 0u16..4096, b in 0u16..4096) {
        let (a, b) = (set(a), set(b));
        let p = Path::new(NOV);
        let ab = kind().merge(None, (&text(&a), p), (&text(&b), p)).unwrap();
        let ba = kind().merge(None, (&text(&b), p), (&text(&a), p)).unwrap();
        prop_assert_eq!(&ab.text, &ba.text);
        let mut union = a.clone();
        union.extend(b.clone());
        prop_assert_eq!(&ab.text, &text(&union));
        prop_assert_eq!(ab.records, union.len());
        prop_assert_eq!(ab.ours, a.len());
    }

    #[test]
    fn reviews_merge_the_same_either_way_and_keep_every_edit(
        o in proptest::collection::btree_map(0u8..6, "[a-c]{1,3}", 0..6),
        a in proptest::collection::btree_map(0u8..6, "[a-c]{1,3}", 0..6),
        b in proptest::collection::btree_map(0u8..6, "[a-c]{1,3}", 0..6),
    ) {
        let day = |k: &u8| NaiveDate::from_ymd_opt(2026, 11, 2).unwrap() + Duration::weeks(i64::from(*k));
        let conv = |m: &BTreeMap<u8, String>| -> BTreeMap<NaiveDate, String> {
            m.iter().map(|(k, v)| (day(k), v.clone())).collect()
        };
        let (o, a, b) = (conv(&o), conv(&a), conv(&b));
        let p = Path::new("reviews.toml");
        let w = |m: &BTreeMap<NaiveDate, String>| Reviews.write(m);
        let (to, ta, tb) = (w(&o), w(&a), w(&b));
        let ab = Kind::Reviews.merge(Some((&to, p)), (&ta, p), (&tb, p)).unwrap();
        let ba = Kind::Reviews.merge(Some((&to, p)), (&tb, p), (&ta, p)).unwrap();
        prop_assert_eq!(&ab.text, &ba.text);
        let m = Reviews.read(&ab.text, p).unwrap();
        for side in [&a, &b] {
            for (k, v) in side {
                if o.get(k) != Some(v) {
                    prop_assert!(m.get(k).is_some_and(|t| t.contains(v.as_str())), "{k}: {v} lost");
                }
            }
        }
    }
}

fn entry(from: &str, to: &str, activity: &str) -> Entry {
    let t = |s: &str| DateTime::parse_from_rfc3339(&format!("2026-11-23T{s}:00+01:00")).unwrap();
    Entry::new(t(from), t(to), activity)
}

#[test]
fn an_entry_edited_on_both_sides_is_kept_in_both_versions_and_reported() {
    let p = Path::new(NOV);
    let base = entry("09:00", "10:00", "coding");
    let mut ours = base.clone();
    ours.note = Some("pairing".into());
    let mut theirs = base.clone();
    theirs.activity = "review".into();
    let other = entry("11:00", "12:00", "planning");
    let o = month::serialize(&[base.clone(), other.clone()]);
    let a = month::serialize(&[ours.clone(), other.clone()]);
    let b = month::serialize(&[theirs.clone()]);
    let m = kind().merge(Some((&o, p)), (&a, p), (&b, p)).unwrap();
    // The base version goes; both edits stay; the deleted planning goes.
    assert_eq!(m.text, month::serialize(&[ours, theirs]));
    assert!(
        m.notes
            .iter()
            .any(|n| n.contains("changed on both machines")),
        "{:?}",
        m.notes
    );
    assert!(
        m.notes
            .iter()
            .any(|n| n.contains("overlap") && n.contains("keel resolve --overlap")),
        "{:?}",
        m.notes
    );
}

#[test]
fn an_input_that_does_not_parse_is_named_and_nothing_is_merged() {
    let p = Path::new("entries/2026-11.toml (theirs)");
    let good = month::serialize(&[entry("09:00", "10:00", "coding")]);
    let err = kind()
        .merge(Some(("", p)), (&good, p), ("[[entry]]\nstart = 1\n", p))
        .unwrap_err();
    assert!(
        err[0]
            .to_string()
            .starts_with("entries/2026-11.toml (theirs):2:"),
        "{err:?}"
    );
    assert_eq!(Kind::of(Path::new("notes.txt")), None);
    assert_eq!(Kind::of(Path::new("other/2026-11.toml")), None);
    assert_eq!(
        Kind::of(Path::new("keel/entries/2026-11.toml")),
        Some(Kind::Month(Month::parse("2026-11").unwrap()))
    );
}

#[test]
fn days_off_merge_as_a_set_either_way() {
    let p = Path::new("time_off.toml");
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let off = |from: u32, to: u32| Off {
        from: day(from),
        to: day(to),
        note: None,
        source: None,
    };
    let (a, b, c) = (off(1, 1), off(24, 26), off(31, 31));
    let w = |rs: &[Off]| time_off::serialize(rs);
    let base = w(std::slice::from_ref(&a));
    let ours = w(&[a.clone(), b.clone()]);
    let theirs = w(std::slice::from_ref(&c));
    let kind = Kind::of(p).unwrap();
    let m = kind
        .merge(Some((&base, p)), (&ours, p), (&theirs, p))
        .unwrap();
    let n = kind
        .merge(Some((&base, p)), (&theirs, p), (&ours, p))
        .unwrap();
    assert_eq!(m.text, n.text);
    // Theirs deleted the 1st (ours left it alone); both additions stay.
    assert_eq!(m.text, w(&[b, c]));
    assert!(
        kind.merge(None, (&m.text, p), ("[[off]]\nfrom = 1\n", p))
            .is_err()
    );
}

#[test]
fn dismissed_sources_merge_as_a_set_either_way() {
    let p = Path::new("data/dismissed.toml");
    let w = |ss: &[&str]| {
        crate::store::dismissed::serialize(&ss.iter().map(|s| s.to_string()).collect())
    };
    let base = w(&["ics:a", "ics:b"]);
    // Ours restored b and dismissed c; theirs dismissed d.
    let ours = w(&["ics:a", "ics:c"]);
    let theirs = w(&["ics:a", "ics:b", "ics:d"]);
    let kind = Kind::of(p).unwrap();
    assert_eq!(kind, Kind::Dismissed);
    let m = kind
        .merge(Some((&base, p)), (&ours, p), (&theirs, p))
        .unwrap();
    let n = kind
        .merge(Some((&base, p)), (&theirs, p), (&ours, p))
        .unwrap();
    assert_eq!(m.text, n.text);
    assert_eq!(m.text, w(&["ics:a", "ics:c", "ics:d"]));
    // Without a base (two machines that never shared it): the union.
    let u = kind.merge(None, (&ours, p), (&theirs, p)).unwrap();
    assert_eq!(u.text, w(&["ics:a", "ics:b", "ics:c", "ics:d"]));
}
