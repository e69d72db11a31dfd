//! What the emitter needs to know about the IR, worked out before emission:
//! each field's default as a value Rust can spell, which structs decode in
//! place, which types can hold drift, and which types model their schema
//! exactly (so that decoding plus the drift walk is the schema's verdict).

use crate::error::Diagnostics;
use crate::ir::{IntWidth, Ir, Ty, TypeBody, TypeId};
use crate::options::{Defaults, Options};
use crate::schema::resolve::{NodeId, Registry};
use crate::schema::roles::{self, Role};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// A schema `default` as a value of the field's Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    String(String),
    Bool(bool),
    Int(IntWidth, i128),
    Float(f64),
    Number(serde_json::Number),
    /// Any JSON value (or a free-form object), as JSON text.
    Json(String),
    EmptyVec,
    EmptyMap,
    /// A value of an open string enum, made with its `From<&str>`.
    Enum(TypeId, String),
}

/// The analyses, each indexed by [`TypeId`].
#[derive(Debug, Default)]
pub struct Analysis {
    /// The defaults Rust can spell, by type and field index.
    defaults: BTreeMap<(TypeId, usize), DefaultValue>,
    /// Whether each tolerant struct decodes in place: every field that is
    /// not an `Option` has a placeholder to start from.
    pub in_place: Vec<bool>,
    /// Whether a value of each type can hold drift (for the `Check` walk).
    pub may_drift: Vec<bool>,
    /// Whether decoding into each type, plus its `Check` walk, gives the
    /// schema's whole verdict: every constraint reachable from the type is
    /// one the types enforce (or report as drift).
    pub exact: Vec<bool>,
    /// Whether each type encodes back to the very JSON it decoded from (no
    /// `f64` on the way, which would write `1` back as `1.0`).
    pub lossless: Vec<bool>,
    /// Whether defaults fill absent fields when decoding (`Defaults::Serde`).
    pub serde_defaults: bool,
}

impl Analysis {
    /// The default of field `field` of struct `id`, when Rust can spell it.
    pub fn default_of(&self, id: TypeId, field: usize) -> Option<&DefaultValue> {
        self.defaults.get(&(id, field))
    }
}

/// Runs every analysis. A default Rust cannot spell is a warning.
pub fn analyse(ir: &Ir, reg: &Registry, opts: &Options, diags: &mut Diagnostics) -> Analysis {
    let defaults = defaults(ir, diags);
    let in_place = InPlace {
        ir,
        opts,
        defaults: &defaults,
        known: HashMap::new(),
        aliases: HashSet::new(),
    }
    .all();
    let may_drift = may_drift(ir);
    let lossless = lossless(ir);
    let exact = exact(ir, reg, opts, &may_drift);
    Analysis {
        serde_defaults: opts.defaults() == Defaults::Serde,
        defaults,
        in_place,
        may_drift,
        exact,
        lossless,
    }
}

/// The default of every optional, non-nullable field that has one, as Rust
/// can spell it; the others are reported.
fn defaults(ir: &Ir, diags: &mut Diagnostics) -> BTreeMap<(TypeId, usize), DefaultValue> {
    let mut out = BTreeMap::new();
    for &id in &ir.order {
        let TypeBody::Struct(s) = &ir.get(id).body else {
            continue;
        };
        for (i, field) in s.fields.iter().enumerate() {
            let Some(value) = field.default.as_ref() else {
                continue;
            };
            if field.required || field.nullable {
                continue;
            }
            match default_value(ir, &field.ty, value) {
                Some(resolved) => {
                    out.insert((id, i), resolved);
                }
                None => diags.warn(
                    field.origin.clone(),
                    format!("`default` {value} is not expressible for this type; the schema keeps it, the Rust type does not"),
                ),
            }
        }
    }
    out
}

/// A schema `default` as a value of `ty`, when the type allows one.
pub fn default_value(ir: &Ir, ty: &Ty, value: &Value) -> Option<DefaultValue> {
    match (ty, value) {
        (Ty::String, Value::String(s)) => Some(DefaultValue::String(s.clone())),
        (Ty::Bool, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
        (Ty::Int(width), Value::Number(n)) => {
            let exact = n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))?;
            let (min, max) = width.range();
            (min..=max)
                .contains(&exact)
                .then_some(DefaultValue::Int(*width, exact))
        }
        (Ty::Float, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
        (Ty::Number, Value::Number(n)) => Some(DefaultValue::Number(n.clone())),
        (Ty::Value, _) | (Ty::Object, Value::Object(_)) => {
            Some(DefaultValue::Json(value.to_string()))
        }
        (Ty::Array(_), Value::Array(items)) if items.is_empty() => Some(DefaultValue::EmptyVec),
        (Ty::Map(_), Value::Object(map)) if map.is_empty() => Some(DefaultValue::EmptyMap),
        (Ty::Named(id), Value::String(s)) => match &ir.get(*id).body {
            TypeBody::Enum(e) if e.open => Some(DefaultValue::Enum(*id, s.clone())),
            TypeBody::Alias { ty, newtype: false } => default_value(ir, ty, value),
            _ => None,
        },
        (Ty::Named(id), _) => match &ir.get(*id).body {
            TypeBody::Alias { ty, newtype: false } => default_value(ir, ty, value),
            _ => None,
        },
        _ => None,
    }
}

/// Which tolerant structs decode in place.
struct InPlace<'a> {
    ir: &'a Ir,
    opts: &'a Options,
    defaults: &'a BTreeMap<(TypeId, usize), DefaultValue>,
    /// `None` while a struct is being worked out.
    known: HashMap<TypeId, Option<bool>>,
    /// The aliases whose placeholder is being worked out.
    aliases: HashSet<TypeId>,
}

impl InPlace<'_> {
    /// Every type's answer, worked out in emission order (the order in
    /// which a struct's answer is first asked decides nothing, but keeps it
    /// reproducible).
    fn all(mut self) -> Vec<bool> {
        let mut out = vec![false; self.ir.types.len()];
        for &id in &self.ir.order {
            out[id.0] = self.struct_in_place(id);
        }
        out
    }

    /// Whether struct `id` decodes in place: every field that is not an
    /// `Option` has a placeholder. A struct that needs itself (through
    /// required fields) has none, and neither has one that needs a union.
    fn struct_in_place(&mut self, id: TypeId) -> bool {
        if self.opts.is_strict() {
            return false;
        }
        match self.known.get(&id) {
            Some(Some(known)) => return *known,
            // Being worked out: a cycle through required fields, which no
            // finite value fills.
            Some(None) => return false,
            None => {}
        }
        let TypeBody::Struct(s) = &self.ir.get(id).body else {
            return false;
        };
        self.known.insert(id, None);
        let known = s.fields.iter().enumerate().all(|(i, f)| {
            // Required and non-null, or optional with a default serde fills
            // in: a plain field, whose placeholder is needed.
            let serde_default =
                self.opts.defaults() == Defaults::Serde && self.defaults.contains_key(&(id, i));
            let plain = !f.nullable && (f.required || serde_default);
            !plain || self.has_placeholder(&f.ty)
        });
        self.known.insert(id, Some(known));
        known
    }

    /// Whether `ty` has a cheap value to decode into: empty strings and
    /// collections, zero, `None`, a string enum's unknown (or first)
    /// variant, a struct's own placeholder.
    fn has_placeholder(&mut self, ty: &Ty) -> bool {
        match ty {
            Ty::String
            | Ty::Bool
            | Ty::Int(_)
            | Ty::Float
            | Ty::Number
            | Ty::Unit
            | Ty::Value
            | Ty::Object
            | Ty::Array(_)
            | Ty::Map(_)
            | Ty::Option(_) => true,
            Ty::Tuple(items) => items.iter().all(|t| self.has_placeholder(t)),
            Ty::Boxed(inner) => self.has_placeholder(inner),
            Ty::Named(id) => match &self.ir.get(*id).body {
                TypeBody::Struct(_) => self.struct_in_place(*id),
                TypeBody::Enum(e) => e.open || !e.variants.is_empty(),
                TypeBody::Alias { ty, .. } => {
                    // An alias that contains itself (through a tuple or a
                    // box) has no finite value.
                    if !self.aliases.insert(*id) {
                        return false;
                    }
                    let found = self.has_placeholder(ty);
                    self.aliases.remove(id);
                    found
                }
                // What an existing type starts from is its own business.
                TypeBody::Tagged(_)
                | TypeBody::Untagged(_)
                | TypeBody::Pending
                | TypeBody::Replaced { .. } => false,
            },
        }
    }
}

/// Whether a value of `ty` can hold drift, given the answer for each named type.
pub fn ty_may_drift(ty: &Ty, may: &[bool]) -> bool {
    match ty {
        Ty::Named(id) => may[id.0],
        Ty::Array(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            ty_may_drift(inner, may)
        }
        Ty::Tuple(items) => items.iter().any(|t| ty_may_drift(t, may)),
        Ty::String
        | Ty::Bool
        | Ty::Int(_)
        | Ty::Float
        | Ty::Number
        | Ty::Unit
        | Ty::Value
        | Ty::Object => false,
    }
}

/// Which types can hold drift: the least fixed point, so that a type that
/// reaches itself only through drift-free parts is drift-free.
fn may_drift(ir: &Ir) -> Vec<bool> {
    least_fixed_point(ir, |body, may| match body {
        TypeBody::Struct(s) => {
            (s.closed && s.extra.is_some()) || s.fields.iter().any(|f| ty_may_drift(&f.ty, may))
        }
        TypeBody::Enum(e) => e.open,
        TypeBody::Tagged(t) => t.open || t.variants.iter().any(|(_, _, ty)| ty_may_drift(ty, may)),
        TypeBody::Untagged(u) => u.variants.iter().any(|(_, ty)| ty_may_drift(ty, may)),
        TypeBody::Alias { ty, .. } => ty_may_drift(ty, may),
        // The drift walk does not enter an existing type.
        TypeBody::Pending | TypeBody::Replaced { .. } => false,
    })
}

/// Which types encode back to the JSON they decoded from: those that reach
/// no `f64`.
fn lossless(ir: &Ir) -> Vec<bool> {
    fn lossy(ty: &Ty, known: &[bool]) -> bool {
        match ty {
            Ty::Float => true,
            Ty::Named(id) => known[id.0],
            Ty::Array(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                lossy(inner, known)
            }
            Ty::Tuple(items) => items.iter().any(|t| lossy(t, known)),
            _ => false,
        }
    }
    let lossy_types = least_fixed_point(ir, |body, known| match body {
        TypeBody::Struct(s) => s.fields.iter().any(|f| lossy(&f.ty, known)),
        TypeBody::Tagged(t) => t.variants.iter().any(|(_, _, ty)| lossy(ty, known)),
        TypeBody::Untagged(u) => u.variants.iter().any(|(_, ty)| lossy(ty, known)),
        TypeBody::Alias { ty, .. } => lossy(ty, known),
        TypeBody::Enum(_) | TypeBody::Pending => false,
        // Unknown, so not promised.
        TypeBody::Replaced { .. } => true,
    });
    lossy_types.into_iter().map(|lossy| !lossy).collect()
}

/// The least set of types for which `holds` is true, given the set so far.
fn least_fixed_point(ir: &Ir, holds: impl Fn(&TypeBody, &[bool]) -> bool) -> Vec<bool> {
    let mut set = vec![false; ir.types.len()];
    loop {
        let mut changed = false;
        for (i, def) in ir.types.iter().enumerate() {
            if !set[i] && holds(&def.body, &set) {
                set[i] = true;
                changed = true;
            }
        }
        if !changed {
            return set;
        }
    }
}

/// Which types model their schema exactly: no schema node reachable from
/// the type's own (through applicator keywords and `$ref`) holds a
/// constraint the types leave to validation, or was typed loosely (see
/// [`Ir::loose`]); and the drift a value can hold is reported by the
/// `Check` walk. Strict types always are: they validate themselves.
fn exact(ir: &Ir, reg: &Registry, opts: &Options, may_drift: &[bool]) -> Vec<bool> {
    if opts.is_strict() {
        return vec![true; ir.types.len()];
    }
    // The reachable schema graph, explored from every type's node.
    let mut edges: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    let mut work: VecDeque<NodeId> = ir.types.iter().map(|d| existing(reg, &d.node)).collect();
    while let Some(node) = work.pop_front() {
        if edges.contains_key(&node) {
            continue;
        }
        let next = successors(reg, &node);
        work.extend(next.iter().cloned());
        edges.insert(node, next);
    }
    // Nodes that lose a constraint, and every node that reaches one.
    let mut reverse: HashMap<&NodeId, Vec<&NodeId>> = HashMap::new();
    for (from, tos) in &edges {
        for to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut tainted: HashSet<&NodeId> = HashSet::new();
    // An existing type in a generated one's place: what it accepts is unknown.
    let replaced: HashSet<NodeId> = ir
        .types
        .iter()
        .filter(|def| matches!(def.body, TypeBody::Replaced { .. }))
        .map(|def| existing(reg, &def.node))
        .collect();
    let mut work: Vec<&NodeId> = edges
        .keys()
        .filter(|node| replaced.contains(node) || loses_a_constraint(ir, reg, opts, node))
        .collect();
    while let Some(node) = work.pop() {
        if tainted.insert(node) {
            work.extend(reverse.get(node).into_iter().flatten().copied());
        }
    }
    ir.types
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let reported = opts.checks() || !may_drift[i];
            reported && !tainted.contains(&existing(reg, &def.node))
        })
        .collect()
}

/// The node itself, or (for a type made of one member of a `type` array,
/// whose node is `…/type/object`) the closest node above it that exists.
fn existing(reg: &Registry, node: &NodeId) -> NodeId {
    reg.schema_node(node)
}

/// The nodes whose schemas apply to the same value or its parts: the
/// subschemas of applicator keywords (not `$defs` or `contentSchema`, which
/// only hold schemas), and the target of `$ref`.
fn successors(reg: &Registry, node: &NodeId) -> Vec<NodeId> {
    let Some(value) = reg.get(node) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    schemakit::keywords::subschemas(roles::DRAFT, value, |suffix, _| {
        let keyword = suffix[1..].split('/').next().unwrap_or_default();
        let holds_only = schemakit::keywords::keyword(roles::DRAFT, keyword).is_some_and(|k| {
            matches!(
                k.family,
                schemakit::Family::Core | schemakit::Family::Content
            )
        });
        if !holds_only {
            out.push(NodeId {
                doc: node.doc,
                pointer: format!("{}{suffix}", node.pointer),
            });
        }
    });
    if let Some(target) = reg.target(node) {
        out.push(target.clone());
    }
    out
}

/// Whether the types built at `node` accept values its schema rejects.
fn loses_a_constraint(ir: &Ir, reg: &Registry, opts: &Options, node: &NodeId) -> bool {
    if ir.loose.contains(node) {
        return true;
    }
    let Some(Value::Object(map)) = reg.get(node) else {
        return false;
    };
    let modelled = |keyword: &str| {
        schemakit::keywords::keyword(roles::DRAFT, keyword)
            .is_some_and(|k| ir.modelled.contains(&(node.clone(), k.name)))
    };
    let constraint = map
        .keys()
        .any(|k| roles::role(k) == Some(Role::Constraint) && !modelled(k));
    let asserted_format = opts.integer_formats()
        && map
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| IntWidth::from_format(f).is_some())
        && !modelled("format");
    constraint || asserted_format
}
