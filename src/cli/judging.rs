//! What `validate` judges with: the embedded contract (kinds told from
//! shapes, typed decode, drift) or a schema named with `--schema` (the
//! `jsonschema` crate); each payload's outcome, and its evaluation in the
//! JSON Schema output formats.

use super::outcome::{self, Outcome};
use clerk_models::judge::any::{OutputFormat, SchemaJudge, SchemaSet};
use clerk_models::judge::batch::Chunk;
use clerk_models::judge::endpoint::Operation;
use clerk_models::judge::secret::Secrets;
use clerk_models::judge::stream::{Block, Line};
use clerk_models::judge::{Input, Judge, Judged, Limits, Verdict};
use schemakit::keywords::Draft;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The judge of a `validate` run (one per run: its size does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Judging {
    /// The contract built into the binary.
    Contract {
        judge: Judge,
        /// Named with `--type` or promised by `--endpoint`, or told from
        /// each payload's shape.
        kind: Option<&'static str>,
        /// Named with `--endpoint`: the operation whose kind `kind` is.
        endpoint: Option<&'static Operation>,
        /// The contract's kinds for the output formats, built on first use.
        standard: Standard,
    },
    /// A schema named with `--schema`.
    Schema(SchemaJudge),
}

impl Judging {
    /// The contract's judge.
    pub fn contract(
        judge: Judge,
        kind: Option<&'static str>,
        endpoint: Option<&'static Operation>,
    ) -> Judging {
        let limits = judge.limits();
        Judging::Contract {
            judge,
            kind,
            endpoint,
            standard: Standard {
                limits,
                set: OnceLock::new(),
                judges: Mutex::new(BTreeMap::new()),
            },
        }
    }

    /// Every payload of a chunk (a document, or NDJSON lines) and its
    /// outcome, handed to `each` as it is judged.
    pub fn chunk(&self, chunk: &Chunk, each: &mut dyn FnMut(Judged<Outcome>)) {
        match self {
            Judging::Contract {
                judge,
                kind,
                endpoint,
                ..
            } => chunk.judge_each(judge, *kind, &mut |j| {
                each(outcome_of(j, |v| promised(*endpoint, v)))
            }),
            Judging::Schema(judge) => {
                let name = &judge.root().name;
                chunk.judge_each(judge, None, &mut |j| {
                    each(outcome_of(j, |v| outcome::of_schema(name, v)))
                })
            }
        }
    }

    /// The payload of one NDJSON line (of `block`) and its outcome, handed
    /// to `each`.
    pub fn line(&self, block: &Block, line: &Line, each: &mut dyn FnMut(Judged<Outcome>)) {
        match self {
            Judging::Contract {
                judge,
                kind,
                endpoint,
                ..
            } => block.judge_each(line, judge, *kind, &mut |j| {
                each(outcome_of(j, |v| promised(*endpoint, v)))
            }),
            Judging::Schema(judge) => {
                let name = &judge.root().name;
                block.judge_each(line, judge, None, &mut |j| {
                    each(outcome_of(j, |v| outcome::of_schema(name, v)))
                })
            }
        }
    }

    /// A response body of `operation`, which promises `kind` (HAR entries):
    /// judged as that kind by the contract (by the schema's root with
    /// `--schema`), a body whose shape says another kind told so; each
    /// payload's outcome handed to `each`.
    pub fn body(
        &self,
        bytes: &[u8],
        operation: &Operation,
        kind: &str,
        each: &mut dyn FnMut(Judged<Outcome>),
    ) {
        match self {
            Judging::Contract { judge, .. } => {
                let input = Input::document().with_kind(Some(kind));
                judge.judge_each(bytes, &input, &mut |j| {
                    each(outcome_of(j, |v| promised(Some(operation), v)))
                })
            }
            Judging::Schema(judge) => {
                let name = &judge.root().name;
                judge.judge_each(bytes, &Input::document(), &mut |j| {
                    each(outcome_of(j, |v| outcome::of_schema(name, v)))
                })
            }
        }
    }

    /// The properties marked secret, masked in every report.
    pub fn secrets(&self) -> &Secrets {
        match self {
            Judging::Contract { judge, .. } => judge.secrets(),
            Judging::Schema(judge) => judge.secrets(),
        }
    }

    /// The payload at the start of `text`, judged as `kind`, in a JSON
    /// Schema output format: the schema's verdict alone (drift is an error
    /// there, as the schema is strict). `None` when it cannot be evaluated.
    pub fn output(&self, kind: &str, text: &[u8], format: OutputFormat) -> Option<Value> {
        let mut values = serde_json::Deserializer::from_slice(text).into_iter::<Value>();
        let value = values.next()?.ok()?;
        let mut output = match self {
            Judging::Contract { standard, .. } => standard.judge(kind).ok()?.output(&value, format),
            Judging::Schema(judge) => judge.output(&value, format),
        };
        // The evaluation quotes values: none that is secret.
        let payload = std::str::from_utf8(&text[..values.byte_offset()]).unwrap_or_default();
        self.secrets().mask(payload).scrub_value(&mut output);
        Some(output)
    }
}

/// The outcome of a verdict, judged as the kind `endpoint` promises when
/// one is named.
fn promised(endpoint: Option<&Operation>, verdict: &Verdict) -> Outcome {
    outcome::promised(
        outcome::outcome(verdict),
        endpoint.map(|op| (op, verdict.kind)),
    )
}

fn outcome_of<V>(judged: Judged<V>, f: impl Fn(&V) -> Outcome) -> Judged<Outcome> {
    Judged {
        start: judged.start,
        result: judged.result.map(|v| f(&v)),
    }
}

/// The contract's kinds judged by the `jsonschema` crate, for the output
/// formats: the embedded files, with the integer formats asserted as the
/// generated validators do, so that `valid` is the schema's verdict.
pub struct Standard {
    limits: Limits,
    set: OnceLock<Result<SchemaSet, String>>,
    judges: Mutex<BTreeMap<String, Arc<SchemaJudge>>>,
}

/// The base URI of the embedded files (never fetched: `.invalid` cannot exist).
const BASE_URI: &str = "https://clerk-models.invalid/schema/";

impl Standard {
    /// The judge of `kind`, built once.
    fn judge(&self, kind: &str) -> Result<Arc<SchemaJudge>, String> {
        if let Some(judge) = self.judges.lock().ok().and_then(|j| j.get(kind).cloned()) {
            return Ok(judge);
        }
        let set = self
            .set
            .get_or_init(|| {
                let documents = clerk_models::schema::SCHEMA_FILES
                    .iter()
                    .map(|(file, text)| {
                        let doc = serde_json::from_str(text).unwrap_or(Value::Null);
                        (format!("{BASE_URI}{file}"), format!("schema/{file}"), doc)
                    });
                SchemaSet::from_documents(documents, Draft::Draft2020_12)
                    .map(SchemaSet::with_integer_formats)
                    .map_err(|e| e.join("; "))
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let judge = Arc::new(set.judge(set.root(Some(kind))?, self.limits)?);
        if let Ok(mut judges) = self.judges.lock() {
            judges.insert(kind.to_owned(), Arc::clone(&judge));
        }
        Ok(judge)
    }
}
