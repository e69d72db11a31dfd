//! Seeded random faults put into an instance at random places, each fitted
//! to the schema there (read off its keywords, so a keyword the schema adds
//! later is broken too): a value of a wrong type, `null`, a wrong item in
//! an array, a tuple an item short or long, an integer past its format's
//! range or with a fraction, a non-string where a string `enum`/`const` is,
//! a number, string, array or object past a bound, a string that breaks a
//! `pattern`, a required property removed, an unknown property or enum
//! value (drift). One payload may get several at once.

use serde_json::{json, Map, Value};

use super::generate::Rng;
use super::walk::{accepts, json_type, Schema, Visit};

/// One fault put in.
#[derive(Debug, Clone)]
pub struct Fault {
    /// What kind of fault (`wrong type`, `past maximum`…).
    pub what: &'static str,
    /// Where in the instance.
    pub pointer: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {:?}", self.what, self.pointer)
    }
}

/// A value of a JSON type `node` does not accept, if there is one.
fn wrong_typed(schema: Schema, visit: &Visit, rng: &mut Rng) -> Option<Value> {
    let types = schema.types(visit.node);
    let candidates: Vec<Value> = [
        json!("wrong type"),
        json!(12345),
        json!(-0.5),
        json!(true),
        json!(null),
        json!([1, "two"]),
        json!({"k": "v"}),
    ]
    .into_iter()
    .filter(|v| !accepts(&types, json_type(v)))
    .collect();
    (!candidates.is_empty()).then(|| rng.pick(&candidates).clone())
}

/// An integer as JSON: exactly when `i64` or `u64` holds it, else the
/// nearest `f64` (past both, as `1.8446744073709552e19`).
fn integer(n: i128) -> Value {
    match (i64::try_from(n), u64::try_from(n)) {
        (Ok(n), _) => Value::from(n),
        (_, Ok(n)) => Value::from(n),
        _ => Value::from(n as f64),
    }
}

/// A string `pattern` does not match, if one of a few does not.
fn not_matching(pattern: &str) -> Option<Value> {
    let regex = regex::Regex::new(pattern).ok()?;
    ["", " ", "!!", "0", "ZZZ", "\u{0}", "é"]
        .into_iter()
        .find(|s| !regex.is_match(s))
        .map(Value::from)
}

/// One fault that fits a place: what it is, the schema keyword it breaks,
/// where, and the value to put there (`None`: remove that member).
type Fitting = (&'static str, &'static str, String, Option<Value>);

/// The faults that fit the place `visit` (whose value is `value`).
fn faults(schema: Schema, visit: &Visit, value: &Value, rng: &mut Rng) -> Vec<Fitting> {
    let s = visit.node.schema;
    let at = visit.pointer.clone();
    let mut out: Vec<Fitting> = Vec::new();
    let mut put = |what: &'static str, keyword: &'static str, at: String, v: Value| {
        out.push((what, keyword, at, Some(v)))
    };
    if let Some(v) = wrong_typed(schema, visit, rng) {
        put(
            if v.is_null() { "null" } else { "wrong type" },
            "type",
            at.clone(),
            v,
        );
    }
    let strings = |values: &[Value]| values.iter().all(Value::is_string);
    let listed: Vec<Value> = match (s.get("enum"), s.get("const")) {
        (Some(Value::Array(values)), _) => values.clone(),
        (_, Some(c)) => vec![c.clone()],
        _ => Vec::new(),
    };
    if !listed.is_empty() && strings(&listed) {
        let keyword = if s.get("enum").is_some() {
            "enum"
        } else {
            "const"
        };
        put(
            "unknown enum value",
            keyword,
            at.clone(),
            json!("zz_unknown_value"),
        );
        let other = rng
            .pick(&[json!(7), json!(false), json!(["a"]), json!({"a": 1})])
            .clone();
        put("non-string enum value", keyword, at.clone(), other);
    }
    if let Some(format) = s.get("format").and_then(Value::as_str) {
        if let Some((lo, hi)) = schemakit::formats::integer_range(format) {
            let past = if rng.one_in(2) { hi + 1 } else { lo - 1 };
            put(
                "past the integer format",
                "format",
                at.clone(),
                integer(past),
            );
            put("a fraction", "format", at.clone(), json!(1.5));
            put("an integer-valued float", "format", at.clone(), json!(7.0));
        }
    }
    let number = |key: &str| s.get(key).and_then(Value::as_f64);
    for (key, delta) in [
        // (the keyword, how far past it a value goes)
        ("minimum", -1.0),
        ("exclusiveMinimum", 0.0),
        ("maximum", 1.0),
        ("exclusiveMaximum", 0.0),
    ] {
        if let Some(bound) = number(key) {
            let past = bound + delta;
            let v = if past.fract() == 0.0 && past.abs() < 9.0e15 {
                json!(past as i64)
            } else {
                json!(past)
            };
            put("past a numeric bound", key, at.clone(), v);
        }
    }
    if let Some(m) = number("multipleOf") {
        put(
            "not a multiple",
            "multipleOf",
            at.clone(),
            json!(m * 1.5 + 0.25),
        );
    }
    let count = |key: &str| s.get(key).and_then(Value::as_u64).map(|n| n as usize);
    if let Some(n) = count("minLength").filter(|n| *n > 0) {
        put(
            "too short",
            "minLength",
            at.clone(),
            Value::from("x".repeat(n - 1)),
        );
    }
    if let Some(n) = count("maxLength") {
        put(
            "too long",
            "maxLength",
            at.clone(),
            Value::from("x".repeat(n + 1)),
        );
    }
    if let Some(v) = s
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(not_matching)
    {
        put("breaks the pattern", "pattern", at.clone(), v);
    }
    if let Value::Array(items) = value {
        let prefix = s.get("prefixItems").and_then(Value::as_array);
        if let Some(n) = count("minItems").filter(|n| *n > 0) {
            let fewer = items[..(n - 1).min(items.len())].to_vec();
            put("too few items", "minItems", at.clone(), Value::Array(fewer));
        }
        if let (Some(n), Some(first)) = (count("maxItems"), items.first()) {
            let more = vec![first.clone(); n + 1];
            put("too many items", "maxItems", at.clone(), Value::Array(more));
        }
        if prefix.is_some() {
            let mut longer = items.clone();
            longer.push(json!("extra"));
            put(
                "a tuple too long",
                "items",
                at.clone(),
                Value::Array(longer),
            );
            if !items.is_empty() {
                put(
                    "a tuple too short",
                    "minItems",
                    at.clone(),
                    Value::Array(items[..items.len() - 1].to_vec()),
                );
            }
        }
        if let Some(item) = s.get("items").filter(|i| i.is_object()) {
            let item_visit = Visit {
                pointer: String::new(),
                defs: Vec::new(),
                node: schema.follow(Schema::child(visit.node, item)).0,
            };
            if let Some(wrong) = wrong_typed(schema, &item_visit, rng) {
                let mut with = items.clone();
                with.push(wrong);
                put("a wrong item", "type", at.clone(), Value::Array(with));
            }
        }
    }
    if let Value::Object(members) = value {
        let required: Vec<&str> = schema
            .required(visit.node)
            .into_iter()
            .filter(|r| members.contains_key(*r))
            .collect();
        if !required.is_empty() {
            let name = *rng.pick(&required);
            out.push((
                "required property removed",
                "required",
                schemakit::pointer::push(&at, name),
                None,
            ));
        }
        let mut with = members.clone();
        with.insert("zz_unknown_property".into(), json!({"n": [1, null]}));
        out.push((
            "unknown property",
            "additionalProperties",
            at.clone(),
            Some(Value::Object(with)),
        ));
        if let Some(n) = count("minProperties").filter(|n| *n > 0) {
            let fewer: Map<String, Value> = members.clone().into_iter().take(n - 1).collect();
            out.push((
                "too few properties",
                "minProperties",
                at.clone(),
                Some(Value::Object(fewer)),
            ));
        }
        if let Some(n) = count("maxProperties") {
            let mut more = members.clone();
            for i in 0..=n {
                more.insert(format!("zz_{i}"), json!(i));
            }
            out.push((
                "too many properties",
                "maxProperties",
                at.clone(),
                Some(Value::Object(more)),
            ));
        }
    }
    out
}

/// `value` (an instance of `kind`) with `count` faults put in at random
/// places (a later one may land inside or over an earlier one), and the
/// faults; `None` when no place takes one. With a `target` keyword, only
/// faults that break it, at the first places that take one.
pub fn mutate(
    schema: Schema,
    kind: &'static str,
    value: &Value,
    rng: &mut Rng,
    count: usize,
    target: Option<&str>,
) -> Option<(Value, Vec<Fault>)> {
    let mut value = value.clone();
    let mut done = Vec::new();
    for _ in 0..count {
        let visits = schema.visits(kind, &value);
        let mut order: Vec<usize> = (0..visits.len()).collect();
        // A few tries at random places (most take some fault); every place
        // in order for a target.
        let tries = if target.is_some() { visits.len() } else { 8 };
        let mut placed = false;
        for _ in 0..tries {
            if order.is_empty() {
                break;
            }
            let next = if target.is_some() {
                0
            } else {
                rng.below(order.len())
            };
            let visit = &visits[order.remove(next)];
            let Some(here) = value.pointer(&visit.pointer).cloned() else {
                continue;
            };
            let options: Vec<Fitting> = faults(schema, visit, &here, rng)
                .into_iter()
                .filter(|(_, keyword, _, _)| target.is_none_or(|t| t == *keyword))
                .collect();
            if options.is_empty() {
                continue;
            }
            let (what, _, at, new) = rng.pick(&options).clone();
            match new {
                Some(new) => match value.pointer_mut(&at) {
                    Some(slot) => *slot = new,
                    None => continue,
                },
                None => {
                    let (parent, name) = at.rsplit_once('/').unwrap_or(("", &at));
                    let name = schemakit::pointer::unescape(name).into_owned();
                    match value.pointer_mut(parent).and_then(Value::as_object_mut) {
                        Some(object) => {
                            object.shift_remove(&name);
                        }
                        None => continue,
                    }
                }
            }
            done.push(Fault { what, pointer: at });
            placed = true;
            break;
        }
        if !placed {
            break;
        }
    }
    (!done.is_empty()).then_some((value, done))
}
