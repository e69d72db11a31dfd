#!/usr/bin/env bash
# The HTML reference (generated/reference/) checked in a real browser by
# .ci/reference-browser.mjs: every page loads with no console error and no
# failed request, every local link (and #fragment, and $defs entry of the
# bundle) resolves, and the graph page is photographed (REFERENCE_SCREENSHOT,
# default /tmp/clerk-reference/graph.png). Installs what is missing, as
# .ci/har-browser.sh does (the npm package playwright-core into a scratch
# folder, `apt-get install chromium`: no browser is downloaded). When it
# cannot, it says so plainly and exits 0, or 1 under
# REFERENCE_BROWSER_REQUIRED=1 (a check that did not run is not a pass).
#
#   REFERENCE_BROWSER_REQUIRED=1 bash .ci/reference-browser.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d /tmp/clerk-reference-browser.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cannot() {
    echo "reference-browser: CANNOT RUN: $*" >&2
    if [ "${REFERENCE_BROWSER_REQUIRED:-0}" = 1 ]; then exit 1; fi
    echo "reference-browser: skipped (nothing was checked)" >&2
    exit 0
}

[ -f generated/reference/index.html ] || { echo "reference-browser: generated/reference/ is missing: run cargo run -- generate" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || cannot "node and npm are not installed"
CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
    echo "reference-browser: installing Debian's chromium" >&2
    if ! { apt-get update -qq && apt-get install -y -qq chromium; } >"$WORK/apt.log" 2>&1; then
        cannot "chromium is missing and apt-get could not install it (see $WORK/apt.log)"
    fi
    CHROMIUM=$(command -v chromium || true)
    [ -n "$CHROMIUM" ] || cannot "chromium is still missing after apt-get"
fi
(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent playwright-core@1) \
    >"$WORK/npm.log" 2>&1 || cannot "npm could not install playwright-core (see $WORK/npm.log)"

PLAYWRIGHT_DIR="$WORK/node_modules" CHROMIUM="$CHROMIUM" timeout 300 node .ci/reference-browser.mjs
