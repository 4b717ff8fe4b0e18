//! The operations both faces share: each takes the context (config, store,
//! clock) and does one thing a user asked for, through the store. The CLI
//! prints their results; the TUI draws them. No rule lives here twice.

pub mod calendars;
pub mod dismissed;
pub mod plan;
pub mod reflect;
mod running;
pub mod sync;

pub use running::{RunningChanges, edit_running};

use crate::model::off::DaysOff;
use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::balance::{self, Brief, Period, Rolling, Streak, Summary, trend};
use crate::config::edit::{Change, ProtectChange};
use crate::config::{self, Boundaries, Config};
use crate::model::{Entry, Running};
use crate::store::Store;
use crate::{Error, Result};

/// Where "now" comes from. The binary reads the system clock (or a pinned
/// `EVENKEEL_NOW`); tests pass a fixed one.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        // Whole seconds: the files keep second resolution.
        let n = Utc::now();
        n - Duration::nanoseconds(i64::from(n.timestamp_subsec_nanos()))
    }
}

pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The clock the binary uses: `EVENKEEL_NOW` (RFC 3339) pins it, for
/// scripts and tests; otherwise the system clock.
pub fn clock_from_env() -> Result<Box<dyn Clock + Send + Sync>> {
    match std::env::var("EVENKEEL_NOW") {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s)
            .map(|t| Box::new(FixedClock(t.with_timezone(&Utc))) as Box<dyn Clock + Send + Sync>)
            .map_err(|e| {
                Error::invalid(format!("EVENKEEL_NOW=`{s}` is not an RFC 3339 time ({e})"))
            }),
        _ => Ok(Box::new(SystemClock)),
    }
}

/// What every operation works with.
pub struct Ctx {
    pub config: Config,
    pub config_path: PathBuf,
    pub store: Store,
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// The context of one command: the config read from `paths`, the data
    /// directory, and now from the binary's clock.
    pub fn open(paths: &config::Paths) -> Result<Ctx> {
        let config = config::read(&paths.config)?;
        Ok(Ctx {
            store: Store::new(&paths.data)
                .with_config(&paths.config)
                .with_zone(config.zone),
            config,
            config_path: paths.config.clone(),
            now: clock_from_env()?.now(),
        })
    }

    pub fn today(&self) -> NaiveDate {
        self.config.zone.date_of(self.now)
    }

    /// Now, in the config's zone and its current offset.
    pub fn now_local(&self) -> DateTime<FixedOffset> {
        self.config.zone.localize(self.now)
    }

    /// An entry as the user reads it now: its instants in the config's zone
    /// (after travel, an entry logged elsewhere keeps its offset in the
    /// file, but is shown and addressed in the zone the user is in).
    pub fn shown(&self, e: Entry) -> Entry {
        e.shown_in(&self.config.zone)
    }

    /// The days off, as the balance engine takes them.
    pub fn days_off(&self) -> Result<DaysOff> {
        Ok(DaysOff::new(&self.store.time_off()?))
    }

    pub fn this_week(&self) -> NaiveDate {
        trend::current_week(&self.config, self.now)
    }
}

/// What starting a timer did.
pub struct Started {
    /// The timer that ran before, now an entry.
    pub stopped: Option<Entry>,
    /// The activity of a timer that ran under a minute: not logged, its
    /// start kept for the new activity.
    pub replaced: Option<String>,
    /// The activity was already running: nothing split (its note or tags
    /// were updated when given).
    pub already: bool,
    /// When `already`: what the given note or tags changed (`"note"`,
    /// `"tags"`), so that a face can say it; empty when nothing changed.
    pub updated: Vec<&'static str>,
    pub running: Running,
}

/// A timer stopped or switched sooner than this after its start leaves no
/// entry: two keys pressed in the same second are a correction, not work.
pub const MIN_TIMER: Duration = Duration::minutes(1);

/// What stopping the timer did.
#[derive(Debug, Clone, PartialEq)]
pub enum Stopped {
    Logged(Entry),
    /// It ran under a minute: nothing was logged.
    Discarded(Running),
}

/// Start (or switch) the timer at `at` (default now). A running timer stops
/// at the same instant.
pub fn start(
    ctx: &Ctx,
    activity: &str,
    note: Option<String>,
    tags: Vec<String>,
    at: Option<DateTime<FixedOffset>>,
) -> Result<Started> {
    start_with(ctx, activity, note, tags, at, false)
}

/// [`start`], switching from a timer that ran over
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) if the user said it
/// really did (`--long`; the TUI asks about such a timer on its own).
pub fn start_long(
    ctx: &Ctx,
    activity: &str,
    note: Option<String>,
    tags: Vec<String>,
    at: Option<DateTime<FixedOffset>>,
) -> Result<Started> {
    start_with(ctx, activity, note, tags, at, true)
}

fn start_with(
    ctx: &Ctx,
    activity: &str,
    note: Option<String>,
    tags: Vec<String>,
    at: Option<DateTime<FixedOffset>>,
    long: bool,
) -> Result<Started> {
    let a = ctx.config.require_activity(activity)?;
    let at = at.unwrap_or_else(|| ctx.now_local());
    crate::model::storable(&at)
        .map_err(|m| Error::invalid(format!("the timer would start {m}")))?;
    if at.with_timezone(&Utc) > ctx.now + Duration::minutes(1) {
        return Err(Error::invalid(format!(
            "{} is in the future; a timer starts now or earlier",
            ctx.config.zone.show(at).format("%Y-%m-%d %H:%M")
        )));
    }
    let mut tx = ctx.store.begin(ctx.now)?;
    let mut replaced = None;
    let mut start_at = at;
    let stopped = match tx.running()? {
        // The running activity again: never split it.
        Some(old) if old.activity == a.name => {
            let mut running = old.clone();
            if note.is_some() {
                running.note = note.filter(|n| !n.is_empty());
            }
            if !tags.is_empty() {
                running.tags = tags;
            }
            let mut updated = Vec::new();
            if running.note != old.note {
                updated.push("note");
            }
            if running.tags != old.tags {
                updated.push("tags");
            }
            if !updated.is_empty() {
                tx.set_running(Some(running.clone()))?;
                tx.commit(&format!("{} of the running {}", updated.join(" and "), running.activity))?;
            }
            return Ok(Started {
                stopped: None,
                replaced: None,
                already: true,
                updated,
                running: running.shown_in(&ctx.config.zone),
            });
        }
        Some(old) if at >= old.start && at - old.start < MIN_TIMER => {
            // A correction: the new activity takes the old one's start.
            start_at = old.start;
            replaced = Some(old.activity.clone());
            tx.set_running(None)?;
            None
        }
        Some(old) => {
            if at <= old.start {
                return Err(Error::invalid(format!(
                    "the running {} timer started at {}, after {}; switch at a later time or `keel stop` first",
                    old.activity,
                    ctx.config.zone.show(old.start).format("%Y-%m-%d %H:%M"),
                    ctx.config.zone.show(at).format("%Y-%m-%d %H:%M")
                )));
            }
            let e = old.finish(at);
            if !long {
                refuse_long_timer(ctx, &old, &e, "switch")?;
            }
            tx.set_running(None)?;
            tx.add(e.clone())?;
            Some(e)
        }
        None => None,
    };
    let at = start_at;
    // A back-dated start must not run over entries logged since.
    let clash = tx.entries_between(
        at.with_timezone(&Utc),
        ctx.now.max(at.with_timezone(&Utc)) + Duration::seconds(1),
    )?;
    if let Some(o) = clash.iter().find(|e| e.end_utc() > at.with_timezone(&Utc)) {
        return Err(Error::invalid(crate::model::clash::timer_over(
            at,
            &ctx.shown(o.clone()),
        )));
    }
    let running = Running {
        start: at,
        activity: a.name.clone(),
        note,
        tags,
    };
    tx.set_running(Some(running.clone()))?;
    let what = match (&stopped, &replaced) {
        (Some(s), _) => format!("switch from {} to {}", s.activity, running.activity),
        (None, Some(r)) => format!("replace {r} by {}", running.activity),
        (None, None) => format!("start {}", running.activity),
    };
    tx.commit(&what)?;
    Ok(Started {
        stopped: stopped.map(|e| ctx.shown(e)),
        replaced,
        already: false,
        updated: Vec::new(),
        running: running.shown_in(&ctx.config.zone),
    })
}

/// Stop the timer at `at` (default now), turning it into an entry; a timer
/// that ran under a minute is discarded instead.
pub fn stop(ctx: &Ctx, at: Option<DateTime<FixedOffset>>) -> Result<Stopped> {
    stop_with(ctx, at, false)
}

/// [`stop`], keeping a block over
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) the user confirmed
/// (`--long`; the TUI asks about such a timer on its own).
pub fn stop_long(ctx: &Ctx, at: Option<DateTime<FixedOffset>>) -> Result<Stopped> {
    stop_with(ctx, at, true)
}

/// A timer that would become a block over
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) is most likely one
/// left running: `keel stop --at` ends it when the work did.
fn refuse_long_timer(ctx: &Ctx, r: &Running, e: &Entry, verb: &str) -> Result<()> {
    if !e.is_long() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the {} timer has run {} since {}, longer than {} hours, which is most likely a timer left running; `keel stop --at TIME` ends it when you stopped (then {verb}), or add --long to keep the whole block",
        r.activity,
        crate::format::hours(e.seconds()),
        ctx.config.zone.show(r.start).format("%Y-%m-%d %H:%M"),
        crate::model::LONG_ENTRY_HOURS
    )))
}

fn stop_with(ctx: &Ctx, at: Option<DateTime<FixedOffset>>, long: bool) -> Result<Stopped> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let Some(r) = tx.running()? else {
        return Err(Error::invalid(
            "no timer is running; `keel start <activity>` starts one",
        ));
    };
    let at = at.unwrap_or_else(|| ctx.now_local());
    if at >= r.start && at - r.start < MIN_TIMER {
        tx.set_running(None)?;
        tx.commit(&format!("discard {}", r.activity))?;
        return Ok(Stopped::Discarded(r));
    }
    if at <= r.start {
        return Err(Error::invalid(format!(
            "the {} timer started at {}; stop it at a later time",
            r.activity,
            ctx.config.zone.show(r.start).format("%Y-%m-%d %H:%M")
        )));
    }
    if at.with_timezone(&Utc) > ctx.now + Duration::minutes(1) {
        return Err(Error::invalid(format!(
            "{} is in the future; stop the timer now or earlier",
            ctx.config.zone.show(at).format("%Y-%m-%d %H:%M")
        )));
    }
    let e = r.finish(at);
    if e.duration() > Duration::days(crate::model::MAX_ENTRY_DAYS) {
        return Err(Error::invalid(format!(
            "the {} timer has run since {} ({}), longer than an entry may last; stop it at its real end with `keel stop --at \"YYYY-MM-DD HH:MM\"`",
            r.activity,
            ctx.config.zone.show(r.start).format("%Y-%m-%d %H:%M"),
            crate::format::hours(e.seconds())
        )));
    }
    if !long {
        refuse_long_timer(ctx, &r, &e, "start again")?;
    }
    tx.set_running(None)?;
    tx.add(e.clone())?;
    tx.commit(&format!("stop {}", e.activity))?;
    Ok(Stopped::Logged(ctx.shown(e)))
}

/// Log a block after the fact. A block over
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) is refused as a
/// likely mistake: [`log_long`] is for one the user confirmed.
pub fn log(ctx: &Ctx, e: Entry) -> Result<Entry> {
    log_entry(ctx, e, false)
}

/// Log a block the user said may last over
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) (`--long`, or the
/// TUI's confirmation), up to the days an entry may span.
pub fn log_long(ctx: &Ctx, e: Entry) -> Result<Entry> {
    log_entry(ctx, e, true)
}

fn log_entry(ctx: &Ctx, mut e: Entry, long: bool) -> Result<Entry> {
    let a = ctx.config.require_activity(&e.activity)?;
    e.activity = a.name.clone();
    refuse_short(ctx, &e)?;
    let mut tx = ctx.store.begin(ctx.now)?;
    // What no flag allows (the future, an overlap) is said first.
    tx.add(e.clone())?;
    if !long {
        refuse_long(ctx, &e, None)?;
    }
    tx.commit(&format!(
        "log {} {}",
        e.activity,
        e.start.format("%Y-%m-%d %H:%M")
    ))?;
    Ok(ctx.shown(e))
}

/// A block under a minute: it would read `0m` on every screen (a timer
/// stopped that soon leaves nothing, see [`MIN_TIMER`]); keel logs minutes.
/// An end not after the start is the store's to name.
fn refuse_short(ctx: &Ctx, e: &Entry) -> Result<()> {
    if e.duration() >= MIN_TIMER || e.duration() <= Duration::zero() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{} from {} lasts {}s, under a minute; keel logs whole minutes: give a longer span",
        e.activity,
        ctx.config.zone.show(e.start).format("%Y-%m-%d %H:%M:%S"),
        e.duration().num_seconds()
    )))
}

/// A block over [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) that
/// nobody confirmed (an edit that does not make an entry longer passes).
/// One that ends in the future is left to the store, whose refusal says
/// the more useful thing.
fn refuse_long(ctx: &Ctx, e: &Entry, before: Option<&Entry>) -> Result<()> {
    if !e.is_long()
        || before.is_some_and(|b| e.duration() <= b.duration())
        || e.end_utc() > ctx.now + crate::store::FUTURE_SLACK
    {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{} from {} to {} lasts {}, longer than {} hours, which is most likely a mistake (a forgotten timer, a mistyped span); check the times, or add --long if it really was one block",
        e.activity,
        ctx.config.zone.show(e.start).format("%Y-%m-%d %H:%M"),
        ctx.config.zone.show(e.end).format("%Y-%m-%d %H:%M"),
        crate::format::hours(e.seconds()),
        crate::model::LONG_ENTRY_HOURS
    )))
}

/// What `edit` may change.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EntryChanges {
    pub activity: Option<String>,
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
    pub note: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    /// The entry may become longer than
    /// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) (`--long`).
    pub long: bool,
}

/// Change the entry that begins at `start`. Returns (before, after).
pub fn edit(ctx: &Ctx, start: DateTime<FixedOffset>, mut ch: EntryChanges) -> Result<(Entry, Entry)> {
    if let Some(a) = &mut ch.activity {
        *a = ctx.config.require_activity(a)?.name.clone();
    }
    let mut tx = ctx.store.begin(ctx.now)?;
    let old = tx.remove(start)?;
    let mut new = old.clone();
    if let Some(a) = ch.activity {
        new.activity = a;
    }
    // A time given again unchanged (the TUI's form sends every field)
    // keeps the offset it was logged in: only a moved instant is rewritten.
    if let Some(s) = ch.start.filter(|s| *s != old.start) {
        new.start = s;
    }
    if let Some(e) = ch.end.filter(|e| *e != old.end) {
        new.end = e;
    }
    if let Some(n) = ch.note {
        new.note = n.filter(|s| !s.is_empty());
    }
    if let Some(t) = ch.tags {
        new.tags = t;
    }
    if new.start != old.start || new.end != old.end {
        refuse_short(ctx, &new)?;
    }
    tx.add(new.clone())?;
    if !ch.long {
        refuse_long(ctx, &new, Some(&old))?;
    }
    tx.commit(&format!(
        "edit {} {}",
        old.activity,
        ctx.config.zone.show(old.start).format("%Y-%m-%d %H:%M")
    ))?;
    Ok((ctx.shown(old), ctx.shown(new)))
}

pub fn delete(ctx: &Ctx, start: DateTime<FixedOffset>) -> Result<Entry> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let old = tx.remove(start)?;
    // An imported item deleted is not imported again (`keel sync --restore`).
    tx.dismiss(old.source.clone(), false)?;
    tx.commit(&format!(
        "delete {} {}",
        old.activity,
        ctx.config.zone.show(old.start).format("%Y-%m-%d %H:%M")
    ))?;
    Ok(ctx.shown(old))
}

/// Mark the days `from..=to` off. Days already off keep their record.
/// Returns the days newly off.
pub fn add_days_off(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    note: Option<String>,
) -> Result<Vec<NaiveDate>> {
    check_day_range(from, to)?;
    let mut tx = ctx.store.begin(ctx.now)?;
    let mut records = tx.time_off()?;
    let added = crate::model::off::add(
        &mut records,
        crate::model::off::Off {
            from,
            to,
            note: note.filter(|n| !n.trim().is_empty()),
            source: None,
        },
    );
    if !added.is_empty() {
        tx.set_time_off(&records)?;
        tx.commit(&format!("days off {from} to {to}"))?;
    }
    Ok(added)
}

/// Days off no more: `from..=to`, splitting a range where needed. Refuses
/// (exit 2) when none of those days is off.
pub fn remove_days_off(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>> {
    check_day_range(from, to)?;
    let mut tx = ctx.store.begin(ctx.now)?;
    let mut records = tx.time_off()?;
    let sources = |rs: &[crate::model::off::Off]| -> std::collections::BTreeSet<String> {
        rs.iter().filter_map(|o| o.source.clone()).collect()
    };
    let before = sources(&records);
    let removed = crate::model::off::remove(&mut records, from, to);
    if removed.is_empty() {
        return Err(Error::invalid(format!(
            "no day from {from} to {to} is off, so there is nothing to remove; `keel off` lists the days off"
        )));
    }
    // An imported day off taken back whole stays away: the next sync must
    // not bring it back (part of one keeps its source, which does the same).
    let left = sources(&records);
    let gone = before.difference(&left).cloned();
    tx.dismiss(gone, false)?;
    tx.set_time_off(&records)?;
    tx.commit(&format!("remove days off {from} to {to}"))?;
    Ok(removed)
}

fn check_day_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    use chrono::Datelike;
    if to < from {
        return Err(Error::invalid(format!(
            "{to} is before {from}; give the first day, then the last"
        )));
    }
    for d in [from, to] {
        if !crate::model::YEARS.contains(&d.year()) {
            return Err(Error::invalid(format!(
                "{d} is outside the years keel can store (1 to 9999)"
            )));
        }
    }
    Ok(())
}

/// Remove every entry that ends in the future, as one undo step.
pub fn delete_future(ctx: &Ctx) -> Result<Vec<Entry>> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let gone = tx.remove_ending_after(ctx.now + crate::store::FUTURE_SLACK)?;
    if !gone.is_empty() {
        tx.commit(&format!("delete {} future entries", gone.len()))?;
    }
    Ok(gone.into_iter().map(|e| ctx.shown(e)).collect())
}

/// Revert the last change keel made.
pub fn undo(ctx: &Ctx) -> Result<Option<String>> {
    ctx.store.undo()
}

/// Change boundaries from `since` (default: this week's first day). Writes
/// the config (created from the default if absent) with comments kept.
pub fn set_boundaries(
    ctx: &Ctx,
    changes: &[Change],
    since: Option<NaiveDate>,
) -> Result<Boundaries> {
    let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
    let what = format!("set boundaries {}", keys.join(", "));
    edit_boundaries(ctx, since, &what, |text, since, current| {
        config::edit::set_boundaries(text, &ctx.config_path, since, current, changes)
    })
}

/// Add or remove a protected block from `since` (default: this week's
/// first day), by the same dated-set rule as [`set_boundaries`].
pub fn set_protected(
    ctx: &Ctx,
    change: &ProtectChange,
    since: Option<NaiveDate>,
) -> Result<Boundaries> {
    let what = match change {
        ProtectChange::Add(_) => "protect a block".to_string(),
        ProtectChange::Remove(n) => format!("unprotect block {n}"),
    };
    edit_boundaries(ctx, since, &what, |text, since, current| {
        config::edit::set_protected(text, &ctx.config_path, since, current, change)
    })
}

/// Edit the config's boundary sets as one undo step named `what`; the set
/// in force on `since` afterwards.
fn edit_boundaries(
    ctx: &Ctx,
    since: Option<NaiveDate>,
    what: &str,
    edit: impl FnOnce(&str, NaiveDate, &Boundaries) -> Result<String>,
) -> Result<Boundaries> {
    let since = since.unwrap_or_else(|| ctx.this_week());
    let mut tx = ctx.store.begin(ctx.now)?;
    let text =
        config::read_text(&ctx.config_path)?.unwrap_or_else(|| config::DEFAULT_TOML.to_string());
    let out = edit(&text, since, ctx.config.boundaries_on(since))?;
    let parsed = config::load::parse(&out, &ctx.config_path).map_err(Error::from)?;
    tx.write_file(&ctx.config_path, Some(out))?;
    tx.commit(&format!("{what} from {since}"))?;
    Ok(parsed.boundaries_on(since).clone())
}

pub fn set_review(ctx: &Ctx, week: NaiveDate, text: &str) -> Result<()> {
    let mut tx = ctx.store.begin(ctx.now)?;
    tx.set_review(week, text)?;
    tx.commit(&format!("review of the week of {week}"))
}

/// The entries of the days `from..=to`, with the running timer counted up to
/// now as if it were an entry, and warnings about unreadable neighbours.
pub fn entries_with_running(
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<Entry>, Vec<String>)> {
    let loaded = ctx.store.load(from, to, &ctx.config.zone)?;
    let mut entries = loaded.entries;
    let mut warnings = loaded.warnings;
    for e in &entries {
        if ctx.config.activity(&e.activity).is_none() {
            let w = format!(
                "activity `{}` is not in the config; its entries count as other",
                e.activity
            );
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
    }
    balance::count_running(&mut entries, ctx.store.running()?.as_ref(), ctx.now_local());
    Ok((entries, warnings))
}

/// The summary of a period, the running timer included up to now.
pub fn summary(ctx: &Ctx, period: Period) -> Result<(Summary, Vec<String>)> {
    let (entries, warnings) = entries_with_running(ctx, period.from, period.to)?;
    let off = ctx.days_off()?;
    Ok((
        balance::summarize(&entries, &ctx.config, &off, period, ctx.now),
        warnings,
    ))
}

#[derive(Debug, Clone, Serialize)]
pub struct RunningInfo {
    pub activity: String,
    pub start: DateTime<FixedOffset>,
    pub elapsed: i64,
}

/// What `keel status` and the TUI status line say.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub running: Option<RunningInfo>,
    pub today: Brief,
    pub week: Brief,
    pub rolling: Rolling,
    /// In JSON, the number of weeks (SPEC §5); `streak_status` is the
    /// drift it counts (the week in progress may be `incomplete` while a
    /// streak stands).
    #[serde(serialize_with = "streak_weeks")]
    pub streak: Streak,
    pub streak_status: balance::Status,
    /// The pacing of the week in progress (`app::plan::pace`).
    pub pace: balance::forecast::Pace,
    #[serde(skip)]
    pub week_number: u32,
    #[serde(skip)]
    pub target: (f64, f64),
    #[serde(skip)]
    pub warnings: Vec<String>,
}

fn streak_weeks<S: serde::Serializer>(s: &Streak, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_u32(s.weeks)
}

/// Weeks of history read at first for the streak; more is read only while
/// the streak reaches that far back.
const STREAK_CHUNK: u32 = 8;

/// A week with the figures that look beyond it: what the Week screen shows
/// for any week and the status line for this one.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    pub summary: Summary,
    pub number: u32,
    pub rolling: Rolling,
    pub streak: Streak,
}

/// The entries of the week starting `week` and of enough weeks before it
/// for its rolling status and the start of its streak; with how many weeks
/// were read (the week included).
fn week_entries(ctx: &Ctx, week: NaiveDate) -> Result<(Vec<Entry>, u32, Vec<String>)> {
    let set = ctx.config.boundaries_on(week);
    let window = set.window_weeks.max(1);
    let lookback = window.max(STREAK_CHUNK);
    let from = week - Duration::weeks(i64::from(lookback) - 1);
    let to = week + Duration::days(6);
    // The window of the rolling status must be read; older weeks only extend
    // the streak, so a month there that does not parse is warned about
    // instead of failing the status line.
    let window_from = week - Duration::weeks(i64::from(window) - 1);
    match entries_with_running(ctx, from, to) {
        Ok((es, w)) => Ok((es, lookback, w)),
        Err(e) if window_from > from => {
            let (es, mut w) = entries_with_running(ctx, window_from, to)?;
            w.push(format!(
                "the streak counts weeks from {window_from} only:\n{}",
                e.message
            ));
            Ok((es, window, w))
        }
        Err(e) => Err(e),
    }
}

/// The streak of the week starting `week`, counted over `entries` (which
/// hold the `read` weeks up to it). While the streak reaches as far back as
/// was read, more is read, up to [`trend::MAX_STREAK_WEEKS`].
fn streak_of(
    ctx: &Ctx,
    off: &DaysOff,
    week: NaiveDate,
    entries: &[Entry],
    read: u32,
    warnings: &mut Vec<String>,
) -> Streak {
    let max = trend::MAX_STREAK_WEEKS;
    let to = week + Duration::days(6);
    let mut reach = read.min(max);
    let (mut streak, mut more) = trend::streak_over(entries, &ctx.config, off, week, reach);
    while more && reach < max {
        reach = (reach * 2).min(max);
        let from = week - Duration::weeks(i64::from(reach) - 1);
        match entries_with_running(ctx, from, to) {
            Ok((all, _)) => {
                (streak, more) = trend::streak_over(&all, &ctx.config, off, week, reach)
            }
            Err(e) => {
                warnings.push(format!(
                    "the streak may be longer than {} weeks:\n{}",
                    streak.weeks, e.message
                ));
                break;
            }
        }
    }
    streak
}

fn view_of(
    ctx: &Ctx,
    off: &DaysOff,
    week: NaiveDate,
    entries: &[Entry],
    read: u32,
    warnings: &mut Vec<String>,
) -> WeekView {
    let cfg = &ctx.config;
    WeekView {
        summary: balance::summarize(
            entries,
            cfg,
            off,
            Period::week(week, cfg.week_start),
            ctx.now,
        ),
        number: crate::model::time::week_number(week, cfg.week_start),
        rolling: trend::rolling(entries, cfg, off, week),
        streak: streak_of(ctx, off, week, entries, read, warnings),
    }
}

/// The week starting `week` with its rolling status and streak, the
/// running timer counted up to now; and warnings about what was skipped.
pub fn week_view(ctx: &Ctx, week: NaiveDate) -> Result<(WeekView, Vec<String>)> {
    let (entries, read, mut warnings) = week_entries(ctx, week)?;
    let off = ctx.days_off()?;
    let view = view_of(ctx, &off, week, &entries, read, &mut warnings);
    Ok((view, warnings))
}

pub fn status(ctx: &Ctx) -> Result<StatusReport> {
    let week = ctx.this_week();
    let set = ctx.config.boundaries_on(week);
    let (entries, read, mut warnings) = week_entries(ctx, week)?;
    let off = ctx.days_off()?;
    let today = balance::summarize(
        &entries,
        &ctx.config,
        &off,
        Period::day(ctx.today()),
        ctx.now,
    );
    let view = view_of(ctx, &off, week, &entries, read, &mut warnings);
    let pace = plan::pace(ctx, &entries, &off, week, &mut warnings);
    let running = ctx.store.running()?.map(|r| RunningInfo {
        activity: r.activity.clone(),
        start: r.start,
        elapsed: r.elapsed(ctx.now).num_seconds().max(0),
    });
    Ok(StatusReport {
        running,
        today: today.brief(),
        week: view.summary.brief(),
        rolling: view.rolling,
        streak: view.streak,
        streak_status: view.streak.status,
        pace,
        week_number: view.number,
        target: (set.technical_share, set.tolerance),
        warnings,
    })
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Default, Clone)]
pub struct ImportReport {
    pub added: Vec<Entry>,
    pub skipped: Vec<crate::import::Skipped>,
    pub conflicts: Vec<crate::import::plan::Conflict>,
    pub notes: Vec<String>,
    /// Items left out because they have not ended yet.
    pub future: usize,
    /// Days off added: each record with the days of it that were not off
    /// before.
    pub days_off: Vec<(crate::model::off::Off, usize)>,
    /// Days (not ranges, like `days_off`'s counts) the file names that
    /// were off already: imported before, or taken off another way.
    pub days_off_known: usize,
    /// Weekly reflections (keel's JSON export): added, already there, or
    /// kept as the user wrote them.
    pub reflections: reflect::Restored,
    /// Dismissed sources a backup (keel's JSON) added to this machine's.
    pub dismissed: Vec<String>,
    pub dry_run: bool,
}

/// Import what a parser read: name activities (`naming`: `--map`,
/// `--default`, `--prefer`; any unknown or ambiguous name fails the whole
/// import, listing every one), leave out what is already there, and add the
/// rest as one undo step named after `label`. With `dry_run` nothing is
/// written, not even the data directory or its lock: the data is only read.
pub fn import(
    ctx: &Ctx,
    parsed: crate::import::Parsed,
    naming: &crate::import::plan::NameRules,
    label: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    use crate::import::plan;
    let zone = ctx.config.zone;
    let mut parsed = parsed;
    let mut tx = None;
    let mut dismissed = if dry_run {
        ctx.store.dismissed()?
    } else {
        tx.insert(ctx.store.begin(ctx.now)?).dismissed()?
    };
    // A backup's dismissed sources join this machine's.
    let more: Vec<String> = std::mem::take(&mut parsed.dismissed)
        .into_iter()
        .filter(|s| dismissed.insert(s.clone()))
        .collect();
    let left_out = dismissed::leave_out(&mut parsed, &dismissed);
    let (entries, mut skipped) = plan::resolve(parsed.candidates, &ctx.config, naming, &zone)
        .map_err(|errs| {
            Error::invalid(format!(
                "nothing was imported; {} item(s) need fixing:\n  {}",
                errs.len(),
                errs.join("\n  ")
            ))
        })?;
    skipped.splice(0..0, parsed.skipped);
    let span = entries
        .iter()
        .map(Entry::start_utc)
        .min()
        .zip(entries.iter().map(Entry::end_utc).max());
    // Sources already imported nearby: an item whose times changed since
    // (a moved meeting) is still the same item.
    let near = Duration::days(35);
    let mut notes = parsed.notes;
    notes.extend(left_out);
    if !more.is_empty() {
        notes.push(format!(
            "{} source(s) thrown away on the exporting machine are not imported again here either (`keel sync --list-dismissed`)",
            more.len()
        ));
    }
    let (existing, known, running) = if dry_run {
        let mut read = |lo: DateTime<Utc>, hi: DateTime<Utc>| -> Result<Vec<Entry>> {
            let l = ctx.store.load(zone.date_of(lo), zone.date_of(hi), &zone)?;
            notes.extend(l.warnings);
            Ok(l.entries
                .into_iter()
                .filter(|e| e.end_utc() > lo && e.start_utc() < hi)
                .collect())
        };
        match span {
            Some((lo, hi)) => (
                read(lo, hi)?,
                read(lo - near, hi + near)?,
                ctx.store.running()?,
            ),
            None => (Vec::new(), Vec::new(), None),
        }
    } else {
        let t = match tx.as_mut() {
            Some(t) => t,
            None => tx.insert(ctx.store.begin(ctx.now)?),
        };
        match span {
            Some((lo, hi)) => (
                t.entries_between(lo, hi)?,
                t.entries_between(lo - near, hi + near)?,
                t.running()?,
            ),
            None => (Vec::new(), Vec::new(), None),
        }
    };
    let known: std::collections::BTreeSet<String> =
        known.into_iter().filter_map(|e| e.source).collect();
    let p = plan::plan(entries, &existing, &known, running.as_ref(), &zone);
    skipped.extend(p.skipped);
    let mut records = match tx.as_mut() {
        Some(t) if !parsed.days_off.is_empty() => t.time_off()?,
        None if !parsed.days_off.is_empty() => ctx.store.time_off()?,
        _ => Vec::new(),
    };
    let (days_off, days_off_known) =
        merge_days_off(&mut records, parsed.days_off, &mut skipped, &mut notes);
    let mut reviews = match tx.as_mut() {
        Some(t) if !parsed.reflections.is_empty() => t.reviews()?,
        None if !parsed.reflections.is_empty() => ctx.store.reviews()?,
        _ => crate::store::Reviews::new(),
    };
    let reflections = reflect::restore(&mut reviews, parsed.reflections, ctx.config.week_start);
    for w in &reflections.kept {
        notes.push(format!(
            "the week of {w} keeps its reflection: the file's differs (`keel review --week {w}` shows the one kept)"
        ));
    }
    let report = ImportReport {
        added: p.added,
        skipped,
        conflicts: p.conflicts,
        notes,
        future: parsed.future,
        days_off,
        days_off_known,
        reflections,
        dismissed: more,
        dry_run,
    };
    let changes = !report.added.is_empty()
        || !report.days_off.is_empty()
        || !report.reflections.added.is_empty()
        || !report.dismissed.is_empty();
    let Some(mut tx) = tx.filter(|_| changes) else {
        return Ok(report);
    };
    for e in &report.added {
        tx.add(e.clone())?;
    }
    let mut what = format!("import {label}: {} entries", report.added.len());
    if !report.dismissed.is_empty() {
        tx.dismiss(report.dismissed.iter().cloned(), false)?;
        what.push_str(&format!(", {} dismissed sources", report.dismissed.len()));
    }
    if !report.days_off.is_empty() {
        tx.set_time_off(&records)?;
        let days: usize = report.days_off.iter().map(|d| d.1).sum();
        what.push_str(&format!(", {days} days off"));
    }
    if !report.reflections.added.is_empty() {
        tx.set_reviews(&reviews)?;
        what.push_str(&format!(
            ", {} reflections",
            report.reflections.added.len()
        ));
    }
    tx.commit(&what)?;
    Ok(report)
}

/// Add imported days off to `records`: a source imported before adds
/// nothing, nor do days already off; a range keel cannot store is skipped.
/// Returns what was added (each with its new days) and how many of the
/// days named were off already — days, so that both counts add up to the
/// days the file names.
/// A known source whose days changed since (a vacation extended) is not
/// changed behind the user's back (a day taken back by hand stays back); a
/// note says which days the file now names.
fn merge_days_off(
    records: &mut Vec<crate::model::off::Off>,
    new: Vec<crate::model::off::Off>,
    skipped: &mut Vec<crate::import::Skipped>,
    notes: &mut Vec<String>,
) -> (Vec<(crate::model::off::Off, usize)>, usize) {
    let (mut added, mut known) = (Vec::new(), 0);
    for o in new {
        if let Err(e) = check_day_range(o.from, o.to) {
            skipped.push(crate::import::Skipped {
                what: format!(
                    "days off {} to {} \"{}\"",
                    o.from,
                    o.to,
                    o.note.as_deref().unwrap_or_default()
                ),
                why: e.message,
            });
            continue;
        }
        let before: Vec<&crate::model::off::Off> = records
            .iter()
            .filter(|r| o.source.is_some() && r.source == o.source)
            .collect();
        if let (Some(first), Some(last)) = (before.first(), before.last())
            && (first.from, last.to) != (o.from, o.to)
        {
            notes.push(format!(
                "\"{}\" was imported before as days off {} to {}; the file now says {} to {} (`keel off` / `keel off --remove` change them)",
                o.note.as_deref().unwrap_or_default(),
                first.from,
                last.to,
                o.from,
                o.to
            ));
        }
        let named = usize::try_from((o.to - o.from).num_days() + 1).unwrap_or(0);
        match crate::model::off::add(records, o.clone()).len() {
            0 => known += named,
            n => {
                known += named.saturating_sub(n);
                added.push((o, n));
            }
        }
    }
    added.sort_by_key(|(o, _)| (o.from, o.to));
    (added, known)
}
