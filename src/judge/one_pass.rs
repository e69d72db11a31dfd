//! The one pass: a payload decoded straight from its text into the kind's
//! type and walked for drift, without building a `Value`. A payload that
//! decodes with no drift into a type that models its schema exactly
//! conforms and decodes, and that is its verdict; a type that leaves some
//! constraint to validation has its decoded value validated too (when it
//! encodes back losslessly). Anything else goes to the full judgement.
//!
//! Without a kind given, the kind is guessed from the payload's first keys,
//! the payload decoded as that kind, and the guess confirmed from the
//! decoded value (a payload that decodes with no drift encodes back to
//! itself, so its value shows what the rules would read in the text). Only
//! when the guess fails is the text probed for its kind.

use serde::de::DeserializeOwned;

use super::models::OnePass;
use super::{Judge, Limits};

/// A value decoded in one pass, with the drift the types found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    pub value: T,
    /// Unknown properties and enum values, with their JSON pointers.
    pub drift: Vec<crate::models::Drift>,
}

impl<T> Checked<T> {
    /// Whether the payload decoded with no drift (for a type whose schema
    /// the types model exactly, that it conforms: see
    /// `SCHEMA_TYPES[..].exact`).
    pub fn conforms(&self) -> bool {
        self.drift.is_empty()
    }
}

/// Decodes `text` as a Clerk model `T` and walks it for drift, in one pass
/// over the text.
///
/// ```
/// use clerk_models::models::Token;
/// let text = r#"{"object": "token", "jwt": "e30=.e30=.e30=", "new": 1}"#;
/// let checked = clerk_models::judge::decode_checked::<Token>(text).unwrap();
/// assert_eq!(checked.value.jwt, "e30=.e30=.e30=");
/// assert_eq!(checked.drift[0].pointer, "/new");
/// assert!(!checked.conforms());
/// ```
pub fn decode_checked<T: DeserializeOwned + crate::models::Check>(
    text: &str,
) -> Result<Checked<T>, serde_json::Error> {
    let value: T = serde_json::from_str(text)?;
    let drift = value.drift();
    Ok(Checked { value, drift })
}

impl Judge {
    /// The one-pass verdict of `text` (within the size limit): the index of
    /// its kind when it conforms and decodes, judged as `kind` when given,
    /// else as the kind its shape shows; `None` when only the full
    /// judgement can say.
    pub(super) fn one_pass(&self, kind: Option<usize>, text: &str) -> Option<usize> {
        // At the default depth limit serde_json's own bound (128 levels) is
        // the same, so the scan is needed only for a lower limit.
        if self.limits.max_depth < Limits::MAX_DEPTH
            && schemakit::depth::in_text(text, self.limits.max_depth).is_some()
        {
            return None;
        }
        if let Some(index) = kind {
            if self.vouches(index, text) {
                return Some(index);
            }
            return self.conforms(index, text, None);
        }
        // The kind decoded as, and whether the payload conformed.
        let mut tried = None;
        if let Some(index) = self.rules().guess(text).and_then(|k| self.index(k).ok()) {
            let guessed = self.kinds[index].name;
            // Vouched for as the kind guessed, and the text shows that kind.
            if self.vouches(index, text) && self.rules().detect_text(text) == Some(guessed) {
                return Some(index);
            }
            let mut shown = None;
            let conformed = self.conforms(index, text, Some(&mut shown));
            match (conformed, shown) {
                // It conforms, and its kind is the one guessed.
                (Some(index), Some(Some(kind))) if kind == guessed => return Some(index),
                // It conforms, but the value does not confirm the guess:
                // probe the text.
                (Some(_), _) => tried = Some((index, true)),
                (None, _) => tried = Some((index, false)),
            }
        }
        let detected = self.index(self.rules().detect_text(text)?).ok()?;
        match tried {
            // Already decoded as that kind: its verdict stands.
            Some((index, conformed)) if index == detected => conformed.then_some(index),
            _ => self.conforms(detected, text, None),
        }
    }

    /// Whether `text` conforms as the kind at `index`, by the one pass;
    /// `shown` gets the kind the decoded value shows.
    fn conforms(
        &self,
        index: usize,
        text: &str,
        shown: Option<&mut Option<Option<&'static str>>>,
    ) -> Option<usize> {
        let kind = &self.kinds[index];
        if !kind.exact && !kind.lossless {
            // Its decoded value may not be what the text says: only the
            // full judgement can validate it.
            return None;
        }
        // A text whose tree would be over its bound (hundreds of thousands
        // of unknown members, say) would be held as much in the decoded
        // value's `extra` maps: the full judgement cuts it or refuses it.
        if !super::budget::fits(
            text,
            super::budget::bound(text.len(), self.limits.max_tree_ratio),
        ) {
            return None;
        }
        let decoders = self.decoders(index)?;
        match (decoders.one_pass)(self.rules(), text, !kind.exact) {
            OnePass::Declined => None,
            OnePass::Decoded {
                kind: read_back,
                encoding,
            } => {
                if let Some(shown) = shown {
                    *shown = Some(read_back);
                }
                if kind.exact {
                    return Some(index);
                }
                // A constraint the types leave to validation: the decoded
                // value must pass it too.
                let encoding = encoding?;
                (self.models.is_valid)(kind.rust_type, &encoding)?.then_some(index)
            }
        }
    }
}
