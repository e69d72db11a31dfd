//! `validate`: the flags, wired to the library. The inputs named are
//! expanded ([`super::inputs`]) into sources that the judge's batch reader
//! reads in chunks ([`clerk_models::judge::batch`]); the chunks are judged
//! and rendered ([`super::chunk::render`], through the judge's one entry)
//! on `--jobs` threads by [`clerk_models::judge::parallel::ordered`], and
//! printed in input order.

use super::chunk;
use super::inputs;
use super::judging::Judging;
use super::named::{endpoint_named, kind_named, usage};
use super::progress::{self, Progress};
use super::render::Settings;
use super::report::Reporter;
use super::stale;
use super::{CliError, Exit, Global, Problem};
use clerk_models::judge::any::{LoadOptions, SchemaJudge, SchemaSet};
use clerk_models::judge::batch::{Chunking, Layout, Reader};
use clerk_models::judge::parallel::{self, Parallel};
use clerk_models::judge::{Judge, JudgeError, Limits};
use schemakit::keywords::Draft;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Judge Frontend API payloads against the schema and the Rust types.
///
/// Each payload is checked twice: by the strict JSON Schema (every error, with
/// its JSON pointer, line:column and the offending text) and by decoding it
/// into the generated Rust type. Its kind (ClientEnvelope, SignIn, ...) is
/// told from its shape, or named with --type. Drift, a property or enum value
/// the schema does not list yet, is a warning: the Rust types keep it.
///
/// Input: JSON files, or NDJSON streams (one payload a line: a .ndjson or
/// .jsonl name, or --ndjson), read line by line in bounded memory. A file
/// holding several JSON values one after another is judged value by value.
/// A folder is walked recursively for .json, .ndjson and .jsonl files; a
/// quoted glob pattern ('logs/**/*.ndjson') is expanded by the tool. Files
/// are taken in the order named, a folder's or a pattern's sorted by name.
/// With no FILE, or `-` (at most once), payloads are read from stdin.
///
/// Inputs are judged on --jobs threads, in chunks (a file, or a run of
/// NDJSON lines), and reported in input order: the output is the same
/// whatever the number of jobs. On a terminal, a long run shows its
/// progress on stderr (a bar with percent, rate and ETA when every input
/// is a file).
///
/// A HAR capture (.har, or --har) is read entry by entry: each response
/// to a Frontend API operation is judged as the kind its endpoint promises
/// for its status (the error envelope for 4xx and 5xx); other entries are
/// skipped (listed with -v), one without a body reported as such.
/// --endpoint "METHOD PATH" judges every payload as that operation's kind.
/// No report shows a header, a cookie or a value the schema marks secret.
///
/// With --schema, payloads are judged against any schema instead (no types,
/// no drift). A schema/ folder beside that differs from the contract built
/// in is told on stderr.
///
/// With --format json, one JSON object per payload (JSON Lines, each error
/// with its schema location), then one summary object; flag, list and
/// hierarchical put the JSON Schema output unit of each payload under
/// "output" (the schema's own verdict, drift an error there); junit writes
/// JUnit XML, a testsuite per input.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models validate tests/fixtures/clerk/flutter/*.json
  clerk-models validate captures/                  every .json, .ndjson, .jsonl below
  clerk-models validate 'logs/**/*.ndjson' --jobs 4
  clerk-models validate --type SignIn sign-in.json
  clerk-models validate session.har -v             every Frontend API response of a capture
  clerk-models validate --endpoint 'POST /v1/me/email_addresses' body.json
  curl -s \"$FAPI/v1/client\" | clerk-models validate -
  clerk-models validate --ndjson --quiet < captured.log
  clerk-models validate --format json responses.ndjson | jq 'select(.status != \"ok\")'
  clerk-models validate --schema clerk.schema.json --type ClientEnvelope client.json
  clerk-models validate --schema api/schemas/ --type Order --catalog vendor/ orders.ndjson
  clerk-models validate --format junit captures/ > validate-report.xml

Exit codes (1 and 2 add up, so that a script can tell both):
  0  every payload conforms (drift allowed unless --deny-drift)
  1  some payload fails: schema or decode error, not JSON, unknown kind, over --max-bytes
     (a file, stdin or an NDJSON line alike)
  2  usage error, or an input that cannot be read (missing, unreadable, a pattern
     or folder with no file)
  3  both: some payload fails and some input cannot be read")]
pub struct Args {
    /// Files, folders or quoted glob patterns to judge; `-` reads stdin
    /// (the default when nothing is named).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The kind of every payload: a schema def or Rust type name
    /// (ClientEnvelope, SignIn, SamlAccount...). By default it is told from
    /// each payload's shape. With --schema: a $defs entry (NAME), a JSON
    /// pointer into the schema file (#/properties/user), or FILE#POINTER;
    /// by default the schema file's root.
    #[arg(long = "type", value_name = "KIND", conflicts_with = "endpoint")]
    kind: Option<String>,
    /// The operation every payload answers ("POST /v1/client/sign_ins", a
    /// path of the spec or a real one): judged as the kind it promises; a
    /// body shaped like another kind gets a finding naming both.
    #[arg(long, value_name = "METHOD PATH", conflicts_with = "schema")]
    endpoint: Option<String>,
    /// Judge against this schema instead of the contract built in: a schema
    /// file, a folder of schema files, or a bundle. Any draft (04, 06, 07,
    /// 2019-09, 2020-12, by its $schema), validated by the jsonschema crate.
    /// References resolve to files below the schema's folder and to
    /// --catalog copies; nothing is fetched. No types and no drift: every
    /// error of the schema is an error.
    #[arg(long, value_name = "PATH")]
    schema: Option<PathBuf>,
    /// With --schema: local copies of documents referenced by absolute URI:
    /// a catalog file ({"entries": [{"uri": ..., "file": ...}]}) or a
    /// folder laid out by host and path (DIR/json.schemastore.org/x.json).
    #[arg(long, value_name = "PATH", requires = "schema")]
    catalog: Vec<PathBuf>,
    /// With --schema: the draft of a document whose $schema names none
    /// (04, 06, 07, 2019-09, 2020-12) [default: 2020-12].
    #[arg(long, value_name = "DRAFT", requires = "schema", value_parser = parse_draft)]
    draft: Option<Draft>,
    /// Read every input as NDJSON: one payload a line.
    #[arg(long, conflicts_with = "har")]
    ndjson: bool,
    /// Read every input as a HAR capture (as a .har name is).
    #[arg(long)]
    har: bool,
    /// List the HAR entries skipped (not a Frontend API operation of the
    /// contract, or a status without a body).
    #[arg(long, short)]
    verbose: bool,
    /// The largest payload, in bytes (a JSON file, stdin, or one NDJSON
    /// line): a larger one fails. Suffixes K, M, G (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (at most 127).
    #[arg(long, value_name = "N", default_value_t = 127, value_parser = clap::value_parser!(u16).range(1..=127))]
    max_depth: u16,
    /// The most findings reported per payload; one more says how many were
    /// cut (the report stays small on a payload that is nearly all errors).
    #[arg(long, value_name = "N", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..))]
    max_findings: u64,
    /// The most memory a payload's parsed tree may take, as a multiple of
    /// its size (and 16 MiB whatever its size). Past it the longest arrays
    /// are judged on their first items, and a finding says which. A tree
    /// takes three or four times the text for most JSON.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    max_tree_ratio: u16,
    /// Count drift (unknown properties or enum values) as failure.
    #[arg(long)]
    deny_drift: bool,
    /// Print only the payloads that fail or drift, and the summary (the
    /// text format; the others, read by tools, list every payload), and no
    /// progress.
    #[arg(long, short)]
    quiet: bool,
    /// Threads that judge [default: all cores]. The output is the same for
    /// any N.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

/// `04`, `7`, `2019-09`...
fn parse_draft(name: &str) -> Result<Draft, String> {
    Draft::from_name(name)
        .ok_or_else(|| format!("{name:?} is not a draft: expected 04, 06, 07, 2019-09 or 2020-12"))
}

/// `8M`, `512K`, `1G` or a plain byte count.
fn parse_size(text: &str) -> Result<usize, String> {
    let lower = text.trim().to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, suffix) = lower.split_at(digits_end);
    let number: usize = digits.parse().map_err(|_| {
        format!("{text:?} is not a size (a number of bytes, optionally with K, M or G)")
    })?;
    let factor: usize = match suffix.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size suffix {other:?}: use K, M or G")),
    };
    number
        .checked_mul(factor)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{text:?} is not a usable size"))
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let limits = Limits {
        max_bytes: args.max_bytes,
        max_depth: usize::from(args.max_depth),
        max_findings: usize::try_from(args.max_findings).unwrap_or(usize::MAX),
        max_tree_ratio: usize::from(args.max_tree_ratio),
    };
    let judging = match &args.schema {
        Some(path) => Judging::Schema(schema_judge(path, args, limits)?),
        None => {
            stale::notice();
            let embedded = |e: JudgeError| {
                CliError::Problems(vec![Problem::file("<embedded schema>", e.to_string())])
            };
            let mut judge = Judge::with_limits(limits).map_err(embedded)?;
            let endpoint = args.endpoint.as_deref().map(endpoint_named).transpose()?;
            let kind = match (&args.kind, endpoint) {
                (Some(name), _) => Some(kind_named(&judge, name)?),
                (None, Some(op)) => Some(op.success_kind().ok_or_else(|| {
                    usage(
                        "--endpoint",
                        format!("{} promises no body to judge", op.key()),
                    )
                })?),
                (None, None) => None,
            };
            if let Some(kind) = kind {
                // Every payload is judged as this kind.
                judge.focus_on(kind).map_err(embedded)?;
            }
            Judging::contract(judge, kind, endpoint)
        }
    };
    let layout = match (args.ndjson, args.har) {
        (true, _) => Some(Layout::Ndjson),
        (_, true) => Some(Layout::Har),
        _ => None,
    };
    let inputs = inputs::expand(&args.files, layout)?;
    let settings = Settings {
        format: global.report,
        deny_drift: args.deny_drift,
        quiet: args.quiet,
        max_bytes: args.max_bytes,
        typed: args.schema.is_none(),
        verbose: args.verbose,
    };
    let show = progress::decide(std::io::stderr().is_terminal(), args.quiet, inputs.total);
    let progress = Progress::new(
        show,
        indicatif::ProgressDrawTarget::stderr(),
        progress::AFTER,
    );
    let mut reporter = Reporter::new(settings, inputs.sources.len(), progress);
    let jobs = args
        .jobs
        .map_or_else(parallel::available_cores, usize::from);
    let chunks = Reader::new(inputs.sources, args.max_bytes, Chunking::for_jobs(jobs));
    parallel::ordered(
        Parallel::new(jobs),
        chunks,
        |chunk| chunk::render(&settings, &judging, &chunk),
        |rendered| reporter.emit(rendered),
    );
    reporter.finish();
    // The judge is tens of thousands of small allocations, and the process
    // ends next: freeing them one by one took a tenth of a short run.
    std::mem::forget(judging);
    let c = &reporter.counts;
    Ok(Exit::of(c.failed > 0, c.unreadable > 0))
}

/// The judge of the schema named with --schema, of the type named with
/// --type.
fn schema_judge(path: &Path, args: &Args, limits: Limits) -> Result<SchemaJudge, CliError> {
    let options = LoadOptions {
        catalogs: args.catalog.clone(),
        default_draft: args.draft.unwrap_or(Draft::Draft2020_12),
    };
    let set = SchemaSet::load(path, &options).map_err(CliError::Schema)?;
    let root = set
        .root(args.kind.as_deref())
        .map_err(|e| CliError::Schema(vec![e]))?;
    set.judge(root, limits)
        .map_err(|e| CliError::Schema(vec![e]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8M"), Ok(8 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("x").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("5T").is_err());
    }
}
