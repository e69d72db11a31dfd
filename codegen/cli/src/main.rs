//! `schemagen`: Rust types from JSON Schema files, to a file or standard output (the arguments; `run.rs` does the work).
//!
//! Exit codes: 0 done, 1 the schemas do not generate (or `--check` found
//! the output stale), 2 a usage error (arguments, a setting that names no
//! type, a file that cannot be written).

mod run;

use clap::Parser;
use schemagen::{Draft, Visibility};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  schemagen schemas/pet.json                       print the types of one schema
  schemagen schemas/ -o src/models.rs              every *.json in a folder, to a file
  schemagen schemas/ -o src/models.rs --check      exit 1 if src/models.rs is stale
  schemagen api.json --strict --draft 07           strict types; `$schema`-less documents are draft 07
  schemagen api.json --catalog vendor/catalog.json remote references from local copies
  schemagen api.json --derive Eq --derive Hash --rename Pet=Animal \\
      --replace Money=crate::money::Money --visibility 'pub(crate)'

A TYPE is named as schemagen names it (see the output without settings, or
--manifest), or by schema location: FILE#POINTER, or #POINTER for any file.";

/// Generate Rust types (serde) from JSON Schema files.
///
/// Reads the schemas (references to other local files are followed,
/// nothing is fetched), and prints Rust: one type per schema that needs a
/// name, with fully-qualified paths, for a module of its own.
/// The code needs the crates `serde` (with `derive`) and `serde_json`, and
/// `regex` when validators match a `pattern`.
#[derive(Debug, Parser)]
#[command(name = "schemagen", version, after_help = EXAMPLES)]
struct Args {
    /// Schema files, or folders of them (every *.json in a folder).
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// Write the code to FILE (only when its bytes change) instead of
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Write nothing: exit 1 when FILE (--output) is not what would be written.
    #[arg(long, requires = "output")]
    check: bool,

    /// Strict types: each decodes exactly what its schema accepts
    /// (validated first; enums and unions closed).
    #[arg(long)]
    strict: bool,

    /// The draft of a document whose `$schema` names none: 04, 06, 07,
    /// 2019-09 or 2020-12.
    #[arg(long, value_name = "DRAFT", default_value = "2020-12", value_parser = draft)]
    draft: Draft,

    /// Local copies of remote documents: a catalog file, or a folder laid
    /// out by host and path (repeatable).
    #[arg(long = "catalog", value_name = "PATH")]
    catalogs: Vec<PathBuf>,

    /// Derive PATH on every type (repeatable): Eq, Hash, PartialOrd…
    #[arg(long = "derive", value_name = "PATH")]
    derives: Vec<String>,

    /// Derive PATH on one type (repeatable).
    #[arg(long = "type-derive", value_name = "TYPE=PATH", value_parser = pair)]
    type_derives: Vec<(String, String)>,

    /// Call TYPE NAME instead (repeatable).
    #[arg(long = "rename", value_name = "TYPE=NAME", value_parser = pair)]
    renames: Vec<(String, String)>,

    /// Use the existing Rust type PATH for TYPE, which is then not
    /// generated (repeatable).
    #[arg(long = "replace", value_name = "TYPE=PATH", value_parser = pair)]
    replacements: Vec<(String, String)>,

    /// The visibility of the generated items: pub, pub(crate),
    /// pub(super), private or pub(in PATH).
    #[arg(long, value_name = "VIS", default_value = "pub", value_parser = visibility)]
    visibility: Visibility,

    /// Emit the drift walk (`Check`): what a decoded value holds that the
    /// schema does not list (tolerant types).
    #[arg(long, conflicts_with = "strict")]
    checks: bool,

    /// Emit a validator for every type (tolerant types; strict ones
    /// always have them).
    #[arg(long, conflicts_with = "strict")]
    validators: bool,

    /// Emit the index: SCHEMA_TYPES, visit_type (and validate_type with
    /// validators).
    #[arg(long)]
    index: bool,

    /// Derive schemars::JsonSchema, behind the using crate's `schemars` feature.
    #[arg(long)]
    schemars: bool,

    /// Fill absent properties with the schema's `default` when decoding
    /// (otherwise they stay `None`, with a `…_or_default()` accessor).
    #[arg(long)]
    serde_defaults: bool,

    /// Drop the properties a schema does not name (otherwise kept in `extra`).
    #[arg(long)]
    drop_unknown: bool,

    /// Check `format: int8` … `uint64` as integer ranges in the validators.
    #[arg(long)]
    integer_formats: bool,

    /// Print a statement a line, without prettyplease's layout (quicker).
    #[arg(long)]
    no_format: bool,

    /// Lines written as `//` comments atop the code.
    #[arg(long, value_name = "TEXT")]
    header: Option<String>,

    /// Also write the manifest (every type, its schema location and
    /// fields) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,

    /// Deepest nesting of arrays and objects in a schema document.
    #[arg(long, value_name = "N")]
    max_depth: Option<usize>,

    /// Largest schema file read, in bytes.
    #[arg(long, value_name = "BYTES")]
    max_file_bytes: Option<u64>,

    /// Print no warnings.
    #[arg(short, long)]
    quiet: bool,
}

fn draft(name: &str) -> Result<Draft, String> {
    Draft::from_name(name)
        .ok_or_else(|| format!("{name:?} is not a draft: expected 04, 06, 07, 2019-09 or 2020-12"))
}

fn visibility(text: &str) -> Result<Visibility, String> {
    text.parse()
}

/// `TYPE=VALUE`, split at the first `=`.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((left, right)) if !left.trim().is_empty() && !right.trim().is_empty() => {
            Ok((left.trim().to_owned(), right.trim().to_owned()))
        }
        _ => Err(format!("{text:?} is not TYPE=VALUE")),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    run::run(args)
}
