//! The faces agree on the week's verdict: `keel status` (text and JSON),
//! `keel report` (table and JSON) say "flagged" exactly together; and a
//! block's times and duration read from the same rounded instants, so a
//! row or a message adds up.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Thursday 26 November 2026, 16:00 in Berlin.
const NOW: &str = "2026-11-26T16:00:00+01:00";

fn keel(dir: &Path, args: &[&str]) -> String {
    keel_at(dir, NOW, args)
}

fn keel_at(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("keel")
        .unwrap()
        .args(args)
        .env("EVENKEEL_NOW", now)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "keel {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A config whose weeks are judged however little is logged (the
/// default waits for half the expected time: `incomplete`).
fn judge_any_week(dir: &Path) {
    std::fs::write(
        dir.join("config.toml"),
        "[[boundaries]]\nsince = 2026-01-05\nmin_logged_fraction = 0\nmax_management_hours_per_day = 6\n",
    )
    .unwrap();
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&keel(dir, args)).unwrap()
}

#[test]
fn a_balanced_week_with_a_broken_rule_is_flagged_in_every_face() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    judge_any_week(d);
    // Monday: 7h of management (over the 6h daily cap), 5h technical: the
    // share (42%) is inside 30–50%, so the status is balanced.
    keel(
        d,
        &["log", "planning", "08:00-15:00", "--date", "2026-11-23"],
    );
    keel(d, &["log", "coding", "15:00-20:00", "--date", "2026-11-23"]);
    let report = json(d, &["report", "--format", "json"]);
    assert_eq!(report["status"], "balanced");
    assert_eq!(report["flagged"], true);
    let status = json(d, &["status", "--format", "json"]);
    assert_eq!(status["week"]["flagged"], true);
    let line = keel(d, &["status"]);
    assert!(
        line.contains("balanced · ⚑ flagged: 1 rule broken"),
        "{line}"
    );
    let table = keel(d, &["report"]);
    assert!(table.contains("⚑ flagged"), "{table}");
}

#[test]
fn an_unflagged_week_never_says_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    judge_any_week(d);
    keel(
        d,
        &["log", "planning", "09:00-12:00", "--date", "2026-11-23"],
    );
    keel(d, &["log", "coding", "12:00-14:00", "--date", "2026-11-23"]);
    let report = json(d, &["report", "--format", "json"]);
    assert_eq!(
        (report["status"].as_str(), report["flagged"].as_bool()),
        (Some("balanced"), Some(false))
    );
    for out in [keel(d, &["status"]), keel(d, &["report"])] {
        assert!(!out.contains("flagged"), "{out}");
    }
}

fn keel_fails(dir: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("keel")
        .unwrap()
        .args(args)
        .env("EVENKEEL_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "keel {args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn protected_blocks_are_added_and_removed_from_the_command_line_as_a_dated_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keel(d, &["config", "init"]);
    let before = std::fs::read_to_string(d.join("config.toml")).unwrap();
    let out = keel(
        d,
        &[
            "boundaries",
            "protect",
            "mon,wed",
            "13:00-15:00",
            "management",
        ],
    );
    assert!(out.contains("boundaries from 2026-11-23"), "{out}");
    assert!(
        out.contains("protected 2                   mon,wed 13:00–15:00  kept for management time"),
        "{out}"
    );
    let config = std::fs::read_to_string(d.join("config.toml")).unwrap();
    // The user's text stays; the change is a set dated this week.
    assert!(config.starts_with(&before[..before.find("[[boundaries]]").unwrap()]));
    assert!(config.contains("since = 2026-11-23"), "{config}");
    // Technical time inside a block kept for management breaks it this week…
    keel(d, &["log", "coding", "13:00-14:00", "--date", "2026-11-23"]);
    let week = json(d, &["report", "--format", "json"]);
    let rules: Vec<&str> = week["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"protected_block"), "{week}");
    // …and not in a week judged by the set in force before.
    keel(d, &["log", "coding", "13:00-14:00", "--date", "2026-11-16"]);
    let last = json(d, &["report", "--week", "2026-11-16", "--format", "json"]);
    assert!(
        !last["violations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["rule"] == "protected_block" && v["date"] == "2026-11-16"),
        "{last}"
    );

    // Bad input changes nothing, and says why.
    let now = std::fs::read_to_string(d.join("config.toml")).unwrap();
    for (args, says) in [
        (
            &["boundaries", "protect", "mon", "15:00-13:00"][..],
            "ends after it starts",
        ),
        (
            &["boundaries", "protect", "mo,xx", "09:00-10:00"][..],
            "is not a day",
        ),
        (
            &["boundaries", "protect", "mon", "09:00-10:00", "other"][..],
            "technical or management",
        ),
        (
            &["boundaries", "unprotect", "3"][..],
            "no protected block 3",
        ),
    ] {
        let e = keel_fails(d, args);
        assert!(e.contains(says), "{args:?}: {e}");
        assert_eq!(std::fs::read_to_string(d.join("config.toml")).unwrap(), now);
    }

    let out = keel(d, &["boundaries", "unprotect", "1"]);
    assert!(!out.contains("tue,thu"), "{out}");
    assert!(
        out.contains("protected 1                   mon,wed"),
        "{out}"
    );
    assert!(keel(d, &["undo"]).contains("unprotect block 1"));
    let show = keel(d, &["boundaries", "show"]);
    assert!(show.contains("protected 2"), "{show}");
    // The history says what each set changed, from the key table.
    assert!(show.contains("2026-11-23 ◀  2 protected blocks"), "{show}");
}

/// Issue 10, item 3: a timer keeps seconds (11:15:10–11:34:40 is 19m30s).
/// Times truncated and the duration rounded read "11:15–11:34 20m"; every
/// message and row shows both from the same rounded instants.
#[test]
fn a_block_with_seconds_reads_the_same_rounded_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keel_at(d, "2026-11-26T11:15:10+01:00", &["start", "coding"]);
    let stop = keel_at(d, "2026-11-26T11:34:40+01:00", &["stop"]);
    assert!(
        stop.contains("after 20m (Thu 26 Nov 11:15–11:35)"),
        "{stop}"
    );
    let rows = keel(
        d,
        &["entries", "--from", "2026-11-26", "--to", "2026-11-26"],
    );
    let row = rows.lines().find(|l| l.contains("coding")).unwrap();
    let words: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        words[..4],
        ["Thu", "2026-11-26", "11:15–11:35", "20m"],
        "{row}"
    );
    let json: Value = serde_json::from_str(&keel(
        d,
        &[
            "report",
            "--from",
            "2026-11-26",
            "--to",
            "2026-11-26",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(
        json["seconds"]["technical"],
        19 * 60 + 30,
        "JSON stays exact"
    );
    let deleted = keel(d, &["delete", "2026-11-26 11:15"]);
    assert!(
        deleted.contains("20m (Thu 26 Nov 11:15–11:35)"),
        "{deleted}"
    );
}
