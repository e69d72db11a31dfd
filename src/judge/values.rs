//! What the judge asks of JSON values and their pointers: whether two
//! errors are "at the same place", where two values first differ, and a
//! short quote of a value. (Escaping and splitting pointers is
//! [`schemakit::pointer`]'s; depth is [`schemakit::depth`]'s.)

use schemakit::pointer::{is_ancestor_or_self, parent, push};
use serde_json::Value;

/// Whether a type decoding error at `decode` and a schema violation at
/// `schema` point at the same place. They do when
///
/// 1. the pointers are equal; or
/// 2. `schema` is an ancestor of `decode`: the schema reported a composite
///    (an `anyOf` that no branch matched, say) at a value the decoder entered
///    and failed deeper inside; or
/// 3. `decode` is the parent of `schema`: the decoder reports some errors at
///    the container (a tuple of the wrong length, "invalid length 3") where
///    the schema names the item (`items: false` at `/a/2`). Only one level:
///    a decoder error at the root is not "the same place" as a violation
///    deep inside the document.
pub fn same_place(decode: &str, schema: &str) -> bool {
    is_ancestor_or_self(schema, decode) || parent(schema) == Some(decode)
}

/// What serde's derive says when no variant of an untagged enum decodes
/// (the generated unions the schema's `anyOf`/`oneOf` become, when no
/// property tells their branches apart).
const NO_VARIANT: &str = "data did not match any variant of untagged enum ";

/// [`same_place`], for a decoding error with its message: also when the
/// error is an untagged union's that no variant matched and the violation
/// is inside the union's value. The decoder tried every variant and cannot
/// say where one failed; the schema names the place in the branch that
/// came closest (a wrong item of a list in a response that is a list or a
/// page).
pub fn same_place_as(decode: &str, message: &str, schema: &str) -> bool {
    same_place(decode, schema)
        || (message.starts_with(NO_VARIANT) && is_ancestor_or_self(decode, schema))
}

/// The first place where `left` and `right` differ, as a pointer, with the
/// value on each side there (`None`: the key or index is absent on that side).
/// Object members are compared regardless of order; `null` and absent differ.
/// `None` when the values are equal.
pub fn first_difference(left: &Value, right: &Value) -> Option<Difference> {
    if left == right {
        return None;
    }
    let mut pointer = String::new();
    let (mut l, mut r) = (left, right);
    'descend: loop {
        match (l, r) {
            (Value::Object(lm), Value::Object(rm)) => {
                for (key, lv) in lm {
                    match rm.get(key) {
                        None => {
                            return Some(Difference {
                                pointer: push(&pointer, key),
                                left: Some(lv.clone()),
                                right: None,
                            })
                        }
                        Some(rv) if rv != lv => {
                            pointer = push(&pointer, key);
                            (l, r) = (lv, rv);
                            continue 'descend;
                        }
                        Some(_) => {}
                    }
                }
                for (key, rv) in rm {
                    if !lm.contains_key(key) {
                        return Some(Difference {
                            pointer: push(&pointer, key),
                            left: None,
                            right: Some(rv.clone()),
                        });
                    }
                }
                break;
            }
            (Value::Array(la), Value::Array(ra)) => {
                for i in 0..la.len().max(ra.len()) {
                    match (la.get(i), ra.get(i)) {
                        (Some(lv), Some(rv)) if lv == rv => {}
                        (Some(lv), Some(rv)) => {
                            pointer = format!("{pointer}/{i}");
                            (l, r) = (lv, rv);
                            continue 'descend;
                        }
                        (lv, rv) => {
                            return Some(Difference {
                                pointer: format!("{pointer}/{i}"),
                                left: lv.cloned(),
                                right: rv.cloned(),
                            })
                        }
                    }
                }
                break;
            }
            _ => break,
        }
    }
    Some(Difference {
        pointer,
        left: Some(l.clone()),
        right: Some(r.clone()),
    })
}

/// A value as compact JSON for a message, or a description of it when that
/// is longer than about 60 characters.
pub fn quote(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        return text;
    }
    match value {
        Value::Object(m) => format!("an object with {} member(s)", m.len()),
        Value::Array(a) => format!("an array of {} item(s)", a.len()),
        _ => text.chars().take(MAX).chain("…".chars()).collect(),
    }
}

/// Where two JSON values first differ (see [`first_difference`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Pointer of the first differing value.
    pub pointer: String,
    /// The value on the left there, `None` when absent.
    pub left: Option<Value>,
    /// The value on the right there, `None` when absent.
    pub right: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_place_rules() {
        assert!(same_place("/a/b", "/a/b"));
        assert!(same_place("/a/b/c", "/a"));
        assert!(same_place("/a", "/a/2"));
        assert!(!same_place("", "/a/2"));
        assert!(!same_place("/a/b", "/a/c"));
        let union = "data did not match any variant of untagged enum ThingResponse";
        assert!(same_place_as("/response", union, "/response/0/id"));
        assert!(same_place_as("/response", union, "/response"));
        assert!(!same_place_as("/response", union, "/client/id"));
        assert!(!same_place_as(
            "/response",
            "invalid type: integer `1`",
            "/response/0/id"
        ));
        assert!(same_place_as(
            "/response",
            "invalid type: integer `1`",
            "/response/0"
        ));
    }

    #[test]
    fn differences() {
        assert_eq!(
            first_difference(&json!({"a": 1, "b": 2}), &json!({"b": 2, "a": 1})),
            None
        );
        let d =
            first_difference(&json!({"a": {"b": [1, 2]}}), &json!({"a": {"b": [1, 3]}})).unwrap();
        assert_eq!(d.pointer, "/a/b/1");
        assert_eq!((d.left, d.right), (Some(json!(2)), Some(json!(3))));
        let d = first_difference(&json!({"a": null}), &json!({})).unwrap();
        assert_eq!(
            (d.pointer.as_str(), d.left, d.right),
            ("/a", Some(Value::Null), None)
        );
        let d = first_difference(&json!([1]), &json!([1, 2])).unwrap();
        assert_eq!(
            (d.pointer.as_str(), d.left, d.right),
            ("/1", None, Some(json!(2)))
        );
        let d = first_difference(&json!("x"), &json!(1)).unwrap();
        assert_eq!(d.pointer, "");
    }
}
