//! The real `keel` binary, end to end, in temporary directories: every
//! command and exit code of SPEC §5, every kind of bad input (exit 2, a
//! message naming what is wrong, nothing written), and the reliability
//! promises of SPEC §2 and §8 that a user can observe from the shell.
//!
//! Time is pinned with EVENKEEL_NOW (Thursday 2026-11-26, 16:00 in Berlin)
//! and the zone with TZ=Europe/Berlin.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-26T16:00:00+01:00";

/// A user's world: a config path and a data directory in a temp dir.
struct Keel {
    dir: TempDir,
}

impl Keel {
    fn new() -> Keel {
        Keel {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn month(&self, m: &str) -> PathBuf {
        self.data().join("entries").join(format!("{m}.toml"))
    }

    /// The command, with the clock, zone and paths pinned.
    fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_keel"));
        c.env("EVENKEEL_NOW", NOW)
            .env("TZ", "Europe/Berlin")
            .env("EVENKEEL_DATA_DIR", self.data())
            .env("EVENKEEL_CONFIG", self.config())
            .env("NO_COLOR", "1")
            .env_remove("EVENKEEL_LOCK_TIMEOUT");
        c
    }

    fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("keel runs")
    }

    /// Run, expect success, return stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "keel {args:?} failed ({:?}):\n{}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8 output")
    }

    /// Run, expect exit `code`, return stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(code),
            "keel {args:?}: stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stderr).expect("UTF-8 errors")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    /// Every file under the data dir and the config, byte for byte (the lock
    /// file is empty and only exists to be locked).
    fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        if let Ok(b) = fs::read(self.config()) {
            out.insert(self.config(), b);
        }
        walk(&self.data(), &mut out);
        out.retain(|p, _| p.file_name().is_none_or(|n| n != ".lock"));
        out
    }

    /// `files` without the undo journal and the ignore files keel writes on
    /// its first change (they name machine-local files and are not data),
    /// for comparing before and after an undo.
    fn user_files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut f = self.files();
        f.retain(|p, _| {
            !p.starts_with(self.data().join(".undo"))
                && *p != self.data().join(".gitignore")
                && *p != self.data().join(".stignore")
        });
        f
    }

    /// Expect `args` to be refused with exit `code`, a message holding every
    /// one of `says`, and no file changed. Returns the message.
    fn refused(&self, code: i32, args: &[&str], says: &[&str]) -> String {
        let before = self.files();
        let err = self.fails(code, args);
        for s in says {
            assert!(err.contains(s), "keel {args:?}: `{s}` not in:\n{err}");
        }
        assert_eq!(self.files(), before, "keel {args:?} changed files");
        err
    }

    /// The default config, with every week judged however little it holds
    /// (`min_logged_fraction = 0`): for tests of the share's verdict on
    /// short weeks. tests/time_off.rs tests the fraction itself.
    fn judge_thin_weeks(&self) {
        self.ok(&["config", "init"]);
        self.ok(&[
            "boundaries",
            "set",
            "min_logged_fraction=0",
            "--since",
            "2026-01-05",
        ]);
    }

    fn write(&self, path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(&self, path: &Path) -> String {
        fs::read_to_string(path).unwrap()
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

fn entry(start: &str, end: &str, activity: &str) -> String {
    format!("[[entry]]\nstart = {start}\nend = {end}\nactivity = \"{activity}\"\n")
}

/// A week of history: Mon 23 Nov to today, both sides.
fn with_week(k: &Keel) {
    k.ok(&["log", "coding", "09:00-12:00", "--date", "mon"]);
    k.ok(&["log", "one-on-one", "13:00-14:00", "--date", "mon"]);
    k.ok(&["log", "planning", "10:00-12:00", "--date", "tue"]);
    k.ok(&["log", "break", "12:00-12:30", "--date", "tue"]);
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

// ---------------------------------------------------------------- start / stop

#[test]
fn start_switch_and_stop() {
    let k = Keel::new();
    let out = k.ok(&["start", "review", "--at", "13:00", "--note", "PR 12"]);
    assert!(out.contains("started review at 13:00"), "{out}");
    let running = k.read(&k.data().join("running.toml"));
    assert!(
        running.contains("start = 2026-11-26T13:00:00+01:00"),
        "{running}"
    );
    assert!(running.contains("note = \"PR 12\""), "{running}");

    // Switching stops the old timer at the same instant.
    let out = k.ok(&["start", "design", "--at", "14:30"]);
    assert!(out.contains("stopped review after 1h30m"), "{out}");
    assert!(out.contains("started design at 14:30"), "{out}");
    let file = k.read(&k.month("2026-11"));
    assert!(
        file.contains(&entry(
            "2026-11-26T13:00:00+01:00",
            "2026-11-26T14:30:00+01:00",
            "review"
        )),
        "{file}"
    );
    assert!(file.contains("note = \"PR 12\""), "{file}");

    let out = k.ok(&["stop", "--at", "15:00"]);
    assert!(out.contains("stopped design after 30m"), "{out}");
    assert!(!k.data().join("running.toml").exists());
    let es = k.json(&["entries", "--format", "json"]);
    assert_eq!(es.as_array().unwrap().len(), 2);
    assert_eq!(es[1]["activity"], "design");
    assert_eq!(es[1]["end"], "2026-11-26T15:00:00+01:00");
}

#[test]
fn start_refuses_the_future_and_a_switch_before_the_timer() {
    let k = Keel::new();
    k.refused(
        2,
        &["start", "coding", "--at", "17:00"],
        &["17:00", "future"],
    );
    k.ok(&["start", "coding", "--at", "15:00"]);
    k.refused(
        2,
        &["start", "review", "--at", "14:00"],
        &["coding", "15:00"],
    );
    k.refused(2, &["stop", "--at", "14:59"], &["coding", "15:00"]);
    k.refused(2, &["stop", "--at", "16:30"], &["future"]);
    // A back-dated start may not run over an entry logged since.
    k.ok(&["stop"]);
    k.refused(2, &["start", "review", "--at", "15:30"], &["coding"]);
}

#[test]
fn stop_with_no_timer_is_exit_2() {
    let k = Keel::new();
    k.refused(2, &["stop"], &["no timer is running", "keel start"]);
}

// ----------------------------------------------------------------------- log

#[test]
fn log_spans_durations_and_midnight() {
    let k = Keel::new();
    let out = k.ok(&[
        "log",
        "coding",
        "09:00-10:30",
        "--note",
        "retry logic",
        "--tag",
        "payments",
        "--tag",
        "ü",
    ]);
    assert!(out.contains("logged coding 1h30m"), "{out}");
    // A duration ends now (16:00).
    k.ok(&["log", "review", "45m"]);
    // Or at --at.
    k.ok(&["log", "planning", "1h30m", "--at", "13:00"]);
    k.ok(&[
        "log",
        "design",
        "1.5h",
        "--date",
        "yesterday",
        "--at",
        "12:00",
    ]);
    // An end before the start wraps past midnight.
    k.ok(&["log", "oncall", "23:00-01:30", "--date", "tue"]);
    // Weekday names are the most recent one, today included.
    k.ok(&["log", "hiring", "06:00-07:00", "--date", "thursday"]);
    k.ok(&["log", "admin", "09:00-10:00", "--date", "fri"]);

    let es = k.json(&[
        "entries",
        "--from",
        "2026-11-20",
        "--to",
        "today",
        "--format",
        "json",
    ]);
    let got: Vec<[&str; 3]> = es
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            [
                e["start"].as_str().unwrap(),
                e["end"].as_str().unwrap(),
                e["activity"].as_str().unwrap(),
            ]
        })
        .collect();
    assert_eq!(
        got,
        vec![
            [
                "2026-11-20T09:00:00+01:00",
                "2026-11-20T10:00:00+01:00",
                "admin"
            ],
            [
                "2026-11-24T23:00:00+01:00",
                "2026-11-25T01:30:00+01:00",
                "oncall"
            ],
            [
                "2026-11-25T10:30:00+01:00",
                "2026-11-25T12:00:00+01:00",
                "design"
            ],
            [
                "2026-11-26T06:00:00+01:00",
                "2026-11-26T07:00:00+01:00",
                "hiring"
            ],
            [
                "2026-11-26T09:00:00+01:00",
                "2026-11-26T10:30:00+01:00",
                "coding"
            ],
            [
                "2026-11-26T11:30:00+01:00",
                "2026-11-26T13:00:00+01:00",
                "planning"
            ],
            [
                "2026-11-26T15:15:00+01:00",
                "2026-11-26T16:00:00+01:00",
                "review"
            ],
        ]
    );
    let coding = &es[4];
    assert_eq!(coding["note"], "retry logic");
    assert_eq!(coding["tags"], serde_json::json!(["payments", "ü"]));
    assert_eq!(coding["seconds"], 5400);
    // The wrap counts on both days of the report.
    let r = k.json(&["report", "--week", "2026-11-24", "--format", "json"]);
    assert_eq!(r["by_day"][1]["technical"], 3600);
    assert_eq!(r["by_day"][2]["technical"], 5400 + 5400);
}

// -------------------------------------------------------------------- status

#[test]
fn status_text_and_json() {
    let k = Keel::new();
    k.judge_thin_weeks();
    let empty = k.json(&["status", "--format", "json"]);
    assert_eq!(
        keys(&empty),
        [
            "pace",
            "rolling",
            "running",
            "streak",
            "streak_status",
            "today",
            "week"
        ]
    );
    assert!(empty["running"].is_null());
    assert_eq!(empty["today"]["status"], "no-data");
    assert!(empty["today"]["technical_share"].is_null());

    with_week(&k);
    k.ok(&["log", "coding", "09:00-11:00"]);
    k.ok(&["start", "review", "--at", "15:00"]);
    let s = k.json(&["status", "--format", "json"]);
    assert_eq!(
        keys(&s),
        [
            "pace",
            "rolling",
            "running",
            "streak",
            "streak_status",
            "today",
            "week"
        ]
    );
    assert_eq!(keys(&s["running"]), ["activity", "elapsed", "start"]);
    assert_eq!(s["running"]["activity"], "review");
    assert_eq!(s["running"]["start"], "2026-11-26T15:00:00+01:00");
    assert_eq!(s["running"]["elapsed"], 3600);
    for (part, secs) in [
        ("today", [3 * 3600, 0, 0]),
        ("week", [6 * 3600, 3 * 3600, 1800]),
    ] {
        let p = &s[part];
        for k in ["seconds", "technical_share", "status"] {
            assert!(p.get(k).is_some(), "{part} lacks {k}: {p}");
        }
        assert_eq!(keys(&p["seconds"]), ["management", "other", "technical"]);
        assert_eq!(p["seconds"]["technical"], secs[0], "{part}");
        assert_eq!(p["seconds"]["management"], secs[1], "{part}");
        assert_eq!(p["seconds"]["other"], secs[2], "{part}");
    }
    // The running timer counts up to now.
    assert_eq!(s["today"]["technical_share"], 1.0);
    assert_eq!(s["today"]["status"], "drift-technical");
    let share = s["week"]["technical_share"].as_f64().unwrap();
    assert!((share - 6.0 / 9.0).abs() < 1e-3, "{share}");
    assert_eq!(s["week"]["status"], "drift-technical");
    assert_eq!(keys(&s["rolling"]), ["status", "technical_share", "weeks"]);
    assert_eq!(s["rolling"]["weeks"], 4);
    assert_eq!(s["rolling"]["status"], "drift-technical");
    assert!(s["rolling"]["technical_share"].is_f64());
    // Only this week has data, so the streak is this one week.
    // `streak` is the number of weeks (SPEC §5); its direction is the week's status.
    assert_eq!(s["streak"], 1);
    assert!(s["streak"].is_u64());

    let line = k.ok(&["status"]);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("review") && line.contains("1h"), "{line}");
    assert!(line.contains("week 48"), "{line}");
    assert!(!line.contains('\u{1b}'), "NO_COLOR is respected: {line:?}");
}

// -------------------------------------------------------------------- report

fn check_report_shape(r: &Value) {
    assert_eq!(
        keys(r),
        [
            "by_activity",
            "by_day",
            "days_off",
            "expected_seconds",
            "flagged",
            "focus_blocks",
            "from",
            "reflections",
            "seconds",
            "status",
            "target",
            "technical_share",
            "to",
            "violations"
        ]
    );
    assert!(r["reflections"].is_array());
    assert!(r["from"].is_string() && r["to"].is_string());
    assert_eq!(keys(&r["seconds"]), ["management", "other", "technical"]);
    for s in ["technical", "management", "other"] {
        assert!(
            r["seconds"][s].is_i64(),
            "integer seconds: {}",
            r["seconds"]
        );
    }
    assert!(r["technical_share"].is_f64() || r["technical_share"].is_null());
    assert_eq!(keys(&r["target"]), ["technical_share", "tolerance"]);
    assert!(r["target"]["technical_share"].is_number() && r["target"]["tolerance"].is_number());
    assert!(
        ["no-data", "balanced", "drift-technical", "drift-management"]
            .contains(&r["status"].as_str().unwrap())
    );
    assert!(r["flagged"].is_boolean());
    assert!(r["focus_blocks"].is_u64());
    for v in r["violations"].as_array().unwrap() {
        assert_eq!(keys(v), ["date", "message", "rule", "seconds"]);
        assert!(v["date"].is_string() && v["message"].is_string() && v["seconds"].is_i64());
        assert!(
            [
                "min_technical_hours",
                "max_technical_hours",
                "max_management_hours_per_day",
                "protected_block",
                "min_focus_blocks"
            ]
            .contains(&v["rule"].as_str().unwrap()),
            "{v}"
        );
    }
    for a in r["by_activity"].as_array().unwrap() {
        assert_eq!(keys(a), ["activity", "seconds", "side"]);
        assert!(a["activity"].is_string() && a["seconds"].is_i64());
        assert!(["technical", "management", "other"].contains(&a["side"].as_str().unwrap()));
    }
    for d in r["by_day"].as_array().unwrap() {
        assert_eq!(keys(d), ["date", "management", "other", "technical"]);
        assert!(
            d["date"].is_string()
                && d["technical"].is_i64()
                && d["management"].is_i64()
                && d["other"].is_i64()
        );
    }
}

#[test]
fn report_json_has_exactly_the_spec_shape() {
    let k = Keel::new();
    k.judge_thin_weeks();
    let empty = k.json(&["report", "--format", "json"]);
    check_report_shape(&empty);
    assert!(empty["technical_share"].is_null());
    assert_eq!(empty["status"], "no-data");

    with_week(&k);
    // 7h of planning on Wednesday breaks the 6h daily cap; planning in the
    // protected Thursday morning breaks the block.
    k.ok(&["log", "planning", "08:00-15:00", "--date", "wed"]);
    k.ok(&["log", "admin", "10:00-10:30", "--date", "thu"]);
    let r = k.json(&["report", "--week", "--format", "json"]);
    check_report_shape(&r);
    assert_eq!(r["from"], "2026-11-23");
    assert_eq!(r["to"], "2026-11-29");
    assert_eq!(r["seconds"]["technical"], 3 * 3600);
    assert_eq!(
        r["seconds"]["management"],
        3600 + 2 * 3600 + 7 * 3600 + 1800
    );
    assert_eq!(r["seconds"]["other"], 1800);
    assert_eq!(r["target"]["technical_share"], 0.4);
    assert_eq!(r["target"]["tolerance"], 0.1);
    assert_eq!(r["status"], "drift-management");
    assert_eq!(r["flagged"], true);
    assert_eq!(r["focus_blocks"], 1);
    let rules: Vec<(&str, &str)> = r["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["rule"].as_str().unwrap(), v["date"].as_str().unwrap()))
        .collect();
    assert!(
        rules.contains(&("max_management_hours_per_day", "2026-11-25")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("protected_block", "2026-11-26")),
        "{rules:?}"
    );
    assert_eq!(r["by_day"].as_array().unwrap().len(), 7);
    assert_eq!(
        r["by_day"][0],
        serde_json::json!({"date": "2026-11-23", "technical": 10800, "management": 3600, "other": 0})
    );
    assert_eq!(
        r["by_activity"][0],
        serde_json::json!({"activity": "planning", "side": "management", "seconds": 9 * 3600})
    );
}

#[test]
fn report_periods_and_formats() {
    let k = Keel::new();
    with_week(&k);
    k.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-02"]);
    k.ok(&["log", "coding", "09:00-10:00", "--date", "2026-10-30"]);

    let r = k.json(&["report", "--week", "2026-11-04", "--format", "json"]);
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-11-02"), Some("2026-11-08"))
    );
    assert_eq!(r["seconds"]["technical"], 3600);
    let r = k.json(&["report", "--month", "--format", "json"]);
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    assert_eq!(r["seconds"]["technical"], 4 * 3600);
    assert_eq!(r["by_day"].as_array().unwrap().len(), 30);
    let r = k.json(&["report", "--month", "2026-10", "--format", "json"]);
    assert_eq!(r["seconds"]["technical"], 3600);
    let r = k.json(&[
        "report",
        "--from",
        "2026-10-30",
        "--to",
        "mon",
        "--format",
        "json",
    ]);
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-10-30"), Some("2026-11-23"))
    );
    assert_eq!(r["seconds"]["technical"], 5 * 3600);
    k.refused(
        2,
        &["report", "--from", "2026-11-10", "--to", "2026-11-01"],
        &["before"],
    );
    k.refused(
        2,
        &["report", "--month", "2026-13"],
        &["2026-13", "YYYY-MM"],
    );
    k.refused(
        2,
        &["report", "--week", "someday"],
        &["someday", "not a week", "this, last, next"],
    );

    let csv = k.ok(&["report", "--week", "mon", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "date,technical,management,other");
    assert_eq!(lines[1], "2026-11-23,10800,3600,0");
    assert_eq!(lines[2], "2026-11-24,0,7200,1800");
    assert_eq!(lines.len(), 8);

    let table = k.ok(&["report"]);
    assert!(table.contains("Week 48"), "{table}");
    assert!(table.contains("3h"), "{table}");
    assert!(table.contains("50%"), "share 3h/(3h+3h): {table}");
    assert!(table.contains("target 40% ±10%"), "{table}");
    assert!(
        table.contains("coding") && table.contains("planning"),
        "{table}"
    );
}

// ------------------------------------------------------------------- entries

#[test]
fn entries_in_every_format() {
    let k = Keel::new();
    k.ok(&[
        "log",
        "coding",
        "09:00-10:30",
        "--note",
        "a, \"quoted\" note",
        "--tag",
        "x",
        "--tag",
        "y",
    ]);
    k.ok(&["log", "oncall", "23:00-01:00", "--date", "mon"]);
    let table = k.ok(&["entries"]);
    assert!(
        table.contains("09:00–10:30") && table.contains("1h30m") && table.contains("coding"),
        "{table}"
    );
    assert!(table.contains("#x #y"), "{table}");
    assert!(!table.contains("oncall"), "today only by default: {table}");
    let table = k.ok(&["entries", "--from", "mon", "--to", "today"]);
    assert!(table.contains("23:00–01:00+1"), "{table}");
    let empty = k.ok(&["entries", "--from", "2026-01-01", "--to", "2026-01-02"]);
    assert!(empty.contains("no entries"), "{empty}");

    let j = k.json(&["entries", "--from", "mon", "--format", "json"]);
    let arr = j.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(
        keys(&arr[1]),
        [
            "activity", "end", "note", "seconds", "side", "source", "start", "tags"
        ]
    );
    assert_eq!(arr[0]["side"], "technical");
    assert!(arr[0]["note"].is_null());

    let csv = k.ok(&["entries", "--from", "mon", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "start,end,activity,side,seconds,note,tags,source");
    assert_eq!(
        lines[1],
        "2026-11-23T23:00:00+01:00,2026-11-24T01:00:00+01:00,oncall,technical,7200,,,"
    );
    assert_eq!(
        lines[2],
        "2026-11-26T09:00:00+01:00,2026-11-26T10:30:00+01:00,coding,technical,5400,\"a, \"\"quoted\"\" note\",x;y,"
    );
    k.refused(
        2,
        &["entries", "--from", "today", "--to", "mon"],
        &["before"],
    );
}

// ------------------------------------------------------------ edit / delete

#[test]
fn edit_and_delete() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:00", "--note", "old"]);
    k.ok(&["log", "review", "11:00-12:00"]);
    let out = k.ok(&[
        "edit",
        "09:00",
        "--activity",
        "design",
        "--to",
        "10:30",
        "--note",
        "new",
    ]);
    assert!(out.contains("design") && out.contains("1h30m"), "{out}");
    let es = k.json(&["entries", "--format", "json"]);
    assert_eq!(es[0]["activity"], "design");
    assert_eq!(es[0]["end"], "2026-11-26T10:30:00+01:00");
    assert_eq!(es[0]["note"], "new");
    // An empty note removes it; moving the start names the entry by its old start.
    k.ok(&["edit", "2026-11-26 09:00", "--from", "08:30", "--note", ""]);
    let es = k.json(&["entries", "--format", "json"]);
    assert_eq!(es[0]["start"], "2026-11-26T08:30:00+01:00");
    assert!(es[0]["note"].is_null());

    k.refused(
        2,
        &["edit", "08:30", "--to", "11:30"],
        &["overlaps", "review"],
    );
    k.refused(
        2,
        &["edit", "08:30", "--activity", "desing"],
        &["unknown activity", "design"],
    );
    k.refused(
        2,
        &["edit", "07:00", "--note", "x"],
        &["no entry starts at"],
    );
    k.refused(2, &["edit", "08:30"], &["nothing to change"]);

    let out = k.ok(&["delete", "11:00"]);
    assert!(out.contains("deleted review"), "{out}");
    k.refused(2, &["delete", "11:00"], &["no entry starts at"]);
    k.ok(&["delete", "08:30"]);
    // The last entry of a month gone: the month file stays, empty, so that
    // a sync merges it (git does not merge a deleted file with a changed one).
    assert_eq!(k.read(&k.month("2026-11")), "");
}

// ---------------------------------------------------------------------- undo

/// Run `change`, then `keel undo`: every user file is back as it was.
fn undoes(k: &Keel, change: &[&str], says: &str) {
    let before = k.user_files();
    k.ok(change);
    assert_ne!(k.user_files(), before, "{change:?} changed nothing");
    let out = k.ok(&["undo"]);
    assert!(out.contains(says), "undo of {change:?}: {out}");
    assert_eq!(k.user_files(), before, "undo of {change:?}");
}

#[test]
fn undo_reverts_each_kind_of_change() {
    let k = Keel::new();
    undoes(&k, &["log", "coding", "09:00-10:00"], "log coding");
    k.ok(&["log", "coding", "09:00-10:00"]);
    undoes(&k, &["edit", "09:00", "--to", "11:00"], "edit coding");
    undoes(&k, &["delete", "09:00"], "delete coding");
    undoes(&k, &["start", "review", "--at", "12:00"], "start review");
    k.ok(&["start", "review", "--at", "12:00"]);
    undoes(
        &k,
        &["start", "design", "--at", "13:00"],
        "switch from review to design",
    );
    undoes(&k, &["stop", "--at", "14:00"], "stop review");
    // Boundaries with no config yet (the file appears, then goes), and with one.
    undoes(
        &k,
        &["boundaries", "set", "technical_share=0.5"],
        "set boundaries",
    );
    k.ok(&["config", "init"]);
    undoes(
        &k,
        &[
            "boundaries",
            "set",
            "tolerance=0.2",
            "--since",
            "2026-12-07",
        ],
        "set boundaries",
    );
    // Several steps back, in order.
    k.ok(&["stop", "--at", "14:00"]);
    k.ok(&["undo"]);
    assert!(
        k.data().join("running.toml").exists(),
        "undoing the stop runs the timer again"
    );
    k.ok(&["undo"]);
    assert!(!k.data().join("running.toml").exists());
    let es = k.json(&["entries", "--format", "json"]);
    assert_eq!(es.as_array().unwrap().len(), 1);
}

#[test]
fn undo_refuses_after_a_hand_edit_and_changes_nothing() {
    let k = Keel::new();
    k.refused(2, &["undo"], &["nothing to undo"]);
    k.ok(&["log", "coding", "09:00-10:00"]);
    let path = k.month("2026-11");
    let mut text = k.read(&path);
    text.push_str("\n[[entry]]\nstart = 2026-11-26T11:00:00+01:00\nend = 2026-11-26T12:00:00+01:00\nactivity = \"review\"\n");
    k.write(&path, &text);
    let err = k.refused(
        1,
        &["undo"],
        &["2026-11.toml", "changed", "nothing was undone"],
    );
    assert!(err.contains("log coding"), "{err}");
    assert_eq!(k.read(&path), text);
}

// ---------------------------------------------------------------- boundaries

/// Every line of `old` (comments and blank lines included) is in `new`, in order.
fn assert_keeps(old: &str, new: &str) {
    let mut rest = new.lines();
    for line in old.lines() {
        assert!(
            rest.any(|l| l == line),
            "line {line:?} of the old config is lost or moved:\n{new}"
        );
    }
}

fn sets(config: &str) -> usize {
    config
        .lines()
        .filter(|l| l.trim() == "[[boundaries]]")
        .count()
}

#[test]
fn boundaries_show_and_set_keep_the_config_comments() {
    let k = Keel::new();
    let show = k.ok(&["boundaries"]);
    assert!(
        show.contains("technical_share") && show.contains("0.4"),
        "{show}"
    );
    assert_eq!(show, k.ok(&["boundaries", "show"]));
    k.ok(&["config", "init"]);
    let default = k.read(&k.config());

    let out = k.ok(&[
        "boundaries",
        "set",
        "technical_share=45%",
        "max_management_hours_per_day=5",
    ]);
    assert!(out.contains("boundaries from 2026-11-23"), "{out}");
    let once = k.read(&k.config());
    // Everything the user had is still there, comments included, in order.
    assert_keeps(&default, &once);
    assert_eq!(once.matches("since = 2026-11-23").count(), 1, "{once}");
    assert!(once.contains("technical_share = 0.45"), "{once}");
    assert!(once.contains("max_management_hours_per_day = 5"), "{once}");

    // Again in the same week: the same set is edited, not another added.
    k.ok(&["boundaries", "set", "window_weeks=6"]);
    let twice = k.read(&k.config());
    assert_keeps(&default, &twice);
    assert_eq!(sets(&twice), 2, "{twice}");
    assert!(
        twice.contains("window_weeks = 6") && twice.contains("technical_share = 0.45"),
        "{twice}"
    );

    // A dated set for later is another set; past weeks keep their set.
    k.ok(&[
        "boundaries",
        "set",
        "min_technical_hours=none",
        "--since",
        "2026-12-07",
    ]);
    let thrice = k.read(&k.config());
    assert_eq!(sets(&thrice), 3, "{thrice}");
    assert!(thrice.contains("since = 2026-12-07"), "{thrice}");
    let show = k.ok(&["boundaries", "show"]);
    assert!(
        show.contains("History") && show.contains("2026-12-07") && show.contains("2026-11-23"),
        "{show}"
    );
    let old = k.json(&["report", "--week", "2026-11-16", "--format", "json"]);
    assert_eq!(old["target"]["technical_share"], 0.4);
    let now = k.json(&["report", "--format", "json"]);
    assert_eq!(now["target"]["technical_share"], 0.45);
    k.ok(&["check"]);

    // Bad values name the key, exit 2, and the config is untouched.
    k.refused(2, &["boundaries", "set", "tolerance=0.9"], &["tolerance"]);
    k.refused(
        2,
        &["boundaries", "set", "technical_share=2"],
        &["technical_share"],
    );
    k.refused(
        2,
        &["boundaries", "set", "window_weeks=0"],
        &["window_weeks"],
    );
    k.refused(
        2,
        &["boundaries", "set", "focus_blocks=3"],
        &["focus_blocks", "min_focus_blocks"],
    );
    k.refused(2, &["boundaries", "set", "technical_share"], &["KEY=VALUE"]);
    k.refused(
        2,
        &["boundaries", "set", "tolerance=none"],
        &["tolerance", "cannot be removed"],
    );
}

// ------------------------------------------------- check, config, generated

#[test]
fn check_config_init_and_path() {
    let k = Keel::new();
    let out = k.ok(&["config", "path"]);
    assert!(
        out.contains(k.config().to_str().unwrap()) && out.contains(k.data().to_str().unwrap()),
        "{out}"
    );
    assert!(out.contains("absent"), "{out}");
    let out = k.ok(&["check"]);
    assert!(out.contains("valid"), "{out}");

    k.ok(&["config", "init"]);
    assert_eq!(k.read(&k.config()), include_str!("../config/default.toml"));
    k.refused(2, &["config", "init"], &["already exists"]);
    // A config the user changed is never overwritten.
    k.write(&k.config(), "# mine\nweek_start = \"sunday\"\n");
    k.refused(2, &["config", "init"], &["already exists"]);
    let out = k.ok(&["config", "path"]);
    assert!(!out.contains("absent"), "{out}");

    k.ok(&["log", "coding", "09:00-10:00"]);
    let out = k.ok(&["check"]);
    assert!(out.contains("1 month file"), "{out}");
}

#[test]
fn completions_man_help_and_version() {
    let k = Keel::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = k.ok(&["completions", shell]);
        assert!(
            out.contains("keel") && out.contains("boundaries"),
            "{shell}: {out}"
        );
    }
    k.fails(2, &["completions", "tcsh-ish"]);
    let man = k.ok(&["man"]);
    assert!(man.contains(".TH") && man.contains("keel"), "{man}");
    let help = k.ok(&["--help"]);
    for cmd in [
        "start",
        "stop",
        "log",
        "status",
        "report",
        "entries",
        "edit",
        "delete",
        "undo",
        "boundaries",
        "check",
        "config",
    ] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
    }
    assert!(help.contains("Exit codes"), "{help}");
    assert!(k.ok(&["log", "--help"]).contains("SPAN"));
    let v = k.ok(&["--version"]);
    assert!(v.contains(env!("CARGO_PKG_VERSION")), "{v}");
    // An unknown command or flag is invalid input.
    k.fails(2, &["frobnicate"]);
    k.fails(2, &["report", "--week", "mon", "--month", "2026-11"]);
}

// ------------------------------------------------------------------ bad input

#[test]
fn unknown_activity_lists_close_matches() {
    let k = Keel::new();
    k.ok(&["log", "coding", "08:00-09:00"]);
    let err = k.refused(
        2,
        &["log", "codng", "09:00-10:00"],
        &["unknown activity `codng`", "`coding`"],
    );
    assert!(!err.contains("`admin`"), "only close matches: {err}");
    k.refused(2, &["start", "reveiw"], &["`review`"]);
    k.refused(
        2,
        &["log", "zzzzzzzz", "1h"],
        &["zzzzzzzz", "coding", "one-on-one"],
    );
}

#[test]
fn overlap_is_refused() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:30"]);
    k.refused(
        2,
        &["log", "review", "10:00-11:00"],
        &["overlaps", "coding", "09:00", "10:30"],
    );
    k.refused(2, &["log", "review", "08:00-12:00"], &["overlaps"]);
    // Over midnight into an entry of the next day.
    k.ok(&["log", "oncall", "00:30-02:00", "--date", "wed"]);
    k.refused(
        2,
        &["log", "oncall", "23:00-01:00", "--date", "tue"],
        &["overlaps", "oncall"],
    );
    // And the running timer.
    k.ok(&["start", "design", "--at", "14:00"]);
    k.refused(2, &["log", "review", "15:00-15:30"], &["running", "design"]);
    // Touching ends are fine.
    k.ok(&["log", "review", "10:30-11:00"]);
    k.ok(&["log", "review", "13:00-14:00"]);
}

#[test]
fn impossible_times_are_refused() {
    let k = Keel::new();
    k.ok(&["log", "coding", "08:00-09:00"]);
    k.refused(2, &["log", "coding", "25:00-26:00"], &["25:00-26:00"]);
    k.refused(2, &["log", "coding", "09:00-09:60"], &["09:60"]);
    k.refused(2, &["log", "coding", "10:00-10:00"], &["not after"]);
    k.refused(
        2,
        &["start", "coding", "--at", "24:30"],
        &["24:30", "not a time"],
    );
    k.refused(
        2,
        &["log", "coding", "1h", "--at", "9h"],
        &["9h", "not a time"],
    );
    k.refused(
        2,
        &["log", "coding", "09:00-10:00", "--date", "2026-02-30"],
        &["2026-02-30", "not a date"],
    );
    k.refused(2, &["log", "coding", "0m"], &["0m", "duration"]);
    k.refused(2, &["log", "coding", "soon"], &["soon"]);
    k.refused(2, &["delete", "noon"], &["noon"]);
}

#[test]
fn a_time_in_the_dst_gap_is_refused_with_the_reason() {
    let k = Keel::new();
    k.ok(&["log", "coding", "08:00-09:00"]);
    for args in [
        &["log", "oncall", "02:30-03:30", "--date", "2026-03-29"][..],
        &["log", "oncall", "01:00-02:30", "--date", "2026-03-29"],
        &[
            "log",
            "oncall",
            "1h",
            "--date",
            "2026-03-29",
            "--at",
            "02:30",
        ],
        &["start", "oncall", "--at", "2026-03-29 02:30"],
    ] {
        k.refused(
            2,
            args,
            &[
                "02:30",
                "2026-03-29",
                "does not exist",
                "Europe/Berlin",
                "daylight saving",
            ],
        );
    }
    // A duration back over the gap starts in the offset in force then.
    k.ok(&[
        "log",
        "oncall",
        "1h",
        "--date",
        "2026-03-29",
        "--at",
        "03:30",
    ]);
    let es = k.json(&[
        "entries",
        "--from",
        "2026-03-29",
        "--to",
        "2026-03-29",
        "--format",
        "json",
    ]);
    assert_eq!(es[0]["start"], "2026-03-29T01:30:00+01:00");
    assert_eq!(es[0]["end"], "2026-03-29T03:30:00+02:00");
    k.ok(&["delete", "2026-03-29T01:30:00+01:00"]);
    // Around the gap it works, and the absolute duration counts: 01:00 to
    // 04:00 local that night is two real hours.
    k.ok(&["log", "oncall", "01:00-04:00", "--date", "2026-03-29"]);
    let r = k.json(&[
        "report",
        "--from",
        "2026-03-29",
        "--to",
        "2026-03-29",
        "--format",
        "json",
    ]);
    assert_eq!(r["seconds"]["technical"], 2 * 3600);
    // An ambiguous time takes its first occurrence: 02:30 on 2026-10-25 is +02:00.
    k.ok(&["log", "oncall", "02:30-03:30", "--date", "2026-10-25"]);
    let es = k.json(&[
        "entries",
        "--from",
        "2026-10-25",
        "--to",
        "2026-10-25",
        "--format",
        "json",
    ]);
    assert_eq!(es[0]["start"], "2026-10-25T02:30:00+02:00");
    assert_eq!(es[0]["seconds"], 2 * 3600);
}

#[test]
fn a_config_that_does_not_parse_names_file_and_line() {
    let k = Keel::new();
    k.ok(&["log", "coding", "08:00-09:00"]);
    k.write(
        &k.config(),
        "week_start = \"monday\"\n\n[workday\ndays = [\"mon\"]\n",
    );
    let path = k.config().display().to_string();
    for args in [
        &["log", "coding", "10:00-11:00"][..],
        &["status"],
        &["report"],
        &["start", "coding"],
        &["boundaries", "set", "tolerance=0.2"],
    ] {
        k.refused(2, args, &[&format!("{path}:3:"), "TOML"]);
    }
    let err = k.refused(2, &["check"], &[]);
    assert!(err.contains("problem"), "{err}");
    let out = String::from_utf8(k.run(&["check"]).stdout).unwrap();
    assert!(out.contains(&format!("{path}:3:")), "{out}");
}

#[test]
fn a_config_value_out_of_range_names_the_key() {
    let k = Keel::new();
    k.write(
        &k.config(),
        "[[boundaries]]\nsince = 2026-01-05\ntechnical_share = 0.4\ntolerance = 0.7\n",
    );
    let path = k.config().display().to_string();
    k.refused(
        2,
        &["log", "coding", "10:00-11:00"],
        &[&format!("{path}:4:"), "tolerance", "0.7", "0.5"],
    );
    k.refused(2, &["status", "--format", "json"], &["tolerance"]);
    k.refused(2, &["check"], &[]);
}

// ------------------------------------------------ a month file that does not parse

const BROKEN: &str = "[[entry]]\nstart = 2026-10-01T09:00:00+02:00\nend = 2026-10-01T10:00:00+02:00\nactivity = \"coding\n";

#[test]
fn a_month_file_that_does_not_parse_is_named_and_never_overwritten() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-05"]);
    let broken = k.month("2026-10");
    k.write(&broken, BROKEN);
    let at = format!("{}:4:", broken.display());

    // Commands touching it fail with path:line:col and change nothing.
    let err = k.refused(
        2,
        &["log", "review", "11:00-12:00", "--date", "2026-10-02"],
        &[&at],
    );
    assert!(err.contains("not changed"), "{err}");
    k.refused(2, &["report", "--month", "2026-10"], &[&at]);
    k.refused(
        2,
        &["entries", "--from", "2026-10-01", "--to", "2026-10-03"],
        &[&at],
    );
    assert_eq!(fs::read(&broken).unwrap(), BROKEN.as_bytes());

    // A write near it is refused too: an entry of the broken month could
    // run into the new one, so an overlap cannot be ruled out (it used to be
    // a warning nobody saw, and the overlap surfaced once October was fixed).
    let err = k.refused(
        2,
        &["log", "review", "11:00-12:00", "--date", "2026-11-05"],
        &["could not check for overlaps", &at],
    );
    assert!(err.contains("nothing was written"), "{err}");

    // Other months keep working, with a warning where the broken one borders them.
    k.ok(&["log", "review", "11:00-12:00", "--date", "2026-11-20"]);
    k.ok(&["log", "review", "11:00-12:00", "--date", "2026-09-15"]);
    let r = k.json(&["report", "--month", "2026-11", "--format", "json"]);
    assert_eq!(r["seconds"]["technical"], 2 * 3600);
    let o = k.run(&["report", "--month", "2026-11"]);
    assert!(o.status.success());
    let warn = String::from_utf8_lossy(&o.stderr);
    assert!(warn.contains("2026-10.toml"), "{warn}");
    // The status line too: October is older than the rolling window, so
    // only the streak's view is shortened, with a warning.
    let o = k.run(&["status"]);
    let warn = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{warn}");
    assert!(warn.contains("2026-10.toml:4:"), "{warn}");
    assert_eq!(fs::read(&broken).unwrap(), BROKEN.as_bytes());

    // `keel check` lists it, exit 2.
    let o = k.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(&at), "{out}");
    assert!(!out.contains("2026-11.toml"), "{out}");
    assert_eq!(fs::read(&broken).unwrap(), BROKEN.as_bytes());
}

#[test]
fn a_broken_month_inside_the_window_fails_the_status() {
    let k = Keel::new();
    let broken = k.month("2026-11");
    k.write(&broken, &BROKEN.replace("2026-10-01", "2026-11-02"));
    let at = format!("{}:4:", broken.display());
    k.refused(2, &["status"], &[&at]);
    k.refused(2, &["report"], &[&at]);
    k.refused(2, &["start", "coding"], &[&at]);
}

#[test]
fn invalid_entries_in_a_file_are_located() {
    let k = Keel::new();
    let path = k.month("2026-11");
    let text = format!(
        "{}\n{}\n{}",
        entry(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T11:00:00+01:00",
            "coding"
        ),
        entry(
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T12:00:00+01:00",
            "review"
        ),
        entry(
            "2026-11-24T10:00:00+01:00",
            "2026-11-24T09:00:00+01:00",
            "review"
        ),
    );
    k.write(&path, &text);
    let o = k.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("{}:7:", path.display())) && out.contains("overlaps"),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}:12:", path.display())) && out.contains("not after"),
        "{out}"
    );
    k.refused(
        2,
        &["log", "coding", "13:00-14:00", "--date", "2026-11-23"],
        &[&format!("{}:7:", path.display())],
    );
    assert_eq!(k.read(&path), text);
}

// ---------------------------------------------------- hand-written files

#[test]
fn crlf_and_unsorted_files_are_read_and_rewritten_sorted_with_lf() {
    let k = Keel::new();
    let path = k.month("2026-11");
    let hand = format!(
        "# written by hand\r\n{}\r\n[[entry]]\r\nactivity = \"review\"\r\nend = 2026-11-23T12:00:00+01:00\r\nstart = 2026-11-23T11:00:00+01:00\r\ntags = [\"a\"]\r\n",
        entry(
            "2026-11-24T09:00:00+01:00",
            "2026-11-24T10:00:00+01:00",
            "coding"
        )
        .replace('\n', "\r\n"),
    );
    k.write(&path, &hand);
    let es = k.json(&["entries", "--from", "mon", "--format", "json"]);
    let starts: Vec<&str> = es
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2026-11-23T11:00:00+01:00", "2026-11-24T09:00:00+01:00"]
    );
    k.ok(&["check"]);
    assert_eq!(k.read(&path), hand, "reading never rewrites");

    k.ok(&["log", "design", "08:00-09:00", "--date", "mon"]);
    let text = k.read(&path);
    assert!(!text.contains('\r'), "{text:?}");
    let want = format!(
        "{}\n{}tags = [\"a\"]\n\n{}",
        entry(
            "2026-11-23T08:00:00+01:00",
            "2026-11-23T09:00:00+01:00",
            "design"
        ),
        entry(
            "2026-11-23T11:00:00+01:00",
            "2026-11-23T12:00:00+01:00",
            "review"
        ),
        entry(
            "2026-11-24T09:00:00+01:00",
            "2026-11-24T10:00:00+01:00",
            "coding"
        ),
    );
    assert_eq!(text, want);
}

#[test]
fn an_entry_whose_activity_was_removed_counts_as_other_with_a_warning() {
    let k = Keel::new();
    k.write(
        &k.month("2026-11"),
        &format!(
            "{}\n{}",
            entry(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T11:00:00+01:00",
                "gardening"
            ),
            entry(
                "2026-11-23T11:00:00+01:00",
                "2026-11-23T12:00:00+01:00",
                "coding"
            ),
        ),
    );
    let o = k.run(&["report", "--format", "json"]);
    assert!(o.status.success());
    let warn = String::from_utf8_lossy(&o.stderr);
    assert!(
        warn.contains("gardening") && warn.contains("other"),
        "{warn}"
    );
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["seconds"]["other"], 7200);
    assert_eq!(r["seconds"]["technical"], 3600);
    assert_eq!(r["technical_share"], 1.0);
    assert!(
        r["by_activity"].as_array().unwrap().contains(
            &serde_json::json!({"activity": "gardening", "side": "other", "seconds": 7200})
        )
    );
    let o = k.run(&["status"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("gardening"));
    let out = k.ok(&["check"]);
    assert!(out.contains("gardening"), "{out}");
    let es = k.json(&["entries", "--from", "mon", "--format", "json"]);
    assert_eq!(es[0]["side"], "other");
    // The entry is kept when its month is rewritten.
    k.ok(&["log", "coding", "13:00-14:00", "--date", "mon"]);
    assert!(
        k.read(&k.month("2026-11"))
            .contains("activity = \"gardening\"")
    );
}

// ------------------------------------------------------------- reliability

#[test]
fn concurrent_logs_all_land() {
    let k = Keel::new();
    k.ok(&["log", "admin", "07:00-07:30", "--date", "mon"]);
    let spans = [
        "08:00-08:30",
        "08:30-09:00",
        "09:00-09:30",
        "09:30-10:00",
        "10:00-10:30",
        "10:30-11:00",
        "11:00-11:30",
        "11:30-12:00",
    ];
    let children: Vec<std::process::Child> = spans
        .iter()
        .map(|s| {
            let mut c = k.std_cmd();
            c.args(["log", "coding", s, "--date", "mon"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let es = k.json(&[
        "entries", "--from", "mon", "--to", "mon", "--format", "json",
    ]);
    let starts: Vec<&str> = es
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["start"].as_str().unwrap()[11..16])
        .collect();
    assert_eq!(
        starts,
        [
            "07:00", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"
        ]
    );
    k.ok(&["check"]);
}

#[test]
fn a_held_lock_times_out_with_exit_1_and_nothing_written() {
    let k = Keel::new();
    k.ok(&["log", "coding", "08:00-09:00"]);
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(k.data().join(".lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = k.files();
    let o = k
        .cmd()
        .env("EVENKEEL_LOCK_TIMEOUT", "0.2")
        .args(["log", "coding", "10:00-11:00"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(".lock") && err.contains("another keel process"),
        "{err}"
    );
    assert!(
        err.contains("0.2s"),
        "the message says how long it waited: {err}"
    );
    assert_eq!(k.files(), before);
    // Reading needs no lock.
    k.ok(&["status"]);
    lock.unlock().unwrap();
    k.ok(&["log", "coding", "10:00-11:00"]);
}

#[test]
fn an_io_failure_is_exit_1() {
    let k = Keel::new();
    fs::write(k.data(), "not a directory").unwrap();
    let e = k.fails(1, &["log", "coding", "10:00-11:00"]);
    assert!(e.contains(k.data().to_str().unwrap()), "{e}");
    k.fails(1, &["report"]);
    k.fails(1, &["start", "coding"]);
    assert_eq!(fs::read_to_string(k.data()).unwrap(), "not a directory");
}

// ----------------------------------------------------------------- fixtures

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut v: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in {}", dir.display());
    v
}

#[test]
fn every_valid_config_fixture_is_accepted() {
    for f in fixtures("valid_configs") {
        let k = Keel::new();
        let o = k
            .cmd()
            .arg("--config")
            .arg(&f)
            .arg("check")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}{}",
            f.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        let o = k
            .cmd()
            .arg("--config")
            .arg(&f)
            .args(["log", "coding", "09:00-10:00"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let o = k
            .cmd()
            .arg("--config")
            .arg(&f)
            .args(["report", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r["seconds"]["technical"], 3600, "{}", f.display());
        assert_eq!(fs::read(&f).unwrap(), fs::read(&f).unwrap());
    }
}

#[test]
fn every_invalid_config_fixture_is_refused_with_file_line_and_reason() {
    for f in fixtures("invalid_configs") {
        let text = fs::read_to_string(&f).unwrap();
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .expect("an `# expect:` line");
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("# line: "))
            .expect("a `# line:` line");
        let at = format!("{}:{line}:", f.display());
        let k = Keel::new();
        k.ok(&["log", "coding", "08:00-09:00"]);
        for args in [&["log", "coding", "09:00-10:00"][..], &["status"]] {
            let before = k.files();
            let o = k.cmd().arg("--config").arg(&f).args(args).output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{}: {err}", f.display());
            assert!(
                err.contains(&at) && err.contains(expect),
                "{}: wanted `{at}` and `{expect}` in:\n{err}",
                f.display()
            );
            assert_eq!(k.files(), before);
        }
        let o = k
            .cmd()
            .arg("--config")
            .arg(&f)
            .arg("check")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", f.display());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains(&at),
            "{}",
            f.display()
        );
        assert_eq!(
            fs::read_to_string(&f).unwrap(),
            text,
            "a fixture is never written"
        );
    }
}

// ------------------------------------------------------- edges of days and months

#[test]
fn entries_across_a_month_edge_and_a_dst_night() {
    let k = Keel::new();
    // 23:00 on 31 Oct to 01:00 on 1 Nov lives in October's file, counts in both months.
    k.ok(&["log", "oncall", "23:00-01:00", "--date", "2026-10-31"]);
    assert!(k.month("2026-10").exists() && !k.month("2026-11").exists());
    let nov = k.json(&["report", "--month", "2026-11", "--format", "json"]);
    assert_eq!(nov["seconds"]["technical"], 3600);
    assert_eq!(nov["by_day"][0]["technical"], 3600);
    let oct = k.json(&["report", "--month", "2026-10", "--format", "json"]);
    assert_eq!(oct["seconds"]["technical"], 3600);
    // Something overlapping it from November's side is refused.
    k.refused(
        2,
        &["log", "review", "00:30-02:00", "--date", "2026-11-01"],
        &["overlaps", "oncall"],
    );
    // An entry written by hand in another offset, starting in November in
    // its own offset but on 31 October in Berlin.
    k.write(
        &k.month("2026-11"),
        &entry(
            "2026-11-01T05:00:00+13:00",
            "2026-11-01T06:00:00+13:00",
            "review",
        ),
    );
    k.ok(&["check"]);
    let es = k.json(&[
        "entries",
        "--from",
        "2026-10-31",
        "--to",
        "2026-10-31",
        "--format",
        "json",
    ]);
    let starts: Vec<&str> = es
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2026-11-01T05:00:00+13:00", "2026-10-31T23:00:00+01:00"]
    );
    // It is named by its start in any offset.
    k.ok(&["delete", "2026-10-31 17:00"]);
    assert_eq!(
        k.read(&k.month("2026-11")),
        "",
        "the emptied month stays, empty"
    );

    // The night clocks go back: 00:00 to 06:00 local is seven real hours.
    k.ok(&["log", "oncall", "00:00-06:00", "--date", "2026-10-25"]);
    let wk = k.json(&["report", "--week", "2026-10-25", "--format", "json"]);
    assert_eq!(wk["by_day"][6]["date"], "2026-10-25");
    assert_eq!(wk["by_day"][6]["technical"], 7 * 3600);
    assert_eq!(wk["seconds"]["technical"], 7 * 3600);
}

#[test]
fn the_streak_counts_weeks_drifting_the_same_way() {
    let k = Keel::new();
    k.judge_thin_weeks();
    for day in ["2026-11-09", "2026-11-16", "2026-11-23"] {
        k.ok(&["log", "planning", "09:00-13:00", "--date", day]);
        k.ok(&["log", "coding", "14:00-15:00", "--date", day]);
    }
    // Two weeks before that drifted the other way: not part of this streak.
    k.ok(&["log", "coding", "09:00-13:00", "--date", "2026-11-02"]);
    let s = k.json(&["status", "--format", "json"]);
    assert_eq!(s["streak"], 3, "{s}");
    assert_eq!(s["week"]["status"], "drift-management");
    // Over the four-week window the technical week evens it out: 7h of 19h.
    assert_eq!(s["rolling"]["status"], "balanced");
    assert_eq!(s["rolling"]["technical_share"], 0.3684);
    let line = k.ok(&["status"]);
    assert!(line.contains("3rd week"), "{line}");
    assert!(line.contains("week 48: technical 20%"), "{line}");
}

#[test]
fn a_first_boundary_set_does_not_rewrite_past_weeks() {
    let k = Keel::new();
    // A config that never set boundaries: the built-in rules were in force.
    k.write(&k.config(), "# mine\nweek_start = \"monday\"\n");
    k.ok(&["log", "coding", "09:00-10:00", "--date", "2026-11-16"]);
    let before = k.json(&["report", "--week", "2026-11-16", "--format", "json"]);
    assert_eq!(before["target"]["technical_share"], 0.4);
    k.ok(&["boundaries", "set", "technical_share=0.6"]);
    let text = k.read(&k.config());
    assert!(
        text.starts_with("# mine\nweek_start = \"monday\"\n"),
        "{text}"
    );
    assert_eq!(
        k.json(&["report", "--format", "json"])["target"]["technical_share"],
        0.6
    );
    let after = k.json(&["report", "--week", "2026-11-16", "--format", "json"]);
    assert_eq!(
        after, before,
        "the week before the new set is judged as it was"
    );

    // Likewise a set dated before every other one leaves the time before it alone.
    k.ok(&[
        "boundaries",
        "set",
        "tolerance=0.2",
        "--since",
        "2026-11-02",
    ]);
    let early = k.json(&["report", "--week", "2026-10-26", "--format", "json"]);
    assert_eq!(early["target"]["tolerance"], 0.1);
    let mid = k.json(&["report", "--week", "2026-11-09", "--format", "json"]);
    assert_eq!(mid["target"]["tolerance"], 0.2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:00"]);
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
        &["report", "--format", "json"],
        &["entries", "--format", "csv"],
        &["status"],
        &["boundaries"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = k
            .std_cmd()
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "keel {args:?} into a closed pipe: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_broken_running_timer_file_is_named_and_kept() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:00"]);
    let path = k.data().join("running.toml");
    let text = "activity = \"coding\"\nstart = \"this morning\"\n";
    k.write(&path, text);
    let at = format!("{}:2:", path.display());
    k.refused(2, &["start", "review"], &[&at]);
    k.refused(2, &["stop"], &[&at]);
    k.refused(2, &["log", "review", "11:00-12:00"], &[&at]);
    k.refused(2, &["status"], &[&at]);
    k.refused(2, &["check"], &[]);
    let out = String::from_utf8(k.run(&["check"]).stdout).unwrap();
    assert!(out.contains(&at), "{out}");
    assert_eq!(k.read(&path), text);
}

#[test]
fn a_bad_pinned_clock_is_invalid_input() {
    let k = Keel::new();
    let o = k
        .cmd()
        .env("EVENKEEL_NOW", "yesterday-ish")
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("EVENKEEL_NOW"));
}

#[test]
fn flags_override_the_environment() {
    let k = Keel::new();
    let other = k.dir.path().join("elsewhere");
    let cfg = k.dir.path().join("other.toml");
    fs::write(&cfg, "week_start = \"sunday\"\n").unwrap();
    let o = k
        .cmd()
        .arg("--data-dir")
        .arg(&other)
        .arg("--config")
        .arg(&cfg)
        .args(["log", "coding", "09:00-10:00"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(other.join("entries/2026-11.toml").exists());
    assert!(!k.data().exists());
    let o = k
        .cmd()
        .args(["report", "--format", "json", "--config"])
        .arg(&cfg)
        .arg("--data-dir")
        .arg(&other)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    // A Sunday week, from the flag's config.
    assert_eq!(r["from"], "2026-11-22");
    assert_eq!(r["seconds"]["technical"], 3600);
    let out = String::from_utf8(
        k.cmd()
            .arg("--data-dir")
            .arg(&other)
            .args(["config", "path"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(out.contains(other.to_str().unwrap()), "{out}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_config_stays_a_link_and_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let k = Keel::new();
    let real = k.dir.path().join("dotfiles").join("keel.toml");
    k.write(&real, include_str!("../config/default.toml"));
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&real, k.config()).unwrap();
    k.ok(&["boundaries", "set", "tolerance=0.2"]);
    assert!(
        fs::symlink_metadata(k.config())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    assert!(
        k.read(&real).contains("tolerance = 0.2"),
        "the file it names was not changed"
    );
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    k.ok(&["undo"]);
    assert!(
        fs::symlink_metadata(k.config())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(k.read(&real), include_str!("../config/default.toml"));

    // A month file written by hand keeps its mode when keel rewrites it.
    let month = k.month("2026-11");
    k.write(
        &month,
        &entry(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T10:00:00+01:00",
            "coding",
        ),
    );
    fs::set_permissions(&month, fs::Permissions::from_mode(0o664)).unwrap();
    k.ok(&["log", "review", "11:00-12:00"]);
    assert_eq!(
        fs::metadata(&month).unwrap().permissions().mode() & 0o777,
        0o664
    );
    // New files are not private to keel's temporary-file mode.
    k.ok(&["log", "review", "11:00-12:00", "--date", "2026-10-01"]);
    let mode = fs::metadata(k.month("2026-10"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let plain = k.dir.path().join("plain");
    fs::write(&plain, "").unwrap();
    let usual = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, usual,
        "a new month file is created like any other file"
    );
}

#[test]
fn a_nonsense_lock_timeout_does_not_crash() {
    let k = Keel::new();
    for t in ["-1", "NaN", "inf", "soon"] {
        let o = k
            .cmd()
            .env("EVENKEEL_LOCK_TIMEOUT", t)
            .args(["log", "coding", "1h"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "EVENKEEL_LOCK_TIMEOUT={t}: {:?}\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        );
        k.ok(&["undo"]);
    }
}

#[test]
fn without_a_terminal_keel_prints_the_status_line_and_demo_refuses() {
    let k = Keel::new();
    k.ok(&["log", "coding", "09:00-10:00"]);
    let out = k.ok(&[]);
    assert!(out.contains("week 48: technical 100%"), "{out}");
    assert!(out.contains("run `keel` in a terminal"), "{out}");
    let before = k.files();
    let err = k.fails(2, &["--demo"]);
    assert!(err.contains("needs a terminal"), "{err}");
    assert_eq!(k.files(), before);
}

// ------------------------------------------------------- timer corrections

#[test]
fn a_timer_under_a_minute_leaves_no_entry_and_the_running_activity_never_splits() {
    let k = Keel::new();
    // `keel start design; keel stop` in the same minute: exit 0, nothing logged.
    k.ok(&["start", "design"]);
    let out = k.ok(&["stop"]);
    assert!(
        out.contains("discarded design timer, under a minute"),
        "{out}"
    );
    assert!(!k.data().join("running.toml").exists());
    // A switch within the minute replaces the activity and keeps the start.
    k.ok(&["start", "coding", "--at", "2026-11-26T15:59:30+01:00"]);
    let out = k.ok(&["start", "review"]);
    assert!(
        out.contains("replaced coding by review (it had run under a minute), running since 15:59"),
        "{out}"
    );
    assert_eq!(
        k.json(&["export", "--format", "json"])["entries"],
        serde_json::json!([])
    );
    // The running activity again: no split, the note updated only when given.
    let out = k.ok(&["start", "review"]);
    assert!(
        out.contains("review is already running (since 15:59)"),
        "{out}"
    );
    k.ok(&["start", "review", "--note", "PR 12"]);
    let running = k.read(&k.data().join("running.toml"));
    assert!(running.contains("note = \"PR 12\""), "{running}");
    assert!(
        running.contains("start = 2026-11-26T15:59:30+01:00"),
        "{running}"
    );
    assert_eq!(
        k.json(&["export", "--format", "json"])["entries"],
        serde_json::json!([])
    );
    // And undo takes the note back.
    k.ok(&["undo"]);
    assert!(!k.read(&k.data().join("running.toml")).contains("PR 12"));
}

#[test]
fn a_pattern_only_compiling_can_fault_is_found_by_check_and_import_not_by_status() {
    // Loading checks the patterns' syntax only (every command pays for it);
    // an unknown Unicode class shows when they are compiled.
    let k = Keel::new();
    k.write(&k.config(), "[import.calendar]\nskip = [\"\\\\p{Nope}\"]\n");
    k.ok(&["status"]);
    let o = k.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("`import.calendar.skip` has an invalid regex \"\\p{Nope}\": error: Unicode property not found"),
        "{said}"
    );
    let ics = k.dir.path().join("one.ics");
    fs::write(
        &ics,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261124T090000Z\nDTEND:20261124T100000Z\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    k.refused(
        2,
        &["import", ics.to_str().unwrap()],
        &["`import.calendar.skip` has an invalid regex"],
    );
}

#[test]
fn a_week_with_nothing_logged_reads_plainly() {
    let k = Keel::new();
    let line = k.ok(&["status"]);
    assert!(
        line.contains("week 48 — target 40% ±10% — no data yet"),
        "{line}"
    );
    assert!(!line.contains("— —"), "{line}");
}
