//! Generating Rust from the real-world corpus (`codegen/tests/corpus/`: 110
//! public schemas of every draft, references resolved through its catalog):
//!
//! * first a table over the whole corpus, each schema generated three times
//!   (the fastest kept): time and output size, median and worst, and the
//!   output's size over the schema's;
//! * then criterion on the schemas of 300 KB and more (Renovate's
//!   configuration schema, which once gave 54 MB of Rust, is 0.4 MB):
//!   `corpus/<schema>`, every stage, formatted, as `Generator::run` does.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use schemagen::{Generator, Options};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/corpus")
}

/// Every corpus schema: (file, bytes).
fn schemas() -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(corpus().join("manifest.json")).expect("the manifest");
    let manifest: Value = serde_json::from_str(&text).expect("JSON");
    manifest["schemas"]
        .as_array()
        .expect("schemas")
        .iter()
        .map(|e| {
            (
                e["file"].as_str().expect("file").to_owned(),
                e["bytes"].as_u64().expect("bytes"),
            )
        })
        .collect()
}

fn run(file: &str) -> Option<String> {
    Generator::new(Options::default())
        .file(corpus().join(file))
        .catalog(corpus().join("catalog.json"))
        .run()
        .code
        .ok()
}

fn median(sorted: &[f64]) -> f64 {
    sorted[sorted.len() / 2]
}

/// The whole-corpus table, printed before criterion's figures.
fn table() {
    let mut times = Vec::new();
    let mut ratios = Vec::new();
    let mut worst_time = (0.0, String::new());
    let mut worst_ratio = (0.0, String::new());
    let mut errors = 0;
    for (file, bytes) in schemas() {
        let mut best = f64::MAX;
        let mut size = None;
        for _ in 0..3 {
            let started = Instant::now();
            let code = run(&file);
            best = best.min(started.elapsed().as_secs_f64());
            size = code.map(|c| c.len());
        }
        let Some(size) = size else {
            errors += 1;
            continue;
        };
        times.push(best);
        if best > worst_time.0 {
            worst_time = (best, format!("{file}, {bytes} bytes"));
        }
        // The per-type overhead dominates small schemas: ratios from 100 KB.
        if bytes >= 100_000 {
            let ratio = size as f64 / bytes as f64;
            ratios.push(ratio);
            if ratio > worst_ratio.0 {
                worst_ratio = (ratio, format!("{file}, {bytes} bytes"));
            }
        }
    }
    times.sort_by(f64::total_cmp);
    ratios.sort_by(f64::total_cmp);
    println!(
        "corpus: {} schemas generate ({errors} give their recorded error)",
        times.len()
    );
    println!(
        "generation time: median {:.1} ms, worst {:.0} ms ({})",
        median(&times) * 1e3,
        worst_time.0 * 1e3,
        worst_time.1
    );
    println!(
        "output / schema size, schemas of 100 KB or more ({}): median {:.1}x, worst {:.1}x ({})",
        ratios.len(),
        median(&ratios),
        worst_ratio.0,
        worst_ratio.1
    );
}

fn corpus_bench(c: &mut Criterion) {
    table();
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (file, bytes) in schemas().into_iter().filter(|(_, b)| *b >= 300_000) {
        let size = run(&file).map_or(0, |c| c.len());
        let name = file
            .trim_start_matches("schemas/")
            .trim_end_matches(".json");
        println!(
            "{name}: {bytes} bytes of schema, {size} bytes of Rust ({:.1}x)",
            size as f64 / bytes as f64
        );
        g.bench_function(name, |b| b.iter(|| run(black_box(&file))));
    }
    g.finish();
}

criterion_group!(benches, corpus_bench);
criterion_main!(benches);
