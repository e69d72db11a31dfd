//! `Generator::catalog`: references by absolute URI resolve from local
//! copies (a catalog file, or a folder laid out by host and path), with
//! nothing fetched; a URI the catalog lacks stays a clear error.

use schemagen::{Generator, Options};
use std::path::Path;

/// A fresh folder, removed when dropped (a failed assertion included).
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("schemagen-catalog-{name}-"))
        .tempdir()
        .unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const MAIN: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "thing": { "$ref": "https://example.test/defs/thing.json" },
    "other": { "$ref": "https://example.test/defs/thing.json#/$defs/Other" }
  }
}"#;

// Relative references inside the copy resolve against its URI.
const THING: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": { "name": { "type": "string" }, "part": { "$ref": "part.json" } },
  "$defs": { "Other": { "type": "integer" }, "Unused": { "type": "object", "properties": { "x": { "type": "string" } } } }
}"#;

const PART: &str = r#"{ "type": "object", "properties": { "size": { "type": "integer" } } }"#;

#[test]
fn a_folder_by_host_and_path() {
    let scratch_dir = scratch("folder");
    let dir = scratch_dir.path();
    write(&dir.join("main.json"), MAIN);
    write(&dir.join("copies/example.test/defs/thing.json"), THING);
    write(&dir.join("copies/example.test/defs/part.json"), PART);
    let outcome = Generator::new(Options::default())
        .file(dir.join("main.json"))
        .catalog(dir.join("copies"))
        .run();
    let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        code.contains("pub size:"),
        "the relative reference in the copy resolved"
    );
    // Typed only as far as references reach.
    assert!(!code.contains("Unused"));
    assert!(outcome.files_read.iter().any(|p| p.ends_with("thing.json")));
}

#[test]
fn a_catalog_file() {
    let scratch_dir = scratch("file");
    let dir = scratch_dir.path();
    write(&dir.join("main.json"), MAIN);
    write(&dir.join("local/thing-copy.json"), THING);
    write(&dir.join("local/part.json"), PART);
    write(
        &dir.join("catalog.json"),
        r#"{"entries": [
            {"uri": "https://example.test/defs/thing.json", "file": "local/thing-copy.json"},
            {"uri": "https://example.test/defs/part.json", "file": "local/part.json"}
        ]}"#,
    );
    let outcome = Generator::new(Options::default())
        .file(dir.join("main.json"))
        .catalog(dir.join("catalog.json"))
        .run();
    assert!(outcome.code.is_ok(), "{:?}", outcome.code.err());
    // Without it, the reference is remote: an error that says what to do.
    let outcome = Generator::new(Options::default())
        .file(dir.join("main.json"))
        .run();
    let errors = outcome.code.unwrap_err().to_string();
    assert!(
        errors.contains(
            "give a catalog with a local copy of \"https://example.test/defs/thing.json\""
        ),
        "{errors}"
    );
    // A broken catalog is an error naming it.
    write(
        &dir.join("bad.json"),
        r#"{"entries": [{"uri": "not absolute", "file": "x"}]}"#,
    );
    let outcome = Generator::new(Options::default())
        .file(dir.join("main.json"))
        .catalog(dir.join("bad.json"))
        .run();
    let errors = outcome.code.unwrap_err().to_string();
    assert!(
        errors.contains("bad.json#/entries") && errors.contains("not an absolute URI"),
        "{errors}"
    );
}
