//! What the kind rules read of a decoded value, back through its
//! `Serialize`: only the members the rules look at are read, every other
//! one is skipped. A payload that decodes with no drift encodes back to
//! itself, so this is what a parse of its text would show, but for the
//! keys, a `data` page and an array `response`, which are not read back:
//! where they would decide, the rules say nothing.

use super::{Key, Rules, Shape, Slot};
use serde::ser::{self, Serialize};
use std::borrow::Cow;
use std::fmt;

/// What the encoding of `value` shows; `None` when it cannot be read back.
pub(super) fn slot<'r, T: Serialize + ?Sized>(rules: &'r Rules, value: &T) -> Option<Slot<'r>> {
    let mut captured = Captured {
        rules,
        top: Shape::default(),
        nested: Shape::default(),
        response: Slot::Absent,
        key: Key::Other,
    };
    value
        .serialize(Capture {
            state: &mut captured,
            mode: Mode::Top,
        })
        .ok()?;
    let mut top = captured.top;
    top.response = match captured.response {
        Slot::Object(_) => Slot::Object(Box::new(captured.nested)),
        other => other,
    };
    Some(Slot::Object(Box::new(top)))
}

/// Reads what the kind rules look at back from a decoded value,
/// through its `Serialize`: only the `response`, `errors`, `object` and
/// `deleted` fields are serialized, every other one is skipped. A payload
/// that decodes with no drift encodes back to itself, so this is what a
/// parse of its text would show.
struct Capture<'s, 'j> {
    state: &'s mut Captured<'j>,
    mode: Mode,
}

struct Captured<'j> {
    rules: &'j Rules,
    /// The top level and, when `response` is an object, its members.
    top: Shape<'j>,
    nested: Shape<'j>,
    response: Slot<'j>,
    /// The key whose value comes next.
    key: Key,
}

/// What the value being serialized is to the kind rules.
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

/// The JSON type of a serialized value, as far as the kind rules care.
enum Json<'v> {
    Null,
    Bool(bool),
    Number,
    Str(&'v str),
    Array,
}

impl<'s, 'j> Capture<'s, 'j> {
    fn bare(&mut self, nested: bool) -> &mut Shape<'j> {
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
                    Json::Null => Slot::Null,
                    // An array is not read back.
                    Json::Array => Slot::Unread,
                    _ => Slot::Other,
                }
            }
            Mode::Object { nested } => {
                let by_object = &self.state.rules.by_object;
                // Only a value the rules know matters: any other string
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
            Mode::Errors => self.state.top.errors = matches!(value, Json::Array),
        }
        Ok(())
    }

    /// Starts an object: its members are read at the top level and in the
    /// `response`, skipped anywhere else.
    fn object(mut self) -> Result<Members<'s, 'j>, CannotTell> {
        let nested = match self.mode {
            Mode::Top => false,
            Mode::Response => {
                self.state.response = Slot::Object(Box::default());
                self.state.nested = Shape::default();
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
                self.state.top.errors = false;
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

/// The elements of an array, which the kind rules never look into.
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
