//! The one decision every import makes, whatever the format: name each
//! candidate's activity, then fit it around what is already logged. Pure:
//! candidates and existing entries in, the plan out.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Utc};

use super::{Candidate, Naming, Skipped, span_text};
use crate::config::{CalendarRules, Config};
use crate::model::{Entry, Running, Zone};

/// A part of an imported item left out because something was already logged then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub item: String,
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    pub with: String,
}

#[derive(Debug, Default, Clone)]
pub struct Plan {
    pub added: Vec<Entry>,
    pub skipped: Vec<Skipped>,
    pub conflicts: Vec<Conflict>,
}

/// How items that do not name exactly one activity are named.
#[derive(Debug, Clone, Default)]
pub struct NameRules {
    /// `--map NAME=ACTIVITY`, names lower-cased.
    pub maps: BTreeMap<String, String>,
    /// `--default ACTIVITY`: for items that name none.
    pub default: Option<String>,
    /// `--prefer ACTIVITY`…: among several named, the first of these.
    pub prefer: Vec<String>,
}

/// Give each candidate its activity. Errors (every one of them, for the
/// user to fix at once) when an activity is unknown or a Timewarrior/Watson
/// item names none or two that `--default`/`--prefer` do not settle;
/// classified calendar titles may be skipped.
pub fn resolve(
    cands: Vec<Candidate>,
    config: &Config,
    naming: &NameRules,
    zone: &Zone,
) -> Result<(Vec<Entry>, Vec<Skipped>), Vec<String>> {
    let mut errors = Vec::new();
    for a in naming.maps.values() {
        if config.activity(a).is_none() {
            errors.push(unknown(config, a, "in --map"));
        }
    }
    if let Some(a) = &naming.default
        && config.activity(a).is_none()
    {
        errors.push(unknown(config, a, "in --default"));
    }
    for a in &naming.prefer {
        if config.activity(a).is_none() {
            errors.push(unknown(config, a, "in --prefer"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cal = Classifier::new(&config.calendar).map_err(|e| vec![e])?;
    let lookup = |name: &str| -> Option<String> {
        let l = name.to_lowercase();
        if let Some(a) = naming.maps.get(&l) {
            return Some(a.clone());
        }
        config
            .activities
            .iter()
            .find(|a| a.name.to_lowercase() == l)
            .map(|a| a.name.clone())
    };
    let canonical = |a: &str| config.activity(a).map_or(a.to_string(), |x| x.name.clone());
    let mut unknown_acts: BTreeMap<String, usize> = BTreeMap::new();
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    for c in cands {
        let label = c.label(zone);
        let mut tags = c.tags.clone();
        let activity = match &c.naming {
            Naming::Activity(a) => match lookup(a) {
                Some(a) => a,
                None => {
                    *unknown_acts.entry(a.clone()).or_default() += 1;
                    continue;
                }
            },
            Naming::Names {
                project,
                tags: names,
            } => {
                let found: BTreeSet<String> = project
                    .iter()
                    .chain(names)
                    .filter_map(|n| lookup(n))
                    .collect();
                let preferred = naming
                    .prefer
                    .iter()
                    .map(|p| canonical(p))
                    .find(|p| found.contains(p));
                let chosen = match (found.len(), preferred, &naming.default) {
                    (1, _, _) => found.iter().next().cloned(),
                    (0, _, Some(d)) => Some(canonical(d)),
                    (_, Some(p), _) => Some(p),
                    _ => None,
                };
                match chosen {
                    Some(a) => {
                        // Every other name stays a tag, a --map'ped one too.
                        tags.extend(
                            project
                                .iter()
                                .chain(names)
                                .filter(|n| !n.eq_ignore_ascii_case(&a))
                                .cloned(),
                        );
                        a
                    }
                    None if found.is_empty() => {
                        let hint = if project.is_none() && names.is_empty() {
                            "add --default ACTIVITY for items that name none".to_string()
                        } else {
                            "add --default ACTIVITY for items that name none, or --map NAME=ACTIVITY for one of its names".to_string()
                        };
                        errors.push(format!("{label}: names no activity ({hint})"));
                        continue;
                    }
                    None => {
                        let v: Vec<String> = found.into_iter().collect();
                        errors.push(format!(
                            "{label}: names {} activities ({}); add --prefer {} (repeatable, in order) to pick one",
                            v.len(),
                            v.join(", "),
                            v[0]
                        ));
                        continue;
                    }
                }
            }
            Naming::Title(t) => match cal.classify(t, false) {
                Ok(a) => a,
                Err(why) => {
                    skipped.push(Skipped { what: label, why });
                    continue;
                }
            },
            Naming::OneOnOne(t) => match cal.classify(t, true) {
                Ok(a) => a,
                Err(why) => {
                    skipped.push(Skipped { what: label, why });
                    continue;
                }
            },
        };
        let mut e = Entry::new(zone_of(c.start, zone), zone_of(c.end, zone), &activity);
        if matches!(c.naming, Naming::Activity(_)) {
            // keel's own export keeps its offsets exactly.
            e.start = c.start;
            e.end = c.end;
        }
        e.note = c.note.filter(|n| !n.is_empty());
        let mut seen = BTreeSet::new();
        tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
        e.tags = tags;
        e.source = c.source;
        out.push(e);
    }
    for (a, n) in unknown_acts {
        errors.push(unknown(config, &a, &format!("({n} item(s))")));
    }
    if errors.is_empty() {
        Ok((out, skipped))
    } else {
        Err(errors)
    }
}

fn unknown(config: &Config, a: &str, suffix: &str) -> String {
    let close = config.close_matches(a);
    let hint = if close.is_empty() {
        "add it to the config or --map it".to_string()
    } else {
        format!("did you mean {}?", close.join(" or "))
    };
    format!("unknown activity `{a}` {suffix}: {hint}")
}

fn zone_of(t: DateTime<FixedOffset>, zone: &Zone) -> DateTime<FixedOffset> {
    zone.localize(t.to_utc())
}

/// `[import.calendar]`: skip patterns, then `one_on_one` for a meeting of
/// two, then rules (first match wins), then the default activity.
pub(crate) struct Classifier {
    skip: Vec<regex::Regex>,
    one_on_one: Option<String>,
    rules: Vec<(regex::Regex, String)>,
    default: Option<String>,
}

impl Classifier {
    /// The config loader has checked the patterns' syntax; what only
    /// compiling finds (an unknown `\p{…}` class) is said here, never
    /// dropped.
    pub(crate) fn new(c: &CalendarRules) -> Result<Classifier, String> {
        let compile = |key: &str, p: &str| {
            regex::Regex::new(p)
                .map_err(|e| format!("`import.calendar.{key}` has an invalid regex \"{p}\": {e}"))
        };
        Ok(Classifier {
            skip: c
                .skip
                .iter()
                .map(|s| compile("skip", s))
                .collect::<Result<_, _>>()?,
            one_on_one: c.one_on_one.clone(),
            rules: c
                .rules
                .iter()
                .map(|(p, a)| Ok((compile("rule", p)?, a.clone())))
                .collect::<Result<_, String>>()?,
            default: c.default_activity.clone(),
        })
    }

    /// The activity of a meeting, or why it has none: a skip pattern
    /// matched, or no rule did and there is no default.
    pub(crate) fn classify(&self, title: &str, one_on_one: bool) -> Result<String, String> {
        if let Some(s) = self.skip.iter().find(|s| s.is_match(title)) {
            return Err(format!("title matches skip pattern `{}`", s.as_str()));
        }
        if one_on_one && let Some(a) = &self.one_on_one {
            return Ok(a.clone());
        }
        if let Some((_, a)) = self.rules.iter().find(|(r, _)| r.is_match(title)) {
            return Ok(a.clone());
        }
        self.default.clone().ok_or_else(|| {
            "no [import.calendar] rule matches and there is no default_activity".to_string()
        })
    }
}

/// What is already logged, or already imported by this plan: existing
/// entries one by one (each spans at most MAX_ENTRY_DAYS), the pieces this
/// import adds as merged ranges (so an item cut into many pieces, or a
/// thousand items on top of one another, cost linear time and memory), and
/// the running timer, which holds everything from its start on.
struct Busy {
    entries: BTreeMap<(DateTime<Utc>, usize), (DateTime<Utc>, String)>,
    added: BTreeMap<DateTime<Utc>, (DateTime<Utc>, String)>,
    running: Option<(DateTime<Utc>, String)>,
}

/// Something an item overlaps: `[from, to)` and what it is.
type Clash = (DateTime<Utc>, DateTime<Utc>, String);

impl Busy {
    /// Everything that overlaps `[s, e)`, by start.
    fn clashes(&self, s: DateTime<Utc>, e: DateTime<Utc>) -> Vec<Clash> {
        let reach = chrono::Duration::days(crate::model::MAX_ENTRY_DAYS + 1);
        let mut out: Vec<Clash> = self
            .entries
            .range((s - reach, 0)..(e, 0))
            .filter(|(_, (t, _))| s < *t)
            .map(|((a, _), (b, w))| (*a, *b, w.clone()))
            .collect();
        // Merged ranges are disjoint: walk back from the last one starting
        // before `e` while they still reach past `s`.
        out.extend(
            self.added
                .range(..e)
                .rev()
                .take_while(|(_, (t, _))| s < *t)
                .map(|(a, (b, w))| (*a, *b, w.clone())),
        );
        if let Some((from, what)) = &self.running
            && *from < e
        {
            out.push((*from, DateTime::<Utc>::MAX_UTC, what.clone()));
        }
        out.sort_by_key(|c| c.0);
        out
    }

    /// Add `[s, e)` (free before) to the merged ranges.
    fn add(&mut self, s: DateTime<Utc>, e: DateTime<Utc>, what: &str) {
        let (mut s, mut e, mut what) = (s, e, what.to_string());
        if let Some((&ps, (pe, pw))) = self.added.range(..=s).next_back()
            && *pe >= s
        {
            (s, e) = (ps, e.max(*pe));
            what = merged(pw, &what);
        }
        while let Some((&ns, (ne, nw))) = self.added.range(s..).next()
            && ns <= e
        {
            e = e.max(*ne);
            what = merged(&what, nw);
            self.added.remove(&ns);
        }
        self.added.insert(s, (e, what));
    }
}

fn merged(a: &str, b: &str) -> String {
    if a == b {
        a.to_string()
    } else {
        "items imported before it".to_string()
    }
}

/// Fit `new` entries around `existing` ones and the running timer: an item
/// whose `source` is already present (or which is already present exactly)
/// is skipped; the parts of an item that overlap anything already there are
/// left out and reported (times in `zone`); the rest is added.
pub fn plan(
    mut new: Vec<Entry>,
    existing: &[Entry],
    known_sources: &BTreeSet<String>,
    running: Option<&Running>,
    zone: &Zone,
) -> Plan {
    crate::model::sort(&mut new);
    let mut p = Plan::default();
    let mut sources: BTreeSet<String> = existing.iter().filter_map(|e| e.source.clone()).collect();
    sources.extend(known_sources.iter().cloned());
    let local = |t: DateTime<Utc>| zone.localize(t);
    let mut busy = Busy {
        entries: existing
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    (e.start_utc(), i),
                    (
                        e.end_utc(),
                        format!(
                            "the {} entry {}",
                            e.activity,
                            span_text(local(e.start_utc()), local(e.end_utc()))
                        ),
                    ),
                )
            })
            .collect(),
        added: BTreeMap::new(),
        running: running.map(|r| {
            (
                r.start.to_utc(),
                format!(
                    "the {} timer running since {}",
                    r.activity,
                    local(r.start.to_utc()).format("%Y-%m-%d %H:%M")
                ),
            )
        }),
    };
    let exact: BTreeSet<(DateTime<Utc>, DateTime<Utc>, &str)> = existing
        .iter()
        .map(|o| (o.start_utc(), o.end_utc(), o.activity.as_str()))
        .collect();
    let mut added_exact: BTreeSet<(DateTime<Utc>, DateTime<Utc>, String)> = BTreeSet::new();
    for e in new {
        let (es, ee) = (e.start_utc(), e.end_utc());
        let label = format!("{} {}", span_text(local(es), local(ee)), e.activity);
        if let Err(m) = e.check_shape() {
            // Its times in words as the label gives them: in the user's zone.
            let shown = Entry {
                start: local(es),
                end: local(ee),
                ..e.clone()
            };
            p.skipped.push(Skipped {
                what: label,
                why: format!("it {}", shown.check_shape().err().unwrap_or(m)),
            });
            continue;
        }
        if let Some(s) = &e.source
            && sources.contains(s)
        {
            p.skipped.push(Skipped {
                what: label,
                why: "already imported".into(),
            });
            continue;
        }
        if e.source.is_none()
            && (exact.contains(&(es, ee, e.activity.as_str()))
                || added_exact.contains(&(es, ee, e.activity.clone())))
        {
            p.skipped.push(Skipped {
                what: label,
                why: "already logged".into(),
            });
            continue;
        }
        // Sweep the item from its start: free stretches become pieces,
        // busy ones conflicts, each clash once.
        let mut pieces = Vec::new();
        let mut cursor = es;
        for (bs, be, what) in busy.clashes(es, ee) {
            if be <= cursor {
                continue;
            }
            if cursor < bs {
                pieces.push((cursor, bs.min(ee)));
            }
            let (from, to) = (cursor.max(bs), be.min(ee));
            if from < to {
                p.conflicts.push(Conflict {
                    item: label.clone(),
                    from: local(from),
                    to: local(to),
                    with: what,
                });
            }
            cursor = cursor.max(be);
            if cursor >= ee {
                break;
            }
        }
        if cursor < ee {
            pieces.push((cursor, ee));
        }
        if let Some(s) = &e.source {
            sources.insert(s.clone());
        }
        added_exact.insert((es, ee, e.activity.clone()));
        for (s, t) in pieces {
            let mut piece = e.clone();
            // A piece keeps the item's own offsets at its own edges; a cut
            // edge takes the zone's offset at that instant.
            if s != es {
                piece.start = local(s);
            }
            if t != ee {
                piece.end = local(t);
            }
            busy.add(s, t, &format!("the imported {label}"));
            p.added.push(piece);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn entry(s: &str, e: &str, src: Option<&str>) -> Entry {
        let mut x = Entry::new(t(s), t(e), "coding");
        x.source = src.map(String::from);
        x
    }

    #[test]
    fn an_item_is_clipped_around_an_existing_entry() {
        let existing = [entry(
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T10:30:00+01:00",
            None,
        )];
        let new = vec![entry(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T11:00:00+01:00",
            Some("x"),
        )];
        let p = plan(new, &existing, &BTreeSet::new(), None, &berlin());
        assert_eq!(p.added.len(), 2);
        assert_eq!(p.added[0].end, t("2026-11-23T10:00:00+01:00"));
        assert_eq!(p.added[1].start, t("2026-11-23T10:30:00+01:00"));
        assert_eq!(p.conflicts.len(), 1);
        assert_eq!(p.conflicts[0].from, t("2026-11-23T10:00:00+01:00"));
        assert_eq!(p.conflicts[0].to, t("2026-11-23T10:30:00+01:00"));
    }

    #[test]
    fn a_known_source_is_skipped_and_items_do_not_overlap_each_other() {
        let existing = [entry(
            "2026-11-23T08:00:00+01:00",
            "2026-11-23T08:30:00+01:00",
            Some("a"),
        )];
        let new = vec![
            entry(
                "2026-11-23T12:00:00+01:00",
                "2026-11-23T13:00:00+01:00",
                Some("a"),
            ),
            entry(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T10:00:00+01:00",
                Some("b"),
            ),
            entry(
                "2026-11-23T09:30:00+01:00",
                "2026-11-23T10:30:00+01:00",
                Some("c"),
            ),
        ];
        let p = plan(new, &existing, &BTreeSet::new(), None, &berlin());
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].why, "already imported");
        assert_eq!(p.added.len(), 2);
        assert_eq!(p.added[1].start, t("2026-11-23T10:00:00+01:00"));
        assert_eq!(p.conflicts.len(), 1);
    }

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn the_running_timer_holds_everything_from_its_start_on() {
        let r = Running {
            start: t("2026-11-23T09:00:00+01:00"),
            activity: "review".into(),
            note: None,
            tags: vec![],
        };
        // Now is 09:30; a meeting at 15:00 later today must not land
        // inside the timer, which `keel stop` will end after it.
        let new = vec![
            entry(
                "2026-11-23T08:30:00+01:00",
                "2026-11-23T09:15:00+01:00",
                None,
            ),
            entry(
                "2026-11-23T15:00:00+01:00",
                "2026-11-23T16:00:00+01:00",
                None,
            ),
        ];
        let p = plan(new, &[], &BTreeSet::new(), Some(&r), &berlin());
        assert_eq!(p.added.len(), 1);
        assert_eq!(p.added[0].start, t("2026-11-23T08:30:00+01:00"));
        assert_eq!(p.added[0].end, t("2026-11-23T09:00:00+01:00"));
        assert_eq!(p.conflicts.len(), 2);
        assert_eq!(p.conflicts[1].from, t("2026-11-23T15:00:00+01:00"));
        assert_eq!(p.conflicts[1].to, t("2026-11-23T16:00:00+01:00"));
        assert!(
            p.conflicts[1]
                .with
                .contains("review timer running since 2026-11-23 09:00")
        );
    }

    #[test]
    fn names_resolve_to_exactly_one_activity() {
        let c = Config::builtin();
        let z = Zone::parse("Europe/Berlin").unwrap();
        let mk = |project: Option<&str>, tags: &[&str]| {
            Candidate::new(
                t("2026-11-23T09:00:00+01:00"),
                t("2026-11-23T10:00:00+01:00"),
                Naming::Names {
                    project: project.map(String::from),
                    tags: tags.iter().map(|s| s.to_string()).collect(),
                },
            )
        };
        let maps = NameRules {
            maps: BTreeMap::from([("payments".to_string(), "coding".to_string())]),
            ..NameRules::default()
        };
        let (ok, _) = resolve(vec![mk(Some("Review"), &["x"])], &c, &maps, &z).unwrap();
        assert_eq!(ok[0].activity, "review");
        assert_eq!(ok[0].tags, vec!["x"]);
        let (ok, _) = resolve(vec![mk(Some("payments"), &[])], &c, &maps, &z).unwrap();
        assert_eq!(ok[0].activity, "coding");
        let errs = resolve(
            vec![mk(None, &["x"]), mk(Some("coding"), &["hiring"])],
            &c,
            &maps,
            &z,
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("--default ACTIVITY"), "{errs:?}");
        assert!(errs[1].contains("coding, hiring"), "{errs:?}");
        assert!(errs[1].contains("--prefer coding"), "{errs:?}");
        // --default names what names nothing; --prefer picks among several,
        // the first preferred that the item names, and the rest stay tags.
        let rules = NameRules {
            default: Some("admin".into()),
            prefer: vec!["design".into(), "hiring".into()],
            ..NameRules::default()
        };
        let (ok, _) = resolve(
            vec![
                mk(None, &[]),
                mk(None, &["x"]),
                mk(Some("coding"), &["hiring"]),
            ],
            &c,
            &rules,
            &z,
        )
        .unwrap();
        assert_eq!(ok[0].activity, "admin");
        assert_eq!(
            (ok[1].activity.as_str(), &ok[1].tags[..]),
            ("admin", &["x".to_string()][..])
        );
        assert_eq!(ok[2].activity, "hiring");
        assert_eq!(ok[2].tags, vec!["coding"]);
        let bad = NameRules {
            prefer: vec!["codng".into()],
            ..NameRules::default()
        };
        let errs = resolve(vec![mk(None, &[])], &c, &bad, &z).unwrap_err();
        assert!(errs[0].contains("`codng` in --prefer"), "{errs:?}");
    }

    #[test]
    fn a_thousand_items_on_top_of_each_other_cost_one_conflict_each() {
        // Items a minute apart, each two hours long: with merged ranges each
        // overlaps one range, not every earlier piece.
        let base = t("2026-11-23T08:00:00+01:00");
        let new: Vec<Entry> = (0..1000)
            .map(|i| {
                let s = base + chrono::Duration::minutes(i);
                let mut e = Entry::new(s, s + chrono::Duration::hours(2), "coding");
                e.source = Some(format!("s{i}"));
                e
            })
            .collect();
        let p = plan(new, &[], &BTreeSet::new(), None, &berlin());
        assert_eq!(p.added.len(), 1000);
        assert_eq!(p.conflicts.len(), 999);
        let total: i64 = p.added.iter().map(Entry::seconds).sum();
        assert_eq!(total, (999 + 120) * 60);
    }
}
