#!/usr/bin/env python3
"""`clerk-models validate` side by side with node + ajv, in one run.

    python3 benches/vs_ajv/run.py [--mb 100] [--runs 7] [--binary PATH]

Installs ajv 8 with npm into a scratch folder (/tmp/clerk-models-bench/ajv,
kept between runs), writes the NDJSON streams from the recorded payloads
(streams.py), checks that both tools give every recorded payload the same
verdict, then times, on one core (taskset -c 0 when present):

  * `clerk-models validate -q --type ClientEnvelope` on the Flutter client
    responses (81,368 lines of 1.2 KB at 100 MB), and `validate -q` (the
    kind told from each payload's shape) on a mix of every kind;
  * ajv's hot loop on the same lines (JSON.parse, then the validator
    compiled for the line's kind; timed inside node, startup and reading
    excluded) and node's whole process;

and `validate` with --jobs 1 and --jobs 2 on both cores (interleaved),
checking the two reports are identical, beside two --jobs 1 processes run
at once (what two cores of the machine give work that shares nothing).
Prints a Markdown table of medians and ratios and
writes vs_ajv.json beside the streams. Says so and stops when node or npm
is missing.
"""
import argparse
import hashlib
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = pathlib.Path(os.environ.get("CLERK_MODELS_BENCH", "/tmp/clerk-models-bench")) / "ajv"
AJV = "ajv@8.20.0"


def sh(args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout


def pinned(args):
    return (["taskset", "-c", "0"] if shutil.which("taskset") else []) + args


def wall(args):
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


def together(args, n):
    """The wall time of `n` copies of a command run at once."""
    start = time.perf_counter()
    running = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(n)]
    for p in running:
        p.wait()
    return time.perf_counter() - start


def ajv(stream, kinds, pin=True):
    args = ["node", str(HERE / "ajv.mjs"), str(OUT / "node"), str(OUT / "clerk.schema.json"), str(stream), str(kinds)]
    start = time.perf_counter()
    out = sh(pinned(args) if pin else args)
    return json.loads(out), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--binary", default=str(ROOT / "target/release/clerk-models"))
    opts = parser.parse_args()
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            print(f"{tool} is missing: this side-by-side run needs node and npm "
                  "(e.g. `apt-get install nodejs npm`); nothing was measured.")
            return 1
    OUT.mkdir(parents=True, exist_ok=True)
    node_dir = OUT / "node"
    if not (node_dir / "node_modules/ajv/package.json").exists():
        node_dir.mkdir(exist_ok=True)
        (node_dir / "package.json").write_text('{"private": true}\n')
        print(f"installing {AJV} into {node_dir}")
        sh(["npm", "install", "--no-audit", "--no-fund", AJV], cwd=node_dir)
    binary = pathlib.Path(opts.binary)
    if not binary.exists():
        print("building the release binary")
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    sh([str(binary), "bundle", "--out", str(OUT / "clerk.schema.json")])
    print(sh([sys.executable, str(HERE / "streams.py"), str(OUT), str(opts.mb), str(binary)]), end="")

    versions = {
        "clerk-models": sh([str(binary), "--version"]).strip(),
        "node": sh(["node", "--version"]).strip(),
        "ajv": json.loads((node_dir / "node_modules/ajv/package.json").read_text())["version"],
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
    }

    # Every recorded payload: the same verdict from both tools.
    corpus = (OUT / "corpus.ndjson").read_text().splitlines()
    kinds = (OUT / "corpus.kinds").read_text().split()
    theirs, _ = ajv(OUT / "corpus.ndjson", OUT / "corpus.kinds", pin=False)
    ajv_failed = set(theirs["failed"])
    ours_failed = set()
    for kind in sorted(set(kinds)):
        lines = [i for i, k in enumerate(kinds) if k == kind]
        part = OUT / "corpus-part.ndjson"
        part.write_text("".join(corpus[i] + "\n" for i in lines))
        report = subprocess.run([str(binary), "--format", "json", "validate", "--type", kind, str(part)],
                                capture_output=True, text=True).stdout
        for row in map(json.loads, report.splitlines()):
            if "line" in row and row["status"] == "fail":
                ours_failed.add(lines[row["line"] - 1] + 1)
    recorded = [v == "invalid" for v in (OUT / "corpus.verdicts").read_text().split()]
    recorded_failed = {i + 1 for i, bad in enumerate(recorded) if bad}
    agree = ajv_failed == ours_failed == recorded_failed
    print(f"verdicts on {len(corpus)} recorded payloads: ours {len(ours_failed)} fail, "
          f"ajv {len(ajv_failed)} fail, recorded {len(recorded_failed)}: "
          f"{'all equal' if agree else 'DIFFERENT'}")
    if not agree:
        print(f"  ours only: {sorted(ours_failed - ajv_failed)}; ajv only: {sorted(ajv_failed - ours_failed)}")

    results = {"versions": versions, "verdicts_agree": agree, "cases": {}}
    cases = [
        ("clients", ["--type", "ClientEnvelope"]),
        ("mix", []),
    ]
    rows = []
    for name, flags in cases:
        stream = OUT / f"{name}.ndjson"
        size = stream.stat().st_size
        ours_args = [str(binary), "validate", "-q", *flags, str(stream)]
        # Both verdict lists must be empty: every line conforms.
        check, code = wall(ours_args)
        assert code == 0, f"validate failed on {stream}"
        first, _ = ajv(stream, OUT / f"{name}.kinds")
        assert not first["failed"], f"ajv failed lines {first['failed'][:5]} of {stream}"
        ours, loop, node = [], [], []
        for _ in range(opts.runs):
            ours.append(wall(pinned(ours_args + ["--jobs", "1"]))[0])
            report, whole = ajv(stream, OUT / f"{name}.kinds")
            loop.append(report["seconds"])
            node.append(whole)
        # Interleaved, so that the machine's wandering speed touches both
        # alike; two `--jobs 1` processes at once show what two cores of
        # this machine give work that shares nothing (its ceiling).
        runs = {1: [], 2: [], "pair": []}
        for _ in range(opts.runs):
            for n in (1, 2):
                runs[n].append(wall(ours_args + ["--jobs", str(n)])[0])
            runs["pair"].append(together(ours_args + ["--jobs", "1"], 2))
        jobs = {k: statistics.median(v) for k, v in runs.items()}
        digests = {
            n: hashlib.sha256(subprocess.run([str(binary), "--format", "json", "validate", *flags, "--jobs", str(n), str(stream)],
                                             capture_output=True).stdout).hexdigest()
            for n in (1, 2)
        }
        m = {k: statistics.median(v) for k, v in (("ours", ours), ("ajv_loop", loop), ("node", node))}
        results["cases"][name] = {
            "bytes": size, "lines": first["lines"], "runs": opts.runs,
            "ours_s": m["ours"], "ours_min_s": min(ours), "ajv_hot_loop_s": m["ajv_loop"],
            "node_process_s": m["node"], "jobs1_s": jobs[1], "jobs2_s": jobs[2],
            "jobs_reports_identical": digests[1] == digests[2],
            "ours_mb_s": size / m["ours"] / 1e6,
            "ratio_vs_ajv_loop": m["ajv_loop"] / m["ours"],
            "ratio_vs_node_process": m["node"] / m["ours"],
            "jobs_speedup": jobs[1] / jobs[2],
            "two_processes_s": jobs["pair"],
            "machine_ceiling": 2 * jobs[1] / jobs["pair"],
        }
        r = results["cases"][name]
        rows.append(
            f"| {name} | {size / 1e6:.0f} MB, {first['lines']:,} lines | {m['ours']:.3f} s ({r['ours_mb_s']:.0f} MB/s) "
            f"| {m['ajv_loop']:.3f} s | {m['node']:.3f} s | **{r['ratio_vs_ajv_loop']:.2f}×** | {r['ratio_vs_node_process']:.2f}× "
            f"| {jobs[1]:.3f} s / {jobs[2]:.3f} s = **{r['jobs_speedup']:.2f}×** ({'identical' if r['jobs_reports_identical'] else 'DIFFERENT'}) "
            f"| {r['machine_ceiling']:.2f}× |"
        )
    (OUT / "vs_ajv.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"{versions['clerk-models']}, node {versions['node']}, ajv {versions['ajv']}, {versions['cores']} cores; medians of {opts.runs} runs")
    print()
    print("| stream | size | ours, one core (whole process) | ajv hot loop, one core | node + ajv whole process | ajv loop ÷ ours | node ÷ ours | --jobs 1 / --jobs 2 (reports) | two --jobs 1 processes at once |")
    print("|---|---|---:|---:|---:|---:|---:|---|---:|")
    print("\n".join(rows))
    print(f"\nwritten: {OUT / 'vs_ajv.json'}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
