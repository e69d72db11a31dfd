//! The item of each type: structs with their fields, string enums (open or
//! closed), tagged and untagged unions, aliases and newtypes.

use super::de::{deserialize_in_place, deserialize_struct, FieldDe, Fill};
use super::tokens::{default_tokens, doc_attrs, doc_safe, ident};
use super::{Emitter, Helper};
use crate::ir::{Field, StringEnum, Struct, Tagged, Ty, TypeBody, TypeDef, TypeId, Untagged};
use crate::options::Defaults;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn type_def(&mut self, id: TypeId, def: &TypeDef) -> TokenStream {
        let name = ident(&def.name);
        let doc = doc_attrs(def.doc.as_deref().filter(|_| self.opts.doc_comments()));
        let validator = self.validators.as_ref().map(|fns| fns[id.0].clone());
        let vis = self.vis.clone();
        match &def.body {
            TypeBody::Struct(s) => {
                let mut out = self.struct_def(id, &name, doc, s, validator.is_some());
                out.extend(validator.map(|f| strict_impls(&name, &f)));
                out
            }
            TypeBody::Enum(e) => self.enum_def(id, &name, doc, e, validator.as_ref()),
            TypeBody::Tagged(t) => self.tagged_def(id, &name, doc, t, validator.as_ref()),
            TypeBody::Untagged(u) => {
                let mut out = self.untagged_def(id, &name, doc, u, validator.is_some());
                out.extend(validator.map(|f| strict_impls(&name, &f)));
                out
            }
            TypeBody::Alias { ty, newtype: false } => {
                let ty = self.ty(ty);
                quote! { #doc #vis type #name = #ty; }
            }
            TypeBody::Alias { ty, newtype: true } => {
                let ty = self.ty(ty);
                let derives = self.derives(true);
                let extra = self.extra_derives(id, HAVE);
                let remote = remote_attr(validator.is_some());
                let impls = validator.map(|f| strict_impls(&name, &f));
                quote! {
                    #doc
                    #derives
                    #extra
                    #[serde(transparent)]
                    #remote
                    #vis struct #name(pub #ty);
                    #impls
                }
            }
            // Not emitted: a type the settings replaced is someone else's.
            TypeBody::Pending | TypeBody::Replaced { .. } => TokenStream::new(),
        }
    }

    fn struct_def(
        &mut self,
        id: TypeId,
        name: &Ident,
        doc: TokenStream,
        s: &Struct,
        strict: bool,
    ) -> TokenStream {
        // Tolerant structs get a hand-written `Deserialize`: one pass over the
        // object, known keys straight into their fields, the rest into `extra`
        // (serde's `flatten` would buffer every object instead).
        let manual = !strict;
        let mut fields = Vec::new();
        let mut methods = Vec::new();
        let mut des = Vec::new();
        for (index, field) in s.fields.iter().enumerate() {
            let (tokens, method, de) = self.field(name, id, index, field, manual);
            fields.push(tokens);
            methods.extend(method);
            des.push(de);
        }
        if let Some(extra) = &s.extra {
            let extra = ident(extra);
            fields.push(quote! {
                #[doc = " Properties the schema does not name, kept so that encoding gives back what was decoded."]
                #[serde(flatten)]
                pub #extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            });
        }
        let derives = if manual {
            self.derives_serialize_only()
        } else {
            self.derives(true)
        };
        let extra_derives = self.extra_derives(id, HAVE);
        let vis = self.vis.clone();
        let remote = remote_attr(strict);
        let imp = if methods.is_empty() {
            TokenStream::new()
        } else {
            quote! { impl #name { #(#methods)* } }
        };
        let de_impl = if manual && self.analysis.in_place[id.0] {
            self.helpers.insert(Helper::Place);
            let places = des
                .iter()
                .map(|de| match de.fill {
                    Fill::Optional => Some(quote! { ::std::option::Option::None }),
                    Fill::Required | Fill::Default(_) => self.placeholder(&de.ty),
                })
                .collect::<Option<Vec<_>>>()
                .expect("a struct that decodes in place has a placeholder for every field");
            let in_place: Vec<bool> = des.iter().map(|de| self.is_place(&de.ty)).collect();
            deserialize_in_place(name, &des, &places, &in_place, s.extra.as_deref())
        } else if manual {
            deserialize_struct(name, &des, s.extra.as_deref())
        } else {
            TokenStream::new()
        };
        let required_nullable: Vec<&str> = s
            .fields
            .iter()
            .filter(|f| f.required && f.nullable)
            .map(|f| f.wire.as_str())
            .collect();
        let (schemars_container, schemars_fn) = if manual
            && self.opts.schemars()
            && !required_nullable.is_empty()
        {
            (
                quote! { #[cfg_attr(feature = "schemars", schemars(transform = #name::__schemars_required))] },
                quote! {
                    #[cfg(feature = "schemars")]
                    impl #name {
                        /// Lists the required properties that may be `null` (schemars
                        /// takes every `Option` field for an optional one).
                        #[doc(hidden)]
                        pub fn __schemars_required(schema: &mut ::schemars::Schema) {
                            let names: &[&str] = &[#(#required_nullable),*];
                            let required = schema
                                .ensure_object()
                                .entry("required")
                                .or_insert_with(|| ::serde_json::Value::Array(::std::vec::Vec::new()));
                            if let ::serde_json::Value::Array(list) = required {
                                for name in names {
                                    if !list.iter().any(|v| v == name) {
                                        list.push(::serde_json::Value::from(*name));
                                    }
                                }
                            }
                        }
                    }
                },
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        quote! {
            #doc
            #derives
            #extra_derives
            #schemars_container
            #remote
            #vis struct #name {
                #(#fields)*
            }
            #imp
            #de_impl
            #schemars_fn
        }
    }

    /// A field, the default method it needs (if any), and how a hand-written
    /// `Deserialize` fills it (`manual`: no serde `deserialize_with`/`default`
    /// attributes, the impl does their work).
    fn field(
        &mut self,
        owner: &Ident,
        id: TypeId,
        index: usize,
        field: &Field,
        manual: bool,
    ) -> (TokenStream, Option<TokenStream>, FieldDe) {
        let rust = ident(&field.rust);
        let mut doc_text = field
            .doc
            .clone()
            .filter(|_| self.opts.doc_comments())
            .unwrap_or_default();
        if field.deprecated {
            if !doc_text.is_empty() {
                doc_text.push_str("\n\n");
            }
            doc_text.push_str("Deprecated by the schema.");
        }
        let doc = doc_attrs((!doc_text.is_empty()).then_some(doc_text.as_str()));
        let wire = &field.wire;
        let rename = if field.wire != field.rust {
            quote! { rename = #wire, }
        } else {
            TokenStream::new()
        };
        let inner = self.ty(&field.ty);
        let mut method = None;
        let mut schemars_attr = TokenStream::new();
        let mut de = FieldDe {
            rust: rust.clone(),
            wire: field.wire.clone(),
            slot: inner.clone(),
            ty: field.ty.clone(),
            fill: Fill::Required,
        };
        let (ty, attrs) = match (field.required, field.nullable) {
            (true, false) => (inner.clone(), TokenStream::new()),
            (true, true) if manual => {
                de.slot = quote! { ::std::option::Option<#inner> };
                de.ty = Ty::Option(Box::new(field.ty.clone()));
                // schemars reads `Option` as optional; the struct's transform
                // lists the property as required (it stays nullable).
                (quote! { ::std::option::Option<#inner> }, TokenStream::new())
            }
            (false, true) if manual => {
                de.slot = quote! { ::std::option::Option<#inner> };
                de.ty = Ty::Option(Box::new(field.ty.clone()));
                de.fill = Fill::Optional;
                (
                    quote! { ::std::option::Option<::std::option::Option<#inner>> },
                    quote! { skip_serializing_if = "::std::option::Option::is_none", },
                )
            }
            (true, true) => {
                self.helpers.insert(Helper::RequiredNullable);
                (
                    quote! { ::std::option::Option<#inner> },
                    quote! { deserialize_with = "__schemagen::required_nullable", },
                )
            }
            (false, true) => {
                self.helpers.insert(Helper::OptionalNullable);
                (
                    quote! { ::std::option::Option<::std::option::Option<#inner>> },
                    quote! {
                        default,
                        skip_serializing_if = "::std::option::Option::is_none",
                        deserialize_with = "__schemagen::optional_nullable",
                    },
                )
            }
            (false, false) => {
                let default = self
                    .analysis
                    .default_of(id, index)
                    .map(|value| default_tokens(self, value));
                match (default, self.opts.defaults()) {
                    (Some(expr), Defaults::Serde) => {
                        let fn_name =
                            format_ident!("default_{}", field.rust.trim_start_matches('_'));
                        let path = format!("{owner}::{fn_name}");
                        let text =
                            doc_safe(&format!(" The schema's default for `{}`.", field.wire));
                        method = Some(quote! {
                            #[doc = #text]
                            pub fn #fn_name() -> #inner { #expr }
                        });
                        if manual {
                            de.fill = Fill::Default(fn_name);
                            (inner.clone(), TokenStream::new())
                        } else {
                            (inner.clone(), quote! { default = #path, })
                        }
                    }
                    (default, _) => {
                        if let Some(expr) = default {
                            let fn_name =
                                format_ident!("{}_or_default", field.rust.trim_end_matches('_'));
                            let text = doc_safe(&format!(
                                " `{}`, or the schema's default when the payload leaves it out.",
                                field.wire
                            ));
                            method = Some(quote! {
                                #[doc = #text]
                                pub fn #fn_name(&self) -> #inner {
                                    match &self.#rust {
                                        ::std::option::Option::Some(value) => ::std::clone::Clone::clone(value),
                                        ::std::option::Option::None => #expr,
                                    }
                                }
                            });
                        }
                        if manual {
                            de.fill = Fill::Optional;
                            if self.opts.schemars() {
                                self.helpers.insert(Helper::SchemarsNonNull);
                                schemars_attr = quote! {
                                    #[cfg_attr(feature = "schemars", schemars(transform = __schemagen::schemars_non_null))]
                                };
                            }
                            (
                                quote! { ::std::option::Option<#inner> },
                                quote! { skip_serializing_if = "::std::option::Option::is_none", },
                            )
                        } else {
                            self.helpers.insert(Helper::OptionalNonNull);
                            (
                                quote! { ::std::option::Option<#inner> },
                                quote! {
                                    default,
                                    skip_serializing_if = "::std::option::Option::is_none",
                                    deserialize_with = "__schemagen::optional_non_null",
                                },
                            )
                        }
                    }
                }
            }
        };
        let serde = if rename.is_empty() && attrs.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[serde(#rename #attrs)] }
        };
        if !self.opts.schemars() {
            schemars_attr = TokenStream::new();
        }
        (
            quote! {
                #doc
                #serde
                #schemars_attr
                pub #rust: #ty,
            },
            method,
            de,
        )
    }

    fn enum_def(
        &mut self,
        id: TypeId,
        name: &Ident,
        doc: TokenStream,
        e: &StringEnum,
        validator: Option<&Ident>,
    ) -> TokenStream {
        if !e.open {
            return self.closed_enum_def(id, name, doc, e, validator);
        }
        let extra_derives = self.extra_derives(id, &[HAVE, &["Eq", "Hash"]].concat());
        let vis = &self.vis;
        let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
        let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
        let unknown = ident(&e.unknown);
        let variant_docs = wires.iter().map(|w| doc_safe(&format!(" `{w}`")));
        let expecting = format!("a string (one of {} known values)", wires.len());
        let string_impls = string_impls(name);
        // Open: any string decodes, so the derived schema says "a string"
        // (an unknown value is drift, not a violation); the known ones are examples.
        let schema_name = name.to_string();
        let schemars_impl = if self.opts.schemars() {
            quote! {
                #[cfg(feature = "schemars")]
                impl ::schemars::JsonSchema for #name {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed(#schema_name)
                    }
                    fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                        ::schemars::json_schema!({ "type": "string", "examples": [#(#wires),*] })
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        // An empty enum has nothing to match: every value is unknown.
        let (from_str, from_string) = if variants.is_empty() {
            (
                quote! { Self::#unknown(::std::string::String::from(value)) },
                quote! { Self::#unknown(value) },
            )
        } else {
            (
                quote! {
                    match value {
                        #( #wires => Self::#variants, )*
                        other => Self::#unknown(::std::string::String::from(other)),
                    }
                },
                quote! {
                    match value.as_str() {
                        #( #wires => Self::#variants, )*
                        _ => Self::#unknown(value),
                    }
                },
            )
        };
        quote! {
            #doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
            #extra_derives
            #[allow(clippy::enum_variant_names)]
            #vis enum #name {
                #( #[doc = #variant_docs] #variants, )*
                /// A value this version of the schema does not list, kept verbatim.
                #unknown(::std::string::String),
            }

            impl #name {
                /// Every value the schema lists, in schema order.
                pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

                /// The value as it appears on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #wires, )*
                        Self::#unknown(value) => value.as_str(),
                    }
                }

                /// Whether the value is one the schema does not list.
                pub fn is_unknown(&self) -> bool {
                    ::std::matches!(self, Self::#unknown(_))
                }
            }

            #schemars_impl

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    #from_str
                }
            }

            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    #from_string
                }
            }

            #string_impls

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    struct Visitor;
                    impl ::serde::de::Visitor<'_> for Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, __E> {
                            ::std::result::Result::Ok(#name::from(value))
                        }
                        fn visit_string<__E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<#name, __E> {
                            ::std::result::Result::Ok(#name::from(value))
                        }
                    }
                    deserializer.deserialize_str(Visitor)
                }
            }
        }
    }

    /// A strict enum: only the listed values decode.
    fn closed_enum_def(
        &mut self,
        id: TypeId,
        name: &Ident,
        doc: TokenStream,
        e: &StringEnum,
        validator: Option<&Ident>,
    ) -> TokenStream {
        let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
        let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
        let variant_docs = wires.iter().map(|w| doc_safe(&format!(" `{w}`")));
        let expecting = format!("one of {} strings", wires.len());
        let string_impls = string_impls(name);
        let extra_derives = self.extra_derives(id, &[HAVE, &["Eq", "Hash", "Copy"]].concat());
        let vis = &self.vis;
        let validate = validator.map(|f| {
            quote! {
                __schemagen::first(__schemagen::#f, &::serde_json::Value::String(::std::string::String::from(value))).map_err(__E::custom)?;
            }
        });
        let (as_str, from_str) = if variants.is_empty() {
            (
                quote! { match *self {} },
                quote! { ::std::result::Result::Err(__E::unknown_variant(value, #name::KNOWN)) },
            )
        } else {
            (
                quote! { match self { #( Self::#variants => #wires, )* } },
                quote! {
                    match value {
                        #( #wires => ::std::result::Result::Ok(#name::#variants), )*
                        other => ::std::result::Result::Err(__E::unknown_variant(other, #name::KNOWN)),
                    }
                },
            )
        };
        quote! {
            #doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
            #extra_derives
            #[allow(clippy::enum_variant_names)]
            #vis enum #name {
                #( #[doc = #variant_docs] #variants, )*
            }

            impl #name {
                /// Every value the schema lists, in schema order.
                pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

                /// The value as it appears on the wire.
                pub fn as_str(&self) -> &'static str {
                    #as_str
                }
            }

            #string_impls

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    struct Visitor;
                    impl ::serde::de::Visitor<'_> for Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, __E> {
                            #validate
                            #from_str
                        }
                    }
                    deserializer.deserialize_str(Visitor)
                }
            }
        }
    }

    fn tagged_def(
        &mut self,
        id: TypeId,
        name: &Ident,
        doc: TokenStream,
        t: &Tagged,
        validator: Option<&Ident>,
    ) -> TokenStream {
        let tag = &t.tag;
        let variants: Vec<Ident> = t.variants.iter().map(|(_, v, _)| ident(v)).collect();
        let values: Vec<&str> = t.variants.iter().map(|(w, _, _)| w.as_str()).collect();
        let tys: Vec<TokenStream> = t.variants.iter().map(|(_, _, ty)| self.ty(ty)).collect();
        let indices: Vec<usize> = (0..variants.len()).collect();
        let variant_docs = values
            .iter()
            .map(|v| doc_safe(&format!(" `{tag}` is `{v}`.")));
        let unknown = ident(&t.unknown);
        let not_object = format!("expected an object with a string `{tag}` property");
        let tag_not_string = format!("`{tag}` must be a string");
        let derives = self.derives(false);
        let extra_derives = self.extra_derives(id, HAVE);
        let vis = &self.vis;
        let unknown_doc =
            format!(" A `{tag}` value this version of the schema does not list; the payload is kept verbatim.");
        let validate = validator.map(|f| {
            quote! { __schemagen::first(__schemagen::#f, &value).map_err(__D::Error::custom)?; }
        });
        // Any object decodes (an unknown tag is kept), so the derived schema is
        // the branches, or any object.
        let schema_name = name.to_string();
        let tagged_schemars = if self.opts.schemars() && t.open {
            quote! {
                #[cfg(feature = "schemars")]
                impl ::schemars::JsonSchema for #name {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed(#schema_name)
                    }
                    fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                        let branches: ::std::vec::Vec<::schemars::Schema> = ::std::vec![
                            #( generator.subschema_for::<#tys>(), )*
                            ::schemars::json_schema!({ "type": "object" }),
                        ];
                        ::schemars::json_schema!({ "anyOf": branches })
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        let (unknown_variant, unknown_ser, unknown_de) = if t.open {
            (
                quote! { #[doc = #unknown_doc] #unknown(::serde_json::Value), },
                quote! { Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer), },
                quote! { ::std::result::Result::Ok(Self::#unknown(value)) },
            )
        } else {
            let message = format!("unknown `{tag}`: expected one of {}", values.join(", "));
            (
                TokenStream::new(),
                TokenStream::new(),
                quote! { ::std::result::Result::Err(__D::Error::custom(#message)) },
            )
        };
        quote! {
            #doc
            #derives
            #extra_derives
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            #vis enum #name {
                #( #[doc = #variant_docs] #variants(#tys), )*
                #unknown_variant
            }

            #tagged_schemars

            impl ::serde::Serialize for #name {
                fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                    match self {
                        #( Self::#variants(value) => ::serde::Serialize::serialize(value, serializer), )*
                        #unknown_ser
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    use ::serde::de::Error as _;
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #validate
                    let which: ::std::option::Option<usize> = match &value {
                        ::serde_json::Value::Object(map) => match map.get(#tag) {
                            ::std::option::Option::Some(::serde_json::Value::String(tag)) => match tag.as_str() {
                                #( #values => ::std::option::Option::Some(#indices), )*
                                _ => ::std::option::Option::None,
                            },
                            ::std::option::Option::Some(_) => return ::std::result::Result::Err(__D::Error::custom(#tag_not_string)),
                            ::std::option::Option::None => return ::std::result::Result::Err(__D::Error::missing_field(#tag)),
                        },
                        _ => return ::std::result::Result::Err(__D::Error::custom(#not_object)),
                    };
                    match which {
                        #( ::std::option::Option::Some(#indices) => ::serde_json::from_value(value).map(Self::#variants).map_err(__D::Error::custom), )*
                        _ => #unknown_de,
                    }
                }
            }
        }
    }

    fn untagged_def(
        &mut self,
        id: TypeId,
        name: &Ident,
        doc: TokenStream,
        u: &Untagged,
        strict: bool,
    ) -> TokenStream {
        let variants: Vec<Ident> = u.variants.iter().map(|(v, _)| ident(v)).collect();
        let tys: Vec<TokenStream> = u.variants.iter().map(|(_, ty)| self.ty(ty)).collect();
        let derives = self.derives(true);
        let extra_derives = self.extra_derives(id, HAVE);
        let vis = &self.vis;
        let remote = remote_attr(strict);
        quote! {
            #doc
            #derives
            #extra_derives
            #[serde(untagged)]
            #remote
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            #vis enum #name {
                #( #variants(#tys), )*
            }
        }
    }
}

/// The traits every type has, derived or written out: a derive the
/// settings add that is named like one of them is left out.
const HAVE: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];

/// `Display` and `Serialize` for a string enum, through its `as_str`.
fn string_impls(name: &Ident) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// `#[serde(remote = "Self")]`: the derive then writes inherent
/// `serialize`/`deserialize` functions, which the strict impls call after validating.
fn remote_attr(strict: bool) -> TokenStream {
    if strict {
        quote! { #[serde(remote = "Self")] }
    } else {
        TokenStream::new()
    }
}

/// The strict `Deserialize`: validate the value against the schema, then decode.
fn strict_impls(name: &Ident, validator: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                __schemagen::first(__schemagen::#validator, &value).map_err(<__D::Error as ::serde::de::Error>::custom)?;
                #name::deserialize(value).map_err(<__D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                #name::serialize(self, serializer)
            }
        }
    }
}
