"""The project's TypeScript types (generated/typescript/clerk.ts) under tsc --strict: every valid kit test, drift included, type-checks as its kind.

  python typescript_check.py OUT.json --tsc-prefix NODE_PREFIX --types clerk.ts
        --work DIR --bundle B.json... --kit K.json...

Each valid test becomes one file, `const value: Kind = <the payload>;`, so an
error names its test; one tsc run (--strict --exactOptionalPropertyTypes
--noEmit) checks them all. The invalid tests are checked too, for information
only: a type checks shapes (required, null, types, the listed enum values of
a strict reading), not bounds or patterns, and these types are tolerant.
"""
import argparse
import json
import os
import re
import shutil
import subprocess

import kitlib

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--tsc-prefix", required=True)
ap.add_argument("--types", required=True)
ap.add_argument("--work", required=True)
ap.add_argument("--bundle", action="append", required=True)
ap.add_argument("--kit", action="append", required=True)
args = ap.parse_args()

TSC = os.path.join(args.tsc_prefix, "node_modules", ".bin", "tsc")
with open(os.path.join(args.tsc_prefix, "node_modules", "typescript", "package.json")) as f:
    TSC_VERSION = json.load(f)["version"]

bundles = kitlib.load_bundles(args.bundle)
shutil.rmtree(args.work, ignore_errors=True)
os.makedirs(os.path.join(args.work, "tests"))
shutil.copyfile(args.types, os.path.join(args.work, "clerk.ts"))

# (file, kit name, group, test description, valid)
cases = []
for kit_path in args.kit:
    kit_name = os.path.basename(kit_path)
    for g, group in enumerate(kitlib.load_kit(kit_path)):
        t = kitlib.target(group, bundles)
        if t is None:
            continue
        kind = t[1]
        for n, test in enumerate(group["tests"]):
            name = f"{kit_name.replace('.json', '').replace('.', '_')}_{g:03}_{n:03}.ts"
            with open(os.path.join(args.work, "tests", name), "w", encoding="utf-8") as f:
                f.write(f'import type {{ {kind} }} from "../clerk";\n')
                f.write(f"export const value: {kind} = {json.dumps(test['data'], ensure_ascii=False)};\n")
            cases.append((name, kit_name, kind, test["description"], bool(test["valid"])))

files = [os.path.join("tests", c[0]) for c in cases]
p = subprocess.run(
    [TSC, "--strict", "--exactOptionalPropertyTypes", "--noEmit", "--target", "es2020",
     "--module", "commonjs", "--skipLibCheck", "clerk.ts", *files],
    cwd=args.work, capture_output=True, text=True, timeout=900)
errors = {}
for line in (p.stdout + p.stderr).splitlines():
    m = re.match(r"^(?:tests/)?([^(]+)\(\d+,\d+\): error (TS\d+: .*)$", line)
    if m:
        errors.setdefault(os.path.basename(m[1]), []).append(m[2])
if "clerk.ts" in errors:
    raise SystemExit("tsc rejects clerk.ts itself: " + " / ".join(errors["clerk.ts"][:3]))
if p.returncode not in (0, 2) or (p.returncode == 2 and not errors):
    raise SystemExit("tsc could not run: " + (p.stdout + p.stderr)[-2000:])

rows, notes = [], []
for kit_path in args.kit:
    kit_name = os.path.basename(kit_path)
    mine = [c for c in cases if c[1] == kit_name]
    valid = [c for c in mine if c[4]]
    r = kitlib.row("clerk.ts (tsc --strict)", TSC_VERSION, f"valid tests of {kit_name} type-check", True,
                   judged=len(valid), agree=sum(c[0] not in errors for c in valid))
    for c in valid:
        if c[0] in errors:
            kitlib.problem(r, c[2], c[3], errors[c[0]][0])
    rows.append(r)
    invalid = [c for c in mine if not c[4]]
    notes.append(f"clerk.ts: tsc rejects {sum(c[0] in errors for c in invalid)} of the {len(invalid)} "
                 f"invalid tests of {kit_name} (informational: types check shapes, not bounds or patterns)")
kitlib.write(args.out, rows, notes=notes)
