//! What the whole-process benches share: the real binary, run on a home
//! directory (config, data, cache) at a pinned clock and zone, its output
//! thrown away.

use std::path::Path;
use std::process::{Command, Stdio};

/// The clock every bench runs at: Thursday 26 November 2026, 16:00 Berlin.
pub const NOW: &str = "2026-11-26T16:00:00+01:00";

/// `keel ARGS` on the home `dir` (`config.toml`, `data/`, `cache/`).
pub fn keel(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_keel"));
    c.args(args)
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .env("EVENKEEL_CACHE_DIR", dir.join("cache"))
        .env("EVENKEEL_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}
