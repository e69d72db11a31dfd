//! A crate of its own under the target folder, for tests that compile generated code with cargo: offline, with the workspace's lock.

use std::path::{Path, PathBuf};
use std::process::Output;

/// Makes `CARGO_TARGET_TMPDIR/name` a crate named `schemagen-name` with the
/// dependencies generated code names (serde, serde_json, regex), outside
/// every workspace, locked to the workspace's versions so that it builds
/// offline; returns its folder (with `src/` made).
#[allow(dead_code)] // Each test that includes this file uses one of the two.
pub fn crate_dir(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    write_crate(
        &root,
        &format!("schemagen-{name}"),
        "# Not a member of the schemagen workspace.\n[workspace]\n",
    );
    lock(&root);
    root
}

/// Makes `CARGO_TARGET_TMPDIR/name` a workspace of `parts` such crates
/// (`part0`, `part1`…), which cargo compiles side by side, one a core;
/// returns the folder of each.
#[allow(dead_code)] // Each test that includes this file uses one of the two.
pub fn workspace_dir(name: &str, parts: usize) -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let members: Vec<PathBuf> = (0..parts).map(|n| root.join(format!("part{n}"))).collect();
    std::fs::create_dir_all(&root).unwrap();
    let names: Vec<String> = (0..parts).map(|n| format!("\"part{n}\"")).collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "# Not a member of the schemagen workspace.\n[workspace]\nmembers = [{}]\nresolver = \"2\"\n",
            names.join(", ")
        ),
    )
    .unwrap();
    for (n, member) in members.iter().enumerate() {
        write_crate(member, &format!("schemagen-{name}-{n}"), "");
    }
    lock(&root);
    (root, members)
}

/// A crate's manifest (and `src/`) with the dependencies generated code names.
fn write_crate(root: &Path, package: &str, tail: &str) {
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            r#"[package]
name = "{package}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
regex = "1"

{tail}"#
        ),
    )
    .unwrap();
}

/// The workspace's lock, so that the crate builds offline.
fn lock(root: &Path) {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
}

/// Runs `cargo ARGS --offline` in the crate, with a target folder of its own.
pub fn cargo(root: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    std::process::Command::new(cargo)
        .args(args)
        .arg("--offline")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}
