#!/usr/bin/env bash
# The main job: set up, build, and plan the bundled example fleet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/bin/hotplan plan --fleet data/examples/fleet.json --from 2025-10 --months 12 "$@"
