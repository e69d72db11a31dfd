"""What the consumer checks share: reading the bundles and the conformance kits, and writing a tool's result rows.

A kit is a JSON-Schema-Test-Suite file: groups {description, schema, tests},
each schema a `$ref` to `<bundle $id>#/$defs/<Kind>`. A result file is
{"rows": [...], "error": str|None, "notes": [...]}; each row is one line of
the final table (see `row`). check.py reads them.
"""
import json
import re

REF = re.compile(r"^(?P<id>[^#]+)#/\$defs/(?P<kind>[^/]+)$")


def load_bundles(paths):
    """{$id: (path, bundle)} for the bundle files given."""
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        if not isinstance(bundle.get("$id"), str):
            raise SystemExit(f"{path}: the bundle has no $id")
        out[bundle["$id"]] = (path, bundle)
    return out


def load_kit(path):
    with open(path, encoding="utf-8") as f:
        kit = json.load(f)
    if not isinstance(kit, list):
        raise SystemExit(f"{path}: a kit is a JSON array of groups")
    return kit


def target(group, bundles):
    """(bundle path, $defs name) the group's schema points at, or None when it
    is not a plain `$ref` into one of the bundles (code generators need a kind)."""
    schema = group.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
        return None
    m = REF.match(schema["$ref"])
    if not m or m["id"] not in bundles:
        return None
    path, bundle = bundles[m["id"]]
    if m["kind"] not in bundle.get("$defs", {}):
        return None
    return path, m["kind"]


def row(tool, version, what, required, judged=None, agree=None, result=None):
    """One line of the table: `judged` tests, `agree` of them as the kit says
    (or accepted, for generated code); `problems` lists the others; `result`
    overrides the ok/FAIL column for rows that count no tests."""
    return {"tool": tool, "version": version, "what": what, "required": required,
            "judged": judged, "agree": agree, "problems": [], "result": result}


def problem(r, group, test, detail):
    r["problems"].append({"group": group, "test": test, "detail": detail})


def write(out, rows, error=None, notes=()):
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "error": error, "notes": list(notes)}, f, indent=1)
