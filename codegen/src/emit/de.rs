//! The hand-written `Deserialize` of tolerant structs: one pass over the
//! object, each known key matched once and read straight into its field
//! (in place when the struct has a placeholder), the others kept in
//! `extra`; serde's derive errors for duplicate and missing fields.

use super::tokens::ident;
use super::Emitter;
use crate::ir::{Ty, TypeBody};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// A cheap value of `ty` for a decode in place to start from and
    /// overwrite: empty strings and collections, zero, `None`, a string
    /// enum's unknown (or first) variant, a struct's own placeholder.
    pub(super) fn placeholder(&mut self, ty: &Ty) -> Option<TokenStream> {
        Some(match ty {
            Ty::String => quote! { ::std::string::String::new() },
            Ty::Bool => quote! { false },
            Ty::Int(_) => quote! { 0 },
            Ty::Float => quote! { 0.0 },
            Ty::Number => quote! { ::serde_json::Number::from(0u8) },
            Ty::Unit => quote! { () },
            Ty::Value => quote! { ::serde_json::Value::Null },
            Ty::Object => quote! { ::serde_json::Map::new() },
            Ty::Array(_) => quote! { ::std::vec::Vec::new() },
            Ty::Map(_) => quote! { ::std::collections::BTreeMap::new() },
            Ty::Option(_) => quote! { ::std::option::Option::None },
            Ty::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|t| self.placeholder(t))
                    .collect::<Option<Vec<_>>>()?;
                quote! { (#(#items,)*) }
            }
            Ty::Boxed(inner) => {
                let inner = self.placeholder(inner)?;
                quote! { ::std::boxed::Box::new(#inner) }
            }
            Ty::Named(id) => {
                let def = self.ir.get(*id);
                let name = ident(&def.name);
                match &def.body {
                    TypeBody::Struct(_) => {
                        if !self.analysis.in_place[id.0] {
                            return None;
                        }
                        quote! { <#name as __schemagen::Place>::placeholder() }
                    }
                    TypeBody::Enum(e) if e.open => {
                        let unknown = ident(&e.unknown);
                        quote! { #name::#unknown(::std::string::String::new()) }
                    }
                    TypeBody::Enum(e) => {
                        let first = ident(&e.variants.first()?.rust);
                        quote! { #name::#first }
                    }
                    TypeBody::Alias { ty, newtype } => {
                        // An alias that contains itself (through a tuple or
                        // a box) has no finite value.
                        if !self.aliases.insert(*id) {
                            return None;
                        }
                        let inner = self.placeholder(ty);
                        self.aliases.remove(id);
                        let inner = inner?;
                        if *newtype {
                            quote! { #name(#inner) }
                        } else {
                            inner
                        }
                    }
                    TypeBody::Tagged(_)
                    | TypeBody::Untagged(_)
                    | TypeBody::Pending
                    | TypeBody::Replaced { .. } => return None,
                }
            }
        })
    }

    /// Whether a value of `ty` is decoded in place
    /// (`__schemagen::Place`): a struct that decodes in place, or an
    /// `Option`, `Vec` or `Box` of one.
    pub(super) fn is_place(&mut self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => match &self.ir.get(*id).body {
                TypeBody::Struct(_) => self.analysis.in_place[id.0],
                TypeBody::Alias { ty, newtype: false } => self.is_place(ty),
                _ => false,
            },
            Ty::Option(inner) | Ty::Array(inner) | Ty::Boxed(inner) => self.is_place(inner),
            _ => false,
        }
    }
}

/// How a hand-written `Deserialize` fills one field.
pub(super) struct FieldDe {
    pub(super) rust: Ident,
    pub(super) wire: String,
    /// The type read from the value (the field type, less the `Option` that
    /// stands for "absent").
    pub(super) slot: TokenStream,
    /// The same, in the IR.
    pub(super) ty: Ty,
    pub(super) fill: Fill,
}

/// How an absent property fills its field.
pub(super) enum Fill {
    /// Absent is an error.
    Required,
    /// Absent is `None`.
    Optional,
    /// Absent is the schema's default, from this associated function.
    Default(Ident),
}

/// The `__Field` enum of a hand-written `Deserialize`: each known property
/// name matched once, as a tag; any other name kept (for `extra`).
fn field_identifier(fields: &[FieldDe]) -> TokenStream {
    let tags = field_tags(fields);
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let identify = if fields.is_empty() {
        quote! { ::std::result::Result::Ok(__Field::__Other(::std::string::String::from(value))) }
    } else {
        quote! {
            ::std::result::Result::Ok(match value {
                #( #wires => __Field::#tags, )*
                other => __Field::__Other(::std::string::String::from(other)),
            })
        }
    };
    quote! {
        enum __Field {
            #( #tags, )*
            __Other(::std::string::String),
        }

        struct __FieldVisitor;

        impl ::serde::de::Visitor<'_> for __FieldVisitor {
            type Value = __Field;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<__Field, __E> {
                #identify
            }
        }

        impl<'de> ::serde::Deserialize<'de> for __Field {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                deserializer.deserialize_identifier(__FieldVisitor)
            }
        }
    }
}

fn field_tags(fields: &[FieldDe]) -> Vec<Ident> {
    (0..fields.len()).map(|i| format_ident!("F{}", i)).collect()
}

/// The match arm for a property the struct does not name: kept in `extra`
/// (through `keep`), or skipped.
fn other_arm(keep: Option<TokenStream>) -> TokenStream {
    match keep {
        Some(keep) => quote! {
            __Field::__Other(key) => {
                let value = map.next_value::<::serde_json::Value>()?;
                #keep.insert(key, value);
            }
        },
        None => quote! {
            __Field::__Other(_) => {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
        },
    }
}

/// `Deserialize` for a tolerant struct: a map visitor that matches each key
/// once, reads known properties straight into their fields (rejecting
/// duplicates, as serde's derive does) and keeps the others in `extra`.
pub(super) fn deserialize_struct(
    name: &Ident,
    fields: &[FieldDe],
    extra: Option<&str>,
) -> TokenStream {
    let tags = field_tags(fields);
    let locals: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{}", i)).collect();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let slots: Vec<&TokenStream> = fields.iter().map(|f| &f.slot).collect();
    let rusts: Vec<&Ident> = fields.iter().map(|f| &f.rust).collect();
    let finals: Vec<TokenStream> = fields
        .iter()
        .zip(&locals)
        .map(|(f, local)| {
            let wire = &f.wire;
            match &f.fill {
                Fill::Required => quote! {
                    match #local {
                        ::std::option::Option::Some(value) => value,
                        ::std::option::Option::None => return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::missing_field(#wire)),
                    }
                },
                Fill::Optional => quote! { #local },
                Fill::Default(default) => quote! {
                    match #local {
                        ::std::option::Option::Some(value) => value,
                        ::std::option::Option::None => #name::#default(),
                    }
                },
            }
        })
        .collect();
    let (extra_init, extra_field) = match extra {
        Some(extra) => {
            let extra = ident(extra);
            (
                quote! { let mut __extra = ::serde_json::Map::new(); },
                quote! { #extra: __extra, },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let other = other_arm(extra.map(|_| quote! { __extra }));
    let expecting = format!("an object ({name})");
    let identifier = field_identifier(fields);
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                #identifier

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<#name, __A::Error> {
                        #( let mut #locals: ::std::option::Option<#slots> = ::std::option::Option::None; )*
                        #extra_init
                        while let ::std::option::Option::Some(key) = map.next_key::<__Field>()? {
                            match key {
                                #(
                                    __Field::#tags => {
                                        if #locals.is_some() {
                                            return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::duplicate_field(#wires));
                                        }
                                        #locals = ::std::option::Option::Some(map.next_value::<#slots>()?);
                                    }
                                )*
                                #other
                            }
                        }
                        ::std::result::Result::Ok(#name {
                            #( #rusts: #finals, )*
                            #extra_field
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// `Deserialize` for a tolerant struct that decodes in place
/// (`__schemagen::Place`): the struct starts as its placeholder (`places`,
/// one expression per field) and each property is written into its field;
/// a field of a type that decodes in place (`in_place`) is filled where it
/// lies, so no nested struct is moved. Flags in place of `Option` locals
/// catch duplicate and missing properties, with serde's derive's errors.
pub(super) fn deserialize_in_place(
    name: &Ident,
    fields: &[FieldDe],
    places: &[TokenStream],
    in_place: &[bool],
    extra: Option<&str>,
) -> TokenStream {
    let tags = field_tags(fields);
    let seen: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("seen{}", i))
        .collect();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let rusts: Vec<&Ident> = fields.iter().map(|f| &f.rust).collect();
    let reads: Vec<TokenStream> = fields
        .iter()
        .zip(in_place)
        .map(|(f, &in_place)| {
            let rust = &f.rust;
            let slot = &f.slot;
            match (&f.fill, in_place) {
                (Fill::Optional, true) => quote! {
                    map.next_value_seed(__schemagen::InPlace(place.#rust.insert(<#slot as __schemagen::Place>::placeholder())))?;
                },
                (Fill::Optional, false) => quote! {
                    place.#rust = ::std::option::Option::Some(map.next_value::<#slot>()?);
                },
                (_, true) => quote! {
                    map.next_value_seed(__schemagen::InPlace(&mut place.#rust))?;
                },
                (_, false) => quote! {
                    place.#rust = map.next_value::<#slot>()?;
                },
            }
        })
        .collect();
    let absent: Vec<TokenStream> = fields
        .iter()
        .zip(&seen)
        .filter_map(|(f, seen)| {
            let wire = &f.wire;
            let rust = &f.rust;
            match &f.fill {
                Fill::Required => Some(quote! {
                    if !#seen {
                        return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::missing_field(#wire));
                    }
                }),
                Fill::Optional => None,
                Fill::Default(default) => Some(quote! {
                    if !#seen {
                        place.#rust = #name::#default();
                    }
                }),
            }
        })
        .collect();
    let extra_place = extra.map(|extra| {
        let extra = ident(extra);
        quote! { #extra: ::serde_json::Map::new(), }
    });
    let other = other_arm(extra.map(|extra| {
        let extra = ident(extra);
        quote! { place.#extra }
    }));
    let expecting = format!("an object ({name})");
    let identifier = field_identifier(fields);
    // With no field and nothing kept, the struct is not written to.
    let bind = if fields.is_empty() && extra.is_none() {
        quote! { let _ = self.0; }
    } else {
        quote! { let place = self.0; }
    };
    quote! {
        impl __schemagen::Place for #name {
            fn placeholder() -> Self {
                #name {
                    #( #rusts: #places, )*
                    #extra_place
                }
            }

            fn fill<'de, __D: ::serde::Deserializer<'de>>(deserializer: __D, place: &mut Self) -> ::std::result::Result<(), __D::Error> {
                #identifier

                struct __Visitor<'p>(&'p mut #name);

                impl<'de> ::serde::de::Visitor<'de> for __Visitor<'_> {
                    type Value = ();
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<(), __A::Error> {
                        #bind
                        #( let mut #seen = false; )*
                        while let ::std::option::Option::Some(key) = map.next_key::<__Field>()? {
                            match key {
                                #(
                                    __Field::#tags => {
                                        if #seen {
                                            return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::duplicate_field(#wires));
                                        }
                                        #seen = true;
                                        #reads
                                    }
                                )*
                                #other
                            }
                        }
                        #( #absent )*
                        ::std::result::Result::Ok(())
                    }
                }

                deserializer.deserialize_map(__Visitor(place))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let mut place = <#name as __schemagen::Place>::placeholder();
                <#name as __schemagen::Place>::fill(deserializer, &mut place)?;
                ::std::result::Result::Ok(place)
            }
        }
    }
}
