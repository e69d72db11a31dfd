//! `docs`: a Markdown reference page per object definition, and an index.
//!
//! Names are the generated code's: type names come from the generated type
//! index (`SCHEMA_TYPES`), field and variant names from the generator's own
//! rules (`schemagen::names::sanitize` made unique with a `NameSet`, in
//! schema order), and each field's Rust type is read off the generated struct.

use super::output::{self, paint, plural, Written};
use super::schema::{self, SchemaSet, FAPI_VERSION, PACKAGE_VERSION};
use super::{generate, CliError, Exit, Format, Global};
use schemagen::ir::names::{sanitize, Case, NameSet};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Write the Markdown reference of the models.
///
/// One page per object definition (each field: wire name, Rust field name,
/// type with links to the other objects, Rust type, required, nullable,
/// description and enum values) and README.md, an index with every enum and
/// scalar. Deterministic; files are written only when their bytes change.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models docs                      write generated/docs/
  clerk-models docs --out /tmp/docs --schema schema")]
pub struct Args {
    /// The folder to write the pages to.
    #[arg(long, short, value_name = "DIR", default_value = "generated/docs")]
    out: PathBuf,
    /// The schema folder to document.
    #[arg(long, value_name = "DIR", default_value = "schema")]
    schema: PathBuf,
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let (code, _warnings) = generate::models(&args.schema)?;
    let set = schema::load(&args.schema).map_err(CliError::Problems)?;
    let pages = render(&set, &code);
    let mut changed = Vec::new();
    for (name, text) in &pages {
        let path = args.out.join(name);
        let written = output::write_if_changed(&path, text.as_bytes())?;
        if written != Written::Unchanged {
            changed.push((path.display().to_string(), written));
        }
    }
    let word = |w: Written| match w {
        Written::Created => "created",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    };
    match global.format {
        Format::Json => output::print_json(&serde_json::json!({
            "command": "docs",
            "status": "ok",
            "pages": pages.len(),
            "changed": changed.iter().map(|(p, w)| serde_json::json!({"file": p, "state": word(*w)})).collect::<Vec<_>>(),
        })),
        Format::Text => {
            let mut text = String::new();
            for (path, written) in &changed {
                text.push_str(&format!(
                    "{:>8} {path}\n",
                    paint(output::OK, word(*written))
                ));
            }
            text.push_str(&format!(
                "{} in {}, {} changed\n",
                plural(pages.len(), "page"),
                args.out.display(),
                changed.len()
            ));
            output::out(&text);
        }
    }
    Ok(Exit::Ok)
}

/// What kind of page or index entry a def gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Enum,
    Other,
}

fn kind(value: &Value) -> Kind {
    if value.get("properties").is_some() {
        Kind::Object
    } else if value
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().all(Value::is_string))
    {
        Kind::Enum
    } else {
        Kind::Other
    }
}

struct Ctx<'a> {
    set: &'a SchemaSet,
    /// Def name → Rust type name.
    rust_names: BTreeMap<String, String>,
    /// Rust struct name → (field name → Rust type).
    struct_fields: BTreeMap<String, BTreeMap<String, String>>,
}

/// Every page: file name → Markdown.
pub fn render(set: &SchemaSet, code: &str) -> BTreeMap<String, String> {
    let index = parse_index(code);
    let mut rust_names = BTreeMap::new();
    for def in &set.defs {
        let name = index
            .get(&(def.file.clone(), def.pointer.clone()))
            .or_else(|| {
                // The same def found under another spelling of the folder.
                index
                    .iter()
                    .find(|((_, p), _)| *p == def.pointer)
                    .map(|(_, n)| n)
            })
            .cloned()
            .unwrap_or_else(|| sanitize(&def.name, Case::Pascal));
        rust_names.insert(def.name.clone(), name);
    }
    let ctx = Ctx {
        set,
        rust_names,
        struct_fields: parse_structs(code),
    };
    let referenced_by = referenced_by(set);
    let mut pages = BTreeMap::new();
    for def in &set.defs {
        if kind(&def.value) == Kind::Object {
            let page = object_page(&ctx, def, referenced_by.get(&def.name));
            pages.insert(format!("{}.md", def.name), page);
        }
    }
    pages.insert("README.md".into(), index_page(&ctx));
    pages
}

const HEADER: &str = "<!-- @generated by `clerk-models docs` from schema/*.json: do not edit. Regenerate with: cargo run -- generate -->\n\n";

fn object_page(
    ctx: &Ctx<'_>,
    def: &schema::Def,
    used_by: Option<&BTreeSet<(String, String)>>,
) -> String {
    let value = &def.value;
    let rust = &ctx.rust_names[&def.name];
    let mut md = String::from(HEADER);
    md.push_str(&format!("# {}\n\n", def.name));
    if let Some(description) = value.get("description").and_then(Value::as_str) {
        md.push_str(&format!("{}\n\n", text(description)));
    }
    md.push_str("| | |\n|---|---|\n");
    md.push_str(&format!("| Rust type | `clerk_models::{rust}` |\n"));
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
    // The field names, as the generator gives them out.
    let mut names = NameSet::new();
    let mut rows = Vec::new();
    for (wire, prop) in props {
        rows.push((
            wire.clone(),
            names.claim(&sanitize(wire, Case::Snake)),
            Some(prop),
        ));
    }
    for wire in &required {
        if !props.contains_key(*wire) {
            rows.push((
                (*wire).to_owned(),
                names.claim(&sanitize(wire, Case::Snake)),
                None,
            ));
        }
    }
    let extra = names.claim("extra");
    let closed = value.get("additionalProperties") == Some(&Value::Bool(false));
    md.push_str(&format!(
        "| Unknown properties | {}; the Rust type keeps them in `{extra}` |\n\n",
        if closed {
            "not in the contract (reported as drift)"
        } else {
            "allowed"
        }
    ));
    md.push_str("## Fields\n\n");
    md.push_str("| Field | Rust field | Type | Rust type | Required | Nullable | Description |\n");
    md.push_str("|---|---|---|---|---|---|---|\n");
    let fields = ctx.struct_fields.get(rust);
    for (wire, rust_field, prop) in &rows {
        let null = Value::Null;
        let shape = prop.map_or_else(|| describe(ctx, &null), |p| describe(ctx, p));
        let rust_ty = fields
            .and_then(|f| f.get(rust_field))
            .map_or_else(|| "—".to_owned(), |t| format!("`{t}`"));
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
            "| `{}` | `{rust_field}` | {} | {rust_ty} | {} | {} | {} |\n",
            cell(wire),
            shape.md,
            if required.contains(&wire.as_str()) {
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
                "- [{source}]({source}.md): {}\n",
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
        .filter(|d| kind(&d.value) == Kind::Object)
    {
        md.push_str(&format!(
            "| [{0}]({0}.md) | `{1}` | `{2}` | {3} |\n",
            def.name,
            ctx.rust_names[&def.name],
            file_name(&def.file),
            first_sentence(&def.value)
        ));
    }
    md.push_str("\n## Enums\n\nThe Rust enums are open: a value the schema does not list decodes as the fallback variant, which keeps it.\n");
    for def in ctx.set.defs.iter().filter(|d| kind(&d.value) == Kind::Enum) {
        let rust = &ctx.rust_names[&def.name];
        md.push_str(&format!("\n### {}\n\n", def.name));
        if let Some(description) = def.value.get("description").and_then(Value::as_str) {
            md.push_str(&format!("{}\n\n", text(description)));
        }
        let mut names = NameSet::new();
        let mut seen = BTreeSet::new();
        md.push_str(&format!(
            "Rust type `{rust}`, schema `{}#{}`.\n\n| Value | Rust variant |\n|---|---|\n",
            def.file, def.pointer
        ));
        for value in def.value["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if seen.insert(value) {
                let variant = names.claim(&sanitize(value, Case::Pascal));
                md.push_str(&format!("| {} | `{rust}::{variant}` |\n", code(value)));
            }
        }
        md.push_str(&format!(
            "| any other | `{rust}::{}(String)` |\n",
            fallback(&mut names)
        ));
    }
    md.push_str("\n## Scalars and other types\n");
    for def in ctx
        .set
        .defs
        .iter()
        .filter(|d| kind(&d.value) == Kind::Other)
    {
        let shape = describe_inline(ctx, &def.value);
        md.push_str(&format!("\n### {}\n\n", def.name));
        md.push_str(&format!(
            "{} · Rust type `{}` · schema `{}#{}`\n\n",
            shape.md, ctx.rust_names[&def.name], def.file, def.pointer
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

/// The fallback variant name, as the generator picks it.
fn fallback(names: &mut NameSet) -> String {
    for candidate in ["Unknown", "Other", "UnknownValue"] {
        if names.claim(candidate) == candidate {
            return candidate.to_owned();
        }
    }
    names.claim("Unknown")
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

/// Description text made safe for Markdown: `<` and `>` outside code spans
/// become entities (so that `oauth_<provider>` is not read as HTML).
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, part) in raw.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 0 {
            out.push_str(&part.replace('<', "&lt;").replace('>', "&gt;"));
        } else {
            out.push_str(part);
        }
    }
    cell(&out)
}

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
        return (format!("`{name}`"), None);
    };
    match kind(&def.value) {
        Kind::Object => (format!("[{name}]({name}.md)"), None),
        Kind::Enum => (
            format!("[{name}](README.md#{})", name.to_lowercase()),
            def.value["enum"].as_array().map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
        ),
        Kind::Other => {
            let inner = describe_inline(ctx, &def.value);
            (
                format!("[{name}](README.md#{}): {}", name.to_lowercase(), inner.md),
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
            schema::visit(prop, "", &mut |obj, _| {
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

/// The generated type index: (file, pointer) → Rust type name.
fn parse_index(code: &str) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let Some(start) = code.find("pub const SCHEMA_TYPES") else {
        return out;
    };
    let mut name = None;
    let mut file = None;
    for line in code[start..].lines().skip(1) {
        let line = line.trim();
        if line.starts_with("];") {
            break;
        }
        if let Some(v) = field_literal(line, "name:") {
            name = Some(v);
        } else if let Some(v) = field_literal(line, "file:") {
            file = Some(v);
        } else if let Some(pointer) = field_literal(line, "pointer:") {
            if let (Some(name), Some(file)) = (name.take(), file.take()) {
                out.insert((file, pointer), name);
            }
        }
    }
    out
}

/// The string literal of `key: "…",`, unescaped.
fn field_literal(line: &str, key: &str) -> Option<String> {
    let literal = line.strip_prefix(key)?.trim().trim_end_matches(',');
    serde_json::from_str::<String>(literal).ok()
}

/// Every braced struct of the generated code: name → (field → Rust type,
/// with the `::std::…` paths shortened).
fn parse_structs(code: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("pub struct ")
            .and_then(|r| r.strip_suffix(" {"))
        else {
            continue;
        };
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == "}" {
                break;
            }
            if !line.trim_start().starts_with("//") {
                body.push_str(line);
                body.push('\n');
            }
        }
        let mut fields = BTreeMap::new();
        for item in split_top_level(&strip_attributes(&body)) {
            if let Some((field, ty)) = item
                .trim()
                .strip_prefix("pub ")
                .and_then(|r| r.split_once(':'))
            {
                fields.insert(field.trim().to_owned(), short_type(ty));
            }
        }
        out.insert(name.to_owned(), fields);
    }
    out
}

/// `text` without its `#[…]` attributes.
fn strip_attributes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '#' && chars.get(i + 1) == Some(&'[') {
            let mut depth = 0;
            let mut in_string = false;
            while i < chars.len() {
                let c = chars[i];
                if in_string {
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        in_string = false;
                    }
                } else if c == '"' {
                    in_string = true;
                } else if c == '[' {
                    depth += 1;
                } else if c == ']' {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Splits at commas outside `<>`, `()` and `[]`.
fn split_top_level(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

fn short_type(ty: &str) -> String {
    let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace("::std::option::", "")
        .replace("::std::string::", "")
        .replace("::std::vec::", "")
        .replace("::std::boxed::", "")
        .replace("::std::collections::", "")
        .replace("::serde_json::", "serde_json::")
        .replace(',', ", ")
        .replace(", >", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_fields_are_read_off_the_code() {
        let code = "pub struct A {\n    /// Doc, with a comma.\n    #[serde(\n        default,\n        deserialize_with = \"x\",\n    )]\n    pub a: ::std::option::Option<\n        ::std::option::Option<::std::string::String>,\n    >,\n    pub b: ::serde_json::Map<::std::string::String, ::serde_json::Value>,\n}\n";
        let structs = parse_structs(code);
        assert_eq!(structs["A"]["a"], "Option<Option<String>>");
        assert_eq!(
            structs["A"]["b"],
            "serde_json::Map<String, serde_json::Value>"
        );
    }

    #[test]
    fn html_is_escaped_outside_code() {
        assert_eq!(text("oauth_<p> `a<b>` | x"), "oauth_&lt;p&gt; `a<b>` \\| x");
    }
}
