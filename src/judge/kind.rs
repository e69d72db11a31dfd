//! Telling a payload's kind from its shape. The rules ([`Rules`]) are
//! derived once from the schema (the `object` discriminators, the
//! envelopes, the error body, the deleted marker), not from a hand-written
//! list, and applied in one place ([`Rules::kind`]) to what a payload shows
//! ([`Shape`]), whether read from a parsed `Value`, from the text
//! ([`text`]) or back from a decoded value ([`decoded`]).

mod decoded;
mod text;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// How kinds are told apart, derived from the schema.
#[derive(Debug, Default)]
pub struct Rules {
    /// `object` discriminator value → the def whose `object` is that `const`
    /// (or lists it in its `enum`). Values claimed by two defs are left out.
    by_object: BTreeMap<String, &'static str>,
    /// The def of `{..., "deleted": true}` markers.
    deleted: Option<&'static str>,
    /// Response def → the envelope def `{response, client}` around it.
    envelopes: BTreeMap<&'static str, &'static str>,
    /// The envelope whose `response` may be `null`.
    null_response: Option<&'static str>,
    /// The error body def `{errors: [...]}`.
    errors: Option<&'static str>,
}

/// What the rules read of a payload: its top-level `response`, `errors`,
/// `object` and `deleted`, and the `object` and `deleted` of an object
/// `response`. As in a `Value`, the last of duplicate keys wins.
#[derive(Debug, Default)]
pub(crate) struct Shape<'t> {
    bare: Bare<'t>,
    response: Response<'t>,
    /// The (last) `errors` is an array.
    errors: bool,
}

/// `object` (when a string) and `deleted` (when `true`) of an object.
#[derive(Debug, Default)]
struct Bare<'t> {
    object: Option<Cow<'t, str>>,
    deleted: bool,
}

#[derive(Debug, Default)]
enum Response<'t> {
    #[default]
    Absent,
    Null,
    Object(Bare<'t>),
    /// Anything else: not an object, so no kind.
    Other,
}

/// The keys the rules read (read without allocating).
#[derive(Clone, Copy)]
pub(crate) enum Key {
    Response,
    Errors,
    Object,
    Deleted,
    Other,
}

impl Key {
    pub(crate) fn of(key: &str) -> Key {
        match key {
            "response" => Key::Response,
            "errors" => Key::Errors,
            "object" => Key::Object,
            "deleted" => Key::Deleted,
            _ => Key::Other,
        }
    }
}

impl<'v> Shape<'v> {
    /// What a parsed payload shows; `None` for one that is not an object.
    fn of_value(value: &'v Value) -> Option<Shape<'v>> {
        let object = value.as_object()?;
        let bare = |object: &'v serde_json::Map<String, Value>| Bare {
            object: object
                .get("object")
                .and_then(Value::as_str)
                .map(Cow::Borrowed),
            deleted: object.get("deleted") == Some(&Value::Bool(true)),
        };
        Some(Shape {
            bare: bare(object),
            response: match object.get("response") {
                None => Response::Absent,
                Some(Value::Null) => Response::Null,
                Some(Value::Object(inner)) => Response::Object(bare(inner)),
                Some(_) => Response::Other,
            },
            errors: object.get("errors").is_some_and(Value::is_array),
        })
    }
}

impl Rules {
    /// The kind of a payload that shows `shape`:
    ///
    /// * an envelope `{"response": ..., "client": ...}` is the envelope def
    ///   whose `response` is the def of the response object (by the rules
    ///   below); a `null` response is the envelope whose `response` is
    ///   nullable (`ClientEnvelope`);
    /// * `{"errors": [...]}` is the def that requires an `errors` array
    ///   (`ErrorEnvelope`);
    /// * an object with `"deleted": true` is the def that requires a boolean
    ///   `deleted` (`DeletedObject`);
    /// * another object is the def whose `properties.object` is a `const`
    ///   (or lists in its `enum`) the object's `object` string.
    ///
    /// `None` when no rule applies.
    pub(crate) fn kind(&self, shape: &Shape<'_>) -> Option<&'static str> {
        match &shape.response {
            Response::Absent => {}
            Response::Null => return self.null_response,
            Response::Object(bare) => {
                let inner = self.bare(bare)?;
                return self.envelopes.get(inner).copied();
            }
            Response::Other => return None,
        }
        if shape.errors {
            return self.errors;
        }
        self.bare(&shape.bare)
    }

    fn bare(&self, bare: &Bare<'_>) -> Option<&'static str> {
        if bare.deleted {
            if let Some(kind) = self.deleted {
                return Some(kind);
            }
        }
        self.by_object.get(bare.object.as_deref()?).copied()
    }

    /// The kind of a parsed payload.
    pub fn detect(&self, value: &Value) -> Option<&'static str> {
        self.kind(&Shape::of_value(value)?)
    }

    /// The kind of a payload, told from its text without building a `Value`
    /// (`None` for text that is not JSON, save that a lone surrogate escape
    /// in a skipped string goes unnoticed here: the decode or the parse
    /// refuses it).
    pub fn detect_text(&self, text: &str) -> Option<&'static str> {
        self.kind(&text::shape(text)?)
    }

    /// The kind the encoding of a decoded value shows; `None` when it has
    /// none or cannot be read back.
    pub fn detect_decoded<T: Serialize + ?Sized>(&self, value: &T) -> Option<&'static str> {
        self.kind(&decoded::shape(self, value)?)
    }

    /// The kind a payload's first key suggests (for an envelope, with the
    /// first key of its `response`), read from its first bytes: the one
    /// pass decodes the payload as that kind and confirms the guess from
    /// the decoded value, which spares it a second pass over the text.
    pub fn guess(&self, text: &str) -> Option<&'static str> {
        text::guess(self, text)
    }
}

/// What the derivation needs of the judge's kinds and documents.
pub(super) trait Schemas {
    /// Every kind: (name, file, its schema).
    fn kind_schemas(&self) -> Vec<(&'static str, &'static str, &Value)>;
    /// The file and subschema a `$ref` in `file` points to.
    fn resolve(&self, file: &str, reference: &str) -> Option<(&'static str, &Value)>;
    /// The kind defined exactly at `file`, `pointer`.
    fn kind_at(&self, file: &str, pointer: &str) -> Option<&'static str>;
}

impl Rules {
    /// The rules of a schema: each from what the kinds' definitions say.
    pub(super) fn derive(schemas: &dyn Schemas) -> Rules {
        let mut d = Rules::default();
        let mut claimed: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
        let mut deleted = BTreeSet::new();
        let mut errors = BTreeSet::new();
        let mut envelopes: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
        let mut null_response = BTreeSet::new();
        let reader = Reader(schemas);
        for (name, file, schema) in schemas.kind_schemas() {
            let props = schema.get("properties").and_then(Value::as_object);
            let required = |name: &str| {
                schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|v| v == name))
            };
            let Some(props) = props else { continue };
            if let Some(object) = props.get("object") {
                for value in reader.string_values(file, object) {
                    claimed.entry(value).or_default().insert(name);
                }
            }
            if required("deleted")
                && props
                    .get("deleted")
                    .is_some_and(|d| reader.types_of(file, d).contains("boolean"))
            {
                deleted.insert(name);
            }
            if required("errors")
                && props
                    .get("errors")
                    .is_some_and(|e| reader.types_of(file, e).contains("array"))
            {
                errors.insert(name);
            }
            if let (Some(response), true) = (props.get("response"), required("response")) {
                let (targets, nullable) = reader.ref_targets(file, response);
                for target in targets {
                    envelopes.entry(target).or_default().insert(name);
                }
                if nullable {
                    null_response.insert(name);
                }
            }
        }
        let only = |set: BTreeSet<&'static str>| (set.len() == 1).then(|| *set.first().unwrap());
        d.by_object = claimed
            .into_iter()
            .filter_map(|(value, kinds)| only(kinds).map(|k| (value, k)))
            .collect();
        d.envelopes = envelopes
            .into_iter()
            .filter_map(|(target, kinds)| only(kinds).map(|k| (target, k)))
            .collect();
        d.deleted = only(deleted);
        d.errors = only(errors);
        d.null_response = only(null_response);
        d
    }
}

/// Reads the kinds' definitions, following `$ref`s among the documents.
struct Reader<'s>(&'s dyn Schemas);

impl<'s> Reader<'s> {
    /// The strings a property schema pins: its `const`, or its `enum`
    /// (following `$ref`s).
    fn string_values(&self, file: &'s str, schema: &'s Value) -> Vec<String> {
        let mut out = Vec::new();
        let (_, schema) = self.follow(file, schema);
        if let Some(c) = schema.get("const").and_then(Value::as_str) {
            out.push(c.to_owned());
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        out
    }

    /// The JSON types a schema names with `type` (following `$ref`s and
    /// `anyOf`/`oneOf` branches).
    fn types_of(&self, file: &'s str, schema: &'s Value) -> BTreeSet<String> {
        let (file, schema) = self.follow(file, schema);
        let mut out = BTreeSet::new();
        match schema.get("type") {
            Some(Value::String(t)) => {
                out.insert(t.clone());
            }
            Some(Value::Array(ts)) => {
                out.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
        for key in ["anyOf", "oneOf"] {
            for branch in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.extend(self.types_of(file, branch));
            }
        }
        out
    }

    /// The kinds a property schema refers to (directly or as an `anyOf`/`oneOf`
    /// branch), and whether it also allows `null`.
    fn ref_targets(&self, file: &'s str, schema: &'s Value) -> (Vec<&'static str>, bool) {
        let mut targets = Vec::new();
        let mut nullable = false;
        let branches: Vec<&Value> = ["anyOf", "oneOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten()
            .chain(std::iter::once(schema))
            .collect();
        for branch in branches {
            if let Some(reference) = branch.get("$ref").and_then(Value::as_str) {
                if let Some(kind) = self.ref_kind(file, reference) {
                    targets.push(kind);
                }
            }
            if self.types_of(file, branch).contains("null") {
                nullable = true;
            }
        }
        (targets, nullable)
    }

    /// The kind a `$ref` names, if it names a whole def.
    fn ref_kind(&self, file: &str, reference: &str) -> Option<&'static str> {
        let (target, _) = self.0.resolve(file, reference)?;
        let pointer = reference.split_once('#')?.1;
        self.0.kind_at(target, pointer)
    }

    /// Follows `$ref`s from `schema` (in `file`) to a schema without one.
    fn follow(&self, mut file: &'s str, mut schema: &'s Value) -> (&'s str, &'s Value) {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some((f, s)) = self.0.resolve(file, reference) else {
                break;
            };
            (file, schema) = (f, s);
        }
        (file, schema)
    }
}
