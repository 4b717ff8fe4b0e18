//! Imported items the user threw away stay away: what an import leaves out
//! because its source was dismissed (see `store::dismissed`), and bringing
//! sources back.

use std::collections::BTreeSet;

use super::Ctx;
use crate::import::Parsed;
use crate::{Error, Result};

/// Take the candidates and days off whose source was dismissed out of
/// `parsed`; a note says how many, and how to bring one back.
pub fn leave_out(parsed: &mut Parsed, dismissed: &BTreeSet<String>) -> Option<String> {
    if dismissed.is_empty() {
        return None;
    }
    let is_out = |s: &Option<String>| s.as_ref().is_some_and(|s| dismissed.contains(s));
    let before = parsed.candidates.len() + parsed.days_off.len();
    parsed.candidates.retain(|c| !is_out(&c.source));
    parsed.days_off.retain(|o| !is_out(&o.source));
    let n = before - parsed.candidates.len() - parsed.days_off.len();
    (n > 0).then(|| {
        format!(
            "{n} item(s) you deleted or whose import you undid left out (`keel sync --restore SOURCE` brings one back; `keel sync --list-dismissed` lists them)"
        )
    })
}

/// Bring dismissed sources back, as one undo step: the next sync (or
/// import) takes them again. Each must be dismissed (exit 2 otherwise,
/// nothing written).
pub fn restore(ctx: &Ctx, sources: &[String]) -> Result<usize> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let known = tx.dismissed()?;
    let unknown: Vec<&String> = sources.iter().filter(|s| !known.contains(*s)).collect();
    if !unknown.is_empty() {
        return Err(Error::invalid(format!(
            "{} not dismissed, so there is nothing to restore: {} (`keel sync --list-dismissed` lists the dismissed sources)",
            if unknown.len() == 1 { "this source is" } else { "these sources are" },
            unknown
                .iter()
                .map(|s| format!("`{}`", crate::text::clean(s)))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let n = tx.dismiss(sources.iter().cloned(), true)?;
    tx.commit(&format!("restore {n} dismissed source(s)"))?;
    Ok(n)
}
