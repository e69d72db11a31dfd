//! `generate`: refreshes `generated/` (models, bundled schemas, docs), or with
//! `--check` lists what is stale (as [`clerk_models::contract::generate`]
//! plans it).

use super::output::{self, paint, plural};
use super::{CliError, Exit, Format, Global};
use clerk_models::contract::generate::{plan, State};
use std::path::{Path, PathBuf};

/// The command that refreshes `generated/`, as stale-file messages name it.
pub const REFRESH: &str = "cargo run -- generate";

/// Refresh generated/: the models, the bundled schemas and the docs.
///
/// Writes generated/models.rs (the code build.rs compiles, for reading and
/// review), generated/schema/clerk.schema.json and clerk.tolerant.schema.json
/// (see `bundle`), generated/docs/ (see `docs`), and for a new contract
/// version (schema/VERSION) its bundles kept in generated/releases/VERSION/
/// with generated/CHANGELOG.md written from the diffs of the releases.
///
/// The version rule: a change `diff` calls breaking moves the major
/// version, any other change to what the schema accepts the minor, a change
/// to descriptions only the patch. When the schema changed and the version
/// did not move enough, generate writes the rest, says which version it
/// needs, and exits 1 (so does --check): a release is kept as it was made. A file is written only
/// when its bytes change, and files generate no longer produces are removed
/// (Markdown files in generated/docs/, JSON files in generated/schema/).
/// Run it from the package root, or point --root there.
///
/// With --format json, one JSON document: the status, every file changed
/// (with --check, every stale one, and the command that refreshes them) and
/// the generator's warnings.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  cargo run -- generate                  refresh generated/ and list what changed
  clerk-models generate --check          change nothing; exit 1 listing stale files
  clerk-models generate --root ../clerk-models --format json")]
pub struct Args {
    /// Change nothing: exit 1 and list every stale, missing or obsolete file.
    #[arg(long)]
    check: bool,
    /// The package root, holding schema/ and generated/.
    #[arg(long, value_name = "DIR", default_value = ".", value_hint = clap::ValueHint::DirPath)]
    root: PathBuf,
}

/// A file's state, as `--check` reports it.
fn word(state: State) -> &'static str {
    match state {
        State::Missing => "missing",
        State::Differs => "differs",
        State::Obsolete => "obsolete",
    }
}

/// What refreshing did to a file in that state.
fn done(state: State) -> &'static str {
    match state {
        State::Missing => "created",
        State::Differs => "updated",
        State::Obsolete => "removed",
    }
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    if args.root != Path::new(".") {
        std::env::set_current_dir(&args.root).map_err(|e| CliError::io(&args.root, e))?;
    }
    // From the package root, the file names in the generated text read
    // `schema/…`, as in the checked-in files.
    let plan = plan(Path::new("."))?;
    let comparison = plan.compare()?;
    let unchanged = comparison.unchanged;
    let changes: Vec<(String, State)> = comparison
        .stale
        .iter()
        .map(|(path, state)| (display(path), *state))
        .collect();
    if !args.check {
        plan.apply()?;
    }
    let stale = args.check && !changes.is_empty();
    // The version not moved as the schema's changes require: a finding,
    // with or without --check (the release waits for it).
    let unversioned = !plan.version_problems.is_empty();
    match global.format {
        Format::Json => {
            let list: Vec<_> = changes
                .iter()
                .map(|(path, state)| {
                    serde_json::json!({
                        "file": path,
                        "state": if args.check { word(*state) } else { done(*state) },
                    })
                })
                .collect();
            let version: Vec<String> = plan
                .version_problems
                .iter()
                .map(ToString::to_string)
                .collect();
            let mut doc = serde_json::json!({
                "command": "generate",
                "status": if stale { "stale" } else if unversioned { "version" } else { "ok" },
                "check": args.check,
                "changed": list,
                "unchanged": unchanged,
                "warnings": plan.warnings,
                "version": version,
            });
            if stale {
                doc["refresh"] = REFRESH.into();
            }
            output::print_json(&doc);
        }
        Format::Text => {
            let mut err = String::new();
            for warning in &plan.warnings {
                err.push_str(&format!("{} {warning}\n", paint(output::WARN, "warning:")));
            }
            output::err(&err);
            let mut text = String::new();
            for (path, state) in &changes {
                if args.check {
                    text.push_str(&format!(
                        "{} {path} ({})\n",
                        paint(output::ERROR, "stale:"),
                        word(*state)
                    ));
                } else {
                    text.push_str(&format!("{:>8} {path}\n", paint(output::OK, done(*state))));
                }
            }
            for problem in &plan.version_problems {
                text.push_str(&format!("{} {problem}\n", paint(output::ERROR, "error:")));
            }
            if stale {
                text.push_str(&format!(
                    "{} {} out of date; refresh with: {}\n",
                    paint(output::ERROR, "error:"),
                    plural(changes.len(), "generated file"),
                    paint(output::BOLD, REFRESH)
                ));
            } else if args.check {
                text.push_str(&format!(
                    "{} all {} generated files are up to date\n",
                    paint(output::OK, "ok:"),
                    unchanged
                ));
            } else {
                text.push_str(&format!(
                    "{} changed, {} unchanged\n",
                    plural(changes.len(), "file"),
                    unchanged
                ));
            }
            output::out(&text);
        }
    }
    Ok(Exit::findings_if(stale || unversioned))
}

/// A path with `/` separators, as messages show it on every platform.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
