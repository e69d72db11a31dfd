//! Many inputs, read in order as chunks of work for [`parallel`](super::parallel):
//! a whole document (a file or a stream, at most [`Limits::max_bytes`](super::Limits)),
//! or a run of NDJSON lines, each chunk named after its input. Reading is
//! sequential and bounded: a document over the limit is not kept (a file's
//! size is known before it is read; a stream is read no further than the
//! limit), and a stream's lines are gathered until a chunk holds about
//! [`Chunking::bytes`] or [`Chunking::lines`].
//!
//! A HAR capture ([`Layout::Har`]) is read entry by entry by
//! [`har::Entries`](super::har::Entries), its entries gathered into chunks
//! as lines are; a body over the limit is not kept.
//!
//! A document over the limit and an NDJSON line over it are the same
//! outcome: a payload that fails with [`JudgeError::TooLarge`] (for a stream,
//! whose size is not known, [`Body::TooLarge`] with no size). An input that
//! cannot be read, or whose reading breaks off, is [`Body::Unreadable`], in
//! its place among the others.

use std::io::{BufRead, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::har::{self, Entries};
use super::stream::{Block, Lines, Recycle};
use super::{Input, JudgeError, Judged, Judges, Position};

/// Where an input's bytes come from.
pub enum Origin {
    /// A file, opened when its turn comes.
    File(PathBuf),
    /// Any reader (standard input, a pipe, bytes in memory); `Send`, as a
    /// capture is parsed on a thread of its own.
    Reader(Box<dyn BufRead + Send>),
    /// An input that was named but cannot be read (a glob that matches
    /// nothing, a folder that cannot be listed): why.
    Failed(String),
}

/// One input of a batch.
pub struct Source {
    /// Its name in the report (`<stdin>`, a path).
    pub name: String,
    /// Where its bytes come from.
    pub origin: Origin,
    /// How its bytes hold payloads.
    pub layout: Layout,
}

/// How an input holds its payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One document, which may hold several JSON values one after another.
    Document,
    /// NDJSON: one payload a line.
    Ndjson,
    /// A HAR capture: one payload a response body.
    Har,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = match &self.origin {
            Origin::File(path) => format!("file {}", path.display()),
            Origin::Reader(_) => "reader".to_owned(),
            Origin::Failed(why) => format!("failed: {why}"),
        };
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("origin", &origin)
            .field("layout", &self.layout)
            .finish()
    }
}

/// How NDJSON lines are gathered into chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunking {
    /// A chunk is closed once its lines hold this many bytes.
    pub bytes: usize,
    /// ... or this many lines.
    pub lines: usize,
    /// When the input's size is known (a file), a chunk holds at most this
    /// share of what is left of it (`1 / share`), down to `least` bytes: the
    /// last chunks of a file get smaller, so that the workers finish
    /// together instead of one waiting through the other's last megabyte.
    pub share: usize,
    /// The smallest a chunk gets by `share`.
    pub least: usize,
}

/// The buffer files are read through.
const READ_BUFFER: usize = 64 << 10;

impl Default for Chunking {
    /// 1 MiB or 1,024 lines: one to five milliseconds of work when the
    /// quick check vouches for every line, so that handing chunks over
    /// (locks taken, a buffer recycled, and a worker woken when one waits
    /// for room: on a virtual machine tens of microseconds) stays a small
    /// part of the run (BENCHMARKS.md, "Every core"); the end of a file
    /// shared out as [`Chunking::for_jobs`] says.
    fn default() -> Self {
        Chunking::for_jobs(1)
    }
}

impl Chunking {
    /// The default sizes, the end of a file shared out among `jobs`
    /// workers: a chunk at most half of each one's share of what is left.
    pub fn for_jobs(jobs: usize) -> Self {
        Chunking {
            bytes: 1 << 20,
            lines: 1024,
            share: 2 * jobs.max(1),
            least: 64 << 10,
        }
    }

    /// The bytes a chunk gathers when `left` bytes of its input are still
    /// to be read (`None`: not known). At least 1: a chunk holds at least
    /// one line, whatever the settings (one that closed empty would end
    /// its input).
    fn bytes_for(&self, left: Option<u64>) -> usize {
        let shared = left.map_or(usize::MAX, |left| {
            usize::try_from(left / self.share.max(1) as u64).unwrap_or(usize::MAX)
        });
        shared.max(self.least).min(self.bytes).max(1)
    }

    /// The lines (or HAR entries) a chunk gathers at most: at least 1.
    fn lines(&self) -> usize {
        self.lines.max(1)
    }
}

/// Part of one input, in order.
#[derive(Debug)]
pub struct Chunk {
    /// Its input's position in the batch, from 0.
    pub input: usize,
    /// Its input's name.
    pub name: Arc<str>,
    /// How many bytes of the input it covers (lines skipped and a document
    /// over the limit included), for progress.
    pub bytes: u64,
    /// What it holds.
    pub body: Body,
}

/// What a chunk holds.
#[derive(Debug)]
pub enum Body {
    /// A whole input, at most `max_bytes`.
    Document(Vec<u8>),
    /// A whole input over `max_bytes`, not kept: its size when known (a
    /// file's), or `None` (a stream, read no further than the limit).
    TooLarge(Option<u64>),
    /// NDJSON lines, in order (a line over the limit without its bytes).
    Lines(Block),
    /// Entries of a HAR capture, in order (a body over the limit without
    /// its bytes).
    Entries(Vec<har::Entry>),
    /// The input cannot be read: why, and for a stream that broke off, the
    /// line it broke off at (the lines before it came in earlier chunks).
    Unreadable {
        /// The line number, from 1, for a stream that broke off.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
}

impl Chunk {
    /// Every payload of the chunk and its verdict, in order: a document's
    /// values, each line's payload, a document over the limit as
    /// [`JudgeError::TooLarge`] when its size is known. Nothing for an
    /// unreadable input, a stream over the limit, or HAR entries (each is
    /// judged by the kind its endpoint promises:
    /// [`endpoint`](super::endpoint)).
    pub fn judge<J: Judges>(&self, judge: &J, kind: Option<&str>) -> Vec<Judged<J::Verdict>> {
        let mut out = Vec::new();
        self.judge_each(judge, kind, &mut |j| out.push(j));
        out
    }

    /// [`Chunk::judge`], each verdict handed to `each` as it is made, so
    /// that a document of many values is never held as a list of verdicts.
    pub fn judge_each<J: Judges>(
        &self,
        judge: &J,
        kind: Option<&str>,
        each: &mut dyn FnMut(Judged<J::Verdict>),
    ) {
        match &self.body {
            Body::Document(bytes) => {
                judge.judge_each(bytes, &Input::document().with_kind(kind), each);
            }
            Body::TooLarge(Some(size)) => each(Judged {
                start: Position::START,
                result: Err(JudgeError::TooLarge {
                    size: usize::try_from(*size).unwrap_or(usize::MAX),
                    limit: judge.limits().max_bytes,
                }),
            }),
            Body::Lines(block) => {
                for line in block.lines() {
                    block.judge_each(line, judge, kind, each);
                }
            }
            Body::TooLarge(None) | Body::Unreadable { .. } | Body::Entries(_) => {}
        }
    }
}

/// The chunks of a batch of inputs, in order: an iterator that reads as it
/// goes.
pub struct Reader {
    sources: std::vec::IntoIter<Source>,
    /// The position of the next source.
    next_input: usize,
    max_bytes: usize,
    chunking: Chunking,
    /// The stream being read, by lines.
    stream: Option<Stream>,
    /// The capture being read, by entries.
    capture: Option<Capture>,
    /// A chunk to hand out next (what broke a stream off).
    queued: Option<Chunk>,
}

struct Stream {
    input: usize,
    name: Arc<str>,
    /// Its size, when known (a file's).
    size: Option<u64>,
    lines: Lines<Box<dyn BufRead + Send>>,
    /// The buffers of its chunks, once judged.
    recycle: Recycle,
}

struct Capture {
    input: usize,
    name: Arc<str>,
    entries: Entries,
    /// The bytes the parsing thread has read, and how many of them earlier
    /// chunks covered.
    read: Arc<AtomicU64>,
    counted: u64,
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Reader {
    /// The chunks of `sources`, each payload at most `max_bytes`.
    pub fn new(sources: Vec<Source>, max_bytes: usize, chunking: Chunking) -> Self {
        Reader {
            sources: sources.into_iter(),
            next_input: 0,
            max_bytes,
            chunking,
            stream: None,
            capture: None,
            queued: None,
        }
    }

    /// The next chunk of the capture being read, if there is more of it.
    fn capture_chunk(&mut self) -> Option<Chunk> {
        let capture = self.capture.as_mut()?;
        let (mut entries, mut held) = (Vec::new(), 0);
        let broke = loop {
            if entries.len() >= self.chunking.lines() || held >= self.chunking.bytes_for(None) {
                break None;
            }
            match capture.entries.next() {
                Some(Ok(entry)) => {
                    held += entry.content.bytes().len();
                    entries.push(entry);
                }
                Some(Err(e)) => break Some(e),
                None => break None,
            }
        };
        let read = capture.read.load(Ordering::Relaxed);
        let bytes = read - capture.counted;
        capture.counted = read;
        let chunk = |bytes, body| Chunk {
            input: capture.input,
            name: capture.name.clone(),
            bytes,
            body,
        };
        let ended = entries.is_empty() || broke.is_some();
        let out = (!entries.is_empty()).then(|| chunk(bytes, Body::Entries(entries)));
        if let Some(e) = broke {
            let body = Body::Unreadable {
                line: (e.line > 0).then_some(e.line),
                message: match e.line {
                    0 => e.message,
                    _ => format!("column {}: {}", e.column, e.message),
                },
            };
            self.queued = Some(chunk(if out.is_some() { 0 } else { bytes }, body));
        }
        if ended {
            self.capture = None;
        }
        out.or_else(|| self.queued.take())
    }

    /// The next chunk of the stream being read, if there is more of it.
    fn stream_chunk(&mut self) -> Option<Chunk> {
        let stream = self.stream.as_mut()?;
        let before = stream.lines.bytes_read();
        let left = stream.size.map(|size| size.saturating_sub(before as u64));
        let bytes = self.chunking.bytes_for(left);
        let mut lines = stream.recycle.block();
        let broke = loop {
            if lines.len() >= self.chunking.lines() || lines.held() >= bytes {
                break None;
            }
            match stream.lines.read_into(&mut lines) {
                Ok(true) => {}
                Ok(false) => break None,
                Err(e) => break Some(e),
            }
        };
        let chunk = |bytes, body| Chunk {
            input: stream.input,
            name: stream.name.clone(),
            bytes,
            body,
        };
        let read = (stream.lines.bytes_read() - before) as u64;
        let ended = lines.is_empty() || broke.is_some();
        let out = (!lines.is_empty()).then(|| chunk(read, Body::Lines(lines)));
        if let Some(e) = broke {
            let line = Some(stream.lines.line());
            self.queued = Some(chunk(0, unreadable(line, &e)));
        }
        if ended {
            self.stream = None;
        }
        out.or_else(|| self.queued.take())
    }

    /// The first chunk of the next source.
    fn open(&mut self, source: Source) -> Option<Chunk> {
        let input = self.next_input;
        self.next_input += 1;
        let name: Arc<str> = source.name.into();
        let chunk = |bytes, body| {
            Some(Chunk {
                input,
                name: name.clone(),
                bytes,
                body,
            })
        };
        let mut size = None;
        let reader: Box<dyn BufRead + Send> = match source.origin {
            Origin::Failed(message) => {
                return chunk(
                    0,
                    Body::Unreadable {
                        line: None,
                        message,
                    },
                )
            }
            Origin::Reader(reader) => reader,
            Origin::File(path) => {
                let meta = match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => {
                        return chunk(0, unreadable_because("is a folder, not a file"))
                    }
                    Ok(meta) => meta,
                    Err(e) => return chunk(0, unreadable(None, &e)),
                };
                if source.layout == Layout::Document && meta.len() > self.max_bytes as u64 {
                    return chunk(meta.len(), Body::TooLarge(Some(meta.len())));
                }
                // Not a pipe or a device, whose length says nothing.
                size = meta.is_file().then_some(meta.len());
                match std::fs::File::open(&path) {
                    // 64 KiB reads: fewer calls, and fewer lines that
                    // straddle two reads (each such line is copied twice).
                    Ok(file) => Box::new(std::io::BufReader::with_capacity(READ_BUFFER, file)),
                    Err(e) => return chunk(0, unreadable(None, &e)),
                }
            }
        };
        if source.layout == Layout::Har {
            let read = Arc::new(AtomicU64::new(0));
            let counted = Counted {
                inner: reader,
                read: read.clone(),
            };
            self.capture = Some(Capture {
                input,
                name: name.clone(),
                entries: Entries::spawn(counted, self.max_bytes),
                read,
                counted: 0,
            });
            return self.capture_chunk();
        }
        if source.layout == Layout::Ndjson {
            self.stream = Some(Stream {
                input,
                name: name.clone(),
                size,
                lines: Lines::new(reader, self.max_bytes),
                // Room for the chunk and the line that closes it, most times.
                recycle: Recycle::new(
                    self.chunking.bytes + (self.chunking.bytes / 4).min(self.max_bytes),
                ),
            });
            return self.stream_chunk();
        }
        let mut bytes = Vec::new();
        let max = self.max_bytes;
        match reader.take(max as u64 + 1).read_to_end(&mut bytes) {
            Ok(n) if n > max => chunk(n as u64, Body::TooLarge(None)),
            Ok(n) => chunk(n as u64, Body::Document(bytes)),
            Err(e) => chunk(0, unreadable(None, &e)),
        }
    }
}

fn unreadable(line: Option<usize>, e: &std::io::Error) -> Body {
    Body::Unreadable {
        line,
        message: format!("cannot read: {e}"),
    }
}

fn unreadable_because(why: &str) -> Body {
    Body::Unreadable {
        line: None,
        message: format!("cannot read: {why}"),
    }
}

impl Iterator for Reader {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        if let Some(chunk) = self.queued.take() {
            return Some(chunk);
        }
        loop {
            if self.capture.is_some() {
                if let Some(chunk) = self.capture_chunk() {
                    return Some(chunk);
                }
                continue;
            }
            if self.stream.is_some() {
                if let Some(chunk) = self.stream_chunk() {
                    return Some(chunk);
                }
                continue;
            }
            let source = self.sources.next()?;
            if let Some(chunk) = self.open(source) {
                return Some(chunk);
            }
        }
    }
}

#[cfg(test)]
mod tests;
