//! The sync operations both faces share: settling what a merge or another
//! sync engine left (conflict copies, an unfinished git merge, overlapping
//! entries), and preparing a data directory for git or Syncthing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, FixedOffset, Timelike};

use super::Ctx;
use crate::model::Entry;
use crate::store::sync::{self, markers, merge::Kind, overlap};
use crate::{Error, Result};

/// One file settled by [`resolve_files`].
#[derive(Debug, Clone)]
pub struct FileResolved {
    pub file: PathBuf,
    /// The conflict copies merged into it (and removed).
    pub copies: Vec<PathBuf>,
    /// Whether it held git's conflict markers.
    pub had_markers: bool,
    /// Records the file gained.
    pub added: usize,
    pub notes: Vec<String>,
}

/// A path the user gave: as given, or relative to the data directory.
fn locate(root: &Path, given: &Path) -> Result<PathBuf> {
    let p = if given.exists() || given.is_absolute() {
        given.to_path_buf()
    } else {
        root.join(given)
    };
    if !p.exists() {
        return Err(Error::invalid(format!(
            "{} does not exist (as given, or in the data directory {}); `keel check` names every conflict copy",
            crate::text::clean(&given.display().to_string()),
            shown(root)
        )));
    }
    let canon = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, "find", &e));
    let (file, root_c) = (canon(&p)?, canon(root)?);
    let dir = file.parent().unwrap_or(Path::new(""));
    if dir != root_c && dir != root_c.join("entries") {
        return Err(Error::invalid(format!(
            "{} is not in the data directory ({}) or its entries/; nothing was changed",
            crate::text::clean(&given.display().to_string()),
            shown(root)
        )));
    }
    // Named under the data directory as the store names its files.
    Ok(if dir == root_c {
        root.join(file.file_name().unwrap_or_default())
    } else {
        root.join("entries")
            .join(file.file_name().unwrap_or_default())
    })
}

fn has_markers(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| markers::first(&t).is_some())
}

/// What needs settling: each file with the conflict copies of it.
fn targets(ctx: &Ctx, only: Option<&Path>) -> Result<BTreeMap<PathBuf, Vec<PathBuf>>> {
    let root = ctx.store.root();
    let mut out: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    if let Some(given) = only {
        let file = locate(root, given)?;
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if let Some((original, _)) = sync::original_name(name) {
            let original = file.with_file_name(original);
            out.entry(original).or_default().push(file);
        } else if has_markers(&file) {
            out.insert(file, Vec::new());
        } else {
            return Err(Error::invalid(format!(
                "{} is neither a conflict copy nor a file with git's conflict markers; nothing to resolve (`keel check` lists what needs it)",
                shown(&file)
            )));
        }
        return Ok(out);
    }
    // Copies of files keel does not merge are `keel check`'s to name; they
    // must not stop the others from being merged.
    for c in sync::conflict_copies(root)? {
        if Kind::of(&c.original).is_some() {
            out.entry(c.original).or_default().push(c.path);
        }
    }
    let mut files: Vec<PathBuf> = ctx
        .store
        .months()?
        .into_iter()
        .map(|m| ctx.store.month_path(m))
        .collect();
    files.push(ctx.store.reviews_path());
    files.push(ctx.store.time_off_path());
    files.push(ctx.store.dismissed_path());
    for f in files {
        if has_markers(&f) {
            out.entry(f).or_default();
        }
    }
    Ok(out)
}

fn read_text(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(b) => String::from_utf8(b).map(Some).map_err(|_| {
            Error::invalid(format!(
                "{}: not UTF-8 text; nothing was changed",
                shown(path)
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, "read", &e)),
    }
}

/// Merge conflict copies into the files they copy (two-way: the union of
/// records) and remove them, and settle files holding git's conflict
/// markers (the union of both sides) — `only` one file, or every one found.
/// One undo step; nothing is written when any input does not parse.
pub fn resolve_files(ctx: &Ctx, only: Option<&Path>) -> Result<Vec<FileResolved>> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let mut done = Vec::new();
    for (file, copies) in targets(ctx, only)? {
        let Some(kind) = Kind::of(&file) else {
            return Err(Error::invalid(format!(
                "{} is not a file keel merges (month files and reviews.toml are): compare {} with it by hand; nothing was changed",
                shown(&file),
                copies
                    .iter()
                    .map(|c| shown(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let original = read_text(&file)?.unwrap_or_default();
        let mut notes = Vec::new();
        let had_markers = markers::first(&original).is_some();
        let mut current = if had_markers {
            let Some((ours, theirs)) = markers::split(&original) else {
                return Err(Error::invalid(format!(
                    "{}: its conflict markers are not well nested, so the two sides cannot be told apart; fix it by hand (nothing was changed)",
                    shown(&file)
                )));
            };
            let m = kind.merge(None, (&ours, &file), (&theirs, &file))?;
            notes.extend(m.notes);
            m.text
        } else {
            original.clone()
        };
        let before = kind
            .merge(None, (&current, &file), (&current, &file))?
            .records;
        for c in &copies {
            let text = read_text(c)?.unwrap_or_default();
            let m = kind.merge(None, (&current, &file), (&text, c))?;
            notes.extend(m.notes);
            current = m.text;
            tx.write_file(c, None)?;
        }
        let after = kind
            .merge(None, (&current, &file), (&current, &file))?
            .records;
        // Nothing to write where there was no file and nothing was merged.
        let nothing = current.is_empty() && !file.exists();
        tx.write_file(&file, (!nothing).then_some(current))?;
        notes.dedup();
        done.push(FileResolved {
            file,
            copies,
            had_markers,
            added: after.saturating_sub(before),
            notes,
        });
    }
    if done.is_empty() {
        return Ok(done);
    }
    let names: Vec<String> = done
        .iter()
        .map(|d| {
            d.file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .collect();
    tx.commit(&format!("resolve {}", names.join(", ")))?;
    Ok(done)
}

/// Which entries of an overlapping pair stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    First,
    Second,
    /// Both, the second trimmed to start where the first ends (or, when it
    /// lies inside the first, the first cut around it).
    Both,
}

/// What [`resolve_overlap`] did.
#[derive(Debug, Clone)]
pub struct OverlapResolved {
    pub removed: Vec<Entry>,
    pub added: Vec<Entry>,
}

/// Whether `t` is the instant `want` names (to the minute when `want` has
/// no seconds, as `keel edit` finds entries).
fn names(want: DateTime<FixedOffset>, t: DateTime<FixedOffset>) -> bool {
    t == want || (want.second() == 0 && t >= want && t < want + Duration::minutes(1))
}

/// The parts of `x` outside `y`, in `x`'s offset.
fn minus(x: &Entry, y: &Entry) -> Vec<Entry> {
    let off = *x.start.offset();
    let mut out = Vec::new();
    if x.start < y.start {
        let mut p = x.clone();
        p.end = y.start.with_timezone(&off);
        out.push(p);
    }
    if y.end < x.end {
        let mut p = x.clone();
        p.start = y.end.with_timezone(&off);
        out.push(p);
    }
    out
}

/// Settle one overlapping pair: the pair whose first entry (in file order)
/// starts at `first` (and whose second starts at `second`, when given).
/// One undo step.
pub fn resolve_overlap(
    ctx: &Ctx,
    first: DateTime<FixedOffset>,
    second: Option<DateTime<FixedOffset>>,
    keep: Keep,
) -> Result<OverlapResolved> {
    let mut tx = ctx.store.begin(ctx.now)?;
    let at = first.to_utc();
    let starting: Vec<Entry> = tx
        .entries_between(at, at + Duration::minutes(1))?
        .into_iter()
        .filter(|e| names(first, e.start))
        .collect();
    let mut found: Vec<(Entry, Entry)> = Vec::new();
    for a in &starting {
        for b in tx.entries_between(a.start_utc(), a.end_utc())? {
            if b.overlaps(a)
                && overlap::order(a, &b).is_lt()
                && second.is_none_or(|w| names(w, b.start))
                && !found
                    .iter()
                    .any(|(x, y)| overlap::order(x, a).is_eq() && overlap::order(y, &b).is_eq())
            {
                found.push((a.clone(), b));
            }
        }
    }
    let (a, b) = match found.len() {
        0 => {
            return Err(Error::invalid(format!(
                "no two overlapping entries where the first starts at {}{}; `keel check` lists every overlap with the command that settles it",
                first.format("%Y-%m-%d %H:%M:%S"),
                second.map_or_else(String::new, |w| format!(
                    " and the second at {}",
                    w.format("%Y-%m-%d %H:%M:%S")
                ))
            )));
        }
        1 => found.remove(0),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|(a, b)| format!("  {}", overlap::command(a, b)))
                .collect();
            return Err(Error::invalid(format!(
                "{} overlapping pairs start there; name the second entry with --with:\n{}",
                found.len(),
                list.join("\n")
            )));
        }
    };
    let (removed, added) = match keep {
        Keep::First => (vec![b.clone()], Vec::new()),
        Keep::Second => (vec![a.clone()], Vec::new()),
        Keep::Both => {
            let tail = minus(&b, &a);
            if !tail.is_empty() {
                (vec![b.clone()], tail)
            } else {
                let cut = minus(&a, &b);
                if cut.is_empty() {
                    return Err(Error::invalid(format!(
                        "{} and {} cover the same time, so one cannot be trimmed around the other; keep first or second",
                        overlap::name(&a),
                        overlap::name(&b)
                    )));
                }
                (vec![a.clone()], cut)
            }
        }
    };
    for r in &removed {
        tx.edit_month(r.month(), |es| {
            if let Some(i) = es.iter().position(|e| overlap::order(e, r).is_eq()) {
                es.remove(i);
            }
            Ok(())
        })?;
    }
    for p in &added {
        tx.edit_month(p.month(), |es| {
            es.push(p.clone());
            Ok(())
        })?;
    }
    let how = match keep {
        Keep::First => "keep the first",
        Keep::Second => "keep the second",
        Keep::Both => "keep both, trimmed",
    };
    tx.commit(&format!(
        "resolve the overlap of {} and {}: {how}",
        overlap::name(&a),
        overlap::name(&b)
    ))?;
    Ok(OverlapResolved { removed, added })
}

/// Every overlapping pair in the data directory (across month edges too),
/// as (first, second).
pub fn overlaps(ctx: &Ctx) -> Result<Vec<(Entry, Entry)>> {
    let mut all = Vec::new();
    for m in ctx.store.months()? {
        // A month that does not parse is `keel check`'s to report.
        if let Ok(es) = ctx.store.read_month(m) {
            all.extend(es);
        }
    }
    all.sort_by(overlap::order);
    Ok(overlap::pairs(&all)
        .into_iter()
        .map(|(i, j)| (all[i].clone(), all[j].clone()))
        .collect())
}

/// Which engine carries the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Git,
    Syncthing,
}

/// What [`setup`] did and what is left for the user.
#[derive(Debug, Clone, Default)]
pub struct SetupDone {
    /// Each file kept, with the lines it gained.
    pub files: Vec<(PathBuf, Vec<String>)>,
    /// git config commands run in the repository.
    pub ran: Vec<String>,
    /// Commands for the user to run.
    pub todo: Vec<String>,
    pub notes: Vec<String>,
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The `merge.keel.driver` value: this keel binary by its full path (git
/// runs it without the user's shell setup, e.g. from an editor).
pub fn driver_command() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "keel".into());
    format!("{} merge-driver %O %A %B %P", shell_quote(&exe))
}

fn git(root: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()
}

/// Prepare `root` for a sync engine: ignore files (and, for git,
/// `.gitattributes` and the merge driver in the repository's config; only
/// printed with `print_only` or outside a repository). Lines a file already
/// has, and every other line, are left as they are.
pub fn setup(root: &Path, engine: Engine, print_only: bool) -> Result<SetupDone> {
    let mut done = SetupDone {
        files: sync::setup_files(root, engine == Engine::Git)?,
        ..SetupDone::default()
    };
    if engine == Engine::Syncthing {
        done.notes.push(
            "Syncthing does not share .stignore: run `keel setup syncthing` on each machine. When both machines change a month before syncing, Syncthing keeps a .sync-conflict copy: `keel check` names it and `keel resolve` merges it".into(),
        );
        return Ok(done);
    }
    let config: [(&str, String); 2] = [
        (
            "merge.keel.name",
            "keel: month files merge as sets of entries".into(),
        ),
        ("merge.keel.driver", driver_command()),
    ];
    let repo = git(root, &["rev-parse", "--show-toplevel"]).is_some_and(|o| o.status.success());
    let show = |k: &str, v: &str| {
        format!(
            "git -C {} config {k} {}",
            shell_quote(&root.display().to_string()),
            shell_quote(v)
        )
    };
    if !repo || print_only {
        if !repo {
            done.notes.push(format!(
                "{} is not in a git repository yet: `git init` it (or clone your repository there), then run `keel setup git` again, or run:",
                shown(root)
            ));
        }
        done.todo = config.iter().map(|(k, v)| show(k, v)).collect();
        return Ok(done);
    }
    for (k, v) in &config {
        let ok = git(root, &["config", k, v]).is_some_and(|o| o.status.success());
        if !ok {
            return Err(Error::failed(format!(
                "`git config {k}` failed in {}; run it yourself: {}",
                shown(root),
                show(k, v)
            )));
        }
        done.ran.push(show(k, v));
    }
    // A plain `git pull` on two machines that both committed needs to know
    // how to reconcile; merging (the driver runs) is chosen unless the user
    // chose already.
    let chosen = ["pull.rebase", "pull.ff"]
        .iter()
        .any(|k| git(root, &["config", "--get", k]).is_some_and(|o| o.status.success()));
    if !chosen && git(root, &["config", "pull.rebase", "false"]).is_some_and(|o| o.status.success())
    {
        done.ran.push(show("pull.rebase", "false"));
    }
    let local = ["running.toml", ".lock", ".undo"];
    if let Some(o) = git(root, &[&["ls-files", "--"][..], &local[..]].concat())
        && o.status.success()
        && !o.stdout.is_empty()
    {
        done.notes.push(
            "files of one machine were committed before; stop tracking them (they stay on disk):"
                .into(),
        );
        done.todo.push(format!(
            "git -C {} rm -r --cached --ignore-unmatch {} && git -C {0} commit -m 'keel: machine-local files stay local'",
            shell_quote(&root.display().to_string()),
            local.join(" ")
        ));
    }
    Ok(done)
}

/// What `keel check` says about a git clone set up for keel whose merge
/// driver is missing (a clone that never ran `keel setup git`, or a keel
/// binary that moved): its months would merge line by line.
pub fn setup_warnings(root: &Path) -> Vec<String> {
    let attrs = std::fs::read_to_string(root.join(".gitattributes")).unwrap_or_default();
    if !attrs.contains("merge=keel") {
        return Vec::new();
    }
    let Some(o) = git(root, &["config", "--get", "merge.keel.driver"]) else {
        return Vec::new(); // no git here: nothing to say
    };
    let driver = String::from_utf8_lossy(&o.stdout).trim().to_string();
    if !o.status.success() || driver.is_empty() {
        let inside =
            git(root, &["rev-parse", "--is-inside-work-tree"]).is_some_and(|o| o.status.success());
        return if inside {
            vec!["this clone has no keel merge driver (.gitattributes names it, git's config does not): month files would merge line by line; run `keel setup git`".into()]
        } else {
            Vec::new()
        };
    }
    // The program: the first word, quoted or not.
    let program = match driver.strip_prefix('\'') {
        Some(rest) => rest.split('\'').next().unwrap_or("").to_string(),
        None => driver.split_whitespace().next().unwrap_or("").to_string(),
    };
    if program.starts_with('/') && !Path::new(&program).exists() {
        return vec![format!(
            "the keel merge driver git runs ({}) does not exist any more; run `keel setup git` again",
            crate::text::clean(&program)
        )];
    }
    Vec::new()
}

/// A path in a message: control characters in a file name escaped.
fn shown(p: &Path) -> String {
    crate::text::clean(&p.display().to_string()).into_owned()
}
