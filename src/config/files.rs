//! Where the config and the data live, and reading the config file: the
//! start-up both faces share, below them both.

use std::io;
use std::path::{Path, PathBuf};

use super::Config;
use crate::error::Problem;
use crate::{Error, Result};

/// Where the config and the data live.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Paths {
    /// The given paths, or the platform's defaults for those not given
    /// (`~/.config/evenkeel/config.toml`, `~/.local/share/evenkeel`).
    pub fn resolve(config: Option<&Path>, data: Option<&Path>) -> Result<Paths> {
        let dirs = directories::ProjectDirs::from("", "", "evenkeel");
        let no_home = || Error::failed("no home directory found: pass --config and --data-dir");
        let config = match (config, &dirs) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(d)) => d.config_dir().join("config.toml"),
            (None, None) => return Err(no_home()),
        };
        let data = match (data, &dirs) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(d)) => d.data_dir().to_path_buf(),
            (None, None) => return Err(no_home()),
        };
        // Absolute, so that the undo journal names the same files whatever
        // directory a later `keel undo` runs in.
        let abs = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
        Ok(Paths {
            config: abs(config),
            data: abs(data),
        })
    }
}

/// The config file's text, `None` when there is no file. Bytes that are not
/// UTF-8 are a located problem (exit 2), not a failed read.
pub fn read_text(path: &Path) -> Result<Option<String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, "read", &e)),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(e) => Err(Error::problems(vec![Problem::not_utf8(
            path,
            e.as_bytes(),
            &e.utf8_error(),
        )])),
    }
}

/// Read the config at `path`; the built-in default when it does not exist.
pub fn read(path: &Path) -> Result<Config> {
    let hint = "Fix the config (`keel check` lists every problem); nothing was changed.";
    match read_text(path) {
        Ok(Some(text)) => {
            super::load::parse(&text, path).map_err(|ps| Error::problems(ps).hint(hint))
        }
        Ok(None) => Ok(Config::builtin()),
        Err(e) if !e.located().is_empty() => Err(e.hint(hint)),
        Err(e) => Err(e),
    }
}
