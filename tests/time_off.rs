//! Days off (issue: real weeks): `keel off` lists, adds and removes whole
//! days off in `time_off.toml`, through the same locked, atomic, undoable
//! store as entries; bad input changes nothing.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use tempfile::TempDir;

const NOW: &str = "2026-11-26T16:00:00+01:00";

struct Home(TempDir);

impl Home {
    fn new() -> Home {
        Home(TempDir::new().unwrap())
    }

    fn data(&self) -> PathBuf {
        self.0.path().join("data")
    }

    fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_keel"))
            .args(args)
            .env("EVENKEEL_NOW", NOW)
            .env("TZ", "Europe/Berlin")
            .env("EVENKEEL_DATA_DIR", self.data())
            .env("EVENKEEL_CONFIG", self.0.path().join("config.toml"))
            .env("NO_COLOR", "1")
            .env_remove("EVENKEEL_TEST_FAILPOINT")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "keel {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
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
