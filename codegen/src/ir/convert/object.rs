//! Schema → IR for objects: structs from `properties` (merged across
//! `allOf` parts), and maps from `additionalProperties`.

use super::*;

impl Converter<'_> {
    /// An object without properties: a map, or a free-form object.
    pub(super) fn map_type(&mut self, node: &NodeId, map: &Map<String, Value>, hint: &str) -> Ty {
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
    pub(super) fn build_object(&mut self, parts: &[NodeId], hint: &str) -> Built {
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
}
