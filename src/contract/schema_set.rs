//! A schema as one flat set of named definitions, every `$ref` internal.
//!
//! The set is read from a folder of schema files (the `schema/` layout:
//! every type a `$defs` entry, names unique across files), from one bundled
//! file, or from documents in memory; every `$ref` is rewritten to the
//! internal form `#/$defs/Name…`. Bundling, diffing and the docs all work on
//! that set. Reading from disk is kept apart, in `read`, the one function
//! that touches files.

use super::walk::{visit_mut, DRAFT};
use super::Problem;
use schemakit::pointer;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

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
    /// Reads a schema folder or a single (bundled) schema file.
    pub fn load(path: &Path) -> Result<SchemaSet, Vec<Problem>> {
        match SchemaSet::load_all(path) {
            (Some(set), problems) if problems.is_empty() => Ok(set),
            (_, problems) => Err(problems),
        }
    }

    /// [`load`](SchemaSet::load), keeping what could be read: the set of
    /// every def that loaded (when the folder or file could be read at all),
    /// and every problem.
    pub fn load_all(path: &Path) -> (Option<SchemaSet>, Vec<Problem>) {
        let (documents, mut problems) = read(path);
        let Some(documents) = documents else {
            return (None, problems);
        };
        let set = collect(&documents, &mut problems);
        (Some(set), problems)
    }

    /// The set of schema documents given in memory, each named by its file
    /// name (what the others' `$ref`s name it by, and what messages show).
    pub fn from_documents(documents: &[(&str, Value)]) -> Result<SchemaSet, Vec<Problem>> {
        let documents: Vec<Document> = documents
            .iter()
            .map(|(name, root)| Document {
                name: (*name).to_owned(),
                display: (*name).to_owned(),
                root: root.clone(),
            })
            .collect();
        let mut problems = Vec::new();
        let set = collect(&documents, &mut problems);
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(problems)
        }
    }

    /// The def named `name`.
    pub fn get(&self, name: &str) -> Option<&Def> {
        self.index.get(name).map(|&i| &self.defs[i])
    }

    /// Where `sub` (a pointer below the definition) is, for messages:
    /// `schema/client.json#/$defs/Client/properties/id`.
    pub fn location(&self, name: &str, sub: &str) -> String {
        match self.get(name) {
            Some(def) => format!("{}#{}{sub}", def.file, def.pointer),
            None => format!("#{}{sub}", def_pointer(name)),
        }
    }
}

/// `/$defs/Name`, escaped.
pub(crate) fn def_pointer(name: &str) -> String {
    pointer::push("/$defs", name)
}

/// One schema document.
struct Document {
    /// The name other documents refer to it by.
    name: String,
    /// How messages show it: the path as the user named it.
    display: String,
    root: Value,
}

// ------------------------------------------------------------------- reading
//
// The one place that reads files. The documents it returns are flattened by
// `collect`, whatever they were read from.

/// The documents of a schema folder (every `*.json` file in it, in name
/// order) or of a single file, and every problem reading them. `None` when
/// there is nothing to read at all.
fn read(path: &Path) -> (Option<Vec<Document>>, Vec<Problem>) {
    let display = path.display().to_string();
    if !path.is_dir() {
        return match read_json(path, MAX_SCHEMA_BYTES) {
            Ok(root) => {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let name = name.into_owned();
                (
                    Some(vec![Document {
                        name,
                        display,
                        root,
                    }]),
                    Vec::new(),
                )
            }
            Err(problem) => (None, vec![problem]),
        };
    }
    let cannot =
        |e: std::io::Error| Problem::file(&display, format!("cannot read the folder: {e}"));
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return (None, vec![cannot(e)]),
    };
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") && entry.path().is_file() {
                    names.push(name);
                }
            }
            Err(e) => problems.push(cannot(e)),
        }
    }
    names.sort();
    if names.is_empty() {
        problems.push(Problem::file(&display, "holds no *.json schema file"));
        return (None, problems);
    }
    let mut documents = Vec::new();
    for name in names {
        let file = path.join(&name);
        match read_json(&file, MAX_SCHEMA_BYTES) {
            Ok(root) => documents.push(Document {
                name,
                display: file.display().to_string(),
                root,
            }),
            Err(problem) => problems.push(problem),
        }
    }
    (Some(documents), problems)
}

/// Reads and parses one JSON file, bounded in size; errors carry line:column.
fn read_json(path: &Path, max_bytes: u64) -> Result<Value, Problem> {
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
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).expect("valid up to here");
        let at = schemakit::position::position(valid, valid.len());
        Problem {
            file: display.clone(),
            line_col: Some((at.line, at.column)),
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

/// serde_json's message without its " at line L column C" tail (the caller
/// prints the position itself).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

// ---------------------------------------------------------------- flattening

/// Every def of `documents`, their `$ref`s made internal.
fn collect(documents: &[Document], problems: &mut Vec<Problem>) -> SchemaSet {
    let draft = DRAFT.uri();
    // Which document holds which def.
    let mut owner: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut defs_of: Vec<Vec<String>> = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        let mut names = Vec::new();
        let Some(root) = doc.root.as_object() else {
            problems.push(Problem::at(
                &doc.display,
                "",
                "the root is not a JSON object",
            ));
            defs_of.push(names);
            continue;
        };
        match root.get("$schema") {
            Some(Value::String(s)) if s == draft => {}
            Some(other) => problems.push(Problem::at(
                &doc.display,
                "/$schema",
                format!("must be {draft:?}, found {other}"),
            )),
            None => problems.push(Problem::at(
                &doc.display,
                "",
                format!("no `$schema`: every file must declare {draft:?}"),
            )),
        }
        match root.get("$defs") {
            Some(Value::Object(defs)) => {
                for name in defs.keys() {
                    let pointer = def_pointer(name);
                    if let Some((j, other)) = owner.get(name) {
                        problems.push(Problem::at(
                            &doc.display,
                            &pointer,
                            format!(
                                "the def name {name:?} is already used at {}#{other}; def names must be unique across files",
                                documents[*j].display
                            ),
                        ));
                    } else {
                        owner.insert(name.clone(), (i, pointer));
                        names.push(name.clone());
                    }
                }
            }
            Some(_) => problems.push(Problem::at(&doc.display, "/$defs", "must be an object")),
            None => problems.push(Problem::at(
                &doc.display,
                "",
                "no `$defs`: every type must be a `$defs` entry",
            )),
        }
        defs_of.push(names);
    }
    let by_name: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let mut defs = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        for name in &defs_of[i] {
            let pointer = def_pointer(name);
            let mut value = doc.root["$defs"][name].clone();
            let ctx = RefContext {
                documents,
                document: i,
                by_name: &by_name,
                owner: &owner,
            };
            rewrite_refs(&mut value, &pointer, &ctx, problems);
            defs.push(Def {
                name: name.clone(),
                file: doc.display.clone(),
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
    documents: &'a [Document],
    document: usize,
    by_name: &'a BTreeMap<&'a str, usize>,
    owner: &'a BTreeMap<String, (usize, String)>,
}

fn rewrite_refs(
    value: &mut Value,
    pointer: &str,
    ctx: &RefContext<'_>,
    problems: &mut Vec<Problem>,
) {
    let display = &ctx.documents[ctx.document].display;
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

/// `reference`, resolved from document `ctx.document`, as `#/$defs/Name…`.
fn internal_ref(reference: &str, ctx: &RefContext<'_>) -> Result<String, String> {
    let (doc, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if doc.is_empty() {
        ctx.document
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
    let name = pointer::unescape(name);
    match ctx.owner.get(name.as_ref()) {
        Some((document, _)) if *document == target => {}
        _ => {
            return Err(format!(
                "{reference:?} does not resolve: {} has no def {name:?}",
                ctx.documents[target].display
            ))
        }
    }
    let mut full = def_pointer(&name);
    for token in tokens {
        full.push('/');
        full.push_str(token);
    }
    if ctx.documents[target].root.pointer(&full).is_none() {
        return Err(format!("{reference:?} does not resolve: nothing at {full}"));
    }
    Ok(format!("#{full}"))
}

/// Decodes `%XX` escapes in a URI fragment (invalid escapes are kept as they are).
pub(crate) fn percent_decode(text: &str) -> String {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A document of the 2020-12 draft holding `defs`.
    pub(crate) fn doc(defs: Value) -> Value {
        json!({"$schema": DRAFT.uri(), "$defs": defs})
    }

    #[test]
    fn cross_file_refs_become_internal() {
        let set = SchemaSet::from_documents(&[
            (
                "a.json",
                doc(json!({
                    "Thing": {
                        "type": "object",
                        "properties": {
                            "owner": {"$ref": "b.json#/$defs/Owner"},
                            "self": {"$ref": "#/$defs/Thing"},
                            "name": {"$ref": "./b.json#/%24defs/Owner/properties/name"},
                            "enum": {"const": {"$ref": "b.json#/not/rewritten"}}
                        }
                    }
                })),
            ),
            (
                "b.json",
                doc(json!({"Owner": {"properties": {"name": {"type": "string"}}}})),
            ),
        ])
        .unwrap();
        let names: Vec<&str> = set.defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Thing", "Owner"]);
        let thing = set.get("Thing").unwrap();
        assert_eq!(
            (thing.file.as_str(), thing.pointer.as_str()),
            ("a.json", "/$defs/Thing")
        );
        let props = &thing.value["properties"];
        assert_eq!(props["owner"]["$ref"], "#/$defs/Owner");
        assert_eq!(props["self"]["$ref"], "#/$defs/Thing");
        assert_eq!(props["name"]["$ref"], "#/$defs/Owner/properties/name");
        assert_eq!(props["enum"]["const"]["$ref"], "b.json#/not/rewritten");
        assert_eq!(
            set.location("Owner", "/properties/name"),
            "b.json#/$defs/Owner/properties/name"
        );
        assert_eq!(set.location("Gone", "/x"), "#/$defs/Gone/x");
    }

    #[test]
    fn duplicate_names_and_bad_refs_are_located() {
        let problems = SchemaSet::from_documents(&[
            (
                "a.json",
                doc(json!({"Dup": {}, "A": {"$ref": "b.json#/$defs/Missing"}})),
            ),
            ("b.json", doc(json!({"Dup": {"type": "string"}}))),
            (
                "c.json",
                json!({"$defs": {"C": {"$ref": "https://example.com/x.json"}}}),
            ),
        ])
        .unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "b.json#/$defs/Dup: the def name \"Dup\" is already used at a.json#/$defs/Dup; def names must be unique across files",
                "c.json#: no `$schema`: every file must declare \"https://json-schema.org/draft/2020-12/schema\"",
                "a.json#/$defs/A/$ref: \"b.json#/$defs/Missing\" does not resolve: b.json has no def \"Missing\"",
                "c.json#/$defs/C/$ref: \"https://example.com/x.json\" is remote: nothing is ever fetched, so it cannot be bundled",
            ]
        );
    }

    #[test]
    fn files_are_read_with_positions() {
        let dir = std::env::temp_dir().join(format!("clerk-models-set-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.json"), doc(json!({"A": {}})).to_string()).unwrap();
        std::fs::write(dir.join("b.json"), b"{\n  \"x\": \xff}").unwrap();
        std::fs::write(dir.join("c.json"), "{\n  \"x\": 1,\n}").unwrap();
        let (set, problems) = SchemaSet::load_all(&dir);
        assert_eq!(set.unwrap().defs.len(), 1);
        let at: Vec<_> = problems
            .iter()
            .map(|p| (p.line_col, p.message.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (Some((2, 8)), "not UTF-8 text"),
                (Some((3, 1)), "invalid JSON: trailing comma")
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/%24defs/A"), "/$defs/A");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
