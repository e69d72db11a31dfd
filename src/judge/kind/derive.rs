//! Deriving the kind rules from what the schema's definitions say: which
//! def claims which `object` value, which defs are envelopes, lists, pages,
//! the error body and the deleted marker, and the keys each def requires
//! and allows.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Fit, Rules};

/// What the derivation needs of the judge's kinds and documents.
pub trait Schemas {
    /// Every kind: (name, file, its schema).
    fn kind_schemas(&self) -> Vec<(&'static str, &'static str, &Value)>;
    /// The file and subschema a `$ref` in `file` points to.
    fn resolve(&self, file: &str, reference: &str) -> Option<(&'static str, &Value)>;
    /// The kind defined exactly at `file`, `pointer`.
    fn kind_at(&self, file: &str, pointer: &str) -> Option<&'static str>;
}

type Table = BTreeMap<&'static str, BTreeSet<&'static str>>;

impl Rules {
    /// The rules of a schema: each from what the kinds' definitions say.
    pub(in crate::judge) fn derive(schemas: &dyn Schemas) -> Rules {
        let reader = Reader(schemas);
        let mut claimed: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
        let mut fits = BTreeMap::new();
        let mut deleted = BTreeSet::new();
        let mut errors = BTreeSet::new();
        let mut envelopes = Table::new();
        let mut lists = Table::new();
        let mut pages = Table::new();
        let mut null_response = Vec::new();
        let mut referenced = BTreeSet::new();
        let mut objectless = Vec::new();
        for (name, file, schema) in schemas.kind_schemas() {
            reader.references(name, file, schema, &mut referenced);
            if let Some(item) = reader.items_kind(file, schema) {
                lists.entry(item).or_default().insert(name);
                continue;
            }
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                continue;
            };
            let required: Vec<String> = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            let requires = |key: &str| required.iter().any(|r| r == key);
            // Whether the def is told by something other than its keys alone.
            let mut role = false;
            if let Some(object) = props.get("object") {
                for value in reader.string_values(file, object) {
                    claimed.entry(value).or_default().insert(name);
                }
                // Where `object` is optional, a body may come without it.
                role = requires("object");
            }
            if requires("deleted")
                && props
                    .get("deleted")
                    .is_some_and(|d| reader.types_of(file, d).contains("boolean"))
            {
                deleted.insert(name);
                role = true;
            }
            if requires("errors")
                && props
                    .get("errors")
                    .is_some_and(|e| reader.types_of(file, e).contains("array"))
            {
                // Told apart by their keys where several have an `errors`
                // array (an error body, a bulk result's failures).
                errors.insert(name);
            }
            if let (Some(response), true) = (props.get("response"), requires("response")) {
                let (targets, nullable) = reader.ref_targets(file, response);
                for &target in &targets {
                    envelopes.entry(target).or_default().insert(name);
                }
                if nullable {
                    let (clients, _) = props
                        .get("client")
                        .map(|c| reader.ref_targets(file, c))
                        .unwrap_or_default();
                    let wraps_its_client = targets.iter().any(|t| clients.contains(t));
                    null_response.push((name, wraps_its_client));
                }
                role = true;
            }
            if let Some(item) = props.get("data").and_then(|d| reader.items_kind(file, d)) {
                pages.entry(item).or_default().insert(name);
                role = true;
            }
            if !role && !props.is_empty() {
                objectless.push(name);
            }
            let closed = ["additionalProperties", "unevaluatedProperties"]
                .iter()
                .any(|k| schema.get(*k) == Some(&Value::Bool(false)));
            fits.insert(
                name,
                Fit {
                    required,
                    properties: props.keys().cloned().collect(),
                    closed,
                },
            );
        }
        let only = |set: BTreeSet<&'static str>| (set.len() == 1).then(|| *set.first().unwrap());
        let table = |t: Table| -> BTreeMap<&'static str, Vec<&'static str>> {
            t.into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect()
        };
        // A payload (or a `response`) may be a def without `object` only
        // where the schema puts one: in no other def, or in an envelope.
        objectless.retain(|name| !referenced.contains(name) || envelopes.contains_key(name));
        // The envelope that wraps its own client's type (the API's client
        // endpoints) first.
        null_response.sort_by_key(|&(name, wraps)| (!wraps, name));
        let null_preferred = null_response.iter().filter(|(_, wraps)| *wraps).count() == 1;
        Rules {
            by_object: claimed
                .into_iter()
                .map(|(value, kinds)| (value, kinds.into_iter().collect()))
                .collect(),
            fits,
            objectless,
            deleted: only(deleted),
            envelopes: table(envelopes),
            lists: table(lists),
            pages: table(pages),
            null_response: null_response.into_iter().map(|(name, _)| name).collect(),
            null_preferred,
            errors: errors.into_iter().collect(),
        }
    }
}

/// Reads the kinds' definitions, following `$ref`s among the documents.
struct Reader<'s>(&'s dyn Schemas);

impl<'s> Reader<'s> {
    /// The strings a property schema pins: its `const`, or its `enum`
    /// (following `$ref`s).
    fn string_values(&self, file: &'s str, schema: &'s Value) -> Vec<String> {
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
    /// `anyOf`/`oneOf` branches, to a bounded depth).
    fn types_of(&self, file: &'s str, schema: &'s Value) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack = vec![(file, schema, 0)];
        while let Some((file, schema, depth)) = stack.pop() {
            let (file, schema) = self.follow(file, schema);
            match schema.get("type") {
                Some(Value::String(t)) => {
                    out.insert(t.clone());
                }
                Some(Value::Array(ts)) => {
                    out.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
                }
                _ => {}
            }
            if depth < 8 {
                for key in ["anyOf", "oneOf"] {
                    for branch in schema
                        .get(key)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        stack.push((file, branch, depth + 1));
                    }
                }
            }
        }
        out
    }

    /// The kinds a property schema refers to (directly or as an `anyOf`/`oneOf`
    /// branch), and whether it also allows `null`.
    fn ref_targets(&self, file: &'s str, schema: &'s Value) -> (Vec<&'static str>, bool) {
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

    /// The kind an array schema's `items` refers to (following a `$ref` to
    /// the array schema first).
    fn items_kind(&self, file: &'s str, schema: &'s Value) -> Option<&'static str> {
        let (file, schema) = self.follow(file, schema);
        let is_array = match schema.get("type") {
            Some(Value::String(t)) => t == "array",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "array"),
            _ => false,
        };
        if !is_array {
            return None;
        }
        let reference = schema.get("items")?.get("$ref")?.as_str()?;
        self.ref_kind(file, reference)
    }

    /// Notes every kind that `schema` (the def `name`, in `file`) refers to,
    /// but itself.
    fn references(
        &self,
        name: &'static str,
        file: &'s str,
        schema: &'s Value,
        out: &mut BTreeSet<&'static str>,
    ) {
        let mut stack = vec![schema];
        while let Some(node) = stack.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                        if let Some(kind) = self.ref_kind(file, reference) {
                            if kind != name {
                                out.insert(kind);
                            }
                        }
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }

    /// The kind a `$ref` names, if it names a whole def.
    fn ref_kind(&self, file: &str, reference: &str) -> Option<&'static str> {
        let (target, _) = self.0.resolve(file, reference)?;
        let pointer = reference.split_once('#')?.1;
        self.0.kind_at(target, pointer)
    }

    /// Follows `$ref`s from `schema` (in `file`) to a schema without one.
    fn follow(&self, mut file: &'s str, mut schema: &'s Value) -> (&'s str, &'s Value) {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some((f, s)) = self.0.resolve(file, reference) else {
                break;
            };
            (file, schema) = (f, s);
        }
        (file, schema)
    }
}
