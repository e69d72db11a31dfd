"""The conformance kits judged by python jsonschema (Draft202012Validator, bundles in a `referencing` Registry): verdicts must equal `valid`.

  python jsonschema_check.py OUT.json --bundle B.json... --kit K.json...

No retrieval: the registry holds only the bundles, under their `$id`s (as the
test suite's remotes), so a `$ref` elsewhere fails instead of going online.
Formats are annotations (no format checker), as in the project's judge.
"""
import argparse
import os
from importlib.metadata import version

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match
from referencing import Registry, Resource

import kitlib

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--bundle", action="append", required=True)
ap.add_argument("--kit", action="append", required=True)
args = ap.parse_args()

ver = version("jsonschema")
bundles = kitlib.load_bundles(args.bundle)
registry = Registry().with_resources(
    (bid, Resource.from_contents(b)) for bid, (_, b) in bundles.items()
)
rows, notes = [], []

# Each bundle itself must be a valid 2020-12 schema.
r = kitlib.row("jsonschema", ver, "bundles against the 2020-12 metaschema", True, 0, 0)
for bid, (path, b) in sorted(bundles.items()):
    r["judged"] += 1
    try:
        Draft202012Validator.check_schema(b)
        r["agree"] += 1
    except SchemaError as e:
        kitlib.problem(r, os.path.basename(path), "(metaschema)", f"{e.message} at {e.json_path}")
rows.append(r)

for kit_path in args.kit:
    r = kitlib.row("jsonschema", ver, f"verdicts of {os.path.basename(kit_path)}", True, 0, 0)
    for group in kitlib.load_kit(kit_path):
        validator = Draft202012Validator(group["schema"], registry=registry)
        for t in group["tests"]:
            r["judged"] += 1
            # best_match: the error jsonschema itself would report first.
            errors = list(validator.iter_errors(t["data"]))
            got = not errors
            if got == t["valid"]:
                r["agree"] += 1
            else:
                e = best_match(errors)
                first = f"{e.json_path} {e.validator}: {e.message[:200]}" if e else "no error"
                kitlib.problem(r, group["description"], t["description"],
                               f"kit says valid={t['valid']}, jsonschema says {got}; {first}")
    rows.append(r)

kitlib.write(args.out, rows, notes=notes)
