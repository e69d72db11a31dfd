//! The conformance kit (`generated/kit/`, JSON-Schema-Test-Suite format) run
//! by the project's own harness: every test's verdict is the judge's, by the
//! contract (the generated validators and types) and by the published
//! bundle read as any schema (`validate --schema`).
#![cfg(feature = "any-schema")]

mod support;

use clerk_models::judge::any::{LoadOptions, SchemaSet};
use clerk_models::judge::Limits;
use serde_json::Value;
use std::path::Path;

/// The kit's groups, read from `generated/kit/<file>`.
fn kit(file: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("generated/kit")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    match serde_json::from_str(&text).unwrap() {
        Value::Array(groups) => groups,
        other => panic!("{path:?} is not a list of groups: {other}"),
    }
}

/// The bundle a kit refers to, as `validate --schema` reads it.
fn bundle(file: &str) -> SchemaSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("generated/schema")
        .join(file);
    SchemaSet::load(&path, &LoadOptions::default()).unwrap()
}

/// The kind a group judges, from its schema's `$ref` (`<$id>#/$defs/Kind`),
/// which must name the bundle's `$id`.
fn kind(group: &Value, id: &str) -> String {
    let reference = group["schema"]["$ref"].as_str().unwrap();
    let kind = reference
        .strip_prefix(&format!("{id}#/$defs/"))
        .unwrap_or_else(|| panic!("{reference} does not refer to {id}"));
    assert_eq!(group["description"], kind);
    kind.to_owned()
}

/// Runs one kit: `(judged, valid)`. `contract` gives the contract judge's
/// verdict on a payload of a kind.
fn run(file: &str, bundle_file: &str, contract: impl Fn(&str, &str) -> bool) -> (usize, usize) {
    let set = bundle(bundle_file);
    let id = serde_json::from_str::<Value>(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("generated/schema")
                .join(bundle_file),
        )
        .unwrap(),
    )
    .unwrap()["$id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut disagreements = Vec::new();
    let (mut judged, mut valid) = (0, 0);
    for group in kit(file) {
        let kind = kind(&group, &id);
        let root = set.root(Some(&format!("#/$defs/{kind}"))).unwrap();
        let judge = set.judge(root, Limits::default()).unwrap();
        for test in group["tests"].as_array().unwrap() {
            let expected = test["valid"].as_bool().unwrap();
            let text = test["data"].to_string();
            let by_contract = contract(&kind, &text);
            let by_bundle = judge.judge_value(&test["data"]).unwrap().conforms();
            if by_contract != expected || by_bundle != expected {
                disagreements.push(format!(
                    "{kind}: {}: kit says {expected}, the contract {by_contract}, the bundle {by_bundle}",
                    test["description"]
                ));
            }
            judged += 1;
            valid += usize::from(expected);
        }
    }
    assert!(disagreements.is_empty(), "{file}: {disagreements:#?}");
    println!("{file}: {judged} tests, {valid} valid, all verdicts equal");
    (judged, valid)
}

/// The strict kit: the contract's verdict (the schema's, which the types
/// agree with) and the strict bundle's equal the recorded ones; every
/// recording is in it, and drift cases (an unknown property, an unknown
/// enum value), which the strict contract rejects.
#[test]
fn the_strict_kit_is_judged_as_recorded() {
    let (judged, valid) = run("clerk.kit.json", "clerk.schema.json", |kind, text| {
        support::full(Some(kind), text).unwrap().conforms()
    });
    let recorded = support::recorded();
    let conforming = recorded.iter().filter(|r| r.conforms).count();
    let kinds: std::collections::BTreeSet<&str> =
        recorded.iter().map(|r| r.kind.as_str()).collect();
    assert!(judged > recorded.len(), "{judged}");
    // At most two drift cases a kind: an unknown property, an unknown value.
    assert!(judged <= recorded.len() + 2 * kinds.len(), "{judged}");
    assert_eq!(valid, conforming);
}

/// The tolerant kit: the types decode exactly what the tolerant bundle
/// accepts, drift cases included.
#[test]
fn the_tolerant_kit_is_judged_as_the_types_decode() {
    let (judged, valid) = run(
        "clerk.tolerant.kit.json",
        "clerk.tolerant.schema.json",
        |kind, text| support::full(Some(kind), text).unwrap().decodes(),
    );
    let recorded = support::recorded();
    let decoding = recorded.iter().filter(|r| r.decodes).count();
    // Every recording the types decode, and every drift case.
    assert_eq!(valid, decoding + (judged - recorded.len()));
}
