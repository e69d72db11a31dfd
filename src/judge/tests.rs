//! Unit tests of the judge: kinds, findings, limits, the kind rules and the one entry.

use super::*;
use serde_json::json;

fn judge() -> &'static Judge {
    static JUDGE: OnceLock<Judge> = OnceLock::new();
    JUDGE.get_or_init(|| Judge::new().expect("the embedded schema loads"))
}

/// The full judgement of one payload through the one entry.
fn full_on(judge: &Judge, kind: Option<&str>, bytes: &[u8]) -> Result<Verdict, JudgeError> {
    let mut judged = judge.judge(bytes, &Input::document().with_kind(kind).full());
    assert_eq!(judged.len(), 1);
    judged.remove(0).result
}

fn full(kind: Option<&str>, text: &str) -> Result<Verdict, JudgeError> {
    full_on(judge(), kind, text.as_bytes())
}

fn client() -> Value {
    json!({
        "object": "client", "id": "client_1", "sessions": [],
        "sign_in": null, "sign_up": null, "last_active_session_id": null,
        "last_authentication_strategy": null, "cookie_expires_at": null,
        "captcha_bypass": false, "created_at": 1, "updated_at": 2
    })
}

#[test]
fn every_kind_has_a_type_and_compiles() {
    let judge = judge();
    let kinds: Vec<_> = judge.kinds().iter().map(|k| k.name).collect();
    assert!(kinds.contains(&"ClientEnvelope") && kinds.contains(&"SAMLAccount"));
    for (file, text) in crate::schema::SCHEMA_FILES {
        let doc: Value = serde_json::from_str(text).unwrap();
        for def in doc["$defs"].as_object().unwrap().keys() {
            let kind = judge
                .kind(def)
                .unwrap_or_else(|| panic!("{file}: {def} has no kind"));
            assert!(judge.schema(kind).is_some(), "{file}: {def}");
            assert!(
                kind.exact,
                "{def}: the Clerk types model their schema exactly"
            );
        }
    }
    assert_eq!(judge.kind("SamlAccount").unwrap().name, "SAMLAccount");
    assert_eq!(judge.kind("SAMLAccount").unwrap().rust_type, "SamlAccount");
    assert_eq!(
        full(Some("Nope"), "{}").unwrap_err(),
        JudgeError::UnknownKind {
            kind: "Nope".into()
        }
    );
}

#[test]
fn detects_kinds_from_the_schema() {
    let judge = judge();
    let detect = |v: Value| judge.detect(&v);
    assert_eq!(
        detect(json!({"response": client(), "client": null})),
        Some("ClientEnvelope")
    );
    assert_eq!(
        detect(json!({"response": null, "client": null})),
        Some("ClientEnvelope")
    );
    assert_eq!(detect(json!({"response": null})), Some("ClientEnvelope"));
    assert_eq!(
        detect(json!({"response": {"object": "sign_in_attempt"}})),
        Some("SignInEnvelope")
    );
    assert_eq!(
        detect(json!({"response": {"object": "sign_up_attempt"}})),
        Some("SignUpEnvelope")
    );
    assert_eq!(
        detect(json!({"response": {"object": "session"}})),
        Some("SessionEnvelope")
    );
    assert_eq!(
        detect(json!({"response": {"object": "user"}})),
        Some("UserEnvelope")
    );
    assert_eq!(
        detect(json!({"response": {"object": "user", "id": "u", "deleted": true}})),
        Some("DeletedObjectEnvelope")
    );
    assert_eq!(
        detect(json!({"errors": [], "meta": {}})),
        Some("ErrorEnvelope")
    );
    assert_eq!(
        detect(json!({"object": "organization"})),
        Some("Organization")
    );
    // Verification and SignUpVerification share VerificationObject: the one
    // whose keys the payload fits best is its kind.
    let verification = json!({"object": "verification_otp", "status": "unverified",
        "strategy": "email_code", "attempts": null, "expire_at": 1});
    assert_eq!(detect(verification.clone()), Some("Verification"));
    let mut sign_up = verification;
    sign_up["next_action"] = json!("needs_attempt");
    sign_up["supported_strategies"] = json!([]);
    assert_eq!(detect(sign_up.clone()), Some("SignUpVerification"));
    // Missing one key of SignUpVerification is closer to it than having two
    // that Verification does not allow.
    sign_up.as_object_mut().unwrap().remove("attempts");
    assert_eq!(detect(sign_up), Some("SignUpVerification"));
    assert_eq!(
        detect(json!({"object": "verification_otp"})),
        Some("Verification")
    );
    assert_eq!(
        detect(json!({"object": "google_account"})),
        Some("ExternalAccount")
    );
    assert_eq!(detect(json!({"object": "client"})), Some("Client"));
    assert_eq!(detect(json!({"object": "hosted_auth"})), None);
    assert_eq!(detect(json!({"response": {"object": "hosted_auth"}})), None);
    assert_eq!(detect(json!({"id": "x"})), None);
    assert_eq!(detect(json!([1])), None);
}

#[test]
fn drift_is_told_apart_from_violations() {
    let judge = judge();
    let mut v = json!({"response": client(), "client": null});
    v["response"]["object"] = json!("client_v2");
    v["response"]["new_key"] = json!({"a": 1});
    v["response"]["sign_in"] = json!(null);
    let verdict = judge.judge_value("ClientEnvelope", &v).unwrap();
    let classes: Vec<_> = verdict
        .findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.class))
        .collect();
    assert_eq!(
        classes,
        [
            (
                "/response/new_key",
                FindingClass::Drift(DriftKind::UnknownProperty)
            ),
            (
                "/response/object",
                FindingClass::Drift(DriftKind::UnknownEnumValue)
            ),
        ]
    );
    assert!(!verdict.conforms() && verdict.decodes() && verdict.agrees() && verdict.round_trips());
    assert_eq!(verdict.disagreement(), None);

    // A number where the const wants a string is a violation, not drift.
    v["response"]["object"] = json!(7);
    let verdict = judge.judge_value("ClientEnvelope", &v).unwrap();
    assert_eq!(
        verdict
            .violations()
            .map(|f| f.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/response/object"]
    );
    assert_eq!(verdict.decode_error().unwrap().pointer, "/response/object");
    assert_eq!(verdict.same_place(), Some(true));
    assert!(verdict.agrees());
}

#[test]
fn nullable_references_report_inside_the_object() {
    let judge = judge();
    let mut v = client();
    v["sign_up"] = json!({"object": "sign_up_attempt", "extra_key": true});
    let verdict = judge.judge_value("Client", &v).unwrap();
    // Required errors of the SignUp branch, not "not valid under anyOf".
    assert!(verdict
        .violations()
        .all(|f| f.pointer == "/sign_up" && f.keyword == "required"));
    assert!(verdict.drift().any(|f| f.pointer == "/sign_up/extra_key"));
    assert_eq!(verdict.decode_error().unwrap().pointer, "/sign_up");
    assert_eq!(verdict.disagreement(), None);

    // A value of neither type: the anyOf itself.
    v["sign_up"] = json!("nope");
    let verdict = judge.judge_value("Client", &v).unwrap();
    let f: Vec<_> = verdict.violations().collect();
    assert_eq!(
        (f.len(), f[0].pointer.as_str(), f[0].keyword.as_str()),
        (1, "/sign_up", "anyOf")
    );
}

#[test]
fn findings_carry_positions_and_snippets() {
    let judge = judge();
    let text = "{\n  \"response\": null,\n  \"client\": null,\n  \"extra\": [1,\n    2]\n}";
    let verdict = full(Some("ClientEnvelope"), text).unwrap();
    let f = &verdict.findings[0];
    assert_eq!(f.pointer, "/extra");
    assert_eq!(f.position.map(|p| (p.line, p.column)), Some((4, 3)));
    assert_eq!(f.snippet.as_deref(), Some("\"extra\": [1, 2]"));
    assert!(
        f.to_string()
            .starts_with("4:3 /extra: unknown property \"extra\""),
        "{f}"
    );

    let text = "{\"errors\": [{\"message\": \"m\", \"long_message\": \"l\", \"code\": 5}]}";
    let verdict = full_on(judge, Some("ErrorEnvelope"), text.as_bytes()).unwrap();
    let error = verdict.decode_error().unwrap();
    assert_eq!(error.pointer, "/errors/0/code");
    // The member's key: `"code": 5`.
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((1, 51)));
    assert_eq!(error.snippet.as_deref(), Some("\"code\": 5"));
    assert_eq!(
        verdict.violations().next().unwrap().pointer,
        "/errors/0/code"
    );
    assert!(verdict.agrees() && verdict.same_place() == Some(true));
}

#[test]
fn disagreements_are_described() {
    let types_reject = Verdict {
        pass: Pass::Full,
        kind: "K",
        rust_type: "K",
        findings: vec![],
        decode: Err(DecodeError {
            pointer: "/a".into(),
            position: None,
            snippet: None,
            message: "boom".into(),
        }),
        looks_like: None,
    };
    assert!(!types_reject.agrees());
    let d = types_reject.disagreement().unwrap();
    assert!(matches!(d, Disagreement::TypesReject { .. }));
    assert!(d.to_string().contains("/a: boom"), "{d}");

    let finding = |pointer: &str, class| Finding {
        pointer: pointer.into(),
        position: None,
        snippet: None,
        message: "m".into(),
        class,
        keyword: "type".into(),
        schema_path: String::new(),
    };
    let elsewhere = Verdict {
        findings: vec![finding("/b", FindingClass::Violation)],
        ..types_reject.clone()
    };
    assert!(elsewhere.agrees());
    assert_eq!(elsewhere.same_place(), Some(false));
    assert!(matches!(
        elsewhere.disagreement(),
        Some(Disagreement::Elsewhere { .. })
    ));

    let drift_only = Verdict {
        findings: vec![finding(
            "/b",
            FindingClass::Drift(DriftKind::UnknownProperty),
        )],
        ..types_reject
    };
    assert!(
        !drift_only.agrees(),
        "drift only, yet no decode: the types are stricter"
    );
}

#[test]
fn limits_are_enforced_with_clear_errors() {
    let small = Judge::with_limits(Limits {
        max_bytes: 10,
        max_depth: 3,
        ..Limits::default()
    })
    .unwrap();
    assert_eq!(
        full_on(&small, Some("ErrorEnvelope"), "[         ]".as_bytes()).unwrap_err(),
        JudgeError::TooLarge {
            size: 11,
            limit: 10
        }
    );
    let err = full_on(&small, Some("ErrorEnvelope"), "[[[[]]]]".as_bytes()).unwrap_err();
    assert!(matches!(err, JudgeError::TooDeep { limit: 3, position } if position.column == 4));
    assert!(err.to_string().contains("recursion limit of 128"), "{err}");
    let err = Judge::with_limits(Limits {
        max_bytes: 10,
        max_depth: 128,
        ..Limits::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("128"), "{err}");

    // The default depth is exactly what serde_json parses.
    let judge = judge();
    let deep = |n: usize| {
        format!(
            "{{\"errors\": [], \"meta\": {{\"x\": {}{}}}}}",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    // The envelope and meta objects take two levels.
    let ok = full(Some("ErrorEnvelope"), &deep(Limits::MAX_DEPTH - 2)).unwrap();
    assert!(ok.conforms() && ok.round_trips());
    let err = full(Some("ErrorEnvelope"), &deep(Limits::MAX_DEPTH - 1)).unwrap_err();
    assert!(
        matches!(err, JudgeError::TooDeep { limit: 127, .. }),
        "{err}"
    );
    let too_deep = deep(Limits::MAX_DEPTH - 1);
    assert!(
        serde_json::from_str::<Value>(&too_deep).is_err(),
        "serde_json refuses it too"
    );

    let err = full_on(judge, Some("ErrorEnvelope"), b"{\"a\":\n \"\xff\"}").unwrap_err();
    assert!(
        matches!(err, JudgeError::NotUtf8 { position } if (position.line, position.column) == (2, 3))
    );
    let err = full(Some("ErrorEnvelope"), "{\"errors\": [}").unwrap_err();
    assert!(
        matches!(
            err,
            JudgeError::Json {
                line: 1,
                column: 13,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.to_string(), "input is not JSON: expected value at 1:13");
    let undetected = full(None, "{\"id\": 1}").unwrap_err();
    assert!(
        matches!(&undetected, JudgeError::UndetectedKind(why) if why.saw == "the top-level keys are id"),
        "{undetected:?}"
    );
    // Placed like any error: at what the rules saw, with its text.
    assert_eq!(undetected.position(), Some((1, 1)));
    let JudgeError::UndetectedKind(why) = full(None, "{\n  \"object\": \"ship\"}").unwrap_err()
    else {
        panic!("detected");
    };
    assert_eq!(why.pointer, "/object");
    assert_eq!(why.position.map(|p| (p.line, p.column)), Some((2, 3)));
    assert_eq!(why.snippet.as_deref(), Some("\"object\": \"ship\""));
    // In a stream, at its line.
    let start = Position {
        line: 7,
        column: 1,
        offset: 300,
    };
    let judged = judge.judge(b"  {\"object\": \"ship\"}", &Input::line(start));
    assert_eq!(
        judged[0].result.as_ref().unwrap_err().position(),
        Some((7, 4))
    );
    assert_eq!(
        full(None, "{\"errors\": []}").unwrap().kind,
        "ErrorEnvelope"
    );
}

#[test]
fn judge_is_shareable_across_threads() {
    fn sync<T: Send + Sync>(_: &T) {}
    sync(judge());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                assert!(judge()
                    .validate("ClientEnvelope", &json!({"response": null, "client": null}))
                    .unwrap()
                    .is_empty())
            });
        }
    });
}

#[test]
fn tuple_errors_meet_at_the_container() {
    let judge = judge();
    let text =
        include_str!("../../tests/fixtures/clerk/flutter/client-get-during-email-link-c.json");
    let mut v: Value = serde_json::from_str(text).unwrap();
    let at = "/response/sessions/0/factor_verification_age";
    *v.pointer_mut(at).unwrap() = json!([0, -1, 5]);
    let verdict = judge.judge_value("ClientEnvelope", &v).unwrap();
    let violations: Vec<_> = verdict.violations().map(|f| f.pointer.as_str()).collect();
    assert_eq!(violations, [format!("{at}/2")]);
    // The decoder names the tuple ("invalid length"), one level up.
    assert_eq!(verdict.decode_error().unwrap().pointer, at);
    assert_eq!(verdict.same_place(), Some(true));
    assert_eq!(verdict.disagreement(), None);

    *v.pointer_mut(at).unwrap() = json!([0]);
    let verdict = judge.judge_value("ClientEnvelope", &v).unwrap();
    let violations: Vec<_> = verdict.violations().map(|f| f.pointer.as_str()).collect();
    assert_eq!(violations, [at]);
    assert_eq!(verdict.decode_error().unwrap().pointer, at);
}

fn fixture_texts() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json")
                && path.file_name().is_some_and(|n| n != "verdicts.json")
            {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clerk"),
        &mut out,
    );
    out
}

/// The kind rules give one answer whatever they read: a parsed value, the
/// text, or (for what decodes) the decoded value.
#[test]
fn the_kind_rules_read_text_as_they_read_values() {
    let judge = judge();
    let rules = judge.rules();
    let mut cases = fixture_texts();
    assert!(cases.len() >= 39, "{} fixtures", cases.len());
    let mut detected = 0;
    for (name, text) in cases.clone() {
        let value: Value = serde_json::from_str(&text).unwrap();
        detected += usize::from(rules.detect(&value).is_some());
        if let Value::Object(map) = &value {
            let reversed: serde_json::Map<String, Value> = map
                .iter()
                .rev()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            cases.push((
                format!("{name} reversed"),
                Value::Object(reversed).to_string(),
            ));
        }
    }
    assert!(detected >= 25, "only {detected} fixtures have a kind");
    let edge = [
        r#"{"object": "user"}"#,
        r#"{"object": "client", "object": "user"}"#,
        r#"{"object": "user", "object": 5}"#,
        r#"{"object": "user", "deleted": true}"#,
        r#"{"object": "user", "deleted": "yes"}"#,
        r#"{"object": "user", "deleted": true, "deleted": false}"#,
        r#"{"deleted": true}"#,
        r#"{"object": 5}"#,
        r#"{"object": ["user"]}"#,
        r#"{"object": {"object": "user"}}"#,
        r#"{"\u006fbject": "us\u0065r"}"#,
        r#"{"object": "nope"}"#,
        r#"{"response": null}"#,
        r#"{"response": null, "client": null}"#,
        r#"{"response": {"object": "user"}, "client": null}"#,
        r#"{"response": {"object": "sign_in_attempt"}}"#,
        r#"{"response": {"object": "user", "deleted": true}}"#,
        r#"{"response": {"deleted": true}}"#,
        r#"{"response": ["user"]}"#,
        r#"{"response": "user"}"#,
        r#"{"response": {"object": "user"}, "response": null}"#,
        r#"{"response": null, "response": {"object": "client"}}"#,
        r#"{"response": {"response": {"object": "user"}}}"#,
        r#"{"response": {"object": "user"}, "errors": []}"#,
        r#"{"errors": []}"#,
        r#"{"errors": [{"code": "x"}], "object": "user"}"#,
        r#"{"errors": 5, "object": "user"}"#,
        r#"{"errors": [], "errors": 1}"#,
        "{}",
        "[]",
        r#"[{"object": "user"}]"#,
        r#""user""#,
        "null",
    ];
    cases.extend(edge.iter().map(|t| ((*t).to_owned(), (*t).to_owned())));
    for (name, text) in &cases {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(rules.detect_text(text), rules.detect(&value), "{name}");
    }
    for text in ["", "{", r#"{"object": "user""#, r#"{"object": "user"} x"#] {
        assert_eq!(rules.detect_text(text), None, "{text}");
    }
}

/// Without a kind, the one pass guesses it from the first keys and
/// confirms the guess from the decoded value: its answers are those of
/// detecting the kind and then judging, on the fixtures and on payloads
/// made to mislead the guess.
#[test]
fn the_one_pass_finds_the_kind_the_rules_give() {
    let judge = judge();
    let one_pass = |kind: Option<&str>, text: &str| -> Option<&'static str> {
        let judged = judge.judge(text.as_bytes(), &Input::document().with_kind(kind));
        match &judged[..] {
            [Judged {
                result: Ok(verdict),
                ..
            }] if verdict.pass == Pass::One => Some(verdict.kind),
            _ => None,
        }
    };
    let mut cases = Vec::new();
    let mut guessed = 0;
    for (_, text) in fixture_texts() {
        let value: Value = serde_json::from_str(&text).unwrap();
        let compact = value.to_string();
        guessed += usize::from(judge.rules().guess(&compact).is_some());
        cases.push(text);
        let Value::Object(map) = value else { continue };
        let with = |key: &str, extra: Value| {
            let mut map = map.clone();
            map.insert(key.to_owned(), extra);
            Value::Object(map).to_string()
        };
        cases.push(with("deleted", Value::Bool(true)));
        cases.push(with("object", "user".into()));
        cases.push(with("errors", Value::Array(vec![])));
        if let Some(Value::Object(response)) = map.get("response") {
            for (key, extra) in [
                ("deleted", Value::Bool(true)),
                ("object", "session".into()),
                ("object", Value::Null),
            ] {
                let mut response = response.clone();
                response.insert(key.to_owned(), extra);
                cases.push(with("response", Value::Object(response)));
            }
            cases.push(with("response", Value::Null));
        }
        let body = compact.strip_suffix('}').unwrap();
        for tail in [
            r#""object":"user""#,
            r#""response":null"#,
            r#""deleted":true"#,
        ] {
            cases.push(format!("{body},{tail}}}"));
        }
        cases.push(compact);
    }
    assert!(guessed >= 20, "only {guessed} fixtures guessed");
    for text in &cases {
        let value: Value = serde_json::from_str(text).unwrap();
        let want = match judge.detect(&value) {
            Some(kind) => one_pass(Some(kind), text),
            None => None,
        };
        assert_eq!(one_pass(None, text), want, "{text}");
        // The one pass says "conforms" only when the full judgement does
        // (it declines a repeated known key, which the full judgement
        // reads as its last value).
        if let Some(kind) = judge.detect(&value) {
            let verdict = full(Some(kind), text).unwrap();
            if one_pass(Some(kind), text).is_some() {
                assert!(verdict.conforms() && verdict.decodes(), "{text}");
            }
        }
    }
}

/// The one entry judges a document of several values one by one, each from
/// where it starts, and stops at a syntax error, placed in the document.
#[test]
fn several_values_in_one_input() {
    let judge = judge();
    let text = "{\"errors\": []}\n  {\"response\": null}\n{\"errors\": [5]}\n{\"errors\": [}";
    let judged = judge.judge(text.as_bytes(), &Input::document());
    let starts: Vec<(usize, usize, usize)> = judged
        .iter()
        .map(|j| (j.start.line, j.start.column, j.start.offset))
        .collect();
    assert_eq!(starts, [(1, 1, 0), (2, 3, 17), (3, 1, 36), (4, 1, 52)]);
    let first = judged[0].result.as_ref().unwrap();
    assert_eq!((first.kind, first.pass), ("ErrorEnvelope", Pass::One));
    assert_eq!(judged[1].result.as_ref().unwrap().kind, "ClientEnvelope");
    // The third fails where it is in the document.
    let third = judged[2].result.as_ref().unwrap();
    assert_eq!(third.pass, Pass::Full);
    let place = third.violations().next().unwrap().position.unwrap();
    assert_eq!((place.line, place.column, place.offset), (3, 13, 48));
    assert_eq!(
        judged[3].result,
        Err(JudgeError::Json {
            message: "expected value".into(),
            line: 4,
            column: 13
        })
    );
    // One value, then white space: one payload.
    assert_eq!(
        judge
            .judge(b"{\"errors\": []}\n\n", &Input::document())
            .len(),
        1
    );
    // Nothing at all.
    assert_eq!(
        judge.judge(b" \n ", &Input::document())[0].result,
        Err(JudgeError::Empty)
    );
}

/// An NDJSON line is judged with its positions in the stream, and a line
/// holding two values is an error, not two payloads.
#[test]
fn ndjson_lines_in_their_stream() {
    let judge = judge();
    let stream = "{\"errors\": []}\n\n{\"errors\": [5]}\r\n{\"errors\": []} {}\n";
    let block = stream::Lines::new(std::io::Cursor::new(stream), 1 << 20)
        .read_all()
        .unwrap();
    let mut judged = Vec::new();
    for line in block.lines() {
        judged.extend(block.judge(line, judge, None));
    }
    assert_eq!(judged.len(), 3);
    assert_eq!(judged[1].start.line, 3);
    let place = judged[1].result.as_ref().unwrap().findings[0]
        .position
        .unwrap();
    assert_eq!((place.line, place.column, place.offset), (3, 13, 28));
    match &judged[2].result {
        Err(JudgeError::Json { line, column, .. }) => assert_eq!((*line, *column), (4, 16)),
        other => panic!("{other:?}"),
    }
    // A line over the limit is reported, not kept.
    let long = format!("{}\n{{\"errors\": []}}\n", "x".repeat(100));
    let block = stream::Lines::new(std::io::Cursor::new(long), 50)
        .read_all()
        .unwrap();
    let lines = block.lines();
    assert_eq!(
        block.judge(&lines[0], judge, None)[0].result,
        Err(JudgeError::TooLarge {
            size: 100,
            limit: judge.limits().max_bytes
        })
    );
    assert!(block.judge(&lines[1], judge, None)[0].result.is_ok());
}

/// A payload whose tree is over its bound (300,000 numbers in an unknown
/// property: some 22 MB as a tree, past the 16 MiB floor) is judged on the
/// first items of that array: the violation after it is found and placed,
/// and a finding names the array cut. One that no cut brings within the
/// bound (300,000 members) is refused with the reason.
#[test]
fn a_tree_over_its_bound_is_judged_on_the_first_items() {
    let numbers = format!("[{}0]", "0,".repeat(299_999));
    let text = format!(
        r#"{{"response": null, "client": {{"object": "client", "id": "c", "sessions": [],
        "sign_in": null, "sign_up": null, "last_active_session_id": null,
        "last_authentication_strategy": null, "cookie_expires_at": null,
        "captcha_bypass": false, "extra": {numbers}, "created_at": "late", "updated_at": 2}}}}"#
    );
    let verdict = full(Some("ClientEnvelope"), &text).unwrap();
    let at = |pointer: &str| verdict.findings.iter().find(|f| f.pointer == pointer);
    let late = at("/client/created_at").expect("the violation past the array");
    assert_eq!(late.keyword, "type");
    assert_eq!(late.position.map(|p| p.offset), text.find("\"created_at\""));
    let cut = verdict
        .findings
        .iter()
        .find(|f| f.keyword == "limit")
        .expect("the cut is said");
    assert_eq!(cut.pointer, "/client/extra");
    assert!(
        cut.message.starts_with(
            "judged on the first 131072 items of each longer array only: \
             /client/extra (300000 items)"
        ),
        "{}",
        cut.message
    );
    assert_eq!(cut.position.map(|p| p.offset), text.find("\"extra\""));
    assert!(at("/client/extra").is_some_and(|f| f.class.is_drift() || f.keyword == "limit"));
    assert!(!verdict.conforms());
    // Raised, the bound takes the whole tree: no cut.
    let roomy = Judge::with_limits(Limits {
        max_tree_ratio: 100,
        ..Limits::default()
    })
    .unwrap();
    let verdict = full_on(&roomy, Some("ClientEnvelope"), text.as_bytes()).unwrap();
    assert!(verdict.findings.iter().all(|f| f.keyword != "limit"));

    let members: Vec<String> = (0..300_000).map(|i| format!("\"k{i}\": 0")).collect();
    let text = format!("{{{}}}", members.join(","));
    let err = full(Some("ClientEnvelope"), &text).unwrap_err();
    assert!(
        matches!(err, JudgeError::TreeTooLarge { size, ratio: 4, .. } if size == text.len()),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("holds too many values to judge"),
        "{err}"
    );
}

/// A schema document the parse into a `Value` would refuse (malformed, a
/// number past `f64`'s range, a lone surrogate, too deep) is an error when
/// the judge is made, naming it; a good one is parsed when first read.
#[test]
fn schema_documents_are_checked_then_parsed_on_first_use() {
    let models = |files| super::Models {
        types: Vec::new(),
        files,
        validate: |_, _, _| None,
        is_valid: |_, _| None,
        decoders: |_| None,
    };
    let deep: &'static str = Box::leak(format!("{}{}", "[".repeat(200), "]".repeat(200)).into());
    for bad in [
        "{\"$defs\": ",
        "{\"big\": 1e400}",
        "{\"s\": \"\\ud800\"}",
        deep,
    ] {
        let files: &'static [(&str, &str)] =
            Box::leak(vec![("b.json", "{}"), ("a.json", bad)].into_boxed_slice());
        let err = Judge::for_models(models(files), Limits::default()).unwrap_err();
        assert!(
            matches!(&err, JudgeError::Schema { file, .. } if file == "a.json"),
            "{bad:.40}: {err}"
        );
    }
    let files = &[("a.json", "{\"n\": 1e300}"), ("b.json", "{\"$defs\": {}}")];
    let judge = Judge::for_models(models(files), Limits::default()).unwrap();
    assert!(!judge.documents["b.json"].is_parsed());
    assert_eq!(judge.document("b.json"), Some(&json!({"$defs": {}})));
    assert!(judge.documents["b.json"].is_parsed());
    assert!(!judge.documents["a.json"].is_parsed());
}
