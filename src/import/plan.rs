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

/// Give each candidate its activity. Errors (every one of them, for the
/// user to fix at once) when an activity is unknown or a Timewarrior/Watson
/// item names none or two; classified calendar titles may be skipped.
pub fn resolve(
    cands: Vec<Candidate>,
    config: &Config,
    maps: &BTreeMap<String, String>,
    zone: &Zone,
) -> Result<(Vec<Entry>, Vec<Skipped>), Vec<String>> {
    let mut errors = Vec::new();
    for a in maps.values() {
        if config.activity(a).is_none() {
            errors.push(unknown(config, a, "in --map"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cal = Classifier::new(&config.calendar);
    let lookup = |name: &str| -> Option<String> {
        let l = name.to_lowercase();
        if let Some(a) = maps.get(&l) {
            return Some(a.clone());
        }
        config
            .activities
            .iter()
            .find(|a| a.name.to_lowercase() == l)
            .map(|a| a.name.clone())
    };
    let mut unknown_acts: BTreeMap<String, usize> = BTreeMap::new();
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    for c in cands {
        let label = c.label();
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
                match found.len() {
                    1 => {
                        let a = found.into_iter().next().expect("one");
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
                    0 => {
                        errors.push(format!(
                            "{label}: names no activity (add --map NAME=ACTIVITY for one of its names)"
                        ));
                        continue;
                    }
                    _ => {
                        let v: Vec<String> = found.into_iter().collect();
                        errors.push(format!(
                            "{label}: names {} activities ({}); keep one name, or --map the others to the one meant",
                            v.len(),
                            v.join(", ")
                        ));
                        continue;
                    }
                }
            }
            Naming::Title(t) => match cal.classify(t) {
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

/// `[import.calendar]`: skip patterns, then rules (first match wins), then
/// the default activity.
struct Classifier {
    skip: Vec<regex::Regex>,
    rules: Vec<(regex::Regex, String)>,
    default: Option<String>,
}

impl Classifier {
    fn new(c: &CalendarRules) -> Classifier {
        // The config loader has already refused invalid regexes.
        Classifier {
            skip: c
                .skip
                .iter()
                .filter_map(|s| regex::Regex::new(s).ok())
                .collect(),
            rules: c
                .rules
                .iter()
                .filter_map(|(p, a)| Some((regex::Regex::new(p).ok()?, a.clone())))
                .collect(),
            default: c.default_activity.clone(),
        }
    }

    fn classify(&self, title: &str) -> Result<String, String> {
        if let Some(s) = self.skip.iter().find(|s| s.is_match(title)) {
            return Err(format!("title matches skip pattern `{}`", s.as_str()));
        }
        if let Some((_, a)) = self.rules.iter().find(|(r, _)| r.is_match(title)) {
            return Ok(a.clone());
        }
        self.default.clone().ok_or_else(|| {
            "no [import.calendar] rule matches and there is no default_activity".to_string()
        })
    }
}

/// Fit `new` entries around `existing` ones and the running timer: an item
/// whose `source` is already present (or which is already present exactly)
/// is skipped; the parts of an item that overlap anything already there are
/// left out and reported; the rest is added.
pub fn plan(
    mut new: Vec<Entry>,
    existing: &[Entry],
    known_sources: &BTreeSet<String>,
    running: Option<&Running>,
    now: DateTime<Utc>,
) -> Plan {
    crate::model::sort(&mut new);
    let mut p = Plan::default();
    let mut sources: BTreeSet<String> = existing.iter().filter_map(|e| e.source.clone()).collect();
    sources.extend(known_sources.iter().cloned());
    // Busy intervals by start, with what occupies them. Entries last at
    // most MAX_ENTRY_DAYS, so only starts that recent can reach an item.
    let mut busy: BTreeMap<(DateTime<Utc>, usize), (DateTime<Utc>, String)> = BTreeMap::new();
    for (i, e) in existing.iter().enumerate() {
        busy.insert(
            (e.start_utc(), i),
            (
                e.end_utc(),
                format!("the {} entry {}", e.activity, span_text(e.start, e.end)),
            ),
        );
    }
    let running = running.map(|r| {
        let end = now.max(r.start.to_utc()) + chrono::Duration::seconds(1);
        (
            r.start.to_utc(),
            end,
            format!("the running {} timer", r.activity),
        )
    });
    let reach = chrono::Duration::days(crate::model::MAX_ENTRY_DAYS + 1);
    for e in new {
        let label = format!("{} {}", span_text(e.start, e.end), e.activity);
        if let Err(m) = e.check_shape() {
            p.skipped.push(Skipped {
                what: label,
                why: format!("it {m}"),
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
            && existing
                .iter()
                .chain(&p.added)
                .any(|o| o.start == e.start && o.end == e.end && o.activity == e.activity)
        {
            p.skipped.push(Skipped {
                what: label,
                why: "already logged".into(),
            });
            continue;
        }
        // Cut the item around every busy interval it touches.
        let mut pieces = vec![(e.start_utc(), e.end_utc())];
        let (es, ee) = (e.start_utc(), e.end_utc());
        let mut clashes: Vec<(DateTime<Utc>, DateTime<Utc>, String)> = busy
            .range((es - reach, 0)..(ee, 0))
            .filter(|(_, (t, _))| es < *t)
            .map(|((s, _), (t, w))| (*s, *t, w.clone()))
            .collect();
        clashes.extend(
            running
                .iter()
                .filter(|(s, t, _)| *s < ee && es < *t)
                .cloned(),
        );
        clashes.sort_by_key(|c| c.0);
        for (bs, be, what) in &clashes {
            let mut next = Vec::new();
            for (s, t) in pieces {
                if *bs < t && s < *be {
                    p.conflicts.push(Conflict {
                        item: label.clone(),
                        from: e
                            .start
                            .timezone()
                            .from_utc_datetime(&s.max(*bs).naive_utc()),
                        to: e
                            .start
                            .timezone()
                            .from_utc_datetime(&t.min(*be).naive_utc()),
                        with: what.clone(),
                    });
                    if s < *bs {
                        next.push((s, *bs));
                    }
                    if *be < t {
                        next.push((*be, t));
                    }
                } else {
                    next.push((s, t));
                }
            }
            pieces = next;
        }
        if let Some(s) = &e.source {
            sources.insert(s.clone());
        }
        let off = e.start.timezone();
        for (s, t) in pieces {
            let mut piece = e.clone();
            piece.start = off.from_utc_datetime(&s.naive_utc());
            piece.end = e.end.timezone().from_utc_datetime(&t.naive_utc());
            let n = busy.len();
            busy.insert((s, n), (t, format!("the imported {label}")));
            p.added.push(piece);
        }
    }
    p
}

use chrono::TimeZone as _;

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
        let p = plan(new, &existing, &BTreeSet::new(), None, Utc::now());
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
        let p = plan(new, &existing, &BTreeSet::new(), None, Utc::now());
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].why, "already imported");
        assert_eq!(p.added.len(), 2);
        assert_eq!(p.added[1].start, t("2026-11-23T10:00:00+01:00"));
        assert_eq!(p.conflicts.len(), 1);
    }

    #[test]
    fn the_running_timer_is_busy_until_now() {
        let r = Running {
            start: t("2026-11-23T09:00:00+01:00"),
            activity: "review".into(),
            note: None,
            tags: vec![],
        };
        let now = t("2026-11-23T09:30:00+01:00").to_utc();
        let new = vec![entry(
            "2026-11-23T08:30:00+01:00",
            "2026-11-23T09:15:00+01:00",
            None,
        )];
        let p = plan(new, &[], &BTreeSet::new(), Some(&r), now);
        assert_eq!(p.added.len(), 1);
        assert_eq!(p.added[0].end, t("2026-11-23T09:00:00+01:00"));
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
        let maps = BTreeMap::from([("payments".to_string(), "coding".to_string())]);
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
        assert!(errs[1].contains("coding, hiring"), "{errs:?}");
    }
}
