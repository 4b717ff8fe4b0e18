//! The log holds time that has passed (issue: real weeks). No command writes
//! an entry that ends more than a minute after now; a span typed just after
//! midnight that wraps past it means the night that just ended; future
//! entries that older imports left are found by `keel check` and removed by
//! `keel delete --future` as one undo step.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use tempfile::TempDir;

mod common;

/// 00:50 on Friday 27 November 2026, in Berlin.
const JUST_AFTER_MIDNIGHT: &str = "2026-11-27T00:50:00+01:00";

struct Home(TempDir);

impl Home {
    fn new() -> Home {
        Home(TempDir::new().unwrap())
    }

    fn data(&self) -> PathBuf {
        self.0.path().join("data")
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        common::run(self.0.path(), now, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(args, self.run_at(JUST_AFTER_MIDNIGHT, args))
    }

    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        common::files(&self.data())
    }

    fn refused(&self, args: &[&str], says: &str) -> String {
        let before = self.files();
        let o = self.run_at(JUST_AFTER_MIDNIGHT, args);
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(o.status.code(), Some(2), "keel {args:?}: {err}");
        assert!(err.contains(says), "keel {args:?}: `{says}` not in {err}");
        assert_eq!(self.files(), before, "keel {args:?} wrote");
        err
    }

    fn starts(&self) -> Vec<(String, String)> {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["start"].as_str().unwrap().to_string(),
                    e["end"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

#[test]
fn a_block_later_today_is_refused() {
    let h = Home::new();
    let err = h.refused(&["log", "review", "14:00-15:00"], "ends in the future");
    assert!(err.contains("it is now 2026-11-27 00:50"), "{err}");
    // A duration ending now is fine, and so is one ending within the minute.
    h.ok(&["log", "coding", "20m"]);
    h.ok(&["log", "admin", "00:50-00:51"]);
}

#[test]
fn a_span_wrapping_past_midnight_is_last_night() {
    let h = Home::new();
    let out = h.ok(&["log", "coding", "23:50-00:20"]);
    assert!(out.contains("logged coding 30m"), "{out}");
    assert_eq!(
        h.starts(),
        vec![(
            "2026-11-26T23:50:00+01:00".to_string(),
            "2026-11-27T00:20:00+01:00".to_string()
        )]
    );
    // With an explicit date it is that night, which has not ended.
    h.refused(
        &["log", "coding", "23:50-00:20", "--date", "2026-11-27"],
        "ends in the future",
    );
    // A wrapped span that ends before now needs no reading.
    h.ok(&["log", "oncall", "23:00-00:30", "--date", "2026-11-25"]);
}

#[test]
fn an_edit_into_the_future_is_refused() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-26"]);
    h.refused(
        &[
            "edit",
            "2026-11-26 09:00",
            "--from",
            "2026-11-27 09:00",
            "--to",
            "2026-11-27 10:00",
        ],
        "ends in the future",
    );
    h.refused(
        // 16h30m: --long, so that the future is what refuses it.
        &[
            "edit",
            "2026-11-26 09:00",
            "--to",
            "2026-11-27 01:30",
            "--long",
        ],
        "ends in the future",
    );
}

#[test]
fn future_entries_left_by_an_old_import_are_found_and_removed_in_one_step() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-26"]);
    // An older keel imported tomorrow's meetings.
    let month = h.data().join("entries/2026-11.toml");
    let mut text = fs::read_to_string(&month).unwrap();
    for (s, e) in [
        ("2026-11-27T10:00:00+01:00", "2026-11-27T10:30:00+01:00"),
        ("2026-11-30T09:00:00+01:00", "2026-11-30T10:00:00+01:00"),
    ] {
        text.push_str(&format!(
            "\n[[entry]]\nstart = {s}\nend = {e}\nactivity = \"planning\"\n"
        ));
    }
    fs::write(&month, &text).unwrap();
    let o = h.run_at(JUST_AFTER_MIDNIGHT, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("planning entry 2026-11-27 10:00–10:30 ends in the future")
            && said.contains("2026-11-30 09:00")
            && said.contains("keel delete --future"),
        "{said}"
    );
    let out = h.ok(&["delete", "--future"]);
    assert!(out.contains("deleted 2 future entries"), "{out}");
    assert_eq!(h.starts().len(), 1);
    h.ok(&["check"]);
    let out = h.ok(&["delete", "--future"]);
    assert!(out.contains("nothing was changed"), "{out}");
    h.ok(&["undo"]);
    assert_eq!(h.starts().len(), 3, "one undo step brings both back");
    // `--future` and a START together make no sense.
    let o = h.run_at(
        JUST_AFTER_MIDNIGHT,
        &["delete", "2026-11-26 09:00", "--future"],
    );
    assert_eq!(o.status.code(), Some(2));
}
