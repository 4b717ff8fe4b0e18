//! A generated, realistic history for `keel --demo` and for benchmarks:
//! weekdays of 8–14 entries mixing coding, reviews and meetings, some weeks
//! drifting either way, a few broken rules, a running timer and some weekly
//! reflections. Deterministic for a seed; no `rand` needed (xorshift).

use crate::model::off::{self, DaysOff, Off};
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use crate::config::{self, edit::Change};
use crate::model::{Entry, Month, Running, Zone};
use crate::store::{Reviews, month, reviews, running};
use crate::{Error, Result};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// How far back the history reaches, in months.
    pub months: u32,
    pub seed: u64,
    /// The IANA zone written into the config; `None` leaves the system's.
    pub timezone: Option<String>,
    /// Leave a timer running at `now` (on a workday, during work hours).
    pub running: bool,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            months: 6,
            seed: 0x5eed,
            timezone: None,
            running: true,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub entries: usize,
    pub months: usize,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const TECH: &[&str] = &[
    "coding",
    "coding",
    "coding",
    "review",
    "review",
    "design",
    "debugging",
    "oncall",
    "learning",
];
const MGMT: &[&str] = &[
    "one-on-one",
    "one-on-one",
    "planning",
    "hiring",
    "cross-team",
    "admin",
    "mentoring",
];
const NOTES: &[&str] = &[
    "payments retry logic",
    "flaky integration test",
    "quarterly planning",
    "onboarding doc",
    "incident follow-up",
    "API design review",
    "candidate interview",
];
const REFLECTIONS: &[&str] = &[
    "Too many meetings midweek; blocked Tuesday morning for code.",
    "Good focus week. Shipped the retry logic.",
    "Hiring loop ate the week. Delegate the next round.",
    "Back on track after the offsite.",
];

/// Public holidays of the demo (month, day, name).
const HOLIDAYS: &[(u32, u32, &str)] = &[
    (1, 1, "New Year"),
    (5, 1, "Labour Day"),
    (10, 3, "German Unity Day"),
    (12, 25, "Christmas"),
    (12, 26, "Christmas"),
];

/// The config text of the demo: the default with the zone set and a second,
/// later boundary set so the Boundaries screen has a history.
pub fn config_text(spec: &Spec, now: DateTime<Utc>) -> Result<String> {
    let mut text = config::DEFAULT_TOML.to_string();
    if let Some(tz) = &spec.timezone {
        text = text.replace(
            "# timezone = \"Europe/Berlin\"",
            &format!("timezone = \"{tz}\""),
        );
    }
    let path = Path::new("<demo config>");
    let cfg = config::load::parse(&text, path).map_err(Error::from)?;
    let since = cfg.week_start.week_of(cfg.zone.date_of(now)) - Duration::weeks(6);
    let change = Change {
        key: "technical_share".into(),
        value: Some(0.45),
    };
    config::edit::set_boundaries(&text, path, since, cfg.boundaries_on(since), &[change])
}

/// Write a history ending at `now` into `data_dir` and its config to
/// `config_path`.
pub fn history(
    data_dir: &Path,
    config_path: &Path,
    now: DateTime<Utc>,
    spec: &Spec,
) -> Result<Written> {
    let text = config_text(spec, now)?;
    let cfg = config::load::parse(&text, config_path).map_err(Error::from)?;
    let zone = cfg.zone;
    let mut rng = Rng(spec.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let today = zone.date_of(now);
    let first = today - Duration::days(i64::from(spec.months) * 30);
    let this_week = cfg.week_start.week_of(today);

    // Days off as a person has them: public holidays, and two weeks of
    // summer vacation ten weeks ago (the Trends screen shows them).
    let mut off_records: Vec<Off> = Vec::new();
    for year in first.year()..=today.year() {
        for (m, d, note) in HOLIDAYS {
            if let Some(day) = NaiveDate::from_ymd_opt(year, *m, *d)
                && day >= first
                && day < this_week
                && cfg.workday.days.contains(&day.weekday())
            {
                off::add(
                    &mut off_records,
                    Off {
                        from: day,
                        to: day,
                        note: Some((*note).to_string()),
                        source: None,
                    },
                );
            }
        }
    }
    let vacation = this_week - Duration::weeks(11);
    if vacation >= first {
        off::add(
            &mut off_records,
            Off {
                from: vacation,
                to: vacation + Duration::days(11),
                note: Some("summer vacation".into()),
                source: None,
            },
        );
    }
    let off_days = DaysOff::new(&off_records);

    let mut by_month: BTreeMap<Month, Vec<Entry>> = BTreeMap::new();
    let mut reviews = Reviews::new();
    let mut last_end: Option<DateTime<chrono::FixedOffset>> = None;
    let mut week_share = 0.4;
    let mut count = 0;
    for day in first.iter_days().take_while(|d| *d <= today) {
        let week = cfg.week_start.week_of(day);
        if day == week || day == first {
            week_share = share_for(&mut rng, (this_week - week).num_weeks());
            if rng.below(5) == 0 && week < this_week {
                reviews.insert(week, rng.pick(REFLECTIONS).to_string());
            }
        }
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        // Today stops a while before now: the running timer takes over.
        let cutoff = now - Duration::minutes(50);
        // A day off is drawn like any other (so the rest of the history does
        // not change with it) and then left out.
        let entries = day_entries(&mut rng, day, &zone, week_share);
        if off_days.contains(day) {
            continue;
        }
        for e in entries {
            if e.end_utc() > cutoff {
                break;
            }
            last_end = Some(e.end);
            count += 1;
            by_month.entry(e.month()).or_default().push(e);
        }
    }
    let entries_dir = data_dir.join("entries");
    std::fs::create_dir_all(&entries_dir).map_err(|e| Error::io(&entries_dir, "create", &e))?;
    if let Some(parent) = config_path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
    }
    write(config_path, &text)?;
    for (m, es) in &by_month {
        write(
            &entries_dir.join(format!("{m}.toml")),
            &month::serialize(es),
        )?;
    }
    write(
        &data_dir.join("reviews.toml"),
        &reviews::serialize(&reviews),
    )?;
    if !off_records.is_empty() {
        write(
            &data_dir.join("time_off.toml"),
            &crate::store::time_off::serialize(&off_records),
        )?;
    }
    let workday = |d: NaiveDate| cfg.workday.days.contains(&d.weekday());
    if spec.running
        && workday(today)
        && let Some(start) = last_end.filter(|e| zone.date_of(e.to_utc()) == today)
    {
        let r = Running {
            start,
            activity: "coding".into(),
            note: Some("demo: the timer keeps ticking".into()),
            tags: Vec::new(),
        };
        write(&data_dir.join("running.toml"), &running::serialize(&r))?;
    }
    Ok(Written {
        entries: count,
        months: by_month.len(),
    })
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path, "write", &e))
}

/// The technical share a week aims at: the last two weeks drift toward
/// management (so the demo shows a streak), the rest mostly balanced.
fn share_for(rng: &mut Rng, weeks_ago: i64) -> f64 {
    if weeks_ago <= 1 {
        return 0.18;
    }
    match rng.below(20) {
        0..=2 => 0.12 + rng.unit() * 0.12,
        3..=5 => 0.58 + rng.unit() * 0.15,
        _ => 0.34 + rng.unit() * 0.14,
    }
}

fn day_entries(rng: &mut Rng, day: NaiveDate, zone: &Zone, share: f64) -> Vec<Entry> {
    let n = 8 + rng.below(7) as usize;
    let lunch = n / 2;
    let mut t = day.and_time(NaiveTime::from_hms_opt(8, 45, 0).expect("valid time"))
        + Duration::minutes(5 * rng.below(7) as i64);
    // About 8h of work split into `n` blocks of 5-minute multiples.
    let weights: Vec<u64> = (0..n).map(|_| 1 + rng.below(4)).collect();
    let sum: u64 = weights.iter().sum();
    let mut out = Vec::with_capacity(n);
    for (i, w) in weights.iter().enumerate() {
        let (activity, mins) = if i == lunch {
            ("break", 30 + 5 * rng.below(4) as i64)
        } else {
            let mins = ((480 * w / sum) as i64 / 5 * 5).max(10);
            let act = if rng.unit() < share {
                rng.pick(TECH)
            } else {
                rng.pick(MGMT)
            };
            (act, mins)
        };
        let (Ok(s), Ok(e)) = (zone.resolve(t), zone.resolve(t + Duration::minutes(mins))) else {
            break;
        };
        let mut entry = Entry::new(s, e, activity);
        if rng.below(4) == 0 && activity != "break" {
            entry.note = Some(rng.pick(NOTES).to_string());
        }
        if activity == "oncall" {
            entry.tags = vec!["pager".into()];
        }
        out.push(entry);
        t += Duration::minutes(mins);
        // Now and then an unlogged gap.
        if rng.below(7) == 0 {
            t += Duration::minutes(10 + 5 * rng.below(6) as i64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_deterministic_and_valid() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T14:20:00Z")
            .unwrap()
            .to_utc();
        let spec = Spec {
            months: 2,
            timezone: Some("Europe/Berlin".into()),
            ..Spec::default()
        };
        let mut texts = Vec::new();
        for _ in 0..2 {
            let dir = tempfile::tempdir().unwrap();
            let cfg = dir.path().join("config.toml");
            let w = history(dir.path(), &cfg, now, &spec).unwrap();
            assert!(w.entries > 300, "{w:?}");
            let store = crate::store::Store::new(dir.path());
            assert!(store.check(now).unwrap().problems.is_empty());
            assert!(store.running().unwrap().is_some());
            texts.push(std::fs::read_to_string(dir.path().join("entries/2026-11.toml")).unwrap());
        }
        assert_eq!(texts[0], texts[1]);
    }
}
