//! Which files a `[[calendar]]` names, and fingerprints of them cheap
//! enough to take on every command: for a file, one `stat`; for a
//! directory, its own `stat` and its listing (names only: a directory of
//! thousands of one-event files costs no `stat` per file). Tools that keep
//! such directories (vdirsyncer, khal, Syncthing) replace a file by
//! renaming a new one over it, which changes the directory's time; a file
//! edited in place is caught by [`Listing::full`], which the cache runs
//! every few minutes.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::config::CalendarSource;
use crate::Result;

/// One .ics file and what says it changed (for a file in a directory,
/// zeros until [`Listing::full`] looks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    pub path: PathBuf,
    pub len: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

/// The files of a calendar: the path itself when it is a file, else the
/// `.ics` files directly in the directory (as vdirsyncer and khal keep a
/// calendar: one event a file), in the directory's order (reading sorts
/// them); dotfiles are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub files: Vec<FileStat>,
    /// The directory's own modification time (files added or removed).
    pub dir_modified: Option<i128>,
}

impl Listing {
    /// The files' paths, sorted by name (for reading: the listing itself
    /// keeps the directory's order).
    pub fn sorted(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self.files.iter().map(|f| f.path.as_path()).collect();
        v.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        v
    }

    /// A hash of what the listing saw: the names, the directory's time, a
    /// lone file's size and time.
    pub fn fingerprint(&self) -> u64 {
        // The paths' bytes: hashing a `Path` splits it into components,
        // which for thousands of files was most of `keel status`.
        // Order-free (a sum of each file's hash), so the listing is never
        // sorted on the way.
        let sum = self.files.iter().fold(0u64, |acc, f| {
            let mut h = std::hash::DefaultHasher::new();
            f.path.as_os_str().as_encoded_bytes().hash(&mut h);
            (f.len, f.modified).hash(&mut h);
            acc.wrapping_add(h.finish())
        });
        let mut h = std::hash::DefaultHasher::new();
        (self.dir_modified, self.files.len(), sum).hash(&mut h);
        h.finish()
    }

    /// A hash of every file's size and time, looked at now (a file that
    /// cannot be looked at hashes as changed).
    pub fn full(&self) -> u64 {
        let sum = self.files.iter().fold(0u64, |acc, f| {
            let mut h = std::hash::DefaultHasher::new();
            f.path.as_os_str().as_encoded_bytes().hash(&mut h);
            match std::fs::metadata(&f.path) {
                Ok(m) => (m.len(), modified(&m)).hash(&mut h),
                Err(_) => u64::MAX.hash(&mut h),
            }
            acc.wrapping_add(h.finish())
        });
        let mut h = std::hash::DefaultHasher::new();
        (self.files.len(), sum).hash(&mut h);
        h.finish()
    }
}

fn modified(m: &std::fs::Metadata) -> i128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

fn is_ics(p: &Path) -> bool {
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.starts_with('.')
        && name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("ics"))
}

/// List a calendar's files. A path that does not exist or cannot be read
/// is an error naming the calendar (exit 1).
pub fn list(src: &CalendarSource) -> Result<Listing> {
    let fail = |p: &Path, what: &str, e: &std::io::Error| {
        super::io_error(src, p, what, e).hint(super::where_to_fix(src))
    };
    let meta = std::fs::metadata(&src.path).map_err(|e| fail(&src.path, "read", &e))?;
    if !meta.is_dir() {
        return Ok(Listing {
            files: vec![FileStat {
                path: src.path.clone(),
                len: meta.len(),
                modified: modified(&meta),
            }],
            dir_modified: None,
        });
    }
    let mut files = Vec::new();
    let rd = std::fs::read_dir(&src.path).map_err(|e| fail(&src.path, "list", &e))?;
    for entry in rd {
        let entry = entry.map_err(|e| fail(&src.path, "list", &e))?;
        let path = entry.path();
        if !is_ics(&path) {
            continue;
        }
        // The listing's own type (no `stat`); a link is followed, as
        // reading the file will.
        let is_file = match entry.file_type() {
            Ok(t) if t.is_file() => true,
            Ok(t) if t.is_dir() => false,
            _ => std::fs::metadata(&path).map_err(|e| fail(&path, "read", &e))?.is_file(),
        };
        if is_file {
            files.push(FileStat {
                path,
                len: 0,
                modified: 0,
            });
        }
    }
    Ok(Listing {
        files,
        dir_modified: Some(modified(&meta)),
    })
}
