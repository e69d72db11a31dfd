//! The registry of loaded documents and the resolution of every `$ref` in them.
//!
//! Resolution is a stage of its own: it walks every schema position of every
//! document, resolves each `$ref` (JSON pointers, relative files, `$id`,
//! `$anchor`), loads referenced local files as it goes, and reports every
//! reference that dangles or points off this machine. Later stages only look
//! up the answers.

use crate::error::{Diagnostics, Error, Location};
use crate::options::Limits;
use crate::schema::drafts;
use crate::schema::load::{read_document, Document};
use crate::schema::roles::DRAFT;
use percent_encoding::percent_decode_str;
use schemakit::keywords::Draft;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use url::Url;

pub type DocId = usize;

/// A schema node: a document and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub doc: DocId,
    pub pointer: String,
}

impl NodeId {
    pub fn child(&self, segment: &str) -> NodeId {
        NodeId {
            doc: self.doc,
            pointer: schemakit::pointer::push(&self.pointer, segment),
        }
    }
}

/// Calls `f` with the pointer suffix and value of every direct subschema of
/// `schema` (by the keyword table of the draft the generator reads).
pub fn for_each_subschema<'v>(schema: &'v Value, f: impl FnMut(String, &'v Value)) {
    schemakit::keywords::subschemas(DRAFT, schema, f);
}

/// Where each resource, anchor and base URI is.
#[derive(Debug, Default)]
struct Index {
    /// Absolute URI (no fragment) → the node that is that resource's root.
    resources: BTreeMap<String, NodeId>,
    /// (resource URI, anchor name) → node.
    anchors: BTreeMap<(String, String), NodeId>,
    /// The base URI in force at each schema node.
    bases: HashMap<NodeId, Url>,
    /// Each schema node's position in a pre-order walk of its document.
    order: HashMap<NodeId, usize>,
    /// The documents holding each declaration of a `$dynamicAnchor` name.
    dynamic_anchors: BTreeMap<String, Vec<DocId>>,
}

impl Index {
    fn walk(&mut self, value: &Value, node: NodeId, base: Url) {
        let mut base = base;
        if let Value::Object(map) = value {
            if let Some(Value::String(id)) = map.get("$id") {
                if let Ok(mut joined) = base.join(id) {
                    joined.set_fragment(None);
                    base = joined;
                    self.resources
                        .entry(base.to_string())
                        .or_insert_with(|| node.clone());
                }
            }
            if let Some(Value::String(anchor)) = map.get("$dynamicAnchor") {
                self.dynamic_anchors
                    .entry(anchor.clone())
                    .or_default()
                    .push(node.doc);
            }
            for key in ["$anchor", "$dynamicAnchor"] {
                if let Some(Value::String(anchor)) = map.get(key) {
                    self.anchors
                        .entry((base.to_string(), anchor.clone()))
                        .or_insert_with(|| node.clone());
                }
            }
        }
        self.bases.insert(node.clone(), base.clone());
        let position = self.order.len();
        self.order.insert(node.clone(), position);
        for_each_subschema(value, |suffix, child| {
            let child_node = NodeId {
                doc: node.doc,
                pointer: format!("{}{}", node.pointer, suffix),
            };
            self.walk(child, child_node, base.clone());
        });
    }
}

/// Every loaded document, indexed by URI, `$id` and `$anchor`, with every `$ref` resolved.
#[derive(Debug, Default)]
pub struct Registry {
    pub docs: Vec<Document>,
    index: Index,
    /// Node carrying a `$ref` → its target.
    refs: HashMap<NodeId, NodeId>,
    /// Local files may be loaded by relative reference only below this folder
    /// (absolute), and are named in diagnostics from it as the user gave it.
    root_dir: Option<PathBuf>,
    root_display: Option<PathBuf>,
    limits: Limits,
    /// Where absolute URIs are found on this machine ([`Catalog`]).
    catalog: Catalog,
    /// The draft of documents whose `$schema` names none (2020-12 when unset).
    default_draft: Option<Draft>,
    /// The documents [`Registry::resolve_all`] resolved: the inputs and
    /// those references reached.
    reached: Vec<bool>,
}

/// Local copies of documents that schemas reference by absolute URI, so
/// that they resolve with no network: read only when a reference reaches
/// them.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    /// URI (no fragment) → file.
    files: BTreeMap<String, PathBuf>,
    /// Folders laid out by host and path (`json.schemastore.org/base.json`).
    folders: Vec<PathBuf>,
}

impl Catalog {
    /// Adds a catalog file, `{"entries": [{"uri": ..., "file": ...}]}` with
    /// files relative to it, or a folder laid out by host and path.
    pub fn add(&mut self, path: &Path, limits: &Limits) -> Result<(), Error> {
        if path.is_dir() {
            self.folders.push(path.to_owned());
            return Ok(());
        }
        let bytes =
            schemakit::read::file(path, limits.max_file_bytes).map_err(|source| Error::Read {
                path: path.to_owned(),
                source,
            })?;
        let doc = crate::schema::load::parse(&path.display().to_string(), &bytes, limits)?;
        let base = path.parent().unwrap_or(Path::new(""));
        let bad = |message: String| Error::Invalid {
            location: Location::new(path.display().to_string(), "/entries"),
            message,
        };
        let entries = doc
            .get("entries")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                bad("a catalog is {\"entries\": [{\"uri\": ..., \"file\": ...}]}".into())
            })?;
        for entry in entries {
            let (Some(uri), Some(file)) = (
                entry.get("uri").and_then(Value::as_str),
                entry.get("file").and_then(Value::as_str),
            ) else {
                return Err(bad(format!(
                    "an entry needs a \"uri\" and a \"file\": {entry}"
                )));
            };
            let mut uri =
                Url::parse(uri).map_err(|e| bad(format!("{uri:?} is not an absolute URI: {e}")))?;
            uri.set_fragment(None);
            self.files.insert(uri.to_string(), base.join(file));
        }
        Ok(())
    }

    /// The local file for an absolute URI, if the catalog has one.
    fn file(&self, uri: &Url) -> Option<PathBuf> {
        if let Some(file) = self.files.get(uri.as_str()) {
            return Some(file.clone());
        }
        let host = uri.host_str()?;
        let path = uri.path().trim_start_matches('/');
        // Nothing outside the folder: no `..` in what a schema names.
        if path.split('/').any(|s| s == ".." || s.is_empty()) && !path.is_empty() {
            return None;
        }
        self.folders.iter().find_map(|folder| {
            let exact = folder.join(host).join(path);
            let with_json = folder.join(host).join(format!("{path}.json"));
            // Only what lies in the folder, links followed.
            [exact, with_json]
                .into_iter()
                .find(|p| p.is_file() && schemakit::read::within(folder, p).is_ok())
        })
    }
}

impl Registry {
    pub fn new(root_dir: Option<PathBuf>, limits: Limits) -> Self {
        Self::with_catalog(root_dir, limits, Catalog::default())
    }

    /// A registry that finds absolute URIs in `catalog`.
    pub fn with_catalog(root_dir: Option<PathBuf>, limits: Limits, catalog: Catalog) -> Self {
        Self {
            catalog,
            root_display: root_dir.clone(),
            root_dir: root_dir.map(|dir| std::path::absolute(&dir).unwrap_or(dir)),
            limits,
            ..Self::default()
        }
    }

    /// Reads documents whose `$schema` names no draft as `draft`.
    pub fn with_default_draft(mut self, draft: Draft) -> Self {
        self.default_draft = Some(draft);
        self
    }

    /// Adds a document, read as 2020-12 whatever its draft
    /// ([`drafts::read`]), and indexes its `$id`s and anchors.
    pub fn add(&mut self, mut doc: Document) -> DocId {
        doc.reading = drafts::read(
            &mut doc.root,
            self.default_draft.unwrap_or(Draft::Draft2020_12),
        );
        let id = self.docs.len();
        let base = doc.uri.clone();
        self.docs.push(doc);
        let mut retrieval = base.clone();
        retrieval.set_fragment(None);
        let root = NodeId {
            doc: id,
            pointer: String::new(),
        };
        self.index
            .resources
            .entry(retrieval.to_string())
            .or_insert_with(|| root.clone());
        self.index.walk(&self.docs[id].root, root, base);
        id
    }

    /// The document that was read from `path`, if it was.
    pub fn doc_for_path(&self, path: &Path) -> Option<DocId> {
        let absolute = std::path::absolute(path).ok()?;
        self.docs.iter().position(|doc| {
            doc.path
                .as_deref()
                .and_then(|p| std::path::absolute(p).ok())
                .is_some_and(|p| p == absolute)
        })
    }

    /// A sort key placing nodes in document order (documents in load order,
    /// nodes as they appear). A node that is not a schema position sorts
    /// right after the closest schema node above it.
    pub fn document_order(&self, node: &NodeId) -> (DocId, usize, String) {
        let mut pointer = node.pointer.as_str();
        loop {
            let key = NodeId {
                doc: node.doc,
                pointer: pointer.to_owned(),
            };
            if let Some(&position) = self.index.order.get(&key) {
                return (node.doc, position, node.pointer[pointer.len()..].to_owned());
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => return (node.doc, usize::MAX, node.pointer.clone()),
            }
        }
    }

    /// The schema at `node`, if the node exists.
    pub fn get(&self, node: &NodeId) -> Option<&Value> {
        schemakit::pointer::get(&self.docs.get(node.doc)?.root, &node.pointer)
    }

    /// The schema at `node` (see [`Registry::schema_node`]); `null` for a
    /// node that is not there, which no stage makes.
    pub fn value(&self, node: &NodeId) -> &Value {
        self.get(&self.schema_node(node)).unwrap_or(&Value::Null)
    }

    /// The node whose schema `node` stands for: itself, or for a type made
    /// of one member of a `type` array (whose node is `…/type/object`, in
    /// no document) the schema that holds the array, which applies to that
    /// member whole.
    pub fn schema_node(&self, node: &NodeId) -> NodeId {
        if self.get(node).is_none() {
            if let Some((holder, _)) = node.pointer.rsplit_once("/type/") {
                let holder = NodeId {
                    doc: node.doc,
                    pointer: holder.to_owned(),
                };
                if self
                    .get(&holder)
                    .and_then(|s| s.get("type"))
                    .is_some_and(Value::is_array)
                {
                    return holder;
                }
            }
        }
        node.clone()
    }

    /// Where `node` is in the document as its author wrote it (the
    /// pointer before any keyword was renamed by [`drafts::read`]).
    pub fn location(&self, node: &NodeId) -> Location {
        let doc = &self.docs[node.doc];
        Location::new(
            doc.display.clone(),
            doc.reading.renames.original(&node.pointer).into_owned(),
        )
    }

    /// What reading the documents as 2020-12 set aside (warnings), and the
    /// dynamic references whose target the dynamic scope could change
    /// ([`drafts::check_dynamic`]).
    /// Only the documents in use count: a registered document nothing
    /// reaches is in no dynamic scope.
    pub fn check_readings(&self, strict: bool, diags: &mut Diagnostics) {
        let reached = |doc: DocId| self.reached.get(doc).copied().unwrap_or(false);
        let in_use: Vec<(String, &drafts::Reading)> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(id, _)| reached(*id))
            .map(|(_, doc)| (doc.display.clone(), &doc.reading))
            .collect();
        for (display, reading) in &in_use {
            for (pointer, message) in &reading.notes {
                diags.warn(
                    Location::new(display.clone(), pointer.clone()),
                    message.clone(),
                );
            }
        }
        let anchors: BTreeMap<String, usize> = self
            .index
            .dynamic_anchors
            .iter()
            .map(|(name, docs)| (name.clone(), docs.iter().filter(|&&d| reached(d)).count()))
            .collect();
        drafts::check_dynamic(&in_use, &anchors, strict, diags);
    }

    /// The target of the `$ref` at `node`, once [`Registry::resolve_all`] ran.
    pub fn target(&self, node: &NodeId) -> Option<&NodeId> {
        self.refs.get(node)
    }

    /// Resolves every `$ref` of every document, loading referenced local
    /// files (and their references in turn). Every failure is reported.
    pub fn resolve_all(&mut self, diags: &mut Diagnostics) {
        // Documents registered on demand are resolved only once a reference
        // reaches them, so an unused one cannot fail the run.
        let mut visited = vec![false; self.docs.len()];
        let mut work: Vec<DocId> = (0..self.docs.len())
            .filter(|&d| !self.docs[d].on_demand)
            .rev()
            .collect();
        while let Some(doc) = work.pop() {
            visited.resize(self.docs.len(), false);
            if visited[doc] {
                continue;
            }
            visited[doc] = true;
            let mut refs = Vec::new();
            collect_refs(
                &self.docs[doc].root,
                NodeId {
                    doc,
                    pointer: String::new(),
                },
                &mut refs,
            );
            for (node, reference) in refs {
                match self.resolve(&node, &reference) {
                    Ok(target) => {
                        visited.resize(self.docs.len(), false);
                        if !visited[target.doc] && !work.contains(&target.doc) {
                            work.push(target.doc);
                        }
                        self.refs.insert(node, target);
                    }
                    Err(error) => diags.error(error),
                }
            }
        }
        visited.resize(self.docs.len(), false);
        self.reached = visited;
    }

    fn resolve(&mut self, node: &NodeId, reference: &str) -> Result<NodeId, Error> {
        let location = self.location(node);
        let dangling = |message: String| Error::DanglingRef {
            location: location.clone(),
            reference: reference.to_owned(),
            message,
        };
        let base = self
            .index
            .bases
            .get(node)
            .cloned()
            .ok_or_else(|| dangling("no base URI".into()))?;
        let target = base
            .join(reference)
            .map_err(|e| dangling(format!("not a URI reference ({e})")))?;
        let mut resource = target.clone();
        resource.set_fragment(None);
        let fragment = target.fragment().unwrap_or("");
        let fragment = percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| dangling("the fragment is not UTF-8 once percent-decoded".into()))?
            .into_owned();

        let root = match self.index.resources.get(resource.as_str()) {
            Some(root) => root.clone(),
            None => self.load_referenced(&resource, reference, &location)?,
        };
        if fragment.is_empty() {
            return Ok(root);
        }
        if fragment.starts_with('/') {
            // Written against the document as its author wrote it.
            let written = format!("{}{}", root.pointer, fragment);
            let candidate = NodeId {
                doc: root.doc,
                pointer: self.docs[root.doc]
                    .reading
                    .renames
                    .normalized(&written)
                    .into_owned(),
            };
            if schemakit::pointer::get(&self.docs[root.doc].root, &candidate.pointer).is_none() {
                return Err(dangling(format!(
                    "{} has nothing at JSON pointer {fragment}",
                    self.docs[root.doc].display
                )));
            }
            return Ok(candidate);
        }
        let shown = self.docs[root.doc].display.clone();
        self.index
            .anchors
            .get(&(resource.to_string(), fragment.clone()))
            .cloned()
            .ok_or_else(|| dangling(format!("no `$anchor` {fragment:?} in {shown}")))
    }

    /// Loads the local file a relative reference names. Absolute URIs of any
    /// scheme, and paths that leave the schema folder, are refused without I/O.
    fn load_referenced(
        &mut self,
        resource: &Url,
        reference: &str,
        location: &Location,
    ) -> Result<NodeId, Error> {
        let remote = || Error::RemoteRef {
            location: location.clone(),
            reference: reference.to_owned(),
            uri: resource.to_string(),
        };
        if resource.scheme() != "file" {
            if let Some(path) = self.catalog.file(resource) {
                return self.load_cataloged(resource, &path, location, reference);
            }
        }
        let is_relative = Url::parse(reference).is_err();
        if resource.scheme() != "file" || !is_relative {
            return Err(remote());
        }
        let path = resource.to_file_path().map_err(|()| remote())?;
        let inside = match &self.root_dir {
            Some(root) => normalize(&path).starts_with(normalize(root)),
            None => false,
        };
        if !inside {
            return Err(Error::DanglingRef {
                location: location.clone(),
                reference: reference.to_owned(),
                message: format!("{} is outside the schema folder", path.display()),
            });
        }
        // Named relative to the schema folder as the user gave it.
        let shown = match (&self.root_dir, &self.root_display) {
            (Some(root), Some(display)) => normalize(&path)
                .strip_prefix(normalize(root))
                .map(|rest| display.join(rest))
                .unwrap_or_else(|_| path.clone()),
            _ => path.clone(),
        };
        // Lexically inside, and inside once links are followed too.
        if let Some(root) = &self.root_dir {
            if let Err(e) = schemakit::read::within(root, &path) {
                return Err(Error::DanglingRef {
                    location: location.clone(),
                    reference: reference.to_owned(),
                    message: format!("{}: {e}", display_relative(&path, Some(root))),
                });
            }
        }
        let doc = read_document(&shown, &self.limits).map_err(|e| match e {
            Error::Read {
                source: schemakit::read::ReadError::Io(source),
                ..
            } if source.kind() == std::io::ErrorKind::NotFound => Error::DanglingRef {
                location: location.clone(),
                reference: reference.to_owned(),
                message: format!(
                    "no file {}",
                    display_relative(&path, self.root_dir.as_deref())
                ),
            },
            other => other,
        })?;
        let id = self.add(doc);
        Ok(NodeId {
            doc: id,
            pointer: String::new(),
        })
    }

    /// Reads the catalog's copy of `resource`: it is that URI (references in
    /// it resolve against the URI), read from `path`.
    fn load_cataloged(
        &mut self,
        resource: &Url,
        path: &Path,
        location: &Location,
        reference: &str,
    ) -> Result<NodeId, Error> {
        let mut doc = read_document(path, &self.limits).map_err(|e| Error::DanglingRef {
            location: location.clone(),
            reference: reference.to_owned(),
            message: format!("the catalog's copy of {resource} cannot be used: {e}"),
        })?;
        doc.uri = resource.clone();
        // Typed only as far as references reach into it.
        doc.on_demand = true;
        let id = self.add(doc);
        Ok(NodeId {
            doc: id,
            pointer: String::new(),
        })
    }

    pub fn files_read(&self) -> Vec<PathBuf> {
        self.docs.iter().filter_map(|d| d.path.clone()).collect()
    }
}

/// Removes `.` and `..` components lexically, so containment checks cannot be
/// fooled by `schema/../../etc`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn display_relative(path: &Path, root: Option<&Path>) -> String {
    root.and_then(|root| path.strip_prefix(root).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn collect_refs(value: &Value, node: NodeId, out: &mut Vec<(NodeId, String)>) {
    if let Some(Value::String(reference)) = value.get("$ref") {
        out.push((node.clone(), reference.clone()));
    }
    for_each_subschema(value, |suffix, child| {
        collect_refs(
            child,
            NodeId {
                doc: node.doc,
                pointer: format!("{}{}", node.pointer, suffix),
            },
            out,
        );
    });
}
