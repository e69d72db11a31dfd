#!/usr/bin/env python3
"""Dev aid (not part of the Rust tests): check schema/*.json and the fixture verdicts.

    pip install jsonschema referencing
    python3 tests/data/check_schema.py [-v]

What it checks:
  1. every schema file is valid against the JSON Schema 2020-12 meta-schema;
  2. the house rules of schema/README.md (root keys, no $id, allowed keywords only,
     PascalCase def names unique across files, strict object defs but for the open ones listed in
     OPEN_OBJECTS, described properties, every $ref resolvable);
  3. every fixture under tests/fixtures/clerk/ has exactly one entry in verdicts.json, and
     the entry's `conforms` / `decodes` agree with what this script computes:
       conforms = valid against the strict schema (def `kind`);
       decodes  = valid against a "tolerant" copy of the schema, in which
                  additionalProperties/unevaluatedProperties false are dropped, `enum` is
                  dropped and `const` becomes a plain type check (the generated Rust types keep
                  unknown properties and unknown enum values, but still reject missing required
                  properties, null where not nullable, and wrong types);
     every flutter/ (live recorded) fixture conforms, and every composed/ fixture (assembled from
     recorded objects, SDK test literals and the spec) has a `composed` field saying what it was
     composed from, conforms and decodes (no other fixture has that field);
  4. tests/data/model_inventory.json: every listed def exists and has every listed property;
  5. SignUpVerification stays a superset of Verification.
Every schema file is registered as a resource under file:///schema/<name>.json (the tolerant
copy under file:///tolerant/<name>.json) so the relative cross-file $refs resolve.
Exit status 0 when everything holds, 1 otherwise.
"""
import copy
import json
import re
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
FIXTURES = ROOT / "tests" / "fixtures" / "clerk"
VERDICTS = FIXTURES / "verdicts.json"
INVENTORY = ROOT / "tests" / "data" / "model_inventory.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

ALLOWED = {
    "type", "properties", "required", "additionalProperties", "items", "prefixItems", "enum",
    "const", "$ref", "$defs", "anyOf", "oneOf", "allOf", "unevaluatedProperties", "description",
    "title", "format", "minimum", "maximum", "minItems", "maxItems", "default", "deprecated",
    "examples", "$schema",
    # this project's annotation of credentials (schema/README.md, "Secrets")
    "x-secret",
}
# keywords whose value is a map name -> subschema
MAP_KW = {"properties", "$defs"}
# keywords whose value is a subschema
SUB_KW = {"items", "additionalProperties", "unevaluatedProperties"}
# keywords whose value is a list of subschemas
LIST_KW = {"prefixItems", "anyOf", "oneOf", "allOf"}

# Object defs that are open on purpose (additionalProperties: true, written out); schema/README.md
# says why for each.
OPEN_OBJECTS = {"Actor"}

VERBOSE = "-v" in sys.argv
problems = []


def problem(msg):
    problems.append(msg)


def walk(node, path, fn):
    """Call fn(node, path) on every subschema."""
    if not isinstance(node, dict):
        return
    fn(node, path)
    for k, v in node.items():
        if k in MAP_KW and isinstance(v, dict):
            for name, sub in v.items():
                walk(sub, f"{path}/{k}/{name}", fn)
        elif k in SUB_KW:
            walk(v, f"{path}/{k}", fn)
        elif k in LIST_KW and isinstance(v, list):
            for i, sub in enumerate(v):
                walk(sub, f"{path}/{k}/{i}", fn)


def load_schemas():
    docs = {}
    for p in sorted(SCHEMA_DIR.glob("*.json")):
        docs[p.stem] = json.loads(p.read_text())
    if not docs:
        problem(f"no schema files in {SCHEMA_DIR}")
    return docs


def lint(docs):
    owner = {}
    for name, doc in docs.items():
        try:
            Draft202012Validator.check_schema(doc)
        except Exception as e:  # noqa: BLE001
            problem(f"{name}.json: not a valid 2020-12 schema: {e}")
        if doc.get("$schema") != DIALECT:
            problem(f"{name}.json: $schema must be {DIALECT}")
        extra = set(doc) - {"$schema", "title", "description", "$defs"}
        if extra:
            problem(f"{name}.json: root holds {sorted(extra)}; only $schema/title/description/$defs allowed")
        for key in ("title", "description", "$defs"):
            if key not in doc:
                problem(f"{name}.json: root lacks {key}")
        for d in doc.get("$defs", {}):
            if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", d):
                problem(f"{name}.json: def {d} is not PascalCase")
            if d in owner:
                problem(f"def {d} defined in both {owner[d]}.json and {name}.json")
            owner[d] = name

        def check(node, path, name=name):
            bad = set(node) - ALLOWED
            if bad:
                problem(f"{name}.json{path}: keywords not allowed: {sorted(bad)}")
            if "$id" in node:
                problem(f"{name}.json{path}: $id not allowed")
            t = node.get("type")
            is_obj = t == "object" or (isinstance(t, list) and "object" in t)
            if path.count("/") == 2 and path.startswith("/$defs/") and "description" not in node:
                problem(f"{name}.json{path}: def lacks description")
            if is_obj:
                if "properties" in node:
                    for kw in ("description", "required"):
                        if kw not in node:
                            problem(f"{name}.json{path}: object lacks {kw}")
                    open_def = path.count("/") == 2 and path.split("/")[2] in OPEN_OBJECTS
                    if open_def:
                        if node.get("additionalProperties") is not True:
                            problem(f"{name}.json{path}: open object must say additionalProperties: true")
                    elif node.get("additionalProperties") is not False:
                        problem(f"{name}.json{path}: object must have additionalProperties: false")
                    for pname, psch in node["properties"].items():
                        if not isinstance(psch, dict) or "description" not in psch:
                            problem(f"{name}.json{path}/properties/{pname}: property lacks description")
                    for r in node.get("required", []):
                        if r not in node["properties"]:
                            problem(f"{name}.json{path}: required {r} is not a property")
                elif "additionalProperties" not in node:
                    # free-form map: only type + description
                    extra = set(node) - {"type", "description", "title", "examples", "deprecated", "default"}
                    if extra or "description" not in node:
                        problem(f"{name}.json{path}: free-form map must be just type+description, has {sorted(node)}")
            if "prefixItems" in node and node.get("items") is not False:
                problem(f"{name}.json{path}: prefixItems needs items: false")
            if "$ref" in node:
                ref = node["$ref"]
                m = re.fullmatch(r"(?:([a-z_]+)\.json)?#/\$defs/([A-Za-z0-9]+)", ref)
                if not m:
                    problem(f"{name}.json{path}: $ref {ref} not of the form [file.json]#/$defs/Name")
                else:
                    target = m.group(1) or name
                    if target not in docs or m.group(2) not in docs[target].get("$defs", {}):
                        problem(f"{name}.json{path}: $ref {ref} does not resolve")
                    elif m.group(1) == name:
                        problem(f"{name}.json{path}: in-file $ref should be #/$defs/...")

        walk(doc, "", check)
    return owner


def tolerant(node):
    """Copy of a schema that accepts unknown properties and unknown enum/const values."""
    if isinstance(node, list):
        return [tolerant(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k in ("additionalProperties", "unevaluatedProperties") and v is False:
            continue
        if k == "enum":
            if "type" not in node:
                types = sorted({json_type(x) for x in v})
                out["type"] = types if len(types) > 1 else types[0]
            continue
        if k == "const":
            out["type"] = json_type(v)
            continue
        if k in MAP_KW and isinstance(v, dict):
            out[k] = {n: tolerant(s) for n, s in v.items()}
        elif k in SUB_KW or k in LIST_KW:
            out[k] = tolerant(v)
        else:
            out[k] = v
    return out


def json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def registry_for(docs, prefix):
    return Registry().with_resources(
        (f"file:///{prefix}/{n}.json", Resource.from_contents(d, default_specification=DRAFT202012))
        for n, d in docs.items()
    )


def validator(registry, prefix, owner, kind):
    schema = {"$schema": DIALECT, "$ref": f"file:///{prefix}/{owner[kind]}.json#/$defs/{kind}"}
    return Draft202012Validator(schema, registry=registry)


def fmt_errors(v, instance, limit=6):
    errs = sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))
    lines = []
    for e in errs[:limit]:
        loc = "/" + "/".join(map(str, e.absolute_path))
        lines.append(f"      at {loc}: {e.message[:160]}")
    if len(errs) > limit:
        lines.append(f"      ... {len(errs) - limit} more")
    return errs, lines


def check_verdicts(docs, owner):
    strict_reg = registry_for(docs, "schema")
    tol_reg = registry_for({n: tolerant(d) for n, d in docs.items()}, "tolerant")
    if not VERDICTS.exists():
        problem(f"{VERDICTS} missing")
        return
    verdicts = json.loads(VERDICTS.read_text())
    files = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.json") if p != VERDICTS)
    seen = {}
    for v in verdicts:
        missing = {"file", "kind", "conforms", "decodes", "reason"} - set(v)
        if missing:
            problem(f"verdict {v.get('file')}: lacks {sorted(missing)}")
            continue
        if v["file"] in seen:
            problem(f"verdict {v['file']}: listed twice")
        seen[v["file"]] = v
        path = FIXTURES / v["file"]
        if not path.exists():
            problem(f"verdict {v['file']}: no such fixture")
            continue
        if v["kind"] not in owner:
            problem(f"verdict {v['file']}: kind {v['kind']} is not a schema def")
            continue
        instance = json.loads(path.read_text())
        sv = validator(strict_reg, "schema", owner, v["kind"])
        tv = validator(tol_reg, "tolerant", owner, v["kind"])
        s_errs, s_lines = fmt_errors(sv, instance)
        t_errs, t_lines = fmt_errors(tv, instance)
        conforms, decodes = not s_errs, not t_errs
        ok = conforms == v["conforms"] and decodes == v["decodes"]
        if v["decodes"] is False and v["conforms"] is True:
            problem(f"verdict {v['file']}: conforms but not decodes is impossible")
        if v["file"].startswith("flutter/") and not conforms:
            problem(f"{v['file']}: live recording does not conform to {v['kind']}")
        is_composed = v["file"].startswith("composed/")
        if is_composed and not str(v.get("composed", "")).strip():
            problem(f"verdict {v['file']}: a composed fixture needs a `composed` field saying what it was composed from")
        if not is_composed and "composed" in v:
            problem(f"verdict {v['file']}: only fixtures under composed/ have a `composed` field")
        if is_composed and not (conforms and decodes):
            problem(f"{v['file']}: composed fixture does not conform to {v['kind']}")
        if not ok:
            problem(f"verdict {v['file']} ({v['kind']}): says conforms={v['conforms']} decodes={v['decodes']}, "
                    f"computed conforms={conforms} decodes={decodes}")
        if VERBOSE or not ok:
            print(f"  {v['file']} -> {v['kind']}: conforms={conforms} decodes={decodes}")
            if s_errs:
                print("    strict:")
                print("\n".join(s_lines))
            if t_errs:
                print("    tolerant:")
                print("\n".join(t_lines))
    for f in files:
        if f not in seen:
            problem(f"fixture {f} has no verdict")


def check_inventory(docs, owner):
    if not INVENTORY.exists():
        problem(f"{INVENTORY} missing")
        return
    inv = json.loads(INVENTORY.read_text())
    for o in inv.get("objects", []):
        d = o.get("def")
        if d not in owner:
            problem(f"inventory {o.get('name')}: def {d} not in schema")
            continue
        props = docs[owner[d]]["$defs"][d].get("properties", {})
        for p in o.get("properties", []):
            if p not in props:
                problem(f"inventory {o['name']}: property {p} not in {d}")
        for ex in o.get("excluded", []):
            if ex.get("property") in props:
                problem(f"inventory {o['name']}: excluded {ex.get('property')} is in {d} after all")
            if not ex.get("why"):
                problem(f"inventory {o['name']}: excluded {ex.get('property')} lacks why")


def norm_refs(node, file):
    """Rewrite $refs to file-qualified form so schemas from different files compare equal."""
    if isinstance(node, list):
        return [norm_refs(x, file) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "$ref":
            out[k] = v if not v.startswith("#") else f"{file}.json{v}"
        else:
            out[k] = norm_refs(v, file)
    return out


def check_signup_verification(docs, owner):
    if "Verification" not in owner or "SignUpVerification" not in owner:
        return
    v = docs[owner["Verification"]]["$defs"]["Verification"]
    sv = docs[owner["SignUpVerification"]]["$defs"]["SignUpVerification"]
    for p, sch in v["properties"].items():
        a = norm_refs(sch, owner["Verification"])
        b = norm_refs(sv["properties"].get(p), owner["SignUpVerification"])
        if a != b:
            problem(f"SignUpVerification.{p} differs from Verification.{p}")
    for r in v["required"]:
        if r not in sv["required"]:
            problem(f"SignUpVerification does not require {r} (Verification does)")


def main():
    docs = load_schemas()
    owner = lint(docs)
    n_props = sum(len(d.get("properties", {})) for doc in docs.values() for d in doc["$defs"].values())
    print(f"schema: {len(docs)} files, {len(owner)} defs, {n_props} properties")
    check_signup_verification(docs, owner)
    check_verdicts(docs, owner)
    check_inventory(docs, owner)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
