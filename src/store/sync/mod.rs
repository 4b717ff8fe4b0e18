//! Two machines, one log: what keel does so that git, Syncthing or a
//! synced folder can carry the data directory.
//!
//! - Machine-local files never travel: the data directory carries a
//!   `.gitignore` and a `.stignore` naming them ([`ensure_ignore_files`]).
//! - Month files and `reviews.toml` merge as sets of records ([`merge`]),
//!   which git runs as keel's merge driver ([`merge_driver`]).
//! - What other engines leave behind — Syncthing's conflict copies and
//!   git's conflict markers ([`markers`]) — is found ([`conflict_copies`])
//!   and merged back by `keel resolve`.
//! - Entries a merge left overlapping stay readable ([`overlap`]).

pub mod markers;
pub mod merge;
pub mod overlap;

use std::path::{Path, PathBuf};

use super::atomic;
use crate::error::Problem;
use crate::{Error, Result};

/// Files of one machine, as (pattern relative to the data directory, what
/// it is). Directories end in `/`.
pub const LOCAL: &[(&str, &str)] = &[
    (".lock", "the lock of the keel running now"),
    (
        ".undo/",
        "the undo journal and crash-recovery record of this machine",
    ),
    (".keel-*.tmp", "files being written"),
    (
        "running.toml",
        "the running timer: each machine has its own",
    ),
    ("cache/", "caches (such as a calendar's)"),
];

/// The lines of `.gitignore` (git's syntax).
pub fn gitignore_lines() -> Vec<String> {
    LOCAL
        .iter()
        .map(|(p, _)| {
            if p.contains('*') {
                (*p).to_string()
            } else {
                format!("/{p}")
            }
        })
        .collect()
}

/// The lines of `.stignore` (Syncthing's syntax: a directory is named
/// without its slash).
pub fn stignore_lines() -> Vec<String> {
    LOCAL
        .iter()
        .map(|(p, _)| {
            let p = p.trim_end_matches('/');
            if p.contains('*') {
                p.to_string()
            } else {
                format!("/{p}")
            }
        })
        .collect()
}

/// The lines of `.gitattributes`: every file keel merges goes through its
/// merge driver.
pub fn gitattributes_lines() -> Vec<String> {
    [
        "entries/*.toml",
        "reviews.toml",
        "time_off.toml",
        "dismissed.toml",
    ]
        .iter()
        .map(|p| format!("{p} merge=keel"))
        .collect()
}

const GIT_HEADER: &str = "# Written by keel (`keel setup git` adds missing lines; the others are yours).\n# Files of one machine that never travel:\n";
const ST_HEADER: &str = "// Written by keel (`keel setup syncthing` adds missing lines; the others are yours).\n// Files of one machine that never travel:\n";
const ATTR_HEADER: &str =
    "# Written by `keel setup git`: keel merges its files as sets of entries.\n";

/// Write `.gitignore` and `.stignore` into a data directory that lacks
/// them, so that the lock, the undo journal, temporary files, caches and the
/// running timer never travel with a sync. Existing files are left alone
/// (`keel setup` adds missing lines to them).
pub(crate) fn ensure_ignore_files(root: &Path) -> Result<()> {
    for (name, header, lines) in [
        (".gitignore", GIT_HEADER, gitignore_lines()),
        (".stignore", ST_HEADER, stignore_lines()),
    ] {
        let path = root.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let mut text = header.to_string();
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
        atomic::write(&path, text.as_bytes())?;
    }
    Ok(())
}

/// Add the lines `file` lacks (compared trimmed), keeping every other line
/// as it is. Returns the lines added.
pub fn add_lines(file: &Path, header: &str, lines: &[String]) -> Result<Vec<String>> {
    let text = atomic::read(file)?.unwrap_or_default();
    let have: std::collections::BTreeSet<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<String> = lines
        .iter()
        .filter(|l| !have.contains(l.as_str()))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let mut out = text.clone();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str(header);
    }
    for l in &missing {
        out.push_str(l);
        out.push('\n');
    }
    atomic::write(file, out.as_bytes())?;
    Ok(missing)
}

/// The files `keel setup git` and `keel setup syncthing` keep.
pub fn setup_files(root: &Path, git: bool) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let mut out = Vec::new();
    let files: Vec<(&str, &str, Vec<String>)> = if git {
        vec![
            (".gitignore", GIT_HEADER, gitignore_lines()),
            (".gitattributes", ATTR_HEADER, gitattributes_lines()),
        ]
    } else {
        vec![(".stignore", ST_HEADER, stignore_lines())]
    };
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, "create the directory", &e))?;
    for (name, header, lines) in files {
        let path = root.join(name);
        let added = add_lines(&path, header, &lines)?;
        out.push((path, added));
    }
    Ok(out)
}

/// A copy of a file that another sync engine left beside it when both
/// machines changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictCopy {
    pub path: PathBuf,
    /// The file it is a copy of.
    pub original: PathBuf,
    /// Who left it, for messages.
    pub engine: &'static str,
}

/// The name of the file a conflict copy stands for, and the engine that
/// left it: Syncthing's `2026-11.sync-conflict-20261126-153012-ABCDEF7.toml`,
/// and the `2026-11 (conflicted copy …).toml` of cloud drives.
pub fn original_name(name: &str) -> Option<(String, &'static str)> {
    let ext = |rest: &str| rest.rfind('.').map_or("", |i| &rest[i..]).to_string();
    if let Some(i) = name.find(".sync-conflict-") {
        return Some((
            format!("{}{}", &name[..i], ext(&name[i + 1..])),
            "Syncthing",
        ));
    }
    if let Some(i) = name.find(" (conflicted copy") {
        return Some((
            format!("{}{}", &name[..i], ext(&name[i..])),
            "a synced folder",
        ));
    }
    None
}

/// Every conflict copy in the data directory and under `entries/`.
pub fn conflict_copies(root: &Path) -> Result<Vec<ConflictCopy>> {
    let mut out = Vec::new();
    for dir in [root.to_path_buf(), root.join("entries")] {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&dir, "read", &e)),
        };
        for e in rd.filter_map(|e| e.ok()) {
            let name = e.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some((original, engine)) = original_name(name) {
                out.push(ConflictCopy {
                    path: dir.join(name),
                    original: dir.join(original),
                    engine,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// `keel check`'s words for each conflict copy.
pub fn copy_problems(root: &Path) -> Result<Vec<Problem>> {
    Ok(conflict_copies(root)?
        .into_iter()
        .map(|c| {
            let what = if merge::Kind::of(&c.original).is_some() {
                format!(
                    "`keel resolve {}` merges its records into {} and removes it",
                    shown(&c.path),
                    shown(&c.original)
                )
            } else {
                format!(
                    "keel does not merge this kind of file: compare it with {} by hand, then remove it",
                    shown(&c.original)
                )
            };
            Problem {
                path: c.path.clone(),
                line: 1,
                col: 1,
                message: format!(
                    "a conflict copy of {} left by {}: {what}",
                    c.original
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    c.engine
                ),
            }
        })
        .collect())
}

/// git's merge driver: merge `ours` (`%A`) with `theirs` (`%B`) from their
/// common `base` (`%O`), and write the result over `ours`. `name` (`%P`)
/// says which file this is. Writes nothing when an input does not parse.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: Option<&Path>,
) -> Result<merge::Merged> {
    let read = |p: &Path| -> Result<String> {
        std::fs::read(p)
            .map_err(|e| Error::io(p, "read", &e))
            .and_then(|b| {
                String::from_utf8(b).map_err(|_| {
                    Error::invalid(format!(
                        "{}: not UTF-8 text, so not a file keel writes; nothing was merged",
                        shown(p)
                    ))
                })
            })
    };
    let (o, a, b) = (read(base)?, read(ours)?, read(theirs)?);
    let named = name.unwrap_or(ours);
    let label = |side: &str| PathBuf::from(format!("{} ({side})", named.display()));
    let (lo, la, lb) = (label("base"), label("ours"), label("theirs"));
    let inputs = (
        Some((o.as_str(), lo.as_path())),
        (a.as_str(), la.as_path()),
        (b.as_str(), lb.as_path()),
    );
    let merged = match name.map(merge::Kind::of) {
        Some(Some(kind)) => kind.merge(inputs.0, inputs.1, inputs.2),
        Some(None) => {
            return Err(Error::invalid(format!(
                "{}: not a file keel merges (month files under entries/ and reviews.toml are); nothing was merged. Check the `merge=keel` lines of .gitattributes",
                shown(named)
            )));
        }
        None if a.contains("[[review]]") || b.contains("[[review]]") => {
            merge::merge_texts(&merge::Reviews, inputs.0, inputs.1, inputs.2)
        }
        None => merge::merge_texts(&merge::Months(None), inputs.0, inputs.1, inputs.2),
    };
    let merged = merged.map_err(|ps| {
        let mut e = Error::from(ps);
        e.message
            .push_str("\nnothing was merged: git leaves the conflict for you (fix the file that does not parse, or `keel resolve` it after the merge)");
        e
    })?;
    atomic::write(ours, merged.text.as_bytes())?;
    Ok(merged)
}

/// A path in a message: control characters in a file name escaped.
fn shown(p: &Path) -> String {
    crate::text::clean(&p.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_are_named_after_their_original() {
        assert_eq!(
            original_name("2026-11.sync-conflict-20261126-153012-ABCDEF7.toml"),
            Some(("2026-11.toml".into(), "Syncthing"))
        );
        assert_eq!(
            original_name("reviews.sync-conflict-20261126-153012-ABCDEF7.toml"),
            Some(("reviews.toml".into(), "Syncthing"))
        );
        assert_eq!(
            original_name("2026-11 (conflicted copy 2026-11-26).toml"),
            Some(("2026-11.toml".into(), "a synced folder"))
        );
        assert_eq!(original_name("2026-11.toml"), None);
    }

    #[test]
    fn missing_lines_are_added_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".gitignore");
        std::fs::write(&p, "*.bak\n/.lock").unwrap();
        let added = add_lines(&p, GIT_HEADER, &gitignore_lines()).unwrap();
        assert!(!added.contains(&"/.lock".to_string()));
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("*.bak\n/.lock\n/.undo/\n"), "{text}");
        assert!(
            add_lines(&p, GIT_HEADER, &gitignore_lines())
                .unwrap()
                .is_empty()
        );
        ensure_ignore_files(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            text,
            "an existing file is left alone"
        );
        let st = std::fs::read_to_string(dir.path().join(".stignore")).unwrap();
        assert!(
            st.contains("\n/.undo\n") && st.contains("\n/running.toml\n"),
            "{st}"
        );
    }
}
