//! `validate`: the flags, wired to the library. The inputs named are
//! expanded ([`super::inputs`]) into sources that the judge's batch reader
//! reads in chunks ([`clerk_models::judge::batch`]); the chunks are judged
//! and rendered ([`super::render::render`], through the judge's one entry)
//! on `--jobs` threads by [`clerk_models::judge::parallel::ordered`], and
//! printed in input order.

use super::inputs;
use super::progress::{self, Progress};
use super::render::{self, Settings};
use super::report::Reporter;
use super::{CliError, Exit, Global, Problem};
use clerk_models::judge::batch::{Chunking, Reader};
use clerk_models::judge::parallel::{self, Parallel};
use clerk_models::judge::{Judge, Limits};
use std::io::IsTerminal;
use std::path::PathBuf;

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
/// With --format json, one JSON object per payload (JSON Lines), then one
/// summary object.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models validate tests/fixtures/clerk/flutter/*.json
  clerk-models validate captures/                  every .json, .ndjson, .jsonl below
  clerk-models validate 'logs/**/*.ndjson' --jobs 4
  clerk-models validate --type SignIn sign-in.json
  curl -s \"$FAPI/v1/client\" | clerk-models validate -
  clerk-models validate --ndjson --quiet < captured.log
  clerk-models validate --format json responses.ndjson | jq 'select(.status != \"ok\")'

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
    /// each payload's shape.
    #[arg(long = "type", value_name = "KIND")]
    kind: Option<String>,
    /// Read every input as NDJSON: one payload a line.
    #[arg(long)]
    ndjson: bool,
    /// The largest payload, in bytes (a JSON file, stdin, or one NDJSON
    /// line): a larger one fails. Suffixes K, M, G (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (at most 127).
    #[arg(long, value_name = "N", default_value_t = 127, value_parser = clap::value_parser!(u16).range(1..=127))]
    max_depth: u16,
    /// Count drift (unknown properties or enum values) as failure.
    #[arg(long)]
    deny_drift: bool,
    /// Print only the payloads that fail or drift, and the summary (and no
    /// progress).
    #[arg(long, short)]
    quiet: bool,
    /// Threads that judge [default: all cores]. The output is the same for
    /// any N.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
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
    };
    let judge = Judge::with_limits(limits)
        .map_err(|e| CliError::Problems(vec![Problem::file("<embedded schema>", e.to_string())]))?;
    let kind = match &args.kind {
        None => None,
        Some(name) => Some(kind_named(&judge, name)?),
    };
    let inputs = inputs::expand(&args.files, args.ndjson)?;
    let settings = Settings {
        format: global.format,
        deny_drift: args.deny_drift,
        quiet: args.quiet,
        max_bytes: args.max_bytes,
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
    let chunks = Reader::new(inputs.sources, args.max_bytes, Chunking::default());
    parallel::ordered(
        Parallel::new(jobs),
        chunks,
        |chunk| render::render(&settings, &judge, kind, &chunk),
        |rendered| reporter.emit(rendered),
    );
    reporter.finish();
    let c = &reporter.counts;
    Ok(Exit::of(c.failed > 0, c.unreadable > 0))
}

/// The kind named with --type, or why there is none.
fn kind_named(judge: &Judge, name: &str) -> Result<&'static str, CliError> {
    if let Some(kind) = judge.kind(name) {
        return Ok(kind.name);
    }
    let suggestion = judge
        .nearest_kind(name)
        .map(|k| format!(" (did you mean {k}?)"))
        .unwrap_or_default();
    Err(CliError::Problems(vec![Problem::file(
        "--type",
        format!(
            "no kind is named {name:?}{suggestion}; the kinds are: {}",
            judge.payload_kinds().join(", ")
        ),
    )]))
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
