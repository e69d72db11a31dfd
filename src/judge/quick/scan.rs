//! The quick check's scan: a payload's bytes read once against the
//! compiled shapes, allocating nothing, stopping at the first byte it is
//! not sure of. It reads a subset of JSON that serde_json reads the same
//! way (and the typed decode after it): a key with an escape, a `\u`
//! surrogate, an integer beyond 64 bits, `-0`, or nesting past
//! [`MAX_DEPTH`] is declined rather than interpreted.
//!
//! Written by hand because it is the hot loop of `validate`: through
//! serde's visitor it ran at about half the speed (BENCHMARKS.md, "The
//! quick check"), and neither simd-json nor sonic-rs behind serde was
//! faster in a portable build.

use super::compile::{ArrayRule, Node, NodeId, ObjectRule, Shapes, Strings};

/// The deepest nesting the scan follows (serde_json's own limit is 128).
pub(super) const MAX_DEPTH: u32 = 100;

/// Whether `text` is certainly valid by the node `root`: one value, and
/// nothing after it but white space, nested at most `max_depth` deep (and
/// never past [`MAX_DEPTH`]).
pub(super) fn vouches(shapes: &Shapes, root: NodeId, text: &str, max_depth: usize) -> bool {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        shapes,
        max_depth: u32::try_from(max_depth).unwrap_or(MAX_DEPTH).min(MAX_DEPTH),
    };
    scan.space();
    scan.value(root, 0).is_some() && {
        scan.space();
        scan.at == scan.bytes.len()
    }
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    shapes: &'a Shapes,
    /// The deepest nesting followed.
    max_depth: u32,
}

/// `Some(())`: vouched for so far; `None`: declined.
type Sure = Option<()>;

fn sure(ok: bool) -> Sure {
    ok.then_some(())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` that are `"`, `\` or a control character, as their
/// high bits (the lowest one exact, which is the one used).
#[inline]
fn specials(word: u64) -> u64 {
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))) | below_space
}

/// Sixteen bytes at once, in SSE2's registers (part of every x86-64).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod wide {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// The bytes of `chunk` that are `"`, `\\` or a control character, one
    /// bit each (bit `i` for byte `i`).
    #[inline]
    pub(super) fn specials(chunk: &[u8; 16]) -> u32 {
        // SAFETY: the build enables SSE2 (this module's `cfg`), which these
        // intrinsics need; the load reads the 16 bytes `chunk` holds, and
        // needs no alignment.
        unsafe {
            let bytes = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let is = |byte: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte as i8));
            // Below a space: unchanged by the unsigned maximum with 0x1f.
            let low = _mm_set1_epi8(0x1f);
            let control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, low), low);
            let found = _mm_or_si128(_mm_or_si128(is(b'"'), is(b'\\')), control);
            _mm_movemask_epi8(found) as u32
        }
    }
}

/// The offset of the next quote, backslash or control character of a
/// string from `at`: sixteen bytes at a time (SSE2, which every x86-64
/// has), else eight; within the last few bytes, `at` as it stands (the
/// caller goes on byte by byte).
#[inline]
fn plain(bytes: &[u8], mut at: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while let Some(chunk) = bytes.get(at..at + 16) {
        let found = wide::specials(chunk.try_into().expect("16 bytes"));
        if found != 0 {
            return at + found.trailing_zeros() as usize;
        }
        at += 16;
    }
    while let Some(chunk) = bytes.get(at..at + 8) {
        let found = specials(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at
}

/// One escape, from its backslash at `at`: the offset after it. Rare in
/// the payloads, so kept out of the string loop.
#[cold]
#[inline(never)]
fn escape(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at + 1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(at + 2),
        b'u' => {
            let hex = bytes.get(at + 2..at + 6)?;
            let hex = std::str::from_utf8(hex).ok()?;
            let unit = u16::from_str_radix(hex, 16).ok()?;
            // Surrogates (paired or not) are left to serde_json.
            sure(!(0xD800..0xE000).contains(&unit) && hex.bytes().all(|b| b.is_ascii_hexdigit()))?;
            Some(at + 6)
        }
        _ => None,
    }
}

impl<'a> Scan<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Sure {
        sure(self.peek() == Some(byte)).map(|()| self.at += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Sure {
        sure(self.bytes[self.at..].starts_with(word)).map(|()| self.at += word.len())
    }

    fn value(&mut self, node: NodeId, depth: u32) -> Sure {
        let rule: &Node = &self.shapes.nodes[node];
        match self.peek()? {
            b'{' if depth < self.max_depth => self.object(rule.object.as_ref()?, depth + 1),
            b'[' if depth < self.max_depth => self.array(rule.array.as_ref()?, depth + 1),
            b'"' => {
                let (text, escaped) = self.string()?;
                match rule.string.as_ref()? {
                    Strings::Any => Some(()),
                    // An escaped value would need decoding to compare.
                    Strings::OneOf(values) => sure(!escaped && values.find(text).is_some()),
                }
            }
            b't' => sure(rule.booleans[1]).and_then(|()| self.literal(b"true")),
            b'f' => sure(rule.booleans[0]).and_then(|()| self.literal(b"false")),
            b'n' => sure(rule.null).and_then(|()| self.literal(b"null")),
            b'-' | b'0'..=b'9' => self.number(rule),
            _ => None,
        }
    }

    /// A string from its opening quote: its raw bytes, and whether it holds
    /// an escape (each checked: one serde_json would refuse is declined).
    fn string(&mut self) -> Option<(&'a [u8], bool)> {
        // A local index, written back once: the loop keeps it in a register.
        let bytes = self.bytes;
        let start = self.at + 1;
        let mut at = start;
        let mut escaped = false;
        loop {
            at = plain(bytes, at);
            match *bytes.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    return Some((&bytes[start..at], escaped));
                }
                b'\\' => {
                    escaped = true;
                    at = escape(bytes, at)?;
                }
                byte if byte < 0x20 => return None,
                _ => at += 1,
            }
        }
    }

    /// Skips digits; how many there were and their value (`None` past
    /// `u64`).
    #[inline]
    fn digits(&mut self) -> (usize, Option<u64>) {
        let start = self.at;
        let mut value = Some(0u64);
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(digit - b'0')));
            self.at += 1;
        }
        (self.at - start, value)
    }

    /// A number, by JSON's grammar: an integer literal against the node's
    /// integer range, anything else against whether it takes any number.
    fn number(&mut self, rule: &Node) -> Sure {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        self.at += usize::from(negative);
        let magnitude = match self.peek()? {
            b'0' => {
                self.at += 1;
                Some(0)
            }
            b'1'..=b'9' => self.digits().1,
            _ => return None,
        };
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            sure(self.digits().0 > 0)?;
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            sure(self.digits().0 > 0)?;
            float = true;
        }
        if float {
            let literal = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
            return sure(rule.float && literal.parse::<f64>().ok()?.is_finite());
        }
        // serde_json reads `-0` as a float, and an integer beyond 64 bits
        // as one too: declined.
        let magnitude = i128::from(magnitude?);
        let value = match negative {
            false => magnitude,
            true if magnitude > 0 && magnitude <= -i128::from(i64::MIN) => -magnitude,
            true => return None,
        };
        let (min, max) = rule.integer?;
        sure((min..=max).contains(&value))
    }

    fn object(&mut self, rule: &ObjectRule, depth: u32) -> Sure {
        self.at += 1;
        self.space();
        let mut seen = 0u128;
        if self.peek()? != b'}' {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let (key, escaped) = self.string()?;
                // A key is compared as written: one with an escape is left
                // to serde_json.
                sure(!escaped)?;
                let node = match rule.names.find(key) {
                    Some(index) => {
                        let bit = 1u128 << index;
                        // A key twice: the typed decode refuses it.
                        sure(seen & bit == 0)?;
                        seen |= bit;
                        rule.nodes[index]
                    }
                    None => rule.additional?,
                };
                self.space();
                self.eat(b':')?;
                self.space();
                self.value(node, depth)?;
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        self.at += 1;
        sure(seen & rule.required == rule.required)
    }

    /// After a member or an item: whether another follows (a comma, read),
    /// or the container ends here (at `close`, left for the caller).
    #[inline]
    fn more(&mut self, close: u8) -> Option<bool> {
        self.space();
        match self.peek()? {
            b',' => {
                self.at += 1;
                self.space();
                Some(true)
            }
            byte if byte == close => Some(false),
            _ => None,
        }
    }

    fn array(&mut self, rule: &ArrayRule, depth: u32) -> Sure {
        self.at += 1;
        self.space();
        let mut count = 0usize;
        if self.peek()? != b']' {
            loop {
                let node = match rule.prefix.get(count) {
                    Some(&node) => node,
                    None => rule.items?,
                };
                self.value(node, depth)?;
                count += 1;
                if !self.more(b']')? {
                    break;
                }
            }
        }
        self.at += 1;
        sure((rule.min..=rule.max).contains(&count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_finds_the_first_quote_backslash_or_control() {
        let at = |s: &[u8; 8]| {
            let found = specials(u64::from_le_bytes(*s));
            (found != 0).then(|| found.trailing_zeros() / 8)
        };
        assert_eq!(at(b"abcdefgh"), None);
        assert_eq!(at(b"abc\"efgh"), Some(3));
        assert_eq!(at(b"a\\c\"efgh"), Some(1));
        assert_eq!(at(b"abcdefg\n"), Some(7));
        assert_eq!(at(b"\x1f\"bcdefg"), Some(0));
        assert_eq!(at(b"\xc3\xa9\xe2\x82\xac \x7f~"), None);
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[test]
    fn sixteen_bytes_at_once_find_the_same() {
        let mut chunk = *b"abcdefgh\xc3\xa9\xe2\x82\xac \x7f~";
        assert_eq!(wide::specials(&chunk), 0);
        for (i, special) in [b'"', b'\\', b'\n', 0, 0x1f]
            .into_iter()
            .cycle()
            .take(48)
            .enumerate()
        {
            let mut with = chunk;
            with[i % 16] = special;
            assert_eq!(
                wide::specials(&with),
                1 << (i % 16),
                "{special:#x} at {}",
                i % 16
            );
        }
        chunk[3] = b'"';
        chunk[12] = b'\\';
        assert_eq!(wide::specials(&chunk), (1 << 3) | (1 << 12));
    }
}
