//! The terminal UI (SPEC §6).

use crate::cli::Paths;
use crate::{Error, Result};

pub fn run(_paths: &Paths, _demo: bool) -> Result<()> {
    Err(Error::failed(
        "the terminal UI is not built yet; use the commands (`keel --help`)",
    ))
}
