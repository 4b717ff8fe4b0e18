//! What happens after a change was interrupted (a kill, a crash, a full
//! disk): the next keel command that takes the lock rolls it back and says
//! so on stderr; until then every reader reads the files of the change as
//! they were before it. A change exists from its commit point on, and not
//! before.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::journal::{self, Step};
use super::{Store, atomic, lock};
use crate::Result;

/// How the files of the data directory read right now: as on disk, except
/// those named by an intent that no keel has finished or rolled back yet,
/// which read as before it.
#[derive(Debug, Default)]
pub(super) struct View {
    before: HashMap<PathBuf, Option<String>>,
}

impl View {
    /// The files an interrupted change touched, and whether each existed
    /// before it.
    pub(super) fn files(&self) -> impl Iterator<Item = (&Path, bool)> {
        self.before.iter().map(|(p, t)| (p.as_path(), t.is_some()))
    }

    pub(super) fn read(&self, path: &Path) -> Result<Option<String>> {
        match self.before.get(path) {
            Some(text) => Ok(text.clone()),
            None => atomic::read(path),
        }
    }
}

impl Store {
    /// The view for a read. One `stat` when nothing was interrupted; else
    /// recover now when no other keel holds the lock, or read around it.
    pub(super) fn view(&self) -> View {
        if !journal::pending_path(&self.root).exists() {
            return View::default();
        }
        if let Ok(Some(_lock)) = lock::DirLock::try_acquire(&self.root)
            && self.recover().is_ok()
            && !journal::pending_path(&self.root).exists()
        {
            return View::default();
        }
        let Ok(Some(step)) = journal::pending(&self.root) else {
            return View::default();
        };
        if step.host != journal::host() {
            return View::default();
        }
        let mut before = HashMap::new();
        for f in step.files {
            if let Ok(p) = self.journal_path(&f.file) {
                before.insert(p, f.before);
            }
        }
        View { before }
    }

    /// Roll back an interrupted change of this machine, and remove
    /// temporary files left by killed writes. The lock must be held.
    pub(super) fn recover(&self) -> Result<()> {
        self.remove_temporary_files();
        let Some(step) = journal::pending(&self.root)? else {
            return Ok(());
        };
        if step.host != journal::host() {
            // Another machine's, carried here by a sync: never replayed.
            return Ok(());
        }
        // Rolled back even when every file was written and only the commit
        // point is missing: the command that made it may have said it failed.
        let what = crate::text::clean(&step.description).into_owned();
        let kept = self.roll_back(&step)?;
        let mut msg =
            format!("rolled back an interrupted change (\"{what}\"): nothing of it was kept");
        for p in kept {
            msg.push_str(&format!(
                "\n  {} was changed since by something else and was left as it is",
                p.display()
            ));
        }
        self.notice(msg);
        Ok(())
    }

    /// Put every file of `step` back to its "before" text, then drop the
    /// intent. Returns the files that hold neither text (changed by
    /// something else since) and were left alone. The lock must be held.
    pub(super) fn roll_back(&self, step: &Step) -> Result<Vec<PathBuf>> {
        let mut foreign = Vec::new();
        for f in step.files.iter().rev() {
            let path = self.journal_path(&f.file)?;
            let now = atomic::read(&path)?;
            if now == f.before {
                continue;
            }
            if now != f.after {
                foreign.push(path);
                continue;
            }
            match &f.before {
                Some(text) => atomic::write(&path, text.as_bytes())?,
                None => atomic::remove(&path)?,
            }
        }
        atomic::remove(&journal::pending_path(&self.root))?;
        Ok(foreign)
    }

    /// Temporary files of killed writes: `.keel-*.tmp` in the directories
    /// keel writes. Best effort.
    fn remove_temporary_files(&self) {
        for dir in [
            self.root.clone(),
            self.root.join("entries"),
            journal::dir(&self.root),
        ] {
            for p in temporary_files(&dir) {
                let _ = fs::remove_file(p);
            }
        }
    }
}

/// The leftover temporary files of keel's atomic writes in `dir`.
pub(super) fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".keel-") && n.ends_with(".tmp"))
        })
        .collect()
}
