#!/usr/bin/env python3
"""Write the HAR captures of tests/cli/har/ (run from the package root; no dependencies).

    python3 tests/data/make_har.py

session.har: a sign-in session as a browser would capture it, made of the project's recorded
responses (tests/fixtures/clerk/, see SOURCES.md there: the Flutter recordings' keys name the
method and path each answers) at their real Frontend API endpoints, with the entries a capture
of a whole app holds besides: a CORS preflight, the app's own page on another host, the
environment (an operation the contract leaves out), a redirect. It also has:

  * error responses (422 and 401) with the error envelope: composed here (the ClerkError shape
    of schema/envelope.json, with codes its description lists), no recording has one;
  * a body stored base64 (content.encoding), as Chrome stores some bodies;
  * an entry without content (content.size but no text, as DevTools exports "without content");
  * an entry whose body contradicts its endpoint: GET /v1/me answered by the deleted-object
    envelope of DELETE /v1/me;
  * on every request, headers, cookies, a query and a request body holding marker strings
    (`MARKER-...`), which no report may show.

secrets.har: failing payloads whose secret values (the session token's jwt, a TOTP secret,
backup codes) hold marker strings, for tests/validate_har.rs's check that no output shows one.
"""
import base64
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "clerk"
OUT = ROOT / "tests" / "cli" / "har"
FAPI = "https://clerk.example.com"
QUERY = "?__clerk_api_version=2025-11-10&_clerk_js_version=5.117.0&__clerk_db_jwt=MARKER-QUERY-dvb"
SESSION_QUERY = QUERY + "&_clerk_session_id=sess_2Xq9"

# Values no report may show (tests/validate_har.rs looks for "MARKER").
AUTHORIZATION = "Bearer MARKER-AUTHORIZATION-eyJhbGciOiJSUzI1NiJ9"
COOKIE_SESSION = "MARKER-COOKIE-SESSION-eyJhbGciOiJSUzI1NiJ9"
COOKIE_CLIENT = "MARKER-COOKIE-CLIENT-eyJhbGciOiJSUzI1NiJ9"
PASSWORD = "MARKER-PASSWORD-hunter2"


def fixture(name):
    return (FIXTURES / name).read_text()


def error(status, code, message, long_message, param=None):
    err = {"message": message, "long_message": long_message, "code": code}
    if param:
        err["meta"] = {"param_name": param}
    return json.dumps({"errors": [err], "clerk_trace_id": "0f6e1b4c2a9d4e8f"})


def entry(method, url, status, body=None, *, mime="application/json", base64_body=False,
          no_content=False, post=None):
    request = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/2",
        "cookies": [
            {"name": "__session", "value": COOKIE_SESSION},
            {"name": "__client_uat", "value": "1767225600"},
        ],
        "headers": [
            {"name": "Authorization", "value": AUTHORIZATION},
            {"name": "Cookie", "value": f"__session={COOKIE_SESSION}; __client={COOKIE_CLIENT}"},
            {"name": "Origin", "value": "https://app.example.com"},
        ],
        "queryString": [{"name": "__clerk_db_jwt", "value": "MARKER-QUERY-dvb"}],
        "headersSize": -1,
        "bodySize": 0 if post is None else len(post),
    }
    if post is not None:
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": post}
    content = {"size": 0 if body is None else len(body.encode()), "mimeType": mime}
    if body is not None and not no_content:
        if base64_body:
            content["text"] = base64.b64encode(body.encode()).decode()
            content["encoding"] = "base64"
        else:
            content["text"] = body
    response = {
        "status": status,
        "statusText": "",
        "httpVersion": "HTTP/2",
        "cookies": [{"name": "__client", "value": COOKIE_CLIENT, "httpOnly": True}],
        "headers": [
            {"name": "Content-Type", "value": mime},
            {"name": "Set-Cookie", "value": f"__client={COOKIE_CLIENT}; HttpOnly; Secure"},
        ],
        "content": content,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    }
    return {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 42.0,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 1, "wait": 40, "receive": 1},
    }


def har(entries):
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "tests/data/make_har.py", "version": "1"},
            "pages": [],
            "entries": entries,
        }
    }


def session():
    return har([
        entry("GET", f"{FAPI}/v1/environment{QUERY}", 200, '{"object": "environment"}'),
        entry("POST", f"{FAPI}/v1/client{QUERY}", 200,
              fixture("flutter/client-post-empty-null-sign-in.json")),
        entry("OPTIONS", f"{FAPI}/v1/client/sign_ins{QUERY}", 204),
        entry("POST", f"{FAPI}/v1/client/sign_ins{QUERY}", 422,
              error(422, "form_password_incorrect", "Password is incorrect. Try again, or use another method.",
                    "Password is incorrect. Try again, or use another method.", "password"),
              post=f"identifier=%25%25EMAIL%25%25&password={PASSWORD}"),
        entry("POST", f"{FAPI}/v1/client/sign_ins{QUERY}", 200,
              fixture("flutter/sign-in-create-identifier-password-complete-with-session-user.json"),
              base64_body=True, post=f"identifier=%25%25EMAIL%25%25&password={PASSWORD}"),
        entry("GET", "https://app.example.com/dashboard", 200, "<!doctype html><title>App</title>",
              mime="text/html"),
        entry("GET", f"{FAPI}/v1/me{SESSION_QUERY}", 200, fixture("flutter/user-get-me.json")),
        entry("GET", f"{FAPI}/v1/client{SESSION_QUERY}", 200,
              fixture("flutter/client-get-during-email-link-c.json"), no_content=True),
        entry("POST", f"{FAPI}/v1/me/email_addresses{SESSION_QUERY}", 200,
              fixture("flutter/email-address-create.json"), post="email_address=%25%25EMAIL%25%25"),
        entry("POST", f"{FAPI}/v1/me/email_addresses/idn_2Xq9/prepare_verification{SESSION_QUERY}", 200,
              fixture("flutter/email-address-prepare-verification-email-code.json"),
              post="strategy=email_code"),
        entry("DELETE", f"{FAPI}/v1/me/phone_numbers/idn_3Yr0{SESSION_QUERY}", 200,
              fixture("flutter/phone-number-delete-deleted-object.json")),
        entry("GET", f"{FAPI}/v1/me{SESSION_QUERY}", 200,
              fixture("flutter/user-delete-me-deleted-object.json")),
        entry("PATCH", f"{FAPI}/v1/me{SESSION_QUERY}", 200, fixture("flutter/user-patch-me-name.json"),
              post="first_name=%25%25FIRSTNAME%25%25"),
        entry("POST", f"{FAPI}/v1/client/sessions/sess_2Xq9/tokens{SESSION_QUERY}", 200,
              fixture("composed/session-token.json")),
        entry("GET", f"{FAPI}/v1/client/handshake{QUERY}", 307),
        entry("DELETE", f"{FAPI}/v1/client/sessions/sess_2Xq9{SESSION_QUERY}", 200, "{}"),
        entry("GET", f"{FAPI}/v1/client{QUERY}", 401,
              error(401, "authentication_invalid", "Invalid authentication",
                    "Unable to authenticate the request, you need to supply an active session")),
    ])


JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yIn0.MARKER-JWT-eyJzdWIiOiJ1c2VyXzIifQ.c2lnbmF0dXJl"


def secrets():
    client = json.loads(fixture("flutter/user-get-me.json"))["client"]
    session = client["sessions"][0]
    # No `object`: the token itself is the finding's excerpt.
    session["last_active_token"] = {"jwt": JWT}
    session["status"] = 5  # a violation and a decode error next to the token
    # An array where an object is promised: the message quotes the value.
    bad_token = [{"jwt": JWT}]
    totp = {
        "response": {
            "object": "totp", "secret": "MARKER-TOTP-SECRET-JBSWY3DPEHPK3PXP",
            "uri": "otpauth://totp/App:user?secret=MARKER-TOTP-URI-JBSWY3DPEHPK3PXP&issuer=App",
            "verified": "no", "backup_codes": ["MARKER-BACKUP-1", "MARKER-BACKUP-2"],
            "created_at": 1767225600000, "updated_at": 1767225600000,
        },
        "client": None,
    }
    return har([
        entry("GET", f"{FAPI}/v1/client{SESSION_QUERY}", 200, json.dumps({"response": client, "client": None})),
        entry("POST", f"{FAPI}/v1/client/sessions/sess_2Xq9/tokens{SESSION_QUERY}", 200, json.dumps(bad_token)),
        entry("POST", f"{FAPI}/v1/me/totp{SESSION_QUERY}", 200, json.dumps(totp)),
        # Cut short, as a capture may cut a body: not JSON, and the token in the excerpt's line.
        entry("POST", f"{FAPI}/v1/client/sessions/sess_2Xq9/tokens{SESSION_QUERY}", 200,
              json.dumps({"jwt": JWT})[:-3]),
    ])


def write(name, doc):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write("session.har", session())
    write("secrets.har", secrets())
