//! IR → Rust source: one token stream with fully-qualified paths, formatted by prettyplease.

use crate::ir::{
    Field, IntWidth, Ir, StringEnum, Struct, Tagged, Ty, TypeDef, TypeId, TypeKind, Untagged,
};
use crate::{Defaults, Options};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Helpers the generated code may call; only those used are emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Helper {
    RequiredNullable,
    OptionalNonNull,
    OptionalNullable,
    /// A schemars transform removing `null` from an `Option` field's schema.
    SchemarsNonNull,
    /// The in-place decoding trait and its seed (see [`Emitter::placeholder`]).
    Place,
}

struct Emitter<'a> {
    ir: &'a Ir,
    opts: &'a Options,
    /// Strict mode: the validator function of each type, by [`TypeId`].
    validators: Option<Vec<Ident>>,
    /// The validator function of each type, in strict mode or with
    /// `emit_validators`, for `validate_type`.
    all_validators: Option<Vec<Ident>>,
    helpers: BTreeSet<Helper>,
    /// Whether each struct decodes in place (its placeholder exists), by
    /// [`TypeId`]; `None` while it is being worked out.
    in_place: HashMap<TypeId, Option<bool>>,
    /// The aliases whose placeholder is being worked out.
    aliases: HashSet<TypeId>,
    /// Defaults the generator could not express, reported by the caller.
    pub skipped_defaults: Vec<(String, String)>,
}

/// The emitted code, and the defaults it had to leave out (location, reason).
pub struct Emitted {
    pub code: String,
    pub skipped_defaults: Vec<(crate::error::Location, String)>,
}

/// Emits `ir`; in strict mode `validators` holds each type's validator
/// function and the validator items for the helper module.
pub fn emit(
    ir: &Ir,
    opts: &Options,
    validators: Option<(Vec<Ident>, TokenStream)>,
) -> Result<Emitted, String> {
    let (fns, validator_items) = match validators {
        Some((fns, items)) => (Some(fns), Some(items)),
        None => (None, None),
    };
    let mut emitter = Emitter {
        ir,
        opts,
        validators: if opts.strict { fns.clone() } else { None },
        all_validators: fns,
        helpers: BTreeSet::new(),
        in_place: HashMap::new(),
        aliases: HashSet::new(),
        skipped_defaults: Vec::new(),
    };
    let mut items = TokenStream::new();
    let mut skipped = Vec::new();
    for id in &ir.order {
        let def = ir.get(*id);
        items.extend(emitter.type_def(*id, def));
        for (field, reason) in emitter.skipped_defaults.drain(..) {
            let origin = def
                .kind
                .fields()
                .iter()
                .find(|f| f.rust == field)
                .map(|f| f.origin.clone())
                .unwrap_or_else(|| def.origin.clone());
            skipped.push((origin, reason));
        }
    }
    let checks = opts.emit_checks && !opts.strict;
    if checks {
        items.extend(emitter.checks());
    }
    if opts.emit_index {
        items.extend(emitter.index(checks));
    }
    items.extend(emitter.helpers_module(validator_items));
    let mut code = String::new();
    if let Some(header) = &opts.header {
        for line in header.lines() {
            code.push_str("// ");
            code.push_str(line);
            code.push('\n');
        }
        code.push('\n');
    }
    if opts.format {
        let file: syn::File = syn::parse2(items)
            .map_err(|e| format!("internal error: the generated code does not parse: {e}"))?;
        code.push_str(&prettyplease::unparse(&file));
    } else {
        code.push_str(&items.to_string());
        code.push('\n');
    }
    Ok(Emitted {
        code,
        skipped_defaults: skipped,
    })
}

impl TypeKind {
    fn fields(&self) -> &[Field] {
        match self {
            TypeKind::Struct(s) => &s.fields,
            _ => &[],
        }
    }
}

/// Doc text with control characters (other than newline and tab) spelled as
/// escapes: rustc rejects a bare carriage return in a doc comment.
pub(crate) fn doc_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes for a schema description. Brackets are escaped so that
/// rustdoc does not read them as links, and code fences get a `text` language
/// so that they are never compiled as doctests.
fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let mut out = TokenStream::new();
    let doc = doc_safe(doc);
    for line in doc.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let text = if trimmed == "```" {
            "```text".to_owned()
        } else if trimmed.starts_with("```") {
            trimmed.to_owned()
        } else {
            escape_markdown(trimmed)
        };
        let text = format!(" {text}");
        out.extend(quote! { #[doc = #text] });
    }
    out
}

impl Emitter<'_> {
    fn derives(&self, with_serde: bool) -> TokenStream {
        let schemars = if self.opts.derive_schemars {
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

    /// Like [`Emitter::derives`], for types whose `Deserialize` is written out.
    fn derives_serialize_only(&self) -> TokenStream {
        let schemars = if self.opts.derive_schemars {
            quote! { #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))] }
        } else {
            TokenStream::new()
        };
        quote! {
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #schemars
        }
    }

    fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Named(id) => {
                let name = ident(&self.ir.get(*id).name);
                quote! { #name }
            }
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

    fn type_def(&mut self, id: TypeId, def: &TypeDef) -> TokenStream {
        let name = ident(&def.name);
        let doc = doc_attrs(def.doc.as_deref());
        let validator = self.validators.as_ref().map(|fns| fns[id.0].clone());
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut out = self.struct_def(id, &name, doc, s, validator.is_some());
                out.extend(validator.map(|f| strict_impls(&name, &f)));
                out
            }
            TypeKind::Enum(e) => self.enum_def(&name, doc, e, validator.as_ref()),
            TypeKind::Tagged(t) => self.tagged_def(&name, doc, t, validator.as_ref()),
            TypeKind::Untagged(u) => {
                let mut out = self.untagged_def(&name, doc, u, validator.is_some());
                out.extend(validator.map(|f| strict_impls(&name, &f)));
                out
            }
            TypeKind::Alias { ty, newtype: false } => {
                let ty = self.ty(ty);
                quote! { #doc pub type #name = #ty; }
            }
            TypeKind::Alias { ty, newtype: true } => {
                let ty = self.ty(ty);
                let derives = self.derives(true);
                let remote = remote_attr(validator.is_some());
                let impls = validator.map(|f| strict_impls(&name, &f));
                quote! {
                    #doc
                    #derives
                    #[serde(transparent)]
                    #remote
                    pub struct #name(pub #ty);
                    #impls
                }
            }
            TypeKind::Pending => TokenStream::new(),
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
        for field in &s.fields {
            let (tokens, method, de) = self.field(name, field, manual);
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
        let remote = remote_attr(strict);
        let imp = if methods.is_empty() {
            TokenStream::new()
        } else {
            quote! { impl #name { #(#methods)* } }
        };
        let de_impl = if manual && self.decodes_in_place(id) {
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
            && self.opts.derive_schemars
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
            #schemars_container
            #remote
            pub struct #name {
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
        field: &Field,
        manual: bool,
    ) -> (TokenStream, Option<TokenStream>, FieldDe) {
        let rust = ident(&field.rust);
        let mut doc_text = field.doc.clone().unwrap_or_default();
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
                let default = field
                    .default
                    .as_ref()
                    .and_then(|value| match self.default_expr(&field.ty, value) {
                        Some(expr) => Some(expr),
                        None => {
                            self.skipped_defaults.push((
                                field.rust.clone(),
                                format!("`default` {value} is not expressible for this type; the schema keeps it, the Rust type does not"),
                            ));
                            None
                        }
                    });
                match (default, self.opts.defaults) {
                    (Some(expr), Defaults::Serde) => {
                        let fn_name =
                            format_ident!("default_{}", field.rust.trim_start_matches('_'));
                        let path = format!("{owner}::{fn_name}");
                        let text = format!(" The schema's default for `{}`.", field.wire);
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
                            let text = format!(
                                " `{}`, or the schema's default when the payload leaves it out.",
                                field.wire
                            );
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
                            if self.opts.derive_schemars {
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
        if !self.opts.derive_schemars {
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

    /// Whether the tolerant struct `id` decodes in place: every field that
    /// is not an `Option` has a placeholder to start from. A struct that
    /// needs itself (through required fields) has none, and neither has one
    /// that needs a union.
    fn decodes_in_place(&mut self, id: TypeId) -> bool {
        if self.opts.strict {
            return false;
        }
        match self.in_place.get(&id) {
            Some(Some(known)) => return *known,
            // Being worked out: a cycle through required fields, which no
            // finite value fills.
            Some(None) => return false,
            None => {}
        }
        let TypeKind::Struct(s) = &self.ir.get(id).kind else {
            return false;
        };
        self.in_place.insert(id, None);
        let known = s.fields.iter().all(|f| {
            // Required and non-null, or optional with a default serde fills
            // in (see `field`): a plain field, whose placeholder is needed.
            let serde_default = || {
                self.opts.defaults == Defaults::Serde
                    && f.default
                        .as_ref()
                        .is_some_and(|d| self.default_expr(&f.ty, d).is_some())
            };
            let plain = !f.nullable && (f.required || serde_default());
            !plain || self.placeholder(&f.ty).is_some()
        });
        self.in_place.insert(id, Some(known));
        known
    }

    /// A cheap value of `ty` for a decode in place to start from and
    /// overwrite: empty strings and collections, zero, `None`, a string
    /// enum's unknown (or first) variant, a struct's own placeholder.
    fn placeholder(&mut self, ty: &Ty) -> Option<TokenStream> {
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
                match &def.kind {
                    TypeKind::Struct(_) => {
                        if !self.decodes_in_place(*id) {
                            return None;
                        }
                        quote! { <#name as __schemagen::Place>::placeholder() }
                    }
                    TypeKind::Enum(e) if e.open => {
                        let unknown = ident(&e.unknown);
                        quote! { #name::#unknown(::std::string::String::new()) }
                    }
                    TypeKind::Enum(e) => {
                        let first = ident(&e.variants.first()?.rust);
                        quote! { #name::#first }
                    }
                    TypeKind::Alias { ty, newtype } => {
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
                    TypeKind::Tagged(_) | TypeKind::Untagged(_) | TypeKind::Pending => return None,
                }
            }
        })
    }

    /// Whether a value of `ty` is decoded in place
    /// (`__schemagen::Place`): a struct that decodes in place, or an
    /// `Option`, `Vec` or `Box` of one.
    fn is_place(&mut self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => match &self.ir.get(*id).kind {
                TypeKind::Struct(_) => self.decodes_in_place(*id),
                TypeKind::Alias { ty, newtype: false } => self.is_place(ty),
                _ => false,
            },
            Ty::Option(inner) | Ty::Array(inner) | Ty::Boxed(inner) => self.is_place(inner),
            _ => false,
        }
    }

    /// A Rust expression for a schema `default`, when the type allows one.
    fn default_expr(&self, ty: &Ty, value: &Value) -> Option<TokenStream> {
        match (ty, value) {
            (Ty::String, Value::String(s)) => Some(quote! { ::std::string::String::from(#s) }),
            (Ty::Bool, Value::Bool(b)) => Some(quote! { #b }),
            (Ty::Int(width), Value::Number(n)) => int_literal(*width, n),
            (Ty::Float, Value::Number(n)) => {
                let lit = Literal::f64_suffixed(n.as_f64()?);
                Some(quote! { #lit })
            }
            (Ty::Number, Value::Number(n)) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => quote! { ::serde_json::Number::from(#i) },
                (None, Some(u), _) => quote! { ::serde_json::Number::from(#u) },
                (None, None, Some(f)) => quote! {
                    ::serde_json::Number::from_f64(#f).unwrap_or_else(|| ::serde_json::Number::from(0u8))
                },
                _ => return None,
            }),
            (Ty::Value, _) | (Ty::Object, Value::Object(_)) => {
                // JSON text the generator printed from a parsed value: it always parses back.
                let text = value.to_string();
                Some(quote! { ::serde_json::from_str(#text).unwrap_or_default() })
            }
            (Ty::Array(_), Value::Array(items)) if items.is_empty() => {
                Some(quote! { ::std::vec::Vec::new() })
            }
            (Ty::Map(_), Value::Object(map)) if map.is_empty() => {
                Some(quote! { ::std::collections::BTreeMap::new() })
            }
            (Ty::Named(id), Value::String(s)) => match &self.ir.get(*id).kind {
                TypeKind::Enum(e) if e.open => {
                    let name = ident(&self.ir.get(*id).name);
                    Some(quote! { #name::from(#s) })
                }
                TypeKind::Alias { ty, newtype: false } => self.default_expr(ty, value),
                _ => None,
            },
            (Ty::Named(id), _) => match &self.ir.get(*id).kind {
                TypeKind::Alias { ty, newtype: false } => self.default_expr(ty, value),
                _ => None,
            },
            _ => None,
        }
    }

    fn enum_def(
        &mut self,
        name: &Ident,
        doc: TokenStream,
        e: &StringEnum,
        validator: Option<&Ident>,
    ) -> TokenStream {
        if !e.open {
            return self.closed_enum_def(name, doc, e, validator);
        }
        let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
        let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
        let unknown = ident(&e.unknown);
        let variant_docs = wires.iter().map(|w| doc_safe(&format!(" `{w}`")));
        let expecting = format!("a string (one of {} known values)", wires.len());
        let string_impls = string_impls(name);
        // Open: any string decodes, so the derived schema says "a string"
        // (an unknown value is drift, not a violation); the known ones are examples.
        let schema_name = name.to_string();
        let schemars_impl = if self.opts.derive_schemars {
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
            #[allow(clippy::enum_variant_names)]
            pub enum #name {
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
            #[allow(clippy::enum_variant_names)]
            pub enum #name {
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
        let unknown_doc =
            format!(" A `{tag}` value this version of the schema does not list; the payload is kept verbatim.");
        let validate = validator.map(|f| {
            quote! { __schemagen::first(__schemagen::#f, &value).map_err(__D::Error::custom)?; }
        });
        // Any object decodes (an unknown tag is kept), so the derived schema is
        // the branches, or any object.
        let schema_name = name.to_string();
        let tagged_schemars = if self.opts.derive_schemars && t.open {
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
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub enum #name {
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
        name: &Ident,
        doc: TokenStream,
        u: &Untagged,
        strict: bool,
    ) -> TokenStream {
        let variants: Vec<Ident> = u.variants.iter().map(|(v, _)| ident(v)).collect();
        let tys: Vec<TokenStream> = u.variants.iter().map(|(_, ty)| self.ty(ty)).collect();
        let derives = self.derives(true);
        let remote = remote_attr(strict);
        quote! {
            #doc
            #derives
            #[serde(untagged)]
            #remote
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub enum #name {
                #( #variants(#tys), )*
            }
        }
    }

    /// `SCHEMA_TYPES` and `visit_type` over the types that schema locations name
    /// (document roots and `$defs` entries), in emission order.
    fn index(&self, checks: bool) -> TokenStream {
        let check_bound = if checks {
            quote! { + Check }
        } else {
            TokenStream::new()
        };
        let named: Vec<&TypeDef> = self
            .ir
            .order
            .iter()
            .map(|id| self.ir.get(*id))
            .filter(|def| is_entry_point(&def.origin.pointer))
            .collect();
        let names: Vec<&str> = named.iter().map(|d| d.name.as_str()).collect();
        let idents: Vec<Ident> = names.iter().map(|n| ident(n)).collect();
        let files: Vec<&str> = named.iter().map(|d| d.origin.file.as_str()).collect();
        let pointers: Vec<&str> = named.iter().map(|d| d.origin.pointer.as_str()).collect();
        let schemars_index = if self.opts.derive_schemars && !self.opts.strict {
            let with_schema: Vec<(&str, Ident)> = named
                .iter()
                .filter(|d| !matches!(d.kind, TypeKind::Pending))
                .map(|d| (d.name.as_str(), ident(&d.name)))
                .collect();
            let names = with_schema.iter().map(|(n, _)| n);
            let idents = with_schema.iter().map(|(_, i)| i);
            quote! {
                /// The JSON Schema schemars derives from the Rust type named
                /// `name` (what the types accept), for comparing with the source.
                #[cfg(feature = "schemars")]
                pub fn json_schema_for(name: &str) -> ::std::option::Option<::schemars::Schema> {
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
                let fns: Vec<&Ident> = self
                    .ir
                    .order
                    .iter()
                    .filter(|id| is_entry_point(&self.ir.get(**id).origin.pointer))
                    .map(|id| &fns[id.0])
                    .collect();
                quote! {
                    pub use self::__schemagen::SchemaError;

                    /// Every error of `value` against the schema of the type
                    /// named `name` in [`SCHEMA_TYPES`] (each with its JSON
                    /// pointer, keyword, schema location and message; empty
                    /// when the value is valid); `None` for any other name.
                    pub fn validate_type(name: &str, value: &::serde_json::Value) -> ::std::option::Option<::std::vec::Vec<SchemaError>> {
                        match name {
                            #( #names => ::std::option::Option::Some(__schemagen::all(__schemagen::#fns, value)), )*
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
            pub struct SchemaType {
                /// The Rust type name.
                pub name: &'static str,
                /// The schema document, as the generator was given it.
                pub file: &'static str,
                /// The JSON pointer of the definition in that document.
                pub pointer: &'static str,
            }

            /// Every type generated from a document root or a `$defs` entry.
            pub const SCHEMA_TYPES: &[SchemaType] = &[
                #( SchemaType { name: #names, file: #files, pointer: #pointers }, )*
            ];

            /// Something to do with a generated type, chosen by name at run time
            /// (see [`visit_type`]).
            pub trait TypeVisitor {
                type Output;
                fn visit<T>(self) -> Self::Output
                where
                    T: ::serde::Serialize + ::serde::de::DeserializeOwned + ::std::fmt::Debug + ::std::clone::Clone + ::std::cmp::PartialEq #check_bound + 'static;
            }

            #schemars_index

            /// Calls `visitor.visit::<T>()` with the type named `name` in
            /// [`SCHEMA_TYPES`]; `None` for any other name.
            pub fn visit_type<V: TypeVisitor>(name: &str, visitor: V) -> ::std::option::Option<V::Output> {
                match name {
                    #( #names => ::std::option::Option::Some(visitor.visit::<#idents>()), )*
                    _ => ::std::option::Option::None,
                }
            }

            #validate_index
        }
    }

    /// The `Check` trait, its implementations for the building blocks, and one
    /// per generated type.
    fn checks(&self) -> TokenStream {
        /// Whether a value of `ty` can hold drift, given the answer for each
        /// named type.
        fn ty_may_drift(ty: &Ty, may: &[bool]) -> bool {
            match ty {
                Ty::Named(id) => may[id.0],
                Ty::Array(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                    ty_may_drift(inner, may)
                }
                Ty::Tuple(items) => items.iter().any(|t| ty_may_drift(t, may)),
                Ty::String
                | Ty::Bool
                | Ty::Int(_)
                | Ty::Float
                | Ty::Number
                | Ty::Unit
                | Ty::Value
                | Ty::Object => false,
            }
        }
        /// `"/"` and the segment, escaped as a JSON pointer (RFC 6901).
        fn segment(wire: &str) -> String {
            format!("/{}", wire.replace('~', "~0").replace('/', "~1"))
        }
        // Which types can hold drift: the least fixed point, so that a type
        // that reaches itself only through drift-free parts is drift-free.
        let mut may = vec![false; self.ir.types.len()];
        loop {
            let mut changed = false;
            for (i, def) in self.ir.types.iter().enumerate() {
                if may[i] {
                    continue;
                }
                let now = match &def.kind {
                    TypeKind::Struct(s) => {
                        (s.closed && s.extra.is_some())
                            || s.fields.iter().any(|f| ty_may_drift(&f.ty, &may))
                    }
                    TypeKind::Enum(e) => e.open,
                    TypeKind::Tagged(t) => {
                        t.open || t.variants.iter().any(|(_, _, ty)| ty_may_drift(ty, &may))
                    }
                    TypeKind::Untagged(u) => {
                        u.variants.iter().any(|(_, ty)| ty_may_drift(ty, &may))
                    }
                    TypeKind::Alias { ty, .. } => ty_may_drift(ty, &may),
                    TypeKind::Pending => false,
                };
                if now {
                    may[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }

        let mut impls = TokenStream::new();
        for id in &self.ir.order {
            let def = self.ir.get(*id);
            let name = ident(&def.name);
            match &def.kind {
                TypeKind::Struct(_)
                | TypeKind::Enum(StringEnum { open: true, .. })
                | TypeKind::Tagged(_)
                | TypeKind::Untagged(_)
                | TypeKind::Alias { newtype: true, .. } => {}
                _ => continue,
            }
            if !may[id.0] {
                impls.extend(quote! {
                    impl Check for #name {
                        const MAY_DRIFT: bool = false;
                        fn walk(&self, _: &dyn ::std::ops::Fn(&mut ::std::string::String), _: &mut ::std::vec::Vec<Drift>) {}
                    }
                });
                continue;
            }
            let body = match &def.kind {
                TypeKind::Struct(s) => {
                    // Only the fields that can hold drift are walked.
                    let fields = s
                        .fields
                        .iter()
                        .filter(|f| ty_may_drift(&f.ty, &may))
                        .map(|f| {
                            let rust = ident(&f.rust);
                            let segment = segment(&f.wire);
                            quote! { walk_at(&self.#rust, #segment, at, out); }
                        });
                    let extra = match (&s.extra, s.closed) {
                        (Some(extra), true) => {
                            let extra = ident(extra);
                            quote! {
                                for key in self.#extra.keys() {
                                    out.push(Drift {
                                        pointer: pointer_of(&|p: &mut ::std::string::String| { at(p); push_segment(p, key); }),
                                        kind: DriftKind::UnknownProperty,
                                    });
                                }
                            }
                        }
                        _ => TokenStream::new(),
                    };
                    quote! { #(#fields)* #extra }
                }
                TypeKind::Enum(e) => {
                    let unknown = ident(&e.unknown);
                    quote! {
                        if let Self::#unknown(_) = self {
                            out.push(Drift { pointer: pointer_of(at), kind: DriftKind::UnknownEnumValue });
                        }
                    }
                }
                TypeKind::Tagged(t) => {
                    let variants: Vec<Ident> =
                        t.variants.iter().map(|(_, v, _)| ident(v)).collect();
                    let unknown = if t.open {
                        let unknown = ident(&t.unknown);
                        let tag = segment(&t.tag);
                        quote! {
                            Self::#unknown(_) => out.push(Drift {
                                pointer: pointer_of(&|p: &mut ::std::string::String| { at(p); p.push_str(#tag); }),
                                kind: DriftKind::UnknownEnumValue,
                            }),
                        }
                    } else {
                        TokenStream::new()
                    };
                    quote! {
                        match self {
                            #( Self::#variants(value) => Check::walk(value, at, out), )*
                            #unknown
                        }
                    }
                }
                TypeKind::Untagged(u) => {
                    let variants: Vec<Ident> = u.variants.iter().map(|(v, _)| ident(v)).collect();
                    quote! {
                        match self {
                            #( Self::#variants(value) => Check::walk(value, at, out), )*
                        }
                    }
                }
                _ => quote! { Check::walk(&self.0, at, out); },
            };
            impls.extend(quote! {
                impl Check for #name {
                    fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                        #body
                    }
                }
            });
        }
        quote! {
            /// How a decoded payload departs from the schema while still decoding.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
            pub enum DriftKind {
                /// A property a closed object does not name (kept in `extra`).
                UnknownProperty,
                /// A string enum value, `const` or union tag the schema does not list.
                UnknownEnumValue,
            }

            /// One departure, at a JSON pointer into the payload.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
            pub struct Drift {
                pub pointer: ::std::string::String,
                pub kind: DriftKind,
            }

            /// Walks a decoded value and reports its drift. Decoding plus this
            /// walk gives the schema's verdict without a second parse.
            pub trait Check {
                /// Whether a value of this type can hold drift at all: `false`
                /// for leaves and for types made only of them, which a walk
                /// skips.
                const MAY_DRIFT: bool = true;

                /// Appends the drift found in `self`. `at` writes the JSON
                /// pointer of `self` into a string; it is called only when
                /// drift is found, so the walk of a value without drift
                /// neither allocates nor builds pointers.
                fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>);

                /// Appends the drift found in `self`, located under `pointer`.
                fn check(&self, pointer: &mut ::std::string::String, out: &mut ::std::vec::Vec<Drift>) {
                    let prefix: &str = pointer;
                    self.walk(&|p: &mut ::std::string::String| p.push_str(prefix), out);
                }

                /// The drift of a whole payload.
                fn drift(&self) -> ::std::vec::Vec<Drift> {
                    let mut out = ::std::vec::Vec::new();
                    if Self::MAY_DRIFT {
                        self.walk(&|_: &mut ::std::string::String| {}, &mut out);
                    }
                    out
                }

                /// Checks a child under one more pointer segment.
                fn check_at(&self, segment: &str, pointer: &mut ::std::string::String, out: &mut ::std::vec::Vec<Drift>) {
                    let prefix: &str = pointer;
                    self.walk(&|p: &mut ::std::string::String| { p.push_str(prefix); push_segment(p, segment); }, out);
                }
            }

            fn push_segment(pointer: &mut ::std::string::String, segment: &str) {
                pointer.push('/');
                for c in segment.chars() {
                    match c {
                        '~' => pointer.push_str("~0"),
                        '/' => pointer.push_str("~1"),
                        c => pointer.push(c),
                    }
                }
            }

            /// Walks a child of the value `at` points to, under one more
            /// pointer segment (`"/name"`, escaped).
            fn walk_at<T: Check>(value: &T, segment: &str, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                value.walk(&|p: &mut ::std::string::String| { at(p); p.push_str(segment); }, out);
            }

            /// The pointer `at` writes (only built once drift is found).
            fn pointer_of(at: &dyn ::std::ops::Fn(&mut ::std::string::String)) -> ::std::string::String {
                let mut pointer = ::std::string::String::new();
                at(&mut pointer);
                pointer
            }

            macro_rules! leaf_check {
                ($($t:ty),*) => {
                    $( impl Check for $t {
                        const MAY_DRIFT: bool = false;
                        fn walk(&self, _: &dyn ::std::ops::Fn(&mut ::std::string::String), _: &mut ::std::vec::Vec<Drift>) {}
                    } )*
                };
            }
            leaf_check!(
                bool, i8, i16, i32, i64, u8, u16, u32, u64, f64, (), ::std::string::String,
                ::serde_json::Number, ::serde_json::Value,
                ::serde_json::Map<::std::string::String, ::serde_json::Value>
            );

            impl<T: Check> Check for ::std::option::Option<T> {
                const MAY_DRIFT: bool = T::MAY_DRIFT;
                fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                    if let ::std::option::Option::Some(value) = self {
                        value.walk(at, out);
                    }
                }
            }

            impl<T: Check> Check for ::std::boxed::Box<T> {
                const MAY_DRIFT: bool = T::MAY_DRIFT;
                fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                    (**self).walk(at, out);
                }
            }

            impl<T: Check> Check for ::std::vec::Vec<T> {
                const MAY_DRIFT: bool = T::MAY_DRIFT;
                fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                    if !T::MAY_DRIFT {
                        return;
                    }
                    for (i, item) in self.iter().enumerate() {
                        item.walk(&|p: &mut ::std::string::String| {
                            at(p);
                            let _ = ::std::fmt::Write::write_fmt(p, ::std::format_args!("/{}", i));
                        }, out);
                    }
                }
            }

            impl<T: Check> Check for ::std::collections::BTreeMap<::std::string::String, T> {
                const MAY_DRIFT: bool = T::MAY_DRIFT;
                fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                    if !T::MAY_DRIFT {
                        return;
                    }
                    for (key, value) in self {
                        value.walk(&|p: &mut ::std::string::String| { at(p); push_segment(p, key); }, out);
                    }
                }
            }

            macro_rules! tuple_check {
                ($(($($t:ident $i:tt),+))*) => {
                    $( impl<$($t: Check),+> Check for ($($t,)+) {
                        const MAY_DRIFT: bool = $($t::MAY_DRIFT)||+;
                        fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                            $( if $t::MAY_DRIFT {
                                self.$i.walk(&|p: &mut ::std::string::String| {
                                    at(p);
                                    p.push_str(::std::concat!("/", ::std::stringify!($i)));
                                }, out);
                            } )+
                        }
                    } )*
                };
            }
            tuple_check!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4) (A 0, B 1, C 2, D 3, E 4, F 5));

            #impls
        }
    }

    fn helpers_module(&self, validators: Option<TokenStream>) -> TokenStream {
        if self.helpers.is_empty() && validators.is_none() {
            return TokenStream::new();
        }
        let strict = validators.map(|items| {
            let runtime = crate::validator::runtime();
            quote! { #runtime #items }
        });
        let mut fns = TokenStream::new();
        for helper in &self.helpers {
            fns.extend(match helper {
                Helper::RequiredNullable => quote! {
                    /// A required property that may be `null`: the key must be present.
                    pub fn required_nullable<'de, __D, T>(deserializer: __D) -> ::std::result::Result<::std::option::Option<T>, __D::Error>
                    where
                        __D: ::serde::Deserializer<'de>,
                        T: ::serde::Deserialize<'de>,
                    {
                        <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
                    }
                },
                Helper::OptionalNonNull => quote! {
                    /// An optional property that may not be `null`: absent is `None`, `null` is an error.
                    pub fn optional_non_null<'de, __D, T>(deserializer: __D) -> ::std::result::Result<::std::option::Option<T>, __D::Error>
                    where
                        __D: ::serde::Deserializer<'de>,
                        T: ::serde::Deserialize<'de>,
                    {
                        <T as ::serde::Deserialize>::deserialize(deserializer).map(::std::option::Option::Some)
                    }
                },
                Helper::SchemarsNonNull => quote! {
                    /// Removes `null` from the schema schemars gives an `Option`
                    /// field whose property may be absent but not `null`.
                    #[cfg(feature = "schemars")]
                    pub fn schemars_non_null(schema: &mut ::schemars::Schema) {
                        if let ::std::option::Option::Some(::serde_json::Value::Array(types)) = schema.get_mut("type") {
                            types.retain(|t| t != "null");
                            if types.len() == 1 {
                                let only = types.remove(0);
                                schema.insert(::std::string::String::from("type"), only);
                            }
                        }
                        for key in ["anyOf", "oneOf"] {
                            if let ::std::option::Option::Some(::serde_json::Value::Array(branches)) = schema.get_mut(key) {
                                branches.retain(|b| b.get("type").and_then(::serde_json::Value::as_str) != ::std::option::Option::Some("null"));
                            }
                        }
                    }
                },
                Helper::Place => quote! {
                    /// Decoding into a value that already exists: a nested struct is
                    /// built where it will live, instead of being moved up through
                    /// every level of the decoder (for large structs those moves
                    /// would cost more than the parsing).
                    pub trait Place: ::std::marker::Sized {
                        /// A cheap value to decode into.
                        fn placeholder() -> Self;
                        /// Decodes into `place`, which must be a fresh placeholder:
                        /// a property the payload leaves out keeps its value there.
                        fn fill<'de, __D: ::serde::Deserializer<'de>>(deserializer: __D, place: &mut Self) -> ::std::result::Result<(), __D::Error>;
                    }

                    /// A seed that decodes into the value it holds.
                    pub struct InPlace<'p, T>(pub &'p mut T);

                    impl<'de, T: Place> ::serde::de::DeserializeSeed<'de> for InPlace<'_, T> {
                        type Value = ();
                        fn deserialize<__D: ::serde::Deserializer<'de>>(self, deserializer: __D) -> ::std::result::Result<(), __D::Error> {
                            T::fill(deserializer, self.0)
                        }
                    }

                    /// `null` is `None`; anything else fills a placeholder in place.
                    impl<T: Place> Place for ::std::option::Option<T> {
                        fn placeholder() -> Self {
                            ::std::option::Option::None
                        }
                        fn fill<'de, __D: ::serde::Deserializer<'de>>(deserializer: __D, place: &mut Self) -> ::std::result::Result<(), __D::Error> {
                            struct __Visitor<'p, T>(&'p mut ::std::option::Option<T>);
                            impl<'de, T: Place> ::serde::de::Visitor<'de> for __Visitor<'_, T> {
                                type Value = ();
                                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                    f.write_str("option")
                                }
                                fn visit_none<__E: ::serde::de::Error>(self) -> ::std::result::Result<(), __E> {
                                    *self.0 = ::std::option::Option::None;
                                    ::std::result::Result::Ok(())
                                }
                                fn visit_unit<__E: ::serde::de::Error>(self) -> ::std::result::Result<(), __E> {
                                    *self.0 = ::std::option::Option::None;
                                    ::std::result::Result::Ok(())
                                }
                                fn visit_some<__D: ::serde::Deserializer<'de>>(self, deserializer: __D) -> ::std::result::Result<(), __D::Error> {
                                    T::fill(deserializer, self.0.insert(T::placeholder()))
                                }
                            }
                            deserializer.deserialize_option(__Visitor(place))
                        }
                    }

                    /// The boxed value is filled where it lies.
                    impl<T: Place> Place for ::std::boxed::Box<T> {
                        fn placeholder() -> Self {
                            ::std::boxed::Box::new(T::placeholder())
                        }
                        fn fill<'de, __D: ::serde::Deserializer<'de>>(deserializer: __D, place: &mut Self) -> ::std::result::Result<(), __D::Error> {
                            T::fill(deserializer, &mut **place)
                        }
                    }

                    /// Each item is pushed as a placeholder and filled where it lies.
                    impl<T: Place> Place for ::std::vec::Vec<T> {
                        fn placeholder() -> Self {
                            ::std::vec::Vec::new()
                        }
                        fn fill<'de, __D: ::serde::Deserializer<'de>>(deserializer: __D, place: &mut Self) -> ::std::result::Result<(), __D::Error> {
                            struct __Push<'p, T>(&'p mut ::std::vec::Vec<T>);
                            impl<'de, T: Place> ::serde::de::DeserializeSeed<'de> for __Push<'_, T> {
                                type Value = ();
                                fn deserialize<__D: ::serde::Deserializer<'de>>(self, deserializer: __D) -> ::std::result::Result<(), __D::Error> {
                                    let index = self.0.len();
                                    self.0.push(T::placeholder());
                                    T::fill(deserializer, &mut self.0[index])
                                }
                            }
                            struct __Visitor<'p, T>(&'p mut ::std::vec::Vec<T>);
                            impl<'de, T: Place> ::serde::de::Visitor<'de> for __Visitor<'_, T> {
                                type Value = ();
                                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                    f.write_str("a sequence")
                                }
                                fn visit_seq<__A: ::serde::de::SeqAccess<'de>>(self, mut seq: __A) -> ::std::result::Result<(), __A::Error> {
                                    self.0.clear();
                                    // As serde's own `Vec` does: trust the length a
                                    // deserializer announces, up to 1 MiB.
                                    if let ::std::option::Option::Some(len) = seq.size_hint() {
                                        self.0.reserve_exact(len.min(1024 * 1024 / ::std::mem::size_of::<T>().max(1)));
                                    }
                                    while seq.next_element_seed(__Push(&mut *self.0))?.is_some() {}
                                    ::std::result::Result::Ok(())
                                }
                            }
                            deserializer.deserialize_seq(__Visitor(place))
                        }
                    }
                },
                Helper::OptionalNullable => quote! {
                    /// An optional property that may be `null`: absent is `None`, `null` is `Some(None)`.
                    pub fn optional_nullable<'de, __D, T>(deserializer: __D) -> ::std::result::Result<::std::option::Option<::std::option::Option<T>>, __D::Error>
                    where
                        __D: ::serde::Deserializer<'de>,
                        T: ::serde::Deserialize<'de>,
                    {
                        <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(::std::option::Option::Some)
                    }
                },
            });
        }
        quote! {
            /// Support code for the generated types' serde attributes (and, in
            /// strict mode, their validators).
            #[doc(hidden)]
            #[allow(dead_code, unused_assignments, unused_macros, unused_mut, unused_variables, clippy::all)]
            pub mod __schemagen {
                #fns
                #strict
            }
        }
    }
}

/// Escapes what rustdoc would read as links or HTML (`[…]`, `<…>`) outside
/// code spans, where the text is shown as written.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

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

/// How a hand-written `Deserialize` fills one field.
struct FieldDe {
    rust: Ident,
    wire: String,
    /// The type read from the value (the field type, less the `Option` that
    /// stands for "absent").
    slot: TokenStream,
    /// The same, in the IR.
    ty: Ty,
    fill: Fill,
}

enum Fill {
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
fn deserialize_struct(name: &Ident, fields: &[FieldDe], extra: Option<&str>) -> TokenStream {
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
fn deserialize_in_place(
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

/// A document root (`""`) or a top-level `$defs`/`definitions` entry.
fn is_entry_point(pointer: &str) -> bool {
    if pointer.is_empty() {
        return true;
    }
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    matches!(segments.as_slice(), ["$defs" | "definitions", _])
}

fn int_literal(width: IntWidth, n: &serde_json::Number) -> Option<TokenStream> {
    let lit = match width {
        IntWidth::I8 => Literal::i8_suffixed(i8::try_from(n.as_i64()?).ok()?),
        IntWidth::I16 => Literal::i16_suffixed(i16::try_from(n.as_i64()?).ok()?),
        IntWidth::I32 => Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?),
        IntWidth::I64 => Literal::i64_suffixed(n.as_i64()?),
        IntWidth::U8 => Literal::u8_suffixed(u8::try_from(n.as_u64()?).ok()?),
        IntWidth::U16 => Literal::u16_suffixed(u16::try_from(n.as_u64()?).ok()?),
        IntWidth::U32 => Literal::u32_suffixed(u32::try_from(n.as_u64()?).ok()?),
        IntWidth::U64 => Literal::u64_suffixed(n.as_u64()?),
    };
    Some(quote! { #lit })
}
