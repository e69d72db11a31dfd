//! The real-world corpus (`tests/corpus/`: public schemas of every draft,
//! shipped in registry packages, with their provenance and licences): each
//! schema generates, with the references between them resolved through the
//! corpus catalog and nothing fetched, or gets the error recorded for it in
//! `tests/corpus/expected.json` (rewrite it with `CORPUS_UPDATE=1`). Large
//! schemas give code at most twenty times their size.

#[path = "../../tests/support/readme.rs"]
mod readme;
#[path = "support/scratch.rs"]
mod scratch;

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
    // The README states the counts this test computes.
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let counts = format!(
        "{} public schemas of every draft; {ok} generate and {failed} give the error",
        schemas.len()
    );
    readme::check_section(&readme, "corpus-counts", &counts).unwrap_or_else(|e| panic!("{e}"));
}

/// Every corpus schema that generates, compiled with `#![deny(warnings)]`:
/// `cargo check`, offline, in a workspace of its own under the target
/// folder, its modules dealt to two crates of about the same size so that
/// both cores work. Some 65 MB of Rust (minutes), so it runs on its own, as
/// CI does: `cargo test -p schemagen --test corpus -- --ignored`.
#[test]
#[ignore = "checks all the corpus's generated code (minutes); CI runs it"]
fn every_generated_schema_compiles_without_warnings() {
    const PARTS: usize = 2;
    let (root, parts) = scratch::workspace_dir("corpus-compile", PARTS);

    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).expect("the manifest"),
    )
    .expect("JSON");
    // (module, its doc line, its code), then dealt largest first to the
    // smallest crate.
    let mut modules: Vec<(String, String, String)> = Vec::new();
    for entry in manifest["schemas"].as_array().expect("schemas") {
        let file = entry["file"].as_str().expect("file");
        let outcome = Generator::new(Options::default())
            .file(Path::new(CORPUS).join(file))
            .catalog(Path::new(CORPUS).join("catalog.json"))
            .run();
        let Ok(code) = outcome.code else { continue };
        modules.push((format!("m{}", modules.len()), file.to_owned(), code));
    }
    let generated = modules.len();
    // And a schema 200 levels deep (400 of JSON, past serde_json's own
    // limit of 128): its 200 nested structs compile too.
    let deep = format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"object\", \"properties\": {\"level\": ".repeat(200),
        "}}".repeat(200)
    );
    let deep_file = root.join("deep200.json");
    std::fs::write(&deep_file, deep).unwrap();
    let outcome = Generator::new(Options::default()).file(&deep_file).run();
    let code = outcome.code.expect("200 levels generate");
    modules.push((
        "deep200".to_owned(),
        "200 levels of nested objects".to_owned(),
        code,
    ));
    // As deep as that, rustc needs a higher recursion limit, which the
    // generator says in a warning: the crates set what it names.
    let limit = outcome
        .warnings
        .iter()
        .map(ToString::to_string)
        .find_map(|w| {
            let (_, rest) = w.split_once("recursion_limit = \"")?;
            rest.split('"').next().map(str::to_owned)
        })
        .expect("a warning naming the recursion limit");
    modules.sort_by_key(|(_, _, code)| std::cmp::Reverse(code.len()));
    let mut libs = vec![
        (
            0usize,
            format!(
                "//! Part of the real-world corpus's generated code, every schema a module.\n\
                 #![deny(warnings)]\n#![recursion_limit = \"{limit}\"]\n"
            ),
        );
        PARTS
    ];
    for (module, doc, code) in &modules {
        let n = (0..PARTS).min_by_key(|&n| libs[n].0).expect("parts");
        let path = parts[n].join("src").join(format!("{module}.rs"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
            std::fs::write(&path, code).unwrap();
        }
        libs[n].0 += code.len();
        libs[n]
            .1
            .push_str(&format!("/// {doc}\npub mod {module};\n"));
    }
    for (part, (_, lib)) in parts.iter().zip(&libs) {
        std::fs::write(part.join("src/lib.rs"), lib).unwrap();
    }
    let output = scratch::cargo(&root, &["check", "--quiet", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the corpus's generated code does not compile warning-free:\n{}",
        stderr.lines().take(60).collect::<Vec<_>>().join("\n")
    );
    let sizes: Vec<String> = libs.iter().map(|(size, _)| format!("{size}")).collect();
    println!(
        "{generated} generated modules and the deep one compiled with #![deny(warnings)], \
         in crates of {} bytes",
        sizes.join(" and ")
    );
}

/// No real-world schema asks more validation work than
/// `Limits::max_evaluations` allows: the bound refuses hostile schemas, not
/// published ones. The heaviest is printed, to show the margin.
#[test]
fn no_corpus_schema_is_over_the_evaluation_limit() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).expect("the manifest"),
    )
    .expect("JSON");
    let limits = schemagen::Limits::default();
    let (mut heaviest, mut over) = ((0u64, String::new()), Vec::new());
    for entry in manifest["schemas"].as_array().expect("schemas") {
        let file = entry["file"].as_str().expect("file");
        let loaded = Generator::new(Options::default())
            .file(Path::new(CORPUS).join(file))
            .catalog(Path::new(CORPUS).join("catalog.json"))
            .load();
        if !loaded.errors.is_empty() {
            continue;
        }
        for error in loaded.work_errors(&limits) {
            over.push(error.to_string());
        }
        let docs = loaded.registry.docs.len();
        let starts: Vec<_> = (0..docs)
            .map(|doc| schemagen::schema::resolve::NodeId {
                doc,
                pointer: String::new(),
            })
            .collect();
        let counts = schemagen::schema::work::evaluations(&loaded.registry, &starts);
        if let Some(max) = counts.values().max() {
            if *max > heaviest.0 {
                heaviest = (*max, file.to_owned());
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
    println!(
        "heaviest: {} subschemas at one place ({}), limit {}",
        heaviest.0, heaviest.1, limits.max_evaluations
    );
    assert!(heaviest.0 > 10, "the count sees the corpus's unions");
}
