//! What `validate` says of one payload: its error and warning items (with
//! pointer, line:column and the offending text), from a verdict or from why
//! it could not be judged, and that as lines of text.

use super::output::{self, paint, plural};
use clerk_models::judge::{DriftKind, Finding, FindingClass, JudgeError, Position, Verdict};
use serde_json::Value;

/// One error or warning about a payload.
pub struct Item {
    /// `schema`, `decode`, `parse` or `kind` for errors; `drift` or
    /// `round-trip` for warnings.
    pub what: &'static str,
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

    pub fn to_json(&self) -> Value {
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
pub struct Outcome {
    /// (kind, Rust type, conforms, decodes), when the payload was judged.
    pub verdict: Option<(&'static str, &'static str, bool, bool)>,
    pub errors: Vec<Item>,
    pub warnings: Vec<Item>,
    pub summary: String,
    /// Named with `--type`, failed, and shaped like another kind: that kind.
    pub looks_like: Option<&'static str>,
}

/// A payload that could not be judged: not UTF-8, not JSON, too deep,
/// too large, empty, or of a kind that cannot be told.
pub fn failure(text: &[u8], start: Position, at: Position, error: &JudgeError) -> Outcome {
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
        // What the kind rules saw, placed by the judge.
        JudgeError::UndetectedKind(why) => why.snippet.clone(),
        _ => None,
    };
    let pointer = match error {
        JudgeError::UndetectedKind(why) => Some(why.pointer.clone()),
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
        JudgeError::UndetectedKind(why) => (
            "unknown kind",
            format!(
                "cannot tell the payload's kind from its shape: {why}; name it with --type KIND"
            ),
        ),
        JudgeError::UnknownKind { .. } => ("unknown kind", error.to_string()),
        other => ("not judged", other.to_string()),
    };
    let what = match error {
        JudgeError::UndetectedKind(_) | JudgeError::UnknownKind { .. } => "kind",
        _ => "parse",
    };
    Outcome {
        verdict: None,
        errors: vec![Item {
            pointer,
            at,
            snippet,
            ..Item::new(what, message)
        }],
        warnings: Vec::new(),
        summary: summary.to_owned(),
        looks_like: None,
    }
}

/// A whole input (a file, or stdin) over `--max-bytes`: a payload that
/// fails, as an NDJSON line over the limit does. A file's size is known;
/// stdin is read no further than the limit.
pub fn too_large(size: Option<u64>, limit: usize) -> Outcome {
    let message = match size {
        Some(size) => format!(
            "{size} bytes is over the --max-bytes limit of {limit} bytes (for a stream of \
             payloads, one a line, use --ndjson or a .ndjson/.jsonl name)"
        ),
        None => format!(
            "more than the --max-bytes limit of {limit} bytes (for a stream of payloads, \
             one a line, use --ndjson)"
        ),
    };
    Outcome {
        verdict: None,
        errors: vec![Item {
            at: Some((1, 1)),
            ..Item::new("parse", message)
        }],
        warnings: Vec::new(),
        summary: "too large".to_owned(),
        looks_like: None,
    }
}

/// A verdict's items and summary.
pub fn outcome(verdict: &Verdict) -> Outcome {
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
        looks_like: verdict.looks_like,
    }
}

/// A payload's report as text: a status line, then each item with its
/// place and (once per place) the offending text.
pub fn text(file: &str, name: &str, status: &str, kind: Option<&str>, outcome: &Outcome) -> String {
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
    if let Some(other) = outcome.looks_like {
        text.push_str(&format!(
            "  {} its shape is that of {}: try --type {other}, or leave --type out\n",
            paint(output::NOTE, "hint:"),
            paint(output::BOLD, other)
        ));
    }
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
