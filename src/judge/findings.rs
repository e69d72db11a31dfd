//! From schema errors to [`Finding`]s: classify (drift or violation), choose
//! the branch of a failed `anyOf`/`oneOf` to report, place each finding in
//! the text, and order them.
//!
//! The errors come from the validators generated with the models (the
//! judge's own, [`crate::validate_type`]) or, as the reference the tests
//! hold them to, from the `jsonschema` crate. Both are first turned into
//! [`Node`]s, so one classification serves both and the two can be compared.

use std::collections::HashSet;

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use super::locate::{self, Locator};
// The generated validators' quoting: bounded, whatever the value's size.
use super::{pointer, DriftKind, Finding, FindingClass, Position, SNIPPET_CHARS};
pub(super) use crate::__schemagen::{short, short_str};

/// A schema error, from either validator, before it is classified.
pub(super) struct Node {
    pointer: String,
    keyword: String,
    message: String,
    schema_path: String,
    /// Drift the tolerant types keep, told by the validator.
    drift: Option<DriftKind>,
    /// For an `anyOf`/`oneOf` that no branch matched: each branch's errors.
    context: Vec<Vec<Node>>,
}

impl Node {
    /// An error of a generated validator.
    pub(super) fn generated(error: crate::SchemaError) -> Node {
        let kind = match error.keyword {
            "additionalProperties" | "unevaluatedProperties" => DriftKind::UnknownProperty,
            _ => DriftKind::UnknownEnumValue,
        };
        let drift = error.drift.then_some(kind);
        Node {
            pointer: error.pointer,
            keyword: error.keyword.to_owned(),
            message: error.message,
            schema_path: error.schema_path,
            drift,
            context: error
                .context
                .into_iter()
                .map(|branch| branch.into_iter().map(Node::generated).collect())
                .collect(),
        }
    }

    /// An error of the `jsonschema` crate (one error may become several:
    /// `additionalProperties` names every unknown property at once).
    pub(super) fn reference(error: &ValidationError<'_>, out: &mut Vec<Node>) {
        let at = error.instance_path().as_str();
        let keyword = error.kind().keyword().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        let instance = error.instance();
        let node = |pointer: String, message: String, drift: Option<DriftKind>| Node {
            pointer,
            keyword: keyword.clone(),
            message,
            schema_path: schema_path.clone(),
            drift,
            context: Vec::new(),
        };
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected }
                if !unexpected.is_empty() =>
            {
                for name in unexpected {
                    out.push(node(
                        pointer::push(at, name),
                        format!(
                            "unknown property {}: the schema does not list it",
                            short_str(name)
                        ),
                        Some(DriftKind::UnknownProperty),
                    ));
                }
            }
            ValidationErrorKind::Enum { options }
                if instance.is_string()
                    && options
                        .as_array()
                        .is_some_and(|o| !o.is_empty() && o.iter().all(Value::is_string)) =>
            {
                out.push(node(
                    at.to_owned(),
                    format!(
                        "unknown value {}: the schema lists {}",
                        short(instance),
                        short(options)
                    ),
                    Some(DriftKind::UnknownEnumValue),
                ));
            }
            ValidationErrorKind::Constant { expected_value }
                if instance.is_string() && expected_value.is_string() =>
            {
                out.push(node(
                    at.to_owned(),
                    format!(
                        "unknown value {}: the schema expects {}",
                        short(instance),
                        short(expected_value)
                    ),
                    Some(DriftKind::UnknownEnumValue),
                ));
            }
            kind => {
                let context = match kind {
                    ValidationErrorKind::AnyOf { context }
                    | ValidationErrorKind::OneOfNotValid { context } => context
                        .iter()
                        .map(|branch| {
                            let mut nodes = Vec::new();
                            for e in branch {
                                Node::reference(e, &mut nodes);
                            }
                            nodes
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let message = error.masked_with(short(instance)).to_string();
                out.push(Node {
                    context,
                    ..node(at.to_owned(), message, None)
                });
            }
        }
    }
}

/// A classified schema error, before it is placed in the text.
struct Raw {
    pointer: String,
    class: FindingClass,
    keyword: String,
    message: String,
    schema_path: String,
}

impl Raw {
    /// Depth in the instance, and whether the error is more than a type
    /// mismatch (the value had the right type, then failed on something else).
    fn progress(&self) -> (usize, bool) {
        (self.pointer.matches('/').count(), self.keyword != "type")
    }

    fn violation(node: Node) -> Raw {
        Raw {
            pointer: node.pointer,
            class: FindingClass::Violation,
            keyword: node.keyword,
            message: node.message,
            schema_path: node.schema_path,
        }
    }
}

/// Turns one error into findings:
///
/// * drift (an unknown property, at that property; a string an all-string
///   `enum` or `const` does not list): drift;
/// * `anyOf`/`oneOf` that no branch matched: the errors of the branch that
///   came closest (a branch with drift only; else the one whose errors go
///   deepest in the instance, an error other than `type` counting as deeper
///   than a `type` error at the same place; then the one with fewest errors;
///   then the first). So a nullable reference (`anyOf: [{$ref}, {type:
///   null}]`) whose object has an unknown property is drift at that
///   property, and a violation inside the object is reported where it is.
///   When no branch got past the type of the value itself, the `anyOf`
///   error is reported as it is.
/// * anything else: a violation.
fn expand(node: Node, out: &mut Vec<Raw>) {
    if let Some(kind) = node.drift {
        out.push(Raw {
            class: FindingClass::Drift(kind),
            ..Raw::violation(node)
        });
        return;
    }
    if node.context.is_empty() {
        out.push(Raw::violation(node));
        return;
    }
    let own = (node.pointer.matches('/').count(), false);
    let mut node = node;
    let branches: Vec<Vec<Raw>> = std::mem::take(&mut node.context)
        .into_iter()
        .map(|branch| {
            let mut raws = Vec::new();
            for n in branch {
                expand(n, &mut raws);
            }
            raws
        })
        .collect();
    // How far a branch got: the deepest of its errors, and at that depth
    // whether the value at least had the right type.
    let progress = |b: &[Raw]| b.iter().map(Raw::progress).max();
    let best = branches
        .into_iter()
        .filter(|b| !b.is_empty())
        .enumerate()
        .min_by_key(|(i, b)| {
            let drift_only = b.iter().all(|r| r.class.is_drift());
            (!drift_only, std::cmp::Reverse(progress(b)), b.len(), *i)
        })
        .map(|(_, b)| b);
    match best {
        Some(b) if b.iter().all(|r| r.class.is_drift()) || progress(&b) > Some(own) => {
            out.extend(b)
        }
        // Never lose an error: the validator said invalid.
        _ => out.push(Raw::violation(node)),
    }
}

/// Classifies `nodes`, places each finding in the text (when there is one)
/// and orders them by position, then pointer. Repeats are dropped.
pub(super) fn findings(
    nodes: Vec<Node>,
    value: &Value,
    locator: Option<&Locator<'_>>,
) -> Vec<Finding> {
    let mut raw = Vec::new();
    for node in nodes {
        expand(node, &mut raw);
    }
    // Repeats go (by borrowed keys: nothing is copied to find them).
    let keep: Vec<bool> = {
        let mut seen = HashSet::new();
        raw.iter()
            .map(|r| {
                seen.insert((
                    r.pointer.as_str(),
                    r.message.as_str(),
                    r.schema_path.as_str(),
                ))
            })
            .collect()
    };
    let mut placer = locator.map(|l| Placer::new(l, value, raw.len()));
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(r, _)| {
            let (position, snippet) = place(placer.as_mut(), &r.pointer);
            Finding {
                pointer: r.pointer,
                position,
                snippet,
                message: r.message,
                class: r.class,
                keyword: r.keyword,
                schema_path: r.schema_path,
            }
        })
        .collect();
    findings.sort_by(|a, b| {
        (a.position.map(|p| p.offset), &a.pointer).cmp(&(b.position.map(|p| p.offset), &b.pointer))
    });
    findings
}

/// Places pointers in the text of a payload: a few from the key offsets its
/// parse noted (a walk over the value), many with one [`locate::Finder`]
/// (which indexes each container it enters once, so that the cost stays
/// linear however many there are).
pub(super) struct Placer<'l, 'a> {
    locator: &'l Locator<'a>,
    /// The parsed value and its key offsets, when few pointers are to be placed.
    keys: Option<(&'l super::parse::Keys, &'l Value)>,
    finder: Option<locate::Finder<'l, 'a>>,
}

impl<'l, 'a> Placer<'l, 'a> {
    /// Up to this many pointers are placed by walking the value.
    const FEW: usize = 16;

    /// A placer for about `count` pointers into `value`, parsed from the
    /// locator's text.
    pub(super) fn new(locator: &'l Locator<'a>, value: &'l Value, count: usize) -> Self {
        Placer {
            locator,
            keys: locator
                .keys()
                .filter(|_| count <= Self::FEW)
                .map(|keys| (keys, value)),
            finder: None,
        }
    }

    fn find(&mut self, pointer: &str) -> Option<locate::Found> {
        if let Some((keys, value)) = self.keys {
            if let Some(found) = keys
                .key_at(value, pointer)
                .and_then(|key| self.locator.member_at(key))
            {
                return Some(found);
            }
        }
        let locator = self.locator;
        self.finder
            .get_or_insert_with(|| locator.finder())
            .find(pointer)
    }
}

/// The position and snippet of the member a pointer names.
pub(super) fn place(
    placer: Option<&mut Placer<'_, '_>>,
    pointer: &str,
) -> (Option<Position>, Option<String>) {
    let Some(placer) = placer else {
        return (None, None);
    };
    match placer.find(pointer) {
        Some(found) => {
            let span = found.member();
            let locator = placer.locator;
            (
                Some(locator.position(span.start)),
                Some(locator.snippet(span, SNIPPET_CHARS)),
            )
        }
        None => (None, None),
    }
}
