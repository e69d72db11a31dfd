//! Any name a schema can give and any description it can hold: a file
//! name that stays in its folder, a doc comment with no code block but
//! `text` ones, a page with no HTML.

use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use schemakit::{markdown, names, write};

/// Text made of what Markdown and file systems react to.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("```".to_owned()),
        Just("````".to_owned()),
        Just("~~~".to_owned()),
        Just("    ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("- ".to_owned()),
        Just("> ".to_owned()),
        Just("<script>".to_owned()),
        Just("`".to_owned()),
        Just("rust".to_owned()),
        Just("[x]".to_owned()),
        Just("../".to_owned()),
        Just("/".to_owned()),
        Just("\\".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("CON".to_owned()),
        Just(".".to_owned()),
        "[a-zA-Z0-9 _-]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_name_gives_a_file_inside_the_folder(name in hostile()) {
        let stem = names::file_stem(&name);
        prop_assert!(!stem.is_empty() && stem.len() <= names::MAX_STEM_BYTES);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        let file = format!("{stem}.md");
        write::inside(&root, &file, b"x").unwrap();
        let listed: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        prop_assert_eq!(listed.len(), 1, "only out/ beside");
        prop_assert!(root.join(&file).is_file());
    }

    #[test]
    fn any_description_gives_text_blocks_only(text in hostile()) {
        let doc = markdown::doc_comment(&text);
        for event in Parser::new(&doc) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    prop_assert_eq!(info.split_whitespace().next(), Some("text"), "{:?} → {:?}", text, doc);
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    prop_assert!(false, "indented block: {:?} → {:?}", text, doc);
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    prop_assert!(false, "HTML: {:?} → {:?}", text, doc);
                }
                _ => {}
            }
        }
        prop_assert!(!doc.contains('\u{202e}'), "bidi kept");
        let page = markdown::page_text(&text);
        prop_assert!(!page.contains('\u{202e}'), "bidi kept");
    }
}
