//! Broken schemas give errors that name the file, the JSON pointer and the
//! keyword, every error of a run together, and never a panic.

use schemagen::{Error, Generator, Limits, Options};

fn errors_of(generator: Generator) -> Vec<Error> {
    match generator.run().code {
        Ok(code) => panic!("expected errors, got code:\n{code}"),
        Err(errors) => errors.0,
    }
}

fn file(name: &str) -> Generator {
    Generator::new(Options::default()).file(format!("tests/errors/{name}"))
}

/// The errors' messages, as users see them.
fn messages(errors: &[Error]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn malformed_json_names_line_and_column() {
    let errors = errors_of(file("malformed.json"));
    assert_eq!(
        messages(&errors),
        ["tests/errors/malformed.json:5:3: invalid JSON: trailing comma"]
    );
}

#[test]
fn json_that_is_not_a_schema() {
    let errors = errors_of(file("not_a_schema_root.json"));
    assert_eq!(
        messages(&errors),
        ["tests/errors/not_a_schema_root.json#: not a schema: a schema is an object or a boolean, not a number"]
    );

    let errors = errors_of(file("not_a_schema_nested.json"));
    let got = messages(&errors);
    let want = [
        "tests/errors/not_a_schema_nested.json#/properties/a: not a schema: a schema is an object or a boolean, not a number",
        "tests/errors/not_a_schema_nested.json#/properties/b: invalid `type`: must be a type name or an array of them, not a number",
        "tests/errors/not_a_schema_nested.json#/properties/c: invalid `type`: unknown type \"strin\" (expected one of null, boolean, object, array, number, string, integer)",
        "tests/errors/not_a_schema_nested.json#/properties/d: invalid `type`: \"string\" is listed twice",
        "tests/errors/not_a_schema_nested.json#/properties/e: invalid `properties`: must be an object of schemas",
        "tests/errors/not_a_schema_nested.json#/properties/f: invalid `oneOf`: must not be empty",
        "tests/errors/not_a_schema_nested.json#: invalid `required`: must be an array of strings",
    ];
    for line in want {
        assert!(
            got.contains(&line.to_owned()),
            "missing {line:?} in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
}

#[test]
fn dangling_references_are_all_reported() {
    let errors = errors_of(file("dangling.json"));
    assert_eq!(
        messages(&errors),
        [
            "tests/errors/dangling.json#/properties/pointer: `$ref` \"#/$defs/Missing\" does not resolve: tests/errors/dangling.json has nothing at JSON pointer /$defs/Missing",
            "tests/errors/dangling.json#/properties/file: `$ref` \"missing.json\" does not resolve: no file missing.json",
            "tests/errors/dangling.json#/properties/anchor: `$ref` \"#nope\" does not resolve: no `$anchor` \"nope\" in tests/errors/dangling.json",
            // The file exists and loads; the pointer into it does not.
            "tests/errors/dangling.json#/properties/into_file: `$ref` \"not_a_schema_root.json#/deep/path\" does not resolve: tests/errors/not_a_schema_root.json has nothing at JSON pointer /deep/path",
            // The referenced file is loaded, and it is not a schema either.
            "tests/errors/not_a_schema_root.json#: not a schema: a schema is an object or a boolean, not a number",
        ]
    );
    for error in &errors[..4] {
        assert!(matches!(error, Error::DanglingRef { .. }), "{error:?}");
        assert_eq!(error.location().unwrap().file, "tests/errors/dangling.json");
    }
}

#[test]
fn remote_references_are_refused() {
    let errors = errors_of(file("remote.json"));
    let refs: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| match e {
            Error::RemoteRef {
                location,
                reference,
                ..
            } => (location.pointer.as_str(), reference.as_str()),
            other => panic!("expected a remote reference error, got {other}"),
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("/properties/http", "http://example.com/schema.json"),
            (
                "/properties/https",
                "https://example.com/schema.json#/$defs/X"
            ),
            ("/properties/file", "file:///etc/passwd"),
            ("/properties/urn", "urn:example:thing"),
        ]
    );
    assert!(errors[0].to_string().contains("nothing is ever fetched"));
}

#[test]
fn registered_documents_answer_for_remote_uris() {
    let remote = serde_json::json!({"$defs": {"orNull": {"type": ["string", "null"]}}});
    let outcome = file("registered.json")
        .register("http://localhost:1234/name.json", remote)
        .run();
    let code = outcome
        .code
        .expect("the registered document resolves the reference");
    assert!(
        code.contains("pub remote: ::std::option::Option<::std::option::Option<OrNull>>"),
        "{code}"
    );
}

/// A `$dynamicRef` whose anchor two resources declare: which one a value
/// meets depends on the dynamic scope. Strict types cannot follow it (an
/// error); tolerant ones follow the initial target (a warning).
#[test]
fn unsupported_keyword_names_keyword_and_pointer() {
    let path = "tests/errors/unsupported.json";
    let errors = errors_of(Generator::new(Options::strict()).file(path));
    assert_eq!(
        messages(&errors),
        ["tests/errors/unsupported.json#/$defs/Tree/properties/children/items: unsupported keyword `$dynamicRef`: `$dynamicRef` is read as a `$ref` to its initial target, but 2 resources declare `\"$dynamicAnchor\": \"node\"`, and which one a value meets depends on how validation reached it: strict types cannot follow the dynamic scope"]
    );
    let outcome = Generator::new(Options::default()).file(path).run();
    assert!(outcome.code.is_ok());
    let warnings: Vec<String> = outcome.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the types follow the initial target")),
        "{warnings:?}"
    );
}

#[test]
fn reference_cycles_without_a_value() {
    let errors = errors_of(file("cycle.json"));
    assert_eq!(
        messages(&errors),
        ["tests/errors/cycle.json#/$defs/A: reference cycle that never reaches an object, array or scalar, so no JSON value fits it: tests/errors/cycle.json#/$defs/A → tests/errors/cycle.json#/$defs/B"]
    );
}

#[test]
fn references_cannot_leave_the_schema_folder() {
    let errors = errors_of(file("escape.json"));
    assert_eq!(errors.len(), 1);
    let message = errors[0].to_string();
    assert!(message.starts_with("tests/errors/escape.json#/properties/secret: `$ref` \"../../../etc/passwd\" does not resolve:"), "{message}");
    assert!(
        message.ends_with("is outside the schema folder"),
        "{message}"
    );
}

#[test]
fn io_errors_and_size_limits() {
    let errors = errors_of(file("does_not_exist.json"));
    assert!(matches!(errors[..], [Error::Read { .. }]), "{errors:?}");
    assert!(errors[0]
        .to_string()
        .starts_with("tests/errors/does_not_exist.json: cannot read:"));

    let options = Options::default().with_limits(Limits::new().with_max_file_bytes(10));
    let errors = errors_of(Generator::new(options).file("tests/errors/cycle.json"));
    assert_eq!(
        messages(&errors),
        ["tests/errors/cycle.json: 193 bytes is over the limit of 10 bytes"]
    );
}

#[test]
fn one_run_reports_every_file() {
    let errors = errors_of(
        Generator::new(Options::default())
            .file("tests/errors/malformed.json")
            .file("tests/errors/not_a_schema_root.json")
            .file("tests/errors/does_not_exist.json"),
    );
    // Loading errors stop the run before resolution, but all of them are reported.
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

/// A `pattern` or `patternProperties` key that is not a regular expression
/// is an error in every mode, at its place, even where no type reads it.
#[test]
fn invalid_patterns_are_errors_in_every_mode() {
    let want = [
        "tests/errors/invalid_pattern.json#/patternProperties: invalid `patternProperties`: \"*x\" is not a regular expression: repetition operator missing expression (at offset 0)",
        "tests/errors/invalid_pattern.json#/properties/a: invalid `pattern`: \"(a\" is not a regular expression: unclosed group (at offset 0)",
        "tests/errors/invalid_pattern.json#/properties/b/not: invalid `pattern`: \"[z-a]\" is not a regular expression: invalid character class range, the start must be <= the end (at offset 1)",
    ];
    for options in [
        Options::default(),
        Options::strict(),
        Options::default().with_mode(schemagen::Mode::Tolerant {
            checks: true,
            validators: true,
        }),
    ] {
        let generator = Generator::new(options).file("tests/errors/invalid_pattern.json");
        let mut got = messages(&errors_of(generator));
        got.sort();
        assert_eq!(got, want);
    }
}
