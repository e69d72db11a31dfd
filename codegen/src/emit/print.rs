//! Printing tokens without prettyplease's layout: a statement, an attribute,
//! a brace or (in braces) a comma-separated item a line, indented by depth. Much quicker than formatting, and
//! a compiler error in the output still points at a readable line.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `tokens` as source text, a statement a line.
pub fn lines(tokens: TokenStream) -> String {
    let mut printer = Printer {
        out: String::new(),
        depth: 0,
        fresh: true,
        joint: false,
    };
    printer.stream(tokens, true);
    printer.newline();
    printer.out
}

struct Printer {
    out: String,
    depth: usize,
    /// At the start of a line (nothing printed on it yet).
    fresh: bool,
    /// The last token was punctuation joined to the next (`:` of `::`).
    joint: bool,
}

impl Printer {
    fn newline(&mut self) {
        if !self.fresh {
            self.out.push('\n');
            self.fresh = true;
        }
        self.joint = false;
    }

    /// Writes one token's text, separated from the previous one unless that
    /// was joined to it.
    fn word(&mut self, text: &str) {
        if self.fresh {
            for _ in 0..self.depth {
                self.out.push_str("    ");
            }
        } else if !self.joint {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.fresh = false;
        self.joint = false;
    }

    /// Prints `tokens`; `braced`: they stand directly in braces (items,
    /// statements, fields, match arms), where a comma also ends a line.
    fn stream(&mut self, tokens: TokenStream, braced: bool) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Group(group) => match group.delimiter() {
                    Delimiter::Brace => {
                        self.word("{");
                        self.depth += 1;
                        self.newline();
                        self.stream(group.stream(), true);
                        self.newline();
                        self.depth -= 1;
                        self.word("}");
                        self.newline();
                    }
                    delimiter => {
                        let (open, close) = match delimiter {
                            Delimiter::Parenthesis => ("(", ")"),
                            Delimiter::Bracket => ("[", "]"),
                            _ => ("", ""),
                        };
                        self.word(open);
                        self.joint = true;
                        self.stream(group.stream(), false);
                        self.joint = true;
                        self.word(close);
                    }
                },
                TokenTree::Punct(punct) => {
                    let c = punct.as_char();
                    self.word(c.encode_utf8(&mut [0; 4]));
                    self.joint = punct.spacing() == Spacing::Joint;
                    if c == ';' || (c == ',' && braced) {
                        self.newline();
                    } else if c == '#' {
                        // An attribute `#[…]` (or `#![…]`) ends its line.
                        let inner = matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                        if inner {
                            if let Some(TokenTree::Punct(bang)) = tokens.next() {
                                self.joint = true;
                                self.word(bang.as_char().encode_utf8(&mut [0; 4]));
                            }
                        }
                        if let Some(TokenTree::Group(group)) = tokens.peek() {
                            if group.delimiter() == Delimiter::Bracket {
                                let group = group.clone();
                                tokens.next();
                                self.joint = true;
                                self.word("[");
                                self.joint = true;
                                self.stream(group.stream(), false);
                                self.joint = true;
                                self.word("]");
                                self.newline();
                            }
                        }
                    }
                }
                TokenTree::Ident(ident) => self.word(&ident.to_string()),
                TokenTree::Literal(literal) => self.word(&literal.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn statements_attributes_and_braces_get_lines() {
        let tokens = quote! {
            #[derive(Debug)]
            pub struct A { pub a: ::std::vec::Vec<u8>, }
            fn f<'a>(x: &'a str) -> bool { let y = x.len(); y > 0 }
        };
        let text = lines(tokens.clone());
        assert_eq!(
            text,
            "#[derive (Debug)]\n\
             pub struct A {\n    pub a : :: std :: vec :: Vec < u8 > ,\n}\n\
             fn f < 'a > (x : & 'a str) -> bool {\n    let y = x . len () ;\n    y > 0\n}\n"
        );
        // The same tokens, read back.
        let back: TokenStream = text.parse().unwrap();
        assert_eq!(back.to_string(), tokens.to_string());
    }
}
