//! Judging payloads against any JSON Schema, of any draft the `jsonschema`
//! crate supports (04, 06, 07, 2019-09, 2020-12), with no network.
//!
//! A [`SchemaSet`] is read through the generator's load stage (bounded
//! reads, local files and catalogs only, every dangling or remote reference
//! reported with its file and pointer), then handed as written to the
//! `jsonschema` crate. A [`SchemaJudge`] judges payloads against one of its
//! schemas through the same entry as the contract's [`Judge`](super::Judge)
//! (documents of several values, NDJSON lines, limits, positions): every
//! error placed in the text, with its keyword and schema location. There is
//! no typed decode and no drift: every error is a violation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Evaluation, Keyword, ValidationError, Validator};
use schemakit::keywords::Draft;
use serde_json::Value;

use super::entry::{each_value, Input, Judged, Judges};
use super::findings;
use super::models::RawError;
use super::{Finding, JudgeError, Limits, Position};
use crate::models::__schemagen::{short, short_str};

/// How a [`SchemaSet`] is read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Catalogs of local copies for absolute URIs (see
    /// [`schemagen::Generator::catalog`]).
    pub catalogs: Vec<PathBuf>,
    /// The draft of a document whose `$schema` names none.
    pub default_draft: Draft,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            catalogs: Vec::new(),
            default_draft: Draft::Draft2020_12,
        }
    }
}

/// One document of a set.
#[derive(Debug)]
struct Member {
    /// Its retrieval URI (a `file:` URL, or a catalog's URI).
    uri: String,
    /// How reports name it: the path as given.
    display: String,
    /// Named by the user (a file, or a file of the folder), as opposed to
    /// reached by a reference.
    entry: bool,
    /// As written, whatever its draft.
    root: Value,
}

/// Schema documents read from a file, a folder or a bundle, every reference
/// among them resolved on this machine.
pub struct SchemaSet {
    members: Vec<Member>,
    registry: jsonschema::Registry<'static>,
    default_draft: Draft,
    /// What the set was read from, for messages.
    source: String,
    /// Whether `int32`, `uint8`... formats are asserted (see
    /// [`SchemaSet::with_integer_formats`]).
    integer_formats: bool,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("source", &self.source)
            .field("documents", &self.members.len())
            .finish()
    }
}

/// Where a judged schema is: a document of the set and a pointer in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// How reports name it: a `$defs` name, `file#pointer`, or the file.
    pub name: String,
    uri: String,
    pointer: String,
}

impl SchemaSet {
    /// Reads the schema at `path`: a file (a bundle is one), or every `.json`
    /// file of a folder. Relative references load further files below the
    /// folder; absolute URIs resolve only through the catalogs; nothing is
    /// fetched. Every problem of the set is reported at once, each naming
    /// its file (and pointer).
    pub fn load(path: &Path, options: &LoadOptions) -> Result<SchemaSet, Vec<String>> {
        let settings = schemagen::Options::default().with_default_draft(options.default_draft);
        let limits = settings.limits();
        let mut generator = schemagen::Generator::new(settings);
        generator = if path.is_dir() {
            generator.dir(path)
        } else {
            generator.file(path)
        };
        for catalog in &options.catalogs {
            generator = generator.catalog(catalog);
        }
        let loaded = generator.load();
        if !loaded.errors.is_empty() {
            return Err(loaded.errors.iter().map(ToString::to_string).collect());
        }
        // The jsonschema crate has no bound on its work: a schema that asks
        // for too much is refused before any payload is judged.
        let heavy = loaded.work_errors(&limits);
        if !heavy.is_empty() {
            return Err(heavy.iter().map(ToString::to_string).collect());
        }
        let mut members = Vec::new();
        let mut problems = Vec::new();
        for doc in &loaded.registry.docs {
            // The generator reads every draft as 2020-12; the validator is
            // given the text as written.
            let root = match &doc.path {
                Some(file) => match schemakit::read::file(file, limits.max_file_bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        schemakit::read::json(&bytes, limits.max_depth).map_err(|e| e.message)
                    }) {
                    Ok(root) => root,
                    Err(e) => {
                        problems.push(format!("{}: {e}", doc.display));
                        continue;
                    }
                },
                None => doc.root.clone(),
            };
            // Named by the user: the file, or a file of the folder.
            let named = |file: &Path| {
                let absolute = |p: &Path| std::path::absolute(p).ok();
                let parent = file.parent().and_then(absolute);
                if path.is_dir() {
                    parent.is_some() && parent == absolute(path)
                } else {
                    absolute(file).is_some() && absolute(file) == absolute(path)
                }
            };
            members.push(Member {
                uri: doc.uri.to_string(),
                display: doc.display.clone(),
                entry: doc.path.as_deref().is_some_and(named),
                root,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        SchemaSet::from_members(members, options.default_draft, path.display().to_string())
    }

    /// A set of documents given in memory: (an absolute URI, how reports
    /// name it, the document). Only these documents resolve.
    pub fn from_documents(
        documents: impl IntoIterator<Item = (String, String, Value)>,
        default_draft: Draft,
    ) -> Result<SchemaSet, Vec<String>> {
        let members = documents
            .into_iter()
            .map(|(uri, display, root)| Member {
                display,
                uri,
                entry: true,
                root,
            })
            .collect();
        SchemaSet::from_members(members, default_draft, "the documents given".into())
    }

    fn from_members(
        members: Vec<Member>,
        default_draft: Draft,
        source: String,
    ) -> Result<SchemaSet, Vec<String>> {
        // Each document in its own draft (its `$schema`, else the default).
        let documents: Vec<(String, jsonschema::Resource)> = members
            .iter()
            .map(|m| {
                let draft = draft(default_draft).detect(&m.root);
                (m.uri.clone(), draft.create_resource(m.root.clone()))
            })
            .collect();
        let registry = on_big_stack(move || {
            jsonschema::Registry::new()
                .retrieve_known_draft_meta_schemas(false)
                .extend(documents)
                .and_then(|builder| builder.prepare())
        })
        .map_err(|e| vec![format!("{source}: {e}")])?;
        Ok(SchemaSet {
            members,
            registry,
            default_draft,
            source,
            integer_formats: false,
        })
    }

    /// Asserts the integer formats (`int32`, `int64`, `uint8`...) as the
    /// generated validators do: each names exactly the range of a Rust
    /// integer type, written as an integer. Other formats stay annotations.
    pub fn with_integer_formats(mut self) -> Self {
        self.integer_formats = true;
        self
    }

    /// The schema `name` names: a `$defs` (or `definitions`) entry of the
    /// documents named, a JSON pointer (`#/$defs/User`, `/properties/a`)
    /// into the only one, or `FILE#POINTER`. `None`: the only document's
    /// root.
    pub fn root(&self, name: Option<&str>) -> Result<Root, String> {
        let entries: Vec<&Member> = self.members.iter().filter(|m| m.entry).collect();
        let only = || match entries.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!("{}: no schema file", self.source)),
            many => Err(format!(
                "{} holds {} schema files: name one with --type FILE#POINTER, or a $defs entry \
                 with --type NAME",
                self.source,
                many.len()
            )),
        };
        let at = |member: &Member, pointer: &str, name: String| -> Result<Root, String> {
            if member.root.pointer(pointer).is_none() {
                return Err(format!("{}: nothing at {pointer:?}", member.display));
            }
            Ok(Root {
                name,
                uri: member.uri.clone(),
                pointer: pointer.to_owned(),
            })
        };
        let Some(name) = name else {
            let member = only()?;
            return at(member, "", member.display.clone());
        };
        if let Some(pointer) = name
            .strip_prefix('#')
            .or(name.starts_with('/').then_some(name))
        {
            let member = only()?;
            return at(member, pointer, format!("{}#{pointer}", member.display));
        }
        if let Some((file, pointer)) = name.split_once('#') {
            let member = self
                .members
                .iter()
                .find(|m| {
                    m.display == file
                        || Path::new(&m.display).file_name().and_then(|n| n.to_str()) == Some(file)
                        || m.uri == file
                })
                .ok_or_else(|| format!("{}: no schema file is named {file:?}", self.source))?;
            return at(member, pointer, format!("{}#{pointer}", member.display));
        }
        let mut found = Vec::new();
        let mut names = Vec::new();
        for member in &entries {
            for container in ["$defs", "definitions"] {
                if let Some(Value::Object(defs)) = member.root.get(container) {
                    names.extend(defs.keys().cloned());
                    if defs.contains_key(name) {
                        let pointer = schemakit::pointer::push(&format!("/{container}"), name);
                        found.push((*member, pointer));
                    }
                }
            }
        }
        match found.as_slice() {
            [(member, pointer)] => at(member, pointer, name.to_owned()),
            [] => {
                names.sort();
                names.dedup();
                let near = names
                    .iter()
                    .filter(|n| strsim::levenshtein(&n.to_lowercase(), &name.to_lowercase()) <= 2)
                    .map(|n| format!(" (did you mean {n}?)"))
                    .next()
                    .unwrap_or_default();
                let shown: Vec<&str> = names.iter().take(30).map(String::as_str).collect();
                let more = if names.len() > shown.len() {
                    ", ..."
                } else {
                    ""
                };
                Err(format!(
                    "{}: no $defs entry is named {name:?}{near}; the entries are: {}{more}",
                    self.source,
                    shown.join(", ")
                ))
            }
            many => Err(format!(
                "{}: {name:?} is a $defs entry of {} files ({}): name one with --type \
                 FILE#POINTER",
                self.source,
                many.len(),
                many.iter()
                    .map(|(m, _)| m.display.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// A judge of payloads against `root`, within `limits`.
    pub fn judge(&self, root: Root, limits: Limits) -> Result<SchemaJudge, String> {
        let draft_of_root = self
            .members
            .iter()
            .find(|m| m.uri == root.uri)
            .and_then(|m| m.root.get("$schema"))
            .and_then(Value::as_str)
            .and_then(Draft::from_uri)
            .unwrap_or(self.default_draft);
        // A document's root is built as it is; a schema inside one through
        // a reference in its document's draft, so that references in it
        // resolve from its own place.
        let document = self.members.iter().find(|m| m.uri == root.uri);
        let (schema, base) = match document {
            Some(member) if root.pointer.is_empty() => (member.root.clone(), Some(&root.uri)),
            _ => (
                serde_json::json!({
                    "$schema": draft_of_root.uri(),
                    "$ref": format!("{}#{}", root.uri, root.pointer),
                }),
                None,
            ),
        };
        let registry = &self.registry;
        let integer_formats = self.integer_formats;
        let validator = on_big_stack(|| {
            let mut options = jsonschema::options()
                .with_draft(draft(draft_of_root))
                .with_registry(registry)
                .offline();
            if let Some(base) = base {
                options = options.with_base_uri(base.clone());
            }
            if integer_formats {
                options = options.with_keyword("format", format_keyword);
            }
            options.build(&schema).map_err(|e| {
                // A schema the validator refuses: where in it, when it says.
                let at = e.instance_path().as_str();
                let place = if at.is_empty() {
                    root.name.clone()
                } else {
                    format!("{}#{at}", root.name)
                };
                format!("{place}: {}", self.displayed(&e.to_string()))
            })
        })?;
        // A document is named by its file, under its retrieval URI and the
        // absolute `$id` (draft 04: `id`) of its root alike.
        let mut places = BTreeMap::new();
        for m in &self.members {
            places.insert(m.uri.clone(), m.display.clone());
            let id = ["$id", "id"]
                .iter()
                .find_map(|k| m.root.get(*k).and_then(Value::as_str));
            if let Some(id) = id.filter(|id| id.contains("://")) {
                let id = id.split('#').next().unwrap_or(id);
                places
                    .entry(id.to_owned())
                    .or_insert_with(|| m.display.clone());
            }
        }
        let secrets = super::secret::Secrets::from_documents(self.members.iter().map(|m| &m.root));
        Ok(SchemaJudge {
            validator,
            root,
            limits,
            places,
            secrets,
        })
    }

    /// `text` with each document's URI replaced by how reports name it.
    fn displayed(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for m in &self.members {
            text = text.replace(&m.uri, &m.display);
        }
        text
    }
}

/// What a [`SchemaJudge`] says of a payload.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaVerdict {
    /// Every error of the schema, placed in the text, ordered by place. A
    /// failed `anyOf`/`oneOf` is reported by its closest branch.
    pub findings: Vec<Finding>,
}

impl SchemaVerdict {
    /// Whether the payload conforms.
    pub fn conforms(&self) -> bool {
        self.findings.is_empty()
    }

    fn shifted(mut self, start: Position) -> SchemaVerdict {
        for finding in &mut self.findings {
            finding.position = finding.position.map(|p| start.then(p));
        }
        self
    }
}

/// Judges payloads against one schema of a [`SchemaSet`].
pub struct SchemaJudge {
    validator: Validator,
    root: Root,
    limits: Limits,
    /// Document URI → how reports name it.
    places: BTreeMap<String, String>,
    /// The properties its documents mark `"x-secret": true`, masked in
    /// every verdict as the contract's judge masks them.
    secrets: super::secret::Secrets,
}

impl std::fmt::Debug for SchemaJudge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaJudge")
            .field("root", &self.root)
            .field("limits", &self.limits)
            .finish()
    }
}

impl SchemaJudge {
    /// The schema judged against.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// Every payload of an input and its verdict, as
    /// [`Judge::judge`](super::Judge::judge) gives them (the kind is the
    /// judge's own: `input.kind` is not read).
    pub fn judge(&self, bytes: &[u8], input: &Input<'_>) -> Vec<Judged<SchemaVerdict>> {
        self.judge_input(bytes, input)
    }

    /// [`SchemaJudge::judge`], each verdict handed to `each` as it is made.
    pub fn judge_each(
        &self,
        bytes: &[u8],
        input: &Input<'_>,
        each: &mut dyn FnMut(Judged<SchemaVerdict>),
    ) {
        each_value(
            self.limits,
            bytes,
            input,
            |text| self.one(text),
            SchemaVerdict::shifted,
            each,
        );
    }

    /// The verdict on a parsed payload (without its text: no positions).
    pub fn judge_value(&self, value: &Value) -> Result<SchemaVerdict, JudgeError> {
        if let Some(pointer) = schemakit::depth::in_value(value, self.limits.max_depth) {
            return Err(JudgeError::ValueTooDeep {
                limit: self.limits.max_depth,
                pointer,
            });
        }
        Ok(self.verdict(value, None))
    }

    /// The schema's evaluation of a parsed payload, for the JSON Schema
    /// output formats (flag, list, hierarchical): see [`SchemaJudge::output`].
    pub fn evaluate(&self, value: &Value) -> Evaluation {
        self.validator.evaluate(value)
    }

    /// A payload's evaluation in one of the JSON Schema output formats
    /// (`flag`, `list` or `hierarchical`), every schema location naming its
    /// file as the reports do.
    pub fn output(&self, value: &Value, format: OutputFormat) -> Value {
        let evaluation = self.evaluate(value);
        let mut out = match format {
            OutputFormat::Flag => serde_json::to_value(evaluation.flag()),
            OutputFormat::List => serde_json::to_value(evaluation.list()),
            OutputFormat::Hierarchical => serde_json::to_value(evaluation.hierarchical()),
        }
        .unwrap_or(Value::Null);
        // Every unit, without recursion.
        let mut stack = vec![&mut out];
        while let Some(unit) = stack.pop() {
            let Value::Object(map) = unit else { continue };
            // The crate gives a keyword's annotation as it is; the output
            // schema wants an object keyed by keyword.
            let keyword = map
                .get("evaluationPath")
                .and_then(Value::as_str)
                .and_then(|p| p.rsplit('/').next())
                .map(|k| k.replace("~1", "/").replace("~0", "~"))
                .unwrap_or_default();
            for key in ["annotations", "droppedAnnotations"] {
                if let Some(value) = map.get_mut(key).filter(|v| !v.is_object()) {
                    let annotation = value.take();
                    *value = Value::Object([(keyword.clone(), annotation)].into_iter().collect());
                }
            }
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value) {
                    ("schemaLocation", Value::String(location)) => {
                        *location = self.place(location);
                    }
                    ("details", Value::Array(units)) => stack.extend(units.iter_mut()),
                    _ => {}
                }
            }
        }
        out
    }

    fn one(&self, text: &str) -> Result<SchemaVerdict, JudgeError> {
        let masked = self.secrets.mask(text);
        let (value, locator, cut) = super::full::located(self.limits, text)?;
        let locator = locator.showing(masked.shown());
        let mut verdict = self.verdict(&value, Some(&locator));
        super::full::cut_finding(
            false,
            self.limits.max_tree_ratio,
            cut.as_ref(),
            &value,
            &locator,
            &mut verdict.findings,
        );
        for finding in &mut verdict.findings {
            finding.message = masked.scrub(&finding.message).into_owned();
        }
        Ok(verdict)
    }

    /// The properties marked secret in the schema's documents.
    pub fn secrets(&self) -> &super::secret::Secrets {
        &self.secrets
    }

    fn verdict(&self, value: &Value, locator: Option<&super::Locator<'_>>) -> SchemaVerdict {
        // The first errors are kept, as the generated validators keep
        // theirs; the rest are counted.
        let (mut errors, mut more) = (Vec::new(), 0usize);
        let kept = self.limits.kept_errors();
        for error in self.validator.iter_errors(value) {
            if errors.len() < kept {
                raw(&error, &mut errors, &|location| self.place(location));
            } else {
                more += 1;
            }
        }
        if more > 0 {
            errors.push(RawError {
                pointer: String::new(),
                keyword: findings::LIMIT.to_owned(),
                message: format!(
                    "{more} more errors were found and not kept (the validator keeps {kept})"
                ),
                schema_path: String::new(),
                drift: None,
                context: Vec::new(),
            });
        }
        SchemaVerdict {
            findings: findings::findings(errors, value, locator, self.limits.max_findings),
        }
    }

    /// A schema location (an absolute URI) as reports name it: the file as
    /// the user gave it, then the fragment.
    fn place(&self, location: &str) -> String {
        let (uri, fragment) = location.split_once('#').unwrap_or((location, ""));
        match self.places.get(uri) {
            Some(display) => format!("{display}#{fragment}"),
            None => location.to_owned(),
        }
    }
}

impl Judges for SchemaJudge {
    type Verdict = SchemaVerdict;

    fn limits(&self) -> Limits {
        self.limits
    }

    fn judge_each(
        &self,
        bytes: &[u8],
        input: &Input<'_>,
        each: &mut dyn FnMut(Judged<SchemaVerdict>),
    ) {
        SchemaJudge::judge_each(self, bytes, input, each);
    }
}

/// The output formats of the JSON Schema specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// `{"valid": bool}`.
    Flag,
    /// Every output unit in one list.
    List,
    /// The units nested as the schema is.
    Hierarchical,
}

/// The keyword an error of the `jsonschema` crate is named by, as the
/// generated validators name it: `false` for a `false` schema (the crate
/// says `falseSchema`), else the crate's.
pub fn keyword_of(error: &ValidationError<'_>) -> String {
    match error.kind() {
        ValidationErrorKind::FalseSchema => "false".to_owned(),
        kind => kind.keyword().to_owned(),
    }
}

/// An error of the `jsonschema` crate as the judge's raw errors: an unknown
/// property per property, the branches of a failed `anyOf`/`oneOf` kept
/// for the choice of the closest. The schema location is the keyword's
/// absolute location, as `place` names it.
fn raw(error: &ValidationError<'_>, out: &mut Vec<RawError>, place: &dyn Fn(&str) -> String) {
    let at = error.instance_path().as_str();
    let keyword = keyword_of(error);
    let schema_path = match error.absolute_keyword_location() {
        Some(uri) => place(uri.as_str()),
        None => error.schema_path().as_str().to_owned(),
    };
    let node = |pointer: String, message: String| RawError {
        pointer,
        keyword: keyword.clone(),
        message,
        schema_path: schema_path.clone(),
        drift: None,
        context: Vec::new(),
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected }
            if !unexpected.is_empty() =>
        {
            for name in unexpected {
                out.push(node(
                    schemakit::pointer::push(at, name),
                    format!(
                        "unknown property {}: the schema allows no other",
                        short_str(name)
                    ),
                ));
            }
        }
        kind => {
            let context = match kind {
                ValidationErrorKind::AnyOf { context }
                | ValidationErrorKind::OneOfNotValid { context } => context
                    .iter()
                    .map(|branch| {
                        let mut nodes = Vec::new();
                        for e in branch {
                            raw(e, &mut nodes, place);
                        }
                        nodes
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let message = error.masked_with(short(error.instance())).to_string();
            out.push(RawError {
                context,
                ..node(at.to_owned(), message)
            });
        }
    }
}

/// An integer format asserted: the range of the Rust integer type it names.
struct IntegerFormat {
    name: String,
    range: Option<(i128, i128)>,
}

impl<'i> Keyword<'i> for IntegerFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} is not an {} (an integer literal in range)",
                self.name
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.range
            .is_none_or(|range| schemakit::formats::holds(range, instance))
    }
}

/// The `format` keyword that asserts the integer formats, for
/// `jsonschema`'s `with_keyword` (the other formats stay annotations).
pub fn format_keyword<'a>(
    _parent: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let name = value.as_str().unwrap_or_default().to_owned();
    let range = schemakit::formats::integer_range(&name);
    Ok(Box::new(IntegerFormat { name, range }))
}

/// The `jsonschema` crate's name of a draft.
fn draft(draft: Draft) -> jsonschema::Draft {
    match draft {
        Draft::Draft4 => jsonschema::Draft::Draft4,
        Draft::Draft6 => jsonschema::Draft::Draft6,
        Draft::Draft7 => jsonschema::Draft::Draft7,
        Draft::Draft2019_09 => jsonschema::Draft::Draft201909,
        Draft::Draft2020_12 => jsonschema::Draft::Draft202012,
    }
}

/// Runs `f` on a thread with a stack for deep schemas (the generator's
/// depth limit, 512 levels, and then some): building a validator recurses
/// as deep as the schema nests.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, f)
            .expect("a thread for building the validator")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The stack validators are built and run on.
pub const STACK_BYTES: usize = 64 << 20;
