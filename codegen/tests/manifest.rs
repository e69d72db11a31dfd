//! The manifest: what each run generated, and which types model their
//! schema exactly (decoding plus the drift walk is the schema's verdict).

use schemagen::{Generator, Manifest, Mode, Options, TypeShape, UnknownProperties};
use serde_json::{json, Value};

fn manifest(options: Options, schema: Value) -> Manifest {
    let outcome = Generator::new(options)
        .document("https://manifest.invalid/schema.json", schema)
        .run();
    if let Err(errors) = &outcome.code {
        panic!("{errors}");
    }
    outcome.manifest.expect("a manifest with the code")
}

fn checked() -> Options {
    Options::default()
        .with_mode(Mode::Tolerant {
            checks: true,
            validators: true,
        })
        .with_index(true)
        .with_integer_formats(true)
}

/// One `$defs` entry per case; its name says whether it should be exact.
fn cases() -> Value {
    json!({
        "$defs": {
            "ExactPlain": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "n": {"type": "integer", "format": "int64"},
                    "status": {"enum": ["a", "b"]},
                    "tag": {"const": "t"},
                    "maybe": {"anyOf": [{"$ref": "#/$defs/ExactPlain"}, {"type": "null"}]}
                },
                "additionalProperties": false
            },
            "LoosePattern": {"type": "object", "properties": {"s": {"type": "string", "pattern": "^a"}}},
            "LooseMinLength": {"type": "object", "properties": {"s": {"type": "string", "minLength": 40}}},
            "ExactUnsigned": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}},
            "ExactByte": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 255}}},
            "LooseMinimum": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}},
            "LooseMaximum": {"type": "object", "properties": {"n": {"type": "integer", "maximum": 100}}},
            "LooseExclusive": {"type": "object", "properties": {"n": {"type": "integer", "exclusiveMinimum": 0}}},
            "ExactTuple": {
                "type": "object",
                "properties": {"t": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false, "minItems": 2, "maxItems": 2}}
            },
            "LooseOpenTuple": {"type": "object", "properties": {"t": {"type": "array", "prefixItems": [{"type": "string"}]}}},
            "ExactAnyOf": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "LooseOneOf": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "ExactTagged": {
                "oneOf": [
                    {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "a"}, "x": {"type": "string"}}},
                    {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "b"}}}
                ]
            },
            "LooseIntegerEnum": {"enum": [1, 2]},
            "ExactBooleans": {"enum": [true, false]},
            "LooseConst": {"const": 5},
            "LooseAdditionalSchema": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
            "LooseMapRequired": {"type": "object", "required": ["a"], "additionalProperties": {"type": "integer"}},
            "LooseIfThen": {"type": "object", "properties": {"a": {"type": "string"}}, "if": {"required": ["a"]}, "then": {"required": ["b"]}},
            "LooseAllOfRequired": {"allOf": [{"$ref": "#/$defs/ExactPlain"}, {"required": ["n"]}]},
            "LooseThroughField": {"type": "object", "properties": {"inner": {"$ref": "#/$defs/LoosePattern"}}},
            "LooseThroughItems": {"type": "array", "items": {"$ref": "#/$defs/LooseMinLength"}},
            "LooseNumberFormat": {"type": "object", "properties": {"n": {"type": "number", "format": "int32"}}},
            "LooseFalse": {"type": "object", "properties": {"never": false}},
            "ExactRecursive": {"type": "object", "properties": {"next": {"$ref": "#/$defs/ExactRecursive"}}},
            "LooseRecursive": {
                "type": "object",
                "properties": {"next": {"$ref": "#/$defs/LooseRecursive"}, "s": {"type": "string", "maxLength": 3}}
            },
            "ExactIgnoresDefs": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "$defs": {"Unused": {"type": "string", "pattern": "x"}}
            }
        }
    })
}

#[test]
fn exactness_follows_what_the_types_model() {
    let manifest = manifest(checked(), cases());
    let mut checked_cases = 0;
    for info in manifest.entries() {
        let name = &info.name;
        let want = if name.starts_with("Exact") {
            true
        } else if name.starts_with("Loose") {
            false
        } else {
            continue;
        };
        assert_eq!(info.exact, want, "{name}: {:?}", info.location);
        checked_cases += 1;
    }
    assert_eq!(checked_cases, 27);
    // A nested inline type follows its own schema: the struct of a
    // property with a pattern is exact, the one holding it is not.
    assert!(!manifest.get("LooseThroughField").unwrap().exact);
}

#[test]
fn strict_types_are_always_exact() {
    let manifest = manifest(Options::strict(), cases());
    assert!(manifest.types.iter().all(|t| t.exact));
}

#[test]
fn drift_unreported_is_not_exact() {
    // Without the checks, a closed object's unknown properties and an
    // enum's unknown values decode silently.
    let manifest = manifest(Options::default(), cases());
    assert!(!manifest.get("ExactPlain").unwrap().exact);
    // A type that cannot hold drift needs no walk.
    assert!(manifest.get("ExactUnsigned").unwrap().exact);
    // Unknown properties dropped cannot be reported.
    let manifest = manifest_dropping();
    assert!(!manifest.get("Closed").unwrap().exact);
    assert!(manifest.get("Open").unwrap().exact);
}

fn manifest_dropping() -> Manifest {
    manifest(
        checked().with_unknown_properties(UnknownProperties::Drop),
        json!({"$defs": {
            "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            "Open": {"type": "object", "properties": {"a": {"type": "string"}}}
        }}),
    )
}

#[test]
fn fields_carry_wire_and_rust_names_and_types() {
    let manifest = manifest(
        checked(),
        json!({"$defs": {"Thing": {
            "type": "object",
            "required": ["id", "maybe_null"],
            "properties": {
                "id": {"type": "string", "description": "The id."},
                "maybe_null": {"type": ["integer", "null"], "format": "int32"},
                "opt-null": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
                "type": {"type": "object", "additionalProperties": {"type": "boolean"}},
                "ratio": {"type": "number", "format": "double", "deprecated": true}
            }
        }}}),
    );
    let thing = manifest.get("Thing").unwrap();
    assert!(thing.entry);
    assert_eq!(thing.location.pointer, "/$defs/Thing");
    let TypeShape::Struct {
        fields,
        extra,
        closed,
    } = &thing.shape
    else {
        panic!("{:?}", thing.shape);
    };
    assert_eq!(extra.as_deref(), Some("extra"));
    assert!(!closed);
    let rows: Vec<(&str, &str, &str, bool, bool)> = fields
        .iter()
        .map(|f| {
            (
                f.wire.as_str(),
                f.rust.as_str(),
                f.rust_type.as_str(),
                f.required,
                f.nullable,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("id", "id", "String", true, false),
            ("maybe_null", "maybe_null", "Option<i32>", true, true),
            (
                "opt-null",
                "opt_null",
                "Option<Option<Vec<String>>>",
                false,
                true
            ),
            (
                "type",
                "type_",
                "Option<BTreeMap<String, bool>>",
                false,
                false
            ),
            ("ratio", "ratio", "Option<f64>", false, false),
        ]
    );
    assert_eq!(fields[0].doc.as_deref(), Some("The id."));
    assert!(fields[4].deprecated);
    assert!(!thing.lossless, "an f64 does not give back `1` as written");
    let json = manifest.to_json();
    let thing = json["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Thing")
        .unwrap();
    assert_eq!(thing["shape"]["fields"][1]["rust_type"], "Option<i32>");
}

/// Schema files given in memory with `source` are typed as the same files
/// in a folder are (their `$defs`, and a root only when it has a shape),
/// where `document` types each root.
#[test]
fn sources_are_typed_as_the_files_of_a_folder() {
    let files = [
        (
            "thing.json",
            json!({
                "title": "Thing",
                "$defs": {
                    "Thing": {
                        "type": "object",
                        "properties": {"owner": {"$ref": "owner.json#/$defs/Owner"}}
                    }
                }
            }),
        ),
        (
            "owner.json",
            json!({"$defs": {"Owner": {"type": "object", "properties": {"name": {"type": "string"}}}}}),
        ),
    ];
    let names = |outcome: schemagen::Outcome| -> Vec<String> {
        if let Err(errors) = &outcome.code {
            panic!("{errors}");
        }
        let mut names: Vec<String> = outcome
            .manifest
            .expect("a manifest")
            .entries()
            .map(|t| t.name.clone())
            .collect();
        names.sort();
        names
    };
    let scratch = tempfile::tempdir().unwrap();
    for (name, value) in &files {
        std::fs::write(scratch.path().join(name), value.to_string()).unwrap();
    }
    let folder = names(Generator::new(Options::default()).dir(scratch.path()).run());
    assert_eq!(folder, ["Owner", "Thing"]);
    let mut sources = Generator::new(Options::default());
    let mut documents = Generator::new(Options::default());
    for (name, value) in &files {
        let uri = format!("file:///embedded/schema/{name}");
        sources = sources.source(uri.clone(), value.clone());
        documents = documents.document(uri, value.clone());
    }
    assert_eq!(names(sources.run()), folder);
    assert_ne!(names(documents.run()), folder, "document types each root");
}
