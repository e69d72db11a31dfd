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
//!
//! Without a kind given, [`Judge::quick`] guesses it from the payload's first
//! keys, decodes the payload as that kind and confirms the guess from the
//! decoded value: a payload that decodes with no drift encodes back to
//! itself, so its value shows what [`Judge::detect_kind`] would read in the
//! text (see [`detect`]). Only when the guess fails is the text probed.

mod detect;

use super::{Judge, JudgeError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

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

/// The one-pass decoders of a type, called through function pointers so
/// that [`Judge::quick`] finds a kind's type without matching its name.
#[derive(Clone, Copy)]
pub(super) struct Decoders {
    /// Decodes the text as the type and reports whether it has no drift.
    conforms: fn(&str) -> bool,
    /// The same; when it conforms, also the kind [`Judge::detect_kind`]
    /// gives the decoded value (`Some(None)`: no kind, or one that cannot be
    /// read back from the value).
    conforms_as: fn(&Judge, &str) -> Option<Option<&'static str>>,
}

fn conforms<T: DeserializeOwned + crate::Check>(text: &str) -> bool {
    decode_checked::<T>(text).is_ok_and(|checked| checked.conforms())
}

fn conforms_as<T: DeserializeOwned + Serialize + crate::Check>(
    judge: &Judge,
    text: &str,
) -> Option<Option<&'static str>> {
    let checked = decode_checked::<T>(text).ok()?;
    checked
        .conforms()
        .then(|| judge.detect_decoded(&checked.value))
}

/// The decoders of the visited type.
struct Pick;

impl crate::TypeVisitor for Pick {
    type Output = Decoders;

    fn visit<T>(self) -> Decoders
    where
        T: Serialize + DeserializeOwned + fmt::Debug + Clone + PartialEq + crate::Check + 'static,
    {
        Decoders {
            conforms: conforms::<T>,
            conforms_as: conforms_as::<T>,
        }
    }
}

impl Judge {
    /// The decoders of the kind at `index` (picked once per judge).
    fn decoders(&self, index: usize) -> Option<Decoders> {
        let table = self.decoders.get_or_init(|| {
            self.kinds
                .iter()
                .map(|k| crate::visit_type(k.rust_type, Pick))
                .collect()
        });
        table.get(index).copied().flatten()
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
        let max = self.limits.max_bytes;
        if text.len() > max {
            return Err(JudgeError::TooLarge {
                size: text.len(),
                limit: max,
            });
        }
        // At the default depth limit serde_json's own bound (128 levels) is
        // the same, so the scan is needed only for a lower limit.
        if self.limits.max_depth < super::Limits::MAX_DEPTH
            && super::locate::too_deep(text, self.limits.max_depth).is_some()
        {
            return Ok(None);
        }
        let index = match kind {
            Some(kind) => self.index(kind)?,
            None => {
                // The kind decoded as, and whether the payload conformed.
                let mut tried = None;
                if let Some(guess) = self.guess_kind(text) {
                    let index = self.index(guess)?;
                    let name = self.kinds[index].name;
                    match self
                        .decoders(index)
                        .and_then(|d| (d.conforms_as)(self, text))
                    {
                        // It conforms, and its kind is the one guessed.
                        Some(Some(kind)) if kind == name => return Ok(Some(name)),
                        // It conforms, but the value does not confirm the
                        // guess: detect.
                        Some(_) => tried = Some((name, true)),
                        None => tried = Some((name, false)),
                    }
                }
                match self.detect_kind_text(text) {
                    // Already decoded as that kind: its verdict stands.
                    Some(kind) if tried.is_some_and(|(name, _)| name == kind) => {
                        return Ok(tried.and_then(|(name, conformed)| conformed.then_some(name)))
                    }
                    Some(kind) => self.index(kind)?,
                    None => return Ok(None),
                }
            }
        };
        let conforms = self.decoders(index).is_some_and(|d| (d.conforms)(text));
        Ok(conforms.then_some(self.kinds[index].name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::sync::OnceLock;

    fn judge() -> &'static Judge {
        static JUDGE: OnceLock<Judge> = OnceLock::new();
        JUDGE.get_or_init(|| Judge::new().expect("the embedded schema loads"))
    }

    fn fixtures(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                fixtures(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// `detect_kind_text` gives `detect_kind`'s answer on the Clerk fixtures
    /// and on the shapes where a shallow reading could go wrong.
    #[test]
    fn detect_kind_text_agrees_with_detect_kind() {
        let judge = judge();
        let mut cases = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clerk");
        fixtures(&root, &mut cases);
        assert!(cases.len() >= 40, "{} fixtures", cases.len());
        let mut detected = 0;
        for (name, text) in cases.clone() {
            let value: Value = serde_json::from_str(&text).unwrap();
            detected += usize::from(judge.detect_kind(&value).is_some());
            // The same payload with its object keys in reverse order, and
            // with a key repeated after the others.
            if let Value::Object(map) = &value {
                let reversed: serde_json::Map<String, Value> = map
                    .iter()
                    .rev()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                cases.push((
                    format!("{name} reversed"),
                    Value::Object(reversed).to_string(),
                ));
            }
            cases.push((name, text));
        }
        assert!(detected >= 25, "only {detected} fixtures have a kind");
        let edge = [
            r#"{"object": "user"}"#,
            r#"{"object": "client", "object": "user"}"#,
            r#"{"object": "user", "object": 5}"#,
            r#"{"object": "user", "deleted": true}"#,
            r#"{"object": "user", "deleted": "yes"}"#,
            r#"{"object": "user", "deleted": true, "deleted": false}"#,
            r#"{"deleted": true}"#,
            r#"{"object": 5}"#,
            r#"{"object": ["user"]}"#,
            r#"{"object": {"object": "user"}}"#,
            r#"{"\u006fbject": "us\u0065r"}"#,
            r#"{"object": "nope"}"#,
            r#"{"response": null}"#,
            r#"{"response": null, "client": null}"#,
            r#"{"response": {"object": "user"}, "client": null}"#,
            r#"{"response": {"object": "sign_in_attempt"}}"#,
            r#"{"response": {"object": "user", "deleted": true}}"#,
            r#"{"response": {"deleted": true}}"#,
            r#"{"response": ["user"]}"#,
            r#"{"response": []}"#,
            r#"{"response": "user"}"#,
            r#"{"response": 1}"#,
            r#"{"response": {"object": "user"}, "response": null}"#,
            r#"{"response": null, "response": {"object": "client"}}"#,
            r#"{"response": {"response": {"object": "user"}}}"#,
            r#"{"response": {"object": "user"}, "errors": []}"#,
            r#"{"errors": []}"#,
            r#"{"errors": [{"code": "x"}], "object": "user"}"#,
            r#"{"errors": 5, "object": "user"}"#,
            r#"{"errors": null, "object": "user"}"#,
            r#"{"errors": {}, "object": "user"}"#,
            r#"{"errors": [], "errors": 1}"#,
            r#"{}"#,
            r#"[]"#,
            r#"[{"object": "user"}]"#,
            r#""user""#,
            r#"null"#,
            r#"1"#,
        ];
        cases.extend(edge.iter().map(|t| ((*t).to_owned(), (*t).to_owned())));
        for (name, text) in &cases {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                judge.detect_kind_text(text),
                judge.detect_kind(&value),
                "{name}"
            );
        }
        // Text that is not JSON has no kind.
        for text in ["", "{", r#"{"object": "user""#, r#"{"object": "user"} x"#] {
            assert_eq!(judge.detect_kind_text(text), None, "{text}");
        }
    }

    /// `quick` without a kind guesses it from the first keys and confirms
    /// the guess from the decoded value; its answers are those of detecting
    /// the kind and then judging, on the fixtures and on payloads built to
    /// make the guess wrong.
    #[test]
    fn quick_detects_as_detect_kind_does() {
        let judge = judge();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clerk");
        let mut fixtures_found = Vec::new();
        fixtures(&root, &mut fixtures_found);
        let mut cases: Vec<String> = Vec::new();
        let (mut guessed, mut confirmed) = (0, 0);
        for (_, text) in fixtures_found {
            let value: Value = serde_json::from_str(&text).unwrap();
            let compact = value.to_string();
            guessed += usize::from(judge.guess_kind(&compact).is_some());
            // A conforming fixture whose first keys tell its kind is
            // confirmed from its decoded value.
            let kind = judge.quick(None, &compact).unwrap();
            if let Some(kind) = kind.filter(|&k| judge.guess_kind(&compact) == Some(k)) {
                let decoders = judge.decoders(judge.index(kind).unwrap()).unwrap();
                assert_eq!((decoders.conforms_as)(judge, &compact), Some(Some(kind)));
                confirmed += 1;
            }
            cases.push(text);
            let Value::Object(map) = value else { continue };
            let with = |key: &str, extra: Value| {
                let mut map = map.clone();
                map.insert(key.to_owned(), extra);
                Value::Object(map).to_string()
            };
            cases.push(with("deleted", Value::Bool(true)));
            cases.push(with("object", "user".into()));
            cases.push(with("errors", Value::Array(vec![])));
            if let Some(Value::Object(response)) = map.get("response") {
                for (key, extra) in [
                    ("deleted", Value::Bool(true)),
                    ("object", "session".into()),
                    ("object", Value::Null),
                ] {
                    let mut response = response.clone();
                    response.insert(key.to_owned(), extra);
                    cases.push(with("response", Value::Object(response)));
                }
                cases.push(with("response", Value::Null));
            }
            // Later duplicates of the keys the guess reads.
            let body = compact.strip_suffix('}').unwrap();
            for tail in [
                r#""object":"user""#,
                r#""response":null"#,
                r#""deleted":true"#,
            ] {
                cases.push(format!("{body},{tail}}}"));
            }
            let reversed: serde_json::Map<String, Value> = map
                .iter()
                .rev()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            cases.push(Value::Object(reversed).to_string());
            cases.push(compact);
        }
        assert!(guessed >= 20, "only {guessed} fixtures guessed");
        assert!(confirmed >= 15, "only {confirmed} fixtures confirmed");
        cases.extend(
            [
                r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#,
                r#"{"object": "token", "jwt": "e30=.e30=.e30=", "deleted": true}"#,
                r#"{"object": "token", "jwt": "e30=.e30=.e30=", "object": "token"}"#,
                r#"{"response": null}"#,
                r#"{"response": null, "client": null}"#,
                r#"{"response": null, "response": null}"#,
                r#"{"errors": []}"#,
                r#"{"errors": [], "meta": {}}"#,
                r#"{"errors": 1}"#,
                r#"{"object": "user"}"#,
                "{}",
                "[]",
            ]
            .map(str::to_owned),
        );
        for text in &cases {
            let value: Value = serde_json::from_str(text).unwrap();
            let want = match judge.detect_kind(&value) {
                Some(kind) => judge.quick(Some(kind), text).unwrap(),
                None => None,
            };
            assert_eq!(judge.quick(None, text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn quick_finds_each_kind_through_its_type() {
        let judge = judge();
        let user = r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#;
        assert_eq!(judge.quick(Some("Token"), user).unwrap(), Some("Token"));
        assert_eq!(judge.quick(None, user).unwrap(), Some("Token"));
        assert_eq!(judge.quick(Some("Client"), user).unwrap(), None);
        // Detection reads text that is not JSON somehow; the decode rejects it.
        for text in [
            &user[..user.len() - 1],
            &format!("{user} x"),
            "{\"object\": \"token\",}",
        ] {
            assert_eq!(judge.quick(None, text).unwrap(), None, "{text}");
        }
        assert!(matches!(
            judge.quick(Some("Nope"), user),
            Err(JudgeError::UnknownKind { .. })
        ));
        // Every kind has its decoder.
        for (index, kind) in judge.kinds().enumerate() {
            assert!(judge.decoders(index).is_some(), "{kind}");
        }
    }
}
