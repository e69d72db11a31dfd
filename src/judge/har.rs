//! HTTP Archive captures (HAR 1.2: DevTools, Playwright's `recordHar`,
//! mitmproxy, Charles, Proxyman) read entry by entry, in bounded memory:
//! of each entry only the request's method and path and the response's
//! status and body are kept; headers, cookies, query strings and request
//! bodies are never read into memory, so nothing can print them.
//!
//! Read with serde types of this module rather than the `har` crate: that
//! crate reads a whole document (through a `serde_json::Value` of it) where
//! a capture of a long session can be 500 MB, its types hold every header
//! and cookie value, and it needs Rust 1.88 where this crate builds with
//! 1.85. Here `serde_json` streams the `log.entries` array on a thread of
//! its own and hands each entry on through a channel of [`CAPACITY`]
//! entries, so that memory holds a few entries whatever the file's size
//! (one body at most `max_bytes` is kept; a longer one is counted, not
//! kept).
//!
//! ```
//! use clerk_models::judge::har::{Content, Entries};
//! let har = r#"{"log": {"version": "1.2", "entries": [{
//!     "request": {"method": "GET", "url": "https://clerk.example.com/v1/client?_clerk_js_version=5",
//!                 "headers": [{"name": "Cookie", "value": "__client=secret"}]},
//!     "response": {"status": 200, "content": {"mimeType": "application/json",
//!                  "text": "eyJyZXNwb25zZSI6IG51bGx9", "encoding": "base64"}}}]}}"#;
//! let entries: Vec<_> = Entries::spawn(std::io::Cursor::new(har), 1 << 20).collect();
//! let entry = entries[0].as_ref().unwrap();
//! assert_eq!((entry.method.as_str(), entry.path.as_str(), entry.status), ("GET", "/v1/client", 200));
//! assert_eq!(entry.content, Content::Text(br#"{"response": null}"#.to_vec()));
//! ```

use std::fmt;
use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use base64::Engine;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::endpoint::path_of;

/// How many entries wait in the channel between the parsing thread and
/// the reader, at most.
pub const CAPACITY: usize = 4;

/// One entry of a capture: what the judge needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its place in `log.entries`, from 0.
    pub index: usize,
    /// The request's method, upper case.
    pub method: String,
    /// The request URL's path (no scheme, host, query or fragment).
    pub path: String,
    /// The response status (0 when no response was received).
    pub status: u16,
    /// The response's `content.mimeType`, when given.
    pub mime_type: Option<String>,
    /// The response body.
    pub content: Content,
}

/// A response body as the capture stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// The body (`content.text`, decoded from base64 when
    /// `content.encoding` says so).
    Text(Vec<u8>),
    /// The capture holds no body (DevTools exports without content, or a
    /// body the tool did not keep).
    Missing,
    /// A body of more than `max_bytes` (its size), not kept.
    TooLarge(usize),
    /// `content.encoding` names base64 but the text is not: why.
    BadEncoding(String),
}

impl Content {
    /// The bytes kept of the body (none unless it is [`Content::Text`]).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Content::Text(bytes) => bytes,
            _ => &[],
        }
    }
}

/// Why a capture cannot be read (any further).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError {
    /// Where in the capture, from 1 (0 when not known: an I/O error).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.column)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for HarError {}

/// The entries of a capture, in order, read on a thread of their own (see
/// the [module documentation](self)). An error ends them.
pub struct Entries {
    receiver: Receiver<Result<Entry, HarError>>,
    /// Whether the last entry, or the error, came.
    done: bool,
}

impl Entries {
    /// Starts reading `reader`; bodies over `max_bytes` are not kept.
    pub fn spawn(reader: impl Read + Send + 'static, max_bytes: usize) -> Entries {
        let (sender, receiver) = sync_channel(CAPACITY);
        std::thread::spawn(move || read(reader, max_bytes, sender));
        Entries {
            receiver,
            done: false,
        }
    }
}

impl Iterator for Entries {
    type Item = Result<Entry, HarError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.receiver.recv().ok();
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

/// What the parsing thread does: every entry sent, then an error if any.
/// It stops early when the reader is dropped.
fn read(reader: impl Read, max_bytes: usize, sender: SyncSender<Result<Entry, HarError>>) {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut seen = Seen::default();
    let seed = Root {
        sender: &sender,
        max_bytes,
        seen: &mut seen,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    let error = match result {
        Ok(()) if seen.entries => return,
        Ok(()) => HarError {
            line: 0,
            column: 0,
            message: "not a HAR capture: no log.entries array".to_owned(),
        },
        Err(_) if seen.stopped => return,
        Err(e) if e.is_io() => HarError {
            line: 0,
            column: 0,
            message: format!("cannot read: {e}"),
        },
        Err(e) => HarError {
            line: e.line(),
            column: e.column(),
            message: format!("not a HAR 1.2 capture: {}", without_place(&e)),
        },
    };
    let _ = sender.send(Err(error));
}

/// serde_json's message without its " at line L column C" (placed apart).
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[derive(Default)]
struct Seen {
    entries: bool,
    /// The reader went away: stop without an error.
    stopped: bool,
}

/// The document: `{"log": {...}}`.
struct Root<'s> {
    sender: &'s SyncSender<Result<Entry, HarError>>,
    max_bytes: usize,
    seen: &'s mut Seen,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_map(Object {
            root: self,
            wanted: "log",
        })
    }
}

/// An object of which one member matters (`log` of the root, `entries` of
/// `log`); the others are skipped unread.
struct Object<'s> {
    root: Root<'s>,
    wanted: &'static str,
}

impl<'de> Visitor<'de> for Object<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`", self.wanted)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Object { root, wanted } = self;
        let mut root = Some(root);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (key == wanted, root.take()) {
                (true, Some(r)) if wanted == "log" => map.next_value_seed(Log(r))?,
                (true, Some(r)) => map.next_value_seed(List(r))?,
                (_, r) => {
                    root = r;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Log<'s>(Root<'s>);

impl<'de> DeserializeSeed<'de> for Log<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_map(Object {
            root: self.0,
            wanted: "entries",
        })
    }
}

/// `log.entries`: each entry sent as it is read.
struct List<'s>(Root<'s>);

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let root = self.0;
        root.seen.entries = true;
        let mut index = 0;
        while let Some(raw) = seq.next_element::<RawEntry>()? {
            let entry = raw.entry(index, root.max_bytes);
            index += 1;
            if root.sender.send(Ok(entry)).is_err() {
                root.seen.stopped = true;
                return Err(serde::de::Error::custom("the reader stopped"));
            }
        }
        Ok(())
    }
}

/// An entry as the capture has it (every other member skipped unread).
#[derive(Deserialize)]
#[serde(expecting = "an entry {request, response}")]
struct RawEntry {
    #[serde(default)]
    request: RawRequest,
    #[serde(default)]
    response: RawResponse,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "a request {method, url}")]
struct RawRequest {
    #[serde(default)]
    method: String,
    #[serde(default)]
    url: String,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "a response {status, content}")]
struct RawResponse {
    #[serde(default)]
    status: i64,
    #[serde(default)]
    content: RawContent,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "a content {text, encoding}")]
struct RawContent {
    #[serde(default)]
    size: Option<i64>,
    #[serde(default, rename = "mimeType")]
    mime_type: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

impl RawEntry {
    fn entry(self, index: usize, max_bytes: usize) -> Entry {
        let RawEntry { request, response } = self;
        Entry {
            index,
            method: request.method.to_ascii_uppercase(),
            path: path_of(&request.url).to_owned(),
            status: u16::try_from(response.status).unwrap_or(0),
            content: response.content.content(max_bytes),
            mime_type: response.content.mime_type,
        }
    }
}

impl RawContent {
    fn content(&self, max_bytes: usize) -> Content {
        let Some(text) = &self.text else {
            return Content::Missing;
        };
        // An empty text where the body had bytes: the tool did not keep it.
        if text.is_empty() && self.size.is_some_and(|s| s > 0) {
            return Content::Missing;
        }
        let base64 = self
            .encoding
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        if !base64 {
            return match text.len() {
                n if n > max_bytes => Content::TooLarge(n),
                _ => Content::Text(text.as_bytes().to_vec()),
            };
        }
        let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let size = base64::decoded_len_estimate(compact.len());
        if size > max_bytes.saturating_add(3) {
            return Content::TooLarge(size);
        }
        match base64::engine::general_purpose::STANDARD.decode(&compact) {
            Ok(bytes) if bytes.len() > max_bytes => Content::TooLarge(bytes.len()),
            Ok(bytes) => Content::Text(bytes),
            Err(e) => Content::BadEncoding(format!("content.encoding is base64, but: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, max: usize) -> Vec<Result<Entry, HarError>> {
        Entries::spawn(std::io::Cursor::new(text.to_owned()), max).collect()
    }

    #[test]
    fn members_in_any_order_others_skipped() {
        let har = r#"{"log": {"creator": {"name": "x"}, "pages": [{"id": "p"}], "entries": [
            {"response": {"content": {"text": "{}", "size": 2}, "status": 404, "headers": []},
             "request": {"url": "/v1/me", "method": "get", "cookies": [{"name": "__session", "value": "s"}]}},
            {"request": {"method": "POST", "url": "https://h/v1/client"}, "response": {"status": 200, "content": {"size": 12}}},
            {"request": {"method": "POST", "url": "https://h/v1/client"}, "response": {"status": 200, "content": {"size": 12, "text": ""}}},
            {"request": {"method": "GET", "url": "https://h/x"}, "response": {"status": 200, "content": {"text": "e30=!", "encoding": "base64"}}},
            {"request": {"method": "GET", "url": "https://h/x"}, "response": {"status": 200, "content": {"text": "12345678"}}}
        ], "version": "1.2"}}"#;
        let entries: Vec<Entry> = read_all(har, 4).into_iter().map(Result::unwrap).collect();
        assert_eq!(entries.len(), 5);
        assert_eq!(
            (
                entries[0].method.as_str(),
                entries[0].path.as_str(),
                entries[0].status
            ),
            ("GET", "/v1/me", 404)
        );
        assert_eq!(entries[0].content, Content::Text(b"{}".to_vec()));
        assert_eq!(entries[1].content, Content::Missing);
        assert_eq!(entries[2].content, Content::Missing);
        assert!(
            matches!(&entries[3].content, Content::BadEncoding(m) if m.starts_with("content.encoding is base64, but: "))
        );
        assert_eq!(entries[4].content, Content::TooLarge(8));
        assert_eq!(entries[4].index, 4);
    }

    #[test]
    fn what_is_not_a_capture_is_told_with_its_place() {
        let errors: Vec<String> = [
            "{\"log\": {\"entries\": [{\"request\": 5}]}}",
            "{\"log\": {}}",
            "[1, 2]",
            "{\"log\": {\"entries\": [",
        ]
        .iter()
        .map(|text| {
            let all = read_all(text, 100);
            assert_eq!(all.len(), 1, "{text}");
            all[0].clone().unwrap_err().to_string()
        })
        .collect();
        assert_eq!(
            errors,
            [
                "1:35: not a HAR 1.2 capture: invalid type: integer `5`, expected a request {method, url}",
                "not a HAR capture: no log.entries array",
                "1:1: not a HAR 1.2 capture: invalid type: sequence, expected an object with `log`",
                "1:21: not a HAR 1.2 capture: EOF while parsing a list",
            ]
        );
    }

    /// Entries before a break are handed on, then the error.
    #[test]
    fn a_capture_that_breaks_off() {
        let har = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "/v1/client"}, "response": {"status": 200}}, {"req"#;
        let all = read_all(har, 100);
        assert_eq!(all.len(), 2);
        assert!(all[0].is_ok());
        assert!(all[1]
            .as_ref()
            .unwrap_err()
            .message
            .starts_with("not a HAR 1.2 capture: EOF"));
    }
}
