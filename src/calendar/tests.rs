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

fn week() -> (DateTime<Utc>, DateTime<Utc>) {
    (t("2026-11-23T00:00:00+01:00"), t("2026-11-30T00:00:00+01:00"))
}

fn titles(c: &Config, root: &Path) -> Vec<String> {
    let (a, b) = week();
    events_cached_in(Some(root), c, &c.calendars, a, b)
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect()
}

fn one(uid: &str, title: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:{uid}\nSUMMARY:{title}\nDTSTART:20261124T090000Z\nDURATION:PT30M\nEND:VEVENT\nEND:VCALENDAR\n"
    )
}

/// Every build of the cache, and every file in them.
fn cached(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for b in std::fs::read_dir(d.path()).unwrap().flatten() {
            out.extend(std::fs::read_dir(b.path()).unwrap().flatten().map(|f| f.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn the_cache_is_used_rebuilt_when_files_change_and_never_trusted_over_them() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir(dir.path().join("cal")).unwrap();
    std::fs::write(dir.path().join("cal/a.ics"), one("a", "first")).unwrap();
    let c = cfg(dir.path(), "[[calendar]]\npath = \"cal\"\n");
    assert_eq!(titles(&c, &cache), ["first"]);
    let built = cached(&cache);
    assert!(built.iter().any(|p| p.ends_with("verified")), "{built:?}");
    // Used: its buckets answer even when the file says otherwise, as long
    // as nothing tells the file changed (here, a bucket written by hand).
    for p in built.iter().filter(|p| p.extension().is_some_and(|e| e == "tsv")) {
        let t = std::fs::read_to_string(p).unwrap();
        std::fs::write(p, t.replace("\tfirst\n", "\tfrom the cache\n")).unwrap();
    }
    assert_eq!(titles(&c, &cache), ["from the cache"]);
    // A file added: the directory's listing changed, so a new build.
    std::fs::write(dir.path().join("cal/b.ics"), one("b", "second")).unwrap();
    assert_eq!(titles(&c, &cache), ["first", "second"]);
    // A file edited in place (the directory's time may stay): seen once
    // the build's look at the files is older than it trusts.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(dir.path().join("cal/a.ics"))
        .unwrap();
    std::io::Write::write_all(&mut &f, one("a", "edited in place").as_bytes()).unwrap();
    drop(f);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for p in cached(&cache).iter().filter(|p| p.ends_with("verified")) {
        std::fs::File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
    }
    assert_eq!(titles(&c, &cache), ["edited in place", "second"]);
    // Corrupt, or another version's: ignored and rebuilt, never an error.
    for p in cached(&cache) {
        std::fs::write(p, "{not a bucket").unwrap();
    }
    assert_eq!(titles(&c, &cache), ["edited in place", "second"]);
    assert!(cached(&cache).iter().all(|p| {
        let t = std::fs::read_to_string(p).unwrap();
        t.starts_with("evenkeel calendar cache") || p.extension().is_none_or(|e| e != "tsv")
    }));
    // Text with tabs and backslashes comes out of the cache as it went in.
    std::fs::write(dir.path().join("cal/c.ics"), one("c", "a\tb\\\\c\\nd")).unwrap();
    let (a, b) = week();
    let fresh: Vec<String> = events_cached_in(None, &c, &c.calendars, a, b)
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(fresh.iter().any(|t| t.contains('\t') && t.contains('\\')), "{fresh:?}");
    assert_eq!(titles(&c, &cache), fresh);
    // Kept escaped, one event a line, and read back from there.
    let kept: String = cached(&cache)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(kept.contains("a\\tb\\\\c"), "{kept}");
    for p in cached(&cache).iter().filter(|p| p.extension().is_some_and(|e| e == "tsv")) {
        let t = std::fs::read_to_string(p).unwrap();
        std::fs::write(p, t.replace("\\\\c", "\\\\C")).unwrap();
    }
    let upper: Vec<String> = fresh.iter().map(|t| t.replace("\\c", "\\C")).collect();
    assert_eq!(titles(&c, &cache), upper);
    std::fs::remove_file(dir.path().join("cal/c.ics")).unwrap();
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::create_dir_all(cache.join("0123/zzz.1.2")).unwrap();
    assert_eq!(titles(&c, &cache), ["edited in place", "second"]);
}
