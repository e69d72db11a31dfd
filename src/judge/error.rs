//! Why the judge could not give a verdict, each reason with its place.

use std::fmt;

use super::{Position, SERDE_JSON_RECURSION_LIMIT};

/// Why the judge could not give a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JudgeError {
    /// A schema file of the models is not JSON (a bug in the build, not in
    /// the payload).
    Schema {
        /// The schema file, or `""` for the registry as a whole.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// No schema definition (and no generated type) has this name.
    UnknownKind {
        /// The name asked for.
        kind: String,
    },
    /// The payload's kind could not be told from its shape (what it showed
    /// and where, and the kinds closest to it); name it. (Boxed: the other
    /// errors are small.)
    UndetectedKind(Box<super::kind::Undetected>),
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
    /// The input's parsed tree would take more memory than its bound
    /// ([`Limits::max_tree_ratio`] times its size, at least 16 MiB) even
    /// with every array cut short: too many members, or too many short
    /// arrays.
    TreeTooLarge {
        /// Its size in bytes.
        size: usize,
        /// The bound on its tree, in bytes.
        bound: usize,
        /// The bound as a multiple of its size.
        ratio: usize,
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
    /// The input holds no JSON value (nothing, or only white space).
    Empty,
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
            JudgeError::UnknownKind { kind } => {
                write!(
                    f,
                    "no schema definition or generated type is named {kind:?}"
                )
            }
            JudgeError::UndetectedKind(why) => {
                write!(
                    f,
                    "cannot tell the payload's kind from its shape: {why}; name the kind"
                )
            }
            JudgeError::BadLimits { message } => write!(f, "bad limits: {message}"),
            JudgeError::TooLarge { size, limit } => {
                write!(
                    f,
                    "input is {size} bytes, more than the limit of {limit} bytes"
                )
            }
            JudgeError::TreeTooLarge { size, bound, ratio } => write!(
                f,
                "input of {size} bytes holds too many values to judge: its parsed tree \
                 would take more than {bound} bytes (the bound: {ratio} times its size, at \
                 least {floor} bytes; --max-tree-ratio) even with every array cut to its first \
                 {cap} items",
                floor = super::budget::FLOOR,
                cap = super::budget::MIN_CAP,
            ),
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
            JudgeError::Empty => f.write_str("empty input: no JSON value"),
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
    /// without the position, and the position with columns from 1 (see
    /// [`schemakit::read::syntax_error`]).
    pub fn json(text: &str, error: &serde_json::Error) -> JudgeError {
        let e = schemakit::read::syntax_error(text, error);
        JudgeError::Json {
            message: e.message,
            line: e.line,
            column: e.column,
        }
    }
}

impl JudgeError {
    /// The same error, with its position in the text moved to where that
    /// text starts in a larger input (`start`).
    pub(super) fn shifted(self, start: Position) -> JudgeError {
        match self {
            JudgeError::TooDeep { limit, position } => JudgeError::TooDeep {
                limit,
                position: start.then(position),
            },
            JudgeError::NotUtf8 { position } => JudgeError::NotUtf8 {
                position: start.then(position),
            },
            JudgeError::UndetectedKind(mut why) => {
                why.position = why.position.map(|p| start.then(p));
                JudgeError::UndetectedKind(why)
            }
            JudgeError::Json {
                message,
                line,
                column,
            } => {
                let at = start.then(Position {
                    line,
                    column,
                    offset: 0,
                });
                JudgeError::Json {
                    message,
                    line: at.line,
                    column: at.column,
                }
            }
            other => other,
        }
    }

    /// Where in the input the error is, when it is at a place.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            JudgeError::TooDeep { position, .. } | JudgeError::NotUtf8 { position } => {
                Some((position.line, position.column))
            }
            JudgeError::Json { line, column, .. } => Some((*line, *column)),
            JudgeError::UndetectedKind(why) => why.position.map(|p| (p.line, p.column)),
            _ => None,
        }
    }
}
