//! A schema as one flat set of named definitions, every `$ref` internal.
//!
//! The set is read from a folder of schema files (the `schema/` layout:
//! every type a `$defs` entry, names unique across files), from one bundled
//! file, or from documents in memory, by the generator's own loader (the
//! same bounded reads, the same resolution of references); every `$ref` is
//! rewritten to the internal form `#/$defs/Name…`. Bundling, diffing and
//! the docs all work on that set.

use super::walk::{visit_mut, DRAFT};
use super::Problem;
use schemagen::schema::load::Document;
use schemagen::schema::resolve::{NodeId, Registry};
use schemakit::pointer;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

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
    /// and every problem. A single file's references may name files beside
    /// it: their definitions join the set.
    pub fn load_all(path: &Path) -> (Option<SchemaSet>, Vec<Problem>) {
        let display = path.display().to_string();
        let generator = schemagen::Generator::new(schemagen::Options::default());
        let generator = if path.is_dir() {
            generator.dir(path)
        } else {
            generator.file(path)
        };
        let loaded = generator.load();
        let names = |doc: &Document| doc.display.clone();
        let mut problems: Vec<Problem> = loaded.errors.iter().map(problem).collect();
        if loaded.registry.docs.is_empty() {
            if path.is_dir() && problems.is_empty() {
                problems.push(Problem::file(&display, "holds no *.json schema file"));
            }
            return (None, problems);
        }
        let set = collect(&loaded.registry, &names, &mut problems);
        (Some(set), problems)
    }

    /// The set of schema documents given in memory, each named by its file
    /// name (what the others' `$ref`s name it by, and what messages show).
    pub fn from_documents(documents: &[(&str, Value)]) -> Result<SchemaSet, Vec<Problem>> {
        let mut generator = schemagen::Generator::new(schemagen::Options::default());
        for (name, root) in documents {
            generator = generator.document(format!("{MEMORY}{name}"), root.clone());
        }
        let loaded = generator.load();
        let names = |doc: &Document| {
            doc.display
                .strip_prefix(MEMORY)
                .unwrap_or(&doc.display)
                .to_owned()
        };
        let mut problems: Vec<Problem> = loaded.errors.iter().map(problem).collect();
        let set = collect(&loaded.registry, &names, &mut problems);
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

/// The base URI documents given in memory are registered under (never a
/// real file: references among them resolve by name, nothing is read).
pub(super) const MEMORY: &str = "file:///clerk-models-memory/";

// ------------------------------------------------------------------ problems

/// A problem the loader found, located as a [`Problem`] (documents given
/// in memory named by their names).
pub(super) fn problem(error: &schemagen::Error) -> Problem {
    let rename = |file: &str| file.strip_prefix(MEMORY).unwrap_or(file).to_owned();
    let message = || error.message().replace(MEMORY, "");
    match error {
        schemagen::Error::Json {
            file,
            line,
            column,
            message,
        } => Problem {
            file: rename(file),
            line_col: Some((*line, *column)),
            pointer: None,
            message: if message == "not UTF-8 text" {
                message.clone()
            } else {
                format!("invalid JSON: {message}")
            },
        },
        schemagen::Error::Io { path, source } => Problem::file(
            path.display().to_string(),
            format!("cannot read the folder: {source}"),
        ),
        schemagen::Error::Read { path, .. } => {
            Problem::file(path.display().to_string(), error.message())
        }
        schemagen::Error::DanglingRef { location, .. }
        | schemagen::Error::RemoteRef { location, .. } => Problem::at(
            rename(&location.file),
            format!("{}/$ref", location.pointer),
            message(),
        ),
        other => match other.location() {
            Some(location) => Problem::at(rename(&location.file), &location.pointer, message()),
            None => Problem::file("<schema>", message()),
        },
    }
}

// ---------------------------------------------------------------- flattening

/// Every def of the loaded documents, their `$ref`s made internal (through
/// the loader's resolution: any reference the generator resolves, by
/// relative file, `$id` or anchor, is one the set rewrites).
fn collect(
    registry: &Registry,
    names: &dyn Fn(&Document) -> String,
    problems: &mut Vec<Problem>,
) -> SchemaSet {
    let draft = DRAFT.uri();
    let documents = &registry.docs;
    // Which document holds which def.
    let mut owner: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut defs_of: Vec<Vec<String>> = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        let display = names(doc);
        let mut defs = Vec::new();
        let Some(root) = doc.root.as_object() else {
            problems.push(Problem::at(&display, "", "the root is not a JSON object"));
            defs_of.push(defs);
            continue;
        };
        match root.get("$schema") {
            Some(Value::String(s)) if s == draft => {}
            Some(other) => problems.push(Problem::at(
                &display,
                "/$schema",
                format!("must be {draft:?}, found {other}"),
            )),
            None => problems.push(Problem::at(
                &display,
                "",
                format!("no `$schema`: every file must declare {draft:?}"),
            )),
        }
        match root.get("$defs") {
            Some(Value::Object(map)) => {
                for name in map.keys() {
                    let pointer = def_pointer(name);
                    if let Some((j, other)) = owner.get(name) {
                        problems.push(Problem::at(
                            &display,
                            &pointer,
                            format!(
                                "the def name {name:?} is already used at {}#{other}; def names must be unique across files",
                                names(&documents[*j])
                            ),
                        ));
                    } else {
                        owner.insert(name.clone(), (i, pointer));
                        defs.push(name.clone());
                    }
                }
            }
            Some(_) => problems.push(Problem::at(&display, "/$defs", "must be an object")),
            None => problems.push(Problem::at(
                &display,
                "",
                "no `$defs`: every type must be a `$defs` entry",
            )),
        }
        defs_of.push(defs);
    }
    let mut defs = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        let display = names(doc);
        for name in &defs_of[i] {
            let pointer = def_pointer(name);
            let mut value = doc.root["$defs"][name].clone();
            visit_mut(&mut value, &pointer, &mut |obj, here| {
                if obj.contains_key("$id") {
                    problems.push(Problem::at(
                        &display,
                        format!("{here}/$id"),
                        "a nested `$id` cannot be bundled: refer to the def by file and pointer instead",
                    ));
                }
                let Some(Value::String(reference)) = obj.get("$ref") else {
                    return;
                };
                let node = NodeId {
                    doc: i,
                    pointer: here.to_owned(),
                };
                // A reference that does not resolve was reported by the loader.
                let Some(target) = registry.target(&node) else {
                    return;
                };
                match internal_ref(target, &owner) {
                    Ok(internal) => {
                        obj.insert("$ref".into(), Value::String(internal));
                    }
                    Err(message) => problems.push(Problem::at(
                        &display,
                        format!("{here}/$ref"),
                        format!("{reference:?} {message}"),
                    )),
                }
            });
            defs.push(Def {
                name: name.clone(),
                file: display.clone(),
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

/// The internal form `#/$defs/Name…` of a resolved reference's target.
fn internal_ref(
    target: &NodeId,
    owner: &BTreeMap<String, (usize, String)>,
) -> Result<String, String> {
    let mut tokens = target.pointer.split('/');
    let (Some(""), Some("$defs"), Some(name)) = (tokens.next(), tokens.next(), tokens.next())
    else {
        return Err("does not point into `$defs`: only definitions can be bundled".into());
    };
    match owner.get(pointer::unescape(name).as_ref()) {
        Some((document, _)) if *document == target.doc => Ok(format!("#{}", target.pointer)),
        _ => Err("points to a def whose name another file also uses: rename one of them".into()),
    }
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
                "a.json#/$defs/A/$ref: `$ref` \"b.json#/$defs/Missing\" does not resolve: b.json has nothing at JSON pointer /$defs/Missing",
                "c.json#/$defs/C/$ref: `$ref` \"https://example.com/x.json\" is remote and nothing is ever fetched; give a catalog with a local copy of \"https://example.com/x.json\" (or register one) to use it",
                "b.json#/$defs/Dup: the def name \"Dup\" is already used at a.json#/$defs/Dup; def names must be unique across files",
                "c.json#: no `$schema`: every file must declare \"https://json-schema.org/draft/2020-12/schema\"",
            ]
        );
    }

    #[test]
    fn files_are_read_with_positions() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
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
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/%24defs/A"), "/$defs/A");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
