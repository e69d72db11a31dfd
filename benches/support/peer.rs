//! The peer: the `jsonschema` crate's runtime validator over the same
//! embedded schema, built the way `src/judge.rs` builds it (every file of
//! `clerk_models::schema::SCHEMA_FILES` registered under
//! `https://clerk-models.invalid/schema/<file>`, draft 2020-12, offline, the
//! integer `format`s asserted by the same custom keyword), but compiled here
//! once per kind and called directly, with no judge around it.

#![allow(dead_code)]

use clerk_models::judge::formats::factory;
use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use clerk_models::judge::BASE_URI;

/// The registry of every embedded schema document.
pub fn registry() -> Registry<'static> {
    let documents = clerk_models::schema::SCHEMA_FILES
        .iter()
        .map(|(file, text)| {
            let doc: Value = serde_json::from_str(text).expect("the embedded schema is JSON");
            (format!("{BASE_URI}{file}"), doc)
        });
    Registry::new()
        .draft(Draft::Draft202012)
        .retrieve_known_draft_meta_schemas(false)
        .extend(documents)
        .and_then(|builder| builder.prepare())
        .expect("the embedded schema registers")
}

/// The file whose `$defs` holds `kind`.
fn file_of(kind: &str) -> &'static str {
    clerk_models::schema::SCHEMA_FILES
        .iter()
        .find(|(_, text)| {
            let doc: Value = serde_json::from_str(text).unwrap();
            doc.pointer(&format!("/$defs/{kind}")).is_some()
        })
        .map(|(file, _)| *file)
        .unwrap_or_else(|| panic!("no schema file defines {kind}"))
}

/// A validator for one kind (a `$defs` name), compiled once.
pub fn validator(registry: &Registry<'static>, kind: &str) -> Validator {
    let wrapper = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("{BASE_URI}{}#/$defs/{kind}", file_of(kind)),
    });
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_keyword("format", factory)
        .with_registry(registry)
        .offline()
        .build(&wrapper)
        .expect("the kind compiles")
}

/// Every error, with its location (instance pointer) and message: what a
/// caller of `iter_errors` reports.
pub fn all_errors(validator: &Validator, value: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(value)
        .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
        .collect()
}
