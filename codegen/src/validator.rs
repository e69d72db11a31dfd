//! Strict mode: a validator function per schema node, emitted as Rust, that
//! the strict types' `Deserialize` runs before decoding, so that a value that
//! decodes is always valid.
//!
//! Each function checks one node's own keywords against a `serde_json::Value`
//! and calls the functions of its subschemas. Keywords apply only to the
//! instance types they are defined for (`maxLength` ignores numbers), as the
//! specification says. `pattern` uses the `regex` crate (linear time, so no
//! input can make validation hang), with ECMAScript's ASCII-only `\d` and `\w`.

use crate::error::{Diagnostics, Error};
use crate::resolve::{NodeId, Registry};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};

/// Keywords a strict validator cannot honour, and why.
pub const UNSUPPORTED: &[(&str, &str)] = &[(
    "$dynamicRef",
    "dynamic scopes depend on the path taken at validation time; the generated code resolves every reference statically",
)];

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

pub(crate) struct Validators<'a> {
    reg: &'a Registry,
    diags: &'a mut Diagnostics,
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

impl<'a> Validators<'a> {
    pub fn new(reg: &'a Registry, diags: &'a mut Diagnostics) -> Self {
        Self {
            reg,
            diags,
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
                self.fns.push(quote! {
                    #[doc = #doc]
                    pub fn #name(v: &::serde_json::Value, depth: u32) -> ::std::result::Result<(), Invalid> {
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
            Value::Bool(true) => {
                return quote! { let _ = (v, depth); ::std::result::Result::Ok(()) }
            }
            Value::Bool(false) => {
                return quote! {
                    let _ = (v, depth);
                    ::std::result::Result::Err(Invalid::new("no value is valid here (the schema is `false`)"))
                }
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
                return quote! { let _ = (v, depth); ::std::result::Result::Ok(()) };
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
            self.string(node, map),
            self.array(node, map),
            self.object(node, map),
            self.combinators(node, map),
        ];
        if map.get("$ref").is_some_and(Value::is_string) {
            if let Some(target) = self.reg.target(node).cloned() {
                let f = self.function(&target);
                checks.push(quote! { #f(v, depth + 1)?; });
            }
        }
        checks.push(self.unevaluated(node, map));
        quote! {
            let _ = v;
            if depth > MAX_DEPTH {
                return ::std::result::Result::Err(Invalid::new("the schema recurses deeper than the validator allows"));
            }
            #(#checks)*
            ::std::result::Result::Ok(())
        }
    }

    /// `unevaluatedProperties` / `unevaluatedItems`: what no other keyword of
    /// this node (nor any subschema that applied successfully) evaluated must
    /// match them. Runs last, on a value valid against everything else.
    fn unevaluated(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let props = map.contains_key("unevaluatedProperties");
        let items = map.contains_key("unevaluatedItems");
        if !props && !items {
            return TokenStream::new();
        }
        let (_, core) = self.eval_function(node);
        let mut out = quote! { let evaluated = #core(v, depth + 1); let _ = &evaluated; };
        if props {
            let f = self.function(&node.child("unevaluatedProperties"));
            out.extend(quote! {
                if let ::serde_json::Value::Object(object) = v {
                    if !evaluated.all_props {
                        for (key, value) in object {
                            if !evaluated.props.contains(key) {
                                #f(value, depth + 1).map_err(|e| e.at(key))?;
                            }
                        }
                    }
                }
            });
        }
        if items {
            let f = self.function(&node.child("unevaluatedItems"));
            out.extend(quote! {
                if let ::serde_json::Value::Array(items) = v {
                    if !evaluated.all_items {
                        for (i, item) in items.iter().enumerate() {
                            if !evaluated.items.contains(&i) {
                                #f(item, depth + 1).map_err(|e| e.at(i))?;
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
                        if #f(item, depth + 1).is_ok() {
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
                    if #f(v, depth + 1).is_ok() {
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
                if #cond(v, depth + 1).is_ok() {
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
        let message = format!("expected {}", names.join(" or "));
        quote! {
            if !(#(#conds)||*) {
                return ::std::result::Result::Err(Invalid::new(::std::format!("{}, found {}", #message, kind(v))));
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
            let name = self.json_static(values);
            out.extend(quote! {
                if !#name.iter().any(|allowed| json_eq(allowed, v)) {
                    return ::std::result::Result::Err(Invalid::new("not one of the values `enum` lists"));
                }
            });
        }
        if let Some(value) = map.get("const") {
            let name = self.json_static(std::slice::from_ref(value));
            out.extend(quote! {
                if !json_eq(&#name[0], v) {
                    return ::std::result::Result::Err(Invalid::new("not the value `const` requires"));
                }
            });
        }
        out
    }

    fn numeric(&mut self, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let bound = |key: &str| map.get(key).and_then(Value::as_f64);
        let cmp = |key: &str, op: TokenStream, message: &str| -> Option<TokenStream> {
            let limit = Literal::f64_suffixed(bound(key)?);
            let message = format!("{message} {}", map[key]);
            Some(quote! {
                if !(n #op #limit) {
                    return ::std::result::Result::Err(Invalid::new(#message));
                }
            })
        };
        checks.extend(cmp("minimum", quote! { >= }, "less than minimum"));
        checks.extend(cmp("maximum", quote! { <= }, "greater than maximum"));
        checks.extend(cmp(
            "exclusiveMinimum",
            quote! { > },
            "not greater than exclusiveMinimum",
        ));
        checks.extend(cmp(
            "exclusiveMaximum",
            quote! { < },
            "not less than exclusiveMaximum",
        ));
        if let Some(multiple) = map.get("multipleOf").filter(|m| m.is_number()) {
            let text = multiple.to_string();
            let message = format!("not a multiple of {text}");
            checks.push(quote! {
                if !multiple_of(v, #text) {
                    return ::std::result::Result::Err(Invalid::new(#message));
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

    fn string(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        if let Some(min) = count(map.get("minLength")).filter(|m| *m > 0) {
            let message = format!("shorter than minLength {min}");
            checks.push(quote! { if (s.chars().count() as u64) < #min { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if let Some(max) = count(map.get("maxLength")) {
            let message = format!("longer than maxLength {max}");
            checks.push(quote! { if (s.chars().count() as u64) > #max { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if let Some(Value::String(pattern)) = map.get("pattern") {
            match translate_pattern(pattern) {
                Ok(translated) => {
                    let name = self.regex_static(&translated);
                    let message = format!("does not match pattern {pattern:?}");
                    checks.push(quote! {
                        match &*#name {
                            ::std::option::Option::Some(re) if re.is_match(s) => {}
                            _ => return ::std::result::Result::Err(Invalid::new(#message)),
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
                let fns: Vec<Ident> = (0..prefix.len())
                    .map(|i| self.function(&node.child("prefixItems").child(&i.to_string())))
                    .collect();
                let indices: Vec<usize> = (0..prefix.len()).collect();
                checks.push(quote! {
                    #( if let ::std::option::Option::Some(item) = items.get(#indices) { #fns(item, depth + 1).map_err(|e| e.at(#indices))?; } )*
                });
                prefix.len()
            }
            _ => 0,
        };
        if map.contains_key("items") {
            let f = self.function(&node.child("items"));
            checks.push(quote! {
                for (i, item) in items.iter().enumerate().skip(#prefix_len) {
                    #f(item, depth + 1).map_err(|e| e.at(i))?;
                }
            });
        }
        if let Some(min) = count(map.get("minItems")).filter(|m| *m > 0) {
            let message = format!("fewer than minItems {min}");
            checks.push(quote! { if (items.len() as u64) < #min { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if let Some(max) = count(map.get("maxItems")) {
            let message = format!("more than maxItems {max}");
            checks.push(quote! { if (items.len() as u64) > #max { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            checks.push(quote! {
                for i in 0..items.len() {
                    for j in (i + 1)..items.len() {
                        if json_eq(&items[i], &items[j]) {
                            return ::std::result::Result::Err(Invalid::new(::std::format!("items {} and {} are equal, and uniqueItems forbids it", i, j)));
                        }
                    }
                }
            });
        }
        if map.contains_key("contains") {
            let f = self.function(&node.child("contains"));
            let min = count(map.get("minContains")).unwrap_or(1);
            let max = count(map.get("maxContains"));
            let max_check = max.map(|max| {
                let message = format!("more than maxContains {max} items match `contains`");
                quote! { if matched > #max { return ::std::result::Result::Err(Invalid::new(#message)); } }
            });
            let message = format!("fewer than {min} items match `contains`");
            let min_check = (min > 0).then(|| {
                quote! { if matched < #min { return ::std::result::Result::Err(Invalid::new(#message)); } }
            });
            checks.push(quote! {
                let matched = items.iter().filter(|item| #f(item, depth + 1).is_ok()).count() as u64;
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

    fn object(&mut self, node: &NodeId, map: &Map<String, Value>) -> TokenStream {
        let mut checks = Vec::new();
        let mut known: Vec<String> = Vec::new();
        if let Some(Value::Object(props)) = map.get("properties") {
            for name in props.keys() {
                known.push(name.clone());
                let f = self.function(&node.child("properties").child(name));
                checks.push(quote! {
                    if let ::std::option::Option::Some(value) = object.get(#name) {
                        #f(value, depth + 1).map_err(|e| e.at(#name))?;
                    }
                });
            }
        }
        let mut patterns = Vec::new();
        if let Some(Value::Object(pattern_props)) = map.get("patternProperties") {
            for pattern in pattern_props.keys() {
                match translate_pattern(pattern) {
                    Ok(translated) => {
                        let re = self.regex_static(&translated);
                        let f = self.function(&node.child("patternProperties").child(pattern));
                        checks.push(quote! {
                            if let ::std::option::Option::Some(re) = &*#re {
                                for (key, value) in object {
                                    if re.is_match(key) {
                                        #f(value, depth + 1).map_err(|e| e.at(key))?;
                                    }
                                }
                            }
                        });
                        patterns.push(re);
                    }
                    Err(reason) => self.unsupported(node, "patternProperties", &reason),
                }
            }
        }
        if map.contains_key("additionalProperties") {
            let f = self.function(&node.child("additionalProperties"));
            let len = known.len();
            checks.push(quote! {
                for (key, value) in object {
                    let known: [&str; #len] = [#(#known),*];
                    let named = known.contains(&key.as_str());
                    let patterned = false #( || #patterns.as_ref().is_some_and(|re| re.is_match(key)) )*;
                    if !named && !patterned {
                        #f(value, depth + 1).map_err(|e| e.at(key))?;
                    }
                }
            });
        }
        if let Some(Value::Array(required)) = map.get("required") {
            let names: Vec<&str> = required.iter().filter_map(Value::as_str).collect();
            let len = names.len();
            checks.push(quote! {
                let required: [&str; #len] = [#(#names),*];
                for name in required {
                    if !object.contains_key(name) {
                        return ::std::result::Result::Err(Invalid::new(::std::format!("missing required property {:?}", name)));
                    }
                }
            });
        }
        if let Some(min) = count(map.get("minProperties")).filter(|m| *m > 0) {
            let message = format!("fewer than minProperties {min}");
            checks.push(quote! { if (object.len() as u64) < #min { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if let Some(max) = count(map.get("maxProperties")) {
            let message = format!("more than maxProperties {max}");
            checks.push(quote! { if (object.len() as u64) > #max { return ::std::result::Result::Err(Invalid::new(#message)); } });
        }
        if let Some(Value::Object(dependent)) = map.get("dependentRequired") {
            for (name, needs) in dependent {
                let needs: Vec<&str> = needs
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let len = needs.len();
                checks.push(quote! {
                    if object.contains_key(#name) {
                        let needs: [&str; #len] = [#(#needs),*];
                        for needed in needs {
                            if !object.contains_key(needed) {
                                return ::std::result::Result::Err(Invalid::new(::std::format!("{:?} requires {:?} (dependentRequired)", #name, needed)));
                            }
                        }
                    }
                });
            }
        }
        if let Some(Value::Object(dependent)) = map.get("dependentSchemas") {
            for name in dependent.keys() {
                let f = self.function(&node.child("dependentSchemas").child(name));
                checks.push(quote! {
                    if object.contains_key(#name) {
                        #f(v, depth + 1)?;
                    }
                });
            }
        }
        if map.contains_key("propertyNames") {
            let f = self.function(&node.child("propertyNames"));
            checks.push(quote! {
                for key in object.keys() {
                    #f(&::serde_json::Value::String(::std::clone::Clone::clone(key)), depth + 1).map_err(|e| e.at(key))?;
                }
            });
        }
        if checks.is_empty() {
            return TokenStream::new();
        }
        quote! {
            if let ::serde_json::Value::Object(object) = v {
                #(#checks)*
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
        let all = branches(self, "allOf");
        if !all.is_empty() {
            out.extend(quote! { #( #all(v, depth + 1)?; )* });
        }
        let any = branches(self, "anyOf");
        if !any.is_empty() {
            out.extend(quote! {
                if !(false #( || #any(v, depth + 1).is_ok() )*) {
                    return ::std::result::Result::Err(Invalid::new("matches none of the `anyOf` schemas"));
                }
            });
        }
        let one = branches(self, "oneOf");
        if !one.is_empty() {
            out.extend(quote! {
                let matched = 0usize #( + usize::from(#one(v, depth + 1).is_ok()) )*;
                if matched != 1 {
                    return ::std::result::Result::Err(Invalid::new(::std::format!("matches {} of the `oneOf` schemas, not exactly one", matched)));
                }
            });
        }
        if map.contains_key("not") {
            let f = self.function(&node.child("not"));
            out.extend(quote! {
                if #f(v, depth + 1).is_ok() {
                    return ::std::result::Result::Err(Invalid::new("matches the `not` schema"));
                }
            });
        }
        if map.contains_key("if") {
            let cond = self.function(&node.child("if"));
            let then = map
                .contains_key("then")
                .then(|| self.function(&node.child("then")));
            let otherwise = map
                .contains_key("else")
                .then(|| self.function(&node.child("else")));
            let then = then.map(|f| quote! { #f(v, depth + 1)?; });
            let otherwise = otherwise.map(|f| quote! { #f(v, depth + 1)?; });
            out.extend(quote! {
                if #cond(v, depth + 1).is_ok() { #then } else { #otherwise }
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

/// The helpers every strict validator uses, emitted once.
pub fn runtime() -> TokenStream {
    quote! {
        /// How deep schema references may recurse on one value before validation gives up.
        pub const MAX_DEPTH: u32 = 512;

        /// Why a value is invalid, and where.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub struct Invalid {
            /// JSON pointer segments, innermost first.
            path: ::std::vec::Vec<::std::string::String>,
            message: ::std::string::String,
        }

        impl Invalid {
            pub fn new(message: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { path: ::std::vec::Vec::new(), message: message.into() }
            }

            /// Prefixes the location with one pointer segment.
            pub fn at(mut self, segment: impl ::std::fmt::Display) -> Self {
                self.path.push(::std::string::ToString::to_string(&segment));
                self
            }

            /// The JSON pointer of the invalid value.
            pub fn pointer(&self) -> ::std::string::String {
                self.path
                    .iter()
                    .rev()
                    .map(|s| ::std::format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                    .collect()
            }
        }

        impl ::std::fmt::Display for Invalid {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let pointer = self.pointer();
                if pointer.is_empty() {
                    f.write_str(&self.message)
                } else {
                    ::std::write!(f, "{}: {}", pointer, self.message)
                }
            }
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

        /// The kind of a value, for messages.
        pub fn kind(v: &::serde_json::Value) -> &'static str {
            match v {
                ::serde_json::Value::Null => "null",
                ::serde_json::Value::Bool(_) => "boolean",
                ::serde_json::Value::Number(_) => "number",
                ::serde_json::Value::String(_) => "string",
                ::serde_json::Value::Array(_) => "array",
                ::serde_json::Value::Object(_) => "object",
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
