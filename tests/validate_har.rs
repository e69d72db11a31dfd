//! `validate` on HAR captures and `--endpoint`: every entry of a capture
//! made of the recorded responses (`tests/cli/har/session.har`, written by
//! `tests/data/make_har.py`) judged by the kind its endpoint promises and
//! snapshotted in text, json and junit; the places of findings inside each
//! body; no report, in any format, of a capture, a file or NDJSON, showing a
//! header, a cookie, a query or a secret value (`tests/cli/har/secrets.har`);
//! `--jobs 2` giving what `--jobs 1` gives.
#![cfg(feature = "cli")]

#[macro_use]
#[path = "support/bin.rs"]
mod bin;
use bin::{run, Run};

use serde_json::Value;

const SESSION: &str = "tests/cli/har/session.har";
const SECRETS: &str = "tests/cli/har/secrets.har";
const FORMATS: [&str; 6] = ["text", "json", "flag", "list", "hierarchical", "junit"];

fn lines(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_entry_of_a_capture_snapshotted() {
    for format in ["text", "json", "junit"] {
        let run = run(&["--format", format, "validate", "-v", SESSION]);
        assert_eq!(run.code, 1, "{}", run.shown());
        snapshot!(format!("har_session_{format}"), run.shown());
    }
}

/// What the report says of each entry: index, method, path, status, the
/// kind judged, the verdict, and places inside that entry's body.
#[test]
fn each_entry_by_its_endpoint_and_status() {
    let all = lines(&run(&["--format", "json", "validate", "-v", SESSION]));
    let entry = |index: u64| {
        all.iter()
            .find(|l| l["entry"]["index"] == index)
            .unwrap_or_else(|| panic!("no entry {index}"))
    };
    let said = |index| {
        let e = entry(index);
        format!("{} {} {}", e["status"], e["kind"], e["entry"]["operation"])
    };
    assert_eq!(said(0), "\"skipped\" null \"getEnvironment\"");
    assert_eq!(said(1), "\"ok\" \"ClientEnvelope\" \"postClient\"");
    assert_eq!(said(2), "\"skipped\" null null");
    // A 422 of the sign-in: the error envelope, whatever else.
    assert_eq!(said(3), "\"ok\" \"ErrorEnvelope\" \"createSignIn\"");
    // Stored base64.
    assert_eq!(said(4), "\"ok\" \"SignInEnvelope\" \"createSignIn\"");
    assert_eq!(said(5), "\"skipped\" null null");
    assert_eq!(said(7), "\"no-content\" \"ClientEnvelope\" \"getClient\"");
    assert_eq!(said(16), "\"ok\" \"ErrorEnvelope\" \"getClient\"");
    // GET /v1/me answered by the deleted-object envelope: judged as the
    // user envelope, and the endpoint finding names both.
    let wrong = entry(11);
    assert_eq!(wrong["status"], "fail");
    assert_eq!(wrong["kind"], "UserEnvelope");
    assert_eq!(wrong["looks_like"], "DeletedObjectEnvelope");
    assert_eq!(wrong["input"], SESSION);
    assert_eq!(
        wrong["entry"],
        serde_json::json!({"index": 11, "method": "GET", "path": "/v1/me", "status": 200, "operation": "getUser"})
    );
    let first = &wrong["errors"][0];
    assert_eq!(first["source"], "endpoint");
    assert_eq!(
        first["message"],
        "GET /v1/me (getUser) promises UserEnvelope, but the body's shape is that of DeletedObjectEnvelope"
    );
    // Places are inside the body: its own lines.
    let schema = wrong["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "schema")
        .unwrap();
    assert_eq!(
        (&schema["line"], &schema["column"]),
        (&Value::from(2), &Value::from(3))
    );
    let summary = &all.last().unwrap()["summary"];
    assert_eq!(summary["payloads"], 11);
    assert_eq!(
        (&summary["ok"], &summary["failed"]),
        (&Value::from(10), &Value::from(1))
    );
    assert_eq!(
        (&summary["skipped"], &summary["no_content"]),
        (&Value::from(5), &Value::from(1))
    );
    // Without -v the skipped entries are counted, not listed.
    let quiet = lines(&run(&["--format", "json", "validate", SESSION]));
    assert_eq!(quiet.len(), all.len() - 5);
}

/// A capture without an entry to judge exits 0; one that is not a capture
/// is an input that cannot be read (exit 2), told with its place.
#[test]
fn exit_codes_as_for_files() {
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.har");
    std::fs::write(&ok, r#"{"log": {"entries": [{"request": {"method": "GET", "url": "https://x/y"}, "response": {"status": 200}}]}}"#).unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, "{\"log\": {\"entries\": [\n  {\"request\": 1}]}}").unwrap();
    let ok_run = run(&["validate", ok.to_str().unwrap()]);
    assert_eq!(ok_run.code, 0, "{}", ok_run.shown());
    assert!(
        ok_run.stdout.contains("1 HAR entry skipped"),
        "{}",
        ok_run.shown()
    );
    let bad = run(&["validate", "--har", broken.to_str().unwrap()]);
    assert_eq!(bad.code, 2, "{}", bad.shown());
    assert!(
        bad.stdout
            .contains("broken.txt:2: column 16: not a HAR 1.2 capture: invalid type: integer `1`, expected a request {method, url}"),
        "{}",
        bad.shown()
    );
    let both = run(&["validate", SESSION, broken.to_str().unwrap(), "--har"]);
    assert_eq!(both.code, 3, "{}", both.shown());
}

/// `--endpoint` judges a payload as the operation's kind; a body of
/// another shape is told, and an operation that does not exist refused.
#[test]
fn endpoint_names_the_kind() {
    let good = run(&[
        "validate",
        "--endpoint",
        "POST /v1/me/email_addresses",
        "tests/fixtures/clerk/flutter/email-address-create.json",
    ]);
    assert_eq!(good.code, 0, "{}", good.shown());
    let wrong = run(&[
        "validate",
        "--endpoint",
        "post https://clerk.example.com/v1/me/email_addresses?_clerk_session_id=sess_1",
        "tests/fixtures/clerk/flutter/phone-number-create.json",
    ]);
    assert_eq!(wrong.code, 1);
    snapshot!("har_endpoint_wrong_shape", wrong.shown());
    let unknown = run(&["validate", "--endpoint", "GET /v1/nowhere", "x.json"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("--endpoint: GET /v1/nowhere: not a Frontend API path"),
        "{}",
        unknown.shown()
    );
    let no_body = run(&[
        "validate",
        "--endpoint",
        "GET /v1/client/handshake",
        "x.json",
    ]);
    assert_eq!(no_body.code, 2);
    assert!(
        no_body.stderr.contains("promises no body to judge"),
        "{}",
        no_body.shown()
    );
}

/// Every body of the secrets capture as a file of its own and as NDJSON
/// lines, in a scratch folder.
fn bodies(dir: &std::path::Path) -> Vec<String> {
    let har: Value = serde_json::from_str(&std::fs::read_to_string(SECRETS).unwrap()).unwrap();
    let mut ndjson = String::new();
    let mut files = Vec::new();
    for (i, entry) in har["log"]["entries"].as_array().unwrap().iter().enumerate() {
        let text = entry["response"]["content"]["text"].as_str().unwrap();
        let file = dir.join(format!("body-{i}.json"));
        std::fs::write(&file, text).unwrap();
        files.push(file.display().to_string());
        ndjson.push_str(text);
        ndjson.push('\n');
    }
    let lines = dir.join("bodies.ndjson");
    std::fs::write(&lines, ndjson).unwrap();
    files.push(lines.display().to_string());
    files
}

/// No output of `validate`, in any format, of a capture (whose headers,
/// cookies, query strings and request bodies hold markers, and whose
/// bodies hold secret values that fail), of plain files or NDJSON, with or
/// without `--endpoint` or `--schema`, shows a marker; what is masked reads
/// `eyJ…(redacted, N bytes)`.
#[test]
fn no_output_shows_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let files = bodies(dir.path());
    let bundle = "generated/schema/clerk.schema.json";
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in FORMATS {
        let base = |rest: &[&str]| -> Vec<String> {
            ["--format", format, "validate", "-v"]
                .iter()
                .chain(rest)
                .map(|s| s.to_string())
                .collect()
        };
        runs.push(base(&[SESSION, SECRETS]));
        let mut plain = base(&[]);
        plain.extend(files.iter().cloned());
        runs.push(plain.clone());
        plain.extend(["--type".into(), "SessionToken".into()]);
        runs.push(plain);
        let mut endpoint = base(&["--endpoint", "POST /v1/client/sessions/sess_1/tokens"]);
        endpoint.extend(files.iter().cloned());
        runs.push(endpoint);
        let mut schema = base(&["--schema", bundle, "--type", "ClientEnvelope"]);
        schema.extend(files.iter().cloned());
        schema.push(SECRETS.into());
        runs.push(schema);
    }
    let mut masked = 0;
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = run(&args);
        assert!(run.code == 1, "{args:?}\n{}", run.shown());
        let shown = run.shown();
        assert!(
            !shown.contains("MARKER"),
            "{args:?} shows a marker:\n{shown}"
        );
        masked += usize::from(shown.contains("(redacted, "));
    }
    assert!(
        masked >= runs.len() / 2,
        "{masked} of {} runs show a masked value",
        runs.len()
    );
    let text = run(&["validate", SECRETS]);
    assert!(
        text.stdout
            .contains("| \"last_active_token\": {\"jwt\": \"eyJ…(redacted, 86 bytes)\"}"),
        "{}",
        text.shown()
    );
    snapshot!("har_secrets_text", text.shown());
}

/// A capture of many entries (the session's, again and again) judged on
/// one thread and on two: the same report, byte for byte, in every format.
#[test]
fn jobs_give_the_same_report() {
    let har: Value = serde_json::from_str(&std::fs::read_to_string(SESSION).unwrap()).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    let many: Vec<Value> = (0..40).flat_map(|_| entries.iter().cloned()).collect();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.har");
    std::fs::write(
        &big,
        serde_json::json!({"log": {"entries": many}}).to_string(),
    )
    .unwrap();
    let big = big.to_str().unwrap();
    for format in FORMATS {
        let one = run(&["--format", format, "validate", "-v", "--jobs", "1", big]);
        let two = run(&["--format", format, "validate", "-v", "--jobs", "2", big]);
        assert_eq!(one.code, 1);
        assert_eq!(one.stdout, two.stdout, "--format {format}");
        assert!(one.stdout.len() > 10_000);
    }
}

/// The JUnit report parses back: a testcase per entry listed, the skipped
/// ones as `<skipped>`, the counts on the suite.
#[test]
fn junit_has_a_testcase_per_entry() {
    let run = run(&["--format", "junit", "validate", "-v", SESSION]);
    let mut reader = quick_xml::Reader::from_str(&run.stdout);
    let (mut cases, mut skipped, mut failures) = (0, 0, 0);
    let mut suite = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"skipped" => skipped += 1,
                    b"failure" => failures += 1,
                    b"testsuite" => {
                        let attr = |n: &str| {
                            e.try_get_attribute(n)
                                .unwrap()
                                .map(|a| a.unescape_value().unwrap().into_owned())
                        };
                        suite = Some((attr("tests"), attr("failures"), attr("skipped")));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!((cases, skipped, failures), (17, 6, 1));
    assert_eq!(
        suite,
        Some((Some("17".into()), Some("1".into()), Some("6".into())))
    );
}

/// The generator carries `"x-secret": true` into its manifest, and the
/// judge masks exactly the properties of those names.
#[test]
fn the_manifest_marks_what_the_judge_masks() {
    use clerk_models::contract::{generate, Source};
    use std::collections::BTreeSet;
    let models = generate::models(Source::Embedded).expect("the schema generates");
    let mut marked = BTreeSet::new();
    for t in &models.manifest.types {
        if let schemagen::TypeShape::Struct { fields, .. } = &t.shape {
            for f in fields.iter().filter(|f| f.secret) {
                marked.insert(format!("{}.{}", t.name, f.wire));
            }
        }
    }
    for wanted in [
        "Token.jwt",
        "SessionToken.jwt",
        "Totp.secret",
        "BackupCodes.codes",
    ] {
        assert!(
            marked.contains(wanted),
            "{wanted} is not marked: {marked:?}"
        );
    }
    let names: BTreeSet<String> = marked
        .iter()
        .map(|m| m.split_once('.').unwrap().1.to_owned())
        .collect();
    let judge = clerk_models::judge::Judge::new().unwrap();
    let masked: BTreeSet<String> = judge.secrets().names().map(str::to_owned).collect();
    assert_eq!(masked, names);
}
