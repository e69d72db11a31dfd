#!/usr/bin/env bash
# A HAR recorded by a real browser, judged by `clerk-models validate`.
#
# A loopback server (python3, 127.0.0.1 only) serves the recorded responses of
# tests/fixtures/clerk/ at their Frontend API paths and a page whose script
# calls them; Playwright (the npm package playwright-core, with Debian's
# chromium: no browser is downloaded) loads the page with `recordHar` and
# writes the capture; `validate` reads it, and each entry's verdict must be
# the verdict of its file judged alone with --endpoint. Installs what is
# missing (the npm package by name, `apt-get install chromium`). When it
# cannot, it says so plainly and exits 0, or 1 under HAR_BROWSER_REQUIRED=1
# (as .ci/run runs it: a check that did not run is not a pass there).
#
#   bash .ci/har-browser.sh            (CLERK_MODELS=path/to/clerk-models to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/clerk-har-browser.XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

cannot() {
    echo "har-browser: CANNOT RUN: $*" >&2
    if [ "${HAR_BROWSER_REQUIRED:-0}" = 1 ]; then exit 1; fi
    echo "har-browser: skipped (nothing was judged)" >&2
    exit 0
}

# shellcheck source=lib/browser.sh
. .ci/lib/browser.sh
browser_setup har-browser

# CLERK_MODELS names a binary already built; otherwise it is built here.
BIN=${CLERK_MODELS:-}
if [ -z "$BIN" ]; then
    cargo build --quiet --bin clerk-models
    BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/clerk-models
fi

# The endpoints the page calls: METHOD PATH STATUS FIXTURE (a path under
# tests/fixtures/clerk/, or "-" for the error envelope written below). One
# fixture fails (a hand-written stub without the keys the spec requires), so
# a failing verdict is compared too.
cat >"$WORK/routes.txt" <<'EOF'
POST /v1/client 200 flutter/client-post-empty-null-sign-in.json
POST /v1/client/sign_ins 200 flutter/sign-in-create-identifier-password-complete-with-session-user.json
GET /v1/me 200 flutter/user-get-me.json
POST /v1/me/email_addresses 200 flutter/email-address-create.json
DELETE /v1/me/phone_numbers/idn_1 200 flutter/phone-number-delete-deleted-object.json
PATCH /v1/me 200 flutter/user-patch-me-name.json
POST /v1/client/sessions/sess_1/tokens 200 composed/session-token.json
GET /v1/client 401 -
DELETE /v1/client 200 android/envelope-client-in-response-and-client.json
EOF
cat >"$WORK/error.json" <<'EOF'
{"errors": [{"message": "Invalid authentication", "long_message": "Unable to authenticate the request", "code": "authentication_invalid"}]}
EOF

cat >"$WORK/server.py" <<'EOF'
import http.server, json, sys
root, routes_file, port_file, error_file = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
routes = {}
for line in open(routes_file):
    method, path, status, fixture = line.split()
    if fixture == "-":
        body = open(error_file).read()
    else:
        body = open(f"{root}/tests/fixtures/clerk/{fixture}").read()
    routes[(method, path)] = (int(status), body)
calls = [{"method": m, "path": p} for (m, p) in routes]
page = "<!doctype html><title>app</title><script>const calls = %s;\n(async () => { for (const c of calls) { await fetch(c.path + '?_clerk_js_version=5&__clerk_db_jwt=dvb_secret', {method: c.method, headers: {Authorization: 'Bearer not-for-reports'}}).then(r => r.text()); } document.title = 'done'; })();</script>" % json.dumps(calls)
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def answer(self):
        path = self.path.split("?")[0]
        if path == "/":
            status, body, kind = 200, page, "text/html"
        else:
            status, body = routes.get((self.command, path), (404, '{"errors": []}'))
            kind = "application/json"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = answer
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
open(port_file, "w").write(str(server.server_address[1]))
server.serve_forever()
EOF
python3 "$WORK/server.py" "$ROOT" "$WORK/routes.txt" "$WORK/port" "$WORK/error.json" &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || cannot "the loopback server did not start"
PORT=$(cat "$WORK/port")

cat >"$WORK/record.js" <<EOF
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '$CHROMIUM', args: ['--no-sandbox'] });
  const context = await browser.newContext({ recordHar: { path: '$WORK/browser.har', content: 'embed' } });
  const page = await context.newPage();
  await page.goto('http://127.0.0.1:$PORT/');
  await page.waitForFunction(() => document.title === 'done', null, { timeout: 30000 });
  await context.close();
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
EOF
(cd "$WORK" && timeout 120 node record.js) || cannot "Playwright could not record a HAR with $CHROMIUM"

# Each entry's verdict (status, kind, and every error's keyword and pointer),
# and the verdict of its file alone with --endpoint.
"$BIN" --format json validate "$WORK/browser.har" >"$WORK/har.jsonl" || true
fails=0
while read -r method path status fixture; do
    got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    e = d.get("entry")
    if e and e["method"] == sys.argv[2] and e["path"] == sys.argv[3]:
        places = sorted({(f.get("keyword") or f.get("source"), f["pointer"]) for f in d["errors"]})
        print(d["status"], d["kind"], e["status"], places); break
' "$WORK/har.jsonl" "$method" "$path")
    # Alone: a success body with --endpoint, an error body as the error kind
    # the map gives every operation.
    if [ "$fixture" = "-" ]; then
        alone_args=(--type ErrorEnvelope "$WORK/error.json")
    else
        alone_args=(--endpoint "$method $path" "$ROOT/tests/fixtures/clerk/$fixture")
    fi
    alone=$("$BIN" --format json validate "${alone_args[@]}" |
        python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
places = sorted({(f.get("keyword") or f.get("source"), f["pointer"]) for f in d["errors"]})
print(d["status"], d["kind"], sys.argv[1], places)' "$status" || true)
    if [ "$got" = "$alone" ]; then
        echo "har-browser: ok    $method $path: $got"
    else
        echo "har-browser: DIFFERS $method $path: in the capture '$got', alone '$alone'"
        fails=$((fails + 1))
    fi
done <"$WORK/routes.txt"
if grep -q -e "not-for-reports" -e "dvb_secret" "$WORK/har.jsonl"; then
    echo "har-browser: a header or query value of the capture is in the report"
    fails=$((fails + 1))
fi
tail -n 1 "$WORK/har.jsonl"
[ "$fails" -eq 0 ] || { echo "har-browser: $fails problem(s)"; exit 1; }
echo "har-browser: the capture recorded by $($CHROMIUM --version 2>/dev/null) gives the files' verdicts"
