// What the structure-aware schema generators share: the proptest strategy
// (schema_strategy.rs, included after this file) and the fuzz target
// fuzz/fuzz_targets/generate_structured.rs. Pools of awkward names, values
// and patterns; each draft's spelling of the keywords that changed; and the
// pass that turns reference placeholders into references that resolve (to an
// ancestor, `#`, a definition, an anchor, a tuple item, an embedded resource),
// so that most generated `$ref`s reach something. Included (no `//!`), by
// `include!` into a module of its own; needs serde_json only.

use serde_json::{json, Map, Value};

/// The URI every structured document is generated at: embedded resources
/// (`sub{k}.json`) sit beside it, and a reference from one of them back into
/// the document names it (`root.json#/…`).
pub const DOCUMENT_URI: &str = "https://structured.invalid/root.json";

/// The drafts, each with its own spelling of what changed between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

impl Dialect {
    pub const ALL: [Dialect; 5] = [
        Dialect::D4,
        Dialect::D6,
        Dialect::D7,
        Dialect::D2019,
        Dialect::D2020,
    ];

    /// The `$schema` that names the draft.
    pub fn uri(self) -> &'static str {
        match self {
            Dialect::D4 => "http://json-schema.org/draft-04/schema#",
            Dialect::D6 => "http://json-schema.org/draft-06/schema#",
            Dialect::D7 => "http://json-schema.org/draft-07/schema#",
            Dialect::D2019 => "https://json-schema.org/draft/2019-09/schema",
            Dialect::D2020 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    pub fn defs(self) -> &'static str {
        match self {
            Dialect::D4 | Dialect::D6 | Dialect::D7 => "definitions",
            _ => "$defs",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Dialect::D4 => "id",
            _ => "$id",
        }
    }

    /// A plain-name anchor: `id: "#name"` (04), `$id: "#name"` (06, 07),
    /// `$anchor: "name"` (2019-09 on).
    pub fn anchor(self, name: &str) -> (&'static str, Value) {
        match self {
            Dialect::D4 => ("id", json!(format!("#{name}"))),
            Dialect::D6 | Dialect::D7 => ("$id", json!(format!("#{name}"))),
            _ => ("$anchor", json!(name)),
        }
    }

    /// What makes a resource a target of the draft's dynamic references
    /// (older drafts get 2020-12's, which they do not know).
    pub fn dynamic_anchor(self, name: &str) -> (&'static str, Value) {
        match self {
            Dialect::D2019 => ("$recursiveAnchor", json!(true)),
            _ => ("$dynamicAnchor", json!(name)),
        }
    }

    pub fn dynamic_ref(self, name: &str) -> (&'static str, Value) {
        match self {
            Dialect::D2019 => ("$recursiveRef", json!("#")),
            _ => ("$dynamicRef", json!(format!("#{name}"))),
        }
    }

    /// Tuple items: `items: [...]` and `additionalItems` up to 2019-09,
    /// `prefixItems` and `items` in 2020-12.
    pub fn tuple(self, items: Vec<Value>, rest: Option<Value>) -> Vec<(&'static str, Value)> {
        let (tuple, after) = match self {
            Dialect::D2020 => ("prefixItems", "items"),
            _ => ("items", "additionalItems"),
        };
        let mut out = vec![(tuple, Value::Array(items))];
        out.extend(rest.map(|rest| (after, rest)));
        out
    }

    /// `dependencies` (both forms in one) up to draft 07, or when `legacy`;
    /// `dependentRequired` and `dependentSchemas` from 2019-09.
    pub fn dependencies(
        self,
        required: Vec<(String, Vec<String>)>,
        schemas: Vec<(String, Value)>,
        legacy: bool,
    ) -> Vec<(&'static str, Value)> {
        let required = required
            .into_iter()
            .map(|(name, names)| (name, json!(names)));
        if legacy || matches!(self, Dialect::D4 | Dialect::D6 | Dialect::D7) {
            let all: Map<String, Value> = required.chain(schemas).collect();
            return vec![("dependencies", Value::Object(all))];
        }
        vec![
            ("dependentRequired", Value::Object(required.collect())),
            (
                "dependentSchemas",
                Value::Object(schemas.into_iter().collect()),
            ),
        ]
    }

    /// Exclusive bounds: booleans beside `minimum`/`maximum` in draft 04,
    /// numbers of their own later.
    pub fn exclusive(
        self,
        minimum: Option<f64>,
        maximum: Option<f64>,
    ) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        if self == Dialect::D4 {
            if let Some(min) = minimum {
                out.push(("minimum", json!(min)));
                out.push(("exclusiveMinimum", json!(true)));
            }
            if let Some(max) = maximum {
                out.push(("maximum", json!(max)));
                out.push(("exclusiveMaximum", json!(max > 0.0)));
            }
        } else {
            out.extend(minimum.map(|min| ("exclusiveMinimum", json!(min))));
            out.extend(maximum.map(|max| ("exclusiveMaximum", json!(max))));
        }
        out
    }
}

/// Property and definition names: Rust keywords and prelude names, empty,
/// unicode, and names that collide once made into Rust identifiers.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    "id", "type", "self", "Self", "super", "crate", "fn", "match", "async", "await", "dyn",
    "r#type", "ref", "$ref", "", " ", "_", "__", "-", "2fa", "0", "camelCase", "camel_case",
    "CAMEL-CASE", "camel case", "café", "cafe", "日本", "💥", "extra", "object", "value", "Value",
    "status", "a/b", "a~b", "a%b", "Option", "Some", "None", "Box", "Vec", "String", "Result",
    "Ok", "serde", "std", "core", "Type", "type_", "TYPE", "default", "Default",
];

/// Anchor names, the last ones not allowed as `$anchor`.
pub const ANCHORS: &[&str] = &["node", "Top", "a-b", "a.b_c", "1st", "a b"];

/// Patterns for `pattern` and `patternProperties` that the `regex` crate
/// reads, some only once translated from ECMA 262.
#[rustfmt::skip]
pub const PATTERNS: &[&str] = &[
    "^a", "[a-z]+", "^x-", "\\d+", "^(foo|bar)$", "\\p{L}", ".*", "", "^$", "\\u00e9",
    "^[\\w-]+$", "\\cA",
];

/// Patterns that are no regular expression, or beyond the `regex` crate
/// (lookaround, backreferences), or ECMA-only.
pub const BAD_PATTERNS: &[&str] = &["[", "(", "a{5,1}", "\\", "*", "(?<=x)y", "(a)\\1", "[^]"];

#[rustfmt::skip]
pub const FORMATS: &[&str] = &[
    "int32", "int64", "uint8", "uint64", "double", "float", "date-time", "uuid", "weird", "",
];

#[rustfmt::skip]
pub const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "null", "object", "array",
];

/// Type names no draft has (draft 03's `any`; a typo).
pub const BAD_TYPES: &[&str] = &["any", "int"];

/// Values for `enum`, `const`, `default` and `examples`: every JSON type,
/// strings that collide as variant names, numbers at the edges.
pub fn value(index: usize) -> Value {
    let values = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(u64::MAX),
        json!(i64::MIN),
        json!("a"),
        json!("A"),
        json!(""),
        json!("a-b"),
        json!("a_b"),
        json!("Self"),
        json!("null"),
        json!("1"),
        json!("é"),
        json!("Unknown"),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({"a": 1}),
    ];
    values[index % values.len()].clone()
}

/// What a reference placeholder asks for; the number picks among the
/// candidates (modulo their count) and, for some, a spelling. With no
/// candidate, it becomes `#`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `#` or `""`.
    Root(u8),
    /// An enclosing schema: 0 the parent, 1 the grandparent…
    Ancestor(u8),
    /// An entry of `$defs`/`definitions`, anywhere.
    Def(u8),
    /// A declared anchor (`$anchor`, `$dynamicAnchor`, `$id`/`id: "#name"`).
    Anchor(u8),
    /// An element of tuple `items` or `prefixItems`.
    Tuple(u8),
    /// Any schema in the document (itself included).
    Any(u8),
    /// An embedded resource by its `$id`.
    Resource(u8),
    /// Something that does not resolve, or not to a schema.
    Dangling(u8),
}

/// Placeholders are strings no schema writes: a control character, then
/// the target.
const PLACEHOLDER: char = '\u{1}';

impl Target {
    pub fn placeholder(self) -> Value {
        let (kind, n) = match self {
            Target::Root(n) => ('R', n),
            Target::Ancestor(n) => ('A', n),
            Target::Def(n) => ('D', n),
            Target::Anchor(n) => ('N', n),
            Target::Tuple(n) => ('T', n),
            Target::Any(n) => ('Y', n),
            Target::Resource(n) => ('S', n),
            Target::Dangling(n) => ('X', n),
        };
        json!(format!("{PLACEHOLDER}{kind}{n}"))
    }

    fn parse(text: &str) -> Option<Target> {
        let rest = text.strip_prefix(PLACEHOLDER)?;
        let mut chars = rest.chars();
        let kind = chars.next()?;
        let n: u8 = chars.as_str().parse().ok()?;
        Some(match kind {
            'R' => Target::Root(n),
            'A' => Target::Ancestor(n),
            'D' => Target::Def(n),
            'N' => Target::Anchor(n),
            'T' => Target::Tuple(n),
            'Y' => Target::Any(n),
            'S' => Target::Resource(n),
            _ => Target::Dangling(n),
        })
    }
}

/// A schema's place: the embedded resource it is in (`""` for the
/// document's own) and its JSON pointer within that resource.
#[derive(Clone, Debug)]
struct Place {
    resource: String,
    pointer: String,
}

/// What the first pass finds.
#[derive(Default)]
struct Found {
    schemas: Vec<Place>,
    defs: Vec<Place>,
    tuples: Vec<Place>,
    /// (resource, `#name`).
    anchors: Vec<(String, String)>,
    resources: Vec<String>,
    /// (pointer to the placeholder in the document, the resource it is in,
    /// its enclosing schemas outermost first, the target).
    placeholders: Vec<(String, String, Vec<Place>, Target)>,
}

/// Keywords holding one schema, an array of schemas, a map of schemas.
#[rustfmt::skip]
const ONE: &[&str] = &[
    "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
    "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema",
];
const MANY: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
#[rustfmt::skip]
const MAP: &[&str] = &[
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    "dependencies",
];

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A pointer as a URI fragment: percent-encoded where a fragment may not
/// hold the character, or left `raw` for the reader to cope with.
fn fragment(pointer: &str, raw: bool) -> String {
    if raw {
        return pointer.to_owned();
    }
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Replaces every reference placeholder in `doc` (a document at
/// [`DOCUMENT_URI`]) with a reference to a schema of the kind it asks for,
/// when the document has one (otherwise with one that does not resolve).
/// `draft4`: `id` declares resources and anchors.
pub fn resolve_targets(doc: &mut Value, draft4: bool) {
    let mut found = Found::default();
    walk(
        doc,
        "",
        "",
        String::new(),
        &mut Vec::new(),
        draft4,
        &mut found,
    );
    let reference = |from: &str, to: &Place, raw: bool| {
        let base = if from == to.resource {
            ""
        } else if to.resource.is_empty() {
            "root.json"
        } else {
            &to.resource
        };
        format!("{base}#{}", fragment(&to.pointer, raw))
    };
    let pick = |n: u8, len: usize| (len > 0).then(|| n as usize % len);
    let mut replacements = Vec::new();
    for (at, resource, ancestors, target) in &found.placeholders {
        let raw = |n: u8| n % 4 == 3;
        let dangling = |n: u8| {
            [
                "#/$defs/missing",
                "#/definitions/nope/properties/x",
                "#nope",
                "other.json",
                "https://elsewhere.invalid/x.json#",
                "#/properties",
                "#/%ZZ",
                "#/~2",
                "#/items/99",
                "sub9.json#/",
            ][n as usize % 10]
                .to_owned()
        };
        let target = match *target {
            // A reference beside the root's other keywords that leads back
            // to the root is a cycle (an error): once in a while. Mostly, a
            // definition instead.
            Target::Dangling(n) => Target::Dangling(n),
            Target::Root(n)
            | Target::Ancestor(n)
            | Target::Def(n)
            | Target::Anchor(n)
            | Target::Tuple(n)
            | Target::Any(n)
            | Target::Resource(n)
                if ancestors.is_empty() && n % 8 != 0 =>
            {
                Target::Def(n)
            }
            other => other,
        };
        let text = match target {
            Target::Root(n) => ["#", ""][n as usize % 2].to_owned(),
            Target::Ancestor(n) => match pick(n, ancestors.len()) {
                Some(i) => reference(resource, &ancestors[ancestors.len() - 1 - i], raw(n)),
                None => "#".to_owned(),
            },
            Target::Def(n) => match pick(n, found.defs.len()) {
                Some(i) => reference(resource, &found.defs[i], raw(n)),
                None => "#".to_owned(),
            },
            Target::Tuple(n) => match pick(n, found.tuples.len()) {
                Some(i) => reference(resource, &found.tuples[i], raw(n)),
                None => "#".to_owned(),
            },
            Target::Any(n) => match pick(n, found.schemas.len()) {
                Some(i) => reference(resource, &found.schemas[i], raw(n)),
                None => "#".to_owned(),
            },
            Target::Anchor(n) => match pick(n, found.anchors.len()) {
                Some(i) => {
                    let (home, name) = &found.anchors[i];
                    let base = if home == resource {
                        ""
                    } else if home.is_empty() {
                        "root.json"
                    } else {
                        home
                    };
                    format!("{base}{name}")
                }
                None => "#".to_owned(),
            },
            Target::Resource(n) => match pick(n, found.resources.len()) {
                Some(i) => found.resources[i].clone(),
                None => "#".to_owned(),
            },
            Target::Dangling(n) => dangling(n),
        };
        replacements.push((at.clone(), text));
    }
    for (at, text) in replacements {
        if let Some(slot) = doc.pointer_mut(&at) {
            *slot = Value::String(text);
        }
    }
}

/// The first pass: every schema's place, and every placeholder's context.
/// Recursive, as the generated documents are shallow.
fn walk(
    schema: &Value,
    at: &str,
    resource: &str,
    pointer: String,
    ancestors: &mut Vec<Place>,
    draft4: bool,
    found: &mut Found,
) {
    let Value::Object(map) = schema else {
        found.schemas.push(Place {
            resource: resource.to_owned(),
            pointer,
        });
        return;
    };
    let id_keyword = if draft4 { "id" } else { "$id" };
    let mut resource = resource.to_owned();
    let mut pointer = pointer;
    if let Some(id) = map.get(id_keyword).and_then(Value::as_str) {
        if let Some(name) = id.strip_prefix('#') {
            found.anchors.push((resource.clone(), format!("#{name}")));
        } else if !at.is_empty() {
            resource = id.to_owned();
            pointer = String::new();
            found.resources.push(id.to_owned());
        }
    }
    for keyword in ["$anchor", "$dynamicAnchor"] {
        if let Some(name) = map.get(keyword).and_then(Value::as_str) {
            found.anchors.push((resource.clone(), format!("#{name}")));
        }
    }
    for keyword in ["$ref", "$dynamicRef", "$recursiveRef"] {
        if let Some(target) = map
            .get(keyword)
            .and_then(Value::as_str)
            .and_then(Target::parse)
        {
            found.placeholders.push((
                format!("{at}/{}", escape(keyword)),
                resource.clone(),
                ancestors.clone(),
                target,
            ));
        }
    }
    let here = Place {
        resource: resource.clone(),
        pointer: pointer.clone(),
    };
    found.schemas.push(here.clone());
    ancestors.push(here);
    let mut visit = |child: &Value, step: String, found: &mut Found| {
        walk(
            child,
            &format!("{at}{step}"),
            &resource,
            format!("{pointer}{step}"),
            ancestors,
            draft4,
            found,
        );
    };
    for (key, child) in map {
        let key_step = format!("/{}", escape(key));
        if ONE.contains(&key.as_str()) || key == "items" && !child.is_array() {
            visit(child, key_step, found);
        } else if MANY.contains(&key.as_str()) || key == "items" {
            let Value::Array(items) = child else { continue };
            for (i, item) in items.iter().enumerate() {
                let step = format!("{key_step}/{i}");
                if key == "items" || key == "prefixItems" {
                    found.tuples.push(Place {
                        resource: resource.clone(),
                        pointer: format!("{pointer}{step}"),
                    });
                }
                visit(item, step, found);
            }
        } else if MAP.contains(&key.as_str()) {
            let Value::Object(entries) = child else {
                continue;
            };
            for (name, entry) in entries {
                if !(entry.is_object() || entry.is_boolean()) {
                    continue;
                }
                let step = format!("{key_step}/{}", escape(name));
                if key == "$defs" || key == "definitions" {
                    found.defs.push(Place {
                        resource: resource.clone(),
                        pointer: format!("{pointer}{step}"),
                    });
                }
                visit(entry, step, found);
            }
        }
    }
    ancestors.pop();
}
