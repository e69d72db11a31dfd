//! A schema document of the judge's: checked when the judge is made, parsed
//! on first use.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::JudgeError;

/// A schema document, parsed on first use: the quick check of a run that
/// names its kind reads only the documents that kind reaches (a
/// ClientEnvelope, 11 of the contract's 19), and parsing them all was a
/// third of a short run's start.
pub(super) struct Document {
    text: &'static str,
    value: OnceLock<Option<Value>>,
}

impl Document {
    /// The document `file`, checked to be what the parse into a `Value`
    /// accepts, so that a malformed one is an error when the judge is made
    /// rather than a document missing when it is first read.
    pub(super) fn check(file: &str, text: &'static str) -> Result<Document, JudgeError> {
        serde_json::from_str::<Checked>(text).map_err(|e| JudgeError::Schema {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Document {
            text,
            value: OnceLock::new(),
        })
    }

    /// Its value, parsed on first use (`None` would be a document the check
    /// passed and the parse refused, which the check rules out: an `Option`
    /// rather than a panic).
    pub(super) fn value(&self) -> Option<&Value> {
        self.value
            .get_or_init(|| serde_json::from_str(self.text).ok())
            .as_ref()
    }

    /// Whether it has been parsed yet.
    #[cfg(test)]
    pub(super) fn is_parsed(&self) -> bool {
        self.value.get().is_some()
    }
}

/// A JSON value read as the parse into a `Value` reads it (every number
/// converted, so one past `f64`'s range fails; every string unescaped, so a
/// lone surrogate fails; the parser's depth limit) without building
/// anything. serde's `IgnoredAny` is quicker and lets all three through.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Checked, D::Error> {
        deserializer.deserialize_any(Checked)
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Checked, A::Error> {
        while items.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Checked, A::Error> {
        while members.next_key::<Checked>()?.is_some() {
            members.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check refuses what the parse into a `Value` refuses, and
    /// accepts what it accepts.
    #[test]
    fn the_check_agrees_with_the_parse() {
        let deep = |n| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let texts = [
            r#"{"a": [1, -2, 3.5e10, true, null, "x\u00e9"]}"#.to_owned(),
            r#"{"big": 1e400}"#.to_owned(),
            r#"{"lone": "\ud800"}"#.to_owned(),
            r#"{"\ud800": 1}"#.to_owned(),
            r#"{"a": 1,}"#.to_owned(),
            "{\"a\": 1} x".to_owned(),
            deep(128),
            deep(129),
            String::new(),
        ];
        for text in &texts {
            let parsed = serde_json::from_str::<Value>(text).is_ok();
            let checked = serde_json::from_str::<Checked>(text).is_ok();
            let ignored = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
            assert_eq!(checked, parsed, "{text:.60}");
            // What the quicker reader would have let through.
            if !parsed && ignored {
                assert!(
                    text.contains("1e400") || text.contains("ud800") || text.starts_with("[[["),
                    "{text:.60}"
                );
            }
        }
    }
}
