//! `validate --schema` (any schema, any draft, offline) and validate's
//! output formats (json with schema locations, the JSON Schema output
//! formats, JUnit XML), driven through the binary. Inputs in
//! tests/cli/any-schema/ (see its SOURCES.md), snapshots in
//! tests/cli/snapshots/.

#[macro_use]
#[path = "support/bin.rs"]
mod bin;
use bin::*;

use serde_json::Value;

const DIR: &str = "tests/cli/any-schema";

fn path(rest: &str) -> String {
    format!("{DIR}/{rest}")
}

/// The JSON objects of a JSON Lines report, the summary last.
fn lines(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// (pointer, line, column, keyword, schema location) of each error of a
/// `--format json` payload.
fn places(payload: &Value) -> Vec<(String, u64, u64, String, String)> {
    payload["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap_or("-").to_owned(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["keyword"].as_str().unwrap_or("-").to_owned(),
                e["schema_location"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

fn place(
    pointer: &str,
    line: u64,
    column: u64,
    keyword: &str,
    schema: &str,
) -> (String, u64, u64, String, String) {
    (
        pointer.to_owned(),
        line,
        column,
        keyword.to_owned(),
        schema.to_owned(),
    )
}

#[test]
fn draft_04_file_with_a_sibling_file() {
    let schema = path("draft04/person.json");
    let out = run(&[
        "validate",
        "--schema",
        &schema,
        &path("draft04/people.ndjson"),
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("any_schema_draft04", out.shown());
    let out = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        &schema,
        &path("draft04/people.ndjson"),
    ]);
    let report = lines(&out);
    assert_eq!(report[0]["status"], "ok");
    let address =
        "tests/cli/any-schema/draft04/address.json#/definitions/address/properties/zip/pattern";
    assert_eq!(
        places(&report[1]),
        [
            // Draft 04: a boolean exclusiveMinimum.
            place(
                "/age",
                2,
                17,
                "exclusiveMinimum",
                &format!("{schema}#/properties/age/minimum")
            ),
            // Through the reference into the sibling file.
            place("/home/zip", 2, 36, "pattern", address),
            // Tuple items, additionalItems false.
            place(
                "/point",
                2,
                51,
                "additionalItems",
                &format!("{schema}#/properties/point/additionalItems")
            ),
            place(
                "/nick",
                2,
                71,
                "additionalProperties",
                &format!("{schema}#/additionalProperties")
            ),
        ]
    );
    assert_eq!(report[3]["errors"][0]["source"], "parse");
    assert_eq!(report[4]["summary"]["failed"], 3);
}

#[test]
fn a_folder_and_a_def_of_one_of_its_files() {
    let folder = path("draft04");
    let out = run_with_stdin(
        &["validate", "--schema", &folder, "--type", "address", "-"],
        Some(b"{\"zip\": 7}"),
    );
    assert_eq!(out.code, 1, "{}", out.shown());
    assert!(
        out.stdout
            .contains("error[schema] <stdin>:1:2 /zip: 7 is not of type \"string\""),
        "{}",
        out.shown()
    );
    // FILE#POINTER names a file of the folder.
    let out = run_with_stdin(
        &[
            "validate",
            "--schema",
            &folder,
            "--type",
            "person.json#/properties/home",
            "-",
        ],
        Some(b"{\"zip\": \"12345\"}"),
    );
    assert_eq!(out.code, 0, "{}", out.shown());
    // A folder of several files needs --type; a name that is not there is
    // told with the nearest one.
    let out = run(&["validate", "--schema", &folder, "-"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(
        out.stderr.contains("holds 2 schema files"),
        "{}",
        out.shown()
    );
    let out = run(&["validate", "--schema", &folder, "--type", "adress", "-"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(
        out.stderr.contains("did you mean address?"),
        "{}",
        out.shown()
    );
}

#[test]
fn draft_07_file_with_if_then_and_dependencies() {
    let schema = path("draft07/order.json");
    let out = run(&[
        "validate",
        "--schema",
        &schema,
        &path("draft07/orders.json"),
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("any_schema_draft07", out.shown());
    let out = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        &schema,
        &path("draft07/orders.json"),
    ]);
    let report = lines(&out);
    // The file holds three values one after another, each judged where it starts.
    assert_eq!(report[1]["line"], 4);
    assert_eq!(
        places(&report[1]),
        [
            place("", 4, 1, "required", &format!("{schema}#/then/required")),
            place(
                "/total",
                4,
                36,
                "exclusiveMinimum",
                &format!("{schema}#/properties/total/exclusiveMinimum")
            ),
        ]
    );
    assert_eq!(
        places(&report[2]),
        [place(
            "/status",
            5,
            15,
            "enum",
            &format!("{schema}#/definitions/status/enum")
        )]
    );
    // A definition by name.
    let out = run_with_stdin(
        &["validate", "--schema", &schema, "--type", "status", "-"],
        Some(b"\"open\""),
    );
    assert_eq!(out.code, 0, "{}", out.shown());
}

#[test]
fn draft_2020_12_bundle_of_resources_with_their_own_ids() {
    let schema = path("draft2020-12/bundle.json");
    let out = run(&[
        "validate",
        "--schema",
        &schema,
        "--type",
        "Product",
        &path("draft2020-12/products.ndjson"),
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("any_schema_bundle", out.shown());
    let out = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        &schema,
        "--type",
        "Product",
        &path("draft2020-12/products.ndjson"),
    ]);
    let report = lines(&out);
    let found = places(&report[1]);
    let pointers: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/sku",
            "/tags",
            "/tags/0",
            "/price",
            "/price/currency",
            "/colour"
        ]
    );
    // Locations inside embedded resources are named by their $id.
    assert_eq!(found[2].4, "https://catalog.example/tag.json#/pattern");
    assert_eq!((found[2].1, found[2].2), (2, 23));
}

#[test]
fn the_published_bundle_judges_the_recorded_payloads() {
    let out = run(&[
        "validate",
        "-q",
        "--schema",
        "generated/schema/clerk.schema.json",
        "--type",
        "ClientEnvelope",
        "tests/fixtures/clerk/flutter/client-get-*.json",
    ]);
    assert_eq!(out.code, 0, "{}", out.shown());
    assert!(out.stdout.contains(" 0 failed"), "{}", out.shown());
}

#[test]
fn a_remote_reference_is_refused_and_a_catalog_copy_used() {
    let schema = path("remote/uses-remote.json");
    let payload = path("remote/payload.json");
    let out = run(&["validate", "--schema", &schema, &payload]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("any_schema_remote_refused", out.shown());
    let out = run(&[
        "validate",
        "--schema",
        &schema,
        "--catalog",
        &path("catalog"),
        &payload,
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    assert!(
        out.stdout
            .contains("/base: \"long name\" is longer than 3 characters"),
        "{}",
        out.shown()
    );
}

#[test]
fn a_draft_for_documents_that_name_none() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.json");
    std::fs::write(
        &schema,
        r#"{"items": [{"type": "string"}], "additionalItems": false}"#,
    )
    .unwrap();
    let schema = schema.to_str().unwrap();
    // Read as draft 07, the tuple holds; as 2020-12 (the default) `items`
    // must be a schema.
    let out = run_with_stdin(
        &["validate", "--schema", schema, "--draft", "07", "-"],
        Some(b"[\"a\", 1]"),
    );
    assert_eq!(out.code, 1, "{}", out.shown());
    assert!(
        out.stdout
            .contains("(root): Additional items are not allowed"),
        "{}",
        out.shown()
    );
    let out = run_with_stdin(&["validate", "--schema", schema, "-"], Some(b"[\"a\", 1]"));
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(out.stderr.contains("s.json#/items: "), "{}", out.shown());
    let out = run(&["validate", "--draft", "07", "-"]);
    assert_eq!(out.code, 2, "--draft needs --schema: {}", out.shown());
}

// ---------------------------------------------------------------- formats

/// Every format, on the same payloads: snapshotted.
#[test]
fn every_output_format_snapshotted() {
    let schema = path("draft04/person.json");
    let payloads = path("draft04/people.ndjson");
    for format in ["text", "json", "flag", "list", "hierarchical", "junit"] {
        let out = run(&[
            "--format", format, "validate", "--schema", &schema, &payloads,
        ]);
        assert_eq!(out.code, 1, "{format}: {}", out.shown());
        snapshot!(format!("validate_format_{format}"), out.shown());
    }
    // The contract's own: drift is an error to the strict schema's output,
    // the status says drift.
    for format in ["flag", "list", "junit"] {
        let out = run(&[
            "--format",
            format,
            "validate",
            "tests/cli/validate/drift.json",
        ]);
        snapshot!(format!("validate_contract_format_{format}"), out.shown());
    }
}

/// The output schema, read as 2020-12 (the validator knows no "next").
fn output_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(path("output-schema.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    schema.as_object_mut().unwrap().remove("$schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .offline()
        .build(&schema)
        .unwrap()
}

#[test]
fn list_and_hierarchical_follow_the_output_schema() {
    let validator = output_schema();
    let units = validator.clone();
    let defs = |name: &str| {
        let text = std::fs::read_to_string(path("output-schema.json")).unwrap();
        let mut schema: Value = serde_json::from_str(&text).unwrap();
        let root = schema.as_object_mut().unwrap();
        root.remove("$schema");
        root.insert("$ref".into(), format!("#/$defs/{name}").into());
        root.remove("anyOf");
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .offline()
            .build(&schema)
            .unwrap()
    };
    let _ = units;
    let runs = [
        vec![
            "--schema",
            "tests/cli/any-schema/draft04/person.json",
            "tests/cli/any-schema/draft04/people.ndjson",
        ],
        vec![
            "--schema",
            "tests/cli/any-schema/draft07/order.json",
            "tests/cli/any-schema/draft07/orders.json",
        ],
        vec![
            "--schema",
            "tests/cli/any-schema/draft2020-12/bundle.json",
            "--type",
            "Product",
            "tests/cli/any-schema/draft2020-12/products.ndjson",
        ],
        vec![
            "tests/cli/validate/drift.json",
            "tests/cli/validate/kinds.ndjson",
            "tests/fixtures/clerk/flutter",
        ],
    ];
    let mut checked = 0;
    for format in ["flag", "list", "hierarchical"] {
        let shape = defs(format);
        for args in &runs {
            let mut all = vec!["--format", format, "validate"];
            all.extend(args.iter().copied());
            let out = run(&all);
            for line in lines(&out) {
                let Some(output) = line.get("output") else {
                    continue;
                };
                let errors: Vec<String> = validator
                    .iter_errors(output)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{format}: {errors:?}\n{output}");
                assert!(
                    shape.is_valid(output),
                    "{format}: not of its own shape: {output}"
                );
                // The output's verdict is the schema's: the status is ok
                // exactly when it is valid (drift aside).
                if line["status"] == "fail" {
                    assert_eq!(output["valid"], false, "{line}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} outputs");
}

#[test]
fn junit_parses_back_with_its_counts() {
    use quick_xml::events::Event;
    let out = run(&[
        "--format",
        "junit",
        "validate",
        "tests/cli/validate/kinds.ndjson",
        "tests/cli/validate/drift.json",
        "tests/cli/validate/not-json.json",
        "tests/cli/validate/missing.json",
    ]);
    assert_eq!(out.code, 3, "{}", out.shown());
    let mut reader = quick_xml::Reader::from_str(&out.stdout);
    // (suite name, tests, failures, errors as declared; testcases, failures,
    // errors as found)
    let mut suites: Vec<(String, [usize; 3], [usize; 3])> = Vec::new();
    let attribute = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> String {
        e.try_get_attribute(name)
            .unwrap()
            .map(|a| a.unescape_value().unwrap().into_owned())
            .unwrap_or_default()
    };
    let mut roots = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuites" => roots += 1,
                b"testsuite" => {
                    let count = |n: &str| attribute(&e, n).parse::<usize>().unwrap();
                    suites.push((
                        attribute(&e, "name"),
                        [count("tests"), count("failures"), count("errors")],
                        [0; 3],
                    ));
                }
                b"testcase" => suites.last_mut().unwrap().2[0] += 1,
                b"failure" => suites.last_mut().unwrap().2[1] += 1,
                b"error" => suites.last_mut().unwrap().2[2] += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!(roots, 1);
    let names: Vec<&str> = suites.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests/cli/validate/kinds.ndjson",
            "tests/cli/validate/drift.json",
            "tests/cli/validate/not-json.json",
            "tests/cli/validate/missing.json",
        ]
    );
    for (name, declared, found) in &suites {
        assert_eq!(declared, found, "{name}");
    }
    assert_eq!(suites[1].1, [1, 0, 0], "drift passes");
    assert_eq!(suites[2].1, [1, 1, 0], "not JSON fails");
    assert_eq!(suites[3].1, [1, 0, 1], "a missing input is an error");
}

#[test]
fn json_errors_carry_the_schema_location() {
    let out = run(&[
        "--format",
        "json",
        "validate",
        "tests/cli/validate/type-error.json",
    ]);
    let report = lines(&out);
    let error = &report[0]["errors"][0];
    let location = error["schema_location"].as_str().unwrap();
    assert!(
        location.starts_with("schema/") && location.contains("#/$defs/"),
        "{error}"
    );
}

#[test]
fn the_other_commands_refuse_validate_formats() {
    let out = run(&["--format", "list", "bundle"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(out.stdout.contains("validate's alone"), "{}", out.shown());
}

#[test]
fn an_edited_schema_folder_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    for entry in std::fs::read_dir(Path::new(ROOT).join("schema")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), schema.join(entry.file_name())).unwrap();
        }
    }
    let payload = Path::new(ROOT).join("tests/cli/validate/drift.json");
    let in_dir = |args: &[&str]| {
        let out = command(args).current_dir(dir.path()).output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let payload = payload.to_str().unwrap();
    assert_eq!(
        in_dir(&["validate", payload]),
        "",
        "the same files: nothing said"
    );
    let client = schema.join("client.json");
    let text = std::fs::read_to_string(&client).unwrap();
    std::fs::write(&client, text.replacen('{', "{\"$comment\": \"edited\",", 1)).unwrap();
    let stderr = in_dir(&["validate", payload]);
    assert!(
        stderr.contains(
            "schema differs from the contract built into this binary (edited: client.json)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--schema schema"), "{stderr}");
}

use std::path::Path;

#[test]
fn any_jobs_give_the_same_report_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let lines = std::fs::read_to_string(path("draft04/people.ndjson")).unwrap();
    let big = dir.path().join("many.ndjson");
    std::fs::write(&big, lines.repeat(500)).unwrap();
    let big = big.to_str().unwrap();
    let schema = path("draft04/person.json");
    for format in ["text", "json", "list", "junit"] {
        let one = run(&[
            "--format", format, "validate", "--jobs", "1", "--schema", &schema, big,
        ]);
        let two = run(&[
            "--format", format, "validate", "--jobs", "2", "--schema", &schema, big,
        ]);
        assert_eq!(one.code, 1);
        assert!(
            one.stdout == two.stdout,
            "{format}: --jobs 2 differs from --jobs 1"
        );
    }
}

/// Under `--schema` too, a payload whose tree is over its bound (300,000
/// numbers where strings should be) is judged on the first items of the
/// array, a finding naming the cut; and the validator keeps four times
/// `--max-findings` errors, counting the rest.
#[test]
fn any_schema_keeps_the_tree_and_the_errors_within_their_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("strings.json");
    std::fs::write(
        &schema,
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object", "properties": {"list": {"type": "array", "items": {"type": "string"}}}}"#,
    )
    .unwrap();
    let payload = dir.path().join("numbers.json");
    std::fs::write(
        &payload,
        format!("{{\"list\": [{}0]}}", "0,".repeat(299_999)),
    )
    .unwrap();
    let out = run(&[
        "--format",
        "json",
        "validate",
        "--schema",
        schema.to_str().unwrap(),
        "--max-findings",
        "10",
        payload.to_str().unwrap(),
    ]);
    let report = lines(&out);
    let errors = report[0]["errors"].as_array().unwrap();
    let messages: Vec<&str> = errors
        .iter()
        .filter(|e| e["keyword"] == "limit")
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with(
            "judged on the first 131072 items of each longer array only: /list (300000 items)"
        ) && !m.contains("typed decode")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains(&format!(
            "{} more errors were found and not kept (the validator keeps 1000)",
            131_072 - 1_000
        ))),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("990 more findings were cut")),
        "{messages:?}"
    );
}
