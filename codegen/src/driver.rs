//! The driver: collects the inputs, then runs the stages in order with the
//! error sink between them, so that one run reports every problem it can
//! find and no stage works on a broken input.

use crate::emit;
use crate::error::{Diagnostics, Error, Errors, Location, Warning};
use crate::ir::{analysis, convert, manifest, recursion, settings, Manifest};
use crate::options::{Limits, Options};
use crate::schema::load::{self, Document};
use crate::schema::resolve::Registry;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What one run produced.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome {
    /// The Rust source, or every error of the run.
    pub code: Result<String, Errors>,
    /// What was generated: every type with its schema location, its fields
    /// and what the types model of the schema (when the run succeeded).
    pub manifest: Option<Manifest>,
    /// Every file read, including those that failed to parse: a build script
    /// watches them all so that it reruns once they are fixed.
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
}

/// The load and resolve stages alone ([`Generator::load`]): every document
/// read (and those its references reach), every `$ref` resolved, for tools
/// that work on the schema itself (bundlers, differs).
#[derive(Debug)]
#[non_exhaustive]
pub struct Loaded {
    /// The documents, indexed, with every reference that resolved.
    pub registry: Registry,
    /// Every problem: files that could not be read or parsed, references
    /// that do not resolve.
    pub errors: Vec<Error>,
    /// Every file read.
    pub files_read: Vec<PathBuf>,
}

impl Loaded {
    /// The entry points from which a validator may check one value against
    /// more subschemas than `limits` allow ([`crate::schema::work`]), for
    /// tools that validate with the schema.
    pub fn work_errors(&self, limits: &Limits) -> Vec<Error> {
        let mut diags = Diagnostics::default();
        crate::schema::work::check(&self.registry, limits, &mut diags);
        diags.propagate().err().map(|e| e.0).unwrap_or_default()
    }
}

/// Collects inputs, then runs every stage.
#[derive(Debug)]
pub struct Generator {
    options: Options,
    inputs: Vec<Input>,
    root_dir: Option<PathBuf>,
    catalogs: Vec<PathBuf>,
}

#[derive(Debug)]
enum Input {
    File(PathBuf),
    Dir(PathBuf),
    Registered {
        uri: String,
        value: Value,
        /// Its root always gets a type.
        entry: bool,
        /// Typed only as far as references reach into it.
        on_demand: bool,
    },
}

impl Generator {
    pub fn new(options: Options) -> Self {
        Self {
            options,
            inputs: Vec::new(),
            root_dir: None,
            catalogs: Vec::new(),
        }
    }

    /// Local copies of documents referenced by absolute URI, so that they
    /// resolve with no network: a catalog file (`{"entries": [{"uri":
    /// "https://json.schemastore.org/base.json", "file":
    /// "remote/base.json"}]}`, files relative to it) or a folder laid out by
    /// host and path (`DIR/json.schemastore.org/base.json`). A copy is read
    /// only when a reference reaches it, and typed only as far as they do.
    pub fn catalog(mut self, path: impl AsRef<Path>) -> Self {
        self.catalogs.push(path.as_ref().to_owned());
        self
    }

    /// Every `*.json` file in `dir` (not recursive), in name order. Relative
    /// references may load further files below `dir`, and nowhere else.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref().to_owned();
        self.root_dir.get_or_insert_with(|| dir.clone());
        self.inputs.push(Input::Dir(dir));
        self
    }

    /// One schema file. Relative references may load files in its folder and below.
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_owned();
        if self.root_dir.is_none() {
            self.root_dir = Some(
                path.parent()
                    .map(Path::to_owned)
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or_else(|| PathBuf::from(".")),
            );
        }
        self.inputs.push(Input::File(path));
        self
    }

    /// Makes a local document answer for an absolute URI (such as
    /// `http://localhost:1234/name.json`), so that references to it resolve
    /// without any network access.
    pub fn register(mut self, uri: impl Into<String>, document: Value) -> Self {
        self.inputs.push(Input::Registered {
            uri: uri.into(),
            value: document,
            entry: false,
            on_demand: true,
        });
        self
    }

    /// A schema given in memory, named by an absolute URI (its base URI when
    /// it has no `$id`). Its root always gets a type, even a schema like `{}`.
    pub fn document(mut self, uri: impl Into<String>, document: Value) -> Self {
        self.inputs.push(Input::Registered {
            uri: uri.into(),
            value: document,
            entry: true,
            on_demand: false,
        });
        self
    }

    /// A schema file given in memory, named by an absolute URI (its base URI
    /// when it has no `$id`), and read as each file of [`dir`](Self::dir)
    /// is: every `$defs` entry typed, the root only when it has a shape of
    /// its own (where [`document`](Self::document) always types it). For a
    /// folder of schema files embedded in a program: give each under the
    /// same folder URI (`file:///schema/a.json`, `file:///schema/b.json`),
    /// and the references among them resolve by relative name, as on disk.
    pub fn source(mut self, uri: impl Into<String>, document: Value) -> Self {
        self.inputs.push(Input::Registered {
            uri: uri.into(),
            value: document,
            entry: false,
            on_demand: false,
        });
        self
    }

    /// Runs every stage: load, resolve, convert to the IR, make recursion
    /// finite, apply the settings that name types, analyse, emit. They run on a thread of their own, with a
    /// stack sized for the depth limit ([`crate::Limits::max_depth`]), so
    /// that no schema within the limits can overflow it, whatever the
    /// caller's stack; a stage that panicked (a bug) is an error.
    pub fn run(self) -> Outcome {
        let stack = self.options.limits().stack_bytes();
        on_own_stack(
            stack,
            move || self.run_stages(),
            |error| Outcome {
                code: Err(Errors(vec![error])),
                manifest: None,
                files_read: Vec::new(),
                warnings: Vec::new(),
            },
        )
    }

    fn run_stages(self) -> Outcome {
        let options = self.options.clone();
        let mut diags = Diagnostics::default();
        let mut files_read = Vec::new();
        let fail = |errors, files_read, diags: Diagnostics| Outcome {
            code: Err(errors),
            manifest: None,
            files_read,
            warnings: diags.into_warnings(),
        };

        let mut registry = self.read(&mut files_read, &mut diags);
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        registry.resolve_all(&mut diags);
        for path in registry.files_read() {
            if !files_read.contains(&path) {
                files_read.push(path);
            }
        }
        registry.check_readings(options.is_strict(), &mut diags);
        crate::schema::check::patterns(&registry, &mut diags);
        // Over a limit, no work is done on it: the run stops here.
        if crate::schema::check::limits(&registry, &options.limits(), &mut diags) {
            if let Err(errors) = diags.propagate() {
                return fail(errors, files_read, diags);
            }
        }
        // Conversion goes on past reference errors, so that one run shows
        // every problem; the unresolved references are typed loosely meanwhile.
        let mut ir = convert::Converter::new(&registry, &options, &mut diags).run();
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        recursion::make_finite(&mut ir, &mut diags);
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }
        recursion::nesting(&ir, &mut diags);

        // Replacements, renames, derives, visibility: on named, finite types.
        let settings = settings::apply(&mut ir, &options, &mut diags);
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        let analysis = analysis::analyse(&ir, &registry, &options, &mut diags);
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        let emitted = emit::emit(&ir, &analysis, &settings, &registry, &options, &mut diags);
        let limit = options.limits().max_output_bytes;
        if emitted.code.len() > limit {
            diags.error(Error::Invalid {
                location: crate::error::Location::new("", ""),
                message: format!(
                    "the generated code would be {} bytes, more than the limit of {limit} \
                     (Limits::max_output_bytes)",
                    emitted.code.len()
                ),
            });
        }
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        Outcome {
            code: Ok(emitted.code),
            manifest: Some(manifest::build(&ir, &analysis, emitted.crates)),
            files_read,
            warnings: diags.into_warnings(),
        }
    }

    /// Runs only the load and resolve stages, keeping what could be read
    /// (on a stack of their own, as [`Generator::run`]).
    pub fn load(self) -> Loaded {
        let stack = self.options.limits().stack_bytes();
        let root_dir = self.root_dir.clone();
        let limits = self.options.limits();
        on_own_stack(
            stack,
            move || self.load_here(),
            |error| Loaded {
                registry: Registry::new(root_dir, limits),
                errors: vec![error],
                files_read: Vec::new(),
            },
        )
    }

    fn load_here(self) -> Loaded {
        let mut diags = Diagnostics::default();
        let mut files_read = Vec::new();
        let mut registry = self.read(&mut files_read, &mut diags);
        registry.resolve_all(&mut diags);
        for path in registry.files_read() {
            if !files_read.contains(&path) {
                files_read.push(path);
            }
        }
        Loaded {
            registry,
            errors: diags.propagate().err().map(|e| e.0).unwrap_or_default(),
            files_read,
        }
    }

    /// The load stage: every input read into the registry.
    fn read(self, files_read: &mut Vec<PathBuf>, diags: &mut Diagnostics) -> Registry {
        let mut catalog = crate::schema::resolve::Catalog::default();
        for path in &self.catalogs {
            files_read.push(path.clone());
            if let Err(error) = catalog.add(path, &self.options.limits()) {
                diags.error(error);
            }
        }
        let mut registry =
            Registry::with_catalog(self.root_dir.clone(), self.options.limits(), catalog)
                .with_default_draft(self.options.default_draft());
        let mut paths = Vec::new();
        for input in self.inputs {
            match input {
                Input::File(path) => paths.push(path),
                Input::Dir(dir) => paths.extend(load::json_files(&dir, diags)),
                Input::Registered { uri, value, .. }
                    if schemakit::depth::in_value(&value, self.options.limits().max_depth)
                        .is_some() =>
                {
                    let limit = self.options.limits().max_depth;
                    let pointer = schemakit::depth::in_value(&value, limit).unwrap_or_default();
                    diags.error(Error::Invalid {
                        location: Location::new(uri, pointer),
                        message: format!(
                            "arrays and objects nest deeper than the limit of {limit} levels here"
                        ),
                    });
                    // Dropped where it cannot overflow: the limit was crossed
                    // within this thread's stack.
                    drop_deep(value);
                }
                Input::Registered {
                    uri,
                    value,
                    entry,
                    on_demand,
                } => match url::Url::parse(&uri) {
                    Ok(parsed) => {
                        registry.add(Document {
                            uri: parsed,
                            display: uri,
                            path: None,
                            root: value,
                            on_demand,
                            entry,
                            reading: Default::default(),
                        });
                    }
                    Err(e) => diags.error(Error::Invalid {
                        location: Location::new(uri, ""),
                        message: format!("not an absolute URI: {e}"),
                    }),
                },
            }
        }
        for path in paths {
            files_read.push(path.clone());
            if registry.doc_for_path(&path).is_some() {
                continue;
            }
            match load::read_document(&path, &self.options.limits()) {
                Ok(doc) => {
                    registry.add(doc);
                }
                Err(error) => diags.error(error),
            }
        }
        registry
    }
}

/// Runs `stage` on a thread with `stack` bytes of stack; a panic or a thread
/// that cannot start is `failed` with an internal error.
fn on_own_stack<T: Send>(
    stack: usize,
    stage: impl FnOnce() -> T + Send,
    failed: impl FnOnce(Error) -> T,
) -> T {
    let joined = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("schemagen".into())
            .stack_size(stack)
            .spawn_scoped(scope, stage)
            .map_err(|e| format!("cannot start the generator's thread: {e}"))?;
        handle.join().map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a stage panicked".to_owned());
            format!("{message} (please report this)")
        })
    });
    joined.unwrap_or_else(|message| failed(Error::Internal { message }))
}

/// Drops a value of any depth without recursion (a `Value`'s own drop
/// recurses once per level).
fn drop_deep(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}
