//! The checked-in `generated/` files (models, bundled schemas, docs) must be
//! exactly what `generate` makes from `schema/` today.

use std::process::Command;

#[test]
fn generated_files_are_up_to_date() {
    let output = Command::new(env!("CARGO_BIN_EXE_clerk-models"))
        .args(["generate", "--check"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the clerk-models binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated/ is stale (exit {:?}); refresh it with `cargo run -- generate`:\n{stdout}{stderr}",
        output.status.code()
    );
}
