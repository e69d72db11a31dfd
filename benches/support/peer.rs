//! The peer: the `jsonschema` crate's runtime validator over the same
//! embedded schema, as the tests' reference builds it (`tests/support/
//! oracle.rs`: every file registered offline, draft 2020-12, the integer
//! `format`s asserted), compiled once per kind and called directly.

#![allow(dead_code)]

use jsonschema::Validator;
use serde_json::Value;

/// A validator for one kind (a `$defs` name), compiled once.
pub fn validator(kind: &str) -> &'static Validator {
    let judge = clerk_models::judge::Judge::new().expect("the embedded schema loads");
    let kind = judge.kind(kind).expect("a kind");
    crate::oracle::validator(kind.file, kind.pointer).expect("the kind compiles")
}

/// Every error, with its location (instance pointer) and message: what a
/// caller of `iter_errors` reports.
pub fn all_errors(validator: &Validator, value: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(value)
        .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
        .collect()
}
