//! What the generator does with each JSON Schema 2020-12 keyword.

/// How a keyword takes part in generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Determines the shape of the generated type.
    Shape,
    /// Identifies, documents or annotates; no effect on the type's shape.
    Annotation,
    /// A constraint the tolerant types leave to the schema: the types accept a
    /// superset of what the schema accepts, and validation reports the rest.
    Constraint,
    /// Cannot be expressed by the generated types at all (an error).
    Unsupported(&'static str),
}

/// The role of `keyword`, or `None` for a keyword that is not part of the
/// 2020-12 vocabularies (reported as a warning: it is most often a typo).
pub fn role(keyword: &str) -> Option<Role> {
    Some(match keyword {
        "type"
        | "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "items"
        | "prefixItems"
        | "enum"
        | "const"
        | "allOf"
        | "anyOf"
        | "oneOf"
        | "$ref"
        | "format" => Role::Shape,
        "$schema" | "$id" | "$anchor" | "$dynamicAnchor" | "$defs" | "definitions" | "$comment"
        | "$vocabulary" | "title" | "description" | "default" | "examples" | "deprecated"
        | "readOnly" | "writeOnly" | "contentEncoding" | "contentMediaType" | "contentSchema" => {
            Role::Annotation
        }
        "minLength"
        | "maxLength"
        | "pattern"
        | "minimum"
        | "maximum"
        | "exclusiveMinimum"
        | "exclusiveMaximum"
        | "multipleOf"
        | "minItems"
        | "maxItems"
        | "uniqueItems"
        | "contains"
        | "minContains"
        | "maxContains"
        | "minProperties"
        | "maxProperties"
        | "propertyNames"
        | "dependentRequired"
        | "dependentSchemas"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "not"
        | "if"
        | "then"
        | "else" => Role::Constraint,
        "$dynamicRef" => Role::Unsupported(
            "dynamic scopes are resolved at validation time; a static type cannot follow them",
        ),
        "$recursiveRef" | "$recursiveAnchor" => {
            Role::Unsupported("draft 2019-09 keyword; use `$ref` (this generator reads 2020-12)")
        }
        _ => return None,
    })
}

/// Keywords that give a schema a shape of its own (as opposed to a schema
/// that only constrains or annotates, like `{"required": ["a"]}` inside `anyOf`).
pub const SHAPE_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "patternProperties",
    "items",
    "prefixItems",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "$ref",
];
