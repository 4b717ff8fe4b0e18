//! Link the `keel` executable as non-PIE on x86-64 Linux.
//!
//! `keel status` is meant for shell prompts, so start-up time is most of its
//! budget (SPEC §7: ≤ 3 ms). A position-independent executable of this size
//! carries ~43,000 relative relocations that the dynamic loader applies at
//! every start, touching (and copying) many pages: measured here, about
//! 1.2 ms of the ~4 ms `keel status` took. A non-PIE executable needs none.
//! Only the binary is affected (`rustc-link-arg-bins`), not the library,
//! the tests or proc-macros; shared libraries keep their ASLR.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if os == "linux" && arch == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
