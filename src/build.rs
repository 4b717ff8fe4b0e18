//! Link flags for the `keel` executable.
//!
//! By default `keel` is a position-independent executable (PIE), as rustc
//! and every distribution build it: the kernel loads it at a random address
//! (ASLR), which packagers and security-minded users expect.
//!
//! The `non-pie` feature (`cargo install --path . --features non-pie`) links
//! it as a fixed-address executable on x86-64 Linux instead. `keel status`
//! is meant for shell prompts, so start-up time is most of its budget
//! (SPEC §7: ≤ 3 ms); a PIE of this size carries ~43,000 relative
//! relocations that the dynamic loader applies at every start. The README's
//! performance section says what each choice costs. Only the binary is
//! affected (`rustc-link-arg-bins`), not the library, the tests or
//! proc-macros; shared libraries keep their ASLR either way.

fn main() {
    // This file lives in src/ (Cargo.toml's `build`); naming the real path
    // keeps cargo from re-running it, and relinking keel, on every build.
    println!("cargo:rerun-if-changed=src/build.rs");
    let non_pie = std::env::var_os("CARGO_FEATURE_NON_PIE").is_some();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if non_pie && os == "linux" && arch == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
