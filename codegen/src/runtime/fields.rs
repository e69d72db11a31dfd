//! What the serde attributes of generated fields call: `null` and absent
//! kept apart (`required_nullable`, `optional_non_null`,
//! `optional_nullable`), and a schemars transform (`schemars_non_null`).
//! Each is emitted into the generated `__schemagen` module only when a field
//! uses it.
//!
//! This file is real Rust, compiled and tested on its own (in this crate's
//! tests); the emitter includes the text of the items it needs.

/// A required property that may be `null`: the key must be present.
pub fn required_nullable<'de, __D, T>(
    deserializer: __D,
) -> ::std::result::Result<::std::option::Option<T>, __D::Error>
where
    __D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
}

/// An optional property that may not be `null`: absent is `None`, `null` is an error.
pub fn optional_non_null<'de, __D, T>(
    deserializer: __D,
) -> ::std::result::Result<::std::option::Option<T>, __D::Error>
where
    __D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <T as ::serde::Deserialize>::deserialize(deserializer).map(::std::option::Option::Some)
}

/// Removes `null` from the schema schemars gives an `Option`
/// field whose property may be absent but not `null`.
#[cfg(feature = "schemars")]
pub fn schemars_non_null(schema: &mut ::schemars::Schema) {
    if let ::std::option::Option::Some(::serde_json::Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            schema.insert(::std::string::String::from("type"), only);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let ::std::option::Option::Some(::serde_json::Value::Array(branches)) =
            schema.get_mut(key)
        {
            branches.retain(|b| {
                b.get("type").and_then(::serde_json::Value::as_str)
                    != ::std::option::Option::Some("null")
            });
        }
    }
}

/// An optional property that may be `null`: absent is `None`, `null` is `Some(None)`.
pub fn optional_nullable<'de, __D, T>(
    deserializer: __D,
) -> ::std::result::Result<::std::option::Option<::std::option::Option<T>>, __D::Error>
where
    __D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
        .map(::std::option::Option::Some)
}
