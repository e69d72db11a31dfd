#!/bin/sh
# The hand-run figures of README "Robustness": makes big inputs in a temp dir
# and runs the release binary on each under /usr/bin/time -v, printing one
# Markdown table row per input (exit code, wall time, peak resident memory).
# Needs python3 and GNU time; takes a few minutes and ~1 GB of disk.
# CLERK_MODELS_BIN=path runs that binary instead of building this checkout's
# (to set two builds side by side).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${CLERK_MODELS_BIN:-}" ]; then
    bin=$CLERK_MODELS_BIN
else
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    bin="$root/target/release/clerk-models"
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$root" "$dir" <<'PY'
import json, sys
root, out = sys.argv[1], sys.argv[2]
MB = 1 << 20
def fixture(name):
    return json.load(open(f"{root}/tests/fixtures/clerk/{name}"))
# A valid 100 MB ClientEnvelope: one recorded session, many times.
env = fixture("flutter/client-get-during-email-link-c.json")
session = env["response"]["sessions"][0]
one = len(json.dumps(session, separators=(",", ":"))) + 1
env["response"]["sessions"] = [session] * (100 * MB // one)
open(f"{out}/client-100mb.json", "w").write(json.dumps(env, separators=(",", ":")))
# 100 MB of NDJSON: the recorded payloads, one a line, over and over.
lines = []
import glob
for path in sorted(glob.glob(f"{root}/tests/fixtures/clerk/*/*.json")):
    lines.append(json.dumps(json.load(open(path)), separators=(",", ":")))
block = "\n".join(lines) + "\n"
with open(f"{out}/payloads-100mb.ndjson", "w") as f:
    for _ in range(100 * MB // len(block)):
        f.write(block)
# A single 50 MB string: in an open object, and where a timestamp should be.
s = "x" * (50 * MB)
open(f"{out}/string-50mb-open.json", "w").write(f'{{"errors": [], "meta": {{"s": "{s}"}}}}')
text = open(f"{root}/tests/fixtures/clerk/flutter/client-post-empty-null-sign-in.json").read()
open(f"{out}/string-50mb-timestamp.json", "w").write(text.replace("1767225596000", f'"{s}"', 1))
# 8 MiB (the default limit) of errors: an array of 4 million wrong items;
# an object with 600,000 unknown properties; 550,000 values in one file.
n = (8 * MB - 16) // 2
open(f"{out}/errors-8mib.json", "w").write('{"errors": [' + "1," * (n - 1) + "1]}")
keys = ",".join(f'"k{i}":1' for i in range(600_000))
open(f"{out}/unknown-keys-8mib.json", "w").write(
    '{"errors": [{' + keys + ', "message": "m", "long_message": "l", "code": "c"}]}')
open(f"{out}/values-8mib.json", "w").write('{"errors": []}\n' * (8 * MB // 15))
# 100,000 levels of nesting.
open(f"{out}/deep-100000.json", "w").write("[" * 100_000 + "]" * 100_000)
PY
run() { # label, file, then more validate arguments; file `-FILE`: FILE on stdin
    label=$1
    file=$2
    shift 2
    case $file in
    -*) input=${file#-}; set -- "$@" - ;;
    *) input=$file; set -- "$@" "$file" ;;
    esac
    size=$(stat -c %s "$input")
    /usr/bin/time -v "$bin" validate --quiet "$@" < "$input" > "$dir/out" 2> "$dir/time" && code=0 || code=$?
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
    printf '| %s | %s MiB | `validate %s` | %s | %s | %s MiB |\n' "$label" \
        "$((size / 1048576))" "$*" "$code" "$wall" "$((kib / 1024))"
    printf '    %s: %s\n' "$label" "$(tail -n 1 "$dir/out" | cut -c1-150)" >&2
}
cd "$dir"
echo "| input | size | command | exit | time | peak RSS |"
echo "|---|---:|---|---:|---:|---:|"
run "100 MB file, default limit" client-100mb.json
run "100 MB file, judged" client-100mb.json --max-bytes 128M
run "100 MB NDJSON" payloads-100mb.ndjson
run "100 MB on stdin, default limit" -client-100mb.json
run "50 MB string, default limit" string-50mb-open.json
run "50 MB string in an open object" string-50mb-open.json --max-bytes 64M
run "50 MB string for a timestamp" string-50mb-timestamp.json --max-bytes 64M
run "4 million wrong items" errors-8mib.json
run "600,000 unknown properties" unknown-keys-8mib.json
run "550,000 values in one file" values-8mib.json --type ErrorEnvelope
run "100,000 levels deep" deep-100000.json
