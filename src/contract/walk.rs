//! Walks over every subschema of a schema, by the draft 2020-12 keywords of
//! schemakit's table, so that the set, the bundler and the docs agree with
//! the generator about where schemas are.
//!
//! Only keywords that hold schemas are entered: a property named `enum`, or
//! a `const` holding `$ref`, is not mistaken for a schema.

use schemakit::keywords::subschemas;
use schemakit::Draft;
use serde_json::{Map, Value};

/// The draft every schema of the contract is written in.
pub(crate) const DRAFT: Draft = Draft::Draft2020_12;

/// Calls `f` on every subschema object of `value` (itself included), with
/// its pointer (`pointer` being that of `value`), parents before children.
pub(crate) fn visit(value: &Value, pointer: &str, f: &mut dyn FnMut(&Map<String, Value>, &str)) {
    let Value::Object(obj) = value else { return };
    f(obj, pointer);
    subschemas(DRAFT, value, |suffix, sub| {
        visit(sub, &format!("{pointer}{suffix}"), f)
    });
}

/// [`visit`], with each subschema mutable: `f` runs before the children are
/// looked for, so they are those of the schema `f` leaves.
pub(crate) fn visit_mut(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    walk_mut(value, pointer, f, false);
}

/// [`visit_mut`], children before parents: what `f` adds is not visited.
pub(crate) fn visit_mut_post(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    walk_mut(value, pointer, f, true);
}

fn walk_mut(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
    post: bool,
) {
    if !post {
        let Value::Object(obj) = value else { return };
        f(obj, pointer);
    } else if !value.is_object() {
        return;
    }
    // Where the children are, then each one by its pointer (a child cannot
    // be borrowed mutably while the table's walk holds the parent).
    let mut suffixes = Vec::new();
    subschemas(DRAFT, value, |suffix, _| suffixes.push(suffix));
    for suffix in suffixes {
        if let Some(child) = value.pointer_mut(&suffix) {
            walk_mut(child, &format!("{pointer}{suffix}"), f, post);
        }
    }
    if post {
        if let Value::Object(obj) = value {
            f(obj, pointer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "properties": {
                "enum": {"type": "string"},
                "a/b": {"items": {"$ref": "#/x"}}
            },
            "const": {"$ref": "not a schema"},
            "anyOf": [true, {"not": {}}],
            "additionalItems": {"type": "string"}
        })
    }

    #[test]
    fn walks_only_subschemas_parents_first() {
        let mut seen = Vec::new();
        visit(&schema(), "/r", &mut |_, p| seen.push(p.to_owned()));
        assert_eq!(
            seen,
            [
                "/r",
                "/r/properties/enum",
                "/r/properties/a~1b",
                "/r/properties/a~1b/items",
                "/r/anyOf/1",
                "/r/anyOf/1/not"
            ]
        );
    }

    #[test]
    fn mutable_walks_see_the_same_places_in_both_orders() {
        let mut pre = Vec::new();
        visit_mut(&mut schema(), "", &mut |_, p| pre.push(p.to_owned()));
        let mut post = Vec::new();
        visit_mut_post(&mut schema(), "", &mut |_, p| post.push(p.to_owned()));
        assert_eq!(pre.len(), 6);
        assert_eq!(post.first().map(String::as_str), Some("/properties/enum"));
        assert_eq!(post.last().map(String::as_str), Some(""));
        post.sort();
        pre.sort();
        assert_eq!(pre, post);
        // What a post-order `f` adds is not visited.
        let mut value = json!({"properties": {"a": {}}});
        let mut count = 0;
        visit_mut_post(&mut value, "", &mut |obj, _| {
            count += 1;
            obj.insert("not".into(), json!({}));
        });
        assert_eq!(count, 2);
    }
}
