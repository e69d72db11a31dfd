//! The Clerk fixtures against the schema and the generated types.
//!
//! `tests/fixtures/clerk/verdicts.json` records, for every fixture, the kind
//! it is judged as and whether it conforms to the strict schema and decodes
//! into the generated type. These tests hold the judge (and so the schema
//! and the types) to those records, check that the payloads composed for
//! kinds no recording covers (`composed/`) say what they were composed from
//! and conform, and check the schema against the model inventory in
//! `tests/data/model_inventory.json`.
#![cfg(feature = "validate")]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use support::{full, judge, recorded, walk::Schema};

/// Every fixture file has exactly one verdict, and every verdict a fixture.
#[test]
fn every_fixture_has_a_recorded_verdict() {
    let files: BTreeSet<String> = support::fixture_files().into_iter().collect();
    let mut seen = BTreeMap::new();
    let mut problems = Vec::new();
    for r in recorded() {
        if let Some(first) = seen.insert(r.file.clone(), r.kind.clone()) {
            problems.push(format!(
                "{} is listed twice (as {first} and {})",
                r.file, r.kind
            ));
        }
        if !files.contains(&r.file) {
            problems.push(format!("verdict for {}: no such fixture", r.file));
        }
        if judge().kind(&r.kind).map(|k| k.name) != Some(r.kind.as_str()) {
            problems.push(format!(
                "verdict for {}: kind {} is not a schema def",
                r.file, r.kind
            ));
        }
        if r.conforms && !r.decodes {
            problems.push(format!(
                "verdict for {}: conforms but does not decode?",
                r.file
            ));
        }
        if r.reason.trim().is_empty() {
            problems.push(format!("verdict for {}: no reason", r.file));
        }
        match (&r.findings, r.conforms) {
            (None, false) => problems.push(format!(
                "verdict for {}: does not conform, and lists no findings",
                r.file
            )),
            (Some(_), true) => problems.push(format!(
                "verdict for {}: conforms, and lists findings",
                r.file
            )),
            (Some(list), false) if list.is_empty() || !list.is_sorted() => problems.push(format!(
                "verdict for {}: findings must be listed, sorted",
                r.file
            )),
            _ => {}
        }
    }
    for file in &files {
        if !seen.contains_key(file) {
            problems.push(format!("fixture {file} has no entry in verdicts.json"));
        }
    }
    assert!(files.len() >= 88, "only {} fixtures found", files.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The judge's `conforms` and `decodes` equal the recorded ones, and a
/// fixture that does not conform gets exactly the findings recorded for it
/// (each a JSON pointer and a keyword; drift included).
#[test]
fn recorded_verdicts_hold() {
    let mut problems = Vec::new();
    for r in recorded() {
        let verdict = match full(Some(&r.kind), &r.text()) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{}: {e}", r.file));
                continue;
            }
        };
        if (verdict.conforms(), verdict.decodes()) != (r.conforms, r.decodes) {
            problems.push(format!(
                "{}: recorded conforms={} decodes={} ({}), judged:\n  {verdict}",
                r.file, r.conforms, r.decodes, r.reason
            ));
        }
        let mut found: Vec<(String, String)> = verdict
            .findings
            .iter()
            .map(|f| (f.pointer.clone(), f.keyword.clone()))
            .collect();
        found.sort();
        found.dedup();
        if found != r.findings.clone().unwrap_or_default() {
            problems.push(format!(
                "{}: recorded findings {:?}, judged {found:?}",
                r.file, r.findings
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each live recording (`flutter/`) conforms and decodes into its kind, and
/// its kind is the one [`Judge::detect`] tells from its shape.
#[test]
fn live_recordings_conform_and_decode() {
    let live: Vec<_> = recorded().into_iter().filter(|r| r.is_live()).collect();
    assert_eq!(live.len(), 29, "the 29 live recordings");
    let mut problems = Vec::new();
    for r in live {
        let text = r.text();
        let verdict = full(Some(&r.kind), &text).expect("judged");
        if !verdict.conforms() || !verdict.decodes() {
            problems.push(format!("{}: {verdict}", r.file));
        }
        let value: Value = serde_json::from_str(&text).expect("JSON");
        let detected = judge().detect(&value);
        if detected != Some(r.kind.as_str()) {
            problems.push(format!(
                "{}: recorded as {}, detected as {detected:?}",
                r.file, r.kind
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every composed payload (`composed/`) says what it was composed from, and
/// conforms, decodes and round-trips; no other fixture has a `composed` field.
#[test]
fn composed_fixtures_say_what_they_come_from_and_conform() {
    let mut composed = 0;
    let mut problems = Vec::new();
    for r in recorded() {
        match (r.is_composed(), &r.composed) {
            (true, Some(from)) if !from.trim().is_empty() => {}
            (true, _) => problems.push(format!(
                "{}: a composed fixture needs a `composed` field saying what it was composed from",
                r.file
            )),
            (false, Some(_)) => problems.push(format!(
                "{}: only fixtures under composed/ have a `composed` field",
                r.file
            )),
            (false, None) => {}
        }
        if !r.is_composed() {
            continue;
        }
        composed += 1;
        let verdict = full(Some(&r.kind), &r.text()).expect("judged");
        if !(r.conforms && r.decodes) {
            problems.push(format!("{}: recorded as not conforming", r.file));
        }
        if !verdict.conforms() || !verdict.decodes() || !verdict.round_trips() {
            problems.push(format!("{}: {verdict}", r.file));
        }
    }
    assert!(composed >= 40, "only {composed} composed fixtures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Where the kind can be told from the payload's shape, it is the recorded
/// one, or (`shape_tells`) the other kind the same body also is, which
/// conforms too: only the endpoint tells them apart.
#[test]
fn detected_kinds_match_the_recorded_ones() {
    let mut detected = 0;
    let mut problems = Vec::new();
    for r in recorded() {
        let value: Value = serde_json::from_str(&r.text()).expect("JSON");
        let found = judge().detect(&value);
        match (&r.shape_tells, found) {
            (Some(other), found) => {
                if found != Some(other.as_str()) {
                    problems.push(format!(
                        "{}: shape_tells {other}, detected {found:?}",
                        r.file
                    ));
                }
                let as_other = judge().judge_value(other, &value).expect("judged");
                if !(as_other.conforms() && as_other.decodes()) {
                    problems.push(format!("{}: as {other}: {as_other}", r.file));
                }
            }
            (None, Some(kind)) if kind != r.kind => problems.push(format!(
                "{}: recorded as {}, detected as {kind}",
                r.file, r.kind
            )),
            _ => {}
        }
        detected += usize::from(found.is_some());
        // What the API sends is always placed: one kind, or (an empty list
        // or page, a body two endpoints share) the few it fits.
        if (r.is_live() || r.is_composed())
            && judge().rules().detection(&value) == clerk_models::judge::kind::Detection::Unknown
        {
            problems.push(format!("{}: no kind fits its shape", r.file));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(detected >= 95, "only {detected} fixtures detected");
}

/// Every payload that decodes encodes back to the same JSON (`null` and
/// absent kept apart, member order aside).
#[test]
fn decoded_fixtures_round_trip() {
    let mut decoded = 0;
    let mut problems = Vec::new();
    for r in recorded() {
        let verdict = full(Some(&r.kind), &r.text()).expect("judged");
        if verdict.decodes() {
            decoded += 1;
            if !verdict.round_trips() {
                problems.push(format!("{}: {verdict}", r.file));
            }
        }
    }
    assert!(decoded >= 72, "only {decoded} fixtures decode");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Counts the schema's objects and properties, and checks that every object
/// and property of the model inventory is in the schema (and that what the
/// inventory excludes is not).
#[test]
fn model_inventory_is_in_the_schema() {
    let schema = Schema::new(judge());
    let objects = schema.object_defs();
    let properties: usize = objects
        .iter()
        .map(|k| schema.properties(schema.def(k)).len())
        .sum();
    let defs = schema.kinds().len();
    let files = clerk_models::schema::SCHEMA_FILES.len();
    println!(
        "schema: {files} files, {defs} defs, {} object defs, {properties} properties",
        objects.len()
    );
    assert!(
        objects.len() >= 40 && properties >= 350,
        "{} objects, {properties} properties",
        objects.len()
    );
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let size = format!(
        "{defs} definitions ({} objects), {properties} properties",
        objects.len()
    );
    support::readme::check_section(&readme, "schema-size", &size).unwrap_or_else(|e| panic!("{e}"));

    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/model_inventory.json");
    let inventory: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("inventory")).expect("JSON");
    let mut problems = Vec::new();
    let (mut listed_objects, mut listed_properties) = (0, 0);
    for object in inventory["objects"].as_array().expect("objects") {
        let name = object["name"].as_str().unwrap_or("?");
        let Some(def) = object["def"].as_str() else {
            problems.push(format!("inventory {name}: no def"));
            continue;
        };
        if judge().kind(def).map(|k| k.name) != Some(def) {
            problems.push(format!("inventory {name}: def {def} is not in the schema"));
            continue;
        }
        listed_objects += 1;
        let props: BTreeSet<&str> = schema
            .properties(schema.def(def))
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        for p in object["properties"].as_array().into_iter().flatten() {
            let p = p.as_str().expect("property names are strings");
            listed_properties += 1;
            if !props.contains(p) {
                problems.push(format!("inventory {name}: property {p} is not in {def}"));
            }
        }
        for ex in object["excluded"].as_array().into_iter().flatten() {
            let p = ex["property"].as_str().unwrap_or("?");
            if props.contains(p) {
                problems.push(format!(
                    "inventory {name}: excluded {p} is in {def} after all"
                ));
            }
            if ex["why"].as_str().is_none_or(|w| w.trim().is_empty()) {
                problems.push(format!("inventory {name}: excluded {p} has no why"));
            }
        }
    }
    let excluded_objects = inventory["excluded_objects"].as_array().map_or(0, Vec::len);
    println!(
        "inventory: {listed_objects} objects and {listed_properties} properties found in the schema \
         ({excluded_objects} objects excluded)"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
