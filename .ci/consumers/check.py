"""The consumer check's two ends: `preflight` (the bundles and kits are there and agree on `$id`s) and `summary` (one table of every tool's results, the JSON report, the exit code).

  python3 check.py preflight --bundle B.json... --kit K.json...
  python3 check.py summary REPORT.json --bundle B.json... --kit K.json...
        --tool NAME REQUIRED(0|1) RESULT.json LOG ...

Standard library only: it runs before anything is installed.
"""
import argparse
import json
import os
import sys

import kitlib


def preflight(args):
    """Exit 1 with a plain message when a bundle or kit is missing or the kit
    points at a `$id` or `$defs` entry the bundles do not have (a stale kit)."""
    problems = []
    for path in args.bundle + args.kit:
        if not os.path.isfile(path):
            problems.append(f"{path} is missing")
    if problems:
        return problems
    bundles = kitlib.load_bundles(args.bundle)
    for kit_path in args.kit:
        kit = kitlib.load_kit(kit_path)
        if not kit:
            problems.append(f"{kit_path}: no groups")
        # One line per unknown $id (a kit of another contract version names
        # it in every group), then the groups whose $ref is otherwise wrong.
        unknown_ids, bad_refs = {}, []
        for group in kit:
            if kitlib.target(group, bundles) is None:
                ref = (group.get("schema") or {}).get("$ref")
                m = kitlib.REF.match(ref) if isinstance(ref, str) else None
                if m and m["id"] not in bundles:
                    unknown_ids[m["id"]] = unknown_ids.get(m["id"], 0) + 1
                else:
                    bad_refs.append(f"group {group.get('description')!r}: $ref {ref!r}")
        for bid, n in sorted(unknown_ids.items()):
            problems.append(f"{kit_path}: {n} group(s) refer to {bid}, which is not the $id of a bundle "
                            f"({', '.join(sorted(bundles))}): the kit is stale or for another version")
        for line in bad_refs:
            problems.append(f"{kit_path}: {line} is not '<bundle $id>#/$defs/<Kind>' of a $defs entry")
        for group in kit:
            for t in group.get("tests", []):
                if not isinstance(t.get("valid"), bool) or "data" not in t:
                    problems.append(f"{kit_path}: group {group.get('description')!r}, test "
                                    f"{t.get('description')!r}: needs `data` and a boolean `valid`")
    return problems


def status(r):
    """The table's last column."""
    bad = len(r["problems"])
    if r["judged"] is None:
        text = r["result"] or "?"
    elif r["result"]:
        text = r["result"]
    else:
        text = "ok" if bad == 0 and r["agree"] == r["judged"] else f"{r['judged'] - r['agree']} differ"
    if not r["required"]:
        return f"{text} (report only)"
    return text if (bad == 0 and not r.get("failed")) else f"FAIL: {text}"


def summary(args):
    rows, notes, failures = [], [], 0
    for name, required, result, log in args.tool:
        required = required == "1"
        data = None
        if os.path.isfile(result):
            with open(result) as f:
                data = json.load(f)
        if data is None or data.get("error"):
            # The tool stopped before writing its rows: the end of its log says why.
            why = data["error"] if data else "no result"
            if os.path.isfile(log):
                with open(log, errors="replace") as f:
                    tail = [line.rstrip() for line in f.readlines()[-8:] if line.strip()]
                why += "; " + " / ".join(tail) if tail else ""
            r = kitlib.row(name, "?", "(did not run to the end)", required, result="could not run: " + why[:600])
            r["failed"] = required
            rows.append(r)
            continue
        rows.extend(data["rows"])
        notes.extend(data.get("notes", []))
    for r in rows:
        r["failed"] = r.get("failed") or (r["required"] and bool(r["problems"]))
        failures += r["failed"]

    table = [("tool", "version", "check", "judged", "agree", "differ", "result")]
    for r in rows:
        counted = r["judged"] is not None
        num = (lambda v: str(v) if counted else "-")
        table.append((r["tool"], r["version"], r["what"], num(r["judged"]), num(r["agree"]),
                      num(counted and r["judged"] - r["agree"]), status(r)))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]) - 1)]
    print()
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)) + "  " + line[-1])
    listed = [(r, p) for r in rows for p in r["problems"]]
    if listed:
        print("\nDisagreements and failures:")
        for r, p in listed:
            tag = "" if r["required"] else " (report only)"
            print(f"- {r['tool']} {r['version']}{tag}, {r['what']}: [{p['group']}] {p['test']}: {p['detail']}")
    if notes:
        print("\nNotes:")
        for n in notes:
            print(f"- {n}")

    bundles = kitlib.load_bundles(args.bundle)
    report = {
        "ok": failures == 0,
        "bundles": [{"path": p, "$id": bid} for bid, (p, _) in sorted(bundles.items())],
        "kits": [{"path": k, "tests": sum(len(g["tests"]) for g in kitlib.load_kit(k))} for k in args.kit],
        "tools": [{k: r[k] for k in ("tool", "version", "what", "required", "judged", "agree", "problems")}
                  | {"result": status(r), "failed": r["failed"]} for r in rows],
        "notes": notes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1)
    print()
    if failures:
        print(f"consumers: FAILED: {failures} check(s) failed (report: {args.report})")
        return 1
    print(f"consumers: every required tool agrees with the kits (report: {args.report})")
    return 0


ap = argparse.ArgumentParser()
sub = ap.add_subparsers(dest="cmd", required=True)
for name in ("preflight", "summary"):
    p = sub.add_parser(name)
    if name == "summary":
        p.add_argument("report")
        p.add_argument("--tool", nargs=4, action="append", default=[])
    p.add_argument("--bundle", action="append", required=True)
    p.add_argument("--kit", action="append", required=True)
args = ap.parse_args()
if args.cmd == "preflight":
    found = preflight(args)
    for line in found:
        print(f"consumers: {line}", file=sys.stderr)
    sys.exit(1 if found else 0)
sys.exit(summary(args))
