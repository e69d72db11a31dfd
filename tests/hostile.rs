//! Hostile schemas (tests/hostile/, see its README) through every tool that
//! reads schemas: each gives a clear error or a safe output, within a
//! timeout, and no file appears outside the output folders.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every tool must be done within this (a debug build, on a busy machine).
const TIMEOUT: Duration = Duration::from_secs(120);

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `program` with `args` in `dir`, killed (and the test failed) past
/// the timeout.
fn run(program: &str, args: &[&str], dir: &Path, stdin: &[u8]) -> Ran {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tool starts");
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        let _ = pipe.write_all(stdin);
    }
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("{program} {args:?} in {} hung", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn clerk_models() -> &'static str {
    env!("CARGO_BIN_EXE_clerk-models")
}

/// The `schemagen` command line, built beside this binary.
fn schemagen() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_clerk-models"));
    let path = exe.with_file_name("schemagen");
    if !path.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "schemagen-cli"])
            .current_dir(ROOT)
            .status()
            .unwrap();
        assert!(status.success(), "schemagen-cli builds");
    }
    path
}

/// A scratch package for `case`: `schema/` holding the case's file (and
/// whatever `setup` adds), `outside.json` beside it, outputs under `out/`
/// and `generated/`.
fn scratch(case: &str, setup: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    let source = Path::new(ROOT).join("tests/hostile");
    std::fs::copy(
        source.join(format!("{case}.json")),
        schema.join(format!("{case}.json")),
    )
    .unwrap();
    std::fs::copy(
        source.join("outside.json.txt"),
        dir.path().join("outside.json"),
    )
    .unwrap();
    setup(dir.path());
    dir
}

/// Every file below `dir` (links listed as such, not followed).
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut work = vec![dir.to_owned()];
    while let Some(at) = work.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                work.push(path.clone());
            }
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
        }
    }
    out.sort();
    out
}

/// What every tool gave on one case.
struct Results {
    docs: Ran,
    generate: Ran,
    validate: Ran,
    schemagen: Ran,
    code: String,
    builder: Result<String, String>,
    /// The scratch tree afterwards.
    tree: Vec<String>,
    dir: tempfile::TempDir,
}

fn every_tool(case: &str, setup: impl FnOnce(&Path)) -> Results {
    let dir = scratch(case, setup);
    let d = dir.path();
    let docs = run(
        clerk_models(),
        &["docs", "--schema", "schema", "--out", "out/docs"],
        d,
        b"",
    );
    let generate = run(clerk_models(), &["generate", "--root", "."], d, b"");
    let file = format!("schema/{case}.json");
    let validate = run(
        clerk_models(),
        &["validate", "--schema", &file, "-"],
        d,
        b"{}",
    );
    let schemagen = run(
        schemagen().to_str().unwrap(),
        &["schema", "-o", "out/schemagen.rs"],
        d,
        b"",
    );
    let code = std::fs::read_to_string(d.join("out/schemagen.rs")).unwrap_or_default();
    // The build.rs helper, in a thread of its own, so that a hang fails.
    let (send, receive) = std::sync::mpsc::channel();
    let (schema, out) = (d.join("schema"), d.join("out/build"));
    std::thread::spawn(move || {
        let mut directives = Vec::new();
        let result = schemagen::build::Builder::new()
            .dir(&schema)
            .out_dir(&out)
            .compile_to(&mut directives)
            .map(|generated| std::fs::read_to_string(generated.path).unwrap_or_default())
            .map_err(|e| e.to_string());
        let _ = send.send(result);
    });
    let builder = receive
        .recv_timeout(TIMEOUT)
        .unwrap_or_else(|_| panic!("the build.rs helper hung on {case}"));
    let tree = tree(d);
    Results {
        docs,
        generate,
        validate,
        schemagen,
        code,
        builder,
        tree,
        dir,
    }
}

/// No file but the inputs and what the tools write below their outputs.
fn only_outputs(case: &str, r: &Results, extra: &[&str]) {
    for path in &r.tree {
        let expected = path == "schema"
            || path.starts_with("schema/")
            || path == "outside.json"
            || path == "out"
            || path.starts_with("out/")
            || path == "generated"
            || path.starts_with("generated/")
            || extra.contains(&path.as_str());
        assert!(
            expected,
            "{case}: {path} written outside the outputs: {:?}",
            r.tree
        );
    }
    for path in r.tree.iter().filter(|p| p.starts_with("out/docs/")) {
        let name = path.trim_start_matches("out/docs/");
        assert!(
            !name.contains('/') && name.ends_with(".md"),
            "{case}: a page in a subfolder: {path}"
        );
    }
    assert!(
        !Path::new("/tmp/hostile-EVIL.md").exists(),
        "{case}: a page written to an absolute path"
    );
}

#[test]
fn def_names_become_safe_file_names() {
    for case in ["def-traversal", "def-absolute", "def-subfolder"] {
        let r = every_tool(case, |_| {});
        assert_eq!(r.docs.code, 0, "{case}: {}", r.docs.stderr);
        assert_eq!(r.schemagen.code, 0, "{case}: {}", r.schemagen.stderr);
        assert_eq!(r.validate.code, 0, "{case}: {}", r.validate.stderr);
        assert!(r.builder.is_ok(), "{case}: {:?}", r.builder);
        only_outputs(case, &r, &[]);
        let pages: Vec<&String> = r
            .tree
            .iter()
            .filter(|p| p.starts_with("out/docs/"))
            .collect();
        assert_eq!(
            pages.len(),
            3,
            "{case}: two object pages and the index: {pages:?}"
        );
        drop(r.dir);
    }
}

#[test]
fn names_that_meet_on_one_file_are_an_error_naming_both() {
    let r = every_tool("def-case-collision", |_| {});
    assert_eq!(r.docs.code, 2, "{}", r.docs.stderr);
    assert!(
        r.docs.stderr.contains("\"User\" and \"user\""),
        "{}",
        r.docs.stderr
    );
    assert_eq!(r.generate.code, 2, "{}", r.generate.stderr);
    assert!(
        r.generate.stderr.contains("\"User\" and \"user\""),
        "{}",
        r.generate.stderr
    );
    only_outputs("def-case-collision", &r, &[]);
    let r = every_tool("def-readme", |_| {});
    assert_eq!(r.docs.code, 2, "{}", r.docs.stderr);
    assert!(r.docs.stderr.contains("\"README\""), "{}", r.docs.stderr);
}

/// The doc comments of generated code, each item's as one text (the code
/// laid out by prettyplease first: unformatted output writes `#[doc]`).
fn doc_comments(code: &str) -> Vec<String> {
    let file = syn::parse_file(code).expect("the generated code parses");
    let code = prettyplease::unparse(&file);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        match line.trim_start().strip_prefix("///") {
            Some(text) => {
                let doc = current.get_or_insert_with(String::new);
                doc.push_str(text.strip_prefix(' ').unwrap_or(text));
                doc.push('\n');
            }
            None => out.extend(current.take()),
        }
    }
    out.extend(current);
    out
}

#[test]
fn descriptions_never_become_doctests() {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let r = every_tool("doc-fences", |_| {});
    assert_eq!(r.schemagen.code, 0, "{}", r.schemagen.stderr);
    let built = r.builder.as_ref().expect("the helper generates");
    for code in [&r.code, built] {
        let docs = doc_comments(code);
        let mut blocks = 0;
        for doc in &docs {
            // What rustdoc reads (it parses with pulldown-cmark too).
            for event in Parser::new(doc) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                        blocks += 1;
                        assert_eq!(info.split_whitespace().next(), Some("text"), "{doc}");
                    }
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                        panic!("an indented code block is a doctest: {doc}")
                    }
                    _ => {}
                }
            }
        }
        // Each hostile block is still shown, as text.
        assert!(blocks >= 7, "{blocks} blocks in {docs:#?}");
        for n in 1..=7 {
            assert!(
                code.contains(&format!("HOSTILE-{n}")),
                "HOSTILE-{n} kept as text"
            );
        }
    }
    only_outputs("doc-fences", &r, &[]);
}

#[test]
fn invisible_characters_are_spelled_out() {
    let r = every_tool("doc-bidi", |_| {});
    assert_eq!(r.schemagen.code, 0, "{}", r.schemagen.stderr);
    for text in [&r.code, r.builder.as_ref().unwrap()] {
        for c in ['\u{202e}', '\u{202c}', '\u{200b}', '\u{2066}'] {
            assert!(!text.contains(c), "{c:?} in the generated code");
        }
        assert!(text.contains("\\u{202e}"), "spelled as an escape");
    }
    let page = std::fs::read_to_string(r.dir.path().join("out/docs/Thing.md")).unwrap();
    assert!(!page.contains('\u{202e}'), "{page}");
}

#[test]
fn html_in_descriptions_is_escaped_in_every_page() {
    let r = every_tool("doc-html", |_| {});
    assert_eq!(r.docs.code, 0, "{}", r.docs.stderr);
    let docs = r.dir.path().join("out/docs");
    for page in std::fs::read_dir(&docs).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        for html in ["<script>", "<img"] {
            assert!(!text.contains(html), "{html} in a page:\n{text}");
        }
    }
    for text in [&r.code, r.builder.as_ref().unwrap()] {
        assert!(!text.contains("<script>"), "HTML in a doc comment");
    }
}

/// A reference that leaves the folder, or reaches a special file: every
/// tool refuses it, in time, naming why.
fn refused(case: &str, why: &[&str], setup: impl FnOnce(&Path)) {
    let r = every_tool(case, setup);
    for (tool, ran) in [
        ("docs", &r.docs),
        ("generate", &r.generate),
        ("validate", &r.validate),
        ("schemagen", &r.schemagen),
    ] {
        assert_ne!(ran.code, 0, "{case}, {tool}: {}", ran.stdout);
        assert!(
            why.iter().any(|w| ran.stderr.contains(w)),
            "{case}, {tool}: {}",
            ran.stderr
        );
    }
    let error = r.builder.as_ref().expect_err("the helper refuses it");
    assert!(
        why.iter().any(|w| error.contains(w)),
        "{case}, build.rs helper: {error}"
    );
    only_outputs(case, &r, &[]);
}

#[test]
fn links_out_of_the_schema_folder_are_not_followed() {
    refused("ref-symlink", &["leads outside"], |d| {
        std::os::unix::fs::symlink(d.join("outside.json"), d.join("schema/link.json")).unwrap();
    });
    refused("ref-symlinked-folder", &["leads outside"], |d| {
        std::os::unix::fs::symlink(d, d.join("schema/up")).unwrap();
    });
}

#[test]
fn special_files_are_not_read() {
    // A link out of the folder, to a device: refused as either.
    refused(
        "ref-dev-zero",
        &["leads outside", "not a regular file"],
        |d| {
            std::os::unix::fs::symlink("/dev/zero", d.join("schema/zero.json")).unwrap();
        },
    );
    refused("ref-fifo", &["not a regular file"], |d| {
        let status = Command::new("mkfifo")
            .arg(d.join("schema/pipe.json"))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    });
}

#[test]
fn docs_never_write_through_a_link() {
    let dir = scratch("def-traversal", |d| {
        std::fs::create_dir_all(d.join("out/docs")).unwrap();
        std::fs::write(d.join("precious.txt"), b"keep").unwrap();
        std::os::unix::fs::symlink(d.join("precious.txt"), d.join("out/docs/Thing.md")).unwrap();
    });
    let d = dir.path();
    let docs = run(
        clerk_models(),
        &["docs", "--schema", "schema", "--out", "out/docs"],
        d,
        b"",
    );
    assert_eq!(docs.code, 2, "{}", docs.stderr);
    assert!(docs.stderr.contains("symbolic link"), "{}", docs.stderr);
    assert_eq!(std::fs::read(d.join("precious.txt")).unwrap(), b"keep");
}

#[test]
fn work_stays_in_proportion() {
    // Seven levels of ten-way unions: a page of bounded size.
    let r = every_tool("work-fanout", |_| {});
    assert_eq!(r.docs.code, 0, "{}", r.docs.stderr);
    let page = std::fs::metadata(r.dir.path().join("out/docs/Thing.md")).unwrap();
    assert!(page.len() < 16 << 10, "{} bytes", page.len());
    // Past the limits, an error naming each, before any work on them.
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<String> = (0..1_000_000).map(|i| format!("\"v{i}\"")).collect();
    std::fs::write(
        dir.path().join("enum.json"),
        format!(
            "{{\"$defs\": {{\"Big\": {{\"enum\": [{}]}}}}}}",
            values.join(",")
        ),
    )
    .unwrap();
    let properties: Vec<String> = (0..150_000).map(|i| format!("\"p{i}\": {{}}")).collect();
    std::fs::write(
        dir.path().join("wide.json"),
        format!(
            "{{\"$defs\": {{\"Wide\": {{\"properties\": {{{}}}}}}}}}",
            properties.join(",")
        ),
    )
    .unwrap();
    for (file, limit) in [
        ("enum.json", "max_enum_values"),
        ("wide.json", "max_fields"),
    ] {
        let ran = run(schemagen().to_str().unwrap(), &[file], dir.path(), b"");
        assert_eq!(ran.code, 1, "{file}: {}", ran.stderr);
        assert!(ran.stderr.contains(limit), "{file}: {}", ran.stderr);
    }
}

#[test]
fn validation_work_is_bounded() {
    // 2^28 checks of one value: refused, before any payload, naming the
    // limit and the definition; the other tools are unaffected.
    let r = every_tool("work-anyof-depth", |_| {});
    assert_eq!(r.validate.code, 2, "{}", r.validate.stderr);
    assert!(
        r.validate.stderr.contains("Limits::max_evaluations")
            && r.validate.stderr.contains("subschemas at one place"),
        "{}",
        r.validate.stderr
    );
    assert_eq!(r.docs.code, 0, "{}", r.docs.stderr);
    assert_eq!(r.schemagen.code, 0, "{}", r.schemagen.stderr);
    assert!(r.builder.is_ok(), "{:?}", r.builder);
    only_outputs("work-anyof-depth", &r, &[]);
}
