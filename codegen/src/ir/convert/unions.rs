//! Schema → IR for choices: string enums, `anyOf`/`oneOf` unions (tagged
//! by a property where one tells the branches apart) and `allOf` merges.

use super::*;

impl Converter<'_> {
    pub(super) fn build_enum(&mut self, node: &NodeId, values: &Value) -> Built {
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

    pub(super) fn string_enum(&mut self, values: &[String]) -> TypeBody {
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

    pub(super) fn build_union(
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
    pub(super) fn tagged(&mut self, hint: &str, branches: &[NodeId]) -> Option<Tagged> {
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
    pub(super) fn object_parts(&self, node: &NodeId) -> Vec<NodeId> {
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

    pub(super) fn collect_parts(
        &self,
        node: &NodeId,
        parts: &mut Vec<NodeId>,
        seen: &mut BTreeSet<NodeId>,
    ) {
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
    pub(super) fn build_all_of(&mut self, node: &NodeId, hint: &str, parts: Vec<NodeId>) -> Built {
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
}
