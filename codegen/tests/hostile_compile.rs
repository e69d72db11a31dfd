//! Code generated from hostile text compiles, and no description runs as a doctest: a scratch crate built with `cargo test --doc`.
//!
//! The descriptions of `tests/hostile/doc-fences.json` and
//! `doc-bidi.json` (Rust in every kind of Markdown code block; U+202E and
//! other invisible characters), and a batch of definitions whose names,
//! property names, enum values and descriptions proptest draws from any
//! Unicode and from Markdown and Rust hazards, are generated tolerant and
//! strict into one crate with `#![deny(warnings)]`, which `cargo test
//! --doc` builds offline: it must compile and run 0 doctests. One build for
//! every case (a build per case would take hours), so the property's cases
//! are drawn with a fixed seed and shrinking is replaced by the report of
//! the file and the definition that failed. It builds a crate (about a
//! minute), so it runs on its own, as CI does:
//! `cargo test -p schemagen --test hostile_compile -- --ignored`.

#[path = "support/scratch.rs"]
mod scratch;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use schemagen::{Generator, Options};
use serde_json::{json, Map, Value};
use std::path::Path;

/// Pieces of text that have broken generators and doc comments.
const HAZARDS: &[&str] = &[
    "```rust\nstd::process::exit(1);\n```",
    "````\n",
    "~~~\nstd::process::exit(2);\n~~~",
    "\n\n    std::process::exit(3);\n\n",
    "- item\n\n  ```\n  std::process::exit(4);\n  ```\n",
    "> ```rust\n> std::process::exit(5);\n",
    "```",
    "<script>alert(1)</script>",
    "\u{202E}",
    "\u{2066}",
    "\u{200B}",
    "\u{FEFF}",
    "*/",
    "/*",
    "\\",
    "\"#",
    "#[doc = \"x\"]",
    "\r\n",
    "\0",
    "`",
    "[link](javascript:alert(1))",
    "r#type",
    "self",
    "Self",
    "crate",
    "super",
    "__schemagen",
    "std",
    "0",
];

/// Text drawn from any Unicode and the hazards, one after another.
fn text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(HAZARDS).prop_map(str::to_owned),
        2 => "\\PC{0,6}",
        1 => ".{0,4}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

/// A definition: a description, and properties with names and
/// descriptions of their own, one of them an enum of drawn values.
fn definition() -> impl Strategy<Value = Value> {
    (
        text(8),
        proptest::collection::vec((text(3), text(4)), 0..4),
        proptest::collection::vec(text(3), 1..4),
    )
        .prop_map(|(description, properties, values)| {
            let mut props = Map::new();
            for (name, description) in properties {
                props.insert(
                    name,
                    json!({"type": ["string", "null"], "description": description}),
                );
            }
            props.insert(
                "choice".into(),
                json!({"enum": values, "description": "drawn values"}),
            );
            json!({"type": "object", "description": description, "properties": props})
        })
}

/// `count` schemas of four definitions each, drawn with a fixed seed.
fn drawn(count: usize) -> Vec<Value> {
    let strategy = proptest::collection::vec((text(4), definition()), 4);
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[23; 32]),
    );
    (0..count)
        .map(|_| {
            let defs: Map<String, Value> = strategy
                .new_tree(&mut runner)
                .expect("a draw")
                .current()
                .into_iter()
                .collect();
            json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs})
        })
        .collect()
}

#[test]
#[ignore = "builds a crate and runs its doctests (about a minute); CI runs it"]
fn hostile_text_compiles_and_runs_no_doctest() {
    let root = scratch::crate_dir("hostile-compile");
    let src = root.join("src");
    let schemas = root.join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();

    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile");
    let mut inputs: Vec<(String, Value)> = ["doc-fences", "doc-bidi"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(hostile.join(format!("{name}.json"))).unwrap();
            (name.to_string(), serde_json::from_str(&text).unwrap())
        })
        .collect();
    for (i, schema) in drawn(24).into_iter().enumerate() {
        inputs.push((format!("drawn-{i}"), schema));
    }
    let mut lib = String::from(
        "//! Generated from hostile text, every schema a module, tolerant and strict.\n\
         #![deny(warnings)]\n",
    );
    let mut failures = Vec::new();
    for (name, schema) in &inputs {
        let file = schemas.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(schema).unwrap()).unwrap();
        for (flavour, options) in [
            ("tolerant", Options::default()),
            ("strict", Options::strict()),
        ] {
            let outcome = Generator::new(options).file(&file).run();
            let code = match outcome.code {
                Ok(code) => code,
                Err(errors) => {
                    failures.push(format!("{name} ({flavour}): {errors}"));
                    continue;
                }
            };
            let module = format!("{}_{flavour}", name.replace('-', "_"));
            std::fs::write(src.join(format!("{module}.rs")), code).unwrap();
            lib.push_str(&format!(
                "/// `schemas/{name}.json`, {flavour}\npub mod {module};\n"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "definitions the generator refused:\n{}",
        failures.join("\n")
    );
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let output = scratch::cargo(&root, &["test", "--doc", "--message-format", "short"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the generated code (in {}) does not compile warning-free or a doctest ran:\n{}\n{}",
        root.display(),
        stderr.lines().take(60).collect::<Vec<_>>().join("\n"),
        stdout.lines().take(40).collect::<Vec<_>>().join("\n")
    );
    assert!(
        stderr.contains("Doc-tests schemagen_hostile_compile")
            || stdout.contains("Doc-tests schemagen_hostile_compile"),
        "the doctests did not run:\n{stderr}\n{stdout}"
    );
    assert!(
        stdout.contains("running 0 tests"),
        "descriptions ran as doctests:\n{stdout}"
    );
    println!(
        "{} schemas ({} drawn) compiled tolerant and strict, 0 doctests",
        inputs.len(),
        inputs.len() - 2
    );
}
