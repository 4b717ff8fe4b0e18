//! Keys and commands that must not surprise, through the real binary:
//! activity keys that would hide a TUI command (`keel check`), correcting
//! the running timer (`keel edit running`), and blocks over 12 hours
//! (`--long`). Clock, zone and paths are pinned (tests/common).

mod common;

use std::fs;
use std::path::Path;

use common::{NOW, files, ok, run};

fn write_config(home: &Path, text: &str) {
    fs::write(home.join("config.toml"), text).unwrap();
}

/// The default config with some keys changed (`c` → `q`, …).
fn default_with(keys: &[(&str, &str)]) -> String {
    let mut text = include_str!("../config/default.toml").to_string();
    for (from, to) in keys {
        text = text.replace(&format!("key = \"{from}\""), &format!("key = \"{to}\""));
    }
    text
}

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn check_reports_an_activity_key_that_hides_a_command_and_the_rest_keeps_working() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write_config(h, &default_with(&[("c", "q"), ("i", "1")]));
    let o = run(h, NOW, &["check"]);
    let said = text(&o);
    assert_eq!(code(&o), Some(2), "{said}");
    let config = h.join("config.toml");
    let line = |name: &str| {
        let t = fs::read_to_string(&config).unwrap();
        let at = t.find(&format!("name = \"{name}\"")).unwrap();
        let key_line = t[at..].find("key = ").unwrap() + at;
        t[..key_line].lines().count() + 1
    };
    for (key, activity, command, l) in [
        ("q", "coding", "quit (also Ctrl-C)", line("coding")),
        (
            "1",
            "one-on-one",
            "switch to the Today tab",
            line("one-on-one"),
        ),
    ] {
        let want = format!(
            "{}:{l}:7: key \"{key}\" of activity `{activity}` would hide the TUI command \"{command}\"",
            config.display()
        );
        assert!(said.contains(&want), "missing {want:?} in:\n{said}");
    }
    assert!(said.contains("2 problems found"), "{said}");
    // Every other command reads the config as before: a shell prompt's
    // `keel status` does not break, and the CLI still knows the activity.
    ok(h, NOW, &["status"]);
    let started = ok(h, NOW, &["start", "coding"]);
    assert!(started.contains("started coding"), "{started}");
}

#[test]
fn the_default_config_passes_check_and_binds_no_tab_key() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, NOW, &["config", "init"]);
    let out = ok(h, NOW, &["check"]);
    assert!(out.contains("config and 0 month files are valid"), "{out}");
    let written = fs::read_to_string(h.join("config.toml")).unwrap();
    for k in ["1", "2", "3", "4"] {
        assert!(!written.contains(&format!("key = \"{k}\"")), "binds {k}");
    }
    assert!(written.contains("name = \"one-on-one\"\nside = \"management\"\nkey = \"i\""));
}

/// Refused with exit 2, naming what is wrong (each of `says`), and nothing
/// in the home directory changed.
fn refused(home: &Path, args: &[&str], says: &[&str]) -> String {
    let before = files(home);
    let o = run(home, NOW, args);
    let said = text(&o);
    assert_eq!(code(&o), Some(2), "keel {args:?}: {said}");
    for s in says {
        assert!(said.contains(s), "keel {args:?} does not say {s:?}: {said}");
    }
    assert_eq!(files(home), before, "keel {args:?} changed files");
    said
}

#[test]
fn a_block_over_12_hours_needs_long() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(
        h,
        NOW,
        &["log", "coding", "09:00-10:00", "--date", "2026-11-21"],
    );
    // A duration, a span with --date, and a span across midnight.
    refused(
        h,
        &["log", "coding", "30h"],
        &["lasts 30h", "longer than 12 hours", "--long"],
    );
    refused(
        h,
        &["log", "oncall", "09:00-22:00", "--date", "mon"],
        &["lasts 13h", "add --long"],
    );
    refused(
        h,
        &["log", "oncall", "20:00-09:00", "--date", "mon"],
        &["lasts 13h", "add --long"],
    );
    // Twelve hours exactly is an ordinary block.
    ok(h, NOW, &["log", "oncall", "09:00-21:00", "--date", "tue"]);
    let out = ok(
        h,
        NOW,
        &["log", "coding", "30h", "--at", "2026-11-23 06:00", "--long"],
    );
    assert!(out.contains("logged coding 30h"), "{out}");
    let listed = ok(
        h,
        NOW,
        &["entries", "--from", "2026-11-22", "--to", "2026-11-22"],
    );
    assert!(listed.contains("30h"), "{listed}");
    // An edit that stretches an entry past 12 hours asks for --long too;
    // one that leaves a long entry as long (its note) does not.
    refused(
        h,
        &["edit", "2026-11-24 09:00", "--to", "23:30"],
        &["lasts 14h30m", "--long"],
    );
    ok(
        h,
        NOW,
        &["edit", "2026-11-24 09:00", "--to", "23:30", "--long"],
    );
    ok(
        h,
        NOW,
        &["edit", "2026-11-24 09:00", "--note", "release night"],
    );
    let out = ok(h, NOW, &["entries", "--from", "tue", "--to", "tue"]);
    assert!(
        out.contains("release night") && out.contains("14h30m"),
        "{out}"
    );
}

#[test]
fn edit_running_corrects_the_timer_by_the_rules_of_start() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    refused(
        h,
        &["edit", "running", "--activity", "review"],
        &["no timer is running"],
    );
    ok(h, NOW, &["log", "design", "13:00-14:00"]);
    ok(h, NOW, &["start", "coding", "--at", "15:00"]);
    refused(h, &["edit", "running"], &["nothing to change"]);
    refused(
        h,
        &["edit", "running", "--activity", "reviw"],
        &["unknown activity `reviw`", "did you mean `review`"],
    );
    // Not in the future, not over a logged entry: the words of `start`.
    refused(
        h,
        &["edit", "running", "--from", "2026-11-26 16:30"],
        &["2026-11-26 16:30 is in the future; a timer starts now or earlier"],
    );
    refused(
        h,
        &["edit", "running", "--from", "13:30"],
        &[
            "a timer from 2026-11-26 13:30 would run over the design entry from 2026-11-26 13:00 to 14:00; start it after 14:00",
        ],
    );
    refused(
        h,
        &["edit", "running", "--to", "15:30"],
        &["keel stop --at 15:30"],
    );
    // The wrong activity and a late start, fixed in one step.
    let out = ok(
        h,
        NOW,
        &[
            "edit",
            "running",
            "--activity",
            "review",
            "--from",
            "14:00",
            "--note",
            "PR 12",
            "--tag",
            "payments",
        ],
    );
    assert!(out.contains("coding since 15:00"), "{out}");
    assert!(out.contains("review since 14:00 (2h so far)"), "{out}");
    let status: serde_json::Value =
        serde_json::from_str(&ok(h, NOW, &["status", "--format", "json"])).unwrap();
    assert_eq!(status["running"]["activity"], "review");
    assert_eq!(status["running"]["start"], "2026-11-26T14:00:00+01:00");
    let running = fs::read_to_string(h.join("data/running.toml")).unwrap();
    assert!(
        running.contains("note = \"PR 12\"") && running.contains("payments"),
        "{running}"
    );
    // One undo step takes it all back.
    let undone = ok(h, NOW, &["undo"]);
    assert!(undone.contains("edit the running coding timer"), "{undone}");
    let status: serde_json::Value =
        serde_json::from_str(&ok(h, NOW, &["status", "--format", "json"])).unwrap();
    assert_eq!(status["running"]["activity"], "coding");
    assert_eq!(status["running"]["start"], "2026-11-26T15:00:00+01:00");
    // A timer begun before midnight: HH:MM means the most recent one.
    let after_midnight = "2026-11-27T00:30:00+01:00";
    ok(
        h,
        after_midnight,
        &["start", "debugging", "--at", "2026-11-26 23:40"],
    );
    let out = ok(h, after_midnight, &["edit", "running", "--from", "23:50"]);
    assert!(out.contains("debugging since Thu 26 Nov 23:50"), "{out}");
}

#[test]
fn no_command_writes_a_block_under_a_minute() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // `20s` ending now would read "16:00–16:00 0m" everywhere.
    refused(h, &["log", "review", "20s"], &["lasts 20s, under a minute"]);
    ok(h, NOW, &["log", "review", "14:00-14:30"]);
    refused(
        h,
        &["edit", "2026-11-26 14:00", "--to", "2026-11-26 14:00:30"],
        &["under a minute"],
    );
    // An edit that leaves the times alone is not judged by them.
    ok(h, NOW, &["edit", "2026-11-26 14:00", "--note", "PR 7"]);
}

#[test]
fn a_timer_left_running_over_12_hours_is_not_stopped_silently() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, NOW, &["start", "coding", "--at", "2026-11-26 02:00"]);
    // Stopping or switching now would log 14 hours: most likely forgotten.
    refused(
        h,
        &["stop"],
        &[
            "has run 14h since 2026-11-26 02:00",
            "keel stop --at TIME",
            "--long",
        ],
    );
    refused(h, &["start", "review"], &["has run 14h", "then switch"]);
    // Its real end, or --long to keep it all.
    let out = ok(h, NOW, &["stop", "--at", "10:00"]);
    assert!(out.contains("8h"), "{out}");
    ok(h, NOW, &["start", "design", "--at", "10:00"]);
    ok(h, NOW, &["undo"]);
    ok(h, NOW, &["undo"]);
    let out = ok(h, NOW, &["stop", "--long"]);
    assert!(out.contains("14h"), "{out}");
}
