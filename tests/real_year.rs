//! A year as a real person has it: well-kept weeks, public holidays, a
//! Christmas break, a sick day and a two-week vacation. With the days off
//! recorded (`keel off`), no week is flagged — a person would flag none of
//! them. Without them, exactly the weeks emptied by time off are flagged,
//! which is what keel used to say. Fixed clock, the real binary.

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use evenkeel::model::Zone;
use serde_json::{Value, json};

mod common;

use common::NOW;

fn keel(home: &Path, args: &[&str]) -> String {
    common::ok(home, NOW, args)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Whole days off: (from, to).
const OFF: &[(&str, &str)] = &[
    ("2025-12-25", "2025-12-26"), // Christmas
    ("2025-12-29", "2026-01-02"), // the break, and New Year
    ("2026-03-11", "2026-03-11"), // sick
    ("2026-04-03", "2026-04-03"), // Good Friday
    ("2026-04-06", "2026-04-06"), // Easter Monday
    ("2026-05-01", "2026-05-01"),
    ("2026-05-14", "2026-05-14"), // Ascension
    ("2026-05-25", "2026-05-25"), // Whit Monday
    ("2026-08-03", "2026-08-14"), // vacation
];

fn is_off(day: NaiveDate) -> bool {
    OFF.iter().any(|(a, b)| d(a) <= day && day <= d(b))
}

/// A well-kept workday: a technical morning (the protected block), a
/// break, a management afternoon — 44% technical, under every cap.
fn day_entries(day: NaiveDate, zone: &Zone) -> Vec<Value> {
    let at = |h: u32, m: u32| {
        zone.resolve(day.and_hms_opt(h, m, 0).unwrap())
            .unwrap()
            .to_rfc3339()
    };
    [
        ((9, 0), (12, 30), "coding"),
        ((12, 30), (13, 30), "break"),
        ((13, 30), (15, 0), "one-on-one"),
        ((15, 0), (18, 0), "planning"),
    ]
    .iter()
    .map(|((h1, m1), (h2, m2), a)| json!({"start": at(*h1, *m1), "end": at(*h2, *m2), "activity": a}))
    .collect()
}

fn flagged_weeks(home: &Path, weeks: &[NaiveDate]) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    for w in weeks {
        let r: Value = serde_json::from_str(&keel(
            home,
            &["report", "--week", &w.to_string(), "--format", "json"],
        ))
        .unwrap();
        let status = r["status"].as_str().unwrap().to_string();
        assert_ne!(status, "incomplete", "week of {w}: {r}");
        if r["flagged"] == true {
            let rules: Vec<&str> = r["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["rule"].as_str().unwrap())
                .collect();
            out.push((*w, format!("{status} {}", rules.join(","))));
        }
    }
    out
}

#[test]
fn a_year_with_holidays_and_a_vacation_flags_no_week_a_person_would_not() {
    let zone = Zone::parse("Europe/Berlin").unwrap();
    let first = d("2025-12-01");
    let last = d("2026-11-16"); // the last finished week
    let mut rows = Vec::new();
    let mut day = first;
    while day <= last + Duration::days(6) {
        let workday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if workday && !is_off(day) {
            rows.extend(day_entries(day, &zone));
        }
        day += Duration::days(1);
    }
    let weeks: Vec<NaiveDate> =
        std::iter::successors(Some(first), |w| Some(*w + Duration::weeks(1)))
            .take_while(|w| *w <= last)
            .collect();
    assert_eq!(weeks.len(), 51);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("year.json");
    std::fs::write(&file, serde_json::to_string(&rows).unwrap()).unwrap();
    let with_off = dir.path().join("with");
    let without = dir.path().join("without");
    for home in [&with_off, &without] {
        // The default rules, in force the whole year.
        keel(home, &["config", "init"]);
        let config = home.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains("since = 2026-01-05"));
        std::fs::write(
            &config,
            text.replace("since = 2026-01-05", "since = 2025-12-01"),
        )
        .unwrap();
        keel(home, &["import", file.to_str().unwrap()]);
    }
    for (a, b) in OFF {
        keel(&with_off, &["off", a, b]);
    }

    assert_eq!(flagged_weeks(&with_off, &weeks), vec![]);
    // The same year without the days off: the emptied weeks are flagged
    // for minimums nobody could have met.
    let flagged = flagged_weeks(&without, &weeks);
    let dates: Vec<NaiveDate> = flagged.iter().map(|f| f.0).collect();
    assert_eq!(
        dates,
        vec![d("2025-12-29"), d("2026-08-03"), d("2026-08-10")],
        "{flagged:?}"
    );
    // And the streak and the rolling window of this week are not broken by
    // the vacation: the status line reads as a well-kept year.
    let st: Value =
        serde_json::from_str(&keel(&with_off, &["status", "--format", "json"])).unwrap();
    assert_eq!(st["rolling"]["status"], "balanced", "{st}");
    assert_eq!(st["streak"], 0);
}
