//! The schema side of a diff: the two versions compared def by def and
//! property by property, each change located and named by its rule.

use super::node::{allowed, bounds, canonical, list, other_constraints, shown, types, NULL};
use super::rules::{self, Rule};
use super::Change;
use crate::contract::schema_set::def_pointer;
use crate::contract::SchemaSet;
use schemakit::pointer;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Every change from `old` to `new` the schemas show, in a stable order
/// (their effect on the Rust API is not judged here).
pub(super) fn changes(old: &SchemaSet, new: &SchemaSet) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
    };
    differ.run();
    differ.changes
}

struct Differ<'a> {
    old: &'a SchemaSet,
    new: &'a SchemaSet,
    changes: Vec<Change>,
}

/// Which version a location is taken from.
#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

/// A place below a def: its name and the pointer within it.
#[derive(Clone)]
struct At<'p> {
    def: &'p str,
    sub: String,
}

impl At<'_> {
    fn child(&self, token: &str) -> Self {
        At {
            def: self.def,
            sub: pointer::push(&self.sub, token),
        }
    }
}

impl Differ<'_> {
    fn push(&mut self, rule: &'static Rule, at: &At<'_>, side: Side, message: String) {
        let set = match side {
            Side::Old => self.old,
            Side::New => self.new,
        };
        self.changes.push(Change::new(
            rule,
            format!("{}{}", def_pointer(at.def), at.sub),
            set.location(at.def, &at.sub),
            message,
        ));
    }

    fn run(&mut self) {
        for def in &self.old.defs {
            let at = At {
                def: &def.name,
                sub: String::new(),
            };
            match self.new.get(&def.name) {
                None => self.push(
                    rules::DEF_REMOVED,
                    &at,
                    Side::Old,
                    format!("def {} was removed", def.name),
                ),
                Some(new) => self.node(&def.value, &new.value, &at),
            }
        }
        for def in &self.new.defs {
            if self.old.get(&def.name).is_none() {
                let at = At {
                    def: &def.name,
                    sub: String::new(),
                };
                self.push(
                    rules::DEF_ADDED,
                    &at,
                    Side::New,
                    format!("def {} was added", def.name),
                );
            }
        }
    }

    /// Compares two schemas at the same place.
    fn node(&mut self, old: &Value, new: &Value, at: &At<'_>) {
        let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
            if old != new {
                self.push(
                    rules::TYPE_CHANGED,
                    at,
                    Side::New,
                    format!("the schema changed from {old} to {new}"),
                );
            }
            return;
        };
        let docs: Vec<&str> = ["description", "title", "examples", "$comment"]
            .into_iter()
            .filter(|k| o.get(*k) != n.get(*k))
            .collect();
        if !docs.is_empty() {
            let keys: Vec<String> = docs.iter().map(|k| format!("`{k}`")).collect();
            self.push(
                rules::DOCS_CHANGED,
                at,
                Side::New,
                format!("{} changed", keys.join(", ")),
            );
        }
        if o.get("deprecated") != n.get("deprecated") {
            let now = n.get("deprecated") == Some(&Value::Bool(true));
            let message = if now {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(rules::DEPRECATION_CHANGED, at, Side::New, message.into());
        }
        if o.get("default") != n.get("default") {
            self.push(
                rules::DEFAULT_CHANGED,
                at,
                Side::New,
                format!(
                    "the default changed from {} to {}",
                    shown(o.get("default")),
                    shown(n.get("default"))
                ),
            );
        }

        let (old_types, new_types) = (types(o), types(n));
        let (old_null, new_null) = (old_types.contains(NULL), new_types.contains(NULL));
        if !old_null && new_null {
            self.push(
                rules::NULLABLE_ADDED,
                at,
                Side::New,
                "may now be null".into(),
            );
        } else if old_null && !new_null {
            self.push(
                rules::NULLABLE_REMOVED,
                at,
                Side::New,
                "may no longer be null".into(),
            );
        }
        let strip = |s: &BTreeSet<String>| -> BTreeSet<String> {
            s.iter().filter(|t| *t != NULL).cloned().collect()
        };
        let (old_core, new_core) = (strip(&old_types), strip(&new_types));
        if old_core != new_core {
            let message = format!("type {} became {}", list(&old_core), list(&new_core));
            let union =
                |s: &BTreeSet<String>| s.len() > 1 || s.iter().any(|t| t.starts_with("schema "));
            let rule = if new_core.is_subset(&old_core) {
                rules::TYPE_NARROWED
            } else if old_core.is_subset(&new_core) {
                rules::TYPE_WIDENED
            } else if union(&old_core) && union(&new_core) {
                rules::UNION_CHANGED
            } else {
                rules::TYPE_CHANGED
            };
            self.push(rule, at, Side::New, message);
            // The rest would only repeat the change of type.
            return;
        }

        self.values(o, n, at);
        if o.get("format") != n.get("format") {
            self.push(
                rules::FORMAT_CHANGED,
                &at.child("format"),
                Side::New,
                format!(
                    "the format changed from {} to {}",
                    shown(o.get("format")),
                    shown(n.get("format"))
                ),
            );
        }
        self.bounds(o, n, at);
        self.object(o, n, at);
        self.array(o, n, at);
        for keyword in other_constraints() {
            if o.get(keyword) != n.get(keyword) {
                self.push(
                    rules::CONSTRAINT_CHANGED,
                    &at.child(keyword),
                    Side::New,
                    format!(
                        "`{keyword}` changed from {} to {}",
                        shown(o.get(keyword)),
                        shown(n.get(keyword))
                    ),
                );
            }
        }
    }

    /// `enum` and `const` (also spread over the branches of a union).
    fn values(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let enum_at = |m: &Map<String, Value>| {
            if m.contains_key("enum") {
                at.child("enum")
            } else if m.contains_key("const") {
                at.child("const")
            } else {
                at.clone()
            }
        };
        match (allowed(o), allowed(n)) {
            (Some(a), Some(b)) => {
                if o.contains_key("const") && n.contains_key("const") {
                    if a != b {
                        self.push(
                            rules::CONST_CHANGED,
                            &at.child("const"),
                            Side::New,
                            format!("the const changed from {} to {}", a[0], b[0]),
                        );
                    }
                    return;
                }
                for value in a.iter().filter(|v| !b.contains(v)) {
                    self.push(
                        rules::ENUM_VALUE_REMOVED,
                        &enum_at(n),
                        Side::New,
                        format!("the value {value} is no longer allowed"),
                    );
                }
                let in_enum = n.get("enum").and_then(Value::as_array);
                for value in b.iter().filter(|v| !a.contains(v)) {
                    let here = match in_enum.and_then(|e| e.iter().position(|x| x == value)) {
                        Some(i) => at.child("enum").child(&i.to_string()),
                        None => enum_at(n),
                    };
                    self.push(
                        rules::ENUM_VALUE_ADDED,
                        &here,
                        Side::New,
                        format!("the value {value} was added"),
                    );
                }
            }
            (None, Some(b)) => self.push(
                rules::RESTRICTED,
                &enum_at(n),
                Side::New,
                format!("now restricted to {}", Value::Array(b)),
            ),
            (Some(a), None) => self.push(
                rules::UNRESTRICTED,
                at,
                Side::New,
                format!("no longer restricted to {}", Value::Array(a)),
            ),
            (None, None) => {}
        }
    }

    fn bounds(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        for (keyword, lower) in bounds() {
            let (a, b) = (
                o.get(keyword).and_then(Value::as_f64),
                n.get(keyword).and_then(Value::as_f64),
            );
            if a == b {
                continue;
            }
            // A lower bound narrows when it rises or appears; an upper one when it falls or appears.
            let narrowed = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => (b > a) == lower,
                (None, None) => false,
            };
            self.push(
                if narrowed {
                    rules::BOUNDS_NARROWED
                } else {
                    rules::BOUNDS_WIDENED
                },
                &at.child(keyword),
                Side::New,
                format!(
                    "`{keyword}` changed from {} to {}",
                    shown(o.get(keyword)),
                    shown(n.get(keyword))
                ),
            );
        }
    }

    fn object(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let closed = |m: &Map<String, Value>| {
            m.get("additionalProperties") == Some(&Value::Bool(false))
                || m.get("unevaluatedProperties") == Some(&Value::Bool(false))
        };
        match (closed(o), closed(n)) {
            (false, true) => self.push(
                rules::CLOSED,
                &at.child("additionalProperties"),
                Side::New,
                "unknown properties are no longer allowed".into(),
            ),
            (true, false) => self.push(
                rules::OPENED,
                at,
                Side::New,
                "unknown properties are now allowed".into(),
            ),
            _ => {}
        }
        if let (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) =
            (o.get("additionalProperties"), n.get("additionalProperties"))
        {
            self.node(a, b, &at.child("additionalProperties"));
        }
        let empty = Map::new();
        let old_props = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new_props = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_req, new_req) = (required(o), required(n));
        let props_at = at.child("properties");
        let mut removed: Vec<&String> = old_props
            .keys()
            .filter(|k| !new_props.contains_key(*k))
            .collect();
        let mut added: Vec<&String> = new_props
            .keys()
            .filter(|k| !old_props.contains_key(*k))
            .collect();
        // A removed and an added property with the same schema and the same
        // required-ness: a rename.
        let mut renames = Vec::new();
        removed.retain(|r| {
            let found = added.iter().position(|a| {
                canonical(&old_props[*r]) == canonical(&new_props[*a])
                    && old_req.contains(*r) == new_req.contains(*a)
            });
            match found {
                Some(i) => {
                    renames.push(((*r).clone(), added.remove(i).clone()));
                    false
                }
                None => true,
            }
        });
        for (from, to) in renames {
            self.push(
                rules::PROPERTY_RENAMED,
                &props_at.child(&to),
                Side::New,
                format!("property {from:?} was renamed to {to:?}"),
            );
            let was = props_at.child(&from);
            if let Some(change) = self.changes.last_mut() {
                change.was = Some(format!("{}{}", def_pointer(was.def), was.sub));
            }
        }
        for name in removed {
            self.push(
                rules::PROPERTY_REMOVED,
                &props_at.child(name),
                Side::Old,
                format!("property {name:?} was removed"),
            );
        }
        for name in added {
            if new_req.contains(name.as_str()) {
                self.push(
                    rules::REQUIRED_PROPERTY_ADDED,
                    &props_at.child(name),
                    Side::New,
                    format!("required property {name:?} was added"),
                );
            } else {
                self.push(
                    rules::PROPERTY_ADDED,
                    &props_at.child(name),
                    Side::New,
                    format!("optional property {name:?} was added"),
                );
            }
        }
        for (name, old_prop) in old_props {
            let Some(new_prop) = new_props.get(name) else {
                continue;
            };
            let here = props_at.child(name);
            match (old_req.contains(name), new_req.contains(name)) {
                (false, true) => self.push(
                    rules::MADE_REQUIRED,
                    &here,
                    Side::New,
                    format!("property {name:?} is now required"),
                ),
                (true, false) => self.push(
                    rules::MADE_OPTIONAL,
                    &here,
                    Side::New,
                    format!("property {name:?} is now optional"),
                ),
                _ => {}
            }
            self.node(old_prop, new_prop, &here);
        }
        // Required names without a property schema.
        for name in new_req
            .iter()
            .filter(|r| !new_props.contains_key(*r) && !old_req.contains(*r))
        {
            if old_props.contains_key(name) {
                continue;
            }
            self.push(
                rules::REQUIRED_PROPERTY_ADDED,
                &at.child("required"),
                Side::New,
                format!("property {name:?} is now required"),
            );
        }
    }

    fn array(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let tuple =
            |m: &Map<String, Value>| m.get("prefixItems").and_then(Value::as_array).cloned();
        match (tuple(o), tuple(n)) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                    self.node(x, y, &at.child("prefixItems").child(&i.to_string()));
                }
            }
            (None, None) => {}
            (a, b) => {
                let len = |t: &Option<Vec<Value>>| {
                    t.as_ref().map_or("no".to_owned(), |t| t.len().to_string())
                };
                self.push(
                    rules::TUPLE_CHANGED,
                    &at.child("prefixItems"),
                    Side::New,
                    format!("{} tuple items became {}", len(&a), len(&b)),
                );
            }
        }
        match (o.get("items"), n.get("items")) {
            (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) => {
                self.node(a, b, &at.child("items"))
            }
            (a, b) if a != b => self.push(
                rules::TUPLE_CHANGED,
                &at.child("items"),
                Side::New,
                format!("`items` changed from {} to {}", shown(a), shown(b)),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::*;
    use super::*;
    use crate::contract::schema_set::tests::doc;
    use serde_json::json;

    /// A def `Thing` as most pairs start: an object with a required `id`,
    /// an optional `name`, a `status` enum and a bounded `count`.
    fn thing() -> Value {
        json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "status": {"type": "string", "enum": ["active", "ended"]},
                "count": {"type": "integer", "minimum": 0}
            },
            "required": ["id"]
        })
    }

    fn set(defs: Value) -> SchemaSet {
        SchemaSet::from_documents(&[("s.json", doc(defs))]).unwrap()
    }

    /// The changes from `Thing` to `Thing` edited by `edit`, as (rule, pointer).
    fn changes(edit: impl FnOnce(&mut Value)) -> Vec<(&'static str, String)> {
        let mut new = thing();
        edit(&mut new);
        let old = set(json!({"Thing": thing(), "Other": {"type": "string"}}));
        let new = set(json!({"Thing": new, "Other": {"type": "string"}}));
        super::changes(&old, &new)
            .into_iter()
            .map(|c| (c.rule.name, c.pointer))
            .collect()
    }

    fn one(rule: &Rule, pointer: &str) -> Vec<(&'static str, String)> {
        vec![(rule.name, pointer.to_owned())]
    }

    const P: &str = "/$defs/Thing/properties";

    #[test]
    fn the_same_schema_has_no_changes() {
        assert!(changes(|_| {}).is_empty());
    }

    #[test]
    fn properties_added_removed_renamed_and_made_required() {
        assert_eq!(
            changes(|t| t["properties"]["note"] = json!({"type": "boolean"})),
            one(PROPERTY_ADDED, &format!("{P}/note"))
        );
        assert_eq!(
            changes(|t| {
                t["properties"]["note"] = json!({"type": "boolean"});
                t["required"] = json!(["id", "note"]);
            }),
            one(REQUIRED_PROPERTY_ADDED, &format!("{P}/note"))
        );
        assert_eq!(
            changes(|t| {
                t["properties"].as_object_mut().unwrap().remove("count");
            }),
            one(PROPERTY_REMOVED, &format!("{P}/count"))
        );
        assert_eq!(
            changes(|t| {
                let props = t["properties"].as_object_mut().unwrap();
                let name = props.remove("name").unwrap();
                props.insert("title".into(), name);
            }),
            one(PROPERTY_RENAMED, &format!("{P}/title"))
        );
        assert_eq!(
            changes(|t| t["required"] = json!(["id", "name"])),
            one(MADE_REQUIRED, &format!("{P}/name"))
        );
        assert_eq!(
            changes(|t| t["required"] = json!([])),
            one(MADE_OPTIONAL, &format!("{P}/id"))
        );
    }

    #[test]
    fn values_types_bounds_and_closing() {
        assert_eq!(
            changes(|t| t["properties"]["status"]["enum"] = json!(["active", "ended", "new"])),
            one(ENUM_VALUE_ADDED, &format!("{P}/status/enum/2"))
        );
        assert_eq!(
            changes(|t| t["properties"]["status"]["enum"] = json!(["active"])),
            one(ENUM_VALUE_REMOVED, &format!("{P}/status/enum"))
        );
        assert_eq!(
            changes(|t| t["properties"]["name"]["type"] = json!(["string", "null"])),
            one(NULLABLE_ADDED, &format!("{P}/name"))
        );
        assert_eq!(
            changes(|t| t["properties"]["name"]["type"] = json!("integer")),
            one(TYPE_CHANGED, &format!("{P}/name"))
        );
        assert_eq!(
            changes(|t| t["properties"]["count"]["minimum"] = json!(1)),
            one(BOUNDS_NARROWED, &format!("{P}/count/minimum"))
        );
        assert_eq!(
            changes(|t| t["properties"]["count"]["exclusiveMaximum"] = json!(10)),
            one(BOUNDS_NARROWED, &format!("{P}/count/exclusiveMaximum"))
        );
        assert_eq!(
            changes(|t| t["properties"]["count"]["minimum"] = json!(-1)),
            one(BOUNDS_WIDENED, &format!("{P}/count/minimum"))
        );
        assert_eq!(
            changes(|t| t["properties"]["name"]["pattern"] = json!("^a")),
            one(CONSTRAINT_CHANGED, &format!("{P}/name/pattern"))
        );
        assert_eq!(
            changes(|t| t["additionalProperties"] = json!(false)),
            one(CLOSED, "/$defs/Thing/additionalProperties")
        );
        assert_eq!(
            changes(|t| t["description"] = json!("A thing.")),
            one(DOCS_CHANGED, "/$defs/Thing")
        );
    }

    #[test]
    fn defs_removed_and_added_are_located_in_their_version() {
        let old = SchemaSet::from_documents(&[(
            "old.json",
            doc(json!({"Thing": thing(), "Gone": {"type": "string"}})),
        )])
        .unwrap();
        let new = SchemaSet::from_documents(&[(
            "new.json",
            doc(json!({"Thing": thing(), "a/b": {"type": "string"}})),
        )])
        .unwrap();
        let found: Vec<_> = super::changes(&old, &new)
            .into_iter()
            .map(|c| (c.rule, c.pointer, c.location))
            .collect();
        assert_eq!(
            found,
            [
                (
                    DEF_REMOVED,
                    "/$defs/Gone".to_owned(),
                    "old.json#/$defs/Gone".to_owned()
                ),
                (
                    DEF_ADDED,
                    "/$defs/a~1b".to_owned(),
                    "new.json#/$defs/a~1b".to_owned()
                ),
            ]
        );
        assert!(found[0].0.payloads.is_breaking() && !found[1].0.payloads.is_breaking());
    }
}
