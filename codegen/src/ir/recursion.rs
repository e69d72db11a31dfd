//! Making recursion finite: a type that contains itself needs indirection
//! (`Box`, or a newtype for an alias), and a reference cycle that never
//! reaches a value admits no JSON value at all (an error).

use crate::error::{Diagnostics, Error};
use crate::ir::{Ir, Ty, TypeBody, TypeId};
use std::collections::BTreeSet;

pub fn make_finite(ir: &mut Ir, diags: &mut Diagnostics) {
    recursive_aliases_become_newtypes(ir);
    transparent_cycles(ir, diags);
    box_recursion(ir);
}

/// Named types a type mentions anywhere.
fn mentions(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Array(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => mentions(t, out),
        Ty::Tuple(items) => items.iter().for_each(|t| mentions(t, out)),
        _ => {}
    }
}

/// Named types a value of `ty` holds inline (not behind a `Vec`, map or `Box`).
fn direct(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(t) => direct(t, out),
        Ty::Tuple(items) => items.iter().for_each(|t| direct(t, out)),
        _ => {}
    }
}

/// Whether `to` can be reached from `from` along `edges`.
fn reaches(from: TypeId, to: TypeId, edges: &dyn Fn(TypeId) -> Vec<TypeId>) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id) {
            stack.extend(edges(id));
        }
    }
    false
}

/// `type A = Vec<A>` is not Rust; such aliases become `struct A(Vec<A>)`.
fn recursive_aliases_become_newtypes(ir: &mut Ir) {
    let alias_edges = |ir: &Ir, id: TypeId| -> Vec<TypeId> {
        let mut out = Vec::new();
        if let TypeBody::Alias { ty, newtype: false } = &ir.get(id).body {
            mentions(ty, &mut out);
        }
        out
    };
    let recursive: Vec<TypeId> = (0..ir.types.len())
        .map(TypeId)
        .filter(|&id| matches!(ir.get(id).body, TypeBody::Alias { newtype: false, .. }))
        .filter(|&id| {
            alias_edges(ir, id)
                .into_iter()
                .any(|next| reaches(next, id, &|n| alias_edges(ir, n)))
        })
        .collect();
    for id in recursive {
        if let TypeBody::Alias { newtype, .. } = &mut ir.types[id.0].body {
            *newtype = true;
        }
    }
}

/// Edges along which decoding reads the same JSON value again without
/// consuming any of it: aliases, newtypes and union branches.
fn transparent_edges(ir: &Ir, id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &ir.get(id).body {
        TypeBody::Alias { ty, .. } => transparent(ty, &mut out),
        TypeBody::Untagged(u) => u
            .variants
            .iter()
            .for_each(|(_, ty)| transparent(ty, &mut out)),
        TypeBody::Tagged(t) => t
            .variants
            .iter()
            .for_each(|(_, _, ty)| transparent(ty, &mut out)),
        _ => {}
    }
    out
}

fn transparent(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(t) | Ty::Boxed(t) => transparent(t, out),
        _ => {}
    }
}

/// A cycle of references that never reaches an object, array or scalar
/// describes no JSON value, and decoding it would never end: an error.
fn transparent_cycles(ir: &Ir, diags: &mut Diagnostics) {
    let mut reported = BTreeSet::new();
    for id in (0..ir.types.len()).map(TypeId) {
        if reported.contains(&id) {
            continue;
        }
        let cyclic = transparent_edges(ir, id)
            .into_iter()
            .any(|next| reaches(next, id, &|n| transparent_edges(ir, n)));
        if cyclic {
            let members: Vec<TypeId> = (0..ir.types.len())
                .map(TypeId)
                .filter(|&other| {
                    reaches(id, other, &|n| transparent_edges(ir, n))
                        && reaches(other, id, &|n| transparent_edges(ir, n))
                })
                .collect();
            let names: Vec<String> = members
                .iter()
                .map(|m| ir.get(*m).origin.to_string())
                .collect();
            reported.extend(members);
            diags.error(Error::Invalid {
                location: ir.get(id).origin.clone(),
                message: format!(
                    "reference cycle that never reaches an object, array or scalar, so no JSON value fits it: {}",
                    names.join(" → ")
                ),
            });
        }
    }
}

/// Wraps in `Box` every field or variant whose type contains, inline, the
/// type it belongs to.
fn box_recursion(ir: &mut Ir) {
    let direct_edges = |ir: &Ir, id: TypeId| -> Vec<TypeId> {
        let mut out = Vec::new();
        match &ir.get(id).body {
            TypeBody::Struct(s) => s.fields.iter().for_each(|f| direct(&f.ty, &mut out)),
            TypeBody::Alias { ty, .. } => direct(ty, &mut out),
            TypeBody::Untagged(u) => u.variants.iter().for_each(|(_, ty)| direct(ty, &mut out)),
            TypeBody::Tagged(t) => t
                .variants
                .iter()
                .for_each(|(_, _, ty)| direct(ty, &mut out)),
            TypeBody::Enum(_) | TypeBody::Pending => {}
        }
        out
    };
    for id in (0..ir.types.len()).map(TypeId) {
        let needs_box = |ir: &Ir, ty: &Ty| -> bool {
            let mut out = Vec::new();
            direct(ty, &mut out);
            out.into_iter()
                .any(|next| reaches(next, id, &|n| direct_edges(ir, n)))
        };
        let mut kind = ir.types[id.0].body.clone();
        match &mut kind {
            TypeBody::Struct(s) => {
                for field in &mut s.fields {
                    if needs_box(ir, &field.ty) {
                        field.ty = boxed(std::mem::replace(&mut field.ty, Ty::Unit), &|t| {
                            needs_box(ir, t)
                        });
                    }
                }
            }
            TypeBody::Alias { ty, newtype: true } => {
                if needs_box(ir, ty) {
                    *ty = boxed(std::mem::replace(ty, Ty::Unit), &|t| needs_box(ir, t));
                }
            }
            TypeBody::Untagged(u) => {
                for (_, ty) in &mut u.variants {
                    if needs_box(ir, ty) {
                        *ty = boxed(std::mem::replace(ty, Ty::Unit), &|t| needs_box(ir, t));
                    }
                }
            }
            TypeBody::Tagged(t) => {
                for (_, _, ty) in &mut t.variants {
                    if needs_box(ir, ty) {
                        *ty = boxed(std::mem::replace(ty, Ty::Unit), &|t| needs_box(ir, t));
                    }
                }
            }
            _ => continue,
        }
        ir.types[id.0].body = kind;
    }
}

/// Puts the `Box` inside any `Option` (`Option<Box<T>>`, the idiomatic form),
/// and in a tuple around the items that `needs` says lead back (a `String`
/// beside them stays unboxed).
fn boxed(ty: Ty, needs: &dyn Fn(&Ty) -> bool) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(boxed(*inner, needs))),
        Ty::Tuple(items) => Ty::Tuple(
            items
                .into_iter()
                .map(|t| if needs(&t) { boxed(t, needs) } else { t })
                .collect(),
        ),
        other => Ty::Boxed(Box::new(other)),
    }
}
