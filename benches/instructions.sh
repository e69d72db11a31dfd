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

bin=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')
[ -n "$bin" ] || { echo "could not build benches/instructions.rs" >&2; exit 1; }

docs=("$@")
[ ${#docs[@]} -gt 0 ] || docs=(violation_early violation_last violations_several unknown_property_deep unknown_enum_value)
routes=(errors_all/ours_validate errors_all/ours_judge errors_all/ours_cli errors_all/jsonschema_iter_errors)

count() { # route doc calls -> instructions, or nothing when the route does not apply
    local out
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1) || return 0
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out" | tail -1
}

echo "| route | document | instructions per call |"
echo "|---|---|---:|"
for doc in "${docs[@]}"; do
    for route in "${routes[@]}"; do
        one=$(count "$route" "$doc" 1)
        [ -n "$one" ] || continue
        many=$(count "$route" "$doc" 101)
        echo "| $route | $doc | $(( (many - one) / 100 )) |"
    done
done
