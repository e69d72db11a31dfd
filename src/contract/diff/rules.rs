//! The rules that classify a change between two schema versions: one table,
//! which the differ applies and `diff --help` prints ([`rules_help`]).
//!
//! Each rule says what the change does to the consumers of the payloads
//! (programs that read or validate the JSON) and to those of the Rust API
//! (code using the generated types), and why.

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

/// One kind of change, with its effects and the reason for them.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The name reports give it (`property-added`).
    pub name: &'static str,
    /// What it does to programs that read or validate the payloads.
    pub payloads: Effect,
    /// What it does to code using the generated Rust types.
    pub rust: Effect,
    /// Why, for `diff --help`: lines of at most 60 characters.
    pub why: &'static str,
}

impl Rule {
    /// Whether it breaks either kind of consumer.
    pub fn breaking(&self) -> bool {
        self.payloads.is_breaking() || self.rust.is_breaking()
    }
}

/// Declares one `pub const` per rule, and [`RULES`], every rule in order.
macro_rules! table {
    ($($(#[$doc:meta])* $id:ident = $name:literal, $payloads:ident, $rust:ident, $why:expr;)*) => {
        $(
            $(#[$doc])*
            pub const $id: &Rule = &Rule {
                name: $name,
                payloads: Effect::$payloads,
                rust: Effect::$rust,
                why: $why,
            };
        )*
        /// Every rule, in the order `diff --help` lists them.
        pub const RULES: &[&Rule] = &[$($id),*];
    };
}

table! {
    /// A def is gone.
    DEF_REMOVED = "def-removed", Breaking, Breaking,
        "the type and every reference to it are gone";
    /// A new def.
    DEF_ADDED = "def-added", Compatible, Compatible,
        "nothing used it before";
    PROPERTY_REMOVED = "property-removed", Breaking, Breaking,
        "readers lose the data; the field is gone";
    /// A property removed and one added with the same schema and required-ness.
    PROPERTY_RENAMED = "property-renamed", Breaking, Breaking,
        "a removal plus an addition (same schema)";
    /// An optional property added.
    PROPERTY_ADDED = "property-added", Compatible, Compatible,
        "optional: old payloads stay valid, a new Option field";
    REQUIRED_PROPERTY_ADDED = "required-property-added", Breaking, Breaking,
        "old payloads lack it and no longer validate or decode";
    MADE_REQUIRED = "made-required", Breaking, Breaking,
        "payloads without it fail; Option<T> becomes T";
    MADE_OPTIONAL = "made-optional", Breaking, Breaking,
        "readers can no longer count on it; T becomes Option<T>";
    /// Another type, neither narrower nor wider.
    TYPE_CHANGED = "type-changed", Breaking, Breaking,
        "other values, another Rust type";
    TYPE_NARROWED = "type-narrowed", Breaking, Breaking,
        "values valid before are rejected";
    TYPE_WIDENED = "type-widened", Breaking, Breaking,
        "readers get values they do not handle; the Rust type changes";
    NULLABLE_ADDED = "nullable-added", Breaking, Breaking,
        "readers must handle null; T becomes Option<T>";
    NULLABLE_REMOVED = "nullable-removed", Breaking, Breaking,
        "payloads with null no longer validate; Option<T> becomes T";
    ENUM_VALUE_ADDED = "enum-value-added", Compatible, Compatible,
        "enums are open: the tolerant schema and the Rust enums keep\n\
         unknown values (strict validation reports it as drift); the\n\
         value decodes as a new variant instead of Unknown(..)";
    ENUM_VALUE_REMOVED = "enum-value-removed", Breaking, Breaking,
        "payloads with it no longer validate; the variant is gone";
    CONST_CHANGED = "const-changed", Breaking, Breaking,
        "the only allowed value is another";
    /// An `enum` or `const` where any value was allowed.
    RESTRICTED = "restricted", Breaking, Breaking,
        "an enum or const now restricts a free value";
    /// Any value where an `enum` or `const` was.
    UNRESTRICTED = "unrestricted", Breaking, Breaking,
        "a free value replaces an enum or const: other values\n\
         arrive, and the Rust enum becomes a String";
    FORMAT_CHANGED = "format-changed", Breaking, Breaking,
        "another meaning or Rust integer width (int32 -> int64)";
    /// `prefixItems` or `items` changed shape.
    TUPLE_CHANGED = "tuple-changed", Breaking, Breaking,
        "another number of tuple items";
    UNION_CHANGED = "union-changed", Breaking, Breaking,
        "the anyOf/oneOf branches changed";
    BOUNDS_NARROWED = "bounds-narrowed", Breaking, Compatible,
        "values valid before are rejected; Rust types ignore bounds";
    BOUNDS_WIDENED = "bounds-widened", Compatible, Compatible,
        "every value valid before stays valid";
    /// Unknown properties no longer allowed.
    CLOSED = "closed", Breaking, Compatible,
        "additionalProperties: false added: unknown keys fail\n\
         validation (the Rust types keep them in `extra`)";
    /// Unknown properties allowed again.
    OPENED = "opened", Compatible, Compatible,
        "unknown keys are allowed";
    /// Any other validation keyword changed.
    CONSTRAINT_CHANGED = "constraint-changed", Breaking, Compatible,
        "another validation keyword changed (conservative)";
    DEFAULT_CHANGED = "default-changed", Compatible, Compatible,
        "the `_or_default()` accessor returns the new value";
    DEPRECATION_CHANGED = "deprecation-changed", Compatible, Compatible,
        "documentation only";
    DOCS_CHANGED = "docs-changed", Compatible, Compatible,
        "description, title, examples or $comment";
}

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.name == name)
}

const INTRO: &str = "\
How changes are classified (payloads: programs that read or validate the JSON;
Rust: code using the generated types). A change is breaking when it breaks
either; the exit code is 1 when any change is breaking.";

const NOTE: &str = "\
Adding a field or a variant breaks Rust code that builds the struct with a
literal or matches the enum exhaustively; decoding and reading are unaffected,
so those count as compatible here.";

/// How wide the name, payloads and Rust columns of the help are.
const COLUMNS: [usize; 3] = [26, 12, 12];

/// The help text on the rules: every rule of [`RULES`] with its effects
/// and why, in columns, between an introduction and a note.
pub fn rules_help() -> String {
    let [name, payloads, rust] = COLUMNS;
    let mut out = format!("{INTRO}\n\n");
    let mut row = |cells: [&str; 3], why: &str| {
        let mut lines = why.lines();
        let _ = writeln!(
            out,
            "  {:name$}{:payloads$}{:rust$}{}",
            cells[0],
            cells[1],
            cells[2],
            lines.next().unwrap_or_default()
        );
        for line in lines {
            let _ = writeln!(
                out,
                "{:indent$}{line}",
                "",
                indent = 2 + name + payloads + rust
            );
        }
    };
    row(["kind", "payloads", "Rust"], "why");
    for rule in RULES {
        row(
            [rule.name, rule.payloads.word(), rule.rust.word()],
            rule.why,
        );
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
                "  {:26}{:12}{:12}{}\n",
                rule.name,
                rule.payloads.word(),
                rule.rust.word(),
                why.next().unwrap()
            );
            assert!(help.contains(&line), "{line:?} missing from:\n{help}");
            for more in why {
                assert!(help.contains(&format!("\n{:52}{more}\n", "")), "{more:?}");
            }
        }
        assert!(help.contains("\n  kind                      payloads    Rust        why\n"));
        assert!(help.starts_with(INTRO) && help.ends_with(NOTE));
        // The breaking ones are the ones the help says are breaking.
        assert!(CLOSED.breaking() && !CLOSED.rust.is_breaking());
        assert!(!ENUM_VALUE_ADDED.breaking());
        assert!(MADE_REQUIRED.payloads.is_breaking() && MADE_REQUIRED.rust.is_breaking());
    }
}
