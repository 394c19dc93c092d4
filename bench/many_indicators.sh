#!/usr/bin/env bash
# Loading time of a project with N indicators that share one data file (issue 17: loading was
# quadratic in the number of indicators). Run by hand, not a test:
#   bash bench/many_indicators.sh build/utsikt 10000 20000
# Each project ends with a target naming an undeclared indicator, so `run` stops with exit 2
# right after loading everything (nothing is simulated); the time is the loading time.
# Results: docs/errors.md, "Limits".
set -euo pipefail
bin="$1"
shift
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
for n in "$@"; do
  python3 - "$dir" "$n" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
with open(f"{d}/p{n}.toml", "w") as f:
    f.write("[project]\npaths = 100\nhorizon_end = 2035\n")
    for i in range(n):
        f.write(f'[[indicator]]\nid = "i{i}"\nkind = "rate"\ndata = "d{n}.csv"\n')
    f.write('[[target]]\nid = "t"\nindicator = "nope"\nkind = "level"\nop = ">="\n'
            'value = 1\nyear = 2030\n')
with open(f"{d}/d{n}.csv", "w") as f:
    f.write("indicator;year;value\n")
    for i in range(n):
        f.write(f"i{i};2019;1\ni{i};2020;2\n")
PY
  /usr/bin/time -f "$n indicators: %e s, %M KB" "$bin" run "$dir/p$n.toml" --output "$dir/o" \
    2>&1 >/dev/null | tail -1
done
