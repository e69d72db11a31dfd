//! How deep JSON nests, found without recursion, so that a document of any
//! depth can be measured before anything recursive (a parser, a `Drop`, a
//! walk) touches it: in text ([`in_text`]) and in a parsed value
//! ([`in_value`]).

use serde_json::Value;

/// The byte offset of the first `[` or `{` that opens a level deeper than
/// `limit`, if any. Brackets inside strings do not count.
pub fn in_text(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i).unwrap_or(b.len());
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The pointer of the first array or object in `value` that opens a level
/// deeper than `limit` (the root being level 1), if any. It walks without
/// recursion, so any depth costs no stack.
pub fn in_value(value: &Value, limit: usize) -> Option<String> {
    /// An array index or an object key, made into a token only when needed.
    enum Token<'v> {
        Index(usize),
        Key(&'v str),
    }
    /// The children of one container still to visit.
    fn children(value: &Value) -> Box<dyn Iterator<Item = (Token<'_>, &Value)> + '_> {
        match value {
            Value::Array(a) => Box::new(a.iter().enumerate().map(|(i, v)| (Token::Index(i), v))),
            Value::Object(m) => Box::new(m.iter().map(|(k, v)| (Token::Key(k), v))),
            _ => Box::new(std::iter::empty()),
        }
    }
    let container = |v: &Value| v.is_array() || v.is_object();
    if !container(value) {
        return None;
    }
    if limit == 0 {
        return Some(String::new());
    }
    // `path[i]` is the token of the container `stack[i + 1]`.
    let mut path: Vec<Token<'_>> = Vec::new();
    let mut stack = vec![children(value)];
    while let Some(top) = stack.last_mut() {
        match top.find(|(_, child)| container(child)) {
            Some((token, child)) => {
                path.push(token);
                if stack.len() + 1 > limit {
                    return Some(path.iter().fold(String::new(), |p, t| match t {
                        Token::Index(i) => format!("{p}/{i}"),
                        Token::Key(k) => crate::pointer::push(&p, k),
                    }));
                }
                stack.push(children(child));
            }
            None => {
                stack.pop();
                path.pop();
            }
        }
    }
    None
}

/// `i` at an opening quote; the offset after the closing one. Reads eight
/// bytes at a time, with no search call per string (a call costs more than
/// the short strings JSON is mostly made of).
pub fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` equal to `c`, exact up to the first
    // such byte (bits after it may be set wrongly, and are not read).
    let eq = |x: u64, c: u8| {
        let y = x ^ (ONES * u64::from(c));
        y.wrapping_sub(ONES) & !y & HIGH
    };
    let mut j = i + 1;
    loop {
        match b.get(j..j + 8) {
            Some(word) => {
                let x = u64::from_le_bytes(word.try_into().ok()?);
                let m = eq(x, b'"') | eq(x, b'\\');
                if m == 0 {
                    j += 8;
                    continue;
                }
                j += (m.trailing_zeros() / 8) as usize;
            }
            None => {
                j += b.get(j..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
            }
        }
        match b[j] {
            b'"' => return Some(j + 1),
            _ => j += 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_in_text() {
        assert_eq!(in_text("[[[]]]", 3), None);
        assert_eq!(in_text("[[[]]]", 2), Some(2));
        assert_eq!(in_text(r#"["[[[[", {"a": 1}]"#, 2), None);
        assert_eq!(in_text(r#"["\"[[[[", {"a": {}}]"#, 2), Some(17));
        let deep = "[".repeat(100_000);
        assert_eq!(in_text(&deep, 10), Some(10));
    }

    #[test]
    fn depth_in_values() {
        let v = json!({"a": [1, {"b/c": [[]]}]});
        assert_eq!(in_value(&json!(1), 0), None);
        assert_eq!(in_value(&json!([]), 0), Some(String::new()));
        assert_eq!(in_value(&json!([]), 1), None);
        assert_eq!(in_value(&v, 3).as_deref(), Some("/a/1/b~1c"));
        assert_eq!(in_value(&v, 4).as_deref(), Some("/a/1/b~1c/0"));
        assert_eq!(in_value(&v, 5), None);
        assert_eq!(in_value(&json!([[1], [[2]]]), 2).as_deref(), Some("/1/0"));
    }

    #[test]
    fn strings_end_after_their_closing_quote() {
        let b = br#""abc\"def" x"#;
        assert_eq!(string_end(b, 0), Some(10));
        assert_eq!(string_end(br#""unterminated"#, 0), None);
        assert_eq!(string_end(b"x", 0), None);
    }
}
