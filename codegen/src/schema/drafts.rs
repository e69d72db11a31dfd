//! Documents of every draft (04, 06, 07, 2019-09, 2020-12) read as 2020-12.
//!
//! The later stages know one vocabulary. A document of an older draft (by
//! its `$schema`, or the default draft) is rewritten once, as it is
//! registered, into the 2020-12 keywords that mean the same: the tuple form
//! of `items` becomes `prefixItems` (and `additionalItems` its `items`),
//! `dependencies` splits into `dependentRequired` and `dependentSchemas`,
//! draft-04 `id` and boolean `exclusiveMinimum`/`exclusiveMaximum` take
//! their later forms, fragment ids become `$anchor`s, and the siblings a
//! draft-07 `$ref` overrides are set aside. `$recursiveRef` and
//! `$dynamicRef` become references to their initial target, recorded so
//! that [`check_dynamic`] can tell when the dynamic scope could pick
//! another. Every renamed keyword is recorded ([`Renames`]), so that errors
//! name the places the author wrote and references into renamed places
//! still resolve.

use crate::error::{Diagnostics, Error, Location};
use schemakit::keywords::{self, Draft};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What reading one document as 2020-12 changed, and what it noticed.
#[derive(Debug, Default, Clone)]
pub struct Reading {
    /// The draft of the document's root.
    pub draft: Option<Draft>,
    pub renames: Renames,
    /// (original pointer, message): what the rewrite left out, as warnings.
    pub notes: Vec<(String, String)>,
    /// The references whose target the dynamic scope decides.
    pub dynamic_refs: Vec<DynamicRef>,
    /// Resources with `"$recursiveAnchor": true` (draft 2019-09).
    pub recursive_anchors: usize,
}

/// A `$dynamicRef` or `$recursiveRef`, now a `$ref` to its initial target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicRef {
    /// The node that holds the `$ref` now (normalized pointer).
    pub pointer: String,
    /// The keyword the author wrote.
    pub keyword: &'static str,
    /// The dynamic anchor it names (`None` for `$recursiveRef`, which follows
    /// `$recursiveAnchor`).
    pub anchor: Option<String>,
}

/// Renamed keyword positions, both ways.
#[derive(Debug, Default, Clone)]
pub struct Renames {
    /// Normalized pointer of a renamed keyword → where the author wrote it.
    to_original: BTreeMap<String, String>,
    /// The author's pointer of a renamed keyword holding schemas → where
    /// those schemas are now.
    to_normalized: BTreeMap<String, String>,
}

impl Renames {
    fn record(&mut self, normalized: String, original: String, holds_schemas: bool) {
        if holds_schemas {
            self.to_normalized
                .entry(original.clone())
                .or_insert_with(|| normalized.clone());
        }
        self.to_original.insert(normalized, original);
    }

    /// Where the author wrote what is now at `pointer`.
    pub fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        substitute(&self.to_original, pointer)
    }

    /// Where what the author wrote at `pointer` is now.
    pub fn normalized<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        substitute(&self.to_normalized, pointer)
    }

    pub fn is_empty(&self) -> bool {
        self.to_original.is_empty()
    }
}

/// `pointer` with its longest prefix found in `map` (whole segments only)
/// replaced: each entry holds a full pointer, so one substitution suffices.
fn substitute<'p>(map: &BTreeMap<String, String>, pointer: &'p str) -> Cow<'p, str> {
    if map.is_empty() {
        return Cow::Borrowed(pointer);
    }
    let mut end = pointer.len();
    loop {
        if let Some(replacement) = map.get(&pointer[..end]) {
            return Cow::Owned(format!("{replacement}{}", &pointer[end..]));
        }
        match pointer[..end].rfind('/') {
            Some(i) => end = i,
            None => return Cow::Borrowed(pointer),
        }
    }
}

/// The draft a schema object declares with `$schema`, if it names one.
pub fn declared(schema: &Value) -> Option<Draft> {
    schema
        .get("$schema")
        .and_then(Value::as_str)
        .and_then(Draft::from_uri)
}

/// Rewrites `root` into 2020-12 keywords, from the draft it declares (or
/// `default`); an embedded resource that declares another draft is read as
/// that one. An explicit work list: no recursion, whatever the depth.
pub fn read(root: &mut Value, default: Draft) -> Reading {
    let mut reading = Reading {
        draft: Some(declared(root).unwrap_or(default)),
        ..Reading::default()
    };
    let mut work = vec![(String::new(), default)];
    while let Some((pointer, inherited)) = work.pop() {
        let Some(node) = root.pointer_mut(&pointer) else {
            continue;
        };
        let draft = declared(node).unwrap_or(inherited);
        if let Value::Object(map) = node {
            if draft != Draft::Draft2020_12
                || map.contains_key("$dynamicRef")
                || map.contains_key("dependencies")
            {
                let original = reading.renames.original(&pointer).into_owned();
                rewrite(map, draft, &pointer, &original, &mut reading);
            }
        }
        let mut children = Vec::new();
        keywords::subschemas(Draft::Draft2020_12, node, |suffix, _| {
            children.push(format!("{pointer}{suffix}"))
        });
        // Reversed, so that the work list visits them in document order.
        work.extend(children.into_iter().rev().map(|child| (child, draft)));
    }
    reading
}

/// Keywords a draft-07 `$ref` keeps beside it: places other schemas point
/// into, and annotations that do not change what is valid (an `$id` beside
/// it is ignored too: it does not move the base the `$ref` resolves against).
const KEPT_BESIDE_REF: &[&str] = &[
    "$ref",
    "$schema",
    "$comment",
    "definitions",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// One schema object of `draft`, rewritten in place.
fn rewrite(
    map: &mut Map<String, Value>,
    draft: Draft,
    pointer: &str,
    original: &str,
    reading: &mut Reading,
) {
    let at = |keyword: &str| schemakit::pointer::push(pointer, keyword);
    let was = |keyword: &str| schemakit::pointer::push(original, keyword);
    let old = std::mem::take(map);
    let tuple = draft <= Draft::Draft2019_09 && matches!(old.get("items"), Some(Value::Array(_)));
    let ref_overrides = draft <= Draft::Draft7 && old.get("$ref").is_some_and(Value::is_string);
    let mut ignored = Vec::new();
    let mut dynamic = None;
    // `dependencies` split: (dependentRequired, dependentSchemas).
    let mut dependencies = (Map::new(), Map::new());
    for (key, value) in old {
        if ref_overrides
            && !KEPT_BESIDE_REF.contains(&key.as_str())
            && keywords::keyword(draft, &key).is_some()
        {
            ignored.push(key);
            continue;
        }
        match key.as_str() {
            "items" if tuple => {
                reading
                    .renames
                    .record(at("prefixItems"), was("items"), true);
                map.insert("prefixItems".into(), value);
            }
            "additionalItems" if draft <= Draft::Draft2019_09 => {
                // Without the tuple form it has no effect.
                if tuple {
                    reading
                        .renames
                        .record(at("items"), was("additionalItems"), true);
                    map.insert("items".into(), value);
                }
            }
            // Split in 2019-09, and still read in later drafts (as their
            // specifications allow, for compatibility).
            "dependencies" if value.is_object() => {
                let Value::Object(members) = value else {
                    continue;
                };
                for (name, dependency) in members {
                    if dependency.is_array() {
                        dependencies.0.insert(name, dependency);
                    } else {
                        dependencies.1.insert(name, dependency);
                    }
                }
            }
            "id" if draft == Draft::Draft4 && value.is_string() => {
                reading.renames.record(at("$id"), was("id"), false);
                map.insert("$id".into(), value);
            }
            "$recursiveAnchor" if draft == Draft::Draft2019_09 => {
                if value == Value::Bool(true) {
                    reading.recursive_anchors += 1;
                }
            }
            "$recursiveRef" if draft == Draft::Draft2019_09 && value.is_string() => {
                dynamic = Some(("$recursiveRef", value, None));
            }
            "$dynamicRef" if draft == Draft::Draft2020_12 => {
                let anchor = value
                    .as_str()
                    .and_then(|r| r.split_once('#'))
                    .map(|(_, fragment)| fragment.to_owned())
                    .filter(|f| !f.is_empty() && !f.starts_with('/'));
                dynamic = Some(("$dynamicRef", value, anchor));
            }
            _ => {
                map.insert(key, value);
            }
        }
    }
    for (keyword, members, holds_schemas) in [
        ("dependentRequired", dependencies.0, false),
        ("dependentSchemas", dependencies.1, true),
    ] {
        if members.is_empty() {
            continue;
        }
        // Beside the split keywords of a later draft, those win.
        if let Value::Object(existing) = map
            .entry(keyword)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            for (name, dependency) in members {
                existing.entry(name).or_insert(dependency);
            }
            reading
                .renames
                .record(at(keyword), was("dependencies"), holds_schemas);
        }
    }
    if draft == Draft::Draft4 {
        for (flag, bound) in [
            ("exclusiveMaximum", "maximum"),
            ("exclusiveMinimum", "minimum"),
        ] {
            match map.get(flag) {
                Some(Value::Bool(true)) => match map.shift_remove(bound) {
                    Some(limit) => {
                        reading.renames.record(at(flag), was(bound), false);
                        map.insert(flag.into(), limit);
                    }
                    None => {
                        map.shift_remove(flag);
                    }
                },
                Some(Value::Bool(false)) => {
                    map.shift_remove(flag);
                }
                _ => {}
            }
        }
    }
    if draft <= Draft::Draft7 {
        fragment_id(map, &at, &was, draft, reading);
    }
    if let Some((keyword, reference, anchor)) = dynamic {
        let holder = if map.contains_key("$ref") {
            // `$ref` beside it (2019-09 and later allow both): the dynamic
            // one joins as an `allOf` branch.
            let branches = map
                .entry("allOf")
                .or_insert_with(|| Value::Array(Vec::new()));
            match branches {
                Value::Array(branches) => {
                    branches.push(serde_json::json!({ "$ref": reference }));
                    let branch =
                        schemakit::pointer::push(&at("allOf"), &(branches.len() - 1).to_string());
                    reading.renames.record(branch.clone(), was(keyword), false);
                    Some(branch)
                }
                _ => None,
            }
        } else {
            map.insert("$ref".into(), reference);
            reading.renames.record(at("$ref"), was(keyword), false);
            Some(pointer.to_owned())
        };
        // A `$dynamicRef` to a JSON pointer or a whole resource is a plain
        // reference: only a named anchor opens the dynamic scope.
        let dynamic_scope = keyword == "$recursiveRef" || anchor.is_some();
        if let Some(holder) = holder.filter(|_| dynamic_scope) {
            reading.dynamic_refs.push(DynamicRef {
                pointer: holder,
                keyword,
                anchor,
            });
        }
    }
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|k| format!("`{k}`")).collect();
        reading.notes.push((
            original.to_owned(),
            format!(
                "in draft {} a `$ref` takes the place of the keywords beside it: {} ignored",
                draft.name(),
                list.join(", ")
            ),
        ));
    }
}

/// Draft 06/07 `$id` (and draft-04 `id`, renamed by now) with a fragment:
/// `"#name"` is what 2020-12 writes `"$anchor": "name"`, and
/// `"other.json#name"` an `$id` with an anchor.
fn fragment_id(
    map: &mut Map<String, Value>,
    at: &dyn Fn(&str) -> String,
    was: &dyn Fn(&str) -> String,
    draft: Draft,
    reading: &mut Reading,
) {
    let Some(Value::String(id)) = map.get("$id") else {
        return;
    };
    let Some((base, fragment)) = id.split_once('#') else {
        return;
    };
    let (base, fragment) = (base.to_owned(), fragment.to_owned());
    let written = if draft == Draft::Draft4 { "id" } else { "$id" };
    if base.is_empty() {
        map.shift_remove("$id");
    } else {
        map.insert("$id".into(), Value::String(base));
    }
    let plain = fragment
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if plain && !map.contains_key("$anchor") {
        reading.renames.record(at("$anchor"), was(written), false);
        map.insert("$anchor".into(), Value::String(fragment));
    }
}

/// Reports the dynamic references whose target the dynamic scope could
/// change: read as a `$ref` to their initial target, which is exact when
/// one resource alone declares the anchor they follow. Otherwise a warning
/// (tolerant types decode what any of the targets accept, as long as the
/// static one is open), or an error in strict mode, where the types must
/// accept exactly what the schema does.
pub fn check_dynamic(
    docs: &[(String, &Reading)],
    dynamic_anchors: &BTreeMap<String, usize>,
    strict: bool,
    diags: &mut Diagnostics,
) {
    let recursive: usize = docs.iter().map(|(_, r)| r.recursive_anchors).sum();
    for (display, reading) in docs {
        for dynamic in &reading.dynamic_refs {
            let declared = match &dynamic.anchor {
                Some(anchor) => dynamic_anchors.get(anchor).copied().unwrap_or(0),
                None => recursive,
            };
            if declared <= 1 {
                continue;
            }
            let what = match &dynamic.anchor {
                Some(anchor) => {
                    format!("{declared} resources declare `\"$dynamicAnchor\": {anchor:?}`")
                }
                None => format!("{declared} resources declare `\"$recursiveAnchor\": true`"),
            };
            let location = Location::new(
                display.clone(),
                reading.renames.original(&dynamic.pointer).into_owned(),
            );
            let message = format!(
                "`{}` is read as a `$ref` to its initial target, but {what}, and which one a value meets depends on how validation reached it",
                dynamic.keyword
            );
            if strict {
                diags.error(Error::Unsupported {
                    location,
                    keyword: dynamic.keyword.to_owned(),
                    reason: format!("{message}: strict types cannot follow the dynamic scope"),
                });
            } else {
                diags.warn(
                    location,
                    format!("{message}; the types follow the initial target"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read07(mut schema: Value) -> (Value, Reading) {
        let reading = read(&mut schema, Draft::Draft7);
        (schema, reading)
    }

    #[test]
    fn tuples_become_prefix_items() {
        let (schema, reading) = read07(json!({
            "items": [{"type": "string"}, {"type": "integer"}],
            "additionalItems": false,
            "properties": {"a": {"items": {"type": "string"}, "additionalItems": false}}
        }));
        assert_eq!(
            schema,
            json!({
                "prefixItems": [{"type": "string"}, {"type": "integer"}],
                "items": false,
                "properties": {"a": {"items": {"type": "string"}}}
            })
        );
        assert_eq!(
            reading.renames.original("/prefixItems/1/type"),
            "/items/1/type"
        );
        assert_eq!(reading.renames.original("/items"), "/additionalItems");
        assert_eq!(
            reading.renames.original("/properties/a/items"),
            "/properties/a/items"
        );
        assert_eq!(reading.renames.normalized("/items/0"), "/prefixItems/0");
    }

    #[test]
    fn nested_renames_map_back_whole() {
        let (schema, reading) = read07(json!({
            "items": [{"items": [{"type": "string"}], "additionalItems": {"type": "integer"}}]
        }));
        assert_eq!(
            schema,
            json!({"prefixItems": [{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}]})
        );
        assert_eq!(
            reading.renames.original("/prefixItems/0/items/type"),
            "/items/0/additionalItems/type"
        );
        assert_eq!(
            reading.renames.original("/prefixItems/0/prefixItems/0"),
            "/items/0/items/0"
        );
        assert_eq!(
            reading.renames.normalized("/items/0/items/0"),
            "/prefixItems/0/prefixItems/0"
        );
    }

    #[test]
    fn dependencies_split() {
        let (schema, reading) = read07(json!({
            "dependencies": {"a": ["b"], "c": {"required": ["d"]}}
        }));
        assert_eq!(
            schema,
            json!({"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}}})
        );
        assert_eq!(
            reading.renames.original("/dependentSchemas/c"),
            "/dependencies/c"
        );
        assert_eq!(
            reading.renames.original("/dependentRequired/a"),
            "/dependencies/a"
        );
        assert_eq!(
            reading.renames.normalized("/dependencies/c"),
            "/dependentSchemas/c"
        );
    }

    #[test]
    fn draft_04_ids_and_exclusive_bounds() {
        let mut schema = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "id": "http://example.com/root.json",
            "definitions": {
                "a": {"id": "#a", "type": "integer", "minimum": 1, "exclusiveMinimum": true,
                      "maximum": 9, "exclusiveMaximum": false},
                "b": {"id": "other.json#b"}
            }
        });
        let reading = read(&mut schema, Draft::Draft2020_12);
        assert_eq!(reading.draft, Some(Draft::Draft4));
        assert_eq!(
            schema,
            json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "$id": "http://example.com/root.json",
                "definitions": {
                    "a": {"type": "integer", "exclusiveMinimum": 1, "maximum": 9, "$anchor": "a"},
                    "b": {"$id": "other.json", "$anchor": "b"}
                }
            })
        );
        assert_eq!(
            reading.renames.original("/definitions/a/exclusiveMinimum"),
            "/definitions/a/minimum"
        );
        assert_eq!(
            reading.renames.original("/definitions/a/$anchor"),
            "/definitions/a/id"
        );
    }

    #[test]
    fn a_draft_07_ref_overrides_its_siblings() {
        let (schema, reading) = read07(json!({
            "$ref": "#/definitions/a",
            "type": "object",
            "properties": {"x": {}},
            "description": "kept",
            "definitions": {"a": {"type": "string"}}
        }));
        assert_eq!(
            schema,
            json!({"$ref": "#/definitions/a", "description": "kept",
                   "definitions": {"a": {"type": "string"}}})
        );
        assert_eq!(reading.notes.len(), 1);
        assert!(
            reading.notes[0].1.contains("`type`, `properties` ignored"),
            "{:?}",
            reading.notes
        );
        // 2019-09 and later keep them.
        let mut later = json!({"$ref": "#/$defs/a", "type": "object", "$defs": {"a": {}}});
        let before = later.clone();
        read(&mut later, Draft::Draft2019_09);
        assert_eq!(later, before);
    }

    #[test]
    fn dynamic_references_become_references() {
        let mut schema = json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$recursiveAnchor": true,
            "properties": {"child": {"$recursiveRef": "#"}, "both": {"$ref": "#/$defs/x", "$recursiveRef": "#"}},
            "$defs": {"x": {}}
        });
        let reading = read(&mut schema, Draft::Draft2020_12);
        assert_eq!(reading.recursive_anchors, 1);
        assert_eq!(schema["properties"]["child"], json!({"$ref": "#"}));
        assert_eq!(
            schema["properties"]["both"],
            json!({"$ref": "#/$defs/x", "allOf": [{"$ref": "#"}]})
        );
        assert_eq!(reading.dynamic_refs.len(), 2);
        assert_eq!(reading.dynamic_refs[1].pointer, "/properties/both/allOf/0");
        let mut schema = json!({"$dynamicAnchor": "meta", "items": {"$dynamicRef": "#meta"}});
        let reading = read(&mut schema, Draft::Draft2020_12);
        assert_eq!(schema["items"], json!({"$ref": "#meta"}));
        assert_eq!(reading.dynamic_refs[0].anchor.as_deref(), Some("meta"));
        assert_eq!(
            reading.renames.original("/items/$ref"),
            "/items/$dynamicRef"
        );
    }

    #[test]
    fn an_embedded_resource_keeps_its_own_draft() {
        let mut schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {"old": {"$schema": "http://json-schema.org/draft-07/schema#",
                              "items": [{"type": "string"}]}},
            "items": {"type": "string"}
        });
        read(&mut schema, Draft::Draft2020_12);
        assert_eq!(
            schema["$defs"]["old"]["prefixItems"],
            json!([{"type": "string"}])
        );
        assert_eq!(schema["items"], json!({"type": "string"}));
    }
}
