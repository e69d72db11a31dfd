#!/usr/bin/env bash
# Other teams' tools read the published bundles and agree with the conformance kits.
#
# The bundles (generated/schema/clerk.schema.json, strict, and
# clerk.tolerant.schema.json) and their kits (generated/kit/clerk.kit.json and
# clerk.tolerant.kit.json, in the JSON-Schema-Test-Suite format) go through:
#   ajv (Ajv2020)               every test's verdict must be the kit's `valid`;
#   python jsonschema           the same (and the bundles pass the metaschema);
#   quicktype (current)         TypeScript converters, compiled by tsc --strict,
#                               accept every valid test; Kotlin and Swift
#                               generation is reported only;
#   quicktype 23.x              reported only (older apps pin it);
#   datamodel-code-generator    pydantic v2 models accept every valid test;
#   tsc --strict                the project's own TypeScript types
#                               (generated/typescript/clerk.ts) type-check
#                               every valid test, drift included.
# The helpers are in .ci/consumers/. Tools are installed at pinned versions
# into $CONSUMERS_CACHE (default /tmp/clerk-consumers; kept between runs, one
# folder per set of pins). When they cannot be installed it says so plainly
# and exits 0, or 1 under CONSUMERS_REQUIRED=1 (as CI runs it). A missing or
# stale kit is a failure (exit 1). The table is also written as JSON to
# $CONSUMERS_REPORT (default $CONSUMERS_CACHE/report.json).
#
#   bash .ci/consumers.sh        (CONSUMERS_KIT_DIR=folder to read the kits from elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HERE=$ROOT/.ci/consumers
# No __pycache__ in the repository from the helpers importing kitlib.
export PYTHONDONTWRITEBYTECODE=1

AJV=8.20.0
QUICKTYPE=26.0.0
QUICKTYPE_OLD=23.2.6
TYPESCRIPT=5.9.3
JSONSCHEMA=4.26.0
REFERENCING=0.37.0
DATAMODEL_CODEGEN=0.97.0
PYDANTIC=2.14.4

CACHE=${CONSUMERS_CACHE:-/tmp/clerk-consumers}
KIT_DIR=${CONSUMERS_KIT_DIR:-$ROOT/generated/kit}
REPORT=${CONSUMERS_REPORT:-$CACHE/report.json}
# Each kit is judged against the bundle its $refs name (the first pair strict).
BUNDLE_FILES=("$ROOT/generated/schema/clerk.schema.json" "$ROOT/generated/schema/clerk.tolerant.schema.json")
KIT_FILES=("$KIT_DIR/clerk.kit.json" "$KIT_DIR/clerk.tolerant.kit.json")
BUNDLES=()
for f in "${BUNDLE_FILES[@]}"; do BUNDLES+=(--bundle "$f"); done
KITS=()
for f in "${KIT_FILES[@]}"; do KITS+=(--kit "$f"); done

cannot() {
    echo "consumers: CANNOT RUN: $*" >&2
    if [ "${CONSUMERS_REQUIRED:-0}" = 1 ]; then exit 1; fi
    echo "consumers: skipped (nothing was judged)" >&2
    exit 0
}

command -v python3 >/dev/null || cannot "python3 is not installed"
# Before any install: the bundles and kits are there and the kits point at the
# bundles' $ids (a kit written for another contract version fails here).
python3 "$HERE/check.py" preflight "${BUNDLES[@]}" "${KITS[@]}" ||
    { echo "consumers: FAILED: the bundles or kits above are missing or do not match (the kits are written by 'cargo run -- generate' into generated/kit/)" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || cannot "node and npm are not installed"

mkdir -p "$CACHE"
WORK=$CACHE/work
rm -rf "$WORK"
mkdir -p "$WORK"

# npm_prefix DIR PACKAGE@VERSION...: installs once into DIR (named after the
# pins), through a temporary folder so an interrupted install is not reused.
npm_prefix() {
    local dir=$1
    shift
    [ -f "$dir/.installed" ] && return 0
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent --save-exact "$@") \
        >"$WORK/npm-$(basename "$dir").log" 2>&1 || return 1
    touch "$dir.tmp/.installed"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
}

NODE=$CACHE/node-ajv$AJV-quicktype$QUICKTYPE-typescript$TYPESCRIPT
echo "consumers: npm packages ajv@$AJV quicktype@$QUICKTYPE typescript@$TYPESCRIPT in $NODE" >&2
npm_prefix "$NODE" "ajv@$AJV" "quicktype@$QUICKTYPE" "typescript@$TYPESCRIPT" ||
    cannot "npm could not install ajv, quicktype or typescript (see $WORK/npm-$(basename "$NODE").log)"
# Report-only: an install failure of the old quicktype is reported in the table.
NODE_OLD=$CACHE/node-quicktype$QUICKTYPE_OLD
npm_prefix "$NODE_OLD" "quicktype@$QUICKTYPE_OLD" || echo "npm could not install quicktype@$QUICKTYPE_OLD" >"$WORK/quicktype-old.log"

PYVER=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV=$CACHE/venv-py$PYVER-jsonschema$JSONSCHEMA-dmcg$DATAMODEL_CODEGEN-pydantic$PYDANTIC
echo "consumers: pip packages jsonschema==$JSONSCHEMA datamodel-code-generator==$DATAMODEL_CODEGEN pydantic==$PYDANTIC in $VENV" >&2
if [ ! -f "$VENV/.installed" ]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV" >"$WORK/venv.log" 2>&1 || cannot "python3 -m venv failed (see $WORK/venv.log; Debian needs python3-venv)"
    "$VENV/bin/pip" install --disable-pip-version-check -q "jsonschema==$JSONSCHEMA" "referencing==$REFERENCING" \
        "datamodel-code-generator==$DATAMODEL_CODEGEN" "pydantic==$PYDANTIC" >"$WORK/pip.log" 2>&1 ||
        { rm -rf "$VENV"; cannot "pip could not install the Python tools (see $WORK/pip.log)"; }
    touch "$VENV/.installed"
fi
PY=$VENV/bin/python

# Each tool writes its rows to $WORK/NAME.json; a tool that stops is reported
# from the end of its log. `|| true`: the summary decides the exit code.
echo "consumers: ajv" >&2
node "$HERE/ajv.mjs" "$NODE" "$WORK/ajv.json" "${BUNDLE_FILES[@]}" -- "${KIT_FILES[@]}" >"$WORK/ajv.log" 2>&1 || true
echo "consumers: python jsonschema" >&2
"$PY" "$HERE/jsonschema_check.py" "$WORK/jsonschema.json" "${BUNDLES[@]}" "${KITS[@]}" >"$WORK/jsonschema.log" 2>&1 || true
echo "consumers: quicktype $QUICKTYPE" >&2
"$PY" "$HERE/quicktype_check.py" "$WORK/quicktype.json" --prefix "$NODE" --tsc-prefix "$NODE" \
    --work "$WORK/quicktype" "${BUNDLES[@]}" "${KITS[@]}" >"$WORK/quicktype.log" 2>&1 || true
if [ -f "$NODE_OLD/.installed" ]; then
    echo "consumers: quicktype $QUICKTYPE_OLD (report only)" >&2
    "$PY" "$HERE/quicktype_check.py" "$WORK/quicktype-old.json" --report-only --prefix "$NODE_OLD" --tsc-prefix "$NODE" \
        --work "$WORK/quicktype-old" "${BUNDLES[@]}" "${KITS[@]}" >"$WORK/quicktype-old.log" 2>&1 || true
fi
echo "consumers: the project's TypeScript types under tsc" >&2
"$PY" "$HERE/typescript_check.py" "$WORK/typescript.json" --tsc-prefix "$NODE" \
    --types "$ROOT/generated/typescript/clerk.ts" --work "$WORK/typescript" \
    "${BUNDLES[@]}" "${KITS[@]}" >"$WORK/typescript.log" 2>&1 || true
echo "consumers: datamodel-code-generator" >&2
"$PY" "$HERE/pydantic_check.py" "$WORK/pydantic.json" --work "$WORK/pydantic" \
    "${BUNDLES[@]}" "${KITS[@]}" >"$WORK/pydantic.log" 2>&1 || true

python3 "$HERE/check.py" summary "$REPORT" "${BUNDLES[@]}" "${KITS[@]}" \
    --tool ajv 1 "$WORK/ajv.json" "$WORK/ajv.log" \
    --tool jsonschema 1 "$WORK/jsonschema.json" "$WORK/jsonschema.log" \
    --tool quicktype 1 "$WORK/quicktype.json" "$WORK/quicktype.log" \
    --tool "quicktype $QUICKTYPE_OLD" 0 "$WORK/quicktype-old.json" "$WORK/quicktype-old.log" \
    --tool datamodel-code-generator 1 "$WORK/pydantic.json" "$WORK/pydantic.log" \
    --tool "clerk.ts" 1 "$WORK/typescript.json" "$WORK/typescript.log"
