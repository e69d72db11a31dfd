#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/, not committed) from the repository:
# the recorded Clerk payloads for `validate`; the contract, the generator's
# fixture schemas and the JSON-Schema-Test-Suite's schemas, each once tolerant
# (first byte 0) and once strict (first byte 1), for `generate`; and, for
# `generate_structured`, whose inputs `arbitrary` reads as a schema tree,
# 64 blocks of seeded random bytes (64 to 4,096 bytes; any bytes make a tree).
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
mkdir -p "$fuzz/corpus/validate" "$fuzz/corpus/generate" "$fuzz/corpus/generate_structured"
for f in "$root"/tests/fixtures/clerk/*/*.json; do
    cp "$f" "$fuzz/corpus/validate/$(basename "$(dirname "$f")")-$(basename "$f")"
done
seed() { # name file
    { printf '\000'; cat "$2"; } > "$fuzz/corpus/generate/tolerant-$1"
    { printf '\001'; cat "$2"; } > "$fuzz/corpus/generate/strict-$1"
}
for f in "$root"/schema/*.json "$root"/codegen/tests/schemas/*.json; do
    seed "$(basename "$(dirname "$f")")-$(basename "$f")" "$f"
done
# Each test group's schema from the official suite (draft 2020-12).
if command -v python3 >/dev/null; then
    python3 - "$root/suite/data/tests/draft2020-12" "$fuzz/corpus/generate" <<'PY'
import json, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for path in sorted(src.rglob("*.json")):
    for i, group in enumerate(json.loads(path.read_text())):
        body = json.dumps(group["schema"]).encode()
        name = f"suite-{path.stem}-{i}"
        (out / f"tolerant-{name}").write_bytes(b"\0" + body)
        (out / f"strict-{name}").write_bytes(b"\1" + body)
PY
fi
if command -v python3 >/dev/null; then
    python3 - "$fuzz/corpus/generate_structured" <<'PY'
import pathlib, random, sys
out = pathlib.Path(sys.argv[1])
rng = random.Random(15)
for i in range(64):
    size = 64 << (i % 7)  # 64, 128, ..., 4096
    (out / f"random-{i:02}").write_bytes(bytes(rng.randrange(256) for _ in range(size)))
PY
fi
echo "validate: $(ls "$fuzz/corpus/validate" | wc -l) seeds, generate: $(ls "$fuzz/corpus/generate" | wc -l) seeds, generate_structured: $(ls "$fuzz/corpus/generate_structured" | wc -l) seeds"
