//! `diff`: every change between two versions of the schema, classified for
//! the consumers of the payloads and of the generated Rust API (by
//! [`clerk_models::contract::diff`]).

use super::output::{self, paint, plural};
use super::{CliError, Exit, Format, Global};
use clerk_models::contract::diff::{diff, load_versions, rules_help};
use serde_json::Value;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  clerk-models diff old/schema schema
  clerk-models diff v0.1.0.schema.json generated/schema/clerk.schema.json
  clerk-models diff --format json old/schema schema | jq '.changes[] | select(.breaking)'";

/// The examples, then how each kind of change is classified.
fn long_help() -> String {
    format!("{EXAMPLES}\n\n{}", rules_help())
}

/// Classify every change between two versions of the schema.
///
/// OLD and NEW are schema folders (like schema/) or bundled schema files
/// (like generated/schema/clerk.schema.json). Every definition and property
/// is compared; each change is reported with its kind, whether it breaks the
/// consumers of the payloads and of the generated Rust API, and its location
/// (file and JSON pointer). The Rust API's verdict comes from the types
/// generated for each version, and each difference of them is shown under
/// the change. Exits 1 when anything breaks.
///
/// With --format json, one JSON document: the status, the counts, and every
/// change with its kind, whom it breaks, pointer, location, message and
/// the differences of the generated types (`rust_changes`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = format!("{EXAMPLES}\n\nSee --help for how each kind of change is classified."),
    after_long_help = long_help()
)]
pub struct Args {
    /// The old version: a schema folder or a bundled schema file.
    old: PathBuf,
    /// The new version: a schema folder or a bundled schema file.
    new: PathBuf,
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let (old, new) = load_versions(&args.old, &args.new).map_err(CliError::Problems)?;
    let changes = diff(&old, &new);
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let status = if breaking > 0 {
        "breaking"
    } else if changes.is_empty() {
        "identical"
    } else {
        "compatible"
    };
    match global.format {
        Format::Json => {
            let list: Vec<Value> = changes
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "kind": c.rule.name,
                        "breaking": c.breaking(),
                        "payloads": c.payloads().word(),
                        "rust": c.rust.word(),
                        "pointer": c.pointer,
                        "location": c.location,
                        "message": c.message,
                        "rust_changes": c.rust_changes,
                    })
                })
                .collect();
            output::print_json(&serde_json::json!({
                "command": "diff",
                "status": status,
                "old": args.old.display().to_string(),
                "new": args.new.display().to_string(),
                "breaking": breaking,
                "compatible": changes.len() - breaking,
                "changes": list,
            }));
        }
        Format::Text => {
            let mut text = String::new();
            for change in &changes {
                let rule = change.rule;
                let label = if change.breaking() {
                    paint(output::ERROR, "breaking  ")
                } else {
                    paint(output::NOTE, "compatible")
                };
                let whom = match (change.payloads().is_breaking(), change.rust.is_breaking()) {
                    (true, true) => " (payloads and Rust API)",
                    (true, false) => " (payloads)",
                    (false, true) => " (Rust API)",
                    (false, false) => "",
                };
                text.push_str(&format!(
                    "{label} {} {}: {}{whom}\n",
                    paint(output::BOLD, rule.name),
                    change.location,
                    change.message
                ));
                for rust in &change.rust_changes {
                    text.push_str(&format!("    Rust API: {rust}\n"));
                }
            }
            if changes.is_empty() {
                text.push_str("no changes\n");
            } else {
                text.push_str(&format!(
                    "{}: {}, {} compatible\n",
                    if breaking > 0 {
                        paint(output::ERROR, "breaking")
                    } else {
                        paint(output::OK, "compatible")
                    },
                    plural(breaking, "breaking change"),
                    changes.len() - breaking
                ));
            }
            output::out(&text);
        }
    }
    Ok(Exit::findings_if(breaking > 0))
}
