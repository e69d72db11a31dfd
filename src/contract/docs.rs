//! The Markdown reference of the models: a page per object definition,
//! and an index with every enum and scalar.
//!
//! What the schema states (descriptions, enum values, references,
//! defaults) comes from the [`SchemaSet`]; every Rust name and type (type
//! names, field names and types, enum variants and the fallback variant)
//! from the generator's [`Manifest`], which says what the generated code
//! holds. Nothing here reads the generated code or names anything itself.

use super::walk::visit;
use super::{Def, Error, Problem, SchemaSet, FAPI_VERSION, PACKAGE_VERSION};
use schemagen::{FieldInfo, Manifest, TypeInfo, TypeShape};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Which section of the reference a def goes to: objects get a page of
/// their own, enums and the other types an entry in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Object,
    Enum,
    Other,
}

fn section(value: &Value) -> Section {
    if value.get("properties").is_some() {
        Section::Object
    } else if value
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().all(Value::is_string))
    {
        Section::Enum
    } else {
        Section::Other
    }
}

struct Ctx<'a> {
    set: &'a SchemaSet,
    /// Def name → the type generated from it.
    types: BTreeMap<&'a str, &'a TypeInfo>,
    /// Whether a referenced def is being described inline (then the
    /// references it holds are only linked).
    inlining: std::cell::Cell<bool>,
}

impl<'a> Ctx<'a> {
    fn new(set: &'a SchemaSet, manifest: &'a Manifest) -> Self {
        let types = set
            .defs
            .iter()
            .filter_map(|def| Some((def.name.as_str(), type_of(manifest, def)?)))
            .collect();
        Ctx {
            set,
            types,
            inlining: std::cell::Cell::new(false),
        }
    }

    /// The type generated from the def `name`.
    fn type_info(&self, def: &str) -> Option<&'a TypeInfo> {
        self.types.get(def).copied()
    }

    /// The Rust type name of the def `name`, as inline code; a dash when
    /// the generator made no type of it.
    fn type_name(&self, def: &str) -> String {
        self.type_info(def)
            .map_or_else(|| "—".to_owned(), |t| format!("`{}`", t.name))
    }
}

/// The type generated from `def`: the one at its location; else the entry
/// at the same pointer in the file spelled the most alike (the set and the
/// generator may name one file differently: `schema/client.json`,
/// `./schema/client.json`, `/abs/schema/client.json`, `file:///…`); else
/// the one entry at that pointer, if there is only one.
fn type_of<'m>(manifest: &'m Manifest, def: &Def) -> Option<&'m TypeInfo> {
    if let Some(found) = manifest.at(&def.file, &def.pointer) {
        return Some(found);
    }
    let same_pointer: Vec<&TypeInfo> = manifest
        .entries()
        .filter(|t| t.location.pointer == def.pointer)
        .collect();
    let score = |t: &TypeInfo| common_tail(&t.location.file, &def.file);
    let best = same_pointer.iter().map(|t| score(t)).max().unwrap_or(0);
    let found: Vec<&TypeInfo> = if best > 0 {
        same_pointer
            .into_iter()
            .filter(|t| score(t) == best)
            .collect()
    } else {
        same_pointer
    };
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// How many path segments two spellings of a file share at their end
/// (`.` and empty segments aside).
fn common_tail(a: &str, b: &str) -> usize {
    let segments = |s: &'_ str| -> Vec<String> {
        s.split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (segments(a), segments(b));
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Every page: file name → Markdown. `manifest` is the generator's account
/// of the models generated from the same schema (see
/// [`generate::models`](super::generate::models)): the Rust names come
/// from it.
///
/// Page names are made from def names ([`schemakit::names::file_stem`]);
/// two defs whose pages would be one file (also on a file system that
/// ignores letter case, or the index's `README.md`) are an error naming
/// both.
pub fn render(set: &SchemaSet, manifest: &Manifest) -> Result<BTreeMap<String, String>, Error> {
    let objects: Vec<&Def> = set
        .defs
        .iter()
        .filter(|d| section(&d.value) == Section::Object)
        .collect();
    let names = std::iter::once("README").chain(objects.iter().map(|d| d.name.as_str()));
    let problems: Vec<Problem> = schemakit::names::collisions(names)
        .into_iter()
        .map(|(a, b)| {
            let def = objects
                .iter()
                .find(|d| d.name == b)
                .or_else(|| objects.iter().find(|d| d.name == a));
            Problem::at(
                def.map_or_else(String::new, |d| d.file.clone()),
                format!("/$defs/{}", schemakit::pointer::escape(&b)),
                format!(
                    "the definitions {a:?} and {b:?} would have the same page ({}): rename one",
                    page(&b)
                ),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    let ctx = Ctx::new(set, manifest);
    let referenced_by = referenced_by(set);
    let mut pages = BTreeMap::new();
    for def in objects {
        let text = object_page(&ctx, def, referenced_by.get(&def.name));
        pages.insert(page(&def.name), text);
    }
    pages.insert("README.md".into(), index_page(&ctx));
    Ok(pages)
}

const HEADER: &str = "<!-- @generated by `clerk-models docs` from schema/*.json: do not edit. Regenerate with: cargo run -- generate -->\n\n";

fn object_page(ctx: &Ctx<'_>, def: &Def, used_by: Option<&BTreeSet<(String, String)>>) -> String {
    let value = &def.value;
    let info = ctx.type_info(&def.name);
    let (fields, extra): (&[FieldInfo], Option<&str>) = match info.map(|t| &t.shape) {
        Some(TypeShape::Struct { fields, extra, .. }) => (fields, extra.as_deref()),
        _ => (&[], None),
    };
    let mut md = String::from(HEADER);
    md.push_str(&format!("# {}\n\n", shown(&def.name)));
    if let Some(description) = value.get("description").and_then(Value::as_str) {
        md.push_str(&format!("{}\n\n", text(description)));
    }
    md.push_str("| | |\n|---|---|\n");
    match info {
        Some(info) => md.push_str(&format!("| Rust type | `clerk_models::{}` |\n", info.name)),
        None => md.push_str("| Rust type | — |\n"),
    }
    md.push_str(&format!("| Schema | `{}#{}` |\n", def.file, def.pointer));
    let empty = Map::new();
    let props = value
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: Vec<&str> = value
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // The properties, then the required names without a schema.
    let mut rows: Vec<(&str, Option<&Value>)> = props
        .iter()
        .map(|(wire, prop)| (wire.as_str(), Some(prop)))
        .collect();
    for wire in &required {
        if !props.contains_key(*wire) {
            rows.push((wire, None));
        }
    }
    let closed = value.get("additionalProperties") == Some(&Value::Bool(false));
    md.push_str(&format!(
        "| Unknown properties | {}; {} |\n\n",
        if closed {
            "not in the contract (reported as drift)"
        } else {
            "allowed"
        },
        match extra {
            Some(extra) => format!("the Rust type keeps them in `{extra}`"),
            None => "the Rust type does not keep them".to_owned(),
        }
    ));
    md.push_str("## Fields\n\n");
    md.push_str("| Field | Rust field | Type | Rust type | Required | Nullable | Description |\n");
    md.push_str("|---|---|---|---|---|---|---|\n");
    for (wire, prop) in rows {
        let null = Value::Null;
        let shape = prop.map_or_else(|| describe(ctx, &null), |p| describe(ctx, p));
        let field = fields.iter().find(|f| f.wire == wire);
        let (rust_field, rust_ty) = match field {
            Some(f) => (format!("`{}`", f.rust), format!("`{}`", f.rust_type)),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let mut description = prop
            .and_then(|p| p.get("description"))
            .and_then(Value::as_str)
            .map(text)
            .unwrap_or_default();
        if prop.and_then(|p| p.get("deprecated")) == Some(&Value::Bool(true)) {
            description.insert_str(0, "**Deprecated.** ");
        }
        if let Some(values) = &shape.values {
            let list: Vec<String> = values.iter().map(|v| code(v)).collect();
            if !description.is_empty() {
                description.push_str("<br>");
            }
            description.push_str(&format!("Values: {}", list.join(", ")));
        }
        if let Some(default) = prop.and_then(|p| p.get("default")) {
            description.push_str(&format!("<br>Default: `{}`", cell(&default.to_string())));
        }
        md.push_str(&format!(
            "| `{}` | {rust_field} | {} | {rust_ty} | {} | {} | {} |\n",
            cell(wire),
            shape.md,
            if required.contains(&wire) {
                "yes"
            } else {
                "no"
            },
            if shape.nullable { "yes" } else { "no" },
            description
        ));
    }
    if let Some(used_by) = used_by {
        md.push_str("\n## Referenced by\n\n");
        let mut by_def: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (source, field) in used_by {
            by_def.entry(source).or_default().push(field);
        }
        for (source, fields) in by_def {
            let fields: Vec<String> = fields.iter().map(|f| format!("`{}`", cell(f))).collect();
            md.push_str(&format!(
                "- [{}]({}): {}\n",
                shown(source),
                page(source),
                fields.join(", ")
            ));
        }
    }
    md.push_str("\n[All types](README.md)\n");
    md
}

fn index_page(ctx: &Ctx<'_>) -> String {
    let mut md = String::from(HEADER);
    md.push_str("# Clerk Frontend API `Client` models: reference\n\n");
    md.push_str(&format!(
        "The types of the `clerk_models` crate ({PACKAGE_VERSION}), generated from the JSON Schema contract in `schema/` \
         for the Clerk Frontend API version {FAPI_VERSION}. Each object page lists its fields with their wire name, \
         Rust field name, type, required-ness, nullability and description. Required means the key is always present; \
         nullable means its value may be `null`. The bundled schema is `generated/schema/clerk.schema.json` \
         (and `clerk.tolerant.schema.json`, which accepts newer payloads).\n\n"
    ));
    md.push_str("## Objects\n\n| Object | Rust type | Schema | Description |\n|---|---|---|---|\n");
    for def in ctx
        .set
        .defs
        .iter()
        .filter(|d| section(&d.value) == Section::Object)
    {
        md.push_str(&format!(
            "| [{}]({}) | {} | `{}` | {} |\n",
            shown(&def.name),
            page(&def.name),
            ctx.type_name(&def.name),
            file_name(&def.file),
            first_sentence(&def.value)
        ));
    }
    md.push_str("\n## Enums\n\nThe Rust enums are open: a value the schema does not list decodes as the fallback variant, which keeps it.\n");
    for def in ctx
        .set
        .defs
        .iter()
        .filter(|d| section(&d.value) == Section::Enum)
    {
        let info = ctx.type_info(&def.name);
        let (variants, fallback): (&[(String, String)], Option<&str>) = match info.map(|t| &t.shape)
        {
            Some(TypeShape::Enum { variants, fallback }) => (variants, fallback.as_deref()),
            _ => (&[], None),
        };
        md.push_str(&format!("\n### {}\n\n", shown(&def.name)));
        if let Some(description) = def.value.get("description").and_then(Value::as_str) {
            md.push_str(&format!("{}\n\n", text(description)));
        }
        md.push_str(&format!(
            "Rust type {}, schema `{}#{}`.\n\n| Value | Rust variant |\n|---|---|\n",
            ctx.type_name(&def.name),
            def.file,
            def.pointer
        ));
        let variant = |name: &str| match info {
            Some(info) => format!("`{}::{name}`", info.name),
            None => "—".to_owned(),
        };
        let mut seen = BTreeSet::new();
        for value in def.value["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if seen.insert(value) {
                let rust = variants
                    .iter()
                    .find(|(wire, _)| wire == value)
                    .map_or_else(|| "—".to_owned(), |(_, rust)| variant(rust));
                md.push_str(&format!("| {} | {rust} |\n", code(value)));
            }
        }
        if let Some(fallback) = fallback {
            md.push_str(&format!(
                "| any other | {} |\n",
                variant(&format!("{fallback}(String)"))
            ));
        }
    }
    md.push_str("\n## Scalars and other types\n");
    for def in ctx
        .set
        .defs
        .iter()
        .filter(|d| section(&d.value) == Section::Other)
    {
        let shape = describe_inline(ctx, &def.value);
        md.push_str(&format!("\n### {}\n\n", shown(&def.name)));
        md.push_str(&format!(
            "{} · Rust type {} · schema `{}#{}`\n\n",
            shape.md,
            ctx.type_name(&def.name),
            def.file,
            def.pointer
        ));
        if let Some(description) = def.value.get("description").and_then(Value::as_str) {
            md.push_str(&format!("{}\n", text(description)));
        }
        if let Some(examples) = def.value.get("examples").and_then(Value::as_array) {
            let list: Vec<String> = examples
                .iter()
                .map(|e| format!("`{}`", cell(&plain(e))))
                .collect();
            md.push_str(&format!("\nExamples: {}\n", list.join(", ")));
        }
    }
    md
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn first_sentence(value: &Value) -> String {
    let description = value
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    // The first ". " followed by a capital letter, not after "e.g" or "i.e".
    let end = description
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let next = description[i + 2..].chars().next();
            let before = &description[..i];
            next.is_some_and(char::is_uppercase)
                && !before.ends_with("e.g")
                && !before.ends_with("i.e")
        })
        .map_or(description.len(), |i| i + 1);
    text(&description[..end])
}

/// A string value without JSON quotes; other values as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Description text made safe for a page (or a table cell): Markdown
/// through the parser, HTML escaped outside code spans
/// ([`schemakit::markdown::page_text`]).
fn text(raw: &str) -> String {
    cell(&schemakit::markdown::page_text(raw))
}

/// A def's name as page text: escaped as a description is, and its
/// brackets too (it is a link's text).
fn shown(name: &str) -> String {
    text(name).replace('[', "\\[").replace(']', "\\]")
}

/// The page of an object def: its name made safe for a file name
/// ([`schemakit::names::file_stem`]).
fn page(name: &str) -> String {
    format!("{}.md", schemakit::names::file_stem(name))
}

/// The anchor of an index entry's heading.
fn anchor(name: &str) -> String {
    schemakit::names::file_stem(name).to_lowercase()
}

/// How long a type description in a table cell may get before it is cut.
const MAX_SHAPE_CHARS: usize = 600;

/// A value as inline code; the empty string as `""`, which Markdown cannot
/// show as an empty code span.
fn code(value: &str) -> String {
    if value.is_empty() {
        "`\"\"` (empty)".to_owned()
    } else {
        format!("`{}`", cell(value))
    }
}

/// Text made safe for a table cell.
fn cell(raw: &str) -> String {
    raw.replace('|', "\\|").replace('\n', "<br>")
}

/// A field's type for people: Markdown, with links to other defs.
struct Shape {
    md: String,
    nullable: bool,
    /// The enum values it admits, when it is (or refers to) a string enum.
    values: Option<Vec<String>>,
}

fn describe(ctx: &Ctx<'_>, value: &Value) -> Shape {
    if value.is_null() {
        return Shape {
            md: "any".into(),
            nullable: false,
            values: None,
        };
    }
    describe_inline(ctx, value)
}

fn link(ctx: &Ctx<'_>, name: &str) -> (String, Option<Vec<String>>) {
    let Some(def) = ctx.set.get(name) else {
        return (code(name), None);
    };
    match section(&def.value) {
        Section::Object => (format!("[{}]({})", shown(name), page(name)), None),
        Section::Enum => (
            format!("[{}](README.md#{})", shown(name), anchor(name)),
            def.value["enum"].as_array().map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
        ),
        // Described here, and not through the references it holds in
        // turn (those are only linked): a chain of unions would multiply
        // at every level.
        Section::Other if ctx.inlining.get() => (
            format!("[{}](README.md#{})", shown(name), anchor(name)),
            None,
        ),
        Section::Other => {
            ctx.inlining.set(true);
            let inner = describe_inline(ctx, &def.value);
            ctx.inlining.set(false);
            (
                format!(
                    "[{}](README.md#{}): {}",
                    shown(name),
                    anchor(name),
                    inner.md
                ),
                inner.values,
            )
        }
    }
}

fn describe_inline(ctx: &Ctx<'_>, value: &Value) -> Shape {
    let mut nullable = false;
    let mut values = None;
    let md = if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/$defs/")
            .map(|n| n.split('/').next().unwrap_or(n))
            .unwrap_or(reference);
        let (md, v) = link(ctx, name);
        values = v;
        md
    } else if let Some(branches) = value
        .get("anyOf")
        .or_else(|| value.get("oneOf"))
        .and_then(Value::as_array)
    {
        let mut parts = Vec::new();
        for branch in branches {
            if branch.get("type").and_then(Value::as_str) == Some("null") {
                nullable = true;
                continue;
            }
            let shape = describe_inline(ctx, branch);
            nullable |= shape.nullable;
            if values.is_none() {
                values = shape.values;
            }
            parts.push(shape.md);
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("one of {}", parts.join(", "))
        }
    } else if let Some(constant) = value.get("const") {
        format!("`{}` (constant)", cell(&constant.to_string()))
    } else {
        let mut types: Vec<String> = match value.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        if types.iter().any(|t| t == "null") {
            nullable = true;
            types.retain(|t| t != "null");
        }
        if let Some(Value::Array(list)) = value.get("enum") {
            values = Some(list.iter().map(plain).collect());
        }
        let format = value.get("format").and_then(Value::as_str);
        let described: Vec<String> = types
            .iter()
            .map(|t| match t.as_str() {
                "array" => array(ctx, value),
                "object" if value.get("properties").is_none() => "object (free-form)".to_owned(),
                other => match format {
                    Some(format) => format!("{other} ({format})"),
                    None => other.to_owned(),
                },
            })
            .collect();
        if described.is_empty() {
            "any".to_owned()
        } else {
            described.join(" or ")
        }
    };
    // Bounded: a cell says what the type is, it does not spell out a
    // schema of any size.
    let md = match md.char_indices().nth(MAX_SHAPE_CHARS) {
        Some((cut, _)) => format!("{}… (cut)", &md[..cut]),
        None => md,
    };
    Shape {
        md,
        nullable,
        values,
    }
}

fn array(ctx: &Ctx<'_>, value: &Value) -> String {
    if let Some(Value::Array(prefix)) = value.get("prefixItems") {
        let items: Vec<String> = prefix.iter().map(|p| describe_inline(ctx, p).md).collect();
        return format!("tuple [{}]", items.join(", "));
    }
    match value.get("items") {
        Some(items) if items.is_object() => {
            let shape = describe_inline(ctx, items);
            format!(
                "array of {}{}",
                shape.md,
                if shape.nullable { " or null" } else { "" }
            )
        }
        _ => "array".to_owned(),
    }
}

/// For each def, which (def, property) refer to it.
fn referenced_by(set: &SchemaSet) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for def in &set.defs {
        let Some(props) = def.value.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (wire, prop) in props {
            visit(prop, "", &mut |obj, _| {
                if let Some(target) = obj
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                {
                    let target = target.split('/').next().unwrap_or(target);
                    out.entry(target.to_owned())
                        .or_default()
                        .insert((def.name.clone(), wire.clone()));
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::schema_set::tests::doc;
    use serde_json::json;

    /// The set of `documents` (named by file name), and the manifest of the
    /// generator run over the same documents with the Clerk settings, each
    /// named by a URI (so that the manifest spells the file otherwise).
    fn set_and_manifest(documents: &[(&str, Value)]) -> (SchemaSet, Manifest) {
        let set = SchemaSet::from_documents(documents).unwrap();
        let mut generator = schemagen::Generator::new(super::super::generate::options());
        for (name, value) in documents {
            generator =
                generator.document(format!("https://clerk.test/schema/{name}"), value.clone());
        }
        let outcome = generator.run();
        if let Err(errors) = &outcome.code {
            panic!("{errors}");
        }
        (set, outcome.manifest.unwrap())
    }

    fn assert_lines(page: &str, lines: &[&str]) {
        for line in lines {
            assert!(page.contains(line), "{line:?} is not in:\n{page}");
        }
    }

    #[test]
    fn a_small_set_renders_object_pages_and_an_index() {
        let (set, manifest) = set_and_manifest(&[(
            "s.json",
            doc(json!({
                "Thing": {
                    "type": "object",
                    "description": "A thing, e.g. this one. More text.",
                    "properties": {
                        "id": {"type": "string", "description": "The ID."},
                        "status": {"$ref": "#/$defs/Status"},
                        "owner": {"anyOf": [{"$ref": "#/$defs/Owner"}, {"type": "null"}]},
                        "at": {"$ref": "#/$defs/Stamp", "deprecated": true}
                    },
                    "required": ["id", "status"],
                    "additionalProperties": false
                },
                "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Status": {"type": "string", "enum": ["active", "ended"]},
                "Stamp": {"type": "integer", "format": "int64", "description": "Milliseconds."}
            })),
        )]);
        let pages = render(&set, &manifest).unwrap();
        let names: Vec<&str> = pages.keys().map(String::as_str).collect();
        assert_eq!(names, ["Owner.md", "README.md", "Thing.md"]);
        assert_lines(
            &pages["Thing.md"],
            &[
                "# Thing\n\nA thing, e.g. this one. More text.\n",
                "| Rust type | `clerk_models::Thing` |\n| Schema | `s.json#/$defs/Thing` |\n",
                "| Unknown properties | not in the contract (reported as drift); the Rust type keeps them in `extra` |",
                "| `id` | `id` | string | `String` | yes | no | The ID. |",
                "| `status` | `status` | [Status](README.md#status) | `Status` | yes | no | Values: `active`, `ended` |",
                "| `owner` | `owner` | [Owner](Owner.md) | `Option<Option<Owner>>` | no | yes |  |",
                "| `at` | `at` | [Stamp](README.md#stamp): integer (int64) | `Option<Stamp>` | no | no | **Deprecated.**  |",
            ],
        );
        assert_lines(
            &pages["Owner.md"],
            &[
                "| Rust type | `clerk_models::Owner` |",
                "## Referenced by\n\n- [Thing](Thing.md): `owner`\n",
            ],
        );
        assert_lines(
            &pages["README.md"],
            &[
                "| [Thing](Thing.md) | `Thing` | `s.json` | A thing, e.g. this one. |",
                "| [Owner](Owner.md) | `Owner` | `s.json` |  |",
                "### Status\n\nRust type `Status`, schema `s.json#/$defs/Status`.",
                "| `active` | `Status::Active` |\n| `ended` | `Status::Ended` |\n| any other | `Status::Unknown(String)` |",
                "### Stamp\n\ninteger (int64) · Rust type `Stamp` · schema `s.json#/$defs/Stamp`\n\nMilliseconds.",
            ],
        );
    }

    /// Where sanitizing a name alone would not give the generated one, the
    /// page has the generator's: colliding field names are numbered, the
    /// field that keeps unknown properties yields to a property named
    /// `extra`, a def named like an item emitted beside the types (`Check`)
    /// is renamed, and an enum listing `Unknown` and `Other` gets the next
    /// fallback name.
    #[test]
    fn names_are_the_generators_not_re_derived() {
        let (set, manifest) = set_and_manifest(&[(
            "t.json",
            doc(json!({
                "Check": {
                    "type": "object",
                    "properties": {
                        "a_b": {"type": "string"},
                        "a-b": {"type": "integer", "format": "int32"},
                        "type": {"$ref": "#/$defs/Kind"},
                        "extra": {"type": "boolean"}
                    },
                    "required": ["a-b", "missing"]
                },
                "Kind": {"type": "string", "enum": ["unknown", "other", "Other", "self"]}
            })),
        )]);
        let pages = render(&set, &manifest).unwrap();
        assert_lines(
            &pages["Check.md"],
            &[
                "| Rust type | `clerk_models::Check2` |",
                "the Rust type keeps them in `extra2` |",
                "| `a_b` | `a_b` | string | `Option<String>` | no | no |  |",
                "| `a-b` | `a_b2` | integer (int32) | `i32` | yes | no |  |",
                "| `type` | `type_` | [Kind](README.md#kind) | `Option<Kind>` | no | no | Values: `unknown`, `other`, `Other`, `self` |",
                "| `extra` | `extra` | boolean | `Option<bool>` | no | no |  |",
                "| `missing` | `missing` | any | `serde_json::Value` | yes | no |  |",
            ],
        );
        assert_lines(
            &pages["README.md"],
            &[
                "| [Check](Check.md) | `Check2` | `t.json` |  |",
                "| `unknown` | `Kind::Unknown` |\n| `other` | `Kind::Other` |\n| `Other` | `Kind::Other2` |\n| `self` | `Kind::Self_` |\n| any other | `Kind::UnknownValue(String)` |",
            ],
        );
    }

    #[test]
    fn a_def_is_found_whatever_the_spelling_of_its_file() {
        assert_eq!(common_tail("schema/client.json", "schema/client.json"), 2);
        assert_eq!(common_tail("./schema/client.json", "schema/client.json"), 2);
        assert_eq!(
            common_tail("/abs/schema/client.json", "schema\\client.json"),
            2
        );
        assert_eq!(
            common_tail("https://clerk.test/schema/client.json", "client.json"),
            1
        );
        assert_eq!(common_tail("schema/client.json", "schema/session.json"), 0);
        // Two files with a def at the same pointer: the one whose name
        // matches; without a match, neither.
        let one =
            json!({"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}});
        let two =
            json!({"$defs": {"A": {"type": "object", "properties": {"y": {"type": "string"}}}}});
        let manifest = schemagen::Generator::new(super::super::generate::options())
            .document("https://clerk.test/one.json", one.clone())
            .document("https://clerk.test/two.json", two)
            .run()
            .manifest
            .unwrap();
        let def = |file: &str| Def {
            name: "A".into(),
            file: file.into(),
            pointer: "/$defs/A".into(),
            value: one.clone(),
        };
        let field_of = |file: &str| match &type_of(&manifest, &def(file))?.shape {
            TypeShape::Struct { fields, .. } => Some(fields[0].wire.clone()),
            _ => None,
        };
        assert_eq!(field_of("schema/one.json").as_deref(), Some("x"));
        assert_eq!(field_of("two.json").as_deref(), Some("y"));
        assert_eq!(field_of("three.json"), None);
    }

    #[test]
    fn html_is_escaped_outside_code() {
        assert_eq!(text("oauth_<p> `a<b>` | x"), "oauth_&lt;p&gt; `a<b>` \\| x");
    }
}
