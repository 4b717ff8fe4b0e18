//! Keys and commands that must not surprise, through the real binary:
//! activity keys that would hide a TUI command (`keel check`), correcting
//! the running timer (`keel edit running`), and blocks over 12 hours
//! (`--long`). Clock, zone and paths are pinned (tests/common).

mod common;

use std::fs;
use std::path::Path;

use common::{NOW, ok, run};

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
