//! The faces agree on the week's verdict: `keel status` (text and JSON),
//! `keel report` (table and JSON) say "flagged" exactly together.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Thursday 26 November 2026, 16:00 in Berlin.
const NOW: &str = "2026-11-26T16:00:00+01:00";

fn keel(dir: &Path, args: &[&str]) -> String {
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
    assert!(
        out.status.success(),
        "keel {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&keel(dir, args)).unwrap()
}

#[test]
fn a_balanced_week_with_a_broken_rule_is_flagged_in_every_face() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
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
