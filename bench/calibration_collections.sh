#!/usr/bin/env bash
# Issue 13: calibration and accuracy per collection, utsikt `auto` beside R forecast's ets,
# auto.arima and thetaf (shared/tools/anchor_forecast.R), on
#   M3 yearly (all 645 series; per category in the tables),
#   M3 yearly with only the last 8 training values of each series (5-10-value behaviour),
#   the 21 Swedish counties' population 1968-2015 (train to 2009, test 2010-2015) and the same
#   with only 2002-2009, greenhouse gases by county and sector (train 1990-2021, test 2022-24),
# built by bench/calibration_collections.py. Prints one markdown table per collection
# (bench/m3_metrics.py) and writes the reliability diagram docs/img/reliability.svg
# (bench/reliability_svg.py).
#
# usage: bench/calibration_collections.sh [BUILD_DIR] [OUT_DIR]   (from the repository root)
#   BEFORE=BINARY also runs an earlier utsikt (e.g. one built from commit a26c08e, the M3 prior
#   factors only) as the row "utsikt auto, M3 prior only"; BEFORE_LABEL names that row
#   otherwise (e.g. BEFORE_LABEL="utsikt auto, before").
#   REUSE_R=1 reuses OUT_DIR/r_*.csv from an earlier run (R is a bench dependency only:
#   scripts/setup.sh --bench). PATHS (2000), THREADS (2), SEED (1).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${2:-$ROOT/build/bench-calibration}
SHARED=${SHARED:-$ROOT/../shared}
PATHS=${PATHS:-2000}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
mkdir -p "$OUT"
python3 "$ROOT/bench/calibration_collections.py" "$OUT" "$SHARED"
cp "$SHARED/data/m3-yearly/m3_yearly_long.csv" "$OUT/m3.csv"
cp "$SHARED/data/m3-yearly/m3_yearly_meta.csv" "$OUT/m3_meta.csv"
Q="0.005"
for i in $(seq 1 99); do Q="$Q,$(printf '0.%02d' "$i")"; done
Q=$(echo "$Q,0.025,0.975,0.995" | tr ',' '\n' | sort -g | uniq | paste -sd, -)

cpu() {  # cpu FILE command...: runs it, writes user+sys seconds to FILE
  local file=$1; shift
  /usr/bin/env time -f "%U %S" -o "$OUT/time.tmp" "$@" > /dev/null
  read -r u s < "$OUT/time.tmp"
  python3 -c "print($u + $s)" > "$file"
}

PANELS=()
for spec in m3:stock m3_short8:stock sweden_pop:stock sweden_pop8:stock sweden_ghg:flow; do
  c=${spec%%:*}; kind=${spec##*:}
  if [ "${REUSE_R:-0}" != 1 ] || [ ! -f "$OUT/r_$c.csv" ]; then
    cpu "$OUT/r_$c.cpu" Rscript "$SHARED/tools/anchor_forecast.R" "$OUT/$c.csv" "$OUT/r_$c.csv" \
      ets,arima,theta
  fi
  cpu "$OUT/u_$c.cpu" "$BUILD/utsikt" forecast --input "$OUT/$c.csv" --output "$OUT/u_$c.csv" \
    --horizon-from-test --method auto --kind "$kind" --quantiles "$Q" --threads "$THREADS" \
    --paths "$PATHS" --seed "$SEED"
  before=()
  if [ -n "${BEFORE:-}" ]; then
    cpu "$OUT/b_$c.cpu" "$BEFORE" forecast --input "$OUT/$c.csv" --output "$OUT/b_$c.csv" \
      --horizon-from-test --method auto --kind "$kind" --quantiles "$Q" --threads "$THREADS" \
      --paths "$PATHS" --seed "$SEED"
    before=(--utsikt "${BEFORE_LABEL:-utsikt auto, M3 prior only}=$OUT/b_$c.csv")
  fi
  printf 'R ets+arima+theta\t%s\nutsikt auto\t%s\n' "$(cat "$OUT/r_$c.cpu")" \
    "$(cat "$OUT/u_$c.cpu")" > "$OUT/cpu_$c.txt"
  echo "## $c (CPU s: utsikt $(cat "$OUT/u_$c.cpu")${BEFORE:+, prior only $(cat "$OUT/b_$c.cpu")}, R ets+arima+theta $(cat "$OUT/r_$c.cpu"))"
  echo
  by=(); [ "$c" = m3 ] || [ "$c" = m3_short8 ] && by=(--by-category)
  python3 "$ROOT/bench/m3_metrics.py" --data "$OUT/$c.csv" --meta "$OUT/${c}_meta.csv" \
    --r "$OUT/r_$c.csv" --utsikt "utsikt auto=$OUT/u_$c.csv" "${before[@]}" "${by[@]}"
  echo
done
mkdir -p "$ROOT/docs/img"
M="$OUT/m3.csv,$OUT/m3_meta.csv,$OUT/r_m3.csv,$OUT/u_m3.csv"
python3 "$ROOT/bench/reliability_svg.py" --out "$ROOT/docs/img/reliability.svg" \
  --panel "M3 DEMOGRAPHIC=$M,DEMOGRAPHIC" --panel "M3 MICRO=$M,MICRO" \
  --panel "M3 INDUSTRY=$M,INDUSTRY" --panel "M3 MACRO=$M,MACRO" --panel "M3 FINANCE=$M,FINANCE" \
  --panel "Counties: population=$OUT/sweden_pop.csv,$OUT/sweden_pop_meta.csv,$OUT/r_sweden_pop.csv,$OUT/u_sweden_pop.csv" \
  --panel "Counties: GHG=$OUT/sweden_ghg.csv,$OUT/sweden_ghg_meta.csv,$OUT/r_sweden_ghg.csv,$OUT/u_sweden_ghg.csv"
echo "reliability diagram: docs/img/reliability.svg"
