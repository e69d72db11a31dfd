//! The `schemagen` binary end to end: its help, the code it prints or
//! writes (only when the bytes change), `--check`, the settings, and its
//! errors with their exit codes (1 the schemas, 2 the command line).
//!
//! Refresh the help snapshot with `EXPECTORATE=overwrite cargo test -p schemagen-cli`.

use std::path::Path;
use std::process::{Command, Output};

const PET: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "Pet": {
      "type": "object",
      "properties": {
        "name": {"type": "string"},
        "kind": {"enum": ["cat", "dog"]},
        "owner": {"$ref": "owner.json"},
        "price": {"$ref": "#/$defs/Money"},
        "age": {"type": "integer", "default": "old"}
      },
      "required": ["name"]
    },
    "Money": {"type": "object", "properties": {"cents": {"type": "integer"}}}
  }
}"##;
const OWNER: &str = r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#;

/// A scratch folder with `pet.json` and `owner.json`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a scratch folder");
    std::fs::write(dir.path().join("pet.json"), PET).unwrap();
    std::fs::write(dir.path().join("owner.json"), OWNER).unwrap();
    dir
}

/// Runs `schemagen` in `dir` with `args`.
fn schemagen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[track_caller]
fn parses(code: &str) -> syn::File {
    syn::parse_file(code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"))
}

#[test]
fn help() {
    let output = schemagen(Path::new("."), &["--help"]);
    assert_eq!(output.status.code(), Some(0));
    expectorate::assert_contents("tests/help.txt", &text(&output.stdout));
}

#[test]
fn prints_the_code_and_warns_on_stderr() {
    let dir = project();
    let output = schemagen(dir.path(), &["pet.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let code = text(&output.stdout);
    parses(&code);
    assert!(code.contains("pub struct Pet {"));
    assert!(code.contains("pub struct Owner {"));
    assert!(code.contains("pub enum PetKind {"));
    assert_eq!(
        text(&output.stderr),
        "warning: pet.json#/$defs/Pet/properties/age: `default` \"old\" is not expressible for this type; the schema keeps it, the Rust type does not\n"
    );
    let quiet = schemagen(dir.path(), &["pet.json", "--quiet"]);
    assert!(quiet.stderr.is_empty());
    // A folder is every schema in it.
    let folder = schemagen(dir.path(), &["."]);
    assert_eq!(folder.status.code(), Some(0));
    assert!(text(&folder.stdout).contains("pub struct Pet {"));
}

#[test]
fn writes_only_when_the_bytes_change_and_checks() {
    let dir = project();
    let out = dir.path().join("models.rs");
    let run = |extra: &[&str]| {
        let mut args = vec!["pet.json", "-o", "models.rs", "-q"];
        args.extend(extra);
        schemagen(dir.path(), &args)
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0));
    assert!(first.stdout.is_empty(), "nothing on stdout with -o");
    parses(&std::fs::read_to_string(&out).unwrap());
    let written = std::fs::metadata(&out).unwrap().modified().unwrap();
    assert_eq!(run(&[]).status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&out).unwrap().modified().unwrap(),
        written
    );
    assert_eq!(run(&["--check"]).status.code(), Some(0));

    // Stale: --check fails and leaves the file alone; without it, rewritten.
    std::fs::write(&out, "// edited\n").unwrap();
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stderr).contains("models.rs is stale"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "// edited\n");
    assert_eq!(run(&[]).status.code(), Some(0));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("pub struct Pet {"));

    // The manifest, beside.
    assert_eq!(run(&["--manifest", "manifest.json"]).status.code(), Some(0));
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"name\": \"Pet\""));
}

#[test]
fn settings_and_modes() {
    let dir = project();
    let output = schemagen(
        dir.path(),
        &[
            "pet.json",
            "--derive",
            "Eq",
            "--type-derive",
            "Pet=Default",
            "--rename",
            "Pet=Animal",
            "--replace",
            "#/$defs/Money=crate::money::Money",
            "--visibility",
            "pub(crate)",
            "--checks",
            "--index",
            "-q",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let code = text(&output.stdout);
    parses(&code);
    assert!(
        code.contains("#[derive(Eq, Default)]\npub(crate) struct Animal {"),
        "{code}"
    );
    assert!(code.contains("pub price: ::std::option::Option<crate::money::Money>,"));
    assert!(!code.contains("struct Money"));
    assert!(code.contains("pub(crate) trait Check"));

    let strict = schemagen(dir.path(), &["pet.json", "--strict", "--no-format", "-q"]);
    assert_eq!(strict.status.code(), Some(0));
    assert!(text(&strict.stdout).contains("remote = \"Self\""));

    // `--draft` names the draft of documents without `$schema` (the
    // options it sets are checked in `run.rs`).
    let old = schemagen(dir.path(), &["pet.json", "--draft", "07", "-q"]);
    assert_eq!(old.status.code(), Some(0), "{}", text(&old.stderr));
    parses(&text(&old.stdout));
}

#[test]
fn schema_errors_exit_1_with_file_and_pointer() {
    let dir = project();
    std::fs::write(
        dir.path().join("broken.json"),
        r##"{"$defs": {"A": {"properties": {"x": {"$ref": "#/$defs/Nope"}}}, "B": {"type": "strin"}}}"##,
    )
    .unwrap();
    let output = schemagen(dir.path(), &["broken.json", "-o", "out.rs"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "error: broken.json#/$defs/A/properties/x: `$ref` \"#/$defs/Nope\" does not resolve"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("broken.json#/$defs/B"), "{stderr}");
    assert!(stderr.trim_end().ends_with("2 errors"), "{stderr}");
    assert!(!dir.path().join("out.rs").exists());

    let missing = schemagen(dir.path(), &["nowhere.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("nowhere.json"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = project();
    for (args, expected) in [
        (&[][..], "the following required arguments were not provided"),
        (&["pet.json", "--draft", "05"], "\"05\" is not a draft"),
        (&["pet.json", "--rename", "Pet"], "\"Pet\" is not TYPE=VALUE"),
        (&["pet.json", "--check"], "--output <FILE>"),
        (&["pet.json", "--visibility", "public"], "is not a visibility"),
        (&["pet.json", "--strict", "--checks"], "cannot be used with"),
        (
            &["pet.json", "--rename", "Pett=Animal"],
            "error: setting `rename Pett=Animal`: no generated type is named `Pett` (the nearest: `Pet`)",
        ),
    ] {
        let output = schemagen(dir.path(), args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// `--draft` decides how a document that names no draft is read: as draft
/// 07, `items` as an array is a tuple and `dependencies` is a keyword; as
/// 2020-12 (the default), the array is no schema.
#[test]
fn draft_reads_a_document_that_names_none() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pair.json"),
        r#"{"title": "Pair", "type": "array", "items": [{"type": "string"}, {"type": "integer"}],
            "additionalItems": false, "minItems": 2}"#,
    )
    .unwrap();
    let as_07 = schemagen(dir.path(), &["pair.json", "--draft", "07"]);
    assert_eq!(as_07.status.code(), Some(0), "{}", text(&as_07.stderr));
    let code = text(&as_07.stdout);
    parses(&code);
    assert!(
        code.contains("pub type Pair = (::std::string::String, i64);"),
        "{code}"
    );
    let as_2020 = schemagen(dir.path(), &["pair.json"]);
    assert_eq!(as_2020.status.code(), Some(1));
    assert!(
        text(&as_2020.stderr).contains("pair.json#/items: not a schema"),
        "{}",
        text(&as_2020.stderr)
    );
}
