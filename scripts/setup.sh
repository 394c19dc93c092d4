#!/usr/bin/env bash
# Installs what utsikt needs on Debian 12 (idempotent; run as root or with sudo).
# Everything comes from Debian packages; nothing is downloaded at build or run time.
#   scripts/setup.sh              the build, test and run dependencies
#   scripts/setup.sh --optional   (kept for compatibility: Chromium is now a default package)
#   scripts/setup.sh --bench      also R and its forecast package, the reference of the M3
#                                 benchmark (bench/m3_benchmark.sh); never a test dependency
# Chromium, Node.js and npm are for the real-browser test of `utsikt serve` (tests/browser; its
# npm packages come from the committed package-lock.json through scripts/browser_deps.sh).
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-math-dev libcli11-dev
  googletest libgtest-dev libgmock-dev
  libtomlplusplus-dev nlohmann-json3-dev libnlopt-cxx-dev
  libxlsxwriter-dev zlib1g-dev libcurl4-openssl-dev
  clang libclang-rt-14-dev clang-format
  python3 unzip
  libcpp-httplib-dev chromium nodejs
)
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(r-base-core r-cran-forecast time)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
bash "$(dirname "$0")/browser_deps.sh"
