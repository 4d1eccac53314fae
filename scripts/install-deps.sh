#!/usr/bin/env bash
# Installs the Debian 12 packages Bluebird needs to build, test and benchmark, skipping those
# already present. Safe to run repeatedly. Needs root (or sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git ca-certificates
  # libraries (Boost 1.81, not the default 1.74)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libjemalloc-dev
  # registrable email domains (duplicate and self-referral checks)
  libpsl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 curl wrk nginx-light sqlite3
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
