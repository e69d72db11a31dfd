//! What the docs read off the generated Rust code: the Rust type name of
//! each def (from the `SCHEMA_TYPES` index) and the Rust type of each field
//! of each struct. The one place that scrapes the code's text; it is to be
//! replaced by a manifest from the generator.

use super::SchemaSet;
use schemagen::ir::names::{sanitize, Case};
use std::collections::BTreeMap;

/// The Rust names of one generation of the models.
pub(super) struct RustNames {
    /// Def name → Rust type name.
    types: BTreeMap<String, String>,
    /// Rust struct name → (field name → Rust type).
    fields: BTreeMap<String, BTreeMap<String, String>>,
}

impl RustNames {
    /// The names of every def of `set` in `code`; a def the index lacks is
    /// named by the generator's rule.
    pub(super) fn read(set: &SchemaSet, code: &str) -> Self {
        let index = parse_index(code);
        let mut types = BTreeMap::new();
        for def in &set.defs {
            let name = index
                .get(&(def.file.clone(), def.pointer.clone()))
                .or_else(|| {
                    // The same def found under another spelling of the folder.
                    index
                        .iter()
                        .find(|((_, p), _)| *p == def.pointer)
                        .map(|(_, n)| n)
                })
                .cloned()
                .unwrap_or_else(|| sanitize(&def.name, Case::Pascal));
            types.insert(def.name.clone(), name);
        }
        RustNames {
            types,
            fields: parse_structs(code),
        }
    }

    /// The Rust type of the def `name` (a def of the set it was read for).
    pub(super) fn type_name(&self, def: &str) -> &str {
        &self.types[def]
    }

    /// The Rust type of `field` of the struct `rust_type`, shortened.
    pub(super) fn field_type(&self, rust_type: &str, field: &str) -> Option<&str> {
        self.fields.get(rust_type)?.get(field).map(String::as_str)
    }
}

/// The generated type index: (file, pointer) → Rust type name.
fn parse_index(code: &str) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let Some(start) = code.find("pub const SCHEMA_TYPES") else {
        return out;
    };
    let mut name = None;
    let mut file = None;
    for line in code[start..].lines().skip(1) {
        let line = line.trim();
        if line.starts_with("];") {
            break;
        }
        if let Some(v) = field_literal(line, "name:") {
            name = Some(v);
        } else if let Some(v) = field_literal(line, "file:") {
            file = Some(v);
        } else if let Some(pointer) = field_literal(line, "pointer:") {
            if let (Some(name), Some(file)) = (name.take(), file.take()) {
                out.insert((file, pointer), name);
            }
        }
    }
    out
}

/// The string literal of `key: "…",`, unescaped.
fn field_literal(line: &str, key: &str) -> Option<String> {
    let literal = line.strip_prefix(key)?.trim().trim_end_matches(',');
    serde_json::from_str::<String>(literal).ok()
}

/// Every braced struct of the generated code: name → (field → Rust type,
/// with the `::std::…` paths shortened).
fn parse_structs(code: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("pub struct ")
            .and_then(|r| r.strip_suffix(" {"))
        else {
            continue;
        };
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == "}" {
                break;
            }
            if !line.trim_start().starts_with("//") {
                body.push_str(line);
                body.push('\n');
            }
        }
        let mut fields = BTreeMap::new();
        for item in split_top_level(&strip_attributes(&body)) {
            if let Some((field, ty)) = item
                .trim()
                .strip_prefix("pub ")
                .and_then(|r| r.split_once(':'))
            {
                fields.insert(field.trim().to_owned(), short_type(ty));
            }
        }
        out.insert(name.to_owned(), fields);
    }
    out
}

/// `text` without its `#[…]` attributes.
fn strip_attributes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '#' && chars.get(i + 1) == Some(&'[') {
            let mut depth = 0;
            let mut in_string = false;
            while i < chars.len() {
                let c = chars[i];
                if in_string {
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        in_string = false;
                    }
                } else if c == '"' {
                    in_string = true;
                } else if c == '[' {
                    depth += 1;
                } else if c == ']' {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Splits at commas outside `<>`, `()` and `[]`.
fn split_top_level(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

fn short_type(ty: &str) -> String {
    let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace("::std::option::", "")
        .replace("::std::string::", "")
        .replace("::std::vec::", "")
        .replace("::std::boxed::", "")
        .replace("::std::collections::", "")
        .replace("::serde_json::", "serde_json::")
        .replace(',', ", ")
        .replace(", >", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_fields_are_read_off_the_code() {
        let code = "pub struct A {\n    /// Doc, with a comma.\n    #[serde(\n        default,\n        deserialize_with = \"x\",\n    )]\n    pub a: ::std::option::Option<\n        ::std::option::Option<::std::string::String>,\n    >,\n    pub b: ::serde_json::Map<::std::string::String, ::serde_json::Value>,\n}\n";
        let structs = parse_structs(code);
        assert_eq!(structs["A"]["a"], "Option<Option<String>>");
        assert_eq!(
            structs["A"]["b"],
            "serde_json::Map<String, serde_json::Value>"
        );
    }
}
