// A proptest strategy for whole schema documents of every draft, built to
// reach what seeded random trees missed: `type` arrays mixing object and
// array with other types (object and array keywords beside them), `$ref`
// with sibling keywords, references to ancestors, `#`, definitions, anchors
// and tuple items, embedded resources, `$recursiveRef`/`$dynamicRef`, each
// draft's forms (tuple `items`, `dependencies`, boolean exclusive bounds,
// `id`), compositions and conditionals, enums of mixed values, patterns
// valid and not, and awkward names. Included after schema_shapes.rs (whose
// items and imports it uses), by codegen/tests/structured.rs and by the
// suite's build script, which compiles a seeded sample.

use proptest::prelude::*;
use proptest::sample::{select, Index};

type Schema = BoxedStrategy<Value>;

/// A document: a root schema with definitions, a `$schema` naming the draft
/// whose forms it uses (or, now and then, another draft, or none).
pub fn structured_schema() -> impl Strategy<Value = Value> {
    select(Dialect::ALL.to_vec())
        .prop_flat_map(|dialect| {
            (
                Just(dialect),
                prop_oneof![12 => Just(Some(dialect)), 3 => Just(None), 1 => select(Dialect::ALL.to_vec()).prop_map(Some)],
                schema(dialect),
                prop::collection::vec((name(), schema(dialect)), 0..4),
                prop::option::weighted(0.2, select(ANCHORS)),
            )
        })
        .prop_map(|(dialect, declared, root, defs, dynamic)| {
            let mut root = match root {
                Value::Object(map) => map,
                other => Map::from_iter([("allOf".to_owned(), json!([other]))]),
            };
            if let Some(declared) = declared {
                root.insert("$schema".into(), json!(declared.uri()));
            }
            if !defs.is_empty() {
                let defs: Map<String, Value> = defs.into_iter().collect();
                root.insert(dialect.defs().into(), Value::Object(defs));
            }
            if let Some(name) = dynamic {
                let (keyword, value) = dialect.dynamic_anchor(name);
                root.insert(keyword.into(), value);
            }
            let mut doc = Value::Object(root);
            resolve_targets(&mut doc, declared == Some(Dialect::D4));
            doc
        })
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => select(NAMES).prop_map(str::to_owned),
        1 => prop::collection::vec(any::<char>(), 0..4).prop_map(String::from_iter),
    ]
}

/// A type name, now and then one that no draft has.
fn type_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![40 => select(TYPES), 1 => select(BAD_TYPES)]
}

/// A pattern, now and then one that is no regular expression (an error in
/// every mode) or beyond the `regex` crate.
fn pattern() -> impl Strategy<Value = &'static str> {
    prop_oneof![20 => select(PATTERNS), 1 => select(BAD_PATTERNS)]
}

fn any_value() -> impl Strategy<Value = Value> {
    (0..64usize).prop_map(value)
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        8 => any::<u8>().prop_map(Target::Root),
        12 => any::<u8>().prop_map(Target::Ancestor),
        12 => any::<u8>().prop_map(Target::Def),
        6 => any::<u8>().prop_map(Target::Anchor),
        6 => any::<u8>().prop_map(Target::Tuple),
        6 => any::<u8>().prop_map(Target::Any),
        3 => any::<u8>().prop_map(Target::Resource),
        // Rare: one in a document is enough for an error.
        1 => any::<u8>().prop_map(Target::Dangling),
    ]
}

/// A `type`: one name, or an array mixing object or array with others
/// (now and then with a name twice, which is an error).
fn type_value(with: &'static str) -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(json!(with)),
        3 => (prop::collection::vec(type_name(), 1..4), prop::bool::weighted(0.05))
            .prop_map(move |(mut types, twice)| {
                let at = types.len() / 2;
                types.insert(at, with);
                if !twice {
                    let mut seen = Vec::new();
                    types.retain(|t| !seen.contains(t) && { seen.push(*t); true });
                }
                json!(types)
            }),
        1 => Just(json!([with, "null"])),
    ]
}

/// Schemas without subschemas.
fn leaf(dialect: Dialect) -> Schema {
    let string = (
        prop::option::of(0..4u64),
        prop::option::of(pattern()),
        prop::option::of(select(FORMATS)),
    )
        .prop_map(|(min, pattern, format)| {
            let mut map = Map::from_iter([("type".to_owned(), json!("string"))]);
            map.extend(min.map(|n| ("minLength".to_owned(), json!(n))));
            map.extend(pattern.map(|p| ("pattern".to_owned(), json!(p))));
            map.extend(format.map(|f| ("format".to_owned(), json!(f))));
            Value::Object(map)
        });
    let number = (
        select(vec!["integer", "number"]),
        prop::option::of(select(FORMATS)),
        prop::option::of(-5..5i64),
        prop::option::of(-5..5i64),
        any::<bool>(),
    )
        .prop_map(move |(ty, format, min, max, exclusive)| {
            let mut map = Map::from_iter([("type".to_owned(), json!(ty))]);
            map.extend(format.map(|f| ("format".to_owned(), json!(f))));
            if exclusive {
                let bounds = dialect.exclusive(min.map(|n| n as f64), max.map(|n| n as f64));
                map.extend(bounds.into_iter().map(|(k, v)| (k.to_owned(), v)));
            } else {
                map.extend(min.map(|n| ("minimum".to_owned(), json!(n))));
                map.extend(max.map(|n| ("maximum".to_owned(), json!(n))));
            }
            Value::Object(map)
        });
    let simple = type_name().prop_map(|ty| json!({ "type": ty }));
    // A `type` array with object or array in it, and nothing else.
    let bare_union =
        prop_oneof![type_value("object"), type_value("array")].prop_map(|ty| json!({ "type": ty }));
    let enumeration =
        prop::collection::vec(any_value(), 0..5).prop_map(|values| json!({ "enum": values }));
    let constant = any_value().prop_map(|value| json!({ "const": value }));
    let reference = target().prop_map(|t| json!({ "$ref": t.placeholder() }));
    let dynamic = select(ANCHORS).prop_map(move |name| {
        let (keyword, value) = dialect.dynamic_ref(name);
        json!({ keyword: value })
    });
    prop_oneof![
        3 => string,
        3 => number,
        2 => simple,
        2 => bare_union,
        2 => enumeration,
        1 => constant,
        4 => reference,
        1 => dynamic,
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(json!({})),
    ]
    .boxed()
}

/// Any schema, nested a few levels.
fn schema(dialect: Dialect) -> Schema {
    leaf(dialect)
        .prop_recursive(4, 24, 4, move |inner| {
            let node = prop_oneof![
                4 => object(dialect, inner.clone()),
                3 => array(dialect, inner.clone()),
                4 => reference_with_siblings(inner.clone()),
                3 => composition(inner.clone()),
                1 => conditional(inner.clone()),
                1 => local_definitions(dialect, inner.clone()),
            ];
            (node, decoration(dialect)).prop_map(|(node, extra)| decorate(node, extra))
        })
        .boxed()
}

/// An object schema: its `type` (or none), properties, `required` (named
/// and not), `additionalProperties`, `patternProperties`, dependencies.
fn object(dialect: Dialect, inner: Schema) -> Schema {
    (
        prop::option::weighted(0.8, type_value("object")),
        prop::collection::vec((name(), inner.clone()), 0..4),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::option::of(select(NAMES)),
        prop_oneof![
            2 => Just(None),
            1 => any::<bool>().prop_map(|b| Some(json!(b))),
            1 => inner.clone().prop_map(Some),
        ],
        prop::collection::vec((pattern(), inner.clone()), 0..2),
        prop::option::weighted(
            0.2,
            (
                prop::collection::vec(
                    (select(NAMES), prop::collection::vec(select(NAMES), 0..3)),
                    0..2,
                ),
                prop::collection::vec((select(NAMES), inner.clone()), 0..2),
                any::<bool>(),
            ),
        ),
        prop::option::weighted(0.1, inner),
    )
        .prop_map(
            move |(
                ty,
                properties,
                required,
                unknown,
                additional,
                patterns,
                dependencies,
                unevaluated,
            )| {
                let mut map = Map::new();
                map.extend(ty.map(|ty| ("type".to_owned(), ty)));
                let mut names: Vec<String> = Vec::new();
                if !properties.is_empty() {
                    names = properties.iter().map(|(name, _)| name.clone()).collect();
                    map.insert(
                        "properties".into(),
                        Value::Object(properties.into_iter().collect()),
                    );
                }
                let mut required: Vec<String> = if names.is_empty() {
                    Vec::new()
                } else {
                    required.iter().map(|i| i.get(&names).clone()).collect()
                };
                required.extend(unknown.map(str::to_owned));
                if !required.is_empty() {
                    map.insert("required".into(), json!(required));
                }
                map.extend(additional.map(|a| ("additionalProperties".to_owned(), a)));
                if !patterns.is_empty() {
                    let patterns = patterns.into_iter().map(|(p, s)| (p.to_owned(), s));
                    map.insert(
                        "patternProperties".into(),
                        Value::Object(patterns.collect()),
                    );
                }
                if let Some((names, schemas, legacy)) = dependencies {
                    let names = names
                        .into_iter()
                        .map(|(n, ns)| (n.to_owned(), ns.into_iter().map(str::to_owned).collect()))
                        .collect();
                    let schemas = schemas
                        .into_iter()
                        .map(|(n, s)| (n.to_owned(), s))
                        .collect();
                    let deps = dialect.dependencies(names, schemas, legacy);
                    map.extend(deps.into_iter().map(|(k, v)| (k.to_owned(), v)));
                }
                map.extend(unevaluated.map(|u| ("unevaluatedProperties".to_owned(), u)));
                Value::Object(map)
            },
        )
        .boxed()
}

/// An array schema: one `items`, or a tuple and what follows it, with
/// `contains` and bounds now and then.
fn array(dialect: Dialect, inner: Schema) -> Schema {
    (
        prop::option::weighted(0.8, type_value("array")),
        prop_oneof![
            1 => Just(None),
            2 => inner.clone().prop_map(|items| Some((vec![items], None, false))),
            3 => (
                prop::collection::vec(inner.clone(), 0..4),
                prop::option::of(prop_oneof![any::<bool>().prop_map(Value::Bool), inner.clone()]),
            )
                .prop_map(|(items, rest)| Some((items, rest, true))),
        ],
        prop::option::weighted(0.15, inner),
        prop::option::of((0..3u64, any::<bool>())),
    )
        .prop_map(move |(ty, items, contains, bounds)| {
            let mut map = Map::new();
            map.extend(ty.map(|ty| ("type".to_owned(), ty)));
            match items {
                Some((items, rest, true)) => {
                    let tuple = dialect.tuple(items, rest);
                    map.extend(tuple.into_iter().map(|(k, v)| (k.to_owned(), v)));
                }
                Some((mut items, _, false)) => {
                    map.insert("items".into(), items.remove(0));
                }
                None => {}
            }
            map.extend(contains.map(|c| ("contains".to_owned(), c)));
            if let Some((min, unique)) = bounds {
                map.insert("minItems".into(), json!(min));
                map.insert("maxItems".into(), json!(min + 2));
                map.insert("uniqueItems".into(), json!(unique));
            }
            Value::Object(map)
        })
        .boxed()
}

/// A `$ref` with keywords beside it, which draft 07 and earlier ignore and
/// later drafts apply too.
fn reference_with_siblings(inner: Schema) -> Schema {
    let sibling = prop_oneof![
        3 => prop_oneof![type_value("object"), type_value("array"), type_name().prop_map(|t| json!(t))]
            .prop_map(|t| ("type".to_owned(), t)),
        2 => prop::collection::vec((name(), inner.clone()), 1..3)
            .prop_map(|p| ("properties".to_owned(), Value::Object(p.into_iter().collect()))),
        2 => prop::collection::vec(select(NAMES), 1..3).prop_map(|r| ("required".to_owned(), json!(r))),
        1 => inner.clone().prop_map(|items| ("items".to_owned(), items)),
        1 => any::<bool>().prop_map(|b| ("additionalProperties".to_owned(), json!(b))),
        1 => Just(("description".to_owned(), json!("A reference, described."))),
        1 => any_value().prop_map(|v| ("default".to_owned(), v)),
        1 => Just(("title".to_owned(), json!("Referenced"))),
        1 => inner.prop_map(|s| ("allOf".to_owned(), json!([s]))),
    ];
    (target(), prop::collection::vec(sibling, 1..4))
        .prop_map(|(target, siblings)| {
            let mut map = Map::from_iter([("$ref".to_owned(), target.placeholder())]);
            map.extend(siblings);
            Value::Object(map)
        })
        .boxed()
}

/// `allOf`, `anyOf`, `oneOf` or `not`, sometimes with a `type` beside.
fn composition(inner: Schema) -> Schema {
    (
        select(vec!["allOf", "anyOf", "oneOf", "not"]),
        prop::collection::vec(inner, 1..4),
        prop::option::weighted(
            0.3,
            prop_oneof![type_value("object"), type_name().prop_map(|t| json!(t))],
        ),
    )
        .prop_map(|(keyword, mut schemas, ty)| {
            let mut map = Map::new();
            if keyword == "not" {
                map.insert("not".into(), schemas.remove(0));
            } else {
                map.insert(keyword.into(), json!(schemas));
            }
            map.extend(ty.map(|ty| ("type".to_owned(), ty)));
            Value::Object(map)
        })
        .boxed()
}

fn conditional(inner: Schema) -> Schema {
    (
        inner.clone(),
        prop::option::of(inner.clone()),
        prop::option::of(inner),
    )
        .prop_map(|(condition, then, otherwise)| {
            let mut map = Map::from_iter([("if".to_owned(), condition)]);
            map.extend(then.map(|s| ("then".to_owned(), s)));
            map.extend(otherwise.map(|s| ("else".to_owned(), s)));
            Value::Object(map)
        })
        .boxed()
}

/// Definitions below the root, with a reference beside them.
fn local_definitions(dialect: Dialect, inner: Schema) -> Schema {
    (
        prop::collection::vec((name(), inner), 1..3),
        prop::option::of(target()),
    )
        .prop_map(move |(defs, target)| {
            let mut map = Map::new();
            map.insert(
                dialect.defs().into(),
                Value::Object(defs.into_iter().collect()),
            );
            map.extend(target.map(|t| ("$ref".to_owned(), t.placeholder())));
            Value::Object(map)
        })
        .boxed()
}

/// What may stand beside any keyword: an anchor, an embedded resource (now
/// and then of another draft), a dynamic anchor, annotations.
#[derive(Clone, Debug)]
enum Decoration {
    None,
    Anchor(&'static str),
    Resource(u8, Option<Dialect>),
    Dynamic(&'static str),
    Annotations(Value),
}

fn decoration(dialect: Dialect) -> impl Strategy<Value = (Dialect, Decoration)> {
    let decoration = prop_oneof![
        8 => Just(Decoration::None),
        2 => select(ANCHORS).prop_map(Decoration::Anchor),
        1 => (0..4u8, prop::option::weighted(0.3, select(Dialect::ALL.to_vec())))
            .prop_map(|(k, d)| Decoration::Resource(k, d)),
        1 => select(ANCHORS).prop_map(Decoration::Dynamic),
        2 => any_value().prop_map(Decoration::Annotations),
    ];
    (Just(dialect), decoration)
}

fn decorate(node: Value, (dialect, extra): (Dialect, Decoration)) -> Value {
    let Value::Object(mut map) = node else {
        return node;
    };
    match extra {
        Decoration::None => {}
        Decoration::Anchor(name) => {
            let (keyword, value) = dialect.anchor(name);
            map.insert(keyword.into(), value);
        }
        Decoration::Resource(k, declared) => {
            map.insert(dialect.id().into(), json!(format!("sub{k}.json")));
            if let Some(declared) = declared {
                map.insert("$schema".into(), json!(declared.uri()));
            }
        }
        Decoration::Dynamic(name) => {
            let (keyword, value) = dialect.dynamic_anchor(name);
            map.insert(keyword.into(), value);
        }
        Decoration::Annotations(value) => {
            map.insert("description".into(), json!("Described, with a default."));
            map.insert("default".into(), value.clone());
            map.insert("examples".into(), json!([value]));
        }
    }
    Value::Object(map)
}
