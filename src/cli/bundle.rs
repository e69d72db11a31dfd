//! `bundle`: one self-contained schema for other teams.

use super::output::{self, paint, Written};
use super::schema::{self, Flavour};
use super::{CliError, Exit, Format, Global};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Bundle schema/ into one self-contained, versioned schema file.
///
/// Every definition of every file goes under `$defs` (def names are unique
/// across files), every `$ref` becomes internal (`#/$defs/…`), and the result
/// gets an `$id` and an `x-version` (package version and Frontend API version
/// 2026-05-12). The bundle is checked against the draft 2020-12 meta-schema
/// before it is written. With --tolerant, `additionalProperties: false` is
/// dropped and every string enum/const also accepts any other string, for
/// consumers that must accept newer payloads.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models bundle                                  print the strict bundle
  clerk-models bundle --out generated/schema/clerk.schema.json
  clerk-models bundle --tolerant --out clerk.tolerant.schema.json
  clerk-models bundle --schema old/schema --out old.schema.json")]
pub struct Args {
    /// Write the bundle here (only when its bytes change) instead of to stdout.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The tolerant flavour: open objects, enums and consts widened to any string.
    #[arg(long)]
    tolerant: bool,
    /// The schema folder to bundle.
    #[arg(long, value_name = "DIR", default_value = "schema")]
    schema: PathBuf,
}

/// The bundle of the schema folder `dir`, checked; its text as written to disk.
pub fn build(dir: &Path, flavour: Flavour) -> Result<String, CliError> {
    // Every problem at once: those of loading, then the meta-schema's
    // verdict on what did load.
    let (set, mut problems) = schema::load_all(dir);
    let Some(set) = set else {
        return Err(CliError::Problems(problems));
    };
    let bundle = schema::bundle(&set, flavour);
    // A reference that did not load is reported once, not again as dangling.
    let known: Vec<(String, Option<String>)> = problems
        .iter()
        .map(|p| (p.file.clone(), p.pointer.clone()))
        .collect();
    problems.extend(
        schema::check_bundle(&bundle, &format!("<{} bundle>", flavour.file_name()), &set)
            .into_iter()
            .filter(|p| !known.contains(&(p.file.clone(), p.pointer.clone()))),
    );
    if !problems.is_empty() {
        return Err(CliError::Problems(problems));
    }
    Ok(output::json_text(&bundle))
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let flavour = if args.tolerant {
        Flavour::Tolerant
    } else {
        Flavour::Strict
    };
    let text = build(&args.schema, flavour)?;
    let Some(out) = &args.out else {
        // The bundle itself is the output, whatever the format.
        output::out(&text);
        return Ok(Exit::Ok);
    };
    let written = output::write_if_changed(out, text.as_bytes())?;
    let status = match written {
        Written::Created => "created",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    };
    match global.format {
        Format::Json => {
            let bundle: Value = serde_json::from_str(&text).expect("just serialized");
            output::print_json(&serde_json::json!({
                "command": "bundle",
                "status": "ok",
                "file": out.display().to_string(),
                "written": status,
                "id": bundle["$id"],
                "defs": bundle["$defs"].as_object().map_or(0, |d| d.len()),
            }))
        }
        Format::Text => output::out(&format!(
            "{} {} ({status})\n",
            paint(output::OK, "bundled"),
            out.display()
        )),
    }
    Ok(Exit::Ok)
}
