#!/usr/bin/env bash
# The main job: install what the CLI needs, build only the library and the CLI,
# and plan the bundled example fleet. Extra arguments go to `hotplan plan`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh main
bash scripts/build.sh main
./build/bin/hotplan plan --fleet data/examples/fleet.json --from 2025-10 --months 12 "$@"
