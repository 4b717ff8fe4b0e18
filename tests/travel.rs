//! After a time-zone change, every entry is shown and addressed in the zone
//! the user is in now (issue 10 item 5), while the file keeps the offset
//! it was logged in. The repro: 20:00–21:00 logged in New York on
//! Thursday 2026-11-26 is Friday 02:00–03:00 in Berlin.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use tempfile::TempDir;

/// Friday morning in Berlin, the day after the flight.
const BERLIN_NOW: &str = "2026-11-27T10:00:00+01:00";

fn in_zone(home: &Path, tz: &str, now: &str, args: &[&str]) -> Output {
    common::command(home, now)
        .env("TZ", tz)
        .args(args)
        .output()
        .expect("keel runs")
}

fn berlin(home: &Path, args: &[&str]) -> Output {
    in_zone(home, "Europe/Berlin", BERLIN_NOW, args)
}

fn ok(home: &Path, args: &[&str]) -> String {
    common::stdout(args, berlin(home, args))
}

fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A home whose log holds the New York evening: coding 20:00–21:00 at -05:00.
fn travelled() -> TempDir {
    let home = tempfile::tempdir().unwrap();
    let args = ["log", "coding", "20:00-21:00"];
    let o = in_zone(
        home.path(),
        "America/New_York",
        "2026-11-26T22:00:00-05:00",
        &args,
    );
    let out = common::stdout(&args, o);
    assert!(out.contains("Thu 26 Nov 20:00–21:00"), "{out}");
    home
}

fn month_file(home: &Path) -> String {
    fs::read_to_string(home.join("data/entries/2026-11.toml")).unwrap()
}

#[test]
fn an_entry_logged_in_new_york_is_listed_on_friday_in_berlin() {
    let home = travelled();
    let h = home.path();
    let fri = ok(h, &["entries", "--date", "2026-11-27"]);
    assert!(
        fri.contains("Fri 2026-11-27  02:00–03:00     1h  coding"),
        "{fri}"
    );
    assert!(!fri.contains("20:00"), "{fri}");
    let fri = ok(
        h,
        &["entries", "--from", "2026-11-27", "--to", "2026-11-27"],
    );
    assert!(fri.contains("Fri 2026-11-27  02:00–03:00"), "{fri}");
    let thu = ok(h, &["entries", "--date", "2026-11-26"]);
    assert!(thu.contains("no entries"), "{thu}");
    // Both days: the one row, on Friday.
    let both = ok(h, &["entries", "--from", "thu", "--to", "fri"]);
    assert_eq!(both.lines().count(), 2, "{both}");
    assert!(both.contains("Fri 2026-11-27  02:00–03:00"), "{both}");
    // report counts it on Friday too.
    let r: serde_json::Value = serde_json::from_str(&ok(
        h,
        &["report", "--from", "thu", "--to", "fri", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(r["by_day"][0]["technical"], 0);
    assert_eq!(r["by_day"][1]["technical"], 3600);
    // JSON stays exact: the offset it was logged in.
    let j = ok(h, &["entries", "--date", "fri", "--format", "json"]);
    assert!(j.contains("2026-11-26T20:00:00-05:00"), "{j}");
    // The file was never rewritten by reading it.
    assert!(month_file(h).contains("start = 2026-11-26T20:00:00-05:00"));
}

#[test]
fn it_is_addressed_by_its_start_in_berlin() {
    let home = travelled();
    let h = home.path();
    // New York's wall clock names another instant here.
    let o = berlin(h, &["delete", "2026-11-26 20:00"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("`keel entries --date 2026-11-26`"),
        "{}",
        stderr_of(&o)
    );
    let out = ok(h, &["edit", "2026-11-27 02:00", "--note", "jet lag"]);
    assert!(
        out.contains("changed coding (Fri 27 Nov 02:00–03:00)"),
        "{out}"
    );
    assert!(
        out.contains("to coding (Fri 27 Nov 02:00–03:00, 1h)"),
        "{out}"
    );
    // Only the note changed: the file keeps the New York offset.
    let file = month_file(h);
    assert!(file.contains("start = 2026-11-26T20:00:00-05:00"), "{file}");
    assert!(file.contains("jet lag"), "{file}");
    // Times given again unchanged (as the TUI's form sends them) keep it too.
    ok(
        h,
        &[
            "edit", "fri 2:00", "--from", "fri 2:00", "--to", "fri 3:00", "--tag", "trip",
        ],
    );
    let file = month_file(h);
    assert!(file.contains("start = 2026-11-26T20:00:00-05:00"), "{file}");
    assert!(file.contains("end = 2026-11-26T21:00:00-05:00"), "{file}");
    assert!(file.contains("trip"), "{file}");
    // A day word works as well.
    let out = ok(h, &["delete", "fri 2:00"]);
    assert!(
        out.contains("deleted coding 1h (Fri 27 Nov 02:00–03:00)"),
        "{out}"
    );
    let undo = ok(h, &["undo"]);
    assert!(undo.contains("delete coding 2026-11-27 02:00"), "{undo}");
}

#[test]
fn overlaps_are_named_in_berlin_time() {
    let home = travelled();
    let h = home.path();
    let o = berlin(h, &["log", "review", "02:30-03:30", "--date", "fri"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr_of(&o);
    assert!(
        e.contains("overlaps the coding entry from 2026-11-27 02:00 to 03:00"),
        "{e}"
    );
    let o = berlin(h, &["start", "design", "--at", "fri 2:30"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr_of(&o);
    // The start names its date; the entry's times are the row's.
    assert!(e.contains("02:00 to 03:00"), "{e}");
}

#[test]
fn a_timer_started_in_new_york_stops_in_berlin_time() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let args = ["start", "coding", "--at", "20:00"];
    common::stdout(
        &args,
        in_zone(h, "America/New_York", "2026-11-26T20:30:00-05:00", &args),
    );
    let status = ok(h, &["status"]);
    assert!(status.contains("coding"), "{status}");
    let out = ok(h, &["stop", "--at", "fri 9:00"]);
    assert!(
        out.contains("stopped coding after 7h (Fri 27 Nov 02:00–09:00)"),
        "{out}"
    );
}

#[test]
fn an_overlap_a_merge_left_is_settled_in_berlin_time() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    fs::create_dir_all(h.join("data/entries")).unwrap();
    // Two machines logged the same New York evening.
    fs::write(
        h.join("data/entries/2026-11.toml"),
        "[[entry]]\nstart = 2026-11-26T20:00:00-05:00\nend = 2026-11-26T21:00:00-05:00\nactivity = \"coding\"\n\n\
         [[entry]]\nstart = 2026-11-26T20:30:00-05:00\nend = 2026-11-26T21:30:00-05:00\nactivity = \"review\"\n",
    )
    .unwrap();
    let listed = ok(h, &["resolve"]);
    assert!(
        listed.contains("coding 2026-11-27 02:00–03:00 and review 2026-11-27 02:30–03:30"),
        "{listed}"
    );
    let out = ok(h, &["resolve", "--overlap", "fri 2:00", "--keep", "both"]);
    assert!(
        out.contains("trimmed review 2026-11-27 02:30–03:30 to review 2026-11-27 03:00–03:30"),
        "{out}"
    );
}
