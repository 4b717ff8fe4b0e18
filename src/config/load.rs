//! Reading and validating a config file. Every problem names the file, the
//! line and column, the key and what would be valid.

use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;
use toml::{Spanned, Value};

use super::{Boundaries, CalendarRules, Config, Protected, Workday, keys};
use crate::error::Problem;
use crate::model::time::parse_weekday;
use crate::model::{Activity, Side, WeekStart, Zone};

type V = Option<Spanned<Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    week_start: V,
    timezone: V,
    workday: Option<RawWorkday>,
    activity: Option<Vec<RawActivity>>,
    boundaries: Option<Vec<RawBoundaries>>,
    import: Option<RawImport>,
    calendar: Option<Vec<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    path: V,
    name: V,
    off: V,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkday {
    days: V,
    start: V,
    end: V,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    name: V,
    side: V,
    key: V,
}

/// A `[[boundaries]]` table: `since`, the protected blocks, and the scalar
/// keys as written (checked against [`keys::KEYS`] when read).
struct RawBoundaries {
    since: V,
    values: Vec<(String, Spanned<Value>)>,
    protected: Option<Vec<RawProtected>>,
}

impl<'de> Deserialize<'de> for RawBoundaries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RawBoundaries;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a [[boundaries]] table")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawBoundaries, A::Error> {
                let mut out = RawBoundaries {
                    since: None,
                    values: Vec::new(),
                    protected: None,
                };
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "since" => out.since = Some(m.next_value()?),
                        "protected" => out.protected = Some(m.next_value()?),
                        _ => {
                            let v = m.next_value()?;
                            out.values.push((k, v));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(Visit)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtected {
    days: V,
    from: V,
    to: V,
    side: V,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    calendar: Option<RawCalendar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    me: V,
    default_activity: V,
    skip: V,
    off: V,
    tentative: V,
    free: V,
    one_on_one: V,
    rule: Option<Vec<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    pattern: V,
    activity: V,
}

/// Collects problems while reading values.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn fail(&mut self, span: Range<usize>, msg: String) {
        self.problems
            .push(Problem::at(self.path, self.text, span.start, msg));
    }

    fn number(&mut self, key: &str, v: &V, range: (f64, f64)) -> Option<f64> {
        let sv = v.as_ref()?;
        let n = match sv.get_ref() {
            Value::Float(f) => *f,
            Value::Integer(i) => *i as f64,
            other => {
                self.fail(
                    sv.span(),
                    format!("`{key}` must be a number, not {}", other.type_str()),
                );
                return None;
            }
        };
        if !(range.0..=range.1).contains(&n) || n.is_nan() {
            self.fail(
                sv.span(),
                format!(
                    "`{key}` = {n} is out of range: it must be between {} and {}",
                    range.0, range.1
                ),
            );
            return None;
        }
        Some(n)
    }

    fn whole(&mut self, key: &str, v: &V, range: (i64, i64)) -> Option<u32> {
        let sv = v.as_ref()?;
        match sv.get_ref() {
            Value::Integer(i) if (range.0..=range.1).contains(i) => Some(*i as u32),
            Value::Integer(i) => {
                self.fail(
                    sv.span(),
                    format!(
                        "`{key}` = {i} is out of range: it must be between {} and {}",
                        range.0, range.1
                    ),
                );
                None
            }
            other => {
                self.fail(
                    sv.span(),
                    format!("`{key}` must be a whole number, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn string(&mut self, key: &str, v: &V) -> Option<(String, Range<usize>)> {
        let sv = v.as_ref()?;
        match sv.get_ref() {
            Value::String(s) => Some((s.clone(), sv.span())),
            other => {
                self.fail(
                    sv.span(),
                    format!("`{key}` must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn flag(&mut self, key: &str, v: &V) -> Option<bool> {
        let sv = v.as_ref()?;
        match sv.get_ref() {
            Value::Boolean(b) => Some(*b),
            other => {
                self.fail(
                    sv.span(),
                    format!("`{key}` must be true or false, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn strings(&mut self, key: &str, v: &V) -> Option<Vec<(String, Range<usize>)>> {
        let sv = v.as_ref()?;
        let Value::Array(items) = sv.get_ref() else {
            self.fail(
                sv.span(),
                format!("`{key}` must be a list of strings, like [\"a\", \"b\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        for it in items {
            match it {
                Value::String(s) => out.push((s.clone(), sv.span())),
                other => {
                    self.fail(
                        sv.span(),
                        format!("`{key}` must hold only strings, not {}", other.type_str()),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn clock(&mut self, key: &str, v: &V) -> Option<NaiveTime> {
        let (s, span) = self.string(key, v)?;
        let t = crate::model::parse::clock(&s);
        if t.is_none() {
            self.fail(
                span,
                format!("`{key}` = \"{s}\" is not a time: write \"HH:MM\", like \"09:00\""),
            );
        }
        t
    }

    fn weekdays(&mut self, key: &str, v: &V) -> Option<Vec<Weekday>> {
        let items = self.strings(key, v)?;
        let mut out = Vec::new();
        for (s, span) in items {
            match parse_weekday(&s) {
                Some(w) if !out.contains(&w) => out.push(w),
                Some(_) => {}
                None => {
                    self.fail(span, format!("`{key}` has \"{s}\", which is not a day: use mon, tue, wed, thu, fri, sat, sun"));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn side(&mut self, key: &str, v: &V) -> Option<Side> {
        let (s, span) = self.string(key, v)?;
        let side = Side::parse(&s);
        if side.is_none() {
            self.fail(
                span,
                format!("`{key}` = \"{s}\" is not a side: use technical, management or other"),
            );
        }
        side
    }

    fn date(&mut self, key: &str, v: &V) -> Option<NaiveDate> {
        let sv = v.as_ref()?;
        let s = match sv.get_ref() {
            Value::Datetime(d) if d.time.is_none() => d.to_string(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
        if d.is_none() {
            self.fail(
                sv.span(),
                format!("`{key}` must be a date, like 2026-01-05"),
            );
        }
        d
    }

    fn require<T>(&mut self, key: &str, v: Option<T>, at: Range<usize>) -> Option<T> {
        if v.is_none()
            && !self
                .problems
                .iter()
                .any(|p| p.message.contains(&format!("`{key}`")))
        {
            self.fail(at, format!("`{key}` is required"));
        }
        v
    }
}

/// Parse and validate a config text. `path` is only for messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Problem>> {
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let mut p = Problem::from_toml(path, text, &e);
            p.message.push_str(" (the config must be valid TOML)");
            return Err(vec![p]);
        }
    };
    let mut r = Reader {
        path,
        text,
        problems: Vec::new(),
    };
    let whole_file = 0..0;

    let week_start = match r.string("week_start", &raw.week_start) {
        None => WeekStart::Monday,
        Some((s, span)) => match s.to_ascii_lowercase().as_str() {
            "monday" | "mon" => WeekStart::Monday,
            "sunday" | "sun" => WeekStart::Sunday,
            _ => {
                r.fail(
                    span,
                    format!("`week_start` = \"{s}\" must be \"monday\" or \"sunday\""),
                );
                WeekStart::Monday
            }
        },
    };

    let zone = match r.string("timezone", &raw.timezone) {
        None => Zone::system(),
        Some((s, span)) => Zone::parse(&s).unwrap_or_else(|| {
            r.fail(
                span,
                format!(
                    "`timezone` = \"{s}\" is not an IANA time zone name, like \"Europe/Berlin\""
                ),
            );
            Zone::Local
        }),
    };

    // The built-in default is consulted only for parts left out (the default
    // file spells every part out, so reading it never recurses here).
    let fallback_workday = || Workday {
        days: (0..5)
            .map(|d| Weekday::try_from(d).expect("weekday"))
            .collect(),
        start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        end: NaiveTime::from_hms_opt(18, 0, 0).expect("time"),
    };
    let workday = match &raw.workday {
        None => fallback_workday(),
        Some(w) => {
            let fb = fallback_workday();
            let days = r
                .weekdays("workday.days", &w.days)
                .unwrap_or_else(|| fb.days.clone());
            let start = r.clock("workday.start", &w.start).unwrap_or(fb.start);
            let end = r.clock("workday.end", &w.end).unwrap_or(fb.end);
            if end <= start {
                let at = w.end.as_ref().map_or(0..0, Spanned::span);
                r.fail(at, "`workday.end` must be after `workday.start`".into());
            }
            Workday { days, start, end }
        }
    };

    let activities = match &raw.activity {
        None => default_parts().0,
        Some(list) => read_activities(&mut r, list),
    };

    let mut boundaries = Vec::new();
    for (i, b) in raw.boundaries.iter().flatten().enumerate() {
        if let Some(set) = read_boundaries(&mut r, i, b, &whole_file) {
            boundaries.push(set);
        }
    }
    boundaries.sort_by_key(|b| b.since);
    for w in boundaries.windows(2) {
        if w[0].since == w[1].since {
            r.fail(
                0..0,
                format!(
                    "two [[boundaries]] sets have `since` = {}: keep one",
                    w[0].since
                ),
            );
        }
    }
    if boundaries.is_empty() && raw.boundaries.as_ref().is_none_or(Vec::is_empty) {
        boundaries.push(Boundaries::fallback(NaiveDate::MIN));
    }

    let calendar = match raw.import.as_ref().and_then(|i| i.calendar.as_ref()) {
        None => default_parts().1,
        Some(c) => read_calendar(&mut r, c, &activities),
    };

    let calendars = read_sources(&mut r, raw.calendar.as_deref().unwrap_or_default(), path);

    if r.problems.is_empty() {
        Ok(Config {
            week_start,
            zone,
            workday,
            activities,
            boundaries,
            calendar,
            calendars,
        })
    } else {
        Err(r.problems)
    }
}

/// The parts a user's config may leave out, taken from the built-in default.
fn default_parts() -> (Vec<Activity>, CalendarRules) {
    use std::sync::OnceLock;
    static PARTS: OnceLock<(Vec<Activity>, CalendarRules)> = OnceLock::new();
    PARTS
        .get_or_init(|| {
            // The default file spells every part out, so this never recurses.
            let c = parse(super::DEFAULT_TOML, Path::new("<built-in default>"))
                .expect("the embedded default config is valid");
            (c.activities, c.calendar)
        })
        .clone()
}

fn read_activities(r: &mut Reader, list: &[RawActivity]) -> Vec<Activity> {
    let mut out: Vec<Activity> = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let at = a
            .name
            .as_ref()
            .or(a.side.as_ref())
            .map_or(0..0, Spanned::span);
        let name = r.string(&format!("activity[{i}].name"), &a.name);
        let name = r.require(&format!("activity[{i}].name"), name, at.clone());
        let side = r.side(&format!("activity[{i}].side"), &a.side);
        let side = r.require(&format!("activity[{i}].side"), side, at.clone());
        let key = match r.string(&format!("activity[{i}].key"), &a.key) {
            None => None,
            Some((k, span)) => {
                let mut cs = k.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) if !c.is_whitespace() => Some(c),
                    _ => {
                        r.fail(
                            span,
                            format!("`activity[{i}].key` = \"{k}\" must be a single character"),
                        );
                        None
                    }
                }
            }
        };
        let (Some((name, nspan)), Some(side)) = (name, side) else {
            continue;
        };
        if name.trim().is_empty() || name.chars().any(char::is_whitespace) {
            r.fail(
                nspan,
                format!(
                    "activity name \"{name}\" must be a non-empty word without spaces (use a dash)"
                ),
            );
            continue;
        }
        if out.iter().any(|o| o.name == name) {
            r.fail(nspan, format!("activity `{name}` is defined twice"));
            continue;
        }
        if let Some(k) = key
            && let Some(o) = out.iter().find(|o| o.key == Some(k))
        {
            r.fail(
                at,
                format!("key \"{k}\" of `{name}` is already the key of `{}`", o.name),
            );
            continue;
        }
        out.push(Activity { name, side, key });
    }
    if out.is_empty() && r.problems.is_empty() {
        r.fail(
            0..0,
            "the config defines no [[activity]]: add at least one, or remove the `activity` key"
                .into(),
        );
    }
    out
}

fn read_boundaries(
    r: &mut Reader,
    i: usize,
    b: &RawBoundaries,
    _file: &Range<usize>,
) -> Option<Boundaries> {
    let k = |name: &str| format!("boundaries[{i}].{name}");
    let any_span = b
        .since
        .iter()
        .chain(b.values.iter().map(|(_, v)| v))
        .map(Spanned::span)
        .next()
        .unwrap_or(0..0);
    let since = r.date(&k("since"), &b.since);
    let since = r.require(&k("since"), since, any_span.clone())?;
    let mut set = Boundaries::fallback(since);
    for (name, v) in &b.values {
        let Some(key) = keys::find(name) else {
            let hint = keys::close_to(name)
                .map_or(String::new(), |c| format!("did you mean `{}`? ", c.name));
            r.fail(
                v.span(),
                format!(
                    "`{}` is not a boundary key: {hint}the keys are since, {}, and [[boundaries.protected]] blocks",
                    k(name),
                    keys::names()
                ),
            );
            continue;
        };
        let v = Some(v.clone());
        let read = if key.kind.whole() {
            let range = (key.range.0 as i64, key.range.1 as i64);
            r.whole(&k(name), &v, range).map(f64::from)
        } else {
            r.number(&k(name), &v, key.range)
        };
        if let Some(x) = read {
            key.set(&mut set, Some(x));
        }
    }
    if let (Some(lo), Some(hi)) = (set.min_technical_hours, set.max_technical_hours)
        && lo > hi
    {
        let at = b
            .values
            .iter()
            .find(|(n, _)| n == "max_technical_hours")
            .map_or(0..0, |(_, v)| v.span());
        r.fail(
            at,
            format!(
                "`{}` ({hi}) is below `{}` ({lo})",
                k("max_technical_hours"),
                k("min_technical_hours")
            ),
        );
    }
    for (j, p) in b.protected.iter().flatten().enumerate() {
        let pk = |name: &str| format!("boundaries[{i}].protected[{j}].{name}");
        let at = p
            .days
            .as_ref()
            .or(p.from.as_ref())
            .map_or(0..0, Spanned::span);
        let days = r.weekdays(&pk("days"), &p.days);
        let from = r.clock(&pk("from"), &p.from);
        let to = r.clock(&pk("to"), &p.to);
        let side = match &p.side {
            None => Some(Side::Technical),
            Some(_) => r.side(&pk("side"), &p.side),
        };
        let (Some(days), Some(from), Some(to), Some(side)) = (
            r.require(&pk("days"), days, at.clone()),
            r.require(&pk("from"), from, at.clone()),
            r.require(&pk("to"), to, at.clone()),
            side,
        ) else {
            continue;
        };
        if to <= from {
            r.fail(
                p.to.as_ref().map_or(at, Spanned::span),
                format!("`{}` must be after `{}`", pk("to"), pk("from")),
            );
            continue;
        }
        if side == Side::Other {
            r.fail(
                at,
                format!("`{}` must be technical or management", pk("side")),
            );
            continue;
        }
        set.protected.push(Protected {
            days,
            from,
            to,
            side,
        });
    }
    Some(set)
}

/// `[[calendar]]` tables: each needs a `path` (`~` is the home directory;
/// a relative path is taken from the config's directory). Whether the path
/// exists and parses is `keel check`'s question, not every command's.
fn read_sources(
    r: &mut Reader,
    list: &[RawSource],
    config: &Path,
) -> Vec<super::CalendarSource> {
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let key = |k: &str| format!("calendar[{i}].{k}");
        let name = r.string(&key("name"), &c.name);
        let off = r.flag(&key("off"), &c.off).unwrap_or(false);
        let Some((written, span)) = r.string(&key("path"), &c.path) else {
            if c.path.is_none() {
                let at = c.name.as_ref().or(c.off.as_ref()).map_or(0..0, Spanned::span);
                r.fail(
                    at,
                    format!("`{}` is required: an .ics file or a directory of them, like path = \"~/.calendars/work\"", key("path")),
                );
            }
            continue;
        };
        if written.trim().is_empty() {
            r.fail(span, format!("`{}` is empty: name an .ics file or a directory of them", key("path")));
            continue;
        }
        let Some(path) = expand_path(&written, config) else {
            r.fail(span, format!("`{}` = \"{written}\" starts with ~ but no home directory is known; give the whole path", key("path")));
            continue;
        };
        out.push(super::CalendarSource {
            path,
            name: name.map_or(written, |n| n.0),
            off,
            given: false,
        });
    }
    out
}

/// `~` and `~/…` from the home directory; a relative path from the
/// config's directory.
fn expand_path(written: &str, config: &Path) -> Option<std::path::PathBuf> {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let p = if written == "~" {
        home()?
    } else if let Some(rest) = written.strip_prefix("~/") {
        home()?.join(rest)
    } else {
        let p = Path::new(written);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            config.parent().unwrap_or(Path::new(".")).join(p)
        }
    };
    Some(p)
}

/// Check a pattern's syntax without compiling it (compiling the calendar
/// rules would cost every command a few milliseconds; import compiles them).
/// Only the syntax tree is built: translating `(?i)` patterns to Unicode
/// classes was a tenth of `keel status`. What only translation finds (an
/// unknown `\p{…}` class) is reported by the import that compiles them.
fn check_regex(p: &str) -> Result<(), String> {
    let parsed = regex_syntax::ast::parse::Parser::new().parse(p);
    parsed.map(|_| ()).map_err(|e| e.to_string())
}

fn read_calendar(r: &mut Reader, c: &RawCalendar, activities: &[Activity]) -> CalendarRules {
    let known = |name: &str| activities.iter().any(|a| a.name == name);
    let mut out = CalendarRules {
        me: r
            .strings("import.calendar.me", &c.me)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.0)
            .collect(),
        ..CalendarRules::default()
    };
    if let Some((a, span)) = r.string("import.calendar.default_activity", &c.default_activity) {
        if known(&a) {
            out.default_activity = Some(a);
        } else {
            r.fail(
                span,
                format!(
                    "`import.calendar.default_activity` = \"{a}\" is not a configured activity"
                ),
            );
        }
    }
    out.tentative = r
        .flag("import.calendar.tentative", &c.tentative)
        .unwrap_or(false);
    out.free = r.flag("import.calendar.free", &c.free).unwrap_or(false);
    if let Some((a, span)) = r.string("import.calendar.one_on_one", &c.one_on_one) {
        if known(&a) {
            out.one_on_one = Some(a);
        } else {
            r.fail(
                span,
                format!("`import.calendar.one_on_one` = \"{a}\" is not a configured activity"),
            );
        }
    }
    for (s, span) in r
        .strings("import.calendar.skip", &c.skip)
        .unwrap_or_default()
    {
        if let Err(e) = check_regex(&s) {
            r.fail(
                span,
                format!("`import.calendar.skip` has an invalid regex \"{s}\": {e}"),
            );
        } else {
            out.skip.push(s);
        }
    }
    match r.strings("import.calendar.off", &c.off) {
        None if c.off.is_none() => {
            out.off = super::DEFAULT_OFF_PATTERNS.map(String::from).to_vec();
        }
        None => {}
        Some(list) => {
            for (s, span) in list {
                if let Err(e) = check_regex(&s) {
                    r.fail(
                        span,
                        format!("`import.calendar.off` has an invalid regex \"{s}\": {e}"),
                    );
                } else {
                    out.off.push(s);
                }
            }
        }
    }
    for (i, rule) in c.rule.iter().flatten().enumerate() {
        let at = rule
            .pattern
            .as_ref()
            .or(rule.activity.as_ref())
            .map_or(0..0, Spanned::span);
        let p = r.string(&format!("import.calendar.rule[{i}].pattern"), &rule.pattern);
        let a = r.string(
            &format!("import.calendar.rule[{i}].activity"),
            &rule.activity,
        );
        let (Some((p, pspan)), Some((a, aspan))) = (p, a) else {
            r.fail(
                at,
                format!("`import.calendar.rule[{i}]` needs both `pattern` and `activity`"),
            );
            continue;
        };
        if let Err(e) = check_regex(&p) {
            r.fail(
                pspan,
                format!("`import.calendar.rule[{i}].pattern` is an invalid regex: {e}"),
            );
        } else if !known(&a) {
            r.fail(
                aspan,
                format!(
                    "`import.calendar.rule[{i}].activity` = \"{a}\" is not a configured activity"
                ),
            );
        } else {
            out.rules.push((p, a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(text: &str) -> Vec<String> {
        parse(text, Path::new("c.toml"))
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = errs("week_start = \"monday\"\n[workday\n");
        assert!(e[0].starts_with("c.toml:2:"), "{e:?}");
    }

    #[test]
    fn out_of_range_values_name_the_key_and_line() {
        let e = errs("[[boundaries]]\nsince = 2026-01-05\ntolerance = 1.5\n");
        assert!(e[0].starts_with("c.toml:3:13:"), "{e:?}");
        assert!(e[0].contains("boundaries[0].tolerance"), "{e:?}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let e = errs("[[boundaries]]\nsince = 2026-01-05\ntechnical_shar = 0.5\n");
        assert!(e[0].contains("technical_shar"), "{e:?}");
        assert!(e[0].contains("did you mean `technical_share`?"), "{e:?}");
    }

    #[test]
    fn a_minimal_config_takes_the_defaults() {
        let c = parse("week_start = \"sunday\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.week_start, WeekStart::Sunday);
        assert_eq!(c.activities.len(), 13);
        assert_eq!(c.boundaries.len(), 1);
    }

    #[test]
    fn protected_blocks_are_read() {
        let c = Config::builtin();
        let p = &c.boundaries[0].protected[0];
        assert_eq!(p.days, vec![Weekday::Tue, Weekday::Thu]);
        assert_eq!(p.side, Side::Technical);
    }

    #[test]
    fn calendar_tables_are_read_and_checked() {
        let c = parse(
            "[[calendar]]\npath = \"cal/work\"\n[[calendar]]\nname = \"holidays\"\npath = \"/h.ics\"\noff = true\n",
            Path::new("/home/x/c.toml"),
        )
        .unwrap();
        assert_eq!(c.calendars.len(), 2);
        assert_eq!(c.calendars[0].path, Path::new("/home/x/cal/work"));
        assert_eq!(c.calendars[0].name, "cal/work");
        assert!(!c.calendars[0].off);
        assert_eq!(c.calendars[1].name, "holidays");
        assert!(c.calendars[1].off);
        let e = errs("[[calendar]]\nname = \"work\"\n");
        assert!(e[0].starts_with("c.toml:2:8:") && e[0].contains("`calendar[0].path` is required"), "{e:?}");
        let e = errs("[[calendar]]\npath = \"a.ics\"\noff = \"yes\"\n");
        assert!(e[0].contains("`calendar[0].off` must be true or false"), "{e:?}");
        let e = errs("[[calendar]]\npath = \"a.ics\"\ncolour = 1\n");
        assert!(e[0].contains("colour"), "{e:?}");
        assert!(Config::builtin().calendars.is_empty());
    }
}
