//! Issue 7's bound on import work, through the real binary: the five-line
//! `RRULE:FREQ=SECONDLY` calendar (once 19 s and 2.35 GB) and a MINUTELY
//! rule with a COUNT from 1990 (which must walk from its DTSTART).
//! `cargo bench --bench ics_bounds` prints each run's wall time and the
//! peak memory of the process; the budget is under 1 s and 100 MB.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn run(dir: &Path, file: &Path) -> (f64, i64) {
    let t = Instant::now();
    let st = Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(["import", "--dry-run"])
        .arg(file)
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .env("EVENKEEL_NOW", "2026-11-26T16:00:00+01:00")
        .env("TZ", "Europe/Berlin")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run keel");
    assert!(st.success(), "keel import failed on {}", file.display());
    let secs = t.elapsed().as_secs_f64();
    // The largest peak resident memory of the children waited for so far
    // (kB on Linux): an upper bound for each case.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    (secs, u.ru_maxrss)
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let secondly =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ics/issue07_secondly.ics");
    let minutely = dir.path().join("minutely.ics");
    std::fs::write(
        &minutely,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nSUMMARY:Ping\nDTSTART:19900101T000000Z\n\
         DURATION:PT2H\nRRULE:FREQ=MINUTELY;COUNT=90000000\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .expect("write");
    for (name, f) in [
        ("SECONDLY, 5 lines", secondly.as_path()),
        ("MINUTELY from 1990 with COUNT", &minutely),
    ] {
        let (secs, kb) = run(dir.path(), f);
        println!(
            "{name:32} {:7.1} ms  peak RSS so far {:5.1} MB  (budget 1 s, 100 MB)",
            secs * 1000.0,
            kb as f64 / 1024.0
        );
    }
}
