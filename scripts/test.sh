#!/usr/bin/env bash
# Every test: set up, build, run the doctest and pytest suites through ctest;
# then the doctest suite and corpus replays again in one clang build with
# AddressSanitizer + UndefinedBehaviorSanitizer (build-fuzz/), and a short run of
# every libFuzzer harness from that same build.
# HOTPLAN_FUZZ_SECONDS sets the run per harness (default 10; 0 skips fuzzing);
# HOTPLAN_SKIP_SANITIZERS=1 skips the sanitizer build and fuzzing for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
# Runs one stage and says how long it took (the README quotes these figures).
stage() {
  local name="$1" start=$SECONDS
  shift
  "$@"
  echo "test.sh: stage '$name' took $((SECONDS - start)) s"
}
stage setup bash scripts/setup.sh all
stage build bash scripts/build.sh all
stage ctest ctest --test-dir build --output-on-failure --parallel "$(nproc)"

if [ "${HOTPLAN_SKIP_SANITIZERS:-0}" = 1 ]; then
  exit 0
fi

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
[ -f build-fuzz/CMakeCache.txt ] && generator=()
# shellcheck source=scripts/fuzz_common.sh
source scripts/fuzz_common.sh
cmake -S . -B build-fuzz "${generator[@]}" "${fuzz_configure_options[@]}" -DHOTPLAN_BUILD_TESTS=ON
stage sanitizer-build cmake --build build-fuzz --parallel "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  stage sanitizer-ctest ctest --test-dir build-fuzz --output-on-failure --parallel "$(nproc)"

fuzz_seconds="${HOTPLAN_FUZZ_SECONDS:-10}"
if [ "$fuzz_seconds" != 0 ]; then
  stage fuzz bash scripts/fuzz.sh "$fuzz_seconds"
fi
