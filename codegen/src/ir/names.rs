//! Turning any JSON string into a Rust identifier, and keeping identifiers unique.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Which identifier convention a name is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and enum variants: `UpperCamelCase`.
    Pascal,
    /// Fields: `snake_case`.
    Snake,
}

/// Strict and reserved keywords of every edition, plus the weak keywords that
/// are not usable as plain identifiers in some position. Raw identifiers are
/// avoided altogether (`self`, `Self`, `crate`, `super` cannot be raw), so a
/// keyword gets a trailing underscore instead.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The names of the items emitted beside the types with `opts` (the
/// support module, the drift walk's trait and types, the index's types),
/// which no type may take.
pub fn beside_types(opts: &crate::options::Options) -> Vec<&'static str> {
    let mut beside = vec!["__schemagen"];
    if opts.checks() {
        beside.extend(["Check", "Drift", "DriftKind"]);
    }
    if opts.index() {
        beside.extend(["SchemaType", "TypeVisitor"]);
        if opts.validators() {
            beside.push("SchemaError");
        }
    }
    beside
}

/// Whether `name` can name a generated type: an identifier (not a
/// keyword, not raw).
pub fn is_identifier(name: &str) -> bool {
    name != "_" && !name.starts_with("r#") && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Splits `raw` into ASCII words: ASCII letters and digits are kept, every
/// other ASCII character separates words, and each non-ASCII character becomes
/// a word of its own spelled as its code point (`é` → `u00e9`), so that distinct
/// inputs stay distinct and the output never needs `non_ascii_idents`.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

/// Converts any JSON name (a property, a `$defs` key, an enum value) into a
/// valid Rust identifier in the given case. Never returns an empty string or a
/// keyword; the result may still collide with another name (see [`dedupe`]).
pub fn sanitize(raw: &str, case: Case) -> String {
    let words = ascii_words(raw);
    let mut ident = match case {
        Case::Pascal => words.to_upper_camel_case(),
        Case::Snake => words.to_snake_case(),
    };
    if ident.is_empty() {
        ident = match case {
            Case::Pascal => "Empty".to_owned(),
            Case::Snake => "empty".to_owned(),
        };
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(
            0,
            match case {
                Case::Pascal => "V",
                Case::Snake => "_",
            },
        );
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// The longest type name made from a schema's nesting: past it, a name
/// keeps its first word and as many of its last words as fit.
pub const MAX_TYPE_NAME: usize = 64;

/// `ident` (an `UpperCamelCase` name built by joining the names of the
/// places above a type: `RootItemsLevel…`) cut to at most `max` bytes: its
/// first word, then its last words, which say the most about the type.
/// Names that end up equal are told apart by [`NameSet`].
pub fn shorten(ident: &str, max: usize) -> String {
    if ident.len() <= max {
        return ident.to_owned();
    }
    // Word starts: an uppercase letter after a lowercase letter or digit.
    let bytes = ident.as_bytes();
    let mut starts = vec![0];
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_uppercase() && !bytes[i - 1].is_ascii_uppercase() {
            starts.push(i);
        }
    }
    let first_end = starts.get(1).copied().unwrap_or(bytes.len()).min(max);
    let mut tail_start = bytes.len();
    for &start in starts.iter().skip(1).rev() {
        if first_end + (bytes.len() - start) > max {
            break;
        }
        tail_start = start;
    }
    format!("{}{}", &ident[..first_end], &ident[tail_start..])
}

/// Allocates unique identifiers in a deterministic order: the first claimant
/// of a name keeps it, each later one gets the smallest suffix `2`, `3`, …
/// that is still free. Reserved names are never handed out.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as taken without claiming it (e.g. a fallback variant).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Claims `wanted`, or the first free `wanted{n}` for n ≥ 2.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// Sanitizes every name and makes the results unique, in order.
pub fn dedupe<'a>(raws: impl IntoIterator<Item = &'a str>, case: Case) -> Vec<String> {
    let mut set = NameSet::new();
    raws.into_iter()
        .map(|raw| set.claim(&sanitize(raw, case)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_table() {
        let cases: &[(&str, Case, &str)] = &[
            ("sign_in", Case::Pascal, "SignIn"),
            ("sign_in_attempt", Case::Pascal, "SignInAttempt"),
            ("lastActiveAt", Case::Snake, "last_active_at"),
            ("type", Case::Snake, "type_"),
            ("ref", Case::Snake, "ref_"),
            ("self", Case::Snake, "self_"),
            ("Self", Case::Pascal, "Self_"),
            ("self", Case::Pascal, "Self_"),
            ("crate", Case::Snake, "crate_"),
            ("async", Case::Snake, "async_"),
            ("gen", Case::Snake, "gen_"),
            ("2fa", Case::Snake, "_2fa"),
            ("2fa", Case::Pascal, "V2fa"),
            ("", Case::Snake, "empty"),
            ("", Case::Pascal, "Empty"),
            ("_", Case::Snake, "empty"),
            ("---", Case::Pascal, "Empty"),
            (
                "org:sys_profile:manage",
                Case::Pascal,
                "OrgSysProfileManage",
            ),
            ("choose-organization", Case::Pascal, "ChooseOrganization"),
            ("$ref", Case::Snake, "ref_"),
            ("a b.c", Case::Snake, "a_b_c"),
            ("ES256", Case::Pascal, "Es256"),
            ("café", Case::Snake, "caf_u00e9"),
            ("日本", Case::Pascal, "U65e5U672c"),
            ("x-foo", Case::Snake, "x_foo"),
        ];
        for (raw, case, want) in cases {
            assert_eq!(sanitize(raw, *case), *want, "sanitize({raw:?}, {case:?})");
        }
    }

    #[test]
    fn sanitized_names_are_identifiers() {
        for raw in [
            "",
            "1",
            "é",
            "type",
            "Self",
            "a-b",
            "__",
            "9lives",
            "ü-ber",
            "\u{1F600}",
        ] {
            for case in [Case::Pascal, Case::Snake] {
                let name = sanitize(raw, case);
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{raw:?} → {name:?}"
                );
            }
        }
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        assert_eq!(
            dedupe(["Active", "active", "ACTIVE", "active2"], Case::Pascal),
            ["Active", "Active2", "Active3", "Active2_2"]
        );
        assert_eq!(
            dedupe(["a_b", "a-b", "aB"], Case::Snake),
            ["a_b", "a_b2", "a_b3"]
        );
    }

    #[test]
    fn long_names_keep_their_first_and_last_words() {
        assert_eq!(shorten("RootItem", 64), "RootItem");
        let long = format!("Deep{}Name", "Level".repeat(40));
        let short = shorten(&long, 24);
        assert_eq!(short, "DeepLevelLevelLevelName");
        assert!(short.len() <= 24);
        // One word longer than the limit is cut.
        assert_eq!(shorten(&"A".repeat(100), 10), "A".repeat(10));
        assert_eq!(shorten(&format!("X{}", "y".repeat(100)), 10).len(), 10);
    }

    #[test]
    fn reserved_names_are_skipped() {
        let mut set = NameSet::new();
        set.reserve("Unknown");
        assert_eq!(set.claim("Unknown"), "Unknown2");
    }
}
