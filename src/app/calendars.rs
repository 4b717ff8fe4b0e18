//! `keel sync`: the configured calendars imported the way `keel import`
//! does it — the events that have ended over a trailing window, the days
//! off of `off` calendars and my own absences (future ones too) — as one
//! undo step. Every calendar is read before anything is written, so a
//! calendar that is missing or does not parse fails the sync whole.

use chrono::Duration;

use super::{Ctx, ImportReport};
use crate::calendar::files;
use crate::config::CalendarSource;
use crate::import::{self, Format, Parsed};
use crate::{Error, Result};

/// Days back a sync reads by default: meetings moved into the past later
/// are still caught.
pub const DEFAULT_DAYS: u32 = 90;

/// What a sync reads.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// Days back from today.
    pub days: u32,
    pub dry_run: bool,
}

/// Read every configured calendar, then import what it holds.
pub fn sync(ctx: &Ctx, o: SyncOptions) -> Result<ImportReport> {
    if ctx.config.calendars.is_empty() {
        return Err(Error::invalid(format!(
            "no calendar is configured: add a [[calendar]] table with the `path` of an .ics file or a directory of them to {} (like the commented example at the end of the default config, config/default.toml)",
            crate::text::clean(&ctx.config_path.display().to_string())
        )));
    }
    let parsed = read_all(ctx, &ctx.config.calendars, o.days)?;
    super::import(
        ctx,
        parsed,
        &import::plan::NameRules::default(),
        "calendars",
        o.dry_run,
    )
}

/// Every calendar's events and days off, as one import reads them. An
/// event kept in two calendars (or two files) counts once.
pub fn read_all(ctx: &Ctx, sources: &[CalendarSource], days: u32) -> Result<Parsed> {
    let from = ctx.today() - Duration::days(i64::from(days));
    let mut all = Parsed::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut seen_off = std::collections::BTreeSet::new();
    for src in sources {
        let listing = files::list(src)?;
        let opts = import::Options {
            zone: ctx.config.zone,
            from: Some(from),
            // Left open: entries end today, days off reach ahead.
            to: None,
            today: ctx.today(),
            now: ctx.now,
            long: false,
            as_off: src.off,
            calendar: &ctx.config.calendar,
        };
        for f in listing.sorted() {
            let bytes = std::fs::read(f).map_err(|e| {
                crate::calendar::io_error(src, f, "read", &e).hint("Nothing was imported.")
            })?;
            let p = import::parse(Format::Ics, &bytes, &opts).map_err(|e| {
                if e.kind == crate::error::Kind::Invalid {
                    crate::calendar::unparseable(src, f, &e.message)
                        .hint("Nothing was imported.")
                } else {
                    e.context(format_args!("{}", crate::calendar::label(src)))
                        .hint("Nothing was imported.")
                }
            })?;
            all.candidates.extend(
                p.candidates
                    .into_iter()
                    .filter(|c| c.source.as_ref().is_none_or(|s| seen.insert(s.clone()))),
            );
            all.days_off.extend(
                p.days_off
                    .into_iter()
                    .filter(|o| o.source.as_ref().is_none_or(|s| seen_off.insert(s.clone()))),
            );
            all.skipped.extend(p.skipped);
            all.future += p.future;
            // The window notes speak of --from/--to, which sync has not.
            all.notes.extend(
                p.notes
                    .into_iter()
                    .filter(|n| !n.contains("--from/--to") && !n.contains("--as-off"))
                    .map(|n| format!("{}: {n}", crate::calendar::label(src))),
            );
        }
    }
    Ok(all)
}
