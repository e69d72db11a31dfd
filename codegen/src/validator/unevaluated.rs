//! `unevaluatedProperties` and `unevaluatedItems`: the annotation functions
//! that collect what a value's other keywords evaluated.

use super::regex::translate_pattern;
use super::{child, unknown_property, Validators};
use crate::schema::resolve::NodeId;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

impl Validators<'_> {
    /// `unevaluatedProperties` / `unevaluatedItems`: what no other keyword of
    /// this node (nor any subschema that applied successfully) evaluated must
    /// match them.
    pub(super) fn unevaluated(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let props = map.get("unevaluatedProperties");
        let items = map.contains_key("unevaluatedItems");
        if props.is_none() && !items {
            return TokenStream::new();
        }
        let (_, core) = self.eval_function(node);
        let mut out = quote! { let evaluated = #core(v, depth + 1); let _ = &evaluated; };
        if let Some(schema) = props {
            let each = if schema == &Value::Bool(false) {
                unknown_property("unevaluatedProperties")
            } else {
                let f = self.function(&node.child("unevaluatedProperties"));
                child(
                    quote! { Segment::Key(key) },
                    quote! { #f(value, depth + 1, e) },
                )
            };
            out.extend(quote! {
                if let ::serde_json::Value::Object(object) = v {
                    if !evaluated.all_props {
                        for (key, value) in object {
                            let _ = value;
                            if !evaluated.props.contains(key) {
                                #each
                            }
                        }
                    }
                }
            });
        }
        if items {
            let f = self.function(&node.child("unevaluatedItems"));
            let each = child(
                quote! { Segment::Index(i) },
                quote! { #f(item, depth + 1, e) },
            );
            out.extend(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    if !evaluated.all_items {
                        for (i, item) in items.iter().enumerate() {
                            if !evaluated.items.contains(&i) {
                                #each
                            }
                        }
                    }
                }
            });
        }
        out
    }

    /// `c{n}`: the properties and items that node `n`'s keywords evaluate in
    /// a value valid against it (its own `unevaluated*` aside), and `e{n}`:
    /// the same as seen from an enclosing schema (everything, when `n` has
    /// `unevaluated*` of its own).
    pub(super) fn eval_fns(&mut self, node: &NodeId) -> TokenStream {
        let (outer, core) = self.eval_function(node);
        let map = match self.reg.value(node) {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        let mut body = Vec::new();
        if let Some(Value::Object(props)) = map.get("properties") {
            let names: Vec<&String> = props.keys().collect();
            let len = names.len();
            body.push(quote! {
                if let ::serde_json::Value::Object(object) = v {
                    let names: [&str; #len] = [#(#names),*];
                    for name in names {
                        if object.contains_key(name) {
                            ev.props.insert(::std::string::String::from(name));
                        }
                    }
                }
            });
        }
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            for pattern in patterns.keys() {
                if let Ok(translated) = translate_pattern(pattern) {
                    let re = self.regex_static(&translated);
                    body.push(quote! {
                        if let (::serde_json::Value::Object(object), ::std::option::Option::Some(re)) = (v, &*#re) {
                            for key in object.keys() {
                                if re.is_match(key) {
                                    ev.props.insert(::std::clone::Clone::clone(key));
                                }
                            }
                        }
                    });
                }
            }
        }
        if map.contains_key("additionalProperties") {
            body.push(quote! { ev.all_props = true; });
        }
        if let Some(Value::Array(prefix)) = map.get("prefixItems") {
            let len = prefix.len();
            body.push(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    ev.items.extend(0..items.len().min(#len));
                }
            });
        }
        if map.contains_key("items") {
            body.push(quote! { ev.all_items = true; });
        }
        if map.contains_key("contains") {
            let f = self.function(&node.child("contains"));
            body.push(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    for (i, item) in items.iter().enumerate() {
                        if probe(#f, item, depth + 1) {
                            ev.items.insert(i);
                        }
                    }
                }
            });
        }
        let branch_nodes = |key: &str| -> Vec<NodeId> {
            match map.get(key) {
                Some(Value::Array(items)) => (0..items.len())
                    .map(|i| node.child(key).child(&i.to_string()))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for branch in branch_nodes("allOf") {
            let (e, _) = self.eval_function(&branch);
            body.push(quote! { ev.merge(#e(v, depth + 1)); });
        }
        for key in ["anyOf", "oneOf"] {
            for branch in branch_nodes(key) {
                let f = self.function(&branch);
                let (e, _) = self.eval_function(&branch);
                body.push(quote! {
                    if probe(#f, v, depth + 1) {
                        ev.merge(#e(v, depth + 1));
                    }
                });
            }
        }
        if map.contains_key("if") {
            let cond = self.function(&node.child("if"));
            let (cond_e, _) = self.eval_function(&node.child("if"));
            let then = map.contains_key("then").then(|| {
                let (e, _) = self.eval_function(&node.child("then"));
                quote! { ev.merge(#e(v, depth + 1)); }
            });
            let otherwise = map.contains_key("else").then(|| {
                let (e, _) = self.eval_function(&node.child("else"));
                quote! { ev.merge(#e(v, depth + 1)); }
            });
            body.push(quote! {
                if probe(#cond, v, depth + 1) {
                    ev.merge(#cond_e(v, depth + 1));
                    #then
                } else {
                    #otherwise
                }
            });
        }
        if let Some(Value::Object(dependent)) = map.get("dependentSchemas") {
            for name in dependent.keys() {
                let (e, _) = self.eval_function(&node.child("dependentSchemas").child(name));
                body.push(quote! {
                    if v.get(#name).is_some() {
                        ev.merge(#e(v, depth + 1));
                    }
                });
            }
        }
        if map.get("$ref").is_some_and(Value::is_string) {
            if let Some(target) = self.reg.target(node).cloned() {
                let (e, _) = self.eval_function(&target);
                body.push(quote! { ev.merge(#e(v, depth + 1)); });
            }
        }
        let all_props = map.contains_key("unevaluatedProperties");
        let all_items = map.contains_key("unevaluatedItems");
        let binding = if body.is_empty() {
            quote! { let ev = Evaluated::default(); }
        } else {
            quote! { let mut ev = Evaluated::default(); }
        };
        let doc = schemakit::markdown::doc_comment(&format!(
            " What `{}` evaluates in a value valid against it.",
            self.reg.location(node)
        ));
        quote! {
            #[doc = #doc]
            pub fn #core(v: &::serde_json::Value, depth: u32) -> Evaluated {
                #binding
                let _ = v;
                if depth > MAX_DEPTH || !step() {
                    return ev;
                }
                #(#body)*
                ev
            }

            pub fn #outer(v: &::serde_json::Value, depth: u32) -> Evaluated {
                let mut ev = #core(v, depth);
                ev.all_props |= #all_props;
                ev.all_items |= #all_items;
                ev
            }
        }
    }
}
