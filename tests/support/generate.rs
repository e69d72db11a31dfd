//! A seeded generator of schema-valid instances: it walks a def's schema and
//! makes a value that satisfies it (objects with every required and some
//! optional properties, nullable choices, enums, consts, arrays of 0–3 items,
//! tuples, `$ref`s, free-form maps of arbitrary JSON). The same seed gives the
//! same instance.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::walk::{Node, Schema};

/// SplitMix64: small, fast, good enough for test data, and stable across
/// platforms and crate versions.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i128, hi: i128) -> i128 {
        let span = (hi - lo + 1) as u128;
        let r = ((self.next_u64() as u128) << 64 | self.next_u64() as u128) % span;
        lo + r as i128
    }
}

/// Derives a sub-seed, so each instance of a run has its own stream.
pub fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut rng = Rng::new(seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(32));
    rng.next_u64()
}

/// What kind of instance to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Random choices everywhere.
    Random,
    /// Every optional property, the non-null choice, one item per array:
    /// an instance that contains every def reachable from the kind.
    Full,
    /// Required properties only, `null` where allowed, empty arrays.
    Minimal,
}

/// Below this depth, random instances stop adding optional content.
const SHALLOW_ENOUGH: usize = 14;
/// A schema that recurses without end would be a generator (or schema) bug.
const MAX_DEPTH: usize = 64;

pub struct Generator {
    schema: Schema,
    rng: Rng,
    mode: Mode,
}

impl Generator {
    pub fn new(schema: Schema, seed: u64, mode: Mode) -> Generator {
        Generator {
            schema,
            rng: Rng::new(seed),
            mode,
        }
    }

    /// An instance of `kind`.
    pub fn instance(&mut self, kind: &str) -> Value {
        let node = self.schema.def(kind);
        self.value(node, 0)
    }

    fn deep(&self, depth: usize) -> bool {
        depth > SHALLOW_ENOUGH
    }

    /// A value valid against `node`.
    pub fn value(&mut self, node: Node, depth: usize) -> Value {
        assert!(
            depth < MAX_DEPTH,
            "the schema nests deeper than {MAX_DEPTH} levels at {node:?}"
        );
        let (node, _) = self.schema.follow(node);
        let s = node.schema;
        if let Some(c) = s.get("const") {
            return c.clone();
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            return match self.mode {
                Mode::Random => self.rng.pick(values).clone(),
                Mode::Full | Mode::Minimal => values[0].clone(),
            };
        }
        assert!(
            s.get("allOf").is_none(),
            "the generator does not merge allOf: {s}"
        );
        let branches = self.schema.branches(node);
        if !branches.is_empty() {
            let nullable: Vec<bool> = branches
                .iter()
                .map(|b| self.schema.types(*b) == BTreeSet::from(["null"]))
                .collect();
            let pick = match self.mode {
                Mode::Full => nullable.iter().position(|n| !n).unwrap_or(0),
                Mode::Minimal => nullable.iter().position(|n| *n).unwrap_or(0),
                Mode::Random if self.deep(depth) => nullable.iter().position(|n| *n).unwrap_or(0),
                Mode::Random => self.rng.below(branches.len()),
            };
            return self.value(branches[pick], depth);
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return self.arbitrary(depth),
        };
        let non_null = types.iter().position(|t| *t != "null");
        let t = match self.mode {
            Mode::Full => types[non_null.unwrap_or(0)],
            Mode::Minimal => types[types.iter().position(|t| *t == "null").unwrap_or(0)],
            Mode::Random if self.deep(depth) && types.contains(&"null") => "null",
            Mode::Random => types[self.rng.below(types.len())],
        };
        match t {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.rng.one_in(2)),
            "integer" => self.integer(s),
            "number" => self.number(),
            "string" => Value::String(self.string()),
            "array" => self.array(node, depth),
            "object" => self.object(node, depth),
            other => panic!("unknown type {other:?} in {s}"),
        }
    }

    fn integer(&mut self, s: &Value) -> Value {
        let (mut lo, mut hi) = match s.get("format").and_then(Value::as_str) {
            Some("int32") => (i32::MIN as i128, i32::MAX as i128),
            _ => (i64::MIN as i128, i64::MAX as i128),
        };
        if let Some(min) = s.get("minimum").and_then(Value::as_i64) {
            lo = lo.max(min as i128);
        }
        if let Some(max) = s.get("maximum").and_then(Value::as_i64) {
            hi = hi.min(max as i128);
        }
        let n = match self.rng.below(8) {
            0 => lo,
            1 => hi,
            2 => 0,
            3 => -1,
            4 => self.rng.range(0, 1000),
            5 => self.rng.range(1_600_000_000_000, 1_900_000_000_000),
            _ => self.rng.range(lo, hi),
        };
        Value::from(n.clamp(lo, hi) as i64)
    }

    fn number(&mut self) -> Value {
        let f = match self.rng.below(4) {
            0 => 0.5,
            1 => -1.25e-7,
            2 => 1e300,
            _ => (self.rng.next_u64() % 1_000_000) as f64 / 8.0 + 0.125,
        };
        Value::from(f)
    }

    pub fn string(&mut self) -> String {
        const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        match self.rng.below(10) {
            0 => String::new(),
            1 => "with \"quotes\", \\backslashes\\ and /slashes/".to_owned(),
            2 => "unicode é ü 中文 😀 and controls \u{1}\u{1f}\u{7f}".to_owned(),
            3 => "line\nbreak\ttab\r".to_owned(),
            4 => "%%EMAIL%%".to_owned(),
            _ => {
                let len = 1 + self.rng.below(16);
                (0..len).map(|_| *self.rng.pick(ALNUM) as char).collect()
            }
        }
    }

    fn array(&mut self, node: Node, depth: usize) -> Value {
        let s = node.schema;
        let mut items = Vec::new();
        if let Some(prefix) = s.get("prefixItems").and_then(Value::as_array) {
            for p in prefix {
                items.push(self.value(Schema::child(node, p), depth + 1));
            }
        }
        let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(usize::MAX, |m| m as usize);
        if let Some(item) = s.get("items").filter(|i| i.is_object()) {
            let wanted = match self.mode {
                Mode::Full => 1,
                Mode::Minimal => 0,
                Mode::Random if self.deep(depth) => 0,
                Mode::Random => self.rng.below(4),
            };
            let count = wanted
                .max(min.saturating_sub(items.len()))
                .min(max.saturating_sub(items.len()));
            for _ in 0..count {
                items.push(self.value(Schema::child(node, item), depth + 1));
            }
        } else if s.get("items").is_none() && s.get("prefixItems").is_none() {
            // No item schema: anything goes.
            let count = match self.mode {
                Mode::Random => self.rng.below(3),
                _ => 0,
            };
            for _ in 0..count.max(min) {
                items.push(self.arbitrary(depth + 1));
            }
        }
        Value::Array(items)
    }

    fn object(&mut self, node: Node, depth: usize) -> Value {
        let props = self.schema.properties(node);
        if props.is_empty() && node.schema.get("additionalProperties").is_none() {
            // A free-form map.
            return match self.mode {
                Mode::Minimal => Value::Object(Map::new()),
                Mode::Full => {
                    let mut m = Map::new();
                    m.insert("key".to_owned(), Value::from("value"));
                    Value::Object(m)
                }
                Mode::Random => self.arbitrary_object(depth),
            };
        }
        let required = self.schema.required(node);
        let mut out = Map::new();
        for (name, sub) in props {
            let include = required.contains(name)
                || match self.mode {
                    Mode::Full => true,
                    Mode::Minimal => false,
                    Mode::Random => !self.deep(depth) && self.rng.one_in(2),
                };
            if include {
                let v = self.value(sub, depth + 1);
                out.insert(name.to_owned(), v);
            }
        }
        Value::Object(out)
    }

    /// Arbitrary JSON, a few levels deep at most.
    pub fn arbitrary(&mut self, depth: usize) -> Value {
        let leaf_only = depth > SHALLOW_ENOUGH + 3 || self.mode != Mode::Random;
        match self.rng.below(if leaf_only { 5 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.one_in(2)),
            2 => Value::from(self.rng.range(i64::MIN as i128, i64::MAX as i128) as i64),
            3 => self.number(),
            4 => Value::String(self.string()),
            5 => Value::Array(
                (0..self.rng.below(4))
                    .map(|_| self.arbitrary(depth + 1))
                    .collect(),
            ),
            _ => self.arbitrary_object(depth),
        }
    }

    fn arbitrary_object(&mut self, depth: usize) -> Value {
        let mut m = Map::new();
        for _ in 0..self.rng.below(4) {
            let key = self.string();
            let v = self.arbitrary(depth + 1);
            m.insert(key, v);
        }
        Value::Object(m)
    }
}
