//! Generates the Rust models from `schema/` into `OUT_DIR/models.rs`.
//!
//! Cargo reruns this only when a file it read, or the `schema/` folder itself
//! (a file added or removed), changes.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=schema");
    let outcome = schemagen::Generator::new(clerk_options())
        .dir("schema")
        .run();
    for path in &outcome.files_read {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    for warning in &outcome.warnings {
        println!("cargo::warning={warning}");
    }
    let code = match outcome.code {
        Ok(code) => code,
        Err(errors) => {
            for error in &errors.0 {
                eprintln!("error: {error}");
            }
            println!(
                "cargo::error=schema/ does not generate: {} error(s), listed in the build script output above",
                errors.0.len()
            );
            std::process::exit(1);
        }
    };
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out_dir).join("models.rs");
    // Written only when the bytes change, so nothing downstream rebuilds needlessly.
    if std::fs::read(&out).ok().as_deref() != Some(code.as_bytes()) {
        std::fs::write(&out, code).expect("OUT_DIR is writable");
    }
}

include!("src/options.rs");
