//! Positions in text: line and column (from 1, columns counted in
//! characters) for a byte offset, and short one-line excerpts. Payload
//! findings, schema errors and syntax errors are all placed through here.

use std::ops::Range;

/// A place in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, counted in characters (Unicode scalar values).
    pub column: usize,
    /// Byte offset from the start of the text, from 0.
    pub offset: usize,
}

impl Position {
    /// The start of a text.
    pub const START: Position = Position {
        line: 1,
        column: 1,
        offset: 0,
    };

    /// A position inside a text that itself starts at `self` in a larger
    /// one, as a position in the larger text (an NDJSON line in its file,
    /// one of several values in a document).
    pub fn then(self, inner: Position) -> Position {
        Position {
            line: self.line + inner.line - 1,
            column: if inner.line <= 1 {
                self.column + inner.column - 1
            } else {
                inner.column
            },
            offset: self.offset + inner.offset,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Line and column for many offsets of one text: the line starts are
/// indexed once, and (for text that is not ASCII) a character count every
/// [`Lines::CHECKPOINT`] bytes, so each lookup costs a binary search and at
/// most one checkpoint's worth of counting, even on a long single line.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `chars_before[k]`: how many characters start before byte
    /// `k * CHECKPOINT` (empty for ASCII text).
    chars_before: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Characters are counted from a checkpoint at most this many bytes back.
    pub const CHECKPOINT: usize = 4096;

    /// Indexes `text` (one pass).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before = Vec::new();
        if !text.is_ascii() {
            chars_before.push(0);
            for chunk in text.as_bytes().chunks(Self::CHECKPOINT) {
                chars_before.push(chars_before[chars_before.len() - 1] + count_chars(chunk));
            }
        }
        Lines {
            text,
            starts,
            chars_before,
        }
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn chars_before(&self, offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let k = offset / Self::CHECKPOINT;
        self.chars_before[k] + count_chars(&self.text.as_bytes()[k * Self::CHECKPOINT..offset])
    }

    /// The position of a byte offset (clamped to the text, and moved back to
    /// the start of the character it falls in).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Position {
            line,
            column: self.chars_before(offset) - self.chars_before(start) + 1,
            offset,
        }
    }

    /// The byte offset of a line and column (both from 1), if the text has
    /// them; a column past the end of its line gives the line's end.
    pub fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let content = &self.text[start..end];
        Some(
            start
                + content
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(content.len(), |(i, _)| i),
        )
    }
}

/// The position of one byte offset (for many, index once with [`Lines`]).
pub fn position(text: &str, offset: usize) -> Position {
    Lines::new(text).position(offset)
}

/// Counts the characters of UTF-8 bytes (those that are not continuation bytes).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A short, one-line excerpt of `text[span]`: line breaks and the
/// indentation after them become one space, and the excerpt stops after
/// `max_chars` characters with `…`.
pub fn snippet(text: &str, span: Range<usize>, max_chars: usize) -> String {
    let Some(text) = text.get(span) else {
        return String::new();
    };
    let mut out = String::new();
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = if c == '\n' || c == '\r' {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            ' '
        } else {
            c
        };
        if count == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Up to `max_chars` characters of line `line` of `text` around `column`
/// (for a syntax error, whose extent is unknown), trimmed; `None` for an
/// empty or missing line.
pub fn line_snippet(text: &str, line: usize, column: usize, max_chars: usize) -> Option<String> {
    let content = text.lines().nth(line.checked_sub(1)?)?.trim_end();
    let chars: Vec<char> = content.chars().collect();
    if chars.is_empty() {
        return None;
    }
    let start = column
        .saturating_sub(max_chars / 2)
        .min(chars.len().saturating_sub(1));
    let end = (start + max_chars).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    Some(out.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let lines = Lines::new("ab\ncé\nx");
        assert_eq!(lines.position(0).to_string(), "1:1");
        assert_eq!(lines.position(4).to_string(), "2:2");
        assert_eq!(lines.position(6).to_string(), "2:3");
        // Inside `é`: moved back to its start.
        assert_eq!(lines.position(5).to_string(), "2:2");
        assert_eq!(lines.position(100).offset, 8);
        assert_eq!(lines.offset(2, 3), Some(6));
        assert_eq!(lines.offset(3, 9), Some(8));
        assert_eq!(lines.offset(4, 1), None);
    }

    #[test]
    fn long_lines_use_checkpoints() {
        let text = "é".repeat(10_000) + "x";
        let lines = Lines::new(&text);
        let at = text.len() - 1;
        assert_eq!(lines.position(at).column, 10_001);
    }

    #[test]
    fn positions_shift_by_where_the_text_starts() {
        let base = Position {
            line: 3,
            column: 5,
            offset: 40,
        };
        let inner = |line, column, offset| Position {
            line,
            column,
            offset,
        };
        assert_eq!(base.then(inner(1, 2, 1)), inner(3, 6, 41));
        assert_eq!(base.then(inner(2, 2, 9)), inner(4, 2, 49));
        assert_eq!(Position::START.then(base), base);
    }

    #[test]
    fn snippets() {
        assert_eq!(snippet("{\n  \"a\": 1\n}", 0..12, 80), "{ \"a\": 1 }");
        assert_eq!(snippet("abcdef", 0..6, 3), "abc…");
        assert_eq!(
            line_snippet("x\n  a long line  \n", 2, 3, 80).as_deref(),
            Some("a long line")
        );
        assert_eq!(line_snippet("x\n\n", 2, 1, 80), None);
    }
}
