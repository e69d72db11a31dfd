//! The seeded samples of random and of structured schemas that `build.rs`
//! generated: every one the generator accepted is compiled into this crate
//! (so the build itself, with warnings denied in CI, is the check); the rest
//! were refused with a reason.

#[test]
fn random_sample_compiled() {
    let accepted = schema_suite::RANDOM
        .iter()
        .filter(|(_, _, r)| r.is_ok())
        .count();
    for (seed, strict, result) in schema_suite::RANDOM {
        if let Err(reason) = result {
            assert!(
                reason.contains("error"),
                "seed {seed} (strict: {strict}) was refused without an error: {reason}"
            );
            println!(
                "seed {seed} (strict: {strict}) refused: {}",
                reason.lines().next().unwrap_or_default()
            );
        }
    }
    println!(
        "{accepted} of {} random schemas generated and compiled",
        schema_suite::RANDOM.len()
    );
    assert!(
        accepted * 2 >= schema_suite::RANDOM.len(),
        "most random schemas should generate"
    );
}

/// The structured sample (codegen/tests/support/schema_strategy.rs, drawn
/// with a fixed seed), in three modes. Its documents are made to reach
/// errors too (dangling and cyclic references, invalid patterns and types,
/// a draft's forms under another), so a third generating is enough.
#[test]
fn structured_sample_compiled() {
    let sample = schema_suite::STRUCTURED;
    let accepted = sample.iter().filter(|(_, _, r)| r.is_ok()).count();
    for (index, mode, result) in sample {
        if let Err(reason) = result {
            assert!(
                reason.contains("error"),
                "schema {index} ({mode}) was refused without an error: {reason}"
            );
            println!(
                "schema {index} ({mode}) refused: {}",
                reason.lines().next().unwrap_or_default()
            );
        }
    }
    println!(
        "{accepted} of {} structured schemas generated and compiled",
        sample.len()
    );
    assert!(
        accepted * 3 >= sample.len(),
        "a third of the structured schemas should generate"
    );
}
