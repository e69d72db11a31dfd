//! Decoding and validating Clerk payloads: the generated types and the judge
//! against hand-written serde structs, `serde_json::Value`, `IgnoredAny` and
//! the `jsonschema` crate, on one corpus (see `support/corpus.rs`).
//!
//! Benchmark ids are `<group>/<route>/<document>`:
//!
//! * `decode_bytes`, `decode_str`: `generated` (the `clerk_models` type),
//!   `handwritten` (plain serde structs of the same shape), `value`
//!   (`serde_json::Value`), `ignored_any` (the parse floor);
//! * `validate` (from bytes): `ours_one_pass` (the judge's one entry, the
//!   kind given, taking the one pass),
//!   `jsonschema` (parse to `Value`, `is_valid`), `jsonschema_preparsed`
//!   (`is_valid` alone, the `Value` built beforehand);
//! * `validate_decode` (from bytes): `ours_decode_checked`
//!   (`judge::decode_checked`), `value_jsonschema_from_value` (parse to
//!   `Value`, `is_valid`, `serde_json::from_value` into the generated type);
//! * `errors_first` (invalid documents, from bytes): `ours_decode_checked`
//!   (the first decode error with line:column, or the drift list),
//!   `jsonschema_validate` (parse, `validate`: the first error);
//! * `errors_all`: `ours_full` (the full judgement: every finding with
//!   pointer, line:column and snippet from the generated validator, the
//!   typed decode and the round trip), `ours_entry` (the one entry as
//!   `clerk-models validate` calls it: the one pass declines, then the full
//!   judgement),
//!   `jsonschema_iter_errors` (parse, `iter_errors`, pointer and message of
//!   each).
//!
//! `cargo bench --bench payloads`, then `python3 benches/report.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

use clerk_models::judge::{decode_checked, Judge};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/entry.rs"]
mod entry;
#[path = "support/handwritten.rs"]
mod handwritten;
#[path = "../tests/support/oracle.rs"]
mod oracle;
#[path = "support/peer.rs"]
mod peer;

use corpus::Doc;

/// Calls `$f::<Generated, HandWritten>($args)` for the document's kind.
macro_rules! dispatch {
    ($kind:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $kind {
            "ClientEnvelope" => $f::<clerk_models::models::ClientEnvelope, handwritten::ClientEnvelope>($($arg),*),
            "User" => $f::<clerk_models::models::User, handwritten::User>($($arg),*),
            "Session" => $f::<clerk_models::models::Session, handwritten::Session>($($arg),*),
            "SignIn" => $f::<clerk_models::models::SignIn, handwritten::SignIn>($($arg),*),
            "SignUp" => $f::<clerk_models::models::SignUp, handwritten::SignUp>($($arg),*),
            other => panic!("no types for {other}"),
        }
    };
}

/// Calls `$f::<Generated>($args)` for the document's kind.
macro_rules! dispatch_generated {
    ($kind:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $kind {
            "ClientEnvelope" => $f::<clerk_models::models::ClientEnvelope>($($arg),*),
            "User" => $f::<clerk_models::models::User>($($arg),*),
            "Session" => $f::<clerk_models::models::Session>($($arg),*),
            "SignIn" => $f::<clerk_models::models::SignIn>($($arg),*),
            "SignUp" => $f::<clerk_models::models::SignUp>($($arg),*),
            other => panic!("no types for {other}"),
        }
    };
}

struct Setup {
    corpus: corpus::Corpus,
    judge: Judge,
}

impl Setup {
    fn new() -> Setup {
        let judge = Judge::new().expect("the embedded schema loads");
        Setup {
            corpus: corpus::corpus(),
            judge,
        }
    }

    fn validator(&self, kind: &str) -> &'static jsonschema::Validator {
        peer::validator(kind)
    }
}

fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("the corpus is UTF-8")
}

fn decode_bytes<G: DeserializeOwned, H: DeserializeOwned>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    doc: &Doc,
) {
    let bytes = doc.bytes();
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("generated", doc.name),
        bytes,
        |b, bytes| b.iter(|| serde_json::from_slice::<G>(black_box(bytes)).unwrap()),
    );
    g.bench_with_input(
        BenchmarkId::new("handwritten", doc.name),
        bytes,
        |b, bytes| b.iter(|| serde_json::from_slice::<H>(black_box(bytes)).unwrap()),
    );
    g.bench_with_input(BenchmarkId::new("value", doc.name), bytes, |b, bytes| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).unwrap())
    });
    g.bench_with_input(
        BenchmarkId::new("ignored_any", doc.name),
        bytes,
        |b, bytes| b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(bytes)).unwrap()),
    );
}

fn decode_str<G: DeserializeOwned, H: DeserializeOwned>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    doc: &Doc,
) {
    let text = doc.text.as_str();
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_with_input(BenchmarkId::new("generated", doc.name), text, |b, text| {
        b.iter(|| serde_json::from_str::<G>(black_box(text)).unwrap())
    });
    g.bench_with_input(
        BenchmarkId::new("handwritten", doc.name),
        text,
        |b, text| b.iter(|| serde_json::from_str::<H>(black_box(text)).unwrap()),
    );
    g.bench_with_input(BenchmarkId::new("value", doc.name), text, |b, text| {
        b.iter(|| serde_json::from_str::<Value>(black_box(text)).unwrap())
    });
    g.bench_with_input(
        BenchmarkId::new("ignored_any", doc.name),
        text,
        |b, text| b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(text)).unwrap()),
    );
}

fn validate(g: &mut BenchmarkGroup<'_, WallTime>, setup: &Setup, doc: &Doc) {
    let bytes = doc.bytes();
    let judge = &setup.judge;
    let validator = setup.validator(doc.kind);
    let kind = doc.kind;
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("ours_one_pass", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                assert!(entry::one_pass(judge, kind, utf8(black_box(bytes))));
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("ours_quick_check", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                assert!(judge.vouches_for(kind, utf8(black_box(bytes))).unwrap());
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("jsonschema", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                assert!(validator.is_valid(&value));
            })
        },
    );
    let value: Value = serde_json::from_slice(bytes).unwrap();
    g.bench_with_input(
        BenchmarkId::new("jsonschema_preparsed", doc.name),
        &value,
        |b, value| b.iter(|| assert!(validator.is_valid(black_box(value)))),
    );
    let rust_type = judge.kind(kind).unwrap().rust_type;
    g.bench_with_input(
        BenchmarkId::new("ours_generated_preparsed", doc.name),
        &value,
        |b, value| {
            b.iter(|| {
                assert!(
                    clerk_models::models::validate_type(rust_type, black_box(value))
                        .unwrap()
                        .is_empty()
                )
            })
        },
    );
}

fn validate_decode<G: DeserializeOwned + clerk_models::models::Check>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    setup: &Setup,
    doc: &Doc,
) {
    let bytes = doc.bytes();
    let validator = setup.validator(doc.kind);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("ours_decode_checked", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let checked = decode_checked::<G>(utf8(black_box(bytes))).unwrap();
                assert!(checked.conforms());
                checked
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("value_jsonschema_from_value", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                assert!(validator.is_valid(&value));
                serde_json::from_value::<G>(value).unwrap()
            })
        },
    );
}

fn errors_first(first: &mut BenchmarkGroup<'_, WallTime>, setup: &Setup, doc: &Doc) {
    let bytes = doc.bytes();
    let validator = setup.validator(doc.kind);
    first.throughput(Throughput::Bytes(bytes.len() as u64));

    first.bench_with_input(
        BenchmarkId::new("ours_decode_checked", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                match decode_checked::<clerk_models::models::ClientEnvelope>(utf8(black_box(bytes)))
                {
                    Err(e) => (e.line(), e.column(), e.to_string()),
                    Ok(checked) => (0, 0, checked.drift[0].pointer.clone()),
                }
            })
        },
    );
    first.bench_with_input(
        BenchmarkId::new("jsonschema_validate", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                let error = validator.validate(&value).unwrap_err();
                (error.instance_path().as_str().to_owned(), error.to_string())
            })
        },
    );
}

fn errors_all(all: &mut BenchmarkGroup<'_, WallTime>, setup: &Setup, doc: &Doc) {
    let bytes = doc.bytes();
    let judge = &setup.judge;
    let validator = setup.validator(doc.kind);
    let kind = doc.kind;
    all.throughput(Throughput::Bytes(bytes.len() as u64));
    all.bench_with_input(
        BenchmarkId::new("ours_full", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let verdict = entry::full(judge, kind, black_box(bytes));
                assert!(!verdict.conforms());
                verdict
            })
        },
    );
    all.bench_with_input(
        BenchmarkId::new("ours_entry", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let verdict = entry::entry(judge, kind, black_box(bytes));
                assert!(!verdict.conforms());
                verdict
            })
        },
    );
    all.bench_with_input(
        BenchmarkId::new("jsonschema_iter_errors", doc.name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                let errors = peer::all_errors(validator, &value);
                assert!(!errors.is_empty());
                errors
            })
        },
    );
}

fn payloads(c: &mut Criterion) {
    let setup = Setup::new();
    let valid = &setup.corpus.valid;

    // Every route of one document runs back to back, so that the ratios
    // between them compare measurements taken close together in time.
    for doc in valid {
        let mut g = c.benchmark_group("decode_bytes");
        dispatch!(doc.kind, decode_bytes(&mut g, doc));
        g.finish();
        let mut g = c.benchmark_group("decode_str");
        dispatch!(doc.kind, decode_str(&mut g, doc));
        g.finish();
        let mut g = c.benchmark_group("validate");
        validate(&mut g, &setup, doc);
        g.finish();
        let mut g = c.benchmark_group("validate_decode");
        dispatch_generated!(doc.kind, validate_decode(&mut g, &setup, doc));
        g.finish();
    }

    for doc in &setup.corpus.invalid {
        let mut g = c.benchmark_group("errors_first");
        errors_first(&mut g, &setup, doc);
        g.finish();
        let mut g = c.benchmark_group("errors_all");
        errors_all(&mut g, &setup, doc);
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(400))
        .measurement_time(Duration::from_millis(1600))
        .sample_size(40)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = payloads
}
criterion_main!(benches);
