//! `generate`: refreshes `generated/` (models, bundled schemas, docs), or with
//! `--check` lists what is stale.

use super::output::{self, paint, plural};
use super::schema::{self, Flavour};
use super::{docs, CliError, Exit, Format, Global, Problem};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

// The generator settings, shared with build.rs so that `generated/models.rs`
// holds exactly the code the crate compiles.
include!("../options.rs");

/// The command that refreshes `generated/`, as stale-file messages name it.
pub const REFRESH: &str = "cargo run -- generate";

/// Refresh generated/: the models, the bundled schemas and the docs.
///
/// Writes generated/models.rs (the code build.rs compiles, for reading and
/// review), generated/schema/clerk.schema.json and clerk.tolerant.schema.json
/// (see `bundle`), and generated/docs/ (see `docs`). A file is written only
/// when its bytes change, and files generate no longer produces are removed
/// (Markdown files in generated/docs/, JSON files in generated/schema/).
/// Run it from the package root, or point --root there.
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
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

/// One file `generate` owns, with the bytes it should hold.
pub struct Planned {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// Everything `generate` would write, and the files it would remove.
pub struct Plan {
    pub files: Vec<Planned>,
    pub obsolete: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// The Rust models for the schema folder `dir`, exactly as build.rs makes
/// them, and the generator's warnings.
pub fn models(dir: &Path) -> Result<(String, Vec<String>), CliError> {
    let outcome = schemagen::Generator::new(clerk_options()).dir(dir).run();
    let warnings = outcome.warnings.iter().map(ToString::to_string).collect();
    match outcome.code {
        Ok(code) => Ok((code, warnings)),
        Err(errors) => Err(CliError::Generate(
            errors.0.iter().map(ToString::to_string).collect(),
        )),
    }
}

/// What `generate` would do, with `root` as the current directory. Paths
/// in the plan are relative to it.
pub fn plan() -> Result<Plan, CliError> {
    let schema_dir = Path::new("schema");
    if !schema_dir.is_dir() {
        return Err(CliError::Problems(vec![Problem::file(
            "schema",
            "no schema folder here: run from the package root, or pass --root",
        )]));
    }
    let (code, warnings) = models(schema_dir)?;
    let set = schema::load(schema_dir).map_err(CliError::Problems)?;
    let generated = Path::new("generated");
    let mut files = vec![Planned {
        path: generated.join("models.rs"),
        contents: code.clone().into_bytes(),
    }];
    let mut problems = Vec::new();
    for flavour in [Flavour::Strict, Flavour::Tolerant] {
        let bundle = schema::bundle(&set, flavour);
        let path = generated.join("schema").join(flavour.file_name());
        problems.extend(schema::check_bundle(
            &bundle,
            &path.display().to_string(),
            &set,
        ));
        files.push(Planned {
            path,
            contents: output::json_text(&bundle).into_bytes(),
        });
    }
    if !problems.is_empty() {
        return Err(CliError::Problems(problems));
    }
    let docs_dir = generated.join("docs");
    for (name, text) in docs::render(&set, &code) {
        files.push(Planned {
            path: docs_dir.join(name),
            contents: text.into_bytes(),
        });
    }
    let planned: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut obsolete = Vec::new();
    for (dir, ext) in [(docs_dir.clone(), "md"), (generated.join("schema"), "json")] {
        for path in list(&dir, ext)? {
            if !planned.contains(path.as_path()) {
                obsolete.push(path);
            }
        }
    }
    Ok(Plan {
        files,
        obsolete,
        warnings,
    })
}

/// The `*.ext` files directly in `dir`, sorted; none when `dir` does not exist.
pub fn list(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, CliError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CliError::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| CliError::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// A file's state against the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Missing,
    Differs,
    Obsolete,
}

impl State {
    fn word(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Differs => "differs",
            State::Obsolete => "obsolete",
        }
    }

    fn done(self) -> &'static str {
        match self {
            State::Missing => "created",
            State::Differs => "updated",
            State::Obsolete => "removed",
        }
    }
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    if args.root != Path::new(".") {
        std::env::set_current_dir(&args.root).map_err(|e| CliError::io(&args.root, e))?;
    }
    let plan = plan()?;
    let mut changes: Vec<(String, State)> = Vec::new();
    let mut unchanged = 0;
    for file in &plan.files {
        match output::is_current(&file.path, &file.contents)? {
            Some(true) => unchanged += 1,
            Some(false) => changes.push((display(&file.path), State::Differs)),
            None => changes.push((display(&file.path), State::Missing)),
        }
    }
    for path in &plan.obsolete {
        changes.push((display(path), State::Obsolete));
    }
    if !args.check {
        for file in &plan.files {
            output::write_if_changed(&file.path, &file.contents)?;
        }
        for path in &plan.obsolete {
            std::fs::remove_file(path).map_err(|e| CliError::io(path, e))?;
        }
    }
    let stale = args.check && !changes.is_empty();
    match global.format {
        Format::Json => {
            let list: Vec<_> = changes
                .iter()
                .map(|(path, state)| {
                    serde_json::json!({
                        "file": path,
                        "state": if args.check { state.word() } else { state.done() },
                    })
                })
                .collect();
            let mut doc = serde_json::json!({
                "command": "generate",
                "status": if stale { "stale" } else { "ok" },
                "check": args.check,
                "changed": list,
                "unchanged": unchanged,
                "warnings": plan.warnings,
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
                        state.word()
                    ));
                } else {
                    text.push_str(&format!("{:>8} {path}\n", paint(output::OK, state.done())));
                }
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
    Ok(Exit::findings_if(stale))
}

/// A path with `/` separators, as messages show it on every platform.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
