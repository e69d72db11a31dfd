//! Bytes → a schema → the generator: the first byte chooses strict or
//! tolerant mode, the rest is a JSON document. Must never panic (code or a
//! clear error for every document).

#![no_main]

use libfuzzer_sys::fuzz_target;
use schemagen::{Generator, Options};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(schema) = serde_json::from_slice::<serde_json::Value>(rest) else {
        return;
    };
    let outcome = Generator::new(Options {
        strict: mode & 1 == 1,
        ..Options::default()
    })
    .document("https://fuzz.invalid/schema.json", schema)
    .run();
    if let Err(errors) = &outcome.code {
        for e in &errors.0 {
            drop(e.to_string());
        }
    }
});
