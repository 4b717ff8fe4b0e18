//! Durable file replacement: write a temporary file in the same directory,
//! fsync it, rename it over the target, fsync the directory. A crash at any
//! instant leaves either the old file or the new one, never a torn one.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    // Through a symlink (a config kept with the dotfiles) to the file it
    // names: renaming over the link would replace it with a copy.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = target.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the directory", &e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".keel-").suffix(".tmp");
    // A new file gets the permissions any new file gets (0666 less the
    // umask), not the temporary file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "create a temporary file", &e))?;
    // An existing file keeps its own.
    if let Ok(m) = fs::metadata(path) {
        tmp.as_file()
            .set_permissions(m.permissions())
            .map_err(|e| Error::io(tmp.path(), "set the permissions of", &e))?;
    }
    tmp.write_all(contents)
        .map_err(|e| Error::io(tmp.path(), "write", &e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), "flush to disk", &e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, "replace", &e.error))?;
    sync_dir(dir)
}

/// Remove a file durably; a file already gone is fine.
pub fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => sync_dir(path.parent().unwrap_or(Path::new("."))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, "remove", &e)),
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
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
