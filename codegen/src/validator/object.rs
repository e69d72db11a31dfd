//! Objects, in one pass over the members: `properties`,
//! `patternProperties`, `additionalProperties`, `required`,
//! `minProperties`, `maxProperties`, `dependentRequired`,
//! `dependentSchemas` and `propertyNames`.

use super::regex::translate_pattern;
use super::{child, count, fail, same, unknown_property, Validators};
use crate::schema::resolve::NodeId;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

impl Validators<'_> {
    /// Object keywords, in one pass over the members: each key is matched
    /// against `properties` (a `match` on the key), `patternProperties`, and
    /// else `additionalProperties`; required properties are ticked off as
    /// they are met.
    pub(super) fn object(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let required: Vec<&str> = match map.get("required") {
            Some(Value::Array(required)) => required.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let props: Vec<String> = match map.get("properties") {
            Some(Value::Object(props)) => props.keys().cloned().collect(),
            _ => Vec::new(),
        };
        // Required names that `properties` lists are ticked off in the pass.
        let ticked: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| props.iter().any(|p| p == r))
            .collect();
        let mut arms = Vec::new();
        for name in &props {
            let f = self.function(&node.child("properties").child(name));
            let tick = ticked
                .iter()
                .position(|t| t == name)
                .map(|i| quote! { seen[#i] = true; });
            let each = child(
                quote! { Segment::Key(key) },
                quote! { #f(value, depth + 1, e) },
            );
            arms.push(quote! { #name => { #tick #each true } });
        }
        let mut pattern_checks = Vec::new();
        if let Some(Value::Object(pattern_props)) = map.get("patternProperties") {
            for pattern in pattern_props.keys() {
                match translate_pattern(pattern) {
                    Ok(translated) => {
                        let re = self.regex_static(&translated);
                        let f = self.function(&node.child("patternProperties").child(pattern));
                        let each = child(
                            quote! { Segment::Key(key) },
                            quote! { #f(value, depth + 1, e) },
                        );
                        pattern_checks.push(quote! {
                            if (*#re).as_ref().is_some_and(|re| re.is_match(key)) {
                                patterned = true;
                                #each
                            }
                        });
                    }
                    Err(_) if super::regex::invalid_pattern(pattern).is_some() => {}
                    Err(reason) => self.unsupported(node, "patternProperties", &reason),
                }
            }
        }
        let additional = match map.get("additionalProperties") {
            None => TokenStream::new(),
            Some(Value::Bool(false)) => {
                let refuse = unknown_property("additionalProperties");
                quote! { if !named && !patterned { #refuse } }
            }
            Some(_) => {
                let f = self.function(&node.child("additionalProperties"));
                let each = child(
                    quote! { Segment::Key(key) },
                    quote! { #f(value, depth + 1, e) },
                );
                quote! { if !named && !patterned { #each } }
            }
        };
        if !arms.is_empty() || !pattern_checks.is_empty() || !additional.is_empty() {
            let len = ticked.len();
            let named = if arms.is_empty() {
                quote! { let named = false; }
            } else {
                quote! {
                    let named = match key.as_str() {
                        #(#arms)*
                        _ => false,
                    };
                }
            };
            checks.push(quote! {
                let mut seen = [false; #len];
                for (key, value) in object {
                    let _ = value;
                    #named
                    let mut patterned = false;
                    #(#pattern_checks)*
                    let _ = (named, patterned);
                    #additional
                }
            });
        } else {
            checks.push(quote! { let seen = [false; 0]; });
        }
        if !required.is_empty() {
            for name in &required {
                let present = match ticked.iter().position(|t| t == name) {
                    Some(i) => quote! { seen[#i] },
                    None => quote! { object.contains_key(#name) },
                };
                let message = format!("{name:?} is a required property");
                let fail = fail(
                    "required",
                    quote! { ::std::string::String::from(#message) },
                    quote! { false },
                );
                checks.push(quote! { if !#present { #fail } });
            }
        }
        if let Some(min) = count(map.get("minProperties")).filter(|m| *m > 0) {
            let fail = fail(
                "minProperties",
                quote! { ::std::format!("{} has fewer than {} properties", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (object.len() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxProperties")) {
            let fail = fail(
                "maxProperties",
                quote! { ::std::format!("{} has more than {} properties", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (object.len() as u64) > #max { #fail } });
        }
        if let Some(Value::Object(dependent)) = map.get("dependentRequired") {
            for (name, needs) in dependent {
                for needed in needs
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    let message =
                        format!("{needed:?} is a required property (as {name:?} is present)");
                    let fail = fail(
                        "dependentRequired",
                        quote! { ::std::string::String::from(#message) },
                        quote! { false },
                    );
                    checks.push(quote! {
                        if object.contains_key(#name) && !object.contains_key(#needed) {
                            #fail
                        }
                    });
                }
            }
        }
        if let Some(Value::Object(dependent)) = map.get("dependentSchemas") {
            for name in dependent.keys() {
                let f = self.function(&node.child("dependentSchemas").child(name));
                let call = same(quote! { #f(v, depth + 1, e) });
                checks.push(quote! {
                    if object.contains_key(#name) {
                        #call
                    }
                });
            }
        }
        if map.contains_key("propertyNames") {
            let f = self.function(&node.child("propertyNames"));
            checks.push(quote! {
                for key in object.keys() {
                    if !e.property_name(key, depth + 1, #f) {
                        ok = false;
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        if checks.len() == 1
            && arms.is_empty()
            && pattern_checks.is_empty()
            && additional.is_empty()
        {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::Object(object) = v {
                let _ = object;
                #(#checks)*
                let _ = seen;
            }
        }
    }
}
