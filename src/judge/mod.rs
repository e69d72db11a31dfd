//! Judging payloads twice: by the schema and by the generated types.
//!
//! A [`Judge`] works with a generated model set ([`Models`]: the Clerk
//! models by default, or any set built with
//! [`judge_models!`](crate::judge_models)) and has one entry,
//! [`Judge::judge`]: it takes the bytes of an input (a document, several
//! JSON values one after another, or one NDJSON line), tells each payload's
//! kind from its shape unless it is named, and gives each a [`Verdict`]:
//!
//! * **the schema's verdict**: every error of the schema (draft 2020-12),
//!   as [`Finding`]s with a JSON pointer, line:column, a snippet of the
//!   text, a message, and a [`FindingClass`]. The errors come from the
//!   validators generated with the models. Two classes are *drift*, which
//!   the tolerant types accept by design: an unknown property (an
//!   `additionalProperties: false` error) and an unknown string enum value
//!   (an `enum` or `const` error on a string). Everything else is a
//!   [`FindingClass::Violation`].
//! * **the types' verdict**: the payload decoded into the kind's generated
//!   type with the path of the first error ([`DecodeError`]), then encoded
//!   again and compared with the input, and walked by the generated `Check`
//!   for the drift the types kept ([`RoundTrip`]).
//!
//! A payload is judged in one pass where that is safe ([`Pass::One`]): it
//! is decoded straight from its text and walked for drift, and when it
//! decodes with none, that is the verdict, provided the type models every
//! constraint of its schema (the generator says so per type). Where a type
//! does not (a `pattern`, a bound, `if`/`then`…), the decoded value is also
//! validated, and only a value that passes keeps the one-pass verdict.
//! Anything else gets the full judgement ([`Pass::Full`]), which says where
//! and why.
//!
//! ```
//! use clerk_models::judge::{Input, Judge};
//! let judge = Judge::new()?;
//! let text = r#"{"object": "deleted_thing", "id": "x", "deleted": true, "color": "red"}"#;
//! let judged = judge.judge(text.as_bytes(), &Input::default());
//! let verdict = judged[0].result.as_ref().unwrap();
//! assert_eq!(verdict.kind, "DeletedObject");
//! assert!(!verdict.conforms() && verdict.decodes() && verdict.agrees());
//! let drift = verdict.drift().next().unwrap();
//! assert_eq!(drift.pointer, "/color");
//! assert_eq!(drift.position.unwrap().to_string(), "1:57"); // the key `"color"`
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Many inputs, every core
//!
//! [`batch::Reader`] reads many inputs (files, streams, NDJSON) in order as
//! chunks of bounded size, a document over [`Limits::max_bytes`] failing as
//! an NDJSON line over it does; [`parallel::ordered`] judges the chunks on
//! several threads and hands the verdicts on in input order, with a bounded
//! number of chunks in flight. `clerk-models validate --jobs N` is the two
//! together.
//!
//! # Secrets
//!
//! The values of the properties the schema marks `"x-secret": true` (the
//! session token's `jwt`, TOTP secrets, backup codes…) are masked in
//! every excerpt and message of a verdict: see [`secret`].
//!
//! # Duplicate keys
//!
//! A key written twice in one object counts once, with its last value, for
//! the schema and for the types alike: both judge the parsed `Value` (which
//! keeps the last, as JavaScript's `JSON.parse` does), and a finding about
//! that member points at its last occurrence. Decoding the text straight
//! into a generated type (the one pass) is stricter: it refuses a repeated
//! *known* field (`duplicate field`), as serde's derive does; the one pass
//! then declines and the full judgement decides. `tests/robustness.rs`
//! holds this (`duplicate_keys_the_last_one_wins_everywhere`).
//!
//! # Bounds
//!
//! Input larger than [`Limits::max_bytes`] or nested deeper than
//! [`Limits::max_depth`] is refused with [`JudgeError::TooLarge`] or
//! [`JudgeError::TooDeep`] before it is parsed. `serde_json` itself stops at
//! a recursion limit of 128 levels, so `max_depth` cannot exceed 127. A
//! `Value` given to [`Judge::judge_value`] is held to `max_depth` too
//! ([`JudgeError::ValueTooDeep`]): one built by hand can nest deeper than
//! the parser allows, and decoding it would overflow the stack.
//!
//! Within the limits, time is linear in the input: all the findings are
//! placed through one `Finder` (each object and array indexed once), and a
//! decoding error quotes at most about [`MESSAGE_CHARS`] characters of the
//! value (serde's message quotes it whole). Memory is linear too, but its
//! factor grows with the number of errors: every error is kept (with its
//! pointer and message), so a payload made of nothing but errors needs far
//! more than its size. Lower `max_bytes` where that matters; the README's
//! "Robustness" section has the figures.
//!
//! # Where two errors are "at the same place"
//!
//! When both the schema and the types reject a payload, the decoding error
//! and at least one violation should name the same value. See
//! [`values::same_place`] for the rule and [`Verdict::disagreement`] for its
//! use.

#[cfg(feature = "any-schema")]
pub mod any;
pub mod batch;
mod budget;
mod document;
pub mod endpoint;
mod entry;
mod error;
mod findings;
mod full;
pub mod har;
pub mod kind;
mod locate;
pub mod models;
mod one_pass;
pub mod parallel;
mod parse;
mod quick;
pub mod secret;
pub mod stream;
pub mod values;
mod verdict;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use document::Document;
use schemakit::pointer;
use serde_json::Value;

pub use entry::{Input, Judged, Judges};
pub use error::JudgeError;
pub use findings::findings_of;
pub use locate::{Finder, Found, Locator, Span};
pub use models::{Models, RawError, TypeEntry};
pub use one_pass::{decode_checked, Checked};
pub use schemakit::Position;
pub use values::Difference;
pub use verdict::{
    DecodeError, Disagreement, DriftKind, Finding, FindingClass, Pass, RoundTrip, TypeDrift,
    Verdict,
};

/// `serde_json`'s parser recursion limit: it refuses the 128th level of nesting.
pub const SERDE_JSON_RECURSION_LIMIT: usize = 128;

/// How many characters of the offending text a [`Finding`] or
/// [`DecodeError`] quotes.
pub const SNIPPET_CHARS: usize = 80;

/// About how many characters a [`DecodeError`]'s message keeps of the
/// decoder's (which quotes the offending value whole).
pub const MESSAGE_CHARS: usize = 240;

/// Bounds on the input the judge accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes. Default 8 MiB.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects. Default and maximum 127 (see
    /// [`SERDE_JSON_RECURSION_LIMIT`]).
    pub max_depth: usize,
    /// Most findings reported per payload; past it, one finding (keyword
    /// `limit`) says how many more were cut. Default 1,000.
    pub max_findings: usize,
    /// The most memory a payload's parsed tree may take, as a multiple of
    /// its size (and 16 MiB whatever its size). Past it the longest arrays
    /// are judged on their first items, and a finding (keyword `limit`)
    /// says which; a tree of many members that no cut brings within it
    /// is not judged ([`JudgeError::TreeTooLarge`]). A tree takes some 80
    /// bytes a value: three or four times the text for most JSON, forty
    /// for a long list of small numbers. Default 4.
    pub max_tree_ratio: usize,
}

impl Limits {
    /// The deepest nesting `serde_json` parses.
    pub const MAX_DEPTH: usize = SERDE_JSON_RECURSION_LIMIT - 1;

    /// The validators' errors kept for a payload: enough to report
    /// [`Limits::max_findings`] once repeats are dropped and each failed
    /// `anyOf`/`oneOf` is reduced to its closest branch, and no more (each
    /// costs some hundreds of bytes; past them the validators count).
    pub fn kept_errors(&self) -> usize {
        self.max_findings.saturating_mul(4).max(1_000)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 8 << 20,
            max_depth: Limits::MAX_DEPTH,
            max_findings: 1_000,
            max_tree_ratio: 4,
        }
    }
}

/// A kind of payload: a schema definition (a `$defs` entry) with a
/// generated type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// The definition's name (`ClientEnvelope`).
    pub name: &'static str,
    /// The generated Rust type's name (`SamlAccount` for `SAMLAccount`).
    pub rust_type: &'static str,
    /// The schema file of the definition.
    pub file: &'static str,
    /// Its JSON pointer there.
    pub pointer: &'static str,
    /// Whether decoding plus the drift walk is the schema's whole verdict.
    pub exact: bool,
    /// Whether a decoded value encodes back to the JSON it came from.
    pub lossless: bool,
}

/// Judges payloads against a model set's schema and types. See the
/// [module documentation](self).
pub struct Judge {
    models: Models,
    limits: Limits,
    documents: BTreeMap<&'static str, Document>,
    kinds: Vec<Kind>,
    by_name: BTreeMap<&'static str, usize>,
    /// The rules that tell a kind from a shape (derived on first use: a
    /// run that names its kind and whose payloads the quick check vouches
    /// for never needs them).
    rules: OnceLock<kind::Rules>,
    /// The properties marked secret, masked in every verdict (found on
    /// first use: only a report of a failure quotes the payload).
    secrets: OnceLock<secret::Secrets>,
    /// Each kind's decoders, by kind index (picked on first use).
    decoders: OnceLock<Vec<Option<models::Decoders>>>,
    /// The quick check's shapes (compiled on first use).
    quick: quick::Quick,
}

impl std::fmt::Debug for Judge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Judge")
            .field("limits", &self.limits)
            .field("files", &self.documents.keys().collect::<Vec<_>>())
            .field("kinds", &self.kinds.len())
            .finish()
    }
}

impl Judge {
    /// A judge of the Clerk models, with the default [`Limits`].
    pub fn new() -> Result<Judge, JudgeError> {
        Judge::with_limits(Limits::default())
    }

    /// A judge of the Clerk models with other limits. `max_depth` may not
    /// exceed [`Limits::MAX_DEPTH`].
    pub fn with_limits(limits: Limits) -> Result<Judge, JudgeError> {
        Judge::for_models(
            crate::judge_models!(crate::models, crate::schema::SCHEMA_FILES),
            limits,
        )
    }

    /// A judge of any generated model set.
    pub fn for_models(models: Models, limits: Limits) -> Result<Judge, JudgeError> {
        if limits.max_depth > Limits::MAX_DEPTH {
            return Err(JudgeError::BadLimits {
                message: format!(
                    "max_depth {} is more than {}: serde_json's parser has a recursion limit \
                     of {SERDE_JSON_RECURSION_LIMIT}",
                    limits.max_depth,
                    Limits::MAX_DEPTH
                ),
            });
        }
        let mut documents = BTreeMap::new();
        for &(file, text) in models.files {
            documents.insert(file, Document::check(file, text)?);
        }
        let mut kinds = Vec::new();
        let mut by_name = BTreeMap::new();
        for &(file, _) in models.files {
            for t in &models.types {
                let Some(name) = t.pointer.strip_prefix("/$defs/") else {
                    continue;
                };
                let same_file = t.file == file
                    || t.file
                        .strip_suffix(file)
                        .is_some_and(|dir| dir.ends_with('/'));
                if !same_file || name.contains(['/', '~']) {
                    continue;
                }
                by_name.insert(name, kinds.len());
                kinds.push(Kind {
                    name,
                    rust_type: t.name,
                    file,
                    pointer: t.pointer,
                    exact: t.exact,
                    lossless: t.lossless,
                });
            }
        }
        // Rust names second, so a def name always wins over a type name.
        for (index, kind) in kinds.iter().enumerate() {
            by_name.entry(kind.rust_type).or_insert(index);
        }
        Ok(Judge {
            models,
            limits,
            documents,
            kinds,
            by_name,
            rules: OnceLock::new(),
            secrets: OnceLock::new(),
            decoders: OnceLock::new(),
            quick: quick::Quick::default(),
        })
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Every kind, in schema order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind named `name`: a schema def name (`SAMLAccount`) or its Rust
    /// type name (`SamlAccount`).
    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.by_name.get(name).map(|&i| &self.kinds[i])
    }

    /// The kinds a payload can be: the object and array definitions (not
    /// the enums and scalars), by name.
    pub fn payload_kinds(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .kinds
            .iter()
            .filter(|k| {
                self.schema(k).is_some_and(|s| {
                    let typed = |t: &str| match s.get("type") {
                        Some(Value::String(x)) => x == t,
                        Some(Value::Array(xs)) => xs.iter().any(|x| x == t),
                        _ => false,
                    };
                    typed("object") || typed("array") || s.get("properties").is_some()
                })
            })
            .map(|k| k.name)
            .collect();
        names.sort_unstable();
        names
    }

    /// The payload kind whose name (or Rust type name) is nearest `name`,
    /// letter case aside, when one is near enough to be a slip.
    pub fn nearest_kind(&self, name: &str) -> Option<&'static str> {
        let wanted = name.to_lowercase();
        let limit = (wanted.chars().count() / 3).max(2);
        self.payload_kinds()
            .into_iter()
            .filter_map(|kind| {
                let rust = self.kind(kind).map_or(kind, |k| k.rust_type);
                let distance = [kind, rust]
                    .iter()
                    .map(|n| strsim::levenshtein(&n.to_lowercase(), &wanted))
                    .min()?;
                (distance <= limit).then_some((distance, kind))
            })
            .min()
            .map(|(_, kind)| kind)
    }

    /// The schema definition of a kind.
    pub fn schema(&self, kind: &Kind) -> Option<&Value> {
        pointer::get(self.document(kind.file)?, kind.pointer)
    }

    /// The schema document `file`, parsed on first use.
    fn document(&self, file: &str) -> Option<&Value> {
        self.documents.get(file)?.value()
    }

    /// The properties the schema marks secret (`"x-secret": true`), whose
    /// values no verdict quotes.
    pub fn secrets(&self) -> &secret::Secrets {
        self.secrets.get_or_init(|| {
            secret::Secrets::from_documents(self.documents.values().filter_map(Document::value))
        })
    }

    /// The rules that tell a payload's kind from its shape.
    pub fn rules(&self) -> &kind::Rules {
        self.rules.get_or_init(|| {
            kind::Rules::derive(&Documents {
                documents: &self.documents,
                kinds: &self.kinds,
            })
        })
    }

    /// The kind of a parsed payload, told from its shape.
    pub fn detect(&self, value: &Value) -> Option<&'static str> {
        self.rules().detect(value)
    }

    fn index(&self, kind: &str) -> Result<usize, JudgeError> {
        self.by_name
            .get(kind)
            .copied()
            .ok_or_else(|| JudgeError::UnknownKind {
                kind: kind.to_owned(),
            })
    }

    /// The decoders of the kind at `index` (picked once per judge).
    fn decoders(&self, index: usize) -> Option<models::Decoders> {
        let table = self.decoders.get_or_init(|| {
            self.kinds
                .iter()
                .map(|k| (self.models.decoders)(k.rust_type))
                .collect()
        });
        table.get(index).copied().flatten()
    }
}

/// The judge's documents and kinds, as the kind rules' derivation reads them.
struct Documents<'a> {
    documents: &'a BTreeMap<&'static str, Document>,
    kinds: &'a [Kind],
}

impl kind::Schemas for Documents<'_> {
    fn kind_schemas(&self) -> Vec<(&'static str, &'static str, &Value)> {
        self.kinds
            .iter()
            .filter_map(|k| {
                let schema = pointer::get(self.documents.get(k.file)?.value()?, k.pointer)?;
                Some((k.name, k.file, schema))
            })
            .collect()
    }

    /// Resolves a `$ref` found in `file` (`#/$defs/X`,
    /// `user.json#/$defs/User`) to the file it points into and the
    /// subschema there; only the model set's files are known.
    fn resolve(&self, file: &str, reference: &str) -> Option<(&'static str, &Value)> {
        let (target, fragment) = reference_target(file, reference);
        let (name, doc) = self.documents.get_key_value(target.as_str())?;
        Some((name, pointer::get(doc.value()?, fragment)?))
    }

    fn kind_at(&self, file: &str, pointer: &str) -> Option<&'static str> {
        self.kinds
            .iter()
            .find(|k| k.file == file && k.pointer == pointer)
            .map(|k| k.name)
    }
}

/// The file a `$ref` written in `file` points into (`#/$defs/X`: the same
/// file; `user.json#/$defs/User`: a file beside it) and the fragment.
fn reference_target<'r>(file: &str, reference: &'r str) -> (String, &'r str) {
    let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if target.is_empty() {
        file.to_owned()
    } else {
        let target = target.strip_prefix("./").unwrap_or(target);
        match file.rfind('/') {
            Some(i) if !target.contains('/') => format!("{}{target}", &file[..=i]),
            _ => target.to_owned(),
        }
    };
    (target, fragment)
}

#[cfg(test)]
mod tests;
