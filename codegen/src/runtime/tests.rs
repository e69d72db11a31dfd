//! Tests of the emitted runtime on its own, with hand-written stand-ins for
//! what the generator would emit around it.

use super::check::{Check, Drift, DriftKind};
use super::place::{InPlace, Place};
use super::validate::{self, json_eq, multiple_of, short, short_str, Errors, Mode, Segment};
use serde::de::DeserializeSeed;
use serde_json::{json, Value};

/// A hand-written open enum, as the generator emits one.
#[derive(Debug, PartialEq)]
enum Color {
    Red,
    Unknown(String),
}

impl Check for Color {
    fn walk(&self, at: &dyn Fn(&mut String), out: &mut Vec<Drift>) {
        if let Color::Unknown(_) = self {
            let mut pointer = String::new();
            at(&mut pointer);
            out.push(Drift {
                pointer,
                kind: DriftKind::UnknownEnumValue,
            });
        }
    }
}

#[test]
fn drift_is_found_through_the_building_blocks() {
    let value: Vec<Option<(Color, Box<Color>)>> = vec![
        Some((Color::Red, Box::new(Color::Red))),
        None,
        Some((Color::Red, Box::new(Color::Unknown("x".into())))),
    ];
    let drift = value.drift();
    assert_eq!(
        drift,
        [Drift {
            pointer: "/2/1".into(),
            kind: DriftKind::UnknownEnumValue
        }]
    );
    let mut map = std::collections::BTreeMap::new();
    map.insert("a/b~".to_owned(), Color::Unknown("y".into()));
    assert_eq!(map.drift()[0].pointer, "/a~1b~0");
    // Leaves cannot drift, and a walk over them is skipped.
    assert!(!<Vec<String> as Check>::MAY_DRIFT);
    assert!(vec!["x".to_owned()].drift().is_empty());
}

/// A hand-written struct that decodes in place.
#[derive(Debug, Default, PartialEq)]
struct Point {
    x: u64,
}

impl Place for Point {
    fn placeholder() -> Self {
        Point::default()
    }
    fn fill<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        place: &mut Self,
    ) -> Result<(), D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            x: u64,
        }
        let raw: Raw = serde::Deserialize::deserialize(deserializer)?;
        place.x = raw.x;
        Ok(())
    }
}

#[test]
fn places_are_filled_where_they_lie() {
    let mut list: Vec<Option<Box<Point>>> = Vec::placeholder();
    let mut de = serde_json::Deserializer::from_str(r#"[{"x": 1}, null, {"x": 3}]"#);
    InPlace(&mut list).deserialize(&mut de).unwrap();
    assert_eq!(
        list,
        [
            Some(Box::new(Point { x: 1 })),
            None,
            Some(Box::new(Point { x: 3 }))
        ]
    );
    // A one-item list whose length is announced takes exactly one slot.
    let mut one: Vec<Point> = Vec::new();
    InPlace(&mut one).deserialize(json!([{"x": 1}])).unwrap();
    assert_eq!(one.capacity(), 1);
    let mut de = serde_json::Deserializer::from_str(r#"[{"x": "no"}]"#);
    assert!(InPlace(&mut one).deserialize(&mut de).is_err());
}

/// A hand-written validator: `{"type": "object", "required": ["a"]}` with
/// every `a` an integer, as the generator would write it.
fn object_with_a<'v>(v: &'v Value, depth: u32, e: &mut Errors<'v>) -> bool {
    let mut ok = true;
    let _ = depth;
    match v {
        Value::Object(object) => match object.get_key_value("a") {
            Some((key, a)) => {
                e.enter(Segment::Key(key));
                if !validate::is_integer(a) {
                    ok = false;
                    e.push(
                        "t.json#/properties/a",
                        "type",
                        format!("{} is not of type \"integer\"", short(a)),
                        false,
                    );
                }
                e.leave();
            }
            None => {
                ok = false;
                e.push(
                    "t.json#",
                    "required",
                    "\"a\" is a required property".into(),
                    false,
                );
            }
        },
        _ => {
            ok = false;
            e.push("t.json#", "type", "not an object".into(), false);
        }
    }
    ok
}

#[test]
fn errors_carry_pointers_and_schema_paths() {
    let value = json!({"a": "x"});
    let errors = validate::all(object_with_a, &value);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/a");
    assert_eq!(errors[0].schema_path, "t.json#/properties/a/type");
    assert_eq!(
        errors[0].to_string(),
        "/a: \"x\" is not of type \"integer\""
    );
    assert!(validate::first(object_with_a, &json!({"a": 1})).is_ok());
    assert!(!validate::is_valid(object_with_a, &json!({})));
    let one = json!(1);
    let mut errors = Errors::new(Mode::Probe);
    assert!(!object_with_a(&one, 0, &mut errors));
    assert!(errors.into_errors().is_empty(), "a probe keeps nothing");
}

#[test]
fn json_helpers() {
    assert!(json_eq(&json!(1), &json!(1.0)));
    assert!(json_eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
    assert!(!json_eq(&json!("1"), &json!(1)));
    assert!(multiple_of(&json!(10), "5"));
    assert!(multiple_of(&json!(0.3), "0.1"));
    assert!(!multiple_of(&json!(7), "2"));
    assert!(multiple_of(&json!("not a number"), "2"));
    assert_eq!(short(&json!({"a": 1})), r#"{"a":1}"#);
    assert_eq!(short(&json!(vec![0; 100])), "an array of 100 item(s)");
    assert!(short_str(&"é".repeat(100)).ends_with("…\""));
}

/// What the generator emits for `{"anyOf": [{"$ref": next}, {"$ref":
/// next, "minimum": 0}]}` at level `depth` of 40, the last level a
/// string: each failed level explains both branches, 2^40 visits unbounded.
fn nested_any_of<'v>(v: &'v Value, depth: u32, e: &mut Errors<'v>) -> bool {
    if !validate::step() {
        return false;
    }
    if depth == 40 {
        if !v.is_string() {
            e.push("t.json#/$defs/L40", "type", "not a string".into(), false);
            return false;
        }
        return true;
    }
    let branches: [validate::Validate; 2] = [nested_any_of, nested_any_of];
    if branches.iter().any(|f| validate::probe(*f, v, depth + 1)) {
        return true;
    }
    if !e.probing() {
        let context = branches
            .iter()
            .map(|f| e.branch(v, depth + 1, *f).1)
            .collect();
        e.push_context("t.json#/$defs/L", "anyOf", "no branch".into(), context);
    }
    false
}

#[test]
fn work_is_bounded_whatever_the_schema_asks() {
    // Every entry stops past MAX_STEPS with the limit error first; a
    // string, valid at the first try of each level, is unaffected.
    let limit = |e: &validate::SchemaError| e.keyword == validate::LIMIT;
    assert!(!validate::is_valid(nested_any_of, &json!(1)));
    let first = validate::first(nested_any_of, &json!(1)).unwrap_err();
    assert!(limit(&first), "{first}");
    assert!(first.message.contains("MAX_STEPS"), "{first}");
    let all = validate::all(nested_any_of, &json!(1));
    assert!(limit(&all[0]), "{:?}", all[0]);
    assert!(validate::is_valid(nested_any_of, &json!("s")));
    assert!(validate::all(nested_any_of, &json!("s")).is_empty());
    // The count starts again with each validation.
    assert!(validate::first(nested_any_of, &json!("s")).is_ok());
}

/// One error for each item of an array.
fn every_item_wrong<'v>(v: &'v Value, _: u32, e: &mut Errors<'v>) -> bool {
    let Value::Array(items) = v else { return true };
    for i in 0..items.len() {
        e.enter(Segment::Index(i));
        e.push("t.json#/items", "type", "wrong".into(), false);
        e.leave();
    }
    items.is_empty()
}

#[test]
fn errors_kept_are_bounded() {
    let many = Value::Array(vec![json!(0); validate::MAX_ERRORS + 5]);
    let errors = validate::all(every_item_wrong, &many);
    assert_eq!(errors.len(), validate::MAX_ERRORS + 1);
    let last = errors.last().unwrap();
    assert_eq!(last.keyword, validate::LIMIT);
    assert!(last.message.starts_with("5 more errors"), "{last}");
}
