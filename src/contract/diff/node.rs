//! What the schema differ reads off one schema node: the JSON types it
//! admits, the values it is restricted to, its text with documentation left
//! out, and which keywords bound or otherwise constrain a value.

use crate::contract::walk::DRAFT;
use schemakit::keywords::{Bound, Family, KEYWORDS};
use schemakit::pointer;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub(super) const NULL: &str = "null";

/// `minContains` and `maxContains` bound how many items `contains` matches:
/// they are compared for equality, with `contains` itself.
const COUNTS_OF_CONTAINS: &[&str] = &["minContains", "maxContains"];

/// The families of the validation keywords.
const VALIDATION: &[Family] = &[
    Family::Composition,
    Family::Conditional,
    Family::Numeric,
    Family::String,
    Family::Array,
    Family::Object,
    Family::Content,
];

/// Validation keywords the differ compares on their own: types and unions
/// ([`types`], [`allowed`]), objects and arrays (`Differ::object`,
/// `Differ::array`).
const COMPARED_APART: &[&str] = &[
    "anyOf",
    "oneOf",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
];

/// Validation keywords the differ does not compare (as before it took its
/// keywords from schemakit's table; a candidate for `constraint-changed`).
const NOT_COMPARED: &[&str] = &["contentSchema"];

/// The 2020-12 keywords that bound a value (`minimum`, `maxLength`…), each
/// with whether it is a lower bound.
pub(super) fn bounds() -> impl Iterator<Item = (&'static str, bool)> {
    KEYWORDS
        .iter()
        .filter(|k| k.in_draft(DRAFT) && !COUNTS_OF_CONTAINS.contains(&k.name))
        .filter_map(|k| Some((k.name, k.bound? == Bound::Lower)))
}

/// The other 2020-12 validation keywords, compared only for equality.
pub(super) fn other_constraints() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .filter(|k| k.in_draft(DRAFT) && VALIDATION.contains(&k.family))
        .filter(|k| k.bound.is_none() || COUNTS_OF_CONTAINS.contains(&k.name))
        .map(|k| k.name)
        .filter(|name| !COMPARED_APART.contains(name) && !NOT_COMPARED.contains(name))
}

/// The set of things a schema admits, coarsely: JSON types, `ref Name` for
/// references, `schema …` for union branches that are more than a type or a
/// reference, and `null`.
pub(super) fn types(node: &Map<String, Value>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        set.insert(format!("ref {}", ref_name(reference)));
    }
    match node.get("type") {
        Some(Value::String(t)) => {
            set.insert(t.clone());
        }
        Some(Value::Array(ts)) => {
            set.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
        }
        _ => {}
    }
    for keyword in ["anyOf", "oneOf"] {
        for branch in node
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match branch.as_object() {
                Some(b) if is_simple(b) => set.extend(types(b)),
                _ => {
                    set.insert(format!("schema {}", canonical(branch)));
                }
            }
        }
    }
    if node.get("const") == Some(&Value::Null)
        || node
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.contains(&Value::Null))
    {
        set.insert(NULL.into());
    }
    let typed = set.iter().any(|t| t != NULL);
    if !typed {
        if let Some(c) = node.get("const").filter(|c| !c.is_null()) {
            set.insert(json_type(c).into());
        } else if let Some(values) = node.get("enum").and_then(Value::as_array) {
            set.extend(
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| json_type(v).to_owned()),
            );
        } else if node.contains_key("properties") {
            set.insert("object".into());
        } else if node.contains_key("items") || node.contains_key("prefixItems") {
            set.insert("array".into());
        }
    }
    set
}

/// A union branch that is only a type, a reference, or a list of values
/// (plus documentation).
fn is_simple(branch: &Map<String, Value>) -> bool {
    branch.keys().all(|k| {
        matches!(
            k.as_str(),
            "type" | "$ref" | "enum" | "const" | "description" | "title" | "$comment" | "examples"
        )
    }) && (branch.get("type").is_none() || branch.get("$ref").is_none())
}

/// The non-null values a schema is restricted to, if it is: its `const` or
/// `enum`, or those of every (non-null) branch of its `anyOf`/`oneOf`.
pub(super) fn allowed(node: &Map<String, Value>) -> Option<Vec<Value>> {
    let own = match (node.get("const"), node.get("enum")) {
        (Some(c), _) => Some(vec![c.clone()]),
        (None, Some(Value::Array(values))) => Some(values.clone()),
        _ => None,
    };
    let values = own.or_else(|| {
        let branches = node
            .get("anyOf")
            .or_else(|| node.get("oneOf"))?
            .as_array()?;
        let mut all = Vec::new();
        for branch in branches {
            let branch = branch.as_object()?;
            if branch.get("type").and_then(Value::as_str) == Some(NULL) {
                continue;
            }
            all.extend(allowed(branch)?);
        }
        Some(all)
    })?;
    let mut out: Vec<Value> = Vec::new();
    for value in values.into_iter().filter(|v| !v.is_null()) {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Some(out)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `Name` of `#/$defs/Name…`.
fn ref_name(reference: &str) -> String {
    let name = reference
        .strip_prefix("#/$defs/")
        .map_or(reference, |r| r.split('/').next().unwrap_or(r));
    pointer::unescape(name).into_owned()
}

/// A schema as text, keys sorted and documentation left out, so that two
/// schemas that admit the same values compare equal.
pub(super) fn canonical(value: &Value) -> String {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(m) => {
                let sorted: BTreeMap<&String, Value> = m
                    .iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "description" | "title" | "examples" | "$comment" | "deprecated"
                        )
                    })
                    .map(|(k, v)| (k, strip(v)))
                    .collect();
                Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(value).to_string()
}

pub(super) fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "none".to_owned(), Value::to_string)
}

pub(super) fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "any".to_owned();
    }
    let parts: Vec<&str> = set
        .iter()
        .map(|t| t.strip_prefix("ref ").unwrap_or(t))
        .collect();
    parts.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_come_from_schemakit_as_the_differ_had_them() {
        let mut bounds: Vec<_> = bounds().collect();
        bounds.sort();
        assert_eq!(
            bounds,
            [
                ("exclusiveMaximum", false),
                ("exclusiveMinimum", true),
                ("maxItems", false),
                ("maxLength", false),
                ("maxProperties", false),
                ("maximum", false),
                ("minItems", true),
                ("minLength", true),
                ("minProperties", true),
                ("minimum", true),
            ]
        );
        let mut others: Vec<_> = other_constraints().collect();
        others.sort();
        assert_eq!(
            others,
            [
                "allOf",
                "contains",
                "contentEncoding",
                "contentMediaType",
                "dependentRequired",
                "dependentSchemas",
                "else",
                "if",
                "maxContains",
                "minContains",
                "multipleOf",
                "not",
                "pattern",
                "patternProperties",
                "propertyNames",
                "then",
                "uniqueItems",
            ]
        );
    }
}
