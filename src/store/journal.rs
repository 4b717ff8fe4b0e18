//! The undo journal: each change keel makes is recorded as the text of every
//! file it touched, before and after. `keel undo` puts the "before" back, but
//! only when the files still hold the "after" — a later hand edit or sync is
//! never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;
use crate::{Error, Result};

/// How many changes can be undone.
const KEEP: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileChange {
    pub path: PathBuf,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub description: String,
    pub at: String,
    pub files: Vec<FileChange>,
}

fn dir(root: &Path) -> PathBuf {
    root.join(".undo")
}

fn steps(root: &Path) -> Result<Vec<(u64, PathBuf)>> {
    let d = dir(root);
    let rd = match fs::read_dir(&d) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&d, "read", &e)),
    };
    let mut out: Vec<(u64, PathBuf)> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            let n = p.file_stem()?.to_str()?.parse().ok()?;
            (p.extension()? == "json").then_some((n, p))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Record a step (before its files are written).
pub fn record(root: &Path, step: &Step) -> Result<()> {
    let existing = steps(root)?;
    let next = existing.last().map_or(1, |(n, _)| n + 1);
    let json = serde_json::to_vec(step)
        .map_err(|e| Error::failed(format!("could not record the undo step: {e}")))?;
    atomic::write(&dir(root).join(format!("{next:08}.json")), &json)?;
    let excess = (existing.len() + 1).saturating_sub(KEEP);
    for (_, p) in existing.iter().take(excess) {
        let _ = fs::remove_file(p);
    }
    Ok(())
}

/// The last step, if any, with the file it is stored in.
pub fn last(root: &Path) -> Result<Option<(Step, PathBuf)>> {
    let Some((_, p)) = steps(root)?.pop() else {
        return Ok(None);
    };
    let bytes = fs::read(&p).map_err(|e| Error::io(&p, "read", &e))?;
    let step = serde_json::from_slice(&bytes).map_err(|e| {
        Error::failed(format!(
            "{}: the undo journal is damaged ({e}); remove the file to go on",
            p.display()
        ))
    })?;
    Ok(Some((step, p)))
}

pub fn forget(path: &Path) -> Result<()> {
    atomic::remove(path)
}
