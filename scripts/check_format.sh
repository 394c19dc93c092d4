#!/usr/bin/env bash
# Checks that every C++ file of the repository follows .clang-format (Google style, 100 columns).
# Exit 1 with the offending files listed; fix them with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find core models io engine scenarios outputs cli tests bench -name '*.cpp' -o -name '*.hpp')
bad=()
for f in $files; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check_format: ${#bad[@]} file(s) do not follow .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i" >&2
  exit 1
fi
echo "check_format: $(echo "$files" | wc -w) files follow .clang-format"
