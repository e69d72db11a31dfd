//! The one call for a build script: Rust from schemas into `OUT_DIR`, cargo told of every file read and every warning.
//!
//! In the spirit of prost-build's `compile_protos`: [`compile_schemas`]
//! takes schema files and folders, and [`Builder`] adds the generator's
//! [`Options`], catalogs and where the code goes. Either one
//!
//! - writes the code to `OUT_DIR/schemas.rs` (or the name given), and only
//!   when its bytes change, so that nothing downstream rebuilds needlessly;
//! - prints `cargo::rerun-if-changed` for every input folder, catalog and
//!   file read (those that failed to parse too), so that cargo reruns the
//!   script when a schema changes, is added or removed, and only then;
//! - prints every warning as `cargo::warning`;
//! - fails with a [`BuildError`] whose text lists every error with its file
//!   and JSON pointer, shown as it is by `unwrap()` or by a `main` that
//!   returns it.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), schemagen::build::BuildError> {
//!     schemagen::build::compile_schemas(["schemas"])?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, `include!(concat!(env!("OUT_DIR"), "/schemas.rs"));`
//! where the types should be. The generated code names `serde` (with its
//! `derive` feature) and `serde_json`, and `regex` when validators match a
//! `pattern`: [`Builder::provided_crates`] turns a crate the package lacks
//! into an error that says so.

use crate::driver::Generator;
use crate::error::{Errors, Warning};
use crate::ir::Manifest;
use crate::options::Options;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file written in `OUT_DIR` unless [`Builder::file_name`] says otherwise.
pub const DEFAULT_FILE_NAME: &str = "schemas.rs";

/// Generates Rust from the schema files and folders `inputs` (every
/// `*.json` in a folder) into `OUT_DIR/schemas.rs`, with the default
/// options: tolerant types, unformatted (rustc needs no layout, and it is
/// four times quicker). See the [module](self) for what it tells cargo.
pub fn compile_schemas<P: AsRef<Path>>(
    inputs: impl IntoIterator<Item = P>,
) -> Result<Generated, BuildError> {
    inputs
        .into_iter()
        .fold(Builder::new(), |builder, input| builder.input(input))
        .compile()
}

/// A build script's settings: the inputs, the generator's [`Options`],
/// where the code goes and what the package provides.
///
/// ```no_run
/// // build.rs
/// use schemagen::{build::Builder, Options, Visibility};
///
/// fn main() -> Result<(), schemagen::build::BuildError> {
///     Builder::new()
///         .options(
///             Options::default()
///                 .with_formatting(false)
///                 .with_derive("Eq")
///                 .with_rename("Pet", "Animal")
///                 .with_replace("Money", "crate::money::Money")
///                 .with_visibility(Visibility::Crate),
///         )
///         .dir("schemas")
///         .catalog("schemas/catalog.json")
///         .file_name("pets.rs")
///         .provided_crates(["serde", "serde_json"])
///         .compile()?;
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    options: Options,
    inputs: Vec<PathBuf>,
    catalogs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: String,
    provided: Option<Vec<String>>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// No inputs yet; the default options, unformatted; the code to
    /// `OUT_DIR/schemas.rs`.
    pub fn new() -> Self {
        Builder {
            options: Options::default().with_formatting(false),
            inputs: Vec::new(),
            catalogs: Vec::new(),
            out_dir: None,
            file_name: DEFAULT_FILE_NAME.to_owned(),
            provided: None,
        }
    }

    /// The generator's settings, as given (formatting included: a build
    /// script wants `with_formatting(false)`).
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// A schema file, or a folder of them (every `*.json` in it, not
    /// recursive): whichever `path` is when the script runs.
    pub fn input(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(path.as_ref().to_owned());
        self
    }

    /// A schema file. Relative references may load files in its folder and below.
    pub fn file(self, path: impl AsRef<Path>) -> Self {
        self.input(path)
    }

    /// Every `*.json` file in `dir`; cargo reruns the script when one is
    /// added or removed.
    pub fn dir(self, dir: impl AsRef<Path>) -> Self {
        self.input(dir)
    }

    /// Local copies of documents referenced by absolute URI (see
    /// [`Generator::catalog`]).
    pub fn catalog(mut self, path: impl AsRef<Path>) -> Self {
        self.catalogs.push(path.as_ref().to_owned());
        self
    }

    /// Where the code goes (`OUT_DIR` unless set).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// The name of the file written in the output folder (`schemas.rs`
    /// unless set).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The crates the package depends on: generated code that names
    /// another (`regex`, once a schema has a `pattern` and validators are
    /// generated) is then an error naming it, rather than a compile error in
    /// the generated file.
    pub fn provided_crates<S: Into<String>>(mut self, crates: impl IntoIterator<Item = S>) -> Self {
        self.provided = Some(crates.into_iter().map(Into::into).collect());
        self
    }

    /// Generates, writes the code if its bytes changed, and prints the
    /// cargo directives (`rerun-if-changed`, `warning`) on standard output.
    pub fn compile(self) -> Result<Generated, BuildError> {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        self.compile_to(&mut lock)
    }

    /// [`Builder::compile`], with the cargo directives written to
    /// `directives` (to test a build script, or to filter them).
    pub fn compile_to(self, directives: &mut dyn Write) -> Result<Generated, BuildError> {
        let out_dir = match self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        {
            Some(dir) => dir,
            None => return Err(BuildError::NoOutDir),
        };
        let mut generator = Generator::new(self.options);
        let mut watched: Vec<PathBuf> = Vec::new();
        for input in &self.inputs {
            generator = if input.is_dir() {
                // A folder is watched itself: a file added or removed.
                watched.push(input.clone());
                generator.dir(input)
            } else {
                generator.file(input)
            };
        }
        for catalog in &self.catalogs {
            watched.push(catalog.clone());
            generator = generator.catalog(catalog);
        }
        let outcome = generator.run();
        // Told even when the run fails, so that fixing a file reruns it.
        for path in watched.iter().chain(&outcome.files_read) {
            directive(directives, &format!("rerun-if-changed={}", path.display()))?;
        }
        for warning in &outcome.warnings {
            let text = warning.to_string().replace(['\r', '\n'], " ");
            directive(directives, &format!("warning={text}"))?;
        }
        let code = outcome.code.map_err(BuildError::Schema)?;
        let manifest = outcome.manifest.ok_or_else(|| {
            BuildError::Schema(Errors(vec![crate::Error::Internal {
                message: "a run with code has no manifest".into(),
            }]))
        })?;
        if let Some(provided) = &self.provided {
            let missing: Vec<String> = manifest
                .crates
                .iter()
                .filter(|c| !provided.iter().any(|p| p == *c))
                .map(|c| (*c).to_owned())
                .collect();
            if !missing.is_empty() {
                return Err(BuildError::MissingCrates {
                    missing,
                    needed: manifest.crates.iter().map(|c| (*c).to_owned()).collect(),
                });
            }
        }
        let path = out_dir.join(&self.file_name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| BuildError::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        let written = write_if_changed(&path, &code).map_err(|source| BuildError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(Generated {
            path,
            written,
            manifest,
            files_read: outcome.files_read,
            warnings: outcome.warnings,
        })
    }
}

/// One `cargo::` line.
fn directive(out: &mut dyn Write, text: &str) -> Result<(), BuildError> {
    writeln!(out, "cargo::{text}").map_err(|source| BuildError::Write {
        path: PathBuf::from("<standard output>"),
        source,
    })
}

/// Writes `contents` to `path` unless the file already holds exactly
/// those bytes (so that cargo and rustc see no change); whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

/// What a build script's run generated.
#[derive(Debug)]
#[non_exhaustive]
pub struct Generated {
    /// The file the code is in.
    pub path: PathBuf,
    /// Whether it was written (its bytes changed).
    pub written: bool,
    /// Every generated type, and the crates the code names.
    pub manifest: Manifest,
    /// Every file read (cargo was told to watch them).
    pub files_read: Vec<PathBuf>,
    /// Every warning (cargo was told them).
    pub warnings: Vec<Warning>,
}

/// Why a build script's run failed. Its text (by `Display` and by `Debug`
/// alike, so that `unwrap()` and a `main` that returns it show it as it
/// is) says what to do.
#[non_exhaustive]
pub enum BuildError {
    /// The schemas do not generate: every error, each with its file and
    /// JSON pointer.
    Schema(Errors),
    /// The generated code names crates that [`Builder::provided_crates`]
    /// does not list.
    MissingCrates {
        /// The crates missing.
        missing: Vec<String>,
        /// Every crate the code names.
        needed: Vec<String>,
    },
    /// No output folder: `OUT_DIR` is set by cargo for build scripts only.
    NoOutDir,
    /// The code (or a directive) could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Schema(errors) => {
                writeln!(f, "schemagen: the schemas do not generate Rust:")?;
                write!(f, "{errors}")
            }
            BuildError::MissingCrates { missing, needed } => write!(
                f,
                "schemagen: the generated code names the crates {}, which the package does not depend on: add {} to [dependencies] in Cargo.toml (it needs {})",
                quoted(missing),
                if missing.len() == 1 { "it" } else { "them" },
                quoted(needed),
            ),
            BuildError::NoOutDir => write!(
                f,
                "schemagen: OUT_DIR is not set: run this from a build script (cargo sets it), or give Builder::out_dir"
            ),
            BuildError::Write { path, source } => {
                write!(f, "schemagen: cannot write {}: {source}", path.display())
            }
        }
    }
}

/// The readable text, not a struct dump: what `unwrap()` and `main`
/// print.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Schema(errors) => Some(errors),
            BuildError::Write { source, .. } => Some(source),
            BuildError::MissingCrates { .. } | BuildError::NoOutDir => None,
        }
    }
}

fn quoted(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}
