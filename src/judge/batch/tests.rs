//! The batch reader's tests: chunk order and sizes, captures, broken streams, memory.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

fn reader(bytes: &[u8]) -> Origin {
    Origin::Reader(Box::new(std::io::Cursor::new(bytes.to_vec())))
}

fn source(name: &str, origin: Origin, ndjson: bool) -> Source {
    Source {
        name: name.to_owned(),
        origin,
        layout: if ndjson {
            Layout::Ndjson
        } else {
            Layout::Document
        },
    }
}

/// What each chunk is, in short.
fn shapes(reader: Reader) -> Vec<String> {
    reader
        .map(|c| {
            let body = match &c.body {
                Body::Document(b) => format!("document {}", b.len()),
                Body::TooLarge(size) => format!("too large {size:?}"),
                Body::Lines(lines) => format!(
                    "lines {}",
                    lines
                        .lines()
                        .iter()
                        .map(|l| l.start.line.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                Body::Unreadable { line, message } => format!("unreadable {line:?} {message}"),
                Body::Entries(entries) => format!(
                    "entries {}",
                    entries
                        .iter()
                        .map(|e| e.index.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            };
            format!("{}#{} {}: {body}", c.name, c.input, c.bytes)
        })
        .collect()
}

#[test]
fn chunks_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(&big, "x".repeat(20)).unwrap();
    let sources = vec![
        source("a", reader(b"{}"), false),
        source("s", reader(b"1\n2\n\n3\nlong line\n4\n5"), true),
        source("missing", Origin::File(dir.path().join("nope")), false),
        source("big", Origin::File(big.clone()), false),
        source("big-lines", Origin::File(big), true),
        source("stdin", reader(&[b' '; 11]), false),
        source("glob", Origin::Failed("no file matches".into()), false),
        source("folder", Origin::File(dir.path().to_owned()), false),
    ];
    let chunking = Chunking {
        bytes: 100,
        lines: 2,
        ..Chunking::default()
    };
    let got = shapes(Reader::new(sources, 8, chunking));
    assert_eq!(got[0], "a#0 2: document 2");
    assert_eq!(got[1], "s#1 4: lines 1,2");
    assert_eq!(got[2], "s#1 13: lines 4,5");
    assert_eq!(got[3], "s#1 3: lines 6,7");
    assert!(got[4].starts_with("missing#2 0: unreadable None cannot read: "));
    assert_eq!(got[5], "big#3 20: too large Some(20)");
    assert_eq!(got[6], "big-lines#4 20: lines 1");
    assert_eq!(got[7], "stdin#5 9: too large None");
    assert_eq!(got[8], "glob#6 0: unreadable None no file matches");
    assert_eq!(
        got[9],
        "folder#7 0: unreadable None cannot read: is a folder, not a file"
    );
    assert_eq!(got.len(), 10);
}

/// A capture: its entries in chunks of at most `lines`, the bytes read
/// counted; one that breaks off ends with where.
#[test]
fn captures_in_chunks_of_entries() {
    let entry = r#"{"request": {"method": "GET", "url": "/v1/client"}, "response": {"status": 200, "content": {"text": "{}"}}}"#;
    let whole = format!(r#"{{"log": {{"entries": [{entry}, {entry}, {entry}]}}}}"#);
    let broken = format!(r#"{{"log": {{"entries": [{entry}, {{"request": 1"#);
    let har = |name: &str, text: &str| Source {
        name: name.to_owned(),
        origin: reader(text.as_bytes()),
        layout: Layout::Har,
    };
    let sources = vec![har("a.har", &whole), har("b.har", &broken)];
    let chunking = Chunking {
        bytes: 100,
        lines: 2,
        ..Chunking::default()
    };
    let got = shapes(Reader::new(sources, 8, chunking));
    assert_eq!(got[0], format!("a.har#0 {}: entries 0,1", whole.len()));
    assert_eq!(got[1], "a.har#0 0: entries 2");
    assert_eq!(got[2], format!("b.har#1 {}: entries 0", broken.len()));
    assert!(
        got[3].starts_with("b.har#1 0: unreadable Some(1) column "),
        "{}",
        got[3]
    );
    assert_eq!(got.len(), 4);
}

/// A stream that breaks off: the lines read before, then where.
#[test]
fn a_stream_that_breaks_off() {
    struct Breaks(usize);
    impl Read for Breaks {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("the pipe broke"));
            }
            self.0 -= 1;
            buf[..3].copy_from_slice(b"{}\n");
            Ok(3)
        }
    }
    let sources = vec![
        source(
            "s",
            Origin::Reader(Box::new(std::io::BufReader::with_capacity(3, Breaks(3)))),
            true,
        ),
        source("t", reader(b"[]"), false),
    ];
    let got = shapes(Reader::new(sources, 8, Chunking::default()));
    assert_eq!(
        got,
        [
            "s#0 9: lines 1,2,3",
            "s#0 0: unreadable Some(4) cannot read: the pipe broke",
            "t#1 2: document 2"
        ]
    );
}

/// A 64 MiB stream made as it is read (never whole in memory) goes
/// through the reader and `parallel::ordered`: the bytes held in
/// chunks in flight never pass `in_flight` chunks of at most
/// `Chunking::bytes` and one line, whatever the stream's length.
#[test]
fn a_large_stream_in_bounded_memory() {
    struct Made {
        left: usize,
        line: Vec<u8>,
        at: usize,
    }
    impl Read for Made {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.left).min(self.line.len() - self.at);
            buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
            self.at = (self.at + n) % self.line.len();
            self.left -= n;
            Ok(n)
        }
    }
    const SIZE: usize = 64 << 20;
    let line = format!("{{\"errors\": [{}]}}\n", " ".repeat(1000)).into_bytes();
    let line_len = line.len();
    let made = Made {
        left: SIZE,
        line,
        at: 0,
    };
    let sources = vec![source(
        "made",
        Origin::Reader(Box::new(std::io::BufReader::new(made))),
        true,
    )];
    let chunking = Chunking::default();
    let settings = super::super::parallel::Parallel::new(2);
    let (held, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let size = |chunk: &Chunk| match &chunk.body {
        Body::Lines(block) => block.held(),
        _ => 0,
    };
    let chunks = Reader::new(sources, 4096, chunking).inspect(|chunk| {
        let now = held.fetch_add(size(chunk), SeqCst) + size(chunk);
        most.fetch_max(now, SeqCst);
    });
    let (mut lines, mut bytes) = (0, 0);
    let stats = super::super::parallel::ordered(
        settings,
        chunks,
        |chunk| (size(&chunk), chunk),
        |(held_here, chunk)| {
            held.fetch_sub(held_here, SeqCst);
            bytes += chunk.bytes;
            if let Body::Lines(l) = &chunk.body {
                lines += l.len();
            }
        },
    );
    assert_eq!(bytes, SIZE as u64);
    assert_eq!(lines, SIZE.div_ceil(line_len));
    assert!(
        stats.items >= SIZE / (chunking.bytes + line_len),
        "{stats:?}"
    );
    assert!(stats.max_in_flight <= settings.in_flight, "{stats:?}");
    let bound = settings.in_flight * (chunking.bytes + line_len);
    let most = most.load(SeqCst);
    assert!(
        most <= bound,
        "{most} bytes held at once, more than {bound}"
    );
}

/// A file's last chunks get smaller (each at most a share of what is
/// left, down to `least`), so that the workers finish together; a
/// stream of unknown length is read in full chunks to its end.
#[test]
fn the_end_of_a_file_comes_in_smaller_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.ndjson");
    let line = format!("[{}]\n", "1,".repeat(49) + "1");
    std::fs::write(&path, line.repeat(1000)).unwrap();
    let chunking = Chunking {
        bytes: 10_000,
        lines: 1_000_000,
        share: 4,
        least: 1_000,
    };
    let sizes = |origin| -> Vec<u64> {
        Reader::new(vec![source("f", origin, true)], 1 << 20, chunking)
            .map(|c| c.bytes)
            .collect()
    };
    let file = sizes(Origin::File(path.clone()));
    assert_eq!(file.iter().sum::<u64>(), 102_000);
    // Lines are whole: a chunk closes once the lines it holds (without
    // their line breaks, 101 bytes each) reach its size.
    let mut left = 102_000;
    for &bytes in &file {
        let size = (left / 4).clamp(1_000, 10_000);
        let lines = bytes / 102;
        assert!(lines * 101 >= size.min(left - lines), "{file:?}");
        assert!((lines - 1) * 101 < size, "{file:?}");
        left -= bytes;
    }
    assert_eq!(&file[..2], [10_200, 10_200]);
    assert_eq!(*file.last().unwrap(), 714, "{file:?}");
    let stream = sizes(reader(&std::fs::read(&path).unwrap()));
    assert_eq!(stream.iter().sum::<u64>(), 102_000);
    assert!(stream[..stream.len() - 1].iter().all(|&b| b == 10_200));
    assert!(stream.len() < file.len());
}

/// Chunk sizes of nothing still read every line (one a chunk), of a
/// stream, a file and a capture alike.
#[test]
fn chunk_sizes_of_zero_still_read_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.ndjson");
    std::fs::write(&path, "[1]\n[2]\n[3]\n").unwrap();
    let none = Chunking {
        bytes: 0,
        lines: 0,
        share: 0,
        least: 0,
    };
    for origin in [Origin::File(path), reader(b"[1]\n[2]\n[3]\n")] {
        let got = shapes(Reader::new(vec![source("s", origin, true)], 100, none));
        assert_eq!(got, ["s#0 4: lines 1", "s#0 4: lines 2", "s#0 4: lines 3"]);
    }
    let entry = r#"{"request": {"method": "GET", "url": "/v1/client"}, "response": {"status": 200, "content": {"text": "{}"}}}"#;
    let capture = format!(r#"{{"log": {{"entries": [{entry}, {entry}]}}}}"#);
    let har = Source {
        name: "c.har".to_owned(),
        origin: reader(capture.as_bytes()),
        layout: Layout::Har,
    };
    let got = shapes(Reader::new(vec![har], 100, none));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("entries 0") && got[1].ends_with("entries 1"));
}

#[test]
fn judging_a_chunk() {
    let judge = super::super::Judge::with_limits(super::super::Limits {
        max_bytes: 32,
        ..Default::default()
    })
    .unwrap();
    let sources = vec![
        source("s", reader(b"{\"errors\": []}\n[\n{\"errors\": []}"), true),
        source("big", reader(&[b' '; 40]), false),
    ];
    let chunks: Vec<Chunk> = Reader::new(sources, 32, Chunking::default()).collect();
    let judged = chunks[0].judge(&judge, None);
    assert_eq!(judged.len(), 3);
    assert!(judged[0].result.is_ok() && judged[2].result.is_ok());
    assert_eq!(judged[1].start.line, 2);
    assert!(matches!(judged[1].result, Err(JudgeError::Json { .. })));
    assert!(chunks[1].judge(&judge, None).is_empty());
    let file = Chunk {
        input: 0,
        name: "f".into(),
        bytes: 40,
        body: Body::TooLarge(Some(40)),
    };
    assert_eq!(
        file.judge(&judge, None)[0].result,
        Err(JudgeError::TooLarge {
            size: 40,
            limit: 32
        })
    );
}
