//! The forecast against a fixed week in Berlin (Mon 23 – Sun 29 Nov 2026,
//! workday 09:00–18:00, band 40% ± 10%), every figure worked out by hand.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::*;
use crate::config::{Config, Protected};
use crate::model::off::Off;
use crate::model::{Entry, WeekStart, Zone};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}:00+01:00")).unwrap()
}

fn u(s: &str) -> DateTime<Utc> {
    t(s).to_utc()
}

fn e(a: &str, b: &str, act: &str) -> Entry {
    Entry::new(t(a), t(b), act)
}

fn b(a: &str, z: &str, side: Side, title: &str) -> Booked {
    Booked {
        start: t(a),
        end: t(z),
        side,
        title: title.into(),
    }
}

const H: i64 = 3600;

fn cfg() -> Config {
    let mut c = Config::builtin();
    c.zone = Zone::parse("Europe/Berlin").unwrap();
    let s = &mut c.boundaries[0];
    s.max_management_hours_per_day = None;
    s.min_focus_blocks = None;
    s.protected.clear();
    c
}

fn week() -> Period {
    Period::week(d("2026-11-23"), WeekStart::Monday)
}

/// 4h technical and 13h management logged Mon–Wed morning.
fn logged() -> Vec<Entry> {
    vec![
        e("2026-11-23T09:00", "2026-11-23T11:00", "coding"),
        e("2026-11-23T11:00", "2026-11-23T17:00", "planning"),
        e("2026-11-24T09:00", "2026-11-24T11:00", "coding"),
        e("2026-11-24T11:00", "2026-11-24T17:00", "planning"),
        e("2026-11-25T09:00", "2026-11-25T10:00", "planning"),
    ]
}

/// 9h of management booked Thu and Fri.
fn booked() -> Vec<Booked> {
    vec![
        b("2026-11-26T09:00", "2026-11-26T12:00", Side::Management, "offsite"),
        b("2026-11-26T14:00", "2026-11-26T16:00", Side::Management, "hiring"),
        b("2026-11-27T09:00", "2026-11-27T13:00", Side::Management, "planning"),
    ]
}

fn run(c: &Config, off: &DaysOff, bk: &[Booked], now: &str) -> Forecast {
    forecast(&logged(), bk, c, off, week(), u(now))
}

#[test]
fn the_worked_example_of_the_issue() {
    // Wed 13:00. Logged T 4h, M 13h; booked M 9h → T 4h, M 22h.
    // Free: Wed 13–18 (5h), Thu 12–14 and 16–18 (4h), Fri 13–18 (5h) = 14h.
    // best = (4 + 14) / 40 = 45%; needed = 0.30 × 40h − 4h = 8h;
    // at most 0.50 × 40h − 4h = 16h may be technical: all 14h free.
    let f = run(&cfg(), &DaysOff::default(), &booked(), "2026-11-25T13:00");
    assert_eq!(f.seconds.logged.technical, 4 * H);
    assert_eq!(f.seconds.logged.management, 13 * H);
    assert_eq!(f.seconds.booked.management, 9 * H);
    assert_eq!(f.seconds.free, 14 * H);
    assert_eq!(f.best_share, Some(0.45));
    assert_eq!(f.needed_technical_seconds, 8 * H);
    assert_eq!(f.max_technical_seconds, 14 * H);
    assert!(f.reachable);
    let windows: Vec<(String, i64)> = f
        .focus_windows
        .iter()
        .map(|w| (w.from.format("%a %H:%M").to_string(), w.minutes))
        .collect();
    assert_eq!(
        windows,
        [
            ("Wed 13:00".to_string(), 300),
            ("Thu 12:00".to_string(), 120),
            ("Thu 16:00".to_string(), 120),
            ("Fri 13:00".to_string(), 300),
        ]
    );
    let free: Vec<i64> = f.by_day.iter().map(|x| x.free / 60).collect();
    assert_eq!(free, [0, 0, 300, 240, 300, 0, 0]);
    let mgmt: Vec<i64> = f.by_day.iter().map(|x| x.booked_management / 60).collect();
    assert_eq!(mgmt, [0, 0, 0, 300, 240, 0, 0]);
    let p = f.pace();
    assert_eq!(
        (p.needed_technical_seconds, p.max_technical_seconds, p.free_seconds),
        (8 * H, 14 * H, 14 * H)
    );
}

#[test]
fn before_the_week_every_booked_second_counts_and_every_workday_is_free() {
    // Sun 22 Nov 20:00: nothing logged in the week; 9h booked, 45h − 9h free.
    let f = forecast(
        &[],
        &booked(),
        &cfg(),
        &DaysOff::default(),
        week(),
        u("2026-11-22T20:00"),
    );
    assert_eq!(f.seconds.booked.management, 9 * H);
    assert_eq!(f.seconds.free, 36 * H);
    // needed = 0.3 × 45h = 13.5h; best = 36/45 = 80%.
    assert_eq!(f.needed_technical_seconds, 13 * H + 30 * 60);
    assert_eq!(f.best_share, Some(0.8));
}

#[test]
fn only_time_after_now_counts_and_overlaps_count_once() {
    let bk = vec![
        b("2026-11-26T10:00", "2026-11-26T11:00", Side::Management, "a"),
        b("2026-11-26T10:30", "2026-11-26T11:30", Side::Technical, "b"),
        // Same start as c but longer: d holds the hour.
        b("2026-11-26T14:00", "2026-11-26T15:00", Side::Technical, "c"),
        b("2026-11-26T14:00", "2026-11-26T16:00", Side::Management, "d"),
        // Inside d: gives way entirely.
        b("2026-11-26T14:15", "2026-11-26T14:45", Side::Technical, "e"),
    ];
    // Now Thu 10:15: a counts 45m, b 30m (after a), d 2h, c and e nothing.
    let f = run(&cfg(), &DaysOff::default(), &bk, "2026-11-26T10:15");
    assert_eq!(f.seconds.booked.management, 45 * 60 + 2 * H);
    assert_eq!(f.seconds.booked.technical, 30 * 60);
    let titles: Vec<&str> = f.booked.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["a", "b", "d"]);
    // Free Thu: 11:30–14:00 and 16:00–18:00 = 4h30m; Fri 9h.
    assert_eq!(f.seconds.free, 13 * H + 30 * 60);
}

#[test]
fn a_day_off_has_no_free_time_but_its_meetings_count() {
    let off = DaysOff::new(&[Off {
        from: d("2026-11-27"),
        to: d("2026-11-27"),
        note: None,
        source: None,
    }]);
    let f = run(&cfg(), &off, &booked(), "2026-11-25T13:00");
    // Friday off: its 4h meeting still counts; free is Wed 5h + Thu 4h.
    assert_eq!(f.seconds.booked.management, 9 * H);
    assert_eq!(f.seconds.free, 9 * H);
    assert_eq!(f.by_day[4].free, 0);
    assert_eq!(f.by_day[4].booked_management, 4 * H);
}

#[test]
fn unreachable_when_more_technical_is_needed_than_is_free() {
    // Now Fri 16:00: the booked meetings are past (not logged, so they do
    // not count) and 2h are free. With 7h more management logged on Wed:
    // T 4h, M 20h, N 26h; needed 0.3 × 26h − 4h = 3.8h > 2h.
    let mut es = logged();
    es.push(e("2026-11-25T10:00", "2026-11-25T17:00", "hiring"));
    let f = forecast(
        &es,
        &booked(),
        &cfg(),
        &DaysOff::default(),
        week(),
        u("2026-11-27T16:00"),
    );
    assert_eq!(f.seconds.booked.total(), 0);
    assert_eq!(f.seconds.free, 2 * H);
    assert_eq!(f.needed_technical_seconds, 3 * H + 48 * 60);
    assert!(!f.reachable);
    assert_eq!(f.best_share, Some(0.2308));
}

#[test]
fn a_week_heading_above_the_band_has_a_ceiling() {
    let mut es = logged();
    es.retain(|x| x.activity == "coding");
    es.push(e("2026-11-25T09:00", "2026-11-25T13:00", "coding"));
    // Wed 13:00: T 8h, M 0, booked M 9h, free 14h: N 31h.
    // at most 0.5 × 31 − 8 = 7.5h technical; at least 0.3 × 31 − 8 = 1.3h.
    let f = forecast(
        &es,
        &booked(),
        &cfg(),
        &DaysOff::default(),
        week(),
        u("2026-11-25T13:00"),
    );
    assert_eq!(f.max_technical_seconds, 7 * H + 30 * 60);
    assert_eq!(f.needed_technical_seconds, H + 18 * 60);
    assert!(f.reachable);
    // Above the band whatever the rest holds: unreachable.
    es.push(e("2026-11-25T13:00", "2026-11-25T17:00", "coding"));
    let mut c = cfg();
    c.boundaries[0].technical_share = 0.1;
    let f = forecast(
        &es,
        &[],
        &c,
        &DaysOff::default(),
        week(),
        u("2026-11-27T17:00"),
    );
    assert_eq!(f.max_technical_seconds, 0);
    assert!(!f.reachable);
}

#[test]
fn conflicts_name_the_rule_the_event_and_the_time() {
    let mut c = cfg();
    c.boundaries[0].max_management_hours_per_day = Some(4.0);
    c.boundaries[0].protected.push(Protected {
        days: vec![chrono::Weekday::Thu],
        from: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        side: Side::Technical,
    });
    // Wed: 1h logged + nothing booked; Thu: 3h offsite + 2h hiring = 5h > 4h,
    // hiring takes it over; the offsite is 2h inside the protected block.
    let f = run(&c, &DaysOff::default(), &booked(), "2026-11-25T13:00");
    let got: Vec<(&str, String, String)> = f
        .conflicts
        .iter()
        .map(|x| {
            (
                x.rule.as_str(),
                x.from.format("%a %H:%M").to_string(),
                x.title.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "protected_block",
                "Thu 09:00".to_string(),
                "offsite".to_string()
            ),
            (
                "max_management_hours_per_day",
                "Thu 14:00".to_string(),
                "hiring".to_string()
            ),
        ]
    );
    assert_eq!(
        f.conflicts[1].message,
        "Thu 26 Nov: 0m logged and 5h booked of management, over the 4h daily cap by 1h: \"hiring\" (14:00–16:00) takes it over"
    );
    assert_eq!(f.conflicts[0].to.format("%H:%M").to_string(), "11:00");
}

#[test]
fn focus_blocks_needed_scale_with_days_off_and_count_logged_blocks() {
    let mut c = cfg();
    c.boundaries[0].min_focus_blocks = Some(3);
    let f = run(&c, &DaysOff::default(), &booked(), "2026-11-25T13:00");
    // Two 2h coding blocks logged: 3 − 2 = 1.
    assert_eq!(f.focus_blocks_needed, 1);
    let off = DaysOff::new(&[Off {
        from: d("2026-11-26"),
        to: d("2026-11-27"),
        note: None,
        source: None,
    }]);
    // 3 of 5 workdays: 3 × 3/5 = 1.8 → 1 asked, 2 logged: 0.
    let f = run(&c, &off, &booked(), "2026-11-25T13:00");
    assert_eq!(f.focus_blocks_needed, 0);
}

#[test]
fn the_figures_add_up_by_day() {
    let f = run(&cfg(), &DaysOff::default(), &booked(), "2026-11-26T10:00");
    let free: i64 = f.by_day.iter().map(|x| x.free).sum();
    let mgmt: i64 = f.by_day.iter().map(|x| x.booked_management).sum();
    assert_eq!(free, f.seconds.free);
    assert_eq!(mgmt, f.seconds.booked.management);
    assert_eq!(f.by_day.len(), 7);
}

#[test]
fn booked_time_splits_at_local_midnight_in_real_seconds_across_dst() {
    // Berlin leaves summer time on Sunday 25 Oct 2026 at 03:00 (back to
    // 02:00). An event Sat 22:00 (+02:00) – Sun 04:00 (+01:00) lasts 7h:
    // 2h on Saturday, 5h on Sunday (midnight to 04:00 holds a repeated hour).
    let week = Period::week(d("2026-10-19"), WeekStart::Monday);
    let ev = Booked {
        start: DateTime::parse_from_rfc3339("2026-10-24T22:00:00+02:00").unwrap(),
        end: DateTime::parse_from_rfc3339("2026-10-25T04:00:00+01:00").unwrap(),
        side: Side::Management,
        title: "release night".into(),
    };
    let now = DateTime::parse_from_rfc3339("2026-10-19T08:00:00+02:00")
        .unwrap()
        .to_utc();
    let f = forecast(&[], &[ev], &cfg(), &DaysOff::default(), week, now);
    assert_eq!(f.seconds.booked.management, 7 * H);
    assert_eq!(f.by_day[5].booked_management, 2 * H);
    assert_eq!(f.by_day[6].booked_management, 5 * H);
    // The workdays are untouched: 5 × 9h free.
    assert_eq!(f.seconds.free, 45 * H);
}

#[test]
fn logged_time_ahead_of_now_is_not_free() {
    // An old calendar import left Friday 09:00–10:00 in the log: it counts
    // as logged, and Friday has 8h free, not 9h.
    let mut es = logged();
    es.push(e("2026-11-27T09:00", "2026-11-27T10:00", "planning"));
    let f = forecast(
        &es,
        &[],
        &cfg(),
        &DaysOff::default(),
        week(),
        u("2026-11-25T13:00"),
    );
    assert_eq!(f.seconds.logged.management, 14 * H);
    assert_eq!(f.by_day[4].free, 8 * H);
    assert_eq!(f.seconds.free, 5 * H + 9 * H + 8 * H);
}
