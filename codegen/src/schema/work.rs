//! How many subschemas a validator may check one value against at one place, counted before any validator runs.
//!
//! A validator checks a value against a node, then against every node that
//! applies to the same value: the targets of `$ref` and the subschemas of
//! `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and
//! `dependentSchemas`. Two branches that both lead to the same node check
//! the value against it twice (validators of every kind do: a failed
//! `anyOf` is explained branch by branch), so the count is the number of
//! such paths, which doubles with each level of two-way unions. Keywords
//! that move to a child value (`properties`, `items`…) start a new place
//! and do not multiply. A reference that leads back to a node on the path
//! (a validator stops such a loop) counts once.

use crate::error::{Diagnostics, Error};
use crate::options::Limits;
use crate::schema::resolve::{NodeId, Registry};
use serde_json::Value;
use std::collections::HashMap;

/// Keywords whose subschemas apply to the value itself, one schema each.
const ONE: [&str; 4] = ["not", "if", "then", "else"];
/// Keywords whose subschemas apply to the value itself, an array of them.
const MANY: [&str; 3] = ["allOf", "anyOf", "oneOf"];
/// Keywords whose subschemas apply to the value itself, by property name.
const BY_NAME: [&str; 2] = ["dependentSchemas", "dependencies"];

/// The in-place subschemas of `schema` (not its `$ref`): each keyword, with
/// the array index or property name of the member when it holds several.
fn in_place_members(schema: &Value) -> Vec<(&'static str, Option<String>)> {
    let mut out = Vec::new();
    let Value::Object(map) = schema else {
        return out;
    };
    for key in ONE {
        if map.contains_key(key) {
            out.push((key, None));
        }
    }
    for key in MANY {
        if let Some(Value::Array(items)) = map.get(key) {
            out.extend((0..items.len()).map(|i| (key, Some(i.to_string()))));
        }
    }
    for key in BY_NAME {
        if let Some(Value::Object(members)) = map.get(key) {
            for (name, value) in members {
                // Draft 7's `dependencies` also holds arrays of names.
                if value.is_object() || value.is_boolean() {
                    out.push((key, Some(name.clone())));
                }
            }
        }
    }
    out
}

/// How many subschemas apply to the same value as `schema` does: its
/// `$ref` and its in-place keywords, as this count follows them. The
/// generated validators count their work at the nodes with more than one,
/// so that the bound they enforce and this count cannot drift apart.
pub(crate) fn in_place_count(schema: &Value) -> usize {
    let reference = schema.get("$ref").is_some_and(Value::is_string);
    in_place_members(schema).len() + usize::from(reference)
}

/// The nodes that apply to the same value as `node`.
fn in_place(registry: &Registry, node: &NodeId) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = in_place_members(registry.value(node))
        .into_iter()
        .map(|(key, member)| match member {
            Some(member) => node.child(key).child(&member),
            None => node.child(key),
        })
        .collect();
    if let Some(target) = registry.target(node) {
        out.push(target.clone());
    }
    out
}

/// The counts of every node reached from the starting ones, each the
/// number of nodes a validator may check one value against from it
/// (itself included), saturating. An explicit stack: no recursion, however
/// long the chains.
pub fn evaluations(registry: &Registry, starts: &[NodeId]) -> HashMap<NodeId, u64> {
    enum State {
        Open,
        Done(u64),
    }
    let mut state: HashMap<NodeId, State> = HashMap::new();
    let mut stack: Vec<(NodeId, bool)> = starts.iter().map(|n| (n.clone(), false)).collect();
    while let Some((node, expanded)) = stack.pop() {
        if !expanded {
            if state.contains_key(&node) {
                continue;
            }
            state.insert(node.clone(), State::Open);
            let children = in_place(registry, &node);
            stack.push((node, true));
            for child in children {
                if !state.contains_key(&child) {
                    stack.push((child, false));
                }
            }
            continue;
        }
        let total = in_place(registry, &node)
            .iter()
            .map(|child| match state.get(child) {
                Some(State::Done(n)) => *n,
                // Back on the path: a loop the validator stops.
                _ => 1,
            })
            .fold(1u64, u64::saturating_add);
        state.insert(node, State::Done(total));
    }
    state
        .into_iter()
        .filter_map(|(node, s)| match s {
            State::Done(n) => Some((node, n)),
            State::Open => None,
        })
        .collect()
}

/// Reports the entry points of the documents generated from (each root,
/// each `$defs`/`definitions` member) from which a validator may check one
/// value against more subschemas than [`Limits::max_evaluations`]: the
/// worst of each document, and how many others; whether there was one.
pub fn check(registry: &Registry, limits: &Limits, diags: &mut Diagnostics) -> bool {
    let mut over = false;
    for (doc, document) in registry.docs.iter().enumerate() {
        if document.on_demand {
            continue;
        }
        let root = NodeId {
            doc,
            pointer: String::new(),
        };
        let mut starts = vec![root.clone()];
        for key in ["$defs", "definitions"] {
            if let Some(Value::Object(defs)) = document.root.get(key) {
                starts.extend(defs.keys().map(|name| root.child(key).child(name)));
            }
        }
        let counts = evaluations(registry, &starts);
        let mut heavy: Vec<(&NodeId, u64)> = starts
            .iter()
            .filter_map(|n| counts.get(n).map(|c| (n, *c)))
            .filter(|(_, c)| *c > limits.max_evaluations)
            .collect();
        heavy.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let Some((worst, count)) = heavy.first() else {
            continue;
        };
        over = true;
        let count = if *count == u64::MAX {
            "more than 18 quintillion".to_owned()
        } else {
            count.to_string()
        };
        let others = match heavy.len() - 1 {
            0 => String::new(),
            1 => " (and 1 other definition of this file)".to_owned(),
            n => format!(" (and {n} other definitions of this file)"),
        };
        diags.error(Error::InvalidKeyword {
            location: registry.location(worst),
            keyword: "$ref".into(),
            message: format!(
                "a value may be checked against {count} subschemas at one place through \
                 `$ref`, `allOf`, `anyOf`, `oneOf`, `not` and `if`{others}: more than the \
                 limit of {} (Limits::max_evaluations)",
                limits.max_evaluations
            ),
        });
    }
    over
}

#[cfg(test)]
mod tests {
    use super::in_place_count;
    use serde_json::json;

    #[test]
    fn every_subschema_applied_in_place_is_counted() {
        let schema = json!({
            "$ref": "#/$defs/a",
            "anyOf": [{}, {}],
            "not": {},
            "dependentSchemas": {"x": {}},
            // Draft 7: a schema counts, a list of names does not.
            "dependencies": {"a": {"type": "object"}, "b": ["c"]},
            "properties": {"p": {}},
            "items": {}
        });
        assert_eq!(in_place_count(&schema), 6);
        assert_eq!(in_place_count(&json!({"$ref": "#"})), 1);
        assert_eq!(in_place_count(&json!(true)), 0);
    }
}
