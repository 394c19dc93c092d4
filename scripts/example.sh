#!/usr/bin/env bash
# Installs what is needed, builds utsikt and runs the Norrbotten RUS 2030 example end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target utsikt
./build/utsikt run examples/norrbotten-rus2030/project.toml "$@"
