//! Every case of the JSON-Schema-Test-Suite (drafts 4, 6, 7, 2019-09 and
//! 2020-12) decoded into the strict types generated for its group: the decode must succeed exactly when
//! the case says `valid`, and what decodes must encode back to the same JSON.
//!
//! Groups whose schema the generator cannot express count as unsupported,
//! never as passes. `known-failures.txt` lists the cases that fail today: the
//! test fails when a case outside it fails, and when one in it starts to pass
//! (so the list can only shrink). `cargo test -p schema-suite -- --nocapture`
//! prints a row per keyword file and the table per draft kept in the README.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Default)]
struct Row {
    cases: usize,
    passed: usize,
    failed: usize,
    unsupported: usize,
}

fn case_id(file: &str, group: usize, case: usize) -> String {
    format!("{file}#{group}/{case}")
}

#[test]
fn suite() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/data/tests/");
    let known: BTreeSet<String> = include_str!("../known-failures.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut failing_ids = BTreeSet::new();
    let mut files: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for group in schema_suite::GROUPS {
        let groups = files.entry(group.file).or_insert_with(|| {
            let text =
                std::fs::read_to_string(format!("{root}{}", group.file)).expect("suite file");
            serde_json::from_str(&text).expect("suite file is JSON")
        });
        let cases = groups[group.index]["tests"]
            .as_array()
            .expect("tests")
            .clone();
        let row = rows.entry(group.file).or_default();
        for (i, case) in cases.iter().enumerate() {
            row.cases += 1;
            let decode = match group.decode {
                Ok(decode) => decode,
                Err(_) => {
                    row.unsupported += 1;
                    continue;
                }
            };
            let valid = case["valid"].as_bool().expect("valid");
            let data = &case["data"];
            let outcome = decode(data);
            let problem = match (&outcome, valid) {
                (Ok(encoded), true) if encoded == data => None,
                (Ok(encoded), true) => Some(format!("decodes, but encodes back as {encoded}")),
                (Err(_), false) => None,
                (Ok(_), false) => Some("invalid, but decodes".to_owned()),
                (Err(e), true) => Some(format!("valid, but does not decode: {e}")),
            };
            let id = case_id(group.file, group.index, i);
            match problem {
                None => row.passed += 1,
                Some(problem) => {
                    row.failed += 1;
                    failing_ids.insert(id.clone());
                    if !known.contains(&id) {
                        failures.push(format!(
                            "{id} ({}: {}): {problem}",
                            groups[group.index]["description"]
                                .as_str()
                                .unwrap_or_default(),
                            case["description"].as_str().unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }

    let mut total = Row::default();
    let mut drafts: BTreeMap<&str, Row> = BTreeMap::new();
    println!("| keyword file | cases | passed | failed | unsupported |");
    println!("|---|---:|---:|---:|---:|");
    for (file, row) in &rows {
        println!(
            "| {file} | {} | {} | {} | {} |",
            row.cases, row.passed, row.failed, row.unsupported
        );
        let draft = drafts
            .entry(file.split('/').next().unwrap_or_default())
            .or_default();
        for sum in [&mut total, draft] {
            sum.cases += row.cases;
            sum.passed += row.passed;
            sum.failed += row.failed;
            sum.unsupported += row.unsupported;
        }
    }
    println!();
    println!("| draft | cases | passed | failed | unsupported | passed of supported |");
    println!("|---|---:|---:|---:|---:|---:|");
    // Oldest first.
    let order = ["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"];
    let mut named: Vec<(&str, &Row)> = drafts.iter().map(|(d, r)| (*d, r)).collect();
    named.sort_by_key(|(d, _)| order.iter().position(|o| o == d));
    for (draft, row) in named.into_iter().chain([("**total**", &total)]) {
        println!(
            "| {draft} | {} | {} | {} | {} | {:.1}% |",
            row.cases,
            row.passed,
            row.failed,
            row.unsupported,
            100.0 * row.passed as f64 / (row.cases - row.unsupported).max(1) as f64
        );
    }

    let fixed: Vec<&String> = known.difference(&failing_ids).collect();
    assert!(
        failures.is_empty() && fixed.is_empty(),
        "{} new failure(s):\n{}\n{} case(s) in known-failures.txt now pass (remove them): {fixed:?}",
        failures.len(),
        failures.join("\n"),
        fixed.len()
    );
}

#[test]
fn unsupported_groups_say_why() {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for group in schema_suite::GROUPS {
        if let Err(reason) = group.decode {
            assert!(
                reason.contains(": "),
                "{}#{}: {reason}",
                group.file,
                group.index
            );
            let keyword = reason.split('`').nth(1).unwrap_or("other");
            *reasons.entry(keyword).or_default() += 1;
        }
    }
    for (keyword, groups) in &reasons {
        println!("unsupported `{keyword}`: {groups} group(s)");
    }
}
