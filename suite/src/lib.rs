//! The JSON-Schema-Test-Suite's groups (drafts 4 to 2020-12), each turned into strict
//! Rust types by schemagen at build time (see `build.rs`), with a decoder per
//! group that decodes a case's data into the group's root type.

pub mod pattern;
pub mod run;

/// Why a decoder gave back no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The group's strict type refused the value (its validator, run by
    /// its `Deserialize`): the verdict an invalid case must get.
    Rejected(String),
    /// The harness failed: no root type in the index or no validator, a
    /// decoded value that does not encode, or the validators asked for
    /// every error giving another verdict than the decode. Never a pass.
    Harness(String),
}

/// Decodes a case's data into a group's root type and encodes it back.
pub type Decoder = fn(&serde_json::Value) -> Result<serde_json::Value, Refusal>;

/// One test group of the suite.
#[derive(Clone, Copy)]
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
/// It also asks the root's validator for every error; that verdict not
/// being the strict decode's is a harness failure.
macro_rules! decoder {
    ($module:ident, $name:ident, $uri:expr) => {
        fn $name(data: &serde_json::Value) -> Result<serde_json::Value, $crate::Refusal> {
            use $crate::Refusal;
            struct Decode<'a>(&'a serde_json::Value);
            impl $module::TypeVisitor for Decode<'_> {
                type Output = Result<serde_json::Value, Refusal>;
                fn visit<T>(self) -> Self::Output
                where
                    T: ::serde::Serialize
                        + ::serde::de::DeserializeOwned
                        + ::std::fmt::Debug
                        + ::std::clone::Clone
                        + ::std::cmp::PartialEq
                        + 'static,
                {
                    let decoded: T = serde_json::from_value(self.0.clone())
                        .map_err(|e| Refusal::Rejected(e.to_string()))?;
                    serde_json::to_value(&decoded)
                        .map_err(|e| Refusal::Harness(format!("decodes, but does not encode: {e}")))
                }
            }
            let root = $module::SCHEMA_TYPES
                .iter()
                .find(|t| t.pointer.is_empty() && t.file == $uri)
                .ok_or_else(|| Refusal::Harness("no type for the document root".to_owned()))?;
            let decoded = $module::visit_type(root.name, Decode(data)).unwrap_or_else(|| {
                Err(Refusal::Harness(
                    "the root type is not in the index".to_owned(),
                ))
            });
            // The same validators, asked for every error rather than the
            // first, must give the same verdict.
            let every = $module::validate_type(root.name, data)
                .ok_or_else(|| Refusal::Harness("the root type has no validator".to_owned()))?;
            if !matches!(decoded, Err(Refusal::Harness(_))) && every.is_empty() != decoded.is_ok() {
                return Err(Refusal::Harness(format!(
                    "every error {every:?}, but the strict decode {decoded:?}"
                )));
            }
            decoded
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/suite.rs"));
