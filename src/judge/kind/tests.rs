//! The kind rules on a schema made for them: lists, pages, defs sharing an
//! `object` value, bodies without one, several envelopes with a `null`
//! response; and the text reader agreeing with the value reader.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{Detection, Rules, Schemas};

/// One document, every `$defs` entry a kind.
struct Doc(Value);

impl Schemas for Doc {
    fn kind_schemas(&self) -> Vec<(&'static str, &'static str, &Value)> {
        self.0["$defs"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, schema)| (leak(name), "doc.json", schema))
            .collect()
    }
    fn resolve(&self, _: &str, reference: &str) -> Option<(&'static str, &Value)> {
        Some(("doc.json", self.0.pointer(reference.strip_prefix('#')?)?))
    }
    fn kind_at(&self, _: &str, pointer: &str) -> Option<&'static str> {
        let name = pointer.strip_prefix("/$defs/")?;
        self.0["$defs"].get(name).map(|_| leak(name))
    }
}

fn leak(name: &str) -> &'static str {
    thread_local! {
        static NAMES: std::cell::RefCell<BTreeMap<String, &'static str>> = Default::default();
    }
    NAMES.with(|names| {
        *names
            .borrow_mut()
            .entry(name.to_owned())
            .or_insert_with(|| Box::leak(name.to_owned().into_boxed_str()))
    })
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

fn object(object: Option<&str>, required: &[&str], more: &[&str]) -> Value {
    let mut props = serde_json::Map::new();
    if let Some(o) = object {
        props.insert("object".into(), json!({"const": o}));
    }
    for key in required.iter().chain(more) {
        props.insert((*key).into(), json!({}));
    }
    let mut required: Vec<&str> = required.to_vec();
    if object.is_some() {
        required.push("object");
    }
    json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

fn envelope(response: Value) -> Value {
    json!({"type": "object", "properties": {"response": response, "client": {"anyOf": [r("Client"), {"type": "null"}]}},
        "required": ["response", "client"], "additionalProperties": false})
}

fn rules() -> Rules {
    let doc = json!({"$defs": {
        "Client": object(Some("client"), &["id"], &[]),
        "ClientEnvelope": envelope(json!({"anyOf": [r("Client"), {"type": "null"}]})),
        "Card": object(Some("card"), &["id"], &[]),
        "CardEnvelope": envelope(json!({"anyOf": [r("Card"), {"type": "null"}]})),
        "Email": object(Some("email"), &["id", "address"], &[]),
        "EmailEnvelope": envelope(r("Email")),
        "EmailList": {"type": "array", "items": r("Email")},
        "EmailListEnvelope": envelope(r("EmailList")),
        "Session": object(Some("session"), &["id", "status", "user", "created_at"], &["tasks"]),
        "ActiveSession": object(Some("session"), &["id", "status"], &["tasks", "latest_activity"]),
        "SessionList": {"type": "array", "items": r("Session")},
        "ActiveSessionList": {"type": "array", "items": r("ActiveSession")},
        "SessionEnvelope": envelope(r("Session")),
        "Domain": object(Some("domain"), &["id", "name"], &[]),
        "DomainPage": {"type": "object", "properties": {"data": {"type": "array", "items": r("Domain")},
            "total_count": {"type": "integer"}}, "required": ["data", "total_count"], "additionalProperties": false},
        "DomainPageEnvelope": envelope(r("DomainPage")),
        "Member": object(Some("member"), &["id"], &[]),
        "MemberList": {"type": "array", "items": r("Member")},
        "MemberPage": {"type": "object", "properties": {"data": {"type": "array", "items": r("Member")},
            "total_count": {"type": "integer"}}, "required": ["data", "total_count"], "additionalProperties": false},
        "MemberListEnvelope": envelope(json!({"oneOf": [r("MemberList"), r("MemberPage")]})),
        "SessionToken": object(None, &["jwt"], &[]),
        "TestRun": object(None, &["url"], &[]),
        "TestRunEnvelope": envelope(r("TestRun")),
        "Link": object(None, &["type", "id"], &[]),
        "Uses": {"type": "object", "properties": {"link": r("Link")}},
        "Errors": {"type": "object", "properties": {"errors": {"type": "array"}}, "required": ["errors"]},
    }});
    Rules::derive(&Doc(doc))
}

fn several(kinds: &[&'static str]) -> Detection {
    Detection::Several(kinds.to_vec())
}

/// Every case, with what the rules tell; the text reader tells the same.
#[test]
fn the_rules_tell_lists_pages_shared_objects_and_bare_bodies() {
    let rules = rules();
    let session =
        json!({"object": "session", "id": "s", "status": "active", "user": {}, "created_at": 1});
    let active =
        json!({"object": "session", "id": "s", "status": "active", "latest_activity": null});
    let cases: Vec<(Value, Detection)> = vec![
        // Envelopes, by their response.
        (
            json!({"response": {"object": "card", "id": "c"}, "client": null}),
            Detection::Kind("CardEnvelope"),
        ),
        // A null response: of the envelopes that allow it, the one that
        // wraps its own client's type.
        (
            json!({"response": null, "client": null}),
            Detection::Kind("ClientEnvelope"),
        ),
        // Arrays: the list of their first element's def.
        (
            json!([{"object": "email", "id": "e", "address": "a"}]),
            Detection::Kind("EmailList"),
        ),
        (
            json!({"response": [{"object": "email", "id": "e", "address": "a"}], "client": null}),
            Detection::Kind("EmailListEnvelope"),
        ),
        (
            json!([]),
            several(&[
                "ActiveSessionList",
                "EmailList",
                "MemberList",
                "SessionList",
            ]),
        ),
        (
            json!({"response": [], "client": null}),
            several(&["EmailListEnvelope", "MemberListEnvelope"]),
        ),
        (json!([1]), Detection::Unknown),
        (json!([{"object": "nope"}]), Detection::Unknown),
        // Pages: by their first element too.
        (
            json!({"response": {"data": [{"object": "domain", "id": "d", "name": "n"}], "total_count": 1}, "client": null}),
            Detection::Kind("DomainPageEnvelope"),
        ),
        (
            json!({"response": {"data": [{"object": "member", "id": "m"}], "total_count": 1}, "client": null}),
            Detection::Kind("MemberListEnvelope"),
        ),
        (
            json!({"response": [{"object": "member", "id": "m"}], "client": null}),
            Detection::Kind("MemberListEnvelope"),
        ),
        (
            json!({"response": {"data": [], "total_count": 0}, "client": null}),
            several(&["DomainPageEnvelope", "MemberListEnvelope"]),
        ),
        (
            json!({"data": [{"object": "domain", "id": "d", "name": "n"}], "total_count": 1}),
            Detection::Kind("DomainPage"),
        ),
        (json!({"data": {"object": "domain"}}), Detection::Unknown),
        // Defs sharing `object`: the keys decide.
        (session.clone(), Detection::Kind("Session")),
        (active.clone(), Detection::Kind("ActiveSession")),
        (
            json!({"response": session.clone(), "client": null}),
            Detection::Kind("SessionEnvelope"),
        ),
        // In an envelope, only the defs an envelope holds are candidates:
        // an active-session shape there is a Session that lacks keys.
        (
            json!({"response": active.clone(), "client": null}),
            Detection::Kind("SessionEnvelope"),
        ),
        (json!([session]), Detection::Kind("SessionList")),
        (json!([active]), Detection::Kind("ActiveSessionList")),
        // A Session missing a key is still closer to Session than to
        // ActiveSession with its two unknown keys.
        (
            json!({"object": "session", "id": "s", "status": "active", "user": {}}),
            Detection::Kind("Session"),
        ),
        // Bodies without `object`: an exact fit of a def no other def holds,
        // or of an envelope's response.
        (json!({"jwt": "e30="}), Detection::Kind("SessionToken")),
        (json!({"jwt": "e30=", "more": 1}), Detection::Unknown),
        (json!({}), Detection::Unknown),
        (
            json!({"response": {"url": "https://x"}, "client": null}),
            Detection::Kind("TestRunEnvelope"),
        ),
        (json!({"type": "t", "id": "i"}), Detection::Unknown),
        (json!({"errors": []}), Detection::Kind("Errors")),
    ];
    for (value, want) in &cases {
        assert_eq!(&rules.detection(value), want, "{value}");
        let text = value.to_string();
        let slot = super::text::slot(&text).expect("JSON");
        assert_eq!(&rules.detection_of(&slot), want, "text of {value}");
    }
}

/// Where the rules cannot tell, the explanation says what they saw and
/// names the closest kinds.
#[test]
fn undetected_payloads_are_explained() {
    let rules = rules();
    let explain = |v: Value| rules.explain(&v).to_string();
    assert_eq!(
        explain(
            json!({"response": {"object": "emial", "id": "e", "address": "a"}, "client": null})
        ),
        "response.object is \"emial\", which no kind claims; closest: EmailEnvelope"
    );
    assert_eq!(
        explain(json!({"response": [], "client": null})),
        "response is an empty array, which fits 2 kinds equally: EmailListEnvelope, MemberListEnvelope"
    );
    assert_eq!(
        explain(json!({"object": "card"})),
        "object is \"card\"; closest: Card"
    );
    assert_eq!(
        explain(json!({"jwt": "e30=", "exp": 1})),
        "the top-level keys are jwt, exp; closest: SessionToken"
    );
    assert_eq!(explain(json!("x")), "the payload is a string");
    // Where each is: the member the words speak of.
    let at = |v: Value| rules.explain(&v).pointer;
    assert_eq!(
        at(json!({"response": {"object": "emial"}})),
        "/response/object"
    );
    assert_eq!(at(json!({"response": [], "client": null})), "/response");
    assert_eq!(at(json!({"response": null})), "/response");
    assert_eq!(at(json!({"jwt": "e30="})), "");
    assert_eq!(at(json!([])), "");
    assert_eq!(at(json!([{"id": 1}])), "/0");
    assert_eq!(at(json!({"data": [{"object": "x"}]})), "/data/0/object");
    assert_eq!(at(json!({"response": {"data": [1]}})), "/response/data");
    assert_eq!(
        explain(json!({"response": {"data": [{"object": "domian", "id": "d"}]}})),
        "response.data[0].object is \"domian\", which no kind claims; closest: DomainPageEnvelope, MemberListEnvelope"
    );
}
