#!/usr/bin/env python3
"""Self-test of scripts/function_lengths.py.

- It measures a probe file right: braces inside strings, character literals, raw strings and
  comments do not count, digit separators are no character literals, lambdas and local classes
  count with their function, member initializers are no function bodies.
- A copy of the real tree with a deliberately long function fails, naming the function; with a
  comment "// long function: <reason>" just above it the copy passes; a comment without a reason,
  or one too far above, does not count.
- The real tree itself passes.
Run by CTest (test `function_length_check_fails_on_long_function`)."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "function_lengths.py")
LAYERS = ["core", "models", "io", "engine", "scenarios", "outputs", "cli"]

PROBE = r'''#include <functional>
#include <vector>
#define BRACE {
namespace utsikt {
namespace {
constexpr long kBig = 1'000'000;
const std::vector<int> kTable = {1, 2, 3};
struct Probe {
  int x_{0};
  std::function<void(int)> cb_{[](int) {}};
  Probe() : x_{1}, cb_([](int) {}) { x_ = 2; }
  int get() const { return x_; }
};
}  // namespace

int literals() {  // literals
  const char* a = "}{\"}";
  char b = '}';
  char c = '\'';
  const char* d = R"x(})" } {)x";
  const char* e = u8R"(})";
  /* } { */
  // }
  long f = 0x1'0;
  return b + c + a[0] + d[0] + e[0] + f;
}

template <typename T>
T twice(T v) {  // twice
  struct Local {
    int n;
  };
  auto f = [&](T w) {
    return w + w;
  };
  return f(v);
}

class Outer {
 public:
  bool operator==(const Outer&) const { return true; }
  void later();
};

void Outer::later() {  // later
}
}  // namespace utsikt
'''

EXPECTED = [  # (marker on the first line, length, name)
    ("  Probe() :", 1, "Probe::Probe"),
    ("  int get()", 1, "Probe::get"),
    ("int literals()", 11, "literals"),
    ("template <typename T>", 10, "twice"),
    ("  bool operator==", 1, "Outer::operator=="),
    ("void Outer::later()", 2, "Outer::later"),
]


def run(root, *args):
    p = subprocess.run([sys.executable, SCRIPT, root, *args], capture_output=True, text=True)
    return p.returncode, p.stdout


def report(ok, what, out=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok and out:
        print(out)
    return ok


def probe_case(tmp):
    tree = os.path.join(tmp, "probe")
    os.makedirs(os.path.join(tree, "core", "src"))
    with open(os.path.join(tree, "core", "src", "probe.cpp"), "w", encoding="utf-8") as f:
        f.write(PROBE)
    lines = PROBE.split("\n")
    expected = []
    for marker, length, name in EXPECTED:
        line = next(k for k, text in enumerate(lines, 1) if text.startswith(marker))
        expected.append(f"core/src/probe.cpp:{line}: {length:4d}  {name}")
    code, out = run(tree)
    listed = [l for l in out.split("\n") if l.startswith("core/")]
    return report(code == 0 and listed == expected, "the probe file is measured right",
                  out + "\nexpected:\n" + "\n".join(expected))


def long_function(n):
    body = "".join(f"  total += {k};\n" for k in range(n))
    return "int deliberately_long() {\n  int total = 0;\n" + body + "  return total;\n}\n"


def copy_case(tmp, label, above, expect_code):
    copy = os.path.join(tmp, "tree-" + label)
    for layer in LAYERS:
        shutil.copytree(os.path.join(ROOT, layer), os.path.join(copy, layer),
                        ignore=shutil.ignore_patterns("*.o", "*.a"))
    rel = os.path.join("engine", "src", "forecast.cpp")
    path = os.path.join(copy, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    first = text.count("\n") + 2 + above.count("\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n" + above + long_function(130))
    code, out = run(copy, "--quiet")
    named = f"{rel}:{first}: deliberately_long has 134 lines" in out
    ok = code == expect_code and (named if expect_code == 1 else out == "")
    return report(ok, f"a 134-line function {label}: exit {code}", out)


def main():
    code, out = run(ROOT, "--quiet")
    results = [report(code == 0, f"the tree itself: exit {code}", out)]
    with tempfile.TemporaryDirectory() as tmp:
        results.append(probe_case(tmp))
        results.append(copy_case(tmp, "without a comment", "", 1))
        results.append(copy_case(tmp, "with the comment", "// long function: a test table\n", 0))
        results.append(copy_case(tmp, "with the comment 3 lines above",
                                 "// long function: a test table\n\n\n", 0))
        results.append(copy_case(tmp, "with the comment 4 lines above",
                                 "// long function: a test table\n\n\n\n", 1))
        results.append(copy_case(tmp, "with a comment without a reason",
                                 "// long function:\n", 1))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
