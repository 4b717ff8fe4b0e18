//! Correcting the running timer (`keel edit running`, `e` on the running
//! row): a wrong activity, a late start, its note and tags — by the rules
//! of `start`, as one undo step.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::{Ctx, MIN_TIMER};
use crate::model::Running;
use crate::{Error, Result};

/// What `edit_running` may change: the timer has no end yet.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RunningChanges {
    pub activity: Option<String>,
    pub start: Option<DateTime<FixedOffset>>,
    pub note: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
}

/// Correct the running timer (a wrong activity, a late start), by the rules
/// of `start`: it starts now or earlier, and runs over no logged entry. One
/// undo step. Returns (before, after).
pub fn edit_running(ctx: &Ctx, ch: RunningChanges) -> Result<(Running, Running)> {
    let activity = match &ch.activity {
        Some(a) => Some(ctx.config.require_activity(a)?.name.clone()),
        None => None,
    };
    let mut tx = ctx.store.begin(ctx.now)?;
    let Some(old) = tx.running()? else {
        return Err(Error::invalid(
            "no timer is running, so there is none to edit; `keel edit START` changes a logged entry",
        ));
    };
    let mut new = old.clone();
    if let Some(a) = activity {
        new.activity = a;
    }
    if let Some(n) = ch.note {
        new.note = n.filter(|n| !n.is_empty());
    }
    if let Some(t) = ch.tags {
        new.tags = t;
    }
    if let Some(at) = ch.start {
        crate::model::storable(&at)
            .map_err(|m| Error::invalid(format!("the timer would start {m}")))?;
        if at.with_timezone(&Utc) > ctx.now + MIN_TIMER {
            return Err(Error::invalid(format!(
                "{} is in the future; a timer starts now or earlier",
                ctx.config.zone.show(at).format("%Y-%m-%d %H:%M")
            )));
        }
        let from = at.with_timezone(&Utc);
        let clash = tx.entries_between(from, ctx.now.max(from) + Duration::seconds(1))?;
        if let Some(o) = clash.iter().find(|e| e.end_utc() > from) {
            return Err(Error::invalid(crate::model::clash::timer_over(
                at,
                &ctx.shown(o.clone()),
            )));
        }
        new.start = at;
    }
    if new != old {
        tx.set_running(Some(new.clone()))?;
        tx.commit(&format!("edit the running {} timer", old.activity))?;
    }
    let zone = &ctx.config.zone;
    Ok((old.shown_in(zone), new.shown_in(zone)))
}

