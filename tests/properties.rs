//! Property tests of the invariants SPEC §4 and §2 promise: per-day figures
//! sum to the period's total, clipping to a range never adds time, and
//! saving then loading entries is the identity (for any Unicode text).
//!
//! Case counts are kept modest so the suite runs in seconds.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use evenkeel::balance::{self, Period, SideSeconds};
use evenkeel::config::Config;
use evenkeel::model::{Entry, Month, Side, Zone};
use evenkeel::store::{Store, month};

fn berlin_config() -> Config {
    let mut c = Config::builtin();
    c.zone = Zone::parse("Europe/Berlin").expect("a known zone");
    c
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// Activities of every side, plus one the config does not know (counts as other).
const ACTIVITIES: &[&str] = &[
    "coding",
    "review",
    "one-on-one",
    "planning",
    "break",
    "gardening",
];

/// Offsets an entry may be written in: Berlin's two, and others a synced or
/// travelling user could produce.
const OFFSETS: &[i32] = &[3600, 7200, 0, -5 * 3600, 19800, 13 * 3600, -10 * 3600];

/// Instants around both DST changes of 2026 in Europe/Berlin and an ordinary
/// stretch, so that 23- and 25-hour days are exercised.
fn base_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(Utc.with_ymd_and_hms(2026, 3, 26, 0, 0, 0).unwrap()),
        Just(Utc.with_ymd_and_hms(2026, 10, 22, 0, 0, 0).unwrap()),
        Just(Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap()),
    ]
}

fn entry_from(start: DateTime<Utc>, secs: i64, off: i32, activity: &str) -> Entry {
    let o = FixedOffset::east_opt(off).expect("offset");
    Entry::new(
        start.with_timezone(&o),
        (start + Duration::seconds(secs)).with_timezone(&o),
        activity,
    )
}

/// Any entries (they may overlap: totals do not care) within about a week of
/// a DST change, some crossing midnight, some lasting days.
fn loose_entries() -> impl Strategy<Value = Vec<Entry>> {
    base_instant().prop_flat_map(|base| {
        prop::collection::vec(
            (
                0i64..8 * 24 * 3600,
                prop_oneof![1i64..4 * 3600, 1i64..3 * 24 * 3600],
                prop::sample::select(OFFSETS),
                prop::sample::select(ACTIVITIES),
            )
                .prop_map(move |(at, len, off, a)| {
                    entry_from(base + Duration::seconds(at), len, off, a)
                }),
            0..14,
        )
    })
}

/// A period inside the generated range: from a day of it, 1 to 9 days long.
fn period() -> impl Strategy<Value = Period> {
    (
        prop::sample::select(vec![
            date("2026-03-25"),
            date("2026-10-21"),
            date("2026-11-26"),
        ]),
        0i64..6,
        0i64..9,
    )
        .prop_map(|(d, skip, len)| {
            let from = d + Duration::days(skip);
            Period::new(from, from + Duration::days(len))
        })
}

fn add(a: &mut SideSeconds, b: SideSeconds) {
    for s in Side::ALL {
        a.add(s, b.get(s));
    }
}

fn le(a: SideSeconds, b: SideSeconds) -> bool {
    Side::ALL.iter().all(|s| a.get(*s) <= b.get(*s))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn per_day_figures_sum_to_the_period_total(es in loose_entries(), p in period()) {
        let cfg = berlin_config();
        let (sum, by_day, by_activity) = balance::totals(&es, &cfg, p);
        // One row per day of the period, in order.
        let days: Vec<NaiveDate> = by_day.iter().map(|d| d.date).collect();
        prop_assert_eq!(days, p.days().collect::<Vec<_>>());
        let mut from_days = SideSeconds::default();
        for d in &by_day {
            add(&mut from_days, d.sides());
        }
        prop_assert_eq!(from_days, sum);
        prop_assert_eq!(by_activity.iter().map(|a| a.seconds).sum::<i64>(), sum.total());
        // An independent oracle: each entry clipped to the period's instants.
        let (lo, hi) = p.bounds(&cfg.zone);
        let mut clipped = SideSeconds::default();
        for e in &es {
            clipped.add(cfg.side_of(&e.activity), e.seconds_within(lo, hi));
        }
        prop_assert_eq!(clipped, sum);
        // And each day's row is the time between its two local midnights.
        for d in &by_day {
            let (a, b) = (cfg.zone.day_start(d.date), cfg.zone.day_start(d.date + Duration::days(1)));
            let mut day = SideSeconds::default();
            for e in &es {
                day.add(cfg.side_of(&e.activity), e.seconds_within(a, b));
            }
            prop_assert_eq!(day, d.sides(), "day {}", d.date);
        }
        // The full summary tells the same story.
        let now = Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap();
        let s = balance::summarize(&es, &cfg, &Default::default(), p, now);
        prop_assert_eq!(s.seconds, sum);
        prop_assert_eq!(s.by_day.iter().map(|d| d.sides().total()).sum::<i64>(), sum.total());
        prop_assert_eq!(s.flagged, s.status.is_drift() || !s.violations.is_empty());
    }

    #[test]
    fn clipping_to_a_range_never_adds_time(es in loose_entries(), p in period(), cut in 0i64..9, cut2 in 0i64..9) {
        let cfg = berlin_config();
        let (whole, by_day, _) = balance::totals(&es, &cfg, p);
        // Never more than the entries hold.
        let mut raw = SideSeconds::default();
        for e in &es {
            raw.add(cfg.side_of(&e.activity), e.seconds());
        }
        prop_assert!(le(whole, raw), "{whole:?} > {raw:?}");
        // A sub-period holds no more than the period that contains it.
        let len = (p.to - p.from).num_days();
        let (a, b) = (cut.min(len), cut2.min(len));
        let sub = Period::new(p.from + Duration::days(a.min(b)), p.from + Duration::days(a.max(b)));
        let (part, _, _) = balance::totals(&es, &cfg, sub);
        prop_assert!(le(part, whole), "{sub:?}: {part:?} > {whole:?}");
        // A partition into days sums to the whole, and each day alone agrees
        // with the day's row of the whole.
        let mut days = SideSeconds::default();
        for (d, row) in p.days().zip(&by_day) {
            let (one, _, _) = balance::totals(&es, &cfg, Period::day(d));
            prop_assert_eq!(one, row.sides(), "day {}", d);
            add(&mut days, one);
        }
        prop_assert_eq!(days, whole);
        // So does a partition into two ranges at any day.
        if a < len {
            let (l, _, _) = balance::totals(&es, &cfg, Period::new(p.from, p.from + Duration::days(a)));
            let (r, _, _) = balance::totals(&es, &cfg, Period::new(p.from + Duration::days(a + 1), p.to));
            let mut both = l;
            add(&mut both, r);
            prop_assert_eq!(both, whole);
        }
    }
}

/// Text of any kind: control characters, quotes, backslashes, emoji,
/// right-to-left marks, lone combining marks.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"\\\\\\n\\r\\t\u{7f}\u{0}é漢字🙂\u{202e}\u{301} #=\\[\\]{}'.,-]{0,12}",
        Just(String::new()),
        Just("\"\"\" ''' \\u0041".to_string()),
    ]
}

fn activity_name() -> impl Strategy<Value = String> {
    // Any Unicode, but with something that is not white space (an entry needs an activity).
    (text(), "[a-zé漢🙂\"\\\\]", text()).prop_map(|(a, m, b)| format!("{a}{m}{b}"))
}

/// Valid, non-overlapping entries (touching ones included) in any offsets,
/// with any Unicode in every text field.
fn valid_entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(
        (
            0i64..3 * 24 * 3600,
            prop_oneof![1i64..4 * 3600, 1i64..=7 * 24 * 3600],
            prop::sample::select(OFFSETS),
            activity_name(),
            prop::option::of(text()),
            prop::collection::vec(text(), 0..3),
            prop::option::of(text()),
        ),
        0..10,
    )
    .prop_map(|items| {
        let mut t = Utc.with_ymd_and_hms(2026, 10, 20, 0, 0, 0).unwrap();
        let mut out = Vec::new();
        for (gap, len, off, activity, note, tags, source) in items {
            t += Duration::seconds(gap);
            let mut e = entry_from(t, len, off, &activity);
            e.note = note;
            e.tags = tags;
            e.source = source;
            t += Duration::seconds(len);
            out.push(e);
        }
        out
    })
}

fn by_month(es: &[Entry]) -> BTreeMap<Month, Vec<Entry>> {
    let mut m: BTreeMap<Month, Vec<Entry>> = BTreeMap::new();
    for e in es {
        m.entry(e.month()).or_default().push(e.clone());
    }
    for v in m.values_mut() {
        evenkeel::model::sort(v);
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn serialize_then_parse_is_the_identity(es in valid_entries(), shuffle in any::<prop::sample::Index>()) {
        for (m, group) in by_month(&es) {
            // Written in any order, it comes back sorted and equal.
            let mut given = group.clone();
            let n = given.len();
            given.rotate_left(shuffle.index(n.max(1)).min(n));
            let text = month::serialize(&given);
            prop_assert!(!text.contains('\r'), "canonical text has LF line endings");
            let back = month::parse(&text, Path::new("m.toml"), Some(m));
            prop_assert_eq!(back.as_ref().map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>()), Ok(&group), "text:\n{}", text);
            // And writing it again gives the same bytes.
            prop_assert_eq!(month::serialize(&back.unwrap()), text);
        }
    }

    #[test]
    fn saving_through_the_store_then_loading_is_the_identity(es in valid_entries()) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let now = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap(); // after every generated entry: the log holds no future
        // Half in one change, the rest one by one.
        let (first, rest) = es.split_at(es.len() / 2);
        let mut tx = store.begin(now).unwrap();
        for e in first {
            tx.add(e.clone()).unwrap();
        }
        tx.commit("first half").unwrap();
        for e in rest {
            let mut tx = store.begin(now).unwrap();
            tx.add(e.clone()).unwrap();
            tx.commit("one more").unwrap();
        }
        let mut want = es.clone();
        evenkeel::model::sort(&mut want);
        let fresh = Store::new(dir.path().join("data"));
        prop_assert_eq!(fresh.load_all().unwrap(), want.clone());
        for (m, group) in by_month(&es) {
            prop_assert_eq!(fresh.read_month(m).unwrap(), group);
        }
        prop_assert!(fresh.check(now).unwrap().problems.is_empty());
        // Removing every entry through the store leaves no entries behind.
        let mut tx = fresh.begin(now).unwrap();
        for e in &want {
            prop_assert_eq!(tx.remove(e.start).unwrap(), e.clone());
        }
        tx.commit("remove all").unwrap();
        prop_assert!(fresh.load_all().unwrap().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Reading a range reads only some months; it must still find every
    /// entry touching the range, whatever offset it was written in and
    /// however far it reaches from the month before.
    #[test]
    fn loading_a_range_finds_exactly_the_entries_touching_it(
        es in valid_entries(),
        from in 0i64..40,
        len in 0i64..20,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let now = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap(); // after every generated entry: the log holds no future
        let mut tx = store.begin(now).unwrap();
        for e in &es {
            tx.add(e.clone()).unwrap();
        }
        tx.commit("all").unwrap();
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let from = date("2026-10-18") + Duration::days(from);
        let to = from + Duration::days(len);
        let (lo, hi) = Period::new(from, to).bounds(&zone);
        let want: Vec<Entry> = store
            .load_all()
            .unwrap()
            .into_iter()
            .filter(|e| e.end_utc() > lo && e.start_utc() < hi)
            .collect();
        let got = store.load(from, to, &zone).unwrap();
        prop_assert!(got.warnings.is_empty());
        prop_assert_eq!(got.entries, want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// An entry overlapping any stored one is refused, whichever month files
    /// and offsets the two live in, and nothing is written.
    #[test]
    fn an_overlap_is_refused_across_months_and_offsets(
        es in valid_entries().prop_filter("some entries", |v| !v.is_empty()),
        pick in any::<prop::sample::Index>(),
        into in 0.0f64..1.0,
        back in 0i64..3 * 24 * 3600,
        len in 1i64..=7 * 24 * 3600,
        off in prop::sample::select(OFFSETS),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let now = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap(); // after every generated entry: the log holds no future
        let mut tx = store.begin(now).unwrap();
        for e in &es {
            tx.add(e.clone()).unwrap();
        }
        tx.commit("all").unwrap();
        let before = store.load_all().unwrap();
        // A moment inside the picked entry, and a new entry holding it.
        let e = &es[pick.index(es.len())];
        let inside = e.start_utc() + Duration::seconds((e.seconds() as f64 * into) as i64);
        let start = inside - Duration::seconds(back.min(len - 1));
        let new = entry_from(start, len, off, "coding");
        prop_assume!(new.end_utc() > inside && new.start_utc() <= inside);
        let mut tx = store.begin(now).unwrap();
        let r = tx.add(new.clone());
        prop_assert!(r.is_err(), "{new:?} overlaps {e:?} but was accepted");
        drop(tx);
        prop_assert_eq!(store.load_all().unwrap(), before);
    }
}
