//! The one-pass verdict: decode the text straight into the generated type
//! and walk the result with the generated [`Check`](crate::Check) for drift.
//!
//! For the Clerk schema every constraint that is not drift is one the types
//! model (required, nullable, types, integer widths, tuple lengths), so a
//! payload that decodes with no drift conforms, and one that decodes with
//! drift departs from the schema exactly there. The conformance suite checks
//! this against the jsonschema crate on its whole corpus (`fast_path_agrees`).
//! Anything else (a decode error, drift to describe) goes to the full
//! judgement, which says where and why.

use super::{Judge, JudgeError};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_json::{json, Value};

/// A value decoded in one pass, with the drift the types found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    pub value: T,
    /// Unknown properties and enum values, with their JSON pointers.
    pub drift: Vec<crate::Drift>,
}

impl<T> Checked<T> {
    /// Whether the payload conforms to the schema: it decoded, and has no drift.
    pub fn conforms(&self) -> bool {
        self.drift.is_empty()
    }
}

/// Decodes `text` as `T` and walks it for drift, in one pass over the text.
///
/// ```
/// let text = r#"{"object": "token", "jwt": "e30=.e30=.e30=", "new": 1}"#;
/// let checked = clerk_models::judge::decode_checked::<clerk_models::Token>(text).unwrap();
/// assert_eq!(checked.value.jwt, "e30=.e30=.e30=");
/// assert_eq!(checked.drift[0].pointer, "/new");
/// assert!(!checked.conforms());
/// ```
pub fn decode_checked<T: DeserializeOwned + crate::Check>(
    text: &str,
) -> Result<Checked<T>, serde_json::Error> {
    let value: T = serde_json::from_str(text)?;
    let drift = value.drift();
    Ok(Checked { value, drift })
}

/// Just enough of a payload to tell its kind, read without building it
/// (every other property is skipped as `IgnoredAny`).
#[derive(Deserialize)]
struct Probe {
    #[serde(default, deserialize_with = "present")]
    response: Option<Option<Shallow>>,
    #[serde(default)]
    errors: Option<Vec<IgnoredAny>>,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    deleted: Option<bool>,
}

#[derive(Deserialize)]
struct Shallow {
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    deleted: Option<bool>,
}

fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

impl Shallow {
    fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        if let Some(object) = &self.object {
            map.insert("object".into(), json!(object));
        }
        if let Some(deleted) = self.deleted {
            map.insert("deleted".into(), json!(deleted));
        }
        Value::Object(map)
    }
}

/// Decodes into the visited type and reports whether it has no drift.
struct Conforms<'t> {
    text: &'t str,
}

impl crate::TypeVisitor for Conforms<'_> {
    type Output = bool;

    fn visit<T>(self) -> bool
    where
        T: serde::Serialize
            + DeserializeOwned
            + std::fmt::Debug
            + Clone
            + PartialEq
            + crate::Check
            + 'static,
    {
        decode_checked::<T>(self.text).is_ok_and(|checked| checked.conforms())
    }
}

impl Judge {
    /// The kind of a payload, told from its text without building a `Value`
    /// (the same rules as [`Judge::detect_kind`]).
    pub fn detect_kind_text(&self, text: &str) -> Option<&'static str> {
        let probe: Probe = serde_json::from_str(text).ok()?;
        let mut sketch = Shallow {
            object: probe.object,
            deleted: probe.deleted,
        }
        .to_value();
        if let Some(response) = probe.response {
            sketch["response"] = response.map_or(Value::Null, |r| r.to_value());
        }
        if probe.errors.is_some() {
            sketch["errors"] = json!([]);
        }
        self.detect_kind(&sketch)
    }

    /// The one-pass check: `Ok(Some(kind))` when `text` (within the limits)
    /// decodes into the kind's type with no drift, which means it conforms
    /// and decodes; `Ok(None)` when it does not, and only the full judgement
    /// ([`Judge::judge_detect`]) can say where and why.
    pub fn quick(
        &self,
        kind: Option<&str>,
        text: &str,
    ) -> Result<Option<&'static str>, JudgeError> {
        let max = self.limits().max_bytes;
        if text.len() > max {
            return Err(JudgeError::TooLarge {
                size: text.len(),
                limit: max,
            });
        }
        // At the default depth limit serde_json's own bound (128 levels) is
        // the same, so the scan is needed only for a lower limit.
        if self.limits().max_depth < super::Limits::MAX_DEPTH
            && super::locate::too_deep(text, self.limits().max_depth).is_some()
        {
            return Ok(None);
        }
        let kind = match kind {
            Some(kind) => kind,
            None => match self.detect_kind_text(text) {
                Some(kind) => kind,
                None => return Ok(None),
            },
        };
        let Some(rust_type) = self.rust_type(kind) else {
            return Err(JudgeError::UnknownKind {
                kind: kind.to_owned(),
            });
        };
        let canonical = self.kind(kind).unwrap_or(rust_type);
        Ok(crate::visit_type(rust_type, Conforms { text })
            .unwrap_or(false)
            .then_some(canonical))
    }
}
