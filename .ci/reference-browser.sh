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
# shellcheck source=lib/browser.sh
. .ci/lib/browser.sh
browser_setup reference-browser

PLAYWRIGHT_DIR="$WORK/node_modules" CHROMIUM="$CHROMIUM" timeout 300 node .ci/reference-browser.mjs
