//! Reading the embedded schema the way the test corpora need it: defs by
//! shape, the JSON types a subschema accepts, and a walk of an instance
//! alongside its schema ("which def is at which pointer").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use clerk_models::judge::Judge;
use schemakit::pointer;
use serde_json::Value;

/// Schema documents by file name, as a [`Schema`] reads them.
pub type Documents = BTreeMap<&'static str, Value>;

/// The embedded schema documents, by file name.
fn documents() -> &'static Documents {
    static DOCUMENTS: OnceLock<Documents> = OnceLock::new();
    DOCUMENTS.get_or_init(|| parsed(clerk_models::schema::SCHEMA_FILES))
}

/// Documents given as (file name, JSON text).
pub fn parsed(files: &'static [(&'static str, &'static str)]) -> Documents {
    files
        .iter()
        .map(|(file, text)| (*file, serde_json::from_str(text).expect("JSON")))
        .collect()
}

/// The file and subschema a `$ref` found in `file` points to (the files
/// refer to each other by name).
fn resolve(
    documents: &'static Documents,
    file: &str,
    reference: &str,
) -> Option<(&'static str, &'static Value)> {
    let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if target.is_empty() {
        file
    } else {
        target.strip_prefix("./").unwrap_or(target)
    };
    let (name, doc) = documents.get_key_value(target)?;
    Some((name, doc.pointer(fragment)?))
}

/// A subschema, with the file it is in (to resolve its `$ref`s).
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// The schema file (`client.json`).
    pub file: &'static str,
    /// The subschema.
    pub schema: &'static Value,
}

/// The JSON types, as JSON Schema names them.
pub const ALL_TYPES: [&str; 7] = [
    "null", "boolean", "integer", "number", "string", "array", "object",
];

/// The JSON Schema type of a value (`integer` for a number with no fraction).
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n)
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) =>
        {
            "integer"
        }
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a set of schema types accepts a value of type `t`.
pub fn accepts(types: &BTreeSet<&'static str>, t: &str) -> bool {
    types.contains(t) || (t == "integer" && types.contains("number"))
}

/// One place of an instance, with the schema that applies there.
#[derive(Debug, Clone)]
pub struct Visit {
    /// Where in the instance.
    pub pointer: String,
    /// The defs whose `$ref`s led here (outermost first); for the root, the
    /// kind itself.
    pub defs: Vec<&'static str>,
    /// The schema there, `$ref`s followed and `anyOf` branch chosen.
    pub node: Node,
}

/// A schema (the embedded one, or a test schema's documents), read
/// through the judge of its models.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub judge: &'static Judge,
    documents: &'static Documents,
}

impl Schema {
    /// The embedded schema.
    pub fn new(judge: &'static Judge) -> Schema {
        Schema {
            judge,
            documents: documents(),
        }
    }

    /// The schema of `documents`, whose models `judge` judges by.
    pub fn of(judge: &'static Judge, documents: &'static Documents) -> Schema {
        Schema { judge, documents }
    }

    /// Every document, by file name.
    pub fn documents(&self) -> &'static Documents {
        self.documents
    }

    /// The definition of a kind.
    pub fn def(&self, kind: &str) -> Node {
        let kind = self
            .judge
            .kind(kind)
            .unwrap_or_else(|| panic!("no kind {kind}"));
        let schema = self.documents[kind.file]
            .pointer(kind.pointer)
            .expect("a kind is defined");
        Node {
            file: kind.file,
            schema,
        }
    }

    /// Follows `$ref`s; returns the schema reached and the kinds named on the
    /// way.
    pub fn follow(&self, mut node: Node) -> (Node, Vec<&'static str>) {
        let mut defs = Vec::new();
        for _ in 0..32 {
            let Some(reference) = node.schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let (file, schema) = resolve(self.documents, node.file, reference)
                .unwrap_or_else(|| panic!("{}: $ref {reference} does not resolve", node.file));
            if let Some(kind) = reference
                .split_once("#/$defs/")
                .and_then(|(_, name)| self.judge.kind(name))
            {
                defs.push(kind.name);
            }
            node = Node { file, schema };
        }
        (node, defs)
    }

    /// A child schema of `node` (same file).
    pub fn child(node: Node, schema: &'static Value) -> Node {
        Node {
            file: node.file,
            schema,
        }
    }

    /// Every kind in schema order.
    pub fn kinds(&self) -> Vec<&'static str> {
        self.judge.kinds().iter().map(|k| k.name).collect()
    }

    /// The kinds that are objects with listed properties.
    pub fn object_defs(&self) -> Vec<&'static str> {
        self.kinds()
            .into_iter()
            .filter(|k| self.def(k).schema.get("properties").is_some())
            .collect()
    }

    /// The kinds that are string enums.
    pub fn string_enum_defs(&self) -> Vec<&'static str> {
        self.kinds()
            .into_iter()
            .filter(|k| {
                self.def(k)
                    .schema
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.iter().all(Value::is_string))
            })
            .collect()
    }

    /// The properties of an object schema, in schema order.
    pub fn properties(&self, node: Node) -> Vec<(&'static str, Node)> {
        node.schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| {
                props
                    .iter()
                    .map(|(k, v)| (k.as_str(), Self::child(node, v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The required property names of an object schema.
    pub fn required(&self, node: Node) -> BTreeSet<&'static str> {
        node.schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The `anyOf`/`oneOf` branches of a schema (none if it has neither).
    pub fn branches(&self, node: Node) -> Vec<Node> {
        ["anyOf", "oneOf"]
            .iter()
            .filter_map(|k| node.schema.get(*k).and_then(Value::as_array))
            .flatten()
            .map(|b| Self::child(node, b))
            .collect()
    }

    /// The JSON types a schema accepts (following `$ref`s; the union over
    /// `anyOf`/`oneOf` branches; from `type`, else from `const`/`enum`; every
    /// type when it says nothing).
    pub fn types(&self, node: Node) -> BTreeSet<&'static str> {
        let (node, _) = self.follow(node);
        let s = node.schema;
        let branches = self.branches(node);
        if !branches.is_empty() {
            return branches.into_iter().flat_map(|b| self.types(b)).collect();
        }
        match s.get("type") {
            Some(Value::String(t)) => {
                return ALL_TYPES.iter().copied().filter(|a| a == t).collect()
            }
            Some(Value::Array(ts)) => {
                return ALL_TYPES
                    .iter()
                    .copied()
                    .filter(|a| ts.iter().any(|t| t == a))
                    .collect()
            }
            _ => {}
        }
        if let Some(c) = s.get("const") {
            return [json_type(c)].into();
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            return values.iter().map(json_type).collect();
        }
        if s == &Value::Bool(false) {
            return BTreeSet::new();
        }
        ALL_TYPES.into()
    }

    /// The keywords of the schema that a value can fail by themselves:
    /// those holding a plain value in a validation family (`type`, `enum`,
    /// `required`, an integer `format`, a bound, `pattern`…), the
    /// compositions that fail as a whole (`anyOf`, `oneOf`, `not`), and a
    /// keyword holding the `false` schema (`additionalProperties: false`).
    pub fn assertion_keywords(&self) -> BTreeSet<&'static str> {
        use schemakit::keywords::{keyword, subschemas, Family, Holds};
        const DRAFT: schemakit::Draft = schemakit::Draft::Draft2020_12;
        fn visit(value: &Value, out: &mut BTreeSet<&'static str>) {
            let Value::Object(map) = value else { return };
            for (name, held) in map {
                let Some(k) = keyword(DRAFT, name) else {
                    continue;
                };
                let fails = match (k.family, k.holds) {
                    (Family::Format, _) => held
                        .as_str()
                        .is_some_and(|f| schemakit::formats::integer_range(f).is_some()),
                    (
                        Family::Type
                        | Family::Values
                        | Family::Numeric
                        | Family::String
                        | Family::Array
                        | Family::Object,
                        Holds::Value,
                    ) => true,
                    (Family::Composition, _) => k.name != "allOf",
                    (_, Holds::Schema) => held == &Value::Bool(false),
                    _ => false,
                };
                if fails {
                    out.insert(k.name);
                }
            }
            subschemas(DRAFT, value, |_, sub| visit(sub, out));
        }
        let mut out = BTreeSet::new();
        for document in self.documents.values() {
            visit(document, &mut out);
        }
        out
    }

    /// Whether a schema accepts `null`.
    pub fn accepts_null(&self, node: Node) -> bool {
        self.types(node).contains("null")
    }

    /// Walks `value` (an instance of `kind`) alongside the schema: every place
    /// the schema describes, with the schema there. Members the schema does
    /// not list are not entered. An `anyOf` branch is the first whose types
    /// accept the value.
    pub fn visits(&self, kind: &'static str, value: &Value) -> Vec<Visit> {
        let mut out = Vec::new();
        let root = self.def(kind);
        self.walk(value, root, String::new(), vec![kind], &mut out);
        out
    }

    fn walk(
        &self,
        value: &Value,
        node: Node,
        at: String,
        mut defs: Vec<&'static str>,
        out: &mut Vec<Visit>,
    ) {
        let (node, more) = self.follow(node);
        defs.extend(more);
        let branches = self.branches(node);
        if !branches.is_empty() {
            let t = json_type(value);
            if let Some(branch) = branches.into_iter().find(|b| accepts(&self.types(*b), t)) {
                self.walk(value, branch, at, defs, out);
            }
            return;
        }
        out.push(Visit {
            pointer: at.clone(),
            defs,
            node,
        });
        match value {
            Value::Object(members) => {
                let props = node.schema.get("properties").and_then(Value::as_object);
                for (key, v) in members {
                    if let Some(sub) = props.and_then(|p| p.get(key)) {
                        self.walk(
                            v,
                            Self::child(node, sub),
                            pointer::push(&at, key),
                            Vec::new(),
                            out,
                        );
                    }
                }
            }
            Value::Array(items) => {
                let prefix = node.schema.get("prefixItems").and_then(Value::as_array);
                for (i, v) in items.iter().enumerate() {
                    let sub = prefix
                        .and_then(|p| p.get(i))
                        .or_else(|| node.schema.get("items"));
                    if let Some(sub) = sub.filter(|s| s.is_object()) {
                        self.walk(
                            v,
                            Self::child(node, sub),
                            format!("{at}/{i}"),
                            Vec::new(),
                            out,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
