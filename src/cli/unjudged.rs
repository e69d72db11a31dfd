//! What `validate` says of a payload that could not be judged: not UTF-8,
//! not JSON, too deep, too large, empty, of a kind that cannot be told;
//! an excerpt of its text shows no secret value.

use super::outcome::{Item, Outcome};
use clerk_models::judge::secret::Secrets;
use clerk_models::judge::{JudgeError, Position};

/// A payload that could not be judged: not UTF-8, not JSON, too deep,
/// too large, empty, or of a kind that cannot be told. An excerpt of the
/// text shows no secret value.
pub fn failure(
    text: &[u8],
    start: Position,
    at: Position,
    error: &JudgeError,
    secrets: &Secrets,
) -> Outcome {
    let position = error.position();
    let snippet = match error {
        // The text's own line and column, for the excerpt.
        JudgeError::Json { line, column, .. } => {
            let text = std::str::from_utf8(text).unwrap_or_default();
            let masked = secrets.mask(text);
            let line_in = line + 1 - start.line;
            let column_in = if line_in == 1 {
                column + 1 - start.column
            } else {
                *column
            };
            schemakit::position::line_snippet(masked.shown(), line_in, column_in, 80)
                .map(|s| masked.excerpt(&s))
        }
        // What the kind rules saw, placed by the judge.
        JudgeError::UndetectedKind(why) => why.snippet.clone(),
        _ => None,
    };
    let pointer = match error {
        JudgeError::UndetectedKind(why) => Some(why.pointer.clone()),
        _ => None,
    };
    let at = match error {
        // An NDJSON line over the limit, an empty input: where it starts.
        JudgeError::TooLarge { .. } | JudgeError::Empty => Some((at.line, at.column)),
        _ => position,
    };
    let (summary, message) = match error {
        JudgeError::Json { message, .. } => ("not JSON", format!("not JSON: {message}")),
        JudgeError::NotUtf8 { .. } => (
            "not UTF-8",
            "not UTF-8 text: the first invalid byte is here".to_owned(),
        ),
        JudgeError::TooDeep { limit, .. } => (
            "nested too deep",
            format!("arrays and objects nest deeper than {limit} levels here (--max-depth)"),
        ),
        JudgeError::TooLarge { size, limit } => (
            "too large",
            format!("{size} bytes is over the --max-bytes limit of {limit} bytes"),
        ),
        JudgeError::TreeTooLarge { .. } => ("too many values", error.to_string()),
        JudgeError::Empty => ("empty", "empty input: no JSON value".to_owned()),
        JudgeError::UndetectedKind(why) => (
            "unknown kind",
            format!(
                "cannot tell the payload's kind from its shape: {why}; name it with --type KIND"
            ),
        ),
        JudgeError::UnknownKind { .. } => ("unknown kind", error.to_string()),
        other => ("not judged", other.to_string()),
    };
    let what = match error {
        JudgeError::UndetectedKind(_) | JudgeError::UnknownKind { .. } => "kind",
        _ => "parse",
    };
    Outcome {
        verdict: None,
        errors: vec![Item {
            pointer,
            at,
            snippet,
            ..Item::new(what, message)
        }],
        warnings: Vec::new(),
        summary: summary.to_owned().into(),
        looks_like: None,
        promise: None,
    }
}

/// A whole input (a file, or stdin) over `--max-bytes`: a payload that
/// fails, as an NDJSON line over the limit does. A file's size is known;
/// stdin is read no further than the limit.
pub fn too_large(size: Option<u64>, limit: usize) -> Outcome {
    let message = match size {
        Some(size) => format!(
            "{size} bytes is over the --max-bytes limit of {limit} bytes (for a stream of \
             payloads, one a line, use --ndjson or a .ndjson/.jsonl name)"
        ),
        None => format!(
            "more than the --max-bytes limit of {limit} bytes (for a stream of payloads, \
             one a line, use --ndjson)"
        ),
    };
    Outcome {
        verdict: None,
        errors: vec![Item {
            at: Some((1, 1)),
            ..Item::new("parse", message)
        }],
        warnings: Vec::new(),
        summary: "too large".into(),
        looks_like: None,
        promise: None,
    }
}

/// A payload that fails before it is read as JSON, for one reason: a HAR
/// entry's body over the limit, or not the base64 its encoding says.
pub fn unread(summary: &str, message: String) -> Outcome {
    Outcome {
        verdict: None,
        errors: vec![Item {
            at: Some((1, 1)),
            ..Item::new("parse", message)
        }],
        warnings: Vec::new(),
        summary: summary.to_owned().into(),
        looks_like: None,
        promise: None,
    }
}
