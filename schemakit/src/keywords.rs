//! The JSON Schema keywords of every draft (04, 06, 07, 2019-09, 2020-12),
//! in one table: which drafts know each keyword, which family of keywords it
//! belongs to, and what its value holds (nothing, a subschema, an array or a
//! map of them). Every walk over a schema's subschemas goes through
//! [`subschemas`], so the generator, the resolver, the bundler and the differ
//! cannot disagree about where schemas are.

use serde_json::Value;

/// A JSON Schema draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft2019_09,
    Draft2020_12,
}

impl Draft {
    /// Every draft, oldest first.
    pub const ALL: [Draft; 5] = [
        Draft::Draft4,
        Draft::Draft6,
        Draft::Draft7,
        Draft::Draft2019_09,
        Draft::Draft2020_12,
    ];

    /// The meta-schema URI that names the draft in `$schema`.
    pub fn uri(self) -> &'static str {
        match self {
            Draft::Draft4 => "http://json-schema.org/draft-04/schema#",
            Draft::Draft6 => "http://json-schema.org/draft-06/schema#",
            Draft::Draft7 => "http://json-schema.org/draft-07/schema#",
            Draft::Draft2019_09 => "https://json-schema.org/draft/2019-09/schema",
            Draft::Draft2020_12 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The short name people use: `04`, `06`, `07`, `2019-09`, `2020-12`.
    pub fn name(self) -> &'static str {
        match self {
            Draft::Draft4 => "04",
            Draft::Draft6 => "06",
            Draft::Draft7 => "07",
            Draft::Draft2019_09 => "2019-09",
            Draft::Draft2020_12 => "2020-12",
        }
    }

    /// The draft a `$schema` URI names (`http` or `https`, with or without
    /// the empty fragment), if it names one.
    pub fn from_uri(uri: &str) -> Option<Draft> {
        let uri = uri.trim_end_matches('#');
        let rest = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))?;
        Draft::ALL.into_iter().find(|d| {
            d.uri()
                .trim_end_matches('#')
                .split_once("://")
                .map(|(_, r)| r)
                == Some(rest)
        })
    }

    /// The draft a short name (`07`, `draft7`, `2020-12`…) names.
    pub fn from_name(name: &str) -> Option<Draft> {
        let name = name.trim_start_matches("draft").trim_start_matches('-');
        Some(match name {
            "4" | "04" => Draft::Draft4,
            "6" | "06" => Draft::Draft6,
            "7" | "07" => Draft::Draft7,
            "2019-09" | "201909" => Draft::Draft2019_09,
            "2020-12" | "202012" => Draft::Draft2020_12,
            _ => return None,
        })
    }

    /// The draft a schema document declares with `$schema`, if it declares
    /// a known one.
    pub fn of(schema: &Value) -> Option<Draft> {
        Draft::from_uri(schema.get("$schema")?.as_str()?)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Which family a keyword belongs to: what it is about, as tools group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Identifies schemas and holds definitions: `$schema`, `$id`, `id`,
    /// `$anchor`, `$defs`, `$comment`…
    Core,
    /// Refers to another schema: `$ref`, `$dynamicRef`, `$recursiveRef`.
    Reference,
    /// `type`.
    Type,
    /// The values allowed: `enum`, `const`.
    Values,
    /// `allOf`, `anyOf`, `oneOf`, `not`.
    Composition,
    /// `if`/`then`/`else`, `dependentSchemas`, `dependencies`.
    Conditional,
    /// Numbers: `minimum`, `multipleOf`…
    Numeric,
    /// Strings: `minLength`, `maxLength`, `pattern`.
    String,
    /// Arrays: `items`, `prefixItems`, `additionalItems`, `contains`,
    /// `minItems`…
    Array,
    /// Objects: `properties`, `required`, `additionalProperties`,
    /// `propertyNames`, `minProperties`…
    Object,
    /// `unevaluatedProperties`, `unevaluatedItems`.
    Unevaluated,
    /// `format`.
    Format,
    /// `contentEncoding`, `contentMediaType`, `contentSchema`.
    Content,
    /// Documents a schema: `title`, `description`, `default`, `examples`,
    /// `deprecated`, `readOnly`, `writeOnly`.
    Annotation,
}

/// What a keyword's value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holds {
    /// A plain value (a string, a number, a list of names…), no schema.
    Value,
    /// One subschema.
    Schema,
    /// An array of subschemas.
    Schemas,
    /// An object whose every member is a subschema.
    SchemaMap,
    /// One subschema or an array of them (`items` before 2020-12).
    SchemaOrSchemas,
    /// An object whose members are subschemas or arrays of property names
    /// (`dependencies` before 2019-09).
    Dependencies,
}

/// Which end of a range a bound keyword sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    Lower,
    Upper,
}

/// One keyword of one or more drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    pub name: &'static str,
    pub family: Family,
    pub holds: Holds,
    /// For `minimum`, `maxLength` and the like: which end they bound.
    pub bound: Option<Bound>,
    drafts: u8,
}

impl Keyword {
    /// Whether `draft` has this keyword.
    pub fn in_draft(&self, draft: Draft) -> bool {
        self.drafts & draft.bit() != 0
    }
}

const D4: u8 = 1 << Draft::Draft4 as u8;
const D6: u8 = 1 << Draft::Draft6 as u8;
const D7: u8 = 1 << Draft::Draft7 as u8;
const D2019: u8 = 1 << Draft::Draft2019_09 as u8;
const D2020: u8 = 1 << Draft::Draft2020_12 as u8;
const ALL: u8 = D4 | D6 | D7 | D2019 | D2020;
const FROM6: u8 = D6 | D7 | D2019 | D2020;
const FROM7: u8 = D7 | D2019 | D2020;
const FROM2019: u8 = D2019 | D2020;
const UNTIL7: u8 = D4 | D6 | D7;
const UNTIL2019: u8 = D4 | D6 | D7 | D2019;

const fn kw(name: &'static str, family: Family, holds: Holds, drafts: u8) -> Keyword {
    Keyword {
        name,
        family,
        holds,
        bound: None,
        drafts,
    }
}

const fn bound(name: &'static str, family: Family, bound: Bound, drafts: u8) -> Keyword {
    Keyword {
        name,
        family,
        holds: Holds::Value,
        bound: Some(bound),
        drafts,
    }
}

/// Every keyword of every draft. A name may appear twice when drafts give
/// it different shapes (`items`).
pub const KEYWORDS: &[Keyword] = table::KEYWORDS;

/// The annotation that marks a property as a credential (`"x-secret":
/// true`): the generator carries it into its manifest, and the judge masks
/// the property's value in everything it reports.
pub const SECRET: &str = "x-secret";

mod table {
    use super::Bound::{Lower, Upper};
    use super::Family::*;
    use super::Holds::*;
    use super::*;

    pub const KEYWORDS: &[Keyword] = &[
        kw("$schema", Core, Value, ALL),
        kw("id", Core, Value, D4),
        kw("$id", Core, Value, FROM6),
        kw("$anchor", Core, Value, FROM2019),
        kw("$dynamicAnchor", Core, Value, D2020),
        kw("$recursiveAnchor", Core, Value, D2019),
        kw("$vocabulary", Core, Value, FROM2019),
        kw("$comment", Core, Value, FROM7),
        kw("$defs", Core, SchemaMap, FROM2019),
        // Not a keyword of 2019-09 and later, but where schemas of every draft
        // keep their definitions, and references into it resolve everywhere.
        kw("definitions", Core, SchemaMap, ALL),
        kw("$ref", Reference, Value, ALL),
        kw("$dynamicRef", Reference, Value, D2020),
        kw("$recursiveRef", Reference, Value, D2019),
        kw("type", Type, Value, ALL),
        kw("enum", Values, Value, ALL),
        kw("const", Values, Value, FROM6),
        kw("allOf", Composition, Schemas, ALL),
        kw("anyOf", Composition, Schemas, ALL),
        kw("oneOf", Composition, Schemas, ALL),
        kw("not", Composition, Schema, ALL),
        kw("if", Conditional, Schema, FROM7),
        kw("then", Conditional, Schema, FROM7),
        kw("else", Conditional, Schema, FROM7),
        kw("dependentSchemas", Conditional, SchemaMap, FROM2019),
        kw("dependencies", Conditional, Dependencies, UNTIL7),
        kw("multipleOf", Numeric, Value, ALL),
        bound("minimum", Numeric, Lower, ALL),
        bound("maximum", Numeric, Upper, ALL),
        // Draft 04: a boolean that makes `minimum`/`maximum` exclusive.
        kw("exclusiveMinimum", Numeric, Value, D4),
        kw("exclusiveMaximum", Numeric, Value, D4),
        bound("exclusiveMinimum", Numeric, Lower, FROM6),
        bound("exclusiveMaximum", Numeric, Upper, FROM6),
        bound("minLength", String, Lower, ALL),
        bound("maxLength", String, Upper, ALL),
        kw("pattern", String, Value, ALL),
        kw("items", Array, SchemaOrSchemas, UNTIL2019),
        kw("items", Array, Schema, D2020),
        kw("additionalItems", Array, Schema, UNTIL2019),
        kw("prefixItems", Array, Schemas, D2020),
        kw("contains", Array, Schema, FROM6),
        bound("minContains", Array, Lower, FROM2019),
        bound("maxContains", Array, Upper, FROM2019),
        bound("minItems", Array, Lower, ALL),
        bound("maxItems", Array, Upper, ALL),
        kw("uniqueItems", Array, Value, ALL),
        kw("properties", Object, SchemaMap, ALL),
        kw("patternProperties", Object, SchemaMap, ALL),
        kw("additionalProperties", Object, Schema, ALL),
        kw("propertyNames", Object, Schema, FROM6),
        kw("required", Object, Value, ALL),
        kw("dependentRequired", Object, Value, FROM2019),
        bound("minProperties", Object, Lower, ALL),
        bound("maxProperties", Object, Upper, ALL),
        kw("unevaluatedItems", Unevaluated, Schema, FROM2019),
        kw("unevaluatedProperties", Unevaluated, Schema, FROM2019),
        kw("format", Format, Value, ALL),
        kw("contentEncoding", Content, Value, FROM7),
        kw("contentMediaType", Content, Value, FROM7),
        kw("contentSchema", Content, Schema, FROM2019),
        kw("title", Annotation, Value, ALL),
        kw("description", Annotation, Value, ALL),
        kw("default", Annotation, Value, ALL),
        kw("examples", Annotation, Value, FROM6),
        kw("deprecated", Annotation, Value, FROM2019),
        kw("readOnly", Annotation, Value, FROM7),
        kw("writeOnly", Annotation, Value, FROM7),
    ];
}

/// The keyword `name` of `draft`, if the draft has one by that name.
pub fn keyword(draft: Draft, name: &str) -> Option<&'static Keyword> {
    KEYWORDS
        .iter()
        .find(|k| k.name == name && k.in_draft(draft))
}

/// The keyword `name` of any draft, the newest draft's meaning first.
pub fn any_draft(name: &str) -> Option<&'static Keyword> {
    Draft::ALL
        .iter()
        .rev()
        .find_map(|&draft| keyword(draft, name))
}

/// Every direct subschema of `schema` under `draft`, in the order the
/// keywords appear: the pointer suffix that leads to it (`/properties/a`,
/// `/allOf/0`, escaped) and its value. Keywords the draft does not know,
/// and values of the wrong shape, hold no subschema.
pub fn subschemas<'v>(draft: Draft, schema: &'v Value, mut f: impl FnMut(String, &'v Value)) {
    let Value::Object(map) = schema else { return };
    for (name, value) in map {
        let Some(keyword) = keyword(draft, name) else {
            continue;
        };
        let key = crate::pointer::escape(name);
        match (keyword.holds, value) {
            (Holds::Value, _) => {}
            (Holds::Schema | Holds::SchemaOrSchemas, Value::Object(_) | Value::Bool(_)) => {
                f(format!("/{key}"), value)
            }
            (Holds::Schemas | Holds::SchemaOrSchemas, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    f(format!("/{key}/{i}"), item);
                }
            }
            (Holds::SchemaMap, Value::Object(members)) => {
                for (member, item) in members {
                    f(format!("/{key}/{}", crate::pointer::escape(member)), item);
                }
            }
            (Holds::Dependencies, Value::Object(members)) => {
                for (member, item) in members {
                    if item.is_object() || item.is_boolean() {
                        f(format!("/{key}/{}", crate::pointer::escape(member)), item);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drafts_by_uri_and_name() {
        for draft in Draft::ALL {
            assert_eq!(Draft::from_uri(draft.uri()), Some(draft));
            assert_eq!(Draft::from_name(draft.name()), Some(draft));
        }
        assert_eq!(
            Draft::from_uri("https://json-schema.org/draft-07/schema"),
            Some(Draft::Draft7)
        );
        assert_eq!(
            Draft::from_uri("http://json-schema.org/draft/2020-12/schema#"),
            Some(Draft::Draft2020_12)
        );
        assert_eq!(Draft::from_uri("https://example.com/schema"), None);
        assert_eq!(Draft::from_name("draft7"), Some(Draft::Draft7));
    }

    #[test]
    fn keywords_differ_by_draft() {
        assert_eq!(keyword(Draft::Draft4, "id").unwrap().family, Family::Core);
        assert!(keyword(Draft::Draft2020_12, "id").is_none());
        assert_eq!(
            keyword(Draft::Draft7, "items").unwrap().holds,
            Holds::SchemaOrSchemas
        );
        assert_eq!(
            keyword(Draft::Draft2020_12, "items").unwrap().holds,
            Holds::Schema
        );
        assert!(keyword(Draft::Draft2020_12, "additionalItems").is_none());
        assert_eq!(
            keyword(Draft::Draft4, "exclusiveMinimum").unwrap().bound,
            None
        );
        assert_eq!(
            keyword(Draft::Draft6, "exclusiveMinimum").unwrap().bound,
            Some(Bound::Lower)
        );
        // No name is listed twice for one draft.
        for draft in Draft::ALL {
            for k in KEYWORDS.iter().filter(|k| k.in_draft(draft)) {
                let same = KEYWORDS
                    .iter()
                    .filter(|o| o.name == k.name && o.in_draft(draft))
                    .count();
                assert_eq!(same, 1, "{} in {draft:?}", k.name);
            }
        }
    }

    #[test]
    fn subschemas_by_draft() {
        let schema = json!({
            "properties": {"a/b": {"type": "string"}},
            "items": [{"type": "string"}, true],
            "additionalItems": false,
            "dependencies": {"x": ["y"], "z": {"required": ["w"]}},
            "enum": [{"type": "not a schema"}],
            "not": 5
        });
        let mut seen = Vec::new();
        subschemas(Draft::Draft7, &schema, |suffix, _| seen.push(suffix));
        assert_eq!(
            seen,
            [
                "/properties/a~1b",
                "/items/0",
                "/items/1",
                "/additionalItems",
                "/dependencies/z"
            ]
        );
        let mut seen = Vec::new();
        subschemas(Draft::Draft2020_12, &schema, |suffix, _| seen.push(suffix));
        assert_eq!(seen, ["/properties/a~1b"]);
    }
}
