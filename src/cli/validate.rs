//! `validate`: reads the inputs (files, stdin, NDJSON streams) within their
//! limits and hands each to the judge's one entry
//! ([`clerk_models::judge::Judge::judge`]); [`super::report`] prints the
//! verdicts.

use super::report::{Progress, Reporter};
use super::{CliError, Exit, Format, Global, Problem};
use clerk_models::judge::stream::Lines;
use clerk_models::judge::{Input, Judge, Limits};
use std::io::{BufRead, IsTerminal, Read};
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
/// With no FILE, or `-`, payloads are read from stdin.
///
/// With --format json, one JSON object per payload (JSON Lines), then one
/// summary object.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models validate tests/fixtures/clerk/flutter/*.json
  clerk-models validate --type SignIn sign-in.json
  curl -s \"$FAPI/v1/client\" | clerk-models validate -
  clerk-models validate --ndjson --quiet < captured.log
  clerk-models validate --format json responses.ndjson | jq 'select(.status != \"ok\")'

Exit codes: 0 every payload conforms (drift allowed unless --deny-drift),
1 some payload fails (schema error, decode error, not JSON, unknown kind),
2 usage error, or a file that cannot be read or is over --max-bytes.")]
pub struct Args {
    /// Files to judge; `-` reads stdin (the default when no file is named).
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
    /// The largest payload, in bytes (a JSON file, or one NDJSON line).
    /// Suffixes K, M, G (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (at most 127).
    #[arg(long, value_name = "N", default_value_t = 127, value_parser = clap::value_parser!(u16).range(1..=127))]
    max_depth: u16,
    /// Count drift (unknown properties or enum values) as failure.
    #[arg(long)]
    deny_drift: bool,
    /// Print only the payloads that fail or drift, and the summary.
    #[arg(long, short)]
    quiet: bool,
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
        Some(name) => match judge.kind(name) {
            Some(kind) => Some(kind.name),
            None => {
                let suggestion = judge
                    .nearest_kind(name)
                    .map(|k| format!(" (did you mean {k}?)"))
                    .unwrap_or_default();
                return Err(CliError::Problems(vec![Problem::file(
                    "--type",
                    format!(
                        "no kind is named {name:?}{suggestion}; the kinds are: {}",
                        judge.payload_kinds().join(", ")
                    ),
                )]));
            }
        },
    };
    let mut inputs: Vec<PathBuf> = args.files.clone();
    if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(CliError::Problems(vec![Problem::file(
                "<stdin>",
                "no input: name files to judge, or pipe payloads in (see --help)",
            )]));
        }
        inputs.push(PathBuf::from("-"));
    }
    let progress = Progress::new(global.format == Format::Text && std::io::stderr().is_terminal());
    let mut reporter = Reporter::new(global.format, args.deny_drift, args.quiet, progress);
    let reader = Inputs {
        judge: &judge,
        kind,
        max_bytes: args.max_bytes,
    };
    for input in &inputs {
        reporter.counts.files += 1;
        let ndjson = args.ndjson || is_ndjson_name(input);
        if input == Path::new("-") {
            let stdin = std::io::stdin().lock();
            if ndjson {
                reader.stream(&mut reporter, "<stdin>", stdin);
            } else {
                reader.whole(&mut reporter, "<stdin>", stdin);
            }
        } else {
            reader.file(&mut reporter, input, ndjson);
        }
    }
    reporter.finish();
    let c = &reporter.counts;
    Ok(if c.unreadable > 0 {
        Exit::Error
    } else {
        Exit::findings_if(c.failed > 0)
    })
}

fn is_ndjson_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

/// Reads inputs within the limits and has each judged.
struct Inputs<'j> {
    judge: &'j Judge,
    kind: Option<&'static str>,
    max_bytes: usize,
}

impl Inputs<'_> {
    /// A file: checked, then judged whole or as a stream.
    fn file(&self, reporter: &mut Reporter, path: &Path, ndjson: bool) {
        let name = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => return reporter.unreadable(&name, format!("cannot read: {e}")),
        };
        if meta.is_dir() {
            return reporter.unreadable(&name, "cannot read: is a folder, not a file".into());
        }
        if !ndjson && meta.len() > self.max_bytes as u64 {
            return reporter.unreadable(
                &name,
                format!(
                    "{} bytes is over the --max-bytes limit of {} bytes (for a stream of payloads, one a line, use --ndjson or a .ndjson/.jsonl name)",
                    meta.len(),
                    self.max_bytes
                ),
            );
        }
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) => return reporter.unreadable(&name, format!("cannot read: {e}")),
        };
        if ndjson {
            self.stream(reporter, &name, std::io::BufReader::new(file));
        } else {
            self.whole(reporter, &name, file);
        }
    }

    /// A whole input, at most `max_bytes` of it: one document, which may
    /// hold several values.
    fn whole(&self, reporter: &mut Reporter, name: &str, reader: impl Read) {
        let mut bytes = Vec::new();
        let max = self.max_bytes;
        match reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() > max => reporter.unreadable(
                name,
                format!(
                    "more than the --max-bytes limit of {max} bytes (for a stream of payloads, one a line, use --ndjson)"
                ),
            ),
            Ok(_) => {
                reporter.progress.bytes += bytes.len() as u64;
                let judged = self
                    .judge
                    .judge(&bytes, &Input::document().with_kind(self.kind));
                let several = judged.len() > 1;
                for payload in judged {
                    reporter.payload(name, several, &bytes, Input::document().start, payload);
                }
            }
            Err(e) => reporter.unreadable(name, format!("cannot read: {e}")),
        }
    }

    /// NDJSON: one payload a line, read line by line (a line over the limit
    /// is skipped without being kept in memory).
    fn stream(&self, reporter: &mut Reporter, name: &str, reader: impl BufRead) {
        let mut lines = Lines::new(reader, self.max_bytes);
        loop {
            let line = match lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => {
                    return reporter.unreadable(
                        &format!("{name}:{}", lines.line()),
                        format!("cannot read: {e}"),
                    )
                }
            };
            reporter.progress.bytes = lines.bytes_read() as u64;
            let bytes = line.content.as_deref().unwrap_or_default();
            for payload in line.judge(self.judge, self.kind) {
                reporter.payload(name, true, bytes, line.start, payload);
            }
            reporter.progress.tick(name, reporter.counts.payloads);
        }
    }
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
