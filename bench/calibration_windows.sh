#!/usr/bin/env bash
# Issue 13: the same forecasting rule on earlier calendar windows of the same collections
# (bench/calibration_windows.py: every series cut 0, 6, 12, 18, 24 years before the end of its
# training part, 6 test values after each cut): M3 yearly, the county population totals and,
# held out from every choice, the counties' births, deaths and populations aged 0-19 and 65+.
# Prints, per collection and rule, the coverage and ECE per window and their spread between
# windows, then every window of a collection together (cov80, cov95, Brier, ECE, sMAPE).
#
# usage: bench/calibration_windows.sh [BUILD_DIR] [OUT_DIR]   (from the repository root)
#   R=1 also runs R forecast's ets, auto.arima and thetaf (shared/tools/anchor_forecast.R;
#   scripts/setup.sh --bench); REUSE_R=1 reuses OUT_DIR/r_*.csv. PATHS (2000), THREADS (2),
#   SEED (1). BEFORE=BINARY also runs another utsikt as the rule "before".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${2:-$ROOT/build/bench-windows}
SHARED=${SHARED:-$ROOT/../shared}
PATHS=${PATHS:-2000}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
mkdir -p "$OUT"
python3 "$ROOT/bench/calibration_windows.py" make "$OUT" "$SHARED"
Q="0.005"
for i in $(seq 1 99); do Q="$Q,$(printf '0.%02d' "$i")"; done
Q=$(echo "$Q,0.025,0.975,0.995" | tr ',' '\n' | sort -g | uniq | paste -sd, -)
named=("utsikt auto=$OUT/u_{c}.csv")
[ -n "${BEFORE:-}" ] && named+=("before=$OUT/b_{c}.csv")
for c in windows_m3 windows_pop windows_demo_se horizon12_m3; do
  "$BUILD/utsikt" forecast --input "$OUT/$c.csv" --output "$OUT/u_$c.csv" --horizon-from-test \
    --method auto --kind stock --quantiles "$Q" --threads "$THREADS" --paths "$PATHS" \
    --seed "$SEED" --quiet > /dev/null
  if [ -n "${BEFORE:-}" ]; then
    "$BEFORE" forecast --input "$OUT/$c.csv" --output "$OUT/b_$c.csv" --horizon-from-test \
      --method auto --kind stock --quantiles "$Q" --threads "$THREADS" --paths "$PATHS" \
      --seed "$SEED" > /dev/null 2>&1
  fi
  if [ "$c" != horizon12_m3 ] && [ "${R:-0}" = 1 ] &&
    { [ "${REUSE_R:-0}" != 1 ] || [ ! -f "$OUT/r_$c.csv" ]; }; then
    Rscript "$SHARED/tools/anchor_forecast.R" "$OUT/$c.csv" "$OUT/r_$c.csv" ets,arima,theta \
      > /dev/null
  fi
done
[ "${R:-0}" = 1 ] && named+=("R=$OUT/r_{c}.csv")
python3 "$ROOT/bench/calibration_windows.py" score "$OUT" "${named[@]}"
