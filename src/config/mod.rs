//! The user's configuration: activities, workday, boundary history and import
//! rules. This module holds the plain data and the questions asked of it;
//! `files` says where the config and the data live and reads the file,
//! `load` validates its text, `edit` changes one keeping its comments.

pub(crate) mod edit;
mod files;
pub(crate) mod keys;
pub(crate) mod load;
pub(crate) mod reserved;

pub use files::{Paths, read, read_text};

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::model::{Activity, Side, WeekStart, Zone};

/// The documented default, embedded in the binary.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub week_start: WeekStart,
    pub zone: Zone,
    pub workday: Workday,
    pub activities: Vec<Activity>,
    /// The boundary history, sorted by `since`; never empty.
    pub boundaries: Vec<Boundaries>,
    pub calendar: CalendarRules,
    /// `[[calendar]]`: the calendars `keel sync` and `keel plan` read.
    pub calendars: Vec<CalendarSource>,
}

/// One `[[calendar]]` table: an .ics file or a directory of them.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarSource {
    /// Where it is: `~` expanded, relative to the config's directory.
    pub path: std::path::PathBuf,
    /// What the user called it (`name`), else the path as written.
    pub name: String,
    /// Its all-day events are days off (holidays, a vacation calendar).
    pub off: bool,
    /// Given on the command line (`keel plan --calendar FILE`), not in the
    /// config: messages then point at that argument.
    pub given: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workday {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// One dated set of rules (SPEC §4). Each scalar rule is a row of
/// [`keys::KEYS`]; `Default` only zeroes fields for [`Boundaries::fallback`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Boundaries {
    pub since: NaiveDate,
    pub technical_share: f64,
    pub tolerance: f64,
    pub window_weeks: u32,
    pub min_technical_hours: Option<f64>,
    pub max_technical_hours: Option<f64>,
    pub max_management_hours_per_day: Option<f64>,
    pub focus_block_minutes: u32,
    pub min_focus_blocks: Option<u32>,
    /// The time a workday is expected to hold; `None`: the workday's length.
    pub expected_hours_per_day: Option<f64>,
    /// A week is judged once it holds this share of its expected time.
    pub min_logged_fraction: f64,
    pub protected: Vec<Protected>,
}

/// A recurring block of time kept for one side.
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    pub days: Vec<Weekday>,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub side: Side,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CalendarRules {
    pub me: Vec<String>,
    pub default_activity: Option<String>,
    pub skip: Vec<String>,
    /// Title regexes of all-day events that are my days off (vacation,
    /// holiday, OOO, …), taken on every calendar import.
    pub off: Vec<String>,
    pub rules: Vec<(String, String)>,
    /// Import STATUS:TENTATIVE events (skipped by default).
    pub tentative: bool,
    /// Import TRANSP:TRANSPARENT (free) holds (skipped by default).
    pub free: bool,
    /// The activity of an event whose only attendees are me and one other
    /// person who accepted, before the title rules.
    pub one_on_one: Option<String>,
}

/// `[import.calendar] off` when the key is not given.
pub const DEFAULT_OFF_PATTERNS: [&str; 6] = [
    "(?i)vacation",
    "(?i)holiday",
    "(?i)out of (the )?office",
    "(?i)\\bOOO\\b",
    "(?i)\\bPTO\\b",
    "(?i)sick (leave|day)",
];

/// The rules before the first dated set: [`Boundaries::fallback`].
static BEFORE_ANY_SET: std::sync::LazyLock<Boundaries> =
    std::sync::LazyLock::new(|| Boundaries::fallback(NaiveDate::MIN));

impl Boundaries {
    /// The defaults a set starts from when a key is not given: each key's
    /// default from [`keys::KEYS`], no protected blocks.
    pub fn fallback(since: NaiveDate) -> Boundaries {
        let mut b = Boundaries {
            since,
            ..Boundaries::default()
        };
        for k in keys::KEYS {
            k.set(&mut b, k.default);
        }
        b
    }

    pub fn low(&self) -> f64 {
        self.technical_share - self.tolerance
    }

    pub fn high(&self) -> f64 {
        self.technical_share + self.tolerance
    }
}

impl Config {
    /// The built-in default configuration.
    pub fn builtin() -> Config {
        load::parse(DEFAULT_TOML, std::path::Path::new("<built-in default>"))
            .expect("the embedded default config is valid")
    }

    pub fn activity(&self, name: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.name == name)
    }

    /// The side an activity counts to; an activity no longer configured
    /// counts as `other` (its entries still load).
    pub fn side_of(&self, name: &str) -> Side {
        self.activity(name).map_or(Side::Other, |a| a.side)
    }

    /// The boundary set in force on `date`: the latest `since` on or before
    /// it. Before every set, none of the user's was in force yet: the
    /// built-in fallback applies (so a first set added by `keel boundaries
    /// set` does not rewrite how earlier weeks were judged).
    pub fn boundaries_on(&self, date: NaiveDate) -> &Boundaries {
        self.boundaries
            .iter()
            .rev()
            .find(|b| b.since <= date)
            .unwrap_or(&BEFORE_ANY_SET)
    }

    pub fn activity_by_key(&self, key: char) -> Option<&Activity> {
        self.activities.iter().find(|a| a.key == Some(key))
    }

    /// Known activities that look like `name`, best first.
    pub fn close_matches(&self, name: &str) -> Vec<&str> {
        let n = name.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .activities
            .iter()
            .filter_map(|a| {
                let l = a.name.to_lowercase();
                let d = edit_distance(&n, &l);
                let close = d <= 2.max(n.chars().count() / 3)
                    || (n.len() >= 2 && (l.starts_with(&n) || l.contains(&n)));
                close.then_some((d, a.name.as_str()))
            })
            .collect();
        scored.sort();
        scored.into_iter().map(|(_, s)| s).take(3).collect()
    }

    /// An activity as a person types it on the command line: its name, its
    /// key (`m`), or a prefix of one name only (`one`), case-insensitive;
    /// otherwise an error that lists the candidates or the close matches.
    pub fn require_activity(&self, name: &str) -> crate::Result<&Activity> {
        if let Some(a) = self.activity(name) {
            return Ok(a);
        }
        let mut chars = name.chars();
        if let (Some(k), None) = (chars.next(), chars.next())
            && let Some(a) = self.activity_by_key(k)
        {
            return Ok(a);
        }
        let l = name.trim().to_lowercase();
        if let Some(a) = self.activities.iter().find(|a| a.name.to_lowercase() == l) {
            return Ok(a);
        }
        let starting: Vec<&Activity> = self
            .activities
            .iter()
            .filter(|a| !l.is_empty() && a.name.to_lowercase().starts_with(&l))
            .collect();
        match starting.as_slice() {
            [a] => return Ok(a),
            [] => {}
            many => {
                let names: Vec<String> = many.iter().map(|a| format!("`{}`", a.name)).collect();
                return Err(crate::Error::invalid(format!(
                    "`{name}` could be {}: type more of the name, or the activity's key",
                    names.join(" or ")
                )));
            }
        }
        let close = self.close_matches(name);
        let hint = if close.is_empty() {
            let all: Vec<&str> = self.activities.iter().map(|a| a.name.as_str()).collect();
            format!("known activities: {}", all.join(", "))
        } else {
            format!(
                "did you mean {}?",
                close
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        Err(crate::Error::invalid(format!(
            "unknown activity `{name}`: {hint} (activities are defined in the config, see `keel config path`)"
        )))
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl CalendarRules {
    /// Every pattern that does not compile, fully (loading only checks the
    /// syntax, which every command pays for): for `keel check`.
    pub fn pattern_problems(&self) -> Vec<String> {
        let keyed = self
            .skip
            .iter()
            .map(|p| ("skip", p))
            .chain(self.off.iter().map(|p| ("off", p)))
            .chain(self.rules.iter().map(|(p, _)| ("rule", p)));
        keyed
            .filter_map(|(key, p)| {
                regex_syntax::ParserBuilder::new()
                    .build()
                    .parse(p)
                    .err()
                    .map(|e| {
                        let why = e.to_string();
                        let why = why.lines().last().unwrap_or_default().to_string();
                        format!("`import.calendar.{key}` has an invalid regex \"{p}\": {why}")
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_has_the_spec_activities() {
        let c = Config::builtin();
        for (n, s) in [
            ("coding", Side::Technical),
            ("one-on-one", Side::Management),
            ("break", Side::Other),
        ] {
            assert_eq!(c.side_of(n), s);
        }
        assert_eq!(c.side_of("gardening"), Side::Other);
        assert_eq!(c.activities.len(), 13);
    }

    #[test]
    fn close_matches_catch_typos_and_prefixes() {
        let c = Config::builtin();
        assert_eq!(c.close_matches("codng"), vec!["coding"]);
        assert!(c.close_matches("one").contains(&"one-on-one"));
        assert!(c.close_matches("zzzzzzzz").is_empty());
        let e = c.require_activity("reveiw").unwrap_err();
        assert!(e.message.contains("`review`"), "{}", e.message);
    }

    #[test]
    fn an_activity_by_its_key_or_a_unique_prefix() {
        let c = Config::builtin();
        let name = |s: &str| c.require_activity(s).map(|a| a.name.clone());
        assert_eq!(name("m").unwrap(), "mentoring");
        assert_eq!(name("c").unwrap(), "coding", "the key wins over the prefix");
        assert_eq!(name("one").unwrap(), "one-on-one");
        assert_eq!(name("Cod").unwrap(), "coding");
        assert_eq!(name("HIRING").unwrap(), "hiring");
        let e = name("de").unwrap_err();
        assert!(
            e.message.contains("`design`") && e.message.contains("`debugging`"),
            "{}",
            e.message
        );
        assert_eq!(e.exit_code(), 2);
        assert!(name("").is_err());
        assert!(name("zz").unwrap_err().message.contains("unknown activity"));
    }

    #[test]
    fn the_set_in_force_is_the_latest_on_or_before() {
        let mut c = Config::builtin();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut b2 = c.boundaries[0].clone();
        b2.since = d("2026-06-01");
        b2.technical_share = 0.5;
        c.boundaries.push(b2);
        assert_eq!(c.boundaries_on(d("2026-05-31")).technical_share, 0.4);
        assert_eq!(c.boundaries_on(d("2026-06-01")).technical_share, 0.5);
        assert_eq!(c.boundaries_on(d("2020-01-01")).technical_share, 0.4);
        // Before the first set, the built-in rules: not the first set's hour rules.
        assert_eq!(c.boundaries_on(d("2020-01-01")).since, NaiveDate::MIN);
        assert_eq!(c.boundaries_on(d("2020-01-01")).min_technical_hours, None);
    }
}

