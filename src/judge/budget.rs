//! The memory a payload's parsed tree may take: its cost counted as it is built, estimated from the text, and the cap on array lengths that keeps it within its bound.
//!
//! A `serde_json::Value` costs some 80 bytes a value (with `preserve_order`),
//! so a payload of small values (`[1,1,1,…]`, two bytes each) would take 40
//! times its size as a tree. The full judgement builds no tree past
//! [`bound`] (four times the text by default, at least [`FLOOR`]): when the parse goes over it, the text is scanned for a cap
//! on array lengths under which the tree fits, and parsed again with every
//! array cut to its first `cap` items. The scan never recurses and never
//! panics, whatever the text: an estimate from text the parser rejects is
//! only an estimate, and the second parse reports the syntax error.

use serde_json::Value;

/// Every tree may take this much, however small its text.
pub const FLOOR: usize = 16 << 20;

/// Arrays are never cut shorter than this.
pub const MIN_CAP: usize = 64;

/// The bound on the tree of a text of `len` bytes: `ratio` times its size
/// ([`Limits::max_tree_ratio`](super::Limits::max_tree_ratio)), at least
/// [`FLOOR`].
pub fn bound(len: usize, ratio: usize) -> usize {
    len.saturating_mul(ratio).max(FLOOR)
}

/// What one value costs in the tree: the `Value` itself (in its array's or
/// object's storage).
pub const VALUE: usize = std::mem::size_of::<Value>();

/// What an object member costs besides its value: its key's `String`, and
/// the map's hash and index (with `preserve_order`). A string (a value or a
/// key) costs its bytes besides.
pub const MEMBER: usize = std::mem::size_of::<String>() + 16;

/// Whether the tree of `text`, parsed whole, costs at most `bound` by the
/// builder's count: at once for a text too short to go over, by a scan of
/// it otherwise.
pub fn fits(text: &str, bound: usize) -> bool {
    // No value is written in less than a byte, and none costs more than a
    // `VALUE` besides the bytes of its strings.
    if text.len().saturating_mul(VALUE) <= bound {
        return true;
    }
    let mut total = 0usize;
    scan(text.as_bytes(), |_, cost| {
        total = total.saturating_add(cost)
    });
    total <= bound
}

/// The largest cap (a power of two, at least [`MIN_CAP`]) under which the
/// tree of `text`, with every array cut to its first `cap` items, costs at
/// most `bound` by the builder's count; `None` when even [`MIN_CAP`] is
/// over (a tree of many members, or of many short arrays).
pub fn cap(text: &str, bound: usize) -> Option<usize> {
    // The cost of the values of each rank's bit length: the rank of a value
    // is the largest index it sits at in any array on its path, so a cap of
    // 2^k keeps exactly the values of buckets 0..=k.
    let mut buckets = [0usize; 65];
    scan(text.as_bytes(), |rank, cost| {
        let bucket = (usize::BITS - rank.leading_zeros()) as usize;
        buckets[bucket] = buckets[bucket].saturating_add(cost);
    });
    let mut kept = 0usize;
    let mut best = None;
    for (k, cost) in buckets.iter().enumerate().take(usize::BITS as usize) {
        kept = kept.saturating_add(*cost);
        if kept > bound {
            break;
        }
        let cap = 1usize << k;
        if cap >= MIN_CAP {
            best = Some(cap);
        }
    }
    best
}

/// Deeper than this the scan stops: the parser refuses such text anyway
/// (its limit is 128 levels), and the stack stays small.
const MAX_DEPTH: usize = 256;

/// One array or object the scan is in.
struct Frame {
    array: bool,
    /// The rank of the container itself.
    rank: usize,
    /// The index of the current item (arrays).
    index: usize,
    /// Whether a key comes next (objects).
    key: bool,
}

/// Calls `add(rank, cost)` for every value of `text`, with the cost the
/// builder counts for it (its key's, for a member).
fn scan(text: &[u8], mut add: impl FnMut(usize, usize)) {
    let mut stack: Vec<Frame> = Vec::new();
    let mut key_cost = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b' ' | b'\n' | b'\r' | b'\t' | b':' => i += 1,
            b',' => {
                if let Some(frame) = stack.last_mut() {
                    if frame.array {
                        frame.index += 1;
                    } else {
                        frame.key = true;
                    }
                }
                i += 1;
            }
            b']' | b'}' => {
                stack.pop();
                i += 1;
            }
            byte => {
                if let Some(frame) = stack.last_mut().filter(|f| !f.array && f.key) {
                    frame.key = false;
                    let end = string_end(text, i);
                    key_cost = MEMBER + end.saturating_sub(i + 2);
                    i = end;
                    continue;
                }
                let rank = match stack.last() {
                    Some(frame) if frame.array => frame.rank.max(frame.index),
                    Some(frame) => frame.rank,
                    None => 0,
                };
                let mut cost = VALUE + std::mem::take(&mut key_cost);
                match byte {
                    b'[' | b'{' => {
                        if stack.len() == MAX_DEPTH {
                            return;
                        }
                        stack.push(Frame {
                            array: byte == b'[',
                            rank,
                            index: 0,
                            key: true,
                        });
                        i += 1;
                    }
                    b'"' => {
                        let end = string_end(text, i);
                        cost += end.saturating_sub(i + 2);
                        i = end;
                    }
                    _ => {
                        // A number or a literal: up to the next delimiter.
                        i += 1;
                        while i < text.len()
                            && !matches!(
                                text[i],
                                b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t' | b':'
                            )
                        {
                            i += 1;
                        }
                    }
                }
                add(rank, cost);
            }
        }
    }
}

/// The offset just past the string whose opening quote is at `start`
/// (the end of the text when it has no closing quote).
fn string_end(text: &[u8], start: usize) -> usize {
    schemakit::depth::string_end(text, start).unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of a text with their ranks and costs.
    fn scanned(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        scan(text.as_bytes(), |rank, cost| out.push((rank, cost)));
        out
    }

    #[test]
    fn ranks_are_the_largest_index_on_the_path() {
        let values = scanned(r#"{"a": [1, [2, 3], {"b": [4, 5, 6]}], "c": "xyz"}"#);
        let ranks: Vec<usize> = values.iter().map(|v| v.0).collect();
        // The root, /a, 1, [2,3], 2, 3, {b}, [4,5,6], 4, 5, 6, "xyz".
        assert_eq!(ranks, [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 0]);
        // A member's value carries its key; a string its bytes.
        assert_eq!(values[1].1, VALUE + MEMBER + 1);
        assert_eq!(values[11].1, VALUE + MEMBER + 1 + 3);
    }

    #[test]
    fn strings_with_quotes_and_brackets_inside_are_skipped() {
        let values = scanned(r#"["a\"],[{", "\\", "]"]"#);
        assert_eq!(values.len(), 4);
        // Its raw bytes, the escape included (the parse counts 6).
        assert_eq!(values[1], (0, VALUE + 7));
        assert_eq!(values[3], (2, VALUE + 1));
    }

    #[test]
    fn the_cap_keeps_the_tree_within_the_bound() {
        let items = 100_000;
        let text = format!("{{\"a\": [{}1], \"b\": [1, 2]}}", "1,".repeat(items - 1));
        let total: usize = scanned(&text).iter().map(|v| v.1).sum();
        assert!(total > 100_000 * VALUE);
        // Everything fits: no cut needed, so the largest cap is returned.
        assert!(cap(&text, total).unwrap() >= items);
        // A tenth of it: a cap of 8,192 items (2^13), the largest that fits.
        let cap = cap(&text, total / 10).unwrap();
        assert_eq!(cap, 8_192);
        let kept: usize = scanned(&text)
            .iter()
            .filter(|v| v.0 < cap)
            .map(|v| v.1)
            .sum();
        assert!(kept <= total / 10);
        // Nothing fits even at the smallest cap.
        assert_eq!(super::cap(&text, VALUE * 10), None);
        // Whole, it fits the total and no less.
        assert!(fits(&text, total));
        assert!(!fits(&text, total - 1));
        assert!(fits("[1, 2, 3]", 4 * VALUE));
    }

    #[test]
    fn any_text_is_scanned_without_a_panic() {
        for text in [
            "", "\"", "\"\\", "[", "]]]", "{\"a", "{\"a\":", "[1,,,]", "{,}", "\\", "[\"\\\"",
            "}{", ":::",
        ] {
            scanned(text);
            let _ = cap(text, 0);
        }
        // Deeper than the scan goes: it stops.
        let deep = "[".repeat(100_000);
        assert!(scanned(&deep).len() <= MAX_DEPTH + 1);
    }
}
