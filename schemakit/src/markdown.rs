//! Text from schemas on its way into documentation: generated doc comments
//! and reference pages.

/// `text` with control characters (other than newline and tab) and the
/// bidirectional-text controls spelled as escapes: rustc rejects a bare
/// carriage return in a doc comment, and the bidi controls too (a
/// deny-by-default lint: they make text read otherwise than it runs); a
/// page shows none of them.
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if bidi || c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_spelled_out() {
        assert_eq!(escape_controls("a\rb\n\tc\u{7}"), "a\\rb\n\tc\\u{7}");
        assert_eq!(
            escape_controls("a\u{202e}b\u{2069}"),
            "a\\u{202e}b\\u{2069}"
        );
    }
}
