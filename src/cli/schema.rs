//! Reading a schema as a flat set of named definitions, from a folder of
//! schema files (the `schema/` layout: every type a `$defs` entry, names
//! unique across files) or from one bundled file, with every `$ref` rewritten
//! to the internal form `#/$defs/Name…`. `bundle`, `diff` and `docs` all work
//! on that set.

use super::Problem;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The draft every file must declare.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";
/// The Frontend API version the schema describes.
pub const FAPI_VERSION: &str = "2026-05-12";
/// The version of this package, which versions the contract.
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Schema files larger than this are refused.
const MAX_SCHEMA_BYTES: u64 = 16 * 1024 * 1024;

/// One `$defs` entry.
#[derive(Debug, Clone)]
pub struct Def {
    pub name: String,
    /// The file it came from, as the user named it (a schema file or a bundle).
    pub file: String,
    /// Its pointer in that file.
    pub pointer: String,
    /// The schema, every `$ref` rewritten to `#/$defs/Name…`.
    pub value: Value,
}

/// Every definition of a schema, in file order then document order.
#[derive(Debug, Clone)]
pub struct SchemaSet {
    pub defs: Vec<Def>,
    index: BTreeMap<String, usize>,
}

impl SchemaSet {
    pub fn get(&self, name: &str) -> Option<&Def> {
        self.index.get(name).map(|&i| &self.defs[i])
    }

    /// Where `sub` (a pointer below the definition) is, for messages:
    /// `schema/client.json#/$defs/Client/properties/id`.
    pub fn location(&self, name: &str, sub: &str) -> String {
        match self.get(name) {
            Some(def) => format!("{}#{}{sub}", def.file, def.pointer),
            None => format!("#/$defs/{}{sub}", escape_token(name)),
        }
    }
}

/// RFC 6901 escaping of one reference token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Decodes `%XX` escapes in a URI fragment (invalid escapes are kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads and parses one JSON file, bounded in size; errors carry line:column.
pub fn read_json(path: &Path, max_bytes: u64) -> Result<Value, Problem> {
    let display = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Problem::file(&display, format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(Problem::file(&display, "is a folder, not a file"));
    }
    if meta.len() > max_bytes {
        return Err(Problem::file(
            &display,
            format!(
                "{} bytes is over the limit of {max_bytes} bytes",
                meta.len()
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Problem::file(&display, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Problem {
            file: display.clone(),
            line_col: Some((line, column)),
            pointer: None,
            message: "not UTF-8 text".into(),
        }
    })?;
    serde_json::from_str(&text).map_err(|e| Problem {
        file: display.clone(),
        line_col: Some((e.line(), e.column())),
        pointer: None,
        message: format!("invalid JSON: {}", strip_position(&e.to_string())),
    })
}

/// The 1-based line and column just after `prefix`.
pub fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

/// serde_json's message without its " at line L column C" tail (the caller
/// prints the position itself).
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads a schema folder or a single (bundled) schema file.
pub fn load(path: &Path) -> Result<SchemaSet, Vec<Problem>> {
    match load_all(path) {
        (Some(set), problems) if problems.is_empty() => Ok(set),
        (_, problems) => Err(problems),
    }
}

/// [`load`], keeping what could be read: the set of every def that loaded
/// (when the folder or file could be read at all), and every problem.
pub fn load_all(path: &Path) -> (Option<SchemaSet>, Vec<Problem>) {
    let display = path.display().to_string();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    if path.is_dir() {
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                return (
                    None,
                    vec![Problem::file(
                        &display,
                        format!("cannot read the folder: {e}"),
                    )],
                )
            }
        };
        let mut names = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".json") && entry.path().is_file() {
                        names.push(name);
                    }
                }
                Err(e) => problems.push(Problem::file(
                    &display,
                    format!("cannot read the folder: {e}"),
                )),
            }
        }
        names.sort();
        if names.is_empty() {
            problems.push(Problem::file(&display, "holds no *.json schema file"));
            return (None, problems);
        }
        for name in names {
            let file = path.join(&name);
            match read_json(&file, MAX_SCHEMA_BYTES) {
                Ok(root) => files.push(File {
                    name,
                    display: file.display().to_string(),
                    root,
                }),
                Err(problem) => problems.push(problem),
            }
        }
    } else {
        match read_json(path, MAX_SCHEMA_BYTES) {
            Ok(root) => files.push(File {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                display,
                root,
            }),
            Err(problem) => return (None, vec![problem]),
        }
    }
    let set = collect(&files, &mut problems);
    (Some(set), problems)
}

struct File {
    /// The name other files refer to it by.
    name: String,
    display: String,
    root: Value,
}

fn collect(files: &[File], problems: &mut Vec<Problem>) -> SchemaSet {
    // Which file holds which def.
    let mut owner: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut defs_of: Vec<Vec<String>> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let mut names = Vec::new();
        let Some(root) = file.root.as_object() else {
            problems.push(Problem::at(
                &file.display,
                "",
                "the root is not a JSON object",
            ));
            defs_of.push(names);
            continue;
        };
        match root.get("$schema") {
            Some(Value::String(s)) if s == DRAFT_2020_12 => {}
            Some(other) => problems.push(Problem::at(
                &file.display,
                "/$schema",
                format!("must be {DRAFT_2020_12:?}, found {other}"),
            )),
            None => problems.push(Problem::at(
                &file.display,
                "",
                format!("no `$schema`: every file must declare {DRAFT_2020_12:?}"),
            )),
        }
        match root.get("$defs") {
            Some(Value::Object(defs)) => {
                for name in defs.keys() {
                    let pointer = format!("/$defs/{}", escape_token(name));
                    if let Some((j, other)) = owner.get(name) {
                        problems.push(Problem::at(
                            &file.display,
                            &pointer,
                            format!(
                                "the def name {name:?} is already used at {}#{other}; def names must be unique across files",
                                files[*j].display
                            ),
                        ));
                    } else {
                        owner.insert(name.clone(), (i, pointer));
                        names.push(name.clone());
                    }
                }
            }
            Some(_) => problems.push(Problem::at(&file.display, "/$defs", "must be an object")),
            None => problems.push(Problem::at(
                &file.display,
                "",
                "no `$defs`: every type must be a `$defs` entry",
            )),
        }
        defs_of.push(names);
    }
    let by_name: BTreeMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let mut defs = Vec::new();
    for (i, file) in files.iter().enumerate() {
        for name in &defs_of[i] {
            let pointer = format!("/$defs/{}", escape_token(name));
            let mut value = file.root["$defs"][name].clone();
            let ctx = RefContext {
                files,
                file: i,
                by_name: &by_name,
                owner: &owner,
            };
            rewrite_refs(&mut value, &pointer, &ctx, problems);
            defs.push(Def {
                name: name.clone(),
                file: file.display.clone(),
                pointer,
                value,
            });
        }
    }
    let index = defs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
    SchemaSet { defs, index }
}

struct RefContext<'a> {
    files: &'a [File],
    file: usize,
    by_name: &'a BTreeMap<&'a str, usize>,
    owner: &'a BTreeMap<String, (usize, String)>,
}

/// The keywords whose value is one subschema, a map of them, or an array of them.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "contentSchema",
    "additionalItems",
];
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SCHEMA_ARRAY_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Calls `f` on every subschema of `value` (itself included), with its
/// pointer, parents before children. Only keywords that hold schemas are
/// entered, so a property named `enum` or a `const` holding `$ref` is safe.
pub fn visit_mut(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    walk(value, pointer, f, false);
}

/// [`visit_mut`], children before parents: what `f` adds is not visited.
pub fn visit_mut_post(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    walk(value, pointer, f, true);
}

fn walk(
    value: &mut Value,
    pointer: &str,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
    post: bool,
) {
    let Value::Object(obj) = value else { return };
    if !post {
        f(obj, pointer);
    }
    for (key, child) in obj.iter_mut() {
        let here = format!("{pointer}/{}", escape_token(key));
        if SCHEMA_KEYWORDS.contains(&key.as_str()) {
            walk(child, &here, f, post);
        } else if SCHEMA_MAP_KEYWORDS.contains(&key.as_str()) {
            if let Value::Object(map) = child {
                for (name, sub) in map.iter_mut() {
                    walk(sub, &format!("{here}/{}", escape_token(name)), f, post);
                }
            }
        } else if SCHEMA_ARRAY_KEYWORDS.contains(&key.as_str()) {
            if let Value::Array(items) = child {
                for (i, sub) in items.iter_mut().enumerate() {
                    walk(sub, &format!("{here}/{i}"), f, post);
                }
            }
        }
    }
    if post {
        f(obj, pointer);
    }
}

/// The read-only walk of [`visit_mut`].
pub fn visit(value: &Value, pointer: &str, f: &mut dyn FnMut(&Map<String, Value>, &str)) {
    let mut copy = value.clone();
    visit_mut(&mut copy, pointer, &mut |obj, p| f(obj, p));
}

fn rewrite_refs(
    value: &mut Value,
    pointer: &str,
    ctx: &RefContext<'_>,
    problems: &mut Vec<Problem>,
) {
    let display = &ctx.files[ctx.file].display;
    visit_mut(value, pointer, &mut |obj, here| {
        if obj.contains_key("$id") && here.matches('/').count() > 0 {
            problems.push(Problem::at(
                display,
                format!("{here}/$id"),
                "a nested `$id` cannot be bundled: refer to the def by file and pointer instead",
            ));
        }
        let Some(Value::String(reference)) = obj.get("$ref") else {
            return;
        };
        match internal_ref(reference, ctx) {
            Ok(new) => {
                obj.insert("$ref".into(), Value::String(new));
            }
            Err(message) => problems.push(Problem::at(display, format!("{here}/$ref"), message)),
        }
    });
}

/// `reference`, resolved from file `ctx.file`, as `#/$defs/Name…`.
fn internal_ref(reference: &str, ctx: &RefContext<'_>) -> Result<String, String> {
    let (doc, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if doc.is_empty() {
        ctx.file
    } else {
        if doc.contains(':') || doc.starts_with("//") {
            return Err(format!(
                "{reference:?} is remote: nothing is ever fetched, so it cannot be bundled"
            ));
        }
        let name = doc.strip_prefix("./").unwrap_or(doc);
        match ctx.by_name.get(name) {
            Some(&i) => i,
            None => {
                return Err(format!(
                    "{reference:?} names {doc:?}, which is not a file of this schema (only files side by side are bundled)"
                ))
            }
        }
    };
    let fragment = percent_decode(fragment);
    let mut tokens = fragment.split('/');
    let (Some(""), Some("$defs"), Some(name)) = (tokens.next(), tokens.next(), tokens.next())
    else {
        return Err(format!(
            "{reference:?} does not point into `$defs`: only definitions can be bundled"
        ));
    };
    let name = unescape_token(name);
    match ctx.owner.get(&name) {
        Some((file, _)) if *file == target => {}
        _ => {
            return Err(format!(
                "{reference:?} does not resolve: {} has no def {name:?}",
                ctx.files[target].display
            ))
        }
    }
    let mut full = format!("/$defs/{}", escape_token(&name));
    for token in tokens {
        full.push('/');
        full.push_str(token);
    }
    if ctx.files[target].root.pointer(&full).is_none() {
        return Err(format!("{reference:?} does not resolve: nothing at {full}"));
    }
    let out = format!("#{full}");
    Ok(out)
}

/// Which flavour of bundle to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// The contract as written: unknown keys and values are reported.
    Strict,
    /// For consumers that must accept newer payloads: no closed objects, and
    /// every string `enum`/`const` also admits any other string.
    Tolerant,
}

impl Flavour {
    pub fn file_name(self) -> &'static str {
        match self {
            Flavour::Strict => "clerk.schema.json",
            Flavour::Tolerant => "clerk.tolerant.schema.json",
        }
    }
}

/// The `$id` of a bundle.
pub fn bundle_id(flavour: Flavour) -> String {
    format!(
        "https://clerk-models.invalid/fapi/{PACKAGE_VERSION}/{}",
        flavour.file_name()
    )
}

/// One self-contained schema: every def under `$defs`, every `$ref` internal.
pub fn bundle(set: &SchemaSet, flavour: Flavour) -> Value {
    let mut defs = Map::new();
    for def in &set.defs {
        let mut value = def.value.clone();
        if flavour == Flavour::Tolerant {
            widen(&mut value);
        }
        defs.insert(def.name.clone(), value);
    }
    let (title, description) = match flavour {
        Flavour::Strict => (
            "Clerk Frontend API Client (bundled)",
            "Every definition of the Clerk Frontend API (FAPI) `Client` contract in one file. Validate a payload against a definition with a reference such as `clerk.schema.json#/$defs/ClientEnvelope`. Strict: a property or enum value the contract does not list fails validation.",
        ),
        Flavour::Tolerant => (
            "Clerk Frontend API Client (bundled, tolerant)",
            "Every definition of the Clerk Frontend API (FAPI) `Client` contract in one file, widened for consumers that must accept newer payloads: objects accept unknown properties, and each string `enum`/`const` accepts any other string (the known values stay listed in the first `anyOf` branch); `oneOf` becomes `anyOf`. Refer to a definition such as `clerk.tolerant.schema.json#/$defs/ClientEnvelope`.",
        ),
    };
    let flavour_name = match flavour {
        Flavour::Strict => "strict",
        Flavour::Tolerant => "tolerant",
    };
    serde_json::json!({
        "$schema": DRAFT_2020_12,
        "$id": bundle_id(flavour),
        "$comment": format!(
            "@generated by `clerk-models bundle` from schema/*.json: do not edit. Package clerk-models {PACKAGE_VERSION}, Frontend API version {FAPI_VERSION}."
        ),
        "title": title,
        "description": description,
        "x-version": {
            "package": PACKAGE_VERSION,
            "fapi": FAPI_VERSION,
            "flavour": flavour_name,
        },
        "$defs": defs,
    })
}

/// The tolerant rewrite of one def, in place.
fn widen(value: &mut Value) {
    visit_mut_post(value, "", &mut |obj, _| {
        if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
            obj.remove("additionalProperties");
        }
        if obj.get("unevaluatedProperties") == Some(&Value::Bool(false)) {
            obj.remove("unevaluatedProperties");
        }
        if let Some(one_of) = obj.remove("oneOf") {
            // Widened branches may overlap, which `oneOf` would reject.
            push_all_of(obj, serde_json::json!({ "anyOf": one_of }));
        }
        let widened = match (obj.get("enum"), obj.get("const")) {
            (Some(Value::Array(values)), _) if values.iter().any(Value::is_string) => {
                let values = obj.remove("enum").expect("just matched");
                Some(serde_json::json!({ "enum": values }))
            }
            (_, Some(Value::String(_))) => {
                let value = obj.remove("const").expect("just matched");
                Some(serde_json::json!({ "const": value }))
            }
            _ => None,
        };
        if let Some(known) = widened {
            let any_of = serde_json::json!([known, { "type": "string" }]);
            if obj.contains_key("anyOf") {
                push_all_of(obj, serde_json::json!({ "anyOf": any_of }));
            } else {
                obj.insert("anyOf".into(), any_of);
            }
        }
    });
}

fn push_all_of(obj: &mut Map<String, Value>, schema: Value) {
    match obj.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(schema),
        _ => {
            obj.insert("allOf".into(), Value::Array(vec![schema]));
        }
    }
}

/// Checks a bundle: valid against the 2020-12 meta-schema (the copy built
/// into jsonschema: nothing is fetched), and every `$ref` internal and
/// resolving. A problem inside a def is located in the def's source file.
pub fn check_bundle(bundle: &Value, file: &str, set: &SchemaSet) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let locate = |pointer: &str, message: String| -> Problem {
        let mut tokens = pointer.splitn(4, '/');
        if let (Some(""), Some("$defs"), Some(name)) = (tokens.next(), tokens.next(), tokens.next())
        {
            if let Some(def) = set.get(&unescape_token(name)) {
                let rest = tokens.next().map_or(String::new(), |r| format!("/{r}"));
                return Problem::at(&def.file, format!("{}{rest}", def.pointer), message);
            }
        }
        Problem::at(file, pointer, message)
    };
    let validator = jsonschema::draft202012::meta::validator();
    for error in validator.iter_errors(bundle) {
        problems.push(locate(
            &error.instance_path().to_string(),
            format!("not a valid 2020-12 schema: {error}"),
        ));
    }
    visit(bundle, "", &mut |obj, here| {
        if let Some(Value::String(reference)) = obj.get("$ref") {
            let resolves = reference
                .strip_prefix('#')
                .is_some_and(|fragment| bundle.pointer(&percent_decode(fragment)).is_some());
            if !resolves {
                problems.push(locate(
                    &format!("{here}/$ref"),
                    format!("{reference:?} is not an internal reference that resolves"),
                ));
            }
        }
    });
    problems.sort();
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col(b""), (1, 1));
        assert_eq!(line_col(b"ab\ncd"), (2, 3));
        assert_eq!(line_col("é".as_bytes()), (1, 2));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/%24defs/A"), "/$defs/A");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn widening_keeps_the_known_values() {
        let mut value = json!({
            "type": "object",
            "properties": {
                "enum": {"type": "string", "enum": ["a", "b"]},
                "object": {"const": "x"},
                "n": {"enum": [1, 2]}
            },
            "additionalProperties": false
        });
        widen(&mut value);
        assert_eq!(
            value,
            json!({
                "type": "object",
                "properties": {
                    "enum": {"type": "string", "anyOf": [{"enum": ["a", "b"]}, {"type": "string"}]},
                    "object": {"anyOf": [{"const": "x"}, {"type": "string"}]},
                    "n": {"enum": [1, 2]}
                }
            })
        );
    }
}
