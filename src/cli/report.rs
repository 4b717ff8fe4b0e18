//! `keel status` and `keel report`: the balance in words, tables, JSON, CSV.

use std::io::Write;

use chrono::Duration;

use super::args::{Format, ReportArgs, TableFormat};
use super::paint::{Paint, Table};
use super::{date_arg, io_err};
use crate::app::reflect::{Reflection, Written};
use crate::app::{self, Ctx};
use crate::balance::{Period, Status, Summary};
use crate::format::{hours, pace_words, percent, percent_in_band, status_words, week_flag};
use crate::model::{Month, Side, time::week_number};
use crate::text::{clean, clean_multiline};
use crate::{Error, Result};

fn json(out: &mut dyn Write, v: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(|e| Error::json(&e))?;
    writeln!(out).map_err(io_err)
}

pub fn status(ctx: &Ctx, format: Format, p: Paint, out: &mut dyn Write) -> Result<()> {
    let s = app::status(ctx)?;
    for w in &s.warnings {
        eprintln!("warning: {}", clean(w));
    }
    if format == Format::Json {
        return json(out, &s);
    }
    let mut parts = Vec::new();
    if let Some(r) = &s.running {
        parts.push(format!(
            "{} {} {}",
            p.green("●"),
            p.bold(&clean(&r.activity)),
            hours(r.elapsed)
        ));
    } else {
        parts.push(p.dim("○ no timer"));
    }
    parts.push(format!(
        "today {} ({} technical)",
        hours(s.today.seconds.total()),
        percent(s.today.technical_share)
    ));
    let flag = week_flag(s.week_number, &s.week, s.streak.weeks);
    parts.push(p.tone(flag.tone, &flag.text()));
    if let Some(pace) = pace_words(&s.pace) {
        parts.push(pace);
    }
    writeln!(out, "{}", parts.join(" · ")).map_err(io_err)
}

fn period_of(ctx: &Ctx, a: &ReportArgs) -> Result<Period> {
    let ws = ctx.config.week_start;
    if let Some(m) = a.month.as_deref() {
        let m = if m == "this" {
            Month::of(ctx.today())
        } else {
            Month::parse(m).ok_or_else(|| {
                Error::invalid(format!(
                    "`{}` is not a month: write YYYY-MM, like 2026-11",
                    clean(m)
                ))
            })?
        };
        return Ok(Period::month(m));
    }
    if let (Some(f), Some(t)) = (a.from.as_deref(), a.to.as_deref()) {
        let (f, t) = (date_arg(ctx, f)?, date_arg(ctx, t)?);
        if t < f {
            return Err(Error::invalid(format!("--to {t} is before --from {f}")));
        }
        return Ok(Period::new(f, t));
    }
    let day = match a.week.as_deref() {
        Some(w) => super::week_arg(ctx, w)?,
        None => ctx.today(),
    };
    Ok(Period::week(day, ws))
}

/// The report's JSON: the summary's keys, and the reflections of the
/// period's weeks (always present, empty when none was written).
#[derive(serde::Serialize)]
struct ReportJson<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    reflections: &'a [Reflection],
}

pub fn report(ctx: &Ctx, a: &ReportArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let period = period_of(ctx, a)?;
    let (s, mut warnings) = app::summary(ctx, period)?;
    let (reflections, w) = app::reflect::of_period(ctx, s.from, s.to);
    warnings.extend(w);
    for w in &warnings {
        eprintln!("warning: {}", clean(w));
    }
    match a.format {
        TableFormat::Json => json(
            out,
            &ReportJson {
                summary: &s,
                reflections: &reflections,
            },
        ),
        TableFormat::Csv => {
            writeln!(out, "date,technical,management,other").map_err(io_err)?;
            for d in &s.by_day {
                writeln!(
                    out,
                    "{},{},{},{}",
                    d.date, d.technical, d.management, d.other
                )
                .map_err(io_err)?;
            }
            Ok(())
        }
        TableFormat::Table => {
            let mut text = table(ctx, &s, p);
            text.push_str(&reflections_text(ctx, &s, &reflections, p));
            out.write_all(text.as_bytes()).map_err(io_err)
        }
    }
}

fn title(ctx: &Ctx, s: &Summary) -> String {
    let ws = ctx.config.week_start;
    let range = format!(
        "{} – {}",
        s.from.format("%a %-d %b"),
        s.to.format("%a %-d %b %Y")
    );
    if s.from == ws.week_of(s.from) && s.to == s.from + Duration::days(6) {
        format!("Week {} · {range}", week_number(s.from, ws))
    } else if s.from.format("%d").to_string() == "01" && s.to == Month::of(s.from).last_day() {
        format!("{} · {range}", s.from.format("%B %Y"))
    } else {
        range
    }
}

fn bar(frac: f64, width: usize) -> String {
    let n = (frac * width as f64).round() as usize;
    "█".repeat(n.min(width))
}

/// The human report.
fn table(ctx: &Ctx, s: &Summary, p: Paint) -> String {
    let mut o = String::new();
    o.push_str(&p.bold(&title(ctx, s)));
    o.push_str("\n\n");

    // Per day when the period is short enough to read that way.
    if s.by_day.len() <= 31 {
        let mut t = Table::new(
            &["", "technical", "management", "other", "share"],
            &[false, true, true, true, true],
        );
        for d in &s.by_day {
            let sides = d.sides();
            let cell = |v: i64| if v == 0 { "·".to_string() } else { hours(v) };
            let off = if s.days_off.contains(&d.date) {
                " off"
            } else {
                ""
            };
            t.row(vec![
                format!("{}{off}", d.date.format("%a %-d %b")),
                cell(d.technical),
                cell(d.management),
                cell(d.other),
                if sides.share().is_some() {
                    percent(sides.share())
                } else {
                    String::new()
                },
            ]);
        }
        t.row(vec![
            "total".into(),
            hours(s.seconds.technical),
            hours(s.seconds.management),
            hours(s.seconds.other),
            percent(s.technical_share),
        ]);
        o.push_str(&t.render(&p, "  "));
        o.push('\n');
    } else {
        o.push_str(&format!(
            "  technical {} · management {} · other {}\n\n",
            hours(s.seconds.technical),
            hours(s.seconds.management),
            hours(s.seconds.other)
        ));
    }

    let lo = (s.target.technical_share - s.target.tolerance).max(0.0);
    let hi = (s.target.technical_share + s.target.tolerance).min(1.0);
    let verdict = p.status(s.status, status_words(s.status));
    o.push_str(&format!(
        "  technical share  {}   target {:.0}% ±{:.0}% ({:.0}–{:.0}%)   {}\n",
        p.bold(&percent_in_band(
            s.technical_share,
            s.target.technical_share - s.target.tolerance,
            s.target.technical_share + s.target.tolerance
        )),
        s.target.technical_share * 100.0,
        s.target.tolerance * 100.0,
        lo * 100.0,
        hi * 100.0,
        verdict
    ));
    // Held against what the week asks for, as the Week screen shows it.
    let asked = s
        .focus_blocks_asked
        .map_or(String::new(), |n| format!(" of {n}"));
    o.push_str(&format!("  focus blocks     {}{asked}\n", s.focus_blocks));

    if !s.by_activity.is_empty() {
        o.push_str(&format!("\n{}\n", p.bold("By activity")));
        let max = s
            .by_activity
            .iter()
            .map(|a| a.seconds)
            .max()
            .unwrap_or(1)
            .max(1);
        let mut t = Table::new(
            &["activity", "side", "hours", ""],
            &[false, false, true, false],
        );
        for a in &s.by_activity {
            let b = bar(a.seconds as f64 / max as f64, 24);
            let b = match a.side {
                Side::Technical => p.cyan(&b),
                Side::Management => p.magenta(&b),
                Side::Other => p.dim(&b),
            };
            t.row(vec![
                clean(&a.activity).into_owned(),
                a.side.as_str().into(),
                hours(a.seconds),
                b,
            ]);
        }
        o.push_str(&t.render(&p, "  "));
    }

    o.push('\n');
    if s.violations.is_empty() {
        let msg = if s.status == Status::NoData {
            "no rules to judge yet"
        } else {
            "no rules broken"
        };
        o.push_str(&format!("{}\n", p.green(&format!("✓ {msg}"))));
    } else {
        o.push_str(&format!("{}\n", p.bold("Broken rules")));
        for v in &s.violations {
            o.push_str(&format!("  {} {}\n", p.red("✗"), clean(&v.message)));
        }
    }
    if s.flagged {
        let why = if s.status.is_drift() {
            format!("the share is outside {:.0}–{:.0}%", lo * 100.0, hi * 100.0)
        } else {
            "a rule was broken".to_string()
        };
        o.push_str(&format!("{}\n", p.yellow(&format!("⚑ flagged: {why}"))));
    }
    o
}

/// The reflections under the report: under each week's heading, or for a
/// week's report the one reflection (or how to write it).
fn reflections_text(ctx: &Ctx, s: &Summary, all: &[Reflection], p: Paint) -> String {
    let ws = ctx.config.week_start;
    let one_week = s.from == ws.week_of(s.from) && s.to == s.from + Duration::days(6);
    let indent = |text: &str, pad: &str| {
        clean_multiline(text)
            .lines()
            .map(|l| format!("{pad}{l}\n"))
            .collect::<String>()
    };
    let mut o = String::new();
    if one_week {
        o.push_str(&format!("\n{}\n", p.bold("Reflection")));
        match all.first() {
            Some(r) => o.push_str(&indent(&r.text, "  ")),
            None => {
                let week = if s.from == ctx.this_week() {
                    String::new()
                } else {
                    format!(" --week {}", s.from)
                };
                o.push_str(&format!(
                    "  {}\n",
                    p.dim(&format!(
                        "none written; `keel review{week} \"…\"` writes one (`-` reads it from stdin)"
                    ))
                ));
            }
        }
        return o;
    }
    if all.is_empty() {
        return o;
    }
    o.push_str(&format!("\n{}\n", p.bold("Reflections")));
    for r in all {
        o.push_str(&format!(
            "  Week {} · {} – {}\n",
            week_number(r.week, ws),
            r.week.format("%a %-d %b"),
            (r.week + Duration::days(6)).format("%a %-d %b %Y")
        ));
        o.push_str(&indent(&r.text, "    "));
    }
    o
}

/// `keel review`: print a week's reflection, or save one.
pub fn review(ctx: &Ctx, args: super::args::ReviewArgs, out: &mut dyn Write) -> Result<()> {
    let week = match &args.week {
        Some(w) => super::week_arg(ctx, w)?,
        None => ctx.this_week(),
    };
    let Some(text) = args.text else {
        match ctx.store.reviews()?.get(&week) {
            Some(t) => writeln!(out, "{}", crate::text::clean_multiline(t)).map_err(io_err)?,
            // Not an error: an unwritten week is a normal state. Said on
            // stderr, so that `keel review > notes.md` stays empty.
            None => eprintln!(
                "the week of {week} has no reflection yet; `keel review --week {week} \"…\"` writes one"
            ),
        }
        return Ok(());
    };
    let text = if text == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::failed(format!("could not read the reflection from stdin: {e}")))?;
        // An empty pipe is far more often a mistake than a wish to delete.
        if s.trim().is_empty() {
            return Err(Error::invalid(
                "stdin was empty: nothing was saved, and no reflection was removed",
            )
            .hint(format!(
                "`keel review --week {week} \"\"` removes the week's reflection."
            )));
        }
        s
    } else {
        text
    };
    let said = match app::reflect::write(ctx, week, &text)? {
        Written::Saved => format!("saved the reflection of the week of {week}"),
        Written::Removed => format!("removed the reflection of the week of {week}"),
        Written::NothingToRemove => {
            format!("nothing to remove: the week of {week} has no reflection")
        }
    };
    writeln!(out, "{said}").map_err(io_err)
}
