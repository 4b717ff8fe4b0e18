//! `keel export` and `keel import`: read the file, hand it to the parser of
//! its format and to `app::import`, and say what happened.

use std::io::{Read, Write};

use chrono::NaiveDate;

use super::args::{ExportArgs, ExportFormat, ImportArgs};
use super::paint::Paint;
use super::{date_arg, io_err};
use crate::app::{self, Ctx, ImportReport};
use crate::import::plan::NameRules;
use crate::import::{self, Format, keel};
use crate::model::Zone;
use crate::text::{clean, clean_multiline};
use crate::{Error, Result};

pub fn export(ctx: &Ctx, a: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let from = a.from.map(|s| date_arg(ctx, &s)).transpose()?;
    let to = a.to.map(|s| date_arg(ctx, &s)).transpose()?;
    let mut days_off = ctx.store.time_off()?;
    let mut range = None;
    let entries = match (from, to) {
        (None, None) => ctx.store.load_all()?,
        (f, t) => {
            let months = ctx.store.months()?;
            let first = months.first().map_or(ctx.today(), |m| m.first_day());
            let last = months.last().map_or(ctx.today(), |m| m.last_day());
            let (f, t) = (f.unwrap_or(first), t.unwrap_or(last.max(ctx.today())));
            if t < f {
                return Err(Error::invalid(format!("--to {t} is before --from {f}")));
            }
            range = Some((f, t));
            let zone = &ctx.config.zone;
            // The days off within the range (a record cut to it).
            days_off = days_off
                .into_iter()
                .filter(|o| o.to >= f && o.from <= t)
                .map(|o| crate::model::off::Off {
                    from: o.from.max(f),
                    to: o.to.min(t),
                    ..o
                })
                .collect();
            let l = ctx.store.load(f, t, zone)?;
            for w in &l.warnings {
                eprintln!("warning: {}", crate::text::clean(w));
            }
            // Entries that start within the days, so consecutive ranges
            // export each entry once.
            l.entries
                .into_iter()
                .filter(|e| {
                    let d = zone.date_of(e.start_utc());
                    d >= f && d <= t
                })
                .collect()
        }
    };
    let rows: Vec<keel::Row> = entries
        .iter()
        .map(|e| keel::Row::of(e, ctx.config.side_of(&e.activity).as_str()))
        .collect();
    let text = match a.format {
        ExportFormat::Json => {
            // The weeks that begin within the range, so consecutive ranges
            // carry each reflection once.
            let (f, t) = range.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
            let reflections: Vec<(NaiveDate, String)> = app::reflect::beginning_within(ctx, f, t)?
                .into_iter()
                .map(|r| (r.week, r.text))
                .collect();
            let dismissed: Vec<String> = ctx.store.dismissed()?.into_iter().collect();
            keel::to_json(&rows, &days_off, &reflections, &dismissed)
        }
        ExportFormat::Csv => keel::to_csv(&rows),
    };
    out.write_all(text.as_bytes()).map_err(io_err)
}

pub fn import(ctx: &Ctx, a: ImportArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let file = a.file.as_path();
    let stdin = file.as_os_str() == "-";
    let format = match a.format {
        Some(f) => Some(f),
        None if stdin => None,
        None => Format::from_path(file),
    };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::failed(format!("could not read stdin: {e}")))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| Error::io(file, "read", &e))?;
    }
    let shown = clean(&file.display().to_string()).into_owned();
    let Some(format) = format.or_else(|| Format::guess(&bytes).filter(|_| stdin)) else {
        return Err(Error::invalid(format!(
            "cannot tell the format of {shown}: add --format csv|json|timewarrior|watson|ics"
        )));
    };
    let format = format.sniff(&bytes);
    if a.as_off && format != Format::Ics {
        return Err(Error::invalid(format!(
            "--as-off reads a calendar's all-day events, but {shown} is {}; give an .ics file (or --format ics)",
            format.name()
        )));
    }
    let naming = NameRules {
        maps: import::parse_maps(&a.maps)?,
        default: a.default.clone(),
        prefer: a.prefer.clone(),
    };
    let opts = import::Options {
        zone: ctx.config.zone,
        from: a.from.as_deref().map(|s| date_arg(ctx, s)).transpose()?,
        to: a.to.as_deref().map(|s| date_arg(ctx, s)).transpose()?,
        today: ctx.today(),
        now: ctx.now,
        long: a.long,
        as_off: a.as_off,
        calendar: &ctx.config.calendar,
    };
    if let (Some(f), Some(t)) = (opts.from, opts.to)
        && t < f
    {
        return Err(Error::invalid(format!("--to {t} is before --from {f}")));
    }
    let parsed = import::parse(format, &bytes, &opts).map_err(|e| {
        e.context(format_args!("{shown} ({})", format.name()))
            .hint("Nothing was imported.")
    })?;
    let name = match file.file_name() {
        Some(n) if !stdin => n.to_string_lossy().into_owned(),
        _ => "stdin".to_string(),
    };
    let report = app::import(ctx, parsed, &naming, &name, a.dry_run)?;
    // A calendar's items are events; the other formats' are entries.
    let noun = if format == Format::Ics {
        "event"
    } else {
        "entry"
    };
    summary(&report, &ctx.config.zone, noun, p, out)
}

/// What an import did, one line per item; every text from the file goes
/// through [`clean`], so a calendar title cannot reach the terminal raw.
pub(crate) fn summary(
    r: &ImportReport,
    zone: &Zone,
    noun: &str,
    p: Paint,
    out: &mut dyn Write,
) -> Result<()> {
    let mut w = |s: String| writeln!(out, "{s}").map_err(io_err);
    for n in &r.notes {
        w(p.dim(&format!("note: {}", clean_multiline(n))))?;
    }
    let verb = if r.dry_run { "would add" } else { "added" };
    for e in &r.added {
        w(format!(
            "{verb} {} {} ({})",
            // In the user's zone, whatever offset the entry keeps.
            import::span_text(zone.localize(e.start_utc()), zone.localize(e.end_utc())),
            p.bold(&clean(&e.activity)),
            crate::format::hours(e.seconds())
        ))?;
    }
    for (o, days) in &r.days_off {
        let span = if o.from == o.to {
            o.from.to_string()
        } else {
            format!("{} to {}", o.from, o.to)
        };
        // The range as the file names it; its count says the new days.
        let named = usize::try_from((o.to - o.from).num_days() + 1).unwrap_or(0);
        let count = match named.saturating_sub(*days) {
            0 => format!("{days} day{}", if *days == 1 { "" } else { "s" }),
            before => format!(
                "{days} new day{}, {before} already off",
                if *days == 1 { "" } else { "s" }
            ),
        };
        w(format!(
            "{verb} day(s) off {span}{} ({count})",
            o.note
                .as_deref()
                .map(|n| format!(" {}", p.bold(&format!("\"{}\"", clean(n)))))
                .unwrap_or_default(),
        ))?;
    }
    for week in &r.reflections.added {
        w(format!("{verb} the reflection of the week of {week}"))?;
    }
    for s in &r.skipped {
        w(format!("skipped {}: {}", clean(&s.what), clean(&s.why)))?;
    }
    for c in &r.conflicts {
        w(format!(
            "left out {} of {}: overlaps {}",
            import::span_text(c.from, c.to),
            clean(&c.item),
            clean(&c.with)
        ))?;
    }
    let secs: i64 = r.added.iter().map(|e| e.seconds()).sum();
    let future = match r.future {
        0 => String::new(),
        1 => format!(", 1 future {noun} left out (it has not ended yet)"),
        n => format!(
            ", {n} future {} left out (they have not ended yet)",
            if noun == "entry" { "entries" } else { "events" }
        ),
    };
    let off_days: usize = r.days_off.iter().map(|d| d.1).sum();
    let off = if r.days_off.is_empty() && r.days_off_known == 0 {
        String::new()
    } else {
        format!(
            ", {off_days} day(s) off{}",
            match r.days_off_known {
                0 => String::new(),
                n => format!(" ({n} already there)"),
            }
        )
    };
    let off = match r.reflections.added.len() + r.reflections.known {
        0 => off,
        _ => format!(
            "{off}, {} reflection(s){}",
            r.reflections.added.len(),
            match r.reflections.known {
                0 => String::new(),
                n => format!(" ({n} already there)"),
            }
        ),
    };
    // Only days off (a holiday calendar, `--as-off`) or reflections: say
    // those first.
    let what = if r.added.is_empty() && !off.is_empty() {
        off.trim_start_matches(", ").to_string()
    } else {
        format!(
            "{} {} ({}){off}",
            r.added.len(),
            if r.added.len() == 1 {
                "entry"
            } else {
                "entries"
            },
            crate::format::hours(secs)
        )
    };
    w(format!(
        "{}{verb} {what}, {} skipped, {} conflict(s) left out{future}{}",
        if r.dry_run { "dry run: " } else { "" },
        r.skipped.len(),
        r.conflicts.len(),
        if r.dry_run {
            "; nothing was written"
        } else if r.added.is_empty() && r.days_off.is_empty() && r.reflections.added.is_empty() {
            ""
        } else {
            "; `keel undo` takes the whole import back"
        }
    ))
}
