//! `diff`: every change between two versions of the schema, classified for
//! the consumers of the payloads and of the generated Rust API.

use super::output::{self, paint, plural};
use super::schema::{self, escape_token, SchemaSet};
use super::{CliError, Exit, Format, Global};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

macro_rules! rules {
    () => {
        "\
How changes are classified (payloads: programs that read or validate the JSON;
Rust: code using the generated types). A change is breaking when it breaks
either; the exit code is 1 when any change is breaking.

  kind                      payloads    Rust        why
  def-removed               breaking    breaking    the type and every reference to it are gone
  def-added                 compatible  compatible  nothing used it before
  property-removed          breaking    breaking    readers lose the data; the field is gone
  property-renamed          breaking    breaking    a removal plus an addition (same schema)
  property-added            compatible  compatible  optional: old payloads stay valid, a new Option field
  required-property-added   breaking    breaking    old payloads lack it and no longer validate or decode
  made-required             breaking    breaking    payloads without it fail; Option<T> becomes T
  made-optional             breaking    breaking    readers can no longer count on it; T becomes Option<T>
  type-changed              breaking    breaking    other values, another Rust type
  type-narrowed             breaking    breaking    values valid before are rejected
  type-widened              breaking    breaking    readers get values they do not handle; the Rust type changes
  nullable-added            breaking    breaking    readers must handle null; T becomes Option<T>
  nullable-removed          breaking    breaking    payloads with null no longer validate; Option<T> becomes T
  enum-value-added          compatible  compatible  enums are open: the tolerant schema and the Rust enums keep
                                                    unknown values (strict validation reports it as drift); the
                                                    value decodes as a new variant instead of Unknown(..)
  enum-value-removed        breaking    breaking    payloads with it no longer validate; the variant is gone
  const-changed             breaking    breaking    the only allowed value is another
  restricted                breaking    breaking    an enum or const now restricts a free value
  unrestricted              breaking    breaking    a free value replaces an enum or const: other values
                                                    arrive, and the Rust enum becomes a String
  format-changed            breaking    breaking    another meaning or Rust integer width (int32 -> int64)
  tuple-changed             breaking    breaking    another number of tuple items
  union-changed             breaking    breaking    the anyOf/oneOf branches changed
  bounds-narrowed           breaking    compatible  values valid before are rejected; Rust types ignore bounds
  bounds-widened            compatible  compatible  every value valid before stays valid
  closed                    breaking    compatible  additionalProperties: false added: unknown keys fail
                                                    validation (the Rust types keep them in `extra`)
  opened                    compatible  compatible  unknown keys are allowed
  constraint-changed        breaking    compatible  another validation keyword changed (conservative)
  default-changed           compatible  compatible  the `_or_default()` accessor returns the new value
  deprecation-changed       compatible  compatible  documentation only
  docs-changed              compatible  compatible  description, title, examples or $comment

Adding a field or a variant breaks Rust code that builds the struct with a
literal or matches the enum exhaustively; decoding and reading are unaffected,
so those count as compatible here."
    };
}

macro_rules! examples {
    () => {
        "\
Examples:
  clerk-models diff old/schema schema
  clerk-models diff v0.1.0.schema.json generated/schema/clerk.schema.json
  clerk-models diff --format json old/schema schema | jq '.changes[] | select(.breaking)'"
    };
}

/// Classify every change between two versions of the schema.
///
/// OLD and NEW are schema folders (like schema/) or bundled schema files
/// (like generated/schema/clerk.schema.json). Every definition and property
/// is compared; each change is reported with its kind, whether it breaks the
/// consumers of the payloads and of the generated Rust API, and its location
/// (file and JSON pointer). Exits 1 when anything breaks.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(examples!(), "\n\nSee --help for how each kind of change is classified."), after_long_help = concat!(examples!(), "\n\n", rules!()))]
pub struct Args {
    /// The old version: a schema folder or a bundled schema file.
    old: PathBuf,
    /// The new version: a schema folder or a bundled schema file.
    new: PathBuf,
}

/// What one change does to each kind of consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    DefRemoved,
    DefAdded,
    PropertyRemoved,
    PropertyRenamed,
    PropertyAdded,
    RequiredPropertyAdded,
    MadeRequired,
    MadeOptional,
    TypeChanged,
    TypeNarrowed,
    TypeWidened,
    NullableAdded,
    NullableRemoved,
    EnumValueAdded,
    EnumValueRemoved,
    ConstChanged,
    Restricted,
    Unrestricted,
    FormatChanged,
    TupleChanged,
    UnionChanged,
    BoundsNarrowed,
    BoundsWidened,
    Closed,
    Opened,
    ConstraintChanged,
    DefaultChanged,
    DeprecationChanged,
    DocsChanged,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::DefRemoved => "def-removed",
            Kind::DefAdded => "def-added",
            Kind::PropertyRemoved => "property-removed",
            Kind::PropertyRenamed => "property-renamed",
            Kind::PropertyAdded => "property-added",
            Kind::RequiredPropertyAdded => "required-property-added",
            Kind::MadeRequired => "made-required",
            Kind::MadeOptional => "made-optional",
            Kind::TypeChanged => "type-changed",
            Kind::TypeNarrowed => "type-narrowed",
            Kind::TypeWidened => "type-widened",
            Kind::NullableAdded => "nullable-added",
            Kind::NullableRemoved => "nullable-removed",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::ConstChanged => "const-changed",
            Kind::Restricted => "restricted",
            Kind::Unrestricted => "unrestricted",
            Kind::FormatChanged => "format-changed",
            Kind::TupleChanged => "tuple-changed",
            Kind::UnionChanged => "union-changed",
            Kind::BoundsNarrowed => "bounds-narrowed",
            Kind::BoundsWidened => "bounds-widened",
            Kind::Closed => "closed",
            Kind::Opened => "opened",
            Kind::ConstraintChanged => "constraint-changed",
            Kind::DefaultChanged => "default-changed",
            Kind::DeprecationChanged => "deprecation-changed",
            Kind::DocsChanged => "docs-changed",
        }
    }

    /// (breaks payload consumers, breaks the Rust API), as `diff --help` explains.
    pub fn breaks(self) -> (bool, bool) {
        match self {
            Kind::DefAdded
            | Kind::PropertyAdded
            | Kind::EnumValueAdded
            | Kind::BoundsWidened
            | Kind::Opened
            | Kind::DefaultChanged
            | Kind::DeprecationChanged
            | Kind::DocsChanged => (false, false),
            Kind::BoundsNarrowed | Kind::Closed | Kind::ConstraintChanged => (true, false),
            _ => (true, true),
        }
    }

    pub fn breaking(self) -> bool {
        let (payloads, rust) = self.breaks();
        payloads || rust
    }
}

/// One change, located.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: Kind,
    /// The pointer, as in a bundle (`/$defs/Client/properties/id`).
    pub pointer: String,
    /// The file and pointer where it is: in NEW, or in OLD for what NEW lacks.
    pub location: String,
    pub message: String,
}

struct Differ<'a> {
    old: &'a SchemaSet,
    new: &'a SchemaSet,
    changes: Vec<Change>,
}

/// Which version a location is taken from.
#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

/// A place below a def: its name and the pointer within it.
#[derive(Clone)]
struct At<'p> {
    def: &'p str,
    sub: String,
}

impl At<'_> {
    fn child(&self, token: &str) -> Self {
        At {
            def: self.def,
            sub: format!("{}/{}", self.sub, escape_token(token)),
        }
    }
}

impl Differ<'_> {
    fn push(&mut self, kind: Kind, at: &At<'_>, side: Side, message: String) {
        let set = match side {
            Side::Old => self.old,
            Side::New => self.new,
        };
        self.changes.push(Change {
            kind,
            pointer: format!("/$defs/{}{}", escape_token(at.def), at.sub),
            location: set.location(at.def, &at.sub),
            message,
        });
    }

    fn run(&mut self) {
        for def in &self.old.defs {
            let at = At {
                def: &def.name,
                sub: String::new(),
            };
            match self.new.get(&def.name) {
                None => self.push(
                    Kind::DefRemoved,
                    &at,
                    Side::Old,
                    format!("def {} was removed", def.name),
                ),
                Some(new) => self.node(&def.value, &new.value, &at),
            }
        }
        for def in &self.new.defs {
            if self.old.get(&def.name).is_none() {
                let at = At {
                    def: &def.name,
                    sub: String::new(),
                };
                self.push(
                    Kind::DefAdded,
                    &at,
                    Side::New,
                    format!("def {} was added", def.name),
                );
            }
        }
    }

    /// Compares two schemas at the same place.
    fn node(&mut self, old: &Value, new: &Value, at: &At<'_>) {
        let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
            if old != new {
                self.push(
                    Kind::TypeChanged,
                    at,
                    Side::New,
                    format!("the schema changed from {old} to {new}"),
                );
            }
            return;
        };
        let docs: Vec<&str> = ["description", "title", "examples", "$comment"]
            .into_iter()
            .filter(|k| o.get(*k) != n.get(*k))
            .collect();
        if !docs.is_empty() {
            let keys: Vec<String> = docs.iter().map(|k| format!("`{k}`")).collect();
            self.push(
                Kind::DocsChanged,
                at,
                Side::New,
                format!("{} changed", keys.join(", ")),
            );
        }
        if o.get("deprecated") != n.get("deprecated") {
            let now = n.get("deprecated") == Some(&Value::Bool(true));
            let message = if now {
                "now deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Kind::DeprecationChanged, at, Side::New, message.into());
        }
        if o.get("default") != n.get("default") {
            self.push(
                Kind::DefaultChanged,
                at,
                Side::New,
                format!(
                    "the default changed from {} to {}",
                    shown(o.get("default")),
                    shown(n.get("default"))
                ),
            );
        }

        let (old_types, new_types) = (types(o), types(n));
        let (old_null, new_null) = (old_types.contains(NULL), new_types.contains(NULL));
        if !old_null && new_null {
            self.push(Kind::NullableAdded, at, Side::New, "may now be null".into());
        } else if old_null && !new_null {
            self.push(
                Kind::NullableRemoved,
                at,
                Side::New,
                "may no longer be null".into(),
            );
        }
        let strip = |s: &BTreeSet<String>| -> BTreeSet<String> {
            s.iter().filter(|t| *t != NULL).cloned().collect()
        };
        let (old_core, new_core) = (strip(&old_types), strip(&new_types));
        if old_core != new_core {
            let message = format!("type {} became {}", list(&old_core), list(&new_core));
            let union =
                |s: &BTreeSet<String>| s.len() > 1 || s.iter().any(|t| t.starts_with("schema "));
            let kind = if new_core.is_subset(&old_core) {
                Kind::TypeNarrowed
            } else if old_core.is_subset(&new_core) {
                Kind::TypeWidened
            } else if union(&old_core) && union(&new_core) {
                Kind::UnionChanged
            } else {
                Kind::TypeChanged
            };
            self.push(kind, at, Side::New, message);
            // The rest would only repeat the change of type.
            return;
        }

        self.values(o, n, at);
        if o.get("format") != n.get("format") {
            self.push(
                Kind::FormatChanged,
                &at.child("format"),
                Side::New,
                format!(
                    "the format changed from {} to {}",
                    shown(o.get("format")),
                    shown(n.get("format"))
                ),
            );
        }
        self.bounds(o, n, at);
        self.object(o, n, at);
        self.array(o, n, at);
        for keyword in OTHER_CONSTRAINTS {
            if o.get(*keyword) != n.get(*keyword) {
                self.push(
                    Kind::ConstraintChanged,
                    &at.child(keyword),
                    Side::New,
                    format!(
                        "`{keyword}` changed from {} to {}",
                        shown(o.get(*keyword)),
                        shown(n.get(*keyword))
                    ),
                );
            }
        }
    }

    /// `enum` and `const` (also spread over the branches of a union).
    fn values(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let enum_at = |m: &Map<String, Value>| {
            if m.contains_key("enum") {
                at.child("enum")
            } else if m.contains_key("const") {
                at.child("const")
            } else {
                at.clone()
            }
        };
        match (allowed(o), allowed(n)) {
            (Some(a), Some(b)) => {
                if o.contains_key("const") && n.contains_key("const") {
                    if a != b {
                        self.push(
                            Kind::ConstChanged,
                            &at.child("const"),
                            Side::New,
                            format!("the const changed from {} to {}", a[0], b[0]),
                        );
                    }
                    return;
                }
                for value in a.iter().filter(|v| !b.contains(v)) {
                    self.push(
                        Kind::EnumValueRemoved,
                        &enum_at(n),
                        Side::New,
                        format!("the value {value} is no longer allowed"),
                    );
                }
                let in_enum = n.get("enum").and_then(Value::as_array);
                for value in b.iter().filter(|v| !a.contains(v)) {
                    let here = match in_enum.and_then(|e| e.iter().position(|x| x == value)) {
                        Some(i) => at.child("enum").child(&i.to_string()),
                        None => enum_at(n),
                    };
                    self.push(
                        Kind::EnumValueAdded,
                        &here,
                        Side::New,
                        format!("the value {value} was added"),
                    );
                }
            }
            (None, Some(b)) => self.push(
                Kind::Restricted,
                &enum_at(n),
                Side::New,
                format!("now restricted to {}", Value::Array(b)),
            ),
            (Some(a), None) => self.push(
                Kind::Unrestricted,
                at,
                Side::New,
                format!("no longer restricted to {}", Value::Array(a)),
            ),
            (None, None) => {}
        }
    }

    fn bounds(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        for (keyword, lower) in BOUNDS {
            let (a, b) = (
                o.get(*keyword).and_then(Value::as_f64),
                n.get(*keyword).and_then(Value::as_f64),
            );
            if a == b {
                continue;
            }
            // A lower bound narrows when it rises or appears; an upper one when it falls or appears.
            let narrowed = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => (b > a) == *lower,
                (None, None) => false,
            };
            self.push(
                if narrowed {
                    Kind::BoundsNarrowed
                } else {
                    Kind::BoundsWidened
                },
                &at.child(keyword),
                Side::New,
                format!(
                    "`{keyword}` changed from {} to {}",
                    shown(o.get(*keyword)),
                    shown(n.get(*keyword))
                ),
            );
        }
    }

    fn object(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let closed = |m: &Map<String, Value>| {
            m.get("additionalProperties") == Some(&Value::Bool(false))
                || m.get("unevaluatedProperties") == Some(&Value::Bool(false))
        };
        match (closed(o), closed(n)) {
            (false, true) => self.push(
                Kind::Closed,
                &at.child("additionalProperties"),
                Side::New,
                "unknown properties are no longer allowed".into(),
            ),
            (true, false) => self.push(
                Kind::Opened,
                at,
                Side::New,
                "unknown properties are now allowed".into(),
            ),
            _ => {}
        }
        if let (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) =
            (o.get("additionalProperties"), n.get("additionalProperties"))
        {
            self.node(a, b, &at.child("additionalProperties"));
        }
        let empty = Map::new();
        let old_props = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new_props = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_req, new_req) = (required(o), required(n));
        let props_at = at.child("properties");
        let mut removed: Vec<&String> = old_props
            .keys()
            .filter(|k| !new_props.contains_key(*k))
            .collect();
        let mut added: Vec<&String> = new_props
            .keys()
            .filter(|k| !old_props.contains_key(*k))
            .collect();
        // A removed and an added property with the same schema and the same
        // required-ness: a rename.
        let mut renames = Vec::new();
        removed.retain(|r| {
            let found = added.iter().position(|a| {
                canonical(&old_props[*r]) == canonical(&new_props[*a])
                    && old_req.contains(*r) == new_req.contains(*a)
            });
            match found {
                Some(i) => {
                    renames.push(((*r).clone(), added.remove(i).clone()));
                    false
                }
                None => true,
            }
        });
        for (from, to) in renames {
            self.push(
                Kind::PropertyRenamed,
                &props_at.child(&to),
                Side::New,
                format!("property {from:?} was renamed to {to:?}"),
            );
        }
        for name in removed {
            self.push(
                Kind::PropertyRemoved,
                &props_at.child(name),
                Side::Old,
                format!("property {name:?} was removed"),
            );
        }
        for name in added {
            if new_req.contains(name.as_str()) {
                self.push(
                    Kind::RequiredPropertyAdded,
                    &props_at.child(name),
                    Side::New,
                    format!("required property {name:?} was added"),
                );
            } else {
                self.push(
                    Kind::PropertyAdded,
                    &props_at.child(name),
                    Side::New,
                    format!("optional property {name:?} was added"),
                );
            }
        }
        for (name, old_prop) in old_props {
            let Some(new_prop) = new_props.get(name) else {
                continue;
            };
            let here = props_at.child(name);
            match (old_req.contains(name), new_req.contains(name)) {
                (false, true) => self.push(
                    Kind::MadeRequired,
                    &here,
                    Side::New,
                    format!("property {name:?} is now required"),
                ),
                (true, false) => self.push(
                    Kind::MadeOptional,
                    &here,
                    Side::New,
                    format!("property {name:?} is now optional"),
                ),
                _ => {}
            }
            self.node(old_prop, new_prop, &here);
        }
        // Required names without a property schema.
        for name in new_req
            .iter()
            .filter(|r| !new_props.contains_key(*r) && !old_req.contains(*r))
        {
            if old_props.contains_key(name) {
                continue;
            }
            self.push(
                Kind::RequiredPropertyAdded,
                &at.child("required"),
                Side::New,
                format!("property {name:?} is now required"),
            );
        }
    }

    fn array(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At<'_>) {
        let tuple =
            |m: &Map<String, Value>| m.get("prefixItems").and_then(Value::as_array).cloned();
        match (tuple(o), tuple(n)) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                    self.node(x, y, &at.child("prefixItems").child(&i.to_string()));
                }
            }
            (None, None) => {}
            (a, b) => {
                let len = |t: &Option<Vec<Value>>| {
                    t.as_ref().map_or("no".to_owned(), |t| t.len().to_string())
                };
                self.push(
                    Kind::TupleChanged,
                    &at.child("prefixItems"),
                    Side::New,
                    format!("{} tuple items became {}", len(&a), len(&b)),
                );
            }
        }
        match (o.get("items"), n.get("items")) {
            (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) => {
                self.node(a, b, &at.child("items"))
            }
            (a, b) if a != b => self.push(
                Kind::TupleChanged,
                &at.child("items"),
                Side::New,
                format!("`items` changed from {} to {}", shown(a), shown(b)),
            ),
            _ => {}
        }
    }
}

const NULL: &str = "null";

/// (keyword, whether it is a lower bound).
const BOUNDS: &[(&str, bool)] = &[
    ("minimum", true),
    ("exclusiveMinimum", true),
    ("maximum", false),
    ("exclusiveMaximum", false),
    ("minLength", true),
    ("maxLength", false),
    ("minItems", true),
    ("maxItems", false),
    ("minProperties", true),
    ("maxProperties", false),
];

/// Validation keywords compared only for equality.
const OTHER_CONSTRAINTS: &[&str] = &[
    "pattern",
    "multipleOf",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "not",
    "if",
    "then",
    "else",
    "allOf",
    "contentEncoding",
    "contentMediaType",
];

/// The set of things a schema admits, coarsely: JSON types, `ref Name` for
/// references, `schema …` for union branches that are more than a type or a
/// reference, and `null`.
fn types(node: &Map<String, Value>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        set.insert(format!("ref {}", ref_name(reference)));
    }
    match node.get("type") {
        Some(Value::String(t)) => {
            set.insert(t.clone());
        }
        Some(Value::Array(ts)) => {
            set.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
        }
        _ => {}
    }
    for keyword in ["anyOf", "oneOf"] {
        for branch in node
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match branch.as_object() {
                Some(b) if is_simple(b) => set.extend(types(b)),
                _ => {
                    set.insert(format!("schema {}", canonical(branch)));
                }
            }
        }
    }
    if node.get("const") == Some(&Value::Null)
        || node
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.contains(&Value::Null))
    {
        set.insert(NULL.into());
    }
    let typed = set.iter().any(|t| t != NULL);
    if !typed {
        if let Some(c) = node.get("const").filter(|c| !c.is_null()) {
            set.insert(json_type(c).into());
        } else if let Some(values) = node.get("enum").and_then(Value::as_array) {
            set.extend(
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| json_type(v).to_owned()),
            );
        } else if node.contains_key("properties") {
            set.insert("object".into());
        } else if node.contains_key("items") || node.contains_key("prefixItems") {
            set.insert("array".into());
        }
    }
    set
}

/// A union branch that is only a type, a reference, or a list of values
/// (plus documentation).
fn is_simple(branch: &Map<String, Value>) -> bool {
    branch.keys().all(|k| {
        matches!(
            k.as_str(),
            "type" | "$ref" | "enum" | "const" | "description" | "title" | "$comment" | "examples"
        )
    }) && (branch.get("type").is_none() || branch.get("$ref").is_none())
}

/// The non-null values a schema is restricted to, if it is: its `const` or
/// `enum`, or those of every (non-null) branch of its `anyOf`/`oneOf`.
fn allowed(node: &Map<String, Value>) -> Option<Vec<Value>> {
    let own = match (node.get("const"), node.get("enum")) {
        (Some(c), _) => Some(vec![c.clone()]),
        (None, Some(Value::Array(values))) => Some(values.clone()),
        _ => None,
    };
    let values = own.or_else(|| {
        let branches = node
            .get("anyOf")
            .or_else(|| node.get("oneOf"))?
            .as_array()?;
        let mut all = Vec::new();
        for branch in branches {
            let branch = branch.as_object()?;
            if branch.get("type").and_then(Value::as_str) == Some(NULL) {
                continue;
            }
            all.extend(allowed(branch)?);
        }
        Some(all)
    })?;
    let mut out: Vec<Value> = Vec::new();
    for value in values.into_iter().filter(|v| !v.is_null()) {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Some(out)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `Name` of `#/$defs/Name…`.
fn ref_name(reference: &str) -> String {
    reference
        .strip_prefix("#/$defs/")
        .map_or(reference, |r| r.split('/').next().unwrap_or(r))
        .replace("~1", "/")
        .replace("~0", "~")
}

/// A schema as text, keys sorted and documentation left out, so that two
/// schemas that admit the same values compare equal.
fn canonical(value: &Value) -> String {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(m) => {
                let sorted: BTreeMap<&String, Value> = m
                    .iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "description" | "title" | "examples" | "$comment" | "deprecated"
                        )
                    })
                    .map(|(k, v)| (k, strip(v)))
                    .collect();
                Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(value).to_string()
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "none".to_owned(), Value::to_string)
}

fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "any".to_owned();
    }
    let parts: Vec<&str> = set
        .iter()
        .map(|t| t.strip_prefix("ref ").unwrap_or(t))
        .collect();
    parts.join(" | ")
}

/// Every change from `old` to `new`, in a stable order.
pub fn diff(old: &SchemaSet, new: &SchemaSet) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
    };
    differ.run();
    differ.changes
}

pub fn run(args: &Args, global: Global) -> Result<Exit, CliError> {
    let mut problems = Vec::new();
    let old = schema::load(&args.old).map_err(|p| problems.extend(p)).ok();
    let new = schema::load(&args.new).map_err(|p| problems.extend(p)).ok();
    let (Some(old), Some(new)) = (old, new) else {
        return Err(CliError::Problems(problems));
    };
    let changes = diff(&old, &new);
    let breaking = changes.iter().filter(|c| c.kind.breaking()).count();
    let status = if breaking > 0 {
        "breaking"
    } else if changes.is_empty() {
        "identical"
    } else {
        "compatible"
    };
    match global.format {
        Format::Json => {
            let list: Vec<Value> = changes
                .iter()
                .map(|c| {
                    let (payloads, rust) = c.kind.breaks();
                    serde_json::json!({
                        "kind": c.kind.name(),
                        "breaking": c.kind.breaking(),
                        "payloads": if payloads { "breaking" } else { "compatible" },
                        "rust": if rust { "breaking" } else { "compatible" },
                        "pointer": c.pointer,
                        "location": c.location,
                        "message": c.message,
                    })
                })
                .collect();
            output::print_json(&serde_json::json!({
                "command": "diff",
                "status": status,
                "old": args.old.display().to_string(),
                "new": args.new.display().to_string(),
                "breaking": breaking,
                "compatible": changes.len() - breaking,
                "changes": list,
            }));
        }
        Format::Text => {
            let mut text = String::new();
            for change in &changes {
                let (payloads, rust) = change.kind.breaks();
                let label = if change.kind.breaking() {
                    paint(output::ERROR, "breaking  ")
                } else {
                    paint(output::NOTE, "compatible")
                };
                let whom = match (payloads, rust) {
                    (true, true) => " (payloads and Rust API)",
                    (true, false) => " (payloads)",
                    (false, true) => " (Rust API)",
                    (false, false) => "",
                };
                text.push_str(&format!(
                    "{label} {} {}: {}{whom}\n",
                    paint(output::BOLD, change.kind.name()),
                    change.location,
                    change.message
                ));
            }
            if changes.is_empty() {
                text.push_str("no changes\n");
            } else {
                text.push_str(&format!(
                    "{}: {}, {} compatible\n",
                    if breaking > 0 {
                        paint(output::ERROR, "breaking")
                    } else {
                        paint(output::OK, "compatible")
                    },
                    plural(breaking, "breaking change"),
                    changes.len() - breaking
                ));
            }
            output::out(&text);
        }
    }
    Ok(Exit::findings_if(breaking > 0))
}
