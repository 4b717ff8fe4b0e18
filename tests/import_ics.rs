//! Calendar import: recurrence against the `recurring-ical-events`
//! reference (expected instances in tests/fixtures/ics/*.expected, made by
//! reference.py there), skips and classification through the binary, and
//! the no-panic run over the shared corpus of real calendars.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{NaiveDate, Utc};
use evenkeel::import::ics;
use evenkeel::model::Zone;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ics")
}

fn berlin() -> Zone {
    Zone::parse("Europe/Berlin").unwrap()
}

/// keel's instances of a file over a window, as the reference lines.
fn instances(path: &Path, from: &str, to: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let z = berlin();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let found = ics::instances(
        &text,
        &ics::Settings::new(z),
        z.day_start(d(from)),
        z.day_start(d(to)),
    )
    .unwrap();
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
    v
}

fn agrees_with_reference(name: &str) {
    let p = fixtures().join(format!("{name}.ics"));
    let expected: Vec<String> =
        std::fs::read_to_string(fixtures().join(format!("{name}.expected")))
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
    assert_eq!(instances(&p, "2026-01-01", "2027-01-01"), expected);
}

#[test]
fn a_series_across_dst_keeps_its_wall_clock_time() {
    // Weekly at 09:00 Berlin across the March switch; Mon/Wed in New York
    // across the November switch, ended by a UTC UNTIL.
    agrees_with_reference("dst_series");
}

#[test]
fn a_moved_and_a_cancelled_instance() {
    agrees_with_reference("moved_instance");
}

#[test]
fn exdate_rdate_until_and_count() {
    agrees_with_reference("exdate_count_until");
}

#[test]
fn outlook_windows_zone_names_and_custom_vtimezones() {
    agrees_with_reference("outlook_zones");
}

#[test]
fn instances_outside_the_window_are_not_read() {
    let p = fixtures().join("moved_instance.ics");
    let v = instances(&p, "2026-11-17", "2026-11-19");
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(v[1].contains("(moved)"));
}

fn keel(dir: &tempfile::TempDir, args: &[&str]) -> (i32, String, String) {
    let o = Command::cargo_bin("keel")
        .unwrap()
        .env("EVENKEEL_DATA_DIR", dir.path().join("data"))
        .env("EVENKEEL_CONFIG", dir.path().join("config.toml"))
        .env("EVENKEEL_NOW", "2026-11-26T18:00:00+01:00")
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

const CONFIG: &str = r#"
[import.calendar]
me = ["ana@example.com"]
default_activity = "cross-team"
skip = ["(?i)focus time"]

[[import.calendar.rule]]
pattern = "(?i)interview"
activity = "hiring"

[[import.calendar.rule]]
pattern = "(?i)design"
activity = "design"
"#;

#[test]
fn skips_classification_and_idempotence() {
    let d = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"),
    )
    .unwrap();
    // The default config's own [import.calendar] is replaced by the test's.
    let cut = base.find("[import.calendar]").unwrap_or(base.len());
    std::fs::write(
        d.path().join("config.toml"),
        format!("{}{CONFIG}", &base[..cut]),
    )
    .unwrap();
    let f = fixtures().join("skips.ics");
    let f = f.to_str().unwrap();
    let (code, out, err) = keel(
        &d,
        &[
            "import",
            f,
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for want in [
        "would add 2026-11-24 09:00–09:45 hiring",
        "would add 2026-11-25 14:00–15:00 design",
        "\"Offsite\": all-day",
        "\"Roadmap review\": cancelled",
        "\"All hands\": declined",
        "\"Reminder\": no duration",
        "title matches skip pattern `(?i)focus time`",
        "dry run: would add 2 entries (1h45m), 5 skipped, 0 conflict(s)",
    ] {
        assert!(out.contains(want), "missing `{want}` in:\n{out}");
    }
    assert!(!d.path().join("data/entries").exists());
    let (code, out, _) = keel(
        &d,
        &["import", f, "--from", "2026-11-23", "--to", "2026-11-29"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("added 2 entries"), "{out}");
    let (_, again, _) = keel(
        &d,
        &["import", f, "--from", "2026-11-23", "--to", "2026-11-29"],
    );
    assert!(again.contains("added 0 entries (0m), 7 skipped"), "{again}");
}

#[test]
fn a_recurring_series_imports_once_and_says_its_default_window() {
    let d = tempfile::tempdir().unwrap();
    let f = fixtures().join("moved_instance.ics");
    let f = f.to_str().unwrap();
    let (code, out, err) = keel(&d, &["import", f]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("calendar events read from 2026-08-28 to 2026-11-26"),
        "{out}"
    );
    assert!(out.contains("added 4 entries (1h), 1 skipped"), "{out}");
    let (_, again, _) = keel(&d, &["import", f]);
    assert!(again.contains("added 0 entries"), "{again}");
    let (_, j, _) = keel(&d, &["export", "--format", "json"]);
    assert!(
        j.contains("\"source\": \"ics:standup@evenkeel@20261118T083000Z\""),
        "{j}"
    );
}

/// Every calendar of the shared corpus: never a panic; a clear error for
/// the broken ones.
#[test]
fn the_corpus_never_panics() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ics");
    if !dir.is_dir() {
        println!(
            "SKIPPED: {} is absent (the corpus lives outside the repo)",
            dir.display()
        );
        return;
    }
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ics") {
                files.push(p);
            }
        }
    }
    files.sort();
    let cal = evenkeel::config::CalendarRules {
        default_activity: Some("cross-team".into()),
        ..Default::default()
    };
    let opts = evenkeel::import::Options {
        zone: berlin(),
        from: NaiveDate::from_ymd_opt(1990, 1, 1),
        to: NaiveDate::from_ymd_opt(2035, 12, 31),
        today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        now: chrono::DateTime::parse_from_rfc3339("2036-01-01T00:00:00Z")
            .unwrap()
            .to_utc(),
        long: true,
        as_off: false,
        calendar: &cal,
    };
    let (mut ok, mut refused, mut instances) = (0, Vec::new(), 0);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| {
            evenkeel::import::parse(evenkeel::import::Format::Ics, &bytes, &opts)
        });
        match r {
            Err(_) => panic!("{} panicked", f.display()),
            Ok(Ok(p)) => {
                ok += 1;
                instances += p.candidates.len();
            }
            Ok(Err(e)) => {
                assert!(
                    !e.message.contains("reader failed"),
                    "{}: a panic inside a parsing crate: {}",
                    f.display(),
                    e.message
                );
                assert!(!e.message.is_empty());
                refused.push(format!("{}: {}", f.display(), e.message));
            }
        }
    }
    println!(
        "{} calendars: {ok} read ({instances} instances), {} refused with an error:\n{}",
        files.len(),
        refused.len(),
        refused.join("\n")
    );
    assert!(files.len() > 100, "expected the ~200 corpus files");
}
