//! The balance engine against fixed dates: DST weeks, midnight crossings,
//! boundary history, each rule just under, at and over its limit.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use super::*;
use crate::config::{Config, Protected};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn e(a: &str, b: &str, act: &str) -> Entry {
    Entry::new(t(a), t(b), act)
}

/// The default config in Berlin, with no optional rules unless a test adds them.
fn cfg() -> Config {
    let mut c = Config::builtin();
    c.zone = Zone::parse("Europe/Berlin").unwrap();
    let b = &mut c.boundaries[0];
    b.min_technical_hours = None;
    b.max_technical_hours = None;
    b.max_management_hours_per_day = None;
    b.min_focus_blocks = None;
    b.protected.clear();
    // Judge any share, however little is logged (the tests of `incomplete`
    // set it back).
    b.min_logged_fraction = 0.0;
    c
}

/// A summary with no days off.
fn summarize(es: &[Entry], c: &Config, p: Period, now: DateTime<Utc>) -> Summary {
    super::summarize(es, c, &DaysOff::default(), p, now)
}

fn after_week() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
}

fn rules(s: &Summary) -> Vec<&'static str> {
    s.violations.iter().map(|v| v.rule.as_str()).collect()
}

#[test]
fn share_and_status_at_the_band_edges() {
    let c = cfg(); // 0.4 ± 0.1
    let week = Period::week(d("2026-11-23"), WeekStart::Monday);
    let mk = |tech_min: i64, mgmt_min: i64| {
        let s = t("2026-11-23T08:00:00+01:00");
        vec![
            Entry::new(s, s + chrono::Duration::minutes(tech_min), "coding"),
            Entry::new(
                s + chrono::Duration::minutes(tech_min),
                s + chrono::Duration::minutes(tech_min + mgmt_min),
                "planning",
            ),
        ]
    };
    let status = |tech, mgmt| summarize(&mk(tech, mgmt), &c, week, after_week()).status;
    assert_eq!(status(30, 70), Status::Balanced); // exactly 30%: at the edge
    assert_eq!(status(29, 71), Status::DriftManagement);
    assert_eq!(status(50, 50), Status::Balanced); // exactly 50%
    assert_eq!(status(51, 49), Status::DriftTechnical);
    assert_eq!(
        summarize(&[], &c, week, after_week()).status,
        Status::NoData
    );
    // Other time never enters the share.
    let only_break = vec![e(
        "2026-11-23T12:00:00+01:00",
        "2026-11-23T13:00:00+01:00",
        "break",
    )];
    let s = summarize(&only_break, &c, week, after_week());
    assert_eq!(
        (s.status, s.technical_share, s.seconds.other),
        (Status::NoData, None, 3600)
    );
}

#[test]
fn a_week_over_the_dst_change_counts_absolute_hours() {
    let c = cfg();
    // Week of Mon 2026-10-19 .. Sun 10-25; clocks go back on the 25th.
    let es = vec![e(
        "2026-10-25T01:00:00+02:00",
        "2026-10-25T04:00:00+01:00",
        "oncall",
    )];
    let s = summarize(
        &es,
        &c,
        Period::week(d("2026-10-21"), WeekStart::Monday),
        after_week(),
    );
    assert_eq!(s.seconds.technical, 4 * 3600);
    assert_eq!(s.by_day.iter().map(|d| d.technical).sum::<i64>(), 4 * 3600);
    // And the spring week: 01:00 to 04:00 on 2026-03-29 is two real hours.
    let es = vec![e(
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T04:00:00+02:00",
        "oncall",
    )];
    let s = summarize(
        &es,
        &c,
        Period::week(d("2026-03-29"), WeekStart::Monday),
        after_week(),
    );
    assert_eq!(s.seconds.technical, 2 * 3600);
}

#[test]
fn entries_across_midnight_split_by_day_and_clip_to_the_period() {
    let c = cfg();
    let es = vec![e(
        "2026-11-29T22:00:00+01:00",
        "2026-11-30T02:00:00+01:00",
        "oncall",
    )];
    // Sunday 29th ends week 48; the Monday part belongs to week 49.
    let w48 = summarize(
        &es,
        &c,
        Period::week(d("2026-11-29"), WeekStart::Monday),
        after_week(),
    );
    let w49 = summarize(
        &es,
        &c,
        Period::week(d("2026-11-30"), WeekStart::Monday),
        after_week(),
    );
    assert_eq!(w48.seconds.technical, 2 * 3600);
    assert_eq!(w49.seconds.technical, 2 * 3600);
    assert_eq!(w49.by_day[0].technical, 2 * 3600);
}

#[test]
fn a_week_is_judged_by_the_set_in_force_on_its_first_day() {
    let mut c = cfg();
    let mut newer = c.boundaries[0].clone();
    newer.since = d("2026-11-25"); // a Wednesday, mid-week
    newer.technical_share = 0.8;
    c.boundaries.push(newer);
    let es = vec![
        e(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T13:00:00+01:00",
            "coding",
        ),
        e(
            "2026-11-23T13:00:00+01:00",
            "2026-11-23T19:00:00+01:00",
            "planning",
        ),
    ];
    let s = summarize(
        &es,
        &c,
        Period::week(d("2026-11-23"), WeekStart::Monday),
        after_week(),
    );
    assert_eq!(s.target.technical_share, 0.4);
    assert_eq!(s.status, Status::Balanced);
    let s = summarize(
        &es,
        &c,
        Period::week(d("2026-11-30"), WeekStart::Monday),
        after_week(),
    );
    assert_eq!(s.target.technical_share, 0.8);
}

#[test]
fn daily_management_cap_under_at_and_over() {
    let mut c = cfg();
    c.boundaries[0].max_management_hours_per_day = Some(6.0);
    let day = Period::day(d("2026-11-24"));
    let mgmt = |mins: i64| {
        let s = t("2026-11-24T09:00:00+01:00");
        vec![Entry::new(
            s,
            s + chrono::Duration::minutes(mins),
            "one-on-one",
        )]
    };
    assert!(
        summarize(&mgmt(359), &c, day, after_week())
            .violations
            .is_empty()
    );
    assert!(
        summarize(&mgmt(360), &c, day, after_week())
            .violations
            .is_empty()
    );
    let s = summarize(&mgmt(361), &c, day, after_week());
    assert_eq!(rules(&s), vec!["max_management_hours_per_day"]);
    assert!(s.flagged);
    assert!(
        s.violations[0].message.contains("6h01m"),
        "{}",
        s.violations[0].message
    );
}

#[test]
fn weekly_technical_hours_under_at_and_over() {
    let mut c = cfg();
    c.boundaries[0].min_technical_hours = Some(8.0);
    c.boundaries[0].max_technical_hours = Some(20.0);
    let week = Period::week(d("2026-11-23"), WeekStart::Monday);
    let tech = |mins: i64| {
        // Spread over days so that no other rule fires.
        (0..5)
            .map(|i| {
                let s = t("2026-11-23T09:00:00+01:00") + chrono::Duration::days(i);
                Entry::new(s, s + chrono::Duration::seconds(mins * 60 / 5), "coding")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules(&summarize(&tech(8 * 60 - 5), &c, week, after_week())),
        vec!["min_technical_hours"]
    );
    assert!(
        summarize(&tech(8 * 60), &c, week, after_week())
            .violations
            .is_empty()
    );
    assert!(
        summarize(&tech(20 * 60), &c, week, after_week())
            .violations
            .is_empty()
    );
    assert_eq!(
        rules(&summarize(&tech(20 * 60 + 5), &c, week, after_week())),
        vec!["max_technical_hours"]
    );
    // The minimum is judged only once the week is over...
    let midweek = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    assert!(
        summarize(&tech(60), &c, week, midweek)
            .violations
            .is_empty()
    );
    // ...the maximum as soon as it is exceeded.
    assert_eq!(
        rules(&summarize(&tech(21 * 60), &c, week, midweek)),
        vec!["max_technical_hours"]
    );
    // Not for periods that are not whole weeks.
    let part = Period::new(d("2026-11-23"), d("2026-11-27"));
    assert!(
        summarize(&tech(60), &c, part, after_week())
            .violations
            .is_empty()
    );
}

#[test]
fn protected_block_partly_overlapped() {
    let mut c = cfg();
    c.boundaries[0].protected.push(Protected {
        days: vec![chrono::Weekday::Tue],
        from: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        side: Side::Technical,
    });
    let week = Period::week(d("2026-11-23"), WeekStart::Monday);
    // A meeting 11:15-12:30 on Tuesday: 45 minutes inside the block.
    let es = vec![
        e(
            "2026-11-24T09:00:00+01:00",
            "2026-11-24T11:15:00+01:00",
            "coding",
        ),
        e(
            "2026-11-24T11:15:00+01:00",
            "2026-11-24T12:30:00+01:00",
            "one-on-one",
        ),
        // Wednesday is not protected.
        e(
            "2026-11-25T09:00:00+01:00",
            "2026-11-25T10:00:00+01:00",
            "planning",
        ),
        // Other time inside the block does not break it.
    ];
    let s = summarize(&es, &c, week, after_week());
    assert_eq!(rules(&s), vec!["protected_block"]);
    assert_eq!(s.violations[0].seconds, 45 * 60);
    assert_eq!(s.violations[0].date, d("2026-11-24"));
    // Touching the block's end is not inside it.
    let es = vec![e(
        "2026-11-24T12:00:00+01:00",
        "2026-11-24T13:00:00+01:00",
        "one-on-one",
    )];
    assert!(summarize(&es, &c, week, after_week()).violations.is_empty());
    let es = vec![e(
        "2026-11-24T10:00:00+01:00",
        "2026-11-24T10:30:00+01:00",
        "break",
    )];
    assert!(summarize(&es, &c, week, after_week()).violations.is_empty());
}

#[test]
fn focus_blocks_join_back_to_back_technical_time() {
    let mut c = cfg();
    c.boundaries[0].min_focus_blocks = Some(2);
    let week = Period::week(d("2026-11-23"), WeekStart::Monday);
    let es = vec![
        // 60m coding + 30m review back to back: one 90m block.
        e(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T10:00:00+01:00",
            "coding",
        ),
        e(
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T10:30:00+01:00",
            "review",
        ),
        // 89m, then a one-minute gap: no block.
        e(
            "2026-11-24T09:00:00+01:00",
            "2026-11-24T10:29:00+01:00",
            "coding",
        ),
        e(
            "2026-11-24T10:30:00+01:00",
            "2026-11-24T11:00:00+01:00",
            "coding",
        ),
        // Broken by a meeting in between.
        e(
            "2026-11-25T09:00:00+01:00",
            "2026-11-25T10:00:00+01:00",
            "coding",
        ),
        e(
            "2026-11-25T10:00:00+01:00",
            "2026-11-25T10:15:00+01:00",
            "planning",
        ),
        e(
            "2026-11-25T10:15:00+01:00",
            "2026-11-25T11:00:00+01:00",
            "coding",
        ),
    ];
    let s = summarize(&es, &c, week, after_week());
    assert_eq!(s.focus_blocks, 1);
    assert_eq!(rules(&s), vec!["min_focus_blocks"]);
    let mut more = es.clone();
    more.push(e(
        "2026-11-26T13:00:00+01:00",
        "2026-11-26T14:30:00+01:00",
        "design",
    ));
    let s = summarize(&more, &c, week, after_week());
    assert_eq!(s.focus_blocks, 2);
    assert!(s.violations.is_empty());
    // What the week asks for goes with the count ("2 of 2"), scaled by the
    // days off like the rule (3 of 5 workdays left: 2 × 3/5, rounded down).
    assert_eq!(s.focus_blocks_asked, Some(2));
    let offs = off("2026-11-26", "2026-11-27");
    let s = super::summarize(&more, &c, &offs, week, after_week());
    assert_eq!(s.focus_blocks_asked, Some(1));
    c.boundaries[0].min_focus_blocks = None;
    assert_eq!(summarize(&more, &c, week, after_week()).focus_blocks_asked, None);
    // Not a week: no weekly minimum to hold the count against.
    c.boundaries[0].min_focus_blocks = Some(2);
    let day = Period::day(d("2026-11-23"));
    assert_eq!(summarize(&more, &c, day, after_week()).focus_blocks_asked, None);
}

#[test]
fn rolling_status_and_streak() {
    let c = cfg();
    // Four weeks of 20% technical, then a balanced week before them.
    let mut es = Vec::new();
    for w in 0..4 {
        let s = t("2026-11-02T09:00:00+01:00") + chrono::Duration::weeks(w);
        es.push(Entry::new(s, s + chrono::Duration::hours(2), "coding"));
        es.push(Entry::new(
            s + chrono::Duration::hours(2),
            s + chrono::Duration::hours(10),
            "planning",
        ));
    }
    let s = t("2026-10-26T09:00:00+01:00");
    es.push(Entry::new(s, s + chrono::Duration::hours(4), "coding"));
    es.push(Entry::new(
        s + chrono::Duration::hours(4),
        s + chrono::Duration::hours(10),
        "planning",
    ));
    let now_week = d("2026-11-23");
    let r = trend::rolling(&es, &c, &DaysOff::default(), now_week);
    assert_eq!((r.status, r.weeks), (Status::DriftManagement, 4));
    assert_eq!(r.technical_share, Some(0.2));
    let (st, more) = trend::streak_over(&es, &c, &DaysOff::default(), now_week, 8);
    assert_eq!(
        st,
        Streak {
            weeks: 4,
            status: Status::DriftManagement
        }
    );
    assert!(!more);
    // A balanced current week has no streak.
    assert_eq!(
        trend::streak([Status::Balanced, Status::DriftManagement]).weeks,
        0
    );
    assert_eq!(
        trend::streak([Status::DriftTechnical, Status::DriftManagement]).weeks,
        1
    );
}

#[test]
fn the_trend_by_week_and_its_longest_runs() {
    let c = cfg();
    // Weeks from 2 Nov: management, management, balanced, technical ×2,
    // management ×2 (the latest of two equal runs is the one kept), empty.
    let shares = [1, 1, 4, 9, 9, 1, 1];
    let mut es = Vec::new();
    for (w, tech) in shares.iter().enumerate() {
        let s = t("2026-11-02T09:00:00+01:00") + chrono::Duration::weeks(w as i64);
        let mid = s + chrono::Duration::hours(*tech);
        es.push(Entry::new(s, mid, "coding"));
        es.push(Entry::new(mid, s + chrono::Duration::hours(10), "planning"));
    }
    crate::model::sort(&mut es);
    let points = trend::weeks(
        &es,
        &c,
        &DaysOff::default(),
        d("2026-11-02"),
        d("2026-12-21"),
    );
    assert_eq!(points.len(), 8);
    let statuses: Vec<Status> = points.iter().map(|p| p.status).collect();
    use Status::*;
    assert_eq!(
        statuses,
        [
            DriftManagement,
            DriftManagement,
            Balanced,
            DriftTechnical,
            DriftTechnical,
            DriftManagement,
            DriftManagement,
            NoData
        ]
    );
    // Each week's totals are the period summary's for that week.
    for p in &points {
        let s = summarize(&es, &c, Period::week(p.start, c.week_start), after_week());
        assert_eq!(p.seconds, s.seconds);
        let set = c.boundaries_on(p.start);
        assert_eq!(p.band, (set.low(), set.high()));
    }
    let runs = trend::longest_runs(&points);
    assert_eq!(
        runs,
        [
            trend::Run {
                status: DriftManagement,
                weeks: 2,
                from: d("2026-12-07")
            },
            trend::Run {
                status: DriftTechnical,
                weeks: 2,
                from: d("2026-11-23")
            }
        ]
    );
}

#[test]
fn unknown_activities_count_as_other() {
    let c = cfg();
    let es = vec![e(
        "2026-11-23T09:00:00+01:00",
        "2026-11-23T10:00:00+01:00",
        "gardening",
    )];
    let s = summarize(&es, &c, Period::day(d("2026-11-23")), after_week());
    assert_eq!(s.seconds.other, 3600);
    assert_eq!(s.by_activity[0].side, Side::Other);
}

#[test]
fn a_seven_day_entry_across_dst_reaches_a_protected_block_at_its_end() {
    // A management entry of seven calendar days (169 hours over the October
    // change) ends 30 minutes into Saturday's protected block.
    let mut c = cfg();
    c.boundaries[0].protected.push(Protected {
        days: vec![chrono::Weekday::Sat],
        from: chrono::NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
        side: Side::Technical,
    });
    let week = Period::week(d("2026-10-26"), WeekStart::Monday);
    let es = vec![e(
        "2026-10-24T12:00:00+02:00",
        "2026-10-31T12:00:00+01:00",
        "admin",
    )];
    let s = summarize(&es, &c, week, after_week());
    let blocks: Vec<i64> = s
        .violations
        .iter()
        .filter(|v| v.rule.as_str() == "protected_block")
        .map(|v| v.seconds)
        .collect();
    assert_eq!(blocks, vec![30 * 60]);
}

// ---- real weeks: days off, too little logged --------------------------------

fn off(from: &str, to: &str) -> DaysOff {
    DaysOff::new(&[crate::model::off::Off {
        from: d(from),
        to: d(to),
        note: None,
        source: None,
    }])
}

/// The default rules (8h–20h technical, ≤6h management a day, 3×90m focus,
/// protected Tue/Thu mornings), judged once half the week is logged.
fn real_cfg() -> Config {
    let mut c = Config::builtin();
    c.zone = Zone::parse("Europe/Berlin").unwrap();
    c
}

#[test]
fn a_week_off_is_not_judged_at_all() {
    let c = real_cfg();
    let week = Period::week(d("2026-11-16"), WeekStart::Monday);
    // Nothing logged: used to be flagged for missing minimums.
    let s = super::summarize(
        &[],
        &c,
        &off("2026-11-16", "2026-11-20"),
        week,
        after_week(),
    );
    assert_eq!(s.status, Status::Off);
    assert!(!s.flagged && s.violations.is_empty(), "{s:?}");
    assert_eq!(s.days_off.len(), 5);
    assert_eq!(s.expected_seconds, 0);
    // Time logged on a day off still counts, and is still not judged, not
    // even by the daily cap.
    let es = [e(
        "2026-11-17T09:00:00+01:00",
        "2026-11-17T16:00:00+01:00",
        "planning",
    )];
    let s = super::summarize(
        &es,
        &c,
        &off("2026-11-16", "2026-11-20"),
        week,
        after_week(),
    );
    assert_eq!((s.status, s.flagged), (Status::Off, false));
    assert_eq!(s.seconds.management, 7 * 3600);
    // Without the days off, the same week breaks four rules.
    let s = super::summarize(&es, &c, &DaysOff::default(), week, after_week());
    assert_eq!(
        rules(&s),
        vec![
            "min_focus_blocks",
            "min_technical_hours",
            "max_management_hours_per_day",
            "protected_block"
        ]
    );
}

#[test]
fn minimums_scale_with_the_workdays_not_off() {
    let c = real_cfg();
    let week = Period::week(d("2026-11-09"), WeekStart::Monday);
    let days_off = off("2026-11-09", "2026-11-10");
    // Wed–Fri: 4h47m of coding in one stretch, 4h of planning a day.
    let mut es = vec![e(
        "2026-11-11T08:00:00+01:00",
        "2026-11-11T12:47:00+01:00",
        "coding",
    )];
    for day in ["11", "12", "13"] {
        es.push(e(
            &format!("2026-11-{day}T13:00:00+01:00"),
            &format!("2026-11-{day}T17:00:00+01:00"),
            "planning",
        ));
    }
    let s = super::summarize(&es, &c, &days_off, week, after_week());
    // 8h × 3/5 = 4h48m: one minute short. 3 × 3/5 = 1.8 → 1 block: met.
    assert_eq!(rules(&s), vec!["min_technical_hours"]);
    assert!(
        s.violations[0]
            .message
            .contains("under the 4h48m weekly minimum (2 of 5 workdays off)"),
        "{}",
        s.violations[0].message
    );
    assert_eq!(s.expected_seconds, 3 * 9 * 3600);
    assert_eq!(s.days_off, vec![d("2026-11-09"), d("2026-11-10")]);
    // One more minute meets the scaled minimum exactly.
    es[0].end = t("2026-11-11T12:48:00+01:00");
    let s = super::summarize(&es, &c, &days_off, week, after_week());
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    // Maximums do not scale: 21h of technical time breaks the 20h maximum.
    let many: Vec<Entry> = ["11", "12", "13"]
        .iter()
        .map(|day| {
            e(
                &format!("2026-11-{day}T12:00:00+01:00"),
                &format!("2026-11-{day}T19:00:00+01:00"),
                "coding",
            )
        })
        .collect();
    let s = super::summarize(&many, &c, &days_off, week, after_week());
    assert!(
        rules(&s).contains(&"max_technical_hours"),
        "{:?}",
        rules(&s)
    );
}

#[test]
fn a_week_holding_too_little_is_incomplete_not_drifting() {
    let c = real_cfg();
    let week = Period::week(d("2026-11-02"), WeekStart::Monday);
    // 3h coding and a 1h 1:1: 75% technical, but 4h of 45h expected.
    let es = [
        e(
            "2026-11-04T09:00:00+01:00",
            "2026-11-04T12:00:00+01:00",
            "coding",
        ),
        e(
            "2026-11-04T13:00:00+01:00",
            "2026-11-04T14:00:00+01:00",
            "one-on-one",
        ),
    ];
    let s = super::summarize(&es, &c, &DaysOff::default(), week, after_week());
    assert_eq!(s.status, Status::Incomplete);
    assert_eq!(s.expected_seconds, 45 * 3600);
    // Its rules are judged as ever: the finished week missed its minimums.
    assert!(s.flagged);
    assert_eq!(rules(&s), vec!["min_focus_blocks", "min_technical_hours"]);
    // Monday 10:00 of a week in progress, one hour of coding: no verdict,
    // and no minimum judged before the week is over.
    let monday = Period::week(d("2026-11-23"), WeekStart::Monday);
    let es = [e(
        "2026-11-23T09:00:00+01:00",
        "2026-11-23T10:00:00+01:00",
        "coding",
    )];
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let s = super::summarize(&es, &c, &DaysOff::default(), monday, now);
    assert_eq!((s.status, s.flagged), (Status::Incomplete, false));
    // A day is not a week: it keeps the share's verdict.
    let day = Period::day(d("2026-11-23"));
    let s = super::summarize(&es, &c, &DaysOff::default(), day, now);
    assert_eq!(s.status, Status::DriftTechnical);
    // Half the expected time, exactly: judged. Days off lower what is expected.
    let mut c2 = real_cfg();
    c2.boundaries[0].expected_hours_per_day = Some(2.0);
    let s = super::summarize(&es, &c2, &off("2026-11-24", "2026-11-27"), monday, now);
    assert_eq!(s.expected_seconds, 2 * 3600);
    assert_eq!(s.status, Status::DriftTechnical);
}

#[test]
fn streak_and_rolling_skip_weeks_off_and_weeks_too_thin_to_judge() {
    let mut c = real_cfg();
    let b = &mut c.boundaries[0];
    b.min_technical_hours = None;
    b.min_focus_blocks = None;
    b.protected.clear();
    b.max_management_hours_per_day = None;
    // A full week of 20% technical (9h a day), starting Monday `w`.
    let drifting = |w: &str| -> Vec<Entry> {
        let monday = t(&format!("{w}T08:00:00+01:00"));
        (0..5)
            .flat_map(|i| {
                let s = monday + chrono::Duration::days(i);
                let mid = s + chrono::Duration::minutes(108);
                [
                    Entry::new(s, mid, "coding"),
                    Entry::new(mid, s + chrono::Duration::hours(9), "planning"),
                ]
            })
            .collect()
    };
    let mut es = Vec::new();
    es.extend(drifting("2026-10-26"));
    es.extend(drifting("2026-11-02"));
    // 9 Nov: off. 16 Nov: two hours of coding only (incomplete).
    es.push(e(
        "2026-11-17T09:00:00+01:00",
        "2026-11-17T11:00:00+01:00",
        "coding",
    ));
    es.extend(drifting("2026-11-23"));
    let days_off = off("2026-11-09", "2026-11-13");
    let this = d("2026-11-23");
    let statuses: Vec<Status> = ["2026-11-23", "2026-11-16", "2026-11-09", "2026-11-02"]
        .iter()
        .map(|w| trend::week_status(&es, &c, &days_off, d(w)))
        .collect();
    assert_eq!(
        statuses,
        vec![
            Status::DriftManagement,
            Status::Incomplete,
            Status::Off,
            Status::DriftManagement
        ]
    );
    let (st, _) = trend::streak_over(&es, &c, &days_off, this, 8);
    assert_eq!(
        st,
        Streak {
            weeks: 3,
            status: Status::DriftManagement
        },
        "the off and the incomplete week neither extend nor break it"
    );
    // The rolling window: the last 4 weeks that are not off, so 26 Oct
    // counts and 9 Nov does not; the incomplete week's hours do.
    let r = trend::rolling(&es, &c, &days_off, this);
    let tech = 3 * 5 * 108 * 60 + 2 * 3600;
    let all = 3 * 45 * 3600 + 2 * 3600;
    assert_eq!(
        r.technical_share,
        Some(((tech as f64 / all as f64) * 10_000.0).round() / 10_000.0)
    );
    // Without days off, the empty week breaks the streak (no data) and the
    // window stops at 2 Nov.
    let (st, _) = trend::streak_over(&es, &c, &DaysOff::default(), this, 8);
    assert_eq!(st.weeks, 1);
}
