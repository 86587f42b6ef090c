#!/usr/bin/env bash
# The differential check on demand: N random machines (both products, every
# month with a stated kind as a starting point), 24 months each, through
# `hotplan plan --json` and the independent model of tests/model/; prints the
# figures, any disagreement as a ready-to-paste fixture, and exits 1 on one.
# Usage: scripts/model_check.sh N [SEED]   (no SEED: a random one, printed)
# The CLI is HOTPLAN_CLI, else build/bin/hotplan (bash scripts/build.sh main builds it).
# MODEL_CHECK_DUMP=FILE writes every disagreement (fixtures) to FILE as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/model_check.sh N [SEED]" >&2
  exit 2
fi
cli="${HOTPLAN_CLI:-build/bin/hotplan}"
if [ ! -x "$cli" ]; then
  echo "model_check.sh: no CLI at $cli: run 'bash scripts/build.sh main' or set HOTPLAN_CLI" >&2
  exit 2
fi
args=("$@" --cli "$cli")
[ -n "${MODEL_CHECK_DUMP:-}" ] && args+=(--dump "$MODEL_CHECK_DUMP")
exec python3 tests/model/differential.py "${args[@]}"
