//! Structure-aware: `arbitrary` builds a small schema tree (every draft's
//! forms, `type` arrays mixing object and array with others, `$ref` with
//! siblings and to ancestors, `#`, definitions, anchors, tuple items and
//! embedded resources, dynamic references, compositions, awkward names),
//! written out by the rules the property test uses
//! (codegen/tests/support/schema_shapes.rs), then generated in one of four
//! modes. Must never panic; what generates must parse, with nothing rustc
//! refuses beyond syn (a bare CR or a bidi control).

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use schemagen::{Defaults, Error, Generator, Mode, Options};
use serde_json::{json, Map, Value};

#[allow(dead_code)]
mod shapes {
    include!("../../codegen/tests/support/schema_shapes.rs");
}

use shapes::{Dialect, Target};

/// Past this depth, or once this many nodes are written, a node is written
/// as `{}`: small trees keep the runs fast (the property test's are as small).
const MAX_DEPTH: u32 = 6;
const MAX_NODES: u32 = 40;

/// What writing a tree out needs: the draft whose forms it uses, and the
/// nodes left to write.
struct Cx {
    d: Dialect,
    budget: std::cell::Cell<u32>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    dialect: u8,
    declared: Declared,
    default_draft: u8,
    mode: u8,
    root: Node,
    defs: Vec<(Name, Node)>,
    dynamic_anchor: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Declared {
    Same,
    Nothing,
    Other(u8),
}

#[derive(Arbitrary, Debug)]
enum Name {
    Pool(u8),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Null,
    Object,
    Array,
    Bad(u8),
}

#[derive(Arbitrary, Debug)]
enum TypeSpec {
    Absent,
    One(Ty),
    /// `with` (object or array) among others.
    Mixed {
        object: bool,
        others: Vec<Ty>,
    },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Ref {
    Root(u8),
    Ancestor(u8),
    Def(u8),
    Anchor(u8),
    Tuple(u8),
    Any(u8),
    Resource(u8),
    Dangling(u8),
}

#[derive(Arbitrary, Debug)]
enum Additional {
    Bool(bool),
    Schema(Box<Node>),
}

#[derive(Arbitrary, Debug)]
enum Dependency {
    Names(Vec<Name>),
    Schema(Node),
}

#[derive(Arbitrary, Debug)]
enum Items {
    Absent,
    One(Box<Node>),
    Tuple(Vec<Node>, Option<Additional>),
}

#[derive(Arbitrary, Debug)]
enum Sibling {
    Type(TypeSpec),
    Properties(Vec<(Name, Node)>),
    Required(Vec<Name>),
    Items(Box<Node>),
    AdditionalProperties(bool),
    Description,
    Default(u8),
    Title,
    AllOf(Box<Node>),
}

#[derive(Arbitrary, Debug)]
enum Decoration {
    Anchor(u8),
    Resource(u8, Option<u8>),
    Dynamic(u8),
    Annotations(u8),
}

#[derive(Arbitrary, Debug)]
enum Composition {
    AllOf,
    AnyOf,
    OneOf,
}

#[derive(Arbitrary, Debug)]
enum Node {
    Bool(bool),
    Empty,
    String {
        min_length: Option<u8>,
        /// (pool index, from the invalid ones)
        pattern: Option<(u8, bool)>,
        format: Option<u8>,
    },
    Number {
        integer: bool,
        format: Option<u8>,
        minimum: Option<i8>,
        maximum: Option<i8>,
        exclusive: bool,
    },
    Type(TypeSpec),
    Enum(Vec<u8>),
    Const(u8),
    Ref(Ref, Vec<Sibling>),
    Dynamic(u8),
    Object {
        ty: TypeSpec,
        properties: Vec<(Name, Node)>,
        required: Vec<Name>,
        additional: Option<Additional>,
        patterns: Vec<((u8, bool), Node)>,
        dependencies: Vec<(Name, Dependency)>,
        legacy: bool,
        unevaluated: Option<Box<Node>>,
    },
    Array {
        ty: TypeSpec,
        items: Items,
        contains: Option<Box<Node>>,
        bounds: Option<(u8, bool)>,
    },
    Compose(Composition, Vec<Node>, TypeSpec),
    Not(Box<Node>),
    If(Box<Node>, Option<Box<Node>>, Option<Box<Node>>),
    Defs(Vec<(Name, Node)>, Option<Ref>),
    Decorated(Decoration, Box<Node>),
}

fn pool<T: Copy>(items: &[T], i: u8) -> T {
    items[i as usize % items.len()]
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => pool(shapes::NAMES, *i).to_owned(),
            Name::Text(text) => text.clone(),
        }
    }
}

impl Ty {
    fn name(&self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Null => "null",
            Ty::Object => "object",
            Ty::Array => "array",
            Ty::Bad(i) => pool(shapes::BAD_TYPES, *i),
        }
    }
}

impl TypeSpec {
    fn value(&self) -> Option<Value> {
        match self {
            TypeSpec::Absent => None,
            TypeSpec::One(ty) => Some(json!(ty.name())),
            TypeSpec::Mixed { object, others } => {
                let with = if *object { "object" } else { "array" };
                let mut types: Vec<&str> = others.iter().take(4).map(Ty::name).collect();
                types.insert(types.len() / 2, with);
                Some(json!(types))
            }
        }
    }
}

impl Ref {
    fn placeholder(self) -> Value {
        match self {
            Ref::Root(n) => Target::Root(n),
            Ref::Ancestor(n) => Target::Ancestor(n),
            Ref::Def(n) => Target::Def(n),
            Ref::Anchor(n) => Target::Anchor(n),
            Ref::Tuple(n) => Target::Tuple(n),
            Ref::Any(n) => Target::Any(n),
            Ref::Resource(n) => Target::Resource(n),
            Ref::Dangling(n) => Target::Dangling(n),
        }
        .placeholder()
    }
}

fn pattern((i, bad): (u8, bool)) -> &'static str {
    if bad {
        pool(shapes::BAD_PATTERNS, i)
    } else {
        pool(shapes::PATTERNS, i)
    }
}

/// Writes `pairs` into `map`.
fn put(map: &mut Map<String, Value>, pairs: Vec<(&'static str, Value)>) {
    map.extend(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)));
}

fn schemas(entries: &[(Name, Node)], cx: &Cx, depth: u32) -> Value {
    let map: Map<String, Value> = entries
        .iter()
        .take(6)
        .map(|(name, node)| (name.text(), node.json(cx, depth + 1)))
        .collect();
    Value::Object(map)
}

impl Additional {
    fn json(&self, cx: &Cx, depth: u32) -> Value {
        match self {
            Additional::Bool(b) => json!(b),
            Additional::Schema(node) => node.json(cx, depth + 1),
        }
    }
}

impl Node {
    fn json(&self, cx: &Cx, depth: u32) -> Value {
        if depth > MAX_DEPTH || cx.budget.get() == 0 {
            return json!({});
        }
        cx.budget.set(cx.budget.get() - 1);
        let mut map = Map::new();
        match self {
            Node::Bool(b) => return json!(b),
            Node::Empty => {}
            Node::String {
                min_length,
                pattern: p,
                format,
            } => {
                map.insert("type".into(), json!("string"));
                map.extend(min_length.map(|n| ("minLength".to_owned(), json!(n % 5))));
                map.extend(p.map(|p| ("pattern".to_owned(), json!(pattern(p)))));
                map.extend(format.map(|f| ("format".to_owned(), json!(pool(shapes::FORMATS, f)))));
            }
            Node::Number {
                integer,
                format,
                minimum,
                maximum,
                exclusive,
            } => {
                map.insert(
                    "type".into(),
                    json!(if *integer { "integer" } else { "number" }),
                );
                map.extend(format.map(|f| ("format".to_owned(), json!(pool(shapes::FORMATS, f)))));
                if *exclusive {
                    put(
                        &mut map,
                        cx.d.exclusive(minimum.map(f64::from), maximum.map(f64::from)),
                    );
                } else {
                    map.extend(minimum.map(|n| ("minimum".to_owned(), json!(n))));
                    map.extend(maximum.map(|n| ("maximum".to_owned(), json!(n))));
                }
            }
            Node::Type(ty) => {
                map.extend(ty.value().map(|t| ("type".to_owned(), t)));
            }
            Node::Enum(values) => {
                let values: Vec<Value> = values
                    .iter()
                    .take(6)
                    .map(|&i| shapes::value(i as usize))
                    .collect();
                map.insert("enum".into(), json!(values));
            }
            Node::Const(i) => {
                map.insert("const".into(), shapes::value(*i as usize));
            }
            Node::Ref(target, siblings) => {
                map.insert("$ref".into(), target.placeholder());
                for sibling in siblings.iter().take(4) {
                    let (key, value) = match sibling {
                        Sibling::Type(ty) => match ty.value() {
                            Some(t) => ("type", t),
                            None => continue,
                        },
                        Sibling::Properties(props) => ("properties", schemas(props, cx, depth)),
                        Sibling::Required(names) => (
                            "required",
                            json!(names.iter().take(4).map(Name::text).collect::<Vec<_>>()),
                        ),
                        Sibling::Items(node) => ("items", node.json(cx, depth + 1)),
                        Sibling::AdditionalProperties(b) => ("additionalProperties", json!(b)),
                        Sibling::Description => ("description", json!("A reference, described.")),
                        Sibling::Default(i) => ("default", shapes::value(*i as usize)),
                        Sibling::Title => ("title", json!("Referenced")),
                        Sibling::AllOf(node) => ("allOf", json!([node.json(cx, depth + 1)])),
                    };
                    map.insert(key.into(), value);
                }
            }
            Node::Dynamic(i) => put(&mut map, vec![cx.d.dynamic_ref(pool(shapes::ANCHORS, *i))]),
            Node::Object {
                ty,
                properties,
                required,
                additional,
                patterns,
                dependencies,
                legacy,
                unevaluated,
            } => {
                map.extend(ty.value().map(|t| ("type".to_owned(), t)));
                if !properties.is_empty() {
                    map.insert("properties".into(), schemas(properties, cx, depth));
                }
                if !required.is_empty() {
                    let names: Vec<String> = required.iter().take(4).map(Name::text).collect();
                    map.insert("required".into(), json!(names));
                }
                map.extend(
                    additional
                        .as_ref()
                        .map(|a| ("additionalProperties".to_owned(), a.json(cx, depth))),
                );
                if !patterns.is_empty() {
                    let patterns: Map<String, Value> = patterns
                        .iter()
                        .take(3)
                        .map(|(p, node)| (pattern(*p).to_owned(), node.json(cx, depth + 1)))
                        .collect();
                    map.insert("patternProperties".into(), Value::Object(patterns));
                }
                if !dependencies.is_empty() {
                    let mut names = Vec::new();
                    let mut schemas = Vec::new();
                    for (name, dependency) in dependencies.iter().take(3) {
                        match dependency {
                            Dependency::Names(list) => names
                                .push((name.text(), list.iter().take(3).map(Name::text).collect())),
                            Dependency::Schema(node) => {
                                schemas.push((name.text(), node.json(cx, depth + 1)))
                            }
                        }
                    }
                    put(&mut map, cx.d.dependencies(names, schemas, *legacy));
                }
                map.extend(
                    unevaluated
                        .as_ref()
                        .map(|u| ("unevaluatedProperties".to_owned(), u.json(cx, depth + 1))),
                );
            }
            Node::Array {
                ty,
                items,
                contains,
                bounds,
            } => {
                map.extend(ty.value().map(|t| ("type".to_owned(), t)));
                match items {
                    Items::Absent => {}
                    Items::One(node) => {
                        map.insert("items".into(), node.json(cx, depth + 1));
                    }
                    Items::Tuple(nodes, rest) => {
                        let items = nodes
                            .iter()
                            .take(4)
                            .map(|n| n.json(cx, depth + 1))
                            .collect();
                        let rest = rest.as_ref().map(|r| r.json(cx, depth));
                        put(&mut map, cx.d.tuple(items, rest));
                    }
                }
                map.extend(
                    contains
                        .as_ref()
                        .map(|c| ("contains".to_owned(), c.json(cx, depth + 1))),
                );
                if let Some((min, unique)) = bounds {
                    map.insert("minItems".into(), json!(min % 4));
                    map.insert("maxItems".into(), json!(min % 4 + 2));
                    map.insert("uniqueItems".into(), json!(unique));
                }
            }
            Node::Compose(kind, nodes, ty) => {
                let keyword = match kind {
                    Composition::AllOf => "allOf",
                    Composition::AnyOf => "anyOf",
                    Composition::OneOf => "oneOf",
                };
                let nodes: Vec<Value> = nodes
                    .iter()
                    .take(4)
                    .map(|n| n.json(cx, depth + 1))
                    .collect();
                map.insert(keyword.into(), json!(nodes));
                map.extend(ty.value().map(|t| ("type".to_owned(), t)));
            }
            Node::Not(node) => {
                map.insert("not".into(), node.json(cx, depth + 1));
            }
            Node::If(condition, then, otherwise) => {
                map.insert("if".into(), condition.json(cx, depth + 1));
                map.extend(
                    then.as_ref()
                        .map(|n| ("then".to_owned(), n.json(cx, depth + 1))),
                );
                map.extend(
                    otherwise
                        .as_ref()
                        .map(|n| ("else".to_owned(), n.json(cx, depth + 1))),
                );
            }
            Node::Defs(defs, target) => {
                map.insert(cx.d.defs().into(), schemas(defs, cx, depth));
                map.extend(target.map(|t| ("$ref".to_owned(), t.placeholder())));
            }
            Node::Decorated(decoration, node) => {
                let mut inner = match node.json(cx, depth) {
                    Value::Object(inner) => inner,
                    // A boolean schema: nothing to decorate.
                    other => return other,
                };
                match decoration {
                    Decoration::Anchor(i) => {
                        put(&mut inner, vec![cx.d.anchor(pool(shapes::ANCHORS, *i))])
                    }
                    Decoration::Resource(k, declared) => {
                        inner.insert(cx.d.id().into(), json!(format!("sub{}.json", k % 4)));
                        if let Some(declared) = declared {
                            inner.insert(
                                "$schema".into(),
                                json!(pool(&Dialect::ALL, *declared).uri()),
                            );
                        }
                    }
                    Decoration::Dynamic(i) => put(
                        &mut inner,
                        vec![cx.d.dynamic_anchor(pool(shapes::ANCHORS, *i))],
                    ),
                    Decoration::Annotations(i) => {
                        let value = shapes::value(*i as usize);
                        inner.insert("description".into(), json!("Described, with a default."));
                        inner.insert("default".into(), value.clone());
                        inner.insert("examples".into(), json!([value]));
                    }
                }
                return Value::Object(inner);
            }
        }
        Value::Object(map)
    }
}

impl Input {
    fn document(&self) -> Value {
        let d = pool(&Dialect::ALL, self.dialect);
        let cx = Cx {
            d,
            budget: std::cell::Cell::new(MAX_NODES),
        };
        let mut root = match self.root.json(&cx, 0) {
            Value::Object(map) => map,
            other => Map::from_iter([("allOf".to_owned(), json!([other]))]),
        };
        match self.declared {
            Declared::Same => {
                root.insert("$schema".into(), json!(d.uri()));
            }
            Declared::Nothing => {}
            Declared::Other(i) => {
                root.insert("$schema".into(), json!(pool(&Dialect::ALL, i).uri()));
            }
        }
        if !self.defs.is_empty() {
            // The definitions get a budget of their own.
            cx.budget.set(MAX_NODES);
            root.insert(d.defs().into(), schemas(&self.defs, &cx, 0));
        }
        if let Some(i) = self.dynamic_anchor {
            put(&mut root, vec![d.dynamic_anchor(pool(shapes::ANCHORS, i))]);
        }
        let draft4 = root.get("$schema") == Some(&json!(Dialect::D4.uri()));
        let mut doc = Value::Object(root);
        shapes::resolve_targets(&mut doc, draft4);
        doc
    }

    fn options(&self) -> Options {
        let options = match self.mode % 4 {
            0 => Options::default(),
            1 => Options::strict(),
            2 => Options::default()
                .with_mode(Mode::Tolerant {
                    checks: true,
                    validators: true,
                })
                .with_index(true),
            _ => Options::default().with_defaults(Defaults::Serde),
        };
        let draft = [
            schemagen::Draft::Draft2020_12,
            schemagen::Draft::Draft2019_09,
            schemagen::Draft::Draft7,
            schemagen::Draft::Draft6,
            schemagen::Draft::Draft4,
        ][self.default_draft as usize % 5];
        options.with_default_draft(draft)
    }
}

/// A line rustc refuses though syn parses it.
fn refused_by_rustc(code: &str) -> Option<&str> {
    code.lines().find(|line| {
        line.chars().any(|c| {
            matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                || (c.is_control() && c != '\t')
        })
    })
}

fuzz_target!(|input: Input| {
    let doc = input.document();
    let outcome = Generator::new(input.options())
        .document(shapes::DOCUMENT_URI, doc.clone())
        .run();
    match &outcome.code {
        Ok(code) => {
            if let Err(e) = syn::parse_file(code) {
                panic!("the output does not parse ({e}): {doc}");
            }
            if let Some(line) = refused_by_rustc(code) {
                panic!("rustc refuses {}: {doc}", line.escape_debug());
            }
        }
        Err(errors) => {
            for e in &errors.0 {
                assert!(!matches!(e, Error::Internal { .. }), "{e}: {doc}");
                drop(e.to_string());
            }
        }
    }
});
