//! Generating the Rust models from the whole schema (`schema/`, the settings
//! of `src/options.rs`), as `build.rs` does:
//!
//! * `generate/load_resolve`: `schemagen::load` reads and parses every file,
//!   `schemagen::resolve` indexes them and resolves every `$ref`;
//! * `generate/full_run`: `Generator::run`, every stage (load, resolve,
//!   convert, check, emit with prettyplease formatting);
//! * `generate/format_proxy`: `syn::parse_file` + `prettyplease::unparse` of
//!   the generated source. The real formatting happens inside
//!   `schemagen::emit::emit`, which needs the IR of the private `convert`
//!   stage, so it cannot be timed alone; this re-formats the emitted text,
//!   which parses from a string where `emit` parses a token stream;
//! * `generate/format_parse2`: what `emit` does, on the emitted source
//!   lexed beforehand: `syn::parse2` of a token stream, then
//!   `prettyplease::unparse` (the closest figure for the formatting stage);
//! * `generate/format_unparse`: `prettyplease::unparse` alone, on a
//!   `syn::File` parsed beforehand (the lower bound of the formatting cost).
//!
//! Convert + check + emit is `full_run` less `load_resolve`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use schemagen::error::Diagnostics;

include!("../src/options.rs");

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

/// The load and resolve stages, through their public modules, as
/// `Generator::run` drives them.
fn load_resolve(dir: &Path) -> schemagen::schema::resolve::Registry {
    let limits = clerk_options().limits();
    let mut diags = Diagnostics::default();
    let mut registry = schemagen::schema::resolve::Registry::new(Some(dir.to_owned()), limits);
    for path in schemagen::schema::load::json_files(dir, &mut diags) {
        let doc = schemagen::schema::load::read_document(&path, &limits).expect("the schema loads");
        registry.add(doc);
    }
    registry.resolve_all(&mut diags);
    diags.propagate().expect("the schema resolves");
    registry
}

fn generate(c: &mut Criterion) {
    let dir = schema_dir();
    let code = schemagen::Generator::new(clerk_options())
        .dir(&dir)
        .run()
        .code
        .expect("the schema generates");

    let mut g = c.benchmark_group("generate");
    g.bench_function("load_resolve", |b| b.iter(|| load_resolve(black_box(&dir))));
    g.bench_function("full_run", |b| {
        b.iter(|| {
            let outcome = schemagen::Generator::new(clerk_options())
                .dir(black_box(&dir))
                .run();
            assert!(outcome.code.is_ok());
            outcome
        })
    });
    // What build.rs runs: the same, without formatting (rustc does not need it).
    g.bench_function("build_script_run", |b| {
        b.iter(|| {
            let options = clerk_options().with_formatting(false);
            let outcome = schemagen::Generator::new(options)
                .dir(black_box(&dir))
                .run();
            assert!(outcome.code.is_ok());
            outcome
        })
    });
    g.bench_function("format_proxy", |b| {
        b.iter(|| {
            let file = syn::parse_file(black_box(&code)).expect("the generated code parses");
            prettyplease::unparse(&file)
        })
    });
    let tokens: proc_macro2::TokenStream = code.parse().expect("the generated code lexes");
    g.bench_function("format_parse2", |b| {
        b.iter(|| {
            let file: syn::File =
                syn::parse2(black_box(tokens.clone())).expect("the generated code parses");
            prettyplease::unparse(&file)
        })
    });
    let file = syn::parse_file(&code).expect("the generated code parses");
    g.bench_function("format_unparse", |b| {
        b.iter(|| prettyplease::unparse(black_box(&file)))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .sample_size(15)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = generate
}
criterion_main!(benches);
