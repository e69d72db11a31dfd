//! The build-script helper as cargo sees it: the directives it prints, the
//! file it writes (only when the bytes change), and its failures' text.

use schemagen::build::{compile_schemas, BuildError, Builder};
use schemagen::{Mode, Options};
use std::path::Path;

const PET: &str = r#"{
  "$defs": {
    "Pet": {
      "type": "object",
      "properties": {
        "name": {"type": "string", "pattern": "^[A-Z]"},
        "owner": {"$ref": "owner.json"},
        "age": {"type": "integer", "default": "old"}
      },
      "required": ["name"]
    }
  }
}"#;
const OWNER: &str = r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#;

/// A scratch folder with `schemas/pet.json` and `schemas/owner.json`, and an
/// empty `out/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a scratch folder");
    std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("schemas/pet.json"), PET).unwrap();
    std::fs::write(dir.path().join("schemas/owner.json"), OWNER).unwrap();
    dir
}

fn compile(builder: Builder) -> (Result<schemagen::build::Generated, BuildError>, Vec<String>) {
    let mut printed = Vec::new();
    let result = builder.compile_to(&mut printed);
    let lines = String::from_utf8(printed)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (result, lines)
}

#[test]
fn a_folder_is_generated_watched_and_warned_about() {
    let dir = project();
    let schemas = dir.path().join("schemas");
    let (result, lines) = compile(Builder::new().dir(&schemas).out_dir(dir.path().join("out")));
    let generated = result.expect("generates");
    let shown = |p: &Path| p.display().to_string();
    assert_eq!(
        lines,
        [
            format!("cargo::rerun-if-changed={}", shown(&schemas)),
            format!("cargo::rerun-if-changed={}", shown(&schemas.join("owner.json"))),
            format!("cargo::rerun-if-changed={}", shown(&schemas.join("pet.json"))),
            format!(
                "cargo::warning={}#/$defs/Pet/properties/age: `default` \"old\" is not expressible for this type; the schema keeps it, the Rust type does not",
                shown(&schemas.join("pet.json"))
            ),
        ]
    );
    assert_eq!(generated.path, dir.path().join("out/schemas.rs"));
    assert!(generated.written);
    let code = std::fs::read_to_string(&generated.path).unwrap();
    syn::parse_file(&code).expect("the code parses");
    assert!(code.contains("pub struct Pet"));
    assert!(generated.manifest.get("Owner").is_some());
    assert_eq!(generated.warnings.len(), 1);

    // The same inputs: nothing written, the file untouched.
    let before = std::fs::metadata(&generated.path)
        .unwrap()
        .modified()
        .unwrap();
    let (again, _) = compile(Builder::new().dir(&schemas).out_dir(dir.path().join("out")));
    let again = again.expect("generates");
    assert!(!again.written);
    assert_eq!(
        std::fs::metadata(&again.path).unwrap().modified().unwrap(),
        before
    );

    // Other options, other bytes: written.
    let (changed, _) = compile(
        Builder::new()
            .options(Options::default().with_derive("Eq"))
            .dir(&schemas)
            .out_dir(dir.path().join("out")),
    );
    assert!(changed.expect("generates").written);
}

#[test]
fn a_failure_lists_every_error_and_still_watches_the_files() {
    let dir = project();
    let broken = dir.path().join("schemas/pet.json");
    std::fs::write(
        &broken,
        r##"{"$defs": {"Pet": {"type": "object", "properties": {"a": {"$ref": "#/$defs/Nope"}, "b": {"$ref": "missing.json"}}}}}"##,
    )
    .unwrap();
    let (result, lines) = compile(Builder::new().file(&broken).out_dir(dir.path().join("out")));
    let error = result.expect_err("fails");
    assert!(lines.contains(&format!("cargo::rerun-if-changed={}", broken.display())));
    let text = error.to_string();
    assert!(
        text.starts_with("schemagen: the schemas do not generate Rust:\n"),
        "{text}"
    );
    assert!(
        text.contains("#/$defs/Pet/properties/a: `$ref` \"#/$defs/Nope\" does not resolve"),
        "{text}"
    );
    assert!(
        text.contains("#/$defs/Pet/properties/b: `$ref` \"missing.json\" does not resolve"),
        "{text}"
    );
    assert!(text.ends_with("2 errors"), "{text}");
    // What `unwrap()` and `fn main() -> Result<…>` print is the same text.
    assert_eq!(format!("{error:?}"), text);
    assert!(!dir.path().join("out/schemas.rs").exists());
}

#[test]
fn crates_the_package_lacks_are_named() {
    let dir = project();
    let builder = || {
        Builder::new()
            .options(Options::strict().with_formatting(false))
            .dir(dir.path().join("schemas"))
            .out_dir(dir.path().join("out"))
            .file_name("nested/pets.rs")
    };
    let (result, _) = compile(builder().provided_crates(["serde", "serde_json"]));
    let text = result.expect_err("regex is missing").to_string();
    assert_eq!(
        text,
        "schemagen: the generated code names the crates `regex`, which the package does not depend on: add it to [dependencies] in Cargo.toml (it needs `serde`, `serde_json`, `regex`)"
    );
    let (result, _) = compile(builder().provided_crates(["serde", "serde_json", "regex"]));
    let generated = result.expect("generates");
    assert_eq!(generated.path, dir.path().join("out/nested/pets.rs"));
    assert!(generated.path.exists());
}

#[test]
fn the_one_call_needs_out_dir() {
    let dir = project();
    let schemas = dir.path().join("schemas");
    match std::env::var_os("OUT_DIR") {
        // Cargo sets it for build scripts, not for tests; should a runner set it, skip.
        Some(_) => {}
        None => {
            let error = compile_schemas([&schemas]).expect_err("no OUT_DIR");
            assert!(matches!(error, BuildError::NoOutDir));
            assert!(error.to_string().contains("run this from a build script"));
        }
    }
    // Modes come through the options.
    let (result, _) = compile(
        Builder::new()
            .options(Options::default().with_mode(Mode::Tolerant {
                checks: true,
                validators: false,
            }))
            .input(schemas.join("pet.json"))
            .out_dir(dir.path().join("out")),
    );
    let code = std::fs::read_to_string(result.expect("generates").path).unwrap();
    assert!(code.contains("pub trait Check"));
}
