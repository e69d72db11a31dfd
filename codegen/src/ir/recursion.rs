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

/// Past this many levels of types within types, rustc's default
/// `recursion_limit` (128) no longer covers the queries it makes about them
/// (layout, drop check): about 60 levels more than the nesting.
const RUSTC_DEFAULT_NESTING: usize = 60;

/// How deep the types nest, when rustc needs a raised `recursion_limit` to
/// compile them: a warning at the outermost type of the deepest chain,
/// naming the limit to set. Types on a common cycle count once (rustc
/// caches what it computes about them). Linear: the longest path over the
/// components, which Tarjan's algorithm numbers callees first.
pub fn nesting(ir: &Ir, diags: &mut Diagnostics) {
    let n = ir.types.len();
    let edges = |id: TypeId| -> Vec<TypeId> {
        let mut out = Vec::new();
        match &ir.get(id).body {
            TypeBody::Struct(s) => s.fields.iter().for_each(|f| mentions(&f.ty, &mut out)),
            TypeBody::Alias { ty, .. } => mentions(ty, &mut out),
            TypeBody::Untagged(u) => u.variants.iter().for_each(|(_, ty)| mentions(ty, &mut out)),
            TypeBody::Tagged(t) => t
                .variants
                .iter()
                .for_each(|(_, _, ty)| mentions(ty, &mut out)),
            _ => {}
        }
        out.retain(|t| t.0 < n);
        out
    };
    let component = components(n, &edges);
    let count = component.iter().map(|c| c + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (id, &c) in component.iter().enumerate() {
        members[c].push(id);
    }
    // (depth, the type it starts from) per component.
    let mut depth: Vec<(usize, usize)> = vec![(0, 0); count];
    for c in 0..count {
        let mut deepest = 0;
        for &id in &members[c] {
            for next in edges(TypeId(id)) {
                let other = component[next.0];
                if other != c {
                    deepest = deepest.max(depth[other].0);
                }
            }
        }
        depth[c] = (deepest + 1, members[c][0]);
    }
    let Some(&(levels, start)) = depth.iter().max_by_key(|(d, _)| *d) else {
        return;
    };
    if levels <= RUSTC_DEFAULT_NESTING {
        return;
    }
    let limit = (levels + 128).next_power_of_two();
    diags.warn(
        ir.get(TypeId(start)).origin.clone(),
        format!(
            "the types nest {levels} levels deep from `{}`, past what rustc checks by default: the crate that compiles them needs `#![recursion_limit = \"{limit}\"]`",
            ir.get(TypeId(start)).name
        ),
    );
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

/// The strongly connected components of the graph on `n` types with
/// `edges`: each type's component, numbered. Two types lie on a common cycle
/// exactly when they share a component (and one type lies on a cycle alone
/// when it has an edge to itself). Tarjan's algorithm with an explicit stack:
/// linear in the graph, and no recursion whatever its depth.
fn components(n: usize, edges: &dyn Fn(TypeId) -> Vec<TypeId>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, its successors, how many were visited)
        let mut work: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        work.push((
            root,
            edges(TypeId(root)).into_iter().map(|t| t.0).collect(),
            0,
        ));
        while let Some((node, successors, visited)) = work.last_mut() {
            let node = *node;
            if let Some(&next) = successors.get(*visited) {
                *visited += 1;
                if next >= n {
                    continue;
                }
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((
                        next,
                        edges(TypeId(next)).into_iter().map(|t| t.0).collect(),
                        0,
                    ));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                low[*parent] = low[*parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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

/// Which types lie on a cycle of `edges`.
fn on_cycles(n: usize, edges: &dyn Fn(TypeId) -> Vec<TypeId>) -> (Vec<usize>, Vec<bool>) {
    let component = components(n, edges);
    let mut size = vec![0usize; n];
    for &c in &component {
        size[c] += 1;
    }
    let cyclic = (0..n)
        .map(|i| size[component[i]] > 1 || edges(TypeId(i)).contains(&TypeId(i)))
        .collect();
    (component, cyclic)
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
    let (_, cyclic) = on_cycles(ir.types.len(), &|n| alias_edges(ir, n));
    let recursive: Vec<TypeId> = (0..ir.types.len())
        .map(TypeId)
        .filter(|&id| matches!(ir.get(id).body, TypeBody::Alias { newtype: false, .. }))
        .filter(|&id| cyclic[id.0])
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
    let n = ir.types.len();
    let (component, cyclic) = on_cycles(n, &|id| transparent_edges(ir, id));
    let mut reported = BTreeSet::new();
    for id in (0..n).map(TypeId) {
        if !cyclic[id.0] || !reported.insert(component[id.0]) {
            continue;
        }
        let names: Vec<String> = (0..n)
            .filter(|&other| component[other] == component[id.0])
            .map(|m| ir.get(TypeId(m)).origin.to_string())
            .collect();
        diags.error(Error::Invalid {
            location: ir.get(id).origin.clone(),
            message: format!(
                "reference cycle that never reaches an object, array or scalar, so no JSON value fits it: {}",
                names.join(" → ")
            ),
        });
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
            TypeBody::Enum(_) | TypeBody::Pending | TypeBody::Replaced { .. } => {}
        }
        out
    };
    // A field needs a box when the type it holds inline leads back to the
    // type it belongs to, which only a type of the same component can: the
    // search (over the types as boxed so far, so that one box can break a
    // cycle for the types after it) stays within that component.
    let component = components(ir.types.len(), &|n| direct_edges(ir, n));
    for id in (0..ir.types.len()).map(TypeId) {
        let component = &component;
        let needs_box = move |ir: &Ir, ty: &Ty| -> bool {
            let mut out = Vec::new();
            direct(ty, &mut out);
            let same = |t: TypeId| t.0 < component.len() && component[t.0] == component[id.0];
            out.into_iter().any(|next| {
                same(next)
                    && reaches(next, id, &|n| {
                        direct_edges(ir, n)
                            .into_iter()
                            .filter(|&t| same(t))
                            .collect()
                    })
            })
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
