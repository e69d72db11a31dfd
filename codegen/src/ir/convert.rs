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

    /// The type of the one value a `const` admits.
    fn ty_of_value(&self, value: &Value) -> Ty {
        match value {
            Value::Null => Ty::Unit,
            Value::Bool(_) => Ty::Bool,
            // Strict: `1.0` equals `1` to JSON Schema, so keep any number.
            Value::Number(n) if (n.is_i64() || n.is_u64()) && !self.opts.is_strict() => {
                Ty::Int(IntWidth::I64)
            }
            Value::Number(_) => Ty::Number,
            Value::String(_) => Ty::String,
            Value::Array(_) | Value::Object(_) => Ty::Value,
        }
    }

    /// The `type` keyword as a list, `null` removed (nullability is tracked apart).
    fn types_of(&mut self, node: &NodeId, map: &Map<String, Value>) -> Option<Vec<String>> {
        const NAMES: &[&str] = &[
            "null", "boolean", "object", "array", "number", "string", "integer",
        ];
        let list = match map.get("type") {
            None => return Some(Vec::new()),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => {
                let mut list = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(s) if !list.iter().any(|t: &String| t == s) => list.push(s.to_owned()),
                        Some(s) => {
                            self.invalid(node, "type", format!("{s:?} is listed twice"));
                            return None;
                        }
                        None => {
                            self.invalid(node, "type", "array items must be type names");
                            return None;
                        }
                    }
                }
                list
            }
            Some(other) => {
                self.invalid(
                    node,
                    "type",
                    format!(
                        "must be a type name or an array of them, not {}",
                        kind_of(other)
                    ),
                );
                return None;
            }
        };
        for name in &list {
            if !NAMES.contains(&name.as_str()) {
                self.invalid(
                    node,
                    "type",
                    format!(
                        "unknown type {name:?} (expected one of {})",
                        NAMES.join(", ")
                    ),
                );
                return None;
            }
        }
        if list.len() == 1 && list[0] == "null" {
            return Some(list);
        }
        Some(list.into_iter().filter(|t| t != "null").collect())
    }

    fn build_enum(&mut self, node: &NodeId, values: &Value) -> Built {
        let Value::Array(values) = values else {
            self.invalid(node, "enum", "must be an array");
            return Built::Ty(Ty::Value);
        };
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if non_null.iter().all(|v| v.is_string()) {
            if values.is_empty() {
                self.diags.warn(
                    self.location(node),
                    "empty `enum` admits no value; the type keeps any string as unknown",
                );
            }
            let strings: Vec<String> = non_null
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            if strings.is_empty() && !values.is_empty() {
                return Built::Ty(Ty::Unit);
            }
            return Built::Kind(self.string_enum(&strings));
        }
        // Other values: the type admits every value of their JSON type
        // (both booleans, listed, are exactly `bool`).
        let both_booleans = non_null.contains(&&Value::Bool(true))
            && non_null.contains(&&Value::Bool(false))
            && non_null.iter().all(|v| v.is_boolean());
        if !both_booleans {
            self.loose(node);
        }
        if non_null.iter().all(|v| v.is_boolean()) {
            return Built::Ty(Ty::Bool);
        }
        if non_null.iter().all(|v| v.is_i64() || v.is_u64()) && !self.opts.is_strict() {
            return Built::Ty(Ty::Int(IntWidth::I64));
        }
        if non_null.iter().all(|v| v.is_number()) {
            return Built::Ty(Ty::Number);
        }
        Built::Ty(Ty::Value)
    }

    fn string_enum(&mut self, values: &[String]) -> TypeBody {
        let mut names = NameSet::new();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for value in values {
            if !seen.insert(value.clone()) {
                continue;
            }
            variants.push(Variant {
                wire: value.clone(),
                rust: names.claim(&sanitize(value, Case::Pascal)),
            });
        }
        let unknown = fallback_name(&mut names);
        TypeBody::Enum(StringEnum {
            variants,
            unknown,
            open: !self.opts.is_strict(),
        })
    }

    fn build_union(
        &mut self,
        node: &NodeId,
        keyword: &str,
        hint: &str,
        branches: Vec<NodeId>,
    ) -> Built {
        let (_nulls, others): (Vec<NodeId>, Vec<NodeId>) =
            branches.into_iter().partition(|b| self.is_null_only(b));
        if others.is_empty() {
            return Built::Ty(Ty::Unit);
        }
        if others.len() == 1 {
            // `X | null`: nullability is tracked at the use site.
            return self.build(&others[0], hint);
        }
        if let Some(tagged) = self.tagged(hint, &others) {
            return Built::Kind(TypeBody::Tagged(tagged));
        }
        if keyword == "oneOf" {
            // The first branch that decodes wins; `oneOf` also wants no
            // other branch to match, which only validation tells.
            self.loose(node);
        }
        let mut names = NameSet::new();
        let mut variants = Vec::new();
        let mut open = Vec::new();
        for (i, branch) in others.iter().enumerate() {
            let shape = self.inline(branch, &format!("{hint}Variant{i}"));
            let wanted = match &shape.ty {
                Ty::Named(id) => self.types[id.0].wanted.clone(),
                other => ty_word(other).to_owned(),
            };
            let ty = if shape.nullable {
                Ty::Option(Box::new(shape.ty))
            } else {
                shape.ty
            };
            let name = names.claim(&sanitize(&wanted, Case::Pascal));
            if matches!(ty, Ty::Value) {
                open.push((name, ty));
            } else {
                variants.push((name, ty));
            }
        }
        // A branch that admits anything must be tried last, or it would shadow the others.
        variants.extend(open);
        Built::Kind(TypeBody::Untagged(Untagged { variants }))
    }

    /// A union whose every branch is an object with one required property
    /// holding a distinct string `const`: decoded by looking at that property.
    fn tagged(&mut self, hint: &str, branches: &[NodeId]) -> Option<Tagged> {
        let mut per_branch: Vec<Vec<(String, String)>> = Vec::new();
        for branch in branches {
            let parts = self.object_parts(branch);
            if parts.is_empty() {
                return None;
            }
            let mut required = BTreeSet::new();
            let mut consts = Vec::new();
            for part in &parts {
                let value = self.reg.value(part);
                if let Some(Value::Array(names)) = value.get("required") {
                    required.extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                if let Some(Value::Object(props)) = value.get("properties") {
                    for name in props.keys() {
                        let mut prop_node = part.child("properties").child(name);
                        if let Some(target) = self.pure_ref(&prop_node) {
                            prop_node = target;
                        }
                        if let Some(value) = single_string(self.reg.value(&prop_node)) {
                            consts.push((name.clone(), value));
                        }
                    }
                }
            }
            consts.retain(|(name, _)| required.contains(name));
            per_branch.push(consts);
        }
        let first = per_branch.first()?;
        let tag = first.iter().map(|(name, _)| name).find(|name| {
            let mut values = BTreeSet::new();
            per_branch.iter().all(|consts| {
                consts
                    .iter()
                    .find(|(n, _)| n == *name)
                    .is_some_and(|(_, v)| values.insert(v.clone()))
            })
        })?;
        let tag = tag.clone();
        let mut names = NameSet::new();
        let mut variants = Vec::new();
        for (branch, consts) in branches.iter().zip(&per_branch) {
            let value = consts
                .iter()
                .find(|(n, _)| *n == tag)
                .map(|(_, v)| v.clone())?;
            let variant = names.claim(&sanitize(&value, Case::Pascal));
            let shape = self.inline(branch, &format!("{hint}{}", variant.to_upper_camel_case()));
            variants.push((value, variant, shape.ty));
        }
        let unknown = fallback_name(&mut names);
        Some(Tagged {
            tag,
            variants,
            unknown,
            open: !self.opts.is_strict(),
        })
    }

    /// The object schemas that together describe `node`: itself, its `allOf`
    /// branches and `$ref` targets, flattened. Empty when `node` is not an object schema.
    fn object_parts(&self, node: &NodeId) -> Vec<NodeId> {
        let mut parts = Vec::new();
        let mut seen = BTreeSet::new();
        self.collect_parts(node, &mut parts, &mut seen);
        let objecty = parts.iter().any(|p| {
            let v = self.reg.value(p);
            v.get("properties").is_some() || v.get("type").and_then(Value::as_str) == Some("object")
        });
        if objecty {
            parts
        } else {
            Vec::new()
        }
    }

    fn collect_parts(&self, node: &NodeId, parts: &mut Vec<NodeId>, seen: &mut BTreeSet<NodeId>) {
        if !seen.insert(node.clone()) {
            return;
        }
        let Value::Object(map) = self.reg.value(node) else {
            return;
        };
        if map.contains_key("$ref") {
            if let Some(target) = self.reg.target(node) {
                self.collect_parts(&target.clone(), parts, seen);
            }
        }
        if let Some(Value::Array(branches)) = map.get("allOf") {
            for i in 0..branches.len() {
                self.collect_parts(&node.child("allOf").child(&i.to_string()), parts, seen);
            }
        }
        parts.push(node.clone());
    }

    /// `allOf` (and `$ref` with siblings): object branches merge into one
    /// struct; a single shaped branch is that branch's type.
    fn build_all_of(&mut self, node: &NodeId, hint: &str, parts: Vec<NodeId>) -> Built {
        if self.over_budget(Some(node)) {
            return Built::Ty(Ty::Value);
        }
        let mut flat = Vec::new();
        let mut seen = BTreeSet::new();
        for part in &parts {
            if part == node {
                continue;
            }
            self.collect_parts(part, &mut flat, &mut seen);
        }
        // The node's own keywords (minus allOf/$ref, already flattened).
        flat.push(node.clone());
        // Which parts are objects, by position (a search of a list per part
        // made long chains of merges cubic).
        let is_object: Vec<bool> = flat
            .iter()
            .map(|p| {
                let v = self.reg.value(p);
                v.get("properties").is_some()
                    || v.get("type").and_then(Value::as_str) == Some("object")
                    || v.get("additionalProperties").is_some()
            })
            .collect();
        let pinned = flat
            .iter()
            .any(|p| self.reg.value(p).get("type").and_then(Value::as_str) == Some("object"));
        if self.opts.is_strict() && !pinned {
            // Nothing says the value is an object: any JSON value may be valid.
            return Built::Ty(Ty::Value);
        }
        if is_object.contains(&true) {
            // The branches that are not objects are not merged: whatever
            // they say (`required` included) is left to validation.
            let others: Vec<&NodeId> = flat
                .iter()
                .zip(&is_object)
                .filter(|(_, object)| !**object)
                .map(|(p, _)| p)
                .collect();
            let unmerged: Vec<NodeId> = others
                .iter()
                .filter(|p| **p != node)
                .filter(|p| {
                    self.reg
                        .value(p)
                        .as_object()
                        .is_some_and(|m| m.keys().any(|k| roles::gives_shape(k) || k == "required"))
                })
                .map(|p| (*p).clone())
                .collect();
            for part in &unmerged {
                self.loose(part);
            }
            if let Some(other) = others.iter().find(|p| has_own_shape(self.reg.value(p))) {
                let other = (*other).clone();
                self.imprecise(
                    &other,
                    "`allOf` mixes object and non-object branches; typed from the object branches",
                );
            }
            let objects: Vec<NodeId> = flat
                .iter()
                .zip(&is_object)
                .filter(|(_, object)| **object)
                .map(|(p, _)| p.clone())
                .collect();
            return self.build_object(&objects, hint);
        }
        let shaped: Vec<NodeId> = parts
            .iter()
            .filter(|p| *p != node && has_shape(self.reg.value(p)))
            .cloned()
            .collect();
        // Only one branch types the value: `required` elsewhere is left to
        // validation.
        for part in parts.iter().filter(|p| *p != node && !shaped.contains(p)) {
            if self.reg.value(part).get("required").is_some() {
                self.loose(part);
            }
        }
        match shaped.as_slice() {
            [] => {
                let map = self
                    .reg
                    .value(node)
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                let types = self.types_of(node, &map).unwrap_or_default();
                self.build_typed(node, &map, hint, &types)
            }
            [one] => self.build(one, hint),
            [first, ..] => {
                self.imprecise(
                    node,
                    "`allOf` of several non-object schemas; typed from the first",
                );
                let shape = self.inline(first, hint);
                Built::Ty(shape.ty)
            }
        }
    }

    fn build_typed(
        &mut self,
        node: &NodeId,
        map: &Map<String, Value>,
        hint: &str,
        types: &[String],
    ) -> Built {
        let objecty = map.contains_key("properties")
            || map.contains_key("additionalProperties")
            || map.contains_key("patternProperties");
        let arrayish = map.contains_key("items") || map.contains_key("prefixItems");
        // Strict types must accept every valid value, so only an explicit
        // `type` narrows them; tolerant types follow the keywords' intent.
        let infer = !self.opts.is_strict();
        let main: Option<&str> = match types {
            [] if objecty && infer => Some("object"),
            [] if arrayish && infer => Some("array"),
            [] => None,
            [one] => Some(one.as_str()),
            _ if self.opts.is_strict() => return Built::Ty(Ty::Value),
            _ => return self.build_multi(node, map, hint, types),
        };
        match main {
            None => Built::Ty(Ty::Value),
            Some("null") => Built::Ty(Ty::Unit),
            Some("boolean") => Built::Ty(Ty::Bool),
            Some("string") => Built::Ty(Ty::String),
            Some("integer") => Built::Ty(self.integer(node, map)),
            Some("number") => Built::Ty(match map.get("format").and_then(Value::as_str) {
                Some("double" | "float") => Ty::Float,
                _ => Ty::Number,
            }),
            Some("array") => Built::Ty(self.array(node, map, hint)),
            Some("object") => {
                if map.contains_key("properties")
                    || map.get("additionalProperties") == Some(&Value::Bool(false))
                {
                    self.build_object(std::slice::from_ref(node), hint)
                } else {
                    Built::Ty(self.map_type(node, map, hint))
                }
            }
            Some(_) => Built::Ty(Ty::Value),
        }
    }

    /// `type: [a, b, ...]` with several non-null types: an untagged union of them.
    fn build_multi(
        &mut self,
        node: &NodeId,
        map: &Map<String, Value>,
        hint: &str,
        types: &[String],
    ) -> Built {
        // Integer before number, so that integers keep their exact type.
        let order = ["boolean", "integer", "number", "string", "array", "object"];
        let mut variants = Vec::new();
        for name in order {
            if !types.iter().any(|t| t == name) {
                continue;
            }
            let single = [name.to_owned()];
            let ty = match self.build_typed(node, map, hint, &single) {
                Built::Ty(ty) => ty,
                Built::Kind(kind) => {
                    let id = self.alloc(
                        NodeId {
                            doc: node.doc,
                            pointer: format!("{}/type/{name}", node.pointer),
                        },
                        format!("{hint}{}", name.to_upper_camel_case()),
                        kind,
                    );
                    Ty::Named(id)
                }
            };
            // Named after the JSON type it holds.
            let word = match name {
                "boolean" => "Boolean",
                "integer" => "Integer",
                "number" => "Number",
                "string" => "String",
                "array" => "Array",
                _ => "Object",
            };
            variants.push((word.to_owned(), ty));
        }
        Built::Kind(TypeBody::Untagged(Untagged { variants }))
    }

    fn integer(&mut self, node: &NodeId, map: &Map<String, Value>) -> Ty {
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            if let Some(width) = IntWidth::from_format(format) {
                // The width is exactly the range the format names.
                self.modelled.insert((node.clone(), "format"));
                return Ty::Int(width);
            }
        }
        if self.opts.is_strict() {
            // `1.0` is an integer to JSON Schema but not to serde's `i64`.
            return Ty::Number;
        }
        let bound = |key: &str| map.get(key).and_then(Value::as_f64);
        let min = bound("minimum").or(bound("exclusiveMinimum"));
        let max = bound("maximum").or(bound("exclusiveMaximum"));
        let width = IntWidth::from_bounds(min, max);
        // A bound the width holds exactly (`minimum: 0` for an unsigned
        // width, `maximum: 255` for `u8`) is enforced by decoding.
        if bound("minimum") == Some(width.min()) {
            self.modelled.insert((node.clone(), "minimum"));
        }
        if bound("maximum") == Some(width.max()) {
            self.modelled.insert((node.clone(), "maximum"));
        }
        Ty::Int(width)
    }

    fn array(&mut self, node: &NodeId, map: &Map<String, Value>, hint: &str) -> Ty {
        if let Some(prefix) = map.get("prefixItems") {
            let Value::Array(prefix) = prefix else {
                self.invalid(node, "prefixItems", "must be an array of schemas");
                return Ty::Array(Box::new(Ty::Value));
            };
            let max = map.get("maxItems").and_then(Value::as_u64);
            // No items past the prefix: `items: false`, or a `maxItems` of
            // at most its length (the form some tools need), alike.
            let closed = map.get("items") == Some(&Value::Bool(false))
                || max.is_some_and(|max| max as usize <= prefix.len());
            let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            // Tuples stop at six, where the generated `Check` impls stop.
            if closed && min as usize >= prefix.len() && !prefix.is_empty() && prefix.len() <= 6 {
                // A tuple of the prefix's length: no shorter and no longer.
                self.modelled.insert((node.clone(), "minItems"));
                if max.is_some_and(|max| max as usize >= prefix.len()) {
                    self.modelled.insert((node.clone(), "maxItems"));
                }
                let items = (0..prefix.len())
                    .map(|i| {
                        let shape = self.inline(
                            &node.child("prefixItems").child(&i.to_string()),
                            &format!("{hint}Item{i}"),
                        );
                        with_null(shape)
                    })
                    .collect();
                return Ty::Tuple(items);
            }
            self.imprecise(
                node,
                "a tuple (`prefixItems`, or `items` as an array before 2020-12) without a fixed length (no items past it, by `items: false` or `maxItems`, and `minItems` its length), or longer than six, is typed as an array of any JSON values",
            );
            return Ty::Array(Box::new(Ty::Value));
        }
        match map.get("items") {
            None => Ty::Array(Box::new(Ty::Value)),
            Some(_) => {
                let shape = self.inline(&node.child("items"), &format!("{hint}Item"));
                Ty::Array(Box::new(with_null(shape)))
            }
        }
    }

    /// An object without properties: a map, or a free-form object.
    fn map_type(&mut self, node: &NodeId, map: &Map<String, Value>, hint: &str) -> Ty {
        // A map has no fields: required properties are left to validation,
        // and so are the patterns beside `additionalProperties`.
        let patterned = map
            .get("patternProperties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        if map.contains_key("required") || (patterned && map.contains_key("additionalProperties")) {
            self.loose(node);
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(true)) | None => {}
            Some(Value::Bool(false)) => unreachable!("closed objects are structs"),
            Some(_) => {
                let shape =
                    self.inline(&node.child("additionalProperties"), &format!("{hint}Value"));
                return Ty::Map(Box::new(with_null(shape)));
            }
        }
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            if patterns.len() == 1 && map.get("additionalProperties").is_none() {
                let (pattern, _) = patterns.iter().next().expect("one entry");
                let shape = self.inline(
                    &node.child("patternProperties").child(pattern),
                    &format!("{hint}Value"),
                );
                return Ty::Map(Box::new(with_null(shape)));
            }
            if !patterns.is_empty() {
                self.imprecise(
                    node,
                    "several `patternProperties`: values are typed as any JSON value",
                );
            }
        }
        Ty::Object
    }

    /// A struct from one or more object schemas (several for `allOf`).
    fn build_object(&mut self, parts: &[NodeId], hint: &str) -> Built {
        if self.over_budget(parts.last()) {
            return Built::Ty(Ty::Value);
        }
        // Vectors keep schema order; the sets keep lookups linear for objects
        // with thousands of properties.
        let mut required: Vec<String> = Vec::new();
        let mut required_set: HashSet<String> = HashSet::new();
        // (wire name, schema, the part it comes from)
        let mut props: Vec<(String, NodeId, &NodeId)> = Vec::new();
        let mut prop_index: HashMap<String, usize> = HashMap::new();
        for part in parts {
            let value = self.reg.value(part);
            match value.get("required") {
                None => {}
                Some(Value::Array(names)) => {
                    for name in names {
                        match name.as_str() {
                            Some(n) if required_set.insert(n.to_owned()) => {
                                required.push(n.to_owned())
                            }
                            Some(_) => {}
                            None => self.invalid(part, "required", "must be an array of strings"),
                        }
                    }
                }
                Some(_) => self.invalid(part, "required", "must be an array of strings"),
            }
            match value.get("properties") {
                None => {}
                Some(Value::Object(map)) => {
                    for name in map.keys() {
                        let prop = part.child("properties").child(name);
                        match prop_index.get(name).copied() {
                            None => {
                                prop_index.insert(name.clone(), props.len());
                                props.push((name.clone(), prop, part));
                            }
                            Some(i) => {
                                let earlier = &props[i].1;
                                let earlier_shaped = has_shape(self.reg.value(earlier));
                                let later_shaped = has_shape(self.reg.value(&prop));
                                if !earlier_shaped && later_shaped {
                                    props[i] = (name.clone(), prop, part);
                                } else if earlier_shaped && later_shaped {
                                    self.imprecise(
                                        &prop,
                                        format!("property {name:?} is typed by several `allOf` branches; the first one's type is used"),
                                    );
                                }
                            }
                        }
                    }
                }
                Some(_) => self.invalid(part, "properties", "must be an object of schemas"),
            }
        }
        let mut names = NameSet::new();
        let mut fields = Vec::new();
        for (wire, prop, owner) in &props {
            // A property merged in from another part (a `$ref` target, an
            // `allOf` branch) is named after that part's own type, so that
            // it gets the same name wherever it is met first.
            let owner_hint = if Some(*owner) != parts.last() {
                match self.by_node.get(*owner) {
                    Some(&id) => self.types[id.0].wanted.clone(),
                    None => self.hint_for(owner),
                }
            } else {
                hint.to_owned()
            };
            let shape = self.inline(
                prop,
                &format!("{owner_hint}{}", sanitize(wire, Case::Pascal)),
            );
            let value = self.reg.value(prop);
            let doc = description(value).or_else(|| {
                self.pure_ref(prop)
                    .and_then(|target| description(self.reg.value(&target)))
            });
            let is_required = required_set.contains(wire);
            let default = if is_required {
                None
            } else {
                value.get("default").cloned()
            };
            self.fields_built += 1;
            fields.push(Field {
                wire: wire.clone(),
                rust: names.claim(&sanitize(wire, Case::Snake)),
                ty: shape.ty,
                required: is_required,
                nullable: shape.nullable,
                doc,
                default,
                deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
                secret: value.get(schemakit::keywords::SECRET) == Some(&Value::Bool(true)),
                origin: self.reg.location(prop),
            });
        }
        for wire in &required {
            if !prop_index.contains_key(wire) {
                fields.push(Field {
                    wire: wire.clone(),
                    rust: names.claim(&sanitize(wire, Case::Snake)),
                    ty: Ty::Value,
                    required: true,
                    nullable: false,
                    doc: None,
                    default: None,
                    deprecated: false,
                    secret: false,
                    origin: self.reg.location(&parts[parts.len() - 1]),
                });
            }
        }
        if self.opts.defaults() == Defaults::Serde {
            for field in &mut fields {
                if field.default.is_some() && field.nullable {
                    field.default = None;
                }
            }
        }
        let extra = self
            .opts
            .keeps_unknown_properties()
            .then(|| names.claim("extra"));
        let closed = parts.iter().any(|p| {
            let v = self.reg.value(p);
            v.get("additionalProperties") == Some(&Value::Bool(false))
                || v.get("unevaluatedProperties") == Some(&Value::Bool(false))
        }) && !parts.iter().any(|p| {
            let v = self.reg.value(p);
            v.get("patternProperties").is_some()
                || v.get("additionalProperties").is_some_and(Value::is_object)
        });
        // Unknown properties are kept as any JSON value: what the schema
        // says of them (`additionalProperties` or `patternProperties`
        // schemas) is left to validation, and a closed object whose
        // unknown properties are dropped cannot report them.
        for part in parts {
            let v = self.reg.value(part);
            let schemas = v.get("patternProperties").is_some()
                || v.get("additionalProperties").is_some_and(Value::is_object);
            if schemas || (closed && extra.is_none()) {
                self.loose(part);
            }
        }
        Built::Kind(TypeBody::Struct(Struct {
            fields,
            extra,
            closed,
        }))
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
