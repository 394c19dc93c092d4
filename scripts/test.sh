#!/usr/bin/env bash
# Installs what is needed, checks the C++ formatting (scripts/check_format.sh), builds utsikt
# with its tests and runs every test (CTest). Then, with
# clang, a second build with AddressSanitizer + UndefinedBehaviorSanitizer runs the whole test
# suite again, and every libFuzzer target runs for a few seconds from its committed seed
# corpus (docs/errors.md, docs/bad-inputs.md).
#
# Environment:
#   UTSIKT_SANITIZE=0      skip the sanitizer build, its tests and the fuzz run
#   UTSIKT_FUZZ_SECONDS=N  seconds per fuzz target (default 5; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/check_format.sh
jobs="$(nproc)"
start=$SECONDS

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DUTSIKT_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
echo "== normal build and tests: $((SECONDS - start)) s"

[ "${UTSIKT_SANITIZE:-1}" = 0 ] && exit 0

# Sanitizer build: -O1 keeps it fast; the same build holds the fuzz targets (the library is
# also instrumented for libFuzzer's coverage, which costs the tests little).
t0=$SECONDS
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DUTSIKT_BUILD_TESTS=ON \
  -DUTSIKT_SANITIZE=ON -DUTSIKT_FUZZ=ON >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j"$jobs"
echo "== sanitizer build and tests: $((SECONDS - t0)) s"

# Short fuzz run of every target from its committed corpus; new inputs go to a scratch folder,
# so the committed corpus is never modified. A crash fails the script (set -e).
t0=$SECONDS
seconds="${UTSIKT_FUZZ_SECONDS:-5}"
if [ "$seconds" != 0 ]; then
  scratch="build-asan/fuzz-run"
  rm -rf "$scratch"
  mkdir -p "$scratch/artifacts"
  for bin in $(find build-asan -maxdepth 3 -type f -name '*_fuzz' -perm -u+x | sort); do
    name="$(basename "$bin" _fuzz)"
    corpus="tests/fuzz/corpus/$name"
    [ -d "$corpus" ] || { echo "no seed corpus $corpus for $bin" >&2; exit 1; }
    dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
    mkdir -p "$scratch/$name"
    echo "== fuzz $name for $seconds s"
    "$bin" "$scratch/$name" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=30 \
      -rss_limit_mb=2048 -artifact_prefix="$scratch/artifacts/$name-" -print_final_stats=1 \
      2>"$scratch/$name.log" || { tail -n 60 "$scratch/$name.log" >&2; exit 1; }
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$scratch/$name.log" || true
  done
fi
echo "== fuzzing: $((SECONDS - t0)) s; total: $((SECONDS - start)) s"
