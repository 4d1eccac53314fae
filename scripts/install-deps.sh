#!/usr/bin/env bash
# Installs the Debian 12 packages Bluebird needs to build, test and benchmark, skipping those
# already present, then the npm packages pinned in package-lock.json (data compiled into the
# binary) when node_modules is missing or older than the lockfile. Safe to run repeatedly. Needs
# root (or sudo) for apt only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

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
# npm installs the packages of package-lock.json; any npm on PATH will do (it may be newer than
# Debian's), so Debian's is installed only when there is none.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# npm ci rewrites node_modules/.package-lock.json, so it is newer than the lockfile after each
# install. --ignore-scripts: the packages are data; no install script may run (or download).
installed="$root/node_modules/.package-lock.json"
if [ ! -e "$installed" ] || [ "$root/package-lock.json" -nt "$installed" ]; then
  echo "install-deps: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
else
  echo "install-deps: npm packages present"
fi
