//! Reading NDJSON (one payload a line) from any reader, line by line in
//! bounded memory: a line longer than the byte limit is counted and skipped
//! without being kept, blank lines are skipped, and each line knows where
//! it starts in the stream.

use std::io::BufRead;

use super::{Input, JudgeError, Judged, Judges, Position};

/// One line of an NDJSON stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where it starts: its line number, column 1, its byte offset.
    pub start: Position,
    /// Its bytes (without the line break), or its length when that is over
    /// the limit (the bytes were not kept).
    pub content: Result<Vec<u8>, usize>,
}

impl Line {
    /// Judges the line's payload (or reports it over the limit).
    pub fn judge<J: Judges>(&self, judge: &J, kind: Option<&str>) -> Vec<Judged<J::Verdict>> {
        match &self.content {
            Ok(bytes) => judge.judge_input(bytes, &Input::line(self.start).with_kind(kind)),
            Err(size) => vec![Judged {
                start: self.start,
                result: Err(JudgeError::TooLarge {
                    size: *size,
                    limit: judge.limits().max_bytes,
                }),
            }],
        }
    }
}

/// The lines of an NDJSON stream, each at most `max_bytes` long.
pub struct Lines<R> {
    reader: R,
    max_bytes: usize,
    /// The number of the next line, from 1.
    line: usize,
    /// The byte offset of the next line.
    offset: usize,
}

impl<R: BufRead> Lines<R> {
    /// The lines of `reader`; a line longer than `max_bytes` is not kept.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        Lines {
            reader,
            max_bytes,
            line: 1,
            offset: 0,
        }
    }

    /// How many bytes have been read so far.
    pub fn bytes_read(&self) -> usize {
        self.offset
    }

    /// The number of the line read next, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The next line that is not blank, or `None` at the end of the stream.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let mut buf = Vec::new();
            let Some((total, ended)) =
                read_line_bounded(&mut self.reader, &mut buf, self.max_bytes)?
            else {
                return Ok(None);
            };
            let start = Position {
                line: self.line,
                column: 1,
                offset: self.offset,
            };
            self.line += 1;
            self.offset += total + usize::from(ended);
            if total > self.max_bytes {
                return Ok(Some(Line {
                    start,
                    content: Err(total),
                }));
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(Line {
                start,
                content: Ok(buf),
            }));
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_line().transpose()
    }
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `max` bytes
/// of it. Returns the line's full length and whether a `\n` ended it, or
/// `None` at the end of the input.
fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<(usize, bool)>> {
    buf.clear();
    let mut total = 0;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some((total, false)));
        }
        any = true;
        let newline = memchr::memchr(b'\n', available);
        let chunk = &available[..newline.unwrap_or(available.len())];
        if total + chunk.len() <= max {
            buf.extend_from_slice(chunk);
        }
        total += chunk.len();
        let used = newline.map_or(available.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some((total, true)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut reader = std::io::Cursor::new(b"ab\nlong line\n\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((2, true))
        );
        assert_eq!(buf, b"ab");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((9, true))
        );
        assert!(buf.is_empty(), "an over-long line is not kept");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((0, true))
        );
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((4, false))
        );
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 4).unwrap(), None);
    }

    #[test]
    fn lines_know_where_they_start() {
        let text = "{}\r\n\n  \nlong line\n[1]";
        let lines: Vec<Line> = Lines::new(std::io::Cursor::new(text), 4)
            .collect::<Result<_, _>>()
            .unwrap();
        let at = |line, offset| Position {
            line,
            column: 1,
            offset,
        };
        assert_eq!(
            lines,
            [
                Line {
                    start: at(1, 0),
                    content: Ok(b"{}".to_vec())
                },
                Line {
                    start: at(4, 8),
                    content: Err(9)
                },
                Line {
                    start: at(5, 18),
                    content: Ok(b"[1]".to_vec())
                },
            ]
        );
    }
}
