//! `keel plan`: what the week can still become, from the log so far and
//! the events booked ahead, in sentences or JSON. Writes nothing.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::paint::{Paint, Table};
use super::{io_err, week_arg};
use crate::app::{self, Ctx};
use crate::balance::forecast::Forecast;
use crate::format::{hours, percent};
use crate::model::time::week_number;
use crate::text::clean;
use crate::{Error, Result};

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The week: `this`, `last`, `next`, or the one holding a DATE
    #[arg(long, value_name = "this|last|next|DATE", default_value = "this")]
    pub week: String,
    /// A calendar to read the booked events from: an .ics file, or a directory of them (repeatable)
    #[arg(long = "calendar", value_name = "FILE")]
    pub calendars: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Table,
    Json,
}

pub fn plan(ctx: &Ctx, a: PlanArgs, p: Paint, out: &mut dyn Write) -> Result<()> {
    let week = week_arg(ctx, &a.week)?;
    let (f, warnings) = app::plan::plan(ctx, week, &a.calendars)?;
    for w in &warnings {
        eprintln!("warning: {}", clean(w));
    }
    match a.format {
        PlanFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &f).map_err(|e| Error::json(&e))?;
            writeln!(out).map_err(io_err)
        }
        PlanFormat::Table => {
            let text = table(ctx, &f, p);
            out.write_all(text.as_bytes()).map_err(io_err)
        }
    }
}

fn sides(s: &crate::balance::SideSeconds) -> String {
    format!(
        "technical {} · management {} · other {}",
        hours(s.technical),
        hours(s.management),
        hours(s.other)
    )
}

/// The plan in sentences, the way `report` says a week.
fn table(ctx: &Ctx, f: &Forecast, p: Paint) -> String {
    let set = ctx.config.boundaries_on(f.from);
    let (low, high) = f.band;
    let mut o = String::new();
    let when = if f.now.date_naive() < f.from {
        "before it begins".to_string()
    } else if f.now.date_naive() > f.to {
        "after it ended".to_string()
    } else {
        format!("at {}", f.now.format("%a %-d %b %H:%M"))
    };
    o.push_str(&p.bold(&format!(
        "Week {} · {} – {} · the plan {when}",
        week_number(f.from, ctx.config.week_start),
        f.from.format("%a %-d %b"),
        f.to.format("%a %-d %b %Y")
    )));
    o.push_str("\n\n");
    let s = &f.seconds;
    o.push_str(&format!("  logged so far  {}\n", sides(&s.logged)));
    o.push_str(&format!("  booked ahead   {}\n", sides(&s.booked)));
    o.push_str(&format!(
        "  free           {} of workday time\n\n",
        hours(s.free)
    ));

    let band = format!(
        "target {:.0}% ±{:.0}%: {:.0}–{:.0}%",
        set.technical_share * 100.0,
        set.tolerance * 100.0,
        low * 100.0,
        high * 100.0
    );
    match f.best_share {
        Some(b) => o.push_str(&format!(
            "  At best the week reaches {} technical ({band}).\n",
            p.bold(&percent(Some(b)))
        )),
        None => o.push_str(&format!(
            "  Nothing is logged, booked or free this week ({band}).\n"
        )),
    }
    let free = hours(s.free);
    let need = hours(f.needed_technical_seconds);
    if !f.reachable && f.needed_technical_seconds > s.free {
        o.push_str(&format!(
            "  {} {need} of technical work would be needed, and only {free} is free.\n",
            p.red("The band is out of reach:")
        ));
    } else if !f.reachable {
        o.push_str(&format!(
            "  {} the week stays above {:.0}% even if every free hour goes to management.\n",
            p.red("The band is out of reach:"),
            high * 100.0
        ));
    } else {
        if f.needed_technical_seconds > 0 {
            o.push_str(&format!(
                "  To reach the band, at least {} of the {free} still free must go to technical work.\n",
                p.bold(&need)
            ));
        }
        if f.max_technical_seconds < s.free {
            o.push_str(&format!(
                "  To stay in it, at most {} of the {free} still free may be technical.\n",
                p.bold(&hours(f.max_technical_seconds))
            ));
        }
        if f.needed_technical_seconds == 0 && f.max_technical_seconds >= s.free && s.free > 0 {
            o.push_str(&format!(
                "  The week stays in band whatever the {free} still free hold.\n"
            ));
        }
    }

    let mins = set.focus_block_minutes;
    match f.focus_blocks_needed {
        0 => {}
        n => o.push_str(&format!(
            "  {n} more focus block{} of {mins}m or more needed this week.\n",
            if n == 1 { "" } else { "s" }
        )),
    }
    if f.focus_windows.is_empty() {
        o.push_str(&format!("  No free stretch of {mins}m or more is left.\n"));
    } else {
        o.push_str(&format!(
            "  Free stretches of {mins}m or more ({}):\n",
            f.focus_windows.len()
        ));
        for w in &f.focus_windows {
            o.push_str(&format!(
                "    {} {}–{}  {}\n",
                w.date.format("%a %-d %b"),
                w.from.format("%H:%M"),
                w.to.format("%H:%M"),
                hours(w.minutes * 60)
            ));
        }
    }

    o.push_str(&format!("\n{}\n", p.bold("Per day, from now on")));
    let mut t = Table::new(
        &["", "booked technical", "booked management", "free"],
        &[false, true, true, true],
    );
    let cell = |v: i64| if v == 0 { "·".to_string() } else { hours(v) };
    for d in &f.by_day {
        t.row(vec![
            d.date.format("%a %-d %b").to_string(),
            cell(d.booked_technical),
            cell(d.booked_management),
            cell(d.free),
        ]);
    }
    o.push_str(&t.render(&p, "  "));
    o.push('\n');
    if f.conflicts.is_empty() {
        o.push_str(&format!("{}\n", p.green("✓ nothing booked breaks a rule")));
    } else {
        o.push_str(&format!("{}\n", p.bold("Booked against the rules")));
        for c in &f.conflicts {
            o.push_str(&format!("  {} {}\n", p.red("✗"), clean(&c.message)));
        }
    }
    o
}
