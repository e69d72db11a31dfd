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

mod array;
mod composition;
mod numeric;
mod object;
pub mod regex;
mod string;
mod unevaluated;
mod values;

pub use regex::{invalid_pattern, translate_pattern};

use crate::error::{Diagnostics, Error};
use crate::schema::resolve::{NodeId, Registry};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

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
    /// Whether a validator matches a pattern (the code then needs `regex`).
    regex: bool,
}

/// The validators of a run, and what they need.
pub struct Generated {
    pub items: TokenStream,
    /// Whether they name the `regex` crate.
    pub regex: bool,
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
            regex: false,
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
    pub fn finish(mut self) -> Generated {
        loop {
            if let Some(node) = self.queue.pop_front() {
                let name = self.function(&node);
                let body = self.body(&node);
                let doc = schemakit::markdown::doc_comment(&format!(
                    " Validates against `{}`.",
                    self.reg.location(&node)
                ));
                let at = self.reg.location(&node).to_string();
                // Only a node that applies more than one subschema to the
                // value can multiply the work (a chain of single references
                // is bounded by MAX_DEPTH, children by the value's size):
                // counting those alone keeps the count off the common path.
                let step = fans_out(self.reg.value(&node)).then(|| {
                    quote! {
                        if !step() {
                            return false;
                        }
                    }
                });
                self.fns.push(quote! {
                    #[doc = #doc]
                    pub fn #name<'v>(v: &'v ::serde_json::Value, depth: u32, e: &mut Errors<'v>) -> bool {
                        const AT: &str = #at;
                        #step
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
        Generated {
            items: quote! { #(#statics)* #(#fns)* },
            regex: self.regex,
        }
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
                        crate::ir::convert::kind_of(other)
                    ),
                });
                return quote! { true };
            }
        };
        if let Some(Value::String(dialect)) = map.get("$schema") {
            // The drafts are read as 2020-12 (`schema::drafts`); another
            // dialect's vocabularies are unknown.
            if schemakit::Draft::from_uri(dialect).is_none() {
                self.unsupported(
                    node,
                    "$schema",
                    &format!("{dialect:?} is no draft's meta-schema; its vocabularies are unknown to the generator"),
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
}

/// Whether a schema applies more than one subschema to the same value
/// (`$ref` and the in-place keywords, as `schema::work` counts them): the
/// nodes whose visits the validators' work bound counts.
fn fans_out(schema: &Value) -> bool {
    crate::schema::work::in_place_count(schema) > 1
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
