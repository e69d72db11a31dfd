//! Finding a JSON Pointer's value in the source text, and line:column for a
//! byte offset.
//!
//! The judge parses a payload into a [`serde_json::Value`], which keeps no
//! positions. To say *where* in the text a schema finding or a decoding error
//! is, [`Locator::find`] walks the text itself along the pointer: it reads
//! object keys with their escapes decoded (`"a\/b"`, `"\u00e9"`, surrogate
//! pairs) so that they compare equal to the pointer's tokens, and skips the
//! values it does not enter (strings with escaped quotes and brackets
//! included). When a key occurs twice in an object, the last occurrence wins,
//! as it does in `serde_json::Value`.
//!
//! The walk never recurses (nesting depth costs no stack) and never panics: on
//! text that is not JSON it just finds nothing.
//!
//! Costs: a [`Finder`] first notes where every object and array of the text
//! ends (one pass), then indexes each object and array it enters once, so
//! placing many values (a payload with a million errors) costs about one pass
//! over the text plus the containers on their paths. [`Locator::find`] is a
//! finder for one value. The judge places a few findings without reading the
//! text at all, from the key offsets its parse noted.
//! [`Locator::position`] is [`schemakit::position::Lines`]'s: a long
//! single-line payload costs no more than a short one.

use std::borrow::Cow;
use std::collections::HashMap;

use schemakit::pointer;
use schemakit::position::Lines;

use super::parse::Keys;
use super::Position;

/// A byte range `start..end` of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Where a pointer's value is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The member's key, quotes included, when the value is an object member.
    pub key: Option<Span>,
    /// The value.
    pub value: Span,
}

impl Found {
    /// From the key (if any) to the end of the value: the text a reader wants
    /// to see for an object member.
    pub fn member(&self) -> Span {
        Span {
            start: self.key.map_or(self.value.start, |k| k.start),
            end: self.value.end,
        }
    }
}

/// Finds values by JSON Pointer in one source text, and maps offsets to
/// line:column.
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    text: &'a str,
    /// The text excerpts are cut from: `text` with its secret values
    /// masked, as long as it byte for byte ([`super::secret::Masked`]).
    shown: Option<&'a str>,
    /// Where the keys start, when the judge's parse noted it.
    keys: Option<Keys>,
    lines: Lines<'a>,
}

impl<'a> Locator<'a> {
    /// Indexes the lines of `text` (one pass).
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            shown: None,
            keys: None,
            lines: Lines::new(text),
        }
    }

    /// Excerpts cut from `shown` (the text masked, of the same length)
    /// rather than from the text.
    pub(super) fn showing(mut self, shown: &'a str) -> Self {
        if shown.len() == self.text.len() && !std::ptr::eq(shown, self.text) {
            self.shown = Some(shown);
        }
        self
    }

    /// The same, with the key offsets the judge's parse of `text` noted.
    pub(super) fn with_keys(text: &'a str, keys: Keys) -> Self {
        Locator {
            keys: Some(keys),
            ..Locator::new(text)
        }
    }

    /// The key offsets, if noted.
    pub(super) fn keys(&self) -> Option<&Keys> {
        self.keys.as_ref()
    }

    /// The member whose key's opening quote is at `key`.
    pub(super) fn member_at(&self, key: usize) -> Option<Found> {
        let b = self.text.as_bytes();
        let after = schemakit::depth::string_end(b, key)?;
        let colon = skip_ws(b, after);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        let start = skip_ws(b, colon + 1);
        let end = skip_value(b, start)?;
        Some(Found {
            key: Some(Span {
                start: key,
                end: after,
            }),
            value: Span { start, end },
        })
    }

    /// A [`Finder`]: for placing many pointers in this text.
    pub fn finder(&self) -> Finder<'_, 'a> {
        Finder {
            locator: self,
            objects: HashMap::new(),
            arrays: HashMap::new(),
            ends: None,
        }
    }

    /// The source text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Line and column of a byte offset (clamped to the text, and moved back
    /// to the start of the character it falls in).
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(offset)
    }

    /// The value at `pointer` (RFC 6901, `""` is the whole text), or `None`
    /// when there is none or the text is not JSON. Each call indexes the
    /// text anew: to place many pointers, keep one [`Finder`].
    pub fn find(&self, pointer: &str) -> Option<Found> {
        self.finder().find(pointer)
    }

    /// A short, one-line excerpt of `span` (see
    /// [`schemakit::position::snippet`]).
    pub fn snippet(&self, span: Span, max_chars: usize) -> String {
        match self.shown.and_then(|shown| shown.get(span.start..span.end)) {
            // The padding of masked values left out before the cut.
            Some(cut) => {
                let clean: String = cut.chars().filter(|&c| c != '\0').collect();
                schemakit::position::snippet(&clean, 0..clean.len(), max_chars)
            }
            None => schemakit::position::snippet(self.text, span.start..span.end, max_chars),
        }
    }
}

/// Finds many pointers in one text ([`Locator::finder`]): the same answers
/// as [`Locator::find`], but each object and array on the way is indexed the
/// first time it is entered (its members by key, the last occurrence of a key
/// winning; its elements by index), so placing `n` values in a text of `m`
/// bytes costs about `m` once plus the length of each value found, not
/// `n * m`.
#[derive(Debug)]
pub struct Finder<'l, 'a> {
    locator: &'l Locator<'a>,
    /// Object start → member name → (key span, value start); empty for an
    /// object that is not well-formed (where [`Locator::find`] finds nothing).
    objects: HashMap<usize, HashMap<Cow<'a, str>, (Span, usize)>>,
    /// Array start → the start of each element read so far.
    arrays: HashMap<usize, Elements>,
    /// Every container's (open, one past its close), by open; built on the
    /// first search, so that indexing an object skips each member's value
    /// in one step instead of reading through it again at every level.
    ends: Option<Vec<(usize, usize)>>,
}

impl<'a> Finder<'_, 'a> {
    /// The locator this finder searches.
    pub fn locator(&self) -> &Locator<'a> {
        self.locator
    }

    /// The value at `pointer`, as [`Locator::find`] has it.
    pub fn find(&mut self, pointer: &str) -> Option<Found> {
        let tokens = pointer::tokens(pointer)?;
        let text = self.locator.text;
        let b = text.as_bytes();
        let ends = self.ends.get_or_insert_with(|| container_ends(b));
        let skip = |i: usize| skip_indexed(b, ends, i);
        let mut i = skip_ws(b, 0);
        let mut key = None;
        for token in &tokens {
            match b.get(i)? {
                b'{' => {
                    let members = self
                        .objects
                        .entry(i)
                        .or_insert_with(|| members(text, i, skip).unwrap_or_default());
                    let &(k, v) = members.get(token.as_ref())?;
                    key = Some(k);
                    i = v;
                }
                b'[' => {
                    let elements = self.arrays.entry(i).or_insert_with(|| Elements::new(b, i));
                    i = elements.get(b, pointer::array_index(token)?, skip)?;
                    key = None;
                }
                _ => return None,
            }
        }
        let end = skip(i)?;
        Some(Found {
            key,
            value: Span { start: i, end },
        })
    }
}

/// Every member of the object starting at `open`: name → (key span, value
/// start), the last of a repeated name kept; `None` when the object is not
/// well-formed. `skip` gives the end of the value at an offset.
fn members(
    text: &str,
    open: usize,
    skip: impl Fn(usize) -> Option<usize>,
) -> Option<HashMap<Cow<'_, str>, (Span, usize)>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, open + 1);
    let mut out = HashMap::new();
    if b.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        let (key, after) = read_string(text, i)?;
        let key_span = Span {
            start: i,
            end: after,
        };
        i = skip_ws(b, after);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let value = skip_ws(b, i + 1);
        out.insert(key, (key_span, value));
        i = skip_ws(b, skip(value)?);
        match b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b'}' => return Some(out),
            _ => return None,
        }
    }
}

/// The start of each element of an array, read as far as asked: an index
/// near the start of a long array costs no index of all of it.
#[derive(Debug)]
struct Elements {
    starts: Vec<usize>,
    /// Where the next element starts; `None` past the last (or where the
    /// array stops being well-formed).
    next: Option<usize>,
}

impl Elements {
    /// The array starting at `open`, none of it read yet.
    fn new(b: &[u8], open: usize) -> Elements {
        let first = skip_ws(b, open + 1);
        Elements {
            starts: Vec::new(),
            next: (b.get(first) != Some(&b']')).then_some(first),
        }
    }

    /// The start of element `index`, reading up to it. `skip` gives the
    /// end of the value at an offset.
    fn get(
        &mut self,
        b: &[u8],
        index: usize,
        skip: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        while self.starts.len() <= index {
            let i = self.next.take()?;
            self.starts.push(i);
            if let Some(after) = skip(i).map(|end| skip_ws(b, end)) {
                if b.get(after) == Some(&b',') {
                    self.next = Some(skip_ws(b, after + 1));
                }
            }
        }
        self.starts.get(index).copied()
    }
}

/// Each container of `b` as (offset of its `{` or `[`, one past the bracket
/// that closes it), in text order: one pass, strings skipped. A container
/// that is not closed, or closed by the other kind of bracket, ends at
/// `usize::MAX`, and so does every container still open there (the text is
/// not JSON from that point: the finder finds nothing through them).
fn container_ends(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = schemakit::depth::string_end(b, i).unwrap_or(b.len());
                continue;
            }
            b'{' | b'[' => {
                open.push(out.len());
                out.push((i, usize::MAX));
            }
            close @ (b'}' | b']') => {
                let Some(k) = open.pop() else { break };
                let expected = if b[out[k].0] == b'{' { b'}' } else { b']' };
                if close != expected {
                    break;
                }
                out[k].1 = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// [`skip_value`], with containers' ends looked up in `ends` (from
/// [`container_ends`]).
fn skip_indexed(b: &[u8], ends: &[(usize, usize)], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'{' | b'[' => {
            let k = ends.binary_search_by_key(&i, |&(open, _)| open).ok()?;
            let end = ends[k].1;
            (end <= b.len()).then_some(end)
        }
        _ => skip_value(b, i),
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `i` at the start of a value; the offset just after it.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => schemakit::depth::string_end(b, i),
        open @ (b'{' | b'[') => {
            // Only this kind of bracket counts: in well-formed JSON the other
            // kind is balanced within it.
            let close = if open == b'{' { b'}' } else { b']' };
            let mut depth = 0usize;
            let mut j = i;
            loop {
                j += memchr::memchr3(b'"', open, close, b.get(j..)?)?;
                match b[j] {
                    b'"' => {
                        j = schemakit::depth::string_end(b, j)?;
                        continue;
                    }
                    c if c == open => depth += 1,
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Reads the string at `i` with its escapes decoded; returns it and the
/// offset after the closing quote. A lone surrogate becomes U+FFFD.
fn read_string(text: &str, i: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let start = i + 1;
    let mut j = start;
    let mut out: Option<String> = None;
    let mut run = start;
    loop {
        match b.get(j)? {
            b'"' => {
                let value = match out {
                    None => Cow::Borrowed(text.get(start..j)?),
                    Some(mut s) => {
                        s.push_str(text.get(run..j)?);
                        Cow::Owned(s)
                    }
                };
                return Some((value, j + 1));
            }
            b'\\' => {
                let s = out.get_or_insert_with(String::new);
                s.push_str(text.get(run..j)?);
                let (c, next) = unescape(b, j)?;
                s.push(c);
                j = next;
                run = j;
            }
            _ => j += 1,
        }
    }
}

/// `i` at a backslash; the character and the offset after the escape.
fn unescape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let c = match b.get(i + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = hex4(b, i + 2)?;
            if (0xD800..0xDC00).contains(&high)
                && b.get(i + 6) == Some(&b'\\')
                && b.get(i + 7) == Some(&b'u')
            {
                if let Some(low) = hex4(b, i + 8).filter(|l| (0xDC00..0xE000).contains(l)) {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return Some((char::from_u32(c)?, i + 12));
                }
            }
            return Some((char::from_u32(high).unwrap_or('\u{FFFD}'), i + 6));
        }
        _ => return None,
    };
    Some((c, i + 2))
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let digits = std::str::from_utf8(b.get(i..i + 4)?).ok()?;
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// The walk the finder must agree with, written plainly: along the
    /// pointer, reading each container's members or elements up to the one
    /// named (the last of a repeated key), skipping the values in between.
    pub(in crate::judge) fn reference_find(text: &str, pointer: &str) -> Option<Found> {
        let tokens = pointer::tokens(pointer)?;
        let b = text.as_bytes();
        let mut i = skip_ws(b, 0);
        let mut key = None;
        for token in &tokens {
            match b.get(i)? {
                b'{' => {
                    let (k, v) = reference_member(text, i, token)?;
                    key = Some(k);
                    i = v;
                }
                b'[' => {
                    i = reference_element(b, i, pointer::array_index(token)?)?;
                    key = None;
                }
                _ => return None,
            }
        }
        let end = skip_value(b, i)?;
        Some(Found {
            key,
            value: Span { start: i, end },
        })
    }

    fn reference_member(text: &str, open: usize, name: &str) -> Option<(Span, usize)> {
        let b = text.as_bytes();
        let mut i = skip_ws(b, open + 1);
        let mut found = None;
        if b.get(i) == Some(&b'}') {
            return None;
        }
        loop {
            let (key, after) = read_string(text, i)?;
            let key_span = Span {
                start: i,
                end: after,
            };
            i = skip_ws(b, after);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let value = skip_ws(b, i + 1);
            if key == name {
                found = Some((key_span, value));
            }
            i = skip_ws(b, skip_value(b, value)?);
            match b.get(i)? {
                b',' => i = skip_ws(b, i + 1),
                b'}' => return found,
                _ => return None,
            }
        }
    }

    fn reference_element(b: &[u8], open: usize, index: usize) -> Option<usize> {
        let mut i = skip_ws(b, open + 1);
        if b.get(i) == Some(&b']') {
            return None;
        }
        for _ in 0..index {
            i = skip_ws(b, skip_value(b, i)?);
            if b.get(i) != Some(&b',') {
                return None;
            }
            i = skip_ws(b, i + 1);
        }
        Some(i)
    }

    fn found_text<'a>(loc: &Locator<'a>, pointer: &str) -> Option<&'a str> {
        loc.find(pointer)
            .map(|f| &loc.text()[f.value.start..f.value.end])
    }

    #[test]
    fn escaped_keys_and_strings() {
        let text = r#"{"a\/b": 1, "\u00e9": {"x\"y": [true, "s\"]{", {"k": null}]},
  "\ud83d\ude00": 2, "tab\t": "v", "dup": 1, "dup": [3]}"#;
        let loc = Locator::new(text);
        assert_eq!(found_text(&loc, "/a~1b"), Some("1"));
        assert_eq!(found_text(&loc, "/é/x\"y/1"), Some(r#""s\"]{""#));
        assert_eq!(found_text(&loc, "/é/x\"y/2/k"), Some("null"));
        assert_eq!(found_text(&loc, "/😀"), Some("2"));
        assert_eq!(found_text(&loc, "/tab\t"), Some(r#""v""#));
        assert_eq!(found_text(&loc, "/dup"), Some("[3]"));
        assert_eq!(found_text(&loc, "/dup/0"), Some("3"));
        assert_eq!(found_text(&loc, "/é/x\"y/3"), None);
        assert_eq!(found_text(&loc, "/é/x\"y/01"), None);
        assert_eq!(found_text(&loc, "/missing"), None);
        assert_eq!(found_text(&loc, "/a~1b/x"), None);
        let f = loc.find("/😀").unwrap();
        assert_eq!(
            loc.position(f.key.unwrap().start),
            Position {
                line: 2,
                column: 3,
                offset: f.key.unwrap().start
            }
        );
        assert_eq!(loc.position(f.value.start).column, 19);
    }

    #[test]
    fn positions_count_characters() {
        let loc = Locator::new("{\n  \"é\": [1,\n    2]}");
        let f = loc.find("/é/1").unwrap();
        assert_eq!(
            loc.position(f.value.start),
            Position {
                line: 3,
                column: 5,
                offset: 18
            }
        );
        let f = loc.find("/é").unwrap();
        assert_eq!(loc.position(f.key.unwrap().start).column, 3);
        assert_eq!(loc.position(f.value.start).column, 8);
        assert_eq!(
            loc.position(0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(loc.position(10_000).line, 3);
        assert_eq!(loc.snippet(f.member(), 100), "\"é\": [1, 2]");
        assert_eq!(loc.snippet(f.member(), 4), "\"é\":…");
    }

    #[test]
    fn not_json_finds_nothing() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "{\"a\":",
            "[1,",
            "{\"a\" 1}",
            "\"abc",
            "[1 2]",
            "{\"a\":1,}",
        ] {
            let loc = Locator::new(text);
            let mut finder = loc.finder();
            for p in ["/a", "/b", "/0", "/0/a", "/1", ""] {
                assert_eq!(finder.find(p), reference_find(text, p), "{text:?} {p}");
            }
        }
        // A bracket of the wrong kind: nothing through it, nor past it, nor
        // around it (the plain walk, counting one kind of bracket, would
        // still find the root here).
        for text in ["{\"a\": [1}, \"b\": 2}", "[{\"a\": 1], 2]"] {
            let loc = Locator::new(text);
            for p in ["", "/a", "/b", "/0", "/0/a", "/1"] {
                assert_eq!(loc.find(p), None, "{text} {p}");
            }
        }
        assert_eq!(
            Locator::new("{\"a\":\"\\u12\"}")
                .find("/a")
                .map(|f| f.value.end),
            Some(11)
        );
    }

    /// Strings are skipped eight bytes at a time: escapes and brackets on
    /// either side of a word boundary, and strings ending in the last word.
    #[test]
    fn long_strings_skip_like_short_ones() {
        for n in 58..72 {
            for filler in ["x", "]", "\\\\", "\\\""] {
                let body = filler.repeat(n / filler.len());
                let text =
                    format!("{{\"a\": \"{body}\\\"}}]\", \"b\": [\"{body}\", {{\"c\": 1}}]}}");
                assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
                let loc = Locator::new(&text);
                let mut finder = loc.finder();
                for p in ["/a", "/b", "/b/1/c", ""] {
                    assert!(reference_find(&text, p).is_some(), "{text} {p}");
                    assert_eq!(finder.find(p), reference_find(&text, p), "{text} {p}");
                }
            }
        }
    }

    #[test]
    fn positions_across_checkpoints() {
        // Multi-byte characters straddling the checkpoints, on one line and on several.
        let text = format!(
            "{}\n{}x",
            "é😀a".repeat(3 * Lines::CHECKPOINT),
            "ü".repeat(Lines::CHECKPOINT)
        );
        let loc = Locator::new(&text);
        for offset in (0..text.len())
            .step_by(997)
            .chain([text.len() - 1, text.len()])
        {
            let mut start = offset.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let p = loc.position(offset);
            assert_eq!(p.offset, start);
            assert_eq!(p.line, text[..start].matches('\n').count() + 1);
            assert_eq!(
                p.column,
                text[line_start..start].chars().count() + 1,
                "{offset}"
            );
        }
    }

    pub(in crate::judge) fn arb_json() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            Just(String::new()),
            "[a-c/~\"\\\\]{1,3}",
            "[é😀\\n\\t\\u{1}\\u{7f}]{1,2}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            "[a\"\\\\\\[\\]{}/é\\n,:]{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 48, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    pub(in crate::judge) fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(m) => {
                for (k, v) in m {
                    pointers(v, pointer::push(&at, k), out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    pointers(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    proptest! {
        #[test]
        fn every_pointer_is_found(value in arb_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let loc = Locator::new(&text);
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let mut finder = loc.finder();
            for p in all {
                let found = reference_find(&text, &p);
                prop_assert_eq!(finder.find(&p), found, "finder at {}", &p);
                prop_assert_eq!(loc.find(&p), found, "locator at {}", &p);
                prop_assert!(found.is_some(), "{p} not found in {text}");
                let span = found.unwrap().value;
                let parsed: Value = serde_json::from_str(&text[span.start..span.end]).unwrap();
                prop_assert_eq!(Some(&parsed), value.pointer(&p), "at {}", p);
            }
        }
    }

    #[test]
    fn escaped_forms_serde_json_does_not_write() {
        let value = json!({"a/b": {"é": ["x", {"😀": 1}]}});
        let text = r#"{"a\/b": {"\u00E9": ["x", {"\uD83D\uDE00": 1}]}}"#;
        assert_eq!(serde_json::from_str::<Value>(text).unwrap(), value);
        assert_eq!(found_text(&Locator::new(text), "/a~1b/é/1/😀"), Some("1"));
    }
}
