//! What the end-to-end tests share: the real `keel` binary run in a home
//! directory (`config.toml` and `data/` inside it) with the clock, the zone
//! and the paths pinned, and a byte-for-byte picture of a directory to show
//! that a refused command wrote nothing. Each test file uses what it needs.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Thursday 26 November 2026, 16:00 in Berlin.
pub const NOW: &str = "2026-11-26T16:00:00+01:00";

/// `keel` in `home` at the instant `now`, nothing else leaking in from the
/// environment (no colour, no failpoint, the default lock timeout).
pub fn command(home: &Path, now: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_keel"));
    c.env("EVENKEEL_NOW", now)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_DATA_DIR", home.join("data"))
        .env("EVENKEEL_CONFIG", home.join("config.toml"))
        .env("EVENKEEL_CACHE_DIR", home.join("cache"))
        .env("NO_COLOR", "1")
        .env_remove("EVENKEEL_LOCK_TIMEOUT")
        .env_remove("EVENKEEL_TEST_FAILPOINT");
    c
}

pub fn run(home: &Path, now: &str, args: &[&str]) -> Output {
    command(home, now).args(args).output().expect("keel runs")
}

/// The standard output of a run that must succeed.
pub fn stdout(args: &[&str], o: Output) -> String {
    assert!(
        o.status.success(),
        "keel {args:?} failed ({:?}):\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

pub fn ok(home: &Path, now: &str, args: &[&str]) -> String {
    stdout(args, run(home, now, args))
}

/// Every file under `dir` with its bytes, sorted, but the empty `.lock`
/// that any attempt to write takes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != ".lock") {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}
