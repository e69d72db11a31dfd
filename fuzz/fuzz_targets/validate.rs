//! Bytes → the judge's one entry: the full judgement for a few kinds and for
//! the kind told from the shape, and the entry as `validate` calls it. Must
//! never panic; besides, every finding and decoding error must have a
//! line:column, the schema and the types must not disagree, and the one
//! pass may only claim what the full judgement confirms.

#![no_main]

use clerk_models::judge::{Input, Judge, Pass, Verdict};
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
    // The schema and the types agree (drift aside), and where both reject,
    // at the same place.
    if let Some(d) = verdict.disagreement() {
        panic!("the schema and the types disagree: {d}");
    }
}

fuzz_target!(|data: &[u8]| {
    let judge = judge();
    let kinds = KINDS.iter().map(|k| Some(*k)).chain([None]);
    for kind in kinds {
        for judged in judge.judge(data, &Input::document().with_kind(kind).full()) {
            match judged.result {
                Ok(verdict) => exercise(&verdict),
                Err(e) => drop(e.to_string()),
            }
        }
    }
    for judged in judge.judge(data, &Input::document()) {
        let Ok(verdict) = judged.result else { continue };
        if verdict.pass != Pass::One {
            continue;
        }
        // That payload's own text: from where it starts, one value.
        let text = std::str::from_utf8(data).expect("judged as text");
        let rest = &text[judged.start.offset..];
        let mut values =
            serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        values.next();
        let text = &rest[..values.byte_offset()];
        let input = Input::document().with_kind(Some(verdict.kind)).full();
        let full = judge.judge(text.as_bytes(), &input).remove(0).result;
        let full = full.expect("the kind the one pass named");
        assert!(
            full.conforms() && full.decodes(),
            "the one pass said {} conforms:\n{full}",
            verdict.kind
        );
    }
});
