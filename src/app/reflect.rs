//! Weekly reflections beyond the Week screen: those of a period, as
//! `keel report` and `keel export` give them, and those an import brings
//! back (never over one the user wrote differently).

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::Ctx;
use crate::Result;
use crate::store::Reviews;

/// One week's reflection: the week's first day and the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reflection {
    pub week: NaiveDate,
    pub text: String,
}

/// The reflections of the weeks that share a day with `from..=to`, in week
/// order. A `reviews.toml` that does not parse gives none and a warning:
/// the figures of a report do not depend on it.
pub fn of_period(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> (Vec<Reflection>, Vec<String>) {
    match ctx.store.reviews() {
        Ok(all) => (within(&all, from - Duration::days(6), to), Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![format!("reflections left out:\n{}", e.message)],
        ),
    }
}

/// The reflections of the weeks that begin within `from..=to`, so that
/// consecutive ranges export each once.
pub fn beginning_within(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Vec<Reflection>> {
    Ok(within(&ctx.store.reviews()?, from, to))
}

fn within(all: &Reviews, from: NaiveDate, to: NaiveDate) -> Vec<Reflection> {
    if to < from {
        return Vec::new();
    }
    all.range(from..=to)
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(w, t)| Reflection {
            week: *w,
            text: t.clone(),
        })
        .collect()
}

/// What `write` did to a week's reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Saved,
    Removed,
    /// An empty text for a week that had no reflection: nothing written.
    NothingToRemove,
}

/// Save `text` as the reflection of the week beginning `week`, or remove
/// it when `text` is blank — one undo step. Removing what is not there
/// writes nothing (no undo step that does nothing).
pub fn write(ctx: &Ctx, week: NaiveDate, text: &str) -> Result<Written> {
    let blank = text.trim().is_empty();
    if blank && !ctx.store.reviews()?.contains_key(&week) {
        return Ok(Written::NothingToRemove);
    }
    super::set_review(ctx, week, text)?;
    Ok(if blank {
        Written::Removed
    } else {
        Written::Saved
    })
}

/// What an import did with the reflections it read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Weeks that had none and now have the file's.
    pub added: Vec<NaiveDate>,
    /// Weeks that already held the same text.
    pub known: usize,
    /// Weeks whose own reflection differs from the file's: kept as it is.
    pub kept: Vec<NaiveDate>,
}

/// Add the file's reflections to `all`: a week without one takes the
/// file's; a week with the same text is left; a week with another text
/// keeps the user's (said, never overwritten). Weeks are keyed by their
/// first day under the config's `week_start`.
pub fn restore(
    all: &mut Reviews,
    new: Vec<(NaiveDate, String)>,
    week_start: crate::model::WeekStart,
) -> Restored {
    let mut r = Restored::default();
    for (day, text) in new {
        let text = text.trim_end().to_string();
        if text.trim().is_empty() {
            continue;
        }
        let week = week_start.week_of(day);
        match all.get(&week) {
            None => {
                all.insert(week, text);
                r.added.push(week);
            }
            Some(old) if old.trim_end() == text => r.known += 1,
            Some(_) => r.kept.push(week),
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WeekStart;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_has_the_reflections_of_the_weeks_it_touches() {
        let mut all = Reviews::new();
        all.insert(d("2026-11-16"), "before".into());
        all.insert(d("2026-11-23"), "this week".into());
        all.insert(d("2026-11-30"), "after".into());
        let w: Vec<NaiveDate> = within(&all, d("2026-11-25") - Duration::days(6), d("2026-11-26"))
            .iter()
            .map(|r| r.week)
            .collect();
        assert_eq!(w, [d("2026-11-23")]);
        assert_eq!(within(&all, d("2026-11-17"), d("2026-11-30")).len(), 2);
    }

    #[test]
    fn an_import_never_overwrites_a_reflection_that_differs() {
        let mut all = Reviews::new();
        all.insert(d("2026-11-16"), "mine".into());
        all.insert(d("2026-11-23"), "same".into());
        let r = restore(
            &mut all,
            vec![
                (d("2026-11-16"), "theirs".into()),
                (d("2026-11-23"), "same\n".into()),
                // Any day of a week names that week.
                (d("2026-12-02"), "new\nsecond line".into()),
                (d("2026-12-09"), "  ".into()),
            ],
            WeekStart::Monday,
        );
        assert_eq!(r.added, [d("2026-11-30")]);
        assert_eq!((r.known, r.kept.clone()), (1, vec![d("2026-11-16")]));
        assert_eq!(all[&d("2026-11-16")], "mine");
        assert_eq!(all[&d("2026-11-30")], "new\nsecond line");
        assert_eq!(all.len(), 3);
    }
}
