//! `keel plan` and the pacing of `keel status`, end to end: the real binary
//! on `tests/fixtures/plan/week48.ics`, a calendar for week 48 of 2026
//! (Mon 23 – Sun 29 Nov, Europe/Berlin), with the built-in config (workday
//! 09:00–18:00 Mon–Fri, band 40% ± 10%, management cap 6h a day, Tue and Thu
//! 09:00–12:00 protected for technical time, focus blocks of 90m, 3 a week).
//!
//! The calendar books (Berlin times):
//! - E1 "1:1 Bo", weekly on Mondays 10:00–10:30 → Mon 10:00–10:30, management
//! - E2 "1:1 Cy", weekly on Tuesdays 14:00–14:30, week 48's moved to Wed 15:00–15:30
//! - E3 "1:1 Di", weekly on Thursdays 16:00–16:30, week 48's cancelled: nothing
//! - E4 "Roadmap sync", Wed 10:00–11:00 in New York = Wed 16:00–17:00 here
//! - E5 "Hiring debrief", Tue 10:00–11:00: inside Tuesday's protected block
//! - E6 "Team planning", Thu 09:30–11:30: inside Thursday's protected block
//! - E7 "Interview loop", Thu 12:00–16:00; E8 "Ops review" (default
//!   cross-team), Thu 16:30–17:30: Thursday books 2 + 4 + 1 = 7h > 6h, and
//!   E8 is the one that takes it over the cap
//! - E9 "Design review: payments RFC", Fri 10:00–11:30: technical (design)
//! - E10 "Sprint planning", Fri 11:00–12:00: overlaps E9, which started
//!   first, so it counts 11:30–12:00 only
//! - E11 "Brown bag" (tentative) and E12 "Focus time" (a skip pattern): not booked
//!
//! Every expected figure below is worked out by hand in the comments.

mod common;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use common::{files, ok, run};

const H: i64 = 3600;
const M: i64 = 60;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan/week48.ics")
}

fn plan_json(home: &Path, now: &str) -> Value {
    let cal = fixture();
    let args = [
        "plan",
        "--calendar",
        cal.to_str().unwrap(),
        "--format",
        "json",
    ];
    serde_json::from_str(&ok(home, now, &args)).expect("plan prints JSON")
}

const MON_0800: &str = "2026-11-23T08:00:00+01:00";
const WED_1300: &str = "2026-11-25T13:00:00+01:00";
const THU_1200: &str = "2026-11-26T12:00:00+01:00";
const FRI_1700: &str = "2026-11-27T17:00:00+01:00";

/// Log each `(activity, span, date)` at a clock after it.
fn log(home: &Path, now: &str, items: &[(&str, &str, &str)]) {
    for (act, span, date) in items {
        ok(home, now, &["log", act, span, "--date", date]);
    }
}

/// Mon to Wed morning, as logged by Wednesday 13:00:
/// technical Mon 1h + 2h, Tue 2h, Wed 3h = 8h; management Mon 30m + 4h,
/// Tue 1h + 3h = 8h30m. Focus blocks (≥ 90m of unbroken technical time):
/// Mon 10:30–12:30, Tue 11:00–13:00, Wed 09:00–12:00 = 3.
const TO_WED_NOON: &[(&str, &str, &str)] = &[
    ("coding", "09:00-10:00", "2026-11-23"),
    ("one-on-one", "10:00-10:30", "2026-11-23"),
    ("coding", "10:30-12:30", "2026-11-23"),
    ("planning", "13:00-17:00", "2026-11-23"),
    ("hiring", "10:00-11:00", "2026-11-24"),
    ("review", "11:00-13:00", "2026-11-24"),
    ("cross-team", "14:00-17:00", "2026-11-24"),
    ("coding", "09:00-12:00", "2026-11-25"),
];

/// The rest of the week up to Friday 17:00: management Wed 2h + 30m + 1h,
/// Thu 2h + 4h + 1h, Fri 30m = 11h; technical Fri 1h30m + 4h30m = 6h, both
/// focus blocks (design 10:00–11:30 is exactly 90m; coding 12:00–16:30).
const WED_TO_FRI: &[(&str, &str, &str)] = &[
    ("cross-team", "13:00-15:00", "2026-11-25"),
    ("one-on-one", "15:00-15:30", "2026-11-25"),
    ("planning", "16:00-17:00", "2026-11-25"),
    ("planning", "09:30-11:30", "2026-11-26"),
    ("hiring", "12:00-16:00", "2026-11-26"),
    ("cross-team", "16:30-17:30", "2026-11-26"),
    ("design", "10:00-11:30", "2026-11-27"),
    ("planning", "11:30-12:00", "2026-11-27"),
    ("coding", "12:00-16:30", "2026-11-27"),
];

fn sides(t: i64, m: i64) -> Value {
    json!({"technical": t, "management": m, "other": 0})
}

/// `by_day` from (booked technical, booked management, free) Mon..Sun.
fn days(rows: [(i64, i64, i64); 7]) -> Value {
    let dates = [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
        "2026-11-29",
    ];
    Value::Array(
        dates
            .iter()
            .zip(rows)
            .map(|(d, (t, m, f))| {
                json!({"date": d, "booked_technical": t, "booked_management": m, "free": f})
            })
            .collect(),
    )
}

fn window(date: &str, from: &str, to: &str, minutes: i64) -> Value {
    json!({
        "date": date,
        "from": format!("{date}T{from}:00+01:00"),
        "to": format!("{date}T{to}:00+01:00"),
        "minutes": minutes,
    })
}

fn debrief_conflict() -> Value {
    json!({
        "rule": "protected_block", "date": "2026-11-24",
        "from": "2026-11-24T10:00:00+01:00", "to": "2026-11-24T11:00:00+01:00",
        "title": "Hiring debrief",
        "message": "Tue 24 Nov 09:00–12:00 is protected for technical time: \"Hiring debrief\" books 1h of management inside it",
    })
}

fn team_planning_conflict() -> Value {
    json!({
        "rule": "protected_block", "date": "2026-11-26",
        "from": "2026-11-26T09:30:00+01:00", "to": "2026-11-26T11:30:00+01:00",
        "title": "Team planning",
        "message": "Thu 26 Nov 09:00–12:00 is protected for technical time: \"Team planning\" books 2h of management inside it",
    })
}

fn cap_conflict() -> Value {
    json!({
        "rule": "max_management_hours_per_day", "date": "2026-11-26",
        "from": "2026-11-26T16:30:00+01:00", "to": "2026-11-26T17:30:00+01:00",
        "title": "Ops review",
        "message": "Thu 26 Nov: 0m logged and 7h booked of management, over the 6h daily cap by 1h: \"Ops review\" (16:30–17:30) takes it over",
    })
}

#[test]
fn monday_0800_the_whole_week_is_ahead() {
    let home = tempfile::tempdir().unwrap();
    let got = plan_json(home.path(), MON_0800);
    // Booked management: E1 30m + E5 1h + E2 30m + E4 1h + E6 2h + E7 4h
    // + E8 1h + E10 30m = 10h30m; technical E9 1h30m.
    // Free: 5 × 9h = 45h − 12h booked (all inside the workday) = 33h:
    // Mon 8h30m, Tue 8h, Wed 7h30m, Thu 9h − 7h = 2h, Fri 9h − 2h = 7h.
    // N = 1.5 + 10.5 + 33 = 45h; best = 34.5 / 45 = 76.67%;
    // needed = 0.3 × 45h − 1.5h = 12h.
    // Windows ≥ 90m: Mon 10:30–18:00, Tue 11:00–18:00, Wed 09:00–15:00
    // (then E2 15:00, E4 16:00), Fri 12:00–18:00; Thursday has only 30m gaps.
    let want = json!({
        "from": "2026-11-23", "to": "2026-11-29", "now": MON_0800,
        "seconds": {
            "logged": sides(0, 0),
            "booked": sides(90 * M, 10 * H + 30 * M),
            "free": 33 * H,
        },
        "best_share": 0.7667,
        "needed_technical_seconds": 12 * H,
        "reachable": true,
        "focus_windows": [
            window("2026-11-23", "10:30", "18:00", 450),
            window("2026-11-24", "11:00", "18:00", 420),
            window("2026-11-25", "09:00", "15:00", 360),
            window("2026-11-27", "12:00", "18:00", 360),
        ],
        "focus_blocks_needed": 3,
        "conflicts": [debrief_conflict(), team_planning_conflict(), cap_conflict()],
        "by_day": days([
            (0, 30 * M, 8 * H + 30 * M),
            (0, H, 8 * H),
            (0, 90 * M, 7 * H + 30 * M),
            (0, 7 * H, 2 * H),
            (90 * M, 30 * M, 7 * H),
            (0, 0, 0),
            (0, 0, 0),
        ]),
    });
    assert_eq!(got, want);
}

#[test]
fn wednesday_1300_what_is_logged_and_what_is_still_booked() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    let got = plan_json(home.path(), WED_1300);
    // Booked after 13:00: E2 30m + E4 1h + E6 2h + E7 4h + E8 1h + E10 30m
    // = 9h management; E9 1h30m technical. E5 (Tue) is past: not booked.
    // Free: Wed 13:00–15:00, 15:30–16:00, 17:00–18:00 = 3h30m; Thu 2h;
    // Fri 7h: 12h30m. T = 8h + 1h30m = 9h30m, M = 8h30m + 9h = 17h30m,
    // N = 39h30m: best = 22 / 39.5 = 55.70%; needed = 0.3 × 39.5h − 9.5h
    // = 2h21m. All three focus blocks are logged.
    let want = json!({
        "from": "2026-11-23", "to": "2026-11-29", "now": WED_1300,
        "seconds": {
            "logged": sides(8 * H, 8 * H + 30 * M),
            "booked": sides(90 * M, 9 * H),
            "free": 12 * H + 30 * M,
        },
        "best_share": 0.557,
        "needed_technical_seconds": 2 * H + 21 * M,
        "reachable": true,
        "focus_windows": [
            window("2026-11-25", "13:00", "15:00", 120),
            window("2026-11-27", "12:00", "18:00", 360),
        ],
        "focus_blocks_needed": 0,
        "conflicts": [team_planning_conflict(), cap_conflict()],
        "by_day": days([
            (0, 0, 0),
            (0, 0, 0),
            (0, 90 * M, 3 * H + 30 * M),
            (0, 7 * H, 2 * H),
            (90 * M, 30 * M, 7 * H),
            (0, 0, 0),
            (0, 0, 0),
        ]),
    });
    assert_eq!(got, want);
}

#[test]
fn friday_1700_only_the_last_hour_is_left() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), FRI_1700, TO_WED_NOON);
    log(home.path(), FRI_1700, WED_TO_FRI);
    let got = plan_json(home.path(), FRI_1700);
    // Nothing booked is ahead; free Fri 17:00–18:00 = 1h (no window).
    // T = 8h + 6h = 14h, M = 8h30m + 11h = 19h30m, N = 34h30m:
    // best = 15 / 34.5 = 43.48%; needed = max(0, 10.35h − 14h) = 0;
    // 5 focus blocks logged. The logged 7h on Thursday is a violation for
    // `report`, not a booked conflict.
    let want = json!({
        "from": "2026-11-23", "to": "2026-11-29", "now": FRI_1700,
        "seconds": {
            "logged": sides(14 * H, 19 * H + 30 * M),
            "booked": sides(0, 0),
            "free": H,
        },
        "best_share": 0.4348,
        "needed_technical_seconds": 0,
        "reachable": true,
        "focus_windows": [],
        "focus_blocks_needed": 0,
        "conflicts": [],
        "by_day": days([
            (0, 0, 0),
            (0, 0, 0),
            (0, 0, 0),
            (0, 0, 0),
            (0, 0, H),
            (0, 0, 0),
            (0, 0, 0),
        ]),
    });
    assert_eq!(got, want);
}

#[test]
fn a_day_off_has_no_free_time_and_its_meetings_still_count() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    ok(home.path(), WED_1300, &["off", "2026-11-27"]);
    let got = plan_json(home.path(), WED_1300);
    // As on Wednesday 13:00, but Friday is off: its 7h are not free, its
    // meetings (E9 1h30m technical, E10 30m) still count. Free 3h30m + 2h =
    // 5h30m; N = 9.5 + 17.5 + 5.5 = 32h30m: best = 15 / 32.5 = 46.15%;
    // needed = 0.3 × 32.5h − 9.5h = 15m. Focus blocks asked: 3 × 4/5 = 2.4
    // → 2, 3 logged: 0.
    let want = json!({
        "from": "2026-11-23", "to": "2026-11-29", "now": WED_1300,
        "seconds": {
            "logged": sides(8 * H, 8 * H + 30 * M),
            "booked": sides(90 * M, 9 * H),
            "free": 5 * H + 30 * M,
        },
        "best_share": 0.4615,
        "needed_technical_seconds": 15 * M,
        "reachable": true,
        "focus_windows": [window("2026-11-25", "13:00", "15:00", 120)],
        "focus_blocks_needed": 0,
        "conflicts": [team_planning_conflict(), cap_conflict()],
        "by_day": days([
            (0, 0, 0),
            (0, 0, 0),
            (0, 90 * M, 3 * H + 30 * M),
            (0, 7 * H, 2 * H),
            (90 * M, 30 * M, 0),
            (0, 0, 0),
            (0, 0, 0),
        ]),
    });
    assert_eq!(got, want);
}

#[test]
fn an_unreachable_week() {
    let home = tempfile::tempdir().unwrap();
    log(
        home.path(),
        THU_1200,
        &[
            ("planning", "09:00-17:00", "2026-11-23"),
            ("planning", "09:00-17:00", "2026-11-24"),
            ("planning", "09:00-17:00", "2026-11-25"),
        ],
    );
    let got = plan_json(home.path(), THU_1200);
    // Logged: 24h management. Booked after Thu 12:00: E7 4h + E8 1h + E10
    // 30m = 5h30m management, E9 1h30m technical. Free: Thu 16:00–16:30 and
    // 17:30–18:00 = 1h, Fri 7h: 8h. T = 1.5h, M = 29.5h, N = 39h:
    // best = 9.5 / 39 = 24.36%; needed = 0.3 × 39h − 1.5h = 10h12m > 8h.
    // Thursday books 5h of management, under the cap: no conflict.
    let want = json!({
        "from": "2026-11-23", "to": "2026-11-29", "now": THU_1200,
        "seconds": {
            "logged": sides(0, 24 * H),
            "booked": sides(90 * M, 5 * H + 30 * M),
            "free": 8 * H,
        },
        "best_share": 0.2436,
        "needed_technical_seconds": 10 * H + 12 * M,
        "reachable": false,
        "focus_windows": [window("2026-11-27", "12:00", "18:00", 360)],
        "focus_blocks_needed": 3,
        "conflicts": [],
        "by_day": days([
            (0, 0, 0),
            (0, 0, 0),
            (0, 0, 0),
            (0, 5 * H, H),
            (90 * M, 30 * M, 7 * H),
            (0, 0, 0),
            (0, 0, 0),
        ]),
    });
    assert_eq!(got, want);
    let table = ok(
        home.path(),
        THU_1200,
        &["plan", "--calendar", fixture().to_str().unwrap()],
    );
    assert!(
        table.contains(
            "The band is out of reach: 10h12m of technical work would be needed, and only 8h is free."
        ),
        "{table}"
    );
}

#[test]
fn the_table_says_the_plan_in_sentences() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    let cal = fixture();
    let out = ok(
        home.path(),
        WED_1300,
        &["plan", "--calendar", cal.to_str().unwrap()],
    );
    for line in [
        "Week 48 · Mon 23 Nov – Sun 29 Nov 2026 · the plan at Wed 25 Nov 13:00",
        "  logged so far  technical 8h · management 8h30m · other 0m",
        "  booked ahead   technical 1h30m · management 9h · other 0m",
        "  free           12h30m of workday time",
        "  At best the week reaches 56% technical (target 40% ±10%: 30–50%).",
        "  To reach the band, at least 2h21m of the 12h30m still free must go to technical work.",
        "    Fri 27 Nov 12:00–18:00  6h",
        "  ✗ Thu 26 Nov 09:00–12:00 is protected for technical time: \"Team planning\" books 2h of management inside it",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn next_week_and_a_date_name_the_week() {
    let home = tempfile::tempdir().unwrap();
    let cal = fixture();
    let c = cal.to_str().unwrap();
    let next: Value = serde_json::from_str(&ok(
        home.path(),
        "2026-11-18T10:00:00+01:00",
        &[
            "plan",
            "--week",
            "next",
            "--calendar",
            c,
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(next["from"], "2026-11-23");
    // Before the week begins every booked second counts: as on Monday 08:00.
    assert_eq!(next["seconds"]["free"], 33 * H);
    let dated: Value = serde_json::from_str(&ok(
        home.path(),
        "2026-11-18T10:00:00+01:00",
        &["plan", "--week", "2026-11-30", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(dated["from"], "2026-11-30");
    assert_eq!(dated["seconds"]["free"], 45 * H);
}

#[test]
fn a_calendar_that_cannot_be_read_or_is_not_one_fails_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("missing.ics");
    let o = run(
        home.path(),
        WED_1300,
        &["plan", "--calendar", missing.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("missing.ics") && err.contains("could not read"),
        "{err}"
    );
    let bad = home.path().join("bad.ics");
    std::fs::write(&bad, "not a calendar\n").unwrap();
    let o = run(
        home.path(),
        WED_1300,
        &["plan", "--calendar", bad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.ics") && err.contains("no BEGIN:VCALENDAR"),
        "{err}"
    );
    assert!(!home.path().join("data").exists(), "nothing was written");
}

#[test]
fn a_directory_of_calendars_is_read_file_by_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("cal");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(fixture(), dir.join("week48.ics")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not read").unwrap();
    let got: Value = serde_json::from_str(&ok(
        home.path(),
        MON_0800,
        &[
            "plan",
            "--calendar",
            dir.to_str().unwrap(),
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(got, plan_json(home.path(), MON_0800));
}

// ---- pacing in `keel status` (no calendars: free = the workday time left)

fn pace(home: &Path, now: &str) -> (Value, String) {
    let v: Value = serde_json::from_str(&ok(home, now, &["status", "--format", "json"])).unwrap();
    (v["pace"].clone(), ok(home, now, &["status"]))
}

#[test]
fn status_paces_the_week_from_the_workday_left() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    let (p, line) = pace(home.path(), WED_1300);
    // Free: Wed 13:00–18:00 5h + Thu 9h + Fri 9h = 23h. T 8h, M 8h30m,
    // N = 39h30m: needed = 0.3 × 39.5h − 8h = 3h51m; at most 0.5 × 39.5h −
    // 8h = 11h45m technical.
    assert_eq!(
        p,
        json!({
            "needed_technical_seconds": 3 * H + 51 * M,
            "max_technical_seconds": 11 * H + 45 * M,
            "free_seconds": 23 * H,
            "reachable": true,
        })
    );
    assert!(
        line.contains("to stay in band: 3h51m–11h45m technical of the 23h still free"),
        "{line}"
    );
}

#[test]
fn status_says_when_the_band_is_out_of_reach_and_when_technical_must_stop() {
    let home = tempfile::tempdir().unwrap();
    log(
        home.path(),
        FRI_1700,
        &[
            ("planning", "09:00-18:00", "2026-11-23"),
            ("planning", "09:00-18:00", "2026-11-24"),
            ("planning", "09:00-18:00", "2026-11-25"),
            ("planning", "09:00-18:00", "2026-11-26"),
            ("planning", "09:00-17:00", "2026-11-27"),
        ],
    );
    // M = 44h, T = 0, free 1h: needed 0.3 × 45h = 13h30m > 1h.
    let (p, line) = pace(home.path(), FRI_1700);
    assert_eq!(p["reachable"], false);
    assert_eq!(p["needed_technical_seconds"], 13 * H + 30 * M);
    assert!(line.contains("band out of reach this week"), "{line}");

    let home = tempfile::tempdir().unwrap();
    log(
        home.path(),
        THU_1200,
        &[
            ("coding", "09:00-18:00", "2026-11-23"),
            ("coding", "09:00-18:00", "2026-11-24"),
            ("planning", "09:00-18:00", "2026-11-25"),
        ],
    );
    // Thu 12:00: T 18h, M 9h, free 6h + 9h = 15h, N = 42h. At most 0.5 ×
    // 42h − 18h = 3h technical; nothing more needed (0.3 × 42h < 18h).
    let (p, line) = pace(home.path(), THU_1200);
    assert_eq!(p["max_technical_seconds"], 3 * H);
    assert_eq!(p["needed_technical_seconds"], 0);
    assert!(
        line.contains("to stay in band: at most 3h more technical of the 15h still free"),
        "{line}"
    );
}

#[test]
fn status_says_nothing_of_pace_when_no_workday_time_is_left() {
    let home = tempfile::tempdir().unwrap();
    let (p, line) = pace(home.path(), "2026-11-28T10:00:00+01:00");
    assert_eq!(p["free_seconds"], 0);
    assert!(!line.contains("in band"), "{line}");
    assert!(!line.contains("out of reach"), "{line}");
}

#[test]
fn plan_writes_nothing_in_the_data_directory() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    ok(home.path(), WED_1300, &["start", "coding"]);
    ok(home.path(), WED_1300, &["off", "2026-12-04"]);
    let before = files(&home.path().join("data"));
    plan_json(home.path(), WED_1300);
    ok(home.path(), WED_1300, &["status"]);
    assert_eq!(files(&home.path().join("data")), before);
}

mod never_writes {
    use super::*;
    use proptest::prelude::*;

    /// One data directory holding every kind of user data: entries, the
    /// running timer, a reflection, days off and the undo journal.
    fn home() -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        log(home.path(), WED_1300, TO_WED_NOON);
        ok(home.path(), WED_1300, &["start", "coding"]);
        ok(home.path(), WED_1300, &["off", "2026-12-04"]);
        ok(
            home.path(),
            WED_1300,
            &["review", "--week", "2026-11-23", "a week of meetings"],
        );
        home
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        #[test]
        fn plan_never_writes_user_data(
            minutes in 0i64..(21 * 24 * 60),
            week in prop::sample::select(vec!["this", "next", "2026-11-25", "2026-12-01"]),
            calendar in any::<bool>(),
            json in any::<bool>(),
        ) {
            let home = home();
            let data = home.path().join("data");
            let before = files(&data);
            prop_assert!(before.iter().any(|(p, _)| p.ends_with("running.toml")));
            prop_assert!(before.iter().any(|(p, _)| p.ends_with("reviews.toml")));
            prop_assert!(before.iter().any(|(p, _)| p.ends_with("time_off.toml")));
            prop_assert!(before.iter().any(|(p, _)| p.components().any(|c| c.as_os_str() == ".undo")));
            // Any instant over three weeks from Mon 16 Nov 2026.
            let start = chrono::DateTime::parse_from_rfc3339("2026-11-16T00:00:00+01:00").unwrap();
            let now = (start + chrono::Duration::minutes(minutes)).to_rfc3339();
            let cal = fixture();
            let mut args = vec!["plan", "--week", week];
            if calendar {
                args.extend(["--calendar", cal.to_str().unwrap()]);
            }
            if json {
                args.extend(["--format", "json"]);
            }
            let o = run(home.path(), &now, &args);
            prop_assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            prop_assert_eq!(files(&data), before);
        }
    }
}

// ---- configured `[[calendar]]`s

/// The built-in config with `[[calendar]]` tables.
fn with_calendars(home: &Path, tables: &str) {
    let default =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"))
            .unwrap();
    std::fs::write(home.join("config.toml"), format!("{default}\n{tables}")).unwrap();
}

fn calendar_table(path: &Path, extra: &str) -> String {
    format!(
        "[[calendar]]\npath = {:?}\nname = \"work\"\n{extra}",
        path.to_str().unwrap()
    )
}

#[test]
fn configured_calendars_are_read_like_calendar_files() {
    let with_flag = tempfile::tempdir().unwrap();
    log(with_flag.path(), WED_1300, TO_WED_NOON);
    let want = plan_json(with_flag.path(), WED_1300);
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    with_calendars(home.path(), &calendar_table(&fixture(), ""));
    let got: Value =
        serde_json::from_str(&ok(home.path(), WED_1300, &["plan", "--format", "json"])).unwrap();
    assert_eq!(got, want);
}

#[test]
fn status_paces_with_the_configured_calendars() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    with_calendars(home.path(), &calendar_table(&fixture(), ""));
    let (p, line) = pace(home.path(), WED_1300);
    // As `plan` at Wednesday 13:00: T 9h30m, M 17h30m, free 12h30m, N 39h30m;
    // needed 2h21m, at most 0.5 × 39.5h − 9.5h = 10h15m.
    assert_eq!(
        p,
        json!({
            "needed_technical_seconds": 2 * H + 21 * M,
            "max_technical_seconds": 10 * H + 15 * M,
            "free_seconds": 12 * H + 30 * M,
            "reachable": true,
        })
    );
    assert!(
        line.contains("to stay in band: 2h21m–10h15m technical of the 12h30m still free"),
        "{line}"
    );
}

#[test]
fn a_missing_calendar_fails_plan_and_status_falls_back_with_a_warning() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    let gone = home.path().join("gone.ics");
    with_calendars(home.path(), &calendar_table(&gone, ""));
    let o = run(home.path(), WED_1300, &["plan"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("gone.ics") && err.contains("\"work\""),
        "{err}"
    );

    let o = run(home.path(), WED_1300, &["status"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the pace leaves the calendars out")
            && err.contains("calendar \"work\"")
            && err.contains("gone.ics"),
        "{err}"
    );
    // Without calendars: free is the 23h of workday left (see above).
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(line.contains("of the 23h still free"), "{line}");
}

#[test]
fn a_vacation_calendar_makes_its_days_off_before_any_sync() {
    let home = tempfile::tempdir().unwrap();
    log(home.path(), WED_1300, TO_WED_NOON);
    let vacation = home.path().join("vacation.ics");
    std::fs::write(
        &vacation,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:v@x\r\nSUMMARY:Long weekend\r\n\
         DTSTART;VALUE=DATE:20261127\r\nDTEND;VALUE=DATE:20261128\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let tables = format!(
        "{}\n[[calendar]]\npath = {:?}\nname = \"vacation\"\noff = true\n",
        calendar_table(&fixture(), ""),
        vacation.to_str().unwrap()
    );
    with_calendars(home.path(), &tables);
    let got: Value =
        serde_json::from_str(&ok(home.path(), WED_1300, &["plan", "--format", "json"])).unwrap();
    // As with `keel off 2026-11-27` (above): Friday has no free time.
    assert_eq!(got["seconds"]["free"], 5 * H + 30 * M);
    assert_eq!(got["by_day"][4]["free"], 0);
    assert!(!home.path().join("data/time_off.toml").exists());
}
