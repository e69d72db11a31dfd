//! Token helpers shared by the emitters: identifiers, doc attributes,
//! derives, Rust types with fully-qualified paths, and default values.

use super::Emitter;
use crate::ir::analysis::DefaultValue;
use crate::ir::{IntWidth, Ty, TypeBody, TypeId};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// Doc text the generator writes around schema text (a wire value, a
/// location, a name), through the same parser as descriptions
/// ([`schemakit::markdown::doc_comment`]): schema text in a code span can
/// close it and open a code block, which rustdoc would run.
pub(super) fn doc_safe(text: &str) -> String {
    schemakit::markdown::doc_comment(text)
}

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes for a schema description, its Markdown through the
/// parser ([`schemakit::markdown::doc_comment`]): every code block a `text`
/// block, so that none is ever compiled as a doctest; HTML, brackets and
/// invisible characters escaped.
pub(super) fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let mut out = TokenStream::new();
    let doc = schemakit::markdown::doc_comment(doc.trim());
    for line in doc.lines() {
        let text = format!(" {}", line.trim_end());
        out.extend(quote! { #[doc = #text] });
    }
    out
}

/// An integer literal of the width's type; the analysis checked that `n`
/// is in range.
fn int_literal(width: IntWidth, n: i128) -> TokenStream {
    let lit = match width {
        IntWidth::I8 => Literal::i8_suffixed(n as i8),
        IntWidth::I16 => Literal::i16_suffixed(n as i16),
        IntWidth::I32 => Literal::i32_suffixed(n as i32),
        IntWidth::I64 => Literal::i64_suffixed(n as i64),
        IntWidth::U8 => Literal::u8_suffixed(n as u8),
        IntWidth::U16 => Literal::u16_suffixed(n as u16),
        IntWidth::U32 => Literal::u32_suffixed(n as u32),
        IntWidth::U64 => Literal::u64_suffixed(n as u64),
    };
    quote! { #lit }
}

/// A resolved default as a Rust expression.
pub(super) fn default_tokens(emitter: &Emitter<'_>, value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::String(s) => quote! { ::std::string::String::from(#s) },
        DefaultValue::Bool(b) => quote! { #b },
        DefaultValue::Int(width, n) => int_literal(*width, *n),
        DefaultValue::Float(f) => {
            let lit = Literal::f64_suffixed(*f);
            quote! { #lit }
        }
        DefaultValue::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => quote! { ::serde_json::Number::from(#i) },
            (None, Some(u), _) => quote! { ::serde_json::Number::from(#u) },
            (None, None, f) => {
                let f = f.unwrap_or_default();
                quote! {
                    ::serde_json::Number::from_f64(#f).unwrap_or_else(|| ::serde_json::Number::from(0u8))
                }
            }
        },
        // JSON text the generator printed from a parsed value: it always parses back.
        DefaultValue::Json(text) => quote! { ::serde_json::from_str(#text).unwrap_or_default() },
        DefaultValue::EmptyVec => quote! { ::std::vec::Vec::new() },
        DefaultValue::EmptyMap => quote! { ::std::collections::BTreeMap::new() },
        DefaultValue::Enum(id, s) => {
            let name = ident(&emitter.ir.get(*id).name);
            quote! { #name::from(#s) }
        }
    }
}

impl Emitter<'_> {
    pub(super) fn derives(&self, with_serde: bool) -> TokenStream {
        let schemars = if self.opts.schemars() {
            quote! { #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))] }
        } else {
            TokenStream::new()
        };
        if with_serde {
            quote! {
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #schemars
            }
        } else {
            quote! {
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
            }
        }
    }

    /// The derives the settings add to type `id`, less those named like a
    /// trait the type already has (`have`: derived or written out), as one
    /// `#[derive]`.
    pub(super) fn extra_derives(&self, id: TypeId, have: &[&str]) -> TokenStream {
        let schemars = self.opts.schemars().then_some("JsonSchema");
        let paths: Vec<TokenStream> = self.settings.derives[id.0]
            .iter()
            .filter(|path| {
                let last = path.rsplit("::").next().unwrap_or(path);
                !have.contains(&last) && Some(last) != schemars
            })
            .filter_map(|path| path.parse::<TokenStream>().ok())
            .collect();
        if paths.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[derive(#(#paths),*)] }
        }
    }

    /// Like [`Emitter::derives`], for types whose `Deserialize` is written out.
    pub(super) fn derives_serialize_only(&self) -> TokenStream {
        let schemars = if self.opts.schemars() {
            quote! { #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))] }
        } else {
            TokenStream::new()
        };
        quote! {
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #schemars
        }
    }

    pub(super) fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Named(id) => match &self.ir.get(*id).body {
                // Checked to parse as a type by the settings.
                TypeBody::Replaced { path } => path.parse().unwrap_or_default(),
                _ => {
                    let name = ident(&self.ir.get(*id).name);
                    quote! { #name }
                }
            },
            Ty::String => quote! { ::std::string::String },
            Ty::Bool => quote! { bool },
            Ty::Int(width) => {
                let w = ident(width.rust());
                quote! { #w }
            }
            Ty::Float => quote! { f64 },
            Ty::Number => quote! { ::serde_json::Number },
            Ty::Unit => quote! { () },
            Ty::Value => quote! { ::serde_json::Value },
            Ty::Object => {
                quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> }
            }
            Ty::Array(item) => {
                let item = self.ty(item);
                quote! { ::std::vec::Vec<#item> }
            }
            Ty::Map(value) => {
                let value = self.ty(value);
                quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
            }
            Ty::Tuple(items) => {
                let items = items.iter().map(|t| self.ty(t));
                quote! { (#(#items,)*) }
            }
            Ty::Option(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::option::Option<#inner> }
            }
            Ty::Boxed(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::boxed::Box<#inner> }
            }
        }
    }
}
