//! What `validate` says of one payload: its error and warning items (with
//! pointer, line:column and the offending text), from a verdict or from why
//! it could not be judged, and that as lines of text.

use super::output::plural;
use clerk_models::judge::any::SchemaVerdict;
use clerk_models::judge::endpoint::Operation;
use clerk_models::judge::{DriftKind, Finding, FindingClass, Verdict};
use serde_json::Value;
use std::borrow::Cow;

/// One error or warning about a payload.
pub struct Item {
    /// `schema`, `decode`, `parse`, `kind` or `endpoint` for errors; `drift` or
    /// `round-trip` for warnings.
    pub what: &'static str,
    pub(super) pointer: Option<String>,
    pub(super) at: Option<(usize, usize)>,
    pub(super) snippet: Option<String>,
    pub(super) message: String,
    pub(super) keyword: Option<String>,
    /// Where the keyword is in the schema (`file#pointer`).
    pub(super) schema: Option<String>,
    /// For drift: `unknown-property` or `unknown-enum-value`.
    pub(super) class: Option<&'static str>,
}

impl Item {
    pub(super) fn new(what: &'static str, message: String) -> Item {
        Item {
            what,
            pointer: None,
            at: None,
            snippet: None,
            message,
            keyword: None,
            schema: None,
            class: None,
        }
    }

    fn finding(what: &'static str, f: &Finding) -> Item {
        Item {
            pointer: Some(f.pointer.clone()),
            at: f.position.map(|p| (p.line, p.column)),
            snippet: f.snippet.clone(),
            keyword: Some(f.keyword.clone()),
            schema: Some(f.schema_path.clone()).filter(|s| !s.is_empty()),
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
        if let Some(schema) = &self.schema {
            out.insert("schema_location".into(), schema.clone().into());
        }
        if let Some(class) = self.class {
            out.insert("class".into(), class.into());
        }
        out.insert("message".into(), self.message.clone().into());
        out.into()
    }
}

/// What a payload was judged as, and the two verdicts.
pub struct Judgement {
    /// The kind (a `$defs` name), or the schema named with `--schema`.
    pub kind: Cow<'static, str>,
    /// The generated type it was decoded into (none with `--schema`).
    pub rust_type: Option<&'static str>,
    pub conforms: bool,
    /// Whether it decodes (none with `--schema`: no types).
    pub decodes: Option<bool>,
}

/// What the report needs of one payload's verdict.
pub struct Outcome {
    /// What it was judged as, when it was judged.
    pub verdict: Option<Judgement>,
    pub errors: Vec<Item>,
    pub warnings: Vec<Item>,
    /// A phrase, made once for the common outcomes (no allocation a payload).
    pub summary: Cow<'static, str>,
    /// Named with `--type`, failed, and shaped like another kind: that kind.
    pub looks_like: Option<&'static str>,
    /// Judged as the kind an endpoint promises (`--endpoint`, a HAR entry):
    /// the operation, `METHOD /path (operationId)`.
    pub promise: Option<String>,
}

/// An outcome judged as the kind `operation` promises: when the body's
/// shape says another kind, an error names both.
pub fn promised(mut outcome: Outcome, promise: Option<(&Operation, &str)>) -> Outcome {
    let Some((operation, kind)) = promise else {
        return outcome;
    };
    let label = format!("{} ({})", operation.key(), operation.operation_id);
    if let Some(other) = outcome.looks_like {
        let item = Item {
            pointer: Some(String::new()),
            at: Some((1, 1)),
            ..Item::new(
                "endpoint",
                format!("{label} promises {kind}, but the body's shape is that of {other}"),
            )
        };
        // An error where the body fails as the kind promised anyway; a
        // warning beside drift alone (the body may well be that kind).
        if outcome.errors.is_empty() {
            outcome.warnings.insert(0, item);
        } else {
            outcome.errors.insert(0, item);
        }
    }
    outcome.promise = Some(label);
    outcome
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
        (0, true) if warnings.is_empty() => "conforms and decodes".into(),
        (0, true) => "decodes, with drift".into(),
        (0, false) => "conforms to the schema but does not decode".into(),
        (n, true) => format!(
            "does not conform ({}) but decodes",
            plural(n, "schema error")
        )
        .into(),
        (n, false) => format!(
            "does not conform ({}) and does not decode",
            plural(n, "schema error")
        )
        .into(),
    };
    Outcome {
        verdict: Some(Judgement {
            kind: Cow::Borrowed(verdict.kind),
            rust_type: Some(verdict.rust_type),
            conforms: verdict.conforms(),
            decodes: Some(verdict.decodes()),
        }),
        errors,
        warnings,
        summary,
        looks_like: verdict.looks_like,
        promise: None,
    }
}

/// The verdict of a schema named with `--schema` (no types, no drift):
/// every error of the schema.
pub fn of_schema(name: &str, verdict: &SchemaVerdict) -> Outcome {
    let errors: Vec<Item> = verdict
        .findings
        .iter()
        .map(|f| Item::finding("schema", f))
        .collect();
    let summary = match errors.len() {
        0 => "conforms".into(),
        n => format!("does not conform ({})", plural(n, "schema error")).into(),
    };
    Outcome {
        verdict: Some(Judgement {
            kind: Cow::Owned(name.to_owned()),
            rust_type: None,
            conforms: errors.is_empty(),
            decodes: None,
        }),
        errors,
        warnings: Vec::new(),
        summary,
        looks_like: None,
        promise: None,
    }
}
