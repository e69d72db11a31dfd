//! The benchmark corpus, built deterministically from the recorded Flutter
//! payloads in `tests/fixtures/clerk/flutter/` (compact JSON, as sent on the
//! wire). Every document is checked against the judge before it is used:
//! the valid ones must pass `Judge::quick`, the invalid ones must fail it and
//! be found wanting by the full judgement in the intended way.

#![allow(dead_code)]

use serde_json::{json, Value};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            "../../tests/fixtures/clerk/flutter/",
            $name,
            ".json"
        ))
    };
}

/// One payload of the corpus.
pub struct Doc {
    /// The benchmark name (`client_typical`, `user`, `violation_early`...).
    pub name: &'static str,
    /// The schema def it is judged as (`ClientEnvelope`, `User`...).
    pub kind: &'static str,
    /// Compact JSON text.
    pub text: String,
}

impl Doc {
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

pub struct Corpus {
    /// Conforming payloads: three client envelopes and one of each object.
    pub valid: Vec<Doc>,
    /// Variants of `client_typical` with violations or drift.
    pub invalid: Vec<Doc>,
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("fixtures are JSON")
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).expect("a Value encodes")
}

/// Suffixes every id (`SESSION_ID`, `idn_...`) in `value`, so that copied
/// sessions and identifications get ids of their own.
fn rename_ids(value: &mut Value, suffix: &str) {
    match value {
        Value::String(s) if s.ends_with("_ID") || s.starts_with("idn_") => {
            s.push('_');
            s.push_str(suffix);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_ids(v, suffix)),
        Value::Object(map) => map.values_mut().for_each(|v| rename_ids(v, suffix)),
        _ => {}
    }
}

fn organization_membership(i: usize, public_user_data: &Value) -> Value {
    json!({
        "object": "organization_membership",
        "id": format!("orgmem_{i:04}"),
        "public_metadata": {"team": format!("team-{}", i % 7)},
        "role": if i % 3 == 0 { "org:admin" } else { "org:member" },
        "role_name": if i % 3 == 0 { "Admin" } else { "Member" },
        "permissions": [
            "org:sys_profile:read",
            "org:sys_memberships:read",
            "org:sys_domains:read"
        ],
        "organization": {
            "object": "organization",
            "id": format!("org_{i:04}"),
            "name": format!("Organization number {i}"),
            "slug": format!("organization-{i}"),
            "image_url": "URL",
            "has_image": false,
            "members_count": 3 + i as i64 % 40,
            "pending_invitations_count": 0,
            "max_allowed_memberships": 100,
            "admin_delete_enabled": true,
            "public_metadata": {},
            "created_at": 1767225596000i64,
            "updated_at": 1767225598000i64
        },
        "public_user_data": public_user_data,
        "created_at": 1767225596000i64,
        "updated_at": 1767225598000i64
    })
}

/// The client envelopes: small (a client with a sign-in, no session),
/// typical (one client, three sessions with full users, a sign-in) and large
/// (many sessions whose users belong to organizations).
fn clients() -> (Value, Value, Value) {
    let small = parse(fixture!("client-get-during-email-link-a"));

    // typical: the email-link client (a session with its user, a sign-in),
    // padded with the sessions of two other recordings and one more email
    // address, each with ids of its own.
    let mut typical = parse(fixture!("client-get-during-email-link-c"));
    let me = parse(fixture!("user-get-me"));
    let signed_up = parse(fixture!("sign-up-attempt-verification-phone-code-complete"));
    let mut extra_sessions = Vec::new();
    for (suffix, source) in [("B", &me), ("C", &signed_up)] {
        let mut session = source["client"]["sessions"][0].clone();
        rename_ids(&mut session, suffix);
        extra_sessions.push(session);
    }
    {
        let client = &mut typical["response"];
        let user = &mut client["sessions"][0]["user"];
        let mut address = user["email_addresses"][0].clone();
        rename_ids(&mut address, "2");
        address["email_address"] = json!("second-address+clerk_test@somedomain.com");
        user["email_addresses"]
            .as_array_mut()
            .unwrap()
            .push(address);
        let sessions = client["sessions"].as_array_mut().unwrap();
        sessions.extend(extra_sessions);
    }

    // large: a client with many sessions, every user in several organizations.
    let mut large = typical.clone();
    {
        let template = typical["response"]["sessions"][1].clone();
        let sessions = large["response"]["sessions"].as_array_mut().unwrap();
        sessions.clear();
        for i in 0..14 {
            let mut session = template.clone();
            rename_ids(&mut session, &format!("S{i:02}"));
            let public_user_data = session["public_user_data"].clone();
            let memberships: Vec<Value> = (0..3)
                .map(|m| organization_membership(i * 3 + m, &public_user_data))
                .collect();
            session["user"]["organization_memberships"] = Value::Array(memberships);
            sessions.push(session);
        }
    }
    (small, typical, large)
}

/// The last key of the document's text: the deepest last entry.
fn last_leaf(value: &mut Value) -> &mut Value {
    let nested = match &*value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    };
    if !nested {
        return value;
    }
    match value {
        Value::Object(map) => last_leaf(map.values_mut().last().unwrap()),
        Value::Array(items) => last_leaf(items.last_mut().unwrap()),
        _ => unreachable!("only objects and arrays nest"),
    }
}

/// What an invalid variant should do to the judge.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    /// Schema violations, and the types refuse it.
    Violations(usize),
    /// Drift only: the types decode it and their walk reports it.
    Drift,
}

fn invalid(typical: &Value) -> Vec<(Doc, Expect)> {
    let doc = |name, value: Value| Doc {
        name,
        kind: "ClientEnvelope",
        text: compact(&value),
    };
    let early = |v: &mut Value| v["response"]["id"] = json!(12345);
    // The last field of the text is the envelope's `client` (null): a string
    // is neither a Client nor null.
    let last = |v: &mut Value| *last_leaf(v) = json!("CLIENT_ID");
    let mut out = Vec::new();

    let mut v = typical.clone();
    early(&mut v);
    out.push((doc("violation_early", v), Expect::Violations(1)));

    let mut v = typical.clone();
    last(&mut v);
    out.push((doc("violation_last", v), Expect::Violations(1)));

    let mut v = typical.clone();
    early(&mut v);
    v["response"]["sessions"][1]["expire_at"] = json!("tomorrow");
    v["response"]["sessions"][2]["user"]["banned"] = json!("no");
    last(&mut v);
    out.push((doc("violations_several", v), Expect::Violations(4)));

    let mut v = typical.clone();
    v["response"]["sessions"][2]["user"]["phone_numbers"][0]["verification"]["risk_score"] =
        json!(0.25);
    out.push((doc("unknown_property_deep", v), Expect::Drift));

    let mut v = typical.clone();
    v["response"]["sessions"][1]["status"] = json!("hibernating");
    out.push((doc("unknown_enum_value", v), Expect::Drift));
    out
}

/// Builds the corpus and checks every document against the judge.
pub fn corpus() -> Corpus {
    let (small, typical, large) = clients();
    let me = parse(fixture!("user-get-me"));
    let email_link = parse(fixture!("client-get-during-email-link-c"));
    let sign_in = parse(fixture!("sign-in-create-needs-first-factor"));
    let sign_up = parse(fixture!("sign-up-attempt-verification-phone-code-complete"));

    let valid = vec![
        Doc {
            name: "client_small",
            kind: "ClientEnvelope",
            text: compact(&small),
        },
        Doc {
            name: "client_typical",
            kind: "ClientEnvelope",
            text: compact(&typical),
        },
        Doc {
            name: "client_large",
            kind: "ClientEnvelope",
            text: compact(&large),
        },
        Doc {
            name: "user",
            kind: "User",
            text: compact(&me["response"]),
        },
        Doc {
            name: "session",
            kind: "Session",
            text: compact(&email_link["response"]["sessions"][0]),
        },
        Doc {
            name: "sign_in",
            kind: "SignIn",
            text: compact(&sign_in["response"]),
        },
        Doc {
            name: "sign_up",
            kind: "SignUp",
            text: compact(&sign_up["response"]),
        },
    ];
    let sizes = |name: &str| valid.iter().find(|d| d.name == name).unwrap().text.len();
    assert!(
        (800..=1600).contains(&sizes("client_small")),
        "small: {}",
        sizes("client_small")
    );
    assert!(
        (7_000..=9_500).contains(&sizes("client_typical")),
        "typical: {}",
        sizes("client_typical")
    );
    assert!(
        (50_000..=100_000).contains(&sizes("client_large")),
        "large: {}",
        sizes("client_large")
    );

    let judge = clerk_models::judge::Judge::new().expect("the embedded schema loads");
    for d in &valid {
        let judged = judge.judge(
            d.text.as_bytes(),
            &clerk_models::judge::Input::document().with_kind(Some(d.kind)),
        );
        let verdict = judged[0].result.as_ref().expect("within the limits");
        assert_eq!(
            verdict.pass,
            clerk_models::judge::Pass::One,
            "{} must conform",
            d.name
        );
    }
    let mut invalid_docs = Vec::new();
    for (d, expect) in invalid(&typical) {
        let judged = judge.judge(
            d.text.as_bytes(),
            &clerk_models::judge::Input::document().with_kind(Some(d.kind)),
        );
        let verdict = judged[0].result.as_ref().expect("judged");
        assert_eq!(verdict.pass, clerk_models::judge::Pass::Full, "{}", d.name);
        match expect {
            Expect::Violations(n) => {
                assert!(!verdict.decodes(), "{} must not decode", d.name);
                assert_eq!(verdict.violations().count(), n, "{}: {verdict}", d.name);
            }
            Expect::Drift => {
                assert!(verdict.decodes(), "{} must decode", d.name);
                assert_eq!(verdict.violations().count(), 0, "{}: {verdict}", d.name);
                assert_eq!(verdict.drift().count(), 1, "{}: {verdict}", d.name);
            }
        }
        invalid_docs.push(d);
    }
    Corpus {
        valid,
        invalid: invalid_docs,
    }
}
