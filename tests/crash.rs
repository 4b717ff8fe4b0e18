//! Crash safety, proven rather than argued (SQLite's crash tests are the
//! model). Every command that changes files is run once to count its
//! filesystem operations, then interrupted at each of them in turn:
//!
//! - `abort:N` ends the process at the Nth operation as a `kill -9` would
//!   (no destructor runs, temporary files stay behind);
//! - `enospc:N` fails the Nth operation and every later one with "no space
//!   left on device", as a disk that stays full.
//!
//! After each interruption, the next keel command must see exactly the old
//! state or the new one (entries, timer, reflections, config), `keel check`
//! must pass, and `keel undo` must do what it does after the command ran
//! whole if the change happened, or what it does without the command if
//! not. A command that reported failure must have
//! changed nothing.
//!
//! The failpoint lives in debug builds only (`cargo test` builds those) and
//! is armed by `EVENKEEL_TEST_FAILPOINT`; a release build never reads it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

mod common;

use common::NOW;

fn keel(home: &Path, args: &[&str], failpoint: Option<&str>) -> Output {
    let mut c = common::command(home, NOW);
    if let Some(f) = failpoint {
        c.env("EVENKEEL_TEST_FAILPOINT", f);
    }
    c.args(args).output().expect("keel runs")
}

fn ok(home: &Path, args: &[&str]) -> String {
    common::stdout(args, keel(home, args, None))
}

/// What a user can observe: every entry (through the export, which also
/// recovers an interrupted change first), the timer, the reflections and the
/// config.
#[derive(Debug, Clone, PartialEq)]
struct State {
    entries: String,
    running: Option<String>,
    reviews: Option<String>,
    config: Option<String>,
}

fn state(home: &Path) -> State {
    let entries = ok(home, &["export", "--format", "json"]);
    let read = |p: PathBuf| fs::read_to_string(p).ok();
    State {
        entries,
        running: read(home.join("data/running.toml")),
        reviews: read(home.join("data/reviews.toml")),
        config: read(home.join("config.toml")),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn leftovers(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            leftovers(&p, out);
        } else if p.file_name().unwrap().to_string_lossy().ends_with(".tmp")
            || p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pending")
        {
            out.push(p);
        }
    }
}

struct Scenario {
    name: &'static str,
    /// Commands that make the state the command starts from.
    setup: Vec<Vec<String>>,
    command: Vec<String>,
}

fn words(s: &[&str]) -> Vec<String> {
    s.iter().map(|w| w.to_string()).collect()
}

/// The history every scenario starts from: two months of entries, a
/// reflection, a config written out, a timer running since 14:00.
fn base() -> Vec<Vec<String>> {
    vec![
        words(&["config", "init"]),
        words(&["log", "coding", "09:00-10:00", "--date", "2026-10-30"]),
        words(&["log", "review", "10:00-11:00", "--date", "2026-11-02"]),
        words(&["review", "--week", "2026-11-02", "a first week"]),
        words(&["start", "design", "--at", "14:00"]),
    ]
}

fn with(mut setup: Vec<Vec<String>>, more: &[&[&str]]) -> Vec<Vec<String>> {
    setup.extend(more.iter().map(|c| words(c)));
    setup
}

/// Interrupt `s.command` at each of its filesystem operations in `mode`.
/// Returns how many interruption points were exercised.
fn exercise(s: &Scenario, mode: &str) -> usize {
    let root = TempDir::new().unwrap();
    let base = root.path().join("base");
    fs::create_dir_all(&base).unwrap();
    for c in &s.setup {
        ok(&base, &c.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let before = state(&base);
    let cmd: Vec<&str> = s.command.iter().map(String::as_str).collect();

    // Count the operations, and see the state the command leads to.
    let counted = root.path().join("counted");
    copy_dir(&base, &counted);
    let o = keel(&counted, &cmd, Some("count"));
    assert!(
        o.status.success(),
        "{}: {cmd:?} failed:\n{}",
        s.name,
        String::from_utf8_lossy(&o.stderr)
    );
    let points = String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| l.starts_with("failpoint "))
        .count();
    let after = state(&counted);
    assert_ne!(after, before, "{}: the command changed nothing", s.name);
    assert!(points > 0, "{}: no write points counted", s.name);
    // What a `keel undo` must lead to after the command: run uninterrupted.
    ok(&counted, &["undo"]);
    let undone_if_made = state(&counted);
    let not_made = root.path().join("not-made");
    copy_dir(&base, &not_made);
    ok(&not_made, &["undo"]);
    let undone_if_not_made = state(&not_made);

    for n in 1..=points {
        let at = format!("{mode}:{n}");
        let home = root.path().join(format!("{mode}-{n}"));
        copy_dir(&base, &home);
        let o = keel(&home, &cmd, Some(&at));
        let stderr = String::from_utf8_lossy(&o.stderr).to_string();
        if mode == "abort" {
            assert_eq!(o.status.code(), Some(137), "{} at {at}: {stderr}", s.name);
        }
        let now = state(&home);
        let happened = if now == after {
            true
        } else if now == before {
            false
        } else {
            panic!(
                "{} interrupted at {at}: neither the old state nor the new one:\n{}\nold: {}\nnew: {}\nrunning: {:?} (old {:?}, new {:?})\n{stderr}",
                s.name,
                now.entries,
                before.entries,
                after.entries,
                now.running,
                before.running,
                after.running
            );
        };
        if mode == "enospc" {
            assert_eq!(
                o.status.success(),
                happened,
                "{} at {at}: the exit status must say whether the change was made: {stderr}",
                s.name
            );
            if !o.status.success() {
                assert_eq!(o.status.code(), Some(1), "{} at {at}: {stderr}", s.name);
            }
        }
        // The reader recovered (or there was nothing to recover). Temporary
        // files of a write killed before its intent existed may remain until
        // the next change; `keel check` names them, as warnings.
        let mut left = Vec::new();
        leftovers(&home.join("data"), &mut left);
        assert!(
            !left.iter().any(|p| p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pending")),
            "{} at {at}: an intent survived a reader: {left:?}",
            s.name
        );
        let check = keel(&home, &["check"], None);
        let said = String::from_utf8_lossy(&check.stdout).to_string();
        assert!(
            check.status.success(),
            "{} at {at}: keel check: {said}{}",
            s.name,
            String::from_utf8_lossy(&check.stderr)
        );
        for p in &left {
            assert!(
                said.contains(&p.display().to_string()) && said.contains("left over"),
                "{} at {at}: check does not name {p:?}: {said}",
                s.name
            );
        }
        ok(&home, &["undo"]);
        let mut left = Vec::new();
        leftovers(&home.join("data"), &mut left);
        assert!(
            left.is_empty(),
            "{} at {at}: left behind after the next change: {left:?}",
            s.name
        );
        let undone = state(&home);
        let expected = if happened {
            &undone_if_made
        } else {
            &undone_if_not_made
        };
        assert_eq!(
            &undone,
            expected,
            "{} at {at} (change {}): undo did not revert the last change that happened",
            s.name,
            if happened { "made" } else { "not made" }
        );
    }
    points
}

fn scenarios(import_file: &Path) -> Vec<Scenario> {
    let import = import_file.to_str().unwrap();
    vec![
        Scenario {
            name: "log beside a running timer",
            setup: base(),
            command: words(&["log", "mentoring", "11:00-12:00"]),
        },
        Scenario {
            name: "stop",
            setup: base(),
            command: words(&["stop"]),
        },
        Scenario {
            name: "switch",
            setup: base(),
            command: words(&["start", "coding"]),
        },
        Scenario {
            name: "edit across months",
            setup: base(),
            command: words(&[
                "edit",
                "2026-10-30 09:00",
                "--from",
                "2026-11-02 12:00",
                "--to",
                "2026-11-02 13:00",
            ]),
        },
        Scenario {
            name: "delete",
            setup: base(),
            command: words(&["delete", "2026-11-02 10:00"]),
        },
        Scenario {
            name: "import of several months",
            setup: base(),
            command: words(&["import", import]),
        },
        Scenario {
            name: "undo of an edit across months",
            setup: with(
                base(),
                &[&[
                    "edit",
                    "2026-10-30 09:00",
                    "--from",
                    "2026-11-03 12:00",
                    "--to",
                    "2026-11-03 13:00",
                ]],
            ),
            command: words(&["undo"]),
        },
        Scenario {
            name: "undo of a stop",
            setup: with(base(), &[&["stop"]]),
            command: words(&["undo"]),
        },
        Scenario {
            name: "boundaries set",
            setup: base(),
            command: words(&["boundaries", "set", "technical_share=0.5"]),
        },
        Scenario {
            name: "reflection",
            setup: base(),
            command: words(&["review", "a second thought"]),
        },
        Scenario {
            name: "edit running",
            setup: base(),
            command: words(&["edit", "running", "--activity", "coding", "--from", "13:30"]),
        },
    ]
}

/// A keel export of entries over three months, made by keel itself.
fn import_file(dir: &Path) -> PathBuf {
    let src = dir.join("source");
    for (date, span) in [
        ("2026-09-14", "09:00-10:30"),
        ("2026-10-12", "13:00-14:00"),
        ("2026-11-09", "15:00-16:00"),
        ("2026-11-10", "09:00-09:45"),
    ] {
        ok(&src, &["log", "planning", span, "--date", date]);
    }
    let file = dir.join("several-months.json");
    fs::write(&file, ok(&src, &["export", "--format", "json"])).unwrap();
    file
}

fn matrix(mode: &str) {
    let dir = TempDir::new().unwrap();
    let file = import_file(dir.path());
    let mut total = 0;
    for s in scenarios(&file) {
        let n = exercise(&s, mode);
        eprintln!("{mode}: {:<32} {n:>3} interruption points", s.name);
        total += n;
    }
    // For the record, past the test harness's capture of print!.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "crash matrix ({mode}): {total} interruption points exercised, every one consistent"
    );
    assert!(total > 100, "suspiciously few write points: {total}");
}

#[test]
fn every_change_survives_a_kill_at_every_write_point() {
    matrix("abort");
}

#[test]
fn every_change_survives_a_full_disk_at_every_write_point() {
    matrix("enospc");
}
