//! `validate`'s report of one chunk of input ([`super::chunk`] judges it),
//! made on a worker thread: every payload's verdict as lines of text or as
//! one JSON object, and the counts. The
//! [`Reporter`](super::report::Reporter) prints the chunks in input order.

use super::formats::{self, EntryLabel, Payload};
use super::judging::Judging;
use super::junit;
use super::outcome::Outcome;
use super::output::{self, paint};
use super::unjudged;
use super::ReportFormat;
use clerk_models::judge::any::OutputFormat;
use clerk_models::judge::{Judged, Position};
use serde_json::{json, Value};

/// How to report, the same on every thread.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub format: ReportFormat,
    pub deny_drift: bool,
    pub quiet: bool,
    pub max_bytes: usize,
    /// Judged by the contract's types (not a schema named with --schema).
    pub typed: bool,
    /// List the HAR entries that are skipped, too.
    pub verbose: bool,
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
    /// HAR entries not judged: not a Frontend API operation of the
    /// contract, or a status with no body.
    pub skipped: usize,
    /// HAR entries of an operation whose body the capture does not hold.
    pub no_content: usize,
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
        self.skipped += other.skipped;
        self.no_content += other.no_content;
    }
}

/// A chunk's report: what to print, and what it counts.
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    pub counts: Counts,
    /// The input bytes the chunk covers.
    pub bytes: u64,
    /// Its input's position in the run, from 0, and name.
    pub input: usize,
    pub name: String,
    /// HAR entries listed as skipped (JUnit counts them).
    pub listed_skips: usize,
}

impl Rendered {
    /// An input that could not be read (or no further).
    pub(super) fn unreadable(&mut self, settings: &Settings, name: &str, message: &str) {
        self.counts.unreadable += 1;
        match settings.format {
            ReportFormat::Text => self.text.push_str(&format!(
                "{} {name}: {message}\n",
                paint(output::ERROR, "error")
            )),
            ReportFormat::Junit => junit::unreadable(&mut self.text, name, message),
            _ => push_json(
                &mut self.text,
                &json!({"input": name, "status": "error", "message": message}),
            ),
        }
    }

    /// One payload of `file` (the input's `text` starting at `start`): one of
    /// several (named `file:LINE`) or the whole file.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn payload(
        &mut self,
        settings: &Settings,
        judging: &Judging,
        file: &str,
        several: bool,
        text: &[u8],
        start: Position,
        judged: Judged<Outcome>,
        entry: Option<&EntryLabel<'_>>,
    ) {
        let outcome = match judged.result {
            Ok(outcome) => outcome,
            Err(error) => unjudged::failure(text, start, judged.start, &error, judging.secrets()),
        };
        if settings.quiet && settings.format == ReportFormat::Text && is_ok(&outcome) {
            // Counted, nothing to print: no name to build either.
            self.count(settings, &outcome);
            return;
        }
        let name = match entry {
            Some(e) => format!("{file} {} {} {}", e.method, e.path, e.status),
            None if several => format!("{file}:{}", judged.start.line),
            None => file.to_owned(),
        };
        let from = judged
            .start
            .offset
            .saturating_sub(start.offset)
            .min(text.len());
        let payload = Payload {
            file,
            name: &name,
            start: judged.start,
            text: &text[from..],
            entry,
        };
        self.print(settings, judging, &payload, outcome);
    }

    /// Counts and renders one payload's outcome.
    pub(super) fn print(
        &mut self,
        settings: &Settings,
        judging: &Judging,
        payload: &Payload<'_>,
        outcome: Outcome,
    ) {
        let status = self.count(settings, &outcome);
        let kind = outcome.verdict.as_ref().map(|v| v.kind.as_ref());
        let standard = match settings.format {
            ReportFormat::Flag => Some(OutputFormat::Flag),
            ReportFormat::List => Some(OutputFormat::List),
            ReportFormat::Hierarchical => Some(OutputFormat::Hierarchical),
            _ => None,
        };
        match (settings.format, standard) {
            (_, Some(format)) => {
                let output = kind.and_then(|k| judging.output(k, payload.text, format));
                let doc = formats::standard(payload, status, &outcome, output);
                push_json(&mut self.text, &doc);
            }
            (ReportFormat::Text, _) => {
                if settings.quiet && status == "ok" {
                    return;
                }
                self.text
                    .push_str(&formats::text(payload, status, &outcome));
            }
            (ReportFormat::Junit, _) => {
                let report = formats::text(payload, status, &outcome);
                junit::testcase(
                    &mut self.text,
                    payload.name,
                    kind,
                    status,
                    &outcome.summary,
                    &report,
                );
            }
            _ => {
                let doc = formats::json(payload, status, &outcome, settings.typed);
                push_json(&mut self.text, &doc);
            }
        }
    }
}

impl Rendered {
    /// Counts one payload's outcome; its status (`ok`, `drift`, `fail`).
    fn count(&mut self, settings: &Settings, outcome: &Outcome) -> &'static str {
        let c = &mut self.counts;
        c.payloads += 1;
        let drift = outcome
            .warnings
            .iter()
            .filter(|w| w.what == "drift")
            .count();
        c.drift_warnings += drift;
        let failed = !outcome.errors.is_empty() || (settings.deny_drift && drift > 0);
        if failed {
            c.failed += 1;
            "fail"
        } else if outcome.warnings.is_empty() {
            c.ok += 1;
            "ok"
        } else {
            // Drift, or a round trip that differs: a warning, not a failure.
            c.drift += 1;
            "drift"
        }
    }
}

/// Whether an outcome is `ok`: no error, no warning.
fn is_ok(outcome: &Outcome) -> bool {
    outcome.errors.is_empty() && outcome.warnings.is_empty()
}

/// One JSON object on one line (JSON Lines).
pub fn push_json(text: &mut String, value: &Value) {
    text.push_str(&value.to_string());
    text.push('\n');
}
