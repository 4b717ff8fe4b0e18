//! Commands that change or list entries: start, stop, log, edit, delete,
//! undo, entries.

use std::io::Write;

use chrono::Duration;
use serde::Serialize;

use super::args::{
    DeleteArgs, EditArgs, EntriesArgs, LogArgs, StartArgs, StopArgs, TableFormat, UndoArgs,
};
use super::paint::{Paint, Table};
use super::{date_arg, io_err, time_arg};
use crate::app::{self, Ctx, EntryChanges};
use crate::format::hours;
use crate::model::{Entry, parse};
use crate::text::clean;
use crate::{Error, Result};

fn say(out: &mut dyn Write, line: &str) -> Result<()> {
    writeln!(out, "{line}").map_err(io_err)
}

fn warn_all(ctx_warnings: &[String]) {
    for w in ctx_warnings {
        eprintln!("warning: {}", clean(w));
    }
}

/// An entry's day and times as rows show them: both ends rounded to the
/// minute, like its duration ([`row_hours`]), so the message adds up.
fn span_text(e: &Entry) -> String {
    let (start, end, _) = crate::format::row_span(e.start, e.end);
    let same_day = start.date_naive() == end.date_naive();
    if same_day {
        format!(
            "{} {}–{}",
            start.format("%a %-d %b"),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{} {}–{} {}",
            start.format("%a %-d %b"),
            start.format("%H:%M"),
            end.format("%a %-d %b"),
            end.format("%H:%M")
        )
    }
}

/// An entry's duration between its rounded ends, as [`span_text`] shows them.
fn row_hours(e: &Entry) -> String {
    hours(crate::format::row_span(e.start, e.end).2)
}

/// An instant as messages name it: `HH:MM` today, with its day otherwise
/// (`Wed 25 Nov 23:55`), in the user's zone.
fn clock_of(ctx: &Ctx, t: chrono::DateTime<chrono::FixedOffset>) -> String {
    let t = ctx.config.zone.show(t);
    if t.date_naive() == ctx.today() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%a %-d %b %H:%M").to_string()
    }
}

/// What `keel start` of the running activity changed: its note, its tags,
/// or nothing.
fn already_running(ctx: &Ctx, s: &app::Started, moved: bool, p: Paint) -> String {
    let r = &s.running;
    let mut line = format!(
        "{} is already running (since {})",
        p.bold(&clean(&r.activity)),
        clock_of(ctx, r.start)
    );
    let changes: Vec<String> = s
        .updated
        .iter()
        .map(|what| match (*what, &r.note) {
            ("note", Some(n)) => format!("set its note to \"{}\"", clean(n)),
            ("note", None) => "removed its note".to_string(),
            _ if r.tags.is_empty() => "removed its tags".to_string(),
            _ => format!("set its tags to {}", clean(&r.tags.join(", "))),
        })
        .collect();
    if !changes.is_empty() {
        line += &format!("; {} — `keel undo` reverts this", changes.join(" and "));
    }
    if moved {
        line += "\nits start stays; `keel edit running --from TIME` moves it";
    }
    line
}

pub fn start(ctx: &Ctx, a: StartArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let at = a.at.map(|s| time_arg(ctx, &s, None)).transpose()?;
    let start = if a.long { app::start_long } else { app::start };
    let s = start(ctx, &a.activity, a.note, a.tags, at)?;
    if s.already {
        let moved = at.is_some_and(|t| t.to_utc() != s.running.start.to_utc());
        return say(out, &already_running(ctx, &s, moved, p));
    }
    if let Some(r) = &s.replaced {
        return say(
            out,
            &format!(
                "replaced {} by {} (it had run under a minute), running since {}",
                clean(r),
                p.bold(&clean(&s.running.activity)),
                clock_of(ctx, s.running.start)
            ),
        );
    }
    if let Some(e) = &s.stopped {
        say(
            out,
            &format!(
                "stopped {} after {} ({})",
                p.bold(&clean(&e.activity)),
                row_hours(e),
                span_text(e)
            ),
        )?;
    }
    say(
        out,
        &format!(
            "started {} at {}",
            p.bold(&clean(&s.running.activity)),
            clock_of(ctx, s.running.start)
        ),
    )
}

pub fn stop(ctx: &Ctx, a: StopArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let at = a.at.map(|s| time_arg(ctx, &s, None)).transpose()?;
    let stop = if a.long { app::stop_long } else { app::stop };
    let e = match stop(ctx, at)? {
        app::Stopped::Logged(e) => e,
        app::Stopped::Discarded(r) => {
            return say(
                out,
                &format!(
                    "discarded {} timer, under a minute",
                    p.bold(&clean(&r.activity))
                ),
            );
        }
    };
    say(
        out,
        &format!(
            "stopped {} after {} ({})",
            p.bold(&clean(&e.activity)),
            row_hours(&e),
            span_text(&e)
        ),
    )
}

pub fn log(ctx: &Ctx, a: LogArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let span = a.span.as_str();
    let day = a.date.map(|d| date_arg(ctx, &d)).transpose()?;
    let end = match a.at {
        Some(s) => time_arg(ctx, &s, day)?,
        None => match day {
            Some(d) if d != ctx.today() && parse::duration(span).is_ok() => {
                return Err(Error::invalid(format!(
                    "a duration on {d} needs its end: add --at HH:MM, or log a span like 09:00-10:30"
                )));
            }
            _ => ctx.now_local(),
        },
    };
    let (mut start, mut end) = parse::span(
        span,
        day.unwrap_or_else(|| ctx.today()),
        end,
        &ctx.config.zone,
    )
    .map_err(Error::invalid)?;
    // `23:50-00:20` typed at 00:50 means the night that just ended, not
    // tomorrow's: a span that wraps past midnight into the future, with no
    // --date, is read a day earlier.
    if day.is_none()
        && start.date_naive() != end.date_naive()
        && end.to_utc() > ctx.now + crate::store::FUTURE_SLACK
        && let Ok((s, e)) = parse::span(
            span,
            ctx.today() - Duration::days(1),
            ctx.now_local(),
            &ctx.config.zone,
        )
        && e.to_utc() <= ctx.now + crate::store::FUTURE_SLACK
    {
        (start, end) = (s, e);
    }
    let mut e = Entry::new(start, end, &a.activity);
    e.note = a.note.filter(|n| !n.is_empty());
    e.tags = a.tags;
    let e = if a.long {
        app::log_long(ctx, e)?
    } else {
        app::log(ctx, e)?
    };
    say(
        out,
        &format!(
            "logged {} {} ({})",
            p.bold(&clean(&e.activity)),
            row_hours(&e),
            span_text(&e)
        ),
    )
}

pub fn edit(ctx: &Ctx, a: EditArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    if a.start.eq_ignore_ascii_case("running") {
        return edit_running(ctx, a, p, out);
    }
    let at = time_arg(ctx, &a.start, None)?;
    let day = Some(at.date_naive());
    let to = a.to.as_deref();
    let mut ch = EntryChanges {
        activity: a.activity,
        start: a.from.map(|s| time_arg(ctx, &s, day)).transpose()?,
        end: to.map(|s| time_arg(ctx, s, day)).transpose()?,
        note: a.note.map(Some),
        tags: a.tags,
        long: a.long,
    };
    if ch.activity.is_none()
        && ch.start.is_none()
        && ch.end.is_none()
        && ch.note.is_none()
        && ch.tags.is_none()
    {
        return Err(Error::invalid(
            "nothing to change: give --activity, --from, --to, --note or --tag",
        ));
    }
    // An end given as HH:MM before the start means the next day, as in `log`.
    if let (Some(e), Some(to)) = (ch.end, to)
        && parse::clock(to).is_some()
    {
        let s = ch.start.unwrap_or(at);
        if e < s {
            ch.end = Some(time_arg(ctx, to, Some(s.date_naive() + Duration::days(1)))?);
        }
    }
    let (old, new) = app::edit(ctx, at, ch)?;
    say(
        out,
        &format!(
            "changed {} ({})",
            p.bold(&clean(&old.activity)),
            span_text(&old)
        ),
    )?;
    say(
        out,
        &format!(
            "     to {} ({}, {})",
            p.bold(&clean(&new.activity)),
            span_text(&new),
            row_hours(&new)
        ),
    )
}

/// `keel edit running`: correct the running timer.
fn edit_running(ctx: &Ctx, a: EditArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    if let Some(to) = &a.to {
        return Err(Error::invalid(format!(
            "the running timer has no end to change; `keel stop --at {to}` ends it there"
        )));
    }
    let ch = app::RunningChanges {
        activity: a.activity,
        start: a.from.as_deref().map(|s| recent_time(ctx, s)).transpose()?,
        note: a.note.map(Some),
        tags: a.tags,
    };
    if ch == app::RunningChanges::default() {
        return Err(Error::invalid(
            "nothing to change: give --activity, --from, --note or --tag",
        ));
    }
    let (old, new) = app::edit_running(ctx, ch)?;
    let since = |r: &crate::model::Running| clock_of(ctx, r.start);
    if old == new {
        return say(
            out,
            &format!(
                "the running {} timer is unchanged (since {})",
                p.bold(&clean(&old.activity)),
                since(&old)
            ),
        );
    }
    say(
        out,
        &format!(
            "changed the running timer: {} since {}",
            p.bold(&clean(&old.activity)),
            since(&old)
        ),
    )?;
    say(
        out,
        &format!(
            "                       to {} since {} ({} so far) — `keel undo` reverts this",
            p.bold(&clean(&new.activity)),
            since(&new),
            hours(new.elapsed(ctx.now).num_seconds().max(0))
        ),
    )
}

/// A TIME that has passed: `HH:MM` is today's, or yesterday's when today's
/// is still ahead and yesterday's is within the last
/// [`LONG_ENTRY_HOURS`](crate::model::LONG_ENTRY_HOURS) (a timer started
/// before midnight). Further back, `16:40` typed at 16:30 is a time still
/// ahead today, not a timer running for a day: refused, naming the way to
/// say yesterday.
fn recent_time(ctx: &Ctx, s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    let t = time_arg(ctx, s, None)?;
    if parse::clock(s).is_some() && t.to_utc() > ctx.now + app::MIN_TIMER {
        let y = time_arg(ctx, s, Some(ctx.today() - Duration::days(1)))?;
        if ctx.now - y.to_utc() > Duration::hours(crate::model::LONG_ENTRY_HOURS) {
            return Err(Error::invalid(format!(
                "{s} is still ahead today, and a timer cannot start in the future; \
                 write `yesterday {s}` if it has been running since yesterday"
            )));
        }
        return Ok(y);
    }
    Ok(t)
}

pub fn delete(ctx: &Ctx, a: DeleteArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let Some(start) = a.start.as_deref().filter(|_| !a.future) else {
        let gone = app::delete_future(ctx)?;
        for e in &gone {
            say(
                out,
                &format!(
                    "deleted {} {} ({})",
                    p.bold(&clean(&e.activity)),
                    row_hours(e),
                    span_text(e)
                ),
            )?;
        }
        return say(
            out,
            &match gone.len() {
                0 => "no entry ends in the future; nothing was changed".to_string(),
                n => format!("deleted {n} future entries — `keel undo` brings them back"),
            },
        );
    };
    let at = time_arg(ctx, start, None)?;
    let e = app::delete(ctx, at)?;
    say(
        out,
        &format!(
            "deleted {} {} ({}) — `keel undo` brings it back",
            p.bold(&clean(&e.activity)),
            row_hours(&e),
            span_text(&e)
        ),
    )
}

pub fn undo(ctx: &Ctx, a: UndoArgs, out: &mut dyn Write) -> Result<()> {
    if a.list {
        let steps = ctx.store.undo_steps()?;
        if steps.is_empty() {
            return say(out, "nothing to undo");
        }
        let total: u64 = steps.iter().map(|s| s.bytes).sum();
        for s in &steps {
            let at = chrono::DateTime::parse_from_rfc3339(&s.at)
                .map(|t| {
                    ctx.config
                        .zone
                        .localize(t.to_utc())
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|_| s.at.clone());
            writeln!(out, "{at}  {}", clean(&s.description)).map_err(io_err)?;
        }
        return say(
            out,
            &format!(
                "{} change(s) can be undone, newest first ({} KiB; keel keeps the last 50 and at most {} MiB)",
                steps.len(),
                total.div_ceil(1024),
                crate::store::JOURNAL_MAX_BYTES / (1024 * 1024)
            ),
        );
    }
    match app::undo(ctx)? {
        Some(what) => say(out, &format!("undid: {}", clean(&what))),
        None => Err(Error::invalid("nothing to undo")),
    }
}

/// An entry as scripts see it.
#[derive(Serialize)]
struct EntryRow<'a> {
    start: String,
    end: String,
    activity: &'a str,
    side: &'a str,
    seconds: i64,
    note: Option<&'a str>,
    tags: &'a [String],
    source: Option<&'a str>,
}

pub fn list(ctx: &Ctx, a: EntriesArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let from_d = a.from.map(|s| date_arg(ctx, &s)).transpose()?;
    let to_d = a.to.map(|s| date_arg(ctx, &s)).transpose()?;
    let date = a.date.map(|s| date_arg(ctx, &s)).transpose()?;
    let (from_d, to_d) = match (date, from_d, to_d) {
        (Some(d), _, _) => (d, d),
        (None, None, None) => (ctx.today(), ctx.today()),
        (None, Some(f), None) => (f, ctx.today().max(f)),
        (None, None, Some(t)) => (t, t),
        (None, Some(f), Some(t)) => (f, t),
    };
    if to_d < from_d {
        return Err(Error::invalid(format!(
            "--to {to_d} is before --from {from_d}"
        )));
    }
    let loaded = ctx.store.load(from_d, to_d, &ctx.config.zone)?;
    warn_all(&loaded.warnings);
    let rows: Vec<EntryRow> = loaded
        .entries
        .iter()
        .map(|e| EntryRow {
            start: crate::store::month::stamp(&e.start),
            end: crate::store::month::stamp(&e.end),
            activity: &e.activity,
            side: ctx.config.side_of(&e.activity).as_str(),
            seconds: e.seconds(),
            note: e.note.as_deref(),
            tags: &e.tags,
            source: e.source.as_deref(),
        })
        .collect();
    match a.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows).map_err(|e| Error::json(&e))?;
            say(out, "")
        }
        TableFormat::Csv => {
            say(out, "start,end,activity,side,seconds,note,tags,source")?;
            for r in &rows {
                let line = [
                    r.start.clone(),
                    r.end.clone(),
                    r.activity.to_string(),
                    r.side.to_string(),
                    r.seconds.to_string(),
                    r.note.unwrap_or("").to_string(),
                    r.tags.join(";"),
                    r.source.unwrap_or("").to_string(),
                ]
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(",");
                say(out, &line)?;
            }
            Ok(())
        }
        TableFormat::Table => {
            if rows.is_empty() {
                return say(out, &p.dim(&format!("no entries from {from_d} to {to_d}")));
            }
            let mut t = Table::new(
                &["day", "time", "hours", "activity", "side", "note"],
                &[false, false, true],
            );
            for e in &loaded.entries {
                // Days and times as the user reads them now, wherever the
                // entry was logged (the file keeps its offset).
                let e = &ctx.shown(e.clone());
                let (from, to, secs) = crate::format::row_span(e.start, e.end);
                let time = if from.date_naive() == to.date_naive() {
                    format!("{}–{}", from.format("%H:%M"), to.format("%H:%M"))
                } else {
                    format!("{}–{}+1", from.format("%H:%M"), to.format("%H:%M"))
                };
                let mut note = e.note.clone().unwrap_or_default();
                for t in &e.tags {
                    note.push_str(&format!(" #{t}"));
                }
                t.row(vec![
                    e.start.format("%a %Y-%m-%d").to_string(),
                    time,
                    hours(secs),
                    clean(&e.activity).into_owned(),
                    ctx.config.side_of(&e.activity).as_str().to_string(),
                    clean(note.trim()).into_owned(),
                ]);
            }
            out.write_all(t.render(&p, "").as_bytes()).map_err(io_err)
        }
    }
}

/// One CSV cell, quoted per RFC 4180 when it needs to be.
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `keel off`: list the days off, add some, or remove some.
pub fn off(ctx: &Ctx, args: super::args::OffArgs, out: &mut dyn Write) -> Result<()> {
    let Some(from) = args.from else {
        let records = ctx.store.time_off()?;
        if records.is_empty() {
            return say(out, "no days off; `keel off FROM [TO]` marks some");
        }
        for r in &records {
            let days = r.days().count();
            let span = if r.from == r.to {
                r.from.format("%a %Y-%m-%d").to_string()
            } else {
                format!(
                    "{} – {}",
                    r.from.format("%a %Y-%m-%d"),
                    r.to.format("%a %Y-%m-%d")
                )
            };
            let note = r
                .note
                .as_deref()
                .map(|n| format!("  {}", crate::text::clean(n)))
                .unwrap_or_default();
            say(
                out,
                &format!(
                    "{span}  ({days} day{}){note}",
                    if days == 1 { "" } else { "s" }
                ),
            )?;
        }
        return Ok(());
    };
    let from = date_arg(ctx, &from)?;
    let to = args
        .to
        .as_deref()
        .map(|t| date_arg(ctx, t))
        .transpose()?
        .unwrap_or(from);
    let range = if from == to {
        from.format("%a %-d %b %Y").to_string()
    } else {
        format!(
            "{} – {}",
            from.format("%a %-d %b"),
            to.format("%a %-d %b %Y")
        )
    };
    if args.remove {
        let gone = app::remove_days_off(ctx, from, to)?;
        return say(
            out,
            &format!(
                "{} day{} off removed ({range}) — `keel undo` puts them back",
                gone.len(),
                if gone.len() == 1 { "" } else { "s" }
            ),
        );
    }
    let added = app::add_days_off(ctx, from, to, args.note)?;
    say(
        out,
        &match added.len() {
            0 => format!("{range}: already off; nothing was changed"),
            n => format!(
                "{n} day{} off ({range}); they do not count against your weekly minimums",
                if n == 1 { "" } else { "s" }
            ),
        },
    )
}
