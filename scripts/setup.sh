#!/usr/bin/env bash
# Installs hotplan's dependencies from Debian's archive.
#   scripts/setup.sh main   what the library and the CLI need (README's first command)
#   scripts/setup.sh all    that, plus what the tests, benchmarks, Python module,
#                           sanitizer build, fuzzers and browser test need (the default)
# Idempotent: apt-get runs only when a package is missing.
set -euo pipefail
set_name="${1:-all}"

main_packages=(
  build-essential cmake ninja-build
  libhowardhinnant-date-dev tzdata
  libboost-graph-dev nlohmann-json3-dev libcli11-dev libfmt-dev libsimdjson-dev
)
test_packages=(
  pkg-config doctest-dev libbenchmark-dev
  pybind11-dev python3-dev python3-pytest
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14
  chromium
)
case "$set_name" in
  main) packages=("${main_packages[@]}") ;;
  all) packages=("${main_packages[@]}" "${test_packages[@]}") ;;
  *) echo "setup: unknown package set '$set_name' (main or all)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present ($set_name)"
fi
