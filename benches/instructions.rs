//! Instructions per document on the error path, route by route, counted by
//! valgrind's callgrind: the figure that does not move with the VM's speed,
//! for the close comparisons the timings cannot settle.
//!
//! Decoding is not counted here: callgrind counts a `rep movsb` copy (what
//! glibc's `memcpy` uses for large blocks) as one instruction per byte, so it
//! misjudges code whose cost is moving large structs, which is what the
//! generated types' in-place decoding saves. Time decoding with criterion.
//!
//! `benches/instructions.sh` builds this program and runs it under
//! callgrind twice per route and document: once with one call, once with
//! 101, so that the difference divided by 100 is the cost of one call, free
//! of the setup (corpus, judge, validators). Run by hand:
//! `instructions <route> <document> <calls>`. Without arguments (as
//! `cargo bench` and `cargo test --benches` run it) it calls each route once
//! on each document and prints nothing.

use std::hint::black_box;

use serde_json::Value;

use clerk_models::judge::Judge;

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/entry.rs"]
mod entry;
#[path = "../tests/support/oracle.rs"]
mod oracle;
#[path = "support/peer.rs"]
mod peer;

/// The routes, by name (as `benches/payloads.rs` has them).
const ROUTES: &[&str] = &[
    "errors_all/ours_full",
    "errors_all/ours_entry",
    "errors_all/jsonschema_iter_errors",
];

struct Setup {
    judge: Judge,
    corpus: corpus::Corpus,
}

impl Setup {
    fn doc(&self, name: &str) -> Option<&corpus::Doc> {
        self.corpus
            .valid
            .iter()
            .chain(&self.corpus.invalid)
            .find(|d| d.name == name)
    }

    /// Runs `route` on `doc` `calls` times; `false` when the document is
    /// not one of the invalid ones.
    fn run(&self, route: &str, doc: &corpus::Doc, calls: usize) -> bool {
        let text = doc.text.as_str();
        let kind = doc.kind;
        if !self.corpus.invalid.iter().any(|d| d.name == doc.name) {
            return false;
        }
        let validator =
            (route == "errors_all/jsonschema_iter_errors").then(|| peer::validator(kind));
        for _ in 0..calls {
            let text = black_box(text);
            match route {
                "errors_all/ours_full" => {
                    black_box(entry::full(&self.judge, kind, text.as_bytes()));
                }
                "errors_all/ours_entry" => {
                    black_box(entry::entry(&self.judge, kind, text.as_bytes()));
                }
                "errors_all/jsonschema_iter_errors" => {
                    let value: Value = serde_json::from_str(text).unwrap();
                    let validator = validator.as_ref().expect("built above");
                    black_box(peer::all_errors(validator, &value));
                }
                other => panic!("unknown route {other}; routes: {ROUTES:?}"),
            }
        }
        true
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let judge = Judge::new().expect("the embedded schema loads");
    let setup = Setup {
        judge,
        corpus: corpus::corpus(),
    };
    match args.as_slice() {
        [route, doc, calls] => {
            let doc = setup
                .doc(doc)
                .unwrap_or_else(|| panic!("no document {doc} in the corpus"));
            let calls = calls.parse().expect("a number of calls");
            if !setup.run(route, doc, calls) {
                std::process::exit(2);
            }
        }
        // `cargo bench` passes `--bench`; `cargo test --benches` nothing.
        _ => {
            for route in ROUTES {
                for doc in &setup.corpus.invalid {
                    assert!(setup.run(route, doc, 1));
                }
            }
        }
    }
}
