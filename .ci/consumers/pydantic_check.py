"""datamodel-code-generator's pydantic v2 models of each bundle must accept every valid test of its kit.

  python pydantic_check.py OUT.json --work DIR --bundle B.json... --kit K.json...

Run with the venv's python (datamodel-codegen is found next to it). Each
bundle gives one module with a class per `$defs` entry, named as the entry
(ClientEnvelope -> class ClientEnvelope); a kit's group is validated by the
class of its kind with `Model.model_validate(data)`. Options beyond the
required ones: `--formatters builtin` (no black/isort run: faster, and the
future default), `--disable-timestamp` (the same file every run).
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version

import kitlib

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--work", required=True)
ap.add_argument("--bundle", action="append", required=True)
ap.add_argument("--kit", action="append", required=True)
args = ap.parse_args()

ver = f"{version('datamodel-code-generator')} (pydantic {version('pydantic')})"
CODEGEN = os.path.join(os.path.dirname(sys.executable), "datamodel-codegen")
OPTIONS = ["--input-file-type", "jsonschema", "--output-model-type", "pydantic_v2.BaseModel",
           "--formatters", "builtin", "--disable-timestamp"]
bundles = kitlib.load_bundles(args.bundle)
os.makedirs(args.work, exist_ok=True)
rows, notes, modules = [], [], {}


def models_of(bundle_path):
    """The generated module for a bundle, or (None, error text)."""
    if bundle_path in modules:
        return modules[bundle_path]
    name = "models_" + re.sub(r"\W", "_", os.path.basename(bundle_path).replace(".schema.json", ""))
    out = os.path.join(args.work, name + ".py")
    p = subprocess.run([CODEGEN, "--input", bundle_path, "--output", out, *OPTIONS],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0 or not os.path.exists(out):
        modules[bundle_path] = (None, (p.stderr or p.stdout).strip()[-800:])
        return modules[bundle_path]
    # Registered before it runs, as an import would: pydantic looks the module
    # up to resolve the models' forward references.
    spec = importlib.util.spec_from_file_location(name, out)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # the generated code itself is what is tested
        modules[bundle_path] = (None, f"the generated module does not import: {type(e).__name__}: {e}")
        return modules[bundle_path]
    with open(bundle_path) as f:
        defs = json.load(f)["$defs"]
    missing = sorted(d for d in defs if not isinstance(getattr(module, d, None), type))
    notes.append(f"datamodel-code-generator on {os.path.basename(bundle_path)}: "
                 f"{len(defs) - len(missing)} of {len(defs)} $defs have a class of the same name"
                 + (f"; missing: {', '.join(missing)}" if missing else ""))
    modules[bundle_path] = (module, None)
    return modules[bundle_path]


def first_lines(e, n=4):
    return " / ".join(str(e).splitlines()[:n])


for kit_path in args.kit:
    kit = kitlib.load_kit(kit_path)
    r = kitlib.row("datamodel-code-generator", ver,
                   f"pydantic models on valid tests of {os.path.basename(kit_path)}", True, 0, 0)
    rows.append(r)
    refused_invalid = invalid = 0
    for group in kit:
        t = kitlib.target(group, bundles)
        module, error = models_of(t[0]) if t else (None, "the group's schema is not a $ref to a bundle's $defs")
        model = getattr(module, t[1], None) if module else None
        for test in group["tests"]:
            if not test["valid"]:
                # Informational: models coerce (lax mode) and check types, not every keyword.
                if model is not None:
                    invalid += 1
                    try:
                        model.model_validate(test["data"])
                    except Exception:
                        refused_invalid += 1
                continue
            r["judged"] += 1
            if model is None:
                kitlib.problem(r, group["description"], test["description"], error or f"no class {t[1]}")
                continue
            try:
                model.model_validate(test["data"])
                r["agree"] += 1
            except Exception as e:
                kitlib.problem(r, group["description"], test["description"],
                               f"{t[1]}.model_validate refused it: {first_lines(e)}")
    notes.append(f"datamodel-code-generator models: refused {refused_invalid} of the {invalid} invalid tests "
                 f"of {os.path.basename(kit_path)} (informational)")

kitlib.write(args.out, rows, notes=notes)
