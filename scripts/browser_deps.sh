#!/usr/bin/env bash
# Installs the npm packages of the real-browser test (tests/browser: puppeteer-core, which drives
# Debian's Chromium; no browser is downloaded) from the committed package-lock.json. Called by
# scripts/setup.sh; idempotent.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
if ! command -v npm >/dev/null; then
  # Debian's nodejs comes without npm (a build of Node.js from elsewhere may bundle it).
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi
if [ -f node_modules/puppeteer-core/package.json ] &&
   [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
