//! `keel sync`: the configured calendars imported (`app::calendars`), said
//! the way `keel import` says it; `--restore` and `--list-dismissed` for
//! the items no sync brings back.

use std::io::Write;

use super::args::SyncArgs;
use super::io_err;
use super::paint::Paint;
use crate::Result;
use crate::app::{Ctx, calendars, dismissed};
use crate::text::clean;

pub fn sync(ctx: &Ctx, a: SyncArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    if a.list_dismissed {
        for s in ctx.store.dismissed()? {
            writeln!(out, "{}", clean(&s)).map_err(io_err)?;
        }
        return Ok(());
    }
    if !a.restore.is_empty() {
        let n = dismissed::restore(ctx, &a.restore)?;
        return writeln!(
            out,
            "restored {n} source(s): the next `keel sync` imports them again; `keel undo` reverts this"
        )
        .map_err(io_err);
    }
    let mut report = calendars::sync(
        ctx,
        calendars::SyncOptions {
            days: a.days,
            dry_run: a.dry_run,
        },
    )?;
    // Every sync meets what earlier ones imported: counted, not listed.
    let before = report.skipped.len();
    report.skipped.retain(|s| s.why != "already imported");
    let known = before - report.skipped.len();
    if known > 0 {
        report.notes.push(format!(
            "{known} event(s) imported before, left as they are"
        ));
    }
    super::transfer::summary(&report, &ctx.config.zone, "event", p, out)
}
