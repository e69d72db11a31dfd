//! The `Check` trait and its implementations for the building blocks
//! (strings, numbers, options, vectors, maps, tuples), emitted beside the
//! generated types; the emitter adds one implementation per type.
//!
//! This file is real Rust, compiled and tested on its own (in this crate's
//! tests); the emitter includes its text.

/// How a decoded payload departs from the schema while still decoding.
#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::marker::Copy,
    ::std::cmp::PartialEq,
    ::std::cmp::Eq,
    ::std::hash::Hash,
)]
pub enum DriftKind {
    /// A property a closed object does not name (kept in `extra`).
    UnknownProperty,
    /// A string enum value, `const` or union tag the schema does not list.
    UnknownEnumValue,
}

/// One departure, at a JSON pointer into the payload.
#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
pub struct Drift {
    pub pointer: ::std::string::String,
    pub kind: DriftKind,
}

/// Walks a decoded value and reports its drift. Decoding plus this
/// walk gives the schema's verdict without a second parse.
pub trait Check {
    /// Whether a value of this type can hold drift at all: `false`
    /// for leaves and for types made only of them, which a walk
    /// skips.
    const MAY_DRIFT: bool = true;

    /// Appends the drift found in `self`. `at` writes the JSON
    /// pointer of `self` into a string; it is called only when
    /// drift is found, so the walk of a value without drift
    /// neither allocates nor builds pointers.
    fn walk(
        &self,
        at: &dyn ::std::ops::Fn(&mut ::std::string::String),
        out: &mut ::std::vec::Vec<Drift>,
    );

    /// Appends the drift found in `self`, located under `pointer`.
    fn check(&self, pointer: &mut ::std::string::String, out: &mut ::std::vec::Vec<Drift>) {
        let prefix: &str = pointer;
        self.walk(&|p: &mut ::std::string::String| p.push_str(prefix), out);
    }

    /// The drift of a whole payload.
    fn drift(&self) -> ::std::vec::Vec<Drift> {
        let mut out = ::std::vec::Vec::new();
        if Self::MAY_DRIFT {
            self.walk(&|_: &mut ::std::string::String| {}, &mut out);
        }
        out
    }

    /// Checks a child under one more pointer segment.
    fn check_at(
        &self,
        segment: &str,
        pointer: &mut ::std::string::String,
        out: &mut ::std::vec::Vec<Drift>,
    ) {
        let prefix: &str = pointer;
        self.walk(
            &|p: &mut ::std::string::String| {
                p.push_str(prefix);
                push_segment(p, segment);
            },
            out,
        );
    }
}

fn push_segment(pointer: &mut ::std::string::String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Walks a child of the value `at` points to, under one more
/// pointer segment (`"/name"`, escaped).
fn walk_at<T: Check>(
    value: &T,
    segment: &str,
    at: &dyn ::std::ops::Fn(&mut ::std::string::String),
    out: &mut ::std::vec::Vec<Drift>,
) {
    value.walk(
        &|p: &mut ::std::string::String| {
            at(p);
            p.push_str(segment);
        },
        out,
    );
}

/// The pointer `at` writes (only built once drift is found).
fn pointer_of(at: &dyn ::std::ops::Fn(&mut ::std::string::String)) -> ::std::string::String {
    let mut pointer = ::std::string::String::new();
    at(&mut pointer);
    pointer
}

macro_rules! leaf_check {
    ($($t:ty),*) => {
        $( impl Check for $t {
            const MAY_DRIFT: bool = false;
            fn walk(&self, _: &dyn ::std::ops::Fn(&mut ::std::string::String), _: &mut ::std::vec::Vec<Drift>) {}
        } )*
    };
}
leaf_check!(
    bool, i8, i16, i32, i64, u8, u16, u32, u64, f64, (), ::std::string::String,
    ::serde_json::Number, ::serde_json::Value,
    ::serde_json::Map<::std::string::String, ::serde_json::Value>
);

impl<T: Check> Check for ::std::option::Option<T> {
    const MAY_DRIFT: bool = T::MAY_DRIFT;
    fn walk(
        &self,
        at: &dyn ::std::ops::Fn(&mut ::std::string::String),
        out: &mut ::std::vec::Vec<Drift>,
    ) {
        if let ::std::option::Option::Some(value) = self {
            value.walk(at, out);
        }
    }
}

impl<T: Check> Check for ::std::boxed::Box<T> {
    const MAY_DRIFT: bool = T::MAY_DRIFT;
    fn walk(
        &self,
        at: &dyn ::std::ops::Fn(&mut ::std::string::String),
        out: &mut ::std::vec::Vec<Drift>,
    ) {
        (**self).walk(at, out);
    }
}

impl<T: Check> Check for ::std::vec::Vec<T> {
    const MAY_DRIFT: bool = T::MAY_DRIFT;
    fn walk(
        &self,
        at: &dyn ::std::ops::Fn(&mut ::std::string::String),
        out: &mut ::std::vec::Vec<Drift>,
    ) {
        if !T::MAY_DRIFT {
            return;
        }
        for (i, item) in self.iter().enumerate() {
            item.walk(
                &|p: &mut ::std::string::String| {
                    at(p);
                    let _ = ::std::fmt::Write::write_fmt(p, ::std::format_args!("/{}", i));
                },
                out,
            );
        }
    }
}

impl<T: Check> Check for ::std::collections::BTreeMap<::std::string::String, T> {
    const MAY_DRIFT: bool = T::MAY_DRIFT;
    fn walk(
        &self,
        at: &dyn ::std::ops::Fn(&mut ::std::string::String),
        out: &mut ::std::vec::Vec<Drift>,
    ) {
        if !T::MAY_DRIFT {
            return;
        }
        for (key, value) in self {
            value.walk(
                &|p: &mut ::std::string::String| {
                    at(p);
                    push_segment(p, key);
                },
                out,
            );
        }
    }
}

macro_rules! tuple_check {
    ($(($($t:ident $i:tt),+))*) => {
        $( impl<$($t: Check),+> Check for ($($t,)+) {
            const MAY_DRIFT: bool = $($t::MAY_DRIFT)||+;
            fn walk(&self, at: &dyn ::std::ops::Fn(&mut ::std::string::String), out: &mut ::std::vec::Vec<Drift>) {
                $( if $t::MAY_DRIFT {
                    self.$i.walk(&|p: &mut ::std::string::String| {
                        at(p);
                        p.push_str(::std::concat!("/", ::std::stringify!($i)));
                    }, out);
                } )+
            }
        } )*
    };
}
tuple_check!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4) (A 0, B 1, C 2, D 3, E 4, F 5));
