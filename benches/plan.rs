//! The budget of `keel plan` (issue 9: ≤ 50 ms) on a generated calendar of
//! 300 weekly series over 10 years, beside a year of history: whole-process
//! wall times of the real binary, with the calendar configured (`[[calendar]]`,
//! through the cache, warm) and given as `--calendar FILE`, and `keel status`
//! with the calendar configured (its pace reads it; budget 5 ms).
//!
//! `cargo bench --bench plan`. With `KEEL_BENCH_KEEP=DIR` the home
//! (config, data, calendar, cache) is left in DIR for hyperfine:
//! `EVENKEEL_CONFIG=DIR/config.toml EVENKEEL_DATA_DIR=DIR/data
//! EVENKEEL_CACHE_DIR=DIR/cache EVENKEEL_NOW=2026-11-26T16:00:00+01:00
//! hyperfine -N 'target/release/keel plan'`.

mod common;

use common::{NOW, keel};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use evenkeel::demo::{self, Spec};

const RUNS: usize = 31;

/// 300 weekly series from January 2017 to the end of 2026, on weekdays
/// between 08:00 and 17:30 in Berlin (a tenth of them written in New York
/// time), 30 to 90 minutes long, with titles the default rules classify;
/// every fifth series has an EXDATE and every seventh a moved instance in
/// the week planned.
fn calendar(series: usize) -> String {
    let titles = [
        "1:1 {}",
        "Interview loop {}",
        "Sprint planning {}",
        "Design review {}",
        "Team sync {}",
        "Incident review {}",
        "Mentoring {}",
    ];
    let days = ["MO", "TU", "WE", "TH", "FR"];
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//evenkeel//bench//EN\r\n");
    for i in 0..series {
        let day = i % 5;
        // Monday 2 January 2017 plus the weekday.
        let start_day = 2 + day;
        let minutes = 8 * 60 + (i * 37) % (9 * 60 + 30);
        let (h, m) = (minutes / 60, minutes % 60 / 15 * 15);
        let len = 30 + (i % 5) * 15;
        let (eh, em) = ((h * 60 + m + len) / 60, (h * 60 + m + len) % 60);
        let zone = if i % 10 == 0 {
            "America/New_York"
        } else {
            "Europe/Berlin"
        };
        let title = titles[i % titles.len()].replace("{}", &i.to_string());
        let _ = write!(
            s,
            "BEGIN:VEVENT\r\nUID:series-{i}@bench\r\nSUMMARY:{title}\r\n\
             DTSTART;TZID={zone}:201701{start_day:02}T{h:02}{m:02}00\r\n\
             DTEND;TZID={zone}:201701{start_day:02}T{eh:02}{em:02}00\r\n\
             RRULE:FREQ=WEEKLY;BYDAY={};UNTIL=20261231T235959Z\r\n",
            days[day]
        );
        if i % 5 == 0 {
            let _ = write!(
                s,
                "EXDATE;TZID={zone}:202611{:02}T{h:02}{m:02}00\r\n",
                23 + day
            );
        }
        s.push_str("END:VEVENT\r\n");
        if i % 7 == 0 && i % 5 != 0 {
            let _ = write!(
                s,
                "BEGIN:VEVENT\r\nUID:series-{i}@bench\r\nSUMMARY:{title} (moved)\r\nSEQUENCE:1\r\n\
                 RECURRENCE-ID;TZID={zone}:202611{d:02}T{h:02}{m:02}00\r\n\
                 DTSTART;TZID={zone}:202611{d:02}T{nh:02}{m:02}00\r\n\
                 DTEND;TZID={zone}:202611{d:02}T{ne:02}{em:02}00\r\nEND:VEVENT\r\n",
                d = 23 + day,
                nh = (h + 1).min(22),
                ne = (eh + 1).min(23),
            );
        }
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

fn time(home: &Path, args: &[&str]) -> (Duration, Duration, Duration) {
    let mut v: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let mut c = keel(home, args);
            let t = Instant::now();
            let st = c.status().expect("run keel");
            let d = t.elapsed();
            assert!(st.success(), "keel failed: {c:?}");
            d
        })
        .collect();
    v.sort();
    (v[0], v[RUNS / 2], v[RUNS - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let home: PathBuf = match std::env::var_os("KEEL_BENCH_KEEP") {
        Some(d) => PathBuf::from(d),
        None => tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&home).unwrap();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let spec = Spec {
        months: 12,
        seed: 7,
        timezone: Some("Europe/Berlin".into()),
        running: false,
    };
    demo::history(&home.join("data"), &home.join("config.toml"), now, &spec).expect("generate");
    let ics = home.join("work.ics");
    std::fs::write(&ics, calendar(300)).unwrap();
    let mut cfg = std::fs::read_to_string(home.join("config.toml")).unwrap();
    let _ = write!(
        cfg,
        "\n[[calendar]]\nname = \"work\"\npath = {:?}\n",
        ics.to_str().unwrap()
    );
    std::fs::write(home.join("config.toml"), cfg).unwrap();
    let size = std::fs::metadata(&ics).unwrap().len();
    println!(
        "calendar: 300 weekly series over 10 years, {} KB; history: 1 year",
        size / 1024
    );
    println!(
        "{:<44} {:>10} {:>10} {:>10}   budget",
        "command", "min", "median", "max"
    );
    let cases: [(&str, Vec<&str>, &str); 4] = [
        (
            "keel plan ([[calendar]], cache warm)",
            vec!["plan"],
            "50 ms",
        ),
        (
            "keel plan --format json",
            vec!["plan", "--format", "json"],
            "50 ms",
        ),
        (
            "keel plan --week next",
            vec!["plan", "--week", "next"],
            "50 ms",
        ),
        (
            "keel status ([[calendar]], cache warm)",
            vec!["status"],
            "5 ms",
        ),
    ];
    // One run fills the cache; the timed runs find it warm.
    let _ = keel(&home, &["plan"]).status();
    for (name, args, budget) in &cases {
        let (lo, mid, hi) = time(&home, args);
        println!(
            "{name:<44} {:>10} {:>10} {:>10}   ≤ {budget}",
            ms(lo),
            ms(mid),
            ms(hi)
        );
    }
    // The cold case: no cache (a new machine, or the calendar just changed).
    let cold: Vec<Duration> = (0..7)
        .map(|_| {
            let _ = std::fs::remove_dir_all(home.join("cache"));
            let mut c = keel(&home, &["plan"]);
            let t = Instant::now();
            assert!(c.status().unwrap().success());
            t.elapsed()
        })
        .collect();
    let mut cold = cold;
    cold.sort();
    println!(
        "{:<44} {:>10} {:>10} {:>10}   (no budget)",
        "keel plan, cache cold",
        ms(cold[0]),
        ms(cold[3]),
        ms(cold[6])
    );
}
