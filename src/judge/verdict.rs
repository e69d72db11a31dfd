//! What the judge says of a payload: the schema's findings, the types'
//! decoding error or round trip, the verdict that holds both, and how the
//! two can disagree.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::values::{self, Difference};
use super::Position;

/// What a schema finding means for the tolerant types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingClass {
    /// Drift: the payload has something the schema does not list yet. The
    /// generated types accept it and keep it verbatim.
    Drift(DriftKind),
    /// Any other schema error: the types are expected to reject the payload too.
    Violation,
}

impl FindingClass {
    /// Whether this is drift.
    pub fn is_drift(self) -> bool {
        matches!(self, FindingClass::Drift(_))
    }
}

/// The documented kinds of drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DriftKind {
    /// A property the object's definition does not list
    /// (`additionalProperties: false` or `unevaluatedProperties: false`);
    /// kept in the type's `extra` map. The finding's pointer names the property.
    UnknownProperty,
    /// A string the `enum` or `const` does not list (all the listed values
    /// being strings); kept as the enum's `Unknown(String)` variant.
    UnknownEnumValue,
}

impl fmt::Display for FindingClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FindingClass::Drift(DriftKind::UnknownProperty) => "drift: unknown property",
            FindingClass::Drift(DriftKind::UnknownEnumValue) => "drift: unknown enum value",
            FindingClass::Violation => "violation",
        })
    }
}

/// One error of the schema's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer of the offending value (for an unknown property, of that
    /// property; for a missing required property, of the object).
    pub pointer: String,
    /// Where that value (or member, key included) starts in the text; `None`
    /// when the judge was given no text.
    pub position: Option<Position>,
    /// A short excerpt of the offending text (see [`SNIPPET_CHARS`](super::SNIPPET_CHARS)).
    pub snippet: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Drift or violation.
    pub class: FindingClass,
    /// The schema keyword that failed (`required`, `type`, `enum`, ...).
    pub keyword: String,
    /// Where that keyword is, as a pointer into the kind's schema
    /// (through `$ref`s).
    pub schema_path: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.pointer, self.position)?;
        write!(f, ": {} [{}]", self.message, self.class)?;
        if let Some(snippet) = &self.snippet {
            write!(f, " in `{snippet}`")?;
        }
        Ok(())
    }
}

/// Why the payload does not decode into the kind's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// JSON pointer of the value the decoder failed on (for a missing field,
    /// of the object).
    pub pointer: String,
    /// Where that value (or member) starts in the text, when there is text.
    pub position: Option<Position>,
    /// A short excerpt of it.
    pub snippet: Option<String>,
    /// The decoder's message.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.pointer, self.position)?;
        write!(f, ": {}", self.message)?;
        if let Some(snippet) = &self.snippet {
            write!(f, " in `{snippet}`")?;
        }
        Ok(())
    }
}

fn write_place(
    f: &mut fmt::Formatter<'_>,
    pointer: &str,
    position: Option<Position>,
) -> fmt::Result {
    if let Some(p) = position {
        write!(f, "{p} ")?;
    }
    if pointer.is_empty() {
        f.write_str("(root)")
    } else {
        f.write_str(pointer)
    }
}

/// What the types made of a payload that decodes: its encoding, compared
/// with the input, and the drift the types themselves report.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTrip {
    /// The encoding of the decoded value (or why encoding failed); `None`
    /// when the verdict came from the one pass, which does not encode (a
    /// payload that decodes with no drift encodes back to itself: the
    /// conformance suite holds it on every payload).
    pub encoded: Option<Result<Value, String>>,
    /// Where the encoding first differs from the input; `None` when they are
    /// equal (as `serde_json::Value`s: member order aside, `null` and absent
    /// kept apart).
    pub difference: Option<Difference>,
    /// The drift the decoded value carries, by the generated
    /// [`Check`](crate::Check) walk (unknown properties kept in `extra`,
    /// `Unknown` enum values), in the walk's order.
    pub drift: Vec<TypeDrift>,
}

/// One drift the generated types report for a decoded payload.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeDrift {
    /// Where.
    pub pointer: String,
    /// What.
    pub kind: DriftKind,
}

impl RoundTrip {
    /// Whether encoding gave back the input (or, after the one pass, would).
    pub fn is_same(&self) -> bool {
        !matches!(self.encoded, Some(Err(_))) && self.difference.is_none()
    }
}

/// How a verdict was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// In one pass: the payload decoded straight from its text with no
    /// drift (and, where the type leaves a constraint to validation, its
    /// decoded value passed the validator). It conforms and decodes.
    One,
    /// The full judgement: every finding of the schema, the typed decode
    /// with the path of any error, the round trip.
    Full,
}

/// The two verdicts on one payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The kind judged against (a schema `$defs` name).
    pub kind: &'static str,
    /// The generated Rust type of that kind.
    pub rust_type: &'static str,
    /// How the verdict was reached.
    pub pass: Pass,
    /// Every schema error, drift included, in document order.
    pub findings: Vec<Finding>,
    /// The types' verdict: the round trip if the payload decodes.
    pub decode: Result<RoundTrip, DecodeError>,
    /// When the kind was named and the payload fails as that kind: the
    /// kind its shape shows, if another.
    pub looks_like: Option<&'static str>,
}

impl Verdict {
    /// The schema accepts the payload as it is.
    pub fn conforms(&self) -> bool {
        self.findings.is_empty()
    }

    /// The payload decodes into the kind's type.
    pub fn decodes(&self) -> bool {
        self.decode.is_ok()
    }

    /// The drift findings.
    pub fn drift(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.class.is_drift())
    }

    /// The findings that are not drift.
    pub fn violations(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.class.is_drift())
    }

    /// The schema accepts the payload once drift is forgiven (no violations).
    pub fn tolerated(&self) -> bool {
        self.violations().next().is_none()
    }

    /// The verdicts agree: the payload decodes exactly when the schema finds
    /// nothing but drift. So: both accept; or every finding is drift and the
    /// decode succeeds; or there are violations and the decode fails.
    ///
    /// This is stricter than `conforms() == decodes()`: a payload that
    /// only drifts but still does not decode is a disagreement (the types
    /// are stricter than the schema there), not agreement.
    pub fn agrees(&self) -> bool {
        self.decodes() == self.tolerated()
    }

    /// The decoded payload encodes back to the input.
    pub fn round_trips(&self) -> bool {
        matches!(&self.decode, Ok(rt) if rt.is_same())
    }

    /// The decoding error, if any.
    pub fn decode_error(&self) -> Option<&DecodeError> {
        self.decode.as_ref().err()
    }

    /// The encoding of the decoded payload, if it decoded and was encoded.
    pub fn encoded(&self) -> Option<&Value> {
        self.decode
            .as_ref()
            .ok()
            .and_then(|rt| rt.encoded.as_ref()?.as_ref().ok())
    }

    /// The same verdict, its positions moved to where its text starts in a
    /// larger input (`start`).
    pub(super) fn shifted(mut self, start: Position) -> Verdict {
        if start == Position::START {
            return self;
        }
        for finding in &mut self.findings {
            finding.position = finding.position.map(|p| start.then(p));
        }
        if let Err(error) = &mut self.decode {
            error.position = error.position.map(|p| start.then(p));
        }
        self
    }

    /// When the payload decodes: whether the types report the same drift as
    /// the schema (the same pointers, each with the same [`DriftKind`]).
    /// `None` when it does not decode.
    pub fn drift_matches(&self) -> Option<bool> {
        let round_trip = self.decode.as_ref().ok()?;
        let schema: BTreeSet<(&str, DriftKind)> = self
            .findings
            .iter()
            .filter_map(|f| match f.class {
                FindingClass::Drift(kind) => Some((f.pointer.as_str(), kind)),
                FindingClass::Violation => None,
            })
            .collect();
        let types: BTreeSet<(&str, DriftKind)> = round_trip
            .drift
            .iter()
            .map(|d| (d.pointer.as_str(), d.kind))
            .collect();
        Some(schema == types)
    }

    /// When both reject: whether the decoding error is at the same place as
    /// some violation ([`values::same_place_as`]). `None` unless both reject.
    pub fn same_place(&self) -> Option<bool> {
        let error = self.decode_error()?;
        if self.tolerated() {
            return None;
        }
        Some(
            self.violations()
                .any(|v| values::same_place_as(&error.pointer, &error.message, &v.pointer)),
        )
    }

    /// What is wrong between the two verdicts, if anything: they disagree
    /// ([`Verdict::agrees`]), both reject but at unrelated places
    /// ([`Verdict::same_place`]), or both accept but report different drift
    /// ([`Verdict::drift_matches`]). Round-trip failures are not included
    /// (see [`Verdict::round_trips`]).
    pub fn disagreement(&self) -> Option<Disagreement> {
        let violations: Vec<Finding> = self.violations().cloned().collect();
        match (&self.decode, violations.is_empty()) {
            (Ok(round_trip), true) => (self.drift_matches() == Some(false)).then(|| {
                let types: BTreeSet<(&str, DriftKind)> = round_trip
                    .drift
                    .iter()
                    .map(|d| (d.pointer.as_str(), d.kind))
                    .collect();
                Disagreement::DriftDiffers {
                    schema_only: self
                        .drift()
                        .filter(|f| match f.class {
                            FindingClass::Drift(kind) => {
                                !types.contains(&(f.pointer.as_str(), kind))
                            }
                            FindingClass::Violation => false,
                        })
                        .cloned()
                        .collect(),
                    types_only: round_trip
                        .drift
                        .iter()
                        .filter(|d| {
                            !self.drift().any(|f| {
                                f.pointer == d.pointer && f.class == FindingClass::Drift(d.kind)
                            })
                        })
                        .cloned()
                        .collect(),
                }
            }),
            (Ok(_), false) => Some(Disagreement::TypesAccept { violations }),
            (Err(error), true) => Some(Disagreement::TypesReject {
                error: error.clone(),
                drift: self.drift().cloned().collect(),
            }),
            (Err(error), false) => {
                (self.same_place() == Some(false)).then(|| Disagreement::Elsewhere {
                    error: error.clone(),
                    violations,
                })
            }
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drift = self.drift().count();
        let violations = self.findings.len() - drift;
        write!(
            f,
            "{}: schema {} ({violations} violation(s), {drift} drift), types {}",
            self.kind,
            if self.conforms() {
                "conforms"
            } else {
                "rejects"
            },
            match &self.decode {
                Ok(rt) if rt.is_same() => "decode and round-trip",
                Ok(_) => "decode but do not round-trip",
                Err(_) => "reject",
            }
        )?;
        for finding in &self.findings {
            write!(f, "\n  schema: {finding}")?;
        }
        match &self.decode {
            Err(e) => write!(f, "\n  types: {e}")?,
            Ok(RoundTrip {
                encoded: Some(Err(e)),
                ..
            }) => write!(f, "\n  types: encoding failed: {e}")?,
            Ok(RoundTrip {
                difference: Some(d),
                ..
            }) => write!(f, "\n  types: round trip differs: {}", show_difference(d))?,
            Ok(_) => {}
        }
        if self.drift_matches() == Some(false) {
            if let Ok(rt) = &self.decode {
                for d in &rt.drift {
                    write!(
                        f,
                        "\n  types report: {} [{}]",
                        d.pointer,
                        FindingClass::Drift(d.kind)
                    )?;
                }
                if rt.drift.is_empty() {
                    write!(f, "\n  types report no drift")?;
                }
            }
        }
        Ok(())
    }
}

fn show_difference(d: &Difference) -> String {
    let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), values::quote);
    format!(
        "at {}: input {}, encoded {}",
        if d.pointer.is_empty() {
            "(root)"
        } else {
            &d.pointer
        },
        show(&d.left),
        show(&d.right)
    )
}

/// How the schema's and the types' verdicts disagree (see
/// [`Verdict::disagreement`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Disagreement {
    /// The types decode a payload that has schema violations.
    TypesAccept {
        /// The violations.
        violations: Vec<Finding>,
    },
    /// The types reject a payload that the schema accepts, drift aside.
    TypesReject {
        /// The decoding error.
        error: DecodeError,
        /// The drift findings, if any.
        drift: Vec<Finding>,
    },
    /// Both reject, but the decoding error is not at the same place as any
    /// violation.
    Elsewhere {
        /// The decoding error.
        error: DecodeError,
        /// The violations.
        violations: Vec<Finding>,
    },
    /// Both accept (drift aside), but they report different drift.
    DriftDiffers {
        /// Drift the schema reports and the types do not.
        schema_only: Vec<Finding>,
        /// Drift the types report and the schema does not.
        types_only: Vec<TypeDrift>,
    },
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disagreement::TypesAccept { violations } => {
                f.write_str("the types decode it, but the schema has violations:")?;
                for v in violations {
                    write!(f, "\n    schema: {v}")?;
                }
            }
            Disagreement::TypesReject { error, drift } => {
                write!(f, "the schema accepts it")?;
                if !drift.is_empty() {
                    write!(f, " (drift aside)")?;
                }
                write!(f, ", but the types reject it:\n    types: {error}")?;
                for d in drift {
                    write!(f, "\n    schema: {d}")?;
                }
            }
            Disagreement::DriftDiffers {
                schema_only,
                types_only,
            } => {
                f.write_str("both accept it, but report different drift:")?;
                for d in schema_only {
                    write!(f, "\n    schema only: {d}")?;
                }
                for d in types_only {
                    write!(
                        f,
                        "\n    types only: {} [{}]",
                        d.pointer,
                        FindingClass::Drift(d.kind)
                    )?;
                }
            }
            Disagreement::Elsewhere { error, violations } => {
                write!(
                    f,
                    "both reject it, at different places:\n    types: {error}"
                )?;
                for v in violations {
                    write!(f, "\n    schema: {v}")?;
                }
            }
        }
        Ok(())
    }
}
