//! Arrays: `prefixItems`, `items`, `minItems`, `maxItems`, `uniqueItems`,
//! `contains` with `minContains` and `maxContains`.

use super::{child, count, fail, Validators};
use crate::schema::resolve::NodeId;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

impl Validators<'_> {
    pub(super) fn array(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let prefix_len = match map.get("prefixItems") {
            Some(Value::Array(prefix)) => {
                for i in 0..prefix.len() {
                    let f = self.function(&node.child("prefixItems").child(&i.to_string()));
                    let each = child(
                        quote! { Segment::Index(#i) },
                        quote! { #f(item, depth + 1, e) },
                    );
                    checks.push(quote! {
                        if let ::std::option::Option::Some(item) = items.get(#i) {
                            #each
                        }
                    });
                }
                prefix.len()
            }
            _ => 0,
        };
        if map.contains_key("items") {
            let f = self.function(&node.child("items"));
            let each = child(
                quote! { Segment::Index(i) },
                quote! { #f(item, depth + 1, e) },
            );
            checks.push(quote! {
                for (i, item) in items.iter().enumerate().skip(#prefix_len) {
                    #each
                }
            });
        }
        if let Some(min) = count(map.get("minItems")).filter(|m| *m > 0) {
            let fail = fail(
                "minItems",
                quote! { ::std::format!("{} has fewer than {} items", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (items.len() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxItems")) {
            let fail = fail(
                "maxItems",
                quote! { ::std::format!("{} has more than {} items", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (items.len() as u64) > #max { #fail } });
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            let fail = fail(
                "uniqueItems",
                quote! { ::std::format!("{} has non-unique elements", short(v)) },
                quote! { false },
            );
            checks.push(quote! {
                let unique = (0..items.len()).all(|i| ((i + 1)..items.len()).all(|j| !json_eq(&items[i], &items[j])));
                if !unique {
                    #fail
                }
            });
        }
        if map.contains_key("contains") {
            let f = self.function(&node.child("contains"));
            let min = count(map.get("minContains")).unwrap_or(1);
            let max = count(map.get("maxContains"));
            let max_check = max.map(|max| {
                let fail = fail(
                    "maxContains",
                    quote! { ::std::format!("{} has more than {} items valid under `contains`", short(v), #max) },
                    quote! { false },
                );
                quote! { if matched > #max { #fail } }
            });
            let min_check = (min > 0).then(|| {
                let keyword = if map.contains_key("minContains") {
                    "minContains"
                } else {
                    "contains"
                };
                let fail = fail(
                    keyword,
                    quote! { ::std::format!("{} has fewer than {} items valid under `contains`", short(v), #min) },
                    quote! { false },
                );
                quote! { if matched < #min { #fail } }
            });
            checks.push(quote! {
                let matched = items.iter().filter(|item| probe(#f, item, depth + 1)).count() as u64;
                let _ = matched;
                #min_check
                #max_check
            });
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::Array(items) = v {
                #(#checks)*
            }
        }
    }
}
