//! How `validate` reports: each payload's verdict as lines of text (error
//! and warning items with pointer, line:column and the offending text) or
//! as one JSON object, the counts and the summary, and progress on a
//! terminal.

use super::output::{self, paint, plural};
use super::Format;
use clerk_models::judge::{
    DriftKind, Finding, FindingClass, JudgeError, Judged, Position, Verdict,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Counts {
    pub files: usize,
    pub payloads: usize,
    pub ok: usize,
    pub failed: usize,
    /// Payloads with drift.
    pub drifted: usize,
    pub drift_warnings: usize,
    pub unreadable: usize,
}

/// Progress on stderr, only on a terminal, at most ten times a second.
pub struct Progress {
    enabled: bool,
    last: Instant,
    shown: bool,
    pub bytes: u64,
}

impl Progress {
    pub fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            last: Instant::now(),
            shown: false,
            bytes: 0,
        }
    }

    pub fn tick(&mut self, source: &str, payloads: usize) {
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

/// One error or warning about a payload.
struct Item {
    /// `schema`, `decode`, `parse` or `kind` for errors; `drift` or
    /// `round-trip` for warnings.
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
    fn new(what: &'static str, message: String) -> Item {
        Item {
            what,
            pointer: None,
            at: None,
            snippet: None,
            message,
            keyword: None,
            class: None,
        }
    }

    fn finding(what: &'static str, f: &Finding) -> Item {
        Item {
            pointer: Some(f.pointer.clone()),
            at: f.position.map(|p| (p.line, p.column)),
            snippet: f.snippet.clone(),
            keyword: Some(f.keyword.clone()),
            class: match f.class {
                FindingClass::Drift(DriftKind::UnknownProperty) => Some("unknown-property"),
                FindingClass::Drift(DriftKind::UnknownEnumValue) => Some("unknown-enum-value"),
                FindingClass::Violation => None,
            },
            ..Item::new(what, f.message.clone())
        }
    }

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

/// What the report needs of one payload's verdict.
struct Outcome {
    /// (kind, Rust type, conforms, decodes), when the payload was judged.
    verdict: Option<(&'static str, &'static str, bool, bool)>,
    errors: Vec<Item>,
    warnings: Vec<Item>,
    summary: String,
}

/// Counts and prints the payloads' verdicts.
pub struct Reporter {
    format: Format,
    deny_drift: bool,
    quiet: bool,
    pub counts: Counts,
    pub progress: Progress,
}

impl Reporter {
    pub fn new(format: Format, deny_drift: bool, quiet: bool, progress: Progress) -> Self {
        Reporter {
            format,
            deny_drift,
            quiet,
            counts: Counts::default(),
            progress,
        }
    }

    /// An input that could not be read at all.
    pub fn unreadable(&mut self, name: &str, message: String) {
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

    /// One payload of `file` (the input's `text` starting at `start`): one of
    /// several (named `file:LINE`) or the whole file.
    pub fn payload(
        &mut self,
        file: &str,
        several: bool,
        text: &[u8],
        start: Position,
        judged: Judged,
    ) {
        let name = if several {
            format!("{file}:{}", judged.start.line)
        } else {
            file.to_owned()
        };
        let outcome = match &judged.result {
            Ok(verdict) => outcome(verdict),
            Err(error) => self.failure(text, start, judged.start, error),
        };
        self.print(file, &name, judged.start, outcome);
    }

    /// A payload that could not be judged: not UTF-8, not JSON, too deep,
    /// too large, empty, or of a kind that cannot be told.
    fn failure(&self, text: &[u8], start: Position, at: Position, error: &JudgeError) -> Outcome {
        let position = error.position();
        let snippet = match error {
            // The text's own line and column, for the excerpt.
            JudgeError::Json { line, column, .. } => {
                let text = std::str::from_utf8(text).unwrap_or_default();
                let line_in = line + 1 - start.line;
                let column_in = if line_in == 1 {
                    column + 1 - start.column
                } else {
                    *column
                };
                schemakit::position::line_snippet(text, line_in, column_in, 80)
            }
            _ => None,
        };
        let at = match error {
            // An NDJSON line over the limit, an empty input: where it starts.
            JudgeError::TooLarge { .. } | JudgeError::Empty => Some((at.line, at.column)),
            _ => position,
        };
        let (summary, message) = match error {
            JudgeError::Json { message, .. } => ("not JSON", format!("not JSON: {message}")),
            JudgeError::NotUtf8 { .. } => (
                "not UTF-8",
                "not UTF-8 text: the first invalid byte is here".to_owned(),
            ),
            JudgeError::TooDeep { limit, .. } => (
                "nested too deep",
                format!("arrays and objects nest deeper than {limit} levels here (--max-depth)"),
            ),
            JudgeError::TooLarge { size, limit } => (
                "too large",
                format!("{size} bytes is over the --max-bytes limit of {limit} bytes"),
            ),
            JudgeError::Empty => ("empty", "empty input: no JSON value".to_owned()),
            JudgeError::UndetectedKind => (
                "unknown kind",
                "cannot tell the payload's kind from its shape (an envelope {response, client}, an error body {errors}, or an object with a known \"object\"); name it with --type KIND".to_owned(),
            ),
            JudgeError::UnknownKind { .. } => ("unknown kind", error.to_string()),
            other => ("not judged", other.to_string()),
        };
        let what = match error {
            JudgeError::UndetectedKind | JudgeError::UnknownKind { .. } => "kind",
            _ => "parse",
        };
        Outcome {
            verdict: None,
            errors: vec![Item {
                at,
                snippet,
                ..Item::new(what, message)
            }],
            warnings: Vec::new(),
            summary: summary.to_owned(),
        }
    }

    /// Counts and prints one payload's outcome.
    fn print(&mut self, file: &str, name: &str, start: Position, outcome: Outcome) {
        self.counts.payloads += 1;
        let drift = outcome
            .warnings
            .iter()
            .filter(|w| w.what == "drift")
            .count();
        self.counts.drift_warnings += drift;
        if drift > 0 {
            self.counts.drifted += 1;
        }
        let failed = !outcome.errors.is_empty() || (self.deny_drift && drift > 0);
        let status = if failed {
            self.counts.failed += 1;
            "fail"
        } else {
            self.counts.ok += 1;
            if outcome.warnings.is_empty() {
                "ok"
            } else {
                "drift"
            }
        };
        let kind = outcome.verdict.map(|v| v.0);
        match self.format {
            Format::Json => {
                let mut doc = json!({
                    "input": file,
                    "payload": name,
                    "line": start.line,
                    "status": status,
                    "kind": kind,
                    "rust_type": outcome.verdict.map(|v| v.1),
                    "conforms": outcome.verdict.is_some_and(|v| v.2),
                    "decodes": outcome.verdict.is_some_and(|v| v.3),
                    "errors": outcome.errors.iter().map(Item::to_json).collect::<Vec<_>>(),
                    "warnings": outcome.warnings.iter().map(Item::to_json).collect::<Vec<_>>(),
                });
                if start.offset == 0 && name == file {
                    doc.as_object_mut().expect("an object").remove("line");
                }
                println_json(&doc);
            }
            Format::Text => {
                if self.quiet && status == "ok" {
                    return;
                }
                self.progress.clear();
                output::out(&text(file, name, status, kind, &outcome));
            }
        }
    }

    /// Clears the progress and prints the summary.
    pub fn finish(&mut self) {
        self.progress.clear();
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

/// A verdict's items and summary.
fn outcome(verdict: &Verdict) -> Outcome {
    let mut errors: Vec<Item> = verdict
        .violations()
        .map(|f| Item::finding("schema", f))
        .collect();
    if let Some(e) = verdict.decode_error() {
        errors.push(Item {
            pointer: Some(e.pointer.clone()),
            at: e.position.map(|p| (p.line, p.column)),
            snippet: e.snippet.clone(),
            ..Item::new("decode", e.message.clone())
        });
    }
    let mut warnings: Vec<Item> = verdict.drift().map(|f| Item::finding("drift", f)).collect();
    if let Ok(round_trip) = &verdict.decode {
        if let Some(Err(e)) = &round_trip.encoded {
            warnings.push(Item::new(
                "round-trip",
                format!("the decoded value does not encode: {e}"),
            ));
        } else if let Some(d) = &round_trip.difference {
            warnings.push(Item {
                pointer: Some(d.pointer.clone()),
                ..Item::new(
                    "round-trip",
                    format!(
                        "encoding the decoded value gives {} where the input has {}",
                        d.right.as_ref().map_or("nothing".into(), |v| v.to_string()),
                        d.left.as_ref().map_or("nothing".into(), |v| v.to_string())
                    ),
                )
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
    Outcome {
        verdict: Some((
            verdict.kind,
            verdict.rust_type,
            verdict.conforms(),
            verdict.decodes(),
        )),
        errors,
        warnings,
        summary,
    }
}

/// A payload's report as text: a status line, then each item with its
/// place and (once per place) the offending text.
fn text(file: &str, name: &str, status: &str, kind: Option<&str>, outcome: &Outcome) -> String {
    let label = match status {
        "ok" => paint(output::OK, "ok   "),
        "drift" => paint(output::WARN, "drift"),
        _ => paint(output::ERROR, "FAIL "),
    };
    let summary = &outcome.summary;
    let mut text = match kind {
        Some(kind) => format!("{label} {name}: {} {summary}\n", paint(output::BOLD, kind)),
        None => format!("{label} {name}: {summary}\n"),
    };
    for (label, style, items) in [
        ("error", output::ERROR, &outcome.errors),
        ("warning", output::WARN, &outcome.warnings),
    ] {
        for (i, item) in items.iter().enumerate() {
            text.push_str(&format!(
                "  {}",
                paint(style, format!("{label}[{}]", item.what))
            ));
            text.push(' ');
            text.push_str(file);
            if let Some((line, column)) = item.at {
                text.push_str(&format!(":{line}:{column}"));
            }
            if let Some(pointer) = &item.pointer {
                let shown = if pointer.is_empty() {
                    "(root)"
                } else {
                    pointer
                };
                text.push_str(&format!(" {}", paint(output::BOLD, shown)));
            }
            text.push_str(&format!(": {}\n", item.message));
            // Errors at the same place (several missing properties of one
            // object) show the text once, after the last.
            let same_next = items
                .get(i + 1)
                .is_some_and(|next| next.at == item.at && next.snippet == item.snippet);
            if let Some(snippet) = item.snippet.as_ref().filter(|_| !same_next) {
                text.push_str(&format!("      {} {snippet}\n", paint(output::NOTE, "|")));
            }
        }
    }
    text
}

/// One JSON object on one line (JSON Lines), uncoloured.
fn println_json(value: &Value) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{value}");
}
