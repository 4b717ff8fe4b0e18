//! A change in progress: reads what it needs fresh under the lock, and on
//! commit writes every file it changed as one all-or-nothing transaction
//! (see `journal` for the three moves and the recovery).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::journal::{self, FileChange, Step, StepKind};
use super::{Reviews, Store, atomic, lock, month, reviews, running};
use crate::model::{Entry, MAX_ENTRY_DAYS, Month, Running};
use crate::{Error, Result};

/// How far past now an entry may end: clocks of two machines, and the
/// minute a person types in, are never exact.
pub const FUTURE_SLACK: Duration = Duration::minutes(1);

pub(super) struct MonthState {
    original: Option<String>,
    entries: Vec<Entry>,
    dirty: bool,
}

/// A change in progress, holding the lock. Nothing reaches disk before
/// [`Tx::commit`].
pub struct Tx<'s> {
    pub(super) store: &'s Store,
    pub(super) _lock: lock::DirLock,
    pub(super) now: DateTime<Utc>,
    pub(super) months: BTreeMap<Month, MonthState>,
    /// The running timer as read (`.0`) and as it should become (`.1`).
    pub(super) running: Option<(Option<String>, Option<Running>, bool)>,
    /// Other whole files this change writes (reviews, config): original and new text.
    pub(super) others: BTreeMap<PathBuf, (Option<String>, Option<String>)>,
    /// Entries this change removed (an edit removes, then adds).
    pub(super) removed: Vec<Entry>,
}

impl Tx<'_> {
    fn month(&mut self, m: Month) -> Result<&mut MonthState> {
        if !self.months.contains_key(&m) {
            let path = self.store.month_path(m);
            let original = atomic::read(&path)?;
            let entries = match &original {
                None => Vec::new(),
                Some(text) => month::parse(text, &path, Some(m)).map_err(|ps| {
                    Error::from(ps).hint(
                        "That file was not changed; fix it by hand (`keel check` lists every problem).",
                    )
                })?,
            };
            self.months.insert(
                m,
                MonthState {
                    original,
                    entries,
                    dirty: false,
                },
            );
        }
        Ok(self.months.get_mut(&m).expect("inserted above"))
    }

    /// Entries that could overlap `[from, to)`: the months of the span and
    /// the ones an entry could cross in from.
    fn neighbours(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Entry>> {
        let lo = Month::of((from - Duration::days(MAX_ENTRY_DAYS + 1)).date_naive());
        let hi = Month::of((to + Duration::days(1)).date_naive());
        let mut out = Vec::new();
        let own = Month::of((from - Duration::days(1)).date_naive());
        for m in Month::range(lo, hi) {
            // A neighbour that does not parse could hold an entry that
            // overlaps: that cannot be ruled out, so the change is refused.
            let st = match self.month(m) {
                Ok(st) => st,
                Err(e) if m < own => {
                    return Err(Error::invalid(format!(
                        "could not check for overlaps with {} because it does not parse, so nothing was written:\n{}",
                        self.store.month_path(m).display(),
                        e.message
                    )));
                }
                Err(e) => return Err(e),
            };
            out.extend(
                st.entries
                    .iter()
                    .filter(|e| e.end_utc() > from && e.start_utc() < to)
                    .cloned(),
            );
        }
        Ok(out)
    }

    /// All entries touching `[from, to)`, as this change sees them.
    pub fn entries_between(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Entry>> {
        let mut es = self.neighbours(from, to)?;
        crate::model::sort(&mut es);
        Ok(es)
    }

    /// Add an entry: its shape must be valid and it must not overlap another
    /// entry or the running timer.
    pub fn add(&mut self, e: Entry) -> Result<()> {
        // Said in the user's zone: the same check on the entry shown there
        // (shape does not depend on the offset, but its words do).
        e.check_shape().map_err(|m| {
            let shown = Entry {
                start: self.store.shown(e.start),
                end: self.store.shown(e.end),
                ..e.clone()
            };
            Error::invalid(format!("the entry {}", shown.check_shape().err().unwrap_or(m)))
        })?;
        // The log holds time that has passed: work in progress is the
        // running timer, and booked time is the calendar's.
        if e.end_utc() > self.now + FUTURE_SLACK {
            return Err(Error::invalid(format!(
                "{}–{} ends in the future (it is now {}); keel logs time that has passed. Log it once it is over, or `keel start` a timer for work in progress",
                self.store.shown(e.start).format("%Y-%m-%d %H:%M"),
                self.store.shown(e.end).format("%Y-%m-%d %H:%M"),
                self.store
                    .shown(self.now.with_timezone(e.end.offset()))
                    .format("%Y-%m-%d %H:%M")
            )));
        }
        // An overlap a merge left is not a new one when an edit of one of
        // its entries carries it (`keel resolve` settles it).
        let clash = self
            .neighbours(e.start_utc(), e.end_utc())?
            .into_iter()
            .find(|o| o.overlaps(&e) && !self.removed.iter().any(|r| r.overlaps(o)));
        let show = |t| self.store.shown(t);
        if let Some(o) = clash {
            let shown = Entry { start: show(e.start), end: show(e.end), ..e.clone() };
            let o = Entry { start: show(o.start), end: show(o.end), ..o };
            return Err(Error::invalid(crate::model::clash::with_entry(&shown, &o)));
        }
        if let Some(r) = self.running()?
            && e.end_utc() > r.start
            && e.start_utc() < self.now.max(r.start.to_utc())
        {
            let shown = Entry { start: show(e.start), end: show(e.end), ..e.clone() };
            let r = Running { start: show(r.start), ..r };
            return Err(Error::invalid(crate::model::clash::with_running(&shown, &r)));
        }
        let st = self.month(e.month())?;
        st.entries.push(e);
        crate::model::sort(&mut st.entries);
        st.dirty = true;
        Ok(())
    }

    /// Remove the entry that begins at `start` (to the minute when the
    /// given time has no seconds). Returns it.
    pub fn remove(&mut self, start: DateTime<chrono::FixedOffset>) -> Result<Entry> {
        let m = Month::of(start.date_naive());
        let mut found = None;
        // The entry's file is the month of its start in its own offset, which
        // may differ from the given offset's month near a month's edge.
        for cand in [m, m.prev(), m.next()] {
            let st = self.month(cand)?;
            if let Some(i) = st.entries.iter().position(|e| e.start == start) {
                found = Some((cand, i));
                break;
            }
        }
        // `HH:MM` names a minute: a timer-made entry starting at 14:03:27 is
        // found by 14:03, as long as only one entry starts in that minute.
        if found.is_none() && chrono::Timelike::second(&start) == 0 {
            let within = |e: &Entry| e.start >= start && e.start < start + Duration::minutes(1);
            let mut hits = Vec::new();
            for cand in [m, m.prev(), m.next()] {
                let st = self.month(cand)?;
                hits.extend(
                    st.entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| within(e))
                        .map(|(i, _)| (cand, i)),
                );
            }
            if hits.len() == 1 {
                found = hits.pop();
            }
        }
        let Some((cand, i)) = found else {
            return Err(Error::invalid(format!(
                "no entry starts at {}; `keel entries --date {}` lists that day's entries with their starts",
                self.store.shown(start).format("%Y-%m-%d %H:%M"),
                self.store.shown(start).format("%Y-%m-%d")
            )));
        };
        let st = self.month(cand)?;
        st.dirty = true;
        let gone = st.entries.remove(i);
        self.removed.push(gone.clone());
        Ok(gone)
    }

    /// Remove every entry that ends after `t` (earlier imports may have put
    /// future meetings in the log). Returns them, oldest first.
    pub fn remove_ending_after(&mut self, t: DateTime<Utc>) -> Result<Vec<Entry>> {
        let first = Month::of((t - Duration::days(MAX_ENTRY_DAYS + 1)).date_naive());
        let mut out = Vec::new();
        for m in self.store.months()?.into_iter().filter(|m| *m >= first) {
            let st = self.month(m)?;
            let before = st.entries.len();
            let (gone, kept): (Vec<Entry>, Vec<Entry>) =
                st.entries.drain(..).partition(|e| e.end_utc() > t);
            st.entries = kept;
            if st.entries.len() != before {
                st.dirty = true;
            }
            out.extend(gone);
        }
        crate::model::sort(&mut out);
        Ok(out)
    }

    /// Settle a month's entries as a whole (`keel resolve` of the overlaps a
    /// merge left): `f` changes them, with no overlap check — it may only
    /// remove entries or shorten them.
    pub fn edit_month<T>(
        &mut self,
        m: Month,
        f: impl FnOnce(&mut Vec<Entry>) -> Result<T>,
    ) -> Result<T> {
        let st = self.month(m)?;
        let out = f(&mut st.entries)?;
        crate::model::sort(&mut st.entries);
        st.dirty = true;
        Ok(out)
    }

    pub fn running(&mut self) -> Result<Option<Running>> {
        if self.running.is_none() {
            let path = self.store.running_path();
            let text = atomic::read(&path)?;
            let r = match &text {
                None => None,
                Some(t) => Some(running::parse(t, &path).map_err(Error::from)?),
            };
            self.running = Some((text, r, false));
        }
        Ok(self.running.as_ref().and_then(|r| r.1.clone()))
    }

    pub fn set_running(&mut self, r: Option<Running>) -> Result<()> {
        self.running()?;
        let slot = self.running.as_mut().expect("loaded above");
        slot.1 = r;
        slot.2 = true;
        Ok(())
    }

    /// Replace a whole file (reviews, config) as part of this change.
    pub fn write_file(&mut self, path: &Path, text: Option<String>) -> Result<()> {
        let original = match self.others.get(path) {
            Some((o, _)) => o.clone(),
            None => atomic::read(path)?,
        };
        self.others.insert(path.to_path_buf(), (original, text));
        Ok(())
    }

    /// The records of days off, as this change sees them.
    pub fn time_off(&mut self) -> Result<Vec<crate::model::off::Off>> {
        let path = self.store.time_off_path();
        let text = match self.others.get(&path) {
            Some((_, new)) => new.clone(),
            None => atomic::read(&path)?,
        };
        match text {
            None => Ok(Vec::new()),
            Some(t) => super::time_off::parse(&t, &path).map_err(|ps| {
                let mut e = Error::from(ps);
                e.message.push_str("\nThat file was not changed; fix it by hand (`keel check` lists every problem).");
                e
            }),
        }
    }

    /// Replace the records of days off as part of this change.
    pub fn set_time_off(&mut self, records: &[crate::model::off::Off]) -> Result<()> {
        let path = self.store.time_off_path();
        // Kept when emptied, like a month (a sync merges it then).
        let text =
            (!records.is_empty() || path.exists()).then(|| super::time_off::serialize(records));
        self.write_file(&path, text)
    }

    /// The reflections, as this change sees them.
    pub fn reviews(&mut self) -> Result<Reviews> {
        let path = self.store.reviews_path();
        let text = match self.others.get(&path) {
            Some((_, new)) => new.clone(),
            None => atomic::read(&path)?,
        };
        match text {
            None => Ok(Reviews::new()),
            Some(t) => reviews::parse(&t, &path).map_err(|ps| {
                Error::from(ps).hint(
                    "That file was not changed; fix it by hand (`keel check` lists every problem).",
                )
            }),
        }
    }

    /// Replace every reflection as part of this change.
    pub fn set_reviews(&mut self, all: &Reviews) -> Result<()> {
        let path = self.store.reviews_path();
        // Kept when emptied, like a month (a sync merges it then).
        let new = (!all.is_empty() || path.exists()).then(|| reviews::serialize(all));
        self.write_file(&path, new)
    }

    /// The dismissed sources, as this change sees them.
    pub fn dismissed(&mut self) -> Result<std::collections::BTreeSet<String>> {
        let path = self.store.dismissed_path();
        let text = match self.others.get(&path) {
            Some((_, new)) => new.clone(),
            None => atomic::read(&path)?,
        };
        match text {
            None => Ok(std::collections::BTreeSet::new()),
            Some(t) => super::dismissed::parse(&t, &path).map_err(|ps| {
                Error::from(ps).hint(
                    "That file was not changed; fix it by hand (`keel check` lists every problem).",
                )
            }),
        }
    }

    /// Add (`restore` false) or take back sources from the dismissed ones
    /// as part of this change. Returns how many changed.
    pub fn dismiss<I: IntoIterator<Item = String>>(
        &mut self,
        sources: I,
        restore: bool,
    ) -> Result<usize> {
        let mut set = self.dismissed()?;
        let before = set.len();
        for s in sources {
            if restore {
                set.remove(&s);
            } else {
                set.insert(s);
            }
        }
        let changed = set.len().abs_diff(before);
        if changed > 0 {
            let path = self.store.dismissed_path();
            self.write_file(&path, Some(super::dismissed::serialize(&set)))?;
        }
        Ok(changed)
    }

    /// Set (or clear, with empty text) the reflection of a week.
    pub fn set_review(&mut self, week: NaiveDate, text: &str) -> Result<()> {
        let mut all = self.reviews()?;
        if text.trim().is_empty() {
            all.remove(&week);
        } else {
            all.insert(week, text.trim_end().to_string());
        }
        self.set_reviews(&all)
    }

    /// Write everything, as one undo step named `description`: all of it
    /// or, after a kill or a write error at any point, none of it.
    pub fn commit(self, description: &str) -> Result<()> {
        let store = self.store;
        let mut files: Vec<(FileChange, PathBuf)> = Vec::new();
        for (m, st) in &self.months {
            if !st.dirty {
                continue;
            }
            // A month whose last entry goes keeps its file, empty: a file
            // deleted on one machine and changed on another is a conflict
            // no merge driver is asked about (git's modify/delete).
            let after = (st.original.is_some() || !st.entries.is_empty())
                .then(|| month::serialize(&st.entries));
            files.push((
                FileChange {
                    file: format!("entries/{m}.toml"),
                    before: st.original.clone(),
                    after,
                },
                store.month_path(*m),
            ));
        }
        if let Some((original, r, true)) = &self.running {
            files.push((
                FileChange {
                    file: "running.toml".into(),
                    before: original.clone(),
                    after: r.as_ref().map(running::serialize),
                },
                store.running_path(),
            ));
        }
        for (path, (original, new)) in &self.others {
            files.push((
                FileChange {
                    file: store.journal_name(path)?,
                    before: original.clone(),
                    after: new.clone(),
                },
                path.clone(),
            ));
        }
        files.retain(|(f, _)| f.before != f.after);
        if files.is_empty() {
            return Ok(());
        }
        // A file edited by hand (or synced) since we read it: stop, write nothing.
        for (f, path) in &files {
            if atomic::read(path)? != f.before {
                return Err(Error::failed(format!(
                    "{} changed on disk while keel was working on it; nothing was written. Run the command again",
                    path.display()
                )));
            }
        }
        let step = Step {
            description: description.to_string(),
            at: self.now.to_rfc3339(),
            kind: StepKind::Change,
            host: journal::host(),
            undoes: None,
            files: files.into_iter().map(|(f, _)| f).collect(),
        };
        super::sync::ensure_ignore_files(&store.root)?;
        store.apply(&step)
    }
}

impl Store {
    /// The name a file goes by in the journal.
    pub(super) fn journal_name(&self, path: &Path) -> Result<String> {
        if self.config.as_deref() == Some(path) {
            return Ok(journal::CONFIG_TAG.to_string());
        }
        journal::relative(&self.root, path).ok_or_else(|| {
            Error::failed(format!(
                "{} is neither a data file nor the config; keel does not write it",
                path.display()
            ))
        })
    }

    /// Where a journal name points, refusing anything but keel's own files.
    pub(super) fn journal_path(&self, file: &str) -> Result<PathBuf> {
        match journal::target(file)? {
            journal::Target::Data(rel) => Ok(self.root.join(rel)),
            journal::Target::Config => self.config.clone().ok_or_else(|| {
                Error::failed(
                    "this step changed the config, and this keel was not given one; nothing was undone",
                )
            }),
        }
    }

    /// Carry out a step as one transaction: the intent, the files, the
    /// commit point. A failure before the commit point puts back what was
    /// written (now, or by the next keel command if even that fails).
    pub(super) fn apply(&self, step: &Step) -> Result<()> {
        let paths: Vec<PathBuf> = step
            .files
            .iter()
            .map(|f| self.journal_path(&f.file))
            .collect::<Result<_>>()?;
        journal::write_pending(&self.root, step, &paths).map_err(|e| nothing_written(&e))?;
        let written = step
            .files
            .iter()
            .zip(&paths)
            .try_for_each(|(f, p)| match &f.after {
                Some(text) => atomic::write(p, text.as_bytes()),
                None => atomic::remove(p),
            });
        let committed = written.and_then(|()| match (step.kind, step.undoes) {
            (StepKind::Undo, Some(n)) => journal::commit_undo(&self.root, n),
            _ => journal::commit_change(&self.root),
        });
        let Err(e) = committed else {
            return Ok(());
        };
        match self.roll_back(step) {
            Ok(_) => Err(nothing_written(&e)),
            Err(_) => Err(retold(
                &e,
                format!(
                    "{}\nThe change was not made. keel could not yet put back the files it had written; until the next keel command does, they read as before",
                    e.message
                ),
            )),
        }
    }
}

/// The same error (its kind and source: an ENOSPC stays one), told differently.
fn retold(e: &Error, message: String) -> Error {
    let mut out = e.clone();
    out.message = message;
    out
}

fn nothing_written(e: &Error) -> Error {
    retold(e, format!("{}; nothing was written", e.message))
}
