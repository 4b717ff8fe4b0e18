//! The forecast of a week (issue 9): what is logged so far, what is booked
//! still ahead, the free workday time left, and what that leaves possible —
//! the best reachable share, the technical time needed to reach the band
//! (or allowed before leaving it), the free focus windows and the booked
//! events that would break a rule. Pure: entries, booked events, config,
//! days off, the week and now in; the figures out.
//!
//! Free time is assumed to be worked, each second technical or management:
//! with T and M the logged plus booked time of each side and F the free
//! time, the best share is (T + F) / (T + M + F), and the week reaches the
//! band's lower edge L when at least L × (T + M + F) − T of F is technical.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::frame::frame;
use super::rules::{Rule, focus_stretches};
use super::{Period, SideSeconds, totals};
use crate::config::Config;
use crate::model::off::DaysOff;
use crate::model::time::hours;
use crate::model::{Entry, Side, Zone};

/// An event booked in a calendar, already classified to a side (tentative
/// and free events left out unless the import settings take them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub side: Side,
    pub title: String,
}

/// The part of a booked event that counts: within the week, after now, and
/// not already held by an event that starts earlier (on the same start,
/// the longer one holds it). Slots never overlap and are sorted by start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub side: Side,
    pub title: String,
}

/// Seconds of the week: logged so far, booked still ahead, free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanSeconds {
    pub logged: SideSeconds,
    pub booked: SideSeconds,
    pub free: i64,
}

/// A free stretch of a workday at least `focus_block_minutes` long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FocusWindow {
    pub date: NaiveDate,
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    pub minutes: i64,
}

/// A booked event that would break a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub rule: Rule,
    pub date: NaiveDate,
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    pub title: String,
    pub message: String,
}

/// One day of the week, counting only the time after now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub booked_technical: i64,
    pub booked_management: i64,
    pub free: i64,
}

/// What the week can still become (the JSON of `keel plan`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub now: DateTime<FixedOffset>,
    pub seconds: PlanSeconds,
    /// (T + free) / (T + M + free); `None` when that is 0 / 0.
    pub best_share: Option<f64>,
    pub needed_technical_seconds: i64,
    /// False when the band cannot be reached with the free time left: more
    /// technical time is needed than is free, or the week stays above the
    /// upper edge even if every free second goes to management.
    pub reachable: bool,
    pub focus_windows: Vec<FocusWindow>,
    pub focus_blocks_needed: u32,
    pub conflicts: Vec<Conflict>,
    pub by_day: Vec<DayPlan>,
    /// The most free seconds that may be technical while the week stays at
    /// or below the band's upper edge (at most the free time).
    #[serde(skip)]
    pub max_technical_seconds: i64,
    /// The booked time that counts, for drawing.
    #[serde(skip)]
    pub booked: Vec<Slot>,
    /// The band's edges, clipped to 0..1.
    #[serde(skip)]
    pub band: (f64, f64),
}

/// The pacing of the week in progress (`keel status`'s `pace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pace {
    pub needed_technical_seconds: i64,
    pub max_technical_seconds: i64,
    pub free_seconds: i64,
    pub reachable: bool,
}

impl Forecast {
    pub fn pace(&self) -> Pace {
        Pace {
            needed_technical_seconds: self.needed_technical_seconds,
            max_technical_seconds: self.max_technical_seconds,
            free_seconds: self.seconds.free,
            reachable: self.reachable,
        }
    }
}

/// Slack for float products such as 0.3 × 144000 landing a hair off.
const EPS: f64 = 1e-6;

/// The forecast of `week` at `now`. `entries` are what is logged (the
/// running timer counted up to now); `booked` the calendar's events, of
/// which only the time after now (the whole week when it has not begun)
/// counts.
pub fn forecast(
    entries: &[Entry],
    booked: &[Booked],
    cfg: &Config,
    off: &DaysOff,
    week: Period,
    now: DateTime<Utc>,
) -> Forecast {
    let zone = &cfg.zone;
    let set = cfg.boundaries_on(week.from);
    let (wfrom, wto) = week.bounds(zone);
    let ahead = now.clamp(wfrom, wto);
    let (logged, logged_days, _) = totals(entries, cfg, week);
    let slots = slots(booked, ahead, wto);

    let dates: Vec<NaiveDate> = week.days().collect();
    let mut edges: Vec<DateTime<Utc>> = dates.iter().map(|d| zone.day_start(*d)).collect();
    edges.push(wto);
    let pieces = day_pieces(&slots, &edges);
    let busy = busy(&slots, entries, ahead, wto);

    let mut booked_sum = SideSeconds::default();
    let mut by_day = Vec::with_capacity(dates.len());
    let mut focus_windows = Vec::new();
    let mut free = 0;
    for (i, date) in dates.iter().enumerate() {
        let mut day = DayPlan {
            date: *date,
            booked_technical: 0,
            booked_management: 0,
            free: 0,
        };
        for p in &pieces[i] {
            let secs = (p.end - p.start).num_seconds();
            booked_sum.add(p.side, secs);
            match p.side {
                Side::Technical => day.booked_technical += secs,
                Side::Management => day.booked_management += secs,
                Side::Other => {}
            }
        }
        for (s, e) in free_stretches(cfg, off, *date, ahead, &busy) {
            let secs = (e - s).num_seconds();
            day.free += secs;
            if secs >= i64::from(set.focus_block_minutes) * 60 {
                focus_windows.push(FocusWindow {
                    date: *date,
                    from: zone.localize(s),
                    to: zone.localize(e),
                    minutes: secs / 60,
                });
            }
        }
        free += day.free;
        by_day.push(day);
    }

    let t = logged.technical + booked_sum.technical;
    let m = logged.management + booked_sum.management;
    let n = t + m + free;
    let (low, high) = (set.low().max(0.0), set.high().min(1.0));
    let best_share = (n > 0).then(|| ((t + free) as f64 / n as f64 * 10_000.0).round() / 10_000.0);
    let needed = if n == 0 {
        0
    } else {
        ((low * n as f64 - t as f64) - EPS).ceil().max(0.0) as i64
    };
    let max_raw = (high * n as f64 - t as f64 + EPS).floor() as i64;
    let reachable = needed <= free && max_raw >= 0;

    let fr = frame(cfg, off, week);
    let logged_blocks = focus_stretches(entries, cfg)
        .into_iter()
        .filter(|(s, e)| {
            *s >= wfrom
                && *s < wto
                && (*e - *s) >= Duration::minutes(i64::from(set.focus_block_minutes))
        })
        .count() as u32;
    let asked = set
        .min_focus_blocks
        .map_or(0, |b| (f64::from(b) * fr.scale() + 1e-9).floor() as u32);

    let conflicts = if fr.all_off() {
        Vec::new()
    } else {
        let mut c = protected_conflicts(cfg, week, &slots);
        c.extend(cap_conflicts(cfg, week, &pieces, &logged_days_mgmt(&logged_days)));
        c.sort_by(|a, b| a.from.cmp(&b.from).then(a.rule.as_str().cmp(b.rule.as_str())));
        c
    };

    Forecast {
        from: week.from,
        to: week.to,
        now: zone.localize(now),
        seconds: PlanSeconds {
            logged,
            booked: booked_sum,
            free,
        },
        best_share,
        needed_technical_seconds: needed,
        reachable,
        focus_windows,
        focus_blocks_needed: asked.saturating_sub(logged_blocks),
        conflicts,
        by_day,
        max_technical_seconds: max_raw.clamp(0, free),
        booked: slots,
        band: (low, high),
    }
}

fn logged_days_mgmt(days: &[super::DayTotal]) -> Vec<i64> {
    days.iter().map(|d| d.management).collect()
}

/// The booked time that counts, within `[from, to)`: overlapping events
/// count once, the later-starting one giving way.
pub fn slots(booked: &[Booked], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Slot> {
    let mut events: Vec<&Booked> = booked
        .iter()
        .filter(|b| b.end.to_utc() > from && b.start.to_utc() < to)
        .collect();
    events.sort_by(|a, b| {
        a.start
            .to_utc()
            .cmp(&b.start.to_utc())
            .then(b.end.to_utc().cmp(&a.end.to_utc()))
            .then(a.title.cmp(&b.title))
    });
    let mut held = from;
    let mut out = Vec::new();
    for b in events {
        let s = b.start.to_utc().max(held);
        let e = b.end.to_utc().min(to);
        if e > s {
            out.push(Slot {
                start: s,
                end: e,
                side: b.side,
                title: b.title.clone(),
            });
            held = e;
        }
    }
    out
}

/// What is not free after `ahead`: the booked slots and any logged time
/// there (a log holds nothing ahead of now, but an old import may have
/// left some), merged and sorted.
fn busy(
    slots: &[Slot],
    entries: &[Entry],
    ahead: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut v: Vec<(DateTime<Utc>, DateTime<Utc>)> = slots.iter().map(|x| (x.start, x.end)).collect();
    v.extend(
        entries
            .iter()
            .map(|e| (e.start_utc().max(ahead), e.end_utc().min(to)))
            .filter(|(s, e)| e > s),
    );
    v.sort();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The slots cut at local midnights: one list per day (`edges` holds the
/// day starts and the week's end).
fn day_pieces(slots: &[Slot], edges: &[DateTime<Utc>]) -> Vec<Vec<Slot>> {
    let mut days = vec![Vec::new(); edges.len() - 1];
    for s in slots {
        let mut i = edges.partition_point(|x| *x <= s.start).saturating_sub(1);
        while i + 1 < edges.len() && edges[i] < s.end {
            let (a, b) = (s.start.max(edges[i]), s.end.min(edges[i + 1]));
            if b > a {
                days[i].push(Slot {
                    start: a,
                    end: b,
                    ..s.clone()
                });
            }
            i += 1;
        }
    }
    days
}

/// The workday of `date` in instants, when it is a workday not off.
fn workday(cfg: &Config, off: &DaysOff, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if !cfg.workday.days.contains(&date.weekday()) || off.contains(date) {
        return None;
    }
    let z: &Zone = &cfg.zone;
    let s = z.first_valid(date.and_time(cfg.workday.start));
    let e = z.first_valid(date.and_time(cfg.workday.end));
    (e > s).then_some((s, e))
}

/// The free stretches of `date`'s workday after `ahead`: not `busy`
/// (sorted, not overlapping).
fn free_stretches(
    cfg: &Config,
    off: &DaysOff,
    date: NaiveDate,
    ahead: DateTime<Utc>,
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let Some((s, e)) = workday(cfg, off, date) else {
        return Vec::new();
    };
    let (mut cursor, end) = (s.max(ahead), e);
    let mut out = Vec::new();
    if cursor >= end {
        return out;
    }
    let first = busy.partition_point(|x| x.1 <= cursor);
    for x in busy[first..].iter().take_while(|x| x.0 < end) {
        if x.0 > cursor {
            out.push((cursor, x.0));
        }
        cursor = cursor.max(x.1);
    }
    if cursor < end {
        out.push((cursor, end));
    }
    out
}

fn day_label(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

fn span(zone: &Zone, s: DateTime<Utc>, e: DateTime<Utc>) -> String {
    format!(
        "{}–{}",
        zone.localize(s).format("%H:%M"),
        zone.localize(e).format("%H:%M")
    )
}

/// Booked time of one side inside a block protected for the other: one
/// conflict per event and block occurrence.
fn protected_conflicts(cfg: &Config, week: Period, slots: &[Slot]) -> Vec<Conflict> {
    let zone = &cfg.zone;
    let set = cfg.boundaries_on(week.from);
    let mut out = Vec::new();
    for date in week.days() {
        for block in &set.protected {
            let Some(wrong) = block.side.opposite() else {
                continue;
            };
            if !block.days.contains(&date.weekday()) {
                continue;
            }
            let from = zone.first_valid(date.and_time(block.from));
            let to = zone.first_valid(date.and_time(block.to));
            for x in slots.iter().filter(|x| x.side == wrong) {
                let (s, e) = (x.start.max(from), x.end.min(to));
                if e <= s {
                    continue;
                }
                out.push(Conflict {
                    rule: Rule::ProtectedBlock,
                    date,
                    from: zone.localize(s),
                    to: zone.localize(e),
                    title: x.title.clone(),
                    message: format!(
                        "{} {}–{} is protected for {} time: \"{}\" books {} of {} inside it",
                        day_label(date),
                        block.from.format("%H:%M"),
                        block.to.format("%H:%M"),
                        block.side.as_str(),
                        x.title,
                        hours((e - s).num_seconds()),
                        wrong.as_str()
                    ),
                });
            }
        }
    }
    out
}

/// Days whose logged plus booked management goes over the daily cap: one
/// conflict a day, naming the booked event that takes the day over it.
fn cap_conflicts(
    cfg: &Config,
    week: Period,
    pieces: &[Vec<Slot>],
    logged_mgmt: &[i64],
) -> Vec<Conflict> {
    let zone = &cfg.zone;
    let set = cfg.boundaries_on(week.from);
    let Some(cap) = set.max_management_hours_per_day else {
        return Vec::new();
    };
    let cap_s = (cap * 3600.0).round() as i64;
    let mut out = Vec::new();
    for (i, date) in week.days().enumerate() {
        let mgmt: Vec<&Slot> = pieces[i]
            .iter()
            .filter(|p| p.side == Side::Management)
            .collect();
        let booked: i64 = mgmt.iter().map(|p| (p.end - p.start).num_seconds()).sum();
        let logged = logged_mgmt[i];
        if booked == 0 || logged + booked <= cap_s {
            continue;
        }
        let mut acc = logged;
        let Some(over) = mgmt.iter().find(|p| {
            acc += (p.end - p.start).num_seconds();
            acc > cap_s
        }) else {
            continue;
        };
        out.push(Conflict {
            rule: Rule::MaxManagementHoursPerDay,
            date,
            from: zone.localize(over.start),
            to: zone.localize(over.end),
            title: over.title.clone(),
            message: format!(
                "{}: {} logged and {} booked of management, over the {} daily cap by {}: \"{}\" ({}) takes it over",
                day_label(date),
                hours(logged),
                hours(booked),
                crate::model::time::hours_f(cap),
                hours(logged + booked - cap_s),
                over.title,
                span(zone, over.start, over.end)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests;
