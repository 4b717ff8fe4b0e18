//! The real binary in a pseudo-terminal: switch tabs, stop and start a
//! timer by keys, add an entry through the form, quit; then the data files,
//! and the terminal given back (raw mode off, alternate screen left).
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

/// An 80×24 pseudo-terminal.
fn open_pty() -> portable_pty::PtyPair {
    open_pty_sized(24, 80)
}

fn open_pty_sized(rows: u16, cols: u16) -> portable_pty::PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// Tuesday 24 November 2026, 11:00 in Berlin.
const NOW: &str = "2026-11-24T10:00:00Z";

/// The clock, zone and paths every run here is pinned to.
fn pin(cmd: &mut CommandBuilder, dir: &Path) {
    pin_at(cmd, dir, NOW);
}

fn pin_at(cmd: &mut CommandBuilder, dir: &Path, now: &str) {
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Europe/Berlin");
    cmd.env("EVENKEEL_NOW", now);
    cmd.env("EVENKEEL_DATA_DIR", dir.join("data"));
    cmd.env("EVENKEEL_CONFIG", dir.join("config.toml"));
    cmd.env("EVENKEEL_CACHE_DIR", dir.join("cache"));
    cmd.env_remove("NO_COLOR");
}

/// What the reader has seen: the parsed screen and the raw bytes; the
/// condition variable is signalled on every chunk, so waiting needs no sleep.
type Seen = Arc<(Mutex<(vt100::Parser, Vec<u8>)>, Condvar)>;

struct Term {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    out: Seen,
    /// The reader thread: it ends when the terminal is closed on keel's side.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Term {
    fn spawn(dir: &Path) -> Term {
        Term::spawn_with(dir, &[])
    }

    fn spawn_with(dir: &Path, args: &[&str]) -> Term {
        Term::spawn_sized(dir, args, NOW, (24, 80))
    }

    fn spawn_sized(dir: &Path, args: &[&str], now: &str, (rows, cols): (u16, u16)) -> Term {
        let pair = open_pty_sized(rows, cols);
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_keel"));
        cmd.args(args);
        pin_at(&mut cmd, dir, now);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let out: Seen = Arc::new((
            Mutex::new((vt100::Parser::new(rows, cols, 0), Vec::new())),
            Condvar::new(),
        ));
        let sink = Arc::clone(&out);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut o = sink.0.lock().unwrap_or_else(|e| e.into_inner());
                o.0.process(&buf[..n]);
                o.1.extend_from_slice(&buf[..n]);
                sink.1.notify_all();
            }
            sink.1.notify_all();
        });
        Term {
            master: pair.master,
            writer,
            child,
            out,
            reader: Some(reader),
        }
    }

    fn screen(&self) -> String {
        self.out.0.lock().unwrap().0.screen().contents()
    }

    /// Wait until `text` is on the screen (woken by each chunk keel writes).
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("`{text}`"), |screen| screen.contains(text));
    }

    /// Wait until the screen satisfies `pred`: a frame arrives in chunks, so
    /// a screen read at one instant may hold half of one.
    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let until = Instant::now() + Duration::from_secs(20);
        let mut o = self.out.0.lock().unwrap();
        while !pred(&o.0.screen().contents()) {
            let left = until.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{what} never showed; the screen:\n{}",
                o.0.screen().contents()
            );
            o = self.out.1.wait_timeout(o, left).unwrap().0;
        }
    }

    fn keys(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the program to end, and for the reader to have read
    /// everything it wrote; its exit status.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut child = self.child.clone_killer();
        let reader = self.reader.take().expect("waited for once");
        // The reader ends at the hang-up that follows keel's exit; joining
        // it is what guarantees the last bytes were read.
        std::thread::spawn(move || {
            let _ = tx.send(reader.join());
        });
        if rx.recv_timeout(Duration::from_secs(20)).is_err() {
            let _ = child.kill();
            panic!("keel did not exit:\n{}", self.screen());
        }
        self.child.wait().unwrap()
    }

    /// Whether the terminal is back in canonical (cooked) mode with echo.
    fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("a unix pty has a fd");
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn check_given_back(&self) {
        let o = self.out.0.lock().unwrap();
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

/// A one-event calendar file (times in Berlin).
fn meeting(dir: &Path, uid: &str, title: &str, start: &str) {
    std::fs::write(
        dir.join(format!("cal/{uid}.ics")),
        format!(
            "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:{uid}\nSUMMARY:{title}\n\
             DTSTART;TZID=Europe/Berlin:{start}\nDURATION:PT30M\nEND:VEVENT\nEND:VCALENDAR\n"
        ),
    )
    .unwrap();
}

#[test]
fn calendars_sync_on_start_and_on_y_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cal")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[[calendar]]\nname = \"work\"\npath = \"cal\"\n",
    )
    .unwrap();
    // Before 11:00 (now) and after it: only the first is time spent.
    meeting(dir.path(), "a", "1:1 Bo", "20261124T090000");
    meeting(dir.path(), "later", "1:1 Cy", "20261124T140000");
    let mut t = Term::spawn(dir.path());
    t.wait_for("calendars: added 1 meeting (30m)");
    t.wait_for("09:00–09:30    30m  ▒ one-on-one");
    assert!(!t.screen().contains("14:00–14:30"), "{}", t.screen());
    // A meeting moved into the past shows up on `y`.
    meeting(dir.path(), "b", "Roadmap", "20261124T100000");
    t.keys("y");
    t.wait_for("10:00–10:30    30m  ▒ planning");
    t.wait_for("calendars: added 1 meeting (30m)");
    t.keys("y");
    t.wait_for("calendars synced: nothing new");
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    let month = std::fs::read_to_string(dir.path().join("data/entries/2026-11.toml")).unwrap();
    assert_eq!(month.matches("source = ").count(), 2, "{month}");
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

/// Seconds as the faces print them: `7h30m`, `45m`, `0m`.
fn hours(secs: i64) -> String {
    let mins = (secs + 30) / 60;
    match (mins / 60, mins % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

fn share(t: i64, m: i64) -> String {
    if t + m == 0 {
        "—".into()
    } else {
        format!("{:.0}%", t as f64 * 100.0 / (t + m) as f64)
    }
}

/// `keel` with the pinned clock, zone and paths; its stdout.
fn keel(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(args)
        .env("TZ", "Europe/Berlin")
        .env("EVENKEEL_NOW", now)
        .env("EVENKEEL_DATA_DIR", dir.join("data"))
        .env("EVENKEEL_CONFIG", dir.join("config.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "keel {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report(dir: &Path, now: &str, from: &str, to: &str) -> serde_json::Value {
    let out = keel(
        dir,
        now,
        &["report", "--from", from, "--to", to, "--format", "json"],
    );
    serde_json::from_str(&out).unwrap()
}

/// The Today header's figures for a report of one day.
fn day_head(r: &serde_json::Value) -> String {
    let s = &r["seconds"];
    let (t, m, o) = (
        s["technical"].as_i64().unwrap(),
        s["management"].as_i64().unwrap(),
        s["other"].as_i64().unwrap(),
    );
    format!(
        "{}: technical {}, management {}, other {}, share {}",
        hours(t + m + o),
        hours(t),
        hours(m),
        hours(o),
        share(t, m)
    )
}

/// A line with its runs of spaces as one (the Week screen pads columns).
fn words(l: &str) -> String {
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A day's (or the week's) figures on the Week screen, spaces collapsed:
/// total, then T, M and O, which add up to it; `—` for nothing logged.
fn figures(t: i64, m: i64, o: i64) -> String {
    if t + m + o == 0 {
        return "—".into();
    }
    format!(
        "{} T {} M {} O {}",
        hours(t + m + o),
        hours(t),
        hours(m),
        hours(o)
    )
}

/// Every total the TUI shows is the report's for the same period: the day
/// on both sides of midnight (an entry and a running timer crossing it),
/// each day of the week, the week's total and the status line's share.
#[test]
fn every_total_on_screen_is_the_reports_around_midnight_with_a_running_timer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Wednesday 25 November 2026, 00:50 in Berlin.
    let now = "2026-11-24T23:50:00Z";
    keel(
        d,
        now,
        &["log", "design", "23:30-00:45", "--date", "2026-11-23"],
    );
    keel(
        d,
        now,
        &["log", "coding", "09:00-10:30", "--date", "2026-11-24"],
    );
    keel(
        d,
        now,
        &["log", "one-on-one", "10:30-12:00", "--date", "2026-11-24"],
    );
    keel(d, now, &["start", "planning", "--at", "2026-11-24 23:20"]);

    let mut t = Term::spawn_sized(d, &[], now, (40, 120));
    let wed = report(d, now, "2026-11-25", "2026-11-25");
    t.wait_for("Wed 25 Nov 2026 (today)");
    // The timer's part after midnight: 50 minutes of management today.
    assert_eq!(wed["seconds"]["management"], 50 * 60);
    t.wait_for(&day_head(&wed));
    // ... and drawn on today's timeline (the row under the hour ticks).
    let screen = t.screen();
    let timeline = screen.lines().nth(3).unwrap_or_default();
    assert!(timeline.starts_with('▒'), "{screen}");
    let status: serde_json::Value =
        serde_json::from_str(&keel(d, now, &["status", "--format", "json"])).unwrap();
    assert_eq!(status["today"]["seconds"], wed["seconds"]);

    // The day before: 45m of the design entry, not all of it.
    t.keys("\x1b[D");
    t.wait_for("Tue 24 Nov 2026  ");
    let tue = report(d, now, "2026-11-24", "2026-11-24");
    assert_eq!(tue["seconds"]["technical"], (45 + 90) * 60);
    t.wait_for(&day_head(&tue));
    t.keys("\x1b[D");
    t.wait_for("Mon 23 Nov 2026  ");
    t.wait_for(&day_head(&report(d, now, "2026-11-23", "2026-11-23")));

    // The week: each day, the total, and the status line's share.
    t.keys("2");
    t.wait_for("Week 48");
    let week = report(d, now, "2026-11-23", "2026-11-29");
    for day in week["by_day"].as_array().unwrap() {
        let date =
            chrono::NaiveDate::parse_from_str(day["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let (tt, m, o) = (
            day["technical"].as_i64().unwrap(),
            day["management"].as_i64().unwrap(),
            day["other"].as_i64().unwrap(),
        );
        let label = date.format("%a %-d").to_string();
        let want = figures(tt, m, o);
        t.wait_until(&format!("{label} … {want}"), |screen| {
            screen
                .lines()
                .any(|l| l.starts_with(&label) && words(l).ends_with(&want))
        });
    }
    let s = &week["seconds"];
    let (tt, m, o) = (
        s["technical"].as_i64().unwrap(),
        s["management"].as_i64().unwrap(),
        s["other"].as_i64().unwrap(),
    );
    // The week's total: the row under the days.
    let total = figures(tt, m, o);
    t.wait_until(&format!("week … {total}"), |screen| {
        screen
            .lines()
            .any(|l| l.starts_with("week ") && words(l).ends_with(&total))
    });
    let flag = format!("week 48: technical {}", share(tt, m));
    t.wait_for(&flag);
    let screen = t.screen();
    // A flagged week says so on the status line and the Week header.
    assert_eq!(week["flagged"], true, "{week}");
    let last = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.contains("flagged"), "{last}");
    assert!(
        screen.lines().nth(1).unwrap().contains("flagged"),
        "{screen}"
    );

    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
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
        let raw = t.out.0.lock().unwrap().1.clone();
        let raw = String::from_utf8_lossy(&raw);
        assert!(
            !raw.contains("\u{1b}]0;PWNED") && !raw.contains('\u{7}'),
            "keel {args:?} sent the sequence to the terminal: {raw:?}"
        );
        assert!(raw.contains("\\e]0;PWNED"), "keel {args:?}: {raw:?}");
    }
}

/// `NO_COLOR` has one meaning in every place keel colours: set to anything
/// but the empty string, no colour; empty, as if unset (no-color.org). The
/// error line on a terminal shows it.
#[test]
fn no_color_means_the_same_everywhere() {
    let error_line = |no_color: Option<&str>| -> String {
        let dir = tempfile::tempdir().unwrap();
        let pair = open_pty();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_keel"));
        cmd.args(["log", "no-such-activity", "1h"]);
        pin(&mut cmd, dir.path());
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let read = std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                all.extend_from_slice(&buf[..n]);
            }
            all
        });
        let st = child.wait().unwrap();
        assert_eq!(st.exit_code(), 2);
        drop(pair.master);
        String::from_utf8_lossy(&read.join().unwrap()).into_owned()
    };
    let coloured = |s: &str| s.contains("\u{1b}[31merror:");
    let unset = error_line(None);
    assert!(coloured(&unset), "no colour with NO_COLOR unset: {unset:?}");
    let empty = error_line(Some(""));
    assert!(
        coloured(&empty),
        "an empty NO_COLOR turned colour off: {empty:?}"
    );
    let set = error_line(Some("1"));
    assert!(
        !set.contains('\u{1b}') && set.contains("error: unknown activity"),
        "NO_COLOR=1 still coloured: {set:?}"
    );
}

/// Two activity keys within the same second, and `s` right after a start,
/// are corrections: no zero-length entry, no error, the timer's start kept.
/// Pressing the running activity's key does not split it.
#[test]
fn keys_pressed_in_the_same_second_correct_the_timer() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path());
    t.wait_for("start: c coding");
    t.keys("c");
    t.wait_for("started coding at 11:00");
    t.keys("r");
    t.wait_for("replaced coding by review (under a minute), since 11:00");
    t.keys("r");
    t.wait_for("review is already running");
    t.keys("s");
    t.wait_for("discarded review timer, under a minute");
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    // Nothing was logged, and nothing runs.
    assert!(!dir.path().join("data/running.toml").exists());
    let month = dir.path().join("data/entries/2026-11.toml");
    assert!(
        std::fs::read_to_string(&month)
            .unwrap_or_default()
            .is_empty(),
        "no entry"
    );
}

/// A config from before keys were reserved binds `q` and `1` to activities:
/// the UI says so, `1` picks the Today tab and `q` quits, and no timer was
/// started by either.
#[test]
fn keys_of_commands_stay_commands_when_a_config_binds_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = include_str!("../config/default.toml")
        .replace("key = \"c\"", "key = \"q\"")
        .replace("key = \"i\"", "key = \"1\"");
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let mut t = Term::spawn_sized(dir.path(), &[], NOW, (30, 200));
    t.wait_for("keys of commands are left unbound: \"q\" of coding (quit");
    t.keys("2");
    t.wait_for("Week 48");
    t.keys("1");
    t.wait_for("start: r review");
    t.keys("1");
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    assert!(
        !dir.path().join("data/running.toml").exists(),
        "a key of a command started a timer"
    );
}

/// `e` on the running row corrects the timer; a save the store refuses
/// keeps the form open with what was typed; `n` proposes the gap.
#[test]
fn the_running_timer_is_corrected_and_a_refused_save_keeps_the_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/running.toml"),
        "activity = \"review\"\nstart = 2026-11-24T10:00:00+01:00\n",
    )
    .unwrap();
    let mut t = Term::spawn_sized(dir.path(), &[], NOW, (30, 100));
    t.wait_for("● review 1:00:00");
    // The last row is the timer: the wrong activity and a late start.
    t.keys("Ge");
    t.wait_for("the running timer");
    t.keys("\x15design\t\x1509:40");
    t.wait_for("✓ design running since 09:40 (1h20m so far)");
    t.keys("\r");
    t.wait_for("saved the running design timer, since 09:40");
    // `n` on the gap before it proposes the gap.
    t.keys("\x1b[H");
    t.keys("n");
    t.wait_for("add entry");
    t.wait_until("the gap 09:00–09:40 proposed", |s| {
        s.contains("start           09:00") && s.contains("end or duration 09:40")
    });
    t.keys("\x1b");
    t.wait_until("the form closed", |s| !s.contains("add entry"));
    // Tomorrow nothing clashes, but a block that has not happened is
    // refused by the store: the form stays, with the input.
    t.keys("]n");
    t.wait_for("on Wed 25 Nov");
    t.keys("plan\t\x1509:00\t\x1545m\tkept note");
    t.wait_for("✓ planning 09:00–09:45 (45m)");
    t.keys("\r");
    t.wait_for("ends in the future");
    t.wait_for("nothing was saved; change the fields and Enter again, or Esc");
    assert!(t.screen().contains("kept note"), "{}", t.screen());
    t.keys("\x1b");
    t.wait_until("the form closed", |s| !s.contains("add entry"));
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    let running = std::fs::read_to_string(dir.path().join("data/running.toml")).unwrap();
    assert!(running.contains("activity = \"design\""), "{running}");
    assert!(running.contains("2026-11-24T09:40:00+01:00"), "{running}");
    assert!(!dir.path().join("data/entries/2026-11.toml").exists());
}

#[test]
fn booked_meetings_ahead_show_on_today_and_week_and_are_not_logged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cal")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[[calendar]]\nname = \"work\"\npath = \"cal\"\n",
    )
    .unwrap();
    // Now is Tuesday 11:00: one meeting later today, one tomorrow.
    meeting(dir.path(), "later", "1:1 Cy", "20261124T140000");
    meeting(dir.path(), "tomorrow", "Roadmap", "20261125T100000");
    let mut t = Term::spawn_sized(dir.path(), &[], NOW, (30, 120));
    // Today's timeline draws the 14:00 meeting with the booked glyph.
    t.wait_until("the booked meeting on the timeline", |s| {
        s.lines().nth(3).is_some_and(|l| l.contains('▫'))
    });
    t.keys("2");
    t.wait_for("Ahead");
    t.wait_until("Wednesday's booked half hour", |s| {
        s.lines()
            .any(|l| l.starts_with("Wed 25") && l.contains('▫') && l.contains("30m  booked"))
    });
    let screen = t.screen();
    assert!(screen.contains("to stay in band"), "{screen}");
    t.keys("q");
    assert!(t.wait_exit().success());
    t.check_given_back();
    // Nothing ahead became an entry.
    let month = dir.path().join("data/entries/2026-11.toml");
    let text = std::fs::read_to_string(&month).unwrap_or_default();
    assert!(!text.contains("source = "), "{text}");
}
