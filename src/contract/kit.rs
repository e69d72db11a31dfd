//! The conformance kit: the recorded payloads and their verdicts as files
//! of the JSON-Schema-Test-Suite format (`[{description, schema, tests:
//! [{description, data, valid}]}]`) whose schemas refer to the published
//! bundles by `$id`, so that any validator's harness runs them.
//!
//! A test per recording (`tests/fixtures/clerk/verdicts.json` names each
//! file, its kind and its recorded verdict), and per kind one drift case: a
//! conforming recording with a property the contract does not know added
//! at its root (the strict bundle rejects it where the object is closed,
//! the tolerant one accepts it). The strict verdict of a recording is the
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

/// The kit of one flavour: a group per kind (in name order), its tests in
/// the recordings' order, then the kind's drift case. `bundle` is the
/// flavour's bundle, as published. Where the strict bundle's verdict on a
/// recording is not the recorded one, that is a problem.
pub fn kit(
    flavour: Flavour,
    bundle: &Value,
    recorded: &[(Recorded, Value)],
) -> Result<Value, Error> {
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
    let mut groups: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    let mut drifted: BTreeMap<&str, (&Recorded, Value)> = BTreeMap::new();
    for (entry, data) in recorded {
        groups.entry(&entry.kind).or_default();
        if entry.conforms && !drifted.contains_key(entry.kind.as_str()) {
            if let Value::Object(fields) = data {
                let mut fields = fields.clone();
                fields.insert(UNKNOWN_PROPERTY.into(), json!({"nested": true}));
                drifted.insert(&entry.kind, (entry, Value::Object(fields)));
            }
        }
    }
    let mut problems = Vec::new();
    let mut validators = BTreeMap::new();
    for kind in groups.keys() {
        let schema = reference(&id, kind);
        match jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_registry(&registry)
            .build(&schema)
        {
            Ok(validator) => {
                validators.insert(*kind, validator);
            }
            Err(e) => problems.push(Problem::file(&id, format!("#/$defs/{kind}: {e}"))),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    for (entry, data) in recorded {
        let valid = validators[entry.kind.as_str()].is_valid(data);
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
    for (kind, (entry, data)) in drifted {
        let valid = validators[kind].is_valid(&data);
        if let Some(tests) = groups.get_mut(kind) {
            tests.push(json!({
                "description": format!("{}, with an unknown property at its root", entry.file),
                "comment": format!("Drift: `{UNKNOWN_PROPERTY}` added to a conforming recording."),
                "data": data,
                "valid": valid,
            }));
        }
    }
    Ok(Value::Array(
        groups
            .into_iter()
            .map(|(kind, tests)| {
                json!({
                    "description": kind,
                    "schema": reference(&id, kind),
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
         also has a drift case, a conforming recording with `{UNKNOWN_PROPERTY}` added at its root, which the \
         strict bundle rejects where the object is closed and the tolerant one accepts. `clerk-models validate` \
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
    for (flavour, bundle) in bundles {
        let kit = kit(*flavour, bundle, recorded)?;
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
