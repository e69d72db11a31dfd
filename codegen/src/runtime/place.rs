//! Decoding in place: the `Place` trait that generated tolerant structs
//! implement, its seed, and its implementations for `Option`, `Box` and
//! `Vec`, emitted into the generated `__schemagen` module when a struct
//! decodes in place.
//!
//! This file is real Rust, compiled and tested on its own (in this crate's
//! tests); the emitter includes its text.

/// Decoding into a value that already exists: a nested struct is
/// built where it will live, instead of being moved up through
/// every level of the decoder (for large structs those moves
/// would cost more than the parsing).
pub trait Place: ::std::marker::Sized {
    /// A cheap value to decode into.
    fn placeholder() -> Self;
    /// Decodes into `place`, which must be a fresh placeholder:
    /// a property the payload leaves out keeps its value there.
    fn fill<'de, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
        place: &mut Self,
    ) -> ::std::result::Result<(), __D::Error>;
}

/// A seed that decodes into the value it holds.
pub struct InPlace<'p, T>(pub &'p mut T);

impl<'de, T: Place> ::serde::de::DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();
    fn deserialize<__D: ::serde::Deserializer<'de>>(
        self,
        deserializer: __D,
    ) -> ::std::result::Result<(), __D::Error> {
        T::fill(deserializer, self.0)
    }
}

/// `null` is `None`; anything else fills a placeholder in place.
impl<T: Place> Place for ::std::option::Option<T> {
    fn placeholder() -> Self {
        ::std::option::Option::None
    }
    fn fill<'de, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
        place: &mut Self,
    ) -> ::std::result::Result<(), __D::Error> {
        struct __Visitor<'p, T>(&'p mut ::std::option::Option<T>);
        impl<'de, T: Place> ::serde::de::Visitor<'de> for __Visitor<'_, T> {
            type Value = ();
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("option")
            }
            fn visit_none<__E: ::serde::de::Error>(self) -> ::std::result::Result<(), __E> {
                *self.0 = ::std::option::Option::None;
                ::std::result::Result::Ok(())
            }
            fn visit_unit<__E: ::serde::de::Error>(self) -> ::std::result::Result<(), __E> {
                *self.0 = ::std::option::Option::None;
                ::std::result::Result::Ok(())
            }
            fn visit_some<__D: ::serde::Deserializer<'de>>(
                self,
                deserializer: __D,
            ) -> ::std::result::Result<(), __D::Error> {
                T::fill(deserializer, self.0.insert(T::placeholder()))
            }
        }
        deserializer.deserialize_option(__Visitor(place))
    }
}

/// The boxed value is filled where it lies.
impl<T: Place> Place for ::std::boxed::Box<T> {
    fn placeholder() -> Self {
        ::std::boxed::Box::new(T::placeholder())
    }
    fn fill<'de, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
        place: &mut Self,
    ) -> ::std::result::Result<(), __D::Error> {
        T::fill(deserializer, &mut **place)
    }
}

/// Each item is pushed as a placeholder and filled where it lies.
impl<T: Place> Place for ::std::vec::Vec<T> {
    fn placeholder() -> Self {
        ::std::vec::Vec::new()
    }
    fn fill<'de, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
        place: &mut Self,
    ) -> ::std::result::Result<(), __D::Error> {
        struct __Push<'p, T>(&'p mut ::std::vec::Vec<T>);
        impl<'de, T: Place> ::serde::de::DeserializeSeed<'de> for __Push<'_, T> {
            type Value = ();
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                self,
                deserializer: __D,
            ) -> ::std::result::Result<(), __D::Error> {
                let index = self.0.len();
                self.0.push(T::placeholder());
                T::fill(deserializer, &mut self.0[index])
            }
        }
        struct __Visitor<'p, T>(&'p mut ::std::vec::Vec<T>);
        impl<'de, T: Place> ::serde::de::Visitor<'de> for __Visitor<'_, T> {
            type Value = ();
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<__A: ::serde::de::SeqAccess<'de>>(
                self,
                mut seq: __A,
            ) -> ::std::result::Result<(), __A::Error> {
                self.0.clear();
                // As serde's own `Vec` does: trust the length a
                // deserializer announces, up to 1 MiB.
                if let ::std::option::Option::Some(len) = seq.size_hint() {
                    self.0
                        .reserve_exact(len.min(1024 * 1024 / ::std::mem::size_of::<T>().max(1)));
                }
                while seq.next_element_seed(__Push(&mut *self.0))?.is_some() {}
                ::std::result::Result::Ok(())
            }
        }
        deserializer.deserialize_seq(__Visitor(place))
    }
}
