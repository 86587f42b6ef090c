#!/usr/bin/env bash
# Builds every libFuzzer harness of tests/fuzz (clang++-14, ASan + UBSan) into
# build-fuzz/ and runs each for SECONDS (default 60), one after the other.
# New interesting inputs go to build-fuzz/corpus/<harness>/ (the committed seed
# corpus tests/fuzz/corpus/<harness>/ is only read); a crash leaves its input in
# build-fuzz/artifacts/ and fails the script: fix the bug, then copy the input
# into tests/fuzz/corpus/<harness>/ as a regression.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
[ -f build-fuzz/CMakeCache.txt ] && generator=()
# Configured every time (cheap) so that a newly added harness is in the list below.
# scripts/test.sh configures the same directory with the doctest suite on, so that one
# clang build with ASan + UBSan serves both the sanitizer suite and the fuzzers.
tests=()
[ -f build-fuzz/CMakeCache.txt ] || tests=(-DHOTPLAN_BUILD_TESTS=OFF)
cmake -S . -B build-fuzz "${generator[@]}" "${tests[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DHOTPLAN_FUZZ=ON -DHOTPLAN_BUILD_BENCH=OFF -DHOTPLAN_BUILD_PYTHON=OFF >/dev/null
if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  IFS=";" read -r -a harnesses <build-fuzz/fuzz_harnesses.txt || true  # no trailing newline
fi
# Only the harnesses: the CLI is not needed here.
cmake --build build-fuzz --parallel "$(nproc)" --target "${harnesses[@]/#/fuzz_}"
mkdir -p build-fuzz/artifacts
status=0
for name in "${harnesses[@]}"; do
  mkdir -p "build-fuzz/corpus/$name"
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  echo "fuzz: $name for ${seconds}s"
  # -rss_limit_mb: a 2 GB ceiling so that an input which makes hotplan allocate
  # without bound is reported, not left to the OOM killer.
  if ! "build-fuzz/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$name-" "${dict[@]}" \
      "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" 2>"build-fuzz/fuzz-$name.log"; then
    echo "fuzz: $name FAILED; see build-fuzz/fuzz-$name.log and build-fuzz/artifacts/" >&2
    tail -n 40 "build-fuzz/fuzz-$name.log" >&2
    status=1
  else
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done" "build-fuzz/fuzz-$name.log" | tr '\n' ' '
    echo
  fi
done
exit "$status"
