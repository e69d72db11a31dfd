//! The full judgement of one payload: parsed within the limits (the key
//! offsets noted), every error of the generated validator as findings
//! placed in the text, the typed decode with the path of any error, and the
//! round trip.

use serde_json::Value;

use super::findings::{self, Placer};
use super::locate::Locator;
use super::models::RawError;
use super::parse::{Cut, Unparsed};
use super::verdict::{DecodeError, Finding, Pass, RoundTrip, Verdict};
use super::{budget, parse, secret, values, FindingClass, Judge, JudgeError, Limits};

impl Judge {
    /// The full judgement of a parsed payload, built in memory. Without the
    /// text, findings and decoding errors carry pointers but no positions
    /// or snippets. Of the limits only `max_depth` applies: a `Value` from
    /// `serde_json`'s parser nests at most 127 levels, but one built by hand
    /// may nest deeper, and decoding it would overflow the stack
    /// ([`JudgeError::ValueTooDeep`]).
    pub fn judge_value(&self, kind: &str, value: &Value) -> Result<Verdict, JudgeError> {
        let index = self.index(kind)?;
        if let Some(pointer) = schemakit::depth::in_value(value, self.limits.max_depth) {
            return Err(JudgeError::ValueTooDeep {
                limit: self.limits.max_depth,
                pointer,
            });
        }
        let mut verdict = self.verdict(index, value, None)?;
        if let Some(text) = self.secret_text(value) {
            secret::scrub_verdict(&mut verdict, &self.secrets().mask(&text));
        }
        Ok(verdict)
    }

    /// The schema's verdict alone on a parsed payload: every finding, drift
    /// included. No decoding.
    pub fn validate(&self, kind: &str, value: &Value) -> Result<Vec<Finding>, JudgeError> {
        let mut findings = self.findings(self.index(kind)?, value, None)?;
        if let Some(text) = self.secret_text(value) {
            let masked = self.secrets().mask(&text);
            for finding in &mut findings {
                finding.message = masked.scrub(&finding.message).into_owned();
            }
        }
        Ok(findings)
    }

    /// A value's text, for finding its secret values, when the schema
    /// marks any (a verdict on a value masks them as one on text does).
    fn secret_text(&self, value: &Value) -> Option<String> {
        (self.secrets().names().next().is_some()).then(|| value.to_string())
    }

    /// Every error of the generated validator on a parsed payload, as it
    /// gives them: before they are classified, a failed `anyOf`/`oneOf`
    /// reduced to its closest branch, or repeats dropped. For holding the
    /// validators to another implementation error for error.
    pub fn raw_errors(&self, kind: &str, value: &Value) -> Result<Vec<RawError>, JudgeError> {
        let rust_type = self.kinds[self.index(kind)?].rust_type;
        (self.models.validate)(rust_type, value, usize::MAX).ok_or_else(|| {
            JudgeError::UnknownKind {
                kind: rust_type.to_owned(),
            }
        })
    }

    /// The full judgement of `text` as the kind at `index`, or (`None`) as
    /// the kind its parsed value shows.
    /// Secret values are masked in everything the verdict quotes
    /// ([`secret`]).
    pub(super) fn full(&self, index: Option<usize>, text: &str) -> Result<Verdict, JudgeError> {
        let masked = self.secrets().mask(text);
        let (value, locator, cut) = located(self.limits, text)?;
        let locator = locator.showing(masked.shown());
        let Some(index) = index else {
            return match self.detect(&value) {
                Some(kind) => {
                    let mut verdict = self.verdict(self.index(kind)?, &value, Some(&locator))?;
                    self.finish(&mut verdict, cut.as_ref(), &value, &locator, &masked);
                    Ok(verdict)
                }
                None => {
                    // Placed like a finding: what the rules saw, in the text.
                    let mut why = self.rules().explain(&value);
                    let mut placer = Placer::new(&locator, &value, 1);
                    (why.position, why.snippet) = findings::place(Some(&mut placer), &why.pointer);
                    why.saw = masked.scrub(&why.saw).into_owned();
                    Err(JudgeError::UndetectedKind(Box::new(why)))
                }
            };
        };
        let mut verdict = self.verdict(index, &value, Some(&locator))?;
        self.finish(&mut verdict, cut.as_ref(), &value, &locator, &masked);
        if !(verdict.conforms() && verdict.decodes()) {
            // Named, and wrong? Say what it looks like.
            verdict.looks_like = self.detect(&value).filter(|&k| k != verdict.kind);
        }
        Ok(verdict)
    }

    /// A verdict on text completed: the arrays cut said, secrets masked.
    fn finish(
        &self,
        verdict: &mut Verdict,
        cut: Option<&Cut>,
        value: &Value,
        locator: &Locator<'_>,
        masked: &secret::Masked<'_>,
    ) {
        let ratio = self.limits.max_tree_ratio;
        cut_finding(true, ratio, cut, value, locator, &mut verdict.findings);
        secret::scrub_verdict(verdict, masked);
    }

    fn verdict(
        &self,
        index: usize,
        value: &Value,
        locator: Option<&Locator<'_>>,
    ) -> Result<Verdict, JudgeError> {
        let kind = &self.kinds[index];
        let findings = self.findings(index, value, locator)?;
        // Where the schema found a violation the decode is expected to fail,
        // and its path is wanted: track it from the start. (Only the cost
        // differs; the outcome is the same either way.)
        let expect_failure = findings.iter().any(|f| !f.class.is_drift());
        let decoders = self
            .decoders(index)
            .ok_or_else(|| JudgeError::UnknownKind {
                kind: kind.rust_type.to_owned(),
            })?;
        let decode = match (decoders.decode)(value, expect_failure) {
            Ok((encoded, drift)) => {
                let difference = match &encoded {
                    Ok(encoded) => values::first_difference(value, encoded),
                    Err(_) => None,
                };
                Ok(RoundTrip {
                    encoded: Some(encoded),
                    difference,
                    drift,
                })
            }
            Err((pointer, message)) => {
                let mut placer = locator.map(|l| Placer::new(l, value, 1));
                let (position, snippet) = findings::place(placer.as_mut(), &pointer);
                Err(DecodeError {
                    pointer,
                    position,
                    snippet,
                    message,
                })
            }
        };
        Ok(Verdict {
            kind: kind.name,
            rust_type: kind.rust_type,
            pass: Pass::Full,
            findings,
            decode,
            looks_like: None,
        })
    }

    /// The schema's verdict: every error of the generated validator, as findings.
    fn findings(
        &self,
        index: usize,
        value: &Value,
        locator: Option<&Locator<'_>>,
    ) -> Result<Vec<Finding>, JudgeError> {
        let rust_type = self.kinds[index].rust_type;
        let errors = (self.models.validate)(rust_type, value, self.limits.kept_errors())
            .ok_or_else(|| JudgeError::UnknownKind {
                kind: rust_type.to_owned(),
            })?;
        Ok(findings::findings(
            errors,
            value,
            locator,
            self.limits.max_findings,
        ))
    }
}

/// Parses a payload within the [`Limits`], with a locator for its text
/// that knows where its keys are (so that findings are placed without
/// reading it again), its tree within its [`budget::bound`]: the arrays cut
/// to keep it there, if any, are the third part.
pub(super) fn located(
    limits: Limits,
    text: &str,
) -> Result<(Value, Locator<'_>, Option<Cut>), JudgeError> {
    if text.len() > limits.max_bytes {
        return Err(JudgeError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    let too_deep = |offset| JudgeError::TooDeep {
        limit: limits.max_depth,
        position: schemakit::position::position(text, offset),
    };
    // At the default limit serde_json's own bound is the same, so the
    // scan for the place is needed only when the parse fails.
    if limits.max_depth < Limits::MAX_DEPTH {
        if let Some(offset) = schemakit::depth::in_text(text, limits.max_depth) {
            return Err(too_deep(offset));
        }
    }
    let parsed = parse::parse_within(text, budget::bound(text.len(), limits.max_tree_ratio))
        .map_err(|unparsed| match unparsed {
            Unparsed::Over { bound } => JudgeError::TreeTooLarge {
                size: text.len(),
                bound,
                ratio: limits.max_tree_ratio,
            },
            Unparsed::Json(e) => match schemakit::depth::in_text(text, limits.max_depth) {
                Some(offset) => too_deep(offset),
                None => JudgeError::json(text, &e),
            },
        })?;
    Ok((
        parsed.value,
        Locator::with_keys(text, parsed.keys),
        parsed.cut,
    ))
}

/// The finding that says which arrays were judged on their first items
/// only (keyword `limit`, at the first of them), when any were.
pub(super) fn cut_finding(
    typed: bool,
    ratio: usize,
    cut: Option<&Cut>,
    value: &Value,
    locator: &Locator<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(cut) = cut else { return };
    let Some((first, _)) = cut.arrays.first() else {
        return;
    };
    let mut arrays: Vec<String> = cut
        .arrays
        .iter()
        .map(|(pointer, len)| format!("{} ({len} items)", place_name(pointer)))
        .collect();
    if cut.count > cut.arrays.len() {
        arrays.push(format!("{} more", cut.count - cut.arrays.len()));
    }
    let mut placer = Placer::new(locator, value, 1);
    let (position, snippet) = findings::place(Some(&mut placer), first);
    findings.push(Finding {
        pointer: first.clone(),
        position,
        snippet,
        message: format!(
            "judged on the first {cap} items of each longer array only: {arrays}. Parsed \
             whole, this payload would take more than {bound} bytes of memory (the bound: \
             {ratio} times its size, at least {floor} bytes; --max-tree-ratio). What \
             concerns such an array as a whole (maxItems, uniqueItems, contains, the branch \
             of an anyOf or oneOf that holds it) was judged on those items alone{decode}",
            cap = cut.cap,
            arrays = arrays.join(", "),
            bound = cut.bound,
            floor = budget::FLOOR,
            decode = if typed {
                ", and so was the typed decode"
            } else {
                ""
            },
        ),
        class: FindingClass::Violation,
        keyword: findings::LIMIT.to_owned(),
        schema_path: String::new(),
    });
}

/// A pointer as messages name it (`(root)` for the whole payload).
fn place_name(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}
