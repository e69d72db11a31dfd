//! The validator survives anything thrown at it: every bad payload gets a
//! clear error (with line:column) or a correct verdict, never a panic, a stack
//! overflow, a hang or memory out of proportion. Through the library
//! ([`Judge`]) and, where the path differs (files, stdin, NDJSON, limits),
//! through the `clerk-models validate` binary.
//!
//! The README's "Robustness" section tabulates what each class of input gets;
//! the fuzz targets in `fuzz/` throw random bytes at the same entry points.

use clerk_models::judge::{
    Input, Judge, JudgeError, Limits, Locator, Pass, Verdict, MESSAGE_CHARS,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const CLIENT: &str = "tests/fixtures/clerk/flutter/client-post-empty-null-sign-in.json";

/// The full judgement of `text`, one payload, through the one entry.
fn full_with(judge: &Judge, kind: Option<&str>, text: &str) -> Result<Verdict, JudgeError> {
    full_bytes(judge, kind, text.as_bytes())
}

fn full_bytes(judge: &Judge, kind: Option<&str>, bytes: &[u8]) -> Result<Verdict, JudgeError> {
    let mut judged = judge.judge(bytes, &Input::document().with_kind(kind).full());
    assert_eq!(judged.len(), 1, "one payload");
    judged.remove(0).result
}

/// The kind of `text` when the one entry took the one pass (it conforms
/// and decodes); `None` when the full judgement decided, or could not judge.
fn one_pass_with(
    judge: &Judge,
    kind: Option<&str>,
    text: &str,
) -> Result<Option<&'static str>, JudgeError> {
    let mut judged = judge.judge(text.as_bytes(), &Input::document().with_kind(kind));
    assert_eq!(judged.len(), 1, "one payload");
    match judged.remove(0).result {
        Ok(verdict) => Ok((verdict.pass == Pass::One).then_some(verdict.kind)),
        Err(e @ (JudgeError::TooLarge { .. } | JudgeError::UnknownKind { .. })) => Err(e),
        Err(_) => Ok(None),
    }
}

fn judge() -> &'static Judge {
    static JUDGE: OnceLock<Judge> = OnceLock::new();
    JUDGE.get_or_init(|| Judge::new().expect("the embedded schema loads"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// The recorded `POST /v1/client` envelope (pretty-printed, 15 lines) with
/// `from` replaced by `to` (once).
fn client_with(from: &str, to: &str) -> String {
    let text = read(CLIENT);
    assert!(text.contains(from), "{from:?} is not in the fixture");
    text.replacen(from, to, 1)
}

/// Line and column of the first occurrence of `needle`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("the needle is there");
    let p = Locator::new(text).position(offset);
    (p.line, p.column)
}

/// A verdict a reader can act on: every schema finding and the decoding error
/// have a pointer, a line:column and a short snippet; messages are short; and
/// the schema and the types agree, at the same place.
fn assert_clear(verdict: &Verdict, what: &str) {
    for f in &verdict.findings {
        assert!(f.position.is_some(), "{what}: no position for {f}");
        let snippet = f.snippet.as_deref().unwrap_or_default();
        assert!(snippet.chars().count() <= 81, "{what}: long snippet {f}");
        assert!(f.message.len() <= 400, "{what}: long message {f}");
    }
    if let Some(e) = verdict.decode_error() {
        assert!(e.position.is_some(), "{what}: no position for {e}");
        assert!(
            e.message.chars().count() <= MESSAGE_CHARS + 40,
            "{what}: long message {e}"
        );
    }
    assert_eq!(verdict.disagreement(), None, "{what}:\n{verdict}");
}

// ---------------------------------------------------------------- the binary

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the binary, in KiB, when `/usr/bin/time` is
    /// there to measure it.
    peak_kib: Option<u64>,
    elapsed: Duration,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| s.chars().take(3000).collect::<String>();
        write!(
            f,
            "exit {} in {:?} (peak {:?} KiB)\n--- stdout\n{}--- stderr\n{}",
            self.code,
            self.elapsed,
            self.peak_kib,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

impl Run {
    /// The binary's peak resident memory, in KiB. The memory checks need
    /// `/usr/bin/time` to measure it and fail, saying so, without it: a
    /// bound that is not checked is not skipped in silence.
    fn peak(&self) -> u64 {
        self.peak_kib.unwrap_or_else(|| {
            panic!(
                "the memory checks measure the binary with {TIME} (GNU time: \
                 `apt-get install time`), which is missing or printed no peak:\n{self}"
            )
        })
    }
}

impl Run {
    /// Asserts that the binary's peak memory stayed within 10× the `input`
    /// bytes it judged (`what` they were), and prints the ratio.
    fn within_ten_times(&self, input: usize, what: &str) {
        let ratio = (self.peak() << 10) as f64 / input as f64;
        println!(
            "{what}, {input} bytes: peak {} KiB, {ratio:.1}x the input",
            self.peak()
        );
        assert!(ratio < 10.0, "{what}: {ratio:.1}x the input: {self}");
    }
}

const TIME: &str = "/usr/bin/time";

/// Runs `clerk-models ARGS` (under `/usr/bin/time` when it is there, for the
/// peak memory), feeding `stdin` from another thread (the binary may stop
/// reading early: a broken pipe is expected then).
fn cli(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let bin = env!("CARGO_BIN_EXE_clerk-models");
    let timed = Path::new(TIME).exists();
    let mut cmd = if timed {
        let mut c = Command::new(TIME);
        c.args(["-f", "peak-kib=%M", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn().expect("the binary starts");
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let output = child.wait_with_output().unwrap();
    let elapsed = started.elapsed();
    if let Some(feeder) = feeder {
        feeder.join().unwrap();
    }
    let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut peak_kib = None;
    if timed {
        if let Some(i) = stderr.rfind("peak-kib=") {
            peak_kib = stderr[i + 9..].trim().parse().ok();
            stderr.truncate(i);
        }
    }
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        peak_kib,
        elapsed,
    }
}

/// A fresh folder in the temp dir for one test, removed when dropped (a
/// failed assertion included).
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("clerk-models-robustness-{name}-"))
        .tempdir()
        .unwrap()
}

/// The binary ran to its end (exit 0, 1 or 2: never a crash or a signal).
fn assert_exit(run: &Run, code: i32) {
    assert_eq!(run.code, code, "{run}");
    assert!(!run.stderr.contains("panicked"), "{run}");
}

// ------------------------------------------------------- types, fields, nulls

#[test]
fn wrong_types_missing_fields_and_nulls_are_named_by_both_verdicts() {
    let judge = judge();
    let cases = [
        // (what, from, to, pointer; the error is where `to` starts, or at
        // the `"response"` member when `to` is empty)
        (
            "a string for an int64 timestamp",
            "\"created_at\": 1767225596000",
            "\"created_at\": \"1767225596000\"",
            "/response/created_at",
        ),
        (
            "null for a required string",
            "\"id\": \"CLIENT_ID\"",
            "\"id\": null",
            "/response/id",
        ),
        (
            "an object for an array",
            "\"sessions\": []",
            "\"sessions\": {}",
            "/response/sessions",
        ),
        (
            "a number for a boolean",
            "\"captcha_bypass\": false",
            "\"captcha_bypass\": 0",
            "/response/captcha_bypass",
        ),
        (
            "an array for a nullable object",
            "\"sign_in\": null",
            "\"sign_in\": []",
            "/response/sign_in",
        ),
        (
            "a missing required field",
            "\"id\": \"CLIENT_ID\",",
            "",
            "/response",
        ),
        (
            "a missing required nullable field",
            "\"sign_up\": null,",
            "",
            "/response",
        ),
        (
            "a wrong item in an array",
            "\"sessions\": []",
            "\"sessions\": [null]",
            "/response/sessions/0",
        ),
    ];
    for (what, from, to, pointer) in cases {
        let text = client_with(from, to);
        let verdict = full_with(judge, None, &text).unwrap();
        assert!(
            !verdict.conforms() && !verdict.decodes(),
            "{what}: {verdict}"
        );
        assert_clear(&verdict, what);
        let violation = verdict.violations().next().unwrap();
        assert_eq!(violation.pointer, pointer, "{what}: {verdict}");
        assert_eq!(verdict.decode_error().unwrap().pointer, pointer, "{what}");
        let needle = match to {
            "" => "\"response\"",
            "\"sessions\": [null]" => "null]",
            to => to,
        };
        let p = violation.position.unwrap();
        assert_eq!((p.line, p.column), position_of(&text, needle), "{what}");
    }

    // A payload that is not an object at all, for each JSON type.
    for text in ["null", "[]", "\"client\"", "17", "-0.5", "true"] {
        let verdict = full_with(judge, Some("ClientEnvelope"), text).unwrap();
        assert!(!verdict.conforms() && !verdict.decodes(), "{text}");
        assert_clear(&verdict, text);
        assert_eq!(verdict.findings[0].pointer, "");
        assert_eq!(verdict.findings[0].position.unwrap().to_string(), "1:1");
        assert_eq!(
            one_pass_with(judge, Some("ClientEnvelope"), text).unwrap(),
            None
        );
        assert!(matches!(
            full_with(judge, None, text).unwrap_err(),
            JudgeError::UndetectedKind(_)
        ));
    }
    let verdict = full_with(judge, Some("ClientEnvelope"), "{}").unwrap();
    assert_eq!(
        verdict.violations().next().unwrap().message,
        "\"response\" is a required property"
    );
    assert_eq!(
        verdict.decode_error().unwrap().message,
        "missing field `response`"
    );

    // Through the binary: every error with file:line:column, exit 1.
    let text = client_with("\"id\": \"CLIENT_ID\"", "\"id\": null");
    let run = cli(&["validate", "-"], Some(text.into_bytes()));
    assert_exit(&run, 1);
    assert!(
        run.stdout
            .contains("error[schema] <stdin>:4:5 /response/id: null is not of type \"string\""),
        "{run}"
    );
    assert!(
        run.stdout.contains(
            "error[decode] <stdin>:4:5 /response/id: invalid type: null, expected a string"
        ),
        "{run}"
    );
}

// -------------------------------------------------------------- duplicate keys

/// The one pass claims a payload conforms only when the full judgement
/// says so too.
fn fast_path_agrees(text: &str) {
    if let Ok(Some(kind)) = one_pass_with(judge(), None, text) {
        let verdict = full_with(judge(), Some(kind), text).unwrap();
        assert!(verdict.conforms() && verdict.decodes(), "{verdict}");
        assert_eq!(full_with(judge(), None, text).unwrap().kind, kind);
    }
}

/// A key written twice in one object: the last occurrence wins, for the
/// schema, the types, the one pass and the kind detection alike (as in
/// `serde_json::Value` and JavaScript's `JSON.parse`), and errors point at the
/// last occurrence. Judge, module docs: "Decoding".
#[test]
fn duplicate_keys_the_last_one_wins_everywhere() {
    let judge = judge();
    let first_bad = client_with(
        "\"created_at\": 1767225596000",
        "\"created_at\": \"bad\", \"created_at\": 1767225596000",
    );
    let last_bad = client_with(
        "\"created_at\": 1767225596000",
        "\"created_at\": 1767225596000, \"created_at\": \"bad\"",
    );

    let verdict = full_with(judge, None, &first_bad).unwrap();
    assert!(verdict.conforms() && verdict.decodes() && verdict.round_trips());
    assert_eq!(
        verdict.encoded().unwrap()["response"]["created_at"],
        json!(1767225596000u64)
    );
    // The one pass decodes the text itself and is stricter: it declines.
    assert_eq!(one_pass_with(judge, None, &first_bad).unwrap(), None);
    let strict =
        clerk_models::judge::decode_checked::<clerk_models::models::ClientEnvelope>(&first_bad);
    assert_eq!(
        strict.unwrap_err().to_string(),
        "invalid type: string \"bad\", expected i64 at line 12 column 23"
    );
    let twice = client_with("1767225596000", "1, \"created_at\": 2");
    let strict =
        clerk_models::judge::decode_checked::<clerk_models::models::ClientEnvelope>(&twice);
    assert_eq!(
        strict.unwrap_err().to_string(),
        "duplicate field `created_at` at line 12 column 33"
    );
    let verdict = full_with(judge, None, &twice).unwrap();
    assert!(verdict.conforms() && verdict.round_trips());
    assert_eq!(
        verdict.encoded().unwrap()["response"]["created_at"],
        json!(2)
    );

    let verdict = full_with(judge, None, &last_bad).unwrap();
    assert_clear(&verdict, "last duplicate bad");
    let violations: Vec<_> = verdict.violations().collect();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].pointer, "/response/created_at");
    let at = violations[0].position.unwrap();
    let second = last_bad.rfind("\"created_at\"").unwrap();
    assert_eq!(at.offset, second, "the error points at the last occurrence");
    assert_eq!(
        violations[0].snippet.as_deref(),
        Some("\"created_at\": \"bad\"")
    );
    assert_eq!(one_pass_with(judge, None, &last_bad).unwrap(), None);

    // An unknown property written twice: one drift, the last value kept.
    let text = client_with(
        "\"created_at\": 1767225596000",
        "\"x\": 1, \"created_at\": 1767225596000, \"x\": [2]",
    );
    let verdict = full_with(judge, None, &text).unwrap();
    assert_eq!(verdict.drift().count(), 1);
    assert_eq!(
        verdict.drift().next().unwrap().snippet.as_deref(),
        Some("\"x\": [2]")
    );
    assert_eq!(verdict.encoded().unwrap()["response"]["x"], json!([2]));
    assert_eq!(verdict.drift_matches(), Some(true));

    // The kind comes from the last `object` and the last `response`.
    let text = client_with(
        "\"object\": \"client\"",
        "\"object\": \"session\", \"object\": \"client\"",
    );
    assert_eq!(
        full_with(judge, None, &text).unwrap().kind,
        "ClientEnvelope"
    );
    fast_path_agrees(&text);
    let text = client_with(
        "\"object\": \"client\"",
        "\"object\": \"client\", \"object\": \"session\"",
    );
    assert_eq!(
        full_with(judge, None, &text).unwrap().kind,
        "SessionEnvelope"
    );
    fast_path_agrees(&text);
    let text = r#"{"response": {"object": "x"}, "response": null, "client": null}"#;
    assert!(full_with(judge, None, text).unwrap().conforms());
    fast_path_agrees(text);
    let text = r#"{"response": null, "client": null, "client": 5}"#;
    let verdict = full_with(judge, None, text).unwrap();
    assert_clear(&verdict, "duplicate client");
    assert_eq!(verdict.violations().next().unwrap().pointer, "/client");

    // The binary agrees (it tries the one pass first).
    assert_exit(&cli(&["validate", "-"], Some(first_bad.into_bytes())), 0);
    let run = cli(&["validate", "-"], Some(last_bad.into_bytes()));
    assert_exit(&run, 1);
    assert!(
        run.stdout
            .contains("<stdin>:12:34 /response/created_at: \"bad\" is not of type \"integer\""),
        "{run}"
    );
}

// -------------------------------------------------------------------- numbers

#[test]
fn integers_past_2_53_i64_and_u64_and_numbers_out_of_range() {
    let judge = judge();
    let at = |n: &str| client_with("1767225596000", n);
    // (literal, accepted by both)
    for n in [
        "9007199254740993",    // 2^53 + 1: exact, no float rounding
        "9223372036854775807", // i64::MAX
        "-9223372036854775808",
        "0",
    ] {
        let verdict = full_with(judge, None, &at(n)).unwrap();
        assert!(
            verdict.conforms() && verdict.round_trips(),
            "{n}: {verdict}"
        );
        assert_eq!(
            verdict.encoded().unwrap()["response"]["created_at"].to_string(),
            n,
            "kept exactly"
        );
    }
    // (literal, the schema's message): rejected by both, at the same place.
    for (n, message) in [
        (
            "9223372036854775808", // i64::MAX + 1: a u64
            "9223372036854775808 is not an int64 (an integer literal in range)",
        ),
        (
            "18446744073709551615", // u64::MAX
            "18446744073709551615 is not an int64 (an integer literal in range)",
        ),
        (
            "18446744073709551616", // u64::MAX + 1: serde_json reads a float
            "1.8446744073709552e+19 is not an int64 (an integer literal in range)",
        ),
        (
            "-9223372036854775809",
            "-9.223372036854776e+18 is not an int64 (an integer literal in range)",
        ),
        (
            "1767225596000.0", // an integer to JSON Schema, not to i64
            "1767225596000.0 is not an int64 (an integer literal in range)",
        ),
        (
            "1.767225596e12",
            "1767225596000.0 is not an int64 (an integer literal in range)",
        ),
        (
            "-0", // serde_json reads -0 as the float -0.0
            "-0.0 is not an int64 (an integer literal in range)",
        ),
        (
            // 300 digits: a finite float
            &format!("1{}", "0".repeat(299)),
            "1e+299 is not an int64 (an integer literal in range)",
        ),
    ] {
        let text = at(n);
        let verdict = full_with(judge, None, &text).unwrap();
        assert_clear(&verdict, n);
        let violation = verdict.violations().next().unwrap();
        assert_eq!(violation.pointer, "/response/created_at", "{n}");
        assert_eq!(violation.message, message, "{n}");
        assert_eq!(violation.keyword, "format");
        assert!(!verdict.decodes(), "{n}");
    }
    // Past f64: not JSON this parser can hold, said with line:column.
    for n in ["1e309", "-1e309", &format!("1{}", "0".repeat(400))] {
        let text = at(n);
        let err = full_with(judge, None, &text).unwrap_err();
        // The number starts at 12:19; the parser stops on its last character.
        let expected = JudgeError::Json {
            message: "number out of range".into(),
            line: 12,
            column: 18 + n.len(),
        };
        assert_eq!(err, expected, "{n}");
    }
    // An int32 count past i32::MAX (Organization.members_count).
    let org = json!({"object": "organization", "members_count": 2147483648u64});
    let findings = judge.validate("Organization", &org).unwrap();
    assert!(findings.iter().any(|f| f.pointer == "/members_count"
        && f.message == "2147483648 is not an int32 (an integer literal in range)"));
}

// --------------------------------------------------------------------- strings

#[test]
fn lone_surrogates_control_characters_and_invalid_utf8() {
    let judge = judge();
    let envelope = |s: &str| format!("{{\"errors\": [], \"meta\": {{\"s\": \"{s}\"}}}}");
    // Escaped forms that decode to valid strings are fine.
    for s in [
        "\\ud83d\\ude00",
        "\\u0000",
        "\\u001f",
        "\\\"\\\\\\/\\b\\f\\n\\r\\t",
        "\u{7f}\u{2028}\u{feff}",
    ] {
        let verdict = full_with(judge, None, &envelope(s)).unwrap();
        assert!(
            verdict.conforms() && verdict.round_trips(),
            "{s}: {verdict}"
        );
    }
    // (string body, serde_json's message, column of the error)
    for (s, message, column) in [
        ("\\ud800", "unexpected end of hex escape", 37),
        ("\\ud800x", "unexpected end of hex escape", 37),
        ("\\udc00", "lone leading surrogate in hex escape", 36),
        ("\\ud800\\u0041", "lone leading surrogate in hex escape", 42),
        ("\\ud800\\ud800", "lone leading surrogate in hex escape", 42),
        ("\\u12", "invalid escape", 36),
        ("\\x41", "invalid escape", 32),
        (
            "a\u{0}b",
            "control character (\\u0000-\\u001F) found while parsing a string",
            32,
        ),
        (
            "\u{1}",
            "control character (\\u0000-\\u001F) found while parsing a string",
            31,
        ),
        (
            "tab\there",
            "control character (\\u0000-\\u001F) found while parsing a string",
            34,
        ),
        (
            "line\nbreak",
            "control character (\\u0000-\\u001F) found while parsing a string",
            35, // the line break itself, at the end of line 1
        ),
        ("unterminated", "EOF while parsing a string", 42),
    ] {
        let mut text = envelope(s);
        if s == "unterminated" {
            text.truncate(text.len() - 3);
        }
        let err = full_with(judge, None, &text).unwrap_err();
        let JudgeError::Json {
            message: m,
            column: c,
            ..
        } = &err
        else {
            panic!("{s:?}: {err}");
        };
        assert_eq!((m.as_str(), *c), (message, column), "{s:?}: {err}");
        // The same in a key (an unterminated key is just a key here).
        let key = format!("{{\"errors\": [], \"{s}\": 1}}");
        assert!(
            s == "unterminated"
                || matches!(full_with(judge, None, &key), Err(JudgeError::Json { .. })),
            "{s:?} in a key"
        );
    }

    // Bytes that are not UTF-8: the first bad byte, by line:column.
    for (bytes, line, column) in [
        (&b"{\"errors\": [], \"meta\": \"\xff\"}"[..], 1, 25),
        (b"{\"errors\": [],\n \"\xc0\x80\": 1}", 2, 3), // overlong NUL
        (b"{\"errors\": [], \"s\": \"\xed\xa0\x80\"}", 1, 22), // UTF-8 of a surrogate
        (b"{\"errors\": [], \"s\": \"\xe2\x82", 1, 22), // cut short
        (b"\xfe\xff\x00{", 1, 1),                       // a UTF-16 byte order mark
    ] {
        for kind in ["ErrorEnvelope", "ClientEnvelope", "User"] {
            let err = full_bytes(judge, Some(kind), bytes).unwrap_err();
            assert!(
                matches!(err, JudgeError::NotUtf8 { position } if (position.line, position.column) == (line, column)),
                "{bytes:?}: {err}"
            );
        }
    }
    // A UTF-8 byte order mark is not JSON to serde_json: said at 1:1.
    assert_eq!(
        full_with(judge, None, "\u{feff}{\"errors\": []}")
            .unwrap_err()
            .to_string(),
        "input is not JSON: expected value at 1:1"
    );

    // The binary names the file, the line and the column.
    let scratch_dir = scratch("utf8");
    let dir = scratch_dir.path();
    let file = dir.join("latin1.json");
    std::fs::write(&file, b"{\"errors\": [],\n  \"meta\": \"caf\xe9\"}").unwrap();
    let run = cli(&["validate", file.to_str().unwrap()], None);
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(&format!(
            "error[parse] {}:2:15: not UTF-8 text: the first invalid byte is here",
            file.display()
        )),
        "{run}"
    );
    let ndjson = dir.join("mixed.ndjson");
    std::fs::write(
        &ndjson,
        b"{\"errors\": []}\n{\"errors\": [], \"s\": \"\xff\"}\n{\"errors\": [], \"s\": \"\\ud800\"}\n{\"errors\": []}\n",
    )
    .unwrap();
    let run = cli(&["validate", ndjson.to_str().unwrap()], None);
    assert_exit(&run, 1);
    let f = ndjson.display();
    assert!(
        run.stdout.contains(&format!("{f}:2:22: not UTF-8 text")),
        "{run}"
    );
    assert!(
        run.stdout
            .contains(&format!("{f}:3:28: not JSON: unexpected end of hex escape")),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("4 payloads in 1 input: 2 ok, 0 drift, 2 failed"),
        "{run}"
    );
}

// --------------------------------------------------------------------- nesting

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// 127 levels judge; 128, 129 and 100,000 are refused before parsing, with
/// the place of the first level too deep; nothing recurses on the way (this
/// runs on a test thread's 2 MiB stack, in a debug build).
#[test]
fn nesting_127_128_129_and_100_000_deep() {
    let judge = judge();
    // 127 levels in an open object: the whole document is judged and kept.
    let inner = 127 - 2;
    let text = format!("{{\"errors\": [], \"meta\": {{\"x\": {}}}}}", nested(inner));
    let verdict = full_with(judge, None, &text).unwrap();
    assert!(verdict.conforms() && verdict.round_trips());
    // 127 levels where the schema wants something else: both reject, at 1:1.
    let verdict = full_with(judge, Some("ClientEnvelope"), &nested(127)).unwrap();
    assert_clear(&verdict, "127 deep");
    for depth in [128, 129, 1000, 100_000] {
        for text in [
            nested(depth),
            "{\"a\": ".repeat(depth) + &"}".repeat(depth),
            "[".repeat(depth), // never closed
            format!(
                "{{\"errors\": [], \"meta\": {}}}",
                "[{\"k\": ".repeat(depth / 2 + 1)
            ),
        ] {
            for kind in [None, Some("ClientEnvelope")] {
                let err = full_with(judge, kind, &text).unwrap_err();
                let JudgeError::TooDeep { limit, position } = err else {
                    panic!("{depth}: {err}");
                };
                assert_eq!(limit, 127);
                assert_eq!(position.line, 1);
                // The place is the first bracket 128 levels deep: 127 are
                // open before it (no string here holds a bracket).
                assert!(matches!(text.as_bytes()[position.offset], b'[' | b'{'));
                let open =
                    text.as_bytes()[..position.offset]
                        .iter()
                        .fold(0i64, |depth, b| match b {
                            b'[' | b'{' => depth + 1,
                            b']' | b'}' => depth - 1,
                            _ => depth,
                        });
                assert_eq!(open, 127, "{depth}: at {position:?}");
                assert_eq!(position.column, position.offset + 1);
            }
            assert_eq!(one_pass_with(judge, None, &text).ok().flatten(), None);
        }
    }
    assert_eq!(
        full_with(judge, None, &nested(129))
            .unwrap_err()
            .to_string(),
        "input nests arrays/objects deeper than 127 levels (at 1:128); \
         serde_json's parser has a recursion limit of 128"
    );
    // Brackets inside strings do not count; closing brackets alone are not JSON.
    let text = format!(
        "{{\"errors\": [], \"meta\": {{\"s\": \"{}\"}}}}",
        "[".repeat(100_000)
    );
    assert!(full_with(judge, None, &text).unwrap().conforms());
    assert!(matches!(
        full_with(judge, None, &"]".repeat(100_000)),
        Err(JudgeError::Json {
            line: 1,
            column: 1,
            ..
        })
    ));
    // A lower limit, set by the user.
    let shallow = Judge::with_limits(Limits {
        max_depth: 3,
        ..Limits::default()
    })
    .unwrap();
    assert!(matches!(
        full_with(&shallow, None, "{\"errors\": [[[]]]}"),
        Err(JudgeError::TooDeep { limit: 3, position }) if position.column == 14
    ));
    assert_eq!(
        one_pass_with(&shallow, None, "{\"errors\": [[[]]]}").unwrap(),
        None,
        "the one pass leaves it to the full judgement"
    );
    assert!(Judge::with_limits(Limits {
        max_depth: 128,
        ..Limits::default()
    })
    .is_err());

    // The binary: a file, an NDJSON stream and stdin, 100,000 deep.
    let scratch_dir = scratch("deep");
    let dir = scratch_dir.path();
    let file = dir.join("deep.json");
    std::fs::write(&file, nested(100_000)).unwrap();
    let run = cli(&["validate", file.to_str().unwrap()], None);
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(&format!(
            "error[parse] {}:1:128: arrays and objects nest deeper than 127 levels here (--max-depth)",
            file.display()
        )),
        "{run}"
    );
    let lines = dir.join("deep.ndjson");
    std::fs::write(
        &lines,
        format!(
            "{{\"errors\": []}}\n{}\n{{\"errors\": []}}\n",
            nested(100_000)
        ),
    )
    .unwrap();
    let run = cli(&["validate", lines.to_str().unwrap()], None);
    assert_exit(&run, 1);
    assert!(
        run.stdout
            .contains("deep.ndjson:2:128: arrays and objects nest deeper"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("3 payloads in 1 input: 2 ok, 0 drift, 1 failed"),
        "{run}"
    );
    let run = cli(
        &["validate", "--max-depth", "2", "-"],
        Some(b"{\"errors\": [{}]}".to_vec()),
    );
    assert_exit(&run, 1);
    assert!(
        run.stdout
            .contains("<stdin>:1:13: arrays and objects nest deeper than 2 levels"),
        "{run}"
    );
    let run = cli(
        &["validate", "--max-depth", "128", "-"],
        Some(b"{}".to_vec()),
    );
    assert_exit(&run, 2);
    assert!(run.stderr.contains("128 is not in 1..=127"), "{run}");
}

// ----------------------------------------------------------------------- sizes

/// A 100 MB file is refused by its size before it is read (the file is
/// sparse: reading it would give "not JSON", not a size error), in bounded
/// memory; a 100 MB NDJSON line is skipped without being kept; 100 MB on
/// stdin is read no further than the limit. All three are the same outcome:
/// a payload that fails (exit 1).
#[test]
fn a_100_mb_input_is_refused_before_it_is_read() {
    const SIZE: u64 = 100 << 20;
    let scratch_dir = scratch("size");
    let dir = scratch_dir.path();
    let big = dir.join("big.json");
    std::fs::File::create(&big).unwrap().set_len(SIZE).unwrap();
    let run = cli(&["validate", big.to_str().unwrap()], None);
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(&format!(
            "error[parse] {}:1:1: 104857600 bytes is over the --max-bytes limit of 8388608 bytes \
             (for a stream of payloads, one a line, use --ndjson or a .ndjson/.jsonl name)",
            big.display()
        )),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("1 payload in 1 input: 0 ok, 0 drift, 1 failed"),
        "{run}"
    );
    // Not read: in bounded memory (reading it would take 100 MiB).
    assert!(run.peak() < 64 << 10, "{run}");
    let run = cli(
        &["validate", "--max-bytes", "1K", big.to_str().unwrap()],
        None,
    );
    assert!(
        run.stdout
            .contains("over the --max-bytes limit of 1024 bytes"),
        "{run}"
    );

    // As NDJSON: one 100 MB line, read through in bounded memory, refused.
    let lines = dir.join("big.ndjson");
    {
        let mut f = std::fs::File::create(&lines).unwrap();
        f.write_all(b"{\"errors\": []}\n").unwrap();
        f.write_all(&vec![b' '; SIZE as usize]).unwrap();
        f.write_all(b"\n{\"errors\": []}\n").unwrap();
    }
    let run = cli(&["validate", lines.to_str().unwrap()], None);
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(&format!(
            "error[parse] {}:2:1: 104857600 bytes is over the --max-bytes limit of 8388608 bytes",
            lines.display()
        )),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("3 payloads in 1 input: 2 ok, 0 drift, 1 failed"),
        "{run}"
    );
    assert!(run.peak() < 64 << 10, "{run}");

    // Stdin: 100 MB offered, at most 1 KiB + 1 byte read.
    let mut stream = b"{\"errors\": []}".to_vec();
    stream.resize(SIZE as usize, b' ');
    let run = cli(&["validate", "--max-bytes", "1K", "-"], Some(stream));
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(
            "FAIL  <stdin>: too large\n  error[parse] <stdin>:1:1: more than the --max-bytes \
             limit of 1024 bytes (for a stream of payloads, one a line, use --ndjson)"
        ),
        "{run}"
    );
    assert!(run.peak() < 64 << 10, "{run}");

    // The library: the size is checked before anything else.
    let judge = Judge::with_limits(Limits {
        max_bytes: 1 << 10,
        ..Limits::default()
    })
    .unwrap();
    let text = " ".repeat(1025);
    let too_large = JudgeError::TooLarge {
        size: 1025,
        limit: 1024,
    };
    assert_eq!(full_with(&judge, None, &text).unwrap_err(), too_large);
    assert_eq!(
        full_bytes(&judge, Some("User"), text.as_bytes()).unwrap_err(),
        too_large
    );
    assert_eq!(one_pass_with(&judge, None, &text).unwrap_err(), too_large);
    assert_eq!(
        too_large.to_string(),
        "input is 1025 bytes, more than the limit of 1024 bytes"
    );
}

/// A single 50 MB string: refused at the default limit, judged correctly
/// under a higher one, and the messages quote it in a few dozen characters.
#[test]
fn a_50_mb_string() {
    let s = "x".repeat(50 << 20);
    let open = format!("{{\"errors\": [], \"meta\": {{\"s\": \"{s}\"}}}}");
    assert!(matches!(
        full_with(judge(), None, &open),
        Err(JudgeError::TooLarge { limit: 8388608, .. })
    ));
    let judge = Judge::with_limits(Limits {
        max_bytes: 64 << 20,
        ..Limits::default()
    })
    .unwrap();
    assert_eq!(
        one_pass_with(&judge, None, &open).unwrap(),
        Some("ErrorEnvelope")
    );
    let verdict = full_with(&judge, None, &open).unwrap();
    assert!(verdict.conforms() && verdict.round_trips());
    drop(verdict);
    drop(open);

    // Where a timestamp should be (8 MB here: the debug build is slow; the
    // README has the release figures for 50 MB).
    let s = &s[..8 << 20];
    let text = client_with("1767225596000", &format!("\"{s}\""));
    let verdict = full_with(&judge, None, &text).unwrap();
    assert_clear(&verdict, "8 MB string");
    let violation = verdict.violations().next().unwrap();
    assert_eq!(
        violation.message,
        format!("\"{}…\" is not of type \"integer\"", "x".repeat(52))
    );
    let decode = verdict.decode_error().unwrap();
    assert!(
        decode.message.starts_with("invalid type: string \"xxxx")
            && decode.message.contains("characters cut")
            && decode.message.ends_with("xxx\", expected i64"),
        "{}",
        decode.message
    );
}

// ------------------------------------------------------------- many errors

/// How much longer `work(n × factor)` takes than `work(n)`, each timed at
/// its fastest of three runs (so a burst of load on a shared machine, which
/// slows some runs, does not count): about `factor` for linear work, and
/// `factor²` for quadratic. A ratio of the same machine's times, in the same
/// test, not a wall-clock bound that a slower or busier machine breaks.
fn growth(work: &dyn Fn(usize), n: usize, factor: usize) -> f64 {
    let fastest = |size: usize| {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                work(size);
                started.elapsed()
            })
            .min()
            .expect("three runs")
    };
    let (small, large) = (fastest(n), fastest(n * factor));
    large.as_secs_f64() / small.as_secs_f64().max(1e-6)
}

/// A payload that is nearly all errors: 4,000,000 sessions that are not
/// objects (8 MB). Parsed whole it would take some 300 MB as a tree, so
/// the array is judged on its first items (a finding says so, and where);
/// the validators keep what the judge reports (four times
/// `--max-findings`, at least 1,000) and count the rest; the judge reports
/// `--max-findings` and says how many it cut. The whole process, this
/// debug binary's own 30 MB included, stays within 10× the input:
/// BENCHMARKS.md, "A payload that is nearly all errors".
#[test]
fn four_million_wrong_items_are_judged_with_the_findings_cut() {
    const ITEMS: usize = 4_000_000;
    let scratch_dir = scratch("wrong-items");
    let file = scratch_dir.path().join("wrong.json");
    let mut text = String::from(
        "{\"response\":null,\"client\":{\"object\":\"client\",\"id\":\"c\",\"sessions\":[",
    );
    text.push_str(&"1,".repeat(ITEMS - 1));
    text.push_str(
        "1],\"sign_in\":null,\"sign_up\":null,\"last_active_session_id\":null,\
         \"last_authentication_strategy\":null,\"cookie_expires_at\":null,\
         \"captcha_bypass\":false,\"created_at\":1,\"updated_at\":1}}",
    );
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let run = cli(
        &[
            "--format",
            "json",
            "validate",
            "--type",
            "ClientEnvelope",
            "--max-findings",
            "100",
            path,
        ],
        None,
    );
    assert_exit(&run, 1);
    let report: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let errors = report["errors"].as_array().unwrap();
    let schema: Vec<&Value> = errors.iter().filter(|e| e["source"] == "schema").collect();
    let limits: Vec<&str> = schema
        .iter()
        .filter(|e| e["keyword"] == "limit")
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    // 100 findings, the validators' note, the findings cut, the array cut.
    assert_eq!(schema.len(), 103, "{run}");
    let cap = 262_144;
    assert!(
        limits.iter().any(|m| m.contains(&format!(
            "judged on the first {cap} items of each longer array only: \
             /client/sessions (4000000 items)"
        ))),
        "{limits:?}"
    );
    let array = schema.iter().find(|e| e["pointer"] == "/client/sessions");
    assert_eq!(array.map(|e| &e["keyword"]), Some(&json!("limit")));
    assert_eq!(array.map(|e| &e["column"]), Some(&json!(55)));
    // Of the items kept, each is an error (and `anyOf` says client is
    // neither a Client nor null): the validators kept 1,000.
    assert!(
        limits.iter().any(|m| m.contains(&format!(
            "{} more errors were found and not kept (the validators keep 1000)",
            cap + 2 - 1_000
        ))),
        "{limits:?}"
    );
    assert!(
        limits.iter().any(|m| m.contains(
            "900 more findings were cut: at most 100 are reported per payload (--max-findings)"
        )),
        "{limits:?}"
    );
    assert!(
        run.stdout.len() < 64 << 10,
        "{} bytes of report",
        run.stdout.len()
    );
    run.within_ten_times(text.len(), &format!("{ITEMS} wrong items"));
}

/// A document of half a million values (8 MiB, `{"errors": []}` over and
/// over, then one that fails): each verdict is rendered as it is made, never
/// held in a list with the others (as it was, at some 440 bytes a value:
/// 30 times the input). The whole process, this debug binary's own 30 MB
/// included, stays within 10× the input.
#[test]
fn half_a_million_values_in_one_file_are_judged_one_at_a_time() {
    const VALUES: usize = (8 << 20) / 15 - 1;
    let scratch_dir = scratch("half-a-million");
    let file = scratch_dir.path().join("values.json");
    let text = "{\"errors\": []}\n".repeat(VALUES) + "{\"errors\": 1}";
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let run = cli(
        &["validate", "--quiet", "--type", "ErrorEnvelope", path],
        None,
    );
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains(&format!(
            "error[schema] {path}:{}:2 /errors: 1 is not of type \"array\"",
            VALUES + 1
        )),
        "{run}"
    );
    assert!(
        run.stdout.contains(&format!(
            "{} payloads in 1 input: {VALUES} ok, 0 drift, 1 failed",
            VALUES + 1
        )),
        "{run}"
    );
    run.within_ten_times(text.len(), &format!("{VALUES} values"));
}

/// An object of 600,000 unknown properties (7 MB): more values than any
/// tree within the bound holds, so it is refused as too many values, and
/// the one pass does not decode it first (its `extra` maps held them all,
/// 21 times the input). With `--max-tree-ratio 2` the bound is its floor,
/// 16 MiB, so that this debug binary's own 30 MB leave the measure room:
/// the process stays within 10× the input (about 7.5×; 24× before).
#[test]
fn six_hundred_thousand_unknown_properties_are_refused_within_the_bound() {
    const KEYS: usize = 600_000;
    let scratch_dir = scratch("unknown-keys");
    let file = scratch_dir.path().join("keys.json");
    let keys: Vec<String> = (0..KEYS).map(|i| format!("\"k{i}\":1")).collect();
    let text = format!(
        "{{\"errors\": [{{{}, \"message\": \"m\", \"long_message\": \"l\", \"code\": \"c\"}}]}}",
        keys.join(",")
    );
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let run = cli(
        &["validate", "--quiet", "--max-tree-ratio", "2", path],
        None,
    );
    assert_exit(&run, 1);
    assert!(
        run.stdout.contains("holds too many values to judge"),
        "{run}"
    );
    run.within_ten_times(text.len(), &format!("{KEYS} unknown properties"));
}

/// Errors are placed in the text in one pass per container: judging eight
/// times as many errors takes about eight times as long, not sixty-four (it
/// took minutes for 40,000 when each error was looked for from the start of
/// the text).
#[test]
fn many_errors_in_one_payload_cost_linear_time() {
    // Every finding reported, whatever their number.
    let uncapped = Judge::with_limits(Limits {
        max_findings: usize::MAX,
        ..Limits::default()
    })
    .unwrap();
    let judge = &uncapped;
    let wrong_items = |n: usize| {
        let text = format!("{{\"errors\": [{}1]}}", "1,".repeat(n));
        let verdict = full_with(judge, None, &text).unwrap();
        assert_eq!(verdict.findings.len(), n + 1);
        let last = verdict.findings.last().unwrap();
        assert_eq!(last.pointer, format!("/errors/{n}"));
        assert_eq!(last.position.unwrap().column, text.len() - 2);
    };
    let unknown_keys = |n: usize| {
        let keys: String = (0..n).map(|i| format!("\"k{i}\": {i},")).collect();
        let text = format!(
            "{{\"errors\": [{{{keys} \"message\": \"m\", \"long_message\": \"l\", \"code\": \"c\"}}]}}"
        );
        let verdict = full_with(judge, None, &text).unwrap();
        assert_eq!(verdict.drift().count(), n);
        assert_eq!(verdict.drift_matches(), Some(true));
        let f = verdict.findings.last().unwrap();
        assert_eq!(
            f.snippet.as_deref(),
            Some(&*format!("\"k{}\": {}", n - 1, n - 1))
        );
    };
    for (what, work) in [
        ("wrong items", &wrong_items as &dyn Fn(usize)),
        ("unknown properties", &unknown_keys),
    ] {
        let ratio = growth(work, 5_000, 8);
        println!("{what}: 8 times as many took {ratio:.1} times as long");
        assert!(
            ratio < 32.0,
            "8 times the {what} took {ratio:.1} times as long"
        );
    }

    // The binary: many values in one file, each one judged and placed.
    let scratch_dir = scratch("values");
    let dir = scratch_dir.path();
    let values = |count: usize| {
        let file = dir.join(format!("values-{count}.json"));
        std::fs::write(
            &file,
            "{\"errors\": []}\n".repeat(count) + "{\"errors\": 1}",
        )
        .unwrap();
        let run = cli(
            &[
                "validate",
                "--quiet",
                "--type",
                "ErrorEnvelope",
                file.to_str().unwrap(),
            ],
            None,
        );
        assert_exit(&run, 1);
        assert!(
            run.stdout.contains(&format!(
                "error[schema] {}:{}:2 /errors: 1 is not of type \"array\"",
                file.display(),
                count + 1
            )),
            "{run}"
        );
        assert!(
            run.stdout.contains(&format!(
                "{} payloads in 1 input: {count} ok, 0 drift, 1 failed",
                count + 1
            )),
            "{run}"
        );
    };
    let ratio = growth(&values, 12_500, 8);
    println!("values: 8 times as many took {ratio:.1} times as long");
    assert!(
        ratio < 32.0,
        "8 times the values took {ratio:.1} times as long"
    );
}

/// The measure tells the two apart: work that grows with the square of its
/// size grows past the bound, linear work stays well under it.
#[test]
fn growth_tells_quadratic_work_from_linear() {
    let quadratic = |n: usize| {
        let mut sum = 0u64;
        for i in 0..n {
            for j in 0..n {
                sum = std::hint::black_box(sum.wrapping_add((i ^ j) as u64));
            }
        }
    };
    let linear = |n: usize| {
        let mut sum = 0u64;
        for i in 0..n * 400 {
            sum = std::hint::black_box(sum.wrapping_add(i as u64));
        }
    };
    let (q, l) = (growth(&quadratic, 400, 8), growth(&linear, 400, 8));
    println!("quadratic: {q:.1}, linear: {l:.1}");
    assert!(q > 32.0 && l < 32.0, "quadratic {q:.1}, linear {l:.1}");
}

// ---------------------------------------------------------------- no network

/// A payload cannot make the judge fetch anything: the judge's schemas are
/// the embedded files, registered under a `.invalid` host, with the
/// `jsonschema` crate built without its HTTP and file retrievers and
/// `.offline()`; a payload is only ever an instance, so `$ref`, `$id` and
/// `$schema` in it are data. (The schema side: `judge::tests::
/// remote_refs_in_a_schema_fail_without_io`, and the same options here.)
#[test]
fn a_payload_naming_remote_refs_fetches_nothing() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/schema.json", listener.local_addr().unwrap());
    let hostile = json!({
        "$schema": url, "$id": url, "$ref": url, "$dynamicRef": url,
        "errors": [{"$ref": "file:///etc/passwd", "message": "m", "long_message": "l",
                    "code": "c", "meta": {"$ref": "https://127.0.0.1:9/"}}],
        "meta": {"$ref": "http://127.0.0.1:9/", "$schema": "file:///etc/hostname"}
    });
    let text = serde_json::to_string_pretty(&hostile).unwrap();
    let started = Instant::now();
    let verdict = full_with(judge(), None, &text).unwrap();
    // Milliseconds, measured: a bound hundreds of times that, which only a
    // wait on the network would reach.
    assert!(started.elapsed() < Duration::from_secs(5));
    let drift: Vec<_> = verdict.drift().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        drift,
        [
            "/$schema",
            "/$id",
            "/$ref",
            "/$dynamicRef",
            "/errors/0/$ref"
        ],
        "{verdict}"
    );
    assert!(verdict.decodes() && verdict.round_trips());
    let run = cli(&["validate", "-"], Some(text.into_bytes()));
    assert_exit(&run, 0);

    // A schema naming remote references, compiled as the judge compiles:
    // a prompt error each, naming the reference, and nothing read.
    let scratch_dir = scratch("remote");
    let dir = scratch_dir.path();
    let local = dir.join("schema.json");
    std::fs::write(&local, r#"{"type": "object"}"#).unwrap();
    for reference in [
        url.clone(),
        url.replace("http:", "https:"),
        format!("file://{}", local.display()),
        "http://127.0.0.1:9/".to_owned(),
    ] {
        let started = Instant::now();
        let error = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .offline()
            .build(&json!({"$ref": reference}))
            .unwrap_err()
            .to_string();
        assert!(started.elapsed() < Duration::from_secs(5), "{reference}");
        assert!(
            error.contains(&reference)
                && (error.contains("Retrieval is disabled") || error.contains("does not fetch")),
            "{reference}: {error}"
        );
    }
    assert_eq!(
        listener.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock,
        "something connected"
    );
}

// ------------------------------------------------------------------- random

/// Bytes that are a recorded payload, cut, flipped, spliced or duplicated.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let fixtures: Vec<Vec<u8>> = [
        CLIENT,
        "tests/fixtures/clerk/flutter/user-get-me.json",
        "tests/fixtures/clerk/flutter/sign-in-create-needs-first-factor.json",
        "tests/fixtures/clerk/android/envelope-sign-up-complete-no-client-key.json",
        "tests/fixtures/clerk/flutter/user-delete-me-deleted-object.json",
    ]
    .iter()
    .map(|p| read(p).into_bytes())
    .collect();
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (0u8, i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (1u8, i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (2u8, i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (3u8, i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (4u8, i, b)),
    ];
    (
        prop::sample::select(fixtures),
        prop::collection::vec(edit, 1..6),
    )
        .prop_map(|(mut bytes, edits)| {
            const TOKENS: [&[u8]; 10] = [
                b"null",
                b"\"x\"",
                b"[",
                b"{",
                b"}",
                b"]",
                b",",
                b"1e999",
                b"\"\\ud800\"",
                b"-0",
            ];
            for (op, at, byte) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => bytes.truncate(i),
                    2 => {
                        let t = TOKENS[usize::from(byte) % TOKENS.len()];
                        bytes.splice(i..i, t.iter().copied());
                    }
                    3 => {
                        // Duplicate a stretch (keys and values included).
                        let end = (i + usize::from(byte)).min(bytes.len());
                        let copy = bytes[i..end].to_vec();
                        bytes.splice(i..i, copy);
                    }
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            bytes
        })
}

fn judge_everything(bytes: &[u8]) -> Result<(), TestCaseError> {
    let judge = judge();
    let mut results = Vec::new();
    let all = |kind: Option<&str>, input: Input| {
        judge
            .judge(bytes, &input.with_kind(kind))
            .into_iter()
            .map(|j| j.result)
            .collect::<Vec<_>>()
    };
    for kind in ["ClientEnvelope", "UserEnvelope", "SignIn", "ErrorEnvelope"] {
        results.extend(all(Some(kind), Input::document().full()));
    }
    results.extend(all(None, Input::document().full()));
    // The quick check alone may only vouch for what the full judgement
    // confirms.
    if let Ok(text) = std::str::from_utf8(bytes) {
        for kind in ["ClientEnvelope", "UserEnvelope", "SignIn", "ErrorEnvelope"] {
            if judge.vouches_for(kind, text).expect("a known kind") {
                let full = full_with(judge, Some(kind), text).unwrap();
                prop_assert!(
                    full.conforms() && full.decodes(),
                    "the quick check vouched for it as {kind}:\n{full}"
                );
            }
        }
    }
    // The one pass may only claim what the full judgement confirms.
    for judged in judge.judge(bytes, &Input::document()) {
        let Ok(verdict) = judged.result else { continue };
        if verdict.pass == Pass::One {
            // That payload's own text: from where it starts, one value.
            let text = std::str::from_utf8(bytes).expect("judged as text");
            let rest = &text[judged.start.offset..];
            let mut values =
                serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
            values.next();
            let text = &rest[..values.byte_offset()];
            let full = full_with(judge, Some(verdict.kind), text).unwrap();
            prop_assert!(
                full.conforms() && full.round_trips(),
                "the one pass said {} conforms:\n{full}",
                verdict.kind
            );
        }
    }
    for result in results {
        match result {
            Ok(verdict) => {
                let _ = verdict.to_string();
                // The schema and the types agree (drift aside), and where
                // both reject, at the same place.
                prop_assert!(
                    verdict.disagreement().is_none(),
                    "{}",
                    verdict
                        .disagreement()
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                );
                for f in &verdict.findings {
                    prop_assert!(f.position.is_some(), "{f}");
                }
                if let Some(e) = verdict.decode_error() {
                    prop_assert!(e.position.is_some(), "{e}");
                }
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_payloads_never_panic(bytes in mutated()) {
        judge_everything(&bytes)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(
        prop_oneof![any::<u8>(), prop::sample::select(b"{}[]\":,0-e.\\u ntf".to_vec())],
        0..200,
    )) {
        judge_everything(&bytes)?;
    }
}

/// A `serde_json::Value` built by hand, judged without text: the parser's
/// bound does not hold, so [`Judge::judge_value`] applies `max_depth` itself
/// (decoding 1,000 levels overflowed a test thread's stack before).
#[test]
fn judge_value_refuses_a_hand_built_value_too_deep() {
    let deep = |depth: usize| {
        let mut value = json!(1);
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        // Not `json!`: it would serialize `value`, recursively.
        let mut meta = serde_json::Map::new();
        meta.insert("x".into(), value);
        let mut envelope = serde_json::Map::new();
        envelope.insert("errors".into(), json!([]));
        envelope.insert("meta".into(), Value::Object(meta));
        Value::Object(envelope)
    };
    // 127 levels: the envelope, `meta` and 125 arrays.
    let value = deep(125);
    let verdict = judge().judge_value("ErrorEnvelope", &value).unwrap();
    assert!(verdict.conforms() && verdict.round_trips());
    for depth in [126, 1000, 100_000] {
        let value = deep(depth);
        let err = judge().judge_value("ErrorEnvelope", &value).unwrap_err();
        let pointer = format!("/meta/x{}", "/0".repeat(125));
        assert_eq!(
            err,
            JudgeError::ValueTooDeep {
                limit: 127,
                pointer: pointer.clone()
            }
        );
        assert_eq!(
            err.to_string(),
            format!("the value nests arrays/objects deeper than 127 levels (at {pointer})")
        );
        // `Value`'s own drop recurses: take it apart level by level.
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a),
                Value::Object(m) => stack.extend(m.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
}
