//! Telling a payload's kind from its shape, by rules derived from the schema
//! (the `object` discriminators, the envelopes, the error body, the deleted
//! marker), not from a hand-written list.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Judge;

/// How [`Judge::detect_kind`] tells kinds apart, derived from the schema.
#[derive(Debug, Default)]
pub(super) struct Detection {
    /// `object` discriminator value → the def whose `object` is that `const`
    /// (or lists it in its `enum`). Values claimed by two defs are left out.
    pub(super) by_object: BTreeMap<String, &'static str>,
    /// The def of `{..., "deleted": true}` markers.
    pub(super) deleted: Option<&'static str>,
    /// Response def → the envelope def `{response, client}` around it.
    pub(super) envelopes: BTreeMap<&'static str, &'static str>,
    /// The envelope whose `response` may be `null`.
    pub(super) null_response: Option<&'static str>,
    /// The error body def `{errors: [...]}`.
    pub(super) errors: Option<&'static str>,
}

impl Judge {
    /// The kind of a payload, told from its shape (the rules come from the
    /// schema, not from a hand-written list):
    ///
    /// * an envelope `{"response": ..., "client": ...}` is the envelope def
    ///   whose `response` is the def of the response object (by the rules
    ///   below); a `null` response is the envelope whose `response` is
    ///   nullable (`ClientEnvelope`);
    /// * `{"errors": [...]}` is the def that requires an `errors` array
    ///   (`ErrorEnvelope`);
    /// * an object with `"deleted": true` is the def that requires a boolean
    ///   `deleted` (`DeletedObject`);
    /// * another object is the def whose `properties.object` is a `const`
    ///   (or lists in its `enum`) the object's `object` string.
    ///
    /// `None` when no rule applies.
    pub fn detect_kind(&self, value: &Value) -> Option<&'static str> {
        let object = value.as_object()?;
        let d = &self.detection;
        if let Some(response) = object.get("response") {
            if response.is_null() {
                return d.null_response;
            }
            let inner = self.detect_bare(response)?;
            return d.envelopes.get(inner).copied();
        }
        if object.get("errors").is_some_and(Value::is_array) {
            return d.errors;
        }
        self.detect_bare(value)
    }

    fn detect_bare(&self, value: &Value) -> Option<&'static str> {
        let object = value.as_object()?;
        if object.get("deleted") == Some(&Value::Bool(true)) {
            if let Some(kind) = self.detection.deleted {
                return Some(kind);
            }
        }
        let discriminator = object.get("object")?.as_str()?;
        self.detection.by_object.get(discriminator).copied()
    }

    pub(super) fn derive_detection(&self) -> Detection {
        let mut d = Detection::default();
        let mut claimed: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
        let mut deleted = BTreeSet::new();
        let mut errors = BTreeSet::new();
        let mut envelopes: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
        let mut null_response = BTreeSet::new();
        for kind in &self.kinds {
            let Some((file, schema)) = self.kind_schema(kind.name) else {
                continue;
            };
            let props = schema.get("properties").and_then(Value::as_object);
            let required = |name: &str| {
                schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|v| v == name))
            };
            let Some(props) = props else { continue };
            if let Some(object) = props.get("object") {
                for value in self.string_values(file, object) {
                    claimed.entry(value).or_default().insert(kind.name);
                }
            }
            if required("deleted")
                && props
                    .get("deleted")
                    .is_some_and(|d| self.types_of(file, d).contains("boolean"))
            {
                deleted.insert(kind.name);
            }
            if required("errors")
                && props
                    .get("errors")
                    .is_some_and(|e| self.types_of(file, e).contains("array"))
            {
                errors.insert(kind.name);
            }
            if let (Some(response), true) = (props.get("response"), required("response")) {
                let (targets, nullable) = self.ref_targets(file, response);
                for target in targets {
                    envelopes.entry(target).or_default().insert(kind.name);
                }
                if nullable {
                    null_response.insert(kind.name);
                }
            }
        }
        let only = |set: BTreeSet<&'static str>| (set.len() == 1).then(|| *set.first().unwrap());
        d.by_object = claimed
            .into_iter()
            .filter_map(|(value, kinds)| only(kinds).map(|k| (value, k)))
            .collect();
        d.envelopes = envelopes
            .into_iter()
            .filter_map(|(target, kinds)| only(kinds).map(|k| (target, k)))
            .collect();
        d.deleted = only(deleted);
        d.errors = only(errors);
        d.null_response = only(null_response);
        d
    }

    /// The strings a property schema pins: its `const`, or its `enum`
    /// (following `$ref`s).
    fn string_values(&self, file: &str, schema: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let (_, schema) = self.follow(file, schema);
        if let Some(c) = schema.get("const").and_then(Value::as_str) {
            out.push(c.to_owned());
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        out
    }

    /// The JSON types a schema names with `type` (following `$ref`s and
    /// `anyOf`/`oneOf` branches).
    fn types_of(&self, file: &str, schema: &Value) -> BTreeSet<String> {
        let (file, schema) = self.follow(file, schema);
        let mut out = BTreeSet::new();
        match schema.get("type") {
            Some(Value::String(t)) => {
                out.insert(t.clone());
            }
            Some(Value::Array(ts)) => {
                out.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
        for key in ["anyOf", "oneOf"] {
            for branch in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.extend(self.types_of(file, branch));
            }
        }
        out
    }

    /// The kinds a property schema refers to (directly or as an `anyOf`/`oneOf`
    /// branch), and whether it also allows `null`.
    fn ref_targets(&self, file: &str, schema: &Value) -> (Vec<&'static str>, bool) {
        let mut targets = Vec::new();
        let mut nullable = false;
        let branches: Vec<&Value> = ["anyOf", "oneOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten()
            .chain(std::iter::once(schema))
            .collect();
        for branch in branches {
            if let Some(reference) = branch.get("$ref").and_then(Value::as_str) {
                if let Some(kind) = self.ref_kind(file, reference) {
                    targets.push(kind);
                }
            }
            if self.types_of(file, branch).contains("null") {
                nullable = true;
            }
        }
        (targets, nullable)
    }

    /// The kind a `$ref` names, if it names a whole def.
    fn ref_kind(&self, file: &str, reference: &str) -> Option<&'static str> {
        let (target, _) = self.resolve(file, reference)?;
        let pointer = reference.split_once('#')?.1;
        self.kinds
            .iter()
            .find(|k| k.file == target && k.pointer == pointer)
            .map(|k| k.name)
    }

    /// Follows `$ref`s from `schema` (in `file`) to a schema without one.
    fn follow<'s>(&'s self, mut file: &'s str, mut schema: &'s Value) -> (&'s str, &'s Value) {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some((f, s)) = self.resolve(file, reference) else {
                break;
            };
            (file, schema) = (f, s);
        }
        (file, schema)
    }
}
