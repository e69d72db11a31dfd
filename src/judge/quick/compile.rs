//! Schemas compiled into the quick check's shapes: for each JSON type, what
//! a value of that type must be, or nothing when the check cannot be sure.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

pub(super) use super::names::{Names, MAX_NAMES};

/// Index of a shape in [`Shapes::nodes`].
pub(super) type NodeId = usize;

/// What a schema accepts of each JSON type. `None` means the quick check
/// declines values of that type: the schema rejects them, or it says
/// something the check does not model. Every rule may be stricter than the
/// schema, never looser.
#[derive(Debug, Clone, Default)]
pub(super) struct Node {
    pub null: bool,
    /// Which booleans: `[false, true]`.
    pub booleans: [bool; 2],
    /// Integer literals within the range.
    pub integer: Option<(i128, i128)>,
    /// Numbers with a fraction or an exponent.
    pub float: bool,
    pub string: Option<Strings>,
    pub array: Option<Arc<ArrayRule>>,
    pub object: Option<Arc<ObjectRule>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Strings {
    Any,
    /// One of these.
    OneOf(Arc<Names>),
}

#[derive(Debug, Clone)]
pub(super) struct ArrayRule {
    pub prefix: Vec<NodeId>,
    /// The items after the prefix (`None`: there may be none).
    pub items: Option<NodeId>,
    pub min: usize,
    pub max: usize,
}

#[derive(Debug, Clone)]
pub(super) struct ObjectRule {
    /// The declared properties.
    pub names: Names,
    /// The node of each, by its index in `names`.
    pub nodes: Vec<NodeId>,
    /// The indices of the required ones, as a bit set.
    pub required: u128,
    /// Properties not declared (`None`: there may be none).
    pub additional: Option<NodeId>,
}

impl ObjectRule {
    /// The rule of `properties` (name, node): `None` past
    /// [`MAX_PROPERTIES`] or when a required name is not declared.
    fn new(
        mut properties: Vec<(Box<str>, NodeId)>,
        required: &[&str],
        additional: Option<NodeId>,
    ) -> Option<Self> {
        if properties.len() > MAX_PROPERTIES {
            return None;
        }
        properties.sort_by(|a, b| a.0.cmp(&b.0));
        properties.dedup_by(|a, b| a.0 == b.0);
        let nodes = properties.iter().map(|p| p.1).collect();
        let names = Names::new(properties.into_iter().map(|p| p.0).collect())?;
        let mut bits = 0u128;
        for name in required {
            // Required but not declared: left to the full judgement.
            bits |= 1 << names.find(name.as_bytes())?;
        }
        Some(ObjectRule {
            names,
            nodes,
            required: bits,
            additional,
        })
    }
}

/// The most properties an object rule tracks (the bit set's width); an
/// object that declares more is left to the full judgement.
pub(super) const MAX_PROPERTIES: usize = 128;
const _: () = assert!(MAX_PROPERTIES <= MAX_NAMES);

/// Keywords that assert nothing, which the check may pass over.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$comment",
    "$defs",
    "definitions",
    "$anchor",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// The node that accepts anything (the first of every [`Shapes`]).
pub(super) const ANY: NodeId = 0;

/// Resolves a `$ref` written in `file` to the file it names and the JSON
/// pointer there (the judge's documents are keyed by file name).
pub(super) type Resolve<'a> = dyn Fn(&str, &str) -> Option<(String, String)> + 'a;

/// The schema documents, by file name.
pub(super) type Documents<'a> = dyn Fn(&str) -> Option<&'a Value> + 'a;

/// The compiled shapes of a set of schema documents.
#[derive(Debug)]
pub(super) struct Shapes {
    pub nodes: Vec<Node>,
    /// The node of every subschema compiled, by the address of its value
    /// in the documents (which outlive the compiling: an identity, never
    /// read through).
    at: HashMap<usize, NodeId>,
}

/// A schema's own rules, before its `$ref` and `anyOf` are merged in.
struct Own {
    node: Node,
    /// The `$ref` target, whose rules hold too.
    all: Vec<NodeId>,
    /// The `anyOf` branches, one of which must hold.
    any: Option<Vec<NodeId>>,
}

/// The subschemas a schema's node is built from, each as the node it was
/// given.
#[derive(Default)]
struct Children {
    reference: Option<NodeId>,
    /// By the order of `properties`.
    properties: Vec<NodeId>,
    additional: Option<NodeId>,
    items: Option<NodeId>,
    prefix: Vec<NodeId>,
    any_of: Vec<NodeId>,
}

/// A subschema still to compile: the file it is in (for its `$ref`s) and
/// its value, `None` when a `$ref` led nowhere.
type Place<'v> = (Arc<str>, Option<&'v Value>);

impl Shapes {
    pub fn new() -> Shapes {
        Shapes {
            nodes: vec![Node::anything()],
            at: HashMap::new(),
        }
    }

    /// The nodes of the subschemas at `roots` (file, JSON pointer), compiled
    /// with all they reach. Iterative throughout: no schema depth can
    /// overflow the stack.
    pub fn compile<'v>(
        &mut self,
        documents: &Documents<'v>,
        resolve: &Resolve<'_>,
        roots: &[(&str, &str)],
    ) -> Vec<NodeId> {
        let first = self.nodes.len();
        let lookup = |file: &str, pointer: &str| {
            documents(file).and_then(|d| schemakit::pointer::get(d, pointer))
        };
        // `$ref` targets looked up, by (file, pointer): many `$ref`s share one.
        let mut targets: HashMap<(String, String), Option<&'v Value>> = HashMap::new();
        // Every subschema reachable, each given an id.
        let mut places: Vec<Place<'v>> = Vec::new();
        let mut ids = Vec::new();
        for &(file, pointer) in roots {
            ids.push(self.place(file.into(), lookup(file, pointer), &mut places));
        }
        let mut own = Vec::new();
        let mut next = 0;
        while next < places.len() {
            let (file, schema) = places[next].clone();
            next += 1;
            let Some(schema) = schema else {
                own.push(Own::declined());
                continue;
            };
            let map = match schema {
                Value::Object(map) => Some(map),
                _ => None,
            };
            let mut children = Children::default();
            // One walk over the keywords (each `get` hashes its key).
            for (key, value) in map.into_iter().flatten() {
                let mut place =
                    |value: &'v Value| self.place(file.clone(), Some(value), &mut places);
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => {
                        if let Some((target_file, target)) = resolve(&file, reference) {
                            let value = *targets
                                .entry((target_file.clone(), target.clone()))
                                .or_insert_with(|| lookup(&target_file, &target));
                            children.reference =
                                Some(self.place(target_file.into(), value, &mut places));
                        }
                    }
                    ("properties", Value::Object(properties)) => {
                        children.properties = properties.values().map(&mut place).collect();
                    }
                    ("additionalProperties", _) => children.additional = Some(place(value)),
                    ("items", _) => children.items = Some(place(value)),
                    ("prefixItems", Value::Array(list)) => {
                        children.prefix = list.iter().map(&mut place).collect();
                    }
                    ("anyOf", Value::Array(list)) => {
                        children.any_of = list.iter().map(&mut place).collect();
                    }
                    _ => {}
                }
            }
            own.push(Own::of(schema, &children));
        }
        // Merged in dependency order, without recursion.
        let mut done: Vec<Option<Node>> = vec![None; own.len()];
        let mut open = vec![false; own.len()];
        for start in 0..own.len() {
            let mut stack = vec![start];
            while let Some(&i) = stack.last() {
                if done[i].is_some() {
                    stack.pop();
                    continue;
                }
                let deps = own[i].all.iter().chain(own[i].any.iter().flatten());
                let waiting: Vec<usize> = deps
                    .filter(|&&d| d >= first && done[d - first].is_none())
                    .map(|&d| d - first)
                    .collect();
                if open[i] || waiting.is_empty() {
                    // Ready, or on a `$ref`/`anyOf` cycle: declined.
                    let node = if waiting.is_empty() {
                        self.merge(&own[i], first, &done)
                    } else {
                        Node::default()
                    };
                    done[i] = Some(node);
                    stack.pop();
                    continue;
                }
                open[i] = true;
                stack.extend(waiting);
            }
        }
        self.nodes
            .extend(done.into_iter().map(Option::unwrap_or_default));
        ids
    }

    /// The id of a subschema, queued for compiling when new.
    fn place<'v>(
        &mut self,
        file: Arc<str>,
        value: Option<&'v Value>,
        places: &mut Vec<Place<'v>>,
    ) -> NodeId {
        let id = self.nodes.len() + places.len();
        if let Some(value) = value {
            let address = std::ptr::from_ref(value) as usize;
            if let Some(&known) = self.at.get(&address) {
                return known;
            }
            self.at.insert(address, id);
        }
        places.push((file, value));
        id
    }

    fn merge(&self, own: &Own, first: NodeId, done: &[Option<Node>]) -> Node {
        let get = |id: NodeId| -> Node {
            if id < first {
                self.nodes[id].clone()
            } else {
                done[id - first].clone().unwrap_or_default()
            }
        };
        let mut node = own.node.clone();
        for &id in &own.all {
            node = node.intersect(&get(id));
        }
        if let Some(branches) = &own.any {
            let mut union: Option<Node> = None;
            for &id in branches {
                let branch = get(id);
                union = Some(match union {
                    None => branch,
                    Some(u) => u.union(&branch),
                });
            }
            node = node.intersect(&union.unwrap_or_default());
        }
        node
    }
}

impl Own {
    fn declined() -> Own {
        Own {
            node: Node::default(),
            all: Vec::new(),
            any: None,
        }
    }

    /// The own rules of `schema`, whose subschemas have the ids given.
    fn of(schema: &Value, children: &Children) -> Own {
        let map = match schema {
            Value::Bool(true) => {
                return Own {
                    node: Node::anything(),
                    ..Own::declined()
                }
            }
            Value::Object(map) => map,
            _ => return Own::declined(),
        };
        let mut own = Own {
            node: Node::anything(),
            all: Vec::new(),
            any: None,
        };
        for (key, value) in map {
            let known = match key.as_str() {
                "type" => own.node.restrict_types(value),
                "enum" => value
                    .as_array()
                    .is_some_and(|v| own.node.restrict_values(v)),
                "const" => own.node.restrict_values(std::slice::from_ref(value)),
                "format" => {
                    if let Some(range) = value.as_str().and_then(schemakit::formats::integer_range)
                    {
                        own.node.integer = own
                            .node
                            .integer
                            .map(|(a, b)| (a.max(range.0), b.min(range.1)));
                        // A float is never an integer literal.
                        own.node.float = false;
                    }
                    true
                }
                "$ref" => match children.reference {
                    Some(id) => {
                        own.all.push(id);
                        true
                    }
                    None => false,
                },
                "anyOf" => match value.as_array() {
                    Some(list) if !list.is_empty() => {
                        own.any = Some(children.any_of.clone());
                        true
                    }
                    _ => false,
                },
                "properties" | "required" | "additionalProperties" => true,
                "prefixItems" | "items" | "minItems" | "maxItems" => true,
                k if ANNOTATIONS.contains(&k) || k.starts_with("x-") => true,
                _ => false,
            };
            if !known {
                return Own::declined();
            }
        }
        if own.node.object.is_some() {
            own.node.object = object_rule(map, children).map(Arc::new);
        }
        if own.node.array.is_some() {
            own.node.array = array_rule(map, children).map(Arc::new);
        }
        own
    }
}

/// The object rule of a schema (`None` when the check cannot model it).
fn object_rule(map: &Map<String, Value>, children: &Children) -> Option<ObjectRule> {
    let mut properties = Vec::new();
    if let Some(declared) = map.get("properties") {
        let names = declared.as_object()?.keys();
        for (name, &id) in names.zip(&children.properties) {
            properties.push((Box::<str>::from(name.as_str()), id));
        }
    }
    let required = match map.get("required") {
        None => Vec::new(),
        Some(names) => names
            .as_array()?
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()?,
    };
    let additional = match map.get("additionalProperties") {
        None => Some(ANY),
        Some(Value::Bool(false)) => None,
        Some(_) => Some(children.additional?),
    };
    ObjectRule::new(properties, &required, additional)
}

/// The array rule of a schema (`None` when the check cannot model it).
fn array_rule(map: &Map<String, Value>, children: &Children) -> Option<ArrayRule> {
    let prefix = match map.get("prefixItems") {
        None => Vec::new(),
        Some(list) => {
            list.as_array()?;
            children.prefix.clone()
        }
    };
    let items = match map.get("items") {
        None => Some(ANY),
        Some(Value::Bool(false)) => None,
        Some(_) => Some(children.items?),
    };
    let count = |key: &str| match map.get(key) {
        None => Some(None),
        Some(v) => v.as_u64().and_then(|n| usize::try_from(n).ok()).map(Some),
    };
    Some(ArrayRule {
        prefix,
        items,
        min: count("minItems")?.unwrap_or(0),
        max: count("maxItems")?.unwrap_or(usize::MAX),
    })
}

impl Node {
    /// Accepts every value (whose contents the check then walks).
    fn anything() -> Node {
        Node {
            null: true,
            booleans: [true, true],
            integer: Some((i128::MIN, i128::MAX)),
            float: true,
            string: Some(Strings::Any),
            array: Some(Arc::new(ArrayRule {
                prefix: Vec::new(),
                items: Some(ANY),
                min: 0,
                max: usize::MAX,
            })),
            object: ObjectRule::new(Vec::new(), &[], Some(ANY)).map(Arc::new),
        }
    }

    /// Keeps only the JSON types `type` names.
    fn restrict_types(&mut self, value: &Value) -> bool {
        let names: Vec<&str> = match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            _ => return false,
        };
        let has = |t: &str| names.contains(&t);
        if !has("null") {
            self.null = false;
        }
        if !has("boolean") {
            self.booleans = [false, false];
        }
        if !has("integer") && !has("number") {
            self.integer = None;
        }
        if !has("number") {
            self.float = false;
        }
        if !has("string") {
            self.string = None;
        }
        if !has("array") {
            self.array = None;
        }
        if !has("object") {
            self.object = None;
        }
        true
    }

    /// Keeps only the values `enum` (or `const`) lists; numbers, arrays
    /// and objects in the list are left to the full judgement.
    fn restrict_values(&mut self, values: &[Value]) -> bool {
        let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        self.null &= values.iter().any(Value::is_null);
        for (i, b) in [false, true].into_iter().enumerate() {
            self.booleans[i] &= values.contains(&Value::Bool(b));
        }
        self.integer = None;
        self.float = false;
        self.array = None;
        self.object = None;
        let kept: Vec<Box<str>> = match self.string.take() {
            Some(Strings::Any) => strings.into_iter().map(Box::from).collect(),
            Some(Strings::OneOf(mine)) => strings
                .into_iter()
                .filter(|s| mine.contains(s))
                .map(Box::from)
                .collect(),
            None => Vec::new(),
        };
        self.string = strings_of(kept);
        true
    }

    /// What both accept (where the check can say; stricter otherwise).
    fn intersect(&self, other: &Node) -> Node {
        Node {
            null: self.null && other.null,
            booleans: [
                self.booleans[0] && other.booleans[0],
                self.booleans[1] && other.booleans[1],
            ],
            integer: match (self.integer, other.integer) {
                (Some(a), Some(b)) => Some((a.0.max(b.0), a.1.min(b.1))),
                _ => None,
            },
            float: self.float && other.float,
            string: match (&self.string, &other.string) {
                (Some(Strings::Any), s) | (s, Some(Strings::Any)) => s.clone(),
                (Some(Strings::OneOf(a)), Some(Strings::OneOf(b))) => {
                    strings_of(a.names.iter().filter(|s| b.contains(s)).cloned().collect())
                }
                _ => None,
            },
            // Two rules on arrays or objects are not merged: where one side
            // is the open placeholder of `anything`, the other stands.
            array: match (&self.array, &other.array) {
                (Some(a), Some(b)) if a.is_open() => Some(b.clone()),
                (Some(a), Some(b)) if b.is_open() => Some(a.clone()),
                _ => None,
            },
            object: match (&self.object, &other.object) {
                (Some(a), Some(b)) if a.is_open() => Some(b.clone()),
                (Some(a), Some(b)) if b.is_open() => Some(a.clone()),
                _ => None,
            },
        }
    }

    /// What either accepts (where the check can say; stricter otherwise).
    fn union(&self, other: &Node) -> Node {
        Node {
            null: self.null || other.null,
            booleans: [
                self.booleans[0] || other.booleans[0],
                self.booleans[1] || other.booleans[1],
            ],
            integer: match (self.integer, other.integer) {
                (Some(a), Some(b)) if a.0 <= b.1 && b.0 <= a.1 => {
                    Some((a.0.min(b.0), a.1.max(b.1)))
                }
                (Some(a), None) | (None, Some(a)) => Some(a),
                _ => None,
            },
            float: self.float || other.float,
            string: match (&self.string, &other.string) {
                (Some(Strings::Any), _) | (_, Some(Strings::Any)) => Some(Strings::Any),
                (Some(Strings::OneOf(a)), Some(Strings::OneOf(b))) => {
                    strings_of(a.names.iter().chain(&b.names).cloned().collect())
                }
                (Some(s), None) | (None, Some(s)) => Some(s.clone()),
                (None, None) => None,
            },
            // Values of one JSON type that two branches both accept would
            // need each branch tried: the check declines them.
            array: match (&self.array, &other.array) {
                (Some(a), None) | (None, Some(a)) => Some(a.clone()),
                _ => None,
            },
            object: match (&self.object, &other.object) {
                (Some(a), None) | (None, Some(a)) => Some(a.clone()),
                _ => None,
            },
        }
    }
}

/// The rule of strings that must be one of `names` (none: no string).
fn strings_of(names: Vec<Box<str>>) -> Option<Strings> {
    if names.is_empty() {
        return None;
    }
    Names::new(names).map(|n| Strings::OneOf(Arc::new(n)))
}

impl ArrayRule {
    fn is_open(&self) -> bool {
        self.prefix.is_empty() && self.items == Some(ANY) && self.min == 0 && self.max == usize::MAX
    }
}

impl ObjectRule {
    fn is_open(&self) -> bool {
        self.nodes.is_empty() && self.additional == Some(ANY)
    }
}
