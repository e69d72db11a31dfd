//! The schema differ: every change between two versions of a schema,
//! located and classified for the consumers of the payloads and for those
//! of the generated Rust API.
//!
//! The payloads' verdict is the rule a change falls under ([`rules`]), found
//! by comparing the schemas def by def and property by property
//! ([`schema`]). The Rust API's verdict is read off the types the generator
//! emits for each version: the two manifests are compared ([`rust`]), and
//! each difference is laid on the schema changes at its place, or reported
//! on its own (`rust-api-changed`) where the schema shows none. So an
//! integer's width, an `Option`, a variant are judged by what the generator
//! makes of them, not by a copy of its rules.

mod node;
pub mod rules;
mod rust;
mod schema;

pub use rules::{rules_help, Effect, Rule, RULES};
pub use rust::RustChange;

use super::schema_set::{problem, MEMORY};
use super::settings;
use super::{Error, Problem, SchemaSet, Source};
use schemagen::Manifest;
use schemakit::pointer;
use serde_json::Value;
use std::path::Path;

/// One change, located.
#[derive(Debug, Clone)]
pub struct Change {
    /// The rule it falls under, which says what it does to the payloads.
    pub rule: &'static Rule,
    /// The pointer, as in a bundle (`/$defs/Client/properties/id`).
    pub pointer: String,
    /// The file and pointer where it is: in NEW, or in OLD for what NEW lacks.
    pub location: String,
    pub message: String,
    /// What it does to code using the generated types: breaking when the
    /// types generated at its place differ in a way such code notices.
    pub rust: Effect,
    /// Those differences, in Rust terms (``Thing.count: `u64` became `i64` ``).
    pub rust_changes: Vec<String>,
    /// For a property renamed, its pointer in OLD.
    pub was: Option<String>,
}

impl Change {
    /// A change found in the schemas, before the types are compared.
    fn new(rule: &'static Rule, pointer: String, location: String, message: String) -> Change {
        Change {
            rule,
            pointer,
            location,
            message,
            rust: Effect::Compatible,
            rust_changes: Vec::new(),
            was: None,
        }
    }

    /// Where it is: its pointer, and for a rename the pointer it had.
    fn pointers(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.pointer.as_str()).chain(self.was.as_deref())
    }

    /// What it does to programs that read or validate the payloads.
    pub fn payloads(&self) -> Effect {
        self.rule.payloads
    }

    /// Whether it breaks either kind of consumer.
    pub fn breaking(&self) -> bool {
        self.payloads().is_breaking() || self.rust.is_breaking()
    }
}

/// One version of a schema: its definitions, and the manifest of the types
/// the generator emits for it (with the settings of the Clerk models).
#[derive(Debug, Clone)]
pub struct Version {
    pub set: SchemaSet,
    pub manifest: Manifest,
}

impl Version {
    /// Reads a schema folder or a single (bundled) schema file, and
    /// generates its types.
    pub fn load(path: &Path) -> Result<Version, Vec<Problem>> {
        let set = SchemaSet::load(path)?;
        let generator = Source::Path(path)
            .inputs(generator())
            .map_err(|e| problems_of(path, e))?;
        Ok(Version {
            set,
            manifest: manifest(generator)?,
        })
    }

    /// The schema documents given in memory (see
    /// [`SchemaSet::from_documents`]), and their types.
    pub fn from_documents(documents: &[(&str, Value)]) -> Result<Version, Vec<Problem>> {
        let set = SchemaSet::from_documents(documents)?;
        let generator = documents.iter().fold(generator(), |g, (name, root)| {
            // Read as the files of a folder are.
            g.source(format!("{MEMORY}{name}"), root.clone())
        });
        Ok(Version {
            set,
            manifest: manifest(generator)?,
        })
    }
}

fn generator() -> schemagen::Generator {
    schemagen::Generator::new(settings::options())
}

/// The manifest of a run, or why there is none.
fn manifest(generator: schemagen::Generator) -> Result<Manifest, Vec<Problem>> {
    let outcome = generator.run();
    match (outcome.code, outcome.manifest) {
        (Ok(_), Some(manifest)) => Ok(manifest),
        (Err(errors), _) => Err(errors
            .0
            .iter()
            .map(|e| {
                let mut p = problem(e);
                p.message = format!("the Rust types cannot be generated: {}", p.message);
                p
            })
            .collect()),
        (Ok(_), None) => Err(vec![Problem::file(
            "<schema>",
            "the generator returned code without a manifest",
        )]),
    }
}

fn problems_of(path: &Path, error: Error) -> Vec<Problem> {
    match error {
        Error::Problems(problems) => problems,
        other => vec![Problem::file(path.display().to_string(), other.to_string())],
    }
}

/// Reads the two versions to compare (each a schema folder or a schema
/// file). Every problem of either is reported, each saying which version
/// it is in: `(in OLD)`, `(in NEW)`, or, once, `(in OLD and NEW)` for one
/// both have (the same file, or a file both refer to).
pub fn load_versions(old: &Path, new: &Path) -> Result<(Version, Version), Vec<Problem>> {
    let (old, new) = (Version::load(old), Version::load(new));
    let (old_problems, new_problems) = (
        old.as_ref().err().cloned().unwrap_or_default(),
        new.as_ref().err().cloned().unwrap_or_default(),
    );
    if let (Ok(old), Ok(new)) = (old, new) {
        return Ok((old, new));
    }
    let side = |mut problem: Problem, side: &str| {
        problem.message = format!("{} (in {side})", problem.message);
        problem
    };
    let mut problems = Vec::new();
    for problem in &old_problems {
        let shared = new_problems.contains(problem);
        problems.push(side(
            problem.clone(),
            if shared { "OLD and NEW" } else { "OLD" },
        ));
    }
    for problem in new_problems {
        if !old_problems.contains(&problem) {
            problems.push(side(problem, "NEW"));
        }
    }
    Err(problems)
}

/// The set with each closed tuple in one form (see
/// [`bundle::canonical_tuples`](super::bundle::canonical_tuples)): the
/// schema's form and the form the bundles publish compare equal.
fn canonical(set: &SchemaSet) -> SchemaSet {
    let mut set = set.clone();
    for def in &mut set.defs {
        super::bundle::canonical_tuples(&mut def.value);
    }
    set
}

/// Every change from `old` to `new`, in a stable order: those the schemas
/// show, then the breaking differences of the generated types that no
/// schema change accounts for.
pub fn diff(old: &Version, new: &Version) -> Vec<Change> {
    let mut changes = schema::changes(&canonical(&old.set), &canonical(&new.set));
    let found = changes.len();
    for difference in rust::compare(&old.manifest, &new.manifest) {
        if !difference.breaking {
            continue;
        }
        let places = places(&changes[..found], &difference.pointer);
        for &i in &places {
            changes[i].rust = Effect::Breaking;
            changes[i].rust_changes.push(difference.message.clone());
        }
        if places.is_empty() {
            let set = if difference.in_old {
                &old.set
            } else {
                &new.set
            };
            let mut change = Change::new(
                rules::RUST_API_CHANGED,
                difference.pointer.clone(),
                location(set, &difference.pointer),
                "the schema is the same here, the generated types are not".into(),
            );
            change.rust = Effect::Breaking;
            change.rust_changes.push(difference.message);
            changes.push(change);
        }
    }
    changes
}

/// The schema changes a difference of the types at `at` is laid on: those
/// at `at`; else those inside it (a bound of the field whose type changed);
/// else the deepest that holds it (a def whose type changed, for the types
/// inside it). Changes of documentation (and defaults) only when no other
/// change is there. A renamed property is at both its pointers.
fn places(changes: &[Change], at: &str) -> Vec<usize> {
    for substantive in [true, false] {
        let candidates = || {
            changes
                .iter()
                .enumerate()
                .filter(move |(_, c)| c.rule.is_annotation() != substantive)
        };
        let found = |test: &dyn Fn(&str) -> bool| -> Vec<usize> {
            candidates()
                .filter(|(_, c)| c.pointers().any(test))
                .map(|(i, _)| i)
                .collect()
        };
        let exact = found(&|p| p == at);
        if !exact.is_empty() {
            return exact;
        }
        let inside = found(&|p| within(p, at));
        if !inside.is_empty() {
            return inside;
        }
        let deepest = candidates()
            .flat_map(|(_, c)| c.pointers())
            .filter(|p| within(at, p))
            .map(str::len)
            .max();
        if let Some(len) = deepest {
            return found(&|p| within(at, p) && p.len() == len);
        }
    }
    Vec::new()
}

/// Whether the pointer `inner` is strictly below `outer`.
fn within(inner: &str, outer: &str) -> bool {
    inner.len() > outer.len() && inner.starts_with(outer) && inner.as_bytes()[outer.len()] == b'/'
}

/// Where the node at `pointer` (`/$defs/Name/…`) is in `set`, for messages.
fn location(set: &SchemaSet, at: &str) -> String {
    let rest = at.strip_prefix("/$defs/").unwrap_or(at);
    let (name, sub) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    set.location(&pointer::unescape(name), sub)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::schema_set::tests::doc;
    use serde_json::json;

    #[test]
    fn problems_of_the_versions_say_which_they_are_in() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        let (good, bad) = (dir.join("good.json"), dir.join("bad.json"));
        std::fs::write(&good, doc(json!({"A": {}})).to_string()).unwrap();
        std::fs::write(&bad, "{\n  \"$defs\": {\n").unwrap();
        let shown = |old: &Path, new: &Path| -> Vec<String> {
            let problems = load_versions(old, new).expect_err("a problem");
            problems
                .iter()
                .map(|p| p.to_string().replace(&dir.display().to_string(), "DIR"))
                .collect()
        };
        let eof = "invalid JSON: EOF while parsing an object";
        assert_eq!(
            shown(&bad, &bad),
            [format!("DIR/bad.json:2:13: {eof} (in OLD and NEW)")]
        );
        assert_eq!(
            shown(&bad, &good),
            [format!("DIR/bad.json:2:13: {eof} (in OLD)")]
        );
        let missing = shown(&good, &dir.join("none.json"));
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].starts_with("DIR/none.json: cannot read: ")
                && missing[0].ends_with(" (in NEW)"),
            "{missing:?}"
        );
        let (old, new) = load_versions(&good, &good).unwrap();
        assert!(diff(&old, &new).is_empty());
    }

    /// A version of one file holding `defs`.
    fn version(defs: Value) -> Version {
        Version::from_documents(&[("s.json", doc(defs))]).unwrap()
    }

    /// The changes from `old` to `new` (each a set of defs), as (kind,
    /// pointer, payloads, Rust API, the Rust differences).
    fn judged(
        old: Value,
        new: Value,
    ) -> Vec<(
        &'static str,
        String,
        &'static str,
        &'static str,
        Vec<String>,
    )> {
        diff(&version(old), &version(new))
            .into_iter()
            .map(|c| {
                (
                    c.rule.name,
                    c.pointer.clone(),
                    c.payloads().word(),
                    c.rust.word(),
                    c.rust_changes.clone(),
                )
            })
            .collect()
    }

    fn thing(count: Value) -> Value {
        json!({"Thing": {
            "type": "object",
            "properties": {"count": count},
            "required": ["count"]
        }})
    }

    #[test]
    fn integer_bounds_are_judged_by_the_width_the_generator_gives() {
        let min0 = json!({"type": "integer", "minimum": 0});
        let at = "/$defs/Thing/properties/count";
        // Dropping `minimum: 0`: every value stays valid, `u64` becomes `i64`.
        assert_eq!(
            judged(thing(min0.clone()), thing(json!({"type": "integer"}))),
            [(
                "bounds-widened",
                format!("{at}/minimum"),
                "compatible",
                "breaking",
                vec!["`Thing.count`: `u64` became `i64`".to_owned()]
            )]
        );
        // `maximum: 100`: values are rejected, and `u64` becomes `u8`.
        assert_eq!(
            judged(
                thing(min0.clone()),
                thing(json!({"type": "integer", "minimum": 0, "maximum": 100}))
            ),
            [(
                "bounds-narrowed",
                format!("{at}/maximum"),
                "breaking",
                "breaking",
                vec!["`Thing.count`: `u64` became `u8`".to_owned()]
            )]
        );
        // Within the width, bounds are the payloads' business alone.
        assert_eq!(
            judged(
                thing(min0.clone()),
                thing(json!({"type": "integer", "minimum": 1}))
            ),
            [(
                "bounds-narrowed",
                format!("{at}/minimum"),
                "breaking",
                "compatible",
                vec![]
            )]
        );
        // With a `format`, the width is the format's.
        assert_eq!(
            judged(
                thing(json!({"type": "integer", "format": "int32", "minimum": 0})),
                thing(json!({"type": "integer", "format": "int32"}))
            ),
            [(
                "bounds-widened",
                format!("{at}/minimum"),
                "compatible",
                "compatible",
                vec![]
            )]
        );
    }

    /// A difference of the types is laid on the change at its place, not
    /// on the documentation beside it; on the changes inside it (a bound of
    /// a field); else on the deepest change that holds it.
    #[test]
    fn type_differences_go_to_the_changes_that_make_them() {
        let old = thing(json!({"type": "integer", "description": "Count."}));
        let new = thing(json!({"type": ["integer", "null"], "description": "How many."}));
        assert_eq!(
            judged(old, new),
            [
                (
                    "docs-changed",
                    "/$defs/Thing/properties/count".to_owned(),
                    "compatible",
                    "compatible",
                    vec![]
                ),
                (
                    "nullable-added",
                    "/$defs/Thing/properties/count".to_owned(),
                    "breaking",
                    "breaking",
                    vec!["`Thing.count`: `i64` became `Option<i64>`".to_owned()]
                ),
            ]
        );
        // A def that becomes a string: its struct, and the struct of the
        // object inside it, both go to the def's change of type.
        let old = json!({"Thing": {
            "type": "object",
            "properties": {"meta": {"type": "object", "properties": {"a": {"type": "string"}}}}
        }});
        let new = json!({"Thing": {"type": "string"}});
        let found = judged(old, new);
        assert_eq!(found.len(), 1, "{found:?}");
        let (kind, pointer, _, rust, differences) = &found[0];
        assert_eq!(
            (*kind, pointer.as_str(), *rust),
            ("type-changed", "/$defs/Thing", "breaking")
        );
        assert_eq!(differences.len(), 2, "{differences:?}");
        assert!(
            differences[0].starts_with("`Thing`: a struct became `String`"),
            "{differences:?}"
        );
        assert!(differences[1].contains("is gone"), "{differences:?}");
    }

    #[test]
    fn fields_variants_and_types_added_or_gone() {
        let status = |values: Value| {
            json!({
                "Thing": thing(json!({"type": "integer"}))["Thing"].clone(),
                "Status": {"type": "string", "enum": values}
            })
        };
        // A variant added is compatible for Rust code; one gone breaks it.
        let added = judged(status(json!(["a"])), status(json!(["a", "b"])));
        assert_eq!(
            added.iter().map(|c| (c.0, c.3)).collect::<Vec<_>>(),
            [("enum-value-added", "compatible")]
        );
        let gone = judged(status(json!(["a", "b"])), status(json!(["a"])));
        assert_eq!(
            gone.iter().map(|c| (c.0, c.3)).collect::<Vec<_>>(),
            [("enum-value-removed", "breaking")]
        );
        assert!(gone[0].4[0].contains("is gone"), "{gone:?}");
        // An optional field added is compatible; a required one is not
        // (payloads without it no longer decode).
        let with = |required: Value| {
            json!({"Thing": {
                "type": "object",
                "properties": {"count": {"type": "integer"}, "note": {"type": "string"}},
                "required": required
            }})
        };
        let old = thing(json!({"type": "integer"}));
        let optional = judged(old.clone(), with(json!(["count"])));
        assert_eq!(
            optional.iter().map(|c| (c.0, c.3)).collect::<Vec<_>>(),
            [("property-added", "compatible")]
        );
        let required = judged(old, with(json!(["count", "note"])));
        assert_eq!(
            required.iter().map(|c| (c.0, c.3)).collect::<Vec<_>>(),
            [("required-property-added", "breaking")]
        );
    }

    /// A rename the schema does not show (a new def taking the name an
    /// inline type had) is reported on its own, and the uses of the type
    /// are read under its new name, so it is told once.
    #[test]
    fn a_type_renamed_by_a_new_def_is_a_rust_api_change() {
        let old = json!({"Thing": {
            "type": "object",
            "properties": {"meta": {"type": "object", "properties": {"a": {"type": "string"}}}},
            "required": ["meta"]
        }});
        // The new def comes first, and takes the name.
        let mut new = json!({"ThingMeta": {"type": "string"}});
        new["Thing"] = old["Thing"].clone();
        let found = judged(old, new);
        let kinds: Vec<(&str, &str, &str)> =
            found.iter().map(|c| (c.0, c.1.as_str(), c.3)).collect();
        assert_eq!(
            kinds,
            [
                ("def-added", "/$defs/ThingMeta", "compatible"),
                (
                    "rust-api-changed",
                    "/$defs/Thing/properties/meta",
                    "breaking"
                ),
            ],
            "{found:?}"
        );
        assert_eq!(found[1].4.len(), 1, "{found:?}");
        assert!(
            found[1].4[0].starts_with("type `ThingMeta` is now named `"),
            "{found:?}"
        );
    }

    #[test]
    fn places_prefer_the_same_pointer_then_inside_then_the_deepest_holder() {
        let change = |rule: &'static Rule, pointer: &str| {
            Change::new(rule, pointer.to_owned(), String::new(), String::new())
        };
        let changes = [
            change(rules::DOCS_CHANGED, "/$defs/A/properties/x"),
            change(rules::BOUNDS_WIDENED, "/$defs/A/properties/x/minimum"),
            change(rules::TYPE_CHANGED, "/$defs/A"),
            change(rules::OPENED, "/$defs/A/properties/y"),
        ];
        assert_eq!(places(&changes, "/$defs/A/properties/x"), [1]);
        assert_eq!(places(&changes, "/$defs/A/properties/y"), [3]);
        assert_eq!(places(&changes, "/$defs/A/properties/z"), [2]);
        assert_eq!(places(&changes, "/$defs/B"), Vec::<usize>::new());
        assert_eq!(places(&changes[..1], "/$defs/A/properties/x"), [0]);
        assert!(within("/$defs/A/x", "/$defs/A") && !within("/$defs/AB", "/$defs/A"));
    }
}
