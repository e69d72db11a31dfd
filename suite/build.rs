//! Generates strict Rust types for every test group of the JSON-Schema-Test-Suite
//! (drafts 4, 6, 7, 2019-09 and 2020-12, each folder read as its draft), all
//! into one module tree, so that the whole suite compiles in one build. Groups
//! whose schema the generator cannot express are recorded with the reason
//! instead. Every optional file is run but those `left-out.txt` names.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the suite's remote documents are served from, as far as the schemas know.
const REMOTE_BASE: &str = "http://localhost:1234/";
/// The suite's folders, each read as its draft (their schemas seldom say).
const DRAFTS: &[(&str, schemagen::Draft)] = &[
    ("draft4", schemagen::Draft::Draft4),
    ("draft6", schemagen::Draft::Draft6),
    ("draft7", schemagen::Draft::Draft7),
    ("draft2019-09", schemagen::Draft::Draft2019_09),
    ("draft2020-12", schemagen::Draft::Draft2020_12),
];

/// The patterns of the optional files left out (`left-out.txt`, with why).
#[path = "src/pattern.rs"]
mod pattern;

fn main() {
    let data = Path::new("data");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=data");
    println!("cargo::rerun-if-changed=left-out.txt");
    let left_out = std::fs::read_to_string("left-out.txt").expect("left-out.txt");
    let left_out = pattern::patterns(&left_out);
    let remotes = remotes(&data.join("remotes"));

    let tests = data.join("tests");
    let mut files: Vec<(PathBuf, schemagen::Draft)> = Vec::new();
    for &(folder, draft) in DRAFTS {
        let mut of_draft = Vec::new();
        let dir = tests.join(folder);
        for entry in std::fs::read_dir(&dir).expect("suite data") {
            let path = entry.expect("suite data").path();
            if path.extension().is_some_and(|e| e == "json") {
                of_draft.push(path);
            }
        }
        // Every optional file but those left out.
        let mut optional = Vec::new();
        json_files(&dir.join("optional"), &mut optional);
        for path in optional {
            let relative = path
                .strip_prefix(&tests)
                .expect("under tests")
                .to_string_lossy()
                .replace('\\', "/");
            if !left_out.iter().any(|p| pattern::matches(p, &relative)) {
                of_draft.push(path);
            }
        }
        of_draft.sort();
        files.extend(of_draft.into_iter().map(|path| (path, draft)));
    }

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let groups_dir = out.join("groups");
    std::fs::create_dir_all(&groups_dir).expect("OUT_DIR is writable");
    let mut modules = String::new();
    let mut table = String::from("/// Every test group: (file, group index, its module's decoder or why there is none).\npub const GROUPS: &[Group] = &[\n");
    let mut n = 0;
    for (file, draft) in &files {
        let relative = file
            .strip_prefix(&tests)
            .expect("under tests")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("suite file");
        let groups: Vec<Value> = serde_json::from_str(&text).expect("suite file is JSON");
        for (index, group) in groups.iter().enumerate() {
            let uri = format!(
                "https://suite.invalid/{}/{index}.json",
                relative.trim_end_matches(".json")
            );
            let mut generator = schemagen::Generator::new(
                schemagen::Options::strict()
                    .with_index(true)
                    .with_default_draft(*draft),
            )
            .document(&uri, group["schema"].clone());
            for (remote_uri, document) in &remotes {
                generator = generator.register(remote_uri, document.clone());
            }
            let outcome = generator.run();
            match outcome.code {
                Ok(code) => {
                    let module = format!("g{n}");
                    let path = groups_dir.join(format!("{module}.rs"));
                    write_if_changed(&path, &code);
                    writeln!(
                        modules,
                        "#[allow(dead_code, clippy::all)]\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/groups/{module}.rs\")); }}\ndecoder!({module}, {module}_decode, {uri:?});"
                    )
                    .unwrap();
                    writeln!(table, "    Group {{ file: {relative:?}, index: {index}, decode: Ok({module}_decode) }},").unwrap();
                    n += 1;
                }
                Err(errors) => {
                    let reason = errors
                        .0
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let reason = reason.replace(&uri, "#");
                    writeln!(table, "    Group {{ file: {relative:?}, index: {index}, decode: Err({reason:?}) }},").unwrap();
                }
            }
        }
    }
    table.push_str("];\n");

    // A seeded sample of random schemas, tolerant and strict, compiled in the
    // same batch: whatever the generator accepts must compile warning-free.
    println!("cargo::rerun-if-changed=../codegen/tests/support/random_schema.rs");
    let mut random = String::from("/// The random sample: (seed, strict, generated or why not).\npub const RANDOM: &[(u64, bool, Result<(), &str>)] = &[\n");
    for seed in 0..RANDOM_SAMPLE {
        for strict in [false, true] {
            let uri = format!("https://random.invalid/{seed}.json");
            let options = if strict {
                schemagen::Options::strict()
            } else {
                schemagen::Options::default()
            };
            let outcome = schemagen::Generator::new(options)
                .document(&uri, random_schema(seed))
                .run();
            match outcome.code {
                Ok(code) => {
                    let module = format!(
                        "random_{}_{seed}",
                        if strict { "strict" } else { "tolerant" }
                    );
                    write_if_changed(&groups_dir.join(format!("{module}.rs")), &code);
                    writeln!(
                        modules,
                        "#[allow(dead_code)]\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/groups/{module}.rs\")); }}"
                    )
                    .unwrap();
                    writeln!(random, "    ({seed}, {strict}, Ok(())),").unwrap();
                }
                Err(errors) => {
                    let reason = errors.to_string().replace(&uri, "#");
                    writeln!(random, "    ({seed}, {strict}, Err({reason:?})),").unwrap();
                }
            }
        }
    }
    random.push_str("];\n");

    // A seeded sample of structured schemas (what the property test in
    // codegen/tests/structured.rs generates: every draft's forms, `type`
    // arrays, references with siblings and to ancestors...), in three modes,
    // compiled in the same batch and held to the same standard.
    println!("cargo::rerun-if-changed=../codegen/tests/support/schema_shapes.rs");
    println!("cargo::rerun-if-changed=../codegen/tests/support/schema_strategy.rs");
    let mut structured = String::from("/// The structured sample: (index, mode, generated or why not).\npub const STRUCTURED: &[(usize, &str, Result<(), &str>)] = &[\n");
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = structured::structured_schema();
    for index in 0..STRUCTURED_SAMPLE {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let schema = strategy
            .new_tree(&mut runner)
            .expect("the strategy never rejects")
            .current();
        let modes = [
            ("tolerant", schemagen::Options::default()),
            ("strict", schemagen::Options::strict()),
            (
                "validators",
                schemagen::Options::default()
                    .with_mode(schemagen::Mode::Tolerant {
                        checks: true,
                        validators: true,
                    })
                    .with_index(true),
            ),
        ];
        for (mode, options) in modes {
            let outcome = schemagen::Generator::new(options)
                .document(structured::DOCUMENT_URI, schema.clone())
                .run();
            match outcome.code {
                Ok(code) => {
                    let module = format!("structured_{mode}_{index}");
                    write_if_changed(&groups_dir.join(format!("{module}.rs")), &code);
                    writeln!(
                        modules,
                        "#[allow(dead_code)]\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/groups/{module}.rs\")); }}"
                    )
                    .unwrap();
                    writeln!(structured, "    ({index}, {mode:?}, Ok(())),").unwrap();
                }
                Err(errors) => {
                    let reason = errors.to_string().replace(structured::DOCUMENT_URI, "");
                    writeln!(structured, "    ({index}, {mode:?}, Err({reason:?})),").unwrap();
                }
            }
        }
    }
    structured.push_str("];\n");
    write_if_changed(
        &out.join("suite.rs"),
        &format!("{modules}\n{table}\n{random}\n{structured}"),
    );
}

/// How many structured schemas (each in three modes) the build compiles.
const STRUCTURED_SAMPLE: usize = 20;

#[allow(dead_code)]
mod structured {
    include!("../codegen/tests/support/schema_shapes.rs");
    include!("../codegen/tests/support/schema_strategy.rs");
}

/// How many random schemas (each in both modes) the build compiles.
const RANDOM_SAMPLE: u64 = 40;

include!("../codegen/tests/support/random_schema.rs");

/// Every document under `remotes/`, at the URI the suite's schemas use for it.
fn remotes(dir: &Path) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("remotes") {
            let path = entry.expect("remotes").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path
                    .strip_prefix(dir)
                    .expect("under remotes")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("remote file");
                let value: Value = serde_json::from_str(&text).expect("remote file is JSON");
                out.push((format!("{REMOTE_BASE}{relative}"), value));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every `.json` file below `dir`.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("suite data") {
        let path = entry.expect("suite data").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read(path).ok().as_deref() != Some(contents.as_bytes()) {
        std::fs::write(path, contents).expect("OUT_DIR is writable");
    }
}
