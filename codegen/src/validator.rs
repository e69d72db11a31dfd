//! Validators emitted as Rust: one function per schema node, checking a
//! `serde_json::Value` against that node's keywords and calling the functions
//! of its subschemas.
//!
//! Every function reports into an `Errors` sink in one of three modes: every
//! error, each with its JSON pointer, keyword, schema location and message
//! (what a payload validator shows); only the first (what a strict type's
//! `Deserialize` needs); or only whether the value is valid (`not`, `if`,
//! `contains`, the branches of `anyOf` when no errors are wanted), which
//! allocates nothing and stops at the first failure. The path to the value is
//! a stack of borrowed segments, turned into a pointer only when an error is
//! recorded, so a valid value costs no allocation.
//!
//! Keywords apply only to the instance types they are defined for
//! (`maxLength` ignores numbers), as the specification says. `pattern` uses
//! the `regex` crate (linear time, so no input can make validation hang),
//! with ECMAScript's ASCII-only `\d` and `\w`. The errors mirror the
//! `jsonschema` crate's: one per failing keyword, one per missing required
//! property, and for an `anyOf`/`oneOf` that no branch matched, the errors of
//! every branch as its context.

use crate::error::{Diagnostics, Error};
use crate::resolve::{NodeId, Registry};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};

/// Keywords a generated validator cannot honour, and why.
pub const UNSUPPORTED: &[(&str, &str)] = &[(
    "$dynamicRef",
    "dynamic scopes depend on the path taken at validation time; the generated code resolves every reference statically",
)];

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// About how many characters an error message quotes of a schema value.
const QUOTE_CHARS: usize = 100;

pub(crate) struct Validators<'a> {
    reg: &'a Registry,
    diags: &'a mut Diagnostics,
    /// Assert `format: int32`, `uint8`… as the integer ranges they name.
    integer_formats: bool,
    ids: HashMap<NodeId, usize>,
    queue: VecDeque<NodeId>,
    /// Nodes whose annotations (evaluated properties and items) some
    /// `unevaluated*` keyword needs, with their function numbers.
    eval_ids: HashMap<NodeId, usize>,
    eval_queue: VecDeque<NodeId>,
    fns: Vec<TokenStream>,
    statics: Vec<TokenStream>,
    next_static: usize,
}

/// Records a failed keyword at the current value (a statement sequence for a
/// generated function body; `message` is only evaluated when it is kept).
/// (`AT`, a constant of every validator function, is where its node is.)
fn fail(keyword: &str, message: TokenStream, drift: TokenStream) -> TokenStream {
    quote! { fail!(e, ok, AT, #keyword, #message, #drift); }
}

/// Validates a child value under one more pointer segment.
fn child(segment: TokenStream, call: TokenStream) -> TokenStream {
    quote! { child!(e, ok, #segment, #call); }
}

/// Validates the same value against another node (`$ref`, `allOf`…).
fn same(call: TokenStream) -> TokenStream {
    quote! { same!(e, ok, #call); }
}

/// A property that `additionalProperties: false` (or `unevaluated…`) refuses:
/// drift for tolerant types, reported at the property itself.
fn unknown_property(keyword: &str) -> TokenStream {
    let fail = fail(
        keyword,
        quote! { ::std::format!("unknown property {}: the schema does not list it", short_str(key)) },
        quote! { true },
    );
    quote! {
        e.enter(Segment::Key(key));
        #fail
        e.leave();
    }
}

/// The names [`Validators::function`] gives `nodes` when it is called on
/// them first, in order (so that another thread can generate the functions).
pub(crate) fn first_names(nodes: &[NodeId]) -> Vec<Ident> {
    let mut ids: HashMap<&NodeId, usize> = HashMap::new();
    nodes
        .iter()
        .map(|node| {
            let next = ids.len();
            format_ident!("v{}", *ids.entry(node).or_insert(next))
        })
        .collect()
}

impl<'a> Validators<'a> {
    pub fn new(reg: &'a Registry, diags: &'a mut Diagnostics, integer_formats: bool) -> Self {
        Self {
            reg,
            diags,
            integer_formats,
            ids: HashMap::new(),
            queue: VecDeque::new(),
            eval_ids: HashMap::new(),
            eval_queue: VecDeque::new(),
            fns: Vec::new(),
            statics: Vec::new(),
            next_static: 0,
        }
    }

    /// The validator function for `node`, generated on first use.
    pub fn function(&mut self, node: &NodeId) -> Ident {
        let next = self.ids.len();
        let id = *self.ids.entry(node.clone()).or_insert_with(|| {
            self.queue.push_back(node.clone());
            next
        });
        format_ident!("v{}", id)
    }

    /// The annotation function for `node` (`e{n}`, with its core `c{n}`).
    fn eval_function(&mut self, node: &NodeId) -> (Ident, Ident) {
        let next = self.eval_ids.len();
        let id = *self.eval_ids.entry(node.clone()).or_insert_with(|| {
            self.eval_queue.push_back(node.clone());
            next
        });
        (format_ident!("e{}", id), format_ident!("c{}", id))
    }

    /// Generates every queued function; returns the items for the helper module.
    pub fn finish(mut self) -> TokenStream {
        loop {
            if let Some(node) = self.queue.pop_front() {
                let name = self.function(&node);
                let body = self.body(&node);
                let doc = crate::emit::doc_safe(&format!(
                    " Validates against `{}`.",
                    self.reg.location(&node)
                ));
                let at = self.reg.location(&node).to_string();
                self.fns.push(quote! {
                    #[doc = #doc]
                    pub fn #name<'v>(v: &'v ::serde_json::Value, depth: u32, e: &mut Errors<'v>) -> bool {
                        const AT: &str = #at;
                        #body
                    }
                });
            } else if let Some(node) = self.eval_queue.pop_front() {
                let item = self.eval_fns(&node);
                self.fns.push(item);
            } else {
                break;
            }
        }
        let fns = &self.fns;
        let statics = &self.statics;
        quote! { #(#statics)* #(#fns)* }
    }

    fn unsupported(&mut self, node: &NodeId, keyword: &str, reason: &str) {
        self.diags.error(Error::Unsupported {
            location: self.reg.location(node),
            keyword: keyword.to_owned(),
            reason: reason.to_owned(),
        });
    }

    fn body(&mut self, node: &NodeId) -> TokenStream {
        let map = match self.reg.value(node) {
            Value::Bool(true) => return quote! { true },
            Value::Bool(false) => {
                let fail = fail(
                    "false",
                    quote! { ::std::format!("False schema does not allow {}", short(v)) },
                    quote! { false },
                );
                return quote! {
                    let mut ok = true;
                    #fail
                    ok
                };
            }
            Value::Object(map) => map,
            other => {
                // Subschemas the types never visit (`not`, `if`, `contains`…)
                // are checked here: a non-schema is an error, not "anything".
                self.diags.error(Error::NotASchema {
                    location: self.reg.location(node),
                    message: format!(
                        "a schema is an object or a boolean, not {}",
                        crate::convert::kind_of(other)
                    ),
                });
                return quote! { true };
            }
        };
        for (keyword, reason) in UNSUPPORTED {
            if map.contains_key(*keyword) {
                self.unsupported(node, keyword, reason);
            }
        }
        if let Some(Value::String(dialect)) = map.get("$schema") {
            if dialect.trim_end_matches('#') != DRAFT {
                self.unsupported(
                    node,
                    "$schema",
                    &format!("{dialect:?} is not the 2020-12 meta-schema; its vocabularies are unknown to the generator"),
                );
            }
        }
        let mut checks = vec![
            self.type_check(map),
            self.enum_const(map),
            self.numeric(map),
            self.integer_format(map),
            self.string(node, map),
            self.array(node, map),
            self.object(node, map),
            self.combinators(node, map),
        ];
        if map.get("$ref").is_some_and(Value::is_string) {
            if let Some(target) = self.reg.target(node).cloned() {
                let f = self.function(&target);
                checks.push(same(quote! { #f(v, depth + 1, e) }));
            }
        }
        checks.push(self.unevaluated(node, map));
        let too_deep = fail(
            "$ref",
            quote! { ::std::string::String::from("the schema recurses deeper than the validator allows") },
            quote! { false },
        );
        quote! {
            let mut ok = true;
            if depth > MAX_DEPTH {
                #too_deep
                return ok;
            }
            #(#checks)*
            ok
        }
    }

    /// `unevaluatedProperties` / `unevaluatedItems`: what no other keyword of
    /// this node (nor any subschema that applied successfully) evaluated must
    /// match them.
    fn unevaluated(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let props = map.get("unevaluatedProperties");
        let items = map.contains_key("unevaluatedItems");
        if props.is_none() && !items {
            return TokenStream::new();
        }
        let (_, core) = self.eval_function(node);
        let mut out = quote! { let evaluated = #core(v, depth + 1); let _ = &evaluated; };
        if let Some(schema) = props {
            let each = if schema == &Value::Bool(false) {
                unknown_property("unevaluatedProperties")
            } else {
                let f = self.function(&node.child("unevaluatedProperties"));
                child(
                    quote! { Segment::Key(key) },
                    quote! { #f(value, depth + 1, e) },
                )
            };
            out.extend(quote! {
                if let ::serde_json::Value::Object(object) = v {
                    if !evaluated.all_props {
                        for (key, value) in object {
                            let _ = value;
                            if !evaluated.props.contains(key) {
                                #each
                            }
                        }
                    }
                }
            });
        }
        if items {
            let f = self.function(&node.child("unevaluatedItems"));
            let each = child(
                quote! { Segment::Index(i) },
                quote! { #f(item, depth + 1, e) },
            );
            out.extend(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    if !evaluated.all_items {
                        for (i, item) in items.iter().enumerate() {
                            if !evaluated.items.contains(&i) {
                                #each
                            }
                        }
                    }
                }
            });
        }
        out
    }

    /// `c{n}`: the properties and items that node `n`'s keywords evaluate in
    /// a value valid against it (its own `unevaluated*` aside), and `e{n}`:
    /// the same as seen from an enclosing schema (everything, when `n` has
    /// `unevaluated*` of its own).
    fn eval_fns(&mut self, node: &NodeId) -> TokenStream {
        let (outer, core) = self.eval_function(node);
        let map = match self.reg.value(node) {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        let mut body = Vec::new();
        if let Some(Value::Object(props)) = map.get("properties") {
            let names: Vec<&String> = props.keys().collect();
            let len = names.len();
            body.push(quote! {
                if let ::serde_json::Value::Object(object) = v {
                    let names: [&str; #len] = [#(#names),*];
                    for name in names {
                        if object.contains_key(name) {
                            ev.props.insert(::std::string::String::from(name));
                        }
                    }
                }
            });
        }
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            for pattern in patterns.keys() {
                if let Ok(translated) = translate_pattern(pattern) {
                    let re = self.regex_static(&translated);
                    body.push(quote! {
                        if let (::serde_json::Value::Object(object), ::std::option::Option::Some(re)) = (v, &*#re) {
                            for key in object.keys() {
                                if re.is_match(key) {
                                    ev.props.insert(::std::clone::Clone::clone(key));
                                }
                            }
                        }
                    });
                }
            }
        }
        if map.contains_key("additionalProperties") {
            body.push(quote! { ev.all_props = true; });
        }
        if let Some(Value::Array(prefix)) = map.get("prefixItems") {
            let len = prefix.len();
            body.push(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    ev.items.extend(0..items.len().min(#len));
                }
            });
        }
        if map.contains_key("items") {
            body.push(quote! { ev.all_items = true; });
        }
        if map.contains_key("contains") {
            let f = self.function(&node.child("contains"));
            body.push(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    for (i, item) in items.iter().enumerate() {
                        if probe(#f, item, depth + 1) {
                            ev.items.insert(i);
                        }
                    }
                }
            });
        }
        let branch_nodes = |key: &str| -> Vec<NodeId> {
            match map.get(key) {
                Some(Value::Array(items)) => (0..items.len())
                    .map(|i| node.child(key).child(&i.to_string()))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for branch in branch_nodes("allOf") {
            let (e, _) = self.eval_function(&branch);
            body.push(quote! { ev.merge(#e(v, depth + 1)); });
        }
        for key in ["anyOf", "oneOf"] {
            for branch in branch_nodes(key) {
                let f = self.function(&branch);
                let (e, _) = self.eval_function(&branch);
                body.push(quote! {
                    if probe(#f, v, depth + 1) {
                        ev.merge(#e(v, depth + 1));
                    }
                });
            }
        }
        if map.contains_key("if") {
            let cond = self.function(&node.child("if"));
            let (cond_e, _) = self.eval_function(&node.child("if"));
            let then = map.contains_key("then").then(|| {
                let (e, _) = self.eval_function(&node.child("then"));
                quote! { ev.merge(#e(v, depth + 1)); }
            });
            let otherwise = map.contains_key("else").then(|| {
                let (e, _) = self.eval_function(&node.child("else"));
                quote! { ev.merge(#e(v, depth + 1)); }
            });
            body.push(quote! {
                if probe(#cond, v, depth + 1) {
                    ev.merge(#cond_e(v, depth + 1));
                    #then
                } else {
                    #otherwise
                }
            });
        }
        if let Some(Value::Object(dependent)) = map.get("dependentSchemas") {
            for name in dependent.keys() {
                let (e, _) = self.eval_function(&node.child("dependentSchemas").child(name));
                body.push(quote! {
                    if v.get(#name).is_some() {
                        ev.merge(#e(v, depth + 1));
                    }
                });
            }
        }
        if map.get("$ref").is_some_and(Value::is_string) {
            if let Some(target) = self.reg.target(node).cloned() {
                let (e, _) = self.eval_function(&target);
                body.push(quote! { ev.merge(#e(v, depth + 1)); });
            }
        }
        let all_props = map.contains_key("unevaluatedProperties");
        let all_items = map.contains_key("unevaluatedItems");
        let binding = if body.is_empty() {
            quote! { let ev = Evaluated::default(); }
        } else {
            quote! { let mut ev = Evaluated::default(); }
        };
        let doc = crate::emit::doc_safe(&format!(
            " What `{}` evaluates in a value valid against it.",
            self.reg.location(node)
        ));
        quote! {
            #[doc = #doc]
            pub fn #core(v: &::serde_json::Value, depth: u32) -> Evaluated {
                #binding
                let _ = v;
                if depth > MAX_DEPTH {
                    return ev;
                }
                #(#body)*
                ev
            }

            pub fn #outer(v: &::serde_json::Value, depth: u32) -> Evaluated {
                let mut ev = #core(v, depth);
                ev.all_props |= #all_props;
                ev.all_items |= #all_items;
                ev
            }
        }
    }

    fn type_check(&mut self, map: &Map<String, Value>) -> TokenStream {
        let names: Vec<&str> = match map.get("type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => return TokenStream::new(),
        };
        let conds: Vec<TokenStream> = names
            .iter()
            .map(|name| match *name {
                "null" => quote! { v.is_null() },
                "boolean" => quote! { v.is_boolean() },
                "object" => quote! { v.is_object() },
                "array" => quote! { v.is_array() },
                "number" => quote! { v.is_number() },
                "string" => quote! { v.is_string() },
                "integer" => quote! { is_integer(v) },
                _ => quote! { false },
            })
            .collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        let expected = if quoted.len() == 1 {
            format!("is not of type {}", quoted[0])
        } else {
            format!("is not of types {}", quoted.join(", "))
        };
        let fail = fail(
            "type",
            quote! { ::std::format!("{} {}", short(v), #expected) },
            quote! { false },
        );
        quote! {
            if !(false #(|| #conds)*) {
                #fail
            }
        }
    }

    /// A static holding JSON values, parsed once.
    fn json_static(&mut self, values: &[Value]) -> Ident {
        let name = format_ident!("J{}", self.next_static);
        self.next_static += 1;
        let texts: Vec<String> = values.iter().map(Value::to_string).collect();
        let len = texts.len();
        self.statics.push(quote! {
            static #name: ::std::sync::LazyLock<::std::vec::Vec<::serde_json::Value>> = ::std::sync::LazyLock::new(|| {
                let texts: [&str; #len] = [#(#texts),*];
                texts.iter().filter_map(|text| ::serde_json::from_str(text).ok()).collect()
            });
        });
        name
    }

    fn enum_const(&mut self, map: &Map<String, Value>) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(Value::Array(values)) = map.get("enum") {
            let listed = list_values(values, QUOTE_CHARS);
            // Only a string where every listed value is a string is drift: a
            // tolerant enum type keeps it as an unknown value.
            let strings = !values.is_empty() && values.iter().all(Value::is_string);
            let fail = fail(
                "enum",
                quote! {
                    if #strings && v.is_string() {
                        ::std::format!("unknown value {}: the schema lists {}", short(v), #listed)
                    } else {
                        ::std::format!("{} is not one of {}", short(v), #listed)
                    }
                },
                quote! { #strings && v.is_string() },
            );
            // All strings: a `match` on the text, no JSON comparison.
            let allowed = if strings {
                // Each once: a repeated pattern would be unreachable.
                let mut texts: Vec<&str> = Vec::new();
                for text in values.iter().filter_map(Value::as_str) {
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
                quote! { ::std::matches!(v, ::serde_json::Value::String(s) if ::std::matches!(s.as_str(), #(#texts)|*)) }
            } else {
                let name = self.json_static(values);
                quote! { #name.iter().any(|allowed| json_eq(allowed, v)) }
            };
            out.extend(quote! {
                if !#allowed {
                    #fail
                }
            });
        }
        if let Some(value) = map.get("const") {
            let expected = list_values(std::slice::from_ref(value), QUOTE_CHARS);
            let strings = value.is_string();
            let fail = fail(
                "const",
                quote! {
                    if #strings && v.is_string() {
                        ::std::format!("unknown value {}: the schema expects {}", short(v), #expected)
                    } else {
                        ::std::format!("{} was expected, not {}", #expected, short(v))
                    }
                },
                quote! { #strings && v.is_string() },
            );
            let equal = match value.as_str() {
                Some(text) => {
                    quote! { ::std::matches!(v, ::serde_json::Value::String(s) if s == #text) }
                }
                None => {
                    let name = self.json_static(std::slice::from_ref(value));
                    quote! { json_eq(&#name[0], v) }
                }
            };
            out.extend(quote! {
                if !#equal {
                    #fail
                }
            });
        }
        out
    }

    fn numeric(&mut self, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let mut cmp = |key: &str, op: TokenStream, message: &str| {
            let Some(bound) = map.get(key).and_then(Value::as_f64) else {
                return;
            };
            let limit = Literal::f64_suffixed(bound);
            let message = format!("{message} {}", map[key]);
            let fail = fail(
                key,
                quote! { ::std::format!("{} {}", short(v), #message) },
                quote! { false },
            );
            checks.push(quote! {
                if !(n #op #limit) {
                    #fail
                }
            });
        };
        cmp("minimum", quote! { >= }, "is less than the minimum of");
        cmp("maximum", quote! { <= }, "is greater than the maximum of");
        cmp(
            "exclusiveMinimum",
            quote! { > },
            "is less than or equal to the exclusive minimum of",
        );
        cmp(
            "exclusiveMaximum",
            quote! { < },
            "is greater than or equal to the exclusive maximum of",
        );
        if let Some(multiple) = map.get("multipleOf").filter(|m| m.is_number()) {
            let text = multiple.to_string();
            let fail = fail(
                "multipleOf",
                quote! { ::std::format!("{} is not a multiple of {}", short(v), #text) },
                quote! { false },
            );
            checks.push(quote! {
                if !multiple_of(v, #text) {
                    #fail
                }
            });
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::std::option::Option::Some(n) = v.as_f64() {
                let _ = n;
                #(#checks)*
            }
        }
    }

    /// `format: int32` and the other integer widths, when asserted: the
    /// number must be an integer literal within the range (what a Rust
    /// integer field of that width decodes). Other formats are annotations.
    fn integer_format(&mut self, map: &Map<String, Value>) -> TokenStream {
        if !self.integer_formats {
            return TokenStream::new();
        }
        let Some(Value::String(format)) = map.get("format") else {
            return TokenStream::new();
        };
        let (min, max): (i128, i128) = match format.as_str() {
            "int8" => (i8::MIN.into(), i8::MAX.into()),
            "int16" => (i16::MIN.into(), i16::MAX.into()),
            "int32" => (i32::MIN.into(), i32::MAX.into()),
            "int64" => (i64::MIN.into(), i64::MAX.into()),
            "uint8" => (0, u8::MAX.into()),
            "uint16" => (0, u16::MAX.into()),
            "uint32" => (0, u32::MAX.into()),
            "uint64" => (0, u64::MAX.into()),
            _ => return TokenStream::new(),
        };
        let (min, max) = (Literal::i128_suffixed(min), Literal::i128_suffixed(max));
        let fail = fail(
            "format",
            quote! { ::std::format!("{} is not an {} (an integer literal in range)", v, #format) },
            quote! { false },
        );
        quote! {
            if let ::serde_json::Value::Number(n) = v {
                let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                if !exact.is_some_and(|i| (#min..=#max).contains(&i)) {
                    #fail
                }
            }
        }
    }

    fn string(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        if let Some(min) = count(map.get("minLength")).filter(|m| *m > 0) {
            let fail = fail(
                "minLength",
                quote! { ::std::format!("{} is shorter than {} characters", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (s.chars().count() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxLength")) {
            let fail = fail(
                "maxLength",
                quote! { ::std::format!("{} is longer than {} characters", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (s.chars().count() as u64) > #max { #fail } });
        }
        if let Some(Value::String(pattern)) = map.get("pattern") {
            match translate_pattern(pattern) {
                Ok(translated) => {
                    let name = self.regex_static(&translated);
                    let quoted = format!("{pattern:?}");
                    let fail = fail(
                        "pattern",
                        quote! { ::std::format!("{} does not match {}", short(v), #quoted) },
                        quote! { false },
                    );
                    checks.push(quote! {
                        if !(*#name).as_ref().is_some_and(|re| re.is_match(s)) {
                            #fail
                        }
                    });
                }
                Err(reason) => self.unsupported(node, "pattern", &reason),
            }
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::String(s) = v {
                #(#checks)*
            }
        }
    }

    fn regex_static(&mut self, pattern: &str) -> Ident {
        let name = format_ident!("R{}", self.next_static);
        self.next_static += 1;
        self.statics.push(quote! {
            static #name: ::std::sync::LazyLock<::std::option::Option<::regex::Regex>> =
                ::std::sync::LazyLock::new(|| ::regex::Regex::new(#pattern).ok());
        });
        name
    }

    fn array(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let prefix_len = match map.get("prefixItems") {
            Some(Value::Array(prefix)) => {
                for i in 0..prefix.len() {
                    let f = self.function(&node.child("prefixItems").child(&i.to_string()));
                    let each = child(
                        quote! { Segment::Index(#i) },
                        quote! { #f(item, depth + 1, e) },
                    );
                    checks.push(quote! {
                        if let ::std::option::Option::Some(item) = items.get(#i) {
                            #each
                        }
                    });
                }
                prefix.len()
            }
            _ => 0,
        };
        if map.contains_key("items") {
            let f = self.function(&node.child("items"));
            let each = child(
                quote! { Segment::Index(i) },
                quote! { #f(item, depth + 1, e) },
            );
            checks.push(quote! {
                for (i, item) in items.iter().enumerate().skip(#prefix_len) {
                    #each
                }
            });
        }
        if let Some(min) = count(map.get("minItems")).filter(|m| *m > 0) {
            let fail = fail(
                "minItems",
                quote! { ::std::format!("{} has fewer than {} items", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (items.len() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxItems")) {
            let fail = fail(
                "maxItems",
                quote! { ::std::format!("{} has more than {} items", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (items.len() as u64) > #max { #fail } });
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            let fail = fail(
                "uniqueItems",
                quote! { ::std::format!("{} has non-unique elements", short(v)) },
                quote! { false },
            );
            checks.push(quote! {
                let unique = (0..items.len()).all(|i| ((i + 1)..items.len()).all(|j| !json_eq(&items[i], &items[j])));
                if !unique {
                    #fail
                }
            });
        }
        if map.contains_key("contains") {
            let f = self.function(&node.child("contains"));
            let min = count(map.get("minContains")).unwrap_or(1);
            let max = count(map.get("maxContains"));
            let max_check = max.map(|max| {
                let fail = fail(
                    "maxContains",
                    quote! { ::std::format!("{} has more than {} items valid under `contains`", short(v), #max) },
                    quote! { false },
                );
                quote! { if matched > #max { #fail } }
            });
            let min_check = (min > 0).then(|| {
                let keyword = if map.contains_key("minContains") {
                    "minContains"
                } else {
                    "contains"
                };
                let fail = fail(
                    keyword,
                    quote! { ::std::format!("{} has fewer than {} items valid under `contains`", short(v), #min) },
                    quote! { false },
                );
                quote! { if matched < #min { #fail } }
            });
            checks.push(quote! {
                let matched = items.iter().filter(|item| probe(#f, item, depth + 1)).count() as u64;
                let _ = matched;
                #min_check
                #max_check
            });
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::Array(items) = v {
                #(#checks)*
            }
        }
    }

    /// Object keywords, in one pass over the members: each key is matched
    /// against `properties` (a `match` on the key), `patternProperties`, and
    /// else `additionalProperties`; required properties are ticked off as
    /// they are met.
    fn object(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let required: Vec<&str> = match map.get("required") {
            Some(Value::Array(required)) => required.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let props: Vec<String> = match map.get("properties") {
            Some(Value::Object(props)) => props.keys().cloned().collect(),
            _ => Vec::new(),
        };
        // Required names that `properties` lists are ticked off in the pass.
        let ticked: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| props.iter().any(|p| p == r))
            .collect();
        let mut arms = Vec::new();
        for name in &props {
            let f = self.function(&node.child("properties").child(name));
            let tick = ticked
                .iter()
                .position(|t| t == name)
                .map(|i| quote! { seen[#i] = true; });
            let each = child(
                quote! { Segment::Key(key) },
                quote! { #f(value, depth + 1, e) },
            );
            arms.push(quote! { #name => { #tick #each true } });
        }
        let mut pattern_checks = Vec::new();
        if let Some(Value::Object(pattern_props)) = map.get("patternProperties") {
            for pattern in pattern_props.keys() {
                match translate_pattern(pattern) {
                    Ok(translated) => {
                        let re = self.regex_static(&translated);
                        let f = self.function(&node.child("patternProperties").child(pattern));
                        let each = child(
                            quote! { Segment::Key(key) },
                            quote! { #f(value, depth + 1, e) },
                        );
                        pattern_checks.push(quote! {
                            if (*#re).as_ref().is_some_and(|re| re.is_match(key)) {
                                patterned = true;
                                #each
                            }
                        });
                    }
                    Err(reason) => self.unsupported(node, "patternProperties", &reason),
                }
            }
        }
        let additional = match map.get("additionalProperties") {
            None => TokenStream::new(),
            Some(Value::Bool(false)) => {
                let refuse = unknown_property("additionalProperties");
                quote! { if !named && !patterned { #refuse } }
            }
            Some(_) => {
                let f = self.function(&node.child("additionalProperties"));
                let each = child(
                    quote! { Segment::Key(key) },
                    quote! { #f(value, depth + 1, e) },
                );
                quote! { if !named && !patterned { #each } }
            }
        };
        if !arms.is_empty() || !pattern_checks.is_empty() || !additional.is_empty() {
            let len = ticked.len();
            let named = if arms.is_empty() {
                quote! { let named = false; }
            } else {
                quote! {
                    let named = match key.as_str() {
                        #(#arms)*
                        _ => false,
                    };
                }
            };
            checks.push(quote! {
                let mut seen = [false; #len];
                for (key, value) in object {
                    let _ = value;
                    #named
                    let mut patterned = false;
                    #(#pattern_checks)*
                    let _ = (named, patterned);
                    #additional
                }
            });
        } else {
            checks.push(quote! { let seen = [false; 0]; });
        }
        if !required.is_empty() {
            for name in &required {
                let present = match ticked.iter().position(|t| t == name) {
                    Some(i) => quote! { seen[#i] },
                    None => quote! { object.contains_key(#name) },
                };
                let message = format!("{name:?} is a required property");
                let fail = fail(
                    "required",
                    quote! { ::std::string::String::from(#message) },
                    quote! { false },
                );
                checks.push(quote! { if !#present { #fail } });
            }
        }
        if let Some(min) = count(map.get("minProperties")).filter(|m| *m > 0) {
            let fail = fail(
                "minProperties",
                quote! { ::std::format!("{} has fewer than {} properties", short(v), #min) },
                quote! { false },
            );
            checks.push(quote! { if (object.len() as u64) < #min { #fail } });
        }
        if let Some(max) = count(map.get("maxProperties")) {
            let fail = fail(
                "maxProperties",
                quote! { ::std::format!("{} has more than {} properties", short(v), #max) },
                quote! { false },
            );
            checks.push(quote! { if (object.len() as u64) > #max { #fail } });
        }
        if let Some(Value::Object(dependent)) = map.get("dependentRequired") {
            for (name, needs) in dependent {
                for needed in needs
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    let message =
                        format!("{needed:?} is a required property (as {name:?} is present)");
                    let fail = fail(
                        "dependentRequired",
                        quote! { ::std::string::String::from(#message) },
                        quote! { false },
                    );
                    checks.push(quote! {
                        if object.contains_key(#name) && !object.contains_key(#needed) {
                            #fail
                        }
                    });
                }
            }
        }
        if let Some(Value::Object(dependent)) = map.get("dependentSchemas") {
            for name in dependent.keys() {
                let f = self.function(&node.child("dependentSchemas").child(name));
                let call = same(quote! { #f(v, depth + 1, e) });
                checks.push(quote! {
                    if object.contains_key(#name) {
                        #call
                    }
                });
            }
        }
        if map.contains_key("propertyNames") {
            let f = self.function(&node.child("propertyNames"));
            checks.push(quote! {
                for key in object.keys() {
                    if !e.property_name(key, depth + 1, #f) {
                        ok = false;
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        if checks.len() == 1
            && arms.is_empty()
            && pattern_checks.is_empty()
            && additional.is_empty()
        {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::Object(object) = v {
                let _ = object;
                #(#checks)*
                let _ = seen;
            }
        }
    }

    fn combinators(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut out = TokenStream::new();
        let branches = |this: &mut Self, key: &str| -> Vec<Ident> {
            match map.get(key) {
                Some(Value::Array(items)) => (0..items.len())
                    .map(|i| this.function(&node.child(key).child(&i.to_string())))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for f in branches(self, "allOf") {
            out.extend(same(quote! { #f(v, depth + 1, e) }));
        }
        let any = branches(self, "anyOf");
        if !any.is_empty() {
            let len = any.len();
            out.extend(quote! {
                {
                    let branches: [Validate; #len] = [#(#any),*];
                    // Probing first costs nothing when a branch matches (a
                    // nullable value that is null fails its other branch).
                    if !branches.iter().any(|f| probe(*f, v, depth + 1)) {
                        ok = false;
                        if e.probing() {
                            return false;
                        }
                        let context = branches.iter().map(|f| e.branch(v, depth + 1, *f).1).collect();
                        e.push_context(AT, "anyOf", ::std::format!("{} is not valid under any of the schemas listed in the 'anyOf' keyword", short(v)), context);
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        let one = branches(self, "oneOf");
        if !one.is_empty() {
            let len = one.len();
            out.extend(quote! {
                {
                    let branches: [Validate; #len] = [#(#one),*];
                    let matched = branches.iter().filter(|f| probe(**f, v, depth + 1)).count();
                    if matched != 1 {
                        ok = false;
                        if e.probing() {
                            return false;
                        }
                        if matched == 0 {
                            let context = branches.iter().map(|f| e.branch(v, depth + 1, *f).1).collect();
                            e.push_context(AT, "oneOf", ::std::format!("{} is not valid under any of the schemas listed in the 'oneOf' keyword", short(v)), context);
                        } else {
                            e.push(AT, "oneOf", ::std::format!("{} is valid under more than one of the schemas listed in the 'oneOf' keyword", short(v)), false);
                        }
                        if e.stops() {
                            return false;
                        }
                    }
                }
            });
        }
        if let Some(schema) = map.get("not") {
            let f = self.function(&node.child("not"));
            let quoted = short_json(schema, QUOTE_CHARS);
            let fail = fail(
                "not",
                quote! { ::std::format!("{} should not be valid under {}", short(v), #quoted) },
                quote! { false },
            );
            out.extend(quote! {
                if probe(#f, v, depth + 1) {
                    #fail
                }
            });
        }
        if map.contains_key("if") {
            let cond = self.function(&node.child("if"));
            let then = map
                .contains_key("then")
                .then(|| self.function(&node.child("then")))
                .map(|f| same(quote! { #f(v, depth + 1, e) }));
            let otherwise = map
                .contains_key("else")
                .then(|| self.function(&node.child("else")))
                .map(|f| same(quote! { #f(v, depth + 1, e) }));
            out.extend(quote! {
                if probe(#cond, v, depth + 1) { #then } else { #otherwise }
            });
        }
        out
    }
}

/// A non-negative integer keyword value; `2.0` counts as `2`, as JSON Schema says.
fn count(value: Option<&Value>) -> Option<u64> {
    let value = value?;
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f <= u64::MAX as f64)
            .map(|f| f as u64)
    })
}

/// `"a", "b", "c"`, stopping near `max` characters with `… (N values)`.
fn list_values(values: &[Value], max: usize) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        let item = short_json(v, max);
        if i > 0 && out.len() + item.len() > max {
            return format!("{out}, … ({} values)", values.len());
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&item);
    }
    out
}

/// Compact JSON, or a description of it when longer than `max` characters.
fn short_json(value: &Value, max: usize) -> String {
    let text = value.to_string();
    if text.chars().count() <= max {
        return text;
    }
    match value {
        Value::Object(m) => format!("an object with {} member(s)", m.len()),
        Value::Array(a) => format!("an array of {} item(s)", a.len()),
        _ => text.chars().take(max).chain("…".chars()).collect(),
    }
}

/// The helpers every validator uses, emitted once.
pub fn runtime() -> TokenStream {
    quote! {
        /// How deep schema references may recurse on one value before validation gives up.
        pub const MAX_DEPTH: u32 = 512;

        /// Records a failed keyword at the current value (the message is
        /// only built when it is kept), and ends the walk unless every
        /// error is wanted.
        macro_rules! fail {
            ($e:ident, $ok:ident, $at:expr, $keyword:expr, $message:expr, $drift:expr) => {{
                $ok = false;
                if $e.probing() {
                    return false;
                }
                $e.push($at, $keyword, $message, $drift);
                if $e.stops() {
                    return false;
                }
            }};
        }

        /// Validates a child value under one more pointer segment.
        macro_rules! child {
            ($e:ident, $ok:ident, $segment:expr, $call:expr) => {{
                $e.enter($segment);
                let valid = $call;
                $e.leave();
                if !valid {
                    $ok = false;
                    if $e.stops() {
                        return false;
                    }
                }
            }};
        }

        /// Validates the same value against another node (`$ref`, `allOf`…).
        macro_rules! same {
            ($e:ident, $ok:ident, $call:expr) => {{
                if !$call {
                    $ok = false;
                    if $e.stops() {
                        return false;
                    }
                }
            }};
        }

        /// A generated validator: the value, the depth of schema recursion so
        /// far, and where its errors go. `true` when the value is valid.
        pub type Validate = for<'x> fn(&'x ::serde_json::Value, u32, &mut Errors<'x>) -> bool;

        /// What an [`Errors`] sink keeps.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub enum Mode {
            /// Nothing: only validity counts, and the first failure ends the walk.
            Probe,
            /// The first error.
            First,
            /// Every error.
            All,
        }

        /// One step from a value to a child.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
        pub enum Segment<'v> {
            Key(&'v str),
            Index(usize),
        }

        /// One way a value departs from the schema.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct SchemaError {
            /// The JSON pointer of the value in the payload.
            pub pointer: ::std::string::String,
            /// The keyword that failed (`type`, `required`, `anyOf`…).
            pub keyword: &'static str,
            /// The failing keyword in the schema: `file#pointer/keyword`.
            pub schema_path: ::std::string::String,
            /// What is wrong.
            pub message: ::std::string::String,
            /// Drift, which the tolerant types keep rather than refuse: a
            /// property that `additionalProperties: false` or
            /// `unevaluatedProperties: false` refuses (reported at the
            /// property), or a string that an all-string `enum` or `const`
            /// does not list.
            pub drift: bool,
            /// For an `anyOf` or `oneOf` that no branch matched, each
            /// branch's errors.
            pub context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>,
        }

        impl ::std::fmt::Display for SchemaError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                if self.pointer.is_empty() {
                    f.write_str(&self.message)
                } else {
                    ::std::write!(f, "{}: {}", self.pointer, self.message)
                }
            }
        }

        impl ::std::error::Error for SchemaError {}

        /// Where a validator's errors go, and the path to the value it is at.
        #[derive(::std::fmt::Debug)]
        pub struct Errors<'v> {
            mode: Mode,
            /// The pointer of the root this sink's path starts at.
            prefix: ::std::string::String,
            path: ::std::vec::Vec<Segment<'v>>,
            list: ::std::vec::Vec<SchemaError>,
        }

        impl<'v> Errors<'v> {
            pub fn new(mode: Mode) -> Self {
                Errors { mode, prefix: ::std::string::String::new(), path: ::std::vec::Vec::new(), list: ::std::vec::Vec::new() }
            }

            /// Whether only validity counts (no error is kept).
            #[inline]
            pub fn probing(&self) -> bool {
                self.mode == Mode::Probe
            }

            /// Whether the walk ends at the first failure.
            #[inline]
            pub fn stops(&self) -> bool {
                self.mode != Mode::All
            }

            #[inline]
            pub fn enter(&mut self, segment: Segment<'v>) {
                self.path.push(segment);
            }

            #[inline]
            pub fn leave(&mut self) {
                self.path.pop();
            }

            /// The JSON pointer of the current value.
            pub fn pointer(&self) -> ::std::string::String {
                let mut pointer = ::std::clone::Clone::clone(&self.prefix);
                for segment in &self.path {
                    pointer.push('/');
                    match segment {
                        Segment::Key(key) => {
                            for c in key.chars() {
                                match c {
                                    '~' => pointer.push_str("~0"),
                                    '/' => pointer.push_str("~1"),
                                    c => pointer.push(c),
                                }
                            }
                        }
                        Segment::Index(i) => {
                            let _ = ::std::fmt::Write::write_fmt(&mut pointer, ::std::format_args!("{}", i));
                        }
                    }
                }
                pointer
            }

            /// Records an error at the current value: `keyword` of the node at `at`.
            pub fn push(&mut self, at: &'static str, keyword: &'static str, message: ::std::string::String, drift: bool) {
                self.record(at, keyword, message, drift, ::std::vec::Vec::new());
            }

            /// Records an error with the errors of the branches that failed.
            pub fn push_context(&mut self, at: &'static str, keyword: &'static str, message: ::std::string::String, context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>) {
                self.record(at, keyword, message, false, context);
            }

            fn record(&mut self, at: &'static str, keyword: &'static str, message: ::std::string::String, drift: bool, context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>) {
                if self.mode == Mode::Probe {
                    return;
                }
                let pointer = self.pointer();
                let schema_path = if keyword == "false" { ::std::string::String::from(at) } else { ::std::format!("{}/{}", at, keyword) };
                self.list.push(SchemaError { pointer, keyword, schema_path, message, drift, context });
            }

            /// Runs a branch of `anyOf`/`oneOf` on the current value: whether
            /// it is valid, and (when every error is kept) its errors, apart.
            pub fn branch(&mut self, v: &'v ::serde_json::Value, depth: u32, f: Validate) -> (bool, ::std::vec::Vec<SchemaError>) {
                let depth_before = self.path.len();
                let result = if self.mode == Mode::All {
                    let kept = ::std::mem::take(&mut self.list);
                    let valid = f(v, depth, self);
                    (valid, ::std::mem::replace(&mut self.list, kept))
                } else {
                    let mode = ::std::mem::replace(&mut self.mode, Mode::Probe);
                    let valid = f(v, depth, self);
                    self.mode = mode;
                    (valid, ::std::vec::Vec::new())
                };
                // A probe stops where it fails, with the path as it was there.
                self.path.truncate(depth_before);
                result
            }

            /// Validates a property name (`propertyNames`) as a string value,
            /// its errors reported at the property.
            pub fn property_name(&mut self, key: &'v str, depth: u32, f: Validate) -> bool {
                let name = ::serde_json::Value::String(::std::string::String::from(key));
                let mut prefix = ::std::string::String::new();
                if self.mode != Mode::Probe {
                    self.enter(Segment::Key(key));
                    prefix = self.pointer();
                    self.leave();
                }
                let mut sub = Errors { mode: self.mode, prefix, path: ::std::vec::Vec::new(), list: ::std::vec::Vec::new() };
                let valid = f(&name, depth, &mut sub);
                self.list.extend(sub.list);
                valid
            }

            /// The errors recorded.
            pub fn into_errors(self) -> ::std::vec::Vec<SchemaError> {
                self.list
            }
        }

        /// Whether `v` is valid, keeping no errors.
        pub fn probe(f: Validate, v: &::serde_json::Value, depth: u32) -> bool {
            f(v, depth, &mut Errors::new(Mode::Probe))
        }

        /// The first error of `v`, if any.
        pub fn first(f: Validate, v: &::serde_json::Value) -> ::std::result::Result<(), SchemaError> {
            let mut errors = Errors::new(Mode::First);
            if f(v, 0, &mut errors) {
                return ::std::result::Result::Ok(());
            }
            ::std::result::Result::Err(errors.into_errors().into_iter().next().unwrap_or_else(|| SchemaError {
                pointer: ::std::string::String::new(),
                keyword: "",
                schema_path: ::std::string::String::new(),
                message: ::std::string::String::from("the value is invalid"),
                drift: false,
                context: ::std::vec::Vec::new(),
            }))
        }

        /// Every error of `v`.
        pub fn all(f: Validate, v: &::serde_json::Value) -> ::std::vec::Vec<SchemaError> {
            let mut errors = Errors::new(Mode::All);
            f(v, 0, &mut errors);
            errors.into_errors()
        }

        /// A value as compact JSON for a message, or a description when it
        /// is longer than about 60 characters (found without encoding all of
        /// a large value).
        pub fn short(v: &::serde_json::Value) -> ::std::string::String {
            const MAX: usize = 60;
            /// Takes bytes until there are more than a short text can hold.
            struct Bounded(::std::vec::Vec<u8>);
            impl ::std::io::Write for Bounded {
                fn write(&mut self, bytes: &[u8]) -> ::std::io::Result<usize> {
                    if self.0.len() + bytes.len() > 4 * MAX {
                        return ::std::result::Result::Err(::std::io::Error::other("too long"));
                    }
                    self.0.extend_from_slice(bytes);
                    ::std::result::Result::Ok(bytes.len())
                }
                fn flush(&mut self) -> ::std::io::Result<()> {
                    ::std::result::Result::Ok(())
                }
            }
            let describe = || match v {
                ::serde_json::Value::Object(m) => ::std::format!("an object with {} member(s)", m.len()),
                ::serde_json::Value::Array(a) => ::std::format!("an array of {} item(s)", a.len()),
                _ => ::std::string::String::new(),
            };
            match v {
                ::serde_json::Value::String(s) => short_str(s),
                ::serde_json::Value::Object(_) | ::serde_json::Value::Array(_) => {
                    let mut out = Bounded(::std::vec::Vec::new());
                    if ::serde_json::to_writer(&mut out, v).is_err() {
                        return describe();
                    }
                    match ::std::string::String::from_utf8(out.0) {
                        ::std::result::Result::Ok(text) if text.chars().count() <= MAX => text,
                        _ => describe(),
                    }
                }
                other => ::std::string::ToString::to_string(other),
            }
        }

        /// A string as JSON for a message, cut after about 60 characters.
        pub fn short_str(s: &str) -> ::std::string::String {
            const MAX: usize = 60;
            if s.chars().count() <= MAX {
                return ::std::string::ToString::to_string(&::serde_json::Value::from(s));
            }
            let head: ::std::string::String = s.chars().take(MAX - 8).collect();
            let quoted = ::std::string::ToString::to_string(&::serde_json::Value::from(head));
            ::std::format!("{}…\"", quoted.trim_end_matches('"'))
        }

        /// The properties and items some keyword evaluated (JSON Schema's annotations).
        #[derive(::std::fmt::Debug, ::std::default::Default)]
        pub struct Evaluated {
            pub all_props: bool,
            pub props: ::std::collections::BTreeSet<::std::string::String>,
            pub all_items: bool,
            pub items: ::std::collections::BTreeSet<usize>,
        }

        impl Evaluated {
            pub fn merge(&mut self, other: Evaluated) {
                self.all_props |= other.all_props;
                self.props.extend(other.props);
                self.all_items |= other.all_items;
                self.items.extend(other.items);
            }
        }

        /// JSON Schema's idea of an integer: any number with no fractional part.
        pub fn is_integer(v: &::serde_json::Value) -> bool {
            match v {
                ::serde_json::Value::Number(n) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0),
                _ => false,
            }
        }

        /// JSON equality as JSON Schema defines it: `1` equals `1.0`.
        pub fn json_eq(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    if let (::std::option::Option::Some(x), ::std::option::Option::Some(y)) = (x.as_i64(), y.as_i64()) {
                        return x == y;
                    }
                    if let (::std::option::Option::Some(x), ::std::option::Option::Some(y)) = (x.as_u64(), y.as_u64()) {
                        return x == y;
                    }
                    x.as_f64() == y.as_f64()
                }
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| json_eq(a, b)))
                }
                _ => a == b,
            }
        }

        /// Whether the number `v` is a multiple of `multiple` (given as JSON text).
        pub fn multiple_of(v: &::serde_json::Value, multiple: &str) -> bool {
            let ::serde_json::Value::Number(n) = v else { return true };
            if let (::std::option::Option::Some(x), ::std::result::Result::Ok(m)) = (n.as_i64(), multiple.parse::<i64>()) {
                return m != 0 && x % m == 0;
            }
            let (::std::option::Option::Some(x), ::std::result::Result::Ok(m)) = (n.as_f64(), multiple.parse::<f64>()) else {
                return false;
            };
            if m == 0.0 || !x.is_finite() {
                return false;
            }
            let quotient = x / m;
            if !quotient.is_finite() {
                // The quotient overflows; the remainder does not.
                return (x % m) == 0.0;
            }
            (quotient - quotient.round()).abs() < 1e-9
        }
    }
}

/// Rewrites an ECMAScript pattern for the `regex` crate: `\d`, `\D`, `\w`,
/// `\W` (ASCII-only in ECMAScript, Unicode in `regex`), `\cX` controls; and
/// checks that the result compiles. Lookaround and backreferences have no
/// linear-time implementation: they are reported as unsupported.
pub fn translate_pattern(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("the pattern ends with a lone backslash".into());
                };
                let (inside, outside) = match next {
                    'd' => ("0-9", "[0-9]"),
                    'D' => ("", "[^0-9]"),
                    'w' => ("0-9A-Za-z_", "[0-9A-Za-z_]"),
                    'W' => ("", "[^0-9A-Za-z_]"),
                    // ECMAScript's white space includes U+FEFF; Unicode's does not.
                    's' => ("\\s\\x{FEFF}", "[\\s\\x{FEFF}]"),
                    'S' => ("", "[^\\s\\x{FEFF}]"),
                    'c' => {
                        let Some(letter) = chars.next().filter(char::is_ascii_alphabetic) else {
                            return Err("`\\c` must be followed by a letter".into());
                        };
                        out.push_str(&format!("\\x{:02X}", (letter as u8) % 32));
                        continue;
                    }
                    '1'..='9' => {
                        return Err("backreferences have no linear-time implementation".into())
                    }
                    _ => {
                        out.push('\\');
                        out.push(next);
                        continue;
                    }
                };
                if in_class {
                    if inside.is_empty() {
                        return Err(format!(
                            "`\\{next}` inside a character class is not supported"
                        ));
                    }
                    out.push_str(inside);
                } else {
                    out.push_str(outside);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class && chars.peek() == Some(&'?') => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("?=")
                    || rest.starts_with("?!")
                    || rest.starts_with("?<=")
                    || rest.starts_with("?<!")
                {
                    return Err("lookaround has no linear-time implementation".into());
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    regex::Regex::new(&out)
        .map(|_| out)
        .map_err(|e| format!("not a pattern the `regex` crate accepts: {e}"))
}

#[cfg(test)]
mod tests {
    use super::translate_pattern;

    #[test]
    fn ecmascript_classes_become_ascii() {
        assert_eq!(translate_pattern(r"^\d+$").unwrap(), "^[0-9]+$");
        assert_eq!(translate_pattern(r"[\d\w-]").unwrap(), "[0-90-9A-Za-z_-]");
        assert_eq!(translate_pattern(r"\W").unwrap(), "[^0-9A-Za-z_]");
        assert_eq!(translate_pattern(r"\cJ").unwrap(), "\\x0A");
        assert_eq!(translate_pattern("^(a+)+$").unwrap(), "^(a+)+$");
    }

    #[test]
    fn unsupported_patterns_say_why() {
        assert!(translate_pattern(r"(a)\1")
            .unwrap_err()
            .contains("backreferences"));
        assert!(translate_pattern(r"a(?=b)")
            .unwrap_err()
            .contains("lookaround"));
        assert!(translate_pattern(r"\").is_err());
    }
}
