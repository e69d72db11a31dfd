//! The judge's one entry as the benchmarks call it.
#![allow(dead_code)]

use clerk_models::judge::{Input, Judge, Pass, Verdict};

/// Whether the entry took the one pass on `text` as `kind` (it conforms and
/// decodes).
pub fn one_pass(judge: &Judge, kind: &str, text: &str) -> bool {
    let judged = judge.judge(text.as_bytes(), &Input::document().with_kind(Some(kind)));
    matches!(&judged[..], [j] if j.result.as_ref().is_ok_and(|v| v.pass == Pass::One))
}

/// The entry's verdict on `bytes` as `kind`: the one pass where it is safe.
pub fn entry(judge: &Judge, kind: &str, bytes: &[u8]) -> Verdict {
    let mut judged = judge.judge(bytes, &Input::document().with_kind(Some(kind)));
    judged.remove(0).result.expect("judged")
}

/// The full judgement of `bytes` as `kind`: every finding with its place,
/// the typed decode, the round trip.
pub fn full(judge: &Judge, kind: &str, bytes: &[u8]) -> Verdict {
    let mut judged = judge.judge(bytes, &Input::document().with_kind(Some(kind)).full());
    judged.remove(0).result.expect("judged")
}
