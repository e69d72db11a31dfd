//! `validate`'s report of one chunk of input, made on a worker thread:
//! the chunk judged (through the judge's one entry), every payload's verdict
//! as lines of text or as one JSON object, and the counts. The
//! [`Reporter`](super::report::Reporter) prints the chunks in input order.

use super::outcome::{self, Item, Outcome};
use super::output::{self, paint};
use super::Format;
use clerk_models::judge::batch::{Body, Chunk};
use clerk_models::judge::{Judge, Judged, Position};
use serde_json::{json, Value};

/// How to report, the same on every thread.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub format: Format,
    pub deny_drift: bool,
    pub quiet: bool,
    pub max_bytes: usize,
}

/// Counts of a run (or of one chunk). Every payload is exactly one of ok,
/// drift and failed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub inputs: usize,
    pub payloads: usize,
    pub ok: usize,
    /// Payloads that pass with drift (with --deny-drift they fail instead).
    pub drift: usize,
    pub failed: usize,
    /// Drift warnings of every payload, failed ones included.
    pub drift_warnings: usize,
    pub unreadable: usize,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.inputs += other.inputs;
        self.payloads += other.payloads;
        self.ok += other.ok;
        self.drift += other.drift;
        self.failed += other.failed;
        self.drift_warnings += other.drift_warnings;
        self.unreadable += other.unreadable;
    }
}

/// A chunk's report: what to print, and what it counts.
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    pub counts: Counts,
    /// The input bytes the chunk covers.
    pub bytes: u64,
}

/// Judges a chunk and renders its report (on any thread).
pub fn render(settings: &Settings, judge: &Judge, kind: Option<&str>, chunk: &Chunk) -> Rendered {
    let mut out = Rendered {
        bytes: chunk.bytes,
        ..Rendered::default()
    };
    let name = &*chunk.name;
    match &chunk.body {
        Body::Unreadable { line, message } => {
            let at = match line {
                Some(line) => format!("{name}:{line}"),
                None => name.to_owned(),
            };
            out.unreadable(settings, &at, message);
        }
        Body::TooLarge(size) => {
            let outcome = outcome::too_large(*size, settings.max_bytes);
            out.print(settings, name, name, Position::START, outcome);
        }
        Body::Document(bytes) => {
            let judged = chunk.judge(judge, kind);
            let several = judged.len() > 1;
            for payload in judged {
                out.payload(settings, name, several, bytes, Position::START, payload);
            }
        }
        Body::Lines(lines) => {
            for line in lines {
                let bytes = line.content.as_deref().unwrap_or_default();
                for payload in line.judge(judge, kind) {
                    out.payload(settings, name, true, bytes, line.start, payload);
                }
            }
        }
    }
    out
}

impl Rendered {
    /// An input that could not be read (or no further).
    fn unreadable(&mut self, settings: &Settings, name: &str, message: &str) {
        self.counts.unreadable += 1;
        match settings.format {
            Format::Json => push_json(
                &mut self.text,
                &json!({"input": name, "status": "error", "message": message}),
            ),
            Format::Text => self.text.push_str(&format!(
                "{} {name}: {message}\n",
                paint(output::ERROR, "error")
            )),
        }
    }

    /// One payload of `file` (the input's `text` starting at `start`): one of
    /// several (named `file:LINE`) or the whole file.
    fn payload(
        &mut self,
        settings: &Settings,
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
            Ok(verdict) => outcome::outcome(verdict),
            Err(error) => outcome::failure(text, start, judged.start, error),
        };
        self.print(settings, file, &name, judged.start, outcome);
    }

    /// Counts and renders one payload's outcome.
    fn print(
        &mut self,
        settings: &Settings,
        file: &str,
        name: &str,
        start: Position,
        outcome: Outcome,
    ) {
        let c = &mut self.counts;
        c.payloads += 1;
        let drift = outcome
            .warnings
            .iter()
            .filter(|w| w.what == "drift")
            .count();
        c.drift_warnings += drift;
        let failed = !outcome.errors.is_empty() || (settings.deny_drift && drift > 0);
        let status = if failed {
            c.failed += 1;
            "fail"
        } else if outcome.warnings.is_empty() {
            c.ok += 1;
            "ok"
        } else {
            // Drift, or a round trip that differs: a warning, not a failure.
            c.drift += 1;
            "drift"
        };
        let kind = outcome.verdict.map(|v| v.0);
        match settings.format {
            Format::Json => {
                let mut doc = json!({
                    "input": file,
                    "payload": name,
                    "line": start.line,
                    "status": status,
                    "kind": kind,
                    "looks_like": outcome.looks_like,
                    "rust_type": outcome.verdict.map(|v| v.1),
                    "conforms": outcome.verdict.is_some_and(|v| v.2),
                    "decodes": outcome.verdict.is_some_and(|v| v.3),
                    "errors": outcome.errors.iter().map(Item::to_json).collect::<Vec<_>>(),
                    "warnings": outcome.warnings.iter().map(Item::to_json).collect::<Vec<_>>(),
                });
                let fields = doc.as_object_mut().expect("an object");
                if outcome.looks_like.is_none() {
                    fields.shift_remove("looks_like");
                }
                if start.offset == 0 && name == file {
                    fields.shift_remove("line");
                }
                push_json(&mut self.text, &doc);
            }
            Format::Text => {
                if settings.quiet && status == "ok" {
                    return;
                }
                self.text
                    .push_str(&outcome::text(file, name, status, kind, &outcome));
            }
        }
    }
}

/// One JSON object on one line (JSON Lines).
pub fn push_json(text: &mut String, value: &Value) {
    text.push_str(&value.to_string());
    text.push('\n');
}
