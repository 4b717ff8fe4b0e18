//! Weekly reflections outside the Week screen (issue 10 item 15): in
//! `keel report` (table and JSON), carried by `keel export --format json`
//! and restored by `keel import`. Thursday 2026-11-26, 16:00 in Berlin.

mod common;

use std::fs;
use std::path::Path;

use common::NOW;
use serde_json::Value;

fn ok(home: &Path, args: &[&str]) -> String {
    common::ok(home, NOW, args)
}

fn json(home: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(home, args)).expect("JSON")
}

/// A log with two weeks of reflections: week 47's one line, week 48's two.
fn reflected() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["log", "coding", "9-12", "--date", "mon"]);
    ok(h, &["review", "--week", "2026-11-18", "Quiet week"]);
    let o = common::command(h, NOW)
        .args(["review", "-"])
        .write_stdin_text("Too many 1:1s.\nNext: two focus mornings.\n");
    common::stdout(&["review", "-"], o);
    home
}

trait StdinText {
    fn write_stdin_text(&mut self, text: &str) -> std::process::Output;
}

impl StdinText for std::process::Command {
    fn write_stdin_text(&mut self, text: &str) -> std::process::Output {
        use std::io::Write;
        let mut child = self
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("keel runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

#[test]
fn the_report_shows_the_reflections_of_its_weeks() {
    let home = reflected();
    let h = home.path();
    let week = ok(h, &["report"]);
    assert!(
        week.ends_with("\nReflection\n  Too many 1:1s.\n  Next: two focus mornings.\n"),
        "{week}"
    );
    assert!(!week.contains("Quiet week"), "{week}");
    let month = ok(h, &["report", "--month"]);
    assert!(
        month.contains(
            "Reflections\n  Week 47 · Mon 16 Nov – Sun 22 Nov 2026\n    Quiet week\n  Week 48 · Mon 23 Nov – Sun 29 Nov 2026\n    Too many 1:1s.\n    Next: two focus mornings.\n"
        ),
        "{month}"
    );
    // A week without one says how to write it.
    let empty = ok(h, &["report", "--week", "2026-11-09"]);
    assert!(
        empty.contains("Reflection\n  none written; `keel review --week 2026-11-09 \"…\"`"),
        "{empty}"
    );
}

#[test]
fn report_json_lists_the_reflections_always() {
    let home = reflected();
    let h = home.path();
    let r = json(h, &["report", "--format", "json"]);
    assert_eq!(
        r["reflections"],
        serde_json::json!([{"week": "2026-11-23", "text": "Too many 1:1s.\nNext: two focus mornings."}])
    );
    // A range that touches both weeks, by a day of each.
    let r = json(
        h,
        &[
            "report",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    let weeks: Vec<&str> = r["reflections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["week"].as_str().unwrap())
        .collect();
    assert_eq!(weeks, ["2026-11-16", "2026-11-23"]);
    let r = json(h, &["report", "--week", "2026-11-09", "--format", "json"]);
    assert_eq!(r["reflections"], serde_json::json!([]));
    // The summary's keys are all still there.
    assert!(r["by_day"].is_array() && r["flagged"].is_boolean());
}

#[test]
fn text_from_a_reflection_is_escaped_in_the_table_and_exact_in_json() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["review", "bell\u{7} and \u{1b}[2J clear"]);
    let t = ok(h, &["report"]);
    assert!(t.contains("  bell\\u{7} and \\e[2J clear\n"), "{t}");
    assert!(!t.contains('\u{1b}'));
    let r = json(h, &["report", "--format", "json"]);
    assert_eq!(r["reflections"][0]["text"], "bell\u{7} and \u{1b}[2J clear");
}

#[test]
fn export_carries_them_and_import_restores_them() {
    let home = reflected();
    let h = home.path();
    let export = ok(h, &["export", "--format", "json"]);
    let v: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(v["reflections"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["reflections"][0],
        serde_json::json!({"week": "2026-11-16", "text": "Quiet week"})
    );
    // A range carries the weeks that begin within it, each once.
    let part = ok(
        h,
        &[
            "export",
            "--format",
            "json",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-30",
        ],
    );
    let v: Value = serde_json::from_str(&part).unwrap();
    assert_eq!(v["reflections"].as_array().unwrap().len(), 1);
    assert_eq!(v["reflections"][0]["week"], "2026-11-23");

    let other = tempfile::tempdir().unwrap();
    let o = other.path();
    let file = o.join("backup.json");
    fs::write(&file, &export).unwrap();
    let f = file.to_str().unwrap();
    let dry = ok(o, &["import", f, "--dry-run"]);
    assert!(
        dry.contains("would add the reflection of the week of 2026-11-16"),
        "{dry}"
    );
    assert!(!o.join("data").exists());
    let out = ok(o, &["import", f]);
    assert!(
        out.contains("added the reflection of the week of 2026-11-23"),
        "{out}"
    );
    assert!(out.contains("2 reflection(s)"), "{out}");
    assert_eq!(
        ok(o, &["review"]),
        "Too many 1:1s.\nNext: two focus mornings.\n"
    );
    assert_eq!(ok(o, &["review", "--week", "2026-11-16"]), "Quiet week\n");
    // The whole import is one undo step, reflections included.
    ok(o, &["undo"]);
    let gone = common::run(o, NOW, &["review", "--week", "2026-11-16"]);
    assert_eq!(gone.status.code(), Some(0));
    assert!(gone.stdout.is_empty());
    // Importing twice adds nothing the second time.
    ok(o, &["import", f]);
    let again = ok(o, &["import", f]);
    assert!(
        again.contains("0 reflection(s) (2 already there)"),
        "{again}"
    );
}

#[test]
fn an_import_keeps_a_reflection_written_differently() {
    let home = reflected();
    let h = home.path();
    let export = ok(h, &["export", "--format", "json"]);
    let other = tempfile::tempdir().unwrap();
    let o = other.path();
    ok(o, &["review", "--week", "2026-11-16", "My own words"]);
    let file = o.join("backup.json");
    fs::write(&file, &export).unwrap();
    let out = ok(o, &["import", file.to_str().unwrap()]);
    assert!(
        out.contains("the week of 2026-11-16 keeps its reflection: the file's differs"),
        "{out}"
    );
    assert_eq!(ok(o, &["review", "--week", "2026-11-16"]), "My own words\n");
    assert!(ok(o, &["review"]).starts_with("Too many 1:1s."));
}

#[test]
fn an_export_without_reflections_still_imports() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let file = h.join("old.json");
    fs::write(
        &file,
        r#"{"entries": [{"start": "2026-11-23T09:00:00+01:00", "end": "2026-11-23T10:00:00+01:00", "activity": "coding"}], "days_off": []}"#,
    )
    .unwrap();
    let out = ok(h, &["import", file.to_str().unwrap()]);
    assert!(out.contains("added 1 entry (1h)"), "{out}");
    assert!(!h.join("data/reviews.toml").exists());
    // A bad week is named, and nothing is written.
    fs::write(
        &file,
        r#"{"entries": [], "reflections": [{"week": "last week", "text": "x"}]}"#,
    )
    .unwrap();
    let o = common::run(h, NOW, &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("reflections item 1: `week` = \"last week\" is not a date"),
        "{e}"
    );
    assert!(!h.join("data/reviews.toml").exists());
}

#[test]
fn keel_review_prints_writes_and_removes_a_weeks_reflection() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A week without a reflection is a normal state: exit 0, nothing on
    // stdout, and on stderr how to write one.
    let o = common::run(h, NOW, &["review"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("the week of 2026-11-23 has no reflection yet; `keel review --week 2026-11-23 \"…\"` writes one"),
        "{e}"
    );
    assert!(!h.join("data").exists());
    let out = ok(h, &["review", "--week", "mon", "Line one"]);
    assert_eq!(out, "saved the reflection of the week of 2026-11-23\n");
    assert_eq!(ok(h, &["review", "--week", "2026-11-29"]), "Line one\n");
    let out = ok(h, &["review", ""]);
    assert_eq!(out, "removed the reflection of the week of 2026-11-23\n");
    assert_eq!(ok(h, &["review"]), "");
    assert!(ok(h, &["undo"]).contains("review of the week of 2026-11-23"));
    assert_eq!(ok(h, &["review"]), "Line one\n");
}

#[test]
fn keel_review_takes_the_week_words_of_keel_plan() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["review", "--week", "last", "Last week's"]);
    ok(h, &["review", "--week", "this", "This week's"]);
    ok(h, &["review", "--week", "next", "Next week's"]);
    assert_eq!(ok(h, &["review", "--week", "2026-11-18"]), "Last week's\n");
    assert_eq!(ok(h, &["review", "--week", "yesterday"]), "This week's\n");
    assert_eq!(ok(h, &["review", "--week", "2026-12-06"]), "Next week's\n");
    assert_eq!(ok(h, &["review", "--week", "LAST"]), "Last week's\n");
    // The same words pick the same week in `keel report` and `keel plan`.
    let r = json(h, &["report", "--week", "last", "--format", "json"]);
    assert_eq!(r["from"], "2026-11-16", "{r}");
    let p = json(h, &["plan", "--week", "last", "--format", "json"]);
    assert_eq!(p["from"], "2026-11-16", "{p}");
    // A word that is not a week is named, with the words that are.
    let before = common::files(h);
    let o = common::run(h, NOW, &["review", "--week", "lastweek", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("`lastweek` is not a week: write this, last, next, or any day in it"),
        "{e}"
    );
    assert_eq!(common::files(h), before);
}

#[test]
fn keel_review_empty_text_with_nothing_to_remove_says_so_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = ok(h, &["review", ""]);
    assert_eq!(
        out,
        "nothing to remove: the week of 2026-11-23 has no reflection\n"
    );
    assert!(!h.join("data").exists(), "nothing may be written");
    // With other data there: still nothing written, and no undo step.
    ok(h, &["review", "--week", "last", "Kept"]);
    let before = common::files(h);
    let out = ok(h, &["review", "--week", "this", "  "]);
    assert!(out.starts_with("nothing to remove"), "{out}");
    assert_eq!(common::files(h), before);
    assert!(ok(h, &["undo"]).contains("review of the week of 2026-11-16"));
}

#[test]
fn an_empty_stdin_never_removes_a_reflection() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["review", "Worth keeping"]);
    let before = common::files(h);
    for input in ["", "\n  \n"] {
        let o = common::command(h, NOW)
            .args(["review", "-"])
            .write_stdin_text(input);
        assert_eq!(o.status.code(), Some(2), "{input:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(
            e.contains("stdin was empty: nothing was saved, and no reflection was removed"),
            "{e}"
        );
        assert!(
            e.contains("`keel review --week 2026-11-23 \"\"` removes the week's reflection"),
            "{e}"
        );
        assert_eq!(common::files(h), before);
    }
    assert_eq!(ok(h, &["review"]), "Worth keeping\n");
}
