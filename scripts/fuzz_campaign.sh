#!/usr/bin/env bash
# The long fuzzing campaign: every harness (or those named) for CPU_SECONDS of
# CPU time each, JOBS harnesses at once (default: every core), at low priority.
# CPU time, not wall time, because the machine may be shared: a harness is
# stopped (SIGINT, which makes libFuzzer print its final stats) once its process
# has used its budget. The budget is a total: CPU seconds and executions add up
# over runs in build-fuzz/campaign/<harness>.total, so a campaign cut short (or
# one harness's run ended by a finding, once fixed) is resumed by running the
# same command again. Low priority stretches wall time, so a unit is only
# reported as a timeout after 120 s (the short runs of scripts/fuzz.sh keep 10 s). New inputs grow build-fuzz/corpus/<harness>/; at the end
# each harness merges the inputs that reach new coverage into the committed
# corpus tests/fuzz/corpus/<harness>/ (libFuzzer -merge=1 keeps every committed
# file and adds only what adds features). Per harness, the CPU seconds,
# executions, coverage and features go to build-fuzz/campaign/summary.tsv.
#   JOBS=2 scripts/fuzz_campaign.sh CPU_SECONDS [HARNESS...]
# CPU_SECONDS 0 runs nothing: it merges what earlier runs grew and prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:?usage: scripts/fuzz_campaign.sh CPU_SECONDS [HARNESS...]}"
shift
jobs="${JOBS:-$(nproc)}"

harnesses=("$@")
# shellcheck source=scripts/fuzz_common.sh
source scripts/fuzz_common.sh
build_fuzz_harnesses
mkdir -p build-fuzz/campaign
ticks="$(getconf CLK_TCK)"

# CPU seconds (user + system) used so far by process $1, or nothing once it is gone.
cpu_seconds() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  # Fields after the command name (which is in parentheses): utime and stime are 12th and 13th.
  awk -v ticks="$ticks" '{ print int(($12 + $13) / ticks) }' <<<"${stat##*) }"
}

run_harness() {
  local name="$1" log="build-fuzz/campaign/$1.log" used=0 now rc=0 earlier_cpu=0 earlier_executions=0
  local total="build-fuzz/campaign/$name.total"
  [ -f "$total" ] && read -r earlier_cpu earlier_executions <"$total"
  local left=$((budget - earlier_cpu))
  if [ "$left" -le 0 ]; then
    echo "campaign: $name: ${earlier_cpu} s CPU already"
    return 0
  fi
  mkdir -p "build-fuzz/corpus/$name"
  fuzz_options_for "$name"
  # The wall-clock limit is only a backstop; the CPU budget below stops the run.
  # With the kernel's autogroups (Debian's default) `nice` only ranks the processes of one
  # session: against a build started elsewhere the fuzzers would still take half the
  # machine. So each runs in a session of its own whose group is lowered too.
  setsid nice -n 10 "build-fuzz/bin/fuzz_$name" -max_total_time=$((left * 20)) "${fuzz_options[@]}" -timeout=120 \
    "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" 2>>"$log" &
  local pid=$!
  echo 10 >"/proc/$pid/autogroup" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    now="$(cpu_seconds "$pid")"
    [ -n "$now" ] && used="$now"  # the last reading before the process ends
    if [ "$used" -ge "$left" ]; then
      kill -INT "$pid" 2>/dev/null || true
      break
    fi
    sleep 5
  done
  wait "$pid" || rc=$?
  # 72 is libFuzzer's exit code for an interrupted (here: budget spent) run.
  local result=ok
  [ "$rc" -eq 0 ] || [ "$rc" -eq 72 ] || result="finding (exit $rc): see $log and build-fuzz/artifacts/"
  local executions coverage features
  executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1 || true)"
  coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)"
  features="$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)"
  used=$((earlier_cpu + ${used:-0}))
  executions=$((earlier_executions + ${executions:-0}))
  echo "$used $executions" >"$total"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$used" "$executions" "${coverage:-?}" "${features:-?}" \
    "$result" >"build-fuzz/campaign/$name.tsv"
  echo "campaign: $name: ${used} s CPU, $executions executions in all, cov ${coverage:-?}, ft ${features:-?}: $result"
}

for name in "${harnesses[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_harness "$name" &
done
wait

status=0
printf 'harness\tcpu_seconds\texecutions\tcoverage\tfeatures\tresult\n' >build-fuzz/campaign/summary.tsv
for name in "${harnesses[@]}"; do
  [ -f "build-fuzz/campaign/$name.tsv" ] || continue  # not run yet
  cat "build-fuzz/campaign/$name.tsv" >>build-fuzz/campaign/summary.tsv
  grep -q $'\tok$' "build-fuzz/campaign/$name.tsv" || status=1
  fuzz_options_for "$name"
  before="$(find "tests/fuzz/corpus/$name" -type f | wc -l)"
  "build-fuzz/bin/fuzz_$name" -merge=1 "${fuzz_options[@]}" "tests/fuzz/corpus/$name" "build-fuzz/corpus/$name" \
    2>"build-fuzz/campaign/$name-merge.log" || { echo "campaign: $name: merge failed" >&2; status=1; }
  after="$(find "tests/fuzz/corpus/$name" -type f | wc -l)"
  echo "campaign: $name: corpus $before -> $after files, $(du -sh "tests/fuzz/corpus/$name" | cut -f1)"
done
column -t -s $'\t' build-fuzz/campaign/summary.tsv
exit "$status"
