//! Parsed calendars kept in the user's cache directory (XDG, never the
//! data directory, which is synced): `EVENKEEL_CACHE_DIR`, else the
//! platform's cache directory, under `calendars/`.
//!
//! Each calendar has a directory (named by a hash of its path) holding one
//! build: `KEY.FIRST.LAST/`, where KEY hashes this format's version,
//! keel's version, the fingerprint of the calendar's listing (names, the
//! directory's time, a lone file's size and time: see [`super::files`])
//! and every setting that changes what is read (zone, `[import.calendar]`,
//! the table itself); FIRST..LAST are the week buckets it covers, one TSV
//! file each, so a command reads only the weeks it asks about, and
//! `verified` holds the hash of every file's size and time, looked at again
//! when it is older than [`VERIFY_EVERY`] (a file of a directory edited in
//! place). A build is written in a temporary directory and renamed into
//! place whole. The files are never trusted less than the cache: a changed
//! listing changes KEY, a changed file fails the verification. A build
//! that is missing a bucket or does not parse (corrupt, or written by
//! another version) is ignored, removed and rebuilt — never an error.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::CalEvent;
use super::files::Listing;
use crate::config::{CalendarSource, Config};

/// Changes whenever what a build holds changes shape.
const FORMAT: u32 = 2;
const BUCKET_SECONDS: i64 = 7 * 86_400;
/// How long a build's look at every file's size and time is trusted.
const VERIFY_EVERY: std::time::Duration = std::time::Duration::from_secs(120);
/// How far around a request a build reaches, so that the next days'
/// commands (this week, next week, the trailing weeks) find it.
const MARGIN_DAYS: i64 = 98;

/// Where the cache lives, if anywhere.
pub fn root() -> Option<PathBuf> {
    match std::env::var_os("EVENKEEL_CACHE_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        // Unit tests never write to the user's cache.
        _ if cfg!(test) => None,
        _ => directories::ProjectDirs::from("", "", "evenkeel").map(|d| d.cache_dir().to_path_buf()),
    }
    .map(|r| r.join("calendars"))
}

fn bucket(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(BUCKET_SECONDS)
}

fn bucket_start(b: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(b.saturating_mul(BUCKET_SECONDS), 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The window a build for `[from, to)` covers: whole buckets, with a
/// margin on both sides.
pub fn build_window(from: DateTime<Utc>, to: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let m = Duration::days(MARGIN_DAYS);
    let lo = from.checked_sub_signed(m).unwrap_or(from);
    let hi = to.checked_add_signed(m).unwrap_or(to);
    (bucket_start(bucket(lo)), bucket_start(bucket(hi) + 1))
}

fn hex(h: impl Hash) -> String {
    let mut s = std::hash::DefaultHasher::new();
    h.hash(&mut s);
    format!("{:016x}", s.finish())
}

/// The directory of one calendar's builds.
fn dir_of(root: &Path, src: &CalendarSource) -> PathBuf {
    root.join(hex(&src.path))
}

fn key(cfg: &Config, src: &CalendarSource, listing: &Listing) -> String {
    // The system zone (no `timezone` in the config) is whatever TZ says.
    let tz = std::env::var("TZ").unwrap_or_default();
    hex((
        FORMAT,
        env!("CARGO_PKG_VERSION"),
        listing.fingerprint(),
        &cfg.calendar,
        format!("{:?}", cfg.zone),
        tz,
        &src.name,
        src.off,
    ))
}

/// The cached events overlapping `[from, to)`, when a build for exactly
/// these files and settings covers the window.
pub fn lookup(
    root: &Path,
    cfg: &Config,
    src: &CalendarSource,
    listing: &Listing,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<Vec<CalEvent>> {
    if to <= from {
        return Some(Vec::new());
    }
    let dir = dir_of(root, src);
    let key = key(cfg, src, listing);
    let (first, last) = (bucket(from), bucket(to - Duration::seconds(1)));
    let build = std::fs::read_dir(&dir).ok()?.flatten().find_map(|e| {
        let name = e.file_name().into_string().ok()?;
        let mut parts = name.split('.');
        let (k, lo, hi) = (parts.next()?, parts.next()?, parts.next()?);
        let (lo, hi): (i64, i64) = (lo.parse().ok()?, hi.parse().ok()?);
        (k == key && parts.next().is_none() && lo <= first && last <= hi).then(|| e.path())
    })?;
    if !verified(&build, listing) {
        let _ = std::fs::remove_dir_all(&build);
        return None;
    }
    match read_build(&build, first, last) {
        Some(mut evs) => {
            for e in &mut evs {
                e.calendar.clone_from(&src.name);
                e.off_calendar = src.off;
            }
            evs.retain(|e| e.end > from && e.start < to);
            evs.sort_by(|a, b| (a.start, &a.source).cmp(&(b.start, &b.source)));
            evs.dedup_by(|a, b| a.start == b.start && a.source == b.source);
            Some(evs)
        }
        None => {
            // Corrupt or half-removed: forget it; the caller rebuilds.
            let _ = std::fs::remove_dir_all(&build);
            None
        }
    }
}

/// Whether the files are as the build saw them: for a single file the
/// listing said it already; for a directory, every file's size and time,
/// looked at again when the last look is older than [`VERIFY_EVERY`].
fn verified(build: &Path, listing: &Listing) -> bool {
    if listing.dir_modified.is_none() {
        return true;
    }
    let mark = build.join("verified");
    let fresh = std::fs::metadata(&mark)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age < VERIFY_EVERY);
    if fresh {
        return true;
    }
    let Ok(seen) = std::fs::read_to_string(&mark) else {
        return false;
    };
    if seen.trim() != format!("{:016x}", listing.full()) {
        return false;
    }
    // Looked at now: written anew, so its time says when.
    let _ = std::fs::write(&mark, seen);
    true
}

fn read_build(build: &Path, first: i64, last: i64) -> Option<Vec<CalEvent>> {
    let mut out = Vec::new();
    for b in first..=last {
        let text = std::fs::read_to_string(build.join(format!("{b}.tsv"))).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        for l in lines {
            out.push(decode(l)?);
        }
    }
    Some(out)
}

/// The first line of every bucket: another format is another version's.
const HEADER: &str = "evenkeel calendar cache 2";

/// One event a line, tab-separated (JSON cost `keel status` more than the
/// rest of its work): start and end in Unix seconds, the flags all-day,
/// day off and one-on-one as 0/1, the class (`A` and the activity, `S` and
/// why, `U`), the days of an all-day event, the source and the title; tabs,
/// newlines and backslashes in text escaped. The calendar's name and `off`
/// are the build's own.
fn encode(e: &CalEvent) -> String {
    let flag = |b: bool| if b { '1' } else { '0' };
    let class = match &e.class {
        super::Class::Activity(a) => format!("A{}", escape(a)),
        super::Class::Skipped(w) => format!("S{}", escape(w)),
        super::Class::Unclassified => "U".into(),
    };
    let days = e.days.map(|(a, b)| format!("{a}/{b}")).unwrap_or_default();
    format!(
        "{}\t{}\t{}{}{}\t{class}\t{days}\t{}\t{}",
        e.start.timestamp(),
        e.end.timestamp(),
        flag(e.all_day),
        flag(e.day_off),
        flag(e.one_on_one),
        escape(&e.source),
        escape(&e.title)
    )
}

fn decode(l: &str) -> Option<CalEvent> {
    let mut f = l.split('\t');
    let ts = |s: &str| DateTime::from_timestamp(s.parse().ok()?, 0);
    let start = ts(f.next()?)?;
    let end = ts(f.next()?)?;
    let flags = f.next()?.as_bytes();
    let flag = |i: usize| flags.get(i).map(|c| *c == b'1');
    let class = f.next()?;
    let class = match class.split_at_checked(1)? {
        ("A", a) => super::Class::Activity(unescape(a)),
        ("S", w) => super::Class::Skipped(unescape(w)),
        ("U", "") => super::Class::Unclassified,
        _ => return None,
    };
    let days = match f.next()? {
        "" => None,
        d => {
            let (a, b) = d.split_once('/')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        }
    };
    let source = unescape(f.next()?);
    let title = unescape(f.next()?);
    if f.next().is_some() {
        return None;
    }
    Some(CalEvent {
        start,
        end,
        title,
        source,
        class,
        side: None,
        all_day: flag(0)?,
        days,
        day_off: flag(1)?,
        one_on_one: flag(2)?,
        calendar: String::new(),
        off_calendar: false,
    })
}

fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return s.into();
    }
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .into()
}

fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => {}
        }
    }
    out
}

/// Keep `events` (every event of the calendar overlapping `[lo, hi)`, a
/// window from [`build_window`]) as this calendar's build, replacing any
/// other. Failing to write is not an error: the next command reads the
/// files again.
pub fn store(
    root: &Path,
    cfg: &Config,
    src: &CalendarSource,
    (listing, full): (&Listing, u64),
    (lo, hi): (DateTime<Utc>, DateTime<Utc>),
    events: &[CalEvent],
) {
    let dir = dir_of(root, src);
    let _ = write_build(&dir, &key(cfg, src, listing), full, lo, hi, events);
}

fn write_build(
    dir: &Path,
    key: &str,
    full: u64,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
    events: &[CalEvent],
) -> std::io::Result<()> {
    let (first, last) = (bucket(lo), bucket(hi - Duration::seconds(1)));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new().prefix(".build-").tempdir_in(dir)?;
    let mut buckets: Vec<Vec<&CalEvent>> = vec![Vec::new(); usize::try_from(last - first + 1).unwrap_or(0)];
    for e in events {
        let (s, l) = (bucket(e.start).max(first), bucket(e.end - Duration::seconds(1)).min(last));
        for b in s..=l {
            if let Some(v) = usize::try_from(b - first).ok().and_then(|i| buckets.get_mut(i)) {
                v.push(e);
            }
        }
    }
    for (i, evs) in buckets.iter().enumerate() {
        let b = first + i as i64;
        let mut text = String::from(HEADER);
        for e in evs {
            text.push('\n');
            text.push_str(&encode(e));
        }
        text.push('\n');
        std::fs::write(tmp.path().join(format!("{b}.tsv")), text)?;
    }
    std::fs::write(
        tmp.path().join("verified"),
        format!("{full:016x}"),
    )?;
    let name = format!("{key}.{first}.{last}");
    let target = dir.join(&name);
    let kept = tmp.keep();
    if std::fs::rename(&kept, &target).is_err() {
        // A build of that name that failed its verification, or another
        // keel's of the same files: this one is as new as any.
        let _ = std::fs::remove_dir_all(&target);
        if std::fs::rename(&kept, &target).is_err() {
            let _ = std::fs::remove_dir_all(&kept);
        }
    }
    // Older builds of this calendar are stale now.
    for e in std::fs::read_dir(dir)?.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n != name && !n.starts_with(".build-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    Ok(())
}
