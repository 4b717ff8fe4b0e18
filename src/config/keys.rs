//! The boundary keys: one row per scalar rule of a `[[boundaries]]` set —
//! its name, kind, range, whether it may be left out, its default, and the
//! words that explain it. Loading the config, `keel boundaries set`/`show`,
//! the Boundaries screen and the tests all read this table, so a new rule is
//! a row here, a field of [`Boundaries`], and its judgement in
//! `balance/rules.rs`. Protected blocks are not scalar keys: they have their
//! own reader and editor.

use super::Boundaries;
use crate::format::hours_f;

/// What a key's value is, which decides how it is read, written and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A fraction 0..1; typed as `0.4` or `40%`.
    Share,
    /// Hours, fractions allowed (`7.5`).
    Hours,
    /// Whole minutes.
    Minutes,
    /// Whole weeks.
    Weeks,
    /// A whole number of things.
    Count,
}

impl Kind {
    /// Whether only whole numbers are valid.
    pub fn whole(self) -> bool {
        matches!(self, Kind::Minutes | Kind::Weeks | Kind::Count)
    }
}

/// One boundary key.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    /// The valid values, both ends included.
    pub range: (f64, f64),
    /// An optional rule can be `none` (not judged); a required one falls
    /// back to `default` when a set leaves it out.
    pub optional: bool,
    /// The value before any set, and for a set that leaves the key out.
    pub default: Option<f64>,
    /// What one unit of the value is, e.g. "a week" for hours a week.
    pub per: &'static str,
    /// What the rule means, in a few words.
    pub help: &'static str,
    get: fn(&Boundaries) -> Option<f64>,
    set: fn(&mut Boundaries, Option<f64>),
}

/// Every scalar boundary key, in the order they are listed.
pub const KEYS: &[Key] = &[
    Key {
        name: "technical_share",
        kind: Kind::Share,
        range: (0.0, 1.0),
        optional: false,
        default: Some(0.4),
        per: "",
        help: "target share of technical time",
        get: |b| Some(b.technical_share),
        set: |b, v| b.technical_share = v.unwrap_or_default(),
    },
    Key {
        name: "tolerance",
        kind: Kind::Share,
        range: (0.0, 0.5),
        optional: false,
        default: Some(0.1),
        per: "",
        help: "balanced while the share is within target ± tolerance",
        get: |b| Some(b.tolerance),
        set: |b, v| b.tolerance = v.unwrap_or_default(),
    },
    Key {
        name: "window_weeks",
        kind: Kind::Weeks,
        range: (1.0, 52.0),
        optional: false,
        default: Some(4.0),
        per: "",
        help: "weeks in the rolling trend",
        get: |b| Some(f64::from(b.window_weeks)),
        set: |b, v| b.window_weeks = v.map_or(0, |v| v as u32),
    },
    Key {
        name: "min_technical_hours",
        kind: Kind::Hours,
        range: (0.0, 168.0),
        optional: true,
        default: None,
        per: "a week",
        help: "technical time a week, at least",
        get: |b| b.min_technical_hours,
        set: |b, v| b.min_technical_hours = v,
    },
    Key {
        name: "max_technical_hours",
        kind: Kind::Hours,
        range: (0.0, 168.0),
        optional: true,
        default: None,
        per: "a week",
        help: "technical time a week, at most",
        get: |b| b.max_technical_hours,
        set: |b, v| b.max_technical_hours = v,
    },
    Key {
        name: "max_management_hours_per_day",
        kind: Kind::Hours,
        range: (0.0, 24.0),
        optional: true,
        default: None,
        per: "a day",
        help: "management time a day, at most",
        get: |b| b.max_management_hours_per_day,
        set: |b, v| b.max_management_hours_per_day = v,
    },
    Key {
        name: "focus_block_minutes",
        kind: Kind::Minutes,
        range: (1.0, 1440.0),
        optional: false,
        default: Some(90.0),
        per: "",
        help: "an unbroken technical stretch this long is a focus block",
        get: |b| Some(f64::from(b.focus_block_minutes)),
        set: |b, v| b.focus_block_minutes = v.map_or(0, |v| v as u32),
    },
    Key {
        name: "min_focus_blocks",
        kind: Kind::Count,
        range: (0.0, 100.0),
        optional: true,
        default: None,
        per: "a week",
        help: "focus blocks a week, at least",
        get: |b| b.min_focus_blocks.map(f64::from),
        set: |b, v| b.min_focus_blocks = v.map(|v| v as u32),
    },
    Key {
        name: "expected_hours_per_day",
        kind: Kind::Hours,
        range: (0.0, 24.0),
        optional: true,
        default: None,
        per: "a day",
        help: "time a workday is expected to hold (`none`: the workday's length)",
        get: |b| b.expected_hours_per_day,
        set: |b, v| b.expected_hours_per_day = v,
    },
    Key {
        name: "min_logged_fraction",
        kind: Kind::Share,
        range: (0.0, 1.0),
        optional: false,
        default: Some(0.5),
        per: "",
        help: "a week is judged once this share of its expected time is logged (0: always)",
        get: |b| Some(b.min_logged_fraction),
        set: |b, v| b.min_logged_fraction = v.unwrap_or(0.5),
    },
];

/// The key called `name`.
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// The key whose name is closest to a misspelt `name`, if any is close.
pub fn close_to(name: &str) -> Option<&'static Key> {
    KEYS.iter()
        .map(|k| (super::edit_distance(name, k.name), k))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// What differs from set `before` to set `after`, key by key in the
/// table's order ("technical_share 0.45", "min_focus_blocks —"), then the
/// protected blocks.
pub fn changes(before: &Boundaries, after: &Boundaries) -> Vec<String> {
    let mut out: Vec<String> = KEYS
        .iter()
        .filter(|k| k.get(before) != k.get(after))
        .map(|k| format!("{} {}", k.name, k.shown(after)))
        .collect();
    if before.protected != after.protected {
        let n = after.protected.len();
        out.push(format!(
            "{n} protected block{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    out
}

/// Every key's name, for messages.
pub fn names() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

impl Key {
    /// The key's value in a set; `None` when an optional rule is off.
    pub fn get(&self, b: &Boundaries) -> Option<f64> {
        (self.get)(b)
    }

    /// Set the key's value (`None` turns an optional rule off; a required
    /// key takes its default).
    pub fn set(&self, b: &mut Boundaries, v: Option<f64>) {
        (self.set)(b, v.or(if self.optional { None } else { self.default }));
    }

    /// What the key accepts, as a hint: "a share 0 to 1, like 0.4 or 40%",
    /// "hours a week, 0 to 168, or `none`".
    pub fn accepts(&self) -> String {
        let (lo, hi) = (num(self.range.0), num(self.range.1));
        let per = if self.per.is_empty() {
            String::new()
        } else {
            format!(" {}", self.per)
        };
        let what = match self.kind {
            Kind::Share => format!(
                "a share {lo} to {hi}, like {} or {}%",
                num(self.range.1 * 0.4),
                num(self.range.1 * 40.0)
            ),
            Kind::Hours => format!("hours{per}, {lo} to {hi}"),
            Kind::Minutes => format!("whole minutes, {lo} to {hi}"),
            Kind::Weeks => format!("whole weeks, {lo} to {hi}"),
            Kind::Count => format!("a number{per}, {lo} to {hi}"),
        };
        if self.optional {
            format!("{what}, or `none`")
        } else {
            what
        }
    }

    /// The value as it is written in the config (`none` when off).
    pub fn typed(&self, b: &Boundaries) -> String {
        self.get(b).map_or_else(|| "none".into(), num)
    }

    /// The value as `keel boundaries show` lists it: a share as it is set
    /// (`0.4`), time as `7h30m` or `90m`, counts as they are; `—` when off.
    pub fn shown(&self, b: &Boundaries) -> String {
        let Some(v) = self.get(b) else {
            return "—".into();
        };
        match self.kind {
            Kind::Share | Kind::Weeks | Kind::Count => num(v),
            Kind::Hours => hours_f(v),
            Kind::Minutes => format!("{}m", num(v)),
        }
    }

    /// Check a value against the key's kind and range; the error says what
    /// the key accepts.
    pub fn check(&self, v: f64) -> Result<f64, String> {
        if self.kind.whole() && v.fract() != 0.0 {
            return Err(format!("`{}` takes {}", self.name, self.accepts()));
        }
        if v.is_nan() || v < self.range.0 || v > self.range.1 {
            let hint = match self.kind {
                Kind::Share if v > 1.0 && v <= 100.0 => format!(
                    " (a share is a fraction: {}% is written {} or {}%)",
                    num(v),
                    num(v / 100.0),
                    num(v)
                ),
                _ => String::new(),
            };
            return Err(format!(
                "`{}` = {} is out of range: it takes {}{hint}",
                self.name,
                num(v),
                self.accepts()
            ));
        }
        Ok(v)
    }
}

/// A number without trailing zeros: `0.4`, `8`, `7.5`.
pub fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DEFAULT_TOML};

    #[test]
    fn every_key_reads_back_what_it_sets() {
        let mut b = Boundaries::fallback(chrono::NaiveDate::MIN);
        for k in KEYS {
            let v = if k.kind.whole() { 3.0 } else { 0.25 };
            k.set(&mut b, Some(v));
            assert_eq!(k.get(&b), Some(v), "{}", k.name);
            k.set(&mut b, None);
            assert_eq!(k.get(&b), k.default, "{}", k.name);
            assert_eq!(k.optional, k.default.is_none(), "{}", k.name);
        }
    }

    #[test]
    fn the_fallback_set_holds_every_default() {
        let b = Boundaries::fallback(chrono::NaiveDate::MIN);
        for k in KEYS {
            assert_eq!(k.get(&b), k.default, "{}", k.name);
        }
    }

    #[test]
    fn the_default_config_and_the_readme_name_every_key() {
        let readme = include_str!("../../README.md");
        let default = Config::builtin();
        for k in KEYS {
            // Set, or (an optional key whose absence means something)
            // shown commented out with an example.
            let set = |l: &str| l.trim_start().starts_with(&format!("{} = ", k.name));
            let shown = |l: &str| {
                k.optional
                    && l.trim_start()
                        .strip_prefix('#')
                        .is_some_and(|r| r.trim_start().starts_with(&format!("{} = ", k.name)))
            };
            assert!(
                DEFAULT_TOML.lines().any(|l| set(l) || shown(l)),
                "config/default.toml does not set and explain `{}`",
                k.name
            );
            assert!(
                readme.contains(&format!("`{}`", k.name)),
                "README.md does not name `{}`",
                k.name
            );
            // The default file's value is valid by the table's own check.
            if let Some(v) = k.get(&default.boundaries[0]) {
                assert_eq!(k.check(v), Ok(v), "{}", k.name);
            }
        }
    }

    #[test]
    fn changes_between_sets_name_every_key_that_differs() {
        let a = Boundaries::fallback(chrono::NaiveDate::MIN);
        let mut b = a.clone();
        assert!(changes(&a, &b).is_empty());
        for k in KEYS {
            let v = if k.kind.whole() { 7.0 } else { 0.25 };
            k.set(&mut b, Some(v));
        }
        let c = changes(&a, &b);
        assert_eq!(c.len(), KEYS.len(), "{c:?}");
        assert!(c[0].starts_with("technical_share "));
    }

    #[test]
    fn values_out_of_range_say_what_the_key_takes() {
        let share = find("technical_share").unwrap();
        let e = share.check(45.0).unwrap_err();
        assert!(e.contains("0.45") && e.contains("45%"), "{e}");
        assert_eq!(close_to("technical_shar").unwrap().name, "technical_share");
        assert_eq!(close_to("max_mgmt_hours").map(|k| k.name), None);
        let weeks = find("window_weeks").unwrap();
        assert!(weeks.check(2.5).unwrap_err().contains("whole weeks"));
        assert_eq!(weeks.check(52.0), Ok(52.0));
        assert!(weeks.check(53.0).is_err());
    }
}
