//! Schema → IR: every schema node becomes a Rust-shaped type.
//!
//! Named types (structs, enums, unions, and the aliases `$defs` ask for) are
//! allocated when first referenced and defined from a work queue, so `$ref`
//! chains of any length and any cycle never recurse; only the inline nesting
//! of one document does, and the parser bounds that.

use crate::error::{Diagnostics, Error, Location};
use crate::ir::names::{sanitize, shorten, Case, NameSet, MAX_TYPE_NAME};
use crate::ir::{
    Field, IntWidth, Ir, StringEnum, Struct, Tagged, Ty, TypeBody, TypeDef, TypeId, Untagged,
    Variant,
};
use crate::options::{Defaults, Options};
use crate::schema::resolve::{for_each_subschema, NodeId, Registry};
use crate::schema::roles::{self, Role};
use heck::ToUpperCamelCase;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

mod object;
mod typed;
mod unions;

/// A converted type as used at one place: the type and whether `null` is also allowed.
#[derive(Debug, Clone)]
struct Shape {
    ty: Ty,
    nullable: bool,
}

/// What one schema node turns into before it is placed.
enum Built {
    /// Needs a named type of its own.
    Kind(TypeBody),
    /// Used inline (aliased when a `$defs` entry asks for a name).
    Ty(Ty),
}

pub(crate) struct Converter<'a> {
    reg: &'a Registry,
    opts: &'a Options,
    diags: &'a mut Diagnostics,
    types: Vec<Pending>,
    by_node: HashMap<NodeId, TypeId>,
    queue: VecDeque<TypeId>,
    /// Nodes whose types accept values the schema rejects (see [`Ir::loose`]).
    loose: BTreeSet<NodeId>,
    /// Constraint keywords the types enforce (see [`Ir::modelled`]).
    modelled: BTreeSet<(NodeId, &'static str)>,
    /// The nodes being built, to tell a node that reaches itself through
    /// merged parts (`{"$ref": "#", "type": "object"}` under the root).
    building: HashSet<NodeId>,
    /// Fields of the structs built so far, against [`Limits::max_fields`].
    fields_built: usize,
    budget_reported: bool,
}

/// A type under construction; it gets its final name in [`Converter::finish`].
struct Pending {
    node: NodeId,
    wanted: String,
    doc: Option<String>,
    body: TypeBody,
}

impl<'a> Converter<'a> {
    pub fn new(reg: &'a Registry, opts: &'a Options, diags: &'a mut Diagnostics) -> Self {
        Self {
            reg,
            opts,
            diags,
            types: Vec::new(),
            by_node: HashMap::new(),
            queue: VecDeque::new(),
            loose: BTreeSet::new(),
            modelled: BTreeSet::new(),
            building: HashSet::new(),
            fields_built: 0,
            budget_reported: false,
        }
    }

    /// Converts every document root that has a shape and every `$defs` entry.
    pub fn run(mut self) -> Ir {
        let reg = self.reg;
        for doc in 0..reg.docs.len() {
            let root = NodeId {
                doc,
                pointer: String::new(),
            };
            let value = &reg.docs[doc].root;
            if reg.docs[doc].on_demand {
                continue;
            }
            if !value.is_object() && !value.is_boolean() {
                self.diags.error(Error::NotASchema {
                    location: reg.location(&root),
                    message: format!("a schema is an object or a boolean, not {}", kind_of(value)),
                });
                continue;
            }
            if has_shape(value) || reg.docs[doc].entry {
                self.reference(&root);
            }
            self.collect_defs(value, &root);
        }
        while let Some(id) = self.queue.pop_front() {
            self.define(id);
        }
        self.finish()
    }

    fn collect_defs(&mut self, value: &'a Value, node: &NodeId) {
        let mut children = Vec::new();
        for_each_subschema(value, |suffix, child| children.push((suffix, child)));
        for (suffix, child) in children {
            let child_node = NodeId {
                doc: node.doc,
                pointer: format!("{}{}", node.pointer, suffix),
            };
            if suffix.starts_with("/$defs/") || suffix.starts_with("/definitions/") {
                let segments = suffix.split('/').count();
                if segments == 3 {
                    self.reference(&child_node);
                }
            }
            self.collect_defs(child, &child_node);
        }
    }

    fn location(&self, node: &NodeId) -> Location {
        self.reg.location(node)
    }

    /// The named type for `node`, allocated (and queued for definition) on first use.
    fn reference(&mut self, node: &NodeId) -> TypeId {
        if let Some(&id) = self.by_node.get(node) {
            return id;
        }
        let wanted = self.hint_for(node);
        let id = self.alloc(node.clone(), wanted, TypeBody::Pending);
        self.queue.push_back(id);
        id
    }

    fn alloc(&mut self, node: NodeId, wanted: String, kind: TypeBody) -> TypeId {
        let id = TypeId(self.types.len());
        let doc = description(self.reg.value(&node));
        self.by_node.insert(node.clone(), id);
        self.types.push(Pending {
            node,
            wanted,
            doc,
            body: kind,
        });
        id
    }

    /// A name for the type at `node`: its `$defs` key, a document root's
    /// title or file name, else its title or the last named segment of its pointer.
    fn hint_for(&self, node: &NodeId) -> String {
        let value = self.reg.value(node);
        let segments: Vec<String> = node
            .pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        if let [.., parent, key] = segments.as_slice() {
            if parent == "$defs" || parent == "definitions" {
                return key.clone();
            }
        }
        if let Some(title) = value.get("title").and_then(Value::as_str) {
            return title.to_owned();
        }
        if segments.is_empty() {
            let doc = &self.reg.docs[node.doc];
            let stem = doc
                .path
                .as_ref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| {
                    doc.uri
                        .path_segments()
                        .and_then(|mut s| s.next_back().map(str::to_owned))
                        .unwrap_or_default()
                });
            let stem = stem.trim_end_matches(".json").to_owned();
            return if stem.is_empty() { "Root".into() } else { stem };
        }
        segments
            .iter()
            .rev()
            .find(|s| roles::role(s).is_none() && s.parse::<usize>().is_err())
            .cloned()
            .unwrap_or_else(|| "Type".into())
    }

    /// Converts the node a queued type came from.
    fn define(&mut self, id: TypeId) {
        let node = self.types[id.0].node.clone();
        let hint = self.types[id.0].wanted.clone();
        let kind = match self.build(&node, &hint) {
            Built::Kind(kind) => kind,
            // A strict alias is a newtype that must decode everything valid,
            // `null` included.
            Built::Ty(ty)
                if self.opts.is_strict()
                    && ty != Ty::Value
                    && ty != Ty::Unit
                    && self.is_nullable(&node, &mut BTreeSet::new()) =>
            {
                TypeBody::Alias {
                    ty: Ty::Option(Box::new(ty)),
                    newtype: false,
                }
            }
            Built::Ty(ty) => TypeBody::Alias { ty, newtype: false },
        };
        self.types[id.0].body = kind;
    }

    /// The type for a subschema used inline: a field, an item, a branch.
    fn inline(&mut self, node: &NodeId, hint: &str) -> Shape {
        let nullable = self.is_nullable(node, &mut BTreeSet::new());
        if let Some(&id) = self.by_node.get(node) {
            // Also the target of some `$ref`: one type for both uses.
            return Shape {
                ty: Ty::Named(id),
                nullable,
            };
        }
        if let Some(target) = self.pure_ref(node) {
            return Shape {
                ty: Ty::Named(self.reference(&target)),
                nullable,
            };
        }
        let built = self.build(node, hint);
        if let Some(&id) = self.by_node.get(node) {
            // The node reached itself while it was built, and was named
            // there: this is that type.
            self.types[id.0].body = match built {
                Built::Kind(kind) => kind,
                Built::Ty(ty) => TypeBody::Alias { ty, newtype: false },
            };
            self.types[id.0].wanted = hint.to_owned();
            self.queue.retain(|&queued| queued != id);
            return Shape {
                ty: Ty::Named(id),
                nullable,
            };
        }
        let ty = match built {
            Built::Ty(ty) => ty,
            Built::Kind(kind) => {
                let id = self.alloc(node.clone(), hint.to_owned(), kind);
                Ty::Named(id)
            }
        };
        Shape { ty, nullable }
    }

    /// The `$ref` target of a node that is nothing but a reference (plus
    /// annotations, and a `type` the target already has: the common
    /// `{"$ref": "#", "type": "object", "description": ...}` is the target's
    /// own type, not a copy of it per use).
    fn pure_ref(&self, node: &NodeId) -> Option<NodeId> {
        let map = self.reg.value(node).as_object()?;
        map.get("$ref")?;
        let target = self.reg.target(node)?;
        let target_type = self.reg.value(target).get("type");
        // Keywords that cannot apply under the node's `type` (`items` beside
        // `type: object`) shape nothing.
        let types: Vec<&str> = match map.get("type").or(target_type) {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let excludes = |t: &str| !types.is_empty() && !types.contains(&t);
        let only_ref = map.keys().all(|k| {
            k == "$ref"
                // `required` beside a reference makes fields required: a
                // type of its own (merged with the target).
                || (!roles::gives_shape(k) && k != "required")
                || (k == "type" && map.get(k) == target_type)
                || (matches!(k.as_str(), "items" | "prefixItems") && excludes("array"))
                || (matches!(
                    k.as_str(),
                    "properties" | "additionalProperties" | "patternProperties"
                ) && excludes("object"))
        });
        only_ref.then(|| target.clone())
    }

    /// Whether `null` is allowed beside the node's main type.
    fn is_nullable(&self, node: &NodeId, seen: &mut BTreeSet<NodeId>) -> bool {
        if !seen.insert(node.clone()) {
            return false;
        }
        let Value::Object(map) = self.reg.value(node) else {
            return false;
        };
        if let Some(types) = map.get("type") {
            let list: Vec<&str> = match types {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if list.contains(&"null") && list.len() > 1 {
                return true;
            }
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            if values.iter().any(Value::is_null) && values.iter().any(|v| !v.is_null()) {
                return true;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = map.get(key) {
                let nodes: Vec<NodeId> = (0..branches.len())
                    .map(|i| node.child(key).child(&i.to_string()))
                    .collect();
                let (nulls, others): (Vec<_>, Vec<_>) =
                    nodes.iter().partition(|b| self.is_null_only(b));
                if !nulls.is_empty() && !others.is_empty() {
                    return true;
                }
                if others.len() == 1 && self.is_nullable(others[0], seen) {
                    return true;
                }
            }
        }
        if let Some(target) = self.pure_ref(node) {
            return self.is_nullable(&target, seen);
        }
        false
    }

    /// A branch that admits `null` and nothing else.
    fn is_null_only(&self, node: &NodeId) -> bool {
        let mut node = node.clone();
        for _ in 0..64 {
            match self.pure_ref(&node) {
                Some(target) => node = target,
                None => break,
            }
        }
        let Value::Object(map) = self.reg.value(&node) else {
            return false;
        };
        match (map.get("type"), map.get("const"), map.get("enum")) {
            (Some(Value::String(t)), _, _) => t == "null",
            (Some(Value::Array(t)), _, _) => t.len() == 1 && t[0] == "null",
            (None, Some(Value::Null), _) => true,
            (None, None, Some(Value::Array(values))) => {
                !values.is_empty() && values.iter().all(Value::is_null)
            }
            _ => false,
        }
    }

    /// Reports keywords the generator ignores or cannot honour at this node.
    fn check_keywords(&mut self, node: &NodeId, map: &Map<String, Value>) {
        for key in map.keys() {
            match roles::role(key) {
                Some(Role::Unsupported(reason)) => self.diags.error(Error::Unsupported {
                    location: self.location(node),
                    keyword: key.clone(),
                    reason: reason.to_owned(),
                }),
                Some(_) => {}
                None if key.starts_with("x-") => {}
                None => self.diags.warn(
                    self.location(node),
                    format!("unknown keyword `{key}` ignored (not part of JSON Schema 2020-12)"),
                ),
            }
        }
    }

    /// Whether the types built so far hold more fields than the limit
    /// allows (`allOf` and `$ref` merges copy their properties into every
    /// type that merges them, so a chain of them grows quadratically): past
    /// it, one error, and no more structs are built.
    fn over_budget(&mut self, at: Option<&NodeId>) -> bool {
        let limit = self.opts.limits().max_fields;
        if self.fields_built <= limit {
            return false;
        }
        if !self.budget_reported {
            self.budget_reported = true;
            let location = at.map_or_else(|| Location::new("", ""), |node| self.location(node));
            self.diags.error(Error::Invalid {
                location,
                message: format!(
                    "the types would hold more than {limit} fields (properties merged by `allOf` \
                     and `$ref` are copied into every type that merges them); raise \
                     Limits::max_fields to generate them"
                ),
            });
        }
        true
    }

    /// Warns that the type built at `node` accepts values the schema
    /// rejects (so that only validation can tell them apart).
    fn imprecise(&mut self, node: &NodeId, message: impl Into<String>) {
        self.diags.warn(self.location(node), message);
        self.loose.insert(node.clone());
    }

    /// Notes that the type built at `node` accepts values the schema
    /// rejects, where the generator has nothing to warn about (an integer
    /// `enum`, a `oneOf` whose branches may overlap…): validation tells.
    fn loose(&mut self, node: &NodeId) {
        self.loose.insert(node.clone());
    }

    fn invalid(&mut self, node: &NodeId, keyword: &str, message: impl Into<String>) {
        self.diags.error(Error::InvalidKeyword {
            location: self.location(node),
            keyword: keyword.to_owned(),
            message: message.into(),
        });
    }

    /// The heart of the mapping: what the schema at `node` becomes. A node
    /// met again while it is built (through `$ref` or `allOf` parts merged
    /// into it) is given a name there, so that the type refers to itself.
    fn build(&mut self, node: &NodeId, hint: &str) -> Built {
        if !self.building.insert(node.clone()) {
            return Built::Ty(Ty::Named(self.reference(node)));
        }
        let built = self.build_node(node, hint);
        self.building.remove(node);
        built
    }

    fn build_node(&mut self, node: &NodeId, hint: &str) -> Built {
        let reg = self.reg;
        let map = match reg.value(node) {
            Value::Bool(true) => return Built::Ty(Ty::Value),
            Value::Bool(false) => {
                self.imprecise(
                    node,
                    "`false` admits no value; typed as any JSON value, and the schema rejects every one",
                );
                return Built::Ty(Ty::Value);
            }
            Value::Object(map) => map,
            other => {
                self.diags.error(Error::NotASchema {
                    location: self.location(node),
                    message: format!("a schema is an object or a boolean, not {}", kind_of(other)),
                });
                return Built::Ty(Ty::Value);
            }
        };
        self.check_keywords(node, map);

        if let Some(reference) = map.get("$ref") {
            if !reference.is_string() {
                self.invalid(node, "$ref", "must be a string");
                return Built::Ty(Ty::Value);
            }
            let Some(target) = reg.target(node).cloned() else {
                // Resolution already reported why.
                return Built::Ty(Ty::Value);
            };
            if self.pure_ref(node).is_some() {
                return Built::Ty(Ty::Named(self.reference(&target)));
            }
            // `$ref` beside other shape keywords applies both, like `allOf`.
            return self.build_all_of(node, hint, vec![target, node.clone()]);
        }

        let types = match self.types_of(node, map) {
            Some(types) => types,
            None => return Built::Ty(Ty::Value),
        };

        if let Some(values) = map.get("enum") {
            return self.build_enum(node, values);
        }
        if let Some(value) = map.get("const") {
            return match value {
                Value::String(s) => Built::Kind(self.string_enum(std::slice::from_ref(s))),
                Value::Null => Built::Ty(Ty::Unit),
                other => {
                    // The type admits any value of the constant's type.
                    self.loose(node);
                    Built::Ty(self.ty_of_value(other))
                }
            };
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = map.get(key) {
                let Value::Array(branches) = branches else {
                    self.invalid(node, key, "must be an array of schemas");
                    return Built::Ty(Ty::Value);
                };
                if branches.is_empty() {
                    self.invalid(node, key, "must not be empty");
                    return Built::Ty(Ty::Value);
                }
                let nodes: Vec<NodeId> = (0..branches.len())
                    .map(|i| node.child(key).child(&i.to_string()))
                    .collect();
                if nodes.iter().all(|b| !has_shape(reg.value(b))) {
                    // Only constraints, e.g. `oneOf: [{required: [a]}, {required: [b]}]`:
                    // left to validation.
                    self.loose(node);
                    continue;
                }
                // The union is typed from its branches: any other shape
                // keyword beside it (`properties`, the other of
                // `anyOf`/`oneOf`, `allOf`, `type`) is left to validation.
                if map
                    .keys()
                    .any(|k| k != key && (roles::gives_shape(k) || k == "required"))
                {
                    self.loose(node);
                }
                return self.build_union(node, key, hint, nodes);
            }
        }
        if let Some(branches) = map.get("allOf") {
            let Value::Array(branches) = branches else {
                self.invalid(node, "allOf", "must be an array of schemas");
                return Built::Ty(Ty::Value);
            };
            let mut parts: Vec<NodeId> = (0..branches.len())
                .map(|i| node.child("allOf").child(&i.to_string()))
                .collect();
            parts.push(node.clone());
            return self.build_all_of(node, hint, parts);
        }
        self.build_typed(node, map, hint, &types)
    }

    /// Names every type (in document order, so that names do not depend on the
    /// order in which references were met) and hands back the IR.
    fn finish(self) -> Ir {
        let mut order: Vec<usize> = (0..self.types.len()).collect();
        order.sort_by_cached_key(|&i| self.reg.document_order(&self.types[i].node));
        let mut names = NameSet::new();
        // The items emitted beside the types.
        for name in crate::ir::names::beside_types(self.opts) {
            names.reserve(name);
        }
        let mut final_names = vec![String::new(); self.types.len()];
        for &i in &order {
            let wanted = shorten(
                &sanitize(&self.types[i].wanted, Case::Pascal),
                MAX_TYPE_NAME,
            );
            final_names[i] = names.claim(&wanted);
        }
        let reg = self.reg;
        let strict = self.opts.is_strict();
        let types = self
            .types
            .into_iter()
            .zip(final_names)
            .map(|(pending, name)| {
                let mut body = pending.body;
                if strict {
                    // Every strict type validates itself, so none may be a
                    // bare alias.
                    if let TypeBody::Alias { newtype, .. } = &mut body {
                        *newtype = true;
                    }
                }
                TypeDef {
                    name,
                    origin: reg.location(&pending.node),
                    node: pending.node,
                    doc: pending.doc,
                    body,
                }
            })
            .collect();
        Ir {
            types,
            order: order.into_iter().map(TypeId).collect(),
            loose: self.loose,
            modelled: self.modelled,
        }
    }
}

/// The one string a schema admits (`const`, or a one-value `enum`), if any.
fn single_string(value: &Value) -> Option<String> {
    if let Some(Value::String(s)) = value.get("const") {
        return Some(s.clone());
    }
    match value.get("enum") {
        Some(Value::Array(values)) if values.len() == 1 => values[0].as_str().map(str::to_owned),
        _ => None,
    }
}

fn with_null(shape: Shape) -> Ty {
    if shape.nullable {
        Ty::Option(Box::new(shape.ty))
    } else {
        shape.ty
    }
}

fn fallback_name(names: &mut NameSet) -> String {
    for candidate in ["Unknown", "Other", "UnknownValue"] {
        let claimed = names.claim(candidate);
        if claimed == candidate {
            return claimed;
        }
    }
    names.claim("Unknown")
}

/// A word naming a type, for variant names of unions.
fn ty_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::Int(_) => "Integer",
        Ty::Float | Ty::Number => "Number",
        Ty::Unit => "Null",
        Ty::Value => "Any",
        Ty::Object | Ty::Map(_) => "Object",
        Ty::Array(_) | Ty::Tuple(_) => "Array",
        Ty::Option(inner) | Ty::Boxed(inner) => ty_word(inner),
        Ty::Named(_) => "Named",
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn description(value: &Value) -> Option<String> {
    let title = value.get("title").and_then(Value::as_str);
    let description = value.get("description").and_then(Value::as_str);
    match (title, description) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

/// Whether the schema says anything about the shape of a value (as opposed to
/// only annotating or constraining it).
fn has_shape(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.keys().any(|k| roles::gives_shape(k)),
        _ => false,
    }
}

/// Like [`has_shape`], ignoring the composition keywords already flattened.
fn has_own_shape(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .keys()
            .any(|k| roles::gives_shape(k) && !matches!(k.as_str(), "allOf" | "$ref")),
        _ => false,
    }
}
