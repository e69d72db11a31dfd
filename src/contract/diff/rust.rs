//! The Rust API side of a diff: the types the generator emits for each
//! version (its [`Manifest`]) compared type by type, field by field and
//! variant by variant, each difference placed at the schema node the type
//! or field was generated from. Nothing here knows how the generator picks
//! a type: an integer's width, an `Option`, an enum are read off its output.

use schemagen::{FieldInfo, Manifest, TypeInfo, TypeShape};
use std::collections::{BTreeMap, BTreeSet};

/// One difference between the generated types of two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustChange {
    /// The schema node the type or field comes from, as a bundle names it
    /// (`/$defs/Thing/properties/count`).
    pub pointer: String,
    /// Whether code using the types breaks: something it names is gone or
    /// has another type, or a payload it decoded no longer decodes. Adding
    /// an optional field, a variant or a type is compatible (the note of
    /// `diff --help` says why).
    pub breaking: bool,
    /// Whether the place is only in the old version (a type or field gone).
    pub in_old: bool,
    /// What changed, in Rust terms (``Thing.count: `u64` became `i64` ``).
    pub message: String,
}

/// Every difference between the types generated for `old` and for `new`:
/// first those of the old version's types (in the order they are emitted),
/// then the types only the new version has.
pub fn compare(old: &Manifest, new: &Manifest) -> Vec<RustChange> {
    let (old_types, new_types) = (by_pointer(old), by_pointer(new));
    let new_index: BTreeMap<&str, &TypeInfo> = new_types.iter().copied().collect();
    let old_index: BTreeMap<&str, &TypeInfo> = old_types.iter().copied().collect();
    // A type generated from the same node under another name: every use of
    // the old name is read as the new one, so the rename is told once.
    let renamed: BTreeMap<&str, &str> = old_types
        .iter()
        .filter_map(|(pointer, o)| {
            let n = new_index.get(pointer)?;
            (o.name != n.name).then_some((o.name.as_str(), n.name.as_str()))
        })
        .collect();
    let mut out = Changes {
        list: Vec::new(),
        renamed,
    };
    for (pointer, o) in &old_types {
        match new_index.get(pointer) {
            Some(n) => out.types(pointer, o, n),
            None => out.push(pointer, true, true, format!("type `{}` is gone", o.name)),
        }
    }
    for (pointer, n) in &new_types {
        if !old_index.contains_key(pointer) {
            out.push(pointer, false, false, format!("type `{}` added", n.name));
        }
    }
    out.list
}

/// The types generated from `$defs` entries and the nodes below them, with
/// their pointers (def names are unique across the files of a version, so a
/// pointer names one node whatever file holds it), in emission order.
fn by_pointer(manifest: &Manifest) -> Vec<(&str, &TypeInfo)> {
    let mut seen = BTreeSet::new();
    manifest
        .types
        .iter()
        .filter(|t| t.location.pointer.starts_with("/$defs/"))
        .filter(|t| seen.insert(t.location.pointer.as_str()))
        .map(|t| (t.location.pointer.as_str(), t))
        .collect()
}

struct Changes<'m> {
    list: Vec<RustChange>,
    /// Old type name → new, for types generated from the same node.
    renamed: BTreeMap<&'m str, &'m str>,
}

impl Changes<'_> {
    fn push(&mut self, pointer: &str, breaking: bool, in_old: bool, message: String) {
        self.list.push(RustChange {
            pointer: pointer.to_owned(),
            breaking,
            in_old,
            message,
        });
    }

    /// An old Rust type as the new version spells it, renamed types read
    /// under their new names (`Vec<ThingMeta>` → `Vec<ThingMeta2>`).
    fn renamed(&self, rust_type: &str) -> String {
        let mut out = String::with_capacity(rust_type.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            out.push_str(self.renamed.get(word.as_str()).copied().unwrap_or(word));
            word.clear();
        };
        for c in rust_type.chars() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    fn same_type(&self, old: &str, new: &str) -> bool {
        self.renamed(old) == new
    }

    fn types(&mut self, pointer: &str, o: &TypeInfo, n: &TypeInfo) {
        if o.name != n.name {
            self.push(
                pointer,
                true,
                false,
                format!("type `{}` is now named `{}`", o.name, n.name),
            );
        }
        let name = &n.name;
        match (&o.shape, &n.shape) {
            (
                TypeShape::Struct {
                    fields: a,
                    extra: x,
                    ..
                },
                TypeShape::Struct {
                    fields: b,
                    extra: y,
                    ..
                },
            ) => {
                self.fields(pointer, name, a, b);
                match (x, y) {
                    (Some(x), None) => self.push(
                        pointer,
                        true,
                        false,
                        format!("`{name}.{x}` (unknown properties) is gone"),
                    ),
                    (Some(x), Some(y)) if x != y => self.push(
                        pointer,
                        true,
                        false,
                        format!("`{name}.{x}` (unknown properties) is now `{name}.{y}`"),
                    ),
                    (None, Some(y)) => self.push(
                        pointer,
                        false,
                        false,
                        format!("`{name}.{y}` (unknown properties) added"),
                    ),
                    _ => {}
                }
            }
            (
                TypeShape::Enum {
                    variants: a,
                    fallback: x,
                },
                TypeShape::Enum {
                    variants: b,
                    fallback: y,
                },
            ) => {
                let a: Vec<(&str, &str, &str)> = a
                    .iter()
                    .map(|(w, r)| (w.as_str(), r.as_str(), ""))
                    .collect();
                let b: Vec<(&str, &str, &str)> = b
                    .iter()
                    .map(|(w, r)| (w.as_str(), r.as_str(), ""))
                    .collect();
                self.variants(pointer, name, &a, &b);
                self.fallback(pointer, name, x, y);
            }
            (
                TypeShape::Tagged {
                    tag: t,
                    variants: a,
                    fallback: x,
                },
                TypeShape::Tagged {
                    tag: u,
                    variants: b,
                    fallback: y,
                },
            ) => {
                if t != u {
                    self.push(
                        pointer,
                        true,
                        false,
                        format!("`{name}` is told apart by {u:?}, was {t:?}"),
                    );
                }
                let a: Vec<(&str, &str, &str)> = a
                    .iter()
                    .map(|(w, r, ty)| (w.as_str(), r.as_str(), ty.as_str()))
                    .collect();
                let b: Vec<(&str, &str, &str)> = b
                    .iter()
                    .map(|(w, r, ty)| (w.as_str(), r.as_str(), ty.as_str()))
                    .collect();
                self.variants(pointer, name, &a, &b);
                self.fallback(pointer, name, x, y);
            }
            (TypeShape::Untagged { variants: a }, TypeShape::Untagged { variants: b }) => {
                let a: Vec<String> = a
                    .iter()
                    .map(|(r, ty)| format!("{r}({})", self.renamed(ty)))
                    .collect();
                let b: Vec<String> = b.iter().map(|(r, ty)| format!("{r}({ty})")).collect();
                if a != b {
                    // The first variant that decodes wins: only variants
                    // added after the others leave every old decode as it was.
                    let appended = b.starts_with(&a);
                    self.push(
                        pointer,
                        !appended,
                        false,
                        format!(
                            "the variants of `{name}` were {}, are {}",
                            a.join(" | "),
                            b.join(" | ")
                        ),
                    );
                }
            }
            (a, b) => {
                let (was, is) = (self.describe(a), describe(b));
                if was != is {
                    self.push(pointer, true, false, format!("`{name}`: {was} became {is}"));
                }
            }
        }
    }

    /// How `shape` reads, in the new version's names.
    fn describe(&self, shape: &TypeShape) -> String {
        match shape {
            TypeShape::Alias { rust_type, newtype } => {
                describe_alias(&self.renamed(rust_type), *newtype)
            }
            TypeShape::Replaced { rust_type } => format!("replaced by `{rust_type}`"),
            other => describe(other),
        }
    }

    fn fields(&mut self, pointer: &str, name: &str, old: &[FieldInfo], new: &[FieldInfo]) {
        let place = |f: &FieldInfo| -> String {
            if f.location.pointer.starts_with("/$defs/") {
                f.location.pointer.clone()
            } else {
                pointer.to_owned()
            }
        };
        for o in old {
            let Some(n) = new.iter().find(|n| n.wire == o.wire) else {
                self.push(
                    &place(o),
                    true,
                    true,
                    format!("field `{name}.{}` is gone", o.rust),
                );
                continue;
            };
            if o.rust != n.rust {
                self.push(
                    &place(n),
                    true,
                    false,
                    format!("field `{name}.{}` is now `{name}.{}`", o.rust, n.rust),
                );
            }
            if !self.same_type(&o.rust_type, &n.rust_type) {
                self.push(
                    &place(n),
                    true,
                    false,
                    format!(
                        "`{name}.{}`: `{}` became `{}`",
                        n.rust,
                        self.renamed(&o.rust_type),
                        n.rust_type
                    ),
                );
            }
        }
        for n in new.iter().filter(|n| !old.iter().any(|o| o.wire == n.wire)) {
            // A required field: payloads without it no longer decode.
            let (breaking, which) = if n.required {
                (true, "required")
            } else {
                (false, "optional")
            };
            self.push(
                &place(n),
                breaking,
                false,
                format!("{which} field `{name}.{}: {}` added", n.rust, n.rust_type),
            );
        }
    }

    /// Variants as (wire value or tag, Rust variant, its type or "").
    fn variants(
        &mut self,
        pointer: &str,
        name: &str,
        old: &[(&str, &str, &str)],
        new: &[(&str, &str, &str)],
    ) {
        for (wire, rust, ty) in old {
            match new.iter().find(|(w, _, _)| w == wire) {
                None => self.push(
                    pointer,
                    true,
                    false,
                    format!("variant `{name}::{rust}` ({wire:?}) is gone"),
                ),
                Some((_, r, t)) if r != rust || !self.same_type(ty, t) => self.push(
                    pointer,
                    true,
                    false,
                    format!(
                        "variant `{name}::{rust}` ({wire:?}) is now `{name}::{r}`{}",
                        {
                            if t.is_empty() {
                                String::new()
                            } else {
                                format!(" of `{t}`")
                            }
                        }
                    ),
                ),
                Some(_) => {}
            }
        }
        for (wire, rust, _) in new
            .iter()
            .filter(|(w, _, _)| !old.iter().any(|o| o.0 == *w))
        {
            self.push(
                pointer,
                false,
                false,
                format!("variant `{name}::{rust}` ({wire:?}) added"),
            );
        }
    }

    fn fallback(&mut self, pointer: &str, name: &str, old: &Option<String>, new: &Option<String>) {
        match (old, new) {
            (Some(x), None) => self.push(
                pointer,
                true,
                false,
                format!("`{name}::{x}` (other values) is gone: the enum is closed"),
            ),
            (Some(x), Some(y)) if x != y => self.push(
                pointer,
                true,
                false,
                format!("`{name}::{x}` (other values) is now `{name}::{y}`"),
            ),
            (None, Some(y)) => self.push(
                pointer,
                false,
                false,
                format!("`{name}::{y}` (other values) added"),
            ),
            _ => {}
        }
    }
}

fn describe_alias(rust_type: &str, newtype: bool) -> String {
    if newtype {
        format!("a newtype of `{rust_type}`")
    } else {
        format!("`{rust_type}`")
    }
}

/// A shape in words: `a struct`, `` `u64` ``, ``a newtype of `u8` ``.
fn describe(shape: &TypeShape) -> String {
    match shape {
        TypeShape::Struct { .. } => "a struct".into(),
        TypeShape::Enum { .. } => "an enum".into(),
        TypeShape::Tagged { .. } => "a tagged union".into(),
        TypeShape::Untagged { .. } => "an untagged union".into(),
        TypeShape::Alias { rust_type, newtype } => describe_alias(rust_type, *newtype),
        TypeShape::Replaced { rust_type } => format!("replaced by `{rust_type}`"),
        _ => "another kind of type".into(),
    }
}
