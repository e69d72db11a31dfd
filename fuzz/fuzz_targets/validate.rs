//! Bytes → the judge: `judge_bytes` for a few kinds, and `judge_detect` and
//! the fast path (`quick`) on the text when it is UTF-8. Must never panic;
//! besides, every finding and decoding error must have a line:column, and
//! the fast path may only claim what the full judgement confirms.

#![no_main]

use clerk_models::judge::{Judge, Verdict};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const KINDS: [&str; 5] = [
    "ClientEnvelope",
    "SignIn",
    "UserEnvelope",
    "ErrorEnvelope",
    "Session",
];

fn judge() -> &'static Judge {
    static JUDGE: OnceLock<Judge> = OnceLock::new();
    JUDGE.get_or_init(|| Judge::new().expect("the embedded schema loads"))
}

fn exercise(verdict: &Verdict) {
    for f in &verdict.findings {
        assert!(f.position.is_some(), "a finding without a position: {f}");
    }
    if let Some(e) = verdict.decode_error() {
        assert!(
            e.position.is_some(),
            "a decoding error without a position: {e}"
        );
    }
    let _ = verdict.to_string();
    let _ = verdict.disagreement().map(|d| d.to_string());
}

fuzz_target!(|data: &[u8]| {
    let judge = judge();
    for kind in KINDS {
        match judge.judge_bytes(kind, data) {
            Ok(verdict) => exercise(&verdict),
            Err(e) => drop(e.to_string()),
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        match judge.judge_detect(None, text) {
            Ok(verdict) => exercise(&verdict),
            Err(e) => drop(e.to_string()),
        }
        if let Ok(Some(kind)) = judge.quick(None, text) {
            let verdict = judge.judge(kind, text).expect("the kind quick named");
            assert!(
                verdict.conforms() && verdict.decodes(),
                "quick said {kind} conforms:\n{verdict}"
            );
        }
    }
});
