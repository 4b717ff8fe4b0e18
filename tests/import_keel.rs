//! `keel export` / `keel import` of keel's own JSON and CSV, and spreadsheet
//! CSV, through the real binary in temp dirs with a pinned clock and zone.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const NOW: &str = "2026-11-26T18:00:00+01:00";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn keel(&self) -> Command {
        let mut c = Command::cargo_bin("keel").unwrap();
        c.env("EVENKEEL_DATA_DIR", self.data())
            .env("EVENKEEL_CONFIG", self.dir.path().join("config.toml"))
            .env("EVENKEEL_NOW", NOW)
            .env("TZ", "Europe/Berlin")
            .env("NO_COLOR", "1");
        c
    }
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let o = self.keel().args(args).output().unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }
    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "keel {args:?} failed: {out}{err}");
        out
    }
    fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }
    fn month_files(&self) -> Vec<(String, String)> {
        files_under(&self.data().join("entries"))
    }
}

fn files_under(p: &Path) -> Vec<(String, String)> {
    let Ok(rd) = std::fs::read_dir(p) else {
        return Vec::new();
    };
    let mut v: Vec<(String, String)> = rd
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// History with the awkward cases: quotes, commas and a newline in a note,
/// tags, a source, an entry across midnight, other offsets, two months.
const HISTORY: &str = r#"[
 {"start": "2026-10-30T09:00:00+01:00", "end": "2026-10-30T10:30:00+01:00", "activity": "coding",
  "note": "retry logic, \"payouts\"\nsecond line", "tags": ["payments", "a;b"], "source": "ics:abc@x"},
 {"start": "2026-10-31T23:00:00+01:00", "end": "2026-11-01T01:00:00+01:00", "activity": "oncall"},
 {"start": "2026-11-02T09:30:00+05:30", "end": "2026-11-02T10:00:00+05:30", "activity": "one-on-one", "tags": ["ben"]},
 {"start": "2026-11-23T13:00:00Z", "end": "2026-11-23T14:15:00Z", "activity": "hiring", "note": "loop"}
]"#;

fn seeded() -> Env {
    let e = Env::new();
    let f = e.write("history.json", HISTORY);
    e.ok(&["import", &f]);
    e.ok(&[
        "log",
        "review",
        "09:00-10:00",
        "--date",
        "2026-11-24",
        "--tag",
        "x",
    ]);
    e
}

fn round_trip(format: &str) {
    let a = seeded();
    let exported = a.ok(&["export", "--format", format]);
    let b = Env::new();
    let f = b.write(&format!("export.{format}"), &exported);
    let out = b.ok(&["import", &f]);
    assert!(out.contains("added 5 entries"), "{out}");
    assert_eq!(a.month_files(), b.month_files());
    for args in [
        &[
            "report",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
        ][..],
        &[
            "entries",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-30",
            "--format",
            "csv",
        ][..],
    ] {
        assert_eq!(a.ok(args), b.ok(args));
    }
    assert_eq!(b.ok(&["export", "--format", format]), exported);
}

#[test]
fn json_round_trip_is_lossless() {
    round_trip("json");
}

#[test]
fn csv_round_trip_is_lossless() {
    round_trip("csv");
}

#[test]
fn csv_export_is_rfc4180_with_a_header() {
    let e = seeded();
    let csv = e.ok(&[
        "export",
        "--format",
        "csv",
        "--from",
        "2026-10-30",
        "--to",
        "2026-10-30",
    ]);
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("start,end,activity,side,note,tags,source")
    );
    assert_eq!(
        lines.next(),
        Some(
            "2026-10-30T09:00:00+01:00,2026-10-30T10:30:00+01:00,coding,technical,\"retry logic, \"\"payouts\"\"\nsecond line\",payments;a\\;b,ics:abc@x"
        )
    );
}

#[test]
fn export_range_takes_entries_starting_in_it() {
    let e = seeded();
    let j = e.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let v = &v["entries"];
    let starts: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-11-02T09:30:00+05:30",
            "2026-11-23T13:00:00+00:00",
            "2026-11-24T09:00:00+01:00"
        ]
    );
    assert_eq!(v[0]["side"], "management");
}

#[test]
fn importing_twice_adds_nothing_and_one_undo_takes_it_back() {
    let e = Env::new();
    let f = e.write("history.json", HISTORY);
    let first = e.ok(&["import", &f]);
    assert!(first.contains("added 4 entries"), "{first}");
    let files = e.month_files();
    let second = e.ok(&["import", &f]);
    assert!(
        second.contains("added 0 entries (0m), 4 skipped, 0 conflict(s)"),
        "{second}"
    );
    assert!(second.contains("already imported"), "{second}");
    assert_eq!(e.month_files(), files);
    let u = e.ok(&["undo"]);
    assert!(u.contains("import history.json: 4 entries"), "{u}");
    assert!(e.month_files().is_empty());
}

#[test]
fn dry_run_writes_nothing() {
    let e = Env::new();
    let f = e.write("history.json", HISTORY);
    let out = e.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains("would add 2026-10-30 09:00–10:30 coding"),
        "{out}"
    );
    assert!(out.contains("dry run: would add 4 entries"), "{out}");
    assert!(!e.data().join("entries").exists());
    let (code, _, err) = e.run(&["undo"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn overlaps_are_left_out_and_counted() {
    let e = Env::new();
    e.ok(&["log", "review", "10:00-10:30", "--date", "2026-11-23"]);
    let f = e.write(
        "in.csv",
        "start,end,activity,note\n\
         2026-11-23 09:00,2026-11-23 11:00,coding,long block\n\
         2026-11-23 10:00,2026-11-23 10:30,review,\n\
         2026-11-23 12:00,2026-11-23 13:00,planning,\n",
    );
    let out = e.ok(&["import", &f]);
    assert!(out.contains("added 2026-11-23 09:00–10:00 coding"), "{out}");
    assert!(out.contains("added 2026-11-23 10:30–11:00 coding"), "{out}");
    assert!(
        out.contains("left out 2026-11-23 10:00–10:30 of 2026-11-23 09:00–11:00 coding: overlaps the review entry"),
        "{out}"
    );
    assert!(
        out.contains("skipped 2026-11-23 10:00–10:30 review: already logged"),
        "{out}"
    );
    assert!(
        out.contains("added 3 entries (2h30m), 1 skipped, 1 conflict(s) left out"),
        "{out}"
    );
    // Again: nothing new.
    let again = e.ok(&["import", &f]);
    assert!(again.contains("added 0 entries"), "{again}");
}

#[test]
fn unknown_activities_are_all_listed_and_nothing_is_written() {
    let e = Env::new();
    let f = e.write(
        "in.csv",
        "start,end,activity\n2026-11-23 09:00,2026-11-23 10:00,codng\n2026-11-23 10:00,2026-11-23 11:00,gardening\n2026-11-23 11:00,2026-11-23 12:00,coding\n",
    );
    let (code, _, err) = e.run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown activity `codng`") && err.contains("coding"),
        "{err}"
    );
    assert!(err.contains("unknown activity `gardening`"), "{err}");
    assert!(!e.data().join("entries").exists());
}

#[test]
fn a_spreadsheet_with_named_columns() {
    let e = Env::new();
    let f = e.write(
        "sheet.csv",
        "Date,Start,End,Activity,Notes,Tags\r\n2026-11-23,23:00,01:00,oncall,\"pager, db\",ops;night\r\n2026-11-24,09:00,10:15,Coding,,\r\n",
    );
    let out = e.ok(&["import", &f]);
    assert!(out.contains("added 2 entries (3h15m)"), "{out}");
    let j = e.ok(&["export", "--format", "json"]);
    assert!(j.contains("\"2026-11-24T01:00:00+01:00\""), "{j}");
    assert!(j.contains("\"pager, db\""), "{j}");
    assert!(j.contains("\"activity\": \"coding\""), "{j}");
}

#[test]
fn broken_input_is_a_clear_error() {
    let e = Env::new();
    let f = e.write("x.json", "{not json");
    let (code, _, err) = e.run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("not keel's JSON export"), "{err}");
    let f = e.write(
        "x.csv",
        "start,end,activity\nyesterday,2026-11-23 10:00,coding\n",
    );
    let (code, _, err) = e.run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("line 2: start"), "{err}");
    let f = e.write("x.txt", "");
    let (code, _, err) = e.run(&["import", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("--format"), "{err}");
}

#[test]
fn stdin_is_read_and_its_format_guessed() {
    let e = Env::new();
    let o = e
        .keel()
        .args(["import", "-"])
        .write_stdin(HISTORY)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("added 4 entries"), "{out}");
    let u = e.ok(&["undo"]);
    assert!(u.contains("import stdin: 4 entries"), "{u}");
}

/// keel's own export carries blocks the user confirmed with `--long` when
/// logging them: they come back without `--long`, in JSON and in CSV. A
/// spreadsheet's (or another tool's) block that long is still left out.
#[test]
fn long_blocks_of_keels_own_export_round_trip_without_long() {
    let src = Env::new();
    src.ok(&[
        "log",
        "oncall",
        "20:00-10:00",
        "--date",
        "2026-11-23",
        "--long",
    ]);
    src.ok(&["log", "coding", "11:00-12:00", "--date", "2026-11-24"]);
    for format in ["json", "csv"] {
        let export = src.ok(&["export", "--format", format]);
        let dst = Env::new();
        let f = dst.write(&format!("backup.{format}"), &export);
        let out = dst.ok(&["import", &f]);
        assert!(out.contains("added 2 entries (15h)"), "{format}: {out}");
        assert!(out.contains(", 0 skipped,"), "{format}: {out}");
        assert_eq!(dst.ok(&["export", "--format", format]), export, "{format}");
    }
    // A spreadsheet's CSV is not keel's: the 14-hour block needs --long.
    let dst = Env::new();
    let f = dst.write(
        "sheet.csv",
        "start,end,activity\n2026-11-23 20:00,2026-11-24 10:00,oncall\n",
    );
    let out = dst.ok(&["import", &f]);
    assert!(
        out.contains("lasts 14h, longer than 12 hours (add --long to import such items)"),
        "{out}"
    );
    assert!(out.contains("added 0 entries"), "{out}");
    let out = dst.ok(&["import", &f, "--long"]);
    assert!(out.contains("added 1 entry (14h)"), "{out}");
}
