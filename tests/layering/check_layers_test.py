#!/usr/bin/env python3
"""Self-test of scripts/check_layers.py: the real tree passes, and copies of it with one wrong
include each (upward, private header of another layer, sideways, path from the repository
root) fail with a message naming the file and line. Run by CTest (test `layering_check_fails_on_wrong_include`)."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "check_layers.py")
LAYERS = ["core", "models", "io", "demography", "engine", "scenarios", "outputs", "serve", "cli"]


def run(root):
    p = subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)
    return p.returncode, p.stdout


def with_bad_include(tmp, rel, include, expect):
    copy = os.path.join(tmp, "tree-" + str(abs(hash((rel, include)))))
    for layer in LAYERS:
        shutil.copytree(os.path.join(ROOT, layer), os.path.join(copy, layer),
                        ignore=shutil.ignore_patterns("*.o", "*.a"))
    path = os.path.join(copy, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'#include "{include}"\n' + text)
    code, out = run(copy)
    ok = code == 1 and f"{rel}:1:" in out and expect in out
    print(("ok   " if ok else "FAIL ") + f"{rel} including {include}: exit {code}")
    if not ok:
        print(out)
    return ok


def main():
    code, out = run(ROOT)
    good = code == 0
    print(("ok   " if good else "FAIL ") + f"the tree itself: exit {code}")
    if not good:
        print(out)
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("engine/src/run.cpp", "utsikt/scenarios/scenario.hpp", "layer 'scenarios'"),
            ("scenarios/src/realistic.cpp", "utsikt/outputs/format.hpp", "layer 'outputs'"),
            ("outputs/src/report.cpp", "utsikt/serve/explorer.hpp", "layer 'serve'"),
            ("cli/src/cmd_serve.cpp", "serve_internal.hpp", "private header of layer 'serve'"),
            ("cli/src/cmd_import.cpp", "import_internal.hpp", "private header of layer 'io'"),
            ("io/src/px.cpp", "utsikt/models/registry.hpp", "layer 'models'"),
            ("core/src/csv.cpp", "utsikt/engine/project.hpp", "layer 'engine'"),
            ("engine/src/project.cpp", "engine/src/toml_reader.hpp", "no header of a layer"),
        ]
        results = [with_bad_include(tmp, *c) for c in cases]
    return 0 if good and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
