//! Calendars as a source (issue 9): `[[calendar]]` tables, `keel sync`,
//! dismissed sources, and what `keel check` and `keel status` say about a
//! calendar that is missing or does not parse. The real binary in a
//! temporary home, the clock pinned (Thursday 26 November 2026, 16:00 in
//! Berlin), the cache in the home too.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use proptest::prelude::*;
use tempfile::TempDir;

mod common;

use common::NOW;

struct Home(TempDir);

/// One timed event in its own calendar file, as vdirsyncer keeps them.
fn event(uid: &str, title: &str, start: &str, minutes: u32) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\n\
         DTSTART;TZID=Europe/Berlin:{start}\r\nDURATION:PT{minutes}M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

const HOLIDAYS: &str = "BEGIN:VCALENDAR\nVERSION:2.0\n\
BEGIN:VEVENT\nUID:xmas\nSUMMARY:Christmas\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261227\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:party\nSUMMARY:Party\nDTSTART;TZID=Europe/Berlin:20261120T180000\nDURATION:PT2H\nEND:VEVENT\n\
END:VCALENDAR\n";

impl Home {
    /// A home whose config names a directory calendar `work` and a
    /// holiday calendar (`off = true`).
    fn new() -> Home {
        let h = Home(TempDir::new().unwrap());
        fs::create_dir_all(h.path("cals/work")).unwrap();
        h.write("cals/holidays.ics", HOLIDAYS);
        h.write(
            "config.toml",
            "timezone = \"Europe/Berlin\"\n\n\
             [[calendar]]\nname = \"work\"\npath = \"cals/work\"\n\n\
             [[calendar]]\nname = \"holidays\"\npath = \"cals/holidays.ics\"\noff = true\n",
        );
        h
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        fs::write(self.path(rel), text).unwrap();
    }

    /// A one-event file in the work calendar.
    fn meeting(&self, uid: &str, title: &str, start: &str, minutes: u32) {
        self.write(
            &format!("cals/work/{uid}.ics"),
            &event(uid, title, start, minutes),
        );
    }

    fn run(&self, args: &[&str]) -> Output {
        common::run(self.0.path(), NOW, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(args, self.run(args))
    }

    fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// `start activity source` of every entry.
    fn entries(&self) -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}",
                    e["start"].as_str().unwrap(),
                    e["activity"].as_str().unwrap(),
                    e["source"].as_str().unwrap_or("-")
                )
            })
            .collect()
    }

    fn days_off(&self) -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["days_off"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                format!(
                    "{}..{}",
                    o["from"].as_str().unwrap(),
                    o["to"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// Runs `args`, which must fail with `code` saying `says`, and checks
    /// that the data directory is byte for byte what it was.
    fn refused(&self, args: &[&str], code: i32, says: &str) -> String {
        let before = common::files(&self.data());
        let o = self.run(args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(code), "keel {args:?}: {err}");
        assert!(err.contains(says), "keel {args:?}: `{says}` not in {err}");
        assert_eq!(common::files(&self.data()), before, "keel {args:?} wrote");
        err
    }
}

#[test]
fn sync_imports_what_has_ended_from_a_directory_of_many_files_once() {
    let h = Home::new();
    // 150 one-event files: a 30-minute 1:1 every day at 10:00 from
    // 30 June 2026 on, so the last three (27–29 November) lie ahead.
    let first = chrono::NaiveDate::from_ymd_opt(2026, 7, 3).unwrap();
    for i in 0..150 {
        let d = first + chrono::Duration::days(i);
        h.meeting(
            &format!("m{i}"),
            "1:1 Bo",
            &format!("{}T100000", d.format("%Y%m%d")),
            30,
        );
    }
    // A meeting that has begun but not ended at 16:00.
    h.meeting("now", "Planning", "20261126T153000", 60);
    let out = h.ok(&["sync"]);
    let es = h.entries();
    // 90 days back from 26 November: 28 August on; 28 Aug..26 Nov is 91 days.
    assert_eq!(es.len(), 91, "{out}");
    assert_eq!(es[0], "2026-08-28T10:00:00+02:00 one-on-one ics:m56");
    assert_eq!(es[90], "2026-11-26T10:00:00+01:00 one-on-one ics:m146");
    assert!(
        out.contains("added 91 entries (45h30m), 2 day(s) off"),
        "{out}"
    );
    // The meeting in progress is said; those of the days ahead are not read.
    assert!(out.contains("1 future event left out"), "{out}");
    assert!(
        out.contains("`keel undo` takes the whole import back"),
        "{out}"
    );
    // The holiday calendar: days off ahead, its timed events never entries.
    assert_eq!(h.days_off(), ["2026-12-25..2026-12-26"]);
    // Twice: nothing new, and every earlier event counted, not listed.
    let before = common::files(&h.data());
    let again = h.ok(&["sync"]);
    assert!(
        again.contains("note: 91 event(s) imported before"),
        "{again}"
    );
    assert!(!again.contains("added 2026"), "{again}");
    assert_eq!(common::files(&h.data()), before);
    // One undo step took it all.
    assert!(
        h.ok(&["undo"])
            .contains("import calendars: 91 entries, 2 days off")
    );
    assert!(h.entries().is_empty());
    assert!(h.days_off().is_empty());
}

#[test]
fn dry_run_says_what_sync_would_add_and_writes_nothing() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    let out = h.ok(&["sync", "--dry-run"]);
    assert!(
        out.contains("would add 2026-11-24 14:00–15:00 hiring (1h)"),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");
    assert!(!h.data().exists());
}

#[test]
fn a_deleted_item_and_an_undone_import_are_not_imported_again_until_restored() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    h.meeting("b", "Roadmap", "20261125T090000", 30);
    h.ok(&["sync"]);
    h.ok(&["delete", "2026-11-24 14:00"]);
    let out = h.ok(&["sync"]);
    assert!(
        out.contains("1 item(s) you deleted or whose import you undid left out"),
        "{out}"
    );
    assert_eq!(h.entries(), ["2026-11-25T09:00:00+01:00 planning ics:b"]);
    // Undoing the delete brings the entry and takes the dismissal back.
    h.ok(&["undo"]);
    assert!(h.ok(&["sync", "--list-dismissed"]).is_empty());
    assert_eq!(h.entries().len(), 2);
    // Undoing the import dismisses everything it brought, days off too.
    h.ok(&["undo"]);
    assert!(h.entries().is_empty());
    assert_eq!(
        h.ok(&["sync", "--list-dismissed"]),
        "ics:a\nics:b\nics:xmas\n"
    );
    let out = h.ok(&["sync"]);
    assert!(out.contains("added 0 entries"), "{out}");
    assert!(h.entries().is_empty() && h.days_off().is_empty());
    // The dismissed sources travel with the data (a data file keel checks
    // and merges), and one comes back on request.
    let text = fs::read_to_string(h.data().join("dismissed.toml")).unwrap();
    assert!(text.contains("\"ics:a\""), "{text}");
    assert!(h.ok(&["check"]).contains("✓"));
    h.refused(&["sync", "--restore", "ics:zzz"], 2, "not dismissed");
    h.ok(&["sync", "--restore", "ics:a"]);
    let out = h.ok(&["sync"]);
    assert!(out.contains("added 2026-11-24 14:00–15:00 hiring"), "{out}");
    assert_eq!(h.entries(), ["2026-11-24T14:00:00+01:00 hiring ics:a"]);
    // A plain import of the same file leaves a dismissed item out too.
    let o = h.ok(&["import", h.path("cals/work/b.ics").to_str().unwrap()]);
    assert!(o.contains("left out"), "{o}");
    assert_eq!(h.entries().len(), 1);
}

#[test]
fn a_dismissed_file_that_does_not_parse_is_a_problem_and_stops_nothing_silently() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    h.ok(&["sync"]);
    h.write("data/dismissed.toml", "sources = [1]\n");
    let o = h.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("dismissed.toml:1"));
    h.refused(&["delete", "2026-11-24 14:00"], 2, "dismissed.toml");
}

#[test]
fn a_missing_calendar_fails_sync_with_1_and_one_that_does_not_parse_with_2() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    fs::remove_file(h.path("cals/holidays.ics")).unwrap();
    let err = h.refused(&["sync"], 1, "calendar \"holidays\"");
    assert!(err.contains("holidays.ics"), "{err}");
    assert!(!h.data().exists());
    // `keel check` names it (exit 2); `keel status` warns and goes on.
    let o = h.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("✗ calendar \"holidays\"") && said.contains("holidays.ics"),
        "{said}"
    );
    let o = h.run(&["status"]);
    assert!(o.status.success());
    let warned = String::from_utf8_lossy(&o.stderr);
    assert!(
        warned.contains("calendar \"holidays\"")
            && warned.contains("the pace leaves the calendars out"),
        "{warned}"
    );

    h.write("cals/holidays.ics", HOLIDAYS);
    h.ok(&["sync"]);
    h.write("cals/work/broken.ics", "this is not a calendar\n");
    h.meeting("b", "Roadmap", "20261125T090000", 30);
    let err = h.refused(&["sync"], 2, "broken.ics does not parse");
    assert!(err.contains("calendar \"work\""), "{err}");
    let o = h.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("broken.ics does not parse"));
    assert!(h.run(&["status"]).status.success());
}

#[test]
fn sync_without_calendars_says_how_to_add_one() {
    let h = Home::new();
    h.write("config.toml", "timezone = \"Europe/Berlin\"\n");
    h.refused(
        &["sync"],
        2,
        "no calendar is configured: add a [[calendar]] table",
    );
}

#[test]
fn a_calendar_table_without_a_path_is_refused_at_load() {
    let h = Home::new();
    h.write("config.toml", "[[calendar]]\nname = \"work\"\n");
    let o = h.run(&["status"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("config.toml:2:8") && err.contains("`calendar[0].path` is required"),
        "{err}"
    );
}

#[test]
fn a_changed_file_is_seen_and_a_corrupt_cache_is_rebuilt() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    // `keel status` reads the week ahead through the cache.
    h.ok(&["status"]);
    let cache = h.path("cache/calendars");
    let builds = || -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .flat_map(|d| fs::read_dir(d.path()).unwrap().flatten().map(|b| b.path()))
            .collect();
        v.sort();
        v
    };
    let first = builds();
    assert_eq!(first.len(), 2, "one build per calendar: {first:?}");
    // A file changes (replaced by a rename, as vdirsyncer and khal do):
    // its calendar's build is replaced, the other kept.
    h.write(
        "cals/a.tmp",
        &event("a", "Interview moved", "20261124T150000", 45),
    );
    fs::rename(h.path("cals/a.tmp"), h.path("cals/work/a.ics")).unwrap();
    h.ok(&["status"]);
    let second = builds();
    assert_eq!(second.len(), 2);
    assert_eq!(first.iter().filter(|b| second.contains(b)).count(), 1);
    // Every bucket of every build corrupted: still correct, rebuilt.
    for b in &second {
        for f in fs::read_dir(b).unwrap().flatten() {
            fs::write(f.path(), "{not a bucket").unwrap();
        }
    }
    let o = h.run(&["status"]);
    assert!(o.status.success() && o.stderr.is_empty(), "{o:?}");
    let out = h.ok(&["sync"]);
    assert!(
        out.contains("added 2026-11-24 15:00–15:45 hiring (45m)"),
        "{out}"
    );
    for b in builds() {
        for f in fs::read_dir(b).unwrap().flatten() {
            if f.path().extension().is_some_and(|e| e == "tsv") {
                let t = fs::read_to_string(f.path()).unwrap();
                assert!(t.starts_with("evenkeel calendar cache"), "{t}");
            }
        }
    }
}

fn stamp(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the events and the clock, no entry that sync writes ends
    /// after now, and a second sync adds nothing.
    #[test]
    fn no_future_event_ever_becomes_an_entry(
        events in prop::collection::vec((0i64..(20 * 24 * 4), 1u32..300), 1..12),
        clock in 0i64..(14 * 24 * 60),
    ) {
        let h = Home::new();
        let base = chrono::DateTime::parse_from_rfc3339("2026-11-16T00:00:00+01:00").unwrap();
        for (i, (quarter, minutes)) in events.iter().enumerate() {
            let start = base + chrono::Duration::minutes(quarter * 15);
            h.meeting(&format!("e{i}"), "Sync", &stamp(start), *minutes);
        }
        let now = (base + chrono::Duration::minutes(clock)).to_rfc3339();
        let o = common::run(h.0.path(), &now, &["sync"]);
        prop_assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let now_t = chrono::DateTime::parse_from_rfc3339(&now).unwrap();
        let v: serde_json::Value = serde_json::from_str(&common::ok(h.0.path(), &now, &["export", "--format", "json"])).unwrap();
        let entries = v["entries"].as_array().unwrap();
        for e in entries {
            let end = chrono::DateTime::parse_from_rfc3339(e["end"].as_str().unwrap()).unwrap();
            prop_assert!(end <= now_t, "{e} ends after {now}");
        }
        let before = common::files(&h.data());
        let o = common::run(h.0.path(), &now, &["sync"]);
        prop_assert!(o.status.success());
        prop_assert_eq!(common::files(&h.data()), before);
    }
}

#[test]
fn a_day_off_taken_back_whole_is_not_synced_again() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    h.ok(&["sync"]);
    assert_eq!(h.days_off(), ["2026-12-25..2026-12-26"]);
    // Part of it: the rest keeps its source, so a sync adds nothing back.
    h.ok(&["off", "--remove", "2026-12-26"]);
    h.ok(&["sync"]);
    assert_eq!(h.days_off(), ["2026-12-25..2026-12-25"]);
    // All of it: dismissed in the same step, so it stays away.
    h.ok(&["off", "--remove", "2026-12-25"]);
    assert_eq!(h.ok(&["sync", "--list-dismissed"]), "ics:xmas\n");
    let out = h.ok(&["sync"]);
    assert!(out.contains("left out"), "{out}");
    assert!(h.days_off().is_empty());
    // Undoing the removal brings the day back and forgets the dismissal.
    h.ok(&["undo"]);
    assert_eq!(h.days_off(), ["2026-12-25..2026-12-25"]);
    assert!(h.ok(&["sync", "--list-dismissed"]).is_empty());
}

#[test]
fn days_sets_how_far_back_sync_reads() {
    let h = Home::new();
    h.meeting("old", "Interview", "20261120T100000", 60);
    h.meeting("new", "Roadmap", "20261125T090000", 30);
    let out = h.ok(&["sync", "--days", "3"]);
    assert!(out.contains("added 1 entry (30m)"), "{out}");
    assert_eq!(h.entries(), ["2026-11-25T09:00:00+01:00 planning ics:new"]);
    h.ok(&["sync"]);
    assert_eq!(h.entries().len(), 2);
    let o = h.run(&["sync", "--days", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_json_export_carries_the_dismissed_sources_to_a_restore() {
    let h = Home::new();
    h.meeting("a", "Interview", "20261124T140000", 60);
    h.meeting("b", "Roadmap", "20261125T090000", 30);
    h.ok(&["sync"]);
    h.ok(&["delete", "2026-11-24 14:00"]);
    let export = h.ok(&["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(v["dismissed"], serde_json::json!(["ics:a"]), "{export}");
    // Another machine restores the backup: the thrown-away meeting stays away.
    let other = Home::new();
    other.meeting("a", "Interview", "20261124T140000", 60);
    other.write("backup.json", &export);
    let out = other.ok(&["import", other.path("backup.json").to_str().unwrap()]);
    assert!(
        out.contains("1 source(s) thrown away on the exporting machine"),
        "{out}"
    );
    assert_eq!(other.ok(&["sync", "--list-dismissed"]), "ics:a\n");
    other.ok(&["sync"]);
    assert_eq!(
        other.entries(),
        ["2026-11-25T09:00:00+01:00 planning ics:b"]
    );
    // A second restore adds nothing.
    let again = other.ok(&["import", other.path("backup.json").to_str().unwrap()]);
    assert!(!again.contains("thrown away"), "{again}");
}

#[test]
fn sync_counts_days_off_in_days_every_time() {
    let h = Home::new();
    h.write(
        "cals/holidays.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\n\
         BEGIN:VEVENT\nUID:xmas\nSUMMARY:Christmas\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261227\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:ny\nSUMMARY:New Year\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:20270102\nEND:VEVENT\n\
         END:VCALENDAR\n",
    );
    // One day of Christmas is off already, taken by hand.
    h.ok(&["off", "2026-12-26"]);
    let first = h.ok(&["sync"]);
    assert!(
        first.contains(
            "added day(s) off 2026-12-25 to 2026-12-26 \"Christmas\" (1 new day, 1 already off)"
        ),
        "{first}"
    );
    assert!(
        first.contains("added day(s) off 2027-01-01 \"New Year\" (1 day)"),
        "{first}"
    );
    assert!(
        first.contains("added 2 day(s) off (1 already there)"),
        "{first}"
    );
    // Nothing new: the three days the calendar names, all there — in days,
    // as the first sync counted them, not in ranges.
    let again = h.ok(&["sync"]);
    assert!(
        again.contains("added 0 day(s) off (3 already there)"),
        "{again}"
    );
    assert_eq!(
        h.days_off(),
        [
            "2026-12-25..2026-12-25",
            "2026-12-26..2026-12-26",
            "2027-01-01..2027-01-01"
        ]
    );
}
