//! Strings: `minLength`, `maxLength` and `pattern` (through the `regex`
//! crate, with the ECMAScript translation of [`super::regex`]).

use super::regex::translate_pattern;
use super::{count, fail, Validators};
use crate::schema::resolve::NodeId;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

impl Validators<'_> {
    pub(super) fn string(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        if let Some(min) = count(map.get("minLength")).filter(|m| *m > 0) {
            let fail = fail(
                "minLength",
                quote! { ::std::format!("{} is shorter than {} characters", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (s.chars().count() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxLength")) {
            let fail = fail(
                "maxLength",
                quote! { ::std::format!("{} is longer than {} characters", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (s.chars().count() as u64) > #max { #fail } });
        }
        if let Some(Value::String(pattern)) = map.get("pattern") {
            match translate_pattern(pattern) {
                Ok(translated) => {
                    let name = self.regex_static(&translated);
                    let quoted = format!("{pattern:?}");
                    let fail = fail(
                        "pattern",
                        quote! { ::std::format!("{} does not match {}", short(v), #quoted) },
                        quote! { false },
                    );
                    checks.push(quote! {
                        if !(*#name).as_ref().is_some_and(|re| re.is_match(s)) {
                            #fail
                        }
                    });
                }
                // An invalid pattern is reported by the schema checks.
                Err(_) if super::regex::invalid_pattern(pattern).is_some() => {}
                Err(reason) => self.unsupported(node, "pattern", &reason),
            }
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::String(s) = v {
                #(#checks)*
            }
        }
    }

    pub(super) fn regex_static(&mut self, pattern: &str) -> Ident {
        let name = format_ident!("R{}", self.next_static);
        self.next_static += 1;
        self.regex = true;
        self.statics.push(quote! {
            static #name: ::std::sync::LazyLock<::std::option::Option<::regex::Regex>> =
                ::std::sync::LazyLock::new(|| ::regex::Regex::new(#pattern).ok());
        });
        name
    }
}
