#!/usr/bin/env bash
# Installs hotplan's build and test dependencies from Debian's archive.
# Idempotent: apt-get runs only when a package is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libhowardhinnant-date-dev tzdata
  libboost-graph-dev nlohmann-json3-dev doctest-dev libbenchmark-dev
  libcli11-dev libfmt-dev
  pybind11-dev python3-dev python3-pytest
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14
  chromium
)

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
  echo "setup: all packages present"
fi
