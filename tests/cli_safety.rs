//! What the real `keel` prints is safe for a terminal, and its errors mean
//! what they say: user text with escape sequences is shown escaped in every
//! table, line and error message (JSON and CSV stay exact), an error is
//! never mistaken for a closed pipe because of its wording, and a config
//! that is not UTF-8 is located like any other bad config.
//!
//! Time is pinned with EVENKEEL_NOW (Thursday 2026-11-26, 16:00 in Berlin)
//! and the zone with TZ=Europe/Berlin.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// Retitles the terminal, rings the bell and clears the screen.
const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";

struct Keel {
    dir: TempDir,
}

impl Keel {
    fn new() -> Keel {
        Keel {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("keel")
            .expect("the keel binary")
            .env("EVENKEEL_NOW", "2026-11-26T16:00:00+01:00")
            .env("TZ", "Europe/Berlin")
            .env("EVENKEEL_DATA_DIR", self.dir.path().join("data"))
            .env("EVENKEEL_CONFIG", self.config())
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .expect("keel runs")
    }

    /// Run, expect exit `code`; return stdout and stderr as text.
    fn exits(&self, code: i32, args: &[&str]) -> (String, String) {
        let o = self.run(args);
        let out = String::from_utf8(o.stdout).expect("UTF-8 output");
        let err = String::from_utf8(o.stderr).expect("UTF-8 errors");
        assert_eq!(
            o.status.code(),
            Some(code),
            "keel {args:?}:\nstdout:\n{out}\nstderr:\n{err}"
        );
        (out, err)
    }
}

/// No byte that a terminal would act on: ESC, BEL, or any other C0/C1
/// control but the newline.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n')
        .collect();
    assert!(
        bad.is_empty(),
        "{what} sends control characters {bad:?} to the terminal:\n{text:?}"
    );
}

#[test]
fn escape_sequences_in_a_note_and_a_tag_are_shown_escaped() {
    let k = Keel::new();
    let tag = format!("x{HOSTILE}");
    let (out, err) = k.exits(
        0,
        &[
            "log",
            "coding",
            "00:10-00:40",
            "--note",
            HOSTILE,
            "--tag",
            &tag,
        ],
    );
    assert_inert("log", &(out + &err));

    let (out, err) = k.exits(0, &["entries"]);
    assert_inert("entries", &out);
    assert_inert("entries (stderr)", &err);
    assert!(out.contains(r"\e]0;PWNED\u{7}\e[2J"), "{out}");
    assert!(out.contains(r"#x\e]0;PWNED"), "{out}");

    for args in [
        &["report"][..],
        &["report", "--month"],
        &["status"],
        &["boundaries"],
    ] {
        let (out, err) = k.exits(0, args);
        assert_inert(&format!("{args:?}"), &(out + &err));
    }

    // Scripts get the text exactly as it was given.
    let (out, _) = k.exits(0, &["entries", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["note"], HOSTILE);
    assert_eq!(v[0]["tags"][0], tag.as_str());
    let (out, _) = k.exits(0, &["export", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["entries"][0]["note"], HOSTILE);
    let (out, _) = k.exits(0, &["entries", "--format", "csv"]);
    assert!(out.contains(HOSTILE), "the CSV is not exact: {out:?}");
}

#[test]
fn an_activity_name_with_escapes_is_shown_escaped() {
    let k = Keel::new();
    // TOML's \u escapes put the control characters in the name itself.
    fs::write(
        k.config(),
        "[[activity]]\nname = \"co\\u001b[2Jding\"\nside = \"technical\"\n\n\
         [[activity]]\nname = \"one-on-one\"\nside = \"management\"\n",
    )
    .unwrap();
    let name = "co\u{1b}[2Jding";
    let (out, err) = k.exits(0, &["log", name, "09:00-10:00"]);
    assert_inert("log", &(out.clone() + &err));
    assert!(out.contains(r"co\e[2Jding"), "{out}");
    for args in [
        &["entries"][..],
        &["report"],
        &["status"],
        &["start", name, "--at", "10:00"],
        &["stop", "--at", "11:00"],
        &["edit", "09:00", "--note", "n"],
        &["delete", "10:00"],
        &["undo"],
        &["check"],
    ] {
        let (out, err) = k.exits(0, args);
        assert_inert(&format!("{args:?}"), &(out + &err));
    }
}

#[test]
fn error_messages_that_echo_user_input_are_shown_escaped() {
    let k = Keel::new();
    for args in [
        &["log", HOSTILE, "1h"][..],
        &["start", HOSTILE],
        &["log", "coding", HOSTILE],
        &["report", "--month", HOSTILE],
        &["entries", "--from", HOSTILE],
        &["boundaries", "set", HOSTILE],
        &["edit", HOSTILE, "--note", "x"],
    ] {
        let (out, err) = k.exits(2, args);
        assert_inert(&format!("{args:?}"), &(out + &err));
        assert!(err.contains(r"\e]0;PWNED"), "keel {args:?}: {err}");
    }
    // A path is user text too (a file that cannot be read: exit 1).
    let (out, err) = k.exits(
        1,
        &["import", &format!("/nonexistent/{HOSTILE}.unknown-format")],
    );
    assert_inert("import", &(out + &err));
}

#[test]
fn an_error_that_says_broken_pipe_is_still_an_error() {
    let k = Keel::new();
    let (out, err) = k.exits(2, &["start", "Broken pipe"]);
    assert_eq!(out, "");
    assert!(err.contains("unknown activity `Broken pipe`"), "{err}");
    let (_, err) = k.exits(2, &["log", "coding", "Broken pipe"]);
    assert!(err.contains("Broken pipe"), "{err}");
}

#[test]
fn a_config_that_is_not_utf8_is_located_and_kept() {
    let k = Keel::new();
    let bytes =
        b"week_start = \"monday\"\n[[activity]]\nname = \"caf\xe9\"\nside = \"technical\"\n";
    fs::write(k.config(), bytes).unwrap();
    let path = k.config().display().to_string();
    for args in [
        &["status"][..],
        &["log", "coding", "09:00-10:00"],
        &["boundaries", "set", "tolerance=0.2"],
        &["config", "path"],
    ] {
        let o = k.run(args);
        if args == ["config", "path"] {
            // Says where it is, and that it does not parse.
            let out = String::from_utf8(o.stdout).unwrap();
            assert!(out.contains("does not parse"), "{out}");
            continue;
        }
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(2), "keel {args:?}: {err}");
        assert!(
            err.contains(&format!("{path}:3:12:")) && err.contains("byte 46"),
            "keel {args:?} does not locate the bad byte: {err}"
        );
        assert!(err.contains("UTF-8"), "{err}");
    }
    let (out, _) = k.exits(2, &["check"]);
    assert!(out.contains(&format!("{path}:3:12:")), "{out}");
    assert_eq!(
        fs::read(k.config()).unwrap(),
        bytes,
        "the config was changed"
    );
    assert!(!k.dir.path().join("data/entries").exists());
}

#[test]
fn file_names_keel_reports_are_shown_escaped() {
    let k = Keel::new();
    k.exits(0, &["log", "coding", "09:00-10:00"]);
    let entries = k.dir.path().join("data/entries");
    // A dotfile is a warning, a name that may hold data a problem: both
    // are named in `keel check`'s report.
    fs::write(entries.join(format!(".{HOSTILE}")), "x").unwrap();
    let (out, err) = k.exits(0, &["check"]);
    assert_inert("check (warning)", &(out.clone() + &err));
    assert!(out.contains(r"\e]0;PWNED"), "{out}");
    fs::write(entries.join(format!("{HOSTILE}.toml")), "x").unwrap();
    let (out, err) = k.exits(2, &["check"]);
    assert_inert("check (problem)", &(out + &err));
}
