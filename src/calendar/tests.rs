use std::path::Path;

use chrono::{DateTime, Utc};

use super::*;
use crate::config::Config;

fn cfg(dir: &Path, tables: &str) -> Config {
    let text = format!("timezone = \"Europe/Berlin\"\n{tables}");
    let path = dir.join("config.toml");
    crate::config::load::parse(&text, &path).unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

const CAL: &str = "BEGIN:VCALENDAR\nVERSION:2.0\n\
BEGIN:VEVENT\nUID:o\nSUMMARY:1:1 Bo\nDTSTART;TZID=Europe/Berlin:20261102T090000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;COUNT=10\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:f\nSUMMARY:Focus time\nDTSTART:20261124T130000Z\nDURATION:PT2H\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:m\nSUMMARY:Maybe\nSTATUS:TENTATIVE\nDTSTART:20261125T130000Z\nDURATION:PT1H\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:v\nSUMMARY:Vacation\nDTSTART;VALUE=DATE:20261127\nDTEND;VALUE=DATE:20261128\nEND:VEVENT\n\
END:VCALENDAR\n";

#[test]
fn events_are_expanded_classified_and_named_by_their_calendar() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("work.ics"), CAL).unwrap();
    let c = cfg(dir.path(), "[[calendar]]\npath = \"work.ics\"\nname = \"work\"\n");
    assert_eq!(c.calendars[0].path, dir.path().join("work.ics"));
    let evs = events(&c, t("2026-11-23T00:00:00+01:00"), t("2026-11-30T00:00:00+01:00")).unwrap();
    let got: Vec<String> = evs
        .iter()
        .map(|e| {
            format!(
                "{} {} {:?} {:?} {} {}",
                e.start.to_rfc3339(),
                e.title,
                e.class,
                e.side,
                e.all_day,
                e.day_off
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "2026-11-23T08:00:00+00:00 1:1 Bo Activity(\"one-on-one\") Some(Management) false false",
            "2026-11-24T13:00:00+00:00 Focus time Skipped(\"title matches skip pattern `(?i)focus time`\") None false false",
            "2026-11-26T23:00:00+00:00 Vacation Unclassified None true true",
        ]
    );
    assert_eq!(evs[0].source, "ics:o@20261123T080000Z");
    assert_eq!(evs[0].calendar, "work");
}

#[test]
fn a_missing_calendar_fails_and_an_unparseable_one_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let c = cfg(dir.path(), "[[calendar]]\npath = \"gone.ics\"\n");
    let (a, b) = (t("2026-11-23T00:00:00Z"), t("2026-11-30T00:00:00Z"));
    let e = events(&c, a, b).unwrap_err();
    assert_eq!(e.kind, crate::error::Kind::Failed);
    assert!(e.message.contains("gone.ics"), "{}", e.message);
    std::fs::write(dir.path().join("gone.ics"), "hello").unwrap();
    let e = events(&c, a, b).unwrap_err();
    assert_eq!(e.kind, crate::error::Kind::Invalid);
    assert!(e.message.contains("gone.ics") && e.message.contains("does not parse"), "{}", e.message);
    assert_eq!(problems(&c).len(), 1);
}
