//! Whole-process timings of the commands SPEC §7 budgets, on generated
//! history (weekdays, 8–14 entries a day) of 1 and 10 years.
//!
//! `cargo bench --bench cli` prints, for each command and history size, the
//! minimum, median and maximum wall time of `RUNS` runs of the real binary,
//! next to the budget. Numbers, not assertions: a loaded machine is slower.

mod common;

use common::{NOW, keel};

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use evenkeel::demo::{self, Spec};

const RUNS: usize = 31;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

fn time(mut make: impl FnMut(usize) -> Command) -> (Duration, Duration, Duration) {
    let mut v: Vec<Duration> = (0..RUNS)
        .map(|i| {
            let mut c = make(i);
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
    // `cargo test --benches` runs benches in test mode with --test; skip then.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    println!(
        "{:<34} {:>8} {:>10} {:>10} {:>10}   budget",
        "command", "history", "min", "median", "max"
    );
    for years in [1u32, 10] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let spec = Spec {
            months: years * 12,
            seed: 7,
            timezone: Some("Europe/Berlin".into()),
            running: false,
        };
        let w = demo::history(
            &tmp.path().join("data"),
            &tmp.path().join("config.toml"),
            now(),
            &spec,
        )
        .expect("generate");
        let label = format!("{years}y/{}", w.entries);
        let first = (now() - chrono::Duration::days(i64::from(years) * 366))
            .format("%Y-%m-%d")
            .to_string();
        let rows: Vec<(&str, Vec<String>, &str)> = vec![
            ("keel status", vec!["status".into()], "≤ 3 ms"),
            (
                "keel report --week",
                vec!["report".into(), "--week".into()],
                "≤ 3 ms",
            ),
            (
                "keel report (whole history, json)",
                vec![
                    "report".into(),
                    "--from".into(),
                    first.clone(),
                    "--to".into(),
                    "2026-11-29".into(),
                    "--format".into(),
                    "json".into(),
                ],
                "≤ 30 ms",
            ),
        ];
        for (name, args, budget) in rows {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (lo, med, hi) = time(|_| keel(tmp.path(), &args));
            println!(
                "{name:<34} {label:>8} {:>10} {:>10} {:>10}   {budget}",
                ms(lo),
                ms(med),
                ms(hi)
            );
        }
        // Back-dated log: a minute each run, at night on a day ~9 months back,
        // so no run overlaps another or the generated workday.
        let day = (now() - chrono::Duration::days(270))
            .format("%Y-%m-%d")
            .to_string();
        let (lo, med, hi) = time(|i| {
            let span = format!(
                "{:02}:{:02}-{:02}:{:02}",
                1 + i / 60,
                i % 60,
                1 + (i + 1) / 60,
                (i + 1) % 60
            );
            keel(tmp.path(), &["log", "admin", &span, "--date", &day])
        });
        println!(
            "{:<34} {label:>8} {:>10} {:>10} {:>10}   ≤ 10 ms",
            "keel log (back-dated)",
            ms(lo),
            ms(med),
            ms(hi)
        );
    }
}
