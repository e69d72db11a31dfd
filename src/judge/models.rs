//! The generated model set a judge works with, as a table of functions: the
//! judge knows the types only through it, so the same judge serves the
//! Clerk models and any other set that `schemagen` generated with its
//! index, checks and validators ([`judge_models!`](crate::judge_models)).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::kind::Rules;
use super::verdict::{DriftKind, TypeDrift};

/// One type of the set's index (`SCHEMA_TYPES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeEntry {
    /// The Rust type name.
    pub name: &'static str,
    /// The schema file it was generated from.
    pub file: &'static str,
    /// The JSON pointer of its definition there.
    pub pointer: &'static str,
    /// Whether decoding plus the drift walk is the schema's verdict.
    pub exact: bool,
    /// Whether a decoded value encodes back to the JSON it came from.
    pub lossless: bool,
}

/// One error of a generated validator, in the judge's terms (before it is
/// classified and placed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawError {
    /// The JSON pointer of the value.
    pub pointer: String,
    /// The failed keyword.
    pub keyword: String,
    /// What is wrong.
    pub message: String,
    /// Where the keyword is: `file#pointer/keyword`.
    pub schema_path: String,
    /// Drift the tolerant types keep (an unknown property or enum value).
    pub drift: Option<DriftKind>,
    /// For an `anyOf`/`oneOf` that no branch matched: each branch's errors.
    pub context: Vec<Vec<RawError>>,
}

/// What the one pass made of a payload's text.
#[derive(Debug, Clone, PartialEq)]
pub enum OnePass {
    /// It does not decode into the type, or decodes with drift: only the
    /// full judgement can say where and why.
    Declined,
    /// It decodes with no drift.
    Decoded {
        /// The kind the decoded value shows (for confirming a guessed
        /// kind): `None` when it has none or cannot be read back.
        kind: Option<&'static str>,
        /// Its encoding, when asked for (to validate what the types do not
        /// model).
        encoding: Option<Value>,
    },
}

/// What the typed decode of a parsed payload gave: its encoding (or why
/// encoding failed) and the drift the types report; or the JSON pointer and
/// message of the decoding error.
pub type Decoded = Result<(Result<Value, String>, Vec<TypeDrift>), (String, String)>;

/// The functions of one type.
#[derive(Clone, Copy)]
pub struct Decoders {
    /// Decodes text straight into the type and walks it for drift.
    pub one_pass: fn(&Rules, &str, bool) -> OnePass,
    /// Decodes a parsed value (with the path of any error), encodes it again
    /// and walks it for drift.
    pub decode: fn(&Value, bool) -> Decoded,
}

/// A generated model set, as the judge uses it. Build one with
/// [`judge_models!`](crate::judge_models).
#[derive(Clone)]
pub struct Models {
    pub(super) types: Vec<TypeEntry>,
    pub(super) files: &'static [(&'static str, &'static str)],
    pub(super) validate: fn(&str, &Value, usize) -> Option<Vec<RawError>>,
    pub(super) is_valid: fn(&str, &Value) -> Option<bool>,
    pub(super) decoders: fn(&str) -> Option<Decoders>,
}

impl std::fmt::Debug for Models {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Models")
            .field("types", &self.types.len())
            .field("files", &self.files.len())
            .finish()
    }
}

impl Models {
    /// The table. `files` are the schema documents the set was generated
    /// from, as (file name, JSON text); `validate` gives every error of a
    /// value against a type by name (keeping as many as its last argument
    /// says), `is_valid` only whether there is one, and `decoders` a type's
    /// functions.
    pub fn new(
        types: Vec<TypeEntry>,
        files: &'static [(&'static str, &'static str)],
        validate: fn(&str, &Value, usize) -> Option<Vec<RawError>>,
        is_valid: fn(&str, &Value) -> Option<bool>,
        decoders: fn(&str) -> Option<Decoders>,
    ) -> Models {
        Models {
            types,
            files,
            validate,
            is_valid,
            decoders,
        }
    }
}

/// The one pass over `text` as `T`: decode, walk for drift (`clean` says
/// whether there is none), and when it decoded clean, read back its kind and
/// (when `encode`) its encoding.
pub fn one_pass<T: DeserializeOwned + Serialize>(
    rules: &Rules,
    text: &str,
    encode: bool,
    clean: impl FnOnce(&T) -> bool,
) -> OnePass {
    let Ok(value) = serde_json::from_str::<T>(text) else {
        return OnePass::Declined;
    };
    if !clean(&value) {
        return OnePass::Declined;
    }
    let encoding = if encode {
        match serde_json::to_value(&value) {
            Ok(encoding) => Some(encoding),
            Err(_) => return OnePass::Declined,
        }
    } else {
        None
    };
    OnePass::Decoded {
        kind: rules.detect_decoded(&value),
        encoding,
    }
}

/// The typed decode of a parsed payload as `T`: plainly first (tracking the
/// path costs an allocation per key, and only a failure needs it: then the
/// decode runs again), unless the schema already says it will fail; then its
/// encoding and its drift (`drift`).
pub fn decode<T: DeserializeOwned + Serialize>(
    value: &Value,
    expect_failure: bool,
    drift: impl FnOnce(&T) -> Vec<TypeDrift>,
) -> Decoded {
    let plain = if expect_failure {
        None
    } else {
        <T as serde::Deserialize>::deserialize(value).ok()
    };
    let decoded = match plain {
        Some(decoded) => Ok(decoded),
        None => serde_path_to_error::deserialize::<_, T>(value),
    };
    match decoded {
        Ok(decoded) => {
            let drift = drift(&decoded);
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
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        schemakit::pointer::push_to(&mut pointer, key)
                    }
                    serde_path_to_error::Segment::Enum { .. } => {}
                    serde_path_to_error::Segment::Unknown => break,
                }
            }
            Err((
                pointer,
                clip(error.into_inner().to_string(), super::MESSAGE_CHARS),
            ))
        }
    }
}

/// The drift kind of a generated validator's error that the validator
/// marks as drift.
pub fn drift_kind(keyword: &str) -> DriftKind {
    match keyword {
        "additionalProperties" | "unevaluatedProperties" => DriftKind::UnknownProperty,
        _ => DriftKind::UnknownEnumValue,
    }
}

/// The judge's table of a generated model set: `judge_models!(path::to::models,
/// SCHEMA_FILES)`, where the module was generated by `schemagen` (0.1 or
/// later: `validate_type_within`) with the
/// index, the checks and the validators (tolerant mode), and `SCHEMA_FILES`
/// lists its schema documents as (file name, JSON text).
///
/// ```
/// let models = clerk_models::judge_models!(clerk_models::models, clerk_models::schema::SCHEMA_FILES);
/// let judge = clerk_models::judge::Judge::for_models(models, Default::default())?;
/// assert!(judge.kind("ClientEnvelope").is_some());
/// # Ok::<(), clerk_models::judge::JudgeError>(())
/// ```
#[macro_export]
macro_rules! judge_models {
    ($models:path, $files:expr) => {{
        use $crate::judge::models as __judge;
        use $models as __models;

        fn __drift(
            drift: ::std::vec::Vec<__models::Drift>,
        ) -> ::std::vec::Vec<$crate::judge::TypeDrift> {
            drift
                .into_iter()
                .map(|d| $crate::judge::TypeDrift {
                    pointer: d.pointer,
                    kind: match d.kind {
                        __models::DriftKind::UnknownProperty => {
                            $crate::judge::DriftKind::UnknownProperty
                        }
                        __models::DriftKind::UnknownEnumValue => {
                            $crate::judge::DriftKind::UnknownEnumValue
                        }
                    },
                })
                .collect()
        }

        fn __one_pass<T>(
            rules: &$crate::judge::kind::Rules,
            text: &str,
            encode: bool,
        ) -> __judge::OnePass
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + __models::Check,
        {
            __judge::one_pass::<T>(rules, text, encode, |value: &T| {
                __models::Check::drift(value).is_empty()
            })
        }

        fn __decode<T>(value: &::serde_json::Value, expect_failure: bool) -> __judge::Decoded
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + __models::Check,
        {
            __judge::decode::<T>(value, expect_failure, |value: &T| {
                __drift(__models::Check::drift(value))
            })
        }

        struct __Pick;

        impl __models::TypeVisitor for __Pick {
            type Output = __judge::Decoders;
            fn visit<T>(self) -> __judge::Decoders
            where
                T: ::serde::Serialize
                    + ::serde::de::DeserializeOwned
                    + ::std::fmt::Debug
                    + ::std::clone::Clone
                    + ::std::cmp::PartialEq
                    + __models::Check
                    + 'static,
            {
                __judge::Decoders {
                    one_pass: __one_pass::<T>,
                    decode: __decode::<T>,
                }
            }
        }

        fn __error(error: __models::SchemaError) -> __judge::RawError {
            __judge::RawError {
                drift: error.drift.then(|| __judge::drift_kind(error.keyword)),
                pointer: error.pointer,
                keyword: ::std::string::String::from(error.keyword),
                message: error.message,
                schema_path: error.schema_path,
                context: error
                    .context
                    .into_iter()
                    .map(|branch| branch.into_iter().map(__error).collect())
                    .collect(),
            }
        }

        fn __validate(
            name: &str,
            value: &::serde_json::Value,
            max_errors: usize,
        ) -> ::std::option::Option<::std::vec::Vec<__judge::RawError>> {
            __models::validate_type_within(name, value, max_errors)
                .map(|errors| errors.into_iter().map(__error).collect())
        }

        fn __decoders(name: &str) -> ::std::option::Option<__judge::Decoders> {
            __models::visit_type(name, __Pick)
        }

        __judge::Models::new(
            __models::SCHEMA_TYPES
                .iter()
                .map(|t| __judge::TypeEntry {
                    name: t.name,
                    file: t.file,
                    pointer: t.pointer,
                    exact: t.exact,
                    lossless: t.lossless,
                })
                .collect(),
            $files,
            __validate,
            __models::is_valid_type,
            __decoders,
        )
    }};
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
