//! The emitted runtime: the real Rust files of `src/runtime/` (compiled and
//! tested in this crate's tests), included as text and emitted as items
//! into the generated code, only those a run needs.

use super::{Emitter, Helper};
use proc_macro2::TokenStream;
use quote::quote;

const CHECK: &str = include_str!("../runtime/check.rs");
const FIELDS: &str = include_str!("../runtime/fields.rs");
const PLACE: &str = include_str!("../runtime/place.rs");
const VALIDATE: &str = include_str!("../runtime/validate.rs");

/// The items of a runtime file (its inner `//!` documentation left out).
fn items(text: &str) -> Vec<syn::Item> {
    syn::parse_file(text)
        .expect("the runtime files are compiled with the crate, so they parse")
        .items
}

fn tokens(text: &str) -> TokenStream {
    let items = items(text);
    quote! { #(#items)* }
}

/// The `Check` trait and its implementations for the building blocks, the
/// public items given `vis`.
pub(super) fn check(vis: &TokenStream) -> TokenStream {
    let items = items(CHECK).into_iter().map(|mut item| {
        let item_vis = match &mut item {
            syn::Item::Enum(e) => Some(&mut e.vis),
            syn::Item::Struct(s) => Some(&mut s.vis),
            syn::Item::Trait(t) => Some(&mut t.vis),
            syn::Item::Fn(f) => Some(&mut f.vis),
            _ => None,
        };
        if let Some(item_vis) = item_vis.filter(|v| matches!(v, syn::Visibility::Public(_))) {
            // The emitter checked that it parses.
            if let Ok(vis) = syn::parse2(vis.clone()) {
                *item_vis = vis;
            }
        }
        item
    });
    quote! { #(#items)* }
}

/// The validators' runtime.
pub(super) fn validate() -> TokenStream {
    tokens(VALIDATE)
}

/// The function of `runtime/fields.rs` named `name`.
fn field_helper(name: &str) -> TokenStream {
    let item = items(FIELDS).into_iter().find(|item| match item {
        syn::Item::Fn(f) => f.sig.ident == name,
        _ => false,
    });
    quote! { #item }
}

impl Emitter<'_> {
    /// The `__schemagen` module: the runtime items the generated code uses,
    /// and `validators` (the validator functions, after their runtime).
    pub(super) fn helpers_module(&self, validators: Option<TokenStream>) -> TokenStream {
        if self.helpers.is_empty() && validators.is_none() {
            return TokenStream::new();
        }
        let validators = validators.map(|items| {
            let runtime = validate();
            quote! { #runtime #items }
        });
        let mut fns = TokenStream::new();
        for helper in &self.helpers {
            fns.extend(match helper {
                Helper::RequiredNullable => field_helper("required_nullable"),
                Helper::OptionalNonNull => field_helper("optional_non_null"),
                Helper::OptionalNullable => field_helper("optional_nullable"),
                Helper::SchemarsNonNull => field_helper("schemars_non_null"),
                Helper::Place => tokens(PLACE),
            });
        }
        let vis = &self.vis;
        quote! {
            /// Support code for the generated types' serde attributes (and, in
            /// strict mode, their validators).
            #[doc(hidden)]
            #[allow(dead_code, unused_assignments, unused_macros, unused_mut, unused_variables, clippy::all)]
            #vis mod __schemagen {
                #fns
                #validators
            }
        }
    }
}
