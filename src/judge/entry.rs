//! The judge's one entry: the bytes of an input in (a document, several JSON
//! values one after another, or one NDJSON line), a verdict for each payload
//! out, every position in it a position in the source.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::verdict::{Pass, RoundTrip, Verdict};
use super::{Judge, JudgeError, Limits, Position};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input<'k> {
    /// The kind of every payload (a schema def or Rust type name); told
    /// from each payload's shape when `None`.
    pub kind: Option<&'k str>,
    /// Where the input starts in its source (for an NDJSON line: its line,
    /// column 1 and byte offset), so that every position in the verdicts is
    /// one in the source.
    pub start: Position,
    /// Whether several JSON values one after another are judged each on its
    /// own (a document), or are an error (an NDJSON line holds one).
    pub several: bool,
    /// Always the full judgement, never the one pass: every finding, and
    /// the round trip, even of a payload that conforms.
    pub full: bool,
}

impl Default for Input<'_> {
    /// A whole document, of kinds told from their shapes.
    fn default() -> Self {
        Input {
            kind: None,
            start: Position::START,
            several: true,
            full: false,
        }
    }
}

impl<'k> Input<'k> {
    /// A whole document (which may hold several values).
    pub fn document() -> Self {
        Input::default()
    }

    /// One NDJSON line, starting at `start` in its source.
    pub fn line(start: Position) -> Self {
        Input {
            kind: None,
            start,
            several: false,
            full: false,
        }
    }

    /// Every payload judged as `kind` (`None`: told from its shape).
    pub fn with_kind(mut self, kind: Option<&'k str>) -> Self {
        self.kind = kind;
        self
    }

    /// Every payload given the full judgement (see [`Input::full`]).
    pub fn full(mut self) -> Self {
        self.full = true;
        self
    }
}

/// One payload of an input and its verdict (the contract's [`Verdict`] by
/// default; a [`SchemaVerdict`](super::any::SchemaVerdict) from a judge of
/// any schema).
#[derive(Debug, Clone, PartialEq)]
pub struct Judged<V = Verdict> {
    /// Where the payload starts in the source.
    pub start: Position,
    /// Its verdict, or why it could not be judged.
    pub result: Result<V, JudgeError>,
}

/// What judges inputs: the contract's [`Judge`], or a judge of any schema
/// ([`SchemaJudge`](super::any::SchemaJudge)). The batch reader's chunks
/// and NDJSON lines are judged through it.
pub trait Judges: Sync {
    /// What it says of one payload.
    type Verdict: Send;

    /// The limits in force.
    fn limits(&self) -> Limits;

    /// Every payload of an input and its verdict, handed to `each` as it
    /// is judged, in order (see [`Judge::judge_each`]): a document of many
    /// values is never held as a list of verdicts.
    fn judge_each(
        &self,
        bytes: &[u8],
        input: &Input<'_>,
        each: &mut dyn FnMut(Judged<Self::Verdict>),
    );

    /// Every payload of an input and its verdict, in a list (see
    /// [`Judge::judge`]).
    fn judge_input(&self, bytes: &[u8], input: &Input<'_>) -> Vec<Judged<Self::Verdict>> {
        let mut out = Vec::new();
        self.judge_each(bytes, input, &mut |j| out.push(j));
        out
    }
}

impl Judges for Judge {
    type Verdict = Verdict;

    fn limits(&self) -> Limits {
        self.limits
    }

    fn judge_each(&self, bytes: &[u8], input: &Input<'_>, each: &mut dyn FnMut(Judged)) {
        Judge::judge_each(self, bytes, input, each);
    }
}

impl Judge {
    /// Judges every payload of an input: in one pass where that is safe,
    /// by the full judgement otherwise (see the [module documentation](super)).
    /// The input is checked against [`Limits::max_bytes`](super::Limits)
    /// and for UTF-8 first; a document holding several values has each
    /// judged on its own, from where it starts.
    pub fn judge(&self, bytes: &[u8], input: &Input<'_>) -> Vec<Judged> {
        self.judge_input(bytes, input)
    }

    /// [`Judge::judge`], each verdict handed to `each` as it is made: a
    /// document of half a million values costs one verdict at a time.
    pub fn judge_each(&self, bytes: &[u8], input: &Input<'_>, each: &mut dyn FnMut(Judged)) {
        let kind = match input.kind.map(|k| self.index(k)).transpose() {
            Ok(kind) => kind,
            Err(e) => {
                return each(Judged {
                    start: input.start,
                    result: Err(e.shifted(input.start)),
                })
            }
        };
        each_value(
            self.limits,
            bytes,
            input,
            |text| self.one_value(kind, text, input.full),
            Verdict::shifted,
            each,
        );
    }

    /// The verdict of a text holding one value: the one pass, else the full
    /// judgement of the kind given or detected.
    fn one_value(
        &self,
        kind: Option<usize>,
        text: &str,
        full: bool,
    ) -> Result<Verdict, JudgeError> {
        if !full {
            if let Some(index) = self.one_pass(kind, text) {
                return Ok(self.one_pass_verdict(index));
            }
        }
        self.full(kind, text)
    }

    /// The verdict of a payload that conformed and decoded in one pass.
    fn one_pass_verdict(&self, index: usize) -> Verdict {
        let kind = &self.kinds[index];
        Verdict {
            kind: kind.name,
            rust_type: kind.rust_type,
            pass: Pass::One,
            findings: Vec::new(),
            decode: Ok(RoundTrip {
                encoded: None,
                difference: None,
                drift: Vec::new(),
            }),
            looks_like: None,
        }
    }
}

/// Every payload of an input, judged by `one` (which is given the text of
/// one value, and says [`JudgeError::Json`] when the text is not one): the
/// input checked against the size limit and for UTF-8 first; a document
/// holding several values one after another has each judged on its own,
/// from where it starts, and a syntax error ends it at its place. Every
/// position is shifted by `shift` into the source, and each verdict is
/// handed to `each` as soon as it is made.
pub(super) fn each_value<V>(
    limits: Limits,
    bytes: &[u8],
    input: &Input<'_>,
    one: impl Fn(&str) -> Result<V, JudgeError>,
    shift: impl Fn(V, Position) -> V,
    each: &mut dyn FnMut(Judged<V>),
) {
    let start = input.start;
    let mut single = |result: Result<V, JudgeError>| {
        each(Judged {
            start,
            result: result
                .map(|v| shift(v, start))
                .map_err(|e| e.shifted(start)),
        })
    };
    let text = match checked_text(limits, bytes) {
        Ok(text) => text,
        Err(e) => return single(Err(e)),
    };
    if text.trim().is_empty() {
        return single(Err(JudgeError::Empty));
    }
    let result = one(text);
    // Not one value, but several one after another? (An NDJSON line holds
    // one: its error says what follows the first.)
    if !(input.several && matches!(result, Err(JudgeError::Json { .. })) && holds_several(text)) {
        return single(result);
    }
    let lines = schemakit::position::Lines::new(text);
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    let mut end = 0;
    loop {
        let from = end + (text[end..].len() - text[end..].trim_start().len());
        if from >= text.len() {
            break;
        }
        let at = start.then(lines.position(from));
        match stream.next() {
            None => break,
            Some(Ok(_)) => {
                end = stream.byte_offset();
                let result = one(&text[from..end]);
                each(Judged {
                    start: at,
                    result: result.map(|v| shift(v, at)).map_err(|e| e.shifted(at)),
                });
            }
            Some(Err(e)) => {
                // The stream's positions are already those of the text.
                each(Judged {
                    start: at,
                    result: Err(JudgeError::json(text, &e).shifted(start)),
                });
                break;
            }
        }
    }
}

/// Checks that `bytes` are within the size limit and UTF-8.
pub(super) fn checked_text(limits: Limits, bytes: &[u8]) -> Result<&str, JudgeError> {
    if bytes.len() > limits.max_bytes {
        return Err(JudgeError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        JudgeError::NotUtf8 {
            position: schemakit::position::position(good, good.len()),
        }
    })
}

/// Whether `text` starts with a complete JSON value that something other
/// than white space follows.
fn holds_several(text: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    IgnoredAny::deserialize(&mut de).is_ok() && de.end().is_err()
}
