//! The judge's one entry: the bytes of an input in (a document, several JSON
//! values one after another, or one NDJSON line), a verdict for each payload
//! out, every position in it a position in the source.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::verdict::{Pass, RoundTrip, Verdict};
use super::{Judge, JudgeError, Position};

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

/// One payload of an input and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// Where the payload starts in the source.
    pub start: Position,
    /// Its verdict, or why it could not be judged.
    pub result: Result<Verdict, JudgeError>,
}

/// What judging one value of a text gave. (Returned and matched at once:
/// boxing the verdict would cost an allocation per payload.)
#[allow(clippy::large_enum_variant)]
enum One {
    Judged(Result<Verdict, JudgeError>),
    /// The text holds more than one value.
    Several,
}

impl Judge {
    /// Judges every payload of an input: in one pass where that is safe,
    /// by the full judgement otherwise (see the [module documentation](super)).
    /// The input is checked against [`Limits::max_bytes`](super::Limits)
    /// and for UTF-8 first; a document holding several values has each
    /// judged on its own, from where it starts.
    pub fn judge(&self, bytes: &[u8], input: &Input<'_>) -> Vec<Judged> {
        let start = input.start;
        let one = |result: Result<Verdict, JudgeError>| {
            vec![Judged {
                start,
                result: result.map_err(|e| e.shifted(start)),
            }]
        };
        let kind = match input.kind.map(|k| self.index(k)).transpose() {
            Ok(kind) => kind,
            Err(e) => return one(Err(e)),
        };
        let text = match self.text(bytes) {
            Ok(text) => text,
            Err(e) => return one(Err(e)),
        };
        if text.trim().is_empty() {
            return one(Err(JudgeError::Empty));
        }
        match self.one_value(kind, text, input.full) {
            One::Judged(result) => one(result.map(|v| v.shifted(start))),
            One::Several if input.several => self.several(kind, text, start, input.full),
            // An NDJSON line holds one value: say what follows it.
            One::Several => one(self.full(kind, text)),
        }
    }

    /// The verdict of a text holding one value: the one pass, else the full
    /// judgement of the kind given or detected.
    fn one_value(&self, kind: Option<usize>, text: &str, full: bool) -> One {
        if !full {
            if let Some(index) = self.one_pass(kind, text) {
                return One::Judged(Ok(self.one_pass_verdict(index)));
            }
        }
        match self.full(kind, text) {
            Err(JudgeError::Json { .. }) if holds_several(text) => One::Several,
            result => One::Judged(result),
        }
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

    /// Several values one after another: each judged on its own, from where
    /// it starts. A syntax error ends the input, at its place.
    fn several(&self, kind: Option<usize>, text: &str, start: Position, full: bool) -> Vec<Judged> {
        let lines = schemakit::position::Lines::new(text);
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
        let mut out = Vec::new();
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
                    let result = match self.one_value(kind, &text[from..end], full) {
                        One::Judged(result) => result,
                        // One value of a stream holds one value: not met.
                        One::Several => self.full(kind, &text[from..end]),
                    };
                    out.push(Judged {
                        start: at,
                        result: result.map(|v| v.shifted(at)).map_err(|e| e.shifted(at)),
                    });
                }
                Some(Err(e)) => {
                    // The stream's positions are already those of the text.
                    out.push(Judged {
                        start: at,
                        result: Err(JudgeError::json(text, &e).shifted(start)),
                    });
                    break;
                }
            }
        }
        out
    }
}

/// Whether `text` starts with a complete JSON value that something other
/// than white space follows.
fn holds_several(text: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    IgnoredAny::deserialize(&mut de).is_ok() && de.end().is_err()
}
