//! Bytes → a schema → the generator: the first byte chooses strict or
//! tolerant mode (and whether tolerant types get validators), the rest is a
//! JSON document. Must never panic (code or a
//! clear error for every document).

#![no_main]

use libfuzzer_sys::fuzz_target;
use schemagen::{Generator, Mode, Options};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(schema) = serde_json::from_slice::<serde_json::Value>(rest) else {
        return;
    };
    // Bit 0: strict types; bit 1: tolerant types with validators and the index.
    let options = if mode & 1 == 1 {
        Options::strict()
    } else {
        Options::default().with_mode(Mode::Tolerant {
            checks: false,
            validators: mode & 2 == 2,
        })
    };
    let outcome = Generator::new(options.with_index(mode & 2 == 2))
    .document("https://fuzz.invalid/schema.json", schema)
    .run();
    if let Err(errors) = &outcome.code {
        for e in &errors.0 {
            drop(e.to_string());
        }
    }
});
