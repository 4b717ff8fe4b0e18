//! The calendar budgets of issue 9, on a generated calendar of 300 weekly
//! series over 10 years ([`calendar`] below) beside a year of
//! generated history: `keel sync` with nothing new (≤ 50 ms) and `keel
//! status` with that calendar configured (≤ 5 ms, through the cache), and
//! the same status with a directory of 3,000 one-event files (the shape
//! vdirsyncer keeps). Also the cold cases: status right after a calendar
//! file changed (a rebuild of its cache). Numbers, not assertions.
//!
//! `cargo bench --bench calendar`; with `KEEL_BENCH_KEEP=DIR` the
//! generated home is left in DIR for hyperfine.

mod common;

use common::{NOW, keel};

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use evenkeel::demo::{self, Spec};

/// A calendar of `series` weekly meetings (30 minutes, in Europe/Berlin)
/// begun one after another over `years` up to `until`, each running for a
/// year (so about `series / years` run at once, as in a calendar kept for
/// ten years), spread over the workweek's hours without overlapping,
/// titled so that `[import.calendar]` rules classify them (1:1s, planning,
/// interviews, design reviews, syncs): the calendar the sync and status
/// budgets are measured on.
fn calendar(series: usize, years: i64, until: NaiveDate) -> String {
    let first = until - chrono::Duration::days(years * 365);
    let step = years * 365 / series.max(1) as i64;
    let titles = [
        "1:1 with",
        "Sprint planning",
        "Interview",
        "Design review",
        "Team sync",
    ];
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//evenkeel//bench//EN\r\n");
    for i in 0..series {
        let begin = first + chrono::Duration::days(i as i64 * step);
        let monday =
            begin - chrono::Duration::days(i64::from(begin.weekday().num_days_from_monday()));
        let day = monday + chrono::Duration::days((i % 5) as i64);
        let minutes = 8 * 60 + ((i / 5) % 18) as i64 * 30;
        let start = day.and_time(NaiveTime::MIN) + chrono::Duration::minutes(minutes);
        let end = (day + chrono::Duration::days(365)).min(until);
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:series-{i}@bench\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{} {i}\r\n\
             DTSTART;TZID=Europe/Berlin:{}\r\nDURATION:PT30M\r\n\
             RRULE:FREQ=WEEKLY;UNTIL={}T235959Z\r\nEND:VEVENT\r\n",
            titles[i % titles.len()],
            start.format("%Y%m%dT%H%M%S"),
            end.format("%Y%m%d"),
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

const RUNS: usize = 31;

fn time(mut before: impl FnMut(), mut make: impl FnMut() -> Command) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..RUNS)
        .map(|_| {
            before();
            let mut c = make();
            let t = Instant::now();
            let st = c.status().expect("run keel");
            let d = t.elapsed();
            assert!(st.success(), "keel failed: {c:?}");
            d
        })
        .collect();
    v.sort();
    (v[0], v[RUNS / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A home with a year of history and the given `[[calendar]]` tables.
fn home(dir: &Path, calendars: &str) {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let spec = Spec {
        months: 12,
        seed: 7,
        timezone: Some("Europe/Berlin".into()),
        running: false,
    };
    demo::history(&dir.join("data"), &dir.join("config.toml"), now, &spec).expect("generate");
    let mut cfg = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    cfg.push_str(calendars);
    std::fs::write(dir.join("config.toml"), cfg).unwrap();
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let until = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    println!("{:<52} {:>10} {:>10}   budget", "command", "min", "median");
    let keep = std::env::var_os("KEEL_BENCH_KEEP");
    for shape in ["one file", "3000 files"] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = match &keep {
            Some(k) => Path::new(k).join(shape.replace(' ', "-")),
            None => tmp.path().to_path_buf(),
        };
        std::fs::create_dir_all(&dir).unwrap();
        let (table, changed) = if shape == "one file" {
            let ics = dir.join("work.ics");
            std::fs::write(&ics, calendar(300, 10, until)).unwrap();
            ("[[calendar]]\nname = \"work\"\npath = \"work.ics\"\n", ics)
        } else {
            let cal = dir.join("work");
            std::fs::create_dir_all(&cal).unwrap();
            let text = calendar(300, 10, until);
            std::fs::write(cal.join("series.ics"), &text).unwrap();
            for i in 0..2999 {
                let d =
                    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i % 700);
                std::fs::write(
                    cal.join(format!("one-{i}.ics")),
                    format!(
                        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:one-{i}\r\nSUMMARY:Coffee {i}\r\n\
                         DTSTART;TZID=Europe/Berlin:{}T171500\r\nDURATION:PT15M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                        d.format("%Y%m%d")
                    ),
                )
                .unwrap();
            }
            (
                "[[calendar]]\nname = \"work\"\npath = \"work\"\n",
                cal.join("series.ics"),
            )
        };
        home(&dir, &format!("\n{table}"));
        // The first sync imports what it can; later ones find nothing new.
        let st = keel(&dir, &["sync"]).status().unwrap();
        assert!(st.success());
        let rows: [(&str, &[&str], &str); 2] = [
            ("keel sync (nothing new)", &["sync"], "≤ 50 ms"),
            ("keel status (cache warm)", &["status"], "≤ 5 ms"),
        ];
        for (name, args, budget) in rows {
            let (lo, med) = time(|| {}, || keel(&dir, args));
            println!(
                "{:<52} {:>10} {:>10}   {budget}",
                format!("{name}, {shape}"),
                ms(lo),
                ms(med)
            );
        }
        // A calendar file that changes before every run: a rebuild each time.
        let text = std::fs::read_to_string(&changed).unwrap();
        let mut n = 0;
        let (lo, med) = time(
            || {
                n += 1;
                // Replaced by a rename, as calendar tools write.
                let tmp = changed.with_extension("tmp");
                std::fs::write(&tmp, format!("{text}\r\n{}", " ".repeat(n))).unwrap();
                std::fs::rename(&tmp, &changed).unwrap();
            },
            || keel(&dir, &["status"]),
        );
        println!(
            "{:<52} {:>10} {:>10}   (rebuild)",
            format!("keel status (a file changed), {shape}"),
            ms(lo),
            ms(med)
        );
        std::fs::write(&changed, text).unwrap();
    }
    println!("{:<52} {:>10}", "keel --version", {
        let (lo, _) = time(|| {}, || keel(Path::new("/nonexistent"), &["--version"]));
        ms(lo)
    });
}
