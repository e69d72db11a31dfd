"""quicktype on the bundles: TypeScript converters (compiled by tsc --strict) must accept every valid kit test; Kotlin and Swift must generate.

  python quicktype_check.py OUT.json --prefix NODE_PREFIX --tsc-prefix NODE_PREFIX
        --work DIR [--report-only] --bundle B.json... --kit K.json...

NODE_PREFIX holds the pinned `quicktype` (and, for --tsc-prefix, `typescript`).
For each kit, every group's kind (`<bundle $id>#/$defs/<Kind>`) becomes one
top-level type, named after the kind, in one quicktype run over the bundle
file (a `--src-urls` grammar {Kind: "bundle.json#/$defs/Kind"}): one run keeps
the shared types shared, and the grammar's names keep names such as
Web3WalletEnvelope whole, which a fragment given on the command line loses.
Kotlin and Swift are generated from the first kit's kinds only (the strict
bundle); nothing here compiles them, so those rows only report.
"""
import argparse
import json
import os
import re
import subprocess

import kitlib

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--prefix", required=True)
ap.add_argument("--tsc-prefix", required=True)
ap.add_argument("--work", required=True)
ap.add_argument("--report-only", action="store_true")
ap.add_argument("--bundle", action="append", required=True)
ap.add_argument("--kit", action="append", required=True)
args = ap.parse_args()

HERE = os.path.dirname(os.path.abspath(__file__))
QT = os.path.join(args.prefix, "node_modules", ".bin", "quicktype")
TSC = os.path.join(args.tsc_prefix, "node_modules", ".bin", "tsc")


def pkg_version(prefix, name):
    with open(os.path.join(prefix, "node_modules", name, "package.json")) as f:
        return json.load(f)["version"]


ver = pkg_version(args.prefix, "quicktype")
tsc_ver = pkg_version(args.tsc_prefix, "typescript")
required = not args.report_only
bundles = kitlib.load_bundles(args.bundle)
os.makedirs(args.work, exist_ok=True)
rows, notes = [], []


def run(cmd, cwd=None):
    """(ok, combined output) of a command; the paths of the work folder are
    shortened so the messages read the same on every run."""
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    text = (p.stdout + p.stderr).replace(args.work + "/", "")
    return p.returncode == 0, text.strip()


def first_lines(text, n=3):
    return " / ".join(line.strip() for line in text.splitlines()[:n] if line.strip())


def generate(kit_path, lang, out_file):
    """quicktype for the kinds of a kit: (ok, output text, bundle basename, kinds)."""
    kit = kitlib.load_kit(kit_path)
    urls, bundle_names = {}, set()
    for group in kit:
        t = kitlib.target(group, bundles)
        if t:
            urls[t[1]] = f"{os.path.abspath(t[0])}#/$defs/{t[1]}"
            bundle_names.add(os.path.basename(t[0]))
    grammar = out_file + ".urls.json"
    with open(grammar, "w") as f:
        json.dump(urls, f, indent=1)
    ok, text = run([QT, "--src-lang", "schema", "--lang", lang, "--src-urls", grammar, "-o", out_file])
    return ok and os.path.exists(out_file), text, ", ".join(sorted(bundle_names)), len(urls)


for kit_path in args.kit:
    kit_name = os.path.basename(kit_path)
    stem = kit_name.replace(".json", "")
    ts = os.path.join(args.work, f"{stem}.ts")
    ok, text, bundle_name, kinds = generate(kit_path, "ts", ts)
    r = kitlib.row("quicktype", f"{ver} (tsc {tsc_ver})",
                   f"TS converters on valid tests of {kit_name}", required)
    rows.append(r)
    if not ok:
        r["result"] = "bundle refused: " + first_lines(text, 1)
        if required:
            kitlib.problem(r, "(quicktype)", "(generate)", first_lines(text, 5))
        continue
    # The runtime typecheck is quicktype's default for TypeScript; --strict as
    # a strict TypeScript project would compile the file.
    js_dir = os.path.join(args.work, f"{stem}-js")
    ok, text = run([TSC, "--strict", "--target", "es2020", "--module", "commonjs", "--outDir", js_dir, ts])
    if not ok:
        r["result"] = "tsc --strict failed: " + first_lines(text, 1)
        kitlib.problem(r, "(tsc)", "(compile)", first_lines(text, 5))
        continue
    verdicts = os.path.join(args.work, f"{stem}-converted.json")
    ok, text = run(["node", os.path.join(HERE, "convert.cjs"),
                    os.path.join(js_dir, f"{stem}.js"), kit_path, verdicts])
    if not ok:
        r["result"] = "converters could not run: " + first_lines(text, 1)
        kitlib.problem(r, "(node)", "(run)", first_lines(text, 5))
        continue
    with open(verdicts) as f:
        tests = json.load(f)["tests"]
    valid = [t for t in tests if t["valid"]]
    invalid = [t for t in tests if not t["valid"]]
    r["judged"], r["agree"] = len(valid), sum(t["accepted"] for t in valid)
    for t in valid:
        if not t["accepted"]:
            kitlib.problem(r, t["group"], t["test"], f"Convert.to{t['group']} threw: {t['error']}")
    # A converter checks shapes, not every constraint: how many invalid tests
    # it also refuses is worth seeing, not a verdict.
    notes.append(f"quicktype {ver} TS from {bundle_name} ({kinds} top-level kinds): refused {sum(not t['accepted'] for t in invalid)} "
                 f"of the {len(invalid)} invalid tests of {kit_name} (informational)")

# Kotlin and Swift from the first kit's kinds (the strict bundle).
for lang, ext in (("kotlin", "kt"), ("swift", "swift")):
    out_file = os.path.join(args.work, f"kotlin-swift.{ext}")
    ok, text, bundle_name, kinds = generate(args.kit[0], lang, out_file)
    r = kitlib.row("quicktype", ver, f"{lang.capitalize()} generated from {bundle_name}", False)
    if ok:
        # quicktype reports types it had to leave as "any" (free-form
        # maps) as issues, and still writes the file.
        issues = re.findall(r"^Issue in line \d+: (.*)$", text, re.M)
        fields = sorted(set(re.findall(r"^\d+:\s+(?:val|let|var)?\s*(\w+)", text, re.M)))
        r["result"] = "generated" + (f", {len(issues)} issue(s)" if issues else "")
        for msg in sorted(set(issues)):
            notes.append(f"quicktype {ver} {lang}: {issues.count(msg)} x \"{msg}\" "
                         f"(fields: {', '.join(fields)})")
    else:
        r["result"] = "failed: " + first_lines(text, 1)
    rows.append(r)

kitlib.write(args.out, rows, notes=notes)
