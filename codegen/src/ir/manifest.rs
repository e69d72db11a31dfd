//! The manifest: what one run generated, for the tools that build on the
//! generator (reference docs, API diffs, payload judges): every type with
//! its schema location, its shape, its fields with their wire and Rust
//! names and types, and what the types model of the schema. Nothing needs
//! to read the generated Rust text.

use crate::error::Location;
use crate::ir::analysis::Analysis;
use crate::ir::{Field, Ir, Ty, TypeBody, TypeId};
use serde_json::{json, Value};

/// Every generated type, in the order they are emitted, under its final
/// name (after [`crate::Options::with_rename`]); a type an existing one
/// replaces is listed as [`TypeShape::Replaced`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Manifest {
    pub types: Vec<TypeInfo>,
    /// The crates the generated code names, which the crate that compiles
    /// it must depend on: `serde` and `serde_json` always, `regex` when a
    /// validator matches a `pattern`, `schemars` (behind the using crate's
    /// `schemars` feature) when it is derived.
    pub crates: Vec<&'static str>,
}

/// One generated type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TypeInfo {
    /// The Rust type name.
    pub name: String,
    /// The schema node it was generated from.
    pub location: Location,
    /// Whether it stands for a document root or a `$defs` entry (the types
    /// the generated index lists), rather than an inline schema.
    pub entry: bool,
    /// Its documentation: the schema's title and description.
    pub doc: Option<String>,
    pub shape: TypeShape,
    /// Whether decoding into the type, plus its `Check` walk, gives the
    /// schema's whole verdict (every constraint reachable from it is one the
    /// types enforce or report as drift). When false, a value that decodes
    /// without drift may still break a constraint only validation checks
    /// (a `pattern`, a bound, `if`/`then`…).
    pub exact: bool,
    /// Whether a decoded value encodes back to the JSON it came from (no
    /// `f64` on the way).
    pub lossless: bool,
    /// Whether a value of the type can hold drift (an unknown property of a
    /// closed object, an enum value the schema does not list).
    pub may_drift: bool,
}

/// What kind of Rust item a type is.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TypeShape {
    /// A struct with named fields.
    Struct {
        fields: Vec<FieldInfo>,
        /// The field that keeps unknown properties, if they are kept.
        extra: Option<String>,
        /// Whether the schema admits no property beyond the named ones (so a
        /// kept one is drift).
        closed: bool,
    },
    /// A string enum.
    Enum {
        /// (wire value, Rust variant), in schema order.
        variants: Vec<(String, String)>,
        /// The variant that keeps any other value (`None` when the enum is
        /// closed: strict types).
        fallback: Option<String>,
    },
    /// A union told apart by the string value of one property.
    Tagged {
        /// The property.
        tag: String,
        /// (tag value, Rust variant, the variant's Rust type).
        variants: Vec<(String, String, String)>,
        /// The variant that keeps a payload with any other tag value
        /// (`None` when closed).
        fallback: Option<String>,
    },
    /// A union whose first variant that decodes wins.
    Untagged {
        /// (Rust variant, its Rust type).
        variants: Vec<(String, String)>,
    },
    /// `type Name = T`, or `struct Name(T)` when `newtype`.
    Alias { rust_type: String, newtype: bool },
    /// Not generated: an existing Rust type stands in its place
    /// ([`crate::Options::with_replace`]), and every use of the type names it.
    Replaced { rust_type: String },
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FieldInfo {
    /// The property name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// The field's Rust type as declared (`Option<Option<String>>` for an
    /// optional nullable string), with paths short: `String`, `Vec<…>`,
    /// `BTreeMap<String, …>`, `serde_json::Value`.
    pub rust_type: String,
    /// The Rust type of the value itself, without the `Option`s that stand
    /// for "absent" and "null".
    pub value_type: String,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    /// The schema's `default`, for optional properties.
    pub default: Option<Value>,
    pub deprecated: bool,
    /// The property is a credential (`"x-secret": true` on its schema: a
    /// token, a shared secret, backup codes): whatever prints payloads
    /// masks its value.
    pub secret: bool,
    /// The property's schema node.
    pub location: Location,
}

impl Manifest {
    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&TypeInfo> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The type generated from the node at `file`, `pointer`.
    pub fn at(&self, file: &str, pointer: &str) -> Option<&TypeInfo> {
        self.types
            .iter()
            .find(|t| t.location.file == file && t.location.pointer == pointer)
    }

    /// The types that stand for document roots and `$defs` entries.
    pub fn entries(&self) -> impl Iterator<Item = &TypeInfo> {
        self.types.iter().filter(|t| t.entry)
    }

    /// The manifest as JSON, for tools in other languages.
    pub fn to_json(&self) -> Value {
        let types: Vec<Value> = self.types.iter().map(TypeInfo::to_json).collect();
        json!({ "crates": self.crates, "types": types })
    }
}

impl TypeInfo {
    fn to_json(&self) -> Value {
        let shape = match &self.shape {
            TypeShape::Struct {
                fields,
                extra,
                closed,
            } => json!({
                "kind": "struct",
                "extra": extra,
                "closed": closed,
                "fields": fields.iter().map(|f| json!({
                    "wire": f.wire,
                    "rust": f.rust,
                    "rust_type": f.rust_type,
                    "value_type": f.value_type,
                    "required": f.required,
                    "nullable": f.nullable,
                    "doc": f.doc,
                    "default": f.default,
                    "deprecated": f.deprecated,
                    "secret": f.secret,
                    "location": f.location.to_string(),
                })).collect::<Vec<_>>(),
            }),
            TypeShape::Enum { variants, fallback } => json!({
                "kind": "enum",
                "variants": variants.iter().map(|(w, r)| json!({"wire": w, "rust": r})).collect::<Vec<_>>(),
                "fallback": fallback,
            }),
            TypeShape::Tagged {
                tag,
                variants,
                fallback,
            } => json!({
                "kind": "tagged",
                "tag": tag,
                "variants": variants.iter().map(|(v, r, t)| json!({"tag": v, "rust": r, "rust_type": t})).collect::<Vec<_>>(),
                "fallback": fallback,
            }),
            TypeShape::Untagged { variants } => json!({
                "kind": "untagged",
                "variants": variants.iter().map(|(r, t)| json!({"rust": r, "rust_type": t})).collect::<Vec<_>>(),
            }),
            TypeShape::Alias { rust_type, newtype } => json!({
                "kind": if *newtype { "newtype" } else { "alias" },
                "rust_type": rust_type,
            }),
            TypeShape::Replaced { rust_type } => json!({
                "kind": "replaced",
                "rust_type": rust_type,
            }),
        };
        json!({
            "name": self.name,
            "location": self.location.to_string(),
            "entry": self.entry,
            "doc": self.doc,
            "exact": self.exact,
            "lossless": self.lossless,
            "may_drift": self.may_drift,
            "shape": shape,
        })
    }
}

/// Whether a schema location names a document root (`""`) or a top-level
/// `$defs`/`definitions` entry.
pub fn is_entry_point(pointer: &str) -> bool {
    if pointer.is_empty() {
        return true;
    }
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    matches!(segments.as_slice(), ["$defs" | "definitions", _])
}

/// The manifest of `ir`.
pub fn build(ir: &Ir, analysis: &Analysis, crates: Vec<&'static str>) -> Manifest {
    let types = ir
        .order
        .iter()
        .filter(|id| !matches!(ir.get(**id).body, TypeBody::Pending))
        .map(|&id| {
            let def = ir.get(id);
            let shape = match &def.body {
                TypeBody::Struct(s) => TypeShape::Struct {
                    fields: s
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| field(ir, analysis, id, i, f))
                        .collect(),
                    extra: s.extra.clone(),
                    closed: s.closed,
                },
                TypeBody::Enum(e) => TypeShape::Enum {
                    variants: e
                        .variants
                        .iter()
                        .map(|v| (v.wire.clone(), v.rust.clone()))
                        .collect(),
                    fallback: e.open.then(|| e.unknown.clone()),
                },
                TypeBody::Tagged(t) => TypeShape::Tagged {
                    tag: t.tag.clone(),
                    variants: t
                        .variants
                        .iter()
                        .map(|(v, r, ty)| (v.clone(), r.clone(), rust_type(ir, ty)))
                        .collect(),
                    fallback: t.open.then(|| t.unknown.clone()),
                },
                TypeBody::Untagged(u) => TypeShape::Untagged {
                    variants: u
                        .variants
                        .iter()
                        .map(|(r, ty)| (r.clone(), rust_type(ir, ty)))
                        .collect(),
                },
                TypeBody::Alias { ty, newtype } => TypeShape::Alias {
                    rust_type: rust_type(ir, ty),
                    newtype: *newtype,
                },
                TypeBody::Replaced { path } => TypeShape::Replaced {
                    rust_type: path.clone(),
                },
                TypeBody::Pending => unreachable!("filtered out above"),
            };
            TypeInfo {
                name: def.name.clone(),
                location: def.origin.clone(),
                entry: is_entry_point(&def.origin.pointer),
                doc: def.doc.clone(),
                shape,
                exact: analysis.exact[id.0],
                lossless: analysis.lossless[id.0],
                may_drift: analysis.may_drift[id.0],
            }
        })
        .collect();
    Manifest { types, crates }
}

fn field(ir: &Ir, analysis: &Analysis, id: TypeId, index: usize, f: &Field) -> FieldInfo {
    let value_type = rust_type(ir, &f.ty);
    let rust_type = match (f.required, f.nullable) {
        (true, false) => value_type.clone(),
        (true, true) => format!("Option<{value_type}>"),
        (false, true) => format!("Option<Option<{value_type}>>"),
        (false, false) => {
            let serde_default = analysis.serde_defaults && analysis.default_of(id, index).is_some();
            if serde_default {
                value_type.clone()
            } else {
                format!("Option<{value_type}>")
            }
        }
    };
    FieldInfo {
        wire: f.wire.clone(),
        rust: f.rust.clone(),
        rust_type,
        value_type,
        required: f.required,
        nullable: f.nullable,
        doc: f.doc.clone(),
        default: f.default.clone(),
        deprecated: f.deprecated,
        secret: f.secret,
        location: f.origin.clone(),
    }
}

/// A Rust type as people write it, paths short.
pub fn rust_type(ir: &Ir, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => match &ir.get(*id).body {
            TypeBody::Replaced { path } => path.clone(),
            _ => ir.get(*id).name.clone(),
        },
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(width) => width.rust().into(),
        Ty::Float => "f64".into(),
        Ty::Number => "serde_json::Number".into(),
        Ty::Unit => "()".into(),
        Ty::Value => "serde_json::Value".into(),
        Ty::Object => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Array(item) => format!("Vec<{}>", rust_type(ir, item)),
        Ty::Map(value) => format!("BTreeMap<String, {}>", rust_type(ir, value)),
        Ty::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|t| rust_type(ir, t)).collect();
            match items.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", items.join(", ")),
            }
        }
        Ty::Option(inner) => format!("Option<{}>", rust_type(ir, inner)),
        Ty::Boxed(inner) => format!("Box<{}>", rust_type(ir, inner)),
    }
}
