//! The directions of dependency the README promises, checked on the
//! sources: `model` imports nothing of ours, `model` and `balance` know no
//! files or terminals, `store` knows no screen, and neither face imports the
//! other (the binary hands the UI to the command line).

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(p: &Path, out: &mut Vec<(PathBuf, String)>) {
        if p.is_dir() {
            for e in fs::read_dir(p).unwrap() {
                walk(&e.unwrap().path(), out);
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push((p.to_path_buf(), fs::read_to_string(p).unwrap()));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root.join(dir), &mut out);
    let single = root.join(format!("{dir}.rs"));
    if single.exists() {
        walk(&single, &mut out);
    }
    assert!(!out.is_empty(), "no sources under src/{dir}");
    out
}

/// Every `crate::NAME` a module's sources name, but its own.
fn uses_of(dir: &str) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for (path, text) in sources(dir) {
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + 7..];
            // `crate::{a, b::c}` names each of a and b.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .collect(),
                None => vec![rest],
            };
            for n in names {
                let name: String = n
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != dir {
                    found.push((path.clone(), name));
                }
            }
        }
    }
    found
}

fn assert_only(dir: &str, allowed: &[&str]) {
    let bad: Vec<_> = uses_of(dir)
        .into_iter()
        .filter(|(_, n)| !allowed.contains(&n.as_str()))
        .collect();
    assert!(
        bad.is_empty(),
        "src/{dir} may use only {allowed:?} of the crate, but uses: {bad:?}"
    );
}

#[test]
fn model_imports_nothing_of_ours() {
    assert_only("model", &[]);
}

#[test]
fn balance_reads_only_the_model_and_the_config() {
    assert_only("balance", &["model", "config"]);
}

#[test]
fn the_store_knows_no_face() {
    for dir in ["store", "app", "config", "import"] {
        let faces: Vec<_> = uses_of(dir)
            .into_iter()
            .filter(|(_, n)| n == "cli" || n == "tui")
            .collect();
        assert!(faces.is_empty(), "src/{dir} uses a face: {faces:?}");
    }
}

#[test]
fn neither_face_imports_the_other() {
    let cli_uses_tui: Vec<_> = uses_of("cli")
        .into_iter()
        .filter(|(_, n)| n == "tui")
        .collect();
    assert!(cli_uses_tui.is_empty(), "{cli_uses_tui:?}");
    let tui_uses_cli: Vec<_> = uses_of("tui")
        .into_iter()
        .filter(|(_, n)| n == "cli")
        .collect();
    assert!(tui_uses_cli.is_empty(), "{tui_uses_cli:?}");
}
