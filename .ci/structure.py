#!/usr/bin/env python3
"""The shape of the source tree, checked:

* every Rust file opens with a one-line `//!` summary (files `include!`d
  into others, where an inner doc comment cannot stand, open with `//`);
* the command line (src/cli) stays thin: no file over 300 lines;
* no two source files import each other, directly or through others.

For the last, for each crate (its src/ folder), every `.rs` file is a module; a file
depends on another when it names it in a `use` or a path (`crate::a::b`,
`super::c`, `self::d`). A module naming one of its ancestors (a child using
what its parent declares, as `impl` blocks of a type split over files do) is
the module tree itself, not an import, and is left out; everything else
counts, siblings and a parent using its child alike. Any cycle left is
printed, and the exit code is 1.

Run: python3 .ci/structure.py
"""
import os
import re
import sys

DEFAULT = ["src", "codegen/src", "codegen/cli/src", "schemakit/src", "suite/src"]


def modules(src):
    """module path (tuple) -> file path, for every .rs file under src."""
    out = {}
    for dirpath, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[-1] in ("lib", "main") and len(rel) == 1:
                parts = ()
            elif rel[-1] == "mod":
                parts = tuple(rel[:-1])
            else:
                parts = tuple(rel)
            # A file reached by #[path] from a folder of its own keeps its place.
            out.setdefault(parts, path)
    return out


def strip(text):
    """The code without comments and string literals."""
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*(?:.|\n)*?\*/", "", text)
    return text


PATH = re.compile(r"\b(crate|super|self)((?:::\w+)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::\w+)*)::\{([^;]*)\};")


def references(text, here):
    """The module paths `text` (the module `here`) names."""
    found = set()

    def resolve(root, rest):
        if root == "crate":
            base = ()
        elif root == "self":
            base = here
        else:
            base = here
            while rest and rest[0] == "super":
                rest = rest[1:]
                base = base[:-1]
            base = base[:-1]
        return base + tuple(rest)

    for root, rest in PATH.findall(text):
        parts = [p for p in rest.split("::") if p]
        found.add(resolve(root, parts))
    for root, rest, group in USE_GROUP.findall(text):
        parts = [p for p in rest.split("::") if p]
        for item in re.split(r"[,\s{}]+", group):
            item = item.split("::")[0]
            if item and item not in ("self", "*"):
                found.add(resolve(root, parts + [item]))
    return found


def module_of(path_parts, mods):
    """The longest module prefix of a referenced path."""
    for n in range(len(path_parts), -1, -1):
        if path_parts[:n] in mods:
            return path_parts[:n]
    return None


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def check(src):
    mods = modules(src)
    graph = {}
    for here, path in mods.items():
        text = strip(open(path, encoding="utf-8").read())
        deps = set()
        for ref in references(text, here):
            target = module_of(ref, mods)
            if target is None or target == here:
                continue
            # A module naming its ancestor: the tree, not an import.
            if here[: len(target)] == target:
                continue
            deps.add(target)
        graph[here] = deps
    found = cycles(graph)
    for comp in found:
        names = [mods[m] for m in comp]
        print(f"import cycle in {src}: " + " <-> ".join(names))
    edges = sum(len(d) for d in graph.values())
    print(f"{src}: {len(mods)} files, {edges} imports between them, {len(found)} cycles")
    return not found


def rust_files():
    """Every Rust file of the project but generated ones."""
    out = []
    for top in ["src", "codegen", "schemakit", "suite", "tests", "benches", "fuzz", "build.rs"]:
        if os.path.isfile(top):
            out.append(top)
            continue
        for dirpath, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in ("target", "corpus", "artifacts")]
            for name in files:
                if name.endswith(".rs"):
                    out.append(os.path.join(dirpath, name))
    generated = re.compile(r"^// @generated|^// .*@generated", re.M)
    return [f for f in sorted(out) if not generated.search(open(f, encoding="utf-8").read(300))]


def headers():
    files = rust_files()
    included = set()
    for f in files:
        for target in re.findall(r'include!\("([^"]+)"\)', open(f, encoding="utf-8").read()):
            included.add(os.path.normpath(os.path.join(os.path.dirname(f), target)))
    bad = []
    for f in files:
        first = open(f, encoding="utf-8").readline()
        want = "//" if os.path.normpath(f) in included else "//!"
        if not first.startswith(want + (" " if want == "//" else "")) and not first.startswith(want):
            bad.append(f)
    for f in bad:
        print(f"no one-line `//!` summary: {f}")
    print(f"headers: {len(files)} Rust files, {len(bad)} without a summary")
    return not bad


def thin_cli(limit=300):
    long = []
    for name in sorted(os.listdir("src/cli")):
        path = os.path.join("src/cli", name)
        n = sum(1 for _ in open(path, encoding="utf-8"))
        if n > limit:
            long.append((path, n))
    for path, n in long:
        print(f"{path}: {n} lines, more than {limit}")
    print(f"cli: {len(os.listdir('src/cli'))} files, {len(long)} over {limit} lines")
    return not long


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    os.chdir(root)
    folders = sys.argv[1:] or DEFAULT
    ok = all([check(f) for f in folders if os.path.isdir(f)])
    ok = headers() and ok
    ok = thin_cli() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
