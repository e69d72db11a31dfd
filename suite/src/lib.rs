//! The JSON-Schema-Test-Suite's groups (drafts 4 to 2020-12), each turned into strict
//! Rust types by schemagen at build time (see `build.rs`), with a decoder per
//! group that decodes a case's data into the group's root type.

/// Decodes a case's data into a group's root type and encodes it back.
pub type Decoder = fn(&serde_json::Value) -> Result<serde_json::Value, String>;

/// One test group of the suite.
pub struct Group {
    /// The suite file, relative to `tests/` (`draft7/items.json`).
    pub file: &'static str,
    /// The group's index in that file.
    pub index: usize,
    /// The group's decoder; or why the generator could not express its schema.
    pub decode: Result<Decoder, &'static str>,
}

/// Defines `$name`: decode into the type generated for the document root of
/// `$module` (the one whose schema location is `$uri` with an empty pointer).
/// It also asks the root's validator for every error, and panics when that
/// verdict is not the strict decode's.
macro_rules! decoder {
    ($module:ident, $name:ident, $uri:expr) => {
        fn $name(data: &serde_json::Value) -> Result<serde_json::Value, String> {
            struct Decode<'a>(&'a serde_json::Value);
            impl $module::TypeVisitor for Decode<'_> {
                type Output = Result<serde_json::Value, String>;
                fn visit<T>(self) -> Self::Output
                where
                    T: ::serde::Serialize
                        + ::serde::de::DeserializeOwned
                        + ::std::fmt::Debug
                        + ::std::clone::Clone
                        + ::std::cmp::PartialEq
                        + 'static,
                {
                    let decoded: T =
                        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())?;
                    serde_json::to_value(&decoded).map_err(|e| e.to_string())
                }
            }
            let root = $module::SCHEMA_TYPES
                .iter()
                .find(|t| t.pointer.is_empty() && t.file == $uri)
                .ok_or_else(|| "no type for the document root".to_owned())?;
            let decoded = $module::visit_type(root.name, Decode(data))
                .unwrap_or_else(|| Err("the root type is not in the index".to_owned()));
            // The same validators, asked for every error rather than the
            // first, must give the same verdict.
            let every = $module::validate_type(root.name, data)
                .ok_or_else(|| "the root type has no validator".to_owned())?;
            assert_eq!(
                every.is_empty(),
                decoded.is_ok(),
                "{}: every error {:?}, the strict decode {:?}",
                $uri,
                every,
                decoded
            );
            decoded
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/suite.rs"));
