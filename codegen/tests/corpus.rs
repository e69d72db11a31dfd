//! The real-world corpus (`tests/corpus/`: public schemas of every draft,
//! shipped in registry packages, with their provenance and licences): each
//! schema generates, with the references between them resolved through the
//! corpus catalog and nothing fetched, or gets the error recorded for it in
//! `tests/corpus/expected.json` (rewrite it with `CORPUS_UPDATE=1`). Large
//! schemas give code at most twenty times their size.

use schemagen::{Generator, Options};
use serde_json::{json, Value};
use std::path::Path;

const CORPUS: &str = "tests/corpus";

/// What generating one schema gives: `ok`, or its first error (the corpus
/// folder left out of the message).
fn outcome(file: &str) -> (String, usize) {
    let path = Path::new(CORPUS).join(file);
    let outcome = Generator::new(Options::default())
        .file(&path)
        .catalog(Path::new(CORPUS).join("catalog.json"))
        .run();
    match outcome.code {
        Ok(code) => ("ok".to_owned(), code.len()),
        Err(errors) => {
            let first = errors.0[0].to_string().replace(&format!("{CORPUS}/"), "");
            (format!("error: {first}"), 0)
        }
    }
}

#[test]
fn every_corpus_schema_generates_or_has_its_recorded_error() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).expect("the manifest"),
    )
    .expect("JSON");
    let schemas = manifest["schemas"].as_array().expect("schemas");
    assert!(schemas.len() >= 40, "{} schemas", schemas.len());
    let mut got = serde_json::Map::new();
    let mut problems = Vec::new();
    let (mut ok, mut failed) = (0, 0);
    for entry in schemas {
        let file = entry["file"].as_str().expect("file");
        let bytes = entry["bytes"].as_u64().expect("bytes") as usize;
        let (result, size) = outcome(file);
        if result == "ok" {
            ok += 1;
            // Output linear in the schema: large ones (where the per-type
            // overhead no longer dominates) give at most 20 times their size.
            if bytes >= 100_000 && size > 20 * bytes {
                problems.push(format!(
                    "{file}: {size} bytes of code for {bytes} of schema"
                ));
            }
        } else {
            failed += 1;
        }
        got.insert(file.to_owned(), json!(result));
    }
    println!(
        "corpus: {} schemas, {ok} generate, {failed} errors",
        schemas.len()
    );
    let expected_path = Path::new(CORPUS).join("expected.json");
    let got = Value::Object(got);
    if std::env::var_os("CORPUS_UPDATE").is_some() {
        std::fs::write(
            &expected_path,
            serde_json::to_string_pretty(&got).unwrap() + "\n",
        )
        .unwrap();
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path)
            .expect("expected.json (CORPUS_UPDATE=1 writes it)"),
    )
    .expect("JSON");
    for (file, want) in expected.as_object().expect("an object") {
        if got.get(file) != Some(want) {
            problems.push(format!(
                "{file}: expected {want}, got {}",
                got.get(file).unwrap_or(&Value::Null)
            ));
        }
    }
    for file in got.as_object().unwrap().keys() {
        if expected.get(file).is_none() {
            problems.push(format!("{file}: not in expected.json"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
