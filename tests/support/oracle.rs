//! The reference the generated validators are held to: the `jsonschema`
//! crate, offline, over the embedded schema files, its errors turned into
//! the judge's findings the way the judge classifies its own. (The
//! benchmarks compare with the same validators.)
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use clerk_models::judge::{findings_of, DriftKind, Finding, Judge, RawError};
use clerk_models::models::__schemagen::{short, short_str};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::Value;

/// The base URI the embedded files are registered under (never fetched:
/// the `.invalid` host cannot exist, and no retriever is built in).
pub const BASE_URI: &str = "https://clerk-models.invalid/schema/";

/// Every finding of the `jsonschema` crate on `value` as the kind named
/// `kind` (a `$defs` name of the embedded schema).
pub fn reference(judge: &Judge, kind: &str, value: &Value) -> Result<Vec<Finding>, String> {
    let kind = judge.kind(kind).ok_or_else(|| format!("no kind {kind}"))?;
    let validator = validator(kind.file, kind.pointer)?;
    let mut errors = Vec::new();
    for error in validator.iter_errors(value) {
        raw(&error, &mut errors);
    }
    Ok(findings_of(errors, value))
}

/// The compiled validator of one definition (compiled once per binary).
pub fn validator(file: &'static str, pointer: &'static str) -> Result<&'static Validator, String> {
    static CACHE: OnceLock<Mutex<BTreeMap<(&str, &str), &'static Validator>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(&(file, pointer)) {
        return Ok(v);
    }
    let wrapper = serde_json::json!({
        "$schema": schemakit::Draft::Draft2020_12.uri(),
        "$ref": format!("{BASE_URI}{file}#{pointer}"),
    });
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_keyword("format", clerk_models::judge::any::format_keyword)
        .with_registry(registry())
        .offline()
        .build(&wrapper)
        .map_err(|e| e.to_string())?;
    let validator: &'static Validator = Box::leak(Box::new(validator));
    cache.lock().unwrap().insert((file, pointer), validator);
    Ok(validator)
}

/// The embedded schema files, registered offline.
pub fn registry() -> &'static Registry<'static> {
    static REGISTRY: OnceLock<Registry<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let documents = clerk_models::schema::SCHEMA_FILES
            .iter()
            .map(|(file, text)| {
                let doc: Value = serde_json::from_str(text).expect("the embedded files are JSON");
                (format!("{BASE_URI}{file}"), doc)
            });
        Registry::new()
            .draft(Draft::Draft202012)
            .retrieve_known_draft_meta_schemas(false)
            .extend(documents)
            .and_then(|builder| builder.prepare())
            .expect("the embedded files form a registry")
    })
}

/// An error of the `jsonschema` crate as the judge's raw errors (one error
/// may become several: `additionalProperties` names every unknown property
/// at once).
fn raw(error: &ValidationError<'_>, out: &mut Vec<RawError>) {
    let at = error.instance_path().as_str();
    let keyword = error.kind().keyword().to_owned();
    let schema_path = error.schema_path().as_str().to_owned();
    let instance = error.instance();
    let node = |pointer: String, message: String, drift: Option<DriftKind>| RawError {
        pointer,
        keyword: keyword.clone(),
        message,
        schema_path: schema_path.clone(),
        drift,
        context: Vec::new(),
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected }
            if !unexpected.is_empty() =>
        {
            for name in unexpected {
                out.push(node(
                    schemakit::pointer::push(at, name),
                    format!(
                        "unknown property {}: the schema does not list it",
                        short_str(name)
                    ),
                    Some(DriftKind::UnknownProperty),
                ));
            }
        }
        ValidationErrorKind::Enum { options }
            if instance.is_string()
                && options
                    .as_array()
                    .is_some_and(|o| !o.is_empty() && o.iter().all(Value::is_string)) =>
        {
            out.push(node(
                at.to_owned(),
                format!(
                    "unknown value {}: the schema lists {}",
                    short(instance),
                    short(options)
                ),
                Some(DriftKind::UnknownEnumValue),
            ));
        }
        ValidationErrorKind::Constant { expected_value }
            if instance.is_string() && expected_value.is_string() =>
        {
            out.push(node(
                at.to_owned(),
                format!(
                    "unknown value {}: the schema expects {}",
                    short(instance),
                    short(expected_value)
                ),
                Some(DriftKind::UnknownEnumValue),
            ));
        }
        kind => {
            let context = match kind {
                ValidationErrorKind::AnyOf { context }
                | ValidationErrorKind::OneOfNotValid { context } => context
                    .iter()
                    .map(|branch| {
                        let mut nodes = Vec::new();
                        for e in branch {
                            raw(e, &mut nodes);
                        }
                        nodes
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let message = error.masked_with(short(instance)).to_string();
            out.push(RawError {
                context,
                ..node(at.to_owned(), message, None)
            });
        }
    }
}
