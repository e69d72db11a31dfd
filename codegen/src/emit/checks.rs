//! The drift walk: the `Check` trait (from `runtime/check.rs`) and one
//! implementation per generated type, walking only the fields that can hold
//! drift.

use super::tokens::ident;
use super::{runtime, Emitter};
use crate::ir::analysis::ty_may_drift;
use crate::ir::{StringEnum, Ty, TypeBody};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

impl Emitter<'_> {
    /// The `Check` trait, its implementations for the building blocks, and one
    /// per generated type.
    pub(super) fn checks(&self) -> TokenStream {
        let may = &self.analysis.may_drift;
        /// `"/"` and the segment, escaped as a JSON pointer (RFC 6901).
        fn segment(wire: &str) -> String {
            schemakit::pointer::push("", wire)
        }
        let mut impls = TokenStream::new();
        for id in &self.ir.order {
            let def = self.ir.get(*id);
            let name = ident(&def.name);
            match &def.body {
                TypeBody::Struct(_)
                | TypeBody::Enum(StringEnum { open: true, .. })
                | TypeBody::Tagged(_)
                | TypeBody::Untagged(_)
                | TypeBody::Alias { newtype: true, .. } => {}
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
            let body = match &def.body {
                TypeBody::Struct(s) => {
                    // Only the fields that can hold drift are walked.
                    let fields = s
                        .fields
                        .iter()
                        .filter(|f| ty_may_drift(&f.ty, may) && !self.holds_replaced(&f.ty))
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
                TypeBody::Enum(e) => {
                    let unknown = ident(&e.unknown);
                    quote! {
                        if let Self::#unknown(_) = self {
                            out.push(Drift { pointer: pointer_of(at), kind: DriftKind::UnknownEnumValue });
                        }
                    }
                }
                TypeBody::Tagged(t) => {
                    let (variants, skipped) =
                        self.walked(t.variants.iter().map(|(_, v, ty)| (v.as_str(), ty)));
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
                            #( Self::#skipped(_) => {} )*
                            #unknown
                        }
                    }
                }
                TypeBody::Untagged(u) => {
                    let (variants, skipped) =
                        self.walked(u.variants.iter().map(|(v, ty)| (v.as_str(), ty)));
                    quote! {
                        match self {
                            #( Self::#variants(value) => Check::walk(value, at, out), )*
                            #( Self::#skipped(_) => {} )*
                        }
                    }
                }
                TypeBody::Alias { ty, .. } if self.holds_replaced(ty) => TokenStream::new(),
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
        let runtime = runtime::check(&self.vis);
        quote! {
            #runtime
            #impls
        }
    }
}

impl Emitter<'_> {
    /// Whether a value of `ty` holds a type the settings replaced, outside
    /// any generated type: the walk cannot enter it (an existing type has
    /// no `Check`).
    fn holds_replaced(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => matches!(self.ir.get(*id).body, TypeBody::Replaced { .. }),
            Ty::Array(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                self.holds_replaced(inner)
            }
            Ty::Tuple(items) => items.iter().any(|t| self.holds_replaced(t)),
            _ => false,
        }
    }

    /// A union's variants split into those the walk enters and those that
    /// hold a replaced type, which it skips.
    fn walked<'t>(
        &self,
        variants: impl Iterator<Item = (&'t str, &'t Ty)>,
    ) -> (Vec<Ident>, Vec<Ident>) {
        let (skipped, walked): (Vec<_>, Vec<_>) =
            variants.partition(|(_, ty)| self.holds_replaced(ty));
        let idents = |list: Vec<(&str, &Ty)>| list.into_iter().map(|(v, _)| ident(v)).collect();
        (idents(walked), idents(skipped))
    }
}
