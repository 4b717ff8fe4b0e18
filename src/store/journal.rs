//! The undo journal and the intent record that makes a change of several
//! files all-or-nothing.
//!
//! A change is written in three moves (SQLite's rollback journal is the
//! model):
//!
//! 1. the *intent*: `.undo/pending-<machine>.json` holds the text of every file the
//!    change touches, before and after, and the machine writing it;
//! 2. the files, each replaced atomically;
//! 3. the *commit point*: the intent is renamed to the next numbered step
//!    `.undo/NNNNNNNN.json`, which is the undo step.
//!
//! A change interrupted between 1 and 3 (a kill, a full disk) is rolled back
//! by the next keel command that takes the lock: every file goes back to its
//! "before" text, and nothing of the change remains. Until then, readers
//! read each file of the intent as its "before" text. `keel undo` is the same three moves with the
//! step's texts swapped; its commit renames the intent over the step it
//! undoes, leaving a tombstone that the next change removes.
//!
//! Paths are stored relative to the data directory (the config by the tag
//! `@config`), and only the files keel itself keeps are accepted back: a
//! hand-written journal file cannot make keel write anywhere else.

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;
use crate::model::Month;
use crate::{Error, Result};

/// How many changes can be undone at most.
const KEEP: usize = 50;
/// And how many bytes the journal may hold: past it, the oldest steps go
/// (the newest is always kept).
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The tag that names the config file in a journal record.
pub const CONFIG_TAG: &str = "@config";

/// One file of a change: its text before and after (`None`: absent).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the data directory with `/` separators, or `@config`.
    pub file: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// A change a user made; undoable.
    #[default]
    Change,
    /// The undoing of a step (its files are the step's, swapped); as a
    /// numbered file, a tombstone.
    Undo,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub description: String,
    pub at: String,
    #[serde(default)]
    pub kind: StepKind,
    /// The machine that wrote the record: an intent is only ever rolled back
    /// by the machine that wrote it (a synced directory may carry another's).
    #[serde(default)]
    pub host: String,
    /// For an undo: the number of the step it undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
    pub files: Vec<FileChange>,
}

/// Where a journal record may point. Anything else is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Data(PathBuf),
    Config,
}

/// The data files keel writes, by their name relative to the data directory.
pub fn is_data_file(rel: &str) -> bool {
    match rel {
        "running.toml" | "reviews.toml" | "time_off.toml" | "dismissed.toml" => true,
        _ => {
            rel.strip_prefix("entries/")
                .and_then(|n| n.strip_suffix(".toml"))
                .and_then(Month::parse)
                .is_some()
                || conflict_copy(rel)
        }
    }
}

/// A sync engine's conflict copy of a data file (`keel resolve` removes it,
/// and its undo puts it back).
fn conflict_copy(rel: &str) -> bool {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    super::sync::original_name(name).is_some_and(|(original, _)| {
        let original = if dir.is_empty() {
            original
        } else {
            format!("{dir}/{original}")
        };
        original != rel && is_data_file(&original)
    })
}

/// The path of a file relative to `root`, for the journal.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let rel = parts.join("/");
    is_data_file(&rel).then_some(rel)
}

/// Check a journal record's file name and say where it points.
pub fn target(file: &str) -> Result<Target> {
    if file == CONFIG_TAG {
        return Ok(Target::Config);
    }
    if is_data_file(file) {
        return Ok(Target::Data(file.split('/').collect()));
    }
    Err(Error::failed(format!(
        "the undo journal names `{}`, which is not a file keel keeps; nothing was undone. Remove the journal's files in .undo/ to go on",
        crate::text::clean(file)
    )))
}

pub fn dir(root: &Path) -> PathBuf {
    root.join(".undo")
}

/// This machine's intent record: named after the machine, so that in a
/// directory synced without ignore files two machines never write the same
/// one (and neither ever rolls back the other's).
pub fn pending_path(root: &Path) -> PathBuf {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let name = NAME.get_or_init(|| {
        // FNV-1a: a short stable name, not a secret.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in host().bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        format!("pending-{h:016x}.json")
    });
    dir(root).join(name)
}

/// Intent records of other machines (carried here by a sync), with the
/// machine each names.
pub fn foreign_pending(root: &Path) -> Vec<(PathBuf, String)> {
    let own = pending_path(root);
    let Ok(rd) = fs::read_dir(dir(root)) else {
        return Vec::new();
    };
    rd.filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            *p != own
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("pending") && n.ends_with(".json"))
        })
        .map(|p| {
            let host = read_step(&p).map(|s| s.host).unwrap_or_default();
            (p, host)
        })
        .collect()
}

/// This machine, as written into intents: host name and machine id.
pub fn host() -> String {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let name = fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .unwrap_or_default();
        let id = fs::read_to_string("/etc/machine-id").unwrap_or_default();
        format!("{}/{}", name.trim(), id.trim())
    })
    .clone()
}

/// The numbered records, oldest first.
pub fn steps(root: &Path) -> Result<Vec<(u64, PathBuf)>> {
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

pub fn read_step(path: &Path) -> Result<Step> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, "read", &e))?;
    let mut step: Step = serde_json::from_slice(&bytes).map_err(|e| {
        Error::failed(format!(
            "{}: the undo journal is damaged ({e}); remove the file to go on",
            path.display()
        ))
    })?;
    // Steps written by keel 0.1 held absolute paths: keep those that name a
    // file of this data directory, refuse the rest (by `target`).
    if let Some(root) = path.parent().and_then(Path::parent) {
        for f in &mut step.files {
            if Path::new(&f.file).is_absolute()
                && let Some(rel) = relative(root, Path::new(&f.file))
            {
                f.file = rel;
            }
        }
    }
    Ok(step)
}

/// Permissions for a journal record: no wider than any file it copies.
fn mode_for(paths: &[PathBuf]) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut mode = 0o666;
        for p in paths {
            if let Ok(m) = fs::metadata(p) {
                mode &= m.permissions().mode() & 0o777;
            }
        }
        // The owner must still be able to read and replace it.
        Some(mode | 0o600)
    }
    #[cfg(not(unix))]
    {
        let _ = paths;
        None
    }
}

/// Write the intent record (move 1). `paths` are the files it copies, for
/// its permissions.
pub fn write_pending(root: &Path, step: &Step, paths: &[PathBuf]) -> Result<()> {
    let json = serde_json::to_vec(step)
        .map_err(|e| Error::failed(format!("could not record the change: {e}")))?;
    let path = pending_path(root);
    // A new record must not keep the permissions of an older one.
    atomic::remove(&path)?;
    atomic::write_with_mode(&path, &json, mode_for(paths))
}

/// The intent record left by an interrupted change, if any.
pub fn pending(root: &Path) -> Result<Option<Step>> {
    let path = pending_path(root);
    if !path.exists() {
        return Ok(None);
    }
    read_step(&path).map(Some)
}

/// The commit point of a change (move 3): the intent becomes the next
/// numbered step. Then tombstones and steps past the bounds go.
pub fn commit_change(root: &Path) -> Result<()> {
    let existing = steps(root)?;
    let next = existing.last().map_or(1, |(n, _)| n + 1);
    // Once the rename is made the change is committed, even if flushing
    // the directory then fails: that is not a reason to roll it back.
    atomic::rename_then_sync(
        &pending_path(root),
        &dir(root).join(format!("{next:08}.json")),
    )?;
    prune(root, &existing);
    Ok(())
}

/// The commit point of an undo: the intent replaces the step it undoes,
/// as a tombstone, which then goes.
pub fn commit_undo(root: &Path, undone: u64) -> Result<()> {
    let path = dir(root).join(format!("{undone:08}.json"));
    atomic::rename_then_sync(&pending_path(root), &path)?;
    // Best effort: a tombstone left behind is skipped and removed later.
    let _ = atomic::remove(&path);
    Ok(())
}

/// Drop the oldest steps past [`KEEP`] or [`MAX_BYTES`] (by their sizes, without
/// reading them: this runs on every change). Best effort: a step that stays
/// is harmless.
fn prune(root: &Path, existing: &[(u64, PathBuf)]) {
    let size = |p: &Path| fs::metadata(p).map_or(0, |m| m.len());
    let newest = steps(root)
        .ok()
        .and_then(|s| s.last().cloned())
        .map_or(0, |(_, p)| size(&p));
    let mut total: u64 = existing.iter().map(|(_, p)| size(p)).sum::<u64>() + newest;
    let mut count = existing.len() + 1;
    for (_, p) in existing {
        if count <= KEEP && total <= MAX_BYTES {
            break;
        }
        total -= size(p);
        let _ = atomic::remove(p);
        count -= 1;
    }
}

/// The last undoable step, with its number.
pub fn last(root: &Path) -> Result<Option<(u64, Step)>> {
    for (n, p) in steps(root)?.into_iter().rev() {
        let step = read_step(&p)?;
        if step.kind == StepKind::Change {
            return Ok(Some((n, step)));
        }
        // A tombstone an interrupted undo left behind.
        let _ = atomic::remove(&p);
    }
    Ok(None)
}

/// Every undoable step, newest first, with its size in bytes.
pub fn list(root: &Path) -> Result<Vec<(u64, Step, u64)>> {
    let mut out = Vec::new();
    for (n, p) in steps(root)?.into_iter().rev() {
        let step = read_step(&p)?;
        if step.kind == StepKind::Change {
            out.push((n, step, fs::metadata(&p).map_or(0, |m| m.len())));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keels_own_files_are_targets() {
        assert_eq!(
            target("entries/2026-11.toml").unwrap(),
            Target::Data(PathBuf::from("entries/2026-11.toml"))
        );
        assert_eq!(
            target("running.toml").unwrap(),
            Target::Data("running.toml".into())
        );
        assert_eq!(target("@config").unwrap(), Target::Config);
        assert_eq!(
            target("dismissed.toml").unwrap(),
            Target::Data("dismissed.toml".into())
        );
        for bad in [
            "/etc/passwd",
            "../outside.toml",
            "entries/../../x.toml",
            "entries/2026-13.toml",
            "entries/notes.toml",
            ".undo/00000001.json",
            "./running.toml",
            "entries\\2026-11.toml",
            "",
        ] {
            let e = target(bad).unwrap_err();
            assert!(e.message.contains("not a file keel keeps"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn relative_paths_stay_inside_the_data_directory() {
        let root = Path::new("/data/keel");
        assert_eq!(
            relative(root, Path::new("/data/keel/entries/2026-11.toml")).as_deref(),
            Some("entries/2026-11.toml")
        );
        assert_eq!(relative(root, Path::new("/data/other/running.toml")), None);
        assert_eq!(
            relative(root, Path::new("/data/keel/../x/running.toml")),
            None
        );
    }

    #[test]
    fn journal_bounds_drop_the_oldest_steps() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        fs::create_dir_all(dir(root)).unwrap();
        let big = "x".repeat(6 * 1024 * 1024);
        for i in 0..4 {
            let step = Step {
                description: format!("step {i}"),
                at: String::new(),
                kind: StepKind::Change,
                host: String::new(),
                undoes: None,
                files: vec![FileChange {
                    file: "reviews.toml".into(),
                    before: None,
                    after: Some(big.clone()),
                }],
            };
            write_pending(root, &step, &[]).unwrap();
            commit_change(root).unwrap();
        }
        let left = list(root).unwrap();
        let total: u64 = left.iter().map(|l| l.2).sum();
        assert!(total <= MAX_BYTES, "{total}");
        assert_eq!(left[0].1.description, "step 3", "the newest is kept");
        assert_eq!(left.len(), 2);
    }
}
