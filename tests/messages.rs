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

/// The default config with coding's key set to `q`, the TUI's quit, and a
/// `[[calendar]]` whose file is missing.
fn clashing_config(h: &Path) -> std::path::PathBuf {
    ok(h, &["config", "init"]);
    let path = h.join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("key = \"c\""), "{text}");
    let missing = h.join("gone.ics");
    let text = text.replacen("key = \"c\"", "key = \"q\"", 1)
        + &format!("\n[[calendar]]\npath = \"{}\"\n", missing.display());
    std::fs::write(&path, text).unwrap();
    missing
}

#[test]
fn check_puts_each_problem_under_a_heading_that_fits_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let missing = clashing_config(h);
    let o = common::run(h, NOW, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = said.lines().collect();
    let config = format!(
        "config problems (fix them in {}; meanwhile every command still runs):",
        h.join("config.toml").display()
    );
    let at = lines.iter().position(|l| *l == config).expect(&said);
    assert!(
        lines[at + 1].starts_with("✗ ") && lines[at + 1].contains("key \"q\" of activity `coding`"),
        "{said}"
    );
    let at = lines
        .iter()
        .position(|l| l.starts_with("calendars (keel sync and keel plan stop on these"))
        .expect(&said);
    let gone = missing.display().to_string();
    assert_eq!(
        lines[at + 1],
        format!("✗ calendar {gone}: could not read: No such file or directory (os error 2)")
    );
    // Nothing here is a file that does not parse.
    assert!(
        !said.contains("left untouched") && !err.contains("left untouched"),
        "{said}{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
    // The missing calendar's path, once, in `keel sync` and `keel plan` too.
    for args in [&["sync"][..], &["plan"][..]] {
        let o = common::run(h, NOW, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(e.matches(gone.as_str()).count(), 1, "{e}");
        assert!(
            e.contains("Check the `path` of that [[calendar]] in the config"),
            "{e}"
        );
    }
}

#[test]
fn a_calendar_given_on_the_command_line_is_named_as_the_argument() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = common::command(h, NOW)
        .current_dir(h)
        .args(["plan", "--calendar", "nope.ics"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains(
            "calendar nope.ics (given with --calendar): could not read: No such file or directory"
        ),
        "{e}"
    );
    assert!(e.contains("Check the path given with --calendar"), "{e}");
    assert!(!e.contains("[[calendar]]"), "{e}");
    std::fs::write(h.join("bad.ics"), "not a calendar\n").unwrap();
    let o = common::command(h, NOW)
        .current_dir(h)
        .args(["plan", "--calendar", "bad.ics"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains(
            "calendar bad.ics (given with --calendar) does not parse: not an iCalendar file"
        ),
        "{e}"
    );
    assert!(e.contains("fix it, or leave out that --calendar"), "{e}");
    assert!(!e.contains("[[calendar]]"), "{e}");
}

#[test]
fn an_entry_not_found_is_named_in_the_users_zone() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["log", "coding", "10:00-11:00"]);
    // 08:30 UTC is 09:30 in Berlin, on the same day.
    let e = refused(h, 2, &["delete", "2026-11-26T08:30:00Z"]);
    assert!(
        e.contains("no entry starts at 2026-11-26 09:30; `keel entries --date 2026-11-26`"),
        "{e}"
    );
    // 23:30 UTC on the 25th is already the 26th in Berlin.
    let e = refused(h, 2, &["delete", "2026-11-25T23:30:00Z"]);
    assert!(
        e.contains("no entry starts at 2026-11-26 00:30; `keel entries --date 2026-11-26`"),
        "{e}"
    );
}
