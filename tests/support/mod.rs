//! Code shared by the Clerk fixture and conformance tests: the one judge,
//! the fixtures and their recorded verdicts, a schema walker and a seeded
//! generator of schema-valid instances.
#![allow(dead_code)]

pub mod generate;
pub mod mutate;
pub mod oracle;
pub mod readme;
pub mod typed;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clerk_models::judge::{Input, Judge, JudgeError, Pass, Verdict};
use serde_json::Value;

/// The judge every test shares.
pub fn judge() -> &'static Judge {
    static JUDGE: OnceLock<Judge> = OnceLock::new();
    JUDGE.get_or_init(|| match Judge::new() {
        Ok(judge) => judge,
        Err(e) => panic!("the embedded schema does not load: {e}"),
    })
}

/// The full judgement of `text`, one payload, as `kind` (`None`: told from
/// its shape), through the judge's one entry.
pub fn full(kind: Option<&str>, text: &str) -> Result<Verdict, JudgeError> {
    only(judge().judge(text.as_bytes(), &Input::document().with_kind(kind).full()))
}

/// What the judge's one entry says of `text`, one payload, as `kind`: the
/// one pass where it is safe.
pub fn entry(kind: Option<&str>, text: &str) -> Result<Verdict, JudgeError> {
    only(judge().judge(text.as_bytes(), &Input::document().with_kind(kind)))
}

/// Whether the one entry took the one pass on `text` (which then conforms
/// and decodes).
pub fn one_pass(kind: Option<&str>, text: &str) -> bool {
    entry(kind, text).is_ok_and(|v| v.pass == Pass::One)
}

fn only(mut judged: Vec<clerk_models::judge::Judged>) -> Result<Verdict, JudgeError> {
    assert_eq!(judged.len(), 1, "one payload: {judged:?}");
    judged.remove(0).result
}

/// `tests/fixtures/clerk/`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clerk")
}

/// One entry of `verdicts.json`.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Path under `tests/fixtures/clerk/`, with `/`.
    pub file: String,
    /// The schema def the payload is judged as.
    pub kind: String,
    /// Whether it is valid against the strict schema.
    pub conforms: bool,
    /// Whether it decodes into the generated type.
    pub decodes: bool,
    /// Why.
    pub reason: String,
    /// For a fixture that does not conform: every finding it must get, as
    /// (JSON pointer, keyword), sorted. `None` for one that conforms.
    pub findings: Option<Vec<(String, String)>>,
    /// For a payload under `composed/` (assembled from recorded objects,
    /// SDK test literals and the spec where no recording exists): what it
    /// was composed from. `None` for every other fixture.
    pub composed: Option<String>,
    /// Where the payload's shape alone tells another kind (a body that two
    /// endpoints send alike, such as `{"response": null, "client": null}`):
    /// that kind, which the endpoint map tells apart. `None` when the shape
    /// tells the recorded kind, or none.
    pub shape_tells: Option<String>,
}

impl Recorded {
    /// A live recording (`flutter/`), as opposed to a hand-written SDK stub.
    pub fn is_live(&self) -> bool {
        self.file.starts_with("flutter/")
    }

    /// A payload composed for a kind no recording covers (`composed/`).
    pub fn is_composed(&self) -> bool {
        self.file.starts_with("composed/")
    }

    /// The fixture's text.
    pub fn text(&self) -> String {
        let path = fixtures_dir().join(&self.file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The entries of `verdicts.json`, in file order.
pub fn recorded() -> Vec<Recorded> {
    let path = fixtures_dir().join("verdicts.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let entries: Value = serde_json::from_str(&text).expect("verdicts.json is JSON");
    let field = |e: &Value, k: &str| {
        e.get(k)
            .cloned()
            .unwrap_or_else(|| panic!("verdict {e} lacks {k}"))
    };
    entries
        .as_array()
        .expect("verdicts.json is an array")
        .iter()
        .map(|e| Recorded {
            file: field(e, "file")
                .as_str()
                .expect("file is a string")
                .to_owned(),
            kind: field(e, "kind")
                .as_str()
                .expect("kind is a string")
                .to_owned(),
            conforms: field(e, "conforms")
                .as_bool()
                .expect("conforms is a boolean"),
            decodes: field(e, "decodes").as_bool().expect("decodes is a boolean"),
            reason: field(e, "reason")
                .as_str()
                .expect("reason is a string")
                .to_owned(),
            findings: e.get("findings").map(|list| {
                list.as_array()
                    .expect("findings is an array")
                    .iter()
                    .map(|pair| match pair.as_array().map(Vec::as_slice) {
                        Some([Value::String(pointer), Value::String(keyword)]) => {
                            (pointer.clone(), keyword.clone())
                        }
                        _ => panic!("a finding is [pointer, keyword], not {pair}"),
                    })
                    .collect()
            }),
            composed: e
                .get("composed")
                .map(|c| c.as_str().expect("composed is a string").to_owned()),
            shape_tells: e
                .get("shape_tells")
                .map(|c| c.as_str().expect("shape_tells is a string").to_owned()),
        })
        .collect()
}

/// Every `*.json` under `tests/fixtures/clerk/` but `verdicts.json`, as paths
/// relative to it with `/`, sorted.
pub fn fixture_files() -> Vec<String> {
    fn visit(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("readable directory").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                visit(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(root).expect("under the root");
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if rel != "verdicts.json" {
                    out.push(rel);
                }
            }
        }
    }
    let root = fixtures_dir();
    let mut out = Vec::new();
    visit(&root, &root, &mut out);
    out
}

/// The seed of this run: `CONFORMANCE_SEED` (decimal or `0x` hex) when set,
/// else a fixed default, so runs are reproducible unless asked otherwise.
pub fn seed() -> u64 {
    const DEFAULT: u64 = 0xC1E4_2026;
    match std::env::var("CONFORMANCE_SEED") {
        Ok(s) if s.trim() == "random" => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(DEFAULT, |d| d.as_nanos() as u64),
        Ok(s) => {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("CONFORMANCE_SEED={s:?} is not a u64 (or \"random\")"))
        }
        Err(_) => DEFAULT,
    }
}

/// A `usize` from the environment, or `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={s:?} is not a count")),
        Err(_) => default,
    }
}

/// Replaces the value at `pointer` (which must exist).
pub fn set(value: &mut Value, pointer: &str, new: Value) {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no value at {pointer}")) = new;
}

/// Sets member `key` of the object at `object` (adding it if absent).
pub fn insert(value: &mut Value, object: &str, key: &str, new: Value) {
    value
        .pointer_mut(object)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {object}"))
        .insert(key.to_owned(), new);
}

/// Removes member `key` of the object at `object`.
pub fn remove(value: &mut Value, object: &str, key: &str) {
    value
        .pointer_mut(object)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {object}"))
        .shift_remove(key);
}
