#!/usr/bin/env python3
"""Checks every #include of the library layers against their order (docs/architecture.md).

    core <- models, io, demography <- engine <- scenarios <- outputs <- serve <- cli

A file in a layer may include its own private headers (<layer>/src/), the public headers of its
own layer and of the layers below it (<layer>/include/), and system headers. It may not include
a header of a layer above it or beside it (models, io and demography do not know each other), nor another
layer's private header, nor a path relative to the repository root. Exit 0 when every include
follows the rule, 1 with one line per violation (file:line: what and why) otherwise.

Usage: scripts/check_layers.py [ROOT]   (ROOT: the repository, default: this script's parent)
"""
import os
import re
import sys

# Layer -> the layers it may include (besides itself).
ALLOWED = {
    "core": set(),
    "models": {"core"},
    "io": {"core"},
    "demography": {"core"},
    "engine": {"core", "models", "io", "demography"},
    "scenarios": {"core", "models", "io", "demography", "engine"},
    "outputs": {"core", "models", "io", "demography", "engine", "scenarios"},
    "serve": {"core", "models", "io", "demography", "engine", "scenarios", "outputs"},
    "cli": {"core", "models", "io", "demography", "engine", "scenarios", "outputs", "serve"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def where(root, name):
    """Layers whose public include folder holds `name`, and those whose src/ holds it."""
    public = [l for l in ALLOWED if os.path.isfile(os.path.join(root, l, "include", name))]
    private = [l for l in ALLOWED if os.path.isfile(os.path.join(root, l, "src", name))]
    return public, private


def check(root):
    problems = []
    for layer in ALLOWED:
        for sub in ("include", "src"):
            top = os.path.join(root, layer, sub)
            for dirpath, _, files in os.walk(top):
                for f in sorted(files):
                    if not f.endswith((".hpp", ".cpp", ".h")):
                        continue
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, root)
                    with open(path, encoding="utf-8") as fh:
                        for n, line in enumerate(fh, 1):
                            m = INCLUDE.match(line)
                            if not m:
                                continue
                            quote, name = m.groups()
                            public, private = where(root, name)
                            if sub == "src" and layer in private:
                                continue  # own private header
                            if public:
                                bad = [l for l in public if l != layer and l not in ALLOWED[layer]]
                                if bad and not (layer in public or set(public) & ALLOWED[layer]):
                                    problems.append(
                                        f"{rel}:{n}: includes {name}, a header of layer "
                                        f"'{bad[0]}', which layer '{layer}' may not use "
                                        f"(allowed: {', '.join(sorted(ALLOWED[layer])) or 'none'})")
                                continue
                            if private:
                                problems.append(
                                    f"{rel}:{n}: includes {name}, a private header of layer "
                                    f"'{private[0]}' ({private[0]}/src/); only that layer may use it")
                                continue
                            if quote == '"' or name.startswith("utsikt/"):
                                problems.append(
                                    f"{rel}:{n}: includes \"{name}\", which is no header of a layer "
                                    "(paths from the repository root are not include paths)")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} include(s) against the layering")
        return 1
    print("check_layers: every include follows core <- models, io, demography <- engine <- scenarios "
          "<- outputs <- serve <- cli")
    return 0


if __name__ == "__main__":
    sys.exit(main())
