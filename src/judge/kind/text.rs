//! What the kind rules read of a payload's text, without building a
//! `Value`: a shallow parse that skips every value the rules do not read
//! ([`shape`]), or a look at its first keys ([`guess`]).

use super::{Bare, Key, Response, Rules, Shape};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// What a payload's text shows; `None` for text that is not a JSON object.
pub(super) fn shape(text: &str) -> Option<Shape<'_>> {
    serde_json::from_str(text).ok()
}

/// The kind a payload's first key suggests (for an envelope, with the first
/// key of its `response`), read from its first bytes.
pub(super) fn guess(rules: &Rules, text: &str) -> Option<&'static str> {
    let mut cursor = Cursor { text, i: 0 };
    match cursor.first_key()? {
        "response" if cursor.peek()? == b'n' => rules.null_response,
        "response" if cursor.first_key()? == "object" => {
            let inner = rules.by_object.get(cursor.string()?)?;
            rules.envelopes.get(inner).copied()
        }
        "object" => rules.by_object.get(cursor.string()?).copied(),
        "errors" if cursor.peek()? == b'[' => rules.errors,
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(Key::of(key))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// What a value is, as far as the kind rules care; anything nested is skipped.
enum Scalar<'t> {
    Str(Cow<'t, str>),
    True,
    Array,
    Other,
}

impl<'de> Deserialize<'de> for Scalar<'de> {
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

impl<'de> Bare<'de> {
    /// Reads one entry of an object into `self`; false for keys it skips.
    fn read<A: MapAccess<'de>>(&mut self, key: &Key, map: &mut A) -> Result<bool, A::Error> {
        match key {
            Key::Object => {
                self.object = match map.next_value::<Scalar<'de>>()? {
                    Scalar::Str(object) => Some(object),
                    _ => None,
                }
            }
            Key::Deleted => self.deleted = matches!(map.next_value::<Scalar<'de>>()?, Scalar::True),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl<'de> Deserialize<'de> for Response<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ResponseVisitor;
        impl<'de> Visitor<'de> for ResponseVisitor {
            type Value = Response<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Response::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut bare = Bare::default();
                while let Some(key) = map.next_key::<Key>()? {
                    if !bare.read(&key, &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Response::Object(bare))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Response::Other)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Response::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Response::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Response::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Response::Other)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Response::Other)
            }
        }
        deserializer.deserialize_any(ResponseVisitor)
    }
}

impl<'de> Deserialize<'de> for Shape<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut probe = Shape::default();
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Response => probe.response = map.next_value()?,
                        Key::Errors => {
                            probe.errors = matches!(map.next_value::<Scalar<'de>>()?, Scalar::Array)
                        }
                        _ => {
                            if !probe.bare.read(&key, &mut map)? {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                }
                Ok(probe)
            }
        }
        // Anything but an object fails here, and has no kind.
        deserializer.deserialize_map(ShapeVisitor)
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
