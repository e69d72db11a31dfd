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

/// The quick check's shapes, compiled on first use: those of the kind the
/// judge was told its payloads are ([`Judge::focus_on`]), alone, and every
/// kind's together (the kinds share most of their graph: compiled apart, a
/// run over many kinds compiled the same definitions once per kind).
#[derive(Debug, Default)]
pub(super) struct Quick {
    /// The kind index the judge was told of.
    focus: Option<usize>,
    /// That kind's shapes and its node.
    focused: Compiled<(compile::Shapes, compile::NodeId)>,
    /// Every kind's shapes, and each kind's node by kind index.
    every: Compiled<(compile::Shapes, Vec<compile::NodeId>)>,
}

/// A value made on first use by one thread, which the others need not wait
/// for.
#[derive(Debug)]
struct Compiled<T> {
    value: OnceLock<T>,
    /// A thread has begun making it.
    begun: AtomicBool,
}

impl<T> Default for Compiled<T> {
    fn default() -> Self {
        Compiled {
            value: OnceLock::new(),
            begun: AtomicBool::new(false),
        }
    }
}

impl<T> Compiled<T> {
    /// The value, made by the first thread to ask; `None` for a thread that
    /// asks while another makes it, so that the payloads a run judges
    /// meanwhile go to the one pass (the same verdicts, reached more slowly)
    /// instead of a worker waiting idle through the compiling.
    fn now(&self, make: impl FnOnce() -> T) -> Option<&T> {
        if let Some(value) = self.value.get() {
            return Some(value);
        }
        let first = !self.begun.swap(true, Ordering::AcqRel);
        first.then(|| self.value.get_or_init(make))
    }

    /// The value, made now or waited for.
    fn wait(&self, make: impl FnOnce() -> T) -> &T {
        self.value.get_or_init(make)
    }
}

impl Judge {
    /// Tells the judge the kind its payloads will be judged as (a run that
    /// names it): the quick check then compiles that kind's shapes alone,
    /// and the schema documents the kind does not reach are never parsed.
    /// Payloads of other kinds are judged all the same (every kind's shapes
    /// compiled when one is first asked for).
    pub fn focus_on(&mut self, kind: &str) -> Result<(), JudgeError> {
        let index = self.index(kind)?;
        if self.quick.focus != Some(index) {
            self.quick.focus = Some(index);
            self.quick.focused = Compiled::default();
        }
        Ok(())
    }

    /// The shapes and the node of the kind at `index`; with `wait` false,
    /// `None` while another thread compiles them.
    fn shapes(&self, index: usize, wait: bool) -> Option<(&compile::Shapes, compile::NodeId)> {
        if self.quick.focus == Some(index) {
            let make = || {
                let (shapes, roots) = self.compile_shapes(&[index]);
                (shapes, roots[0])
            };
            let (shapes, root) = match wait {
                true => self.quick.focused.wait(make),
                false => self.quick.focused.now(make)?,
            };
            return Some((shapes, *root));
        }
        let make = || self.compile_shapes(&(0..self.kinds.len()).collect::<Vec<_>>());
        let (shapes, roots) = match wait {
            true => self.quick.every.wait(make),
            false => self.quick.every.now(make)?,
        };
        Some((shapes, roots[index]))
    }

    /// The shapes of the kinds at `indices`, and each one's node.
    fn compile_shapes(&self, indices: &[usize]) -> (compile::Shapes, Vec<compile::NodeId>) {
        let mut shapes = compile::Shapes::new();
        let documents = |file: &str| self.document(file);
        let resolve = |file: &str, reference: &str| {
            let (target, fragment) = reference_target(file, reference);
            self.documents
                .contains_key(target.as_str())
                .then(|| (target, fragment.to_owned()))
        };
        let places: Vec<(&str, &str)> = indices
            .iter()
            .map(|&i| (self.kinds[i].file, self.kinds[i].pointer))
            .collect();
        let roots = shapes.compile(&documents, &resolve, &places);
        (shapes, roots)
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
        self.shapes(index, true);
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
        let Some((shapes, root)) = self.shapes(index, false) else {
            return false;
        };
        scan::vouches(shapes, root, text, self.limits.max_depth)
    }
}

#[cfg(test)]
mod tests;
