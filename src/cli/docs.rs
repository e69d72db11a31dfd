//! `docs`: a Markdown reference page per object definition, and an index
//! (rendered by [`clerk_models::contract::docs`]).

use super::output::{self, paint, plural};
use super::{CliError, Exit, Format, Global};
use clerk_models::contract::files::{self, Written};
use clerk_models::contract::version::ContractVersion;
use clerk_models::contract::{docs, generate, Source};
use std::path::PathBuf;

/// Write the Markdown reference of the models.
///
/// The reference is that of the schema built into this binary (the one its
/// models were generated from), so documenting needs no copy of the
/// repository; --schema documents a folder instead. One page per object definition (each field: wire name, Rust field name,
/// type with links to the other objects, Rust type, required, nullable,
/// description and enum values) and README.md, an index with every enum and
/// scalar. Deterministic; files are written only when their bytes change.
///
/// With --format json, one JSON document: the number of pages, and every
/// page written.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models docs                      write generated/docs/
  clerk-models docs --out /tmp/docs --schema schema")]
pub struct Args {
    /// The folder to write the pages to.
    #[arg(long, short, value_name = "DIR", default_value = "generated/docs", value_hint = clap::ValueHint::DirPath)]
    out: PathBuf,
    /// The schema folder to document [default: the schema built into this binary].
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    schema: Option<PathBuf>,
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let source = Source::or_embedded(args.schema.as_deref());
    let models = generate::models(source)?;
    let set = source.load().map_err(CliError::Problems)?;
    let version = source
        .version()
        .map_err(|problem| CliError::Problems(vec![problem]))?;
    let version = ContractVersion::label(version);
    let pages = docs::render(&set, &models.manifest, &version)?;
    let mut changed = Vec::new();
    for (name, text) in &pages {
        // Names come from the schema: written only inside the folder.
        let path = args.out.join(name);
        let written = files::write_inside(&args.out, name, text.as_bytes())?;
        if written != Written::Unchanged {
            changed.push((path.display().to_string(), written));
        }
    }
    let word = output::written;
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
