//! The settings that name generated types, applied once every type has its name: replacements by existing Rust types, renames, extra derives, visibility.
//!
//! They run after recursion is made finite, so that a replaced type is
//! still boxed where it was recursive (`Box<Existing>` is fine), and before
//! the analyses, which then see the replaced types as what they are: types
//! the generator knows nothing of. Settings name a type as the generator
//! names it (before any rename) or by its schema location, so that their
//! order does not matter. Every problem is an [`Error::Setting`], all of
//! them in one run.

use crate::error::{Diagnostics, Error};
use crate::ir::manifest::is_entry_point;
use crate::ir::names::{beside_types, is_identifier};
use crate::ir::{Ir, Ty, TypeBody, TypeId};
use crate::options::{Options, Visibility};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// What the emitter needs of the settings.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The derives each type gets beyond its own, by [`TypeId`]: checked
    /// to be paths, each once.
    pub derives: Vec<Vec<String>>,
    /// The visibility of the generated items, checked to be Rust.
    pub visibility: Visibility,
}

impl Settings {
    /// No settings: what a run without them emits.
    pub fn none(ir: &Ir) -> Self {
        Settings {
            derives: vec![Vec::new(); ir.types.len()],
            visibility: Visibility::Public,
        }
    }
}

/// Applies the settings of `opts` to `ir`: replaced types become
/// [`TypeBody::Replaced`] and the inline types only they used leave the
/// emission order, renamed types take their new names; the derives and the
/// visibility are handed back for the emitter. Problems go to `diags`.
pub fn apply(ir: &mut Ir, opts: &Options, diags: &mut Diagnostics) -> Settings {
    let mut settings = Settings::none(ir);
    let names = Names::new(ir);

    // Replacements first: the other settings refuse a replaced type.
    let mut replaced: BTreeMap<TypeId, String> = BTreeMap::new();
    for (selector, path) in opts.replacements() {
        let setting = format!("replace {selector}={path}");
        let Some(id) = names.find(ir, selector, &setting, diags) else {
            continue;
        };
        if syn::parse_str::<syn::Type>(path).is_err() {
            diags.error(setting_error(
                &setting,
                format!("`{path}` is not a Rust type"),
            ));
            continue;
        }
        match replaced.entry(id) {
            Entry::Occupied(_) => diags.error(setting_error(
                &setting,
                format!("`{}` is already replaced", ir.get(id).name),
            )),
            Entry::Vacant(slot) => {
                slot.insert(path.trim().to_owned());
            }
        }
    }

    let mut renamed: BTreeMap<TypeId, (String, String)> = BTreeMap::new();
    for (selector, to) in opts.renames() {
        let setting = format!("rename {selector}={to}");
        let Some(id) = names.find(ir, selector, &setting, diags) else {
            continue;
        };
        let name = &ir.get(id).name;
        if replaced.contains_key(&id) {
            diags.error(setting_error(
                &setting,
                format!("`{name}` is replaced by an existing type, so it has no name to change"),
            ));
        } else if !is_identifier(to) {
            diags.error(setting_error(
                &setting,
                format!("`{to}` is not a Rust identifier (nor may it be a keyword)"),
            ));
        } else if let Some((earlier, _)) = renamed.get(&id) {
            diags.error(setting_error(
                &setting,
                format!("`{name}` is already renamed (`{earlier}`)"),
            ));
        } else {
            renamed.insert(id, (to.clone(), setting));
        }
    }

    let mut extra: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    let mut global = Vec::new();
    for path in opts.derives() {
        let setting = format!("derive {path}");
        match derive_path(path) {
            Some(path) => global.push(path),
            None => diags.error(setting_error(&setting, not_a_path(path))),
        }
    }
    for (selector, path) in opts.type_derives() {
        let setting = format!("derive {path} on {selector}");
        let Some(id) = names.find(ir, selector, &setting, diags) else {
            continue;
        };
        let name = &ir.get(id).name;
        if replaced.contains_key(&id) {
            diags.error(setting_error(
                &setting,
                format!("`{name}` is replaced by an existing type, which takes no derives"),
            ));
        } else if matches!(ir.get(id).body, TypeBody::Alias { newtype: false, .. }) {
            diags.error(setting_error(
                &setting,
                format!("`{name}` is an alias (`type {name} = …`), which takes no derives"),
            ));
        } else if let Some(path) = derive_path(path) {
            extra.entry(id).or_default().push(path);
        } else {
            diags.error(setting_error(&setting, not_a_path(path)));
        }
    }

    if let Visibility::In(path) = opts.visibility() {
        if syn::parse_str::<syn::Path>(path).is_err() {
            diags.error(setting_error(
                &format!("visibility pub(in {path})"),
                format!("`{path}` is not a module path"),
            ));
        }
    }
    settings.visibility = opts.visibility().clone();

    // The inline types only the replaced types used are not emitted.
    let dropped = only_used_by(ir, &replaced);
    for (&id, path) in &replaced {
        ir.types[id.0].body = TypeBody::Replaced { path: path.clone() };
    }
    ir.order.retain(|id| !dropped.contains(id));

    check_names(ir, opts, &renamed, &replaced, diags);
    for (id, (to, _)) in renamed {
        ir.types[id.0].name = to;
    }

    for &id in &ir.order {
        match &ir.get(id).body {
            TypeBody::Alias { newtype: false, .. }
            | TypeBody::Pending
            | TypeBody::Replaced { .. } => continue,
            _ => {}
        }
        let mine = &mut settings.derives[id.0];
        for path in global.iter().chain(extra.get(&id).into_iter().flatten()) {
            if !mine.contains(path) {
                mine.push(path.clone());
            }
        }
    }
    settings
}

fn setting_error(setting: &str, message: impl Into<String>) -> Error {
    Error::Setting {
        setting: setting.to_owned(),
        message: message.into(),
    }
}

fn not_a_path(path: &str) -> String {
    format!("`{path}` is not a path to a derive macro")
}

/// `path` as a derive path with its spacing made canonical (so that
/// `serde :: Serialize` and `serde::Serialize` are one derive), if it is one.
fn derive_path(path: &str) -> Option<String> {
    let parsed = syn::parse_str::<syn::Path>(path).ok()?;
    Some(quote::quote!(#parsed).to_string().replace(' ', ""))
}

/// The emitted types by name, to find what a setting names.
struct Names {
    /// The generator's name of each emitted type.
    by_name: BTreeMap<String, TypeId>,
}

impl Names {
    fn new(ir: &Ir) -> Self {
        let by_name = ir
            .order
            .iter()
            .filter(|id| !matches!(ir.get(**id).body, TypeBody::Pending))
            .map(|&id| (ir.get(id).name.clone(), id))
            .collect();
        Names { by_name }
    }

    /// The type `selector` names: a type name as the generator gives it, or
    /// a schema location (`FILE#POINTER`, where `FILE` may be the end of the
    /// document's path, or nothing for any document). Not finding one, or
    /// finding several, is an error of `setting`.
    fn find(
        &self,
        ir: &Ir,
        selector: &str,
        setting: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeId> {
        let selector = selector.trim();
        let Some((file, pointer)) = selector.split_once('#') else {
            if let Some(&id) = self.by_name.get(selector) {
                return Some(id);
            }
            let names: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
            diags.error(setting_error(
                setting,
                format!(
                    "no generated type is named `{selector}`{}",
                    nearest(selector, &names)
                ),
            ));
            return None;
        };
        let matching: Vec<TypeId> = self
            .by_name
            .values()
            .copied()
            .filter(|&id| {
                let origin = &ir.get(id).origin;
                origin.pointer == pointer && same_file(&origin.file, file)
            })
            .collect();
        match matching.as_slice() {
            [one] => Some(*one),
            [] => {
                // Spelled as the selector is: with its file, or without.
                let mut places: Vec<String> = self
                    .by_name
                    .values()
                    .map(|&id| {
                        let origin = &ir.get(id).origin;
                        if file.is_empty() {
                            format!("#{}", origin.pointer)
                        } else {
                            origin.to_string()
                        }
                    })
                    .collect();
                places.sort();
                places.dedup();
                let places: Vec<&str> = places.iter().map(String::as_str).collect();
                diags.error(setting_error(
                    setting,
                    format!(
                        "no generated type stands for the schema at `{selector}`{}",
                        nearest(selector, &places)
                    ),
                ));
                None
            }
            several => {
                let places: Vec<String> = several
                    .iter()
                    .map(|&id| format!("`{}`", ir.get(id).origin))
                    .collect();
                diags.error(setting_error(
                    setting,
                    format!(
                        "`{selector}` stands for {} types ({}): name the file too",
                        several.len(),
                        places.join(", ")
                    ),
                ));
                None
            }
        }
    }
}

/// Whether the document `actual` (as the generator names it) is the one a
/// selector names as `wanted`: the same path, or a path ending in it; an
/// empty `wanted` is any document.
fn same_file(actual: &str, wanted: &str) -> bool {
    let normal = |path: &str| {
        let path = path.replace('\\', "/");
        let mut path = path.as_str();
        while let Some(rest) = path.strip_prefix("./") {
            path = rest;
        }
        path.to_owned()
    };
    let (actual, wanted) = (normal(actual), normal(wanted));
    wanted.is_empty() || actual == wanted || actual.ends_with(&format!("/{wanted}"))
}

/// The names among `candidates` nearest to `wanted`, as the tail of a
/// message: ` (the nearest: `A`, `B`)`.
fn nearest(wanted: &str, candidates: &[&str]) -> String {
    let lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|&c| {
            let distance = if c.to_lowercase() == lower {
                0
            } else {
                strsim::levenshtein(&lower, &c.to_lowercase()).max(1)
            };
            (distance, c)
        })
        .filter(|&(distance, c)| distance <= (wanted.len().max(c.len()) / 3).max(2))
        .collect();
    scored.sort();
    // The closest, and those nearly as close.
    let best = scored.first().map_or(0, |(distance, _)| *distance);
    let names: Vec<String> = scored
        .iter()
        .filter(|(distance, _)| *distance <= best + 1)
        .take(3)
        .map(|(_, c)| format!("`{c}`"))
        .collect();
    if names.is_empty() {
        match candidates.len() {
            0 => " (the schema generates no type)".to_owned(),
            n if n <= 8 => {
                let all: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
                format!(" (there are {})", all.join(", "))
            }
            n => format!(" (none of the {n} is close; the manifest lists them)"),
        }
    } else {
        format!(" (the nearest: {})", names.join(", "))
    }
}

/// The named types `ty` mentions.
fn named(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Array(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => named(t, out),
        Ty::Tuple(items) => items.iter().for_each(|t| named(t, out)),
        _ => {}
    }
}

/// The named types a type's body mentions.
fn uses(body: &TypeBody) -> Vec<TypeId> {
    let mut out = Vec::new();
    match body {
        TypeBody::Struct(s) => s.fields.iter().for_each(|f| named(&f.ty, &mut out)),
        TypeBody::Tagged(t) => t.variants.iter().for_each(|(_, _, ty)| named(ty, &mut out)),
        TypeBody::Untagged(u) => u.variants.iter().for_each(|(_, ty)| named(ty, &mut out)),
        TypeBody::Alias { ty, .. } => named(ty, &mut out),
        TypeBody::Enum(_) | TypeBody::Pending | TypeBody::Replaced { .. } => {}
    }
    out
}

/// The types that only `replaced` types use (through any chain of inline
/// types): those reached from a replaced type's body that no other type
/// reaches, nor a document root or `$defs` entry is (those always stay).
fn only_used_by(ir: &Ir, replaced: &BTreeMap<TypeId, String>) -> BTreeSet<TypeId> {
    // Everything reached from the replaced types' bodies.
    let mut candidates = BTreeSet::new();
    let mut work: Vec<TypeId> = replaced
        .keys()
        .flat_map(|&id| uses(&ir.get(id).body))
        .collect();
    while let Some(id) = work.pop() {
        if !replaced.contains_key(&id) && candidates.insert(id) {
            work.extend(uses(&ir.get(id).body));
        }
    }
    // Everything reached from the types that stay whatever happens.
    let mut kept = BTreeSet::new();
    let mut work: Vec<TypeId> = ir
        .order
        .iter()
        .copied()
        .filter(|id| {
            !replaced.contains_key(id)
                && (!candidates.contains(id) || is_entry_point(&ir.get(*id).origin.pointer))
        })
        .collect();
    while let Some(id) = work.pop() {
        if !replaced.contains_key(&id) && kept.insert(id) {
            work.extend(uses(&ir.get(id).body));
        }
    }
    candidates.difference(&kept).copied().collect()
}

/// Checks that the names after the renames are unique among the emitted
/// types and leave the items beside them theirs.
fn check_names(
    ir: &Ir,
    opts: &Options,
    renamed: &BTreeMap<TypeId, (String, String)>,
    replaced: &BTreeMap<TypeId, String>,
    diags: &mut Diagnostics,
) {
    let beside = beside_types(opts);
    let mut holders: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for &id in &ir.order {
        if replaced.contains_key(&id) || matches!(ir.get(id).body, TypeBody::Pending) {
            continue;
        }
        let name = renamed
            .get(&id)
            .map_or(ir.get(id).name.as_str(), |(to, _)| to.as_str());
        holders.entry(name).or_default().push(id);
    }
    for (id, (to, setting)) in renamed {
        if beside.contains(&to.as_str()) {
            diags.error(setting_error(
                setting,
                format!("`{to}` is the name of an item emitted beside the types"),
            ));
            continue;
        }
        let others: Vec<String> = holders
            .get(to.as_str())
            .into_iter()
            .flatten()
            .filter(|other| *other != id)
            .map(|&other| {
                let def = ir.get(other);
                match renamed.get(&other) {
                    Some(_) => format!("`{}` (at `{}`), renamed to it too", def.name, def.origin),
                    None => format!("the type at `{}`", def.origin),
                }
            })
            .collect();
        if !others.is_empty() {
            diags.error(setting_error(
                setting,
                format!("`{to}` is already the name of {}", others.join(" and ")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_match_by_their_end() {
        assert!(same_file("schema/pet.json", "pet.json"));
        assert!(same_file("./schema/pet.json", "schema/pet.json"));
        assert!(same_file("schema/pet.json", ""));
        assert!(!same_file("schema/carpet.json", "pet.json"));
    }

    #[test]
    fn nearest_names_come_first() {
        let names = ["Pet", "PetKind", "Owner", "Store"];
        assert_eq!(nearest("Pett", &names), " (the nearest: `Pet`)");
        assert_eq!(nearest("PetKnd", &names), " (the nearest: `PetKind`)");
        assert_eq!(nearest("pet", &names), " (the nearest: `Pet`)");
        assert_eq!(
            nearest("Zebra", &names),
            " (there are `Pet`, `PetKind`, `Owner`, `Store`)"
        );
    }

    #[test]
    fn derive_paths_are_canonical() {
        assert_eq!(
            derive_path("serde :: Serialize").as_deref(),
            Some("serde::Serialize")
        );
        assert_eq!(
            derive_path("::std::hash::Hash").as_deref(),
            Some("::std::hash::Hash")
        );
        assert_eq!(derive_path("Eq, Hash"), None);
    }
}
