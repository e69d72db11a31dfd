//! Numbers: `minimum`, `maximum`, their exclusive forms, `multipleOf`,
//! and the integer formats when they are asserted.

use super::{fail, Validators};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

impl Validators<'_> {
    pub(super) fn numeric(&mut self, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let mut cmp = |key: &str, op: TokenStream, message: &str| {
            let Some(bound) = map.get(key).and_then(Value::as_f64) else {
                return;
            };
            let limit = Literal::f64_suffixed(bound);
            let message = format!("{message} {}", map[key]);
            let fail = fail(
                key,
                quote! { ::std::format!("{} {}", short(v), #message) },
                quote! { false },
            );
            checks.push(quote! {
                if !(n #op #limit) {
                    #fail
                }
            });
        };
        cmp("minimum", quote! { >= }, "is less than the minimum of");
        cmp("maximum", quote! { <= }, "is greater than the maximum of");
        cmp(
            "exclusiveMinimum",
            quote! { > },
            "is less than or equal to the exclusive minimum of",
        );
        cmp(
            "exclusiveMaximum",
            quote! { < },
            "is greater than or equal to the exclusive maximum of",
        );
        if let Some(multiple) = map.get("multipleOf").filter(|m| m.is_number()) {
            let text = multiple.to_string();
            let fail = fail(
                "multipleOf",
                quote! { ::std::format!("{} is not a multiple of {}", short(v), #text) },
                quote! { false },
            );
            checks.push(quote! {
                if !multiple_of(v, #text) {
                    #fail
                }
            });
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::std::option::Option::Some(n) = v.as_f64() {
                let _ = n;
                #(#checks)*
            }
        }
    }

    /// `format: int32` and the other integer widths, when asserted: the
    /// number must be an integer literal within the range (what a Rust
    /// integer field of that width decodes). Other formats are annotations.
    pub(super) fn integer_format(&mut self, map: &Map<String, Value>) -> TokenStream {
        if !self.integer_formats {
            return TokenStream::new();
        }
        let Some(Value::String(format)) = map.get("format") else {
            return TokenStream::new();
        };
        let Some((min, max)) = schemakit::formats::integer_range(format) else {
            return TokenStream::new();
        };
        let (min, max) = (Literal::i128_suffixed(min), Literal::i128_suffixed(max));
        let fail = fail(
            "format",
            quote! { ::std::format!("{} is not an {} (an integer literal in range)", v, #format) },
            quote! { false },
        );
        quote! {
            if let ::serde_json::Value::Number(n) = v {
                let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                if !exact.is_some_and(|i| (#min..=#max).contains(&i)) {
                    #fail
                }
            }
        }
    }
}
