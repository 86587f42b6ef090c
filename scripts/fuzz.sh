#!/usr/bin/env bash
# Builds every libFuzzer harness of tests/fuzz (clang++-14, ASan + UBSan) into
# build-fuzz/ and runs each for SECONDS (default 60), one per core at a time.
# New interesting inputs go to build-fuzz/corpus/<harness>/ (the committed seed
# corpus tests/fuzz/corpus/<harness>/ is only read); a crash leaves its input in
# build-fuzz/artifacts/ and fails the script: fix the bug, then copy the input
# into tests/fuzz/corpus/<harness>/ as a regression.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

harnesses=("$@")
# shellcheck source=scripts/fuzz_common.sh
source scripts/fuzz_common.sh
build_fuzz_harnesses
# Runs harness $1 for $seconds; its log says how it went.
run_harness() {
  local name="$1"
  mkdir -p "build-fuzz/corpus/$name"
  fuzz_options_for "$name"
  "build-fuzz/bin/fuzz_$name" -max_total_time="$seconds" "${fuzz_options[@]}" "build-fuzz/corpus/$name" \
    "tests/fuzz/corpus/$name" 2>"build-fuzz/fuzz-$name.log"
}

# One harness per core at a time (each is single-threaded); results in harness order.
declare -A pid_of
for name in "${harnesses[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  echo "fuzz: $name for ${seconds}s"
  run_harness "$name" &
  pid_of[$name]=$!
done
status=0
for name in "${harnesses[@]}"; do
  if ! wait "${pid_of[$name]}"; then
    echo "fuzz: $name FAILED; see build-fuzz/fuzz-$name.log and build-fuzz/artifacts/" >&2
    tail -n 40 "build-fuzz/fuzz-$name.log" >&2
    status=1
  else
    echo -n "fuzz: $name: "
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done" "build-fuzz/fuzz-$name.log" | tr '\n' ' '
    echo
  fi
done
exit "$status"
