//! Parsing a payload into the [`Value`] `serde_json` gives, while keeping
//! where each object key starts, so that findings are placed without reading
//! the text again.
//!
//! The parse is `serde_json`'s own (same grammar, errors and positions); only
//! the building differs: each object's members and each array's items are
//! gathered on a shared stack and moved into a collection of exactly their
//! size, instead of growing one member at a time. A key with no escapes is
//! borrowed from the text, so its offset is known for free. The tree's cost
//! is counted as it grows ([`budget`]): past its bound the parse stops, and
//! parses again with every array cut to the cap the text allows.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

use schemakit::pointer;

use super::budget;

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

/// A parsed payload.
#[derive(Debug)]
pub struct Parsed {
    pub value: Value,
    pub keys: Keys,
    /// The arrays cut short to keep the tree within its bound, if any.
    pub cut: Option<Cut>,
}

/// Why a payload was not parsed.
#[derive(Debug)]
pub enum Unparsed {
    /// Not JSON.
    Json(serde_json::Error),
    /// Its tree would be over `bound` bytes even with every array cut to
    /// [`budget::MIN_CAP`] items.
    Over { bound: usize },
}

/// The arrays a parse cut short: each judged on its first `cap` items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The bound the tree was kept within, in bytes.
    pub bound: usize,
    /// How many items each array kept, at most.
    pub cap: usize,
    /// The first arrays cut (JSON pointer, length), in text order.
    pub arrays: Vec<(String, usize)>,
    /// How many arrays were cut in all.
    pub count: usize,
}

impl Cut {
    /// The arrays [`Cut::arrays`] keeps.
    const LISTED: usize = 8;
}

/// Parses `text` as `serde_json::from_str::<Value>` does, says where its
/// keys start, and keeps its tree within `bound` bytes
/// (as [`budget`] counts them): past it, the text is parsed again with
/// every array cut to the largest cap that fits.
pub fn parse_within(text: &str, bound: usize) -> Result<Parsed, Unparsed> {
    if !plain_numbers() {
        // Numbers arrive some other way than the builder expects: let
        // serde_json build the value, and place findings from the text.
        let keys = Keys {
            offsets: Vec::new(),
            repeated: true,
        };
        return serde_json::from_str(text)
            .map(|value| Parsed {
                value,
                keys,
                cut: None,
            })
            .map_err(Unparsed::Json);
    }
    match build(text, bound, None) {
        Err(Unparsed::Over { .. }) => {
            let cap = budget::cap(text, bound).ok_or(Unparsed::Over { bound })?;
            build(text, bound, Some(cap))
        }
        done => done,
    }
}

/// One parse: unbounded when `cap` is given (the arrays are cut to it).
fn build(text: &str, bound: usize, cap: Option<usize>) -> Result<Parsed, Unparsed> {
    let mut state = State {
        text,
        keys: Keys::default(),
        members: Vec::new(),
        items: Vec::new(),
        cost: 0,
        bound: if cap.is_some() { usize::MAX } else { bound },
        over: false,
        cut: cap.map(|cap| Cutting {
            cut: Cut {
                bound,
                cap,
                arrays: Vec::new(),
                count: 0,
            },
            pointer: String::new(),
            marks: Vec::new(),
        }),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = match Build(&mut state).deserialize(&mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    }) {
        Ok(value) => value,
        Err(_) if state.over => return Err(Unparsed::Over { bound }),
        Err(e) => return Err(Unparsed::Json(e)),
    };
    Ok(Parsed {
        value,
        keys: state.keys,
        cut: state.cut.map(|c| c.cut).filter(|c| c.count > 0),
    })
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
    /// What the tree costs so far ([`budget`]).
    cost: usize,
    /// Past this cost the parse stops.
    bound: usize,
    /// Whether it stopped for that.
    over: bool,
    /// When arrays are cut: the cut, and where the parse is.
    cut: Option<Cutting>,
}

/// A parse that cuts arrays, and the pointer of the value it is in.
struct Cutting {
    cut: Cut,
    pointer: String,
    /// Where each enclosing segment of `pointer` starts.
    marks: Vec<usize>,
}

impl Cutting {
    fn enter(&mut self, segment: Segment<'_>) {
        self.marks.push(self.pointer.len());
        match segment {
            Segment::Key(key) => pointer::push_to(&mut self.pointer, key),
            Segment::Index(index) => {
                use std::fmt::Write;
                let _ = write!(self.pointer, "/{index}");
            }
        }
    }

    fn leave(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.pointer.truncate(mark);
        }
    }
}

enum Segment<'k> {
    Key(&'k str),
    Index(usize),
}

impl State<'_> {
    /// Counts a value of `extra` bytes besides itself.
    fn count(&mut self, extra: usize) {
        self.cost = self.cost.saturating_add(budget::VALUE + extra);
    }

    /// Whether the tree is over its bound (noted, to stop the parse).
    fn over(&mut self) -> bool {
        self.over = self.cost > self.bound;
        self.over
    }

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
        self.0.count(0);
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        self.0.count(0);
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        self.0.count(0);
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        self.0.count(0);
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        self.0.count(s.len());
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        self.0.count(s.len());
        Ok(Value::String(s))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        self.0.count(0);
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        self.0.count(0);
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let state = self.0;
        state.count(0);
        let mut items = Items {
            start: state.items.len(),
            own: None,
        };
        if let Some(cap) = state.cut.as_ref().map(|c| c.cut.cap) {
            let mut index = 0;
            loop {
                if index == cap {
                    let mut skipped = 0;
                    while seq.next_element::<IgnoredAny>()?.is_some() {
                        skipped += 1;
                    }
                    if let Some(cutting) = state.cut.as_mut().filter(|_| skipped > 0) {
                        cutting.cut.count += 1;
                        if cutting.cut.arrays.len() < Cut::LISTED {
                            let at = cutting.pointer.clone();
                            cutting.cut.arrays.push((at, cap + skipped));
                        }
                    }
                    break;
                }
                if let Some(cutting) = state.cut.as_mut() {
                    cutting.enter(Segment::Index(index));
                }
                let item = seq.next_element_seed(Build(&mut *state))?;
                if let Some(cutting) = state.cut.as_mut() {
                    cutting.leave();
                }
                let Some(item) = item else { break };
                items.push(state, item);
                index += 1;
            }
        } else {
            while let Some(item) = seq.next_element_seed(Build(&mut *state))? {
                items.push(state, item);
                if state.over() {
                    return Err(de::Error::custom("the tree is over its bound"));
                }
            }
        }
        Ok(Value::Array(items.finish(state)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let state = self.0;
        state.count(0);
        let start = state.members.len();
        while let Some(key) = map.next_key_seed(Key(&mut *state))? {
            state.cost = state.cost.saturating_add(budget::MEMBER + key.len());
            if let Some(cutting) = state.cut.as_mut() {
                cutting.enter(Segment::Key(&key));
            }
            let value = map.next_value_seed(Build(&mut *state))?;
            if let Some(cutting) = state.cut.as_mut() {
                cutting.leave();
            }
            state.members.push((key, value));
            if state.over() {
                return Err(de::Error::custom("the tree is over its bound"));
            }
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

/// The items of one array as they are read: on the shared stack, then,
/// past [`Items::OWN`], in a vector of their own (which grows in place, where
/// moving a long array off the stack would hold it twice).
struct Items {
    start: usize,
    own: Option<Vec<Value>>,
}

impl Items {
    const OWN: usize = 4096;

    fn push(&mut self, state: &mut State<'_>, item: Value) {
        match &mut self.own {
            Some(own) => own.push(item),
            None => {
                state.items.push(item);
                if state.items.len() - self.start >= Self::OWN {
                    self.own = Some(state.items.drain(self.start..).collect());
                }
            }
        }
    }

    fn finish(self, state: &mut State<'_>) -> Vec<Value> {
        match self.own {
            Some(mut own) => {
                own.shrink_to_fit();
                own
            }
            None => state.items.drain(self.start..).collect(),
        }
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

    /// The parse with no bound on the tree.
    fn parse(text: &str) -> Result<(Value, Keys), serde_json::Error> {
        match parse_within(text, usize::MAX) {
            Ok(parsed) => Ok((parsed.value, parsed.keys)),
            Err(Unparsed::Json(e)) => Err(e),
            Err(Unparsed::Over { .. }) => panic!("over an unbounded tree"),
        }
    }

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

    /// Cut to 64 items, arrays keep their first items, the keys after
    /// them are placed, and each cut array is named by its pointer.
    #[test]
    fn arrays_are_cut_and_the_rest_is_kept() {
        let items: Vec<String> = (0..200).map(|i| format!("{{\"k\": {i}}}")).collect();
        let inner = format!("[{}]", vec!["7"; 100].join(","));
        let text = format!(
            r#"{{"a": [{}], "n": [{inner}, {inner}], "b": {{"c~/": 1}}}}"#,
            items.join(", ")
        );
        let parsed = build(&text, usize::MAX, Some(64)).unwrap();
        let cut = parsed.cut.expect("arrays were cut");
        assert_eq!(cut.cap, 64);
        assert_eq!(
            cut.arrays,
            [
                ("/a".to_owned(), 200),
                ("/n/0".to_owned(), 100),
                ("/n/1".to_owned(), 100)
            ]
        );
        assert_eq!(cut.count, 3);
        let value = parsed.value;
        assert_eq!(value["a"].as_array().map(Vec::len), Some(64));
        assert_eq!(value["a"][63], serde_json::json!({"k": 63}));
        assert_eq!(value["n"][1].as_array().map(Vec::len), Some(64));
        let keys = parsed.keys;
        assert_eq!(keys.key_at(&value, "/b/c~0~1"), text.find("\"c~/\""));
        assert_eq!(
            keys.key_at(&value, "/a/5/k"),
            Some(text.find("{\"k\": 5}").unwrap() + 1)
        );
        // No cut needed: none recorded.
        let small = build(r#"{"a": [1, 2]}"#, usize::MAX, Some(64)).unwrap();
        assert_eq!(small.cut, None);
    }

    /// Past its bound the parse cuts; what it cannot cut it refuses; and
    /// text that is not JSON past the cut gives `serde_json`'s own error.
    #[test]
    fn the_bound_is_kept() {
        let text = format!("[{}1]", "1,".repeat(10_000));
        let bound = 1_000 * budget::VALUE;
        let parsed = parse_within(&text, bound).unwrap();
        let cut = parsed.cut.expect("cut");
        assert_eq!(cut.cap, 512);
        assert_eq!(cut.arrays, [(String::new(), 10_001)]);
        let members: Vec<String> = (0..10_000).map(|i| format!("\"k{i}\": 1")).collect();
        let text = format!("{{{}}}", members.join(","));
        assert!(matches!(
            parse_within(&text, bound),
            Err(Unparsed::Over { bound: b }) if b == bound
        ));
        let text = format!("[{}tru]", "1,".repeat(10_000));
        let Err(Unparsed::Json(ours)) = parse_within(&text, bound) else {
            panic!("not JSON")
        };
        let theirs = serde_json::from_str::<Value>(&text).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
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
