//! The rules that classify a change between two schema versions: one table,
//! which the differ applies and `diff --help` prints ([`rules_help`]).
//!
//! Each rule says what the change does to the consumers of the payloads
//! (programs that read or validate the JSON), and why. What it does to
//! those of the Rust API (code using the generated types) is not a rule:
//! the differ compares the types the generator emits for each version.

use std::fmt::Write;

/// What a change does to one kind of consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Breaking,
    Compatible,
}

impl Effect {
    /// `breaking` or `compatible`.
    pub fn word(self) -> &'static str {
        match self {
            Effect::Breaking => "breaking",
            Effect::Compatible => "compatible",
        }
    }

    pub fn is_breaking(self) -> bool {
        self == Effect::Breaking
    }
}

/// One kind of change, with its effect on the payloads and the reason.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The name reports give it (`property-added`).
    pub name: &'static str,
    /// What it does to programs that read or validate the payloads.
    pub payloads: Effect,
    /// Why, for `diff --help`: lines of at most 60 characters.
    pub why: &'static str,
}

impl Rule {
    /// Whether it changes only what documents the values (descriptions,
    /// deprecation, defaults): a difference of the types at its place is
    /// laid on it only when no other change is there.
    pub fn is_annotation(&self) -> bool {
        [DOCS_CHANGED, DEPRECATION_CHANGED, DEFAULT_CHANGED].contains(&self)
    }
}

/// Declares one `pub const` per rule, and [`RULES`], every rule in order.
macro_rules! table {
    ($($(#[$doc:meta])* $id:ident = $name:literal, $payloads:ident, $why:expr;)*) => {
        $(
            $(#[$doc])*
            pub const $id: &Rule = &Rule {
                name: $name,
                payloads: Effect::$payloads,
                why: $why,
            };
        )*
        /// Every rule, in the order `diff --help` lists them.
        pub const RULES: &[&Rule] = &[$($id),*];
    };
}

table! {
    /// A def is gone.
    DEF_REMOVED = "def-removed", Breaking,
        "the values it described are no longer defined";
    /// A new def.
    DEF_ADDED = "def-added", Compatible,
        "nothing used it before";
    PROPERTY_REMOVED = "property-removed", Breaking,
        "readers lose the data";
    /// A property removed and one added with the same schema and required-ness.
    PROPERTY_RENAMED = "property-renamed", Breaking,
        "a removal plus an addition (same schema)";
    /// An optional property added.
    PROPERTY_ADDED = "property-added", Compatible,
        "optional: old payloads stay valid";
    REQUIRED_PROPERTY_ADDED = "required-property-added", Breaking,
        "old payloads lack it and no longer validate";
    MADE_REQUIRED = "made-required", Breaking,
        "payloads without it fail";
    MADE_OPTIONAL = "made-optional", Breaking,
        "readers can no longer count on it";
    /// Another type, neither narrower nor wider.
    TYPE_CHANGED = "type-changed", Breaking,
        "other values";
    TYPE_NARROWED = "type-narrowed", Breaking,
        "values valid before are rejected";
    TYPE_WIDENED = "type-widened", Breaking,
        "readers get values they do not handle";
    NULLABLE_ADDED = "nullable-added", Breaking,
        "readers must handle null";
    NULLABLE_REMOVED = "nullable-removed", Breaking,
        "payloads with null no longer validate";
    ENUM_VALUE_ADDED = "enum-value-added", Compatible,
        "enums are open: the tolerant schema keeps unknown values\n\
         (strict validation reports them as drift)";
    ENUM_VALUE_REMOVED = "enum-value-removed", Breaking,
        "payloads with it no longer validate";
    CONST_CHANGED = "const-changed", Breaking,
        "the only allowed value is another";
    /// An `enum` or `const` where any value was allowed.
    RESTRICTED = "restricted", Breaking,
        "an enum or const now restricts a free value";
    /// Any value where an `enum` or `const` was.
    UNRESTRICTED = "unrestricted", Breaking,
        "a free value replaces an enum or const: other values arrive";
    FORMAT_CHANGED = "format-changed", Breaking,
        "another meaning or integer range (int32 -> int64)";
    /// `prefixItems` or `items` changed shape.
    TUPLE_CHANGED = "tuple-changed", Breaking,
        "another number of tuple items";
    UNION_CHANGED = "union-changed", Breaking,
        "the anyOf/oneOf branches changed";
    BOUNDS_NARROWED = "bounds-narrowed", Breaking,
        "values valid before are rejected";
    BOUNDS_WIDENED = "bounds-widened", Compatible,
        "every value valid before stays valid";
    /// Unknown properties no longer allowed.
    CLOSED = "closed", Breaking,
        "additionalProperties: false added: unknown keys fail\n\
         validation";
    /// Unknown properties allowed again.
    OPENED = "opened", Compatible,
        "unknown keys are allowed";
    /// Any other validation keyword changed.
    CONSTRAINT_CHANGED = "constraint-changed", Breaking,
        "another validation keyword changed (conservative)";
    DEFAULT_CHANGED = "default-changed", Compatible,
        "the `_or_default()` accessor returns the new value";
    DEPRECATION_CHANGED = "deprecation-changed", Compatible,
        "documentation only";
    DOCS_CHANGED = "docs-changed", Compatible,
        "description, title, examples or $comment";
    /// The generated types differ where the schema shows no change.
    RUST_API_CHANGED = "rust-api-changed", Compatible,
        "the payloads' schema is the same here; the generated\n\
         types are not (a name taken by another type)";
}

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.name == name)
}

const INTRO: &str = "\
How changes are classified. Payloads (programs that read or validate the
JSON): by the kind of change, below. Rust API (code using the generated
types): by the types the generator emits for OLD and for NEW, compared type
by type and field by field; a change is breaking there when a type, field or
variant it touches is gone or has another type (an integer's width, an
Option), or when payloads that decoded before no longer decode. A change is
breaking when it breaks either; the exit code is 1 when any change is breaking.";

const NOTE: &str = "\
Adding a field or a variant breaks Rust code that builds the struct with a
literal or matches the enum exhaustively; decoding and reading are unaffected,
so those count as compatible here.";

/// How wide the name and payloads columns of the help are.
const COLUMNS: [usize; 2] = [26, 12];

/// The help text on the rules: every rule of [`RULES`] with its effect on
/// the payloads and why, in columns, between an introduction and a note.
pub fn rules_help() -> String {
    let [name, payloads] = COLUMNS;
    let mut out = format!("{INTRO}\n\n");
    let mut row = |cells: [&str; 2], why: &str| {
        let mut lines = why.lines();
        let _ = writeln!(
            out,
            "  {:name$}{:payloads$}{}",
            cells[0],
            cells[1],
            lines.next().unwrap_or_default()
        );
        for line in lines {
            let _ = writeln!(out, "{:indent$}{line}", "", indent = 2 + name + payloads);
        }
    };
    row(["kind", "payloads"], "why");
    for rule in RULES {
        row([rule.name, rule.payloads.word()], rule.why);
    }
    out.push('\n');
    out.push_str(NOTE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_and_fit_their_column() {
        let names: BTreeSet<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len(), "a name is used twice");
        for &each in RULES {
            assert!(each.name.len() < COLUMNS[0], "{} is too long", each.name);
            assert_eq!(rule(each.name), Some(each));
            for line in each.why.lines() {
                assert!(
                    !line.is_empty() && line == line.trim(),
                    "{}: {line:?}",
                    each.name
                );
            }
        }
        assert_eq!(rule("nope"), None);
    }

    #[test]
    fn the_help_lists_every_rule_with_its_effects() {
        let help = rules_help();
        for rule in RULES {
            let mut why = rule.why.lines();
            let line = format!(
                "  {:26}{:12}{}\n",
                rule.name,
                rule.payloads.word(),
                why.next().unwrap()
            );
            assert!(help.contains(&line), "{line:?} missing from:\n{help}");
            for more in why {
                assert!(help.contains(&format!("\n{:40}{more}\n", "")), "{more:?}");
            }
        }
        assert!(help.contains("\n  kind                      payloads    why\n"));
        assert!(help.starts_with(INTRO) && help.ends_with(NOTE));
        assert!(CLOSED.payloads.is_breaking() && !ENUM_VALUE_ADDED.payloads.is_breaking());
        let annotations: Vec<&str> = RULES
            .iter()
            .filter(|r| r.is_annotation())
            .map(|r| r.name)
            .collect();
        assert_eq!(
            annotations,
            ["default-changed", "deprecation-changed", "docs-changed"]
        );
    }
}
