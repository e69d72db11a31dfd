# What the browser checks share, sourced by .ci/har-browser.sh and
# .ci/reference-browser.sh: node and npm present, Debian's chromium
# (installed with apt-get when missing; no browser is downloaded), and the
# npm package playwright-core in $WORK. Each caller defines `cannot` (say why
# and stop) and $WORK first. Sets $CHROMIUM and $PLAYWRIGHT_DIR.
browser_setup() {
    local name=$1
    command -v node >/dev/null && command -v npm >/dev/null || cannot "node and npm are not installed"
    CHROMIUM=$(command -v chromium || true)
    if [ -z "$CHROMIUM" ]; then
        echo "$name: installing Debian's chromium" >&2
        if ! { apt-get update -qq && apt-get install -y -qq chromium; } >"$WORK/apt.log" 2>&1; then
            cannot "chromium is missing and apt-get could not install it (see $WORK/apt.log)"
        fi
        CHROMIUM=$(command -v chromium || true)
        [ -n "$CHROMIUM" ] || cannot "chromium is still missing after apt-get"
    fi
    (cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent playwright-core@1) \
        >"$WORK/npm.log" 2>&1 || cannot "npm could not install playwright-core (see $WORK/npm.log)"
    PLAYWRIGHT_DIR="$WORK/node_modules"
}
