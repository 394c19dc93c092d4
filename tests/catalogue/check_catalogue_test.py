#!/usr/bin/env python3
"""Self-test of scripts/check_catalogue.py: the real tree passes, and copies of it fail with a
message naming the file, line and code when a diagnostic is created with a code that has no
catalogue entry, with a variant that has none, with more args than the entry's placeholders, and
when an entry's Swedish and English placeholders differ. Run by CTest (test
`catalogue_check_fails_on_missing_entry`)."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "check_catalogue.py")
LAYERS = ["core", "models", "io", "demography", "engine", "scenarios", "outputs"]


def run(root):
    p = subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def edited(tmp, name, rel, old, new, expect):
    copy = os.path.join(tmp, name)
    for layer in LAYERS:
        shutil.copytree(os.path.join(ROOT, layer), os.path.join(copy, layer),
                        ignore=shutil.ignore_patterns("*.o", "*.a"))
    path = os.path.join(copy, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        print(f"FAIL {name}: the probe text is no longer in {rel}: {old!r}")
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
    code, out = run(copy)
    ok = code == 1 and all(e in out for e in expect)
    print(("ok   " if ok else "FAIL ") + f"{name}: exit {code}")
    if not ok:
        print(out)
    return ok


def main():
    code, out = run(ROOT)
    ok = code == 0
    print(("ok   " if ok else "FAIL ") + f"the real tree: exit {code}")
    if not ok:
        print(out)
    with tempfile.TemporaryDirectory() as tmp:
        ok &= edited(tmp, "new-code", "engine/src/run.cpp", '"threshold_outside_bounds"',
                     '"threshold_somewhere_else"',
                     ["engine/src/run.cpp:", "'threshold_somewhere_else' has no entry"])
        ok &= edited(tmp, "new-variant", "engine/src/run.cpp", '"base_year"}', '"base_month"}',
                     ["engine/src/run.cpp:", "'interpolated.base_month' has no entry"])
        ok &= edited(tmp, "new-fallback-code", "engine/src/structure.cpp",
                     'fallback(s, "driver_constant"', 'fallback(s, "driver_flat"',
                     ["engine/src/structure.cpp:", "'driver_flat' has no entry"])
        ok &= edited(tmp, "extra-arg", "engine/src/run.cpp",
                     "{std::to_string(zero_base), std::to_string(m.size())}",
                     "{std::to_string(zero_base), std::to_string(m.size()), \"x\"}",
                     ["'zero_base': created with 3 args but the entry uses [1, 2]"])
        ok &= edited(tmp, "placeholders-differ", "outputs/src/catalogue.cpp",
                     "{1} av {2} simulerade banor", "{1} av {3} simulerade banor",
                     ["'zero_base': Swedish [1, 3] and English [1, 2] placeholders differ"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
