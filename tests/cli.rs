//! Drives the `clerk-models` binary and snapshots what it prints (stdout,
//! stderr and the exit code). Snapshots live in tests/cli/snapshots/; the
//! inputs in tests/cli/ (payloads, schemas, diff pairs).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[macro_use]
#[path = "support/bin.rs"]
mod bin;
use bin::*;

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        } else if entry.path().is_dir() {
            // The endpoint map (schema/map/) goes into the bundles too.
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        }
    }
}

/// Every command, as `--help` lists them.
const COMMANDS: [&str; 7] = [
    "generate",
    "validate",
    "bundle",
    "diff",
    "docs",
    "completions",
    "man",
];

// ---------------------------------------------------------------- general

#[test]
fn help_lists_commands_examples_and_exit_codes() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    snapshot!("help", out.shown());
}

#[test]
fn every_command_has_help_with_examples() {
    for command in COMMANDS {
        let out = run(&[command, "--help"]);
        assert_eq!(out.code, 0, "{command}");
        assert!(
            out.stdout.contains("Examples:"),
            "{command} --help has no examples:\n{}",
            out.stdout
        );
        snapshot!(format!("help_{command}"), out.shown());
    }
}

/// The help of the global `--format` in `COMMAND --help`: its lines up to
/// the next option.
fn format_help(command: &str) -> String {
    let help = run(&[command, "--help"]).stdout;
    let from = help.find("--format <FORMAT>").expect("--format is listed");
    help[from..]
        .lines()
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('-'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each command's `--format` help is about that command: no other command
/// is named in it, and each says what its JSON is.
#[test]
fn format_help_speaks_of_its_own_command() {
    for command in COMMANDS {
        let text = format_help(command);
        for other in COMMANDS.iter().filter(|c| **c != command) {
            assert!(
                !text.contains(&format!("`{other}`")),
                "{command} --help speaks of {other} under --format:\n{text}"
            );
        }
    }
    // What each prints is in its own help.
    for command in ["generate", "validate", "bundle", "diff", "docs", "man"] {
        let help = run(&[command, "--help"]).stdout;
        assert!(
            help.contains("With --format json") || help.contains("and --format json"),
            "{command}:\n{help}"
        );
    }
    assert!(run(&["validate", "--help"])
        .stdout
        .contains("(JSON Lines, each error"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["frobnicate"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    let out = run(&["diff", "only-one"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    let out = run(&["--format", "yaml", "bundle"]);
    assert_eq!(out.code, 2, "{}", out.shown());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // Piped, as here: no escape codes, even for errors.
    let out = run(&[
        "diff",
        "tests/cli/diff/closed/old.json",
        "tests/cli/diff/closed/new.json",
    ]);
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    // Forced.
    let out = run(&[
        "--color",
        "always",
        "diff",
        "tests/cli/diff/closed/old.json",
        "tests/cli/diff/closed/new.json",
    ]);
    assert!(out.stdout.contains('\u{1b}'), "{}", out.stdout);
}

// ---------------------------------------------------------------- shell

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.shown());
        assert!(out.stderr.is_empty(), "{shell}: {}", out.stderr);
        assert!(out.stdout.len() > 1000, "{shell}: {}", out.stdout);
        // Options as each shell spells them (fish: `-l deny-drift`).
        for word in COMMANDS
            .iter()
            .chain(&["deny-drift", "tolerant", "max-bytes"])
        {
            assert!(
                out.stdout.contains(word),
                "the {shell} script does not complete {word}"
            );
        }
    }
    // Whatever --format says, the script is the output.
    assert_eq!(
        run(&["--format", "json", "completions", "fish"]).stdout,
        run(&["completions", "fish"]).stdout
    );
    assert_eq!(run(&["completions"]).code, 2);
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
}

/// The scripts parse, for each shell installed here.
#[test]
fn completion_scripts_parse() {
    for (shell, program, flag) in [
        ("bash", "bash", "-n"),
        ("zsh", "zsh", "-n"),
        ("fish", "fish", "--no-execute"),
    ] {
        let dir = scratch(&format!("completions-{shell}"));
        let script = dir.join("script");
        std::fs::write(&script, run(&["completions", shell]).stdout).unwrap();
        match Command::new(program).arg(flag).arg(&script).output() {
            Ok(checked) => assert!(
                checked.status.success(),
                "{shell} does not parse its script: {}",
                String::from_utf8_lossy(&checked.stderr)
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("{program} is not installed: its script is not parsed");
            }
            Err(e) => panic!("{program}: {e}"),
        }
    }
}

#[test]
fn man_prints_the_page_listing_every_command() {
    let out = run(&["man"]);
    assert_eq!(out.code, 0, "{}", out.shown());
    let page = &out.stdout;
    assert!(
        page.contains(&format!(
            ".TH clerk-models 1  \"clerk-models {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{page}"
    );
    let commands = page
        .split(".SH SUBCOMMANDS\n")
        .nth(1)
        .and_then(|rest| rest.split("\n.SH ").next())
        .unwrap_or_else(|| panic!("no SUBCOMMANDS section:\n{page}"));
    for command in COMMANDS {
        assert!(
            commands.contains(&format!("clerk\\-models\\-{command}(1)")),
            "{command} is not listed:\n{commands}"
        );
    }
    // Not a command of its own in a man page.
    assert!(!commands.contains("help"), "{commands}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", "Exit codes:"] {
        assert!(page.contains(section), "no {section}:\n{page}");
    }
}

#[test]
fn man_writes_a_page_per_command() {
    let dir = scratch("man");
    let dir_arg = dir.to_str().unwrap();
    let out = run(&["man", "--out", dir_arg]);
    assert_eq!(out.code, 0, "{}", out.shown());
    snapshot!("man_out", out.shown().replace(dir_arg, "DIR"));
    let main = std::fs::read_to_string(dir.join("clerk-models.1")).unwrap();
    assert_eq!(main, run(&["man"]).stdout);
    for command in COMMANDS {
        let page = std::fs::read_to_string(dir.join(format!("clerk-models-{command}.1"))).unwrap();
        assert!(
            page.contains(&format!(".TH clerk-models-{command} 1 ")),
            "{command}: {page}"
        );
        assert!(
            page.contains(&format!("\\fBclerk\\-models {command}\\fR")),
            "{command}: {page}"
        );
        assert!(page.contains("Examples:"), "{command}: {page}");
    }
    let again = run(&["--format", "json", "man", "--out", dir_arg]);
    assert_eq!(again.json()["pages"], 1 + COMMANDS.len());
    assert_eq!(again.json()["changed"], serde_json::json!([]));
}

// ---------------------------------------------------------------- generate

#[test]
fn generate_writes_only_what_changed_and_check_lists_stale_files() {
    let root = scratch("generate");
    copy_dir(&Path::new(ROOT).join("schema"), &root.join("schema"));
    let root_arg = root.to_str().unwrap();

    let first = run(&["generate", "--root", root_arg]);
    assert_eq!(first.code, 0, "{}", first.shown());
    assert!(
        first.stdout.contains("created generated/models.rs"),
        "{}",
        first.stdout
    );
    // The same bytes as the checked-in files.
    for file in [
        "models.rs",
        "schema/clerk.schema.json",
        "schema/clerk.tolerant.schema.json",
        "docs/Client.md",
        "docs/README.md",
    ] {
        assert!(
            std::fs::read(root.join("generated").join(file)).unwrap()
                == std::fs::read(Path::new(ROOT).join("generated").join(file)).unwrap(),
            "generated/{file} differs from the checked-in one"
        );
    }

    let models = root.join("generated/models.rs");
    let before = std::fs::metadata(&models).unwrap().modified().unwrap();
    let second = run(&["generate", "--root", root_arg]);
    assert_eq!(second.code, 0, "{}", second.shown());
    assert!(
        second.stdout.starts_with("0 files changed"),
        "{}",
        second.stdout
    );
    assert_eq!(
        std::fs::metadata(&models).unwrap().modified().unwrap(),
        before,
        "rewritten"
    );

    // Stale, missing and obsolete files, all listed, nothing touched.
    std::fs::write(root.join("generated/docs/Client.md"), "edited by hand\n").unwrap();
    std::fs::remove_file(root.join("generated/schema/clerk.tolerant.schema.json")).unwrap();
    std::fs::write(
        root.join("generated/docs/Gone.md"),
        "a def that no longer exists\n",
    )
    .unwrap();
    let check = run(&["generate", "--check", "--root", root_arg]);
    assert_eq!(check.code, 1, "{}", check.shown());
    snapshot!("generate_check_stale", check.shown());
    assert_eq!(
        std::fs::read_to_string(root.join("generated/docs/Client.md")).unwrap(),
        "edited by hand\n"
    );
    let json = run(&[
        "generate", "--check", "--format", "json", "--root", root_arg,
    ]);
    assert_eq!(json.code, 1);
    assert_eq!(json.json()["refresh"], "cargo run -- generate");
    assert_eq!(json.json()["changed"].as_array().unwrap().len(), 3);

    let fix = run(&["generate", "--root", root_arg]);
    assert_eq!(fix.code, 0, "{}", fix.shown());
    snapshot!("generate_fix", fix.shown());
    assert!(!root.join("generated/docs/Gone.md").exists());
    assert_eq!(run(&["generate", "--check", "--root", root_arg]).code, 0);
}

/// Edits `schema/client.json` of a scratch package in place.
fn edit_client(root: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = root.join("schema/client.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut doc["$defs"]["Client"]);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// A schema edit in a copy of the package: `generate --check` (and
/// `generate`) fail until schema/VERSION moves as the change requires;
/// then the release is kept and the changelog names the change and
/// whether it breaks.
#[test]
fn generate_check_fails_until_the_version_and_changelog_move() {
    let root = scratch("generate-version");
    for dir in ["schema", "generated"] {
        copy_dir(&Path::new(ROOT).join(dir), &root.join(dir));
    }
    let root_arg = root.to_str().unwrap();
    let generate = |check: bool| {
        let mut args = vec!["generate", "--root", root_arg];
        if check {
            args.push("--check");
        }
        run(&args)
    };
    let set_version =
        |v: &str| std::fs::write(root.join("schema/VERSION"), format!("{v}\n")).unwrap();
    let changelog = || std::fs::read_to_string(root.join("generated/CHANGELOG.md")).unwrap();
    // An addition: the minor version must move.
    edit_client(&root, |client| {
        client["properties"]["zz_new"] = serde_json::json!({"type": "string"});
    });
    let check = generate(true);
    assert_eq!(check.code, 1, "{}", check.shown());
    assert!(
        check.stdout.contains(
            "schema/VERSION: the schema changed after release 1.0.0 was made: 1 compatible change \
             (first: property-added at /$defs/Client/properties/zz_new); a release is kept as made: \
             set schema/VERSION to 1.1.0 (a minor change)"
        ),
        "{}",
        check.shown()
    );
    // generate writes the rest, and still fails for the version.
    assert_eq!(generate(false).code, 1);
    assert!(!root.join("generated/releases/1.1.0").exists());
    set_version("1.1.0");
    let made = generate(false);
    assert_eq!(made.code, 0, "{}", made.shown());
    assert!(
        made.stdout
            .contains("created generated/releases/1.1.0/clerk.schema.json"),
        "{}",
        made.stdout
    );
    assert!(
        made.stdout.contains("updated generated/CHANGELOG.md"),
        "{}",
        made.stdout
    );
    assert!(
        changelog().contains(
            "## 1.1.0\n\nA minor release: 0 breaking, 1 compatible.\n\n\
         - compatible `property-added` at `/$defs/Client/properties/zz_new`"
        ),
        "{}",
        changelog()
    );

    // A breaking change: a minor step is refused, the major is required.
    edit_client(&root, |client| {
        client["properties"]
            .as_object_mut()
            .unwrap()
            .remove("captcha_bypass");
        let required = client["required"].as_array_mut().unwrap();
        required.retain(|name| name != "captcha_bypass");
    });
    set_version("1.2.0");
    let check = generate(true);
    assert_eq!(check.code, 1, "{}", check.shown());
    assert!(
        check.stdout.contains("1.2.0 is too small a step from 1.1.0: the schema has 1 breaking change (first: property-removed at /$defs/Client/properties/captcha_bypass), a major change, so the version must be at least 2.0.0"),
        "{}",
        check.shown()
    );
    set_version("1.0.5");
    assert!(generate(true)
        .stdout
        .contains("1.0.5 is below the latest release, 1.1.0"));
    set_version("2.0.0");
    assert_eq!(generate(false).code, 0);
    assert_eq!(generate(true).code, 0);
    let text = changelog();
    assert!(
        text.contains(
            "## 2.0.0\n\nA major release: 1 breaking, 0 compatible.\n\n\
         - **breaking** `property-removed` at `/$defs/Client/properties/captcha_bypass`"
        ),
        "{text}"
    );
    // Newest first, each release kept.
    let at = |v: &str| text.find(&format!("## {v}\n")).unwrap();
    assert!(at("2.0.0") < at("1.1.0") && at("1.1.0") < at("1.0.0"));
    for v in ["1.0.0", "1.1.0", "2.0.0"] {
        assert!(root
            .join(format!("generated/releases/{v}/clerk.tolerant.schema.json"))
            .is_file());
    }
    let bundle: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("generated/schema/clerk.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        bundle["$id"],
        "https://clerk-models.invalid/fapi/2.0.0/clerk.schema.json"
    );
    assert_eq!(bundle["x-version"]["contract"], "2.0.0");
}

#[test]
fn generate_without_a_schema_folder_is_an_error() {
    let root = scratch("generate-empty");
    let out = run(&["generate", "--root", root.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("generate_no_schema", out.shown());
}

// ---------------------------------------------------------------- bundle

#[test]
fn bundle_prints_the_checked_in_bundle() {
    let out = run(&["bundle"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected =
        std::fs::read_to_string(Path::new(ROOT).join("generated/schema/clerk.schema.json"))
            .unwrap();
    assert_eq!(out.stdout, expected);
    let bundle = out.json();
    let version = std::fs::read_to_string(Path::new(ROOT).join("schema/VERSION")).unwrap();
    assert_eq!(
        bundle["$id"],
        format!(
            "https://clerk-models.invalid/fapi/{}/clerk.schema.json",
            version.trim()
        )
    );
    assert_eq!(bundle["x-version"]["contract"], version.trim());
    assert_eq!(bundle["x-version"]["fapi"], "2026-05-12");
    // Every reference is internal.
    fn refs<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    out.push(r);
                }
                map.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&bundle, &mut all);
    assert!(all.len() > 100);
    assert!(all.iter().all(|r| r.starts_with("#/$defs/")), "{all:?}");
    assert_eq!(
        bundle["$defs"]["Client"]["properties"]["sessions"]["items"]["$ref"],
        "#/$defs/Session"
    );
}

#[test]
fn tolerant_bundle_opens_objects_and_widens_enums() {
    let dir = scratch("bundle");
    let out_file = dir.join("t.json");
    let out = run(&["bundle", "--tolerant", "--out", out_file.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.shown());
    assert!(out.stdout.starts_with("bundled "), "{}", out.stdout);
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let text = serde_json::to_string(&bundle).unwrap();
    assert!(!text.contains("\"additionalProperties\":false"));
    assert_eq!(
        bundle["$defs"]["SessionStatus"]["anyOf"][1],
        serde_json::json!({"type": "string"})
    );
    assert_eq!(
        bundle["$defs"]["SessionStatus"]["anyOf"][0]["enum"][0],
        "active"
    );
    assert_eq!(
        bundle["$defs"]["Client"]["properties"]["object"]["anyOf"][0]["const"],
        "client"
    );
    assert_eq!(bundle["x-version"]["flavour"], "tolerant");
    // Unchanged bytes are not rewritten.
    let again = run(&[
        "--format",
        "json",
        "bundle",
        "--tolerant",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(again.json()["written"], "unchanged");
}

/// `bundle --schema DIR` versions the bundle by the folder's `VERSION`;
/// a folder without one is bundled as `unversioned`, in its `$id` and its
/// `x-version`, rather than refused.
#[test]
fn bundle_of_a_folder_takes_its_version_or_says_unversioned() {
    let dir = scratch("bundle-version");
    let schema = dir.join("schema");
    copy_dir(&Path::new(ROOT).join("schema"), &schema);
    let schema_arg = schema.to_str().unwrap();
    let bundled = |expected: &str| {
        let out = run(&["bundle", "--schema", schema_arg]);
        assert_eq!(out.code, 0, "{}", out.shown());
        let bundle: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(
            bundle["$id"],
            format!("https://clerk-models.invalid/fapi/{expected}/clerk.schema.json")
        );
        assert_eq!(bundle["x-version"]["contract"], expected);
    };
    std::fs::write(schema.join("VERSION"), "3.4.5\n").unwrap();
    bundled("3.4.5");
    std::fs::remove_file(schema.join("VERSION")).unwrap();
    bundled("unversioned");
}

/// A folder whose `VERSION` is not a version is refused by every command
/// that names the version (the bundle's `$id`, the generated header, the
/// reference's pages), each naming the file, before anything is written.
#[test]
fn a_malformed_version_file_is_refused_by_name() {
    let dir = scratch("bad-version");
    let schema = dir.join("schema");
    copy_dir(&Path::new(ROOT).join("schema"), &schema);
    std::fs::write(schema.join("VERSION"), "one point oh\n").unwrap();
    let schema_arg = schema.to_str().unwrap();
    let pages = dir.join("pages");
    for args in [
        &["bundle", "--schema", schema_arg][..],
        &[
            "docs",
            "--schema",
            schema_arg,
            "--out",
            pages.to_str().unwrap(),
        ][..],
    ] {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.shown());
        assert!(
            out.stderr.contains("VERSION")
                && out.stderr.contains("\"one point oh\" is not a version"),
            "{args:?}: {}",
            out.stderr
        );
    }
    assert!(!pages.exists(), "no page written");
}

/// Away from the repository, `bundle` and `docs` use the schema built into
/// the binary: the same bundles and pages as the checked-in ones.
#[test]
fn bundle_and_docs_need_no_repository() {
    let dir = scratch("outside");
    for (flags, file) in [
        (&[][..], "clerk.schema.json"),
        (&["--tolerant"][..], "clerk.tolerant.schema.json"),
    ] {
        let out = run_in(&dir, &[&["bundle"][..], flags].concat());
        assert_eq!(out.code, 0, "{}", out.shown());
        let expected =
            std::fs::read_to_string(Path::new(ROOT).join("generated/schema").join(file)).unwrap();
        assert!(
            out.stdout == expected,
            "bundle {flags:?} differs from {file}"
        );
    }
    let out = run_in(&dir, &["docs", "--out", "pages"]);
    assert_eq!(out.code, 0, "{}", out.shown());
    let ours = Path::new(ROOT).join("generated/docs");
    let mut count = 0;
    for entry in std::fs::read_dir(dir.join("pages")).unwrap() {
        let entry = entry.unwrap();
        assert!(
            std::fs::read(entry.path()).unwrap()
                == std::fs::read(ours.join(entry.file_name())).unwrap(),
            "{:?} differs from the checked-in page",
            entry.file_name()
        );
        count += 1;
    }
    assert_eq!(count, std::fs::read_dir(&ours).unwrap().count());
    // A folder named with --schema that is not there is still an error.
    let out = run_in(&dir, &["bundle", "--schema", "schema"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(
        out.stderr.starts_with("error: schema: cannot read"),
        "{}",
        out.stderr
    );
}

#[test]
fn bundle_reports_every_schema_problem_at_once() {
    let out = run(&["bundle", "--schema", "tests/cli/schemas/broken"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("bundle_broken", out.shown());
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_classifies_each_kind_of_change() {
    let cases = Path::new(ROOT).join("tests/cli/diff");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 25, "{names:?}");
    for name in names {
        let base = format!("tests/cli/diff/{name}");
        let (old, new) = if cases.join(&name).join("old").is_dir() {
            (format!("{base}/old"), format!("{base}/new"))
        } else {
            (format!("{base}/old.json"), format!("{base}/new.json"))
        };
        let out = run(&["diff", &old, &new]);
        snapshot!(format!("diff_{name}"), out.shown());
        // Each case is named after the kind it shows (but for the mixed
        // ones), then `--` and what sets it apart from the others of its kind.
        let kind = name.split("--").next().unwrap_or_default();
        if !matches!(kind, "identical" | "folders" | "nested-items") {
            assert!(
                out.stdout.contains(&format!(" {kind} ")),
                "{name}: {}",
                out.stdout
            );
        }
        let json = run(&["--format", "json", "diff", &old, &new]).json();
        let breaking = json["breaking"].as_u64().unwrap();
        assert_eq!(out.code, if breaking > 0 { 1 } else { 0 }, "{name}");
        assert!(json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["pointer"].as_str().unwrap().starts_with("/$defs/")));
    }
}

/// Bounds on an integer with no `format` pick its Rust width (`minimum: 0`
/// gives `u64`, 0..100 `u8`): the Rust API's verdict follows the width the
/// generator gives each version, and the payloads' the bounds.
#[test]
fn diff_judges_integer_bounds_by_the_rust_type_they_give() {
    // (case, kind, payloads, Rust API, the Rust type before and after)
    let cases = [
        (
            "bounds-widened--minimum-0-dropped",
            "bounds-widened",
            "compatible",
            "breaking",
            Some(("u64", "i64")),
        ),
        (
            "bounds-narrowed--minimum-0-added",
            "bounds-narrowed",
            "breaking",
            "breaking",
            Some(("i64", "u64")),
        ),
        (
            "bounds-narrowed--maximum-100-added",
            "bounds-narrowed",
            "breaking",
            "breaking",
            Some(("u64", "u8")),
        ),
        (
            "bounds-narrowed--same-width",
            "bounds-narrowed",
            "breaking",
            "compatible",
            None,
        ),
        (
            "bounds-widened--same-width",
            "bounds-widened",
            "compatible",
            "compatible",
            None,
        ),
        (
            "bounds-widened--wider-type",
            "bounds-widened",
            "compatible",
            "breaking",
            Some(("u8", "u16")),
        ),
        (
            "bounds-widened--negative-allowed",
            "bounds-widened",
            "compatible",
            "breaking",
            Some(("u8", "i8")),
        ),
        (
            "bounds-widened--def-alias",
            "bounds-widened",
            "compatible",
            "breaking",
            Some(("u64", "i64")),
        ),
        // With a `format`, the bounds leave the width alone.
        (
            "bounds-narrowed",
            "bounds-narrowed",
            "breaking",
            "compatible",
            None,
        ),
        (
            "bounds-widened",
            "bounds-widened",
            "compatible",
            "compatible",
            None,
        ),
    ];
    for (case, kind, payloads, rust, types) in cases {
        let base = format!("tests/cli/diff/{case}");
        let out = run(&[
            "--format",
            "json",
            "diff",
            &format!("{base}/old.json"),
            &format!("{base}/new.json"),
        ]);
        let json = out.json();
        let changes = json["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{case}: {}", out.shown());
        let change = &changes[0];
        assert_eq!(change["kind"], kind, "{case}");
        assert_eq!(change["payloads"], payloads, "{case}");
        assert_eq!(change["rust"], rust, "{case}");
        let breaking = payloads == "breaking" || rust == "breaking";
        assert_eq!(change["breaking"], breaking, "{case}");
        assert_eq!(out.code, i32::from(breaking), "{case}");
        let rust_changes: Vec<&str> = change["rust_changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        match types {
            // ``Thing.count: `Option<u64>` became `Option<i64>` ``.
            Some((from, to)) => assert!(
                rust_changes.len() == 1
                    && rust_changes[0]
                        .split_once(" became ")
                        .is_some_and(|(a, b)| a.contains(from) && b.contains(to)),
                "{case}: {rust_changes:?}"
            ),
            None => assert!(rust_changes.is_empty(), "{case}: {rust_changes:?}"),
        }
    }
}

#[test]
fn diff_of_the_schema_and_its_bundle_is_empty() {
    let out = run(&["diff", "schema", "generated/schema/clerk.schema.json"]);
    assert_eq!(out.code, 0, "{}", out.shown());
    assert_eq!(out.stdout, "no changes\n");
}

#[test]
fn diff_against_the_tolerant_bundle_is_compatible_only_one_way() {
    // Strict → tolerant widens (enums become open strings: a breaking change
    // for readers of the Rust API), tolerant → strict narrows.
    let widen = run(&[
        "--format",
        "json",
        "diff",
        "schema",
        "generated/schema/clerk.tolerant.schema.json",
    ])
    .json();
    let kinds: Vec<&str> = widen["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"opened") && kinds.contains(&"unrestricted"),
        "{kinds:?}"
    );
    let narrow = run(&[
        "--format",
        "json",
        "diff",
        "generated/schema/clerk.tolerant.schema.json",
        "schema",
    ])
    .json();
    let kinds: Vec<&str> = narrow["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"closed") && kinds.contains(&"restricted"),
        "{kinds:?}"
    );
}

#[test]
fn diff_of_missing_inputs_names_both() {
    let out = run(&["diff", "tests/cli/nope-old", "tests/cli/nope-new.json"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("diff_missing", out.shown());
}

/// A file that ends inside a line's value: its error is at the end of that
/// line (serde_json says column 0 of the next), as every position, from 1.
/// The same file as OLD and NEW has its error once, saying so; a problem of
/// one side says which.
#[test]
fn diff_says_where_and_on_which_side_a_schema_is_broken() {
    let broken = "tests/cli/schemas/truncated/schema.json";
    let both = run(&["diff", broken, broken]);
    assert_eq!(both.code, 2, "{}", both.shown());
    snapshot!("diff_broken_both", both.shown());
    let old = run(&["diff", broken, "schema"]);
    assert_eq!(old.code, 2, "{}", old.shown());
    assert_eq!(
        old.stderr,
        format!("error: {broken}:3:13: invalid JSON: EOF while parsing an object (in OLD)\n")
    );
    let new = run(&["--format", "json", "diff", "schema", broken]);
    assert_eq!(new.code, 2, "{}", new.shown());
    assert_eq!(
        new.json()["errors"],
        serde_json::json!([format!(
            "{broken}:3:13: invalid JSON: EOF while parsing an object (in NEW)"
        )])
    );
}

/// One schema file whose references name files beside it: they are read
/// too, as the generator reads them, and their changes are reported.
#[test]
fn diff_of_one_file_reads_the_files_it_refers_to() {
    let dir = "tests/cli/schemas/siblings";
    let out = run(&[
        "diff",
        &format!("{dir}/old/thing.json"),
        &format!("{dir}/new/thing.json"),
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("diff_siblings", out.shown());
    let same = run(&["diff", "schema/client.json", "schema/client.json"]);
    assert_eq!(same.code, 0, "{}", same.shown());
    assert_eq!(same.stdout, "no changes\n");
}

// ---------------------------------------------------------------- docs

#[test]
fn docs_match_the_checked_in_pages() {
    let dir = scratch("docs");
    let out = run(&["docs", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.shown());
    let ours = Path::new(ROOT).join("generated/docs");
    let mut count = 0;
    for entry in std::fs::read_dir(&ours).unwrap() {
        let entry = entry.unwrap();
        assert!(
            std::fs::read(entry.path()).unwrap()
                == std::fs::read(dir.join(entry.file_name())).unwrap(),
            "{:?} differs from the checked-in page",
            entry.file_name()
        );
        count += 1;
    }
    assert!(count > 30);
    let client = std::fs::read_to_string(dir.join("Client.md")).unwrap();
    assert!(client.contains("| `sessions` | `sessions` | array of [Session](Session.md) | `Vec<Session>` | yes | no |"), "{client}");
    let again = run(&["docs", "--out", dir.to_str().unwrap()]);
    assert!(again.stdout.ends_with(", 0 changed\n"), "{}", again.stdout);
}

// ---------------------------------------------------------------- validate

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = command(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const FIXTURE: &str = "tests/fixtures/clerk/flutter/client-get-during-email-link-a.json";

#[test]
fn validate_a_recorded_payload_cleanly() {
    let out = run(&["validate", FIXTURE]);
    assert_eq!(out.code, 0, "{}", out.shown());
    snapshot!("validate_fixture", out.shown());
}

#[test]
fn validate_every_recorded_payload() {
    let mut args = vec!["validate".to_owned(), "--quiet".to_owned()];
    for entry in std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/clerk/flutter")).unwrap() {
        args.push(entry.unwrap().path().display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.shown());
    assert_eq!(
        out.stdout,
        "29 payloads in 29 inputs: 29 ok, 0 drift, 0 failed\n"
    );
}

#[test]
fn validate_reports_drift_as_warnings_with_pointer_and_position() {
    let out = run(&["validate", "tests/cli/validate/drift.json"]);
    assert_eq!(
        out.code,
        0,
        "drift alone is not a failure:\n{}",
        out.shown()
    );
    snapshot!("validate_drift", out.shown());

    let json = run(&[
        "--format",
        "json",
        "validate",
        "tests/cli/validate/drift.json",
    ]);
    let lines: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", json.stdout);
    let warnings = lines[0]["warnings"].as_array().unwrap();
    let at = |w: &serde_json::Value| {
        (
            w["pointer"].as_str().unwrap().to_owned(),
            w["line"].as_u64().unwrap(),
            w["column"].as_u64().unwrap(),
        )
    };
    assert_eq!(at(&warnings[0]), ("/response/status".to_owned(), 5, 5));
    assert_eq!(at(&warnings[1]), ("/response/risk_score".to_owned(), 50, 5));
    assert_eq!(lines[0]["status"], "drift");
    assert_eq!(lines[1]["summary"]["drift_warnings"], 2);

    let deny = run(&["validate", "--deny-drift", "tests/cli/validate/drift.json"]);
    assert_eq!(deny.code, 1, "{}", deny.shown());
}

#[test]
fn validate_ndjson_with_one_bad_line_among_good_ones() {
    let out = run(&["validate", "tests/cli/validate/stream.ndjson"]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_ndjson", out.shown());
    // The same stream on stdin, named NDJSON with --ndjson.
    let bytes = std::fs::read(Path::new(ROOT).join("tests/cli/validate/stream.ndjson")).unwrap();
    let piped = run_with_stdin(&["validate", "--ndjson", "-"], Some(&bytes));
    assert_eq!(piped.code, 1);
    assert_eq!(
        piped.stdout,
        out.stdout
            .replace("tests/cli/validate/stream.ndjson", "<stdin>")
    );
}

#[test]
fn validate_several_values_in_one_file_one_by_one() {
    let out = run(&["validate", "tests/cli/validate/several.json"]);
    assert_eq!(out.code, 0, "{}", out.shown());
    snapshot!("validate_several", out.shown());
}

#[test]
fn validate_payloads_that_fail_and_goes_on() {
    let out = run(&[
        "validate",
        "tests/cli/validate/not-json.json",
        "tests/cli/validate/invalid-utf8.json",
        "tests/cli/validate/empty.json",
        "tests/cli/validate/unknown-kind.json",
        "tests/cli/validate/deep.json",
        "tests/cli/validate/type-error.json",
        FIXTURE,
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_failures", out.shown());
}

#[cfg(unix)]
#[test]
fn validate_inputs_that_cannot_be_read_and_goes_on() {
    let dir = scratch("validate-unreadable");
    std::os::unix::fs::symlink("nowhere.json", dir.join("dangling.json")).unwrap();
    std::fs::create_dir(dir.join("folder.json")).unwrap();
    std::fs::copy(Path::new(ROOT).join(FIXTURE), dir.join("good.json")).unwrap();
    std::fs::copy(
        Path::new(ROOT).join("tests/cli/validate/drift.json"),
        dir.join("big.json"),
    )
    .unwrap();
    let out = run_in(
        &dir,
        &[
            "validate",
            "--max-bytes",
            "2K",
            "missing.json",
            "dangling.json",
            "folder.json",
            "big.json",
            "good.json",
        ],
    );
    // A file over --max-bytes is a payload that fails; the others could
    // not be read: both, 1 + 2.
    assert_eq!(out.code, 3, "{}", out.shown());
    snapshot!("validate_unreadable", out.shown());
}

#[test]
fn validate_reads_stdin() {
    let bytes = std::fs::read(Path::new(ROOT).join(FIXTURE)).unwrap();
    let dash = run_with_stdin(&["validate", "-"], Some(&bytes));
    assert_eq!(dash.code, 0, "{}", dash.shown());
    assert!(
        dash.stdout
            .starts_with("ok    <stdin>: ClientEnvelope conforms and decodes\n"),
        "{}",
        dash.stdout
    );
    let implicit = run_with_stdin(&["validate"], Some(&bytes));
    assert_eq!(implicit.stdout, dash.stdout);
    let empty = run_with_stdin(&["validate"], Some(b""));
    assert_eq!(empty.code, 1, "{}", empty.shown());
    assert!(empty.stdout.contains("empty input"), "{}", empty.stdout);
}

#[test]
fn validate_with_a_named_kind() {
    // The shape says nothing, so the kind is named: the errors are the schema's.
    let out = run(&[
        "validate",
        "--type",
        "DeletedObject",
        "tests/cli/validate/unknown-kind.json",
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_type", out.shown());
    // Rust type names work too.
    let out = run(&[
        "validate",
        "--type",
        "SamlAccount",
        "tests/cli/validate/unknown-kind.json",
    ]);
    assert!(
        out.stdout.contains(": SAMLAccount does not conform"),
        "{}",
        out.stdout
    );
    let out = run(&["validate", "--type", "Spaceship", FIXTURE]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(
        out.stderr
            .contains("no kind is named \"Spaceship\"; the kinds are: "),
        "{}",
        out.stderr
    );
}

/// What `validate` says about kinds: a payload it cannot place (what it saw,
/// the closest kinds), a named kind the payload does not fit (the kind it
/// looks like), a name that is no kind (the nearest name, then every payload
/// kind, sorted).
#[test]
fn validate_says_what_it_saw_and_what_comes_closest() {
    let out = run(&[
        "validate",
        "tests/cli/validate/unknown-kind.json",
        "tests/cli/validate/typo-object.json",
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_undetected", out.shown());

    let out = run(&[
        "validate",
        "--type",
        "Session",
        "tests/cli/validate/token.json",
    ]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_type_mismatch", out.shown());

    let out = run(&["validate", "--type", "sesion", FIXTURE]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("validate_type_unknown", out.shown());
    let listed = out.stderr.split("the kinds are: ").nth(1).unwrap().trim();
    let kinds: Vec<&str> = listed.split(", ").collect();
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    assert_eq!(kinds, sorted);
    for not_a_payload in ["Timestamp", "SessionStatus", "Strategy"] {
        assert!(!kinds.contains(&not_a_payload), "{not_a_payload} listed");
    }
    assert!(kinds.contains(&"ClientEnvelope") && kinds.contains(&"Token"));
}

/// A payload whose kind cannot be told is located like any other error:
/// in an NDJSON stream, at its line (and column), with the member it speaks
/// of and the text there.
#[test]
fn validate_locates_kind_errors_in_a_stream() {
    let file = "tests/cli/validate/kinds.ndjson";
    let out = run(&["validate", file]);
    assert_eq!(out.code, 1, "{}", out.shown());
    snapshot!("validate_ndjson_kinds", out.shown());
    let mut lines = out.stdout.lines();
    let mut count = 0;
    while let Some(header) = lines.next() {
        let Some(rest) = header.strip_prefix(&format!("FAIL  {file}:")) else {
            continue;
        };
        let line = rest.split(':').next().unwrap();
        let error = lines.next().unwrap();
        assert!(
            error.starts_with(&format!("  error[kind] {file}:{line}:")),
            "the payload of line {line} has its kind error elsewhere: {error}"
        );
        count += 1;
    }
    assert_eq!(count, 5, "{}", out.stdout);
    let json = run(&["--format", "json", "validate", file]);
    for payload in json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
    {
        if let Some(error) = payload["errors"].get(0) {
            assert_eq!(error["source"], "kind");
            assert_eq!(error["line"], payload["line"], "{payload}");
            assert!(error["column"].as_u64().is_some(), "{payload}");
            assert!(error["pointer"].is_string(), "{payload}");
        }
    }
}

#[test]
fn validate_json_lines_for_machines() {
    let out = run(&[
        "--format",
        "json",
        "validate",
        "tests/cli/validate/stream.ndjson",
        "tests/cli/validate/missing.json",
    ]);
    // A payload failed and an input could not be read.
    assert_eq!(out.code, 3);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "{}", out.stdout);
    assert_eq!(lines[1]["errors"][0]["source"], "parse");
    assert_eq!(lines[1]["errors"][0]["line"], 2);
    assert_eq!(lines[2]["errors"][0]["pointer"], "/response/captcha_bypass");
    assert_eq!(lines[4]["status"], "error");
    assert_eq!(lines[5]["summary"]["payloads"], 4);
}

// ---------------------------------------------------------------- validate: input sets, jobs, exit codes

/// The JSON of a file in one line (an NDJSON line).
fn compact(file: &str) -> String {
    let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .to_string()
}

/// `lines` NDJSON lines of every kind: good, failing, with drift, not JSON,
/// two values, of no known kind, over `--max-bytes 16K`, and blank.
fn mixed_stream(lines: usize) -> String {
    let over = format!("{{\"errors\": [{}]}}", " ".repeat(17 << 10));
    let kinds = [
        compact(FIXTURE),
        compact("tests/cli/validate/type-error.json"),
        compact("tests/cli/validate/drift.json"),
        r#"{"response": {"object": "client", "id":"#.to_owned(),
        format!("{} {{\"errors\": []}}", compact(FIXTURE)),
        r#"{"object": "spaceship", "id": "ship_1"}"#.to_owned(),
        over,
        String::new(),
        compact("tests/fixtures/clerk/flutter/email-address-create.json"),
    ];
    let mut out = String::new();
    for i in 0..lines {
        // Not a plain cycle, so that chunks do not all look alike.
        out.push_str(&kinds[(i * i + i / 7) % kinds.len()]);
        out.push('\n');
    }
    out
}

/// `--jobs 2` prints what `--jobs 1` prints, byte for byte, text and JSON,
/// for a large mixed NDJSON stream (thousands of lines: many chunks), the
/// same on stdin, and for a folder of many files.
#[test]
fn validate_jobs_2_prints_what_jobs_1_prints() {
    let dir = scratch("jobs");
    let stream = mixed_stream(4000);
    let file = dir.join("mixed.ndjson");
    std::fs::write(&file, &stream).unwrap();
    let many = dir.join("many");
    std::fs::create_dir(&many).unwrap();
    let docs = [
        FIXTURE,
        "tests/cli/validate/drift.json",
        "tests/cli/validate/type-error.json",
        "tests/cli/validate/not-json.json",
        "tests/cli/validate/several.json",
        "tests/cli/validate/empty.json",
    ];
    for i in 0..60 {
        let from = Path::new(ROOT).join(docs[i % docs.len()]);
        std::fs::copy(from, many.join(format!("{i:02}.json"))).unwrap();
    }
    let file_arg = file.to_str().unwrap();
    let many_arg = many.to_str().unwrap();
    for format in ["text", "json"] {
        let args = |jobs| {
            [
                "--format",
                format,
                "validate",
                "--max-bytes",
                "16K",
                "--jobs",
                jobs,
                file_arg,
                many_arg,
            ]
        };
        let one = run(&args("1"));
        let two = run(&args("2"));
        assert_eq!(one.code, 1, "{}", one.stderr);
        assert!(one.stdout == two.stdout, "--jobs 2 differs ({format})");
        assert_eq!((one.code, &one.stderr), (two.code, &two.stderr));
        let payloads = one.stdout.lines().count();
        assert!(payloads > 3000, "{payloads} lines of output");
        let piped = |jobs| {
            run_with_stdin(
                &[
                    "--format",
                    format,
                    "validate",
                    "--ndjson",
                    "--max-bytes",
                    "16K",
                    "--jobs",
                    jobs,
                ],
                Some(stream.as_bytes()),
            )
        };
        let (one, two) = (piped("1"), piped("2"));
        assert!(
            one.stdout == two.stdout,
            "--jobs 2 differs on stdin ({format})"
        );
        assert_eq!(one.code, 1);
    }
    // Every kind of line was there, and counted once.
    let summary = run(&[
        "--format",
        "json",
        "validate",
        "--max-bytes",
        "16K",
        "--jobs",
        "2",
        file_arg,
    ]);
    let last: serde_json::Value =
        serde_json::from_str(summary.stdout.lines().last().unwrap()).unwrap();
    let s = &last["summary"];
    for key in ["ok", "drift", "failed"] {
        assert!(s[key].as_u64().unwrap() > 100, "{key}: {s}");
    }
    assert_eq!(
        s["ok"].as_u64().unwrap() + s["drift"].as_u64().unwrap() + s["failed"].as_u64().unwrap(),
        s["payloads"].as_u64().unwrap()
    );
    assert!(summary
        .stdout
        .contains("over the --max-bytes limit of 16384 bytes"));
}

/// A folder is walked recursively for .json, .ndjson, .jsonl and .har files
/// (any letter case), sorted by name folder by folder; other files are
/// left out; a folder with none is an input that cannot be read.
#[test]
fn validate_a_folder() {
    let dir = scratch("folder");
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(dir.join("empty/inner")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(Path::new(ROOT).join(from), tree.join(to)).unwrap();
    };
    copy(FIXTURE, "b.json");
    copy("tests/cli/validate/token.json", "Z.JSON");
    copy("tests/cli/validate/stream.ndjson", "a.ndjson");
    copy("tests/cli/validate/drift.json", "sub/deeper/d.json");
    copy("tests/cli/validate/type-error.json", "notes.txt");
    std::fs::write(
        tree.join("sub/c.jsonl"),
        compact("tests/cli/validate/token.json") + "\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty/inner/readme.md"), "no payloads here\n").unwrap();
    let out = run_in(&dir, &["validate", "--quiet", "tree", "empty"]);
    assert_eq!(out.code, 3, "{}", out.shown());
    snapshot!("validate_folder", out.shown());
    let json = run_in(&dir, &["--format", "json", "validate", "tree"]);
    let inputs: Vec<String> = json
        .stdout
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["input"].as_str().map(str::to_owned)
        })
        .collect();
    let mut unique = inputs.clone();
    unique.dedup();
    assert_eq!(
        unique,
        [
            "tree/Z.JSON",
            "tree/a.ndjson",
            "tree/b.json",
            "tree/sub/c.jsonl",
            "tree/sub/deeper/d.json"
        ]
    );
}

/// A quoted pattern is expanded by the tool: `*` within a folder, `**`
/// across folders, `{a,b}` alternatives, files only, sorted; a pattern that
/// matches nothing is an input that cannot be read, an invalid one a usage
/// error.
#[test]
fn validate_glob_patterns() {
    let dir = scratch("glob");
    std::fs::create_dir_all(dir.join("logs/2026/05")).unwrap();
    std::fs::create_dir_all(dir.join("logs/old.json")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(Path::new(ROOT).join(from), dir.join(to)).unwrap();
    };
    copy(FIXTURE, "logs/b.json");
    copy("tests/cli/validate/drift.json", "logs/a.json");
    copy(
        "tests/cli/validate/stream.ndjson",
        "logs/2026/05/day.ndjson",
    );
    copy("tests/cli/validate/kinds.ndjson", "logs/2026/night.jsonl");
    copy("tests/cli/validate/token.json", "logs/2026/05/token.json");
    let names = |args: &[&str]| -> (i32, Vec<String>) {
        let out = run_in(
            &dir,
            &[&["--format", "json", "validate"][..], args].concat(),
        );
        let mut names: Vec<String> = out
            .stdout
            .lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["input"].as_str().map(str::to_owned)
            })
            .collect();
        names.dedup();
        (out.code, names)
    };
    assert_eq!(
        names(&["logs/*.json"]),
        (0, vec!["logs/a.json".into(), "logs/b.json".into()])
    );
    assert_eq!(
        names(&["logs/**/*.json"]),
        (
            0,
            vec![
                "logs/2026/05/token.json".into(),
                "logs/a.json".into(),
                "logs/b.json".into()
            ]
        )
    );
    assert_eq!(
        names(&["logs/**/*.{ndjson,jsonl}", "logs/b.json"]),
        (
            1,
            vec![
                "logs/2026/05/day.ndjson".into(),
                "logs/2026/night.jsonl".into(),
                "logs/b.json".into()
            ]
        )
    );
    let out = run_in(&dir, &["validate", "logs/*.json", "logs/*.yaml"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    snapshot!("validate_glob", out.shown());
    let out = run_in(&dir, &["validate", "logs/[.json"]);
    assert_eq!(out.code, 2, "{}", out.shown());
    assert!(
        out.stderr
            .starts_with("error: logs/[.json: not a valid pattern: "),
        "{}",
        out.shown()
    );
    assert!(out.stdout.is_empty(), "{}", out.shown());
}

#[test]
fn validate_reads_stdin_once() {
    let out = run_with_stdin(&["validate", "-", FIXTURE, "-"], Some(b"{}"));
    assert_eq!(out.code, 2, "{}", out.shown());
    assert_eq!(
        out.stderr,
        "error: -: stdin is named more than once: it can be read only once\n"
    );
    assert!(out.stdout.is_empty());
    let out = run(&["validate", "--jobs", "0", FIXTURE]);
    assert_eq!(out.code, 2, "{}", out.shown());
}

/// The exit code is 1 for a payload that fails plus 2 for an input that
/// cannot be read, in every combination, text and JSON alike; drift fails
/// only with --deny-drift.
#[test]
fn validate_exit_codes_in_every_combination() {
    let dir = scratch("exit-codes");
    let copy = |from: &str, to: &str| {
        std::fs::copy(Path::new(ROOT).join(from), dir.join(to)).unwrap();
    };
    copy(FIXTURE, "good.json");
    copy("tests/cli/validate/drift.json", "drift.json");
    copy("tests/cli/validate/type-error.json", "bad.json");
    std::fs::write(dir.join("big.json"), " ".repeat(5000) + &compact(FIXTURE)).unwrap();
    std::fs::create_dir(dir.join("nothing")).unwrap();
    let cases: &[(&[&str], i32)] = &[
        (&["good.json"], 0),
        (&["drift.json"], 0),
        (&["--deny-drift", "drift.json"], 1),
        (&["bad.json"], 1),
        (&["big.json"], 1),
        (&["good.json", "bad.json", "drift.json"], 1),
        (&["missing.json"], 2),
        (&["nothing"], 2),
        (&["*.yaml"], 2),
        (&["good.json", "missing.json"], 2),
        (&["drift.json", "missing.json"], 2),
        (&["bad.json", "missing.json"], 3),
        (&["big.json", "nothing"], 3),
        (&["--deny-drift", "drift.json", "*.yaml"], 3),
        (&["missing.json", "good.json", "bad.json"], 3),
    ];
    for (args, code) in cases {
        for format in ["text", "json"] {
            let mut all = vec!["--format", format, "validate", "--max-bytes", "4K"];
            all.extend_from_slice(args);
            let out = run_in(&dir, &all);
            assert_eq!(out.code, *code, "{args:?} ({format}):\n{}", out.shown());
        }
    }
}

/// Over --max-bytes is the same outcome for a file, stdin and an NDJSON
/// line: a payload that fails (exit 1), "too large".
#[test]
fn validate_over_the_limit_alike_from_a_file_stdin_or_a_line() {
    let dir = scratch("over-limit");
    let big = " ".repeat(5000) + &compact(FIXTURE);
    std::fs::write(dir.join("big.json"), &big).unwrap();
    std::fs::write(dir.join("big.ndjson"), format!("{big}\n")).unwrap();
    let file = run_in(
        &dir,
        &[
            "--format",
            "json",
            "validate",
            "--max-bytes",
            "4K",
            "big.json",
        ],
    );
    let line = run_in(
        &dir,
        &[
            "--format",
            "json",
            "validate",
            "--max-bytes",
            "4K",
            "big.ndjson",
        ],
    );
    let stdin = run_with_stdin(
        &["--format", "json", "validate", "--max-bytes", "4K", "-"],
        Some(big.as_bytes()),
    );
    for (what, out) in [("file", file), ("line", line), ("stdin", stdin)] {
        assert_eq!(out.code, 1, "{what}: {}", out.shown());
        let first: serde_json::Value =
            serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
        assert_eq!(first["status"], "fail", "{what}: {first}");
        let message = first["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("the --max-bytes limit of 4096 bytes"),
            "{what}: {message}"
        );
        let summary: serde_json::Value =
            serde_json::from_str(out.stdout.lines().last().unwrap()).unwrap();
        assert_eq!(summary["summary"]["failed"], 1, "{what}");
        assert_eq!(summary["summary"]["unreadable"], 0, "{what}");
    }
}

/// On a terminal (a pseudo-terminal made by `script`), a long run shows a
/// bar with percent, rate and ETA when every input is a file, counts when
/// one is stdin, and nothing with --quiet; off a terminal, nothing (stderr
/// is empty in every other test).
#[cfg(target_os = "linux")]
#[test]
fn validate_shows_progress_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("`script` is not installed: progress is tested by its renderer only");
        return;
    }
    let dir = scratch("progress");
    let file = dir.join("big.ndjson");
    let lines = [compact(FIXTURE), compact("tests/cli/validate/drift.json")];
    let mut text = String::new();
    while text.len() < 8 << 20 {
        text.push_str(&lines[text.len() % 2]);
        text.push('\n');
    }
    std::fs::write(&file, &text).unwrap();
    let bin = env!("CARGO_BIN_EXE_clerk-models");
    let file = file.to_str().unwrap();
    let on_a_terminal = |line: String| {
        let output = Command::new("script")
            .args(["-q", "-e", "-f", "-c"])
            .arg(format!("stty cols 120 rows 30; {line}"))
            .arg("/dev/null")
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "{line}: {output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let bar = on_a_terminal(format!("{bin} validate --jobs 1 {file}"));
    let frames: Vec<&str> = bar
        .split(['\r', '\n'])
        .filter(|l| l.contains("% ") && l.contains(" ETA "))
        .collect();
    assert!(
        !frames.is_empty(),
        "no bar:\n{}",
        &bar[bar.len().saturating_sub(2000)..]
    );
    let frame = frames[frames.len() / 2];
    assert!(
        frame.contains("[=") && frame.contains(" MiB/8.00 MiB "),
        "{frame}"
    );
    assert!(
        frame.contains("/s ETA ") && frame.contains(" payloads"),
        "{frame}"
    );
    assert!(bar.contains("payloads in 1 input: "), "the summary follows");

    let counter = on_a_terminal(format!("cat {file} | {bin} validate --jobs 1 --ndjson -"));
    assert!(counter.contains(" read "), "no counts");
    assert!(!counter.contains(" ETA "), "a bar without a total");

    let quiet = on_a_terminal(format!("{bin} validate --jobs 1 -q {file}"));
    assert!(!quiet.contains(" ETA "), "progress with -q:\n{quiet}");
    assert!(quiet.contains("0 failed"), "{quiet}");
}
