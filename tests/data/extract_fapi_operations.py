#!/usr/bin/env python3
"""Extract the operation list of Clerk's Frontend API spec into tests/data/fapi-operations.json.

    pip install pyyaml
    git -C <openapi-specs checkout> show 7987d1b776258d5ddd9163e1a03d256b5ac4d64a:fapi/2026-05-12.yml > fapi.yml
    python3 tests/data/extract_fapi_operations.py fapi.yml > tests/data/fapi-operations.json

For every operation (path + method) of the spec it records the method, the path template, the
operationId, each 2xx response (status, the schema component of its JSON body or
`inline:<operationId>/<status>` for an inline body, null when there is no body, and the
response component it goes through), the 3xx statuses, and whether the operation reaches the
Client object graph:

  * "body": the success body holds a graph object (the `response` or `client` of a
    {response, client} wrapper, the items of a bare array or page, or a bare object), the graph
    being the components listed in GRAPH below (Client and everything the schema/ folder models
    from it, plus the objects of the organization and second-factor endpoints); or
  * "path-rule": no graph object in the body (or no body), but the operation is under
    /v1/client or /v1/me, the client's and the signed-in user's own endpoints.

Operations that reach neither way get `left_out`, the reason they are outside the contract
(EXCLUDED below, by path prefix). The output is sorted by path, then method. The same logic
produced /work/fapi-analysis/operations.json, from which the reasons are taken.
"""
import argparse
import json
import sys

import yaml

REPOSITORY = "clerk/openapi-specs"
COMMIT = "7987d1b776258d5ddd9163e1a03d256b5ac4d64a"
FILE = "fapi/2026-05-12.yml"
LICENSE = "MIT (LICENSE: Copyright (c) 2025 Clerk; the spec's info.license is MIT)"

METHODS = ("get", "post", "put", "patch", "delete")

# The spec components that are objects of the Client graph.
GRAPH = {
    "Client.Client", "Client.Client-2", "Client.Session", "Client.Session-2", "Client.SessionBase",
    "Client.SessionBase-2", "Client.ActiveSession", "Client.SessionActivity", "Client.SignIn",
    "Client.SignIn-2", "Client.SignUp", "Client.User", "Client.EmailAddress", "Client.PhoneNumber",
    "Client.Web3Wallet", "Client.Passkey", "ExternalAccountWithVerification", "Client.SAMLAccount",
    "TOTP", "BackupCodes", "Client.Organization", "Client.OrganizationMembership",
    "Client.OrganizationInvitation", "Client.OrganizationInvitationUserContext",
    "Client.OrganizationSuggestion", "Client.OrganizationDomain",
    "Client.OrganizationMembershipRequest", "Client.Role", "Client.Permission", "Token",
    "Client.DeletedObject", "Client.SessionReverification", "Client.TrustedDevice",
    "Client.TrustedDeviceChallenge", "Client.TrustedDeviceValidation", "Client.PublicUserData",
}
CLIENTS = {"Client.Client", "Client.Client-2"}

# Why an operation that does not reach the graph is left out, by path prefix.
EXCLUDED = [
    ("/.well-known/", "well-known metadata document (AASA, assetlinks, JWKS, OAuth/OIDC discovery, WebAuthn); no Client objects"),
    ("/api_keys", "API-key management (inline bodies, object `api_key`); no Client envelope"),
    ("/oauth/", "Clerk as OAuth2/OIDC identity provider (authorize redirects, token endpoint, userinfo, DCR); OAuth-specific bodies, no Client objects"),
    ("/v1/account_portal", "Account Portal configuration object (`account_portal`); no Client objects"),
    ("/v1/agents/tasks", "307 redirect only, no body"),
    ("/v1/billing/plans", "public billing plan catalogue (BillingPlan / {data, total_count}); no Client envelope"),
    ("/v1/clear-site-data", "sets the Clear-Site-Data header; no body"),
    ("/v1/dev_browser", "dev-browser bootstrap (cookies/JWT); no JSON body schema"),
    ("/v1/enterprise_connections/", "enterprise connection test-run flow: IdP redirect (301) or an HTML (text/html string) result page"),
    ("/v1/environment", "Client.Environment (instance settings); no Client objects"),
    ("/v1/health", "health check {status}"),
    ("/v1/proxy-health", "proxy health check, inline oneOf {status, x_forwarded_for}"),
    ("/v1/oauth_callback", "OAuth callback: redirects / no body"),
    ("/v1/redirect", "307 redirect only"),
    ("/v1/saml/", "SAML ACS (302/303 redirect) and SP metadata XML (no schema)"),
    ("/v1/tickets/accept", "ticket acceptance: plain text/HTML or redirect, no schema"),
    ("/v1/verify", "email-link verification: 200 no schema or 303 redirect"),
    ("/v1/waitlist", "bare Client.WaitlistEntry {object: waitlist_entry, id}; no Client envelope or graph objects"),
]


def refname(ref):
    return ref.rsplit("/", 1)[-1]


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.schemas = doc["components"]["schemas"]
        self.responses = doc["components"].get("responses", {})

    def target(self, node):
        """The component a schema node is ($ref, or allOf of one $ref), or None."""
        if not isinstance(node, dict):
            return None
        if "$ref" in node:
            return refname(node["$ref"])
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
            return refname(all_of[0]["$ref"])
        return None

    def resolved(self, node):
        name = self.target(node)
        return (name, self.schemas[name]) if name else (None, node)

    def items_of(self, node):
        """Graph components a response member holds: the object, array items, page items."""
        out = set()
        name, schema = self.resolved(node)
        if name:
            out.add(name)
        if not isinstance(schema, dict):
            return out
        for key in ("oneOf", "anyOf"):
            for branch in schema.get(key, []):
                out |= self.items_of(branch)
        if schema.get("type") == "array" and "items" in schema:
            out |= self.items_of(schema["items"])
        props = schema.get("properties", {})
        if "data" in props:
            out |= self.items_of(props["data"])
        for sub in schema.get("allOf", []):
            out |= self.items_of(sub)
        return out

    def refs(self, node, acc):
        """Every component reachable from a node."""
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref" and v.startswith("#/components/schemas/"):
                    n = refname(v)
                    if n not in acc:
                        acc.add(n)
                        self.refs(self.schemas[n], acc)
                else:
                    self.refs(v, acc)
        elif isinstance(node, list):
            for x in node:
                self.refs(x, acc)
        return acc

    def in_graph(self, body):
        """How a success body reaches the graph: a set of 'response', 'client', 'items', 'bare', 'nested'."""
        via = set()
        name, schema = self.resolved(body)
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        if "response" in props:
            if self.items_of(props["response"]) & GRAPH:
                via.add("response")
            if self.target(props.get("client")) in CLIENTS:
                via.add("client")
        elif self.items_of(body) & GRAPH:
            via.add("bare" if name and schema.get("type") != "array" else "items")
        if not via and self.refs(body, {name} if name else set()) & GRAPH:
            via.add("nested")
        return via


def extract(doc):
    spec = Spec(doc)
    ops = []
    for path in sorted(doc["paths"]):
        item = doc["paths"][path]
        for method in sorted(m for m in item if m in METHODS):
            op = item[method]
            success, redirects, via = [], [], set()
            for status in sorted(op.get("responses", {}), key=str):
                response = op["responses"][status]
                component = None
                if "$ref" in response:
                    component = refname(response["$ref"])
                    response = spec.responses[component]
                content = response.get("content") or {}
                media = "application/json" if "application/json" in content else (sorted(content)[0] if content else None)
                body = content[media].get("schema") if media else None
                if body is None:
                    schema = None
                elif "$ref" in body:
                    schema = refname(body["$ref"])
                else:
                    schema = f"inline:{op.get('operationId')}/{status}"
                code = int(status)
                if 200 <= code < 300:
                    entry = {"status": code, "schema": schema}
                    if component:
                        entry["response_component"] = component
                    if media and media != "application/json":
                        entry["content_type"] = media
                    success.append(entry)
                    if body is not None:
                        via |= spec.in_graph(body)
                elif 300 <= code < 400:
                    redirects.append(code)
            path_rule = path.startswith("/v1/client") or path.startswith("/v1/me")
            entry = {
                "method": method.upper(),
                "path": path,
                "operation_id": op.get("operationId"),
                "success": success,
                "redirects": redirects,
                "reaches_client_graph": bool(via) or path_rule,
                "graph_basis": "body" if via else ("path-rule" if path_rule else None),
                "graph_via": sorted(via),
            }
            if not entry["reaches_client_graph"]:
                why = next((w for prefix, w in EXCLUDED if path.startswith(prefix)), None)
                if why is None:
                    sys.exit(f"{method.upper()} {path}: reaches no graph object and has no exclusion reason; add one to EXCLUDED")
                entry["left_out_because"] = why
            ops.append(entry)
    return ops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("spec", help="path to fapi/2026-05-12.yml")
    parser.add_argument("--commit", default=COMMIT, help="the openapi-specs commit the file was taken from")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    ops = extract(doc)
    out = {
        "source": {
            "repository": REPOSITORY,
            "commit": args.commit,
            "file": FILE,
            "license": LICENSE,
            "spec_version": str(doc.get("info", {}).get("version")),
            "extracted_by": "tests/data/extract_fapi_operations.py (see its docstring for the rules)",
        },
        "counts": {
            "operations": len(ops),
            "reaches_client_graph": sum(o["reaches_client_graph"] for o in ops),
            "left_out": sum(not o["reaches_client_graph"] for o in ops),
        },
        "operations": ops,
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
