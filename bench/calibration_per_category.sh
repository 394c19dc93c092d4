#!/usr/bin/env bash
# Issue 13, second round: each M3 yearly category as its own `utsikt forecast` batch (what a
# user with one such collection runs), full length and last 8 training values, for one or more
# utsikt binaries side by side; scored per category with bench/m3_metrics.py. Used for the
# leave-one-category-out choice of the batch-pooling weight (docs/benchmarks.md, "Calibration
# per collection", second round). Needs the collections of bench/calibration_collections.sh
# in OUT_DIR (run that first; REUSE_R=1 is enough).
#
# usage: bench/calibration_per_category.sh OUT_DIR NAME=BINARY [NAME=BINARY ...]
#   PATHS (2000), THREADS (2), SEED (1)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$1; shift
PATHS=${PATHS:-2000}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
Q=$(head -1 "$OUT/u_m3.csv" | tr ',' '\n' | grep '^q' | sed 's/^q//' | paste -sd,)
for c in m3 m3_short8; do
  dir="$OUT/per_category_$c"
  mkdir -p "$dir"
  cats=$(python3 - "$OUT/$c.csv" "$OUT/${c}_meta.csv" "$dir" <<'PY'
import csv, os, sys
data, meta, out = sys.argv[1:4]
cat = {r["series"]: r["category"] for r in csv.DictReader(open(meta, newline=""))}
files = {}
for r in csv.DictReader(open(data, newline="")):
    k = cat.get(r["series"], "NA")
    if k not in files:
        f = open(os.path.join(out, k + ".csv"), "w", newline="")
        files[k] = (f, csv.writer(f))
        files[k][1].writerow(["series", "part", "time", "value"])
    files[k][1].writerow([r["series"], r["part"], r["time"], r["value"]])
for f, _ in files.values():
    f.close()
print(" ".join(sorted(files)))
PY
)
  args=()
  for spec in "$@"; do
    name=${spec%%=*}; bin=${spec#*=}
    all="$dir/u_$name.csv"; rm -f "$all"
    for k in $cats; do
      "$bin" forecast --input "$dir/$k.csv" --output "$dir/u_${name}_$k.csv" --horizon-from-test \
        --method auto --kind stock --quantiles "$Q" --threads "$THREADS" --paths "$PATHS" \
        --seed "$SEED" > /dev/null 2>&1
      if [ -f "$all" ]; then tail -n +2 "$dir/u_${name}_$k.csv" >> "$all"; else cp "$dir/u_${name}_$k.csv" "$all"; fi
    done
    args+=(--utsikt "$name=$all")
  done
  echo "## $c, each category its own batch"
  echo
  python3 "$ROOT/bench/m3_metrics.py" --data "$OUT/$c.csv" --meta "$OUT/${c}_meta.csv" \
    --r "$OUT/r_$c.csv" "${args[@]}" --by-category
  echo
done
