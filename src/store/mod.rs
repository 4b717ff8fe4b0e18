//! The data directory of SPEC §2: month files, the running timer, reviews,
//! the undo journal and the lock. Knows files, not screens: the CLI and the
//! TUI both come here for every read and write.
//!
//! Every change goes through a [`Tx`]: it takes the directory lock, reads
//! what it needs fresh, and on commit re-checks that no file changed on disk
//! since it was read, records the undo step, then replaces each file
//! atomically. A file that does not parse is never written.

mod atomic;
mod fast;
mod journal;
mod lock;
pub mod month;
pub mod reviews;
pub mod running;
pub mod sync;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::error::Problem;
use crate::model::{Entry, MAX_ENTRY_DAYS, Month, Running, Zone};
use crate::{Error, Result};

pub use journal::FileChange;
pub use reviews::Reviews;

/// Entries read for a range, with warnings about neighbouring months that
/// could not be read (they only matter for entries crossing into the range).
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    lock_timeout: StdDuration,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Store {
        let timeout = std::env::var("EVENKEEL_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            // Negative, NaN or huge values would panic in from_secs_f64.
            .and_then(|s| StdDuration::try_from_secs_f64(s).ok())
            .unwrap_or(StdDuration::from_secs(10));
        Store {
            root: root.into(),
            lock_timeout: timeout,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn month_path(&self, m: Month) -> PathBuf {
        self.root.join("entries").join(format!("{m}.toml"))
    }

    pub fn running_path(&self) -> PathBuf {
        self.root.join("running.toml")
    }

    pub fn reviews_path(&self) -> PathBuf {
        self.root.join("reviews.toml")
    }

    /// One month's entries; empty when its file does not exist.
    pub fn read_month(&self, m: Month) -> Result<Vec<Entry>> {
        let path = self.month_path(m);
        match atomic::read(&path)? {
            None => Ok(Vec::new()),
            Some(text) => month::parse(&text, &path, Some(m)).map_err(Error::from),
        }
    }

    /// Several months, read in parallel when there are enough of them to be
    /// worth a thread (a whole-history report reads a hundred or more).
    pub fn read_months(&self, months: &[Month]) -> Vec<Result<Vec<Entry>>> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        if months.len() < 12 || threads < 2 {
            return months.iter().map(|m| self.read_month(*m)).collect();
        }
        let chunk = months.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = months
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || part.iter().map(|m| self.read_month(*m)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a month reader panicked"))
                .collect()
        })
    }

    /// The months that have a file, oldest first.
    pub fn months(&self) -> Result<Vec<Month>> {
        let dir = self.root.join("entries");
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, "read", &e)),
        };
        let mut out: Vec<Month> = rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".toml")
                    .and_then(Month::parse)
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// The entries that touch the local days `from..=to`. Reads only the
    /// months that can hold them: those of the range must parse; the
    /// neighbours (entries crossing in from a week before, or written in
    /// another offset) are read when they parse and warned about otherwise.
    pub fn load(&self, from: NaiveDate, to: NaiveDate, zone: &Zone) -> Result<Loaded> {
        let needed = (Month::of(from), Month::of(to));
        let wide = (
            Month::of(from - Duration::days(MAX_ENTRY_DAYS + 1)),
            Month::of(to + Duration::days(1)),
        );
        let (lo, hi) = (zone.day_start(from), zone.day_start(to + Duration::days(1)));
        let months: Vec<Month> = Month::range(wide.0, wide.1).collect();
        let mut out = Loaded::default();
        for (m, read) in months.iter().zip(self.read_months(&months)) {
            match read {
                Ok(es) => out.entries.extend(
                    es.into_iter()
                        .filter(|e| e.end_utc() > lo && e.start_utc() < hi),
                ),
                Err(e) if *m < needed.0 || *m > needed.1 => out.warnings.push(format!(
                    "{} was skipped, so entries crossing into this range from it are missing:\n{}",
                    self.month_path(*m).display(),
                    e.message
                )),
                Err(e) => return Err(e),
            }
        }
        crate::model::sort(&mut out.entries);
        out.warnings.extend(sync::overlap::warnings(&out.entries));
        Ok(out)
    }

    /// Every entry in the data directory, sorted by start. (Month order is
    /// not start order: a file holds entries by the month of their own
    /// offset, so one written at +05:30 on the 1st can start before the last
    /// entry of the month before.)
    pub fn load_all(&self) -> Result<Vec<Entry>> {
        let months = self.months()?;
        let mut out = Vec::new();
        for read in self.read_months(&months) {
            out.extend(read?);
        }
        crate::model::sort(&mut out);
        Ok(out)
    }

    pub fn running(&self) -> Result<Option<Running>> {
        let path = self.running_path();
        match atomic::read(&path)? {
            None => Ok(None),
            Some(text) => running::parse(&text, &path).map(Some).map_err(Error::from),
        }
    }

    pub fn reviews(&self) -> Result<Reviews> {
        let path = self.reviews_path();
        match atomic::read(&path)? {
            None => Ok(Reviews::new()),
            Some(text) => reviews::parse(&text, &path).map_err(Error::from),
        }
    }

    /// Start a change: take the lock. `now` bounds the running timer for
    /// overlap checks.
    pub fn begin(&self, now: DateTime<Utc>) -> Result<Tx<'_>> {
        let lock = lock::DirLock::acquire(&self.root, self.lock_timeout)?;
        Ok(Tx {
            store: self,
            _lock: lock,
            now,
            months: BTreeMap::new(),
            running: None,
            others: BTreeMap::new(),
            warnings: Vec::new(),
        })
    }

    /// Revert the last change keel made. Refuses, changing nothing, when a
    /// file it touched was changed since.
    pub fn undo(&self) -> Result<Option<String>> {
        let _lock = lock::DirLock::acquire(&self.root, self.lock_timeout)?;
        let Some((step, step_path)) = journal::last(&self.root)? else {
            return Ok(None);
        };
        for f in &step.files {
            let now = atomic::read(&f.path)?;
            if now != f.after {
                return Err(Error::failed(format!(
                    "{} changed after \"{}\" (by hand or a sync), so undoing it would lose that change; nothing was undone. Edit the file instead",
                    f.path.display(),
                    step.description
                )));
            }
        }
        for f in &step.files {
            match &f.before {
                Some(text) => atomic::write(&f.path, text.as_bytes())?,
                None => atomic::remove(&f.path)?,
            }
        }
        journal::forget(&step_path)?;
        Ok(Some(step.description))
    }

    /// Every problem in the data directory: month files, running timer,
    /// reviews, and overlaps between neighbouring months.
    pub fn check(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut prev_tail: Option<Entry> = None;
        for m in self.months()? {
            let path = self.month_path(m);
            let Some(text) = atomic::read(&path).unwrap_or_else(|e| {
                problems.push(Problem {
                    path: path.clone(),
                    line: 1,
                    col: 1,
                    message: e.message,
                });
                None
            }) else {
                prev_tail = None;
                continue;
            };
            match month::parse_located(&text, &path, Some(m)) {
                Ok(located) => {
                    problems.extend(sync::overlap::problems(&path, &text, &located));
                    let es: Vec<Entry> = located.into_iter().map(|(e, _)| e).collect();
                    if let (Some(t), Some(first)) = (&prev_tail, es.first())
                        && t.overlaps(first)
                    {
                        problems.push(Problem {
                            path: path.clone(),
                            line: 1,
                            col: 1,
                            message: format!(
                                "the entry starting {} overlaps the one from {} in the month before; shorten or remove one",
                                first.start.to_rfc3339(),
                                t.start.to_rfc3339()
                            ),
                        });
                    }
                    prev_tail = es.iter().max_by_key(|e| e.end).cloned();
                }
                Err(ps) => {
                    problems.extend(ps);
                    prev_tail = None;
                }
            }
        }
        for (path, parse) in [
            (
                self.running_path(),
                (|t: &str, p: &Path| running::parse(t, p).map(|_| ()))
                    as fn(&str, &Path) -> std::result::Result<(), Vec<Problem>>,
            ),
            (self.reviews_path(), |t: &str, p: &Path| {
                reviews::parse(t, p).map(|_| ())
            }),
        ] {
            match atomic::read(&path) {
                Ok(Some(text)) => problems.extend(parse(&text, &path).err().unwrap_or_default()),
                Ok(None) => {}
                Err(e) => problems.push(Problem {
                    path,
                    line: 1,
                    col: 1,
                    message: e.message,
                }),
            }
        }
        problems.extend(sync::copy_problems(&self.root)?);
        Ok(problems)
    }
}

struct MonthState {
    original: Option<String>,
    entries: Vec<Entry>,
    dirty: bool,
}

/// A change in progress, holding the lock. Nothing reaches disk before
/// [`Tx::commit`].
pub struct Tx<'s> {
    store: &'s Store,
    _lock: lock::DirLock,
    now: DateTime<Utc>,
    months: BTreeMap<Month, MonthState>,
    /// The running timer as read (`.0`) and as it should become (`.1`).
    running: Option<(Option<String>, Option<Running>, bool)>,
    /// Other whole files this change writes (reviews, config): original and new text.
    others: BTreeMap<PathBuf, (Option<String>, Option<String>)>,
    pub warnings: Vec<String>,
}

impl Tx<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn month(&mut self, m: Month) -> Result<&mut MonthState> {
        if !self.months.contains_key(&m) {
            let path = self.store.month_path(m);
            let original = atomic::read(&path)?;
            let entries = match &original {
                None => Vec::new(),
                Some(text) => month::parse(text, &path, Some(m)).map_err(|ps| {
                    let mut e = Error::from(ps);
                    e.message.push_str("\nThat file was not changed; fix it by hand (`keel check` lists every problem).");
                    e
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
        for m in Month::range(lo, hi) {
            let own = m >= Month::of((from - Duration::days(1)).date_naive());
            match self.month(m) {
                Ok(st) => out.extend(
                    st.entries
                        .iter()
                        .filter(|e| e.end_utc() > from && e.start_utc() < to)
                        .cloned(),
                ),
                Err(e) if !own => self.warnings.push(
                    format!(
                        "could not check for overlaps with {} because it does not parse",
                        self.store.month_path(m).display()
                    ) + &format!(" ({})", e.message.lines().next().unwrap_or("")),
                ),
                Err(e) => return Err(e),
            }
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
        e.check_shape()
            .map_err(|m| Error::invalid(format!("the entry {m}")))?;
        let clash = self
            .neighbours(e.start_utc(), e.end_utc())?
            .into_iter()
            .find(|o| o.overlaps(&e));
        if let Some(o) = clash {
            return Err(Error::invalid(format!(
                "{}–{} overlaps the {} entry from {} to {}; pick another time, or edit or delete that entry first",
                e.start.format("%Y-%m-%d %H:%M"),
                e.end.format("%H:%M"),
                o.activity,
                o.start.format("%Y-%m-%d %H:%M"),
                o.end.format("%H:%M")
            )));
        }
        if let Some(r) = self.running()?
            && e.end_utc() > r.start
            && e.start_utc() < self.now.max(r.start.to_utc())
        {
            return Err(Error::invalid(format!(
                "{}–{} overlaps the running {} timer (started {}); stop it first or pick another time",
                e.start.format("%Y-%m-%d %H:%M"),
                e.end.format("%H:%M"),
                r.activity,
                r.start.format("%Y-%m-%d %H:%M")
            )));
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
                "no entry starts at {}; `keel entries --from {} --to {}` lists that day's entries with their starts",
                start.format("%Y-%m-%d %H:%M"),
                start.format("%Y-%m-%d"),
                start.format("%Y-%m-%d")
            )));
        };
        let st = self.month(cand)?;
        st.dirty = true;
        Ok(st.entries.remove(i))
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

    /// Set (or clear, with empty text) the reflection of a week.
    pub fn set_review(&mut self, week: NaiveDate, text: &str) -> Result<()> {
        let path = self.store.reviews_path();
        let original = atomic::read(&path)?;
        let mut all = match &original {
            None => Reviews::new(),
            Some(t) => reviews::parse(t, &path).map_err(Error::from)?,
        };
        if text.trim().is_empty() {
            all.remove(&week);
        } else {
            all.insert(week, text.trim_end().to_string());
        }
        let new = if all.is_empty() {
            None
        } else {
            Some(reviews::serialize(&all))
        };
        self.write_file(&path, new)
    }

    /// Write everything, as one undo step named `description`.
    pub fn commit(self, description: &str) -> Result<()> {
        let mut files: Vec<FileChange> = Vec::new();
        for (m, st) in &self.months {
            if !st.dirty {
                continue;
            }
            let after = (!st.entries.is_empty()).then(|| month::serialize(&st.entries));
            files.push(FileChange {
                path: self.store.month_path(*m),
                before: st.original.clone(),
                after,
            });
        }
        if let Some((original, r, true)) = &self.running {
            files.push(FileChange {
                path: self.store.running_path(),
                before: original.clone(),
                after: r.as_ref().map(running::serialize),
            });
        }
        for (path, (original, new)) in &self.others {
            files.push(FileChange {
                path: path.clone(),
                before: original.clone(),
                after: new.clone(),
            });
        }
        files.retain(|f| f.before != f.after);
        if files.is_empty() {
            return Ok(());
        }
        // A file edited by hand (or synced) since we read it: stop, write nothing.
        for f in &files {
            if atomic::read(&f.path)? != f.before {
                return Err(Error::failed(format!(
                    "{} changed on disk while keel was working on it; nothing was written. Run the command again",
                    f.path.display()
                )));
            }
        }
        let step = journal::Step {
            description: description.to_string(),
            at: self.now.to_rfc3339(),
            files,
        };
        sync::ensure_ignore_files(&self.store.root)?;
        journal::record(&self.store.root, &step)?;
        for f in &step.files {
            match &f.after {
                Some(text) => atomic::write(&f.path, text.as_bytes())?,
                None => atomic::remove(&f.path)?,
            }
        }
        Ok(())
    }
}
