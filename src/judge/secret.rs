//! Credentials never printed: the properties a schema marks
//! `"x-secret": true` ([`schemakit::keywords::SECRET`]) are masked in
//! everything the judge says of a payload.
//!
//! The judge judges the text as it is (a verdict must not depend on the
//! masking), and masks what it reports: [`Secrets::mask`] finds, by a
//! lexical pass that needs no parse (so a payload that is not JSON is
//! masked too), the value of every member whose key is a secret property's
//! name, anywhere in the payload, and gives a [`Masked`] text of the same
//! length in which each such value reads `eyJ…(redacted, 412 bytes)` (the
//! `eyJ` kept only for a JWT, where it is the base64 of `{"`), so that
//! excerpts cut from it at the text's own offsets show no secret.
//! Messages (a decoder quoting a value, a difference between two values,
//! an output unit of the JSON Schema formats) are cleaned by
//! [`Masked::scrub`], which replaces every run of eight or more bytes of a
//! secret value, whole or cut, and every whole occurrence of a shorter one
//! (of at least four bytes), in any of the ways the value can be written.
//!
//! Masking goes by name, so it may mask more than the schema marks (a
//! member of that name in an object of another kind, or an unknown one),
//! never less.
//!
//! ```
//! use clerk_models::judge::secret::Secrets;
//! let secrets = Secrets::from_names(["jwt"]);
//! let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}", "x".repeat(40));
//! let text = format!(r#"{{"object": "token", "jwt": "{jwt}"}}"#);
//! let masked = secrets.mask(&text);
//! assert_eq!(masked.shown().len(), text.len());
//! assert!(!masked.shown().contains(&jwt[..8]));
//! assert_eq!(masked.excerpt(&masked.shown()[20..]), r#""jwt": "eyJ…(redacted, 61 bytes)"}"#);
//! let message = format!("invalid type: string {:?}, expected u64", &jwt[..30]);
//! assert_eq!(masked.scrub(&message), "invalid type: string \"eyJ…(redacted, 61 bytes)\", expected u64");
//! ```

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use memchr::memmem;
use serde_json::Value;

use super::verdict::Verdict;

/// Runs of this many bytes of a secret are found anywhere in a message.
const GRAM: usize = 8;

/// Secret values shorter than this are not looked for in messages (too
/// likely to be something else; excerpts mask them all the same).
const SHORTEST: usize = 4;

/// The byte that pads a masked value after its display in the masked text
/// (JSON text never holds it raw); excerpts leave it out.
const PAD: u8 = 0;

/// The names of the secret properties of a schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    names: BTreeSet<String>,
    /// `"name"`, as each is looked for in a text.
    quoted: Vec<String>,
}

impl Secrets {
    /// The secret properties named.
    pub fn from_names<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Secrets {
        let names: BTreeSet<String> = names.into_iter().map(Into::into).collect();
        let quoted = names.iter().map(|n| format!("\"{n}\"")).collect();
        Secrets { names, quoted }
    }

    /// The properties marked `"x-secret": true` anywhere in `documents`
    /// (under any `properties`).
    pub fn from_documents<'v>(documents: impl IntoIterator<Item = &'v Value>) -> Secrets {
        fn walk(value: &Value, out: &mut BTreeSet<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(properties)) = map.get("properties") {
                        for (name, schema) in properties {
                            if schema.get(schemakit::keywords::SECRET) == Some(&Value::Bool(true)) {
                                out.insert(name.clone());
                            }
                        }
                    }
                    map.values().for_each(|v| walk(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut names = BTreeSet::new();
        for doc in documents {
            walk(doc, &mut names);
        }
        Secrets::from_names(names)
    }

    /// The names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The text with every secret value masked (see the [module
    /// documentation](self)).
    pub fn mask<'t>(&self, text: &'t str) -> Masked<'t> {
        let mut masked = Masked {
            shown: Cow::Borrowed(text),
            hidden: Vec::new(),
        };
        let bytes = text.as_bytes();
        if !self
            .quoted
            .iter()
            .any(|q| memmem::find(bytes, q.as_bytes()).is_some())
        {
            return masked;
        }
        let mut shown = bytes.to_vec();
        let mut at = 0;
        while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memchr(b'"', rest)) {
            let start = at + found;
            let end = string_end(bytes, start);
            at = end + 1;
            let colon = skip_ws(bytes, at);
            if bytes.get(colon) != Some(&b':')
                || !self.is_secret_key(&text[start..end.min(bytes.len())])
            {
                continue;
            }
            let value = skip_ws(bytes, colon + 1);
            at = hide_value(text, value, &mut shown, &mut masked.hidden);
        }
        if !masked.hidden.is_empty() {
            // Only ASCII displays and pads replaced whole values.
            masked.shown = Cow::Owned(String::from_utf8(shown).unwrap_or_default());
        }
        masked
    }

    /// Whether the key whose text (opening quote included, closing one
    /// not) is `key` names a secret property.
    fn is_secret_key(&self, key: &str) -> bool {
        let raw = &key[1..];
        if !raw.contains('\\') {
            return self.names.contains(raw);
        }
        serde_json::from_str::<String>(&format!("{key}\"")).is_ok_and(|k| self.names.contains(&k))
    }
}

/// A payload's text with its secret values masked, and what is needed to
/// clean messages of them.
#[derive(Debug, Clone)]
pub struct Masked<'t> {
    shown: Cow<'t, str>,
    hidden: Vec<Hidden>,
}

/// One secret value.
#[derive(Debug, Clone)]
struct Hidden {
    /// How it reads in reports: `eyJ…(redacted, 412 bytes)`.
    display: String,
    /// The ways it can be written (as in the text, decoded, as JSON, as
    /// Rust's `Debug` writes it), at least [`SHORTEST`] bytes long.
    forms: Vec<String>,
    /// Every run of [`GRAM`] bytes of the forms.
    grams: HashSet<Vec<u8>>,
}

impl Masked<'_> {
    /// The masked text: as long as the original, byte for byte, each
    /// secret value replaced by its display and padding (see
    /// [`Masked::excerpt`]), or by `*`s where the display does not fit.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Whether anything was masked.
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty()
    }

    /// An excerpt cut from [`Masked::shown`], without the padding.
    pub fn excerpt(&self, cut: &str) -> String {
        cut.chars().filter(|&c| c != char::from(PAD)).collect()
    }

    /// `message` with every secret value in it, whole or in part, replaced
    /// by its display.
    pub fn scrub<'m>(&self, message: &'m str) -> Cow<'m, str> {
        if self.hidden.is_empty() || message.len() < SHORTEST {
            return Cow::Borrowed(message);
        }
        let bytes = message.as_bytes();
        // The secret each byte belongs to, if any.
        let mut owner: Vec<Option<usize>> = vec![None; bytes.len()];
        for (i, hidden) in self.hidden.iter().enumerate() {
            for window in 0..bytes.len().saturating_sub(GRAM - 1) {
                if hidden.grams.contains(&bytes[window..window + GRAM]) {
                    owner[window..window + GRAM].fill(Some(i));
                }
            }
            for form in hidden.forms.iter().filter(|f| f.len() < GRAM) {
                for at in memmem::find_iter(bytes, form.as_bytes()) {
                    owner[at..at + form.len()].fill(Some(i));
                }
            }
        }
        if owner.iter().all(Option::is_none) {
            return Cow::Borrowed(message);
        }
        let mut out = String::with_capacity(message.len());
        let mut at = 0;
        while at < bytes.len() {
            let Some(i) = owner[at] else {
                let next = (at..bytes.len())
                    .find(|&j| owner[j].is_some())
                    .unwrap_or(bytes.len());
                out.push_str(&message[floor(message, at)..floor(message, next)]);
                at = next;
                continue;
            };
            let mut end = at;
            while end < bytes.len() && owner[end].is_some() {
                end += 1;
            }
            out.push_str(&self.hidden[i].display);
            at = ceil(message, end);
        }
        Cow::Owned(out)
    }

    /// Every string in `value` scrubbed (see [`Masked::scrub`]).
    pub fn scrub_value(&self, value: &mut Value) {
        if self.hidden.is_empty() {
            return;
        }
        match value {
            Value::String(s) => {
                if let Cow::Owned(clean) = self.scrub(s) {
                    *s = clean;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.scrub_value(v)),
            _ => {}
        }
    }
}

/// Every message, excerpt and value a verdict quotes, scrubbed (the
/// excerpts were cut from the masked text already: this is for those cut
/// elsewhere).
pub(super) fn scrub_verdict(verdict: &mut Verdict, masked: &Masked<'_>) {
    if masked.is_empty() {
        return;
    }
    let clean = |s: &mut String| {
        if let Cow::Owned(c) = masked.scrub(s) {
            *s = c;
        }
    };
    for finding in &mut verdict.findings {
        clean(&mut finding.message);
        finding.snippet.as_mut().map(clean);
    }
    match &mut verdict.decode {
        Err(e) => {
            clean(&mut e.message);
            e.snippet.as_mut().map(clean);
        }
        Ok(round_trip) => {
            if let Some(Err(e)) = &mut round_trip.encoded {
                clean(e);
            }
            if let Some(d) = &mut round_trip.difference {
                for v in [&mut d.left, &mut d.right].into_iter().flatten() {
                    masked.scrub_value(v);
                }
            }
        }
    }
}

/// The char boundary at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i`.
fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The offset of the quote that closes the string opening at `start` (the
/// text's length when none does).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// Hides the value starting at `start` (a string, a number, or every string
/// and number of an array or object); returns where it ends.
fn hide_value(text: &str, start: usize, shown: &mut [u8], hidden: &mut Vec<Hidden>) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                let end = string_end(bytes, at);
                hide(text, at + 1, end, true, shown, hidden);
                at = end + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                at += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                at += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = (at..bytes.len())
                    .find(|&j| !matches!(bytes[j], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                    .unwrap_or(bytes.len());
                hide(text, at, end, false, shown, hidden);
                at = end;
            }
            b'}' | b']' | b',' if depth == 0 => return at,
            _ => at += 1,
        }
        if depth == 0 {
            return at;
        }
    }
    at
}

/// Hides `text[from..to]` (a string's content, or a number).
fn hide(
    text: &str,
    from: usize,
    to: usize,
    string: bool,
    shown: &mut [u8],
    hidden: &mut Vec<Hidden>,
) {
    let to = to.min(text.len());
    if from >= to {
        return;
    }
    let raw = &text[from..to];
    let decoded = if string && raw.contains('\\') {
        serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
    } else {
        raw.to_owned()
    };
    let head = if decoded.starts_with("eyJ") {
        "eyJ"
    } else {
        ""
    };
    let display = format!("{head}…(redacted, {} bytes)", decoded.len());
    let room = &mut shown[from..to];
    if display.len() <= room.len() {
        room[..display.len()].copy_from_slice(display.as_bytes());
        room[display.len()..].fill(PAD);
    } else {
        room.fill(b'*');
    }
    let quoted = serde_json::to_string(&decoded).unwrap_or_default();
    let debug = format!("{decoded:?}");
    let mut forms: Vec<String> = vec![
        raw.to_owned(),
        decoded.clone(),
        quoted[1..quoted.len().saturating_sub(1).max(1)].to_owned(),
        debug[1..debug.len().saturating_sub(1).max(1)].to_owned(),
    ];
    forms.sort();
    forms.dedup();
    forms.retain(|f| f.len() >= SHORTEST);
    let grams = forms
        .iter()
        .flat_map(|f| f.as_bytes().windows(GRAM).map(<[u8]>::to_vec))
        .collect();
    hidden.push(Hidden {
        display,
        forms,
        grams,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets::from_names(["jwt", "codes", "secret"])
    }

    #[test]
    fn values_of_every_shape_are_masked_in_place() {
        let text = r#"{"jwt": "eyJ0eXAi.abc.defghijklmnopqrstuvwxyz0123", "other": "keep", "codes": ["abcd-1234", "efgh-5678"],
 "nested": {"secret": 123456789, "s\u0065cret": "Zm9vYmFyYmF6cXV4"}, "jwt": null, "x": "jwt"}"#;
        let masked = secrets().mask(text);
        let shown = masked.shown();
        assert_eq!(shown.len(), text.len());
        assert_eq!(
            masked.excerpt(shown),
            r#"{"jwt": "eyJ…(redacted, 40 bytes)", "other": "keep", "codes": ["*********", "*********"],
 "nested": {"secret": *********, "s\u0065cret": "****************"}, "jwt": null, "x": "jwt"}"#
        );
        for leak in ["eyJ0eXAi", "abcd-1234", "123456789", "Zm9vYmFy"] {
            assert!(!shown.contains(leak), "{leak}");
        }
    }

    #[test]
    fn messages_are_scrubbed_of_whole_and_cut_values() {
        let text = r#"{"jwt": "eyJhbGciOiJSUzI1NiJ9.payload-part.signature-part", "codes": ["abcd-1234"], "secret": "a\"bcdefghij"}"#;
        let masked = secrets().mask(text);
        let jwt = "eyJhbGciOiJSUzI1NiJ9.payload-part.signature-part";
        let display = "eyJ…(redacted, 48 bytes)";
        assert_eq!(
            masked.scrub(&format!("got {jwt:?}")),
            format!("got \"{display}\"")
        );
        // Cut by a message's bound, at either end.
        assert_eq!(
            masked.scrub(&format!("got \"{}…", &jwt[..20])),
            format!("got \"{display}…")
        );
        assert_eq!(
            masked.scrub(&format!("…{}\"", &jwt[30..])),
            format!("…{display}\"")
        );
        assert_eq!(
            masked.scrub("code abcd-1234!"),
            "code …(redacted, 9 bytes)!"
        );
        // As JSON and as Debug write it.
        assert_eq!(
            masked.scrub(r#"{"secret":"a\"bcdefghij"}"#),
            r#"{"secret":"…(redacted, 11 bytes)"}"#
        );
        assert_eq!(masked.scrub("nothing here"), "nothing here");
        let mut value = serde_json::json!({"m": [format!("x {jwt}")]});
        masked.scrub_value(&mut value);
        assert_eq!(value, serde_json::json!({"m": [format!("x {display}")]}));
    }

    #[test]
    fn text_that_is_not_json_is_masked_too() {
        let text = r#"{"jwt": "eyJabcdefghijklmnopqrstuvwxyz0123456789", "#;
        let masked = secrets().mask(text);
        assert!(!masked.shown().contains("abcdefgh"));
        let cut = r#"{"jwt": "eyJabcdefghijklmnopqrstuvw"#;
        assert!(!secrets().mask(cut).shown().contains("abcdefgh"));
    }

    #[test]
    fn names_come_from_the_annotation() {
        let docs = [serde_json::json!({"$defs": {"T": {"properties": {
            "jwt": {"type": "string", "x-secret": true},
            "id": {"type": "string", "x-secret": false},
            "inner": {"properties": {"code": {"x-secret": true}}}
        }}}})];
        let secrets = Secrets::from_documents(&docs);
        assert_eq!(secrets.names().collect::<Vec<_>>(), ["code", "jwt"]);
        let text = r#"{"id": "abc"}"#;
        assert!(matches!(secrets.mask(text).shown, Cow::Borrowed(_)));
    }
}
