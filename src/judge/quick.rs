//! The quick check: whether a payload's text is certainly valid as a kind,
//! read once with nothing allocated, by shapes compiled from the schema
//! documents. It says "valid" or "cannot say", never "invalid": anything
//! it does not model (a keyword, a union of two objects, a float where an
//! integer field is…) and every failure is left to the one pass and the
//! full judgement, which say what is wrong and where.
//!
//! A payload it vouches for conforms to the schema; that it also decodes
//! into the tolerant types is the agreement of schema and types that the
//! conformance corpus holds the generator to (the types accept everything
//! the schema does), and the tests hold this check to the full judgement's
//! verdict on that corpus.

mod compile;
mod names;
mod scan;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use super::{reference_target, Judge, JudgeError};

/// The shapes of every kind of a judge, compiled together on first use
/// (the kinds share most of their graph: compiled apart, a run over many
/// kinds compiled the same definitions once per kind).
#[derive(Debug, Default)]
pub(super) struct Quick {
    compiled: OnceLock<(compile::Shapes, Vec<compile::NodeId>)>,
    /// A thread has begun compiling the shapes.
    compiling: AtomicBool,
}

impl Judge {
    /// The shapes, once compiled; `None` while another thread compiles
    /// them, so that the payloads a run judges meanwhile go to the one pass
    /// (the same verdicts, reached more slowly) instead of a worker waiting
    /// idle through the compiling.
    fn shapes_now(&self) -> Option<&(compile::Shapes, Vec<compile::NodeId>)> {
        if let Some(compiled) = self.quick.compiled.get() {
            return Some(compiled);
        }
        let first = !self.quick.compiling.swap(true, Ordering::AcqRel);
        first.then(|| self.shapes())
    }

    /// The shapes, and each kind's node by kind index (compiled on first
    /// use; a second thread asking meanwhile waits for them).
    fn shapes(&self) -> &(compile::Shapes, Vec<compile::NodeId>) {
        self.quick.compiled.get_or_init(|| {
            let mut shapes = compile::Shapes::new();
            let documents = |file: &str| self.documents.get(file);
            let resolve = |file: &str, reference: &str| {
                let (target, fragment) = reference_target(file, reference);
                self.documents
                    .contains_key(target.as_str())
                    .then(|| (target, fragment.to_owned()))
            };
            let places: Vec<(&str, &str)> =
                self.kinds.iter().map(|k| (k.file, k.pointer)).collect();
            let roots = shapes.compile(&documents, &resolve, &places);
            (shapes, roots)
        })
    }

    /// The quick check alone: whether it vouches that `text` (one JSON
    /// value) conforms and decodes as `kind`. `false` says only that it
    /// cannot: [`Judge::judge`] then says what the payload is.
    ///
    /// ```
    /// use clerk_models::judge::Judge;
    /// let judge = Judge::new()?;
    /// let token = r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#;
    /// assert!(judge.vouches_for("Token", token)?);
    /// assert!(!judge.vouches_for("Token", r#"{"object": "token"}"#)?);
    /// # Ok::<(), clerk_models::judge::JudgeError>(())
    /// ```
    pub fn vouches_for(&self, kind: &str, text: &str) -> Result<bool, JudgeError> {
        let index = self.index(kind)?;
        self.shapes();
        Ok(self.vouches(index, text))
    }

    /// Whether the quick check vouches that `text` conforms and decodes as
    /// the kind at `index`, within the judge's limits: only for a kind whose
    /// values encode back to their text (so that conforming and decoding
    /// with no drift is the whole verdict), never for text over `max_bytes`
    /// or nested deeper than `max_depth` (which the full judgement refuses).
    /// While another thread compiles the shapes it cannot say.
    pub(super) fn vouches(&self, index: usize, text: &str) -> bool {
        if !self.kinds[index].lossless || text.len() > self.limits.max_bytes {
            return false;
        }
        let Some((shapes, roots)) = self.shapes_now() else {
            return false;
        };
        scan::vouches(shapes, roots[index], text, self.limits.max_depth)
    }
}

#[cfg(test)]
mod tests;
