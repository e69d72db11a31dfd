//! From schema errors to [`Finding`]s: classify (drift or violation), choose
//! the branch of a failed `anyOf`/`oneOf` to report, place each finding in
//! the text, and order them.
//!
//! The errors ([`RawError`]s) come from the validators generated with the
//! models or, as the reference the tests hold them to, from the
//! `jsonschema` crate: one classification serves both, so the two can be
//! compared.

use std::collections::HashSet;

use serde_json::Value;

use super::locate::{self, Locator};
use super::models::RawError;
use super::{Finding, FindingClass, Position, SNIPPET_CHARS};

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

    fn violation(node: RawError) -> Raw {
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
fn expand(node: RawError, out: &mut Vec<Raw>) {
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

/// The findings of `errors` on a parsed payload (without its text: no
/// positions): classified, each `anyOf`/`oneOf` reduced to its closest
/// branch, repeats dropped, ordered by pointer.
pub fn findings_of(errors: Vec<RawError>, value: &Value) -> Vec<Finding> {
    findings(errors, value, None, usize::MAX)
}

/// Classifies `nodes`, places each finding in the text (when there is one)
/// and orders them by position, then pointer. Repeats are dropped. Past
/// `max` findings (in the validator's order, which follows the document),
/// the rest are cut before they are placed, and a last finding (keyword
/// `limit`) says how many.
pub(super) fn findings(
    nodes: Vec<RawError>,
    value: &Value,
    locator: Option<&Locator<'_>>,
    max: usize,
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
    // The validators' own `limit` errors (work or errors past their
    // bounds) are always kept, and not counted.
    let countable = raw
        .iter()
        .zip(&keep)
        .filter(|(r, keep)| **keep && r.keyword != LIMIT)
        .count();
    let cut = countable.saturating_sub(max);
    let mut placer = locator.map(|l| Placer::new(l, value, countable - cut + 2));
    let mut taken = 0;
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .zip(keep)
        .filter(|(r, keep)| {
            if !*keep {
                return false;
            }
            if r.keyword == LIMIT {
                return true;
            }
            taken += 1;
            taken <= max
        })
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
    if cut > 0 {
        let (position, snippet) = place(placer.as_mut(), "");
        findings.push(Finding {
            pointer: String::new(),
            position,
            snippet,
            message: format!(
                "{cut} more findings were cut: at most {max} are reported per payload \
                 (--max-findings)"
            ),
            class: FindingClass::Violation,
            keyword: LIMIT.to_owned(),
            schema_path: String::new(),
        });
    }
    findings
}

/// The keyword of the finding that says findings were cut (the generated
/// validators' own bound uses it too).
pub const LIMIT: &str = "limit";

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
