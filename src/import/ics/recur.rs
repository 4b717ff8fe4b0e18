//! Recurrence expansion with the `rrule` crate, in wall-clock time: RFC 5545
//! repeats an event at the same local time in its own zone, so the rule runs
//! over naive times (written as UTC, which has no DST) and each instance is
//! placed in its zone afterwards.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

use super::values;

fn utc(n: NaiveDateTime) -> DateTime<Tz> {
    Tz::UTC.from_utc_datetime(&n)
}

/// Rewrite `UNTIL` so it is a wall-clock time like the rest: given in UTC
/// it becomes the zone's wall clock (`to_wall`).
fn normalize(rule: &str, to_wall: &dyn Fn(NaiveDateTime) -> NaiveDateTime) -> String {
    rule.trim()
        .trim_end_matches(';')
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|part| {
            let Some((k, v)) = part.split_once('=') else {
                return part.to_string();
            };
            if !k.trim().eq_ignore_ascii_case("UNTIL") {
                return part.to_string();
            }
            let n = match values::parse(v) {
                Some(values::Value::Utc(n)) => to_wall(n),
                Some(values::Value::Floating(n)) => n,
                // Invalid with a DATE-TIME start (RFC 5545 §3.3.10); read as
                // that day's midnight, as the reference implementation does.
                Some(values::Value::Date(d)) => d.and_time(chrono::NaiveTime::MIN),
                None => return part.to_string(),
            };
            format!("UNTIL={}", n.format("%Y%m%dT%H%M%SZ"))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The wall-clock starts of `rule` from `dtstart` within `[lo, hi]`, at most
/// `limit` of them.
pub fn naive_instances(
    dtstart: NaiveDateTime,
    rule: &str,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
    limit: u16,
) -> Result<Vec<NaiveDateTime>, String> {
    naive_instances_with(dtstart, rule, lo, hi, limit, &|n| n)
}

pub fn naive_instances_with(
    dtstart: NaiveDateTime,
    rule: &str,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
    limit: u16,
    until_to_wall: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, String> {
    if hi < lo {
        return Ok(Vec::new());
    }
    let rule = normalize(rule, until_to_wall);
    let r: RRule<Unvalidated> = rule.parse().map_err(|e| format!("RRULE `{rule}`: {e}"))?;
    let start = utc(dtstart);
    let r = r
        .validate(start)
        .map_err(|e| format!("RRULE `{rule}`: {e}"))?;
    let set = RRuleSet::new(start).rrule(r).after(utc(lo)).before(utc(hi));
    Ok(set
        .all(limit)
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc).naive_utc())
        .collect())
}
