//! The index of the generated types: `SCHEMA_TYPES` (every type that a
//! document root or a `$defs` entry names, with its schema location),
//! `visit_type` (a type chosen by name at run time), `validate_type` and
//! `json_schema_for`.

use super::tokens::ident;
use super::Emitter;
use crate::ir::manifest::is_entry_point;
use crate::ir::{TypeBody, TypeDef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

impl Emitter<'_> {
    /// The types the index lists: document roots and `$defs` entries, in
    /// emission order (not those an existing type replaced: they are not
    /// generated).
    fn entry_ids(&self) -> impl Iterator<Item = crate::ir::TypeId> + '_ {
        self.ir.order.iter().copied().filter(|id| {
            let def = self.ir.get(*id);
            is_entry_point(&def.origin.pointer) && !matches!(def.body, TypeBody::Replaced { .. })
        })
    }

    /// `SCHEMA_TYPES` and `visit_type` over the types that schema locations name
    /// (document roots and `$defs` entries), in emission order.
    pub(super) fn index(&self, checks: bool) -> TokenStream {
        let check_bound = if checks {
            quote! { + Check }
        } else {
            TokenStream::new()
        };
        let vis = &self.vis;
        let named: Vec<&TypeDef> = self.entry_ids().map(|id| self.ir.get(id)).collect();
        let names: Vec<&str> = named.iter().map(|d| d.name.as_str()).collect();
        let idents: Vec<Ident> = names.iter().map(|n| ident(n)).collect();
        let files: Vec<&str> = named.iter().map(|d| d.origin.file.as_str()).collect();
        let pointers: Vec<&str> = named.iter().map(|d| d.origin.pointer.as_str()).collect();
        let exact = self.entry_ids().map(|id| self.analysis.exact[id.0]);
        let lossless = self.entry_ids().map(|id| self.analysis.lossless[id.0]);
        let schemars_index = if self.opts.schemars() && !self.opts.is_strict() {
            let with_schema: Vec<(&str, Ident)> = named
                .iter()
                .filter(|d| !matches!(d.body, TypeBody::Pending))
                .map(|d| (d.name.as_str(), ident(&d.name)))
                .collect();
            let names = with_schema.iter().map(|(n, _)| n);
            let idents = with_schema.iter().map(|(_, i)| i);
            quote! {
                /// The JSON Schema schemars derives from the Rust type named
                /// `name` (what the types accept), for comparing with the source.
                #[cfg(feature = "schemars")]
                #vis fn json_schema_for(name: &str) -> ::std::option::Option<::schemars::Schema> {
                    match name {
                        #( #names => ::std::option::Option::Some(::schemars::schema_for!(#idents)), )*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        let validate_index = match &self.all_validators {
            Some(fns) => {
                let fns: Vec<&Ident> = self.entry_ids().map(|id| &fns[id.0]).collect();
                quote! {
                    #vis use self::__schemagen::SchemaError;

                    /// Every error of `value` against the schema of the type
                    /// named `name` in [`SCHEMA_TYPES`] (each with its JSON
                    /// pointer, keyword, schema location and message; empty
                    /// when the value is valid); `None` for any other name.
                    #vis fn validate_type(name: &str, value: &::serde_json::Value) -> ::std::option::Option<::std::vec::Vec<SchemaError>> {
                        validate_type_within(name, value, __schemagen::MAX_ERRORS)
                    }

                    /// As [`validate_type`], keeping the first `max_errors`
                    /// errors only (past them, one error with the keyword
                    /// `limit` says how many more were found): each costs
                    /// some hundreds of bytes.
                    #vis fn validate_type_within(name: &str, value: &::serde_json::Value, max_errors: usize) -> ::std::option::Option<::std::vec::Vec<SchemaError>> {
                        match name {
                            #( #names => ::std::option::Option::Some(__schemagen::all_within(__schemagen::#fns, value, max_errors)), )*
                            _ => ::std::option::Option::None,
                        }
                    }

                    /// Whether `value` is valid against the schema of the
                    /// type named `name` in [`SCHEMA_TYPES`] (it stops at the
                    /// first error, and allocates nothing for a valid value);
                    /// `None` for any other name.
                    #vis fn is_valid_type(name: &str, value: &::serde_json::Value) -> ::std::option::Option<bool> {
                        match name {
                            #( #names => ::std::option::Option::Some(__schemagen::is_valid(__schemagen::#fns, value)), )*
                            _ => ::std::option::Option::None,
                        }
                    }
                }
            }
            None => TokenStream::new(),
        };
        quote! {
            /// A generated type and the schema location it was generated from.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq)]
            #vis struct SchemaType {
                /// The Rust type name.
                pub name: &'static str,
                /// The schema document, as the generator was given it.
                pub file: &'static str,
                /// The JSON pointer of the definition in that document.
                pub pointer: &'static str,
                /// Whether decoding into the type, plus its drift walk, gives
                /// the schema's whole verdict: every constraint reachable
                /// from it is one the type enforces or reports as drift.
                /// When false, a value that decodes without drift may still
                /// break a constraint only validation checks (a `pattern`, a
                /// bound, `if`/`then`…).
                pub exact: bool,
                /// Whether a decoded value encodes back to the JSON it came
                /// from (no `f64` on the way).
                pub lossless: bool,
            }

            /// Every type generated from a document root or a `$defs` entry.
            #vis const SCHEMA_TYPES: &[SchemaType] = &[
                #( SchemaType { name: #names, file: #files, pointer: #pointers, exact: #exact, lossless: #lossless }, )*
            ];

            /// Something to do with a generated type, chosen by name at run time
            /// (see [`visit_type`]).
            #vis trait TypeVisitor {
                type Output;
                fn visit<T>(self) -> Self::Output
                where
                    T: ::serde::Serialize + ::serde::de::DeserializeOwned + ::std::fmt::Debug + ::std::clone::Clone + ::std::cmp::PartialEq #check_bound + 'static;
            }

            #schemars_index

            /// Calls `visitor.visit::<T>()` with the type named `name` in
            /// [`SCHEMA_TYPES`]; `None` for any other name.
            #vis fn visit_type<V: TypeVisitor>(name: &str, visitor: V) -> ::std::option::Option<V::Output> {
                match name {
                    #( #names => ::std::option::Option::Some(visitor.visit::<#idents>()), )*
                    _ => ::std::option::Option::None,
                }
            }

            #validate_index
        }
    }
}
