//! How `validate` reports: each payload's verdict as lines of text (error
//! and warning items with pointer, line:column and the offending text) or
//! as one JSON object, the counts and the summary, and progress on a
//! terminal.

use super::outcome::{self, Item, Outcome};
use super::output::{self, paint, plural};
use super::Format;
use clerk_models::judge::{Judged, Position};
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
            Ok(verdict) => outcome::outcome(verdict),
            Err(error) => outcome::failure(text, start, judged.start, error),
        };
        self.print(file, &name, judged.start, outcome);
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
                println_json(&doc);
            }
            Format::Text => {
                if self.quiet && status == "ok" {
                    return;
                }
                self.progress.clear();
                output::out(&outcome::text(file, name, status, kind, &outcome));
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

/// One JSON object on one line (JSON Lines), uncoloured.
fn println_json(value: &Value) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{value}");
}
