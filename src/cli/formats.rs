//! One payload's report in each of validate's formats: lines of text, the
//! JSON object, and the envelope of a JSON Schema output unit. (JUnit wraps
//! the text: [`super::junit`].)

use super::outcome::{Item, Outcome};
use super::output::{self, paint};
use clerk_models::judge::Position;
use serde_json::{json, Value};

/// One payload, as the report names it.
pub struct Payload<'a> {
    /// Its input.
    pub file: &'a str,
    /// `file`, or `file:LINE` for one of several.
    pub name: &'a str,
    /// Where it starts in its input.
    pub start: Position,
    /// Its text (and whatever follows it in the input), for the output formats.
    pub text: &'a [u8],
    /// A HAR entry's body: the entry.
    pub entry: Option<&'a EntryLabel<'a>>,
}

/// A HAR entry, as the reports name it.
pub struct EntryLabel<'a> {
    /// The capture.
    pub input: &'a str,
    pub index: usize,
    pub method: &'a str,
    /// The URL's path (never its query).
    pub path: &'a str,
    pub status: u16,
    /// The operation's id, when the path is one.
    pub operation: Option<&'a str>,
}

impl EntryLabel<'_> {
    /// `{"index", "method", "path", "status", "operation"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "index": self.index,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "operation": self.operation,
        })
    }
}

/// `input`, `payload` (and `entry` for a HAR entry's body) of a report.
fn named(payload: &Payload<'_>, doc: &mut Value) {
    if let (Some(entry), Some(fields)) = (payload.entry, doc.as_object_mut()) {
        fields.insert("input".into(), entry.input.into());
        fields.insert("entry".into(), entry.to_json());
    }
}

impl Payload<'_> {
    /// Whether the payload is its whole input (no line to name).
    fn whole(&self) -> bool {
        self.start.offset == 0 && self.name == self.file
    }
}

/// `--format json`: the payload's object, every error with its place,
/// keyword and schema location. `typed`: judged by the contract's types
/// (else no `rust_type` and no `decodes`).
pub fn json(payload: &Payload<'_>, status: &str, outcome: &Outcome, typed: bool) -> Value {
    let verdict = outcome.verdict.as_ref();
    let mut doc = json!({
        "input": payload.file,
        "payload": payload.name,
        "line": payload.start.line,
        "status": status,
        "kind": verdict.map(|v| v.kind.as_ref()),
        "looks_like": outcome.looks_like,
        "rust_type": verdict.and_then(|v| v.rust_type),
        "conforms": verdict.is_some_and(|v| v.conforms),
        "decodes": verdict.and_then(|v| v.decodes).unwrap_or(false),
        "errors": outcome.errors.iter().map(Item::to_json).collect::<Vec<_>>(),
        "warnings": outcome.warnings.iter().map(Item::to_json).collect::<Vec<_>>(),
    });
    let fields = doc.as_object_mut().expect("an object");
    if outcome.looks_like.is_none() {
        fields.shift_remove("looks_like");
    }
    if payload.whole() {
        fields.shift_remove("line");
    }
    if !typed {
        fields.shift_remove("rust_type");
        fields.shift_remove("decodes");
    }
    if let Some(promise) = &outcome.promise {
        fields.insert("endpoint".into(), promise.clone().into());
    }
    named(payload, &mut doc);
    doc
}

/// `--format flag|list|hierarchical`: the payload named, its status, and
/// the schema's output unit under `output`; a payload that could not be
/// evaluated (not JSON, unknown kind, too large) has its `errors` instead.
pub fn standard(
    payload: &Payload<'_>,
    status: &str,
    outcome: &Outcome,
    output: Option<Value>,
) -> Value {
    let mut doc = json!({
        "input": payload.file,
        "payload": payload.name,
        "line": payload.start.line,
        "status": status,
        "kind": outcome.verdict.as_ref().map(|v| v.kind.as_ref()),
    });
    let fields = doc.as_object_mut().expect("an object");
    if payload.whole() {
        fields.shift_remove("line");
    }
    match output {
        Some(output) => fields.insert("output".into(), output),
        None => fields.insert(
            "errors".into(),
            outcome.errors.iter().map(Item::to_json).collect(),
        ),
    };
    named(payload, &mut doc);
    doc
}

/// A payload's report as text: a status line, then each item with its
/// place and (once per place) the offending text.
pub fn text(payload: &Payload<'_>, status: &str, outcome: &Outcome) -> String {
    let (file, name) = (payload.file, payload.name);
    let kind = outcome.verdict.as_ref().map(|v| v.kind.as_ref());
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
    if let Some(other) = outcome.looks_like.filter(|_| outcome.promise.is_none()) {
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
