//! JSON Pointer (RFC 6901): escaping and splitting reference tokens, and the
//! relations between pointers. Every tool of the project builds and reads
//! pointers through these functions.

use serde_json::Value;
use std::borrow::Cow;

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if !token.contains(['~', '/']) {
        return Cow::Borrowed(token);
    }
    Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
}

/// Unescapes one reference token: `~1` becomes `/` and `~0` becomes `~`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
}

/// `pointer` with one more (unescaped) token.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_to(&mut out, token);
    out
}

/// Appends `/` and one (unescaped) token to `pointer`, escaping as it goes.
pub fn push_to(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Splits a pointer into its unescaped tokens. `""` (the whole document) has
/// none; a pointer that does not start with `/` is not a pointer (`None`).
pub fn tokens(pointer: &str) -> Option<Vec<Cow<'_, str>>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// An array index token as RFC 6901 has it: digits, no leading zero.
pub fn array_index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|c| c.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// The value `pointer` names in `value`, as `Value::pointer` finds it,
/// without allocating: a token is unescaped only when it holds a `~`
/// (schema resolution looks up thousands of pointers at start-up).
pub fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(value, |value, token| match value {
        Value::Object(map) => map.get(unescape(token).as_ref()),
        Value::Array(items) => items.get(array_index(token)?),
        _ => None,
    })
}

/// Whether `ancestor` is `pointer` itself or one of the values that contain
/// it, comparing whole tokens (`/a/b` is not an ancestor of `/a/bc`).
pub fn is_ancestor_or_self(ancestor: &str, pointer: &str) -> bool {
    pointer == ancestor
        || (pointer.starts_with(ancestor) && pointer.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// The pointer of the value that contains `pointer` (`None` for the root).
pub fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

/// The last token of `pointer`, unescaped (`None` for the root).
pub fn last(pointer: &str) -> Option<Cow<'_, str>> {
    pointer.rfind('/').map(|i| unescape(&pointer[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_splits() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(push("/x", "a/b"), "/x/a~1b");
        assert_eq!(tokens(""), Some(vec![]));
        assert_eq!(
            tokens("/a~1b/~01/"),
            Some(vec!["a/b".into(), "~1".into(), "".into()])
        );
        assert_eq!(tokens("a"), None);
        assert_eq!(last("/a/b~1c").as_deref(), Some("b/c"));
        assert_eq!(last(""), None);
    }

    #[test]
    fn escaping_round_trips() {
        for token in ["", "~", "/", "~1", "~0/", "a~b/c", "é/~"] {
            assert_eq!(unescape(&escape(token)), token);
            assert_eq!(tokens(&push("", token)).unwrap(), vec![token]);
        }
    }

    #[test]
    fn get_finds_what_value_pointer_finds() {
        let value = serde_json::json!({
            "a": [10, {"b/c": 1, "d~e": 2, "": 3}],
            "01": 4,
            "x": {"~1": 5},
        });
        for pointer in [
            "",
            "/",
            "/a",
            "/a/0",
            "/a/1",
            "/a/01",
            "/a/+1",
            "/a/2",
            "/a/-",
            "/a/1/b~1c",
            "/a/1/d~0e",
            "/a/1/",
            "/01",
            "/x/~01",
            "/x/~1",
            "a",
            "/a/0/z",
            "/nope",
        ] {
            assert_eq!(get(&value, pointer), value.pointer(pointer), "{pointer:?}");
        }
    }

    #[test]
    fn indices() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("12"), Some(12));
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index(""), None);
        assert_eq!(array_index("-1"), None);
    }

    #[test]
    fn ancestors_compare_whole_tokens() {
        assert!(is_ancestor_or_self("", "/a"));
        assert!(is_ancestor_or_self("/a", "/a"));
        assert!(is_ancestor_or_self("/a", "/a/b"));
        assert!(!is_ancestor_or_self("/a", "/ab"));
        assert!(!is_ancestor_or_self("/a/b", "/a"));
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some(""));
        assert_eq!(parent(""), None);
    }
}
