//! `bundle`: one self-contained schema for other teams.

use super::output::{self, paint};
use super::{CliError, Exit, Format, Global};
use clerk_models::contract::bundle::{bundle_source, Flavour};
use clerk_models::contract::files::{json_text, write_if_changed};
use clerk_models::contract::Source;
use std::path::PathBuf;

/// Bundle the schema into one self-contained, versioned schema file.
///
/// The schema is the one built into this binary (the one `validate` judges
/// by), so bundling needs no copy of the repository; --schema bundles a
/// folder instead. Every definition of every file goes under `$defs` (def names are unique
/// across files), every `$ref` becomes internal (`#/$defs/…`), and the result
/// gets an `$id` and an `x-version` (contract version from schema/VERSION, Frontend API version
/// 2026-05-12). The bundle is checked against the draft 2020-12 meta-schema
/// before it is written. With --tolerant, `additionalProperties: false` is
/// dropped and every string enum/const also accepts any other string, for
/// consumers that must accept newer payloads.
///
/// Without --out the bundle is printed, whatever --format says; with --out
/// and --format json, one JSON document says what was written.
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
    /// The schema folder to bundle [default: the schema built into this binary].
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    schema: Option<PathBuf>,
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let flavour = if args.tolerant {
        Flavour::Tolerant
    } else {
        Flavour::Strict
    };
    let bundle = bundle_source(Source::or_embedded(args.schema.as_deref()), flavour)?;
    let text = json_text(&bundle);
    let Some(out) = &args.out else {
        // The bundle itself is the output, whatever the format.
        output::out(&text);
        return Ok(Exit::Ok);
    };
    let status = output::written(write_if_changed(out, text.as_bytes())?);
    match global.format {
        Format::Json => output::print_json(&serde_json::json!({
            "command": "bundle",
            "status": "ok",
            "file": out.display().to_string(),
            "written": status,
            "id": bundle["$id"],
            "defs": bundle["$defs"].as_object().map_or(0, |d| d.len()),
        })),
        Format::Text => output::out(&format!(
            "{} {} ({status})\n",
            paint(output::OK, "bundled"),
            out.display()
        )),
    }
    Ok(Exit::Ok)
}
