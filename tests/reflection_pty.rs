//! The reflection's editor in a real pseudo-terminal (issue 10 item 15):
//! Enter breaks a line, and the keys that save arrive as a terminal sends
//! them: Alt-Enter (ESC CR) and Ctrl-S (DC3, which raw mode lets through
//! instead of stopping the output).
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Tuesday 24 November 2026, 11:00 in Berlin.
const NOW: &str = "2026-11-24T10:00:00Z";

type Seen = Arc<(Mutex<vt100::Parser>, Condvar)>;

fn wait_for(seen: &Seen, text: &str) {
    let until = Instant::now() + Duration::from_secs(20);
    let mut p = seen.0.lock().unwrap();
    while !p.screen().contents().contains(text) {
        let left = until.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "`{text}` never showed; the screen:\n{}",
            p.screen().contents()
        );
        p = seen.1.wait_timeout(p, left).unwrap().0;
    }
}

fn keel(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(args)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_NOW", NOW)
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn a_reflection_of_several_lines_is_saved_with_alt_enter_and_ctrl_s() {
    let dir = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_keel"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Europe/Berlin");
    cmd.env("EVENKEEL_NOW", NOW);
    cmd.env("EVENKEEL_DATA_DIR", dir.path().join("data"));
    cmd.env("EVENKEEL_CONFIG", dir.path().join("config.toml"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let seen: Seen = Arc::new((Mutex::new(vt100::Parser::new(24, 80, 0)), Condvar::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.0.lock().unwrap().process(&buf[..n]);
            sink.1.notify_all();
        }
    });
    let mut keys = |s: &str| {
        writer.write_all(s.as_bytes()).unwrap();
        writer.flush().unwrap();
    };
    wait_for(&seen, "start: c coding");
    keys("2");
    wait_for(&seen, "Week 48");
    keys("r");
    wait_for(&seen, "reflection · week 48");
    keys("First line\rsecond line");
    wait_for(&seen, "second line");
    keys("\x1b\r");
    wait_for(&seen, "saved the reflection of the week of 2026-11-23");
    keys("r");
    wait_for(&seen, "reflection · week 48");
    keys("\rthird");
    wait_for(&seen, "third");
    keys("\x13");
    wait_for(&seen, "saved the reflection of the week of 2026-11-23");
    keys("q");
    assert!(child.wait().unwrap().success());
    assert_eq!(
        keel(dir.path(), &["review"]),
        "First line\nsecond line\nthird\n"
    );
}
