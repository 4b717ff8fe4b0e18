//! The data directory of SPEC §2: month files, the running timer, reviews,
//! the undo journal and the lock. Knows files, not screens: the CLI and the
//! TUI both come here for every read and write.
//!
//! Every change goes through a [`Tx`]: it takes the directory lock, reads
//! what it needs fresh, and on commit re-checks that no file changed on disk
//! since it was read, then writes every file as one all-or-nothing
//! transaction whose commit point is its undo step (`journal` says how).
//! A file that does not parse is never written.

mod atomic;
mod check;
pub(crate) mod dismissed;
mod fast;
mod journal;
mod lock;
pub mod month;
mod recover;
pub(crate) mod reviews;
pub(crate) mod running;
pub(crate) mod sync;
pub(crate) mod time_off;
mod tx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{Entry, MAX_ENTRY_DAYS, Month, Running, Zone};
use crate::{Error, Result};

pub use journal::MAX_BYTES as JOURNAL_MAX_BYTES;
pub use reviews::Reviews;
pub use tx::{FUTURE_SLACK, Tx};

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
    /// The config file, which `keel boundaries set` changes through the
    /// store (and `keel undo` puts back).
    config: Option<PathBuf>,
    /// What recovery did, for the faces to tell (CLI: stderr).
    notices: Arc<Mutex<Vec<String>>>,
    /// The zone the user is in, for times in messages (an entry logged
    /// elsewhere is named as the user reads it now); `None`: as stored.
    zone: Option<Zone>,
}

/// One undoable change, as `keel undo --list` shows it.
#[derive(Debug, Clone)]
pub struct UndoStep {
    pub description: String,
    pub at: String,
    pub bytes: u64,
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
            config: None,
            notices: Arc::default(),
            zone: None,
        }
    }

    /// The store of a user in `zone`: its messages name times in it.
    pub fn with_zone(mut self, zone: Zone) -> Store {
        self.zone = Some(zone);
        self
    }

    /// A stored time as the user reads it (see [`Store::with_zone`]).
    pub(crate) fn shown(&self, t: DateTime<chrono::FixedOffset>) -> DateTime<chrono::FixedOffset> {
        self.zone.map_or(t, |z| z.show(t))
    }

    /// The store of a data directory whose changes may include `config`.
    pub fn with_config(mut self, config: impl Into<PathBuf>) -> Store {
        self.config = Some(config.into());
        self
    }

    /// What recovery from an interrupted change did since the last call:
    /// the faces tell the user (the CLI on stderr).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn notice(&self, message: String) {
        self.notices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
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

    pub fn time_off_path(&self) -> PathBuf {
        self.root.join("time_off.toml")
    }

    pub fn dismissed_path(&self) -> PathBuf {
        self.root.join("dismissed.toml")
    }

    /// The sources no sync or import brings back (see [`dismissed`]).
    pub fn dismissed(&self) -> Result<std::collections::BTreeSet<String>> {
        let path = self.dismissed_path();
        match self.view().read(&path)? {
            None => Ok(std::collections::BTreeSet::new()),
            Some(text) => dismissed::parse(&text, &path).map_err(Error::from),
        }
    }

    /// Every record of days off, sorted; none when the file does not exist.
    pub fn time_off(&self) -> Result<Vec<crate::model::off::Off>> {
        let path = self.time_off_path();
        match self.view().read(&path)? {
            None => Ok(Vec::new()),
            Some(text) => time_off::parse(&text, &path).map_err(Error::from),
        }
    }

    /// One month's entries; empty when its file does not exist.
    pub fn read_month(&self, m: Month) -> Result<Vec<Entry>> {
        self.read_month_in(&self.view(), m)
    }

    fn read_month_in(&self, view: &recover::View, m: Month) -> Result<Vec<Entry>> {
        let path = self.month_path(m);
        match view.read(&path)? {
            None => Ok(Vec::new()),
            Some(text) => month::parse(&text, &path, Some(m)).map_err(Error::from),
        }
    }

    /// Several months, read in parallel when there are enough of them to be
    /// worth a thread (a whole-history report reads a hundred or more).
    pub fn read_months(&self, months: &[Month]) -> Vec<Result<Vec<Entry>>> {
        self.read_months_in(&self.view(), months)
    }

    fn read_months_in(&self, view: &recover::View, months: &[Month]) -> Vec<Result<Vec<Entry>>> {
        // Asking for the parallelism reads the cgroup files: not for a week.
        let threads = if months.len() < 12 {
            1
        } else {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(4)
        };
        if threads < 2 {
            return months
                .iter()
                .map(|m| self.read_month_in(view, *m))
                .collect();
        }
        let chunk = months.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = months
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|m| self.read_month_in(view, *m))
                            .collect::<Vec<_>>()
                    })
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
        self.months_in(&self.view())
    }

    /// The months as `view` sees them: a month file that an interrupted
    /// change created does not count, one that it removed still does.
    fn months_in(&self, view: &recover::View) -> Result<Vec<Month>> {
        let dir = self.root.join("entries");
        let mut out: Vec<Month> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".toml")
                        .and_then(Month::parse)
                })
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(&dir, "read", &e)),
        };
        for (path, existed) in view.files() {
            let Some(m) = path
                .strip_prefix(&dir)
                .ok()
                .and_then(|p| p.to_str())
                .and_then(|n| n.strip_suffix(".toml"))
                .and_then(Month::parse)
            else {
                continue;
            };
            out.retain(|x| *x != m);
            if existed {
                out.push(m);
            }
        }
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
        let view = self.view();
        let months = self.months_in(&view)?;
        let mut out = Vec::new();
        for read in self.read_months_in(&view, &months) {
            out.extend(read?);
        }
        crate::model::sort(&mut out);
        Ok(out)
    }

    pub fn running(&self) -> Result<Option<Running>> {
        let path = self.running_path();
        match self.view().read(&path)? {
            None => Ok(None),
            Some(text) => running::parse(&text, &path).map(Some).map_err(Error::from),
        }
    }

    pub fn reviews(&self) -> Result<Reviews> {
        let path = self.reviews_path();
        match self.view().read(&path)? {
            None => Ok(Reviews::new()),
            Some(text) => reviews::parse(&text, &path).map_err(Error::from),
        }
    }

    /// Start a change: take the lock (and finish or roll back a change
    /// that was interrupted). `now` bounds the running timer for overlap
    /// checks.
    pub fn begin(&self, now: DateTime<Utc>) -> Result<Tx<'_>> {
        let lock = lock::DirLock::acquire(&self.root, self.lock_timeout)?;
        self.recover()?;
        Ok(Tx {
            store: self,
            _lock: lock,
            now,
            months: BTreeMap::new(),
            running: None,
            others: BTreeMap::new(),
            removed: Vec::new(),
        })
    }

    /// Revert the last change keel made, as one transaction. Refuses,
    /// changing nothing, when a file it touched was changed since.
    pub fn undo(&self) -> Result<Option<String>> {
        let _lock = lock::DirLock::acquire(&self.root, self.lock_timeout)?;
        self.recover()?;
        let Some((n, step)) = journal::last(&self.root)? else {
            return Ok(None);
        };
        for f in &step.files {
            let path = self.journal_path(&f.file)?;
            if atomic::read(&path)? != f.after {
                return Err(Error::failed(format!(
                    "{} changed after \"{}\" (by hand or a sync), so undoing it would lose that change; nothing was undone. Edit the file instead",
                    path.display(),
                    crate::text::clean(&step.description)
                )));
            }
        }
        let mut inverse = journal::Step {
            description: format!("undo {}", step.description),
            at: step.at.clone(),
            kind: journal::StepKind::Undo,
            host: journal::host(),
            undoes: Some(n),
            files: step
                .files
                .iter()
                .map(|f| journal::FileChange {
                    file: f.file.clone(),
                    before: f.after.clone(),
                    after: f.before.clone(),
                })
                .collect(),
        };
        self.dismiss_undone(&mut inverse)?;
        self.apply(&inverse)?;
        Ok(Some(step.description))
    }

    /// An undo that takes imported items out (an import undone) dismisses
    /// their sources in the same step, so that no sync brings them back.
    fn dismiss_undone(&self, inverse: &mut journal::Step) -> Result<()> {
        let gone: std::collections::BTreeSet<String> = inverse
            .files
            .iter()
            .flat_map(|f| dismissed::gone(&f.file, f.before.as_deref(), f.after.as_deref()))
            .collect();
        if gone.is_empty() {
            return Ok(());
        }
        let path = self.dismissed_path();
        let file = "dismissed.toml";
        let at = inverse.files.iter().position(|f| f.file == file);
        let (before, base) = match at {
            Some(i) => (inverse.files[i].before.clone(), inverse.files[i].after.clone()),
            None => {
                let now = atomic::read(&path)?;
                (now.clone(), now)
            }
        };
        let mut set = match &base {
            None => std::collections::BTreeSet::new(),
            Some(t) => dismissed::parse(t, &path).map_err(|ps| {
                Error::from(ps).hint("Nothing was undone; fix that file first (`keel check`).")
            })?,
        };
        set.extend(gone);
        let change = journal::FileChange {
            file: file.into(),
            before,
            after: Some(dismissed::serialize(&set)),
        };
        match at {
            Some(i) => inverse.files[i] = change,
            None => inverse.files.push(change),
        }
        Ok(())
    }

    /// The changes `keel undo` can revert, newest first.
    pub fn undo_steps(&self) -> Result<Vec<UndoStep>> {
        Ok(journal::list(&self.root)?
            .into_iter()
            .map(|(_, s, bytes)| UndoStep {
                description: s.description,
                at: s.at,
                bytes,
            })
            .collect())
    }
}
