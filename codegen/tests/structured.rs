//! Structured random schemas (support/schema_strategy.rs) never break the
//! generator: each runs tolerant, strict, and tolerant with validators and
//! the index; none may panic (an internal error), what generates must parse
//! (with nothing in it that rustc refuses beyond syn), and the same schema
//! twice gives the same output.

use proptest::prelude::*;
use schemagen::{Error, Generator, Mode, Options};

#[allow(dead_code)]
mod structured {
    include!("support/schema_shapes.rs");
    include!("support/schema_strategy.rs");
}

use structured::{structured_schema, DOCUMENT_URI};

/// The three ways the schemas are generated.
fn modes() -> [(&'static str, Options); 3] {
    [
        ("tolerant", Options::default()),
        ("strict", Options::strict()),
        (
            "tolerant with validators and the index",
            Options::default()
                .with_mode(Mode::Tolerant {
                    checks: true,
                    validators: true,
                })
                .with_index(true),
        ),
    ]
}

/// The code, or every error as text.
fn generate(schema: &serde_json::Value, options: Options) -> Result<String, Vec<Error>> {
    let outcome = Generator::new(options)
        .document(DOCUMENT_URI, schema.clone())
        .run();
    outcome.code.map_err(|errors| errors.0)
}

/// A line that rustc refuses although syn parses it: a bare carriage return
/// in a doc comment, or a bidirectional-text control (a deny-by-default lint
/// in comments and literals).
fn refused_by_rustc(code: &str) -> Option<String> {
    code.lines()
        .find(|line| {
            line.chars().any(|c| {
                matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                    || (c.is_control() && c != '\t')
            })
        })
        .map(|line| line.escape_debug().to_string())
}

proptest! {
    // Each case is six runs of the generator: 320 cases take about 35 s in
    // a debug build on two cores. The documented run (README, "Fuzzing")
    // sets PROPTEST_CASES higher.
    #![proptest_config(ProptestConfig {
        cases: 320,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn structured_schemas_generate_or_fail_cleanly(schema in structured_schema()) {
        for (mode, options) in modes() {
            let first = generate(&schema, options.clone());
            if let Err(errors) = &first {
                for error in errors {
                    prop_assert!(
                        !matches!(error, Error::Internal { .. }),
                        "{mode}: {error}\nschema: {schema:#}"
                    );
                }
            }
            if let Ok(code) = &first {
                if let Err(e) = syn::parse_file(code) {
                    prop_assert!(false, "{mode}: the output does not parse ({e})\nschema: {schema:#}");
                }
                if let Some(line) = refused_by_rustc(code) {
                    prop_assert!(false, "{mode}: rustc refuses {line}\nschema: {schema:#}");
                }
            }
            let text = |r: &Result<String, Vec<Error>>| match r {
                Ok(code) => code.clone(),
                Err(errors) => errors.iter().map(|e| format!("{e}\n")).collect(),
            };
            let second = generate(&schema, options);
            prop_assert_eq!(text(&first), text(&second), "{}: not deterministic\nschema: {:#}", mode, schema);
        }
    }
}
