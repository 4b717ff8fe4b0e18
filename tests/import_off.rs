//! Importing days off (issue 8): a holiday calendar with `--as-off`, my own
//! all-day absences on every calendar import, and keel's JSON export
//! carrying days off so that a backup loses nothing. Each import is one
//! undo step; bad input exits 2 and writes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

mod common;

use common::NOW;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name)
        .display()
        .to_string()
}

struct Home(TempDir);

impl Home {
    fn new() -> Home {
        Home(TempDir::new().unwrap())
    }

    /// A home whose config names me (`ana@example.com`).
    fn with_me() -> Home {
        let h = Home::new();
        h.config("me = [\"ana@example.com\"]\n");
        h
    }

    fn config(&self, calendar: &str) {
        fs::write(
            self.0.path().join("config.toml"),
            format!(
                "[[activity]]\nname = \"coding\"\nside = \"technical\"\n\n\
                 [[activity]]\nname = \"cross-team\"\nside = \"management\"\n\n\
                 [import.calendar]\ndefault_activity = \"cross-team\"\n{calendar}"
            ),
        )
        .unwrap();
    }

    fn data(&self) -> PathBuf {
        self.0.path().join("data")
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.0.path().join(name);
        fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn run(&self, args: &[&str]) -> Output {
        common::run(self.0.path(), NOW, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(args, self.run(args))
    }

    fn time_off(&self) -> Option<String> {
        fs::read_to_string(self.data().join("time_off.toml")).ok()
    }

    /// Every file of the data directory with its bytes (but the empty
    /// `.lock` that any write attempt takes).
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        common::files(&self.data())
    }

    /// The days off as `keel export --format json` gives them:
    /// `from..to note source`.
    fn days_off(&self) -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["days_off"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                format!(
                    "{}..{} {} {}",
                    o["from"].as_str().unwrap(),
                    o["to"].as_str().unwrap(),
                    o["note"].as_str().unwrap_or("-"),
                    o["source"].as_str().unwrap_or("-")
                )
            })
            .collect()
    }

    fn entries(&self) -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["start"].as_str().unwrap(),
                    e["activity"].as_str().unwrap()
                )
            })
            .collect()
    }

    fn refused(&self, args: &[&str], says: &str) {
        let before = self.files();
        let o = self.run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "keel {args:?}: {err}");
        assert!(err.contains(says), "keel {args:?}: `{says}` not in {err}");
        assert_eq!(self.files(), before, "keel {args:?} wrote");
    }
}

const HOLIDAYS: [&str; 6] = [
    "2026-01-01..2026-01-01 New Year's Day ics:newyear@holidays@20260101",
    "2026-10-03..2026-10-03 Day of German Unity ics:unity-2026@holidays",
    "2026-12-25..2026-12-26 Christmas ics:xmas-2026@holidays",
    "2027-01-01..2027-01-01 New Year's Day ics:newyear@holidays@20270101",
    "2027-03-26..2027-03-26 Good Friday ics:easter-2027@holidays",
    "2028-01-01..2028-01-01 New Year's Day ics:newyear@holidays@20280101",
];

#[test]
fn a_holiday_calendar_as_off_takes_future_days_once_and_undoes_in_one_step() {
    let h = Home::new();
    let f = fixture("holidays.ics");
    let out = h.ok(&["import", &f, "--as-off"]);
    // A year back to two years ahead; DTEND of an all-day event is
    // exclusive (Christmas: 25th and 26th); a yearly series is expanded.
    assert_eq!(h.days_off(), HOLIDAYS);
    assert!(
        out.contains("added day(s) off 2026-12-25 to 2026-12-26 \"Christmas\" (2 days)"),
        "{out}"
    );
    assert!(
        out.contains("1 timed event(s) left out: --as-off reads only all-day events"),
        "{out}"
    );
    assert!(out.contains("7 day(s) off"), "{out}");
    assert!(h.entries().is_empty(), "--as-off wrote entries");
    // The future holidays count: the week of 2026-12-21 has two workdays off.
    let r: serde_json::Value =
        serde_json::from_str(&h.ok(&["report", "--week", "2026-12-21", "--format", "json"]))
            .unwrap();
    assert_eq!(r["days_off"], serde_json::json!(["2026-12-25"]), "{r}");

    let file = h.time_off();
    let again = h.ok(&["import", &f, "--as-off"]);
    assert!(again.contains("0 day(s) off (7 already there)"), "{again}");
    assert!(!again.contains("keel undo"), "{again}");
    assert_eq!(h.time_off(), file, "a second import changed time_off.toml");

    let undo = h.ok(&["undo"]);
    assert!(undo.contains("import holidays.ics"), "{undo}");
    assert!(h.days_off().is_empty(), "{:?}", h.days_off());
}

#[test]
fn as_off_dry_run_writes_nothing() {
    let h = Home::new();
    let out = h.ok(&["import", &fixture("holidays.ics"), "--as-off", "--dry-run"]);
    assert!(
        out.contains("would add day(s) off 2027-03-26 \"Good Friday\""),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");
    // Not even the data directory or its lock.
    assert!(!h.data().exists(), "{:?}", h.files());
}

#[test]
fn as_off_titles_reach_the_terminal_cleaned() {
    let h = Home::new();
    let f = h.write(
        "evil.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\n\
         SUMMARY:Holiday \u{1b}[31mred\u{7}\r\nDTSTART;VALUE=DATE:20261224\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let out = h.ok(&["import", &f, "--as-off"]);
    assert!(out.contains("2026-12-24 \"Holiday"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    // The file keeps the title exactly.
    assert!(
        h.days_off()[0].contains("\u{1b}[31mred"),
        "{:?}",
        h.days_off()
    );
}

#[test]
fn my_own_all_day_absences_become_days_off_on_every_import() {
    let h = Home::with_me();
    let out = h.ok(&["import", &fixture("ooo.ics")]);
    assert_eq!(
        h.days_off(),
        [
            // No organizer, no attendees: a private entry of mine.
            "2026-11-10..2026-11-11 Sick leave ics:private-sick@cal",
            // Someone else organizes it, I attend.
            "2026-11-18..2026-11-18 OOO - dentist ics:my-ooo@cal",
            // Mine, and in the future.
            "2026-12-07..2026-12-11 Vacation ics:my-vacation@cal",
        ]
    );
    assert!(
        out.contains("skipped 2026-11-16 \"Alice vacation\": all-day, someone else's"),
        "{out}"
    );
    assert!(
        out.contains("skipped 2026-11-24 \"Team offsite\": all-day (a day off only when its title matches `[import.calendar] off`)"),
        "{out}"
    );
    // A cancelled PTO is no day off; a future all-day event that is not a
    // day off is not listed (a calendar's birthdays are not news).
    assert!(
        out.contains("skipped 2026-12-01 \"PTO\": cancelled"),
        "{out}"
    );
    assert!(!out.contains("birthday"), "{out}");
    // A timed "Holiday party" is a meeting, not a day off.
    assert_eq!(h.entries(), ["2026-11-20T17:00:00+01:00 cross-team"]);
    assert!(
        out.contains("added 1 entry (2h), 8 day(s) off, 3 skipped"),
        "{out}"
    );

    let again = h.ok(&["import", &fixture("ooo.ics")]);
    assert!(
        again.contains("added 0 day(s) off (8 already there), 4 skipped"),
        "{again}"
    );
    // Entries and days off of one import are one undo step.
    h.ok(&["undo"]);
    assert!(h.days_off().is_empty());
    assert!(h.entries().is_empty());
}

#[test]
fn without_me_only_private_absences_count_and_off_can_be_turned_off() {
    let h = Home::new();
    h.config("");
    h.ok(&["import", &fixture("ooo.ics")]);
    assert_eq!(
        h.days_off(),
        ["2026-11-10..2026-11-11 Sick leave ics:private-sick@cal"]
    );

    let h = Home::new();
    h.config("me = [\"ana@example.com\"]\noff = []\n");
    let out = h.ok(&["import", &fixture("ooo.ics")]);
    assert!(h.time_off().is_none(), "{out}");
    assert!(
        out.contains("skipped 2026-11-18 \"OOO - dentist\": all-day (a day off only when"),
        "{out}"
    );
}

#[test]
fn export_and_import_keep_days_off() {
    let a = Home::with_me();
    a.ok(&["import", &fixture("ooo.ics")]);
    a.ok(&["off", "2026-12-24", "2026-12-31", "--note", "Winter break"]);
    let exported = a.ok(&["export", "--format", "json"]);
    let b = Home::new();
    let f = b.write("backup.json", &exported);
    let out = b.ok(&["import", &f]);
    assert!(out.contains("added 1 entry (2h), 16 day(s) off"), "{out}");
    assert_eq!(b.days_off(), a.days_off());
    assert_eq!(b.ok(&["export", "--format", "json"]), exported);
    assert_eq!(b.time_off(), a.time_off());
    let again = b.ok(&["import", &f]);
    assert!(again.contains("0 day(s) off (16 already there)"), "{again}");
    b.ok(&["undo"]);
    assert!(b.days_off().is_empty() && b.entries().is_empty());

    // A range exports the days off within it, cut to it.
    let part: serde_json::Value = serde_json::from_str(&a.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-12-10",
        "--to",
        "2026-12-25",
    ]))
    .unwrap();
    assert_eq!(part["days_off"][0]["from"], "2026-12-10");
    assert_eq!(part["days_off"][0]["to"], "2026-12-11");
    assert_eq!(part["days_off"][1]["to"], "2026-12-25");
    assert_eq!(part["days_off"].as_array().unwrap().len(), 2);
    // CSV stays entries only.
    let csv = a.ok(&["export", "--format", "csv"]);
    assert!(!csv.contains("Vacation"), "{csv}");
}

#[test]
fn the_old_array_export_still_imports() {
    let h = Home::new();
    let f = h.write(
        "old.json",
        r#"[{"start": "2026-11-23T09:00:00+01:00", "end": "2026-11-23T10:30:00+01:00",
             "activity": "coding", "note": null, "tags": [], "source": null}]"#,
    );
    let out = h.ok(&["import", &f]);
    assert!(out.contains("added 1 entry (1h30m), 0 skipped"), "{out}");
    assert_eq!(h.entries(), ["2026-11-23T09:00:00+01:00 coding"]);
    assert!(h.time_off().is_none());
}

#[test]
fn bad_days_off_in_an_import_exit_2_and_write_nothing() {
    let h = Home::new();
    h.ok(&["log", "coding", "09:00-10:00"]);
    let entry = r#"{"start": "2026-11-23T09:00:00+01:00", "end": "2026-11-23T10:00:00+01:00", "activity": "coding"}"#;
    let backwards = h.write(
        "backwards.json",
        &format!(
            r#"{{"entries": [{entry}], "days_off": [{{"from": "2026-12-24", "to": "2026-12-20"}}]}}"#
        ),
    );
    h.refused(
        &["import", &backwards],
        "days_off item 1: `to` 2026-12-20 is before `from` 2026-12-24",
    );
    h.refused(&["import", &backwards], "backwards.json");
    let not_a_date = h.write(
        "notadate.json",
        r#"{"days_off": [{"from": "2026-12-24", "to": "Christmas"}]}"#,
    );
    h.refused(
        &["import", &not_a_date],
        "`to` = \"Christmas\" is not a date like 2026-12-24",
    );
    let unknown = h.write("unknown.json", r#"{"entries": [], "holidays": []}"#);
    h.refused(&["import", &unknown], "not keel's JSON export");
    h.refused(
        &["import", &backwards, "--as-off"],
        "--as-off reads a calendar's all-day events",
    );
    let notcal = h.write("x.ics", "hello\n");
    h.refused(&["import", &notcal, "--as-off"], "not an iCalendar file");
}

#[test]
fn a_time_off_file_that_does_not_parse_is_never_overwritten_by_an_import() {
    let h = Home::with_me();
    fs::create_dir_all(h.data()).unwrap();
    fs::write(h.data().join("time_off.toml"), "[[off]]\nfrom = \"nope\"\n").unwrap();
    h.refused(&["import", &fixture("ooo.ics")], "time_off.toml:2");
    h.refused(
        &["import", &fixture("holidays.ics"), "--as-off"],
        "That file was not changed",
    );
}

#[test]
fn a_moved_absence_is_said_not_silently_changed() {
    let h = Home::with_me();
    h.ok(&["import", &fixture("ooo.ics")]);
    let moved = fs::read_to_string(fixture("ooo.ics"))
        .unwrap()
        .replace("DTEND;VALUE=DATE:20261212", "DTEND;VALUE=DATE:20261215");
    let f = h.write("moved.ics", &moved);
    let before = h.time_off();
    let out = h.ok(&["import", &f]);
    assert!(
        out.contains("\"Vacation\" was imported before as days off 2026-12-07 to 2026-12-11; the file now says 2026-12-07 to 2026-12-14"),
        "{out}"
    );
    assert_eq!(h.time_off(), before);
}
