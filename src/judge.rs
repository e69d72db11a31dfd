//! Judging a payload twice: by the schema and by the generated types.
//!
//! A [`Judge`] holds the embedded schema ([`crate::schema::SCHEMA_FILES`]),
//! registered offline, and gives a [`Verdict`] for a payload of a given kind
//! (a schema `$defs` name such as `ClientEnvelope`):
//!
//! * **the schema's verdict**: every error of the strict JSON Schema (draft
//!   2020-12), as [`Finding`]s with a JSON pointer, line:column, a snippet of
//!   the text, a message, and a [`FindingClass`]. The errors come from the
//!   validators generated from the schema with the models
//!   ([`crate::validate_type`]); the `jsonschema` crate is the reference they
//!   are held to ([`Judge::validate_reference`]: the conformance suite checks
//!   that both find the same errors on every payload, and the official
//!   JSON-Schema-Test-Suite runs the same generated code). Two classes are *drift*,
//!   which the tolerant types accept by design: an unknown property (an
//!   `additionalProperties: false` error) and an unknown string enum value (an
//!   `enum` or `const` error on a string). Everything else is a
//!   [`FindingClass::Violation`].
//! * **the types' verdict**: the payload decoded into the kind's generated
//!   type with the path of the first error ([`DecodeError`]), then encoded
//!   again and compared with the input, and walked by the generated
//!   [`Check`](crate::Check) for the drift the types kept ([`RoundTrip`]).
//!
//! ```
//! let judge = clerk_models::judge::Judge::new()?;
//! let text = r#"{"object": "deleted_thing", "id": "x", "deleted": true, "color": "red"}"#;
//! let value = serde_json::from_str(text)?;
//! let kind = judge.detect_kind(&value).expect("a deleted-object marker");
//! let verdict = judge.judge(kind, text)?;
//! assert_eq!(verdict.kind, "DeletedObject");
//! assert!(!verdict.conforms() && verdict.decodes() && verdict.agrees());
//! let drift = verdict.drift().next().unwrap();
//! assert_eq!(drift.pointer, "/color");
//! assert_eq!(drift.position.unwrap().to_string(), "1:57"); // the key `"color"`
//! assert!(verdict.round_trips());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Schema resources
//!
//! For the reference validator, every embedded file is registered as a resource under
//! [`BASE_URI`]`<file>` (`https://clerk-models.invalid/schema/client.json`),
//! so the files' relative references (`user.json#/$defs/User`) resolve among
//! them. The `.invalid` host cannot exist, and the `jsonschema` crate is built
//! without its HTTP and file retrievers: nothing is ever fetched. A
//! validator is compiled per kind on first use and cached; [`Judge`] is `Sync`,
//! so one judge can serve many threads.
//!
//! # Decoding
//!
//! The types decode the parsed [`serde_json::Value`] (the text is parsed
//! once), through `serde_path_to_error`, so a decoding error has the pointer
//! of the value it failed on.
//!
//! # Duplicate keys
//!
//! A key written twice in one object counts once, with its last value, for
//! the schema and for the types alike: both judge the parsed `Value` (which
//! keeps the last, as JavaScript's `JSON.parse` does), and a finding about
//! that member points at its last occurrence (so does [`Locator::find`]).
//! The two verdicts never differ over which value counts. Decoding the text
//! straight into a generated type (`serde_json::from_str`, and so
//! [`Judge::quick`]) is stricter: it refuses a repeated *known* field
//! (`duplicate field`), as serde's derive does, while a repeated unknown
//! property (kept in `extra`) keeps its last value there too; `quick` then
//! declines and the full judgement decides. `tests/robustness.rs` holds this
//! (`duplicate_keys_the_last_one_wins_everywhere`).
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
//! placed through one [`locate::Finder`] (each object and array indexed
//! once), and a decoding error quotes at most about [`MESSAGE_CHARS`]
//! characters of the value (serde's message quotes it whole). Memory is
//! linear too, but its factor grows with the number of errors: every error
//! is kept (with its pointer and message), so a payload made of nothing but
//! errors (an 8 MiB array of 4 million wrong items) needs far more than its
//! size. Lower `max_bytes` where that matters; the README's "Robustness"
//! section has the figures.
//!
//! # Where two errors are "at the same place"
//!
//! When both the schema and the types reject a payload, the decoding error
//! and at least one violation should name the same value. See
//! [`pointer::same_place`] for the rule and [`Verdict::disagreement`] for
//! its use.

mod detection;
mod fast;
mod findings;
pub mod formats;
pub mod locate;
mod parse;
pub mod pointer;
mod verdict;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use detection::Detection;
pub use fast::{decode_checked, Checked};
use findings::{place, Node};
pub use locate::{Locator, Position};
pub use pointer::Difference;
pub use verdict::{
    DecodeError, Disagreement, DriftKind, Finding, FindingClass, RoundTrip, TypeDrift, Verdict,
};

/// The base URI the embedded schema files are registered under (never fetched).
pub const BASE_URI: &str = "https://clerk-models.invalid/schema/";

/// The JSON Schema dialect of every validator.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

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
}

impl Limits {
    /// The deepest nesting `serde_json` parses.
    pub const MAX_DEPTH: usize = SERDE_JSON_RECURSION_LIMIT - 1;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 8 << 20,
            max_depth: Limits::MAX_DEPTH,
        }
    }
}

/// Why the judge could not give a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JudgeError {
    /// An embedded schema file is not JSON, or the files do not form a
    /// registry (a bug in the build, not in the payload).
    Schema {
        /// The schema file, or `""` for the registry as a whole.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// The validator for a kind does not compile.
    Compile {
        /// The kind.
        kind: String,
        /// The compiler's message.
        message: String,
    },
    /// No schema definition (and no generated type) has this name.
    UnknownKind {
        /// The name asked for.
        kind: String,
    },
    /// The payload's kind could not be told from its shape; name it.
    UndetectedKind,
    /// [`Limits`] asks for more than the parser can do.
    BadLimits {
        /// Why.
        message: String,
    },
    /// The input is larger than [`Limits::max_bytes`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input nests arrays and objects deeper than [`Limits::max_depth`].
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the first level too deep opens.
        position: Position,
    },
    /// A `Value` given to [`Judge::judge_value`] nests arrays and objects
    /// deeper than [`Limits::max_depth`].
    ValueTooDeep {
        /// The limit.
        limit: usize,
        /// The JSON pointer of the first array or object too deep.
        pointer: String,
    },
    /// The input bytes are not UTF-8.
    NotUtf8 {
        /// Where the first bad byte is.
        position: Position,
    },
    /// The input is not JSON.
    Json {
        /// The parser's message.
        message: String,
        /// Where, as the parser reports it (line and column from 1).
        line: usize,
        /// See `line`.
        column: usize,
    },
}

impl fmt::Display for JudgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JudgeError::Schema { file, message } if file.is_empty() => {
                write!(f, "the embedded schema does not load: {message}")
            }
            JudgeError::Schema { file, message } => {
                write!(f, "embedded schema file {file} does not load: {message}")
            }
            JudgeError::Compile { kind, message } => {
                write!(f, "the schema of {kind} does not compile: {message}")
            }
            JudgeError::UnknownKind { kind } => {
                write!(
                    f,
                    "no schema definition or generated type is named {kind:?}"
                )
            }
            JudgeError::UndetectedKind => f.write_str(
                "cannot tell the payload's kind from its shape (an envelope {response, client}, \
                 an error body {errors}, or an object with a known \"object\"); name the kind",
            ),
            JudgeError::BadLimits { message } => write!(f, "bad limits: {message}"),
            JudgeError::TooLarge { size, limit } => {
                write!(
                    f,
                    "input is {size} bytes, more than the limit of {limit} bytes"
                )
            }
            JudgeError::TooDeep { limit, position } => write!(
                f,
                "input nests arrays/objects deeper than {limit} levels (at {position}); \
                 serde_json's parser has a recursion limit of {SERDE_JSON_RECURSION_LIMIT}"
            ),
            JudgeError::ValueTooDeep { limit, pointer } => write!(
                f,
                "the value nests arrays/objects deeper than {limit} levels (at {})",
                if pointer.is_empty() {
                    "(root)"
                } else {
                    pointer
                }
            ),
            JudgeError::NotUtf8 { position } => {
                write!(f, "input is not UTF-8 (first bad byte at {position})")
            }
            JudgeError::Json {
                message,
                line,
                column,
            } => write!(f, "input is not JSON: {message} at {line}:{column}"),
        }
    }
}

impl std::error::Error for JudgeError {}

impl JudgeError {
    /// `serde_json`'s error on `text` as [`JudgeError::Json`]: its message
    /// without the position, and the position with columns from 1.
    /// (`serde_json` says column 0 for an error on a line break, a raw one in
    /// a string or the end of the input after one: that is the line break at
    /// the end of the line before.)
    pub fn json(text: &str, error: &serde_json::Error) -> JudgeError {
        let message = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let (mut line, mut column) = (error.line(), error.column());
        if column == 0 {
            if line > 1 {
                line -= 1;
                let before = text.split('\n').nth(line - 1).unwrap_or_default();
                column = before.chars().count() + 1;
            } else {
                column = 1;
            }
        }
        JudgeError::Json {
            message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
            line,
            column,
        }
    }
}

struct Kind {
    name: &'static str,
    rust_type: &'static str,
    file: &'static str,
    pointer: &'static str,
    validator: OnceLock<Result<Validator, String>>,
}

/// Judges payloads against the embedded schema and the generated types. See
/// the [module documentation](self).
pub struct Judge {
    limits: Limits,
    documents: BTreeMap<&'static str, Value>,
    registry: Registry<'static>,
    kinds: Vec<Kind>,
    by_name: BTreeMap<&'static str, usize>,
    detection: Detection,
    /// Each kind's one-pass decoders, by kind index (picked on first use).
    decoders: OnceLock<Vec<Option<fast::Decoders>>>,
}

impl fmt::Debug for Judge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Judge")
            .field("limits", &self.limits)
            .field("files", &self.documents.keys().collect::<Vec<_>>())
            .field("kinds", &self.kinds.len())
            .field(
                "compiled",
                &self
                    .kinds
                    .iter()
                    .filter(|k| k.validator.get().is_some())
                    .count(),
            )
            .finish()
    }
}

impl Judge {
    /// A judge over the embedded schema, with the default [`Limits`].
    pub fn new() -> Result<Judge, JudgeError> {
        Judge::with_limits(Limits::default())
    }

    /// A judge with other limits. `max_depth` may not exceed
    /// [`Limits::MAX_DEPTH`].
    pub fn with_limits(limits: Limits) -> Result<Judge, JudgeError> {
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
        Judge::from_files(crate::schema::SCHEMA_FILES, crate::SCHEMA_TYPES, limits)
    }

    fn from_files(
        files: &'static [(&'static str, &'static str)],
        types: &'static [crate::SchemaType],
        limits: Limits,
    ) -> Result<Judge, JudgeError> {
        let mut documents = BTreeMap::new();
        for &(file, text) in files {
            let doc: Value = serde_json::from_str(text).map_err(|e| JudgeError::Schema {
                file: file.to_owned(),
                message: e.to_string(),
            })?;
            documents.insert(file, doc);
        }
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .retrieve_known_draft_meta_schemas(false)
            .extend(
                documents
                    .iter()
                    .map(|(file, doc)| (format!("{BASE_URI}{file}"), doc.clone())),
            )
            .and_then(|builder| builder.prepare())
            .map_err(|e| JudgeError::Schema {
                file: String::new(),
                message: e.to_string(),
            })?;
        let mut kinds = Vec::new();
        let mut by_name = BTreeMap::new();
        for &(file, _) in files {
            for t in types {
                let Some(name) = t.pointer.strip_prefix("/$defs/") else {
                    continue;
                };
                let same_file = t.file == file || t.file.ends_with(&format!("/{file}"));
                if !same_file || name.contains(['/', '~']) {
                    continue;
                }
                let index = kinds.len();
                kinds.push(Kind {
                    name,
                    rust_type: t.name,
                    file,
                    pointer: t.pointer,
                    validator: OnceLock::new(),
                });
                by_name.insert(name, index);
            }
        }
        // Rust names second, so a def name always wins over a type name.
        for (index, kind) in kinds.iter().enumerate() {
            by_name.entry(kind.rust_type).or_insert(index);
        }
        let mut judge = Judge {
            limits,
            documents,
            registry,
            kinds,
            by_name,
            detection: Detection::default(),
            decoders: OnceLock::new(),
        };
        judge.detection = judge.derive_detection();
        Ok(judge)
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Every kind (schema def with a generated type), in schema order.
    pub fn kinds(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.kinds.iter().map(|k| k.name)
    }

    /// The kind named `name`: a schema def name (`SAMLAccount`) or its Rust
    /// type name (`SamlAccount`).
    pub fn kind(&self, name: &str) -> Option<&'static str> {
        self.by_name.get(name).map(|&i| self.kinds[i].name)
    }

    /// The generated Rust type of a kind.
    pub fn rust_type(&self, kind: &str) -> Option<&'static str> {
        self.by_name.get(kind).map(|&i| self.kinds[i].rust_type)
    }

    /// The schema file of a kind and its definition there.
    pub fn kind_schema(&self, kind: &str) -> Option<(&'static str, &Value)> {
        let k = &self.kinds[*self.by_name.get(kind)?];
        Some((k.file, self.documents.get(k.file)?.pointer(k.pointer)?))
    }

    /// The embedded schema documents, by file name (`client.json`).
    pub fn documents(&self) -> impl Iterator<Item = (&'static str, &Value)> + '_ {
        self.documents.iter().map(|(f, d)| (*f, d))
    }

    /// Resolves a `$ref` found in `file` (`#/$defs/X`, `user.json#/$defs/User`)
    /// to the file it points into and the subschema there. Only the embedded
    /// files are known; anything else is `None`.
    pub fn resolve(&self, file: &str, reference: &str) -> Option<(&'static str, &Value)> {
        let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if target.is_empty() {
            file.to_owned()
        } else {
            let target = target.strip_prefix(BASE_URI).unwrap_or(target);
            let target = target.strip_prefix("./").unwrap_or(target);
            match file.rfind('/') {
                Some(i) if !target.contains('/') => format!("{}{target}", &file[..=i]),
                _ => target.to_owned(),
            }
        };
        let (name, doc) = self.documents.get_key_value(target.as_str())?;
        Some((name, doc.pointer(fragment)?))
    }

    /// The validator of a kind: compiled on first use, then cached.
    fn validator(&self, index: usize) -> Result<&Validator, JudgeError> {
        let kind = &self.kinds[index];
        kind.validator
            .get_or_init(|| {
                let wrapper = serde_json::json!({
                    "$schema": DIALECT,
                    "$ref": format!("{BASE_URI}{}#{}", kind.file, kind.pointer),
                });
                jsonschema::options()
                    .with_draft(Draft::Draft202012)
                    .with_keyword("format", formats::factory)
                    .with_registry(&self.registry)
                    .offline()
                    .build(&wrapper)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|message| JudgeError::Compile {
                kind: kind.name.to_owned(),
                message: message.clone(),
            })
    }

    /// Compiles the validator of every kind now rather than on first use.
    pub fn compile_all(&self) -> Result<(), JudgeError> {
        (0..self.kinds.len()).try_for_each(|i| self.validator(i).map(drop))
    }

    fn index(&self, kind: &str) -> Result<usize, JudgeError> {
        self.by_name
            .get(kind)
            .copied()
            .ok_or_else(|| JudgeError::UnknownKind {
                kind: kind.to_owned(),
            })
    }

    /// Parses a payload within the [`Limits`].
    pub fn parse(&self, text: &str) -> Result<Value, JudgeError> {
        self.parse_with(text, |t| parse::parse(t).map(|(value, _)| value))
    }

    /// [`Judge::parse`], with a locator for the text that knows where its
    /// keys are (so that findings are placed without reading it again).
    fn parse_located<'t>(&self, text: &'t str) -> Result<(Value, Locator<'t>), JudgeError> {
        let (value, keys) = self.parse_with(text, parse::parse)?;
        Ok((value, Locator::with_keys(text, keys)))
    }

    fn parse_with<T>(
        &self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, serde_json::Error>,
    ) -> Result<T, JudgeError> {
        if text.len() > self.limits.max_bytes {
            return Err(JudgeError::TooLarge {
                size: text.len(),
                limit: self.limits.max_bytes,
            });
        }
        let too_deep = |offset| JudgeError::TooDeep {
            limit: self.limits.max_depth,
            position: Locator::new(text).position(offset),
        };
        // At the default limit serde_json's own bound is the same, so the
        // scan for the place is needed only when the parse fails.
        if self.limits.max_depth < Limits::MAX_DEPTH {
            if let Some(offset) = locate::too_deep(text, self.limits.max_depth) {
                return Err(too_deep(offset));
            }
        }
        parse(text).map_err(|e| match locate::too_deep(text, self.limits.max_depth) {
            Some(offset) => too_deep(offset),
            None => JudgeError::json(text, &e),
        })
    }

    /// Checks that `bytes` are within the size limit and UTF-8.
    pub fn text<'b>(&self, bytes: &'b [u8]) -> Result<&'b str, JudgeError> {
        if bytes.len() > self.limits.max_bytes {
            return Err(JudgeError::TooLarge {
                size: bytes.len(),
                limit: self.limits.max_bytes,
            });
        }
        std::str::from_utf8(bytes).map_err(|e| {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            JudgeError::NotUtf8 {
                position: Locator::new(good).position(good.len()),
            }
        })
    }

    /// Judges `text` as a payload of `kind` (a def or Rust type name).
    pub fn judge(&self, kind: &str, text: &str) -> Result<Verdict, JudgeError> {
        let index = self.index(kind)?;
        let (value, locator) = self.parse_located(text)?;
        self.verdict(index, &value, Some(&locator))
    }

    /// Judges `bytes` (UTF-8 JSON) as a payload of `kind`.
    pub fn judge_bytes(&self, kind: &str, bytes: &[u8]) -> Result<Verdict, JudgeError> {
        let index = self.index(kind)?;
        let text = self.text(bytes)?;
        let (value, locator) = self.parse_located(text)?;
        self.verdict(index, &value, Some(&locator))
    }

    /// Judges `text` as a payload of `kind` when given, else of the kind
    /// [`Judge::detect_kind`] tells from its shape.
    pub fn judge_detect(&self, kind: Option<&str>, text: &str) -> Result<Verdict, JudgeError> {
        let (value, locator) = self.parse_located(text)?;
        let kind = match kind {
            Some(kind) => kind,
            None => self.detect_kind(&value).ok_or(JudgeError::UndetectedKind)?,
        };
        let index = self.index(kind)?;
        self.verdict(index, &value, Some(&locator))
    }

    /// Judges an already parsed payload. Without the text, findings and
    /// decoding errors carry pointers but no positions or snippets. Of the
    /// limits only `max_depth` applies: a `Value` from `serde_json`'s parser
    /// nests at most 127 levels, but one built by hand may nest deeper, and
    /// decoding it would overflow the stack ([`JudgeError::ValueTooDeep`]).
    pub fn judge_value(&self, kind: &str, value: &Value) -> Result<Verdict, JudgeError> {
        let index = self.index(kind)?;
        if let Some(pointer) = pointer::too_deep(value, self.limits.max_depth) {
            return Err(JudgeError::ValueTooDeep {
                limit: self.limits.max_depth,
                pointer,
            });
        }
        self.verdict(index, value, None)
    }

    /// The schema's verdict alone on a payload's text: every finding, drift
    /// included, each with its position and snippet. No decoding.
    pub fn validate_text(&self, kind: &str, text: &str) -> Result<Vec<Finding>, JudgeError> {
        let index = self.index(kind)?;
        let (value, locator) = self.parse_located(text)?;
        self.findings(index, &value, Some(&locator))
    }

    /// The schema's verdict alone: every finding, drift included.
    pub fn validate(&self, kind: &str, value: &Value) -> Result<Vec<Finding>, JudgeError> {
        self.findings(self.index(kind)?, value, None)
    }

    /// Whether the schema accepts `value` as `kind`.
    pub fn is_valid(&self, kind: &str, value: &Value) -> Result<bool, JudgeError> {
        Ok(self.validate(kind, value)?.is_empty())
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
        let decode = match crate::visit_type(
            kind.rust_type,
            Decode {
                value,
                expect_failure,
            },
        ) {
            Some(Ok((encoded, drift))) => {
                let difference = match &encoded {
                    Ok(encoded) => pointer::first_difference(value, encoded),
                    Err(_) => None,
                };
                Ok(RoundTrip {
                    encoded,
                    difference,
                    drift,
                })
            }
            Some(Err((pointer, message))) => {
                let mut placer = locator.map(|l| findings::Placer::new(l, value, 1));
                let (position, snippet) = place(placer.as_mut(), &pointer);
                Err(DecodeError {
                    pointer,
                    position,
                    snippet,
                    message,
                })
            }
            None => {
                return Err(JudgeError::UnknownKind {
                    kind: kind.rust_type.to_owned(),
                })
            }
        };
        Ok(Verdict {
            kind: kind.name,
            rust_type: kind.rust_type,
            findings,
            decode,
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
        let errors =
            crate::validate_type(rust_type, value).ok_or_else(|| JudgeError::UnknownKind {
                kind: rust_type.to_owned(),
            })?;
        let nodes = errors.into_iter().map(Node::generated).collect();
        Ok(findings::findings(nodes, value, locator))
    }

    /// The `jsonschema` crate's verdict on `value` as `kind`, as findings:
    /// the reference the generated validators are held to (the conformance
    /// suite checks that both give the same findings on every payload).
    pub fn validate_reference(
        &self,
        kind: &str,
        value: &Value,
    ) -> Result<Vec<Finding>, JudgeError> {
        let validator = self.validator(self.index(kind)?)?;
        let mut nodes = Vec::new();
        for error in validator.iter_errors(value) {
            Node::reference(&error, &mut nodes);
        }
        Ok(findings::findings(nodes, value, None))
    }
}

/// A message cut to about `max` characters. serde quotes the offending value
/// whole (`invalid type: string "…", expected i64`), so a 50 MB string would
/// make a 50 MB message: the middle goes, and the head (what was found) and
/// the tail (what was expected) stay.
fn clip(message: String, max: usize) -> String {
    let count = message.chars().count();
    if count <= max {
        return message;
    }
    let (head, tail) = (max * 2 / 3, max / 3);
    let start: String = message.chars().take(head).collect();
    let end: String = message.chars().skip(count - tail).collect();
    format!("{start}… ({} characters cut) …{end}", count - head - tail)
}

/// Decodes a value into the visited type, then encodes it again and walks it
/// for drift.
struct Decode<'v> {
    value: &'v Value,
    /// Decode with path tracking at once (else only after a plain decode fails).
    expect_failure: bool,
}

impl crate::TypeVisitor for Decode<'_> {
    /// `Ok((encoding or encoding error, drift))`, or `Err((pointer, message))`.
    type Output = Result<(Result<Value, String>, Vec<TypeDrift>), (String, String)>;

    fn visit<T>(self) -> Self::Output
    where
        T: serde::Serialize
            + serde::de::DeserializeOwned
            + std::fmt::Debug
            + std::clone::Clone
            + std::cmp::PartialEq
            + crate::Check
            + 'static,
    {
        // Decode plainly first (tracking the path costs an allocation per
        // key, and only a failure needs it: then the decode runs again),
        // unless the schema already says it will fail.
        let plain = if self.expect_failure {
            None
        } else {
            <T as serde::Deserialize>::deserialize(self.value).ok()
        };
        let decoded = match plain {
            Some(decoded) => Ok(decoded),
            None => serde_path_to_error::deserialize::<_, T>(self.value),
        };
        match decoded {
            Ok(decoded) => {
                let drift = decoded
                    .drift()
                    .into_iter()
                    .map(|d| TypeDrift {
                        pointer: d.pointer,
                        kind: match d.kind {
                            crate::DriftKind::UnknownProperty => DriftKind::UnknownProperty,
                            crate::DriftKind::UnknownEnumValue => DriftKind::UnknownEnumValue,
                        },
                    })
                    .collect();
                Ok((
                    serde_json::to_value(&decoded).map_err(|e| e.to_string()),
                    drift,
                ))
            }
            Err(error) => {
                let mut pointer = String::new();
                for segment in error.path().iter() {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => {
                            pointer = format!("{pointer}/{index}")
                        }
                        serde_path_to_error::Segment::Map { key } => {
                            pointer = pointer::push(&pointer, key)
                        }
                        serde_path_to_error::Segment::Enum { .. } => {}
                        serde_path_to_error::Segment::Unknown => break,
                    }
                }
                Err((pointer, clip(error.into_inner().to_string(), MESSAGE_CHARS)))
            }
        }
    }
}

#[cfg(test)]
mod tests;
