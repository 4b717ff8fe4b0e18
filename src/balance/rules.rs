//! The rules of SPEC §4: weekly technical hours, the daily management cap,
//! protected blocks and focus blocks. Exactly at a limit is not a violation.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use std::collections::BTreeMap;

use super::frame::{Frame, frame};
use super::{DayTotal, Period};
use crate::config::Config;
use crate::model::off::DaysOff;
use crate::model::time::{hours, hours_f};
use crate::model::{Entry, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    MinTechnicalHours,
    MaxTechnicalHours,
    MaxManagementHoursPerDay,
    ProtectedBlock,
    MinFocusBlocks,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MinTechnicalHours => "min_technical_hours",
            Rule::MaxTechnicalHours => "max_technical_hours",
            Rule::MaxManagementHoursPerDay => "max_management_hours_per_day",
            Rule::ProtectedBlock => "protected_block",
            Rule::MinFocusBlocks => "min_focus_blocks",
        }
    }
}

/// One broken rule. `date` is the day (daily rules, protected blocks) or
/// the first day of the week (weekly rules); `seconds` is the time involved:
/// the week's technical time, the day's management time, or the time of the
/// wrong side inside a protected block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub rule: Rule,
    pub date: NaiveDate,
    pub message: String,
    pub seconds: i64,
}

/// The focus blocks a week asks for: `min_focus_blocks` scaled by its
/// workdays not off, rounded down (`None` when no minimum is set).
pub fn focus_asked(set: &crate::config::Boundaries, fr: &Frame) -> Option<u32> {
    set.min_focus_blocks
        .map(|m| (f64::from(m) * fr.scale() + 1e-9).floor() as u32)
}

fn day_label(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// Uninterrupted technical stretches `(start, end)`: back-to-back technical
/// entries join; a gap or an entry of another side ends a stretch.
pub fn focus_stretches(entries: &[Entry], cfg: &Config) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut tech: Vec<(DateTime<Utc>, DateTime<Utc>)> = entries
        .iter()
        .filter(|e| cfg.side_of(&e.activity) == Side::Technical)
        .map(|e| (e.start_utc(), e.end_utc()))
        .collect();
    tech.sort();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for (s, e) in tech {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Every broken rule in the period, and the number of focus blocks that
/// start in it.
pub(super) fn violations(
    entries: &[Entry],
    cfg: &Config,
    off: &DaysOff,
    period: Period,
    by_day: &[DayTotal],
    now: DateTime<Utc>,
) -> (Vec<Violation>, u32) {
    let zone = &cfg.zone;
    let ws = cfg.week_start;
    let mut out = Vec::new();
    // Each week's frame (workdays, days off), once: a week whose workdays
    // are all off is not judged at all, not even by the daily cap.
    let mut frames: BTreeMap<NaiveDate, Frame> = BTreeMap::new();
    let mut frame_of = |week: NaiveDate| {
        frames
            .entry(week)
            .or_insert_with(|| frame(cfg, off, Period::new(week, week + Duration::days(6))))
            .clone()
    };
    // (start, end, side) sorted by start, so each protected block looks only
    // at the entries that can reach into it.
    let mut sided: Vec<(DateTime<Utc>, DateTime<Utc>, Side)> = entries
        .iter()
        .map(|e| (e.start_utc(), e.end_utc(), cfg.side_of(&e.activity)))
        .collect();
    sided.sort_by_key(|s| s.0);
    // Seven calendar days may hold an hour more across a DST change.
    let reach = Duration::days(crate::model::MAX_ENTRY_DAYS + 1);

    // Daily rules: each day is judged by the set in force on its week's first day.
    for day in by_day {
        if frame_of(ws.week_of(day.date)).all_off() {
            continue;
        }
        let set = cfg.boundaries_on(ws.week_of(day.date));
        if let Some(cap) = set.max_management_hours_per_day
            && day.management > (cap * 3600.0).round() as i64
        {
            out.push(Violation {
                rule: Rule::MaxManagementHoursPerDay,
                date: day.date,
                message: format!(
                    "{}: {} of management, over the {} daily cap by {}",
                    day_label(day.date),
                    hours(day.management),
                    hours_f(cap),
                    hours(day.management - (cap * 3600.0).round() as i64)
                ),
                seconds: day.management,
            });
        }
        for block in &set.protected {
            if !block.days.contains(&day.date.weekday()) {
                continue;
            }
            let Some(wrong) = block.side.opposite() else {
                continue;
            };
            let from = zone.first_valid(day.date.and_time(block.from));
            let to = zone.first_valid(day.date.and_time(block.to));
            let first = sided.partition_point(|s| s.0 < from - reach);
            let inside: i64 = sided[first..]
                .iter()
                .take_while(|s| s.0 < to)
                .filter(|s| s.2 == wrong)
                .map(|s| (s.1.min(to) - s.0.max(from)).num_seconds().max(0))
                .sum();
            if inside > 0 {
                out.push(Violation {
                    rule: Rule::ProtectedBlock,
                    date: day.date,
                    message: format!(
                        "{} {}–{} is protected for {} time: {} of {} inside it",
                        day_label(day.date),
                        block.from.format("%H:%M"),
                        block.to.format("%H:%M"),
                        block.side.as_str(),
                        hours(inside),
                        wrong.as_str()
                    ),
                    seconds: inside,
                });
            }
        }
    }

    // Focus blocks, attributed to the week (and period) where they start.
    // The starts of the stretches long enough to be focus blocks, sorted.
    let block_starts: Vec<DateTime<Utc>> = focus_stretches(entries, cfg)
        .into_iter()
        .filter(|(s, e)| {
            let set = cfg.boundaries_on(ws.week_of(zone.date_of(*s)));
            (*e - *s) >= Duration::minutes(i64::from(set.focus_block_minutes))
        })
        .map(|(s, _)| s)
        .collect();
    let blocks_in = |from: DateTime<Utc>, to: DateTime<Utc>| {
        (block_starts.partition_point(|s| *s < to) - block_starts.partition_point(|s| *s < from))
            as u32
    };
    let (pfrom, pto) = period.bounds(zone);
    let focus_blocks = blocks_in(pfrom, pto);

    // Weekly rules, for whole weeks only.
    for week in period.whole_weeks(ws) {
        let fr = frame_of(week);
        if fr.all_off() {
            continue;
        }
        // Minimums scale with the workdays not off: hours exactly, blocks
        // rounded down. Maximums do not.
        let scaled = if fr.working() == fr.workdays {
            String::new()
        } else {
            format!(" ({} of {} workdays off)", fr.days_off.len(), fr.workdays)
        };
        let set = cfg.boundaries_on(week);
        let wp = Period::new(week, week + Duration::days(6));
        let (wfrom, wto) = wp.bounds(zone);
        let over = now >= wto;
        // `by_day` holds one row per day of the period, in order.
        let first = (wp.from - period.from).num_days() as usize;
        let tech: i64 = by_day[first..first + 7].iter().map(|d| d.technical).sum();
        let label = format!("week of {}", week.format("%-d %b %Y"));
        if let Some(max) = set.max_technical_hours
            && tech > (max * 3600.0).round() as i64
        {
            out.push(Violation {
                rule: Rule::MaxTechnicalHours,
                date: week,
                message: format!(
                    "{label}: {} of technical time, over the {} weekly maximum",
                    hours(tech),
                    hours_f(max)
                ),
                seconds: tech,
            });
        }
        if let Some(min) = set.min_technical_hours.map(|m| m * fr.scale())
            && over
            && tech < (min * 3600.0).round() as i64
        {
            out.push(Violation {
                rule: Rule::MinTechnicalHours,
                date: week,
                message: format!(
                    "{label}: {} of technical time, under the {} weekly minimum{scaled}",
                    hours(tech),
                    hours_f(min)
                ),
                seconds: tech,
            });
        }
        if let Some(min) = focus_asked(set, &fr) {
            let n = blocks_in(wfrom, wto);
            if over && n < min {
                out.push(Violation {
                    rule: Rule::MinFocusBlocks,
                    date: week,
                    message: format!(
                        "{label}: {n} focus block{} of {}m or more, {min} asked{scaled}",
                        if n == 1 { "" } else { "s" },
                        set.focus_block_minutes,
                    ),
                    seconds: 0,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.rule.as_str().cmp(b.rule.as_str()))
    });
    (out, focus_blocks)
}
