//! The peer: the `jsonschema` crate's runtime validator over the same
//! embedded schema, built the way `src/judge.rs` builds it (every file of
//! `clerk_models::schema::SCHEMA_FILES` registered under
//! `https://clerk-models.invalid/schema/<file>`, draft 2020-12, offline, the
//! integer `format`s asserted by the same custom keyword), but compiled here
//! once per kind and called directly, with no judge around it.

#![allow(dead_code)]

use jsonschema::{paths::Location, Draft, Keyword, Registry, ValidationError, Validator};
use serde_json::{Map, Value};

const BASE_URI: &str = "https://clerk-models.invalid/schema/";

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

/// The integer widths `format` names, as `src/judge/formats.rs` asserts them
/// (a copy: that module is private).
fn range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        _ => return None,
    })
}

struct IntegerFormat {
    name: String,
    range: Option<(i128, i128)>,
}

impl IntegerFormat {
    fn holds(&self, instance: &Value) -> bool {
        let (Some((min, max)), Value::Number(n)) = (self.range, instance) else {
            return true;
        };
        let exact = n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from));
        exact.is_some_and(|i| (min..=max).contains(&i))
    }
}

impl<'i> Keyword<'i> for IntegerFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.holds(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} is not an {} (an integer literal in range)",
                self.name
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.holds(instance)
    }
}

fn factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let name = value.as_str().unwrap_or_default().to_owned();
    let range = range(&name);
    Ok(Box::new(IntegerFormat { name, range }))
}
