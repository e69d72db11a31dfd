//! Examples of each definition taken from the recorded payloads: each conforming recording walked with the schema, secrets masked, bounded for a page.
//!
//! A recording judged as kind `K` is walked from `#/$defs/K`: wherever a
//! value is judged by `$ref: #/$defs/X`, it is an example of `X` (the
//! first found, in the recordings' order, depth first). `anyOf`/`oneOf`
//! go into the first branch the value is valid against (by the `jsonschema`
//! crate, as the kit judges); arrays and objects through `prefixItems`,
//! `items`, `properties` and `additionalProperties`. Values that a schema
//! marks `"x-secret": true` are shown as `"<secret>"`, and so is any
//! property named like a secret property anywhere in the schema.

use super::super::kit::Recorded;
use super::super::walk::visit;
use super::super::SchemaSet;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What a masked value is shown as.
pub const SECRET: &str = "<secret>";
/// Arrays are cut to this many items.
pub const MAX_ITEMS: usize = 2;
/// Strings are cut past this many characters.
const MAX_STRING_CHARS: usize = 200;
/// The pretty JSON is cut past this many lines.
pub const MAX_LINES: usize = 60;
/// Deeper than any schema and recording nest together.
const MAX_DEPTH: usize = 256;

/// An example of a def.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The recording it comes from (relative to the fixtures folder).
    pub recording: String,
    /// The kind the recording is judged as.
    pub kind: String,
    /// Where the value is in the recording (a JSON pointer).
    pub pointer: String,
    /// The value, secrets masked, arrays and long strings cut.
    pub value: Value,
    /// Pretty JSON of `value`, at most [`MAX_LINES`] lines (and a line
    /// saying how many more there were).
    pub text: String,
    /// What was cut, for a note under the example.
    pub notes: Vec<String>,
}

/// The first example of every def found in the conforming recordings.
pub fn find(set: &SchemaSet, recorded: &[(Recorded, Value)]) -> BTreeMap<String, Example> {
    let mut finder = Finder::new(set);
    let mut found: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut secrets: Vec<BTreeSet<String>> = Vec::new();
    for (i, (entry, payload)) in recorded.iter().enumerate() {
        let mut walk = Walk {
            examples: BTreeMap::new(),
            secrets: BTreeSet::new(),
        };
        if entry.conforms {
            let root =
                serde_json::json!({ "$ref": format!("#/$defs/{}", escape_ref(&entry.kind)) });
            finder.walk(payload, &root, "", 0, &mut walk);
        }
        for (name, pointer) in walk.examples {
            found.entry(name).or_insert((i, pointer));
        }
        secrets.push(walk.secrets);
    }
    found
        .into_iter()
        .filter_map(|(name, (i, pointer))| {
            let (entry, payload) = &recorded[i];
            let value = payload.pointer(&pointer)?;
            let mut value = value.clone();
            mask(&mut value, &pointer, &secrets[i], &finder.secret_names);
            let mut notes = BTreeSet::new();
            bound(&mut value, &mut notes);
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            let lines = text.lines().count();
            if lines > MAX_LINES {
                text = text.lines().take(MAX_LINES).collect::<Vec<_>>().join("\n");
                text.push_str(&format!("\n… ({} more lines)", lines - MAX_LINES));
                notes.insert(format!("cut after {MAX_LINES} lines"));
            }
            Some((
                name,
                Example {
                    recording: entry.file.clone(),
                    kind: entry.kind.clone(),
                    pointer,
                    value,
                    text,
                    notes: notes.into_iter().collect(),
                },
            ))
        })
        .collect()
}

/// A def name as a `$ref` pointer token (percent-encoding aside: the set's
/// own references are written the same way).
fn escape_ref(name: &str) -> String {
    schemakit::pointer::escape(name).into_owned()
}

struct Walk {
    /// Def name → the pointer of its first example in this recording.
    examples: BTreeMap<String, String>,
    /// The pointers of the values that are secrets.
    secrets: BTreeSet<String>,
}

struct Finder<'a> {
    set: &'a SchemaSet,
    /// Every def, as the `$defs` of the schemas that judge a branch.
    defs: Value,
    /// A branch's JSON → its validator (none when it does not compile).
    validators: BTreeMap<String, Option<jsonschema::Validator>>,
    /// The names of the properties marked secret anywhere.
    secret_names: BTreeSet<String>,
}

impl<'a> Finder<'a> {
    fn new(set: &'a SchemaSet) -> Self {
        let mut defs = Map::new();
        let mut secret_names = BTreeSet::new();
        for def in &set.defs {
            defs.insert(def.name.clone(), def.value.clone());
            visit(&def.value, "", &mut |obj, _| {
                for (name, prop) in obj
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if prop.get("x-secret") == Some(&Value::Bool(true)) {
                        secret_names.insert(name.clone());
                    }
                }
            });
        }
        Finder {
            set,
            defs: Value::Object(defs),
            validators: BTreeMap::new(),
            secret_names,
        }
    }

    /// Whether `value` is valid against `branch` (whose references name
    /// the set's defs).
    fn valid(&mut self, branch: &Value, value: &Value) -> bool {
        let Some(obj) = branch.as_object() else {
            return branch != &Value::Bool(false);
        };
        let key = branch.to_string();
        let defs = &self.defs;
        let validator = self.validators.entry(key).or_insert_with(|| {
            let mut schema = obj.clone();
            schema.insert("$defs".into(), defs.clone());
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&Value::Object(schema))
                .ok()
        });
        validator.as_ref().is_some_and(|v| v.is_valid(value))
    }

    fn walk(&mut self, value: &Value, schema: &Value, at: &str, depth: usize, out: &mut Walk) {
        let Some(obj) = schema.as_object() else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if obj.get("x-secret") == Some(&Value::Bool(true)) {
            out.secrets.insert(at.to_owned());
            return;
        }
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            if let Some(target) = self.resolve(reference) {
                if let Some(name) = reference
                    .strip_prefix("#/$defs/")
                    .filter(|n| !n.contains('/'))
                {
                    let name = schemakit::pointer::unescape(name).into_owned();
                    out.examples.entry(name).or_insert_with(|| at.to_owned());
                }
                self.walk(value, &target, at, depth + 1, out);
            }
        }
        for branch in obj
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.walk(value, branch, at, depth + 1, out);
        }
        for keyword in ["anyOf", "oneOf"] {
            let branches = obj.get(keyword).and_then(Value::as_array);
            if let Some(branch) = branches
                .into_iter()
                .flatten()
                .find(|b| self.valid(b, value))
            {
                self.walk(value, branch, at, depth + 1, out);
            }
        }
        match value {
            Value::Object(fields) => {
                let props = obj.get("properties").and_then(Value::as_object);
                let additional = obj.get("additionalProperties").filter(|a| a.is_object());
                for (key, item) in fields {
                    let sub = props.and_then(|p| p.get(key)).or(additional);
                    if let Some(sub) = sub {
                        let place = schemakit::pointer::push(at, key);
                        self.walk(item, sub, &place, depth + 1, out);
                    }
                }
            }
            Value::Array(items) => {
                let prefix = obj.get("prefixItems").and_then(Value::as_array);
                for (i, item) in items.iter().enumerate() {
                    let sub = match prefix.and_then(|p| p.get(i)) {
                        Some(sub) => Some(sub),
                        None => obj.get("items"),
                    };
                    if let Some(sub) = sub {
                        let place = format!("{at}/{i}");
                        self.walk(item, sub, &place, depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// The schema a `#/$defs/Name…` reference leads to.
    fn resolve(&self, reference: &str) -> Option<Value> {
        let rest = reference.strip_prefix("#/$defs/")?;
        let (name, sub) = rest.split_once('/').unwrap_or((rest, ""));
        let name = schemakit::pointer::unescape(name);
        let def = self.set.get(&name)?;
        if sub.is_empty() {
            Some(def.value.clone())
        } else {
            def.value.pointer(&format!("/{sub}")).cloned()
        }
    }
}

/// Masks, in `value` (found at `at`), every secret below it, and every
/// property named like a secret one.
fn mask(value: &mut Value, at: &str, secrets: &BTreeSet<String>, names: &BTreeSet<String>) {
    for secret in secrets {
        let below = if at.is_empty() {
            Some(secret.as_str())
        } else {
            secret
                .strip_prefix(at)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if let Some(slot) = below.and_then(|rest| value.pointer_mut(rest)) {
            *slot = Value::String(SECRET.into());
        }
    }
    mask_names(value, names);
}

fn mask_names(value: &mut Value, names: &BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            for (key, item) in fields.iter_mut() {
                if names.contains(key) && !item.is_null() {
                    *item = Value::String(SECRET.into());
                } else {
                    mask_names(item, names);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| mask_names(i, names)),
        _ => {}
    }
}

/// Cuts arrays to [`MAX_ITEMS`] and long strings, noting what was cut.
fn bound(value: &mut Value, notes: &mut BTreeSet<String>) {
    match value {
        Value::Array(items) => {
            if items.len() > MAX_ITEMS {
                items.truncate(MAX_ITEMS);
                notes.insert(format!("arrays cut to their first {MAX_ITEMS} items"));
            }
            items.iter_mut().for_each(|i| bound(i, notes));
        }
        Value::Object(fields) => fields.values_mut().for_each(|v| bound(v, notes)),
        Value::String(s) => {
            if let Some((cut, _)) = s.char_indices().nth(MAX_STRING_CHARS) {
                s.truncate(cut);
                s.push('…');
                notes.insert(format!("strings cut after {MAX_STRING_CHARS} characters"));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::kit;
    use std::path::Path;

    fn examples() -> BTreeMap<String, Example> {
        let set = SchemaSet::load(Path::new("schema")).unwrap();
        let recorded = kit::read(Path::new(kit::FIXTURES)).unwrap();
        find(&set, &recorded)
    }

    #[test]
    fn client_and_session_have_examples_with_secrets_masked() {
        let found = examples();
        let client = &found["Client"];
        assert_eq!(client.value["object"], "client");
        let session = &found["Session"];
        assert_eq!(session.value["object"], "session");
        let token = &found["Token"];
        assert_eq!(token.value["jwt"], SECRET, "{token:?}");
        // No session token of any recording (each `e30=.e30=.…`) is shown.
        for example in found.values() {
            assert!(!example.text.contains("e30=.e30="), "{example:?}");
            assert!(example.text.lines().count() <= MAX_LINES + 1);
        }
        // The same run finds the same examples.
        assert_eq!(found, examples());
    }

    #[test]
    fn values_are_walked_through_unions_and_masked() {
        let set = SchemaSet::from_documents(&[(
            "s.json",
            crate::contract::schema_set::tests::doc(serde_json::json!({
                "Root": {"type": "object", "properties": {
                    "items": {"type": "array", "items": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/Leaf"}]}},
                    "key": {"type": "string", "x-secret": true}
                }},
                "Leaf": {"type": "object", "properties": {"n": {"type": "integer"}, "key": {"type": "string"}}}
            })),
        )])
        .unwrap();
        let recorded = vec![(
            Recorded {
                file: "r.json".into(),
                kind: "Root".into(),
                conforms: true,
                reason: None,
            },
            serde_json::json!({"items": [null, {"n": 1, "key": "k1"}, {"n": 2}, {"n": 3}], "key": "s3cr3t"}),
        )];
        let found = find(&set, &recorded);
        assert_eq!(found["Leaf"].pointer, "/items/1");
        assert_eq!(
            found["Leaf"].value,
            serde_json::json!({"n": 1, "key": SECRET})
        );
        assert_eq!(found["Root"].value["key"], SECRET);
        assert_eq!(found["Root"].value["items"].as_array().unwrap().len(), 2);
        assert_eq!(found["Root"].notes, ["arrays cut to their first 2 items"]);
    }
}
