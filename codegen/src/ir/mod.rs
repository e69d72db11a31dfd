//! The intermediate representation: Rust-shaped types, independent of JSON
//! Schema syntax. [`convert`] builds it from the schema, [`recursion`] makes
//! recursion finite, [`settings`] applies the settings that name types
//! (replacements, renames, derives, visibility), [`analysis`] works out
//! what the emitter needs to know, and [`manifest`] describes it for other
//! tools.

pub mod analysis;
pub mod convert;
pub mod manifest;
pub mod names;
pub mod recursion;
pub mod settings;

pub use manifest::Manifest;

use crate::error::Location;
use crate::schema::resolve::NodeId;
use serde_json::Value;
use std::collections::BTreeSet;

/// Index of a [`TypeDef`] in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Every named type of one generation run, in a deterministic order.
#[derive(Debug, Default)]
pub struct Ir {
    pub types: Vec<TypeDef>,
    /// The order types are emitted in: by schema location, not by discovery.
    pub order: Vec<TypeId>,
    /// Schema nodes where the types accept values the schema rejects, by
    /// more than the drift the checks report: a `oneOf` whose branches may
    /// overlap, an integer `enum`, an object's `additionalProperties`
    /// schema beside its properties… (Constraint keywords, such as
    /// `pattern`, are not listed: their role says it.)
    pub loose: BTreeSet<NodeId>,
    /// Constraint keywords that the types enforce where they stand: a
    /// tuple's `minItems`, `minimum: 0` of an unsigned integer, an integer
    /// `format`.
    pub modelled: BTreeSet<(NodeId, &'static str)>,
}

impl Ir {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust identifier, unique among the types of the run.
    pub name: String,
    /// The schema node it was generated from.
    pub origin: Location,
    pub node: NodeId,
    pub doc: Option<String>,
    pub body: TypeBody,
}

#[derive(Debug, Clone)]
pub enum TypeBody {
    Struct(Struct),
    /// A string enum, open: unknown values are kept.
    Enum(StringEnum),
    /// `oneOf`/`anyOf` whose branches carry distinct `const` values of one property.
    Tagged(Tagged),
    /// Any other union: the first branch that decodes wins.
    Untagged(Untagged),
    /// A named non-object definition (`type X = T`), or a newtype when the
    /// alias would be recursive.
    Alias {
        ty: Ty,
        newtype: bool,
    },
    /// Reserved while its definition is being converted (never emitted).
    Pending,
    /// An existing Rust type the settings put in its place
    /// ([`crate::Options::with_replace`]): not emitted, and every use of
    /// the type names `path` (a Rust type, checked to parse).
    Replaced {
        path: String,
    },
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The Rust name of the field that keeps unknown properties, if they are kept.
    pub extra: Option<String>,
    /// The schema admits no property beyond the named ones
    /// (`additionalProperties: false`), so a kept one is drift.
    pub closed: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The property name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    /// The schema's `default`, for optional properties.
    pub default: Option<Value>,
    pub deprecated: bool,
    /// The property is marked `"x-secret": true`: a credential, which tools
    /// that print payloads must mask.
    pub secret: bool,
    pub origin: Location,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps any other value.
    pub unknown: String,
    /// Whether values the schema does not list decode (as `unknown`).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub wire: String,
    pub rust: String,
}

#[derive(Debug, Clone)]
pub struct Tagged {
    /// The discriminating property.
    pub tag: String,
    /// (tag value, variant name, the branch type).
    pub variants: Vec<(String, String, Ty)>,
    /// The variant that keeps a payload with a tag value no branch names.
    pub unknown: String,
    /// Whether tag values the schema does not list decode (as `unknown`).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct Untagged {
    pub variants: Vec<(String, Ty)>,
}

/// A type as used by a field, an item or a variant.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Named(TypeId),
    String,
    Bool,
    Int(IntWidth),
    /// `f64`: `number` with format `double` or `float`.
    Float,
    /// `serde_json::Number`: any JSON number, kept exactly as written.
    Number,
    /// `()`: the only value is `null`.
    Unit,
    /// Any JSON value.
    Value,
    /// A free-form JSON object.
    Object,
    Array(Box<Ty>),
    Map(Box<Ty>),
    Tuple(Vec<Ty>),
    Option(Box<Ty>),
    /// Indirection inserted where a type would otherwise contain itself.
    Boxed(Box<Ty>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntWidth {
    const ALL: [IntWidth; 8] = [
        Self::I8,
        Self::I16,
        Self::I32,
        Self::I64,
        Self::U8,
        Self::U16,
        Self::U32,
        Self::U64,
    ];

    /// The width a `format` names, if it names one.
    pub fn from_format(format: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.format() == format)
    }

    /// The narrowest width holding every integer in `[min, max]`; with no
    /// upper bound, `u64` for non-negative values and `i64` otherwise.
    pub fn from_bounds(min: Option<f64>, max: Option<f64>) -> Self {
        match (min, max) {
            (Some(min), Some(max)) if min >= 0.0 => [Self::U8, Self::U16, Self::U32, Self::U64]
                .into_iter()
                .find(|w| max <= w.max())
                .unwrap_or(Self::U64),
            (Some(min), Some(max)) => [Self::I8, Self::I16, Self::I32, Self::I64]
                .into_iter()
                .find(|w| min >= w.min() && max <= w.max())
                .unwrap_or(Self::I64),
            (Some(min), None) if min >= 0.0 => Self::U64,
            _ => Self::I64,
        }
    }

    /// The smallest integer of the width, as a schema bound compares it.
    pub(crate) fn min(self) -> f64 {
        self.range().0 as f64
    }

    /// The largest integer of the width, as a schema bound compares it.
    pub(crate) fn max(self) -> f64 {
        self.range().1 as f64
    }

    /// The `format` that names this width (`int8` … `uint64`).
    pub fn format(self) -> &'static str {
        match self {
            Self::I8 => "int8",
            Self::I16 => "int16",
            Self::I32 => "int32",
            Self::I64 => "int64",
            Self::U8 => "uint8",
            Self::U16 => "uint16",
            Self::U32 => "uint32",
            Self::U64 => "uint64",
        }
    }

    /// The integers this width holds.
    pub fn range(self) -> (i128, i128) {
        schemakit::formats::integer_range(self.format()).expect("every width is a format")
    }

    pub fn rust(self) -> &'static str {
        match self {
            Self::I8 => "i8",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
        }
    }
}
