//! What keel says about times: an instant that is not today names its day,
//! a start of the running activity says what it changed, and errors give
//! times as `2026-11-26 09:00` in the user's zone, never raw RFC 3339.
//! Thursday 2026-11-26, 16:00 in Berlin.

mod common;

use std::path::Path;

use common::NOW;

fn ok(home: &Path, args: &[&str]) -> String {
    common::ok(home, NOW, args)
}

fn refused(home: &Path, code: i32, args: &[&str]) -> String {
    let before = common::files(home);
    let o = common::run(home, NOW, args);
    assert_eq!(o.status.code(), Some(code), "keel {args:?}");
    assert_eq!(common::files(home), before, "keel {args:?} wrote");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_start_not_today_names_its_day() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A switch in the past: both instants with their day.
    ok(h, &["start", "design", "--at", "mon 9:00"]);
    let out = ok(h, &["start", "review", "--at", "mon 9:00:30"]);
    assert_eq!(
        out,
        "replaced design by review (it had run under a minute), running since Mon 23 Nov 09:00\n"
    );
    let out = ok(h, &["start", "mentoring", "--at", "mon 10:00"]);
    assert_eq!(
        out,
        "stopped review after 1h (Mon 23 Nov 09:00–10:00)\nstarted mentoring at Mon 23 Nov 10:00\n"
    );
    ok(h, &["stop", "--at", "mon 11:00"]);
    let out = ok(h, &["start", "coding", "--at", "yesterday 23:55"]);
    assert_eq!(out, "started coding at Wed 25 Nov 23:55\n");
    let out = ok(h, &["start", "coding"]);
    assert_eq!(out, "coding is already running (since Wed 25 Nov 23:55)\n");
    let out = ok(h, &["stop", "--at", "00:30"]);
    assert_eq!(
        out,
        "stopped coding after 35m (Wed 25 Nov 23:55–Thu 26 Nov 00:30)\n"
    );
    // Today's times stay short.
    assert_eq!(
        ok(h, &["start", "coding", "--at", "15:00"]),
        "started coding at 15:00\n"
    );
}

#[test]
fn starting_the_running_activity_says_what_it_updated() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["start", "coding", "--at", "15:00"]);
    let out = ok(h, &["start", "coding", "--note", "PR 12"]);
    assert_eq!(
        out,
        "coding is already running (since 15:00); set its note to \"PR 12\" — `keel undo` reverts this\n"
    );
    let running = std::fs::read_to_string(h.join("data/running.toml")).unwrap();
    assert!(running.contains("note = \"PR 12\""), "{running}");
    // The same note again changes nothing, and says nothing changed.
    let before = common::files(h);
    let out = ok(h, &["start", "coding", "--note", "PR 12"]);
    assert_eq!(out, "coding is already running (since 15:00)\n");
    assert_eq!(common::files(h), before);
    let out = ok(
        h,
        &["start", "coding", "--note", "", "--tag", "a", "--tag", "b"],
    );
    assert_eq!(
        out,
        "coding is already running (since 15:00); removed its note and set its tags to a, b — `keel undo` reverts this\n"
    );
    assert!(ok(h, &["undo"]).contains("note and tags of the running coding"));
    // An --at that differs is not silently taken as a new start.
    let out = ok(h, &["start", "coding", "--at", "14:00"]);
    assert_eq!(
        out,
        "coding is already running (since 15:00)\nits start stays; `keel edit running --from TIME` moves it\n"
    );
    // Text from the user is cleaned on the terminal.
    let out = ok(h, &["start", "coding", "--note", "bell\u{7}"]);
    assert!(!out.contains('\u{7}'), "{out:?}");
}

#[test]
fn errors_give_times_in_the_users_zone_not_rfc3339() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["log", "coding", "10:00-11:00"]);
    let e = refused(h, 2, &["edit", "10:00", "--to", "2026-11-26 09:00"]);
    assert!(
        e.contains("the entry ends at 2026-11-26 09:00, not after its start 2026-11-26 10:00"),
        "{e}"
    );
    // An instant given in another offset is said in the user's zone.
    let e = refused(h, 2, &["edit", "10:00", "--to", "2026-11-26T07:00:00Z"]);
    assert!(
        e.contains("the entry ends at 2026-11-26 08:00, not after its start 2026-11-26 10:00"),
        "{e}"
    );
    let e = refused(
        h,
        2,
        &["log", "coding", "14h", "--at", "2026-11-24T15:00:00Z"],
    );
    assert!(
        e.contains("coding from 2026-11-24 02:00 to 2026-11-24 16:00 lasts 14h"),
        "{e}"
    );
    ok(h, &["start", "review", "--at", "15:00"]);
    let e = refused(h, 2, &["start", "design", "--at", "2026-11-26T13:00:00Z"]);
    assert!(
        e.contains("the running review timer started at 2026-11-26 15:00, after 2026-11-26 14:00"),
        "{e}"
    );
    assert!(!e.contains("T13") && !e.contains("+01:00"), "{e}");
}
