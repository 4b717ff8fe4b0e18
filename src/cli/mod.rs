//! The scriptable face: parse arguments, build the context, run one command,
//! map errors to exit codes. Each command family is a module whose handlers
//! take the context and a writer.

pub mod args;
mod entries;
mod paint;
mod report;
mod settings;
mod transfer;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Parser;

use crate::app::{self, Ctx};
use crate::config::{self, Config};
use crate::model::parse;
use crate::store::Store;
use crate::{Error, Result};
pub use args::{Cli, Command};
pub use paint::Paint;

/// Where the config and the data live.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Paths {
    pub fn resolve(g: &args::Global) -> Result<Paths> {
        let dirs = directories::ProjectDirs::from("", "", "evenkeel");
        let config = match (&g.config, &dirs) {
            (Some(p), _) => p.clone(),
            (None, Some(d)) => d.config_dir().join("config.toml"),
            (None, None) => {
                return Err(Error::failed(
                    "no home directory found: pass --config and --data-dir",
                ));
            }
        };
        let data = match (&g.data_dir, &dirs) {
            (Some(p), _) => p.clone(),
            (None, Some(d)) => d.data_dir().to_path_buf(),
            (None, None) => {
                return Err(Error::failed(
                    "no home directory found: pass --config and --data-dir",
                ));
            }
        };
        // Absolute, so that the undo journal names the same files whatever
        // directory a later `keel undo` runs in.
        let abs = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
        Ok(Paths {
            config: abs(config),
            data: abs(data),
        })
    }
}

/// Read the config at `path`; the built-in default when it does not exist.
pub fn load_config(path: &std::path::Path) -> Result<Config> {
    match std::fs::read_to_string(path) {
        Ok(text) => config::load::parse(&text, path).map_err(|ps| {
            let mut e = Error::from(ps);
            e.message.push_str(
                "\nFix the config (`keel check` lists every problem); nothing was changed.",
            );
            e
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Config::builtin()),
        Err(e) => Err(Error::io(path, "read", &e)),
    }
}

pub fn context(paths: &Paths) -> Result<Ctx> {
    let config = load_config(&paths.config)?;
    let now = app::clock_from_env()?.now();
    Ok(Ctx {
        config,
        config_path: paths.config.clone(),
        store: Store::new(&paths.data).with_config(&paths.config),
        now,
    })
}

/// The binary's entry point.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match run(cli, &mut out).and_then(|()| out.flush().map_err(|e| Error::failed(e.to_string()))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let p = Paint {
                on: std::io::IsTerminal::is_terminal(&io::stderr())
                    && std::env::var_os("NO_COLOR").is_none(),
            };
            eprintln!("{} {}", p.red("error:"), e.message);
            ExitCode::from(e.exit_code())
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    e.message.contains("Broken pipe")
}

/// Run one parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let paths = Paths::resolve(&cli.global)?;
    let paint = Paint::detect();
    use Command as C;
    let Some(cmd) = cli.command else {
        return crate_tui_or_status(&cli.global, &paths, out);
    };
    match cmd {
        C::Completions { shell } => settings::completions(shell, out),
        C::Man => settings::man(out),
        C::Config { action } => settings::config(action, &paths, out),
        C::Check => settings::check(&paths, paint, out),
        cmd => {
            let ctx = context(&paths)?;
            let done = match cmd {
                C::Start {
                    activity,
                    note,
                    tags,
                    at,
                } => entries::start(&ctx, &activity, note, tags, at.as_deref(), paint, out),
                C::Stop { at } => entries::stop(&ctx, at.as_deref(), paint, out),
                C::Log {
                    activity,
                    span,
                    date,
                    at,
                    note,
                    tags,
                } => entries::log(
                    &ctx,
                    &activity,
                    &span,
                    date.as_deref(),
                    at.as_deref(),
                    note,
                    tags,
                    paint,
                    out,
                ),
                C::Edit {
                    start,
                    activity,
                    from,
                    to,
                    note,
                    tags,
                } => entries::edit(
                    &ctx,
                    &start,
                    activity,
                    from.as_deref(),
                    to.as_deref(),
                    note,
                    tags,
                    paint,
                    out,
                ),
                C::Delete { start, future } => {
                    entries::delete(&ctx, start.as_deref(), future, paint, out)
                }
                C::Undo { list } => entries::undo(&ctx, list, paint, out),
                C::Review(args) => report::review(&ctx, args, out),
                C::Off(args) => entries::off(&ctx, args, out),
                C::Entries { from, to, format } => {
                    entries::list(&ctx, from.as_deref(), to.as_deref(), format, paint, out)
                }
                C::Status { format } => report::status(&ctx, format, paint, out),
                C::Report {
                    week,
                    month,
                    from,
                    to,
                    format,
                } => report::report(
                    &ctx,
                    week.as_deref(),
                    month.as_deref(),
                    from.as_deref(),
                    to.as_deref(),
                    format,
                    paint,
                    out,
                ),
                C::Boundaries { action } => settings::boundaries(&ctx, action, paint, out),
                C::Export { format, from, to } => {
                    transfer::export(&ctx, format, from.as_deref(), to.as_deref(), out)
                }
                C::Import {
                    file,
                    format,
                    from,
                    to,
                    maps,
                    dry_run,
                } => transfer::import(
                    &ctx,
                    &file,
                    format,
                    from.as_deref(),
                    to.as_deref(),
                    &maps,
                    dry_run,
                    paint,
                    out,
                ),
                C::Completions { .. } | C::Man | C::Config { .. } | C::Check => {
                    unreachable!("handled above")
                }
            };
            tell_notices(&ctx.store);
            done
        }
    }
}

/// What the store did on its own (finishing or rolling back an interrupted
/// change), on stderr.
pub(crate) fn tell_notices(store: &Store) {
    for n in store.take_notices() {
        eprintln!("keel: {n}");
    }
}

/// `keel` alone: the TUI on a terminal; the status line and a hint otherwise.
fn crate_tui_or_status(global: &args::Global, paths: &Paths, out: &mut dyn Write) -> Result<()> {
    use std::io::IsTerminal;
    let tty = io::stdin().is_terminal() && io::stdout().is_terminal();
    if tty {
        return crate::tui::run(paths, global.demo);
    }
    if global.demo {
        return Err(Error::invalid(
            "--demo opens the terminal UI on generated data, so it needs a terminal: run it in one",
        ));
    }
    let ctx = context(paths)?;
    report::status(&ctx, args::Format::Text, Paint { on: false }, out)?;
    tell_notices(&ctx.store);
    writeln!(
        out,
        "(no terminal: run `keel` in a terminal for the UI, or `keel --help` for the commands)"
    )
    .map_err(io_err)
}

pub(crate) fn io_err(e: io::Error) -> Error {
    Error::failed(format!("could not write the output: {e}"))
}

/// A TIME argument, read on `day` (default today) in the config's zone.
pub(crate) fn time_arg(
    ctx: &Ctx,
    s: &str,
    day: Option<NaiveDate>,
) -> Result<DateTime<FixedOffset>> {
    parse::time(s, day.unwrap_or_else(|| ctx.today()), &ctx.config.zone).map_err(Error::invalid)
}

pub(crate) fn date_arg(ctx: &Ctx, s: &str) -> Result<NaiveDate> {
    parse::date(s, ctx.today()).map_err(Error::invalid)
}
