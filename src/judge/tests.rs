use super::*;
use serde_json::json;

fn judge() -> &'static Judge {
    static JUDGE: OnceLock<Judge> = OnceLock::new();
    JUDGE.get_or_init(|| Judge::new().expect("the embedded schema loads"))
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
    let kinds: Vec<_> = judge.kinds().collect();
    assert!(kinds.contains(&"ClientEnvelope") && kinds.contains(&"SAMLAccount"));
    for (file, doc) in judge.documents() {
        for def in doc["$defs"].as_object().unwrap().keys() {
            assert!(judge.kind(def).is_some(), "{file}: {def} has no kind");
        }
    }
    judge.compile_all().unwrap();
    assert_eq!(judge.kind("SamlAccount"), Some("SAMLAccount"));
    assert_eq!(judge.rust_type("SAMLAccount"), Some("SamlAccount"));
    assert_eq!(
        judge.judge("Nope", "{}").unwrap_err(),
        JudgeError::UnknownKind {
            kind: "Nope".into()
        }
    );
}

#[test]
fn refs_resolve_among_the_files() {
    let judge = judge();
    let (file, schema) = judge
        .resolve("envelope.json", "client.json#/$defs/Client")
        .unwrap();
    assert_eq!(file, "client.json");
    assert_eq!(schema["properties"]["object"]["const"], "client");
    let (file, _) = judge
        .resolve("envelope.json", "#/$defs/ClerkError")
        .unwrap();
    assert_eq!(file, "envelope.json");
    assert!(judge
        .resolve("envelope.json", "nope.json#/$defs/X")
        .is_none());
    assert!(judge
        .resolve("envelope.json", "https://example.com/x.json")
        .is_none());
}

#[test]
fn detects_kinds_from_the_schema() {
    let judge = judge();
    let detect = |v: Value| judge.detect_kind(&v);
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
    // Verification and SignUpVerification share VerificationObject: ambiguous.
    assert_eq!(detect(json!({"object": "verification_otp"})), None);
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
    let mut v = json!({"response": client()});
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
    let verdict = judge.judge("ClientEnvelope", text).unwrap();
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
    let verdict = judge.judge_bytes("ErrorEnvelope", text.as_bytes()).unwrap();
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
        kind: "K",
        rust_type: "K",
        findings: vec![],
        decode: Err(DecodeError {
            pointer: "/a".into(),
            position: None,
            snippet: None,
            message: "boom".into(),
        }),
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
    })
    .unwrap();
    assert_eq!(
        small.judge("ErrorEnvelope", "[         ]").unwrap_err(),
        JudgeError::TooLarge {
            size: 11,
            limit: 10
        }
    );
    let err = small.judge("ErrorEnvelope", "[[[[]]]]").unwrap_err();
    assert!(matches!(err, JudgeError::TooDeep { limit: 3, position } if position.column == 4));
    assert!(err.to_string().contains("recursion limit of 128"), "{err}");
    let err = Judge::with_limits(Limits {
        max_bytes: 10,
        max_depth: 128,
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
    let ok = judge
        .judge("ErrorEnvelope", &deep(Limits::MAX_DEPTH - 2))
        .unwrap();
    assert!(ok.conforms() && ok.round_trips());
    let err = judge
        .judge("ErrorEnvelope", &deep(Limits::MAX_DEPTH - 1))
        .unwrap_err();
    assert!(
        matches!(err, JudgeError::TooDeep { limit: 127, .. }),
        "{err}"
    );
    let too_deep = deep(Limits::MAX_DEPTH - 1);
    assert!(
        serde_json::from_str::<Value>(&too_deep).is_err(),
        "serde_json refuses it too"
    );

    let err = judge
        .judge_bytes("ErrorEnvelope", b"{\"a\":\n \"\xff\"}")
        .unwrap_err();
    assert!(
        matches!(err, JudgeError::NotUtf8 { position } if (position.line, position.column) == (2, 3))
    );
    let err = judge.judge("ErrorEnvelope", "{\"errors\": [}").unwrap_err();
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
    assert_eq!(
        judge.judge_detect(None, "{\"id\": 1}").unwrap_err(),
        JudgeError::UndetectedKind
    );
    assert_eq!(
        judge.judge_detect(None, "{\"errors\": []}").unwrap().kind,
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
                    .is_valid("ClientEnvelope", &json!({"response": null}))
                    .unwrap())
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

/// A schema that names a remote `$ref` (http, https, file) gives a prompt
/// error, and nothing is fetched: the listener the `http` URI names never sees
/// a connection, and the `file` URI names a readable file holding a valid
/// schema, which would make the reference resolve if it were read.
#[test]
fn remote_refs_in_a_schema_fail_without_io() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = std::env::temp_dir().join(format!("clerk-judge-remote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let local = dir.join("token.json");
    std::fs::write(&local, r#"{"type": "object"}"#).unwrap();
    for reference in [
        format!("http://127.0.0.1:{port}/token.json"),
        format!("https://127.0.0.1:{port}/token.json"),
        format!("file://{}", local.display()),
    ] {
        let text = format!(r#"{{"$defs": {{"Token": {{"$ref": "{reference}"}}}}}}"#);
        let files: &'static [(&str, &str)] =
            Box::leak(vec![("remote.json", &*Box::leak(text.into_boxed_str()))].into_boxed_slice());
        let types: &'static [crate::SchemaType] = Box::leak(
            vec![crate::SchemaType {
                name: "Token",
                file: "remote.json",
                pointer: "/$defs/Token",
                exact: true,
                lossless: true,
            }]
            .into_boxed_slice(),
        );
        let started = std::time::Instant::now();
        let error = match Judge::from_files(files, types, Limits::default()) {
            Err(e) => e,
            Ok(judge) => judge.judge("Token", "{}").unwrap_err(),
        };
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{reference}: {:?}",
            started.elapsed()
        );
        let message = error.to_string();
        assert!(
            matches!(
                error,
                JudgeError::Schema { .. } | JudgeError::Compile { .. }
            ),
            "{reference}: {message}"
        );
        assert!(message.contains(&reference), "{reference}: {message}");
        println!("{reference}: {message}");
    }
    assert_eq!(
        listener.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock,
        "something connected to the listener"
    );
    std::fs::remove_dir_all(&dir).ok();
}
