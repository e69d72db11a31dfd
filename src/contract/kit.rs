//! The conformance kit: the recorded payloads and their verdicts as files
//! of the JSON-Schema-Test-Suite format (`[{description, schema, tests:
//! [{description, data, valid}]}]`) whose schemas refer to the published
//! bundles by `$id`, so that any validator's harness runs them.
//!
//! A test per recording (`tests/fixtures/clerk/verdicts.json` names each
//! file, its kind and its recorded verdict), and per kind the drift cases
//! of its first conforming recording: a property the contract does not
//! know added at its root, and a value it does not list put in place of
//! the first listed one (the strict bundle rejects them where the object
//! is closed and for the value, the tolerant one accepts them). The strict verdict of a recording is the
//! recorded one, and the bundle must give it too; every other verdict is
//! the bundle's (the `jsonschema` crate's), which the project's own tests
//! hold to the generated validators and types and the consumer check to
//! ajv and python's jsonschema.

use super::bundle::Flavour;
use super::files::json_text;
use super::{Error, Problem};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The folder below the package root that holds the recordings.
pub const FIXTURES: &str = "tests/fixtures/clerk";

/// The file of [`FIXTURES`] that records each one's verdict.
pub const VERDICTS: &str = "verdicts.json";

/// The property a drift case adds, and its value.
pub const UNKNOWN_PROPERTY: &str = "zz_unknown_property";

/// The value a drift case puts where the contract lists the values.
pub const UNKNOWN_VALUE: &str = "zz_unknown_value";

/// A recording, or the verdicts file, is never bigger than this.
const MAX_FIXTURE_BYTES: u64 = 16 << 20;

/// Deeper than any recording nests.
const MAX_DEPTH: usize = 256;

/// The kit file of a flavour, below `generated/`.
pub fn file_name(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Strict => "kit/clerk.kit.json",
        Flavour::Tolerant => "kit/clerk.tolerant.kit.json",
    }
}

/// One entry of `verdicts.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Recorded {
    /// The recording, relative to [`FIXTURES`].
    pub file: String,
    /// The `$defs` name it is judged as.
    pub kind: String,
    /// The strict schema's recorded verdict.
    pub conforms: bool,
    /// Why it fails, for those that do.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Every recording named in `fixtures/verdicts.json`, with its payload, in
/// the file's order. A name that leads out of the folder, or a file that
/// cannot be read or parsed, is a problem.
pub fn read(fixtures: &Path) -> Result<Vec<(Recorded, Value)>, Error> {
    let verdicts = fixtures.join(VERDICTS);
    let parse = |path: &Path| -> Result<Value, Problem> {
        let name = path.display().to_string();
        schemakit::read::within(fixtures, path)
            .and_then(|()| schemakit::read::file(path, MAX_FIXTURE_BYTES))
            .map_err(|e| Problem::file(&name, e.to_string()))
            .and_then(|bytes| {
                schemakit::read::json(&bytes, MAX_DEPTH)
                    .map_err(|e| Problem::file(&name, format!("not JSON: {e}")))
            })
    };
    let list = parse(&verdicts).map_err(|p| Error::Problems(vec![p]))?;
    let list: Vec<Recorded> = serde_json::from_value(list).map_err(|e| {
        Error::Problems(vec![Problem::file(
            verdicts.display().to_string(),
            format!("not a list of {{file, kind, conforms}}: {e}"),
        )])
    })?;
    let mut problems = Vec::new();
    let mut recorded = Vec::new();
    for entry in list {
        let safe = Path::new(&entry.file)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            problems.push(Problem::file(
                verdicts.display().to_string(),
                format!("{:?} is not a plain relative file name", entry.file),
            ));
            continue;
        }
        match parse(&fixtures.join(&entry.file)) {
            Ok(value) => recorded.push((entry, value)),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    Ok(recorded)
}

/// One drift case: a conforming recording with one thing the contract does
/// not know (the same cases in both kits).
#[derive(Debug, Clone)]
pub struct Drift {
    pub kind: String,
    pub description: String,
    pub comment: String,
    pub data: Value,
}

/// A bundle's compiled validator of each kind the recordings have, over
/// the bundle registered under its `$id`: compiled once, for the drift
/// cases and the kit alike.
pub struct Validators {
    id: String,
    by_kind: BTreeMap<String, jsonschema::Validator>,
}

impl Validators {
    /// The validators of `bundle` for every kind in `recorded`.
    pub fn new(bundle: &Value, recorded: &[(Recorded, Value)]) -> Result<Validators, Error> {
        let kinds: std::collections::BTreeSet<&str> = recorded
            .iter()
            .map(|(entry, _)| entry.kind.as_str())
            .collect();
        let (id, by_kind) = validators(bundle, kinds)?;
        Ok(Validators {
            id,
            by_kind: by_kind
                .into_iter()
                .map(|(kind, v)| (kind.to_owned(), v))
                .collect(),
        })
    }
}

/// The compiled validator of each kind, over the bundle registered under
/// its `$id`.
fn validators<'k>(
    bundle: &Value,
    kinds: impl IntoIterator<Item = &'k str>,
) -> Result<(String, BTreeMap<&'k str, jsonschema::Validator>), Error> {
    let id = bundle
        .get("$id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Problems(vec![Problem::file("<bundle>", "the bundle has no $id")]))?
        .to_owned();
    let registry = jsonschema::Registry::new()
        .retrieve_known_draft_meta_schemas(false)
        .add(
            id.as_str(),
            jsonschema::Draft::Draft202012.create_resource(bundle.clone()),
        )
        .and_then(|builder| builder.prepare())
        .map_err(|e| Error::Problems(vec![Problem::file(&id, e.to_string())]))?;
    let mut problems = Vec::new();
    let mut validators = BTreeMap::new();
    for kind in kinds {
        match jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_registry(&registry)
            .build(&reference(&id, kind))
        {
            Ok(validator) => {
                validators.insert(kind, validator);
            }
            Err(e) => problems.push(Problem::file(&id, format!("#/$defs/{kind}: {e}"))),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    Ok((id, validators))
}

/// At most this many string values of a recording are tried for the
/// unknown-value case.
const MAX_TRIES: usize = 500;

/// The drift cases, per kind from its first conforming recording (an
/// object): `UNKNOWN_PROPERTY` added at its root, and the first string
/// value (in document order) where the strict bundle lists the values,
/// replaced by `UNKNOWN_VALUE`: the strict bundle must reject it for its
/// `enum` alone. `strict`: the strict bundle's validators.
pub fn drift(strict: &Validators, recorded: &[(Recorded, Value)]) -> Vec<Drift> {
    let mut first: BTreeMap<&str, (&Recorded, &Value)> = BTreeMap::new();
    for (entry, data) in recorded {
        if entry.conforms && data.is_object() {
            first.entry(entry.kind.as_str()).or_insert((entry, data));
        }
    }
    let mut cases = Vec::new();
    for (kind, (entry, data)) in first {
        let mut added = data.clone();
        if let Value::Object(fields) = &mut added {
            fields.insert(UNKNOWN_PROPERTY.into(), json!({"nested": true}));
        }
        cases.push(Drift {
            kind: kind.to_owned(),
            description: format!("{}, with an unknown property at its root", entry.file),
            comment: format!("Drift: `{UNKNOWN_PROPERTY}` added to a conforming recording."),
            data: added,
        });
        let Some(validator) = strict.by_kind.get(kind) else {
            continue;
        };
        let only_enum = |value: &Value| {
            let mut errors = validator.iter_errors(value).peekable();
            errors.peek().is_some()
                && errors.all(|e| {
                    matches!(
                        e.kind(),
                        jsonschema::error::ValidationErrorKind::Enum { .. }
                    )
                })
        };
        for pointer in strings(data).into_iter().take(MAX_TRIES) {
            let mut changed = data.clone();
            if let Some(place) = changed.pointer_mut(&pointer) {
                *place = Value::String(UNKNOWN_VALUE.into());
            }
            if only_enum(&changed) {
                cases.push(Drift {
                    kind: kind.to_owned(),
                    description: format!("{}, with an unknown enum value at {pointer}", entry.file),
                    comment: format!(
                        "Drift: `{UNKNOWN_VALUE}` put where the contract lists the values, in a conforming recording."
                    ),
                    data: changed,
                });
                break;
            }
        }
    }
    cases
}

/// The pointer of every string value of `value`, in document order
/// (walked without recursion).
fn strings(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((at, value)) = stack.pop() {
        match value {
            Value::String(_) => found.push(at),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{at}/{i}"), item));
                }
            }
            Value::Object(fields) => {
                for (key, item) in fields.iter().rev() {
                    stack.push((format!("{at}/{}", schemakit::pointer::escape(key)), item));
                }
            }
            _ => {}
        }
    }
    found
}

/// The kit of one flavour: a group per kind (in name order), its tests in
/// the recordings' order, then the kind's drift cases. `validators` are
/// those of the flavour's bundle, as published ([`Validators::new`] over
/// the same recordings). Where the strict bundle's verdict on a recording
/// is not the recorded one, that is a problem.
pub fn kit(
    flavour: Flavour,
    validators: &Validators,
    recorded: &[(Recorded, Value)],
    drift: &[Drift],
) -> Result<Value, Error> {
    let mut groups: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (entry, _) in recorded {
        groups.entry(&entry.kind).or_default();
    }
    let id = &validators.id;
    let mut problems = Vec::new();
    for (entry, data) in recorded {
        let Some(validator) = validators.by_kind.get(&entry.kind) else {
            problems.push(Problem::file(
                format!("{FIXTURES}/{}", entry.file),
                format!("no validator of {} was compiled for the kit", entry.kind),
            ));
            continue;
        };
        let valid = validator.is_valid(data);
        if flavour == Flavour::Strict && valid != entry.conforms {
            problems.push(Problem::file(
                format!("{FIXTURES}/{}", entry.file),
                format!(
                    "{VERDICTS} records that it {} {}, but the strict bundle says it {}",
                    if entry.conforms {
                        "conforms to"
                    } else {
                        "fails"
                    },
                    entry.kind,
                    if valid { "conforms" } else { "fails" },
                ),
            ));
        }
        let mut test = Map::new();
        test.insert("description".into(), entry.file.clone().into());
        if let Some(reason) = &entry.reason {
            test.insert("comment".into(), reason.clone().into());
        }
        test.insert("data".into(), data.clone());
        test.insert("valid".into(), valid.into());
        if let Some(tests) = groups.get_mut(entry.kind.as_str()) {
            tests.push(Value::Object(test));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    for case in drift {
        let (Some(validator), Some(tests)) = (
            validators.by_kind.get(&case.kind),
            groups.get_mut(case.kind.as_str()),
        ) else {
            continue;
        };
        tests.push(json!({
            "description": case.description,
            "comment": case.comment,
            "data": case.data,
            "valid": validator.is_valid(&case.data),
        }));
    }
    Ok(Value::Array(
        groups
            .into_iter()
            .map(|(kind, tests)| {
                json!({
                    "description": kind,
                    "schema": reference(id, kind),
                    "tests": tests,
                })
            })
            .collect(),
    ))
}

/// The schema of a group: the kind's definition in the bundle, by `$id`.
fn reference(id: &str, kind: &str) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("{id}#/$defs/{}", schemakit::pointer::escape(kind)),
    })
}

/// The kit's README: what it is and how a harness runs it.
pub fn readme(strict_id: &str, tolerant_id: &str) -> String {
    format!(
        "<!-- @generated by `clerk-models generate`: do not edit. -->\n\
         # The conformance kit\n\n\
         The Clerk Frontend API payloads this project recorded (`{FIXTURES}/`), with their verdicts, in the file \
         format of the [JSON-Schema-Test-Suite](https://github.com/json-schema-org/JSON-Schema-Test-Suite): \
         each file is a list of groups `{{description, schema, tests: [{{description, comment, data, valid}}]}}`, \
         a group per kind (a definition of the bundle).\n\n\
         | file | judged by | its bundle's `$id` |\n\
         |---|---|---|\n\
         | `clerk.kit.json` | `../schema/clerk.schema.json` (strict) | `{strict_id}` |\n\
         | `clerk.tolerant.kit.json` | `../schema/clerk.tolerant.schema.json` (tolerant) | `{tolerant_id}` |\n\n\
         A group's schema is `{{\"$ref\": \"<$id>#/$defs/<Kind>\"}}`: register the bundle under its `$id` before \
         running the tests, as a harness of the suite registers its `remotes/` (nothing is fetched; the `$id` \
         does not resolve on the network). The bundles carry keywords of their own (`x-secret`, `x-endpoints`, \
         `x-version`): a validator that refuses unknown keywords needs them declared (ajv: `strict: false`, or \
         `addKeyword`). Formats are annotations, as draft 2020-12 has them by default.\n\n\
         Each recording is a test with its recorded verdict (a failing one says why in `comment`); each kind \
         also has drift cases, a conforming recording with `{UNKNOWN_PROPERTY}` added at its root and one with \
         `{UNKNOWN_VALUE}` in place of a value the contract lists, which the strict bundle rejects (where the \
         object is closed, and for the value) and the tolerant one accepts. `clerk-models validate` \
         agrees with every verdict (the project's tests), and so do ajv and python's jsonschema (`.ci/consumers.sh`).\n"
    )
}

/// The kit files, as `generate` writes them (relative to `generated/`).
pub fn files(
    bundles: &[(Flavour, &Value)],
    recorded: &[(Recorded, Value)],
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = Vec::new();
    let mut ids = BTreeMap::new();
    let strict = bundles
        .iter()
        .find(|(flavour, _)| *flavour == Flavour::Strict)
        .map(|(_, bundle)| *bundle)
        .ok_or_else(|| {
            Error::Problems(vec![Problem::file(
                "<kit>",
                "no strict bundle to find the drift cases by",
            )])
        })?;
    let strict_bundle = strict;
    let strict = Validators::new(strict_bundle, recorded)?;
    let drift = drift(&strict, recorded);
    for (flavour, bundle) in bundles {
        let other;
        // The strict bundle's validators, compiled once for the drift
        // cases and its kit.
        let validators = if std::ptr::eq(*bundle, strict_bundle) {
            &strict
        } else {
            other = Validators::new(bundle, recorded)?;
            &other
        };
        let kit = kit(*flavour, validators, recorded, &drift)?;
        files.push((file_name(*flavour).to_owned(), json_text(&kit).into_bytes()));
        ids.insert(
            flavour.name(),
            bundle
                .get("$id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        );
    }
    files.push((
        "kit/README.md".to_owned(),
        readme(
            ids.get("strict").map_or("", String::as_str),
            ids.get("tolerant").map_or("", String::as_str),
        )
        .into_bytes(),
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The drift cases of a recording: an unknown property at its root, and
    /// an unknown value at the first string the strict bundle lists values
    /// for (not at a free string before it); each kit judges them by its
    /// bundle.
    #[test]
    fn drift_cases_are_found_by_the_strict_bundle() {
        let strict = json!({
            "$id": "https://example.invalid/b.json",
            "$defs": {"T": {
                "type": "object",
                "properties": {"n": {"type": "string"}, "s": {"enum": ["a", "b"]}},
                "additionalProperties": false
            }}
        });
        let recorded = vec![(
            Recorded {
                file: "t.json".into(),
                kind: "T".into(),
                conforms: true,
                reason: None,
            },
            json!({"n": "x", "s": "a"}),
        )];
        let strict = Validators::new(&strict, &recorded).unwrap();
        let cases = drift(&strict, &recorded);
        let described: Vec<&str> = cases.iter().map(|c| c.description.as_str()).collect();
        assert_eq!(
            described,
            [
                "t.json, with an unknown property at its root",
                "t.json, with an unknown enum value at /s"
            ]
        );
        assert_eq!(cases[1].data, json!({"n": "x", "s": UNKNOWN_VALUE}));
        let kit = kit(Flavour::Strict, &strict, &recorded, &cases).unwrap();
        let valid: Vec<bool> = kit[0]["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["valid"].as_bool().unwrap())
            .collect();
        assert_eq!(valid, [true, false, false]);
        assert_eq!(
            kit[0]["schema"]["$ref"],
            "https://example.invalid/b.json#/$defs/T"
        );
    }

    #[test]
    fn strings_are_listed_in_document_order() {
        let value = json!({"a": ["x", 1, {"b/c": "y"}], "d": "z"});
        assert_eq!(strings(&value), ["/a/0", "/a/2/b~1c", "/d"]);
    }
}
