//! Import fidelity (issue 11) and bounded, past-only imports: one fixture
//! per numbered item under tests/fixtures/ics/itemNN_*.ics, with the
//! instances expected written here by hand from RFC 5545 (not from keel's
//! output), and the behaviour through the real binary with a pinned clock.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use chrono::{NaiveDate, Utc};
use evenkeel::import::ics;
use evenkeel::model::Zone;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The instances of a fixture starting in 2026, read in `zone`, as
/// `START END TITLE` in UTC, sorted; and what was skipped and noted.
fn read(name: &str, zone: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let z = Zone::parse(zone).unwrap();
    let d = |y, m, d| z.day_start(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let mut s = ics::Settings::new(z);
    s.me = BTreeSet::from(["ana@example.com".to_string()]);
    let found = ics::instances(&text, &s, d(2026, 1, 1), d(2027, 1, 1)).unwrap();
    let f = |t: chrono::DateTime<chrono::FixedOffset>| {
        t.with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let mut v: Vec<String> = found
        .instances
        .iter()
        .map(|i| format!("{} {} {}", f(i.start), f(i.end), i.title))
        .collect();
    v.sort();
    let skipped = found
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.what, s.why))
        .collect();
    (v, skipped, found.notes)
}

struct Keel {
    dir: tempfile::TempDir,
    now: &'static str,
}

impl Keel {
    fn new(now: &'static str) -> Keel {
        Keel {
            dir: tempfile::tempdir().unwrap(),
            now,
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let o = Command::cargo_bin("keel")
            .unwrap()
            .env("EVENKEEL_DATA_DIR", self.data())
            .env("EVENKEEL_CONFIG", self.dir.path().join("config.toml"))
            .env("EVENKEEL_NOW", self.now)
            .env("TZ", "Europe/Berlin")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "keel {args:?}: {out}{err}");
        out
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// The default config with `[import.calendar]` keys set (`me` is
    /// ana@example.com).
    fn config(&self, keys: &[(&str, &str)]) {
        let mut text = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"),
        )
        .unwrap()
        .replace("me = []", "me = [\"ana@example.com\"]");
        for (k, v) in keys {
            let line = text
                .lines()
                .find(|l| l.trim_start_matches("# ").starts_with(&format!("{k} =")))
                .unwrap_or_else(|| panic!("no `{k}` in the default config"))
                .to_string();
            text = text.replace(&line, &format!("{k} = {v}"));
        }
        std::fs::write(self.dir.path().join("config.toml"), text).unwrap();
    }

    /// The exported entries.
    fn export(&self) -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "--format", "json"])).unwrap();
        v["entries"].clone()
    }
}

const NOW: &str = "2026-11-26T16:00:00+01:00";

// ---- 1. Nominal days and weeks; long events need --long ----

#[test]
fn item01_a_day_duration_is_nominal_hours_are_exact() {
    let (v, _, _) = read("item01_nominal.ics", "Europe/Berlin");
    assert_eq!(
        v,
        [
            // 12:00 CEST + P1D = 12:00 CET the next day: 25 hours.
            "2026-10-24T10:00:00Z 2026-10-25T11:00:00Z Offsite (P1D: to 12:00 local the next day, 25 h)",
            // 20:00 CEST + PT24H = 24 hours later, 19:00 CET.
            "2026-10-24T18:00:00Z 2026-10-25T18:00:00Z Hackathon (PT24H: exactly 24 h, 19:00 local)",
        ]
    );
}

#[test]
fn item01_a_weekly_rota_across_dst_neither_gains_nor_loses() {
    let (v, _, _) = read("item01_rota.ics", "Europe/Berlin");
    assert_eq!(
        v,
        [
            "2026-10-17T10:00:00Z 2026-10-24T10:00:00Z On-call rota",
            "2026-10-24T10:00:00Z 2026-10-31T11:00:00Z On-call rota",
            "2026-10-31T11:00:00Z 2026-11-07T11:00:00Z On-call rota",
        ]
    );
}

#[test]
fn item01_events_over_12_hours_need_long_and_then_count_calendar_days() {
    let k = Keel::new(NOW);
    let f = fixture("item01_rota.ics");
    let range = ["--from", "2026-10-01", "--to", "2026-11-26"];
    let out = k.ok(&[&["import", &f][..], &range].concat());
    assert!(out.contains("added 0 entries (0m), 3 skipped"), "{out}");
    assert!(
        out.contains("\"On-call rota\": lasts 168h, longer than 12 hours (add --long"),
        "{out}"
    );
    assert!(!k.data().join("entries").exists());
    let out = k.ok(&[&["import", &f, "--long"][..], &range].concat());
    assert!(out.contains("added 3 entries"), "{out}");
    let j = k.export();
    let ends: Vec<&str> = (0..3).map(|i| j[i]["end"].as_str().unwrap()).collect();
    assert_eq!(
        ends,
        [
            "2026-10-24T12:00:00+02:00",
            "2026-10-31T12:00:00+01:00",
            "2026-11-07T12:00:00+01:00"
        ]
    );
    assert_eq!(k.run(&["check"]).0, 0);
}

// ---- 2. TZID with a leading slash ----

#[test]
fn item02_a_leading_slash_tzid_is_the_zone_after_it() {
    // Read in Tokyo, so falling back to the user's zone would show.
    let (v, _, notes) = read("item02_slash_tzid.ics", "Asia/Tokyo");
    assert_eq!(
        v,
        [
            "2026-11-02T08:00:00Z 2026-11-02T09:00:00Z Stockholm sync",
            "2026-11-02T14:00:00Z 2026-11-02T14:30:00Z New York sync",
        ]
    );
    assert!(
        notes.iter().all(|n| !n.contains("unknown time zone")),
        "{notes:?}"
    );
}

// ---- 3. Copies of one UID ----

#[test]
fn item03_the_highest_sequence_then_the_latest_stamp_wins() {
    let (v, _, notes) = read("item03_copies.ics", "Europe/Berlin");
    assert_eq!(
        v,
        [
            "2026-11-03T13:00:00Z 2026-11-03T14:00:00Z Planning (moved)",
            "2026-11-04T15:00:00Z 2026-11-04T16:00:00Z Retro (rescheduled)",
        ]
    );
    assert!(
        notes.iter().any(|n| n.contains("3 older copy")),
        "{notes:?}"
    );
    // And on the first import nothing is reported "already imported".
    let k = Keel::new(NOW);
    let f = fixture("item03_copies.ics");
    let out = k.ok(&["import", &f, "--from", "2026-11-01"]);
    assert!(out.contains("added 2 entries (2h), 0 skipped"), "{out}");
    assert!(!out.contains("already imported"), "{out}");
}

// ---- 4. A mistyped END ----

#[test]
fn item04_a_mistyped_end_loses_no_event_and_is_reported() {
    let (v, _, notes) = read("item04_mistyped_end.ics", "Europe/Berlin");
    assert_eq!(
        v,
        [
            "2026-11-05T09:00:00Z 2026-11-05T10:00:00Z Design review",
            "2026-11-05T13:00:00Z 2026-11-05T13:30:00Z Hiring debrief",
        ]
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("2 line(s) of the calendar could not be read")),
        "{notes:?}"
    );
}

// ---- 5. RDATE periods and dates, end before start ----

#[test]
fn item05_rdate_periods_dates_and_backwards_events() {
    let (v, skipped, _) = read("item05_rdate.ics", "Europe/Berlin");
    assert_eq!(
        v,
        [
            "2026-11-02T10:00:00Z 2026-11-02T10:30:00Z Weekly sync",
            // DTSTART alone has no length; each period has its own.
            "2026-11-06T09:00:00Z 2026-11-06T10:00:00Z Office hours",
            "2026-11-07T14:00:00Z 2026-11-07T14:30:00Z Office hours",
            "2026-11-09T10:00:00Z 2026-11-09T10:30:00Z Weekly sync",
        ]
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("\"Weekly sync\" (a series): RDATE;VALUE=DATE 2026-11-12")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("\"Backwards\": it ends before it starts")),
        "{skipped:?}"
    );
}

// ---- 6. Tentative, free, and meetings of two ----

#[test]
fn item06_tentative_and_free_are_skipped_unless_asked_and_one_on_ones_classified() {
    let k = Keel::new(NOW);
    k.config(&[("one_on_one", "\"one-on-one\"")]);
    let f = fixture("item06_status.ics");
    let out = k.ok(&["import", &f, "--from", "2026-11-24", "--dry-run"]);
    // Times in the user's zone (09:00Z is 10:00 in Berlin).
    assert!(
        out.contains("skipped 2026-11-24 10:00 \"Maybe: architecture chat\": tentative"),
        "{out}"
    );
    assert!(
        out.contains("skipped 2026-11-24 12:00 \"Hold: travel\": marked free"),
        "{out}"
    );
    assert!(
        out.contains("would add 2026-11-24 14:00–14:30 one-on-one"),
        "{out}"
    );
    // Three people, or one who has not accepted: the title rules decide.
    assert!(
        out.contains("would add 2026-11-24 15:00–15:30 cross-team"),
        "{out}"
    );
    assert!(
        out.contains("would add 2026-11-24 16:00–16:30 cross-team"),
        "{out}"
    );
    assert!(
        out.contains("would add 3 entries (1h30m), 2 skipped"),
        "{out}"
    );
    k.config(&[
        ("one_on_one", "\"one-on-one\""),
        ("tentative", "true"),
        ("free", "true"),
    ]);
    let out = k.ok(&["import", &f, "--from", "2026-11-24", "--dry-run"]);
    assert!(
        out.contains("would add 5 entries (3h30m), 0 skipped"),
        "{out}"
    );
}

#[test]
fn item06_a_bad_one_on_one_activity_is_refused_with_its_line() {
    let k = Keel::new(NOW);
    k.config(&[("one_on_one", "\"1on1\"")]);
    let (code, _, err) = k.run(&["import", &fixture("item06_status.ics"), "--dry-run"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("import.calendar.one_on_one"), "{err}");
}

// ---- 9. Beside a running timer ----

#[test]
fn item09_a_running_timer_holds_everything_from_its_start_on() {
    let k = Keel::new(NOW);
    k.ok(&["start", "coding", "--at", "09:00"]);
    let out = k.ok(&["import", &fixture("issue08_future.ics")]);
    // Yesterday's 09:00 planning is added; today's, and the 10:00 sync, lie
    // inside the timer.
    assert!(
        out.contains("added 2026-11-25 09:00–09:15 planning"),
        "{out}"
    );
    assert!(
        out.contains("left out 2026-11-26 10:00–10:30 of 2026-11-26 10:00–10:30 cross-team: overlaps the coding timer running since 2026-11-26 09:00"),
        "{out}"
    );
    assert!(
        out.contains(
            "added 1 entry (15m), 0 skipped, 2 conflict(s) left out, 2 future events left out"
        ),
        "{out}"
    );
    // So `keel stop` just works.
    let out = k.ok(&["stop"]);
    assert!(out.contains("stopped coding"), "{out}");
    assert_eq!(k.run(&["check"]).0, 0);
}

// ---- 10. Times in the user's zone; --dry-run creates nothing ----

#[test]
fn item10_a_left_out_range_across_dst_shows_local_times() {
    let k = Keel::new(NOW);
    k.ok(&["log", "oncall", "01:00-04:00", "--date", "2026-10-25"]);
    let f = k.write(
        "dst.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:dst\nSUMMARY:Incident call\n\
         DTSTART:20261024T223000Z\nDTEND:20261025T023000Z\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let out = k.ok(&["import", &f, "--from", "2026-10-24", "--to", "2026-10-25"]);
    // 00:30 CEST to 03:30 CET; the entry holds 01:00 CEST to 04:00 CET.
    assert!(out.contains("added 2026-10-25 00:30–01:00 oncall"), "{out}");
    assert!(
        out.contains("left out 2026-10-25 01:00–03:30 of 2026-10-25 00:30–03:30 oncall: overlaps the oncall entry 2026-10-25 01:00–04:00"),
        "{out}"
    );
}

#[test]
fn item10_dry_run_creates_no_data_directory_and_no_lock() {
    let k = Keel::new(NOW);
    let out = k.ok(&[
        "import",
        &fixture("item04_mistyped_end.ics"),
        "--from",
        "2026-11-01",
        "--dry-run",
    ]);
    assert!(out.contains("dry run: would add 2 entries"), "{out}");
    assert!(
        !k.data().exists(),
        "the dry run created {}",
        k.data().display()
    );
    // With data present, still nothing new: no .lock, no undo step.
    k.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-02"]);
    let before: BTreeSet<PathBuf> = walk(&k.data());
    let _ = std::fs::remove_file(k.data().join(".lock"));
    let before_no_lock: BTreeSet<PathBuf> = before
        .into_iter()
        .filter(|p| !p.ends_with(".lock"))
        .collect();
    k.ok(&[
        "import",
        &fixture("item04_mistyped_end.ics"),
        "--from",
        "2026-11-01",
        "--dry-run",
    ]);
    assert_eq!(walk(&k.data()), before_no_lock);
}

fn walk(dir: &std::path::Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.insert(p);
        }
    }
    out
}

// ---- 11. Lossless CSV; no empty tags ----

#[test]
fn item11_notes_and_tags_with_spaces_and_newlines_round_trip_through_csv() {
    let a = Keel::new(NOW);
    a.ok(&[
        "log",
        "coding",
        "09:00-10:00",
        "--date",
        "2026-11-23",
        "--note",
        "  two leading spaces\nand a second line ",
        "--tag",
        " padded ",
        "--tag",
        "plain",
    ]);
    let csv = a.ok(&["export", "--format", "csv"]);
    let b = Keel::new(NOW);
    let f = b.write("x.csv", &csv);
    b.ok(&["import", &f]);
    assert_eq!(b.export(), a.export());
    assert_eq!(b.ok(&["export", "--format", "csv"]), csv);
}

#[test]
fn item11_an_empty_tag_is_refused() {
    let k = Keel::new(NOW);
    let (code, _, err) = k.run(&["log", "coding", "09:00-10:00", "--tag", ""]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a tag cannot be empty"), "{err}");
    assert!(!k.data().join("entries").exists());
}

// ---- 12. Timewarrior/Watson: --default and --prefer ----

#[test]
fn item12_default_names_what_names_nothing_and_prefer_picks_among_several() {
    let k = Keel::new(NOW);
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/timewarrior-unresolvable.json")
        .to_string_lossy()
        .into_owned();
    let (code, _, err) = k.run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("--default ACTIVITY"), "{err}");
    assert!(err.contains("add --prefer coding"), "{err}");
    let out = k.ok(&["import", &f, "--default", "admin", "--prefer", "review"]);
    assert!(out.contains("added 5 entries"), "{out}");
    let j = k.export();
    let row = |start: &str| {
        j.as_array()
            .unwrap()
            .iter()
            .find(|r| r["start"] == start)
            .unwrap()
            .clone()
    };
    let payments = row("2026-11-24T10:00:00+01:00");
    assert_eq!(payments["activity"], "admin");
    assert_eq!(payments["tags"], serde_json::json!(["payments"]));
    let both = row("2026-11-24T11:00:00+01:00");
    assert_eq!(both["activity"], "review");
    assert_eq!(both["tags"], serde_json::json!(["coding"]));
}

#[test]
fn item12_an_interval_with_no_tags_at_all_takes_the_default() {
    let k = Keel::new(NOW);
    let f = k.write(
        "timew.json",
        r#"[{"id":1,"start":"20261123T090000Z","end":"20261123T100000Z"}]"#,
    );
    let (code, _, err) = k.run(&["import", &f, "--format", "timewarrior"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("names no activity (add --default ACTIVITY"),
        "{err}"
    );
    let out = k.ok(&[
        "import",
        &f,
        "--format",
        "timewarrior",
        "--default",
        "admin",
    ]);
    assert!(out.contains("added 2026-11-23 10:00–11:00 admin"), "{out}");
}

// ---- Issue 7: bounded work, sanitised summaries ----

#[test]
fn a_secondly_rule_is_refused_quickly_with_its_reason() {
    let k = Keel::new(NOW);
    let (code, out, err) = k.run(&["import", &fixture("issue07_secondly.ics"), "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no finer than FREQ=MINUTELY"), "{out}");
    assert!(out.lines().count() < 10, "{out}");
}

#[test]
fn a_minutely_series_from_long_ago_is_read_within_the_bound() {
    // COUNT forbids skipping ahead: the walk must count from 1990, and is
    // cut at its share of steps, which the summary says.
    let k = Keel::new(NOW);
    let f = k.write(
        "m.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nSUMMARY:Ping\nDTSTART:19900101T000000Z\n\
         DURATION:PT1M\nRRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=9000000\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let out = k.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains(
            "\"Ping\" was read only before the range: its rule took more than 200000 steps"
        ),
        "{out}"
    );
}

#[test]
fn calendar_titles_reach_the_terminal_escaped() {
    let k = Keel::new(NOW);
    let f = k.write(
        "evil.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nSUMMARY:\u{1b}]0;PWNED\u{7}\u{1b}[2J\n\
         DTSTART:20261124T090000Z\nDTEND:20261124T100000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:f\nSUMMARY:\u{1b}[31mred\nDTSTART;VALUE=DATE:20261124\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let out = k.ok(&["import", &f, "--from", "2026-11-24", "--dry-run"]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\e[31mred"), "{out}");
}

// ---- Issue 8: nothing that has not ended ----

#[test]
fn future_events_are_left_out_and_counted_even_when_to_reaches_ahead() {
    let k = Keel::new(NOW);
    let f = fixture("issue08_future.ics");
    let out = k.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains("calendar events read from 2026-08-28 to 2026-11-26"),
        "{out}"
    );
    // 15:30–16:30 has not ended at 16:00; 17:00 is ahead.
    assert!(
        out.contains(
            "would add 3 entries (1h), 0 skipped, 0 conflict(s) left out, 2 future events left out"
        ),
        "{out}"
    );
    let out = k.ok(&["import", &f, "--to", "2026-11-30"]);
    assert!(
        out.contains(
            "added 3 entries (1h), 0 skipped, 0 conflict(s) left out, 4 future events left out"
        ),
        "{out}"
    );
    let j = k.export();
    let last = j.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["end"], "2026-11-26T10:30:00+01:00");
}

#[test]
fn a_json_or_csv_entry_ending_in_the_future_is_left_out() {
    let k = Keel::new(NOW);
    let f = k.write(
        "in.json",
        r#"[
{"start":"2026-11-26T14:00:00+01:00","end":"2026-11-26T16:00:30+01:00","activity":"coding"},
{"start":"2026-11-26T16:00:30+01:00","end":"2026-11-26T16:30:00+01:00","activity":"review"}
]"#,
    );
    let out = k.ok(&["import", &f]);
    // Ending 30 s after now is within the minute; 16:30 is not.
    assert!(
        out.contains(
            "added 1 entry (2h01m), 0 skipped, 0 conflict(s) left out, 1 future entry left out"
        ),
        "{out}"
    );
    let c = k.write(
        "in.csv",
        "date,start,end,activity\n2026-11-26,15:00,17:00,admin\n",
    );
    let out = k.ok(&["import", &c]);
    assert!(
        out.contains(
            "added 0 entries (0m), 0 skipped, 0 conflict(s) left out, 1 future entry left out"
        ),
        "{out}"
    );
}

#[test]
fn item10_added_lines_show_the_users_zone_and_entries_keep_their_offset() {
    let k = Keel::new(NOW);
    let f = k.write(
        "trip.json",
        r#"[{"start":"2026-11-23T14:30:00+05:30","end":"2026-11-23T15:30:00+05:30","activity":"coding"}]"#,
    );
    let out = k.ok(&["import", &f]);
    // 14:30 in Bangalore is 10:00 in Berlin.
    assert!(
        out.contains("added 2026-11-23 10:00–11:00 coding (1h)"),
        "{out}"
    );
    assert_eq!(k.export()[0]["start"], "2026-11-23T14:30:00+05:30");
}
