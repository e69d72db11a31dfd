#!/usr/bin/env bash
# A no-op rebuild: `cargo build -v` twice in a row with nothing changed in
# between. Prints the wall time of each and whether clerk-models' build.rs
# (the schema -> models generation) ran. The second build should be fresh:
# no build script run, no crate compiled.
#
# Usage: benches/noop_rebuild.sh [extra cargo build flags, e.g. --release]
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
    local log start end
    log=$(mktemp)
    start=$(date +%s%N)
    cargo build -v "$@" >"$log" 2>&1
    end=$(date +%s%N)
    local ms=$(((end - start) / 1000000))
    local reran=no
    # Cargo prints `Running `.../build/clerk-models-<hash>/build-script-build``
    # when it runs the build script, `Fresh clerk-models` when it does not.
    if grep -Eq 'Running `[^`]*/build/clerk-models-[^/]*/build-script-build' "$log"; then
        reran=yes
    fi
    local compiled
    compiled=$(grep -c '^ *Compiling ' "$log" || true)
    echo "$ms ms, build.rs reran: $reran, crates compiled: $compiled"
    rm -f "$log"
}

echo "cargo $(cargo --version | cut -d' ' -f2), flags: ${*:-(none)}"
echo -n "build 1 (brings the target up to date): "
build "$@"
echo -n "build 2 (no-op):                        "
build "$@"
