//! What the kind rules read of a payload's text, without building a
//! `Value`: a shallow parse that skips every value the rules do not read
//! ([`slot`]), or a look at its first keys ([`guess`]).

use super::{First, Key, Level, Rules, Shape, Slot};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// What a payload's text shows; `None` for text that is not JSON.
pub(super) fn slot(text: &str) -> Option<Slot<'_>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let slot = SlotSeed(Level::Top).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(slot)
}

/// The kind a payload's first key suggests (for an envelope, with the first
/// key of its `response`), read from its first bytes. Only an `object`
/// value that one def claims is a guess: where keys decide, there is none.
pub(super) fn guess(rules: &Rules, text: &str) -> Option<&'static str> {
    let mut cursor = Cursor { text, i: 0 };
    match cursor.first_key()? {
        "response" if cursor.peek()? == b'n' => {
            super::Detection::of(rules.null_response.first().copied()).kind()
        }
        "response" if cursor.first_key()? == "object" => {
            // Of the defs that claim the value, those an envelope holds.
            let mut envelopes = rules
                .by_object
                .get(cursor.string()?)?
                .iter()
                .filter_map(|inner| rules.envelopes.get(inner))
                .flatten();
            match (envelopes.next(), envelopes.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        "object" => rules.sole_claimant(cursor.string()?),
        "errors" if cursor.peek()? == b'[' => match rules.errors.as_slice() {
            [only] => Some(only),
            _ => None,
        },
        _ => None,
    }
}

/// A key, borrowed from the text where it has no escapes.
struct KeyText<'t>(Cow<'t, str>);

impl<'de> de::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(KeyText(Cow::Borrowed(key)))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(KeyText(Cow::Owned(key.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Any value, read as what the rules see of it at a level.
struct SlotSeed(Level);

impl<'de> DeserializeSeed<'de> for SlotSeed {
    type Value = Slot<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Slot<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotSeed {
    type Value = Slot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Slot::Null)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Slot::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Slot::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Slot::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Slot::Other)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Slot::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let first = match seq.next_element_seed(SlotSeed(Level::Item))? {
            None => First::Empty,
            Some(Slot::Object(item)) => First::Object(item),
            Some(_) => First::Other,
        };
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Slot::Array(first))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let level = self.0;
        let mut shape = Shape {
            keys: Some(Vec::new()),
            ..Shape::default()
        };
        while let Some(KeyText(key)) = map.next_key()? {
            let which = Key::of(&key);
            shape.key(key);
            match which {
                Key::Object => {
                    shape.object = match map.next_value::<Scalar<'de>>()? {
                        Scalar::Str(object) => Some(object),
                        _ => None,
                    }
                }
                Key::Deleted => {
                    shape.deleted = matches!(map.next_value::<Scalar<'de>>()?, Scalar::True)
                }
                Key::Response if level.reads_response() => {
                    shape.response = map.next_value_seed(SlotSeed(Level::Response))?
                }
                Key::Errors if level.reads_response() => {
                    shape.errors = matches!(map.next_value::<Scalar<'de>>()?, Scalar::Array)
                }
                Key::Data if level.reads_data() => {
                    shape.data = match map.next_value_seed(SlotSeed(Level::Item))? {
                        array @ Slot::Array(_) => array,
                        _ => Slot::Other,
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Slot::Object(Box::new(shape)))
    }
}

/// What a value is, as far as the kind rules care; anything nested is skipped.
enum Scalar<'t> {
    Str(Cow<'t, str>),
    True,
    Array,
    Other,
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(if v { Scalar::True } else { Scalar::Other })
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Array)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Scalar::Other)
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// Reads the first keys of a payload, for [`guess`].
struct Cursor<'t> {
    text: &'t str,
    i: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.i) {
            self.i += 1;
        }
        self.text.as_bytes().get(self.i).copied()
    }

    fn punct(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// A string with no escapes.
    fn string(&mut self) -> Option<&'t str> {
        self.punct(b'"')?;
        let start = self.i;
        let len = self.text.as_bytes()[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\')?;
        self.i = start + len;
        self.punct(b'"')?;
        self.text.get(start..start + len)
    }

    /// An object's `{` and first key, with its `:`.
    fn first_key(&mut self) -> Option<&'t str> {
        self.punct(b'{')?;
        let key = self.string()?;
        self.punct(b':')?;
        Some(key)
    }
}
