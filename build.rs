//! Generates the Rust models from `schema/` into `OUT_DIR/models.rs`.
//!
//! Cargo reruns this only when a file it read, or the `schema/` folder itself
//! (a file added or removed), changes.

use schemagen::build::BuildError;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // The generated code names these crates; the package must provide them
    // (a `pattern` in schema/ needs `regex`: declared in Cargo.toml).
    const PROVIDED: &[&str] = &["serde", "serde_json", "regex", "schemars"];
    // Unformatted: rustc does not need prettyplease's layout, and skipping it
    // cuts generation from ~100 ms to ~25 ms. People read the formatted
    // `generated/models.rs`, which `cargo run -- generate` writes.
    // The helper watches `schema/` and every file read, and passes the
    // warnings on to cargo.
    let generated = schemagen::build::Builder::new()
        .options(clerk_options().with_formatting(false))
        .dir("schema")
        .file_name("models.rs")
        .provided_crates(PROVIDED.iter().copied())
        .compile();
    let generated = match generated {
        Ok(generated) => generated,
        Err(BuildError::MissingCrates { missing, .. }) => {
            println!(
                "cargo::error=the models generated from schema/ need the crates {missing:?}, which clerk-models does not depend on: add them to [dependencies] in Cargo.toml"
            );
            std::process::exit(1);
        }
        Err(BuildError::Schema(errors)) => {
            for error in &errors.0 {
                eprintln!("error: {error}");
            }
            println!(
                "cargo::error=schema/ does not generate: {} error(s), listed in the build script output above",
                errors.0.len()
            );
            std::process::exit(1);
        }
        Err(other) => panic!("{other}"),
    };
    let out_dir = generated
        .path
        .parent()
        .expect("the models are written in OUT_DIR");
    schemagen::build::write_if_changed(
        &out_dir.join("schema_files.rs"),
        &embed(&generated.files_read),
    )
    .expect("OUT_DIR is writable");
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

include!("src/options.rs");
