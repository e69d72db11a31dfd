#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from the last `cargo bench` run.

Reads criterion's target/criterion/<group>/<route>/<document>/new/
{benchmark,estimates}.json and, when present, the CLI throughput figures
that `cargo bench --bench cli_throughput` wrote to
/tmp/clerk-models-bench/cli.json.

Two estimators: criterion's median (its `estimates.json`), and the fastest
sample (the lowest time per iteration among the samples of `sample.json`).
On a shared 2-core machine other load only ever adds time, so the fastest
sample is the figure least disturbed by it. The per-document tables' ratios
use the median; the targets are judged on both.

Usage: python3 benches/report.py [target/criterion]
"""

import json
import os
import sys
import tempfile

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "target", "criterion")
CLI = os.path.join(tempfile.gettempdir(), "clerk-models-bench", "cli.json")

VALID = ["client_small", "client_typical", "client_large", "user", "session", "sign_in", "sign_up"]
INVALID = ["violation_early", "violation_last", "violations_several",
           "unknown_property_deep", "unknown_enum_value"]


def load():
    times, fastest, sizes = {}, {}, {}
    for dirpath, _dirs, files in os.walk(ROOT):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        key = (bench["group_id"], bench["function_id"], bench.get("value_str"))
        times[key] = est["median"]["point_estimate"]  # nanoseconds
        sample_path = os.path.join(dirpath, "sample.json")
        if os.path.exists(sample_path):
            with open(sample_path) as f:
                sample = json.load(f)
            fastest[key] = min(t / n for t, n in zip(sample["times"], sample["iters"]))
        tp = bench.get("throughput") or {}
        if "Bytes" in tp:
            sizes[bench.get("value_str")] = tp["Bytes"]
    return times, fastest, sizes


def fmt_time(ns):
    if ns is None:
        return "n/a"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(r):
    return "n/a" if r is None else f"{r:.2f}×"


def main():
    times, fastest, sizes = load()
    if not times:
        sys.exit(f"no criterion results under {ROOT}: run `cargo bench` first")
    t = lambda g, r, d: times.get((g, r, d))
    best = lambda g, r, d: fastest.get((g, r, d))

    routes = [
        ("decode_bytes", "generated", "typed decode (generated), bytes"),
        ("decode_bytes", "handwritten", "hand-written serde structs, bytes"),
        ("decode_bytes", "value", "serde_json::Value, bytes"),
        ("decode_bytes", "ignored_any", "IgnoredAny (parse floor), bytes"),
        ("decode_str", "generated", "typed decode (generated), &str"),
        ("decode_str", "handwritten", "hand-written serde structs, &str"),
        ("decode_str", "value", "serde_json::Value, &str"),
        ("decode_str", "ignored_any", "IgnoredAny, &str"),
        ("validate", "ours_one_pass", "validate: the one entry's one pass (kind given)"),
        ("validate", "ours_quick_check", "validate: the quick check alone (kind given)"),
        ("validate", "jsonschema", "validate: Value + jsonschema is_valid"),
        ("validate", "jsonschema_preparsed", "validate: jsonschema is_valid, Value pre-parsed"),
        ("validate", "ours_generated_preparsed",
         "validate: generated validator (every error), Value pre-parsed"),
        ("validate_decode", "ours_decode_checked", "validate+decode: decode_checked"),
        ("validate_decode", "value_jsonschema_from_value",
         "validate+decode: Value + jsonschema + from_value"),
    ]
    for doc in VALID:
        typed = t("decode_bytes", "generated", doc)
        peer = t("validate_decode", "value_jsonschema_from_value", doc)
        size = sizes.get(doc)
        print(f"\n#### `{doc}` ({size} bytes)\n")
        print("| route | median | fastest sample | MB/s (median) | × typed decode "
              "| × Value+jsonschema+from_value |")
        print("|---|---:|---:|---:|---:|---:|")
        for g, r, label in routes:
            ns = t(g, r, doc)
            mbps = "n/a" if ns is None or not size else f"{size / ns * 1e3:.0f}"
            print(f"| {label} | {fmt_time(ns)} | {fmt_time(best(g, r, doc))} | {mbps} "
                  f"| {fmt_ratio(ratio(ns, typed))} | {fmt_ratio(ratio(ns, peer))} |")

    print("\n#### Error path (invalid variants of `client_typical`)\n")
    print("| document | first: decode_checked | first: jsonschema validate | "
          "all: full judgement | all: the one entry (CLI) | "
          "all: jsonschema iter_errors | full ÷ iter_errors | entry ÷ iter_errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for doc in INVALID:
        f_ours = t("errors_first", "ours_decode_checked", doc)
        f_js = t("errors_first", "jsonschema_validate", doc)
        full = t("errors_all", "ours_full", doc)
        cli = t("errors_all", "ours_entry", doc)
        it = t("errors_all", "jsonschema_iter_errors", doc)
        print(f"| {doc} | {fmt_time(f_ours)} | {fmt_time(f_js)} | "
              f"{fmt_time(full)} | {fmt_time(cli)} | {fmt_time(it)} | "
              f"{fmt_ratio(ratio(full, it))} | {fmt_ratio(ratio(cli, it))} |")

    print("\n#### Generation of the whole schema\n")
    print("| stage | median | fastest sample |")
    print("|---|---:|---:|")
    for r, label in [("load_resolve", "load + resolve"),
                     ("build_script_run", "full run as build.rs does it (unformatted)"),
                     ("full_run", "full run, formatted (for generated/)"),
                     ("format_proxy", "formatting proxy (syn parse + prettyplease)"),
                     ("format_parse2", "formatting as emit does it (syn::parse2 + prettyplease)"),
                     ("format_unparse", "prettyplease::unparse alone")]:
        print(f"| {label} | {fmt_time(t('generate', r, None))} "
              f"| {fmt_time(best('generate', r, None))} |")

    cli = None
    if os.path.exists(CLI):
        with open(CLI) as f:
            cli = json.load(f)
        print("\n#### `clerk-models validate -q` on an NDJSON stream\n")
        print("| case | bytes | median s | MB/s (median) | fastest s | MB/s (fastest) | timer |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, r in cli.items():
            print(f"| {name} | {r['bytes']} | {r['seconds']:.3f} | {r['mb_per_s']:.1f} "
                  f"| {r['fastest_seconds']:.3f} | {r['fastest_mb_per_s']:.1f} "
                  f"| {r['timer']}, {r['runs']} runs |")

    # Targets, judged on each estimator.
    print("\n#### Targets\n")
    print("| target | median: worst (per document) | met | fastest sample: worst (per document) | met |")
    print("|---|---|---|---|---|")

    def figures(est, pairs):
        pairs = [(d, r) for d, r in ((d, f(est)) for d, f in pairs) if r is not None]
        if not pairs:
            return None, "n/a"
        worst = max(r for _, r in pairs)
        per = ", ".join(f"{d} {r:.2f}" for d, r in pairs)
        return worst, f"**{worst:.2f}×** ({per})"

    def target(label, num, den, docs, limit):
        cells = []
        for est in (t, best):
            pairs = [(d, lambda e, d=d: ratio(e(*num, d), e(*den, d))) for d in docs]
            worst, text = figures(est, pairs)
            verdict = "n/a" if worst is None else ("met" if worst <= limit else "not met")
            cells += [text, verdict]
        print(f"| {label} | " + " | ".join(cells) + " |")

    target("validate+decode ≤ 1.2× typed decode", ("validate_decode", "ours_decode_checked"),
           ("decode_bytes", "generated"), VALID, 1.2)
    target("validate+decode ≤ 0.5× Value+jsonschema+from_value",
           ("validate_decode", "ours_decode_checked"),
           ("validate_decode", "value_jsonschema_from_value"), VALID, 0.5)
    target("generated within 1.1× hand-written (bytes)", ("decode_bytes", "generated"),
           ("decode_bytes", "handwritten"), VALID, 1.1)
    target("generated within 1.1× hand-written (&str)", ("decode_str", "generated"),
           ("decode_str", "handwritten"), VALID, 1.1)
    target("all errors with locations ≤ jsonschema iter_errors (the full judgement: + typed decode and round trip)",
           ("errors_all", "ours_full"), ("errors_all", "jsonschema_iter_errors"), INVALID, 1.0)
    target("all errors with locations ≤ jsonschema iter_errors (the one entry, the CLI path)",
           ("errors_all", "ours_entry"), ("errors_all", "jsonschema_iter_errors"), INVALID, 1.0)
    cells = []
    for est in (t, best):
        gen = est("generate", "build_script_run", None)
        cells += (["n/a", "n/a"] if gen is None else
                  [f"**{gen / 1e6:.1f} ms**", "met" if gen < 50e6 else "not met"])
    print("| whole-schema generation < 50 ms (as build.rs runs it) | " + " | ".join(cells) + " |")
    if cli:
        cells = []
        for key in ("mb_per_s", "fastest_mb_per_s"):
            worst = min(r[key] for r in cli.values())
            per = ", ".join(f"{n} {r[key]:.0f}" for n, r in cli.items())
            cells += [f"**{worst:.0f} MB/s** ({per})", "met" if worst >= 150 else "not met"]
        print("| `clerk-models validate -q` NDJSON ≥ 150 MB/s, one core | " + " | ".join(cells) + " |")
    else:
        print("| `clerk-models validate -q` NDJSON ≥ 150 MB/s, one core | not run | n/a | not run | n/a |")


if __name__ == "__main__":
    main()
