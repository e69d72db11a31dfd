//! `allOf`, `anyOf`, `oneOf` and `not`, and the conditional `if`/`then`/`else`.

use super::{fail, same, short_json, Validators, QUOTE_CHARS};
use crate::schema::resolve::NodeId;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

impl Validators<'_> {
    pub(super) fn combinators(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut out = TokenStream::new();
        let branches = |this: &mut Self, key: &str| -> Vec<Ident> {
            match map.get(key) {
                Some(Value::Array(items)) => (0..items.len())
                    .map(|i| this.function(&node.child(key).child(&i.to_string())))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for f in branches(self, "allOf") {
            out.extend(same(quote! { #f(v, depth + 1, e) }));
        }
        let any = branches(self, "anyOf");
        if !any.is_empty() {
            let len = any.len();
            out.extend(quote! {
                {
                    let branches: [Validate; #len] = [#(#any),*];
                    // Probing first costs nothing when a branch matches (a
                    // nullable value that is null fails its other branch).
                    if !branches.iter().any(|f| probe(*f, v, depth + 1)) {
                        ok = false;
                        if e.probing() {
                            return false;
                        }
                        let context = branches.iter().map(|f| e.branch(v, depth + 1, *f).1).collect();
                        e.push_context(AT, "anyOf", ::std::format!("{} is not valid under any of the schemas listed in the 'anyOf' keyword", short(v)), context);
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        let one = branches(self, "oneOf");
        if !one.is_empty() {
            let len = one.len();
            out.extend(quote! {
                {
                    let branches: [Validate; #len] = [#(#one),*];
                    let matched = branches.iter().filter(|f| probe(**f, v, depth + 1)).count();
                    if matched != 1 {
                        ok = false;
                        if e.probing() {
                            return false;
                        }
                        if matched == 0 {
                            let context = branches.iter().map(|f| e.branch(v, depth + 1, *f).1).collect();
                            e.push_context(AT, "oneOf", ::std::format!("{} is not valid under any of the schemas listed in the 'oneOf' keyword", short(v)), context);
                        } else {
                            e.push(AT, "oneOf", ::std::format!("{} is valid under more than one of the schemas listed in the 'oneOf' keyword", short(v)), false);
                        }
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        if let Some(schema) = map.get("not") {
            let f = self.function(&node.child("not"));
            let quoted = short_json(schema, QUOTE_CHARS);
            let fail = fail(
                "not",
                quote! { ::std::format!("{} should not be valid under {}", short(v), #quoted) },
                quote! { false },
            );
            out.extend(quote! {
                if probe(#f, v, depth + 1) {
                    #fail
                }
            });
        }
        if map.contains_key("if") {
            let cond = self.function(&node.child("if"));
            let then = map
                .contains_key("then")
                .then(|| self.function(&node.child("then")))
                .map(|f| same(quote! { #f(v, depth + 1, e) }));
            let otherwise = map
                .contains_key("else")
                .then(|| self.function(&node.child("else")))
                .map(|f| same(quote! { #f(v, depth + 1, e) }));
            out.extend(quote! {
                if probe(#cond, v, depth + 1) { #then } else { #otherwise }
            });
        }
        out
    }
}
