//! The reference the generated validators are held to: the `jsonschema`
//! crate, offline, over a set of schema files (the embedded ones, or a test
//! schema's), its errors turned into the judge's raw errors, and the two
//! compared error for error with their schema places normalised. (The
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

/// The `jsonschema` crate over one set of schema documents, registered
/// offline, with a validator compiled once per definition.
pub struct Oracle {
    base: String,
    registry: Registry<'static>,
    cache: Mutex<BTreeMap<(String, String), &'static Validator>>,
}

impl Oracle {
    /// The documents `files` (file name, JSON text), registered under `base`.
    pub fn new(base: &str, files: &[(&str, &str)]) -> Result<Oracle, String> {
        let mut documents = Vec::new();
        for (file, text) in files {
            let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
            documents.push((format!("{base}{file}"), doc));
        }
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .retrieve_known_draft_meta_schemas(false)
            .extend(documents)
            .and_then(|builder| builder.prepare())
            .map_err(|e| e.to_string())?;
        Ok(Oracle {
            base: base.to_owned(),
            registry,
            cache: Mutex::default(),
        })
    }

    /// The compiled validator of one definition (compiled once).
    pub fn validator(&self, file: &str, pointer: &str) -> Result<&'static Validator, String> {
        let key = (file.to_owned(), pointer.to_owned());
        if let Some(v) = self.cache.lock().unwrap().get(&key) {
            return Ok(v);
        }
        let wrapper = serde_json::json!({
            "$schema": schemakit::Draft::Draft2020_12.uri(),
            "$ref": format!("{}{file}#{pointer}", self.base),
        });
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_keyword("format", clerk_models::judge::any::format_keyword)
            .with_registry(&self.registry)
            .offline()
            .build(&wrapper)
            .map_err(|e| e.to_string())?;
        let validator: &'static Validator = Box::leak(Box::new(validator));
        self.cache.lock().unwrap().insert(key, validator);
        Ok(validator)
    }

    /// Every error of the `jsonschema` crate on `value` as the kind named
    /// `kind`, as raw errors (before they are classified or an `anyOf`
    /// reduced), each schema location the keyword's absolute one.
    pub fn raw(&self, judge: &Judge, kind: &str, value: &Value) -> Result<Vec<RawError>, String> {
        let kind = judge.kind(kind).ok_or_else(|| format!("no kind {kind}"))?;
        let validator = self.validator(kind.file, kind.pointer)?;
        let mut errors = Vec::new();
        for error in validator.iter_errors(value) {
            raw(&error, &mut errors);
        }
        Ok(errors)
    }
}

/// The oracle of the embedded Clerk schema.
pub fn clerk() -> &'static Oracle {
    static ORACLE: OnceLock<Oracle> = OnceLock::new();
    ORACLE.get_or_init(|| {
        Oracle::new(BASE_URI, clerk_models::schema::SCHEMA_FILES)
            .expect("the embedded files form a registry")
    })
}

/// The `jsonschema` crate over the published bundles
/// (`generated/schema/clerk.schema.json` and `clerk.tolerant.schema.json`,
/// in the rewritten forms other tools read), with the integer formats
/// asserted as the contract's validators do.
pub fn published() -> &'static Oracle {
    static ORACLE: OnceLock<Oracle> = OnceLock::new();
    ORACLE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/schema");
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
        let (strict, tolerant) = (read(PUBLISHED[0]), read(PUBLISHED[1]));
        Oracle::new(
            "https://clerk-models.invalid/published/",
            &[(PUBLISHED[0], &strict), (PUBLISHED[1], &tolerant)],
        )
        .expect("the published bundles form a registry")
    })
}

/// The strict and the tolerant bundle's file names.
pub const PUBLISHED: [&str; 2] = ["clerk.schema.json", "clerk.tolerant.schema.json"];

/// Every finding of the `jsonschema` crate on `value` as the kind named
/// `kind` (a `$defs` name of the embedded schema).
pub fn reference(judge: &Judge, kind: &str, value: &Value) -> Result<Vec<Finding>, String> {
    Ok(findings_of(clerk().raw(judge, kind, value)?, value))
}

/// The compiled validator of one definition of the embedded schema.
pub fn validator(file: &'static str, pointer: &'static str) -> Result<&'static Validator, String> {
    clerk().validator(file, pointer)
}

/// A keyword's place in the schema as both implementations can name it:
/// the file's name and the pointer, decoded (`client.json#/$defs/Client/type`
/// from `schema/client.json#…` and from `https://…/schema/client.json#…`).
pub fn place(schema_path: &str) -> String {
    let (file, pointer) = schema_path.split_once('#').unwrap_or((schema_path, ""));
    let name = file.rsplit('/').next().unwrap_or(file);
    format!("{name}#{}", percent_decoded(pointer))
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One raw error as the comparison sees it: where in the instance, the
/// keyword, its place in the schema ([`place`]), whether it is drift, and
/// (for a failed `anyOf`/`oneOf`) each branch's errors, sorted. Messages
/// are left out: the two implementations word them differently.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    pub pointer: String,
    pub keyword: String,
    pub place: String,
    pub drift: Option<String>,
    pub branches: Vec<Vec<Node>>,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}` at {}", self.pointer, self.keyword, self.place)?;
        if let Some(drift) = &self.drift {
            write!(f, " (drift: {drift})")?;
        }
        for (i, branch) in self.branches.iter().enumerate() {
            let list: Vec<String> = branch.iter().map(ToString::to_string).collect();
            write!(f, " [branch {i}: {}]", list.join("; "))?;
        }
        Ok(())
    }
}

/// The errors as comparable nodes, sorted.
pub fn nodes(errors: &[RawError]) -> Vec<Node> {
    let mut out: Vec<Node> = errors
        .iter()
        .map(|e| Node {
            pointer: e.pointer.clone(),
            keyword: e.keyword.clone(),
            place: place(&e.schema_path),
            drift: e.drift.map(|d| format!("{d:?}")),
            branches: e.context.iter().map(|b| nodes(b)).collect(),
        })
        .collect();
    out.sort();
    out
}

/// What differs between two lists of raw errors (as multisets of
/// [`Node`]s): `None` when they are the same.
pub fn differences(ours: &[RawError], theirs: &[RawError]) -> Option<String> {
    let (ours, theirs) = (nodes(ours), nodes(theirs));
    if ours == theirs {
        return None;
    }
    let only = |a: &[Node], b: &[Node]| -> Vec<String> {
        let mut rest = b.to_vec();
        let mut out = Vec::new();
        for node in a {
            match rest.iter().position(|n| n == node) {
                Some(i) => {
                    rest.remove(i);
                }
                None => out.push(node.to_string()),
            }
        }
        out
    };
    Some(format!(
        "only the generated validator: {:?}; only the jsonschema crate: {:?}",
        only(&ours, &theirs),
        only(&theirs, &ours)
    ))
}

/// An error of the `jsonschema` crate as the judge's raw errors (one error
/// may become several: `additionalProperties` names every unknown property
/// at once).
fn raw(error: &ValidationError<'_>, out: &mut Vec<RawError>) {
    let at = error.instance_path().as_str();
    let keyword = clerk_models::judge::any::keyword_of(error);
    let schema_path = match error.absolute_keyword_location() {
        Some(uri) => uri.as_str().to_owned(),
        None => error.schema_path().as_str().to_owned(),
    };
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
