#!/usr/bin/env bash
# M3 yearly benchmark: utsikt forecast (auto and single methods) against R forecast 8.20
# (ets, auto.arima, thetaf, naive via shared/tools/anchor_forecast.R) on the same file.
# Prints one markdown table (all series, then per M3 category) with sMAPE, MASE, interval
# coverage, MSIS, Brier score and ECE of threshold events, and CPU time.
#
# usage: bench/m3_benchmark.sh [BUILD_DIR] [OUT_DIR]     (from the repository root)
#   REUSE_R=1 reuses OUT_DIR/r.csv and its CPU time from an earlier run.
#   METHODS="auto:stock arima ..." chooses the utsikt methods (method[:kind], kind default rate,
#   i.e. identity scale for single methods; stock = log scale).
#   CALIBRATION=0 skips the calibration analysis: the members of auto (theta(log), theta,
#   arima, rw_drift) run separately and combined by bench/m3_combine.py, which fits the spread
#   factors on all series (the shipped ones, kPriorSpreadFactors in engine/include/utsikt/engine/calibration.hpp) and
#   leaving out one M3 category at a time; the shipped auto(stock) output is then re-scaled per
#   category to the factors fitted without it (bench/m3_rescale.py): the held-out row.
#   EXTRA_MEMBERS="ets_damped:rate linear:stock rw:rate" also evaluates each as a fifth member
#   of the combination (OUT_DIR/combine5_<method>.md; docs/methods.md, "Models no longer in
#   auto"). A member "oldauto:stock" is read from OUT_DIR/member_oldauto_stock_{test,backtest}.csv
#   if present (the former auto: utsikt forecast --method auto --kind stock built from commit
#   652c7ec).
#   PROTOTYPE=1 also runs the one-pass prototype bench/m3_proposal.cpp (needs a build with
#   -DUTSIKT_BUILD_BENCH=ON).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${2:-$ROOT/build/bench-m3}
SHARED=${SHARED:-$ROOT/../shared}
DATA=$SHARED/data/m3-yearly/m3_yearly_long.csv
META=$SHARED/data/m3-yearly/m3_yearly_meta.csv
METHODS=${METHODS:-"auto:stock auto:rate arima theta theta:stock theta_opt rw_drift ets_damped"}
THREADS=${THREADS:-2}
PATHS=${PATHS:-2000}
mkdir -p "$OUT"
# Quantile grid fine enough to read threshold probabilities off the predictive CDF.
Q="0.005"
for i in $(seq 1 99); do Q="$Q,$(printf '0.%02d' "$i")"; done
Q="$Q,0.025,0.975,0.995"
Q=$(echo "$Q" | tr ',' '\n' | sort -g | uniq | paste -sd, -)

cpu_of() {  # cpu_of LABEL command... : runs the command, appends "LABEL<TAB>user+sys" to cpu.txt
  local label=$1; shift
  /usr/bin/env time -f "%U %S %e" -o "$OUT/time.tmp" "$@" > /dev/null
  read -r u s e < "$OUT/time.tmp"
  printf '%s\t%s\n' "$label" "$(python3 -c "print($u+$s)")" >> "$OUT/cpu.txt"
  echo "  $label: cpu $(python3 -c "print(round($u+$s,2))") s, wall $e s" >&2
}

if [ "${REUSE_R:-0}" = 1 ] && [ -f "$OUT/r.csv" ]; then
  grep '^R ' "$OUT/cpu.txt" > "$OUT/cpu.keep" || true
  mv "$OUT/cpu.keep" "$OUT/cpu.txt"
else
  : > "$OUT/cpu.txt"
  for m in ets arima theta naive; do
    cpu_of "R $m" Rscript "$SHARED/tools/anchor_forecast.R" "$DATA" "$OUT/r_$m.csv" "$m"
  done
  python3 - "$OUT" <<'PY'
import sys, glob
out = sys.argv[1]
rows = []
for m in ["ets", "arima", "theta", "naive"]:
    with open(f"{out}/r_{m}.csv") as f:
        lines = f.read().splitlines()
    if not rows:
        rows.append(lines[0])
    rows.extend(lines[1:])
open(f"{out}/r.csv", "w").write("\n".join(rows) + "\n")
PY
fi

ARGS=()
for spec in $METHODS; do
  m=${spec%%:*}; k=rate; [ "$spec" != "$m" ] && k=${spec##*:}
  cpu_of "utsikt $m($k)" "$BUILD/utsikt" forecast --input "$DATA" --output "$OUT/utsikt_${m}_$k.csv" \
    --horizon-from-test --method "$m" --kind "$k" --quantiles "$Q" --threads "$THREADS" \
    --paths "$PATHS" --seed 1
  ARGS+=(--utsikt "utsikt $m($k)=$OUT/utsikt_${m}_$k.csv")
done
if [ "${CALIBRATION:-1}" = 1 ]; then
  python3 "$ROOT/bench/make_backtest.py" "$DATA" "$OUT/backtest.csv" 6
  MEMBERS=()
  for spec in theta:stock theta:rate arima:rate rw_drift:rate; do
    m=${spec%%:*}; k=${spec##*:}
    for set in test backtest; do
      src=$DATA; [ $set = backtest ] && src=$OUT/backtest.csv
      cpu_of "member $m($k) $set" "$BUILD/utsikt" forecast --input "$src" \
        --output "$OUT/member_${m}_${k}_$set.csv" --horizon-from-test --method "$m" --kind "$k" \
        --quantiles "$Q" --threads "$THREADS" --paths "$PATHS" --seed 1
    done
    MEMBERS+=(--member "$m($k)=$OUT/member_${m}_${k}_test.csv,$OUT/member_${m}_${k}_backtest.csv")
  done
  python3 "$ROOT/bench/m3_combine.py" --data "$DATA" --meta "$META" --backtest "$OUT/backtest.csv" \
    "${MEMBERS[@]}" --label "members of auto" > "$OUT/proposal.md"
  for spec in ${EXTRA_MEMBERS:-}; do
    m=${spec%%:*}; k=${spec##*:}
    if [ "$m" != oldauto ]; then
      for set in test backtest; do
        src=$DATA; [ $set = backtest ] && src=$OUT/backtest.csv
        "$BUILD/utsikt" forecast --input "$src" --output "$OUT/member_${m}_${k}_$set.csv" \
          --horizon-from-test --method "$m" --kind "$k" --quantiles "$Q" --threads "$THREADS" \
          --paths "$PATHS" --seed 1 > /dev/null
      done
    fi
    python3 "$ROOT/bench/m3_combine.py" --data "$DATA" --meta "$META" --backtest "$OUT/backtest.csv" \
      "${MEMBERS[@]}" --member "$m($k)=$OUT/member_${m}_${k}_test.csv,$OUT/member_${m}_${k}_backtest.csv" \
      --label "members of auto + $m($k)" > "$OUT/combine5_$m.md"
  done
  grep '^loco factors without ' "$OUT/proposal.md" | sed 's/^loco factors without //; s/: /:/' |
    awk -F: '{ gsub(/ /, ",", $2); print $1, $2 }' > "$OUT/loco_factors.txt"
  SHIPPED=$(grep -o 'kPriorSpreadFactors = {[^}]*}' "$ROOT/engine/include/utsikt/engine/calibration.hpp" | sed 's/.*{//; s/}//; s/ //g')
  FITTED=$(grep '^factors on all series' "$OUT/proposal.md" | sed 's/.*: //' | tr ' ' ',')
  echo "spread factors shipped: $SHIPPED; fitted now on all series: $FITTED" >&2
  if [ -f "$OUT/utsikt_auto_stock.csv" ]; then
    python3 "$ROOT/bench/m3_rescale.py" --input "$OUT/utsikt_auto_stock.csv" \
      --output "$OUT/utsikt_auto_stock_loco.csv" --meta "$META" --shipped "$SHIPPED" \
      --loco "$OUT/loco_factors.txt"
    ARGS+=(--utsikt "utsikt auto(stock), leave-one-category-out calibrated=$OUT/utsikt_auto_stock_loco.csv")
  fi
  # The one-pass prototype of the rule before it went into project_series (bench/m3_proposal.cpp,
  # built with -DUTSIKT_BUILD_BENCH=ON), timed on all series, then leave-one-category-out
  # calibrated with the factors m3_combine.py fitted on the other five categories.
  if [ "${PROTOTYPE:-0}" = 1 ] && [ -x "$BUILD/m3_proposal" ]; then
    cpu_of "utsikt proposal (prototype)" "$BUILD/m3_proposal" "$DATA" "$OUT/proposal_uncal.csv" "$Q" \
      "$PATHS" "$THREADS"
    ARGS+=(--utsikt "utsikt proposal (prototype)=$OUT/proposal_uncal.csv")
    python3 - "$DATA" "$META" "$OUT" <<'PY'
import csv, sys
data, meta_path, out = sys.argv[1:4]
meta = {r["series"]: r["category"] for r in csv.DictReader(open(meta_path))}
rows = list(csv.DictReader(open(data)))
for cat in sorted(set(meta.values())):
    with open(f"{out}/cat_{cat}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "part", "time", "value"])
        for r in rows:
            if meta[r["series"]] == cat:
                w.writerow([r["series"], r["part"], r["time"], r["value"]])
PY
    head -1 "$OUT/proposal_uncal.csv" > "$OUT/proposal_loco.csv"
    while read -r cat fac; do
      "$BUILD/m3_proposal" "$OUT/cat_$cat.csv" "$OUT/proposal_$cat.csv" "$Q" "$PATHS" "$THREADS" "$fac"
      tail -n +2 "$OUT/proposal_$cat.csv" >> "$OUT/proposal_loco.csv"
    done < "$OUT/loco_factors.txt"
    ARGS+=(--utsikt "utsikt proposal (prototype, loco calibrated)=$OUT/proposal_loco.csv")
  fi
fi
python3 "$ROOT/bench/m3_metrics.py" --data "$DATA" --meta "$META" --r "$OUT/r.csv" \
  --cpu "$OUT/cpu.txt" "${ARGS[@]}" --by-category ${CATEGORIES:+--categories $CATEGORIES}
if [ "${CALIBRATION:-1}" = 1 ]; then
  echo
  cat "$OUT/proposal.md"
  python3 - "$OUT/cpu.txt" <<'PY'
import sys
cpu = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if "\t" in l)
r = sum(float(cpu[f"R {m}"]) for m in ("ets", "arima", "theta"))
members = sum(float(v) for k, v in cpu.items() if k.startswith("member") and k.endswith(" test"))
print(f"\nCPU of the four members run separately on the test file: {members:.2f} s "
      f"(R ets+arima+theta {r:.2f} s, ratio {r / members:.1f}x); auto runs them in one pass "
      f"(row utsikt auto).")
PY
fi
