//! evenkeel: keep the split between hands-on technical work and management
//! honest. The library holds everything; `keel` (src/main.rs) is a thin
//! binary over it.
//!
//! Directions of dependency: `model` and `balance` are pure; `config` reads
//! and edits the user's settings; `store` owns the data directory; `app`
//! holds the operations both faces share; `cli` and `tui` are the faces.

pub mod app;
pub mod balance;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod format;
pub mod import;
pub mod model;
pub mod store;
pub mod text;
pub mod tui;

pub use error::{Error, Result};
