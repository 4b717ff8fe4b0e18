//! keel's calendar expansion against the reference implementation,
//! recurring-ical-events, on the shared corpus of real calendars
//! (../shared/data/ics, or `KEEL_ICS_CORPUS`): `cargo bench --bench
//! ics_agreement` prints on how many files both find exactly the same timed
//! instances, and what differs on the others. Needs `python3` with
//! `pip install recurring-ical-events`; benches/ics_reference.py is the
//! reference side and says how instances are compared.

use std::path::PathBuf;
use std::process::Command;

use chrono::{NaiveDate, Utc};
use evenkeel::import::ics;
use evenkeel::model::Zone;

fn main() {
    // `cargo test --benches` runs benches in test mode with --test; skip then.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("KEEL_ICS_CORPUS")
        .map_or_else(|| root.join("../shared/data/ics"), PathBuf::from);
    if !corpus.is_dir() {
        println!("SKIPPED: no corpus at {}", corpus.display());
        return;
    }
    let mut files = Vec::new();
    let mut stack = vec![corpus];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read the corpus") {
            let p = e.expect("a corpus entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ics") {
                files.push(p);
            }
        }
    }
    files.sort();
    let out = Command::new("python3")
        .arg(root.join("benches/ics_reference.py"))
        .args(&files)
        .output()
        .expect("run python3 benches/ics_reference.py");
    if !out.status.success() {
        println!(
            "SKIPPED: the reference failed (pip install recurring-ical-events?):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let reference: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("the reference's JSON");
    let zone = Zone::parse("Europe/Berlin").expect("a zone");
    let mut settings = ics::Settings::new(zone);
    settings.tentative = true;
    settings.free = true;
    let (mut agree, mut compared, mut unread) = (0, 0, 0);
    let mut differ = Vec::new();
    for r in &reference {
        let file = r["file"].as_str().unwrap_or_default();
        let name = file.rsplit("/ics/").next().unwrap_or(file);
        if r.get("error").is_some() {
            unread += 1;
            continue;
        }
        compared += 1;
        let day =
            |k: &str| NaiveDate::parse_from_str(r[k].as_str().unwrap_or_default(), "%Y-%m-%d");
        let (Ok(from), Ok(to)) = (day("from"), day("to")) else {
            differ.push(format!("{name}: no window"));
            continue;
        };
        let want: Vec<String> = r["instances"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                format!(
                    "{} {}",
                    i[0].as_str().unwrap_or(""),
                    i[1].as_str().unwrap_or("")
                )
            })
            .collect();
        let text =
            String::from_utf8_lossy(&std::fs::read(file).expect("read a calendar")).into_owned();
        let got = match ics::instances(&text, &settings, zone.day_start(from), zone.day_start(to)) {
            Ok(f) => {
                let fmt = |t: chrono::DateTime<chrono::FixedOffset>| {
                    t.with_timezone(&Utc)
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string()
                };
                let mut v: Vec<String> = f
                    .instances
                    .iter()
                    .map(|i| format!("{} {}", fmt(i.start), fmt(i.end)))
                    .collect();
                v.sort();
                v
            }
            Err(e) => {
                differ.push(format!("{name}: keel refused it: {}", e.message));
                continue;
            }
        };
        if got == want {
            agree += 1;
        } else {
            let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
            let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
            differ.push(format!(
                "{name}: keel {} instances, reference {}; only the reference: {} (first {:?}); only keel: {} (first {:?})",
                got.len(),
                want.len(),
                missing.len(),
                missing.first(),
                extra.len(),
                extra.first()
            ));
        }
    }
    println!(
        "keel agrees with recurring-ical-events on {agree} of {compared} calendars \
         ({unread} more the reference cannot read)"
    );
    for d in &differ {
        println!("  differs: {d}");
    }
}
