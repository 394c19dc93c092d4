#!/usr/bin/env bash
# Renders an utsikt HTML report (or a single SVG chart) to PNG with headless Chromium, to look at
# the report as a reader would (docs/report.md). Optional tool: install Chromium first with
#   scripts/setup.sh              (installs Debian's `chromium` with the other packages)
#
# Usage: scripts/render_report.sh FILE.html|FILE.svg OUT.png [WIDTH] [HEIGHT] [SKIP]
#   WIDTH/HEIGHT: window size in CSS pixels (default 1100 x 1600).
#   SKIP: pixels to skip from the top of an HTML page (to look further down a long report);
#   a temporary copy of the page with a negative top margin is rendered.
# Chromium makes no network requests for a self-contained report; background networking and
# updates are switched off.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 FILE.html|FILE.svg OUT.png [WIDTH] [HEIGHT]" >&2
  exit 1
fi
in=$(realpath "$1")
out=$(realpath -m "$2")
width=${3:-1100}
height=${4:-1600}
skip=${5:-0}
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "render_report.sh: Chromium not found; install it with: apt-get install -y chromium" >&2
  exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if [ "$skip" != "0" ]; then
  case "$in" in *.html) ;; *) echo "render_report.sh: SKIP needs an HTML file" >&2; exit 1 ;; esac
  sed "s|</head>|<style>html{margin-top:-${skip}px}</style></head>|" "$in" > "$profile/page.html"
  in="$profile/page.html"
fi
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$profile" --window-size="${width},${height}" \
  --screenshot="$out" "file://$in" >/dev/null 2>&1
test -s "$out"
echo "$out"
