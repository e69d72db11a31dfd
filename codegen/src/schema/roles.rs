//! What the generator does with each keyword: its role, derived from the
//! keyword's family in [`schemakit::keywords`].

use schemakit::keywords::{self, Draft, Family};

/// The draft the generator reads.
pub const DRAFT: Draft = Draft::Draft2020_12;

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
    let Some(known) = keywords::keyword(DRAFT, keyword) else {
        // Keywords of other drafts that no 2020-12 schema should rely on.
        return matches!(keyword, "$recursiveRef" | "$recursiveAnchor").then_some(
            Role::Unsupported("a draft 2019-09 keyword in a schema of a later draft; give it `\"$schema\": \"https://json-schema.org/draft/2019-09/schema\"`, or use `$dynamicRef`"),
        );
    };
    Some(match (known.family, keyword) {
        (Family::Core | Family::Annotation | Family::Content, _) => Role::Annotation,
        (Family::Reference | Family::Type | Family::Values | Family::Format, _) => Role::Shape,
        (Family::Composition, "allOf" | "anyOf" | "oneOf") => Role::Shape,
        (
            Family::Object,
            "properties" | "required" | "additionalProperties" | "patternProperties",
        ) => Role::Shape,
        (Family::Array, "items" | "prefixItems") => Role::Shape,
        _ => Role::Constraint,
    })
}

/// Whether `keyword` gives a schema a shape of its own (as opposed to a
/// schema that only constrains or annotates, like `{"required": ["a"]}`
/// inside `anyOf`): a shape keyword other than `required` and `format`.
pub fn gives_shape(keyword: &str) -> bool {
    role(keyword) == Some(Role::Shape) && !matches!(keyword, "required" | "format")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_families() {
        assert_eq!(role("properties"), Some(Role::Shape));
        assert_eq!(role("description"), Some(Role::Annotation));
        assert_eq!(role("$defs"), Some(Role::Annotation));
        assert_eq!(role("pattern"), Some(Role::Constraint));
        assert_eq!(role("not"), Some(Role::Constraint));
        // Read as a `$ref` by `schema::drafts`, checked there.
        assert_eq!(role("$dynamicRef"), Some(Role::Shape));
        assert!(matches!(role("$recursiveRef"), Some(Role::Unsupported(_))));
        assert_eq!(role("additionalItems"), None);
        assert_eq!(role("x-custom"), None);
        let shaping: Vec<&str> = keywords::KEYWORDS
            .iter()
            .filter(|k| k.in_draft(DRAFT) && gives_shape(k.name))
            .map(|k| k.name)
            .collect();
        assert_eq!(
            shaping,
            [
                "$ref",
                "$dynamicRef",
                "type",
                "enum",
                "const",
                "allOf",
                "anyOf",
                "oneOf",
                "items",
                "prefixItems",
                "properties",
                "patternProperties",
                "additionalProperties"
            ]
        );
    }
}
