#!/usr/bin/env bash
# Configures and builds hotplan into build/ (the CLI lands at build/bin/hotplan).
#   scripts/build.sh main   the library and the CLI only: what `hotplan plan` needs
#   scripts/build.sh all    everything: tests, benchmarks, Python module (the default)
# Both use the same build directory, so `all` after `main` reuses the library.
set -euo pipefail
cd "$(dirname "$0")/.."
set_name="${1:-all}"
case "$set_name" in
  main) on=OFF ;;
  all) on=ON ;;
  *) echo "build: unknown set '$set_name' (main or all)" >&2; exit 2 ;;
esac
generator=()
[ -f build/CMakeCache.txt ] || { command -v ninja >/dev/null 2>&1 && generator=(-G Ninja); }
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -g1 (line tables and functions): enough for profiles and backtraces, and a third
# less compile time than full debug information; the code is the same as -g's.
cmake -S . -B build "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DHOTPLAN_BUILD_CLI=ON \
  -DHOTPLAN_BUILD_TESTS="$on" -DHOTPLAN_BUILD_BENCH="$on" -DHOTPLAN_BUILD_PYTHON="$on" >/dev/null
if [ "$set_name" = main ]; then
  cmake --build build --parallel "$(nproc)" --target hotplan_cli
else
  cmake --build build --parallel "$(nproc)"
fi
