//! The promises of the reliability section of the README that are not about
//! interruption (tests/crash.rs has those): an honest undo journal that
//! cannot be turned into a way to write anywhere, journal files no more
//! readable than the data they copy, inputs keel could not read back
//! refused, and `keel check` naming every file it does not expect.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
        // From inside the home: a relative path in a journal would resolve here.
        common::command(self.0.path(), now)
            .current_dir(self.0.path())
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(args, self.run(args))
    }

    /// Expect exit `code` and nothing written; return stdout and stderr.
    fn refused(&self, code: i32, args: &[&str]) -> String {
        let before = snapshot(self.0.path());
        let o = self.run(args);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(code), "keel {args:?}: {said}");
        assert_eq!(snapshot(self.0.path()), before, "keel {args:?} wrote");
        said
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    common::files(dir)
}

fn last_step(data: &Path) -> PathBuf {
    let mut steps: Vec<PathBuf> = fs::read_dir(data.join(".undo"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    steps.sort();
    steps.pop().expect("a journal step")
}

#[test]
fn a_hand_written_journal_step_cannot_make_undo_write_elsewhere() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let step = last_step(&h.data());
    let outside = h.0.path().join("victim.txt");
    fs::write(&outside, "precious").unwrap();
    let original = fs::read_to_string(&step).unwrap();
    assert!(
        original.contains("\"file\":\"entries/2026-11.toml\""),
        "journal paths are relative: {original}"
    );
    for hostile in [
        outside.display().to_string(),
        "../victim.txt".to_string(),
        "entries/../../victim.txt".to_string(),
        "victim.txt".to_string(),
        ".undo/00000001.json".to_string(),
    ] {
        let mut v: serde_json::Value = serde_json::from_str(&original).unwrap();
        v["files"][0]["file"] = hostile.clone().into();
        v["files"][0]["after"] = serde_json::Value::Null;
        fs::write(&step, v.to_string()).unwrap();
        let said = h.refused(1, &["undo"]);
        assert!(said.contains("not a file keel keeps"), "{hostile}: {said}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
    }
    // Put back, undo works as ever.
    fs::write(&step, &original).unwrap();
    h.ok(&["undo"]);
    assert!(!h.data().join("entries/2026-11.toml").exists());
}

#[cfg(unix)]
#[test]
fn journal_files_are_no_more_readable_than_the_month_they_copy() {
    use std::os::unix::fs::PermissionsExt;
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let month = h.data().join("entries/2026-11.toml");
    fs::set_permissions(&month, fs::Permissions::from_mode(0o600)).unwrap();
    h.ok(&["log", "review", "10:00-11:00"]);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&month), 0o600, "the month keeps its own permissions");
    assert_eq!(mode(&last_step(&h.data())), 0o600);
    // And undo of it still works.
    h.ok(&["undo"]);
    assert_eq!(mode(&month), 0o600);
}

#[test]
fn undo_list_shows_what_can_be_undone_and_the_bound() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    h.ok(&[
        "log",
        "review",
        "10:00-11:00",
        "--note",
        "\u{1b}]0;PWNED\u{7}",
    ]);
    let out = h.ok(&["undo", "--list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("log review 2026-11-26 10:00"), "{out}");
    assert!(lines[1].contains("log coding 2026-11-26 09:00"), "{out}");
    assert!(out.contains("2 change(s) can be undone"), "{out}");
    assert!(
        out.contains("keeps the last 50 and at most 16 MiB"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

#[test]
fn years_keel_cannot_read_back_are_refused() {
    let h = Home::new();
    // The last minutes keel can hold (the log holds no future, so the clock
    // is there too).
    let end_of_time = "9999-12-31T23:59:00+01:00";
    let at_end = |args: &[&str]| {
        let o = h.run_at(end_of_time, args);
        (
            o.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let before = snapshot(h.0.path());
    let (code, said) = at_end(&["log", "coding", "23:00-01:00", "--date", "9999-12-31"]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("year 10000"), "{said}");
    assert!(said.contains("1 to 9999"), "{said}");
    assert_eq!(snapshot(h.0.path()), before, "nothing written");
    // The last day keel can hold is fine.
    let (code, said) = at_end(&["log", "coding", "21:00-22:00", "--date", "9999-12-31"]);
    assert_eq!(code, Some(0), "{said}");
    let (_, exported) = at_end(&["export", "--format", "json"]);
    assert!(exported.contains("9999-12-31T21:00:00+01:00"), "{exported}");
    assert_eq!(at_end(&["check"]).0, Some(0));
}

#[test]
fn check_names_files_it_does_not_expect() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let entries = h.data().join("entries");
    fs::write(entries.join("2026-13.toml"), "[[entry]]\n").unwrap();
    let said = h.refused(2, &["check"]);
    assert!(
        said.contains("2026-13.toml") && said.contains("not named after a month"),
        "{said}"
    );
    fs::remove_file(entries.join("2026-13.toml")).unwrap();

    fs::write(entries.join("notes.txt"), "todo").unwrap();
    let said = h.refused(2, &["check"]);
    assert!(
        said.contains("notes.txt") && said.contains("may hold data"),
        "{said}"
    );
    fs::remove_file(entries.join("notes.txt")).unwrap();

    // Editor backups, dotfiles and leftover temporary files: warnings, exit 0.
    fs::write(entries.join("2026-11.toml~"), "old").unwrap();
    fs::write(entries.join(".2026-11.toml.swp"), "swap").unwrap();
    fs::write(entries.join(".keel-AbC123.tmp"), "torn").unwrap();
    let out = h.ok(&["check"]);
    assert!(
        out.contains("entries/2026-11.toml~ is not a month file"),
        "{out}"
    );
    assert!(out.contains(".2026-11.toml.swp"), "{out}");
    assert!(
        out.contains(".keel-AbC123.tmp is left over from an interrupted write"),
        "{out}"
    );
    // The next change removes the leftover temporary file, not the others.
    h.ok(&["log", "review", "10:00-11:00"]);
    assert!(!entries.join(".keel-AbC123.tmp").exists());
    assert!(entries.join("2026-11.toml~").exists());
}

#[test]
fn a_timer_overlapping_an_entry_is_a_problem_for_check() {
    // The state an interrupted `keel stop` used to leave: the entry written
    // and the timer still running.
    let h = Home::new();
    h.ok(&["start", "coding", "--at", "14:00"]);
    let running = fs::read_to_string(h.data().join("running.toml")).unwrap();
    h.ok(&["stop"]);
    fs::write(h.data().join("running.toml"), running).unwrap();
    let said = h.refused(2, &["check"]);
    assert!(
        said.contains("running coding timer") && said.contains("overlaps"),
        "{said}"
    );
}

#[test]
fn an_interrupted_change_from_another_machine_is_never_replayed() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let month = h.data().join("entries/2026-11.toml");
    let text = fs::read_to_string(&month).unwrap();
    // A synced folder carried another machine's intent here.
    let intent = serde_json::json!({
        "description": "log planning",
        "at": NOW,
        "kind": "change",
        "host": "elsewhere/0000",
        "files": [{"file": "entries/2026-11.toml", "before": null, "after": "x"}]
    });
    let foreign = h.data().join(".undo/pending-00000000deadbeef.json");
    fs::write(&foreign, intent.to_string()).unwrap();
    let out = h.ok(&["entries"]);
    assert!(out.contains("coding"), "read as it is: {out}");
    h.ok(&["log", "review", "10:00-11:00"]);
    assert!(fs::read_to_string(&month).unwrap().len() > text.len());
    assert!(foreign.exists(), "left for its own machine");
    let check = h.ok(&["check"]);
    assert!(
        check.contains("interrupted change from another machine"),
        "{check}"
    );
}

#[test]
fn a_reader_recovers_an_interrupted_change_and_says_so() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let before = fs::read_to_string(h.data().join("entries/2026-11.toml")).unwrap();
    // What a kill after the intent and the first file leaves: the month
    // rewritten, the intent still there.
    let host = format!(
        "{}/{}",
        fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .unwrap_or_default()
            .trim(),
        fs::read_to_string("/etc/machine-id")
            .unwrap_or_default()
            .trim()
    );
    let after = before.replace("09:00", "08:00");
    let intent = serde_json::json!({
        "description": "edit coding",
        "at": NOW,
        "kind": "change",
        "host": host,
        "files": [{"file": "entries/2026-11.toml", "before": before, "after": after}]
    });
    // The intent's name is this machine's (see journal::pending_path): find
    // it by making keel write one and stop at it.
    let o = Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(["log", "review", "11:00-12:00"])
        .env("EVENKEEL_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_DATA_DIR", h.data())
        .env("EVENKEEL_CONFIG", h.0.path().join("config.toml"))
        .env("EVENKEEL_TEST_FAILPOINT", "abort:5")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(137));
    let pending: PathBuf = fs::read_dir(h.data().join(".undo"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pending-")
        })
        .expect("an intent");
    fs::write(&pending, intent.to_string()).unwrap();
    fs::write(h.data().join("entries/2026-11.toml"), &after).unwrap();
    let o = h.run(&["entries"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("rolled back an interrupted change (\"edit coding\")"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("09:00"));
    assert_eq!(
        fs::read_to_string(h.data().join("entries/2026-11.toml")).unwrap(),
        before
    );
    assert!(!pending.exists());
}
