//! Schema → IR for typed nodes: `type` (one or several), `const`, integers
//! by their bounds and format, arrays and tuples.

use super::*;

impl Converter<'_> {
    /// The type of the one value a `const` admits.
    pub(super) fn ty_of_value(&self, value: &Value) -> Ty {
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
    pub(super) fn types_of(
        &mut self,
        node: &NodeId,
        map: &Map<String, Value>,
    ) -> Option<Vec<String>> {
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

    pub(super) fn build_typed(
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
    pub(super) fn build_multi(
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

    pub(super) fn integer(&mut self, node: &NodeId, map: &Map<String, Value>) -> Ty {
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

    pub(super) fn array(&mut self, node: &NodeId, map: &Map<String, Value>, hint: &str) -> Ty {
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
}
