//! Durable file replacement: write a temporary file in the same directory,
//! fsync it, rename it over the target, fsync the directory. A crash at any
//! instant leaves either the old file or the new one, never a torn one.
//!
//! Every filesystem operation that changes something passes through
//! [`failpoint`], so that the crash tests can interrupt a command at each of
//! them in turn (see `tests/crash.rs`).

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    write_with_mode(path, contents, None)
}

/// Write `contents` to `path` atomically. A new file gets `mode` when given
/// (else what any new file gets: 0666 less the umask); an existing file
/// keeps its own permissions.
pub fn write_with_mode(path: &Path, contents: &[u8], mode: Option<u32>) -> Result<()> {
    // Through a symlink (a config kept with the dotfiles) to the file it
    // names: renaming over the link would replace it with a copy.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = target.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.is_dir() {
        failpoint("mkdir", dir).map_err(|e| Error::io(dir, "create the directory", &e))?;
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the directory", &e))?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".keel-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(
        mode.unwrap_or(0o666),
    ));
    #[cfg(not(unix))]
    let _ = mode;
    failpoint("create", dir).map_err(|e| Error::io(dir, "create a temporary file", &e))?;
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "create a temporary file", &e))?;
    // An existing file keeps its own.
    if let Ok(m) = fs::metadata(path) {
        tmp.as_file()
            .set_permissions(m.permissions())
            .map_err(|e| Error::io(tmp.path(), "set the permissions of", &e))?;
    }
    failpoint("write", tmp.path())
        .and_then(|()| tmp.write_all(contents))
        .map_err(|e| Error::io(tmp.path(), "write", &e))?;
    failpoint("fsync", tmp.path())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), "flush to disk", &e))?;
    failpoint("rename", path).map_err(|e| Error::io(path, "replace", &e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, "replace", &e.error))?;
    sync_dir(dir)
}

/// Remove a file durably; a file already gone is fine.
pub fn remove(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    failpoint("unlink", path).map_err(|e| Error::io(path, "remove", &e))?;
    match fs::remove_file(path) {
        Ok(()) => sync_dir(path.parent().unwrap_or(Path::new("."))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, "remove", &e)),
    }
}

/// Rename `from` to `to` (same directory), then flush the directory. An
/// error means the rename was not made; once it is made, a failure to flush
/// is not reported (the rename is the fact; the flush only hastens it).
pub fn rename_then_sync(from: &Path, to: &Path) -> Result<()> {
    failpoint("rename", to)
        .and_then(|()| fs::rename(from, to))
        .map_err(|e| Error::io(to, "replace", &e))?;
    let _ = sync_dir(to.parent().unwrap_or(Path::new(".")));
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<()> {
    failpoint("fsync-dir", dir)
        .and_then(|()| File::open(dir))
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, "flush the directory to disk", &e))
}

/// A file's text, `None` when it does not exist.
pub fn read(path: &Path) -> Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            Error::invalid(format!(
                "{}: is not UTF-8 text (byte {}); fix or remove it",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, "read", &e)),
    }
}

/// The crash tests' hook, compiled into debug builds only (the ones `cargo
/// test` makes; a release build never looks at the variable), and armed
/// only by `EVENKEEL_TEST_FAILPOINT`:
///
/// - `count`: print `failpoint N OP PATH` to stderr at every operation;
/// - `abort:N`: abort the process (as a `kill -9` would) at the Nth;
/// - `enospc:N`: fail the Nth operation and every later one with "no space
///   left on device" (a disk that stays full).
#[cfg(debug_assertions)]
pub fn failpoint(op: &str, path: &Path) -> std::io::Result<()> {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static ARMED: OnceLock<Option<(String, usize)>> = OnceLock::new();
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let armed = ARMED.get_or_init(|| {
        let v = std::env::var("EVENKEEL_TEST_FAILPOINT").ok()?;
        match v.split_once(':') {
            Some((mode, n)) => Some((mode.to_string(), n.parse().ok()?)),
            None => Some((v, 0)),
        }
    });
    let Some((mode, at)) = armed else {
        return Ok(());
    };
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    match mode.as_str() {
        "count" => {
            eprintln!("failpoint {n} {op} {}", path.display());
            Ok(())
        }
        // Ends the process as a kill would: no destructor runs, so
        // temporary files stay behind (and no core file is written).
        "abort" if n == *at => std::process::exit(137),
        "enospc" if n >= *at => Err(std::io::Error::from_raw_os_error(28)),
        _ => Ok(()),
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn failpoint(_op: &str, _path: &Path) -> std::io::Result<()> {
    Ok(())
}
