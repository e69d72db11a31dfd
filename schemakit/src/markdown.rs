//! Text from schemas on its way into documentation: generated doc comments
//! and reference pages. Descriptions are Markdown written by whoever wrote
//! the schema, so they go through a Markdown parser (pulldown-cmark, as
//! prost-build's `cleanup-markdown` does), never through counting backticks:
//! a code block in a doc comment would be compiled and run by `cargo test`,
//! and HTML in a page runs in the reader's browser.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// `text` with control characters (other than newline and tab) and the
/// bidirectional-text controls spelled as escapes: rustc rejects a bare
/// carriage return in a doc comment, and the bidi controls too (a
/// deny-by-default lint: they make text read otherwise than it runs); a
/// page shows none of them.
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if invisible(c) || c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The bidirectional-text controls and the other invisible format
/// characters (zero-width spaces and joiners, marks, the byte-order mark).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{feff}'
            | '\u{00ad}'
    )
}

/// A description as a Rust doc comment's Markdown: every code block (fenced
/// with backticks or tildes, indented, unclosed, in a list or a quote)
/// becomes a fenced `text` block, so that rustdoc never compiles one as a
/// doctest; HTML is escaped; `[` and `]` in text are escaped, so that
/// rustdoc reads no intra-doc link; control and invisible characters are
/// spelled as escapes. The result is parsed again to make sure: should any
/// code block still not be `text`, the whole description becomes one.
pub fn doc_comment(text: &str) -> String {
    let text = escape_controls(text);
    let rewritten = rewrite(&text);
    if only_text_blocks(&rewritten) {
        rewritten
    } else {
        fenced_text(&text, "")
    }
}

/// A description as text in a reference page (or one of its table cells):
/// `<` and `>` escaped everywhere but in code spans, as the parser finds
/// them; control and invisible characters spelled as escapes.
pub fn page_text(text: &str) -> String {
    let text = escape_controls(text);
    let mut spans: Vec<Range<usize>> = Parser::new_ext(&text, Options::empty())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Code(_)))
        .map(|(_, r)| r)
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut spans = spans.into_iter().peekable();
    let mut at = 0;
    while at < text.len() {
        let next = spans.peek().map_or(text.len(), |r| r.start.max(at));
        out.push_str(&escape_html(&text[at..next]));
        at = next;
        if let Some(span) = spans.next() {
            let end = span.end.max(at);
            out.push_str(&text[at..end]);
            at = end;
        }
    }
    out
}

/// A description as HTML for a reference page, rendered from the parser's
/// events by this function alone: no raw HTML passes (the parser's HTML
/// events are shown as escaped text), every text and attribute is escaped,
/// a link is active only when it is absolute `http`, `https` or `mailto`
/// with no space or control character (a `javascript:` link, or one the
/// browser would read otherwise than it is written, is shown as its text),
/// images are shown as their text (a page loads nothing), headings become
/// bold paragraphs. Control and invisible characters are spelled as
/// escapes.
pub fn to_html(text: &str) -> String {
    let text = escape_controls(text);
    let mut out = String::with_capacity(text.len() + 16);
    // Whether each open link (or image) was written as an element.
    let mut links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(&text, Options::empty()) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push_str("<p>"),
                Tag::Heading { .. } => out.push_str("<p><strong>"),
                Tag::BlockQuote(_) => out.push_str("<blockquote>"),
                Tag::CodeBlock(_) => out.push_str("<pre><code>"),
                Tag::List(Some(start)) => out.push_str(&format!("<ol start=\"{start}\">")),
                Tag::List(None) => out.push_str("<ul>"),
                Tag::Item => out.push_str("<li>"),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::Strong => out.push_str("<strong>"),
                Tag::Strikethrough => out.push_str("<del>"),
                Tag::Link { dest_url, .. } => {
                    let active = in_image == 0 && safe_url(&dest_url);
                    if active {
                        out.push_str(&format!(
                            "<a href=\"{}\" rel=\"nofollow noopener noreferrer\">",
                            escape_attribute(&dest_url)
                        ));
                    }
                    links.push(active);
                }
                Tag::Image { .. } => in_image += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>\n"),
                TagEnd::Heading(_) => out.push_str("</strong></p>\n"),
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
                TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
                TagEnd::List(true) => out.push_str("</ol>\n"),
                TagEnd::List(false) => out.push_str("</ul>\n"),
                TagEnd::Item => out.push_str("</li>\n"),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Strikethrough => out.push_str("</del>"),
                TagEnd::Link if links.pop() == Some(true) => out.push_str("</a>"),
                TagEnd::Image => in_image = in_image.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&escape_attribute(&t))
            }
            Event::Code(c) => {
                out.push_str("<code>");
                out.push_str(&escape_attribute(&c));
                out.push_str("</code>");
            }
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("<br>\n"),
            Event::Rule => out.push_str("<hr>\n"),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

/// Text escaped for HTML, in an element or an attribute value.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link target may be an active link: absolute `http`, `https`
/// or `mailto` (in lower case, as written), with nothing a browser would
/// strip or read otherwise (spaces, controls, backslashes).
fn safe_url(url: &str) -> bool {
    let allowed = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme) && url.len() > scheme.len());
    allowed
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\' || invisible(c))
}

fn escape_html(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// The text with each code block, HTML and bracketed text replaced.
fn rewrite(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut events = Parser::new_ext(text, Options::empty()).into_offset_iter();
    let replace = |out: &mut String, copied: &mut usize, range: Range<usize>, with: &str| {
        if range.start >= *copied {
            out.push_str(&text[*copied..range.start]);
            out.push_str(with);
            *copied = range.end.max(range.start);
        }
    };
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (inner, _) in events.by_ref() {
                    match inner {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                // The line's prefix before the block (a list's indent, a
                // quote's `>`) is repeated on each line, so that the block
                // stays where it was.
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let prefix = &text[line_start..range.start];
                let mut prefix = if prefix.chars().all(|c| c == ' ' || c == '>') {
                    prefix
                } else {
                    ""
                };
                // An indented block's own four spaces are not its
                // container's: they go with the block.
                let mut range = range;
                if matches!(kind, CodeBlockKind::Indented) {
                    if let Some(outer) = prefix.strip_suffix("    ") {
                        prefix = outer;
                        range.start -= 4;
                    }
                }
                let mut block = fenced_text(&code, prefix);
                // The range ends after the block's last line break.
                if text[..range.end].ends_with('\n') {
                    block.push('\n');
                }
                replace(&mut out, &mut copied, range, &block);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                replace(&mut out, &mut copied, range, &escape_html(&html));
            }
            Event::Text(_) => {
                let slice = &text[range.clone()];
                if slice.contains(['[', ']']) {
                    // An escape just before the range (`\[`) counts.
                    let backslashes = text[..range.start]
                        .chars()
                        .rev()
                        .take_while(|&c| c == '\\')
                        .count();
                    let escaped = escape_brackets(slice, backslashes % 2 == 1);
                    replace(&mut out, &mut copied, range.clone(), &escaped);
                }
            }
            _ => {}
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// `[` and `]` escaped, but for those already escaped (`escaped`: the text
/// starts right after a backslash).
fn escape_brackets(text: &str, escaped: bool) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut escaped = escaped;
    for c in text.chars() {
        if matches!(c, '[' | ']') && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// `code` as a fenced `text` block, the fence longer than any run of
/// backticks in it; each line after the first starts with `prefix`.
fn fenced_text(code: &str, prefix: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{fence}text\n");
    for line in code.trim_end_matches('\n').split('\n') {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(prefix);
    out.push_str(&fence);
    out
}

/// Whether every code block of `text` is a fenced `text` block.
fn only_text_blocks(text: &str) -> bool {
    Parser::new_ext(text, Options::empty()).all(|e| match e {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            info.split_whitespace().next() == Some("text")
        }
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        _ => true,
    })
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

    /// The code blocks rustdoc would see, as (language, code).
    fn blocks(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut current: Option<(String, String)> = None;
        for e in Parser::new_ext(text, Options::empty()) {
            match e {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => "(indented)".into(),
                    };
                    current = Some((lang, String::new()));
                }
                Event::Text(t) => {
                    if let Some((_, code)) = current.as_mut() {
                        code.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_code_block_becomes_text() {
        let cases = [
            "Run:\n```rust\nstd::fs::write(\"x\", \"\").unwrap();\n````\nafter",
            "~~~\nstd::fs::write(\"x\", \"\").unwrap();\n~~~",
            "para\n\n    std::fs::write(\"x\", \"\").unwrap();\n",
            "para\n\n    first();\n    second();\n\nafter",
            "```\nunclosed();",
            "- item\n\n  ```rust\n  in_a_list();\n  ```\n- next",
            "> ```rust\n> in_a_quote();\n> ```",
            "> quote\n>\n>     indented_in_quote();",
            "```ignore\n```` ``` ~~~\n```",
        ];
        for case in cases {
            // The rewrite itself holds (the whole-text fallback is a net).
            assert!(
                only_text_blocks(&rewrite(case)),
                "{case:?} → {:?}",
                rewrite(case)
            );
            let doc = doc_comment(case);
            let found = blocks(&doc);
            assert!(!found.is_empty(), "{case:?} → {doc:?}");
            for (lang, code) in &found {
                assert_eq!(lang, "text", "{case:?} → {doc:?}");
                assert!(!code.is_empty(), "{case:?} → {doc:?}");
            }
        }
        // The code itself is kept.
        assert!(doc_comment(cases[0]).contains("std::fs::write(\"x\", \"\").unwrap();"));
        assert!(doc_comment(cases[0]).ends_with("after"));
    }

    #[test]
    fn html_and_links_are_escaped_text_is_kept() {
        assert_eq!(
            doc_comment("A `<b>` and <script>alert(1)</script> [User] [x](https://e.org) \\[y\\]"),
            "A `<b>` and &lt;script&gt;alert(1)&lt;/script&gt; \\[User\\] [x](https://e.org) \\[y\\]"
        );
        assert_eq!(doc_comment("plain *text*"), "plain *text*");
        assert_eq!(doc_comment("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn pages_escape_html_outside_code_spans() {
        // One stray backtick opens no code span.
        assert_eq!(
            page_text("one ` stray <script>alert(1)</script>"),
            "one ` stray &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        // What a code span holds is shown as code.
        assert_eq!(page_text("`<b>` <i>"), "`<b>` &lt;i&gt;");
        assert_eq!(page_text("oauth_<provider>"), "oauth_&lt;provider&gt;");
        assert_eq!(page_text("```\n<b>\n```"), "```\n&lt;b&gt;\n```");
    }

    #[test]
    fn html_has_no_raw_html_and_no_unsafe_link() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](JavaScript:a) \
             [z](https://e.org/?a=\"b\") ![i](https://e.org/i.png) <img src=x onerror=alert(1)>\n\n\
             ```\n<b>\n```",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("href=\"JavaScript"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://e.org/?a=&quot;b&quot;\" rel=\"nofollow noopener noreferrer\">z</a>"),
            "{html}"
        );
        assert!(
            html.contains("<pre><code>&lt;b&gt;\n</code></pre>"),
            "{html}"
        );
        assert_eq!(
            to_html("a `<b>` *c*"),
            "<p>a <code>&lt;b&gt;</code> <em>c</em></p>"
        );
        assert!(!safe_url("java\tscript:x"));
        assert!(!safe_url("https://e.org/ x"));
        assert!(!safe_url("https://"));
        assert!(safe_url("mailto:a@b.c"));
    }
}
