//! A general JSON Schema (draft 2020-12) to Rust model generator.
//!
//! The stages, each behind an error sink so that one run reports every problem:
//! [`load`] reads documents (bounded), [`resolve`] indexes them and resolves every
//! `$ref` (local files only, nothing is ever fetched), [`convert`] maps schemas to
//! the [`ir`], [`check`] makes recursion finite, and [`emit`] prints Rust with
//! fully-qualified paths, formatted by prettyplease.
//!
//! ```no_run
//! let outcome = schemagen::Generator::new(schemagen::Options::default())
//!     .dir("schema")
//!     .run();
//! match outcome.code {
//!     Ok(code) => println!("{code}"),
//!     Err(errors) => eprintln!("{errors}"),
//! }
//! ```

mod check;
mod convert;
pub mod emit;
pub mod error;
pub mod ir;
pub mod keywords;
pub mod load;
pub mod names;
pub mod resolve;
pub mod validator;

pub use error::{Error, Errors, Location, Warning};
pub use load::Limits;

use error::Diagnostics;
use resolve::Registry;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a `default` in the schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Defaults {
    /// The field stays an `Option` (absent stays absent, so decoding then
    /// encoding is lossless) and gets a `{field}_or_default()` accessor.
    #[default]
    Accessor,
    /// `#[serde(default = "…")]`: an absent property decodes as the default
    /// (and is encoded back, so a round trip adds it).
    Serde,
}

/// Generator settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Keep properties the schema does not name in a flattened map, so that
    /// decode-then-encode loses nothing. Unknown properties are always tolerated.
    pub keep_unknown_properties: bool,
    pub defaults: Defaults,
    /// Emit `#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]` on serde types.
    pub derive_schemars: bool,
    /// Strict types: every value that decodes is valid. Each type's
    /// `Deserialize` first runs a validator generated from its schema (the
    /// generated code then needs the `regex` crate when a schema has a
    /// `pattern`), enums and tagged unions are closed, and only an explicit
    /// `type` narrows a Rust type. Off (tolerant) by default.
    pub strict: bool,
    /// Emit `SCHEMA_TYPES` (every type generated from a document root or a
    /// `$defs` entry, with its schema location) and `visit_type`, which hands a
    /// caller-supplied visitor the Rust type for a name: the way generic tools
    /// (validators, test harnesses) reach every generated type.
    pub emit_index: bool,
    /// Emit the `Check` trait and an implementation for every type: a walk
    /// over a decoded value that reports where it departs from the schema
    /// while still decoding (properties a closed object does not name, enum
    /// values and tags the schema does not list), each with its JSON pointer.
    /// Decoding plus this walk is the whole verdict for schemas whose other
    /// constraints the types model. Tolerant mode only.
    pub emit_checks: bool,
    /// Emit, for tolerant types too, a validator per type that reports every
    /// error of a `serde_json::Value` (JSON pointer, keyword, schema location,
    /// message, and whether the types keep it as drift), and with
    /// `emit_index` a `validate_type` function that runs the one of a type
    /// named at run time. Strict types always have validators; this makes
    /// them available to payload checkers without a runtime validator crate.
    pub emit_validators: bool,
    /// Assert `format: int8` … `uint64` as the integer ranges they name, in
    /// the generated validators: the number must be an integer literal in
    /// range, as the Rust integer of that width decodes. JSON Schema treats
    /// `format` as an annotation (`2147483648` is a valid `int32` there, and
    /// `1.0` an integer); on, the validators and the types agree.
    pub assert_integer_formats: bool,
    /// Format the output with prettyplease (for people). Off, the code is the
    /// token stream printed on one line: the same items, compiled alike, and
    /// much quicker to produce (what a build script needs).
    pub format: bool,
    /// Lines written as `//` comments at the top of the output.
    pub header: Option<String>,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            keep_unknown_properties: true,
            defaults: Defaults::default(),
            derive_schemars: false,
            strict: false,
            emit_index: false,
            emit_checks: false,
            emit_validators: false,
            assert_integer_formats: false,
            format: true,
            header: None,
            limits: Limits::default(),
        }
    }
}

/// What one run produced.
#[derive(Debug)]
pub struct Outcome {
    /// The formatted Rust source, or every error of the run.
    pub code: Result<String, Errors>,
    /// Every file read, including those that failed to parse: a build script
    /// watches them all so that it reruns once they are fixed.
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// How many named Rust types were generated.
    pub type_count: usize,
}

/// Collects inputs, then runs every stage.
#[derive(Debug)]
pub struct Generator {
    options: Options,
    inputs: Vec<Input>,
    root_dir: Option<PathBuf>,
}

#[derive(Debug)]
enum Input {
    File(PathBuf),
    Dir(PathBuf),
    Registered {
        uri: String,
        value: Value,
        entry: bool,
    },
}

impl Generator {
    pub fn new(options: Options) -> Self {
        Self {
            options,
            inputs: Vec::new(),
            root_dir: None,
        }
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
        });
        self
    }

    pub fn run(self) -> Outcome {
        let mut diags = Diagnostics::default();
        let mut registry = Registry::new(self.root_dir.clone(), self.options.limits);
        let mut files_read = Vec::new();
        let mut paths = Vec::new();
        for input in self.inputs {
            match input {
                Input::File(path) => paths.push(path),
                Input::Dir(dir) => paths.extend(load::json_files(&dir, &mut diags)),
                Input::Registered { uri, value, entry } => match url::Url::parse(&uri) {
                    Ok(parsed) => {
                        registry.add(load::Document {
                            uri: parsed,
                            display: uri,
                            path: None,
                            root: value,
                            on_demand: !entry,
                            entry,
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
            match load::read_document(&path, &self.options.limits) {
                Ok(doc) => {
                    registry.add(doc);
                }
                Err(error) => diags.error(error),
            }
        }
        let fail = |errors, files_read: Vec<PathBuf>, diags: Diagnostics| Outcome {
            code: Err(errors),
            files_read,
            warnings: diags.into_warnings(),
            type_count: 0,
        };
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        registry.resolve_all(&mut diags);
        for path in registry.files_read() {
            if !files_read.contains(&path) {
                files_read.push(path);
            }
        }
        // Conversion goes on past reference errors, so that one run shows
        // every problem; the unresolved references are typed loosely meanwhile.
        let mut ir = convert::Converter::new(&registry, &self.options, &mut diags).run();
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        if self.options.strict {
            // Every strict type validates itself, so none may be a bare alias.
            for def in &mut ir.types {
                if let ir::TypeKind::Alias { newtype, .. } = &mut def.kind {
                    *newtype = true;
                }
            }
        }
        check::check(&mut ir, &mut diags);
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }

        // The validators are generated on a second thread while the types
        // are emitted (they are a third of the work); unformatted, their
        // text is spliced in afterwards, formatted, emission waits for them.
        let with_validators = self.options.strict || self.options.emit_validators;
        let nodes: Vec<resolve::NodeId> = ir.types.iter().map(|def| def.node.clone()).collect();
        let names = validator::first_names(&nodes);
        let emitted = std::thread::scope(|scope| {
            let worker = with_validators.then(|| {
                let registry = &registry;
                let nodes = &nodes;
                let formats = self.options.assert_integer_formats;
                scope.spawn(move || {
                    let mut diags = Diagnostics::default();
                    let mut validators = validator::Validators::new(registry, &mut diags, formats);
                    let names: Vec<String> = nodes
                        .iter()
                        .map(|n| validators.function(n).to_string())
                        .collect();
                    let items = validators.finish().to_string();
                    (names, items, diags)
                })
            });
            let join = || -> Result<Option<String>, String> {
                let Some(worker) = worker else {
                    return Ok(None);
                };
                let (worker_names, items, worker_diags) = worker
                    .join()
                    .map_err(|_| "internal error: the validator generator panicked".to_owned())?;
                if worker_names != names.iter().map(ToString::to_string).collect::<Vec<_>>() {
                    return Err("internal error: validator names differ between threads".into());
                }
                diags.extend(worker_diags);
                Ok(Some(items))
            };
            let marker = || quote::quote! { __schemagen_validators__ };
            if self.options.format {
                let items = join()?;
                let tokens = match items {
                    Some(items) => Some((
                        names.clone(),
                        items.parse::<proc_macro2::TokenStream>().map_err(|e| {
                            format!("internal error: the validators do not lex: {e}")
                        })?,
                    )),
                    None => None,
                };
                emit::emit(&ir, &self.options, tokens)
            } else {
                let pending = with_validators.then(|| (names.clone(), marker()));
                let mut emitted = emit::emit(&ir, &self.options, pending);
                let items = join()?;
                if let (Ok(emitted), Some(items)) = (&mut emitted, items) {
                    // The marker is the last item of the last module: a doc
                    // comment quoting it earlier must not be taken for it.
                    let marker = marker().to_string();
                    if let Some(at) = emitted.code.rfind(&marker) {
                        emitted.code.replace_range(at..at + marker.len(), &items);
                    }
                }
                emitted
            }
        });
        if let Err(errors) = diags.propagate() {
            return fail(errors, files_read, diags);
        }
        let emitted = match emitted {
            Ok(emitted) => emitted,
            Err(message) => {
                diags.error(Error::Invalid {
                    location: Location::new("<generator>", ""),
                    message,
                });
                let errors = diags.propagate().expect_err("an error was just pushed");
                return fail(errors, files_read, diags);
            }
        };
        for (location, message) in emitted.skipped_defaults {
            diags.warn(location, message);
        }
        Outcome {
            code: Ok(emitted.code),
            files_read,
            warnings: diags.into_warnings(),
            type_count: ir.types.len(),
        }
    }
}
