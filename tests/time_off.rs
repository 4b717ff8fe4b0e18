//! Days off (issue: real weeks): `keel off` lists, adds and removes whole
//! days off in `time_off.toml`, through the same locked, atomic, undoable
//! store as entries; bad input changes nothing.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use tempfile::TempDir;

mod common;

use common::NOW;

struct Home(TempDir);

impl Home {
    fn new() -> Home {
        Home(TempDir::new().unwrap())
    }

    fn data(&self) -> PathBuf {
        self.0.path().join("data")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at(NOW, args)
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        common::run(self.0.path(), now, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(args, self.run(args))
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn at(&self, now: &str, args: &[&str]) -> String {
        common::stdout(args, self.run_at(now, args))
    }

    fn file(&self) -> Option<String> {
        fs::read_to_string(self.data().join("time_off.toml")).ok()
    }

    fn refused(&self, args: &[&str], says: &str) {
        let before = self.file();
        let o = self.run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "keel {args:?}: {err}");
        assert!(err.contains(says), "keel {args:?}: `{says}` not in {err}");
        assert_eq!(self.file(), before, "keel {args:?} wrote");
    }
}

#[test]
fn days_off_are_added_listed_split_and_undone() {
    let h = Home::new();
    assert!(h.ok(&["off"]).contains("no days off"));
    let out = h.ok(&["off", "2026-12-21", "2026-12-31", "--note", "winter break"]);
    assert!(out.contains("11 days off"), "{out}");
    h.ok(&["off", "2026-11-20"]);
    let list = h.ok(&["off"]);
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        vec![
            "Fri 2026-11-20  (1 day)",
            "Mon 2026-12-21 – Thu 2026-12-31  (11 days)  winter break"
        ],
        "{list}"
    );
    // Already off: nothing changes, not even the journal.
    let out = h.ok(&["off", "2026-12-24"]);
    assert!(out.contains("already off"), "{out}");
    // Removing days in the middle splits the range.
    let out = h.ok(&["off", "--remove", "2026-12-24", "2026-12-26"]);
    assert!(out.contains("3 days off removed"), "{out}");
    let text = h.file().unwrap();
    assert!(
        text.contains("from = 2026-12-21\nto = 2026-12-23\nnote = \"winter break\"")
            && text.contains("from = 2026-12-27\nto = 2026-12-31\nnote = \"winter break\""),
        "{text}"
    );
    h.ok(&["undo"]);
    assert!(
        h.ok(&["off"])
            .contains("Mon 2026-12-21 – Thu 2026-12-31  (11 days)")
    );
    h.ok(&["check"]);
}

#[test]
fn bad_ranges_change_nothing() {
    let h = Home::new();
    h.ok(&["off", "2026-12-21", "2026-12-23"]);
    h.refused(&["off", "2026-12-23", "2026-12-21"], "is before");
    h.refused(
        &["off", "--remove", "2026-12-23", "2026-12-21"],
        "is before",
    );
    h.refused(&["off", "--remove", "2026-11-02"], "no day from 2026-11-02");
    h.refused(&["off", "2026-02-30"], "2026-02-30");
    h.refused(&["off", "someday"], "someday");
    // A broken file is never written over.
    fs::write(
        h.data().join("time_off.toml"),
        "[[off]]\nfrom = 2026-12-24\nto = yes\n",
    )
    .unwrap();
    h.refused(&["off", "2026-12-28"], "time_off.toml:3:");
    let o = h.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("time_off.toml:3:"));
}

#[test]
fn a_full_week_off_is_off_not_flagged() {
    let h = Home::new();
    let w = h.json(&["report", "--week", "2026-11-16", "--format", "json"]);
    assert_eq!(w["flagged"], true, "an empty week used to be flagged: {w}");
    h.ok(&["off", "2026-11-16", "2026-11-20", "--note", "vacation"]);
    // An hour of mail on a day off still counts, and still is not judged.
    h.ok(&["log", "admin", "10:00-11:00", "--date", "2026-11-18"]);
    let w = h.json(&["report", "--week", "2026-11-16", "--format", "json"]);
    assert_eq!(w["status"], "off");
    assert_eq!(w["flagged"], false);
    assert_eq!(w["violations"].as_array().unwrap().len(), 0);
    assert_eq!(w["expected_seconds"], 0);
    assert_eq!(w["seconds"]["management"], 3600);
    assert_eq!(
        w["days_off"],
        serde_json::json!([
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20"
        ])
    );
    let table = h.ok(&["report", "--week", "2026-11-16"]);
    assert!(
        table.contains("Mon 16 Nov off") && table.contains("a week off"),
        "{table}"
    );
}

#[test]
fn two_days_off_scale_the_minimums() {
    let h = Home::new();
    h.ok(&["off", "2026-11-09", "2026-11-10"]);
    h.ok(&["log", "coding", "08:00-12:47", "--date", "2026-11-11"]);
    for day in ["2026-11-11", "2026-11-12", "2026-11-13"] {
        h.ok(&["log", "planning", "13:00-17:00", "--date", day]);
    }
    let w = h.json(&["report", "--week", "2026-11-09", "--format", "json"]);
    assert_eq!(w["expected_seconds"], 27 * 3600, "{w}");
    let v = w["violations"].as_array().unwrap();
    assert_eq!(v.len(), 1, "{w}");
    assert_eq!(v[0]["rule"], "min_technical_hours");
    assert_eq!(
        v[0]["message"],
        "week of 9 Nov 2026: 4h47m of technical time, under the 4h48m weekly minimum (2 of 5 workdays off)"
    );
    // Removing a day off raises the bar again (and one focus block is then
    // too few: 3 × 4/5 rounds down to 2).
    h.ok(&["off", "--remove", "2026-11-10"]);
    let w = h.json(&["report", "--week", "2026-11-09", "--format", "json"]);
    let rules: Vec<&str> = w["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["min_focus_blocks", "min_technical_hours"],
        "{w}"
    );
    assert!(
        w["violations"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("1 focus block of 90m or more, 2 asked (1 of 5 workdays off)"),
        "{w}"
    );
}

#[test]
fn a_week_with_too_little_logged_is_incomplete() {
    let h = Home::new();
    // A finished week with 4 hours in it: 75% technical, not a verdict.
    h.ok(&["log", "coding", "09:00-12:00", "--date", "2026-11-04"]);
    h.ok(&["log", "one-on-one", "13:00-14:00", "--date", "2026-11-04"]);
    let w = h.json(&["report", "--week", "2026-11-02", "--format", "json"]);
    assert_eq!(w["status"], "incomplete", "{w}");
    assert_eq!(w["expected_seconds"], 45 * 3600);
    let table = h.ok(&["report", "--week", "2026-11-02"]);
    assert!(table.contains("too little logged to judge"), "{table}");

    // Monday 10:00 of a week in progress, one hour of coding: never drifting.
    let monday = "2026-11-23T10:00:00+01:00";
    h.at(monday, &["log", "coding", "09:00-10:00"]);
    let st: serde_json::Value =
        serde_json::from_str(&h.at(monday, &["status", "--format", "json"])).unwrap();
    assert_eq!(st["week"]["status"], "incomplete", "{st}");
    assert_eq!(st["week"]["flagged"], false);
    let line = h.at(monday, &["status"]);
    assert!(
        line.contains("too little logged to judge: 1h of 45h"),
        "{line}"
    );
    // Thursday evening of a fully logged week: judged.
    let thursday = "2026-11-26T18:00:00+01:00";
    for day in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"] {
        h.at(thursday, &["log", "planning", "12:00-17:00", "--date", day]);
        h.at(thursday, &["log", "review", "17:00-18:00", "--date", day]);
    }
    let st: serde_json::Value =
        serde_json::from_str(&h.at(thursday, &["status", "--format", "json"])).unwrap();
    assert_eq!(st["week"]["status"], "drift-management", "{st}");
    assert_eq!(st["streak"], 1);
    assert_eq!(st["streak_status"], "drift-management");
}
