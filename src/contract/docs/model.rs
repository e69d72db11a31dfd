//! The one model of the reference pages, built from the schema and the generator's manifest, that the Markdown and HTML renderers both read.
//!
//! What the schema states (descriptions, enum values, references,
//! defaults, secrets) comes from the [`SchemaSet`]; every Rust name and
//! type (type names, field names and types, enum variants and the fallback
//! variant) from the generator's [`Manifest`], which says what the
//! generated code holds. Nothing here reads the generated code or names
//! anything itself, and nothing here is text of a page: descriptions stay
//! raw (each renderer makes them safe), types are [`Piece`]s.

use super::super::walk::visit;
use super::super::{Def, SchemaSet};
use schemagen::{FieldInfo, Manifest, TypeInfo, TypeShape};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Which section of the reference a def goes to: objects get a page of
/// their own, enums and the other types an entry in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Object,
    Enum,
    Other,
}

pub(crate) fn section(value: &Value) -> Section {
    if value.get("properties").is_some() {
        Section::Object
    } else if value
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().all(Value::is_string))
    {
        Section::Enum
    } else {
        Section::Other
    }
}

/// The defs that get a page of their own, in the set's order.
pub(crate) fn objects(set: &SchemaSet) -> Vec<&Def> {
    set.defs
        .iter()
        .filter(|d| section(&d.value) == Section::Object)
        .collect()
}

/// One piece of a type as people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Words of the reference's own (`array of `, `, `).
    Word(&'static str),
    /// Schema text shown as words (a type or format as the schema spells it).
    Text(String),
    /// A value or a name shown as code.
    Code(String),
    /// A def: its own page (`page`), or its entry in the index.
    Link { name: String, page: bool },
}

/// A field's type: what it is, whether `null` is allowed, and the enum
/// values it admits, when it is (or refers to) a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape {
    pub pieces: Vec<Piece>,
    pub nullable: bool,
    pub values: Option<Vec<String>>,
}

pub(crate) struct Ctx<'a> {
    pub set: &'a SchemaSet,
    /// Def name → the type generated from it.
    types: BTreeMap<&'a str, &'a TypeInfo>,
    /// Whether a referenced def is being described inline (then the
    /// references it holds are only linked).
    inlining: std::cell::Cell<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(set: &'a SchemaSet, manifest: &'a Manifest) -> Self {
        let types = set
            .defs
            .iter()
            .filter_map(|def| Some((def.name.as_str(), type_of(manifest, def)?)))
            .collect();
        Ctx {
            set,
            types,
            inlining: std::cell::Cell::new(false),
        }
    }

    /// The type generated from the def `name`.
    pub fn type_info(&self, def: &str) -> Option<&'a TypeInfo> {
        self.types.get(def).copied()
    }

    /// The Rust type name of the def `name`, when the generator made one.
    pub fn type_name(&self, def: &str) -> Option<&'a str> {
        self.type_info(def).map(|t| t.name.as_str())
    }
}

/// The type generated from `def`: the one at its location; else the entry
/// at the same pointer in the file spelled the most alike (the set and the
/// generator may name one file differently: `schema/client.json`,
/// `./schema/client.json`, `/abs/schema/client.json`, `file:///…`); else
/// the one entry at that pointer, if there is only one.
pub(crate) fn type_of<'m>(manifest: &'m Manifest, def: &Def) -> Option<&'m TypeInfo> {
    if let Some(found) = manifest.at(&def.file, &def.pointer) {
        return Some(found);
    }
    let same_pointer: Vec<&TypeInfo> = manifest
        .entries()
        .filter(|t| t.location.pointer == def.pointer)
        .collect();
    let score = |t: &TypeInfo| common_tail(&t.location.file, &def.file);
    let best = same_pointer.iter().map(|t| score(t)).max().unwrap_or(0);
    let found: Vec<&TypeInfo> = if best > 0 {
        same_pointer
            .into_iter()
            .filter(|t| score(t) == best)
            .collect()
    } else {
        same_pointer
    };
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// How many path segments two spellings of a file share at their end
/// (`.` and empty segments aside).
pub(crate) fn common_tail(a: &str, b: &str) -> usize {
    let segments = |s: &'_ str| -> Vec<String> {
        s.split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (segments(a), segments(b));
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// An object def's page.
pub(crate) struct ObjectPage<'a> {
    pub def: &'a Def,
    pub description: Option<&'a str>,
    /// The Rust type's name.
    pub rust_type: Option<&'a str>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// The Rust field that keeps unknown properties.
    pub extra: Option<&'a str>,
    pub fields: Vec<Field<'a>>,
    /// The defs that refer to this one, each with its properties that do.
    pub referenced_by: Vec<(String, Vec<String>)>,
}

/// A row of an object page: a property, or a required name without one.
pub(crate) struct Field<'a> {
    pub wire: &'a str,
    /// The Rust field's name and type.
    pub rust: Option<(&'a str, &'a str)>,
    pub shape: Shape,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<&'a str>,
    pub default: Option<&'a Value>,
    /// `x-secret: true`: the value is a credential.
    pub secret: bool,
}

/// The pages of every object def, in the set's order.
pub(crate) fn object_pages<'a>(ctx: &Ctx<'a>) -> Vec<ObjectPage<'a>> {
    let referenced_by = referenced_by(ctx.set);
    objects(ctx.set)
        .into_iter()
        .map(|def| object_page(ctx, def, referenced_by.get(&def.name)))
        .collect()
}

fn object_page<'a>(
    ctx: &Ctx<'a>,
    def: &'a Def,
    used_by: Option<&BTreeSet<(String, String)>>,
) -> ObjectPage<'a> {
    let value = &def.value;
    let info = ctx.type_info(&def.name);
    let (fields, extra): (&[FieldInfo], Option<&str>) = match info.map(|t| &t.shape) {
        Some(TypeShape::Struct { fields, extra, .. }) => (fields, extra.as_deref()),
        _ => (&[], None),
    };
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    let props = value
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new));
    let required: Vec<&str> = value
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // The properties, then the required names without a schema.
    let mut rows: Vec<(&str, Option<&Value>)> = props
        .iter()
        .map(|(wire, prop)| (wire.as_str(), Some(prop)))
        .collect();
    for wire in &required {
        if !props.contains_key(*wire) {
            rows.push((wire, None));
        }
    }
    let rows = rows
        .into_iter()
        .map(|(wire, prop)| Field {
            wire,
            rust: fields
                .iter()
                .find(|f| f.wire == wire)
                .map(|f| (f.rust.as_str(), f.rust_type.as_str())),
            shape: prop.map_or_else(any, |p| describe(ctx, p)),
            required: required.contains(&wire),
            deprecated: prop.and_then(|p| p.get("deprecated")) == Some(&Value::Bool(true)),
            description: prop
                .and_then(|p| p.get("description"))
                .and_then(Value::as_str),
            default: prop.and_then(|p| p.get("default")),
            secret: prop.and_then(|p| p.get("x-secret")) == Some(&Value::Bool(true)),
        })
        .collect();
    let mut by_def: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (source, field) in used_by.into_iter().flatten() {
        by_def.entry(source).or_default().push(field.clone());
    }
    ObjectPage {
        def,
        description: value.get("description").and_then(Value::as_str),
        rust_type: info.map(|t| t.name.as_str()),
        closed: value.get("additionalProperties") == Some(&Value::Bool(false)),
        extra,
        fields: rows,
        referenced_by: by_def
            .into_iter()
            .map(|(def, fields)| (def.to_owned(), fields))
            .collect(),
    }
}

/// An object in the index.
pub(crate) struct ObjectEntry<'a> {
    pub def: &'a Def,
    pub rust_type: Option<&'a str>,
    /// Its description's first sentence, raw.
    pub summary: &'a str,
}

/// An enum in the index.
pub(crate) struct EnumEntry<'a> {
    pub def: &'a Def,
    pub rust_type: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Each value once, with its Rust variant's path (`Type::Variant`).
    pub values: Vec<(&'a str, Option<String>)>,
    /// The fallback variant's path (`Type::Unknown(String)`).
    pub fallback: Option<String>,
}

/// A scalar, union or other type in the index.
pub(crate) struct OtherEntry<'a> {
    pub def: &'a Def,
    pub shape: Shape,
    pub rust_type: Option<&'a str>,
    pub description: Option<&'a str>,
    pub examples: Vec<&'a Value>,
}

/// The index page.
pub(crate) struct Index<'a> {
    pub objects: Vec<ObjectEntry<'a>>,
    pub enums: Vec<EnumEntry<'a>>,
    pub others: Vec<OtherEntry<'a>>,
}

pub(crate) fn index<'a>(ctx: &Ctx<'a>) -> Index<'a> {
    let set = ctx.set;
    let in_section = |s: Section| set.defs.iter().filter(move |d| section(&d.value) == s);
    let objects = in_section(Section::Object)
        .map(|def| ObjectEntry {
            def,
            rust_type: ctx.type_name(&def.name),
            summary: first_sentence(&def.value),
        })
        .collect();
    let enums = in_section(Section::Enum)
        .map(|def| {
            let info = ctx.type_info(&def.name);
            let (variants, fallback): (&[(String, String)], Option<&str>) =
                match info.map(|t| &t.shape) {
                    Some(TypeShape::Enum { variants, fallback }) => (variants, fallback.as_deref()),
                    _ => (&[], None),
                };
            let variant = |name: &str| info.map(|info| format!("{}::{name}", info.name));
            let mut seen = BTreeSet::new();
            let values = def.value["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|v| seen.insert(*v))
                .map(|value| {
                    let rust = variants
                        .iter()
                        .find(|(wire, _)| wire == value)
                        .and_then(|(_, rust)| variant(rust));
                    (value, rust)
                })
                .collect();
            EnumEntry {
                def,
                rust_type: info.map(|t| t.name.as_str()),
                description: def.value.get("description").and_then(Value::as_str),
                values,
                fallback: fallback.and_then(|f| variant(&format!("{f}(String)"))),
            }
        })
        .collect();
    let others = in_section(Section::Other)
        .map(|def| OtherEntry {
            def,
            shape: describe_inline(ctx, &def.value),
            rust_type: ctx.type_name(&def.name),
            description: def.value.get("description").and_then(Value::as_str),
            examples: def
                .value
                .get("examples")
                .and_then(Value::as_array)
                .map(|e| e.iter().collect())
                .unwrap_or_default(),
        })
        .collect();
    Index {
        objects,
        enums,
        others,
    }
}

/// The first sentence of a def's description: up to the first ". "
/// followed by a capital letter, not after "e.g" or "i.e".
fn first_sentence(value: &Value) -> &str {
    let description = value
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let end = description
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let next = description[i + 2..].chars().next();
            let before = &description[..i];
            next.is_some_and(char::is_uppercase)
                && !before.ends_with("e.g")
                && !before.ends_with("i.e")
        })
        .map_or(description.len(), |i| i + 1);
    &description[..end]
}

/// A string value without JSON quotes; other values as JSON.
pub(crate) fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn any() -> Shape {
    Shape {
        pieces: vec![Piece::Word("any")],
        nullable: false,
        values: None,
    }
}

/// A property's type.
pub(crate) fn describe(ctx: &Ctx<'_>, value: &Value) -> Shape {
    if value.is_null() {
        return any();
    }
    describe_inline(ctx, value)
}

/// The def a `$ref` names (`#/$defs/Name…`), or the reference itself.
pub(crate) fn ref_name(reference: &str) -> &str {
    reference
        .strip_prefix("#/$defs/")
        .map(|n| n.split('/').next().unwrap_or(n))
        .unwrap_or(reference)
}

fn link(ctx: &Ctx<'_>, name: &str) -> (Vec<Piece>, Option<Vec<String>>) {
    let Some(def) = ctx.set.get(name) else {
        return (vec![Piece::Code(name.to_owned())], None);
    };
    let to = |page: bool| Piece::Link {
        name: name.to_owned(),
        page,
    };
    match section(&def.value) {
        Section::Object => (vec![to(true)], None),
        Section::Enum => (
            vec![to(false)],
            def.value["enum"].as_array().map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
        ),
        // Described here, and not through the references it holds in
        // turn (those are only linked): a chain of unions would multiply
        // at every level.
        Section::Other if ctx.inlining.get() => (vec![to(false)], None),
        Section::Other => {
            ctx.inlining.set(true);
            let inner = describe_inline(ctx, &def.value);
            ctx.inlining.set(false);
            let mut pieces = vec![to(false), Piece::Word(": ")];
            pieces.extend(inner.pieces);
            (pieces, inner.values)
        }
    }
}

/// `parts` joined by `sep`.
fn join(parts: Vec<Vec<Piece>>, sep: &'static str) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(Piece::Word(sep));
        }
        out.extend(part);
    }
    out
}

pub(crate) fn describe_inline(ctx: &Ctx<'_>, value: &Value) -> Shape {
    let mut nullable = false;
    let mut values = None;
    let pieces = if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let (pieces, v) = link(ctx, ref_name(reference));
        values = v;
        pieces
    } else if let Some(branches) = value
        .get("anyOf")
        .or_else(|| value.get("oneOf"))
        .and_then(Value::as_array)
    {
        let mut parts = Vec::new();
        for branch in branches {
            if branch.get("type").and_then(Value::as_str) == Some("null") {
                nullable = true;
                continue;
            }
            let shape = describe_inline(ctx, branch);
            nullable |= shape.nullable;
            if values.is_none() {
                values = shape.values;
            }
            parts.push(shape.pieces);
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            let mut pieces = vec![Piece::Word("one of ")];
            pieces.extend(join(parts, ", "));
            pieces
        }
    } else if let Some(constant) = value.get("const") {
        vec![
            Piece::Code(constant.to_string()),
            Piece::Word(" (constant)"),
        ]
    } else {
        let mut types: Vec<String> = match value.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        if types.iter().any(|t| t == "null") {
            nullable = true;
            types.retain(|t| t != "null");
        }
        if let Some(Value::Array(list)) = value.get("enum") {
            values = Some(list.iter().map(plain).collect());
        }
        let format = value.get("format").and_then(Value::as_str);
        let described: Vec<Vec<Piece>> = types
            .iter()
            .map(|t| match t.as_str() {
                "array" => array(ctx, value),
                "object" if value.get("properties").is_none() => {
                    vec![Piece::Word("object (free-form)")]
                }
                other => match format {
                    Some(format) => vec![
                        Piece::Text(other.to_owned()),
                        Piece::Word(" ("),
                        Piece::Text(format.to_owned()),
                        Piece::Word(")"),
                    ],
                    None => vec![Piece::Text(other.to_owned())],
                },
            })
            .collect();
        if described.is_empty() {
            vec![Piece::Word("any")]
        } else {
            join(described, " or ")
        }
    };
    Shape {
        pieces,
        nullable,
        values,
    }
}

fn array(ctx: &Ctx<'_>, value: &Value) -> Vec<Piece> {
    if let Some(Value::Array(prefix)) = value.get("prefixItems") {
        let items = prefix
            .iter()
            .map(|p| describe_inline(ctx, p).pieces)
            .collect();
        let mut pieces = vec![Piece::Word("tuple [")];
        pieces.extend(join(items, ", "));
        pieces.push(Piece::Word("]"));
        return pieces;
    }
    match value.get("items") {
        Some(items) if items.is_object() => {
            let shape = describe_inline(ctx, items);
            let mut pieces = vec![Piece::Word("array of ")];
            pieces.extend(shape.pieces);
            if shape.nullable {
                pieces.push(Piece::Word(" or null"));
            }
            pieces
        }
        _ => vec![Piece::Word("array")],
    }
}

/// The defs a schema refers to, by name, in the order found.
pub(crate) fn references(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    visit(value, "", &mut |obj, _| {
        if let Some(target) = obj
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            out.push(target.split('/').next().unwrap_or(target).to_owned());
        }
    });
    out
}

/// For each def, which (def, property) refer to it.
fn referenced_by(set: &SchemaSet) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for def in &set.defs {
        let Some(props) = def.value.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (wire, prop) in props {
            for target in references(prop) {
                out.entry(target)
                    .or_default()
                    .insert((def.name.clone(), wire.clone()));
            }
        }
    }
    out
}
