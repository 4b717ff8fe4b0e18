//! The advisory lock over the data directory, held for every
//! read-modify-write so two keel processes never interleave their changes.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{Error, Result};

pub struct DirLock {
    _file: File,
}

impl DirLock {
    /// The lock if no other keel holds it, without waiting and without
    /// creating anything but the lock file of an existing directory.
    pub fn try_acquire(dir: &Path) -> Result<Option<DirLock>> {
        let path = dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, "open the lock file", &e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(DirLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, "lock", &e)),
        }
    }

    pub fn acquire(dir: &Path, timeout: Duration) -> Result<DirLock> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the data directory", &e))?;
        let path = dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, "open the lock file", &e))?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DirLock { _file: file }),
                Err(TryLockError::WouldBlock) if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::failed(format!(
                        "{}: another keel process has held the data directory for {}s; nothing was written. Try again when it is done",
                        path.display(),
                        timeout.as_secs_f64()
                    )));
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, "lock", &e)),
            }
        }
    }
}
