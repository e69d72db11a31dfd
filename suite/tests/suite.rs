//! Every case of the JSON-Schema-Test-Suite (drafts 4, 6, 7, 2019-09 and
//! 2020-12) decoded into the strict types generated for its group: the
//! decode must succeed exactly when the case says `valid`, and what decodes
//! must encode back to the same JSON. A harness error is a failure, never a
//! pass.
//!
//! What is not run is committed with why, and held to what the build
//! detects both ways: `unsupported.txt` (the groups the generator refuses)
//! and `left-out.txt` (the optional files not run). `known-failures.txt`
//! lists the cases that fail today: the test fails on any other failure,
//! and when a listed case starts to pass. The README's tables are what this
//! test computes (`README_UPDATE=1` rewrites them); `cargo test -p
//! schema-suite -- --nocapture` prints a row per keyword file too.

#[path = "../../tests/support/readme.rs"]
mod readme;

use schema_suite::run::{run, Lists, Report};
use schema_suite::{Group, Refusal, GROUPS};
use serde_json::Value;
use std::path::Path;

fn data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tests"))
}

fn lists() -> Lists {
    Lists::parse(
        include_str!("../known-failures.txt"),
        include_str!("../unsupported.txt"),
        include_str!("../left-out.txt"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn suite() {
    let report = run(GROUPS, data(), &lists());
    println!("{}", report.file_table());
    println!("{}", report.draft_table());
    println!("{}", report.not_run_table());
    assert!(
        report.problems.is_empty(),
        "{} problem(s):\n{}",
        report.problems.len(),
        report.problems.join("\n")
    );
    let readme = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"));
    for (section, text) in [
        ("suite-drafts", report.draft_table()),
        ("suite-not-run", report.not_run_table()),
    ] {
        readme::check_section(readme, section, &text).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The index of the first supported group of `file` with a valid case and
/// an invalid one.
fn supported(groups: &[Group], file: &str) -> usize {
    let text = std::fs::read_to_string(data().join(file)).expect("suite file");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    groups
        .iter()
        .position(|g| {
            if g.file != file || g.decode.is_err() {
                return false;
            }
            let valid: Vec<bool> = cases[g.index]["tests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["valid"].as_bool().unwrap())
                .collect();
            valid.contains(&true) && valid.contains(&false)
        })
        .expect("a supported group with valid and invalid cases")
}

/// The suite run with the group of `file` replaced by `with`: its problems.
fn problems_with(
    file: &str,
    with: Result<schema_suite::Decoder, &'static str>,
) -> (Report, String) {
    let mut groups = GROUPS.to_vec();
    let i = supported(&groups, file);
    groups[i].decode = with;
    let id = format!("{}#{}", groups[i].file, groups[i].index);
    (run(&groups, data(), &lists()), id)
}

/// Test doubles of a group's decoder.
fn refuses_everything(_: &Value) -> Result<Value, Refusal> {
    Err(Refusal::Rejected("refused by the test double".into()))
}

fn accepts_everything(data: &Value) -> Result<Value, Refusal> {
    Ok(data.clone())
}

fn harness_fails(_: &Value) -> Result<Value, Refusal> {
    Err(Refusal::Harness("the test double's harness error".into()))
}

/// A supported group that fails turns the run red, whichever way it fails:
/// refused by the generator (not in `unsupported.txt`), rejecting valid
/// cases, accepting invalid ones, or failing in the harness (which an
/// invalid case must not count as a rejection).
#[test]
fn a_failing_supported_group_turns_the_suite_red() {
    let file = "draft2020-12/minimum.json";
    let (report, id) = problems_with(file, Err("refused by a regression"));
    assert_eq!(
        report.problems,
        [format!(
            "{id}: the generator refuses it, and unsupported.txt does not list it: refused by a regression"
        )]
    );

    let (report, id) = problems_with(file, Ok(refuses_everything));
    assert!(!report.problems.is_empty());
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.starts_with(&format!("{id}/"))
                && p.ends_with("valid, but does not decode: refused by the test double")),
        "{:?}",
        report.problems
    );

    let (report, id) = problems_with(file, Ok(accepts_everything));
    assert!(!report.problems.is_empty());
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.starts_with(&format!("{id}/")) && p.ends_with("invalid, but decodes")),
        "{:?}",
        report.problems
    );

    // Every case fails, the invalid ones too.
    let (report, id) = problems_with(file, Ok(harness_fails));
    let text = std::fs::read_to_string(data().join(file)).unwrap();
    let groups: Vec<Value> = serde_json::from_str(&text).unwrap();
    let index: usize = id.rsplit('#').next().unwrap().parse().unwrap();
    let cases = groups[index]["tests"].as_array().unwrap().len();
    assert_eq!(report.problems.len(), cases, "{:?}", report.problems);
    assert!(report
        .problems
        .iter()
        .all(|p| p.ends_with("the harness failed: the test double's harness error")));
}

/// The lists hold the other way too: a group listed as unsupported that
/// generates, a known failure that passes, an optional file neither run
/// nor left out, each make a problem.
#[test]
fn stale_lists_turn_the_suite_red() {
    let mut lists = lists();
    lists.unsupported.insert(
        "draft2020-12/minimum.json#0".into(),
        ("minimum".into(), "a stale entry".into()),
    );
    lists
        .known_failures
        .insert("draft2020-12/minimum.json#0/0".into());
    lists.left_out.retain(|(p, _)| !p.contains("content"));
    let report = run(GROUPS, data(), &lists);
    let mut problems = report.problems.clone();
    problems.sort();
    assert_eq!(
        problems,
        [
            "draft2020-12/minimum.json#0 is in unsupported.txt, but the generator does not refuse it (or it is not run): remove it",
            "draft2020-12/minimum.json#0/0 is in known-failures.txt, but passes (or is not run): remove it",
            "draft7/optional/content.json: neither run nor listed in left-out.txt",
        ]
    );
}

/// Every group the generator refuses says why, naming the keyword.
#[test]
fn unsupported_groups_say_why() {
    for group in GROUPS {
        if let Err(reason) = group.decode {
            assert!(
                reason.contains(": ") && reason.contains('`'),
                "{}#{}: {reason}",
                group.file,
                group.index
            );
        }
    }
}
