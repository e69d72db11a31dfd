#!/usr/bin/env bash
# Instructions per call on the error path, route by route, under valgrind's
# callgrind (see benches/instructions.rs): each route runs once with 1 call and once with
# 101 calls, and the difference / 100 is one call, setup excluded. Prints a
# Markdown table. Needs valgrind (apt-get install valgrind).
#
# Usage: benches/instructions.sh [document ...]
#   (default: the five invalid documents)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cargo bench --bench instructions --no-run --message-format=json 2>"$log" >"$log.json"; then
    cat "$log" >&2
    echo "could not build benches/instructions.rs" >&2
    exit 1
fi
bin=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])' "$log.json")
rm -f "$log.json"
[ -n "$bin" ] || { echo "cargo built no benches/instructions.rs executable" >&2; exit 1; }

docs=("$@")
[ ${#docs[@]} -gt 0 ] || docs=(violation_early violation_last violations_several unknown_property_deep unknown_enum_value)
routes=(errors_all/ours_full errors_all/ours_entry errors_all/jsonschema_iter_errors)

count() { # route doc calls -> instructions; nothing when the route does not apply (exit 2)
    local out status=0
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1) || status=$?
    case $status in
        0) sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out" | tail -1 ;;
        2) ;;
        *) echo "$1 on $2 failed (exit $status):" >&2; tail -20 <<<"$out" >&2; exit 1 ;;
    esac
}

echo "| route | document | instructions per call |"
echo "|---|---|---:|"
for doc in "${docs[@]}"; do
    for route in "${routes[@]}"; do
        one=$(count "$route" "$doc" 1)
        [ -n "$one" ] || continue
        many=$(count "$route" "$doc" 101)
        [ -n "$many" ] || { echo "no count for 101 calls of $route on $doc" >&2; exit 1; }
        echo "| $route | $doc | $(( (many - one) / 100 )) |"
    done
done
