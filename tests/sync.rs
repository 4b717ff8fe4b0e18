//! Two machines, one log (issue 13), end to end with the real binary: two
//! git clones merging through keel's merge driver, a Syncthing conflict
//! copy, git's conflict markers, overlaps a merge leaves, `keel setup`, and
//! bad input to the driver (exit 2, nothing written).
//!
//! git runs with its system and global config shut out (`GIT_CONFIG_NOSYSTEM`,
//! a temporary `HOME`); each test's identity and branch name are set in that
//! temporary home, and nothing else: how `git pull` reconciles is what
//! `keel setup git` chose. The clock is pinned (Thursday 2026-11-26, 16:00
//! Berlin).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use evenkeel::store::month;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-26T16:00:00+01:00";

/// A temp home holding a bare "remote" and any number of machines, each a
/// data directory (a clone, or a plain folder) with its own config.
struct World {
    dir: TempDir,
}

impl World {
    fn new() -> World {
        let w = World {
            dir: tempfile::tempdir().expect("a temp dir"),
        };
        fs::write(
            w.home().join(".gitconfig"),
            "[user]\n\tname = Keel Test\n\temail = keel@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        )
        .unwrap();
        w
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self, machine: &str) -> PathBuf {
        self.home().join(machine)
    }

    fn git(&self, machine: &str, args: &[&str]) -> String {
        let o = Command::new("git")
            .current_dir(self.data(machine))
            .args(args)
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env("TZ", "Europe/Berlin")
            // The driver is the keel under test; it reads no clock.
            .env("NO_COLOR", "1")
            .output()
            .expect("git runs");
        assert!(
            o.status.success(),
            "git {args:?} in {machine} failed:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
    }

    /// A bare remote and a first clone `a`, set up for keel and pushed.
    fn remote_and_first_clone(&self) {
        let o = Command::new("git")
            .current_dir(self.home())
            .args(["init", "-q", "--bare", "remote.git"])
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(o.status.success());
        self.clone_as("a");
        self.keel_ok("a", &["setup", "git"]);
        self.commit_all("a", "keel setup");
        self.git("a", &["push", "-q", "origin", "main"]);
    }

    fn clone_as(&self, machine: &str) {
        let o = Command::new("git")
            .current_dir(self.home())
            .args(["clone", "-q", "remote.git", machine])
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }

    fn commit_all(&self, machine: &str, msg: &str) {
        self.git(machine, &["add", "-A"]);
        self.git(machine, &["commit", "-q", "--allow-empty", "-m", msg]);
    }

    fn keel(&self, machine: &str, args: &[&str]) -> Output {
        let data = self.data(machine);
        Command::new(env!("CARGO_BIN_EXE_keel"))
            .args(args)
            .current_dir(if data.exists() {
                data
            } else {
                self.home().to_path_buf()
            })
            .env("EVENKEEL_NOW", NOW)
            .env("TZ", "Europe/Berlin")
            .env("EVENKEEL_DATA_DIR", self.data(machine))
            .env(
                "EVENKEEL_CONFIG",
                self.home().join(format!("{machine}.config.toml")),
            )
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("EVENKEEL_LOCK_TIMEOUT")
            .output()
            .expect("keel runs")
    }

    fn keel_ok(&self, machine: &str, args: &[&str]) -> String {
        let o = self.keel(machine, args);
        assert!(
            o.status.success(),
            "keel {args:?} on {machine} failed ({:?}):\n{}{}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Run, expect exit `code`; stdout and stderr together.
    fn keel_fails(&self, machine: &str, code: i32, args: &[&str]) -> String {
        let o = self.keel(machine, args);
        let all =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(code),
            "keel {args:?} on {machine}:\n{all}"
        );
        all
    }

    /// Every entry, as `keel export` writes it.
    fn export(&self, machine: &str) -> Vec<Value> {
        let v: Value =
            serde_json::from_str(&self.keel_ok(machine, &["export", "--format", "json"])).unwrap();
        v["entries"].as_array().expect("an array").clone()
    }

    fn summary(&self, machine: &str) -> Vec<String> {
        self.export(machine)
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {}",
                    e["start"].as_str().unwrap(),
                    e["end"].as_str().unwrap(),
                    e["activity"].as_str().unwrap(),
                    e["note"].as_str().unwrap_or("-")
                )
            })
            .collect()
    }

    /// Every month file is in keel's canonical form.
    fn assert_canonical(&self, machine: &str) {
        let dir = self.data(machine).join("entries");
        for f in fs::read_dir(&dir).unwrap() {
            let p = f.unwrap().path();
            let text = fs::read_to_string(&p).unwrap();
            let es = month::parse(&text, &p, None).expect("parses");
            assert_eq!(
                month::serialize(&es),
                text,
                "{} is not canonical",
                p.display()
            );
        }
    }

    fn files(&self, machine: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        walk(&self.data(machine), &mut out);
        out.retain(|p, _| {
            !p.components().any(|c| c.as_os_str() == ".git")
                && p.file_name().is_none_or(|n| n != ".lock")
        });
        out
    }
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.insert(p.clone(), fs::read(&p).unwrap());
        }
    }
}

fn line(start: &str, end: &str, activity: &str, note: &str) -> String {
    format!("{start}+01:00 {end}+01:00 {activity} {note}")
}

// ------------------------------------------------------------- git, two clones

#[test]
fn two_clones_log_edit_and_delete_and_merge_both_ways_without_a_conflict() {
    let w = World::new();
    w.remote_and_first_clone();
    // History both machines share.
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "a",
        &["log", "review", "10:00-11:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "a",
        &["log", "planning", "14:00-15:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-11:00", "--date", "2026-10-29"],
    );
    w.keel_ok(
        "a",
        &["log", "admin", "12:00-13:00", "--date", "2026-10-29"],
    );
    w.commit_all("a", "shared history");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.clone_as("b");
    w.keel_ok("b", &["setup", "git"]);

    // Machine a: a new entry, an edit, a delete, another month.
    w.keel_ok(
        "a",
        &["log", "design", "09:00-10:30", "--date", "2026-11-24"],
    );
    w.keel_ok("a", &["edit", "2026-11-23 10:00", "--note", "PR 7"]);
    w.keel_ok("a", &["delete", "2026-10-29 12:00"]);
    // An entry moved to another month.
    w.keel_ok(
        "a",
        &[
            "edit",
            "2026-10-29 09:00",
            "--from",
            "2026-11-02 09:00",
            "--to",
            "2026-11-02 11:00",
        ],
    );
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-10:00", "--date", "2026-09-30"],
    );
    // Machine b, meanwhile: other entries in the same months, another delete.
    w.keel_ok(
        "b",
        &["log", "one-on-one", "11:00-11:30", "--date", "2026-11-24"],
    );
    w.keel_ok("b", &["delete", "2026-11-23 14:00"]);
    w.keel_ok(
        "b",
        &["log", "hiring", "14:00-15:00", "--date", "2026-10-30"],
    );
    // Days off on each machine: time_off.toml merges as a set too.
    w.keel_ok("a", &["off", "2026-12-24", "2026-12-26"]);
    w.keel_ok("b", &["off", "2026-12-31"]);
    w.commit_all("a", "a's day");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.commit_all("b", "b's day");
    let pulled = w.git("b", &["pull", "--no-edit", "origin", "main"]);
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    w.git("b", &["push", "-q", "origin", "main"]);
    // And the other way: a logs again before pulling b's merge.
    w.keel_ok(
        "a",
        &["log", "mentoring", "15:00-16:00", "--date", "2026-11-24"],
    );
    w.commit_all("a", "a again");
    let pulled = w.git("a", &["pull", "--no-edit", "origin", "main"]);
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.git("b", &["pull", "-q", "--no-edit", "origin", "main"]);

    let expected = vec![
        // Summer time: +02:00.
        "2026-09-30T09:00:00+02:00 2026-09-30T10:00:00+02:00 coding -".to_string(),
        line("2026-10-30T14:00:00", "2026-10-30T15:00:00", "hiring", "-"),
        line("2026-11-02T09:00:00", "2026-11-02T11:00:00", "coding", "-"),
        line("2026-11-23T09:00:00", "2026-11-23T10:00:00", "coding", "-"),
        line(
            "2026-11-23T10:00:00",
            "2026-11-23T11:00:00",
            "review",
            "PR 7",
        ),
        line("2026-11-24T09:00:00", "2026-11-24T10:30:00", "design", "-"),
        line(
            "2026-11-24T11:00:00",
            "2026-11-24T11:30:00",
            "one-on-one",
            "-",
        ),
        line(
            "2026-11-24T15:00:00",
            "2026-11-24T16:00:00",
            "mentoring",
            "-",
        ),
    ];
    for m in ["a", "b"] {
        assert_eq!(w.summary(m), expected, "machine {m}");
        let out = w.keel_ok(m, &["check"]);
        assert!(out.contains("are valid"), "{out}");
        assert!(!out.contains("warning"), "{out}");
        w.assert_canonical(m);
    }
    assert_eq!(
        fs::read(w.data("a").join("entries/2026-11.toml")).unwrap(),
        fs::read(w.data("b").join("entries/2026-11.toml")).unwrap()
    );
    let off = fs::read_to_string(w.data("b").join("time_off.toml")).unwrap();
    assert!(
        off.contains("from = 2026-12-24\nto = 2026-12-26") && off.contains("from = 2026-12-31"),
        "{off}"
    );
    assert_eq!(
        off,
        fs::read_to_string(w.data("a").join("time_off.toml")).unwrap()
    );
    // What belongs to one machine never travelled.
    let tracked = w.git("a", &["ls-files"]);
    for local in [".lock", ".undo", "running.toml", ".keel-"] {
        assert!(!tracked.contains(local), "{local} is tracked:\n{tracked}");
    }
    assert!(
        tracked.contains(".gitattributes") && tracked.contains(".gitignore"),
        "{tracked}"
    );
}

#[test]
fn an_entry_edited_differently_on_both_machines_is_kept_twice_and_settled_by_one_command() {
    let w = World::new();
    w.remote_and_first_clone();
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.commit_all("a", "one entry");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.clone_as("b");
    w.keel_ok("b", &["setup", "git"]);
    w.keel_ok("a", &["edit", "2026-11-23 09:00", "--note", "pairing"]);
    w.keel_ok(
        "b",
        &[
            "edit",
            "2026-11-23 09:00",
            "--activity",
            "review",
            "--to",
            "10:30",
        ],
    );
    w.commit_all("a", "a edits");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.commit_all("b", "b edits");
    let pulled = w.git("b", &["pull", "--no-edit", "origin", "main"]);
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    // The driver said what it kept.
    assert!(pulled.contains("changed on both machines"), "{pulled}");
    assert!(pulled.contains("keel resolve --overlap"), "{pulled}");
    // Both edited versions; the base one is gone.
    assert_eq!(
        w.summary("b"),
        vec![
            line(
                "2026-11-23T09:00:00",
                "2026-11-23T10:00:00",
                "coding",
                "pairing"
            ),
            line("2026-11-23T09:00:00", "2026-11-23T10:30:00", "review", "-"),
        ]
    );
    // Check reports exactly that overlap.
    let out = w.keel_fails("b", 2, &["check"]);
    assert_eq!(out.matches('✗').count(), 1, "{out}");
    assert!(out.contains("entries/2026-11.toml:8:9: the entry coding 2026-11-23 09:00–10:00 (first) overlaps review 2026-11-23 09:00–10:30 (second)"), "{out}");
    // Reports count both, and say so.
    let o = w.keel("b", &["report", "--week", "2026-11-23"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("overlap") && err.contains("both are counted"),
        "{err}"
    );
    // A write adding a new overlap into that month is still refused; others are not.
    w.keel_fails(
        "b",
        2,
        &["log", "admin", "10:15-11:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "b",
        &["log", "admin", "11:00-11:30", "--date", "2026-11-23"],
    );
    // Editing one of the pair (its note) carries the overlap; it adds none.
    w.keel_ok(
        "b",
        &[
            "edit",
            "2026-11-23T09:00:00+01:00",
            "--note",
            "pairing, checked",
        ],
    );
    assert_eq!(w.keel_fails("b", 2, &["check"]).matches('✗').count(), 1);
    // Moving it onto another entry is still refused.
    w.keel_fails(
        "b",
        2,
        &["edit", "2026-11-23T09:00:00+01:00", "--to", "11:15"],
    );
    // One command settles the pair.
    w.keel_ok(
        "b",
        &[
            "resolve",
            "--overlap",
            "2026-11-23T09:00:00+01:00",
            "--keep",
            "second",
        ],
    );
    w.keel_ok("b", &["check"]);
    assert_eq!(
        w.summary("b"),
        vec![
            line("2026-11-23T09:00:00", "2026-11-23T10:30:00", "review", "-"),
            line("2026-11-23T11:00:00", "2026-11-23T11:30:00", "admin", "-"),
        ]
    );
    w.assert_canonical("b");
}

#[test]
fn a_timer_running_on_one_machine_and_a_log_on_the_other_both_survive() {
    let w = World::new();
    w.remote_and_first_clone();
    w.clone_as("b");
    w.keel_ok("b", &["setup", "git"]);
    w.keel_ok("a", &["start", "coding", "--at", "13:00"]);
    w.keel_ok("b", &["log", "one-on-one", "09:00-09:30"]);
    w.commit_all("a", "a's timer");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.commit_all("b", "b's log");
    w.git("b", &["pull", "--no-edit", "origin", "main"]);
    assert!(
        !w.data("b").join("running.toml").exists(),
        "the timer stayed on its machine"
    );
    w.git("b", &["push", "-q", "origin", "main"]);
    w.git("a", &["pull", "--no-edit", "origin", "main"]);
    w.keel_ok("a", &["stop", "--at", "15:00"]);
    w.commit_all("a", "a stops");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.git("b", &["pull", "--no-edit", "origin", "main"]);
    let expected = vec![
        line(
            "2026-11-26T09:00:00",
            "2026-11-26T09:30:00",
            "one-on-one",
            "-",
        ),
        line("2026-11-26T13:00:00", "2026-11-26T15:00:00", "coding", "-"),
    ];
    assert_eq!(w.summary("a"), expected);
    assert_eq!(w.summary("b"), expected);
}

#[test]
fn conflict_markers_of_a_merge_without_the_driver_are_named_and_resolved() {
    let w = World::new();
    w.remote_and_first_clone();
    // A clone that never ran `keel setup git`: git merges line by line.
    w.clone_as("b");
    let out = w.keel_ok("b", &["check"]);
    assert!(
        out.contains("no keel merge driver") && out.contains("keel setup git"),
        "{out}"
    );
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.commit_all("a", "a");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.keel_ok(
        "b",
        &["log", "review", "11:00-12:00", "--date", "2026-11-23"],
    );
    w.commit_all("b", "b");
    let o = Command::new("git")
        .current_dir(w.data("b"))
        .args(["pull", "--no-rebase", "--no-edit", "origin", "main"])
        .env("HOME", w.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "git merged line by line without a conflict?"
    );
    let path = w.data("b").join("entries/2026-11.toml");
    let marked = fs::read_to_string(&path).unwrap();
    assert!(marked.contains("<<<<<<<"), "{marked}");
    let out = w.keel_fails("b", 2, &["check"]);
    let at = format!("{}:", path.display());
    assert!(
        out.lines()
            .any(|l| l.contains(&at) && l.contains(":1: an unfinished git merge")),
        "{out}"
    );
    assert!(!out.contains("key with no value"), "{out}");
    let out = w.keel_ok("b", &["resolve", "entries/2026-11.toml"]);
    assert!(out.contains("unfinished git merge"), "{out}");
    w.keel_ok("b", &["check"]);
    w.assert_canonical("b");
    assert_eq!(
        w.summary("b"),
        vec![
            line("2026-11-23T09:00:00", "2026-11-23T10:00:00", "coding", "-"),
            line("2026-11-23T11:00:00", "2026-11-23T12:00:00", "review", "-"),
        ]
    );
    // Undo gives the markers back, as they were.
    w.keel_ok("b", &["undo"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), marked);
}

// ------------------------------------------------------------------- the driver

#[test]
fn bad_input_to_the_driver_exits_2_and_writes_nothing() {
    let w = World::new();
    let dir = w.data("x");
    fs::create_dir_all(dir.join("entries")).unwrap();
    let good = "[[entry]]\nstart = 2026-11-23T09:00:00+01:00\nend = 2026-11-23T10:00:00+01:00\nactivity = \"coding\"\n";
    let cargo = "[package]\nname = \"x\"\n";
    for (f, text) in [("base", good), ("ours", good), ("theirs", cargo)] {
        fs::write(dir.join(f), text).unwrap();
    }
    let before = w.files("x");
    // A file keel does not write, under a keel name.
    let out = w.keel_fails(
        "x",
        2,
        &[
            "merge-driver",
            "base",
            "ours",
            "theirs",
            "entries/2026-11.toml",
        ],
    );
    assert!(out.contains("entries/2026-11.toml (theirs):1:"), "{out}");
    assert!(out.contains("nothing was merged"), "{out}");
    assert_eq!(w.files("x"), before);
    // A path that is not a keel file at all.
    let out = w.keel_fails(
        "x",
        2,
        &["merge-driver", "base", "ours", "ours", "notes.txt"],
    );
    assert!(out.contains("not a file keel merges"), "{out}");
    assert_eq!(w.files("x"), before);
    // A good merge writes over ours, canonical: an entry added on their side
    // is kept, theirs and ours sharing no base.
    fs::write(dir.join("base"), "").unwrap();
    fs::write(
        dir.join("theirs"),
        good.replace("09:00:00", "08:00:00")
            .replace("10:00:00", "08:30:00"),
    )
    .unwrap();
    w.keel_ok(
        "x",
        &[
            "merge-driver",
            "base",
            "ours",
            "theirs",
            "entries/2026-11.toml",
        ],
    );
    let merged = fs::read_to_string(dir.join("ours")).unwrap();
    assert_eq!(merged.matches("[[entry]]").count(), 2, "{merged}");
    assert!(
        merged.starts_with("[[entry]]\nstart = 2026-11-23T08:00:00+01:00"),
        "{merged}"
    );
}

// ------------------------------------------------------------------ Syncthing

#[test]
fn a_syncthing_conflict_copy_is_named_by_check_and_merged_by_resolve() {
    let w = World::new();
    w.keel_ok("s", &["setup", "syncthing"]);
    let st = fs::read_to_string(w.data("s").join(".stignore")).unwrap();
    for p in ["/.lock", "/.undo", ".keel-*.tmp", "/running.toml"] {
        assert!(st.lines().any(|l| l == p), "{p} not in .stignore:\n{st}");
    }
    w.keel_ok(
        "s",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "s",
        &["log", "review", "10:00-11:00", "--date", "2026-11-23"],
    );
    let month = w.data("s").join("entries/2026-11.toml");
    let copy = w
        .data("s")
        .join("entries/2026-11.sync-conflict-20261126-153012-ABCDEF7.toml");
    // The other machine's version: the same coding entry, its own planning,
    // and no review (it never had it).
    fs::write(
        &copy,
        "[[entry]]\nstart = 2026-11-23T09:00:00+01:00\nend = 2026-11-23T10:00:00+01:00\nactivity = \"coding\"\n\n[[entry]]\nstart = 2026-11-24T14:00:00+01:00\nend = 2026-11-24T15:00:00+01:00\nactivity = \"planning\"\nnote = \"roadmap\"\n",
    )
    .unwrap();
    let out = w.keel_fails("s", 2, &["check"]);
    assert!(
        out.contains(&format!(
            "{}:1:1: a conflict copy of 2026-11.toml left by Syncthing",
            copy.display()
        )),
        "{out}"
    );
    assert!(out.contains("keel resolve"), "{out}");
    let before_month = fs::read_to_string(&month).unwrap();
    let out = w.keel_ok("s", &["resolve"]);
    assert!(out.contains("1 record added"), "{out}");
    assert!(!copy.exists());
    w.keel_ok("s", &["check"]);
    w.assert_canonical("s");
    assert_eq!(
        w.summary("s"),
        vec![
            line("2026-11-23T09:00:00", "2026-11-23T10:00:00", "coding", "-"),
            line("2026-11-23T10:00:00", "2026-11-23T11:00:00", "review", "-"),
            line(
                "2026-11-24T14:00:00",
                "2026-11-24T15:00:00",
                "planning",
                "roadmap"
            ),
        ]
    );
    // One undo step puts both files back.
    w.keel_ok("s", &["undo"]);
    assert!(copy.exists());
    assert_eq!(fs::read_to_string(&month).unwrap(), before_month);
}

#[test]
fn a_conflict_copy_that_does_not_parse_is_refused_and_nothing_is_written() {
    let w = World::new();
    w.keel_ok(
        "s",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    let copy = w
        .data("s")
        .join("entries/2026-11.sync-conflict-20261126-153012-ABCDEF7.toml");
    fs::write(
        &copy,
        "[[entry]]\nstart = 2026-11-23T09:00:00+01:00\nend = \n",
    )
    .unwrap();
    let before = w.files("s");
    let out = w.keel_fails("s", 2, &["resolve", copy.to_str().unwrap()]);
    assert!(out.contains(&format!("{}:3:", copy.display())), "{out}");
    assert_eq!(w.files("s"), before);
    let out = w.keel_fails("s", 2, &["resolve"]);
    assert!(out.contains(&format!("{}:3:", copy.display())), "{out}");
    assert_eq!(w.files("s"), before);
    // A file that is neither a copy nor marked.
    let out = w.keel_fails("s", 2, &["resolve", "entries/2026-11.toml"]);
    assert!(out.contains("neither a conflict copy"), "{out}");
    assert_eq!(w.files("s"), before);
}

// ------------------------------------------------------ overlaps and setup

#[test]
fn keep_both_trims_the_second_or_cuts_the_first_around_it() {
    let w = World::new();
    w.keel_ok(
        "s",
        &["log", "coding", "09:00-12:00", "--date", "2026-11-23"],
    );
    let path = w.data("s").join("entries/2026-11.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    // What a merge can leave: one entry inside another, one across its end.
    text.push_str("\n[[entry]]\nstart = 2026-11-23T10:00:00+01:00\nend = 2026-11-23T10:30:00+01:00\nactivity = \"one-on-one\"\n");
    text.push_str("\n[[entry]]\nstart = 2026-11-23T11:30:00+01:00\nend = 2026-11-23T13:00:00+01:00\nactivity = \"review\"\n");
    fs::write(&path, &text).unwrap();
    let out = w.keel_fails("s", 2, &["check"]);
    assert_eq!(out.matches('✗').count(), 2, "{out}");
    // Ambiguous: the coding entry overlaps two.
    let out = w.keel_fails(
        "s",
        2,
        &["resolve", "--overlap", "2026-11-23 09:00", "--keep", "both"],
    );
    assert!(out.contains("--with"), "{out}");
    let out = w.keel_ok(
        "s",
        &[
            "resolve",
            "--overlap",
            "2026-11-23 09:00",
            "--with",
            "2026-11-23 11:30",
            "--keep",
            "both",
        ],
    );
    assert!(
        out.contains("trimmed review 2026-11-23 11:30–13:00 to review 2026-11-23 12:00–13:00"),
        "{out}"
    );
    w.keel_ok(
        "s",
        &["resolve", "--overlap", "2026-11-23 09:00", "--keep", "both"],
    );
    w.keel_ok("s", &["check"]);
    assert_eq!(
        w.summary("s"),
        vec![
            line("2026-11-23T09:00:00", "2026-11-23T10:00:00", "coding", "-"),
            line(
                "2026-11-23T10:00:00",
                "2026-11-23T10:30:00",
                "one-on-one",
                "-"
            ),
            line("2026-11-23T10:30:00", "2026-11-23T12:00:00", "coding", "-"),
            line("2026-11-23T12:00:00", "2026-11-23T13:00:00", "review", "-"),
        ]
    );
    let out = w.keel_ok("s", &["resolve"]);
    assert!(out.contains("nothing to resolve"), "{out}");
}

#[test]
fn setup_adds_only_missing_lines_and_prints_the_driver_outside_a_repository() {
    let w = World::new();
    let dir = w.data("s");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(".gitignore"), "# mine\n*.bak\n/.lock\n").unwrap();
    let out = w.keel_ok("s", &["setup", "git"]);
    assert!(out.contains("not in a git repository"), "{out}");
    assert!(out.contains("config merge.keel.driver"), "{out}");
    assert!(out.contains("merge-driver %O %A %B %P"), "{out}");
    let gi = fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gi.starts_with("# mine\n*.bak\n/.lock\n/.undo/\n"), "{gi}");
    assert_eq!(gi.matches("/.lock").count(), 1, "{gi}");
    let ga = fs::read_to_string(dir.join(".gitattributes")).unwrap();
    for l in [
        "entries/*.toml merge=keel",
        "reviews.toml merge=keel",
        "time_off.toml merge=keel",
        "dismissed.toml merge=keel",
    ] {
        assert!(ga.lines().any(|x| x == l), "{l} not in:\n{ga}");
    }
    let before = w.files("s");
    let out = w.keel_ok("s", &["setup", "git"]);
    assert!(out.contains("already complete"), "{out}");
    assert_eq!(w.files("s"), before, "a second setup changes nothing");
    // The first write to a data directory without ignore files adds them.
    w.keel_ok("t", &["log", "coding", "09:00-10:00"]);
    for f in [".gitignore", ".stignore"] {
        let text = fs::read_to_string(w.data("t").join(f)).unwrap();
        assert!(
            text.contains("running.toml") && text.contains(".undo"),
            "{f}: {text}"
        );
    }
}

#[test]
fn a_reviews_copy_merges_by_week_and_a_copy_keel_does_not_merge_is_left_to_check() {
    let w = World::new();
    w.keel_ok(
        "s",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "s",
        &[
            "review",
            "--week",
            "2026-11-23",
            "kept the mornings for code",
        ],
    );
    let dir = w.data("s");
    fs::write(
        dir.join("reviews.sync-conflict-20261126-153012-ABCDEF7.toml"),
        "[[review]]\nweek = 2026-11-16\ntext = \"written on the laptop\"\n",
    )
    .unwrap();
    fs::write(
        dir.join(".gitignore.sync-conflict-20261126-153012-ABCDEF7"),
        "*.bak\n",
    )
    .unwrap();
    let out = w.keel_fails("s", 2, &["check"]);
    assert!(out.contains("a conflict copy of reviews.toml"), "{out}");
    assert!(
        out.contains("a conflict copy of .gitignore") && out.contains("by hand"),
        "{out}"
    );
    let out = w.keel_ok("s", &["resolve"]);
    assert!(out.contains("reviews.toml: merged"), "{out}");
    let reviews = fs::read_to_string(dir.join("reviews.toml")).unwrap();
    assert!(
        reviews.contains("written on the laptop") && reviews.contains("kept the mornings"),
        "{reviews}"
    );
    assert!(
        !dir.join("reviews.sync-conflict-20261126-153012-ABCDEF7.toml")
            .exists()
    );
    assert!(
        dir.join(".gitignore.sync-conflict-20261126-153012-ABCDEF7")
            .exists()
    );
    let out = w.keel_fails("s", 2, &["resolve", "entries/nothing.sync-conflict-1.toml"]);
    assert!(out.contains("does not exist"), "{out}");
}

#[test]
fn setup_git_in_a_clone_that_tracked_machine_local_files_says_how_to_stop() {
    let w = World::new();
    w.remote_and_first_clone();
    w.keel_ok("a", &["start", "coding", "--at", "13:00"]);
    // Committed by force, as an older setup without ignore files would have.
    w.git("a", &["add", "-f", "running.toml"]);
    w.git("a", &["commit", "-q", "-m", "oops"]);
    let out = w.keel_ok("a", &["setup", "git"]);
    assert!(out.contains("rm -r --cached"), "{out}");
    assert!(out.contains("merge.keel.driver"), "{out}");
    let driver = w.git("a", &["config", "merge.keel.driver"]);
    assert!(
        driver.trim().ends_with("merge-driver %O %A %B %P"),
        "{driver}"
    );
}

#[test]
fn a_reflection_removed_on_one_machine_and_another_written_on_the_other_merge() {
    let w = World::new();
    w.remote_and_first_clone();
    w.keel_ok(
        "a",
        &["review", "--week", "2026-11-16", "too many meetings"],
    );
    w.commit_all("a", "a reflection");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.clone_as("b");
    w.keel_ok("b", &["setup", "git"]);
    // a removes the only reflection; b writes this week's.
    w.keel_ok("a", &["review", "--week", "2026-11-16", ""]);
    w.keel_ok("b", &["review", "--week", "2026-11-23", "two focus blocks"]);
    w.commit_all("a", "a removes");
    w.git("a", &["push", "-q", "origin", "main"]);
    w.commit_all("b", "b writes");
    let pulled = w.git("b", &["pull", "--no-edit", "origin", "main"]);
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    let text = fs::read_to_string(w.data("b").join("reviews.toml")).unwrap();
    assert!(text.contains("two focus blocks"), "{text}");
    assert!(!text.contains("too many meetings"), "{text}");
    w.keel_ok("b", &["check"]);
}

#[test]
fn an_overlap_across_a_month_edge_is_settled_the_same_way() {
    let w = World::new();
    w.keel_ok(
        "s",
        &["log", "oncall", "23:00-01:00", "--date", "2026-10-31"],
    );
    // The other machine's entry in November's file, as a merge brings it.
    let nov = w.data("s").join("entries/2026-11.toml");
    fs::write(
        &nov,
        "[[entry]]\nstart = 2026-11-01T00:30:00+01:00\nend = 2026-11-01T01:30:00+01:00\nactivity = \"debugging\"\n",
    )
    .unwrap();
    let out = w.keel_fails("s", 2, &["check"]);
    assert!(
        out.contains(
            "keel resolve --overlap 2026-10-31T23:00:00+01:00 --with 2026-11-01T00:30:00+01:00"
        ),
        "{out}"
    );
    let out = w.keel_ok("s", &["resolve"]);
    assert!(out.contains("1 overlapping pair to settle"), "{out}");
    w.keel_ok(
        "s",
        &[
            "resolve",
            "--overlap",
            "2026-10-31T23:00:00+01:00",
            "--keep",
            "both",
        ],
    );
    w.keel_ok("s", &["check"]);
    assert_eq!(
        w.summary("s"),
        vec![
            line("2026-10-31T23:00:00", "2026-11-01T01:00:00", "oncall", "-"),
            line(
                "2026-11-01T01:00:00",
                "2026-11-01T01:30:00",
                "debugging",
                "-"
            ),
        ]
    );
}

#[test]
fn a_machine_with_its_own_log_joins_by_pulling_unrelated_history() {
    let w = World::new();
    w.remote_and_first_clone();
    w.keel_ok(
        "a",
        &["log", "coding", "09:00-10:00", "--date", "2026-11-23"],
    );
    w.keel_ok("a", &["review", "--week", "2026-11-23", "from a"]);
    w.commit_all("a", "a's log");
    w.git("a", &["push", "-q", "origin", "main"]);
    // b used keel alone before: its own months, its own files.
    w.keel_ok(
        "b",
        &["log", "review", "11:00-12:00", "--date", "2026-11-23"],
    );
    w.keel_ok(
        "b",
        &["log", "planning", "09:00-10:00", "--date", "2026-10-05"],
    );
    w.git("b", &["init", "-q"]);
    w.keel_ok("b", &["setup", "git"]);
    w.commit_all("b", "b's log");
    w.git("b", &["remote", "add", "origin", "../remote.git"]);
    let pulled = w.git(
        "b",
        &[
            "pull",
            "--no-edit",
            "--allow-unrelated-histories",
            "origin",
            "main",
        ],
    );
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    assert_eq!(
        w.summary("b"),
        vec![
            "2026-10-05T09:00:00+02:00 2026-10-05T10:00:00+02:00 planning -".to_string(),
            line("2026-11-23T09:00:00", "2026-11-23T10:00:00", "coding", "-"),
            line("2026-11-23T11:00:00", "2026-11-23T12:00:00", "review", "-"),
        ]
    );
    w.keel_ok("b", &["check"]);
    w.assert_canonical("b");
}
