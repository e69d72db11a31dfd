//! Telling a payload's kind the way [`Judge::detect_kind`] does, without
//! building a `Value`: from its text (a shallow parse that skips every value
//! detection does not read, or a look at its first keys), or from the value
//! it decoded to (read back through `Serialize`).

use crate::judge::detection::Detection;
use crate::judge::Judge;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// What [`Judge::detect_kind`] reads of a payload: its top-level `response`,
/// `errors`, `object` and `deleted`, and the `object` and `deleted` of an
/// object `response`. As in a `Value`, the last of duplicate keys wins.
#[derive(Default)]
struct Probe<'t> {
    bare: Bare<'t>,
    response: Response<'t>,
    /// The (last) `errors` is an array.
    errors: bool,
}

/// `object` (when a string) and `deleted` (when `true`) of an object.
#[derive(Default)]
struct Bare<'t> {
    object: Option<Cow<'t, str>>,
    deleted: bool,
}

#[derive(Default)]
enum Response<'t> {
    #[default]
    Absent,
    Null,
    Object(Bare<'t>),
    /// Anything else: not an object, so no kind.
    Other,
}

/// The keys [`Probe`] reads (read without allocating).
#[derive(Clone, Copy)]
enum Key {
    Response,
    Errors,
    Object,
    Deleted,
    Other,
}

impl Key {
    fn of(key: &str) -> Key {
        match key {
            "response" => Key::Response,
            "errors" => Key::Errors,
            "object" => Key::Object,
            "deleted" => Key::Deleted,
            _ => Key::Other,
        }
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

/// What a value is, as far as detection cares; anything nested is skipped.
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

impl<'de> Deserialize<'de> for Probe<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbeVisitor;
        impl<'de> Visitor<'de> for ProbeVisitor {
            type Value = Probe<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut probe = Probe::default();
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
        deserializer.deserialize_map(ProbeVisitor)
    }
}

/// Reads the first keys of a payload, for [`Judge::guess_kind`].
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

/// Reads what [`Judge::detect_kind`] looks at back from a decoded value,
/// through its `Serialize`: only the `response`, `errors`, `object` and
/// `deleted` fields are serialized, every other one is skipped. A payload
/// that decodes with no drift encodes back to itself, so this is what a
/// parse of its text would show.
struct Capture<'s, 'j> {
    state: &'s mut Captured<'j>,
    mode: Mode,
}

struct Captured<'j> {
    detection: &'j Detection,
    /// The top level and, when `response` is an object, its members.
    top: Bare<'j>,
    nested: Bare<'j>,
    response: Response<'j>,
    errors: bool,
    /// The key whose value comes next.
    key: Key,
}

/// What the value being serialized is to detection.
#[derive(Clone, Copy)]
enum Mode {
    /// A map key.
    Key,
    /// The payload.
    Top,
    /// The top-level `response`.
    Response,
    /// An `object` (of the top level, or of the `response` when nested).
    Object {
        nested: bool,
    },
    Deleted {
        nested: bool,
    },
    /// The top-level `errors`.
    Errors,
}

/// A value whose shape cannot be read back cheaply: the text is probed
/// instead.
#[derive(Debug)]
struct CannotTell;

impl fmt::Display for CannotTell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the kind cannot be read back from this value")
    }
}

impl std::error::Error for CannotTell {}

impl ser::Error for CannotTell {
    fn custom<T: fmt::Display>(_: T) -> Self {
        CannotTell
    }
}

/// The JSON type of a serialized value, as far as detection cares.
enum Json<'v> {
    Null,
    Bool(bool),
    Number,
    Str(&'v str),
    Array,
}

impl<'s, 'j> Capture<'s, 'j> {
    fn bare(&mut self, nested: bool) -> &mut Bare<'j> {
        if nested {
            &mut self.state.nested
        } else {
            &mut self.state.top
        }
    }

    /// Records a value that is not an object.
    fn value(mut self, value: Json<'_>) -> Result<(), CannotTell> {
        match self.mode {
            Mode::Key => {
                self.state.key = match value {
                    Json::Str(key) => Key::of(key),
                    _ => Key::Other,
                }
            }
            Mode::Top => return Err(CannotTell),
            Mode::Response => {
                self.state.response = match value {
                    Json::Null => Response::Null,
                    _ => Response::Other,
                }
            }
            Mode::Object { nested } => {
                let by_object = &self.state.detection.by_object;
                // Only a value detection knows matters: any other string
                // finds no kind, as no string does.
                let object = match value {
                    Json::Str(object) => by_object
                        .get_key_value(object)
                        .map(|(object, _)| Cow::Borrowed(object.as_str())),
                    _ => None,
                };
                self.bare(nested).object = object;
            }
            Mode::Deleted { nested } => {
                self.bare(nested).deleted = matches!(value, Json::Bool(true));
            }
            Mode::Errors => self.state.errors = matches!(value, Json::Array),
        }
        Ok(())
    }

    /// Starts an object: its members are read at the top level and in the
    /// `response`, skipped anywhere else.
    fn object(mut self) -> Result<Members<'s, 'j>, CannotTell> {
        let nested = match self.mode {
            Mode::Top => false,
            Mode::Response => {
                self.state.response = Response::Object(Bare::default());
                self.state.nested = Bare::default();
                true
            }
            Mode::Key => return Err(CannotTell),
            Mode::Object { nested } => {
                self.bare(nested).object = None;
                return Ok(Members::Skip);
            }
            Mode::Deleted { nested } => {
                self.bare(nested).deleted = false;
                return Ok(Members::Skip);
            }
            Mode::Errors => {
                self.state.errors = false;
                return Ok(Members::Skip);
            }
        };
        Ok(Members::Read {
            state: self.state,
            nested,
        })
    }
}

/// The members of a serialized object.
enum Members<'s, 'j> {
    Read {
        state: &'s mut Captured<'j>,
        nested: bool,
    },
    Skip,
}

impl Members<'_, '_> {
    fn member<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CannotTell> {
        let Members::Read { state, nested } = self else {
            return Ok(());
        };
        let mode = match (state.key, *nested) {
            (Key::Response, false) => Mode::Response,
            (Key::Errors, false) => Mode::Errors,
            (Key::Object, nested) => Mode::Object { nested },
            (Key::Deleted, nested) => Mode::Deleted { nested },
            _ => return Ok(()),
        };
        value.serialize(Capture { state, mode })
    }
}

impl ser::SerializeMap for Members<'_, '_> {
    type Ok = ();
    type Error = CannotTell;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CannotTell> {
        match self {
            Members::Read { state, .. } => key.serialize(Capture {
                state,
                mode: Mode::Key,
            }),
            Members::Skip => Ok(()),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CannotTell> {
        self.member(value)
    }

    fn end(self) -> Result<(), CannotTell> {
        Ok(())
    }
}

impl ser::SerializeStruct for Members<'_, '_> {
    type Ok = ();
    type Error = CannotTell;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CannotTell> {
        if let Members::Read { state, .. } = self {
            state.key = Key::of(key);
        }
        self.member(value)
    }

    fn end(self) -> Result<(), CannotTell> {
        Ok(())
    }
}

/// The elements of an array, which detection never looks into.
struct Skip;

macro_rules! skip_elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Skip {
            type Ok = ();
            type Error = CannotTell;
            fn $method<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), CannotTell> {
                Ok(())
            }
            fn end(self) -> Result<(), CannotTell> {
                Ok(())
            }
        }
    )*};
}
skip_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl<'s, 'j> ser::Serializer for Capture<'s, 'j> {
    type Ok = ();
    type Error = CannotTell;
    type SerializeSeq = Skip;
    type SerializeTuple = Skip;
    type SerializeTupleStruct = Skip;
    type SerializeTupleVariant = ser::Impossible<(), CannotTell>;
    type SerializeMap = Members<'s, 'j>;
    type SerializeStruct = Members<'s, 'j>;
    type SerializeStructVariant = ser::Impossible<(), CannotTell>;

    fn serialize_bool(self, v: bool) -> Result<(), CannotTell> {
        self.value(Json::Bool(v))
    }
    fn serialize_i8(self, _: i8) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_i16(self, _: i16) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_i32(self, _: i32) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_i64(self, _: i64) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_i128(self, _: i128) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_u8(self, _: u8) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_u16(self, _: u16) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_u32(self, _: u32) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_u64(self, _: u64) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_u128(self, _: u128) -> Result<(), CannotTell> {
        self.value(Json::Number)
    }
    fn serialize_f32(self, v: f32) -> Result<(), CannotTell> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), CannotTell> {
        // serde_json writes a non-finite number as `null`.
        self.value(if v.is_finite() {
            Json::Number
        } else {
            Json::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<(), CannotTell> {
        self.value(Json::Str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), CannotTell> {
        self.value(Json::Str(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), CannotTell> {
        self.value(Json::Array)
    }
    fn serialize_none(self) -> Result<(), CannotTell> {
        self.value(Json::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CannotTell> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CannotTell> {
        self.value(Json::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CannotTell> {
        self.value(Json::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), CannotTell> {
        self.value(Json::Str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), CannotTell> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), CannotTell> {
        Err(CannotTell)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Skip, CannotTell> {
        self.value(Json::Array).map(|()| Skip)
    }
    fn serialize_tuple(self, _: usize) -> Result<Skip, CannotTell> {
        self.value(Json::Array).map(|()| Skip)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Skip, CannotTell> {
        self.value(Json::Array).map(|()| Skip)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, CannotTell> {
        Err(CannotTell)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'s, 'j>, CannotTell> {
        self.object()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'s, 'j>, CannotTell> {
        self.object()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, CannotTell> {
        Err(CannotTell)
    }
}

impl Judge {
    /// The kind of a payload, told from its text without building a `Value`
    /// (the same rules as [`Judge::detect_kind`]; `None` for text that is
    /// not JSON, save that a lone surrogate escape in a skipped string goes
    /// unnoticed here: the decode or the parse refuses it).
    pub fn detect_kind_text(&self, text: &str) -> Option<&'static str> {
        let probe: Probe<'_> = serde_json::from_str(text).ok()?;
        self.detect_probe(&probe)
    }

    /// [`Judge::detect_kind`]'s rules, on a probed payload.
    fn detect_probe(&self, probe: &Probe<'_>) -> Option<&'static str> {
        let d = &self.detection;
        match &probe.response {
            Response::Absent => {}
            Response::Null => return d.null_response,
            Response::Object(bare) => {
                let inner = self.detect_probed(bare)?;
                return d.envelopes.get(inner).copied();
            }
            Response::Other => return None,
        }
        if probe.errors {
            return d.errors;
        }
        self.detect_probed(&probe.bare)
    }

    /// [`Judge::detect_kind`]'s `detect_bare` (in `judge/detection.rs`), on a probed object.
    fn detect_probed(&self, bare: &Bare<'_>) -> Option<&'static str> {
        if bare.deleted {
            if let Some(kind) = self.detection.deleted {
                return Some(kind);
            }
        }
        self.detection
            .by_object
            .get(bare.object.as_deref()?)
            .copied()
    }

    /// The kind [`Judge::detect_kind`] gives the encoding of `value`;
    /// `None` when it has none or cannot be read back.
    pub(super) fn detect_decoded<T: Serialize + ?Sized>(&self, value: &T) -> Option<&'static str> {
        let mut captured = Captured {
            detection: &self.detection,
            top: Bare::default(),
            nested: Bare::default(),
            response: Response::Absent,
            errors: false,
            key: Key::Other,
        };
        value
            .serialize(Capture {
                state: &mut captured,
                mode: Mode::Top,
            })
            .ok()?;
        let response = match captured.response {
            Response::Object(_) => Response::Object(captured.nested),
            other => other,
        };
        self.detect_probe(&Probe {
            bare: captured.top,
            response,
            errors: captured.errors,
        })
    }

    /// The kind a payload's first key suggests (for an envelope, with the
    /// first key of its `response`), read from its first bytes: `quick`
    /// decodes the payload as that kind and confirms the guess from the
    /// decoded value, which spares it a second pass over the text.
    pub(super) fn guess_kind(&self, text: &str) -> Option<&'static str> {
        let d = &self.detection;
        let mut cursor = Cursor { text, i: 0 };
        match cursor.first_key()? {
            "response" if cursor.peek()? == b'n' => d.null_response,
            "response" if cursor.first_key()? == "object" => {
                let inner = d.by_object.get(cursor.string()?)?;
                d.envelopes.get(inner).copied()
            }
            "object" => d.by_object.get(cursor.string()?).copied(),
            "errors" if cursor.peek()? == b'[' => d.errors,
            _ => None,
        }
    }
}
