//! How `validate` reports: each chunk's report ([`super::render`]) printed
//! in input order, with the progress out of its way; the counts and the
//! summary.

use super::output::{self, paint, plural};
use super::progress::Progress;
use super::render::{push_json, Counts, Rendered, Settings};
use super::Format;
use serde_json::json;

/// Prints the chunks' reports in order, and the summary.
pub struct Reporter {
    settings: Settings,
    pub counts: Counts,
    progress: Progress,
}

impl Reporter {
    pub fn new(settings: Settings, inputs: usize, progress: Progress) -> Self {
        Reporter {
            settings,
            counts: Counts {
                inputs,
                ..Counts::default()
            },
            progress,
        }
    }

    /// Prints a chunk's report (the progress bar out of its way) and counts it.
    pub fn emit(&mut self, rendered: Rendered) {
        if !rendered.text.is_empty() {
            let text = &rendered.text;
            match self.settings.format {
                // Plain stdout: JSON carries no colour.
                Format::Json => self.progress.suspend(|| output::out_plain(text)),
                Format::Text => self.progress.suspend(|| output::out(text)),
            }
        }
        self.counts.add(&rendered.counts);
        self.progress.advance(rendered.bytes, &self.counts);
    }

    /// Clears the progress and prints the summary.
    pub fn finish(&mut self) {
        self.progress.finish();
        let c = &self.counts;
        match self.settings.format {
            Format::Json => {
                let mut text = String::new();
                push_json(
                    &mut text,
                    &json!({
                        "summary": {
                            "files": c.inputs,
                            "payloads": c.payloads,
                            "ok": c.ok,
                            "drift": c.drift,
                            "failed": c.failed,
                            "drift_warnings": c.drift_warnings,
                            "unreadable": c.unreadable,
                        }
                    }),
                );
                output::out_plain(&text);
            }
            Format::Text => {
                let style = if c.failed > 0 || c.unreadable > 0 {
                    output::ERROR
                } else if c.drift > 0 {
                    output::WARN
                } else {
                    output::OK
                };
                output::out(&format!("{}\n", paint(style, summary(c))));
            }
        }
    }
}

/// `4 payloads in 2 inputs: 1 ok, 1 drift, 2 failed (3 drift warnings), 1 input could not be read`
pub fn summary(c: &Counts) -> String {
    let mut text = format!(
        "{} in {}: {} ok, {} drift, {} failed",
        plural(c.payloads, "payload"),
        plural(c.inputs, "input"),
        c.ok,
        c.drift,
        c.failed
    );
    if c.drift_warnings > 0 {
        text.push_str(&format!(" ({})", plural(c.drift_warnings, "drift warning")));
    }
    if c.unreadable > 0 {
        text.push_str(&format!(
            ", {} could not be read",
            plural(c.unreadable, "input")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_ok_drift_and_failed_apart() {
        let c = Counts {
            inputs: 2,
            payloads: 4,
            ok: 1,
            drift: 1,
            failed: 2,
            drift_warnings: 3,
            unreadable: 1,
        };
        assert_eq!(
            summary(&c),
            "4 payloads in 2 inputs: 1 ok, 1 drift, 2 failed (3 drift warnings), \
             1 input could not be read"
        );
        let one = Counts {
            inputs: 1,
            payloads: 1,
            ok: 1,
            ..Counts::default()
        };
        assert_eq!(
            summary(&one),
            "1 payload in 1 input: 1 ok, 0 drift, 0 failed"
        );
    }
}
