//! The scriptable face: parse arguments, build the context, run one command,
//! map errors to exit codes. Each command family is a module whose handlers
//! take the context, the command's own arguments (its `#[derive(Args)]`
//! struct, whole) and a writer.

mod args;
mod calendars;
mod entries;
mod paint;
mod plan;
mod report;
mod settings;
mod sync;
mod transfer;

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Parser;

use crate::app::Ctx;
use crate::config::Paths;
use crate::model::parse;
use crate::store::Store;
use crate::{Error, Result, text};
use args::{Cli, Command};
use paint::Paint;

/// The terminal UI, as the binary hands it in: `keel` with no command opens
/// it on a terminal, and `keel check` asks it which keys an activity must
/// not take. Passed rather than imported, so that neither face depends on
/// the other.
#[derive(Clone, Copy)]
pub struct Ui {
    /// Open the UI (the paths, and whether on the demo history).
    pub run: fn(&Paths, bool) -> Result<()>,
    /// The command the UI keeps a key for where activity keys act, in
    /// words; `None` for a key an activity may take.
    pub reserved: fn(char) -> Option<String>,
}

/// The binary's entry point.
pub fn main(ui: Ui) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = run(cli, ui, &mut out).and_then(|()| out.flush().map_err(|e| Error::output(&e)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`keel entries | head`): nothing to say.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let p = Paint {
                on: text::colour(&io::stderr()),
            };
            eprintln!("{} {e}", p.red("error:"));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Bad arguments (exit 2), or `--help`/`--version` (exit 0), as clap says
/// them. Clap echoes arguments as they were given; when one holds a control
/// character, the message is that of the same arguments with those
/// characters escaped, so no sequence from the command line reaches the
/// terminal.
fn usage_error(e: &clap::Error) -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let hostile = args.iter().any(|a| a.chars().any(char::is_control));
    if !e.use_stderr() || !hostile {
        e.exit();
    }
    match Cli::try_parse_from(args.iter().map(|a| text::clean(a).into_owned())) {
        Err(escaped) if escaped.use_stderr() => escaped.exit(),
        // Plain text: clap's rendering without any escape sequence.
        _ => eprint!("{}", e.render()),
    }
    ExitCode::from(2)
}

/// Run one parsed command line, writing to `out`.
fn run(cli: Cli, ui: Ui, out: &mut dyn Write) -> Result<()> {
    let g = &cli.global;
    let paths = Paths::resolve(g.config.as_deref(), g.data_dir.as_deref())?;
    let paint = Paint::detect();
    use Command as C;
    let Some(cmd) = cli.command else {
        return ui_or_status(ui, &cli.global, &paths, out);
    };
    match cmd {
        C::Completions { shell } => return settings::completions(shell, out),
        C::Man => return settings::man(out),
        C::Config { action } => return settings::config(action, &paths, out),
        C::Check => return settings::check(&paths, &ui.reserved, paint, out),
        C::MergeDriver(a) => return sync::merge_driver(&a, paint),
        C::Setup(a) => return sync::setup(&paths, &a, paint, out),
        _ => {}
    }
    let ctx = Ctx::open(&paths)?;
    let done = match cmd {
        C::Start(a) => entries::start(&ctx, a, paint, out),
        C::Stop(a) => entries::stop(&ctx, a, paint, out),
        C::Log(a) => entries::log(&ctx, a, paint, out),
        C::Edit(a) => entries::edit(&ctx, a, paint, out),
        C::Delete(a) => entries::delete(&ctx, a, paint, out),
        C::Undo(a) => entries::undo(&ctx, a, out),
        C::Review(a) => report::review(&ctx, a, out),
        C::Off(a) => entries::off(&ctx, a, out),
        C::Entries(a) => entries::list(&ctx, a, paint, out),
        C::Status(a) => report::status(&ctx, a.format, paint, out),
        C::Report(a) => report::report(&ctx, &a, paint, out),
        C::Plan(a) => plan::plan(&ctx, a, paint, out),
        C::Boundaries { action } => settings::boundaries(&ctx, action, paint, out),
        C::Export(a) => transfer::export(&ctx, a, out),
        C::Import(a) => transfer::import(&ctx, a, paint, out),
        C::Sync(a) => calendars::sync(&ctx, a, paint, out),
        C::Resolve(a) => sync::resolve(&ctx, &a, paint, out),
        C::Completions { .. }
        | C::Man
        | C::Config { .. }
        | C::Check
        | C::MergeDriver(_)
        | C::Setup(_) => {
            unreachable!("handled above")
        }
    };
    tell_notices(&ctx.store);
    done
}

/// What the store did on its own (finishing or rolling back an interrupted
/// change), on stderr.
pub(crate) fn tell_notices(store: &Store) {
    for n in store.take_notices() {
        eprintln!("keel: {}", text::clean_multiline(&n));
    }
}

/// `keel` alone: the TUI on a terminal; the status line and a hint otherwise.
fn ui_or_status(ui: Ui, global: &args::Global, paths: &Paths, out: &mut dyn Write) -> Result<()> {
    use std::io::IsTerminal;
    let tty = io::stdin().is_terminal() && io::stdout().is_terminal();
    if tty {
        return (ui.run)(paths, global.demo);
    }
    if global.demo {
        return Err(Error::invalid(
            "--demo opens the terminal UI on generated data, so it needs a terminal: run it in one",
        ));
    }
    let ctx = Ctx::open(paths)?;
    report::status(&ctx, args::Format::Text, Paint { on: false }, out)?;
    tell_notices(&ctx.store);
    writeln!(
        out,
        "(no terminal: run `keel` in a terminal for the UI, or `keel --help` for the commands)"
    )
    .map_err(io_err)
}

pub(crate) fn io_err(e: io::Error) -> Error {
    Error::output(&e)
}

/// A TIME argument: a clock time on `day` (default today), or a day and a
/// time (`yesterday 23:55`, `mon 9:00`: day words count from today), read
/// in the config's zone.
pub(crate) fn time_arg(
    ctx: &Ctx,
    s: &str,
    day: Option<NaiveDate>,
) -> Result<DateTime<FixedOffset>> {
    let today = ctx.today();
    parse::time_on(s, day.unwrap_or(today), today, &ctx.config.zone).map_err(Error::invalid)
}

pub(crate) fn date_arg(ctx: &Ctx, s: &str) -> Result<NaiveDate> {
    parse::date(s, ctx.today()).map_err(Error::invalid)
}

/// A `--week` argument, the same for every command that takes one: `this`,
/// `last`, `next`, or the week holding a DATE (day words included). The
/// week's first day under the config's `week_start`.
pub(crate) fn week_arg(ctx: &Ctx, s: &str) -> Result<NaiveDate> {
    let this = ctx.this_week();
    match s.trim().to_ascii_lowercase().as_str() {
        "this" => Ok(this),
        "last" => Ok(this - chrono::Duration::days(7)),
        "next" => Ok(this + chrono::Duration::days(7)),
        _ => parse::date(s, ctx.today())
            .map(|d| ctx.config.week_start.week_of(d))
            .map_err(|_| {
                Error::invalid(format!(
                    "`{s}` is not a week: write this, last, next, or any day in it \
                     (2026-11-23, today, yesterday, mon)"
                ))
            }),
    }
}
