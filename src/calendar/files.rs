//! Which files a `[[calendar]]` names, and a fingerprint of them cheap
//! enough to take on every command: one `stat` per file and one directory
//! listing, no reading.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::config::CalendarSource;
use crate::Result;

/// One .ics file and what says it changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileStat {
    pub path: PathBuf,
    pub len: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

/// The files of a calendar: the path itself when it is a file, else the
/// `.ics` files directly in the directory (as vdirsyncer and khal keep a
/// calendar: one event a file), sorted by name; dotfiles are left out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Listing {
    pub files: Vec<FileStat>,
    /// The directory's own modification time (files added or removed).
    pub dir_modified: Option<i128>,
}

impl Listing {
    /// A hash of every name, size and time: equal listings, same files.
    pub fn fingerprint(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        self.hash(&mut h);
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
        // Follows symbolic links, as reading the file will.
        let m = std::fs::metadata(&path).map_err(|e| fail(&path, "read", &e))?;
        if m.is_file() {
            files.push(FileStat {
                path,
                len: m.len(),
                modified: modified(&m),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Listing {
        files,
        dir_modified: Some(modified(&meta)),
    })
}
