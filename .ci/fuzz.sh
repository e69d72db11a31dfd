#!/usr/bin/env bash
# A short fuzz run of each target, as .ci/run runs it: seconds each, seeded
# from the repository (fuzz/seed.sh) and from fuzz/regressions/TARGET/, the
# inputs that once crashed a target, each replayed first on every run (a
# crash found here goes there, with the fix).
#
# cargo-fuzz is installed from crates.io when missing (a pinned version);
# only the stable toolchain is needed, with RUSTC_BOOTSTRAP=1 for its -Z
# flags. CI builds without a sanitizer (`-s none`: the code under test has
# one unsafe block, an SSE2 load of a 16-byte slice in quick::scan::wide)
# and in the dev profile, which builds in a third of the time of -O;
# README.md, "Fuzzing", gives the long runs.
#
#   .ci/fuzz.sh                     (FUZZ_SECONDS=20 per target by default)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-20}
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install --quiet --locked cargo-fuzz --version 0.13.2
fi
fuzz/seed.sh
cd fuzz
flags=(--dev -s none)
cargo fuzz build "${flags[@]}"
status=0
for target in validate generate generate_structured; do
    mkdir -p "regressions/$target" "artifacts/$target"
    echo "fuzz: $target for ${SECONDS_EACH}s" >&2
    if ! cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "regressions/$target" -- \
        -max_total_time="$SECONDS_EACH" -seed=1 -rss_limit_mb=2048 -print_final_stats=1 \
        2>"artifacts/$target.log"; then
        echo "fuzz: $target CRASHED; the input is in fuzz/artifacts/$target/:" >&2
        ls "artifacts/$target" >&2
        tail -n 40 "artifacts/$target.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|cov: " "artifacts/$target.log" | tail -n 2 >&2
    fi
done
exit "$status"
