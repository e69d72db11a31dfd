//! Proptest strategies derived from the generated types. The generator's
//! manifest gives each type's shape (a struct's fields with their Rust
//! types and whether they are required or nullable, an enum's variants, a
//! union's variants, an alias's type), and a strategy makes the JSON of a
//! value of that type, field by field. So a failing value shrinks as the
//! type does: optional fields drop out, lists lose items, numbers go to
//! zero, strings get shorter, a union takes its first variant.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use schemagen::{Manifest, TypeInfo, TypeShape};
use serde_json::{Map, Value};

mod settings {
    include!("../../src/options.rs");
}

/// Below this depth, optional content is still drawn; past it, values are
/// the smallest the type allows (no optional field, no item, `null` where
/// allowed), so recursive types end.
const FULL_DEPTH: usize = 8;

/// The manifest of the Clerk models, as build.rs generates them.
pub fn clerk() -> &'static Manifest {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let outcome = schemagen::Generator::new(settings::clerk_options())
            .dir(concat!(env!("CARGO_MANIFEST_DIR"), "/schema"))
            .run();
        outcome
            .manifest
            .unwrap_or_else(|| panic!("the schema generates: {:?}", outcome.code.err()))
    })
}

/// A Rust type as the manifest spells it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Named(String),
    String,
    Bool,
    /// An integer of the width's range.
    Int(i128, i128),
    F64,
    Number,
    Unit,
    Value,
    Object,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Tuple(Vec<Ty>),
    Option(Box<Ty>),
}

/// Reads a Rust type of the manifest (`Option<Vec<BTreeMap<String, Foo>>>`).
pub fn parse(text: &str) -> Ty {
    let text = text.trim();
    let inner = |prefix: &str| -> Option<&str> {
        text.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('>'))
    };
    if let Some(t) = inner("Option<") {
        return Ty::Option(Box::new(parse(t)));
    }
    if let Some(t) = inner("Box<") {
        return parse(t);
    }
    if let Some(t) = inner("Vec<") {
        return Ty::Vec(Box::new(parse(t)));
    }
    if let Some(t) = inner("BTreeMap<String,") {
        return Ty::Map(Box::new(parse(t)));
    }
    if let Some(items) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        if items.trim().is_empty() {
            return Ty::Unit;
        }
        return Ty::Tuple(
            split_top(items)
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .map(parse)
                .collect(),
        );
    }
    let width = |format: &str| {
        let (lo, hi) = schemakit::formats::integer_range(format).expect("an integer format");
        Ty::Int(lo, hi)
    };
    match text {
        "String" => Ty::String,
        "bool" => Ty::Bool,
        "i8" => width("int8"),
        "i16" => width("int16"),
        "i32" => width("int32"),
        "i64" => width("int64"),
        "u8" => width("uint8"),
        "u16" => width("uint16"),
        "u32" => width("uint32"),
        "u64" => width("uint64"),
        "f64" => Ty::F64,
        "serde_json::Number" => Ty::Number,
        "serde_json::Value" => Ty::Value,
        "serde_json::Map<String, serde_json::Value>" => Ty::Object,
        name => Ty::Named(name.to_owned()),
    }
}

/// `a, B<c, d>, e` split at the commas outside brackets.
fn split_top(text: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Makes strategies for the types of one manifest.
pub struct Strategies<'m> {
    types: BTreeMap<&'m str, &'m TypeInfo>,
}

impl<'m> Strategies<'m> {
    pub fn new(manifest: &'m Manifest) -> Self {
        Strategies {
            types: manifest
                .types
                .iter()
                .map(|t| (t.name.as_str(), t))
                .collect(),
        }
    }

    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&'m TypeInfo> {
        self.types.get(name).copied()
    }

    /// The JSON of values of the type named `name`.
    pub fn named(&self, name: &str) -> BoxedStrategy<Value> {
        self.of(&Ty::Named(name.to_owned()), 0)
    }

    fn of(&self, ty: &Ty, depth: usize) -> BoxedStrategy<Value> {
        let full = depth < FULL_DEPTH;
        match ty {
            Ty::String => "\\PC{0,8}".prop_map(Value::from).boxed(),
            Ty::Bool => any::<bool>().prop_map(Value::from).boxed(),
            Ty::Int(lo, hi) => {
                let (lo, hi) = (*lo, *hi);
                if hi > i64::MAX as i128 {
                    any::<u64>().prop_map(Value::from).boxed()
                } else {
                    (lo as i64..=hi as i64).prop_map(Value::from).boxed()
                }
            }
            Ty::F64 => finite().prop_map(Value::from).boxed(),
            Ty::Number => prop_oneof![
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                finite().prop_map(Value::from),
            ]
            .boxed(),
            Ty::Unit => Just(Value::Null).boxed(),
            Ty::Value => json(full).boxed(),
            Ty::Object => object(full).prop_map(Value::Object).boxed(),
            Ty::Vec(item) => {
                let most = if full { 3 } else { 0 };
                proptest::collection::vec(self.of(item, depth + 1), 0..=most)
                    .prop_map(Value::Array)
                    .boxed()
            }
            Ty::Map(item) => {
                let most = if full { 3 } else { 0 };
                proptest::collection::btree_map("\\PC{0,6}", self.of(item, depth + 1), 0..=most)
                    .prop_map(|m| Value::Object(m.into_iter().collect()))
                    .boxed()
            }
            Ty::Tuple(items) => {
                let items: Vec<BoxedStrategy<Value>> =
                    items.iter().map(|t| self.of(t, depth + 1)).collect();
                items.prop_map(Value::Array).boxed()
            }
            Ty::Option(inner) => nullable(self.of(inner, depth), full),
            Ty::Named(name) => self.named_at(name, depth),
        }
    }

    fn named_at(&self, name: &str, depth: usize) -> BoxedStrategy<Value> {
        let full = depth < FULL_DEPTH;
        let info = self
            .get(name)
            .unwrap_or_else(|| panic!("the manifest has no type {name}"));
        match &info.shape {
            TypeShape::Struct { fields, .. } => {
                let members: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                    .iter()
                    .map(|f| {
                        let value = self.of(&parse(&f.value_type), depth + 1);
                        let value = if f.nullable {
                            nullable(value, full)
                        } else {
                            value
                        };
                        let wire = f.wire.clone();
                        let present = value.prop_map(move |v| Some((wire.clone(), v)));
                        if f.required {
                            present.boxed()
                        } else if full {
                            // Absent first: what a failing value shrinks to.
                            prop_oneof![Just(None), present].boxed()
                        } else {
                            Just(None).boxed()
                        }
                    })
                    .collect();
                members
                    .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
                    .boxed()
            }
            TypeShape::Enum { variants, .. } => {
                let wires: Vec<Value> = variants
                    .iter()
                    .map(|(w, _)| Value::from(w.as_str()))
                    .collect();
                proptest::sample::select(wires).boxed()
            }
            TypeShape::Tagged { tag, variants, .. } => {
                let branches: Vec<BoxedStrategy<Value>> = variants
                    .iter()
                    .map(|(value, _, rust_type)| {
                        let (tag, value) = (tag.clone(), Value::from(value.as_str()));
                        self.of(&parse(rust_type), depth + 1)
                            .prop_map(move |mut v| {
                                if let Value::Object(m) = &mut v {
                                    m.insert(tag.clone(), value.clone());
                                }
                                v
                            })
                            .boxed()
                    })
                    .collect();
                Union::new(branches).boxed()
            }
            TypeShape::Untagged { variants } => {
                let branches: Vec<BoxedStrategy<Value>> = variants
                    .iter()
                    .map(|(_, rust_type)| self.of(&parse(rust_type), depth + 1))
                    .collect();
                Union::new(branches).boxed()
            }
            TypeShape::Alias { rust_type, .. } => self.of(&parse(rust_type), depth),
            other => panic!("no strategy for {name}: {other:?}"),
        }
    }
}

/// `null` or a value; past the full depth, `null` alone.
fn nullable(value: BoxedStrategy<Value>, full: bool) -> BoxedStrategy<Value> {
    if full {
        prop_oneof![Just(Value::Null), value].boxed()
    } else {
        Just(Value::Null).boxed()
    }
}

/// Finite `f64`s (JSON has no NaN or infinity).
fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |f| f.is_finite())
}

/// Any JSON, a few levels deep.
fn json(full: bool) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        finite().prop_map(Value::from),
        "\\PC{0,6}".prop_map(Value::from),
    ];
    let depth = if full { 2 } else { 0 };
    leaf.prop_recursive(depth, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn object(full: bool) -> impl Strategy<Value = Map<String, Value>> {
    let most = if full { 3 } else { 0 };
    proptest::collection::btree_map("\\PC{0,6}", json(full), 0..=most)
        .prop_map(|m| m.into_iter().collect())
}
