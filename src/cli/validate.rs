//! `validate`: judges payloads by the schema and by the generated types
//! (through [`clerk_models::judge`]), and reports every error with its JSON
//! pointer, line:column and the offending text.

use super::output::{self, paint, plural};
use super::{CliError, Exit, Format, Global, Problem};
use clerk_models::judge::{
    DriftKind, Finding, FindingClass, Judge, JudgeError, Limits, Position, Verdict,
};
use serde_json::{json, Value};
use std::io::{BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
            Some(kind) => Some(kind),
            None => {
                let known: Vec<&str> = judge.kinds().collect();
                return Err(CliError::Problems(vec![Problem::file(
                    "--type",
                    format!(
                        "no kind is named {name:?}; the kinds are: {}",
                        known.join(", ")
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
    let mut reporter = Reporter {
        judge: &judge,
        kind,
        format: global.format,
        deny_drift: args.deny_drift,
        quiet: args.quiet,
        counts: Counts::default(),
        progress: Progress::new(global.format == Format::Text && std::io::stderr().is_terminal()),
    };
    for input in &inputs {
        reporter.counts.files += 1;
        let ndjson = args.ndjson || is_ndjson_name(input);
        if input == Path::new("-") {
            let stdin = std::io::stdin().lock();
            if ndjson {
                reporter.stream("<stdin>", stdin);
            } else {
                reporter.reader("<stdin>", stdin, args.max_bytes);
            }
        } else {
            reporter.file(input, ndjson, args.max_bytes);
        }
    }
    reporter.progress.clear();
    reporter.summary();
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

#[derive(Debug, Default)]
struct Counts {
    files: usize,
    payloads: usize,
    ok: usize,
    failed: usize,
    /// Payloads with drift.
    drifted: usize,
    drift_warnings: usize,
    unreadable: usize,
}

/// Progress on stderr, only on a terminal, at most ten times a second.
struct Progress {
    enabled: bool,
    last: Instant,
    shown: bool,
    bytes: u64,
}

impl Progress {
    fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            last: Instant::now(),
            shown: false,
            bytes: 0,
        }
    }

    fn tick(&mut self, source: &str, payloads: usize) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        output::err(&format!(
            "\r\x1b[2K{} {source}: {} judged, {:.1} MiB read",
            paint(output::NOTE, "validating"),
            plural(payloads, "payload"),
            self.bytes as f64 / (1024.0 * 1024.0)
        ));
    }

    fn clear(&mut self) {
        if self.shown {
            output::err("\r\x1b[2K");
            self.shown = false;
        }
    }
}

/// Where a payload starts in its input: line, column (from 1) and byte offset.
#[derive(Debug, Clone, Copy)]
struct Base {
    line: usize,
    column: usize,
    offset: usize,
}

impl Base {
    const START: Base = Base {
        line: 1,
        column: 1,
        offset: 0,
    };

    /// A position within the payload, as a position within the input.
    fn shift(self, line: usize, column: usize) -> (usize, usize) {
        if line <= 1 {
            (self.line, self.column + column.saturating_sub(1))
        } else {
            (self.line + line - 1, column)
        }
    }

    fn position(self, p: Position) -> (usize, usize) {
        self.shift(p.line, p.column)
    }
}

/// One payload: where it comes from.
struct Source<'s> {
    /// The input as the user named it.
    file: &'s str,
    /// The payload's name in messages: the file, or `file:LINE` for one of several.
    name: String,
    base: Base,
}

/// One error or warning about a payload.
struct Item {
    /// `schema`, `decode` or `parse` for errors; `drift` or `round-trip` for warnings.
    what: &'static str,
    pointer: Option<String>,
    at: Option<(usize, usize)>,
    snippet: Option<String>,
    message: String,
    keyword: Option<String>,
    /// For drift: `unknown-property` or `unknown-enum-value`.
    class: Option<&'static str>,
}

impl Item {
    fn to_json(&self) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("source".into(), self.what.into());
        if let Some(pointer) = &self.pointer {
            out.insert("pointer".into(), pointer.clone().into());
        }
        if let Some((line, column)) = self.at {
            out.insert("line".into(), line.into());
            out.insert("column".into(), column.into());
        }
        if let Some(snippet) = &self.snippet {
            out.insert("snippet".into(), snippet.clone().into());
        }
        if let Some(keyword) = &self.keyword {
            out.insert("keyword".into(), keyword.clone().into());
        }
        if let Some(class) = self.class {
            out.insert("class".into(), class.into());
        }
        out.insert("message".into(), self.message.clone().into());
        out.into()
    }
}

struct Reporter<'j> {
    judge: &'j Judge,
    kind: Option<&'static str>,
    format: Format,
    deny_drift: bool,
    quiet: bool,
    counts: Counts,
    progress: Progress,
}

impl Reporter<'_> {
    /// A file: checked, then judged whole or as a stream.
    fn file(&mut self, path: &Path, ndjson: bool, max_bytes: usize) {
        let name = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => return self.unreadable(&name, format!("cannot read: {e}")),
        };
        if meta.is_dir() {
            return self.unreadable(&name, "cannot read: is a folder, not a file".into());
        }
        if !ndjson && meta.len() > max_bytes as u64 {
            return self.unreadable(
                &name,
                format!(
                    "{} bytes is over the --max-bytes limit of {max_bytes} bytes (for a stream of payloads, one a line, use --ndjson or a .ndjson/.jsonl name)",
                    meta.len()
                ),
            );
        }
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) => return self.unreadable(&name, format!("cannot read: {e}")),
        };
        if ndjson {
            self.stream(&name, std::io::BufReader::new(file));
        } else {
            self.reader(&name, file, max_bytes);
        }
    }

    /// A whole input, at most `max_bytes` of it.
    fn reader(&mut self, name: &str, reader: impl Read, max_bytes: usize) {
        let mut bytes = Vec::new();
        match reader.take(max_bytes as u64 + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() > max_bytes => self.unreadable(
                name,
                format!(
                    "more than the --max-bytes limit of {max_bytes} bytes (for a stream of payloads, one a line, use --ndjson)"
                ),
            ),
            Ok(_) => {
                self.progress.bytes += bytes.len() as u64;
                self.document(name, &bytes);
            }
            Err(e) => self.unreadable(name, format!("cannot read: {e}")),
        }
    }

    /// One document, or several JSON values one after another.
    fn document(&mut self, file: &str, bytes: &[u8]) {
        let source = Source {
            file,
            name: file.to_owned(),
            base: Base::START,
        };
        let text = match self.judge.text(bytes) {
            Ok(text) => text,
            Err(e) => return self.failed(&source, "", e),
        };
        if text.trim().is_empty() {
            return self.empty(&source);
        }
        if self.fast(&source, text) {
            return;
        }
        match self.judge.judge_detect(self.kind, text) {
            Err(JudgeError::Json { message, .. }) if message.starts_with("trailing characters") => {
                self.values(file, text)
            }
            result => self.verdict(&source, text, result),
        }
    }

    /// Several top-level values in one text: each judged on its own.
    fn values(&mut self, file: &str, text: &str) {
        let mut stream =
            serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
        let mut end = 0;
        // Line and column are counted on from the previous value's start, so
        // a file of a million small values is read once, not once per value.
        let mut at = (0, 1, 1);
        loop {
            let start = end + (text[end..].len() - text[end..].trim_start().len());
            if start >= text.len() {
                break;
            }
            at = line_col_from(text, at, start);
            let (_, line, column) = at;
            let source = Source {
                file,
                name: format!("{file}:{line}"),
                base: Base {
                    line,
                    column,
                    offset: start,
                },
            };
            match stream.next() {
                None => break,
                Some(Ok(_)) => {
                    end = stream.byte_offset();
                    let slice = &text[start..end];
                    if !self.fast(&source, slice) {
                        let result = self.judge.judge_detect(self.kind, slice);
                        self.verdict(&source, slice, result);
                    }
                }
                Some(Err(e)) => {
                    // The stream's positions are already those of the whole text.
                    let error = JudgeError::json(text, &e);
                    let whole = Source {
                        base: Base::START,
                        ..source
                    };
                    self.failed(&whole, text, error);
                    break;
                }
            }
        }
    }

    /// NDJSON: one payload a line, read line by line (a line over the limit
    /// is skipped without being kept in memory).
    fn stream(&mut self, file: &str, mut reader: impl BufRead) {
        let max = self.judge.limits().max_bytes;
        let mut buf = Vec::new();
        let mut line_no = 0;
        let mut offset = 0usize;
        loop {
            line_no += 1;
            let (total, ended) = match read_line_bounded(&mut reader, &mut buf, max) {
                Ok(Some(read)) => read,
                Ok(None) => break,
                Err(e) => {
                    return self
                        .unreadable(&format!("{file}:{line_no}"), format!("cannot read: {e}"))
                }
            };
            self.progress.bytes += total as u64 + u64::from(ended);
            let source = Source {
                file,
                name: format!("{file}:{line_no}"),
                base: Base {
                    line: line_no,
                    column: 1,
                    offset,
                },
            };
            offset += total + usize::from(ended);
            if total > max {
                self.failed(
                    &source,
                    "",
                    JudgeError::TooLarge {
                        size: total,
                        limit: max,
                    },
                );
                continue;
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match self.judge.text(&buf) {
                Ok(text) => {
                    if !self.fast(&source, text) {
                        let result = self.judge.judge_detect(self.kind, text);
                        self.verdict(&source, text, result);
                    }
                }
                Err(e) => self.failed(&source, "", e),
            }
            self.progress.tick(file, self.counts.payloads);
        }
    }

    fn unreadable(&mut self, name: &str, message: String) {
        self.progress.clear();
        self.counts.unreadable += 1;
        match self.format {
            Format::Json => {
                println_json(&json!({"input": name, "status": "error", "message": message}))
            }
            Format::Text => output::out(&format!(
                "{} {name}: {message}\n",
                paint(output::ERROR, "error")
            )),
        }
    }

    fn empty(&mut self, source: &Source<'_>) {
        let item = Item {
            what: "parse",
            pointer: None,
            at: Some((source.base.line, source.base.column)),
            snippet: None,
            message: "empty input: no JSON value".into(),
            keyword: None,
            class: None,
        };
        self.payload(source, None, vec![item], Vec::new(), "empty");
    }

    /// A payload that could not be judged: not UTF-8, not JSON, too deep,
    /// too large, or of a kind that cannot be told.
    fn failed(&mut self, source: &Source<'_>, text: &str, error: JudgeError) {
        let (at, snippet) = match &error {
            JudgeError::Json { line, column, .. } => (
                Some(source.base.shift(*line, *column)),
                line_snippet(text, *line, *column),
            ),
            JudgeError::TooDeep { position, .. } | JudgeError::NotUtf8 { position } => {
                (Some(source.base.position(*position)), None)
            }
            // An NDJSON line over the limit: where it starts.
            JudgeError::TooLarge { .. } => (Some((source.base.line, source.base.column)), None),
            _ => (None, None),
        };
        let summary = match &error {
            JudgeError::Json { .. } => "not JSON",
            JudgeError::NotUtf8 { .. } => "not UTF-8",
            JudgeError::TooDeep { .. } => "nested too deep",
            JudgeError::TooLarge { .. } => "too large",
            JudgeError::UndetectedKind | JudgeError::UnknownKind { .. } => "unknown kind",
            _ => "not judged",
        };
        let mut message = match &error {
            JudgeError::Json { message, .. } => format!("not JSON: {message}"),
            JudgeError::NotUtf8 { .. } => {
                "not UTF-8 text: the first invalid byte is here".to_owned()
            }
            JudgeError::TooDeep { limit, .. } => {
                format!("arrays and objects nest deeper than {limit} levels here (--max-depth)")
            }
            JudgeError::TooLarge { size, limit } => {
                format!("{size} bytes is over the --max-bytes limit of {limit} bytes")
            }
            other => other.to_string(),
        };
        if matches!(error, JudgeError::UndetectedKind) {
            message = "cannot tell the payload's kind from its shape (an envelope {response, client}, an error body {errors}, or an object with a known \"object\"); name it with --type KIND".into();
        }
        let item = Item {
            what: if matches!(
                error,
                JudgeError::UndetectedKind | JudgeError::UnknownKind { .. }
            ) {
                "kind"
            } else {
                "parse"
            },
            pointer: None,
            at,
            snippet,
            message,
            keyword: None,
            class: None,
        };
        self.payload(source, None, vec![item], Vec::new(), summary);
    }

    /// The one-pass path ([`Judge::quick`]): reports the payload and returns
    /// true when it conforms and decodes; anything else needs the full
    /// judgement, which says where and why.
    fn fast(&mut self, source: &Source<'_>, text: &str) -> bool {
        match self.judge.quick(self.kind, text) {
            Ok(Some(kind)) => {
                let outline = Outline {
                    kind,
                    rust_type: self.judge.rust_type(kind).unwrap_or(kind),
                    conforms: true,
                    decodes: true,
                };
                self.payload(
                    source,
                    Some(outline),
                    Vec::new(),
                    Vec::new(),
                    "conforms and decodes",
                );
                true
            }
            _ => false,
        }
    }

    fn verdict(&mut self, source: &Source<'_>, text: &str, result: Result<Verdict, JudgeError>) {
        let verdict = match result {
            Ok(verdict) => verdict,
            Err(error) => return self.failed(source, text, error),
        };
        let base = source.base;
        let item = |what: &'static str, f: &Finding| Item {
            what,
            pointer: Some(f.pointer.clone()),
            at: f.position.map(|p| base.position(p)),
            snippet: f.snippet.clone(),
            message: f.message.clone(),
            keyword: Some(f.keyword.clone()),
            class: None,
        };
        let mut errors: Vec<Item> = verdict.violations().map(|f| item("schema", f)).collect();
        if let Some(e) = verdict.decode_error() {
            errors.push(Item {
                what: "decode",
                pointer: Some(e.pointer.clone()),
                at: e.position.map(|p| base.position(p)),
                snippet: e.snippet.clone(),
                message: e.message.clone(),
                keyword: None,
                class: None,
            });
        }
        let mut warnings: Vec<Item> = verdict
            .drift()
            .map(|f| {
                let mut w = item("drift", f);
                w.class = Some(match f.class {
                    FindingClass::Drift(DriftKind::UnknownProperty) => "unknown-property",
                    _ => "unknown-enum-value",
                });
                w
            })
            .collect();
        if let Ok(round_trip) = &verdict.decode {
            if let Err(e) = &round_trip.encoded {
                warnings.push(Item {
                    what: "round-trip",
                    pointer: None,
                    at: None,
                    snippet: None,
                    message: format!("the decoded value does not encode: {e}"),
                    keyword: None,
                    class: None,
                });
            } else if let Some(d) = &round_trip.difference {
                warnings.push(Item {
                    what: "round-trip",
                    pointer: Some(d.pointer.clone()),
                    at: None,
                    snippet: None,
                    message: format!(
                        "encoding the decoded value gives {} where the input has {}",
                        d.right.as_ref().map_or("nothing".into(), |v| v.to_string()),
                        d.left.as_ref().map_or("nothing".into(), |v| v.to_string())
                    ),
                    keyword: None,
                    class: None,
                });
            }
        }
        let violations = errors.len() - usize::from(verdict.decode_error().is_some());
        let summary = match (violations, verdict.decodes()) {
            (0, true) if warnings.is_empty() => "conforms and decodes".to_owned(),
            (0, true) => "decodes, with drift".to_owned(),
            (0, false) => "conforms to the schema but does not decode".to_owned(),
            (n, true) => format!(
                "does not conform ({}) but decodes",
                plural(n, "schema error")
            ),
            (n, false) => format!(
                "does not conform ({}) and does not decode",
                plural(n, "schema error")
            ),
        };
        let outline = Outline {
            kind: verdict.kind,
            rust_type: verdict.rust_type,
            conforms: verdict.conforms(),
            decodes: verdict.decodes(),
        };
        self.payload(source, Some(outline), errors, warnings, &summary);
    }

    /// Counts and prints one payload's result (`verdict` is `None` when the
    /// payload could not be judged at all).
    fn payload(
        &mut self,
        source: &Source<'_>,
        verdict: Option<Outline>,
        errors: Vec<Item>,
        warnings: Vec<Item>,
        summary: &str,
    ) {
        self.counts.payloads += 1;
        let drift = warnings.iter().filter(|w| w.what == "drift").count();
        self.counts.drift_warnings += drift;
        if drift > 0 {
            self.counts.drifted += 1;
        }
        let failed = !errors.is_empty() || (self.deny_drift && drift > 0);
        let status = if failed {
            self.counts.failed += 1;
            "fail"
        } else {
            self.counts.ok += 1;
            if warnings.is_empty() {
                "ok"
            } else {
                "drift"
            }
        };
        let kind = verdict.as_ref().map(|v| v.kind);
        match self.format {
            Format::Json => {
                let mut doc = json!({
                    "input": source.file,
                    "payload": source.name,
                    "line": source.base.line,
                    "status": status,
                    "kind": kind,
                    "rust_type": verdict.as_ref().map(|v| v.rust_type),
                    "conforms": verdict.as_ref().is_some_and(|v| v.conforms),
                    "decodes": verdict.as_ref().is_some_and(|v| v.decodes),
                    "errors": errors.iter().map(Item::to_json).collect::<Vec<_>>(),
                    "warnings": warnings.iter().map(Item::to_json).collect::<Vec<_>>(),
                });
                if source.base.offset == 0 && source.name == source.file {
                    doc.as_object_mut().expect("an object").remove("line");
                }
                println_json(&doc);
            }
            Format::Text => {
                if self.quiet && status == "ok" {
                    return;
                }
                self.progress.clear();
                let label = match status {
                    "ok" => paint(output::OK, "ok   "),
                    "drift" => paint(output::WARN, "drift"),
                    _ => paint(output::ERROR, "FAIL "),
                };
                let mut text = match kind {
                    Some(kind) => format!(
                        "{label} {}: {} {summary}\n",
                        source.name,
                        paint(output::BOLD, kind)
                    ),
                    None => format!("{label} {}: {summary}\n", source.name),
                };
                for (label, style, items) in [
                    ("error", output::ERROR, &errors),
                    ("warning", output::WARN, &warnings),
                ] {
                    for (i, item) in items.iter().enumerate() {
                        text.push_str(&format!(
                            "  {}",
                            paint(style, format!("{label}[{}]", item.what))
                        ));
                        text.push(' ');
                        text.push_str(source.file);
                        if let Some((line, column)) = item.at {
                            text.push_str(&format!(":{line}:{column}"));
                        }
                        if let Some(pointer) = &item.pointer {
                            text.push_str(&format!(
                                " {}",
                                paint(
                                    output::BOLD,
                                    if pointer.is_empty() {
                                        "(root)"
                                    } else {
                                        pointer
                                    }
                                )
                            ));
                        }
                        text.push_str(&format!(": {}\n", item.message));
                        // Errors at the same place (several missing properties
                        // of one object) show the text once, after the last.
                        let same_next = items
                            .get(i + 1)
                            .is_some_and(|next| next.at == item.at && next.snippet == item.snippet);
                        if let Some(snippet) = item.snippet.as_ref().filter(|_| !same_next) {
                            text.push_str(&format!(
                                "      {} {snippet}\n",
                                paint(output::NOTE, "|")
                            ));
                        }
                    }
                }
                output::out(&text);
            }
        }
    }

    fn summary(&self) {
        let c = &self.counts;
        match self.format {
            Format::Json => println_json(&json!({
                "summary": {
                    "files": c.files,
                    "payloads": c.payloads,
                    "ok": c.ok,
                    "failed": c.failed,
                    "with_drift": c.drifted,
                    "drift_warnings": c.drift_warnings,
                    "unreadable": c.unreadable,
                }
            })),
            Format::Text => {
                let mut text = format!(
                    "{} in {}: {} ok, {} failed",
                    plural(c.payloads, "payload"),
                    plural(c.files, "input"),
                    c.ok,
                    c.failed
                );
                if c.drifted > 0 {
                    text.push_str(&format!(
                        ", {} with drift ({})",
                        c.drifted,
                        plural(c.drift_warnings, "warning")
                    ));
                }
                if c.unreadable > 0 {
                    text.push_str(&format!(
                        ", {} could not be read",
                        plural(c.unreadable, "input")
                    ));
                }
                let style = if c.failed > 0 || c.unreadable > 0 {
                    output::ERROR
                } else if c.drifted > 0 {
                    output::WARN
                } else {
                    output::OK
                };
                output::out(&format!("{}\n", paint(style, text)));
            }
        }
    }
}

/// One JSON object on one line (JSON Lines), uncoloured.
fn println_json(value: &Value) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{value}");
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `max` bytes
/// of it. Returns the line's full length and whether a `\n` ended it, or
/// `None` at the end of the input.
fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<(usize, bool)>> {
    buf.clear();
    let mut total = 0;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some((total, false)));
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        if total + chunk.len() <= max {
            buf.extend_from_slice(chunk);
        }
        total += chunk.len();
        let used = newline.map_or(available.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some((total, true)));
        }
    }
}

/// The 1-based line and column of byte `to` of `text`, counted on from an
/// earlier `(offset, line, column)` (`(0, 1, 1)`: the start); returns
/// `(to, line, column)`.
fn line_col_from(
    text: &str,
    (offset, mut line, mut column): (usize, usize, usize),
    to: usize,
) -> (usize, usize, usize) {
    for c in text[offset..to].chars() {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (to, line, column)
}

/// Up to 80 characters of line `line` of `text`, around `column`.
fn line_snippet(text: &str, line: usize, column: usize) -> Option<String> {
    let content = text.lines().nth(line.checked_sub(1)?)?.trim_end();
    let chars: Vec<char> = content.chars().collect();
    if chars.is_empty() {
        return None;
    }
    let start = column.saturating_sub(40).min(chars.len().saturating_sub(1));
    let end = (start + 80).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    Some(out.trim().to_owned())
}

/// What the report needs of a verdict, from the fast path or the full one.
struct Outline {
    kind: &'static str,
    rust_type: &'static str,
    conforms: bool,
    decodes: bool,
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

    #[test]
    fn bounded_lines() {
        let mut reader = std::io::Cursor::new(b"ab\nlong line\n\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((2, true))
        );
        assert_eq!(buf, b"ab");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((9, true))
        );
        assert!(buf.is_empty(), "an over-long line is not kept");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((0, true))
        );
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((4, false))
        );
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 4).unwrap(), None);
    }

    #[test]
    fn positions_shift_by_the_payload_start() {
        let base = Base {
            line: 3,
            column: 5,
            offset: 0,
        };
        assert_eq!(base.shift(1, 2), (3, 6));
        assert_eq!(base.shift(2, 2), (4, 2));
        assert_eq!(line_col_from("ab\ncd", (0, 1, 1), 5), (5, 2, 3));
        let text = "é\nxé y";
        assert_eq!(line_col_from(text, (0, 1, 1), 3), (3, 2, 1));
        assert_eq!(line_col_from(text, (3, 2, 1), text.len()), (8, 2, 5));
    }
}
