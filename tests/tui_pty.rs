//! The real binary in a pseudo-terminal: switch tabs, stop and start a
//! timer by keys, add an entry through the form, quit; then the data files,
//! and the terminal given back (raw mode off, alternate screen left).
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

/// An 80×24 pseudo-terminal.
fn open_pty() -> portable_pty::PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// The clock, zone and paths every run here is pinned to.
fn pin(cmd: &mut CommandBuilder, dir: &Path) {
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Europe/Berlin");
    // Tuesday 24 November 2026, 11:00 in Berlin.
    cmd.env("EVENKEEL_NOW", "2026-11-24T10:00:00Z");
    cmd.env("EVENKEEL_DATA_DIR", dir.join("data"));
    cmd.env("EVENKEEL_CONFIG", dir.join("config.toml"));
    cmd.env_remove("NO_COLOR");
}

struct Term {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    out: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
}

impl Term {
    fn spawn(dir: &Path) -> Term {
        Term::spawn_with(dir, &[])
    }

    fn spawn_with(dir: &Path, args: &[&str]) -> Term {
        let pair = open_pty();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_keel"));
        cmd.args(args);
        pin(&mut cmd, dir);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let out = Arc::new(Mutex::new((vt100::Parser::new(24, 80, 0), Vec::new())));
        let sink = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut o = sink.lock().unwrap();
                o.0.process(&buf[..n]);
                o.1.extend_from_slice(&buf[..n]);
            }
        });
        Term {
            master: pair.master,
            writer,
            child,
            out,
        }
    }

    fn screen(&self) -> String {
        self.out.lock().unwrap().0.screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never showed; the screen:\n{}", self.screen());
    }

    fn keys(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the program to end; its exit status.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written last.
                std::thread::sleep(Duration::from_millis(200));
                return st;
            }
            assert!(
                Instant::now() < until,
                "keel did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is back in canonical (cooked) mode with echo.
    fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("a unix pty has a fd");
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn check_given_back(&self) {
        let o = self.out.lock().unwrap();
        assert!(
            !o.0.screen().alternate_screen(),
            "still on the alternate screen"
        );
        let raw = String::from_utf8_lossy(&o.1);
        assert!(
            raw.contains("\x1b[?1049h"),
            "never entered the alternate screen"
        );
        assert!(
            raw.trim_end().ends_with("\x1b[?1049l"),
            "the last thing written is not leaving the alternate screen: {:?}",
            &raw[raw.len().saturating_sub(80)..]
        );
        assert!(raw.contains("\x1b[?1000l"), "mouse capture left on");
        drop(o);
        assert!(self.cooked(), "the terminal was left in raw mode");
    }
}

#[test]
fn a_session_of_keys_writes_the_files_and_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    // A review timer started at 10:00, an hour before "now".
    std::fs::write(
        dir.path().join("data/running.toml"),
        "activity = \"review\"\nstart = 2026-11-24T10:00:00+01:00\n",
    )
    .unwrap();
    let mut t = Term::spawn(dir.path());
    t.wait_for("start: c coding");
    t.wait_for("● review 1:00:00");
    assert!(!t.cooked(), "the UI runs in raw mode");

    t.keys("2");
    t.wait_for("Week 48");
    t.keys("3");
    t.wait_for("Technical share, last");
    t.keys("4");
    t.wait_for("In force this week");
    t.keys("1");
    t.wait_for("start: c coding");

    // Stop the running timer, then start coding, by keys.
    t.keys("s");
    t.wait_for("stopped review at 11:00 (1h)");
    t.keys("c");
    t.wait_for("started coding at 11:00");

    // Add an entry through the form.
    t.keys("n");
    t.wait_for("add entry");
    t.keys("plan\t\x1507:00\t\x1530m");
    t.wait_for("✓ planning 07:00–07:30 (30m)");
    t.keys("\r");
    t.wait_for("logged planning 07:00–07:30");

    t.keys("q");
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}");
    t.check_given_back();

    let month = std::fs::read_to_string(dir.path().join("data/entries/2026-11.toml")).unwrap();
    for want in [
        "start = 2026-11-24T07:00:00+01:00\nend = 2026-11-24T07:30:00+01:00\nactivity = \"planning\"",
        "start = 2026-11-24T10:00:00+01:00\nend = 2026-11-24T11:00:00+01:00\nactivity = \"review\"",
    ] {
        assert!(month.contains(want), "missing {want:?} in:\n{month}");
    }
    let running = std::fs::read_to_string(dir.path().join("data/running.toml")).unwrap();
    assert!(running.contains("activity = \"coding\""), "{running}");
    assert!(running.contains("2026-11-24T11:00:00+01:00"), "{running}");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path());
    t.wait_for("start: c coding");
    let pid = t.child.process_id().unwrap();
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGTERM) }, 0);
    t.wait_exit();
    t.check_given_back();
}

#[test]
fn a_log_from_another_shell_shows_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path());
    t.wait_for("start: c coding");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(["log", "mentoring", "09:00-09:45"])
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_NOW", "2026-11-24T10:00:00Z")
        .env("EVENKEEL_DATA_DIR", dir.path().join("data"))
        .env("EVENKEEL_CONFIG", dir.path().join("config.toml"))
        .status()
        .unwrap();
    assert!(st.success());
    t.wait_for("09:00–09:45    45m  ▒ mentoring");
    t.keys("q");
    t.wait_exit();
    t.check_given_back();
}

#[test]
fn the_demo_opens_on_a_populated_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn_with(dir.path(), &["--demo"]);
    t.wait_for("● running (s stops)");
    t.keys("2");
    t.wait_for("By activity");
    t.keys("3");
    t.wait_for("longest drifting toward");
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    // The demo wrote nothing where the user's data would be.
    assert!(!dir.path().join("data").exists());
}

/// A terminal that goes away (a closed window, a dropped SSH session) must
/// not leave keel running: crossterm's poll spins forever on a hung-up tty.
#[test]
#[cfg(target_os = "linux")]
fn a_terminal_that_hangs_up_ends_keel() {
    let dir = tempfile::tempdir().unwrap();
    let pair = open_pty();
    // As from a terminal window: a shell leads the session and keel runs
    // under it, so keel is not the process the kernel hangs up first.
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", "\"$KEEL\"; echo keel-ended > \"$MARK\""]);
    cmd.env("KEEL", env!("CARGO_BIN_EXE_keel"));
    cmd.env("MARK", dir.path().join("ended"));
    pin(&mut cmd, dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // Read until the first frame is up, then let go of the reader, so that
    // dropping the master below closes every handle on it: a hang-up.
    let mut reader = pair.master.try_clone_reader().unwrap();
    let seen = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(24, 80, 0);
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                return false;
            }
            parser.process(&buf[..n]);
            if parser.screen().contents().contains("start: c coding") {
                return true;
            }
        }
        false
    })
    .join()
    .unwrap();
    assert!(seen, "keel never drew its first frame");
    let pids = keel_pids(dir.path());
    assert!(!pids.is_empty(), "keel is not running under the shell");
    // As a terminal emulator closing a window does: hang up the process
    // group, then close the terminal, while keel sits in its event poll.
    for pid in &pids {
        unsafe { libc::kill(*pid, libc::SIGHUP) };
    }
    drop(pair.master);
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let left = keel_pids(dir.path());
        if left.is_empty() {
            break;
        }
        if Instant::now() > until {
            for pid in left {
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            panic!("keel was still running 10 s after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.wait();
}

/// The keel processes started for this test's data directory.
fn keel_pids(dir: &Path) -> Vec<i32> {
    let needle = format!("EVENKEEL_DATA_DIR={}", dir.join("data").display());
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    rd.filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
            exe.ends_with("keel")
                && env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes())
                && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .unwrap_or_default()
                    .contains(") Z ")
        })
        .collect()
}

/// On a terminal (where keel and clap colour their errors), text from the
/// command line that holds escape sequences is still shown escaped.
#[test]
fn errors_on_a_terminal_show_escape_sequences_escaped() {
    let hostile = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";
    for args in [
        &["log", hostile, "1h"][..],
        &["report", "--format", hostile],
        &["entries", "--from", hostile],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Term::spawn_with(dir.path(), args);
        let st = t.wait_exit();
        assert_eq!(st.exit_code(), 2, "keel {args:?}:\n{}", t.screen());
        let raw = t.out.lock().unwrap().1.clone();
        let raw = String::from_utf8_lossy(&raw);
        assert!(
            !raw.contains("\u{1b}]0;PWNED") && !raw.contains('\u{7}'),
            "keel {args:?} sent the sequence to the terminal: {raw:?}"
        );
        assert!(raw.contains("\\e]0;PWNED"), "keel {args:?}: {raw:?}");
    }
}
