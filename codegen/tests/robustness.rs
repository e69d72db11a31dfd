//! No schema breaks the generator: random schemas, reference cycles of every
//! length, deep nesting, huge objects and hostile patterns each get code or a
//! clear error, never a panic.

use proptest::prelude::*;
use schemagen::{Error, Generator, Options};
use serde_json::{json, Value};

include!("support/random_schema.rs");

fn run(schema: Value, strict: bool) -> schemagen::Outcome {
    let options = if strict {
        Options::strict()
    } else {
        Options::default()
    };
    Generator::new(options)
        .document("https://robustness.invalid/schema.json", schema)
        .run()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random trees of the supported keywords, with `$ref`s among `$defs`.
    #[test]
    fn random_schemas_never_panic(seed in any::<u64>(), strict in any::<bool>()) {
        let outcome = run(random_schema(seed), strict);
        if let Ok(code) = &outcome.code {
            prop_assert!(syn::parse_file(code).is_ok(), "seed {seed}: output does not parse");
        }
    }

    /// Arbitrary JSON, schema or not.
    #[test]
    fn random_json_never_panics(value in arbitrary_json()) {
        let _ = run(value.clone(), false);
        let _ = run(value, true);
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "type",
            "object",
            "string",
            "#",
            "",
            "#/$defs/a",
            "$ref",
            "properties",
            "null",
            "http://x/y"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "properties",
                    "items",
                    "$ref",
                    "$defs",
                    "a",
                    "anyOf",
                    "oneOf",
                    "allOf",
                    "enum",
                    "const",
                    "required",
                    "additionalProperties",
                    "prefixItems",
                    "pattern",
                    "$id",
                    "$anchor",
                    "not",
                    "if",
                    "then",
                    "unevaluatedProperties",
                    "format"
                ])
                .prop_map(str::to_owned),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn errors(outcome: schemagen::Outcome) -> Vec<String> {
    match outcome.code {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn pure_reference_cycles_of_every_length_are_errors() {
    for length in 1..=6 {
        let defs: serde_json::Map<String, Value> = (0..length)
            .map(|i| {
                (
                    format!("D{i}"),
                    json!({"$ref": format!("#/$defs/D{}", (i + 1) % length)}),
                )
            })
            .collect();
        let errs = errors(run(json!({"$defs": defs}), false));
        assert_eq!(errs.len(), 1, "length {length}: {errs:#?}");
        assert!(
            errs[0].contains("reference cycle that never reaches"),
            "{errs:?}"
        );
    }
}

#[test]
fn cycles_through_objects_and_arrays_are_fine() {
    for length in 1..=6 {
        let defs: serde_json::Map<String, Value> = (0..length)
            .map(|i| {
                let next = format!("#/$defs/D{}", (i + 1) % length);
                let body = if i % 2 == 0 {
                    json!({"type": "object", "properties": {"next": {"$ref": next}}, "required": ["next"]})
                } else {
                    json!({"type": "array", "items": {"$ref": next}})
                };
                (format!("D{i}"), body)
            })
            .collect();
        let outcome = run(json!({"$defs": defs}), false);
        assert!(
            outcome.code.is_ok(),
            "length {length}: {:?}",
            outcome.code.err()
        );
    }
}

#[test]
fn references_to_the_root() {
    // `#` and `""` name the document itself.
    for reference in ["#", ""] {
        let recursive = json!({"type": "object", "properties": {"child": {"$ref": reference}}});
        assert!(run(recursive, false).code.is_ok(), "{reference:?}");
        let errs = errors(run(json!({"$ref": reference}), false));
        assert!(
            errs[0].contains("reference cycle"),
            "{reference:?}: {errs:?}"
        );
    }
}

/// A schema `levels` deep (`properties` within `properties`), as text:
/// written without recursion, as a deep `Value` would strain the stack.
fn nested_text(levels: usize) -> String {
    format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"object\", \"properties\": {\"level\": ".repeat(levels),
        "}}".repeat(levels)
    )
}

fn generate_file(name: &str, text: &str, options: Options) -> schemagen::Outcome {
    let dir = tempfile::Builder::new()
        .prefix(&format!("schemagen-{name}-"))
        .tempdir()
        .unwrap();
    let path = dir.path().join(format!("{name}.json"));
    std::fs::write(&path, text).unwrap();
    Generator::new(options).file(&path).run()
}

/// 200 levels of schema (400 of JSON, past serde_json's own 128) generate,
/// on a test thread's small stack: the stages run on a stack of their own.
/// The generated code compiles in `tests/corpus.rs` (the ignored test CI runs).
#[test]
fn two_hundred_levels_generate() {
    let outcome = generate_file("deep200", &nested_text(200), Options::default());
    let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
    assert!(syn::parse_file(&code).is_ok());
    let manifest = outcome.manifest.expect("a manifest");
    assert_eq!(manifest.types.len(), 200, "one struct per level");
    // rustc's default recursion limit does not reach that deep: a warning
    // names the limit the crate needs.
    let warnings: Vec<String> = outcome.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the types nest 200 levels deep")
                && w.contains("#![recursion_limit = \"512\"]")),
        "{warnings:?}"
    );
    // Names built from the nesting stay short.
    assert!(
        manifest.types.iter().all(|t| t.name.len() <= 70),
        "{:?}",
        manifest.types.last().map(|t| &t.name)
    );
}

/// Past the depth limit (512 levels of JSON by default), one clear error
/// where the limit is crossed, found without recursion: 10,000 levels, and
/// a million.
#[test]
fn deeper_than_the_limit_is_a_clear_error() {
    let million = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    for text in [nested_text(10_000), million] {
        let errs = errors(generate_file("deep", &text, Options::default()));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("nest deeper than the limit of 512 levels here"),
            "{errs:?}"
        );
        assert!(errs[0].contains("deep.json:1:"), "{errs:?}");
    }
    // The limit is a setting.
    let options = Options::default().with_limits(schemagen::Limits::new().with_max_depth(1000));
    assert!(generate_file("deep400", &nested_text(400), options)
        .code
        .is_ok());
    // A document given as a value is measured too, without recursion.
    let mut deep = Value::Null;
    for _ in 0..100_000 {
        deep = Value::Array(vec![deep]);
    }
    let outcome = Generator::new(Options::default())
        .document("https://robustness.invalid/deep.json", deep)
        .run();
    let errs = errors(outcome);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("nest deeper than the limit"), "{errs:?}");
}

#[test]
fn ten_thousand_properties() {
    let props: serde_json::Map<String, Value> = (0..10_000)
        .map(|i| (format!("p{i}"), json!({"type": "integer"})))
        .collect();
    let required: Vec<String> = (0..10_000).step_by(2).map(|i| format!("p{i}")).collect();
    let outcome = run(
        json!({"type": "object", "properties": props, "required": required}),
        false,
    );
    let code = outcome.code.expect("generates");
    assert!(code.contains("pub p9999: ::std::option::Option<i64>,"));
    assert!(code.contains("pub p9998: i64,"));
}

#[test]
fn hostile_patterns() {
    // Backreferences and lookaround have no linear-time engine: unsupported, named.
    for pattern in ["(a)\\1", "a(?=b)", "(?<!x)y"] {
        let errs = errors(run(json!({"type": "string", "pattern": pattern}), true));
        assert_eq!(errs.len(), 1, "{pattern}: {errs:?}");
        assert!(
            errs[0].contains("unsupported keyword `pattern`"),
            "{pattern}: {errs:?}"
        );
    }
    // What is no regular expression at all is invalid, in every mode.
    for pattern in ["[", "a{5,1}"] {
        for strict in [true, false] {
            let errs = errors(run(json!({"type": "string", "pattern": pattern}), strict));
            assert_eq!(errs.len(), 1, "{pattern}: {errs:?}");
            assert!(
                errs[0].contains("is not a regular expression"),
                "{pattern}: {errs:?}"
            );
        }
    }
    // A catastrophic pattern for backtracking engines is fine: the regex crate is linear.
    assert!(run(json!({"type": "string", "pattern": "^(a+)+$"}), true)
        .code
        .is_ok());
}

#[test]
fn remote_references_fail_without_io() {
    // Each is refused by looking at the URI alone: no socket, no file is opened
    // (the file URI names a path that exists on every Unix machine).
    for reference in [
        "http://127.0.0.1:9/schema.json",
        "https://example.com/s.json",
        "file:///etc/hostname",
    ] {
        let errs = errors(run(json!({"$ref": reference}), false));
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].contains("is remote and nothing is ever fetched"),
            "{errs:?}"
        );
    }
    assert!(matches!(
        Generator::new(Options::default())
            .document("https://x.invalid/a.json", json!({"$ref": "b.json"}))
            .run()
            .code
            .unwrap_err()
            .0[..],
        [Error::RemoteRef { .. }]
    ));
}

#[test]
fn non_schemas_in_validation_only_positions_are_errors() {
    // Strict validators visit `not`, `if`, `contains`…, which the types never do.
    for (schema, at) in [
        (json!({"not": 5}), "#/not"),
        (json!({"type": "array", "contains": "x"}), "#/contains"),
        (json!({"if": [], "then": true}), "#/if"),
    ] {
        let errs = errors(run(schema.clone(), true));
        assert_eq!(errs.len(), 1, "{schema}: {errs:?}");
        assert!(
            errs[0].contains(&format!("{at}: not a schema")),
            "{schema}: {errs:?}"
        );
    }
}

/// Runs `body` in a child process (this test binary, asked to run only the
/// test `name` with `SCHEMAGEN_CHILD` set), so that an abort (a stack
/// overflow) fails the test instead of killing the run: true when the child
/// exits cleanly.
fn survives_in_a_child(name: &str, body: impl FnOnce()) -> bool {
    if std::env::var_os("SCHEMAGEN_CHILD").is_some() {
        body();
        std::process::exit(0);
    }
    let status = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env("SCHEMAGEN_CHILD", "1")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the child runs");
    status.success()
}

/// The shapes that once panicked or overflowed the stack, each on a thread
/// with a small stack, in a child process: a `type` array mixing `object`
/// with other types beside object keywords, and references to an ancestor
/// (or the root) with sibling keywords.
#[test]
fn shapes_that_crashed_the_generator_generate() {
    let ok = survives_in_a_child("shapes_that_crashed_the_generator_generate", || {
        let shapes = [
            json!({"type": ["string", "object"], "additionalProperties": false}),
            json!({"type": ["object", "array", "null"], "properties": {"a": {"type": ["integer", "object"], "properties": {}}}, "items": {}}),
            json!({"properties": {"c": {"$ref": "#", "type": "object"}}}),
            json!({"type": "object", "properties": {"c": {"$ref": "#", "required": ["c"]}, "d": {"allOf": [{"$ref": "#"}], "type": "object"}}}),
            json!({"$defs": {"A": {"properties": {"b": {"$ref": "#/$defs/A", "properties": {"x": {"$ref": "#/$defs/A/properties/b"}}}}}}}),
            json!({"anyOf": [{"$ref": "#", "type": "object"}, {"type": "string"}]}),
        ];
        for schema in shapes {
            for strict in [false, true] {
                let schema = schema.clone();
                let outcome = std::thread::Builder::new()
                    .stack_size(1 << 20)
                    .spawn(move || run(schema, strict))
                    .expect("a thread")
                    .join()
                    .expect("no panic");
                let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
                assert!(syn::parse_file(&code).is_ok());
            }
        }
    });
    assert!(
        ok,
        "the generator panicked or aborted (run the test alone to see)"
    );
}

/// The shape that made Renovate's schema (0.4 MB) give 54 MB of Rust: a
/// root with many properties, and many definitions `{"$ref": "#", "type":
/// "object", "items": ..., "default": ...}` (a `type` the root already has,
/// `items` that cannot apply to an object). Each is the root's own type, not
/// a copy of it: the output grows by a small alias per definition.
#[test]
fn references_to_the_root_with_redundant_siblings_are_not_copies() {
    let schema = |managers: usize| {
        let mut properties = serde_json::Map::new();
        for i in 0..60 {
            properties.insert(
                format!("option{i}"),
                json!({"type": "string", "description": "An option."}),
            );
        }
        let mut definitions = serde_json::Map::new();
        for i in 0..managers {
            properties.insert(
                format!("manager{i}"),
                json!({"$ref": format!("#/definitions/manager{i}")}),
            );
            definitions.insert(
                format!("manager{i}"),
                json!({"$ref": "#", "type": "object", "description": "A manager.",
                       "default": {"option0": "x"}, "items": {"type": "string"}}),
            );
        }
        json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
               "properties": properties, "definitions": definitions})
    };
    let size = |managers: usize| {
        let outcome = run(schema(managers), false);
        let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
        code.len()
    };
    let (few, many) = (size(10), size(40));
    let per_manager = (many - few) / 30;
    assert!(
        per_manager < 2_000,
        "each definition adds {per_manager} bytes: a copy of the root"
    );
}

/// A definition per link, each a `$ref` to the next: `n` definitions.
fn chain(n: usize, link: impl Fn(usize) -> Value) -> Value {
    let mut defs = serde_json::Map::new();
    for i in 0..n {
        defs.insert(format!("d{i}"), link(i));
    }
    defs.insert(
        format!("d{n}"),
        json!({"type": "object", "properties": {"end": {"type": "string"}}}),
    );
    json!({"$ref": "#/$defs/d0", "$defs": defs})
}

/// A chain of 5,000 pure references is 5,000 aliases of one struct: cycle
/// and recursion analysis is linear (Tarjan's components, no recursion).
#[test]
fn long_reference_chains_generate() {
    let schema = chain(5_000, |i| json!({"$ref": format!("#/$defs/d{}", i + 1)}));
    let outcome = run(schema, false);
    let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
    assert!(syn::parse_file(&code).is_ok());
    // A cycle as long is still found, and named once.
    let mut cycle = chain(5_000, |i| json!({"$ref": format!("#/$defs/d{}", i + 1)}));
    cycle["$defs"]["d5000"] = json!({"$ref": "#/$defs/d0"});
    let errs = errors(run(cycle, false));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("reference cycle"), "{errs:?}");
}

/// Each link of a chain of references with properties beside them is a
/// struct holding its own field and every field after it: quadratic output.
/// Past `Limits::max_fields`, one clear error instead of minutes and
/// gigabytes.
#[test]
fn merged_chains_past_the_field_limit_are_one_error() {
    let link = |i: usize| {
        json!({"$ref": format!("#/$defs/d{}", i + 1),
               "properties": {format!("p{i}"): {"type": "integer"}}, "required": [format!("p{i}")]})
    };
    let generate = |n: usize, limit: usize| {
        Generator::new(
            Options::default().with_limits(schemagen::Limits::new().with_max_fields(limit)),
        )
        .document("https://robustness.invalid/chain.json", chain(n, link))
        .run()
    };
    // 20 links: 20 structs of 1 + 2 + ... fields, 231 in all.
    let code = generate(20, 1_000).code.unwrap_or_else(|e| panic!("{e}"));
    assert!(code.contains("pub p19: i64,"));
    let errs = errors(generate(20, 100));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("more than 100 fields"), "{errs:?}");
    assert!(errs[0].contains("max_fields"), "{errs:?}");
    // The default limit stops 2,000 links (two million fields) early.
    let errs = errors(run(chain(2_000, link), false));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("more than 100000 fields"), "{errs:?}");
}

/// What rustc refuses in a comment, found in the generated code: a bare
/// carriage return (an error in a doc comment) or a bidirectional-text
/// control (CVE-2021-42574; a deny-by-default lint in comments and literals).
fn refused_by_rustc(code: &str) -> Option<String> {
    code.lines()
        .find(|line| {
            line.chars().any(|c| {
                matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                    || (c.is_control() && c != '\t')
            })
        })
        .map(|line| line.escape_debug().to_string())
}

/// Names, descriptions, titles, enum and tag values, defaults and schema
/// locations reach doc comments escaped: a definition named with U+202E (from
/// the structured sample that suite/build.rs compiles) and a property named
/// with a carriage return and a default once made code that does not compile.
#[test]
fn doc_comments_escape_what_rustc_refuses() {
    let schema = json!({
        "type": "object",
        "description": "rtl \u{202e} and cr \r",
        "properties": {
            "a\u{202e}b": {"type": "string", "default": "x", "pattern": "^\u{202e}"},
            "c\rd": {"type": "integer", "default": 1, "title": "isolate \u{2066}"},
            "e": {"enum": ["\u{202e}", "a\rb"]}
        },
        "$defs": {
            "x\u{202e}": {"type": "object", "properties": {"t": {"const": "q\u{2067}"}}},
            "tagged": {"oneOf": [
                {"type": "object", "properties": {"kind": {"const": "\u{202e}"}}, "required": ["kind"]},
                {"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]}
            ]}
        }
    });
    let tolerant = Options::default().with_mode(schemagen::Mode::Tolerant {
        checks: true,
        validators: true,
    });
    for options in [tolerant, Options::strict()] {
        for defaults in [schemagen::Defaults::Accessor, schemagen::Defaults::Serde] {
            let outcome = Generator::new(options.clone().with_index(true).with_defaults(defaults))
                .document("https://robustness.invalid/schema.json", schema.clone())
                .run();
            let code = outcome.code.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(refused_by_rustc(&code), None, "{defaults:?}");
        }
    }
}
