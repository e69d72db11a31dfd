//! Argument parsing, dispatch and exit codes. One submodule per command
//! (`shell` holds `completions` and `man`; `validate` has `inputs`,
//! `render`, `report`, `outcome` and `progress` beside it), plus `output` (colour and
//! printing), which the commands share. What the
//! commands compute comes from the library's engines,
//! [`clerk_models::contract`].

mod bundle;
mod chunk;
mod diff;
mod docs;
mod entries;
mod formats;
mod generate;
mod inputs;
mod judging;
mod junit;
mod named;
mod outcome;
mod output;
mod progress;
mod render;
mod report;
mod shell;
mod stale;
mod unjudged;
mod validate;

use clap::{Parser, Subcommand, ValueEnum};
use clerk_models::contract;
use std::path::PathBuf;

pub use contract::Problem;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  cargo run -- generate                 refresh generated/ (models, bundled schema, docs)
  clerk-models generate --check         exit 1 if anything in generated/ is stale
  clerk-models validate response.json   judge a Frontend API payload
  clerk-models validate --ndjson - < log.ndjson
  clerk-models validate captures/ 'logs/**/*.ndjson'   folders and quoted patterns, on every core
  clerk-models bundle --tolerant --out clerk.tolerant.schema.json
  clerk-models diff old/schema schema   classify the changes between two schema versions
  clerk-models docs                     write the Markdown reference to generated/docs/
  clerk-models completions zsh          a completion script (bash, zsh, fish, elvish, powershell)
  clerk-models man | man -l -           the man page

Exit codes:
  0  everything is fine
  1  findings: payloads that fail, breaking changes, stale generated files
  2  usage error, or an input that cannot be read or used (I/O, broken schema)
  3  1 and 2 together (validate: some payload fails and some input cannot be read),
     so that a script can tell each: 1 is set for findings, 2 for errors";

/// Schema-first tooling for the Rust models of Clerk's Frontend API `Client`.
#[derive(Debug, Parser)]
#[command(name = "clerk-models", version, after_help = EXAMPLES, max_term_width = 100)]
struct Cli {
    /// Output format: text for people, or json for tools (on stdout, errors
    /// included; each command's help says what it prints). validate also
    /// speaks the JSON Schema output formats (flag, list, hierarchical) and
    /// JUnit XML (junit).
    #[arg(long, global = true, value_enum, default_value_t = ReportFormat::Text, value_name = "FORMAT")]
    format: ReportFormat,
    /// When to use colour (auto: only on a terminal, and never with NO_COLOR set).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Generate(generate::Args),
    Validate(validate::Args),
    Bundle(bundle::Args),
    Diff(diff::Args),
    Docs(docs::Args),
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// What every command speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// `--format`: what every command speaks, and what `validate` adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    // (Plain comments: doc comments would turn the short help into the long one.)
    // For people.
    Text,
    // For tools: JSON (validate: one object per payload, JSON Lines).
    Json,
    // validate: the JSON Schema output formats, per payload.
    Flag,
    List,
    Hierarchical,
    // validate: JUnit XML, a testsuite per input and a testcase per payload.
    Junit,
}

impl ReportFormat {
    /// How errors that stop a command are reported: JSON for the formats
    /// tools read, text otherwise.
    pub fn base(self) -> Format {
        match self {
            ReportFormat::Text | ReportFormat::Junit => Format::Text,
            _ => Format::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: all good.
    Ok = 0,
    /// 1: the inputs were judged and something is wrong with them.
    Findings = 1,
    /// 2: usage error, or an input that cannot be read or used.
    Error = 2,
    /// 3: findings in what was judged, and an input that could not be read.
    FindingsAndError = 3,
}

impl Exit {
    /// The one rule: 1 for findings plus 2 for an input that could not be
    /// read, so that a script can tell each (`code & 1`, `code & 2`).
    pub fn of(findings: bool, error: bool) -> Self {
        match (findings, error) {
            (false, false) => Exit::Ok,
            (true, false) => Exit::Findings,
            (false, true) => Exit::Error,
            (true, true) => Exit::FindingsAndError,
        }
    }

    /// `Findings` when `found` is true, `Ok` otherwise.
    pub fn findings_if(found: bool) -> Self {
        Exit::of(found, false)
    }
}

/// What stops a command (exit code 2). Every variant says where.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Every problem of the run, reported together.
    #[error("{} problem(s)", .0.len())]
    Problems(Vec<Problem>),
    /// The schema does not generate: schemagen's own errors, each located.
    #[error("the schema does not generate")]
    Generate(Vec<String>),
    /// The schema named with `--schema` cannot be used: every problem, each
    /// located.
    #[error("the schema cannot be used")]
    Schema(Vec<String>),
}

impl From<contract::Error> for CliError {
    fn from(error: contract::Error) -> Self {
        match error {
            contract::Error::Io { path, source } => CliError::Io { path, source },
            contract::Error::Problems(problems) => CliError::Problems(problems),
            contract::Error::Generate(errors) => CliError::Generate(errors),
        }
    }
}

impl CliError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.into().display().to_string(),
            source,
        }
    }

    /// One line per problem.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::Io { .. } => vec![self.to_string()],
            CliError::Problems(problems) => problems.iter().map(ToString::to_string).collect(),
            CliError::Generate(errors) | CliError::Schema(errors) => errors.clone(),
        }
    }
}

/// Settings every command gets.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub format: Format,
    /// `--format` as given (validate's own formats included).
    pub report: ReportFormat,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    let global = Global {
        format: cli.format.base(),
        report: cli.format,
    };
    let validating = matches!(cli.command, Command::Validate(_));
    if !validating && !matches!(cli.format, ReportFormat::Text | ReportFormat::Json) {
        let error = CliError::Problems(vec![Problem::file(
            "--format",
            format!(
                "{} is validate's alone: the other commands speak text or json",
                cli.format
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_owned())
            ),
        )]);
        output::report_error("--format", &error, global);
        return ExitCode::from(Exit::Error as u8);
    }
    let (name, result) = match cli.command {
        Command::Generate(args) => ("generate", generate::run(&args, global)),
        Command::Validate(args) => ("validate", validate::run(&args, global)),
        Command::Bundle(args) => ("bundle", bundle::run(&args, global)),
        Command::Diff(args) => ("diff", diff::run(&args, global)),
        Command::Docs(args) => ("docs", docs::run(&args, global)),
        Command::Completions(args) => ("completions", shell::completions(&args)),
        Command::Man(args) => ("man", shell::man(&args, global)),
    };
    let exit = match result {
        Ok(exit) => exit,
        Err(error) => {
            output::report_error(name, &error, global);
            Exit::Error
        }
    };
    ExitCode::from(exit as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes_add_up() {
        for findings in [false, true] {
            for error in [false, true] {
                let code = Exit::of(findings, error) as u8;
                assert_eq!(code & 1 == 1, findings);
                assert_eq!(code & 2 == 2, error);
            }
        }
    }
}
