//! Why a payload has no kind: what it showed the rules (`response.object
//! is "widget"`, its keys, an empty list) and where (a JSON pointer), and
//! the kinds that come closest, by the `object` values near its own and by
//! the keys it has.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value};

use super::super::Position;
use super::{Detection, Rules};

/// Why a payload's kind cannot be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undetected {
    /// What the payload showed: `response.object is "widget"`, `the
    /// top-level keys are id, name`, `response is an empty array`.
    pub saw: String,
    /// The kinds it fits equally, when it fits several (an empty list fits
    /// every list kind).
    pub fits: Vec<&'static str>,
    /// Otherwise the kinds that come closest, best first (at most three).
    pub closest: Vec<&'static str>,
    /// The JSON pointer of what it showed: the `object` member
    /// (`/response/object`), the array (`/response`), or the payload (``).
    pub pointer: String,
    /// Where that is in the text, when the payload was judged from text.
    pub position: Option<Position>,
    /// The text there (one line, shortened), when judged from text.
    pub snippet: Option<String>,
}

impl fmt::Display for Undetected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.saw)?;
        if !self.fits.is_empty() {
            write!(
                f,
                ", which fits {} kinds equally: {}",
                self.fits.len(),
                list(&self.fits)
            )
        } else if !self.closest.is_empty() {
            write!(f, "; closest: {}", self.closest.join(", "))
        } else {
            Ok(())
        }
    }
}

/// At most this many kinds are named.
const NAMED: usize = 8;

fn list(kinds: &[&str]) -> String {
    let mut out = kinds
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if kinds.len() > NAMED {
        out.push_str(&format!(" and {} more", kinds.len() - NAMED));
    }
    out
}

/// Where an object sits, for the words and for mapping the defs it looks
/// like to kinds (a `response` to its envelopes, an element to its lists).
#[derive(Clone, Copy)]
enum Place {
    Top,
    Response,
    /// The first element of the payload array.
    Item,
    /// The first element of `response`, an array.
    ResponseItem,
    /// The first element of a page's `data` (of the payload or the response).
    DataItem {
        response: bool,
    },
}

impl Place {
    /// The JSON pointer of the place.
    fn pointer(self) -> &'static str {
        match self {
            Place::Top => "",
            Place::Response => "/response",
            Place::Item => "/0",
            Place::ResponseItem => "/response/0",
            Place::DataItem { response: false } => "/data/0",
            Place::DataItem { response: true } => "/response/data/0",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Place::Top => "",
            Place::Response => "response",
            Place::Item => "[0]",
            Place::ResponseItem => "response[0]",
            Place::DataItem { response: false } => "data[0]",
            Place::DataItem { response: true } => "response.data[0]",
        }
    }

    /// `path.key`, or the key alone at the top.
    fn member(self, key: &str) -> String {
        match self {
            Place::Top => key.to_owned(),
            _ => format!("{}.{key}", self.path()),
        }
    }
}

pub(super) fn explain(rules: &Rules, value: &Value) -> Undetected {
    let fits = match rules.detection(value) {
        Detection::Several(kinds) => kinds,
        _ => Vec::new(),
    };
    let Seen {
        saw,
        pointer,
        closest,
    } = match value {
        Value::Object(map) => match map.get("response") {
            None => object(rules, map, Place::Top),
            Some(Value::Null) => Seen::at(Place::Response, "response is null".to_owned()),
            Some(Value::Object(inner)) => object(rules, inner, Place::Response),
            Some(Value::Array(items)) => array(rules, items, Place::ResponseItem),
            Some(other) => Seen::at(Place::Response, format!("response is {}", a(other))),
        },
        Value::Array(items) => array(rules, items, Place::Item),
        other => Seen::at(Place::Top, format!("the payload is {}", a(other))),
    };
    Undetected {
        saw,
        closest: if fits.is_empty() { closest } else { Vec::new() },
        fits,
        pointer,
        position: None,
        snippet: None,
    }
}

/// What the rules saw, where, and the kinds closest to it.
struct Seen {
    saw: String,
    pointer: String,
    closest: Vec<&'static str>,
}

impl Seen {
    /// `saw` at `place` itself, with no kind close to it.
    fn at(place: Place, saw: String) -> Seen {
        Seen {
            saw,
            pointer: place.pointer().to_owned(),
            closest: Vec::new(),
        }
    }
}

/// "a string", "an array", ...
fn a(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn array(rules: &Rules, items: &[Value], place: Place) -> Seen {
    let whole = match place {
        Place::Item => "the payload",
        Place::ResponseItem => "response",
        Place::DataItem { response: false } => "data",
        _ => "response.data",
    };
    // The array itself: the place of its first item, without the index.
    let array = place
        .pointer()
        .strip_suffix("/0")
        .unwrap_or_default()
        .to_owned();
    let seen = |saw| Seen {
        saw,
        pointer: array.clone(),
        closest: Vec::new(),
    };
    match items.first() {
        None => seen(format!("{whole} is an empty array")),
        Some(Value::Object(item)) => object(rules, item, place),
        Some(other) => seen(format!(
            "{whole} is an array whose first item is {}",
            a(other)
        )),
    }
}

/// What an object showed, where, and the kinds closest to it at its place.
fn object(rules: &Rules, map: &Map<String, Value>, place: Place) -> Seen {
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    let by_keys = || closest_by_keys(rules, &keys);
    // What it says is of its `object` when it has one, else of its keys.
    let pointer = if map.contains_key("object") {
        format!("{}/object", place.pointer())
    } else {
        place.pointer().to_owned()
    };
    let (saw, defs) = match map.get("object") {
        Some(Value::String(object)) => {
            let claimants = rules.by_object.get(object.as_str());
            let claimed = claimants.is_some();
            let defs = match claimants {
                Some(claimants) => claimants.clone(),
                None => {
                    let mut defs = near_objects(rules, object);
                    defs.extend(by_keys());
                    defs
                }
            };
            let saw = format!(
                "{} is {}{}",
                place.member("object"),
                Value::String(object.clone()),
                if claimed {
                    ""
                } else {
                    ", which no kind claims"
                }
            );
            (saw, defs)
        }
        Some(other) => (
            format!("{} is {}, not a string", place.member("object"), a(other)),
            by_keys(),
        ),
        None => match (map.get("data"), place) {
            (Some(Value::Array(items)), Place::Top | Place::Response) => {
                // A page: what its first element shows, as kinds of pages.
                let response = matches!(place, Place::Response);
                return array(rules, items, Place::DataItem { response });
            }
            _ => {
                let whose = match place {
                    Place::Top => "the top-level keys are".to_owned(),
                    _ => format!("{}'s keys are", place.path()),
                };
                let shown = if keys.is_empty() {
                    "none".to_owned()
                } else {
                    let mut shown = keys
                        .iter()
                        .take(NAMED)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ");
                    if keys.len() > NAMED {
                        shown.push_str(&format!(" and {} more", keys.len() - NAMED));
                    }
                    shown
                };
                (format!("{whose} {shown}"), by_keys())
            }
        },
    };
    Seen {
        saw,
        pointer,
        closest: at_place(rules, defs, place),
    }
}

/// The kinds the defs an object looks like stand for at its place: a
/// `response` is its envelope, an element its list (and an element of a
/// `response` array the envelope of that list).
fn at_place(rules: &Rules, defs: Vec<&'static str>, place: Place) -> Vec<&'static str> {
    let through =
        |defs: Vec<&'static str>,
         table: &std::collections::BTreeMap<&'static str, Vec<&'static str>>| {
            defs.iter()
                .filter_map(|d| table.get(d))
                .flatten()
                .copied()
                .collect::<Vec<_>>()
        };
    let kinds = match place {
        Place::Top => defs,
        Place::Response => through(defs, &rules.envelopes),
        Place::Item => through(defs, &rules.lists),
        Place::ResponseItem => through(through(defs, &rules.lists), &rules.envelopes),
        Place::DataItem { response: false } => through(defs, &rules.pages),
        Place::DataItem { response: true } => {
            through(through(defs, &rules.pages), &rules.envelopes)
        }
    };
    let mut seen = BTreeSet::new();
    kinds
        .into_iter()
        .filter(|k| seen.insert(*k))
        .take(3)
        .collect()
}

/// The defs that claim an `object` value within a few edits of `object`.
fn near_objects(rules: &Rules, object: &str) -> Vec<&'static str> {
    let limit = (object.chars().count() / 4).clamp(1, 3);
    let mut near: Vec<(usize, &'static str)> = rules
        .by_object
        .iter()
        .filter(|(value, _)| value.as_str() != object)
        .map(|(value, defs)| (strsim::osa_distance(value, object), defs))
        .filter(|(distance, _)| *distance <= limit)
        .flat_map(|(distance, defs)| defs.iter().map(move |d| (distance, *d)))
        .collect();
    near.sort();
    near.into_iter().map(|(_, d)| d).collect()
}

/// The object defs whose keys `keys` come closest to: sharing at least one
/// key, fewest required keys missing plus unknown keys present (the best,
/// and those as good).
fn closest_by_keys(rules: &Rules, keys: &[&str]) -> Vec<&'static str> {
    let owned: Vec<std::borrow::Cow<'_, str>> = keys.iter().map(|k| (*k).into()).collect();
    let mut scored: Vec<(usize, &'static str)> = rules
        .fits
        .iter()
        .filter(|(_, fit)| keys.iter().any(|k| fit.properties.contains(*k)))
        .map(|(name, fit)| (fit.distance(&owned), *name))
        .collect();
    scored.sort();
    let best = scored.first().map(|(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| Some(*d) == best)
        .map(|(_, name)| name)
        .collect()
}
