//! Reading NDJSON (one payload a line) from any reader, in bounded memory:
//! lines are read into a [`Block`], their bytes one after another in one
//! buffer (one allocation for hundreds of lines, which goes back to the
//! reader through a [`Recycle`] once the block is judged, on whatever
//! thread), a line longer than the byte limit is counted and skipped
//! without being kept, blank lines are skipped, and each line knows where
//! it starts in the stream.

use std::io::BufRead;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::{Input, JudgeError, Judged, Judges, Position};

/// One line of an NDJSON stream, in its [`Block`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where it starts: its line number, column 1, its byte offset.
    pub start: Position,
    /// Where its bytes (without the line break) are in the block, or its
    /// length when that is over the limit (the bytes were not kept).
    pub content: Result<Range<usize>, usize>,
}

/// Lines read together, their bytes in one buffer.
#[derive(Debug, Default)]
pub struct Block {
    bytes: Vec<u8>,
    lines: Vec<Line>,
    /// Where the buffer goes once the block is dropped.
    recycle: Option<Recycle>,
}

/// Buffers of dropped blocks, kept for the reader to fill again: a block's
/// buffer is over a MiB, past the allocator's threshold for mapping memory,
/// so a fresh one per chunk was pages mapped, faulted in and cleared, then
/// unmapped, chunk after chunk (11,657 page faults a run on 100 MB, against
/// 1,526 with the buffers kept).
#[derive(Clone, Default)]
pub struct Recycle {
    kept: Arc<Mutex<Vec<Vec<u8>>>>,
    /// The largest buffer kept: one that grew past it (for a line of
    /// megabytes) is freed, so that what is kept stays bounded.
    largest: usize,
}

impl std::fmt::Debug for Recycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recycle")
    }
}

impl Recycle {
    /// Buffers kept at most: more than the chunks a reading keeps in
    /// flight; a buffer past these is freed.
    const KEEP: usize = 32;

    /// Recycles buffers of `room` bytes (blocks made by [`Recycle::block`]).
    pub fn new(room: usize) -> Self {
        Recycle {
            kept: Arc::default(),
            largest: room,
        }
    }

    /// An empty block whose buffer comes back here when it is dropped: a
    /// buffer that came back, or a new one with the room given to
    /// [`Recycle::new`].
    pub fn block(&self) -> Block {
        let kept = self.kept.lock().ok().and_then(|mut kept| kept.pop());
        Block {
            bytes: kept.unwrap_or_else(|| Vec::with_capacity(self.largest)),
            lines: Vec::new(),
            recycle: Some(self.clone()),
        }
    }

    fn give_back(&self, mut bytes: Vec<u8>) {
        if bytes.capacity() > self.largest {
            return;
        }
        bytes.clear();
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() < Self::KEEP {
                kept.push(bytes);
            }
        }
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        if let Some(recycle) = self.recycle.take() {
            recycle.give_back(std::mem::take(&mut self.bytes));
        }
    }
}

impl Block {
    /// The lines, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// How many lines it holds.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether it holds no line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The bytes of its lines that were kept.
    pub fn held(&self) -> usize {
        self.bytes.len()
    }

    /// The bytes of `line` (a line of this block), or its length when it
    /// was over the limit.
    pub fn text(&self, line: &Line) -> Result<&[u8], usize> {
        match &line.content {
            Ok(range) => Ok(&self.bytes[range.clone()]),
            Err(size) => Err(*size),
        }
    }

    /// Judges the payload of `line` (a line of this block), or reports it
    /// over the limit.
    pub fn judge<J: Judges>(
        &self,
        line: &Line,
        judge: &J,
        kind: Option<&str>,
    ) -> Vec<Judged<J::Verdict>> {
        let mut out = Vec::with_capacity(1);
        self.judge_each(line, judge, kind, &mut |j| out.push(j));
        out
    }

    /// [`Block::judge`], the verdict handed to `each` (no list made a line).
    pub fn judge_each<J: Judges>(
        &self,
        line: &Line,
        judge: &J,
        kind: Option<&str>,
        each: &mut dyn FnMut(Judged<J::Verdict>),
    ) {
        match self.text(line) {
            Ok(bytes) => {
                judge.judge_each(bytes, &Input::line(line.start).with_kind(kind), each);
            }
            Err(size) => each(Judged {
                start: line.start,
                result: Err(JudgeError::TooLarge {
                    size,
                    limit: judge.limits().max_bytes,
                }),
            }),
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

    /// Reads the next line that is not blank into `block`; `false` at the
    /// end of the stream.
    pub fn read_into(&mut self, block: &mut Block) -> std::io::Result<bool> {
        loop {
            let from = block.bytes.len();
            let Some((total, ended)) =
                read_line_bounded(&mut self.reader, &mut block.bytes, self.max_bytes)?
            else {
                return Ok(false);
            };
            let start = Position {
                line: self.line,
                column: 1,
                offset: self.offset,
            };
            self.line += 1;
            self.offset += total + usize::from(ended);
            if total > self.max_bytes {
                block.bytes.truncate(from);
                block.lines.push(Line {
                    start,
                    content: Err(total),
                });
                return Ok(true);
            }
            if block.bytes.last() == Some(&b'\r') && block.bytes.len() > from {
                block.bytes.pop();
            }
            if block.bytes[from..].iter().all(u8::is_ascii_whitespace) {
                block.bytes.truncate(from);
                continue;
            }
            block.lines.push(Line {
                start,
                content: Ok(from..block.bytes.len()),
            });
            return Ok(true);
        }
    }

    /// Every line left, in one block (for tests and small inputs).
    pub fn read_all(mut self) -> std::io::Result<Block> {
        let mut block = Block::default();
        while self.read_into(&mut block)? {}
        Ok(block)
    }
}

/// Reads one line (without its `\n`) onto the end of `buf`, appending at
/// most `max` bytes of it. Returns the line's full length and whether a
/// `\n` ended it, or `None` at the end of the input.
fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<(usize, bool)>> {
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
        let mut buf = b">".to_vec();
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((2, true))
        );
        assert_eq!(buf, b">ab", "a line is appended");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((9, true))
        );
        assert_eq!(buf, b">ab", "an over-long line is not kept");
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((0, true))
        );
        assert_eq!(
            read_line_bounded(&mut reader, &mut buf, 4).unwrap(),
            Some((4, false))
        );
        assert_eq!(buf, b">ablast");
        assert_eq!(read_line_bounded(&mut reader, &mut buf, 4).unwrap(), None);
    }

    #[test]
    fn lines_know_where_they_start() {
        let text = "{}\r\n\n  \nlong line\n[1]";
        // Reads of 2 bytes: the long line is partly read before it is
        // known to be over the limit, and must leave nothing behind.
        for reader in [
            std::io::BufReader::with_capacity(2, std::io::Cursor::new(text)),
            std::io::BufReader::new(std::io::Cursor::new(text)),
        ] {
            let block = Lines::new(reader, 4).read_all().unwrap();
            let at = |line, offset| Position {
                line,
                column: 1,
                offset,
            };
            assert_eq!(
                block.lines(),
                [
                    Line {
                        start: at(1, 0),
                        content: Ok(0..2)
                    },
                    Line {
                        start: at(4, 8),
                        content: Err(9)
                    },
                    Line {
                        start: at(5, 18),
                        content: Ok(2..5)
                    },
                ]
            );
            let texts: Vec<_> = block.lines().iter().map(|l| block.text(l)).collect();
            assert_eq!(texts, [Ok(&b"{}"[..]), Err(9), Ok(&b"[1]"[..])]);
            assert_eq!(block.held(), 5);
        }
    }

    /// A block's buffer comes back to the reader once the block is dropped
    /// (on any thread), empty; one that grew past the room is let go.
    #[test]
    fn buffers_come_back() {
        let recycle = Recycle::new(64);
        let mut lines = Lines::new(std::io::Cursor::new("[1]\n[2]\n"), 1 << 10);
        let mut block = recycle.block();
        while lines.read_into(&mut block).unwrap() {}
        let buffer = block.bytes.as_ptr();
        std::thread::spawn(move || drop(block)).join().unwrap();
        let again = recycle.block();
        assert_eq!(again.bytes.as_ptr(), buffer, "the same buffer");
        assert!(again.is_empty() && again.held() == 0);
        let mut grown = again;
        grown.bytes.extend_from_slice(&[b' '; 100]);
        drop(grown);
        assert!(
            recycle.kept.lock().unwrap().is_empty(),
            "grown past the room"
        );
    }
}
