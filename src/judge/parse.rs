//! Parsing a payload into the [`Value`] `serde_json` gives, while keeping
//! where each object key starts, so that findings are placed without reading
//! the text again.
//!
//! The parse is `serde_json`'s own (same grammar, errors and positions); only
//! the building differs: each object's members and each array's items are
//! gathered on a shared stack and moved into a collection of exactly their
//! size, instead of growing one member at a time. A key with no escapes is
//! borrowed from the text, so its offset is known for free.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

use schemakit::pointer;

/// Where the object keys of a parsed payload start.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// The offset of each key's opening quote, in text order (a key, then
    /// the keys inside its value, then the next key); [`UNKNOWN`] for a key
    /// with escapes (read into a buffer, not borrowed).
    offsets: Vec<usize>,
    /// An object repeated a key: the value keeps one member for two keys in
    /// the text, so the order above no longer matches the value's.
    repeated: bool,
}

const UNKNOWN: usize = usize::MAX;

impl Keys {
    /// The offset of the opening quote of the key `pointer` ends with, in the
    /// text `value` was parsed from; `None` when the pointer does not end
    /// with an object key, or the offset is not known.
    ///
    /// Costs a walk over the members before it (each subtree's keys are
    /// counted), so it suits a few pointers; many are placed faster by a
    /// [`Finder`](super::locate::Finder).
    pub fn key_at(&self, value: &Value, pointer: &str) -> Option<usize> {
        if self.repeated {
            return None;
        }
        let tokens = pointer::tokens(pointer)?;
        let last = tokens.len().checked_sub(1)?;
        // Index (in `offsets`) of the next key in text order.
        let mut next = 0;
        let mut node = value;
        for (n, token) in tokens.iter().enumerate() {
            match node {
                Value::Object(members) => {
                    let mut found = None;
                    for (name, member) in members {
                        next += 1;
                        if name == token {
                            found = Some(member);
                            break;
                        }
                        next += count_keys(member);
                    }
                    node = found?;
                    if n == last {
                        return self
                            .offsets
                            .get(next - 1)
                            .copied()
                            .filter(|&o| o != UNKNOWN);
                    }
                }
                Value::Array(items) => {
                    let index = pointer::array_index(token)?;
                    next += items.get(..index)?.iter().map(count_keys).sum::<usize>();
                    node = items.get(index)?;
                    if n == last {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        None
    }
}

/// How many object keys `value` holds, at any depth.
fn count_keys(value: &Value) -> usize {
    match value {
        Value::Object(members) => members.len() + members.values().map(count_keys).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_keys).sum(),
        _ => 0,
    }
}

/// Parses `text` as `serde_json::from_str::<Value>` does, and says where
/// its keys start.
pub fn parse(text: &str) -> Result<(Value, Keys), serde_json::Error> {
    if !plain_numbers() {
        // Numbers arrive some other way than the builder expects: let
        // serde_json build the value, and place findings from the text.
        let keys = Keys {
            offsets: Vec::new(),
            repeated: true,
        };
        return serde_json::from_str(text).map(|value| (value, keys));
    }
    let mut state = State {
        text,
        keys: Keys::default(),
        members: Vec::new(),
        items: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Build(&mut state).deserialize(&mut de)?;
    de.end()?;
    Ok((value, state.keys))
}

/// Whether serde_json hands numbers to a visitor as numbers. With its
/// `arbitrary_precision` feature (which any crate in a build can turn on) it
/// hands them over as one-member maps instead, which only its own `Value`
/// visitor understands; then `1e2` parses to a number that keeps its text.
fn plain_numbers() -> bool {
    static PLAIN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PLAIN.get_or_init(|| {
        serde_json::from_str::<Value>("1e2")
            .and_then(|v| serde_json::to_string(&v))
            .is_ok_and(|text| text == "100.0")
    })
}

struct State<'t> {
    text: &'t str,
    keys: Keys,
    /// The members of the objects being read, innermost last.
    members: Vec<(String, Value)>,
    /// The items of the arrays being read, innermost last.
    items: Vec<Value>,
}

impl State<'_> {
    /// The offset of a key borrowed from the text: its quote is just before it.
    fn offset(&self, key: &str) -> usize {
        let base = self.text.as_ptr() as usize;
        let at = key.as_ptr() as usize;
        if at > base && at <= base + self.text.len() {
            at - base - 1
        } else {
            UNKNOWN
        }
    }
}

/// Builds one value (and everything in it).
struct Build<'s, 't>(&'s mut State<'t>);

impl<'de> DeserializeSeed<'de> for Build<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let state = self.0;
        let start = state.items.len();
        while let Some(item) = seq.next_element_seed(Build(&mut *state))? {
            state.items.push(item);
        }
        Ok(Value::Array(state.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let state = self.0;
        let start = state.members.len();
        while let Some(key) = map.next_key_seed(Key(&mut *state))? {
            let value = map.next_value_seed(Build(&mut *state))?;
            state.members.push((key, value));
        }
        let mut members = Map::with_capacity(state.members.len() - start);
        for (key, value) in state.members.drain(start..) {
            // A repeated key: the last value wins, in the first one's place,
            // as in `serde_json`.
            if members.insert(key, value).is_some() {
                state.keys.repeated = true;
            }
        }
        Ok(Value::Object(members))
    }
}

/// Reads one key and notes where it starts.
struct Key<'s, 't>(&'s mut State<'t>);

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<String, E> {
        let offset = self.0.offset(key);
        self.0.keys.offsets.push(offset);
        Ok(key.to_owned())
    }

    fn visit_str<E>(self, key: &str) -> Result<String, E> {
        self.0.keys.offsets.push(UNKNOWN);
        Ok(key.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same value as `serde_json`, in the same order, and every key's
    /// place found as the locator finds it.
    fn check(text: &str) {
        let ours = parse(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok((value, keys)), Ok(expected)) => {
                assert_eq!(value, expected);
                assert_eq!(value.to_string(), expected.to_string(), "member order");
                let mut pointers = Vec::new();
                super::super::locate::tests::pointers(value, String::new(), &mut pointers);
                for p in &pointers {
                    if let Some(offset) = keys.key_at(value, p) {
                        let found = super::super::locate::tests::reference_find(text, p)
                            .expect("the plain walk finds it");
                        assert_eq!(found.key.map(|k| k.start), Some(offset), "{text} {p}");
                    }
                }
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("{text}: {ours:?} vs {theirs:?}"),
        }
    }

    #[test]
    fn like_serde_json() {
        for text in [
            r#"{"a": 1, "b": [true, null, -0, 1.5e300, 18446744073709551615, -9223372036854775808], "c": {"d": "é"}}"#,
            r#"{"a\"b": {"x": 1}, "y": [{"z": 2}, {"z": 3}], "\u00e9": 4, "w": 5}"#,
            r#"{"a": 1, "a": {"b": 2}, "c": 3}"#,
            r#"[[], {}, [[{"k": []}]], "s"]"#,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"[1, 2"#,
            "  {\"a\"\n:\n[ 1 ]\n}  ",
            "1 2",
            "",
        ] {
            check(text);
        }
    }

    /// This build has serde_json's numbers as the builder expects them (the
    /// fallback for `arbitrary_precision` is not taken).
    #[test]
    fn numbers_are_plain_in_this_build() {
        assert!(plain_numbers());
    }

    #[test]
    fn keys_are_placed() {
        let text = r#"{"a": {"x": 1, "y": [0, {"z": 2}]}, "b\n": 1, "c": [{"d": 1}]}"#;
        let (value, keys) = parse(text).unwrap();
        assert_eq!(keys.key_at(&value, "/a"), Some(1));
        assert_eq!(keys.key_at(&value, "/a/y/1/z"), text.find("\"z\""));
        assert_eq!(keys.key_at(&value, "/c/0/d"), text.find("\"d\""));
        // Escaped keys, array items, the root and missing members: not known.
        assert_eq!(keys.key_at(&value, "/b\n"), None);
        assert_eq!(keys.key_at(&value, "/c/0"), None);
        assert_eq!(keys.key_at(&value, ""), None);
        assert_eq!(keys.key_at(&value, "/nope"), None);
        // A repeated key: nothing is known.
        let (value, keys) = parse(r#"{"a": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(keys.key_at(&value, "/b"), None);
    }

    proptest! {
        #[test]
        fn random_documents(value in super::super::locate::tests::arb_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            check(&text);
        }
    }
}
