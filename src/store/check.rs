//! `keel check` over the data directory: every file that does not parse,
//! every overlap, every name keel does not expect — problems where data may
//! be missed, warnings where nothing is at stake.

use std::path::{Path, PathBuf};

use super::recover::temporary_files;
use super::{Store, journal, month, reviews, running};
use crate::Result;
use crate::error::Problem;
use crate::model::{Entry, Month};

/// What `check` found.
#[derive(Debug, Default, Clone)]
pub struct Checked {
    /// Something that needs fixing: a file that does not parse, an overlap,
    /// a file under `entries/` that may hold data keel does not read.
    pub problems: Vec<Problem>,
    /// Worth knowing, nothing at stake: editor backups, leftover temporary
    /// files, another machine's interrupted change.
    pub warnings: Vec<String>,
}

fn whole_file(path: &Path, message: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line: 1,
        col: 1,
        message: message.into(),
    }
}

/// What a name under `entries/` that is not a month file is: `None` for a
/// harmless one (a warning), `Some(why)` for one that may hold data.
fn stray(name: &str, is_dir: bool) -> Option<&'static str> {
    let backup = name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".bak", ".orig", ".tmp"]
            .iter()
            .any(|s| name.ends_with(s));
    if backup || is_dir {
        return None;
    }
    if name.ends_with(".toml") {
        Some(
            "is not named after a month (entries/YYYY-MM.toml), so keel does not read it and its entries are not counted; rename it to the month of its entries",
        )
    } else {
        Some(
            "may hold data, but keel only reads entries/YYYY-MM.toml files; move it out of entries/ or rename it",
        )
    }
}

impl Store {
    /// Every problem in the data directory: month files, running timer,
    /// reviews, overlaps between neighbouring months and with the running
    /// timer, and names keel does not expect.
    pub fn check(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Checked> {
        let view = self.view();
        let mut out = Checked::default();
        let entries_dir = self.root.join("entries");
        if let Ok(rd) = std::fs::read_dir(&entries_dir) {
            let mut names: Vec<(String, bool)> = rd
                .filter_map(|e| e.ok())
                .map(|e| {
                    let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                    (e.file_name().to_string_lossy().into_owned(), is_dir)
                })
                .collect();
            names.sort();
            for (name, is_dir) in names {
                let is_month = name.strip_suffix(".toml").and_then(Month::parse).is_some();
                if is_month && !is_dir {
                    continue;
                }
                let path = entries_dir.join(&name);
                let shown = crate::text::clean(&name);
                if name.starts_with(".keel-") && name.ends_with(".tmp") {
                    continue; // reported below with the other temporary files
                }
                if super::sync::original_name(&name).is_some() {
                    continue; // a conflict copy: reported below with what to do
                }
                match stray(&name, is_dir) {
                    Some(why) => out.problems.push(whole_file(&path, why)),
                    None => out.warnings.push(format!(
                        "entries/{shown} is not a month file; keel ignores it"
                    )),
                }
            }
        }
        for dir in [
            self.root.clone(),
            entries_dir.clone(),
            journal::dir(&self.root),
        ] {
            for p in temporary_files(&dir) {
                out.warnings.push(format!(
                    "{} is left over from an interrupted write; it holds nothing keel needs and can be deleted",
                    p.display()
                ));
            }
        }
        for (path, host) in journal::foreign_pending(&self.root) {
            out.warnings.push(format!(
                "{} is an interrupted change from another machine ({}); only that machine rolls it back. Delete the file if that machine is gone",
                path.display(),
                crate::text::clean(&host)
            ));
        }

        let mut all: Vec<Entry> = Vec::new();
        let mut prev_tail: Option<Entry> = None;
        for m in self.months()? {
            let path = self.month_path(m);
            let text = match view.read(&path) {
                Ok(Some(t)) => t,
                Ok(None) => continue,
                Err(e) => {
                    out.problems.push(whole_file(&path, e.message));
                    prev_tail = None;
                    continue;
                }
            };
            match month::parse_located(&text, &path, Some(m)) {
                Ok(located) => {
                    out.problems
                        .extend(super::sync::overlap::problems(&path, &text, &located));
                    let es: Vec<Entry> = located.into_iter().map(|(e, _)| e).collect();
                    if let (Some(t), Some(first)) = (&prev_tail, es.first())
                        && t.overlaps(first)
                    {
                        out.problems.push(whole_file(
                            &path,
                            format!(
                                "the entry starting {} overlaps the one from {} in the month before; shorten or remove one, or: {}",
                                self.shown(first.start).format("%Y-%m-%d %H:%M"),
                                self.shown(t.start).format("%Y-%m-%d %H:%M"),
                                super::sync::overlap::command(t, first)
                            ),
                        ));
                    }
                    prev_tail = es.iter().max_by_key(|e| e.end).cloned();
                    for e in es
                        .iter()
                        .filter(|e| e.end_utc() > now + super::tx::FUTURE_SLACK)
                    {
                        out.problems.push(whole_file(
                            &path,
                            format!(
                                "the {} entry {}–{} ends in the future; keel logs time that has passed (`keel delete --future` removes every such entry, as one undo step)",
                                crate::text::clean(&e.activity),
                                self.shown(e.start).format("%Y-%m-%d %H:%M"),
                                self.shown(e.end).format("%H:%M")
                            ),
                        ));
                    }
                    all.extend(es);
                }
                Err(ps) => {
                    out.problems.extend(ps);
                    prev_tail = None;
                }
            }
        }
        let running_path = self.running_path();
        match view.read(&running_path) {
            Ok(Some(text)) => match running::parse(&text, &running_path) {
                Ok(r) => {
                    if let Some(e) = all.iter().find(|e| e.end_utc() > r.start.to_utc()) {
                        out.problems.push(whole_file(
                            &running_path,
                            format!(
                                "the running {} timer (started {}) overlaps the {} entry from {} to {}; stop the timer at the entry's start (`keel stop --at`) or delete one",
                                crate::text::clean(&r.activity),
                                self.shown(r.start).format("%Y-%m-%d %H:%M"),
                                crate::text::clean(&e.activity),
                                self.shown(e.start).format("%Y-%m-%d %H:%M"),
                                self.shown(e.end).format("%H:%M")
                            ),
                        ));
                    }
                }
                Err(ps) => out.problems.extend(ps),
            },
            Ok(None) => {}
            Err(e) => out.problems.push(whole_file(&running_path, e.message)),
        }
        let off_path = self.time_off_path();
        match view.read(&off_path) {
            Ok(Some(text)) => {
                out.problems.extend(
                    super::time_off::parse(&text, &off_path)
                        .err()
                        .unwrap_or_default(),
                );
            }
            Ok(None) => {}
            Err(e) => out.problems.push(whole_file(&off_path, e.message)),
        }
        let dismissed_path = self.dismissed_path();
        match view.read(&dismissed_path) {
            Ok(Some(text)) => {
                out.problems.extend(
                    super::dismissed::parse(&text, &dismissed_path)
                        .err()
                        .unwrap_or_default(),
                );
            }
            Ok(None) => {}
            Err(e) => out.problems.push(whole_file(&dismissed_path, e.message)),
        }
        let reviews_path: PathBuf = self.reviews_path();
        match view.read(&reviews_path) {
            Ok(Some(text)) => {
                out.problems.extend(
                    reviews::parse(&text, &reviews_path)
                        .err()
                        .unwrap_or_default(),
                );
            }
            Ok(None) => {}
            Err(e) => out.problems.push(whole_file(&reviews_path, e.message)),
        }
        out.problems.extend(super::sync::copy_problems(&self.root)?);
        Ok(out)
    }
}
