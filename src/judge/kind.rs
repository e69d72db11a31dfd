//! Telling a payload's kind from its shape. The rules ([`Rules`]) are
//! derived once from the schema ([`derive`]: the `object` discriminators,
//! the envelopes, lists and pages, the error body, the deleted marker, the
//! keys each definition requires and allows), not from a hand-written list,
//! and applied in one place ([`Rules::detection`]) to what a payload shows
//! ([`Shape`]), whether read from a parsed `Value`, from the text ([`text`])
//! or back from a decoded value ([`decoded`]). Where they cannot tell,
//! [`explain`] says what the payload showed and which kinds come closest.

mod decoded;
mod derive;
mod explain;
mod text;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

pub use derive::Schemas;
pub use explain::Undetected;

/// How kinds are told apart, derived from the schema.
#[derive(Debug, Default)]
pub struct Rules {
    /// `object` discriminator value → the defs whose `object` is that
    /// `const` (or lists it in its `enum`); several are told apart by their
    /// keys.
    by_object: BTreeMap<String, Vec<&'static str>>,
    /// The keys each object def requires and allows.
    fits: BTreeMap<&'static str, Fit>,
    /// Object defs that may come without an `object` key, as a payload or an
    /// envelope's `response` (`{jwt}`, `{form, advisory}`): told by their
    /// keys alone, exactly.
    objectless: Vec<&'static str>,
    /// The def of `{..., "deleted": true}` markers.
    deleted: Option<&'static str>,
    /// Response def → the envelope defs `{response, client}` around it.
    envelopes: BTreeMap<&'static str, Vec<&'static str>>,
    /// Item def → the array defs of it (`XList`).
    lists: BTreeMap<&'static str, Vec<&'static str>>,
    /// Item def → the page defs `{data: [X], ...}` of it (`XPage`).
    pages: BTreeMap<&'static str, Vec<&'static str>>,
    /// The envelopes whose `response` may be `null`; when there are several,
    /// the one that wraps the type of its own `client` first (`preferred`).
    null_response: Vec<&'static str>,
    null_preferred: bool,
    /// The defs that require an `errors` array: the error body, and any
    /// other told apart from it by keys.
    errors: Vec<&'static str>,
}

/// The keys an object def requires and allows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Fit {
    required: Vec<String>,
    properties: BTreeSet<String>,
    /// No key outside `properties` is allowed.
    closed: bool,
}

impl Fit {
    /// How far a payload with `keys` is from the def: required keys it
    /// lacks plus keys the def does not allow (once each).
    fn distance(&self, keys: &[Cow<'_, str>]) -> usize {
        let missing = self
            .required
            .iter()
            .filter(|r| !keys.iter().any(|k| k == r.as_str()))
            .count();
        let extra = if self.closed {
            let unknown: BTreeSet<&str> = keys
                .iter()
                .map(|k| k.as_ref())
                .filter(|k| !self.properties.contains(*k))
                .collect();
            unknown.len()
        } else {
            0
        };
        missing + extra
    }
}

/// What the rules tell of a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detection {
    /// Its kind.
    Kind(&'static str),
    /// It fits each of these kinds equally (an empty list fits every list
    /// kind): the kind must be named.
    Several(Vec<&'static str>),
    /// No rule applies.
    Unknown,
}

impl Detection {
    /// The kind, when there is exactly one.
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Detection::Kind(kind) => Some(kind),
            _ => None,
        }
    }

    /// Each kind of `self` mapped through `table` (an item to its lists, a
    /// response to its envelopes).
    fn through(self, table: &BTreeMap<&'static str, Vec<&'static str>>) -> Detection {
        let kinds = match self {
            Detection::Kind(kind) => vec![kind],
            Detection::Several(kinds) => kinds,
            Detection::Unknown => return Detection::Unknown,
        };
        let mapped: BTreeSet<&'static str> = kinds
            .iter()
            .filter_map(|k| table.get(k))
            .flatten()
            .copied()
            .collect();
        Detection::of(mapped)
    }

    fn of(kinds: impl IntoIterator<Item = &'static str>) -> Detection {
        let mut kinds: Vec<&'static str> = kinds.into_iter().collect();
        kinds.sort_unstable();
        kinds.dedup();
        match kinds.len() {
            0 => Detection::Unknown,
            1 => Detection::Kind(kinds[0]),
            _ => Detection::Several(kinds),
        }
    }
}

/// The most keys of one object the rules keep: beyond it, the keys tell no
/// more (and memory stays bounded whatever the payload).
const MAX_KEYS: usize = 512;

/// What the rules read of one object of a payload: its `object` (when a
/// string) and `deleted` (when `true`), its keys, and (where the rules look)
/// its `response`, `errors` and `data`. As in a `Value`, the last of
/// duplicate keys wins.
#[derive(Debug, Default)]
pub(crate) struct Shape<'t> {
    object: Option<Cow<'t, str>>,
    deleted: bool,
    /// Its keys (at most [`MAX_KEYS`]); `None` when they were not read (from
    /// a decoded value).
    keys: Option<Vec<Cow<'t, str>>>,
    /// The payload's `errors` is an array.
    errors: bool,
    /// The payload's `response`.
    response: Slot<'t>,
    /// The `data` of the payload or of its `response` (a page).
    data: Slot<'t>,
}

/// A member the rules read into.
#[derive(Debug, Default)]
pub(crate) enum Slot<'t> {
    #[default]
    Absent,
    Null,
    Object(Box<Shape<'t>>),
    Array(First<'t>),
    /// A string, number or boolean.
    Other,
    /// Something the reader did not read (from a decoded value).
    Unread,
}

/// The first element of an array, which tells what the array holds.
#[derive(Debug)]
pub(crate) enum First<'t> {
    Empty,
    Object(Box<Shape<'t>>),
    Other,
}

/// Where in a payload an object is: what the rules read of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// The payload: `response`, `errors`, `data`.
    Top,
    /// An envelope's `response`: `data`.
    Response,
    /// An element of an array: its own `object`, `deleted` and keys only.
    Item,
}

impl Level {
    fn reads_response(self) -> bool {
        self == Level::Top
    }
    fn reads_data(self) -> bool {
        self != Level::Item
    }
}

/// The keys the rules read the value of.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Response,
    Errors,
    Object,
    Deleted,
    Data,
    Other,
}

impl Key {
    pub(crate) fn of(key: &str) -> Key {
        match key {
            "response" => Key::Response,
            "errors" => Key::Errors,
            "object" => Key::Object,
            "deleted" => Key::Deleted,
            "data" => Key::Data,
            _ => Key::Other,
        }
    }
}

impl<'t> Shape<'t> {
    /// Notes a key (the first [`MAX_KEYS`] distinct ones).
    fn key(&mut self, key: Cow<'t, str>) {
        let keys = self.keys.get_or_insert_with(Vec::new);
        if keys.len() < MAX_KEYS && !keys.contains(&key) {
            keys.push(key);
        }
    }
}

/// What a parsed payload shows.
fn slot_of_value(value: &Value, level: Level) -> Slot<'_> {
    match value {
        Value::Null => Slot::Null,
        Value::Object(object) => Slot::Object(Box::new(shape_of_object(object, level))),
        Value::Array(items) => Slot::Array(match items.first() {
            None => First::Empty,
            Some(Value::Object(item)) => {
                First::Object(Box::new(shape_of_object(item, Level::Item)))
            }
            Some(_) => First::Other,
        }),
        _ => Slot::Other,
    }
}

fn shape_of_object(object: &serde_json::Map<String, Value>, level: Level) -> Shape<'_> {
    let mut shape = Shape {
        object: object
            .get("object")
            .and_then(Value::as_str)
            .map(Cow::Borrowed),
        deleted: object.get("deleted") == Some(&Value::Bool(true)),
        keys: Some(Vec::new()),
        ..Shape::default()
    };
    for key in object.keys() {
        shape.key(Cow::Borrowed(key));
    }
    if level.reads_response() {
        if let Some(response) = object.get("response") {
            shape.response = slot_of_value(response, Level::Response);
        }
        shape.errors = object.get("errors").is_some_and(Value::is_array);
    }
    if level.reads_data() {
        if let Some(data) = object.get("data") {
            shape.data = match slot_of_value(data, Level::Item) {
                array @ Slot::Array(_) => array,
                _ => Slot::Other,
            };
        }
    }
    shape
}

impl Rules {
    /// What the rules tell of a payload that shows `slot`:
    ///
    /// * an envelope `{"response": ..., "client": ...}` is the envelope def
    ///   whose `response` is the def of the response (by the rules below);
    ///   a `null` response is the envelope whose `response` may be null (of
    ///   several, the one that wraps its own client's type: `ClientEnvelope`);
    /// * `{"errors": [...]}` is the def that requires an `errors` array;
    /// * an array is the list def of its first element's def;
    /// * an object with `"deleted": true` is the def that requires a boolean
    ///   `deleted`;
    /// * another object is the def whose `properties.object` is a `const`
    ///   (or lists in its `enum`) the object's `object` string; where
    ///   several defs share it, the one whose keys the object fits best
    ///   (fewest required keys missing plus unknown keys present, then the
    ///   most required keys);
    /// * an object without `object` is a page `{data: [X], ...}` of the def
    ///   of its first element, or else the def without `object` whose keys
    ///   it fits exactly (`{jwt}`).
    ///
    /// An empty list or page fits every list or page kind: [`Detection::Several`].
    pub(crate) fn detection_of(&self, slot: &Slot<'_>) -> Detection {
        match slot {
            Slot::Object(shape) => self.top(shape),
            Slot::Array(first) => self.list(first),
            _ => Detection::Unknown,
        }
    }

    fn top(&self, shape: &Shape<'_>) -> Detection {
        match &shape.response {
            Slot::Absent => {}
            Slot::Null => {
                return match (self.null_response.as_slice(), self.null_preferred) {
                    ([only], _) | ([only, ..], true) => Detection::Kind(only),
                    (all, _) => Detection::of(all.iter().copied()),
                }
            }
            Slot::Object(inner) => {
                return self
                    .object(inner, Some(&self.envelopes))
                    .through(&self.envelopes)
            }
            Slot::Array(first) => return self.list(first).through(&self.envelopes),
            Slot::Other | Slot::Unread => return Detection::Unknown,
        }
        if shape.errors && !self.errors.is_empty() {
            return self.closest_fit(&self.errors, shape.keys.as_deref(), false);
        }
        self.object(shape, None)
    }

    /// The list def of an array whose first element is `first`.
    fn list(&self, first: &First<'_>) -> Detection {
        match first {
            First::Empty => Detection::of(self.lists.values().flatten().copied()),
            First::Object(item) => self.object(item, Some(&self.lists)).through(&self.lists),
            First::Other => Detection::Unknown,
        }
    }

    /// The def of an object (the payload, a `response`, an element). Where
    /// it sits inside something (`within`: an envelope, a list, a page),
    /// only the defs that something holds are candidates, when any is.
    fn object(
        &self,
        shape: &Shape<'_>,
        within: Option<&BTreeMap<&'static str, Vec<&'static str>>>,
    ) -> Detection {
        if shape.deleted {
            if let Some(kind) = self.deleted {
                return Detection::Kind(kind);
            }
        }
        if let Some(object) = &shape.object {
            let Some(claimants) = self.by_object.get(object.as_ref()) else {
                return Detection::Unknown;
            };
            let held: Vec<&'static str> = match within {
                Some(table) => claimants
                    .iter()
                    .copied()
                    .filter(|c| table.contains_key(c))
                    .collect(),
                None => Vec::new(),
            };
            let candidates = if held.is_empty() { claimants } else { &held };
            return self.closest_fit(candidates, shape.keys.as_deref(), false);
        }
        match &shape.data {
            Slot::Array(first) => {
                // The pages of what the first element is (of any, when
                // there is none), told apart by their keys.
                let pages = match first {
                    First::Empty => Detection::of(self.pages.values().flatten().copied()),
                    First::Object(item) => {
                        self.object(item, Some(&self.pages)).through(&self.pages)
                    }
                    First::Other => Detection::Unknown,
                };
                return match pages {
                    Detection::Several(kinds) => {
                        self.closest_fit(&kinds, shape.keys.as_deref(), false)
                    }
                    other => other,
                };
            }
            Slot::Unread => return Detection::Unknown,
            _ => {}
        }
        // A body without `object`: a def whose keys it fits exactly (within
        // what holds it, if anything does), and not an empty one.
        if shape.keys.as_ref().is_some_and(Vec::is_empty) {
            return Detection::Unknown;
        }
        // Alone, only a def that requires some key is told by keys: one
        // that requires none would take any small object for itself.
        let held: Vec<&'static str> = match within {
            Some(table) => self
                .objectless
                .iter()
                .copied()
                .filter(|c| table.contains_key(c))
                .collect(),
            None => self
                .objectless
                .iter()
                .copied()
                .filter(|c| self.fits.get(c).is_some_and(|f| !f.required.is_empty()))
                .collect(),
        };
        self.closest_fit(&held, shape.keys.as_deref(), true)
    }

    /// The candidate whose keys `keys` fit best (`exact`: only a perfect
    /// fit counts); without keys, only a lone candidate.
    fn closest_fit(
        &self,
        candidates: &[&'static str],
        keys: Option<&[Cow<'_, str>]>,
        exact: bool,
    ) -> Detection {
        if let ([only], false) = (candidates, exact) {
            return Detection::Kind(only);
        }
        let Some(keys) = keys else {
            return Detection::Unknown;
        };
        let scored = candidates.iter().filter_map(|&kind| {
            let fit = self.fits.get(kind)?;
            let distance = fit.distance(keys);
            (!exact || distance == 0).then_some((
                distance,
                std::cmp::Reverse(fit.required.len()),
                kind,
            ))
        });
        let scored: Vec<_> = scored.collect();
        let Some(best) = scored.iter().map(|(d, r, _)| (*d, *r)).min() else {
            return Detection::Unknown;
        };
        Detection::of(
            scored
                .iter()
                .filter(|(d, r, _)| (*d, *r) == best)
                .map(|(_, _, k)| *k),
        )
    }

    /// What the rules tell of a parsed payload.
    pub fn detection(&self, value: &Value) -> Detection {
        self.detection_of(&slot_of_value(value, Level::Top))
    }

    /// The kind of a parsed payload, when the rules tell exactly one.
    pub fn detect(&self, value: &Value) -> Option<&'static str> {
        self.detection(value).kind()
    }

    /// The kind of a payload, told from its text without building a `Value`
    /// (`None` for text that is not JSON, save that a lone surrogate escape
    /// in a skipped string goes unnoticed here: the decode or the parse
    /// refuses it).
    pub fn detect_text(&self, text: &str) -> Option<&'static str> {
        self.detection_of(&text::slot(text)?).kind()
    }

    /// The kind the encoding of a decoded value shows; `None` when it has
    /// none or cannot be read back (the keys are not read back: where they
    /// would decide, this says `None`).
    pub fn detect_decoded<T: Serialize + ?Sized>(&self, value: &T) -> Option<&'static str> {
        self.detection_of(&decoded::slot(self, value)?).kind()
    }

    /// The kind a payload's first key suggests (for an envelope, with the
    /// first key of its `response`), read from its first bytes: the one
    /// pass decodes the payload as that kind and confirms the guess from
    /// the decoded value, which spares it a second pass over the text.
    pub fn guess(&self, text: &str) -> Option<&'static str> {
        text::guess(self, text)
    }

    /// Why a parsed payload has no kind: what it shows and the kinds that
    /// come closest.
    pub fn explain(&self, value: &Value) -> Undetected {
        explain::explain(self, value)
    }

    /// The one def that claims an `object` value, if one does.
    fn sole_claimant(&self, object: &str) -> Option<&'static str> {
        match self.by_object.get(object)?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
