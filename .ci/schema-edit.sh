#!/usr/bin/env bash
# A schema edit that uses keywords the tolerant types leave to validation
# (pattern, minLength, maximum, if/then) builds, and `validate` judges by
# them: in a copy of the package, such keywords are added to Client, the
# copy is built, and its verdicts on recorded payloads that keep and that
# break each constraint are checked. (The same safety on a test schema is
# tests/one_pass.rs.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$work/clerk-models"
mkdir -p "$copy"
(cd "$root" && git ls-files -z | xargs -0 -I{} cp --parents {} "$copy")

python3 - "$copy" <<'PY'
import json, sys
root = sys.argv[1]
path = f"{root}/schema/client.json"
schema = json.load(open(path))
client = schema["$defs"]["Client"]
client["properties"]["id"].update({"minLength": 8, "pattern": "^client_"})
client["properties"]["created_at"] = {
    "allOf": [client["properties"]["created_at"]],
    "maximum": 4102444800000,
}
client["if"] = {"properties": {"captcha_bypass": {"const": True}}, "required": ["captcha_bypass"]}
client["then"] = {"properties": {"cookie_expires_at": {"type": "integer"}}}
json.dump(schema, open(path, "w"), indent=2)

fixture = json.load(open(f"{root}/tests/fixtures/clerk/flutter/client-get-during-email-link-a.json"))
def case(name, **changes):
    payload = json.loads(json.dumps(fixture))
    payload["response"].update(changes)
    json.dump(payload, open(f"{root}/{name}.json", "w"))
case("keeps", id="client_2pQ4a1")
case("breaks-pattern", id="CLIENT_ID_0000")
case("breaks-min-length", id="client_")
case("breaks-maximum", id="client_2pQ4a1", created_at=4102444800001)
case("breaks-then", id="client_2pQ4a1", captcha_bypass=True, cookie_expires_at=None)
PY

cd "$copy"
export CARGO_TARGET_DIR="$work/target"
cargo build --quiet --bin clerk-models
bin="$CARGO_TARGET_DIR/debug/clerk-models"

fail=0
check() {
    local file=$1 want_exit=$2 want_keyword=$3
    set +e
    out="$("$bin" --format json validate --type ClientEnvelope "$file.json")"
    code=$?
    set -e
    keywords="$(printf '%s\n' "$out" | head -1 | python3 -c 'import json,sys; print(" ".join(e.get("keyword","") for e in json.load(sys.stdin)["errors"]))')"
    if [ "$code" != "$want_exit" ] || [[ " $keywords " != *" $want_keyword "* && -n "$want_keyword" ]]; then
        echo "schema-edit: $file: exit $code (want $want_exit), keywords [$keywords] (want $want_keyword)"
        fail=1
    else
        echo "schema-edit: $file: exit $code, keywords [$keywords]"
    fi
}
check keeps 0 ""
check breaks-pattern 1 pattern
check breaks-min-length 1 minLength
check breaks-maximum 1 maximum
check breaks-then 1 type
exit $fail
