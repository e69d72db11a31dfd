//! `type`, `enum` and `const`: the JSON type and the values a schema allows.

use super::{fail, list_values, Validators, QUOTE_CHARS};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

impl Validators<'_> {
    pub(super) fn type_check(&mut self, map: &Map<String, Value>) -> TokenStream {
        let names: Vec<&str> = match map.get("type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => return TokenStream::new(),
        };
        let conds: Vec<TokenStream> = names
            .iter()
            .map(|name| match *name {
                "null" => quote! { v.is_null() },
                "boolean" => quote! { v.is_boolean() },
                "object" => quote! { v.is_object() },
                "array" => quote! { v.is_array() },
                "number" => quote! { v.is_number() },
                "string" => quote! { v.is_string() },
                "integer" => quote! { is_integer(v) },
                _ => quote! { false },
            })
            .collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        let expected = if quoted.len() == 1 {
            format!("is not of type {}", quoted[0])
        } else {
            format!("is not of types {}", quoted.join(", "))
        };
        let fail = fail(
            "type",
            quote! { ::std::format!("{} {}", short(v), #expected) },
            quote! { false },
        );
        quote! {
            if !(false #(|| #conds)*) {
                #fail
            }
        }
    }

    /// A static holding JSON values, parsed once.
    pub(super) fn json_static(&mut self, values: &[Value]) -> Ident {
        let name = format_ident!("J{}", self.next_static);
        self.next_static += 1;
        let texts: Vec<String> = values.iter().map(Value::to_string).collect();
        let len = texts.len();
        self.statics.push(quote! {
            static #name: ::std::sync::LazyLock<::std::vec::Vec<::serde_json::Value>> = ::std::sync::LazyLock::new(|| {
                let texts: [&str; #len] = [#(#texts),*];
                texts.iter().filter_map(|text| ::serde_json::from_str(text).ok()).collect()
            });
        });
        name
    }

    pub(super) fn enum_const(&mut self, map: &Map<String, Value>) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(Value::Array(values)) = map.get("enum") {
            let listed = list_values(values, QUOTE_CHARS);
            // Only a string where every listed value is a string is drift: a
            // tolerant enum type keeps it as an unknown value.
            let strings = !values.is_empty() && values.iter().all(Value::is_string);
            let fail = fail(
                "enum",
                quote! {
                    if #strings && v.is_string() {
                        ::std::format!("unknown value {}: the schema lists {}", short(v), #listed)
                    } else {
                        ::std::format!("{} is not one of {}", short(v), #listed)
                    }
                },
                quote! { #strings && v.is_string() },
            );
            // All strings: a `match` on the text, no JSON comparison.
            let allowed = if strings {
                // Each once: a repeated pattern would be unreachable.
                let mut texts: Vec<&str> = Vec::new();
                for text in values.iter().filter_map(Value::as_str) {
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
                quote! { ::std::matches!(v, ::serde_json::Value::String(s) if ::std::matches!(s.as_str(), #(#texts)|*)) }
            } else {
                let name = self.json_static(values);
                quote! { #name.iter().any(|allowed| json_eq(allowed, v)) }
            };
            out.extend(quote! {
                if !#allowed {
                    #fail
                }
            });
        }
        if let Some(value) = map.get("const") {
            let expected = list_values(std::slice::from_ref(value), QUOTE_CHARS);
            let strings = value.is_string();
            let fail = fail(
                "const",
                quote! {
                    if #strings && v.is_string() {
                        ::std::format!("unknown value {}: the schema expects {}", short(v), #expected)
                    } else {
                        ::std::format!("{} was expected, not {}", #expected, short(v))
                    }
                },
                quote! { #strings && v.is_string() },
            );
            let equal = match value.as_str() {
                Some(text) => {
                    quote! { ::std::matches!(v, ::serde_json::Value::String(s) if s == #text) }
                }
                None => {
                    let name = self.json_static(std::slice::from_ref(value));
                    quote! { json_eq(&#name[0], v) }
                }
            };
            out.extend(quote! {
                if !#equal {
                    #fail
                }
            });
        }
        out
    }
}
