#!/usr/bin/env python3
"""The NDJSON streams of the side-by-side run, from the recorded payloads.

`streams.py OUT_DIR [MB] [CLERK_MODELS]` writes, deterministically:
  clients.ndjson  the Flutter recordings that are ClientEnvelopes, compact, cycled to MB
  mix.ndjson      every conforming recording whose kind its shape tells (by
                  CLERK_MODELS, when given; an empty page fits many kinds), cycled to MB
  *.kinds         the kind of each line of a stream's cycle (for ajv)
  corpus.ndjson   every recording once (conforming or not), with corpus.kinds and
                  corpus.verdicts (the recorded verdicts)
"""
import json
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "clerk"
out = pathlib.Path(sys.argv[1])
size = int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 100_000_000
binary = sys.argv[3] if len(sys.argv) > 3 else None
out.mkdir(parents=True, exist_ok=True)
verdicts = json.loads((root / "verdicts.json").read_text())


def compact(entry):
    value = json.loads((root / entry["file"]).read_text())
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def cycle(name, entries):
    lines = [(e["kind"], compact(e)) for e in entries]
    written = count = 0
    with open(out / f"{name}.ndjson", "w", encoding="utf-8") as stream:
        while written < size:
            for _, line in lines:
                stream.write(line + "\n")
                written += len(line.encode()) + 1
                count += 1
    (out / f"{name}.kinds").write_text("\n".join(k for k, _ in lines) + "\n")
    print(f"{name}.ndjson: {written} bytes, {count} lines, a cycle of {len(lines)} payloads")


clients = [e for e in verdicts if e["file"].startswith("flutter/") and e["kind"] == "ClientEnvelope" and e["conforms"]]
cycle("clients", sorted(clients, key=lambda e: e["file"]))
def told(entries):
    """The entries whose kind `validate` tells from the payload's shape."""
    if binary is None:
        return entries
    probe = out / "told.ndjson"
    probe.write_text("".join(compact(e) + "\n" for e in entries), encoding="utf-8")
    report = subprocess.run([binary, "--format", "json", "validate", str(probe)], capture_output=True, text=True).stdout
    kinds = {row["line"]: row.get("kind") for row in map(json.loads, report.splitlines()) if "line" in row}
    probe.unlink()
    return [e for i, e in enumerate(entries) if kinds.get(i + 1) == e["kind"]]


conforming = sorted((e for e in verdicts if e["conforms"] and e["decodes"]), key=lambda e: e["file"])
cycle("mix", told(conforming))
corpus = sorted(verdicts, key=lambda e: e["file"])
with open(out / "corpus.ndjson", "w", encoding="utf-8") as stream:
    for e in corpus:
        stream.write(compact(e) + "\n")
(out / "corpus.kinds").write_text("\n".join(e["kind"] for e in corpus) + "\n")
(out / "corpus.verdicts").write_text("\n".join("valid" if e["conforms"] else "invalid" for e in corpus) + "\n")
print(f"corpus.ndjson: {len(corpus)} payloads")
