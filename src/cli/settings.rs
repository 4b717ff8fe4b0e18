//! Settings and housekeeping: boundaries, check, config, completions, man.

use std::io::Write;

use clap::CommandFactory;

use super::args::{BoundariesAction, Cli, ConfigAction};
use super::paint::{Paint, Table};
use super::{date_arg, io_err};
use crate::app::{self, Ctx};
use crate::config::edit::ProtectChange;
use crate::config::keys::{self, KEYS};
use crate::config::{self, Boundaries, Paths, edit};
use crate::model::time::weekday_short;
use crate::store::Store;
use crate::text::clean;
use crate::{Error, Result};

/// A set as rows of (key, value, meaning): every key of the table, then
/// the protected blocks, numbered for `keel boundaries unprotect N`.
pub fn describe(b: &Boundaries) -> Vec<(String, String, String)> {
    let mut rows: Vec<(String, String, String)> = KEYS
        .iter()
        .map(|k| (k.name.to_string(), k.shown(b), k.help.to_string()))
        .collect();
    for (i, pr) in b.protected.iter().enumerate() {
        let days: Vec<&str> = pr.days.iter().map(|d| weekday_short(*d)).collect();
        rows.push((
            format!("protected {}", i + 1),
            format!(
                "{} {}–{}",
                days.join(","),
                pr.from.format("%H:%M"),
                pr.to.format("%H:%M")
            ),
            format!("kept for {} time", pr.side.as_str()),
        ));
    }
    rows
}

pub fn boundaries(
    ctx: &Ctx,
    action: Option<BoundariesAction>,
    p: Paint,
    out: &mut dyn Write,
) -> Result<()> {
    match action.unwrap_or(BoundariesAction::Show) {
        BoundariesAction::Show => show(ctx, p, out),
        BoundariesAction::Protect(a) => {
            let block = edit::parse_protected(&a.days, &a.span, a.side.as_deref())?;
            let since = a.since.map(|s| date_arg(ctx, &s)).transpose()?;
            let set = app::set_protected(ctx, &ProtectChange::Add(block), since)?;
            changed_set(
                ctx,
                &set,
                &[format!("protected {}", set.protected.len())],
                p,
                out,
            )
        }
        BoundariesAction::Unprotect(a) => {
            let since = a.since.map(|s| date_arg(ctx, &s)).transpose()?;
            let set = app::set_protected(ctx, &ProtectChange::Remove(a.number), since)?;
            changed_set(ctx, &set, &[], p, out)
        }
        BoundariesAction::Set { changes, since } => {
            let changes = changes
                .iter()
                .map(|c| edit::parse_change(c))
                .collect::<Result<Vec<_>>>()?;
            let since = since.map(|s| date_arg(ctx, &s)).transpose()?;
            let set = app::set_boundaries(ctx, &changes, since)?;
            let keys: Vec<String> = changes.iter().map(|c| c.key.clone()).collect();
            changed_set(ctx, &set, &keys, p, out)
        }
    }
}

/// The set after a change, the changed rows in bold.
fn changed_set(
    ctx: &Ctx,
    set: &Boundaries,
    changed: &[String],
    p: Paint,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(
        out,
        "boundaries from {} (in {}):",
        set.since,
        clean(&ctx.config_path.display().to_string())
    )
    .map_err(io_err)?;
    let mut t = Table::new(&["rule", "value", ""], &[false, true, false]);
    for (k, v, m) in describe(set) {
        let bold = changed.contains(&k);
        t.row(vec![if bold { p.bold(&k) } else { k }, v, p.dim(&m)]);
    }
    out.write_all(t.render(&p, "  ").as_bytes())
        .map_err(io_err)?;
    writeln!(
        out,
        "{}",
        p.dim("earlier weeks keep being judged by the set in force then; `keel undo` reverts this")
    )
    .map_err(io_err)
}

fn show(ctx: &Ctx, p: Paint, out: &mut dyn Write) -> Result<()> {
    let week = ctx.this_week();
    let now = ctx.config.boundaries_on(week);
    let since = if now.since == chrono::NaiveDate::MIN {
        "always".to_string()
    } else {
        now.since.to_string()
    };
    writeln!(out, "{} (since {since})", p.bold("In force this week")).map_err(io_err)?;
    let mut t = Table::new(&["rule", "value", ""], &[false, true, false]);
    for (k, v, m) in describe(now) {
        t.row(vec![k, v, p.dim(&m)]);
    }
    out.write_all(t.render(&p, "  ").as_bytes())
        .map_err(io_err)?;
    if ctx.config.boundaries.len() > 1 {
        writeln!(out, "\n{}", p.bold("History")).map_err(io_err)?;
        let mut t = Table::new(
            &["since", "what changed from the set before"],
            &[false, false],
        );
        let sets = &ctx.config.boundaries;
        for (i, b) in sets.iter().enumerate().rev() {
            let marker = if std::ptr::eq(b, now) { " ◀" } else { "" };
            let before = match i {
                0 => Boundaries::fallback(b.since),
                _ => sets[i - 1].clone(),
            };
            let changed = keys::changes(&before, b);
            let mut words = if changed.is_empty() {
                "nothing".to_string()
            } else {
                changed.join(", ")
            };
            if i == 0 {
                words = format!("from the built-in rules: {words}");
            }
            t.row(vec![format!("{}{marker}", b.since), words]);
        }
        out.write_all(t.render(&p, "  ").as_bytes())
            .map_err(io_err)?;
    }
    writeln!(
        out,
        "\n{}",
        p.dim("change with `keel boundaries set KEY=VALUE…`, `protect DAYS FROM-TO [SIDE]` or `unprotect N` (each adds a set dated this week)")
    )
    .map_err(io_err)
}

pub fn check(
    paths: &Paths,
    reserved: config::reserved::Reserved,
    p: Paint,
    out: &mut dyn Write,
) -> Result<()> {
    let mut found = Found::default();
    let config = match config::read_text(&paths.config) {
        Ok(Some(text)) => match config::load::parse(&text, &paths.config) {
            Ok(c) => {
                let clashes = config::reserved::problems(&text, &paths.config, &c, reserved);
                found.config.extend(clashes.iter().map(ToString::to_string));
                Some(c)
            }
            Err(ps) => {
                found.files.extend(ps.iter().map(ToString::to_string));
                None
            }
        },
        Ok(None) => Some(config::Config::builtin()),
        Err(e) if !e.located().is_empty() => {
            found
                .files
                .extend(e.located().iter().map(ToString::to_string));
            None
        }
        Err(e) => {
            found.files.push(e.to_string());
            None
        }
    };
    if let Some(c) = &config {
        found.config.extend(
            c.calendar
                .pattern_problems()
                .into_iter()
                .map(|m| format!("{}: {m}", paths.config.display())),
        );
        // Each [[calendar]]: its path exists and every file parses.
        found.calendars.extend(crate::calendar::problems(c));
    }
    let calendars = config.as_ref().map_or(0, |c| c.calendars.len());
    let store = Store::new(&paths.data).with_config(&paths.config);
    let checked = store.check(crate::app::clock_from_env()?.now())?;
    found
        .files
        .extend(checked.problems.iter().map(ToString::to_string));
    let mut unknown = std::collections::BTreeSet::new();
    if let Some(c) = &config {
        for m in store.months()? {
            if let Ok(es) = store.read_month(m) {
                unknown.extend(
                    es.into_iter()
                        .filter(|e| c.activity(&e.activity).is_none())
                        .map(|e| e.activity),
                );
            }
        }
    }
    let months = store.months()?.len();
    for a in &unknown {
        writeln!(
            out,
            "{} activity `{}` is not in the config; its entries count as other",
            p.yellow("warning:"),
            clean(a)
        )
        .map_err(io_err)?;
    }
    for w in checked
        .warnings
        .iter()
        .chain(&crate::app::sync::setup_warnings(&paths.data))
    {
        writeln!(out, "{} {}", p.yellow("warning:"), clean(w)).map_err(io_err)?;
    }
    super::tell_notices(&store);
    let count = found.count();
    if count == 0 {
        writeln!(
            out,
            "{} config{} and {months} month file{} are valid",
            p.green("✓"),
            match calendars {
                0 => String::new(),
                1 => ", 1 calendar".into(),
                n => format!(", {n} calendars"),
            },
            if months == 1 { "" } else { "s" }
        )
        .map_err(io_err)?;
        Ok(())
    } else {
        found.write(&paths.config, p, out)?;
        Err(Error::invalid(format!(
            "{count} problem{} found",
            if count == 1 { "" } else { "s" }
        )))
    }
}

/// What `keel check` found, by what each kind means for the user.
#[derive(Default)]
struct Found {
    /// In a config that parses (a key that would hide a command, a pattern
    /// that does not compile): every command still runs with it.
    config: Vec<String>,
    /// A `[[calendar]]` that is missing or does not parse.
    calendars: Vec<String>,
    /// Config and data files that do not parse, or hold what no command
    /// would write (overlaps, future entries).
    files: Vec<String>,
}

impl Found {
    fn count(&self) -> usize {
        self.config.len() + self.calendars.len() + self.files.len()
    }

    /// Each kind under a heading that says what it means.
    fn write(&self, config: &std::path::Path, p: Paint, out: &mut dyn Write) -> Result<()> {
        let shown = clean(&config.display().to_string()).into_owned();
        let groups = [
            (
                format!("config problems (fix them in {shown}; meanwhile every command still runs):"),
                &self.config,
            ),
            (
                "calendars (keel sync and keel plan stop on these; status and the UI go on without calendars):".to_string(),
                &self.calendars,
            ),
            (
                "data and config files (a file that does not parse is left untouched until you fix it):".to_string(),
                &self.files,
            ),
        ];
        for (heading, problems) in groups.iter().filter(|(_, ps)| !ps.is_empty()) {
            writeln!(out, "{}", p.bold(heading)).map_err(io_err)?;
            for pr in *problems {
                writeln!(out, "{} {}", p.red("✗"), clean(pr)).map_err(io_err)?;
            }
        }
        Ok(())
    }
}

pub fn config(action: ConfigAction, paths: &Paths, out: &mut dyn Write) -> Result<()> {
    match action {
        ConfigAction::Path => {
            let state = if paths.config.exists() {
                match config::read(&paths.config) {
                    Ok(_) => "",
                    Err(_) => "  (does not parse: see `keel check`)",
                }
            } else {
                "  (absent: the built-in default applies; `keel config init` writes it)"
            };
            let shown = |p: &std::path::Path| clean(&p.display().to_string()).into_owned();
            writeln!(out, "config: {}{state}", shown(&paths.config)).map_err(io_err)?;
            writeln!(out, "data:   {}", shown(&paths.data)).map_err(io_err)
        }
        ConfigAction::Init => {
            if paths.config.exists() {
                return Err(Error::invalid(format!(
                    "{} already exists; keel will not overwrite it. Move it away first to get a fresh default",
                    paths.config.display()
                )));
            }
            let dir = paths.config.parent().unwrap_or(std::path::Path::new("."));
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the directory", &e))?;
            // create_new: never clobber a file that appeared meanwhile.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&paths.config)
                .map_err(|e| Error::io(&paths.config, "create", &e))?;
            f.write_all(config::DEFAULT_TOML.as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| Error::io(&paths.config, "write", &e))?;
            writeln!(
                out,
                "wrote the default config to {}",
                clean(&paths.config.display().to_string())
            )
            .map_err(io_err)
        }
    }
}

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    // Into a buffer first: clap_complete panics when its writer fails, and a
    // closed pipe (`keel completions bash | head`) is not an error.
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "keel", &mut buf);
    out.write_all(&buf).map_err(io_err)
}

pub fn man(out: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command())
        .render(out)
        .map_err(io_err)
}
