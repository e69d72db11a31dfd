//! Allocations per document, route by route: a counting global allocator
//! around the system one, so the figures are exact and free of timing noise.
//! For each route and document: heap allocations (`alloc` and `realloc`
//! calls) and bytes requested, per call, averaged over a few calls after a
//! warm-up call (which compiles validators and fills lazy statics).
//!
//! `cargo bench --bench alloc` prints a Markdown table. Without `--bench`
//! (as `cargo test --benches` runs it) it checks each route once and prints
//! nothing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

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

struct Counting;

static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes of one call of `f`, averaged over `runs` calls.
fn measure<R>(runs: u64, mut f: impl FnMut() -> R) -> (f64, f64) {
    drop(black_box(f()));
    let (calls, bytes) = (CALLS.load(Relaxed), BYTES.load(Relaxed));
    for _ in 0..runs {
        drop(black_box(f()));
    }
    let calls = CALLS.load(Relaxed) - calls;
    let bytes = BYTES.load(Relaxed) - bytes;
    (calls as f64 / runs as f64, bytes as f64 / runs as f64)
}

struct Table {
    runs: u64,
    print: bool,
}

impl Table {
    fn row<R>(&self, route: &str, doc: &corpus::Doc, f: impl FnMut() -> R) {
        let (calls, bytes) = measure(self.runs, f);
        if self.print {
            println!(
                "| {route} | {} | {} | {calls:.0} | {bytes:.0} | {:.2} |",
                doc.name,
                doc.text.len(),
                bytes / doc.text.len() as f64
            );
        }
    }
}

fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("the corpus is UTF-8")
}

fn decode<G: DeserializeOwned, H: DeserializeOwned>(t: &Table, doc: &corpus::Doc) {
    let (bytes, text) = (doc.bytes(), doc.text.as_str());
    t.row("decode_bytes/generated", doc, || {
        serde_json::from_slice::<G>(bytes).unwrap()
    });
    t.row("decode_bytes/handwritten", doc, || {
        serde_json::from_slice::<H>(bytes).unwrap()
    });
    t.row("decode_bytes/value", doc, || {
        serde_json::from_slice::<Value>(bytes).unwrap()
    });
    t.row("decode_bytes/ignored_any", doc, || {
        serde_json::from_slice::<IgnoredAny>(bytes).unwrap()
    });
    t.row("decode_str/generated", doc, || {
        serde_json::from_str::<G>(text).unwrap()
    });
    t.row("decode_str/handwritten", doc, || {
        serde_json::from_str::<H>(text).unwrap()
    });
}

fn validate<G: DeserializeOwned + clerk_models::models::Check>(
    t: &Table,
    judge: &Judge,
    validator: &jsonschema::Validator,
    doc: &corpus::Doc,
) {
    let bytes = doc.bytes();
    t.row("validate/ours_one_pass", doc, || {
        assert!(entry::one_pass(judge, doc.kind, utf8(bytes)))
    });
    t.row("validate/jsonschema", doc, || {
        let value: Value = serde_json::from_slice(bytes).unwrap();
        assert!(validator.is_valid(&value));
        value
    });
    let value: Value = serde_json::from_slice(bytes).unwrap();
    t.row("validate/jsonschema_preparsed", doc, || {
        assert!(validator.is_valid(&value))
    });
    t.row("validate_decode/ours_decode_checked", doc, || {
        decode_checked::<G>(utf8(bytes)).unwrap()
    });
    t.row("validate_decode/value_jsonschema_from_value", doc, || {
        let value: Value = serde_json::from_slice(bytes).unwrap();
        assert!(validator.is_valid(&value));
        serde_json::from_value::<G>(value).unwrap()
    });
}

fn errors(t: &Table, judge: &Judge, validator: &jsonschema::Validator, doc: &corpus::Doc) {
    let bytes = doc.bytes();
    t.row(
        "errors_first/ours_decode_checked",
        doc,
        || match decode_checked::<clerk_models::models::ClientEnvelope>(utf8(bytes)) {
            Err(e) => (e.line(), e.to_string()),
            Ok(checked) => (0, checked.drift[0].pointer.clone()),
        },
    );
    t.row("errors_first/jsonschema_validate", doc, || {
        let value: Value = serde_json::from_slice(bytes).unwrap();
        let error = validator.validate(&value).unwrap_err();
        (error.instance_path().as_str().to_owned(), error.to_string())
    });
    t.row("errors_all/ours_full", doc, || {
        entry::full(judge, doc.kind, bytes)
    });
    t.row("errors_all/ours_entry", doc, || {
        entry::entry(judge, doc.kind, bytes)
    });
    t.row("errors_all/jsonschema_iter_errors", doc, || {
        let value: Value = serde_json::from_slice(bytes).unwrap();
        peer::all_errors(validator, &value)
    });
}

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

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let t = Table {
        runs: if bench { 20 } else { 1 },
        print: bench,
    };
    let corpus = corpus::corpus();
    let judge = Judge::new().expect("the embedded schema loads");
    if t.print {
        println!("| route | document | bytes | allocations | bytes allocated | bytes allocated per input byte |");
        println!("|---|---|---:|---:|---:|---:|");
    }
    for doc in &corpus.valid {
        dispatch!(doc.kind, decode(&t, doc));
    }
    for doc in &corpus.valid {
        let validator = peer::validator(doc.kind);
        dispatch_generated!(doc.kind, validate(&t, &judge, validator, doc));
    }
    for doc in &corpus.invalid {
        let validator = peer::validator(doc.kind);
        errors(&t, &judge, validator, doc);
    }
}
