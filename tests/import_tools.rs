//! Timewarrior and Watson imports, from files recorded with the real tools
//! (timew 1.4.3 `timew export`, Watson 2.1.0 `frames`; tests/fixtures).

use std::path::PathBuf;

use assert_cmd::Command;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(dir: &tempfile::TempDir, args: &[&str]) -> (i32, String, String) {
    let o = Command::cargo_bin("keel")
        .unwrap()
        .env("EVENKEEL_DATA_DIR", dir.path().join("data"))
        .env("EVENKEEL_CONFIG", dir.path().join("config.toml"))
        .env("EVENKEEL_NOW", "2026-11-26T18:00:00+01:00")
        .env("TZ", "Europe/Berlin")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn timewarrior_tags_name_the_activity_and_the_rest_stay_tags() {
    let d = tempfile::tempdir().unwrap();
    let f = fixture("timewarrior.json");
    // `payments` alone names no activity: listed, nothing written.
    let (code, _, err) = run(&d, &["import", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("2026-11-24 10:00–10:30 payments: names no activity"),
        "{err}"
    );
    assert!(!d.path().join("data/entries").exists());
    // With a map it imports; the still-open interval is skipped.
    let (code, out, err) = run(&d, &["import", &f, "--map", "payments=coding"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 4 entries (3h45m), 1 skipped"), "{out}");
    assert!(out.contains("still open in Timewarrior"), "{out}");
    let (_, j, _) = run(&d, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let v = &v["entries"];
    // Recorded in UTC: 09:00Z is 10:00 in Berlin.
    assert_eq!(v[0]["start"], "2026-11-23T10:00:00+01:00");
    assert_eq!(v[0]["activity"], "coding");
    assert_eq!(v[0]["tags"], serde_json::json!(["payments"]));
    assert_eq!(v[1]["activity"], "review");
    assert_eq!(v[1]["tags"], serde_json::json!(["PR 42"]));
    assert_eq!(v[2]["note"], "phone screen");
    assert_eq!(v[2]["source"], "timew:20261123T130000Z");
    let (_, again, _) = run(&d, &["import", &f, "--map", "payments=coding"]);
    assert!(again.contains("added 0 entries"), "{again}");
}

#[test]
fn timewarrior_intervals_naming_none_or_two_are_all_listed() {
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&d, &["import", &fixture("timewarrior-unresolvable.json")]);
    assert_eq!(code, 2);
    assert!(err.contains("2 item(s) need fixing"), "{err}");
    assert!(err.contains("payments: names no activity"), "{err}");
    assert!(err.contains("names 2 activities (coding, review)"), "{err}");
    assert!(!d.path().join("data/entries").exists());
}

#[test]
fn watson_project_or_tag_names_the_activity() {
    let d = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&d, &["import", &fixture("watson/frames")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 3 entries (3h30m), 0 skipped"), "{out}");
    let (_, j, _) = run(&d, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let v = &v["entries"];
    assert_eq!(v[1]["activity"], "review");
    assert_eq!(v[1]["tags"], serde_json::json!(["payments", "pr-42"]));
    assert!(
        v[1]["source"]
            .as_str()
            .unwrap()
            .starts_with("watson:ebf540c8")
    );
    let (_, again, _) = run(&d, &["import", &fixture("watson/frames")]);
    assert!(again.contains("added 0 entries (0m), 3 skipped"), "{again}");
}

#[test]
fn watson_frames_naming_none_or_two_are_all_listed() {
    let d = tempfile::tempdir().unwrap();
    let f = fixture("watson-unresolvable/frames");
    let (code, _, err) = run(&d, &["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("2 item(s) need fixing"), "{err}");
    assert!(
        err.contains("2026-11-24 10:00–10:30 payments: names no activity"),
        "{err}"
    );
    assert!(err.contains("names 2 activities (coding, review)"), "{err}");
    assert!(!d.path().join("data/entries").exists());
}

#[test]
fn watson_frames_take_default_and_prefer() {
    let d = tempfile::tempdir().unwrap();
    let f = fixture("watson-unresolvable/frames");
    let (code, _, err) = run(&d, &["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("add --prefer coding"), "{err}");
    // Preferences in order: the first the frame names wins.
    let (code, out, err) = run(
        &d,
        &[
            "import",
            &f,
            "--default",
            "admin",
            "--prefer",
            "design",
            "--prefer",
            "coding",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 5 entries"), "{out}");
    assert!(out.contains("added 2026-11-24 10:00–10:30 admin"), "{out}");
    assert!(out.contains("added 2026-11-24 11:00–12:00 coding"), "{out}");
    let (_, j, _) = run(&d, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let last = &v["entries"].as_array().unwrap()[4];
    assert_eq!(last["activity"], "coding");
    assert_eq!(last["tags"], serde_json::json!(["review"]));
}
