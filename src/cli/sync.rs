//! Two machines: `keel setup`, `keel resolve` and git's merge driver.

use std::io::Write;
use std::path::Path;

use super::args::{KeepArg, MergeDriverArgs, ResolveArgs, SetupArgs, SyncEngine};
use super::paint::Paint;
use super::{Paths, io_err, time_arg};
use crate::Result;
use crate::app::Ctx;
use crate::app::sync::{self as ops, Engine, Keep};
use crate::store::sync::{merge_driver as drive, overlap};
use crate::text::clean;

fn shown(p: &Path) -> String {
    clean(&p.display().to_string()).into_owned()
}

/// Merge, write the result over ours, report on stderr (git shows it).
pub fn merge_driver(args: &MergeDriverArgs, p: Paint) -> Result<()> {
    let merged = drive(&args.base, &args.ours, &args.theirs, args.path.as_deref())?;
    let name = shown(args.path.as_deref().unwrap_or(&args.ours));
    for n in &merged.notes {
        eprintln!("{} {name}: {}", p.yellow("keel:"), clean(n));
    }
    Ok(())
}

pub fn setup(paths: &Paths, args: &SetupArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let engine = match args.engine {
        SyncEngine::Git => Engine::Git,
        SyncEngine::Syncthing => Engine::Syncthing,
    };
    let done = ops::setup(&paths.data, engine, args.print)?;
    for (file, added) in &done.files {
        let what = if added.is_empty() {
            "already complete".to_string()
        } else {
            format!("added {}", added.join(" "))
        };
        writeln!(out, "{} {}: {what}", p.green("✓"), shown(file)).map_err(io_err)?;
    }
    for c in &done.ran {
        writeln!(out, "{} {}", p.green("✓"), clean(c)).map_err(io_err)?;
    }
    for n in &done.notes {
        writeln!(out, "{}", clean(n)).map_err(io_err)?;
    }
    for c in &done.todo {
        writeln!(out, "  {}", clean(c)).map_err(io_err)?;
    }
    if engine == Engine::Git {
        writeln!(
            out,
            "{}",
            p.dim("each clone needs `keel setup git` once (git does not copy its config); month files then merge without conflicts")
        )
        .map_err(io_err)?;
    }
    Ok(())
}

pub fn resolve(ctx: &Ctx, args: &ResolveArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    if let (Some(first), Some(keep)) = (&args.overlap, args.keep) {
        let first = time_arg(ctx, first, None)?;
        let second = args
            .with
            .as_deref()
            .map(|w| time_arg(ctx, w, None))
            .transpose()?;
        let keep = match keep {
            KeepArg::First => Keep::First,
            KeepArg::Second => Keep::Second,
            KeepArg::Both => Keep::Both,
        };
        let done = ops::resolve_overlap(ctx, first, second, keep)?;
        // In the zone the user is in now, whatever offset the files keep.
        let name = |e: &crate::model::Entry| overlap::name(&ctx.shown(e.clone()));
        if done.added.is_empty() {
            for e in &done.removed {
                writeln!(out, "removed {}", name(e)).map_err(io_err)?;
            }
        } else {
            let now: Vec<String> = done.added.iter().map(name).collect();
            for e in &done.removed {
                writeln!(out, "trimmed {} to {}", name(e), now.join(" and ")).map_err(io_err)?;
            }
        }
        return writeln!(out, "{}", p.dim("`keel undo` reverts this")).map_err(io_err);
    }
    let done = ops::resolve_files(ctx, args.file.as_deref())?;
    for d in &done {
        let mut how = Vec::new();
        if d.had_markers {
            how.push("both sides of an unfinished git merge".to_string());
        }
        for c in &d.copies {
            how.push(format!("{} (removed)", shown(c)));
        }
        writeln!(
            out,
            "{} {}: merged {}; {} record{} added",
            p.green("✓"),
            shown(&d.file),
            how.join(" and "),
            d.added,
            if d.added == 1 { "" } else { "s" }
        )
        .map_err(io_err)?;
        for n in &d.notes {
            writeln!(out, "  {}", clean(n)).map_err(io_err)?;
        }
        if d.had_markers {
            writeln!(
                out,
                "  {}",
                p.dim("then `git add` the file and commit to finish the merge")
            )
            .map_err(io_err)?;
        }
    }
    if !done.is_empty() {
        writeln!(out, "{}", p.dim("`keel undo` reverts this")).map_err(io_err)?;
    }
    let left = ops::overlaps(ctx)?;
    if done.is_empty() && left.is_empty() {
        return writeln!(
            out,
            "nothing to resolve: no conflict copies, unfinished merges or overlapping entries"
        )
        .map_err(io_err);
    }
    if !left.is_empty() {
        writeln!(
            out,
            "{} overlapping pair{} to settle, one command each:",
            left.len(),
            if left.len() == 1 { "" } else { "s" }
        )
        .map_err(io_err)?;
        for (a, b) in &left {
            writeln!(
                out,
                "  {} and {}\n    {}",
                overlap::name(&ctx.shown(a.clone())),
                overlap::name(&ctx.shown(b.clone())),
                overlap::command(a, b)
            )
            .map_err(io_err)?;
        }
    }
    Ok(())
}
