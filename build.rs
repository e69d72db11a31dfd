//! Generates the Rust models from `schema/` into `OUT_DIR/models.rs`.
//!
//! Cargo reruns this only when a file it read, or the `schema/` folder itself
//! (a file added or removed), changes.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=schema");
    // Unformatted: rustc does not need prettyplease's layout, and skipping it
    // cuts generation from ~100 ms to ~25 ms. People read the formatted
    // `generated/models.rs`, which `cargo run -- generate` writes.
    let options = clerk_options().with_formatting(false);
    let outcome = schemagen::Generator::new(options).dir("schema").run();
    for path in &outcome.files_read {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    for warning in &outcome.warnings {
        println!("cargo::warning={warning}");
    }
    // The generated code names these crates; the package must provide them
    // (a `pattern` in schema/ needs `regex`: declared in Cargo.toml).
    const PROVIDED: &[&str] = &["serde", "serde_json", "regex", "schemars"];
    if let Some(manifest) = &outcome.manifest {
        let missing: Vec<&str> = manifest
            .crates
            .iter()
            .copied()
            .filter(|c| !PROVIDED.contains(c))
            .collect();
        if !missing.is_empty() {
            println!(
                "cargo::error=the models generated from schema/ need the crates {missing:?}, which clerk-models does not depend on: add them to [dependencies] in Cargo.toml"
            );
            std::process::exit(1);
        }
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
    let out_dir = Path::new(&out_dir);
    write_if_changed(&out_dir.join("models.rs"), &code);
    write_if_changed(
        &out_dir.join("schema_files.rs"),
        &embed(&outcome.files_read),
    );
}

/// `SCHEMA_FILES`: every schema document, embedded, so that validation needs
/// no files at run time.
fn embed(files: &[std::path::PathBuf]) -> String {
    let mut out = String::from(
        "/// The schema documents the models were generated from: (file name, JSON text).\n\
         pub const SCHEMA_FILES: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let name = path
            .strip_prefix("schema")
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let absolute = std::path::absolute(path).expect("the current directory exists");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    out.push_str("];\n");
    out
}

/// Writes only when the bytes change, so nothing downstream rebuilds needlessly.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read(path).ok().as_deref() != Some(contents.as_bytes()) {
        std::fs::write(path, contents).expect("OUT_DIR is writable");
    }
}

include!("src/options.rs");
