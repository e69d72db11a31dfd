//! How `validate` reports: each chunk's report ([`super::render`]) printed
//! in input order, with the progress out of its way; the counts and the
//! summary.

use super::junit::{self, SuiteCounts};
use super::output::{self, paint, plural};
use super::progress::Progress;
use super::render::{push_json, Counts, Rendered, Settings};
use super::ReportFormat;
use serde_json::json;

/// Prints the chunks' reports in order, and the summary.
pub struct Reporter {
    settings: Settings,
    pub counts: Counts,
    progress: Progress,
    /// JUnit: the input being reported (its position, name, counts and
    /// testcases so far), and whether the document has begun.
    suite: Option<(usize, String, SuiteCounts, String)>,
    begun: bool,
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
            suite: None,
            begun: false,
        }
    }

    /// Prints a chunk's report (the progress bar out of its way) and counts it.
    pub fn emit(&mut self, rendered: Rendered) {
        if self.settings.format == ReportFormat::Junit {
            self.junit(&rendered);
        } else if !rendered.text.is_empty() {
            self.print(&rendered.text);
        }
        self.counts.add(&rendered.counts);
        self.progress.advance(rendered.bytes, &self.counts);
    }

    /// Prints `text` out of the progress bar's way: machine formats as they
    /// are, text through the colour filter.
    fn print(&self, text: &str) {
        match self.settings.format {
            ReportFormat::Text => self.progress.suspend(|| output::out(text)),
            _ => self.progress.suspend(|| output::out_plain(text)),
        }
    }

    /// JUnit: a chunk's testcases added to its input's suite; the suite
    /// before it printed when the input changes.
    fn junit(&mut self, rendered: &Rendered) {
        if self.suite.as_ref().is_some_and(|s| s.0 != rendered.input) {
            self.end_suite();
        }
        let suite = self.suite.get_or_insert_with(|| {
            (
                rendered.input,
                rendered.name.clone(),
                SuiteCounts::default(),
                String::new(),
            )
        });
        let c = &rendered.counts;
        suite.2.tests += c.payloads + c.unreadable + rendered.listed_skips;
        suite.2.failures += c.failed;
        suite.2.errors += c.unreadable;
        suite.2.skipped += rendered.listed_skips;
        suite.3.push_str(&rendered.text);
    }

    /// JUnit: prints the suite of the input that ended.
    fn end_suite(&mut self) {
        let mut text = String::new();
        if !self.begun {
            self.begun = true;
            text.push_str(junit::START);
        }
        if let Some((_, name, counts, body)) = self.suite.take() {
            text.push_str(&junit::suite(&name, counts, &body));
        }
        self.print(&text);
    }

    /// Clears the progress and prints the summary.
    pub fn finish(&mut self) {
        self.progress.finish();
        let c = &self.counts;
        match self.settings.format {
            ReportFormat::Text => {
                let style = if c.failed > 0 || c.unreadable > 0 {
                    output::ERROR
                } else if c.drift > 0 {
                    output::WARN
                } else {
                    output::OK
                };
                output::out(&format!("{}\n", paint(style, summary(c))));
            }
            ReportFormat::Junit => {
                self.end_suite();
                // The summary as a comment after the document.
                output::out_plain(&format!(
                    "{}<!-- {} -->\n",
                    junit::END,
                    summary(&self.counts)
                ));
            }
            _ => {
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
                            "skipped": c.skipped,
                            "no_content": c.no_content,
                        }
                    }),
                );
                output::out_plain(&text);
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
    if c.skipped > 0 {
        text.push_str(&format!(
            ", {} skipped (not the contract's, or no body)",
            entries(c.skipped)
        ));
    }
    if c.no_content > 0 {
        text.push_str(&format!(", {} without content", entries(c.no_content)));
    }
    if c.unreadable > 0 {
        text.push_str(&format!(
            ", {} could not be read",
            plural(c.unreadable, "input")
        ));
    }
    text
}

/// `1 HAR entry`, `2 HAR entries`.
fn entries(n: usize) -> String {
    match n {
        1 => "1 HAR entry".to_owned(),
        n => format!("{n} HAR entries"),
    }
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
            ..Counts::default()
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
