//! A crate of its own under the target folder, for tests that compile generated code with cargo: offline, with the workspace's lock.

use std::path::{Path, PathBuf};
use std::process::Output;

/// Makes `CARGO_TARGET_TMPDIR/name` a crate named `schemagen-name` with the
/// dependencies generated code names (serde, serde_json, regex), outside
/// every workspace, locked to the workspace's versions so that it builds
/// offline; returns its folder (with `src/` made).
pub fn crate_dir(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            r#"[package]
name = "schemagen-{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
regex = "1"

# Not a member of the schemagen workspace.
[workspace]
"#
        ),
    )
    .unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
    root
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
