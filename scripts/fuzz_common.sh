# shellcheck shell=bash
# Sourced by scripts/fuzz.sh and scripts/fuzz_campaign.sh: one place for how the
# libFuzzer harnesses of tests/fuzz are built and run.

# How build-fuzz/ is configured, shared with scripts/test.sh. Line tables only:
# enough for symbolised sanitizer reports, and a third less compile time than -g.
fuzz_configure_options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG"
  -DCMAKE_CXX_COMPILER=clang++-14 -DHOTPLAN_FUZZ=ON -DHOTPLAN_BUILD_BENCH=OFF -DHOTPLAN_BUILD_PYTHON=OFF)

# Configures build-fuzz/ (clang++-14, ASan + UBSan, HOTPLAN_FUZZ=ON), builds the
# harnesses named in the array `harnesses` (every harness when it is empty) and
# leaves their names in it. Configured every time (cheap) so that a newly added
# harness is in the list. scripts/test.sh configures the same directory with the
# doctest suite on, so that one clang build serves both the sanitizer suite and the fuzzers.
build_fuzz_harnesses() {
  local generator=() tests=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  [ -f build-fuzz/CMakeCache.txt ] && generator=()
  [ -f build-fuzz/CMakeCache.txt ] || tests=(-DHOTPLAN_BUILD_TESTS=OFF)
  cmake -S . -B build-fuzz "${generator[@]}" "${tests[@]}" "${fuzz_configure_options[@]}" >/dev/null
  if [ ${#harnesses[@]} -eq 0 ]; then
    IFS=";" read -r -a harnesses <build-fuzz/fuzz_harnesses.txt || true  # no trailing newline
  fi
  # Only the harnesses: the CLI is not needed here.
  cmake --build build-fuzz --parallel "$(nproc)" --target "${harnesses[@]/#/fuzz_}"
  mkdir -p build-fuzz/artifacts
}

# The options every run of harness $1 takes, in the array `fuzz_options`.
# -rss_limit_mb: a 2 GB ceiling so that an input which makes hotplan allocate
# without bound is reported, not left to the OOM killer.
fuzz_options_for() {
  fuzz_options=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
    "-artifact_prefix=build-fuzz/artifacts/$1-")
  [ -f "tests/fuzz/$1.dict" ] && fuzz_options+=("-dict=tests/fuzz/$1.dict")
  return 0
}
