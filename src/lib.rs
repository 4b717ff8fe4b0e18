//! evenkeel: keep the split between hands-on technical work and management
//! honest. The library holds everything; `keel` (src/main.rs) is a thin
//! binary over it.
//!
//! Directions of dependency: `model` and `balance` are pure; `config` reads
//! and edits the user's settings; `store` owns the data directory; `app`
//! holds the operations both faces share; `cli` and `tui` are the faces,
//! and neither imports the other.
//!
//! The public surface is what the binary, the tests and the benchmarks
//! need: the two faces for the binary; `app`, `balance`, `calendar`, `config`,
//! `demo`, `import`, `model` and `store` (each with private parts) for the
//! tests and benchmarks. Because a public item is never "dead", `.ci/run`
//! also builds the library with `--cfg evenkeel_surface`, which makes those eight
//! crate-private, so that the dead-code lint reports any item nothing in
//! the program uses.

/// Modules public for tests and benchmarks, crate-private under
/// `--cfg evenkeel_surface` (see above).
macro_rules! for_tests {
    ($($m:ident),* $(,)?) => {
        $(
            #[cfg(not(evenkeel_surface))]
            pub mod $m;
            #[cfg(evenkeel_surface)]
            pub(crate) mod $m;
        )*
    };
}

for_tests!(app, balance, calendar, config, demo, import, model, store);

pub mod cli;
mod error;
mod format;
mod text;
pub mod tui;

pub use error::{Error, Result};
