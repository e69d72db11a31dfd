//! The quick check on the JSON it reads differently from serde_json if at
//! all: each case's expected answer, and every payload it vouches for
//! confirmed by the full judgement.

use crate::judge::{Input, Judge, JudgeError};

fn judge() -> &'static Judge {
    static JUDGE: std::sync::OnceLock<Judge> = std::sync::OnceLock::new();
    JUDGE.get_or_init(|| Judge::new().expect("the Clerk judge"))
}

/// Asserts the quick check's answer on `text` as `kind`, and that the full
/// judgement confirms whatever it vouches for.
fn check(kind: &str, text: &str, vouched: bool) {
    let judge = judge();
    let got = judge.vouches_for(kind, text).expect("a known kind");
    assert_eq!(got, vouched, "{kind}: {text}");
    if got {
        let input = Input::document().with_kind(Some(kind)).full();
        let judged = judge.judge(text.as_bytes(), &input);
        let verdict = judged[0].result.as_ref().expect("judged");
        assert!(
            judged.len() == 1 && verdict.conforms() && verdict.decodes(),
            "{kind}: {text}: vouched for, but {verdict}"
        );
    }
}

#[test]
fn integers_as_serde_json_reads_them() {
    for (text, vouched) in [
        ("1767225600000", true),
        (" -1\n", true),
        ("9223372036854775807", true),
        ("-9223372036854775808", true),
        // Past int64; an integer beyond 64 bits; `-0`, `1.0` and `1e3`,
        // which serde_json reads as floats: declined.
        ("9223372036854775808", false),
        ("123456789012345678901234567890", false),
        ("-0", false),
        ("1.0", false),
        ("1e3", false),
        // Not JSON, or not one value.
        ("01", false),
        ("1.", false),
        ("-", false),
        ("1 2", false),
        ("", false),
        ("null", false),
    ] {
        check("Timestamp", text, vouched);
    }
}

#[test]
fn strings_keys_and_objects() {
    for (text, vouched) in [
        (r#"{"object": "token", "jwt": "a.b.c"}"#, true),
        (r#"{"jwt":"a.b.c","object":"token"}"#, true),
        (
            r#"{"object": "token", "jwt": "caf\u00e9 é \" \\ \/ \n"}"#,
            true,
        ),
        // Escaped keys and enum values would need decoding: declined.
        (r#"{"\u006fbject": "token", "jwt": "a"}"#, false),
        (r#"{"object": "tok\u0065n", "jwt": "a"}"#, false),
        // Surrogates, raw control characters, bad escapes.
        (r#"{"object": "token", "jwt": "\ud83d\ude00"}"#, false),
        (r#"{"object": "token", "jwt": "\ud800"}"#, false),
        ("{\"object\": \"token\", \"jwt\": \"a\tb\"}", false),
        (r#"{"object": "token", "jwt": "\x"}"#, false),
        (r#"{"object": "token", "jwt": "\u12"}"#, false),
        // A key twice, an unknown key, a missing one, a wrong constant.
        (r#"{"object": "token", "jwt": "a", "jwt": "b"}"#, false),
        (r#"{"object": "token", "jwt": "a", "new": 1}"#, false),
        (r#"{"object": "token"}"#, false),
        (r#"{"object": "tokens", "jwt": "a"}"#, false),
        // Not one JSON value.
        (r#"{"object": "token", "jwt": "a",}"#, false),
        (r#"{"object": "token", "jwt": "a"} x"#, false),
        (r#"{"object": "token", "jwt": "a""#, false),
        (r#"{"object" "token", "jwt": "a"}"#, false),
    ] {
        check("Token", text, vouched);
    }
}

/// Strings of every length to 40, the payload ending right after them or
/// not, each with a tab, a quote, an escape or a multi-byte character at
/// every place: whichever of the sixteen-byte, eight-byte and byte-by-byte
/// steps meets it, the answer is the same.
#[test]
fn every_place_in_a_string_is_read_alike() {
    for len in 0..=40 {
        let plain = "a".repeat(len);
        for tail in ["}", ", \"object\": \"token\"}"] {
            let text = |jwt: &str| match tail {
                "}" => format!(r#"{{"object": "token", "jwt": "{jwt}"}}"#),
                _ => format!(r#"{{"jwt": "{jwt}"{tail}"#),
            };
            check("Token", &text(&plain), true);
            for at in 0..len {
                let with = |s: &str| format!("{}{s}{}", &plain[..at], &plain[at + 1..]);
                check("Token", &text(&with("\t")), false);
                check("Token", &text(&with(r#"\""#)), true);
                check("Token", &text(&with(r"\u00e9")), true);
                check("Token", &text(&with("é")), true);
                check("Token", &text(&with(r"\q")), false);
            }
        }
    }
}

#[test]
fn every_conforming_recording_is_vouched_for() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clerk");
    let verdicts = std::fs::read_to_string(format!("{root}/verdicts.json")).expect("verdicts");
    let verdicts: Vec<serde_json::Value> = serde_json::from_str(&verdicts).expect("JSON");
    let mut vouched = 0;
    for v in &verdicts {
        let (Some(file), Some(kind)) = (v["file"].as_str(), v["kind"].as_str()) else {
            panic!("a verdict without file or kind: {v}");
        };
        let conforming = v["conforms"] == true && v["decodes"] == true;
        let text = std::fs::read_to_string(format!("{root}/{file}")).expect("fixture");
        check(kind, &text, conforming);
        vouched += usize::from(conforming);
    }
    assert!(vouched > 100, "{vouched} recordings vouched for");
}

#[test]
fn nulls_arrays_and_objects_where_a_union_allows_them() {
    for (text, vouched) in [
        (r#"{"response": null, "client": null}"#, true),
        (r#"{"response": null}"#, false),
        (r#"{"response": [], "client": null}"#, false),
    ] {
        check("ClientEnvelope", text, vouched);
    }
}

#[test]
fn nesting_past_the_scan_depth_is_declined() {
    let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
    assert!(!judge().vouches_for("Timestamp", &deep).unwrap());
}

/// The quick check keeps the judge's limits: it never vouches for text the
/// full judgement refuses on its size or depth.
#[test]
fn the_judges_limits_bound_what_is_vouched_for() {
    use crate::judge::Limits;
    let token = r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#;
    assert!(judge().vouches_for("Token", token).unwrap());
    let small = Judge::with_limits(Limits {
        max_bytes: token.len() - 1,
        ..Limits::default()
    })
    .unwrap();
    assert!(!small.vouches_for("Token", token).unwrap());
    let shallow = Judge::with_limits(Limits {
        max_depth: 0,
        ..Limits::default()
    })
    .unwrap();
    assert!(!shallow.vouches_for("Token", token).unwrap());
    let refused = shallow.judge(
        token.as_bytes(),
        &Input::document().with_kind(Some("Token")),
    );
    assert!(
        refused[0].result.is_err() || !refused[0].result.as_ref().unwrap().conforms(),
        "{:?}",
        refused[0].result
    );
}

/// While another thread compiles the shapes, the one pass's quick check
/// says "cannot say" rather than waiting; the payload is judged all the
/// same, by the one pass, to the same verdict.
#[test]
fn while_another_thread_compiles_the_shapes_it_cannot_say() {
    use std::sync::atomic::Ordering;
    let token = r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#;
    let judge = Judge::new().unwrap();
    let index = judge.index("Token").unwrap();
    // As if a thread had begun compiling and not finished.
    judge.quick.every.begun.store(true, Ordering::SeqCst);
    assert!(!judge.vouches(index, token));
    let judged = judge.judge(
        token.as_bytes(),
        &Input::document().with_kind(Some("Token")),
    );
    let verdict = judged[0].result.as_ref().unwrap();
    assert!(verdict.conforms() && verdict.decodes(), "{verdict}");
    // Once the shapes are there, it vouches.
    assert!(judge.vouches_for("Token", token).unwrap());
    assert!(judge.vouches(index, token));
}

/// A judge told its kind compiles that kind's shapes alone and parses only
/// the documents the kind reaches; a payload of another kind is vouched for
/// all the same (every kind compiled then).
#[test]
fn a_judge_focused_on_a_kind_reads_only_what_the_kind_reaches() {
    let parsed = |judge: &Judge| -> Vec<&str> {
        let mut files: Vec<&str> = judge
            .documents
            .iter()
            .filter(|(_, d)| d.is_parsed())
            .map(|(&f, _)| f)
            .collect();
        files.sort_unstable();
        files
    };
    let mut judge = Judge::new().unwrap();
    assert!(
        parsed(&judge).is_empty(),
        "nothing parsed before it is read"
    );
    assert!(matches!(
        judge.focus_on("NoSuchKind"),
        Err(JudgeError::UnknownKind { .. })
    ));
    judge.focus_on("Token").unwrap();
    let token = r#"{"object": "token", "jwt": "e30=.e30=.e30="}"#;
    let index = judge.index("Token").unwrap();
    assert!(judge.vouches(index, token));
    let token_file = judge.kind("Token").unwrap().file;
    assert_eq!(parsed(&judge), [token_file]);
    assert!(judge.quick.every.value.get().is_none());
    // Another kind: every kind's shapes, the same verdicts as ever.
    let deleted = r#"{"object": "session", "id": "sess_1", "deleted": true}"#;
    assert!(judge.vouches_for("DeletedObject", deleted).unwrap());
    assert!(judge.quick.every.value.get().is_some());
    assert!(
        judge.vouches(index, token),
        "the focused shapes still serve"
    );
}
