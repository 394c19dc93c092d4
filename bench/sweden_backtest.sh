#!/usr/bin/env bash
# Swedish follow-up backtests (issue 11): builds the sets, runs `utsikt forecast` on each with
# every variant the binary supports, scores them. Run from the repository root after
#   cmake --build build -j2 --target utsikt
#
#   bench/sweden_backtest.sh
#
# Environment: UTSIKT (binary, default build/utsikt), OUT (default build/sweden-backtest),
# SWEDEN_DATA (default ../shared/data/sweden), PATHS (2000), SEED (1), THREADS (2),
# REFERENCE=1 to add the Python reference forecasts of bench/sweden_reference.py (the model with
# the learned priors; several minutes of CPU), ENGINE (default: sweden_engine beside the binary)
# for the held-out class-prior rows "prior-oot" and "prior-loco" (bench/sweden_heldout.py).
# Variants: "default" (no option: the M3 prior for short series) always; "prior" (--prior CLASS,
# CLASS = the set's class column), "pool" (--pool) and "pool+prior" only if `utsikt forecast
# --help` lists the option. Outputs: OUT/forecasts/SET.VARIANT.csv, OUT/results.md (also
# printed). Python standard library only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${UTSIKT:-build/utsikt}
OUT=${OUT:-build/sweden-backtest}
PATHS=${PATHS:-2000}
SEED=${SEED:-1}
THREADS=${THREADS:-2}
export SWEDEN_DATA=${SWEDEN_DATA:-$(cd .. && pwd)/shared/data/sweden}
[ -x "$BIN" ] || { echo "no binary $BIN: cmake --build build --target utsikt" >&2; exit 2; }

# 0.01, 0.02, ..., 0.99 and the 95 % interval's 0.025 and 0.975
QUANTILES=$(python3 -c '
qs = sorted(set([round(k / 100, 2) for k in range(1, 100)] + [0.025, 0.975]))
print(",".join(f"{q:g}" for q in qs))')

python3 bench/sweden_backtest.py --out "$OUT"
mkdir -p "$OUT/forecasts"
rm -f "$OUT"/forecasts/*.csv "$OUT"/forecasts/*.log

HELP=$("$BIN" forecast --help)
VARIANTS=(default)
has_prior=0; has_pool=0
grep -Eq -- '(^|[[:space:],])--prior([[:space:],=]|$)' <<<"$HELP" && has_prior=1
grep -Eq -- '(^|[[:space:],])--pool([[:space:],=]|$)' <<<"$HELP" && has_pool=1
[ $has_prior = 1 ] && VARIANTS+=(prior)
[ $has_pool = 1 ] && VARIANTS+=(pool)
[ $has_prior = 1 ] && [ $has_pool = 1 ] && VARIANTS+=(pool+prior)
echo "# $BIN forecast supports: ${VARIANTS[*]}"

# set,file,class,kind,points,train_years,test_years,horizon,horizon_option
tail -n +2 "$OUT/sets.csv" | while IFS=, read -r set file class kind _ _ _ _ hopt; do
  for v in "${VARIANTS[@]}"; do
    extra=()
    case $v in
      prior) extra=(--prior "$class") ;;
      pool) extra=(--pool --pool-exclude region) ;;
      pool+prior) extra=(--pool --pool-exclude region --prior "$class") ;;
    esac
    # shellcheck disable=SC2086  # hopt is "--horizon-from-test" or "--horizon H"
    if ! "$BIN" forecast --input "$OUT/$file" --output "$OUT/forecasts/$set.$v.csv" \
        $hopt --kind "$kind" --quantiles "$QUANTILES" --seed "$SEED" --paths "$PATHS" \
        --threads "$THREADS" "${extra[@]}" >"$OUT/forecasts/$set.$v.log" 2>&1; then
      echo "FAILED: $set $v (see $OUT/forecasts/$set.$v.log)" >&2
    fi
  done
done

# Class priors held out of the test (out of time; leave one county out), through the engine
# (bench/sweden_heldout.py, bench/sweden_engine.cpp; needs -DUTSIKT_BUILD_BENCH=ON).
ENGINE=${ENGINE:-$(dirname "$BIN")/sweden_engine}
if [ -x "$ENGINE" ]; then
  python3 bench/sweden_heldout.py --dir "$OUT" --engine "$ENGINE" --paths "$PATHS" --seed "$SEED" \
    >"$OUT/heldout_priors.md"
  VARIANTS+=(prior-oot prior-loco)
else
  echo "# no $ENGINE (cmake -DUTSIKT_BUILD_BENCH=ON): held-out class-prior rows skipped" >&2
fi

if [ "${REFERENCE:-0}" = 1 ]; then
  python3 bench/sweden_reference.py --dir "$OUT"
  VARIANTS+=(ref-prior ref-prior-all ref-pool ref-pool-m0)
fi

python3 bench/sweden_score.py --dir "$OUT" --variants "$(IFS=,; echo "${VARIANTS[*]}")"
