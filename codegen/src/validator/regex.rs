//! ECMAScript patterns for the `regex` crate: `\\d`, `\\w` and `\\s` kept to
//! their ECMAScript meaning, and what has no linear-time implementation
//! (lookaround, backreferences) refused with a reason.

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

/// Why `pattern` is not a regular expression at all (an unclosed group or
/// class, a quantifier with nothing to repeat, a reversed range, a trailing
/// backslash...), as opposed to one that uses what the `regex` crate lacks
/// (lookaround, backreferences): `None` when it is a pattern.
pub fn invalid_pattern(pattern: &str) -> Option<String> {
    use regex_syntax::ast::ErrorKind;
    let ast = regex_syntax::ast::parse::Parser::new().parse(pattern);
    let error = ast.err()?;
    match error.kind() {
        ErrorKind::ClassRangeInvalid
        | ErrorKind::ClassUnclosed
        | ErrorKind::GroupUnclosed
        | ErrorKind::GroupUnopened
        | ErrorKind::RepetitionMissing
        | ErrorKind::RepetitionCountInvalid
        | ErrorKind::EscapeUnexpectedEof
        | ErrorKind::GroupNameDuplicate { .. } => Some(format!(
            "{:?} is not a regular expression: {} (at offset {})",
            pattern,
            error.kind(),
            error.span().start.offset
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{invalid_pattern, translate_pattern};

    #[test]
    fn invalid_patterns_are_told_from_unsupported_ones() {
        for bad in ["(a", "a)", "[a", "*a", "a{3,1}", "[z-a]", "a\\"] {
            assert!(invalid_pattern(bad).is_some(), "{bad}");
        }
        for fine in ["^a+$", "a(?=b)", "(a)\\1", "a{", "\\d{2,}", "[\\w-]"] {
            assert_eq!(invalid_pattern(fine), None, "{fine}");
        }
        assert!(invalid_pattern("(a").unwrap().contains("unclosed group"));
    }

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
