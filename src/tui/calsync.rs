//! Calendars synced in the background: on start, then every few minutes,
//! and at once on `y`. `keel sync`'s work (`app::calendars::sync`) runs on
//! its own thread with its own context, so a frame never waits for it; the
//! loop picks the outcome up between frames. What the user is told is
//! decided by [`Said::message`], a plain function: something only when
//! something was added (or when asked), each left-out conflict and each
//! failure once.

use std::collections::BTreeSet;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::action::Action;
use crate::app::{self, Ctx, ImportReport};
use crate::config::Paths;

/// How often calendars are synced while the UI is open.
pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// What one sync did, as the UI tells it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// `y` asked for it (an answer is due even when nothing changed).
    pub asked: bool,
    pub added: usize,
    pub seconds: i64,
    pub days_off: usize,
    /// Each conflict left out, as text (the same conflict, the same text).
    pub conflicts: Vec<String>,
    /// Why the sync failed (a calendar missing or not parsing).
    pub failed: Option<String>,
}

impl Outcome {
    pub fn of(asked: bool, r: &ImportReport) -> Outcome {
        Outcome {
            asked,
            added: r.added.len(),
            seconds: r.added.iter().map(crate::model::Entry::seconds).sum(),
            days_off: r.days_off.iter().map(|d| d.1).sum(),
            conflicts: r
                .conflicts
                .iter()
                .map(|c| {
                    format!(
                        "{} of {}: overlaps {}",
                        crate::import::span_text(c.from, c.to),
                        c.item,
                        c.with
                    )
                })
                .collect(),
            failed: None,
        }
    }
}

/// What was told already, so that nothing is told twice.
#[derive(Debug, Default)]
pub struct Said {
    conflicts: BTreeSet<String>,
    failed: Option<String>,
}

impl Said {
    /// The message for an outcome, if one is due: `Ok` to inform, `Err`
    /// to warn.
    pub fn message(&mut self, o: &Outcome) -> Option<Result<String, String>> {
        if let Some(why) = &o.failed {
            let first = self.failed.as_deref() != Some(why.as_str());
            self.failed = Some(why.clone());
            return (first || o.asked).then(|| {
                Err(format!(
                    "calendar sync: {}; going on without it",
                    why.lines().next().unwrap_or_default()
                ))
            });
        }
        self.failed = None;
        let new: Vec<&String> = o
            .conflicts
            .iter()
            .filter(|c| self.conflicts.insert((*c).clone()))
            .collect();
        let mut parts = Vec::new();
        if o.added > 0 {
            parts.push(format!(
                "added {} {} ({})",
                o.added,
                if o.added == 1 { "meeting" } else { "meetings" },
                crate::format::hours(o.seconds)
            ));
        }
        if o.days_off > 0 {
            parts.push(format!("{} day(s) off", o.days_off));
        }
        if let Some(first) = new.first() {
            parts.push(format!(
                "left out {first}{}",
                match new.len() {
                    1 => String::new(),
                    n => format!(" and {} more (`keel sync --dry-run` lists them)", n - 1),
                }
            ));
        }
        if parts.is_empty() {
            return o
                .asked
                .then(|| Ok("calendars synced: nothing new".to_string()));
        }
        Some(Ok(format!("calendars: {} — u undoes it", parts.join(", "))))
    }
}

/// The background thread's handle; a UI without calendars has none running.
pub struct Syncer {
    ask: Option<Sender<()>>,
    done: Option<Receiver<Outcome>>,
    said: Said,
}

impl Syncer {
    /// Start syncing when the config names calendars.
    pub fn spawn(paths: &Paths, configured: bool) -> Syncer {
        if !configured {
            return Syncer {
                ask: None,
                done: None,
                said: Said::default(),
            };
        }
        let (ask, asks) = mpsc::channel::<()>();
        let (tell, done) = mpsc::channel::<Outcome>();
        let paths = paths.clone();
        std::thread::spawn(move || {
            // The first sync at once, then on request or every EVERY.
            let mut asked = false;
            loop {
                if tell.send(once(&paths, asked)).is_err() {
                    return;
                }
                asked = match asks.recv_timeout(EVERY) {
                    Ok(()) => true,
                    Err(RecvTimeoutError::Timeout) => false,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
            }
        });
        Syncer {
            ask: Some(ask),
            done: Some(done),
            said: Said::default(),
        }
    }

    /// `y`: sync now. The answer comes back through [`Syncer::poll`].
    pub fn request(&self) -> Action {
        match &self.ask {
            Some(a) if a.send(()).is_ok() => Action::Done(Ok("syncing calendars…".into())),
            _ => Action::Done(Err(
                "no calendar is configured: add a [[calendar]] table to the config (see `keel sync --help`)".into(),
            )),
        }
    }

    /// The message of a sync that finished since the last call, if due.
    pub fn poll(&mut self) -> Option<Action> {
        let o = self.done.as_ref()?.try_recv().ok()?;
        self.said.message(&o).map(Action::Done)
    }
}

/// One sync with a context of its own (the config read afresh).
fn once(paths: &Paths, asked: bool) -> Outcome {
    let r = Ctx::open(paths).and_then(|ctx| {
        app::calendars::sync(
            &ctx,
            app::calendars::SyncOptions {
                days: app::calendars::DEFAULT_DAYS,
                dry_run: false,
            },
        )
    });
    match r {
        Ok(r) => Outcome::of(asked, &r),
        Err(e) => Outcome {
            asked,
            failed: Some(e.message),
            ..Outcome::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(n: usize, conflicts: &[&str]) -> Outcome {
        Outcome {
            added: n,
            seconds: 1800 * n as i64,
            conflicts: conflicts.iter().map(|c| c.to_string()).collect(),
            ..Outcome::default()
        }
    }

    #[test]
    fn a_message_only_when_something_was_added_and_each_conflict_once() {
        let mut s = Said::default();
        assert_eq!(s.message(&added(0, &[])), None);
        assert_eq!(
            s.message(&added(2, &["09:00–09:30 of x: overlaps y"])),
            Some(Ok(
                "calendars: added 2 meetings (1h), left out 09:00–09:30 of x: overlaps y — u undoes it"
                    .into()
            ))
        );
        // The same conflict again, nothing added: silence.
        assert_eq!(
            s.message(&added(0, &["09:00–09:30 of x: overlaps y"])),
            None
        );
        assert_eq!(
            s.message(&added(1, &["09:00–09:30 of x: overlaps y"])),
            Some(Ok("calendars: added 1 meeting (30m) — u undoes it".into()))
        );
        // Asked with `y`: an answer even when nothing is new.
        let asked = Outcome {
            asked: true,
            ..Outcome::default()
        };
        assert_eq!(
            s.message(&asked),
            Some(Ok("calendars synced: nothing new".into()))
        );
    }

    #[test]
    fn a_failure_is_told_once_until_it_changes_or_is_asked_about() {
        let mut s = Said::default();
        let failed = |why: &str, asked: bool| Outcome {
            asked,
            failed: Some(why.into()),
            ..Outcome::default()
        };
        let m = s.message(&failed("calendar \"work\": gone", false));
        assert_eq!(
            m,
            Some(Err(
                "calendar sync: calendar \"work\": gone; going on without it".into()
            ))
        );
        assert_eq!(s.message(&failed("calendar \"work\": gone", false)), None);
        assert!(
            s.message(&failed("calendar \"work\": gone", true))
                .is_some()
        );
        assert_eq!(s.message(&added(0, &[])), None);
        assert!(
            s.message(&failed("calendar \"work\": gone", false))
                .is_some()
        );
    }
}
