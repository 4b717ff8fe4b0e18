//! The command line, declared once: parsing, `--help`, shell completions and
//! the man page all come from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import;

#[derive(Parser, Debug)]
#[command(
    name = "keel",
    version,
    about = "Keep the split between hands-on technical work and management honest",
    long_about = "evenkeel logs where your hours go, holds them against the boundaries you chose \
                  (target technical share, weekly technical hours, a daily management cap, protected \
                  blocks, focus blocks) and flags drift early.\n\nWith no command, keel opens the terminal UI.",
    after_help = "Times: HH:MM or 9, a day and a time (yesterday 23:55, mon 9:00, 2026-11-23 09:30), or RFC 3339. \
                  Dates: YYYY-MM-DD, today, yesterday, or a weekday (mon).\n\
                  Activities: the name, the key (m) or a unique prefix (one).\n\
                  Exit codes: 0 success, 1 an operation failed, 2 invalid input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The config file [default: ~/.config/evenkeel/config.toml]
    #[arg(long, global = true, env = "EVENKEEL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The data directory [default: ~/.local/share/evenkeel]
    #[arg(long, global = true, env = "EVENKEEL_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open the TUI on a generated half-year history in a temporary directory
    #[arg(long)]
    pub demo: bool,
}

/// Each command's arguments are one struct, handed whole to its handler.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a timer (a running one stops at the same instant)
    Start(StartArgs),
    /// Stop the running timer
    Stop(StopArgs),
    /// Log a block after the fact: `keel log review 14:00-15:30`, `keel log coding 45m`
    Log(LogArgs),
    /// One line for prompts and status bars
    Status(StatusArgs),
    /// The balance of a week, a month or any range
    Report(ReportArgs),
    /// What the week can still become: logged, booked ahead, free time, the band within reach
    Plan(super::plan::PlanArgs),
    /// List entries [default: today's]
    Entries(EntriesArgs),
    /// Change the entry that begins at START, or the running timer (`keel edit running`)
    Edit(EditArgs),
    /// Show or write a week's reflection
    Review(ReviewArgs),
    /// Days off: list them, mark FROM [TO] off, or --remove them
    Off(OffArgs),
    /// Delete the entry that begins at START (or, with --future, every entry that ends in the future)
    Delete(DeleteArgs),
    /// Revert the last change made by keel
    Undo(UndoArgs),
    /// Show or change your boundaries
    Boundaries {
        #[command(subcommand)]
        action: Option<BoundariesAction>,
    },
    /// Write every field of every entry as JSON or CSV (to stdout)
    Export(ExportArgs),
    /// Import entries from keel's export, a spreadsheet CSV, Timewarrior, Watson or a calendar (.ics)
    Import(ImportArgs),
    /// Import from the configured [[calendar]]s what has ended (and their days off)
    Sync(SyncArgs),
    /// Validate the config and every data file
    Check,
    /// Prepare the data directory for two machines: `keel setup git` or `keel setup syncthing`
    Setup(SetupArgs),
    /// Settle what a sync left: conflict copies, an unfinished git merge, overlapping entries
    Resolve(ResolveArgs),
    /// git's merge driver for keel's files (`keel setup git` configures it)
    MergeDriver(MergeDriverArgs),
    /// The config file
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff)
    Man,
}

#[derive(Args, Debug)]
pub struct StartArgs {
    /// The activity: its name, its key (m) or a prefix of one name only (one)
    pub activity: String,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long = "tag", value_name = "TAG", value_parser = tag)]
    pub tags: Vec<String>,
    /// When it started [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Switch from a timer that ran over 12 hours, keeping all of it
    #[arg(long)]
    pub long: bool,
}

#[derive(Args, Debug)]
pub struct StopArgs {
    /// When it stopped [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Keep a block over 12 hours (a timer really running that long)
    #[arg(long)]
    pub long: bool,
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// The activity: its name, its key (m) or a prefix of one name only (one)
    pub activity: String,
    /// HH:MM-HH:MM or 9-9:45 (an end before the start means the next day), or a duration (45m, 1h30m, 1.5h) ending now or at --at
    pub span: String,
    /// The day of an HH:MM-HH:MM span [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// When a duration ends [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long = "tag", value_name = "TAG", value_parser = tag)]
    pub tags: Vec<String>,
    /// Accept a block longer than 12 hours (up to 7 days)
    #[arg(long)]
    pub long: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// A week: `this`, `last`, `next`, or the one holding DATE [default: this week]
    #[arg(long, value_name = "this|last|next|DATE", num_args = 0..=1, default_missing_value = "today", conflicts_with_all = ["month", "from", "to"])]
    pub week: Option<String>,
    /// A month: YYYY-MM [default: this month]
    #[arg(long, value_name = "YYYY-MM", num_args = 0..=1, default_missing_value = "this", conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Args, Debug)]
pub struct UndoArgs {
    /// List the changes that can be undone, newest first, instead
    #[arg(long)]
    pub list: bool,
}

#[derive(Args, Debug)]
pub struct EntriesArgs {
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// One day (same as --from DATE --to DATE)
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The entry's start (a TIME), or `running` for the running timer
    pub start: String,
    #[arg(long)]
    pub activity: Option<String>,
    /// New start
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// New end (not for the running timer: `keel stop --at` ends it)
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// New note (an empty one removes it)
    #[arg(long)]
    pub note: Option<String>,
    /// Replace the tags (repeat for several)
    #[arg(long = "tag", value_name = "TAG", value_parser = tag)]
    pub tags: Option<Vec<String>>,
    /// Accept an entry longer than 12 hours (up to 7 days)
    #[arg(long)]
    pub long: bool,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The entry's start (a TIME)
    #[arg(required_unless_present = "future")]
    pub start: Option<String>,
    /// Delete every entry that ends in the future (left by an earlier calendar import), as one undo step
    #[arg(long, conflicts_with = "start")]
    pub future: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// First day [default: the first entry]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day [default: the last entry]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Args, Debug)]
pub struct SetupArgs {
    /// The engine that carries the data directory
    #[arg(value_enum)]
    pub engine: SyncEngine,
    /// Print the git config commands instead of running them
    #[arg(long)]
    pub print: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncEngine {
    Git,
    Syncthing,
}

#[derive(Args, Debug)]
#[command(
    after_help = "With no FILE and no --overlap: every conflict copy and every file with git's conflict markers, \
                  merged as one change (`keel undo` reverts it); then the overlapping entries left are listed."
)]
pub struct ResolveArgs {
    /// A conflict copy (`*.sync-conflict-*`) or a file with git's conflict markers
    #[arg(conflicts_with = "overlap")]
    pub file: Option<PathBuf>,
    /// The start of the first entry of an overlapping pair, as `keel check` prints it
    #[arg(long, value_name = "TIME", requires = "keep")]
    pub overlap: Option<String>,
    /// The start of the second entry, when the first overlaps several
    #[arg(long, value_name = "TIME", requires = "overlap")]
    pub with: Option<String>,
    /// Which entry stays; `both` trims the second to start where the first ends
    /// (or cuts the first around a second that lies inside it)
    #[arg(long, value_enum, requires = "overlap")]
    pub keep: Option<KeepArg>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepArg {
    First,
    Second,
    Both,
}

#[derive(Args, Debug)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O)
    pub base: PathBuf,
    /// Our version (%A); the merged file is written over it
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
    /// The file's path in the repository (%P), which says what kind of file it is
    pub path: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum BoundariesAction {
    /// The set in force and the history of sets
    Show,
    /// Change rules from this week (or --since): `keel boundaries set technical_share=0.45 max_management_hours_per_day=5`
    Set {
        #[arg(required = true, value_name = "KEY=VALUE")]
        changes: Vec<String>,
        /// The first day the new values apply [default: this week's first day]
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// Keep a block of time for one side from this week (or --since): `keel boundaries protect tue,thu 09:00-12:00 technical`
    Protect(ProtectArgs),
    /// Let go of a protected block from this week (or --since), by its number in `keel boundaries show`
    Unprotect(UnprotectArgs),
}

#[derive(Args, Debug)]
pub struct ProtectArgs {
    /// The days, comma-separated: tue,thu
    #[arg(value_name = "DAYS")]
    pub days: String,
    /// The block: HH:MM-HH:MM
    #[arg(value_name = "FROM-TO")]
    pub span: String,
    /// Whose time it is: technical (the default) or management
    #[arg(value_name = "SIDE")]
    pub side: Option<String>,
    /// The first day the block applies [default: this week's first day]
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Args, Debug)]
pub struct UnprotectArgs {
    /// The block's number, as `keel boundaries show` lists it
    #[arg(value_name = "N")]
    pub number: usize,
    /// The first day without it [default: this week's first day]
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Write the documented default config (refuses to overwrite one)
    Init,
    /// Print where the config and data live
    Path,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// `--format` of `keel import` is the importer's own [`import::Format`]:
/// one enum, named by [`import::Format::name`].
impl ValueEnum for import::Format {
    fn value_variants<'a>() -> &'a [Self] {
        &import::Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// A tag is never empty: an empty one survives neither the TOML files'
/// readers nor the `;`-joined CSV column.
fn tag(s: &str) -> Result<String, String> {
    if s.is_empty() {
        Err("a tag cannot be empty; leave out --tag for none".into())
    } else {
        Ok(s.to_string())
    }
}

/// `keel import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file to read, or - for stdin
    pub file: PathBuf,
    /// [default: from the file's extension; Watson's file is `frames`]
    #[arg(long, value_enum)]
    pub format: Option<import::Format>,
    /// Only items from this day on (calendars: default 90 days ago)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only items up to this day (calendars: default today; what has not ended is never imported)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Another name for an activity: --map payments=coding (repeatable)
    #[arg(long = "map", value_name = "NAME=ACTIVITY")]
    pub maps: Vec<String>,
    /// The activity of Timewarrior/Watson items that name none
    #[arg(long, value_name = "ACTIVITY")]
    pub default: Option<String>,
    /// Among several activities an item names, take this one (repeatable, first wins)
    #[arg(long, value_name = "ACTIVITY")]
    pub prefer: Vec<String>,
    /// Also import items longer than 12 hours (up to 7 days); keel's own
    /// export keeps them without it
    #[arg(long)]
    pub long: bool,
    /// A calendar's all-day events become days off (a public-holiday calendar; default range a year back to two years ahead)
    #[arg(long)]
    pub as_off: bool,
    /// Show what would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `keel sync`.
#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Days back to read (meetings moved into the past are caught)
    #[arg(long, value_name = "N", default_value_t = crate::app::calendars::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Show what would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Bring back an item you deleted or whose import you undid, so that
    /// the next sync imports it again (repeatable; its SOURCE as
    /// `--list-dismissed` shows it)
    #[arg(long, value_name = "SOURCE", conflicts_with_all = ["dry_run", "list_dismissed"])]
    pub restore: Vec<String>,
    /// List the sources of the items no sync brings back
    #[arg(long, conflicts_with = "dry_run")]
    pub list_dismissed: bool,
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The week: `this`, `last`, `next`, or any DATE in it (default: this week)
    #[arg(long, value_name = "this|last|next|DATE")]
    pub week: Option<String>,
    /// The reflection to save (`-` reads it from stdin; `""` removes it).
    /// Without TEXT, the week's reflection is printed
    pub text: Option<String>,
}

#[derive(Args, Debug)]
pub struct OffArgs {
    /// The first day (a DATE); without it, the days off are listed
    pub from: Option<String>,
    /// The last day, included [default: FROM]
    pub to: Option<String>,
    /// Why (vacation, public holiday, …)
    #[arg(long)]
    pub note: Option<String>,
    /// Remove these days off instead (a range is split where needed)
    #[arg(long, requires = "from", conflicts_with = "note")]
    pub remove: bool,
}
