//! The seeded sample of random schemas that `build.rs` generated: every one the
//! generator accepted is compiled into this crate (so the build itself, with
//! warnings denied in CI, is the check); the rest were refused with a reason.

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
